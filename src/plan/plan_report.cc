// The plan reports itself: the text summary `gosplan plan` prints and the summary document
// "gosplan.plan/1" (docs/json.md) that the plan folder holds as summary.json.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "gosplan/plan.h"
#include "gosplan/version.h"
#include "plan/regions_program.h"
#include "util/csv_writer.h"
#include "util/json.h"

namespace gosplan {
namespace {

// A construction site's investment over the plan, valued at the shadow prices of the year each part
// is paid in (its outlay profile), so that tonnes of steel and roubles of machinery can be ranked
// together.
struct ConstructionProject {
  Index enterprise = 0;
  double value = 0.0;
  std::map<Index, double> quantity;  // product -> total over the plan
  int first_year = 0;                // plan year of its first investment
};

// Every construction site that receives investment, largest value first (ties in enterprise order).
std::vector<ConstructionProject> RankConstructionProjects(const Model& model, const Plan& plan) {
  const int T = model.horizon();
  std::map<Index, ConstructionProject> projects;
  const std::vector<std::vector<double>> profiles = OutlayProfiles(model);
  for (const Investment& investment : plan.investments) {
    if (model.enterprises[investment.enterprise].kind != EnterpriseKind::kConstructionSite)
      continue;
    ConstructionProject& project = projects[investment.enterprise];
    project.enterprise = investment.enterprise;
    // Each share of the outlay at the price of the year it is paid in (outlay profiles; all in the
    // start year by default); shares paid after the horizon have no price in the plan.
    const std::vector<double>& profile = profiles[static_cast<std::size_t>(investment.enterprise)];
    for (std::size_t o = 0; o < profile.size(); ++o) {
      const int paid = investment.year_started + static_cast<int>(o);
      if (paid > T || profile[o] == 0.0) continue;
      project.value +=
          profile[o] * investment.quantity * plan.product_prices[investment.product * T + paid - 1];
    }
    project.quantity[investment.product] += investment.quantity;
    if (project.first_year == 0) project.first_year = investment.year_started;
  }
  std::vector<ConstructionProject> ranked;
  for (auto& entry : projects) ranked.push_back(std::move(entry.second));
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.value > b.value; });
  return ranked;
}

// True when resource r is fully used in plan year t: its use reaches the availability within a
// relative 1e-7 (an approximate plan may even exceed it). Unlimited resources never bind.
bool FullyUsed(const Model& model, const Plan& plan, std::size_t r, int t) {
  const int T = model.horizon();
  const double available = model.Availability(static_cast<Index>(r), t);
  const double used = plan.resource_use[r * T + t - 1];
  return std::isfinite(available) && used >= available * (1 - 1e-7);
}

constexpr std::size_t kListedProjects = 10;

template <typename... Args>
void Append(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

}  // namespace

