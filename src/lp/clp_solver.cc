// COIN-OR CLP backend: one cold solve of a LinearProgram (loaded by lp::LoadIntoClp, clp_load.h).
#include <fmt/format.h>

#include <ClpSimplex.hpp>
#include <ClpSolve.hpp>
#include <CoinMessageHandler.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <string_view>
#include <utility>

#include "gosplan/linear_program.h"
#include "lp/clp_events.h"
#include "lp/clp_load.h"
#include "lp/clp_session.h"
#include "lp/clp_solve_options.h"

namespace gosplan {

double MaxPrimalViolation(const LinearProgram& lp, const std::vector<double>& x) {
  double worst = 0.0;
  std::vector<double> activity(static_cast<std::size_t>(lp.num_rows), 0.0);
  for (Index j = 0; j < lp.num_columns; ++j) {
    worst = std::max({worst, lp.column_lower[j] - x[j], x[j] - lp.column_upper[j]});
    for (Index k = lp.column_starts[j]; k < lp.column_starts[j + 1]; ++k) {
      activity[lp.row_indices[k]] += lp.values[k] * x[j];
    }
  }
  for (Index i = 0; i < lp.num_rows; ++i) {
    worst = std::max({worst, lp.row_lower[i] - activity[i], activity[i] - lp.row_upper[i]});
  }
  return worst;
}

namespace {

// Hands CLP's messages to LpSolveOptions::log instead of printing them.
class LogForwarder : public CoinMessageHandler {
 public:
  explicit LogForwarder(const std::function<void(std::string_view)>& log) : log_(log) {}
  int print() override {
    log_(messageBuffer());
    return 0;
  }
  CoinMessageHandler* clone() const override { return new LogForwarder(*this); }

 private:
  const std::function<void(std::string_view)>& log_;
};

}  // namespace

Result<LpSolution> SolveWithClp(const LinearProgram& lp, const LpSolveOptions& options) {
  if (Status shape = lp::CheckClpShape(lp); !shape.ok()) return shape;
  if (Status invalid = ValidateOptions(options, "LpSolveOptions"); !invalid.ok()) return invalid;
  LogForwarder forwarder(options.log);  // declared first: outlives the model, which does not own it
  ClpSimplex model;
  model.setLogLevel(0);  // the library never prints
  lp::LoadIntoClp(lp, model);
  if (options.log) {
    model.passInMessageHandler(&forwarder);
    model.setLogLevel(1);
  }
  if (options.time_limit_seconds > 0) model.setMaximumSeconds(options.time_limit_seconds);
  if (options.dual_tolerance > 0) model.setDualTolerance(options.dual_tolerance);
  if (options.iteration_limit > 0) {
    model.setMaximumIterations(static_cast<int>(
        std::min<std::int64_t>(options.iteration_limit, std::numeric_limits<int>::max())));
  }

  const auto start = std::chrono::steady_clock::now();
  // The progress callback and the cancel hook (passInEventHandler keeps a clone that shares the
  // prototype's CancelState).
  lp::ClpEvents events(options, start);
  if (lp::ClpEvents::Needed(options)) model.passInEventHandler(&events);
  ClpSolve solve_options = lp::ClpSolveOptions(options.algorithm, options.presolve);
  if (!(options.should_stop && options.should_stop())) model.initialSolve(solve_options);
  const auto end = std::chrono::steady_clock::now();
  // Stopped by the caller (before or during the solve): no solution, whatever CLP left behind.
  if (events.state().cancelled || (options.should_stop && options.should_stop())) {
    return Status::Cancelled(fmt::format(
        "the CLP solve ({}) of an LP with {} rows and {} columns, after {} iterations and {:.1f} s",
        lp::ClpAlgorithmName(options.algorithm), lp.num_rows, lp.num_columns,
        model.numberIterations(), std::chrono::duration<double>(end - start).count()));
  }

  LpSolution solution = lp::SolutionOfClp(lp, model);
  solution.solver = std::string("CLP ") + lp::ClpAlgorithmName(options.algorithm);
  solution.seconds = std::chrono::duration<double>(end - start).count();
  solution.iterations = model.numberIterations();
  return solution;
}

}  // namespace gosplan
