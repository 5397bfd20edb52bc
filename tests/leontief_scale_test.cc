// The large-economy path at small sizes: Matrix Market reading, the fused CSC kernels against a
// naive reference, the Anderson-accelerated Neumann solver against the sparse LU, the transposed
// solve against an explicitly transposed system, the generator and `gosplan io --coefficients` end
// to end.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <nlohmann/json.hpp>
#include <numeric>
#include <random>

#include "gosplan/generate.h"
#include "gosplan/io_table.h"
#include "gosplan/leontief.h"
#include "gosplan/matrix_market.h"
#include "leontief/sparse_kernels.h"
#include "test_support.h"

namespace gosplan {
namespace {

using ::testing::HasSubstr;
using testing::ScratchFolder;

std::string Quote(const std::string& path) { return "'" + path + "'"; }

std::string FirstDiagnostic(const Status& status) {
  return status.diagnostics().list().empty() ? status.message()
                                             : status.diagnostics().list()[0].ToString();
}

// A random productive A (column sums in [0.3, 0.8], k entries per column, power-law rows as the
// generator).
CscMatrix RandomEconomy(Index n, Index k, std::uint32_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<double> cumulative(static_cast<std::size_t>(n));
  double total = 0;
  for (Index i = 0; i < n; ++i)
    cumulative[static_cast<std::size_t>(i)] = total += 1.0 / std::pow(i + 1.0, 0.9);
  CscMatrix a;
  a.rows = a.cols = n;
  a.column_start.push_back(0);
  for (Index j = 0; j < n; ++j) {
    std::vector<std::pair<Index, double>> entries;
    double sum = 0;
    for (Index d = 0; d < k; ++d) {
      const Index i = std::min<Index>(
          n - 1, std::upper_bound(cumulative.begin(), cumulative.end(), uniform(random) * total) -
                     cumulative.begin());
      const double w = uniform(random) + 1e-3;
      entries.push_back({i, w});  // duplicates kept on purpose: they mean their sum
      sum += w;
    }
    const double scale = (0.3 + 0.5 * uniform(random)) / sum;
    for (auto [i, w] : entries) {
      a.row_index.push_back(static_cast<std::int32_t>(i));
      a.value.push_back(w * scale);
    }
    a.column_start.push_back(static_cast<Index>(a.value.size()));
  }
  return a;
}

SparseMatrix ToEigen(const CscMatrix& a) {
  std::vector<Eigen::Triplet<double, Index>> triplets;
  for (Index j = 0; j < a.cols; ++j) {
    for (Index k = a.column_start[j]; k < a.column_start[j + 1]; ++k)
      triplets.push_back({a.row_index[k], j, a.value[k]});
  }
  SparseMatrix m(a.rows, a.cols);
  m.setFromTriplets(triplets.begin(), triplets.end());  // sums duplicates
  return m;
}

// ---- Matrix Market reader
// ----------------------------------------------------------------------------------

constexpr const char* kBanner = "%%MatrixMarket matrix coordinate real general\n";

TEST(MatrixMarket, ReadsSortedAndUnsortedFilesAlike) {
  ScratchFolder scratch;
  const std::string sorted =
      scratch.Write("sorted.mtx", std::string(kBanner) +
                                      "% comment\n\n3 3 4\n1 1 0.5\n3 1 0.25\n2 2 1e-1\n1 3 2\n");
  const std::string unsorted = scratch.Write(
      "unsorted.mtx",
      std::string(kBanner) + "3 3 5\r\n1 3 2\r\n2 2 1e-1\r\n3 1 0.25\r\n1 1 0.25\r\n1 1 0.25");
  auto a = ReadMatrixMarket(sorted);
  auto b = ReadMatrixMarket(unsorted);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(a->rows, 3);
  EXPECT_EQ(a->nonzeros(), 4);
  EXPECT_EQ(a->column_start, (std::vector<Index>{0, 2, 3, 4}));
  const Eigen::MatrixXd dense_a = ToEigen(a.value()).toDense(),
                        dense_b = ToEigen(b.value()).toDense();
  Eigen::MatrixXd expected(3, 3);
  expected << 0.5, 0, 2, 0, 0.1, 0, 0.25, 0, 0;
  EXPECT_TRUE(dense_a.isApprox(expected, 0.0)) << dense_a;
  EXPECT_TRUE(dense_b.isApprox(expected, 0.0)) << dense_b;  // the repeated (1,1) entries are summed
}

struct BadFile {
  const char* name;
  std::string text;
  const char* where;    // "file:line:column" suffix expected in the first diagnostic
  const char* message;  // part of the message
};

TEST(MatrixMarket, ReportsProblemsWithLineAndColumn) {
  ScratchFolder scratch;
  const std::vector<BadFile> cases = {
      {"banner.mtx", "%%MatrixMarket matrix array real general\n2 2\n", ":1:23:", "unsupported"},
      {"nobanner.mtx", "2 2 1\n1 1 0.5\n", ":1:1:", "not a Matrix Market file"},
      {"symmetric.mtx", "%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n1 1 1\n",
       ":1:39:", "symmetric"},
      {"fewer.mtx", std::string(kBanner) + "2 2 3\n1 1 0.5\n2 2 0.5\n   \n", ":2",
       "declares 3 entries but the file has 2"},
      {"more.mtx", std::string(kBanner) + "2 2 1\n1 1 0.5\n2 2 0.5\n",
       ":4:1:", "more entries than the 1 declared"},
      {"range.mtx", std::string(kBanner) + "2 2 2\n1 1 0.5\n1  3 0.5\n",
       ":4:4:", "column index '3' is out of range"},
      {"zero.mtx", std::string(kBanner) + "2 2 1\n0 1 0.5\n", ":3:1:", "row index '0'"},
      {"nan.mtx", std::string(kBanner) + "2 2 1\n1 1 nan\n", ":3:5:", "not a finite number"},
      {"word.mtx", std::string(kBanner) + "2 2 1\n1 1 abc\n", ":3:5:", "not a number"},
      {"extra.mtx", std::string(kBanner) + "2 2 1\n1 1 1 7\n", ":3:7:", "text after the value"},
      {"size.mtx", std::string(kBanner) + "2 x 1\n", ":2:3:", "columns 'x'"},
  };
  for (const BadFile& bad : cases) {
    auto read = ReadMatrixMarket(scratch.Write(bad.name, bad.text));
    ASSERT_FALSE(read.ok()) << bad.name;
    EXPECT_EQ(read.status().code(), StatusCode::kInvalidInput) << bad.name;
    EXPECT_THAT(FirstDiagnostic(read.status()), HasSubstr(std::string(bad.name) + bad.where))
        << bad.name;
    EXPECT_THAT(FirstDiagnostic(read.status()), HasSubstr(bad.message)) << bad.name;
  }
  EXPECT_FALSE(ReadMatrixMarket(scratch.path() + "/missing.mtx").ok());
}

TEST(MatrixMarket, HugeDeclaredSizesInATinyFileAreRefusedBeforeAllocating) {
  ScratchFolder scratch;
  // 10^9 columns would need 8 GB of column offsets; 10^12 entries terabytes. Both refused from the
  // size line.
  auto columns = ReadMatrixMarket(
      scratch.Write("cols.mtx", std::string(kBanner) + "1000000000 1000000000 1\n1 1 1\n"));
  ASSERT_FALSE(columns.ok());
  EXPECT_THAT(FirstDiagnostic(columns.status()),
              HasSubstr("declares 1000000000 rows in a file of"));
  auto entries = ReadMatrixMarket(
      scratch.Write("nnz.mtx", std::string(kBanner) + "1000 1000 1000000000000\n1 1 1\n"));
  ASSERT_FALSE(entries.ok());
  EXPECT_THAT(FirstDiagnostic(entries.status()),
              HasSubstr("declares 1000000000000 entries but only 6 bytes"));
  auto index =
      ReadMatrixMarket(scratch.Write("big.mtx", std::string(kBanner) + "3000000000 3 1\n1 1 1\n"));
  ASSERT_FALSE(index.ok());
}

TEST(MatrixMarket, NegativeAndNonSquareAreRefusedWhenAsked) {
  ScratchFolder scratch;
  MatrixMarketOptions options;
  options.require_non_negative = true;
  options.require_square = true;
  auto negative = ReadMatrixMarket(
      scratch.Write("neg.mtx", std::string(kBanner) + "2 2 1\n1 2 -0.5\n"), options);
  ASSERT_FALSE(negative.ok());
  EXPECT_THAT(FirstDiagnostic(negative.status()),
              HasSubstr("neg.mtx:3:5: value '-0.5' is negative"));
  auto rectangular = ReadMatrixMarket(
      scratch.Write("rect.mtx", std::string(kBanner) + "2 3 1\n1 2 0.5\n"), options);
  ASSERT_FALSE(rectangular.ok());
  EXPECT_THAT(FirstDiagnostic(rectangular.status()), HasSubstr("2 x 3"));
}

TEST(VectorFile, ReadsAndChecksTheCount) {
  ScratchFolder scratch;
  auto good = ReadVectorFile(scratch.Write("y.txt", "% y\n600\n\n1.5e3\n"), 2);
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ(good.value(), Eigen::Vector2d(600, 1500));
  auto few = ReadVectorFile(scratch.Write("few.txt", "1\n2\n\n\n"), 3);
  ASSERT_FALSE(few.ok());
  EXPECT_THAT(FirstDiagnostic(few.status()), HasSubstr("has 2 numbers"));
  auto many = ReadVectorFile(scratch.Write("many.txt", "1\n2\n3\n"), 2);
  ASSERT_FALSE(many.ok());
  EXPECT_THAT(FirstDiagnostic(many.status()), HasSubstr("many.txt:3:1: more than 2 numbers"));
  auto nan = ReadVectorFile(scratch.Write("nan.txt", "1\n NaN\n"), 2);
  ASSERT_FALSE(nan.ok());
  EXPECT_THAT(FirstDiagnostic(nan.status()),
              HasSubstr("nan.txt:2:2: 'NaN' is not a finite number"));
  auto tiny = ReadVectorFile(scratch.Write("tiny.txt", "1\n"),
                             1000000000);  // refused before allocating 8 GB
  ASSERT_FALSE(tiny.ok());
}

// ---- Kernels
// -----------------------------------------------------------------------------------------------

TEST(FusedKernel, MatchesTheNaiveReferenceSerialAndParallel) {
  const CscMatrix a = RandomEconomy(3000, 12, 7);
  std::mt19937_64 random(3);
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  Eigen::VectorXd x(3000), v(3000), y(3000), c(3000);
  for (Index i = 0; i < 3000; ++i)
    x(i) = uniform(random), v(i) = uniform(random), y(i) = uniform(random), c(i) = uniform(random);
  const Eigen::VectorXd ax = leontief::MultiplyReference(a, x) + y;
  const Eigen::VectorXd atv = leontief::MultiplyTransposedReference(a, v) + c;
  const SparseMatrix eigen = ToEigen(a);
  EXPECT_LE((ax - (eigen * x + y)).cwiseAbs().maxCoeff(), 1e-13);
  EXPECT_LE((atv - (eigen.transpose() * v + c)).cwiseAbs().maxCoeff(), 1e-13);
  for (int parts : {1, 2, 3, 7}) {
    leontief::FusedKernel kernel(a, parts);
    Eigen::VectorXd primal(3000), dual(3000);
    for (int repeat = 0; repeat < 2;
         ++repeat) {  // the accumulators must be clean for the second call
      kernel.Apply(x.data(), y.data(), primal.data(), v.data(), c.data(), dual.data());
      EXPECT_LE((primal - ax).cwiseAbs().maxCoeff(), 1e-13) << parts;
      EXPECT_LE((dual - atv).cwiseAbs().maxCoeff(), 1e-13) << parts;
    }
    Eigen::VectorXd only(3000);
    kernel.Apply(x.data(), y.data(), only.data(), nullptr, nullptr, nullptr);
    EXPECT_LE((only - ax).cwiseAbs().maxCoeff(), 1e-13) << parts;
    kernel.Apply(nullptr, nullptr, nullptr, v.data(), c.data(), only.data());
    EXPECT_EQ(only, dual) << parts;  // the gather does not depend on the split
  }
}

TEST(FusedKernel, InterleavedLayoutMatchesAPlainLoopOverTheTriplets) {
  for (std::uint32_t seed : {4u, 9u}) {
    const Index n = 700 * seed;
    const CscMatrix a = RandomEconomy(n, 3 + seed, seed);
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> uniform(-1.0, 1.0);
    Eigen::VectorXd x(n), v(n), y(n), c(n);
    for (Index i = 0; i < n; ++i)
      x(i) = uniform(random), v(i) = uniform(random), y(i) = uniform(random),
      c(i) = uniform(random);
    // The reference: every triplet (i, j, a) visited once, in storage order.
    Eigen::VectorXd ax = y, atv = c;
    for (Index j = 0; j < n; ++j) {
      for (Index k = a.column_start[j]; k < a.column_start[j + 1]; ++k) {
        ax(a.row_index[k]) += a.value[k] * x(j);
        atv(j) += a.value[k] * v(a.row_index[k]);
      }
    }
    for (int parts : {1, 2, 3}) {
      leontief::FusedKernel kernel(a, parts);
      std::vector<double> pair(2 * static_cast<std::size_t>(n), -5.0);  // g at 2i, v at 2i + 1
      for (Index i = 0; i < n; ++i) pair[static_cast<std::size_t>(2 * i + 1)] = v(i);
      Eigen::VectorXd dual(n), contiguous(n), contiguous_dual(n);
      for (int repeat = 0; repeat < 2; ++repeat) {
        kernel.Apply(x.data(), y.data(), pair.data(), pair.data() + 1, c.data(), dual.data(),
                     nullptr, 2);
        double worst = 0.0;
        for (Index i = 0; i < n; ++i) {
          worst = std::max(worst, std::abs(pair[static_cast<std::size_t>(2 * i)] - ax(i)));
          ASSERT_EQ(pair[static_cast<std::size_t>(2 * i + 1)],
                    v(i));  // the gathered half is left alone
        }
        EXPECT_LE(worst, 1e-13) << parts;
        EXPECT_LE((dual - atv).cwiseAbs().maxCoeff(), 1e-13) << parts;
      }
      // Bit-identical to the contiguous layout (same summation order).
      kernel.Apply(x.data(), y.data(), contiguous.data(), v.data(), c.data(),
                   contiguous_dual.data());
      for (Index i = 0; i < n; ++i)
        ASSERT_EQ(pair[static_cast<std::size_t>(2 * i)], contiguous(i)) << parts;
      EXPECT_EQ(dual, contiguous_dual) << parts;
      // One side at a time, still interleaved.
      kernel.Apply(nullptr, nullptr, nullptr, pair.data() + 1, c.data(), dual.data(), nullptr, 2);
      EXPECT_EQ(dual, contiguous_dual) << parts;
      kernel.Apply(x.data(), y.data(), pair.data(), nullptr, nullptr, nullptr, nullptr, 2);
      for (Index i = 0; i < n; ++i)
        ASSERT_EQ(pair[static_cast<std::size_t>(2 * i)], contiguous(i)) << parts;
    }
  }
}

TEST(FusedKernel, MaxColumnSumMatchesAPlainLoopOverTheTriplets) {
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    const Index n = 500 + 300 * seed;
    const CscMatrix a = RandomEconomy(n, 1 + 4 * seed, seed);
    // The reference: triplets (i, j, a) summed into column sums by a plain loop.
    std::vector<double> sums(static_cast<std::size_t>(n), 0.0);
    for (Index j = 0; j < n; ++j) {
      for (Index k = a.column_start[j]; k < a.column_start[j + 1]; ++k)
        sums[static_cast<std::size_t>(j)] += a.value[k];
    }
    const double expected = *std::max_element(sums.begin(), sums.end());
    const Eigen::VectorXd ones = Eigen::VectorXd::Ones(n);
    const Eigen::VectorXd ax = leontief::MultiplyReference(a, ones);
    const Eigen::VectorXd atv = leontief::MultiplyTransposedReference(a, ones);
    for (int parts : {1, 2, 5}) {
      leontief::FusedKernel kernel(a, parts);
      Eigen::VectorXd primal(n), dual(n);
      double bound = -7.0;
      kernel.Apply(ones.data(), nullptr, primal.data(), ones.data(), nullptr, dual.data(), &bound);
      EXPECT_EQ(bound, expected) << parts;  // max is exact; each column is summed in storage order
      EXPECT_LE((primal - ax).cwiseAbs().maxCoeff(), 1e-13)
          << parts;  // the products are unchanged by the sums
      EXPECT_EQ(dual, atv) << parts;
      bound = -7.0;
      kernel.Apply(ones.data(), nullptr, primal.data(), nullptr, nullptr, nullptr, &bound);
      EXPECT_EQ(bound, expected) << parts;
      bound = -7.0;
      kernel.Apply(nullptr, nullptr, nullptr, ones.data(), nullptr, dual.data(), &bound);
      EXPECT_EQ(bound, expected) << parts;
    }
  }
}

// ---- Fast solver
// -------------------------------------------------------------------------------------------

TEST(NeumannAnderson, SameBytesEveryRunAndTheBoundIsTheMaxColumnSum) {
  const Index n = 3000;
  const CscMatrix a = RandomEconomy(n, 9, 5);
  const Eigen::VectorXd y = Eigen::VectorXd::LinSpaced(n, 1.0, 10.0);
  const Eigen::VectorXd labour = Eigen::VectorXd::LinSpaced(n, 0.1, 1.0);
  double max_column_sum = 0.0;
  for (Index j = 0; j < n; ++j) {
    double sum = 0.0;
    for (Index k = a.column_start[j]; k < a.column_start[j + 1]; ++k) sum += a.value[k];
    max_column_sum = std::max(max_column_sum, sum);
  }
  for (int threads : {1, 2}) {
    for (int depth : {1, 3, 5}) {
      NeumannAndersonOptions options;
      options.threads = threads;
      options.history = depth;
      auto first = SolveLeontiefNeumannAnderson(a, &y, {labour}, options);
      auto second = SolveLeontiefNeumannAnderson(a, &y, {labour}, options);
      ASSERT_TRUE(first.ok() && second.ok());
      ASSERT_TRUE(first->total_output_summary.converged &&
                  first->multiplier_summaries[0].converged);
      EXPECT_EQ(first->total_output, second->total_output) << threads << " " << depth;
      EXPECT_EQ(first->multipliers[0], second->multipliers[0]) << threads << " " << depth;
      EXPECT_EQ(first->spectral_radius_bound, max_column_sum);
      // No separate bound pass: the passes are the fused solve passes alone.
      EXPECT_EQ(first->matrix_passes, std::max(first->total_output_summary.iterations,
                                               first->multiplier_summaries[0].iterations));
      // 2 double + 2m + 1 float vectors per system.
      EXPECT_EQ(first->workspace_bytes, static_cast<std::size_t>(threads - 1) * n * 8 +
                                            2 * (2 * n * 8 + (2 * depth + 1) * n * 4));
    }
  }
}

// A random productive economy (RandomEconomy(n, 8, seed)) with final demand y in [0, 10) and labour
// coefficients in [0.1, 1), and the answers of the sparse LU — the independent path the iterative
// solves are checked against.
struct LuReference {
  CscMatrix a;
  SparseMatrix eigen;
  Eigen::VectorXd y, labour, x_lu, v_lu;
  bool solved = false;
};
LuReference LuReferenceCase(Index n, std::uint32_t seed) {
  LuReference reference;
  reference.a = RandomEconomy(n, 8, seed);
  reference.eigen = ToEigen(reference.a);
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> uniform(0.0, 10.0);
  reference.y.resize(n);
  reference.labour.resize(n);
  for (Index i = 0; i < n; ++i) {
    reference.y(i) = uniform(random);
    reference.labour(i) = 0.1 + 0.09 * uniform(random);
  }
  LeontiefOptions direct;
  direct.method = LeontiefMethod::kDirect;
  auto lu = LeontiefSolver::Create(reference.eigen, direct);
  EXPECT_TRUE(lu.ok()) << lu.status().ToString();
  if (!lu.ok()) return reference;
  reference.x_lu = lu->Solve(reference.y).value().values;
  reference.v_lu = lu->SolveTransposed(reference.labour).value().values;
  reference.solved = true;
  return reference;
}

TEST(NeumannAnderson, AgreesWithSparseLuOnRandomProductiveSystems) {
  for (std::uint32_t seed : {1u, 2u}) {
    const Index n = 2000;
    const LuReference reference = LuReferenceCase(n, seed);
    ASSERT_TRUE(reference.solved);
    const CscMatrix& a = reference.a;
    const SparseMatrix& eigen = reference.eigen;
    const Eigen::VectorXd &y = reference.y, &labour = reference.labour;
    const Eigen::VectorXd &x_lu = reference.x_lu, &v_lu = reference.v_lu;
    for (int depth : {0, 1, 3, 5}) {
      NeumannAndersonOptions options;
      options.tolerance = 1e-11;
      options.history = depth;
      auto fast = SolveLeontiefNeumannAnderson(a, &y, {labour, Eigen::VectorXd::Ones(n)}, options);
      ASSERT_TRUE(fast.ok()) << fast.status().ToString();
      ASSERT_TRUE(fast->total_output_summary.converged) << fast->total_output_summary.message;
      ASSERT_TRUE(fast->multiplier_summaries[0].converged) << fast->multiplier_summaries[0].message;
      ASSERT_TRUE(fast->multiplier_summaries[1].converged);
      EXPECT_LE((fast->total_output - x_lu).cwiseAbs().maxCoeff() / x_lu.cwiseAbs().maxCoeff(),
                1e-9)
          << depth;
      EXPECT_LE((fast->multipliers[0] - v_lu).cwiseAbs().maxCoeff() / v_lu.cwiseAbs().maxCoeff(),
                1e-9)
          << depth;
      // The reported residual is the true one, recomputed here independently.
      EXPECT_LE(LeontiefResidual(eigen, fast->total_output, y), 1e-11);
      EXPECT_LE(LeontiefTransposedResidual(eigen, fast->multipliers[0], labour), 1e-11);
      EXPECT_LT(fast->spectral_radius_bound, 1.0);
      if (depth == 3) {
        EXPECT_LT(fast->total_output_summary.iterations, 40)
            << "Anderson should beat plain Neumann";
      }
    }
  }
}

// The Gauss-Seidel pass on a hand-derived 3 × 3 case. A = [[0.1, 0.2, 0], [0.3, 0, 0.4], [0, 0.5,
// 0.2]]: U (i < j) = {a01 = 0.2, a12 = 0.4}, D = {a00 = 0.1, a22 = 0.2}, L (i > j) = {a10 = 0.3,
// a21 = 0.5}. b = (1, 2, 3), y = (10, 20, 30). z = (I − U)^-1 b by back substitution: z2 = 3, z1 =
// 2 + 0.4·3 = 3.2, z0 = 1 + 0.2·3.2 = 1.64. Φ = y + (L + D) z: Φ0 = 10 + 0.1·1.64 = 10.164, Φ1 =
// 20 + 0.3·1.64 = 20.492, Φ2 = 30 + 0.5·3.2 + 0.2·3 = 32.2. Check: y + A z − z = (9.164, 18.492,
// 29.2) = Φ − b. The dual, state v = 1, c = 0.5, columns descending, rows below j already new:
// w2 = 0.5 + 0.4·1 + 0.2·1 = 1.1; w1 = 0.5 + 0.2·1 + 0.5·w2 = 1.25; w0 = 0.5 + 0.1·1 + 0.3·w1 =
// 0.975. Its residual c + Aᵀw − w = (0.5 + 0.1·0.975 + 0.3·1.25 − 0.975, 0.5 + 0.2·0.975 +
// 0.5·1.1 − 1.25, 0.5 + 0.4·1.25 + 0.2·1.1 − 1.1) = (−0.0025, −0.005, 0.12), which is (U + D)ᵀ(w −
// v) = (0.1·(−0.025), 0.2·(−0.025), 0.4·0.25 + 0.2·0.1). Largest column sum 0.7; largest sum of
// a column's entries on or above the diagonal 0.4 + 0.2 = 0.6 (column 2).
TEST(SparseKernels, GaussSeidelPassByHand) {
  CscMatrix a;
  a.rows = a.cols = 3;
  a.column_start = {0, 2, 4, 6};
  a.row_index = {0, 1, 0, 2, 1, 2};
  a.value = {0.1, 0.3, 0.2, 0.5, 0.4, 0.2};
  const std::vector<double> b = {1, 2, 3}, y = {10, 20, 30}, c = {0.5, 0.5, 0.5}, v = {1, 1, 1};
  const double expected_z[] = {1.64, 3.2, 3.0}, expected_phi[] = {10.164, 20.492, 32.2},
               expected_dual[] = {0.975, 1.25, 1.1};
  for (int parts : {1, 2}) {  // sequential whatever the parts
    leontief::FusedKernel kernel(a, parts);
    std::vector<double> scratch(6, -1.0);  // overwritten
    std::vector<double> z(3, -1.0), dual(3, -1.0);
    leontief::GaussSeidelSums sums;
    kernel.ApplyGaussSeidel(b.data(), y.data(), z.data(), v.data(), c.data(), dual.data(),
                            scratch.data(), 2, &sums);
    for (int i = 0; i < 3; ++i) {
      EXPECT_NEAR(z[i], expected_z[i], 1e-14) << i;
      EXPECT_NEAR(scratch[2 * i], expected_phi[i], 1e-13) << i;
      EXPECT_NEAR(dual[i], expected_dual[i], 1e-15) << i;
      EXPECT_EQ(scratch[2 * i + 1], dual[i]) << "the working copy ends at the new values";
    }
    EXPECT_DOUBLE_EQ(sums.max_column_sum, 0.7);
    EXPECT_DOUBLE_EQ(sums.max_upper_sum, 0.6);
    // Either system alone, in both layouts of the dual.
    std::vector<double> alone(6, 0.0), dual_alone(3, -1.0), contiguous(3, 0.0);
    kernel.ApplyGaussSeidel(b.data(), y.data(), z.data(), nullptr, nullptr, nullptr, alone.data(),
                            2);
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(alone[2 * i], expected_phi[i], 1e-13) << i;
    kernel.ApplyGaussSeidel(nullptr, nullptr, nullptr, v.data(), c.data(), dual_alone.data(),
                            alone.data(), 2);
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(dual_alone[i], expected_dual[i], 1e-15) << i;
    kernel.ApplyGaussSeidel(nullptr, nullptr, nullptr, v.data(), c.data(), dual_alone.data(),
                            contiguous.data(), 1);
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(dual_alone[i], expected_dual[i], 1e-15) << i;
  }
}

TEST(NeumannAnderson, GaussSeidelAgreesWithSparseLuAndReportsTheTrueResidual) {
  const Index n = 2000;
  const LuReference lu = LuReferenceCase(n, 3);
  ASSERT_TRUE(lu.solved);
  const CscMatrix& a = lu.a;
  const SparseMatrix& eigen = lu.eigen;
  const Eigen::VectorXd &y = lu.y, &labour = lu.labour;
  const Eigen::VectorXd &x_lu = lu.x_lu, &v_lu = lu.v_lu;
  NeumannAndersonOptions jacobi;
  jacobi.tolerance = 1e-11;
  jacobi.threads = 1;
  auto reference = SolveLeontiefNeumannAnderson(a, &y, {labour}, jacobi);
  ASSERT_TRUE(reference.ok());
  for (int threads : {1, 2}) {
    for (bool with_dual : {true, false}) {
      NeumannAndersonOptions options = jacobi;
      options.threads = threads;
      options.gauss_seidel = true;
      std::vector<Eigen::VectorXd> duals;
      if (with_dual) duals.push_back(labour);
      auto fast = SolveLeontiefNeumannAnderson(a, &y, duals, options);
      ASSERT_TRUE(fast.ok()) << fast.status().ToString();
      ASSERT_TRUE(fast->total_output_summary.converged) << fast->total_output_summary.message;
      EXPECT_LE((fast->total_output - x_lu).cwiseAbs().maxCoeff() / x_lu.cwiseAbs().maxCoeff(),
                1e-9);
      // The reported residual is that of the vector returned, recomputed here independently.
      const double residual = LeontiefResidual(eigen, fast->total_output, y);
      EXPECT_LE(residual, 1e-11);
      EXPECT_NEAR(fast->total_output_summary.residual, residual, 1e-12);
      EXPECT_LT(fast->spectral_radius_bound, 1.0);
      if (with_dual) {
        ASSERT_TRUE(fast->multiplier_summaries[0].converged);
        EXPECT_LE((fast->multipliers[0] - v_lu).cwiseAbs().maxCoeff() / v_lu.cwiseAbs().maxCoeff(),
                  1e-9);
        EXPECT_EQ(fast->matrix_passes, std::max(fast->total_output_summary.iterations,
                                                fast->multiplier_summaries[0].iterations));
      }
      // Rows numbered by popularity put most of A above the diagonal: fewer passes, the check
      // pass included.
      EXPECT_LT(fast->total_output_summary.iterations, reference->total_output_summary.iterations);
      auto again = SolveLeontiefNeumannAnderson(a, &y, duals, options);
      ASSERT_TRUE(again.ok());
      EXPECT_EQ(again->total_output, fast->total_output);  // same bytes every run
    }
  }
}

// Labour values on Gauss-Seidel passes (FusedKernel::ApplyGaussSeidel): the answer is the map's
// output w = Ψ(v), whose residual c + Aᵀw − w = (U + D)ᵀ(w − v) is at most max_j Σ_{i ≤ j} |a_ij| ·
// ‖w − v‖_∞; that bound is what is reported, so the independent recomputation must not exceed it.
// Checked fused with total output (two transposed systems: the second runs alone, on n doubles of
// scratch) and without final demand, against the sparse LU.
TEST(NeumannAnderson, GaussSeidelLabourValuesReportABoundOnTheirTrueResidual) {
  const Index n = 2000;
  const LuReference lu = LuReferenceCase(n, 5);
  ASSERT_TRUE(lu.solved);
  const Eigen::VectorXd ones = Eigen::VectorXd::Ones(n);
  LeontiefOptions direct;
  direct.method = LeontiefMethod::kDirect;
  auto factor = LeontiefSolver::Create(lu.eigen, direct);
  ASSERT_TRUE(factor.ok());
  const Eigen::VectorXd v_ones = factor->SolveTransposed(ones).value().values;
  NeumannAndersonOptions jacobi;
  jacobi.tolerance = 1e-11;
  jacobi.threads = 1;
  auto reference = SolveLeontiefNeumannAnderson(lu.a, &lu.y, {lu.labour, ones}, jacobi);
  ASSERT_TRUE(reference.ok());
  for (bool with_final_demand : {true, false}) {
    NeumannAndersonOptions options = jacobi;
    options.gauss_seidel = true;
    auto solved = SolveLeontiefNeumannAnderson(lu.a, with_final_demand ? &lu.y : nullptr,
                                               {lu.labour, ones}, options);
    ASSERT_TRUE(solved.ok()) << solved.status().ToString();
    const Eigen::VectorXd* expected[] = {&lu.v_lu, &v_ones};
    const Eigen::VectorXd* rhs[] = {&lu.labour, &ones};
    for (int k = 0; k < 2; ++k) {
      const LeontiefSolveSummary& summary = solved->multiplier_summaries[k];
      ASSERT_TRUE(summary.converged) << summary.message;
      const Eigen::VectorXd& v = solved->multipliers[k];
      EXPECT_LE((v - *expected[k]).cwiseAbs().maxCoeff() / expected[k]->cwiseAbs().maxCoeff(), 1e-9)
          << k;
      const double independent = LeontiefTransposedResidual(lu.eigen, v, *rhs[k]);
      EXPECT_LE(summary.residual, 1e-11) << k;
      EXPECT_LE(independent, summary.residual * (1 + 1e-9) + 1e-15) << k;
      // Most of A lies above the diagonal (rows numbered by popularity): the transposed map's
      // own order (rows below j already new) needs no more passes than the Jacobi map.
      EXPECT_LE(summary.iterations, reference->multiplier_summaries[k].iterations) << k;
    }
    if (with_final_demand) {
      EXPECT_LE(
          (solved->total_output - lu.x_lu).cwiseAbs().maxCoeff() / lu.x_lu.cwiseAbs().maxCoeff(),
          1e-9);
      EXPECT_EQ(solved->matrix_passes, std::max(solved->total_output_summary.iterations,
                                                solved->multiplier_summaries[0].iterations) +
                                           solved->multiplier_summaries[1].iterations);
    }
    auto again = SolveLeontiefNeumannAnderson(lu.a, with_final_demand ? &lu.y : nullptr,
                                              {lu.labour, ones}, options);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->multipliers[0], solved->multipliers[0]);  // same bytes every run
  }
}

