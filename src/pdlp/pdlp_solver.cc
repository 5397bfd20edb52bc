// Restarted PDHG (PDLP). The mathematics and the names are in include/gosplan/pdlp.h; here:
//   scaled problem   K = D_r A D_c, c̃ = D_c c, column bounds / D_c, row bounds · D_r,
//                    x = D_c x̃, y = D_r ỹ (so cᵀx = c̃ᵀx̃ and p(y) = p̃(ỹ)),
//   one step         x' = proj_X(x − τ (c̃ − Kᵀy)),  y' = prox of p at y − σ K(2x' − x),
//                    τ = η/ω, σ = η·ω (η step size, ω primal weight),
//   termination      measured in the unscaled presolved problem: A x = (K x̃)/D_r, Aᵀy = (Kᵀỹ)/D_c,
//                    so no product with the unscaled matrix is needed.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "gosplan/pdlp.h"
#include "pdlp/lp_kernels.h"
#include "pdlp/presolve.h"

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
  if (check_frequency < 1 || check_frequency > 1000000) return fail("check_frequency must lie in [1, 10^6]");
  if (!(infeasibility_tolerance > 0 && infeasibility_tolerance < 1)) {
    return fail("infeasibility_tolerance must lie in (0, 1)");
  }
  if (ruiz_iterations < 0 || ruiz_iterations > 100) return fail("ruiz_iterations must lie in [0, 100]");
  return true;
}

