// ExplainPlan (include/gosplan/explain.h): destinations, requirements, limits and reduced costs
// read off a solved plan's own flows and prices.
#include "gosplan/explain.h"

#include <fmt/format.h>

#include <Eigen/SparseCore>
#include <Eigen/SparseLU>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "explain/explain_regions.h"
#include "explain/plan_view.h"

namespace gosplan {
namespace {

using explain::Item;
using explain::kTiny;
using explain::Num;
using explain::PlanView;
using explain::TechniqueAt;

// ---- Kantorovich's test ----

ReducedCost PriceTechnique(const PlanView& view, Index e, Index p, int t) {
  const Model& model = view.model();
  const Plan& plan = view.plan();
  ReducedCost rc;
  rc.enterprise = e;
  rc.technique = p;
  rc.region = view.RegionOf(e);  // its outputs and inputs are in its region's balances
  const Index g = rc.region;
  const Index n = e >= 0 ? view.Listed(e, p) : -1;
  rc.listed = n >= 0;
  if (rc.listed) {
    rc.activity = view.Activity(n, t);
    rc.min_activity = model.enterprise_techniques[n].min_activity;
    rc.max_activity = model.enterprise_techniques[n].max_activity;
  }
  const bool priority = plan.objective_kind == ObjectiveKind::kPriorityOutput;
  const bool min_resources = plan.objective_kind == ObjectiveKind::kMinResources;
  for (const Item& o : view.Outputs(p)) {
    rc.outputs_value += o.value * view.Price(o.item, t, g);
    if (priority) rc.objective_value += o.value * model.products[o.item].priority_weight;
    for (std::size_t q = 0; q < model.quotas.size(); ++q) {
      const Quota& quota = model.quotas[q];
      if (quota.product != o.item || quota.year != t) continue;
      if (quota.enterprise >= 0 && quota.enterprise != e) continue;
      rc.quota_value += o.value * view.QuotaPrice(q);
    }
  }
  for (const Item& in : view.Inputs(p)) rc.inputs_value += in.value * view.Price(in.item, t, g);
  for (const Item& use : view.ResourceUse(p)) {
    rc.resource_cost += use.value * (view.ResourcePrice(use.item, t) +
                                     (min_resources ? model.resources[use.item].weight : 0.0));
  }
  bool priced = true;
  std::string empty;  // capital goods of which the enterprise has no usable stock in the year
  for (const Item& b : view.Capital(p)) {
    const CapitalAccount* account = e >= 0 ? view.Account(e, b.item, t) : nullptr;
    if (account == nullptr) {
      priced = false;
      continue;
    }
    if (account->usable <= kTiny) {
      empty += (empty.empty() ? "" : ", ") + model.products[b.item].name;
    }
    rc.capital_rent += b.value * account->rent;
    if (t == view.T() && plan.terminal_growth_rate >= 0) {
      for (int j = 1;; ++j) {
        const TerminalRequirement* row = view.Terminal(e, b.item, t + j);
        if (row == nullptr) break;
        rc.capital_rent += std::pow(1.0 + plan.terminal_growth_rate, j) * b.value * row->price;
      }
    }
  }
  const std::string where = TechniqueAt(view, e, p);
  const std::string year = std::to_string(view.Year(t));
  if (!priced) {
    rc.capital_rent = std::numeric_limits<double>::quiet_NaN();
    rc.reduced_cost =
        rc.outputs_value + rc.objective_value + rc.quota_value - rc.inputs_value - rc.resource_cost;
    rc.verdict = "not_priced";
    rc.sentence = fmt::format(
        "{} in {}: its outputs are worth {} per unit of activity above its inputs and resources, "
        "but {} holds no stock of every capital good it needs, so its capital has no rent in this "
        "plan; it would pay only if that capital cost less than {} per unit of activity",
        where, year, Num(rc.reduced_cost), e >= 0 ? model.enterprises[e].name : "no enterprise",
        Num(rc.reduced_cost));
    return rc;
  }
  rc.reduced_cost = rc.outputs_value + rc.objective_value + rc.quota_value - rc.inputs_value -
                    rc.resource_cost - rc.capital_rent;
  // The tolerance: the largest term of the sum, as `verify` measures reduced costs.
  const double scale =
      std::max({std::abs(rc.outputs_value), std::abs(rc.objective_value), std::abs(rc.quota_value),
                std::abs(rc.inputs_value), std::abs(rc.resource_cost), std::abs(rc.capital_rent)});
  const double noise = 1e-6 * scale + kTiny;
  const bool positive = rc.reduced_cost > noise, negative = rc.reduced_cost < -noise;
  // A ceiling of 0 means the technique may not run at all: it is priced as one not used.
  const bool at_ceiling = rc.listed && std::isfinite(rc.max_activity) && rc.max_activity > 0 &&
                          rc.activity >= rc.max_activity * (1 - 1e-9) - kTiny;
  const bool idle = !rc.listed || rc.activity <= rc.min_activity + kTiny;
  if (rc.listed && !idle && !at_ceiling) {
    rc.verdict = "used";
    rc.sentence = fmt::format(
        "{} runs at {} in {}: its reduced cost ({}) is 0 within rounding, as the plan's optimality "
        "requires of a technique run between its bounds (outputs {} = inputs {} + resources {} + "
        "capital {})",
        where, Num(rc.activity), year, Num(rc.reduced_cost),
        Num(rc.outputs_value + rc.objective_value + rc.quota_value), Num(rc.inputs_value),
        Num(rc.resource_cost), Num(rc.capital_rent));
  } else if (at_ceiling) {
    rc.verdict = "at_ceiling";
    rc.sentence = fmt::format(
        "{} runs at its ceiling {} in {}: each unit of activity earns {} above its costs, so a "
        "higher ceiling would pay",
        where, Num(rc.max_activity), year, Num(rc.reduced_cost));
  } else if (positive) {
    rc.verdict = "would_pay";
    rc.sentence = fmt::format(
        "{} is {} in {}: at the plan's prices each unit of activity would earn {} above its costs "
        "— introducing it would pay (Kantorovich's test)",
        where, rc.listed ? "idle" : "not used", year, Num(rc.reduced_cost));
  } else if (negative) {
    rc.verdict = "would_not_pay";
    rc.sentence = fmt::format(
        "{} is {} in {}: at the plan's prices each unit of activity would lose {} — introducing it "
        "would not pay",
        where, rc.listed ? "idle" : "not used", year, Num(-rc.reduced_cost));
  } else {
    rc.verdict = "idle";
    rc.sentence = fmt::format(
        "{} is {} in {}: at the plan's prices it would just break even (reduced cost 0 within "
        "rounding) — introducing it would neither gain nor lose at the margin",
        where, rc.listed ? "idle" : "not used", year);
  }
  if (rc.verdict != "used" && rc.verdict != "at_ceiling" && !empty.empty()) {
    // The rent of a stock that is not there is only a bound (any rent that keeps the technique
    // from paying is optimal): the test then says no more than that the stock is missing.
    rc.sentence += fmt::format(
        " ({} has no usable {} in {}: the rent of a stock that is not there only bounds the "
        "test)",
        model.enterprises[e].name, empty, year);
  }
  return rc;
}

// Every enterprise that lists p; else every enterprise holding all of p's capital goods; else −1
// (priced without capital when p needs none, "not priced" otherwise).
std::vector<Index> EnterprisesFor(const PlanView& view, Index p, int t) {
  const Model& model = view.model();
  std::vector<Index> listed;
  for (const EnterpriseTechnique& et : model.enterprise_techniques) {
    if (et.technique == p) listed.push_back(et.enterprise);
  }
  if (!listed.empty()) return listed;
  if (view.Capital(p).empty()) return {-1};
  for (Index e = 0; e < static_cast<Index>(model.enterprises.size()); ++e) {
    bool holds = true;
    for (const Item& b : view.Capital(p)) holds = holds && view.Account(e, b.item, t) != nullptr;
    if (holds) listed.push_back(e);
  }
  if (listed.empty()) listed.push_back(-1);
  return listed;
}

// ---- Destinations ----

// Region g's balance (g ≥ 0, a regional plan) or the national one (g = −1): its enterprises'
// users and accumulation only, and for a region the links carrying the product out of it.
ProductDestinations Destinations(const PlanView& view, Index i, int t, std::size_t top, Index g) {
  const Model& model = view.model();
  const Plan& plan = view.plan();
  const int T = view.T();
  ProductDestinations out;
  const ProductBalance& national = plan.balances[static_cast<std::size_t>(i * T + t - 1)];
  const RegionalBalance* regional = g >= 0 ? &view.Regional(i, g, t) : nullptr;
  const std::vector<double>& final_use = regional ? regional->final_use : national.final_use;
  const double stock_out = regional ? regional->stock_out : national.stock_out;
  const double surplus = regional ? regional->surplus : national.surplus;
  const double exports = regional ? regional->exports : national.exports;
  out.production = regional ? regional->production : national.production;
  out.stock_in = regional ? regional->stock_in : national.stock_in;
  out.imports = regional ? regional->imports : national.imports;
  out.transport_in = regional ? regional->transport_in : 0.0;
  out.supply = out.production + out.stock_in + out.imports + out.transport_in;
  // Enterprises of the region (every enterprise nationally).
  auto here = [&](Index e) { return g < 0 || view.RegionOf(e) == g; };
  auto share = [&](double quantity) { return out.supply > 0 ? quantity / out.supply : 0.0; };
  auto add = [&](Destination d) {
    d.share = share(d.quantity);
    out.destinations.push_back(std::move(d));
  };
  for (std::size_t c = 0; c < final_use.size(); ++c) {
    if (final_use[c] <= 0) continue;
    Destination d;
    d.kind = "final";
    d.id = model.final_demand_categories[c];
    d.name = "final use: " + d.id;
    d.quantity = final_use[c];
    add(d);
  }
  if (exports > 0) {
    Destination d;
    d.kind = "exports";
    d.name = "exported (foreign trade)";
    d.quantity = exports;
    add(d);
  }
  // Year t's outlays by (enterprise, year usable), in enterprise order: σ_e[o] of every project
  // started in t − o (outlay profiles; all of it in the start year by default), and the shares
  // still owed for construction in progress started before the plan (OwedOutlays' rule).
  const std::vector<std::vector<double>> profiles = OutlayProfiles(model);
  std::map<std::pair<Index, int>, double> accumulation;
  for (const Investment& investment : plan.investments) {
    if (investment.product != i || !here(investment.enterprise)) continue;
    const std::vector<double>& profile = profiles[static_cast<std::size_t>(investment.enterprise)];
    const int offset = t - investment.year_started;
    if (offset < 0 || offset >= static_cast<int>(profile.size())) continue;
    const double outlay = profile[static_cast<std::size_t>(offset)] * investment.quantity;
    if (outlay > 0) accumulation[{investment.enterprise, investment.year_usable}] += outlay;
  }
  for (const ConstructionInProgress& cip : model.construction_in_progress) {
    if (cip.product != i || !here(cip.enterprise)) continue;
    const std::vector<double>& profile = profiles[static_cast<std::size_t>(cip.enterprise)];
    const int lag = static_cast<int>(profile.size());
    const int offset = t - std::min(cip.year_usable - lag, 0);
    if (offset < 0 || offset >= lag) continue;
    const double outlay = profile[static_cast<std::size_t>(offset)] * cip.quantity;
    if (outlay > 0) accumulation[{cip.enterprise, cip.year_usable}] += outlay;
  }
  // Largest first (ties in enterprise order).
  std::vector<std::pair<std::pair<Index, int>, double>> sites(accumulation.begin(),
                                                              accumulation.end());
  std::stable_sort(sites.begin(), sites.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [site, quantity] : sites) {
    const Index e = site.first;
    Destination d;
    d.kind = "accumulation";
    d.id = model.enterprises[e].id;
    d.enterprise = e;
    d.name = fmt::format("accumulation at {} ({}, usable from {})", model.enterprises[e].name,
                         ToString(model.enterprises[e].kind), view.Year(site.second));
    d.quantity = quantity;
    add(d);
  }
  // Transport links: capacity built (an accumulation of its capacity product in the origin
  // region), and for a region the product moved out over each link.
  for (const TransportFlow& flow : plan.transport) {
    if (flow.year != t) continue;
    const TransportLink& link = model.transport_links[flow.link];
    const bool from_here = g < 0 || link.from_region == g;
    const double built = link.capacity_cost * flow.capacity_started;
    if (link.capacity_product == i && from_here && built > 0) {
      Destination d;
      d.kind = "accumulation";
      d.id = link.id;
      d.name = fmt::format("accumulation: capacity of transport link {} ({} → {})", link.id,
                           model.regions[link.from_region].id, model.regions[link.to_region].id);
      d.quantity = built;
      add(d);
    }
    if (g >= 0 && link.product == i && link.from_region == g && flow.quantity > 0) {
      Destination d;
      d.kind = "transport";
      d.id = link.id;
      d.name = fmt::format("moved to {} over link {}", RegionName(model, link.to_region), link.id);
      d.quantity = flow.quantity;
      add(d);
    }
  }
  // The transport product consumed moving goods: out of the region, or between regions nationally.
  double transport_use = 0.0;
  if (regional) {
    transport_use = regional->transport_use;
  } else if (view.Regions() > 0) {
    for (Index r = 0; r < view.Regions(); ++r)
      transport_use += view.Regional(i, r, t).transport_use;
  }
  if (transport_use > 0) {
    Destination d;
    d.kind = "transport_use";
    d.name = regional ? "used moving goods out of the region" : "used moving goods between regions";
    d.quantity = transport_use;
    add(d);
  }
  if (stock_out > 0) {
    Destination d;
    d.kind = "stock";
    d.name = fmt::format("carried into {}", view.Year(t + 1));
    d.quantity = stock_out;
    add(d);
  }
  if (surplus > 0) {
    Destination d;
    d.kind = "surplus";
    d.name = "left unused (surplus)";
    d.quantity = surplus;
    add(d);
  }
  std::vector<Destination> users;
  for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
    const EnterpriseTechnique& et = model.enterprise_techniques[n];
    if (!here(et.enterprise)) continue;
    const double quantity = view.Input(et.technique, i) * view.Activity(static_cast<Index>(n), t);
    if (quantity <= 0) continue;
    Destination d;
    d.kind = "intermediate";
    d.id = model.techniques[et.technique].id;
    d.enterprise = et.enterprise;
    d.technique = et.technique;
    d.name = TechniqueAt(view, et.enterprise, et.technique);
    d.quantity = quantity;
    users.push_back(d);
  }
  std::stable_sort(users.begin(), users.end(), [](const Destination& a, const Destination& b) {
    return a.quantity > b.quantity;
  });
  double rest = 0.0;
  std::size_t rest_count = 0;
  for (std::size_t k = 0; k < users.size(); ++k) {
    if (k < top) {
      add(users[k]);
    } else {
      rest += users[k].quantity;
      ++rest_count;
    }
  }
  if (rest_count > 0) {
    Destination d;
    d.kind = "intermediate";
    d.name = fmt::format("{} other users", rest_count);
    d.quantity = rest;
    add(d);
  }
  return out;
}

// ---- Requirements: A_t from the year's technique mix ----

ProductRequirements Requirements(const PlanView& view, Index i, int t) {
  const Model& model = view.model();
  const Index P = static_cast<Index>(model.products.size());
  const Index R = static_cast<Index>(model.resources.size());
  ProductRequirements out;
  // Production of every product in year t by the plan's activities.
  std::vector<double> made(static_cast<std::size_t>(P), 0.0);
  for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
    const double z = view.Activity(static_cast<Index>(n), t);
    if (z <= 0) continue;
    for (const Item& o : view.Outputs(model.enterprise_techniques[n].technique)) {
      made[o.item] += o.value * z;
    }
  }
  // Column k of A_t, L_t, B_t: Σ over k's producers of w·θ·coefficient / out[p,k].
  std::vector<Eigen::Triplet<double, Index>> a_entries;
  std::vector<std::map<Index, double>> labour(static_cast<std::size_t>(P)),
      capital(static_cast<std::size_t>(P)), direct_inputs(static_cast<std::size_t>(P));
  bool by_quantity = false;
  for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
    const EnterpriseTechnique& et = model.enterprise_techniques[n];
    const Index p = et.technique;
    const double z = view.Activity(static_cast<Index>(n), t);
    if (z <= 0) continue;
    const Index g = view.RegionOf(et.enterprise);  // θ at the producer's own region's prices
    double value = 0.0, quantity = 0.0;
    for (const Item& o : view.Outputs(p)) {
      value += o.value * view.Price(o.item, t, g);
      quantity += o.value;
    }
    for (const Item& o : view.Outputs(p)) {
      const Index k = o.item;
      if (made[k] <= 0 || o.value <= 0) continue;
      const double weight = o.value * z / made[k];
      double allocation = 1.0;
      if (view.Outputs(p).size() > 1) {
        if (value > 0) {
          allocation = o.value * view.Price(k, t, g) / value;
        } else {
          allocation = o.value / quantity;
          by_quantity = true;
        }
      }
      const double factor = weight * allocation / o.value;
      for (const Item& in : view.Inputs(p)) {
        a_entries.emplace_back(in.item, k, factor * in.value);
        direct_inputs[k][in.item] += factor * in.value;
      }
      for (const Item& use : view.ResourceUse(p)) labour[k][use.item] += factor * use.value;
      for (const Item& b : view.Capital(p)) capital[k][b.item] += factor * b.value;
      if (k == i) {
        out.techniques.push_back({et.enterprise, p, z, o.value * z, weight, allocation});
      }
    }
  }
  out.produced = made[i] > 0;
  if (!out.produced) {
    out.note = fmt::format(
        "{} is not made in {}: what the year uses of it comes from stocks, so it has no "
        "requirements in this year's mix",
        model.products[i].name, view.Year(t));
    return out;
  }
  // x = (I − A_t)^{-1} e_i.
  Eigen::SparseMatrix<double, Eigen::ColMajor, Index> A(P, P);
  A.setFromTriplets(a_entries.begin(), a_entries.end());
  Eigen::SparseMatrix<double, Eigen::ColMajor, Index> I(P, P);
  I.setIdentity();
  Eigen::SparseMatrix<double, Eigen::ColMajor, Index> M = I - A;
  M.makeCompressed();
  Eigen::SparseLU<decltype(M), Eigen::COLAMDOrdering<Index>> lu;
  lu.compute(M);
  Eigen::VectorXd x;
  if (lu.info() == Eigen::Success) {
    Eigen::VectorXd unit = Eigen::VectorXd::Zero(P);
    unit(i) = 1.0;
    x = lu.solve(unit);
    bool good = lu.info() == Eigen::Success && x.allFinite();
    for (Index k = 0; good && k < P; ++k) good = x(k) >= -1e-9;
    const double residual = (M * x - unit).cwiseAbs().maxCoeff();
    out.totals_computed = good && residual <= 1e-8 * std::max(1.0, x.cwiseAbs().maxCoeff());
  }
  if (!out.totals_computed) {
    out.note = fmt::format(
        "the technique mix of {} is not productive (I − A_t is singular or its inverse is not "
        "non-negative): it uses up more of some product, directly and indirectly, than it makes, "
        "so total requirements are not computed",
        view.Year(t));
  } else if (by_quantity) {
    out.note =
        "a joint-production technique without priced outputs shares its inputs by output quantity";
  }
  auto total = [&](const std::vector<std::map<Index, double>>& columns, Index item) {
    if (!out.totals_computed) return kUnbounded;
    double sum = 0.0;
    for (Index k = 0; k < P; ++k) {
      auto it = columns[k].find(item);
      if (it != columns[k].end()) sum += it->second * x(k);
    }
    return sum;
  };
  for (Index j = 0; j < P; ++j) {
    auto it = direct_inputs[i].find(j);
    const double direct = it == direct_inputs[i].end() ? 0.0 : it->second;
    const double indirect = out.totals_computed ? x(j) : 0.0;
    if (direct > 0 || (out.totals_computed && j != i && indirect > kTiny) ||
        (out.totals_computed && j == i && indirect - 1.0 > kTiny)) {
      out.inputs.push_back({j, direct, out.totals_computed ? x(j) : kUnbounded});
    }
  }
  for (Index r = 0; r < R; ++r) {
    auto it = labour[i].find(r);
    const double direct = it == labour[i].end() ? 0.0 : it->second;
    const double embodied = total(labour, r);
    if (direct > 0 || (std::isfinite(embodied) && embodied > kTiny)) {
      out.resources.push_back({r, direct, embodied});
    }
  }
  for (Index g = 0; g < P; ++g) {
    auto it = capital[i].find(g);
    const double direct = it == capital[i].end() ? 0.0 : it->second;
    const double tied = total(capital, g);
    if (direct > 0 || (std::isfinite(tied) && tied > kTiny)) {
      out.capital.push_back({g, direct, tied});
    }
  }
  return out;
}

