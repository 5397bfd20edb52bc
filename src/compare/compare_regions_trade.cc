// RegionalAndTradeQuantities (compare_regions_trade.h).
#include "compare/compare_regions_trade.h"

namespace gosplan::compare {

std::vector<Quantity> RegionalAndTradeQuantities(const Model& model, const Plan& plan) {
  std::vector<Quantity> out;
  for (const RegionalBalance& b : plan.regional_balances) {
    if (b.region < 0 || static_cast<std::size_t>(b.region) >= model.regions.size()) continue;
    const Product& product = model.products[b.product];
    const std::string& region = model.regions[b.region].id;
    const int year = model.CalendarYear(b.year);
    out.push_back(
        {"regional_production", product.id, "", region, year, b.production, product.unit});
    out.push_back({"regional_price", product.id, "", region, year, b.price, ""});
  }
  for (const TransportFlow& flow : plan.transport) {
    if (flow.link < 0 || static_cast<std::size_t>(flow.link) >= model.transport_links.size())
      continue;
    const TransportLink& link = model.transport_links[flow.link];
    out.push_back({"transport", link.id, "", "", model.CalendarYear(flow.year), flow.quantity,
                   model.products[link.product].unit});
  }
  for (const TradeFlow& flow : plan.trade) {
    const Product& product = model.products[flow.product];
    const int year = model.CalendarYear(flow.year);
    out.push_back({"exports", product.id, "", "", year, flow.exports, product.unit});
    out.push_back({"imports", product.id, "", "", year, flow.imports, product.unit});
  }
  for (const CurrencyYear& account : plan.currency) {
    out.push_back(
        {"currency_price", "", "", "", model.CalendarYear(account.year), account.price, ""});
  }
  return out;
}

}  // namespace gosplan::compare
