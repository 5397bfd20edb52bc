// The scaled LP's bounds in the form the PDHG step reads them every iteration (docs/pdlp.md,
// "Memory traffic of an iteration"): one byte per column and per row saying which bounds are
// finite and which are zero, and the other bound values in a dense stream read in index order.
//
// Why: an iteration is bound by memory traffic, not arithmetic. With the bounds as four double
// vectors the two loops of the step read 2n + 2m doubles of bounds; on the plan LPs nearly every
// column is x ≥ 0 and most rows are one-sided or equalities with a zero right-hand side, so the
// bytes carry 2n + 2m → n + m bytes plus the few non-zero bound values (10^5-product plan: 3.25M
// columns all x ≥ 0, 3.0M rows; ~100 MB less per iteration of ≈ 400 MB of vector traffic).
//
// The values the step uses are the same doubles as ScaledLp's (0, ±∞ or the stored bound), so the
// iterates are bit-identical to reading the four vectors.
//
// Reading in parallel: the loops run over chunks [begin, end) (LpKernels::SumChunks); Cursor(begin)
// gives the position in the value stream of the first element of a chunk from the counts kept
// at every kStride-th element, plus a count over at most kStride − 1 kinds when begin is not a
// multiple of kStride.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "gosplan/types.h"

namespace gosplan::pdlp {

class StepBounds {
 public:
  // What is finite, and which finite bounds are 0 (no value stored for those).
  enum Kind : std::uint8_t {
    kFree,        // (−∞, ∞)
    kLowerZero,   // [0, ∞)
    kUpperZero,   // (−∞, 0]
    kFixedZero,   // [0, 0]
    kLower,       // [l, ∞): one value
    kUpper,       // (−∞, u]: one value
    kLowerUpper,  // [l, u], anything else: two values, l then u
  };
  static constexpr Index kStride = 4096;

  StepBounds() = default;
  StepBounds(const std::vector<double>& lower, const std::vector<double>& upper);

  Index size() const { return static_cast<Index>(kinds_.size()); }
  // The value-stream position of element `begin`.
  Index Cursor(Index begin) const;
  // The bounds of element i, advancing *cursor past its stored values.
  void Read(Index i, Index* cursor, double* lower, double* upper) const {
    constexpr double kInf = std::numeric_limits<double>::infinity();
    switch (kinds_[static_cast<std::size_t>(i)]) {
      case kFree:
        *lower = -kInf, *upper = kInf;
        return;
      case kLowerZero:
        *lower = 0.0, *upper = kInf;
        return;
      case kUpperZero:
        *lower = -kInf, *upper = 0.0;
        return;
      case kFixedZero:
        *lower = 0.0, *upper = 0.0;
        return;
      case kLower:
        *lower = values_[static_cast<std::size_t>((*cursor)++)], *upper = kInf;
        return;
      case kUpper:
        *lower = -kInf, *upper = values_[static_cast<std::size_t>((*cursor)++)];
        return;
      default:
        *lower = values_[static_cast<std::size_t>((*cursor)++)];
        *upper = values_[static_cast<std::size_t>((*cursor)++)];
        return;
    }
  }

 private:
  static int StoredValues(std::uint8_t kind) {
    return kind == kLower || kind == kUpper ? 1 : kind == kLowerUpper ? 2 : 0;
  }
  std::vector<std::uint8_t> kinds_;
  std::vector<double> values_;
  std::vector<Index> stride_cursor_;  // Cursor(s · kStride)
};

}  // namespace gosplan::pdlp
