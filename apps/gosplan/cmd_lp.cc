// `gosplan lp FILE.mps [--solver clp|pdlp]`: solves a linear program and reports status, objective,
// relative residuals and gap (computed the same way for both solvers).
#include <fmt/format.h>

#include <cmath>

#include <nlohmann/json.hpp>

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
  double tolerance = 1e-4;          // PDLP only
  std::int64_t iteration_limit = 0;  // 0: none
  int threads = 0;                  // PDLP only; 0: OpenMP's default
};

// A relative measure for JSON: null when it was not measured (NaN).
nlohmann::ordered_json Measured(double value) {
  return std::isnan(value) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(value);
}

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
  const bool has_objective = solution.status == LpStatus::kOptimal || StoppedEarly(solution.status);
  const char* sense_word = lp.value().maximize ? "maximum" : "minimum";
  if (flags.format == "json") {
    nlohmann::ordered_json out;
    out["file"] = flags.path;
    out["status"] = ToString(solution.status);
    out["sense"] = lp.value().maximize ? "max" : "min";
    // An objective is a result only for a point the solver stands behind (optimal, or the last iterate
    // of a limited run, labelled so by the status); infeasible and unbounded LPs have none.
    if (has_objective) {
      out["objective"] = solution.objective;
    } else {
      out["objective"] = nullptr;
    }
    out["solver"] = solution.solver;
    out["iterations"] = solution.iterations;
    out["max_primal_violation"] = solution.max_primal_violation;
    // null when the solver did not measure them (never a 0 that reads as a perfect answer).
    out["relative_primal_residual"] = Measured(solution.relative_primal_residual);
    out["relative_dual_residual"] = Measured(solution.relative_dual_residual);
    out["relative_gap"] = Measured(solution.relative_gap);
    if (pdlp) {
      out["pdlp"] = {{"tolerance", flags.tolerance},
                     {"restarts", summary.restarts},
                     {"rejected_steps", summary.rejected_steps},
                     {"returned_average", summary.returned_average},
                     {"threads", summary.threads},
                     {"presolved_rows", summary.presolved_rows},
                     {"presolved_columns", summary.presolved_columns},
                     {"presolved_nonzeros", summary.presolved_nonzeros},
                     {"message", summary.message}};
    }
    out["rows"] = lp.value().num_rows;
    out["columns"] = lp.value().num_columns;
    out["nonzeros"] = lp.value().num_nonzeros();
    out["time"] = {{"solve_seconds", solution.seconds}};
    fmt::print("{}\n", out.dump(2));
  } else {
    std::string objective = "no objective value";
    if (solution.status == LpStatus::kOptimal) {
      objective = fmt::format("{} {:.12g}", sense_word, solution.objective);
      if (pdlp) objective += fmt::format(" (first-order, to relative tolerance {:g})", flags.tolerance);
    } else if (StoppedEarly(solution.status)) {
      objective = fmt::format("objective {:.12g} at the last point (not proven optimal; to be {}d)",
                              solution.objective, lp.value().maximize ? "maximise" : "minimise");
    }
    fmt::print("{}: {}  {}  ({} rows, {} columns, {} non-zeros)\n", flags.path, ToString(solution.status),
               objective, lp.value().num_rows, lp.value().num_columns, lp.value().num_nonzeros());
    fmt::print("solver: {}, {} iterations, {:.3f} s, max primal violation {:.3g}\n", solution.solver,
               solution.iterations, solution.seconds, solution.max_primal_violation);
    if (solution.relative_measures_computed()) {
      fmt::print("relative primal residual {:.3g}, dual residual {:.3g}, gap {:.3g}\n",
                 solution.relative_primal_residual, solution.relative_dual_residual, solution.relative_gap);
    } else {
      fmt::print("relative primal residual, dual residual and gap: not measured\n");
    }
    if (pdlp) {
      fmt::print("PDLP: {} restarts, {} threads, presolved to {} rows x {} columns; {}\n", summary.restarts,
                 summary.threads, summary.presolved_rows, summary.presolved_columns, summary.message);
    }
  }
  switch (solution.status) {
    case LpStatus::kOptimal: return kSuccess;
    case LpStatus::kInfeasible:
    case LpStatus::kUnbounded: return kNoPlan;
    case LpStatus::kTimeLimit:
    case LpStatus::kIterationLimit:
    case LpStatus::kInterrupted: return kSolverLimit;
    case LpStatus::kError: return kInternalFailure;
  }
  return kInternalFailure;
}

}  // namespace

void RegisterLpCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<LpFlags>();
  CLI::App* command = app.add_subcommand("lp", "Solve a linear program given as an MPS file");
  command->add_option("file", flags->path, "MPS file (fixed or free format)")->required();
  command->add_option("--solver", flags->solver,
                      "clp (simplex, exact) | pdlp (first-order PDHG, approximate to --tolerance)")
      ->check(AcceptedBy(
          [](std::string_view text) {
            const std::optional<SolverKind> kind = ParseSolverKind(text);
            return kind && *kind != SolverKind::kAuto;  // `lp` has no size rule to choose by
          },
          "clp or pdlp"));
  command->add_option("--tolerance", flags->tolerance,
                      "PDLP relative tolerance of residuals and gap (default 1e-4; 1e-8 for high accuracy)")
      ->check(CLI::Range(1e-12, 0.1));
  command->add_option("--iteration-limit", flags->iteration_limit, "iteration limit (0: none)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--threads", flags->threads, "PDLP threads (0: OpenMP's default)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--format", flags->format, "text | json")->check(CLI::IsMember({"text", "json"}));
  command->add_option("--time-limit", flags->time_limit, "seconds (0: none)")
      ->check(CLI::NonNegativeNumber);
  command->callback([flags, &exit_code] { exit_code = RunLp(*flags); });
}

}  // namespace gosplan::cli
