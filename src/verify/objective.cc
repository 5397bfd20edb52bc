// The plan's objective recomputed from its primal point and checked against summary.json (see
// include/gosplan/verify.h).
#include <algorithm>
#include <cmath>

#include "verify/verify_internal.h"

namespace gosplan::verify {
namespace {

// The objective in maximisation form (min resources: −cost), with the magnitude of its terms.
double MaxFormObjective(const PlanUnderCheck& plan, double* magnitude) {
  const Structure& s = plan.s;
  const Primal& x = plan.x;
  const int T = plan.T();
  double total = 0.0, largest = 0.0;
  auto add = [&](double term) {
    total += term;
    largest = std::max(largest, std::abs(term));
  };
  switch (plan.summary.objective) {
    case ObjectiveKind::kPlanRay:
      for (int t = 1; t <= T; ++t) add(s.year_weight[t - 1] * x.fulfilment[t - 1]);
      break;
    case ObjectiveKind::kMinResources:
      for (Index r = 0; r < s.resources; ++r) {
        for (int t = 1; t <= T; ++t) {
          add(-plan.model.resources[r].weight * x.resource_use[r * T + t - 1]);
        }
      }
      break;
    case ObjectiveKind::kPriorityOutput:
      for (Index i = 0; i < s.products; ++i) {
        for (int t = 1; t <= T; ++t) {
          add(plan.model.products[i].priority_weight * x.production[i * T + t - 1]);
        }
      }
      break;
    case ObjectiveKind::kHarmony:  // Σ_t w_t Σ_i Ĥ(Σ_c f/τ − 1) where τ = Σ_c target > 0
      for (Index i = 0; i < s.products; ++i) {
        for (int t = 1; t <= T; ++t) {
          const double target = s.target_mix[i * T + t - 1];
          if (target <= 0) continue;
          double use = 0.0;
          for (Index c = 0; c < s.categories; ++c) use += x.final_use[s.FinalSlot(c, i, t)];
          add(s.year_weight[t - 1] * HarmonyOfFinalUse(use, target));
        }
      }
      break;
    case ObjectiveKind::kMaxmin: {  // the least group level, recomputed from the final use
      double least = kUnbounded;
      for (double level : RecomputedGroupLevels(plan)) {
        if (!IsAbsent(level)) least = std::min(least, level);
      }
      add(least);
      break;
    }
  }
  *magnitude = std::max(largest, std::abs(total));
  return total;
}

}  // namespace

double CheckObjective(const PlanUnderCheck& plan, Checker& check) {
  VerifyReport& report = check.report();
  double magnitude = 0.0;
  const double primal = MaxFormObjective(plan, &magnitude);
  report.primal_objective = Sense(plan.summary.objective) * primal;
  const double written = plan.summary.objective_value;
  check.Check(IsAbsent(written) ? kUnbounded : std::abs(written - report.primal_objective),
              std::max(magnitude, IsAbsent(written) ? 0.0 : std::abs(written)), 4, "objective",
              [&](double by) {
                return fmt::format("summary.json says {} = {} but the plan gives {} (by {})",
                                   ToString(plan.summary.objective),
                                   IsAbsent(written) ? "null" : Num(written),
                                   Num(report.primal_objective), By(by));
              });
  return primal;
}

}  // namespace gosplan::verify
