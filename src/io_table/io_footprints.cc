// The extended IO analysis: stressor multipliers, regional accounts, the forward view and
// hypothetical extraction on one LU factorisation (see gosplan/io_footprints.h).
#include "gosplan/io_footprints.h"

#include <fmt/format.h>
#include <omp.h>

#include <Eigen/LU>
#include <Eigen/OrderingMethods>
#include <Eigen/SparseLU>
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <unordered_map>

#ifdef GOSPLAN_HAVE_LAPACK
// LAPACK and BLAS (column-major, 32-bit integers; the trailing lengths of the character arguments
// as gfortran passes them). Called from this file only: Eigen's own kernels stay as they are
// elsewhere.
extern "C" {
void dgetrf_(const int* m, const int* n, double* a, const int* lda, int* pivots, int* info);
void dgetrs_(const char* trans, const int* n, const int* nrhs, const double* a, const int* lda,
             const int* pivots, double* b, const int* ldb, int* info, std::size_t trans_length);
void sgetrf_(const int* m, const int* n, float* a, const int* lda, int* pivots, int* info);
void sgetrs_(const char* trans, const int* n, const int* nrhs, const float* a, const int* lda,
             const int* pivots, float* b, const int* ldb, int* info, std::size_t trans_length);
void dgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
            const double* alpha, const double* a, const int* lda, const double* b, const int* ldb,
            const double* beta, double* c, const int* ldc, std::size_t transa_length,
            std::size_t transb_length);
}
#endif

namespace gosplan {
namespace {

using SparseLuFactor = Eigen::SparseLU<SparseMatrix, Eigen::COLAMDOrdering<Index>>;

// Corrections taken by the mixed-precision refinement before it gives up for the float64 LU.
constexpr int kMaxRefinementSteps = 3;

// I − A factorised once, dense (partial pivoting) or sparse (COLAMD), serving blocks of right-hand
// sides in both orientations.
//
// Mixed precision (LAPACK builds, dense, LuPrecision::kMixed or kAuto from
// kMixedPrecisionFrom sectors; LAPACK's dsgesv idea): I − A is factorised in float32 (sgetrf,
// twice the float64 rate), every block is solved in float32 and refined in float64 —
//     x ← x + (I − A)^-1_float32 (b − (I − A) x),  the residual in float64 (dgemm on I − A kept
// in float64) — until the block's relative residual max_c ‖b_c − (I − A) x_c‖_∞ / ‖b_c‖_∞ is at
// most sqrt(n)·2^-52 (1.1e-14 at n = 9,800: the level of the float64 LU's own backward error),
// checked as the float64 path checks its solves (every column, or 16 sampled columns and the sum
// of all when that would cost as much as the solve). I − A of a productive table is well
// conditioned (an M-matrix, with ‖(I − A)^-1‖_1 = max column sum of L): the float32 solution is
// off by ~1e-6, one correction leaves ~1e-13, a second reaches the target (docs/benchmarks.md).
// When a correction does not halve the residual, kMaxRefinementSteps corrections do not reach the
// target, or the float32 LU has a zero or non-finite pivot, the matrix is factorised again in
// float64 and the block solved as in the float64 path (fell_back()).
class Factorisation {
 public:
  static Result<Factorisation> Create(const SparseMatrix& coefficients, bool dense, bool mixed,
                                      const std::string& source) {
    Factorisation f;
    f.coefficients_ = &coefficients;
    f.source_ = source;
    const Index n = coefficients.rows();
    if (dense) {
      // I − A filled column by column from the sparse A: one dense n × n matrix, no temporaries.
      Eigen::MatrixXd system = Eigen::MatrixXd::Zero(n, n);
#pragma omp parallel for schedule(static) if (n >= 1000)
      for (Index j = 0; j < n; ++j) {
        for (SparseMatrix::InnerIterator it(coefficients, j); it; ++it)
          system(it.row(), j) = -it.value();
        system(j, j) += 1.0;
      }
#ifdef GOSPLAN_HAVE_LAPACK
      // LAPACK's dgetrf (OpenBLAS: blocked, threaded, the machine's vector kernels), in place.
      if (n > std::numeric_limits<int>::max()) {
        return Status::InvalidInput(source, 0, 0, fmt::format("{} sectors for the dense LU", n),
                                    "at most 2^31 - 1 sectors (LAPACK's 32-bit indices)");
      }
      if (mixed) {
        f.system_ = std::make_unique<Eigen::MatrixXd>(std::move(system));
        if (f.FactoriseSingle()) return f;
        // The float32 LU broke down (zero or non-finite pivot): float64 from the start.
        f.fell_back_ = true;
        system = std::move(*f.system_);
        f.system_.reset();
        f.single_lu_.reset();
      }
      if (Status factorised = f.FactoriseDouble(std::move(system)); !factorised.ok())
        return factorised;
#else
      (void)mixed;  // without LAPACK: Eigen's float64 LU only
      f.dense_ = std::make_unique<Eigen::PartialPivLU<Eigen::MatrixXd>>(std::move(system));
      const Eigen::VectorXd diagonal = f.dense_->matrixLU().diagonal();
      if (!diagonal.allFinite() || diagonal.cwiseAbs().minCoeff() == 0.0) return Singular(source);
#endif
    } else {
      SparseMatrix identity(n, n);
      identity.setIdentity();
      const SparseMatrix system = identity - coefficients;
      f.sparse_ = std::make_unique<SparseLuFactor>();
      f.sparse_->analyzePattern(system);
      f.sparse_->factorize(system);
      if (f.sparse_->info() != Eigen::Success) {
        return Status::InvalidInput(source, 0, 0,
                                    "I - A is singular: the sparse LU factorisation failed (" +
                                        f.sparse_->lastErrorMessage() + ")",
                                    "a productive table (spectral radius of A below 1)");
      }
    }
    return f;
  }

