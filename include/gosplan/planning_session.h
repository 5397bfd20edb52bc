// A planning session: a solved plan kept warm for "what if" questions (docs/what-if.md).
//
// Start solves the plan LP of a model once with CLP's simplex (as SolvePlan does) and keeps the
// solver's model — the LP, its bounds and its optimal basis — and the map from LP rows and columns
// to the model's objects. An edit changes one number of the model and the matching bound of the LP
// in place:
//   quota q's quantity Q                    → lower bound of row quota[q] (when quotas are law;
//                                             otherwise the quota is only a report figure)
//   resource availability R[r,t]           → upper bound of row resource[r,t]
//   final-demand floor F of (c, i, t)       → lower bound of column f[c,i,t]
//   enterprise capacity max_activity of e,p → upper bound of the columns z[e,p,t], every year t
// A bound change keeps the old basis dual feasible (the objective is unchanged), so Solve
// re-optimises by the dual simplex from it: a few pivots instead of a solve from scratch.
//   construction site: enterprise e (new, of kind construction_site, or an existing one) may run
//   technique p up to max_activity. It adds columns and rows (activities, and stock accounts whose
//   capital must first be built); the LP is rebuilt from the edited model and started from the old
//   basis mapped by row and column names — new columns at their lower bound (0), new rows basic.
//   That basis is primal feasible (nothing of the new enterprise runs, its new capital and stock
//   rows hold at 0), so the primal simplex continues from it.
// Solve issues the plan exactly as SolvePlan would for the edited model: "optimal" only when the
// plan holds at Plan::kExactTolerance as measured on it, "infeasible"/"unbounded" explained in the
// same words. A warm vertex that misses that check (CLP's tolerances are absolute: a new
// enterprise's activity may be left at 1e-8 with its capital row short by as much) is not issued
// as approximate: the LP is solved again from scratch, as SolvePlan solves it, and that decides.
// The session's model() is always the edited model, so the plan's documents (WritePlanFolder) and
// `gosplan verify` of them against model() agree.
//
// Edits accumulate until Reset(), which puts the base model's numbers (and LP) back; the basis of
// the last solve is kept as the next warm start. Not thread-safe: one session per thread.
//
// With solver PDLP (PlanOptions::solver_kind kPdlp; `crossover` for pdlp+crossover) the session
// keeps no basis but the base plan's PDLP primal-dual point x, y (per LP column and row, with
// their names) and its final step size and primal weight; every Solve restarts PDHG from that
// point on the edited LP (src/pdlp/warm_start.h: known rows and columns keep their values, new
// ones start at 0, values are moved into the edited bounds) and the plan is issued by SolvePlan
// itself, so it is labelled exactly as `gosplan plan --solver pdlp` labels plans: "approximate" at
// its measured tolerance, "infeasible" only on PDLP's certificate, a limit when neither.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "gosplan/status.h"

