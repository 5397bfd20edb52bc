// Restarted Halpern PDHG with reflection (r2HPDHG: Lu & Yang, "Restarted Halpern PDHG for linear
// programming", 2024; the iteration of cuPDLPx, Lu, Peng & Yang 2025), PdlpOptions::variant =
// kHalpern, on the same scaled, presolved LP as the averaged PDLP iteration (pdhg_iteration.h),
// with the same termination measures and infeasibility tests (docs/pdlp.md, "Halpern variant").
//
//   T(z)        one PDHG step from z = (x̃, ỹ) with a CONSTANT step size (the Halpern scheme needs a
//               fixed operator): x̂ = proj_X(x̃ − τ(c̃ − Kᵀỹ)), ŷ = prox of p at ỹ − σK(2x̂ − x̃),
//               τ = η/ω, σ = ηω, η = 0.998/‖K‖₂ with ‖K‖₂ from ≤ 100 Lanczos steps on KᵀK (after
//               the Pock–Chambolle scaling ‖K‖₂ ≤ 1). The Lanczos estimate is a lower bound,
//               so a divergence (the residual below grows tenfold within an epoch) halves η and
//               restarts the epoch from its anchor.
//   iteration   z^{k+1} = (k+1)/(k+2) · ((1+ρ) T(z^k) − ρ z^k) + 1/(k+2) · z^0, ρ = 1 (reflection),
//               k counted from the last restart, z^0 the restart point (the anchor).
//   residual    r(z) = ‖z − T(z)‖_P with ‖Δz‖²_P = (ω‖Δx‖² + ‖Δy‖²/ω + 2η ΔyᵀKΔx)/η, the PDHG
//               metric (positive definite when η‖K‖₂ < 1); the constant 1/η is dropped.
//   restarts    at the checks (every check_frequency iterations), by restart.h's DecideRestart on
//               r(z^k) against r at the anchor (sufficient 0.2; necessary 0.8 and growing since the
//               previous check; artificial after 36 % of all iterations). The new anchor is T(z^k)
//               (x̂ in the box, ŷ sign-feasible). The primal weight then follows cuPDLPx's PID
//               controller (PrimalWeightController below), not PDLP's smoothing: with PDLP's
//               smoothing the 20,000-product plan took 4,288 iterations, with the controller 1,088.
//   termination on T(z^k) = (x̂, ŷ), by termination.h's criteria (the same as the averaged
//               variant), checked every check_frequency iterations.
//
// Cost per iteration: one K·x̂ and one Kᵀ·y^{k+1}; K·x^{k+1} follows by linearity from K·x̂, K·x^k
// and K·x^0, and the Halpern update is fused into the primal and dual loops, so an iteration
// streams about as many vectors as the averaged variant (which keeps running sums instead). Kᵀŷ is
// needed only at a check: one extra product every check_frequency iterations.
//
// Determinism: only the kernels' products and chunked sums, so bit-identical for any thread count.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <type_traits>
#include <utility>
#include <vector>

#include "pdlp/pdhg_iteration.h"
#include "pdlp/step_bounds.h"

