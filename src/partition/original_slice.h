// The original LP by slices (partition format 3, docs/distributed.md "Partitioned LPs"): besides
// its rows of the scaled, presolved K (part-R.bin), rank R of a partitioned solve holds its slice
// of the LP as the user gave it — unscaled, unpresolved, with the rows and columns presolve
// removed — so that the solution's measures on that LP (row activities, reduced costs, objective,
// largest violation, relative residuals and gap: pdlp::CompleteSolution's) are computed by the
// ranks together (src/distributed/sliced_measures.h) instead of on rank 0 from the whole LP.
//
// The slice of rank R: the LP's columns [column_begin, column_end) in CSC form (the LP's own
// layout, so that a column's sums run in the serial solver's order) with their objective and
// bounds, and the LP's rows [row_begin, row_end) — only their bounds: the matrix is held by
// columns. The column ranges are BalancedRanges over the LP's column starts (1 + entries each);
// the row ranges split the rows equally (a row holds two numbers here).
//
// original-R.bin, little-endian: a 64-byte header — the 8 bytes "GSLPORIG", u32 format version
// (kLpPartitionVersion), u32 R, i64 row_begin, row_end, column_begin, column_end, entry_begin,
// entry_end — then, with m rows, n columns and e entries:
//   i64 column_offsets[n + 1]   the columns' CSC offsets, from 0
//   i64 row_index[e]            global row of each entry (the LP's order within a column)
//   f64 value[e]                the LP's coefficients
//   f64 objective[n], column_lower[n], column_upper[n]      as in the LP (maximisation not negated,
//   f64 row_lower[m], row_upper[m]                          missing bounds as the LP holds them)
// Size 64 + 8(n + 1) + 16e + 24n + 16m bytes; its size and FNV-1a 64 are the manifest's `original`
// line of rank R.
#pragma once

#include <string>
#include <vector>

#include "gosplan/linear_program.h"
#include "gosplan/status.h"
#include "partition/lp_partition.h"

namespace gosplan::partition {

struct OriginalSlice {
  long long row_begin = 0, row_end = 0, column_begin = 0, column_end = 0;
  std::vector<long long> column_offsets, row_index;
  std::vector<double> values;
  std::vector<double> objective, column_lower, column_upper;
  std::vector<double> row_lower, row_upper;
};

// The bytes of an original slice with these ranges (the format above).
long long OriginalSliceBytes(const LpPartitionPart& range);

// "DIR/original-R.bin".
std::string OriginalSlicePath(const std::string& folder, int rank);

// Rank `rank`'s ranges of `lp` cut into `ranks` slices (rows, columns, entries; bytes set, no
// checksum).
std::vector<LpPartitionPart> OriginalRanges(const LinearProgram& lp, int ranks);

// Writes `range` of `lp` as original-R.bin at `path`; sets range->checksum.
Status WriteOriginalSlice(const LinearProgram& lp, int rank, const std::string& path,
                          LpPartitionPart* range);

// DIR/original-R.bin checked against the manifest (size, header, checksum; then rising offsets and
// rows in [0, lp_rows)): kInvalidInput naming the file and what was wrong. Read straight into the
// slice's arrays. With `keep` false the file's size, header and checksum are checked through a
// 1 MB buffer (nothing of it kept: the check before the iteration) and the result is empty.
Result<OriginalSlice> ReadOriginalSlice(const std::string& folder,
                                        const LpPartitionManifest& manifest, int rank, bool keep);

}  // namespace gosplan::partition