TEST(NeumannAnderson, TransposedSolveEqualsSolvingTheExplicitTranspose) {
  const Index n = 1500;
  const CscMatrix a = RandomEconomy(n, 10, 11);
  // Build A^T explicitly as its own CSC matrix and solve the primal system with it.
  const SparseMatrix transposed = ToEigen(a).transpose();
  CscMatrix at;
  at.rows = at.cols = n;
  at.column_start.assign(transposed.outerIndexPtr(), transposed.outerIndexPtr() + n + 1);
  for (Index k = 0; k < transposed.nonZeros(); ++k) {
    at.row_index.push_back(static_cast<std::int32_t>(transposed.innerIndexPtr()[k]));
    at.value.push_back(transposed.valuePtr()[k]);
  }
  const Eigen::VectorXd c = Eigen::VectorXd::LinSpaced(n, 0.1, 1.0);
  NeumannAndersonOptions options;
  options.tolerance = 1e-12;
  auto dual = SolveLeontiefNeumannAnderson(a, nullptr, {c}, options);
  auto primal = SolveLeontiefNeumannAnderson(at, &c, {}, options);
  ASSERT_TRUE(dual.ok() && primal.ok());
  ASSERT_TRUE(dual->multiplier_summaries[0].converged && primal->total_output_summary.converged);
  EXPECT_LE((dual->multipliers[0] - primal->total_output).cwiseAbs().maxCoeff() /
                primal->total_output.cwiseAbs().maxCoeff(),
            1e-10);
}

