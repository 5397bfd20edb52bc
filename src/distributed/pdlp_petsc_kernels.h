// The kernels of the PDHG iteration (src/pdlp/pdhg_iteration.h) on PETSc over MPI: the same
// members as pdlp::LpKernels (src/pdlp/lp_kernels.h), for a matrix K (m × n) distributed by rows.
//
// Layout: rank r owns rows [row_begin_r, row_end_r) of K and the same entries of every vector with
// one entry per row (y, K x, row bounds and scales), and columns [column_begin_r, column_end_r) of
// every vector with one entry per column (x, Kᵀy, objective, column bounds and scales). K is a
// PETSc MATMPIAIJ (MatCreateMPIAIJWithArrays: the rank's rows in CSR with global column indices;
// its column layout is the vectors' column layout).
//   MatVec           out = K x: MatMult (the x entries of other ranks' columns arrive by PETSc's
//                    scatter);
//   TransposeMatVec  out = Kᵀ y: MatMultTranspose on K (each rank multiplies its rows, the partial
//                    sums of other ranks' columns go back by a reverse scatter-add), or, with the
//                    PETSc option -pdlp_explicit_transpose, MatMult on an explicit copy of Kᵀ
//                    distributed by the column layout (MatTranspose; twice the memory of K);
//   SumChunks        this rank's slice summed in the chunks of LpKernels (4096 elements, in chunk
//                    order), then MPI_Allreduce of the sums over the ranks; SquaredDistance,
//                    GlobalSum and GlobalMax likewise.
// The vectors stay the iteration's std::vector slices: each product wraps them in PETSc Vecs
// without copying (VecPlaceArray). One thread per rank.
//
// Determinism: for the same P and input the same bits (PETSc's products and MPI's reductions run
// in a fixed order for a fixed P). With one rank the products and sums are done in the order of
// LpKernels (a row's entries in column order; Kᵀy per column in row order).
#pragma once

#include <petscmat.h>

#include <memory>
#include <span>
#include <type_traits>
#include <vector>

#include "gosplan/status.h"
#include "pdlp/lp_kernels.h"

namespace gosplan::distributed {

class PetscLpKernels final : public pdlp::Reductions {
 public:
  static constexpr Index kChunk = pdlp::LpKernels::kChunk;

  // K's rows owned by this rank in CSR (row_starts of size local_rows + 1 from 0; global column
  // indices, ascending within a row); global sizes and this rank's row and column counts.
  // Collective.
  static Result<std::unique_ptr<PetscLpKernels>> Create(MPI_Comm comm, Index rows, Index columns,
                                                        Index local_rows, Index local_columns,
                                                        const std::vector<PetscInt>& row_starts,
                                                        const std::vector<PetscInt>& column_indices,
                                                        const std::vector<double>& values,
                                                        bool explicit_transpose);
  ~PetscLpKernels() override;
  PetscLpKernels(const PetscLpKernels&) = delete;
  PetscLpKernels& operator=(const PetscLpKernels&) = delete;

  Index num_rows() const { return local_rows_; }        // this rank's
  Index num_columns() const { return local_columns_; }  // this rank's
  int threads() const { return 1; }

  void MatVec(std::span<const double> x, std::span<double> out) const;           // out = K x
  void TransposeMatVec(std::span<const double> y, std::span<double> out) const;  // out = Kᵀ y
  void Axpy(double a, std::span<const double> x, std::span<double> y) const;     // y += a x
  double SquaredDistance(std::span<const double> a, std::span<const double> b) const;
  double GlobalSum(double local) const override;
  double GlobalMax(double local) const override;

  template <typename Partial>
  auto SumChunks(Index n, Partial&& partial) const -> decltype(partial(Index{0}, Index{0}));
  template <typename Body>
  void ForEach(Index n, Body&& body) const {
    if (n > 0) body(Index{0}, n);
  }

  // The first PETSc failure of a product (Ok when none): the products cannot return one, so the
  // caller asks after the iteration.
  const Status& failure() const { return failure_; }

 private:
  PetscLpKernels() = default;
  void Record(const char* call, PetscErrorCode code) const;

  MPI_Comm comm_ = MPI_COMM_NULL;
  Index local_rows_ = 0, local_columns_ = 0;
  Mat k_ = nullptr;
  Mat kt_ = nullptr;  // explicit Kᵀ, or null
  // Vecs without storage of their own, of the row and column layout (two of each: a product reads
  // one and writes the other).
  Vec row_in_ = nullptr, row_out_ = nullptr, column_in_ = nullptr, column_out_ = nullptr;
  mutable Status failure_;
};

template <typename Partial>
auto PetscLpKernels::SumChunks(Index n, Partial&& partial) const
    -> decltype(partial(Index{0}, Index{0})) {
  using Value = decltype(partial(Index{0}, Index{0}));
  // Value is double, pdlp::Sums<K> or pdlp::MeasureSums: doubles only, reduced as an array.
  static_assert(std::is_trivially_copyable_v<Value> && sizeof(Value) % sizeof(double) == 0);
  Value total{};
  if (n <= kChunk) {
    if (n > 0) total = partial(Index{0}, n);
  } else {
    for (Index begin = 0; begin < n; begin += kChunk) {
      total += partial(begin, begin + kChunk < n ? begin + kChunk : n);
    }
  }
  MPI_Allreduce(MPI_IN_PLACE, reinterpret_cast<double*>(&total),
                static_cast<int>(sizeof(Value) / sizeof(double)), MPI_DOUBLE, MPI_SUM, comm_);
  return total;
}

}  // namespace gosplan::distributed
