// The plan's primal point recovered from its documents (see include/gosplan/verify.h), with the
// checks that the documents agree with themselves on the way.
#include <algorithm>
#include <cmath>

#include "verify/verify_internal.h"

namespace gosplan::verify {
namespace {

// z from targets.csv: quantity / out, the same for every output of the technique.
void RecoverActivities(PlanUnderCheck& plan, Checker& check) {
  const Model& model = plan.model;
  const int T = plan.T();
  Primal& x = plan.x;
  x.activity.assign(model.enterprise_techniques.size() * T, 0.0);
  std::vector<char> known(x.activity.size(), 0);
  std::vector<std::pair<Index, double>> first(x.activity.size(), {-1, 0.0});  // (product, quantity)
  for (const TargetRow& row : plan.docs.targets) {
    const Index p = model.enterprise_techniques[row.enterprise_technique].technique;
    double out = 0.0;
    for (const Entry& o : plan.s.outputs[p]) {
      if (o.item == row.product) out = o.value;
    }
    const Index slot = row.enterprise_technique * T + row.year - 1;
    if (!known[slot]) {
      known[slot] = 1;
      x.activity[slot] = row.quantity / out;
      first[slot] = {row.product, row.quantity};
      continue;
    }
    const double z = x.activity[slot];
    check.Same(row.quantity, out * z, 2, "activity", [&](double by) {
      return fmt::format(
          "{} {}: output of {} is {} but its {} output {} means activity {}, i.e. {} (off by {})",
          plan.EnterpriseTechniqueName(row.enterprise_technique), plan.Year(row.year),
          plan.ProductName(row.product), Num(row.quantity), plan.ProductName(first[slot].first),
          Num(first[slot].second), Num(z), Num(out * z), By(by));
    });
  }
}

// a from investment.csv; K[t] = (1 − d)·K[t − 1] + a[t − L] + cip[t], K[0] = initial stock,
// cip = construction in progress; Σ_p b·z per account.
void RecoverInvestmentAndStocks(PlanUnderCheck& plan, Checker& check) {
  const Model& model = plan.model;
  const Structure& s = plan.s;
  const int T = plan.T();
  Primal& x = plan.x;
  const std::size_t slots = s.accounts.size() * static_cast<std::size_t>(T);
  x.accumulation.assign(slots, 0.0);
  for (const InvestmentRow& row : plan.docs.investments) {
    const StockAccount& account = s.accounts[row.account];
    x.accumulation[row.account * T + row.year_started - 1] = row.quantity;
    check.Check(-row.quantity, row.quantity, 1, "investment", [&](double by) {
      return fmt::format("{} {}: negative investment {}", plan.AccountName(row.account),
                         plan.Year(row.year_started), Num(row.quantity));
    });
    check.Check(std::abs(row.year_usable - (row.year_started + account.lag)), 0.0, 1, "investment",
                [&](double) {
                  return fmt::format(
                      "{} {}: usable from {} but the construction lag of {} is {} year(s), so {}",
                      plan.AccountName(row.account), plan.Year(row.year_started),
                      plan.Year(row.year_usable), model.enterprises[account.enterprise].name,
                      account.lag, plan.Year(row.year_started + account.lag));
                });
  }
  x.stock.assign(slots, 0.0);
  for (std::size_t k = 0; k < s.accounts.size(); ++k) {
    const StockAccount& account = s.accounts[k];
    double previous = account.initial;
    for (int t = 1; t <= T; ++t) {
      const int started = t - account.lag;
      const double arriving = started >= 1 ? x.accumulation[k * T + started - 1] : 0.0;
      previous = (1.0 - account.depreciation) * previous + arriving + account.Arriving(t);
      x.stock[k * T + t - 1] = previous;
    }
  }
  x.used.assign(slots, 0.0);
  for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
    const EnterpriseTechnique& et = model.enterprise_techniques[n];
    for (const Entry& b : s.capital[et.technique]) {
      const Index k = s.account_of.at({et.enterprise, b.item});
      for (int t = 1; t <= T; ++t) x.used[k * T + t - 1] += b.value * x.activity[n * T + t - 1];
    }
  }
}

// Production, intermediate use, accumulation and resource use from z and a; s, f from balances.csv;
// λ from summary.json.
void RecoverFlows(PlanUnderCheck& plan) {
  const Model& model = plan.model;
  const Structure& s = plan.s;
  const int T = plan.T();
  Primal& x = plan.x;
  const std::size_t product_slots = static_cast<std::size_t>(s.products * T);
  x.production.assign(product_slots, 0.0);
  x.intermediate.assign(product_slots, 0.0);
  x.accumulated.assign(product_slots, 0.0);
  x.resource_use.assign(static_cast<std::size_t>(s.resources * T), 0.0);
  for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
    const Index p = model.enterprise_techniques[n].technique;
    for (int t = 1; t <= T; ++t) {
      const double z = x.activity[n * T + t - 1];
      for (const Entry& o : s.outputs[p]) x.production[o.item * T + t - 1] += o.value * z;
      for (const Entry& in : s.inputs[p]) x.intermediate[in.item * T + t - 1] += in.value * z;
      for (const Entry& u : s.resource_use[p]) x.resource_use[u.item * T + t - 1] += u.value * z;
    }
  }
  // Year t's accumulation: the outlays paid that year, σ[o]·a[t − o] (outlay profiles), plus the
  // outlays still owed for construction in progress.
  for (std::size_t k = 0; k < s.accounts.size(); ++k) {
    const StockAccount& account = s.accounts[k];
    for (int t = 1; t <= T; ++t) {
      for (std::size_t o = 0; o < account.outlay.size(); ++o) {
        const int paid = t + static_cast<int>(o);
        if (paid > T) break;
        x.accumulated[account.product * T + paid - 1] +=
            account.outlay[o] * x.accumulation[k * T + t - 1];
      }
    }
  }
  for (std::size_t slot = 0; slot < s.owed_outlay.size(); ++slot) {
    x.accumulated[slot] += s.owed_outlay[slot];
  }
  x.carry.assign(product_slots, 0.0);
  x.final_use.assign(s.floor.size(), 0.0);
  for (Index i = 0; i < s.products; ++i) {
    for (int t = 1; t <= T; ++t) {
      const BalanceRow& row = plan.docs.balances[i * T + t - 1];
      x.carry[i * T + t - 1] = row.stock_out;
      for (Index c = 0; c < s.categories; ++c) x.final_use[s.FinalSlot(c, i, t)] = row.final_use[c];
    }
  }
  if (plan.summary.HasTargetRows()) {
    x.fulfilment.assign(static_cast<std::size_t>(T), 0.0);
    for (const auto& [year, lambda] : plan.summary.fulfilment) {
      x.fulfilment[year - model.settings.base_year - 1] = lambda;
    }
  }
}

