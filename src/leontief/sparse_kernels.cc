#include "leontief/sparse_kernels.h"

#include <omp.h>

#include <algorithm>
#include <cmath>

namespace gosplan::leontief {

FusedKernel::FusedKernel(const CscMatrix& matrix, int parts, Index hot_rows)
    : matrix_(matrix),
      hot_rows_(std::clamp<Index>(hot_rows, 0, std::min(kMaxHotRows, matrix.rows))) {
  if (parts <= 0) parts = omp_get_max_threads();
  parts = static_cast<int>(std::clamp<Index>(parts, 1, std::max<Index>(1, matrix.cols)));
  const Index nonzeros = matrix.nonzeros();
  const Index* start = matrix.column_start.data();
  bounds_.assign(static_cast<std::size_t>(parts + 1), 0);
  for (int p = 1; p < parts; ++p) {
    const Index target = nonzeros / parts * p + (nonzeros % parts) * p / parts;
    // First column whose start reaches the target, and never before the previous bound.
    const Index column =
        static_cast<Index>(std::lower_bound(start, start + matrix.cols + 1, target) - start);
    bounds_[static_cast<std::size_t>(p)] =
        std::clamp(column, bounds_[static_cast<std::size_t>(p - 1)], matrix.cols);
  }
  bounds_[static_cast<std::size_t>(parts)] = matrix.cols;
}

std::size_t FusedKernel::workspace_bytes() const {
  return static_cast<std::size_t>(parts() - 1) * static_cast<std::size_t>(matrix_.rows) *
         sizeof(double);
}

namespace {

// Compensated accumulation of the scatter into the hot rows (sparse_kernels.h, "Hot rows"). The
// pass adds each hot-row product into `block` (L1-resident, R doubles) and periodically adds the
// block partials into `high` with Knuth's TwoSum, whose exact rounding error goes to `low`; at the
// end of the range high + low is written back. A block's partial of row i has at most as many terms
// as the block has columns, and the most popular rows are in almost every column, so the flushes
// are by columns: rows [0, 64) every 256 columns, all R rows every 8192 columns (row 64 is ~40×
// rarer than row 0). The rounding left is then that of sums of ≤ 256 terms, ~1e-13 of the row's
// total, plus one final rounding, instead of that of ~10^6 sequential additions (sparse_kernels.h).
// Cost: 64 TwoSums per 256 columns and R per 8192, ~1 % of a pass at 20 non-zeros per column.
struct HotRows {
  static constexpr Index kTopRows = 64;
  static constexpr Index kTopColumnMask = 256 - 1;
  static constexpr Index kAllColumnMask = 8192 - 1;
  Index count = 0;  // R: rows [0, R) are hot
  double block[kMaxHotRows];
  double high[kMaxHotRows];
  double low[kMaxHotRows];

