// Transparent huge pages for a large block that is about to be filled (Linux's madvise
// MADV_HUGEPAGE; a hint, nothing elsewhere).
//
// Why: a model of 10^5 products fills about 160 MB of fresh memory as it is built, and on 4 kB
// pages each first touch is a page fault (≈ 40,000 faults). The binary cache's reader
// (model_cache.cc) advises each table's records before filling them: a few hundred 2 MB faults
// instead of thousands of 4 kB ones (31,600 -> 13,700 faults; 0.24 -> 0.21 CPU s for the 10^5
// model at load 9). The CSV loader does not: its vectors are reserved from an estimate of the rows
// and its duplicate checks' lists come and go per table, and there the same advice measured no
// gain and sometimes a loss (the kernel zeroing fresh 2 MB pages: docs/benchmarks.md, issue 17,
// fourth session). Only the 2 MB-aligned part of a block can be advised; blocks under 4 MB are
// left alone (a huge page may hold up to 2 MB the block never uses).
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace gosplan::util {

// The 2 MB-aligned pages inside the block of `bytes` bytes at address `begin`, as [first, last);
// empty (first == last) for a block under 4 MB.
struct AddressRange {
  std::uintptr_t first = 0, last = 0;
};
inline AddressRange HugePagesInside(std::uintptr_t begin, std::size_t bytes) {
  constexpr std::uintptr_t kHuge = std::uintptr_t{1} << 21;
  if (begin == 0 || bytes < 2 * kHuge) return {};
  const std::uintptr_t first = (begin + kHuge - 1) & ~(kHuge - 1);
  const std::uintptr_t last = (begin + bytes) & ~(kHuge - 1);
  return last > first ? AddressRange{first, last} : AddressRange{};
}

// Advises the 2 MB-aligned pages inside [data, data + bytes) to be backed by huge pages when first
// touched. Touches nothing; the memory stays the caller's (malloc's) to free.
inline void AdviseHugePages(const void* data, std::size_t bytes) {
  const AddressRange range = HugePagesInside(reinterpret_cast<std::uintptr_t>(data), bytes);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (range.last > range.first) {
    madvise(reinterpret_cast<void*>(range.first), range.last - range.first, MADV_HUGEPAGE);
  }
#else
  (void)range;
#endif
}

// The same for the room a vector has reserved (its capacity, filled as rows are read).
template <class Vector>
void AdviseHugePagesForCapacity(const Vector& vector) {
  AdviseHugePages(vector.data(), vector.capacity() * sizeof(typename Vector::value_type));
}

}  // namespace gosplan::util
