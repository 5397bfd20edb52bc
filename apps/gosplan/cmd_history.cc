// `gosplan history PLAN`: the plan versions, actuals batches and re-plans recorded in the history
// database beside PLAN (include/gosplan/history.h).
#include <fmt/format.h>

#include <memory>

#include "cli_output.h"
#include "gosplan/history.h"

namespace gosplan::cli {
namespace {

struct HistoryFlags {
  std::string plan_folder;
  std::string format = "text";
  bool quiet = false;
};

int RunHistory(const HistoryFlags& flags) {
  if (flags.format != "text" && flags.format != "json" && flags.format != "csv") {
    return ReportFailure(Status::InvalidInput(
        "--format", 0, 0, "unknown format '" + flags.format + "'", "text, json or csv"));
  }
  const std::string database = HistoryDatabasePath(flags.plan_folder);
  Progress(flags.quiet, "reading " + database);
  auto listing = ReadHistory(database);
  if (!listing.ok()) return ReportFailure(listing.status());
  fmt::print("{}", flags.format == "json"  ? HistoryJson(listing.value())
                   : flags.format == "csv" ? HistoryCsv(listing.value())
                                           : HistoryTextReport(listing.value()));
  return kSuccess;
}

}  // namespace

void RegisterHistoryCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<HistoryFlags>();
  CLI::App* command = app.add_subcommand(
      "history",
      "The plan versions, actuals batches and re-plans recorded beside a plan folder "
      "(PLAN/../gosplan-history.sqlite)");
  command->add_option("PLAN", flags->plan_folder, "a plan folder (its history lies beside it)")
      ->required();
  command
      ->add_option("--format", flags->format,
                   "text, json (the document gosplan.history/1) or csv (one row per record)")
      ->capture_default_str();
  AddQuietAndProgressFlags(command, &flags->quiet);
  command->callback([flags, &exit_code] { exit_code = RunHistory(*flags); });
}

}  // namespace gosplan::cli
