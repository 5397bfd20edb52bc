// The regional and foreign-trade parts of `gosplan explain` (include/gosplan/explain.h, "Regions
// and foreign trade"): what ties a product's price to the world market and to the neighbouring
// regions' prices, and every region's supply and price of a product.
#pragma once

#include <vector>

#include "explain/plan_view.h"
#include "gosplan/explain.h"

namespace gosplan::explain {

// Export and import of product i in year t that run (x > 0): price[i,t] = pe·π[t] (export) or
// pm·π[t] (import) at reduced profit 0, with π[t] the currency row's dual. Nothing without world
// prices.
void TradeLimits(const PlanView& view, Index i, int t, std::vector<Limit>& limits);

// The links carrying product i into or out of region g in year t that run, with the price
// identity of their column, and their binding capacities.
void TransportLimits(const PlanView& view, Index i, int t, Index g, std::vector<Limit>& limits);

// Every region's balance of product i in year t (empty without regions).
std::vector<RegionalSupply> RegionalSupplies(const PlanView& view, Index i, int t);

}  // namespace gosplan::explain
