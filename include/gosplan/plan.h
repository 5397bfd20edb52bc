// The multi-year plan: builds the linear program of docs/planning-model.md from a Model, solves it
// and turns the solution into the plan's documents (targets, investment, balances, shadow prices).
//
// Variables (plan years t = 1..T):
//   z[e,p,t] ≥ 0  activity of technique p at enterprise e (activity units), min/max_activity as
//   bounds a[e,i,t] ≥ 0  accumulation: product i put into e's stock in year t, usable from t + L_e
//   K[e,i,t] ≥ 0  e's usable stock of capital good i during year t
//   s[i,t]  ≥ 0  carried stock of storable product i at the end of year t
//   f[c,i,t] ≥ F  final use of product i by category c (floor F from final_demand.csv)
//   λ[t]    ≥ 0  fulfilment of the year's target mix (plan-ray objective only)
// Rows:
//   balance[i,t]:   Σ out·z + (1−loss_i)·s[i,t−1] − Σ in·z − Σ_e a[e,i,t] − Σ_c f[c,i,t] − s[i,t] ≥
//   0
//                   (free disposal of surplus; s[i,0] = initial_stock is moved to the right-hand
//                   side)
//   resource[r,t]:  Σ use·z ≤ R[r,t]
//   capital[e,i,t]: Σ_p b[p,i]·z[e,p,t] − K[e,i,t] ≤ 0
//   stock[e,i,t]:   K[e,i,t] − (1−d_ei)·K[e,i,t−1] − a[e,i,t−L_e] = cip[e,i,t]   (construction
//                   in progress, construction_in_progress.csv; K[e,i,0] on the right-hand
//                   side)
//   target[i,t]:    Σ_c f[c,i,t] − λ[t]·Σ_c target[c,i,t] ≥ 0   (plan ray, or a fulfilment floor)
//   quota[q]:       Σ out·z (over the quota's enterprise or all) ≥ quantity   (when quotas are law)
//   cut[i,t,k]:     h[i,t] − (H'(s_k)/τ)·Σ_c f[c,i,t] ≤ H(s_k) − H'(s_k)·(1 + s_k),  and
//                   h[i,t] ≤ H(s_max)                                         (harmony only)
// Objectives: plan ray max Σ_t w_t λ[t]; min resources min Σ_t Σ_r weight_r Σ use·z;
// priority output max Σ_t Σ_i priority_weight_i Σ out·z; harmony max Σ_t w_t Σ_i h[i,t] over the
// products with a final-demand target τ[i,t] = Σ_c target[c,i,t] > 0, h[i,t] ≥ −1.5 free below
// the tangent cuts of gosplan/harmony.h (docs/planning-model.md, "Harmony").
// Shadow prices are the duals of balance rows (≥ 0: objective units per product unit), of resource
// rows (≥ 0 for a maximisation: objective gained per unit more resource; for min resources, the
// cost saved).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gosplan/linear_program.h"
#include "gosplan/model.h"
#include "gosplan/pdlp.h"
#include "gosplan/status.h"

