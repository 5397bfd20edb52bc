// Construction outlay profiles (docs/planning-model.md, "Outlay profiles"): the plan LP, the
// independent verifier, the re-plan of a half-built project, the loader's located errors and the
// model writer, on a model small enough to solve by hand.
//
// The model (base year 2000, plan years 2001–2003, objective min_resources = least labour):
//  - products steel (Mt, group A, not storable) and grain (Mt, group B);
//  - the works (factory, construction lag 2) smelts 1 Mt of steel per unit of activity with 1
//    person-year and 1 Mt of steel stock (no wear); it holds 10 Mt at the start;
//  - the farm grows 1 Mt of grain per person-year, no capital;
//  - final demand: grain ≥ 5 every year, steel ≥ 14 in 2003 only; labour 1000 a year (never
//  binding).
//
// By hand, with the profile σ = (0.5, 0.5) for the works:
//  steel for final use in 2003 needs z3 ≥ 14, so K3 ≥ 14; K3 = 10 + a1 (lag 2: only a project
//  started in 2001 is usable in 2003), so a1 ≥ 4, and least labour takes a1 = 4, a2 = a3 = 0
//  (usable after the horizon, they would only cost labour). The project's outlays are σ·a1 = 2 Mt
//  of steel from 2001's balance and 2 Mt from 2002's, so z1 = 2, z2 = 2, z3 = 14 (no other use of
//  steel; final use of steel is asked only in 2003), the farm makes 5, 5, 5, and labour is 7, 7,
//  19: objective 33. Without a profile the whole 4 Mt come out of 2001: z = (4, 0, 14), the same
//  objective.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>

#include "gosplan/explain.h"
#include "gosplan/model.h"
#include "gosplan/model_cache.h"
#include "gosplan/model_writer.h"
#include "gosplan/plan.h"
#include "gosplan/replan.h"
#include "gosplan/verify.h"
#include "steel_works_model.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::ScratchFolder;

constexpr double kTolerance = 1e-7;

constexpr const char* kToml =
    "name = \"outlays\"\nbase_year = 2000\nhorizon = 3\n\n[objective]\nkind = \"min_resources\"\n";

const char* kHalfAndHalf =
    "enterprise,enterprise_kind,year_offset,share\nworks,,0,0.5\nworks,,1,0.5\n";

std::map<std::string, std::string> Tables(const std::string& profiles) {
  std::map<std::string, std::string> tables = {
      {"products.csv", "id,name,unit,group\nsteel,Steel,Mt,A\ngrain,Grain,Mt,B\n"},
      {"resources.csv", "id,name,unit\nlabour,Labour,person-years\n"},
      {"resource_availability.csv",
       "resource,year,quantity\nlabour,2001,1000\nlabour,2002,1000\nlabour,2003,1000\n"},
      {"techniques.csv", "id,name\nsmelt,Smelting\ngrow,Growing\n"},
      {"technique_outputs.csv", "technique,product,coefficient\nsmelt,steel,1\ngrow,grain,1\n"},
      {"technique_resources.csv",
       "technique,resource,coefficient\nsmelt,labour,1\ngrow,labour,1\n"},
      {"technique_capital.csv", "technique,product,coefficient,depreciation\nsmelt,steel,1,0\n"},
      {"enterprises.csv",
       "id,name,kind,construction_lag\nworks,Steel works,factory,2\nfarm,State "
       "farm,state_farm,1\n"},
      {"enterprise_techniques.csv", "enterprise,technique\nworks,smelt\nfarm,grow\n"},
      {"initial_stocks.csv", "enterprise,product,quantity\nworks,steel,10\n"},
      {"final_demand.csv",
       "category,product,year,floor\nconsumption,grain,2001,5\nconsumption,grain,2002,5\n"
       "consumption,grain,2003,5\nconsumption,steel,2003,14\n"}};
  if (!profiles.empty()) tables["outlay_profiles.csv"] = profiles;
  return tables;
}

Index Find(const IdIndex& index, const std::string& id) { return index.at(id); }

