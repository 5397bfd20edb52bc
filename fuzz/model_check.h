// Invariants every model that LoadModel (or an importer) accepts must satisfy: indices in range,
// numbers finite, sizes consistent. Followed by building the plan LP, which indexes by all of them.
#pragma once

#include "fuzz_support.h"
#include "gosplan/model.h"
#include "gosplan/plan.h"

namespace gosplan::fuzz {

inline void CheckModel(const Model& model) {
  const auto products = static_cast<Index>(model.products.size());
  const auto resources = static_cast<Index>(model.resources.size());
  const auto techniques = static_cast<Index>(model.techniques.size());
  const auto enterprises = static_cast<Index>(model.enterprises.size());
  const int horizon = model.horizon();
  Require(horizon >= 1, "horizon >= 1");
  Require(model.resource_availability.size() ==
              model.resources.size() * static_cast<std::size_t>(horizon),
          "availability is resources x horizon");
  for (double value : model.resource_availability) RequireFinite(value, "availability");
  for (const Product& product : model.products) {
    RequireFinite(product.initial_stock, "initial stock");
    RequireFinite(product.priority_weight, "priority weight");
    Require(product.storage_loss >= 0 && product.storage_loss < 1, "storage loss in [0, 1)");
  }
  for (const auto* table : {&model.inputs, &model.outputs}) {
    for (const Coefficient& c : *table) {
      Require(c.technique >= 0 && c.technique < techniques && c.item >= 0 && c.item < products,
              "coefficient indices");
      RequireFinite(c.value, "coefficient");
    }
  }
  for (const Coefficient& c : model.resource_use) {
    Require(c.technique >= 0 && c.technique < techniques && c.item >= 0 && c.item < resources,
            "resource use indices");
    RequireFinite(c.value, "resource use");
  }
  for (const CapitalCoefficient& c : model.capital) {
    Require(c.technique >= 0 && c.technique < techniques && c.product >= 0 && c.product < products,
            "capital indices");
    RequireFinite(c.per_unit_activity, "capital coefficient");
    Require(c.depreciation >= 0 && c.depreciation <= 1, "depreciation in [0, 1]");
  }
  for (const Enterprise& e : model.enterprises)
    Require(e.construction_lag >= 1, "construction lag >= 1");
  for (const EnterpriseTechnique& et : model.enterprise_techniques) {
    Require(et.enterprise >= 0 && et.enterprise < enterprises && et.technique >= 0 &&
                et.technique < techniques,
            "enterprise technique indices");
    RequireFinite(et.min_activity, "min activity");
    Require(!(et.max_activity < et.min_activity), "min activity <= max activity");
  }
  for (const InitialStock& s : model.initial_stocks) {
    Require(
        s.enterprise >= 0 && s.enterprise < enterprises && s.product >= 0 && s.product < products,
        "initial stock indices");
    RequireFinite(s.quantity, "initial stock quantity");
  }
  const auto categories = static_cast<Index>(model.final_demand_categories.size());
  for (const FinalDemand& f : model.final_demand) {
    Require(f.category >= 0 && f.category < categories && f.product >= 0 && f.product < products,
            "final demand indices");
    Require(f.year >= 1 && f.year <= horizon, "final demand year in 1..T");
    RequireFinite(f.floor, "final demand floor");
    RequireFinite(f.target, "final demand target");
  }
  for (const Quota& q : model.quotas) {
    Require(
        q.product >= 0 && q.product < products && q.enterprise >= -1 && q.enterprise < enterprises,
        "quota indices");
    Require(q.year >= 1 && q.year <= horizon, "quota year in 1..T");
    RequireFinite(q.quantity, "quota");
  }
  for (const Actual& a : model.actuals) {
    Require(
        a.enterprise >= 0 && a.enterprise < enterprises && a.product >= 0 && a.product < products,
        "actual indices");
    Require(a.year >= 1 && a.year <= horizon, "actual year in 1..T");
    RequireFinite(a.quantity, "actual");
  }
  Require(model.settings.year_weights.size() == static_cast<std::size_t>(horizon),
          "one weight per year");

  // The plan LP indexes by everything above; ASan sees any slip. Keep it cheap: skip huge models.
  if (model.products.size() * static_cast<std::size_t>(horizon) > 100000) return;
  auto lp = BuildPlanLinearProgram(model, PlanOptions{});
  if (!lp.ok()) return;
  const LinearProgram& program = lp.value();
  Require(program.column_starts.size() == static_cast<std::size_t>(program.num_columns) + 1,
          "LP column starts");
  for (double value : program.values) RequireFinite(value, "LP coefficient");
  for (double value : program.objective) RequireFinite(value, "LP objective coefficient");
}

}  // namespace gosplan::fuzz
