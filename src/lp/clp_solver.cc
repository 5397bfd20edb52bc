// COIN-OR CLP backend: hands the column-major arrays to ClpSimplex::loadProblem in one call.
#include <ClpSimplex.hpp>
#include <ClpSolve.hpp>
#include <CoinMessageHandler.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <limits>
#include <utility>

#include "gosplan/linear_program.h"
#include "lp/clp_solve_options.h"
#include "lp/clp_session.h"

namespace gosplan {
namespace {

// CLP marks missing bounds with COIN_DBL_MAX.
double ToClpBound(double value) {
  if (value == kUnbounded) return COIN_DBL_MAX;
  if (value == -kUnbounded) return -COIN_DBL_MAX;
  return value;
}

// CLP takes 32-bit indices: a valid LP must also fit them.
Status CheckShape(const LinearProgram& lp) {
  if (Status valid = ValidateLinearProgram(lp); !valid.ok()) return valid;
  if (lp.num_rows > std::numeric_limits<int>::max() || lp.num_columns > std::numeric_limits<int>::max() ||
      lp.num_nonzeros() > std::numeric_limits<int>::max()) {
    return Status::InvalidInput("<linear program>", 0, 0,
                                "too large for CLP's 32-bit indices (use the first-order solver)");
  }
  return Status::Ok();
}

void LoadInto(const LinearProgram& lp, ClpSimplex& model) {
  const int rows = static_cast<int>(lp.num_rows);
  const int columns = static_cast<int>(lp.num_columns);
  std::vector<CoinBigIndex> starts(lp.column_starts.begin(), lp.column_starts.end());
  std::vector<int> indices(lp.row_indices.begin(), lp.row_indices.end());
  std::vector<double> column_lower(columns), column_upper(columns), row_lower(rows), row_upper(rows);
  for (int j = 0; j < columns; ++j) {
    column_lower[j] = ToClpBound(lp.column_lower[j]);
    column_upper[j] = ToClpBound(lp.column_upper[j]);
  }
  for (int i = 0; i < rows; ++i) {
    row_lower[i] = ToClpBound(lp.row_lower[i]);
    row_upper[i] = ToClpBound(lp.row_upper[i]);
  }
  model.loadProblem(columns, rows, starts.data(), indices.data(), lp.values.data(), column_lower.data(),
                    column_upper.data(), lp.objective.data(), row_lower.data(), row_upper.data());
  model.setOptimizationDirection(lp.maximize ? -1.0 : 1.0);
  model.setObjectiveOffset(-lp.objective_offset);  // CLP subtracts its offset
  if (!lp.row_names.empty() || !lp.column_names.empty()) {
    std::vector<std::string> row_names = lp.row_names, column_names = lp.column_names;
    if (row_names.empty()) row_names.resize(rows);
    if (column_names.empty()) column_names.resize(columns);
    for (int i = 0; i < rows; ++i) {
      if (row_names[i].empty()) row_names[i] = "R" + std::to_string(i);
    }
    for (int j = 0; j < columns; ++j) {
      if (column_names[j].empty()) column_names[j] = "C" + std::to_string(j);
    }
    model.copyNames(row_names, column_names);
  }
}

}  // namespace


double MaxPrimalViolation(const LinearProgram& lp, const std::vector<double>& x) {
  double worst = 0.0;
  std::vector<double> activity(static_cast<std::size_t>(lp.num_rows), 0.0);
  for (Index j = 0; j < lp.num_columns; ++j) {
    worst = std::max({worst, lp.column_lower[j] - x[j], x[j] - lp.column_upper[j]});
    for (Index k = lp.column_starts[j]; k < lp.column_starts[j + 1]; ++k) {
      activity[lp.row_indices[k]] += lp.values[k] * x[j];
    }
  }
  for (Index i = 0; i < lp.num_rows; ++i) {
    worst = std::max({worst, lp.row_lower[i] - activity[i], activity[i] - lp.row_upper[i]});
  }
  return worst;
}

Result<LpSolution> SolveWithClp(const LinearProgram& lp, const LpSolveOptions& options) {
  if (Status shape = CheckShape(lp); !shape.ok()) return shape;
  if (std::string invalid; !options.IsValid(&invalid)) return Status::InvalidInput("<lp options>", 0, 0, invalid);
  ClpSimplex model;
  model.setLogLevel(0);  // the library never prints
  LoadInto(lp, model);
  if (options.time_limit_seconds > 0) model.setMaximumSeconds(options.time_limit_seconds);
  if (options.iteration_limit > 0) {
    model.setMaximumIterations(static_cast<int>(
        std::min<std::int64_t>(options.iteration_limit, std::numeric_limits<int>::max())));
  }

  const auto start = std::chrono::steady_clock::now();
  ClpSolve solve_options = lp::ClpSolveOptions(options.algorithm, options.presolve);
  model.initialSolve(solve_options);
  const auto end = std::chrono::steady_clock::now();

  LpSolution solution;
  solution.solver = std::string("CLP ") + lp::ClpAlgorithmName(options.algorithm);
  solution.seconds = std::chrono::duration<double>(end - start).count();
  solution.iterations = model.numberIterations();
  solution.status = lp::StatusOfClp(model);
  const int rows = model.numberRows();
  const int columns = model.numberColumns();
  solution.column_values.assign(model.primalColumnSolution(), model.primalColumnSolution() + columns);
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

}  // namespace gosplan
