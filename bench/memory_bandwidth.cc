// The machine's physical bound for the Leontief pass (docs/scale.md): a STREAM-like triad and
// random gathers / scatters over n-vectors, with 1..T OpenMP threads. Built and run by
// bench/memory_bandwidth.sh.
//
//   triad:   a[i] = b[i] + s * c[i] over 3 arrays of N doubles    → streaming bandwidth (bytes
//   moved / s) stream:  sum of a CSC-like pass (int32 index + double value)   → what one pass over
//   the matrix costs gather:  sum += v[idx[k]] with idx uniform over n             → random-access
//   cost per element gather (power law): idx drawn with popularity 1/rank^0.9 as in `gosplan
//   generate --matrix-market` scatter (power law): acc[idx[k]] += val[k]  (private accumulator per
//   thread)
// Every figure is the best of `repeats` runs (the machine is shared; the best run is the least
// disturbed), in wall seconds and in process CPU seconds (on a loaded machine a process is
// descheduled for much of the wall time; CPU seconds exclude that, though not the cache and memory
// traffic of the other processes).
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <vector>

namespace {

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double Cpu() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

struct Time {
  double wall = 1e300;
  double cpu = 1e300;  // process CPU seconds divided by the threads: the time of one pass if never
                       // descheduled
};

int threads_now = 1;

template <typename F>
Time Best(int repeats, F&& f) {
  Time best;
  for (int r = 0; r < repeats; ++r) {
    const double t0 = Now(), c0 = Cpu();
    f();
    best.wall = std::min(best.wall, Now() - t0);
    best.cpu = std::min(best.cpu, (Cpu() - c0) / threads_now);
  }
  return best;
}

volatile double sink;

}  // namespace

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 1000000;   // vector length (products)
  const long nnz = argc > 2 ? std::atol(argv[2]) : 20 * n;  // non-zeros of the pass
  const int max_threads = argc > 3 ? std::atoi(argv[3]) : omp_get_num_procs();
  const int repeats = argc > 4 ? std::atoi(argv[4]) : 5;
  const long big = 40'000'000;  // triad arrays: 3 × 320 MB, far beyond any cache

  std::vector<double> a(big), b(big, 1.0), c(big, 2.0);
  std::vector<std::int32_t> uniform(nnz), power(nnz);
  std::vector<double> value(nnz, 0.5), v(n, 1.0);
  {
    std::mt19937_64 rng(1);
    std::uniform_int_distribution<std::int32_t> pick(0, static_cast<std::int32_t>(n - 1));
    std::vector<double> cumulative(n);
    double total = 0;
    for (long i = 0; i < n; ++i)
      cumulative[i] = total += 1.0 / std::pow(static_cast<double>(i + 1), 0.9);
    std::uniform_real_distribution<double> u(0.0, total);
    for (long k = 0; k < nnz; ++k) {
      uniform[k] = pick(rng);
      power[k] = static_cast<std::int32_t>(std::min<long>(
          n - 1,
          std::upper_bound(cumulative.begin(), cumulative.end(), u(rng)) - cumulative.begin()));
    }
  }
  std::printf("n=%ld nnz=%ld (matrix pass %.0f MB at 12 B/nnz), vectors %.1f MB each, best of %d\n",
              n, nnz, nnz * 12e-6, n * 8e-6, repeats);
  for (int threads = 1; threads <= max_threads; ++threads) {
    omp_set_num_threads(threads);
    threads_now = threads;
    const Time triad = Best(repeats, [&] {
#pragma omp parallel for schedule(static)
      for (long i = 0; i < big; ++i) a[i] = b[i] + 3.0 * c[i];
    });
    const Time stream = Best(repeats, [&] {
      double s = 0;
#pragma omp parallel for schedule(static) reduction(+ : s)
      for (long k = 0; k < nnz; ++k) s += value[k] * static_cast<double>(uniform[k]);
      sink = s;
    });
    auto gather = [&](const std::vector<std::int32_t>& idx) {
      return Best(repeats, [&] {
        double s = 0;
#pragma omp parallel for schedule(static) reduction(+ : s)
        for (long k = 0; k < nnz; ++k) s += value[k] * v[idx[k]];
        sink = s;
      });
    };
    const Time gather_uniform = gather(uniform);
    const Time gather_power = gather(power);
    std::vector<std::vector<double>> acc(threads, std::vector<double>(n, 0.0));
    const Time scatter_power = Best(repeats, [&] {
#pragma omp parallel
      {
        double* mine = acc[omp_get_thread_num()].data();
#pragma omp for schedule(static)
        for (long k = 0; k < nnz; ++k) mine[power[k]] += value[k];
      }
    });
    auto line = [&](const char* name, const Time& t, double bytes) {
      std::printf(
          "  threads=%d %-22s wall %.4f s (%6.2f ns/elem, %5.1f GB/s) | CPU %.4f s (%6.2f ns/elem, "
          "%5.1f GB/s)\n",
          threads, name, t.wall, t.wall / static_cast<double>(bytes > 0 ? nnz : big) * 1e9,
          std::abs(bytes) / t.wall * 1e-9, t.cpu,
          t.cpu / static_cast<double>(bytes > 0 ? nnz : big) * 1e9, std::abs(bytes) / t.cpu * 1e-9);
    };
    line("triad (3 x 320 MB)", triad, -24.0 * big);
    line("CSC stream 12 B/nnz", stream, 12.0 * nnz);
    line("gather uniform", gather_uniform, 12.0 * nnz);
    line("gather power-law", gather_power, 12.0 * nnz);
    line("scatter power-law", scatter_power, 12.0 * nnz);
  }
  return 0;
}
