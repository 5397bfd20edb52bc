// Uncertain harvests (docs/planning-model.md, "Uncertain harvests"; include/gosplan/harvest.h):
// the two-stage plan on models small enough to solve by hand, an independent deterministic
// equivalent built here and solved with CLP, the tables' located errors, and the command line.
//
// Model "larder" (base year 2000, plan years 2001–2002, objective min_resources = labour used):
//  - one product, grain (t), storable with storage loss 0.3: a tonne carried out of 2001 is 0.7 t
//    in 2002; no initial stock;
//  - one technique, grow: 1 person-year of labour gives 1 t of grain (before the yield factor);
//  - labour: 12 person-years in 2001, L2 in 2002 (12 unless said);
//  - floors on food: 4 t in 2001, 10 t in 2002.
// Scenarios: good (yield 1.2) and bad (yield 0.6), probability 0.5 each unless said.
//
// A. Yields in 2002 only (2001 is certain). With s the grain carried out of 2001, year 1 grows
//    4 + s, and scenario σ grows (10 − 0.7·s)/φ_σ in 2002 (at most 12). The bad harvest needs
//    0.6·12 + 0.7·s ≥ 10, so s ≥ 4. Expected labour = 4 + s + 0.5·(10 − 0.7s)/1.2 +
//    0.5·(10 − 0.7s)/0.6, whose slope in s is 1 − 0.7·(0.5/1.2 + 0.5/0.6) = 1 − 0.875 = 0.125 > 0:
//    carry the least that saves the bad year, s = 4 t. Year 1 grows 8; good grows 7.2/1.2 = 6,
//    bad 7.2/0.6 = 12 (its whole labour). Expected objective 8 + 0.5·6 + 0.5·12 = 17; per
//    scenario 14 and 20; the good scenario's 2002 output is 1.2·6 = 7.2 t and its stock_in 2.8 t.
//    Expected-value plan (yield 0.9 in 2002): slope 1 − 0.7/0.9 > 0, so it carries nothing and
//    grows 10/0.9 in 2002 (≤ 12): objective 4 + 100/9 = 136/9. Its first year (grow 4, eat 4,
//    carry 0) under good: 10/1.2 more, 4 + 25/3 = 37/3; under bad 10/0.6 = 16.7 > 12 person-years:
//    infeasible (famine). Cost of safety (a minimisation: the two-stage plan costs more labour)
//    17 − 136/9 = 17/9; the value of the stochastic solution is unbounded.
//    With probabilities 0.8 / 0.2 the slope is 1 − 0.7·(0.8/1.2 + 0.2/0.6) = 0.3 > 0, still s = 4
//    and the expected objective 8 + 0.8·6 + 0.2·12 = 15.2.
// B. Yields in 2001 only (robust first year): 2001's plan is decided before its harvest and must
//    hold under either: 0.6·z1 ≥ 4 + s, so z1 = (4 + s)/0.6; 2002 grows 10 − 0.7s. Slope in s:
//    1/0.6 − 0.7 > 0, so s = 0, z1 = 20/3, z2 = 10: expected objective 50/3 in both scenarios, and
//    the good harvest leaves 1.2·20/3 − 4 = 4 t of 2001 surplus. Expected-value plan (yield 0.9 in
//    2001): z1 = 40/9, objective 40/9 + 10 = 130/9; its first year under bad yields 0.6·40/9 =
//    8/3 < 4 t: infeasible. Cost of safety 50/3 − 130/9 = 20/9.
// C. As A with storage loss 0.15 (0.85 kept) and L2 = 20: now the bad harvest can be met without a
//    reserve (10/0.6 = 16.7 ≤ 20). Slope of the expected labour in s: 1 − 0.85·1.25 = −0.0625 < 0,
//    so the two-stage plan carries all that 2001's labour allows, s = 12 − 4 = 8 t; 2002 needs
//    10 − 6.8 = 3.2 t: 8/3 and 16/3 person-years, expected 12 + 0.5·8/3 + 0.5·16/3 = 16. The
//    expected-value plan (slope 1 − 0.85/0.9 > 0) carries nothing: 4 + 100/9 = 136/9. Its first
//    year used: 4 + 0.5·25/3 + 0.5·50/3 = 16.5. Cost of safety 16 − 136/9 = 8/9; value of the
//    stochastic solution 16.5 − 16 = 0.5 (E[1/φ] = 1.25 > 1/E[φ] = 1/0.9: storing beats growing
//    on an uncertain harvest, which the expected-value plan cannot see).
// D. As A with a first stage of two years (--first-stage-years 2): 2002's plan too is made before
//    its harvest, so it must hold under the bad one: 0.6·z2 + 0.7s ≥ 10. Labour 4 + s +
//    (10 − 0.7s)/0.6 has slope 1 − 0.7/0.6 < 0 in s: carry all 2001 allows, s = 8 t, then
//    z2 = 4.4/0.6 = 22/3; the objective 12 + 22/3 = 58/3 in both scenarios. The expected-value
//    plan's two years (grow 4 and 100/9) fail under bad (0.6·100/9 = 20/3 < 10 t) and give
//    136/9 under good.
// E. As A with the bad yield 0.3: the bad 2002 gives at most 3.6 t, so 0.7·s ≥ 6.4, s ≥ 64/7 t,
//    but 2001's labour allows s ≤ 12 − 4 = 8: no first year survives the bad harvest — the
//    two-stage plan is infeasible (a result, exit 3). The expected-value plan (yield 0.75) needs
//    0.75·12 + 0.7·s ≥ 10, s ≥ 10/7; its slope 1 − 0.7/0.75 > 0 keeps s = 10/7, so it grows
//    4 + 10/7 = 38/7 and 12: objective 38/7 + 12 = 122/7. It does carry a reserve, too small for
//    the bad harvest: its first year is infeasible there.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <string>