  bool dense() const { return dense_ != nullptr || lapack_lu_ != nullptr || single_lu_ != nullptr; }
  std::string name() const { return dense() ? "dense LU" : "sparse LU"; }
  // Mixed precision was asked for and is (still) in use.
  bool mixed() const { return single_lu_ != nullptr; }
  // Mixed precision was asked for but the float64 LU took over.
  bool fell_back() const { return fell_back_; }
  // Most float64 refinement corrections one block needed.
  int refinement_steps() const { return refinement_steps_; }

  // X solving (I − A) X = B (transposed: (I − A)^T X = B), every column at once; one refinement
  // step when the (sampled) residual is above `tolerance` (float64), refinement as above (mixed).
  // *residual: the relative residual. Not const: mixed precision may fall back to float64.
  Result<Eigen::MatrixXd> Solve(const Eigen::MatrixXd& rhs, bool transposed, double tolerance,
                                double* residual) {
#ifdef GOSPLAN_HAVE_LAPACK
    if (single_lu_) {
      std::optional<Eigen::MatrixXd> refined = RefinedSolve(rhs, transposed, residual);
      if (refined) return std::move(*refined);
      // Refinement did not converge: factorise in float64 (I − A is still here) and solve again.
      fell_back_ = true;
      single_lu_.reset();
      Eigen::MatrixXd system = std::move(*system_);
      system_.reset();
      if (Status factorised = FactoriseDouble(std::move(system)); !factorised.ok())
        return factorised;
    }
#endif
    Eigen::MatrixXd solution = RawSolve(rhs, transposed);
    *residual = Residual(solution, rhs, transposed);
    if (*residual > tolerance && solution.allFinite()) {
      const Eigen::MatrixXd defect = rhs - Apply(solution, transposed);
      solution += RawSolve(defect, transposed);
      *residual = Residual(solution, rhs, transposed);
    }
    if (!solution.allFinite()) *residual = std::numeric_limits<double>::infinity();
    return solution;
  }

 private:
  static Status Singular(const std::string& source) {
    return Status::InvalidInput(source, 0, 0, "I - A is singular: the dense LU has a zero pivot",
                                "a productive table (spectral radius of A below 1)");
  }

#ifdef GOSPLAN_HAVE_LAPACK
  // dgetrf in place. Partial pivoting does not stop at singularity (dgetrf's info > 0 is an exact
  // zero pivot): a zero or tiny pivot shows as non-finite or huge solutions, caught by the
  // residual checks.
  Status FactoriseDouble(Eigen::MatrixXd system) {
    const int size = static_cast<int>(system.rows());
    pivots_.assign(static_cast<std::size_t>(std::max(1, size)), 0);
    int info = 0;
    dgetrf_(&size, &size, system.data(), &size, pivots_.data(), &info);
    if (info < 0) return Status::Internal(fmt::format("dgetrf: argument {} is invalid", -info));
    lapack_lu_ = std::make_unique<Eigen::MatrixXd>(std::move(system));
    const Eigen::VectorXd diagonal = lapack_lu_->diagonal();
    if (!diagonal.allFinite() || diagonal.cwiseAbs().minCoeff() == 0.0) return Singular(source_);
    return Status::Ok();
  }

  // sgetrf of the float32 copy of system_; false when a pivot is zero or not finite.
  bool FactoriseSingle() {
    const int size = static_cast<int>(system_->rows());
    single_lu_ = std::make_unique<Eigen::MatrixXf>(system_->cast<float>());
    pivots_.assign(static_cast<std::size_t>(std::max(1, size)), 0);
    int info = 0;
    sgetrf_(&size, &size, single_lu_->data(), &size, pivots_.data(), &info);
    if (info != 0) return false;
    const Eigen::VectorXf diagonal = single_lu_->diagonal();
    return diagonal.allFinite() && diagonal.cwiseAbs().minCoeff() > 0.0f;
  }

  // The float32 solve of `rhs`, each column scaled to ‖·‖_∞ = 1 first (a residual is ~10^-8 of
  // its right-hand side: unscaled it could leave float32's range).
  Eigen::MatrixXd SingleSolve(const Eigen::MatrixXd& rhs, bool transposed) const {
    const Index columns = rhs.cols();
    const Eigen::RowVectorXd scale = rhs.cwiseAbs().colwise().maxCoeff();
    Eigen::MatrixXf block(rhs.rows(), columns);
    for (Index c = 0; c < columns; ++c) {
      const double s = scale(c) > 0.0 ? 1.0 / scale(c) : 1.0;
      block.col(c) = (rhs.col(c) * s).cast<float>();
    }
    const int size = static_cast<int>(rhs.rows());
    const char trans = transposed ? 'T' : 'N';
    int info = 0;
    for (Index start = 0; start < columns; start += std::numeric_limits<int>::max()) {
      const int width =
          static_cast<int>(std::min<Index>(std::numeric_limits<int>::max(), columns - start));
      sgetrs_(&trans, &size, &width, single_lu_->data(), &size, pivots_.data(),
              block.col(start).data(), &size, &info, 1);
    }
    Eigen::MatrixXd out(rhs.rows(), columns);
    for (Index c = 0; c < columns; ++c) {
      const double s = scale(c) > 0.0 ? scale(c) : 1.0;
      out.col(c) = block.col(c).cast<double>() * s;
    }
    return out;
  }

