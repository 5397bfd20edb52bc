// A partitioned LP (`gosplan partition`, docs/distributed.md "Partitioned LPs"): the scaled problem
// that PDLP's iterations run on — after the serial solver's own presolve and Ruiz/Pock–Chambolle
// scaling (src/pdlp/pdlp_stages.h, StartPdlp) — cut into P parts, one per MPI rank, so that
// `mpirun -n P gosplan lp DIR --backend petsc` lets every rank read only its rows of K instead of
// rank 0 reading, presolving and scaling the whole LP and scattering it.
//
// The scaled problem: minimise c̃ᵀx̃ + offset subject to l̃_r ≤ K x̃ ≤ ũ_r, l̃_c ≤ x̃ ≤ ũ_c, with
// K = D_r A' D_c (A' the presolved constraint matrix, D_r and D_c the diagonal row and column
// scales); the unscaled point is x = D_c x̃, y = D_r ỹ. Rank r owns rows [row_begin, row_end) of K
// and of every per-row vector, and columns [column_begin, column_end) of every per-column vector;
// the ranges are those of the PETSc scatter (balanced_ranges.h), so both paths do the same
// arithmetic.
//
// DIR holds:
//   manifest.txt   text, one "key value..." per line (format below, WriteLpPartition);
//   part-R.bin     for each rank R in 0..P−1, little-endian (x86-64 and arm64 order; a big-endian
//                  host refuses): a 64-byte header — the 8 bytes "GSLPPART", u32 format version
//                  (2), u32 R, then i64 row_begin, row_end, column_begin, column_end, entry_begin,
//                  entry_end — and then, with m = row_end − row_begin, n = column_end −
//                  column_begin, e = entry_end − entry_begin:
//                    i64 row_offsets[m + 1]   K's CSR offsets of the rank's rows, from 0
//                    i64 column_index[e]      global column of each entry (ascending in a row)
//                    f64 value[e]             K's entries
//                    f64 row_lower[m], row_upper[m], row_scale[m]              l̃_r, ũ_r, D_r
//                    f64 objective[n], column_lower[n], column_upper[n], column_scale[n]
//                                                                              c̃, l̃_c, ũ_c, D_c
//                  (±∞ bounds as IEEE infinities). Its size and FNV-1a 64 checksum are in the
//                  manifest, so a truncated or damaged part is found before it is used.
//   postsolve.bin  the presolve's record (postsolve_record.h): what undoing the presolve needs,
//                  O(rows + columns); rank 0 reads it instead of re-running the presolve.
//   original-R.bin for each rank R, its slice of the LP as given (original_slice.h): the solution's
//                  measures on that LP are computed by slices (src/distributed/sliced_measures.h).
// Rank 0 still rebuilds the LP from its source (the MPS file or the model folder, named in the
// manifest) for the report; the manifest's checksum of the LP's numbers tells it whether it
// rebuilt the LP that was partitioned.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gosplan/linear_program.h"
#include "gosplan/pdlp.h"
#include "gosplan/status.h"

namespace gosplan::partition {

// 3: with original-R.bin (original_slice.h); 2 had none (rank 0 measured on the whole LP); 1 had
// no postsolve.bin either (rank 0 re-ran the presolve).
inline constexpr int kLpPartitionVersion = 3;

// FNV-1a 64 of the LP's numbers (sizes, sense, objective and offset, bounds, the CSC matrix), not
// of its names: the plan LP is built with names for `partition` and without for the solve.
std::uint64_t LpChecksum(const LinearProgram& lp);

struct LpPartitionPart {
  long long row_begin = 0, row_end = 0, column_begin = 0, column_end = 0, entry_begin = 0,
            entry_end = 0;
  long long bytes = 0;         // the file's size
  std::uint64_t checksum = 0;  // FNV-1a 64 of the whole file
};

struct LpPartitionManifest {
  int version = kLpPartitionVersion;
  std::string source_kind;  // "mps" or "model"
  std::string source_path;  // as given to `gosplan partition`, made absolute
  std::uint64_t lp_checksum = 0;
  long long lp_rows = 0, lp_columns = 0, lp_nonzeros = 0;  // the LP as built (before presolve)
  bool lp_maximize = false;                                // the LP's sense and objective offset,
  double lp_offset = 0.0;                                  // for the measures by slices
  bool presolve = true;                                    // PdlpOptions::presolve
  int ruiz_iterations = 0;                                 // PdlpOptions::ruiz_iterations
  int ranks = 0;
  long long rows = 0, columns = 0, nonzeros = 0;  // K (after presolve)
  // ScaledLp's scalars (written as hexadecimal floating point: exact).
  double offset = 0.0, objective_norm = 0.0, bound_norm = 0.0, initial_step_size = 0.0,
         initial_primal_weight = 0.0;
  std::vector<LpPartitionPart> parts;      // one per rank
  std::vector<LpPartitionPart> originals;  // one per rank: its slice of the LP (original-R.bin)
  long long postsolve_bytes = 0;           // DIR/postsolve.bin's size
  std::uint64_t postsolve_checksum = 0;    // and FNV-1a 64
};

// One rank's part as read from its file.
struct LpPartitionSlice {
  std::vector<long long> row_offsets, column_index;
  std::vector<double> values;
  std::vector<double> row_lower, row_upper, row_scale;
  std::vector<double> objective, column_lower, column_upper, column_scale;
};

struct LpPartitionSummary {
  bool presolve_infeasible = false;  // nothing written: presolve proved the LP infeasible
  std::string infeasibility_reason;
  LpPartitionManifest manifest;
};

// Presolves and scales `lp` exactly as SolveWithPdlp would with `options` (presolve,
// ruiz_iterations, threads) and writes DIR (`folder`) atomically: it appears complete or not at all
// (util::StagedFolder); an existing folder is replaced only with `overwrite`. `source_kind` and
// `source_path` go to the manifest. When presolve proves the LP infeasible nothing is written and
// summary->presolve_infeasible says so. Errors: kInvalidArgument (ranks < 1, options),
// kInvalidInput (the LP), kInternal (writing).
Status WriteLpPartition(const LinearProgram& lp, const PdlpOptions& options, int ranks,
                        const std::string& source_kind, const std::string& source_path,
                        const std::string& folder, bool overwrite, LpPartitionSummary* summary);

// DIR/manifest.txt, checked (kInvalidInput naming the file, line and what was expected).
Result<LpPartitionManifest> ReadLpPartitionManifest(const std::string& folder);

// DIR/part-R.bin for R = `rank`, checked against the manifest — its size, checksum, header, and
// that its CSR offsets rise from 0 to its entries and its column indices lie in [0, columns) —
// kInvalidInput naming the file and what was wrong.
Result<LpPartitionSlice> ReadLpPartitionPart(const std::string& folder,
                                             const LpPartitionManifest& manifest, int rank);

// "DIR/postsolve.bin".
std::string PostsolveRecordPath(const std::string& folder);

// "DIR/part-R.bin".
std::string LpPartitionPartPath(const std::string& folder, int rank);

}  // namespace gosplan::partition
