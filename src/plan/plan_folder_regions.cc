// MoveRegionalDocuments (plan_folder_regions.h): a plan folder's regional balances and transport
// flows into the Plan struct, so that what reads a plan back (explain, compare, report, Python)
// sees the regional prices a solved plan holds.
#include "plan/plan_folder_regions.h"

#include <cmath>

#include "gosplan/regions.h"

namespace gosplan::plan {

void MoveRegionalDocuments(const Model& model, const verify::PlanDocuments& documents, Plan& plan) {
  if (model.regions.empty()) return;
  const verify::RegionalDocuments& regions = documents.regions;
  const int T = model.horizon();
  const Index G = RegionCount(model);
  const Index P = static_cast<Index>(model.products.size());
  const std::size_t slots = static_cast<std::size_t>(P * G * T);
  if (regions.balances.size() != slots) return;  // the reader reported why
  auto value = [](double v) { return verify::IsAbsent(v) ? 0.0 : v; };
  plan.regional_balances.assign(slots, RegionalBalance{});
  for (Index i = 0; i < P; ++i) {
    for (Index g = 0; g < G; ++g) {
      for (int t = 1; t <= T; ++t) {
        const std::size_t slot = static_cast<std::size_t>((i * G + g) * T + t - 1);
        const verify::BalanceRow& row = regions.balances[slot];
        RegionalBalance& b = plan.regional_balances[slot];
        b.product = i;
        b.region = g;
        b.year = t;
        b.production = row.production;
        b.intermediate_use = row.intermediate_use;
        b.transport_use = value(regions.transport_use[slot]);
        b.accumulation = row.accumulation;
        b.final_use = row.final_use;
        b.final_use.resize(model.final_demand_categories.size(), 0.0);
        b.stock_in = row.stock_in;
        b.stock_out = row.stock_out;
        b.imports = row.imports;
        b.exports = row.exports;
        b.transport_in = value(regions.transport_in[slot]);
        b.transport_out = value(regions.transport_out[slot]);
        b.surplus = row.surplus;
        b.price = value(regions.price[slot]);
      }
    }
  }
  // With regions prices.csv has no product rows: the national price vector is the first region's,
  // where foreign trade crosses (plan.h), as SolvePlan leaves it.
  plan.product_prices.assign(static_cast<std::size_t>(P * T), 0.0);
  for (Index i = 0; i < P; ++i) {
    for (int t = 1; t <= T; ++t) {
      plan.product_prices[static_cast<std::size_t>(i * T + t - 1)] =
          plan.regional_balances[static_cast<std::size_t>(i * G * T + t - 1)].price;
    }
  }
  plan.transport.clear();
  for (std::size_t l = 0; l < model.transport_links.size(); ++l) {
    const TransportLink& link = model.transport_links[l];
    double built = 0.0;  // capacity usable by year t from expansions started L years before
    for (int t = 1; t <= T; ++t) {
      const std::size_t slot = l * static_cast<std::size_t>(T) + static_cast<std::size_t>(t - 1);
      TransportFlow flow;
      flow.link = static_cast<Index>(l);
      flow.year = t;
      flow.quantity = value(regions.quantity[slot]);
      flow.capacity_started = value(regions.capacity_started[slot]);
      if (t - link.construction_lag >= 1) {
        built +=
            value(regions.capacity_started[slot - static_cast<std::size_t>(link.construction_lag)]);
      }
      flow.capacity = std::isfinite(link.capacity) ? link.capacity + built : kUnbounded;
      flow.rent = value(regions.rent[slot]);
      plan.transport.push_back(flow);
    }
  }
}

}  // namespace gosplan::plan