namespace gosplan {

struct PlanOptions {
  bool use_model_objective = true;  // false: take `objective` below
  ObjectiveKind objective = ObjectiveKind::kPlanRay;
  int quotas_as_constraints = -1;  // -1: as model.toml says; 0 no; 1 yes
  // A floor on the plan ray under any objective (docs/planning-model.md, "Floors on the plan
  // ray"): > 0 adds the target rows Σ_c f[c,i,t] ≥ λ[t]·mix[i,t] and λ[t] ≥ fulfilment_floor in
  // every year with a target mix (λ weighs nothing in the objective unless it is the plan ray),
  // e.g. "most heavy-industry output with final use at least the 1927/28 basket" (priority_output,
  // floor 1). 0: none. `gosplan plan --fulfilment-floor`.
  double fulfilment_floor = 0.0;
  // Floors on groups' fulfilments under any objective (docs/planning-model.md, "Max–min
  // fulfilment across groups"): (group, V) asks λ_g[t] ≥ V in every year t where the group has a
  // target, the group g being a final-demand category with a target somewhere (its id as in
  // final_demand.csv). Adds the group rows Σ_{c∈g} f[c,i,t] ≥ λ_g[t]·Σ_{c∈g} target[c,i,t] and
  // the columns λ_g[t] (weight 0 in the objective unless it is maxmin), e.g. "most heavy-industry
  // output with consumption at least its 1927/28 basket": priority_output, {"consumption", 1}.
  // An unknown group, or one without any target, is refused (kInvalidArgument). `gosplan plan
  // --group-floor GROUP=V`.
  std::vector<std::pair<std::string, double>> group_floors;
  LpSolveOptions solver;  // CLP settings (time limit etc.)
  // Which LP solver: CLP (exact simplex vertex), PDLP (first-order, approximate to pdlp.tolerance,
  // for large plans) or automatic by the plan LP's non-zeros (ChooseSolver below;
  // docs/planning-model.md, "`--solver auto`"): CLP below kAutoPdlpNonzeros; from there PDLP to
  // kCrossoverTolerance and the crossover in full (exact, as pdlp+crossover) up to
  // kAutoFullCrossoverNonzeros; the active-set projection without CLP (exact where it verifies,
  // else the PDLP plan, approximate) up to kAutoProjectionNonzeros; above that PDLP alone to
  // pdlp.tolerance (approximate). Empty: as model.toml's [solver] name says (ModelSettings::solver;
  // CLP when it says nothing).
  using SolverKind = gosplan::SolverKind;
  std::optional<SolverKind> solver_kind;
  // The bounds of `auto`'s tiers, measured on the generated plans (docs/benchmarks.md, "`--solver
  // auto` by size"): from 400 products (53,000 non-zeros) PDLP and the projection beat CLP's
  // simplex (0.3 against 0.7 s); CLP's crossover, the full route's last resort, took 3–15 s at
  // 1,000 products but 427 s at 5,000, so it runs only up to ~2,300 products (300,000); the
  // projection of a 10^4-product plan (1.3 M non-zeros) takes seconds after 20 s of PDLP, while at
  // 10^5 products one round of it takes minutes.
  static constexpr Index kAutoPdlpNonzeros = 50000;
  static constexpr Index kAutoFullCrossoverNonzeros = 300000;
  static constexpr Index kAutoProjectionNonzeros = 2000000;
  // PDLP settings (tolerance, limits, threads). When its time limit is 0, solver.time_limit_seconds
  // applies; its progress callback, when empty, is replaced by occasional `log` lines.
  PdlpOptions pdlp;
  // Solves the plan LP where PDLP is chosen, in place of SolveWithPdlp (the same contract), e.g.
  // the PETSc backend's distributed solve (`mpirun -n P gosplan plan ... --backend petsc`,
  // gosplan/distributed.h). Empty: SolveWithPdlp.
  std::function<Result<LpSolution>(const LinearProgram&, const PdlpOptions&)> pdlp_solve;
  // After PDLP: crossover by CLP from the PDLP point. The columns PDLP leaves at a bound with a
  // clearly unprofitable reduced cost are fixed there and CLP solves the rest exactly
  // (solver.algorithm, with the same time limit); the result is measured on the full LP and issued
  // as optimal only when it holds at Plan::kExactTolerance, otherwise the PDLP plan stays
  // (approximate). Cheap for small plans; the simplex part can take long on large ones.
  bool polish = false;
  // After PDLP (chosen, or by `auto`): crossover to an exact plan (Crossover, linear_program.h):
  // PDLP to at least kCrossoverTolerance, then its point projected onto its active set (no pivots;
  // an optimal point, not a vertex), and where that does not verify, CLP's simplex from the point
  // (the columns it leaves at a bound fixed at first, CLP's presolve, then the whole LP). Issued as
  // optimal only when the plan holds at Plan::kExactTolerance (as measured on it), else the PDLP
  // plan stays (approximate). Takes precedence over `polish`. `gosplan plan --solver
  // pdlp+crossover`.
  bool crossover = false;
  static constexpr double kCrossoverTolerance = 1e-6;
  // With crossover: the active-set projection without CLP. Where the projection of PDLP's point
  // does not verify, PDLP continues to a 100× tighter tolerance for at most as many iterations as
  // its first solve took and the projection runs again; where that does not verify either, CLP's
  // simplex does not run and the PDLP plan is issued (approximate, with the projection's figures in
  // its explanation): the crossover then costs at most about one more solve on LPs where CLP's
  // simplex would take many minutes. `auto` sets it between kAutoFullCrossoverNonzeros and
  // kAutoProjectionNonzeros.
  bool crossover_projection_only = false;
  // The resource whose shadow price is the numeraire of the plan folder's prices (its id, e.g.
  // "labour"): prices.csv then also carries each price divided by that resource's price in the same
  // year (column price_in_<id>), so that with labour they read as labour values. The LP and its
  // duals are unchanged. Empty: none. An id that is not a resource of the model is refused
  // (kInvalidArgument).
  std::string price_numeraire;
  // Progress messages (the library never prints); may be empty.
  std::function<void(std::string_view)> log;