TEST(NeumannAnderson, ReportsNonConvergenceOfAnUnproductiveEconomy) {
  CscMatrix a;  // [[0.5, 1], [1, 0.5]]: ρ = 1.5
  a.rows = a.cols = 2;
  a.column_start = {0, 2, 4};
  a.row_index = {0, 1, 0, 1};
  a.value = {0.5, 1.0, 1.0, 0.5};
  const Eigen::VectorXd y = Eigen::Vector2d(1, 1);
  NeumannAndersonOptions options;
  options.history = 0;
  options.max_iterations = 50;
  auto solved = SolveLeontiefNeumannAnderson(a, &y, {}, options);
  if (solved.ok()) {
    EXPECT_FALSE(solved->total_output_summary.converged);
    EXPECT_THAT(solved->total_output_summary.message, HasSubstr("may not be productive"));
    EXPECT_GE(solved->spectral_radius_bound, 1.0);
  }
}

// ---- Generator and CLI
// -------------------------------------------------------------------------------------

TEST(LeontiefGenerator, WritesTheSameEconomyAsTheModelGenerator) {
  ScratchFolder scratch;
  GenerateOptions options;
  options.products = 300;
  options.inputs_per_product = 6;
  options.seed = 5;
  ASSERT_TRUE(WriteLeontiefEconomy(options, scratch.path() + "/mm").ok());
  auto a = ReadMatrixMarket(scratch.path() + "/mm/A.mtx");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  auto y = ReadVectorFile(scratch.path() + "/mm/y.txt", 300);
  auto labour = ReadVectorFile(scratch.path() + "/mm/labour.txt", 300);
  ASSERT_TRUE(y.ok() && labour.ok());
  auto model = GenerateEconomy(options);
  ASSERT_TRUE(model.ok());
  auto table = IoTableFromModel(model.value());
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  const Eigen::MatrixXd difference = ToEigen(a.value()).toDense() - table->coefficients.toDense();
  EXPECT_LE(difference.cwiseAbs().maxCoeff(), 1e-12);  // 12 significant digits of values below 1
  EXPECT_LE((y.value() - table->TotalFinalDemand()).cwiseAbs().maxCoeff(), 1e-10);
  EXPECT_LE((labour.value() - table->primary_coefficients.row(0).transpose()).cwiseAbs().maxCoeff(),
            1e-11);
}

