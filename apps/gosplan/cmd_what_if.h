// `gosplan plan MODEL --what-if EDITS.csv [--out DIR]`: one warm re-solve per scenario of a
// what-if file (docs/what-if.md) and the comparison table.
#pragma once

#include <string>

#include "gosplan/model.h"
#include "gosplan/plan.h"

namespace gosplan::cli {

struct WhatIfRun {
  std::string edits_path;
  std::string out_folder;    // empty: none; else what_if.csv is written into it
  std::string timings_path;  // empty: none; else the per-scenario seconds as CSV
  std::string format = "text";
  bool force = false;
  bool quiet = false;
};

int RunWhatIf(const Model& model, const PlanOptions& options, const WhatIfRun& run);

}  // namespace gosplan::cli
