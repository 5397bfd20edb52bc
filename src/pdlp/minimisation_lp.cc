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

}  // namespace gosplan::pdlp
