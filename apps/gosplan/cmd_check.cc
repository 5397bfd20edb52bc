// `gosplan check MODEL_DIR [--targets FILE] [--out PLAN_DIR] [--max-years N] [--format text|json]`:
// can the quotas hold together, how near can a plan come, what conflicts and from which year.
#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "cli_output.h"
#include "gosplan/check.h"
#include "gosplan/model.h"

namespace gosplan::cli {
namespace {

struct CheckFlags {
  std::string model_folder;
  std::string targets_file;
  std::string out_folder;
  std::string format = "text";
  int max_years = 30;
  int horizon = 0;  // > 0 replaces model.toml's horizon, as for plan
  double time_limit = 0.0;
  double total_time_limit = 0.0;
  std::int64_t max_solves = 0;
  int threads = 0;
  bool no_earliest = false;
  bool no_conflict = false;
  bool headroom = false;
  bool force = false;
  bool quiet = false;
  bool verbose = false;  // one line per LP solve on stderr
  bool no_cache = false;
  CsvFlags csv;
};

int RunCheck(const CheckFlags& flags) {
  if (auto refused = RefuseOutputPath(flags.out_folder, "plan folder", flags.force))
    return *refused;
  LoadOptions load_options;
  load_options.csv = flags.csv.Dialect();
  load_options.horizon_override = flags.horizon;
  auto loaded =
      LoadModelWithProgress(flags.model_folder, flags.no_cache, flags.quiet, load_options);
  if (!loaded.ok()) return ReportFailure(loaded.status());
  Model& model = loaded.value();
  if (!flags.targets_file.empty()) {
    auto quotas =
        ReadQuotaFile(model, flags.targets_file, flags.csv.Dialect().value_or(CsvDialect{}));
    if (!quotas.ok()) return ReportFailure(quotas.status());
    model.quotas = std::move(quotas.value());
  }
  CheckOptions options;
  options.max_years = flags.max_years;
  options.time_limit_seconds = flags.time_limit;
  options.total_time_limit_seconds = flags.total_time_limit;
  options.max_solves = flags.max_solves;
  options.threads = flags.threads;
  options.earliest_year = !flags.no_earliest;
  options.conflict = !flags.no_conflict;
  options.headroom = flags.headroom;
  options.nearest_plan = !flags.out_folder.empty();
  options.log = [&](std::string_view message) { Progress(flags.quiet, message); };
  if (flags.verbose) {
    // Step 2's threads call it too: the reporter is not thread-safe, plain stderr lines are.
    options.solve_log = [](std::string_view message) {
      std::fprintf(stderr, "gosplan: %.*s\n", static_cast<int>(message.size()), message.data());
    };
  }
  options.should_stop = CancelHook();  // Ctrl-C
  Reporter().StartPhase("solve", "quota check");
  auto checked = CheckQuotas(model, options);
  if (!checked.ok()) return ReportFailure(checked.status());
  const CheckReport& report = checked.value();
  if (!flags.out_folder.empty() && report.model_status == LpStatus::kOptimal) {
    if (StoppedEarly(report.nearest_plan.status)) {
      return ReportFailure(
          Status::SolverLimit("the nearest plan for --out stopped at a limit (time or "
                              "--max-solves) before it was solved; nothing was "
                              "written"));
    }
    Reporter().StartPhase("write", flags.out_folder);
    Status written = WriteNearestPlanFolder(model, report, flags.out_folder, flags.force);
    if (!written.ok()) return ReportFailure(written);
    Progress(flags.quiet, "wrote the nearest feasible plan to " + flags.out_folder);
  }
  // Wall-clock seconds differ run to run: stderr only, never stdout or the document.
  Progress(flags.quiet, fmt::format("{} LP solves, {} simplex iterations, {:.2f} s", report.solves,
                                    report.iterations, report.seconds));
  if (flags.format == "json") {
    fmt::print("{}", CheckJson(model, report));
  } else if (flags.format == "csv") {
    fmt::print("{}", CheckCsv(model, report));
  } else {
    fmt::print("{}", CheckTextReport(model, report, options));
  }
  switch (report.model_status) {
    case LpStatus::kOptimal:
      return report.feasible ? kSuccess : kQuotasUnreachable;
    case LpStatus::kInfeasible:
      return kQuotasUnreachable;  // a verdict, explained
    case LpStatus::kTimeLimit:
    case LpStatus::kIterationLimit:
    case LpStatus::kInterrupted:
      return kSolverLimit;
    case LpStatus::kUnbounded:
    case LpStatus::kError:
      break;
  }
  return kInternalFailure;
}

}  // namespace

void RegisterCheckCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<CheckFlags>();
  CLI::App* command = app.add_subcommand(
      "check",
      "Can the model's quotas hold together? Nearest feasible plan, each quota alone, a minimal "
      "conflict in the model's words, and the earliest year (docs/check.md)");
  command->add_option("MODEL", flags->model_folder, "model folder (model.toml + tables)")
      ->required()
      ->check(CLI::ExistingDirectory);
  command->add_option("--targets", flags->targets_file,
                      "quota file in the format of targets.csv (default: the model's)");
  command->add_option(
      "--out", flags->out_folder,
      "write the nearest feasible plan as a plan folder (gosplan verify accepts it)");
  AddHorizonFlag(command, flags->horizon);
  command->add_option("--max-years", flags->max_years, "largest delay tried for the earliest year")
      ->check(CLI::Range(1, 200))
      ->capture_default_str();
  command
      ->add_option("--format", flags->format,
                   "text, json (the document gosplan.check/1) or csv (one row per quota)")
      ->check(CLI::IsMember({"text", "json", "csv"}));
  command
      ->add_option("--time-limit", flags->time_limit,
                   "time limit per LP solve in seconds (0: none)")
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option("--total-time-limit", flags->total_time_limit,
                   "time limit for the whole check in seconds (0: none): no solve starts after it")
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option(
          "--max-solves", flags->max_solves,
          "largest number of LP solves (0: none): a limit without a clock, the same on any machine")
      ->check(CLI::NonNegativeNumber);
  command->add_flag("--no-earliest", flags->no_earliest, "skip the earliest-year search");
  command->add_flag("--no-conflict", flags->no_conflict, "skip the conflict search");
  command->add_flag("--headroom", flags->headroom,
                    "also maximise each quota the nearest plan meets (alone max: how far it could "
                    "rise if the others gave way; most of a large check's solves)");
  command
      ->add_option("--threads", flags->threads,
                   "threads for the each-quota-alone solves (0: OpenMP's default; the results "
                   "never depend on it)")
      ->check(CLI::NonNegativeNumber);
  command->add_flag("--force", flags->force, "replace an existing plan folder");
  CLI::Option* quiet = AddQuietAndProgressFlags(command, &flags->quiet);
  command
      ->add_flag("--verbose,-v", flags->verbose,
                 "one line per LP solve on stderr (simplex, status, iterations, seconds)")
      ->excludes(quiet);
  AddModelTableFlags(command, flags->csv, flags->no_cache);
  command->callback([flags, &exit_code] { exit_code = RunCheck(*flags); });
}

}  // namespace gosplan::cli
