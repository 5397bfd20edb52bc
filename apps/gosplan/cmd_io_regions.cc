// `gosplan io MODEL --by-region` (cmd_io_regions.h): flags are parsed by cmd_io.cc.
#include "cmd_io_regions.h"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>

#include "cli_output.h"
#include "gosplan/io_regions.h"
#include "gosplan/io_table.h"
#include "gosplan/model.h"

namespace gosplan::cli {

int RunIoByRegion(const std::string& model_folder, const IoAnalysisOptions& options,
                  const std::optional<CsvDialect>& dialect, bool no_cache,
                  const std::string& format, bool quiet) {
  std::error_code ignored;
  if (!std::filesystem::is_directory(model_folder, ignored)) {
    return ReportFailure(Status::InvalidInput(
        model_folder, 0, 0, "--by-region needs a model folder, not a table file",
        "gosplan io MODEL_FOLDER --by-region (a model with regions.csv)"));
  }
  LoadOptions load_options;
  SetCacheOptions(load_options, no_cache);
  load_options.csv = dialect;
  Reporter().StartPhase("load", model_folder);
  auto model = LoadModel(model_folder, load_options);
  if (!model.ok()) return ReportFailure(model.status());
  auto table = IoTableFromModel(model.value());
  if (!table.ok()) return ReportFailure(table.status());
  Reporter().StartPhase("solve", "Leontief analysis per region");
  auto io = AnalyseIoByRegion(model.value(), table.value(), options);
  if (!io.ok()) return ReportFailure(io.status());
  Progress(quiet, fmt::format("{} regions: sum of the regions' output = national output within "
                              "{:.3g} (relative)",
                              io->regions.size(), io->identity_gap));
  Reporter().StartPhase("write");
  const std::string text = format == "json"  ? RegionalIoJson(io.value())
                           : format == "csv" ? RegionalIoCsv(io.value())
                                             : RegionalIoText(io.value());
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    std::fputs("gosplan io: cannot write the output\n", stderr);
    return kInternalFailure;
  }
  return kSuccess;
}

}  // namespace gosplan::cli
