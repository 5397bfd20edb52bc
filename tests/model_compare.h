// Field-by-field comparison of two models for the round-trip tests (doubles compared exactly).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <unordered_map>

#include "gosplan/model.h"

namespace gosplan::testing {

inline std::map<std::string, Index> Sorted(const std::unordered_map<std::string, Index>& map) {
  return {map.begin(), map.end()};
}

// Everything except Model::folder. Doubles must be equal bit for bit (== and same sign of zero
// is not required: -0 == 0).
inline void ExpectSameModel(const Model& a, const Model& b) {
  const ModelSettings& s = a.settings;
  const ModelSettings& t = b.settings;
  EXPECT_EQ(s.name, t.name);
  EXPECT_EQ(s.description, t.description);
  EXPECT_EQ(s.base_year, t.base_year);
  EXPECT_EQ(s.horizon, t.horizon);
  EXPECT_EQ(s.units, t.units);
  EXPECT_EQ(s.objective, t.objective);
  EXPECT_EQ(s.year_weights, t.year_weights);
  EXPECT_EQ(s.terminal_capital, t.terminal_capital);
  EXPECT_EQ(s.quotas_as_constraints, t.quotas_as_constraints);
  EXPECT_EQ(s.solver, t.solver);

  ASSERT_EQ(a.products.size(), b.products.size());
  for (std::size_t k = 0; k < a.products.size(); ++k) {
    SCOPED_TRACE("product " + a.products[k].id);
    EXPECT_EQ(a.products[k].id, b.products[k].id);
    EXPECT_EQ(a.products[k].name, b.products[k].name);
    EXPECT_EQ(a.products[k].unit, b.products[k].unit);
    EXPECT_EQ(a.products[k].group, b.products[k].group);
    EXPECT_EQ(a.products[k].storable, b.products[k].storable);
    EXPECT_EQ(a.products[k].storage_loss, b.products[k].storage_loss);
    EXPECT_EQ(a.products[k].initial_stock, b.products[k].initial_stock);
    EXPECT_EQ(a.products[k].priority_weight, b.products[k].priority_weight);
  }
  ASSERT_EQ(a.resources.size(), b.resources.size());
  for (std::size_t k = 0; k < a.resources.size(); ++k) {
    EXPECT_EQ(a.resources[k].id, b.resources[k].id);
    EXPECT_EQ(a.resources[k].name, b.resources[k].name);
    EXPECT_EQ(a.resources[k].unit, b.resources[k].unit);
    EXPECT_EQ(a.resources[k].weight, b.resources[k].weight);
  }
  EXPECT_EQ(a.resource_availability, b.resource_availability);
  ASSERT_EQ(a.techniques.size(), b.techniques.size());
  for (std::size_t k = 0; k < a.techniques.size(); ++k) {
    EXPECT_EQ(a.techniques[k].id, b.techniques[k].id);
    EXPECT_EQ(a.techniques[k].name, b.techniques[k].name);
  }
  const auto same_triplets = [](const std::vector<Coefficient>& x, const std::vector<Coefficient>& y,
                                const char* table) {
    SCOPED_TRACE(table);
    ASSERT_EQ(x.size(), y.size());
    for (std::size_t k = 0; k < x.size(); ++k) {
      EXPECT_EQ(x[k].technique, y[k].technique);
      EXPECT_EQ(x[k].item, y[k].item);
      EXPECT_EQ(x[k].value, y[k].value);
    }
  };
  same_triplets(a.inputs, b.inputs, "inputs");
  same_triplets(a.outputs, b.outputs, "outputs");
  same_triplets(a.resource_use, b.resource_use, "resource_use");
  ASSERT_EQ(a.capital.size(), b.capital.size());
  for (std::size_t k = 0; k < a.capital.size(); ++k) {
    EXPECT_EQ(a.capital[k].technique, b.capital[k].technique);
    EXPECT_EQ(a.capital[k].product, b.capital[k].product);
    EXPECT_EQ(a.capital[k].per_unit_activity, b.capital[k].per_unit_activity);
    EXPECT_EQ(a.capital[k].depreciation, b.capital[k].depreciation);
  }
  ASSERT_EQ(a.enterprises.size(), b.enterprises.size());
  for (std::size_t k = 0; k < a.enterprises.size(); ++k) {
    EXPECT_EQ(a.enterprises[k].id, b.enterprises[k].id);
    EXPECT_EQ(a.enterprises[k].name, b.enterprises[k].name);
    EXPECT_EQ(a.enterprises[k].kind, b.enterprises[k].kind);
    EXPECT_EQ(a.enterprises[k].region, b.enterprises[k].region);
    EXPECT_EQ(a.enterprises[k].construction_lag, b.enterprises[k].construction_lag);
  }
  ASSERT_EQ(a.enterprise_techniques.size(), b.enterprise_techniques.size());
  for (std::size_t k = 0; k < a.enterprise_techniques.size(); ++k) {
    EXPECT_EQ(a.enterprise_techniques[k].enterprise, b.enterprise_techniques[k].enterprise);
    EXPECT_EQ(a.enterprise_techniques[k].technique, b.enterprise_techniques[k].technique);
    EXPECT_EQ(a.enterprise_techniques[k].min_activity, b.enterprise_techniques[k].min_activity);
    EXPECT_EQ(a.enterprise_techniques[k].max_activity, b.enterprise_techniques[k].max_activity);
  }
  ASSERT_EQ(a.initial_stocks.size(), b.initial_stocks.size());
  for (std::size_t k = 0; k < a.initial_stocks.size(); ++k) {
    EXPECT_EQ(a.initial_stocks[k].enterprise, b.initial_stocks[k].enterprise);
    EXPECT_EQ(a.initial_stocks[k].product, b.initial_stocks[k].product);
    EXPECT_EQ(a.initial_stocks[k].quantity, b.initial_stocks[k].quantity);
  }
  EXPECT_EQ(a.final_demand_categories, b.final_demand_categories);
  ASSERT_EQ(a.final_demand.size(), b.final_demand.size());
  for (std::size_t k = 0; k < a.final_demand.size(); ++k) {
    EXPECT_EQ(a.final_demand[k].category, b.final_demand[k].category);
    EXPECT_EQ(a.final_demand[k].product, b.final_demand[k].product);
    EXPECT_EQ(a.final_demand[k].year, b.final_demand[k].year);
    EXPECT_EQ(a.final_demand[k].floor, b.final_demand[k].floor);
    EXPECT_EQ(a.final_demand[k].target, b.final_demand[k].target);
  }
  ASSERT_EQ(a.quotas.size(), b.quotas.size());
  for (std::size_t k = 0; k < a.quotas.size(); ++k) {
    EXPECT_EQ(a.quotas[k].id, b.quotas[k].id);
    EXPECT_EQ(a.quotas[k].product, b.quotas[k].product);
    EXPECT_EQ(a.quotas[k].enterprise, b.quotas[k].enterprise);
    EXPECT_EQ(a.quotas[k].year, b.quotas[k].year);
    EXPECT_EQ(a.quotas[k].quantity, b.quotas[k].quantity);
  }
  ASSERT_EQ(a.actuals.size(), b.actuals.size());
  for (std::size_t k = 0; k < a.actuals.size(); ++k) {
    EXPECT_EQ(a.actuals[k].enterprise, b.actuals[k].enterprise);
    EXPECT_EQ(a.actuals[k].product, b.actuals[k].product);
    EXPECT_EQ(a.actuals[k].year, b.actuals[k].year);
    EXPECT_EQ(a.actuals[k].quantity, b.actuals[k].quantity);
  }
  EXPECT_EQ(Sorted(a.product_index), Sorted(b.product_index));
  EXPECT_EQ(Sorted(a.resource_index), Sorted(b.resource_index));
  EXPECT_EQ(Sorted(a.technique_index), Sorted(b.technique_index));
  EXPECT_EQ(Sorted(a.enterprise_index), Sorted(b.enterprise_index));
  EXPECT_EQ(Sorted(a.category_index), Sorted(b.category_index));
}

}  // namespace gosplan::testing
