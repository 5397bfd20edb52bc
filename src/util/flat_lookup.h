// Open-addressing hash tables for the hot lookups of table loading: an id -> position index whose
// keys are string_views (no string built per lookup), and a "first seen on line" map of small
// integer keys (the duplicate checks of (technique, product), (enterprise, product, year), ...).
//
// Both use linear probing in a flat array (ViewIndex: at most two thirds full; FirstLines' hash
// part: at most half), so a lookup touches one or two cache lines where std::unordered_map follows
// a node pointer per entry. Neither removes entries. Iteration order is never used, so results do
// not depend on the hash.
//
// A lookup in a large ViewIndex is one cache miss (the slot); ViewIndex::Prefetch starts loading a
// key's slot early, so that a reader that knows the keys of the coming rows can overlap those
// misses with the work on the rows before (Table in model/loader.cc).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>
#include <string_view>
#include <utility>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "gosplan/id_index.h"

namespace gosplan::util {

// Memory for a large flat table, on transparent huge pages where Linux offers them (madvise): a
// lookup in a 5 MB table spread over 1,200 pages of 4 kB misses the TLB as well as the cache, and
// in a virtual machine a TLB miss costs a two-level page walk. Blocks under 2 MB, and other
// systems: ordinary (aligned) allocation.
template <class T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr std::size_t kHugePage = std::size_t{1} << 21;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}
  T* allocate(std::size_t count) {
    const std::size_t bytes = count * sizeof(T);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (bytes >= kHugePage) {
      void* block = std::aligned_alloc(kHugePage, Rounded(bytes));
      if (block == nullptr) throw std::bad_alloc();
      madvise(block, Rounded(bytes), MADV_HUGEPAGE);  // a hint: without it, ordinary pages
      return static_cast<T*>(block);
    }
#endif
    return static_cast<T*>(::operator new (bytes, std::align_val_t{alignof(T)}));
  }
  void deallocate(T* block, std::size_t count) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (count * sizeof(T) >= kHugePage) {
      std::free(block);
      return;
    }
#endif
    ::operator delete (block, std::align_val_t{alignof(T)});
  }
  static std::size_t Rounded(std::size_t bytes) {
    return (bytes + kHugePage - 1) / kHugePage * kHugePage;
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
  template <class U>
  bool operator!=(const HugePageAllocator<U>&) const {
    return false;
  }
};

// A hint to the processor to start loading the cache line at `address` (no effect on results;
// nothing on compilers without the builtin).
inline void PrefetchForRead(const void* address) {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(address, 0, 1);
#else
  (void)address;
#endif
}

