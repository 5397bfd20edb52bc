// Growth reports itself: the text `gosplan growth` prints and the document "gosplan.growth/1"
// (docs/json.md), with the catch-up part when one was asked.
#include <fmt/format.h>

#include <cmath>
#include <iterator>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "gosplan/growth.h"
#include "util/csv_writer.h"
#include "util/json.h"

namespace gosplan {
namespace {

using util::Json;
using util::JsonNumber;

template <typename... Args>
void Append(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

// The name of activity or good k, or "activity 3" when the matrices came without names.
std::string Name(const std::vector<std::string>& names, Index k, const char* kind) {
  return names.empty() ? fmt::format("{} {}", kind, k + 1) : names[static_cast<std::size_t>(k)];
}

// Items by name, or by 1-based position when the matrices came without names.
Json Names(const std::vector<Index>& items, const std::vector<std::string>& names) {
  Json out = Json::array();
  for (Index k : items) {
    if (names.empty()) {
      out.push_back(k + 1);
    } else {
      out.push_back(names[static_cast<std::size_t>(k)]);
    }
  }
  return out;
}

Json Numbers(const std::vector<double>& values) {
  Json out = Json::array();
  for (double value : values) out.push_back(JsonNumber(value));
  return out;
}

// Keys of each object in alphabetical order (the order of the document before it had a schema).
Json SolutionJson(const GrowthSolution& solution) {
  Json out = Json::object();
  out["factor"] = JsonNumber(solution.factor);
  out["intensities"] = Numbers(solution.intensities);
  out["nontrivial"] = solution.nontrivial;
  out["prices"] = Numbers(solution.prices);
  out["value_produced"] = JsonNumber(solution.value_produced);
  return out;
}

std::string VectorsText(const GrowthMatrices& technology, const GrowthSolution& solution,
                        const char* label) {
  std::string out;
  Append(out, "\nIntensities at {} (share of activity, Σ = 1):\n", label);
  for (Index i = 0; i < technology.activities; ++i) {
    Append(out, "  {:<28} {:.10f}\n", Name(technology.activity_names, i, "activity"),
           solution.intensities[i]);
  }
  Append(out, "Prices at {} (Σ = 1):\n", label);
  for (Index j = 0; j < technology.goods; ++j) {
    Append(out, "  {:<28} {:.10f}\n", Name(technology.good_names, j, "good"), solution.prices[j]);
  }
  Append(out, "Value produced x B p = {:.6g} ({})\n", solution.value_produced,
         solution.nontrivial ? "non-trivial: a KMT economic solution"
                             : "ZERO: not an economic solution");
  return out;
}

// Gross output of `product` in plan year `year` (0 when the plan has no such balance).
double OutputIn(const Plan& plan, Index product, int year) {
  for (const ProductBalance& balance : plan.balances) {
    if (balance.product == product && balance.year == year) return balance.production;
  }
  return 0.0;
}

Json CatchUpJson(const CatchUpReport& catch_up) {
  const Model& model = catch_up.model;
  const CatchUpResult& result = catch_up.result;
  Json levels = Json::array();
  for (std::size_t k = 0; k < catch_up.levels.size(); ++k) {
    const CatchUpLevel& level = catch_up.levels[k];
    Json row = Json::object();
    row["base_capacity"] = JsonNumber(result.base_capacity[k]);
    row["level"] = JsonNumber(level.level);
    row["output_in_final_year"] =
        result.reached ? JsonNumber(OutputIn(result.plan, level.product, result.years))
                       : Json(nullptr);
    row["product"] = model.products[level.product].id;
    levels.push_back(std::move(row));
  }
  Json tried = Json::array();
  for (PlanStatus status : result.tried) tried.push_back(ToString(status));
  Json out = Json::object();
  out["above_design_capacity"] = result.above_design_capacity;
  out["calendar_year"] = result.reached ? Json(model.CalendarYear(result.years)) : Json(nullptr);
  out["explanation"] = result.explanation;
  out["fulfilment"] = result.reached ? Numbers(result.plan.fulfilment) : Json::array();
  out["horizons_tried"] = result.horizons_tried;
  out["levels"] = levels;
  out["lower_bound_years"] = JsonNumber(result.lower_bound_years);
  out["max_years"] = catch_up.options.max_years;
  out["plan_objective"] = result.reached ? JsonNumber(result.plan.objective) : Json(nullptr);
  out["plan_status"] = result.reached ? ToString(result.plan.status) : "infeasible";
  out["reached"] = result.reached;
  out["search"] = catch_up.options.assume_monotone
                      ? "doubling then bisection (assumes feasibility monotone in H)"
                      : "every horizon H = 1, 2, … in turn (exact)";
  out["tried"] = tried;
  out["von_neumann_alpha_with_capital"] = JsonNumber(result.alpha);
  out["von_neumann_status"] = ToString(result.growth_status);
  out["years"] = result.reached ? Json(result.years) : Json(nullptr);
  return out;
}

}  // namespace

std::string GrowthTextReport(const GrowthMatrices& technology, const GrowthResult& result,
                             const GrowthReportOptions& options) {
  std::string out;
  Append(out,
         "von Neumann expanding economy (Kemeny–Morgenstern–Thompson 1956, labour-free{}): "
         "{} activities × {} goods\n",
         options.with_capital ? ", closed with capital stocks as joint outputs" : "",
         technology.activities, technology.goods);
  if (options.from_model)
    Append(out, "Labour and other resources are ignored (labour-free form).\n");
  Append(out, "Status: {}\n", ToString(result.status));
  if (result.status == GrowthStatus::kUnbounded) {
    Append(out, "Technological expansion factor α = unbounded\n{}\n", result.explanation);
    return out;
  }
  if (result.status != GrowthStatus::kSolved) {
    Append(out, "{}\n", result.explanation);
    return out;
  }
  Append(out, "Technological expansion factor α = {:.12f}  (at most {:+.4f} % a year)\n",
         result.alpha, 100.0 * (result.alpha - 1.0));
  Append(out, "Economic interest factor       β = {:.12f}  (interest {:+.4f} % a year)\n",
         result.beta, 100.0 * (result.beta - 1.0));
  Append(out, "Reducible (α ≠ β, several economic solutions): {}\n",
         result.reducible ? "yes" : "no");
  Append(out, "{}\n", result.explanation);
  out += VectorsText(technology, result.technological, "α (technological solution)");
  if (result.reducible) out += VectorsText(technology, result.economic, "β (interest solution)");
  Append(out,
         "\nMethod: {}; tolerance {:g}; {} LP solves; α in [{:.14g}, {:.14g}], β in [{:.14g}, "
         "{:.14g}]\n",
         result.method, result.tolerance, result.lp_solves, result.alpha_low, result.alpha_high,
         result.beta_low, result.beta_high);
  return out;
}

std::string CatchUpTextReport(const CatchUpReport& catch_up) {
  const Model& model = catch_up.model;
  const CatchUpResult& result = catch_up.result;
  const std::vector<CatchUpLevel>& levels = catch_up.levels;
  std::string out;
  Append(out, "\nCatch-up with {} ({} level{}):\n", catch_up.levels_path, levels.size(),
         levels.size() == 1 ? "" : "s");
  Append(out, "{}\n", result.explanation);
  if (result.reached) {
    Append(out, "Years needed: {} (plan years {}–{})\n", result.years, model.CalendarYear(1),
           model.CalendarYear(result.years));
    Append(out, "  {:<24} {:>14} {:>14} {:>14}\n", "product", "level", "output", "base capacity");
    for (std::size_t k = 0; k < levels.size(); ++k) {
      Append(out, "  {:<24} {:>14.6g} {:>14.6g} {:>14.6g}\n", model.products[levels[k].product].id,
             levels[k].level, OutputIn(result.plan, levels[k].product, result.years),
             result.base_capacity[k]);
    }
    if (!result.plan.fulfilment.empty()) {
      Append(out, "Fulfilment of the target mix (λ) per year:");
      for (std::size_t t = 0; t < result.plan.fulfilment.size(); ++t) {
        Append(out, " {}: {:.4g}", model.CalendarYear(static_cast<int>(t) + 1),
               result.plan.fulfilment[t]);
      }
      Append(out, "\n");
    }
  }
  if (std::isnan(result.lower_bound_years)) {
    Append(out,
           "von Neumann lower bound: none (a level's product has no base capacity, or α "
           "unknown)\n");
  } else {
    Append(out,
           "von Neumann lower bound (sanity): log(max_i level_i / x0_i) / log α = {:.4g} years "
           "(α with capital = {})\n",
           result.lower_bound_years,
           std::isfinite(result.alpha) ? fmt::format("{:.10g}", result.alpha) : "unbounded");
  }
  return out;
}

// Keys in alphabetical order (the order of the document before it had a schema).
std::string GrowthJson(const GrowthMatrices& technology, const GrowthResult& result,
                       const GrowthReportOptions& options, const CatchUpReport* catch_up) {
  Json document = util::JsonDocument("gosplan.growth/1");
  // Names of a model's techniques and products; null for matrices read from CSV.
  document["activities"] = options.from_model ? Json(technology.activity_names) : Json(nullptr);
  document["alpha"] = JsonNumber(result.alpha);
  document["alpha_bracket"] = {JsonNumber(result.alpha_low), JsonNumber(result.alpha_high)};
  document["alpha_unbounded"] = result.status == GrowthStatus::kUnbounded;
  document["beta"] = JsonNumber(result.beta);
  document["beta_bracket"] = {JsonNumber(result.beta_low), JsonNumber(result.beta_high)};
  document["catch_up"] = catch_up != nullptr ? CatchUpJson(*catch_up) : Json(nullptr);
  document["explanation"] = result.explanation;
  document["goods"] = options.from_model ? Json(technology.good_names) : Json(nullptr);
  document["idle_activities"] = Names(result.idle_activities, technology.activity_names);
  document["intensities"] = Numbers(result.technological.intensities);
  document["interest_solution"] = SolutionJson(result.economic);
  document["labour_free"] = true;
  document["lp_solves"] = result.lp_solves;
  document["method"] = result.method;
  document["never_produced_goods"] = Names(result.never_produced_goods, technology.good_names);
  document["prices"] = Numbers(result.technological.prices);
  document["reducible"] = result.reducible;
  document["shape"] = {{"activities", technology.activities}, {"goods", technology.goods}};
  document["status"] = ToString(result.status);
  document["technological_solution"] = SolutionJson(result.technological);
  document["tolerance"] = JsonNumber(result.tolerance);
  document["unbounded_activities"] = Names(result.unbounded_activities, technology.activity_names);
  document["with_capital"] = options.with_capital;
  return util::JsonText(document);
}

std::string GrowthCsv(const GrowthMatrices& technology, const GrowthResult& result) {
  std::string out;
  util::CsvWriter csv(out, /*significant_digits=*/12);
  csv.Header("kind", "name", "at_alpha", "at_beta");
  csv.Text("factor").Text("growth").Number(result.alpha).Number(result.beta).EndRow();
  auto value = [](const std::vector<double>& values, Index k) {
    return static_cast<std::size_t>(k) < values.size() ? values[static_cast<std::size_t>(k)]
                                                       : std::numeric_limits<double>::quiet_NaN();
  };
  for (Index i = 0; i < technology.activities; ++i) {
    csv.Text("activity")
        .Text(Name(technology.activity_names, i, "activity"))
        .Number(value(result.technological.intensities, i))
        .Number(value(result.economic.intensities, i))
        .EndRow();
  }
  for (Index j = 0; j < technology.goods; ++j) {
    csv.Text("good")
        .Text(Name(technology.good_names, j, "good"))
        .Number(value(result.technological.prices, j))
        .Number(value(result.economic.prices, j))
        .EndRow();
  }
  return out;
}

}  // namespace gosplan
