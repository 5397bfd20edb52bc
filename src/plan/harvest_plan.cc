// The two-stage harvest plan (include/gosplan/harvest.h; docs/planning-model.md, "Uncertain
// harvests"): the deterministic equivalent solved with CLP, each scenario's recourse re-solved
// with the shared first year held (so that every scenario has a complete plan with its own
// prices), and the expected-value plan measured beside it.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "gosplan/harvest.h"
#include "gosplan/version.h"
#include "plan/plan_program.h"
#include "plan/scenario_program.h"
#include "plan/tight_dual_tolerance.h"
#include "util/atomic_output.h"
#include "util/csv_writer.h"

namespace gosplan {
namespace {

// 12 significant digits, as the plan folder writes numbers; tiny values are 0.
double Shown(double value) {
  if (std::abs(value) < 1e-9) return 0.0;
  return util::RoundToSignificant(value, 12);
}

// The two-stage plan optimises one expectation in one LP; the lexicographic max–min is a sequence
// of LPs (src/plan/maxmin.cc) whose expectation over scenarios is not defined here.
Status RefuseMaxmin(const Model& model, const PlanOptions& options) {
  const ObjectiveKind objective =
      options.use_model_objective ? model.settings.objective : options.objective;
  if (objective != ObjectiveKind::kMaxmin) return Status::Ok();
  return Status::InvalidArgument(
      "PlanOptions",
      "objective is maxmin, a sequence of plans, one per group fixed; harvest scenarios are "
      "planned as one LP over their expectation, so choose another objective (group floors "
      "still apply) or ignore the scenarios");
}

Status RefuseOtherSolvers(const Model& model, const PlanOptions& options) {
  if (Status invalid = ValidateOptions(options, "PlanOptions"); !invalid.ok()) return invalid;
  if (Status refused = RefuseMaxmin(model, options); !refused.ok()) return refused;
  if (!options.price_numeraire.empty() &&
      model.resource_index.count(options.price_numeraire) == 0) {
    return Status::InvalidArgument(
        "PlanOptions", fmt::format("price_numeraire '{}' is not a resource of the model",
                                   options.price_numeraire));
  }
  if (options.solver_kind && *options.solver_kind != SolverKind::kClp) {
    return Status::InvalidArgument(
        "PlanOptions", fmt::format("solver_kind is {}; harvest scenarios are solved with CLP only "
                                   "(the deterministic equivalent and its re-solves)",
                                   ToString(*options.solver_kind)));
  }
  return Status::Ok();
}

// CLP on `lp`, once more at a tighter dual tolerance when the prices miss the 1e-6 check (as
// SolvePlan does).
Result<LpSolution> SolveClp(const Model& model, const plan::PlanProgram& program,
                            const PlanOptions& options) {
  auto solved = SolveWithClp(program.lp, options.solver);
  if (!solved.ok() || solved.value().status != LpStatus::kOptimal ||
      options.solver.dual_tolerance != 0) {
    return solved;
  }
  const PlanAccuracy first = plan::MeasureSimplexAccuracy(model, program, solved.value());
  if (plan::PricesNeedTightDualTolerance(first)) {
    LpSolveOptions tighter = options.solver;
    tighter.dual_tolerance = plan::kTightDualTolerance;
    auto again = SolveWithClp(program.lp, tighter);
    if (again.ok() && again.value().status == LpStatus::kOptimal) return again;
  }
  return solved;
}

struct YieldSolve {
  Plan plan;
  std::vector<double> first_year;  // values of FirstStageColumns at the solution (optimal only)
};

Result<plan::PlanProgram> BuildWithYields(const Model& model, const PlanOptions& options,
                                          const std::vector<double>& yields, bool with_names) {
  auto built = plan::BuildPlanProgram(model, options, with_names);
  if (!built.ok()) return built.status();
  const std::size_t expected = model.products.size() * static_cast<std::size_t>(model.horizon());
  if (!yields.empty()) {
    if (yields.size() != expected) {
      return Status::InvalidArgument(
          "harvest plan", fmt::format("yields has {} values; it must have products × horizon = {}",
                                      yields.size(), expected));
    }
    plan::ApplyYieldFactors(model, built.value(), yields);
  }
  return built;
}

Result<YieldSolve> SolveYieldProgram(const Model& model, const PlanOptions& options,
                                     const std::vector<double>& yields,
                                     const std::vector<double>& fixed_first_year,
                                     int first_stage_years) {
  const auto start = std::chrono::steady_clock::now();
  auto built = BuildWithYields(model, options, yields, /*with_names=*/false);
  if (!built.ok()) return built.status();
  plan::PlanProgram& program = built.value();
  const std::vector<Index> first_year = plan::FirstStageColumns(model, program, first_stage_years);
  if (!fixed_first_year.empty()) {
    if (fixed_first_year.size() != first_year.size()) {
      return Status::InvalidArgument("harvest plan",
                                     fmt::format("fixed_first_stage has {} values; the plan has {} "
                                                 "first-stage columns",
                                                 fixed_first_year.size(), first_year.size()));
    }
    // Held at the given value, put onto the column's own bounds (a solver's 1e-12 outside).
    for (std::size_t k = 0; k < first_year.size(); ++k) {
      const Index j = first_year[k];
      const double value =
          std::clamp(fixed_first_year[k], program.lp.column_lower[j], program.lp.column_upper[j]);
      program.lp.column_lower[j] = program.lp.column_upper[j] = value;
    }
  }
  YieldSolve result;
  Plan& plan = result.plan;
  plan::DescribePlanProgramFacts(model, program, plan);
  plan.build_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  plan.settings.solver = "clp";
  plan.settings.algorithm = ToString(options.solver.algorithm);
  plan.settings.time_limit_seconds = options.solver.time_limit_seconds;
  plan.settings.iteration_limit = options.solver.iteration_limit;
  plan.settings.tolerance = Plan::kExactTolerance;
  plan.settings.price_numeraire = options.price_numeraire;
  auto solved = SolveClp(model, program, options);
  if (!solved.ok()) return solved.status();
  plan::IssueSimplexPlan(model, program, solved.value(), plan);
  if (solved.value().status == LpStatus::kOptimal) {
    for (Index j : first_year) result.first_year.push_back(solved.value().column_values[j]);
  }
  return result;
}

double CarriedOut(const Model& model, const Plan& plan, Index product, int year) {
  if (!HasPlan(plan.status)) return 0.0;
  return plan.balances[static_cast<std::size_t>(product * model.horizon() + year - 1)].stock_out;
}

Status CheckFirstStage(const Model& model, int first_stage_years) {
  if (first_stage_years >= 1 && first_stage_years <= model.horizon()) return Status::Ok();
  return Status::InvalidArgument(
      "harvest plan", fmt::format("first_stage_years is {}; it must be 1..{} (the horizon)",
                                  first_stage_years, model.horizon()));
}

}  // namespace

Result<Plan> SolvePlanWithYields(const Model& model, const PlanOptions& options,
                                 const std::vector<double>& yields,
                                 const std::vector<double>& fixed_first_stage,
                                 int first_stage_years) {
  if (Status refused = RefuseOtherSolvers(model, options); !refused.ok()) return refused;
  if (Status refused = CheckFirstStage(model, first_stage_years); !refused.ok()) return refused;
  auto solved = SolveYieldProgram(model, options, yields, fixed_first_stage, first_stage_years);
  if (!solved.ok()) return solved.status();
  return std::move(solved.value().plan);
}

double HarvestPlan::CostOfSafety() const {
  const double sense = maximize ? 1.0 : -1.0;
  return sense * (expected_value.objective - expected_objective);
}

std::optional<double> HarvestPlan::ValueOfStochasticSolution() const {
  if (!expected_value_used) return std::nullopt;
  const double sense = maximize ? 1.0 : -1.0;
  return sense * (expected_objective - *expected_value_used);
}

Result<LinearProgram> BuildHarvestLinearProgram(const Model& model,
                                                const HarvestScenarios& scenarios,
                                                const PlanOptions& options, int first_stage_years) {
  if (Status refused = RefuseMaxmin(model, options); !refused.ok()) return refused;
  if (Status refused = CheckFirstStage(model, first_stage_years); !refused.ok()) return refused;
  std::vector<plan::PlanProgram> programs;
  std::vector<const LinearProgram*> blocks;
  std::vector<double> probabilities;
  std::vector<std::string> prefixes;
  for (std::size_t s = 0; s < scenarios.scenarios.size(); ++s) {
    auto built = BuildWithYields(model, options, scenarios.yield_factor[s], /*with_names=*/true);
    if (!built.ok()) return built.status();
    programs.push_back(std::move(built.value()));
    probabilities.push_back(scenarios.scenarios[s].probability);
    prefixes.push_back(scenarios.scenarios[s].id);
  }
  for (const plan::PlanProgram& program : programs) blocks.push_back(&program.lp);
  const std::vector<Index> shared =
      plan::FirstStageColumns(model, programs.front(), first_stage_years);
  return std::move(plan::StackScenarios(blocks, probabilities, shared, prefixes,
                                        first_stage_years == 1 ? "year1" : "stage1")
                       .lp);
}

Result<HarvestPlan> SolveHarvestPlan(const Model& model, const HarvestScenarios& scenarios,
                                     const PlanOptions& options, int first_stage_years) {
  if (Status refused = RefuseOtherSolvers(model, options); !refused.ok()) return refused;
  if (Status refused = CheckFirstStage(model, first_stage_years); !refused.ok()) return refused;
  if (scenarios.scenarios.empty() || scenarios.yield_factor.size() != scenarios.scenarios.size()) {
    return Status::InvalidArgument("HarvestScenarios",
                                   "scenarios is empty or has no yields per scenario");
  }
  HarvestPlan result;
  result.first_stage_years = first_stage_years;
  const std::size_t S = scenarios.scenarios.size();
  std::vector<plan::PlanProgram> programs;
  std::vector<double> probabilities;
  for (std::size_t s = 0; s < S; ++s) {
    auto built = BuildWithYields(model, options, scenarios.yield_factor[s], /*with_names=*/false);
    if (!built.ok()) return built.status();
    programs.push_back(std::move(built.value()));
    probabilities.push_back(scenarios.scenarios[s].probability);
  }
  result.objective_kind = programs.front().objective;
  result.maximize = programs.front().lp.maximize;
  std::vector<const LinearProgram*> blocks;
  for (const plan::PlanProgram& program : programs) blocks.push_back(&program.lp);
  const std::vector<Index> shared =
      plan::FirstStageColumns(model, programs.front(), first_stage_years);
  const plan::StackedProgram stacked = plan::StackScenarios(blocks, probabilities, shared);
  result.lp_rows = stacked.lp.num_rows;
  result.lp_columns = stacked.lp.num_columns;
  result.lp_nonzeros = stacked.lp.num_nonzeros();
  if (options.log) {
    options.log(fmt::format(
        "solving the deterministic equivalent of {} harvest scenarios with CLP: {} rows, {} "
        "columns, {} non-zeros",
        S, result.lp_rows, result.lp_columns, result.lp_nonzeros));
  }
  auto solved = SolveWithClp(stacked.lp, options.solver);
  if (!solved.ok()) return solved.status();
  const LpSolution& solution = solved.value();
  result.status = plan::PlanStatusFromLp(solution.status);
  result.solver = solution.solver;
  result.iterations = solution.iterations;
  result.solve_seconds = solution.seconds;
  std::vector<double> first_year;
  // "first year (1929)" or "first 3 years (1929–1931)": the first stage in words.
  const std::string stage =
      first_stage_years == 1
          ? fmt::format("first year ({})", model.CalendarYear(1))
          : fmt::format("first {} years ({}–{})", first_stage_years, model.CalendarYear(1),
                        model.CalendarYear(first_stage_years));
  if (result.status == PlanStatus::kOptimal) {
    result.expected_objective = solution.objective;
    for (Index j : shared) first_year.push_back(solution.column_values[stacked.column_of[0][j]]);
    result.explanation = fmt::format(
        "The two-stage plan over {} harvest scenarios: one plan of the {} for all of them, later "
        "years adapted to each harvest; its expected objective is {:.6g}.",
        S, stage, result.expected_objective);
  } else if (result.status == PlanStatus::kInfeasible) {
    result.explanation = fmt::format(
        "No plan of the {} can be carried through every harvest scenario: under the "
        "worst harvests the floors (final demand, quotas as law, terminal conditions) "
        "cannot all be met, whatever is held in reserve. Each scenario's own plan "
        "(`gosplan plan --expected-value` on a model with only that scenario) shows "
        "which.",
        stage);
  } else if (result.status == PlanStatus::kUnbounded) {
    result.explanation =
        "The two-stage plan is unbounded: some scenario's objective can grow "
        "without end (as the plan of that harvest alone would).";
  } else {
    result.explanation = fmt::format("The solver stopped ({}) before it found a two-stage plan.",
                                     ToString(result.status));
  }

  // The expected-value plan, and its first year used under every harvest.
  if (options.log) options.log("solving the expected-value plan (probability-weighted yields)");
  auto expected_value =
      SolveYieldProgram(model, options, scenarios.ExpectedYields(), {}, first_stage_years);
  if (!expected_value.ok()) return expected_value.status();
  result.expected_value = std::move(expected_value.value().plan);
  const std::vector<double>& ev_first_year = expected_value.value().first_year;
  bool all_feasible = !ev_first_year.empty();
  double ev_used = 0.0;
  for (std::size_t s = 0; s < S; ++s) {
    ScenarioOutcome outcome;
    outcome.scenario = scenarios.scenarios[s].id;
    outcome.probability = scenarios.scenarios[s].probability;
    if (!first_year.empty()) {
      auto recourse = SolveYieldProgram(model, options, scenarios.yield_factor[s], first_year,
                                        first_stage_years);
      if (!recourse.ok()) return recourse.status();
      outcome.plan = std::move(recourse.value().plan);
      if (HasPlan(outcome.plan.status)) {
        outcome.plan.explanation =
            fmt::format(
                "Scenario '{}' (probability {:.6g}) of the two-stage plan: the first year shared "
                "by "
                "every scenario, the later years this harvest's best recourse. ",
                outcome.scenario, outcome.probability) +
            outcome.plan.explanation;
      }
    } else {
      outcome.plan.status = result.status;
      outcome.plan.explanation = result.explanation;
    }
    if (!ev_first_year.empty()) {
      auto used = SolveYieldProgram(model, options, scenarios.yield_factor[s], ev_first_year,
                                    first_stage_years);
      if (!used.ok()) return used.status();
      outcome.expected_value_first_year = std::move(used.value().plan);
      Plan& plan = outcome.expected_value_first_year;
      if (HasPlan(plan.status)) {
        ev_used += outcome.probability * plan.objective;
      } else {
        all_feasible = false;
        if (plan.status == PlanStatus::kInfeasible) {
          plan.explanation = fmt::format(
              "The expected-value plan's {} (its production, uses and reserves) cannot be "
              "carried through scenario '{}': no later plan meets the floors under that harvest.",
              stage, outcome.scenario);
        }
      }
    } else {
      outcome.expected_value_first_year.status = result.expected_value.status;
      outcome.expected_value_first_year.explanation = result.expected_value.explanation;
    }
    result.scenarios.push_back(std::move(outcome));
  }
  if (all_feasible) result.expected_value_used = ev_used;

  // Reserves: stocks of storable products carried out of year 1 in both plans.
  const Plan* stochastic = result.scenarios.empty() ? nullptr : &result.scenarios.front().plan;
  for (Index i = 0; i < static_cast<Index>(model.products.size()); ++i) {
    if (!model.products[i].storable) continue;
    Reserve reserve;
    reserve.product = i;
    if (stochastic) reserve.stochastic = CarriedOut(model, *stochastic, i, first_stage_years);
    reserve.expected_value = CarriedOut(model, result.expected_value, i, first_stage_years);
    if (reserve.stochastic != 0.0 || reserve.expected_value != 0.0)
      result.reserves.push_back(reserve);
  }
  return result;
}

// ---- Reports
// -------------------------------------------------------------------------------------

namespace {

std::string Number(double value) { return fmt::format("{:.6g}", Shown(value)); }

nlohmann::ordered_json JsonNumber(double value) { return Shown(value); }

std::string ReservesLine(const Model& model, const HarvestPlan& plan) {
  std::string text;
  for (const Reserve& reserve : plan.reserves) {
    const Product& product = model.products[reserve.product];
    text += fmt::format("  {} ({}): two-stage plan {} {}, expected-value plan {} {}\n",
                        product.name, product.id, Number(reserve.stochastic), product.unit,
                        Number(reserve.expected_value), product.unit);
  }
  return text;
}

}  // namespace

std::string HarvestTextReport(const Model& model, const HarvestPlan& plan) {
  std::string text;
  const char* sense = plan.maximize ? "maximised" : "minimised";
  text += fmt::format("Two-stage plan over {} harvest scenarios: {}\n", plan.scenarios.size(),
                      ToString(plan.status));
  text += plan.explanation + "\n";
  text += fmt::format("Objective ({}, {}):\n", ToString(plan.objective_kind), sense);
  if (HasPlan(plan.status)) {
    text +=
        fmt::format("  two-stage plan, expected:            {}\n", Number(plan.expected_objective));
  }
  if (HasPlan(plan.expected_value.status)) {
    text += fmt::format("  expected-value plan (mean yields):   {}\n",
                        Number(plan.expected_value.objective));
  } else {
    text += fmt::format("  expected-value plan (mean yields):   {}\n",
                        ToString(plan.expected_value.status));
  }
  // "first year", or "first stage" when the first stage is longer (--first-stage-years).
  const std::string first = plan.first_stage_years == 1 ? "first year" : "first stage";
  text += "  the expected-value plan's " + first + " used under each harvest:\n";
  for (const ScenarioOutcome& outcome : plan.scenarios) {
    const Plan& used = outcome.expected_value_first_year;
    text += fmt::format("    {} (p = {:.6g}): {}{}", outcome.scenario, outcome.probability,
                        ToString(used.status),
                        HasPlan(used.status) ? ", " + Number(used.objective) : std::string());
    if (HasPlan(outcome.plan.status)) {
      text += fmt::format("; the two-stage plan there: {}", Number(outcome.plan.objective));
    }
    text += "\n";
  }
  if (plan.expected_value_used) {
    text += fmt::format("  expected result of using the expected-value {}: {}\n", first,
                        Number(*plan.expected_value_used));
  } else {
    text += "  expected result of using the expected-value " + first +
            ": none (it fails under some harvest)\n";
  }
  if (HasPlan(plan.status) && HasPlan(plan.expected_value.status)) {
    text += fmt::format("Cost of safety (objective given up against the expected-value plan): {}\n",
                        Number(plan.CostOfSafety()));
    if (auto vss = plan.ValueOfStochasticSolution()) {
      text += fmt::format("Value of the stochastic solution: {}\n", Number(*vss));
    } else {
      text += "Value of the stochastic solution: unbounded (the expected-value " + first +
              " cannot be carried through every harvest; the two-stage one can)\n";
    }
  }
  if (!plan.reserves.empty()) {
    text +=
        fmt::format("Reserves carried out of {}:\n", model.CalendarYear(plan.first_stage_years));
    text += ReservesLine(model, plan);
  }
  return text;
}

std::string HarvestJson(const Model& model, const HarvestPlan& plan) {
  nlohmann::ordered_json doc;
  doc["schema"] = "gosplan.harvest-plan/1";
  doc["model"] = model.settings.name;
  doc["model_path"] = model.folder;
  doc["model_checksum"] = ModelChecksum(model.folder);
  doc["gosplan_version"] = kVersion;
  doc["status"] = ToString(plan.status);
  doc["explanation"] = plan.explanation;
  doc["objective_kind"] = ToString(plan.objective_kind);
  doc["sense"] = plan.maximize ? "maximise" : "minimise";
  doc["base_year"] = model.settings.base_year;
  doc["horizon"] = model.horizon();
  doc["first_stage_years"] = plan.first_stage_years;
  auto objective_or_null = [](const Plan& p) {
    return HasPlan(p.status) ? JsonNumber(p.objective) : nlohmann::ordered_json();
  };
  doc["expected_objective"] =
      HasPlan(plan.status) ? JsonNumber(plan.expected_objective) : nlohmann::ordered_json();
  doc["expected_value_plan"] = {{"status", ToString(plan.expected_value.status)},
                                {"objective", objective_or_null(plan.expected_value)}};
  doc["expected_value_used"] =
      plan.expected_value_used ? JsonNumber(*plan.expected_value_used) : nlohmann::ordered_json();
  const bool both = HasPlan(plan.status) && HasPlan(plan.expected_value.status);
  doc["cost_of_safety"] = both ? JsonNumber(plan.CostOfSafety()) : nlohmann::ordered_json();
  const auto vss = plan.ValueOfStochasticSolution();
  doc["value_of_stochastic_solution"] = both && vss ? JsonNumber(*vss) : nlohmann::ordered_json();
  nlohmann::ordered_json scenarios = nlohmann::ordered_json::array();
  for (const ScenarioOutcome& outcome : plan.scenarios) {
    scenarios.push_back({{"id", outcome.scenario},
                         {"probability", outcome.probability},
                         {"status", ToString(outcome.plan.status)},
                         {"objective", objective_or_null(outcome.plan)},
                         {"expected_value_first_year",
                          {{"status", ToString(outcome.expected_value_first_year.status)},
                           {"objective", objective_or_null(outcome.expected_value_first_year)}}}});
  }
  doc["scenarios"] = scenarios;
  nlohmann::ordered_json reserves = nlohmann::ordered_json::array();
  for (const Reserve& reserve : plan.reserves) {
    const Product& product = model.products[reserve.product];
    reserves.push_back({{"product", product.id},
                        {"year", model.CalendarYear(plan.first_stage_years)},
                        {"stochastic", JsonNumber(reserve.stochastic)},
                        {"expected_value", JsonNumber(reserve.expected_value)},
                        {"unit", product.unit}});
  }
  doc["reserves"] = reserves;
  doc["lp"] = {{"rows", plan.lp_rows},
               {"columns", plan.lp_columns},
               {"nonzeros", plan.lp_nonzeros},
               {"scenario_rows", plan.expected_value.lp_rows},
               {"scenario_columns", plan.expected_value.lp_columns}};
  return doc.dump(2) + "\n";
}

namespace {

std::string HarvestsCsv(const HarvestPlan& plan) {
  std::string out;
  util::CsvWriter csv(out, 12);
  csv.Header("scenario", "probability", "status", "objective", "expected_value_first_year_status",
             "expected_value_first_year_objective");
  for (const ScenarioOutcome& outcome : plan.scenarios) {
    csv.Text(outcome.scenario).Number(outcome.probability).Text(ToString(outcome.plan.status));
    if (HasPlan(outcome.plan.status)) {
      csv.Number(Shown(outcome.plan.objective));
    } else {
      csv.Empty();
    }
    const Plan& used = outcome.expected_value_first_year;
    csv.Text(ToString(used.status));
    if (HasPlan(used.status)) {
      csv.Number(Shown(used.objective));
    } else {
      csv.Empty();
    }
    csv.EndRow();
  }
  return out;
}

std::string ReservesCsv(const Model& model, const HarvestPlan& plan) {
  std::string out;
  util::CsvWriter csv(out, 12);
  csv.Header("product", "year", "stochastic", "expected_value", "name", "unit");
  for (const Reserve& reserve : plan.reserves) {
    const Product& product = model.products[reserve.product];
    csv.Text(product.id)
        .Integer(model.CalendarYear(plan.first_stage_years))
        .Number(Shown(reserve.stochastic))
        .Number(Shown(reserve.expected_value))
        .Text(product.name)
        .Text(product.unit);
    csv.EndRow();
  }
  return out;
}

std::string HarvestReadme(const Model& model, const HarvestPlan& plan) {
  std::string text = fmt::format("# Two-stage plan of {} under {} harvest scenarios\n\n",
                                 model.settings.name, plan.scenarios.size());
  text += fmt::format(
      "Made by `gosplan plan` from the model's harvest_scenarios.csv and harvest_yields.csv "
      "(docs/planning-model.md, \"Uncertain harvests\"). The plan of {} (the first stage) is "
      "decided before any harvest is known and is the same in every scenario; the years after it "
      "adapt to each harvest.\n\n",
      plan.first_stage_years == 1 ? fmt::format("{}", model.CalendarYear(1))
                                  : fmt::format("{}–{}", model.CalendarYear(1),
                                                model.CalendarYear(plan.first_stage_years)));
  text +=
      "| file | what it holds |\n|---|---|\n"
      "| `summary.json` | the document gosplan.harvest-plan/1: status, the expected objective of "
      "the two-stage plan, the expected-value plan's objective, the expected result of using the "
      "expected-value plan's first year under every scenario (null when it fails under one), "
      "cost_of_safety, value_of_stochastic_solution, per scenario its objective, the reserves, "
      "the LP's size |\n"
      "| `harvests.csv` | per scenario: probability, the two-stage plan's status and objective in "
      "that scenario, and the status and objective of the expected-value plan's first year used "
      "there (infeasible: it cannot meet the floors under that harvest) |\n"
      "| `reserves.csv` | stocks of storable products carried out of the first year: `stochastic` "
      "(the two-stage plan) and `expected_value` (the plan on mean yields) |\n"
      "| `scenarios/<id>/` | a complete plan folder (targets.csv, investment.csv, balances.csv, "
      "prices.csv, summary.json, README.md) per scenario: the shared first year, then that "
      "scenario's later years; production and targets include the scenario's yields, so a "
      "better first-year harvest than the worst shows as surplus. Prices are the scenario's own "
      "with the first stage held: those of the later years are meaningful, those of the "
      "first-stage rows (all of whose columns are held) are not |\n"
      "| `expected-value/` | the plan on the probability-weighted yields |\n\n"
      "Cost of safety = the expected-value plan's objective − the two-stage plan's expected "
      "objective (for a minimisation the other way round): what hedging costs against planning on "
      "average harvests. Value of the stochastic solution = the two-stage plan's expected "
      "objective − the expected result of using the expected-value first year (same sign "
      "convention). `gosplan verify` does not know yields: it checks neither these folders nor "
      "their scenario plans.\n";
  return text;
}

}  // namespace

Status WriteHarvestPlanFolder(const Model& model, const HarvestPlan& plan,
                              const std::string& folder, bool overwrite) {
  auto staged = util::StagedFolder::Create(folder, overwrite);
  if (!staged.ok()) return staged.status();
  util::StagedFolder& out = *staged.value();
  for (const auto& [name, content] :
       {std::pair<const char*, std::string>{"summary.json", HarvestJson(model, plan)},
        {"harvests.csv", HarvestsCsv(plan)},
        {"reserves.csv", ReservesCsv(model, plan)},
        {"README.md", HarvestReadme(model, plan)}}) {
    if (Status status = out.WriteFile(name, content); !status.ok()) return status;
  }
  namespace fs = std::filesystem;
  const fs::path root(out.staging_path());
  std::error_code error;
  fs::create_directories(root / "scenarios", error);
  if (error) {
    return Status::Internal("cannot create " + (root / "scenarios").string() + ": " +
                            error.message());
  }
  for (const ScenarioOutcome& outcome : plan.scenarios) {
    if (Status status = WritePlanFolder(model, outcome.plan,
                                        (root / "scenarios" / outcome.scenario).string(), false);
        !status.ok()) {
      return status;
    }
  }
  if (Status status =
          WritePlanFolder(model, plan.expected_value, (root / "expected-value").string(), false);
      !status.ok()) {
    return status;
  }
  return out.Commit();
}

}  // namespace gosplan
