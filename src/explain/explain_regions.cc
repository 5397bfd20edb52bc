// TradeLimits, TransportLimits and RegionalSupplies (explain_regions.h): the duals of the trade
// and transport columns that run, read as price identities (docs/explain.md, "Regions and foreign
// trade").
#include "explain/explain_regions.h"

#include <fmt/format.h>

#include <cmath>

namespace gosplan::explain {

void TradeLimits(const PlanView& view, Index i, int t, std::vector<Limit>& limits) {
  const Model& model = view.model();
  const Plan& plan = view.plan();
  const double pi = view.CurrencyPrice(t);
  if (std::isnan(pi)) return;
  const Product& product = model.products[i];
  const std::string& currency = model.settings.trade_currency;
  const int year = view.Year(t);
  const double home = view.Price(i, t, view.Regions() > 0 ? 0 : -1);
  for (std::size_t k = 0; k < model.world_prices.size() && k < plan.trade.size(); ++k) {
    const WorldPrice& world = model.world_prices[k];
    if (world.product != i || world.year != t) continue;
    const TradeFlow& flow = plan.trade[k];
    // e[i,t] ≤ cap: at the cap the export column may earn more than the price at home (its
    // reduced profit pe·π − price ≥ 0 is the cap's rent).
    auto at_cap = [](double x, double cap) { return std::isfinite(cap) && x >= cap * (1 - 1e-9); };
    // One limit per direction traded: `kind` export or import, the quantity moved, the world
    // price and the cap of that direction.
    auto traded = [&](const char* kind, const char* moved, const char* per_unit, double quantity,
                      double price, double cap) {
      Limit limit;
      limit.kind = kind;
      limit.id = product.id;
      limit.year = year;
      limit.shadow_price = price * pi;
      limit.sentence = fmt::format(
          "{} {} of {} are {} in {} at {} {} a {}, and a unit of currency is worth {} (the "
          "currency price: the plan's real exchange rate), so a unit {} {} {} — {}",
          Num(quantity), product.unit, product.name, moved, year, Num(price), currency,
          product.unit, Num(pi), moved, per_unit, Num(limit.shadow_price),
          at_cap(quantity, cap)
              ? fmt::format("the {} limit of {} binds: at home a unit is worth {}", kind, Num(cap),
                            Num(home))
              : fmt::format("its price at home ({})", Num(home)));
      limits.push_back(limit);
    };
    if (world.Exportable() && flow.exports > kTiny) {
      traded("export", "exported", "earns", flow.exports, world.export_price, world.max_export);
    }
    if (world.Importable() && flow.imports > kTiny) {
      traded("import", "imported", "costs", flow.imports, world.import_price, world.max_import);
    }
  }
}

void TransportLimits(const PlanView& view, Index i, int t, Index g, std::vector<Limit>& limits) {
  const Model& model = view.model();
  const Product& product = model.products[i];
  const int year = view.Year(t);
  const double here = view.Price(i, t, g);
  for (const TransportFlow& flow : view.plan().transport) {
    if (flow.year != t) continue;
    const TransportLink& link = model.transport_links[flow.link];
    if (link.product != i || (link.from_region != g && link.to_region != g)) continue;
    // x[l,t]'s reduced profit: price[i,b] − price[i,a] − τ·price[transport,a] − rent = 0 when it
    // runs.
    const Index a = link.from_region, b = link.to_region;
    const double moving = link.transport_product >= 0
                              ? link.TransportPerUnit() * view.Price(link.transport_product, t, a)
                              : 0.0;
    const std::string moving_words =
        link.transport_product >= 0
            ? fmt::format("{} for moving it ({} {} of {})", Num(moving),
                          Num(link.TransportPerUnit()), model.products[link.transport_product].unit,
                          model.products[link.transport_product].name)
            : fmt::format("{} for moving it", Num(moving));
    if (flow.quantity > kTiny && b == g) {
      Limit limit;
      limit.kind = "transport_in";
      limit.id = link.id;
      limit.year = year;
      limit.shadow_price = view.Price(i, t, a) + moving + flow.rent;
      limit.sentence = fmt::format(
          "{} {} arrive from {} over link {}: a unit costs {} there + {} + {} rent of the link's "
          "capacity = {}, the price here ({})",
          Num(flow.quantity), product.unit, RegionName(model, a), link.id, Num(view.Price(i, t, a)),
          moving_words, Num(flow.rent), Num(limit.shadow_price), Num(here));
      limits.push_back(limit);
    }
    if (flow.quantity > kTiny && a == g) {
      Limit limit;
      limit.kind = "transport_out";
      limit.id = link.id;
      limit.year = year;
      limit.shadow_price = view.Price(i, t, b) - moving - flow.rent;
      limit.sentence = fmt::format(
          "{} {} leave for {} over link {}: a unit is worth {} there, less {} and {} rent of the "
          "link's capacity = {}, the price here ({})",
          Num(flow.quantity), product.unit, RegionName(model, b), link.id, Num(view.Price(i, t, b)),
          moving_words, Num(flow.rent), Num(limit.shadow_price), Num(here));
      limits.push_back(limit);
    }
    if (flow.rent > kTiny) {
      Limit limit;
      limit.kind = "link_capacity";
      limit.id = link.id;
      limit.year = year;
      limit.shadow_price = flow.rent;
      limit.sentence = fmt::format(
          "link {} ({} → {}) carries its full capacity of {} {} in {}: one more {} of capacity "
          "would be worth {}",
          link.id, RegionName(model, a), RegionName(model, b), Num(flow.capacity), product.unit,
          year, product.unit, Num(flow.rent));
      limits.push_back(limit);
    }
  }
}

std::vector<RegionalSupply> RegionalSupplies(const PlanView& view, Index i, int t) {
  std::vector<RegionalSupply> out;
  for (Index g = 0; g < view.Regions(); ++g) {
    const RegionalBalance& b = view.Regional(i, g, t);
    out.push_back({g, b.production, b.production + b.stock_in + b.imports + b.transport_in,
                   b.transport_in, b.transport_out, b.price});
  }
  return out;
}

}  // namespace gosplan::explain