// ---- Limits ----

std::string ObjectiveUnit(ObjectiveKind kind) {
  switch (kind) {
    case ObjectiveKind::kPlanRay:
      return "objective units (the weighted fulfilment Σ_t w_t·λ_t of the target mix)";
    case ObjectiveKind::kMinResources:
      return "weighted resource units saved (the min_resources objective)";
    case ObjectiveKind::kPriorityOutput:
      return "priority-weighted output (the priority_output objective)";
    case ObjectiveKind::kHarmony:
      return "harmony units (the harmony objective Σ_t w_t Σ_i H(s))";
    case ObjectiveKind::kMaxmin:
      return "units of the last lexicographic step's group level z (the maxmin objective; the "
             "prices are those of its last LP)";
  }
  return "objective units";
}

void SortLimits(std::vector<Limit>& limits) {
  std::stable_sort(limits.begin(), limits.end(),
                   [](const Limit& a, const Limit& b) { return a.shadow_price > b.shadow_price; });
}

// The binding rows of enterprise technique n's production in year t: capital (or construction
// lag), resources, ceiling, terminal growth. `seen` removes rows already listed.
void ProducerLimits(const PlanView& view, Index n, int t, std::vector<Limit>& limits,
                    std::map<std::tuple<std::string, std::string, Index>, bool>& seen) {
  const Model& model = view.model();
  const EnterpriseTechnique& et = model.enterprise_techniques[n];
  const Index e = et.enterprise, p = et.technique;
  const Enterprise& enterprise = model.enterprises[e];
  const int year = view.Year(t);
  auto once = [&](const std::string& kind, const std::string& id, Index where) {
    return !std::exchange(seen[{kind, id, where}], true);
  };
  for (const Item& b : view.Capital(p)) {
    const CapitalAccount* account = view.Account(e, b.item, t);
    if (account == nullptr || account->rent <= 0) continue;
    const Product& good = model.products[b.item];
    const bool lag = t <= enterprise.construction_lag;
    if (!once(lag ? "construction_lag" : "capacity", good.id, e)) continue;
    Limit limit;
    limit.kind = lag ? "construction_lag" : "capacity";
    limit.id = good.id;
    limit.enterprise = e;
    limit.year = year;
    limit.shadow_price = account->rent;
    limit.sentence = fmt::format(
        "{}'s usable stock of {} in {} is fully used ({} of {} {}){}: one more {} of it would be "
        "worth {}",
        enterprise.name, good.name, year, Num(account->used), Num(account->usable), good.unit,
        lag ? fmt::format(", and no stock ordered within the plan can be usable before {} "
                          "(construction lag {} year{})",
                          view.Year(1 + enterprise.construction_lag), enterprise.construction_lag,
                          enterprise.construction_lag == 1 ? "" : "s")
            : std::string(),
        good.unit, Num(account->rent));
    limits.push_back(limit);
  }
  for (const Item& use : view.ResourceUse(p)) {
    const double price = view.ResourcePrice(use.item, t);
    const Resource& resource = model.resources[use.item];
    if (price <= 0 || !once("resource", resource.id, -1)) continue;
    Limit limit;
    limit.kind = "resource";
    limit.id = resource.id;
    limit.year = year;
    limit.shadow_price = price;
    limit.sentence =
        fmt::format("{} in {} is used to its limit ({} of {} {}): one more {} would be worth {}",
                    resource.name, year, Num(view.ResourceUsed(use.item, t)),
                    Num(model.Availability(use.item, t)), resource.unit, resource.unit, Num(price));
    limits.push_back(limit);
  }
  const ReducedCost rc = PriceTechnique(view, e, p, t);
  if (rc.verdict == "at_ceiling" && rc.reduced_cost > 0 &&
      once("activity_bound", model.techniques[p].id, e)) {
    Limit limit;
    limit.kind = "activity_bound";
    limit.id = model.techniques[p].id;
    limit.enterprise = e;
    limit.year = year;
    limit.shadow_price = rc.reduced_cost;
    limit.sentence = fmt::format(
        "{} runs {} at its ceiling of {} in {}: each unit of activity more would gain {}",
        enterprise.name, model.techniques[p].name, Num(rc.max_activity), year,
        Num(rc.reduced_cost));
    limits.push_back(limit);
  }
  if (t == view.T()) {
    for (const Item& b : view.Capital(p)) {
      for (int j = 1;; ++j) {
        const TerminalRequirement* row = view.Terminal(e, b.item, t + j);
        if (row == nullptr) break;
        if (row->price <= 0) continue;
        const Product& good = model.products[b.item];
        if (!once("terminal", good.id + "@" + std::to_string(j), e)) continue;
        Limit limit;
        limit.kind = "terminal";
        limit.id = good.id;
        limit.enterprise = e;
        limit.year = view.Year(t + j);
        limit.shadow_price = row->price;
        limit.sentence = fmt::format(
            "the terminal growth condition asks {} to hold {} {} of {} in {} (after the horizon, "
            "growth {} a year): each unit it asks costs {}",
            enterprise.name, Num(row->required), good.unit, good.name, view.Year(t + j),
            Num(view.plan().terminal_growth_rate), Num(row->price));
        limits.push_back(limit);
      }
    }
  }
}

