// The plan folder's regional files: regional_balances.csv and transport.csv (a model with
// regions.csv; docs/planning-model.md, "Regions and transport").
#include <fmt/format.h>

#include <string>

#include "gosplan/regions.h"
#include "plan/regions_program.h"
#include "util/csv_writer.h"

namespace gosplan::plan {
namespace {

constexpr int kPlanDigits = 12;  // as plan_writer.cc

double RegionalPrice(const Model& model, const Plan& plan, Index product, Index region, int t) {
  const Index G = RegionCount(model);
  const int T = model.horizon();
  return plan.regional_balances[static_cast<std::size_t>((product * G + region) * T + t - 1)].price;
}

}  // namespace

std::string RegionalBalancesCsv(const Model& model, const Plan& plan) {
  std::string out;
  util::CsvWriter csv(out, kPlanDigits);
  const bool trade = !plan.currency.empty();
  csv.Text("product").Text("region").Text("year").Text("production").Text("intermediate_use");
  csv.Text("transport_use").Text("accumulation");
  for (const std::string& category : model.final_demand_categories) csv.Text("final_" + category);
  csv.Text("stock_in").Text("stock_out");
  if (trade) csv.Text("imports").Text("exports");
  csv.Text("transport_in").Text("transport_out").Text("surplus").Text("price");
  csv.Text("name").Text("unit").Text("region_name").EndRow();
  for (const RegionalBalance& b : plan.regional_balances) {
    const Product& product = model.products[b.product];
    csv.Text(product.id)
        .Text(model.regions[b.region].id)
        .Integer(model.CalendarYear(b.year))
        .Number(b.production)
        .Number(b.intermediate_use)
        .Number(b.transport_use)
        .Number(b.accumulation);
    for (double f : b.final_use) csv.Number(f);
    csv.Number(b.stock_in).Number(b.stock_out);
    if (trade) csv.Number(b.imports).Number(b.exports);
    csv.Number(b.transport_in).Number(b.transport_out).Number(b.surplus).Number(b.price);
    csv.Text(product.name).Text(product.unit).Text(model.regions[b.region].name).EndRow();
  }
  return out;
}

std::string TransportCsv(const Model& model, const Plan& plan) {
  std::string out;
  util::CsvWriter csv(out, kPlanDigits);
  csv.Text("link").Text("from_region").Text("to_region").Text("product").Text("year");
  csv.Text("quantity").Text("capacity").Text("capacity_started").Text("rent");
  csv.Text("transport_product").Text("transport_used").Text("price_from").Text("price_to");
  csv.Text("transport_cost").Text("unit").EndRow();
  for (const TransportFlow& flow : plan.transport) {
    const TransportLink& link = model.transport_links[flow.link];
    const double kappa = link.transport_product >= 0 ? link.TransportPerUnit() : 0.0;
    const double carrier_price =
        link.transport_product >= 0
            ? RegionalPrice(model, plan, link.transport_product, link.from_region, flow.year)
            : 0.0;
    csv.Text(link.id)
        .Text(model.regions[link.from_region].id)
        .Text(model.regions[link.to_region].id)
        .Text(model.products[link.product].id)
        .Integer(model.CalendarYear(flow.year))
        .Number(flow.quantity);
    if (flow.capacity < kUnbounded) {
      csv.Number(flow.capacity);
    } else {
      csv.Empty();
    }
    csv.Number(flow.capacity_started).Number(flow.rent);
    if (link.transport_product >= 0) {
      csv.Text(model.products[link.transport_product].id);
    } else {
      csv.Empty();
    }
    csv.Number(kappa * flow.quantity)
        .Number(RegionalPrice(model, plan, link.product, link.from_region, flow.year))
        .Number(RegionalPrice(model, plan, link.product, link.to_region, flow.year))
        .Number(kappa * carrier_price)
        .Text(model.products[link.product].unit)
        .EndRow();
  }
  return out;
}

std::string RegionsReadme(const Model& model, const Plan& plan) {
  std::string finals;
  for (const std::string& category : model.final_demand_categories) {
    finals += (finals.empty() ? "" : " + ") + ("final_" + category);
  }
  return fmt::format(
      "\n## Regions and transport (`regional_balances.csv`, `transport.csv`)\n\n"
      "This model has {} regions (docs/planning-model.md, \"Regions and transport\"): every "
      "product balance holds\n"
      "per region. `regional_balances.csv` gives each product, region and year:\n\n"
      "    production + stock_in{} + transport_in = intermediate_use + transport_use + "
      "accumulation + {}\n"
      "                                        + stock_out{} + transport_out + surplus\n\n"
      "and `price`, the shadow price of that regional balance. `balances.csv` is the national "
      "sum of the regions\n"
      "(its intermediate_use includes transport_use, its accumulation the building of link "
      "capacity); `prices.csv`\n"
      "has no product rows, since a product's price is per region.\n\n"
      "`transport.csv` gives per link and year the `quantity` moved, the `capacity` (empty: "
      "unlimited), the capacity\n"
      "whose building starts that year, the capacity's `rent` (its shadow price), the transport "
      "product used, the\n"
      "product's price at both ends and `transport_cost`, the price of moving one unit (units of "
      "transport product\n"
      "per unit moved × its price at the origin). For every link: price_to ≤ price_from + "
      "transport_cost + rent,\n"
      "with equality where the quantity is positive.\n\n"
      "`regions_summary.csv` gives per region and year the gross output, final use, goods "
      "shipped in and out and\n"
      "net_inflow_value = inflow_value − outflow_value, each valued at that region's own shadow "
      "prices of the year\n"
      "(Σ_i price·quantity, objective units), then what the region's enterprises use of each "
      "resource (`<resource>_used`)\n"
      "and the transport product its outgoing links consume (`<product>_transport`), in their "
      "units.\n",
      model.regions.size(), plan.currency.empty() ? "" : " + imports", finals,
      plan.currency.empty() ? "" : " + exports");
}

}  // namespace gosplan::plan