#include "gosplan/harvest.h"
#include "gosplan/linear_program.h"
#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "json_doc_check.h"
#include "steel_works_model.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::ScratchFolder;

constexpr double kTolerance = 1e-7;

constexpr const char* kLarderToml =
    "name = \"larder\"\nbase_year = 2000\nhorizon = 2\n\n[objective]\nkind = \"min_resources\"\n";

std::map<std::string, std::string> LarderTables(double loss, double labour_2002,
                                                const std::string& scenarios,
                                                const std::string& yields) {
  std::map<std::string, std::string> tables = {
      {"products.csv", "id,name,unit,group,storable,storage_loss\ngrain,Grain,t,B,true," +
                           std::to_string(loss) + "\n"},
      {"resources.csv", "id,name,unit\nlabour,Labour,person-years\n"},
      {"resource_availability.csv",
       "resource,year,quantity\nlabour,2001,12\nlabour,2002," + std::to_string(labour_2002) + "\n"},
      {"techniques.csv", "id,name\ngrow,Growing grain\n"},
      {"technique_outputs.csv", "technique,product,coefficient\ngrow,grain,1\n"},
      {"technique_resources.csv", "technique,resource,coefficient\ngrow,labour,1\n"},
      {"enterprises.csv", "id,name,kind\nfarm,Collective farm,collective_farm\n"},
      {"enterprise_techniques.csv", "enterprise,technique\nfarm,grow\n"},
      {"final_demand.csv",
       "category,product,year,floor,target\nfood,grain,2001,4,0\nfood,grain,2002,10,0\n"}};
  if (!scenarios.empty()) tables["harvest_scenarios.csv"] = scenarios;
  if (!yields.empty()) tables["harvest_yields.csv"] = yields;
  return tables;
}

constexpr const char* kEvenOdds = "scenario,probability\ngood,0.5\nbad,0.5\n";
constexpr const char* kYields2002 =
    "scenario,product,year,yield_factor\ngood,grain,2002,1.2\nbad,grain,2002,0.6\n";
constexpr const char* kYields2001 =
    "scenario,product,year,yield_factor\ngood,grain,2001,1.2\nbad,grain,2001,0.6\n";

HarvestScenarios Load(const Model& model) {
  auto loaded = LoadHarvestScenarios(model);
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_TRUE(loaded.value().has_value());
  return *loaded.value();
}

const ScenarioOutcome& Outcome(const HarvestPlan& plan, const std::string& id) {
  for (const ScenarioOutcome& outcome : plan.scenarios) {
    if (outcome.scenario == id) return outcome;
  }
  ADD_FAILURE() << "no scenario " << id;
  return plan.scenarios.front();
}

