// Import and export quotas in step 4 of CheckQuotas (check_steps.h): the trade ceiling (a cap of
// world_prices.csv makes a quota above it `never`) and the earliest year, searched within the
// years that have world prices. Mathematics: docs/check.md, "Import and export quotas".
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "check/check_steps.h"
#include "model/quota_kind.h"

namespace gosplan::check {

bool MarkAboveTradeCeiling(const Model& model, const Quota& quota, double tolerance,
                           QuotaCheck& check) {
  const bool imports = quota.kind == QuotaKind::kImport;
  // The most that can flow in the quota's year or any later one: the largest cap among the years
  // the product can be traded that way (unlimited when one of them has no cap).
  double ceiling = 0.0;
  std::vector<std::string> caps;
  for (const WorldPrice& price : model.world_prices) {
    if (price.product != quota.product || price.year < quota.year) continue;
    if (!(imports ? price.Importable() : price.Exportable())) continue;
    const double cap = imports ? price.max_import : price.max_export;
    if (cap >= kUnbounded) return false;
    ceiling = std::max(ceiling, cap);
    const Product& product = model.products[static_cast<std::size_t>(quota.product)];
    caps.push_back(fmt::format("the {} cap on {}: at most {:.6g} {} in {} (world_prices.csv {})",
                               imports ? "import" : "export", product.name, cap, product.unit,
                               model.CalendarYear(price.year),
                               imports ? "max_import" : "max_export"));
  }
  if (Met(quota.quantity - ceiling, quota.quantity, tolerance)) return false;
  check.never = true;
  check.earliest_year = 0;
  check.limited_by = std::move(caps);
  return true;
}

namespace {

// Can `quota` be reached in plan year quota.year + d of `economy` (the model without quotas)? A
// warm primal solve of max flow in that year.
Reach TryTradeDelay(ElasticProgram& economy, const Quota& quota, int d, const CheckOptions& options,
                    const Budget& budget) {
  Reach reach;
  const auto terms = economy.QuotaTerms(quota, quota.year + d);
  if (terms.empty()) {  // not tradable that year: nothing flows, no solve needed
    reach.solved = true;
    reach.reachable = Met(quota.quantity, quota.quantity, options.tolerance);
    return reach;
  }
  economy.UseTermsObjective(terms);
  const LpStatus status = budget.Resolve(economy.session(), lp::ClpSession::Method::kPrimal);
  reach.solved = status == LpStatus::kOptimal || status == LpStatus::kUnbounded;
  reach.reachable = status == LpStatus::kUnbounded ||
                    (status == LpStatus::kOptimal &&
                     Met(quota.quantity - economy.Value(terms), quota.quantity, options.tolerance));
  if (status == LpStatus::kOptimal && !reach.reachable) {
    reach.limited_by = economy.Binding(4, /*trade_first=*/true);
  }
  return reach;
}

}  // namespace

Status DelayTradeQuotas(const Model& model, const CheckOptions& options, const Budget& budget,
                        const std::vector<std::size_t>& pending, CheckReport& report, int& solves,
                        std::int64_t& iterations, int& max_delay_needed, bool& all_possible) {
  if (pending.empty()) return Status::Ok();
  Log(options, fmt::format("earliest year: {} import/export quota(s) within the world-price years",
                           pending.size()));
  Model economy_model = model;
  economy_model.quotas.clear();
  auto built = ElasticProgram::Build(economy_model);
  if (!built.ok()) return built.status();
  ElasticProgram& economy = *built.value();
  economy.UseZeroObjective();
  const LpStatus base =
      budget.SolveFromScratch(economy.session(), LpSolveOptions::Algorithm::kDualSimplex);
  for (std::size_t q : pending) {
    QuotaCheck& check = report.quotas[q];
    const Quota& quota = model.quotas[q];
    if (base != LpStatus::kOptimal) {
      RecordEconomyNotSolved(base, check, report, all_possible);
      continue;
    }
    const int max_delay = std::min(options.max_years, model.horizon() - quota.year);
    Reach last;
    const int delay = SmallestDelay(
        1, max_delay, [&](int d) { return TryTradeDelay(economy, quota, d, options, budget); },
        last);
    if (!RecordDelay(model, quota, delay, check, report, max_delay_needed, all_possible)) {
      check.earliest_year = 0;  // not by the last world-price year
      if (check.limited_by.empty()) check.limited_by = last.limited_by;
      all_possible = false;
    }
  }
  solves += economy.session().solves();
  iterations += economy.session().iterations();
  return Status::Ok();
}

}  // namespace gosplan::check