// Steel made by the works per plan year (1-based; index 0 unused).
std::vector<double> SteelOutput(const Model& model, const Plan& plan) {
  std::vector<double> output(static_cast<std::size_t>(model.horizon()) + 1, 0.0);
  const Index steel = Find(model.product_index, "steel");
  for (const ProductionTarget& target : plan.targets) {
    if (target.product == steel) output[static_cast<std::size_t>(target.year)] += target.quantity;
  }
  return output;
}

double Accumulation(const Model& model, const Plan& plan, int year) {
  const Index steel = Find(model.product_index, "steel");
  return plan.balances[static_cast<std::size_t>(steel * model.horizon() + year - 1)].accumulation;
}

TEST(OutlayProfile, ProfilesResolvePerEnterpriseThenKindThenDefault) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(scratch, kToml, Tables(kHalfAndHalf));
  const auto profiles = OutlayProfiles(model);
  ASSERT_EQ(profiles.size(), 2u);
  EXPECT_EQ(profiles[Find(model.enterprise_index, "works")], (std::vector<double>{0.5, 0.5}));
  EXPECT_EQ(profiles[Find(model.enterprise_index, "farm")], (std::vector<double>{1.0}));
  // A kind profile applies where the enterprise has none of its own.
  ScratchFolder other;
  const Model by_kind = testing::LoadTables(
      other, kToml,
      Tables("enterprise,enterprise_kind,year_offset,share\n,factory,0,0.25\n,factory,1,0.75\n"));
  EXPECT_EQ(OutlayProfiles(by_kind)[Find(by_kind.enterprise_index, "works")],
            (std::vector<double>{0.25, 0.75}));
}

// The plan spreads the project's steel over 2001 and 2002 (hand derivation at the top) and
// verifies; the same model without the table takes it all in 2001.
TEST(OutlayProfile, PlanSpreadsTheOutlayOverTheLagAndVerifies) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(scratch, kToml, Tables(kHalfAndHalf));
  auto solved = SolvePlan(model);
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  const Plan& plan = solved.value();
  ASSERT_EQ(plan.status, PlanStatus::kOptimal) << plan.explanation;
  EXPECT_NEAR(plan.objective, 33.0, kTolerance);
  const std::vector<double> steel = SteelOutput(model, plan);
  EXPECT_NEAR(steel[1], 2.0, kTolerance);
  EXPECT_NEAR(steel[2], 2.0, kTolerance);
  EXPECT_NEAR(steel[3], 14.0, kTolerance);
  ASSERT_EQ(plan.investments.size(), 1u);
  EXPECT_EQ(plan.investments[0].year_started, 1);
  EXPECT_EQ(plan.investments[0].year_usable, 3);
  EXPECT_NEAR(plan.investments[0].quantity, 4.0, kTolerance);
  EXPECT_NEAR(Accumulation(model, plan, 1), 2.0, kTolerance);
  EXPECT_NEAR(Accumulation(model, plan, 2), 2.0, kTolerance);
  EXPECT_NEAR(Accumulation(model, plan, 3), 0.0, kTolerance);

  const std::string folder = scratch.path() + "/plan";
  ASSERT_TRUE(WritePlanFolder(model, plan, folder, false).ok());
  auto verdict = VerifyPlan(scratch.path() + "/model", folder);
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict.value().ok()) << VerifyTextReport(verdict.value());

  // Without the profile: z = (4, 0, 14), accumulation 4 in 2001.
  ScratchFolder plain_scratch;
  const Model plain = testing::LoadTables(plain_scratch, kToml, Tables(""));
  auto plain_plan = SolvePlan(plain);
  ASSERT_TRUE(plain_plan.ok());
  ASSERT_EQ(plain_plan.value().status, PlanStatus::kOptimal);
  const std::vector<double> plain_steel = SteelOutput(plain, plain_plan.value());
  EXPECT_NEAR(plain_steel[1], 4.0, kTolerance);
  EXPECT_NEAR(plain_steel[2], 0.0, kTolerance);
  EXPECT_NEAR(Accumulation(plain, plain_plan.value(), 1), 4.0, kTolerance);
  EXPECT_NEAR(plain_plan.value().objective, 33.0, kTolerance);
}

