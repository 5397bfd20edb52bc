// The units of the first-order solver (src/pdlp/) on their own, with numbers derived by hand in the
// comments: termination measures and criteria (termination.h), Ruiz and Pock–Chambolle scaling
// (scaling.h), infeasibility certificates (infeasibility.h), the restart decision (restart.h), the
// step's compact bounds (step_bounds.h) and the Lanczos estimate of ‖K‖₂ (halpern_iteration.h).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "gosplan/linear_program.h"
#include "gosplan/pdlp.h"
#include "lp_catalogue.h"
#include "pdlp/halpern_iteration.h"
#include "pdlp/infeasibility.h"
#include "pdlp/lp_kernels.h"
#include "pdlp/presolve.h"
#include "pdlp/restart.h"
#include "pdlp/scaling.h"
#include "pdlp/step_bounds.h"
#include "pdlp/termination.h"

namespace gosplan::pdlp {
namespace {

const double inf = kUnbounded;

// -------------------------------------------------------------------------------------------------
// termination.h

TEST(TerminationTest, CombinedBoundIsTheLargestFiniteMagnitude) {
  EXPECT_EQ(CombinedBound(-3, 2), 3);
  EXPECT_EQ(CombinedBound(-inf, 1), 1);
  EXPECT_EQ(CombinedBound(-5, inf), 5);
  EXPECT_EQ(CombinedBound(-inf, inf), 0);
  // Rows [2, ∞) and (−∞, 1]: ‖(2, 1)‖ = √5.
  const std::vector<double> lower{2, -inf}, upper{inf, 1};
  EXPECT_DOUBLE_EQ(CombinedBoundNorm(lower, upper), std::sqrt(5.0));
  const std::vector<double> objective{3, 4};
  EXPECT_EQ(ObjectiveNorm(objective), 5);
}

TEST(TerminationTest, ReducedCostSplitsOntoTheFiniteBounds) {
  double lambda = 0, residual = 0;
  SplitReducedCost(-2, 0, 1, &lambda, &residual);  // boxed: a bound absorbs either sign
  EXPECT_EQ(lambda, -2);
  EXPECT_EQ(residual, 0);
  SplitReducedCost(-2, 0, inf, &lambda, &residual);  // only a lower bound: λ ≥ 0
  EXPECT_EQ(lambda, 0);
  EXPECT_EQ(residual, -2);
  SplitReducedCost(3, 0, inf, &lambda, &residual);
  EXPECT_EQ(lambda, 3);
  EXPECT_EQ(residual, 0);
  SplitReducedCost(3, -inf, 5, &lambda, &residual);  // only an upper bound: λ ≤ 0
  EXPECT_EQ(lambda, 0);
  EXPECT_EQ(residual, 3);
  SplitReducedCost(3, -inf, inf, &lambda, &residual);  // free: all residual
  EXPECT_EQ(lambda, 0);
  EXPECT_EQ(residual, 3);
  EXPECT_EQ(BoundTerm(2, -1, inf), -2);
  EXPECT_EQ(BoundTerm(-2, -inf, 4), -8);
  EXPECT_EQ(BoundTerm(0, -inf, inf), 0);  // never 0·∞
}

// The 2×2 LP of the measures tests:
//   minimise x1 + 2 x2 + 0.25   s.t.  r0: x1 + x2 ≥ 2,  r1: x1 − x2 ≤ 1,  x1 ≥ 0, x2 free,
// at the point x = (1, 0.5), y = (1.5, 0). By hand:
//   A x = (1.5, 0.5): r0 misses its lower bound 2 by −0.5, r1 holds → ‖r_p‖ = 0.5;
//   Aᵀy = (1.5, 1.5), g = c − Aᵀy = (−0.5, 0.5): x1 has only a lower bound, so
//   λ1 = max(−0.5, 0) = 0 and r_d1 = −0.5; x2 is free, so r_d2 = 0.5 → ‖r_d‖ = √0.5;
//   primal objective 1 + 1 + 0.25 = 2.25; dual objective 1.5·2 (r0's lower bound) + 0.25 = 3.25;
//   ‖b‖ = ‖(2, 1)‖ = √5, ‖c‖ = ‖(1, 2)‖ = √5;
//   relative primal 0.5/(1 + √5), relative dual √0.5/(1 + √5),
//   relative gap 1/(1 + 2.25 + 3.25) = 2/13.
struct TwoByTwo {
  std::vector<double> objective{1, 2}, column_lower{0, -inf}, column_upper{inf, inf};
  std::vector<double> row_lower{2, -inf}, row_upper{inf, 1};
  std::vector<double> x{1, 0.5}, y{1.5, 0}, ax{1.5, 0.5}, aty{1.5, 1.5};
  double offset = 0.25;
  MeasuredProblem Problem() const {
    return MeasuredProblem{objective, column_lower, column_upper, row_lower, row_upper, {}, {}};
  }
};

TEST(TerminationTest, MeasuresOfAPointOnATwoByTwoLp) {
  const TwoByTwo lp;
  const MeasuredPoint point{lp.x, lp.y, lp.ax, lp.aty};
  MeasureSums sums;
  AddRowTerms(lp.Problem(), point, 0, 2, &sums);
  AddColumnTerms(lp.Problem(), point, 0, 2, &sums);
  EXPECT_EQ(sums.primal_residual_sq, 0.25);
  EXPECT_EQ(sums.dual_residual_sq, 0.5);
  EXPECT_EQ(sums.scaled_primal_residual_sq, 0.25);  // unscaled problem: the same
  EXPECT_EQ(sums.primal_objective, 2.0);
  EXPECT_EQ(sums.dual_objective, 3.0);
  const AbsoluteMeasures absolute{
      std::sqrt(sums.primal_residual_sq), std::sqrt(sums.dual_residual_sq),
      sums.primal_objective + lp.offset, sums.dual_objective + lp.offset};
  EXPECT_EQ(absolute.gap(), 1.0);
  const RelativeMeasures relative = ToRelative(absolute, std::sqrt(5.0), std::sqrt(5.0));
  EXPECT_DOUBLE_EQ(relative.primal_residual, 0.5 / (1 + std::sqrt(5.0)));
  EXPECT_DOUBLE_EQ(relative.dual_residual, std::sqrt(0.5) / (1 + std::sqrt(5.0)));
  EXPECT_DOUBLE_EQ(relative.gap, 2.0 / 13.0);
  // √0.5/(1 + √5) ≈ 0.2185 > 0.5/(1 + √5) ≈ 0.1545 > 2/13 ≈ 0.1538.
  EXPECT_DOUBLE_EQ(relative.Largest(), std::sqrt(0.5) / (1 + std::sqrt(5.0)));
}

// Summing rows in two ranges onto one total is the same as one range (the loop sums chunks).
TEST(TerminationTest, RangesAddUp) {
  const TwoByTwo lp;
  const MeasuredPoint point{lp.x, lp.y, lp.ax, lp.aty};
  MeasureSums whole, first, second;
  AddRowTerms(lp.Problem(), point, 0, 2, &whole);
  AddRowTerms(lp.Problem(), point, 0, 1, &first);
  AddRowTerms(lp.Problem(), point, 1, 2, &second);
  first += second;
  EXPECT_EQ(first.primal_residual_sq, whole.primal_residual_sq);
  EXPECT_EQ(first.dual_objective, whole.dual_objective);
}

// The same point in a scaled problem, D_r = (2, 1), D_c = (1, 4): K x̃ = D_r A x = (3, 0.5),
// Kᵀỹ = D_c Aᵀy = (1.5, 6), c̃ = D_c c = (1, 8), row bounds · D_r: r0 ≥ 4, r1 ≤ 1;
// x̃ = x/D_c = (1, 0.125), ỹ = y/D_r = (0.75, 0). Scaled residuals: r̃_p = D_r r_p = (−1, 0),
// r̃_d = D_c r_d = (−0.5, 2), so the scaled squares are 1 and 4.25 while the unscaled ones stay
// 0.25 and 0.5; c̃ᵀx̃ = 2 and the dual objective 0.75·4 = 3 as before.
TEST(TerminationTest, ScaledProblemGivesTheUnscaledMeasures) {
  const std::vector<double> objective{1, 8}, column_lower{0, -inf}, column_upper{inf, inf};
  const std::vector<double> row_lower{4, -inf}, row_upper{inf, 1};
  const std::vector<double> row_scale{2, 1}, column_scale{1, 4};
  const std::vector<double> x{1, 0.125}, y{0.75, 0}, kx{3, 0.5}, kty{1.5, 6};
  const MeasuredProblem problem{objective, column_lower, column_upper, row_lower,
                                row_upper, row_scale,    column_scale};
  MeasureSums sums;
  AddRowTerms(problem, MeasuredPoint{x, y, kx, kty}, 0, 2, &sums);
  AddColumnTerms(problem, MeasuredPoint{x, y, kx, kty}, 0, 2, &sums);
  EXPECT_EQ(sums.scaled_primal_residual_sq, 1.0);
  EXPECT_EQ(sums.scaled_dual_residual_sq, 4.25);
  EXPECT_EQ(sums.primal_residual_sq, 0.25);
  EXPECT_EQ(sums.dual_residual_sq, 0.5);
  EXPECT_EQ(sums.primal_objective, 2.0);
  EXPECT_EQ(sums.dual_objective, 3.0);
}

// The public report on the same LP stated as a maximisation of −(x1 + 2 x2 + 0.25): the duals of a
// maximisation are −1 times the minimisation's, so row_duals = (−1.5, 0); the measures are those
// above.
TEST(TerminationTest, ComputeRelativeMeasuresOfAMaximisation) {
  LinearProgram lp = testing::DenseLp(true, {-1, -2}, {{1, 1}, {1, -1}}, {2, -inf}, {inf, 1},
                                      {0, -inf}, {inf, inf});
  lp.objective_offset = -0.25;
  LpSolution solution;
  solution.column_values = {1, 0.5};
  solution.row_duals = {-1.5, 0};
  ComputeRelativeMeasures(lp, &solution);
  EXPECT_DOUBLE_EQ(solution.relative_primal_residual, 0.5 / (1 + std::sqrt(5.0)));
  EXPECT_DOUBLE_EQ(solution.relative_dual_residual, std::sqrt(0.5) / (1 + std::sqrt(5.0)));
  EXPECT_DOUBLE_EQ(solution.relative_gap, 2.0 / 13.0);
  // A wrong-sign dual on the ≤ row r1 (y1 = +0.1 in the minimisation) has no finite bound to
  // multiply in the dual objective and is dropped there; it still enters Aᵀy: Aᵀy = (1.6, 1.4),
  // g = (−0.6, 0.6), ‖r_d‖ = √0.72, and the dual objective stays 3.25.
  solution.row_duals = {-1.5, -0.1};
  ComputeRelativeMeasures(lp, &solution);
  EXPECT_NEAR(solution.relative_dual_residual, std::sqrt(0.72) / (1 + std::sqrt(5.0)), 1e-15);
  EXPECT_DOUBLE_EQ(solution.relative_gap, 2.0 / 13.0);
}

TEST(TerminationTest, OptimalWhenAllThreeAreWithinTheTolerance) {
  EXPECT_TRUE(OptimalityCriteriaMet({1e-5, 2e-5, 1e-4}, 1e-4));  // ≤, not <
  EXPECT_FALSE(OptimalityCriteriaMet({1.1e-4, 0, 0}, 1e-4));
  EXPECT_FALSE(OptimalityCriteriaMet({0, 1.1e-4, 0}, 1e-4));
  EXPECT_FALSE(OptimalityCriteriaMet({0, 0, 1.1e-4}, 1e-4));
  EXPECT_FALSE(OptimalityCriteriaMet({std::nan(""), 0, 0}, 1e-4));
}

TEST(TerminationTest, LimitsInOrderAndZeroMeansNone) {
  PdlpOptions options;
  EXPECT_FALSE(CheckLimits(options, 1000000, 1e6).has_value());
  options.iteration_limit = 100;
  options.time_limit_seconds = 2;
  EXPECT_FALSE(CheckLimits(options, 99, 1.5).has_value());
  EXPECT_EQ(CheckLimits(options, 100, 1.5), TerminationReason::kIterationLimit);
  EXPECT_EQ(CheckLimits(options, 99, 2.0), TerminationReason::kTimeLimit);
  EXPECT_EQ(CheckLimits(options, 100, 2.0), TerminationReason::kIterationLimit);
}

TEST(TerminationTest, EveryReasonHasItsStatus) {
  EXPECT_EQ(ToLpStatus(TerminationReason::kOptimal), LpStatus::kOptimal);
  EXPECT_EQ(ToLpStatus(TerminationReason::kPrimalInfeasible), LpStatus::kInfeasible);
  EXPECT_EQ(ToLpStatus(TerminationReason::kDualInfeasible), LpStatus::kUnbounded);
  EXPECT_EQ(ToLpStatus(TerminationReason::kIterationLimit), LpStatus::kIterationLimit);
  EXPECT_EQ(ToLpStatus(TerminationReason::kTimeLimit), LpStatus::kTimeLimit);
  EXPECT_EQ(ToLpStatus(TerminationReason::kNumericalError), LpStatus::kError);
}

// -------------------------------------------------------------------------------------------------
// scaling.h

CscMatrix Dense(const std::vector<std::vector<double>>& rows) {
  const LinearProgram lp = testing::DenseLp(false, std::vector<double>(rows.front().size(), 0.0),
                                            rows, std::vector<double>(rows.size(), 0.0),
                                            std::vector<double>(rows.size(), 0.0));
  CscMatrix matrix;
  matrix.num_rows = lp.num_rows;
  matrix.num_columns = lp.num_columns;
  matrix.starts = lp.column_starts;
  matrix.indices = lp.row_indices;
  matrix.values = lp.values;
  return matrix;
}

// A = [[16, 0], [4, 1]]. Sweep 1: row maxima 16, 4 and column maxima 16, 1 → D_r = (1/4, 1/2),
// D_c = (1/4, 1), K = [[1, 0], [1/2, 1/2]]. Sweep 2: row maxima 1, 1/2 and column maxima 1, 1/2 →
// D_r = (1/4, 1/√2), D_c = (1/4, √2), K = [[1, 0], [1/√2, 1]], whose rows and columns all have
// maximum 1, so further sweeps change nothing.
TEST(ScalingTest, RuizEquilibratesASmallMatrixByHand) {
  const CscMatrix a = Dense({{16, 0}, {4, 1}});
  const CscMatrix by_row = Transpose(a);
  DiagonalScaling one = UnitScaling(a);
  RuizEquilibrate(a, by_row, 1, 1, &one);
  EXPECT_EQ(one.row_scale, (std::vector<double>{0.25, 0.5}));
  EXPECT_EQ(one.column_scale, (std::vector<double>{0.25, 1.0}));
  for (int sweeps : {2, 10}) {
    DiagonalScaling many = UnitScaling(a);
    RuizEquilibrate(a, by_row, sweeps, 1, &many);
    // Rounding of the √ may move the equilibrated scales by an ulp per sweep.
    EXPECT_NEAR(many.row_scale[0], 0.25, 1e-14) << sweeps;
    EXPECT_NEAR(many.row_scale[1], 1 / std::sqrt(2.0), 1e-14) << sweeps;
    EXPECT_NEAR(many.column_scale[0], 0.25, 1e-14) << sweeps;
    EXPECT_NEAR(many.column_scale[1], std::sqrt(2.0), 1e-14) << sweeps;
  }
}

// A = [[4, 1], [1, 1]]: one Ruiz sweep gives D_r = D_c = (1/2, 1) and K = [[1, 1/2], [1/2, 1]];
// Pock–Chambolle (α = 1) then divides each by √(row or column sum) = √1.5, so
// D_r = D_c = (1/(2√1.5), 1/√1.5) and K = [[2/3, 1/3], [1/3, 2/3]]. An empty row keeps its scale 1.
TEST(ScalingTest, PockChambolleAfterRuizAndTheScaledLp) {
  MinimisationLp lp;
  lp.matrix = Dense({{4, 1}, {1, 1}, {0, 0}});
  lp.objective = {3, -2};
  lp.column_lower = {0, -inf};
  lp.column_upper = {8, inf};
  lp.row_lower = {1, -inf, 0};
  lp.row_upper = {inf, 6, 1};
  const double root = std::sqrt(1.5);
  const DiagonalScaling scaling = ComputeScaling(lp.matrix, 1, 1);
  EXPECT_DOUBLE_EQ(scaling.row_scale[0], 0.5 / root);
  EXPECT_DOUBLE_EQ(scaling.row_scale[1], 1 / root);
  EXPECT_EQ(scaling.row_scale[2], 1.0);
  EXPECT_DOUBLE_EQ(scaling.column_scale[0], 0.5 / root);
  EXPECT_DOUBLE_EQ(scaling.column_scale[1], 1 / root);

  const ScaledLp scaled = ScaleLp(lp, lp, 1, 1);
  // Column order: k00, k10, k01, k11.
  const std::vector<double>& k = scaled.kernels->by_column().values;
  ASSERT_EQ(k.size(), 4u);
  EXPECT_DOUBLE_EQ(k[0], 2.0 / 3);
  EXPECT_DOUBLE_EQ(k[1], 1.0 / 3);
  EXPECT_DOUBLE_EQ(k[2], 1.0 / 3);
  EXPECT_DOUBLE_EQ(k[3], 2.0 / 3);
  // Kᵀ is scaled in place from the transposition the scaling measured on; it must hold exactly the
  // entries a transposition of the scaled K gives (the independent path).
  const CscMatrix transposed = Transpose(scaled.kernels->by_column());
  EXPECT_EQ(scaled.kernels->by_row().starts, transposed.starts);
  EXPECT_EQ(scaled.kernels->by_row().indices, transposed.indices);
  EXPECT_EQ(scaled.kernels->by_row().values, transposed.values);
  // c̃ = D_c c, column bounds / D_c, row bounds · D_r (infinities stay infinite).
  EXPECT_DOUBLE_EQ(scaled.objective[0], 3 * 0.5 / root);
  EXPECT_DOUBLE_EQ(scaled.objective[1], -2 / root);
  EXPECT_DOUBLE_EQ(scaled.column_upper[0], 8 / (0.5 / root));
  EXPECT_EQ(scaled.column_lower[1], -inf);
  EXPECT_DOUBLE_EQ(scaled.row_lower[0], 0.5 / root);
  EXPECT_DOUBLE_EQ(scaled.row_upper[1], 6 / root);
  // The norms of the termination tests are the original's: ‖c‖ = √13, ‖b‖ = ‖(1, 6, 1)‖ = √38.
  EXPECT_DOUBLE_EQ(scaled.objective_norm, std::sqrt(13.0));
  EXPECT_DOUBLE_EQ(scaled.bound_norm, std::sqrt(38.0));
}

// -------------------------------------------------------------------------------------------------
// presolve.h

// minimise x1 + x2 + x3, x ≥ 0, over
//   R1: x1 + x2 + 0·x3 ≥ 4   (an explicit zero: not an entry of the row)
//   R2: 2·x2 = 6             singleton: x2 ∈ [3, 3], so x2 is fixed in the next pass
//   R3: x1 + x3 ≤ 10
// Pass 1 turns R2 into the bounds of x2; pass 2 fixes x2 = 3 (offset 3), which leaves R1 with one
// entry, x1 ≥ 4 − 3 = 1: a singleton found only after the fixing (the row's one remaining column
// must be x1, not the zero entry's x3). Reduced: row R3, columns x1 (lower bound 1) and x3.
// Optimum x = (1, 3, 0); postsolve from y(R3) = 0: λ1 = 1 − y1 − y3 = 1 > 0 at the lower bound R1
// set, so y(R1) = λ1 / 1 = 1; then λ2 = 1 − y1 − 2·y2 = 0, so R2 keeps dual 0.
TEST(PresolveTest, ASingletonRowThatAppearsOnlyAfterAColumnIsFixed) {
  MinimisationLp lp;
  lp.matrix.num_rows = 3;
  lp.matrix.num_columns = 3;
  lp.matrix.starts = {0, 2, 4, 6};  // x1 (R1, R3), x2 (R1, R2), x3 (R1: 0, R3)
  lp.matrix.indices = {0, 2, 0, 1, 0, 2};
  lp.matrix.values = {1, 1, 1, 2, 0, 1};
  lp.objective = {1, 1, 1};
  lp.column_lower = {0, 0, 0};
  lp.column_upper = {inf, inf, inf};
  lp.row_lower = {4, 6, -inf};
  lp.row_upper = {inf, 6, 10};
  const Presolver presolver(lp);
  ASSERT_FALSE(presolver.infeasible());
  EXPECT_EQ(presolver.kept_rows(), (std::vector<Index>{2}));
  EXPECT_EQ(presolver.kept_columns(), (std::vector<Index>{0, 2}));
  const MinimisationLp& reduced = presolver.reduced();
  EXPECT_EQ(reduced.offset, 3.0);
  EXPECT_EQ(reduced.column_lower, (std::vector<double>{1, 0}));
  EXPECT_EQ(reduced.row_upper, (std::vector<double>{10}));
  EXPECT_EQ(reduced.matrix.starts, (std::vector<Index>{0, 1, 2}));
  EXPECT_EQ(reduced.matrix.indices, (std::vector<Index>{0, 0}));
  EXPECT_EQ(reduced.matrix.values, (std::vector<double>{1, 1}));
  std::vector<double> x, y;
  presolver.Postsolve({1, 0}, {0}, &x, &y);
  EXPECT_EQ(x, (std::vector<double>{1, 3, 0}));
  EXPECT_EQ(y, (std::vector<double>{1, 0, 0}));
}

// -------------------------------------------------------------------------------------------------
// infeasibility.h

// A ScaledLp with the given scales and no kernels (the ray tests read bounds, objective and
// scales).
ScaledLp Bounds(std::vector<double> objective, std::vector<double> column_lower,
                std::vector<double> column_upper, std::vector<double> row_lower,
                std::vector<double> row_upper, std::vector<double> row_scale,
                std::vector<double> column_scale) {
  ScaledLp lp;
  lp.objective = std::move(objective);
  lp.column_lower = std::move(column_lower);
  lp.column_upper = std::move(column_upper);
  lp.row_lower = std::move(row_lower);
  lp.row_upper = std::move(row_upper);
  lp.row_scale = std::move(row_scale);
  lp.column_scale = std::move(column_scale);
  return lp;
}

// The catalogue's "infeasible" LP: x1 + x2 ≥ 3 and x1 + x2 ≤ 2, x ≥ 0. The Farkas certificate
// y = (1, −1): y1 ≥ 0 on a row with a lower bound, y2 ≤ 0 on one with an upper bound, Aᵀy = (0, 0)
// (nothing for the column bounds to absorb), and 1·3 + (−1)·2 = 1 > 0.
TEST(InfeasibilityTest, KnownFarkasCertificateIsAccepted) {
  const ScaledLp lp = Bounds({1, 1}, {0, 0}, {inf, inf}, {3, -inf}, {inf, 2}, {1, 1}, {1, 1});
  EXPECT_TRUE(IsDualRay(lp, {1, -1}, {0, 0}, 1e-8));
  EXPECT_TRUE(IsDualRay(lp, {7, -7}, {0, 0}, 1e-8));  // any positive multiple
  // y = (1, 0): Aᵀy = (1, 1), so −Aᵀy = (−1, −1) needs upper column bounds that do not exist:
  // violation 1 against the objective 3.
  EXPECT_FALSE(IsDualRay(lp, {1, 0}, {1, 1}, 1e-8));
  // y = (−1, 1) has the wrong signs: y1 < 0 needs an upper bound on r0.
  EXPECT_FALSE(IsDualRay(lp, {-1, 1}, {0, 0}, 1e-8));
  EXPECT_FALSE(IsDualRay(lp, {0, 0}, {0, 0}, 1e-8));
}

// The same certificate in a problem scaled by D_r = (2, 1) (row bounds · D_r: r0 ≥ 6): ỹ = y/D_r
// = (0.5, −1) and Kᵀỹ = D_c Aᵀy = 0.
TEST(InfeasibilityTest, CertificateIsMeasuredInTheUnscaledProblem) {
  const ScaledLp lp = Bounds({1, 1}, {0, 0}, {inf, inf}, {6, -inf}, {inf, 2}, {2, 1}, {1, 1});
  EXPECT_TRUE(IsDualRay(lp, {0.5, -1}, {0, 0}, 1e-8));
  // A violation within the tolerance is accepted: −Aᵀy = (−1e-9, 0) after normalising by max|y| = 1
  // against the objective 1 (tolerance 1e-8), but not 1e-7.
  EXPECT_TRUE(IsDualRay(lp, {0.5, -1}, {1e-9, 0}, 1e-8));
  EXPECT_FALSE(IsDualRay(lp, {0.5, -1}, {1e-7, 0}, 1e-8));
}

// The catalogue's "unbounded" LP as a minimisation: min −x1 s.t. x1 − x2 ≤ 1, x ≥ 0. The ray (1, 1)
// stays in the column box's recession cone (≥ 0), A·ray = 0 ≤ 0, and cᵀray = −1 < 0.
TEST(InfeasibilityTest, KnownPrimalRayIsAccepted) {
  const ScaledLp lp = Bounds({-1, 0}, {0, 0}, {inf, inf}, {-inf}, {1}, {1}, {1, 1});
  EXPECT_TRUE(IsPrimalRay(lp, {1, 1}, {0}, 1e-8));
  EXPECT_FALSE(IsPrimalRay(lp, {1, 0}, {1}, 1e-8));    // A·ray = 1 > 0 leaves the ≤ row
  EXPECT_FALSE(IsPrimalRay(lp, {0, 1}, {-1}, 1e-8));   // cᵀray = 0: no improvement
  EXPECT_FALSE(IsPrimalRay(lp, {-1, -1}, {0}, 1e-8));  // leaves x ≥ 0
}

// -------------------------------------------------------------------------------------------------
// restart.h

TEST(RestartTest, WeightedKktError) {
  // √(ω·1 + 8/ω + 1²) with ω = 4: √(4 + 2 + 1) = √7.
  EXPECT_DOUBLE_EQ(WeightedKktError(4, 1, 8, 1), std::sqrt(7.0));
}

TEST(RestartTest, SufficientReductionRestartsToTheBetterCandidate) {
  const RestartParameters parameters;
  // Average 1.9 < current 3 is the candidate; 1.9 ≤ 0.2 · 10.
  RestartDecision decision = DecideRestart(parameters, 3, 1.9, 10, inf, 10, 100);
  EXPECT_TRUE(decision.restart);
  EXPECT_TRUE(decision.to_average);
  EXPECT_EQ(decision.candidate_kkt, 1.9);
  // 2.1 > 2: not sufficient; no previous candidate, so not necessary; 10 < 0.36 · 100: not
  // artificial.
  decision = DecideRestart(parameters, 3, 2.1, 10, inf, 10, 100);
  EXPECT_FALSE(decision.restart);
  EXPECT_EQ(decision.candidate_kkt, 2.1);
}

// Checks with the restart point's KKT 10 and candidates 7, 6, 6.5 (the current iterate each time):
// 7 and 6 keep falling (no restart); 6.5 ≤ 0.8 · 10 and 6.5 > 6, so progress stalled: restart.
TEST(RestartTest, NecessaryReductionRestartsWhenProgressStalls) {
  const RestartParameters parameters;
  double previous = inf;
  std::vector<bool> restarts;
  for (double candidate : {7.0, 6.0, 6.5}) {
    const RestartDecision decision =
        DecideRestart(parameters, candidate, 20, 10, previous, 10, 1000);
    EXPECT_FALSE(decision.to_average);
    previous = decision.candidate_kkt;
    restarts.push_back(decision.restart);
  }
  EXPECT_EQ(restarts, (std::vector<bool>{false, false, true}));
  // Stalling above 0.8 · 10 is not enough: 9 then 9.5.
  EXPECT_FALSE(DecideRestart(parameters, 9.5, 20, 10, 9.0, 10, 1000).restart);
}

TEST(RestartTest, ArtificialRestartAfterAFractionOfTheIterations) {
  const RestartParameters parameters;
  // No reduction at all (candidate 10 = restart KKT); 36 ≥ 0.36 · 100 but 35 is not.
  EXPECT_TRUE(DecideRestart(parameters, 10, 11, 10, 9, 36, 100).restart);
  EXPECT_FALSE(DecideRestart(parameters, 10, 11, 10, 9, 35, 100).restart);
}

TEST(RestartTest, PrimalWeightMovesGeometricallyTowardsTheMovementRatio) {
  const RestartParameters parameters;  // θ = 0.5
  // exp(0.5 log(4/1) + 0.5 log 1) = 2.
  EXPECT_DOUBLE_EQ(UpdatePrimalWeight(parameters, 1, 1, 4), 2);
  // exp(0.5 log(1/4) + 0.5 log 16) = √(16/4) = 2.
  EXPECT_DOUBLE_EQ(UpdatePrimalWeight(parameters, 16, 4, 1), 2);
  // No movement in x (≤ 1e-10): ω is kept.
  EXPECT_EQ(UpdatePrimalWeight(parameters, 3, 1e-11, 4), 3);
}

// -------------------------------------------------------------------------------------------------
// step_bounds.h: every pair of bounds reads back as the same doubles, and the value stream's cursor
// is right at any start, aligned to kStride or not.

TEST(StepBoundsTest, ReadsBackEveryKindOfBoundAtAnyStart) {
  // Kinds cycling through every case, over more than two strides so that Cursor uses the counts
  // kept at a stride and the count within one.
  const std::vector<std::pair<double, double>> cases = {
      {0.0, inf},    {-inf, inf}, {-inf, 0.0}, {0.0, 0.0},  {2.5, inf},
      {-inf, -1.25}, {-3.0, 4.0}, {7.0, 7.0},  {-0.0, inf}, {0.0, 1e300}};
  const Index n = 2 * StepBounds::kStride + 37;
  std::vector<double> lower(n), upper(n);
  for (Index i = 0; i < n; ++i) {
    const auto& [l, u] = cases[static_cast<std::size_t>(i * 7 % 10)];
    lower[i] = l * (1.0 + static_cast<double>(i % 3));  // distinct values, same kinds
    upper[i] = u * (1.0 + static_cast<double>(i % 3));
  }
  const StepBounds bounds(lower, upper);
  ASSERT_EQ(bounds.size(), n);
  for (Index begin : {Index{0}, Index{1}, StepBounds::kStride - 1, StepBounds::kStride,
                      StepBounds::kStride + 5, 2 * StepBounds::kStride + 36}) {
    Index cursor = bounds.Cursor(begin);
    for (Index i = begin; i < n; ++i) {
      double l = 0.0, u = 0.0;
      bounds.Read(i, &cursor, &l, &u);
      // Bit for bit, so the step's iterates are those of reading the two vectors (−0.0 included).
      ASSERT_EQ(std::signbit(l), std::signbit(lower[i])) << i;
      ASSERT_EQ(l, lower[i]) << i;
      ASSERT_EQ(u, upper[i]) << i;
    }
  }
}

// -------------------------------------------------------------------------------------------------
// halpern_iteration.h: the largest eigenvalue of a tridiagonal matrix, and ‖K‖₂ by Lanczos.

TEST(SpectralNormTest, TridiagonalLargestEigenvalueMatchesTheClosedForm) {
  // tridiag(−1, 2, −1) of order k has eigenvalues 2 − 2cos(jπ/(k+1)), j = 1..k: the largest is
  // 2 + 2cos(π/(k+1)).
  for (std::size_t k : {1, 2, 5, 40}) {
    const std::vector<double> a(k, 2.0), b(k - 1, -1.0);
    const double expected = 2.0 + 2.0 * std::cos(M_PI / static_cast<double>(k + 1));
    EXPECT_NEAR(LargestTridiagonalEigenvalue(a, b), expected, 1e-12) << k;
  }
}

TEST(SpectralNormTest, LanczosFindsTheLargestSingularValue) {
  // K = [[1, 1], [0, 1]]: KᵀK = [[1, 1], [1, 2]] has eigenvalues (3 ± √5)/2, so ‖K‖₂ is the golden
  // ratio (1 + √5)/2 (two Lanczos steps span the whole space).
  CscMatrix k;
  k.num_rows = 2;
  k.num_columns = 2;
  k.starts = {0, 1, 3};
  k.indices = {0, 0, 1};
  k.values = {1.0, 1.0, 1.0};
  const LpKernels kernels(k, 1);
  EXPECT_NEAR(EstimateSpectralNorm(kernels, 100, 1e-12), (1.0 + std::sqrt(5.0)) / 2.0, 1e-12);
  // A diagonal 300 × 300 K with entries 1, …, 300 scaled by 1/300 and one entry 1.5: ‖K‖₂ = 1.5,
  // the next singular value 1 — a gap the power method needs ~30 iterations for at 1e-10.
  CscMatrix d;
  d.num_rows = d.num_columns = 300;
  for (Index j = 0; j < 300; ++j) {
    d.starts.push_back(j);
    d.indices.push_back(j);
    d.values.push_back(j == 150 ? 1.5 : static_cast<double>(j + 1) / 300.0);
  }
  d.starts.push_back(300);
  const LpKernels diagonal(d, 1);
  EXPECT_NEAR(EstimateSpectralNorm(diagonal, 100, 1e-10), 1.5, 1e-8);
  // A zero matrix: 0.
  CscMatrix zero;
  zero.num_rows = zero.num_columns = 3;
  zero.starts = {0, 0, 0, 0};
  EXPECT_EQ(EstimateSpectralNorm(LpKernels(zero, 1), 100, 1e-10), 0.0);
}

}  // namespace
}  // namespace gosplan::pdlp
