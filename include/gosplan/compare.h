// Two plans of the same model side by side (`gosplan compare`): another objective, a quota added,
// a resource cut, a re-plan. Both plans are read against one model (ReadPlanFolder), so their ids
// and years mean the same.
//
// Compared quantities (each a Difference with plan A's value a and plan B's value b):
//   production[i,t], final_use[c,i,t] (balances.csv), target[e,p,i,t] (targets.csv, summed over
//   rows of the same key), investment[e,i,t_started] (investment.csv), fulfilment λ[t]
//   (summary.json), product_price[i,t] and resource_price[r,t] (prices.csv); on a plan with regions
//   regional_production[i,g,t] and regional_price[i,g,t] (detail: the region id) instead of
//   product_price, and transport[l,t]; with foreign trade exports[i,t], imports[i,t] and
//   currency_price[t] (src/compare/compare_regions_trade.h).
// A quantity missing from one plan (a target the other plan does not set, λ of a plan that is not
// a plan ray) counts as 0 for targets and investment and as absent (NaN) otherwise.
// Two values are equal when |b − a| ≤ tolerance·max(1, |a|, |b|); equal pairs are left out, so a
// plan compared with itself gives no difference.
// The size of a difference is relative: |b − a| / max(|a|, |b|) (1 when one side is 0 or absent).
#pragma once

#include <string>
#include <vector>

#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "gosplan/status.h"

namespace gosplan {

struct CompareOptions {
  double tolerance = 1e-9;  // relative, ≥ 0 (see above)
  bool IsValid(std::string* error) const;
};

struct Difference {
  std::string kind;         // production, final_use, target, investment, fulfilment,
                            // product_price, resource_price, regional_production, regional_price,
                            // transport, exports, imports, currency_price
  std::string id;           // product (production, final_use, target, investment, product_price),
                            // resource (resource_price); empty for fulfilment
  std::string enterprise;   // target, investment; else empty
  std::string detail;       // final_use: the category; target: the technique; else empty
  int year = 0;             // calendar year (investment: the year started)
  double a = 0.0;           // plan A's value (NaN: absent)
  double b = 0.0;           // plan B's value (NaN: absent)
  double difference = 0.0;  // b − a (NaN when one is absent)
  double relative = 0.0;    // size, see above
  std::string unit;         // the product's or resource's unit; empty for prices and λ
};

struct CompareReport {
  std::string status_a, status_b;        // plan statuses
  std::string objective_a, objective_b;  // objective kinds
  double objective_value_a = 0.0, objective_value_b = 0.0;
  // Largest relative difference first, then kind, id, enterprise, detail, year.
  std::vector<Difference> differences;
};

// The differences between two plans of `model` (both HasPlan). kInvalidInput when either has no
// plan; kInvalidArgument for options out of range.
Result<CompareReport> ComparePlans(const Model& model, const Plan& plan_a, const Plan& plan_b,
                                   const CompareOptions& options = {});

// The text `gosplan compare` prints: both plans' status and objective, the number of differences
// per kind and the largest 25 differences.
std::string CompareTextReport(const CompareReport& report);
// The document "gosplan.compare/1" (docs/json.md).
std::string CompareJson(const CompareReport& report);
// Every difference, one row each:
// kind,id,enterprise,detail,year,a,b,difference,relative,unit.
std::string CompareCsv(const CompareReport& report);

}  // namespace gosplan
