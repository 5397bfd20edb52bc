// SolveWithPdlpFrom (warm_start.h): PDLP's three stages (pdlp_stages.h) with the iteration started
// from a mapped earlier point.
#include "pdlp/warm_start.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>

#include "pdlp/lp_kernels.h"
#include "pdlp/pdhg_iteration.h"
#include "pdlp/pdlp_stages.h"
#include "pdlp/scaled_start.h"

namespace gosplan::pdlp {
namespace {

// The earlier point in the scaled, presolved problem of `start`: original row/column → presolved
// (kept) index, then divided by the scale; x̃ clamped into the scaled box (the edit may have moved
// a bound past the old value), ỹ given the minimisation sign (y_min = sense · row_dual).
ScaledStart MapIntoScaledProblem(const LinearProgram& lp, const PdlpStart& start,
                                 const WarmPoint& point) {
  const ScaledLp& scaled = *start.scaled;
  const double sense = lp.maximize ? -1.0 : 1.0;
  const std::size_t n = scaled.column_scale.size(), m = scaled.row_scale.size();
  ScaledStart mapped;
  mapped.x.resize(n);
  mapped.y.resize(m);
  for (std::size_t k = 0; k < n; ++k) {
    Index j = start.substitution ? start.substitution->kept_columns()[k] : static_cast<Index>(k);
    if (start.presolver) j = start.presolver->kept_columns()[j];
    mapped.x[k] = std::min(std::max(point.x[j] / scaled.column_scale[k], scaled.column_lower[k]),
                           scaled.column_upper[k]);
  }
  for (std::size_t k = 0; k < m; ++k) {
    Index i = start.substitution ? start.substitution->kept_rows()[k] : static_cast<Index>(k);
    if (start.presolver) i = start.presolver->kept_rows()[i];
    double y = sense * point.y[i] / scaled.row_scale[k];
    // A row whose bound on that side is gone (an edit made it one-sided) cannot hold that sign.
    if (y > 0 && !std::isfinite(scaled.row_lower[k])) y = 0.0;
    if (y < 0 && !std::isfinite(scaled.row_upper[k])) y = 0.0;
    mapped.y[k] = y;
  }
  mapped.step_size = point.step_size;
  mapped.primal_weight = point.primal_weight;
  return mapped;
}

}  // namespace

Result<LpSolution> SolveWithPdlpFrom(const LinearProgram& lp, const PdlpOptions& options,
                                     const WarmPoint* start_point, PdlpSummary* summary,
                                     WarmPoint* end) {
  const bool warm = start_point != nullptr && options.variant == PdlpVariant::kAveraged;
  if (warm && (static_cast<Index>(start_point->x.size()) != lp.num_columns ||
               static_cast<Index>(start_point->y.size()) != lp.num_rows)) {
    return Status::InvalidArgument("pdlp::WarmPoint",
                                   "the warm-start point does not have the LP's rows and columns");
  }
  const auto started = Clock::now();
  PdlpSummary local_summary;
  PdlpSummary& facts = summary ? *summary : local_summary;
  Result<LpSolution> solved = LpSolution{};
  if (!warm) {
    solved = SolveWithPdlp(lp, options, &facts);
    if (solved.ok() && start_point != nullptr) {
      solved.value().solver += " (cold: the warm start is for the averaged PDHG only)";
    }
  } else {
    auto start = StartPdlp(lp, options, options.threads, &facts);
    if (!start.ok()) return start.status();
    IterationOutcome outcome;
    if (start.value()->scaled) {
      const ScaledStart mapped = MapIntoScaledProblem(lp, *start.value(), *start_point);
      const RestartParameters restart;
      PdhgIteration<LpKernels> iteration(*start.value()->scaled, *start.value()->scaled->kernels,
                                         options, restart, started, &facts);
      iteration.StartFrom(&mapped);
      RunResult run = iteration.Run();
      if (run.cancelled) {
        char what[160];
        std::snprintf(what, sizeof what,
                      "the warm-started PDLP solve of an LP with %lld rows and %lld columns, after "
                      "%lld iterations",
                      static_cast<long long>(lp.num_rows), static_cast<long long>(lp.num_columns),
                      static_cast<long long>(run.iterations));
        return Status::Cancelled(what);
      }
      outcome.reason = run.reason;
      outcome.iterations = run.iterations;
      outcome.x = std::move(run.point.x);
      outcome.y = std::move(run.point.y);
    }
    solved = FinishPdlp(lp, *start.value(), outcome, options, started, &facts);
    solved.value().solver += ", warm-started from an earlier PDLP point";
  }
  if (!solved.ok()) return solved;
  if (end) {
    end->x = solved.value().column_values;
    end->y = solved.value().row_duals;
    end->step_size = facts.final_step_size;
    end->primal_weight = facts.final_primal_weight;
  }
  return solved;
}

}  // namespace gosplan::pdlp
