// `gosplan lp FILE.mps [--solver clp|pdlp]`: solves a linear program and reports status, objective,
// relative residuals and gap (computed the same way for both solvers): the report is the library's
// (LpTextReport, LpJson); the solve time goes to stderr.
#include <fmt/format.h>

#include "cli_output.h"
#include "gosplan/linear_program.h"
#include "gosplan/pdlp.h"

namespace gosplan::cli {
namespace {

struct LpFlags {
  std::string path;
  std::string solver = "clp";
  std::string format = "text";
  double time_limit = 0.0;
  double tolerance = 1e-4;           // PDLP only
  std::int64_t iteration_limit = 0;  // 0: none
  int threads = 0;                   // PDLP only; 0: OpenMP's default
};

int RunLp(const LpFlags& flags) {
  auto lp = ReadMps(flags.path);
  if (!lp.ok()) return ReportFailure(lp.status());
  Result<LpSolution> solved = LpSolution{};
  PdlpSummary summary;
  const bool pdlp = ParseSolverKind(flags.solver) == SolverKind::kPdlp;
  if (pdlp) {
    PdlpOptions options;
    options.tolerance = flags.tolerance;
    options.iteration_limit = flags.iteration_limit;
    options.time_limit_seconds = flags.time_limit;
    options.threads = flags.threads;
    solved = SolveWithPdlp(lp.value(), options, &summary);
  } else {
    LpSolveOptions options;
    options.time_limit_seconds = flags.time_limit;
    options.iteration_limit = flags.iteration_limit;
    solved = SolveWithClp(lp.value(), options);
    if (solved.ok()) ComputeRelativeMeasures(lp.value(), &solved.value());
  }
  if (!solved.ok()) return ReportFailure(solved.status());
  const LpSolution& solution = solved.value();
  LpReportOptions report;
  report.source = flags.path;
  if (pdlp) {
    report.pdlp = &summary;
    report.pdlp_tolerance = flags.tolerance;
  }
  // Timings vary run to run: stderr only.
  Progress(false, fmt::format("timings: solve {:.3f} s", solution.seconds));
  fmt::print("{}", flags.format == "json" ? LpJson(lp.value(), solution, report)
                                          : LpTextReport(lp.value(), solution, report));
  switch (solution.status) {
    case LpStatus::kOptimal:
      return kSuccess;
    case LpStatus::kInfeasible:
    case LpStatus::kUnbounded:
      return kNoPlan;
    case LpStatus::kTimeLimit:
    case LpStatus::kIterationLimit:
    case LpStatus::kInterrupted:
      return kSolverLimit;
    case LpStatus::kError:
      return kInternalFailure;
  }
  return kInternalFailure;
}

}  // namespace

void RegisterLpCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<LpFlags>();
  CLI::App* command = app.add_subcommand("lp", "Solve a linear program given as an MPS file");
  command->add_option("file", flags->path, "MPS file (fixed or free format)")->required();
  command
      ->add_option("--solver", flags->solver,
                   "clp (simplex, exact) | pdlp (first-order PDHG, approximate to --tolerance)")
      ->check(AcceptedBy(
          [](std::string_view text) {
            const std::optional<SolverKind> kind = ParseSolverKind(text);
            return kind && *kind != SolverKind::kAuto;  // `lp` has no size rule to choose by
          },
          "clp or pdlp"));
  command
      ->add_option(
          "--tolerance", flags->tolerance,
          "PDLP relative tolerance of residuals and gap (default 1e-4; 1e-8 for high accuracy)")
      ->check(CLI::Range(1e-12, 0.1));
  command->add_option("--iteration-limit", flags->iteration_limit, "iteration limit (0: none)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--threads", flags->threads, "PDLP threads (0: OpenMP's default)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--format", flags->format, "text | json")
      ->check(CLI::IsMember({"text", "json"}));
  command->add_option("--time-limit", flags->time_limit, "seconds (0: none)")
      ->check(CLI::NonNegativeNumber);
  command->callback([flags, &exit_code] { exit_code = RunLp(*flags); });
}

}  // namespace gosplan::cli
