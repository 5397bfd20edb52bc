// Hawkins–Simon productiveness: ρ(A) < 1, by irreducible blocks (see leontief.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "gosplan/leontief.h"
#include "leontief/kernels.h"

namespace gosplan {
namespace {

// Strongly connected components of the graph j → i for every stored non-zero A[i,j] (Tarjan's
// algorithm with an explicit stack: no recursion, so chains of 10^7 sectors do not overflow the
// call stack). Returns the component of every node; components are numbered in completion order.
std::vector<Index> StronglyConnectedComponents(const SparseMatrix& a, Index* count) {
  const Index n = a.cols();
  const Index* outer = a.outerIndexPtr();
  const Index* inner = a.innerIndexPtr();
  const double* values = a.valuePtr();
  std::vector<Index> index(static_cast<std::size_t>(n), -1), low(static_cast<std::size_t>(n), 0);
  std::vector<Index> component(static_cast<std::size_t>(n), -1);
  std::vector<char> on_stack(static_cast<std::size_t>(n), 0);
  std::vector<Index> stack;
  std::vector<std::pair<Index, Index>> frames;  // (node, next edge position)
  Index counter = 0;
  Index components = 0;
  auto visit = [&](Index v) {
    index[static_cast<std::size_t>(v)] = low[static_cast<std::size_t>(v)] = counter++;
    stack.push_back(v);
    on_stack[static_cast<std::size_t>(v)] = 1;
    frames.emplace_back(v, outer[v]);
  };
  for (Index start = 0; start < n; ++start) {
    if (index[static_cast<std::size_t>(start)] >= 0) continue;
    visit(start);
    while (!frames.empty()) {
      auto& [v, position] = frames.back();
      if (position < outer[v + 1]) {
        const Index k = position++;
        if (values[k] == 0.0) continue;
        const Index w = inner[k];
        if (index[static_cast<std::size_t>(w)] < 0) {
          visit(w);  // invalidates v/position references: loop re-reads frames.back()
        } else if (on_stack[static_cast<std::size_t>(w)]) {
          low[static_cast<std::size_t>(v)] =
              std::min(low[static_cast<std::size_t>(v)], index[static_cast<std::size_t>(w)]);
        }
        continue;
      }
      const Index done = v;
      frames.pop_back();
      if (low[static_cast<std::size_t>(done)] == index[static_cast<std::size_t>(done)]) {
        while (true) {
          const Index w = stack.back();
          stack.pop_back();
          on_stack[static_cast<std::size_t>(w)] = 0;
          component[static_cast<std::size_t>(w)] = components;
          if (w == done) break;
        }
        ++components;
      }
      if (!frames.empty()) {
        const Index parent = frames.back().first;
        low[static_cast<std::size_t>(parent)] =
            std::min(low[static_cast<std::size_t>(parent)], low[static_cast<std::size_t>(done)]);
      }
    }
  }
  *count = components;
  return component;
}

// ρ bounds of one irreducible block (|block| ≥ 2) by power iteration on A_B + I with
// Collatz–Wielandt bounds.
void BoundBlock(const SparseMatrix& a, const std::vector<Index>& component, Index id,
                IrreducibleBlock& block, const ProductivenessOptions& options) {
  const Index size = static_cast<Index>(block.sectors.size());
  std::vector<Index> local(static_cast<std::size_t>(a.cols()),
                           -1);  // only entries of this block are read
  for (Index k = 0; k < size; ++k)
    local[static_cast<std::size_t>(block.sectors[static_cast<std::size_t>(k)])] = k;
  std::vector<Eigen::Triplet<double, Index>> triplets;
  Eigen::VectorXd column_sum = Eigen::VectorXd::Zero(size), row_sum = Eigen::VectorXd::Zero(size);
  for (Index k = 0; k < size; ++k) {
    const Index j = block.sectors[static_cast<std::size_t>(k)];
    for (SparseMatrix::InnerIterator it(a, j); it; ++it) {
      if (component[static_cast<std::size_t>(it.row())] != id || it.value() == 0.0) continue;
      const Index i = local[static_cast<std::size_t>(it.row())];
      triplets.emplace_back(i, k, it.value());
      column_sum(k) += it.value();
      row_sum(i) += it.value();
    }
  }
  leontief::RowMatrix b(size, size);
  b.setFromTriplets(triplets.begin(), triplets.end());
  // ρ ≤ min(‖A_B‖_1, ‖A_B‖_∞) and ρ ≥ min(row sums), min(column sums) (Frobenius) before any
  // iteration.
  double upper = std::min(column_sum.maxCoeff(), row_sum.maxCoeff());
  double lower = std::max(column_sum.minCoeff(), row_sum.minCoeff());
  Eigen::VectorXd v = Eigen::VectorXd::Ones(size);
  Index iterations = 0;
  while (iterations < options.max_iterations && upper - lower > options.tolerance * upper) {
    const Eigen::VectorXd w = b * v;
    const Eigen::ArrayXd ratio = w.array() / v.array();
    lower = std::max(lower, ratio.minCoeff());
    upper = std::min(upper, ratio.maxCoeff());
    v = w + v;  // (A_B + I) v: primitive, so v converges to the Perron vector
    v /= v.maxCoeff();
    ++iterations;
  }
  block.spectral_radius_lower = lower;
  block.spectral_radius_upper = upper;
  block.iterations = iterations;
}

}  // namespace

bool ProductivenessOptions::IsValid(std::string* error) const {
  if (!(tolerance > 0.0 && tolerance < 1.0)) {
    if (error) *error = fmt::format("tolerance is {}; it must be in (0, 1)", tolerance);
    return false;
  }
  if (max_iterations < 1) {
    if (error) *error = fmt::format("max_iterations is {}; it must be ≥ 1", max_iterations);
    return false;
  }
  return true;
}

Result<Productiveness> CheckProductiveness(const SparseMatrix& coefficients,
                                           const ProductivenessOptions& options,
                                           const std::string& source) {
  if (Status invalid = ValidateOptions(options, "ProductivenessOptions"); !invalid.ok())
    return invalid;
  const Index n = coefficients.rows();
  if (coefficients.cols() != n) {
    return Status::InvalidInput(
        source, 0, 0, fmt::format("coefficient matrix is {} x {}", n, coefficients.cols()),
        "a square matrix");
  }
  SparseMatrix a = coefficients;
  a.makeCompressed();
  Diagnostics diagnostics;
  for (Index j = 0; j < n; ++j) {
    for (SparseMatrix::InnerIterator it(a, j); it; ++it) {
      if (!std::isfinite(it.value()) || it.value() < 0.0) {
        diagnostics.Add(source, 0, 0,
                        fmt::format("coefficient A[{},{}] is {}", it.row() + 1, j + 1, it.value()),
                        "finite coefficients >= 0");
      }
    }
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));

