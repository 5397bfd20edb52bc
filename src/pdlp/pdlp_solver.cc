// Restarted PDHG (PDLP): options, the stages of pdlp_stages.h and SolveWithPdlp. The mathematics
// and the names are in include/gosplan/pdlp.h; the parts live beside this file: minimisation_lp.h
// (the LP as a minimisation), presolve.h, scaling.h (Ruiz + Pock–Chambolle), termination.h
// (measures and criteria, also behind ComputeRelativeMeasures), infeasibility.h (ray tests),
// restart.h (restart decision and primal weight), lp_kernels.h (parallel products and
// reductions), pdhg_iteration.h (the iteration loop, over any kernels). There:
//   scaled problem   K = D_r A D_c, c̃ = D_c c, column bounds / D_c, row bounds · D_r,
//                    x = D_c x̃, y = D_r ỹ (so cᵀx = c̃ᵀx̃ and p(y) = p̃(ỹ)),
//   one step         x' = proj_X(x − τ (c̃ − Kᵀy)),  y' = prox of p at y − σ K(2x' − x),
//                    τ = η/ω, σ = η·ω (η step size, ω primal weight),
//   termination      measured in the unscaled presolved problem: A x = (K x̃)/D_r, Aᵀy = (Kᵀỹ)/D_c,
//                    so no product with the unscaled matrix is needed.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gosplan/pdlp.h"
#include "pdlp/feasibility_polishing.h"
#include "pdlp/halpern_iteration.h"
#include "pdlp/infeasibility.h"
#include "pdlp/lp_kernels.h"
#include "pdlp/minimisation_lp.h"
#include "pdlp/pdhg_iteration.h"
#include "pdlp/pdlp_stages.h"
#include "pdlp/presolve.h"
#include "pdlp/restart.h"
#include "pdlp/scaling.h"
#include "pdlp/termination.h"