std::string PlanTextReport(const Model& model, const Plan& plan) {
  std::string out;
  Append(out, "Plan for {} ({}–{}): {}\n", model.settings.name, model.CalendarYear(1),
         model.CalendarYear(model.horizon()), ToString(plan.status));
  Append(out, "{}\n", plan.explanation);
  if (!HasPlan(plan.status)) return out;
  Append(out, "Objective ({}): {:.6g}{}   solver: {}, {} iterations\n",
         ToString(plan.objective_kind), plan.objective,
         plan.status == PlanStatus::kApproximate
             ? fmt::format(" (approximate: within relative {:g})", plan.stated_tolerance)
             : std::string(),
         plan.solver, plan.iterations);
  if (!plan.fulfilment.empty()) {
    Append(out, "\nFulfilment of the target mix (λ, 1 = the whole target):\n");
    for (std::size_t t = 0; t < plan.fulfilment.size(); ++t) {
      Append(out, "  {}  {:8.3f}\n", model.CalendarYear(static_cast<int>(t) + 1),
             plan.fulfilment[t]);
    }
  }
  if (!plan.groups.empty()) {
    // Groups of final demand (maxmin or group floors): λ_g per year and the level Λ_g.
    Append(out,
           "\nFulfilment of each group of final demand (λ_g, 1 = the group's whole target):\n");
    Append(out, "  {:<24}", "group");
    for (int t = 1; t <= model.horizon(); ++t) Append(out, " {:>8}", model.CalendarYear(t));
    Append(out, "  {:>8}\n", "level");
    for (const GroupFulfilment& group : plan.groups) {
      Append(out, "  {:<24}", model.final_demand_categories[group.category]);
      for (double lambda : group.fulfilment) Append(out, " {:8.3f}", lambda);
      Append(out, "  {:8.3f}", group.level);
      if (group.step > 0) Append(out, "  (maxmin step {})", group.step);
      if (group.floor > 0) Append(out, "  (floor {:g})", group.floor);
      Append(out, "\n");
    }
  }

  const std::vector<ConstructionProject> projects = RankConstructionProjects(model, plan);
  if (!projects.empty()) {
    Append(out, "\nLargest construction projects (investment valued at shadow prices):\n");
    for (std::size_t k = 0; k < projects.size() && k < kListedProjects; ++k) {
      const ConstructionProject& project = projects[k];
      std::string goods;
      for (const auto& [product, quantity] : project.quantity) {
        if (!goods.empty()) goods += ", ";
        goods += fmt::format("{:.4g} {} {}", quantity, model.products[product].unit,
                             model.products[product].name);
      }
      Append(out, "  {:<32} from {}  {}\n", model.enterprises[project.enterprise].name,
             model.CalendarYear(project.first_year), goods);
    }
  }

  // The shadow price of a fully used resource may be 0 (more of it would not improve the objective:
  // a degenerate or zero-weight resource); an approximate plan may use more than is available,
  // which is said as such.
  const int T = model.horizon();
  bool header = false;
  for (std::size_t r = 0; r < model.resources.size(); ++r) {
    for (int t = 1; t <= T; ++t) {
      if (!FullyUsed(model, plan, r, t)) continue;
      if (!header) {
        Append(out, "\nFully used resources (shadow price = objective gained per extra unit):\n");
        header = true;
      }
      const double available = model.Availability(static_cast<Index>(r), t);
      const double used = plan.resource_use[r * T + t - 1];
      const std::string over = used > available * (1 + 1e-12)
                                   ? fmt::format(" (over the {:.6g} available)", available)
                                   : std::string();
      Append(out, "  {:<24} {}  {:.6g} {} used{}, shadow price {:.4g}\n", model.resources[r].name,
             model.CalendarYear(t), used, model.resources[r].unit, over,
             plan.resource_prices[r * T + t - 1]);
    }
  }
  if (!header && !model.resources.empty())
    Append(out, "\nNo resource is fully used in any year.\n");
  if (!plan.currency.empty()) {
    // Foreign trade: the currency account per year, and what the plan trades with the domestic
    // value of each product in currency (its shadow price over the currency's: the plan's real
    // exchange rate, compared with the world price).
    const std::string& currency = model.settings.trade_currency;
    Append(out, "\nForeign trade ({}; shadow price = objective gained per unit of currency):\n",
           currency);
    for (const CurrencyYear& account : plan.currency) {
      Append(out,
             "  {}  exports {:.6g}, imports {:.6g}, debt {:.6g}, reserves {:.6g}, shadow "
             "price {:.4g}\n",
             model.CalendarYear(account.year), account.earnings, account.spending, account.debt,
             account.reserves, account.price);
    }
    for (std::size_t k = 0; k < plan.trade.size(); ++k) {
      const TradeFlow& flow = plan.trade[k];
      if (flow.exports <= 0 && flow.imports <= 0) continue;
      const WorldPrice& price = model.world_prices[k];
      const Product& product = model.products[flow.product];
      const double pi = plan.currency[static_cast<std::size_t>(flow.year - 1)].price;
      const double y = plan.product_prices[flow.product * T + flow.year - 1];
      const bool exported = flow.exports > 0;
      Append(out, "  {}  {} {:.6g} {} {} at {:.4g} {} each; worth {} to the plan\n",
             model.CalendarYear(flow.year), exported ? "exports" : "imports",
             exported ? flow.exports : flow.imports, product.unit, product.name,
             exported ? price.export_price : price.import_price, currency,
             pi > 1e-12 ? fmt::format("{:.4g} {}", y / pi, currency)
                        : std::string("nothing in currency (currency not scarce)"));
    }
  }
  out += plan::RegionsText(model, plan);
  return out;
}

