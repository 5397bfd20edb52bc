// A plan folder read back into a Plan (include/gosplan/plan.h, ReadPlanFolder). The files are read
// by the verifier's strict reader (src/verify/plan_reader.cc), the one place that knows how a plan
// folder is laid out on disk; this file only moves what it read into the Plan struct.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "gosplan/plan.h"
#include "plan/plan_folder_regions.h"
#include "verify/verify_internal.h"

namespace gosplan {

namespace {

double OrZero(double value) { return verify::IsAbsent(value) ? 0.0 : value; }

// Activity z of an enterprise technique in a year from one of its target rows: quantity / out[p,i].
// Every output of a technique gives the same z (targets are out[p,i]·z), so the first found counts.
std::vector<double> Activities(const Model& model, const verify::Structure& s,
                               const verify::PlanDocuments& documents) {
  const int T = s.years;
  std::vector<double> activity(model.enterprise_techniques.size() * static_cast<std::size_t>(T),
                               0.0);
  std::vector<char> known(activity.size(), 0);
  for (const verify::TargetRow& row : documents.targets) {
    const Index technique = model.enterprise_techniques[row.enterprise_technique].technique;
    for (const verify::Entry& output : s.outputs[technique]) {
      if (output.item != row.product || output.value == 0.0) continue;
      const std::size_t slot =
          static_cast<std::size_t>(row.enterprise_technique * T + row.year - 1);
      if (!known[slot]) activity[slot] = row.quantity / output.value;
      known[slot] = 1;
    }
  }
  return activity;
}

}  // namespace

Result<Plan> ReadPlanFolder(const Model& model, const std::string& folder) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(folder)) {
    return Status::InvalidInput(folder, 0, 0, "plan folder not found",
                                "a folder written by gosplan plan");
  }
  const std::string summary_path = (fs::path(folder) / "summary.json").string();
  auto summary = verify::ReadSummary(summary_path);
  if (!summary.ok()) return summary.status();
  if (summary->horizon != model.horizon() || summary->base_year != model.settings.base_year) {
    return Status::InvalidInput(
        summary_path, 0, 0,
        fmt::format("the plan covers {}..{} but the model {}..{}", summary->base_year + 1,
                    summary->base_year + summary->horizon, model.settings.base_year + 1,
                    model.settings.base_year + model.horizon()),
        "the model loaded with the plan's horizon (LoadModelAndPlan)");
  }
  Plan plan;
  auto status = ParsePlanStatus(summary->status);
  if (!status) {
    return Status::InvalidInput(summary_path, 0, 0,
                                fmt::format("unknown status \"{}\"", summary->status),
                                "optimal, approximate, infeasible, unbounded, ...");
  }
  plan.status = *status;
  plan.objective_kind = summary->objective;
  plan.objective = OrZero(summary->objective_value);
  plan.quotas_are_law = summary->quotas_as_constraints;
  plan.stated_tolerance = OrZero(summary->stated_tolerance);
  const int T = model.horizon();
  plan.fulfilment_floor = summary->fulfilment_floor;
  if (summary->HasTargetRows() && !summary->fulfilment.empty()) {
    plan.fulfilment.assign(static_cast<std::size_t>(T), 0.0);
    for (const auto& [year, lambda] : summary->fulfilment) {
      const int t = year - model.settings.base_year;
      if (t >= 1 && t <= T) plan.fulfilment[t - 1] = lambda;
    }
  }
  if (!HasPlan(plan.status)) return plan;

  const verify::Structure s = verify::DeriveStructure(model);
  Diagnostics diagnostics;
  const verify::PlanDocuments documents = verify::ReadPlanDocuments(model, s, folder, diagnostics);
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));

  for (const verify::TargetRow& row : documents.targets) {
    const EnterpriseTechnique& et = model.enterprise_techniques[row.enterprise_technique];
    ProductionTarget target;
    target.enterprise = et.enterprise;
    target.technique = et.technique;
    target.product = row.product;
    target.year = row.year;
    target.quantity = row.quantity;
    target.capacity = OrZero(row.capacity);
    target.utilisation = target.capacity > 0 ? target.quantity / target.capacity : 0.0;
    plan.targets.push_back(target);
  }
  for (const verify::InvestmentRow& row : documents.investments) {
    const verify::StockAccount& account = s.accounts[row.account];
    plan.investments.push_back(
        {account.enterprise, account.product, row.year_started, row.year_usable, row.quantity});
  }
  for (Index i = 0; i < s.products; ++i) {
    for (int t = 1; t <= T; ++t) {
      const verify::BalanceRow& row = documents.balances[static_cast<std::size_t>(i * T + t - 1)];
      ProductBalance balance;
      balance.product = i;
      balance.year = t;
      balance.production = row.production;
      balance.intermediate_use = row.intermediate_use;
      balance.accumulation = row.accumulation;
      balance.final_use = row.final_use;
      balance.final_use.resize(static_cast<std::size_t>(s.categories), 0.0);
      balance.stock_in = row.stock_in;
      balance.stock_out = row.stock_out;
      balance.surplus = row.surplus;
      balance.imports = row.imports;
      balance.exports = row.exports;
      plan.balances.push_back(std::move(balance));
    }
  }
  // Foreign trade (trade.csv, currency.csv) of a model with world prices.
  const verify::TradeDocuments& trade = documents.trade;
  for (std::size_t k = 0; k < trade.exports.size(); ++k) {
    const WorldPrice& price = model.world_prices[k];
    plan.trade.push_back({price.product, price.year, trade.exports[k], trade.imports[k]});
  }
  for (std::size_t t = 0; t < trade.debt.size(); ++t) {
    plan.currency.push_back({static_cast<int>(t) + 1, trade.earnings[t], trade.spending[t],
                             trade.debt[t], trade.interest[t], trade.reserves[t],
                             trade.currency_price[t]});
  }
  // Regions (regional_balances.csv, transport.csv): after the copies below, the product prices
  // become the first region's, as SolvePlan gives them.
  auto copy = [](const std::vector<double>& from, std::size_t size) {
    std::vector<double> to(size, 0.0);
    for (std::size_t k = 0; k < std::min(size, from.size()); ++k) to[k] = OrZero(from[k]);
    return to;
  };
  const std::size_t product_slots = static_cast<std::size_t>(s.products * T);
  const std::size_t resource_slots = static_cast<std::size_t>(s.resources * T);
  plan.product_prices = copy(documents.product_price, product_slots);
  plan.target_prices = copy(documents.target_price, product_slots);
  plan.resource_prices = copy(documents.resource_price, resource_slots);
  plan.resource_use = copy(documents.resource_quantity, resource_slots);
  plan.quota_prices = copy(documents.quota_price, model.quotas.size());
  plan::MoveRegionalDocuments(model, documents, plan);  // regional balances, prices, transport

  // Capital accounts: usable and duals from prices.csv; use recomputed from the activities.
  const std::vector<double> activity = Activities(model, s, documents);
  const std::size_t account_slots = s.accounts.size() * static_cast<std::size_t>(T);
  const std::vector<double> usable = copy(documents.capital_quantity, account_slots);
  const std::vector<double> rent = copy(documents.capital_price, account_slots);
  const std::vector<double> installed = copy(documents.installed_price, account_slots);
  std::vector<double> used(account_slots, 0.0);
  for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
    const EnterpriseTechnique& et = model.enterprise_techniques[n];
    for (const verify::Entry& b : s.capital[et.technique]) {
      const Index account = s.account_of.at({et.enterprise, b.item});
      for (int t = 1; t <= T; ++t) {
        used[static_cast<std::size_t>(account * T + t - 1)] +=
            b.value * activity[n * static_cast<std::size_t>(T) + static_cast<std::size_t>(t - 1)];
      }
    }
  }
  for (std::size_t k = 0; k < s.accounts.size(); ++k) {
    for (int t = 1; t <= T; ++t) {
      const std::size_t slot = k * static_cast<std::size_t>(T) + static_cast<std::size_t>(t - 1);
      plan.capital.push_back({s.accounts[k].enterprise, s.accounts[k].product, t, usable[slot],
                              used[slot], rent[slot], installed[slot]});
    }
  }
  // Terminal condition "growth": the rate from summary.json and one row per stock account and
  // post-terminal year T + j (prices.csv kind "terminal"; required recomputed as (1+g)^j·used[T]).
  if (model.settings.terminal == TerminalCondition::kGrowth &&
      !verify::IsAbsent(summary->terminal_growth_rate)) {
    plan.terminal_growth_rate = summary->terminal_growth_rate;
    for (std::size_t k = 0; k < s.accounts.size(); ++k) {
      for (int j = 1; j <= s.accounts[k].lag; ++j) {
        const std::size_t slot = static_cast<std::size_t>(s.terminal_start[k] + j - 1);
        const double used_at_end = used[k * static_cast<std::size_t>(T) + (T - 1)];
        plan.terminal.push_back({s.accounts[k].enterprise, s.accounts[k].product, T + j,
                                 OrZero(documents.terminal_quantity[slot]),
                                 std::pow(1.0 + plan.terminal_growth_rate, j) * used_at_end,
                                 OrZero(documents.terminal_price[slot])});
      }
    }
  }
  return plan;
}

Result<ModelAndPlan> LoadModelAndPlan(const std::string& model_folder,
                                      const std::string& plan_folder, const LoadOptions& options) {
  auto origin = verify::ReadPlanOrigin(model_folder, plan_folder);
  if (!origin.ok()) return origin.status();
  LoadOptions load_options = options;
  load_options.horizon_override = origin->summary.horizon;
  auto model = LoadModel(model_folder, load_options);
  if (!model.ok()) return origin->Explain(model.status());
  auto plan = ReadPlanFolder(model.value(), plan_folder);
  if (!plan.ok()) return origin->Explain(plan.status());
  return ModelAndPlan{std::move(model.value()), std::move(plan.value())};
}

}  // namespace gosplan
