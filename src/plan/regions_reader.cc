// Regional plan files into the Plan (regions_reader.h).
#include "plan/regions_reader.h"

#include "gosplan/regions.h"

namespace gosplan::plan {

void RegionalPlanFromDocuments(const Model& model, const verify::RegionalDocuments& documents,
                               Plan& plan) {
  if (model.regions.empty()) return;
  const int T = model.horizon();
  const Index G = RegionCount(model);
  const std::size_t slots = model.products.size() * static_cast<std::size_t>(G * T);
  if (documents.balances.size() != slots) return;
  plan.regional_balances.clear();
  plan.regional_balances.reserve(slots);
  for (std::size_t slot = 0; slot < slots; ++slot) {
    const verify::BalanceRow& row = documents.balances[slot];
    RegionalBalance balance;
    balance.product = static_cast<Index>(slot) / (G * T);
    balance.region = (static_cast<Index>(slot) / T) % G;
    balance.year = static_cast<int>(slot % static_cast<std::size_t>(T)) + 1;
    balance.production = row.production;
    balance.intermediate_use = row.intermediate_use;
    balance.transport_use = documents.transport_use[slot];
    balance.accumulation = row.accumulation;
    balance.final_use = row.final_use;
    balance.final_use.resize(model.final_demand_categories.size(), 0.0);
    balance.stock_in = row.stock_in;
    balance.stock_out = row.stock_out;
    balance.imports = row.imports;
    balance.exports = row.exports;
    balance.transport_in = documents.transport_in[slot];
    balance.transport_out = documents.transport_out[slot];
    balance.surplus = row.surplus;
    balance.price = documents.price[slot];
    plan.regional_balances.push_back(std::move(balance));
  }
  plan.transport.clear();
  const std::size_t links = model.transport_links.size();
  if (documents.quantity.size() != links * static_cast<std::size_t>(T)) return;
  for (std::size_t l = 0; l < links; ++l) {
    const TransportLink& link = model.transport_links[l];
    for (int t = 1; t <= T; ++t) {
      const std::size_t at = l * static_cast<std::size_t>(T) + static_cast<std::size_t>(t - 1);
      TransportFlow flow;
      flow.link = static_cast<Index>(l);
      flow.year = t;
      flow.quantity = documents.quantity[at];
      flow.capacity_started = documents.capacity_started[at];
      flow.rent = documents.rent[at];
      // cap[l,t]: x − Σ_{s + L ≤ t} n[l,s] ≤ C_l (regions_program.h).
      flow.capacity = link.capacity;
      if (link.capacity < kUnbounded) {
        for (int s = 1; s + link.construction_lag <= t; ++s) {
          flow.capacity += documents.capacity_started[l * static_cast<std::size_t>(T) +
                                                      static_cast<std::size_t>(s - 1)];
        }
      }
      plan.transport.push_back(flow);
    }
  }
}

void FirstRegionProductPrices(const Model& model, Plan& plan) {
  if (model.regions.empty() || plan.regional_balances.empty()) return;
  const int T = model.horizon();
  const Index G = RegionCount(model);
  plan.product_prices.assign(model.products.size() * static_cast<std::size_t>(T), 0.0);
  for (std::size_t i = 0; i < model.products.size(); ++i) {
    for (int t = 1; t <= T; ++t) {
      plan.product_prices[i * static_cast<std::size_t>(T) + static_cast<std::size_t>(t - 1)] =
          plan.regional_balances[(static_cast<Index>(i) * G) * T + t - 1].price;
    }
  }
}

}  // namespace gosplan::plan
