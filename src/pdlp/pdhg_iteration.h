// The restarted PDHG iteration of PDLP (include/gosplan/pdlp.h, docs/pdlp.md) on the scaled,
// presolved LP, as a template over its kernels: LpKernels (lp_kernels.h; one process, OpenMP) for
// SolveWithPdlp, and the PETSc backend's kernels (src/distributed/pdlp_petsc_kernels.h; MPI ranks)
// for the distributed solve. One implementation of the step, the step-size rule, the checks, the
// restarts and the infeasibility tests serves both, so they cannot drift apart.
//
//   scaled problem   K = D_r A D_c, c̃ = D_c c, column bounds / D_c, row bounds · D_r,
//                    x = D_c x̃, y = D_r ỹ (so cᵀx = c̃ᵀx̃ and p(y) = p̃(ỹ)),
//   one step         x' = proj_X(x − τ (c̃ − Kᵀy)),  y' = prox of p at y − σ K(2x' − x),
//                    τ = η/ω, σ = η·ω (η step size, ω primal weight),
//   termination      measured in the unscaled presolved problem: A x = (K x̃)/D_r, Aᵀy = (Kᵀỹ)/D_c,
//                    so no product with the unscaled matrix is needed.
//
// What the kernels provide (LpKernels is the reference): num_rows(), num_columns() — this
// process's rows and columns; MatVec and TransposeMatVec on this process's slices; Axpy; ForEach
// and SumChunks over this process's slice, SumChunks returning the sum over ALL processes;
// SquaredDistance, GlobalSum and GlobalMax likewise global (Reductions). Every per-row and
// per-column vector here — the ScaledLp's bounds, objective and scales, the iterates — is this
// process's slice; the scalars (norms, initial step size and weight, offset) are the whole
// problem's. With one process the slice is the whole.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "gosplan/pdlp.h"
#include "pdlp/infeasibility.h"
#include "pdlp/lp_kernels.h"
#include "pdlp/restart.h"
#include "pdlp/scaled_start.h"
#include "pdlp/scaling.h"
#include "pdlp/termination.h"

