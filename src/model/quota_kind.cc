// Quota kinds: names, and the rules an import or export quota must meet (quota_kind.h).
#include "model/quota_kind.h"

#include <fmt/format.h>

namespace gosplan {

const char* ToString(QuotaKind kind) {
  switch (kind) {
    case QuotaKind::kOutput:
      return "output";
    case QuotaKind::kImport:
      return "import";
    case QuotaKind::kExport:
      return "export";
  }
  return "output";
}

std::optional<QuotaKind> ParseQuotaKind(std::string_view text) {
  for (QuotaKind kind : {QuotaKind::kOutput, QuotaKind::kImport, QuotaKind::kExport}) {
    if (text == ToString(kind)) return kind;
  }
  return std::nullopt;
}

namespace model {

Index WorldPriceEntry(const Model& model, Index product, int year) {
  for (std::size_t k = 0; k < model.world_prices.size(); ++k) {
    const WorldPrice& price = model.world_prices[k];
    if (price.product == product && price.year == year) return static_cast<Index>(k);
  }
  return -1;
}

std::string TradeQuotaProblem(const Model& model, const Quota& quota,
                              const std::string& world_prices_file, std::string& expected) {
  if (!IsTradeQuota(quota)) return {};
  const bool imports = quota.kind == QuotaKind::kImport;
  const char* flow = imports ? "import" : "export";
  const Product& product = model.products[static_cast<std::size_t>(quota.product)];
  const int year = model.CalendarYear(quota.year);
  if (quota.enterprise >= 0) {
    expected = fmt::format(
        "an empty enterprise: {} quotas are economy-wide (trade is the nation's, not an "
        "enterprise's)",
        flow);
    return fmt::format("{} quota '{}' names enterprise '{}'", flow, quota.id,
                       model.enterprises[static_cast<std::size_t>(quota.enterprise)].id);
  }
  const char* price_column = imports ? "import_price" : "export_price";
  if (model.world_prices.empty()) {
    expected = fmt::format(
        "a world_prices.csv ([tables] world_prices in model.toml) giving '{}' an {} in {}, or "
        "kind output",
        product.id, price_column, year);
    return fmt::format("{} quota '{}' in a model without world prices (no foreign trade)", flow,
                       quota.id);
  }
  const Index entry = WorldPriceEntry(model, quota.product, quota.year);
  const bool tradable =
      entry >= 0 && (imports ? model.world_prices[static_cast<std::size_t>(entry)].Importable()
                             : model.world_prices[static_cast<std::size_t>(entry)].Exportable());
  if (tradable) return {};
  expected = fmt::format("a row of {} for '{}' in {} with an {}, or kind output", world_prices_file,
                         product.id, year, price_column);
  return fmt::format("{} quota '{}': '{}' cannot be {}ed in {} ({} gives it no {} that year)", flow,
                     quota.id, product.id, flow, year, world_prices_file, price_column);
}

void CheckTradeQuotas(const Model& model, const std::string& targets_file,
                      const std::string& world_prices_file, const std::vector<TradeQuotaRow>& rows,
                      bool world_prices_read, Diagnostics& diagnostics) {
  const std::string prices_file =
      world_prices_file.empty() ? "world_prices.csv" : world_prices_file;
  for (const TradeQuotaRow& row : rows) {
    const Quota& quota = model.quotas[row.quota];
    if (quota.enterprise < 0 && !world_prices_read) continue;
    std::string expected;
    const std::string problem = TradeQuotaProblem(model, quota, prices_file, expected);
    if (problem.empty()) continue;
    diagnostics.Add(targets_file, row.line,
                    quota.enterprise >= 0 ? row.enterprise_column : row.kind_column, problem,
                    expected);
  }
}

std::string QuotaCounts(const Model& model, const Quota& quota) {
  const Product& product = model.products[static_cast<std::size_t>(quota.product)];
  switch (quota.kind) {
    case QuotaKind::kImport:
      return product.name + " imports";
    case QuotaKind::kExport:
      return product.name + " exports";
    case QuotaKind::kOutput:
      break;
  }
  return product.name;
}

}  // namespace model
}  // namespace gosplan
