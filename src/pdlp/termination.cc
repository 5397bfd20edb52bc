#include "pdlp/termination.h"

#include <vector>

#include "pdlp/minimisation_lp.h"

namespace gosplan::pdlp {

double CombinedBoundNorm(std::span<const double> row_lower, std::span<const double> row_upper) {
  double sum = 0.0;
  for (std::size_t i = 0; i < row_lower.size(); ++i) {
    const double b = CombinedBound(row_lower[i], row_upper[i]);
    sum += b * b;
  }
  return std::sqrt(sum);
}

double ObjectiveNorm(std::span<const double> objective) {
  double sum = 0.0;
  for (double c : objective) sum += c * c;
  return std::sqrt(sum);
}

MeasureSums& MeasureSums::operator+=(const MeasureSums& other) {
  primal_residual_sq += other.primal_residual_sq;
  dual_residual_sq += other.dual_residual_sq;
  scaled_primal_residual_sq += other.scaled_primal_residual_sq;
  scaled_dual_residual_sq += other.scaled_dual_residual_sq;
  primal_objective += other.primal_objective;
  dual_objective += other.dual_objective;
  return *this;
}

void AddRowTerms(const MeasuredProblem& problem, const MeasuredPoint& point, Index begin, Index end,
                 MeasureSums* sums) {
  const bool scaled = !problem.row_scale.empty();
  double residual_sq = sums->primal_residual_sq,
         scaled_residual_sq = sums->scaled_primal_residual_sq;
  double dual_objective = sums->dual_objective;
  for (Index i = begin; i < end; ++i) {
    const double lower = problem.row_lower[i], upper = problem.row_upper[i];
    const double activity = point.ax[i];
    const double residual = activity - std::min(std::max(activity, lower), upper);
    scaled_residual_sq += residual * residual;
    const double unscaled = scaled ? residual / problem.row_scale[i] : residual;
    residual_sq += unscaled * unscaled;
    // y in the sign cone of the row's bounds: PDHG's iterates always are; another backend's tiny
    // wrong-sign noise is dropped rather than multiplied by an infinite bound.
    double y = point.y[i];
    if (lower == -kUnbounded) y = std::min(y, 0.0);
    if (upper == kUnbounded) y = std::max(y, 0.0);
    dual_objective += BoundTerm(y, lower, upper);
  }
  sums->primal_residual_sq = residual_sq;
  sums->scaled_primal_residual_sq = scaled_residual_sq;
  sums->dual_objective = dual_objective;
}

void AddColumnTerms(const MeasuredProblem& problem, const MeasuredPoint& point, Index begin,
                    Index end, MeasureSums* sums) {
  const bool scaled = !problem.column_scale.empty();
  double residual_sq = sums->dual_residual_sq, scaled_residual_sq = sums->scaled_dual_residual_sq;
  double dual_objective = sums->dual_objective, primal_objective = sums->primal_objective;
  for (Index j = begin; j < end; ++j) {
    const double lower = problem.column_lower[j], upper = problem.column_upper[j];
    double lambda, residual;
    SplitReducedCost(problem.objective[j] - point.aty[j], lower, upper, &lambda, &residual);
    scaled_residual_sq += residual * residual;
    const double unscaled = scaled ? residual / problem.column_scale[j] : residual;
    residual_sq += unscaled * unscaled;
    dual_objective += BoundTerm(lambda, lower, upper);
    primal_objective += problem.objective[j] * point.x[j];
  }
  sums->dual_residual_sq = residual_sq;
  sums->scaled_dual_residual_sq = scaled_residual_sq;
  sums->dual_objective = dual_objective;
  sums->primal_objective = primal_objective;
}

RelativeMeasures ToRelative(const AbsoluteMeasures& absolute, double bound_norm,
                            double objective_norm) {
  RelativeMeasures relative;
  relative.primal_residual = absolute.primal_residual / (1.0 + bound_norm);
  relative.dual_residual = absolute.dual_residual / (1.0 + objective_norm);
  relative.gap = absolute.gap() /
                 (1.0 + std::abs(absolute.primal_objective) + std::abs(absolute.dual_objective));
  return relative;
}

bool OptimalityCriteriaMet(const RelativeMeasures& measures, double tolerance) {
  return measures.primal_residual <= tolerance && measures.dual_residual <= tolerance &&
         measures.gap <= tolerance;
}

std::optional<TerminationReason> CheckLimits(const PdlpOptions& options, std::int64_t iterations,
                                             double seconds) {
  if (options.iteration_limit > 0 && iterations >= options.iteration_limit) {
    return TerminationReason::kIterationLimit;
  }
  if (options.time_limit_seconds > 0 && seconds >= options.time_limit_seconds) {
    return TerminationReason::kTimeLimit;
  }
  return std::nullopt;
}

LpStatus ToLpStatus(TerminationReason reason) {
  switch (reason) {
    case TerminationReason::kOptimal:
      return LpStatus::kOptimal;
    case TerminationReason::kPrimalInfeasible:
      return LpStatus::kInfeasible;
    case TerminationReason::kDualInfeasible:
      return LpStatus::kUnbounded;
    case TerminationReason::kIterationLimit:
      return LpStatus::kIterationLimit;
    case TerminationReason::kTimeLimit:
      return LpStatus::kTimeLimit;
    case TerminationReason::kNumericalError:
      return LpStatus::kError;
  }
  return LpStatus::kError;
}

const char* TerminationMessage(TerminationReason reason) {
  switch (reason) {
    case TerminationReason::kOptimal:
      return "the relative residuals and gap are within the tolerance";
    case TerminationReason::kPrimalInfeasible:
      return "the dual iterates give a Farkas certificate: no x satisfies the constraints";
    case TerminationReason::kDualInfeasible:
      return "the primal iterates give a ray along which the objective improves without limit";
    case TerminationReason::kIterationLimit:
      return "stopped at the iteration limit before reaching the tolerance";
    case TerminationReason::kTimeLimit:
      return "stopped at the time limit before reaching the tolerance";
    case TerminationReason::kNumericalError:
      return "non-finite numbers appeared in the iteration";
  }
  return "non-finite numbers appeared in the iteration";
}

}  // namespace gosplan::pdlp

