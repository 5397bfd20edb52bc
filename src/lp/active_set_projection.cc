// ProjectOntoActiveSet (linear_program.h; docs/pdlp.md, "Exact without pivots"): from PDLP's
// approximate optimal pair to a verified optimal point by two least-norm solves on the active set.
//
// Why it works on the plan LPs where CLP's crossover needs tens of thousands of pivots: those LPs
// are degenerate in every row (in the generated plans every activity of 2027–2030 sits at its
// capacity and every target row is tight), so a vertex must be chosen among many, and each pivot
// of that choice updates an LU holding five filled (I − A) blocks. An optimal point need not be a
// vertex. PDLP's pair at 1e-6 is nearly strictly complementary, so it names the active set; on
// that set the optimality conditions are two linear systems — the tight rows as equations in the
// free columns, the free columns' zero reduced costs as equations in the tight rows' duals — both
// consistent when the set is right, whatever their rank. Their least-norm corrections are the
// smallest moves of PDLP's pair onto them, and LSQR finds them with matrix products alone.
// MeasureLpAccuracy then checks everything else (inactive rows, bounds, signs, gap) independently.
#include <fmt/format.h>

#include <Eigen/Sparse>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <vector>

#include "gosplan/linear_program.h"

namespace gosplan {
namespace {

using Vector = Eigen::VectorXd;
using SparseMatrix = Eigen::SparseMatrix<double, Eigen::ColMajor, std::int64_t>;

// LSQR for the least-norm solution of M z = b (Paige & Saunders, ACM TOMS 8(1), 1982, Algorithm
// LSQR with the stopping rules S1 and S2): from z = 0 the iterates stay in the row space of M, so
// on a consistent system they converge to the least-norm solution. Stops when the residual estimate
// falls below `relative`·‖b‖ (S1) or ‖Mᵀr‖ below `relative`·‖M‖‖r‖ (S2: inconsistent), or after
// `limit` iterations. Returns the iterations taken; z is overwritten.
template <typename Matrix>
std::int64_t Lsqr(const Matrix& m, const Vector& b, Vector& z, double relative, std::int64_t limit,
                  const std::function<bool()>& should_stop) {
  z = Vector::Zero(m.cols());
  Vector u = b;
  double beta = u.norm();
  if (beta == 0.0) return 0;
  u /= beta;
  Vector v = m.transpose() * u;
  double alpha = v.norm();
  if (alpha == 0.0) return 0;
  v /= alpha;
  Vector w = v;
  double phibar = beta, rhobar = alpha;
  double norm_m_squared = 0.0;  // Frobenius estimate of ‖M‖ from the bidiagonalisation
  const double norm_b = beta;
  std::int64_t k = 0;
  while (k < limit) {
    ++k;
    u = m * v - alpha * u;
    beta = u.norm();
    if (beta > 0) u /= beta;
    norm_m_squared += alpha * alpha + beta * beta;
    v = m.transpose() * u - beta * v;
    alpha = v.norm();
    if (alpha > 0) v /= alpha;
    const double rho = std::hypot(rhobar, beta);
    const double c = rhobar / rho, s = beta / rho;
    const double theta = s * alpha;
    rhobar = -c * alpha;
    const double phi = c * phibar;
    phibar = s * phibar;
    z += (phi / rho) * w;
    w = v - (theta / rho) * w;
    if (phibar <= relative * norm_b) break;                                                    // S1
    if (phibar * alpha * std::abs(c) <= relative * std::sqrt(norm_m_squared) * phibar) break;  // S2
    if (alpha == 0.0 || beta == 0.0) break;
    if ((k & 63) == 0 && should_stop && should_stop()) break;
  }
  return k;
}

// LSQR, then up to two rounds of refinement on the residual recomputed in double (LSQR's recurrence
// drifts from the true residual by rounding). Returns the iterations of all rounds.
template <typename Matrix>
std::int64_t SolveLeastNorm(const Matrix& m, const Vector& b, Vector& z,
                            const std::function<bool()>& should_stop) {
  constexpr double kRelative = 1e-15;
  const std::int64_t limit = std::max<std::int64_t>(2000, 4 * std::min(m.rows(), m.cols()));
  std::int64_t iterations = Lsqr(m, b, z, kRelative, limit, should_stop);
  const double target = 1e-14 * std::max(1.0, b.lpNorm<Eigen::Infinity>());
  for (int round = 0; round < 2; ++round) {
    const Vector residual = b - m * z;
    if (residual.lpNorm<Eigen::Infinity>() <= target) break;
    Vector correction;
    iterations += Lsqr(m, residual, correction, kRelative, limit, should_stop);
    z += correction;
  }
  return iterations;
}

}  // namespace

Result<LpSolution> ProjectOntoActiveSet(const LinearProgram& lp, const LpSolution& start,
                                        ProjectionSummary* summary,
                                        const std::function<bool()>& should_stop) {
  if (Status invalid = ValidateLinearProgram(lp); !invalid.ok()) return invalid;
  const Index m = lp.num_rows, n = lp.num_columns;
  if (static_cast<Index>(start.column_values.size()) != n ||
      static_cast<Index>(start.row_duals.size()) != m) {
    return Status::InvalidArgument(
        "ProjectOntoActiveSet",
        fmt::format("the starting point has {} column values and {} row duals; the LP has {} "
                    "columns and {} rows",
                    start.column_values.size(), start.row_duals.size(), n, m));
  }
  const auto clock_start = std::chrono::steady_clock::now();
  ProjectionSummary local;
  if (summary == nullptr) summary = &local;
  *summary = ProjectionSummary{};

  // Work in the minimisation sense: y ≥ 0 on a row at its lower bound, d ≥ 0 at a column's lower.
  const double sense = lp.maximize ? -1.0 : 1.0;
  std::vector<double> x(start.column_values);
  std::vector<double> y(static_cast<std::size_t>(m));
  for (Index i = 0; i < m; ++i) y[i] = sense * start.row_duals[i];
  double x_scale = 1.0, y_scale = 0.0;
  for (Index j = 0; j < n; ++j) {
    if (std::isfinite(x[j])) x_scale = std::max(x_scale, std::abs(x[j]));
  }
  for (Index i = 0; i < m; ++i) y_scale = std::max(y_scale, std::abs(y[i]));
  if (y_scale == 0.0) y_scale = 1.0;

  // Columns: at a bound where the distance to it is no larger than the reduced cost pushing there.
  enum class Place : unsigned char { kFree, kLower, kUpper };
  std::vector<Place> column_place(static_cast<std::size_t>(n), Place::kFree);
  for (Index j = 0; j < n; ++j) {
    double reduced = sense * lp.objective[j], pushed = 0.0;
    for (Index e = lp.column_starts[j]; e < lp.column_starts[j + 1]; ++e) {
      reduced -= lp.values[e] * y[lp.row_indices[e]];
      pushed = std::max(pushed, std::abs(lp.values[e] * y[lp.row_indices[e]]));
    }
    const double d_scale = 1.0 + std::max(std::abs(lp.objective[j]), pushed);
    const double lower = lp.column_lower[j], upper = lp.column_upper[j];
    if (std::isfinite(lower) &&
        (lower == upper || (x[j] - lower) / x_scale <= std::max(reduced, 0.0) / d_scale)) {
      column_place[j] = Place::kLower;
      x[j] = lower;
    } else if (std::isfinite(upper) &&
               (upper - x[j]) / x_scale <= std::max(-reduced, 0.0) / d_scale) {
      column_place[j] = Place::kUpper;
      x[j] = upper;
    }
  }
  // Rows, at that x: tight where the slack is no larger than the dual pushing there, or tiny.
  std::vector<double> activity(static_cast<std::size_t>(m), 0.0), largest(activity);
  for (Index j = 0; j < n; ++j) {
    for (Index e = lp.column_starts[j]; e < lp.column_starts[j + 1]; ++e) {
      const double term = lp.values[e] * x[j];
      activity[lp.row_indices[e]] += term;
      largest[lp.row_indices[e]] = std::max(largest[lp.row_indices[e]], std::abs(term));
    }
  }
  constexpr double kTinySlack = 1e-6;  // relative to 1 + the row's largest term
  std::vector<Index> tight_index(static_cast<std::size_t>(m), -1);
  std::vector<double> target;
  std::vector<Index> tight_rows;
  for (Index i = 0; i < m; ++i) {
    const double lower = lp.row_lower[i], upper = lp.row_upper[i];
    const double tiny = kTinySlack * (1.0 + largest[i]);
    double bound = std::numeric_limits<double>::quiet_NaN();
    if (std::isfinite(lower) &&
        (lower == upper || (activity[i] - lower) / x_scale <= std::max(y[i], 0.0) / y_scale ||
         activity[i] - lower <= tiny)) {
      bound = lower;
    } else if (std::isfinite(upper) &&
               ((upper - activity[i]) / x_scale <= std::max(-y[i], 0.0) / y_scale ||
                upper - activity[i] <= tiny)) {
      bound = upper;
    }
    if (std::isnan(bound)) {
      y[i] = 0.0;  // a row with slack carries no price
      continue;
    }
    tight_index[i] = static_cast<Index>(tight_rows.size());
    tight_rows.push_back(i);
    target.push_back(bound);
  }
  std::vector<Index> free_columns;
  for (Index j = 0; j < n; ++j) {
    if (column_place[j] == Place::kFree) free_columns.push_back(j);
  }
  summary->tight_rows = static_cast<Index>(tight_rows.size());
  summary->free_columns = static_cast<Index>(free_columns.size());
  summary->columns_at_bound = n - summary->free_columns;

  // A_TF in CSC, columns in F's order, rows numbered within T.
  const Index t_count = summary->tight_rows, f_count = summary->free_columns;
  SparseMatrix a_tf(t_count, f_count);
  {
    std::vector<Eigen::Triplet<double, std::int64_t>> entries;
    for (Index k = 0; k < f_count; ++k) {
      const Index j = free_columns[k];
      for (Index e = lp.column_starts[j]; e < lp.column_starts[j + 1]; ++e) {
        const Index row = tight_index[lp.row_indices[e]];
        if (row >= 0) entries.emplace_back(row, k, lp.values[e]);
      }
    }
    a_tf.setFromTriplets(entries.begin(), entries.end());
  }

  // Primal: the tight rows onto their bounds by moving the free columns least.
  Vector row_residual(t_count);
  for (Index r = 0; r < t_count; ++r) row_residual[r] = target[r] - activity[tight_rows[r]];
  Vector column_step;
  summary->primal_iterations = SolveLeastNorm(a_tf, row_residual, column_step, should_stop);
  for (Index k = 0; k < f_count; ++k) x[free_columns[k]] += column_step[k];

  // Dual: the free columns' reduced costs to zero by moving the tight rows' duals least.
  Vector y_tight(t_count);
  for (Index r = 0; r < t_count; ++r) y_tight[r] = y[tight_rows[r]];
  Vector reduced_free(f_count);
  {
    const Vector priced = a_tf.transpose() * y_tight;
    for (Index k = 0; k < f_count; ++k)
      reduced_free[k] = sense * lp.objective[free_columns[k]] - priced[k];
  }
  const auto transposed = a_tf.transpose();
  Vector dual_step;
  summary->dual_iterations = SolveLeastNorm(transposed, reduced_free, dual_step, should_stop);
  for (Index r = 0; r < t_count; ++r) y[tight_rows[r]] = y_tight[r] + dual_step[r];
  if (should_stop && should_stop()) {
    return Status::Cancelled(fmt::format(
        "the active-set projection of an LP with {} rows and {} columns, after {} LSQR iterations",
        m, n, summary->primal_iterations + summary->dual_iterations));
  }

  LpSolution solution;
  solution.column_values = std::move(x);
  solution.row_duals.resize(static_cast<std::size_t>(m));
  for (Index i = 0; i < m; ++i) solution.row_duals[i] = sense * y[i];
  solution.row_activities.assign(static_cast<std::size_t>(m), 0.0);
  solution.reduced_costs.assign(lp.objective.begin(), lp.objective.end());
  solution.objective = lp.objective_offset;
  for (Index j = 0; j < n; ++j) {
    const double xj = solution.column_values[j];
    solution.objective += lp.objective[j] * xj;
    for (Index e = lp.column_starts[j]; e < lp.column_starts[j + 1]; ++e) {
      solution.row_activities[lp.row_indices[e]] += lp.values[e] * xj;
      solution.reduced_costs[j] -= lp.values[e] * solution.row_duals[lp.row_indices[e]];
    }
  }
  solution.max_primal_violation = MaxPrimalViolation(lp, solution.column_values);
  solution.iterations = 0;  // no simplex pivots
  summary->accuracy = MeasureLpAccuracy(lp, solution.column_values, solution.row_duals);
  summary->verified = summary->accuracy.largest() <= kProjectionTolerance;
  solution.status = summary->verified ? LpStatus::kOptimal : LpStatus::kError;
  solution.solver = fmt::format(
      "active-set projection ({} tight rows, {} free columns; LSQR {} + {} iterations, no pivots)",
      summary->tight_rows, summary->free_columns, summary->primal_iterations,
      summary->dual_iterations);
  summary->seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start).count();
  solution.seconds = summary->seconds;
  return solution;
}

}  // namespace gosplan