namespace gosplan::pdlp {

using Clock = std::chrono::steady_clock;

using Vector = std::vector<double>;

// A primal-dual point of the scaled problem with its matrix products.
struct Point {
  Vector x, y, kx, kty;  // x̃, ỹ, K x̃, Kᵀ ỹ
};

// The products of a point with the double matrix. The checks measure with them when the
// iteration's own products are single precision (LpKernels::UseSinglePrecisionProducts,
// compact_matrix.h), so a measured residual is always that of the double K; other kernels' products
// are exact already.
template <typename Kernels>
bool HasInexactProducts(const Kernels&) {
  return false;
}
inline bool HasInexactProducts(const LpKernels& kernels) { return kernels.single_precision(); }
template <typename Kernels>
void ExactProducts(const Kernels& kernels, Point* point) {
  kernels.MatVec(point->x, point->kx);
  kernels.TransposeMatVec(point->y, point->kty);
}
inline void ExactProducts(const LpKernels& kernels, Point* point) {
  kernels.ExactMatVec(point->x, point->kx);
  kernels.ExactTransposeMatVec(point->y, point->kty);
}

// The iteration's products: the kernels' own (single precision where UseSinglePrecisionProducts
// made them so), or the double matrix's once `exact` — after the handover of the mixed-precision
// iteration (SinglePrecisionHandover below). Other kernels' products are exact already.
template <typename Kernels>
void IterationMatVec(const Kernels& kernels, bool, std::span<const double> x,
                     std::span<double> out) {
  kernels.MatVec(x, out);
}
template <typename Kernels>
void IterationTransposeMatVec(const Kernels& kernels, bool, std::span<const double> y,
                              std::span<double> out) {
  kernels.TransposeMatVec(y, out);
}
inline void IterationMatVec(const LpKernels& kernels, bool exact, std::span<const double> x,
                            std::span<double> out) {
  exact ? kernels.ExactMatVec(x, out) : kernels.MatVec(x, out);
}
inline void IterationTransposeMatVec(const LpKernels& kernels, bool exact,
                                     std::span<const double> y, std::span<double> out) {
  exact ? kernels.ExactTransposeMatVec(y, out) : kernels.TransposeMatVec(y, out);
}

// Whether the Halpern step hands K x̂ a float32 copy of x̂: with LpKernels' float32 products before
// the handover. FloatMatVec is then LpKernels' float32 product; other kernels never get there.
template <typename Kernels>
bool FloatProductInput(const Kernels&, bool) {
  return false;
}
inline bool FloatProductInput(const LpKernels& kernels, bool exact) {
  return kernels.single_precision() && !exact;
}
template <typename Kernels>
void FloatMatVec(const Kernels&, std::span<const float>, std::span<double>) {}
inline void FloatMatVec(const LpKernels& kernels, std::span<const float> x, std::span<double> out) {
  kernels.MatVec(x, out);
}

// When the iteration with single-precision products goes over to the double matrix. Its float32
// products move the fixed point by ~1e-7 relative (compact_matrix.h), so the iteration can stall
// short of a tight tolerance: on the 20,000-product plan at 1e-6 it reached relative residuals
// 4.9e-9 and 1.3e-8 and then repeated the same point with a gap of 4.2e-6 for good. At a check
// with single-precision products the iteration switches, for the rest of the solve, when
//   near:   ε < 1e-5 and both relative residuals are ≤ max(ε, 1e-6) (what is left is below the
//           float32 products' reach), or
//   stall:  every relative measure is ≤ 1e-5 (where the float32 rounding can matter: the stall
//           above was at a gap of 4.2e-6) and the largest has not set a new low for `kStallChecks`
//           checks. A gap that stalls higher is the iteration's own oscillation, which double
//           products do not cure at 20 % more per iteration (the 10^5-product plan at 1e-4 went
//           over at iteration 1,344 of 1,664 with its gap at 2e-3–5e-3, before this rule).
struct SinglePrecisionHandover {
  static constexpr int kStallChecks = 4;
  double best = kUnbounded;  // the smallest largest-relative-measure so far
  int checks_since_best = 0;
  // Whether to switch, from the check's relative measures and the tolerance ε.
  bool Due(const RelativeMeasures& relative, double tolerance) {
    const double largest = relative.Largest();
    if (largest < best) {
      best = largest;
      checks_since_best = 0;
    } else {
      ++checks_since_best;
    }
    const double reach = std::max(tolerance, 1e-6);
    const bool near =
        tolerance < 1e-5 && relative.primal_residual <= reach && relative.dual_residual <= reach;
    const bool stall = checks_since_best >= kStallChecks && largest <= 1e-5;
    return near || stall;
  }
};

// The measures of a point at a check: termination (termination.h, unscaled) and the restart's KKT
// error (restart.h, scaled).
struct Measures {
  AbsoluteMeasures absolute;
  RelativeMeasures relative;
  double scaled_primal_sq = 0.0, scaled_dual_sq = 0.0;
  double Kkt(double omega) const {
    return WeightedKktError(omega, scaled_primal_sq, scaled_dual_sq, absolute.gap());
  }
};

// `point` as zeros of the problem's sizes: m rows (y, Kx), n columns (x, Kᵀy).
inline void ZeroPoint(Index m, Index n, Point& point) {
  point.x.assign(static_cast<std::size_t>(n), 0.0);
  point.kty.assign(static_cast<std::size_t>(n), 0.0);
  point.y.assign(static_cast<std::size_t>(m), 0.0);
  point.kx.assign(static_cast<std::size_t>(m), 0.0);
}

// What the progress callback is told at a check: the measures of the point reported, and the
// iteration's state (both iterations, pdhg_iteration.h and halpern_iteration.h, report alike).
inline PdlpProgress ProgressAt(std::int64_t iteration, double seconds, const Measures& measures,
                               std::int64_t restarts, double primal_weight, double step_size) {
  PdlpProgress progress;
  progress.iteration = iteration;
  progress.seconds = seconds;
  progress.relative_primal_residual = measures.relative.primal_residual;
  progress.relative_dual_residual = measures.relative.dual_residual;
  progress.relative_gap = measures.relative.gap;
  progress.primal_objective = measures.absolute.primal_objective;
  progress.dual_objective = measures.absolute.dual_objective;
  progress.restarts = restarts;
  progress.primal_weight = primal_weight;
  progress.step_size = step_size;
  return progress;
}

inline MeasuredProblem ProblemOf(const ScaledLp& lp) {
  MeasuredProblem problem;
  problem.objective = lp.objective;
  problem.column_lower = lp.column_lower;
  problem.column_upper = lp.column_upper;
  problem.row_lower = lp.row_lower;
  problem.row_upper = lp.row_upper;
  problem.row_scale = lp.row_scale;
  problem.column_scale = lp.column_scale;
  return problem;
}

// termination.h's measures of a point of the scaled problem, summed in fixed chunks (deterministic
// for any thread count; across processes, the kernels' SumChunks adds up the processes' sums).
template <typename Kernels>
Measures Evaluate(const ScaledLp& lp, const Kernels& kernels, const Point& point) {
  const MeasuredProblem problem = ProblemOf(lp);
  const MeasuredPoint measured{point.x, point.y, point.kx, point.kty};
  const MeasureSums rows = kernels.SumChunks(kernels.num_rows(), [&](Index begin, Index end) {
    MeasureSums sums;
    AddRowTerms(problem, measured, begin, end, &sums);
    return sums;
  });
  const MeasureSums columns = kernels.SumChunks(kernels.num_columns(), [&](Index begin, Index end) {
    MeasureSums sums;
    AddColumnTerms(problem, measured, begin, end, &sums);
    return sums;
  });
  Measures result;
  result.scaled_primal_sq = rows.scaled_primal_residual_sq;
  result.scaled_dual_sq = columns.scaled_dual_residual_sq;
  result.absolute.primal_residual = std::sqrt(rows.primal_residual_sq);
  result.absolute.dual_residual = std::sqrt(columns.dual_residual_sq);
  result.absolute.primal_objective = columns.primal_objective + lp.offset;
  result.absolute.dual_objective = rows.dual_objective + columns.dual_objective + lp.offset;
  result.relative = ToRelative(result.absolute, lp.bound_norm, lp.objective_norm);
  return result;
}

struct RunResult {
  TerminationReason reason = TerminationReason::kNumericalError;
  Point point;  // the returned point (scaled)
  Measures measures;
  std::int64_t iterations = 0;
  bool average = false;
  bool cancelled = false;  // PdlpOptions::should_stop said so: no result
};

template <typename Kernels>
class PdhgIteration {
 public:
  PdhgIteration(const ScaledLp& lp, const Kernels& kernels, const PdlpOptions& options,
                const RestartParameters& restart, Clock::time_point start, PdlpSummary* summary)
      : lp_(lp),
        kernels_(kernels),
        options_(options),
        restart_(restart),
        start_(start),
        summary_(summary) {}