// explain follows the outlays: of 2002's 2 Mt of steel, all goes to the works' project (usable
// 2003), its second half; in the re-plan from 2002 the same 2 Mt are owed by construction in
// progress.
TEST(OutlayProfile, ExplainShowsTheYearsOutlay) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(scratch, kToml, Tables(kHalfAndHalf));
  auto plan = SolvePlan(model);
  ASSERT_TRUE(plan.ok());
  ExplainOptions options;
  options.id = "steel";
  options.year = 2002;
  auto report = ExplainPlan(model, plan.value(), options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const auto& destinations = report.value().destinations.destinations;
  ASSERT_EQ(destinations.size(), 1u) << ExplainText(model, report.value());
  EXPECT_EQ(destinations[0].kind, "accumulation");
  EXPECT_EQ(destinations[0].id, "works");
  EXPECT_NEAR(destinations[0].quantity, 2.0, kTolerance);
  EXPECT_NEAR(destinations[0].share, 1.0, kTolerance);
  EXPECT_NE(destinations[0].name.find("usable from 2003"), std::string::npos)
      << destinations[0].name;

  const std::vector<Actual> actuals = {
      {Find(model.enterprise_index, "works"), Find(model.product_index, "steel"), 1, 2.0}};
  ReplanOptions replan_options;
  replan_options.from_year = 2002;
  auto replanned = Replan(model, plan.value(), actuals, replan_options);
  ASSERT_TRUE(replanned.ok());
  auto again = ExplainPlan(replanned.value().model, replanned.value().plan, options);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  const auto& owed = again.value().destinations.destinations;
  ASSERT_EQ(owed.size(), 1u) << ExplainText(replanned.value().model, again.value());
  EXPECT_EQ(owed[0].kind, "accumulation");
  EXPECT_NEAR(owed[0].quantity, 2.0, kTolerance);
}

// The verifier checks the spread outlays on its own: the plan made without the profile (all 4 Mt
// out of 2001, nothing made in 2002) fails against the model with it, whose 2002 balance owes 2 Mt.
TEST(OutlayProfile, VerifyFailsOnAPlanThatIgnoresTheProfile) {
  ScratchFolder scratch;
  const Model plain = testing::LoadTables(scratch, kToml, Tables(""));
  auto plan = SolvePlan(plain);
  ASSERT_TRUE(plan.ok());
  const std::string folder = scratch.path() + "/plan";
  ASSERT_TRUE(WritePlanFolder(plain, plan.value(), folder, false).ok());
  auto before = VerifyPlan(scratch.path() + "/model", folder);
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(before.value().ok()) << VerifyTextReport(before.value());

  scratch.Write("model/outlay_profiles.csv", kHalfAndHalf);
  auto after = VerifyPlan(scratch.path() + "/model", folder);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_FALSE(after.value().ok());
  const std::string text = VerifyTextReport(after.value());
  EXPECT_NE(text.find("accumulation"), std::string::npos) << text;
}

