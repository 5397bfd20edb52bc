// `gosplan plan MODEL` on a model folder with harvest_scenarios.csv and harvest_yields.csv: the
// two-stage plan (include/gosplan/harvest.h), or with --expected-value the ordinary plan on the
// probability-weighted yields.
#pragma once

#include <string>

#include "gosplan/harvest.h"
#include "gosplan/model.h"
#include "gosplan/plan.h"

namespace gosplan::cli {

struct HarvestRun {
  bool expected_value = false;  // the plan on mean yields instead of the two-stage plan
  int first_stage_years = 1;    // plan years decided before any harvest is known
  std::string out_folder;       // empty: none
  std::string mps_path;         // empty: none; else the LP solved (deterministic equivalent)
  std::string timings_path;     // empty: none
  std::string format = "text";
  bool force = false;
  bool quiet = false;
};

int RunHarvestPlan(const Model& model, const HarvestScenarios& scenarios,
                   const PlanOptions& options, const HarvestRun& run);

}  // namespace gosplan::cli
