// The large-scale Leontief path: Anderson-accelerated Neumann iteration on fused CSC passes
// (leontief.h).
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

bool NeumannAndersonOptions::IsValid(std::string* error) const {
  auto fail = [&](const std::string& what) {
    if (error) *error = what;
    return false;
  };
  if (!(tolerance > 0.0 && tolerance < 1.0))
    return fail(fmt::format("tolerance {} is not in (0, 1)", tolerance));
  if (max_iterations < 1) return fail(fmt::format("max_iterations {} is below 1", max_iterations));
  if (history < 0 || history > 20) return fail(fmt::format("history {} is not in 0..20", history));
  if (threads < 0) return fail("threads is negative");
  return true;
}

namespace {

// One system z = M z + rhs (M = A or A^T) under Anderson mixing of depth m (type II, Walker & Ni):
//   g_k = M x_k + rhs,  f_k = g_k − x_k,  γ = argmin ‖f_k − ΔF γ‖_2,  x_{k+1} = g_k − ΔG γ,
// with ΔF, ΔG the last m differences of f and g. ΔF lives in m + 1 float slots (m differences and
// the previous f, which becomes the next difference in place); ΔG in m slots, because the newest ΔG
// is formed from f and the previous ΔG γ (never from a stored previous g), so it can overwrite the
// oldest ΔG element by element.
class AndersonSystem {
 public:
  // Where the iterate lives. kOwn: x and g in own arrays. With `pair` (2n doubles, the fused
  // kernel's interleaved layout): kPairG puts g at pair[2i] (the primal system, whose g the kernel
  // scatters into), kPairX puts x at pair[2i + 1] (the transposed system, whose x the kernel
  // gathers from); the other vector is an own array.
  enum class Layout { kOwn, kPairG, kPairX };

  // The iteration starts from `start` (rhs when null).
  AndersonSystem(const Eigen::VectorXd& rhs, int depth, int threads, Layout layout = Layout::kOwn,
                 double* pair = nullptr, const Eigen::VectorXd* start = nullptr)
      : rhs_(rhs), depth_(depth), threads_(threads), n_(rhs.size()), layout_(layout) {
    scale_ = n_ > 0 ? rhs.cwiseAbs().maxCoeff() : 0.0;
    gram_ = Eigen::MatrixXd::Zero(depth + 1, depth + 1);
    const Eigen::VectorXd& first = start ? *start : rhs;
    if (layout_ != Layout::kPairX) own_x_.assign(first.data(), first.data() + n_);
    if (layout_ != Layout::kPairG) own_g_.assign(static_cast<std::size_t>(n_), 0.0);
    x_ = layout_ == Layout::kPairX ? pair + 1 : own_x_.data();
    g_ = layout_ == Layout::kPairG ? pair : own_g_.data();
    x_step_ = layout_ == Layout::kPairX ? 2 : 1;
    g_step_ = layout_ == Layout::kPairG ? 2 : 1;
    if (layout_ == Layout::kPairX) {
      for (Index i = 0; i < n_; ++i) x_[i * 2] = first[i];
    }
  }

  // Frees every array of its own (the system is not used again).
  void Release() {
    for (auto* slots : {&slots_f_, &slots_g_}) std::vector<std::vector<float>>().swap(*slots);
    std::vector<double>().swap(own_x_);
    std::vector<double>().swap(own_g_);
  }

  // Gauss-Seidel passes for a transposed system (FusedKernel::ApplyGaussSeidel): the answer is g =
  // Ψ(x) of the last pass, not x, and its residual is at most `factor` · ‖g − x‖_∞ (factor = max_j
  // Σ_{i ≤ j} |a_ij|), which is what is reported and stopped on.
  void AnswerWithMapOutput(double factor) {
    answer_is_g_ = true;
    residual_factor_ = factor;
  }

