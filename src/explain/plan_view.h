// The plan as `gosplan explain` reads it (src/explain/): the model's coefficient tables per
// technique, the plan's activities z[e,p,t] (target quantity / out[p,i]) and its prices, with
// lookups. With regions (docs/planning-model.md, "Regions and transport") a product's price is
// per region, price[i,g,t] from Plan::regional_balances; Price(i, t, g) reads it, and an
// enterprise's technique is priced at the prices of the enterprise's region (RegionOf).
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "gosplan/regions.h"

namespace gosplan::explain {

// Below this (relative to 1) a flow or price is solver noise, as the plan folder writes it.
constexpr double kTiny = 1e-9;

inline std::string Num(double value) { return fmt::format("{:.6g}", value); }

struct Item {
  Index item = 0;
  double value = 0.0;
};

class PlanView {
 public:
  PlanView(const Model& model, const Plan& plan) : model_(model), plan_(plan), T_(model.horizon()) {
    const std::size_t techniques = model.techniques.size();
    outputs_.resize(techniques);
    inputs_.resize(techniques);
    resource_use_.resize(techniques);
    capital_.resize(techniques);
    for (const Coefficient& c : model.outputs) outputs_[c.technique].push_back({c.item, c.value});
    for (const Coefficient& c : model.inputs) inputs_[c.technique].push_back({c.item, c.value});
    for (const Coefficient& c : model.resource_use) {
      resource_use_[c.technique].push_back({c.item, c.value});
    }
    for (const CapitalCoefficient& c : model.capital) {
      capital_[c.technique].push_back({c.product, c.per_unit_activity});
    }
    for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
      const EnterpriseTechnique& et = model.enterprise_techniques[n];
      listed_.emplace(std::make_pair(et.enterprise, et.technique), static_cast<Index>(n));
    }
    // z = target quantity / out[p,i]; the largest over the technique's outputs (all equal up to
    // rounding in a plan).
    activity_.assign(model.enterprise_techniques.size() * static_cast<std::size_t>(T_), 0.0);
    for (const ProductionTarget& target : plan.targets) {
      auto it = listed_.find({target.enterprise, target.technique});
      if (it == listed_.end() || target.year < 1 || target.year > T_) continue;
      const double out = Output(target.technique, target.product);
      if (out <= 0) continue;
      double& z = activity_[static_cast<std::size_t>(it->second * T_ + target.year - 1)];
      z = std::max(z, target.quantity / out);
    }
    for (std::size_t k = 0; k < plan.capital.size(); ++k) {
      const CapitalAccount& account = plan.capital[k];
      accounts_.emplace(std::make_tuple(account.enterprise, account.product, account.year), k);
    }
    for (std::size_t k = 0; k < plan.terminal.size(); ++k) {
      const TerminalRequirement& row = plan.terminal[k];
      terminal_.emplace(std::make_tuple(row.enterprise, row.product, row.year), k);
    }
    // Regions: only when the plan holds every regional balance (a plan of this model).
    const Index G = RegionCount(model);
    if (!model.regions.empty() &&
        plan.regional_balances.size() ==
            model.products.size() * static_cast<std::size_t>(G) * static_cast<std::size_t>(T_)) {
      regions_ = G;
      enterprise_region_ = EnterpriseRegions(model);
    }
  }

  int T() const { return T_; }
  const Model& model() const { return model_; }
  const Plan& plan() const { return plan_; }
  const std::vector<Item>& Outputs(Index p) const { return outputs_[p]; }
  const std::vector<Item>& Inputs(Index p) const { return inputs_[p]; }
  const std::vector<Item>& ResourceUse(Index p) const { return resource_use_[p]; }
  const std::vector<Item>& Capital(Index p) const { return capital_[p]; }
  double Output(Index p, Index i) const {
    double total = 0.0;
    for (const Item& o : outputs_[p]) total += o.item == i ? o.value : 0.0;
    return total;
  }
  double Input(Index p, Index i) const {
    double total = 0.0;
    for (const Item& in : inputs_[p]) total += in.item == i ? in.value : 0.0;
    return total;
  }
  // -1 when enterprise e does not list technique p.
  Index Listed(Index e, Index p) const {
    auto it = listed_.find({e, p});
    return it == listed_.end() ? -1 : it->second;
  }
  double Activity(Index n, int t) const {
    return activity_[static_cast<std::size_t>(n * T_ + t - 1)];
  }

