// The large-scale Leontief path: Anderson-accelerated Neumann iteration on fused CSC passes (leontief.h).
#include <fmt/format.h>
#include <omp.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <memory>

#include "gosplan/leontief.h"
#include "leontief/sparse_kernels.h"

namespace gosplan {

bool FastLeontiefOptions::IsValid(std::string* error) const {
  auto fail = [&](const std::string& what) {
    if (error) *error = what;
    return false;
  };
  if (!(tolerance > 0.0 && tolerance < 1.0)) return fail(fmt::format("tolerance {} is not in (0, 1)", tolerance));
  if (max_iterations < 1) return fail(fmt::format("max_iterations {} is below 1", max_iterations));
  if (history < 0 || history > 20) return fail(fmt::format("history {} is not in 0..20", history));
  if (threads < 0) return fail("threads is negative");
  return true;
}

namespace {

// One system z = M z + rhs (M = A or A^T) under Anderson mixing of depth m (type II, Walker & Ni):
//   g_k = M x_k + rhs,  f_k = g_k − x_k,  γ = argmin ‖f_k − ΔF γ‖_2,  x_{k+1} = g_k − ΔG γ,
// with ΔF, ΔG the last m differences of f and g. The history lives in m + 1 float slots per sequence: m
// differences and the previous f / g, which become the next difference in place.
class AndersonSystem {
 public:
  AndersonSystem(const Eigen::VectorXd& rhs, int depth, int threads)
      : rhs_(rhs), depth_(depth), threads_(threads), x_(rhs), g_(rhs.size()) {
    scale_ = rhs.size() > 0 ? rhs.cwiseAbs().maxCoeff() : 0.0;
    gram_ = Eigen::MatrixXd::Zero(depth + 1, depth + 1);
  }

  const double* x() const { return x_.data(); }
  double* g() { return g_.data(); }
  const double* rhs() const { return rhs_.data(); }
  Eigen::VectorXd& solution() { return x_; }
  std::size_t bytes() const {
    return 2 * static_cast<std::size_t>(x_.size()) * sizeof(double) +
           2 * static_cast<std::size_t>(depth_ + 1) * static_cast<std::size_t>(x_.size()) * sizeof(float);
  }

