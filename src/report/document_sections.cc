// The report's sections drawn from the JSON documents of docs/json.md (sections.h): check, track
// and io. Keys are read leniently (a missing or null number shows as "–"); BuildHtmlReport has
// already checked that the keys each section needs are there.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/sections.h"

namespace gosplan::report {
namespace {

std::string ProductLabel(const Model* model, const std::string& id) {
  if (model == nullptr) return id;
  const auto found = model->product_index.find(id);
  if (found == model->product_index.end()) return id;
  const Product& product = model->products[static_cast<std::size_t>(found->second)];
  return product.name.empty() ? id : product.name;
}
std::string ProductUnit(const Model* model, const std::string& id) {
  if (model == nullptr) return "";
  const auto found = model->product_index.find(id);
  if (found == model->product_index.end()) return "";
  return model->products[static_cast<std::size_t>(found->second)].unit;
}
std::string EnterpriseLabel(const Model* model, const std::string& id) {
  if (model == nullptr) return id;
  const auto found = model->enterprise_index.find(id);
  if (found == model->enterprise_index.end()) return id;
  const Enterprise& enterprise = model->enterprises[static_cast<std::size_t>(found->second)];
  return enterprise.name.empty() ? id : enterprise.name;
}

std::string Joined(const Json* list, std::string_view separator) {
  std::string out;
  if (list == nullptr) return out;
  for (const Json& item : *list) {
    if (!item.is_string()) continue;
    if (!out.empty()) out += separator;
    out += item.get<std::string>();
  }
  return out;
}

bool IsTrue(const Json& object, std::string_view key) {
  const auto found = object.find(key);
  return found != object.end() && found->is_boolean() && found->get<bool>();
}

// Why a quota falls short, or when it can hold, in words (docs/json.md, gosplan.check/1).
std::string QuotaReason(const Json& quota, const std::string& product) {
  const double asked = NumberAt(quota, "asked");
  const double year = NumberAt(quota, "year");
  const double earliest = NumberAt(quota, "earliest_year");
  const double short_by = NumberAt(quota, "short_by");
  const std::string limits = Joined(ArrayAt(quota, "limited_by"), "; ");
  const std::string limited = limits.empty() ? "" : ": limited by " + limits;
  if (IsTrue(quota, "no_producer")) {
    return "impossible: nothing within reach makes " + product;
  }
  if (IsTrue(quota, "never")) {
    return "impossible in any year: above the design capacities of its producers" + limited;
  }
  if (IsTrue(quota, "unsolved")) return "not known: a solve of the check stopped";
  if (std::isfinite(earliest) && std::isfinite(year) && earliest > year) {
    return fmt::format("reachable from {}, {} year(s) late{}", svg::FormatNumber(earliest, 6),
                       svg::FormatNumber(earliest - year, 6), limited);
  }
  if (!std::isfinite(earliest) && !(short_by <= 0)) {
    return "not reachable within the years the check tried" + limited;
  }
  if (std::isfinite(short_by) && short_by > 0) {
    return fmt::format(
        "reachable on its own in {}, but not together with the other quotas "
        "(the nearest plan makes {} of the {} asked)",
        svg::FormatNumber(year, 6), svg::FormatNumber(asked - short_by), svg::FormatNumber(asked));
  }
  return "reachable as asked";
}

}  // namespace

Section QuotaSection(const Json& check, const Model* model, const ReportOptions& options) {
  Section section{"quotas", "Quotas: asked, achievable, earliest year", ""};
  std::string& body = section.body;
  body += Paragraph(
      "From gosplan check: every quota with what was asked, what the nearest plan that tries to "
      "meet them all achieves, and the first calendar year in which the quota can hold on its own "
      "when investment is planned for it.");
  std::vector<std::vector<Cell>> rows;
  svg::HorizontalBarChart chart;
  chart.title = "Achievable as a share of the quota (nearest plan)";
  chart.unit = "% of asked";
  const Json* quotas = ArrayAt(check, "quotas");
  for (const Json& quota : *quotas) {
    const std::string product = StringAt(quota, "product");
    const std::string enterprise = StringAt(quota, "enterprise");
    const double asked = NumberAt(quota, "asked");
    const double achievable = NumberAt(quota, "achievable");
    const double percent = asked > 0 ? 100.0 * achievable / asked : std::nan("");
    const bool impossible = IsTrue(quota, "never") || IsTrue(quota, "no_producer");
    const std::string reason = QuotaReason(quota, ProductLabel(model, product));
    rows.push_back(
        {TextCell(StringAt(quota, "id")), TextCell(ProductLabel(model, product)),
         TextCell(enterprise.empty() ? "whole economy" : EnterpriseLabel(model, enterprise)),
         NumberCell(NumberAt(quota, "year"), 6), NumberCell(asked), NumberCell(achievable),
         TextCell(ProductUnit(model, product)), PercentCell(NumberAt(quota, "short_by_percent")),
         NumberCell(NumberAt(quota, "earliest_year"), 6),
         Cell{(impossible ? "<span class=\"impossible\">" + Escape(reason) + "</span>"
                          : Escape(reason)),
              "", false}});
    if (chart.labels.size() < static_cast<std::size_t>(options.chart_rows)) {
      chart.labels.push_back(StringAt(quota, "id"));
      chart.values.push_back(percent);
    }
  }
  body +=
      Figure(svg::RenderHorizontalBarChart(chart),
             "100 · achievable / asked per quota (gosplan.check/1 quotas[].achievable, asked).");
  body += Table({"quota", "product", "enterprise", "year", "asked", "achievable", "unit",
                 "short by", "earliest year", "in words"},
                rows, "Quotas (gosplan check)");
  const std::string conflict = StringAt(check, "conflict_sentence");
  if (!conflict.empty()) {
    body += "<h3>Why they cannot all hold</h3>\n" + Paragraph(conflict);
  }
  return section;
}

Section TrackSection(const Json& track, const Model* model, const ReportOptions& options) {
  Section section{"fulfilment", "Fulfilment: planned vs reported", ""};
  std::string& body = section.body;
  const Json* years = ArrayAt(track, "years");
  std::string year_list;
  if (years != nullptr) {
    for (const Json& year : *years) {
      if (!year_list.empty()) year_list += ", ";
      year_list += year.is_number() ? svg::FormatNumber(year.get<double>(), 6) : "";
    }
  }
  body += Paragraph(fmt::format(
      "From gosplan track: the reported output of {} against the plan, per enterprise, product "
      "and year, worst shortfall first. A product named in the reports but not for an enterprise "
      "counts as 0 reported.",
      year_list.empty() ? "the reported years" : year_list));
  std::vector<std::vector<Cell>> rows;
  svg::HorizontalBarChart chart;
  chart.title = "Reported as a share of the plan, worst first";
  chart.unit = "% of planned";
  for (const Json& row : *ArrayAt(track, "fulfilment")) {
    const std::string enterprise = StringAt(row, "enterprise");
    const std::string product = StringAt(row, "product");
    const double percent = NumberAt(row, "percent");
    rows.push_back({TextCell(EnterpriseLabel(model, enterprise)),
                    TextCell(ProductLabel(model, product)), NumberCell(NumberAt(row, "year"), 6),
                    NumberCell(NumberAt(row, "planned")), NumberCell(NumberAt(row, "reported")),
                    TextCell(ProductUnit(model, product)), PercentCell(percent),
                    TextCell(IsTrue(row, "has_report") ? "yes" : "no (0)")});
    if (chart.labels.size() < static_cast<std::size_t>(options.chart_rows)) {
      chart.labels.push_back(EnterpriseLabel(model, enterprise) + " — " +
                             ProductLabel(model, product) + " " +
                             svg::FormatNumber(NumberAt(row, "year"), 6));
      chart.values.push_back(percent);
    }
  }
  body += Figure(svg::RenderHorizontalBarChart(chart),
                 "100 · reported / planned (gosplan.track/1 fulfilment[].percent).");
  body += Table({"enterprise", "product", "year", "planned", "reported", "unit", "fulfilled",
                 "reported by the enterprise"},
                rows, "Planned vs reported (gosplan track)");
  if (const Json* aggregates = ArrayAt(track, "aggregates");
      aggregates != nullptr && !aggregates->empty()) {
    rows.clear();
    for (const Json& aggregate : *aggregates) {
      const std::string level = StringAt(aggregate, "level");
      const std::string product = StringAt(aggregate, "product");
      rows.push_back({TextCell(level == "group" ? "group " + StringAt(aggregate, "group")
                                                : ProductLabel(model, product)),
                      NumberCell(NumberAt(aggregate, "year"), 6),
                      NumberCell(NumberAt(aggregate, "planned")),
                      NumberCell(NumberAt(aggregate, "reported")),
                      TextCell(level == "group" ? "objective units" : StringAt(aggregate, "unit")),
                      PercentCell(NumberAt(aggregate, "percent"))});
    }
    body += Table({"product or group", "year", "planned", "reported", "unit", "fulfilled"}, rows,
                  "Per product and per group (groups valued at the plan's shadow prices)");
  }
  if (const Json* impossible = ArrayAt(track, "impossible");
      impossible != nullptr && !impossible->empty()) {
    body += "<h3>Reports the model says are impossible</h3>\n<ul class=\"impossible\">";
    for (const Json& report : *impossible) {
      body += "<li>" + Escape(StringAt(report, "explanation")) + "</li>";
    }
    body += "</ul>\n";
  }
  return section;
}

std::vector<Section> IoSections(const Json& io, const ReportOptions& options) {
  std::vector<Section> sections;
  std::vector<std::string> sectors;
  for (const Json& sector : *ArrayAt(io, "sectors")) {
    sectors.push_back(sector.is_string() ? sector.get<std::string>() : "");
  }
  auto per_sector = [&](const Json* values) {
    std::vector<double> out(sectors.size(), std::nan(""));
    if (values == nullptr || !values->is_array()) return out;
    for (std::size_t k = 0; k < sectors.size() && k < values->size(); ++k) {
      if ((*values)[k].is_number()) out[k] = (*values)[k].get<double>();
    }
    return out;
  };
  // Named measures per sector, in the order shown.
  std::vector<std::pair<std::string, std::vector<double>>> measures = {
      {"final demand", per_sector(ArrayAt(io, "final_demand"))},
      {"total output", per_sector(ArrayAt(io, "total_output"))},
      {"output multiplier", per_sector(ArrayAt(io, "output_multipliers"))}};
  std::vector<std::string> stressors;
  for (const char* key : {"multipliers", "satellite_multipliers"}) {
    if (const Json* map = ObjectAt(io, key)) {
      for (const auto& [name, values] : map->items()) {
        measures.push_back({name + " multiplier", per_sector(&values)});
        stressors.push_back(name);
      }
    }
  }
  if (ArrayAt(io, "backward_linkages") != nullptr) {
    measures.push_back({"backward linkage", per_sector(ArrayAt(io, "backward_linkages"))});
  }
  if (ArrayAt(io, "forward_linkages") != nullptr) {
    measures.push_back({"forward linkage", per_sector(ArrayAt(io, "forward_linkages"))});
  }
  std::vector<std::string> key_sectors;
  if (const Json* key = ObjectAt(io, "key_sectors")) {
    if (const Json* list = ArrayAt(*key, "key")) {
      for (const Json& name : *list) {
        if (name.is_string()) key_sectors.push_back(name.get<std::string>());
      }
    }
  }
  Section multipliers{"io", "Input-output analysis: multipliers and linkages", ""};
  std::string& body = multipliers.body;
  body += Paragraph(fmt::format(
      "From gosplan io ({}): {} sectors reported of {}. The output multiplier of a sector is the "
      "output of the whole economy per unit of final demand for it (a column sum of the Leontief "
      "inverse); a row's multiplier is that row's total use embodied per unit of final demand.",
      StringAt(io, "table"), sectors.size(), svg::FormatNumber(NumberAt(io, "n"), 9)));
  const double radius = NumberAt(io, "spectral_radius");
  const auto productive = io.find("productive");
  if (productive != io.end() && productive->is_boolean()) {
    body += Paragraph(fmt::format(
        "{}: spectral radius of A ≈ {} (Hawkins–Simon: productive when below 1).",
        productive->get<bool>() ? "The economy is productive" : "Productiveness is not proven",
        svg::FormatNumber(radius)));
  }
  // Bar charts: each measure except the totals, the sectors sorted by it.
  for (std::size_t m = 2; m < measures.size(); ++m) {
    std::vector<std::size_t> order(sectors.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    const auto& values = measures[m].second;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const double x = std::isfinite(values[a]) ? values[a] : -INFINITY;
      const double y = std::isfinite(values[b]) ? values[b] : -INFINITY;
      return x > y;
    });
    svg::HorizontalBarChart chart;
    chart.title = "Sectors by " + measures[m].first;
    for (std::size_t k = 0; k < order.size() && k < static_cast<std::size_t>(options.chart_rows);
         ++k) {
      chart.labels.push_back(sectors[order[k]]);
      chart.values.push_back(values[order[k]]);
    }
    body +=
        Figure(svg::RenderHorizontalBarChart(chart),
               order.size() > chart.labels.size()
                   ? fmt::format("The {} largest of {} sectors.", chart.labels.size(), order.size())
                   : "");
  }
  std::vector<std::string> headers = {"sector"};
  for (const auto& measure : measures) headers.push_back(measure.first);
  if (ObjectAt(io, "key_sectors") != nullptr) headers.push_back("key sector");
  std::vector<std::vector<Cell>> rows;
  for (std::size_t k = 0; k < sectors.size(); ++k) {
    std::vector<Cell> row = {TextCell(sectors[k])};
    for (const auto& measure : measures) row.push_back(NumberCell(measure.second[k]));
    if (ObjectAt(io, "key_sectors") != nullptr) {
      const bool key =
          std::find(key_sectors.begin(), key_sectors.end(), sectors[k]) != key_sectors.end();
      row.push_back(TextCell(key ? "key" : ""));
    }
    rows.push_back(std::move(row));
  }
  body += Table(headers, rows, "Per sector (gosplan io)");
  sections.push_back(std::move(multipliers));
  // Footprints (gosplan.io-extended/1 with --footprints).
  const Json* footprints = ObjectAt(io, "footprints");
  if (footprints != nullptr && !footprints->empty()) {
    Section section{"footprints", "Footprints by region", ""};
    section.body += Paragraph(
        "Per stressor and region: production-based (emitted in the region), consumption-based "
        "(embodied in the region's final demand), imports and exports, in the stressor's units "
        "(gosplan.io-extended/1 footprints).");
    static constexpr const char* kAccounts[] = {"production_based", "consumption_based", "imports",
                                                "exports"};
    std::vector<std::vector<Cell>> footprint_rows;
    for (const auto& [stressor, accounts] : footprints->items()) {
      std::vector<std::string> regions;
      if (const Json* production = ObjectAt(accounts, "production_based")) {
        for (const auto& [region, value] : production->items()) regions.push_back(region);
      }
      svg::BarChart chart;
      chart.title = "Footprints of " + stressor;
      chart.categories = regions;
      for (const char* account : kAccounts) {
        svg::Series series{account, {}};
        const Json* values = ObjectAt(accounts, account);
        for (const std::string& region : regions) {
          series.values.push_back(values != nullptr ? NumberAt(*values, region) : std::nan(""));
        }
        chart.series.push_back(std::move(series));
      }
      section.body += Figure(svg::RenderBarChart(chart));
      for (std::size_t r = 0; r < regions.size(); ++r) {
        std::vector<Cell> row = {TextCell(stressor), TextCell(regions[r])};
        for (const svg::Series& series : chart.series) row.push_back(NumberCell(series.values[r]));
        footprint_rows.push_back(std::move(row));
      }
    }
    section.body +=
        Table({"stressor", "region", "production-based", "consumption-based", "imports", "exports"},
              footprint_rows, "Footprints (gosplan io --footprints)");
    sections.push_back(std::move(section));
  }
  return sections;
}

}  // namespace gosplan::report