const ProductBalance& Grain(const Plan& plan, int year) { return plan.balances[year - 1]; }

TEST(HarvestScenarios, ReserveCarriedForTheBadHarvest) {
  ScratchFolder scratch;
  const Model model =
      testing::LoadTables(scratch, kLarderToml, LarderTables(0.3, 12, kEvenOdds, kYields2002));
  const HarvestScenarios scenarios = Load(model);
  ASSERT_EQ(scenarios.scenarios.size(), 2u);
  EXPECT_NEAR(scenarios.ExpectedYields()[1], 0.9, 1e-15);  // grain in 2002
  EXPECT_EQ(scenarios.ExpectedYields()[0], 1.0);           // grain in 2001: not named, 1

  auto solved = SolveHarvestPlan(model, scenarios);
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  const HarvestPlan& plan = solved.value();
  ASSERT_EQ(plan.status, PlanStatus::kOptimal) << plan.explanation;
  EXPECT_FALSE(plan.maximize);
  EXPECT_NEAR(plan.expected_objective, 17.0, kTolerance);

  const ScenarioOutcome& good = Outcome(plan, "good");
  const ScenarioOutcome& bad = Outcome(plan, "bad");
  ASSERT_EQ(good.plan.status, PlanStatus::kOptimal) << good.plan.explanation;
  ASSERT_EQ(bad.plan.status, PlanStatus::kOptimal) << bad.plan.explanation;
  EXPECT_NEAR(good.plan.objective, 14.0, kTolerance);
  EXPECT_NEAR(bad.plan.objective, 20.0, kTolerance);
  // The shared first year: grow 8, eat 4, carry 4.
  for (const Plan* p : {&good.plan, &bad.plan}) {
    EXPECT_NEAR(Grain(*p, 1).production, 8.0, kTolerance);
    EXPECT_NEAR(Grain(*p, 1).stock_out, 4.0, kTolerance);
    EXPECT_NEAR(Grain(*p, 2).stock_in, 2.8, kTolerance);
  }
  // The yields show in the documents: 6 person-years give 7.2 t in the good 2002.
  EXPECT_NEAR(Grain(good.plan, 2).production, 7.2, kTolerance);
  EXPECT_NEAR(Grain(bad.plan, 2).production, 7.2, kTolerance);
  EXPECT_NEAR(good.plan.resource_use[1], 6.0, kTolerance);
  EXPECT_NEAR(bad.plan.resource_use[1], 12.0, kTolerance);
  double good_2002_target = 0.0;
  for (const ProductionTarget& target : good.plan.targets) {
    if (target.year == 2) good_2002_target += target.quantity;
  }
  EXPECT_NEAR(good_2002_target, 7.2, kTolerance);

  // The expected-value plan under-stocks, and its first year starves in the bad harvest.
  ASSERT_EQ(plan.expected_value.status, PlanStatus::kOptimal);
  EXPECT_NEAR(plan.expected_value.objective, 136.0 / 9.0, kTolerance);
  EXPECT_NEAR(Grain(plan.expected_value, 1).stock_out, 0.0, kTolerance);
  ASSERT_EQ(good.expected_value_first_year.status, PlanStatus::kOptimal);
  EXPECT_NEAR(good.expected_value_first_year.objective, 37.0 / 3.0, kTolerance);
  EXPECT_EQ(bad.expected_value_first_year.status, PlanStatus::kInfeasible);
  EXPECT_NE(bad.expected_value_first_year.explanation.find("'bad'"), std::string::npos);
  EXPECT_FALSE(plan.expected_value_used.has_value());
  EXPECT_FALSE(plan.ValueOfStochasticSolution().has_value());
  EXPECT_NEAR(plan.CostOfSafety(), 17.0 / 9.0, kTolerance);

  ASSERT_EQ(plan.reserves.size(), 1u);
  EXPECT_NEAR(plan.reserves[0].stochastic, 4.0, kTolerance);
  EXPECT_NEAR(plan.reserves[0].expected_value, 0.0, kTolerance);
}

