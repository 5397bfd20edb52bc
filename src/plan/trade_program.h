// Foreign trade in the plan LP (docs/planning-model.md, "Foreign trade"). With world prices
// (world_prices.csv) the plan may export e[i,t] ≥ 0 of product i in year t at the export price
// pe[i,t] and import m[i,t] ≥ 0 at the import price pm[i,t] (currency units per product unit),
// within the optional caps. The flows enter the product balances (+m − e) and one currency row per
// year:
//
//   currency[t]:  Σ_i pe[i,t]·e[i,t] − Σ_i pm[i,t]·m[i,t] + D[t] − (1 + r)·D[t−1] + V[t−1] − V[t]
//                 ≥ (1 + r)·D0 − V0 (year 1; 0 in later years),  D[0] = V[0] = 0 in the row
//
// D[t] ∈ [0, credit_limit] is the debt outstanding at the end of year t (borrowing is D[t] −
// D[t−1] > 0, repayment with interest r on last year's debt is what exceeds it), D[T] = 0: every
// credit is repaid inside the plan. V[t] ≥ 0 is the currency carried into year t + 1; V0 is
// [trade] initial_reserves and D0 [trade] initial_debt (the debt a re-plan inherits: repaid with
// a year's interest from year 1's balance, or rolled over into D[1]). The row's shadow price π[t] ≥
// 0 is the objective gained per unit of currency in year t; at an import that is made, y[i,t] =
// π[t]·pm[i,t], so y[i,t]/π[t] is the product's domestic valuation in currency units (the plan's
// real exchange rate).
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "plan/plan_program.h"

namespace gosplan::plan {

// Appends the currency rows and the export, import, debt and reserve columns to `program.lp`
// (after every other row and column). Call only for a model with world prices.
void AddTrade(const Model& model, PlanProgram& program, bool with_names);

// Import and export quotas (Quota::kind; docs/planning-model.md, "Quotas"): the entries (quota
// row, 1) that the import (kind kImport) or export (kExport) column of world-price entry `price`
// has in the rows of the quotas made law on that flow — quota[q]: m[i,t] ≥ quantity (e[i,t] ≥
// quantity). Sorted by row; empty when quotas are not law (src/plan/trade_quota_program.cc).
std::vector<std::pair<Index, double>> TradeQuotaEntries(const Model& model,
                                                        const PlanProgram& program,
                                                        const WorldPrice& price, QuotaKind kind);

// The currency row `row` in the model's words with its shortfall `by`; empty when `row` is not a
// currency row.
std::string DescribeCurrencyRow(const Model& model, const PlanProgram& program, Index row,
                                const std::string& by);

// Fills plan.trade and plan.currency from the point `x`, and the imports and exports of
// plan.balances (sized and indexed [i·T + t − 1]). `at_least_row(row)` is the published price of a
// ≥ row (objective gained per unit of relaxation).
void ExtractTrade(const Model& model, const PlanProgram& program, const std::vector<double>& x,
                  const std::function<double(Index)>& at_least_row, Plan& plan);

}  // namespace gosplan::plan
