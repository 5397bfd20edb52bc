#include "leontief/sparse_kernels.h"

#include <omp.h>

#include <algorithm>

namespace gosplan::leontief {

FusedKernel::FusedKernel(const CscMatrix& matrix, int parts) : matrix_(matrix) {
  if (parts <= 0) parts = omp_get_max_threads();
  parts = static_cast<int>(std::clamp<Index>(parts, 1, std::max<Index>(1, matrix.cols)));
  const Index nonzeros = matrix.nonzeros();
  const Index* start = matrix.column_start.data();
  bounds_.assign(static_cast<std::size_t>(parts + 1), 0);
  for (int p = 1; p < parts; ++p) {
    const Index target = nonzeros / parts * p + (nonzeros % parts) * p / parts;
    // First column whose start reaches the target, and never before the previous bound.
    const Index column = static_cast<Index>(std::lower_bound(start, start + matrix.cols + 1, target) - start);
    bounds_[static_cast<std::size_t>(p)] = std::clamp(column, bounds_[static_cast<std::size_t>(p - 1)], matrix.cols);
  }
  bounds_[static_cast<std::size_t>(parts)] = matrix.cols;
}

std::size_t FusedKernel::workspace_bytes() const {
  return static_cast<std::size_t>(parts() - 1) * static_cast<std::size_t>(matrix_.rows) * sizeof(double);
}

namespace {

template <bool kPrimal, bool kDual>
void Columns(const CscMatrix& a, Index begin, Index end, const double* x, double* accumulator, const double* v,
             const double* c, double* out_dual) {
  const Index* start = a.column_start.data();
  const std::int32_t* row = a.row_index.data();
  const double* value = a.value.data();
  // The rows touched are scattered over n (power-law popularity): prefetching the accumulator and v entries
  // kAhead non-zeros ahead hides most of the memory latency when the n-vectors do not fit in cache.
  constexpr Index kAhead = 32;
  const Index last = start[end];
  for (Index j = begin; j < end; ++j) {
    const double xj = kPrimal ? x[j] : 0.0;
    double sum = 0.0;
    const Index stop = start[j + 1];
    for (Index k = start[j]; k < stop; ++k) {
      if (k + kAhead < last) {
        const std::int32_t ahead = row[k + kAhead];
        if constexpr (kPrimal) __builtin_prefetch(accumulator + ahead, 1);
        if constexpr (kDual) __builtin_prefetch(v + ahead, 0);
      }
      const std::int32_t i = row[k];
      const double coefficient = value[k];
      if constexpr (kPrimal) accumulator[i] += coefficient * xj;
      if constexpr (kDual) sum += coefficient * v[i];
    }
    if constexpr (kDual) out_dual[j] = (c ? c[j] : 0.0) + sum;
  }
}

}  // namespace

void FusedKernel::Apply(const double* x, const double* y, double* out_primal, const double* v, const double* c,
                        double* out_dual) {
  const bool primal = x != nullptr;
  const bool dual = v != nullptr;
  if (!primal && !dual) return;
  const int count = parts();
  const Index rows = matrix_.rows;
  if (primal && count > 1 && scatter_.empty()) {
    scatter_.resize(static_cast<std::size_t>(count - 1));
    for (auto& buffer : scatter_) buffer.assign(static_cast<std::size_t>(rows), 0.0);
  }
#pragma omp parallel num_threads(count)
  {
    if (primal) {
#pragma omp for schedule(static)
      for (Index i = 0; i < rows; ++i) out_primal[i] = y ? y[i] : 0.0;
    }
    const int team = omp_get_num_threads();
    for (int part = omp_get_thread_num(); part < count; part += team) {
      const Index begin = bounds_[static_cast<std::size_t>(part)];
      const Index end = bounds_[static_cast<std::size_t>(part + 1)];
      double* accumulator = primal ? (part == 0 ? out_primal : scatter_[static_cast<std::size_t>(part - 1)].data())
                                   : nullptr;
      if (primal && dual) {
        Columns<true, true>(matrix_, begin, end, x, accumulator, v, c, out_dual);
      } else if (primal) {
        Columns<true, false>(matrix_, begin, end, x, accumulator, v, c, out_dual);
      } else {
        Columns<false, true>(matrix_, begin, end, x, accumulator, v, c, out_dual);
      }
    }
    if (primal && count > 1) {
#pragma omp barrier
#pragma omp for schedule(static)
      for (Index i = 0; i < rows; ++i) {
        double sum = out_primal[i];
        for (int part = 1; part < count; ++part) {
          double& cell = scatter_[static_cast<std::size_t>(part - 1)][static_cast<std::size_t>(i)];
          sum += cell;
          cell = 0.0;
        }
        out_primal[i] = sum;
      }
    }
  }
}

Eigen::VectorXd MultiplyReference(const CscMatrix& matrix, const Eigen::VectorXd& x) {
  Eigen::VectorXd out = Eigen::VectorXd::Zero(matrix.rows);
  for (Index j = 0; j < matrix.cols; ++j) {
    for (Index k = matrix.column_start[j]; k < matrix.column_start[j + 1]; ++k) {
      out(matrix.row_index[k]) += matrix.value[k] * x(j);
    }
  }
  return out;
}

Eigen::VectorXd MultiplyTransposedReference(const CscMatrix& matrix, const Eigen::VectorXd& v) {
  Eigen::VectorXd out = Eigen::VectorXd::Zero(matrix.cols);
  for (Index j = 0; j < matrix.cols; ++j) {
    for (Index k = matrix.column_start[j]; k < matrix.column_start[j + 1]; ++k) {
      out(j) += matrix.value[k] * v(matrix.row_index[k]);
    }
  }
  return out;
}

}  // namespace gosplan::leontief
