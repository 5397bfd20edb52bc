// Final use against the floors, quotas and the target mix (see include/gosplan/verify.h).
#include <algorithm>
#include <cmath>

#include "verify/verify_internal.h"

namespace gosplan::verify {

void CheckFloors(const PlanUnderCheck& plan, Checker& check) {
  const Structure& s = plan.s;
  const int T = plan.T();
  for (Index c = 0; c < s.categories; ++c) {
    const std::string& category = plan.model.final_demand_categories[c];
    for (Index i = 0; i < s.products; ++i) {
      for (int t = 1; t <= T; ++t) {
        const Index slot = s.FinalSlot(c, i, t);
        const double f = plan.x.final_use[slot];
        if (!s.has_final[slot]) {
          check.Check(std::abs(f), 0.0, 1, "final use", [&](double) {
            return fmt::format(
                "{} of {} in {} is {}, but the model has no final demand of {} for it", category,
                plan.ProductName(i), plan.Year(t), Num(f), category);
          });
          continue;
        }
        const double floor = s.floor[slot];
        check.Check(floor - f, std::max(std::abs(floor), std::abs(f)), 2, "floor", [&](double by) {
          return fmt::format("{} of {} in {}: final use {} below the floor {} (by {})", category,
                             plan.ProductName(i), plan.Year(t), Num(f), Num(floor), By(by));
        });
        check.Check(-f, std::abs(f), 1, "floor", [&](double) {
          return fmt::format("{} of {} in {}: negative final use {}", category, plan.ProductName(i),
                             plan.Year(t), Num(f));
        });
      }
    }
  }
}

namespace {

void CheckQuotas(const PlanUnderCheck& plan, Checker& check) {
  const Model& model = plan.model;
  for (std::size_t q = 0; q < model.quotas.size(); ++q) {
    const Quota& quota = model.quotas[q];
    if (quota.year < 1 || quota.year > plan.T()) continue;
    const double output = plan.quota_output[q];
    const std::string who = quota.enterprise >= 0 ? model.enterprises[quota.enterprise].name
                                                  : std::string("the whole economy");
    check.Check(quota.quantity - output, std::max(quota.quantity, std::abs(output)), 2, "quota",
                [&](double by) {
                  // An import or export quota counts trade.csv's flow (trade_quotas.cc).
                  const char* counted = quota.kind == QuotaKind::kImport   ? "imports"
                                        : quota.kind == QuotaKind::kExport ? "exports"
                                                                           : "output";
                  return fmt::format("{}: {} of {} in {}: {} {} below the quota {} (by {})",
                                     quota.id, who, plan.ProductName(quota.product),
                                     plan.Year(quota.year), counted, Num(output),
                                     Num(quota.quantity), By(by));
                });
  }
}

// λ[t] ≥ 0 (≥ the fulfilment floor when summary.json states one); 0 in a year without a target mix
// (else the plan ray would be unbounded); otherwise Σ_c f[c,i,t] ≥ λ[t]·mix[i,t] for every product
// in the mix.
void CheckTargetMix(const PlanUnderCheck& plan, Checker& check) {
  const Structure& s = plan.s;
  const int T = plan.T();
  for (int t = 1; t <= T; ++t) {
    const double lambda = plan.x.fulfilment[t - 1];
    check.Check(-lambda, std::abs(lambda), 1, "fulfilment", [&](double) {
      return fmt::format("{}: negative fulfilment {}", plan.Year(t), Num(lambda));
    });
    bool has_targets = false;
    for (Index i = 0; i < s.products; ++i) {
      has_targets = has_targets || s.target_mix[i * T + t - 1] > 0;
    }
    if (has_targets && plan.summary.fulfilment_floor > 0) {
      const double floor = plan.summary.fulfilment_floor;
      check.Check(floor - lambda, floor, 1, "fulfilment", [&](double by) {
        return fmt::format("{}: fulfilment {} below the floor {} of summary.json (by {})",
                           plan.Year(t), Num(lambda), Num(floor), By(by));
      });
    }
    if (!has_targets) {
      check.Check(std::abs(lambda), 0.0, 1, "fulfilment", [&](double) {
        return fmt::format("{}: fulfilment {} in a year without a target mix", plan.Year(t),
                           Num(lambda));
      });
      continue;
    }
    for (Index i = 0; i < s.products; ++i) {
      const double mix = s.target_mix[i * T + t - 1];
      if (mix <= 0) continue;
      double final_total = 0.0;
      for (Index c = 0; c < s.categories; ++c) {
        final_total += plan.x.final_use[s.FinalSlot(c, i, t)];
      }
      check.Check(
          lambda * mix - final_total, std::max(std::abs(lambda * mix), std::abs(final_total)), 2,
          "target mix", [&](double by) {
            return fmt::format("{} {}: final use {} below fulfilment {} × target {} = {} (by {})",
                               plan.ProductName(i), plan.Year(t), Num(final_total), Num(lambda),
                               Num(mix), Num(lambda * mix), By(by));
          });
    }
  }
}

}  // namespace

void CheckQuotasAndTargetMix(const PlanUnderCheck& plan, Checker& check) {
  if (plan.summary.quotas_as_constraints) CheckQuotas(plan, check);
  if (plan.summary.HasTargetRows()) CheckTargetMix(plan, check);
}

}  // namespace gosplan::verify
