// The solution's measures on the original LP, by slices (docs/distributed.md, "Partitioned LPs"):
// what pdlp::CompleteSolution computes on rank 0 from the whole LP, computed instead by the ranks
// of a partitioned solve, each from its slice of the LP (partition/original_slice.h: its columns
// in CSC form with their objective and bounds, and its rows' bounds).
//
// With M the LP's matrix, s = −1 for a maximisation and 1 otherwise, x the LP's columns and y the
// minimisation's duals (the postsolved point):
//   row duals        d_i = s y_i                          (LpSolution's convention)
//   reduced costs    r_j = c_j − Σ_i m_ij d_i              (each rank, its columns)
//   activities       a_i = Σ_j m_ij x_j                    (a chain through the ranks, below)
//   objective        cᵀx + offset
//   max violation    max over bounds and rows of the amount by which x or a leaves them
//   relative primal residual, dual residual and gap        (ComputeRelativeMeasures' formulas)
// Every sum runs in the serial solver's order, so the result is CompleteSolution's, bit for bit,
// for any P (and so deterministic): the column sums (r_j, Mᵀd) are each within one rank; the
// activities are summed over j ascending, which a chain keeps — rank 0 adds its columns' terms to
// zeros, sends the m-vector to rank 1, which adds its own, ..., and the last rank sends a to rank
// 0; the scalar sums (objective, residuals, norms) travel the same chain, rows before columns, as
// ComputeRelativeMeasures adds them. The chain is sequential: O(nnz) work in all, as on rank 0
// before, but P − 1 messages of 8m bytes in a row (see "Not yet" in docs/distributed.md).
//
// Messages: d (8m bytes) broadcast from rank 0; x scattered by column slices; the activity chain;
// a scattered back by row slices; r gathered to rank 0; nine scalars along the chain; one MAX.
// What rank 0 holds beyond its slice: x, d, a and r whole — the report's vectors.
#pragma once

#include <mpi.h>

#include <vector>

#include "gosplan/linear_program.h"
#include "gosplan/status.h"
#include "partition/original_slice.h"

namespace gosplan::distributed {

// Collective. `mine` is consumed (its arrays are freed, or converted in place, as they are used).
// `row_start` and `column_start` are every rank's original-slice ranges (P + 1 each).
// On rank 0, `x` (the LP's columns) and `y` (the minimisation's row duals) are the whole
// postsolved point, and `solution` receives column_values, row_duals, row_activities,
// reduced_costs, objective, max_primal_violation and the relative measures; on the other ranks
// x and y are empty and `solution` is not touched. The same Status on every rank.
Status MeasureBySlices(partition::OriginalSlice mine, const std::vector<long long>& row_start,
                       const std::vector<long long>& column_start, bool maximize, double offset,
                       std::vector<double> x, std::vector<double> y, LpSolution* solution,
                       MPI_Comm comm);

}  // namespace gosplan::distributed