TEST(HarvestScenarios, RobustFirstYearWhenThisYearsHarvestIsUncertain) {
  ScratchFolder scratch;
  const Model model =
      testing::LoadTables(scratch, kLarderToml, LarderTables(0.3, 12, kEvenOdds, kYields2001));
  auto solved = SolveHarvestPlan(model, Load(model));
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  const HarvestPlan& plan = solved.value();
  ASSERT_EQ(plan.status, PlanStatus::kOptimal) << plan.explanation;
  EXPECT_NEAR(plan.expected_objective, 50.0 / 3.0, kTolerance);
  const ScenarioOutcome& good = Outcome(plan, "good");
  const ScenarioOutcome& bad = Outcome(plan, "bad");
  // One labour plan for 2001 (20/3), sized for the bad harvest; the good one leaves 4 t over.
  EXPECT_NEAR(good.plan.resource_use[0], 20.0 / 3.0, kTolerance);
  EXPECT_NEAR(bad.plan.resource_use[0], 20.0 / 3.0, kTolerance);
  EXPECT_NEAR(Grain(good.plan, 1).surplus, 4.0, kTolerance);
  EXPECT_NEAR(Grain(bad.plan, 1).surplus, 0.0, kTolerance);
  EXPECT_NEAR(Grain(bad.plan, 1).production, 4.0, kTolerance);
  EXPECT_NEAR(plan.expected_value.objective, 130.0 / 9.0, kTolerance);
  EXPECT_EQ(bad.expected_value_first_year.status, PlanStatus::kInfeasible);
  EXPECT_EQ(good.expected_value_first_year.status, PlanStatus::kOptimal);
  EXPECT_NEAR(good.expected_value_first_year.objective, 130.0 / 9.0, kTolerance);
  EXPECT_NEAR(plan.CostOfSafety(), 20.0 / 9.0, kTolerance);
}

TEST(HarvestScenarios, StoringBeatsGrowingOnAnUncertainHarvest) {
  ScratchFolder scratch;
  const Model model =
      testing::LoadTables(scratch, kLarderToml, LarderTables(0.15, 20, kEvenOdds, kYields2002));
  auto solved = SolveHarvestPlan(model, Load(model));
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  const HarvestPlan& plan = solved.value();
  ASSERT_EQ(plan.status, PlanStatus::kOptimal) << plan.explanation;
  EXPECT_NEAR(plan.expected_objective, 16.0, kTolerance);
  EXPECT_NEAR(plan.expected_value.objective, 136.0 / 9.0, kTolerance);
  ASSERT_TRUE(plan.expected_value_used.has_value());
  EXPECT_NEAR(*plan.expected_value_used, 16.5, kTolerance);
  EXPECT_NEAR(plan.CostOfSafety(), 8.0 / 9.0, kTolerance);
  EXPECT_NEAR(*plan.ValueOfStochasticSolution(), 0.5, kTolerance);
  ASSERT_EQ(plan.reserves.size(), 1u);
  EXPECT_NEAR(plan.reserves[0].stochastic, 8.0, kTolerance);
  EXPECT_NEAR(plan.reserves[0].expected_value, 0.0, kTolerance);
}

TEST(HarvestScenarios, LongerFirstStageIsRobustInEveryYearOfIt) {
  ScratchFolder scratch;
  const Model model =
      testing::LoadTables(scratch, kLarderToml, LarderTables(0.3, 12, kEvenOdds, kYields2002));
  auto solved = SolveHarvestPlan(model, Load(model), PlanOptions{}, /*first_stage_years=*/2);
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  const HarvestPlan& plan = solved.value();
  ASSERT_EQ(plan.status, PlanStatus::kOptimal) << plan.explanation;
  EXPECT_NEAR(plan.expected_objective, 58.0 / 3.0, kTolerance);
  for (const char* id : {"good", "bad"}) {
    const Plan& scenario = Outcome(plan, id).plan;
    EXPECT_NEAR(scenario.objective, 58.0 / 3.0, kTolerance) << id;
    EXPECT_NEAR(Grain(scenario, 1).stock_out, 8.0, kTolerance) << id;
    EXPECT_NEAR(scenario.resource_use[1], 22.0 / 3.0, kTolerance) << id;
  }
  EXPECT_EQ(Outcome(plan, "bad").expected_value_first_year.status, PlanStatus::kInfeasible);
  EXPECT_NEAR(Outcome(plan, "good").expected_value_first_year.objective, 136.0 / 9.0, kTolerance);
  // A first stage longer than the horizon is refused.
  EXPECT_FALSE(SolveHarvestPlan(model, Load(model), PlanOptions{}, 3).ok());
}

