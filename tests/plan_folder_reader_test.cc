// ReadPlanFolder / LoadModelAndPlan: a plan folder read back equals the plan that was written (the
// solver's own Plan is the independent path: it never went through a file), and a plan read
// against another model is refused in one sentence.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <tuple>

#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::ScratchFolder;
using testing::SourcePath;

// Relative closeness at the 12 significant digits plan files carry (snapped values may differ by
// the solver tolerance; 1e-9 relative covers both).
void ExpectClose(double expected, double actual, const std::string& what) {
  EXPECT_NEAR(expected, actual, 1e-9 * std::max(1.0, std::abs(expected))) << what;
}

TEST(PlanFolderReader, Ussr1928PlanReadsBackAsSolved) {
  auto model = LoadModel(SourcePath("examples/ussr-1928"));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto solved = SolvePlan(model.value());
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  ASSERT_EQ(solved->status, PlanStatus::kOptimal);
  ScratchFolder scratch;
  const std::string folder = scratch.path() + "/plan";
  ASSERT_TRUE(WritePlanFolder(model.value(), solved.value(), folder, false).ok());

  auto read = LoadModelAndPlan(SourcePath("examples/ussr-1928"), folder);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  const Plan& plan = read->plan;
  EXPECT_EQ(plan.status, PlanStatus::kOptimal);
  ExpectClose(solved->objective, plan.objective, "objective");
  ASSERT_EQ(plan.fulfilment.size(), solved->fulfilment.size());
  for (std::size_t t = 0; t < plan.fulfilment.size(); ++t) {
    ExpectClose(solved->fulfilment[t], plan.fulfilment[t], "lambda");
  }
  // Targets keyed by (enterprise, technique, product, year).
  std::map<std::tuple<Index, Index, Index, int>, double> expected;
  for (const ProductionTarget& target : solved->targets) {
    expected[{target.enterprise, target.technique, target.product, target.year}] = target.quantity;
  }
  ASSERT_EQ(plan.targets.size(), expected.size());
  for (const ProductionTarget& target : plan.targets) {
    auto it = expected.find({target.enterprise, target.technique, target.product, target.year});
    ASSERT_NE(it, expected.end());
    ExpectClose(it->second, target.quantity, "target");
  }
  ASSERT_EQ(plan.balances.size(), solved->balances.size());
  for (std::size_t k = 0; k < plan.balances.size(); ++k) {
    ExpectClose(solved->balances[k].production, plan.balances[k].production, "production");
    ExpectClose(solved->balances[k].accumulation, plan.balances[k].accumulation, "accumulation");
  }
  ASSERT_EQ(plan.product_prices.size(), solved->product_prices.size());
  for (std::size_t k = 0; k < plan.product_prices.size(); ++k) {
    ExpectClose(solved->product_prices[k], plan.product_prices[k], "product price");
  }
  ASSERT_EQ(plan.investments.size(), solved->investments.size());
  // Capital accounts: usable as written, used recomputed from the activities.
  std::map<std::tuple<Index, Index, int>, const CapitalAccount*> accounts;
  for (const CapitalAccount& account : solved->capital) {
    accounts[{account.enterprise, account.product, account.year}] = &account;
  }
  ASSERT_EQ(plan.capital.size(), accounts.size());
  for (const CapitalAccount& account : plan.capital) {
    const CapitalAccount* original =
        accounts.at({account.enterprise, account.product, account.year});
    ExpectClose(original->usable, account.usable, "usable stock");
    EXPECT_NEAR(original->used, account.used, 1e-8 * std::max(1.0, original->used)) << "used stock";
    ExpectClose(original->rent, account.rent, "rent");
  }
}

TEST(PlanFolderReader, PlanOfAnotherModelIsOneSentence) {
  auto model = LoadModel(SourcePath("examples/ussr-1928"));
  ASSERT_TRUE(model.ok());
  auto solved = SolvePlan(model.value());
  ASSERT_TRUE(solved.ok());
  ScratchFolder scratch;
  const std::string folder = scratch.path() + "/plan";
  ASSERT_TRUE(WritePlanFolder(model.value(), solved.value(), folder, false).ok());
  auto read = LoadModelAndPlan(SourcePath("examples/two-sector"), folder);
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().ToString().find("this plan was made from another model"),
            std::string::npos)
      << read.status().ToString();
}

TEST(PlanFolderReader, MissingFolderIsLocated) {
  auto model = LoadModel(SourcePath("examples/ussr-1928"));
  ASSERT_TRUE(model.ok());
  auto read = ReadPlanFolder(model.value(), "/nonexistent/plan");
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().ToString().find("plan folder not found"), std::string::npos);
}

}  // namespace
}  // namespace gosplan
