// TrackFulfilment: planned against reported output, aggregates and the impossible-report tests of
// include/gosplan/track.h.
#include "gosplan/track.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <tuple>

namespace gosplan {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The flag tolerance: a report is above a bound only beyond 1e-6 of it plus 1e-9 (figures read back
// from plan folders carry twelve significant digits).
bool Above(double value, double bound) { return value > bound + 1e-6 * std::abs(bound) + 1e-9; }

double Percent(double reported, double planned) {
  return planned == 0.0 ? kNaN : 100.0 * reported / planned;
}

// Per technique: its sparse coefficients, and per enterprise: its techniques with bounds.
struct Structure {
  std::vector<std::vector<std::pair<Index, double>>> outputs, inputs;  // by technique
  std::vector<std::vector<std::pair<Index, double>>> capital;          // by technique: (k, b)
  std::vector<std::vector<const EnterpriseTechnique*>> techniques;     // by enterprise
};

Structure StructureOf(const Model& model) {
  Structure s;
  const std::size_t P = model.techniques.size();
  s.outputs.resize(P);
  s.inputs.resize(P);
  s.capital.resize(P);
  s.techniques.resize(model.enterprises.size());
  for (const gosplan::Coefficient& c : model.outputs)
    s.outputs[c.technique].emplace_back(c.item, c.value);
  for (const Coefficient& c : model.inputs) s.inputs[c.technique].emplace_back(c.item, c.value);
  for (const CapitalCoefficient& c : model.capital) {
    if (c.per_unit_activity > 0)
      s.capital[c.technique].emplace_back(c.product, c.per_unit_activity);
  }
  for (const EnterpriseTechnique& et : model.enterprise_techniques) {
    s.techniques[et.enterprise].push_back(&et);
  }
  return s;
}

double CoefficientOf(const std::vector<std::pair<Index, double>>& list, Index item) {
  double sum = 0.0;
  for (const auto& [i, value] : list) {
    if (i == item) sum += value;
  }
  return sum;
}

}  // namespace

const char* ToString(ImpossibleKind kind) {
  switch (kind) {
    case ImpossibleKind::kCapacity:
      return "capacity";
    case ImpossibleKind::kCapital:
      return "capital";
    case ImpossibleKind::kInputs:
      return "inputs";
  }
  return "capacity";
}

Result<TrackReport> TrackFulfilment(const Model& model, const Plan& plan,
                                    const std::vector<Actual>& actuals) {
  if (!HasPlan(plan.status)) {
    return Status::InvalidInput("", 0, 0,
                                fmt::format("the plan has status '{}' and holds no targets to "
                                            "track",
                                            ToString(plan.status)),
                                "an optimal or approximate plan folder");
  }
  const int T = model.horizon();
  const Structure structure = StructureOf(model);
  TrackReport report;
  report.actuals = static_cast<Index>(actuals.size());
  // A plan read from a folder without prices.csv has every price and stock at 0: not a plan whose
  // capital is 0, but one whose prices and capital were not written.
  const auto nonzero = [](double value) { return value != 0.0; };
  report.plan_prices =
      std::any_of(plan.product_prices.begin(), plan.product_prices.end(), nonzero) ||
      std::any_of(plan.resource_prices.begin(), plan.resource_prices.end(), nonzero) ||
      std::any_of(plan.capital.begin(), plan.capital.end(),
                  [](const CapitalAccount& account) { return account.usable != 0.0; });

  // Reports and plan by (enterprise, product, year); tracked (product, year) pairs.
  using Key = std::tuple<Index, Index, int>;
  std::map<Key, double> reported, planned;
  std::set<std::pair<Index, int>> tracked;
  std::set<int> years;
  for (const Actual& a : actuals) {
    reported[{a.enterprise, a.product, a.year}] += a.quantity;
    tracked.emplace(a.product, a.year);
    years.insert(a.year);
  }
  report.years.assign(years.begin(), years.end());
  for (const ProductionTarget& target : plan.targets) {
    if (!tracked.count({target.product, target.year})) continue;
    planned[{target.enterprise, target.product, target.year}] += target.quantity;
  }

  // Rows: every key planned or reported.
  std::set<Key> keys;
  for (const auto& [key, value] : reported) keys.insert(key);
  for (const auto& [key, value] : planned) keys.insert(key);
  for (const Key& key : keys) {
    FulfilmentRow row;
    std::tie(row.enterprise, row.product, row.year) = key;
    const auto p = planned.find(key);
    const auto r = reported.find(key);
    row.planned = p == planned.end() ? 0.0 : p->second;
    row.has_report = r != reported.end();
    if (row.planned == 0.0 && !row.has_report) continue;  // nothing asked, nothing said
    row.reported = row.has_report ? r->second : 0.0;
    row.percent = Percent(row.reported, row.planned);
    report.rows.push_back(row);
  }
  std::sort(report.rows.begin(), report.rows.end(),
            [&](const FulfilmentRow& a, const FulfilmentRow& b) {
              const bool a_nan = std::isnan(a.percent), b_nan = std::isnan(b.percent);
              if (a_nan != b_nan) return b_nan;
              if (!a_nan && a.percent != b.percent) return a.percent < b.percent;
              const auto ids = [&](const FulfilmentRow& row) {
                return std::tie(model.enterprises[row.enterprise].id,
                                model.products[row.product].id, row.year);
              };
              return ids(a) < ids(b);
            });

  // Aggregates per product and year, then per group and year at the plan's prices.
  std::map<std::pair<Index, int>, std::pair<double, double>> by_product;  // (planned, reported)
  for (const FulfilmentRow& row : report.rows) {
    auto& sums = by_product[{row.product, row.year}];
    sums.first += row.planned;
    sums.second += row.reported;
  }
  std::map<std::pair<int, int>, FulfilmentAggregate> by_group;  // (year, group)
  for (const auto& [key, sums] : by_product) {
    const auto [product, year] = key;
    FulfilmentAggregate aggregate;
    aggregate.level = AggregateLevel::kProduct;
    aggregate.product = product;
    aggregate.group = model.products[product].group;
    aggregate.year = year;
    aggregate.planned = sums.first;
    aggregate.reported = sums.second;
    aggregate.percent = Percent(sums.second, sums.first);
    report.aggregates.push_back(aggregate);
    const double price = plan.product_prices.size() == model.products.size() * T
                             ? plan.product_prices[product * T + year - 1]
                             : 0.0;
    FulfilmentAggregate& group = by_group[{year, static_cast<int>(model.products[product].group)}];
    group.level = AggregateLevel::kGroup;
    group.group = model.products[product].group;
    group.year = year;
    group.planned += price * sums.first;
    group.reported += price * sums.second;
    ++group.products;
  }
  for (auto& [key, group] : by_group) {
    if (!report.plan_prices) group.planned = group.reported = kNaN;
    group.percent = Percent(group.reported, group.planned);
    report.aggregates.push_back(group);
  }

  // Impossible reports. Capacity and capital: per reported (e, i, t).
  std::map<std::tuple<Index, Index, int>, double> usable;  // (e, k, t) -> K
  for (const CapitalAccount& account : plan.capital) {
    usable[{account.enterprise, account.product, account.year}] = account.usable;
  }
  for (const auto& [key, quantity] : reported) {
    const auto [e, i, t] = key;
    double capacity = 0.0, capital_capacity = 0.0;
    bool capacity_bounded = true, capital_bounded = report.plan_prices && !plan.capital.empty();
    std::vector<std::string> limits;
    for (const EnterpriseTechnique* et : structure.techniques[e]) {
      const double out = CoefficientOf(structure.outputs[et->technique], i);
      if (out <= 0) continue;
      const bool bounded = std::isfinite(et->max_activity);
      if (!bounded) capacity_bounded = false;
      if (bounded) capacity += out * et->max_activity;
      double activity = et->max_activity;
      if (structure.capital[et->technique].empty()) capital_bounded = false;
      for (const auto& [k, b] : structure.capital[et->technique]) {
        const auto found = usable.find({e, k, t});
        activity = std::min(activity, (found == usable.end() ? 0.0 : found->second) / b);
      }
      if (std::isfinite(activity)) capital_capacity += out * activity;
    }
    const Enterprise& enterprise = model.enterprises[e];
    const Product& product = model.products[i];
    const int year = model.CalendarYear(t);
    if (capacity_bounded && Above(quantity, capacity)) {
      report.impossible.push_back(ImpossibleReport{
          ImpossibleKind::kCapacity, e, i, t, quantity, capacity,
          fmt::format("{} reports {:.6g} {} of {} in {}, above the {:.6g} its techniques make at "
                      "their max_activity",
                      enterprise.id, quantity, product.unit, product.id, year, capacity)});
    } else if (capital_bounded && Above(quantity, capital_capacity)) {
      report.impossible.push_back(ImpossibleReport{
          ImpossibleKind::kCapital, e, i, t, quantity, capital_capacity,
          fmt::format("{} reports {:.6g} {} of {} in {}, above the {:.6g} the plan's capital "
                      "stock there allows (more capital than the plan gave it, or not true)",
                      enterprise.id, quantity, product.unit, product.id, year, capital_capacity)});
    }
  }

  // Inputs: for each tracked (i, t), the least input the reported outputs need against what can
  // have been there.
  const std::size_t I = model.products.size();
  std::vector<double> reported_total(I * T, 0.0), planned_production(I * T, 0.0);
  for (const auto& [key, quantity] : reported) {
    reported_total[std::get<1>(key) * T + std::get<2>(key) - 1] += quantity;
  }
  for (const ProductBalance& balance : plan.balances) {
    planned_production[balance.product * T + balance.year - 1] = balance.production;
  }
  // Reports by (enterprise, year): (product, quantity).
  std::map<std::pair<Index, int>, std::vector<std::pair<Index, double>>> by_enterprise;
  for (const auto& [key, quantity] : reported) {
    by_enterprise[{std::get<0>(key), std::get<2>(key)}].emplace_back(std::get<1>(key), quantity);
  }
  for (const auto& [tracked_pair, unused] : by_product) {
    const auto [i, t] = tracked_pair;
    double need = 0.0;
    for (const auto& [enterprise_year, outputs] : by_enterprise) {
      if (enterprise_year.second != t) continue;
      const Index e = enterprise_year.first;
      double enterprise_need = 0.0;
      for (const auto& [j, quantity] : outputs) {
        double least = std::numeric_limits<double>::infinity();
        for (const EnterpriseTechnique* et : structure.techniques[e]) {
          const double out = CoefficientOf(structure.outputs[et->technique], j);
          if (out <= 0) continue;
          least = std::min(least, CoefficientOf(structure.inputs[et->technique], i) / out);
        }
        if (std::isfinite(least)) enterprise_need = std::max(enterprise_need, quantity * least);
      }
      need += enterprise_need;
    }
    const Product& product = model.products[i];
    double carried = 0.0;
    if (product.storable) {
      carried = product.initial_stock;
      for (int earlier = 1; earlier < t; ++earlier) {
        carried += tracked.count({i, earlier}) ? reported_total[i * T + earlier - 1]
                                               : planned_production[i * T + earlier - 1];
      }
    }
    const double supply = reported_total[i * T + t - 1] + carried;
    if (Above(need, supply)) {
      report.impossible.push_back(ImpossibleReport{
          ImpossibleKind::kInputs, -1, i, t, need, supply,
          fmt::format("the reported outputs of {} need at least {:.6g} {} of {} as input, more "
                      "than the {:.6g} reported made plus the {:.6g} that can have been carried "
                      "in",
                      model.CalendarYear(t), need, product.unit, product.id,
                      reported_total[i * T + t - 1], carried)});
    }
  }
  std::sort(report.impossible.begin(), report.impossible.end(),
            [&](const ImpossibleReport& a, const ImpossibleReport& b) {
              const auto key = [&](const ImpossibleReport& r) {
                return std::make_tuple(
                    static_cast<int>(r.kind), r.year, model.products[r.product].id,
                    r.enterprise < 0 ? std::string() : model.enterprises[r.enterprise].id);
              };
              return key(a) < key(b);
            });
  return report;
}

}  // namespace gosplan