TEST(CliIoCoefficients, MillerBlairByHand) {
  ScratchFolder scratch;
  // Miller & Blair (2009) table 2.3: A = Z diag(x)^-1 = [[0.15, 0.25], [0.2, 0.05]], labour
  // 300/1000, 500/2000.
  const std::string a = scratch.Write(
      "A.mtx", std::string(kBanner) + "2 2 4\n1 1 0.15\n2 1 0.2\n1 2 0.25\n2 2 0.05\n");
  const std::string y = scratch.Write("y.txt", "600\n1500\n");
  const std::string labour = scratch.Write("labour.txt", "0.3\n0.25\n");
  const auto run = testing::RunCli("io --coefficients " + Quote(a) + " --final-demand " + Quote(y) +
                                   " --primary labour=" + Quote(labour) + " --format json");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  const nlohmann::json out = nlohmann::json::parse(run.output);
  // Published: x = (1247.52, 1841.58), labour multipliers (0.44224, 0.37954).
  EXPECT_NEAR(out["total_output"][0].get<double>(), 1247.52, 5e-3);
  EXPECT_NEAR(out["total_output"][1].get<double>(), 1841.58, 5e-3);
  EXPECT_NEAR(out["multipliers"]["labour"][0].get<double>(), 0.44224, 5e-6);
  EXPECT_NEAR(out["multipliers"]["labour"][1].get<double>(), 0.37954, 5e-6);
  EXPECT_LE(out["residual"].get<double>(), 1e-10);
  EXPECT_GE(out["iterations"].get<Index>(), 1);
  // Timings are not results (docs/json.md): stderr only.
  EXPECT_FALSE(out.contains("timing"));
  EXPECT_THAT(run.errors, HasSubstr("gosplan: timings: load "));
  EXPECT_EQ(out["productive"], true);

  const auto csv = testing::RunCli("io --coefficients " + Quote(a) + " --final-demand " + Quote(y) +
                                   " --format csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.errors;
  EXPECT_THAT(csv.output, HasSubstr("sector,total_output\n1,1247.52"));

  // On Gauss-Seidel passes: the same published answers; the labour multipliers' residual is a
  // bound there, and the text report says so.
  const std::string given = " --final-demand " + Quote(y) + " --primary labour=" + Quote(labour);
  const auto seidel =
      testing::RunCli("io --coefficients " + Quote(a) + given + " --gauss-seidel --format json");
  ASSERT_EQ(seidel.exit_code, 0) << seidel.errors;
  const nlohmann::json fast = nlohmann::json::parse(seidel.output);
  EXPECT_NEAR(fast["total_output"][1].get<double>(), 1841.58, 5e-3);
  EXPECT_NEAR(fast["multipliers"]["labour"][0].get<double>(), 0.44224, 5e-6);
  EXPECT_NEAR(fast["multipliers"]["labour"][1].get<double>(), 0.37954, 5e-6);
  EXPECT_LE(fast["residual"].get<double>(), 1e-10);
  const auto text = testing::RunCli("io --coefficients " + Quote(a) + given + " --gauss-seidel -v");
  ASSERT_EQ(text.exit_code, 0) << text.errors;
  EXPECT_THAT(text.errors, HasSubstr("worst relative residual <= "));
  EXPECT_THAT(text.output, HasSubstr("residual <= "));
  EXPECT_THAT(text.output, HasSubstr("bounded on Gauss-Seidel passes"));
  EXPECT_EQ(fast["solver"],
            "Anderson(3)-accelerated Neumann iteration, fused CSC passes in Gauss-Seidel order "
            "(descending columns)");

  // The iteration's options on a table, where they would do nothing, are refused.
  const std::string table = scratch.Write(
      "table.csv", "sector,agriculture,manufacturing,final_demand\nagriculture,150,500,350\n");
  for (const char* option : {"--gauss-seidel", "--anderson-depth 2"}) {
    const auto refused = testing::RunCli("io " + Quote(table) + " " + option);
    EXPECT_EQ(refused.exit_code, 2) << option;
    EXPECT_THAT(refused.errors, HasSubstr("needs --coefficients A.mtx")) << option;
  }

  const std::string bad = scratch.Write("bad.mtx", std::string(kBanner) + "2 2 1\n1 5 0.1\n");
  const auto error =
      testing::RunCli("io --coefficients " + Quote(bad) + " --final-demand " + Quote(y));
  EXPECT_EQ(error.exit_code, 2);
  EXPECT_THAT(error.errors, HasSubstr("bad.mtx:3:3: column index '5' is out of range"));
  const auto short_y = testing::RunCli("io --coefficients " + Quote(a) + " --final-demand " +
                                       Quote(scratch.Write("short.txt", "600\n")));
  EXPECT_EQ(short_y.exit_code, 2);
}

TEST(CliIoCoefficients, GeneratedInstanceEndToEnd) {
  ScratchFolder scratch;
  const auto generated = testing::RunCli(
      "generate --matrix-market --products 2000 --inputs-per-product 8 --seed 3 --out " +
      Quote(scratch.path() + "/e") + " -q");
  ASSERT_EQ(generated.exit_code, 0) << generated.errors;
  const auto run = testing::RunCli("io --coefficients " + Quote(scratch.path() + "/e/A.mtx") +
                                   " --final-demand " + Quote(scratch.path() + "/e/y.txt") +
                                   " --primary labour=" + Quote(scratch.path() + "/e/labour.txt") +
                                   " --format json");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  const nlohmann::json out = nlohmann::json::parse(run.output);
  EXPECT_EQ(out["n"], 2000);
  EXPECT_LE(out["residual"].get<double>(), 1e-10);
  EXPECT_EQ(out["total_output"].size(), 2000u);
  EXPECT_EQ(out["multipliers"]["labour"].size(), 2000u);
}

}  // namespace
}  // namespace gosplan

