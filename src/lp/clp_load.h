// Internal: the one way a LinearProgram enters CLP, shared by the one-shot SolveWithClp
// (clp_solver.cc) and the warm-start ClpSession (clp_session.cc).
//
// CLP marks a missing bound with ±COIN_DBL_MAX where LinearProgram uses ±kUnbounded (infinity),
// takes 32-bit indices, and subtracts its objective offset (it minimises cᵀx − offset): the
// functions below translate each of these once.
#pragma once

#include "gosplan/linear_program.h"

class ClpSimplex;

namespace gosplan::lp {

// ±kUnbounded (or beyond) ↔ ±COIN_DBL_MAX; finite values pass unchanged.
double ToClpBound(double value);
double FromClpBound(double value);

// ValidateLinearProgram, plus CLP's 32-bit limit on rows, columns and non-zeros (kInvalidInput).
Status CheckClpShape(const LinearProgram& lp);

// Replaces `model`'s problem by `lp` (a valid LP, see CheckClpShape): matrix, bounds, objective,
// sense, offset, and the names when the LP has any (a missing one becomes R<i> / C<j>, as CLP needs
// all).
void LoadIntoClp(const LinearProgram& lp, ClpSimplex& model);

// The solution CLP holds for `lp` (loaded by LoadIntoClp): status (StatusOfClp), x, row
// activities, duals and reduced costs (CLP's are LpSolution's convention already), the objective
// recomputed from x with lp's offset, and the largest primal violation. Solver name, seconds and
// iterations are the caller's.
LpSolution SolutionOfClp(const LinearProgram& lp, const ClpSimplex& model);

}  // namespace gosplan::lp
