#include "pdlp/minimisation_lp.h"

namespace gosplan::pdlp {

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
  const auto n = static_cast<std::size_t>(lp.num_columns),
             m = static_cast<std::size_t>(lp.num_rows);
  result.objective.resize(n);
  result.column_lower.resize(n);
  result.column_upper.resize(n);
  for (std::size_t j = 0; j < n; ++j) {
    result.objective[j] = sense * lp.objective[j];
    result.column_lower[j] = lower(lp.column_lower[j]);
    result.column_upper[j] = upper(lp.column_upper[j]);
  }
  result.row_lower.resize(m);
  result.row_upper.resize(m);
  for (std::size_t i = 0; i < m; ++i) {
    result.row_lower[i] = lower(lp.row_lower[i]);
    result.row_upper[i] = upper(lp.row_upper[i]);
  }
  result.offset = sense * lp.objective_offset;
  return result;
}

}  // namespace gosplan::pdlp
