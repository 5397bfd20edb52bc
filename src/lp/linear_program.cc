// Shape checks shared by every LP backend (CLP, PDLP).
#include <cmath>
#include <string>

#include "gosplan/linear_program.h"

namespace gosplan {

Status ValidateLinearProgram(const LinearProgram& lp) {
  auto bad = [](std::string what) { return Status::InvalidInput("<linear program>", 0, 0, what); };
  if (lp.num_rows < 0 || lp.num_columns < 0) return bad("negative size");
  if (static_cast<Index>(lp.column_starts.size()) != lp.num_columns + 1) return bad("column_starts size");
  if (lp.column_starts.front() != 0) return bad("column_starts[0] != 0");
  const Index nnz = lp.column_starts.back();
  if (static_cast<Index>(lp.row_indices.size()) != nnz || static_cast<Index>(lp.values.size()) != nnz) {
    return bad("row_indices/values size differs from column_starts");
  }
  if (static_cast<Index>(lp.objective.size()) != lp.num_columns ||
      static_cast<Index>(lp.column_lower.size()) != lp.num_columns ||
      static_cast<Index>(lp.column_upper.size()) != lp.num_columns) {
    return bad("objective or column bounds size differs from num_columns");
  }
  if (static_cast<Index>(lp.row_lower.size()) != lp.num_rows ||
      static_cast<Index>(lp.row_upper.size()) != lp.num_rows) {
    return bad("row bounds size differs from num_rows");
  }
  for (Index j = 0; j < lp.num_columns; ++j) {
    if (lp.column_starts[j + 1] < lp.column_starts[j]) return bad("column_starts not ascending");
    if (!std::isfinite(lp.objective[j])) return bad("non-finite objective coefficient");
    if (std::isnan(lp.column_lower[j]) || std::isnan(lp.column_upper[j])) return bad("NaN column bound");
  }
  for (Index i = 0; i < lp.num_rows; ++i) {
    if (std::isnan(lp.row_lower[i]) || std::isnan(lp.row_upper[i])) return bad("NaN row bound");
  }
  for (Index k = 0; k < nnz; ++k) {
    if (lp.row_indices[k] < 0 || lp.row_indices[k] >= lp.num_rows) return bad("row index out of range");
    if (!std::isfinite(lp.values[k])) return bad("non-finite matrix value");
  }
  return Status::Ok();
}

}  // namespace gosplan
