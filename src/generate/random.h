// The random stream of generated economies: splitmix64, small, fast and the same on every platform
// (no std distributions, whose output differs between standard libraries). Both generators draw
// from it in the same order, so a Matrix Market economy equals the model economy of the same seed.
#pragma once

#include <cstdint>

#include "gosplan/status.h"

namespace gosplan::generate {

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double Uniform(double low, double high) { return low + (high - low) * Uniform(); }
  Index Below(Index n) { return static_cast<Index>(Next() % static_cast<std::uint64_t>(n)); }

 private:
  std::uint64_t state_;
};

}  // namespace gosplan::generate