  RunResult Run();
  // Start from `start` (a warm start, warm_start.h) instead of PDLP's usual point; it must outlive
  // Run and have the problem's sizes.
  void StartFrom(const ScaledStart* start) { warm_start_ = start; }

 private:
  // One adaptive PDHG step from current_ into next_ (PDLP's AdaptiveStepOfPDHG); returns false when
  // the attempt was rejected (η shrinks and the caller retries).
  bool TryStep();
  void ComputeAverage(Point* average) const;
  double Seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  const ScaledLp& lp_;
  const Kernels& kernels_;
  const PdlpOptions& options_;
  const RestartParameters& restart_;
  Clock::time_point start_;
  PdlpSummary* summary_;
  const ScaledStart* warm_start_ = nullptr;

  Point current_, next_, last_restart_;
  Vector sum_x_, sum_y_;
  double sum_weight_ = 0.0;
  double step_size_ = 1.0;
  double primal_weight_ = 1.0;
  std::int64_t iterations_ = 0;
  std::int64_t since_restart_ = 0;
  std::int64_t restarts_ = 0;
  std::int64_t rejected_ = 0;
  double step_used_ = 0.0;  // η of the last accepted step (its weight in the average)
};

template <typename Kernels>
bool PdhgIteration<Kernels>::TryStep() {
  const Index m = kernels_.num_rows(), n = kernels_.num_columns();
  const double tau = step_size_ / primal_weight_;
  const double sigma = step_size_ * primal_weight_;
  const Point& z = current_;
  Point& z_next = next_;
  // Primal: x' = proj_X(x − τ(c̃ − Kᵀỹ)).
  const double dx_sq = kernels_.SumChunks(n, [&](Index begin, Index end) {
    double sum = 0.0;
    for (Index j = begin; j < end; ++j) {
      const double moved = z.x[j] - tau * (lp_.objective[j] - z.kty[j]);
      const double projected = std::min(std::max(moved, lp_.column_lower[j]), lp_.column_upper[j]);
      z_next.x[j] = projected;
      const double d = projected - z.x[j];
      sum += d * d;
    }
    return sum;
  });
  kernels_.MatVec(z_next.x, z_next.kx);
  // Dual: ỹ' = argmax −ỹᵀK(2x'−x) + p̃(ỹ) − ‖ỹ − y‖²/(2σ), in closed form per row.
  const Sums<2> dual = kernels_.SumChunks(m, [&](Index begin, Index end) {
    Sums<2> sums;
    for (Index i = begin; i < end; ++i) {
      const double t = z.y[i] - sigma * (2.0 * z_next.kx[i] - z.kx[i]);
      double y;
      if (t > -sigma * lp_.row_lower[i]) {
        y = t + sigma * lp_.row_lower[i];
      } else if (t < -sigma * lp_.row_upper[i]) {
        y = t + sigma * lp_.row_upper[i];
      } else {
        y = 0.0;
      }
      z_next.y[i] = y;
      const double dy = y - z.y[i];
      sums[0] += dy * dy;
      sums[1] += dy * (z_next.kx[i] - z.kx[i]);
    }
    return sums;
  });
  const double movement = primal_weight_ * dx_sq + dual[0] / primal_weight_;
  const double interaction = std::abs(dual[1]);
  const double limit = interaction > 0 ? movement / (2.0 * interaction) : kUnbounded;
  const double k = static_cast<double>(iterations_ + 2);  // PDLP's k + 1 with k counted from 1
  const double proposed =
      std::min((1.0 - std::pow(k, -0.3)) * limit, (1.0 + std::pow(k, -0.6)) * step_size_);
  const bool accepted = step_size_ <= limit;
  step_used_ = step_size_;
  step_size_ = proposed;
  if (!accepted) return false;
  kernels_.TransposeMatVec(z_next.y, z_next.kty);
  return true;
}

template <typename Kernels>
void PdhgIteration<Kernels>::ComputeAverage(Point* average) const {
  const double inverse = sum_weight_ > 0 ? 1.0 / sum_weight_ : 0.0;
  const Index m = kernels_.num_rows(), n = kernels_.num_columns();
  kernels_.ForEach(n, [&](Index begin, Index end) {
    for (Index j = begin; j < end; ++j) average->x[j] = sum_x_[j] * inverse;
  });
  kernels_.ForEach(m, [&](Index begin, Index end) {
    for (Index i = begin; i < end; ++i) average->y[i] = sum_y_[i] * inverse;
  });
  ExactProducts(kernels_, average);
}

template <typename Kernels>
RunResult PdhgIteration<Kernels>::Run() {
  const Index m = kernels_.num_rows(), n = kernels_.num_columns();
  auto allocate = [&](Point& point) { ZeroPoint(m, n, point); };
  allocate(current_);
  allocate(next_);
  Point average;
  allocate(average);
  for (Index j = 0; j < n; ++j) {
    current_.x[j] = std::min(std::max(0.0, lp_.column_lower[j]), lp_.column_upper[j]);
  }
  kernels_.MatVec(current_.x, current_.kx);
  sum_x_.assign(static_cast<std::size_t>(n), 0.0);
  sum_y_.assign(static_cast<std::size_t>(m), 0.0);

  // Step size 1/‖K‖_max, primal weight ‖c̃‖/‖b̃‖ (both of the scaled problem; scaling.h).
  step_size_ = lp_.initial_step_size;
  primal_weight_ = lp_.initial_primal_weight;
  if (warm_start_) {  // a warm start (StartFrom): its point, and its η and ω where it has them
    current_.x = warm_start_->x;
    current_.y = warm_start_->y;
    ExactProducts(kernels_, &current_);
    if (warm_start_->step_size > 0) step_size_ = warm_start_->step_size;
    if (warm_start_->primal_weight > 0) primal_weight_ = warm_start_->primal_weight;
  }

  last_restart_ = current_;
  Measures restart_measures = Evaluate(lp_, kernels_, current_);
  double previous_candidate_kkt = kUnbounded;
  RunResult result;
  const std::int64_t frequency = options_.check_frequency;
  const double tolerance = options_.tolerance;
  auto converged = [&](const Measures& measures) {
    return OptimalityCriteriaMet(measures.relative, tolerance);
  };
  auto finish = [&](TerminationReason reason, const Point& point, const Measures& measures,
                    bool is_average) {
    result.reason = reason;
    result.point = point;
    result.measures = measures;
    result.average = is_average;
    result.iterations = iterations_;
  };

  Vector ray_x(static_cast<std::size_t>(n)), ray_y(static_cast<std::size_t>(m));
  Vector ray_kx(static_cast<std::size_t>(m)), ray_kty(static_cast<std::size_t>(n));
  std::int64_t next_check = 0;
  for (;;) {
    if (options_.should_stop && options_.should_stop()) {
      result.cancelled = true;
      result.iterations = iterations_;
      break;
    }
    const bool at_limit = options_.iteration_limit > 0 && iterations_ >= options_.iteration_limit;
    if (iterations_ >= next_check || at_limit) {
      next_check = iterations_ + frequency;
      if (HasInexactProducts(kernels_)) ExactProducts(kernels_, &current_);
      const Measures current_measures = Evaluate(lp_, kernels_, current_);
      Measures average_measures;
      const bool have_average = since_restart_ > 0 && sum_weight_ > 0;
      if (have_average) {
        ComputeAverage(&average);
        average_measures = Evaluate(lp_, kernels_, average);
      }
      const bool use_average =
          have_average && average_measures.relative.Largest() < current_measures.relative.Largest();
      const Measures& best = use_average ? average_measures : current_measures;
      if (options_.progress) {
        options_.progress(
            ProgressAt(iterations_, Seconds(), best, restarts_, primal_weight_, step_size_));
      }
      if (!current_measures.absolute.finite() ||
          (have_average && !average_measures.absolute.finite())) {
        finish(TerminationReason::kNumericalError, current_, current_measures, false);
        break;
      }
      if (converged(best)) {
        finish(TerminationReason::kOptimal, use_average ? average : current_, best, use_average);
        break;
      }
      if (converged(current_measures)) {
        finish(TerminationReason::kOptimal, current_, current_measures, false);
        break;
      }
      if (have_average && converged(average_measures)) {
        finish(TerminationReason::kOptimal, average, average_measures, true);
        break;
      }
      // Infeasibility: the iterate difference since the last restart and the current iterate.
      if (since_restart_ > 0) {
        for (Index j = 0; j < n; ++j) {
          ray_x[j] = current_.x[j] - last_restart_.x[j];
          ray_kty[j] = current_.kty[j] - last_restart_.kty[j];
        }
        for (Index i = 0; i < m; ++i) {
          ray_y[i] = current_.y[i] - last_restart_.y[i];
          ray_kx[i] = current_.kx[i] - last_restart_.kx[i];
        }
        const double eps = options_.infeasibility_tolerance;
        if (IsDualRay(lp_, ray_y, ray_kty, eps, kernels_) ||
            IsDualRay(lp_, current_.y, current_.kty, eps, kernels_)) {
          finish(TerminationReason::kPrimalInfeasible, current_, current_measures, false);
          break;
        }
        if (IsPrimalRay(lp_, ray_x, ray_kx, eps, kernels_) ||
            IsPrimalRay(lp_, current_.x, current_.kx, eps, kernels_)) {
          finish(TerminationReason::kDualInfeasible, current_, current_measures, false);
          break;
        }
      }
      // Every process must stop at the same check: the slowest clock decides.
      if (const auto limit = CheckLimits(options_, iterations_, kernels_.GlobalMax(Seconds()))) {
        finish(*limit, use_average ? average : current_, best, use_average);
        break;
      }
      // Adaptive restart on the ω-weighted KKT error.
      if (have_average) {
        const double current_kkt = current_measures.Kkt(primal_weight_);
        const double average_kkt = average_measures.Kkt(primal_weight_);
        const double restart_kkt = restart_measures.Kkt(primal_weight_);
        const RestartDecision decision =
            DecideRestart(restart_, current_kkt, average_kkt, restart_kkt, previous_candidate_kkt,
                          since_restart_, iterations_);
        previous_candidate_kkt = decision.candidate_kkt;
        if (decision.restart) {
          if (decision.to_average) current_ = average;
          const double dx_sq = kernels_.SquaredDistance(current_.x, last_restart_.x);
          const double dy_sq = kernels_.SquaredDistance(current_.y, last_restart_.y);
          primal_weight_ =
              UpdatePrimalWeight(restart_, primal_weight_, std::sqrt(dx_sq), std::sqrt(dy_sq));
          last_restart_ = current_;
          restart_measures = decision.to_average ? average_measures : current_measures;
          previous_candidate_kkt = kUnbounded;
          std::fill(sum_x_.begin(), sum_x_.end(), 0.0);
          std::fill(sum_y_.begin(), sum_y_.end(), 0.0);
          sum_weight_ = 0.0;
          since_restart_ = 0;
          ++restarts_;
        }
      }
    }
    // One step (retried with a smaller η until accepted; every attempt counts as an iteration).
    bool accepted = false;
    while (!accepted) {
      accepted = TryStep();
      ++iterations_;
      if (!accepted) ++rejected_;
      if (!accepted && options_.iteration_limit > 0 && iterations_ >= options_.iteration_limit)
        break;
    }
    if (accepted) {
      std::swap(current_, next_);
      kernels_.Axpy(step_used_, current_.x, sum_x_);
      kernels_.Axpy(step_used_, current_.y, sum_y_);
      sum_weight_ += step_used_;
      ++since_restart_;
    }
  }
  if (summary_) {
    summary_->restarts = restarts_;
    summary_->rejected_steps = rejected_;
    summary_->final_primal_weight = primal_weight_;
    summary_->final_step_size = step_size_;
    summary_->returned_average = result.average;
    summary_->returned_point = result.average ? "average" : "current";
  }
  return result;
}

}  // namespace gosplan::pdlp
