// Internal: the pieces of the two-stage harvest plan (include/gosplan/harvest.h;
// docs/planning-model.md, "Uncertain harvests"): yield factors put on a plan LP, the plan's
// first-year columns, and the block-diagonal deterministic equivalent with shared first-year
// columns.
#pragma once

#include <string>
#include <vector>

#include "gosplan/linear_program.h"
#include "gosplan/model.h"
#include "plan/plan_program.h"

namespace gosplan::plan {

// Puts the yield factors φ[i·T + t − 1] on `program` (built by BuildPlanProgram from `model`): in
// every activity column z[e,p,t] the coefficient of balance[i,t] becomes φ[i,t]·out[p,i] − in[p,i]
// (the seed input is not scaled), a quota counting i's output (quotas as law) counts
// φ[i,t]·out[p,i], and under priority_output the objective weighs φ[i,t]·out[p,i]. Records φ in
// program.yield_factor for the documents. Factors equal to 1 change nothing.
void ApplyYieldFactors(const Model& model, PlanProgram& program, const std::vector<double>& yields);

// The columns of plan years 1..first_stage_years (1 by default: "the first year"), ascending:
// activities, construction starts and usable stocks, stocks carried out of those years, their final
// use, λ, harmony h[i,t], exports, imports, debt and currency reserve. These are the decisions made
// before any harvest is known.
std::vector<Index> FirstStageColumns(const Model& model, const PlanProgram& program,
                                     int first_stage_years);

// The deterministic equivalent of scenario blocks (plan LPs of one model under different yields,
// so of equal shape): block s's rows follow block s − 1's; a column listed in `shared` exists once
// (its entries in every block's rows, its cost Σ_s p_s·c_s[j]); every other column once per block,
// cost p_s·c_s[j]. Objective offset Σ_s p_s·offset_s. Bounds: the first block's (the blocks have
// the same bounds; a shared column gets the tightest of them).
struct StackedProgram {
  LinearProgram lp;
  // column_of[s][j]: the stacked column of block s's column j; row_offset[s]: block s's first row.
  std::vector<std::vector<Index>> column_of;
  std::vector<Index> row_offset;
};
// `prefixes` (one per block, may be empty): name prefixes of each block's rows and columns when
// the blocks have names; shared columns are named "<shared_prefix>:<name>".
StackedProgram StackScenarios(const std::vector<const LinearProgram*>& blocks,
                              const std::vector<double>& probabilities,
                              const std::vector<Index>& shared,
                              const std::vector<std::string>& prefixes = {},
                              const std::string& shared_prefix = "year1");

}  // namespace gosplan::plan
