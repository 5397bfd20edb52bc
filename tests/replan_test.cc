// Re-planning from the actual state (include/gosplan/replan.h) on the grain-and-steel model of
// replan_model.h, whose plan is derived by hand there: grain 10, 12, 12 in 1931–1933, steel 2 in
// 1931 put into the farm (usable 1932), objective 34. Every expected number below is derived in the
// comment above its test from that model.
#include "gosplan/replan.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "gosplan/model.h"
#include "gosplan/model_writer.h"
#include "gosplan/plan.h"
#include "gosplan/verify.h"
#include "json_doc_check.h"
#include "replan_model.h"
#include "steel_works_model.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::ScratchFolder;

constexpr double kTolerance = 1e-6;

struct Fixture {
  ScratchFolder scratch;
  Model model;
  Plan plan;
  Fixture() {
    model = testing::LoadTables(scratch, testing::kGrainSteelToml, testing::GrainSteelTables());
    auto solved = SolvePlan(model);
    EXPECT_TRUE(solved.ok()) << solved.status().ToString();
    plan = solved.value();
  }
  Index Product(const std::string& id) const { return model.product_index.at(id); }
  Index Enterprise(const std::string& id) const { return model.enterprise_index.at(id); }
  // An actual in the old model's plan years (1931 is year 1).
  Actual Report(const std::string& enterprise, const std::string& product, int year,
                double quantity) const {
    return {Enterprise(enterprise), Product(product), year - model.settings.base_year, quantity};
  }
};

// (enterprise id, product id, calendar year) -> output, summed over techniques.
std::map<std::tuple<std::string, std::string, int>, double> Outputs(const Model& model,
                                                                    const Plan& plan) {
  std::map<std::tuple<std::string, std::string, int>, double> outputs;
  for (const ProductionTarget& target : plan.targets) {
    outputs[{model.enterprises[target.enterprise].id, model.products[target.product].id,
             model.CalendarYear(target.year)}] += target.quantity;
  }
  return outputs;
}

double Output(const Model& model, const Plan& plan, const std::string& enterprise,
              const std::string& product, int year) {
  const auto outputs = Outputs(model, plan);
  const auto it = outputs.find({enterprise, product, year});
  return it == outputs.end() ? 0.0 : it->second;
}

// The hand-derived plan itself (replan_model.h), so that the re-plans below start from it.
TEST(Replan, TheGrainAndSteelPlanIsTheHandDerivedOne) {
  Fixture f;
  ASSERT_EQ(f.plan.status, PlanStatus::kOptimal) << f.plan.explanation;
  EXPECT_NEAR(f.plan.objective, 34.0, kTolerance);
  EXPECT_NEAR(Output(f.model, f.plan, "farm", "grain", 1931), 10.0, kTolerance);
  EXPECT_NEAR(Output(f.model, f.plan, "farm", "grain", 1932), 12.0, kTolerance);
  EXPECT_NEAR(Output(f.model, f.plan, "farm", "grain", 1933), 12.0, kTolerance);
  EXPECT_NEAR(Output(f.model, f.plan, "works", "steel", 1931), 2.0, kTolerance);
  EXPECT_NEAR(Output(f.model, f.plan, "works", "steel", 1932), 0.0, kTolerance);
}

