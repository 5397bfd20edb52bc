// Feasibility polishing (Applegate, Lubin, Lu et al., "PDLP: a practical first-order method for
// large-scale linear programming", 2025, §"feasibility polishing"),
// PdlpOptions::feasibility_polishing, for the Halpern variant (halpern_iteration.h). When the main
// iteration's point (x̃, ỹ) has a small relative gap but residuals that lag, two easier problems are
// solved on the same scaled K:
//
//   primal feasibility   minimise 0 subject to K x̃ ∈ [l̃_r, ũ_r], x̃ ∈ [l̃_c, ũ_c]
//                        (objective zeroed), started from (x̃, 0);
//   dual feasibility     the LP with objective c̃ and every finite bound replaced by 0 (the same
//                        sign cones), started from (0, ỹ): its primal x = 0 is feasible and its
//                        gap is 0, so it converges when c̃ − Kᵀỹ is absorbed by the cones,
//                        i.e. when ỹ is dual feasible for the original LP.
//
// Both have a zero objective or zero right-hand side, so PDHG needs no duality-gap progress and
// reaches feasibility in few iterations; the Halpern scheme converges to a fixed point near its
// anchor (the start), so the objective moves little. The pair (x̃ of the first, ỹ of the second)
// is measured on the original scaled LP and accepted only when it meets all three criteria at ε —
// its residuals are then at the polishing tolerance ε_p = ε/100 (at least 1e-6 with
// single-precision products, whose rounding moves the fixed point by ~1e-7), its gap is what it is
// (≤ ε).
//
// Each feasibility problem gets at most max(256, iterations so far / 4) iterations (a polishing
// attempt costs a fraction of the main run; halpern_iteration.h waits until the iterations have
// doubled before another). Same kernels, so deterministic for any thread count.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>

#include "gosplan/pdlp.h"
#include "pdlp/halpern_iteration.h"
#include "pdlp/pdhg_iteration.h"
#include "pdlp/scaling.h"

namespace gosplan::pdlp {

// Residuals of a polished point are held to ε/kPolishingReduction.
inline constexpr double kPolishingReduction = 100.0;
// Polishing is tried when the gap is ≤ ε and both residuals are ≤ kPolishingTrigger · ε.
inline constexpr double kPolishingTrigger = 10.0;

// The scaled LP's vectors and norms without its kernels (the polishing problems share them).
inline ScaledLp CopyWithoutKernels(const ScaledLp& lp) {
  ScaledLp copy;
  copy.objective = lp.objective;
  copy.column_lower = lp.column_lower;
  copy.column_upper = lp.column_upper;
  copy.row_lower = lp.row_lower;
  copy.row_upper = lp.row_upper;
  copy.row_scale = lp.row_scale;
  copy.column_scale = lp.column_scale;
  copy.offset = lp.offset;
  copy.objective_norm = lp.objective_norm;
  copy.bound_norm = lp.bound_norm;
  copy.initial_step_size = lp.initial_step_size;
  copy.initial_primal_weight = lp.initial_primal_weight;
  return copy;
}

// The primal feasibility problem of `lp`: objective and offset 0.
inline ScaledLp PrimalFeasibilityProblem(const ScaledLp& lp) {
  ScaledLp problem = CopyWithoutKernels(lp);
  std::fill(problem.objective.begin(), problem.objective.end(), 0.0);
  problem.offset = 0.0;
  return problem;
}

// The dual feasibility problem of `lp`: every finite bound 0, infinite ones kept, offset 0.
inline ScaledLp DualFeasibilityProblem(const ScaledLp& lp) {
  ScaledLp problem = CopyWithoutKernels(lp);
  auto zero_finite = [](std::vector<double>& bounds) {
    for (double& bound : bounds) {
      if (std::isfinite(bound)) bound = 0.0;
    }
  };
  zero_finite(problem.column_lower);
  zero_finite(problem.column_upper);
  zero_finite(problem.row_lower);
  zero_finite(problem.row_upper);
  problem.offset = 0.0;
  return problem;
}

template <typename Kernels>
class FeasibilityPolisher {
 public:
  FeasibilityPolisher(const ScaledLp& lp, const Kernels& kernels, const PdlpOptions& options,
                      const RestartParameters& restart, Clock::time_point start)
      : lp_(lp),
        kernels_(kernels),
        options_(options),
        restart_(restart),
        start_(start),
        primal_problem_(PrimalFeasibilityProblem(lp)),
        dual_problem_(DualFeasibilityProblem(lp)) {}

  // The tolerance the polished residuals are held to.
  double PolishingTolerance() const {
    const double floor = HasInexactProducts(kernels_) ? 1e-6 : 1e-12;
    return std::max(options_.tolerance / kPolishingReduction, floor);
  }

  // HalpernIteration::Polisher: polishes `point`; true when the polished pair meets all three
  // criteria at ε (then in *polished, with its exact products).
  bool operator()(const Point& point, double primal_weight, double step_size,
                  std::int64_t iterations_so_far, Point* polished, std::int64_t* iterations) {
    *iterations = 0;
    const std::int64_t budget = std::max<std::int64_t>(256, iterations_so_far / 4);
    PdlpOptions options = options_;
    options.tolerance = PolishingTolerance();
    options.progress = nullptr;
    options.feasibility_polishing = false;
    const Vector no_x, no_y;
    // Primal: from (x̃, 0).
    options.iteration_limit = budget;
    primal_problem_.initial_primal_weight = primal_weight;
    HalpernIteration<Kernels> primal(primal_problem_, kernels_, options, restart_, start_, nullptr);
    const Vector zero_y(point.y.size(), 0.0);
    primal.StartFrom(&point.x, &zero_y, step_size);
    const RunResult primal_run = primal.Run();
    *iterations += primal_run.iterations;
    if (primal_run.cancelled || primal_run.reason != TerminationReason::kOptimal) return false;
    // Dual: from (0, ỹ).
    dual_problem_.initial_primal_weight = primal_weight;
    HalpernIteration<Kernels> dual(dual_problem_, kernels_, options, restart_, start_, nullptr);
    const Vector zero_x(point.x.size(), 0.0);
    dual.StartFrom(&zero_x, &point.y, step_size);
    const RunResult dual_run = dual.Run();
    *iterations += dual_run.iterations;
    if (dual_run.cancelled || dual_run.reason != TerminationReason::kOptimal) return false;
    // The pair, measured on the LP itself with exact products.
    polished->x = primal_run.point.x;
    polished->y = dual_run.point.y;
    polished->kx.assign(point.kx.size(), 0.0);
    polished->kty.assign(point.kty.size(), 0.0);
    ExactProducts(kernels_, polished);
    const Measures measures = Evaluate(lp_, kernels_, *polished);
    return measures.absolute.finite() &&
           OptimalityCriteriaMet(measures.relative, options_.tolerance);
  }

 private:
  const ScaledLp& lp_;
  const Kernels& kernels_;
  const PdlpOptions& options_;
  const RestartParameters& restart_;
  Clock::time_point start_;
  ScaledLp primal_problem_, dual_problem_;
};

}  // namespace gosplan::pdlp
