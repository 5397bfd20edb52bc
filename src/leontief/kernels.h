// Hand-written kernels of the Leontief code (OpenMP-parallel over rows; max-reductions are exact,
// so the results do not depend on the thread count).
#pragma once

#include <Eigen/Core>
#include <Eigen/SparseCore>
#include <algorithm>
#include <cmath>
#include <limits>

#include "gosplan/status.h"

namespace gosplan::leontief {

using RowMatrix = Eigen::SparseMatrix<double, Eigen::RowMajor, Index>;

// ‖M x − y‖_∞ / ‖y‖_∞ (‖M x − y‖_∞ when y = 0); NaN/inf in x give +inf.
inline double RelativeResidual(const RowMatrix& matrix, const Eigen::VectorXd& x,
                               const Eigen::VectorXd& y) {
  const Index n = matrix.rows();
  const Index* outer = matrix.outerIndexPtr();
  const Index* inner = matrix.innerIndexPtr();
  const double* values = matrix.valuePtr();
  const Index* nnz = matrix.innerNonZeroPtr();  // null when compressed
  double worst = 0.0;
  double scale = 0.0;
  bool finite = true;
#pragma omp parallel for reduction(max : worst, scale) reduction(&& : finite) schedule(static) if (n > 20000)
  for (Index i = 0; i < n; ++i) {
    const Index end = nnz ? outer[i] + nnz[i] : outer[i + 1];
    double sum = 0.0;
    for (Index k = outer[i]; k < end; ++k) sum += values[k] * x[inner[k]];
    const double r = std::abs(sum - y[i]);
    if (!std::isfinite(r)) finite = false;
    worst = std::max(worst, r);
    scale = std::max(scale, std::abs(y[i]));
  }
  if (!finite) return std::numeric_limits<double>::infinity();
  return scale > 0.0 ? worst / scale : worst;
}

}  // namespace gosplan::leontief
