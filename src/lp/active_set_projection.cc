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
#include "lp/start_point.h"

namespace gosplan {
namespace {

using Vector = Eigen::VectorXd;
// Row-major both ways (A_TF and its transpose each stored by rows), so that every product in LSQR
// is a gather per row, which Eigen runs on OpenMP's threads (each row's sum on one thread: the same
// bits for every thread count).
using RowMatrix = Eigen::SparseMatrix<double, Eigen::RowMajor, std::int64_t>;

// LSQR for the least-norm solution of M z = b (Paige & Saunders, ACM TOMS 8(1), 1982, Algorithm
// LSQR with the stopping rules S1 and S2): from z = 0 the iterates stay in the row space of M, so
// on a consistent system they converge to the least-norm solution. Stops when the residual estimate
// falls below `relative`·‖b‖ (S1) or ‖Mᵀr‖ below `relative`·‖M‖‖r‖ (S2: inconsistent), or after
// `limit` iterations. Returns the iterations taken; z is overwritten.
std::int64_t Lsqr(const RowMatrix& m, const RowMatrix& m_transposed, const Vector& b, Vector& z,
                  double relative, std::int64_t limit, const std::function<bool()>& should_stop) {
  z = Vector::Zero(m.cols());
  Vector u = b;
  double beta = u.norm();
  if (beta == 0.0) return 0;
  u /= beta;
  Vector v = m_transposed * u;
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
    v = m_transposed * u - beta * v;
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
// The plan LPs need 300–1,000 (docs/pdlp.md); a system that needs far more is no active set worth
// its time (the caller falls back).
constexpr std::int64_t kLsqrIterationLimit = 20000;

std::int64_t SolveLeastNorm(const RowMatrix& m, const RowMatrix& m_transposed, const Vector& b,
                            Vector& z, const std::function<bool()>& should_stop) {
  constexpr double kRelative = 1e-15;
  const std::int64_t limit =
      std::clamp<std::int64_t>(4 * std::min(m.rows(), m.cols()), 2000, kLsqrIterationLimit);
  std::int64_t iterations = Lsqr(m, m_transposed, b, z, kRelative, limit, should_stop);
  const double target = 1e-14 * std::max(1.0, b.lpNorm<Eigen::Infinity>());
  for (int round = 0; round < 2; ++round) {
    const Vector residual = b - m * z;
    if (residual.lpNorm<Eigen::Infinity>() <= target) break;
    Vector correction;
    iterations += Lsqr(m, m_transposed, residual, correction, kRelative, limit, should_stop);
    z += correction;
  }
  return iterations;
}

enum class Side : unsigned char { kNone, kLower, kUpper };

// One projection onto the active set (column_side: columns at a bound; row_side: tight rows): x
// is x0 with the columns at a bound put there and the free ones moved least so that the tight rows
// hold; y is y0 on the tight rows (0 elsewhere) moved least so that the free columns' reduced costs
// vanish. Both in the minimisation sense. Adds its LSQR iterations and the set's sizes to summary.
void ProjectOnce(const LinearProgram& lp, const std::vector<double>& x0,
                 const std::vector<double>& y0, double sense, const std::vector<Side>& column_side,
                 const std::vector<Side>& row_side, std::vector<double>& x, std::vector<double>& y,
                 ProjectionSummary* summary, const std::function<bool()>& should_stop) {
  const Index m = lp.num_rows, n = lp.num_columns;
  x = x0;
  std::vector<Index> free_columns;
  for (Index j = 0; j < n; ++j) {
    if (column_side[j] == Side::kLower) x[j] = lp.column_lower[j];
    if (column_side[j] == Side::kUpper) x[j] = lp.column_upper[j];
    if (column_side[j] == Side::kNone) free_columns.push_back(j);
  }
  std::vector<Index> tight_index(static_cast<std::size_t>(m), -1), tight_rows;
  for (Index i = 0; i < m; ++i) {
    if (row_side[i] == Side::kNone) continue;
    tight_index[i] = static_cast<Index>(tight_rows.size());
    tight_rows.push_back(i);
  }
  const Index t_count = static_cast<Index>(tight_rows.size());
  const Index f_count = static_cast<Index>(free_columns.size());
  summary->tight_rows = t_count;
  summary->free_columns = f_count;
  summary->columns_at_bound = n - f_count;

  // A_TF in CSC, columns in F's order, rows numbered within T; and the tight rows' activity.
  RowMatrix a_tf(t_count, f_count);
  Vector row_residual = Vector::Zero(t_count);
  {
    std::vector<Eigen::Triplet<double, std::int64_t>> entries;
    for (Index j = 0; j < n; ++j) {
      for (Index e = lp.column_starts[j]; e < lp.column_starts[j + 1]; ++e) {
        const Index row = tight_index[lp.row_indices[e]];
        if (row >= 0) row_residual[row] -= lp.values[e] * x[j];
      }
    }
    for (Index k = 0; k < f_count; ++k) {
      const Index j = free_columns[k];
      for (Index e = lp.column_starts[j]; e < lp.column_starts[j + 1]; ++e) {
        const Index row = tight_index[lp.row_indices[e]];
        if (row >= 0) entries.emplace_back(row, k, lp.values[e]);
      }
    }
    a_tf.setFromTriplets(entries.begin(), entries.end());
  }
  const RowMatrix a_tf_transposed = a_tf.transpose();
  for (Index r = 0; r < t_count; ++r) {
    const Index i = tight_rows[r];
    row_residual[r] += row_side[i] == Side::kLower ? lp.row_lower[i] : lp.row_upper[i];
  }

  // Primal: the tight rows onto their bounds by moving the free columns least.
  Vector column_step;
  summary->primal_iterations +=
      SolveLeastNorm(a_tf, a_tf_transposed, row_residual, column_step, should_stop);
  for (Index k = 0; k < f_count; ++k) x[free_columns[k]] += column_step[k];

  // Dual: the free columns' reduced costs to zero by moving the tight rows' duals least.
  Vector y_tight(t_count);
  for (Index r = 0; r < t_count; ++r) y_tight[r] = y0[tight_rows[r]];
  Vector reduced_free(f_count);
  {
    const Vector priced = a_tf_transposed * y_tight;
    for (Index k = 0; k < f_count; ++k)
      reduced_free[k] = sense * lp.objective[free_columns[k]] - priced[k];
  }
  Vector dual_step;
  summary->dual_iterations +=
      SolveLeastNorm(a_tf_transposed, a_tf, reduced_free, dual_step, should_stop);
  y.assign(static_cast<std::size_t>(m), 0.0);
  for (Index r = 0; r < t_count; ++r) y[tight_rows[r]] = y_tight[r] + dual_step[r];
}

}  // namespace

Result<LpSolution> ProjectOntoActiveSet(const LinearProgram& lp, const LpSolution& start,
                                        ProjectionSummary* summary,
                                        const std::function<bool()>& should_stop) {
  if (Status invalid = ValidateLinearProgram(lp); !invalid.ok()) return invalid;
  const Index m = lp.num_rows, n = lp.num_columns;
  if (Status shape = lp::CheckStartPoint(lp, start, "ProjectOntoActiveSet"); !shape.ok())
    return shape;
  const auto clock_start = std::chrono::steady_clock::now();
  ProjectionSummary local;
  if (summary == nullptr) summary = &local;
  *summary = ProjectionSummary{};

  // Work in the minimisation sense: y ≥ 0 on a row at its lower bound, d ≥ 0 at a column's lower.
  const double sense = lp.maximize ? -1.0 : 1.0;
  const std::vector<double>& x0 = start.column_values;
  std::vector<double> y0(static_cast<std::size_t>(m));
  for (Index i = 0; i < m; ++i) y0[i] = sense * start.row_duals[i];
  double x_scale = 1.0, y_scale = 0.0;
  for (Index j = 0; j < n; ++j) {
    if (std::isfinite(x0[j])) x_scale = std::max(x_scale, std::abs(x0[j]));
  }
  for (Index i = 0; i < m; ++i) y_scale = std::max(y_scale, std::abs(y0[i]));
  if (y_scale == 0.0) y_scale = 1.0;

  // Reduced costs at y and the scale of each: 1 + max(|c_j|, max_i |a_ij y_i|).
  std::vector<double> reduced(static_cast<std::size_t>(n)), reduced_scale(reduced);
  auto price_columns = [&](const std::vector<double>& y) {
    for (Index j = 0; j < n; ++j) {
      double d = sense * lp.objective[j], pushed = 0.0;
      for (Index e = lp.column_starts[j]; e < lp.column_starts[j + 1]; ++e) {
        d -= lp.values[e] * y[lp.row_indices[e]];
        pushed = std::max(pushed, std::abs(lp.values[e] * y[lp.row_indices[e]]));
      }
      reduced[j] = d;
      reduced_scale[j] = 1.0 + std::max(std::abs(lp.objective[j]), pushed);
    }
  };
  std::vector<double> activity(static_cast<std::size_t>(m)), largest(activity);
  auto measure_rows = [&](const std::vector<double>& x) {
    std::fill(activity.begin(), activity.end(), 0.0);
    std::fill(largest.begin(), largest.end(), 0.0);
    for (Index j = 0; j < n; ++j) {
      for (Index e = lp.column_starts[j]; e < lp.column_starts[j + 1]; ++e) {
        const double term = lp.values[e] * x[j];
        activity[lp.row_indices[e]] += term;
        largest[lp.row_indices[e]] = std::max(largest[lp.row_indices[e]], std::abs(term));
      }
    }
  };

  // The active set guessed from the point. Columns: at a bound where the distance to it is no
  // larger than the reduced cost pushing there. Rows (at the columns so placed): tight where the
  // slack is no larger than the dual pushing there, or tiny.
  std::vector<Side> column_side(static_cast<std::size_t>(n), Side::kNone);
  std::vector<Side> row_side(static_cast<std::size_t>(m), Side::kNone);
  price_columns(y0);
  std::vector<double> x(x0);
  for (Index j = 0; j < n; ++j) {
    const double lower = lp.column_lower[j], upper = lp.column_upper[j];
    const double push = reduced[j] / reduced_scale[j];
    if (std::isfinite(lower) &&
        (lower == upper || (x0[j] - lower) / x_scale <= std::max(push, 0.0))) {
      column_side[j] = Side::kLower;
    } else if (std::isfinite(upper) && (upper - x0[j]) / x_scale <= std::max(-push, 0.0)) {
      column_side[j] = Side::kUpper;
    }
    if (column_side[j] != Side::kNone) x[j] = column_side[j] == Side::kLower ? lower : upper;
  }
  measure_rows(x);
  constexpr double kTinySlack = 1e-6;  // relative to 1 + the row's largest term
  for (Index i = 0; i < m; ++i) {
    const double lower = lp.row_lower[i], upper = lp.row_upper[i];
    const double tiny = kTinySlack * (1.0 + largest[i]);
    if (std::isfinite(lower) &&
        (lower == upper || (activity[i] - lower) / x_scale <= std::max(y0[i], 0.0) / y_scale ||
         activity[i] - lower <= tiny)) {
      row_side[i] = Side::kLower;
    } else if (std::isfinite(upper) &&
               ((upper - activity[i]) / x_scale <= std::max(-y0[i], 0.0) / y_scale ||
                upper - activity[i] <= tiny)) {
      row_side[i] = Side::kUpper;
    }
  }

  // Rounds: project onto the active set; where the projected pair breaks a condition the set did
  // not impose (an inactive row or a free column's bound crossed, a tight row's dual or an
  // at-bound column's reduced cost of the wrong sign), correct the set and project again from the
  // start point. Few rounds: each correction is a handful of rows or columns.
  constexpr int kRounds = 4;
  constexpr double kViolation = 1e-9;  // relative, as the acceptance
  std::vector<double> y(static_cast<std::size_t>(m));
  for (int round = 0; round < kRounds; ++round) {
    ++summary->rounds;
    ProjectOnce(lp, x0, y0, sense, column_side, row_side, x, y, summary, should_stop);
    if (should_stop && should_stop()) {
      return Status::Cancelled(fmt::format(
          "the active-set projection of an LP with {} rows and {} columns, after {} LSQR "
          "iterations",
          m, n, summary->primal_iterations + summary->dual_iterations));
    }
    std::vector<double> duals(static_cast<std::size_t>(m));
    for (Index i = 0; i < m; ++i) duals[i] = sense * y[i];
    summary->accuracy = MeasureLpAccuracy(lp, x, duals);
    summary->verified = summary->accuracy.largest() <= kProjectionTolerance;
    if (summary->verified || round + 1 == kRounds) break;
    // Correct the active set where the projected pair says it was wrong.
    Index changes = 0;
    measure_rows(x);
    for (Index i = 0; i < m; ++i) {
      const double lower = lp.row_lower[i], upper = lp.row_upper[i];
      const double slack = kViolation * (1.0 + largest[i]);
      if (row_side[i] == Side::kNone) {
        if (std::isfinite(lower) && activity[i] < lower - slack) {
          row_side[i] = Side::kLower;
          ++changes;
        } else if (std::isfinite(upper) && activity[i] > upper + slack) {
          row_side[i] = Side::kUpper;
          ++changes;
        }
      } else if (lower != upper) {
        const double wrong = row_side[i] == Side::kLower ? -y[i] : y[i];
        if (wrong > kViolation * y_scale) {
          row_side[i] = Side::kNone;
          ++changes;
        }
      }
    }
    price_columns(y);
    for (Index j = 0; j < n; ++j) {
      const double lower = lp.column_lower[j], upper = lp.column_upper[j];
      if (column_side[j] == Side::kNone) {
        const double slack = kViolation * (1.0 + std::abs(x[j]));
        if (std::isfinite(lower) && x[j] < lower - slack) {
          column_side[j] = Side::kLower;
          ++changes;
        } else if (std::isfinite(upper) && x[j] > upper + slack) {
          column_side[j] = Side::kUpper;
          ++changes;
        }
      } else if (lower != upper) {
        const double wrong = column_side[j] == Side::kLower ? -reduced[j] : reduced[j];
        if (wrong > kViolation * reduced_scale[j]) {
          column_side[j] = Side::kNone;
          ++changes;
        }
      }
    }
    summary->corrections += changes;
    if (changes == 0) break;
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
  solution.status = summary->verified ? LpStatus::kOptimal : LpStatus::kError;
  solution.solver = fmt::format(
      "active-set projection ({} tight rows, {} free columns; LSQR {} + {} iterations in {} "
      "round{}, no pivots)",
      summary->tight_rows, summary->free_columns, summary->primal_iterations,
      summary->dual_iterations, summary->rounds, summary->rounds == 1 ? "" : "s");
  summary->seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start).count();
  solution.seconds = summary->seconds;
  return solution;
}

}  // namespace gosplan
