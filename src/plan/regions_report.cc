// Reports by region: the text section of `gosplan plan` and the "regions" member of summary.json
// (docs/json.md) for a model with regions.csv.
#include <fmt/format.h>

#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "gosplan/regions.h"
#include "plan/regions_program.h"

namespace gosplan::plan {
namespace {

template <typename... Args>
void Append(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

}  // namespace

std::vector<RegionYear> SummariseRegions(const Model& model, const Plan& plan) {
  std::vector<RegionYear> rows;
  if (plan.regional_balances.empty()) return rows;
  const Index G = RegionCount(model);
  const int T = model.horizon();
  rows.resize(static_cast<std::size_t>(G * T));
  for (Index g = 0; g < G; ++g) {
    for (int t = 1; t <= T; ++t) {
      rows[g * T + t - 1].region = g;
      rows[g * T + t - 1].year = t;
    }
  }
  for (const RegionalBalance& b : plan.regional_balances) {
    RegionYear& row = rows[b.region * T + b.year - 1];
    double final_total = 0.0;
    for (double f : b.final_use) final_total += f;
    row.output_value += b.price * b.production;
    row.final_use_value += b.price * final_total;
    row.inflow_value += b.price * b.transport_in;
    row.outflow_value += b.price * b.transport_out;
  }
  return rows;
}

std::string RegionsText(const Model& model, const Plan& plan) {
  if (plan.regional_balances.empty()) return {};
  std::string out;
  Append(out, "\nRegions (values at each region's own shadow prices):\n");
  for (const RegionYear& row : SummariseRegions(model, plan)) {
    Append(out, "  {} {}: output {:.6g}, final use {:.6g}, shipped in {:.6g}, shipped out {:.6g}\n",
           model.regions[row.region].name, model.CalendarYear(row.year), row.output_value,
           row.final_use_value, row.inflow_value, row.outflow_value);
  }
  if (plan.transport.empty()) return out;
  const Index G = RegionCount(model);
  const int T = model.horizon();
  auto price = [&](Index product, Index region, int t) {
    return plan.regional_balances[static_cast<std::size_t>((product * G + region) * T + t - 1)]
        .price;
  };
  Append(out, "Transport (quantity moved; price at the destination − price at the origin):\n");
  for (const TransportFlow& flow : plan.transport) {
    const TransportLink& link = model.transport_links[flow.link];
    const Product& product = model.products[link.product];
    Append(out, "  {} {}: {:.6g} {} of {} from {} to {}; price gap {:.4g}{}\n", link.id,
           model.CalendarYear(flow.year), flow.quantity, product.unit, product.name,
           model.regions[link.from_region].name, model.regions[link.to_region].name,
           price(link.product, link.to_region, flow.year) -
               price(link.product, link.from_region, flow.year),
           flow.rent > 0 ? fmt::format(" (full: capacity rent {:.4g})", flow.rent) : "");
  }
  return out;
}

}  // namespace gosplan::plan
