// Import and export quotas in the plan LP (trade_program.h): a quota made law on a trade flow is
// the row quota[q]: m[i,t] ≥ quantity (imports) or e[i,t] ≥ quantity (exports), its one entry on
// the flow's column. Output quotas are counted by the activities instead (plan_program.cc).
#include <algorithm>

#include "plan/trade_program.h"

namespace gosplan::plan {

std::vector<std::pair<Index, double>> TradeQuotaEntries(const Model& model,
                                                        const PlanProgram& program,
                                                        const WorldPrice& price, QuotaKind kind) {
  std::vector<std::pair<Index, double>> entries;
  for (std::size_t q = 0; q < model.quotas.size() && q < program.quota_row.size(); ++q) {
    const Quota& quota = model.quotas[q];
    if (program.quota_row[q] < 0 || quota.kind != kind || quota.product != price.product ||
        quota.year != price.year) {
      continue;
    }
    entries.emplace_back(program.quota_row[q], 1.0);
  }
  std::sort(entries.begin(), entries.end());
  return entries;
}

}  // namespace gosplan::plan
