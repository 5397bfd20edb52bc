#include "gosplan/horizon.h"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace gosplan {

Model ResizeHorizon(const Model& model, int horizon) {
  const int T = model.horizon();
  const int H = std::max(1, horizon);
  Model resized = model;
  resized.settings.horizon = H;

  const std::size_t R = model.resources.size();
  resized.resource_availability.assign(R * static_cast<std::size_t>(H), 0.0);
  for (std::size_t r = 0; r < R; ++r) {
    for (int t = 1; t <= H; ++t) {
      resized.resource_availability[r * H + t - 1] =
          model.Availability(static_cast<Index>(r), std::min(t, T));
    }
  }

  // The kept entries first, in their order (entry n is still the model's entry n when lengthening),
  // then the last year's floors and target mix for every added year.
  resized.final_demand.clear();
  for (const FinalDemand& fd : model.final_demand) {
    if (fd.year <= H) resized.final_demand.push_back(fd);
  }
  RepeatFinalDemand(resized.final_demand, T, H);

  std::vector<double>& weights = resized.settings.year_weights;
  if (static_cast<int>(weights.size()) == T && T > 0) {
    const double last = weights.back();
    weights.resize(static_cast<std::size_t>(H), last);
  } else {
    weights.assign(static_cast<std::size_t>(H),
                   1.0);  // the plan LP's reading of "not one per year"
  }

  auto beyond = [H](const auto& entry) { return entry.year > H; };
  resized.quotas.erase(std::remove_if(resized.quotas.begin(), resized.quotas.end(), beyond),
                       resized.quotas.end());
  resized.actuals.erase(std::remove_if(resized.actuals.begin(), resized.actuals.end(), beyond),
                        resized.actuals.end());
  resized.world_prices.erase(
      std::remove_if(resized.world_prices.begin(), resized.world_prices.end(), beyond),
      resized.world_prices.end());  // years added by an extension have no world prices
  auto usable_beyond = [H](const ConstructionInProgress& cip) { return cip.year_usable > H; };
  auto& in_progress = resized.construction_in_progress;
  in_progress.erase(std::remove_if(in_progress.begin(), in_progress.end(), usable_beyond),
                    in_progress.end());
  return resized;
}

void RepeatFinalDemand(std::vector<FinalDemand>& entries, int last, int horizon) {
  if (horizon <= last) return;
  std::vector<bool> named(static_cast<std::size_t>(horizon) + 1, false);
  for (const FinalDemand& fd : entries) {
    if (fd.year > last && fd.year <= horizon) named[static_cast<std::size_t>(fd.year)] = true;
  }
  const std::size_t count = entries.size();
  for (std::size_t k = 0; k < count; ++k) {
    if (entries[k].year != last) continue;
    for (int t = last + 1; t <= horizon; ++t) {
      if (named[static_cast<std::size_t>(t)]) continue;
      FinalDemand copy = entries[k];
      copy.year = t;
      entries.push_back(copy);
    }
  }
}

}  // namespace gosplan