  // False with a sentence in *error (naming the field, its value and the rule) when a field is out
  // of range, here or in `solver` and `pdlp`. SolvePlan refuses such options (kInvalidArgument).
  bool IsValid(std::string* error) const;
};

// What runs on a plan LP of `nonzeros` non-zeros under `objective` when `kind` is asked for with
// `options`: CLP, PDLP alone, or PDLP and the crossover (in full, or without CLP). An explicit kind
// keeps options' own crossover and crossover_projection_only; `auto` chooses all three by the
// tiers at PlanOptions::solver_kind — except for the harmony objective, where `auto` runs PDLP
// alone from kAutoPdlpNonzeros as before (its crossover took 498 s on a 400-product plan that CLP's
// cutting planes solve in 10 s; docs/planning-model.md, "`--solver auto`"). SolvePlan and
// PlanningSession::Start both choose by it.
struct SolverChoice {
  bool pdlp = false;
  bool crossover = false;
  bool projection_only = false;  // with crossover
};
SolverChoice ChooseSolver(SolverKind kind, const PlanOptions& options, Index nonzeros,
                          ObjectiveKind objective);

// kOptimal: every row of the plan LP holds and the published prices prove the objective optimal,
// all within kExactTolerance (what `gosplan verify` checks by default). kApproximate: a plan was
// found (by PDLP, or a simplex answer that misses kExactTolerance) that holds only within the
// larger relative tolerance Plan::stated_tolerance, measured on the plan itself (PlanAccuracy).
// Both issue a plan folder. kTimeLimit, kIterationLimit, kInterrupted: the solver stopped before it
// found a plan (as LpStatus).
enum class PlanStatus {
  kOptimal,
  kInfeasible,
  kUnbounded,
  kTimeLimit,
  kIterationLimit,
  kInterrupted,
  kError,
  kApproximate,
};
// "optimal", "infeasible", "unbounded", "time_limit", "iteration_limit", "interrupted", "error",
// "approximate"
const char* ToString(PlanStatus status);
// The inverse of ToString; empty for any other text.
std::optional<PlanStatus> ParsePlanStatus(std::string_view text);
// True for the statuses of a solve stopped before it finished (no plan, exit code 5 on the command
// line).
inline bool StoppedEarly(PlanStatus status) {
  return status == PlanStatus::kTimeLimit || status == PlanStatus::kIterationLimit ||
         status == PlanStatus::kInterrupted;
}
// True for the statuses that come with a plan (targets, balances, prices): optimal and approximate.
inline bool HasPlan(PlanStatus status) {
  return status == PlanStatus::kOptimal || status == PlanStatus::kApproximate;
}

// One production target: what an enterprise's technique must deliver of a product in a year.
struct ProductionTarget {
  Index enterprise = 0;
  Index technique = 0;
  Index product = 0;
  int year = 1;              // plan year
  double quantity = 0.0;     // product units: out[p,i]·z[e,p,t]
  double capacity = 0.0;     // product units the enterprise could make by this technique alone
  double utilisation = 0.0;  // quantity / capacity (0 when capacity is 0 or unbounded)
};

// New capital: `quantity` of `product` put into e's stock in `year_started`, usable from
// `year_usable`.
struct Investment {
  Index enterprise = 0;
  Index product = 0;
  int year_started = 1;
  int year_usable = 1;
  double quantity = 0.0;
};

// Where each product goes in a year (product units).
struct ProductBalance {
  Index product = 0;
  int year = 1;
  double production = 0.0;
  double intermediate_use = 0.0;
  double accumulation = 0.0;
  std::vector<double> final_use;  // per final-demand category
  double stock_in = 0.0;          // carried in from last year, after storage loss
  double stock_out = 0.0;         // carried to next year
  double surplus = 0.0;           // production + stock_in − all uses (free disposal, ≥ 0)
  double imports = 0.0;  // m[i,t] (foreign trade; 0 without world prices), counted in the supply
  double exports = 0.0;  // e[i,t], counted among the uses
};

// Foreign trade of one product in one year (one per world_prices.csv row; docs/planning-model.md,
// "Foreign trade").
struct TradeFlow {
  Index product = 0;
  int year = 1;
  double exports = 0.0;  // e[i,t], product units
  double imports = 0.0;  // m[i,t], product units
};

// The balance of one product in one region and year (a model with regions.csv; docs/planning-
// model.md, "Regions and transport"), product units:
//   production + stock_in + imports + transport_in
//     = intermediate_use + transport_use + accumulation + Σ final_use + stock_out + exports
//       + transport_out + surplus.
struct RegionalBalance {
  Index product = 0;
  Index region = 0;
  int year = 1;
  double production = 0.0;
  double intermediate_use = 0.0;  // by the techniques of the region's enterprises
  double transport_use = 0.0;     // of a transport product: consumed moving goods out of the region
  double accumulation = 0.0;      // investment outlays of its enterprises and of link capacity
  std::vector<double> final_use;  // per final-demand category
  double stock_in = 0.0;
  double stock_out = 0.0;
  double imports = 0.0;  // foreign trade crosses in the first region only
  double exports = 0.0;
  double transport_in = 0.0;   // arriving over links into the region
  double transport_out = 0.0;  // leaving over links out of it
  double surplus = 0.0;
  double price = 0.0;  // dual of balance[i,g,t] (≥ 0): objective gained per unit
};

// The flow over one transport link in one year (transport_links.csv).
struct TransportFlow {
  Index link = 0;
  int year = 1;
  double quantity = 0.0;          // x[l,t], product units moved
  double capacity = kUnbounded;   // usable capacity: the link's own plus capacity built by then
  double capacity_started = 0.0;  // n[l,t]: capacity whose building starts this year
  double rent = 0.0;  // dual of the capacity row (≥ 0): objective gained per unit more capacity
};

// The currency account of one year: earnings Σ pe·e, spending Σ pm·m, debt D[t] at the year's end
// (after borrowing and repayment), interest r·D[t−1] paid in the year, reserves V[t] carried into
// the next year, and the currency row's shadow price π[t] (≥ 0: objective gained per currency
// unit).
struct CurrencyYear {
  int year = 1;
  double earnings = 0.0;
  double spending = 0.0;
  double debt = 0.0;
  double interest = 0.0;
  double reserves = 0.0;
  double price = 0.0;
};

// The fulfilment of one group of final demand (a final-demand category with a target; maxmin
// objective or group floors, docs/planning-model.md "Max–min fulfilment across groups"):
// λ_g[t] = min over products i with T_g[i,t] = Σ_{c∈g} target[c,i,t] > 0 of
// Σ_{c∈g} f[c,i,t] / T_g[i,t], the fulfilment the plan's final use gives (what `gosplan verify`
// recomputes from balances.csv), and its level Λ_g = Σ_t w_t·λ_g[t] / Σ_t w_t over the years
// where the group has a target.
struct GroupFulfilment {
  Index category = 0;
  std::vector<double> fulfilment;  // λ_g[t], t = 1..T ([t − 1]); 0 in a year without a target
  double level = 0.0;              // Λ_g
  double floor = 0.0;              // PlanOptions::group_floors' V for this group (0: none)
  // Maxmin: the lexicographic step (1 = the least served) at which the group's level was fixed;
  // 0 under another objective.
  int step = 0;
};

// A capital stock K[e,i,t] in the plan, with the duals of its two rows.
struct CapitalAccount {
  Index enterprise = 0;
  Index product = 0;
  int year = 1;
  double usable = 0.0;  // K[e,i,t], product units
  double used = 0.0;    // Σ_p b[p,i]·z[e,p,t]
  double rent = 0.0;    // dual of capital[e,i,t] (≥ 0): objective gained per extra unit of stock
  double installed = 0.0;  // dual of stock[e,i,t] (free sign): value of a unit installed for year t
};

// One row of the terminal condition "growth" (docs/planning-model.md, "Terminal conditions"):
// enterprise e's stock of capital good i in the post-terminal year T + j (j = 1..L_e), which must
// carry year T's use of that capital grown at the terminal growth rate g.
struct TerminalRequirement {
  Index enterprise = 0;
  Index product = 0;
  int year = 1;           // plan year T + j (after the horizon)
  double stock = 0.0;     // K[e,i,T+j] = (1−d)^j·K[e,i,T] + Σ_m (1−d)^(j−m)·a[e,i,T+m−L]
  double required = 0.0;  // (1+g)^j·Σ_p b[p,i]·z[e,p,T]
  double price = 0.0;     // dual of the row (≥ 0): objective gained per unit it is relaxed
};

// How closely a solved plan meets its LP, measured the way `gosplan verify` measures it (relative
// to the largest term of each row: tolerance·max|term| + 1e-9·terms). Every figure is the smallest
// relative tolerance at which that family of checks would pass.
struct PlanAccuracy {
  double primal = 0.0;  // rows: balances, resources, capital, stock, target mix, quotas
  double dual = 0.0;    // reduced costs of columns unbounded above at the published prices
  double gap = 0.0;     // |objective − bound from the published prices| / (1 + |objective|)
  // The row with the largest relative violation, in the model's words ("the Steel balance in 1930
  // is short by 0.0009 t"); empty when no row is violated beyond 1e-9 per term.
  std::string largest_violation;
  double largest_violation_amount = 0.0;    // absolute, in the row's units
  double largest_violation_relative = 0.0;  // amount / largest term of the row
};

struct Plan {
  PlanStatus status = PlanStatus::kError;
  std::string explanation;  // plain-words account of the status
  ObjectiveKind objective_kind = ObjectiveKind::kPlanRay;
  bool quotas_are_law = false;  // quotas were hard constraints in this plan
  double objective = 0.0;
  std::vector<double> fulfilment;  // λ[t], t = 1..T (plan ray; empty otherwise)
  std::vector<ProductionTarget> targets;
  std::vector<Investment> investments;
  std::vector<ProductBalance> balances;  // product-major, then year
  std::vector<double> product_prices;    // [i * T + t − 1]: dual of balance[i,t]
  std::vector<double> resource_prices;   // [r * T + t − 1]: dual of resource[r,t]
  std::vector<double> resource_use;      // [r * T + t − 1]
  std::vector<CapitalAccount> capital;   // stock-account-major, then year
  std::vector<double> target_prices;  // [i * T + t − 1]: dual of target[i,t] (≥ 0; 0 if no row)
  std::vector<double> quota_prices;  // per quota: dual of quota[q] (≥ 0; 0 unless quotas are law)
  // Terminal condition "growth": the rate g it was solved with (−1 under another condition) and
  // its rows, stock-account-major, then year (empty under another condition).
  double terminal_growth_rate = -1.0;
  std::vector<TerminalRequirement> terminal;
  // Foreign trade (empty for a model without world prices): one flow per world_prices entry, in
  // its order, and one currency account per year.
  std::vector<TradeFlow> trade;
  std::vector<CurrencyYear> currency;
  // Regions (empty for a model without regions.csv): the balances per (product, region, year) at
  // [(i·G + g)·T + t − 1], and one flow per transport link and year ([l·T + t − 1]). With regions
  // `balances` are their national sums (intermediate_use there includes transport_use) and
  // `product_prices` are the first region's (where foreign trade crosses).
  std::vector<RegionalBalance> regional_balances;
  std::vector<TransportFlow> transport;
  // Harmony objective (gosplan/harmony.h): `objective` is the LP's value, the tangent envelope
  // Σ_t w_t Σ_i Ĥ(s); `harmony` is the plan's true harmony Σ_t w_t Σ_i H̃(s), and
  // `harmony_error_bound` = ε·Σ w over the harmony terms bounds both how far `harmony` lies below
  // the true optimum and how far `objective` lies above `harmony`. 0 under another objective.
  double harmony = 0.0;
  double harmony_error_bound = 0.0;
  // PlanOptions::fulfilment_floor the plan was solved with (0: none); with a floor `fulfilment`
  // holds λ[t] under every objective.
  double fulfilment_floor = 0.0;
  // One entry per group (final-demand category with a target), in category order, when the plan
  // has group rows (maxmin objective or group floors); empty otherwise. Under maxmin `objective`
  // is the least level min_g Λ_g and `maxmin_steps` counts the LPs solved.
  std::vector<GroupFulfilment> groups;
  int maxmin_steps = 0;
  // Solver facts.
  std::string solver;
  std::int64_t iterations = 0;
  // Timings (seconds): they vary run to run, so the plan folder never holds them (the CLI prints
  // them on stderr and writes them with --timings FILE).
  double build_seconds = 0.0;
  double solve_seconds = 0.0;
  double extract_seconds = 0.0;
  double max_violation = 0.0;  // largest primal violation of the LP at the returned point
  PlanAccuracy accuracy;       // measured on the issued plan (statuses optimal and approximate)
  // The relative tolerance within which the plan holds (approximate plans; kExactTolerance when
  // optimal; 0 without a plan). `gosplan verify` checks an approximate plan at this tolerance.
  double stated_tolerance = 0.0;
  static constexpr double kExactTolerance = 1e-6;
  Index lp_rows = 0, lp_columns = 0, lp_nonzeros = 0;

