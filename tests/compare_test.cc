// Scenario comparison (include/gosplan/compare.h): a plan compared with itself is empty, and two
// objectives of a hand-solvable one-product economy differ exactly as derived by hand.
#include "gosplan/compare.h"

#include <gtest/gtest.h>

#include <cmath>

#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "steel_works_model.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::ScratchFolder;
using testing::SourcePath;

TEST(Compare, APlanComparedWithItselfIsEmpty) {
  const std::string model_folder = SourcePath("examples/ussr-1928");
  auto model = LoadModel(model_folder);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto solved = SolvePlan(model.value());
  ASSERT_TRUE(solved.ok());
  ScratchFolder scratch;
  const std::string folder = scratch.path() + "/plan";
  ASSERT_TRUE(WritePlanFolder(model.value(), solved.value(), folder, false).ok());
  auto a = LoadModelAndPlan(model_folder, folder);
  auto b = LoadModelAndPlan(model_folder, folder);
  ASSERT_TRUE(a.ok() && b.ok());
  auto report = ComparePlans(a->model, a->plan, b->plan);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->differences.empty()) << report->differences.size();
  EXPECT_NE(CompareTextReport(report.value()).find("The plans do not differ."), std::string::npos);
  // The same plan in memory and read back from its folder: equal within the 12 digits written.
  auto in_memory = ComparePlans(a->model, solved.value(), b->plan, CompareOptions{1e-9});
  ASSERT_TRUE(in_memory.ok());
  EXPECT_TRUE(in_memory->differences.empty())
      << in_memory->differences.size() << ", the first: " << in_memory->differences[0].kind;
  // Any other plan does differ: the same model under min_resources.
  PlanOptions other;
  other.use_model_objective = false;
  other.objective = ObjectiveKind::kMinResources;
  auto cheaper = SolvePlan(model.value(), other);
  ASSERT_TRUE(cheaper.ok());
  auto differs = ComparePlans(model.value(), solved.value(), cheaper.value());
  ASSERT_TRUE(differs.ok());
  EXPECT_FALSE(differs->differences.empty());
}

// One product (grain, Mt), one technique using 1 labour per Mt, 30 labour in 2001, a floor of 10 Mt
// for consumption and a target mix of 10. Plan ray (A): max λ with f ≥ 10 λ, f ≤ z ≤ 30: z = f =
// 30, λ = 3; one more Mt of grain or one more unit of labour gives λ + 1/10, so both prices are
// 0.1. Min resources (B): min z with f ≥ 10: z = f = 10, no λ; a Mt of grain more available saves 1
// labour (price 1), labour is not scarce (price 0).
// Differences B − A, largest relative first: fulfilment 3 → absent (1), resource_price labour
// 0.1 → 0 (1), product_price 0.1 → 1 (0.9/1 = 0.9), then final_use, production and target 30 → 10
// (20/30 = 2/3), ties in the order kind, id, enterprise, detail, year.
TEST(Compare, PlanRayAgainstMinResourcesDiffersAsDerivedByHand) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(
      scratch, "name = \"grain\"\nbase_year = 2000\nhorizon = 1\n",
      {{"products.csv", "id,name,unit,group\ngrain,Grain,Mt,B\n"},
       {"resources.csv", "id,name,unit\nlabour,Labour,mn\n"},
       {"resource_availability.csv", "resource,year,quantity\nlabour,2001,30\n"},
       {"techniques.csv", "id,name\nfarming,Farming\n"},
       {"technique_outputs.csv", "technique,product,coefficient\nfarming,grain,1\n"},
       {"technique_resources.csv", "technique,resource,coefficient\nfarming,labour,1\n"},
       {"enterprises.csv", "id,name,kind\nfarm,Farm,collective_farm\n"},
       {"enterprise_techniques.csv", "enterprise,technique\nfarm,farming\n"},
       {"final_demand.csv", "category,product,year,floor,target\nconsumption,grain,2001,10,10\n"}});
  auto ray = SolvePlan(model);
  ASSERT_TRUE(ray.ok());
  ASSERT_EQ(ray->status, PlanStatus::kOptimal);
  PlanOptions options;
  options.use_model_objective = false;
  options.objective = ObjectiveKind::kMinResources;
  auto cheap = SolvePlan(model, options);
  ASSERT_TRUE(cheap.ok());
  ASSERT_EQ(cheap->status, PlanStatus::kOptimal);
  // Through the plan folders, as `gosplan compare` reads them.
  ASSERT_TRUE(WritePlanFolder(model, ray.value(), scratch.path() + "/ray", false).ok());
  ASSERT_TRUE(WritePlanFolder(model, cheap.value(), scratch.path() + "/cheap", false).ok());
  auto a = LoadModelAndPlan(scratch.path() + "/model", scratch.path() + "/ray");
  auto b = LoadModelAndPlan(scratch.path() + "/model", scratch.path() + "/cheap");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  auto report = ComparePlans(a->model, a->plan, b->plan);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->objective_a, "plan_ray");
  EXPECT_EQ(report->objective_b, "min_resources");
  struct Expected {
    const char* kind;
    const char* id;
    double a, b, relative;
  };
  const double absent = std::nan("");
  const std::vector<Expected> expected = {
      {"fulfilment", "", 3, absent, 1},         {"resource_price", "labour", 0.1, 0, 1},
      {"product_price", "grain", 0.1, 1, 0.9},  {"final_use", "grain", 30, 10, 2.0 / 3},
      {"production", "grain", 30, 10, 2.0 / 3}, {"target", "grain", 30, 10, 2.0 / 3}};
  ASSERT_EQ(report->differences.size(), expected.size()) << CompareTextReport(report.value());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    const Difference& d = report->differences[k];
    EXPECT_EQ(d.kind, expected[k].kind) << k;
    EXPECT_EQ(d.id, expected[k].id) << k;
    EXPECT_EQ(d.year, 2001) << k;
    EXPECT_NEAR(d.a, expected[k].a, 1e-9) << k;
    if (std::isnan(expected[k].b)) {
      EXPECT_TRUE(std::isnan(d.b)) << k;
    } else {
      EXPECT_NEAR(d.b, expected[k].b, 1e-9) << k;
      EXPECT_NEAR(d.difference, expected[k].b - expected[k].a, 1e-9) << k;
    }
    EXPECT_NEAR(d.relative, expected[k].relative, 1e-9) << k;
  }
  EXPECT_EQ(report->differences[3].detail, "consumption");
  EXPECT_EQ(report->differences[5].enterprise, "farm");
  EXPECT_EQ(report->differences[5].detail, "farming");
  // The CSV holds every difference: a header and six rows.
  const std::string csv = CompareCsv(report.value());
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 7);
}

TEST(Compare, RefusesANegativeTolerance) {
  Plan plan;
  plan.status = PlanStatus::kOptimal;
  auto report = ComparePlans(Model{}, plan, plan, CompareOptions{-1});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace gosplan