  // After g = M x + rhs: measures the residual of x; returns true when x is final (converged or broken),
  // otherwise moves x to the next iterate.
  bool Step(double tolerance, SolveSummary& summary) {
    ++summary.iterations;
    const Index n = x_.size();
    if (depth_ == 0) {
      double worst = 0.0;
      bool finite = true;
#pragma omp parallel for num_threads(threads_) schedule(static) reduction(max : worst) reduction(&& : finite)
      for (Index i = 0; i < n; ++i) {
        const double f = g_[i] - x_[i];
        if (!std::isfinite(f)) finite = false;
        worst = std::max(worst, std::abs(f));
      }
      return Finish(finite ? worst : std::numeric_limits<double>::infinity(), tolerance, summary, true);
    }
    if (slots_f_.empty()) {
      slots_f_.assign(static_cast<std::size_t>(depth_ + 1), std::vector<float>(static_cast<std::size_t>(n)));
      slots_g_.assign(static_cast<std::size_t>(depth_ + 1), std::vector<float>(static_cast<std::size_t>(n)));
    }
    if (previous_ < 0) {  // first step: remember f and g, take a plain Neumann step
      previous_ = 0;
      float* f_store = slots_f_[0].data();
      double worst = 0.0;
      bool finite = true;
#pragma omp parallel for num_threads(threads_) schedule(static) reduction(max : worst) reduction(&& : finite)
      for (Index i = 0; i < n; ++i) {
        const double f = g_[i] - x_[i];
        if (!std::isfinite(f)) finite = false;
        worst = std::max(worst, std::abs(f));
        f_store[i] = static_cast<float>(f);
      }
      previous_gamma_.resize(0);
      return Finish(finite ? worst : std::numeric_limits<double>::infinity(), tolerance, summary, true);
    }
    // The previous slot becomes the newest difference; the next previous slot is a free one or the oldest.
    int next;
    if (static_cast<int>(history_.size()) < depth_) {
      next = 0;
      while (next == previous_ || std::find(history_.begin(), history_.end(), next) != history_.end()) ++next;
    } else {
      next = history_.front();
      history_.pop_front();
    }
    const int newest = previous_;
    history_.push_back(newest);
    previous_ = next;
    const int h = static_cast<int>(history_.size());

    // One sweep: residual, new differences, the new Gram row and ΔF^T f. Per-thread partial sums are added
    // in thread order (deterministic for a given thread count).
    std::vector<const float*> columns(static_cast<std::size_t>(h));
    for (int a = 0; a < h; ++a) columns[static_cast<std::size_t>(a)] = slots_f_[static_cast<std::size_t>(history_[a])].data();
    float* df = slots_f_[static_cast<std::size_t>(newest)].data();
    float* dg = slots_g_[static_cast<std::size_t>(newest)].data();
    float* f_store = slots_f_[static_cast<std::size_t>(next)].data();
    // g_{k-1} = x_k + ΔG_prev γ_prev exactly as x_k was formed, so ΔG_new = g_k − g_{k−1} = f_k − ΔG_prev γ_prev:
    // float rounding then only touches terms of the size of the step, never of the size of x.
    const int used = static_cast<int>(previous_gamma_.size());
    std::vector<const float*> used_columns(static_cast<std::size_t>(used));
    for (int a = 0; a < used; ++a) {
      used_columns[static_cast<std::size_t>(a)] = slots_g_[static_cast<std::size_t>(previous_slots_[a])].data();
    }
    const int width = 2 * h + 1;
    std::vector<double> partial(static_cast<std::size_t>(threads_ * width), 0.0);
    std::vector<double> worst_by_thread(static_cast<std::size_t>(threads_), 0.0);
    bool finite = true;
#pragma omp parallel num_threads(threads_) reduction(&& : finite)
    {
      const int t = omp_get_thread_num();
      const int team = omp_get_num_threads();
      const Index chunk = (n + team - 1) / team;
      const Index begin = std::min<Index>(n, chunk * t), end = std::min<Index>(n, begin + chunk);
      double sums[2 * 21 + 1] = {0.0};
      double worst = 0.0;
      for (Index i = begin; i < end; ++i) {
        const double f = g_[i] - x_[i];
        worst = std::max(worst, std::abs(f));
        if (!std::isfinite(f)) finite = false;
        const float new_df = static_cast<float>(f - static_cast<double>(df[i]));
        double new_dg = f;
        for (int a = 0; a < used; ++a) {
          new_dg -= previous_gamma_(a) * static_cast<double>(used_columns[static_cast<std::size_t>(a)][i]);
        }
        dg[i] = static_cast<float>(new_dg);
        df[i] = new_df;
        f_store[i] = static_cast<float>(f);
        for (int a = 0; a < h; ++a) {
          const double column = static_cast<double>(columns[static_cast<std::size_t>(a)][i]);
          sums[a] += static_cast<double>(new_df) * column;  // Gram row of the newest difference
          sums[h + a] += f * column;                        // ΔF^T f
        }
      }
      for (int w = 0; w < 2 * h; ++w) partial[static_cast<std::size_t>(t * width + w)] = sums[w];
      worst_by_thread[static_cast<std::size_t>(t)] = worst;
    }
    double worst = 0.0;
    std::vector<double> sums(static_cast<std::size_t>(2 * h), 0.0);
    for (int t = 0; t < threads_; ++t) {
      worst = std::max(worst, worst_by_thread[static_cast<std::size_t>(t)]);
      for (int w = 0; w < 2 * h; ++w) sums[static_cast<std::size_t>(w)] += partial[static_cast<std::size_t>(t * width + w)];
    }
    if (!finite) worst = std::numeric_limits<double>::infinity();
    if (Finish(worst, tolerance, summary, false)) return true;

    // A residual far above the best one means the mixing went astray: drop the history (restart).
    if (worst > 1e4 * best_) {
      history_.clear();
      previous_ = next;  // holds this step's f
      previous_gamma_.resize(0);
      x_.swap(g_);
      return false;
    }
    best_ = std::min(best_, worst);
    for (int a = 0; a < h; ++a) {
      gram_(newest, history_[a]) = sums[static_cast<std::size_t>(a)];
      gram_(history_[a], newest) = sums[static_cast<std::size_t>(a)];
    }
    Eigen::MatrixXd gram(h, h);
    Eigen::VectorXd right(h);
    for (int a = 0; a < h; ++a) {
      right(a) = sums[static_cast<std::size_t>(h + a)];
      for (int b = 0; b < h; ++b) gram(a, b) = gram_(history_[a], history_[b]);
    }
    Eigen::VectorXd gamma = gram.completeOrthogonalDecomposition().solve(right);
    if (!gamma.allFinite()) gamma.setZero();
    previous_gamma_ = gamma;
    previous_slots_.assign(history_.begin(), history_.end());
    std::vector<const float*> differences(static_cast<std::size_t>(h));
    for (int a = 0; a < h; ++a) differences[static_cast<std::size_t>(a)] = slots_g_[static_cast<std::size_t>(history_[a])].data();
#pragma omp parallel for num_threads(threads_) schedule(static)
    for (Index i = 0; i < n; ++i) {
      double value = g_[i];
      for (int a = 0; a < h; ++a) value -= gamma(a) * static_cast<double>(differences[static_cast<std::size_t>(a)][i]);
      x_[i] = value;
    }
    return false;
  }