namespace gosplan {

// The final report: termination.h's measures of a solution of the original LP (any backend), one
// running sum per quantity from the offset, rows then columns.
void ComputeRelativeMeasures(const LinearProgram& lp, LpSolution* solution) {
  using namespace pdlp;
  const MinimisationLp min_lp = ToMinimisation(lp);
  const double sense = lp.maximize ? -1.0 : 1.0;
  const Index m = lp.num_rows, n = lp.num_columns;
  // y and Aᵀy in the minimisation's convention.
  std::vector<double> activity(static_cast<std::size_t>(m), 0.0),
      aty(static_cast<std::size_t>(n), 0.0);
  std::vector<double> y(static_cast<std::size_t>(m));
  for (Index i = 0; i < m; ++i) y[i] = sense * solution->row_duals[i];
  const auto& x = solution->column_values;
  for (Index j = 0; j < n; ++j) {
    for (Index k = lp.column_starts[j]; k < lp.column_starts[j + 1]; ++k) {
      activity[lp.row_indices[k]] += lp.values[k] * x[j];
      aty[j] += lp.values[k] * sense * solution->row_duals[lp.row_indices[k]];
    }
  }
  MeasuredProblem problem;
  problem.objective = min_lp.objective;
  problem.column_lower = min_lp.column_lower;
  problem.column_upper = min_lp.column_upper;
  problem.row_lower = min_lp.row_lower;
  problem.row_upper = min_lp.row_upper;
  const MeasuredPoint point{x, y, activity, aty};
  MeasureSums sums;
  sums.primal_objective = min_lp.offset;
  sums.dual_objective = min_lp.offset;
  AddRowTerms(problem, point, 0, m, &sums);
  AddColumnTerms(problem, point, 0, n, &sums);
  AbsoluteMeasures absolute;
  absolute.primal_residual = std::sqrt(sums.primal_residual_sq);
  absolute.dual_residual = std::sqrt(sums.dual_residual_sq);
  absolute.primal_objective = sums.primal_objective;
  absolute.dual_objective = sums.dual_objective;
  const RelativeMeasures relative =
      ToRelative(absolute, CombinedBoundNorm(min_lp.row_lower, min_lp.row_upper),
                 ObjectiveNorm(min_lp.objective));
  solution->relative_primal_residual = relative.primal_residual;
  solution->relative_dual_residual = relative.dual_residual;
  solution->relative_gap = relative.gap;
}

}  // namespace gosplan
