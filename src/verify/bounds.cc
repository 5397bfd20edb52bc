// Activity bounds and the capacity column of targets.csv (see include/gosplan/verify.h).
#include <algorithm>
#include <cmath>

#include "verify/verify_internal.h"

namespace gosplan::verify {

void CheckActivityBounds(const PlanUnderCheck& plan, Checker& check) {
  const Model& model = plan.model;
  const Structure& s = plan.s;
  const Primal& x = plan.x;
  const int T = plan.T();
  for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
    const EnterpriseTechnique& et = model.enterprise_techniques[n];
    for (int t = 1; t <= T; ++t) {
      const double z = x.activity[n * T + t - 1];
      const double lower = std::max(0.0, et.min_activity);
      check.Check(lower - z, std::max(lower, std::abs(z)), 2, "activity", [&](double by) {
        return fmt::format("{} {}: activity {} below its minimum {} (by {})",
                           plan.EnterpriseTechniqueName(n), plan.Year(t), Num(z), Num(lower),
                           By(by));
      });
      if (std::isfinite(et.max_activity)) {
        check.Check(z - et.max_activity, std::max(et.max_activity, std::abs(z)), 2, "activity",
                    [&](double by) {
                      return fmt::format("{} {}: activity {} above its maximum {} (by {})",
                                         plan.EnterpriseTechniqueName(n), plan.Year(t), Num(z),
                                         Num(et.max_activity), By(by));
                    });
      }
    }
  }
  // capacity column of targets.csv: out·min(max_activity, K/b over the technique's capital goods).
  for (const TargetRow& row : plan.docs.targets) {
    const EnterpriseTechnique& et = model.enterprise_techniques[row.enterprise_technique];
    double activity_capacity = et.max_activity;
    for (const Entry& b : s.capital[et.technique]) {
      if (b.value <= 0) continue;
      const Index k = s.account_of.at({et.enterprise, b.item});
      activity_capacity = std::min(activity_capacity, x.stock[k * T + row.year - 1] / b.value);
    }
    double out = 0.0;
    for (const Entry& o : s.outputs[et.technique]) {
      if (o.item == row.product) out = o.value;
    }
    const double expected = out * activity_capacity;
    auto describe = [&](double) {
      return fmt::format(
          "line {}: capacity of {} for {} in {} is {}; the plan's stocks and bounds give {}",
          row.line, plan.EnterpriseTechniqueName(row.enterprise_technique),
          plan.ProductName(row.product), plan.Year(row.year),
          IsAbsent(row.capacity) ? "unbounded" : Num(row.capacity),
          std::isfinite(expected) ? Num(expected) : "unbounded");
    };
    if (std::isfinite(expected) == IsAbsent(row.capacity)) {
      check.Check(kUnbounded, 0.0, 1, "targets.csv", describe);
    } else if (std::isfinite(expected)) {
      check.Same(row.capacity, expected, 2, "targets.csv", describe);
    }
  }
}

}  // namespace gosplan::verify
