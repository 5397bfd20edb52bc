// Resource rows: Σ use·z ≤ availability, and prices.csv's resource quantities (see
// include/gosplan/verify.h).
#include <cmath>

#include "verify/verify_internal.h"

namespace gosplan::verify {

void CheckResources(const PlanUnderCheck& plan, Checker& check) {
  const int T = plan.T();
  const PlanDocuments& docs = plan.docs;
  for (Index r = 0; r < plan.s.resources; ++r) {
    const Resource& resource = plan.model.resources[r];
    for (int t = 1; t <= T; ++t) {
      const double use = plan.x.resource_use[r * T + t - 1];
      const double available = plan.model.Availability(r, t);
      if (std::isfinite(available)) {
        check.Check(use - available, std::max(std::abs(use), std::abs(available)), 2, "resource",
                    [&](double by) {
                      return fmt::format("{} {}: uses {} > available {} {} (by {})", resource.name,
                                         plan.Year(t), Num(use), Num(available), resource.unit,
                                         By(by));
                    });
      }
      if (docs.has_prices && !IsAbsent(docs.resource_quantity[r * T + t - 1])) {
        const double written = docs.resource_quantity[r * T + t - 1];
        check.Same(written, use, 2, "prices.csv", [&](double by) {
          return fmt::format(
              "{} {}: quantity {} of the resource row differs from the activities' use {} (by {})",
              resource.name, plan.Year(t), Num(written), Num(use), By(by));
        });
      }
    }
  }
}

}  // namespace gosplan::verify
