#include "pdlp/step_bounds.h"

#include <cassert>
#include <cmath>

namespace gosplan::pdlp {

StepBounds::StepBounds(const std::vector<double>& lower, const std::vector<double>& upper) {
  assert(lower.size() == upper.size());
  kinds_.resize(lower.size());
  for (std::size_t i = 0; i < lower.size(); ++i) {
    if (i % kStride == 0) stride_cursor_.push_back(static_cast<Index>(values_.size()));
    const double l = lower[i], u = upper[i];
    // Exactly the values Read returns: ±∞ for an infinite bound, +0.0 for a zero one (a −0.0 bound
    // is stored as a value, so that the step sees the very same double).
    const bool l_inf = l == -std::numeric_limits<double>::infinity();
    const bool u_inf = u == std::numeric_limits<double>::infinity();
    const bool l_zero = l == 0.0 && !std::signbit(l);
    const bool u_zero = u == 0.0 && !std::signbit(u);
    Kind kind;
    if (l_inf && u_inf) {
      kind = kFree;
    } else if (l_zero && u_inf) {
      kind = kLowerZero;
    } else if (l_inf && u_zero) {
      kind = kUpperZero;
    } else if (l_zero && u_zero) {
      kind = kFixedZero;
    } else if (u_inf) {
      kind = kLower;
      values_.push_back(l);
    } else if (l_inf) {
      kind = kUpper;
      values_.push_back(u);
    } else {
      kind = kLowerUpper;
      values_.push_back(l);
      values_.push_back(u);
    }
    kinds_[i] = kind;
  }
}

Index StepBounds::Cursor(Index begin) const {
  const Index stride = begin / kStride;
  Index cursor = stride_cursor_.empty() ? 0 : stride_cursor_[static_cast<std::size_t>(stride)];
  for (Index i = stride * kStride; i < begin; ++i) {
    cursor += StoredValues(kinds_[static_cast<std::size_t>(i)]);
  }
  return cursor;
}

}  // namespace gosplan::pdlp
