// The report's "Regions and transport" section (sections.h) for a plan of a model with
// regions.csv (docs/planning-model.md, "Regions and transport"): per region and year its output,
// final use, shipments and resources used (the figures of regions_summary.csv, src/plan/
// regions_summary.cc), a bar chart of output by region and year, and the largest flows over the
// transport links with the price gaps they bridge (transport.csv).
//
// Values: Σ_i y[i,g,t]·quantity at the region's own shadow prices of the year (objective units).
// Prices of one product differ between regions by at most the cost of moving it (the regional
// price property), so these values add up across regions only approximately to a national value;
// the page says so rather than pretending to a single price.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "gosplan/regions.h"
#include "plan/regions_program.h"
#include "report/sections.h"

namespace gosplan::report {
namespace {

std::string RegionLabel(const Model& model, Index region) {
  const Region& r = model.regions[static_cast<std::size_t>(region)];
  return r.name.empty() ? r.id : r.name;
}

std::string ProductLabel(const Model& model, Index product) {
  const Product& p = model.products[static_cast<std::size_t>(product)];
  return p.name.empty() ? p.id : p.name;
}

double RegionalPrice(const Model& model, const Plan& plan, Index product, Index region, int t) {
  const Index G = RegionCount(model);
  const std::size_t at = static_cast<std::size_t>((product * G + region) * model.horizon() + t - 1);
  return at < plan.regional_balances.size() ? plan.regional_balances[at].price : std::nan("");
}

// The flows of the plan ranked by their value at the origin's price, largest first.
struct RankedFlow {
  const TransportFlow* flow;
  double value;
};

}  // namespace

Section RegionSection(const Model& model, const Plan& plan, const ReportOptions& options) {
  Section section{"regions", "Regions and transport", ""};
  std::string& body = section.body;
  const int T = model.horizon();
  const Index G = RegionCount(model);
  std::vector<std::string> years;
  for (int t = 1; t <= T; ++t) years.push_back(std::to_string(model.CalendarYear(t)));
  const std::vector<plan::RegionYear> rows = plan::SummariseRegions(model, plan);
  const std::vector<Index> carriers = plan::TransportProducts(model);

  body += Paragraph(fmt::format(
      "The model has {} regions (regions.csv): every product balance holds per region, and "
      "transport links move goods between them. Values are at each region's own shadow prices of "
      "the year (regional_balances.csv, column price), Σ price × quantity in objective units: a "
      "shipment is valued at the origin's price when it leaves and at the destination's when it "
      "arrives, the difference being the cost of moving it (and a full link's rent). Resources and "
      "transport are in their own units. The same figures are in the plan folder's "
      "regions_summary.csv.",
      G));

  svg::BarChart chart;
  chart.title = "Gross output by region at each region's shadow prices";
  chart.y_label = "objective units";
  chart.categories = years;
  for (Index g = 0; g < G; ++g) {
    svg::Series series{RegionLabel(model, g), std::vector<double>(T, 0.0)};
    for (const plan::RegionYear& row : rows) {
      if (row.region == g) series.values[row.year - 1] = row.output_value;
    }
    chart.series.push_back(std::move(series));
  }
  body += Figure(svg::RenderBarChart(chart),
                 "Σ_i price × production of the region's balances, per plan year.");

  std::vector<std::string> headers = {"year",       "output",      "final use",
                                      "shipped in", "shipped out", "net shipments in"};
  for (const Resource& resource : model.resources) {
    headers.push_back((resource.name.empty() ? resource.id : resource.name) + " used (" +
                      resource.unit + ")");
  }
  for (Index c : carriers) {
    headers.push_back(ProductLabel(model, c) + " for transport (" +
                      model.products[static_cast<std::size_t>(c)].unit + ")");
  }
  for (Index g = 0; g < G; ++g) {
    const Region& region = model.regions[static_cast<std::size_t>(g)];
    body +=
        "<h3 id=\"region-" + Escape(region.id) + "\">" + Escape(RegionLabel(model, g)) + "</h3>\n";
    std::vector<std::vector<Cell>> table;
    for (const plan::RegionYear& row : rows) {
      if (row.region != g) continue;
      std::vector<Cell> cells = {
          TextCell(years[row.year - 1]),   NumberCell(row.output_value),
          NumberCell(row.final_use_value), NumberCell(row.inflow_value),
          NumberCell(row.outflow_value),   NumberCell(row.inflow_value - row.outflow_value)};
      for (double used : row.resource_use) cells.push_back(NumberCell(used));
      for (double used : row.transport_used) cells.push_back(NumberCell(used));
      table.push_back(std::move(cells));
    }
    body += Table(headers, table,
                  fmt::format("{} ({}) per year: values in objective units at the region's prices",
                              RegionLabel(model, g), region.id));
  }

  // The largest flows over the links.
  body += "<h3 id=\"region-flows\">Largest flows between regions</h3>\n";
  std::vector<RankedFlow> ranked;
  for (const TransportFlow& flow : plan.transport) {
    if (!(flow.quantity > 0)) continue;
    const TransportLink& link = model.transport_links[static_cast<std::size_t>(flow.link)];
    const double price = RegionalPrice(model, plan, link.product, link.from_region, flow.year);
    ranked.push_back({&flow, std::isfinite(price) ? flow.quantity * price : 0.0});
  }
  if (ranked.empty()) {
    body += Paragraph("The plan moves nothing between regions in any year.");
    return section;
  }
  // The map: regions as nodes, each (origin, destination) pair's flows of one year summed at the
  // origin's prices as an arrow whose width is proportional to that value.
  const int map_year =
      options.sankey_year == 0 ? T : options.sankey_year - model.settings.base_year;
  svg::NetworkDiagram map;
  map.title = fmt::format("Flows between regions in {}, at the origin's prices",
                          model.CalendarYear(map_year));
  map.unit = "objective units";
  for (Index g = 0; g < G; ++g) map.nodes.push_back(RegionLabel(model, g));
  std::map<std::pair<Index, Index>, double> pairs;
  for (const RankedFlow& ranked_flow : ranked) {
    if (ranked_flow.flow->year != map_year) continue;
    const TransportLink& link =
        model.transport_links[static_cast<std::size_t>(ranked_flow.flow->link)];
    pairs[{link.from_region, link.to_region}] += ranked_flow.value;
  }
  for (const auto& [pair, value] : pairs) {
    map.edges.push_back({static_cast<std::size_t>(pair.first),
                         static_cast<std::size_t>(pair.second), value,
                         fmt::format("{} → {}: {} objective units", RegionLabel(model, pair.first),
                                     RegionLabel(model, pair.second), svg::FormatNumber(value))});
  }
  if (!pairs.empty()) {
    body += Figure(svg::RenderNetworkDiagram(map),
                   fmt::format("Each arrow: everything moved from one region to another in {}, "
                               "Σ quantity × price at the origin; width proportional to it.",
                               model.CalendarYear(map_year)));
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const RankedFlow& a, const RankedFlow& b) { return a.value > b.value; });
  const std::size_t shown = std::min(ranked.size(), static_cast<std::size_t>(options.chart_rows));
  svg::HorizontalBarChart bars;
  bars.title = "Largest flows between regions, valued at the origin's price";
  bars.unit = "objective units";
  std::vector<std::vector<Cell>> table;
  for (std::size_t k = 0; k < shown; ++k) {
    const TransportFlow& flow = *ranked[k].flow;
    const TransportLink& link = model.transport_links[static_cast<std::size_t>(flow.link)];
    const double from = RegionalPrice(model, plan, link.product, link.from_region, flow.year);
    const double to = RegionalPrice(model, plan, link.product, link.to_region, flow.year);
    const double cost =
        link.transport_product >= 0
            ? link.TransportPerUnit() *
                  RegionalPrice(model, plan, link.transport_product, link.from_region, flow.year)
            : 0.0;
    const std::string year = std::to_string(model.CalendarYear(flow.year));
    // Region ids in the chart (names can be long; the table has them in full).
    bars.labels.push_back(fmt::format("{} {}: {} → {}", ProductLabel(model, link.product), year,
                                      model.regions[static_cast<std::size_t>(link.from_region)].id,
                                      model.regions[static_cast<std::size_t>(link.to_region)].id));
    bars.values.push_back(ranked[k].value);
    table.push_back(
        {TextCell(link.id), TextCell(RegionLabel(model, link.from_region)),
         TextCell(RegionLabel(model, link.to_region)), TextCell(ProductLabel(model, link.product)),
         TextCell(model.products[static_cast<std::size_t>(link.product)].unit), TextCell(year),
         NumberCell(flow.quantity), NumberCell(ranked[k].value), NumberCell(from), NumberCell(to),
         NumberCell(to - from), NumberCell(cost), NumberCell(flow.rent),
         flow.capacity < kUnbounded ? NumberCell(flow.capacity) : Cell{"no limit", "", true}});
  }
  body += Paragraph(fmt::format(
      "The {} largest flows of {} (link and year with goods moving), by quantity × the product's "
      "price at the origin. Where goods flow, price at destination − price at origin = transport "
      "cost + rent (transport.csv): the price gap is what moving the goods costs.",
      shown, ranked.size()));
  body += Figure(svg::RenderHorizontalBarChart(bars));
  body += Table({"link", "from", "to", "product", "unit", "year", "quantity", "value at origin",
                 "price at origin", "price at destination", "price gap", "transport cost", "rent",
                 "capacity"},
                table, "Flows over the transport links (transport.csv)");
  return section;
}

}  // namespace gosplan::report