  // rhs − op(I − A)·x in float64 (one dgemm on the kept I − A).
  Eigen::MatrixXd DenseDefect(const Eigen::MatrixXd& x, const Eigen::MatrixXd& rhs,
                              bool transposed) const {
    Eigen::MatrixXd defect = rhs;
    if (x.cols() == 0) return defect;
    const int size = static_cast<int>(x.rows());
    const int columns = static_cast<int>(x.cols());
    const char trans = transposed ? 'T' : 'N', no = 'N';
    const double minus_one = -1.0, one = 1.0;
    dgemm_(&trans, &no, &size, &columns, &size, &minus_one, system_->data(), &size, x.data(), &size,
           &one, defect.data(), &size, 1, 1);
    return defect;
  }

  // Mixed-precision refinement (see the class comment); nullopt when it does not converge.
  std::optional<Eigen::MatrixXd> RefinedSolve(const Eigen::MatrixXd& rhs, bool transposed,
                                              double* residual) {
    const Index n = rhs.rows();
    const double target =
        std::sqrt(static_cast<double>(n)) * std::numeric_limits<double>::epsilon();
    Eigen::MatrixXd solution = SingleSolve(rhs, transposed);
    double previous = std::numeric_limits<double>::infinity();
    for (int step = 1; step <= kMaxRefinementSteps; ++step) {
      if (!solution.allFinite()) return std::nullopt;
      const Eigen::MatrixXd defect = DenseDefect(solution, rhs, transposed);
      solution += SingleSolve(defect, transposed);
      const double reached = Residual(solution, rhs, transposed);
      if (reached <= target) {
        *residual = reached;
        refinement_steps_ = std::max(refinement_steps_, step);
        return solution;
      }
      if (!(reached <= 0.5 * previous)) return std::nullopt;  // not converging
      previous = reached;
    }
    return std::nullopt;
  }
#endif

  // Solves column blocks in parallel: Eigen's triangular solves with many right-hand sides run on
  // one thread, so each thread takes a contiguous block (the result does not depend on the split:
  // every column is solved by the same sequence of operations). With LAPACK, one dgetrs call for
  // all columns: OpenBLAS's blocked triangular solves run on its own threads.
  Eigen::MatrixXd RawSolve(const Eigen::MatrixXd& rhs, bool transposed) const {
    Eigen::MatrixXd out(rhs.rows(), rhs.cols());
    const Index columns = rhs.cols();
#ifdef GOSPLAN_HAVE_LAPACK
    if (lapack_lu_) {
      out = rhs;
      if (columns == 0) return out;
      const int size = static_cast<int>(rhs.rows());
      const int count = static_cast<int>(std::min<Index>(columns, std::numeric_limits<int>::max()));
      const char trans = transposed ? 'T' : 'N';
      int info = 0;
      for (Index start = 0; start < columns; start += count) {
        const int width = static_cast<int>(std::min<Index>(count, columns - start));
        dgetrs_(&trans, &size, &width, lapack_lu_->data(), &size, pivots_.data(),
                out.col(start).data(), &size, &info, 1);
      }
      return out;
    }
#endif
    // SparseLU keeps no per-solve state either, but its solves are cheap: one thread.
    const int threads = dense_ && columns >= 64 ? std::max(1, omp_get_max_threads()) : 1;
    const Index chunk = (columns + threads - 1) / std::max(1, threads);
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
    for (int t = 0; t < threads; ++t) {
      const Index start = static_cast<Index>(t) * chunk;
      const Index width = std::min(chunk, columns - start);
      if (width <= 0) continue;
      if (dense_) {
        if (transposed) {
          out.middleCols(start, width) = dense_->transpose().solve(rhs.middleCols(start, width));
        } else {
          out.middleCols(start, width) = dense_->solve(rhs.middleCols(start, width));
        }
      } else {
        const Eigen::MatrixXd block = rhs.middleCols(start, width);
        if (transposed) {
          out.middleCols(start, width) = sparse_->transpose().solve(block);
        } else {
          out.middleCols(start, width) = sparse_->solve(block);
        }
      }
    }
    return out;
  }

  // (I − A) X or (I − A)^T X: from the kept float64 I − A (mixed precision, BLAS), else from the
  // sparse A.
  Eigen::MatrixXd Apply(const Eigen::MatrixXd& x, bool transposed) const {
#ifdef GOSPLAN_HAVE_LAPACK
    if (system_) return -DenseDefect(x, Eigen::MatrixXd::Zero(x.rows(), x.cols()), transposed);
#endif
    if (transposed) return x - coefficients_->transpose() * x;
    return x - (*coefficients_) * x;
  }

