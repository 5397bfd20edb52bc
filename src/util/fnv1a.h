// FNV-1a, 64 bits: the one hash of gosplan's content checksums (a model folder's checksum in a
// plan's summary.json, a plan folder's and an actuals batch's hash in the history database). Not
// cryptographic: it tells whether content changed, not whether someone changed it on purpose.
#pragma once

#include <cstdint>
#include <string_view>

namespace gosplan::util {

inline constexpr std::uint64_t kFnv1aOffsetBasis = 14695981039346656037ull;

// `hash` continued over `bytes`.
inline std::uint64_t Fnv1a(std::uint64_t hash, std::string_view bytes) {
  for (const unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;  // the FNV-1a 64-bit prime
  }
  return hash;
}

}  // namespace gosplan::util
