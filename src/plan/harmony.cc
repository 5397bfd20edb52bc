// Cockshott's harmony function and its tangent envelope (include/gosplan/harmony.h).
#include "gosplan/harmony.h"

#include <algorithm>
#include <cmath>

namespace gosplan::harmony {

double Value(double s) { return s < 0 ? s - 0.5 * s * s : std::log1p(s); }

double Slope(double s) { return s < 0 ? 1.0 - s : 1.0 / (1.0 + s); }

const std::vector<double>& TangentPoints() {
  static const std::vector<double> points = [] {
    std::vector<double> s;
    for (int k = -10; k <= 0; ++k) s.push_back(k / 10.0);
    for (int k = 1; k <= 32; ++k) s.push_back(std::pow(10.0, k / 32.0) - 1.0);
    s.back() = kMaxOverfulfilment;  // 10^(32/32) − 1, exactly
    return s;
  }();
  return points;
}

double Envelope(double s) {
  double best = Value(kMaxOverfulfilment);
  for (double p : TangentPoints()) best = std::min(best, Value(p) + Slope(p) * (s - p));
  return best;
}

double EnvelopeError() {
  const std::vector<double>& p = TangentPoints();
  double error = 0.0;
  for (std::size_t k = 0; k + 1 < p.size(); ++k) {
    // Where the tangents at p[k] and p[k+1] meet.
    const double a = p[k], b = p[k + 1];
    const double meet = (Value(b) - Slope(b) * b - Value(a) + Slope(a) * a) / (Slope(a) - Slope(b));
    error = std::max(error, Envelope(meet) - Value(std::min(meet, kMaxOverfulfilment)));
  }
  return error;
}

}  // namespace gosplan::harmony
