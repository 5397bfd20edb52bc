// `gosplan growth MODEL_DIR | --inputs A.csv --outputs B.csv`: the von Neumann expanding economy
// (α, β, intensities, prices) and, with --catch-up LEVELS.csv, the years the model needs to reach
// given output levels. See docs/growth.md and include/gosplan/growth.h.
#include <fmt/format.h>

#include <memory>
#include <optional>

#include "cli_output.h"
#include "gosplan/growth.h"
#include "gosplan/model.h"
#include "gosplan/plan.h"

namespace gosplan::cli {
namespace {

struct GrowthFlags {
  std::string model_folder;
  std::string inputs, outputs;
  bool with_capital = false;
  std::string format = "text";
  std::string levels;
  int max_years = 50;
  bool bisect = false;
  std::string out_folder;
  bool force = false;
  bool quiet = false;
  bool verbose = false;
  bool no_cache = false;
  CsvFlags csv;
  double time_limit = 0.0;
  double tolerance = 1e-10;
};

int RunGrowth(const GrowthFlags& flags) {
  if (auto refused = RefuseOutputPath(flags.out_folder, "plan folder", flags.force))
    return *refused;
  const bool from_model = !flags.model_folder.empty();
  const bool from_csv = !flags.inputs.empty() || !flags.outputs.empty();
  if (from_model == from_csv || (from_csv && (flags.inputs.empty() || flags.outputs.empty()))) {
    return ReportFailure(Status::InvalidInput(
        "growth", 0, 0, "give either a model folder or both --inputs and --outputs",
        "gosplan growth MODEL_DIR, or gosplan growth --inputs A.csv --outputs B.csv"));
  }
  if (flags.format == "csv" && !flags.levels.empty()) {
    return ReportFailure(Status::InvalidInput(
        "--format", 0, 0, "--format csv holds α, β and their solutions, not a catch-up",
        "--format text or json with --catch-up"));
  }
  if (!flags.levels.empty() && !from_model) {
    return ReportFailure(Status::InvalidInput("--catch-up", 0, 0, "catch-up needs a model folder",
                                              "gosplan growth MODEL_DIR --catch-up LEVELS.csv"));
  }
  if (!flags.out_folder.empty() && flags.levels.empty()) {
    return ReportFailure(Status::InvalidInput("--out", 0, 0, "--out writes the catch-up plan",
                                              "--out together with --catch-up LEVELS.csv"));
  }
  if (from_csv && flags.with_capital) {
    return ReportFailure(Status::InvalidInput(
        "--with-capital", 0, 0, "capital needs a model folder", "--with-capital with MODEL_DIR"));
  }

  GrowthMatrices technology;
  std::optional<Model> model;
  if (from_model) {
    LoadOptions load_options;
    load_options.csv = flags.csv.Dialect();
    auto loaded =
        LoadModelWithProgress(flags.model_folder, flags.no_cache, flags.quiet, load_options);
    if (!loaded.ok()) return ReportFailure(loaded.status());
    model = std::move(loaded.value());
    technology = GrowthMatricesFromModel(*model, flags.with_capital);
  } else {
    auto read =
        ReadGrowthMatrices(flags.inputs, flags.outputs, flags.csv.Dialect().value_or(CsvDialect{}));
    if (!read.ok()) return ReportFailure(read.status());
    technology = std::move(read.value());
  }
  std::vector<CatchUpLevel> levels;
  if (!flags.levels.empty()) {
    auto read = ReadCatchUpLevels(flags.levels, *model, flags.csv.Dialect().value_or(CsvDialect{}));
    if (!read.ok()) return ReportFailure(read.status());
    levels = std::move(read.value());
  }

  GrowthOptions options;
  options.tolerance = flags.tolerance;
  options.solver.time_limit_seconds = flags.time_limit;
  options.solver.log = SolverLog(flags.verbose);
  options.solver.should_stop = CancelHook();  // Ctrl-C
  Reporter().StartPhase("solve", "growth");
  auto growth = SolveGrowth(technology, options);
  if (!growth.ok()) return ReportFailure(growth.status());
  const GrowthResult& result = growth.value();

  int code = kSuccess;
  switch (result.status) {
    case GrowthStatus::kSolved:
    case GrowthStatus::kUnbounded:
      code = kSuccess;
      break;
    case GrowthStatus::kNoEconomy:
      code = kNoPlan;
      break;
    case GrowthStatus::kTimeLimit:
    case GrowthStatus::kIterationLimit:
    case GrowthStatus::kInterrupted:
      code = kSolverLimit;
      break;
    case GrowthStatus::kError:
      code = kInternalFailure;
      break;
  }

  GrowthReportOptions report_options;
  report_options.from_model = from_model;
  report_options.with_capital = flags.with_capital;
  if (flags.format == "text")
    fmt::print("{}", GrowthTextReport(technology, result, report_options));
  if (levels.empty()) {
    if (flags.format == "json") fmt::print("{}", GrowthJson(technology, result, report_options));
    if (flags.format == "csv") fmt::print("{}", GrowthCsv(technology, result));
    return code;
  }

  CatchUpOptions catch_up_options;
  catch_up_options.max_years = flags.max_years;
  catch_up_options.assume_monotone = flags.bisect;
  catch_up_options.growth = options;
  catch_up_options.plan.solver.time_limit_seconds = flags.time_limit;
  catch_up_options.plan.solver.log = SolverLog(flags.verbose);
  catch_up_options.plan.log = [&](std::string_view message) { Progress(flags.quiet, message); };
  WatchPlanSolve(catch_up_options.plan);
  auto solved = SolveCatchUp(*model, levels, catch_up_options);
  if (!solved.ok()) return ReportFailure(solved.status());
  const CatchUpResult& catch_up = solved.value();
  if (catch_up.reached && !flags.out_folder.empty()) {
    Status written = WritePlanFolder(catch_up.model, catch_up.plan, flags.out_folder, flags.force);
    if (!written.ok()) return ReportFailure(written);
    Progress(flags.quiet, "wrote the catch-up plan to " + flags.out_folder);
  }
  const CatchUpReport catch_up_report{*model, levels, catch_up_options, catch_up, flags.levels};
  if (flags.format == "text") {
    fmt::print("{}", CatchUpTextReport(catch_up_report));
  } else {
    fmt::print("{}", GrowthJson(technology, result, report_options, &catch_up_report));
  }
  if (!catch_up.reached) code = StoppedEarly(catch_up.plan.status) ? kSolverLimit : kNoPlan;
  return code;
}

}  // namespace

void RegisterGrowthCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<GrowthFlags>();
  CLI::App* command = app.add_subcommand(
      "growth",
      "von Neumann expanding economy: expansion factor α, interest factor β, intensities, prices; "
      "catch-up time to given output levels");
  command
      ->add_option("MODEL", flags->model_folder,
                   "model folder (techniques = activities, products = goods)")
      ->check(CLI::ExistingDirectory);
  command->add_option("--inputs", flags->inputs,
                      "inputs matrix A (headerless CSV, rows = activities)");
  command->add_option("--outputs", flags->outputs,
                      "outputs matrix B (headerless CSV, rows = activities)");
  command->add_flag("--with-capital", flags->with_capital,
                    "closed model: capital stock b as input, (1 − d)·b returned as joint output");
  command
      ->add_option("--format", flags->format,
                   "text, json (the document gosplan.growth/1) or csv (α, β, intensities, prices)")
      ->check(CLI::IsMember({"text", "json", "csv"}));
  command->add_option("--catch-up", flags->levels,
                      "LEVELS.csv (product,level): years to reach these outputs");
  command
      ->add_option("--max-years", flags->max_years,
                   "longest horizon tried for catch-up (default 50)")
      ->check(CLI::Range(1, 1000));
  command->add_flag(
      "--bisect", flags->bisect,
      "catch-up search by doubling and bisection (fast; assumes a feasible horizon stays "
      "feasible when lengthened)");
  command->add_option("--out", flags->out_folder, "write the catch-up plan to this folder");
  command->add_flag("--force", flags->force, "replace an existing plan folder");
  command
      ->add_option("--tolerance", flags->tolerance,
                   "bisection tolerance on α and β (default 1e-10)")
      ->check(CLI::Range(1e-14, 1e-2));
  command
      ->add_option("--time-limit", flags->time_limit,
                   "solver time limit per LP in seconds (0: none)")
      ->check(CLI::NonNegativeNumber);
  CLI::Option* quiet = AddQuietAndProgressFlags(command, &flags->quiet);
  AddVerboseFlag(command, flags->verbose, quiet);
  AddModelTableFlags(command, flags->csv, flags->no_cache);
  command->callback([flags, &exit_code] { exit_code = RunGrowth(*flags); });
}

}  // namespace gosplan::cli
