// Import and export quotas in `verify` (docs/planning-model.md, "Quotas"): a trade quota counts
// the flow of trade.csv, never output, and in the duality check its row quota[q]: m[i,t] ≥ quantity
// (e[i,t] ≥ quantity) puts its price y_q ≥ 0 on that flow's column alone. Derived from the
// mathematics, not from src/plan/.
#include "verify/verify_internal.h"

namespace gosplan::verify {
namespace {

// The world_prices position of (product, plan year), −1 when none.
Index EntryOf(const Model& model, Index product, int year) {
  for (std::size_t k = 0; k < model.world_prices.size(); ++k) {
    if (model.world_prices[k].product == product && model.world_prices[k].year == year) {
      return static_cast<Index>(k);
    }
  }
  return -1;
}

}  // namespace

void TradeQuotaFlows(PlanUnderCheck& plan) {
  const Model& model = plan.model;
  const TradeDocuments& trade = plan.docs.trade;
  for (std::size_t q = 0; q < model.quotas.size(); ++q) {
    const Quota& quota = model.quotas[q];
    if (quota.kind == QuotaKind::kOutput) continue;
    const Index k = EntryOf(model, quota.product, quota.year);
    if (k < 0) continue;  // no world price: nothing traded, the flow is 0
    const auto& flows = quota.kind == QuotaKind::kImport ? trade.imports : trade.exports;
    if (static_cast<std::size_t>(k) < flows.size()) plan.quota_output[q] = flows[k];
  }
}

double TradeQuotaDualTerms(const PlanUnderCheck& plan, std::vector<double>& import_profit,
                           std::vector<double>& export_profit) {
  const Model& model = plan.model;
  if (!plan.summary.quotas_as_constraints || plan.docs.quota_price.empty()) return 0.0;
  double bound = 0.0;
  for (std::size_t q = 0; q < model.quotas.size(); ++q) {
    const Quota& quota = model.quotas[q];
    if (quota.kind == QuotaKind::kOutput) continue;
    const double price = plan.docs.quota_price[q];
    if (IsAbsent(price)) continue;
    bound -= price * quota.quantity;  // −y_q·rhs of a ≥ row
    const Index k = EntryOf(model, quota.product, quota.year);
    if (k < 0) continue;
    (quota.kind == QuotaKind::kImport ? import_profit : export_profit)[k] += price;
  }
  return bound;
}

}  // namespace gosplan::verify
