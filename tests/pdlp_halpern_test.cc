// The restarted Halpern PDHG variant (PdlpVariant::kHalpern, src/pdlp/halpern_iteration.h) and the
// single-precision products (PdlpOptions::single_precision_products, src/pdlp/compact_matrix.h),
// against independent paths: CLP's optima on the Netlib LPs of tests/data/lp and on generated
// plans, CLP's verdicts on infeasible and unbounded LPs, a naive double-precision product, and the
// relative residuals recomputed here by a naive loop over the original LP.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gosplan/generate.h"
#include "gosplan/linear_program.h"
#include "gosplan/pdlp.h"
#include "gosplan/plan.h"
#include "lp_catalogue.h"
#include "pdlp/compact_matrix.h"
#include "pdlp/lp_kernels.h"
#include "pdlp/pdhg_iteration.h"
#include "test_support.h"

namespace gosplan {
namespace {

double RelativeDifference(double a, double b) { return std::abs(a - b) / (1.0 + std::abs(b)); }

LinearProgram ReadOrDie(const std::string& relative) {
  auto lp = ReadMps(testing::DataPath(relative));
  EXPECT_TRUE(lp.ok()) << lp.status().ToString();
  return lp.value();
}

LinearProgram GeneratedPlan(Index products, int years, std::uint64_t seed) {
  GenerateOptions generate;
  generate.products = products;
  generate.inputs_per_product = 6;
  generate.years = years;
  generate.seed = seed;
  auto model = GenerateEconomy(generate);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  auto lp = BuildPlanLinearProgram(model.value(), PlanOptions{});
  EXPECT_TRUE(lp.ok()) << lp.status().ToString();
  return lp.value();
}

PdlpOptions Halpern(double tolerance) {
  PdlpOptions options;
  options.variant = PdlpVariant::kHalpern;
  options.tolerance = tolerance;
  options.iteration_limit = 200000;
  return options;
}

// ---------------------------------------------------------------------------------------------------
// Netlib LPs against CLP. The allowed objective errors at 1e-4 are those of the averaged variant's
// test (tests/pdlp_test.cc, docs/pdlp.md): the termination tests bound the residuals and the gap,
// not the objective error, which may reach a few 1e-4 where ‖b‖ is large.

struct Case {
  const char* file;
  double objective_error_at_1e4;
};

std::string FileStem(const char* path) {
  std::string name = path;
  name = name.substr(name.rfind('/') + 1);
  name = name.substr(0, name.find('.'));
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class PdlpHalpernNetlibTest : public ::testing::TestWithParam<Case> {};

TEST_P(PdlpHalpernNetlibTest, ReachesClpOptimumAtBothTolerances) {
  const LinearProgram lp = ReadOrDie(GetParam().file);
  auto reference = SolveWithClp(lp);
  ASSERT_TRUE(reference.ok());
  ASSERT_EQ(reference.value().status, LpStatus::kOptimal);
  const double clp = reference.value().objective;
  for (double tolerance : {1e-4, 1e-8}) {
    PdlpSummary summary;
    auto solved = SolveWithPdlp(lp, Halpern(tolerance), &summary);
    ASSERT_TRUE(solved.ok()) << solved.status().ToString();
    const LpSolution& solution = solved.value();
    ASSERT_EQ(solution.status, LpStatus::kOptimal) << tolerance << ": " << summary.message;
    EXPECT_EQ(summary.parameters.variant, "halpern");
    // Measures recomputed on the original LP by ComputeRelativeMeasures.
    EXPECT_LE(solution.relative_primal_residual, tolerance);
    EXPECT_LE(solution.relative_dual_residual, tolerance);
    EXPECT_LE(solution.relative_gap, tolerance);
    const double allowed = tolerance == 1e-4 ? GetParam().objective_error_at_1e4 : 1e-7;
    EXPECT_LE(RelativeDifference(solution.objective, clp), allowed)
        << "tolerance " << tolerance << ": " << solution.objective << " vs CLP " << clp;
    for (Index j = 0; j < lp.num_columns; ++j) {
      EXPECT_GE(solution.column_values[j], lp.column_lower[j]);
      EXPECT_LE(solution.column_values[j], lp.column_upper[j]);
    }
    RecordProperty("iterations_" + std::to_string(static_cast<int>(-std::log10(tolerance))),
                   static_cast<int>(solution.iterations));
  }
}

INSTANTIATE_TEST_SUITE_P(
    TextbookAndNetlib, PdlpHalpernNetlibTest,
    ::testing::Values(Case{"lp/textbook/dakota_winston.mps", 1e-4},
                      Case{"lp/textbook/trnsport_dantzig_gams.mps", 1e-3},
                      Case{"lp/netlib/afiro.mps", 1e-4}, Case{"lp/netlib/adlittle.mps", 1e-3},
                      Case{"lp/netlib/sc50a.mps", 1e-3}, Case{"lp/netlib/sc50b.mps", 1e-3},
                      Case{"lp/netlib/sc105.mps", 1e-4}, Case{"lp/netlib/blend.mps", 1e-3},
                      Case{"lp/netlib/kb2.mps", 1e-4}, Case{"lp/netlib/share2b.mps", 1e-3}),
    [](const ::testing::TestParamInfo<Case>& info) { return FileStem(info.param.file); });

// ---------------------------------------------------------------------------------------------------
// Generated plans against CLP (objective within 10 × tolerance, as the averaged variant's test).

class PdlpHalpernPlanTest : public ::testing::TestWithParam<int> {};

TEST_P(PdlpHalpernPlanTest, MatchesClpObjective) {
  const LinearProgram lp = GeneratedPlan(GetParam(), 3, 17 + GetParam());
  auto reference = SolveWithClp(lp);
  ASSERT_TRUE(reference.ok());
  ASSERT_EQ(reference.value().status, LpStatus::kOptimal);
  for (double tolerance : {1e-4, 1e-7}) {
    auto solved = SolveWithPdlp(lp, Halpern(tolerance));
    ASSERT_TRUE(solved.ok());
    ASSERT_EQ(solved.value().status, LpStatus::kOptimal) << tolerance;
    EXPECT_LE(RelativeDifference(solved.value().objective, reference.value().objective),
              10 * tolerance)
        << "tolerance " << tolerance << ": " << solved.value().objective << " vs CLP "
        << reference.value().objective;
  }
}

INSTANTIATE_TEST_SUITE_P(ThirtyToFiftyProducts, PdlpHalpernPlanTest, ::testing::Values(30, 40, 50));

// ---------------------------------------------------------------------------------------------------
// Infeasible and unbounded LPs of the shared catalogue (tests/lp_catalogue.h; CLP's verdicts).

TEST(PdlpHalpernInfeasibilityTest, InfeasibleAndUnboundedLpsAreDetected) {
  const struct {
    const char* name;
    LpStatus expected;
  } cases[] = {{"farkas_two_rows", LpStatus::kInfeasible},
               {"short_transport", LpStatus::kInfeasible},
               {"unbounded_ray", LpStatus::kUnbounded}};
  for (const auto& entry : cases) {
    const LinearProgram lp = testing::CatalogueEntry(entry.name).lp;
    auto clp = SolveWithClp(lp);
    ASSERT_TRUE(clp.ok());
    ASSERT_EQ(clp.value().status, entry.expected) << entry.name;
    PdlpOptions options = Halpern(1e-4);
    options.iteration_limit = 100000;
    auto solved = SolveWithPdlp(lp, options);
    ASSERT_TRUE(solved.ok());
    EXPECT_EQ(solved.value().status, entry.expected) << entry.name;
    EXPECT_LT(solved.value().iterations, 5000) << entry.name;
  }
}

// ---------------------------------------------------------------------------------------------------
// Determinism: bit-identical for 1 and 2 threads (both variants' kernels are the same).

TEST(PdlpHalpernDeterminismTest, SameAnswerBitForBitForAnyThreadCount) {
  const LinearProgram lp = GeneratedPlan(900, 3, 5);
  ASSERT_GT(lp.num_rows, pdlp::LpKernels::kParallelThreshold);
  for (bool single : {false, true}) {
    PdlpOptions options = Halpern(1e-4);
    options.single_precision_products = single;
    options.iteration_limit = 640;
    options.threads = 1;
    auto one = SolveWithPdlp(lp, options);
    options.threads = 2;
    auto two = SolveWithPdlp(lp, options);
    ASSERT_TRUE(one.ok() && two.ok());
    EXPECT_EQ(one.value().iterations, two.value().iterations) << single;
    EXPECT_EQ(one.value().column_values, two.value().column_values) << single;
    EXPECT_EQ(one.value().row_duals, two.value().row_duals) << single;
  }
}

// ---------------------------------------------------------------------------------------------------
// Single-precision products.

// The compact (float32) gather against a naive double product: each output differs by at most the
// rounding of the entries, 2⁻²⁴ · Σ_k |a_k x_k| (a float32 has a 24-bit significand), plus the
// double accumulation's own rounding (n · 2⁻⁵³ · Σ|a_k x_k|, far smaller); and the same bits for 1,
// 2 and 3 threads.
TEST(PdlpSinglePrecisionTest, CompactProductIsWithinTheRoundingOfTheEntries) {
  pdlp::CscMatrix matrix;
  const Index rows = 3000, columns = 7000;
  matrix.num_rows = rows;
  matrix.num_columns = columns;
  matrix.starts.push_back(0);
  std::uint64_t state = 11;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 11;
  };
  for (Index j = 0; j < columns; ++j) {
    for (Index k = 0; k < 4; ++k) {
      matrix.indices.push_back((j * 7 + k * 997) % rows);  // distinct rows, ascending not needed
      // Values that a float32 cannot hold exactly: 0.1 × (1 + u), u ∈ [0, 1).
      matrix.values.push_back(0.1 * (1.0 + static_cast<double>(next() % 1000003) / 1000003.0));
    }
    matrix.starts.push_back(static_cast<Index>(matrix.indices.size()));
  }
  std::vector<double> x(static_cast<std::size_t>(columns));
  for (Index j = 0; j < columns; ++j) x[j] = (static_cast<double>(next() % 2001) - 1000.0) / 7.0;
  // Naive Kᵀ·x... here: out_i = Σ_j a_ij x_j over the CSR of the matrix, by triplets.
  std::vector<double> exact(static_cast<std::size_t>(rows), 0.0), scale(exact);
  for (Index j = 0; j < columns; ++j) {
    for (Index k = matrix.starts[j]; k < matrix.starts[j + 1]; ++k) {
      exact[matrix.indices[k]] += matrix.values[k] * x[j];
      scale[matrix.indices[k]] += std::abs(matrix.values[k] * x[j]);
    }
  }
  auto compact = pdlp::MakeCompact(pdlp::Transpose(matrix));
  ASSERT_TRUE(compact.has_value());
  std::vector<double> out(static_cast<std::size_t>(rows)), previous;
  bool some_rounding = false;
  for (int threads : {1, 2, 3}) {
    pdlp::CompactGather(*compact, x, out, threads);
    for (Index i = 0; i < rows; ++i) {
      EXPECT_LE(std::abs(out[i] - exact[i]), std::ldexp(scale[i], -24) * (1.0 + 1e-6)) << i;
      if (out[i] != exact[i]) some_rounding = true;
    }
    if (!previous.empty()) EXPECT_EQ(out, previous) << threads;
    previous = out;
  }
  EXPECT_TRUE(some_rounding);  // the test exercises the float32 path, not a double copy
}

// The relative residuals of a point, recomputed here by a naive loop over the ORIGINAL LP in its
// own sense (linear_program.h's conventions; docs/pdlp.md's formulas): primal ‖Ax − proj(Ax)‖₂ /
// (1 + ‖b‖₂) with b_i the largest finite |bound| of row i; dual ‖r_d‖₂ / (1 + ‖c‖₂), r_d the part
// of the reduced cost (in the minimisation's sign) that no finite column bound absorbs.
struct NaiveResiduals {
  double primal = 0, dual = 0;
};
NaiveResiduals Recompute(const LinearProgram& lp, const LpSolution& solution) {
  const double sense = lp.maximize ? -1.0 : 1.0;
  std::vector<double> activity(static_cast<std::size_t>(lp.num_rows), 0.0);
  double primal_sq = 0, dual_sq = 0, b_sq = 0, c_sq = 0;
  for (Index j = 0; j < lp.num_columns; ++j) {
    double g = sense * lp.objective[j];
    for (Index k = lp.column_starts[j]; k < lp.column_starts[j + 1]; ++k) {
      activity[lp.row_indices[k]] += lp.values[k] * solution.column_values[j];
      g -= lp.values[k] * sense * solution.row_duals[lp.row_indices[k]];
    }
    const bool lower = std::isfinite(lp.column_lower[j]), upper = std::isfinite(lp.column_upper[j]);
    double residual = 0;
    if (!lower && !upper) residual = g;
    if (lower && !upper) residual = std::min(g, 0.0);
    if (!lower && upper) residual = std::max(g, 0.0);
    dual_sq += residual * residual;
    c_sq += lp.objective[j] * lp.objective[j];
  }
  for (Index i = 0; i < lp.num_rows; ++i) {
    double violation = 0, b = 0;
    if (activity[i] < lp.row_lower[i]) violation = lp.row_lower[i] - activity[i];
    if (activity[i] > lp.row_upper[i]) violation = activity[i] - lp.row_upper[i];
    if (std::isfinite(lp.row_lower[i])) b = std::abs(lp.row_lower[i]);
    if (std::isfinite(lp.row_upper[i])) b = std::max(b, std::abs(lp.row_upper[i]));
    primal_sq += violation * violation;
    b_sq += b * b;
  }
  return {std::sqrt(primal_sq) / (1 + std::sqrt(b_sq)), std::sqrt(dual_sq) / (1 + std::sqrt(c_sq))};
}

class PdlpSinglePrecisionTest : public ::testing::TestWithParam<PdlpVariant> {};

TEST_P(PdlpSinglePrecisionTest, ReportedResidualsHoldInDoubleAndTheObjectiveMatchesClp) {
  const LinearProgram lp = GeneratedPlan(400, 3, 9);
  auto reference = SolveWithClp(lp);
  ASSERT_TRUE(reference.ok());
  ASSERT_EQ(reference.value().status, LpStatus::kOptimal);
  PdlpOptions options = Halpern(1e-4);
  options.variant = GetParam();
  options.single_precision_products = true;
  PdlpSummary summary;
  auto solved = SolveWithPdlp(lp, options, &summary);
  ASSERT_TRUE(solved.ok());
  const LpSolution& solution = solved.value();
  ASSERT_EQ(solution.status, LpStatus::kOptimal) << summary.message;
  EXPECT_TRUE(summary.parameters.single_precision_products);
  const NaiveResiduals naive = Recompute(lp, solution);
  EXPECT_LE(naive.primal, 1e-4);
  EXPECT_LE(naive.dual, 1e-4);
  EXPECT_NEAR(naive.primal, solution.relative_primal_residual, 1e-12 + 1e-9 * naive.primal);
  EXPECT_NEAR(naive.dual, solution.relative_dual_residual, 1e-12 + 1e-9 * naive.dual);
  EXPECT_LE(solution.relative_gap, 1e-4);
  EXPECT_LE(RelativeDifference(solution.objective, reference.value().objective), 1e-3);
}

INSTANTIATE_TEST_SUITE_P(BothVariants, PdlpSinglePrecisionTest,
                         ::testing::Values(PdlpVariant::kAveraged, PdlpVariant::kHalpern),
                         [](const ::testing::TestParamInfo<PdlpVariant>& info) {
                           return info.param == PdlpVariant::kHalpern ? "halpern" : "averaged";
                         });

TEST(PdlpSinglePrecisionTest, NotUsedBelowTolerance1e6) {
  const LinearProgram lp = ReadOrDie("lp/netlib/afiro.mps");
  PdlpOptions options;
  options.single_precision_products = true;
  options.tolerance = 1e-7;
  PdlpSummary summary;
  auto solved = SolveWithPdlp(lp, options, &summary);
  ASSERT_TRUE(solved.ok());
  EXPECT_FALSE(summary.parameters.single_precision_products);
  options.tolerance = 1e-4;
  solved = SolveWithPdlp(lp, options, &summary);
  ASSERT_TRUE(solved.ok());
  EXPECT_TRUE(summary.parameters.single_precision_products);
}

// The mixed-precision handover (pdhg_iteration.h, SinglePrecisionHandover): the Halpern iteration
// with single-precision products at a tolerance the float32 products cannot reach alone (1e-8, two
// orders below their ~1e-7 rounding of the fixed point) goes over to the double matrix and
// finishes there. The answer is checked by a naive recomputation on the original LP and against
// CLP's optimum, an independent solver: the gap criterion at 1e-8 bounds the objective's relative
// error by about 1e-8 (|Δ|/(1+|f|) ≤ 1e-6 leaves room for the gap being relative to |cᵀx| + |bᵀy|).
TEST(PdlpSinglePrecisionTest, HalpernGoesOverToDoubleForATightTolerance) {
  const LinearProgram lp = GeneratedPlan(400, 3, 9);
  auto reference = SolveWithClp(lp);
  ASSERT_TRUE(reference.ok());
  ASSERT_EQ(reference.value().status, LpStatus::kOptimal);
  PdlpOptions options = Halpern(1e-8);
  options.single_precision_products = true;
  options.iteration_limit = 200000;
  PdlpSummary summary;
  auto solved = SolveWithPdlp(lp, options, &summary);
  ASSERT_TRUE(solved.ok());
  const LpSolution& solution = solved.value();
  ASSERT_EQ(solution.status, LpStatus::kOptimal) << summary.message;
  EXPECT_TRUE(summary.parameters.single_precision_products);
  EXPECT_GT(summary.single_precision_handover, 0);
  EXPECT_LT(summary.single_precision_handover, solution.iterations);
  const NaiveResiduals naive = Recompute(lp, solution);
  EXPECT_LE(naive.primal, 1e-8);
  EXPECT_LE(naive.dual, 1e-8);
  EXPECT_LE(solution.relative_gap, 1e-8);
  EXPECT_LE(RelativeDifference(solution.objective, reference.value().objective), 1e-6);
}

// The handover's two rules on hand-made measures: "near" (ε < 1e-5 and both residuals ≤ max(ε,
// 1e-6)) and "stall" (both residuals ≤ 1e-5 and kStallChecks checks without a new low of the
// largest measure).
TEST(PdlpSinglePrecisionTest, HandoverRules) {
  auto measures = [](double primal, double dual, double gap) {
    pdlp::RelativeMeasures relative;
    relative.primal_residual = primal;
    relative.dual_residual = dual;
    relative.gap = gap;
    return relative;
  };
  pdlp::SinglePrecisionHandover near;
  EXPECT_FALSE(near.Due(measures(2e-6, 1e-7, 1e-3), 1e-6));  // primal above ε
  EXPECT_TRUE(near.Due(measures(9e-7, 1e-7, 1e-3), 1e-6));   // both ≤ ε; the gap does not matter
  pdlp::SinglePrecisionHandover deep;
  EXPECT_FALSE(deep.Due(measures(2e-6, 1e-7, 1e-3), 1e-10));
  EXPECT_TRUE(deep.Due(measures(1e-6, 1e-7, 1e-3), 1e-10));  // max(ε, 1e-6) = 1e-6
  pdlp::SinglePrecisionHandover loose;  // at 1e-4 "near" never applies: only a stall
  EXPECT_FALSE(loose.Due(measures(1e-9, 1e-9, 1e-3), 1e-4));
  // The stall rule alone (ε = 1e-7: "near" needs residuals ≤ 1e-6): every measure ≤ 1e-5 and no
  // new low of the largest for kStallChecks checks.
  pdlp::SinglePrecisionHandover stall;
  EXPECT_FALSE(stall.Due(measures(2e-6, 2e-6, 5e-6), 1e-7));  // the first low: 5e-6
  for (int check = 1; check < pdlp::SinglePrecisionHandover::kStallChecks; ++check) {
    EXPECT_FALSE(stall.Due(measures(2e-6, 2e-6, 5e-6), 1e-7)) << check;  // no new low
  }
  EXPECT_TRUE(stall.Due(measures(2e-6, 2e-6, 5e-6), 1e-7));  // the kStallChecks-th without one
  // A gap stuck above 1e-5 is not float32's doing: never due, however small the residuals.
  pdlp::SinglePrecisionHandover oscillating, tight;
  for (int check = 0; check < 10; ++check) {
    EXPECT_FALSE(oscillating.Due(measures(1e-6, 1e-6, 1e-2), 1e-4)) << check;
    EXPECT_FALSE(tight.Due(measures(2e-6, 2e-6, 2e-5), 1e-7)) << check;
  }
  pdlp::SinglePrecisionHandover far;  // no new low, but the residuals far above float32's reach
  for (int check = 0; check < 10; ++check) {
    EXPECT_FALSE(far.Due(measures(1e-3, 1e-3, 1e-2), 1e-4)) << check;
  }
  pdlp::SinglePrecisionHandover progress;
  for (int check = 0; check < 10; ++check) {  // a new low at every check: never due
    EXPECT_FALSE(progress.Due(measures(1e-6, 1e-6, 1e-2 / (check + 1)), 1e-4)) << check;
  }
}

// ---------------------------------------------------------------------------------------------------
// The command line: `gosplan lp --pdlp-variant halpern` on afiro reaches the Netlib readme's
// optimum −464.7531 (to the 1e-4 the relative tolerance allows, |Δ|/(1+|f|) ≤ 1e-3 as above).

TEST(PdlpHalpernCommandTest, LpCommandAcceptsTheVariantAndRejectsAnUnknownOne) {
  const std::string file = "'" + testing::DataPath("lp/netlib/afiro.mps") + "'";
  const auto result =
      testing::RunCli("lp " + file + " --solver pdlp --pdlp-variant halpern --format json");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("Halpern"), std::string::npos) << result.output;
  const nlohmann::json document = nlohmann::json::parse(result.output);
  EXPECT_EQ(document.at("status"), "optimal");
  EXPECT_LE(RelativeDifference(document.at("objective").get<double>(), -464.7531), 1e-3);
  const auto wrong = testing::RunCli("lp " + file + " --solver pdlp --pdlp-variant fancy");
  EXPECT_EQ(wrong.exit_code, 2) << wrong.output;
}

}  // namespace
}  // namespace gosplan
