// Internal: the plan LP together with the maps from LP rows/columns back to model objects.
// See include/gosplan/plan.h for the mathematics; the names here follow it.
#pragma once

#include <map>
#include <utility>
#include <vector>

#include "gosplan/linear_program.h"
#include "gosplan/model.h"
#include "gosplan/plan.h"

namespace gosplan::plan {

// A capital stock K[e,i,·]: enterprise e holds capital good i because one of its techniques needs
// it.
struct StockAccount {
  Index enterprise = 0;
  Index product = 0;
  double depreciation = 0.0;  // largest d[p,i] among e's techniques that need i
  int lag = 1;                // e's construction lag
  double initial = 0.0;       // K[e,i,0]
  // cip[e,i,t] for t = 1..T ([t − 1]): construction in progress becoming usable in year t (sums of
  // construction_in_progress.csv); empty when none arrives.
  std::vector<double> arriving;
  double Arriving(int year) const {
    return arriving.empty() ? 0.0 : arriving[static_cast<std::size_t>(year - 1)];
  }
  // σ_e[o], o = 0..L − 1: the share of a[e,i,t] taken from the balance of year t + o (the
  // enterprise's outlay profile, OutlayProfiles in model.h; {1, 0, ...} by default).
  std::vector<double> outlay;
};

// A technique's coefficients gathered per technique (compressed rows of the triplet tables).
struct TechniqueTable {
  std::vector<Index> starts;  // size techniques + 1
  std::vector<Index> items;   // product or resource index
  std::vector<double> values;
  std::vector<double> extra;  // depreciation for capital; unused otherwise
};

struct PlanProgram {
  LinearProgram lp;
  int years = 0;
  ObjectiveKind objective = ObjectiveKind::kPlanRay;
  bool quotas_are_law = false;
  double fulfilment_floor = 0.0;  // PlanOptions::fulfilment_floor: > 0 adds target rows and λ

  TechniqueTable outputs, inputs, resource_use, capital;
  std::vector<StockAccount> stocks;
  // Regions (gosplan/regions.h; docs/planning-model.md, "Regions and transport"): G balance
  // regions (1 without regions.csv) and each enterprise's region.
  Index regions = 1;
  std::vector<Index> enterprise_region;
  // Outlays owed for construction in progress (RegionalOwedOutlays in gosplan/regions.h):
  // [(i·G + g)·T + t − 1], on the right-hand side of balance[i,g,t].
  std::vector<double> owed_outlay;
  std::map<std::pair<Index, Index>, Index> stock_index;  // (enterprise, product) -> stocks position

  // Columns ([· * years + t − 1]); −1 where the variable does not exist.
  std::vector<Index> activity_column;      // per enterprise_technique
  std::vector<Index> accumulation_column;  // per stock account
  std::vector<Index> capital_column;       // per stock account
  std::vector<Index> carry_column;         // per product and region (storable only)
  std::vector<Index> final_use_column;     // per model.final_demand entry (no year factor)
  std::vector<Index> fulfilment_column;    // per year (plan ray only)
  // Harmony h[i,t] ([i·T + t − 1], −1 where τ[i,t] = 0 or under another objective), its cut rows
  // from harmony_row_start[i·T + t − 1] on (one per tangent point, then the cap H(s_max)).
  std::vector<Index> harmony_column;
  std::vector<Index> harmony_row_start;

  // Groups of final demand (maxmin objective or group floors; src/plan/maxmin_program.cc), after
  // every other row and column (after harmony): per group g (a final-demand category with a
  // target, in category order) the category, its floor, λ_g[t] columns ([g·T + t − 1], −1 in a
  // year without a target) and its group rows group[g,i,t]: Σ_{c∈g} f[c,i,t] −
  // λ_g[t]·T_g[i,t] ≥ 0. Maxmin adds per group the level column u_g and the rows
  //   level[g]: Σ_t (w_t/W_g)·λ_g[t] − u_g ≥ 0,   tie[g]: u_g − z ≥ 0,
  // and the column z (objective 1, maximised); fixing a group at ℓ frees tie[g] and sets u_g ≥ ℓ.
  std::vector<Index> group_category;
  std::vector<double> group_floor;
  std::vector<Index> group_fulfilment_column;
  std::vector<Index> group_level_column, group_tie_row;
  Index maxmin_column = -1;

  // Rows.
  // balance[i,g,t] at (i·G + g)·T + t − 1: with G = 1 the layout of a model without regions.
  Index balance_row(Index product, Index region, int year) const {
    return (product * regions + region) * years + year - 1;
  }
  // The first region's balance (the nation's without regions; where foreign trade crosses).
  Index balance_row(Index product, int year) const { return balance_row(product, 0, year); }
  Index resource_row_base = 0;
  Index resource_row(Index resource, int year) const {
    return resource_row_base + resource * years + year - 1;
  }
  Index capital_row_base = 0;  // capital[k,t] at base + 2·(k·T + t − 1), stock[k,t] right after it
  Index capital_row(Index stock, int year) const {
    return capital_row_base + 2 * (stock * years + year - 1);
  }
  Index stock_row(Index stock, int year) const { return capital_row(stock, year) + 1; }
  std::vector<Index> target_row;  // per product·year, −1 where no target mix
  std::vector<Index> quota_row;   // per quota, −1 when quotas are not law

