#include "pdlp/presolve.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace gosplan::pdlp {
namespace {

std::string Describe(const char* what, Index index) {
  return std::string(what) + " " + std::to_string(index);
}

}  // namespace

Presolver::Presolver(const MinimisationLp& lp) : original_(lp) {
  const Index m = lp.matrix.num_rows;
  const Index n = lp.matrix.num_columns;
  column_lower_ = lp.column_lower;
  column_upper_ = lp.column_upper;
  std::vector<double> row_lower = lp.row_lower, row_upper = lp.row_upper;
  lower_from_row_.assign(static_cast<std::size_t>(n), -1);
  upper_from_row_.assign(static_cast<std::size_t>(n), -1);
  fixed_value_.assign(static_cast<std::size_t>(n), 0.0);
  column_fixed_.assign(static_cast<std::size_t>(n), 0);
  std::vector<char> row_removed(static_cast<std::size_t>(m), 0);
  const CscMatrix by_row = Transpose(lp.matrix);
  std::vector<Index> row_count(static_cast<std::size_t>(m), 0);
  for (Index i = 0; i < m; ++i) {
    for (Index k = by_row.starts[i]; k < by_row.starts[i + 1]; ++k)
      row_count[i] += by_row.values[k] != 0.0;
    if (row_lower[i] == -kUnbounded && row_upper[i] == kUnbounded) row_removed[i] = 1;  // free row
  }
  double offset = lp.offset;

  auto fail = [&](std::string reason) {
    infeasible_ = true;
    reason_ = std::move(reason);
  };

  bool changed = true;
  for (int pass = 0; changed && pass < 20 && !infeasible_; ++pass) {
    changed = false;
    for (Index j = 0; j < n && !infeasible_; ++j) {
      if (column_fixed_[j]) continue;
      double& lower = column_lower_[j];
      double& upper = column_upper_[j];
      if (lower > upper) {
        if (lower - upper <= 1e-9 * (1.0 + std::abs(lower) + std::abs(upper))) {
          lower = upper = 0.5 * (lower + upper);
        } else {
          fail("the bounds of " + Describe("column", j) +
               " (after singleton rows) are inconsistent");
          break;
        }
      }
      if (lower != upper || !std::isfinite(lower)) continue;
      const double value = lower;
      column_fixed_[j] = 1;
      fixed_value_[j] = value;
      offset += lp.objective[j] * value;
      for (Index k = lp.matrix.starts[j]; k < lp.matrix.starts[j + 1]; ++k) {
        const Index i = lp.matrix.indices[k];
        const double a = lp.matrix.values[k];
        if (row_removed[i] || a == 0.0) continue;
        row_lower[i] -= a * value;
        row_upper[i] -= a * value;
        --row_count[i];
      }
      steps_.push_back({Step::kFixColumn, -1, j, 0.0});
      changed = true;
    }
    for (Index i = 0; i < m && !infeasible_; ++i) {
      if (row_removed[i] || row_count[i] > 1) continue;
      if (row_count[i] == 0) {
        const double slack =
            1e-9 * (1.0 + std::max(std::isfinite(row_lower[i]) ? std::abs(row_lower[i]) : 0.0,
                                   std::isfinite(row_upper[i]) ? std::abs(row_upper[i]) : 0.0));
        if (row_lower[i] > slack || row_upper[i] < -slack) {
          fail(Describe("row", i) +
               " has no free variable left and its bounds exclude the fixed activity");
          break;
        }
        row_removed[i] = 1;
        changed = true;
        continue;
      }
      Index column = -1;
      double a = 0.0;
      for (Index k = by_row.starts[i]; k < by_row.starts[i + 1]; ++k) {
        const Index j = by_row.indices[k];
        if (!column_fixed_[j] && by_row.values[k] != 0.0) {
          column = j;
          a = by_row.values[k];
          break;
        }
      }
      double lower = row_lower[i] / a, upper = row_upper[i] / a;
      if (a < 0) std::swap(lower, upper);
      if (lower > column_lower_[column]) {
        column_lower_[column] = lower;
        lower_from_row_[column] = i;
      }
      if (upper < column_upper_[column]) {
        column_upper_[column] = upper;
        upper_from_row_[column] = i;
      }
      row_removed[i] = 1;
      steps_.push_back({Step::kSingletonRow, i, column, a});
      changed = true;
    }
  }

  // The reduced LP: kept columns and rows, renumbered.
  std::vector<Index> new_row(static_cast<std::size_t>(m), -1);
  for (Index i = 0; i < m; ++i) {
    if (!row_removed[i]) {
      new_row[i] = static_cast<Index>(kept_rows_.size());
      kept_rows_.push_back(i);
      reduced_.row_lower.push_back(row_lower[i]);
      reduced_.row_upper.push_back(row_upper[i]);
    }
  }
  CscMatrix& matrix = reduced_.matrix;
  matrix.num_rows = static_cast<Index>(kept_rows_.size());
  matrix.starts.push_back(0);
  for (Index j = 0; j < n; ++j) {
    if (column_fixed_[j]) continue;
    kept_columns_.push_back(j);
    reduced_.objective.push_back(lp.objective[j]);
    reduced_.column_lower.push_back(column_lower_[j]);
    reduced_.column_upper.push_back(column_upper_[j]);
    for (Index k = lp.matrix.starts[j]; k < lp.matrix.starts[j + 1]; ++k) {
      const Index i = new_row[lp.matrix.indices[k]];
      if (i < 0 || lp.matrix.values[k] == 0.0) continue;
      matrix.indices.push_back(i);
      matrix.values.push_back(lp.matrix.values[k]);
    }
    matrix.starts.push_back(static_cast<Index>(matrix.indices.size()));
  }
  matrix.num_columns = static_cast<Index>(kept_columns_.size());
  reduced_.offset = offset;
}

void Presolver::Postsolve(const std::vector<double>& reduced_x,
                          const std::vector<double>& reduced_y, std::vector<double>* x,
                          std::vector<double>* y) const {
  const Index m = original_.matrix.num_rows;
  const Index n = original_.matrix.num_columns;
  x->assign(static_cast<std::size_t>(n), 0.0);
  y->assign(static_cast<std::size_t>(m), 0.0);
  for (std::size_t k = 0; k < kept_columns_.size(); ++k) (*x)[kept_columns_[k]] = reduced_x[k];
  for (std::size_t k = 0; k < kept_rows_.size(); ++k) (*y)[kept_rows_[k]] = reduced_y[k];
  for (Index j = 0; j < n; ++j) {
    if (column_fixed_[j]) (*x)[j] = fixed_value_[j];
  }
  for (auto step = steps_.rbegin(); step != steps_.rend(); ++step) {
    if (step->kind != Step::kSingletonRow) continue;
    const Index j = step->column;
    double reduced_cost = original_.objective[j];
    for (Index k = original_.matrix.starts[j]; k < original_.matrix.starts[j + 1]; ++k) {
      reduced_cost -= original_.matrix.values[k] * (*y)[original_.matrix.indices[k]];
    }
    if ((reduced_cost > 0 && lower_from_row_[j] == step->row) ||
        (reduced_cost < 0 && upper_from_row_[j] == step->row)) {
      (*y)[step->row] = reduced_cost / step->coefficient;
    }
  }
}

}  // namespace gosplan::pdlp