namespace gosplan::pdlp {

// The constants of the Halpern variant (cuPDLPx's defaults).
struct HalpernParameters {
  double reflection = 1.0;  // ρ: (1+ρ)T − ρI; 0 is plain Halpern, 1 the full reflection
  double step_size_fraction = 0.998;  // η = fraction / ‖K‖₂
  int norm_iterations = 100;          // Lanczos steps for ‖K‖₂, at most
  // The relative change of the estimate that ends them: on the 10^5-product plan LP the Lanczos
  // estimate changes by 1e-4 at its 33rd step (0.99195; 0.99278 at the 59th, where 1e-5 would stop
  // it; the power method had 0.9887 at its 100th).
  double norm_tolerance = 1e-4;
};

// The largest eigenvalue of the symmetric tridiagonal matrix with diagonal `a` and off-diagonal
// `b` (b.size() = a.size() − 1), by bisection on Sturm counts within the Gershgorin interval.
inline double LargestTridiagonalEigenvalue(const std::vector<double>& a,
                                           const std::vector<double>& b) {
  const std::size_t k = a.size();
  double lo = kUnbounded, hi = -kUnbounded;
  for (std::size_t i = 0; i < k; ++i) {
    const double radius = (i > 0 ? std::abs(b[i - 1]) : 0.0) + (i + 1 < k ? std::abs(b[i]) : 0.0);
    lo = std::min(lo, a[i] - radius);
    hi = std::max(hi, a[i] + radius);
  }
  // How many eigenvalues are < x: the negative pivots of T − xI's LDLᵀ.
  auto below = [&](double x) {
    std::size_t count = 0;
    double d = 1.0;
    for (std::size_t i = 0; i < k; ++i) {
      d = a[i] - x - (i > 0 ? b[i - 1] * b[i - 1] / d : 0.0);
      if (d == 0.0) d = -1e-300;
      if (d < 0.0) ++count;
    }
    return count;
  };
  for (int step = 0; step < 200 && hi - lo > 1e-15 * std::max(std::abs(hi), 1e-300); ++step) {
    const double middle = 0.5 * (lo + hi);
    if (below(middle) == k) {
      hi = middle;
    } else {
      lo = middle;
    }
  }
  return hi;
}

// An estimate of ‖K‖₂ = √λ_max(KᵀK) by the Lanczos iteration on KᵀK from a fixed pseudo-random
// vector (deterministic: the kernels' products and chunked sums): after j steps, the largest
// eigenvalue of the j × j tridiagonal T_j (α_i = ‖K v_i‖², β_i = ‖w_i‖) — a lower bound of
// λ_max that converges far faster than the power method's Rayleigh quotient where the top of the
// spectrum is clustered (10^5-product plan LP: the power method's estimate crept from 0.980 at
// its 10th to 0.9887 at its 100th iteration, 200 products, 3 s of the solve; Lanczos passes 0.990
// at its 21st). No
// reorthogonalisation: its loss of orthogonality repeats converged Ritz values, it does not move
// the largest past λ_max. Stops when the estimate changes by ≤ `tolerance` relative, when β
// vanishes (an invariant subspace), or after `max_iterations`. Returns 0 for a zero matrix.
template <typename Kernels>
double EstimateSpectralNorm(const Kernels& kernels, int max_iterations, double tolerance) {
  const Index m = kernels.num_rows(), n = kernels.num_columns();
  // A fixed pseudo-random start (an LCG, so deterministic): the all-ones vector can be nearly
  // orthogonal to the top singular vector (Netlib's scsd1: ‖K·1‖ gave 0.22 for ‖K‖₂ ≈ 1).
  Vector v(static_cast<std::size_t>(n)), previous(static_cast<std::size_t>(n), 0.0);
  Vector w(static_cast<std::size_t>(n)), kv(static_cast<std::size_t>(m));
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  for (Index j = 0; j < n; ++j) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    v[j] = 0.5 + static_cast<double>(state >> 11) * 0x1.0p-53;  // in [0.5, 1.5)
  }
  auto squared_norm = [&](const Vector& a, Index size) {
    return kernels.SumChunks(size, [&](Index begin, Index end) {
      double sum = 0.0;
      for (Index k = begin; k < end; ++k) sum += a[k] * a[k];
      return sum;
    });
  };
  const double v_norm = std::sqrt(squared_norm(v, n));
  if (!(v_norm > 0)) return 0.0;
  kernels.ForEach(n, [&](Index begin, Index end) {
    for (Index j = begin; j < end; ++j) v[j] /= v_norm;
  });
  std::vector<double> alpha, beta;
  double beta_previous = 0.0;
  double estimate = 0.0;
  for (int iteration = 0; iteration < max_iterations; ++iteration) {
    kernels.MatVec(v, kv);
    kernels.TransposeMatVec(kv, w);        // w = KᵀK v
    const double a = squared_norm(kv, m);  // vᵀKᵀKv
    // w ← w − α v − β_{j−1} v_{j−1}, and β_j = ‖w‖.
    const double b = std::sqrt(kernels.SumChunks(n, [&](Index begin, Index end) {
      double sum = 0.0;
      for (Index j = begin; j < end; ++j) {
        w[j] -= a * v[j] + beta_previous * previous[j];
        sum += w[j] * w[j];
      }
      return sum;
    }));
    alpha.push_back(a);
    const double next = std::sqrt(std::max(LargestTridiagonalEigenvalue(alpha, beta), 0.0));
    const bool settled = std::abs(next - estimate) <= tolerance * next;
    estimate = next;
    if (settled || !(b > 1e-12 * std::max(a, 1e-300))) break;
    beta.push_back(b);
    beta_previous = b;
    kernels.ForEach(n, [&](Index begin, Index end) {
      for (Index j = begin; j < end; ++j) {
        previous[j] = v[j];
        v[j] = w[j] / b;
      }
    });
  }
  return estimate;
}