  // Terminal growth rows (TerminalCondition::kGrowth; docs/planning-model.md, "Terminal
  // conditions"), after all other rows: for stock account k and j = 1..L_k,
  //   terminal[k,j]: (1−d)^j·K[k,T] + Σ_{m=1..j} (1−d)^(j−m)·a[k,T+m−L] − (1+g)^j·Σ_p b·z[e,p,T] ≥
  //   0
  // at row terminal_row_start[k] + j − 1 (−1 without the condition). g: terminal_growth_rate.
  double terminal_growth_rate = 0.0;
  std::vector<Index> terminal_row_start;  // per stock account
  Index terminal_row(Index stock, int step) const { return terminal_row_start[stock] + step - 1; }

  // Foreign trade (trade_program.h; docs/planning-model.md, "Foreign trade"), after every other
  // row and column; −1 / empty for a model without world prices.
  std::vector<Index> export_column;   // per model.world_prices entry (−1: not exportable)
  std::vector<Index> import_column;   // per model.world_prices entry (−1: not importable)
  std::vector<Index> debt_column;     // D[t] per year: [t − 1]
  std::vector<Index> reserve_column;  // V[t] per year: [t − 1]
  Index currency_row_base = -1;       // currency[t] at base + t − 1
  Index currency_row(int year) const { return currency_row_base + year - 1; }

  // Uncertain harvests (scenario_program.h; docs/planning-model.md, "Uncertain harvests"): yield
  // factors φ[i·T + t − 1] that ApplyYieldFactors put on the output coefficients (z[e,p,t] yields
  // φ[i,t]·out[p,i] of i); empty: all 1. The documents (targets, balances) read them.
  std::vector<double> yield_factor;
  double Yield(Index product, int year) const {
    return yield_factor.empty()
               ? 1.0
               : yield_factor[static_cast<std::size_t>(product * years + year - 1)];
  }
  // Transport (regions_program.h), after foreign trade; empty without transport links. Per link l
  // and year t at [l·T + t − 1]: the flow x[l,t], the capacity n[l,t] started that year (−1 where
  // the link cannot be extended) and the row cap[l,t] (−1 where the link is unlimited).
  std::vector<Index> transport_column;
  std::vector<Index> expansion_column;
  std::vector<Index> link_capacity_row;
};

// Harmony objective (src/plan/objective_program.cc): appends, after every other row and column,
// the cut rows cut[i,t,k] and the columns h[i,t] of include/gosplan/plan.h, with the final-use
// columns' entries in the cuts; the objective weight of h[i,t] is the year weight w_t.
void AppendHarmony(const Model& model, PlanProgram& program, bool with_names);

// Groups (src/plan/maxmin_program.cc): appends the group rows and columns above for the maxmin
// objective and for options.group_floors. kInvalidArgument for a floor on an unknown group or on
// a category without a target, or a maxmin objective for a model without any target.
Status AppendGroups(const Model& model, const PlanOptions& options, PlanProgram& program,
                    bool with_names);

// The groups' fulfilments as the plan's final use gives them (GroupFulfilment in plan.h), from
// the LP point x; fills plan.groups (nothing when the program has no groups).
void ExtractGroups(const Model& model, const PlanProgram& program, const std::vector<double>& x,
                   Plan& plan);

// The maxmin objective (src/plan/maxmin.cc): the lexicographic sequence of CLP LPs on `program`
// (built by BuildPlanProgram with the maxmin objective), issued through IssueSimplexPlan; `plan`
// holds the program's facts (DescribePlanProgramFacts) and settings on entry.
Status SolveMaxmin(const Model& model, PlanProgram program, const PlanOptions& options, Plan& plan);

// Builds the LP; `with_names` adds row and column names (for MPS export and explanations).
Result<PlanProgram> BuildPlanProgram(const Model& model, const PlanOptions& options,
                                     bool with_names);

// ---- The LP solution → Plan tail of SolvePlan (src/plan/plan_solve.cc), shared with the
// planning session (src/session) ----

// The plan's facts that come from the program: objective kind, quotas as law, terminal growth
// rate, LP sizes.
void DescribePlanProgramFacts(const Model& model, const PlanProgram& program, Plan& plan);

// PlanAccuracy of a simplex solution, measured as SolvePlan measures it (the point put onto its
// column bounds; rows, reduced costs and duality gap relative to their largest terms).
PlanAccuracy MeasureSimplexAccuracy(const Model& model, const PlanProgram& program,
                                    const LpSolution& solution);

// The plan status of an LP solve's status (one to one; src/plan/plan_solve.cc).
PlanStatus PlanStatusFromLp(LpStatus status);

// A simplex (CLP) solution of `program.lp` turned into the plan: status and explanation (as
// SolvePlan gives them: infeasible and unbounded explained), and for an optimal LP the measured
// accuracy — optimal only when the plan holds at Plan::kExactTolerance, else approximate at the
// measured tolerance — and the plan's documents (targets, investment, balances, prices). Solver
// facts (solver, iterations, solve seconds) are taken from `solution`.
void IssueSimplexPlan(const Model& model, const PlanProgram& program, const LpSolution& solution,
                      Plan& plan);

// Appends `extra[j]` (entries in rows after every existing row, any order) to the columns j of
// lp's CSC arrays, sorting them by row and adding up entries of one row (a technique needing the
// same good twice; a column in two cuts of one row).
void MergeIntoColumns(LinearProgram& lp, std::vector<std::vector<std::pair<Index, double>>>& extra);

}  // namespace gosplan::plan
