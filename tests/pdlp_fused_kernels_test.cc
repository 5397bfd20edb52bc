// The fused kernels of the PDHG iteration (lp_kernels.h MatVecThenSumChunks, pdhg_iteration.h
// MatVecThenSum; docs/pdlp.md "Fused iteration kernels") against the unfused sequence they replace.
// The fusion only reorders memory traffic, never arithmetic, so every comparison is exact (bitwise
// equality of doubles), for 1 and 2 threads, with the double and the single-precision matrix.
//
// References, computed independently of the kernels:
//  - the product: a naive loop over each row's entries in column order (the order lp_kernels.h
//    "Determinism" prescribes), from the test's own triplet list;
//  - the sums: each chunk of LpKernels::kChunk rows summed serially, the chunk sums added in order;
//  - the whole iteration: PdhgIteration over a wrapper of LpKernels that is not LpKernels, so the
//    generic two-pass MatVecThenSum (MatVec, then SumChunks) is chosen instead of the fused one.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <tuple>
#include <vector>

#include "gosplan/pdlp.h"
#include "pdlp/lp_kernels.h"
#include "pdlp/minimisation_lp.h"
#include "pdlp/pdhg_iteration.h"
#include "pdlp/restart.h"
#include "pdlp/scaling.h"

namespace gosplan::pdlp {
namespace {

// Equality of the bits (so that −0 ≠ +0 and a NaN is caught).
bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

struct Triplet {
  Index row, column;
  double value;
};

// A deterministic pseudo-random sparse pattern (a 64-bit LCG): every row gets 1–4 entries in
// distinct columns, values in [-1, 1) \ {0}, so rows have different lengths and the chunks differ.
struct Pattern {
  Index rows, columns;
  std::vector<Triplet> entries;  // column-major, rows ascending within a column
};

Pattern MakePattern(Index rows, Index columns) {
  std::uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 11;
  };
  std::vector<std::vector<std::pair<Index, double>>> by_column(static_cast<std::size_t>(columns));
  for (Index i = 0; i < rows; ++i) {
    const int count = 1 + static_cast<int>(next() % 4);
    Index column = static_cast<Index>(next() % static_cast<std::uint64_t>(columns));
    for (int e = 0; e < count; ++e) {
      column = (column + 1 + static_cast<Index>(next() % 7)) % columns;
      double value = static_cast<double>(next() % 2000) / 1000.0 - 1.0;
      if (value == 0.0) value = 0.5;
      auto& list = by_column[static_cast<std::size_t>(column)];
      if (!list.empty() && list.back().first == i) continue;  // keep (row, column) distinct
      list.emplace_back(i, value);
    }
  }
  Pattern pattern{rows, columns, {}};
  for (Index j = 0; j < columns; ++j) {
    for (const auto& [i, v] : by_column[static_cast<std::size_t>(j)]) {
      pattern.entries.push_back({i, j, v});
    }
  }
  return pattern;
}

CscMatrix ToCsc(const Pattern& pattern) {
  CscMatrix matrix;
  matrix.num_rows = pattern.rows;
  matrix.num_columns = pattern.columns;
  matrix.starts.assign(static_cast<std::size_t>(pattern.columns + 1), 0);
  for (const Triplet& t : pattern.entries) {
    ++matrix.starts[static_cast<std::size_t>(t.column + 1)];
    matrix.indices.push_back(t.row);
    matrix.values.push_back(t.value);
  }
  for (Index j = 0; j < pattern.columns; ++j) matrix.starts[j + 1] += matrix.starts[j];
  return matrix;
}

// A partial over rows like the dual step's: two sums of terms of `out` and two other vectors.
struct DualLikeSums {
  const std::vector<double>& out;
  const std::vector<double>& a;
  const std::vector<double>& b;
  Sums<2> operator()(Index begin, Index end) const {
    Sums<2> sums;
    for (Index i = begin; i < end; ++i) {
      const double d = 2.0 * out[i] - a[i];
      sums[0] += d * d;
      sums[1] += d * b[i];
    }
    return sums;
  }
};

std::vector<double> Ramp(Index size, double scale) {
  std::vector<double> v(static_cast<std::size_t>(size));
  for (Index k = 0; k < size; ++k) v[k] = scale * std::sin(0.37 * static_cast<double>(k) + 0.1);
  return v;
}

class FusedMatVecTest : public ::testing::TestWithParam<std::tuple<int, bool>> {};

// 40,000 rows: 10 chunks of 4,096 and a short last one, above kParallelThreshold, so with 2
// threads the chunks really are shared out.
TEST_P(FusedMatVecTest, EqualsMatVecThenSumChunksAndANaiveReference) {
  const auto [threads, single] = GetParam();
  const Pattern pattern = MakePattern(40000, 15000);
  LpKernels kernels(ToCsc(pattern), threads);
  if (single) {
    ASSERT_TRUE(kernels.UseSinglePrecisionProducts());
  }
  const Index m = pattern.rows, n = pattern.columns;
  const std::vector<double> x = Ramp(n, 3.0), a = Ramp(m, 0.5), b = Ramp(m, -2.0);

  // Naive reference: row i's entries in ascending column order (the pattern is column-major, so
  // visiting it in order appends to each row in column order), each value rounded to float first
  // when the kernels read the single-precision copy.
  std::vector<double> reference(static_cast<std::size_t>(m), 0.0);
  for (const Triplet& t : pattern.entries) {
    const double value = single ? static_cast<double>(static_cast<float>(t.value)) : t.value;
    reference[t.row] += value * x[t.column];
  }
  Sums<2> reference_sums;
  const DualLikeSums reference_partial{reference, a, b};
  for (Index begin = 0; begin < m; begin += LpKernels::kChunk) {
    reference_sums += reference_partial(begin, std::min(begin + LpKernels::kChunk, m));
  }

  // The unfused sequence.
  std::vector<double> unfused(static_cast<std::size_t>(m));
  kernels.MatVec(x, unfused);
  const Sums<2> unfused_sums = kernels.SumChunks(m, DualLikeSums{unfused, a, b});

  // The fused kernel (poisoned output first, so a row it skipped would show).
  std::vector<double> fused(static_cast<std::size_t>(m), std::numeric_limits<double>::quiet_NaN());
  const Sums<2> fused_sums = kernels.MatVecThenSumChunks(x, fused, DualLikeSums{fused, a, b});

  for (Index i = 0; i < m; ++i) {
    ASSERT_TRUE(SameBits(fused[i], reference[i])) << "row " << i;
    ASSERT_TRUE(SameBits(fused[i], unfused[i])) << "row " << i;
  }
  for (int k = 0; k < 2; ++k) {
    EXPECT_TRUE(SameBits(fused_sums[k], reference_sums[k])) << k;
    EXPECT_TRUE(SameBits(fused_sums[k], unfused_sums[k])) << k;
  }
}

INSTANTIATE_TEST_SUITE_P(ThreadsAndPrecision, FusedMatVecTest,
                         ::testing::Combine(::testing::Values(1, 2), ::testing::Bool()));

// A matrix smaller than one chunk: the fused kernel is the one-chunk case of SumChunks.
TEST(FusedMatVec, SmallerThanOneChunk) {
  const Pattern pattern = MakePattern(300, 120);
  LpKernels kernels(ToCsc(pattern), 2);
  const std::vector<double> x = Ramp(120, 1.0), a = Ramp(300, 1.0), b = Ramp(300, 1.0);
  std::vector<double> unfused(300), fused(300);
  kernels.MatVec(x, unfused);
  const Sums<2> unfused_sums = kernels.SumChunks(300, DualLikeSums{unfused, a, b});
  const Sums<2> fused_sums = kernels.MatVecThenSumChunks(x, fused, DualLikeSums{fused, a, b});
  for (Index i = 0; i < 300; ++i) ASSERT_TRUE(SameBits(fused[i], unfused[i])) << i;
  EXPECT_TRUE(SameBits(fused_sums[0], unfused_sums[0]));
  EXPECT_TRUE(SameBits(fused_sums[1], unfused_sums[1]));
}

// LpKernels behind another type: PdhgIteration's MatVecThenSum takes the generic two-pass path
// (MatVec, then SumChunks) for it, as for the PETSc kernels.
class UnfusedKernels final : public Reductions {
 public:
  explicit UnfusedKernels(const LpKernels& inner) : inner_(inner) {}
  Index num_rows() const { return inner_.num_rows(); }
  Index num_columns() const { return inner_.num_columns(); }
  void MatVec(std::span<const double> x, std::span<double> out) const { inner_.MatVec(x, out); }
  void TransposeMatVec(std::span<const double> y, std::span<double> out) const {
    inner_.TransposeMatVec(y, out);
  }
  void Axpy(double a, std::span<const double> x, std::span<double> y) const {
    inner_.Axpy(a, x, y);
  }
  double SquaredDistance(std::span<const double> a, std::span<const double> b) const {
    return inner_.SquaredDistance(a, b);
  }
  double GlobalSum(double local) const override { return local; }
  double GlobalMax(double local) const override { return local; }
  template <typename Partial>
  auto SumChunks(Index n, Partial&& partial) const {
    return inner_.SumChunks(n, std::forward<Partial>(partial));
  }
  template <typename Body>
  void ForEach(Index n, Body&& body) const {
    inner_.ForEach(n, std::forward<Body>(body));
  }

