// A floor on the plan ray under another objective (`--fulfilment-floor`, PlanOptions::
// fulfilment_floor; docs/planning-model.md, "Floors on the plan ray"): a one-year economy where
// the floor binds and the plan is derived by hand, the infeasible floor explained, and the verifier
// on the plan folder (and on one changed by hand).
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "gosplan/plan.h"
#include "gosplan/verify.h"
#include "steel_works_model.h"
#include "test_support.h"

namespace gosplan::testing {
namespace {

CommandResult Cli(std::initializer_list<std::string> arguments) {
  std::string line;
  for (const std::string& argument : arguments) line += "'" + argument + "' ";
  return RunCli(line);
}

// One year (2001), labour 2, one factory making a or b from 1 labour each; a has priority weight
// 1, b 0; final demand "people" with target mix 1 a : 1 b and no floors. The objective
// priority_output, `objective` = output of a.
//  - no floor: all labour to a, output 2, nothing of b;
//  - λ ≥ 0.5: final use of a and b at least 0.5 each: b takes 0.5 labour, a the other 1.5: the
//    objective is 1.5 and λ = min(1.5, 0.5) = 0.5 (the floor binds: every unit more of λ costs a
//    unit of a);
//  - λ ≥ 1: a = b = 1, objective 1;
//  - λ ≥ 1.5: 1.5 + 1.5 = 3 labour > 2: infeasible, and the explanation names the floor.
Model Priority(const ScratchFolder& scratch) {
  return LoadTables(
      scratch,
      "name = \"priority\"\nbase_year = 2000\nhorizon = 1\n[objective]\n"
      "kind = \"priority_output\"\n",
      {{"products.csv", "id,name,unit,group,priority_weight\na,A,t,A,1\nb,B,t,B,0\n"},
       {"resources.csv", "id,name,unit,weight\nlabour,Labour,h,1\n"},
       {"resource_availability.csv", "resource,year,quantity\nlabour,2001,2\n"},
       {"techniques.csv", "id,name\nmake_a,Making a\nmake_b,Making b\n"},
       {"technique_outputs.csv", "technique,product,coefficient\nmake_a,a,1\nmake_b,b,1\n"},
       {"technique_resources.csv",
        "technique,resource,coefficient\nmake_a,labour,1\nmake_b,labour,1\n"},
       {"enterprises.csv", "id,name,kind,construction_lag\nworks,Works,factory,1\n"},
       {"enterprise_techniques.csv", "enterprise,technique\nworks,make_a\nworks,make_b\n"},
       {"final_demand.csv",
        "category,product,year,floor,target\npeople,a,2001,0,1\npeople,b,2001,0,1\n"}});
}

double Output(const Plan& plan, Index product) {
  double total = 0.0;
  for (const ProductBalance& balance : plan.balances) {
    if (balance.product == product) total += balance.production;
  }
  return total;
}

TEST(FulfilmentFloor, BindsWhereTheHandDerivationSays) {
  ScratchFolder scratch;
  const Model model = Priority(scratch);
  for (const auto& [floor, objective] :
       {std::pair{0.0, 2.0}, std::pair{0.5, 1.5}, std::pair{1.0, 1.0}}) {
    PlanOptions options;
    options.fulfilment_floor = floor;
    auto plan = SolvePlan(model, options);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    ASSERT_EQ(plan->status, PlanStatus::kOptimal) << plan->explanation;
    EXPECT_NEAR(plan->objective, objective, 1e-9) << "floor " << floor;
    EXPECT_NEAR(Output(plan.value(), 0), objective, 1e-9);
    EXPECT_NEAR(Output(plan.value(), 1), floor, 1e-9);
    if (floor > 0) {
      ASSERT_EQ(plan->fulfilment.size(), 1u);
      EXPECT_NEAR(plan->fulfilment[0], floor, 1e-9);
    } else {
      EXPECT_TRUE(plan->fulfilment.empty());
    }
  }
}

TEST(FulfilmentFloor, AnUnreachableFloorIsAnExplainedInfeasiblePlan) {
  ScratchFolder scratch;
  const Model model = Priority(scratch);
  PlanOptions options;
  options.fulfilment_floor = 1.5;
  auto plan = SolvePlan(model, options);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->status, PlanStatus::kInfeasible);
  EXPECT_NE(plan->explanation.find("--fulfilment-floor"), std::string::npos) << plan->explanation;
  const std::string model_folder = scratch.path() + "/model";
  const CommandResult run = Cli(
      {"plan", model_folder, "--fulfilment-floor", "1.5", "--out", scratch.path() + "/plan", "-q"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.exit_code, 2);  // a result, not bad input
  const CommandResult negative =
      Cli({"plan", model_folder, "--fulfilment-floor", "-1", "--out", scratch.path() + "/p2"});
  EXPECT_EQ(negative.exit_code, 2);
}

// The plan folder with floor 0.5 passes `gosplan verify`; with summary.json's floor raised by hand
// to 0.6 the plan's λ = 0.5 is below it and verify says so.
TEST(FulfilmentFloor, VerifierChecksTheFloor) {
  ScratchFolder scratch;
  Priority(scratch);
  const std::string model = scratch.path() + "/model";
  const std::string plan = scratch.path() + "/plan";
  const CommandResult run = Cli({"plan", model, "--fulfilment-floor", "0.5", "--out", plan, "-q"});
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  auto verified = VerifyPlan(model, plan);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(verified->violation_count, 0);
  for (const auto& v : verified->violations) ADD_FAILURE() << v.message;

  std::string summary = ReadFile(plan + "/summary.json");
  const std::size_t at = summary.find("\"fulfilment_floor\": 0.5");
  ASSERT_NE(at, std::string::npos) << summary;
  summary.replace(at, std::string("\"fulfilment_floor\": 0.5").size(), "\"fulfilment_floor\": 0.6");
  scratch.Write("plan/summary.json", summary);
  auto broken = VerifyPlan(model, plan);
  ASSERT_TRUE(broken.ok()) << broken.status().ToString();
  bool found = false;
  for (const auto& violation : broken->violations) {
    found = found || violation.message.find("below the floor 0.6") != std::string::npos;
  }
  EXPECT_TRUE(found);
}

// Harmony with a floor: the floor's target-mix prices enter the harmony terms of the verifier's
// bound; the USSR example's plan under harmony with final use at least 0.95 of the 1927/28 basket
// in every year verifies (0.95 is reachable: the plan-ray plan has λ ≥ 0.97 in every year).
TEST(FulfilmentFloor, HarmonyWithAFloorOnTheUssrExampleVerifies) {
  ScratchFolder scratch;
  const std::string model = SourcePath("examples/ussr-1928");
  const std::string plan = scratch.path() + "/plan";
  const CommandResult run = Cli(
      {"plan", model, "--objective", "harmony", "--fulfilment-floor", "0.95", "--out", plan, "-q"});
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  auto verified = VerifyPlan(model, plan);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(verified->violation_count, 0);
  for (const auto& v : verified->violations) ADD_FAILURE() << v.message;
}

}  // namespace
}  // namespace gosplan::testing