namespace pdlp {
namespace {

using Vector = std::vector<double>;
using Clock = std::chrono::steady_clock;

// Restart parameters (PDLP's defaults).
constexpr double kSufficientReduction = 0.2;
constexpr double kNecessaryReduction = 0.8;
constexpr double kArtificialRestartFraction = 0.36;
constexpr double kPrimalWeightSmoothing = 0.5;

// The LP as a minimisation with infinities normalised (a bound of ±1e30 or beyond is missing, as in MPS).
MinimisationLp ToMinimisation(const LinearProgram& lp) {
  MinimisationLp result;
  result.matrix.num_rows = lp.num_rows;
  result.matrix.num_columns = lp.num_columns;
  result.matrix.starts = lp.column_starts;
  result.matrix.indices = lp.row_indices;
  result.matrix.values = lp.values;
  const double sense = lp.maximize ? -1.0 : 1.0;
  auto lower = [](double v) { return v <= -1e30 ? -kUnbounded : v; };
  auto upper = [](double v) { return v >= 1e30 ? kUnbounded : v; };
  result.objective.resize(static_cast<std::size_t>(lp.num_columns));
  for (Index j = 0; j < lp.num_columns; ++j) {
    result.objective[j] = sense * lp.objective[j];
    result.column_lower.push_back(lower(lp.column_lower[j]));
    result.column_upper.push_back(upper(lp.column_upper[j]));
  }
  for (Index i = 0; i < lp.num_rows; ++i) {
    result.row_lower.push_back(lower(lp.row_lower[i]));
    result.row_upper.push_back(upper(lp.row_upper[i]));
  }
  result.offset = sense * lp.objective_offset;
  return result;
}

// The largest finite |bound| of each row (0 when none), as PDLP's "combined bounds".
double CombinedBound(double lower, double upper) {
  double value = 0.0;
  if (std::isfinite(lower)) value = std::abs(lower);
  if (std::isfinite(upper)) value = std::max(value, std::abs(upper));
  return value;
}

// The part of a reduced cost g that the column's finite bounds can absorb (λ) and the rest (residual).
inline void SplitReducedCost(double g, double lower, double upper, double* lambda, double* residual) {
  const bool has_lower = lower > -kUnbounded, has_upper = upper < kUnbounded;
  if (has_lower && has_upper) {
    *lambda = g;
    *residual = 0.0;
  } else if (has_lower) {
    *lambda = std::max(g, 0.0);
    *residual = std::min(g, 0.0);
  } else if (has_upper) {
    *lambda = std::min(g, 0.0);
    *residual = std::max(g, 0.0);
  } else {
    *lambda = 0.0;
    *residual = g;
  }
}

inline double BoundTerm(double multiplier, double lower, double upper) {
  if (multiplier > 0) return multiplier * lower;
  if (multiplier < 0) return multiplier * upper;
  return 0.0;
}

// The presolved LP after Ruiz + Pock–Chambolle scaling, with the kernels over K.
struct ScaledLp {
  std::unique_ptr<LpKernels> kernels;
  Vector objective, column_lower, column_upper, row_lower, row_upper;
  Vector row_scale, column_scale;  // D_r, D_c
  double offset = 0.0;
  // ‖c‖₂ and ‖b‖₂ (combined row bounds) of the ORIGINAL LP: the presolve removes only rows that the
  // projected x satisfies exactly and columns whose reduced cost a finite bound absorbs, so residual norms
  // of the presolved and the original LP agree; the denominators must be the original's too.
  double objective_norm = 0.0;
  double bound_norm = 0.0;
};

ScaledLp Scale(const MinimisationLp& lp, const MinimisationLp& original, int ruiz_iterations, int threads) {
  const Index m = lp.matrix.num_rows, n = lp.matrix.num_columns;
  ScaledLp scaled;
  scaled.row_scale.assign(static_cast<std::size_t>(m), 1.0);
  scaled.column_scale.assign(static_cast<std::size_t>(n), 1.0);
  const CscMatrix& by_column = lp.matrix;
  const CscMatrix by_row = Transpose(lp.matrix);
  Vector& r = scaled.row_scale;
  Vector& s = scaled.column_scale;
  Vector row_measure(static_cast<std::size_t>(m)), column_measure(static_cast<std::size_t>(n));
  // measure = max (power 0) or sum (power 1) of |d_i a_ij e_j| over a compressed vector.
  auto measure = [&](const CscMatrix& compressed, const Vector& own, const Vector& other, bool sum,
                     Vector& out) {
    const Index count = compressed.num_columns;
#pragma omp parallel for schedule(static, 512) num_threads(threads) if (compressed.num_nonzeros() > 100000)
    for (Index j = 0; j < count; ++j) {
      double value = 0.0;
      for (Index k = compressed.starts[j]; k < compressed.starts[j + 1]; ++k) {
        const double entry = std::abs(compressed.values[k]) * own[j] * other[compressed.indices[k]];
        value = sum ? value + entry : std::max(value, entry);
      }
      out[j] = value;
    }
  };
  auto apply = [](Vector& scale, const Vector& measured) {
    for (std::size_t k = 0; k < scale.size(); ++k) {
      if (measured[k] > 0) scale[k] /= std::sqrt(measured[k]);
    }
  };
  for (int sweep = 0; sweep < ruiz_iterations; ++sweep) {
    measure(by_row, r, s, false, row_measure);
    measure(by_column, s, r, false, column_measure);
    apply(r, row_measure);
    apply(s, column_measure);
  }
  // Pock–Chambolle with α = 1: rows by Σ_j |k_ij|, columns by Σ_i |k_ij|.
  measure(by_row, r, s, true, row_measure);
  measure(by_column, s, r, true, column_measure);
  apply(r, row_measure);
  apply(s, column_measure);

  CscMatrix matrix = lp.matrix;
  for (Index j = 0; j < n; ++j) {
    for (Index k = matrix.starts[j]; k < matrix.starts[j + 1]; ++k) {
      matrix.values[k] *= r[matrix.indices[k]] * s[j];
    }
  }
  scaled.kernels = std::make_unique<LpKernels>(std::move(matrix), threads);
  scaled.objective.resize(static_cast<std::size_t>(n));
  scaled.column_lower.resize(static_cast<std::size_t>(n));
  scaled.column_upper.resize(static_cast<std::size_t>(n));
  double objective_sq = 0.0, bound_sq = 0.0;
  for (Index j = 0; j < n; ++j) {
    scaled.objective[j] = lp.objective[j] * s[j];
    scaled.column_lower[j] = lp.column_lower[j] / s[j];
    scaled.column_upper[j] = lp.column_upper[j] / s[j];
  }
  for (double c : original.objective) objective_sq += c * c;
  for (std::size_t i = 0; i < original.row_lower.size(); ++i) {
    const double b = CombinedBound(original.row_lower[i], original.row_upper[i]);
    bound_sq += b * b;
  }
  scaled.row_lower.resize(static_cast<std::size_t>(m));
  scaled.row_upper.resize(static_cast<std::size_t>(m));
  for (Index i = 0; i < m; ++i) {
    scaled.row_lower[i] = lp.row_lower[i] * r[i];
    scaled.row_upper[i] = lp.row_upper[i] * r[i];
  }
  scaled.offset = lp.offset;
  scaled.objective_norm = std::sqrt(objective_sq);
  scaled.bound_norm = std::sqrt(bound_sq);
  return scaled;
}

// A primal-dual point of the scaled problem with its matrix products.
struct Point {
  Vector x, y, kx, kty;  // x̃, ỹ, K x̃, Kᵀ ỹ
};

// Optimality measures of a point: unscaled (termination) and scaled (restart KKT error).
struct Measures {
  double primal_residual = 0.0, dual_residual = 0.0;  // unscaled ℓ2 norms
  double scaled_primal_sq = 0.0, scaled_dual_sq = 0.0;
  double primal_objective = 0.0, dual_objective = 0.0;  // minimisation form, with offset
  double relative_primal = 0.0, relative_dual = 0.0, relative_gap = 0.0;
  double gap() const { return std::abs(primal_objective - dual_objective); }
  double worst_relative() const { return std::max({relative_primal, relative_dual, relative_gap}); }
  bool finite() const {
    return std::isfinite(primal_residual) && std::isfinite(dual_residual) && std::isfinite(primal_objective) &&
           std::isfinite(dual_objective);
  }
  // KKT error in the scaled problem, weighted by ω as in PDLP/cuPDLP's restart scheme.
  double Kkt(double omega) const {
    const double g = gap();
    return std::sqrt(omega * scaled_primal_sq + scaled_dual_sq / omega + g * g);
  }
};

Measures Evaluate(const ScaledLp& lp, const Point& point) {
  const LpKernels& kernels = *lp.kernels;
  const Index m = kernels.num_rows(), n = kernels.num_columns();
  Measures result;
  // Rows: residual of K x̃ against the scaled row bounds, and the p(ỹ) term of the dual objective.
  const Sums<3> rows = kernels.SumChunks(m, [&](Index begin, Index end) {
    Sums<3> sums;
    for (Index i = begin; i < end; ++i) {
      const double activity = point.kx[i];
      const double residual = activity - std::min(std::max(activity, lp.row_lower[i]), lp.row_upper[i]);
      sums[0] += residual * residual;
      const double unscaled = residual / lp.row_scale[i];
      sums[1] += unscaled * unscaled;
      sums[2] += BoundTerm(point.y[i], lp.row_lower[i], lp.row_upper[i]);
    }
    return sums;
  });
  // Columns: reduced costs split onto the bounds, the primal objective.
  const Sums<4> columns = kernels.SumChunks(n, [&](Index begin, Index end) {
    Sums<4> sums;
    for (Index j = begin; j < end; ++j) {
      double lambda, residual;
      SplitReducedCost(lp.objective[j] - point.kty[j], lp.column_lower[j], lp.column_upper[j], &lambda,
                       &residual);
      sums[0] += residual * residual;
      const double unscaled = residual / lp.column_scale[j];
      sums[1] += unscaled * unscaled;
      sums[2] += BoundTerm(lambda, lp.column_lower[j], lp.column_upper[j]);
      sums[3] += lp.objective[j] * point.x[j];
    }
    return sums;
  });
  result.scaled_primal_sq = rows[0];
  result.primal_residual = std::sqrt(rows[1]);
  result.scaled_dual_sq = columns[0];
  result.dual_residual = std::sqrt(columns[1]);
  result.primal_objective = columns[3] + lp.offset;
  result.dual_objective = rows[2] + columns[2] + lp.offset;
  result.relative_primal = result.primal_residual / (1.0 + lp.bound_norm);
  result.relative_dual = result.dual_residual / (1.0 + lp.objective_norm);
  result.relative_gap =
      result.gap() / (1.0 + std::abs(result.primal_objective) + std::abs(result.dual_objective));
  return result;
}

// Is ỹ_ray (with Kᵀỹ_ray) a Farkas certificate of primal infeasibility? Checked in the unscaled problem:
// y in the recession cone of the dual (sign pattern of the row bounds), −Aᵀy absorbed by the column
// bounds, and p(y) + Σ λ·bound > 0; accepted when the largest violation ≤ tolerance × that objective.
bool IsDualRay(const ScaledLp& lp, const Vector& ray, const Vector& kty_ray, double tolerance) {
  const LpKernels& kernels = *lp.kernels;
  const Index m = kernels.num_rows(), n = kernels.num_columns();
  double scale = 0.0;
  for (Index i = 0; i < m; ++i) scale = std::max(scale, std::abs(ray[i] * lp.row_scale[i]));
  if (!(scale > 0) || !std::isfinite(scale)) return false;
  double objective = 0.0, violation = 0.0;
  for (Index i = 0; i < m; ++i) {
    const double y = ray[i] * lp.row_scale[i] / scale;
    const double scaled_y = ray[i] / scale;
    const bool has_lower = lp.row_lower[i] > -kUnbounded, has_upper = lp.row_upper[i] < kUnbounded;
    if (y > 0) {
      if (has_lower) objective += scaled_y * lp.row_lower[i];
      else violation = std::max(violation, y);
    } else if (y < 0) {
      if (has_upper) objective += scaled_y * lp.row_upper[i];
      else violation = std::max(violation, -y);
    }
  }
  for (Index j = 0; j < n; ++j) {
    double lambda, residual;
    SplitReducedCost(-kty_ray[j] / scale, lp.column_lower[j], lp.column_upper[j], &lambda, &residual);
    objective += BoundTerm(lambda, lp.column_lower[j], lp.column_upper[j]);
    violation = std::max(violation, std::abs(residual / lp.column_scale[j]));
  }
  return objective > 0 && violation <= tolerance * objective;
}

// Is x̃_ray (with K x̃_ray) a primal ray: x and A x in the recession cones of the bounds, cᵀx < 0?
bool IsPrimalRay(const ScaledLp& lp, const Vector& ray, const Vector& kx_ray, double tolerance) {
  const LpKernels& kernels = *lp.kernels;
  const Index m = kernels.num_rows(), n = kernels.num_columns();
  double scale = 0.0;
  for (Index j = 0; j < n; ++j) scale = std::max(scale, std::abs(ray[j] * lp.column_scale[j]));
  if (!(scale > 0) || !std::isfinite(scale)) return false;
  double objective = 0.0, violation = 0.0;
  for (Index j = 0; j < n; ++j) {
    const double x = ray[j] * lp.column_scale[j] / scale;
    objective += lp.objective[j] * ray[j] / scale;
    if (lp.column_lower[j] > -kUnbounded) violation = std::max(violation, -x);
    if (lp.column_upper[j] < kUnbounded) violation = std::max(violation, x);
  }
  for (Index i = 0; i < m; ++i) {
    const double activity = kx_ray[i] / lp.row_scale[i] / scale;
    if (lp.row_lower[i] > -kUnbounded) violation = std::max(violation, -activity);
    if (lp.row_upper[i] < kUnbounded) violation = std::max(violation, activity);
  }
  return objective < 0 && violation <= tolerance * -objective;
}

enum class Outcome { kRunning, kOptimal, kPrimalInfeasible, kDualInfeasible, kIterationLimit, kTimeLimit, kError };

struct RunResult {
  Outcome outcome = Outcome::kRunning;
  Point point;  // the returned point (scaled)
  Measures measures;
  std::int64_t iterations = 0;
  bool average = false;
};

class Solver {
 public:
  Solver(const ScaledLp& lp, const PdlpOptions& options, Clock::time_point start, PdlpSummary* summary)
      : lp_(lp), kernels_(*lp.kernels), options_(options), start_(start), summary_(summary) {}

