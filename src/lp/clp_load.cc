#include "lp/clp_load.h"

#include <ClpSimplex.hpp>
#include <limits>
#include <string>
#include <vector>

#include "lp/clp_session.h"

namespace gosplan::lp {

double ToClpBound(double value) {
  if (value >= kUnbounded) return COIN_DBL_MAX;
  if (value <= -kUnbounded) return -COIN_DBL_MAX;
  return value;
}

double FromClpBound(double value) {
  if (value >= COIN_DBL_MAX) return kUnbounded;
  if (value <= -COIN_DBL_MAX) return -kUnbounded;
  return value;
}

Status CheckClpShape(const LinearProgram& lp) {
  if (Status valid = ValidateLinearProgram(lp); !valid.ok()) return valid;
  if (lp.num_rows > std::numeric_limits<int>::max() ||
      lp.num_columns > std::numeric_limits<int>::max() ||
      lp.num_nonzeros() > std::numeric_limits<int>::max()) {
    return Status::InvalidInput("<linear program>", 0, 0,
                                "too large for CLP's 32-bit indices (use the first-order solver)");
  }
  return Status::Ok();
}

void LoadIntoClp(const LinearProgram& lp, ClpSimplex& model) {
  const int rows = static_cast<int>(lp.num_rows);
  const int columns = static_cast<int>(lp.num_columns);
  std::vector<CoinBigIndex> starts(lp.column_starts.begin(), lp.column_starts.end());
  std::vector<int> indices(lp.row_indices.begin(), lp.row_indices.end());
  std::vector<double> column_lower(columns), column_upper(columns), row_lower(rows),
      row_upper(rows);
  for (int j = 0; j < columns; ++j) {
    column_lower[j] = ToClpBound(lp.column_lower[j]);
    column_upper[j] = ToClpBound(lp.column_upper[j]);
  }
  for (int i = 0; i < rows; ++i) {
    row_lower[i] = ToClpBound(lp.row_lower[i]);
    row_upper[i] = ToClpBound(lp.row_upper[i]);
  }
  model.loadProblem(columns, rows, starts.data(), indices.data(), lp.values.data(),
                    column_lower.data(), column_upper.data(), lp.objective.data(), row_lower.data(),
                    row_upper.data());
  model.setOptimizationDirection(lp.maximize ? -1.0 : 1.0);
  model.setObjectiveOffset(-lp.objective_offset);  // CLP subtracts its offset
  if (!lp.row_names.empty() || !lp.column_names.empty()) {
    std::vector<std::string> row_names = lp.row_names, column_names = lp.column_names;
    row_names.resize(static_cast<std::size_t>(rows));
    column_names.resize(static_cast<std::size_t>(columns));
    for (int i = 0; i < rows; ++i) {
      if (row_names[i].empty()) row_names[i] = "R" + std::to_string(i);
    }
    for (int j = 0; j < columns; ++j) {
      if (column_names[j].empty()) column_names[j] = "C" + std::to_string(j);
    }
    model.copyNames(row_names, column_names);
  }
}

LpSolution SolutionOfClp(const LinearProgram& lp, const ClpSimplex& model) {
  LpSolution solution;
  solution.status = StatusOfClp(model);
  const int rows = model.numberRows();
  const int columns = model.numberColumns();
  solution.column_values.assign(model.primalColumnSolution(),
                                model.primalColumnSolution() + columns);
  solution.row_activities.assign(model.primalRowSolution(), model.primalRowSolution() + rows);
  // CLP reports duals as derivatives of the objective as stated (for a maximisation too), which is
  // the convention of LpSolution: no sign change here.
  solution.row_duals.assign(model.dualRowSolution(), model.dualRowSolution() + rows);
  solution.reduced_costs.assign(model.dualColumnSolution(), model.dualColumnSolution() + columns);
  // Recompute the objective from x so the offset convention cannot drift.
  double objective = lp.objective_offset;
  for (int j = 0; j < columns; ++j) objective += lp.objective[j] * solution.column_values[j];
  solution.objective = objective;
  solution.max_primal_violation = MaxPrimalViolation(lp, solution.column_values);
  return solution;
}

}  // namespace gosplan::lp
