// The compensated scatter into the hot rows of the fused kernel (src/leontief/sparse_kernels.h,
// "Hot rows"): a hand-derived long row that one-at-a-time summation gets wrong, agreement with the
// naive reference for every split of rows, and a solve whose reported residual is recomputed
// independently in long double with compensation.
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "gosplan/leontief.h"
#include "gosplan/matrix_market.h"
#include "leontief/sparse_kernels.h"

namespace gosplan {
namespace {

// Row 0 holds N = 2^18 entries a_0j = 2^-53 (columns 1..N), x = 1, y_0 = 1; every other row is
// empty. Exact: (A x + y)_0 = 1 + N·2^-53 = 1 + 2^-35, a double. One addition at a time starting
// from y_0 (the kernel's accumulator starts at y), each 1 + 2^-53 is a tie that rounds to even,
// i.e. to 1, so the naive sum stays 1.0 (asserted below). Compensated: a block's partial m·2^-53 (m
// ≤ 2^18) is exact, and so is 1 + (the sum of the partials) = 1 + 2^-35, since every partial is a
// multiple of 2^-53 and the result needs 36 bits.
CscMatrix LongTinyRow(Index long_entries) {
  CscMatrix a;
  a.rows = a.cols = long_entries + 1;
  a.column_start.assign(static_cast<std::size_t>(a.cols + 1), 0);
  for (Index j = 1; j <= long_entries; ++j) {
    a.row_index.push_back(0);
    a.value.push_back(std::ldexp(1.0, -53));
    a.column_start[static_cast<std::size_t>(j + 1)] = j;
  }
  return a;
}

TEST(HotRows, ALongRowKeepsItsTinyTermsThatNaiveSummationRoundsAway) {
  const Index entries = Index{1} << 18;
  const CscMatrix a = LongTinyRow(entries);
  const Index n = a.rows;
  const double exact = 1.0 + std::ldexp(1.0, -35);
  Eigen::VectorXd x = Eigen::VectorXd::Ones(n), y = Eigen::VectorXd::Zero(n);
  y(0) = 1.0;
  double naive = y(0);
  for (double value : a.value) naive += value;  // x = 1
  ASSERT_EQ(naive, 1.0);                        // the rounding this test is about
  for (int parts : {1, 2, 3}) {
    leontief::FusedKernel kernel(a, parts);
    Eigen::VectorXd out(n), dual(n);
    kernel.Apply(x.data(), y.data(), out.data(), nullptr, nullptr, nullptr);
    // With 3 parts, 1 + (part 0's share, 87382·2^-53) is not a double: the sum of the parts in
    // order rounds twice, half an ulp of 1 (2^-53) each; the naive sum is 2^17 ulps off.
    const double slack = parts == 3 ? std::ldexp(1.0, -52) : 0.0;
    EXPECT_NEAR(out(0), exact, slack) << parts;
    // Interleaved with a gathered v, as the solver calls it.
    std::vector<double> pair(2 * static_cast<std::size_t>(n), 1.0);
    kernel.Apply(x.data(), y.data(), pair.data(), pair.data() + 1, nullptr, dual.data(), nullptr,
                 2);
    EXPECT_NEAR(pair[0], exact, slack) << parts;
    EXPECT_EQ(dual(1), std::ldexp(1.0, -53)) << parts;  // column 1: one entry times v_0 = 1
    // R = 0 is the one-at-a-time sum of before.
    leontief::FusedKernel plain(a, parts, 0);
    plain.Apply(x.data(), y.data(), out.data(), nullptr, nullptr, nullptr);
    if (parts == 1) EXPECT_EQ(out(0), 1.0);
  }
  // The Gauss-Seidel pass: b = 1, so z_j = 1 for j ≥ 1 (rows j ≥ 1 are empty) and z_0 = b_0 +
  // (U z)_0 = 1 + N·2^-53 = the same exact value; Φ_0 = y_0 + 0 (column 0 is empty).
  leontief::FusedKernel kernel(a, 1);
  const Eigen::VectorXd b = Eigen::VectorXd::Ones(n);
  std::vector<double> pair(2 * static_cast<std::size_t>(n), 0.0);
  Eigen::VectorXd z(n);
  kernel.ApplyGaussSeidel(b.data(), y.data(), z.data(), nullptr, nullptr, nullptr, pair.data(), 2);
  EXPECT_EQ(z(0), exact);
  EXPECT_EQ(z(1), 1.0);
  EXPECT_EQ(pair[0], 1.0);
}

// A random economy with power-law rows (row 0 the most used), each column's rows in ascending or
// in drawn order, duplicates kept.
CscMatrix PowerLawEconomy(Index n, Index k, std::uint32_t seed, bool ascending) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  CscMatrix a;
  a.rows = a.cols = n;
  a.column_start.push_back(0);
  for (Index j = 0; j < n; ++j) {
    std::vector<std::pair<std::int32_t, double>> entries;
    for (Index d = 0; d < k; ++d) {
      const auto i = static_cast<std::int32_t>(std::min<double>(
          static_cast<double>(n - 1), std::floor(n * std::pow(uniform(random), 10))));
      entries.push_back({i, (0.3 + 0.5 * uniform(random)) / static_cast<double>(k)});
    }
    if (ascending) std::sort(entries.begin(), entries.end());
    for (auto [i, w] : entries) {
      a.row_index.push_back(i);
      a.value.push_back(w);
    }
    a.column_start.push_back(static_cast<Index>(a.value.size()));
  }
  return a;
}

TEST(HotRows, EverySplitOfRowsMatchesTheNaiveReference) {
  const Index n = 4000;
  for (bool ascending : {true, false}) {
    const CscMatrix a = PowerLawEconomy(n, 15, 11, ascending);
    std::mt19937_64 random(5);
    std::uniform_real_distribution<double> uniform(-1.0, 1.0);
    Eigen::VectorXd x(n), v(n), y(n), c(n);
    for (Index i = 0; i < n; ++i)
      x(i) = uniform(random), v(i) = uniform(random), y(i) = uniform(random),
      c(i) = uniform(random);
    const Eigen::VectorXd ax = leontief::MultiplyReference(a, x) + y;
    const Eigen::VectorXd atv = leontief::MultiplyTransposedReference(a, v) + c;
    const double scale = ax.cwiseAbs().maxCoeff();
    for (Index hot : {Index{0}, Index{1}, Index{7}, Index{1024}}) {
      for (int parts : {1, 2, 3}) {
        leontief::FusedKernel kernel(a, parts, hot);
        std::vector<double> pair(2 * static_cast<std::size_t>(n));
        for (Index i = 0; i < n; ++i) pair[static_cast<std::size_t>(2 * i + 1)] = v(i);
        Eigen::VectorXd dual(n), again(n);
        for (int repeat = 0; repeat < 2; ++repeat) {  // the workspaces are clean for the second
          kernel.Apply(x.data(), y.data(), pair.data(), pair.data() + 1, c.data(), dual.data(),
                       nullptr, 2);
          double worst = 0.0;
          for (Index i = 0; i < n; ++i)
            worst = std::max(worst, std::abs(pair[static_cast<std::size_t>(2 * i)] - ax(i)));
          EXPECT_LE(worst / scale, 1e-13) << ascending << " " << hot << " " << parts;
          EXPECT_LE((dual - atv).cwiseAbs().maxCoeff(), 1e-13);
        }
        // Contiguous and interleaved layouts: the same sums in the same order.
        kernel.Apply(x.data(), y.data(), again.data(), nullptr, nullptr, nullptr);
        for (Index i = 0; i < n; ++i)
          ASSERT_EQ(again(i), pair[static_cast<std::size_t>(2 * i)]) << hot << " " << parts;
      }
      // Gauss-Seidel: every split gives z and Φ within rounding of the one without hot rows.
      leontief::FusedKernel plain(a, 1, 0), split(a, 1, hot);
      std::vector<double> pair_plain(2 * static_cast<std::size_t>(n), 0.0), pair_split(pair_plain);
      Eigen::VectorXd z_plain(n), z_split(n), d_plain(n), d_split(n);
      const Eigen::VectorXd b = x.cwiseAbs();
      plain.ApplyGaussSeidel(b.data(), y.data(), z_plain.data(), v.data(), c.data(), d_plain.data(),
                             pair_plain.data(), 2);
      split.ApplyGaussSeidel(b.data(), y.data(), z_split.data(), v.data(), c.data(), d_split.data(),
                             pair_split.data(), 2);
      EXPECT_LE((z_plain - z_split).cwiseAbs().maxCoeff() / z_plain.cwiseAbs().maxCoeff(), 1e-13);
      double worst = 0.0;
      for (Index i = 0; i < n; ++i)
        worst = std::max(worst, std::abs(pair_plain[static_cast<std::size_t>(2 * i)] -
                                         pair_split[static_cast<std::size_t>(2 * i)]));
      EXPECT_LE(worst / scale, 1e-13) << hot;
      EXPECT_EQ(d_plain, d_split);  // the gather is untouched
    }
  }
}

// ‖y − (I − A) x‖_∞ / ‖y‖_∞ and the transposed one, in long double with Neumaier's compensation:
// an independent recomputation (64-bit significands, row-wise order) of what the solver reports.
double IndependentResidual(const CscMatrix& a, const Eigen::VectorXd& x, const Eigen::VectorXd& y,
                           bool transposed) {
  const Index n = a.rows;
  std::vector<long double> sum(static_cast<std::size_t>(n)), comp(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) sum[static_cast<std::size_t>(i)] = y(i) - x(i);
  auto add = [&](Index i, long double term) {
    long double& s = sum[static_cast<std::size_t>(i)];
    const long double t = s + term;
    comp[static_cast<std::size_t>(i)] +=
        std::fabs(s) >= std::fabs(term) ? (s - t) + term : (term - t) + s;
    s = t;
  };
  for (Index j = 0; j < a.cols; ++j) {
    for (Index k = a.column_start[j]; k < a.column_start[j + 1]; ++k) {
      const Index i = a.row_index[k];
      if (transposed) {
        add(j, static_cast<long double>(a.value[k]) * x(i));
      } else {
        add(i, static_cast<long double>(a.value[k]) * x(j));
      }
    }
  }
  long double worst = 0;
  for (Index i = 0; i < n; ++i) {
    worst = std::max(
        worst, std::fabs(sum[static_cast<std::size_t>(i)] + comp[static_cast<std::size_t>(i)]));
  }
  return static_cast<double>(worst / static_cast<long double>(y.cwiseAbs().maxCoeff()));
}

// Row 0 is used by every product (a_0j in [0.2, 0.4]) besides 4 power-law inputs per column
// (column sums ≤ 0.8), y in [0, 1]: x_0 ≈ 0.3 · 2^17 ≈ 4·10^4 against ‖y‖ ≤ 1, so one-at-a-time
// summation of row 0 errs by ~1e-9 of ‖y‖ (ε · x_0 · √(n/3)), ten times the tolerance.
TEST(HotRows, TheSolverReportsTheTrueResidualOfAnEconomyWithADenseRow) {
  const Index n = (Index{1} << 17) + 1;
  std::mt19937_64 random(17);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  CscMatrix a;
  a.rows = a.cols = n;
  a.column_start.push_back(0);
  for (Index j = 0; j < n; ++j) {
    std::vector<std::pair<std::int32_t, double>> entries;
    if (j > 0) entries.push_back({0, 0.2 + 0.2 * uniform(random)});
    for (int d = 0; d < 4; ++d) {
      const auto i = static_cast<std::int32_t>(
          1 + std::min<double>(static_cast<double>(n - 2),
                               std::floor((n - 1) * std::pow(uniform(random), 10))));
      entries.push_back({i, 0.1 * uniform(random)});
    }
    std::sort(entries.begin(), entries.end());
    for (auto [i, w] : entries) {
      a.row_index.push_back(i);
      a.value.push_back(w);
    }
    a.column_start.push_back(static_cast<Index>(a.value.size()));
  }
  Eigen::VectorXd y(n), labour(n);
  for (Index i = 0; i < n; ++i) y(i) = uniform(random), labour(i) = 0.1 + 0.9 * uniform(random);
  for (bool gauss_seidel : {false, true}) {
    NeumannAndersonOptions options;
    options.threads = 1;
    options.gauss_seidel = gauss_seidel;
    auto solved = SolveLeontiefNeumannAnderson(a, &y, {labour}, options);
    ASSERT_TRUE(solved.ok()) << solved.status().ToString();
    ASSERT_TRUE(solved->total_output_summary.converged) << gauss_seidel;
    ASSERT_TRUE(solved->multiplier_summaries[0].converged);
    // The long, heavy row this test is about; below 2^16, so half an ulp of it is 3.6e-12.
    EXPECT_GT(solved->total_output(0), 1e4);
    EXPECT_LT(solved->total_output(0), 65536.0);
    const double reported = solved->total_output_summary.residual;
    const double independent = IndependentResidual(a, solved->total_output, y, false);
    EXPECT_LE(reported, 1e-10);
    // They differ by the final rounding of g_0 ≈ 4·10^4 (half an ulp: 3.6e-12) and what the
    // compensated sums leave; the one-at-a-time sum of before was ~1e-9 off.
    EXPECT_NEAR(independent, reported, 1e-11) << gauss_seidel;
    EXPECT_LE(IndependentResidual(a, solved->multipliers[0], labour, true), 1.02e-10);
  }
}

}  // namespace
}  // namespace gosplan