TEST(HarvestScenarios, NoFirstYearSurvivesTheWorstHarvest) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(
      scratch, kLarderToml,
      LarderTables(
          0.3, 12, kEvenOdds,
          "scenario,product,year,yield_factor\ngood,grain,2002,1.2\nbad,grain,2002,0.3\n"));
  auto solved = SolveHarvestPlan(model, Load(model));
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  const HarvestPlan& plan = solved.value();
  EXPECT_EQ(plan.status, PlanStatus::kInfeasible);
  EXPECT_NE(plan.explanation.find("first year (2001)"), std::string::npos) << plan.explanation;
  ASSERT_EQ(plan.expected_value.status, PlanStatus::kOptimal);
  EXPECT_NEAR(plan.expected_value.objective, 122.0 / 7.0, kTolerance);
  EXPECT_NEAR(Grain(plan.expected_value, 1).stock_out, 10.0 / 7.0, kTolerance);
  EXPECT_EQ(Outcome(plan, "bad").expected_value_first_year.status, PlanStatus::kInfeasible);
  EXPECT_EQ(Outcome(plan, "bad").plan.status, PlanStatus::kInfeasible);
  // The command line: exit 3, and the folder says so.
  const std::string out = scratch.path() + "/plan";
  auto run = testing::RunCli("plan " + scratch.path() + "/model --out " + out + " --quiet");
  EXPECT_EQ(run.exit_code, 3) << run.errors;
  EXPECT_NE(testing::ReadFile(out + "/summary.json").find("\"status\": \"infeasible\""),
            std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(out + "/expected-value/balances.csv"));
}

// The deterministic equivalent of case A with probabilities 0.8 / 0.2, written out here as its own
// LP (columns z1, f1, s1, z2 and f2 per scenario; the carried stock out of 2002 left out, as it is
// 0 at any optimum of a minimisation) and solved with CLP, against BuildHarvestLinearProgram and
// SolveHarvestPlan. By hand (header): 15.2.
TEST(HarvestScenarios, DeterministicEquivalentMatchesOneWrittenByHand) {
  const double p_good = 0.8, p_bad = 0.2;
  LinearProgram lp;
  // Rows: 0 balance 2001, 1 labour 2001, 2 balance 2002 good, 3 labour good, 4 balance bad,
  // 5 labour bad.
  lp.num_rows = 6;
  lp.row_lower = {0, -kUnbounded, 0, -kUnbounded, 0, -kUnbounded};
  lp.row_upper = {kUnbounded, 12, kUnbounded, 12, kUnbounded, 12};
  struct Column {
    double cost, lower;
    std::vector<std::pair<Index, double>> entries;
  };
  const std::vector<Column> columns = {
      {1.0, 0.0, {{0, 1.0}, {1, 1.0}}},             // z1
      {0.0, 4.0, {{0, -1.0}}},                      // f1 ≥ 4
      {0.0, 0.0, {{0, -1.0}, {2, 0.7}, {4, 0.7}}},  // s1, 0.7 arrives in either 2002
      {p_good, 0.0, {{2, 1.2}, {3, 1.0}}},          // z2 good
      {0.0, 10.0, {{2, -1.0}}},                     // f2 good ≥ 10
      {p_bad, 0.0, {{4, 0.6}, {5, 1.0}}},           // z2 bad
      {0.0, 10.0, {{4, -1.0}}}};                    // f2 bad ≥ 10
  lp.column_starts = {0};
  for (const Column& column : columns) {
    for (const auto& [row, value] : column.entries) {
      lp.row_indices.push_back(row);
      lp.values.push_back(value);
    }
    lp.column_starts.push_back(static_cast<Index>(lp.row_indices.size()));
    lp.objective.push_back(column.cost);
    lp.column_lower.push_back(column.lower);
    lp.column_upper.push_back(kUnbounded);
    ++lp.num_columns;
  }
  auto by_hand = SolveWithClp(lp);
  ASSERT_TRUE(by_hand.ok());
  ASSERT_EQ(by_hand.value().status, LpStatus::kOptimal);
  EXPECT_NEAR(by_hand.value().objective, 15.2, kTolerance);

  ScratchFolder scratch;
  const Model model = testing::LoadTables(
      scratch, kLarderToml,
      LarderTables(0.3, 12, "scenario,probability\ngood,0.8\nbad,0.2\n", kYields2002));
  const HarvestScenarios scenarios = Load(model);
  auto built = BuildHarvestLinearProgram(model, scenarios, PlanOptions{});
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  auto stacked = SolveWithClp(built.value());
  ASSERT_TRUE(stacked.ok());
  ASSERT_EQ(stacked.value().status, LpStatus::kOptimal);
  EXPECT_NEAR(stacked.value().objective, by_hand.value().objective, kTolerance);
  // The shared first-year columns exist once: the names say which.
  bool shared_carry = false;
  for (const std::string& name : built.value().column_names) {
    shared_carry = shared_carry || name == "year1:s_grain_2001";
    EXPECT_NE(name, "bad:s_grain_2001");
  }
  EXPECT_TRUE(shared_carry);
  auto solved = SolveHarvestPlan(model, scenarios);
  ASSERT_TRUE(solved.ok());
  EXPECT_NEAR(solved.value().expected_objective, by_hand.value().objective, kTolerance);
  // Each scenario's re-solved plan (first year held) has the block's objective.
  EXPECT_NEAR(Outcome(solved.value(), "good").plan.objective, 14.0, kTolerance);
  EXPECT_NEAR(Outcome(solved.value(), "bad").plan.objective, 20.0, kTolerance);
}