namespace gosplan {

enum class PlanEditKind {
  kQuota,                 // id: quota id; value: quantity (product units)
  kResourceAvailability,  // id: resource id; year: plan year; value: R[r,t] (resource units)
  kFinalDemandFloor,      // id: product id; detail: category (may be empty when the model has one);
                          // year: plan year; value: the floor (product units)
  kEnterpriseCapacity,    // id: enterprise id; detail: technique id; value: max_activity
                          // (activity units, every plan year; kUnbounded: no limit)
  kConstructionSite,      // id: enterprise id (new: a construction site); detail: technique id;
                          // value: max_activity (kUnbounded: no limit)
};
// "quota", "resource_availability", "final_demand_floor", "enterprise_capacity",
// "construction_site"
const char* ToString(PlanEditKind kind);
std::optional<PlanEditKind> ParsePlanEditKind(std::string_view text);

struct PlanEdit {
  PlanEditKind kind = PlanEditKind::kResourceAvailability;
  std::string id;
  std::string detail;
  int year = 0;  // plan year 1..T (resource availability, final-demand floor); 0 otherwise
  double value = 0.0;
  // construction_site on a model with regions: the region id (regions.csv) of a new site;
  // required with ≥ 2 regions, the only one when empty with 1; must be empty for other kinds,
  // without regions, and match an existing enterprise's own region (docs/what-if.md, "Regions").
  std::string region;
};

// One scenario of a what-if file: the edits applied together to the base plan.
struct WhatIfScenario {
  std::string name;
  std::vector<PlanEdit> edits;
  std::int64_t line = 0;  // line of its first edit in the file
};

// Reads a what-if file (docs/what-if.md): CSV with columns edit,kind,id,detail,year,value (detail
// may be omitted; note* columns are ignored). Lines with the same `edit` name form one scenario;
// scenarios keep the order of their first line. Years are calendar years of `model`; ids must exist
// in the model (a construction site's enterprise may be new, its technique must exist). Every
// mistake is kInvalidInput naming file, line, column and what was expected.
Result<std::vector<WhatIfScenario>> ReadWhatIfFile(const Model& model, const std::string& path);

class PlanningSession {
 public:
  // Solves the model's plan once with CLP, or with PDLP when the options or model.toml name it or
  // `auto` chooses it by the base LP's size (ChooseSolver, gosplan/plan.h: from kAutoPdlpNonzeros
  // non-zeros, with the crossover auto chooses), cold; its basis or point is kept (see above) and
  // the choice holds for the session. The maxmin objective is refused (kInvalidArgument).
  // base_plan() is that plan.
  static Result<std::unique_ptr<PlanningSession>> Start(const Model& model,
                                                        const PlanOptions& options = {});
  ~PlanningSession();
  PlanningSession(const PlanningSession&) = delete;
  PlanningSession& operator=(const PlanningSession&) = delete;

  const Plan& base_plan() const;
  const Model& base_model() const;
  const Model& model() const;  // the base model with the edits since the last Reset

  // Applies an edit to model() and the LP. kInvalidArgument (naming the edit) for an unknown id, a
  // year outside the plan, a negative or non-finite value (kUnbounded allowed for capacities), or a
  // final-demand entry the model does not have; nothing is changed then.
  Status Apply(const PlanEdit& edit);
  // Back to the base model and LP; the current basis stays as the next warm start (mapped by
  // names when a construction site had rebuilt the LP); with PDLP, the base plan's point is the
  // next start. Errors only from reloading the base LP.
  Status Reset();

  // Re-optimises the edited plan from the last basis and issues it (see above). Plan::iterations
  // and Plan::solve_seconds are this solve's; Plan::solver says how it was started.
  Result<Plan> Solve();

 private:
  struct State;
  explicit PlanningSession(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// A scenario's outcome against the base plan, for the comparison table.
struct WhatIfResult {
  std::string name;
  std::int64_t line = 0;
  std::size_t edits = 0;
  Plan plan;                      // with targets etc. when it has a plan
  double objective_change = 0.0;  // plan.objective − base objective (0 without a plan)
  // The products whose total output over the plan changed most (by |change|), at most three:
  // (product index, change in product units).
  std::vector<std::pair<Index, double>> largest_output_changes;
};

// Fills objective_change and largest_output_changes of `result` from its plan and the base plan.
void CompareWithBase(const Model& model, const Plan& base, WhatIfResult& result);

// The comparison table as CSV (columns scenario,line,edits,status,objective,objective_change,
// objective_change_percent,iterations,largest_output_changes, and solve_seconds, extract_seconds
// last when `with_timings`; a first row "base" for the base plan), as text for people, and as the
// JSON document gosplan.what_if/1 (docs/json.md). Seconds vary run to run, so only the CSV asked
// `with_timings` holds them (`gosplan plan --what-if ... --timings FILE`); the rest is the same
// bytes for the same input.
std::string WhatIfCsv(const Model& model, const Plan& base,
                      const std::vector<WhatIfResult>& results, bool with_timings);
std::string WhatIfText(const Model& model, const Plan& base,
                       const std::vector<WhatIfResult>& results);
std::string WhatIfJson(const Model& model, const Plan& base,
                       const std::vector<WhatIfResult>& results);

}  // namespace gosplan
