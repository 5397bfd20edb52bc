// Fulfilment of a plan (`gosplan track`): what the enterprises reported beside what the plan asked
// of them, and which reports the model says cannot be true.
//
// Notation as in gosplan/plan.h: targets q[e,p,i,t] = out[p,i]·z[e,p,t] (targets.csv), reports
// r[e,i,t] (an actuals batch in the layout of the model's actuals.csv).
//
// What is tracked. A batch rarely reports everything: the (product, year) pairs it names at least
// once are tracked, nothing else. For a tracked pair every enterprise with a plan target or a
// report gets a row: planned P[e,i,t] = Σ_p q[e,p,i,t], reported r[e,i,t] (0, with `reported`
// false, when the batch has no row for that enterprise: it counts as having made nothing), and the
// fulfilment 100·r/P in % (absent when P = 0: a report of output that was not planned).
//
// Aggregates: per tracked product and year Σ_e r / Σ_e P in physical units; per sector group
// (A, B) and year the tracked products valued at the plan's own shadow prices of that year
// (Plan::product_prices), Σ_i price·r / Σ_i price·P (absent when the planned value is 0).
//
// Impossible reports (each test is an upper bound, so a flag is a proof within the model, never a
// guess; tolerance: 1e-6 relative plus 1e-9 absolute):
//  - kCapacity: r[e,i,t] > Σ_p out[p,i]·max_activity[e,p] over e's techniques p making i (no flag
//    when any of them is unbounded);
//  - kCapital: r[e,i,t] > Σ_p out[p,i]·min(max_activity[e,p], min_k K[e,k,t]/b[p,k]) with K the
//    plan's usable capital stocks (Plan::capital) — each technique alone given all of e's stock, so
//    the sum is at least what e could make with the stock the plan gave it. Only where the plan has
//    the capital accounts (TrackReport::plan_prices) and every technique making i needs capital. A
//    report above it says that the enterprise had more capital than the plan gave it, or the figure
//    is not true;
//  - kInputs: for a product i tracked in year t, the least input of i the reported outputs need,
//    U[i,t] = Σ_e max_j r[e,j,t]·min_{p at e, out[p,j] > 0} in[p,i]/out[p,j]
//    (every unit of j at e came from one of e's techniques that make j; the maximum over j, not the
//    sum, because one activity can make several products), exceeds the most that can have been
//    there: S[i,t] = Σ_e r[e,i,t] (the batch's production of i) + the carried stock bound, for a
//    storable i the base-year stock plus all production of i in the earlier plan years (reported
//    where the batch tracks i in that year, planned otherwise), as if none of it had been used or
//    lost; 0 for a product that cannot be stored. The model has no imports.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gosplan/actuals.h"
#include "gosplan/csv_dialect.h"
#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "gosplan/status.h"

namespace gosplan {

// ReadActualsFile, the reader of actuals batches: gosplan/actuals.h.

// One row of the fulfilment table.
struct FulfilmentRow {
  Index enterprise = 0;
  Index product = 0;
  int year = 1;            // plan year
  double planned = 0.0;    // P[e,i,t], product units
  double reported = 0.0;   // r[e,i,t] (0 when has_report is false)
  bool has_report = true;  // false: the batch names the product in that year, not this enterprise
  double percent = 0.0;    // 100·reported/planned; NaN when planned is 0
};

enum class AggregateLevel { kProduct, kGroup };

struct FulfilmentAggregate {
  AggregateLevel level = AggregateLevel::kProduct;
  Index product = -1;  // kProduct
  ProductGroup group = ProductGroup::kMeansOfProduction;
  int year = 1;
  double planned = 0.0;   // product units (kProduct) or the plan's objective units (kGroup)
  double reported = 0.0;  // same units as planned
  double percent = 0.0;   // NaN when planned is 0
  Index products = 0;     // kGroup: tracked products in the group and year
};

enum class ImpossibleKind { kCapacity, kCapital, kInputs };
const char* ToString(ImpossibleKind kind);  // "capacity", "capital", "inputs"

struct ImpossibleReport {
  ImpossibleKind kind = ImpossibleKind::kCapacity;
  Index enterprise = -1;  // -1 for kInputs (the whole economy)
  Index product = 0;
  int year = 1;
  double reported = 0.0;    // r[e,i,t] (kCapacity, kCapital) or the least input U[i,t] (kInputs)
  double limit = 0.0;       // the bound it exceeds (see the top of this file)
  std::string explanation;  // in the model's words
};

struct TrackReport {
  std::vector<FulfilmentRow> rows;              // worst shortfall first (see TrackFulfilment)
  std::vector<FulfilmentAggregate> aggregates;  // products by year, then groups by year
  std::vector<ImpossibleReport> impossible;     // kind, year, product, enterprise
  // False when the plan holds no shadow prices and no capital stocks (a plan folder without
  // prices.csv, such as `gosplan check --out`'s nearest plan): the group aggregates are then absent
  // (NaN) and the capital test is not made.
  bool plan_prices = true;
  Index actuals = 0;       // rows of the batch
  std::vector<int> years;  // plan years the batch reports, ascending
};

// The fulfilment of `plan` (HasPlan(plan.status)) by `actuals`. Rows are sorted by fulfilment
// ascending (rows without a planned quantity last), then enterprise id, product id, year.
// kInvalidInput when the plan holds no plan (nothing to track against).
Result<TrackReport> TrackFulfilment(const Model& model, const Plan& plan,
                                    const std::vector<Actual>& actuals);

// The report in words (`gosplan track`): the tracked years, the 20 worst rows, the aggregates and
// every impossible report.
std::string TrackTextReport(const Model& model, const TrackReport& report);
// The document "gosplan.track/1" (docs/json.md): `fulfilment`, `aggregates`, `impossible`.
std::string TrackJson(const Model& model, const TrackReport& report);
// One row per fulfilment row: enterprise,product,year,planned,reported,percent,has_report,unit.
std::string TrackCsv(const Model& model, const TrackReport& report);

}  // namespace gosplan
