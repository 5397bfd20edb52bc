// The duality check of include/gosplan/verify.h: signs of the published prices, the Lagrangian
// bound
//   D = Σ_k y_k·rhs_k + Σ_j max_{l_j ≤ x_j ≤ u_j} d_j·x_j,   d_j = c_j − Σ_k a_kj·y_k,
// rebuilt from them row family by row family and column family by column family, and |P − D|.
#include <algorithm>
#include <cmath>

#include "verify/verify_internal.h"

namespace gosplan::verify {
namespace {

// The published prices as the duals of the plan LP's rows (absent read as 0; target-mix and quota
// rows the plan does not have read as 0).
struct Prices {
  const PlanUnderCheck& plan;
  bool plan_ray = false;
  bool quotas = false;

  static double Price(const std::vector<double>& prices, Index slot) {
    if (prices.empty()) return 0.0;
    const double value = prices[slot];
    return IsAbsent(value) ? 0.0 : value;
  }
  // balance[i,g,t] (region g; 0 without regions).
  double Balance(Index i, Index g, int t) const { return BalancePrice(plan, i, g, t); }
  double Balance(Index i, int t) const { return Balance(i, 0, t); }
  Index RegionOf(Index enterprise) const {
    return plan.s.enterprise_region[static_cast<std::size_t>(enterprise)];
  }
  double Resource(Index r, int t) const {
    return Price(plan.docs.resource_price, r * plan.T() + t - 1);
  }
  double Capital(Index k, int t) const {
    return Price(plan.docs.capital_price, k * plan.T() + t - 1);
  }
  double Installed(Index k, int t) const {
    return Price(plan.docs.installed_price, k * plan.T() + t - 1);
  }
  double Target(Index i, int t) const {
    const Index slot = i * plan.T() + t - 1;
    return plan_ray && plan.s.target_mix[slot] > 0 ? Price(plan.docs.target_price, slot) : 0.0;
  }
  double QuotaPrice(std::size_t q) const {
    return quotas ? Price(plan.docs.quota_price, static_cast<Index>(q)) : 0.0;
  }
  // terminal[k,j] (terminal condition "growth" only; 0 otherwise).
  double Terminal(Index k, int step) const {
    if (plan.model.settings.terminal != TerminalCondition::kGrowth) return 0.0;
    return Price(plan.docs.terminal_price, plan.s.terminal_start[k] + step - 1);
  }
  double Growth() const { return plan.s.terminal_growth_rate; }
};

// One column's reduced profit, accumulated term by term.
struct Column {
  double profit = 0.0;     // d_j = c_j − Σ_k a_kj·y_k (maximisation form)
  double magnitude = 0.0;  // Σ |terms| of d_j, for the tolerance
  int terms = 0;
  void Add(double term) {
    profit += term;
    magnitude = std::max(magnitude, std::abs(term));
    ++terms;
  }
};

// The Lagrangian bound D, accumulated in a fixed order (right-hand sides, then the columns).
struct DualBound {
  Checker& check;
  double value = 0.0;

