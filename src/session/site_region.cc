// ResolveSiteRegion (site_region.h).
#include "session/site_region.h"

#include <fmt/format.h>

#include <algorithm>

namespace gosplan::session {

SiteRegion ResolveSiteRegion(const Model& model, PlanEditKind kind, const std::string& region,
                             Index enterprise) {
  SiteRegion out;
  auto refuse = [&](std::string problem, std::string expected) {
    out.ok = false;
    out.problem = std::move(problem);
    out.expected = std::move(expected);
    return out;
  };
  if (kind != PlanEditKind::kConstructionSite) {
    if (region.empty()) return out;
    return refuse(fmt::format("a {} edit has no region", ToString(kind)),
                  "an empty region (only a construction_site edit names one)");
  }
  if (model.regions.empty()) {
    if (region.empty()) return out;
    return refuse(fmt::format("region '{}', but the model has no regions (no regions.csv)", region),
                  "an empty region");
  }
  const bool known = std::any_of(model.regions.begin(), model.regions.end(),
                                 [&](const Region& r) { return r.id == region; });
  if (!region.empty() && !known) {
    return refuse(fmt::format("unknown region '{}'", region), "a region id of regions.csv");
  }
  if (enterprise >= 0) {
    const std::string& own = model.enterprises[enterprise].region;
    if (!region.empty() && region != own) {
      return refuse(fmt::format("enterprise '{}' is in region '{}', not '{}'",
                                model.enterprises[enterprise].id, own, region),
                    "the enterprise's own region, or an empty region");
    }
    out.region = own;
    return out;
  }
  if (region.empty()) {
    if (model.regions.size() == 1) {
      out.region = model.regions[0].id;
      return out;
    }
    std::string ids;
    for (const Region& r : model.regions) ids += (ids.empty() ? "" : ", ") + r.id;
    return refuse(fmt::format("the new construction site has no region, and the model has {} "
                              "regions",
                              model.regions.size()),
                  fmt::format("a region id of regions.csv in the region column ({})", ids));
  }
  out.region = region;
  return out;
}

}  // namespace gosplan::session
