// id -> position index of the Model's tables (products, resources, techniques, ...): an
// open-addressing hash table in place of std::unordered_map<std::string, Index>.
//
// Layout. The (id, position) entries live in one vector in the order they were inserted; the hash
// part is a flat array of 8-byte slots (32 bits of the id's hash, the entry's number), with a
// power-of-two number of slots, at most half of them used, and linear probing. A lookup hashes the
// id once, reads its home slot (the hash's low bits) (one cache line holds 8 slots) and compares
// the id's text only with an entry whose 32 hash bits match (a false match has probability 2^-32
// per slot visited). std::unordered_map allocates a node per entry (≈ 64 bytes with malloc's
// header) and follows a pointer from its bucket to it; here an id costs its entry (40 bytes) plus
// 2–4 slots (16–32 bytes), with no allocation per id.
//
// Determinism: iteration visits the entries in insertion order (the order of the rows of the
// table), never in hash order, so nothing that iterates an index can depend on the hash.
//
// The interface is the part of std::unordered_map's that gosplan uses: find, count, contains, at,
// operator[], emplace, reserve, size, empty, clear, begin/end (constant iterators over
// std::pair<std::string, Index>), equality as sets of pairs. No erase: ids are never removed.
// Lookups take std::string_view, so no std::string is built to look up a field of a row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gosplan/types.h"

namespace gosplan {

// The hash of an id. Ids of up to 16 bytes (nearly all): their bytes as two 64-bit words mixed by
// one 64 × 64 → 128-bit multiplication (as wyhash does), a few instructions where std::hash runs a
// loop; longer ids, and compilers without 128-bit integers: std::hash.
struct IdHash {
  std::uint64_t operator()(std::string_view key) const {
#if defined(__SIZEOF_INT128__)
    const std::size_t n = key.size();
    if (n <= 16) {
      const auto* p = reinterpret_cast<const unsigned char*>(key.data());
      std::uint64_t a = 0, b = 0;
      if (n >= 8) {  // the first and the last 8 bytes (overlapping below 16)
        std::memcpy(&a, p, 8);
        std::memcpy(&b, p + n - 8, 8);
      } else if (n >= 4) {  // the first and the last 4
        std::uint32_t first, last;
        std::memcpy(&first, p, 4);
        std::memcpy(&last, p + n - 4, 4);
        a = first;
        b = last;
      } else if (n > 0) {  // all of them
        a = (std::uint64_t{p[0]} << 16) | (std::uint64_t{p[n / 2]} << 8) | p[n - 1];
      }
      const unsigned __int128 product = static_cast<unsigned __int128>(a ^ 0xA0761D6478BD642Full) *
                                        (b ^ 0xE7037ED1A0B428DBull ^ n);
      return static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64);
    }
#endif
    return std::hash<std::string_view>{}(key);
  }
};

// Hash: a callable std::string_view -> std::uint64_t (a parameter so that tests can force
// collisions; gosplan uses IdHash).
template <class Hash = IdHash>
class BasicIdIndex {
 public:
  using key_type = std::string;
  using mapped_type = Index;
  using value_type = std::pair<std::string, Index>;
  using size_type = std::size_t;
  using const_iterator = typename std::vector<value_type>::const_iterator;
  using iterator = const_iterator;  // entries are read through iterators, never changed

  BasicIdIndex() = default;
  BasicIdIndex(std::initializer_list<value_type> entries) {
    for (const value_type& entry : entries) emplace(entry.first, entry.second);
  }

  const_iterator begin() const { return entries_.begin(); }
  const_iterator end() const { return entries_.end(); }
  size_type size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

  void clear() {
    entries_.clear();
    slots_.clear();
  }

  // Room for `count` ids without rehashing.
  void reserve(size_type count) {
    entries_.reserve(count);
    if (2 * count > slots_.size()) Rehash(SlotsFor(count));
  }

  const_iterator find(std::string_view id) const {
    const std::uint32_t at = Find(id);
    return at == kEmpty ? entries_.end() : entries_.begin() + static_cast<std::ptrdiff_t>(at);
  }
  size_type count(std::string_view id) const { return Find(id) == kEmpty ? 0 : 1; }
  bool contains(std::string_view id) const { return Find(id) != kEmpty; }

  // The position of id; std::out_of_range if it is not there (as std::unordered_map::at).
  const Index& at(std::string_view id) const {
    const std::uint32_t at = Find(id);
    if (at == kEmpty) throw std::out_of_range("IdIndex::at: no id '" + std::string(id) + "'");
    return entries_[at].second;
  }
  Index& at(std::string_view id) {
    return const_cast<Index&>(static_cast<const BasicIdIndex&>(*this).at(id));
  }

