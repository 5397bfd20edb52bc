// Actuals batches: what enterprises reported, read against a loaded model. One reader serves
// `gosplan track` (include/gosplan/track.h), `gosplan replan` (include/gosplan/replan.h) and the
// history database (include/gosplan/history.h).
#pragma once

#include <string>
#include <vector>

#include "gosplan/csv_dialect.h"
#include "gosplan/model.h"
#include "gosplan/status.h"

namespace gosplan {

// Reads an actuals file in the layout of the model's actuals table (docs/model-format.md:
// enterprise, product, year, quantity; further columns only when their names start with "note",
// as in every model table) in `dialect`, against `model`. Every bad row is reported
// (file:line:column: unknown enterprise or product, a year outside the plan, a negative,
// non-numeric or out-of-range (above 1e20) quantity, a duplicate (enterprise, product, year)),
// up to the diagnostics' cap; the batch is returned only when there is none: a malformed batch is
// refused whole. Years come back as the model's plan years t = year − base_year.
Result<std::vector<Actual>> ReadActualsFile(const Model& model, const std::string& path,
                                            const CsvDialect& dialect = {});

}  // namespace gosplan
