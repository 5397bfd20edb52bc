// A shared catalogue of small LPs with known answers (as HiGHS's check/SpecialLps.h and OR-Tools'
// pdlp/test_util.h): each entry states its source or its hand derivation, its status, and where the
// answer is unique its optimal objective, primal point and duals. Tests of every LP consumer (CLP,
// PDLP, the MPS reader and writer, sessions) draw from here instead of building their own small
// LPs.
//
// Duals follow LinearProgram's convention (include/gosplan/linear_program.h): row_duals[k] =
// ∂(optimal objective, as stated) / ∂(active bound of row k); for a maximisation a binding ≤ row
// has a dual ≥ 0.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gosplan/linear_program.h"

namespace gosplan::testing {

struct CatalogueLp {
  std::string name;
  std::string derivation;  // source or hand derivation of the answer
  LinearProgram lp;
  LpStatus status = LpStatus::kOptimal;
  double objective = 0.0;      // when optimal
  std::vector<double> primal;  // when unique (empty otherwise)
  std::vector<double> duals;   // when unique (empty otherwise)
};

// Builds an LP from dense rows: rows[i][j] is the coefficient of column j in row i (zeros not
// stored).
inline LinearProgram DenseLp(bool maximize, std::vector<double> objective,
                             const std::vector<std::vector<double>>& rows,
                             std::vector<double> row_lower, std::vector<double> row_upper,
                             std::vector<double> column_lower = {},
                             std::vector<double> column_upper = {}) {
  LinearProgram lp;
  lp.maximize = maximize;
  lp.num_columns = static_cast<Index>(objective.size());
  lp.num_rows = static_cast<Index>(rows.size());
  lp.objective = std::move(objective);
  lp.row_lower = std::move(row_lower);
  lp.row_upper = std::move(row_upper);
  lp.column_lower = column_lower.empty() ? std::vector<double>(lp.objective.size(), 0.0)
                                         : std::move(column_lower);
  lp.column_upper = column_upper.empty() ? std::vector<double>(lp.objective.size(), kUnbounded)
                                         : std::move(column_upper);
  lp.column_starts.push_back(0);
  for (Index j = 0; j < lp.num_columns; ++j) {
    for (Index i = 0; i < lp.num_rows; ++i) {
      const double value = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
      if (value == 0.0) continue;
      lp.row_indices.push_back(i);
      lp.values.push_back(value);
    }
    lp.column_starts.push_back(static_cast<Index>(lp.row_indices.size()));
  }
  return lp;
}

inline std::vector<CatalogueLp> LpCatalogue() {
  const double inf = kUnbounded;
  std::vector<CatalogueLp> catalogue;
  catalogue.push_back(
      {"wyndor",
       "Hillier & Lieberman, Introduction to Operations Research, sec. 3.1 (Wyndor Glass): max 3x1 "
       "+ 5x2 s.t. "
       "x1 <= 4, 2x2 <= 12, 3x1 + 2x2 <= 18; optimum 36 at (2, 6), shadow prices 0, 1.5, 1 (sec. "
       "4.7)",
       DenseLp(true, {3, 5}, {{1, 0}, {0, 2}, {3, 2}}, {-inf, -inf, -inf}, {4, 12, 18}),
       LpStatus::kOptimal,
       36.0,
       {2, 6},
       {0, 1.5, 1}});
  catalogue.push_back(
      {"giapetto",
       "Winston, Operations Research, sec. 3.1 (Giapetto's Woodcarving): max 3x1 + 2x2 s.t. 2x1 + "
       "x2 <= 100, "
       "x1 + x2 <= 80, x1 <= 40; optimum 180 at (20, 60); finishing and carpentry both bind: "
       "solving "
       "2y1 + y2 = 3, y1 + y2 = 2 gives duals 1, 1, and the demand row is slack (0)",
       DenseLp(true, {3, 2}, {{2, 1}, {1, 1}, {1, 0}}, {-inf, -inf, -inf}, {100, 80, 40}),
       LpStatus::kOptimal,
       180.0,
       {20, 60},
       {1, 1, 0}});
  catalogue.push_back(
      {"dakota",
       "Winston, Operations Research, sec. 6.3 (Dakota Furniture): max 60x1 + 30x2 + 20x3 s.t. "
       "lumber "
       "8x1 + 6x2 + x3 <= 48, finishing 4x1 + 2x2 + 1.5x3 <= 20, carpentry 2x1 + 1.5x2 + 0.5x3 <= "
       "8, "
       "x2 <= 5; optimum 280 at (2, 0, 8), shadow prices 0, 10, 10, 0",
       DenseLp(true, {60, 30, 20}, {{8, 6, 1}, {4, 2, 1.5}, {2, 1.5, 0.5}, {0, 1, 0}},
               {-inf, -inf, -inf, -inf}, {48, 20, 8, 5}),
       LpStatus::kOptimal,
       280.0,
       {2, 0, 8},
       {0, 10, 10, 0}});
  catalogue.push_back({"ranged_free",
                       "By hand: min x over a free column and the ranged row -1 <= x <= 2: the "
                       "optimum -1 sits on the row's "
                       "lower bound, whose dual is d(objective)/d(lower) = +1",
                       DenseLp(false, {1}, {{1}}, {-1}, {2}, {-inf}, {inf}),
                       LpStatus::kOptimal,
                       -1.0,
                       {-1},
                       {1}});
  catalogue.push_back({"equality_min",
                       "By hand: min 2x + 3y s.t. x + y = 4, x <= 3: x is cheaper, so x = 3, y = "
                       "1, objective 9; the equality's "
                       "dual is the cost of the marginal unit, y's 3; the bound x <= 3 is a column "
                       "bound, not a row",
                       DenseLp(false, {2, 3}, {{1, 1}}, {4}, {4}, {0, 0}, {3, inf}),
                       LpStatus::kOptimal,
                       9.0,
                       {3, 1},
                       {3}});
  catalogue.push_back({"infeasible",
                       "By hand: x + y >= 3 and x + y <= 2 cannot both hold",
                       DenseLp(false, {1, 1}, {{1, 1}, {1, 1}}, {3, -inf}, {inf, 2}),
                       LpStatus::kInfeasible,
                       0.0,
                       {},
                       {}});
  catalogue.push_back(
      {"unbounded",
       "By hand: max x s.t. x - y <= 1, x, y >= 0: x = 1 + y grows without bound with y",
       DenseLp(true, {1, 0}, {{1, -1}}, {-inf}, {1}),
       LpStatus::kUnbounded,
       0.0,
       {},
       {}});
  catalogue.push_back(
      {"presolve_mix",
       "By hand: min x0 + 2x1 + 3x2 - 2x3 + x4/4 s.t. r0: x0 + x1 + x2 + x3 >= 4, "
       "r1: 2x1 >= 2 (singleton), r2: -x2 >= -5 (singleton), r3: an empty row 0 <= 0 <= 1, "
       "r4: 1 <= x0 - x3 + x4 <= 3, 0 <= x <= 10, x3 <= 2, x4 fixed at 0.5. x2 only costs (0); "
       "x3 earns 2 per unit but each needs one more x0 (r4's lower bound, net -1), so x3 = 2; "
       "r4 then needs x0 >= 2.5, r1 needs x1 >= 1, and r0 (2.5 + 1 + 2 = 5.5 >= 4) is slack: "
       "x = (2.5, 1, 0, 2, 0.5), objective 2.5 + 2 - 4 + 0.125 = 0.625. Duals: x0 and x1 are "
       "strictly inside their boxes, so their reduced costs vanish: y4 = 1 (r4), 2 y1 = 2 (r1), "
       "y0 = y2 = 0 (slack); but the empty row r3 is at its lower bound with nothing to price, so "
       "any y3 >= 0 is optimal and the duals are not unique (left empty)",
       DenseLp(
           false, {1, 2, 3, -2, 0.25},
           {{1, 1, 1, 1, 0}, {0, 2, 0, 0, 0}, {0, 0, -1, 0, 0}, {0, 0, 0, 0, 0}, {1, 0, 0, -1, 1}},
           {4, 2, -5, 0, 1}, {inf, inf, inf, 1, 3}, {0, 0, 0, 0, 0.5}, {10, 10, 10, 2, 0.5}),
       LpStatus::kOptimal,
       0.625,
       {2.5, 1, 0, 2, 0.5},
       {}});
  catalogue.push_back({"singleton_conflict",
                       "By hand: the singleton rows x0 >= 3 and x0 <= 1 contradict each other "
                       "(0 <= x0 + x1 <= 10 aside)",
                       DenseLp(false, {1, 1}, {{1, 1}, {1, 0}, {1, 0}}, {0, 3, -inf}, {10, inf, 1}),
                       LpStatus::kInfeasible,
                       0.0,
                       {},
                       {}});
  catalogue.push_back(
      {"farkas_two_rows",
       "By hand: x0 + x1 >= 4, x0 + 2x1 <= 2, x0 - x1 <= 1, x >= 0: x0 + x1 <= x0 + 2x1 <= 2 < 4 "
       "(the Farkas certificate y = (1, -1, 0): 1*4 - 1*2 = 2 > 0 with -A'y = (0, 1) >= 0 "
       "absorbed by x >= 0); no row is a singleton, so presolve cannot see it",
       DenseLp(false, {1, 1}, {{1, 1}, {1, 2}, {1, -1}}, {4, -inf, -inf}, {inf, 2, 1}),
       LpStatus::kInfeasible,
       0.0,
       {},
       {}});
  catalogue.push_back(
      {"short_transport",
       "By hand: a transportation problem whose supplies 3 + 4 fall short of the demands 5 + 4 "
       "(equality rows): adding the demand rows gives sum x = 9, adding the supply rows "
       "sum x <= 7 (certificate y = (-1, -1, 1, 1))",
       DenseLp(false, {1, 2, 3, 1}, {{1, 1, 0, 0}, {0, 0, 1, 1}, {1, 0, 1, 0}, {0, 1, 0, 1}},
               {-inf, -inf, 5, 4}, {3, 4, 5, 4}),
       LpStatus::kInfeasible,
       0.0,
       {},
       {}});
  catalogue.push_back(
      {"unbounded_ray",
       "By hand: max x0 + x1 s.t. x0 - x1 <= 1, -x0 + 0.5x1 <= 4, x0 + x1 >= 1, x >= 0: (1, 0) is "
       "feasible and the ray (1, 1) keeps every row (A(1, 1) = (0, -0.5, 2)) while the objective "
       "grows by 2 per unit",
       DenseLp(true, {1, 1}, {{1, -1}, {-1, 0.5}, {1, 1}}, {-inf, -inf, 1}, {1, 4, inf}),
       LpStatus::kUnbounded,
       0.0,
       {},
       {}});
  return catalogue;
}

// The catalogue entry called `name` (an entry with an empty name when there is none).
inline CatalogueLp CatalogueEntry(const std::string& name) {
  for (CatalogueLp& entry : LpCatalogue()) {
    if (entry.name == name) return std::move(entry);
  }
  return CatalogueLp{};
}

}  // namespace gosplan::testing
