// Re-planning from the actual state (`gosplan replan`; docs/replanning.md): the remaining years of
// a plan re-optimised from what the enterprises reported, with the construction already started.
//
// Notation: the old model has base year B and horizon T; the re-plan starts in calendar year Y, old
// plan year f = Y − B (1 ≤ f ≤ T). The re-planned model has base year Y − 1 and horizon
// T' = T − f + 1 + K (K = extend_years); its plan year t' is the old plan year t = t' + f − 1.
//
// The actual state after the reported years 1..f−1 (the rule, docs/planning-model.md):
//  - production: x[e,i,t] = the reported output where actuals report (e, i, t), else the plan's
//    target; X[i,t] = Σ_e x[e,i,t], X̂[i,t] the plan's.
//  - supply of product i in year t: S[i,t] = X[i,t] + stock_in[i,t], stock_in[i,t] =
//    (1 − loss_i)·s[i,t−1] (storable products; s[i,0] = initial_stock), Ŝ the plan's (balances).
//  - a supply short of plan (S < Ŝ) is shared by all the year's uses in proportion: ρ[i,t] = S/Ŝ
//    scales the year's accumulation a[e,i,t] of every enterprise and the carried stock s[i,t];
//    a supply above plan (ρ = 1) leaves the uses as planned and adds the excess to the carried
//    stock (storable products; lost otherwise).
//  - capital: K[e,i,t] = (1 − d)·K[e,i,t−1] + ρ[i,t−L]·â[e,i,t−L] + cip[e,i,t] for t < f, from the
//    model's initial stock; the re-planned model's initial stock is K[e,i,f−1].
//  - construction in progress: every ρ[i,t]·â[e,i,t] started in t < f and usable at t + L ≥ f (and
//    the model's own construction in progress usable at or after f) becomes a row of the new
//    model's construction_in_progress, usable in t + L − (f − 1), unless its enterprise is
//    abandoned (then it is dropped and listed in ActualState::abandoned); rows usable after T' are
//    dropped (nothing in the horizon uses them).
// Actuals equal to the plan give ρ = 1 and the plan's own stocks: the re-plan is then the remainder
// of the old plan (Bellman: a better remainder would have made a better whole plan), up to ties.
//  - currency (foreign trade): the debt and reserves at the end of year f − 1 become the new
//    model's [trade] initial_debt and initial_reserves; the plan's trade is taken as made, except
//    exports of a product whose supply fell short, cut by ρ[i,t] like its other uses; the earnings
//    lost are covered from the plan's reserves first, then borrowed (ActualState::debt).
// Not carried over: the terminal condition K[T] ≥ K[0] (terminal_capital) now asks for the stock
// at the start of the re-plan, K[e,i,f−1].
#pragma once

#include <string>
#include <vector>

#include "gosplan/actuals.h"
#include "gosplan/check.h"
#include "gosplan/csv_dialect.h"
#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "gosplan/status.h"
#include "gosplan/track.h"

namespace gosplan {

struct ReplanOptions {
  int from_year = 0;     // Y, calendar year of the first re-planned year: B + 1 ≤ Y ≤ B + T
  int freeze_years = 0;  // N ≥ 0: the old plan's targets for years Y..Y+N−1 kept as law
  int extend_years = 0;  // K ≥ 0: the horizon moves K years past the old one (a rolling plan)
  // Enterprise ids whose construction in progress is abandoned (its stock dropped).
  std::vector<std::string> abandon;
  PlanOptions plan;  // how the re-planned model is solved
  // Relative shortfall below which a frozen target counts as met (as CheckOptions::tolerance).
  double tolerance = 1e-6;

  bool IsValid(std::string* error) const;
};

// Construction in progress dropped by --abandon (quantity in product units; year_usable in the
// re-planned model's plan years).
struct AbandonedConstruction {
  Index enterprise = 0;
  Index product = 0;
  int year_usable = 1;
  double quantity = 0.0;
};

// How the actual state was found (the rule above), for the report.
struct ActualState {
  int from_year = 0;                // Y
  int first_old_year = 1;           // f
  int reported_years = 0;           // f − 1
  std::size_t actuals_used = 0;     // actuals of years 1..f−1
  std::size_t actuals_ignored = 0;  // actuals of years ≥ f (not yet past): not used
  // ρ[i,t] for old years t = 1..f−1: [i·(f−1) + t − 1] (1: supply at or above plan).
  std::vector<double> supply_ratio;
  std::vector<AbandonedConstruction> abandoned;
  // The old model's quotas not carried into the re-planned model: those of years before Y, and,
  // with frozen targets (which make quotas law), those that were not law in the old model.
  std::size_t quotas_dropped = 0;
  std::size_t frozen_targets = 0;  // quotas added for the frozen targets
  // Foreign trade (a model with world prices and f ≥ 2): the currency position at the end of year
  // f − 1, the plan's and the actual one, in currency units. Export earnings lost because supply
  // fell short (exports cut by ρ like every other use) are covered from reserves first, then by
  // new debt at the plan's interest rate; the re-planned model starts with them as [trade]
  // initial_reserves and initial_debt.
  bool currency_carried = false;
  double planned_debt = 0.0;
  double planned_reserves = 0.0;
  double debt = 0.0;
  double reserves = 0.0;
  double earnings_lost = 0.0;  // Σ over years 1..f−1 of the export earnings lost (no interest)
};

// The re-planned model (see the header comment). `actuals` are in the old model's plan years.
// Errors: kInvalidArgument for options out of range, a plan without targets or an unknown
// --abandon id.
Result<Model> ModelFromActualState(const Model& model, const Plan& plan,
                                   const std::vector<Actual>& actuals, const ReplanOptions& options,
                                   ActualState* state = nullptr);

// A frozen target that could not hold as law: kept at what the nearest plan achieves.
struct ReleasedTarget {
  std::string quota_id;
  Index enterprise = 0;
  Index product = 0;
  int year = 1;  // plan year of the re-planned model
  double asked = 0.0;
  double kept = 0.0;
};

struct ReplanResult {
  Model model;  // the re-planned model (frozen targets as quotas, possibly lowered)
  ActualState state;
  Plan plan;
  std::vector<ReleasedTarget> released;
  // When the first solve was infeasible: `gosplan check`'s diagnosis of the re-planned model (its
  // conflict says what cannot hold together).
  bool checked = false;
  CheckReport check;
};

// ModelFromActualState, then SolvePlan. Frozen targets that cannot all hold: the conflict is found
// by CheckQuotas, each frozen target short in the nearest plan is lowered to what it achieves there
// (ReplanResult::released), and the model is solved again.
Result<ReplanResult> Replan(const Model& model, const Plan& plan,
                            const std::vector<Actual>& actuals, const ReplanOptions& options);

// ReadActualsFile, the reader of actuals batches: gosplan/actuals.h.

// Writes the re-planned plan folder: the plan files of WritePlanFolder, replan.json (ReplanJson)
// and the re-planned model under `folder`/model (WriteModelFolder), so that
// `gosplan verify FOLDER/model FOLDER` checks it. The documents name the model FOLDER/model.
// Atomic as WritePlanFolder.
Status WriteReplanFolder(const Model& old_model, const ReplanResult& result,
                         const std::string& folder, bool overwrite);

// The re-plan in words: the state found (reported years, shortfalls, construction in progress,
// abandoned sites, frozen targets kept or released, the conflict), then PlanTextReport.
std::string ReplanTextReport(const Model& old_model, const ReplanResult& result);

// The document "gosplan.replan/1" (docs/json.md).
std::string ReplanJson(const Model& old_model, const ReplanResult& result);

}  // namespace gosplan