namespace gosplan {

bool PdlpOptions::IsValid(std::string* error) const {
  auto fail = [&](const std::string& message) {
    if (error) *error = message;
    return false;
  };
  if (!(tolerance >= 1e-12 && tolerance <= 0.1)) return fail("tolerance must lie in [1e-12, 0.1]");
  if (iteration_limit < 0) return fail("iteration_limit must be ≥ 0 (0: none)");
  if (!(time_limit_seconds >= 0) || !std::isfinite(time_limit_seconds)) {
    return fail("time_limit_seconds must be a finite number ≥ 0 (0: none)");
  }
  if (threads < 0) return fail("threads must be ≥ 0 (0: OpenMP's default)");
  if (check_frequency < 1 || check_frequency > 1000000)
    return fail("check_frequency must lie in [1, 10^6]");
  if (!(infeasibility_tolerance > 0 && infeasibility_tolerance < 1)) {
    return fail("infeasibility_tolerance must lie in (0, 1)");
  }
  if (ruiz_iterations < 0 || ruiz_iterations > 100)
    return fail("ruiz_iterations must lie in [0, 100]");
  // Polishing is built on the Halpern iteration (feasibility_polishing.h): asking for it with the
  // averaged iteration is refused rather than silently not done.
  if (feasibility_polishing && variant != PdlpVariant::kHalpern)
    return fail(
        "feasibility_polishing runs with the halpern variant only (--pdlp-variant halpern)");
  return true;
}

namespace pdlp {

PdlpParameters ParametersOf(const PdlpOptions& options) {
  PdlpParameters parameters;
  const RestartParameters restart;
  parameters.variant = options.variant == PdlpVariant::kHalpern ? "halpern" : "averaged";
  parameters.tolerance = options.tolerance;
  parameters.infeasibility_tolerance = options.infeasibility_tolerance;
  parameters.check_frequency = options.check_frequency;
  parameters.iteration_limit = options.iteration_limit;
  parameters.time_limit_seconds = options.time_limit_seconds;
  parameters.presolve = options.presolve;
  parameters.presolve_substitution = options.presolve && options.presolve_substitution;
  parameters.ruiz_iterations = options.ruiz_iterations;
  parameters.pock_chambolle_alpha = kPockChambolleAlpha;
  parameters.restart_sufficient_reduction = restart.sufficient_reduction;
  parameters.restart_necessary_reduction = restart.necessary_reduction;
  parameters.restart_artificial_fraction = restart.artificial_restart_fraction;
  parameters.primal_weight_smoothing = restart.primal_weight_smoothing;
  return parameters;
}

Result<std::unique_ptr<PdlpStart>> StartPdlp(const LinearProgram& lp, const PdlpOptions& options,
                                             int threads, PdlpSummary* facts) {
  if (Status invalid = ValidateOptions(options, "PdlpOptions"); !invalid.ok()) return invalid;
  if (Status shape = ValidateLinearProgram(lp); !shape.ok()) return shape;
  *facts = PdlpSummary{};
  facts->parameters = ParametersOf(options);

  auto start = std::make_unique<PdlpStart>(lp);
  const MinimisationLp& original = start->original;
  facts->original_rows = original.matrix.num_rows;
  facts->original_columns = original.matrix.num_columns;
  facts->original_nonzeros = original.matrix.num_nonzeros();
  const MinimisationLp* reduced = &original;
  if (options.presolve) {
    start->presolver.emplace(original);
    reduced = &start->presolver->reduced();
    if (options.presolve_substitution && !start->presolve_infeasible()) {
      start->substitution.emplace(*reduced);
      reduced = &start->substitution->reduced();
    }
  }
  facts->presolved_rows = reduced->matrix.num_rows;
  facts->presolved_columns = reduced->matrix.num_columns;
  facts->presolved_nonzeros = reduced->matrix.num_nonzeros();
  if (!start->presolve_infeasible()) {
    start->scaled.emplace(ScaleLp(*reduced, original, options.ruiz_iterations, threads));
    facts->threads = start->scaled->kernels->threads();
    // Single precision moves the fixed point by ~1e-7 relative: the Halpern iteration goes over to
    // the double matrix when it nears that (SinglePrecisionHandover); the averaged one uses it
    // only for tolerances well above.
    if (options.single_precision_products &&
        (options.tolerance >= 1e-6 || options.variant == PdlpVariant::kHalpern)) {
      facts->parameters.single_precision_products =
          start->scaled->kernels->UseSinglePrecisionProducts();
    }
  }
  return start;
}

void CompleteSolution(const LinearProgram& lp, std::vector<double> column_values,
                      const std::vector<double>& y, LpSolution* out) {
  LpSolution& solution = *out;
  const double sense = lp.maximize ? -1.0 : 1.0;
  // Duals in LpSolution's convention (derivatives of the objective as stated).
  solution.column_values = std::move(column_values);
  const std::vector<double>& x = solution.column_values;
  solution.row_duals.resize(y.size());
  for (std::size_t i = 0; i < y.size(); ++i) solution.row_duals[i] = sense * y[i] + 0.0;
  solution.row_activities.assign(static_cast<std::size_t>(lp.num_rows), 0.0);
  solution.reduced_costs = lp.objective;
  double objective = lp.objective_offset;
  for (Index j = 0; j < lp.num_columns; ++j) {
    for (Index k = lp.column_starts[j]; k < lp.column_starts[j + 1]; ++k) {
      solution.row_activities[lp.row_indices[k]] += lp.values[k] * x[j];
      solution.reduced_costs[j] -= lp.values[k] * solution.row_duals[lp.row_indices[k]];
    }
    objective += lp.objective[j] * x[j];
  }
  solution.objective = objective;
  solution.max_primal_violation = MaxPrimalViolation(lp, x);
  ComputeRelativeMeasures(lp, &solution);
}

LpSolution FinishPdlp(const LinearProgram& lp, const PdlpStart& start,
                      const IterationOutcome& outcome, const PdlpOptions& options,
                      std::chrono::steady_clock::time_point started, PdlpSummary* facts) {
  LpSolution solution;
  {
    char name[80];
    std::snprintf(name, sizeof name, "PDLP restarted %sPDHG, tolerance %.0e",
                  options.variant == PdlpVariant::kHalpern ? "Halpern " : "", options.tolerance);
    solution.solver = name;
    if (facts->single_precision_handover > 0) {
      solution.solver +=
          ", float32 products to iteration " + std::to_string(facts->single_precision_handover);
    }
  }
  const MinimisationLp& original = start.original;
  std::vector<double> x, y;
  if (start.presolve_infeasible()) {
    solution.status = LpStatus::kInfeasible;
    facts->message = "presolve: " + start.presolver->infeasibility_reason();
    x.assign(static_cast<std::size_t>(lp.num_columns), 0.0);
    for (Index j = 0; j < lp.num_columns; ++j) {
      x[j] = std::min(std::max(0.0, original.column_lower[j]), original.column_upper[j]);
    }
    y.assign(static_cast<std::size_t>(lp.num_rows), 0.0);
  } else {
    const ScaledLp& scaled = *start.scaled;
    const MinimisationLp& reduced = start.substitution ? start.substitution->reduced()
                                    : start.presolver  ? start.presolver->reduced()
                                                       : original;
    solution.iterations = outcome.iterations;
    solution.status = ToLpStatus(outcome.reason);
    facts->message = TerminationMessage(outcome.reason);
    // Unscale: x = D_c x̃, y = D_r ỹ; then undo the presolve.
    std::vector<double> reduced_x(outcome.x.size()), reduced_y(outcome.y.size());
    // x̃ lies in the scaled box; the product with D_c can leave it by a rounding error, so clamp
    // again.
    for (std::size_t j = 0; j < reduced_x.size(); ++j) {
      reduced_x[j] =
          std::min(std::max(outcome.x[j] * scaled.column_scale[j], reduced.column_lower[j]),
                   reduced.column_upper[j]);
    }
    for (std::size_t i = 0; i < reduced_y.size(); ++i)
      reduced_y[i] = outcome.y[i] * scaled.row_scale[i];
    if (start.substitution) {
      std::vector<double> x1, y1;
      start.substitution->Postsolve(reduced_x, reduced_y, &x1, &y1);
      reduced_x = std::move(x1);
      reduced_y = std::move(y1);
    }
    if (start.presolver) {
      start.presolver->Postsolve(reduced_x, reduced_y, &x, &y);
    } else {
      x = std::move(reduced_x);
      y = std::move(reduced_y);
    }
  }
  CompleteSolution(lp, std::move(x), y, &solution);
  solution.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return solution;
}

Result<IterationOutcome> RunIteration(const ScaledLp& scaled, const PdlpOptions& options,
                                      const ScaledStart* from, Clock::time_point started,
                                      PdlpSummary* facts, const std::string& what) {
  const RestartParameters restart;
  RunResult run;
  if (options.variant == PdlpVariant::kHalpern) {
    HalpernIteration<LpKernels> solver(scaled, *scaled.kernels, options, restart, started, facts);
    // η is the Lanczos estimate's again (an edit may have changed K: a new site adds columns); the
    // primal weight carries over.
    if (from) solver.StartFrom(&from->x, &from->y, 0.0, from->primal_weight);
    std::optional<FeasibilityPolisher<LpKernels>> polisher;
    if (options.feasibility_polishing) {
      polisher.emplace(scaled, *scaled.kernels, options, restart, started);
      solver.SetPolisher(
          [&polisher](const Point& point, double weight, double step, std::int64_t so_far,
                      Point* polished, std::int64_t* spent) {
            return (*polisher)(point, weight, step, so_far, polished, spent);
          },
          kPolishingTrigger);
    }
    run = solver.Run();
  } else {
    PdhgIteration<LpKernels> solver(scaled, *scaled.kernels, options, restart, started, facts);
    if (from) solver.StartFrom(from);
    run = solver.Run();
  }
  if (run.cancelled) {
    char after[96];
    std::snprintf(after, sizeof after, ", after %lld iterations and %.1f s",
                  static_cast<long long>(run.iterations),
                  std::chrono::duration<double>(Clock::now() - started).count());
    return Status::Cancelled(what + after);
  }
  IterationOutcome outcome;
  outcome.reason = run.reason;
  outcome.iterations = run.iterations;
  outcome.x = std::move(run.point.x);
  outcome.y = std::move(run.point.y);
  return outcome;
}

}  // namespace pdlp

Result<LpSolution> SolveWithPdlp(const LinearProgram& lp, const PdlpOptions& options,
                                 PdlpSummary* summary) {
  const auto started = pdlp::Clock::now();
  PdlpSummary local_summary;
  PdlpSummary& facts = summary ? *summary : local_summary;
  auto start = pdlp::StartPdlp(lp, options, options.threads, &facts);
  if (!start.ok()) return start.status();
  pdlp::IterationOutcome outcome;
  if (const std::optional<pdlp::ScaledLp>& scaled = start.value()->scaled) {
    auto run = pdlp::RunIteration(*scaled, options, nullptr, started, &facts,
                                  "the PDLP solve of an LP with " + std::to_string(lp.num_rows) +
                                      " rows and " + std::to_string(lp.num_columns) + " columns");
    if (!run.ok()) return run.status();
    outcome = std::move(run.value());
  }
  return pdlp::FinishPdlp(lp, *start.value(), outcome, options, started, &facts);
}

}  // namespace gosplan