// cuPDLPx's primal-weight controller (Lu, Peng & Yang 2025): with the imbalance of the scaled
// movements since the last restart e = log(√ω‖Δx‖ / (‖Δy‖/√ω)),
//   log ω ← log ω − (K_P e + K_I I),  I ← ρ_I I + e  (a discounted integral; K_D = 0),
// K_P = 0.99, K_I = 0.01, ρ_I = 0.3; ω is kept when either movement is ≤ 1e-10.
struct PrimalWeightController {
  double proportional = 0.99, integral_gain = 0.01, discount = 0.3;
  double integral = 0.0;
  double Update(double primal_weight, double primal_distance, double dual_distance) {
    if (!(primal_distance > 1e-10 && dual_distance > 1e-10)) return primal_weight;
    const double error = std::log(primal_weight * primal_distance / dual_distance);
    integral = discount * integral + error;
    return std::exp(std::log(primal_weight) - (proportional * error + integral_gain * integral));
  }
};

template <typename Kernels>
class HalpernIteration {
 public:
  HalpernIteration(const ScaledLp& lp, const Kernels& kernels, const PdlpOptions& options,
                   const RestartParameters& restart, Clock::time_point start, PdlpSummary* summary,
                   HalpernParameters halpern = {})
      : lp_(lp),
        kernels_(kernels),
        options_(options),
        restart_(restart),
        halpern_(halpern),
        start_(start),
        summary_(summary) {}

  RunResult Run();

  // Start from (x, y) instead of the origin (x projected onto the box, y as given: it must be
  // sign-feasible for the rows' bounds); when step_size > 0, with that constant η instead of the
  // Lanczos estimate's (feasibility polishing re-uses the main run's; feasibility_polishing.h);
  // when primal_weight > 0, with that ω instead of the scaled LP's initial one (a warm start,
  // warm_start.h).
  void StartFrom(const Vector* x, const Vector* y, double step_size, double primal_weight = 0.0) {
    start_x_ = x;
    start_y_ = y;
    given_step_size_ = step_size;
    given_primal_weight_ = primal_weight;
  }
  // Called at a check when the relative gap is ≤ ε and both residuals ≤ trigger·ε: may replace
  // the point by a polished one that meets all three criteria (feasibility_polishing.h). Returns
  // whether it did; *iterations: the polishing iterations spent either way.
  using Polisher = std::function<bool(const Point& point, double primal_weight, double step_size,
                                      std::int64_t iterations_so_far, Point* polished,
                                      std::int64_t* iterations)>;
  void SetPolisher(Polisher polisher, double trigger) {
    polisher_ = std::move(polisher);
    polish_trigger_ = trigger;
  }

