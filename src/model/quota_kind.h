// Quota kinds (targets.csv's `kind`; docs/model-format.md, docs/planning-model.md "Quotas"): an
// output quota counts gross output; an import or export quota counts the economy's imports m[i,t]
// or exports e[i,t] of the product in its year, which exist only where world_prices.csv gives the
// product an import (export) price that year. The rules a trade quota must meet, shared by the
// loader (targets.csv) and `check --targets FILE` (ReadQuotaFile).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gosplan/model.h"

namespace gosplan::model {

// What a column `kind` may hold, for messages.
inline constexpr const char* kQuotaKindExpected = "output, import or export (empty: output)";

// True for an import or export quota.
inline bool IsTradeQuota(const Quota& quota) { return quota.kind != QuotaKind::kOutput; }

// The position in model.world_prices of the entry of (product, plan year), −1 when none.
Index WorldPriceEntry(const Model& model, Index product, int year);

// Why `quota` (a trade quota of `model`) cannot be: an empty string when it is fine, else the
// problem, with `expected` set to what was expected. Rules: economy-wide (no enterprise), and the
// product importable (exportable) in the quota's year by world_prices.csv (`world_prices_file`,
// named in the messages).
std::string TradeQuotaProblem(const Model& model, const Quota& quota,
                              const std::string& world_prices_file, std::string& expected);

// Where an import or export quota was read (targets.csv), for located errors.
struct TradeQuotaRow {
  std::size_t quota = 0;  // position in model.quotas
  std::int64_t line = 0;
  std::int64_t enterprise_column = 0, kind_column = 0;  // 1-based
};

// The loader's check of targets.csv's trade quotas against the enterprise rule and the world
// prices: one located error per broken rule in `diagnostics`. With `world_prices_read` false
// (world_prices.csv or targets.csv had errors of their own) only the enterprise rule is checked.
void CheckTradeQuotas(const Model& model, const std::string& targets_file,
                      const std::string& world_prices_file, const std::vector<TradeQuotaRow>& rows,
                      bool world_prices_read, Diagnostics& diagnostics);

// "machinery imports", "grain exports", "machinery output": what a quota counts, in words.
std::string QuotaCounts(const Model& model, const Quota& quota);

}  // namespace gosplan::model