  // Regions: G (0 when the plan has no regional balances), the region of enterprise e (the first
  // for e = −1; −1 without regions), and the balance of product i in region g and year t.
  Index Regions() const { return regions_; }
  Index RegionOf(Index e) const {
    if (regions_ == 0) return -1;
    if (e < 0 || static_cast<std::size_t>(e) >= enterprise_region_.size()) return 0;
    return std::max<Index>(enterprise_region_[e], 0);
  }
  const RegionalBalance& Regional(Index i, Index g, int t) const {
    return plan_.regional_balances[static_cast<std::size_t>((i * regions_ + g) * T_ + t - 1)];
  }
  // price[i,t] without regions; price[i,g,t] with them (g = −1: the first region's, as
  // Plan::product_prices holds it).
  double Price(Index i, int t, Index g = -1) const {
    if (regions_ > 0 && g >= 0 && g < regions_) return Regional(i, g, t).price;
    return At(plan_.product_prices, i * T_ + t - 1);
  }
  double ResourcePrice(Index r, int t) const { return At(plan_.resource_prices, r * T_ + t - 1); }
  double ResourceUsed(Index r, int t) const { return At(plan_.resource_use, r * T_ + t - 1); }
  double TargetPrice(Index i, int t) const { return At(plan_.target_prices, i * T_ + t - 1); }
  double QuotaPrice(std::size_t q) const { return At(plan_.quota_prices, static_cast<Index>(q)); }
  // π[t], the currency row's dual; NaN without foreign trade.
  double CurrencyPrice(int t) const {
    for (const CurrencyYear& year : plan_.currency) {
      if (year.year == t) return year.price;
    }
    return std::numeric_limits<double>::quiet_NaN();
  }
  // The capital account (e, g) in year t, or null when e holds no stock of g.
  const CapitalAccount* Account(Index e, Index g, int t) const {
    auto it = accounts_.find({e, g, t});
    return it == accounts_.end() ? nullptr : &plan_.capital[it->second];
  }
  const TerminalRequirement* Terminal(Index e, Index g, int year) const {
    auto it = terminal_.find({e, g, year});
    return it == terminal_.end() ? nullptr : &plan_.terminal[it->second];
  }
  int Year(int t) const { return model_.CalendarYear(t); }

 private:
  static double At(const std::vector<double>& values, Index slot) {
    return slot >= 0 && static_cast<std::size_t>(slot) < values.size() ? values[slot] : 0.0;
  }
  const Model& model_;
  const Plan& plan_;
  int T_;
  std::vector<std::vector<Item>> outputs_, inputs_, resource_use_, capital_;
  std::map<std::pair<Index, Index>, Index> listed_;
  std::vector<double> activity_;
  std::map<std::tuple<Index, Index, int>, std::size_t> accounts_, terminal_;
  Index regions_ = 0;
  std::vector<Index> enterprise_region_;
};

// "Magnitogorsk by open-hearth steel" (and the region's name on a regional plan).
inline std::string TechniqueAt(const PlanView& view, Index e, Index p) {
  const Model& model = view.model();
  std::string where = e >= 0 ? model.enterprises[e].name + " by " + model.techniques[p].name
                             : model.techniques[p].name;
  if (view.Regions() > 0) where += " (" + RegionName(model, view.RegionOf(e)) + ")";
  return where;
}

// The region's name in words ("Urals (urals)") for sentences.
inline std::string RegionWords(const Model& model, Index g) {
  return fmt::format("{} ({})", RegionName(model, g), model.regions[g].id);
}

}  // namespace gosplan::explain