  // max over the checked columns of ‖(I − A)x − b‖_∞ / ‖b‖_∞ (‖·‖_∞ when b = 0). Every column when
  // that costs at most 2·10^8 multiply-adds ((nnz(A) + n)·columns); otherwise the sum of all
  // columns and 16 columns spread evenly: a full check would cost as much as the solve
  // (docs/io.md).
  double Residual(const Eigen::MatrixXd& x, const Eigen::MatrixXd& b, bool transposed) const {
    const Index n = x.rows(), columns = x.cols();
    if (columns == 0) return 0.0;
    std::vector<Index> picked;
    Eigen::MatrixXd xs, bs;
    const double full_cost = static_cast<double>(coefficients_->nonZeros() + n) * columns;
    if (full_cost <= 2e8) {
      xs = x;
      bs = b;
    } else {
      const Index sampled = std::min<Index>(16, columns);
      xs.resize(n, sampled + 1);
      bs.resize(n, sampled + 1);
      for (Index k = 0; k < sampled; ++k) {
        const Index c = k * (columns - 1) / std::max<Index>(1, sampled - 1);
        xs.col(k) = x.col(c);
        bs.col(k) = b.col(c);
      }
      xs.col(sampled) = x.rowwise().sum();
      bs.col(sampled) = b.rowwise().sum();
    }
    const Eigen::MatrixXd r = Apply(xs, transposed) - bs;
    double worst = 0.0;
    for (Index c = 0; c < r.cols(); ++c) {
      const double scale = bs.col(c).cwiseAbs().maxCoeff();
      const double norm = r.col(c).cwiseAbs().maxCoeff();
      worst = std::max(worst, scale > 0.0 ? norm / scale : norm);
    }
    return std::isfinite(worst) ? worst : std::numeric_limits<double>::infinity();
  }

