// Large sparse matrices and vectors on disk: Matrix Market coordinate files and plain vector files.
//
// Matrix Market (NIST, "coordinate real general"): a header line
//     %%MatrixMarket matrix coordinate real general
// ('integer' is accepted for the field, 'general' is the only symmetry), '%' comment lines, a size
// line `rows cols entries`, then `entries` lines `i j value` with 1-based i (row) and j (column).
// Repeated (i, j) pairs are summed (the usual reading of assembled matrices). The values must be
// finite.
//
// Vector files: one number per line (blank lines and lines starting with '%' or '#' are skipped),
// exactly as many numbers as the vector has entries.
//
// The in-memory form is compressed sparse column (CSC) with 64-bit column offsets and 32-bit row
// indices: 12 bytes per non-zero instead of 16 with 64-bit indices — the matrix is read ~100 times
// per solve, so index bytes are time. 32-bit row indices limit n to 2^31 − 1 (the reader refuses
// larger dimensions). The same arrays are, read row-wise, A^T in CSR: products with A (scatter) and
// A^T (gather) both use them, so no transposed copy is ever built.
//
// Reading streams the file through a fixed 4 MiB buffer (the file is never held whole in memory).
// Memory is reserved from the declared sizes only after they are checked against the file's size:
// every entry needs at least 6 bytes ("1 1 0\n") and each dimension may be at most max(2^20, 4 ×
// file bytes), so a 100-byte file cannot make gosplan allocate gigabytes. Files whose entries are
// sorted by column (as `gosplan generate
// --matrix-market` and scipy's mmwrite of a CSC matrix write them) are assembled in one pass with
// no extra memory; unsorted files cost 4 more bytes per entry and a counting sort.
//
// Errors are kInvalidInput with file:line:column (column = 1-based byte position of the offending
// token); problems in entry lines are all collected (up to MatrixMarketOptions::max_diagnostics).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "gosplan/status.h"

namespace gosplan {

// A sparse matrix in compressed sparse column form. Entries of column j are at positions
// column_start[j] .. column_start[j+1]-1 of row_index / value (row order within a column is
// unspecified; repeated rows within a column are allowed and mean their sum).
struct CscMatrix {
  Index rows = 0;
  Index cols = 0;
  std::vector<Index> column_start;      // cols + 1 offsets, column_start[0] = 0
  std::vector<std::int32_t> row_index;  // 0-based rows, < 2^31
  std::vector<double> value;

  Index nonzeros() const { return static_cast<Index>(value.size()); }
  // Bytes of the three arrays (what one pass over the matrix reads).
  std::uint64_t bytes() const {
    return column_start.size() * sizeof(Index) + row_index.size() * sizeof(std::int32_t) +
           value.size() * sizeof(double);
  }
};

struct MatrixMarketOptions {
  std::uint64_t max_file_bytes = std::uint64_t{64} << 30;  // larger files are refused (bytes)
  std::size_t max_diagnostics = 100;  // entry problems collected before giving up
  bool require_non_negative = false;  // refuse negative values (Leontief coefficients are ≥ 0)
  bool require_square = false;        // refuse rows ≠ cols

  // Both caps ≥ 1; otherwise false with the field, its value and the rule in *error.
  bool IsValid(std::string* error = nullptr) const;
};

// Reads a Matrix Market coordinate file (see above). Cost: one streaming pass, O(file bytes) time,
// 12 bytes per entry plus 8 per column of memory (16 per entry when the entries are not sorted by
// column).
Result<CscMatrix> ReadMatrixMarket(const std::string& path,
                                   const MatrixMarketOptions& options = {});

// Reads a vector of exactly `size` numbers, one per line (finite; `require_non_negative` as above).
Result<Eigen::VectorXd> ReadVectorFile(const std::string& path, Index size,
                                       const MatrixMarketOptions& options = {});

}  // namespace gosplan