namespace gosplan {
namespace {

// The progress and cancel hooks of the Neumann-Anderson solve (`gosplan io --coefficients` draws
// the one; Ctrl-C sets the other). What must hold whatever the numbers: a hook that never stops
// changes nothing (the same x and v, bit for bit, as a run without hooks); one report per matrix
// pass, numbered 1, 2, 3, ...; the fused pair is system 0 of 2 and the second transposed
// right-hand side system 1; the last report's residual is that system's final residual; a hook
// that says stop at its third poll gives kCancelled after 3 passes and no solution.
TEST(NeumannAnderson, ProgressAndCancelHooks) {
  const Index n = 800;
  const CscMatrix a = RandomEconomy(n, 9, 5);
  const Eigen::VectorXd y = Eigen::VectorXd::LinSpaced(n, 1.0, 10.0);
  const std::vector<Eigen::VectorXd> rhs = {Eigen::VectorXd::LinSpaced(n, 0.1, 1.0),
                                            Eigen::VectorXd::Ones(n)};
  NeumannAndersonOptions plain;
  plain.threads = 1;
  auto reference = SolveLeontiefNeumannAnderson(a, &y, rhs, plain);
  ASSERT_TRUE(reference.ok()) << reference.status().ToString();

  NeumannAndersonOptions watched = plain;
  std::vector<NeumannAndersonProgress> reports;
  watched.progress = [&](const NeumannAndersonProgress& report) { reports.push_back(report); };
  watched.should_stop = [] { return false; };
  auto same = SolveLeontiefNeumannAnderson(a, &y, rhs, watched);
  ASSERT_TRUE(same.ok()) << same.status().ToString();
  EXPECT_TRUE(same->total_output == reference->total_output);
  ASSERT_EQ(same->multipliers.size(), 2u);
  EXPECT_TRUE(same->multipliers[0] == reference->multipliers[0]);
  EXPECT_TRUE(same->multipliers[1] == reference->multipliers[1]);
  ASSERT_GT(reports.size(), 2u);
  EXPECT_LE(static_cast<Index>(reports.size()), reference->matrix_passes);
  for (std::size_t k = 0; k < reports.size(); ++k) {
    EXPECT_EQ(reports[k].passes, static_cast<Index>(k + 1));
    EXPECT_EQ(reports[k].systems, 2);
  }
  EXPECT_EQ(reports.front().system, 0);
  EXPECT_EQ(reports.back().system, 1);
  EXPECT_EQ(reports.back().residual, reference->multiplier_summaries[1].residual);
  EXPECT_LE(reports.back().residual, plain.tolerance);

  NeumannAndersonOptions stopped = plain;
  int polls = 0;
  stopped.should_stop = [&] { return ++polls == 3; };
  auto cancelled = SolveLeontiefNeumannAnderson(a, &y, rhs, stopped);
  ASSERT_FALSE(cancelled.ok());
  EXPECT_EQ(cancelled.status().code(), StatusCode::kCancelled);
  EXPECT_NE(cancelled.status().message().find("after 3 passes over A"), std::string::npos)
      << cancelled.status().message();
  EXPECT_EQ(polls, 3);
}

}  // namespace
}  // namespace gosplan