// The limits of product i in year t at the prices of region g (−1: no regions). `only_region`:
// the region's own producers, floors and stocks (`--region`); otherwise every region's.
ProductLimits LimitsOfProduct(const PlanView& view, Index i, int t, Index g, bool only_region) {
  const Model& model = view.model();
  const Product& product = model.products[i];
  const int year = view.Year(t);
  const bool regional = view.Regions() > 0;
  const std::string where = regional ? " in " + explain::RegionWords(model, g) : std::string();
  ProductLimits out;
  out.shadow_price = view.Price(i, t, g);
  out.sentence =
      out.shadow_price > 0
          ? fmt::format(
                "one more {} of {}{} in {} would be worth {} — and one more {} demanded would cost "
                "as much",
                product.unit, product.name, where, year, Num(out.shadow_price), product.unit)
          : fmt::format(
                "{} is not scarce{} in {} (shadow price 0): one more {} demanded would cost "
                "nothing "
                "— the plan leaves some unused or could make more at no cost to the objective",
                product.name, where, year, product.unit);
  auto here = [&](Index region) { return !only_region || region == g; };
  std::map<std::tuple<std::string, std::string, Index>, bool> seen;
  for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
    const EnterpriseTechnique& et = model.enterprise_techniques[n];
    if (view.Activity(static_cast<Index>(n), t) <= 0 || view.Output(et.technique, i) <= 0) continue;
    if (!here(view.RegionOf(et.enterprise))) continue;
    ProducerLimits(view, static_cast<Index>(n), t, out.limits, seen);
  }
  for (std::size_t q = 0; q < model.quotas.size(); ++q) {
    const Quota& quota = model.quotas[q];
    const double price = view.QuotaPrice(q);
    if (quota.product != i || quota.year != t || price <= 0) continue;
    Limit limit;
    limit.kind = "quota";
    limit.id = quota.id;
    limit.enterprise = quota.enterprise;
    limit.year = year;
    limit.shadow_price = price;
    limit.sentence = fmt::format(
        "quota {} ({} {} of {}{} in {}) binds: it costs {} per {}", quota.id, Num(quota.quantity),
        product.unit, product.name,
        quota.enterprise >= 0 ? " at " + model.enterprises[quota.enterprise].name : std::string(),
        year, Num(price), product.unit);
    out.limits.push_back(limit);
  }
  const double target = view.TargetPrice(i, t);
  if (target > 0) {
    Limit limit;
    limit.kind = "target_mix";
    limit.id = product.id;
    limit.year = year;
    limit.shadow_price = target;
    limit.sentence = fmt::format(
        "the target mix of {} in {} binds: one more {} delivered to final use is worth {}",
        product.name, year, product.unit, Num(target));
    out.limits.push_back(limit);
  }
  // Stock: a storable product carried into the next year (s[i,t] > 0) is priced by that year:
  // price[i,t] = (1 − loss)·price[i,t+1] (the carry column's reduced profit is 0); with regions per
  // region, stocks staying in their region.
  std::vector<Index> stock_regions;
  if (!regional) {
    stock_regions.push_back(-1);
  } else {
    for (Index r = 0; r < view.Regions(); ++r) {
      if (here(r)) stock_regions.push_back(r);
    }
  }
  for (Index r : stock_regions) {
    const double carried =
        r < 0 ? view.plan().balances[static_cast<std::size_t>(i * view.T() + t - 1)].stock_out
              : view.Regional(i, r, t).stock_out;
    if (!product.storable || carried <= 0 || t >= view.T() || view.Price(i, t + 1, r) <= 0) {
      continue;
    }
    Limit limit;
    limit.kind = "stock";
    limit.id = product.id;
    limit.year = year;
    limit.shadow_price = (1.0 - product.storage_loss) * view.Price(i, t + 1, r);
    limit.sentence = fmt::format(
        "{} {} of {} are carried into {}{}, where a unit (after {} % storage loss) is worth {}: "
        "the stock links this year's price to next year's",
        Num(carried), product.unit, product.name, view.Year(t + 1),
        r < 0 ? std::string() : " in " + explain::RegionWords(model, r),
        Num(100 * product.storage_loss), Num(limit.shadow_price));
    out.limits.push_back(limit);
  }
  // Floors: f[c,i,t] ≥ F; its reduced profit −price + target price < 0 holds it at the floor
  // (with regions at the price of the final-demand row's region, where its use is).
  for (const FinalDemand& fd : model.final_demand) {
    if (fd.product != i || fd.year != t || fd.floor <= 0) continue;
    const Index r = regional ? FinalDemandRegion(fd) : -1;
    if (regional && !here(r)) continue;
    const std::vector<double>& final_use =
        r < 0 ? view.plan().balances[static_cast<std::size_t>(i * view.T() + t - 1)].final_use
              : view.Regional(i, r, t).final_use;
    const double price = view.Price(i, t, r);
    const double cost = price - target;
    const double used =
        final_use.size() > static_cast<std::size_t>(fd.category) ? final_use[fd.category] : 0.0;
    if (cost <= kTiny * std::max(1.0, price) || used > fd.floor * (1 + 1e-9) + kTiny) {
      continue;
    }
    Limit limit;
    limit.kind = "floor";
    limit.id = model.final_demand_categories[fd.category];
    limit.year = year;
    limit.shadow_price = cost;
    limit.sentence = fmt::format(
        "the {} floor of {} {} of {}{} in {} holds its use at the minimum: each unit of the floor "
        "costs {}",
        limit.id, Num(fd.floor), product.unit, product.name,
        r < 0 ? std::string() : " in " + explain::RegionWords(model, r), year, Num(cost));
    out.limits.push_back(limit);
  }
  // Foreign trade crosses in the first region; the links bind a region's price to its neighbours'.
  if (g <= 0) explain::TradeLimits(view, i, t, out.limits);
  if (regional && only_region) explain::TransportLimits(view, i, t, g, out.limits);
  SortLimits(out.limits);
  return out;
}

}  // namespace

