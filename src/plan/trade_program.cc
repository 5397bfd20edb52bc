// Foreign trade in the plan LP: the currency rows and the export, import, debt and reserve columns
// (trade_program.h states the mathematics).
#include "plan/trade_program.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace gosplan::plan {
namespace {

// MPS names may not contain blanks.
std::string NamePart(const std::string& id) {
  std::string name = id;
  std::replace(name.begin(), name.end(), ' ', '_');
  std::replace(name.begin(), name.end(), '\t', '_');
  return name;
}

// Appends one column with entries sorted by row (callers pass them in increasing row order).
Index AppendColumn(PlanProgram& program, bool with_names, double lower, double upper,
                   const std::vector<std::pair<Index, double>>& entries, std::string name) {
  LinearProgram& lp = program.lp;
  lp.column_lower.push_back(lower);
  lp.column_upper.push_back(upper);
  lp.objective.push_back(0.0);
  if (with_names) lp.column_names.push_back(std::move(name));
  for (const auto& [row, value] : entries) {
    if (value == 0.0) continue;
    lp.row_indices.push_back(row);
    lp.values.push_back(value);
  }
  lp.column_starts.push_back(static_cast<Index>(lp.row_indices.size()));
  return lp.num_columns++;
}

}  // namespace

void AddTrade(const Model& model, PlanProgram& program, bool with_names) {
  LinearProgram& lp = program.lp;
  const int T = program.years;
  const ModelSettings& settings = model.settings;
  auto year = [&](int t) { return std::to_string(model.CalendarYear(t)); };
  // currency[t] ≥ (1 + r)·D0 − V0 in year 1, ≥ 0 after.
  program.currency_row_base = lp.num_rows;
  const double owed_in_year_one =
      (1.0 + settings.interest_rate) * settings.initial_debt - settings.initial_reserves;
  for (int t = 1; t <= T; ++t) {
    lp.row_lower.push_back(t == 1 ? owed_in_year_one : 0.0);
    lp.row_upper.push_back(kUnbounded);
    if (with_names) lp.row_names.push_back("currency_" + year(t));
    ++lp.num_rows;
  }
  if (lp.column_starts.empty()) lp.column_starts.push_back(0);
  program.export_column.assign(model.world_prices.size(), -1);
  program.import_column.assign(model.world_prices.size(), -1);
  for (std::size_t k = 0; k < model.world_prices.size(); ++k) {
    const WorldPrice& price = model.world_prices[k];
    const std::string suffix =
        with_names ? NamePart(model.products[price.product].id) + "_" + year(price.year)
                   : std::string();
    // Rows in increasing order: the balance, the trade quotas' rows (import/export quotas made
    // law; trade_quota_program.cc), the currency row.
    if (price.Exportable()) {
      auto entries = TradeQuotaEntries(model, program, price, QuotaKind::kExport);
      entries.insert(entries.begin(), {program.balance_row(price.product, price.year), -1.0});
      entries.emplace_back(program.currency_row(price.year), price.export_price);
      program.export_column[k] =
          AppendColumn(program, with_names, 0.0, price.max_export, entries, "export_" + suffix);
    }
    if (price.Importable()) {
      auto entries = TradeQuotaEntries(model, program, price, QuotaKind::kImport);
      entries.insert(entries.begin(), {program.balance_row(price.product, price.year), 1.0});
      entries.emplace_back(program.currency_row(price.year), -price.import_price);
      program.import_column[k] =
          AppendColumn(program, with_names, 0.0, price.max_import, entries, "import_" + suffix);
    }
  }
  // D[t]: borrowed into year t's row, repaid with interest in year t + 1's; held at 0 in year T.
  program.debt_column.assign(static_cast<std::size_t>(T), -1);
  program.reserve_column.assign(static_cast<std::size_t>(T), -1);
  for (int t = 1; t <= T; ++t) {
    std::vector<std::pair<Index, double>> entries = {{program.currency_row(t), 1.0}};
    if (t < T) entries.emplace_back(program.currency_row(t + 1), -(1.0 + settings.interest_rate));
    program.debt_column[t - 1] = AppendColumn(
        program, with_names, 0.0, t < T ? settings.credit_limit : 0.0, entries, "debt_" + year(t));
  }
  // V[t]: currency kept out of year t's row for year t + 1's (the last year's is left unused).
  for (int t = 1; t <= T; ++t) {
    std::vector<std::pair<Index, double>> entries = {{program.currency_row(t), -1.0}};
    if (t < T) entries.emplace_back(program.currency_row(t + 1), 1.0);
    program.reserve_column[t - 1] =
        AppendColumn(program, with_names, 0.0, kUnbounded, entries, "reserves_" + year(t));
  }
}

std::string DescribeCurrencyRow(const Model& model, const PlanProgram& program, Index row,
                                const std::string& by) {
  if (program.currency_row_base < 0 || row < program.currency_row_base ||
      row >= program.currency_row_base + program.years) {
    return {};
  }
  const int t = static_cast<int>(row - program.currency_row_base) + 1;
  return fmt::format("the currency balance in {} is short by {} {}", model.CalendarYear(t), by,
                     model.settings.trade_currency);
}

void ExtractTrade(const Model& model, const PlanProgram& program, const std::vector<double>& x,
                  const std::function<double(Index)>& at_least_row, Plan& plan) {
  const int T = program.years;
  const double r = model.settings.interest_rate;
  plan.currency.assign(static_cast<std::size_t>(T), CurrencyYear{});
  for (int t = 1; t <= T; ++t) {
    CurrencyYear& account = plan.currency[t - 1];
    account.year = t;
    account.debt = x[program.debt_column[t - 1]];
    account.interest = r * (t > 1 ? x[program.debt_column[t - 2]] : model.settings.initial_debt);
    account.reserves = x[program.reserve_column[t - 1]];
    account.price = at_least_row(program.currency_row(t));
  }
  plan.trade.clear();
  for (std::size_t k = 0; k < model.world_prices.size(); ++k) {
    const WorldPrice& price = model.world_prices[k];
    TradeFlow flow;
    flow.product = price.product;
    flow.year = price.year;
    if (program.export_column[k] >= 0) flow.exports = x[program.export_column[k]];
    if (program.import_column[k] >= 0) flow.imports = x[program.import_column[k]];
    CurrencyYear& account = plan.currency[price.year - 1];
    if (flow.exports > 0) account.earnings += price.export_price * flow.exports;
    if (flow.imports > 0) account.spending += price.import_price * flow.imports;
    ProductBalance& balance = plan.balances[price.product * T + price.year - 1];
    balance.imports += flow.imports;
    balance.exports += flow.exports;
    plan.trade.push_back(flow);
  }
}

}  // namespace gosplan::plan