std::string PlanCsv(const Model& model, const Plan& plan) {
  std::string out;
  util::CsvWriter csv(out, /*significant_digits=*/12);  // as plan tables
  csv.Header("kind", "id", "year", "value", "unit", "name");
  csv.Text("status").Text(ToString(plan.status)).Empty().Empty().Empty().Empty().EndRow();
  if (!HasPlan(plan.status)) return out;
  csv.Text("objective").Text(ToString(plan.objective_kind)).Empty().Number(plan.objective);
  csv.Empty().Empty().EndRow();
  if (plan.status == PlanStatus::kApproximate) {
    csv.Text("stated_tolerance").Empty().Empty().Number(plan.stated_tolerance);
    csv.Empty().Empty().EndRow();
  }
  for (std::size_t t = 0; t < plan.fulfilment.size(); ++t) {
    csv.Text("fulfilment").Text("lambda").Integer(model.CalendarYear(static_cast<int>(t) + 1));
    csv.Number(plan.fulfilment[t]).Empty().Text("fulfilment of the target mix").EndRow();
  }
  for (const GroupFulfilment& group : plan.groups) {
    const std::string& id = model.final_demand_categories[group.category];
    for (std::size_t t = 0; t < group.fulfilment.size(); ++t) {
      csv.Text("group_fulfilment").Text(id).Integer(model.CalendarYear(static_cast<int>(t) + 1));
      csv.Number(group.fulfilment[t]).Empty().Text("fulfilment of the group's targets").EndRow();
    }
    csv.Text("group_level").Text(id).Empty().Number(group.level).Empty();
    csv.Text("the group's fulfilment over the years, weighted").EndRow();
  }
  const int T = model.horizon();
  for (std::size_t r = 0; r < model.resources.size(); ++r) {
    const Resource& resource = model.resources[r];
    for (int t = 1; t <= T; ++t) {
      const int year = model.CalendarYear(t);
      const std::size_t slot = r * static_cast<std::size_t>(T) + static_cast<std::size_t>(t - 1);
      csv.Text("resource_available").Text(resource.id).Integer(year);
      csv.Number(model.Availability(static_cast<Index>(r), t)).Text(resource.unit);
      csv.Text(resource.name).EndRow();
      csv.Text("resource_used").Text(resource.id).Integer(year).Number(plan.resource_use[slot]);
      csv.Text(resource.unit).Text(resource.name).EndRow();
      csv.Text("resource_price").Text(resource.id).Integer(year);
      csv.Number(plan.resource_prices[slot]).Empty().Text(resource.name).EndRow();
    }
  }
  return out;
}

