// ComparePlans and its reports (include/gosplan/compare.h).
#include "gosplan/compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <map>
#include <tuple>

#include "compare/compare_regions_trade.h"
#include "util/csv_writer.h"
#include "util/json.h"

namespace gosplan {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

template <typename... Args>
void Append(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

std::string Num(double value) {
  if (std::isnan(value)) return "absent";
  return fmt::format("{:.6g}", value);
}

// A key of a compared quantity: kind, id, enterprise, detail, year.
using Key = std::tuple<std::string, std::string, std::string, std::string, int>;

struct Side {
  std::map<Key, double> values;
  std::map<Key, std::string> units;
  void Add(const Key& key, double value, const std::string& unit = {}) {
    values[key] += value;
    if (!unit.empty()) units[key] = unit;
  }
};

Side Quantities(const Model& model, const Plan& plan) {
  Side side;
  const int T = model.horizon();
  for (const ProductBalance& b : plan.balances) {
    const Product& product = model.products[b.product];
    const int year = model.CalendarYear(b.year);
    side.Add({"production", product.id, "", "", year}, b.production, product.unit);
    for (std::size_t c = 0; c < b.final_use.size() && c < model.final_demand_categories.size();
         ++c) {
      side.Add({"final_use", product.id, "", model.final_demand_categories[c], year},
               b.final_use[c], product.unit);
    }
  }
  for (const ProductionTarget& t : plan.targets) {
    const Product& product = model.products[t.product];
    side.Add({"target", product.id, model.enterprises[t.enterprise].id,
              model.techniques[t.technique].id, model.CalendarYear(t.year)},
             t.quantity, product.unit);
  }
  for (const Investment& i : plan.investments) {
    const Product& product = model.products[i.product];
    side.Add({"investment", product.id, model.enterprises[i.enterprise].id, "",
              model.CalendarYear(i.year_started)},
             i.quantity, product.unit);
  }
  for (std::size_t t = 0; t < plan.fulfilment.size(); ++t) {
    side.Add({"fulfilment", "", "", "", model.CalendarYear(static_cast<int>(t) + 1)},
             plan.fulfilment[t]);
  }
  // A regional plan's prices are per region (regional_price below): no national product_price.
  if (plan.regional_balances.empty() && plan.product_prices.size() == model.products.size() * T) {
    for (std::size_t i = 0; i < model.products.size(); ++i) {
      for (int t = 1; t <= T; ++t) {
        side.Add({"product_price", model.products[i].id, "", "", model.CalendarYear(t)},
                 plan.product_prices[i * T + t - 1]);
      }
    }
  }
  if (plan.resource_prices.size() == model.resources.size() * T) {
    for (std::size_t r = 0; r < model.resources.size(); ++r) {
      for (int t = 1; t <= T; ++t) {
        side.Add({"resource_price", model.resources[r].id, "", "", model.CalendarYear(t)},
                 plan.resource_prices[r * T + t - 1]);
      }
    }
  }
  for (const compare::Quantity& q : compare::RegionalAndTradeQuantities(model, plan)) {
    side.Add({q.kind, q.id, q.enterprise, q.detail, q.year}, q.value, q.unit);
  }
  return side;
}

// Targets and investment not in a plan are 0 there; other quantities are absent.
bool ZeroWhenMissing(const std::string& kind) { return kind == "target" || kind == "investment"; }

}  // namespace

bool CompareOptions::IsValid(std::string* error) const {
  if (!(tolerance >= 0.0) || !std::isfinite(tolerance)) {
    if (error) *error = fmt::format("tolerance is {}; it must be finite and ≥ 0", tolerance);
    return false;
  }
  return true;
}

Result<CompareReport> ComparePlans(const Model& model, const Plan& plan_a, const Plan& plan_b,
                                   const CompareOptions& options) {
  if (Status valid = ValidateOptions(options, "CompareOptions"); !valid.ok()) return valid;
  for (const Plan* plan : {&plan_a, &plan_b}) {
    if (!HasPlan(plan->status)) {
      return Status::InvalidInput(
          "", 0, 0,
          fmt::format("plan {} has status '{}' and holds no plan to compare",
                      plan == &plan_a ? "A" : "B", ToString(plan->status)),
          "two optimal or approximate plan folders");
    }
  }
  CompareReport report;
  report.status_a = ToString(plan_a.status);
  report.status_b = ToString(plan_b.status);
  report.objective_a = ToString(plan_a.objective_kind);
  report.objective_b = ToString(plan_b.objective_kind);
  report.objective_value_a = plan_a.objective;
  report.objective_value_b = plan_b.objective;

  const Side a = Quantities(model, plan_a), b = Quantities(model, plan_b);
  std::map<Key, std::pair<double, double>> pairs;
  for (const auto& [key, value] : a.values) pairs[key] = {value, kNaN};
  for (const auto& [key, value] : b.values) {
    auto [it, inserted] = pairs.emplace(key, std::pair{kNaN, value});
    if (!inserted) it->second.second = value;
  }
  for (auto& [key, values] : pairs) {
    auto [va, vb] = values;
    const std::string& kind = std::get<0>(key);
    if (ZeroWhenMissing(kind)) {
      if (std::isnan(va)) va = 0.0;
      if (std::isnan(vb)) vb = 0.0;
    }
    Difference d;
    std::tie(d.kind, d.id, d.enterprise, d.detail, d.year) = key;
    d.a = va;
    d.b = vb;
    if (std::isnan(va) || std::isnan(vb)) {
      d.difference = kNaN;
      d.relative = 1.0;
    } else {
      const double scale = std::max(std::abs(va), std::abs(vb));
      if (std::abs(vb - va) <= options.tolerance * std::max(1.0, scale)) continue;
      d.difference = vb - va;
      d.relative = std::abs(vb - va) / scale;
    }
    const auto unit_a = a.units.find(key), unit_b = b.units.find(key);
    d.unit = unit_a != a.units.end()   ? unit_a->second
             : unit_b != b.units.end() ? unit_b->second
                                       : std::string();
    report.differences.push_back(std::move(d));
  }
  std::stable_sort(
      report.differences.begin(), report.differences.end(),
      [](const Difference& x, const Difference& y) { return x.relative > y.relative; });
  return report;
}

std::string CompareTextReport(const CompareReport& report) {
  std::string out;
  Append(out, "plan A: {} {} (objective {:.6g}); plan B: {} {} (objective {:.6g})\n",
         report.status_a, report.objective_a, report.objective_value_a, report.status_b,
         report.objective_b, report.objective_value_b);
  if (report.differences.empty()) {
    Append(out, "The plans do not differ.\n");
    return out;
  }
  std::map<std::string, std::size_t> per_kind;
  for (const Difference& d : report.differences) ++per_kind[d.kind];
  Append(out, "{} differences:", report.differences.size());
  for (const auto& [kind, count] : per_kind) Append(out, " {} {},", count, kind);
  out.back() = '\n';
  constexpr std::size_t kShown = 25;
  Append(out, "\nLargest first{}:\n",
         report.differences.size() > kShown
             ? fmt::format(" ({} of {}; --csv FILE writes all)", kShown, report.differences.size())
             : "");
  for (std::size_t k = 0; k < report.differences.size() && k < kShown; ++k) {
    const Difference& d = report.differences[k];
    std::string what = d.kind;
    if (!d.id.empty()) what += " " + d.id;
    if (!d.detail.empty()) what += " " + d.detail;
    if (!d.enterprise.empty()) what += " at " + d.enterprise;
    Append(out, "  {} {}: {} -> {}{}{}\n", what, d.year, Num(d.a), Num(d.b),
           d.unit.empty() ? "" : " " + d.unit,
           std::isnan(d.difference)
               ? std::string()
               : fmt::format(" ({:+.6g}, {:.1f} %)", d.difference, 100.0 * d.relative));
  }
  return out;
}

std::string CompareJson(const CompareReport& report) {
  using util::Json;
  using util::JsonNumber;
  Json document = util::JsonDocument("gosplan.compare/1");
  document["a"] = Json{{"status", report.status_a},
                       {"objective_kind", report.objective_a},
                       {"objective", JsonNumber(report.objective_value_a)}};
  document["b"] = Json{{"status", report.status_b},
                       {"objective_kind", report.objective_b},
                       {"objective", JsonNumber(report.objective_value_b)}};
  Json differences = Json::array();
  for (const Difference& d : report.differences) {
    Json item = Json::object();
    item["kind"] = d.kind;
    item["id"] = d.id;
    item["enterprise"] = d.enterprise;
    item["detail"] = d.detail;
    item["year"] = d.year;
    item["a"] = JsonNumber(d.a);
    item["b"] = JsonNumber(d.b);
    item["difference"] = JsonNumber(d.difference);
    item["relative"] = JsonNumber(d.relative);
    item["unit"] = d.unit;
    differences.push_back(item);
  }
  document["differences"] = differences;
  return util::JsonText(document);
}

std::string CompareCsv(const CompareReport& report) {
  std::string out;
  util::CsvWriter csv(out);
  csv.Header("kind", "id", "enterprise", "detail", "year", "a", "b", "difference", "relative",
             "unit");
  for (const Difference& d : report.differences) {
    csv.Text(d.kind)
        .Text(d.id)
        .Text(d.enterprise)
        .Text(d.detail)
        .Integer(d.year)
        .Number(d.a)
        .Number(d.b)
        .Number(d.difference)
        .Number(d.relative)
        .Text(d.unit)
        .EndRow();
  }
  return out;
}

}  // namespace gosplan
