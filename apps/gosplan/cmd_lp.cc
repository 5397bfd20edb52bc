// `gosplan lp FILE.mps`: solves a standard linear program and reports status, objective, residuals.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli_output.h"
#include "gosplan/linear_program.h"

namespace gosplan::cli {
namespace {

struct LpFlags {
  std::string path;
  std::string solver = "clp";
  std::string format = "text";
  double time_limit = 0.0;
};

int RunLp(const LpFlags& flags) {
  auto lp = ReadMps(flags.path);
  if (!lp.ok()) return ReportFailure(lp.status());
  LpSolveOptions options;
  options.time_limit_seconds = flags.time_limit;
  auto solved = SolveWithClp(lp.value(), options);
  if (!solved.ok()) return ReportFailure(solved.status());
  const LpSolution& solution = solved.value();
  if (flags.format == "json") {
    nlohmann::ordered_json out;
    out["file"] = flags.path;
    out["status"] = ToString(solution.status);
    out["objective"] = solution.objective;
    out["solver"] = solution.solver;
    out["iterations"] = solution.iterations;
    out["max_primal_violation"] = solution.max_primal_violation;
    out["rows"] = lp.value().num_rows;
    out["columns"] = lp.value().num_columns;
    out["nonzeros"] = lp.value().num_nonzeros();
    out["time"] = {{"solve_seconds", solution.seconds}};
    fmt::print("{}\n", out.dump(2));
  } else {
    fmt::print("{}: {}  objective {:.12g}  ({} rows, {} columns, {} non-zeros)\n", flags.path,
               ToString(solution.status), solution.objective, lp.value().num_rows,
               lp.value().num_columns, lp.value().num_nonzeros());
    fmt::print("solver: {}, {} iterations, {:.3f} s, max primal violation {:.3g}\n", solution.solver,
               solution.iterations, solution.seconds, solution.max_primal_violation);
  }
  switch (solution.status) {
    case LpStatus::kOptimal: return kSuccess;
    case LpStatus::kInfeasible:
    case LpStatus::kUnbounded: return kNoPlan;
    case LpStatus::kIterationLimit: return kSolverLimit;
    case LpStatus::kError: return kInternalFailure;
  }
  return kInternalFailure;
}

}  // namespace

void RegisterLpCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<LpFlags>();
  CLI::App* command = app.add_subcommand("lp", "Solve a linear program given as an MPS file");
  command->add_option("file", flags->path, "MPS file (fixed or free format)")->required();
  command->add_option("--solver", flags->solver, "clp")->check(CLI::IsMember({"clp"}));
  command->add_option("--format", flags->format, "text | json")->check(CLI::IsMember({"text", "json"}));
  command->add_option("--time-limit", flags->time_limit, "seconds (0: none)")
      ->check(CLI::NonNegativeNumber);
  command->callback([flags, &exit_code] { exit_code = RunLp(*flags); });
}

}  // namespace gosplan::cli