// A re-plan from 2002 with the 2001 actuals as planned: the project started in 2001 is half-built
// construction in progress (4 Mt usable in 2003), and its second half, 2 Mt of steel, is owed in
// 2002; the re-plan is the remainder of the plan (z = 2, 14) and verifies. Abandoning the works'
// construction drops what it owes and the 4 Mt with it: 2003 then has only 10 Mt of stock for the
// 14 Mt asked, and no project started in 2002 (lag 2) arrives in time, so no plan exists.
TEST(OutlayProfile, ReplanFromTheMiddleOfAProjectPaysTheRemainingHalf) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(scratch, kToml, Tables(kHalfAndHalf));
  auto plan = SolvePlan(model);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan.value().status, PlanStatus::kOptimal);
  const std::vector<Actual> actuals = {
      {Find(model.enterprise_index, "works"), Find(model.product_index, "steel"), 1, 2.0},
      {Find(model.enterprise_index, "farm"), Find(model.product_index, "grain"), 1, 5.0}};
  ReplanOptions options;
  options.from_year = 2002;
  auto replanned = Replan(model, plan.value(), actuals, options);
  ASSERT_TRUE(replanned.ok()) << replanned.status().ToString();
  const ReplanResult& result = replanned.value();
  ASSERT_EQ(result.model.construction_in_progress.size(), 1u);
  const ConstructionInProgress& cip = result.model.construction_in_progress[0];
  EXPECT_EQ(cip.year_usable, 2);  // 2003 in the re-plan (base year 2001)
  EXPECT_NEAR(cip.quantity, 4.0, kTolerance);
  const std::vector<double> owed = OwedOutlays(result.model, OutlayProfiles(result.model));
  const Index steel = Find(model.product_index, "steel");
  EXPECT_NEAR(owed[static_cast<std::size_t>(steel * 2 + 0)], 2.0, kTolerance);  // 2002
  EXPECT_NEAR(owed[static_cast<std::size_t>(steel * 2 + 1)], 0.0, kTolerance);  // 2003

  ASSERT_EQ(result.plan.status, PlanStatus::kOptimal) << result.plan.explanation;
  const std::vector<double> steel_output = SteelOutput(result.model, result.plan);
  EXPECT_NEAR(steel_output[1], 2.0, kTolerance);
  EXPECT_NEAR(steel_output[2], 14.0, kTolerance);
  EXPECT_NEAR(Accumulation(result.model, result.plan, 1), 2.0, kTolerance);
  EXPECT_TRUE(result.plan.investments.empty());
  EXPECT_NE(ReplanTextReport(model, result).find("2 Mt of its outlays still to pay"),
            std::string::npos)
      << ReplanTextReport(model, result);

  const std::string folder = scratch.path() + "/next";
  ASSERT_TRUE(WriteReplanFolder(model, result, folder, false).ok());
  auto verdict = VerifyPlan(folder + "/model", folder);
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict.value().ok()) << VerifyTextReport(verdict.value());

  options.abandon = {"works"};
  auto abandoned = Replan(model, plan.value(), actuals, options);
  ASSERT_TRUE(abandoned.ok()) << abandoned.status().ToString();
  EXPECT_TRUE(abandoned.value().model.construction_in_progress.empty());
  ASSERT_EQ(abandoned.value().state.abandoned.size(), 1u);
  EXPECT_EQ(abandoned.value().plan.status, PlanStatus::kInfeasible);
}

// A shortfall in the second outlay year scales the project: with 2001 as planned but only 1 Mt of
// steel instead of 2 reported in 2002 (ρ[steel,2002] = 1/2), the project started in 2001 paid its
// second half at half scale, so re-planned from 2003 it delivers min(ρ 2001, ρ 2002)·4 = 2 Mt.
TEST(OutlayProfile, AShortOutlayYearScalesTheProject) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(scratch, kToml, Tables(kHalfAndHalf));
  auto plan = SolvePlan(model);
  ASSERT_TRUE(plan.ok());
  const Index works = Find(model.enterprise_index, "works");
  const Index steel = Find(model.product_index, "steel");
  const std::vector<Actual> actuals = {{works, steel, 1, 2.0}, {works, steel, 2, 1.0}};
  ReplanOptions options;
  options.from_year = 2003;
  ActualState state;
  auto next = ModelFromActualState(model, plan.value(), actuals, options, &state);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  ASSERT_EQ(next.value().construction_in_progress.size(), 1u);
  EXPECT_NEAR(next.value().construction_in_progress[0].quantity, 2.0, kTolerance);
  EXPECT_EQ(next.value().construction_in_progress[0].year_usable, 1);  // 2003
  // Both halves lie before 2003: nothing is owed in the re-plan.
  const std::vector<double> owed = OwedOutlays(next.value(), OutlayProfiles(next.value()));
  EXPECT_NEAR(owed[static_cast<std::size_t>(steel)], 0.0, kTolerance);
}

