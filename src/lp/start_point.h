// The check every method that starts from a given primal-dual point makes first (CrossoverWithClp,
// ProjectOntoActiveSet): the point has a value per column and a dual per row of the LP.
#pragma once

#include <fmt/format.h>

#include "gosplan/linear_program.h"

namespace gosplan::lp {

inline Status CheckStartPoint(const LinearProgram& lp, const LpSolution& start, const char* who) {
  if (static_cast<Index>(start.column_values.size()) == lp.num_columns &&
      static_cast<Index>(start.row_duals.size()) == lp.num_rows) {
    return Status::Ok();
  }
  return Status::InvalidArgument(
      who,
      fmt::format("the starting point has {} column values and {} row duals; the LP has {} "
                  "columns and {} rows",
                  start.column_values.size(), start.row_duals.size(), lp.num_columns, lp.num_rows));
}

}  // namespace gosplan::lp
