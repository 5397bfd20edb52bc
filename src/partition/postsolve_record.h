// The postsolve record of a partitioned LP (`gosplan partition` writes DIR/postsolve.bin,
// docs/distributed.md "Partitioned LPs"): what undoing PDLP's presolve (src/pdlp/presolve.h) needs,
// without the LP. Rank 0 of `gosplan lp DIR` / `plan --partitioned DIR` reads it instead of
// rebuilding the minimisation copy of the LP and re-running the presolve (two more LP-sized copies
// of the matrix).
//
// The presolve fixes columns and turns singleton rows into column bounds. Its postsolve
// (presolve.h)
//   x_j = reduced x of column j's place, or its fixed value;   y_i = reduced y of row i's place, or
//   0; then, for the singleton rows in reverse order of their removal: when row i (a·x_j ∈ [l, u])
//   gave column j its active bound (λ_j = c_j − Σ_k a_kj y_k > 0 at the lower bound it set, < 0 at
//   the upper), y_i = λ_j / a.
// So the record holds, in the minimisation LP's indices and numbers (pdlp/minimisation_lp.h):
//   the kept rows and columns (reduced → original), the fixed columns and their values, the reduced
//   problem's column bounds (FinishPdlp clamps the unscaled x to them), and for each singleton row
//   that set one of its column's final bounds — the only ones whose dual can be non-zero — the row,
//   the column, a, which bound(s) it set, c_j and column j's entries (k, a_kj). O(rows + columns +
//   the entries of those columns): for the plan LPs a few bytes per row and column.
//
// postsolve.bin, little-endian: "GSLPPOST", u32 version (1), u32 0, then i64 counts — rows,
// columns (the LP's), kept_rows, kept_columns, fixed, restores, restore_entries — then
//   i64 kept_rows[], i64 kept_columns[], f64 reduced_column_lower[kept_columns],
//   f64 reduced_column_upper[kept_columns], i64 fixed_columns[fixed], f64 fixed_values[fixed],
//   per restore: i64 row, i64 column, i64 bound_flags (1: lower, 2: upper), i64 entry_end
//   (cumulative), f64 coefficient, f64 objective — as restores × 6 words —,
//   i64 entry_rows[restore_entries], f64 entry_values[restore_entries].
// Its size and FNV-1a 64 are in the manifest (`postsolve bytes N checksum HEX16`).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gosplan/status.h"
#include "pdlp/minimisation_lp.h"
#include "pdlp/presolve.h"

namespace gosplan::partition {

struct PostsolveRecord {
  long long rows = 0, columns = 0;  // the original LP's
  std::vector<long long> kept_rows, kept_columns;
  std::vector<double> reduced_column_lower, reduced_column_upper;  // per kept column
  std::vector<long long> fixed_columns;
  std::vector<double> fixed_values;
  struct Restore {
    long long row = 0, column = 0;
    long long bound_flags = 0;  // 1: the row set the column's lower bound, 2: its upper, 3: both
    long long entry_end = 0;    // its column's entries are entry_rows/values[previous end, this)
    double coefficient = 0.0, objective = 0.0;
  };
  std::vector<Restore> restores;  // in the presolve's order
  std::vector<long long> entry_rows;
  std::vector<double> entry_values;
};

// The record of `presolver` (null: no presolve, every row and column kept) on `original`.
PostsolveRecord RecordOf(const pdlp::MinimisationLp& original, const pdlp::Presolver* presolver);

// From a point of the reduced problem to one of the original: exactly Presolver::Postsolve.
void Postsolve(const PostsolveRecord& record, const std::vector<double>& reduced_x,
               const std::vector<double>& reduced_y, std::vector<double>* x,
               std::vector<double>* y);

// The file's bytes (format above).
std::string PostsolveRecordBytes(const PostsolveRecord& record);

// DIR/postsolve.bin (`path`), checked against the manifest's `bytes` and `checksum`, then its
// structure (indices in range and ascending, counts consistent): kInvalidInput naming the file and
// what was wrong.
Result<PostsolveRecord> ReadPostsolveRecord(const std::string& path, long long bytes,
                                            std::uint64_t checksum);

}  // namespace gosplan::partition