  // A column's best value over its bounds at reduced profit d.
  template <typename Describe>
  void Bound(const Column& column, double lower, double upper, Describe describe) {
    if (column.profit > 0) {
      if (std::isfinite(upper)) {
        value += column.profit * upper;
        return;
      }
      // Dual infeasible unless within tolerance: the Lagrangian would be unbounded in this column.
      check.Check(column.profit, column.magnitude, column.terms, "reduced cost", [&](double by) {
        return fmt::format(
            "{} earns {} per unit above its costs at the published prices but is unbounded above "
            "(dual infeasible, by {})",
            describe(), Num(column.profit), By(by));
      });
    } else {
      // Every column of the plan LP has a finite lower bound (≥ 0 or a floor).
      ++check.report().checks;
    }
    value += column.profit * lower;
  }
};

template <typename Describe>
void PriceSign(Checker& check, double price, Describe describe) {
  check.Check(-price, std::abs(price), 1, "price sign", [&](double) {
    return fmt::format(
        "shadow price of {} is {} < 0 (an inequality's price is the objective gained per unit of "
        "relaxation, never negative)",
        describe(), Num(price));
  });
}

// Signs of the inequality duals; duals of rows the plan LP does not have must be 0.
void CheckPriceSigns(const PlanUnderCheck& plan, const Prices& y, Checker& check) {
  const Structure& s = plan.s;
  const Model& model = plan.model;
  const int T = plan.T();
  for (Index i = 0; i < s.products; ++i) {
    for (int t = 1; t <= T; ++t) {
      PriceSign(check, y.Balance(i, t),
                [&] { return fmt::format("{} in {}", plan.ProductName(i), plan.Year(t)); });
      const double target_price = Prices::Price(plan.docs.target_price, i * T + t - 1);
      if (y.plan_ray && s.target_mix[i * T + t - 1] > 0) {
        PriceSign(check, target_price, [&] {
          return fmt::format("the target mix of {} in {}", plan.ProductName(i), plan.Year(t));
        });
      } else {
        check.Check(std::abs(target_price), 0.0, 1, "prices.csv", [&](double) {
          return fmt::format(
              "a target_mix price {} for {} in {}, which has no target-mix row in this plan",
              Num(target_price), plan.ProductName(i), plan.Year(t));
        });
      }
    }
  }
  for (Index r = 0; r < s.resources; ++r) {
    for (int t = 1; t <= T; ++t) {
      PriceSign(check, y.Resource(r, t),
                [&] { return fmt::format("{} in {}", model.resources[r].name, plan.Year(t)); });
    }
  }
  for (std::size_t k = 0; k < s.accounts.size(); ++k) {
    for (int t = 1; t <= T; ++t) {
      PriceSign(check, y.Capital(k, t),
                [&] { return fmt::format("capital {} in {}", plan.AccountName(k), plan.Year(t)); });
    }
  }
  for (Index slot = 0; slot < s.terminal_rows; ++slot) {
    const double price = Prices::Price(plan.docs.terminal_price, slot);
    if (model.settings.terminal == TerminalCondition::kGrowth) {
      PriceSign(check, price, [&] { return std::string("a terminal growth row"); });
    } else {
      check.Check(std::abs(price), 0.0, 1, "prices.csv", [&](double) {
        return fmt::format("a terminal price {}, but this model has no terminal growth rows",
                           Num(price));
      });
    }
  }
  for (std::size_t q = 0; q < model.quotas.size(); ++q) {
    const double price = Prices::Price(plan.docs.quota_price, static_cast<Index>(q));
    if (y.quotas) {
      PriceSign(check, price, [&] { return fmt::format("quota {}", model.quotas[q].id); });
    } else {
      check.Check(std::abs(price), 0.0, 1, "prices.csv", [&](double) {
        return fmt::format("a price {} for quota {}, which is not a constraint of this plan",
                           Num(price), model.quotas[q].id);
      });
    }
  }
}

// Σ_k y_k·rhs_k: balance (year 1 carries the initial stock), resources, stock (year 1, and every
// year construction in progress arrives), quotas. An unlimited resource must have price 0.
void AddRightHandSides(const PlanUnderCheck& plan, const Prices& y, DualBound& dual) {
  const Structure& s = plan.s;
  const Model& model = plan.model;
  const int T = plan.T();
  for (Index i = 0; i < s.products; ++i) {
    const Product& product = model.products[i];
    if (product.storable) {
      dual.value += y.Balance(i, 1) * (1.0 - product.storage_loss) * product.initial_stock;
    }
    for (Index g = 0; g < s.regions; ++g) {
      for (int t = 1; t <= T; ++t) {  // outlays owed for construction in progress
        dual.value -=
            y.Balance(i, g, t) *
            s.regional_owed_outlay[static_cast<std::size_t>((i * s.regions + g) * T + t - 1)];
      }
    }
  }
  for (Index r = 0; r < s.resources; ++r) {
    for (int t = 1; t <= T; ++t) {
      const double available = model.Availability(r, t);
      const double u = y.Resource(r, t);
      if (std::isfinite(available)) {
        dual.value += u * available;
      } else {
        dual.check.Check(std::abs(u), 0.0, 1, "price sign", [&](double) {
          return fmt::format("{} in {} is unlimited but has shadow price {}",
                             model.resources[r].name, plan.Year(t), Num(u));
        });
      }
    }
  }
  for (std::size_t k = 0; k < s.accounts.size(); ++k) {
    dual.value += y.Installed(k, 1) * (1.0 - s.accounts[k].depreciation) * s.accounts[k].initial;
    for (int t = 1; t <= T; ++t) dual.value += y.Installed(k, t) * s.accounts[k].Arriving(t);
  }
  for (const auto& [product_year, quotas_there] : plan.quotas_on) {
    for (std::size_t q : quotas_there) dual.value -= y.QuotaPrice(q) * model.quotas[q].quantity;
  }
}

// Activities z[e,p,t]: objective, outputs into balances and quotas, inputs, resources, capital.
void BoundActivities(const PlanUnderCheck& plan, const Prices& y, DualBound& dual) {
  const Structure& s = plan.s;
  const Model& model = plan.model;
  const int T = plan.T();
  const double min_resources = plan.summary.objective == ObjectiveKind::kMinResources ? 1.0 : 0.0;
  const double priority = plan.summary.objective == ObjectiveKind::kPriorityOutput ? 1.0 : 0.0;
  for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
    const EnterpriseTechnique& et = model.enterprise_techniques[n];
    const Index p = et.technique;
    const Index g = y.RegionOf(et.enterprise);
    for (int t = 1; t <= T; ++t) {
      Column column;
      for (const Entry& o : s.outputs[p]) {
        column.Add(priority * model.products[o.item].priority_weight * o.value);
        column.Add(o.value * y.Balance(o.item, g, t));
        if (auto it = plan.quotas_on.find({o.item, t}); it != plan.quotas_on.end()) {
          for (std::size_t q : it->second) {
            const Quota& quota = model.quotas[q];
            if (quota.enterprise < 0 || quota.enterprise == et.enterprise) {
              column.Add(o.value * y.QuotaPrice(q));
            }
          }
        }
      }
      for (const Entry& in : s.inputs[p]) column.Add(-in.value * y.Balance(in.item, g, t));
      for (const Entry& u : s.resource_use[p]) {
        column.Add(-min_resources * model.resources[u.item].weight * u.value);
        column.Add(-u.value * y.Resource(u.item, t));
      }
      for (const Entry& b : s.capital[p]) {
        const Index k = s.account_of.at({et.enterprise, b.item});
        column.Add(-b.value * y.Capital(k, t));
        if (t < T) continue;
        for (int j = 1; j <= s.accounts[k].lag; ++j) {
          column.Add(-std::pow(1.0 + y.Growth(), j) * b.value * y.Terminal(k, j));
        }
      }
      dual.Bound(column, et.min_activity, et.max_activity, [&] {
        return fmt::format("the activity of {} in {}", plan.EnterpriseTechniqueName(n),
                           plan.Year(t));
      });
    }
  }
}

// Accumulation a[e,i,t] and usable stock K[e,i,t] (K[T] ≥ K[0] under the terminal condition).
void BoundAccounts(const PlanUnderCheck& plan, const Prices& y, DualBound& dual) {
  const int T = plan.T();
  for (std::size_t k = 0; k < plan.s.accounts.size(); ++k) {
    const StockAccount& account = plan.s.accounts[k];
    for (int t = 1; t <= T; ++t) {
      Column accumulation;
      for (std::size_t o = 0; o < account.outlay.size(); ++o) {  // σ[o] from year t + o
        const int paid = t + static_cast<int>(o);
        if (paid <= T) {
          accumulation.Add(-account.outlay[o] *
                           y.Balance(account.product, y.RegionOf(account.enterprise), paid));
        }
      }
      if (t + account.lag <= T) accumulation.Add(y.Installed(k, t + account.lag));
      // Usable in post-terminal year T + m (m = t + L − T): it counts in terminal[k,j], j ≥ m.
      for (int j = std::max(1, t + account.lag - T); j <= account.lag && t + account.lag > T; ++j) {
        accumulation.Add(std::pow(1.0 - account.depreciation, j - (t + account.lag - T)) *
                         y.Terminal(k, j));
      }
      dual.Bound(accumulation, 0.0, kUnbounded, [&] {
        return fmt::format("investment into {} in {}", plan.AccountName(k), plan.Year(t));
      });
      Column stock;
      stock.Add(y.Capital(k, t));
      stock.Add(-y.Installed(k, t));
      if (t < T) stock.Add((1.0 - account.depreciation) * y.Installed(k, t + 1));
      for (int j = 1; t == T && j <= account.lag; ++j) {
        stock.Add(std::pow(1.0 - account.depreciation, j) * y.Terminal(k, j));
      }
      const double lower = t == T && plan.model.settings.terminal == TerminalCondition::kKeepCapital
                               ? account.initial
                               : 0.0;
      dual.Bound(stock, lower, kUnbounded, [&] {
        return fmt::format("the stock of {} in {}", plan.AccountName(k), plan.Year(t));
      });
    }
  }
}

// Carried stocks s[i,t] of storable products.
void BoundCarriedStocks(const PlanUnderCheck& plan, const Prices& y, DualBound& dual) {
  const int T = plan.T();
  for (Index i = 0; i < plan.s.products; ++i) {
    const Product& product = plan.model.products[i];
    if (!product.storable) continue;
    for (Index g = 0; g < plan.s.regions; ++g) {  // carried within each region
      for (int t = 1; t <= T; ++t) {
        Column carry;
        carry.Add(-y.Balance(i, g, t));
        if (t < T) carry.Add((1.0 - product.storage_loss) * y.Balance(i, g, t + 1));
        dual.Bound(carry, 0.0, kUnbounded, [&] {
          return fmt::format("the stock of {} carried out of {}", plan.ProductName(i),
                             plan.Year(t));
        });
      }
    }
  }
}

// Final use f[c,i,t] ≥ F. Under the harmony objective a product and year with a target τ > 0
// counts once, with its total final use x = Σ_c f ≥ Σ_c F: sup_x w_t·Ĥ(x/τ − 1) − (y − target)·x
// (HarmonySupremum), the harmony term h[i,t] and its cut rows maximised out of the Lagrangian.
void BoundFinalUse(const PlanUnderCheck& plan, const Prices& y, DualBound& dual) {
  const Structure& s = plan.s;
  const int T = plan.T();
  const bool harmony = plan.summary.objective == ObjectiveKind::kHarmony;
  auto has_harmony = [&](Index i, int t) { return harmony && s.target_mix[i * T + t - 1] > 0; };
  for (Index i = 0; i < s.products; ++i) {
    for (int t = 1; t <= T; ++t) {
      if (!has_harmony(i, t)) continue;
      double least = 0.0;
      for (Index c = 0; c < s.categories; ++c) {
        if (s.has_final[s.FinalSlot(c, i, t)]) least += s.floor[s.FinalSlot(c, i, t)];
      }
      // Each unit of final use costs its balance price and earns its target-mix price (a
      // fulfilment floor's rows), alike in every category.
      const double bound = HarmonySupremum(s.year_weight[t - 1], s.target_mix[i * T + t - 1],
                                           y.Balance(i, t) - y.Target(i, t), least);
      ++dual.check.report().checks;
      dual.value += bound;
    }
  }
  if (s.regions > 1) {  // one column per final_demand row, in its region
    for (const FinalDemand& fd : plan.model.final_demand) {
      if (has_harmony(fd.product, fd.year)) continue;
      Column final_use;
      final_use.Add(-y.Balance(fd.product, fd.region < 0 ? 0 : fd.region, fd.year));
      final_use.Add(y.Target(fd.product, fd.year));
      dual.Bound(final_use, fd.floor, kUnbounded, [&] {
        return fmt::format("{} of {} in {} in region {}",
                           plan.model.final_demand_categories[fd.category],
                           plan.ProductName(fd.product), plan.Year(fd.year),
                           plan.model.regions[fd.region < 0 ? 0 : fd.region].name);
      });
    }
    return;
  }
  for (Index c = 0; c < s.categories; ++c) {
    for (Index i = 0; i < s.products; ++i) {
      for (int t = 1; t <= plan.T(); ++t) {
        const Index slot = s.FinalSlot(c, i, t);
        if (!s.has_final[slot] || has_harmony(i, t)) continue;
        Column final_use;
        final_use.Add(-y.Balance(i, t));
        final_use.Add(y.Target(i, t));
        dual.Bound(final_use, s.floor[slot], kUnbounded, [&] {
          return fmt::format("{} of {} in {}", plan.model.final_demand_categories[c],
                             plan.ProductName(i), plan.Year(t));
        });
      }
    }
  }
}

// Fulfilment λ[t] ≥ the fulfilment floor (held at 0 in a year without a target mix).
void BoundFulfilment(const PlanUnderCheck& plan, const Prices& y, DualBound& dual) {
  const Structure& s = plan.s;
  const int T = plan.T();
  for (int t = 1; t <= T; ++t) {
    Column fulfilment;  // weight w_t under the plan ray; 0 when λ only carries a floor
    fulfilment.Add(plan.summary.objective == ObjectiveKind::kPlanRay ? s.year_weight[t - 1] : 0.0);
    bool has_targets = false;
    for (Index i = 0; i < s.products; ++i) {
      const double mix = s.target_mix[i * T + t - 1];
      if (mix <= 0) continue;
      has_targets = true;
      fulfilment.Add(-mix * y.Target(i, t));
    }
    dual.Bound(fulfilment, has_targets ? plan.summary.fulfilment_floor : 0.0,
               has_targets ? kUnbounded : 0.0,
               [&] { return fmt::format("the fulfilment of {}", plan.Year(t)); });
  }
}

}  // namespace

