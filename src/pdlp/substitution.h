// Second presolve stage for the first-order solver (issue 16), run on the trivial presolve's
// reduced LP (presolve.h) and undone exactly, primal and dual, before that one's postsolve.
//
// Two reductions, in the minimisation form l_r ≤ a_rᵀx ≤ u_r, l ≤ x ≤ u, minimise cᵀx:
//
//  - Dual fixing. A column j with c_j ≥ 0 and finite l_j, every entry of which only moves its row
//    away from a missing bound when x_j decreases (a_ij > 0 only in rows without a lower bound,
//    a_ij < 0 only in rows without an upper bound), is fixed at l_j: lowering x_j never costs and
//    never makes a row infeasible. Symmetrically c_j ≤ 0 at a finite u_j. Its reduced cost
//    c_j − Σ a_ij y_i then has the right sign for every sign-feasible y, so no dual changes.
//  - Implied-free column substitution. In an equality row r, a_rᵀx = b, a column j whose bounds
//    are implied by the row and the (explicit) bounds of the row's other columns is substituted
//    out: x_j = (b − Σ_{k≠j} a_rk x_k)/a_rj. Every other row i of column j becomes
//    a_i − (a_ij/a_rj)·a_r with bounds shifted by −(a_ij/a_rj)·b, the costs of row r's columns
//    become c_k − c_j a_rk/a_rj, the offset grows by c_j b/a_rj; row r and column j go. The
//    columns whose bounds implied j's are marked: they are never substituted later (their bounds
//    must stay explicit). Only when the substitution adds no non-zeros (fill ≤ the row's and
//    column's entries removed) and |a_rj| ≥ 0.1 · max_k |a_rk| (a stable pivot).
//    On the plan LPs this removes the capital-stock equations K_t = (1−δ)K_{t−1} + a_{t−1}
//    (stock rows and K columns, a third of both); docs/pdlp.md.
//
// Postsolve, in reverse order of the substitutions, with the row and column as they were when
// column j went (so every column and row they name is kept or was removed later, hence already
// restored):
//   x_j = (b − Σ_{k≠j} a_rk x_k)/a_rj;   y_r = (c_j − Σ_{i≠r} a_ij y_i)/a_rj
// (j is implied free, so its reduced cost is 0 at an optimum), fixed columns at their value; the
// other rows' duals and the other columns' values are the reduced LP's.
#pragma once

#include <vector>

#include "pdlp/minimisation_lp.h"

namespace gosplan::pdlp {

class Substitution {
 public:
  explicit Substitution(const MinimisationLp& lp);

  const MinimisationLp& reduced() const { return reduced_; }
  // reduced() row / column k is the input's kept_rows()[k] / kept_columns()[k].
  const std::vector<Index>& kept_rows() const { return kept_rows_; }
  const std::vector<Index>& kept_columns() const { return kept_columns_; }
  Index fixed_columns() const { return fixed_count_; }
  Index substituted_columns() const { return static_cast<Index>(steps_.size()); }

  // From a point (x, y) of reduced() to one of the input LP (y: minimisation duals).
  void Postsolve(const std::vector<double>& reduced_x, const std::vector<double>& reduced_y,
                 std::vector<double>* x, std::vector<double>* y) const;

 private:
  struct Entry {
    Index index;  // column (in a row) or row (in a column)
    double value;
  };
  struct Step {
    Index row, column;
    double pivot, rhs, cost;
    std::vector<Entry> row_entries;     // (k, a_rk), k ≠ j, at the time
    std::vector<Entry> column_entries;  // (i, a_ij), i ≠ r, at the time
  };

  Index num_rows_ = 0, num_columns_ = 0;
  MinimisationLp reduced_;
  std::vector<Index> kept_rows_, kept_columns_;
  std::vector<char> column_fixed_;
  std::vector<double> fixed_value_;
  Index fixed_count_ = 0;
  std::vector<Step> steps_;
};

}  // namespace gosplan::pdlp