  const SparseMatrix* coefficients_ = nullptr;
  std::string source_;
  std::unique_ptr<Eigen::PartialPivLU<Eigen::MatrixXd>> dense_;  // Eigen's LU (no LAPACK)
  std::unique_ptr<Eigen::MatrixXd> lapack_lu_;  // dgetrf's L\U, with pivots_ (1-based rows)
  std::unique_ptr<Eigen::MatrixXf> single_lu_;  // sgetrf's L\U (mixed precision), with pivots_
  std::unique_ptr<Eigen::MatrixXd> system_;     // I − A in float64 (mixed precision's residuals)
  std::vector<int> pivots_;
  bool fell_back_ = false;
  int refinement_steps_ = 0;
  std::unique_ptr<SparseLuFactor> sparse_;
};

Status NotSolved(const IoTable& table, const std::string& what, double residual, double tolerance) {
  return Status::InvalidInput(
      table.source, 0, 0,
      fmt::format("the LU solve for {} reached a relative residual of {:.3g} only", what, residual),
      fmt::format("a residual at most {} (a well-conditioned, productive table)", tolerance));
}

// Σ of the columns of `values` (rows × columns) that belong to each region: rows × R.
Eigen::MatrixXd SumByRegion(const Eigen::MatrixXd& values, const std::vector<Index>& region_of,
                            Index regions) {
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(values.rows(), regions);
  for (Index c = 0; c < values.cols(); ++c)
    out.col(region_of[static_cast<std::size_t>(c)]) += values.col(c);
  return out;
}

// A with every entry positive (dense multi-regional tables) is irreducible, and ρ(A) lies between
// the smallest and the largest row and column sums (Perron–Frobenius): when the upper bound is
// below 1 the table is proven productive in O(nnz), without CheckProductiveness's power iteration
// (which costs tens of passes over a dense A). Only from 1000 sectors: below, the power iteration
// is cheap and its bounds tight. nullopt otherwise (the caller runs CheckProductiveness).
std::optional<Productiveness> PositiveBound(const SparseMatrix& a) {
  const Index n = a.rows();
  if (n < 1000 || a.nonZeros() != n * n) return std::nullopt;
  Eigen::VectorXd row_sum = Eigen::VectorXd::Zero(n), column_sum = Eigen::VectorXd::Zero(n);
  for (Index j = 0; j < n; ++j) {
    for (SparseMatrix::InnerIterator it(a, j); it; ++it) {
      if (!(it.value() > 0.0) || !std::isfinite(it.value())) return std::nullopt;
      row_sum(it.row()) += it.value();
      column_sum(j) += it.value();
    }
  }
  Productiveness p;
  p.spectral_radius_upper = std::min(row_sum.maxCoeff(), column_sum.maxCoeff());
  p.spectral_radius_lower = std::max(row_sum.minCoeff(), column_sum.minCoeff());
  if (!(p.spectral_radius_upper < 1.0)) return std::nullopt;
  p.productive = true;
  p.spectral_radius = 0.5 * (p.spectral_radius_lower + p.spectral_radius_upper);
  p.block_count = 1;
  return p;
}

}  // namespace

bool MixedPrecisionLuAvailable() {
#ifdef GOSPLAN_HAVE_LAPACK
  return true;
#else
  return false;
#endif
}

bool ExtendedOptions::IsValid(std::string* error) const {
  auto fail = [&](std::string what) {
    if (error) *error = std::move(what);
    return false;
  };
  if (ghosh_limit < 1) return fail(fmt::format("ghosh_limit is {}; it must be ≥ 1", ghosh_limit));
  if (detail_limit < 1)
    return fail(fmt::format("detail_limit is {}; it must be ≥ 1", detail_limit));
  if (!(mixed_precision_ratio >= 0.0))
    return fail(fmt::format("mixed_precision_ratio is {}; it must be ≥ 0", mixed_precision_ratio));
  if (mixed_precision_from < 1)
    return fail(fmt::format("mixed_precision_from is {}; it must be ≥ 1", mixed_precision_from));
  if (!(dense_fraction >= 0.0 && dense_fraction <= 1.0))
    return fail(fmt::format("dense_fraction is {}; it must be in [0, 1]", dense_fraction));
  if (!(tolerance > 0.0 && tolerance < 1.0))
    return fail(fmt::format("tolerance is {}; it must be in (0, 1)", tolerance));
  if (!(identity_tolerance > 0.0 && identity_tolerance < 1.0))
    return fail(fmt::format("identity_tolerance is {}; it must be in (0, 1)", identity_tolerance));
  if (extract && extract->empty()) return fail("extract is empty; it must name a sector");
  return true;
}

Result<ExtendedAnalysis> AnalyseExtended(const IoTable& table, const Eigen::VectorXd& final_demand,
                                         const Satellite* satellite, const RegionMap* regions,
                                         const IoAnalysisOptions& options,
                                         const ExtendedOptions& extended) {
  if (Status invalid = ValidateOptions(options, "IoAnalysisOptions"); !invalid.ok()) return invalid;
  if (Status invalid = ValidateOptions(extended, "ExtendedOptions"); !invalid.ok()) return invalid;
  const Index n = table.size();
  if (n == 0)
    return Status::InvalidInput(table.source, 0, 0, "the table has no sectors",
                                "at least one sector");
  if (final_demand.size() != n) {
    return Status::InvalidInput(table.source, 0, 0,
                                fmt::format("final demand has {} values", final_demand.size()),
                                fmt::format("{} values, one per sector", n));
  }
  if (options.inverse && n > options.diagonal_limit) {
    return Status::InvalidInput(
        table.source, 0, 0, fmt::format("the full Leontief inverse was asked for {} sectors", n),
        fmt::format("at most {} sectors for the inverse", options.diagonal_limit));
  }
  if (extended.ghosh && n > extended.ghosh_limit) {
    return Status::InvalidInput(
        table.source, 0, 0,
        fmt::format("the Ghosh inverse (--ghosh) was asked for {} sectors: it is a dense n x n "
                    "matrix, printed in full",
                    n),
        fmt::format("at most {} sectors for --ghosh; forward linkages (--linkages) need no "
                    "inverse at any size",
                    extended.ghosh_limit));
  }
  if (extended.footprints && regions == nullptr) {
    return Status::InvalidInput(table.source, 0, 0, "footprints need regions",
                                "sector labels region/sector or a --regions file");
  }
  if (extended.footprints_detail && n > extended.detail_limit) {
    return Status::InvalidInput(
        table.source, 0, 0, fmt::format("the footprint detail was asked for {} sectors", n),
        fmt::format("at most {} sectors for the detail (the regional totals have no limit)",
                    extended.detail_limit));
  }
  Index extracted = -1;
  if (extended.extract) {
    extracted = table.FindSector(*extended.extract);
    if (extracted < 0) {
      return Status::InvalidInput(table.source, 0, 0,
                                  "unknown sector '" + *extended.extract + "' to extract",
                                  "a sector of the table");
    }
    if (n < 2) {
      return Status::InvalidInput(table.source, 0, 0, "extraction needs at least two sectors",
                                  "a table of two or more sectors");
    }
  }
  auto selected = SelectPrimaryRows(table, options.rows);
  if (!selected.ok()) return selected.status();
  const std::vector<Index>& rows = selected.value();

  ExtendedAnalysis result;
  IoAnalysis& base = result.base;
  const bool dense = static_cast<double>(table.coefficients.nonZeros()) >=
                     extended.dense_fraction * static_cast<double>(n) * static_cast<double>(n);
  if (std::optional<Productiveness> bounded = PositiveBound(table.coefficients)) {
    base.productiveness = *bounded;
  } else {
    auto productiveness =
        CheckProductiveness(table.coefficients, options.productiveness, table.source);
    if (!productiveness.ok()) return productiveness.status();
    base.productiveness = std::move(productiveness.value());
  }
  if (Status unproductive = UnproductiveTable(table, base.productiveness); !unproductive.ok())
    return unproductive;
  // Mixed precision halves the LU's cost (n³/3 float64-equivalent flops saved) but refining to the
  // float64 level usually takes 2 corrections, each a float64 product and a float32 solve with
  // every right-hand side (2·n² flops per right-hand side each): it pays only where n is large
  // against the number of right-hand sides (docs/benchmarks.md).
  const Index right_hand_sides = 3 + (regions ? static_cast<Index>(regions->regions.size()) : 0) +
                                 static_cast<Index>(rows.size()) +
                                 (satellite ? static_cast<Index>(satellite->stressors.size()) : 0);
  const bool mixed = dense && (extended.lu_precision == ExtendedOptions::LuPrecision::kMixed ||
                               (extended.lu_precision == ExtendedOptions::LuPrecision::kAuto &&
                                n >= extended.mixed_precision_from &&
                                n >= extended.mixed_precision_ratio * right_hand_sides));
  auto created = Factorisation::Create(table.coefficients, dense, mixed, table.source);
  if (!created.ok()) return created.status();
  Factorisation& lu = created.value();
  result.factorisation = lu.name();
  base.solver = lu.name();
  base.final_demand = final_demand;

  // The observed total output (Ghosh, satellites): the table's, or x = L y for a model's table.
  const bool has_flows = table.total_output.size() == n;

  // ---- Forward solves: y, the regions' final demand, the observed x (forward linkages).
  const Index region_count = regions ? static_cast<Index>(regions->regions.size()) : 0;
  const bool want_linkages = extended.linkages || extended.ghosh;
  Eigen::MatrixXd forward_rhs(
      n, 1 + (extended.footprints ? region_count : 0) + (want_linkages && has_flows ? 1 : 0));
  forward_rhs.col(0) = final_demand;
  Index column = 1;
  Eigen::MatrixXd regional_demand;  // n × R
  if (extended.footprints) {
    regional_demand = SumByRegion(table.final_demand, regions->final_demand_region, region_count);
    forward_rhs.middleCols(column, region_count) = regional_demand;
    column += region_count;
  }
  if (want_linkages && has_flows) forward_rhs.col(column) = table.total_output;
  double residual = 0.0;
  auto solved_forward = lu.Solve(forward_rhs, false, extended.tolerance, &residual);
  if (!solved_forward.ok()) return solved_forward.status();
  const Eigen::MatrixXd forward = std::move(solved_forward.value());
  if (!(residual <= extended.tolerance))
    return NotSolved(table, "total output", residual, extended.tolerance);
  base.residual = std::max(base.residual, residual);
  base.total_output = forward.col(0);
  const Eigen::VectorXd observed_output = has_flows ? table.total_output : base.total_output;

  // ---- Stressors: the primary rows asked for, then the satellite's.
  const Index primary_count = static_cast<Index>(rows.size());
  const Index satellite_count = satellite ? static_cast<Index>(satellite->stressors.size()) : 0;
  const Index stressor_count = primary_count + satellite_count;
  result.primary_count = primary_count;
  Eigen::MatrixXd& coefficients = result.stressor_coefficients;
  coefficients.resize(stressor_count, n);
  for (Index k = 0; k < primary_count; ++k) {
    result.stressors.push_back(table.primary_names[static_cast<std::size_t>(rows[k])]);
    coefficients.row(k) = table.primary_coefficients.row(rows[k]);
  }
  if (satellite) {
    if (satellite->values.cols() != n) {
      return Status::Internal("the satellite does not have one column per sector");
    }
    Diagnostics diagnostics;
    for (Index k = 0; k < satellite_count; ++k) {
      result.stressors.push_back(satellite->stressors[static_cast<std::size_t>(k)]);
      for (Index j = 0; j < n; ++j) {
        const double x = observed_output(j);
        const double f = satellite->values(k, j);
        if (x > 0.0) {
          coefficients(primary_count + k, j) = f / x;
        } else if (f == 0.0) {
          coefficients(primary_count + k, j) = 0.0;
        } else {
          coefficients(primary_count + k, j) = 0.0;
          diagnostics.Add(satellite->source, 0, 0,
                          fmt::format("stressor '{}' is {} in sector '{}', whose total output is "
                                      "{}",
                                      satellite->stressors[static_cast<std::size_t>(k)], f,
                                      table.sectors[static_cast<std::size_t>(j)], x),
                          "no stressor in a sector without output");
        }
      }
    }
    if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  }

  // ---- Transposed solves: the output multipliers and every stressor at once.
  Eigen::MatrixXd transposed_rhs(n, 1 + stressor_count);
  transposed_rhs.col(0).setOnes();
  transposed_rhs.rightCols(stressor_count) = coefficients.transpose();
  auto solved_transposed = lu.Solve(transposed_rhs, true, extended.tolerance, &residual);
  if (!solved_transposed.ok()) return solved_transposed.status();
  const Eigen::MatrixXd transposed = std::move(solved_transposed.value());
  if (!(residual <= extended.tolerance))
    return NotSolved(table, "the multipliers", residual, extended.tolerance);
  base.residual = std::max(base.residual, residual);
  result.residual = base.residual;
  base.output_multipliers = transposed.col(0);
  result.stressor_multipliers = transposed.rightCols(stressor_count).transpose();
  for (Index k = 0; k < primary_count; ++k)
    base.multiplier_names.push_back(result.stressors[static_cast<std::size_t>(k)]);
  base.multipliers = result.stressor_multipliers.topRows(primary_count);

  // ---- The inverse, when something small needs it: the diagonal, --inverse, --ghosh, the detail.
  const bool want_inverse =
      n <= options.diagonal_limit || extended.ghosh || extended.footprints_detail;
  Eigen::MatrixXd inverse;
  if (want_inverse) {
    auto solved = lu.Solve(Eigen::MatrixXd::Identity(n, n), false, extended.tolerance, &residual);
    if (!solved.ok()) return solved.status();
    inverse = std::move(solved.value());
    if (!(residual <= extended.tolerance))
      return NotSolved(table, "the Leontief inverse", residual, extended.tolerance);
    base.residual = std::max(base.residual, residual);
    if (n <= options.diagonal_limit) base.leontief_diagonal = inverse.diagonal();
    if (options.inverse) base.leontief_inverse = inverse;
  }

  // ---- Regional accounts.
  if (extended.footprints) {
    result.regions = *regions;
    RegionalAccounts accounts;
    accounts.identity_tolerance = extended.identity_tolerance;
    const Eigen::MatrixXd caused = forward.middleCols(1, region_count);  // X = L·[Y_1 … Y_R]
    const Eigen::VectorXd caused_total = caused.rowwise().sum();         // x̂
    const Eigen::MatrixXd& s = coefficients;
    const Eigen::MatrixXd& m = result.stressor_multipliers;
    // Final users' direct emissions per region (satellite stressors only).
    Eigen::MatrixXd direct = Eigen::MatrixXd::Zero(stressor_count, region_count);
    if (satellite && satellite->final_demand.cols() > 0) {
      direct.bottomRows(satellite_count) =
          SumByRegion(satellite->final_demand, regions->final_demand_region, region_count);
    }
    // Emitted in each sector, caused by each region's demand, summed by region of emission.
    const Eigen::MatrixXd everywhere = s * caused;  // K × R: Σ_j s_j X[j, r]
    Eigen::MatrixXd domestic = Eigen::MatrixXd::Zero(stressor_count, region_count);
    Eigen::MatrixXd produced = Eigen::MatrixXd::Zero(stressor_count, region_count);
    for (Index j = 0; j < n; ++j) {
      const Index r = regions->sector_region[static_cast<std::size_t>(j)];
      domestic.col(r) += s.col(j) * caused(j, r);
      produced.col(r) += s.col(j) * caused_total(j);
    }
    accounts.production = produced + direct;
    accounts.consumption = m * regional_demand + direct;  // the multipliers' path
    accounts.imports = everywhere - domestic;             // the forward path
    accounts.exports = produced - domestic;
    accounts.identity_residual.resize(stressor_count, region_count);
    for (Index k = 0; k < stressor_count; ++k) {
      for (Index r = 0; r < region_count; ++r) {
        const double c = accounts.consumption(k, r), p = accounts.production(k, r);
        const double i = accounts.imports(k, r), e = accounts.exports(k, r);
        const double scale = std::max({std::abs(c), std::abs(p), std::abs(i), std::abs(e)});
        const double gap = std::abs(c - (p + i - e));
        accounts.identity_residual(k, r) = scale > 0.0 ? gap / scale : gap;
        accounts.worst_identity_residual =
            std::max(accounts.worst_identity_residual, accounts.identity_residual(k, r));
      }
    }
    if (extended.footprints_detail) {
      accounts.detail_production_labels = table.sectors;
      accounts.detail_production = s * caused_total.asDiagonal();
      accounts.detail_exports.resize(stressor_count, n);
      for (Index j = 0; j < n; ++j) {
        const Index r = regions->sector_region[static_cast<std::size_t>(j)];
        accounts.detail_exports.col(j) = s.col(j) * (caused_total(j) - caused(j, r));
      }
      // Products: the sector names without their region, in order of first appearance.
      std::vector<std::string> products;
      std::unordered_map<std::string, Index> product_of_name;
      std::vector<Index> product_of(static_cast<std::size_t>(n));
      for (Index j = 0; j < n; ++j) {
        const std::string& name = regions->sector_names[static_cast<std::size_t>(j)];
        const auto [at, fresh] = product_of_name.emplace(name, static_cast<Index>(products.size()));
        if (fresh) products.push_back(name);
        product_of[static_cast<std::size_t>(j)] = at->second;
      }
      const Index product_count = static_cast<Index>(products.size());
      for (const std::string& region : regions->regions) {
        for (const std::string& product : products)
          accounts.detail_consumption_labels.push_back(region + "/" + product);
      }
      accounts.detail_consumption.setZero(stressor_count, region_count * product_count);
      accounts.detail_imports.setZero(stressor_count, region_count * product_count);
      for (Index r = 0; r < region_count; ++r) {
        // Multipliers counting only what is emitted in region r: s|_r · L.
        Eigen::MatrixXd home = Eigen::MatrixXd::Zero(stressor_count, n);
        for (Index j = 0; j < n; ++j) {
          if (regions->sector_region[static_cast<std::size_t>(j)] == r)
            home += s.col(j) * inverse.row(j);
        }
        for (Index j = 0; j < n; ++j) {
          const double y = regional_demand(j, r);
          if (y == 0.0) continue;
          const Index c = r * product_count + product_of[static_cast<std::size_t>(j)];
          accounts.detail_consumption.col(c) += m.col(j) * y;
          accounts.detail_imports.col(c) += (m.col(j) - home.col(j)) * y;
        }
      }
    }
    result.accounts = std::move(accounts);
  }

  // ---- The forward view.
  if (want_linkages) {
    ForwardView view;
    const Eigen::VectorXd enabled = has_flows ? Eigen::VectorXd(forward.rightCols(1))
                                              : base.total_output;  // L·x (x = L y: then L x)
    view.forward_linkages.resize(n);
    if (has_flows) {
      for (Index i = 0; i < n; ++i) {
        view.forward_linkages(i) = observed_output(i) > 0.0
                                       ? enabled(i) / observed_output(i)
                                       : std::numeric_limits<double>::quiet_NaN();
      }
    } else {
      // Without flows the observed output is x = L y; L·x needs one more solve.
      auto solved = lu.Solve(base.total_output, false, extended.tolerance, &residual);
      if (!solved.ok()) return solved.status();
      const Eigen::MatrixXd lx = std::move(solved.value());
      if (!(residual <= extended.tolerance))
        return NotSolved(table, "the forward linkages", residual, extended.tolerance);
      base.residual = std::max(base.residual, residual);
      for (Index i = 0; i < n; ++i) {
        view.forward_linkages(i) = observed_output(i) > 0.0
                                       ? lx(i, 0) / observed_output(i)
                                       : std::numeric_limits<double>::quiet_NaN();
      }
    }
    view.backward_linkages = base.output_multipliers;
    double forward_sum = 0.0;
    Index forward_count = 0;
    for (Index i = 0; i < n; ++i) {
      if (std::isfinite(view.forward_linkages(i))) {
        forward_sum += view.forward_linkages(i);
        ++forward_count;
      }
    }
    const double forward_mean = forward_count > 0 ? forward_sum / forward_count : 0.0;
    const double backward_mean = view.backward_linkages.mean();
    view.forward_index = view.forward_linkages / forward_mean;
    view.backward_index = view.backward_linkages / backward_mean;
    for (Index j = 0; j < n; ++j) {
      if (view.forward_index(j) > 1.0 && view.backward_index(j) > 1.0)
        view.key_sectors.push_back(j);
    }
    if (extended.ghosh) {
      // B = diag(x)^-1 Z = diag(x)^-1 A diag(x); G = diag(x)^-1 L diag(x).
      const Eigen::MatrixXd a = Eigen::MatrixXd(table.coefficients);
      view.output_coefficients.resize(n, n);
      view.ghosh_inverse.resize(n, n);
      for (Index i = 0; i < n; ++i) {
        const double xi = observed_output(i);
        for (Index j = 0; j < n; ++j) {
          const double xj = observed_output(j);
          view.output_coefficients(i, j) = xi > 0.0 ? a(i, j) * xj / xi : 0.0;
          view.ghosh_inverse(i, j) = xi > 0.0 ? inverse(i, j) * xj / xi : (i == j ? 1.0 : 0.0);
        }
      }
    }
    result.forward = std::move(view);
  }

  // ---- Hypothetical extraction: delete row and column k of A and element k of y.
  if (extracted >= 0) {
    std::vector<Index> kept_position(static_cast<std::size_t>(n), -1);
    Index next = 0;
    for (Index j = 0; j < n; ++j) {
      if (j != extracted) kept_position[static_cast<std::size_t>(j)] = next++;
    }
    std::vector<Eigen::Triplet<double, Index>> triplets;
    for (Index j = 0; j < n; ++j) {
      if (j == extracted) continue;
      for (SparseMatrix::InnerIterator it(table.coefficients, j); it; ++it) {
        if (it.row() == extracted) continue;
        triplets.emplace_back(kept_position[static_cast<std::size_t>(it.row())],
                              kept_position[static_cast<std::size_t>(j)], it.value());
      }
    }
    SparseMatrix reduced(n - 1, n - 1);
    reduced.setFromTriplets(triplets.begin(), triplets.end());
    Eigen::VectorXd reduced_demand(n - 1);
    for (Index j = 0; j < n; ++j) {
      if (j != extracted)
        reduced_demand(kept_position[static_cast<std::size_t>(j)]) = final_demand(j);
    }
    auto reduced_lu = Factorisation::Create(reduced, dense, mixed, table.source);
    if (!reduced_lu.ok()) return reduced_lu.status();
    auto solved = reduced_lu.value().Solve(reduced_demand, false, extended.tolerance, &residual);
    if (!solved.ok()) return solved.status();
    const Eigen::MatrixXd reduced_output = std::move(solved.value());
    if (!(residual <= extended.tolerance))
      return NotSolved(table, "the extraction", residual, extended.tolerance);
    base.residual = std::max(base.residual, residual);
    Extraction extraction;
    extraction.sector = extracted;
    extraction.output_lost.resize(n);
    for (Index j = 0; j < n; ++j) {
      extraction.output_lost(j) =
          j == extracted ? base.total_output(j)
                         : base.total_output(j) -
                               reduced_output(kept_position[static_cast<std::size_t>(j)], 0);
    }
    extraction.total_output_lost = extraction.output_lost.sum();
    const double total = base.total_output.sum();
    extraction.share = total != 0.0 ? extraction.total_output_lost / total
                                    : std::numeric_limits<double>::quiet_NaN();
    result.extraction = std::move(extraction);
  }
  result.residual = base.residual;
  if (lu.dense()) {
    result.lu_precision = lu.mixed()       ? "float32 refined in float64"
                          : lu.fell_back() ? "float64 (mixed precision fell back)"
                                           : "float64";
    result.refinement_steps = lu.refinement_steps();
  }
  return result;
}

}  // namespace gosplan
