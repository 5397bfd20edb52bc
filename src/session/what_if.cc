// What-if files (ReadWhatIfFile) and the comparison of scenarios with the base plan
// (docs/what-if.md).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "gosplan/planning_session.h"
#include "session/final_demand_category.h"
#include "session/site_region.h"
#include "util/csv.h"
#include "util/csv_columns.h"
#include "util/csv_writer.h"

namespace gosplan {
namespace {

// Output changes smaller than this (product units) are rounding, not a change.
constexpr double kNoChange = 1e-9;

// Total output of each product over the plan (Σ_t production).
std::vector<double> TotalOutput(const Model& model, const Plan& plan) {
  std::vector<double> total(model.products.size(), 0.0);
  for (const ProductBalance& balance : plan.balances) {
    if (balance.product < static_cast<Index>(total.size()))
      total[balance.product] += balance.production;
  }
  return total;
}

std::string ChangesText(const Model& model, const WhatIfResult& result) {
  std::string text;
  for (const auto& [product, change] : result.largest_output_changes) {
    text += (text.empty() ? "" : "; ") + fmt::format("{} {:+.6g} {}", model.products[product].id,
                                                     change, model.products[product].unit);
  }
  return text;
}

// How the scenario was solved: the solver family of the plan's settings ("clp", "pdlp",
// "pdlp+crossover"); the full account is Plan::solver.
std::string Method(const Plan& plan) { return plan.settings.solver; }

double Percent(double change, double base) {
  return base != 0.0 ? 100.0 * change / std::abs(base) : 0.0;
}

}  // namespace

Result<std::vector<WhatIfScenario>> ReadWhatIfFile(const Model& model, const std::string& path) {
  auto opened = util::CsvFile::Open(path);
  if (!opened.ok()) return opened.status();
  util::CsvFile& file = opened.value();
  Diagnostics diagnostics;
  util::RejectUnknownColumns(file, {"edit", "kind", "id", "detail", "year", "value", "region"},
                             diagnostics);
  const int c_edit = file.Require("edit", diagnostics);
  const int c_kind = file.Require("kind", diagnostics);
  const int c_id = file.Require("id", diagnostics);
  const int c_detail = file.Find("detail");
  const int c_region = file.Find("region");  // construction sites on a regional model
  const int c_year = file.Require("year", diagnostics);
  const int c_value = file.Require("value", diagnostics);
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));

  std::vector<WhatIfScenario> scenarios;
  std::map<std::string, std::size_t, std::less<>> by_name;
  const int T = model.horizon();
  util::CsvRow row;
  while (file.Next(row, diagnostics)) {
    const std::int64_t line = row.line;
    auto problem = [&](int column, std::string message, std::string expected) {
      diagnostics.Add(path, line, column + 1, std::move(message), std::move(expected));
    };
    const std::string_view name = row.fields[c_edit];
    if (name.empty()) {
      problem(c_edit, "the edit name is empty",
              "a scenario name (lines with the same name form "
              "one scenario)");
      continue;
    }
    const auto kind = ParsePlanEditKind(row.fields[c_kind]);
    if (!kind) {
      problem(c_kind, fmt::format("unknown kind '{}'", row.fields[c_kind]),
              "quota, resource_availability, final_demand_floor, enterprise_capacity or "
              "construction_site");
      continue;
    }
    PlanEdit edit;
    edit.kind = *kind;
    edit.id = std::string(row.fields[c_id]);
    edit.detail = c_detail >= 0 ? std::string(row.fields[c_detail]) : std::string();
    edit.region = c_region >= 0 ? std::string(row.fields[c_region]) : std::string();
    if (*kind != PlanEditKind::kConstructionSite && !edit.region.empty()) {
      const session::SiteRegion site = session::ResolveSiteRegion(model, *kind, edit.region, -1);
      problem(c_region, site.problem, site.expected);
    }
    const bool needs_year =
        *kind == PlanEditKind::kResourceAvailability || *kind == PlanEditKind::kFinalDemandFloor;
    const bool capacity =
        *kind == PlanEditKind::kEnterpriseCapacity || *kind == PlanEditKind::kConstructionSite;
    const std::size_t before = diagnostics.total();
    // The year: a calendar year of the plan for the kinds that have one, empty for the others.
    const std::string_view year_text = row.fields[c_year];
    if (needs_year) {
      const auto year =
          util::ParseInteger(year_text, path, line, c_year, diagnostics, "a calendar year");
      if (year) {
        const std::int64_t t = *year - model.settings.base_year;
        if (t < 1 || t > T) {
          problem(
              c_year, fmt::format("year {} is outside the plan", *year),
              fmt::format("a year from {} to {}", model.CalendarYear(1), model.CalendarYear(T)));
        } else {
          edit.year = static_cast<int>(t);
        }
      }
    } else if (!year_text.empty()) {
      problem(c_year, fmt::format("a {} edit has no year", ToString(*kind)),
              *kind == PlanEditKind::kQuota ? "an empty year (the quota has its own)"
                                            : "an empty year (the capacity holds every year)");
    }
    // The value: a number ≥ 0; empty for capacities means no limit.
    const std::string_view value_text = row.fields[c_value];
    if (capacity && value_text.empty()) {
      edit.value = kUnbounded;
    } else if (auto value = util::ParseNonNegative(value_text, path, line, c_value, diagnostics,
                                                   capacity ? "max_activity" : "value")) {
      edit.value = *value;
    }
    // The ids.
    switch (*kind) {
      case PlanEditKind::kQuota:
        if (std::none_of(model.quotas.begin(), model.quotas.end(),
                         [&](const Quota& quota) { return quota.id == edit.id; })) {
          problem(c_id, fmt::format("unknown quota '{}'", edit.id), "a quota id of targets.csv");
        }
        break;
      case PlanEditKind::kResourceAvailability:
        if (!model.resource_index.count(edit.id)) {
          problem(c_id, fmt::format("unknown resource '{}'", edit.id), "a resource id");
        }
        break;
      case PlanEditKind::kFinalDemandFloor: {
        auto product = model.product_index.find(edit.id);
        if (product == model.product_index.end()) {
          problem(c_id, fmt::format("unknown product '{}'", edit.id), "a product id");
          break;
        }
        Index category = -1;
        if (edit.detail.empty() && model.final_demand_categories.size() == 1) {
          category = 0;
        } else if (const Index found = session::FindFinalDemandCategory(model, edit.detail);
                   found >= 0) {
          category = found;
        } else {
          problem(c_detail >= 0 ? c_detail : c_id,
                  fmt::format("unknown final-demand category '{}'", edit.detail),
                  "a category of final_demand.csv in the detail column");
          break;
        }
        if (edit.year >= 1 && std::none_of(model.final_demand.begin(), model.final_demand.end(),
                                           [&](const FinalDemand& fd) {
                                             return fd.category == category &&
                                                    fd.product == product->second &&
                                                    fd.year == edit.year;
                                           })) {
          problem(
              c_id,
              fmt::format("the model has no final demand of '{}' by '{}' in {}", edit.id,
                          model.final_demand_categories[category], model.CalendarYear(edit.year)),
              "a (product, category, year) of final_demand.csv");
        }
        break;
      }
      case PlanEditKind::kEnterpriseCapacity:
      case PlanEditKind::kConstructionSite: {
        auto technique = model.technique_index.find(edit.detail);
        if (technique == model.technique_index.end()) {
          problem(c_detail >= 0 ? c_detail : c_id,
                  fmt::format("unknown technique '{}'", edit.detail),
                  "a technique id in the detail column");
          break;
        }
        auto enterprise = model.enterprise_index.find(edit.id);
        const EnterpriseTechnique* found = nullptr;
        if (enterprise != model.enterprise_index.end()) {
          for (const EnterpriseTechnique& et : model.enterprise_techniques) {
            if (et.enterprise == enterprise->second && et.technique == technique->second)
              found = &et;
          }
        }
        if (*kind == PlanEditKind::kEnterpriseCapacity) {
          if (!found) {
            problem(
                c_id,
                fmt::format("enterprise '{}' does not run technique '{}'", edit.id, edit.detail),
                "an (enterprise, technique) of enterprise_techniques.csv (construction_site "
                "adds one)");
          } else if (edit.value < found->min_activity) {
            problem(c_value,
                    fmt::format("max_activity {} is below min_activity {}", edit.value,
                                found->min_activity),
                    "a value ≥ the enterprise's min_activity");
          }
        } else if (found) {
          problem(c_id,
                  fmt::format("enterprise '{}' already runs technique '{}'", edit.id, edit.detail),
                  "a new (enterprise, technique) pair (enterprise_capacity edits an existing one)");
        } else if (edit.id.empty()) {
          problem(c_id, "the enterprise id is empty", "an enterprise id (new or existing)");
        } else if (const session::SiteRegion site = session::ResolveSiteRegion(
                       model, *kind, edit.region,
                       enterprise != model.enterprise_index.end() ? enterprise->second : -1);
                   !site.ok) {
          // The region column when the file has one; else the id (the site is what lacks it).
          problem(c_region >= 0 ? c_region : c_id, site.problem, site.expected);
        }
        break;
      }
    }
    if (diagnostics.total() != before) continue;
    auto [it, added] = by_name.emplace(std::string(name), scenarios.size());
    if (added) scenarios.push_back({std::string(name), {}, line});
    scenarios[it->second].edits.push_back(std::move(edit));
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  if (scenarios.empty()) {
    return Status::InvalidInput(path, file.header_line(), 1, "the file has no edits",
                                "at least one line edit,kind,id,detail,year,value");
  }
  return scenarios;
}

