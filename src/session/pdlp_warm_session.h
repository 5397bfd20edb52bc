// The PDLP side of a planning session (docs/what-if.md, "PDLP warm start"): instead of a simplex
// basis it keeps the last PDLP primal-dual point (x per LP column, y per LP row, with the LP's row
// and column names) and the final step size and primal weight, and starts every re-solve of the
// edited plan from it (pdlp/warm_start.h). The plan is issued by SolvePlan itself (through
// PlanOptions::pdlp_solve), so a warm PDLP plan is labelled exactly as `gosplan plan --solver
// pdlp` labels plans: "approximate" at its measured tolerance, "optimal" only after a crossover
// (`pdlp+crossover`) whose vertex passes the 1e-6 check, "infeasible" only on PDLP's Farkas
// certificate (or presolve's proof), "iteration_limit"/"time_limit" when neither was reached.
#pragma once

#include <string>
#include <vector>

#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "gosplan/status.h"
#include "pdlp/warm_start.h"
#include "plan/plan_program.h"

namespace gosplan::session {

class PdlpWarmSession {
 public:
  // Solves the plan of `model` (whose LP, with names, is `program`: the same rows and columns in
  // the same order as SolvePlan builds) with PDLP, warm from the last optimal point when there is
  // one, mapped by row and column names: a known column or row keeps its value, a new column
  // starts at 0 (moved into its bounds), a new row's dual at 0. The point is replaced only by an
  // optimal (converged) PDLP point: an infeasible edit's last iterate is no start for the next.
  // Plan::solve_seconds is the whole re-solve (the LP built by SolvePlan, PDLP, a crossover),
  // extract_seconds the plan measured and its documents built.
  Result<Plan> Solve(const Model& model, const PlanOptions& options,
                     const plan::PlanProgram& program);

  bool has_point() const { return !point_.x.empty(); }
  // The next solve starts from the base plan's point again (PlanningSession::Reset): every
  // scenario is an edit of the base plan, so its re-solve starts there, whatever ran before.
  void ResetToBase() {
    point_ = base_point_;
    row_names_ = base_row_names_;
    column_names_ = base_column_names_;
  }

 private:
  pdlp::WarmPoint point_, base_point_;
  std::vector<std::string> row_names_, column_names_;            // of point_
  std::vector<std::string> base_row_names_, base_column_names_;  // of base_point_
};

}  // namespace gosplan::session
