// The parallel kernels of the first-order LP solver, behind one small class so that a distributed
// backend can replace them: the PDHG iteration (pdhg_iteration.h) is a template over a class with
// the members of LpKernels below (the PETSc backend's is src/distributed/pdlp_petsc_kernels.h:
// MatMult, MatMultTranspose and MPI_Allreduce). Only the products and the reductions need
// communication in a distributed setting; the element-wise projections of the PDHG step are local
// maps over this process's slice of every vector (ForEach/SumChunks below).
//
// Determinism: results are bit-identical for any thread count.
//  - MatVec (out = K x) uses a CSR copy of K: out[i] is a dot product of row i in column order,
//  computed
//    by one thread. TransposeMatVec (out = Kᵀ y) uses the CSC matrix in the same way.
//  - Reductions (Dot, SquaredNorm, SumChunks) split [0, n) into chunks of kChunk elements — a
//  constant,
//    not a function of the thread count — sum each chunk serially, then add the chunk sums in
//    order.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "gosplan/status.h"

namespace gosplan::pdlp {

// A sparse matrix in compressed sparse column form (int64 indices; rows ascending within a column).
struct CscMatrix {
  Index num_rows = 0;
  Index num_columns = 0;
  std::vector<Index> starts;   // size num_columns + 1
  std::vector<Index> indices;  // row of each entry
  std::vector<double> values;
  Index num_nonzeros() const { return starts.empty() ? 0 : starts.back(); }
};

// The transpose layout (compressed sparse rows) of a CscMatrix, built by a counting pass.
CscMatrix Transpose(const CscMatrix& matrix);

// K sums computed in one pass (e.g. a residual norm and an objective term together).
template <int K>
struct Sums {
  std::array<double, K> value{};
  double& operator[](int k) { return value[k]; }
  double operator[](int k) const { return value[k]; }
  Sums& operator+=(const Sums& other) {
    for (int k = 0; k < K; ++k) value[k] += other.value[k];
    return *this;
  }
};

// How a test that reduces its own loops (the infeasibility certificates, infeasibility.h) combines
// this process's partial results with the other processes': the identity in one process
// (LocalReductions), MPI_Allreduce over the ranks in the PETSc backend.
class Reductions {
 public:
  virtual ~Reductions() = default;
  virtual double GlobalSum(double local) const = 0;
  virtual double GlobalMax(double local) const = 0;
};
// The identity: one process holds every element.
const Reductions& LocalReductions();

struct CompactMatrix;  // compact_matrix.h

class LpKernels final : public Reductions {
 public:
  static constexpr Index kChunk = 4096;  // reduction chunk (elements); fixed for determinism
  // Below this many elements (or non-zeros) loops run on the calling thread: an OpenMP region costs
  // more.
  static constexpr Index kParallelThreshold = 16384;

  // `threads` ≤ 0: OpenMP's default.
  LpKernels(CscMatrix matrix, int threads);
  // With Kᵀ given (`transposed` must be Transpose(matrix), entry for entry): no second copy made.
  LpKernels(CscMatrix matrix, CscMatrix transposed, int threads);

  Index num_rows() const { return by_column_.num_rows; }
  Index num_columns() const { return by_column_.num_columns; }
  Index num_nonzeros() const { return by_column_.num_nonzeros(); }
  int threads() const { return threads_; }
  const CscMatrix& by_column() const { return by_column_; }
  const CscMatrix& by_row() const { return by_row_; }  // CSR as the CSC of the transpose

  void MatVec(std::span<const double> x, std::span<double> out) const;           // out = K x
  void TransposeMatVec(std::span<const double> y, std::span<double> out) const;  // out = Kᵀ y
  void Axpy(double a, std::span<const double> x, std::span<double> y) const;     // y += a x
  // With UseSinglePrecisionProducts, MatVec and TransposeMatVec read a float32/int32 copy of K
  // (compact_matrix.h); the Exact products always read the double matrix. Returns false (and
  // changes nothing) when K does not fit int32 indices.
  bool UseSinglePrecisionProducts();
  bool single_precision() const { return compact_by_row_ != nullptr; }
  // out = K x from a float32 x, with the float32 copy of K; only with single_precision().
  void MatVec(std::span<const float> x, std::span<double> out) const;
  void ExactMatVec(std::span<const double> x, std::span<double> out) const;
  void ExactTransposeMatVec(std::span<const double> y, std::span<double> out) const;
  double Dot(std::span<const double> a, std::span<const double> b) const;
  double SquaredNorm(std::span<const double> a) const;
  double Norm(std::span<const double> a) const;
  // Σ_k (a_k − b_k)², summed serially in index order (the restart's distances).
  double SquaredDistance(std::span<const double> a, std::span<const double> b) const;
  // One process: every partial result is already the whole (the distributed kernels reduce).
  double GlobalSum(double local) const override { return local; }
  double GlobalMax(double local) const override { return local; }

  // Deterministic Σ over [0, n) of partial(begin, end), where partial sums its range serially and
  // returns double or Sums<K> (several sums in one pass).
  template <typename Partial>
  auto SumChunks(Index n, Partial&& partial) const -> decltype(partial(Index{0}, Index{0}));
  // body(begin, end) over a static partition of [0, n) (for maps without reductions).
  template <typename Body>
  void ForEach(Index n, Body&& body) const;

 private:
  CscMatrix by_column_;
  CscMatrix by_row_;
  int threads_ = 1;
  std::shared_ptr<const CompactMatrix> compact_by_row_, compact_by_column_;
};

template <typename Partial>
auto LpKernels::SumChunks(Index n, Partial&& partial) const
    -> decltype(partial(Index{0}, Index{0})) {
  using Value = decltype(partial(Index{0}, Index{0}));
  if (n <= kChunk) return n > 0 ? partial(Index{0}, n) : Value{};
  const Index chunks = (n + kChunk - 1) / kChunk;
  std::vector<Value> sums(static_cast<std::size_t>(chunks));
  Value* out = sums.data();
#pragma omp parallel for schedule(static) num_threads(threads_) if (n > kParallelThreshold)
  for (Index c = 0; c < chunks; ++c) {
    const Index begin = c * kChunk;
    const Index end = begin + kChunk < n ? begin + kChunk : n;
    out[c] = partial(begin, end);
  }
  Value total{};
  for (Index c = 0; c < chunks; ++c) total += out[c];
  return total;
}

template <typename Body>
void LpKernels::ForEach(Index n, Body&& body) const {
  if (n <= kParallelThreshold) {
    if (n > 0) body(Index{0}, n);
    return;
  }
  const Index chunks = (n + kChunk - 1) / kChunk;
#pragma omp parallel for schedule(static) num_threads(threads_)
  for (Index c = 0; c < chunks; ++c) {
    const Index begin = c * kChunk;
    body(begin, begin + kChunk < n ? begin + kChunk : n);
  }
}

}  // namespace gosplan::pdlp