void CheckDuality(const PlanUnderCheck& plan, double primal, Checker& check) {
  VerifyReport& report = check.report();
  report.duality_checked = true;
  const Prices y{plan, plan.summary.HasTargetRows(), plan.summary.quotas_as_constraints};
  CheckPriceSigns(plan, y, check);

  DualBound dual{check};
  AddRightHandSides(plan, y, dual);
  BoundActivities(plan, y, dual);
  BoundAccounts(plan, y, dual);
  BoundCarriedStocks(plan, y, dual);
  BoundFinalUse(plan, y, dual);
  if (y.plan_ray) BoundFulfilment(plan, y, dual);
  dual.value += TradeDualBound(plan, check);    // foreign trade (trade.cc)
  dual.value += RegionsDualBound(plan, check);  // transport (regions.cc)

  report.dual_objective = Sense(plan.summary.objective) * dual.value;
  const double gap = std::abs(dual.value - primal);
  report.duality_gap = gap / (1.0 + std::abs(primal));
  check.Check(gap, 1.0 + std::abs(primal), 0, "duality gap", [&](double) {
    return fmt::format(
        "the plan's objective {} and the bound {} from the published prices differ by {} "
        "(relative {}): the prices do not prove the plan optimal",
        Num(report.primal_objective), Num(report.dual_objective), By(gap), By(report.duality_gap));
  });
}

}  // namespace gosplan::verify
