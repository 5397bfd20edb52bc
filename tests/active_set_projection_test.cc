// ProjectOntoActiveSet, Crossover and MeasureLpAccuracy (linear_program.h): from an approximate
// optimal pair to a verified optimum by two least-norm solves on the active set, no pivots.
// Expected values: hand-solved LPs (derivations in the comments), the Netlib readme's optima
// (tests/data/SOURCES.md), and CLP alone (the independent path).
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

// From (2.999, 1.0004) with duals (1.9995, 0.0003): x's reduced cost (3 − 1.9995 − 0.0003 = 1.0002,
// pushing up) exceeds its distance to 3 (relative 3.3e-4), so x is put at 3; y is free (its reduced
// cost 0.0004 − … is no push against a distance of 1.0004). At x = 3 row 1 is over its bound
// (4.0004 > 4): tight; row 2 has slack 2.9988 and a dual of 0.0003: not tight, its dual 0. The
// primal system y = 4 − 3 gives y = 1, the dual one 2 − d₁ = 0 gives d₁ = 2: the hand optimum.
TEST(ActiveSetProjectionTest, HandLpFromANearbyPointLandsOnTheOptimum) {
  LpSolution start;
  start.column_values = {2.999, 1.0004};
  start.row_duals = {1.9995, 0.0003};
  ProjectionSummary summary;
  auto projected = ProjectOntoActiveSet(HandLp(), start, &summary);
  ASSERT_TRUE(projected.ok()) << projected.status().ToString();
  const LpSolution& point = projected.value();
  EXPECT_TRUE(summary.verified);
  EXPECT_EQ(point.status, LpStatus::kOptimal);
  EXPECT_EQ(summary.tight_rows, 1);
  EXPECT_EQ(summary.free_columns, 1);
  EXPECT_EQ(summary.columns_at_bound, 1);
  EXPECT_EQ(point.iterations, 0);  // no pivots
  EXPECT_DOUBLE_EQ(point.column_values[0], 3.0);
  EXPECT_NEAR(point.column_values[1], 1.0, 1e-14);
  EXPECT_NEAR(point.objective, 11.0, 1e-13);
  EXPECT_NEAR(point.row_duals[0], 2.0, 1e-14);
  EXPECT_EQ(point.row_duals[1], 0.0);
  EXPECT_NEAR(point.reduced_costs[0], 1.0, 1e-14);
  EXPECT_NEAR(point.reduced_costs[1], 0.0, 1e-14);
  EXPECT_NEAR(point.row_activities[0], 4.0, 1e-14);
  EXPECT_NEAR(point.row_activities[1], 6.0, 1e-13);
}

// minimise x + y  s.t.  x + y ≥ 2,  x ≥ 1,  y ≥ 1 (rows), x, y free. By hand: x = y = 1, objective
// 2, and all three rows bind: the vertex is degenerate (3 tight rows, 2 columns), and the duals are
// not unique — any (t, 1 − t, 1 − t) with 0 ≤ t ≤ 1 (x: d₀ + d₁ = 1, y: d₀ + d₂ = 1). The primal
// system is over-determined but consistent; the dual one under-determined. From a nearby pair the
// projection lands on the optimum and on duals of that family.
TEST(ActiveSetProjectionTest, DegenerateVertexWithManyDualsIsProjectedAndVerified) {
  LinearProgram lp;
  lp.num_rows = 3;
  lp.num_columns = 2;
  lp.column_starts = {0, 2, 4};
  lp.row_indices = {0, 1, 0, 2};
  lp.values = {1, 1, 1, 1};
  lp.column_lower = {-kUnbounded, -kUnbounded};
  lp.column_upper = {kUnbounded, kUnbounded};
  lp.objective = {1, 1};
  lp.row_lower = {2, 1, 1};
  lp.row_upper = {kUnbounded, kUnbounded, kUnbounded};
  LpSolution start;
  start.column_values = {1.0003, 0.9998};
  start.row_duals = {0.5, 0.5001, 0.4998};
  ProjectionSummary summary;
  auto projected = ProjectOntoActiveSet(lp, start, &summary);
  ASSERT_TRUE(projected.ok()) << projected.status().ToString();
  const LpSolution& point = projected.value();
  EXPECT_TRUE(summary.verified);
  EXPECT_EQ(summary.tight_rows, 3);
  EXPECT_EQ(summary.free_columns, 2);
  EXPECT_NEAR(point.column_values[0], 1.0, 1e-14);
  EXPECT_NEAR(point.column_values[1], 1.0, 1e-14);
  EXPECT_NEAR(point.objective, 2.0, 1e-14);
  const std::vector<double>& d = point.row_duals;
  EXPECT_NEAR(d[0] + d[1], 1.0, 1e-14);
  EXPECT_NEAR(d[0] + d[2], 1.0, 1e-14);
  for (double dual : d) EXPECT_GE(dual, 0.0);
  // Least-norm from (0.5, 0.5001, 0.4998): the step is in the range of A_TF = [[1,1],[1,0],[0,1]],
  // i.e. (a + b, a, b); with the residuals 1 − 1.0001 = −1e-4 and 1 − 0.9998 = 2e-4 the normal
  // equations 2a + b = −1e-4, a + 2b = 2e-4 give a = −4e-4/3, b = 5e-4/3, so the duals are
  // (0.5 + 1e-4/3, 0.5001 − 4e-4/3, 0.4998 + 5e-4/3).
  EXPECT_NEAR(d[0], 0.5 + 1e-4 / 3, 1e-14);
  EXPECT_NEAR(d[1], 0.5001 - 4e-4 / 3, 1e-14);
  EXPECT_NEAR(d[2], 0.4998 + 5e-4 / 3, 1e-14);
}

