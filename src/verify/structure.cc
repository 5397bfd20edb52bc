// The plan LP's structure derived from the model alone (include/gosplan/plan.h), never from
// src/plan/.
#include <algorithm>

#include "gosplan/growth.h"
#include "verify/verify_internal.h"

namespace gosplan::verify {

Structure DeriveStructure(const Model& model) {
  Structure s;
  const int T = model.horizon();
  s.years = T;
  s.products = static_cast<Index>(model.products.size());
  s.resources = static_cast<Index>(model.resources.size());
  s.categories = static_cast<Index>(model.final_demand_categories.size());
  const std::size_t techniques = model.techniques.size();
  s.outputs.resize(techniques);
  s.inputs.resize(techniques);
  s.resource_use.resize(techniques);
  s.capital.resize(techniques);
  for (const Coefficient& c : model.outputs) {
    s.outputs[c.technique].push_back({c.item, c.value, 0.0});
  }
  for (const Coefficient& c : model.inputs) s.inputs[c.technique].push_back({c.item, c.value, 0.0});
  for (const Coefficient& c : model.resource_use) {
    s.resource_use[c.technique].push_back({c.item, c.value, 0.0});
  }
  for (const CapitalCoefficient& c : model.capital) {
    s.capital[c.technique].push_back({c.product, c.per_unit_activity, c.depreciation});
  }
  for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
    const EnterpriseTechnique& et = model.enterprise_techniques[n];
    s.enterprise_technique.emplace(std::make_pair(et.enterprise, et.technique),
                                   static_cast<Index>(n));
    for (const Entry& b : s.capital[et.technique]) {
      auto [it, inserted] = s.account_of.emplace(std::make_pair(et.enterprise, b.item),
                                                 static_cast<Index>(s.accounts.size()));
      if (inserted) {
        s.accounts.push_back({et.enterprise,
                              b.item,
                              b.depreciation,
                              model.enterprises[et.enterprise].construction_lag,
                              0.0,
                              {}});
      } else {
        s.accounts[it->second].depreciation =
            std::max(s.accounts[it->second].depreciation, b.depreciation);
      }
    }
  }
  for (const InitialStock& stock : model.initial_stocks) {
    auto it = s.account_of.find({stock.enterprise, stock.product});
    if (it != s.account_of.end()) s.accounts[it->second].initial += stock.quantity;
  }
  for (const ConstructionInProgress& cip : model.construction_in_progress) {
    auto it = s.account_of.find({cip.enterprise, cip.product});
    if (it == s.account_of.end() || cip.year_usable < 1 || cip.year_usable > T) continue;
    std::vector<double>& arriving = s.accounts[it->second].arriving;
    if (arriving.empty()) arriving.assign(static_cast<std::size_t>(T), 0.0);
    arriving[static_cast<std::size_t>(cip.year_usable - 1)] += cip.quantity;
  }
  const std::size_t finals = static_cast<std::size_t>(s.categories * s.products * T);
  s.floor.assign(finals, 0.0);
  s.target.assign(finals, 0.0);
  s.has_final.assign(finals, 0);
  s.target_mix.assign(static_cast<std::size_t>(s.products * T), 0.0);
  for (const FinalDemand& fd : model.final_demand) {
    if (fd.year < 1 || fd.year > T) continue;
    const Index slot = s.FinalSlot(fd.category, fd.product, fd.year);
    s.floor[slot] += fd.floor;
    s.target[slot] += fd.target;
    s.has_final[slot] = 1;
    s.target_mix[fd.product * T + fd.year - 1] += fd.target;
  }
  s.year_weight = model.settings.year_weights;
  if (static_cast<int>(s.year_weight.size()) != T) {
    s.year_weight.assign(static_cast<std::size_t>(T), 1.0);
  }
  s.terminal_start.assign(s.accounts.size(), 0);
  for (std::size_t k = 0; k < s.accounts.size(); ++k) {
    s.terminal_start[k] = s.terminal_rows;
    s.terminal_rows += s.accounts[k].lag;
  }
  if (model.settings.terminal == TerminalCondition::kGrowth) {
    s.terminal_growth_rate = model.settings.terminal_growth_rate;
    if (s.terminal_growth_rate < 0) {
      // The von Neumann rate α − 1 of the closed model with capital, recomputed here.
      auto growth = SolveGrowth(GrowthMatricesFromModel(model, /*with_capital=*/true));
      s.terminal_growth_rate =
          growth.ok() && growth->status == GrowthStatus::kSolved && std::isfinite(growth->alpha)
              ? std::max(0.0, growth->alpha - 1.0)
              : kAbsent;
    }
  }
  return s;
}

}  // namespace gosplan::verify
