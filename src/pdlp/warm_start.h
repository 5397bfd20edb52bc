// PDLP warm start (docs/what-if.md, "PDLP"): solve an LP with restarted PDHG starting from the
// primal-dual point of an earlier solve of a nearby LP, instead of from x = 0, y = 0.
//
// Why it helps: after a what-if edit (a bound or right-hand side changed, a few columns or rows
// added) the new optimum is usually near the old one, and PDHG's work is roughly proportional to
// log(distance to the optimum / tolerance) between restarts; starting at the old optimum skips the
// first phase of the cold solve. It is only a start: the stopping tests, restarts and
// infeasibility certificates are PDLP's own (pdhg_iteration.h), so a warm answer meets the same
// tolerance as a cold one and an infeasible edit is still proved infeasible by a Farkas ray.
//
// The point is kept in the ORIGINAL LP's terms — x per column, y per row in LpSolution's sign
// convention (∂objective as stated / ∂bound) — so it survives a different presolve and scaling
// of the edited LP: it is mapped through this solve's presolve (kept rows and columns) and scaled
// (x̃ = x / D_c clamped into the scaled column box, ỹ = y / D_r with the minimisation sign). The
// step size η and primal weight ω of the last solve are reused as they are (both are of the
// scaled problem, whose scaling an edit of bounds does not change; they are only where the
// adaptive rules start from).
#pragma once

#include <vector>

#include "gosplan/linear_program.h"
#include "gosplan/pdlp.h"
#include "gosplan/status.h"

namespace gosplan::pdlp {

struct WarmPoint {
  std::vector<double> x;       // per column of the LP (its units)
  std::vector<double> y;       // per row, LpSolution::row_duals' convention
  double step_size = 0.0;      // η at the end of the last solve (0: PDLP's usual start)
  double primal_weight = 0.0;  // ω at the end of the last solve (0: PDLP's usual start)
};

// SolveWithPdlp started from `start` (null: cold, exactly SolveWithPdlp). `start` must have the
// LP's sizes (kInvalidArgument otherwise). On return `*end` (may be null) holds the returned point
// and the final η and ω, ready to start the next solve. Both iterations: the averaged PDHG starts
// from the point with its η and ω; the Halpern iteration from the point (its anchor) with its ω and
// the Lanczos estimate's η (constant in that iteration, and K may have changed), with feasibility
// polishing where the options ask for it.
Result<LpSolution> SolveWithPdlpFrom(const LinearProgram& lp, const PdlpOptions& options,
                                     const WarmPoint* start, PdlpSummary* summary, WarmPoint* end);

}  // namespace gosplan::pdlp