  // The position of id, inserting id -> 0 if it is not there.
  Index& operator[](std::string_view id) { return entries_[Insert(id, 0).first].second; }

  // Inserts id -> position unless id is there; the entry of id and whether it was inserted.
  std::pair<const_iterator, bool> emplace(std::string_view id, Index position) {
    const auto [at, inserted] = Insert(id, position);
    return {entries_.begin() + static_cast<std::ptrdiff_t>(at), inserted};
  }
  std::pair<const_iterator, bool> insert(const value_type& entry) {
    return emplace(entry.first, entry.second);
  }

  // Starts loading the slot where a lookup of id begins (a hint: results do not depend on it).
  void Prefetch(std::string_view id) const {
#if defined(__GNUC__) || defined(__clang__)
    if (!slots_.empty()) __builtin_prefetch(&slots_[Hash{}(id)&Mask()], 0, 1);
#else
    (void)id;
#endif
  }

  // The same ids with the same positions, whatever the order they were inserted in.
  friend bool operator==(const BasicIdIndex& a, const BasicIdIndex& b) {
    if (a.size() != b.size()) return false;
    for (const value_type& entry : a.entries_) {
      const std::uint32_t at = b.Find(entry.first);
      if (at == kEmpty || b.entries_[at].second != entry.second) return false;
    }
    return true;
  }
  friend bool operator!=(const BasicIdIndex& a, const BasicIdIndex& b) { return !(a == b); }

 private:
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;  // no entry (and "not found")
  struct Slot {
    std::uint32_t hash = 0;        // the id's hash, high 32 bits (the low ones pick the slot)
    std::uint32_t entry = kEmpty;  // its number in entries_
  };

  std::size_t Mask() const { return slots_.size() - 1; }
  // The smallest power of two ≥ 2 · count (at most half full), at least 16.
  static std::size_t SlotsFor(std::size_t count) {
    std::size_t slots = 16;
    while (slots < 2 * count) slots *= 2;
    return slots;
  }

  std::uint32_t Find(std::string_view id) const {
    if (slots_.empty()) return kEmpty;
    const std::uint64_t hash = Hash{}(id);
    const auto tag = static_cast<std::uint32_t>(hash >> 32);
    for (std::size_t i = hash & Mask();; i = (i + 1) & Mask()) {
      const Slot& slot = slots_[i];
      if (slot.entry == kEmpty) return kEmpty;
      if (slot.hash == tag && std::string_view(entries_[slot.entry].first) == id) return slot.entry;
    }
  }

  // The entry number of id (inserted as id -> position if absent) and whether it was inserted.
  std::pair<std::uint32_t, bool> Insert(std::string_view id, Index position) {
    if (2 * (entries_.size() + 1) > slots_.size()) Rehash(SlotsFor(entries_.size() + 1));
    const std::uint64_t hash = Hash{}(id);
    const auto tag = static_cast<std::uint32_t>(hash >> 32);
    for (std::size_t i = hash & Mask();; i = (i + 1) & Mask()) {
      Slot& slot = slots_[i];
      if (slot.entry == kEmpty) {
        if (entries_.size() >= kEmpty) throw std::length_error("IdIndex: more than 2^32 - 1 ids");
        slot.hash = tag;
        slot.entry = static_cast<std::uint32_t>(entries_.size());
        entries_.emplace_back(std::string(id), position);
        return {slot.entry, true};
      }
      if (slot.hash == tag && std::string_view(entries_[slot.entry].first) == id) {
        return {slot.entry, false};
      }
    }
  }

  // A fresh slot array of `count` (a power of two) slots, refilled from the entries (their hashes
  // are recomputed: the slots keep only 32 bits).
  void Rehash(std::size_t count) {
    slots_.assign(count, Slot{});
    const std::size_t mask = count - 1;
    for (std::size_t e = 0; e < entries_.size(); ++e) {
      const std::uint64_t hash = Hash{}(entries_[e].first);
      std::size_t i = hash & mask;
      while (slots_[i].entry != kEmpty) i = (i + 1) & mask;
      slots_[i] = {static_cast<std::uint32_t>(hash >> 32), static_cast<std::uint32_t>(e)};
    }
  }

  std::vector<value_type> entries_;  // in insertion order
  std::vector<Slot> slots_;          // empty, or a power of two of them
};

using IdIndex = BasicIdIndex<>;

}  // namespace gosplan
