// Importers: other planners' data formats -> a gosplan::Model (write it with WriteModelFolder).
//
// ImportFiveYearPlan reads Paul Cockshott's `5yearplan` input (four CSV files in one folder:
// flows.csv, cap.csv, dep.csv, labtarg.csv) and builds a model whose plan LP has the same optimum
// as the LP his `nyearplan` program writes. docs/import-5yearplan.md has the mapping table; in
// short:
//  - every industry (a column of flows.csv) becomes one product, one technique and one enterprise
//    (kind factory, construction lag 1), all with the industry's name as id;
//  - the technique is his Leontief technique scaled to one unit of output: in[p,i] =
//    flows[i,p]/output[p], use[p,labour] = labour[p]/output[p], b[p,i] = cap[i,p]/output[p],
//    d[p,i] = dep[i,p]; out[p,p] = 1 (activity = gross output);
//  - one resource "labour", available per year as labtarg.csv's labour column;
//  - final-demand category "consumption": target = labtarg.csv's product columns, floor 0;
//  - objective plan_ray with all year weights 1; horizon = number of year rows; base_year (default
//    0) so that plan years are 1..T like his year1..yearT;
//  - his year-1 stock bound "capital stock <= cap" becomes K[e,i,0] = cap/(1 - d), because
//  gosplan's
//    year-1 usable stock is (1 - d)·K[e,i,0]; dep = 1 with cap > 0 cannot be expressed (error).
// Bad input (missing file, non-numeric cell, output <= 0, headers that differ between the files,
// ...) is kInvalidInput with every problem found, each located as file:line:column.
#pragma once

#include <cstddef>
#include <string>

#include "gosplan/model.h"
#include "gosplan/status.h"

namespace gosplan {

struct FiveYearPlanOptions {
  std::string name;   // model name; empty: "5yearplan <folder name>"
  int base_year = 0;  // calendar year of t = 0: his year k is calendar year base_year + k
  std::size_t max_diagnostics = 100;

  // max_diagnostics ≥ 1, base_year 0 (none) or a year model.toml accepts; otherwise false naming
  // the field, its value and the rule in *error.
  bool IsValid(std::string* error = nullptr) const;
};

// Reads folder/{flows,cap,dep,labtarg}.csv. The returned model has its id -> index maps filled (it
// can be planned directly); Model::folder is empty.
Result<Model> ImportFiveYearPlan(const std::string& folder,
                                 const FiveYearPlanOptions& options = {});

}  // namespace gosplan
