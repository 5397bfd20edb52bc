#include "pdlp/lp_kernels.h"

#include <omp.h>

#include <cassert>
#include <cmath>
#include <utility>

#include "pdlp/compact_matrix.h"

namespace gosplan::pdlp {

CscMatrix Transpose(const CscMatrix& matrix) {
  CscMatrix result;
  result.num_rows = matrix.num_columns;
  result.num_columns = matrix.num_rows;
  const Index nnz = matrix.num_nonzeros();
  result.starts.assign(static_cast<std::size_t>(matrix.num_rows + 1), 0);
  for (Index k = 0; k < nnz; ++k) ++result.starts[matrix.indices[k] + 1];
  for (Index i = 0; i < matrix.num_rows; ++i) result.starts[i + 1] += result.starts[i];
  result.indices.resize(static_cast<std::size_t>(nnz));
  result.values.resize(static_cast<std::size_t>(nnz));
  std::vector<Index> next(result.starts.begin(), result.starts.end() - 1);
  // Columns in ascending order, so each row's entries come out with ascending column indices.
  for (Index j = 0; j < matrix.num_columns; ++j) {
    for (Index k = matrix.starts[j]; k < matrix.starts[j + 1]; ++k) {
      const Index position = next[matrix.indices[k]]++;
      result.indices[position] = j;
      result.values[position] = matrix.values[k];
    }
  }
  return result;
}

LpKernels::LpKernels(CscMatrix matrix, int threads) : by_column_(std::move(matrix)) {
  if (by_column_.starts.empty())
    by_column_.starts.assign(static_cast<std::size_t>(by_column_.num_columns + 1), 0);
  by_row_ = Transpose(by_column_);
  threads_ = threads > 0 ? threads : omp_get_max_threads();
}

LpKernels::LpKernels(CscMatrix matrix, CscMatrix transposed, int threads)
    : by_column_(std::move(matrix)), by_row_(std::move(transposed)) {
  if (by_column_.starts.empty())
    by_column_.starts.assign(static_cast<std::size_t>(by_column_.num_columns + 1), 0);
  assert(by_row_.num_rows == by_column_.num_columns && by_row_.num_columns == by_column_.num_rows &&
         by_row_.num_nonzeros() == by_column_.num_nonzeros());
  threads_ = threads > 0 ? threads : omp_get_max_threads();
}

namespace {

// out[i] = Σ_k values[k]·x[indices[k]] over the compressed vector i; one thread per output element.
void Gather(const CscMatrix& compressed, std::span<const double> x, std::span<double> out,
            int threads) {
  const Index n = compressed.num_columns;
  const Index* starts = compressed.starts.data();
  const Index* indices = compressed.indices.data();
  const double* values = compressed.values.data();
  const double* input = x.data();
  double* output = out.data();
  const bool parallel = compressed.num_nonzeros() + n > LpKernels::kParallelThreshold;
#pragma omp parallel for schedule(static, 512) num_threads(threads) if (parallel)
  for (Index j = 0; j < n; ++j) {
    double sum = 0.0;
    for (Index k = starts[j]; k < starts[j + 1]; ++k) sum += values[k] * input[indices[k]];
    output[j] = sum;
  }
}

}  // namespace

void LpKernels::MatVec(std::span<const double> x, std::span<double> out) const {
  if (compact_by_row_) {
    assert(static_cast<Index>(x.size()) == num_columns() &&
           static_cast<Index>(out.size()) == num_rows());
    CompactGather(*compact_by_row_, x, out, threads_);
    return;
  }
  ExactMatVec(x, out);
}

void LpKernels::MatVec(std::span<const float> x, std::span<double> out) const {
  assert(compact_by_row_ && static_cast<Index>(x.size()) == num_columns() &&
         static_cast<Index>(out.size()) == num_rows());
  CompactGather(*compact_by_row_, x, out, threads_);
}

void LpKernels::TransposeMatVec(std::span<const double> y, std::span<double> out) const {
  if (compact_by_column_) {
    assert(static_cast<Index>(y.size()) == num_rows() &&
           static_cast<Index>(out.size()) == num_columns());
    CompactGather(*compact_by_column_, y, out, threads_);
    return;
  }
  ExactTransposeMatVec(y, out);
}

void LpKernels::ExactMatVec(std::span<const double> x, std::span<double> out) const {
  assert(static_cast<Index>(x.size()) == num_columns() &&
         static_cast<Index>(out.size()) == num_rows());
  Gather(by_row_, x, out, threads_);
}

void LpKernels::ExactTransposeMatVec(std::span<const double> y, std::span<double> out) const {
  assert(static_cast<Index>(y.size()) == num_rows() &&
         static_cast<Index>(out.size()) == num_columns());
  Gather(by_column_, y, out, threads_);
}

bool LpKernels::UseSinglePrecisionProducts() {
  std::optional<CompactMatrix> by_row = MakeCompact(by_row_);
  std::optional<CompactMatrix> by_column = MakeCompact(by_column_);
  if (!by_row || !by_column) return false;
  compact_by_row_ = std::make_shared<const CompactMatrix>(std::move(*by_row));
  compact_by_column_ = std::make_shared<const CompactMatrix>(std::move(*by_column));
  return true;
}

void LpKernels::Axpy(double a, std::span<const double> x, std::span<double> y) const {
  assert(x.size() == y.size());
  const double* in = x.data();
  double* out = y.data();
  ForEach(static_cast<Index>(x.size()), [&](Index begin, Index end) {
    for (Index k = begin; k < end; ++k) out[k] += a * in[k];
  });
}

double LpKernels::Dot(std::span<const double> a, std::span<const double> b) const {
  assert(a.size() == b.size());
  const double* u = a.data();
  const double* v = b.data();
  return SumChunks(static_cast<Index>(a.size()), [&](Index begin, Index end) {
    double sum = 0.0;
    for (Index k = begin; k < end; ++k) sum += u[k] * v[k];
    return sum;
  });
}

double LpKernels::SquaredNorm(std::span<const double> a) const { return Dot(a, a); }

double LpKernels::Norm(std::span<const double> a) const { return std::sqrt(SquaredNorm(a)); }

double LpKernels::SquaredDistance(std::span<const double> a, std::span<const double> b) const {
  assert(a.size() == b.size());
  double sum = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    const double d = a[k] - b[k];
    sum += d * d;
  }
  return sum;
}

namespace {
class Identity final : public Reductions {
 public:
  double GlobalSum(double local) const override { return local; }
  double GlobalMax(double local) const override { return local; }
};
}  // namespace

const Reductions& LocalReductions() {
  static const Identity identity;
  return identity;
}

}  // namespace gosplan::pdlp