 private:
  const LpKernels& inner_;
};

// A feasible LP on the pattern: 0 ≤ x ≤ 10, l ≤ M x ≤ u around M x₀ for x₀ = 1 (so x₀ is
// feasible), objective of mixed signs. Big enough (40,000 rows) for several chunks and threads.
MinimisationLp MakeLp(const Pattern& pattern) {
  MinimisationLp lp;
  lp.matrix = ToCsc(pattern);
  const Index m = pattern.rows, n = pattern.columns;
  std::vector<double> row_at_one(static_cast<std::size_t>(m), 0.0);
  for (const Triplet& t : pattern.entries) row_at_one[t.row] += t.value;
  lp.objective = Ramp(n, 1.0);
  lp.column_lower.assign(static_cast<std::size_t>(n), 0.0);
  lp.column_upper.assign(static_cast<std::size_t>(n), 10.0);
  lp.row_lower.resize(static_cast<std::size_t>(m));
  lp.row_upper.resize(static_cast<std::size_t>(m));
  for (Index i = 0; i < m; ++i) {
    lp.row_lower[i] = row_at_one[i] - (i % 3 == 0 ? 0.0 : 0.5);  // every third row an equality
    lp.row_upper[i] = row_at_one[i] + (i % 3 == 0 ? 0.0 : 0.5);
  }
  return lp;
}

class FusedIterationTest : public ::testing::TestWithParam<int> {};

// 300 step attempts (checks, restarts and the averages' folding included) with the fused kernels
// and with the two-pass ones: the same returned point, bit for bit, and the same counts.
TEST_P(FusedIterationTest, SameIteratesAsTheTwoPassSequence) {
  const int threads = GetParam();
  const MinimisationLp lp = MakeLp(MakePattern(40000, 15000));
  const ScaledLp scaled = ScaleLp(lp, lp, 10, threads);
  PdlpOptions options;
  options.iteration_limit = 300;
  options.tolerance = 1e-12;  // not reached: every run goes to the limit
  options.threads = threads;
  const RestartParameters restart;
  const auto start = Clock::now();

  PdlpSummary fused_summary, unfused_summary;
  PdhgIteration<LpKernels> fused(scaled, *scaled.kernels, options, restart, start, &fused_summary);
  const RunResult a = fused.Run();
  const UnfusedKernels two_pass(*scaled.kernels);
  PdhgIteration<UnfusedKernels> unfused(scaled, two_pass, options, restart, start,
                                        &unfused_summary);
  const RunResult b = unfused.Run();

  EXPECT_EQ(a.reason, TerminationReason::kIterationLimit);
  EXPECT_EQ(a.reason, b.reason);
  EXPECT_EQ(a.iterations, b.iterations);
  EXPECT_EQ(a.average, b.average);
  EXPECT_EQ(fused_summary.restarts, unfused_summary.restarts);
  EXPECT_EQ(fused_summary.rejected_steps, unfused_summary.rejected_steps);
  EXPECT_TRUE(SameBits(fused_summary.final_step_size, unfused_summary.final_step_size));
  ASSERT_EQ(a.point.x.size(), b.point.x.size());
  ASSERT_EQ(a.point.y.size(), b.point.y.size());
  for (std::size_t j = 0; j < a.point.x.size(); ++j) {
    ASSERT_TRUE(SameBits(a.point.x[j], b.point.x[j])) << "x " << j;
  }
  for (std::size_t i = 0; i < a.point.y.size(); ++i) {
    ASSERT_TRUE(SameBits(a.point.y[i], b.point.y[i])) << "y " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Threads, FusedIterationTest, ::testing::Values(1, 2));

}  // namespace
}  // namespace gosplan::pdlp