std::string PlanJson(const Model& model, const Plan& plan) {
  using util::Json;
  using util::JsonNumber;
  const bool has_plan = HasPlan(plan.status);
  Json summary = util::JsonDocument("gosplan.plan/1");
  summary["model"] = model.settings.name;
  summary["model_path"] = model.folder;  // as given to gosplan; empty for a model built in memory
  summary["model_checksum"] = ModelChecksum(model.folder);
  summary["gosplan_version"] = kVersion;
  summary["status"] = ToString(plan.status);
  summary["explanation"] = plan.explanation;
  // What the plan folder holds: summary.json alone when no plan was issued.
  summary["files"] = PlanFolderFiles(plan);
  summary["objective_kind"] = ToString(plan.objective_kind);
  // No plan, no objective value (null rather than a misleading 0).
  summary["objective"] = has_plan ? JsonNumber(plan.objective) : Json(nullptr);
  // The relative tolerance within which the plan holds (1e-6 when optimal; null without a plan).
  summary["tolerance"] = has_plan ? JsonNumber(plan.stated_tolerance) : Json(nullptr);
  if (has_plan) {
    // Measured on the plan: the smallest relative tolerance at which each family of checks passes.
    Json accuracy;
    accuracy["rows"] = JsonNumber(plan.accuracy.primal);
    accuracy["prices"] = JsonNumber(plan.accuracy.dual);
    accuracy["duality_gap"] = JsonNumber(plan.accuracy.gap);
    if (plan.accuracy.largest_violation.empty()) {
      accuracy["largest_violation"] = nullptr;
    } else {
      accuracy["largest_violation"] = {
          {"row", plan.accuracy.largest_violation},
          {"amount", JsonNumber(plan.accuracy.largest_violation_amount)},
          {"relative", JsonNumber(plan.accuracy.largest_violation_relative)}};
    }
    summary["accuracy"] = accuracy;
  } else {
    summary["accuracy"] = nullptr;
  }
  summary["quotas_as_constraints"] = plan.quotas_are_law;
  // Only with a floor, so that plans without one keep their bytes.
  if (plan.fulfilment_floor > 0) summary["fulfilment_floor"] = JsonNumber(plan.fulfilment_floor);
  summary["terminal_capital"] = model.settings.terminal == TerminalCondition::kKeepCapital;
  summary["terminal"] = ToString(model.settings.terminal);
  summary["terminal_growth_rate"] =
      plan.terminal_growth_rate >= 0 ? JsonNumber(plan.terminal_growth_rate) : Json(nullptr);
  summary["base_year"] = model.settings.base_year;
  summary["horizon"] = model.horizon();
  Json fulfilment = Json::array();
  for (std::size_t t = 0; t < plan.fulfilment.size(); ++t) {
    fulfilment.push_back({{"year", model.CalendarYear(static_cast<int>(t) + 1)},
                          {"fulfilment", JsonNumber(plan.fulfilment[t])}});
  }
  summary["fulfilment"] = fulfilment;
  if (!plan.groups.empty()) {  // maxmin or group floors; absent otherwise, so old plans keep bytes
    Json groups = Json::array();
    for (const GroupFulfilment& group : plan.groups) {
      Json years = Json::array();
      for (std::size_t t = 0; t < group.fulfilment.size(); ++t) {
        years.push_back({{"year", model.CalendarYear(static_cast<int>(t) + 1)},
                         {"fulfilment", JsonNumber(group.fulfilment[t])}});
      }
      groups.push_back({{"group", model.final_demand_categories[group.category]},
                        {"level", JsonNumber(group.level)},
                        {"floor", JsonNumber(group.floor)},
                        {"maxmin_step", group.step},
                        {"fulfilment", years}});
    }
    summary["groups"] = groups;
    if (plan.objective_kind == ObjectiveKind::kMaxmin) summary["maxmin_steps"] = plan.maxmin_steps;
  }
  summary["solver"] = plan.solver;
  // What was asked of the solver; an absent limit (0) is null.
  auto limit = [](double value) { return value > 0 ? Json(value) : Json(nullptr); };
  summary["options"] = {
      {"solver", plan.settings.solver},
      {"algorithm", plan.settings.solver == "clp" ? Json(plan.settings.algorithm) : Json(nullptr)},
      {"time_limit_seconds", limit(plan.settings.time_limit_seconds)},
      {"iteration_limit", limit(static_cast<double>(plan.settings.iteration_limit))},
      {"tolerance", JsonNumber(plan.settings.tolerance)},
      {"polish", plan.settings.polish},
      {"price_numeraire", plan.settings.price_numeraire.empty()
                              ? Json(nullptr)
                              : Json(plan.settings.price_numeraire)}};
  summary["iterations"] = plan.iterations;
  summary["max_violation"] = has_plan ? JsonNumber(plan.max_violation) : Json(nullptr);
  summary["lp"] = {
      {"rows", plan.lp_rows}, {"columns", plan.lp_columns}, {"nonzeros", plan.lp_nonzeros}};
  if (!plan.currency.empty()) {  // foreign trade (docs/planning-model.md, "Foreign trade")
    Json trade = Json::array();
    for (const CurrencyYear& account : plan.currency) {
      trade.push_back({{"year", model.CalendarYear(account.year)},
                       {"earnings", JsonNumber(account.earnings)},
                       {"spending", JsonNumber(account.spending)},
                       {"debt", JsonNumber(account.debt)},
                       {"reserves", JsonNumber(account.reserves)},
                       {"currency_price", JsonNumber(account.price)}});
    }
    summary["trade"] = {{"currency", model.settings.trade_currency}, {"years", trade}};
  }
  if (!plan.regional_balances.empty()) {  // regions (docs/planning-model.md, "Regions and ...")
    Json regions = Json::array();
    for (const plan::RegionYear& row : plan::SummariseRegions(model, plan)) {
      regions.push_back({{"region", model.regions[row.region].id},
                         {"year", model.CalendarYear(row.year)},
                         {"output_value", JsonNumber(row.output_value)},
                         {"final_use_value", JsonNumber(row.final_use_value)},
                         {"inflow_value", JsonNumber(row.inflow_value)},
                         {"outflow_value", JsonNumber(row.outflow_value)},
                         {"net_inflow_value", JsonNumber(row.inflow_value - row.outflow_value)},
                         {"resources_used", plan::ResourcesUsedJson(model, row)},
                         {"transport_used", plan::TransportUsedJson(model, row)}});
    }
    summary["regions"] = regions;
  }
  summary["counts"] = {{"targets", plan.targets.size()}, {"investments", plan.investments.size()}};
  // Results only: timings go to stderr and to `plan --timings FILE`.
  return util::JsonText(summary);
}

}  // namespace gosplan