void CompareWithBase(const Model& model, const Plan& base, WhatIfResult& result) {
  result.objective_change = 0.0;
  result.largest_output_changes.clear();
  if (!HasPlan(result.plan.status) || !HasPlan(base.status)) return;
  result.objective_change = result.plan.objective - base.objective;
  // Rounding of two simplex vertices of the same value (−7e-15 on ussr-1928) is no change.
  if (std::abs(result.objective_change) <= 1e-12 * std::max(1.0, std::abs(base.objective))) {
    result.objective_change = 0.0;
  }
  const std::vector<double> before = TotalOutput(model, base);
  const std::vector<double> after = TotalOutput(model, result.plan);
  std::vector<std::pair<Index, double>> changes;
  for (std::size_t i = 0; i < after.size(); ++i) {
    const double change = after[i] - (i < before.size() ? before[i] : 0.0);
    if (std::abs(change) > kNoChange * std::max(1.0, std::abs(after[i]))) {
      changes.emplace_back(static_cast<Index>(i), change);
    }
  }
  // Largest |change| first; ties by product order, so the table is the same every run.
  std::stable_sort(changes.begin(), changes.end(), [](const auto& a, const auto& b) {
    return std::abs(a.second) > std::abs(b.second);
  });
  if (changes.size() > 3) changes.resize(3);
  result.largest_output_changes = std::move(changes);
}

