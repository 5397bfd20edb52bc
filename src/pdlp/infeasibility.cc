#include "pdlp/infeasibility.h"

#include <algorithm>
#include <cmath>

#include "pdlp/termination.h"

namespace gosplan::pdlp {

bool IsDualRay(const ScaledLp& lp, const std::vector<double>& ray,
               const std::vector<double>& kty_ray, double tolerance, const Reductions& reductions) {
  const Index m = static_cast<Index>(lp.row_lower.size());
  const Index n = static_cast<Index>(lp.column_lower.size());
  double scale = 0.0;
  for (Index i = 0; i < m; ++i) scale = std::max(scale, std::abs(ray[i] * lp.row_scale[i]));
  scale = reductions.GlobalMax(scale);
  if (!(scale > 0) || !std::isfinite(scale)) return false;
  double objective = 0.0, violation = 0.0;
  for (Index i = 0; i < m; ++i) {
    const double y = ray[i] * lp.row_scale[i] / scale;
    const double scaled_y = ray[i] / scale;
    const bool has_lower = lp.row_lower[i] > -kUnbounded, has_upper = lp.row_upper[i] < kUnbounded;
    if (y > 0) {
      if (has_lower) {
        objective += scaled_y * lp.row_lower[i];
      } else {
        violation = std::max(violation, y);
      }
    } else if (y < 0) {
      if (has_upper) {
        objective += scaled_y * lp.row_upper[i];
      } else {
        violation = std::max(violation, -y);
      }
    }
  }
  for (Index j = 0; j < n; ++j) {
    double lambda, residual;
    SplitReducedCost(-kty_ray[j] / scale, lp.column_lower[j], lp.column_upper[j], &lambda,
                     &residual);
    objective += BoundTerm(lambda, lp.column_lower[j], lp.column_upper[j]);
    violation = std::max(violation, std::abs(residual / lp.column_scale[j]));
  }
  objective = reductions.GlobalSum(objective);
  violation = reductions.GlobalMax(violation);
  return objective > 0 && violation <= tolerance * objective;
}

bool IsPrimalRay(const ScaledLp& lp, const std::vector<double>& ray,
                 const std::vector<double>& kx_ray, double tolerance,
                 const Reductions& reductions) {
  const Index m = static_cast<Index>(lp.row_lower.size());
  const Index n = static_cast<Index>(lp.column_lower.size());
  double scale = 0.0;
  for (Index j = 0; j < n; ++j) scale = std::max(scale, std::abs(ray[j] * lp.column_scale[j]));
  scale = reductions.GlobalMax(scale);
  if (!(scale > 0) || !std::isfinite(scale)) return false;
  double objective = 0.0, violation = 0.0;
  for (Index j = 0; j < n; ++j) {
    const double x = ray[j] * lp.column_scale[j] / scale;
    objective += lp.objective[j] * ray[j] / scale;
    if (lp.column_lower[j] > -kUnbounded) violation = std::max(violation, -x);
    if (lp.column_upper[j] < kUnbounded) violation = std::max(violation, x);
  }
  for (Index i = 0; i < m; ++i) {
    const double activity = kx_ray[i] / lp.row_scale[i] / scale;
    if (lp.row_lower[i] > -kUnbounded) violation = std::max(violation, -activity);
    if (lp.row_upper[i] < kUnbounded) violation = std::max(violation, activity);
  }
  objective = reductions.GlobalSum(objective);
  violation = reductions.GlobalMax(violation);
  return objective < 0 && violation <= tolerance * -objective;
}

}  // namespace gosplan::pdlp
