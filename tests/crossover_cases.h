// Cases shared by the crossover tests (clp_crossover_test.cc, active_set_projection_test.cc): a
// hand-solved LP and the Netlib LPs with their published optima.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "gosplan/linear_program.h"

namespace gosplan::testing {

// maximise 3x + 2y  s.t.  x + y ≤ 4,  x + 3y ≤ 9,  0 ≤ x ≤ 3,  y ≥ 0.
// By hand: the vertices of the feasible set are (0,0) 0, (3,0) 9, (3,1) 11, (1.5,2.5) 9.5, (0,3) 6,
// so the optimum is x = 3, y = 1, objective 11. There x + y = 4 binds and x + 3y = 6 < 9 has slack
// (dual 0). y is strictly inside its bounds, so its reduced cost is 0: 2 − d₁·1 = 0, d₁ = 2
// (objective gained per unit more of row 1's bound). x sits at its upper bound with reduced cost 3
// − 2 = 1 > 0. The optimal basis is {y, slack of row 2}: one basic column, one basic row.
inline LinearProgram CrossoverHandLp() {
  LinearProgram lp;
  lp.num_rows = 2;
  lp.num_columns = 2;
  lp.column_starts = {0, 2, 4};
  lp.row_indices = {0, 1, 0, 1};
  lp.values = {1, 1, 1, 3};
  lp.column_lower = {0, 0};
  lp.column_upper = {3, kUnbounded};
  lp.objective = {3, 2};
  lp.row_lower = {-kUnbounded, -kUnbounded};
  lp.row_upper = {4, 9};
  lp.maximize = true;
  return lp;
}

struct PublishedOptimum {
  const char* file;
  double objective;  // Netlib readme (tests/data/SOURCES.md); the files minimise
};

// The Netlib LPs both crossover tests run PDLP and then the crossover on.
inline auto CrossoverNetlibCases() {
  return ::testing::Values(PublishedOptimum{"lp/netlib/afiro.mps", -4.6475314286E+02},
                           PublishedOptimum{"lp/netlib/adlittle.mps", 2.2549496316E+05},
                           PublishedOptimum{"lp/netlib/sc105.mps", -5.2202061212E+01},
                           PublishedOptimum{"lp/netlib/blend.mps", -3.0812149846E+01},
                           PublishedOptimum{"lp/netlib/share2b.mps", -4.1573224074E+02},
                           PublishedOptimum{"lp/netlib/share1b.mps", -7.6589318579E+04});
}

// The test's name: the file's stem ("afiro").
inline std::string CrossoverNetlibName(const ::testing::TestParamInfo<PublishedOptimum>& info) {
  std::string name = info.param.file;
  name = name.substr(name.rfind('/') + 1);
  return name.substr(0, name.find('.'));
}

}  // namespace gosplan::testing