// Whether two texts are equal, without a library call for the short ones (ids): compared 8 (or 4)
// bytes at a time, the last word overlapping the one before.
inline bool SameText(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  if (n > 16) return std::memcmp(a.data(), b.data(), n) == 0;
  auto word8 = [](const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  };
  auto word4 = [](const char* p) {
    std::uint32_t w;
    std::memcpy(&w, p, 4);
    return w;
  };
  if (n >= 8) {
    return word8(a.data()) == word8(b.data()) && word8(a.data() + n - 8) == word8(b.data() + n - 8);
  }
  if (n >= 4) {
    return word4(a.data()) == word4(b.data()) && word4(a.data() + n - 4) == word4(b.data() + n - 4);
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// id -> position. The keys are views: the strings they point into must outlive the index and
// must not move (build it once the strings' container is complete). A key of up to 16 bytes is also
// copied into its slot, so that finding it reads one slot and not the string it views.
class ViewIndex {
 public:
  // Room for `count` keys without growing: 1.5 slots per key (at most two thirds full).
  void Reserve(std::size_t count) {
    if (3 * count / 2 + 16 > slots_.size()) Rehash(3 * count / 2 + 16);
  }

  // Inserts key -> value unless key is there; returns the stored value and whether it was added.
  std::pair<std::int64_t, bool> Emplace(std::string_view key, std::int64_t value) {
    if (3 * (size_ + 1) > 2 * slots_.size()) Rehash(slots_.empty() ? 16 : 2 * slots_.size());
    const std::size_t hash = HashOf(key);
    for (std::size_t i = Home(hash);; i = Next(i)) {
      Slot& slot = slots_[i];
      if (slot.value < 0) {
        slot.hash = static_cast<std::uint32_t>(hash);
        slot.value = value;
        slot.size = static_cast<std::uint32_t>(key.size());
        if (key.size() <= sizeof slot.bytes) {
          std::memcpy(slot.bytes, key.data(), key.size());
        } else {
          slot.data = key.data();
        }
        ++size_;
        return {value, true};
      }
      if (Matches(slot, hash, key)) return {slot.value, false};
    }
  }

  // The value stored for key, or -1.
  std::int64_t Find(std::string_view key) const {
    if (slots_.empty()) return -1;
    const std::size_t hash = HashOf(key);
    for (std::size_t i = Home(hash);; i = Next(i)) {
      const Slot& slot = slots_[i];
      if (slot.value < 0) return -1;
      if (Matches(slot, hash, key)) return slot.value;
    }
  }

  // Starts loading the slot where a lookup of key begins (a hint: results do not depend on it).
  void Prefetch(std::string_view key) const {
    if (slots_.empty()) return;
    PrefetchForRead(&slots_[Home(HashOf(key))]);
  }

  std::size_t size() const { return size_; }

  // The hash of a key: the Model's id hash (gosplan/id_index.h; a 128-bit multiply for ids of up
  // to 16 bytes).
  static std::uint64_t HashOf(std::string_view key) { return IdHash{}(key); }

 private:
  // 32 bytes, aligned to 32 so that no slot straddles two cache lines (one miss per lookup).
  struct alignas(32) Slot {
    std::uint32_t hash = 0;   // the key's hash, low 32 bits
    std::uint32_t size = 0;   // the key's length, up to 2^32 - 1 (ids are short)
    std::int64_t value = -1;  // -1: empty (values are positions, >= 0)
    union {
      char bytes[16];    // the key, when it has at most 16 bytes
      const char* data;  // else where it is
    };
  };
  static bool Matches(const Slot& slot, std::size_t hash, std::string_view key) {
    if (slot.hash != static_cast<std::uint32_t>(hash) || slot.size != key.size()) return false;
    const char* text = key.size() <= sizeof slot.bytes ? slot.bytes : slot.data;
    return SameText({text, key.size()}, key);
  }
  // The slot a hash starts at: the hash's high bits scaled to the table (any size, not only powers
  // of two; the 32 bits kept in the slot are the low ones, so rehashing can use them).
  std::size_t Home(std::size_t hash) const {
    return static_cast<std::size_t>(
        (std::uint64_t{static_cast<std::uint32_t>(hash)} * slots_.size()) >> 32);
  }
  std::size_t Next(std::size_t i) const { return i + 1 == slots_.size() ? 0 : i + 1; }
  void Rehash(std::size_t capacity) {
    std::vector<Slot, HugePageAllocator<Slot>> old(capacity);
    old.swap(slots_);
    for (const Slot& slot : old) {
      if (slot.value < 0) continue;
      std::size_t i = Home(slot.hash);
      while (slots_[i].value >= 0) i = Next(i);
      slots_[i] = slot;
    }
  }
  std::vector<Slot, HugePageAllocator<Slot>> slots_;
  std::size_t size_ = 0;
};

// Key -> the line it was first seen on (lines are >= 1). Key: a pair of integers, each >= 0 (a
// (technique, product) pair, or (enterprise, product) with a plan year folded into the second).
//
// Tables are usually written sorted by their key (gosplan's writer and generator do), so keys that
// arrive in ascending order are appended to a sorted list (sequential memory, no hashing) and found
// there by binary search; only the keys that break the order go to the hash table.
class FirstLines {
 public:
  // Room for `count` keys arriving in order without growing (an estimate; more may come).
  void Reserve(std::size_t count) { sorted_.reserve(count); }

  // Records `line` for key unless the key is there; returns the first line and whether it was new.
  std::pair<std::int64_t, bool> Emplace(std::uint64_t first, std::uint64_t second,
                                        std::int64_t line) {
    const Sorted key{first, second, line};
    if (sorted_.empty() || Less(sorted_.back(), key)) {
      sorted_.push_back(key);
      return {line, true};
    }
    const auto at = std::lower_bound(sorted_.begin(), sorted_.end(), key, Less);
    if (at != sorted_.end() && !Less(key, *at)) return {at->line, false};
    return EmplaceHashed(first, second, line);
  }

 private:
  struct Sorted {
    std::uint64_t first, second;
    std::int64_t line;
  };
  static bool Less(const Sorted& a, const Sorted& b) {
    return a.first != b.first ? a.first < b.first : a.second < b.second;
  }
  std::vector<Sorted> sorted_;

  std::pair<std::int64_t, bool> EmplaceHashed(std::uint64_t first, std::uint64_t second,
                                              std::int64_t line) {
    if (2 * (size_ + 1) > slots_.size()) Rehash(slots_.empty() ? 1024 : 2 * slots_.size());
    for (std::size_t i = Hash(first, second) & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.line == 0) {
        slot = Slot{first, second, line};
        ++size_;
        return {line, true};
      }
      if (slot.first == first && slot.second == second) return {slot.line, false};
    }
  }

 private:
  struct Slot {
    std::uint64_t first = 0, second = 0;
    std::int64_t line = 0;  // 0: empty
  };
  static std::size_t Hash(std::uint64_t first, std::uint64_t second) {
    // A multiplicative mix (Fibonacci hashing) of both halves; the high bits are the best mixed.
    const std::uint64_t mixed = (first * 0x9E3779B97F4A7C15ull) ^ (second + 0x632BE59BD9B4E019ull);
    return static_cast<std::size_t>((mixed * 0xC2B2AE3D27D4EB4Full) >> 20);
  }
  void Rehash(std::size_t capacity) {
    std::vector<Slot> old(capacity);
    old.swap(slots_);
    mask_ = capacity - 1;
    for (const Slot& slot : old) {
      if (slot.line == 0) continue;
      std::size_t i = Hash(slot.first, slot.second) & mask_;
      while (slots_[i].line != 0) i = (i + 1) & mask_;
      slots_[i] = slot;
    }
  }
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace gosplan::util
