// `gosplan io MODEL --by-region` (docs/io.md, "By region"): the output each region's final demand
// needs under the model's national technology (include/gosplan/io_regions.h).
#pragma once

#include <optional>
#include <string>

#include "gosplan/csv_dialect.h"
#include "gosplan/leontief.h"

namespace gosplan::cli {

// Loads the model folder, builds its IO table and prints AnalyseIoByRegion in `format` (text,
// table, csv or json); returns the exit code (2 for a table file or a model without regions).
int RunIoByRegion(const std::string& model_folder, const IoAnalysisOptions& options,
                  const std::optional<CsvDialect>& dialect, bool no_cache,
                  const std::string& format, bool quiet);

}  // namespace gosplan::cli