// The yield scales the output, not the seed: with 0.2 t of seed grain sown per unit of growing, the
// coefficient of growing in the grain balance is φ·1 − 0.2: 0.8 in 2001 (φ = 1), 1.2 − 0.2 = 1.0 in
// the good 2002 and 0.6 − 0.2 = 0.4 in the bad one.
TEST(HarvestScenarios, YieldScalesTheHarvestNotTheSeed) {
  ScratchFolder scratch;
  auto tables = LarderTables(0.3, 12, kEvenOdds, kYields2002);
  tables["technique_inputs.csv"] = "technique,product,coefficient\ngrow,grain,0.2\n";
  const Model model = testing::LoadTables(scratch, kLarderToml, tables);
  auto built = BuildHarvestLinearProgram(model, Load(model), PlanOptions{});
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const LinearProgram& lp = built.value();
  auto coefficient = [&](const std::string& column, const std::string& row) {
    for (Index j = 0; j < lp.num_columns; ++j) {
      if (lp.column_names[j] != column) continue;
      for (Index e = lp.column_starts[j]; e < lp.column_starts[j + 1]; ++e) {
        if (lp.row_names[lp.row_indices[e]] == row) return lp.values[e];
      }
    }
    ADD_FAILURE() << column << " has no entry in " << row;
    return 0.0;
  };
  EXPECT_NEAR(coefficient("year1:z_farm_grow_2001", "good:balance_grain_2001"), 0.8, 1e-15);
  EXPECT_NEAR(coefficient("year1:z_farm_grow_2001", "bad:balance_grain_2001"), 0.8, 1e-15);
  EXPECT_NEAR(coefficient("good:z_farm_grow_2002", "good:balance_grain_2002"), 1.0, 1e-15);
  EXPECT_NEAR(coefficient("bad:z_farm_grow_2002", "bad:balance_grain_2002"), 0.4, 1e-15);
  EXPECT_NEAR(coefficient("bad:z_farm_grow_2002", "bad:resource_labour_2002"), 1.0, 1e-15);
}

Status LoadStatus(const ScratchFolder& scratch, const std::string& scenarios,
                  const std::string& yields) {
  const Model model =
      testing::LoadTables(scratch, kLarderToml, LarderTables(0.3, 12, scenarios, yields));
  auto loaded = LoadHarvestScenarios(model);
  return loaded.ok() ? Status::Ok() : loaded.status();
}

bool Says(const Status& status, const std::string& file, std::int64_t line,
          const std::string& words) {
  for (const Diagnostic& d : status.diagnostics().list()) {
    if (d.file.size() >= file.size() &&
        d.file.compare(d.file.size() - file.size(), file.size(), file) == 0 && d.line == line &&
        d.ToString().find(words) != std::string::npos) {
      return true;
    }
  }
  return false;
}

