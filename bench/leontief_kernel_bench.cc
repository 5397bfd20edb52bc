// CPU cost of one pass of the Leontief kernels (src/leontief/sparse_kernels.cc) on an in-memory
// power-law economy shaped like `gosplan generate --matrix-market` (K draws per column, popularity
// 1/rank^0.9, rows = popularity rank), to set beside bench/memory_bandwidth.cc: fused,
// Gauss-Seidel, scatter-only and gather-only passes. Built and run by
// bench/leontief_kernel_bench.sh. Usage: leontief_kernel_bench N K THREADS REPEATS [shuffle]
// (shuffle: relabel the rows and columns at random, i.e. what an economy whose labels are unrelated
// to popularity looks like).
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <numeric>
#include <random>
#include <string>

#include "leontief/sparse_kernels.h"

namespace {

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
double Cpu() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

}  // namespace

int main(int argc, char** argv) {
  using gosplan::Index;
  const Index n = argc > 1 ? std::atol(argv[1]) : 1000000;
  const Index k = argc > 2 ? std::atol(argv[2]) : 20;
  const int threads = argc > 3 ? std::atoi(argv[3]) : 1;
  const int repeats = argc > 4 ? std::atoi(argv[4]) : 5;
  const bool shuffle = argc > 5 && std::string(argv[5]) == "shuffle";
  std::mt19937_64 random(1);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<double> cumulative(static_cast<std::size_t>(n));
  double total = 0;
  for (Index i = 0; i < n; ++i)
    cumulative[static_cast<std::size_t>(i)] = total += 1.0 / std::pow(i + 1.0, 0.9);
  std::vector<std::int32_t> label(static_cast<std::size_t>(n));
  std::iota(label.begin(), label.end(), 0);
  if (shuffle) std::shuffle(label.begin(), label.end(), random);
  gosplan::CscMatrix a;
  a.rows = a.cols = n;
  a.column_start.push_back(0);
  std::vector<std::int32_t> rows;
  for (Index j = 0; j < n; ++j) {
    rows.clear();
    for (Index d = 0; d < k; ++d) {
      const Index i = std::min<Index>(
          n - 1, std::upper_bound(cumulative.begin(), cumulative.end(), uniform(random) * total) -
                     cumulative.begin());
      rows.push_back(label[static_cast<std::size_t>(i)]);
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (std::int32_t i : rows) {
      a.row_index.push_back(i);
      a.value.push_back(0.55 / static_cast<double>(rows.size()));
    }
    a.column_start.push_back(static_cast<Index>(a.value.size()));
  }
  std::vector<double> x(static_cast<std::size_t>(n), 1.0), y(x), v(x), c(x), g(x), h(x);
  gosplan::leontief::FusedKernel kernel(a, threads);
  std::printf("n=%ld nnz=%ld matrix %.0f MB threads=%d labels=%s\n", static_cast<long>(n),
              static_cast<long>(a.nonzeros()), static_cast<double>(a.bytes()) * 1e-6, threads,
              shuffle ? "random" : "popularity rank");
  auto time = [&](const char* name, auto&& pass) {
    double wall = 1e300, cpu = 1e300;
    for (int r = 0; r < repeats; ++r) {
      const double t0 = Now(), c0 = Cpu();
      pass();
      wall = std::min(wall, Now() - t0);
      cpu = std::min(cpu, (Cpu() - c0) / threads);
    }
    std::printf("  %-28s wall %.4f s | CPU %.4f s per thread (%.2f ns per non-zero)\n", name, wall,
                cpu, cpu * threads / static_cast<double>(a.nonzeros()) * 1e9);
  };
  time("fused (scatter + gather)",
       [&] { kernel.Apply(x.data(), y.data(), g.data(), v.data(), c.data(), h.data()); });
  std::vector<double> pair(2 * static_cast<std::size_t>(n),
                           1.0);  // g and v interleaved, as the solver holds them
  time("fused, interleaved g|v", [&] {
    kernel.Apply(x.data(), y.data(), pair.data(), pair.data() + 1, c.data(), h.data(), nullptr, 2);
  });
  std::vector<double> scratch(2 * static_cast<std::size_t>(n), 1.0), z(x);
  time("Gauss-Seidel x + v", [&] {
    kernel.ApplyGaussSeidel(x.data(), y.data(), z.data(), v.data(), c.data(), h.data(),
                            scratch.data(), 2);
  });
  time("Gauss-Seidel x alone", [&] {
    kernel.ApplyGaussSeidel(x.data(), y.data(), z.data(), nullptr, nullptr, nullptr, scratch.data(),
                            2);
  });
  time("Gauss-Seidel v alone", [&] {
    kernel.ApplyGaussSeidel(nullptr, nullptr, nullptr, v.data(), c.data(), h.data(), scratch.data(),
                            1);
  });
  time("scatter only (A x)",
       [&] { kernel.Apply(x.data(), y.data(), g.data(), nullptr, nullptr, nullptr); });
  time("gather only (A^T v)",
       [&] { kernel.Apply(nullptr, nullptr, nullptr, v.data(), c.data(), h.data()); });
  return 0;
}