  RunResult Run();

 private:
  // One adaptive PDHG step from current_ into next_ (PDLP's AdaptiveStepOfPDHG); returns false when
  // the attempt was rejected (η shrinks and the caller retries).
  bool TryStep();
  void ComputeAverage(Point* average) const;
  double Seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  const ScaledLp& lp_;
  const LpKernels& kernels_;
  const PdlpOptions& options_;
  Clock::time_point start_;
  PdlpSummary* summary_;

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

bool Solver::TryStep() {
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
  const double proposed = std::min((1.0 - std::pow(k, -0.3)) * limit, (1.0 + std::pow(k, -0.6)) * step_size_);
  const bool accepted = step_size_ <= limit;
  step_used_ = step_size_;
  step_size_ = proposed;
  if (!accepted) return false;
  kernels_.TransposeMatVec(z_next.y, z_next.kty);
  return true;
}

void Solver::ComputeAverage(Point* average) const {
  const double inverse = sum_weight_ > 0 ? 1.0 / sum_weight_ : 0.0;
  const Index m = kernels_.num_rows(), n = kernels_.num_columns();
  kernels_.ForEach(n, [&](Index begin, Index end) {
    for (Index j = begin; j < end; ++j) average->x[j] = sum_x_[j] * inverse;
  });
  kernels_.ForEach(m, [&](Index begin, Index end) {
    for (Index i = begin; i < end; ++i) average->y[i] = sum_y_[i] * inverse;
  });
  kernels_.MatVec(average->x, average->kx);
  kernels_.TransposeMatVec(average->y, average->kty);
}

RunResult Solver::Run() {
  const Index m = kernels_.num_rows(), n = kernels_.num_columns();
  auto allocate = [&](Point& point) {
    point.x.assign(static_cast<std::size_t>(n), 0.0);
    point.kty.assign(static_cast<std::size_t>(n), 0.0);
    point.y.assign(static_cast<std::size_t>(m), 0.0);
    point.kx.assign(static_cast<std::size_t>(m), 0.0);
  };
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

  // Step size 1/‖K‖_max, primal weight ‖c̃‖/‖b̃‖ (both of the scaled problem).
  double largest = 0.0;
  for (double v : kernels_.by_column().values) largest = std::max(largest, std::abs(v));
  step_size_ = largest > 0 ? 1.0 / largest : 1.0;
  {
    double b_sq = 0.0;
    for (Index i = 0; i < m; ++i) {
      const double b = CombinedBound(lp_.row_lower[i], lp_.row_upper[i]);
      b_sq += b * b;
    }
    const double c_norm = kernels_.Norm(lp_.objective), b_norm = std::sqrt(b_sq);
    primal_weight_ = c_norm > 1e-10 && b_norm > 1e-10 ? c_norm / b_norm : 1.0;
  }

  last_restart_ = current_;
  Measures restart_measures = Evaluate(lp_, current_);
  double previous_candidate_kkt = kUnbounded;
  RunResult result;
  const std::int64_t frequency = options_.check_frequency;
  const double tolerance = options_.tolerance;
  auto converged = [&](const Measures& measures) {
    return measures.relative_primal <= tolerance && measures.relative_dual <= tolerance &&
           measures.relative_gap <= tolerance;
  };
  auto finish = [&](Outcome outcome, const Point& point, const Measures& measures, bool is_average) {
    result.outcome = outcome;
    result.point = point;
    result.measures = measures;
    result.average = is_average;
    result.iterations = iterations_;
  };

  Vector ray_x(static_cast<std::size_t>(n)), ray_y(static_cast<std::size_t>(m));
  Vector ray_kx(static_cast<std::size_t>(m)), ray_kty(static_cast<std::size_t>(n));
  std::int64_t next_check = 0;
  for (;;) {
    const bool at_limit = options_.iteration_limit > 0 && iterations_ >= options_.iteration_limit;
    if (iterations_ >= next_check || at_limit) {
      next_check = iterations_ + frequency;
      const Measures current_measures = Evaluate(lp_, current_);
      Measures average_measures;
      const bool have_average = since_restart_ > 0 && sum_weight_ > 0;
      if (have_average) {
        ComputeAverage(&average);
        average_measures = Evaluate(lp_, average);
      }
      const bool use_average =
          have_average && average_measures.worst_relative() < current_measures.worst_relative();
      const Measures& best = use_average ? average_measures : current_measures;
      if (options_.progress) {
        PdlpProgress progress;
        progress.iteration = iterations_;
        progress.seconds = Seconds();
        progress.relative_primal_residual = best.relative_primal;
        progress.relative_dual_residual = best.relative_dual;
        progress.relative_gap = best.relative_gap;
        progress.primal_objective = best.primal_objective;
        progress.dual_objective = best.dual_objective;
        progress.restarts = restarts_;
        progress.primal_weight = primal_weight_;
        progress.step_size = step_size_;
        options_.progress(progress);
      }
      if (!current_measures.finite() || (have_average && !average_measures.finite())) {
        finish(Outcome::kError, current_, current_measures, false);
        break;
      }
      if (converged(best)) {
        finish(Outcome::kOptimal, use_average ? average : current_, best, use_average);
        break;
      }
      if (converged(current_measures)) {
        finish(Outcome::kOptimal, current_, current_measures, false);
        break;
      }
      if (have_average && converged(average_measures)) {
        finish(Outcome::kOptimal, average, average_measures, true);
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
        if (IsDualRay(lp_, ray_y, ray_kty, eps) || IsDualRay(lp_, current_.y, current_.kty, eps)) {
          finish(Outcome::kPrimalInfeasible, current_, current_measures, false);
          break;
        }
        if (IsPrimalRay(lp_, ray_x, ray_kx, eps) || IsPrimalRay(lp_, current_.x, current_.kx, eps)) {
          finish(Outcome::kDualInfeasible, current_, current_measures, false);
          break;
        }
      }
      if (at_limit) {
        finish(Outcome::kIterationLimit, use_average ? average : current_, best, use_average);
        break;
      }
      if (options_.time_limit_seconds > 0 && Seconds() >= options_.time_limit_seconds) {
        finish(Outcome::kTimeLimit, use_average ? average : current_, best, use_average);
        break;
      }
      // Adaptive restart on the ω-weighted KKT error (PDLP's three criteria).
      if (have_average) {
        const double current_kkt = current_measures.Kkt(primal_weight_);
        const double average_kkt = average_measures.Kkt(primal_weight_);
        const bool to_average = average_kkt < current_kkt;
        const double candidate_kkt = to_average ? average_kkt : current_kkt;
        const double restart_kkt = restart_measures.Kkt(primal_weight_);
        const bool sufficient = candidate_kkt <= kSufficientReduction * restart_kkt;
        const bool necessary =
            candidate_kkt <= kNecessaryReduction * restart_kkt && candidate_kkt > previous_candidate_kkt;
        const bool artificial =
            static_cast<double>(since_restart_) >= kArtificialRestartFraction * static_cast<double>(iterations_);
        previous_candidate_kkt = candidate_kkt;
        if (sufficient || necessary || artificial) {
          if (to_average) current_ = average;
          // Primal weight: ω ← exp(θ log(Δy/Δx) + (1 − θ) log ω) with the movement since the last restart.
          double dx_sq = 0.0, dy_sq = 0.0;
          for (Index j = 0; j < n; ++j) {
            const double d = current_.x[j] - last_restart_.x[j];
            dx_sq += d * d;
          }
          for (Index i = 0; i < m; ++i) {
            const double d = current_.y[i] - last_restart_.y[i];
            dy_sq += d * d;
          }
          const double dx = std::sqrt(dx_sq), dy = std::sqrt(dy_sq);
          if (dx > 1e-10 && dy > 1e-10) {
            primal_weight_ = std::exp(kPrimalWeightSmoothing * std::log(dy / dx) +
                                      (1.0 - kPrimalWeightSmoothing) * std::log(primal_weight_));
          }
          last_restart_ = current_;
          restart_measures = to_average ? average_measures : current_measures;
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
      if (!accepted && options_.iteration_limit > 0 && iterations_ >= options_.iteration_limit) break;
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
  }
  return result;
}

}  // namespace
}  // namespace pdlp

void ComputeRelativeMeasures(const LinearProgram& lp, LpSolution* solution) {
  const pdlp::MinimisationLp min_lp = pdlp::ToMinimisation(lp);
  const double sense = lp.maximize ? -1.0 : 1.0;
  const Index m = lp.num_rows, n = lp.num_columns;
  const auto& x = solution->column_values;
  std::vector<double> activity(static_cast<std::size_t>(m), 0.0), aty(static_cast<std::size_t>(n), 0.0);
  for (Index j = 0; j < n; ++j) {
    for (Index k = lp.column_starts[j]; k < lp.column_starts[j + 1]; ++k) {
      activity[lp.row_indices[k]] += lp.values[k] * x[j];
      aty[j] += lp.values[k] * sense * solution->row_duals[lp.row_indices[k]];
    }
  }
  double primal_sq = 0.0, bound_sq = 0.0, dual_sq = 0.0, objective_sq = 0.0;
  double primal_objective = min_lp.offset, dual_objective = min_lp.offset;
  for (Index i = 0; i < m; ++i) {
    const double lower = min_lp.row_lower[i], upper = min_lp.row_upper[i];
    const double residual = activity[i] - std::min(std::max(activity[i], lower), upper);
    primal_sq += residual * residual;
    const double b = pdlp::CombinedBound(lower, upper);
    bound_sq += b * b;
    // y projected onto the sign cone of the row's bounds (a backend's tiny wrong-sign noise is dropped).
    double y = sense * solution->row_duals[i];
    if (lower == -kUnbounded) y = std::min(y, 0.0);
    if (upper == kUnbounded) y = std::max(y, 0.0);
    dual_objective += pdlp::BoundTerm(y, lower, upper);
  }
  for (Index j = 0; j < n; ++j) {
    double lambda, residual;
    pdlp::SplitReducedCost(min_lp.objective[j] - aty[j], min_lp.column_lower[j], min_lp.column_upper[j],
                           &lambda, &residual);
    dual_sq += residual * residual;
    objective_sq += min_lp.objective[j] * min_lp.objective[j];
    dual_objective += pdlp::BoundTerm(lambda, min_lp.column_lower[j], min_lp.column_upper[j]);
    primal_objective += min_lp.objective[j] * x[j];
  }
  solution->relative_primal_residual = std::sqrt(primal_sq) / (1.0 + std::sqrt(bound_sq));
  solution->relative_dual_residual = std::sqrt(dual_sq) / (1.0 + std::sqrt(objective_sq));
  solution->relative_gap = std::abs(primal_objective - dual_objective) /
                           (1.0 + std::abs(primal_objective) + std::abs(dual_objective));
}

Result<LpSolution> SolveWithPdlp(const LinearProgram& lp, const PdlpOptions& options, PdlpSummary* summary) {
  std::string error;
  if (!options.IsValid(&error)) return Status::InvalidInput("<pdlp options>", 0, 0, error);
  if (Status shape = ValidateLinearProgram(lp); !shape.ok()) return shape;
  const auto start = pdlp::Clock::now();
  PdlpSummary local_summary;
  PdlpSummary& facts = summary ? *summary : local_summary;
  facts = PdlpSummary{};

  const pdlp::MinimisationLp original = pdlp::ToMinimisation(lp);
  std::optional<pdlp::Presolver> presolver;
  const pdlp::MinimisationLp* reduced = &original;
  if (options.presolve) {
    presolver.emplace(original);
    reduced = &presolver->reduced();
  }
  facts.presolved_rows = reduced->matrix.num_rows;
  facts.presolved_columns = reduced->matrix.num_columns;
  facts.presolved_nonzeros = reduced->matrix.num_nonzeros();

  LpSolution solution;
  {
    char name[80];
    std::snprintf(name, sizeof name, "PDLP restarted PDHG, tolerance %.0e", options.tolerance);
    solution.solver = name;
  }
  const double sense = lp.maximize ? -1.0 : 1.0;
  std::vector<double> x, y;
  if (presolver && presolver->infeasible()) {
    solution.status = LpStatus::kInfeasible;
    facts.message = "presolve: " + presolver->infeasibility_reason();
    x.assign(static_cast<std::size_t>(lp.num_columns), 0.0);
    for (Index j = 0; j < lp.num_columns; ++j) {
      x[j] = std::min(std::max(0.0, original.column_lower[j]), original.column_upper[j]);
    }
    y.assign(static_cast<std::size_t>(lp.num_rows), 0.0);
  } else {
    const pdlp::ScaledLp scaled = pdlp::Scale(*reduced, original, options.ruiz_iterations, options.threads);
    facts.threads = scaled.kernels->threads();
    pdlp::Solver solver(scaled, options, start, &facts);
    pdlp::RunResult run = solver.Run();
    solution.iterations = run.iterations;
    switch (run.outcome) {
      case pdlp::Outcome::kOptimal:
        solution.status = LpStatus::kOptimal;
        facts.message = "the relative residuals and gap are within the tolerance";
        break;
      case pdlp::Outcome::kPrimalInfeasible:
        solution.status = LpStatus::kInfeasible;
        facts.message = "the dual iterates give a Farkas certificate: no x satisfies the constraints";
        break;
      case pdlp::Outcome::kDualInfeasible:
        solution.status = LpStatus::kUnbounded;
        facts.message = "the primal iterates give a ray along which the objective improves without limit";
        break;
      case pdlp::Outcome::kIterationLimit:
        solution.status = LpStatus::kIterationLimit;
        facts.message = "stopped at the iteration limit before reaching the tolerance";
        break;
      case pdlp::Outcome::kTimeLimit:
        solution.status = LpStatus::kTimeLimit;
        facts.message = "stopped at the time limit before reaching the tolerance";
        break;
      case pdlp::Outcome::kError:
      case pdlp::Outcome::kRunning:
        solution.status = LpStatus::kError;
        facts.message = "non-finite numbers appeared in the iteration";
        break;
    }
    // Unscale: x = D_c x̃, y = D_r ỹ; then undo the presolve.
    std::vector<double> reduced_x(run.point.x.size()), reduced_y(run.point.y.size());
    // x̃ lies in the scaled box; the product with D_c can leave it by a rounding error, so clamp again.
    for (std::size_t j = 0; j < reduced_x.size(); ++j) {
      reduced_x[j] = std::min(std::max(run.point.x[j] * scaled.column_scale[j], reduced->column_lower[j]),
                              reduced->column_upper[j]);
    }
    for (std::size_t i = 0; i < reduced_y.size(); ++i) reduced_y[i] = run.point.y[i] * scaled.row_scale[i];
    if (presolver) {
      presolver->Postsolve(reduced_x, reduced_y, &x, &y);
    } else {
      x = std::move(reduced_x);
      y = std::move(reduced_y);
    }
  }
  // Duals in LpSolution's convention (derivatives of the objective as stated).
  solution.column_values = x;
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
  solution.seconds = std::chrono::duration<double>(pdlp::Clock::now() - start).count();
  return solution;
}

}  // namespace gosplan
