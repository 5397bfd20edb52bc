// Trivial presolve for the first-order solver, undone exactly (primal and dual) afterwards.
//
// Reductions, repeated until nothing changes (at most 20 passes):
//  - a column with lower == upper is fixed: its value moves into the row bounds and the objective
//  offset;
//  - a row with no remaining entries is dropped (kInfeasible when 0 is outside its bounds);
//  - a free row (both bounds infinite) is dropped;
//  - a row with one remaining entry a·x_j ∈ [l, u] becomes bounds on x_j (tightening only); the row
//  that
//    gave x_j its current lower/upper bound is remembered, so its dual can be recovered.
// Postsolve, in reverse order of the reductions: a singleton row that supplied the active bound of
// its column takes that column's reduced cost λ_j = c_j − Σ a_ij y_i as y_row = λ_j / a; every
// other removed row has dual 0. Reduced costs are then c − Aᵀy over the original matrix.
#pragma once

#include <string>
#include <vector>

#include "pdlp/minimisation_lp.h"

namespace gosplan::pdlp {

class Presolver {
 public:
  // Reduces `lp` (kept by reference for postsolve; it must outlive the Presolver).
  explicit Presolver(const MinimisationLp& lp);

  bool infeasible() const { return infeasible_; }
  const std::string& infeasibility_reason() const { return reason_; }
  const MinimisationLp& reduced() const { return reduced_; }
  // reduced() row / column k is the original's kept_rows()[k] / kept_columns()[k] (warm_start.cc).
  const std::vector<Index>& kept_rows() const { return kept_rows_; }
  const std::vector<Index>& kept_columns() const { return kept_columns_; }

  // From a solution of reduced() to one of the original: x (columns), y (row duals, minimisation
  // convention ∂objective/∂bound).
  void Postsolve(const std::vector<double>& reduced_x, const std::vector<double>& reduced_y,
                 std::vector<double>* x, std::vector<double>* y) const;

 private:
  friend struct PostsolveRecordAccess;  // src/partition/postsolve_record.cc: Postsolve without the
                                        // LP
  struct Step {
    enum Kind { kFixColumn, kSingletonRow } kind;
    Index row = -1;     // singleton row
    Index column = -1;  // fixed column, or the singleton row's column
    double coefficient = 0.0;
  };

  const MinimisationLp& original_;
  MinimisationLp reduced_;
  std::vector<Index> kept_rows_, kept_columns_;      // reduced → original
  std::vector<double> column_lower_, column_upper_;  // after tightening (original indices)
  std::vector<Index> lower_from_row_,
      upper_from_row_;  // the singleton row that set the bound, or −1
  std::vector<double> fixed_value_;
  std::vector<char> column_fixed_;
  std::vector<Step> steps_;
  bool infeasible_ = false;
  std::string reason_;
};

}  // namespace gosplan::pdlp
