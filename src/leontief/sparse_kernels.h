// CSC/CSR kernels of the large-scale Leontief path (see gosplan/matrix_market.h for the storage).
//
// A is stored once, in CSC (column_start int64, row_index int32, value double: 12 bytes per
// non-zero). Read column by column the same arrays are A^T in CSR, so one pass over them gives both
//     A x    (scatter: out[row] += a · x[j])   — total output, (I − A) x = y
//     A^T v  (gather:  out[j]  += a · v[row])  — labour values and other multipliers, (I − A)^T v =
//     c
// and FusedKernel::Apply computes both in that one pass, halving the matrix traffic when both
// systems are solved together.
//
// Parallelism: the columns are split into `parts` contiguous ranges of about equal non-zeros (one
// per OpenMP thread; column lengths of real and generated economies are even, row lengths follow
// the power law of input popularity, so the column split balances). The gather needs nothing more.
// The scatter goes to private accumulators, one n-vector per part except the first (which writes to
// the output), summed afterwards in part order and zeroed in the same sweep. Costs: (parts − 1) · 8
// · rows bytes of memory; the sums are in a fixed order, so results are bit-identical from run to
// run for a given thread count (changing the thread count changes the summation order of the
// scatter, hence the last bits).
//
// Hot rows: the first R rows (R = min(hot_rows, 1024, n); default 1024) receive their scatter
// sums in compensated form. Products are numbered by input popularity, so row 0 of a 10^6-product
// economy with 100 inputs per product has ~9.6·10^5 entries and a total output of ~2·10^5 against
// final demands ≤ 10: summed one addition at a time its rounding error is ~1.4e-10 of ‖y‖ (measured
// against an exact sum, docs/scale.md), above the 1e-10 tolerance the solver stops on, so the
// residual it reported was not the true one and the last passes chased rounding noise. The pass
// adds a hot row's products into an L1-resident block array, and every 256 columns (rows < 64) or
// 8192 columns (all R) adds the block into a double-double (TwoSum) running sum; the error is then
// ~1e-12 of ‖y‖. When a column
// lists its rows in ascending order (generated files do), the hot rows are its first entries and
// take their own loop (no test per entry); other orders stay correct (a branch per entry). Cost:
// ~1 % of a pass, 24 KB of stack per thread.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "gosplan/matrix_market.h"

namespace gosplan::leontief {

inline constexpr Index kMaxHotRows = 1024;

// Column sums a Gauss-Seidel pass takes on the way (FusedKernel::ApplyGaussSeidel).
struct GaussSeidelSums {
  double max_column_sum = 0.0;  // max_j Σ_i a_ij (≥ ρ(A) for A ≥ 0)
  double max_upper_sum = 0.0;   // max_j Σ_{i ≤ j} |a_ij| = ‖(U + D)^T‖_∞
};

class FusedKernel {
 public:
  // parts ≤ 0: omp_get_max_threads(). hot_rows: R above (clamped to 0..min(1024, n); tests lower it
  // to exercise both kinds of rows on small matrices).
  explicit FusedKernel(const CscMatrix& matrix, int parts = 0, Index hot_rows = kMaxHotRows);

  // out_primal = A x + y when x is not null; out_dual = A^T v + c when v is not null. y / c may be
  // null (meaning 0). Outputs must not alias inputs. Pointers are to arrays of rows (primal) / cols
  // (dual) doubles. max_column_sum, when not null (and x or v is not null), receives max_j Σ_i
  // A_ij: the values are streamed by the pass anyway, so the bound ρ(A) ≤ max column sum costs no
  // extra pass. stride 2: out_primal and v are addressed at 2i (x, y, c, out_dual stay contiguous).
  // Pointing them at the two halves of one interleaved array (out_primal = p, v = p + 1) puts the
  // scatter target and the gather source of a row in the same cache line: one random memory access
  // per non-zero instead of two.
  void Apply(const double* x, const double* y, double* out_primal, const double* v, const double* c,
             double* out_dual, double* max_column_sum = nullptr, int stride = 1);

  // One Gauss-Seidel pass (columns in DESCENDING order, one thread whatever parts() is) for
  // either system or both. With A = U + D + L split by position (U: rows above the diagonal, i <
  // j):
  //  - Total output (b not null): maps the state b to
  //        z = (I − U)^-1 b          (written to z, n doubles),
  //        Φ(b) = y + (L + D) z       (left at scratch[2i]),
  //    whose fixed point gives (I − A) z = y. Because z = b + U z, y + A z − z = Φ(b) − b: the
  //    residual of the state is the residual of z (up to the rounding of the two partial row
  //    sums). Column j is reached after every column above it, so scratch[2j] then holds b_j + (U
  //    z)_j = z_j; it is reset to y_j and the column scatters a_ij z_j: rows above j still collect
  //    U z, rows at or below j collect (L + D) z for Φ.
  //  - Labour values and other multipliers (v not null): the gather of column j uses the new
  //    values of the rows below it (reached earlier in the pass) and the state v for the others:
  //        w = c + (U + D)^T v + L^T w,   i.e.   Ψ(v) = (I − L^T)^-1 (c + (U + D)^T v),
  //    written to out_dual (c may be null). Its fixed point solves (I − A)^T w = c, and for any v
  //        c + A^T w − w = (U + D)^T (w − v),
  //    so ‖residual of w‖_∞ ≤ max_j Σ_{i ≤ j} |a_ij| · ‖Ψ(v) − v‖_∞ (GaussSeidelSums::
  //    max_upper_sum): the bound the solver stops on and reports for w.
  // scratch: 2n doubles with stride 2 (total output at 2i, the dual's working copy at 2i + 1: one
  // cache line per row), or n doubles with stride 1 when b is null. sums, when not null, receives
  // the largest column sum (the bound ρ(A) ≤ max column sum, as in Apply) and max_upper_sum.
  void ApplyGaussSeidel(const double* b, const double* y, double* z, const double* v,
                        const double* c, double* out_dual, double* scratch, int stride,
                        GaussSeidelSums* sums = nullptr);

  int parts() const { return static_cast<int>(bounds_.size()) - 1; }
  // Extra memory of the scatter accumulators (bytes; allocated on the first primal product).
  std::size_t workspace_bytes() const;

 private:
  const CscMatrix& matrix_;
  Index hot_rows_;
  std::vector<Index> bounds_;  // parts + 1 column bounds
  std::vector<std::vector<double>>
      scatter_;  // parts − 1 accumulators of size rows, all zero between calls
};

// Naive serial references for the tests: A x and A^T v.
Eigen::VectorXd MultiplyReference(const CscMatrix& matrix, const Eigen::VectorXd& x);
Eigen::VectorXd MultiplyTransposedReference(const CscMatrix& matrix, const Eigen::VectorXd& v);

}  // namespace gosplan::leontief