// Actuals equal to the plan for 1931, re-plan from 1932: base year 1931, horizon 2; the farm's
// steel at the start of 1932 is its 10 t (no wear, nothing arrived in 1931) and the 2 t put in in
// 1931 arrive in 1932 as construction in progress; labour 12 a year as before. The remainder of the
// plan: grain 12, 12, steel 0 — objective 24 = 34 − 10 (1931's grain).
TEST(Replan, ActualsEqualToThePlanGiveTheRemainder) {
  Fixture f;
  const std::vector<Actual> actuals = {f.Report("farm", "grain", 1931, 10),
                                       f.Report("works", "steel", 1931, 2)};
  ReplanOptions options;
  options.from_year = 1932;
  ActualState state;
  auto model = ModelFromActualState(f.model, f.plan, actuals, options, &state);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  const Model& next = model.value();
  EXPECT_EQ(next.settings.base_year, 1931);
  EXPECT_EQ(next.horizon(), 2);
  ASSERT_EQ(next.initial_stocks.size(), 1u);
  EXPECT_EQ(next.initial_stocks[0].enterprise, f.Enterprise("farm"));
  EXPECT_NEAR(next.initial_stocks[0].quantity, 10.0, kTolerance);
  ASSERT_EQ(next.construction_in_progress.size(), 1u);
  EXPECT_EQ(next.construction_in_progress[0].product, f.Product("steel"));
  EXPECT_EQ(next.construction_in_progress[0].year_usable, 1);  // 1932
  EXPECT_NEAR(next.construction_in_progress[0].quantity, 2.0, kTolerance);
  EXPECT_NEAR(next.Availability(0, 1), 12.0, 0.0);
  EXPECT_EQ(state.actuals_used, 2u);
  for (double ratio : state.supply_ratio) EXPECT_EQ(ratio, 1.0);

  auto result = Replan(f.model, f.plan, actuals, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const Plan& plan = result.value().plan;
  ASSERT_EQ(plan.status, PlanStatus::kOptimal) << plan.explanation;
  EXPECT_NEAR(plan.objective, 24.0, kTolerance);
  // Target by target, the old plan's years 1932–1933.
  const auto old_outputs = Outputs(f.model, f.plan);
  const auto new_outputs = Outputs(result.value().model, plan);
  for (const auto& [key, quantity] : old_outputs) {
    if (std::get<2>(key) < 1932) continue;
    const auto it = new_outputs.find(key);
    EXPECT_NEAR(it == new_outputs.end() ? 0.0 : it->second, quantity, kTolerance)
        << std::get<0>(key) << " " << std::get<1>(key) << " " << std::get<2>(key);
  }
}

// The works delivers 1 t of steel in 1931 instead of 2: ρ_steel,1931 = 1/2, so the farm receives
// 1 t and holds K = 11 in 1932. Re-plan 1932–1933: g2 ≤ 11, g2 + s2 ≤ 12, g3 ≤ 11 + s2, g3 ≤ 12.
// g2 + g3 ≤ 11 + 12 = 23, and g3 = 12 needs s2 ≥ 1, which labour allows beside g2 = 11: the unique
// re-plan is grain 11, 12 and steel 1 in 1932 (the old plan: grain 12, steel 0), objective 23.
TEST(Replan, AShortfallMovesLaterTargetsAsDerivedByHand) {
  Fixture f;
  const std::vector<Actual> actuals = {f.Report("works", "steel", 1931, 1)};
  ReplanOptions options;
  options.from_year = 1932;
  auto result = Replan(f.model, f.plan, actuals, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const ReplanResult& replan = result.value();
  const Index steel = f.Product("steel");
  EXPECT_NEAR(replan.state.supply_ratio[steel * 1 + 0], 0.5, 1e-12);
  ASSERT_EQ(replan.model.construction_in_progress.size(), 1u);
  EXPECT_NEAR(replan.model.construction_in_progress[0].quantity, 1.0, kTolerance);
  ASSERT_EQ(replan.plan.status, PlanStatus::kOptimal) << replan.plan.explanation;
  EXPECT_NEAR(replan.plan.objective, 23.0, kTolerance);
  EXPECT_NEAR(Output(replan.model, replan.plan, "farm", "grain", 1932), 11.0, kTolerance);
  EXPECT_NEAR(Output(replan.model, replan.plan, "works", "steel", 1932), 1.0, kTolerance);
  EXPECT_NEAR(Output(replan.model, replan.plan, "farm", "grain", 1933), 12.0, kTolerance);
}

// --freeze 1 with actuals equal to the plan: the farm's 1932 target of 12 t is law (the works'
// 1932 target is 0, nothing to freeze) and holds: the re-plan is the remainder (grain 12 in 1932).
TEST(Replan, FrozenTargetsHold) {
  Fixture f;
  const std::vector<Actual> actuals = {f.Report("farm", "grain", 1931, 10),
                                       f.Report("works", "steel", 1931, 2)};
  ReplanOptions options;
  options.from_year = 1932;
  options.freeze_years = 1;
  auto result = Replan(f.model, f.plan, actuals, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const ReplanResult& replan = result.value();
  EXPECT_EQ(replan.state.frozen_targets, 1u);
  ASSERT_EQ(replan.model.quotas.size(), 1u);
  EXPECT_EQ(replan.model.quotas[0].id, "frozen-farm-grain-1932");
  EXPECT_NEAR(replan.model.quotas[0].quantity, 12.0, kTolerance);
  EXPECT_TRUE(replan.model.settings.quotas_as_constraints);
  ASSERT_EQ(replan.plan.status, PlanStatus::kOptimal) << replan.plan.explanation;
  EXPECT_TRUE(replan.released.empty());
  EXPECT_GE(Output(replan.model, replan.plan, "farm", "grain", 1932), 12.0 - kTolerance);
}

// --freeze 1 after the steel shortfall: the frozen 12 t of grain in 1932 cannot hold with 11 t of
// steel at the farm. `check` finds the conflict (the quota against the farm's capital or stock)
// and the nearest plan reaches 11 t; the target is lowered to that and the re-plan is the one of
// the shortfall test (grain 11, 12; steel 1; objective 23 up to the hair the kept target is
// lowered by).
TEST(Replan, FrozenTargetsThatCannotHoldAreReleasedWithTheConflict) {
  Fixture f;
  const std::vector<Actual> actuals = {f.Report("works", "steel", 1931, 1)};
  ReplanOptions options;
  options.from_year = 1932;
  options.freeze_years = 1;
  auto result = Replan(f.model, f.plan, actuals, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const ReplanResult& replan = result.value();
  ASSERT_TRUE(replan.checked);
  EXPECT_FALSE(replan.check.conflict.empty());
  EXPECT_NE(replan.check.conflict_sentence.find("Grain 12 t in 1932 at State farm conflicts with"),
            std::string::npos)
      << replan.check.conflict_sentence;
  EXPECT_NE(replan.check.conflict_sentence.find("capital of State farm (Steel) 1932"),
            std::string::npos)
      << replan.check.conflict_sentence;
  ASSERT_EQ(replan.released.size(), 1u);
  EXPECT_NEAR(replan.released[0].asked, 12.0, kTolerance);
  EXPECT_NEAR(replan.released[0].kept, 11.0, 1e-5);
  ASSERT_EQ(replan.plan.status, PlanStatus::kOptimal) << replan.plan.explanation;
  EXPECT_NEAR(replan.plan.objective, 23.0, kTolerance);
  EXPECT_NEAR(Output(replan.model, replan.plan, "farm", "grain", 1932), 11.0, kTolerance);
  const std::string text = ReplanTextReport(f.model, replan);
  EXPECT_NE(text.find("1 released"), std::string::npos) << text;
  // The document matches its section of docs/json.md (the example there is this case).
  const auto mismatches = testing::JsonDocumentMismatches(ReplanJson(f.model, replan));
  EXPECT_TRUE(mismatches.empty()) << testing::JoinMismatches(mismatches);
  // check's sentence on the farm's steel names the tonne under construction.
  EXPECT_NE(replan.check.conflict_sentence.find("under construction, usable: 1 t in 1932"),
            std::string::npos)
      << replan.check.conflict_sentence;
  EXPECT_NE(text.find("conflict"), std::string::npos) << text;
}

// --abandon farm with actuals equal to the plan: the 2 t of steel arriving in 1932 are dropped, so
// K = 10 in 1932: g2 ≤ 10, g2 + s2 ≤ 12, g3 ≤ 10 + s2, g3 ≤ 12 — grain 10, 12 and steel 2 in 1932,
// objective 22.
TEST(Replan, AbandonDropsTheStockInProgress) {
  Fixture f;
  const std::vector<Actual> actuals = {f.Report("farm", "grain", 1931, 10),
                                       f.Report("works", "steel", 1931, 2)};
  ReplanOptions options;
  options.from_year = 1932;
  options.abandon = {"farm"};
  auto result = Replan(f.model, f.plan, actuals, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const ReplanResult& replan = result.value();
  EXPECT_TRUE(replan.model.construction_in_progress.empty());
  ASSERT_EQ(replan.state.abandoned.size(), 1u);
  EXPECT_NEAR(replan.state.abandoned[0].quantity, 2.0, kTolerance);
  ASSERT_EQ(replan.plan.status, PlanStatus::kOptimal) << replan.plan.explanation;
  EXPECT_NEAR(replan.plan.objective, 22.0, kTolerance);
  EXPECT_NEAR(Output(replan.model, replan.plan, "farm", "grain", 1932), 10.0, kTolerance);
  EXPECT_NEAR(Output(replan.model, replan.plan, "works", "steel", 1932), 2.0, kTolerance);
  EXPECT_NE(ReplanTextReport(f.model, replan).find("abandoned: State farm"), std::string::npos);

  options.abandon = {"nowhere"};
  auto unknown = Replan(f.model, f.plan, actuals, options);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("'nowhere'"), std::string::npos);
}

// --extend 1: 1932–1934, labour 12 in 1934 too (the last year repeated). K = 12 from 1932 on:
// grain 12 a year, nothing to build, objective 36.
TEST(Replan, ExtendMovesTheHorizon) {
  Fixture f;
  const std::vector<Actual> actuals = {f.Report("farm", "grain", 1931, 10),
                                       f.Report("works", "steel", 1931, 2)};
  ReplanOptions options;
  options.from_year = 1932;
  options.extend_years = 1;
  auto result = Replan(f.model, f.plan, actuals, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const ReplanResult& replan = result.value();
  EXPECT_EQ(replan.model.horizon(), 3);
  EXPECT_EQ(replan.model.CalendarYear(3), 1934);
  ASSERT_EQ(replan.plan.status, PlanStatus::kOptimal) << replan.plan.explanation;
  EXPECT_NEAR(replan.plan.objective, 36.0, kTolerance);
  EXPECT_NEAR(Output(replan.model, replan.plan, "farm", "grain", 1934), 12.0, kTolerance);
}

// Stocks of a storable product: grain made storable (no loss). Nothing values a stored tonne, so
// the plan may carry any part ŝ of 1931's grain into 1932 (a tie); the rule of replan.h, applied by
// hand to whatever ŝ the plan chose: reported 11 t against 10 planned (supply above plan) leaves
// the uses as planned and carries the extra tonne, ŝ + 1; reported 8 t (supply 8/10 of plan) cuts
// every use to 80 %, the carried stock too: 0.8·ŝ.
TEST(Replan, ReportedSurplusOfAStorableProductIsCarried) {
  ScratchFolder scratch;
  auto tables = testing::GrainSteelTables();
  tables["products.csv"] =
      "id,name,unit,group,priority_weight,storable\ngrain,Grain,t,B,1,true\nsteel,Steel,t,A,0,"
      "false\n";
  const Model model = testing::LoadTables(scratch, testing::kGrainSteelToml, tables);
  auto plan = SolvePlan(model);
  ASSERT_TRUE(plan.ok());
  const Index farm = model.enterprise_index.at("farm");
  const Index grain = model.product_index.at("grain");
  double carried = -1.0;  // ŝ: the plan's grain carried out of 1931
  for (const ProductBalance& balance : plan.value().balances) {
    if (balance.product == grain && balance.year == 1) carried = balance.stock_out;
  }
  ASSERT_GE(carried, 0.0);
  ReplanOptions options;
  options.from_year = 1932;
  auto more = ModelFromActualState(model, plan.value(), {{farm, grain, 1, 11.0}}, options);
  ASSERT_TRUE(more.ok()) << more.status().ToString();
  EXPECT_NEAR(more.value().products[grain].initial_stock, carried + 1.0, kTolerance);
  ActualState state;
  auto less = ModelFromActualState(model, plan.value(), {{farm, grain, 1, 8.0}}, options, &state);
  ASSERT_TRUE(less.ok());
  EXPECT_NEAR(less.value().products[grain].initial_stock, 0.8 * carried, kTolerance);
  EXPECT_NEAR(state.supply_ratio[grain * 1 + 0], 0.8, 1e-12);
}

// Construction in progress in the plan LP and in `verify`: the steel works (steel_works_model.h,
// 10 Mt, 1 Mt of stock per Mt a year, lag 1, 2001–2003, target mix on steel) with 5 Mt of stock
// arriving in 2002. Without investment the most it can make is 10, 15, 15; the plan ray (λ[t] =
// steel for final use in year t) can invest: K2 = 10 + 5 + a1, with a1 out of 2001's output. The
// plan must verify against the model as written and read back (construction_in_progress.csv).
TEST(Replan, ConstructionInProgressArrivesInThePlanAndVerifies) {
  ScratchFolder scratch;
  auto tables = testing::SteelWorksTables("q,steel,works,2001,0");
  tables["construction_in_progress.csv"] =
      "enterprise,product,year_usable,quantity\nworks,steel,2002,5\n";
  const Model model = testing::LoadTables(scratch, testing::kSteelWorksToml, tables);
  ASSERT_EQ(model.construction_in_progress.size(), 1u);
  EXPECT_EQ(model.construction_in_progress[0].year_usable, 2);
  auto plan = SolvePlan(model);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan.value().status, PlanStatus::kOptimal);
  // The usable stock of 2002 includes the 5 Mt: K2 = 10 + a1 + 5.
  double invested_2001 = 0.0;
  for (const Investment& investment : plan.value().investments) {
    if (investment.year_started == 1) invested_2001 += investment.quantity;
  }
  bool found = false;
  for (const CapitalAccount& account : plan.value().capital) {
    if (account.year != 2) continue;
    EXPECT_NEAR(account.usable, 15.0 + invested_2001, 1e-6);
    found = true;
  }
  EXPECT_TRUE(found);
  const std::string plan_folder = scratch.path() + "/plan";
  ASSERT_TRUE(WritePlanFolder(model, plan.value(), plan_folder, false).ok());
  auto verdict = VerifyPlan(scratch.path() + "/model", plan_folder);
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict.value().ok()) << VerifyTextReport(verdict.value());

  // The same plan against the model without the construction in progress fails: 2002's stock no
  // longer covers the plan's output.
  scratch.Write("model/construction_in_progress.csv", "enterprise,product,year_usable,quantity\n");
  auto without = VerifyPlan(scratch.path() + "/model", plan_folder);
  ASSERT_TRUE(without.ok()) << without.status().ToString();
  EXPECT_FALSE(without.value().ok());
}

// The re-planned model round-trips through WriteModelFolder with its construction in progress.
TEST(Replan, ReplannedModelIsWrittenWithItsConstructionInProgress) {
  Fixture f;
  const std::vector<Actual> actuals = {f.Report("works", "steel", 1931, 1)};
  ReplanOptions options;
  options.from_year = 1932;
  auto model = ModelFromActualState(f.model, f.plan, actuals, options);
  ASSERT_TRUE(model.ok());
  const std::string folder = f.scratch.path() + "/replanned";
  ASSERT_TRUE(WriteModelFolder(model.value(), folder, false).ok());
  auto back = LoadModel(folder);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back.value().construction_in_progress.size(), 1u);
  EXPECT_NEAR(back.value().construction_in_progress[0].quantity, 1.0, 0.0);
  EXPECT_EQ(back.value().settings.base_year, 1931);
}

}  // namespace
}  // namespace gosplan
