// The second presolve stage of the first-order solver (src/pdlp/substitution.h: dual fixing and
// implied-free column substitution) and its postsolve: on hand-derived LPs (the numbers in the
// comments), on the Netlib LPs against the Netlib readme's optima (/work/shared/data's list, as in
// tests/data/lp) with and without the stage, and on a generated plan against CLP's prices.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "gosplan/generate.h"
#include "gosplan/linear_program.h"
#include "gosplan/pdlp.h"
#include "gosplan/plan.h"
#include "pdlp/minimisation_lp.h"
#include "pdlp/substitution.h"
#include "test_support.h"

namespace gosplan {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// A minimisation LP from dense rows.
pdlp::MinimisationLp Dense(const std::vector<std::vector<double>>& a, std::vector<double> c,
                           std::vector<double> row_lower, std::vector<double> row_upper,
                           std::vector<double> column_lower, std::vector<double> column_upper) {
  pdlp::MinimisationLp lp;
  const Index m = static_cast<Index>(a.size()), n = static_cast<Index>(c.size());
  lp.matrix.num_rows = m;
  lp.matrix.num_columns = n;
  lp.matrix.starts.push_back(0);
  for (Index j = 0; j < n; ++j) {
    for (Index i = 0; i < m; ++i) {
      if (a[i][j] == 0.0) continue;
      lp.matrix.indices.push_back(i);
      lp.matrix.values.push_back(a[i][j]);
    }
    lp.matrix.starts.push_back(static_cast<Index>(lp.matrix.indices.size()));
  }
  lp.objective = std::move(c);
  lp.row_lower = std::move(row_lower);
  lp.row_upper = std::move(row_upper);
  lp.column_lower = std::move(column_lower);
  lp.column_upper = std::move(column_upper);
  return lp;
}

// The same LP as a LinearProgram (minimisation), for SolveWithPdlp.
LinearProgram ToLinearProgram(const pdlp::MinimisationLp& m) {
  LinearProgram lp;
  lp.num_rows = m.matrix.num_rows;
  lp.num_columns = m.matrix.num_columns;
  lp.column_starts = m.matrix.starts;
  lp.row_indices = m.matrix.indices;
  lp.values = m.matrix.values;
  lp.objective = m.objective;
  auto finite = [](double v) { return v; };  // ±∞: no bound, in both forms
  for (double v : m.row_lower) lp.row_lower.push_back(finite(v));
  for (double v : m.row_upper) lp.row_upper.push_back(finite(v));
  for (double v : m.column_lower) lp.column_lower.push_back(finite(v));
  for (double v : m.column_upper) lp.column_upper.push_back(finite(v));
  return lp;
}

// Columns x1, x2, K ≥ 0:  minimise −x1 − 2 x2 + 0.5 K
//   row 0:  K − x1 = 2          (K = 2 + x1 ≥ 2: K's bound is implied, K is substituted;
//                                x1 = K − 2 is not: x1 ≥ −2 does not imply x1 ≥ 0)
//   row 1:  K + x2 ≤ 6          → x1 + x2 ≤ 4 after the substitution
//   row 2:  x1 + 2 x2 ≤ 5
// Reduced: minimise −0.5 x1 − 2 x2 + 1 (offset 0.5·2). Vertices (0,0): 1, (4,0): −1, (3,1): −2.5,
// (0,2.5): −4, so x = (0, 2.5), K = 2, objective −4. Duals (minimisation, ∂objective/∂bound):
// row 1 slack (2.5 < 4) → y1 = 0; x2 basic: −2 = 2 y2 → y2 = −1; x1 at 0 with reduced cost
// −0.5 − y2 = 0.5 ≥ 0. K free in the reduced sense → 0.5 − y0 − y1 = 0 → y0 = 0.5; in the original
// LP x1's reduced cost is −1 − (−y0 + y2) = 0.5, the same.
pdlp::MinimisationLp CapitalStockLp() {
  return Dense({{-1, 0, 1}, {0, 1, 1}, {1, 2, 0}}, {-1, -2, 0.5}, {2, -kInf, -kInf}, {2, 6, 5},
               {0, 0, 0}, {kInf, kInf, kInf});
}

TEST(PdlpSubstitutionTest, SubstitutesTheImpliedFreeStockColumn) {
  const pdlp::MinimisationLp lp = CapitalStockLp();
  pdlp::Substitution stage(lp);
  EXPECT_EQ(stage.substituted_columns(), 1);
  EXPECT_EQ(stage.fixed_columns(), 0);
  EXPECT_EQ(stage.kept_columns(), (std::vector<Index>{0, 1}));
  EXPECT_EQ(stage.kept_rows(), (std::vector<Index>{1, 2}));
  const pdlp::MinimisationLp& reduced = stage.reduced();
  EXPECT_DOUBLE_EQ(reduced.offset, 1.0);
  EXPECT_DOUBLE_EQ(reduced.objective[0], -0.5);
  EXPECT_DOUBLE_EQ(reduced.objective[1], -2.0);
  EXPECT_DOUBLE_EQ(reduced.row_upper[0], 4.0);  // K + x2 ≤ 6 with K = 2 + x1
  // The reduced optimum (hand-derived above) postsolved.
  std::vector<double> x, y;
  stage.Postsolve({0.0, 2.5}, {0.0, -1.0}, &x, &y);
  EXPECT_EQ(x, (std::vector<double>{0.0, 2.5, 2.0}));
  EXPECT_EQ(y, (std::vector<double>{0.5, 0.0, -1.0}));
}

TEST(PdlpSubstitutionTest, SolverReturnsTheHandDerivedOptimumAndDuals) {
  const LinearProgram lp = ToLinearProgram(CapitalStockLp());
  PdlpOptions options;
  options.tolerance = 1e-9;
  options.presolve_substitution = true;
  PdlpSummary summary;
  auto solved = SolveWithPdlp(lp, options, &summary);
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  ASSERT_EQ(solved.value().status, LpStatus::kOptimal) << summary.message;
  EXPECT_EQ(summary.presolved_rows, 2);
  EXPECT_EQ(summary.presolved_columns, 2);
  EXPECT_TRUE(summary.parameters.presolve_substitution);
  const std::vector<double> x = {0.0, 2.5, 2.0}, y = {0.5, 0.0, -1.0};
  EXPECT_NEAR(solved.value().objective, -4.0, 1e-7);
  for (int k = 0; k < 3; ++k) {
    EXPECT_NEAR(solved.value().column_values[k], x[k], 1e-6) << k;
    EXPECT_NEAR(solved.value().row_duals[k], y[k], 1e-6) << k;
  }
  EXPECT_NEAR(solved.value().reduced_costs[0], 0.5, 1e-6);
  EXPECT_NEAR(solved.value().reduced_costs[2], 0.0, 1e-6);
}

// Columns x1, x2, x3 ≥ 0, x1 ≤ 0.5:  minimise x1 + 2 x2 + x3  subject to  x1 + x2 − x3 ≥ 1.
// x3 costs and only loosens a ≥ row as it grows... no: it tightens it (coefficient −1), so lowering
// x3 never hurts: dual fixing sets x3 = 0. Then x1 = 0.5 (cheaper), x2 = 0.5, objective 1.5;
// y0 = 2 (x2 basic: 2 = y0), x1's reduced cost 1 − 2 = −1 at its upper bound, x3's 1 + 2 = 3 ≥ 0.
TEST(PdlpSubstitutionTest, DualFixingFixesTheColumnThatOnlyHurts) {
  const pdlp::MinimisationLp lp =
      Dense({{1, 1, -1}}, {1, 2, 1}, {1}, {kInf}, {0, 0, 0}, {0.5, kInf, kInf});
  pdlp::Substitution stage(lp);
  EXPECT_EQ(stage.fixed_columns(), 1);
  EXPECT_EQ(stage.substituted_columns(), 0);
  EXPECT_EQ(stage.kept_columns(), (std::vector<Index>{0, 1}));
  std::vector<double> x, y;
  stage.Postsolve({0.5, 0.5}, {2.0}, &x, &y);
  EXPECT_EQ(x, (std::vector<double>{0.5, 0.5, 0.0}));
  EXPECT_EQ(y, (std::vector<double>{2.0}));

  PdlpOptions options;
  options.tolerance = 1e-9;
  options.presolve_substitution = true;
  auto solved = SolveWithPdlp(ToLinearProgram(lp), options);
  ASSERT_TRUE(solved.ok());
  ASSERT_EQ(solved.value().status, LpStatus::kOptimal);
  EXPECT_NEAR(solved.value().objective, 1.5, 1e-7);
  EXPECT_NEAR(solved.value().row_duals[0], 2.0, 1e-6);
  EXPECT_NEAR(solved.value().reduced_costs[2], 3.0, 1e-6);
}

// A column whose bound the equality does not imply is kept: x1 − x2 = 0 with both ≥ 0 and x2 ≤ 1
// (x1 = x2 ≥ 0 is implied, but x1's explicit upper bound 0.5 is not: x2 may reach 1).
TEST(PdlpSubstitutionTest, KeepsAColumnWhoseBoundsAreNotImplied) {
  const pdlp::MinimisationLp lp =
      Dense({{1, -1}, {1, 1}}, {-1, -1}, {0, -kInf}, {0, 3}, {0, 0}, {0.5, 1});
  pdlp::Substitution stage(lp);
  // x2 = x1 ∈ [0, 0.5] ⊂ [0, 1]: x2 is implied free and goes; x1 stays.
  EXPECT_EQ(stage.substituted_columns(), 1);
  EXPECT_EQ(stage.kept_columns(), (std::vector<Index>{0}));
  // x1 alone, row 1 became 2 x1 ≤ 3; optimum x1 = 0.5, x2 = 0.5, objective −1.
  PdlpOptions options;
  options.tolerance = 1e-9;
  options.presolve_substitution = true;
  auto solved = SolveWithPdlp(ToLinearProgram(lp), options);
  ASSERT_TRUE(solved.ok());
  ASSERT_EQ(solved.value().status, LpStatus::kOptimal);
  EXPECT_NEAR(solved.value().objective, -1.0, 1e-7);
  EXPECT_NEAR(solved.value().column_values[1], 0.5, 1e-7);
}

// Netlib optima (the Netlib readme, as listed in /work/shared/data/README.md), with and without
// the stage, at 1e-8: objective within 1e-6 relative, residuals within the tolerance.
struct NetlibCase {
  const char* name;
  double optimum;
};

class PdlpSubstitutionNetlibTest : public ::testing::TestWithParam<NetlibCase> {};

TEST_P(PdlpSubstitutionNetlibTest, ReachesTheReadmeOptimumWithAndWithout) {
  auto lp = ReadMps(testing::DataPath(std::string("lp/netlib/") + GetParam().name + ".mps"));
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  for (bool substitution : {false, true}) {
    PdlpOptions options;
    options.tolerance = 1e-8;
    options.iteration_limit = 400000;
    options.presolve_substitution = substitution;
    PdlpSummary summary;
    auto solved = SolveWithPdlp(lp.value(), options, &summary);
    ASSERT_TRUE(solved.ok());
    ASSERT_EQ(solved.value().status, LpStatus::kOptimal) << substitution << summary.message;
    EXPECT_LE(std::abs(solved.value().objective - GetParam().optimum) /
                  (1.0 + std::abs(GetParam().optimum)),
              1e-6)
        << substitution << ": " << solved.value().objective;
    EXPECT_LE(solved.value().relative_primal_residual, 1e-8);
    EXPECT_LE(solved.value().relative_dual_residual, 1e-8);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Netlib, PdlpSubstitutionNetlibTest,
    ::testing::Values(NetlibCase{"afiro", -4.6475314286E+02},
                      NetlibCase{"adlittle", 2.2549496316E+05},
                      NetlibCase{"sc50a", -6.4575077059E+01}, NetlibCase{"sc50b", -7.0E+01},
                      NetlibCase{"sc105", -5.2202061212E+01},
                      NetlibCase{"blend", -3.0812149846E+01}, NetlibCase{"kb2", -1.7499001299E+03},
                      NetlibCase{"share2b", -4.1573224074E+02}),
    [](const ::testing::TestParamInfo<NetlibCase>& info) { return std::string(info.param.name); });

// A generated plan (capital stocks, so the stage substitutes): the objective against CLP's, and the
// prices (row duals, with the reduced costs) proved optimal independently: the Lagrangian bound
// they give, computed here naively on the original LP, equals CLP's optimum. (The plan's duals are
// not unique — CLP's and PDLP's differ on degenerate rows by up to 0.016 — so they are not compared
// one by one.)
TEST(PdlpSubstitutionPlanTest, PricesProveClpsOptimumOnAGeneratedPlan) {
  GenerateOptions generate;
  generate.products = 30;
  generate.inputs_per_product = 6;
  generate.years = 3;
  generate.seed = 47;
  auto model = GenerateEconomy(generate);
  ASSERT_TRUE(model.ok());
  auto built = BuildPlanLinearProgram(model.value(), PlanOptions{});
  ASSERT_TRUE(built.ok());
  const LinearProgram& lp = built.value();
  auto reference = SolveWithClp(lp);
  ASSERT_TRUE(reference.ok());
  ASSERT_EQ(reference.value().status, LpStatus::kOptimal);
  PdlpOptions options;
  options.tolerance = 1e-9;
  options.iteration_limit = 400000;
  options.presolve_substitution = true;
  PdlpSummary summary;
  auto solved = SolveWithPdlp(lp, options, &summary);
  ASSERT_TRUE(solved.ok());
  ASSERT_EQ(solved.value().status, LpStatus::kOptimal) << summary.message;
  EXPECT_LT(summary.presolved_rows, summary.original_rows);
  const LpSolution& clp = reference.value();
  const LpSolution& pdlp = solved.value();
  const double scale = 1.0 + std::abs(clp.objective);
  EXPECT_LE(std::abs(pdlp.objective - clp.objective) / scale, 1e-7);
  // The duals are derivatives of the objective as stated: a price y on a row moves the optimum by
  // y per unit of the bound it presses on (for a maximisation, y > 0 on the upper bound; for a
  // minimisation, on the lower), and a reduced cost likewise on a column bound.
  const bool max = lp.maximize;
  double bound = lp.objective_offset;
  auto term = [&](double dual, double lower, double upper) {
    const double side = (dual > 0) == max ? upper : lower;
    // Rounding leaves ~1e-12 on columns and rows without that bound (c − Aᵀy summed in double).
    if (!std::isfinite(side) && std::abs(dual) <= 1e-9) return;
    ASSERT_TRUE(std::isfinite(side)) << "a price on a missing bound: " << dual;
    bound += dual * side;
  };
  for (Index i = 0; i < lp.num_rows; ++i) term(pdlp.row_duals[i], lp.row_lower[i], lp.row_upper[i]);
  for (Index j = 0; j < lp.num_columns; ++j)
    term(pdlp.reduced_costs[j], lp.column_lower[j], lp.column_upper[j]);
  EXPECT_LE(std::abs(bound - clp.objective) / scale, 1e-6)
      << "Lagrangian bound " << bound << " vs CLP " << clp.objective;
}

}  // namespace
}  // namespace gosplan