TEST(HarvestScenarios, BadTablesAreLocated) {
  {
    ScratchFolder scratch;
    const Status status =
        LoadStatus(scratch, "scenario,probability\ngood,0.5\nbad,0.4\n", kYields2002);
    EXPECT_TRUE(Says(status, "harvest_scenarios.csv", 1, "sum to 0.9")) << status.ToString();
  }
  {
    ScratchFolder scratch;
    const Status status = LoadStatus(scratch, "scenario,probability\ngood,1\nbad,0\n", kYields2002);
    EXPECT_TRUE(Says(status, "harvest_scenarios.csv", 3, "outside (0, 1]")) << status.ToString();
  }
  {
    ScratchFolder scratch;
    const Status status =
        LoadStatus(scratch, "scenario,probability\ngood,0.5\ngood,0.5\n", kYields2002);
    EXPECT_TRUE(Says(status, "harvest_scenarios.csv", 3, "duplicate scenario 'good'"))
        << status.ToString();
  }
  {
    ScratchFolder scratch;
    const Status status = LoadStatus(scratch, kEvenOdds,
                                     "scenario,product,year,yield_factor\n"
                                     "good,grain,2002,1.2\n"
                                     "awful,grain,2002,0.1\n"
                                     "bad,grain,2002,-0.6\n"
                                     "bad,grain,1999,0.6\n"
                                     "bad,rye,2002,0.6\n"
                                     "good,grain,2002,1.1\n");
    EXPECT_TRUE(Says(status, "harvest_yields.csv", 3, "unknown scenario 'awful'"))
        << status.ToString();
    EXPECT_TRUE(Says(status, "harvest_yields.csv", 4, "-0.6")) << status.ToString();
    EXPECT_TRUE(Says(status, "harvest_yields.csv", 5, "year 1999 is outside the plan"))
        << status.ToString();
    EXPECT_TRUE(Says(status, "harvest_yields.csv", 6, "unknown product 'rye'"))
        << status.ToString();
    EXPECT_TRUE(Says(status, "harvest_yields.csv", 7, "duplicate yield")) << status.ToString();
  }
  {
    ScratchFolder scratch;
    const Status status = LoadStatus(scratch, kEvenOdds, "");
    EXPECT_TRUE(Says(status, "harvest_scenarios.csv", 0, "harvest_yields.csv is missing"))
        << status.ToString();
  }
  {
    // A region column is read and ignored (regions are not modelled here).
    ScratchFolder scratch;
    const Status status = LoadStatus(scratch, kEvenOdds,
                                     "scenario,region,product,year,yield_factor\n"
                                     "good,volga,grain,2002,1.2\nbad,volga,grain,2002,0.6\n");
    EXPECT_TRUE(status.ok()) << status.ToString();
  }
}

