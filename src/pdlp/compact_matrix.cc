#include "pdlp/compact_matrix.h"

namespace gosplan::pdlp {

std::optional<CompactMatrix> MakeCompact(const CscMatrix& matrix) {
  constexpr Index kLimit = std::numeric_limits<std::int32_t>::max();
  if (matrix.num_rows > kLimit || matrix.num_columns > kLimit || matrix.num_nonzeros() > kLimit) {
    return std::nullopt;
  }
  CompactMatrix compact;
  compact.num_rows = matrix.num_rows;
  compact.num_columns = matrix.num_columns;
  compact.starts.assign(matrix.starts.begin(), matrix.starts.end());
  compact.indices.assign(matrix.indices.begin(), matrix.indices.end());
  compact.values.resize(matrix.values.size());
  for (std::size_t k = 0; k < matrix.values.size(); ++k) {
    compact.values[k] = static_cast<float>(matrix.values[k]);
  }
  return compact;
}

namespace {

template <typename Input>
void Gather(const CompactMatrix& matrix, const Input* input, std::span<double> out, int threads) {
  const Index n = matrix.num_columns;
  const std::int32_t* starts = matrix.starts.data();
  const std::int32_t* indices = matrix.indices.data();
  const float* values = matrix.values.data();
  double* output = out.data();
  const bool parallel =
      static_cast<Index>(matrix.values.size()) + n > LpKernels::kParallelThreshold;
#pragma omp parallel for schedule(static, 512) num_threads(threads) if (parallel)
  for (Index j = 0; j < n; ++j) {
    double sum = 0.0;
    for (std::int32_t k = starts[j]; k < starts[j + 1]; ++k) {
      sum += static_cast<double>(values[k]) * static_cast<double>(input[indices[k]]);
    }
    output[j] = sum;
  }
}

}  // namespace

void CompactGather(const CompactMatrix& matrix, std::span<const double> x, std::span<double> out,
                   int threads) {
  Gather(matrix, x.data(), out, threads);
}

void CompactGather(const CompactMatrix& matrix, std::span<const float> x, std::span<double> out,
                   int threads) {
  Gather(matrix, x.data(), out, threads);
}

}  // namespace gosplan::pdlp
