// CrossoverWithClp (linear_program.h): from an approximate point to an optimal vertex, by both
// methods — the columns at a bound fixed, CLP's presolve and simplex, then the whole LP
// (kFixAndPresolve, the default); a basis guessed by complementary slackness (kGuessedBasis).
// Expected values: hand-solved LPs, the Netlib readme's optima (tests/data/SOURCES.md), and CLP
// alone (the independent path).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "crossover_cases.h"
#include "gosplan/generate.h"
#include "gosplan/linear_program.h"
#include "gosplan/pdlp.h"
#include "gosplan/plan.h"
#include "test_support.h"

namespace gosplan {
namespace {

LinearProgram HandLp() { return testing::CrossoverHandLp(); }  // crossover_cases.h: solved by hand

TEST(ClpCrossoverTest, HandLpFromANearbyPointGuessesTheOptimalBasis) {
  const LinearProgram lp = HandLp();
  // A point as a first-order solver leaves it: within 1e-3 of (3, 1) and of the duals (2, 0).
  LpSolution start;
  start.column_values = {2.999, 1.0004};
  start.row_duals = {1.9995, 0.0003};
  CrossoverSummary summary;
  auto vertex = CrossoverWithClp(lp, start, {}, &summary, CrossoverMethod::kGuessedBasis);
  ASSERT_TRUE(vertex.ok()) << vertex.status().ToString();
  EXPECT_EQ(vertex.value().status, LpStatus::kOptimal);
  EXPECT_EQ(summary.method, CrossoverMethod::kGuessedBasis);
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

// A poor start (the origin, no prices): both methods still end at the vertex — the fixed one
// because both columns, fixed at 0, are freed for the simplex on the whole LP.
TEST(ClpCrossoverTest, HandLpFromAPoorPointStillEndsAtTheOptimum) {
  const LinearProgram lp = HandLp();
  LpSolution start;
  start.column_values = {0, 0};
  start.row_duals = {0, 0};
  for (CrossoverMethod method :
       {CrossoverMethod::kFixAndPresolve, CrossoverMethod::kGuessedBasis}) {
    auto vertex = CrossoverWithClp(lp, start, {}, nullptr, method);
    ASSERT_TRUE(vertex.ok()) << vertex.status().ToString();
    EXPECT_EQ(vertex.value().status, LpStatus::kOptimal);
    EXPECT_NEAR(vertex.value().column_values[0], 3.0, 1e-12);
    EXPECT_NEAR(vertex.value().column_values[1], 1.0, 1e-12);
    EXPECT_NEAR(vertex.value().objective, 11.0, 1e-12);
  }
}

// Fix and presolve from the point (3, 1.0004): x is at its upper bound 3 and is fixed there; y is
// 1.0004 − 0 > 1e-6 from its bound and stays free. The restricted LP (maximise 2y + 9 s.t. y ≤ 1,
// 3y ≤ 6) has its optimum at y = 1 with basis {y, slack of x + 3y ≤ 9} — the optimal basis of the
// whole LP (HandLp's comment: x at its upper bound has reduced cost 1 > 0, so it stays there), so
// with the bounds restored the simplex needs no pivot.
TEST(ClpCrossoverTest, HandLpFixesTheColumnAtItsBoundAndNeedsNoPivotAfterwards) {
  const LinearProgram lp = HandLp();
  LpSolution start;
  start.column_values = {3.0, 1.0004};
  start.row_duals = {1.9995, 0.0003};
  CrossoverSummary summary;
  auto vertex = CrossoverWithClp(lp, start, {}, &summary);
  ASSERT_TRUE(vertex.ok()) << vertex.status().ToString();
  EXPECT_EQ(vertex.value().status, LpStatus::kOptimal);
  EXPECT_EQ(summary.method, CrossoverMethod::kFixAndPresolve);
  EXPECT_EQ(summary.fixed_columns, 1);
  EXPECT_EQ(summary.cleanup_iterations, 0);
  EXPECT_DOUBLE_EQ(vertex.value().column_values[0], 3.0);
  EXPECT_NEAR(vertex.value().column_values[1], 1.0, 1e-12);
  EXPECT_NEAR(vertex.value().objective, 11.0, 1e-12);
  EXPECT_NEAR(vertex.value().row_duals[0], 2.0, 1e-12);
  EXPECT_NEAR(vertex.value().reduced_costs[0], 1.0, 1e-12);
}

// minimise x + 2y  s.t.  x + y = 2,  x, y ≥ 0. By hand: on the segment x + y = 2 the objective is
// 2 + y, least at y = 0: x = 2, objective 2. From the origin both columns are at their bound 0 and
// would be fixed there, which leaves x + y = 2 infeasible: CLP's presolve says so and the method
// falls back to the guessed basis, which still ends at the optimum.
TEST(ClpCrossoverTest, FixingThatMakesTheLpInfeasibleFallsBackToTheGuessedBasis) {
  LinearProgram lp;
  lp.num_rows = 1;
  lp.num_columns = 2;
  lp.column_starts = {0, 1, 2};
  lp.row_indices = {0, 0};
  lp.values = {1, 1};
  lp.column_lower = {0, 0};
  lp.column_upper = {kUnbounded, kUnbounded};
  lp.objective = {1, 2};
  lp.row_lower = {2};
  lp.row_upper = {2};
  LpSolution start;
  start.column_values = {0, 0};
  start.row_duals = {0};
  CrossoverSummary summary;
  auto vertex = CrossoverWithClp(lp, start, {}, &summary);
  ASSERT_TRUE(vertex.ok()) << vertex.status().ToString();
  EXPECT_EQ(summary.method, CrossoverMethod::kGuessedBasis);
  EXPECT_EQ(vertex.value().status, LpStatus::kOptimal);
  EXPECT_NEAR(vertex.value().column_values[0], 2.0, 1e-12);
  EXPECT_NEAR(vertex.value().column_values[1], 0.0, 1e-12);
  EXPECT_NEAR(vertex.value().objective, 2.0, 1e-12);
}

TEST(ClpCrossoverTest, StartOfTheWrongSizeIsRefused) {
  LpSolution start;
  start.column_values = {1.0};
  start.row_duals = {0, 0};
  auto vertex = CrossoverWithClp(HandLp(), start);
  ASSERT_FALSE(vertex.ok());
  EXPECT_EQ(vertex.status().code(), StatusCode::kInvalidArgument);
}

using Published = testing::PublishedOptimum;

class ClpCrossoverNetlibTest : public ::testing::TestWithParam<Published> {};

// PDLP to 1e-6 (or its iteration limit: the crossover takes any point), then the crossover by
// each method: the Netlib optimum, as CLP alone finds it.
TEST_P(ClpCrossoverNetlibTest, PdlpThenCrossoverReachesThePublishedOptimum) {
  auto lp = ReadMps(testing::DataPath(GetParam().file));
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  PdlpOptions pdlp;
  pdlp.tolerance = 1e-6;
  pdlp.iteration_limit = 20000;
  auto first_order = SolveWithPdlp(lp.value(), pdlp);
  ASSERT_TRUE(first_order.ok()) << first_order.status().ToString();
  auto alone = SolveWithClp(lp.value());
  ASSERT_TRUE(alone.ok());
  const double published = GetParam().objective;
  for (CrossoverMethod method :
       {CrossoverMethod::kFixAndPresolve, CrossoverMethod::kGuessedBasis}) {
    SCOPED_TRACE(method == CrossoverMethod::kGuessedBasis ? "guessed basis" : "fix and presolve");
    auto vertex = CrossoverWithClp(lp.value(), first_order.value(), {}, nullptr, method);
    ASSERT_TRUE(vertex.ok()) << vertex.status().ToString();
    EXPECT_EQ(vertex.value().status, LpStatus::kOptimal);
    EXPECT_NEAR(vertex.value().objective, published, 1e-8 * (1 + std::abs(published)));
    EXPECT_LT(vertex.value().max_primal_violation, 1e-7);
    EXPECT_NEAR(vertex.value().objective, alone.value().objective,
                1e-9 * (1 + std::abs(alone.value().objective)));
  }
}

INSTANTIATE_TEST_SUITE_P(Netlib, ClpCrossoverNetlibTest, testing::CrossoverNetlibCases(),
                         testing::CrossoverNetlibName);

// The generated 40-product plan (`gosplan generate --products 40 --inputs-per-product 8 --years 5
// --seed 1`, the benchmarks' economy at a test's size): PDLP to 1e-6, then both crossovers. Each
// ends at CLP's optimum alone (the independent path). The fixed method fixes the capacity
// additions PDLP leaves at 0 (on the 1,000-product plan all 12,370 columns at a bound are those)
// and needs fewer pivots than the guessed basis on the same point (measured here: 282 = 201 on the
// restricted LP + 81 on the whole LP, against 518; at 1,000 products 6,269 against 23,440,
// docs/benchmarks.md). Both counts are of this run; the code is deterministic (PDLP's iterates are
// bit-identical for every thread count, CLP is serial), so the comparison is asserted.
TEST(ClpCrossoverTest, GeneratedPlanReachesClpsOptimumByBothMethods) {
  GenerateOptions generate;
  generate.products = 40;
  generate.inputs_per_product = 8;
  generate.years = 5;
  generate.seed = 1;
  auto model = GenerateEconomy(generate);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto lp = BuildPlanLinearProgram(model.value(), PlanOptions{});
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  PdlpOptions pdlp;
  pdlp.tolerance = 1e-6;
  auto first_order = SolveWithPdlp(lp.value(), pdlp);
  ASSERT_TRUE(first_order.ok()) << first_order.status().ToString();
  ASSERT_EQ(first_order.value().status, LpStatus::kOptimal);
  auto alone = SolveWithClp(lp.value());
  ASSERT_TRUE(alone.ok());
  ASSERT_EQ(alone.value().status, LpStatus::kOptimal);
  LpSolveOptions tight;
  tight.dual_tolerance = 1e-10;  // as `plan --solver pdlp+crossover` asks
  CrossoverSummary fixed, guessed;
  auto by_fixing = CrossoverWithClp(lp.value(), first_order.value(), tight, &fixed);
  auto by_guess = CrossoverWithClp(lp.value(), first_order.value(), tight, &guessed,
                                   CrossoverMethod::kGuessedBasis);
  ASSERT_TRUE(by_fixing.ok()) << by_fixing.status().ToString();
  ASSERT_TRUE(by_guess.ok()) << by_guess.status().ToString();
  EXPECT_EQ(fixed.method, CrossoverMethod::kFixAndPresolve);
  EXPECT_GT(fixed.fixed_columns, 0);
  EXPECT_LT(fixed.presolved_rows, lp.value().num_rows);
  const double optimum = alone.value().objective;
  for (const LpSolution* vertex : {&by_fixing.value(), &by_guess.value()}) {
    EXPECT_EQ(vertex->status, LpStatus::kOptimal);
    EXPECT_NEAR(vertex->objective, optimum, 1e-9 * (1 + std::abs(optimum)));
    EXPECT_LT(vertex->max_primal_violation, 1e-6);
  }
  EXPECT_LT(by_fixing.value().iterations, by_guess.value().iterations);
  std::printf("[ pivots   ] fix and presolve %lld (%lld + %lld), guessed basis %lld\n",
              static_cast<long long>(by_fixing.value().iterations),
              static_cast<long long>(fixed.restricted_iterations),
              static_cast<long long>(fixed.cleanup_iterations),
              static_cast<long long>(by_guess.value().iterations));
}

}  // namespace
}  // namespace gosplan