// Quotas that count product i's output in plan year t, and each quota's output in the plan.
void IndexQuotas(PlanUnderCheck& plan) {
  const Model& model = plan.model;
  const int T = plan.T();
  for (std::size_t q = 0; q < model.quotas.size(); ++q) {
    const Quota& quota = model.quotas[q];
    if (quota.year >= 1 && quota.year <= T && quota.kind == QuotaKind::kOutput) {
      plan.quotas_on[{quota.product, quota.year}].push_back(q);
    }
  }
  plan.quota_output.assign(model.quotas.size(), 0.0);
  TradeQuotaFlows(plan);  // import and export quotas count trade.csv's flows (trade_quotas.cc)
  if (plan.quotas_on.empty()) return;
  for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
    const EnterpriseTechnique& et = model.enterprise_techniques[n];
    for (int t = 1; t <= T; ++t) {
      for (const Entry& o : plan.s.outputs[et.technique]) {
        auto it = plan.quotas_on.find({o.item, t});
        if (it == plan.quotas_on.end()) continue;
        for (std::size_t q : it->second) {
          const Quota& quota = model.quotas[q];
          if (quota.enterprise < 0 || quota.enterprise == et.enterprise) {
            plan.quota_output[q] += o.value * plan.x.activity[n * T + t - 1];
          }
        }
      }
    }
  }
}

}  // namespace

void RecoverPrimal(PlanUnderCheck& plan, Checker& check) {
  RecoverActivities(plan, check);
  RecoverInvestmentAndStocks(plan, check);
  RecoverFlows(plan);
  IndexQuotas(plan);
}

}  // namespace gosplan::verify