  // Starts from the accumulator's present values (y for the output, 0 for a private part).
  void Begin(const double* accumulator, Index stride) {
    for (Index i = 0; i < count; ++i) {
      block[i] = 0.0;
      high[i] = accumulator[i * stride];
      low[i] = 0.0;
    }
  }
  // After the `done`-th column of the range (counted from 1).
  void AfterColumn(Index done) {
    if ((done & kAllColumnMask) == 0) {
      Flush(count);
    } else if ((done & kTopColumnMask) == 0) {
      Flush(std::min(count, kTopRows));
    }
  }
  void Flush(Index rows) {
    for (Index i = 0; i < rows; ++i) {
      const double b = block[i];
      const double sum = high[i] + b;
      const double b_part = sum - high[i];
      low[i] += (high[i] - (sum - b_part)) + (b - b_part);  // TwoSum: the exact error of sum
      high[i] = sum;
      block[i] = 0.0;
    }
  }
  // Row i's sum, all its terms added (Gauss-Seidel: when its own column is reached).
  double Complete(Index i) {
    const double b = block[i];
    const double sum = high[i] + b;
    const double b_part = sum - high[i];
    low[i] += (high[i] - (sum - b_part)) + (b - b_part);
    high[i] = sum;
    block[i] = 0.0;
    return high[i] + low[i];
  }
  void End(double* accumulator, Index stride) {
    Flush(count);
    for (Index i = 0; i < count; ++i) accumulator[i * stride] = high[i] + low[i];
  }
};

// Returns the largest column sum of columns [begin, end) when kSums (0 otherwise). The accumulator
// is addressed at i · kAccStride, v at i · kVStride (2: the two halves of one interleaved array,
// see Apply). With kPrimal, rows below hot->count accumulate in `hot` (compensated, see HotRows).
template <bool kPrimal, bool kDual, bool kSums, int kAccStride, int kVStride>
double Columns(const CscMatrix& a, Index begin, Index end, const double* x, double* accumulator,
               const double* v, const double* c, double* out_dual, HotRows* hot) {
  const Index* start = a.column_start.data();
  const std::int32_t* row = a.row_index.data();
  const double* value = a.value.data();
  // The rows touched are scattered over n (power-law popularity): prefetching the accumulator and v
  // entries kAhead non-zeros ahead hides much of the memory latency when the n-vectors do not fit
  // in cache (64 measured faster than 16, 32 and 128 at n = 10^6, bench/leontief_kernel_bench.sh).
  // Interleaved, one prefetch serves both: accumulator and v of a row share a 16-byte pair, hence a
  // cache line.
  constexpr Index kAhead = 64;
  constexpr bool kShared = kPrimal && kDual && kAccStride == 2 && kVStride == 2;
  const Index last = start[end];
  const Index hot_rows = kPrimal ? hot->count : 0;
  double* const block = kPrimal ? hot->block : nullptr;
  if constexpr (kPrimal) hot->Begin(accumulator, kAccStride);
  double max_sum = 0.0;
  for (Index j = begin; j < end; ++j) {
    const double xj = kPrimal ? x[j] : 0.0;
    double sum = 0.0;
    double column_sum = 0.0;
    const Index stop = start[j + 1];
    Index k = start[j];
    if constexpr (kPrimal) {
      // When a column lists its rows in ascending order (as `gosplan generate` writes them), the
      // hot rows come first: this loop takes them with no test beyond the loop's own.
      for (; k < stop; ++k) {
        const Index i = row[k];
        if (i >= hot_rows) break;
        if (k + kAhead < last) {
          const Index ahead = row[k + kAhead];
          __builtin_prefetch(accumulator + ahead * kAccStride, 1);
          if constexpr (kDual && !kShared) __builtin_prefetch(v + ahead * kVStride, 0);
        }
        const double coefficient = value[k];
        block[i] += coefficient * xj;
        if constexpr (kDual) sum += coefficient * v[i * kVStride];
        if constexpr (kSums) column_sum += coefficient;
      }
    }
    for (; k < stop; ++k) {
      if (k + kAhead < last) {
        const Index ahead = row[k + kAhead];
        if constexpr (kPrimal) __builtin_prefetch(accumulator + ahead * kAccStride, 1);
        if constexpr (kDual && !kShared) __builtin_prefetch(v + ahead * kVStride, 0);
      }
      const Index i = row[k];
      const double coefficient = value[k];
      if constexpr (kPrimal) {
        if (i < hot_rows) [[unlikely]] {  // only when a column's rows are not in ascending order
          block[i] += coefficient * xj;
        } else {
          accumulator[i * kAccStride] += coefficient * xj;
        }
      }
      if constexpr (kDual) sum += coefficient * v[i * kVStride];
      if constexpr (kSums) column_sum += coefficient;
    }
    if constexpr (kDual) out_dual[j] = (c ? c[j] : 0.0) + sum;
    if constexpr (kSums) max_sum = std::max(max_sum, column_sum);
    if constexpr (kPrimal) hot->AfterColumn(j + 1 - begin);
  }
  if constexpr (kPrimal) hot->End(accumulator, kAccStride);
  return max_sum;
}

template <bool kSums, int kAccStride, int kVStride>
double Dispatch(const CscMatrix& a, bool primal, bool dual, Index begin, Index end, const double* x,
                double* accumulator, const double* v, const double* c, double* out_dual,
                HotRows* hot) {
  if (primal && dual)
    return Columns<true, true, kSums, kAccStride, kVStride>(a, begin, end, x, accumulator, v, c,
                                                            out_dual, hot);
  if (primal)
    return Columns<true, false, kSums, kAccStride, kVStride>(a, begin, end, x, accumulator, v, c,
                                                             out_dual, hot);
  return Columns<false, true, kSums, kAccStride, kVStride>(a, begin, end, x, accumulator, v, c,
                                                           out_dual, hot);
}

template <int kAccStride, int kVStride>
double DispatchSums(bool sums, const CscMatrix& a, bool primal, bool dual, Index begin, Index end,
                    const double* x, double* accumulator, const double* v, const double* c,
                    double* out_dual, HotRows* hot) {
  return sums ? Dispatch<true, kAccStride, kVStride>(a, primal, dual, begin, end, x, accumulator, v,
                                                     c, out_dual, hot)
              : Dispatch<false, kAccStride, kVStride>(a, primal, dual, begin, end, x, accumulator,
                                                      v, c, out_dual, hot);
}

// kStride 2: the primal accumulator at scratch[2i] and the dual iterate at scratch[2i + 1] (one
// cache line per row); kStride 1 (dual only): the dual iterate at scratch[i].
template <bool kPrimal, bool kDual, bool kSums, int kStride>
void GaussSeidelColumns(const CscMatrix& a, const double* y, double* scratch, double* z,
                        const double* c, double* out_dual, HotRows* hot, GaussSeidelSums* sums) {
  static_assert(!kPrimal || kStride == 2, "the primal system needs the interleaved layout");
  constexpr Index kDualOffset = kStride - 1;
  const Index* start = a.column_start.data();
  const std::int32_t* row = a.row_index.data();
  const double* value = a.value.data();
  constexpr Index kAhead = 64;  // as in Columns; here k runs downwards
  // Hot rows (i < R) collect their U z (entries above the diagonal, i < j) in `hot`; row j's
  // compensated sum is completed when column j is reached, which is when its z is due (HotRows).
  // Entries on or below the diagonal, and every cold row, go straight to the scratch as before.
  const Index hot_rows = kPrimal ? hot->count : 0;
  double* const block = kPrimal ? hot->block : nullptr;
  if constexpr (kPrimal) hot->Begin(scratch, 2);
  double max_sum = 0.0, max_upper = 0.0;
  for (Index j = a.cols - 1; j >= 0; --j) {
    double zj = 0.0;
    Index limit = 0;  // rows i < limit are hot and above the diagonal
    if constexpr (kPrimal) {
      limit = std::min(j, hot_rows);
      // b_j + (U z)_j: every column above j is done
      zj = j < hot_rows ? hot->Complete(j) : scratch[2 * j];
      scratch[2 * j] = y[j];
      z[j] = zj;
    }
    double sum = 0.0;
    double column_sum = 0.0, upper_sum = 0.0;
    const Index first = start[j];
    for (Index k = start[j + 1] - 1; k >= first; --k) {
      if (k >= kAhead)
        __builtin_prefetch(scratch + kStride * static_cast<Index>(row[k - kAhead]), 1);
      const Index i = row[k];
      const double coefficient = value[k];
      if constexpr (kPrimal) {
        if (i < limit) {
          block[i] += coefficient * zj;
        } else {
          scratch[2 * i] += coefficient * zj;
        }
      }
      // Rows below j (i > j) were reached earlier in this pass and hold their new value; rows at
      // or above j still hold the state.
      if constexpr (kDual) sum += coefficient * scratch[kStride * i + kDualOffset];
      if constexpr (kSums) {
        column_sum += coefficient;
        if (i <= j) upper_sum += std::abs(coefficient);
      }
    }
    if constexpr (kDual) {
      const double updated = (c ? c[j] : 0.0) + sum;
      out_dual[j] = updated;
      scratch[kStride * j + kDualOffset] = updated;
    }
    if constexpr (kSums) {
      max_sum = std::max(max_sum, column_sum);
      max_upper = std::max(max_upper, upper_sum);
    }
    if constexpr (kPrimal) hot->AfterColumn(a.cols - j);
  }
  if constexpr (kSums) {
    sums->max_column_sum = max_sum;
    sums->max_upper_sum = max_upper;
  }
}

template <bool kPrimal, bool kDual, int kStride>
void GaussSeidelDispatch(const CscMatrix& a, const double* y, double* scratch, double* z,
                         const double* c, double* out_dual, HotRows* hot, GaussSeidelSums* sums) {
  if (sums) {
    GaussSeidelColumns<kPrimal, kDual, true, kStride>(a, y, scratch, z, c, out_dual, hot, sums);
  } else {
    GaussSeidelColumns<kPrimal, kDual, false, kStride>(a, y, scratch, z, c, out_dual, hot, sums);
  }
}

}  // namespace

void FusedKernel::ApplyGaussSeidel(const double* b, const double* y, double* z, const double* v,
                                   const double* c, double* out_dual, double* scratch, int stride,
                                   GaussSeidelSums* sums) {
  const Index n = matrix_.rows;
  HotRows hot;
  hot.count = hot_rows_;
  if (b && v) {
    for (Index i = 0; i < n; ++i) {
      scratch[2 * i] = b[i];
      scratch[2 * i + 1] = v[i];
    }
    GaussSeidelDispatch<true, true, 2>(matrix_, y, scratch, z, c, out_dual, &hot, sums);
  } else if (b) {
    for (Index i = 0; i < n; ++i) scratch[2 * i] = b[i];
    GaussSeidelDispatch<true, false, 2>(matrix_, y, scratch, z, c, out_dual, &hot, sums);
  } else if (v && stride == 2) {
    for (Index i = 0; i < n; ++i) scratch[2 * i + 1] = v[i];
    GaussSeidelDispatch<false, true, 2>(matrix_, y, scratch, z, c, out_dual, &hot, sums);
  } else if (v) {
    std::copy(v, v + n, scratch);
    GaussSeidelDispatch<false, true, 1>(matrix_, y, scratch, z, c, out_dual, &hot, sums);
  }
}

void FusedKernel::Apply(const double* x, const double* y, double* out_primal, const double* v,
                        const double* c, double* out_dual, double* max_column_sum, int stride) {
  const bool primal = x != nullptr;
  const bool dual = v != nullptr;
  if (!primal && !dual) return;
  const int count = parts();
  const Index rows = matrix_.rows;
  const Index step = stride == 2 ? 2 : 1;
  if (max_column_sum) *max_column_sum = 0.0;
  if (primal && count > 1 && scatter_.empty()) {
    scatter_.resize(static_cast<std::size_t>(count - 1));
    for (auto& buffer : scatter_) buffer.assign(static_cast<std::size_t>(rows), 0.0);
  }
#pragma omp parallel num_threads(count)
  {
    if (primal) {
#pragma omp for schedule(static)
      for (Index i = 0; i < rows; ++i) out_primal[i * step] = y ? y[i] : 0.0;
    }
    double max_sum = 0.0;
    HotRows hot;  // 24 KB of this thread's stack
    hot.count = hot_rows_;
    const int team = omp_get_num_threads();
    for (int part = omp_get_thread_num(); part < count; part += team) {
      const Index begin = bounds_[static_cast<std::size_t>(part)];
      const Index end = bounds_[static_cast<std::size_t>(part + 1)];
      double* accumulator =
          primal ? (part == 0 ? out_primal : scatter_[static_cast<std::size_t>(part - 1)].data())
                 : nullptr;
      const bool sums = max_column_sum != nullptr;
      double part_max;
      if (step == 1) {
        part_max = DispatchSums<1, 1>(sums, matrix_, primal, dual, begin, end, x, accumulator, v, c,
                                      out_dual, &hot);
      } else if (part == 0 || !primal) {
        part_max = DispatchSums<2, 2>(sums, matrix_, primal, dual, begin, end, x, accumulator, v, c,
                                      out_dual, &hot);
      } else {  // a private accumulator is contiguous; v stays interleaved
        part_max = DispatchSums<1, 2>(sums, matrix_, primal, dual, begin, end, x, accumulator, v, c,
                                      out_dual, &hot);
      }
      max_sum = std::max(max_sum, part_max);
    }
    if (max_column_sum) {
#pragma omp critical(gosplan_fused_kernel_max)
      *max_column_sum =
          std::max(*max_column_sum, max_sum);  // max is exact: the order does not matter
    }
    if (primal && count > 1) {
#pragma omp barrier
#pragma omp for schedule(static)
      for (Index i = 0; i < rows; ++i) {
        double sum = out_primal[i * step];
        for (int part = 1; part < count; ++part) {
          double& cell = scatter_[static_cast<std::size_t>(part - 1)][static_cast<std::size_t>(i)];
          sum += cell;
          cell = 0.0;
        }
        out_primal[i * step] = sum;
      }
    }
  }
}

Eigen::VectorXd MultiplyReference(const CscMatrix& matrix, const Eigen::VectorXd& x) {
  Eigen::VectorXd out = Eigen::VectorXd::Zero(matrix.rows);
  for (Index j = 0; j < matrix.cols; ++j) {
    for (Index k = matrix.column_start[j]; k < matrix.column_start[j + 1]; ++k) {
      out(matrix.row_index[k]) += matrix.value[k] * x(j);
    }
  }
  return out;
}

Eigen::VectorXd MultiplyTransposedReference(const CscMatrix& matrix, const Eigen::VectorXd& v) {
  Eigen::VectorXd out = Eigen::VectorXd::Zero(matrix.cols);
  for (Index j = 0; j < matrix.cols; ++j) {
    for (Index k = matrix.column_start[j]; k < matrix.column_start[j + 1]; ++k) {
      out(j) += matrix.value[k] * v(matrix.row_index[k]);
    }
  }
  return out;
}

}  // namespace gosplan::leontief
