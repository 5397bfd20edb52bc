// The plan LP's structure derived from the model alone (include/gosplan/plan.h), never from
// src/plan/.
#include <algorithm>

#include "gosplan/growth.h"
#include "verify/verify_internal.h"

namespace gosplan::verify {
namespace {

// σ_e per enterprise, recomputed from outlay_profiles.csv as docs/planning-model.md states it:
// the enterprise's own rows, else the rows of its kind, else share 1 in the start year.
std::vector<double> ProfileOf(const Model& model, Index e) {
  const Enterprise& enterprise = model.enterprises[e];
  std::vector<double> own(static_cast<std::size_t>(enterprise.construction_lag), 0.0);
  std::vector<double> by_kind = own;
  bool has_own = false, has_kind = false;
  for (const OutlayShare& row : model.outlay_shares) {
    if (row.year_offset < 0 || row.year_offset >= enterprise.construction_lag) continue;
    if (row.enterprise == e) {
      own[static_cast<std::size_t>(row.year_offset)] += row.share;
      has_own = true;
    } else if (row.enterprise < 0 && row.enterprise_kind == ToString(enterprise.kind)) {
      by_kind[static_cast<std::size_t>(row.year_offset)] += row.share;
      has_kind = true;
    }
  }
  if (has_own) return own;
  if (has_kind) return by_kind;
  own[0] = 1.0;
  return own;
}

}  // namespace

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
                              {},
                              ProfileOf(model, et.enterprise)});
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
  // Construction in progress usable in year u was started in s0 = min(u − L, 0), before the plan;
  // its shares paid in years s0 + o ≥ 1 are owed inside the plan.
  s.owed_outlay.assign(static_cast<std::size_t>(s.products * T), 0.0);
  DeriveRegions(model, s);
  for (const ConstructionInProgress& cip : model.construction_in_progress) {
    const std::vector<double> profile = ProfileOf(model, cip.enterprise);
    const int lag = model.enterprises[cip.enterprise].construction_lag;
    const int started = std::min(cip.year_usable - lag, 0);
    for (int o = 0; o < lag; ++o) {
      const int year = started + o;
      if (year >= 1 && year <= T) {
        s.owed_outlay[cip.product * T + year - 1] +=
            profile[static_cast<std::size_t>(o)] * cip.quantity;
        const Index g = s.enterprise_region[static_cast<std::size_t>(cip.enterprise)];
        s.regional_owed_outlay[(cip.product * s.regions + g) * T + year - 1] +=
            profile[static_cast<std::size_t>(o)] * cip.quantity;
      }
    }
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
