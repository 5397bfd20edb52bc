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
// LAPACK (column-major, 32-bit integers; the trailing length of the character argument as gfortran
// passes it). Called from this file only: Eigen's own kernels stay as they are elsewhere.
extern "C" {
void dgetrf_(const int* m, const int* n, double* a, const int* lda, int* pivots, int* info);
void dgetrs_(const char* trans, const int* n, const int* nrhs, const double* a, const int* lda,
             const int* pivots, double* b, const int* ldb, int* info, std::size_t trans_length);
}
#endif

namespace gosplan {
namespace {

using SparseLuFactor = Eigen::SparseLU<SparseMatrix, Eigen::COLAMDOrdering<Index>>;

// I − A factorised once, dense (partial pivoting) or sparse (COLAMD), serving blocks of right-hand
// sides in both orientations.
class Factorisation {
 public:
  static Result<Factorisation> Create(const SparseMatrix& coefficients, bool dense,
                                      const std::string& source) {
    Factorisation f;
    f.coefficients_ = &coefficients;
    const Index n = coefficients.rows();
    if (dense) {
      // I − A filled column by column from the sparse A: one dense n × n matrix, no temporaries.
      Eigen::MatrixXd system = Eigen::MatrixXd::Zero(n, n);
      for (Index j = 0; j < n; ++j) {
        for (SparseMatrix::InnerIterator it(coefficients, j); it; ++it)
          system(it.row(), j) = -it.value();
      }
      system.diagonal().array() += 1.0;
#ifdef GOSPLAN_HAVE_LAPACK
      // LAPACK's dgetrf (OpenBLAS: blocked, threaded, the machine's vector kernels), in place.
      if (n > std::numeric_limits<int>::max()) {
        return Status::InvalidInput(source, 0, 0, fmt::format("{} sectors for the dense LU", n),
                                    "at most 2^31 - 1 sectors (LAPACK's 32-bit indices)");
      }
      const int size = static_cast<int>(n);
      f.pivots_.resize(static_cast<std::size_t>(std::max(1, size)));
      int info = 0;
      dgetrf_(&size, &size, system.data(), &size, f.pivots_.data(), &info);
      if (info < 0) return Status::Internal(fmt::format("dgetrf: argument {} is invalid", -info));
      f.lapack_lu_ = std::make_unique<Eigen::MatrixXd>(std::move(system));
      const Eigen::VectorXd diagonal = f.lapack_lu_->diagonal();
#else
      f.dense_ = std::make_unique<Eigen::PartialPivLU<Eigen::MatrixXd>>(std::move(system));
      const Eigen::VectorXd diagonal = f.dense_->matrixLU().diagonal();
#endif
      // Partial pivoting does not stop at singularity (dgetrf's info > 0 is an exact zero pivot):
      // a zero or tiny pivot shows as non-finite or huge solutions, caught by the residual checks.
      if (!diagonal.allFinite() || diagonal.cwiseAbs().minCoeff() == 0.0) {
        return Status::InvalidInput(source, 0, 0,
                                    "I - A is singular: the dense LU has a zero pivot",
                                    "a productive table (spectral radius of A below 1)");
      }
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

  bool dense() const { return dense_ != nullptr || lapack_lu_ != nullptr; }
  std::string name() const { return dense() ? "dense LU" : "sparse LU"; }

  // X solving (I − A) X = B (transposed: (I − A)^T X = B), every column at once; one refinement
  // step when the (sampled) residual is above `tolerance`. *residual: the relative residual.
  Eigen::MatrixXd Solve(const Eigen::MatrixXd& rhs, bool transposed, double tolerance,
                        double* residual) const {
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

  // (I − A) X or (I − A)^T X from the sparse A.
  Eigen::MatrixXd Apply(const Eigen::MatrixXd& x, bool transposed) const {
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
  std::unique_ptr<Eigen::PartialPivLU<Eigen::MatrixXd>> dense_;  // Eigen's LU (no LAPACK)
  std::unique_ptr<Eigen::MatrixXd> lapack_lu_;  // dgetrf's L\U, with pivots_ (1-based rows)
  std::vector<int> pivots_;
  std::unique_ptr<SparseLuFactor> sparse_;
};

std::string SectorList(const IoTable& table, const std::vector<Index>& sectors) {
  std::string text;
  constexpr std::size_t kShown = 20;
  for (std::size_t k = 0; k < sectors.size() && k < kShown; ++k) {
    if (k > 0) text += ", ";
    text += "'" + table.sectors[static_cast<std::size_t>(sectors[k])] + "'";
  }
  if (sectors.size() > kShown) text += fmt::format(" and {} more", sectors.size() - kShown);
  return text;
}

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

bool ExtendedOptions::IsValid(std::string* error) const {
  auto fail = [&](std::string what) {
    if (error) *error = std::move(what);
    return false;
  };
  if (ghosh_limit < 1) return fail(fmt::format("ghosh_limit is {}; it must be ≥ 1", ghosh_limit));
  if (detail_limit < 1)
    return fail(fmt::format("detail_limit is {}; it must be ≥ 1", detail_limit));
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
  // Which primary rows.
  std::vector<Index> rows;
  if (options.rows.empty()) {
    rows.resize(table.primary_names.size());
    std::iota(rows.begin(), rows.end(), Index{0});
  } else {
    Diagnostics diagnostics;
    for (const std::string& name : options.rows) {
      const Index r = table.FindPrimary(name);
      if (r < 0) {
        std::string known;
        for (const std::string& p : table.primary_names) known += (known.empty() ? "" : ", ") + p;
        diagnostics.Add(
            table.source, 0, 0, "no primary row '" + name + "'",
            known.empty() ? std::string("a table with primary rows") : "one of " + known);
      }
      rows.push_back(r);
    }
    if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  }

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
  if (!base.productiveness.unproductive_blocks.empty()) {
    Diagnostics diagnostics;
    for (const IrreducibleBlock& block : base.productiveness.unproductive_blocks) {
      diagnostics.Add(
          table.source, 0, 0,
          fmt::format("the economy is not productive: sector{} {} form{} a block with spectral "
                      "radius {:.6g} (bounds [{:.10g}, {:.10g}]) >= 1",
                      block.sectors.size() == 1 ? "" : "s", SectorList(table, block.sectors),
                      block.sectors.size() == 1 ? "s" : "",
                      0.5 * (block.spectral_radius_lower + block.spectral_radius_upper),
                      block.spectral_radius_lower, block.spectral_radius_upper),
          "spectral radius of A below 1 in every block (Hawkins-Simon)");
    }
    return Status::InvalidInput(std::move(diagnostics));
  }
  auto created = Factorisation::Create(table.coefficients, dense, table.source);
  if (!created.ok()) return created.status();
  const Factorisation& lu = created.value();
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
  const Eigen::MatrixXd forward = lu.Solve(forward_rhs, false, extended.tolerance, &residual);
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
  const Eigen::MatrixXd transposed = lu.Solve(transposed_rhs, true, extended.tolerance, &residual);
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
    inverse = lu.Solve(Eigen::MatrixXd::Identity(n, n), false, extended.tolerance, &residual);
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
      const Eigen::MatrixXd lx = lu.Solve(base.total_output, false, extended.tolerance, &residual);
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
    auto reduced_lu = Factorisation::Create(reduced, dense, table.source);
    if (!reduced_lu.ok()) return reduced_lu.status();
    const Eigen::MatrixXd reduced_output =
        reduced_lu.value().Solve(reduced_demand, false, extended.tolerance, &residual);
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
  return result;
}

}  // namespace gosplan