const char* ToString(ExplainSubject subject) {
  switch (subject) {
    case ExplainSubject::kProduct:
      return "product";
    case ExplainSubject::kEnterprise:
      return "enterprise";
    case ExplainSubject::kTechnique:
      return "technique";
  }
  return "?";
}

bool ExplainOptions::IsValid(std::string* error) const {
  if (id.empty()) {
    if (error) *error = "id is empty; it must name a product, enterprise or technique";
    return false;
  }
  if (top_users < 1) {
    if (error) *error = "top_users is 0; it must be at least 1";
    return false;
  }
  return true;
}

Result<ExplainReport> ExplainPlan(const Model& model, const Plan& plan,
                                  const ExplainOptions& options) {
  std::string rule;
  if (!options.IsValid(&rule)) return Status::InvalidArgument("ExplainOptions", rule);
  const int T = model.horizon();
  const int t = options.year - model.settings.base_year;
  if (t < 1 || t > T) {
    return Status::InvalidArgument(
        "ExplainOptions", fmt::format("year is {}; it must be a plan year, {} to {}", options.year,
                                      model.CalendarYear(1), model.CalendarYear(T)));
  }
  if (!HasPlan(plan.status)) {
    return Status::InvalidArgument(
        "ExplainOptions",
        fmt::format("the plan has no solution to explain (status {})", ToString(plan.status)));
  }
  if (plan.balances.size() != static_cast<std::size_t>(model.products.size() * T) ||
      plan.product_prices.size() != plan.balances.size()) {
    return Status::InvalidArgument("ExplainOptions",
                                   "the plan's balances or prices do not match the model "
                                   "(products × plan years)");
  }
  const IdIndex& index = options.subject == ExplainSubject::kProduct      ? model.product_index
                         : options.subject == ExplainSubject::kEnterprise ? model.enterprise_index
                                                                          : model.technique_index;
  auto found = index.find(options.id);
  if (found == index.end()) {
    return Status::InvalidArgument(
        "ExplainOptions", fmt::format("id is '{}', which is not a {} of the model", options.id,
                                      ToString(options.subject)));
  }
  const PlanView view(model, plan);
  // --region: a region of a regional plan, for a product.
  Index region = -1;
  if (!options.region.empty()) {
    auto named = model.region_index.find(options.region);
    if (view.Regions() == 0 || named == model.region_index.end()) {
      return Status::InvalidArgument(
          "ExplainOptions",
          view.Regions() == 0
              ? fmt::format("region is '{}', but the plan has no regions", options.region)
              : fmt::format("region is '{}', which is not a region of the model (regions.csv)",
                            options.region));
    }
    if (options.subject != ExplainSubject::kProduct) {
      return Status::InvalidArgument(
          "ExplainOptions",
          fmt::format("region is '{}' for a {}; a region is chosen for a product only (an "
                      "enterprise is explained at its own region's prices)",
                      options.region, ToString(options.subject)));
    }
    region = named->second;
  }
  ExplainReport report;
  report.subject = options.subject;
  report.index = found->second;
  report.year = t;
  report.objective_unit = ObjectiveUnit(plan.objective_kind);
  report.currency_price = view.CurrencyPrice(t);
  if (options.subject == ExplainSubject::kProduct) {
    const Index i = found->second;
    // With regions the product is priced in one region: the one asked for, else the first.
    const Index g = view.Regions() > 0 ? std::max<Index>(region, 0) : -1;
    const bool only_region = region >= 0;
    report.region = g;
    report.regional_destinations = only_region;
    if (g >= 0) {
      report.regions = explain::RegionalSupplies(view, i, t);
      report.prices = fmt::format(
          "prices of {}{}; destinations {}", explain::RegionWords(model, g),
          only_region ? std::string()
                      : " — the first region, where foreign trade crosses (--region names another)",
          only_region ? "of the region's balance" : "national");
    }
    report.has_destinations = report.has_requirements = report.has_limits = true;
    report.destinations = Destinations(view, i, t, options.top_users, only_region ? g : -1);
    report.requirements = Requirements(view, i, t);
    report.limits = LimitsOfProduct(view, i, t, g, only_region);
    // The techniques that make i: used, idle, or at their ceiling.
    std::vector<std::pair<Index, Index>> makers;
    for (const EnterpriseTechnique& et : model.enterprise_techniques) {
      if (view.Output(et.technique, i) <= 0) continue;
      if (only_region && view.RegionOf(et.enterprise) != g) continue;  // the region's makers
      makers.emplace_back(et.enterprise, et.technique);
    }
    for (const auto& [e, p] : makers) report.reduced_costs.push_back(PriceTechnique(view, e, p, t));
  } else if (options.subject == ExplainSubject::kEnterprise) {
    const Index e = found->second;
    report.region = view.RegionOf(e);
    if (report.region >= 0) {
      report.prices = "prices of its region, " + explain::RegionWords(model, report.region);
    }
    report.has_destinations = report.has_limits = true;
    std::map<std::tuple<std::string, std::string, Index>, bool> seen;
    for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
      const EnterpriseTechnique& et = model.enterprise_techniques[n];
      if (et.enterprise != e) continue;
      const double z = view.Activity(static_cast<Index>(n), t);
      for (const Item& o : view.Outputs(et.technique)) {
        if (z <= 0) break;
        const ProductBalance& balance = plan.balances[static_cast<std::size_t>(o.item * T + t - 1)];
        Destination d;
        d.kind = "output";
        d.id = model.products[o.item].id;
        d.enterprise = e;
        d.technique = et.technique;
        d.name = fmt::format("{} of {} by {}", model.products[o.item].name,
                             model.enterprises[e].name, model.techniques[et.technique].name);
        d.quantity = o.value * z;
        d.share = balance.production > 0 ? d.quantity / balance.production : 0.0;
        report.destinations.destinations.push_back(d);
      }
      if (z > 0) ProducerLimits(view, static_cast<Index>(n), t, report.limits.limits, seen);
      report.reduced_costs.push_back(PriceTechnique(view, e, et.technique, t));
    }
    // Capital of the enterprise with a rent, whether or not a running technique needs it.
    for (const CapitalAccount& account : plan.capital) {
      if (account.enterprise != e || account.year != t || account.rent <= 0) continue;
      const Product& good = model.products[account.product];
      const bool lag = t <= model.enterprises[e].construction_lag;
      if (seen[{lag ? "construction_lag" : "capacity", good.id, e}]) continue;
      Limit limit;
      limit.kind = lag ? "construction_lag" : "capacity";
      limit.id = good.id;
      limit.enterprise = e;
      limit.year = view.Year(t);
      limit.shadow_price = account.rent;
      limit.sentence = fmt::format("{}'s usable stock of {} in {} ({} {}) has rent {}",
                                   model.enterprises[e].name, good.name, view.Year(t),
                                   Num(account.usable), good.unit, Num(account.rent));
      report.limits.limits.push_back(limit);
    }
    SortLimits(report.limits.limits);
  } else {
    const Index p = found->second;
    if (view.Regions() > 0) report.prices = "prices of each enterprise's own region";
    for (Index e : EnterprisesFor(view, p, t)) {
      report.reduced_costs.push_back(PriceTechnique(view, e, p, t));
    }
  }
  return report;
}

}  // namespace gosplan
