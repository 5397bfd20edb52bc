// A single-precision copy of a sparse matrix for the PDHG iteration's products (docs/pdlp.md,
// "Single-precision products"): values as float32 and indices as int32, 8 bytes per non-zero
// instead of 16, since the two products per iteration are bound by memory traffic. The iterates,
// the accumulation of each dot product and every reduction stay in double; only the matrix
// entries are rounded (relative error ≤ 2⁻²⁴ ≈ 6·10⁻⁸ each), so a product differs from the double
// one by at most 6·10⁻⁸·Σ_k |a_k x_k| per element. The checks recompute their products with the
// double matrix (LpKernels::ExactMatVec), so every measured and reported residual is exact.
//
// Determinism: out[i] is one thread's sum over the compressed vector i in storage order, as in
// LpKernels' double gather: bit-identical for every thread count.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "pdlp/lp_kernels.h"

namespace gosplan::pdlp {

struct CompactMatrix {
  Index num_rows = 0;     // of the compressed vectors' entries (the output length is num_columns)
  Index num_columns = 0;  // compressed vectors (CSC columns, or CSR rows of the transpose)
  std::vector<std::int32_t> starts;
  std::vector<std::int32_t> indices;
  std::vector<float> values;
};

// The compact copy, or nothing when an index or the non-zero count does not fit int32.
std::optional<CompactMatrix> MakeCompact(const CscMatrix& matrix);

// out[j] = Σ_k double(values[k]) · x[indices[k]] over compressed vector j, with `threads` threads.
// The float32 x of the second form (the Halpern step's copy of x̂) halves the bytes of the vector
// the gathers hit at random: its rounding adds at most another 6·10⁻⁸·Σ_k |a_k x_k| per element.
void CompactGather(const CompactMatrix& matrix, std::span<const double> x, std::span<double> out,
                   int threads);
void CompactGather(const CompactMatrix& matrix, std::span<const float> x, std::span<double> out,
                   int threads);

}  // namespace gosplan::pdlp
