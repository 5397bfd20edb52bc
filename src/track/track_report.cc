// The fulfilment report reports itself: the text `gosplan track` prints, the document
// "gosplan.track/1" (docs/json.md) and the CSV of its rows.
#include <fmt/format.h>

#include <cmath>
#include <iterator>
#include <string>
#include <utility>

#include "gosplan/track.h"
#include "util/csv_writer.h"
#include "util/json.h"

namespace gosplan {
namespace {

template <typename... Args>
void Append(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

std::string Num(double value) {
  if (std::isnan(value)) return "-";
  return fmt::format("{:.6g}", value);
}
std::string PercentText(double percent, double reported = 1.0) {
  if (std::isnan(percent)) return reported == 0.0 ? "-" : "unplanned";
  return fmt::format("{:.1f} %", percent);
}

// Rows of the worst shortfalls shown in the text report (all of them are in JSON and CSV).
constexpr std::size_t kTextRows = 20;

}  // namespace

std::string TrackTextReport(const Model& model, const TrackReport& report) {
  std::string out;
  std::string years;
  for (int t : report.years)
    years += (years.empty() ? "" : ", ") + std::to_string(model.CalendarYear(t));
  Append(out, "{} reports for {}: {} enterprise rows tracked ({} products and years)\n",
         report.actuals, years.empty() ? "no year" : years, report.rows.size(),
         std::count_if(
             report.aggregates.begin(), report.aggregates.end(),
             [](const FulfilmentAggregate& a) { return a.level == AggregateLevel::kProduct; }));
  if (!report.rows.empty()) {
    Append(out, "\nWorst fulfilment first{}:\n",
           report.rows.size() > kTextRows
               ? fmt::format(" ({} of {})", kTextRows, report.rows.size())
               : "");
    Append(out, "  {:<24} {:<18} {:>4} {:>12} {:>12} {:>10}\n", "enterprise", "product", "year",
           "planned", "reported", "fulfilled");
    for (std::size_t k = 0; k < report.rows.size() && k < kTextRows; ++k) {
      const FulfilmentRow& row = report.rows[k];
      Append(out, "  {:<24} {:<18} {:>4} {:>12} {:>12} {:>10}{}\n",
             model.enterprises[row.enterprise].id, model.products[row.product].id,
             model.CalendarYear(row.year), Num(row.planned), Num(row.reported),
             PercentText(row.percent, row.reported), row.has_report ? "" : "  (no report)");
    }
  }
  Append(out, "\nPer product (physical units):\n  {:<18} {:>4} {:>12} {:>12} {:>10}  {}\n",
         "product", "year", "planned", "reported", "fulfilled", "unit");
  for (const FulfilmentAggregate& a : report.aggregates) {
    if (a.level != AggregateLevel::kProduct) continue;
    const Product& product = model.products[a.product];
    Append(out, "  {:<18} {:>4} {:>12} {:>12} {:>10}  {}\n", product.id, model.CalendarYear(a.year),
           Num(a.planned), Num(a.reported), PercentText(a.percent), product.unit);
  }
  if (report.plan_prices) {
    Append(out, "Per sector group (tracked products at the plan's shadow prices of the year):\n");
  } else {
    Append(out,
           "Per sector group: not valued, the plan folder has no prices (prices.csv); nor is "
           "capital tested\n");
  }
  for (const FulfilmentAggregate& a : report.aggregates) {
    if (a.level != AggregateLevel::kGroup || !report.plan_prices) continue;
    Append(out, "  group {} {:>4}: {:>10} of plan ({} product{})\n", ToString(a.group),
           model.CalendarYear(a.year), PercentText(a.percent), a.products,
           a.products == 1 ? "" : "s");
  }
  if (report.impossible.empty()) {
    Append(out, "\nNo report is impossible by the model's capacities, {}inputs.\n",
           report.plan_prices ? "the plan's capital or " : "or ");
  } else {
    Append(out, "\n{} report{} the model says cannot be true:\n", report.impossible.size(),
           report.impossible.size() == 1 ? "" : "s");
    for (const ImpossibleReport& r : report.impossible) {
      Append(out, "  {}: {}\n", ToString(r.kind), r.explanation);
    }
  }
  return out;
}

std::string TrackJson(const Model& model, const TrackReport& report) {
  using util::Json;
  using util::JsonNumber;
  Json document = util::JsonDocument("gosplan.track/1");
  document["model"] = model.settings.name;
  document["actuals"] = report.actuals;
  Json years = Json::array();
  for (int t : report.years) years.push_back(model.CalendarYear(t));
  document["years"] = years;
  document["plan_prices"] = report.plan_prices;
  Json rows = Json::array();
  for (const FulfilmentRow& row : report.rows) {
    Json item = Json::object();
    item["enterprise"] = model.enterprises[row.enterprise].id;
    item["product"] = model.products[row.product].id;
    item["year"] = model.CalendarYear(row.year);
    item["planned"] = JsonNumber(row.planned);
    item["reported"] = JsonNumber(row.reported);
    item["percent"] = JsonNumber(row.percent);
    item["has_report"] = row.has_report;
    rows.push_back(item);
  }
  document["fulfilment"] = rows;
  Json aggregates = Json::array();
  for (const FulfilmentAggregate& a : report.aggregates) {
    Json item = Json::object();
    // The same keys at both levels (a reader puts them into one table): product and unit are empty
    // for a group, products is 1 for a product.
    const bool product = a.level == AggregateLevel::kProduct;
    item["level"] = product ? "product" : "group";
    item["product"] = product ? model.products[a.product].id : "";
    item["unit"] = product ? model.products[a.product].unit : "";
    item["group"] = ToString(a.group);
    item["year"] = model.CalendarYear(a.year);
    item["planned"] = JsonNumber(a.planned);
    item["reported"] = JsonNumber(a.reported);
    item["percent"] = JsonNumber(a.percent);
    item["products"] = product ? Index{1} : a.products;
    aggregates.push_back(item);
  }
  document["aggregates"] = aggregates;
  Json impossible = Json::array();
  for (const ImpossibleReport& r : report.impossible) {
    Json item = Json::object();
    item["kind"] = ToString(r.kind);
    item["enterprise"] =
        r.enterprise < 0 ? Json(nullptr) : Json(model.enterprises[r.enterprise].id);
    item["product"] = model.products[r.product].id;
    item["year"] = model.CalendarYear(r.year);
    item["reported"] = JsonNumber(r.reported);
    item["limit"] = JsonNumber(r.limit);
    item["explanation"] = r.explanation;
    impossible.push_back(item);
  }
  document["impossible"] = impossible;
  return util::JsonText(document);
}

std::string TrackCsv(const Model& model, const TrackReport& report) {
  std::string out;
  util::CsvWriter csv(out);
  csv.Header("enterprise", "product", "year", "planned", "reported", "percent", "has_report",
             "unit");
  for (const FulfilmentRow& row : report.rows) {
    csv.Text(model.enterprises[row.enterprise].id)
        .Text(model.products[row.product].id)
        .Integer(model.CalendarYear(row.year))
        .Number(row.planned)
        .Number(row.reported)
        .Number(row.percent)
        .Text(row.has_report ? "true" : "false")
        .Text(model.products[row.product].unit)
        .EndRow();
  }
  return out;
}

}  // namespace gosplan
