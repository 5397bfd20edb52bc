// Internal: the harmony objective by cutting planes (src/plan/harmony_cuts.cc;
// docs/planning-model.md, "Harmony").
#pragma once

#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "plan/plan_program.h"

namespace gosplan::plan {

// `program`: the plan LP under the harmony objective as BuildPlanProgram builds it (all 43 tangent
// cuts per product and year). Keeps three cuts per product and year (s = −0.5, 0, √10 − 1) and
// the caps, solves with CLP, adds the cuts of the full set that the plan violates and re-solves
// warm by the dual simplex, until the plan satisfies every cut of the full set — then it is
// optimal for the full tangent envelope. Issued through IssueSimplexPlan (the explanation says
// the LPs solved and the cuts generated); `plan` holds the program's facts on entry and gets the
// last LP's size.
Status SolveHarmonyByCuts(const Model& model, PlanProgram program, const PlanOptions& options,
                          Plan& plan);

}  // namespace gosplan::plan
