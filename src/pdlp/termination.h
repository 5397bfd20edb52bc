// Termination measures and criteria of the first-order solver, as pure functions (as
// ortools/pdlp/termination.h). One implementation serves the iteration's checks (pdlp_solver.cc, on
// the scaled presolved problem) and the final report (ComputeRelativeMeasures, on the original LP),
// so the two cannot drift apart.
//
// For a minimisation LP (objective c, matrix A, row bounds [l_r, u_r], column bounds [l_c, u_c])
// and a point (x, y) with its products A x and Aᵀ y (y: row duals, ∂objective/∂bound):
//   primal residual   r_p,i = (A x)_i − proj_[l_r,i, u_r,i]((A x)_i)
//   reduced cost      g_j = c_j − (Aᵀy)_j = λ_j + r_d,j, where λ_j is the part that the
//                     column's finite bounds can absorb (SplitReducedCost) and r_d,j the dual
//                     residual
//   primal objective  cᵀx + offset
//   dual objective    Σ_i BoundTerm(y_i, l_r,i, u_r,i) + Σ_j BoundTerm(λ_j, l_c,j, u_c,j) + offset,
//                     with y projected onto the sign cone of the row bounds
//                     (y_i ≥ 0 where u_r,i = +∞, y_i ≤ 0 where l_r,i = −∞)
//   relative primal   ‖r_p‖₂ / (1 + ‖b‖₂),  b_i = CombinedBound(l_r,i, u_r,i)
//   relative dual     ‖r_d‖₂ / (1 + ‖c‖₂)
//   relative gap      |primal − dual| / (1 + |primal| + |dual|)
// A point is optimal at tolerance ε when all three relative measures are ≤ ε.
//
// In a scaled problem (K = D_r A D_c, c̃ = D_c c, row bounds · D_r, column bounds / D_c) the
// products are K x̃ = D_r A x and Kᵀỹ = D_c Aᵀy, so the unscaled residuals are r̃_p / D_r and
// r̃_d / D_c, and the objectives are the same in both (c̃ᵀx̃ = cᵀx). ‖b‖ and ‖c‖ are always the
// original LP's.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>

#include "gosplan/linear_program.h"
#include "gosplan/pdlp.h"
#include "gosplan/types.h"

namespace gosplan::pdlp {

// The largest finite |bound| of a row, 0 when it has none (PDLP's "combined bounds").
inline double CombinedBound(double lower, double upper) {
  double value = 0.0;
  if (std::isfinite(lower)) value = std::abs(lower);
  if (std::isfinite(upper)) value = std::max(value, std::abs(upper));
  return value;
}

// Splits a reduced cost g of a column with bounds [lower, upper] into λ (what the finite bounds
// absorb: λ ≥ 0 needs a lower bound, λ ≤ 0 an upper one) and the residual g − λ.
inline void SplitReducedCost(double g, double lower, double upper, double* lambda,
                             double* residual) {
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

// A multiplier's term in the dual objective: multiplier·lower when positive, multiplier·upper when
// negative, 0 when zero (so an infinite bound with a zero multiplier adds nothing).
inline double BoundTerm(double multiplier, double lower, double upper) {
  if (multiplier > 0) return multiplier * lower;
  if (multiplier < 0) return multiplier * upper;
  return 0.0;
}

// ‖b‖₂ over the combined bounds of the rows, summed in row order.
double CombinedBoundNorm(std::span<const double> row_lower, std::span<const double> row_upper);
// ‖c‖₂, summed in column order.
double ObjectiveNorm(std::span<const double> objective);

// The bounds and objective of the (minimisation) problem a point lives in.
struct MeasuredProblem {
  std::span<const double> objective, column_lower, column_upper, row_lower, row_upper;
  // D_r and D_c of a scaled problem, by which the residuals are divided to unscale them; both empty
  // for an unscaled problem.
  std::span<const double> row_scale, column_scale;
};

// A point and its matrix products (of the problem's own matrix: K x̃ and Kᵀỹ in a scaled problem).
struct MeasuredPoint {
  std::span<const double> x, y, ax, aty;
};

// Sums over rows and columns, added to in range order so that a caller may sum chunks (the
// iteration, kernels' SumChunks) or whole ranges onto a running total (the final report).
struct MeasureSums {
  double primal_residual_sq = 0.0;  // Σ r_p² (unscaled)
  double dual_residual_sq = 0.0;    // Σ r_d² (unscaled)
  // The same in the problem's own (scaled) units, for the restart's KKT error.
  double scaled_primal_residual_sq = 0.0;
  double scaled_dual_residual_sq = 0.0;
  double primal_objective = 0.0;  // Σ c_j x_j
  double dual_objective = 0.0;    // Σ of the bound terms of rows and columns
  MeasureSums& operator+=(const MeasureSums& other);
};

// Adds rows [begin, end): the primal residuals and the rows' dual-objective terms.
void AddRowTerms(const MeasuredProblem& problem, const MeasuredPoint& point, Index begin, Index end,
                 MeasureSums* sums);
// Adds columns [begin, end): the dual residuals, the columns' dual-objective terms and cᵀx.
void AddColumnTerms(const MeasuredProblem& problem, const MeasuredPoint& point, Index begin,
                    Index end, MeasureSums* sums);

// The absolute measures of a point: residual norms (unscaled) and objectives (with offset).
struct AbsoluteMeasures {
  double primal_residual = 0.0;  // ‖r_p‖₂
  double dual_residual = 0.0;    // ‖r_d‖₂
  double primal_objective = 0.0;
  double dual_objective = 0.0;
  double gap() const { return std::abs(primal_objective - dual_objective); }
  bool finite() const {
    return std::isfinite(primal_residual) && std::isfinite(dual_residual) &&
           std::isfinite(primal_objective) && std::isfinite(dual_objective);
  }
};

struct RelativeMeasures {
  double primal_residual = 0.0;
  double dual_residual = 0.0;
  double gap = 0.0;
  double Largest() const { return std::max({primal_residual, dual_residual, gap}); }
};

// The three relative measures of the header comment, with ‖b‖₂ = bound_norm and ‖c‖₂ =
// objective_norm.
RelativeMeasures ToRelative(const AbsoluteMeasures& absolute, double bound_norm,
                            double objective_norm);

// All three relative measures ≤ tolerance.
bool OptimalityCriteriaMet(const RelativeMeasures& measures, double tolerance);

// Why the iteration stopped.
enum class TerminationReason {
  kOptimal,           // OptimalityCriteriaMet
  kPrimalInfeasible,  // a Farkas certificate (infeasibility.h)
  kDualInfeasible,    // a primal ray (infeasibility.h)
  kIterationLimit,
  kTimeLimit,
  kNumericalError,  // a measure is not finite
};

// The limits of `options` (0: none) that `iterations` step attempts and `seconds` have reached, the
// iteration limit first; nullopt when neither.
std::optional<TerminationReason> CheckLimits(const PdlpOptions& options, std::int64_t iterations,
                                             double seconds);

LpStatus ToLpStatus(TerminationReason reason);
// One sentence on why the iteration stopped (PdlpSummary::message).
const char* TerminationMessage(TerminationReason reason);

}  // namespace gosplan::pdlp
