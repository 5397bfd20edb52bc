// Capital rows Σ b·z ≤ K, terminal capital and prices.csv's capital quantities (see
// include/gosplan/verify.h).
#include <cmath>

#include "verify/verify_internal.h"

namespace gosplan::verify {

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
    if (model.settings.terminal_capital) {
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
  check.Check(plan.summary.terminal_capital != model.settings.terminal_capital ? 1.0 : 0.0, 0.0, 1,
              "summary", [&](double) {
                return fmt::format("summary.json says terminal_capital = {} but the model says {}",
                                   plan.summary.terminal_capital, model.settings.terminal_capital);
              });
}

}  // namespace gosplan::verify