 private:
  // One Halpern step: hat_ = T(z_), z_ ← the Halpern combination; returns r(z_)² (before the
  // update). ŷ (hat_.y) is stored only when `keep_dual`, for a step that a check follows: between
  // checks nothing reads it, and its store is 8 bytes a row of memory traffic (x̂ likewise with
  // float32 products, which read its float32 copy).
  double Step(bool keep_dual);
  double Seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  const ScaledLp& lp_;
  const Kernels& kernels_;
  const PdlpOptions& options_;
  const RestartParameters& restart_;
  const HalpernParameters halpern_;
  Clock::time_point start_;
  PdlpSummary* summary_;

  Point z_;       // z^k
  Point hat_;     // T(z^{k−1}); its y (and x with float32 products) and kty only at checks
  Point anchor_;  // z^0, the last restart
  StepBounds column_bounds_, row_bounds_;  // lp_'s bounds as the step reads them (step_bounds.h)
  std::vector<float> hat_x_float_;         // x̂ in float32 for K x̂ (FloatProductInput)
  double step_size_ = 1.0;
  double primal_weight_ = 1.0;
  std::int64_t iterations_ = 0;
  std::int64_t since_restart_ = 0;
  std::int64_t restarts_ = 0;
  std::int64_t step_reductions_ = 0;
  static constexpr double kDivergence = 10.0;
  PrimalWeightController pid_;
  const Vector* start_x_ = nullptr;
  const Vector* start_y_ = nullptr;
  double given_step_size_ = 0.0;
  double given_primal_weight_ = 0.0;
  Polisher polisher_;
  double polish_trigger_ = 1.0;
  std::int64_t next_polish_ = 0;  // no polishing attempt before this iteration
  std::int64_t first_met_ = 0;    // main iterations when the criteria at ε were first met
  Point met_;                     // the last point that met them (with polishing only)
  Measures met_measures_;
  std::int64_t polishing_iterations_ = 0, polishing_attempts_ = 0;
  bool polished_ = false;
  bool exact_products_ = false;  // after the mixed-precision handover
  SinglePrecisionHandover handover_;
  std::int64_t handover_iteration_ = 0;
};

