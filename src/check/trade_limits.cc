// Foreign trade in `check` (docs/check.md, "Import and export quotas"): the currency balance, the
// credit limit and the trade caps as constraint groups of the elastic LP — so that a conflict, an
// alone max and an earliest-year try can name them — and the LP terms of an import or export
// quota. The rows and columns are those of src/plan/trade_program.h:
//   currency[t]: Σ pe·e − Σ pm·m + D[t] − (1 + r)·D[t−1] + V[t−1] − V[t] ≥ −V0·[t = 1],
//   0 ≤ D[t] ≤ credit_limit (t < T), D[T] = 0, 0 ≤ e ≤ max_export, 0 ≤ m ≤ max_import.
// An import quota out of reach with these binding "cannot be paid for".
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "check/elastic_program.h"
#include "model/quota_kind.h"

namespace gosplan::check {

std::vector<Group> ElasticProgram::CurrencyGroups() const {
  std::vector<Group> groups;
  if (program_.currency_row_base < 0) return groups;
  for (int t = 1; t <= program_.years; ++t) {
    groups.push_back({GroupKind::kCurrency, 0, t, program_.currency_row(t), -1});
  }
  return groups;
}

std::vector<Group> ElasticProgram::TradeColumnGroups() const {
  std::vector<Group> groups;
  if (program_.currency_row_base < 0) return groups;
  const int T = program_.years;
  for (int t = 1; t <= T; ++t) {
    const Index column = program_.debt_column[static_cast<std::size_t>(t - 1)];
    // D[t] ≤ credit_limit before the last year (object 0), D[T] = 0 (object 1).
    if (t < T && !std::isfinite(program_.lp.column_upper[column])) continue;
    groups.push_back({GroupKind::kCredit, t < T ? 0 : 1, t, -1, column});
  }
  for (std::size_t k = 0; k < model_.world_prices.size(); ++k) {
    const WorldPrice& price = model_.world_prices[k];
    const Index object = static_cast<Index>(k);
    if (program_.import_column[k] >= 0 && price.max_import < kUnbounded) {
      groups.push_back({GroupKind::kImportCap, object, price.year, -1, program_.import_column[k]});
    }
    if (program_.export_column[k] >= 0 && price.max_export < kUnbounded) {
      groups.push_back({GroupKind::kExportCap, object, price.year, -1, program_.export_column[k]});
    }
  }
  return groups;
}

bool ElasticProgram::AtUpperBound(Index column) const {
  const double upper = program_.lp.column_upper[column];
  if (!std::isfinite(upper)) return false;
  return session_->column_values()[column] >= upper - 1e-9 * std::max(1.0, std::abs(upper));
}

void ElasticProgram::DescribeTradeLimit(GroupKind kind, Index object,
                                        ConflictMember& member) const {
  const std::string& currency = model_.settings.trade_currency;
  const std::string years = member.first_year == member.last_year
                                ? std::to_string(member.first_year)
                                : fmt::format("{}–{}", member.first_year, member.last_year);
  switch (kind) {
    case GroupKind::kCurrency:
      member.kind = "currency";
      member.sentence = fmt::format(
          "the currency balance {} (imports paid for by exports at world prices, credit and "
          "reserves)",
          years);
      break;
    case GroupKind::kCredit:
      member.kind = "credit";
      member.sentence =
          object == 0
              ? fmt::format("the credit limit (at most {:.6g} {} of foreign debt) {}",
                            model_.settings.credit_limit, currency, years)
              : fmt::format("every foreign credit repaid by the end of {} (the plan's last year)",
                            member.last_year);
      break;
    case GroupKind::kImportCap:
    case GroupKind::kExportCap: {
      const WorldPrice& price = model_.world_prices[static_cast<std::size_t>(object)];
      const Product& product = model_.products[static_cast<std::size_t>(price.product)];
      const bool imports = kind == GroupKind::kImportCap;
      member.kind = imports ? "import_cap" : "export_cap";
      member.names = {product.id};
      member.sentence =
          fmt::format("the {} cap on {}: at most {:.6g} {} in {} (world_prices.csv {})",
                      imports ? "import" : "export", product.name,
                      imports ? price.max_import : price.max_export, product.unit,
                      model_.CalendarYear(price.year), imports ? "max_import" : "max_export");
      break;
    }
    default:
      break;
  }
}

std::vector<std::pair<Index, double>> ElasticProgram::QuotaTerms(const Quota& quota,
                                                                 int year) const {
  if (!model::IsTradeQuota(quota)) return OutputTerms(quota.product, quota.enterprise, year);
  std::vector<std::pair<Index, double>> terms;
  const Index k = model::WorldPriceEntry(model_, quota.product, year);
  if (k < 0 || program_.currency_row_base < 0) return terms;
  const Index column = quota.kind == QuotaKind::kImport
                           ? program_.import_column[static_cast<std::size_t>(k)]
                           : program_.export_column[static_cast<std::size_t>(k)];
  if (column >= 0) terms.emplace_back(column, 1.0);
  return terms;
}

}  // namespace gosplan::check
