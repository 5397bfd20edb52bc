// The warm-start CLP session (src/lp/clp_session.h) on an LP small enough to solve by hand. Each
// optimum is derived in the comment above its check; each warm re-solve is also compared with a
// fresh SolveWithClp of the same LP (an independent cold solve).
#include "lp/clp_session.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "gosplan/linear_program.h"

namespace gosplan {
namespace {

using lp::ClpSession;

// maximise 3x + 2y + 0.5
// subject to  row 0:  x +  y ≤ 4
//             row 1:  x + 3y ≤ 7
//             0 ≤ x ≤ 3,  0 ≤ y
LinearProgram SmallLp() {
  LinearProgram lp;
  lp.num_rows = 2;
  lp.num_columns = 2;
  lp.column_starts = {0, 2, 4};
  lp.row_indices = {0, 1, 0, 1};
  lp.values = {1, 1, 1, 3};
  lp.column_lower = {0, 0};
  lp.column_upper = {3, kUnbounded};
  lp.row_lower = {-kUnbounded, -kUnbounded};
  lp.row_upper = {4, 7};
  lp.objective = {3, 2};
  lp.objective_offset = 0.5;
  lp.maximize = true;
  return lp;
}

constexpr double kTol = 1e-9;

// The session's last solution agrees with a cold SolveWithClp of `lp` (the same LP, stated afresh).
void ExpectSameAsFreshSolve(const ClpSession& session, const LinearProgram& lp) {
  auto fresh = SolveWithClp(lp);
  ASSERT_TRUE(fresh.ok());
  ASSERT_EQ(fresh.value().status, LpStatus::kOptimal);
  EXPECT_NEAR(session.objective(), fresh.value().objective, kTol);
  for (Index j = 0; j < lp.num_columns; ++j) {
    EXPECT_NEAR(session.column_values()[j], fresh.value().column_values[j], kTol) << "column " << j;
    EXPECT_NEAR(session.reduced_costs()[j], fresh.value().reduced_costs[j], kTol) << "column " << j;
  }
  for (Index i = 0; i < lp.num_rows; ++i) {
    EXPECT_NEAR(session.row_duals()[i], fresh.value().row_duals[i], kTol) << "row " << i;
  }
}

// Vertices of the feasible set: (0,0) 0.5, (3,0) 9.5, (3,1) 11.5, (2.5,1.5) 10.5, (0,7/3) 5.17. The
// optimum is x = 3, y = 1 (x at its upper bound, row 0 tight, row 1 slack: 3 + 3 = 6 < 7),
// objective 9 + 2 + 0.5 = 11.5. On row 0, y = 4 − x, so the objective is 3x + 2(4 − x) + 0.5 = x
// + 8.5: the dual of row 0 is ∂obj/∂4 = 2 (y's cost), x's reduced cost is 3 − 2 = 1, row 1's dual
// is 0.
TEST(ClpSessionTest, FirstSolveMatchesTheHandOptimum) {
  const LinearProgram lp = SmallLp();
  ClpSession session;
  ASSERT_TRUE(session.Load(lp).ok());
  EXPECT_EQ(session.num_rows(), 2);
  EXPECT_EQ(session.num_columns(), 2);
  ASSERT_EQ(session.SolveFromScratch(LpSolveOptions::Algorithm::kDualSimplex), LpStatus::kOptimal);
  EXPECT_NEAR(session.objective(), 11.5, kTol);
  EXPECT_NEAR(session.column_values()[0], 3.0, kTol);
  EXPECT_NEAR(session.column_values()[1], 1.0, kTol);
  EXPECT_NEAR(session.row_activities()[0], 4.0, kTol);
  EXPECT_NEAR(session.row_activities()[1], 6.0, kTol);
  EXPECT_NEAR(session.row_duals()[0], 2.0, kTol);
  EXPECT_NEAR(session.row_duals()[1], 0.0, kTol);
  EXPECT_NEAR(session.reduced_costs()[0], 1.0, kTol);
  EXPECT_NEAR(session.reduced_costs()[1], 0.0, kTol);
  EXPECT_EQ(session.solves(), 1);
  ExpectSameAsFreshSolve(session, lp);
}

// Bound changes, each re-optimised by the warm dual simplex.
TEST(ClpSessionTest, WarmResolveAfterBoundChanges) {
  LinearProgram lp = SmallLp();
  ClpSession session;
  ASSERT_TRUE(session.Load(lp).ok());
  ASSERT_EQ(session.SolveFromScratch(LpSolveOptions::Algorithm::kDualSimplex), LpStatus::kOptimal);

  // x ≤ 5: now row 0 caps x at 4, and (4,0) gives 12.5 against (2.5,1.5) 10.5: x = 4, y = 0,
  // objective 12.5. x is basic on row 0 (x = 4 − y): objective 3(4 − y) + 2y + 0.5, so row 0's dual
  // is 3 and y's reduced cost 2 − 3 = −1.
  session.SetColumnBounds(0, 0.0, 5.0);
  lp.column_upper[0] = 5.0;
  EXPECT_EQ(session.column_upper(0), 5.0);
  ASSERT_EQ(session.Resolve(ClpSession::Method::kDual), LpStatus::kOptimal);
  EXPECT_NEAR(session.objective(), 12.5, kTol);
  EXPECT_NEAR(session.column_values()[0], 4.0, kTol);
  EXPECT_NEAR(session.column_values()[1], 0.0, kTol);
  EXPECT_NEAR(session.row_duals()[0], 3.0, kTol);
  EXPECT_NEAR(session.reduced_costs()[1], -1.0, kTol);
  ExpectSameAsFreshSolve(session, lp);

  // Row 0 loosened to ≤ 10: row 1 and x ≤ 5 bind, y = (7 − 5)/3 = 2/3, objective 15 + 4/3 + 0.5 =
  // 16.8333…; on row 1 y = (7 − x)/3, so row 1's dual is 2/3 and x's reduced cost 3 − 2/3 = 7/3.
  session.SetRowBounds(0, -kUnbounded, 10.0);
  lp.row_upper[0] = 10.0;
  EXPECT_EQ(session.row_lower(0), -kUnbounded);
  EXPECT_EQ(session.row_upper(0), 10.0);
  ASSERT_EQ(session.Resolve(ClpSession::Method::kDual), LpStatus::kOptimal);
  EXPECT_NEAR(session.objective(), 15.0 + 4.0 / 3.0 + 0.5, kTol);
  EXPECT_NEAR(session.column_values()[0], 5.0, kTol);
  EXPECT_NEAR(session.column_values()[1], 2.0 / 3.0, kTol);
  EXPECT_NEAR(session.row_duals()[0], 0.0, kTol);
  EXPECT_NEAR(session.row_duals()[1], 2.0 / 3.0, kTol);
  EXPECT_NEAR(session.reduced_costs()[0], 7.0 / 3.0, kTol);
  ExpectSameAsFreshSolve(session, lp);

  // x + y ≤ −1 with x, y ≥ 0: no solution, as a cold solve also finds.
  session.SetRowBounds(0, -kUnbounded, -1.0);
  lp.row_upper[0] = -1.0;
  EXPECT_EQ(session.Resolve(ClpSession::Method::kDual), LpStatus::kInfeasible);
  auto fresh = SolveWithClp(lp);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh.value().status, LpStatus::kInfeasible);
  EXPECT_EQ(session.solves(), 4);
}

// An objective change, re-optimised by the warm primal simplex. With x ≤ 5 and row 0 ≤ 10 (second
// step above), maximise x + 4y + 0.5: y's 4 per unit of row 1 beats x's 1 (4/3 > 1), so x = 0,
// y = 7/3, objective 28/3 + 0.5 (the other vertex of row 1, (5, 2/3), gives 5 + 8/3 + 0.5).
// Then minimising instead: the origin, objective 0.5.
TEST(ClpSessionTest, WarmResolveAfterObjectiveChange) {
  LinearProgram lp = SmallLp();
  lp.column_upper[0] = 5.0;
  lp.row_upper[0] = 10.0;
  ClpSession session;
  ASSERT_TRUE(session.Load(lp).ok());
  ASSERT_EQ(session.SolveFromScratch(LpSolveOptions::Algorithm::kPrimalSimplex),
            LpStatus::kOptimal);
  EXPECT_NEAR(session.objective(), 15.0 + 4.0 / 3.0 + 0.5, kTol);

  session.SetObjective(0, 1.0);
  session.SetObjective(1, 4.0);
  lp.objective = {1.0, 4.0};
  ASSERT_EQ(session.Resolve(ClpSession::Method::kPrimal), LpStatus::kOptimal);
  EXPECT_NEAR(session.objective(), 28.0 / 3.0 + 0.5, kTol);
  EXPECT_NEAR(session.column_values()[0], 0.0, kTol);
  EXPECT_NEAR(session.column_values()[1], 7.0 / 3.0, kTol);
  ExpectSameAsFreshSolve(session, lp);

  session.SetMaximize(false);
  lp.maximize = false;
  ASSERT_EQ(session.Resolve(ClpSession::Method::kPrimal), LpStatus::kOptimal);
  EXPECT_NEAR(session.objective(), 0.5, kTol);
  EXPECT_NEAR(session.column_values()[0], 0.0, kTol);
  EXPECT_NEAR(session.column_values()[1], 0.0, kTol);
  ExpectSameAsFreshSolve(session, lp);

  // No objective at all: every feasible point is optimal, and the objective is the offset alone.
  session.ClearObjective();
  ASSERT_EQ(session.Resolve(ClpSession::Method::kPrimal), LpStatus::kOptimal);
  EXPECT_NEAR(session.objective(), 0.5, kTol);
}

// A clone is an independent model: changing it leaves the original's bounds and solution alone.
TEST(ClpSessionTest, CloneIsIndependent) {
  ClpSession session;
  ASSERT_TRUE(session.Load(SmallLp()).ok());
  ASSERT_EQ(session.SolveFromScratch(LpSolveOptions::Algorithm::kDualSimplex), LpStatus::kOptimal);
  auto copy = session.Clone();
  copy->SetColumnBounds(0, 0.0, 5.0);
  ASSERT_EQ(copy->Resolve(ClpSession::Method::kDual), LpStatus::kOptimal);
  EXPECT_NEAR(copy->objective(), 12.5, kTol);  // as in WarmResolveAfterBoundChanges
  EXPECT_EQ(session.column_upper(0), 3.0);
  EXPECT_NEAR(session.column_values()[0], 3.0, kTol);
  ASSERT_EQ(session.Resolve(ClpSession::Method::kDual), LpStatus::kOptimal);
  EXPECT_NEAR(session.objective(), 11.5, kTol);
}

// An added row y ≥ 2 (row 2): with x ≤ 3, row 0 gives x ≤ 2 and row 1 x ≤ 1, so x = 1, y = 2,
// objective 3 + 4 + 0.5 = 7.5 (x = 0, y = 7/3 gives 14/3 + 0.5 less).
TEST(ClpSessionTest, AddedRowIsEnforced) {
  LinearProgram lp = SmallLp();
  ClpSession session;
  ASSERT_TRUE(session.Load(lp).ok());
  ASSERT_EQ(session.SolveFromScratch(LpSolveOptions::Algorithm::kDualSimplex), LpStatus::kOptimal);
  const Index row = session.AddRows({0, 1}, {1}, {1.0}, {2.0}, {kUnbounded});
  EXPECT_EQ(row, 2);
  EXPECT_EQ(session.num_rows(), 3);
  EXPECT_EQ(session.row_upper(2), kUnbounded);
  ASSERT_EQ(session.Resolve(ClpSession::Method::kDual), LpStatus::kOptimal);
  EXPECT_NEAR(session.objective(), 7.5, kTol);
  EXPECT_NEAR(session.column_values()[0], 1.0, kTol);
  EXPECT_NEAR(session.column_values()[1], 2.0, kTol);
}

// Load checks the LP as SolveWithClp does (one loader): a malformed LP is refused, not loaded.
TEST(ClpSessionTest, MalformedLpIsRefused) {
  LinearProgram lp = SmallLp();
  lp.row_indices[3] = 2;  // no row 2
  ClpSession session;
  const Status status = session.Load(lp);
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(SolveWithClp(lp).status().code(), StatusCode::kInvalidInput);
  LinearProgram huge = SmallLp();
  huge.values[0] = 1e25;  // beyond kMaxLpMagnitude
  EXPECT_EQ(session.Load(huge).code(), StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace gosplan
