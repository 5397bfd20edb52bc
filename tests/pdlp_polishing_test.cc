// Feasibility polishing (PdlpOptions::feasibility_polishing, src/pdlp/feasibility_polishing.h)
// against independent paths: the Netlib readme's optima (as listed in
// ../shared/data/README.md; the MPS files are in tests/data/lp/netlib), CLP's objective on a
// generated plan, and the polished point's feasibility recomputed here by a naive loop over the
// original LP's columns (not by the solver's own measure functions).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "gosplan/generate.h"
#include "gosplan/linear_program.h"
#include "gosplan/pdlp.h"
#include "gosplan/plan.h"
#include "test_support.h"

namespace gosplan {
namespace {

double RelativeDifference(double a, double b) { return std::abs(a - b) / (1.0 + std::abs(b)); }

LinearProgram ReadOrDie(const std::string& relative) {
  auto lp = ReadMps(testing::DataPath(relative));
  EXPECT_TRUE(lp.ok()) << lp.status().ToString();
  return lp.value();
}

PdlpOptions PolishedHalpern(double tolerance) {
  PdlpOptions options;
  options.variant = PdlpVariant::kHalpern;
  options.tolerance = tolerance;
  options.iteration_limit = 200000;
  options.feasibility_polishing = true;
  return options;
}

// The relative primal residual of x on the original LP, by a naive loop: ‖r‖₂ / (1 + ‖b‖₂) with
// r_i the distance of (Ax)_i to [l_i, u_i] and b_i the row's largest finite |bound| (0 if none) —
// the definition of docs/pdlp.md, "Termination", written out again here.
double NaiveRelativePrimalResidual(const LinearProgram& lp, const std::vector<double>& x) {
  std::vector<double> activity(static_cast<std::size_t>(lp.num_rows), 0.0);
  for (Index j = 0; j < lp.num_columns; ++j) {
    for (Index k = lp.column_starts[j]; k < lp.column_starts[j + 1]; ++k) {
      activity[static_cast<std::size_t>(lp.row_indices[k])] += lp.values[k] * x[j];
    }
  }
  double residual_sq = 0.0, bound_sq = 0.0;
  for (Index i = 0; i < lp.num_rows; ++i) {
    const double lower = lp.row_lower[i], upper = lp.row_upper[i], a = activity[i];
    const double violation = a < lower ? lower - a : (a > upper ? a - upper : 0.0);
    residual_sq += violation * violation;
    double b = 0.0;
    if (std::isfinite(lower)) b = std::abs(lower);
    if (std::isfinite(upper)) b = std::max(b, std::abs(upper));
    bound_sq += b * b;
  }
  return std::sqrt(residual_sq) / (1.0 + std::sqrt(bound_sq));
}

// ---------------------------------------------------------------------------------------------------
// Netlib: optimum of the readme, and a polished point's primal residual, recomputed naively, at
// the polishing tolerance ε/100 (up to rounding: 1.01 ×). The objective allowance at ε = 1e-4 is
// the averaged variant's (tests/pdlp_test.cc: 1e-3 where ‖b‖ is large, else 1e-4).

struct Case {
  const char* file;
  double optimum;  // Netlib readme (../shared/data/README.md)
  double objective_error;
};

class PdlpPolishingNetlibTest : public ::testing::TestWithParam<Case> {};

TEST_P(PdlpPolishingNetlibTest, ReachesReadmeOptimumAndPolishedPointIsFeasible) {
  const LinearProgram lp = ReadOrDie(GetParam().file);
  const double tolerance = 1e-4;
  PdlpSummary summary;
  auto solved = SolveWithPdlp(lp, PolishedHalpern(tolerance), &summary);
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  const LpSolution& solution = solved.value();
  ASSERT_EQ(solution.status, LpStatus::kOptimal) << summary.message;
  EXPECT_LE(RelativeDifference(solution.objective, GetParam().optimum), GetParam().objective_error)
      << solution.objective << " vs the readme's " << GetParam().optimum;
  EXPECT_LE(solution.relative_gap, tolerance);
  EXPECT_LE(solution.relative_dual_residual, tolerance);
  for (Index j = 0; j < lp.num_columns; ++j) {
    EXPECT_GE(solution.column_values[j], lp.column_lower[j]);
    EXPECT_LE(solution.column_values[j], lp.column_upper[j]);
  }
  const double naive = NaiveRelativePrimalResidual(lp, solution.column_values);
  if (summary.returned_point == "polished") {
    EXPECT_GT(summary.polishing_iterations, 0);
    EXPECT_LE(naive, 1.01 * tolerance / 100) << "polished, yet primal residual " << naive;
    EXPECT_LE(solution.relative_dual_residual, 1.01 * tolerance / 100);
  } else {
    EXPECT_EQ(summary.returned_point, "current");
    EXPECT_LE(naive, 1.01 * tolerance);
  }
  RecordProperty("polished", summary.returned_point == "polished" ? 1 : 0);
}

INSTANTIATE_TEST_SUITE_P(Netlib, PdlpPolishingNetlibTest,
                         ::testing::Values(Case{"lp/netlib/afiro.mps", -4.6475314286e+02, 1e-4},
                                           Case{"lp/netlib/adlittle.mps", 2.2549496316e+05, 1e-3},
                                           Case{"lp/netlib/sc50a.mps", -6.4575077059e+01, 1e-3},
                                           Case{"lp/netlib/sc50b.mps", -7.0e+01, 1e-3},
                                           Case{"lp/netlib/sc105.mps", -5.2202061212e+01, 1e-4},
                                           Case{"lp/netlib/blend.mps", -3.0812149846e+01, 1e-3},
                                           Case{"lp/netlib/kb2.mps", -1.7499001299e+03, 1e-4},
                                           Case{"lp/netlib/share2b.mps", -4.1573224074e+02, 1e-3},
                                           Case{"lp/netlib/share1b.mps", -7.6589318579e+04, 1e-3}),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string name = info.param.file;
                           name = name.substr(name.rfind('/') + 1);
                           return name.substr(0, name.find('.'));
                         });

// Polishing must happen somewhere in this set, or the test above checks nothing new: on the
// generated plan below (gap small before the residuals) it does.
LinearProgram GeneratedPlan(Index products, int years, std::uint64_t seed) {
  GenerateOptions generate;
  generate.products = products;
  generate.inputs_per_product = 8;
  generate.years = years;
  generate.seed = seed;
  auto model = GenerateEconomy(generate);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  auto lp = BuildPlanLinearProgram(model.value(), PlanOptions{});
  EXPECT_TRUE(lp.ok()) << lp.status().ToString();
  return lp.value();
}

// A generated 300-product, 5-year plan: CLP's objective (10 × ε, as the other plan tests), and
// the polished point primal feasible to ε/100 by the naive loop; the same bits for 1 and 2 threads.
TEST(PdlpPolishingPlanTest, MatchesClpAndIsPrimalFeasibleToTheTighterTolerance) {
  const LinearProgram lp = GeneratedPlan(300, 5, 1);
  auto reference = SolveWithClp(lp);
  ASSERT_TRUE(reference.ok());
  ASSERT_EQ(reference.value().status, LpStatus::kOptimal);
  const double tolerance = 1e-4;
  PdlpOptions options = PolishedHalpern(tolerance);
  options.threads = 1;
  PdlpSummary summary;
  auto solved = SolveWithPdlp(lp, options, &summary);
  ASSERT_TRUE(solved.ok());
  const LpSolution& solution = solved.value();
  ASSERT_EQ(solution.status, LpStatus::kOptimal) << summary.message;
  EXPECT_LE(RelativeDifference(solution.objective, reference.value().objective), 10 * tolerance)
      << solution.objective << " vs CLP " << reference.value().objective;
  ASSERT_EQ(summary.returned_point, "polished") << summary.message;
  EXPECT_GE(summary.polishing_attempts, 1);
  EXPECT_LE(NaiveRelativePrimalResidual(lp, solution.column_values), 1.01 * tolerance / 100);
  EXPECT_LE(solution.relative_dual_residual, 1.01 * tolerance / 100);
  EXPECT_LE(solution.relative_gap, tolerance);

  options.threads = 2;
  auto two = SolveWithPdlp(lp, options);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two.value().iterations, solution.iterations);
  EXPECT_EQ(two.value().column_values, solution.column_values);
  EXPECT_EQ(two.value().row_duals, solution.row_duals);
}

// Off by default: without the option nothing is polished.
TEST(PdlpPolishingPlanTest, OffByDefault) {
  const LinearProgram lp = ReadOrDie("lp/netlib/afiro.mps");
  PdlpOptions options = PolishedHalpern(1e-4);
  options.feasibility_polishing = false;
  PdlpSummary summary;
  auto solved = SolveWithPdlp(lp, options, &summary);
  ASSERT_TRUE(solved.ok());
  EXPECT_EQ(summary.polishing_attempts, 0);
  EXPECT_EQ(summary.returned_point, "current");
}

// Polishing is built on the Halpern iteration: asked of the averaged one it is refused as invalid
// input, not silently skipped (the CLI turns this into exit status 2).
TEST(PdlpPolishingPlanTest, RefusedWithTheAveragedIteration) {
  const LinearProgram lp = ReadOrDie("lp/netlib/afiro.mps");
  PdlpOptions options = PolishedHalpern(1e-4);
  options.variant = PdlpVariant::kAveraged;
  auto solved = SolveWithPdlp(lp, options);
  ASSERT_FALSE(solved.ok());
  EXPECT_NE(solved.status().ToString().find("halpern"), std::string::npos)
      << solved.status().ToString();
}

}  // namespace
}  // namespace gosplan