  // What the plan was asked to be solved with (summary.json "options"): the solver used ("clp",
  // "pdlp" or "pdlp+crossover", after `auto` chose), CLP's algorithm, the limits (0: none), PDLP's
  // tolerance and whether the PDLP point was polished. Thread counts are not recorded: they never
  // change the plan.
  struct Settings {
    std::string solver;
    std::string algorithm;
    double time_limit_seconds = 0.0;
    std::int64_t iteration_limit = 0;
    double tolerance = 0.0;
    bool polish = false;
    std::string price_numeraire;  // PlanOptions::price_numeraire (empty: none)
  } settings;
};

// The LP of a model and the map from its rows/columns back to the model's objects.
struct PlanProgram;  // defined in src/plan/plan_program.h

// Builds the plan's LP (for export or another solver). Errors: kInvalidInput for a model the LP
// cannot express (e.g. more than 2^31 entries for CLP is reported by the solver, not here).
Result<LinearProgram> BuildPlanLinearProgram(const Model& model, const PlanOptions& options);

// The growth rate g of the terminal condition "growth": model.toml's terminal_growth_rate, or when
// it is omitted the von Neumann rate α − 1 of the closed model with capital (SolveGrowth on
// GrowthMatricesFromModel(model, true), include/gosplan/growth.h), at least 0. kInvalidInput when
// the model has no finite von Neumann rate.
Result<double> TerminalGrowthRate(const Model& model);

// Builds, solves with CLP and extracts the plan. Infeasible/unbounded models are results (status +
// explanation), not errors.
Result<Plan> SolvePlan(const Model& model, const PlanOptions& options = {});

// Writes targets.csv, investment.csv, balances.csv, prices.csv and summary.json into `folder`
// atomically (the folder appears complete or not at all). `overwrite`: replace an existing folder.
// Without a plan (HasPlan false) only summary.json (and README.md) is written. The files depend on
// the model and the plan's results only (no timings, host or thread facts): the same plan gives the
// same bytes.
Status WritePlanFolder(const Model& model, const Plan& plan, const std::string& folder,
                       bool overwrite);

// The files WritePlanFolder writes for `plan`, in writing order.
std::vector<std::string> PlanFolderFiles(const Plan& plan);

// ---- Plan folders read back (src/plan/plan_folder_reader.cc) ----

// Reads a plan folder written by WritePlanFolder back into a Plan, for the commands that work on
// an issued plan (track, compare, explain, replan). `model` must be the model the plan was made
// from, loaded with the plan's horizon (LoadModelAndPlan does that). Filled: status, explanation
// (empty), objective kind and value, quotas_are_law, fulfilment, stated_tolerance, targets (with
// capacity, 0 when unbounded), investments, balances, every price kind in prices.csv (0 where no
// row was written), resource_use, and capital accounts (usable from prices.csv, used = Σ_p b[p,i]
// ·z[e,p,t] recomputed from the targets' activities). Not in the files, so left at their
// defaults: solver facts, timings, accuracy, LP sizes. Structural problems (missing file or
// column, unknown id, year outside the plan, missing or duplicate rows) are kInvalidInput with
// file:line:column, read by the same strict reader `gosplan verify` uses.
Result<Plan> ReadPlanFolder(const Model& model, const std::string& folder);

// A plan folder and the model it was made from, loaded together: the model with the plan's horizon
// (summary.json's, which `plan --horizon` may have changed), the plan by ReadPlanFolder. The model
// checksum is compared first: a plan made from another model is refused in one sentence
// ("this plan was made from another model ...") instead of one error per unknown id.
struct ModelAndPlan {
  Model model;
  Plan plan;
};
Result<ModelAndPlan> LoadModelAndPlan(const std::string& model_folder,
                                      const std::string& plan_folder,
                                      const LoadOptions& options = {});

// ---- Reports (src/plan/plan_report.cc) ----

// The plan in words, as `gosplan plan` prints it: status and explanation; with a plan also the
// objective and solver, the fulfilment λ per year, the ten largest construction projects
// (investment into construction sites valued at the product shadow prices of the year it starts)
// and every resource fully used in a year (use ≥ availability·(1 − 1e-7)) with its shadow price.
std::string PlanTextReport(const Model& model, const Plan& plan);

// The CSV text of one table of the plan folder, exactly as WritePlanFolder writes it ("trade.csv",
// "regional_balances.csv", ...; PlanFolderFiles lists them); empty for a file the plan has not.
std::string PlanFolderTable(const Model& model, const Plan& plan, std::string_view file);

// The plan's summary as one CSV table (`gosplan plan --format csv`), one fact per row with columns
// kind,id,year,value,unit,name: the status; with a plan the objective (id: its kind), the stated
// tolerance of an approximate plan, the fulfilment λ per year (id "lambda"), and per resource and
// year what is available, what the plan uses and its shadow price. The plan folder holds the
// detail (targets, balances, prices).
std::string PlanCsv(const Model& model, const Plan& plan);

// The plan's summary document "gosplan.plan/1" (docs/json.md), the summary.json of a plan folder:
// status, objective, tolerance and accuracy, fulfilment, solver facts. No timings.
std::string PlanJson(const Model& model, const Plan& plan);

// FNV-1a 64-bit checksum over model.toml and the model's CSV files (sorted by name), as 16 hex
// digits.
std::string ModelChecksum(const std::string& model_folder);

}  // namespace gosplan
