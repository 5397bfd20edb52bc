// PDHG's kernels on PETSc (pdlp_petsc_kernels.h).
#include "distributed/pdlp_petsc_kernels.h"

#include <algorithm>
#include <cassert>
#include <string>

#include "distributed/petsc_support.h"

namespace gosplan::distributed {

Result<std::unique_ptr<PetscLpKernels>> PetscLpKernels::Create(
    MPI_Comm comm, Index rows, Index columns, Index local_rows, Index local_columns,
    const std::vector<PetscInt>& row_starts, const std::vector<PetscInt>& column_indices,
    const std::vector<double>& values, bool explicit_transpose) {
  std::unique_ptr<PetscLpKernels> kernels(new PetscLpKernels());
  kernels->comm_ = comm;
  kernels->local_rows_ = local_rows;
  kernels->local_columns_ = local_columns;
  const auto m = static_cast<PetscInt>(local_rows), n = static_cast<PetscInt>(local_columns);
  const Status made = [&]() -> Status {
    GOSPLAN_PETSC(MatCreateMPIAIJWithArrays(comm, m, n, static_cast<PetscInt>(rows),
                                            static_cast<PetscInt>(columns), row_starts.data(),
                                            column_indices.data(), values.data(), &kernels->k_));
    if (explicit_transpose) {
      GOSPLAN_PETSC(MatTranspose(kernels->k_, MAT_INITIAL_MATRIX, &kernels->kt_));
    }
    const PetscInt big_m = static_cast<PetscInt>(rows), big_n = static_cast<PetscInt>(columns);
    GOSPLAN_PETSC(VecCreateMPIWithArray(comm, 1, m, big_m, nullptr, &kernels->row_in_));
    GOSPLAN_PETSC(VecCreateMPIWithArray(comm, 1, m, big_m, nullptr, &kernels->row_out_));
    GOSPLAN_PETSC(VecCreateMPIWithArray(comm, 1, n, big_n, nullptr, &kernels->column_in_));
    GOSPLAN_PETSC(VecCreateMPIWithArray(comm, 1, n, big_n, nullptr, &kernels->column_out_));
    return Status::Ok();
  }();
  if (!made.ok()) return made;
  return kernels;
}

PetscLpKernels::~PetscLpKernels() {
  VecDestroy(&row_in_);
  VecDestroy(&row_out_);
  VecDestroy(&column_in_);
  VecDestroy(&column_out_);
  MatDestroy(&kt_);
  MatDestroy(&k_);
}

void PetscLpKernels::Record(const char* call, PetscErrorCode code) const {
  if (code != 0 && failure_.ok()) failure_ = PetscFailure(call, code);
}

namespace {
// Multiplies `matrix` by `in` into `out`, the Vecs lent the spans' storage for the call.
PetscErrorCode Multiply(Mat matrix, bool transposed, Vec in_vec, Vec out_vec,
                        std::span<const double> in, std::span<double> out) {
  PetscCall(VecPlaceArray(in_vec, in.data()));  // read only: MatMult never writes its input
  PetscCall(VecPlaceArray(out_vec, out.data()));
  PetscCall(transposed ? MatMultTranspose(matrix, in_vec, out_vec)
                       : MatMult(matrix, in_vec, out_vec));
  PetscCall(VecResetArray(out_vec));
  PetscCall(VecResetArray(in_vec));
  return 0;
}
}  // namespace

void PetscLpKernels::MatVec(std::span<const double> x, std::span<double> out) const {
  assert(static_cast<Index>(x.size()) == local_columns_ &&
         static_cast<Index>(out.size()) == local_rows_);
  Record("MatMult", Multiply(k_, false, column_in_, row_out_, x, out));
}

void PetscLpKernels::TransposeMatVec(std::span<const double> y, std::span<double> out) const {
  assert(static_cast<Index>(y.size()) == local_rows_ &&
         static_cast<Index>(out.size()) == local_columns_);
  if (kt_) {
    Record("MatMult (explicit transpose)", Multiply(kt_, false, row_in_, column_out_, y, out));
  } else {
    Record("MatMultTranspose", Multiply(k_, true, row_in_, column_out_, y, out));
  }
}

void PetscLpKernels::Axpy(double a, std::span<const double> x, std::span<double> y) const {
  assert(x.size() == y.size());
  for (std::size_t k = 0; k < x.size(); ++k) y[k] += a * x[k];
}

double PetscLpKernels::SquaredDistance(std::span<const double> a, std::span<const double> b) const {
  assert(a.size() == b.size());
  double sum = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    const double d = a[k] - b[k];
    sum += d * d;
  }
  return GlobalSum(sum);
}

double PetscLpKernels::GlobalSum(double local) const {
  double total = 0.0;
  MPI_Allreduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, comm_);
  return total;
}

double PetscLpKernels::GlobalMax(double local) const {
  double largest = 0.0;
  MPI_Allreduce(&local, &largest, 1, MPI_DOUBLE, MPI_MAX, comm_);
  return largest;
}

}  // namespace gosplan::distributed