// From the origin without prices every column looks at its lower bound and no row is tight: the
// projection stays at (0, 0), which is feasible but not optimal (y's reduced profit 2 has no finite
// bound to stop it). It must not verify; Crossover then falls back to CLP and reaches (3, 1).
TEST(ActiveSetProjectionTest, PoorStartDoesNotVerifyAndCrossoverFallsBackToClp) {
  LpSolution start;
  start.column_values = {0, 0};
  start.row_duals = {0, 0};
  ProjectionSummary projection;
  auto projected = ProjectOntoActiveSet(HandLp(), start, &projection);
  ASSERT_TRUE(projected.ok()) << projected.status().ToString();
  EXPECT_FALSE(projection.verified);
  EXPECT_EQ(projected.value().status, LpStatus::kError);
  EXPECT_GT(projection.accuracy.largest(), 0.1);
  CrossoverSummary summary;
  auto vertex = Crossover(HandLp(), start, {}, &summary);
  ASSERT_TRUE(vertex.ok()) << vertex.status().ToString();
  EXPECT_TRUE(summary.projection_tried);
  EXPECT_FALSE(summary.projected);
  EXPECT_EQ(vertex.value().status, LpStatus::kOptimal);
  EXPECT_NEAR(vertex.value().column_values[0], 3.0, 1e-12);
  EXPECT_NEAR(vertex.value().column_values[1], 1.0, 1e-12);
  EXPECT_NE(DescribeCrossover(summary).find("did not verify"), std::string::npos);
}

// Where the first projection does not verify and the caller can continue its first-order solve
// (`tighten`), Crossover projects the continued point: from the origin (not verified, as above) to
// the nearby pair of the first test, which projects onto the hand optimum without CLP. A `tighten`
// that fails leaves the crossover to CLP from the first point.
TEST(ActiveSetProjectionTest, CrossoverProjectsTheTightenedPointBeforeCallingClp) {
  LpSolution origin;
  origin.column_values = {0, 0};
  origin.row_duals = {0, 0};
  int calls = 0;
  const TightenFirstOrder tighten = [&](const LpSolution& from) -> Result<LpSolution> {
    ++calls;
    EXPECT_EQ(from.column_values, origin.column_values);
    LpSolution nearby;
    nearby.status = LpStatus::kOptimal;
    nearby.iterations = 7;
    nearby.column_values = {2.999, 1.0004};
    nearby.row_duals = {1.9995, 0.0003};
    return nearby;
  };
  CrossoverSummary summary;
  auto exact = Crossover(HandLp(), origin, {}, &summary, tighten);
  ASSERT_TRUE(exact.ok()) << exact.status().ToString();
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(summary.projected);
  EXPECT_TRUE(summary.tightened);
  EXPECT_EQ(summary.tighten_iterations, 7);
  EXPECT_EQ(exact.value().status, LpStatus::kOptimal);
  EXPECT_DOUBLE_EQ(exact.value().column_values[0], 3.0);
  EXPECT_NEAR(exact.value().column_values[1], 1.0, 1e-14);
  EXPECT_NE(DescribeCrossover(summary).find("continued to a tighter tolerance (7 more"),
            std::string::npos)
      << DescribeCrossover(summary);

  const TightenFirstOrder failing = [](const LpSolution&) -> Result<LpSolution> {
    return Status::Cancelled("stopped");
  };
  CrossoverSummary by_clp;
  auto vertex = Crossover(HandLp(), origin, {}, &by_clp, failing);
  ASSERT_TRUE(vertex.ok()) << vertex.status().ToString();
  EXPECT_FALSE(by_clp.projected);
  EXPECT_FALSE(by_clp.tightened);
  EXPECT_EQ(vertex.value().status, LpStatus::kOptimal);
  EXPECT_NEAR(vertex.value().column_values[0], 3.0, 1e-12);
  EXPECT_NEAR(vertex.value().column_values[1], 1.0, 1e-12);
}

