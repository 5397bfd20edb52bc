// `gosplan replan MODEL PLAN --actuals A.csv --from YEAR --out NEW_PLAN`: the remaining years of a
// plan re-optimised from the actual state (include/gosplan/replan.h; docs/replanning.md).
#include <fmt/format.h>

#include <string>
#include <vector>

#include "cli_output.h"
#include "clock.h"
#include "gosplan/history.h"
#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "gosplan/replan.h"
#include "plan_flags.h"

namespace gosplan::cli {
namespace {

struct ReplanFlags {
  std::string model_folder;
  std::string plan_folder;
  std::string actuals_path;
  std::string out_folder;
  int from_year = 0;
  int freeze = 0;
  int extend = 0;
  std::vector<std::string> abandon;
  bool force = false;
  bool no_record = false;
  std::string time;
  bool quiet = false;
  bool verbose = false;
  bool no_cache = false;
  CsvFlags csv;
  SolverFlags solve;
  std::string format = "text";
};

int RunReplan(const ReplanFlags& flags) {
  if (auto refused = RefuseOutputPath(flags.out_folder, "plan folder", flags.force)) {
    return *refused;
  }
  LoadOptions load_options;
  load_options.csv = flags.csv.Dialect();
  SetCacheOptions(load_options, flags.no_cache);
  // The model with the plan's horizon, the plan read back (its checksum compared first).
  auto loaded = LoadModelAndPlan(flags.model_folder, flags.plan_folder, load_options);
  if (!loaded.ok()) return ReportFailure(loaded.status());
  const Model& old_model = loaded.value().model;
  const Plan& old_plan = loaded.value().plan;
  auto actuals =
      ReadActualsFile(old_model, flags.actuals_path, flags.csv.Dialect().value_or(CsvDialect{}));
  if (!actuals.ok()) return ReportFailure(actuals.status());

  ReplanOptions options;
  options.from_year = flags.from_year;
  options.freeze_years = flags.freeze;
  options.extend_years = flags.extend;
  options.abandon = flags.abandon;
  options.plan = SolverOptions(flags.solve, flags.quiet, flags.verbose);
  auto replanned = Replan(old_model, old_plan, actuals.value(), options);
  if (!replanned.ok()) return ReportFailure(replanned.status());
  ReplanResult& result = replanned.value();
  if (Status written = WriteReplanFolder(old_model, result, flags.out_folder, flags.force);
      !written.ok()) {
    return ReportFailure(written);
  }
  result.model.folder = flags.out_folder + "/model";
  // The history beside the new plan: old version, the actuals batch, new version and the link, in
  // one transaction (a re-plan that issued no plan records nothing).
  if (!flags.no_record && HasPlan(result.plan.status)) {
    const std::string database = HistoryDatabasePath(flags.out_folder);
    auto record = RecordReplanWithActuals(database, old_model, actuals.value(), flags.actuals_path,
                                          flags.plan_folder, flags.out_folder, flags.from_year,
                                          flags.time.empty() ? CurrentTimeText() : flags.time);
    if (!record.ok()) {
      FailureWording wording;
      wording.consequence = "the re-plan folder was written; nothing was recorded in the history";
      return ReportFailure(record.status(), wording);
    }
    Progress(flags.quiet,
             fmt::format("recorded in {}: plan version #{} replaces #{} from {} using actuals "
                         "batch #{}{}",
                         database, record->new_version.id, record->old_version.id, flags.from_year,
                         record->batch.id, record->replan.inserted ? "" : " (recorded before)"));
  }
  Progress(flags.quiet, HasPlan(result.plan.status)
                            ? fmt::format("wrote the {} re-plan and its model to {}",
                                          ToString(result.plan.status), flags.out_folder)
                            : fmt::format("no plan was issued (status {}): wrote summary.json, "
                                          "replan.json and the re-planned model to {}",
                                          ToString(result.plan.status), flags.out_folder));
  if (flags.format == "json") {
    fmt::print("{}", ReplanJson(old_model, result));
  } else if (flags.format == "csv") {
    fmt::print("{}", PlanCsv(result.model, result.plan));  // the new plan's summary rows
  } else {
    fmt::print("{}", ReplanTextReport(old_model, result));
  }
  return PlanExitCode(result.plan.status);
}

}  // namespace

void RegisterReplanCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<ReplanFlags>();
  CLI::App* command = app.add_subcommand(
      "replan",
      "Re-plan the remaining years of a plan from the actual state: reported outputs, capital "
      "installed, construction in progress");
  command->add_option("MODEL", flags->model_folder, "model folder the plan was made from")
      ->required()
      ->check(CLI::ExistingDirectory);
  command->add_option("PLAN", flags->plan_folder, "plan folder (as `gosplan plan --out` wrote it)")
      ->required()
      ->check(CLI::ExistingDirectory);
  command
      ->add_option("--actuals", flags->actuals_path,
                   "reported outputs: enterprise,product,year,quantity (the format of actuals.csv)")
      ->required()
      ->check(CLI::ExistingFile);
  command
      ->add_option("--from", flags->from_year,
                   "first calendar year to re-plan; the years before it are past (reported)")
      ->required();
  command
      ->add_option("--out", flags->out_folder,
                   "new plan folder (the plan's files, replan.json and the re-planned model under "
                   "model/)")
      ->required();
  command
      ->add_option("--freeze", flags->freeze,
                   "keep the old plan's targets of the first N re-planned years as law (lowered "
                   "to what can hold where they conflict)")
      ->check(CLI::Range(0, 1000));
  command
      ->add_option("--extend", flags->extend,
                   "move the horizon K years further (a rolling plan; added years repeat the last "
                   "year's availability, floors and target mix)")
      ->check(CLI::Range(0, 1000));
  command->add_option("--abandon", flags->abandon,
                      "enterprise id(s) whose construction in progress is abandoned (its stock "
                      "dropped)");
  AddSolverFlags(command, flags->solve);
  command
      ->add_option("--format", flags->format,
                   "text (the re-plan in words), json (the document gosplan.replan/1) or csv (the "
                   "new plan's summary as `plan --format csv` writes it)")
      ->check(CLI::IsMember({"text", "json", "csv"}));
  command->add_flag("--force", flags->force, "replace an existing plan folder");
  command->add_flag("--no-record", flags->no_record,
                    "do not record the re-plan in the history database beside the new plan "
                    "(NEW_PLAN/../gosplan-history.sqlite)");
  command->add_option("--time", flags->time,
                      "the time the history records (ISO 8601 text; default: now, UTC)");
  CLI::Option* quiet = AddQuietAndProgressFlags(command, &flags->quiet);
  AddVerboseFlag(command, flags->verbose, quiet);
  AddModelTableFlags(command, flags->csv, flags->no_cache);
  command->callback([flags, &exit_code] { exit_code = RunReplan(*flags); });
}

}  // namespace gosplan::cli
