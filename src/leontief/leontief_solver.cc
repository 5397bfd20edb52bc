// Leontief solvers: sparse LU for moderate n, preconditioned BiCGSTAB for large n (see leontief.h).
#include <fmt/format.h>

#include <Eigen/IterativeLinearSolvers>
#include <Eigen/OrderingMethods>
#include <Eigen/SparseLU>
#include <algorithm>
#include <cmath>
#include <limits>

#include "gosplan/leontief.h"
#include "leontief/kernels.h"

namespace gosplan {

using RowMatrix = leontief::RowMatrix;
using LuFactor = Eigen::SparseLU<SparseMatrix, Eigen::COLAMDOrdering<Index>>;
using IlutSolver = Eigen::BiCGSTAB<RowMatrix, Eigen::IncompleteLUT<double, Index>>;
using DiagonalSolver = Eigen::BiCGSTAB<RowMatrix, Eigen::DiagonalPreconditioner<double>>;

const char* ToString(LeontiefMethod method) {
  switch (method) {
    case LeontiefMethod::kAuto:
      return "auto";
    case LeontiefMethod::kDirect:
      return "direct";
    case LeontiefMethod::kIterative:
      return "iterative";
  }
  return "auto";
}

bool LeontiefOptions::IsValid(std::string* error) const {
  auto fail = [&](const std::string& what) {
    if (error) *error = what;
    return false;
  };
  if (!(tolerance > 0.0 && tolerance < 1.0))
    return fail(fmt::format("tolerance {} is not in (0, 1)", tolerance));
  if (max_iterations < 1) return fail(fmt::format("max_iterations {} is below 1", max_iterations));
  if (direct_limit < 1) return fail(fmt::format("direct_limit {} is below 1", direct_limit));
  if (!(ilut_drop_tolerance >= 0.0)) return fail("ilut_drop_tolerance is negative");
  if (ilut_fill_factor < 1) return fail("ilut_fill_factor is below 1");
  return true;
}

struct LeontiefSolver::Impl {
  Index n = 0;
  LeontiefOptions options;
  bool direct = true;
  RowMatrix system;             // I − A, row-major (residuals; iterative solves)
  RowMatrix system_transposed;  // (I − A)^T, row-major
  std::unique_ptr<LuFactor> lu;
  std::unique_ptr<IlutSolver> ilut, ilut_transposed;
  std::unique_ptr<DiagonalSolver> diagonal, diagonal_transposed;