TEST(ActiveSetProjectionTest, StartOfTheWrongSizeIsRefused) {
  LpSolution start;
  start.column_values = {1.0};
  start.row_duals = {0, 0};
  auto projected = ProjectOntoActiveSet(HandLp(), start);
  ASSERT_FALSE(projected.ok());
  EXPECT_EQ(projected.status().code(), StatusCode::kInvalidArgument);
}

// The measure by hand on HandLp at x = (3, 1.1) with duals (2, 0): row 1 reads 4.1 against 4, an
// excess of 0.1, less the slack 0.5e-9 per term (3 terms: the row's 2 entries and its bound), over
// the row's largest magnitude max(|3|, |1.1|, |4|) = 4: (0.1 − 1.5e-9) / 4. Prices: x's reduced
// profit 3 − 2 = 1 pushes it to its finite upper bound 3 and y's is 0: no price error. Gap: the
// objective 3·3 + 2·1.1 = 11.2 against the Lagrangian bound 1·3 + 2·4 = 11: 0.2 / 12.2.
TEST(MeasureLpAccuracyTest, HandLpAtAnInfeasiblePoint) {
  const LpAccuracy accuracy = MeasureLpAccuracy(HandLp(), {3.0, 1.1}, {2.0, 0.0});
  EXPECT_NEAR(accuracy.primal, (0.1 - 1.5e-9) / 4, 1e-15);
  EXPECT_EQ(accuracy.worst_row, 0);
  EXPECT_NEAR(accuracy.worst_amount, 0.1, 1e-14);
  EXPECT_EQ(accuracy.dual, 0.0);
  EXPECT_NEAR(accuracy.gap, 0.2 / 12.2, 1e-14);
  // At the optimum every count is 0 (the measure of an exact vertex).
  const LpAccuracy exact = MeasureLpAccuracy(HandLp(), {3.0, 1.0}, {2.0, 0.0});
  EXPECT_EQ(exact.largest(), 0.0);
  EXPECT_EQ(exact.worst_row, -1);
}

using Published = testing::PublishedOptimum;

class CrossoverNetlibTest : public ::testing::TestWithParam<Published> {};

// PDLP to 1e-6, then Crossover: the Netlib optimum whichever way it got there. Where the projection
// verified, its point is checked again independently of the measure (the largest row or bound
// violation recomputed from the arrays).
TEST_P(CrossoverNetlibTest, PdlpThenCrossoverReachesThePublishedOptimum) {
  auto lp = ReadMps(testing::DataPath(GetParam().file));
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  PdlpOptions pdlp;
  pdlp.tolerance = 1e-6;
  pdlp.iteration_limit = 20000;
  auto first_order = SolveWithPdlp(lp.value(), pdlp);
  ASSERT_TRUE(first_order.ok()) << first_order.status().ToString();
  CrossoverSummary summary;
  auto exact = Crossover(lp.value(), first_order.value(), {}, &summary);
  ASSERT_TRUE(exact.ok()) << exact.status().ToString();
  const double published = GetParam().objective;
  EXPECT_EQ(exact.value().status, LpStatus::kOptimal);
  EXPECT_NEAR(exact.value().objective, published, 1e-8 * (1 + std::abs(published)));
  EXPECT_LT(exact.value().max_primal_violation, 1e-7);
  if (summary.projected) {
    EXPECT_LT(MaxPrimalViolation(lp.value(), exact.value().column_values), 1e-7);
    EXPECT_EQ(exact.value().iterations, 0);
  }
  std::printf("[ crossover ] %s: %s\n", GetParam().file, DescribeCrossover(summary).c_str());
}

INSTANTIATE_TEST_SUITE_P(Netlib, CrossoverNetlibTest, testing::CrossoverNetlibCases(),
                         testing::CrossoverNetlibName);

// The generated 40-product plan (`gosplan generate --products 40 --inputs-per-product 8 --years 5
// --seed 1`, the benchmarks' economy at a test's size), degenerate in every row as the large ones
// are: PDLP to 1e-6, then the projection verifies, with no pivots, at CLP's optimum alone (the
// independent path).
TEST(ActiveSetProjectionTest, GeneratedPlanIsProjectedOntoClpsOptimum) {
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
  ProjectionSummary summary;
  auto projected = ProjectOntoActiveSet(lp.value(), first_order.value(), &summary);
  ASSERT_TRUE(projected.ok()) << projected.status().ToString();
  EXPECT_TRUE(summary.verified) << "rows " << summary.accuracy.primal << ", prices "
                                << summary.accuracy.dual << ", gap " << summary.accuracy.gap;
  EXPECT_GT(summary.tight_rows,
            summary.free_columns);  // degenerate: more tight rows than free columns
  const double optimum = alone.value().objective;
  EXPECT_NEAR(projected.value().objective, optimum, 1e-10 * (1 + std::abs(optimum)));
  EXPECT_LT(MaxPrimalViolation(lp.value(), projected.value().column_values), 1e-9);
}

}  // namespace
}  // namespace gosplan
