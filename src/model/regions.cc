// Where enterprises and final demand are (include/gosplan/regions.h).
#include "gosplan/regions.h"

#include <algorithm>
#include <string>

namespace gosplan {

std::vector<Index> EnterpriseRegions(const Model& model) {
  std::vector<Index> regions(model.enterprises.size(), 0);
  if (model.regions.empty()) return regions;
  for (std::size_t e = 0; e < model.enterprises.size(); ++e) {
    auto it = model.region_index.find(model.enterprises[e].region);
    regions[e] = it == model.region_index.end() ? -1 : it->second;
  }
  return regions;
}

std::string RegionName(const Model& model, Index region) {
  if (region < 0 || region >= static_cast<Index>(model.regions.size())) return {};
  return model.regions[static_cast<std::size_t>(region)].name;
}

std::vector<double> RegionalOwedOutlays(const Model& model,
                                        const std::vector<std::vector<double>>& profiles) {
  const int T = std::max(model.horizon(), 0);
  const Index G = RegionCount(model);
  const std::vector<Index> region_of = EnterpriseRegions(model);
  std::vector<double> owed(model.products.size() * static_cast<std::size_t>(G * T), 0.0);
  // The loop of OwedOutlays (src/model/outlay_profiles.cc), into the builder's region.
  for (const ConstructionInProgress& cip : model.construction_in_progress) {
    const auto e = static_cast<std::size_t>(cip.enterprise);
    if (e >= profiles.size() || region_of[e] < 0) continue;
    const std::vector<double>& profile = profiles[e];
    const int lag = static_cast<int>(profile.size());
    const int started = std::min(cip.year_usable - lag, 0);
    for (int o = 0; o < lag; ++o) {
      const int year = started + o;
      if (year < 1 || year > T || profile[static_cast<std::size_t>(o)] == 0.0) continue;
      owed[static_cast<std::size_t>((cip.product * G + region_of[e]) * T + year - 1)] +=
          profile[static_cast<std::size_t>(o)] * cip.quantity;
    }
  }
  return owed;
}

}  // namespace gosplan