// Every bad row is located (line, column), and a profile that does not sum to 1 is reported at its
// first row.
TEST(OutlayProfile, BadProfilesAreLocated) {
  ScratchFolder scratch;
  scratch.Write("model/model.toml", kToml);
  for (const auto& [name, text] : Tables(
           "enterprise,enterprise_kind,year_offset,share\n"
           "works,factory,0,0.5\n"  // line 2: both an enterprise and a kind (reported at the kind)
           ",,0,0.5\n"              // line 3: neither
           ",bakery,0,1\n"          // line 4: unknown kind
           "works,,2,0.5\n"         // line 5: offset 2 is not below the works' lag 2
           "works,,0,1.5\n"         // line 6: share above 1
           "works,,0,0.6\n"         // line 7: first share of the works' profile
           "works,,0,0.3\n"         // line 8: the same offset twice
           "farm,,0,0.9\n")) {      // line 9: sums to 0.9
    scratch.Write("model/" + name, text);
  }
  auto loaded = LoadModel(scratch.path() + "/model");
  ASSERT_FALSE(loaded.ok());
  const auto& list = loaded.status().diagnostics().list();
  std::vector<std::pair<std::int64_t, std::int64_t>> where;
  for (const auto& d : list) where.emplace_back(d.line, d.column);
  const std::vector<std::pair<std::int64_t, std::int64_t>> expected = {
      {2, 2}, {3, 1}, {4, 2}, {5, 3}, {6, 4}, {8, 3}, {9, 4}, {7, 4}};
  EXPECT_EQ(where, expected) << loaded.status().ToString();
  const std::string text = loaded.status().ToString();
  EXPECT_NE(text.find("not below the construction lag 2 of enterprise 'works'"), std::string::npos)
      << text;
  EXPECT_NE(text.find("the outlay shares of enterprise 'farm' sum to 0.9"), std::string::npos)
      << text;
  EXPECT_NE(text.find("the outlay shares of enterprise 'works' sum to 0.6"), std::string::npos)
      << text;
}

// The writer keeps the profiles: written and read back, the plan is the same.
TEST(OutlayProfile, WrittenModelKeepsItsProfiles) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(
      scratch, kToml,
      Tables("enterprise,enterprise_kind,year_offset,share\nworks,,0,0.5\nworks,,1,0.5\n"
             ",state_farm,0,1\n"));
  const std::string folder = scratch.path() + "/written";
  ASSERT_TRUE(WriteModelFolder(model, folder, false).ok());
  auto back = LoadModel(folder);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back.value().outlay_shares.size(), 3u);
  EXPECT_EQ(back.value().outlay_shares[2].enterprise, -1);
  EXPECT_EQ(back.value().outlay_shares[2].enterprise_kind, "state_farm");
  EXPECT_EQ(OutlayProfiles(back.value()), OutlayProfiles(model));
  // A model built in code with shares that do not sum to 1 is refused by the plan, in words.
  Model broken = model;
  broken.outlay_shares[1].share = 0.25;
  auto refused = SolvePlan(broken);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().ToString().find("sum to 0.75"), std::string::npos)
      << refused.status().ToString();
}

// The binary cache (format 5) keeps the profiles: the second load comes from the cache and has the
// same shares, kind rows included.
TEST(OutlayProfile, ModelCacheKeepsTheProfiles) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(
      scratch, kToml,
      Tables("enterprise,enterprise_kind,year_offset,share\nworks,,0,0.5\nworks,,1,0.5\n"
             ",state_farm,0,1\n"));
  const std::string folder = scratch.path() + "/model";
  // The cache is written only for sources older than kModelCacheSettleSeconds.
  const auto past = std::filesystem::file_time_type::clock::now() - std::chrono::minutes(60);
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.is_regular_file()) std::filesystem::last_write_time(entry.path(), past);
  }
  ModelCacheReport first, second;
  LoadOptions options;
  options.cache = ModelCacheMode::kReadWrite;
  options.cache_report = &first;
  ASSERT_TRUE(LoadModel(folder, options).ok());
  ASSERT_TRUE(first.written) << first.not_written;
  options.cache = ModelCacheMode::kRead;
  options.cache_report = &second;
  auto cached = LoadModel(folder, options);
  ASSERT_TRUE(cached.ok()) << cached.status().ToString();
  ASSERT_TRUE(second.loaded) << second.not_loaded;
  ASSERT_EQ(cached.value().outlay_shares.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(cached.value().outlay_shares[k].enterprise, model.outlay_shares[k].enterprise);
    EXPECT_EQ(cached.value().outlay_shares[k].enterprise_kind,
              model.outlay_shares[k].enterprise_kind);
    EXPECT_EQ(cached.value().outlay_shares[k].year_offset, model.outlay_shares[k].year_offset);
    EXPECT_EQ(cached.value().outlay_shares[k].share, model.outlay_shares[k].share);
  }
}

}  // namespace
}  // namespace gosplan