std::string WhatIfCsv(const Model& model, const Plan& base,
                      const std::vector<WhatIfResult>& results, bool with_timings) {
  std::string out;
  util::CsvWriter csv(out);
  for (const char* column : {"scenario", "line", "edits", "status", "objective", "objective_change",
                             "objective_change_percent", "iterations", "method", "tolerance",
                             "largest_output_changes"}) {
    csv.Text(column);
  }
  if (with_timings) csv.Text("solve_seconds").Text("extract_seconds");
  csv.EndRow();
  auto objective = [&](const Plan& plan) {
    if (HasPlan(plan.status)) {
      csv.Number(plan.objective);
    } else {
      csv.Empty();
    }
  };
  // The relative tolerance the verdict holds at (Plan::stated_tolerance; empty without a plan).
  auto tolerance = [&](const Plan& plan) {
    if (HasPlan(plan.status)) {
      csv.Number(plan.stated_tolerance);
    } else {
      csv.Empty();
    }
  };
  csv.Text("base").Integer(0).Integer(0).Text(ToString(base.status));
  objective(base);
  csv.Number(0).Number(0).Integer(base.iterations).Text(Method(base));
  tolerance(base);
  csv.Empty();
  if (with_timings) csv.Number(base.solve_seconds).Number(base.extract_seconds);
  csv.EndRow();
  for (const WhatIfResult& result : results) {
    csv.Text(result.name)
        .Integer(result.line)
        .Integer(static_cast<std::int64_t>(result.edits))
        .Text(ToString(result.plan.status));
    objective(result.plan);
    if (HasPlan(result.plan.status) && HasPlan(base.status)) {
      csv.Number(result.objective_change).Number(Percent(result.objective_change, base.objective));
    } else {
      csv.Empty().Empty();
    }
    csv.Integer(result.plan.iterations).Text(Method(result.plan));
    tolerance(result.plan);
    csv.Text(ChangesText(model, result));
    if (with_timings) csv.Number(result.plan.solve_seconds).Number(result.plan.extract_seconds);
    csv.EndRow();
  }
  return out;
}