template <typename Kernels>
double HalpernIteration<Kernels>::Step(bool keep_dual) {
  const Index m = kernels_.num_rows(), n = kernels_.num_columns();
  const double tau = step_size_ / primal_weight_;
  const double sigma = step_size_ * primal_weight_;
  const double k = static_cast<double>(since_restart_);
  const double weight = (k + 1.0) / (k + 2.0);  // of the reflected step; 1 − weight of z^0
  const double rho = halpern_.reflection;
  // Primal: x̂ = proj_X(x − τ(c̃ − Kᵀỹ)); then x ← w((1+ρ)x̂ − ρx) + (1−w)x⁰. With float32
  // products (before the handover) K x̂ is taken from a float32 copy of x̂ (FloatProductInput),
  // and x̂ itself is stored only for a step that a check follows.
  const bool float_input = FloatProductInput(kernels_, exact_products_);
  auto primal_chunk = [&](Index begin, Index end, auto store_double, auto store_float) {
    double sum = 0.0;
    Index cursor = column_bounds_.Cursor(begin);
    for (Index j = begin; j < end; ++j) {
      double lower, upper;
      column_bounds_.Read(j, &cursor, &lower, &upper);
      const double x = z_.x[j];
      const double moved = x - tau * (lp_.objective[j] - z_.kty[j]);
      const double projected = std::min(std::max(moved, lower), upper);
      if constexpr (decltype(store_double)::value) hat_.x[j] = projected;
      if constexpr (decltype(store_float)::value) hat_x_float_[j] = static_cast<float>(projected);
      const double d = projected - x;
      sum += d * d;
      z_.x[j] = weight * ((1.0 + rho) * projected - rho * x) + (1.0 - weight) * anchor_.x[j];
    }
    return sum;
  };
  auto primal = [&](auto store_double, auto store_float) {
    return kernels_.SumChunks(n, [&](Index begin, Index end) {
      return primal_chunk(begin, end, store_double, store_float);
    });
  };
  double dx_sq;
  if (!float_input) {
    dx_sq = primal(std::true_type{}, std::false_type{});
    IterationMatVec(kernels_, exact_products_, hat_.x, hat_.kx);
  } else {
    dx_sq = keep_dual ? primal(std::true_type{}, std::true_type{})
                      : primal(std::false_type{}, std::true_type{});
    FloatMatVec(kernels_, hat_x_float_, hat_.kx);
  }
  // Dual: ŷ = prox at y − σK(2x̂ − x); then y ← w((1+ρ)ŷ − ρy) + (1−w)y⁰, and K x likewise.
  auto dual_chunk = [&](Index begin, Index end, auto keep) {
    Sums<2> sums;
    Index cursor = row_bounds_.Cursor(begin);
    for (Index i = begin; i < end; ++i) {
      double lower, upper;
      row_bounds_.Read(i, &cursor, &lower, &upper);
      const double y_old = z_.y[i], kx_old = z_.kx[i], kx_hat = hat_.kx[i];
      const double t = y_old - sigma * (2.0 * kx_hat - kx_old);
      double y;
      if (t > -sigma * lower) {
        y = t + sigma * lower;
      } else if (t < -sigma * upper) {
        y = t + sigma * upper;
      } else {
        y = 0.0;
      }
      if constexpr (decltype(keep)::value) hat_.y[i] = y;
      const double dy = y - y_old;
      sums[0] += dy * dy;
      sums[1] += dy * (kx_hat - kx_old);
      z_.y[i] = weight * ((1.0 + rho) * y - rho * y_old) + (1.0 - weight) * anchor_.y[i];
      z_.kx[i] = weight * ((1.0 + rho) * kx_hat - rho * kx_old) + (1.0 - weight) * anchor_.kx[i];
    }
    return sums;
  };
  auto dual_pass = [&](auto keep) {
    return kernels_.SumChunks(m,
                              [&](Index begin, Index end) { return dual_chunk(begin, end, keep); });
  };
  const Sums<2> dual = keep_dual ? dual_pass(std::true_type{}) : dual_pass(std::false_type{});
  IterationTransposeMatVec(kernels_, exact_products_, z_.y, z_.kty);
  const double residual_sq =
      primal_weight_ * dx_sq + dual[0] / primal_weight_ + 2.0 * step_size_ * dual[1];
  return std::max(residual_sq, 0.0);
}

