// CheckModelRange on the sum of final-demand targets per product and year (the plan-ray target
// mix), a model built in code. The check skips forming the sums when Σ |target| over all rows is
// well within 1e20 (no sum can exceed its terms' total), so these cases put the total on both
// sides of that shortcut: each expected verdict is derived by hand from the targets below.
#include "gosplan/model_range.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gosplan/model.h"

namespace gosplan {
namespace {

// Two products (grain, steel), base year 1928, a horizon of 2 (1929, 1930), two categories.
Model TwoProducts() {
  Model model;
  model.settings.base_year = 1928;
  model.settings.horizon = 2;
  model.settings.year_weights = {1, 1};
  model.products.resize(2);
  model.products[0].id = "grain";
  model.products[1].id = "steel";
  model.final_demand_categories = {"consumption", "export"};
  return model;
}

FinalDemand Row(Index category, Index product, int year, double target) {
  FinalDemand row;
  row.category = category;
  row.product = product;
  row.year = year;
  row.target = target;
  return row;
}

// 6e19 + 6e19 = 1.2e20 for grain in 1929 (t = 1) over the two categories: refused, named.
TEST(ModelRangeTest, OneProductYearsTargetsBeyondTheRangeAreRefused) {
  Model model = TwoProducts();
  model.final_demand = {Row(0, 0, 1, 6e19), Row(1, 0, 1, 6e19)};
  const Status status = CheckModelRange(model);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.ToString().find("the sum of the targets of product 'grain' in 1929 over all "
                                   "categories"),
            std::string::npos)
      << status.ToString();
}

// The same total spread: 6e19 for grain in 1929 and in 1930, 6e19 for steel in 1929. Σ |target|
// = 1.8e20 (beyond 1e20, so the sums are formed), but each (product, year) sums to 6e19: accepted.
TEST(ModelRangeTest, LargeTotalSpreadOverProductsAndYearsIsAccepted) {
  Model model = TwoProducts();
  model.final_demand = {Row(0, 0, 1, 6e19), Row(0, 0, 2, 6e19), Row(1, 1, 1, 6e19)};
  EXPECT_TRUE(CheckModelRange(model).ok()) << CheckModelRange(model).ToString();
}

// The limit itself: 5e19 + 5e19 = 1e20 exactly (both are exact binary multiples whose sum rounds to
// the double nearest 1e20, the same as the literal) for steel in 1930: accepted. The total 1e20
// is not below the shortcut's bound, so the sum is formed and compared.
TEST(ModelRangeTest, TargetsSummingToTheLimitAreAccepted) {
  Model model = TwoProducts();
  model.final_demand = {Row(0, 1, 2, 5e19), Row(1, 1, 2, 5e19)};
  EXPECT_EQ(5e19 + 5e19, 1e20);  // the hand derivation above, checked
  EXPECT_TRUE(CheckModelRange(model).ok()) << CheckModelRange(model).ToString();
}

// Negative targets count by magnitude: -6e19 - 6e19 = -1.2e20 for steel in 1929: refused.
TEST(ModelRangeTest, NegativeTargetsCountByMagnitude) {
  Model model = TwoProducts();
  model.final_demand = {Row(0, 1, 1, -6e19), Row(1, 1, 1, -6e19)};
  const Status status = CheckModelRange(model);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.ToString().find("product 'steel' in 1929"), std::string::npos)
      << status.ToString();
}

// Many small rows, far within the range (Σ |target| = 1000 × 2 × 2 × 2 × 1.5 = 12,000): accepted
// without forming the sums, and a single row's floor beyond 1e20 is still named by its row.
TEST(ModelRangeTest, SmallTargetsPassAndARowsFloorIsStillNamed) {
  Model model = TwoProducts();
  for (int copy = 0; copy < 1000; ++copy) {
    for (Index c = 0; c < 2; ++c) {
      for (Index p = 0; p < 2; ++p) {
        for (int t = 1; t <= 2; ++t) model.final_demand.push_back(Row(c, p, t, 1.5));
      }
    }
  }
  EXPECT_TRUE(CheckModelRange(model).ok()) << CheckModelRange(model).ToString();
  model.final_demand[5].floor = 1e21;  // copy 0, category 1 (export), grain, t = 2 (1930)
  const Status status = CheckModelRange(model);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.ToString().find("floor of product 'grain' in 1930 for category 'export'"),
            std::string::npos)
      << status.ToString();
}

}  // namespace
}  // namespace gosplan
