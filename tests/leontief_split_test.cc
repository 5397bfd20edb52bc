// The dealing of products to MPI ranks of the PETSc Leontief solve (src/distributed/
// leontief_split.h) against a naive reference: the snake dealt card by card. Header-only and
// without MPI, so it runs in every build (the sanitizer build too).
#include "distributed/leontief_split.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace gosplan::distributed {
namespace {

// The reference: walk the products in order, giving each to the next seat of the sequence
// 0 1 … P−1 P−1 … 1 0 0 1 … (one card per seat per round); a rank keeps its cards in the order
// dealt, and the distributed numbering lists rank 0's cards, then rank 1's, ...
struct Dealt {
  std::vector<int> rank_of;         // per product
  std::vector<std::int64_t> local;  // per product: its position among its rank's cards
  std::vector<std::int64_t> count;  // per rank
};
Dealt DealBySnake(std::int64_t n, int ranks) {
  Dealt dealt;
  dealt.count.assign(static_cast<std::size_t>(ranks), 0);
  std::vector<int> sequence;
  for (int r = 0; r < ranks; ++r) sequence.push_back(r);
  for (int r = ranks - 1; r >= 0; --r) sequence.push_back(r);
  for (std::int64_t i = 0; i < n; ++i) {
    const int r = sequence[static_cast<std::size_t>(i % (2 * ranks))];
    dealt.rank_of.push_back(r);
    dealt.local.push_back(dealt.count[static_cast<std::size_t>(r)]++);
  }
  return dealt;
}

TEST(LeontiefSplit, InterleavedIsTheSnakeDealtCardByCard) {
  for (const int ranks : {1, 2, 3, 4, 7}) {
    for (const std::int64_t n : {1, 2, 3, 5, 6, 7, 13, 14, 29, 100, 101}) {
      if (n < ranks) continue;
      SCOPED_TRACE("n " + std::to_string(n) + ", ranks " + std::to_string(ranks));
      const Dealt dealt = DealBySnake(n, ranks);
      const LeontiefSplit split = LeontiefSplit::Interleaved(n, ranks);
      ASSERT_EQ(split.size(), n);
      ASSERT_EQ(split.Begin(0), 0);
      ASSERT_EQ(split.Begin(ranks), n);
      std::vector<std::int64_t> begin{0};
      for (int r = 0; r < ranks; ++r) {
        EXPECT_EQ(split.Count(r), dealt.count[static_cast<std::size_t>(r)]) << "rank " << r;
        begin.push_back(begin.back() + dealt.count[static_cast<std::size_t>(r)]);
      }
      std::vector<int> seen(static_cast<std::size_t>(n), 0);
      for (std::int64_t i = 0; i < n; ++i) {
        const int r = dealt.rank_of[static_cast<std::size_t>(i)];
        const std::int64_t index =
            begin[static_cast<std::size_t>(r)] + dealt.local[static_cast<std::size_t>(i)];
        EXPECT_EQ(split.RankOf(i), r) << "product " << i;
        EXPECT_EQ(split.IndexOf(i), index) << "product " << i;
        EXPECT_EQ(split.ProductAt(r, index), i) << "product " << i;
        ++seen[static_cast<std::size_t>(index)];
      }
      for (std::int64_t k = 0; k < n; ++k) EXPECT_EQ(seen[static_cast<std::size_t>(k)], 1);
      // n / P products per rank, ± 1 (the vector work's share).
      for (int r = 0; r < ranks; ++r) {
        EXPECT_GE(split.Count(r), n / ranks);
        EXPECT_LE(split.Count(r), n / ranks + 1);
      }
    }
  }
}

// Rows whose lengths fall with the product number (generate's numbering by popularity): the
// snake gives ranks r and s entry totals within the longest row of each other. Why: in an even
// block b (products bP … bP + P − 1, lengths non-increasing) rank r's card minus rank s's is at
// most L[bP] − L[bP + P − 1] ≤ L[bP] − L[(b + 1)P] in absolute value, and in the next (odd) block
// the order is reversed; summed over the blocks the bounds telescope to ≤ L[0].
TEST(LeontiefSplit, InterleavedBalancesRowsSortedByLength) {
  const std::int64_t n = 10007;
  std::vector<std::int64_t> length(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) length[static_cast<std::size_t>(i)] = 1 + 50000 / (i + 1);
  for (const int ranks : {2, 3, 16}) {
    SCOPED_TRACE("ranks " + std::to_string(ranks));
    const LeontiefSplit split = LeontiefSplit::Interleaved(n, ranks);
    std::vector<std::int64_t> entries(static_cast<std::size_t>(ranks), 0);
    for (std::int64_t i = 0; i < n; ++i) {
      entries[static_cast<std::size_t>(split.RankOf(i))] += length[static_cast<std::size_t>(i)];
    }
    for (int r = 0; r < ranks; ++r) {
      for (int s = 0; s < ranks; ++s) {
        EXPECT_LE(entries[static_cast<std::size_t>(r)] - entries[static_cast<std::size_t>(s)],
                  length[0])
            << "ranks " << r << " and " << s;
      }
    }
  }
}

TEST(LeontiefSplit, ContiguousIsTheIdentityCutAtItsBoundaries) {
  // Boundaries with an empty rank (2 = 2): product 2 belongs to the rank whose range holds it.
  const LeontiefSplit split = LeontiefSplit::Contiguous({0, 2, 2, 5});
  EXPECT_EQ(split.size(), 5);
  EXPECT_EQ(split.ranks(), 3);
  EXPECT_EQ(split.Count(0), 2);
  EXPECT_EQ(split.Count(1), 0);
  EXPECT_EQ(split.Count(2), 3);
  const int owner[] = {0, 0, 2, 2, 2};
  for (std::int64_t i = 0; i < 5; ++i) {
    EXPECT_EQ(split.RankOf(i), owner[i]) << "product " << i;
    EXPECT_EQ(split.IndexOf(i), i);
    EXPECT_EQ(split.ProductAt(owner[i], i), i);
  }
}

}  // namespace
}  // namespace gosplan::distributed
