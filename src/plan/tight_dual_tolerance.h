// CLP's dual feasibility tolerance is absolute (1e-7): on a plan whose columns have small
// coefficients a CLP optimum can hold its rows at the relative 1e-6 check (`gosplan verify`'s
// measure, Plan::kExactTolerance) while its prices miss it. Every simplex path that issues a plan
// (SolvePlan, the harvest plan, maxmin, PlanningSession) then solves once more at
// kTightDualTolerance: cold where the first solve was cold, from the basis where it was warm.
// One rule, here.
#pragma once

#include "gosplan/plan.h"

namespace gosplan::plan {

inline constexpr double kTightDualTolerance = 1e-10;

// True for an optimal solution's accuracy (MeasureSimplexAccuracy) whose rows pass the 1e-6 check
// and whose prices do not: the case the second solve at kTightDualTolerance settles.
inline bool PricesNeedTightDualTolerance(const PlanAccuracy& accuracy) {
  return accuracy.dual > Plan::kExactTolerance && accuracy.primal <= Plan::kExactTolerance;
}

}  // namespace gosplan::plan
