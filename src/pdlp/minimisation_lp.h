// The LP in the form every part of the first-order solver works on: a minimisation with missing
// bounds as ±∞.
//
//   minimise objectiveᵀx + offset   subject to   row_lower ≤ M x ≤ row_upper,
//                                                column_lower ≤ x ≤ column_upper
#pragma once

#include <vector>

#include "gosplan/linear_program.h"
#include "pdlp/lp_kernels.h"

namespace gosplan::pdlp {

struct MinimisationLp {
  CscMatrix matrix;
  std::vector<double> objective, column_lower, column_upper, row_lower, row_upper;
  double offset = 0.0;
};

// `lp` as a minimisation: a maximisation's objective and offset are negated (so every dual of the
// minimisation is −1 times the LP's own); a bound at or beyond ±1e30 is missing (±∞), as in MPS.
MinimisationLp ToMinimisation(const LinearProgram& lp);

}  // namespace gosplan::pdlp
