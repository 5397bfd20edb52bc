// One rank's share of a Matrix Market coordinate file (gosplan/matrix_market.h's format), read in
// parallel: the entry lines are split into `ranks` byte ranges of equal size and rank r parses the
// lines that START in range r, so every line is read by exactly one rank and the file is read once
// in all. The entries come back with their global 0-based row and column, in file order; where
// they go (which rank owns their row) is the caller's business (PETSc's COO assembly).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gosplan/status.h"

namespace gosplan::distributed {

struct MatrixMarketSlice {
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  std::int64_t declared_entries = 0;  // from the size line (the whole file)
  std::vector<std::int32_t> row;      // 0-based
  std::vector<std::int32_t> col;      // 0-based
  std::vector<double> value;
};

// Every rank reads the header and the size line (the same checks as ReadMatrixMarket: "coordinate",
// field real or integer, symmetry general, dimensions ≥ 1 and < 2^31, square, each entry in range,
// finite and ≥ 0). Whether the slices add up to the declared entry count is for the caller to
// check (a sum over ranks). Errors: kInvalidInput with file:line:column (the line counted only when
// an error is found); at most `max_diagnostics` per rank.
Result<MatrixMarketSlice> ReadMatrixMarketSlice(const std::string& path, int rank, int ranks,
                                                std::size_t max_diagnostics = 20);

}  // namespace gosplan::distributed
