// `gosplan track MODEL PLAN [--actuals FILE] [--record]`: the plan's fulfilment by reported output
// (include/gosplan/track.h); with --record the actuals batch goes into the history database beside
// the plan (include/gosplan/history.h).
#include <fmt/format.h>

#include <memory>

#include "cli_output.h"
#include "clock.h"
#include "gosplan/history.h"
#include "gosplan/plan.h"
#include "gosplan/track.h"

namespace gosplan::cli {
namespace {

struct TrackFlags {
  std::string model_folder;
  std::string plan_folder;
  std::string actuals_path;
  std::string format = "text";
  bool record = false;
  std::string time;
  bool quiet = false;
};

int ReportTrackFailure(const Status& status) {
  FailureWording wording;
  wording.consequence = "nothing was tracked or recorded";
  return ReportFailure(status, wording);
}

int RunTrack(const TrackFlags& flags) {
  if (flags.format != "text" && flags.format != "json" && flags.format != "csv") {
    return ReportTrackFailure(Status::InvalidInput(
        "--format", 0, 0, "unknown format '" + flags.format + "'", "text, json or csv"));
  }
  LoadOptions load_options;
  SetCacheOptions(load_options, false);
  Progress(flags.quiet, "loading " + flags.model_folder + " and the plan " + flags.plan_folder);
  auto loaded = LoadModelAndPlan(flags.model_folder, flags.plan_folder, load_options);
  if (!loaded.ok()) return ReportTrackFailure(loaded.status());
  const Model* model = &loaded->model;
  const Plan* plan = &loaded->plan;
  if (!HasPlan(plan->status)) {
    return ReportTrackFailure(
        Status::InvalidInput(flags.plan_folder + "/summary.json", 0, 0,
                             fmt::format("the plan has status '{}' and holds no targets to track",
                                         ToString(plan->status)),
                             "an optimal or approximate plan folder"));
  }
  std::vector<Actual> actuals = model->actuals;
  std::string source = flags.model_folder + " (the model's actuals)";
  if (!flags.actuals_path.empty()) {
    auto read = ReadActualsFile(*model, flags.actuals_path);
    if (!read.ok()) return ReportTrackFailure(read.status());
    actuals = std::move(read.value());
    source = flags.actuals_path;
  }
  auto report = TrackFulfilment(*model, *plan, actuals);
  if (!report.ok()) return ReportTrackFailure(report.status());
  if (flags.record) {
    const std::string database = HistoryDatabasePath(flags.plan_folder);
    const std::string time = flags.time.empty() ? CurrentTimeText() : flags.time;
    auto version = RecordPlanVersion(database, flags.plan_folder, time);
    if (!version.ok()) return ReportTrackFailure(version.status());
    auto batch = RecordActualsBatch(database, *model, actuals, source, version->id, time);
    if (!batch.ok()) return ReportTrackFailure(batch.status());
    Progress(
        flags.quiet,
        batch->inserted
            ? fmt::format("recorded actuals batch #{} ({} rows) against plan version #{} in {}",
                          batch->id, actuals.size(), version->id, database)
            : fmt::format("actuals batch #{} was recorded before in {}; nothing changed", batch->id,
                          database));
  }
  fmt::print("{}", flags.format == "json"  ? TrackJson(*model, report.value())
                   : flags.format == "csv" ? TrackCsv(*model, report.value())
                                           : TrackTextReport(*model, report.value()));
  return kSuccess;
}

}  // namespace

void RegisterTrackCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<TrackFlags>();
  CLI::App* command = app.add_subcommand(
      "track",
      "Fulfilment of a plan by reported output: planned, reported and % per enterprise, product "
      "and year, per product and sector group; reports the model says are impossible");
  command->add_option("MODEL", flags->model_folder, "model folder (model.toml + tables)")
      ->required()
      ->check(CLI::ExistingDirectory);
  command->add_option("PLAN", flags->plan_folder, "plan folder written by `gosplan plan --out`")
      ->required();
  command->add_option("--actuals", flags->actuals_path,
                      "reported output in the layout of the model's actuals.csv (enterprise, "
                      "product, year, quantity; default: the model's own actuals table)");
  command
      ->add_option("--format", flags->format,
                   "text, json (the document gosplan.track/1) or csv (one row per enterprise, "
                   "product and year)")
      ->capture_default_str();
  command->add_flag(
      "--record", flags->record,
      "record the plan version and the actuals batch in the history database beside "
      "the plan (PLAN/../gosplan-history.sqlite; the same batch again changes nothing)");
  command->add_option("--time", flags->time,
                      "the time --record writes (ISO 8601 text; default: now, UTC)");
  AddQuietAndProgressFlags(command, &flags->quiet);
  command->callback([flags, &exit_code] { exit_code = RunTrack(*flags); });
}

}  // namespace gosplan::cli