template <typename Kernels>
RunResult HalpernIteration<Kernels>::Run() {
  const Index m = kernels_.num_rows(), n = kernels_.num_columns();
  auto allocate = [&](Point& point) { ZeroPoint(m, n, point); };
  allocate(z_);
  allocate(hat_);
  if (FloatProductInput(kernels_, exact_products_))
    hat_x_float_.resize(static_cast<std::size_t>(n));
  column_bounds_ = StepBounds(lp_.column_lower, lp_.column_upper);
  row_bounds_ = StepBounds(lp_.row_lower, lp_.row_upper);
  for (Index j = 0; j < n; ++j) {
    const double x = start_x_ ? (*start_x_)[j] : 0.0;
    z_.x[j] = std::min(std::max(x, lp_.column_lower[j]), lp_.column_upper[j]);
  }
  kernels_.MatVec(z_.x, z_.kx);
  if (start_y_) {
    z_.y = *start_y_;
    kernels_.TransposeMatVec(z_.y, z_.kty);
  }
  anchor_ = z_;

  if (given_step_size_ > 0) {
    step_size_ = given_step_size_;
  } else {
    const double norm =
        EstimateSpectralNorm(kernels_, halpern_.norm_iterations, halpern_.norm_tolerance);
    step_size_ = norm > 0 ? halpern_.step_size_fraction / norm : lp_.initial_step_size;
  }
  primal_weight_ = given_primal_weight_ > 0 ? given_primal_weight_ : lp_.initial_primal_weight;

  RunResult result;
  auto finish = [&](TerminationReason reason, const Point& point, const Measures& measures) {
    result.reason = reason;
    result.point = point;
    result.measures = measures;
    result.average = false;
    result.iterations = iterations_;
  };
  const std::int64_t frequency = options_.check_frequency;
  const double tolerance = options_.tolerance;
  double restart_residual = kUnbounded;   // r at the restart point, known after its first step
  double previous_residual = kUnbounded;  // r at the previous check since the restart
  Vector ray_x(static_cast<std::size_t>(n)), ray_y(static_cast<std::size_t>(m));
  Vector ray_kx(static_cast<std::size_t>(m)), ray_kty(static_cast<std::size_t>(n));
  for (;;) {
    if (options_.should_stop && options_.should_stop()) {
      result.cancelled = true;
      result.iterations = iterations_;
      break;
    }
    const std::int64_t next = iterations_ + 1;
    const bool check_follows = next % options_.check_frequency == 0 ||
                               (options_.iteration_limit > 0 && next >= options_.iteration_limit);
    const double residual = std::sqrt(Step(check_follows));
    ++iterations_;
    ++since_restart_;
    if (since_restart_ == 1) restart_residual = residual;
    // Divergence (the Lanczos estimate of ‖K‖₂ is a lower bound and may be short of the norm): the
    // fixed-point residual of a convergent Halpern epoch does not grow tenfold. Halve η and
    // start the epoch again from its anchor.
    if (!std::isfinite(residual) || residual > kDivergence * restart_residual) {
      step_size_ *= 0.5;
      ++step_reductions_;
      z_ = anchor_;
      since_restart_ = 0;
      restart_residual = previous_residual = kUnbounded;
      continue;
    }
    const bool at_limit = options_.iteration_limit > 0 && iterations_ >= options_.iteration_limit;
    if (iterations_ % frequency != 0 && !at_limit) continue;

    // The check, on T(z^k) = hat_: complete it with Kᵀŷ (and K x̂ in double precision).
    if (HasInexactProducts(kernels_) && !exact_products_) {
      ExactProducts(kernels_, &hat_);
    } else {
      IterationTransposeMatVec(kernels_, exact_products_, hat_.y, hat_.kty);
    }
    const Measures measures = Evaluate(lp_, kernels_, hat_);
    if (options_.progress) {
      options_.progress(
          ProgressAt(iterations_, Seconds(), measures, restarts_, primal_weight_, step_size_));
    }
    if (!measures.absolute.finite() || !std::isfinite(residual)) {
      finish(TerminationReason::kNumericalError, hat_, measures);
      break;
    }
    // Feasibility polishing: the gap is small, the residuals close; try to make the point
    // primal and dual feasible to a tighter tolerance by the two feasibility problems. Not again
    // before the iterations have doubled (an attempt costs a fraction of them).
    const RelativeMeasures& relative = measures.relative;
    if (polisher_ && iterations_ >= next_polish_ && relative.gap <= tolerance &&
        std::max(relative.primal_residual, relative.dual_residual) <= polish_trigger_ * tolerance) {
      Point polished;
      std::int64_t spent = 0;
      const bool ok = polisher_(hat_, primal_weight_, step_size_, iterations_, &polished, &spent);
      iterations_ += spent;
      polishing_iterations_ += spent;
      ++polishing_attempts_;
      next_polish_ = 2 * iterations_;
      if (ok) {
        polished_ = true;
        finish(TerminationReason::kOptimal, polished, Evaluate(lp_, kernels_, polished));
        break;
      }
    }
    if (OptimalityCriteriaMet(measures.relative, tolerance)) {
      // With polishing asked for and not yet successful (its pair's gap was above ε), go on
      // until the main iterations have tripled since ε was first met or two attempts failed: the
      // next attempt, from a point with a smaller gap, usually succeeds; else return the point as
      // it is.
      if (first_met_ == 0) first_met_ = iterations_ - polishing_iterations_;
      if (!polisher_ || polishing_attempts_ >= 2 ||
          iterations_ - polishing_iterations_ >= 3 * first_met_) {
        finish(TerminationReason::kOptimal, hat_, measures);
        break;
      }
      met_ = hat_;  // returned should a limit end the extra iterations
      met_measures_ = measures;
    }
    // Infeasibility: the movement since the last restart, and the point itself.
    for (Index j = 0; j < n; ++j) {
      ray_x[j] = hat_.x[j] - anchor_.x[j];
      ray_kty[j] = hat_.kty[j] - anchor_.kty[j];
    }
    for (Index i = 0; i < m; ++i) {
      ray_y[i] = hat_.y[i] - anchor_.y[i];
      ray_kx[i] = hat_.kx[i] - anchor_.kx[i];
    }
    const double eps = options_.infeasibility_tolerance;
    if (IsDualRay(lp_, ray_y, ray_kty, eps, kernels_) ||
        IsDualRay(lp_, hat_.y, hat_.kty, eps, kernels_)) {
      finish(TerminationReason::kPrimalInfeasible, hat_, measures);
      break;
    }
    if (IsPrimalRay(lp_, ray_x, ray_kx, eps, kernels_) ||
        IsPrimalRay(lp_, hat_.x, hat_.kx, eps, kernels_)) {
      finish(TerminationReason::kDualInfeasible, hat_, measures);
      break;
    }
    if (const auto limit = CheckLimits(options_, iterations_, kernels_.GlobalMax(Seconds()))) {
      // A limit during the iterations after ε was met (polishing's extra ones): the last point
      // that met ε, never a worse one than the solve without polishing would have returned.
      if (first_met_ > 0) {
        finish(TerminationReason::kOptimal, met_, met_measures_);
      } else {
        finish(*limit, hat_, measures);
      }
      break;
    }
    // Mixed precision: past the float32 products' reach, the rest in double. The epoch goes on
    // (same anchor, same k): only the products of z^k and of the anchor are made exact.
    if (HasInexactProducts(kernels_) && !exact_products_ &&
        handover_.Due(measures.relative, tolerance)) {
      exact_products_ = true;
      handover_iteration_ = iterations_;
      ExactProducts(kernels_, &z_);
      ExactProducts(kernels_, &anchor_);
    }
    // Restart on the fixed-point residual of z^k (whose T is hat_); no average: +∞ there.
    // The artificial restart counts the main iterations only, so a failed polishing attempt
    // leaves the main trajectory as it was.
    const RestartDecision decision =
        DecideRestart(restart_, residual, kUnbounded, restart_residual, previous_residual,
                      since_restart_, iterations_ - polishing_iterations_);
    previous_residual = residual;
    if (decision.restart) {
      const double dx_sq = kernels_.SquaredDistance(hat_.x, anchor_.x);
      const double dy_sq = kernels_.SquaredDistance(hat_.y, anchor_.y);
      primal_weight_ = pid_.Update(primal_weight_, std::sqrt(dx_sq), std::sqrt(dy_sq));
      z_ = hat_;
      anchor_ = hat_;
      since_restart_ = 0;
      previous_residual = kUnbounded;
      restart_residual = kUnbounded;
      ++restarts_;
    }
  }
  if (summary_) {
    summary_->restarts = restarts_;
    summary_->rejected_steps = step_reductions_;  // η halved after a divergence
    summary_->final_primal_weight = primal_weight_;
    summary_->final_step_size = step_size_;
    summary_->returned_average = false;
    summary_->returned_point = polished_ ? "polished" : "current";
    summary_->polishing_attempts = polishing_attempts_;
    summary_->polishing_iterations = polishing_iterations_;
    summary_->single_precision_handover = handover_iteration_;
  }
  return result;
}

}  // namespace gosplan::pdlp