  template <typename Krylov>
  void SolveKrylov(Krylov& krylov, const RowMatrix& matrix, const Eigen::VectorXd& rhs,
                   LeontiefSolution& solution) const {
    // BiCGSTAB's own test is ‖r‖_2/‖b‖_2 on its recurrence; ours is the true ‖r‖_∞/‖b‖_∞. Restart
    // from the current iterate with a tighter internal tolerance while ours is not met (at most a
    // few rounds).
    double inner_tolerance = options.tolerance;
    Index iterations = 0;
    solution.values = Eigen::VectorXd::Zero(n);
    for (int round = 0; round < 4; ++round) {
      krylov.setTolerance(inner_tolerance);
      krylov.setMaxIterations(std::max<Index>(1, options.max_iterations - iterations));
      solution.values = krylov.solveWithGuess(rhs, solution.values);
      iterations += krylov.iterations();
      solution.summary.residual = leontief::RelativeResidual(matrix, solution.values, rhs);
      if (!(solution.summary.residual > options.tolerance)) break;
      if (iterations >= options.max_iterations || !solution.values.allFinite()) break;
      inner_tolerance = std::max(
          inner_tolerance * std::max(1e-3, 0.1 * options.tolerance / solution.summary.residual),
          std::numeric_limits<double>::epsilon());
    }
    solution.summary.iterations = iterations;
  }
};

LeontiefSolver::LeontiefSolver() = default;
LeontiefSolver::~LeontiefSolver() = default;
LeontiefSolver::LeontiefSolver(LeontiefSolver&&) noexcept = default;
LeontiefSolver& LeontiefSolver::operator=(LeontiefSolver&&) noexcept = default;

Result<LeontiefSolver> LeontiefSolver::Create(const SparseMatrix& coefficients,
                                              const LeontiefOptions& options,
                                              const std::string& source) {
  if (Status invalid = ValidateOptions(options, "LeontiefOptions"); !invalid.ok()) return invalid;
  const Index n = coefficients.rows();
  if (n < 1 || coefficients.cols() != n) {
    return Status::InvalidInput(
        source, 0, 0,
        fmt::format("coefficient matrix is {} x {}", coefficients.rows(), coefficients.cols()),
        "a square matrix with at least one sector");
  }
  auto impl = std::make_unique<Impl>();
  impl->n = n;
  impl->options = options;
  impl->direct = options.method == LeontiefMethod::kDirect ||
                 (options.method == LeontiefMethod::kAuto && n <= options.direct_limit);
  SparseMatrix identity(n, n);
  identity.setIdentity();
  const SparseMatrix system = identity - coefficients;
  impl->system = system;
  impl->system_transposed = system.transpose();
  impl->system.makeCompressed();
  impl->system_transposed.makeCompressed();
  if (impl->direct) {
    impl->lu = std::make_unique<LuFactor>();
    impl->lu->analyzePattern(system);
    impl->lu->factorize(system);
    if (impl->lu->info() != Eigen::Success) {
      return Status::InvalidInput(source, 0, 0,
                                  "I - A is singular: the sparse LU factorisation failed (" +
                                      impl->lu->lastErrorMessage() + ")",
                                  "a productive table (spectral radius of A below 1)");
    }
  } else if (options.preconditioner == LeontiefPreconditioner::kIncompleteLut) {
    impl->ilut = std::make_unique<IlutSolver>();
    impl->ilut->preconditioner().setDroptol(options.ilut_drop_tolerance);
    impl->ilut->preconditioner().setFillfactor(options.ilut_fill_factor);
    impl->ilut->compute(impl->system);
    impl->ilut_transposed = std::make_unique<IlutSolver>();
    impl->ilut_transposed->preconditioner().setDroptol(options.ilut_drop_tolerance);
    impl->ilut_transposed->preconditioner().setFillfactor(options.ilut_fill_factor);
    impl->ilut_transposed->compute(impl->system_transposed);
    if (impl->ilut->info() != Eigen::Success || impl->ilut_transposed->info() != Eigen::Success) {
      return Status::InvalidInput(source, 0, 0,
                                  "the incomplete LU preconditioner of I - A failed (zero pivot)",
                                  "a productive table, or --method direct");
    }
  } else {
    impl->diagonal = std::make_unique<DiagonalSolver>();
    impl->diagonal->compute(impl->system);
    impl->diagonal_transposed = std::make_unique<DiagonalSolver>();
    impl->diagonal_transposed->compute(impl->system_transposed);
  }
  LeontiefSolver solver;
  solver.impl_ = std::move(impl);
  return solver;
}

Index LeontiefSolver::size() const { return impl_ ? impl_->n : 0; }
bool LeontiefSolver::direct() const { return impl_ && impl_->direct; }

std::string LeontiefSolver::name() const {
  if (!impl_) return "none";
  if (impl_->direct) return "sparse LU";
  return impl_->ilut ? "BiCGSTAB+ILUT" : "BiCGSTAB+diagonal";
}

namespace {

void Finish(const LeontiefOptions& options, const std::string& method, LeontiefSolution& solution) {
  solution.summary.converged = solution.summary.residual <= options.tolerance;
  if (!solution.summary.converged) {
    solution.summary.message = fmt::format(
        "{} did not reach the tolerance {}: relative residual {} after {} iterations", method,
        options.tolerance, solution.summary.residual, solution.summary.iterations);
  }
}

}  // namespace

Result<LeontiefSolution> LeontiefSolver::Solve(const Eigen::VectorXd& rhs) const {
  if (!impl_) return Status::Internal("LeontiefSolver used before Create");
  if (rhs.size() != impl_->n) {
    return Status::Internal(
        fmt::format("right-hand side has size {}, the system {}", rhs.size(), impl_->n));
  }
  LeontiefSolution solution;
  if (impl_->direct) {
    solution.values = impl_->lu->solve(rhs);
    solution.summary.residual = leontief::RelativeResidual(impl_->system, solution.values, rhs);
    // Iterative refinement with the same factor when rounding left the residual above the
    // tolerance.
    for (int step = 0; step < 3 && solution.summary.residual > impl_->options.tolerance &&
                       solution.values.allFinite();
         ++step) {
      const Eigen::VectorXd correction = impl_->lu->solve(rhs - impl_->system * solution.values);
      solution.values += correction;
      solution.summary.residual = leontief::RelativeResidual(impl_->system, solution.values, rhs);
      ++solution.summary.iterations;
    }
  } else if (impl_->ilut) {
    impl_->SolveKrylov(*impl_->ilut, impl_->system, rhs, solution);
  } else {
    impl_->SolveKrylov(*impl_->diagonal, impl_->system, rhs, solution);
  }
  if (!solution.values.allFinite()) {
    return Status::InvalidInput("", 0, 0,
                                "I - A is numerically singular: the solve gave non-finite values",
                                "a productive table (spectral radius of A below 1)");
  }
  Finish(impl_->options, name(), solution);
  return solution;
}

Result<LeontiefSolution> LeontiefSolver::SolveTransposed(const Eigen::VectorXd& rhs) const {
  if (!impl_) return Status::Internal("LeontiefSolver used before Create");
  if (rhs.size() != impl_->n) {
    return Status::Internal(
        fmt::format("right-hand side has size {}, the system {}", rhs.size(), impl_->n));
  }
  LeontiefSolution solution;
  if (impl_->direct) {
    solution.values = impl_->lu->transpose().solve(rhs);
    solution.summary.residual =
        leontief::RelativeResidual(impl_->system_transposed, solution.values, rhs);
    for (int step = 0; step < 3 && solution.summary.residual > impl_->options.tolerance &&
                       solution.values.allFinite();
         ++step) {
      const Eigen::VectorXd defect = rhs - impl_->system_transposed * solution.values;
      const Eigen::VectorXd correction = impl_->lu->transpose().solve(defect);
      solution.values += correction;
      solution.summary.residual =
          leontief::RelativeResidual(impl_->system_transposed, solution.values, rhs);
      ++solution.summary.iterations;
    }
  } else if (impl_->ilut_transposed) {
    impl_->SolveKrylov(*impl_->ilut_transposed, impl_->system_transposed, rhs, solution);
  } else {
    impl_->SolveKrylov(*impl_->diagonal_transposed, impl_->system_transposed, rhs, solution);
  }
  if (!solution.values.allFinite()) {
    return Status::InvalidInput("", 0, 0,
                                "I - A is numerically singular: the solve gave non-finite values",
                                "a productive table (spectral radius of A below 1)");
  }
  Finish(impl_->options, name(), solution);
  return solution;
}

Result<Eigen::MatrixXd> LeontiefSolver::InverseColumns(const std::vector<Index>& columns) const {
  if (!impl_ || !impl_->direct)
    return Status::Internal("InverseColumns needs the direct (sparse LU) solver");
  const Index n = impl_->n;
  const Index count = static_cast<Index>(columns.size());
  Eigen::MatrixXd inverse(n, count);
  constexpr Index kBlock = 64;
  for (Index start = 0; start < count; start += kBlock) {
    const Index width = std::min(kBlock, count - start);
    Eigen::MatrixXd units = Eigen::MatrixXd::Zero(n, width);
    for (Index k = 0; k < width; ++k) {
      const Index column = columns[static_cast<std::size_t>(start + k)];
      if (column < 0 || column >= n) return Status::Internal("InverseColumns: column out of range");
      units(column, k) = 1.0;
    }
    inverse.middleCols(start, width) = impl_->lu->solve(units);
  }
  if (!inverse.allFinite()) {
    return Status::InvalidInput("", 0, 0,
                                "I - A is numerically singular: its inverse has non-finite entries",
                                "a productive table (spectral radius of A below 1)");
  }
  return inverse;
}

double LeontiefResidual(const SparseMatrix& coefficients, const Eigen::VectorXd& x,
                        const Eigen::VectorXd& y) {
  SparseMatrix identity(coefficients.rows(), coefficients.cols());
  identity.setIdentity();
  const RowMatrix system = identity - coefficients;
  return leontief::RelativeResidual(system, x, y);
}

double LeontiefTransposedResidual(const SparseMatrix& coefficients, const Eigen::VectorXd& v,
                                  const Eigen::VectorXd& c) {
  SparseMatrix identity(coefficients.rows(), coefficients.cols());
  identity.setIdentity();
  const SparseMatrix system = identity - coefficients;
  const RowMatrix system_transposed = system.transpose();
  return leontief::RelativeResidual(system_transposed, v, c);
}

}  // namespace gosplan
