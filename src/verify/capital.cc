// Capital rows Σ b·z ≤ K, terminal capital and prices.csv's capital quantities (see
// include/gosplan/verify.h).
#include <cmath>

#include "verify/verify_internal.h"

namespace gosplan::verify {

namespace {

// Terminal condition "growth" (docs/planning-model.md, "Terminal conditions"): per stock account
// and post-terminal year T + j (j = 1..L), the stock left by the plan with no investment after T,
//   K[T+j] = (1−d)^j·K[T] + Σ_{m=1..j} (1−d)^(j−m)·a[T+m−L]   (a before year 1: none),
// is at least (1+g)^j·Σ_p b·z[T]; prices.csv's terminal quantities are that stock; summary.json's
// rate is g.
void CheckTerminalGrowth(const PlanUnderCheck& plan, Checker& check) {
  if (plan.model.settings.terminal != TerminalCondition::kGrowth) return;
  const int T = plan.T();
  const double g = plan.s.terminal_growth_rate;
  check.Check(std::isnan(g) ? 1.0 : 0.0, 0.0, 1, "terminal growth", [&](double) {
    return std::string(
        "the model asks for the von Neumann rate as terminal growth rate, but none exists "
        "(gosplan growth)");
  });
  if (std::isnan(g)) return;
  const double written = plan.summary.terminal_growth_rate;
  check.Same(IsAbsent(written) ? kUnbounded : written, g, 1, "summary", [&](double) {
    return fmt::format("summary.json's terminal_growth_rate {} differs from the model's rate {}",
                       IsAbsent(written) ? std::string("(missing)") : Num(written), Num(g));
  });
  for (std::size_t k = 0; k < plan.s.accounts.size(); ++k) {
    const StockAccount& account = plan.s.accounts[k];
    const double used = plan.x.used[k * T + T - 1];
    double stock = plan.x.stock[k * T + T - 1];
    double largest = std::abs(stock);
    for (int j = 1; j <= account.lag; ++j) {
      stock *= 1.0 - account.depreciation;
      if (T + j - account.lag >= 1) {
        const double added = plan.x.accumulation[k * T + T + j - account.lag - 1];
        stock += added;
        largest = std::max(largest, std::abs(added));
      }
      const double required = std::pow(1.0 + g, j) * used;
      check.Check(required - stock, std::max({largest, std::abs(stock), std::abs(required)}), 2 + j,
                  "terminal growth", [&](double by) {
                    return fmt::format(
                        "{} {}: stock {} left by the plan falls short of {} = (1 + {})^{} × the {} "
                        "used in {} (by {})",
                        plan.AccountName(k), plan.Year(T + j), Num(stock), Num(required), Num(g), j,
                        Num(used), plan.Year(T), By(by));
                  });
      const Index slot = plan.s.terminal_start[k] + j - 1;
      if (plan.docs.has_prices && !IsAbsent(plan.docs.terminal_quantity[slot])) {
        check.Same(plan.docs.terminal_quantity[slot], stock, 2, "prices.csv", [&](double by) {
          return fmt::format(
              "{} {}: terminal stock {} differs from {} recomputed from investment.csv (by {})",
              plan.AccountName(k), plan.Year(T + j), Num(plan.docs.terminal_quantity[slot]),
              Num(stock), By(by));
        });
      }
    }
  }
}

}  // namespace

void CheckCapital(const PlanUnderCheck& plan, Checker& check) {
  const Model& model = plan.model;
  const PlanDocuments& docs = plan.docs;
  const int T = plan.T();
  for (std::size_t k = 0; k < plan.s.accounts.size(); ++k) {
    const StockAccount& account = plan.s.accounts[k];
    for (int t = 1; t <= T; ++t) {
      const double used = plan.x.used[k * T + t - 1];
      const double usable = plan.x.stock[k * T + t - 1];
      check.Check(
          used - usable, std::max(std::abs(used), std::abs(usable)), 2, "capital", [&](double by) {
            return fmt::format("{} {}: uses {} > usable stock {} (by {})", plan.AccountName(k),
                               plan.Year(t), Num(used), Num(usable), By(by));
          });
      if (docs.has_prices && !IsAbsent(docs.capital_quantity[k * T + t - 1])) {
        const double written = docs.capital_quantity[k * T + t - 1];
        check.Same(written, usable, 2, "prices.csv", [&](double by) {
          return fmt::format(
              "{} {}: usable stock {} of the capital row differs from {} recomputed from the "
              "initial stock and investment.csv (by {})",
              plan.AccountName(k), plan.Year(t), Num(written), Num(usable), By(by));
        });
      }
    }
    if (model.settings.terminal == TerminalCondition::kKeepCapital) {
      const double final_stock = plan.x.stock[k * T + T - 1];
      check.Check(
          account.initial - final_stock, std::max(account.initial, std::abs(final_stock)), 2,
          "terminal capital", [&](double by) {
            return fmt::format(
                "{} {}: stock {} below the initial stock {} (the seed corn is eaten, by {})",
                plan.AccountName(k), plan.Year(T), Num(final_stock), Num(account.initial), By(by));
          });
    }
  }
  CheckTerminalGrowth(plan, check);
  const bool keeps = model.settings.terminal == TerminalCondition::kKeepCapital;
  check.Check(plan.summary.terminal_capital != keeps ? 1.0 : 0.0, 0.0, 1, "summary", [&](double) {
    return fmt::format("summary.json says terminal_capital = {} but the model says {}",
                       plan.summary.terminal_capital, keeps);
  });
  if (!plan.summary.terminal.empty()) {
    check.Check(plan.summary.terminal != ToString(model.settings.terminal) ? 1.0 : 0.0, 0.0, 1,
                "summary", [&](double) {
                  return fmt::format(
                      "summary.json says terminal = \"{}\" but the model says \"{}\"",
                      plan.summary.terminal, ToString(model.settings.terminal));
                });
  }
}

}  // namespace gosplan::verify
