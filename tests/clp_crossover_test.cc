// CrossoverWithClp (linear_program.h): from an approximate point, a basis guessed by complementary
// slackness and CLP's simplex from it to an optimal vertex. Expected values: a hand-solved LP, the
// Netlib readme's optima (tests/data/SOURCES.md), and CLP alone (the independent path).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "gosplan/linear_program.h"
#include "gosplan/pdlp.h"
#include "test_support.h"

namespace gosplan {
namespace {

// maximise 3x + 2y  s.t.  x + y ≤ 4,  x + 3y ≤ 9,  0 ≤ x ≤ 3,  y ≥ 0.
// By hand: the vertices of the feasible set are (0,0) 0, (3,0) 9, (3,1) 11, (1.5,2.5) 9.5, (0,3) 6,
// so the optimum is x = 3, y = 1, objective 11. There x + y = 4 binds and x + 3y = 6 < 9 has slack
// (dual 0). y is strictly inside its bounds, so its reduced cost is 0: 2 − d₁·1 = 0, d₁ = 2
// (objective gained per unit more of row 1's bound). x sits at its upper bound with reduced cost 3
// − 2 = 1 > 0. The optimal basis is {y, slack of row 2}: one basic column, one basic row.
LinearProgram HandLp() {
  LinearProgram lp;
  lp.num_rows = 2;
  lp.num_columns = 2;
  lp.column_starts = {0, 2, 4};
  lp.row_indices = {0, 1, 0, 1};
  lp.values = {1, 1, 1, 3};
  lp.column_lower = {0, 0};
  lp.column_upper = {3, kUnbounded};
  lp.objective = {3, 2};
  lp.row_lower = {-kUnbounded, -kUnbounded};
  lp.row_upper = {4, 9};
  lp.maximize = true;
  return lp;
}

TEST(ClpCrossoverTest, HandLpFromANearbyPointGuessesTheOptimalBasis) {
  const LinearProgram lp = HandLp();
  // A point as a first-order solver leaves it: within 1e-3 of (3, 1) and of the duals (2, 0).
  LpSolution start;
  start.column_values = {2.999, 1.0004};
  start.row_duals = {1.9995, 0.0003};
  CrossoverSummary summary;
  auto vertex = CrossoverWithClp(lp, start, {}, &summary);
  ASSERT_TRUE(vertex.ok()) << vertex.status().ToString();
  EXPECT_EQ(vertex.value().status, LpStatus::kOptimal);
  EXPECT_EQ(summary.basic_columns, 1);      // y
  EXPECT_EQ(summary.basic_rows, 1);         // the slack of x + 3y ≤ 9
  EXPECT_EQ(vertex.value().iterations, 0);  // the guess is the optimal basis: no pivot
  EXPECT_DOUBLE_EQ(vertex.value().column_values[0], 3.0);
  EXPECT_DOUBLE_EQ(vertex.value().column_values[1], 1.0);
  EXPECT_DOUBLE_EQ(vertex.value().objective, 11.0);
  EXPECT_NEAR(vertex.value().row_duals[0], 2.0, 1e-12);
  EXPECT_NEAR(vertex.value().row_duals[1], 0.0, 1e-12);
  EXPECT_NEAR(vertex.value().reduced_costs[0], 1.0, 1e-12);
}

// A poor start (the origin, no prices) guesses a wrong basis; the simplex still ends at the vertex.
TEST(ClpCrossoverTest, HandLpFromAPoorPointStillEndsAtTheOptimum) {
  const LinearProgram lp = HandLp();
  LpSolution start;
  start.column_values = {0, 0};
  start.row_duals = {0, 0};
  auto vertex = CrossoverWithClp(lp, start);
  ASSERT_TRUE(vertex.ok()) << vertex.status().ToString();
  EXPECT_EQ(vertex.value().status, LpStatus::kOptimal);
  EXPECT_NEAR(vertex.value().column_values[0], 3.0, 1e-12);
  EXPECT_NEAR(vertex.value().column_values[1], 1.0, 1e-12);
  EXPECT_NEAR(vertex.value().objective, 11.0, 1e-12);
}

TEST(ClpCrossoverTest, StartOfTheWrongSizeIsRefused) {
  LpSolution start;
  start.column_values = {1.0};
  start.row_duals = {0, 0};
  auto vertex = CrossoverWithClp(HandLp(), start);
  ASSERT_FALSE(vertex.ok());
  EXPECT_EQ(vertex.status().code(), StatusCode::kInvalidArgument);
}

struct Published {
  const char* file;
  double objective;  // Netlib readme (tests/data/SOURCES.md); the files minimise
};

class ClpCrossoverNetlibTest : public ::testing::TestWithParam<Published> {};

// PDLP to 1e-6 (or its iteration limit: the crossover takes any point), then the crossover: the
// Netlib optimum, as CLP alone finds it.
TEST_P(ClpCrossoverNetlibTest, PdlpThenCrossoverReachesThePublishedOptimum) {
  auto lp = ReadMps(testing::DataPath(GetParam().file));
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  PdlpOptions pdlp;
  pdlp.tolerance = 1e-6;
  pdlp.iteration_limit = 20000;
  auto first_order = SolveWithPdlp(lp.value(), pdlp);
  ASSERT_TRUE(first_order.ok()) << first_order.status().ToString();
  auto vertex = CrossoverWithClp(lp.value(), first_order.value());
  ASSERT_TRUE(vertex.ok()) << vertex.status().ToString();
  EXPECT_EQ(vertex.value().status, LpStatus::kOptimal);
  const double published = GetParam().objective;
  EXPECT_NEAR(vertex.value().objective, published, 1e-8 * (1 + std::abs(published)));
  EXPECT_LT(vertex.value().max_primal_violation, 1e-7);
  auto alone = SolveWithClp(lp.value());
  ASSERT_TRUE(alone.ok());
  EXPECT_NEAR(vertex.value().objective, alone.value().objective,
              1e-9 * (1 + std::abs(alone.value().objective)));
}

INSTANTIATE_TEST_SUITE_P(Netlib, ClpCrossoverNetlibTest,
                         ::testing::Values(Published{"lp/netlib/afiro.mps", -4.6475314286E+02},
                                           Published{"lp/netlib/adlittle.mps", 2.2549496316E+05},
                                           Published{"lp/netlib/sc105.mps", -5.2202061212E+01},
                                           Published{"lp/netlib/blend.mps", -3.0812149846E+01},
                                           Published{"lp/netlib/share2b.mps", -4.1573224074E+02},
                                           Published{"lp/netlib/share1b.mps", -7.6589318579E+04}),
                         [](const ::testing::TestParamInfo<Published>& info) {
                           std::string name = info.param.file;
                           name = name.substr(name.rfind('/') + 1);
                           return name.substr(0, name.find('.'));
                         });

}  // namespace
}  // namespace gosplan
