// Product balances, carried stocks and the columns of balances.csv (see include/gosplan/verify.h).
#include <algorithm>
#include <cmath>

#include "verify/verify_internal.h"

namespace gosplan::verify {
namespace {

// balance[i,t] with its carried stocks, and balances.csv's row for (i, t) against the
// recomputation.
void CheckBalance(const PlanUnderCheck& plan, Checker& check, Index i, int t) {
  const Structure& s = plan.s;
  const Primal& x = plan.x;
  const PlanDocuments& docs = plan.docs;
  const Product& product = plan.model.products[i];
  const Index slot = i * plan.T() + t - 1;
  const BalanceRow& row = docs.balances[slot];
  const std::string where = fmt::format("{} ({}) {}", product.name, product.id, plan.Year(t));
  const double production = x.production[slot];
  const double intermediate = x.intermediate[slot];
  const double accumulation = x.accumulated[slot];
  double final_total = 0.0;
  double largest_final = 0.0;
  for (Index c = 0; c < s.categories; ++c) {
    const double f = x.final_use[s.FinalSlot(c, i, t)];
    final_total += f;
    largest_final = std::max(largest_final, std::abs(f));
  }
  const double stock_out = x.carry[slot];
  const double carried = t == 1 ? product.initial_stock : x.carry[slot - 1];
  const double stock_in = product.storable ? (1.0 - product.storage_loss) * carried : 0.0;

  // Carried stocks: only storable products, never negative, stock_in from last year's stock_out.
  check.Check(-stock_out, stock_out, 1, "stock", [&](double) {
    return fmt::format("{}: negative carried stock {}", where, Num(stock_out));
  });
  if (!product.storable) {
    check.Check(std::abs(stock_out), 0.0, 1, "stock", [&](double) {
      return fmt::format("{}: {} carried to next year, but {} is not storable", where,
                         Num(stock_out), product.name);
    });
  }
  check.Same(row.stock_in, stock_in, 2, "stock", [&](double by) {
    return fmt::format(
        "{}: stock_in {} differs from {} carried in ({} after storage loss {}) (by {})", where,
        Num(row.stock_in), t == 1 ? "the initial stock" : "last year's stock_out", Num(stock_in),
        Num(product.storage_loss), By(by));
  });

  // The balance row itself (with foreign trade: imports supply, exports use).
  const double imports = x.imports.empty() ? 0.0 : x.imports[slot];
  const double exports = x.exports.empty() ? 0.0 : x.exports[slot];
  const double supply = production + stock_in + imports;
  const double uses = intermediate + accumulation + final_total + stock_out + exports;
  const double magnitude = std::max({production, stock_in, intermediate, accumulation,
                                     largest_final, std::abs(stock_out), imports, exports});
  const int terms = 4 + static_cast<int>(s.categories) + 1;
  check.Check(uses - supply, magnitude, terms, "balance", [&](double by) {
    return fmt::format(
        "{}: uses {} (intermediate {}, accumulation {}, final {}, carried out {}{}) exceed "
        "production {} + stock carried in {}{} (by {})",
        where, Num(uses), Num(intermediate), Num(accumulation), Num(final_total), Num(stock_out),
        x.exports.empty() ? "" : ", exported " + Num(exports), Num(production), Num(stock_in),
        x.imports.empty() ? "" : " + imports " + Num(imports), By(by));
  });
  // balances.csv must say what the activities and investments say.
  auto document = [&](const char* column, double written, double recomputed, const char* source) {
    check.Same(written, recomputed, terms, "balances.csv", [&](double by) {
      return fmt::format("line {}: {}: {} is {} but the {} give {} (by {})", row.line, where,
                         column, Num(written), source, Num(recomputed), By(by));
    });
  };
  document("production", row.production, production, "activities in targets.csv");
  document("intermediate_use", row.intermediate_use, intermediate, "activities in targets.csv");
  document("accumulation", row.accumulation, accumulation,
           "rows of investment.csv (spread by the outlay profiles)");
  // The surplus is the difference of the other columns, each written to 12 significant digits:
  // its rounding is relative to the largest of them, not to the (often zero) surplus itself.
  check.Check(std::abs(row.surplus - (supply - uses)), std::max(magnitude, std::abs(row.surplus)),
              terms, "balances.csv", [&](double by) {
                return fmt::format(
                    "line {}: {}: surplus is {} but the other columns give {} (by {})", row.line,
                    where, Num(row.surplus), Num(supply - uses), By(by));
              });
  if (docs.has_prices && !IsAbsent(docs.product_quantity[slot])) {
    check.Same(docs.product_quantity[slot], production, terms, "prices.csv", [&](double by) {
      return fmt::format("{}: quantity {} of the product row differs from production {} (by {})",
                         where, Num(docs.product_quantity[slot]), Num(production), By(by));
    });
  }
}

}  // namespace

void CheckBalances(const PlanUnderCheck& plan, Checker& check) {
  for (Index i = 0; i < plan.s.products; ++i) {
    for (int t = 1; t <= plan.T(); ++t) CheckBalance(plan, check, i, t);
  }
}

}  // namespace gosplan::verify
