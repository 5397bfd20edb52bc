// SolveWithPdlpFrom (warm_start.h): PDLP's three stages (pdlp_stages.h) with the iteration started
// from a mapped earlier point.
#include "pdlp/warm_start.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <string>

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
  const bool warm = start_point != nullptr;
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
  } else {
    auto start = StartPdlp(lp, options, options.threads, &facts);
    if (!start.ok()) return start.status();
    IterationOutcome outcome;
    if (start.value()->scaled) {
      const ScaledStart mapped = MapIntoScaledProblem(lp, *start.value(), *start_point);
      auto run =
          RunIteration(*start.value()->scaled, options, &mapped, started, &facts,
                       "the warm-started PDLP solve of an LP with " + std::to_string(lp.num_rows) +
                           " rows and " + std::to_string(lp.num_columns) + " columns");
      if (!run.ok()) return run.status();
      outcome = std::move(run.value());
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
