// The quantities `gosplan compare` reads from a plan's regions and foreign trade (include/gosplan/
// compare.h): with regions, prices are per region (regional_balances.csv), so a regional plan is
// compared region by region; with world prices, the trade flows and the currency account.
//
//   regional_production[i,g,t], regional_price[i,g,t]  (id: product, detail: region id)
//   transport[l,t]                                      (id: link; quantity moved, product units)
//   exports[i,t], imports[i,t]                          (id: product; trade.csv, summed per key)
//   currency_price[t]                                   (currency.csv: dual of the currency row,
//                                                        objective units per currency unit)
// A regional plan has no national product_price (prices.csv holds none: a product has one price
// per region); regional_price replaces it.
#pragma once

#include <string>
#include <vector>

#include "gosplan/model.h"
#include "gosplan/plan.h"

namespace gosplan::compare {

struct Quantity {
  std::string kind, id, enterprise, detail;
  int year = 0;  // calendar year
  double value = 0.0;
  std::string unit;  // product units; empty for prices
};

// Empty for a plan without regions and world prices.
std::vector<Quantity> RegionalAndTradeQuantities(const Model& model, const Plan& plan);

}  // namespace gosplan::compare