TEST(HarvestScenarios, CommandLineWritesTheTwoStagePlanFolder) {
  ScratchFolder scratch;
  testing::LoadTables(scratch, kLarderToml, LarderTables(0.3, 12, kEvenOdds, kYields2002));
  const std::string model = scratch.path() + "/model";
  const std::string out = scratch.path() + "/plan";
  auto run = testing::RunCli("plan " + model + " --out " + out + " --quiet");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  EXPECT_NE(run.output.find("Cost of safety"), std::string::npos) << run.output;
  // Numbers by hand (header, case A).
  EXPECT_EQ(testing::ReadFile(out + "/harvests.csv"),
            "scenario,probability,status,objective,expected_value_first_year_status,"
            "expected_value_first_year_objective\n"
            "good,0.5,optimal,14,optimal,12.3333333333\n"
            "bad,0.5,optimal,20,infeasible,\n");
  EXPECT_EQ(testing::ReadFile(out + "/reserves.csv"),
            "product,year,stochastic,expected_value,name,unit\ngrain,2001,4,0,Grain,t\n");
  for (const char* file : {"summary.json", "README.md", "scenarios/good/balances.csv",
                           "scenarios/bad/targets.csv", "expected-value/summary.json"}) {
    EXPECT_TRUE(std::filesystem::exists(out + "/" + file)) << file;
  }
  // The summary document matches its example in docs/json.md.
  auto json = testing::RunCli("plan " + model + " --format json --quiet");
  ASSERT_EQ(json.exit_code, 0) << json.errors;
  EXPECT_EQ(testing::JoinMismatches(testing::JsonDocumentMismatches(json.output)), "");
  EXPECT_EQ(testing::ReadFile(out + "/summary.json"), json.output);
  // --expected-value: the ordinary plan on mean yields (objective 136/9).
  auto mean = testing::RunCli("plan " + model + " --expected-value --format json --quiet");
  ASSERT_EQ(mean.exit_code, 0) << mean.errors;
  EXPECT_NE(mean.output.find("\"objective\": 15.1111111111"), std::string::npos) << mean.output;
  // --horizon 1 drops the 2002 yields (as the model's tables drop 2002): both scenarios grow the
  // 4 t of 2001 with 4 person-years.
  auto short_run = testing::RunCli("plan " + model + " --horizon 1 --format json --quiet");
  ASSERT_EQ(short_run.exit_code, 0) << short_run.errors;
  EXPECT_NE(short_run.output.find("\"expected_objective\": 4.0"), std::string::npos)
      << short_run.output;
  // --no-harvests: the model's own coefficients (yield 1): 4 + 10 = 14 person-years.
  auto plain = testing::RunCli("plan " + model + " --no-harvests --format json --quiet");
  ASSERT_EQ(plain.exit_code, 0) << plain.errors;
  EXPECT_NE(plain.output.find("\"objective\": 14"), std::string::npos) << plain.output;
  // --format csv is refused for the two-stage plan; a bad table is exit 2 with its location.
  EXPECT_EQ(testing::RunCli("plan " + model + " --format csv --quiet").exit_code, 2);
  EXPECT_EQ(testing::RunCli("plan " + model + " --first-stage-years 3 --quiet").exit_code, 2);
  EXPECT_EQ(testing::RunCli("plan " + model + " --solver pdlp --quiet").exit_code, 2);
  // maxmin is a sequence of LPs, not one expectation: refused, nothing written.
  const auto maxmin = testing::RunCli("plan " + model + " --objective maxmin --out " +
                                      scratch.path() + "/mm --quiet");
  EXPECT_EQ(maxmin.exit_code, 2);
  EXPECT_NE(maxmin.errors.find("objective is maxmin"), std::string::npos) << maxmin.errors;
  EXPECT_FALSE(std::filesystem::exists(scratch.path() + "/mm"));
  // --write-mps writes the deterministic equivalent; the `clp` program (an independent solver
  // path: MPS text, its own presolve) finds the hand-derived 17.
  const std::string mps = scratch.path() + "/two-stage.mps";
  ASSERT_EQ(testing::RunCli("plan " + model + " --write-mps " + mps + " --quiet").exit_code, 0);
  const std::string clp_out = scratch.path() + "/clp-solution.txt";
  ASSERT_EQ(std::system(
                ("/usr/bin/clp " + mps + " -dualsimplex -solution " + clp_out + " > /dev/null 2>&1")
                    .c_str()),
            0);
  std::smatch match;
  const std::string clp_text = testing::ReadFile(clp_out);
  ASSERT_TRUE(
      std::regex_search(clp_text, match, std::regex(R"(^Optimal - objective value\s+(\S+))")))
      << clp_text;
  EXPECT_NEAR(std::stod(match[1].str()), 17.0, kTolerance);
  scratch.Write("model/harvest_scenarios.csv", "scenario,probability\ngood,0.5\nbad,0.6\n");
  auto checked = testing::RunCli("model check " + model);
  EXPECT_EQ(checked.exit_code, 2);
  EXPECT_NE(checked.errors.find("harvest_scenarios.csv:1:2: the probabilities sum to 1.1"),
            std::string::npos)
      << checked.errors;
  auto bad = testing::RunCli("plan " + model + " --out " + scratch.path() + "/bad --quiet");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.errors.find("harvest_scenarios.csv:1:2: the probabilities sum to 1.1"),
            std::string::npos)
      << bad.errors;
  EXPECT_FALSE(std::filesystem::exists(scratch.path() + "/bad"));
}

}  // namespace
}  // namespace gosplan
