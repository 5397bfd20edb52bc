// How the products — the rows and columns of M = I − A — are dealt to the MPI ranks of the PETSc
// Leontief solve (leontief_petsc.cc; docs/distributed.md, "How it works").
//
// PETSc's MATMPIAIJ gives rank r one contiguous range of the distributed numbering: those rows of
// M and the same entries of every vector. The solve numbers the products so that each rank gets
// its share of the WORK, then permutes symmetrically:
//     M' = Q M Qᵀ,  b' = Q b,  x = Qᵀ x'   (Q the permutation matrix: product i ↦ index
//     IndexOf(i)).
// A symmetric permutation leaves the solutions, M's spectrum, its diagonal (point Jacobi) and every
// Krylov inner product unchanged in exact arithmetic, so every numbering gives the same answer
// within the solve's tolerance (in floating point the sums run in another order: the last bits
// differ between numberings, never between two runs with the same numbering).
//
//   kInterleaved (the default): the products are dealt like cards in a snake,
//       0 1 … P−1  P−1 … 1 0  0 1 … P−1  …
//     (product i = b·P + q goes to rank q when the block b is even, P − 1 − q when it is odd) and
//     keep their order on each rank (local index b). Every rank holds n/P products (±1), so the
//     same share of the vector work (GMRES's orthogonalisation, ≈ 4·j flops per product in its
//     j-th iteration, is as much as the mat-vec's 2·(1 + K)), and — where row lengths fall with
//     the product number, as in `gosplan generate`'s numbering by popularity — entries that differ
//     between ranks by at most about one row. The snake rather than i mod P: dealing back and
//     forth, no rank gets the longest row of every block.
//   kContiguous (`-leontief_split contiguous`; what the solve did before): the identity numbering,
//     cut into P ranges of about equal entries. It keeps any locality the input's numbering has
//     (few ghost values where the matrix is nearly block diagonal in the given order); with rows
//     sorted by popularity it gives rank 0 a few long rows and the others nearly all the vector
//     work (docs/benchmarks.md, "Balanced split").
//
// Units: indices of products (0-based), counts of products. No MPI here: the entry-balanced
// boundaries of kContiguous are computed by the caller (a reduction over the ranks' slices).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace gosplan::distributed {

enum class LeontiefSplitKind { kInterleaved, kContiguous };

class LeontiefSplit {
 public:
  // The snake deal of n products over `ranks` ranks.
  static LeontiefSplit Interleaved(std::int64_t n, int ranks) {
    LeontiefSplit split(LeontiefSplitKind::kInterleaved, n, ranks);
    const std::int64_t blocks = n / ranks, rest = n % ranks;
    for (int r = 0; r < ranks; ++r) {
      // The last, partial block b = blocks holds products blocks·P + q for q < rest.
      const std::int64_t extra = rest > 0 && SeatOf(blocks, r, ranks) < rest ? 1 : 0;
      split.start_[static_cast<std::size_t>(r) + 1] =
          split.start_[static_cast<std::size_t>(r)] + blocks + extra;
    }
    return split;
  }
  // The identity numbering cut at `start` (size ranks + 1, start[0] = 0, start[ranks] = n,
  // non-decreasing).
  static LeontiefSplit Contiguous(std::vector<std::int64_t> start) {
    LeontiefSplit split(LeontiefSplitKind::kContiguous, start.back(),
                        static_cast<int>(start.size()) - 1);
    split.start_ = std::move(start);
    return split;
  }

  LeontiefSplitKind kind() const { return kind_; }
  std::int64_t size() const { return n_; }
  int ranks() const { return ranks_; }
  // Rank r's range of the distributed numbering: [Begin(r), Begin(r + 1)).
  std::int64_t Begin(int rank) const { return start_[static_cast<std::size_t>(rank)]; }
  std::int64_t Count(int rank) const { return Begin(rank + 1) - Begin(rank); }

  // The rank that holds product i.
  int RankOf(std::int64_t product) const {
    if (kind_ == LeontiefSplitKind::kInterleaved) {
      return static_cast<int>(SeatOf(product / ranks_, product % ranks_, ranks_));
    }
    return static_cast<int>(std::upper_bound(start_.begin(), start_.end(), product) -
                            start_.begin()) -
           1;
  }
  // Product i's index in the distributed numbering (its row of M', its entry of b' and x').
  std::int64_t IndexOf(std::int64_t product) const {
    if (kind_ == LeontiefSplitKind::kContiguous) return product;
    return Begin(RankOf(product)) + product / ranks_;
  }
  // The product at index k of the distributed numbering held by `rank` (the inverse of IndexOf).
  std::int64_t ProductAt(int rank, std::int64_t index) const {
    if (kind_ == LeontiefSplitKind::kContiguous) return index;
    const std::int64_t block = index - Begin(rank);
    return block * ranks_ + SeatOf(block, rank, ranks_);
  }

  static const char* Name(LeontiefSplitKind kind) {
    return kind == LeontiefSplitKind::kInterleaved ? "interleaved" : "contiguous";
  }

 private:
  LeontiefSplit(LeontiefSplitKind kind, std::int64_t n, int ranks)
      : kind_(kind), n_(n), ranks_(ranks), start_(static_cast<std::size_t>(ranks) + 1, 0) {}
  // In block b, the seat q ↔ rank r map of the snake (its own inverse): r = q for even b,
  // P − 1 − q for odd b.
  static std::int64_t SeatOf(std::int64_t block, std::int64_t q, int ranks) {
    return block % 2 == 0 ? q : ranks - 1 - q;
  }

  LeontiefSplitKind kind_;
  std::int64_t n_;
  int ranks_;
  std::vector<std::int64_t> start_;
};

}  // namespace gosplan::distributed
