// Outlay profiles (docs/planning-model.md, "Outlay profiles"): how a construction project's
// capital-good requirement is spread over the years of its construction lag, and what construction
// in progress still owes inside the plan.
#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "gosplan/model.h"

namespace gosplan {

std::vector<std::vector<double>> OutlayProfiles(const Model& model) {
  const std::size_t E = model.enterprises.size();
  std::vector<std::vector<double>> profiles(E);
  std::vector<bool> own(E, false);  // the enterprise has rows of its own
  for (const OutlayShare& row : model.outlay_shares) {
    if (row.enterprise >= 0 && static_cast<std::size_t>(row.enterprise) < E) {
      own[static_cast<std::size_t>(row.enterprise)] = true;
    }
  }
  for (std::size_t e = 0; e < E; ++e) {
    const Enterprise& enterprise = model.enterprises[e];
    const int lag = std::max(enterprise.construction_lag, 1);
    std::vector<double>& profile = profiles[e];
    profile.assign(static_cast<std::size_t>(lag), 0.0);
    bool any = false;
    for (const OutlayShare& row : model.outlay_shares) {
      const bool applies =
          own[e] ? row.enterprise == static_cast<Index>(e)
                 : row.enterprise < 0 && row.enterprise_kind == ToString(enterprise.kind);
      if (!applies || row.year_offset < 0 || row.year_offset >= lag) continue;
      profile[static_cast<std::size_t>(row.year_offset)] += row.share;
      any = true;
    }
    if (!any) profile[0] = 1.0;
  }
  return profiles;
}

std::vector<double> OwedOutlays(const Model& model,
                                const std::vector<std::vector<double>>& profiles) {
  const int T = model.horizon();
  std::vector<double> owed(model.products.size() * static_cast<std::size_t>(std::max(T, 0)), 0.0);
  for (const ConstructionInProgress& cip : model.construction_in_progress) {
    const auto e = static_cast<std::size_t>(cip.enterprise);
    if (e >= profiles.size()) continue;
    const std::vector<double>& profile = profiles[e];
    const int lag = static_cast<int>(profile.size());
    const int started = std::min(cip.year_usable - lag, 0);  // started before the plan
    for (int o = 0; o < lag; ++o) {
      const int year = started + o;
      if (year < 1 || year > T || profile[static_cast<std::size_t>(o)] == 0.0) continue;
      owed[static_cast<std::size_t>(cip.product) * T + year - 1] +=
          profile[static_cast<std::size_t>(o)] * cip.quantity;
    }
  }
  return owed;
}

}  // namespace gosplan
