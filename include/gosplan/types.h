// The basic types every gosplan header uses: the index type and the marker of a missing bound.
#pragma once

#include <cstdint>
#include <limits>

namespace gosplan {

using Index = std::int64_t;  // the one index type for sizes and sparse indices

// A missing bound (capacity, row or column bound).
inline constexpr double kUnbounded = std::numeric_limits<double>::infinity();

}  // namespace gosplan