  const double* x() const { return x_; }
  double* g() { return g_; }
  const double* rhs() const { return rhs_.data(); }
  double rhs_scale() const { return scale_; }
  // The final x (contiguous); frees the history first so the copy does not raise the peak memory.
  Eigen::VectorXd TakeSolution() {
    slots_f_.clear();
    slots_f_.shrink_to_fit();
    slots_g_.clear();
    slots_g_.shrink_to_fit();
    Eigen::VectorXd out(n_);
    const double* answer = answer_is_g_ ? g_ : x_;
    const Index step = answer_is_g_ ? g_step_ : x_step_;
    for (Index i = 0; i < n_; ++i) out[i] = answer[i * step];
    return out;
  }
  // x, g (own or their half of the pair) and the float history.
  std::size_t bytes() const {
    const std::size_t slots = depth_ > 0 ? static_cast<std::size_t>(2 * depth_ + 1) : 0;
    return 2 * static_cast<std::size_t>(n_) * sizeof(double) +
           slots * static_cast<std::size_t>(n_) * sizeof(float);
  }

  // After g = M x + rhs: measures the residual of x; returns true when x is final (converged or
  // broken), otherwise moves x to the next iterate.
  bool Step(double tolerance, LeontiefSolveSummary& summary) {
    ++summary.iterations;
    const Index n = n_;
    double* const x = x_;
    const double* const g = g_;
    const Index xs = x_step_, gs = g_step_;
    if (depth_ == 0) {
      double worst = 0.0;
      bool finite = true;
#pragma omp parallel for num_threads(threads_) schedule(static) reduction(max : worst) reduction(&& : finite)
      for (Index i = 0; i < n; ++i) {
        const double f = g[i * gs] - x[i * xs];
        if (!std::isfinite(f)) finite = false;
        worst = std::max(worst, std::abs(f));
      }
      return Finish(finite ? worst : std::numeric_limits<double>::infinity(), tolerance, summary,
                    true);
    }
    if (slots_f_.empty()) {
      slots_f_.assign(static_cast<std::size_t>(depth_ + 1),
                      std::vector<float>(static_cast<std::size_t>(n)));
      slots_g_.assign(static_cast<std::size_t>(depth_),
                      std::vector<float>(static_cast<std::size_t>(n)));
      g_slot_.assign(static_cast<std::size_t>(depth_ + 1), 0);
    }
    if (previous_ < 0) {  // first step: remember f, take a plain Neumann step
      previous_ = 0;
      float* f_store = slots_f_[0].data();
      double worst = 0.0;
      bool finite = true;
#pragma omp parallel for num_threads(threads_) schedule(static) reduction(max : worst) reduction(&& : finite)
      for (Index i = 0; i < n; ++i) {
        const double f = g[i * gs] - x[i * xs];
        if (!std::isfinite(f)) finite = false;
        worst = std::max(worst, std::abs(f));
        f_store[i] = static_cast<float>(f);
      }
      previous_gamma_.resize(0);
      return Finish(finite ? worst : std::numeric_limits<double>::infinity(), tolerance, summary,
                    true);
    }
    // The previous slot becomes the newest difference; the next previous slot is a free one or the
    // oldest. ΔG slots: 0..size−1 while the history fills; once full the newest takes the oldest's
    // ΔG slot, which the sweep below reads (through γ_prev) before it overwrites each element.
    int next;
    const int newest = previous_;
    if (static_cast<int>(history_.size()) < depth_) {
      next = 0;
      while (next == previous_ ||
             std::find(history_.begin(), history_.end(), next) != history_.end())
        ++next;
      g_slot_[static_cast<std::size_t>(newest)] = static_cast<int>(history_.size());
    } else {
      next = history_.front();
      history_.pop_front();
      g_slot_[static_cast<std::size_t>(newest)] = g_slot_[static_cast<std::size_t>(next)];
    }
    history_.push_back(newest);
    previous_ = next;
    const int h = static_cast<int>(history_.size());

    // One sweep: residual, new differences, the new Gram row and ΔF^T f. Per-thread partial sums
    // are added in thread order (deterministic for a given thread count).
    std::vector<const float*> columns(static_cast<std::size_t>(h));
    for (int a = 0; a < h; ++a)
      columns[static_cast<std::size_t>(a)] = slots_f_[static_cast<std::size_t>(history_[a])].data();
    float* df = slots_f_[static_cast<std::size_t>(newest)].data();
    float* dg = GSlot(newest);
    float* f_store = slots_f_[static_cast<std::size_t>(next)].data();
    // g_{k-1} = x_k + ΔG_prev γ_prev exactly as x_k was formed, so ΔG_new = g_k − g_{k−1} = f_k −
    // ΔG_prev γ_prev: float rounding then only touches terms of the size of the step, never of the
    // size of x.
    const int used = static_cast<int>(previous_gamma_.size());
    std::vector<const float*> used_columns(static_cast<std::size_t>(used));
    for (int a = 0; a < used; ++a) {
      used_columns[static_cast<std::size_t>(a)] =
          GSlot(previous_slots_[static_cast<std::size_t>(a)]);
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
        const double f = g[i * gs] - x[i * xs];
        worst = std::max(worst, std::abs(f));
        if (!std::isfinite(f)) finite = false;
        const float new_df = static_cast<float>(f - static_cast<double>(df[i]));
        double new_dg = f;
        for (int a = 0; a < used; ++a) {
          new_dg -= previous_gamma_(a) *
                    static_cast<double>(used_columns[static_cast<std::size_t>(a)][i]);
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
      for (int w = 0; w < 2 * h; ++w)
        sums[static_cast<std::size_t>(w)] += partial[static_cast<std::size_t>(t * width + w)];
    }
    if (!finite) worst = std::numeric_limits<double>::infinity();
    if (Finish(worst, tolerance, summary, false)) return true;

    // A residual far above the best one means the mixing went astray: drop the history (restart).
    if (worst > 1e4 * best_) {
      history_.clear();
      previous_ = next;  // holds this step's f
      previous_gamma_.resize(0);
      TakeG();
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
    for (int a = 0; a < h; ++a) differences[static_cast<std::size_t>(a)] = GSlot(history_[a]);
#pragma omp parallel for num_threads(threads_) schedule(static)
    for (Index i = 0; i < n; ++i) {
      double value = g[i * gs];
      for (int a = 0; a < h; ++a)
        value -= gamma(a) * static_cast<double>(differences[static_cast<std::size_t>(a)][i]);
      x[i * xs] = value;
    }
    return false;
  }

 private:
  // x ← g: swap own arrays, copy when one of them is half of the pair.
  void TakeG() {
    if (layout_ == Layout::kOwn) {
      own_x_.swap(own_g_);
      x_ = own_x_.data();
      g_ = own_g_.data();
      return;
    }
    double* const x = x_;
    const double* const g = g_;
    const Index xs = x_step_, gs = g_step_;
#pragma omp parallel for num_threads(threads_) schedule(static)
    for (Index i = 0; i < n_; ++i) x[i * xs] = g[i * gs];
  }

  float* GSlot(int f_slot) {
    return slots_g_[static_cast<std::size_t>(g_slot_[static_cast<std::size_t>(f_slot)])].data();
  }

  // Records the residual of x; returns true when done. `neumann`: take the plain step x ← g when
  // not done.
  bool Finish(double worst, double tolerance, LeontiefSolveSummary& summary, bool neumann) {
    const double bound = residual_factor_ * worst;  // worst itself unless AnswerWithMapOutput
    summary.residual = scale_ > 0.0 ? bound / scale_ : bound;
    if (!std::isfinite(summary.residual)) return true;
    if (summary.residual <= tolerance) {
      summary.converged = true;
      return true;
    }
    if (neumann) {
      best_ = std::min(best_, worst);
      TakeG();
    }
    return false;
  }

  const Eigen::VectorXd& rhs_;
  int depth_;
  int threads_;
  Index n_;
  Layout layout_;
  std::vector<double> own_x_, own_g_;
  double* x_ = nullptr;
  double* g_ = nullptr;
  Index x_step_ = 1, g_step_ = 1;
  double scale_ = 0.0;
  bool answer_is_g_ = false;
  double residual_factor_ = 1.0;
  double best_ = std::numeric_limits<double>::infinity();
  std::vector<std::vector<float>> slots_f_, slots_g_;
  std::vector<int> g_slot_;  // ΔG slot of each ΔF slot
  int previous_ = -1;
  std::deque<int> history_;
  Eigen::VectorXd
      previous_gamma_;  // mixing weights that formed the current x, over previous_slots_
  std::vector<int> previous_slots_;
  Eigen::MatrixXd gram_;
};

void Explain(const NeumannAndersonOptions& options, double bound, LeontiefSolveSummary& summary) {
  if (summary.converged) return;
  summary.message = fmt::format(
      "Anderson({})-accelerated Neumann iteration did not reach the tolerance {}: relative "
      "residual {:.3g} after {} "
      "matrix passes{}",
      options.history, options.tolerance, summary.residual, summary.iterations,
      bound >= 1.0
          ? fmt::format(
                " (the largest column and row sums of A are >= 1 (bound {:.6g}): the economy may "
                "not be productive)",
                bound)
          : std::string());
}

}  // namespace

Result<NeumannAndersonSolution> SolveLeontiefNeumannAnderson(
    const CscMatrix& a, const Eigen::VectorXd* final_demand,
    const std::vector<Eigen::VectorXd>& transposed_rhs, const NeumannAndersonOptions& options) {
  if (Status invalid = ValidateOptions(options, "NeumannAndersonOptions"); !invalid.ok())
    return invalid;
  const Index n = a.rows;
  if (n < 1 || a.cols != n)
    return Status::Internal(fmt::format("coefficient matrix is {} x {}", a.rows, a.cols));
  if (final_demand && final_demand->size() != n)
    return Status::Internal("final demand has the wrong size");
  for (const auto& c : transposed_rhs) {
    if (c.size() != n) return Status::Internal("a transposed right-hand side has the wrong size");
  }
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  leontief::FusedKernel kernel(a, threads);
  NeumannAndersonSolution solution;
  // Gauss-Seidel: the iterate of total output is the state b, z = (I − U)^-1 b is written by every
  // pass; a transposed system's answer is the map's output Ψ(v) of its last pass, its residual
  // bounded through max_j Σ_{i ≤ j} |a_ij| (FusedKernel::ApplyGaussSeidel).
  const bool gauss_seidel = options.gauss_seidel && final_demand != nullptr;
  const bool dual_seidel = options.gauss_seidel;
  Eigen::VectorXd z(gauss_seidel ? n : 0);
  double max_upper_sum = -1.0;  // taken by the first Gauss-Seidel pass

  // ρ(A) ≤ max column sum, read off the first solve pass (negative: not yet known). Only when that
  // is ≥ 1 (or no pass ran) does an extra pass compute the row sums, for ρ(A) ≤ min(max column sum,
  // max row sum).
  double max_column_sum = -1.0;

  // The systems in the order run() takes them: the first (fused) pair, then one per further
  // transposed right-hand side.
  const int systems = static_cast<int>((final_demand || !transposed_rhs.empty() ? 1 : 0) +
                                       (transposed_rhs.empty() ? 0 : transposed_rhs.size() - 1));
  int system = -1;
  bool cancelled = false;
  std::unique_ptr<AndersonSystem> polish;  // total output after its Gauss-Seidel phase
  bool seidel_answer = false;              // the Gauss-Seidel phase converged: z is x
  // scratch / stride: the interleaved pair (stride 2) the fused and Gauss-Seidel passes work in, or
  // n doubles (stride 1) for a transposed system on Gauss-Seidel passes alone.
  auto run = [&](AndersonSystem* primal, LeontiefSolveSummary* primal_summary, AndersonSystem* dual,
                 LeontiefSolveSummary* dual_summary, double* scratch, int stride) {
    ++system;
    bool primal_active = primal != nullptr, dual_active = dual != nullptr;
    // Gauss-Seidel: once the state has converged, z of that pass is total output. (Before the
    // popular rows were summed with compensation, their rounding made Φ(b) − b and y + A z − z
    // differ by ~1e-10 at n = 10^6, and total output continued from z on ordinary passes.)
    bool seidel = gauss_seidel && primal != nullptr;
    Index passes = 0;
    while ((primal_active || dual_active) && passes < options.max_iterations && !cancelled) {
      const bool primal_seidel = primal_active && seidel;
      const bool dual_on_seidel = dual_active && dual_seidel;  // dual_seidel ⊇ gauss_seidel
      leontief::GaussSeidelSums sums;
      const bool take_sums = max_column_sum < 0.0 || (dual_on_seidel && max_upper_sum < 0.0);
      if (primal_seidel || dual_on_seidel) {
        // A primal system on ordinary passes beside a dual one on Gauss-Seidel passes (only after a
        // non-finite Gauss-Seidel phase) takes its own pass.
        const bool primal_ordinary = primal_active && !seidel;
        if (primal_ordinary) {
          kernel.Apply(primal->x(), primal->rhs(), primal->g(), nullptr, nullptr, nullptr, nullptr,
                       stride);
          ++solution.matrix_passes;
        }
        kernel.ApplyGaussSeidel(
            primal_seidel ? primal->x() : nullptr, primal_seidel ? primal->rhs() : nullptr,
            primal_seidel ? z.data() : nullptr, dual_active ? dual->x() : nullptr,
            dual_active ? dual->rhs() : nullptr, dual_active ? dual->g() : nullptr, scratch, stride,
            take_sums ? &sums : nullptr);
        if (take_sums) {
          if (max_column_sum < 0.0) max_column_sum = sums.max_column_sum;
          if (dual_on_seidel && max_upper_sum < 0.0) max_upper_sum = sums.max_upper_sum;
        }
        if (dual_on_seidel) dual->AnswerWithMapOutput(max_upper_sum);
      } else {
        kernel.Apply(primal_active ? primal->x() : nullptr, primal_active ? primal->rhs() : nullptr,
                     primal_active ? primal->g() : nullptr, dual_active ? dual->x() : nullptr,
                     dual_active ? dual->rhs() : nullptr, dual_active ? dual->g() : nullptr,
                     max_column_sum < 0.0 ? &max_column_sum : nullptr, stride);
      }
      ++passes;
      ++solution.matrix_passes;
      if (primal_active && primal->Step(options.tolerance, *primal_summary)) {
        primal_active = false;
        if (seidel && primal_summary->converged) {
          // Φ(b) − b = y + A z − z for the z of this pass, and with the popular rows summed with
          // compensation (sparse_kernels.h, "Hot rows") the two agree to ~1e-12 of ‖y‖
          // (long-double recomputation, docs/scale.md): z is the answer, no check pass.
          seidel_answer = true;
        } else if (seidel) {  // not finite: continue from z on ordinary passes, as before
          seidel = false;
          primal_active = true;
          primal_summary->converged = false;
          primal->Release();
          polish =
              std::make_unique<AndersonSystem>(*final_demand, options.history, threads,
                                               AndersonSystem::Layout::kPairG, primal->g(), &z);
          primal = polish.get();
          z.resize(0);
        }
      }
      if (dual_active && dual->Step(options.tolerance, *dual_summary)) dual_active = false;
      if (options.progress) {
        NeumannAndersonProgress report;
        report.passes = solution.matrix_passes;
        report.system = system;
        report.systems = systems;
        report.tolerance = options.tolerance;
        if (primal) report.residual = std::max(report.residual, primal_summary->residual);
        if (dual) report.residual = std::max(report.residual, dual_summary->residual);
        options.progress(report);
      }
      if (options.should_stop && options.should_stop()) cancelled = true;
    }
  };
  auto stopped = [&] {
    return Status::Cancelled(fmt::format(
        "the Neumann-Anderson solve of (I - A) x = y ({} sectors), after {} passes over A", n,
        solution.matrix_passes));
  };

  solution.multipliers.resize(transposed_rhs.size());
  solution.multiplier_summaries.resize(transposed_rhs.size());
  std::size_t first_dual = 0;
  // A transposed system on Gauss-Seidel passes without the pair (no final demand, or a second one
  // onwards) works on n doubles of its own.
  std::vector<double> alone(
      dual_seidel && (!final_demand ? !transposed_rhs.empty() : transposed_rhs.size() > 1)
          ? static_cast<std::size_t>(n)
          : 0);
  {
    // Fused: the primal g (scattered into) and the transposed x (gathered from) interleaved in one
    // array, so each non-zero costs one random cache-line access instead of two.
    const bool fused = final_demand && !transposed_rhs.empty();
    std::vector<double> pair(fused || gauss_seidel ? 2 * static_cast<std::size_t>(n) : 0);
    using Layout = AndersonSystem::Layout;
    std::unique_ptr<AndersonSystem> primal, dual;
    if (final_demand) {
      primal = std::make_unique<AndersonSystem>(
          *final_demand, options.history, threads,
          fused || gauss_seidel ? Layout::kPairG : Layout::kOwn, pair.data());
    }
    // On Gauss-Seidel passes the transposed iterate stays in its own array and the pass works on a
    // copy in the pair (or in `alone`).
    if (!transposed_rhs.empty()) {
      dual = std::make_unique<AndersonSystem>(transposed_rhs[0], options.history, threads,
                                              fused && !dual_seidel ? Layout::kPairX : Layout::kOwn,
                                              pair.data());
      first_dual = 1;
    }
    const bool interleaved = fused || gauss_seidel;
    run(primal.get(), &solution.total_output_summary, dual.get(),
        dual ? &solution.multiplier_summaries[0] : nullptr,
        interleaved ? pair.data() : alone.data(), interleaved ? 2 : 1);
    std::size_t bytes =
        kernel.workspace_bytes() + (interleaved ? 0 : alone.size() * sizeof(double));
    if (dual && dual_seidel && interleaved)
      bytes += static_cast<std::size_t>(n) * sizeof(double);  // the pair's other half
    if (primal) {
      // Gauss-Seidel: z as well (the history of the first phase is freed before the second's).
      bytes += primal->bytes() + (gauss_seidel ? static_cast<std::size_t>(n) * sizeof(double) : 0);
      if (seidel_answer) {
        solution.total_output = std::move(z);
      } else {
        solution.total_output = polish ? polish->TakeSolution() : primal->TakeSolution();
      }
    }
    if (dual) {
      bytes += dual->bytes();
      solution.multipliers[0] = dual->TakeSolution();
    }
    solution.workspace_bytes = bytes;
  }
  if (cancelled) return stopped();
  for (std::size_t k = first_dual; k < transposed_rhs.size(); ++k) {
    AndersonSystem dual(transposed_rhs[k], options.history, threads);
    run(nullptr, nullptr, &dual, &solution.multiplier_summaries[k], alone.data(), 1);
    if (cancelled) return stopped();
    solution.multipliers[k] = dual.TakeSolution();
  }
  solution.spectral_radius_bound = max_column_sum;
  if (!(max_column_sum >= 0.0 && max_column_sum < 1.0)) {
    const Eigen::VectorXd ones = Eigen::VectorXd::Ones(n);
    Eigen::VectorXd row_sums(n);
    kernel.Apply(ones.data(), nullptr, row_sums.data(), nullptr, nullptr, nullptr, &max_column_sum);
    ++solution.matrix_passes;
    solution.spectral_radius_bound = std::min(row_sums.maxCoeff(), max_column_sum);
  }
  Explain(options, solution.spectral_radius_bound, solution.total_output_summary);
  for (auto& summary : solution.multiplier_summaries)
    Explain(options, solution.spectral_radius_bound, summary);
  for (const auto& v : solution.multipliers) {
    if (!v.allFinite()) {
      return Status::InvalidInput(
          "", 0, 0, "I - A is numerically singular: the iteration gave non-finite values",
          "a productive economy (spectral radius of A below 1)");
    }
  }
  if (final_demand && !solution.total_output.allFinite()) {
    return Status::InvalidInput(
        "", 0, 0, "I - A is numerically singular: the iteration gave non-finite values",
        "a productive economy (spectral radius of A below 1)");
  }
  return solution;
}

}  // namespace gosplan
