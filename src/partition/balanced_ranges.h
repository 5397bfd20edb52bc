// How a sparse matrix's rows (or columns) are split over P processes: one home for the rule that
// the PETSc backend's scatter (src/distributed/pdlp_petsc.cc) and `gosplan partition`
// (lp_partition.h) both use, so that a partitioned LP is cut exactly where the scatter cuts it.
//
// Rule: [0, count) is cut into `parts` contiguous ranges of about equal weight, the weight of
// index k being 1 + its entries (starts[k + 1] − starts[k]), so that a rank holds about the same
// work for its rows and its entries. start[p] is the first index at which the prefix weight
// reaches p / parts of the total; an index is never split, so one very long row bounds the balance.
#pragma once

#include <vector>

#include "gosplan/types.h"

namespace gosplan::partition {

// `starts`: CSR/CSC offsets of size count + 1 (or empty: weight 1 each). Returns parts + 1 range
// boundaries, start[0] = 0 and start[parts] = count.
std::vector<long long> BalancedRanges(long long count, int parts, const std::vector<Index>& starts);

}  // namespace gosplan::partition
