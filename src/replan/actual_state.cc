// The re-planned model from the actual state (include/gosplan/replan.h has the rule).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "gosplan/horizon.h"
#include "gosplan/replan.h"
#include "model/manifest.h"
#include "plan/plan_program.h"

namespace gosplan {

bool ReplanOptions::IsValid(std::string* error) const {
  auto fail = [&](std::string message) {
    if (error) *error = std::move(message);
    return false;
  };
  if (freeze_years < 0)
    return fail(fmt::format("freeze_years is {}; it must be ≥ 0", freeze_years));
  if (extend_years < 0 || extend_years > model::kMaxHorizon) {
    return fail(fmt::format("extend_years is {}; it must be from 0 to {}", extend_years,
                            model::kMaxHorizon));
  }
  if (!(tolerance >= 0.0)) return fail(fmt::format("tolerance is {}; it must be ≥ 0", tolerance));
  return plan.IsValid(error);
}

namespace {

// Relative difference from the planned supply below which a year's supply counts as at plan.
constexpr double kAtPlan = 1e-9;

// Old plan years 1..f−1 per product: planned and actual production, the supply ratio ρ and the
// actual carried stock (the rule of replan.h).
struct ProductState {
  std::vector<double> ratio;  // [i·(f−1) + t − 1]
  std::vector<double> stock;  // s[i, f−1] per product (storable products; 0 otherwise)
};

ProductState ActualProducts(const Model& model, const Plan& plan,
                            const std::vector<Actual>& actuals, int f) {
  const int T = model.horizon();
  const Index P = static_cast<Index>(model.products.size());
  const int past = f - 1;
  // Planned and actual production per (enterprise, product, year): the targets, replaced where a
  // report names the triple.
  std::map<std::tuple<Index, Index, int>, double> planned;
  for (const ProductionTarget& target : plan.targets) {
    if (target.year <= past)
      planned[{target.enterprise, target.product, target.year}] += target.quantity;
  }
  std::map<std::tuple<Index, Index, int>, double> actual = planned;
  for (const Actual& report : actuals) {
    if (report.year >= 1 && report.year <= past) {
      actual[{report.enterprise, report.product, report.year}] = report.quantity;
    }
  }
  std::vector<double> planned_output(static_cast<std::size_t>(P * std::max(past, 1)), 0.0);
  std::vector<double> actual_output = planned_output;
  for (const auto& [key, quantity] : planned) {
    planned_output[std::get<1>(key) * past + std::get<2>(key) - 1] += quantity;
  }
  for (const auto& [key, quantity] : actual) {
    actual_output[std::get<1>(key) * past + std::get<2>(key) - 1] += quantity;
  }
  // The plan's stock_in and stock_out per (product, year), from its balances.
  std::map<std::pair<Index, int>, const ProductBalance*> balance;
  for (const ProductBalance& row : plan.balances) balance[{row.product, row.year}] = &row;

  ProductState state;
  state.ratio.assign(static_cast<std::size_t>(P * past), 1.0);
  state.stock.assign(static_cast<std::size_t>(P), 0.0);
  for (Index i = 0; i < P; ++i) {
    const Product& product = model.products[i];
    double carried = product.storable ? product.initial_stock : 0.0;  // s[i, t−1], actual
    for (int t = 1; t <= past && t <= T; ++t) {
      const auto it = balance.find({i, t});
      const double planned_in = it != balance.end() ? it->second->stock_in : 0.0;
      const double planned_out = it != balance.end() ? it->second->stock_out : 0.0;
      const double stock_in = product.storable ? (1.0 - product.storage_loss) * carried : 0.0;
      const double supply_planned = planned_output[i * past + t - 1] + planned_in;
      const double supply = actual_output[i * past + t - 1] + stock_in;
      double ratio = 1.0;
      // Within rounding of the plan (the plan's stock_in is read back from balances.csv) is at
      // plan.
      if (supply >= supply_planned * (1.0 - kAtPlan) || supply_planned <= 0.0) {
        carried = planned_out + (product.storable ? supply - supply_planned : 0.0);
      } else {
        ratio = supply / supply_planned;
        carried = ratio * planned_out;
      }
      state.ratio[i * past + t - 1] = ratio;
      carried = std::max(carried, 0.0);
    }
    if (product.storable) state.stock[i] = carried;
  }
  return state;
}

// The currency position at the end of old year `past` (the rule of replan.h): the plan's debt
// D̂[t] and reserves V̂[t], and the currency missing because exports were cut, X[t] = X[t−1] +
// lost[t] + r·max(0, X[t−1] − V̂[t−1]) (interest on the part that had to be borrowed), taken from
// the reserves first and borrowed beyond them.
void CarryCurrency(const Model& model, const Plan& plan, const std::vector<double>& ratio, int past,
                   ActualState& state) {
  const double r = model.settings.interest_rate;
  std::vector<double> lost(static_cast<std::size_t>(past), 0.0);
  for (const TradeFlow& flow : plan.trade) {
    if (flow.year < 1 || flow.year > past || flow.exports <= 0.0) continue;
    const double rho = ratio[flow.product * past + flow.year - 1];
    if (rho >= 1.0) continue;
    for (const WorldPrice& price : model.world_prices) {
      if (price.product == flow.product && price.year == flow.year) {
        lost[static_cast<std::size_t>(flow.year - 1)] +=
            (1.0 - rho) * flow.exports * price.export_price;
      }
    }
  }
  double missing = 0.0;
  double borrowed = 0.0;  // max(0, X[t−1] − V̂[t−1])
  for (int t = 1; t <= past; ++t) {
    const CurrencyYear& account = plan.currency[static_cast<std::size_t>(t - 1)];
    missing += lost[static_cast<std::size_t>(t - 1)] + r * borrowed;
    borrowed = std::max(0.0, missing - account.reserves);
    state.earnings_lost += lost[static_cast<std::size_t>(t - 1)];
  }
  const CurrencyYear& last = plan.currency[static_cast<std::size_t>(past - 1)];
  state.currency_carried = true;
  state.planned_debt = last.debt;
  state.planned_reserves = last.reserves;
  state.reserves = std::max(0.0, last.reserves - missing);
  state.debt = last.debt + borrowed;
}

// The old model's per-year data from plan year f on, as a model of horizon T − f + 1 whose base
// year is B + f − 1 (stocks and construction in progress are set by the caller).
Model ShiftedModel(const Model& model, int f) {
  const int T = model.horizon();
  const int H = T - f + 1;
  const int shift = f - 1;
  Model shifted = model;
  shifted.settings.base_year = model.settings.base_year + shift;
  shifted.settings.horizon = H;
  const std::size_t R = model.resources.size();
  shifted.resource_availability.assign(R * static_cast<std::size_t>(H), 0.0);
  for (std::size_t r = 0; r < R; ++r) {
    for (int t = 1; t <= H; ++t) {
      shifted.resource_availability[r * H + t - 1] =
          model.Availability(static_cast<Index>(r), t + shift);
    }
  }
  shifted.final_demand.clear();
  for (FinalDemand fd : model.final_demand) {
    if (fd.year < f) continue;
    fd.year -= shift;
    shifted.final_demand.push_back(fd);
  }
  // A category whose rows all fell in the past years (grain exports of 1929 only) is kept by one
  // row of floor 0 and target 0 in the first remaining year, which asks for nothing: the re-planned
  // model keeps the old model's categories, in their order, so that its plan compares with the old
  // one column by column and its model folder can be written (a category needs a row there).
  std::vector<bool> has_row(model.final_demand_categories.size(), false);
  for (const FinalDemand& fd : shifted.final_demand)
    has_row[static_cast<std::size_t>(fd.category)] = true;
  for (std::size_t c = 0; c < has_row.size(); ++c) {
    if (has_row[c]) continue;
    // Before the first row of a later category: categories are numbered by first appearance.
    const auto later =
        std::find_if(shifted.final_demand.begin(), shifted.final_demand.end(),
                     [c](const FinalDemand& fd) { return fd.category > static_cast<Index>(c); });
    shifted.final_demand.insert(later, FinalDemand{static_cast<Index>(c), 0, 1, 0.0, 0.0});
  }
  if (static_cast<int>(model.settings.year_weights.size()) == T) {
    shifted.settings.year_weights.assign(model.settings.year_weights.begin() + shift,
                                         model.settings.year_weights.end());
  } else {
    shifted.settings.year_weights.clear();
  }
  shifted.quotas.clear();
  for (Quota quota : model.quotas) {
    if (quota.year < f) continue;
    quota.year -= shift;
    shifted.quotas.push_back(quota);
  }
  shifted.actuals.clear();
  for (Actual actual : model.actuals) {
    if (actual.year < f) continue;
    actual.year -= shift;
    shifted.actuals.push_back(actual);
  }
  // World prices of the remaining years (the debt and reserves reached are set by the caller).
  shifted.world_prices.clear();
  for (WorldPrice price : model.world_prices) {
    if (price.year < f) continue;
    price.year -= shift;
    shifted.world_prices.push_back(price);
  }
  return shifted;
}

}  // namespace

Result<Model> ModelFromActualState(const Model& model, const Plan& plan,
                                   const std::vector<Actual>& actuals, const ReplanOptions& options,
                                   ActualState* state_out) {
  std::string error;
  if (!options.IsValid(&error)) return Status::InvalidArgument("ReplanOptions", error);
  const int T = model.horizon();
  const int B = model.settings.base_year;
  const int f = options.from_year - B;
  if (f < 1 || f > T) {
    return Status::InvalidArgument(
        "ReplanOptions", fmt::format("from_year is {}; it must be a year of the plan, {} to {}",
                                     options.from_year, B + 1, B + T));
  }
  if (!HasPlan(plan.status)) {
    return Status::InvalidArgument(
        "ReplanOptions",
        fmt::format("plan has status {}: no targets to re-plan from (expected an optimal or "
                    "approximate plan)",
                    ToString(plan.status)));
  }
  std::vector<bool> abandoned(model.enterprises.size(), false);
  for (const std::string& id : options.abandon) {
    auto it = model.enterprise_index.find(id);
    if (it == model.enterprise_index.end()) {
      return Status::InvalidArgument(
          "ReplanOptions",
          fmt::format("abandon names '{}', which is no enterprise of the model (expected an id of "
                      "enterprises.csv)",
                      id));
    }
    abandoned[static_cast<std::size_t>(it->second)] = true;
  }

  ActualState state;
  state.from_year = options.from_year;
  state.first_old_year = f;
  state.reported_years = f - 1;
  for (const Actual& actual : actuals) {
    (actual.year < f ? state.actuals_used : state.actuals_ignored) += 1;
  }
  const int past = f - 1;
  const ProductState products = ActualProducts(model, plan, actuals, f);
  state.supply_ratio = products.ratio;

  // Stock accounts as the plan LP has them (depreciation, lag, initial stock, arrivals).
  auto program = plan::BuildPlanProgram(model, options.plan, /*with_names=*/false);
  if (!program.ok()) return program.status();
  const std::vector<plan::StockAccount>& accounts = program.value().stocks;
  const auto& account_of = program.value().stock_index;
  // Actual accumulation per account and started year t < f: the project â[e,i,t] at the scale of
  // its worst-funded outlay year so far, min ρ[i,t+o] over its outlay shares σ[o] > 0 paid before
  // f (ρ[i,t]·â with the default profile, all paid in the start year).
  std::vector<double> accumulation(accounts.size() * static_cast<std::size_t>(std::max(past, 1)),
                                   0.0);
  for (const Investment& investment : plan.investments) {
    if (investment.year_started < 1 || investment.year_started > past) continue;
    auto it = account_of.find({investment.enterprise, investment.product});
    if (it == account_of.end()) continue;
    const std::vector<double>& outlay = accounts[static_cast<std::size_t>(it->second)].outlay;
    double scale = 1.0;
    for (std::size_t o = 0; o < outlay.size(); ++o) {
      const int paid = investment.year_started + static_cast<int>(o);
      if (paid > past || outlay[o] <= 0.0) continue;
      scale = std::min(scale, products.ratio[investment.product * past + paid - 1]);
    }
    accumulation[it->second * past + investment.year_started - 1] += scale * investment.quantity;
  }

  const int H = T - f + 1 + options.extend_years;
  Model replanned = ShiftedModel(model, f);
  replanned.initial_stocks.clear();
  // (enterprise, product, new year usable) -> quantity, in account order.
  std::vector<ConstructionInProgress> in_progress;
  for (std::size_t k = 0; k < accounts.size(); ++k) {
    const plan::StockAccount& account = accounts[k];
    double stock = account.initial;
    for (int t = 1; t <= past; ++t) {
      const int started = t - account.lag;
      stock = (1.0 - account.depreciation) * stock + account.Arriving(t) +
              (started >= 1 ? accumulation[k * past + started - 1] : 0.0);
    }
    if (stock > 0.0)
      replanned.initial_stocks.push_back({account.enterprise, account.product, stock});
    // Arrivals at old years ≥ f: construction started before f, and the model's own construction
    // in progress.
    std::vector<double> arriving(static_cast<std::size_t>(H), 0.0);
    auto arrive = [&](int old_year, double quantity) {  // usable after H: nothing uses it
      const int year = old_year - past;
      if (year >= 1 && year <= H) arriving[static_cast<std::size_t>(year - 1)] += quantity;
    };
    for (int started = 1; started <= past; ++started) {
      if (started + account.lag >= f) {
        arrive(started + account.lag, accumulation[k * past + started - 1]);
      }
    }
    for (int t = f; t <= T; ++t) arrive(t, account.Arriving(t));
    for (int year = 1; year <= H; ++year) {
      const double quantity = arriving[static_cast<std::size_t>(year - 1)];
      if (quantity <= 0.0) continue;
      if (abandoned[static_cast<std::size_t>(account.enterprise)]) {
        state.abandoned.push_back({account.enterprise, account.product, year, quantity});
      } else {
        in_progress.push_back({account.enterprise, account.product, year, quantity});
      }
    }
  }
  replanned.construction_in_progress = std::move(in_progress);
  for (std::size_t i = 0; i < model.products.size(); ++i) {
    replanned.products[i].initial_stock = products.stock[i];
  }
  if (!model.world_prices.empty() && past >= 1 &&
      plan.currency.size() >= static_cast<std::size_t>(past)) {
    CarryCurrency(model, plan, products.ratio, past, state);
    replanned.settings.initial_debt = state.debt;
    replanned.settings.initial_reserves = state.reserves;
  }

  // Frozen targets: the old plan's targets of years f..f+N−1, per enterprise and product, as
  // quotas; they make quotas law, so the old model's quotas that were not law are dropped.
  state.quotas_dropped = model.quotas.size() - replanned.quotas.size();
  const bool law = options.plan.quotas_as_constraints < 0 ? model.settings.quotas_as_constraints
                                                          : options.plan.quotas_as_constraints == 1;
  replanned.settings.quotas_as_constraints = law;
  if (options.freeze_years > 0) {
    if (!law) {
      state.quotas_dropped += replanned.quotas.size();
      replanned.quotas.clear();
    }
    std::map<std::tuple<int, Index, Index>, double> frozen;  // (year, enterprise, product)
    for (const ProductionTarget& target : plan.targets) {
      if (target.year >= f && target.year < f + options.freeze_years && target.quantity > 0.0) {
        frozen[{target.year - past, target.enterprise, target.product}] += target.quantity;
      }
    }
    for (const auto& [key, quantity] : frozen) {
      const auto& [year, enterprise, product] = key;
      Quota quota;
      quota.id = fmt::format("frozen-{}-{}-{}", model.enterprises[enterprise].id,
                             model.products[product].id, options.from_year + year - 1);
      quota.product = product;
      quota.enterprise = enterprise;
      quota.year = year;
      quota.quantity = quantity;
      replanned.quotas.push_back(std::move(quota));
    }
    state.frozen_targets = frozen.size();
    replanned.settings.quotas_as_constraints = true;
  }

  if (options.extend_years > 0) replanned = ResizeHorizon(replanned, H);
  replanned.settings.description =
      fmt::format("{}{}Re-planned from {} with the actuals of {} year(s) (gosplan replan).",
                  model.settings.description, model.settings.description.empty() ? "" : " ",
                  options.from_year, past);
  if (state_out) *state_out = std::move(state);
  return replanned;
}

}  // namespace gosplan
