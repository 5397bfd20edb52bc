// Foreign trade in `verify` (docs/planning-model.md, "Foreign trade"): trade.csv and currency.csv
// read back, the flows checked against the world prices, the currency rows recomputed from the
// model's prices and the flows, and the trade columns' part of the duality check. Derived from
// the mathematics alone, never from src/plan/:
//   currency[t]: Σ pe·e − Σ pm·m + D[t] − (1 + r)·D[t−1] + V[t−1] − V[t] ≥ −V0·[t = 1],
//   0 ≤ D[t] ≤ credit_limit, D[T] = 0, V[t] ≥ 0, 0 ≤ e ≤ max_export, 0 ≤ m ≤ max_import.
#include <filesystem>
#include <optional>

#include "util/csv.h"
#include "verify/plan_tables.h"
#include "verify/verify_internal.h"

namespace gosplan::verify {
namespace {

// The export or import bound of one world-price entry: 0 when not traded that way.
double Upper(double price, double cap) { return price < kUnbounded ? cap : 0.0; }

}  // namespace

void ReadTradeDocuments(const Model& model, const std::string& folder, PlanDocuments& docs,
                        Diagnostics& diagnostics) {
  TradeDocuments& trade = docs.trade;
  const int T = model.horizon();
  const std::size_t n = model.world_prices.size();
  trade.exports.assign(n, 0.0);
  trade.imports.assign(n, 0.0);
  trade.line.assign(n, 0);
  std::map<std::pair<Index, int>, std::size_t> entry;  // (product, year) -> world_prices position
  for (std::size_t k = 0; k < n; ++k) {
    entry[{model.world_prices[k].product, model.world_prices[k].year}] = k;
  }
  const std::string trade_path = (std::filesystem::path(folder) / "trade.csv").string();
  std::vector<int> c;
  if (auto file =
          OpenPlanTable(trade_path, {"product", "year", "exports", "imports"}, c, diagnostics)) {
    util::CsvRow row;
    while (file->Next(row, diagnostics)) {
      const auto& f = row.fields;
      auto product = model.product_index.find(std::string(f[c[0]]));
      if (product == model.product_index.end()) {
        diagnostics.Add(trade_path, row.line, c[0] + 1,
                        fmt::format("unknown product '{}'", f[c[0]]), "a product of the model");
        continue;
      }
      auto t = PlanYear(model, f[c[1]], trade_path, row.line, c[1], diagnostics);
      auto exports = util::ParseNumber(f[c[2]], trade_path, row.line, c[2], diagnostics, "exports");
      auto imports = util::ParseNumber(f[c[3]], trade_path, row.line, c[3], diagnostics, "imports");
      if (!t || !exports || !imports) continue;
      auto it = entry.find({product->second, *t});
      if (it == entry.end()) {
        diagnostics.Add(trade_path, row.line, c[0] + 1,
                        fmt::format("product '{}' has no world price in {}", f[c[0]], f[c[1]]),
                        "one row per world_prices.csv row of the model");
        continue;
      }
      if (trade.line[it->second] != 0) {
        diagnostics.Add(trade_path, row.line, 0,
                        fmt::format("second row for product '{}', year {}", f[c[0]], f[c[1]]),
                        "one row per product and year");
        continue;
      }
      trade.line[it->second] = row.line;
      trade.exports[it->second] = *exports;
      trade.imports[it->second] = *imports;
    }
    for (std::size_t k = 0; k < n && !diagnostics.full(); ++k) {
      if (trade.line[k] != 0) continue;
      diagnostics.Add(trade_path, 0, 0,
                      fmt::format("no row for product '{}', year {}",
                                  model.products[model.world_prices[k].product].id,
                                  model.CalendarYear(model.world_prices[k].year)),
                      "one row per world_prices.csv row of the model");
    }
  }

  const std::string currency_path = (std::filesystem::path(folder) / "currency.csv").string();
  for (auto* column : {&trade.earnings, &trade.spending, &trade.debt, &trade.interest,
                       &trade.reserves, &trade.currency_price}) {
    column->assign(static_cast<std::size_t>(T), 0.0);
  }
  trade.currency_line.assign(static_cast<std::size_t>(T), 0);
  std::vector<int> d;
  static constexpr const char* kNumbers[] = {"earnings", "spending", "debt",
                                             "interest", "reserves", "currency_price"};
  auto file = OpenPlanTable(
      currency_path,
      {"year", "earnings", "spending", "debt", "interest", "reserves", "currency_price"}, d,
      diagnostics);
  if (!file) return;
  util::CsvRow row;
  while (file->Next(row, diagnostics)) {
    const auto& f = row.fields;
    auto t = PlanYear(model, f[d[0]], currency_path, row.line, d[0], diagnostics);
    std::vector<std::optional<double>> numbers;
    for (int k = 0; k < 6; ++k) {
      numbers.push_back(util::ParseNumber(f[d[k + 1]], currency_path, row.line, d[k + 1],
                                          diagnostics, kNumbers[k]));
    }
    if (!t) continue;
    bool parsed = true;
    for (const auto& number : numbers) parsed = parsed && number.has_value();
    if (!parsed) continue;
    const std::size_t slot = static_cast<std::size_t>(*t - 1);
    if (trade.currency_line[slot] != 0) {
      diagnostics.Add(currency_path, row.line, 0, fmt::format("second row for year {}", f[d[0]]),
                      "one row per plan year");
      continue;
    }
    trade.currency_line[slot] = row.line;
    trade.earnings[slot] = *numbers[0];
    trade.spending[slot] = *numbers[1];
    trade.debt[slot] = *numbers[2];
    trade.interest[slot] = *numbers[3];
    trade.reserves[slot] = *numbers[4];
    trade.currency_price[slot] = *numbers[5];
  }
  for (int t = 1; t <= T && !diagnostics.full(); ++t) {
    if (trade.currency_line[static_cast<std::size_t>(t - 1)] != 0) continue;
    diagnostics.Add(currency_path, 0, 0, fmt::format("no row for year {}", model.CalendarYear(t)),
                    "one row per plan year");
  }
}

void CheckTrade(PlanUnderCheck& plan, Checker& check) {
  const Model& model = plan.model;
  if (model.world_prices.empty()) return;
  const TradeDocuments& trade = plan.docs.trade;
  const int T = plan.T();
  const ModelSettings& settings = model.settings;
  Primal& x = plan.x;
  x.imports.assign(static_cast<std::size_t>(plan.s.products * T), 0.0);
  x.exports.assign(static_cast<std::size_t>(plan.s.products * T), 0.0);
  std::vector<double> earnings(static_cast<std::size_t>(T), 0.0);
  std::vector<double> spending(static_cast<std::size_t>(T), 0.0);
  std::vector<double> largest(static_cast<std::size_t>(T), 0.0);

  // Flows: ≥ 0, within the caps, none where the product is not traded that way.
  for (std::size_t k = 0; k < model.world_prices.size(); ++k) {
    const WorldPrice& price = model.world_prices[k];
    const std::string where = fmt::format("line {}: {} {}", trade.line[k],
                                          plan.ProductName(price.product), plan.Year(price.year));
    for (const auto& [flow, what, cap, world] :
         {std::tuple{trade.exports[k], "exports", Upper(price.export_price, price.max_export),
                     price.export_price},
          std::tuple{trade.imports[k], "imports", Upper(price.import_price, price.max_import),
                     price.import_price}}) {
      check.Check(-flow, flow, 1, "trade.csv", [&](double) {
        return fmt::format("{}: negative {} {}", where, what, Num(flow));
      });
      check.Check(flow - cap, std::isfinite(cap) ? cap : 0.0, 1, "trade.csv", [&](double by) {
        return world < kUnbounded
                   ? fmt::format("{}: {} {} exceed the limit {} (by {})", where, what, Num(flow),
                                 Num(cap), By(by))
                   : fmt::format("{}: {} {}, but the model gives no {} price", where, what,
                                 Num(flow), what == std::string("exports") ? "export" : "import");
      });
    }
    const std::size_t slot = static_cast<std::size_t>(price.product * T + price.year - 1);
    x.exports[slot] += trade.exports[k];
    x.imports[slot] += trade.imports[k];
    const std::size_t year = static_cast<std::size_t>(price.year - 1);
    if (price.Exportable()) {
      earnings[year] += price.export_price * trade.exports[k];
      largest[year] = std::max(largest[year], std::abs(price.export_price * trade.exports[k]));
    }
    if (price.Importable()) {
      spending[year] += price.import_price * trade.imports[k];
      largest[year] = std::max(largest[year], std::abs(price.import_price * trade.imports[k]));
    }
  }
  // balances.csv's imports and exports columns.
  for (Index i = 0; i < plan.s.products; ++i) {
    for (int t = 1; t <= T; ++t) {
      const std::size_t slot = static_cast<std::size_t>(i * T + t - 1);
      const BalanceRow& row = plan.docs.balances[slot];
      for (const auto& [written, flow, what] :
           {std::tuple{row.imports, x.imports[slot], "imports"},
            std::tuple{row.exports, x.exports[slot], "exports"}}) {
        check.Same(written, flow, 1, "balances.csv", [&](double by) {
          return fmt::format("line {}: {} {}: {} is {} but trade.csv gives {} (by {})", row.line,
                             plan.ProductName(i), plan.Year(t), what, Num(written), Num(flow),
                             By(by));
        });
      }
    }
  }
  // The currency account of each year.
  const double r = settings.interest_rate;
  for (int t = 1; t <= T; ++t) {
    const std::size_t k = static_cast<std::size_t>(t - 1);
    const double debt = trade.debt[k];
    const double before = t > 1 ? trade.debt[k - 1] : settings.initial_debt;  // D[t−1]; D[0] = D0
    const double kept_in = t > 1 ? trade.reserves[k - 1] : settings.initial_reserves;
    const std::string where =
        fmt::format("currency.csv line {}: {}", trade.currency_line[k], plan.Year(t));
    auto document = [&](const char* column, double written, double recomputed) {
      check.Same(written, recomputed, 2, "currency.csv", [&](double by) {
        return fmt::format("{}: {} is {} but trade.csv and the world prices give {} (by {})", where,
                           column, Num(written), Num(recomputed), By(by));
      });
    };
    document("earnings", trade.earnings[k], earnings[k]);
    document("spending", trade.spending[k], spending[k]);
    document("interest", trade.interest[k], r * before);
    check.Check(-debt, debt, 1, "currency",
                [&](double) { return fmt::format("{}: negative debt {}", where, Num(debt)); });
    check.Check(-trade.reserves[k], trade.reserves[k], 1, "currency", [&](double) {
      return fmt::format("{}: negative reserves {}", where, Num(trade.reserves[k]));
    });
    const double limit = t < T ? settings.credit_limit : 0.0;
    check.Check(debt - limit, limit, 1, "currency", [&](double by) {
      return t < T ? fmt::format("{}: debt {} exceeds the credit limit {} (by {})", where,
                                 Num(debt), Num(limit), By(by))
                   : fmt::format(
                         "{}: debt {} is left at the end of the plan (it must be repaid "
                         "by its last year)",
                         where, Num(debt));
    });
    const double balance =
        earnings[k] - spending[k] + debt - (1.0 + r) * before + kept_in - trade.reserves[k];
    const double magnitude = std::max({largest[k], std::abs(debt), std::abs((1.0 + r) * before),
                                       std::abs(kept_in), std::abs(trade.reserves[k])});
    check.Check(-balance, magnitude, 6, "currency", [&](double by) {
      return fmt::format(
          "{}: imports {} and repayments {} exceed export earnings {}, new debt {} and reserves "
          "{} (by {} {})",
          where, Num(spending[k]), Num((1.0 + r) * before), Num(earnings[k]), Num(debt),
          Num(kept_in - trade.reserves[k]), By(by), settings.trade_currency);
    });
  }
}

double TradeDualBound(const PlanUnderCheck& plan, Checker& check) {
  const Model& model = plan.model;
  if (model.world_prices.empty()) return 0.0;
  const int T = plan.T();
  const TradeDocuments& trade = plan.docs.trade;
  auto pi = [&](int t) { return t >= 1 && t <= T ? trade.currency_price[t - 1] : 0.0; };
  auto y = [&](Index i, int t) {
    if (plan.docs.product_price.empty()) return 0.0;
    const double value = plan.docs.product_price[i * T + t - 1];
    return IsAbsent(value) ? 0.0 : value;
  };
  double bound = 0.0;
  for (int t = 1; t <= T; ++t) {
    check.Check(-pi(t), std::abs(pi(t)), 1, "price sign", [&](double) {
      return fmt::format("the currency price of {} is {} < 0 (never negative on a ≥ row)",
                         plan.Year(t), Num(pi(t)));
    });
  }
  // The year-1 row's right-hand side rhs = (1 + r)·D0 − V0 enters the bound as −π[1]·rhs.
  bound += pi(1) * (model.settings.initial_reserves -
                    (1.0 + model.settings.interest_rate) * model.settings.initial_debt);
  // max over [lower, upper] of profit·x; profitable and unbounded above is dual infeasible.
  auto best = [&](double profit, double magnitude, int terms, double upper, auto describe) {
    if (profit <= 0) {
      ++check.report().checks;
      return 0.0;
    }
    if (std::isfinite(upper)) return profit * upper;
    check.Check(profit, magnitude, terms, "reduced cost", [&](double by) {
      return fmt::format(
          "{} earns {} per unit at the published prices but is unbounded above (dual "
          "infeasible, by {})",
          describe(), Num(profit), By(by));
    });
    return 0.0;
  };
  // Import and export quotas made law: y_q on their flow's column (trade_quotas.cc).
  std::vector<double> import_quota(model.world_prices.size(), 0.0);
  std::vector<double> export_quota(model.world_prices.size(), 0.0);
  bound += TradeQuotaDualTerms(plan, import_quota, export_quota);
  for (std::size_t k = 0; k < model.world_prices.size(); ++k) {
    const WorldPrice& price = model.world_prices[k];
    const double yi = y(price.product, price.year);
    const double p = pi(price.year);
    if (price.Exportable()) {  // e: −1 in the balance, +pe in the currency row
      const double profit = price.export_price * p - yi + export_quota[k];
      bound += best(profit, std::max(std::abs(price.export_price * p), std::abs(yi)), 2,
                    price.max_export, [&] {
                      return fmt::format("exporting {} in {}", plan.ProductName(price.product),
                                         plan.Year(price.year));
                    });
    }
    if (price.Importable()) {  // m: +1 in the balance, −pm in the currency row
      const double profit = yi - price.import_price * p + import_quota[k];
      bound += best(profit, std::max(std::abs(price.import_price * p), std::abs(yi)), 2,
                    price.max_import, [&] {
                      return fmt::format("importing {} in {}", plan.ProductName(price.product),
                                         plan.Year(price.year));
                    });
    }
  }
  const double r = model.settings.interest_rate;
  for (int t = 1; t <= T; ++t) {
    const double debt_profit = pi(t) - (t < T ? (1.0 + r) * pi(t + 1) : 0.0);
    bound += best(debt_profit, std::max(pi(t), (1.0 + r) * pi(t + 1)), 2,
                  t < T ? model.settings.credit_limit : 0.0,
                  [&] { return fmt::format("borrowing in {}", plan.Year(t)); });
    const double reserve_profit = -pi(t) + (t < T ? pi(t + 1) : 0.0);
    bound += best(reserve_profit, std::max(pi(t), pi(t + 1)), 2, kUnbounded, [&] {
      return fmt::format("keeping currency from {} to the next year", plan.Year(t));
    });
  }
  return bound;
}

}  // namespace gosplan::verify
