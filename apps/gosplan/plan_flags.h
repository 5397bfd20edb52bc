// The solver flags of the commands that solve a plan (`plan`, `replan`): one definition of
// --solver, --algorithm, --time-limit, --tolerance, --threads, --polish, --objective,
// --fulfilment-floor and --group-floor, how they
// become PlanOptions, and the exit code of a plan's status.
#pragma once

#include <CLI/CLI.hpp>
#include <cmath>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli_output.h"
#include "gosplan/linear_program.h"
#include "gosplan/model.h"
#include "gosplan/plan.h"

namespace gosplan::cli {

// `--solver pdlp+crossover` (plan, replan, lp): PDLP to at least 1e-6, then a crossover to an exact
// plan (Crossover: the active-set projection, else CLP's simplex from the PDLP point,
// docs/pdlp.md). A name of the command line only; model.toml's [solver] takes the SolverKind names.
inline constexpr std::string_view kPdlpCrossover = "pdlp+crossover";
// The SolverKind of a --solver name (pdlp+crossover is PDLP); empty for an unknown one.
inline std::optional<SolverKind> SolverKindOfFlag(std::string_view text) {
  return text == kPdlpCrossover ? std::optional<SolverKind>(SolverKind::kPdlp)
                                : ParseSolverKind(text);
}

struct SolverFlags {
  std::string objective;  // empty: as model.toml says
  double time_limit = 0.0;
  std::string algorithm = "dual";
  std::string solver;  // clp | pdlp | pdlp+crossover | auto; empty: as model.toml's [solver] says
  double tolerance = 1e-4;                  // PDLP relative tolerance
  int threads = 0;                          // PDLP threads; 0: OpenMP's default
  std::string pdlp_variant = "averaged";    // --pdlp-variant: averaged | halpern
  bool pdlp_single_precision = false;       // --pdlp-single-precision
  bool pdlp_presolve_substitution = false;  // --pdlp-presolve-substitution
  // --pdlp-feasibility-polishing
  bool pdlp_feasibility_polishing = false;
  bool polish = false;                    // crossover by CLP from the PDLP point
  double fulfilment_floor = 0.0;          // λ[t] ≥ this under any objective (0: none)
  std::vector<std::string> group_floors;  // GROUP=V: λ_g[t] ≥ V under any objective
};

// "GROUP=V" of --group-floor split into the group and V (a finite number ≥ 0); empty when the
// text is not of that form.
inline std::optional<std::pair<std::string, double>> ParseGroupFloor(const std::string& text) {
  const std::size_t equals = text.rfind('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size()) return {};
  try {
    std::size_t used = 0;
    const double value = std::stod(text.substr(equals + 1), &used);
    if (used != text.size() - equals - 1 || !(value >= 0) || !std::isfinite(value)) return {};
    return std::make_pair(text.substr(0, equals), value);
  } catch (const std::exception&) {
    return {};
  }
}

inline void AddSolverFlags(CLI::App* command, SolverFlags& flags) {
  command
      ->add_option("--objective", flags.objective,
                   "plan_ray | min_resources (alias min_labour) | priority_output | harmony | "
                   "maxmin (default: as model.toml says)")
      ->check(AcceptedBy(ParseObjectiveKind, std::string(kObjectiveKindNames)));
  command
      ->add_option("--fulfilment-floor", flags.fulfilment_floor,
                   "final use at least this many times the target mix in every year, under any "
                   "objective (e.g. priority_output with --fulfilment-floor 1); default 0: none")
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option("--group-floor", flags.group_floors,
                   "GROUP=V: the group's fulfilment (a final-demand category with a target) at "
                   "least V in every year, under any objective (e.g. priority_output with "
                   "--group-floor consumption=1); may be repeated")
      ->check(CLI::Validator(
          [](std::string& text) {
            return ParseGroupFloor(text)
                       ? std::string()
                       : "'" + text + "' is not GROUP=V with V a number >= 0 (e.g. consumption=1)";
          },
          "GROUP=V"));
  command->add_option("--time-limit", flags.time_limit, "solver time limit in seconds (0: none)")
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option("--algorithm", flags.algorithm,
                   "CLP algorithm: dual (default) | primal | barrier | idiot (idiot crash, then "
                   "primal simplex)")
      ->check(AcceptedBy(ParseLpAlgorithm, "dual, primal, barrier or idiot"));
  command
      ->add_option(
          "--solver", flags.solver,
          "clp (exact simplex) | pdlp (first-order: an approximate plan, status "
          "'approximate' with its tolerance) | pdlp+crossover (PDLP to 1e-6, then its point "
          "projected onto its active set, else CLP's simplex from it: an exact plan) | auto (by "
          "the plan LP's non-zeros: CLP below 50,000; pdlp+crossover up to 300,000; up to "
          "2,000,000 PDLP and the projection without CLP, the PDLP plan where it does not "
          "verify; PDLP above); default: model.toml's [solver] name, else clp")
      ->check(AcceptedBy(SolverKindOfFlag, "clp, pdlp, pdlp+crossover or auto"));
  command->add_option("--tolerance", flags.tolerance, "PDLP relative tolerance (default 1e-4)")
      ->check(CLI::Range(1e-12, 0.1));
  command
      ->add_option(
          "--threads", flags.threads,
          "PDLP threads (0: OpenMP's default); the plan is the same for every thread count")
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option("--pdlp-variant", flags.pdlp_variant,
                   "PDLP iteration: averaged (PDLP's restarted PDHG, default) | halpern "
                   "(restarted Halpern PDHG with reflection, docs/pdlp.md)")
      ->check(CLI::IsMember({"averaged", "halpern"}));
  command->add_flag("--pdlp-presolve-substitution", flags.pdlp_presolve_substitution,
                    "PDLP: dual fixing and implied-free column substitution after the presolve "
                    "(docs/pdlp.md)");
  command->add_flag("--pdlp-single-precision", flags.pdlp_single_precision,
                    "PDLP's products with a float32 copy of the matrix (checks and reported "
                    "figures in double; tolerance >= 1e-6 only)");
  command->add_flag("--pdlp-feasibility-polishing", flags.pdlp_feasibility_polishing,
                    "PDLP (halpern): polish the point's primal and dual feasibility to "
                    "tolerance/100 once the gap is small (docs/pdlp.md)");
  command->add_flag("--polish", flags.polish,
                    "after PDLP, crossover by CLP from the PDLP point: an exact (optimal) plan "
                    "when it checks out "
                    "at 1e-6, else the approximate PDLP plan; cheap for small plans");
}

// The PlanOptions the flags ask for (quotas as model.toml says); progress lines on stderr unless
// quiet, CLP's log with --verbose, the solve's progress to the reporter and Ctrl-C to its cancel
// hooks (progress_reporter.h).
inline PlanOptions SolverOptions(const SolverFlags& flags, bool quiet, bool verbose) {
  PlanOptions options;
  if (!flags.objective.empty()) {
    options.use_model_objective = false;
    options.objective = *ParseObjectiveKind(flags.objective);  // checked by AcceptedBy
  }
  options.solver.time_limit_seconds = flags.time_limit;
  options.solver.log = SolverLog(verbose);
  options.solver.algorithm = *ParseLpAlgorithm(flags.algorithm);  // checked by AcceptedBy
  if (!flags.solver.empty()) options.solver_kind = SolverKindOfFlag(flags.solver);
  options.crossover = flags.solver == kPdlpCrossover;
  options.pdlp.tolerance = flags.tolerance;
  options.pdlp.threads = flags.threads;
  options.pdlp.variant =
      flags.pdlp_variant == "halpern" ? PdlpVariant::kHalpern : PdlpVariant::kAveraged;
  options.pdlp.single_precision_products = flags.pdlp_single_precision;
  options.pdlp.presolve_substitution = flags.pdlp_presolve_substitution;
  options.pdlp.feasibility_polishing = flags.pdlp_feasibility_polishing;
  options.polish = flags.polish;
  options.fulfilment_floor = flags.fulfilment_floor;
  for (const std::string& text : flags.group_floors) {
    options.group_floors.push_back(*ParseGroupFloor(text));  // checked by the option's validator
  }
  options.log = [quiet](std::string_view message) {
    Progress(quiet, message);
    // SolvePlan says "solving with CLP: …" (or PDLP) when the LP is built: the solve phase starts.
    if (message.rfind("solving with ", 0) == 0) Reporter().StartPhase("solve");
  };
  WatchPlanSolve(options);  // the redrawn line / JSON updates, and Ctrl-C
  return options;
}

// The exit code of a solved plan's status.
inline int PlanExitCode(PlanStatus status) {
  switch (status) {
    // An approximate plan is a plan (written, and verifiable at its stated tolerance): exit 0, like
    // optimal; its status and tolerance are on stdout and in summary.json.
    case PlanStatus::kOptimal:
    case PlanStatus::kApproximate:
      return kSuccess;
    case PlanStatus::kInfeasible:
    case PlanStatus::kUnbounded:
      return kNoPlan;
    case PlanStatus::kTimeLimit:
    case PlanStatus::kIterationLimit:
    case PlanStatus::kInterrupted:
      return kSolverLimit;
    case PlanStatus::kError:
      return kInternalFailure;
  }
  return kInternalFailure;
}

}  // namespace gosplan::cli