 private:
  // Records the residual of x; returns true when done. `neumann`: take the plain step x ← g when not done.
  bool Finish(double worst, double tolerance, SolveSummary& summary, bool neumann) {
    summary.residual = scale_ > 0.0 ? worst / scale_ : worst;
    if (!std::isfinite(summary.residual)) return true;
    if (summary.residual <= tolerance) {
      summary.converged = true;
      return true;
    }
    if (neumann) {
      best_ = std::min(best_, worst);
      x_.swap(g_);
    }
    return false;
  }

  const Eigen::VectorXd& rhs_;
  int depth_;
  int threads_;
  Eigen::VectorXd x_, g_;
  double scale_ = 0.0;
  double best_ = std::numeric_limits<double>::infinity();
  std::vector<std::vector<float>> slots_f_, slots_g_;
  int previous_ = -1;
  std::deque<int> history_;
  Eigen::VectorXd previous_gamma_;  // mixing weights that formed the current x, over previous_slots_
  std::vector<int> previous_slots_;
  Eigen::MatrixXd gram_;
};

void Explain(const FastLeontiefOptions& options, double bound, SolveSummary& summary) {
  if (summary.converged) return;
  summary.message = fmt::format(
      "Anderson({})-accelerated Neumann iteration did not reach the tolerance {}: relative residual {:.3g} after {} "
      "matrix passes{}",
      options.history, options.tolerance, summary.residual, summary.iterations,
      bound >= 1.0 ? fmt::format(" (the largest column and row sums of A are >= 1 (bound {:.6g}): the economy may "
                                 "not be productive)",
                                 bound)
                   : std::string());
}

}  // namespace

Result<FastLeontiefSolution> SolveLeontiefFast(const CscMatrix& a, const Eigen::VectorXd* final_demand,
                                               const std::vector<Eigen::VectorXd>& transposed_rhs,
                                               const FastLeontiefOptions& options) {
  std::string error;
  if (!options.IsValid(&error)) return Status::Internal("invalid fast Leontief options: " + error);
  const Index n = a.rows;
  if (n < 1 || a.cols != n) return Status::Internal(fmt::format("coefficient matrix is {} x {}", a.rows, a.cols));
  if (final_demand && final_demand->size() != n) return Status::Internal("final demand has the wrong size");
  for (const auto& c : transposed_rhs) {
    if (c.size() != n) return Status::Internal("a transposed right-hand side has the wrong size");
  }
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  leontief::FusedKernel kernel(a, threads);
  FastLeontiefSolution solution;

  {  // ρ(A) ≤ min(max column sum, max row sum): one fused pass with x = v = 1.
    const Eigen::VectorXd ones = Eigen::VectorXd::Ones(n);
    Eigen::VectorXd row_sums(n), column_sums(n);
    kernel.Apply(ones.data(), nullptr, row_sums.data(), ones.data(), nullptr, column_sums.data());
    ++solution.matrix_passes;
    solution.spectral_radius_bound = std::min(row_sums.maxCoeff(), column_sums.maxCoeff());
  }

  auto run = [&](AndersonSystem* primal, SolveSummary* primal_summary, AndersonSystem* dual,
                 SolveSummary* dual_summary) {
    bool primal_active = primal != nullptr, dual_active = dual != nullptr;
    Index passes = 0;
    while ((primal_active || dual_active) && passes < options.max_iterations) {
      kernel.Apply(primal_active ? primal->x() : nullptr, primal_active ? primal->rhs() : nullptr,
                   primal_active ? primal->g() : nullptr, dual_active ? dual->x() : nullptr,
                   dual_active ? dual->rhs() : nullptr, dual_active ? dual->g() : nullptr);
      ++passes;
      ++solution.matrix_passes;
      if (primal_active && primal->Step(options.tolerance, *primal_summary)) primal_active = false;
      if (dual_active && dual->Step(options.tolerance, *dual_summary)) dual_active = false;
    }
  };

  solution.multipliers.resize(transposed_rhs.size());
  solution.multiplier_summaries.resize(transposed_rhs.size());
  std::size_t first_dual = 0;
  {
    std::unique_ptr<AndersonSystem> primal, dual;
    if (final_demand) primal = std::make_unique<AndersonSystem>(*final_demand, options.history, threads);
    if (!transposed_rhs.empty()) {
      dual = std::make_unique<AndersonSystem>(transposed_rhs[0], options.history, threads);
      first_dual = 1;
    }
    run(primal.get(), &solution.total_output_summary, dual.get(),
        dual ? &solution.multiplier_summaries[0] : nullptr);
    std::size_t bytes = kernel.workspace_bytes();
    if (primal) {
      bytes += primal->bytes();
      solution.total_output = std::move(primal->solution());
    }
    if (dual) {
      bytes += dual->bytes();
      solution.multipliers[0] = std::move(dual->solution());
    }
    solution.workspace_bytes = bytes;
  }
  for (std::size_t k = first_dual; k < transposed_rhs.size(); ++k) {
    AndersonSystem dual(transposed_rhs[k], options.history, threads);
    run(nullptr, nullptr, &dual, &solution.multiplier_summaries[k]);
    solution.multipliers[k] = std::move(dual.solution());
  }
  Explain(options, solution.spectral_radius_bound, solution.total_output_summary);
  for (auto& summary : solution.multiplier_summaries) Explain(options, solution.spectral_radius_bound, summary);
  for (const auto& v : solution.multipliers) {
    if (!v.allFinite()) {
      return Status::InvalidInput("", 0, 0, "I - A is numerically singular: the iteration gave non-finite values",
                                  "a productive economy (spectral radius of A below 1)");
    }
  }
  if (final_demand && !solution.total_output.allFinite()) {
    return Status::InvalidInput("", 0, 0, "I - A is numerically singular: the iteration gave non-finite values",
                                "a productive economy (spectral radius of A below 1)");
  }
  return solution;
}

}  // namespace gosplan