  Productiveness result;
  Index count = 0;
  const std::vector<Index> component = StronglyConnectedComponents(a, &count);
  result.block_count = count;
  std::vector<IrreducibleBlock> blocks(static_cast<std::size_t>(count));
  for (Index j = 0; j < n; ++j)
    blocks[static_cast<std::size_t>(component[static_cast<std::size_t>(j)])].sectors.push_back(j);
  result.productive = true;
  for (Index id = 0; id < count; ++id) {
    IrreducibleBlock& block = blocks[static_cast<std::size_t>(id)];
    if (block.sectors.size() == 1) {
      const Index j = block.sectors[0];
      const double diagonal = a.coeff(j, j);
      block.spectral_radius_lower = block.spectral_radius_upper = diagonal;
    } else {
      BoundBlock(a, component, id, block, options);
    }
    result.spectral_radius_lower =
        std::max(result.spectral_radius_lower, block.spectral_radius_lower);
    result.spectral_radius_upper =
        std::max(result.spectral_radius_upper, block.spectral_radius_upper);
    const double lower = block.spectral_radius_lower, upper = block.spectral_radius_upper;
    const bool converged = upper - lower <= options.tolerance * upper;
    const double estimate = 0.5 * (lower + upper);
    if (upper < 1.0 || (converged && estimate < 1.0 - options.tolerance))
      continue;  // this block is fine
    result.productive = false;
    if (lower >= 1.0 || converged) result.unproductive_blocks.push_back(std::move(block));
    // else: undecided (iteration limit): not productive as far as proven, but no block is blamed.
  }
  result.spectral_radius = 0.5 * (result.spectral_radius_lower + result.spectral_radius_upper);
  return result;
}

}  // namespace gosplan