std::string WhatIfText(const Model& model, const Plan& base,
                       const std::vector<WhatIfResult>& results) {
  // "simplex" iterations for CLP; PDLP's are PDHG steps (plus the crossover's pivots).
  auto tolerance = [](const Plan& plan) {
    return HasPlan(plan.status) ? fmt::format("{:g}", plan.stated_tolerance) : std::string("-");
  };
  std::string text = fmt::format(
      "Base plan: {}, objective {:.8g} ({} {} iterations, tolerance {}).\n", ToString(base.status),
      base.objective, base.iterations,
      base.settings.solver == "clp" ? "simplex" : base.settings.solver, tolerance(base));
  text += fmt::format("{:<20} {:<11} {:>14} {:>14} {:>10} {:<14} {:>9}  {}\n", "scenario", "status",
                      "objective", "change", "iterations", "method", "tolerance",
                      "largest output changes (whole plan)");
  for (const WhatIfResult& result : results) {
    const bool planned = HasPlan(result.plan.status);
    text += fmt::format(
        "{:<20} {:<11} {:>14} {:>14} {:>10} {:<14} {:>9}  {}\n", result.name,
        ToString(result.plan.status), planned ? fmt::format("{:.8g}", result.plan.objective) : "-",
        planned && HasPlan(base.status)
            ? fmt::format("{:+.3g}%", Percent(result.objective_change, base.objective))
            : "-",
        result.plan.iterations, Method(result.plan), tolerance(result.plan),
        planned ? ChangesText(model, result) : result.plan.explanation);
  }
  return text;
}

std::string WhatIfJson(const Model& model, const Plan& base,
                       const std::vector<WhatIfResult>& results) {
  auto objective = [](const Plan& plan) -> nlohmann::ordered_json {
    if (HasPlan(plan.status)) return plan.objective;
    return nullptr;
  };
  auto tolerance = [](const Plan& plan) -> nlohmann::ordered_json {
    if (HasPlan(plan.status)) return plan.stated_tolerance;
    return nullptr;
  };
  nlohmann::ordered_json scenarios = nlohmann::ordered_json::array();
  for (const WhatIfResult& result : results) {
    const bool compared = HasPlan(result.plan.status) && HasPlan(base.status);
    nlohmann::ordered_json changes = nlohmann::ordered_json::array();
    for (const auto& [product, change] : result.largest_output_changes) {
      changes.push_back({{"product", model.products[product].id}, {"change", change}});
    }
    scenarios.push_back(
        {{"name", result.name},
         {"line", result.line},
         {"edits", result.edits},
         {"status", ToString(result.plan.status)},
         {"objective", objective(result.plan)},
         {"objective_change", compared ? nlohmann::ordered_json(result.objective_change)
                                       : nlohmann::ordered_json(nullptr)},
         {"iterations", result.plan.iterations},
         {"method", Method(result.plan)},
         {"tolerance", tolerance(result.plan)},
         {"explanation", result.plan.explanation},
         {"largest_output_changes", changes}});
  }
  const nlohmann::ordered_json document = {{"schema", "gosplan.what_if/1"},
                                           {"model", model.settings.name},
                                           {"base",
                                            {{"status", ToString(base.status)},
                                             {"objective", objective(base)},
                                             {"iterations", base.iterations},
                                             {"method", Method(base)},
                                             {"tolerance", tolerance(base)}}},
                                           {"scenarios", scenarios}};
  return document.dump(2) + "\n";
}

}  // namespace gosplan
