// Internal: CLP's event handler as the library's progress callback and cancel hook
// (LpSolveOptions::progress and ::should_stop), shared by the one-shot SolveWithClp and the
// warm-start ClpSession.
//
// CLP calls ClpEventHandler::event after every simplex iteration (primal and dual); returning 0
// stops the solve with CLP status 5 ("stopped by event handler"). CLP clones the handler into the
// presolved model it builds, so the clones share one CancelState: whether any of them stopped.
#pragma once

#include <ClpEventHandler.hpp>
#include <ClpSimplex.hpp>
#include <chrono>
#include <memory>

#include "gosplan/linear_program.h"

namespace gosplan::lp {

struct CancelState {
  bool cancelled = false;  // the hook said stop and a handler stopped CLP
};

class ClpEvents : public ClpEventHandler {
 public:
  using Clock = std::chrono::steady_clock;
  // `options` must outlive the handler and its clones (they live inside the solve).
  ClpEvents(const LpSolveOptions& options, Clock::time_point start)
      : options_(&options),
        start_(start),
        next_report_(start),
        state_(std::make_shared<CancelState>()) {}

  // True when the options ask for something only an event handler can do (progress, a hook).
  static bool Needed(const LpSolveOptions& options) {
    return static_cast<bool>(options.progress) || static_cast<bool>(options.should_stop);
  }

  int event(Event which) override {
    if (which != endOfIteration || model_ == nullptr) return -1;
    if (options_->should_stop && options_->should_stop()) {
      state_->cancelled = true;
      return 0;  // CLP: stop, status 5
    }
    if (options_->progress) {
      const Clock::time_point now = Clock::now();
      if (now >= next_report_) {
        next_report_ = now + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(options_->progress_seconds));
        LpProgress progress;
        progress.iteration = model_->numberIterations();
        progress.seconds = std::chrono::duration<double>(now - start_).count();
        progress.objective = model_->objectiveValue();
        progress.primal_infeasibility = model_->sumPrimalInfeasibilities();
        progress.dual_infeasibility = model_->sumDualInfeasibilities();
        options_->progress(progress);
      }
    }
    return -1;
  }
  ClpEventHandler* clone() const override { return new ClpEvents(*this); }

  const CancelState& state() const { return *state_; }
  std::shared_ptr<const CancelState> shared_state() const { return state_; }

 private:
  const LpSolveOptions* options_;
  Clock::time_point start_;
  Clock::time_point next_report_;
  std::shared_ptr<CancelState> state_;  // shared with the clones
};

}  // namespace gosplan::lp
