// Regions and transport (docs/planning-model.md, "Regions and transport"): where a model's
// enterprises and final demand are, read from regions.csv and transport_links.csv.
//
// A model without regions.csv has one region, the nation: every product balance is national, as
// before regions existed. With G ≥ 1 regions every balance holds per (product, region, year):
// an enterprise's outputs, inputs and investment outlays are in its region, a final-demand row's
// use is in its `region` (the only region when it is omitted and G = 1), carried stocks stay in
// their region (a product's initial_stock is in the first region of regions.csv), foreign trade
// crosses the border in the first region, and transport links move products between regions.
// Resources (labour) stay national.
#pragma once

#include <vector>

#include "gosplan/model.h"

namespace gosplan {

// G: the number of regions of the product balances (1 without regions.csv).
inline Index RegionCount(const Model& model) {
  return model.regions.empty() ? 1 : static_cast<Index>(model.regions.size());
}

// The region (position in model.regions; 0 without regions) of every enterprise, by the id in its
// `region` column; -1 for an enterprise whose region names no region of regions.csv (the loader
// refuses such a model; a model built in code may hold one).
std::vector<Index> EnterpriseRegions(const Model& model);

// The region of a final-demand row: its own, else 0 (the only one).
inline Index FinalDemandRegion(const FinalDemand& fd) { return fd.region < 0 ? 0 : fd.region; }

// The region's name for reports ("Urals"); "" without regions.
std::string RegionName(const Model& model, Index region);

// Outlays still owed for construction in progress (OwedOutlays in model.h) per region, in the
// region of the enterprise building: [(i·G + g)·T + t − 1]. With G = 1 it equals OwedOutlays.
std::vector<double> RegionalOwedOutlays(const Model& model,
                                        const std::vector<std::vector<double>>& profiles);

}  // namespace gosplan
