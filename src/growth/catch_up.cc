// Catch-up time: the first plan horizon H whose plan reaches the given output levels in year H.
// The mathematics and the choices are documented in include/gosplan/growth.h.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>

#include "gosplan/check.h"
#include "gosplan/growth.h"
#include "gosplan/horizon.h"
#include "gosplan/model_range.h"
#include "util/csv.h"
#include "util/csv_columns.h"

namespace gosplan {
namespace {

// Year-1 capacity of each product from stocks, resources and activity ceilings (+inf: unlimited).
std::vector<double> BaseCapacity(const Model& model) {
  const Index P = static_cast<Index>(model.products.size());
  std::vector<double> capacity(static_cast<std::size_t>(P), 0.0);
  std::map<std::pair<Index, Index>, double> stock;  // (enterprise, product) -> K[e,i,0]
  for (const InitialStock& s : model.initial_stocks) stock[{s.enterprise, s.product}] += s.quantity;
  std::vector<std::vector<const CapitalCoefficient*>> capital(model.techniques.size());
  for (const CapitalCoefficient& c : model.capital) {
    if (c.per_unit_activity > 0) capital[c.technique].push_back(&c);
  }
  std::vector<std::vector<const Coefficient*>> uses(model.techniques.size()),
      makes(model.techniques.size());
  for (const Coefficient& c : model.resource_use) {
    if (c.value > 0) uses[c.technique].push_back(&c);
  }
  for (const Coefficient& c : model.outputs) makes[c.technique].push_back(&c);
  for (const EnterpriseTechnique& et : model.enterprise_techniques) {
    double activity = et.max_activity;
    for (const CapitalCoefficient* c : capital[et.technique]) {
      auto it = stock.find({et.enterprise, c->product});
      activity = std::min(activity, (it == stock.end() ? 0.0 : it->second) / c->per_unit_activity);
    }
    for (const Coefficient* c : uses[et.technique]) {
      activity = std::min(activity, model.Availability(c->item, 1) / c->value);
    }
    for (const Coefficient* c : makes[et.technique]) capacity[c->item] += c->value * activity;
  }
  return capacity;
}

}  // namespace

Result<std::vector<CatchUpLevel>> ReadCatchUpLevels(const std::string& path, const Model& model,
                                                    const CsvDialect& dialect) {
  util::CsvOptions options;
  options.dialect = dialect;
  auto file = util::CsvFile::Open(path, options);
  if (!file.ok()) return file.status();
  util::CsvFile& csv = file.value();
  Diagnostics diagnostics;
  const int product_column = csv.Require("product", diagnostics);
  const int level_column = csv.Require("level", diagnostics);
  util::RejectUnknownColumns(csv, {"product", "level"}, diagnostics);
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  std::vector<CatchUpLevel> levels;
  std::map<Index, std::int64_t> seen;
  util::CsvRow row;
  while (csv.Next(row, diagnostics)) {
    const std::string id(row.fields[static_cast<std::size_t>(product_column)]);
    auto it = model.product_index.find(id);
    if (it == model.product_index.end()) {
      diagnostics.Add(path, row.line, product_column + 1, "unknown product '" + id + "'",
                      "a product id defined in the model's products.csv");
      continue;
    }
    auto level = util::ParseNonNegative(row.fields[static_cast<std::size_t>(level_column)], path,
                                        row.line, level_column, diagnostics, "level");
    if (!level) continue;
    // The level becomes a quota of the plan LP: the solvers' range applies (gosplan/model_range.h).
    if (*level > kMaxModelMagnitude) {
      diagnostics.Add(path, row.line, level_column + 1,
                      fmt::format("level {:g} is beyond the solvers' range", *level),
                      "a level of at most 1e20");
      continue;
    }
    if (auto [where, inserted] = seen.emplace(it->second, row.line); !inserted) {
      diagnostics.Add(
          path, row.line, product_column + 1,
          "duplicate product '" + id + "' (first on line " + std::to_string(where->second) + ")",
          "each product once");
      continue;
    }
    levels.push_back({it->second, *level, row.line});
  }
  if (diagnostics.empty() && levels.empty()) {
    diagnostics.Add(path, csv.header_line(), 0, "table has a header but no rows",
                    "one row per product: product,level");
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  return levels;
}

// ResizeHorizon (gosplan/horizon.h) without quotas or actuals: the growth path asks for no one's
// output.
Model ExtendModelHorizon(const Model& model, int horizon) {
  Model resized = ResizeHorizon(model, horizon);
  resized.quotas.clear();
  resized.actuals.clear();
  return resized;
}

bool CatchUpOptions::IsValid(std::string* error) const {
  if (max_years < 1) {
    if (error) *error = "max_years is " + std::to_string(max_years) + "; it must be ≥ 1";
    return false;
  }
  std::string inner;
  if (!plan.IsValid(&inner)) {
    if (error) *error = "plan." + inner;
    return false;
  }
  if (!growth.IsValid(&inner)) {
    if (error) *error = "growth." + inner;
    return false;
  }
  return true;
}

Result<CatchUpResult> SolveCatchUp(const Model& model, const std::vector<CatchUpLevel>& levels,
                                   const CatchUpOptions& options) {
  if (Status invalid = ValidateOptions(options, "CatchUpOptions"); !invalid.ok()) return invalid;
  for (const CatchUpLevel& level : levels) {
    if (level.product < 0 || level.product >= static_cast<Index>(model.products.size()) ||
        !(level.level >= 0) || !std::isfinite(level.level)) {
      return Status::InvalidInput("catch-up levels", level.line, 0,
                                  "a level names no product or is not a number >= 0",
                                  "product indices of the model and finite levels >= 0");
    }
  }
  CatchUpResult result;

  // Von Neumann sanity bound (closed model with capital).
  auto growth = SolveGrowth(GrowthMatricesFromModel(model, true), options.growth);
  if (!growth.ok()) return growth.status();
  result.growth_status = growth.value().status;
  result.alpha = growth.value().alpha;
  const std::vector<double> capacity = BaseCapacity(model);
  double ratio = 0.0;
  bool no_base = false;
  for (const CatchUpLevel& level : levels) {
    const double x0 = capacity[level.product];
    result.base_capacity.push_back(x0);
    if (level.level <= 0) continue;
    if (x0 <= 0) {
      no_base = true;
    } else if (std::isfinite(x0)) {
      ratio = std::max(ratio, level.level / x0);
    }
  }
  if (no_base) {
    result.lower_bound_years = std::numeric_limits<double>::quiet_NaN();
  } else if (ratio <= 1.0) {
    result.lower_bound_years = 0.0;
  } else if (result.growth_status == GrowthStatus::kUnbounded) {
    result.lower_bound_years = 0.0;
  } else if (result.growth_status != GrowthStatus::kSolved) {
    result.lower_bound_years = std::numeric_limits<double>::quiet_NaN();
  } else if (result.alpha <= 1.0) {
    result.lower_bound_years = std::numeric_limits<double>::infinity();
  } else {
    result.lower_bound_years = std::log(ratio) / std::log(result.alpha);
  }

  // Levels no horizon can reach: above the design capacities of every producer together.
  for (const CatchUpLevel& level : levels) {
    const DesignCeiling ceiling = OutputDesignCeiling(model, level.product, -1);
    if (level.level <= ceiling.ceiling * (1 + 1e-9)) continue;
    const Product& product = model.products[level.product];
    if (ceiling.capped_by.empty()) {
      // No enterprise runs a technique that makes it: there are no capacities to name.
      result.above_design_capacity.push_back(
          fmt::format("{} {:.6g} {}: no enterprise runs a technique that makes {}", product.name,
                      level.level, product.unit, product.name));
      continue;
    }
    std::string caps;
    for (const std::string& cap : ceiling.capped_by) caps += (caps.empty() ? "" : "; ") + cap;
    result.above_design_capacity.push_back(
        fmt::format("{} {:.6g} {} is more than its producers' design capacities "
                    "allow together ({:.6g} a year: {})",
                    product.name, level.level, product.unit, ceiling.ceiling, caps));
  }
  if (!result.above_design_capacity.empty()) {
    result.explanation = "The levels can never be reached, whatever the horizon: ";
    for (std::size_t k = 0; k < result.above_design_capacity.size(); ++k) {
      result.explanation += (k > 0 ? "; " : "") + result.above_design_capacity[k];
    }
    result.explanation += ".";
    return result;
  }

  PlanOptions plan_options = options.plan;
  plan_options.quotas_as_constraints = 1;
  const int max_years = std::max(1, options.max_years);
  // Plans horizon H with the levels as quotas in year H; keeps the plan when feasible.
  struct Attempt {
    PlanStatus status = PlanStatus::kError;
    Model model;
    Plan plan;
  };
  auto attempt = [&](int H) -> Result<Attempt> {
    Attempt a;
    a.model = ExtendModelHorizon(model, H);
    a.model.settings.quotas_as_constraints = true;
    for (const CatchUpLevel& level : levels) {
      a.model.quotas.push_back(
          {"catch_up_" + model.products[level.product].id, level.product, -1, H, level.level});
    }
    if (plan_options.log) plan_options.log("catch-up: trying " + std::to_string(H) + " year(s)");
    auto plan = SolvePlan(a.model, plan_options);
    if (!plan.ok()) return plan.status();
    if (plan.value().status == PlanStatus::kUnbounded) {
      // Feasible, but the model's objective has no optimum: re-plan with the bounded min-resources
      // objective.
      PlanOptions bounded = plan_options;
      bounded.use_model_objective = false;
      bounded.objective = ObjectiveKind::kMinResources;
      plan = SolvePlan(a.model, bounded);
      if (!plan.ok()) return plan.status();
    }
    a.status = plan.value().status;
    a.plan = std::move(plan.value());
    result.tried.push_back(a.status);
    result.horizons_tried.push_back(H);
    return a;
  };
  auto stopped = [&](Attempt& a, int H) {
    result.explanation = "The solver stopped (" + std::string(ToString(a.status)) +
                         ") on the plan of " + std::to_string(H) + " year(s); no proven answer.";
    result.model = std::move(a.model);
    result.plan = std::move(a.plan);
  };
  auto found = [&](Attempt& a, int H) {
    result.reached = true;
    result.years = H;
    result.model = std::move(a.model);
    result.plan = std::move(a.plan);
    result.explanation =
        "The levels are first reached in plan year " + std::to_string(H) + " (" +
        std::to_string(model.CalendarYear(H)) + "): the first horizon whose plan can " +
        "produce them in its last year" +
        (options.assume_monotone ? " (searched by doubling and bisection, assuming that "
                                   "a feasible horizon stays feasible when lengthened)."
                                 : ".");
  };
  auto busy = [](PlanStatus status) {
    return StoppedEarly(status) || status == PlanStatus::kError;
  };

  if (!options.assume_monotone) {
    for (int H = 1; H <= max_years; ++H) {
      auto a = attempt(H);
      if (!a.ok()) return a.status();
      if (HasPlan(a.value().status)) {  // optimal, or approximate within its stated tolerance
        found(a.value(), H);
        return result;
      }
      if (busy(a.value().status)) {
        stopped(a.value(), H);
        return result;
      }
    }
  } else {
    // Doubling: 1, 2, 4, … (capped at max_years) until feasible, then bisection in (last
    // infeasible, H].
    int infeasible = 0, feasible = 0;
    Attempt best;
    for (int H = 1;; H = std::min(2 * H, max_years)) {
      auto a = attempt(H);
      if (!a.ok()) return a.status();
      if (busy(a.value().status)) {
        stopped(a.value(), H);
        return result;
      }
      if (HasPlan(a.value().status)) {  // optimal, or approximate within its stated tolerance
        feasible = H;
        best = std::move(a.value());
        break;
      }
      infeasible = H;
      if (H == max_years) break;
    }
    if (feasible > 0) {
      while (feasible - infeasible > 1) {
        const int mid = infeasible + (feasible - infeasible) / 2;
        auto a = attempt(mid);
        if (!a.ok()) return a.status();
        if (busy(a.value().status)) {
          stopped(a.value(), mid);
          return result;
        }
        if (HasPlan(a.value().status)) {  // optimal, or approximate within its stated tolerance
          feasible = mid;
          best = std::move(a.value());
        } else {
          infeasible = mid;
        }
      }
      found(best, feasible);
      return result;
    }
  }
  result.explanation = "The levels cannot be reached within " + std::to_string(max_years) +
                       " year(s): " +
                       (options.assume_monotone ? "the plan of that horizon is"
                                                : "every plan up to that horizon is") +
                       " infeasible with them as quotas.";
  return result;
}

}  // namespace gosplan
