// A point to start the PDHG iteration from (pdhg_iteration.h), instead of PDLP's usual start
// (x̃ = the column box's point nearest 0, ỹ = 0, η = 1/‖K‖_max, ω = ‖c̃‖₂/‖b̃‖₂). Everything is in
// the scaled, presolved problem the iteration solves: x̃ = x / D_c (inside the scaled column box),
// ỹ = y / D_r (minimisation convention). Built by warm_start.cc from the point of an earlier solve.
#pragma once

#include <vector>

namespace gosplan::pdlp {

struct ScaledStart {
  std::vector<double> x, y;    // x̃ (presolved columns), ỹ (presolved rows)
  double step_size = 0.0;      // η to start with; ≤ 0: PDLP's usual 1/‖K‖_max
  double primal_weight = 0.0;  // ω to start with; ≤ 0: PDLP's usual ‖c̃‖₂/‖b̃‖₂
};

}  // namespace gosplan::pdlp
