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
  const std::vector<Index> carriers = TransportProducts(model);
  for (RegionYear& row : rows) {
    row.resource_use.assign(model.resources.size(), 0.0);
    row.transport_used.assign(carriers.size(), 0.0);
  }
  AddRegionalResourceUse(model, plan, rows);
  for (const RegionalBalance& b : plan.regional_balances) {
    RegionYear& row = rows[b.region * T + b.year - 1];
    for (std::size_t k = 0; k < carriers.size(); ++k) {
      if (carriers[k] == b.product) row.transport_used[k] += b.transport_use;
    }
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
  // Only the links the plan uses (transport.csv lists every link and year).
  Append(out,
         "Transport (links in use: quantity moved per year; price at the destination − price at "
         "the origin):\n");
  const std::size_t L = model.transport_links.size();
  for (std::size_t l = 0; l < L; ++l) {
    bool used = false;
    for (int t = 1; t <= T; ++t) used = used || plan.transport[l * T + t - 1].quantity > 0;
    if (!used) continue;
    const TransportLink& link = model.transport_links[l];
    const Product& product = model.products[link.product];
    Append(out, "  {} ({} → {}, {} in {}):", link.id, model.regions[link.from_region].id,
           model.regions[link.to_region].id, product.name, product.unit);
    for (int t = 1; t <= T; ++t) {
      const TransportFlow& flow = plan.transport[l * T + t - 1];
      Append(out, " {} {:.4g}", model.CalendarYear(t), flow.quantity);
      if (flow.rent > 0) Append(out, " (full, rent {:.3g})", flow.rent);
    }
    Append(out, "; price gap");
    for (int t = 1; t <= T; ++t) {
      Append(out, " {:.3g}",
             price(link.product, link.to_region, t) - price(link.product, link.from_region, t));
    }
    Append(out, "\n");
  }
  return out;
}

}  // namespace gosplan::plan
