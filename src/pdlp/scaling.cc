#include "pdlp/scaling.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "pdlp/termination.h"

namespace gosplan::pdlp {
namespace {

using Vector = std::vector<double>;

// out[j] = max (sum = false) or Σ (sum = true) over the entries k of compressed vector j of
// |a_k|·own[j]·other[index_k]: the ∞- or 1-norm of column j of the scaled matrix (of row j when
// `compressed` is the transpose).
void ScaledNorms(const CscMatrix& compressed, const Vector& own, const Vector& other, bool sum,
                 int threads, Vector& out) {
  const Index count = compressed.num_columns;
#pragma omp parallel for schedule(static, 512) \
    num_threads(threads) if (compressed.num_nonzeros() > 100000)
  for (Index j = 0; j < count; ++j) {
    double value = 0.0;
    for (Index k = compressed.starts[j]; k < compressed.starts[j + 1]; ++k) {
      const double entry = std::abs(compressed.values[k]) * own[j] * other[compressed.indices[k]];
      value = sum ? value + entry : std::max(value, entry);
    }
    out[j] = value;
  }
}

void DivideBySquareRoot(Vector& scale, const Vector& measured) {
  for (std::size_t k = 0; k < scale.size(); ++k) {
    if (measured[k] > 0) scale[k] /= std::sqrt(measured[k]);
  }
}

// One sweep: both norms measured on the same K, then rows and columns rescaled.
void Sweep(const CscMatrix& by_column, const CscMatrix& by_row, bool sum, int threads,
           DiagonalScaling* scaling) {
  Vector& r = scaling->row_scale;
  Vector& s = scaling->column_scale;
  Vector row_norms(r.size()), column_norms(s.size());
  ScaledNorms(by_row, r, s, sum, threads, row_norms);
  ScaledNorms(by_column, s, r, sum, threads, column_norms);
  DivideBySquareRoot(r, row_norms);
  DivideBySquareRoot(s, column_norms);
}

}  // namespace

DiagonalScaling UnitScaling(const CscMatrix& matrix) {
  DiagonalScaling scaling;
  scaling.row_scale.assign(static_cast<std::size_t>(matrix.num_rows), 1.0);
  scaling.column_scale.assign(static_cast<std::size_t>(matrix.num_columns), 1.0);
  return scaling;
}

void RuizEquilibrate(const CscMatrix& by_column, const CscMatrix& by_row, int iterations,
                     int threads, DiagonalScaling* scaling) {
  for (int sweep = 0; sweep < iterations; ++sweep) {
    Sweep(by_column, by_row, false, threads, scaling);
  }
}

void PockChambolle(const CscMatrix& by_column, const CscMatrix& by_row, int threads,
                   DiagonalScaling* scaling) {
  Sweep(by_column, by_row, true, threads, scaling);
}

namespace {

DiagonalScaling ComputeScaling(const CscMatrix& matrix, const CscMatrix& by_row,
                               int ruiz_iterations, int threads) {
  DiagonalScaling scaling = UnitScaling(matrix);
  RuizEquilibrate(matrix, by_row, ruiz_iterations, threads, &scaling);
  PockChambolle(matrix, by_row, threads, &scaling);
  return scaling;
}

// k_ij = r_i · a_ij · s_j over the compressed vectors of `matrix` (columns of A, or rows when
// `transposed`), the product formed as a·(r·s) either way so both orientations hold the same bits.
void ScaleEntries(const std::vector<double>& r, const std::vector<double>& s, bool transposed,
                  CscMatrix* matrix) {
  for (Index j = 0; j < matrix->num_columns; ++j) {
    for (Index k = matrix->starts[j]; k < matrix->starts[j + 1]; ++k) {
      const Index i = matrix->indices[k];
      matrix->values[k] *= transposed ? r[j] * s[i] : r[i] * s[j];
    }
  }
}

}  // namespace

DiagonalScaling ComputeScaling(const CscMatrix& matrix, int ruiz_iterations, int threads) {
  return ComputeScaling(matrix, Transpose(matrix), ruiz_iterations, threads);
}

ScaledLp ScaleLp(const MinimisationLp& lp, const MinimisationLp& original, int ruiz_iterations,
                 int threads) {
  const Index m = lp.matrix.num_rows, n = lp.matrix.num_columns;
  // One transposition serves the scaling's row norms and, scaled in place, the kernels' Kᵀ (a
  // second one of K cost as much time and fresh memory again).
  CscMatrix by_row = Transpose(lp.matrix);
  DiagonalScaling scaling = ComputeScaling(lp.matrix, by_row, ruiz_iterations, threads);
  ScaledLp scaled;
  scaled.row_scale = std::move(scaling.row_scale);
  scaled.column_scale = std::move(scaling.column_scale);
  const Vector& r = scaled.row_scale;
  const Vector& s = scaled.column_scale;
  CscMatrix matrix = lp.matrix;
  ScaleEntries(r, s, /*transposed=*/false, &matrix);
  ScaleEntries(r, s, /*transposed=*/true, &by_row);
  scaled.kernels = std::make_unique<LpKernels>(std::move(matrix), std::move(by_row), threads);
  scaled.objective.resize(static_cast<std::size_t>(n));
  scaled.column_lower.resize(static_cast<std::size_t>(n));
  scaled.column_upper.resize(static_cast<std::size_t>(n));
  for (Index j = 0; j < n; ++j) {
    scaled.objective[j] = lp.objective[j] * s[j];
    scaled.column_lower[j] = lp.column_lower[j] / s[j];
    scaled.column_upper[j] = lp.column_upper[j] / s[j];
  }
  scaled.row_lower.resize(static_cast<std::size_t>(m));
  scaled.row_upper.resize(static_cast<std::size_t>(m));
  for (Index i = 0; i < m; ++i) {
    scaled.row_lower[i] = lp.row_lower[i] * r[i];
    scaled.row_upper[i] = lp.row_upper[i] * r[i];
  }
  scaled.offset = lp.offset;
  double largest = 0.0;
  for (double v : scaled.kernels->by_column().values) largest = std::max(largest, std::abs(v));
  scaled.initial_step_size = largest > 0 ? 1.0 / largest : 1.0;
  const double c_norm = scaled.kernels->Norm(scaled.objective);
  const double b_norm = CombinedBoundNorm(scaled.row_lower, scaled.row_upper);
  scaled.initial_primal_weight = c_norm > 1e-10 && b_norm > 1e-10 ? c_norm / b_norm : 1.0;
  scaled.objective_norm = ObjectiveNorm(original.objective);
  scaled.bound_norm = CombinedBoundNorm(original.row_lower, original.row_upper);
  return scaled;
}

}  // namespace gosplan::pdlp
