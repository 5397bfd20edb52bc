// Internal: issue 18's features added to a generated economy (GenerateOptions in
// include/gosplan/generate.h says what each adds; src/generate/economy_features.cc).
#pragma once

#include <vector>

#include "gosplan/generate.h"
#include "gosplan/harvest.h"
#include "gosplan/model.h"

namespace gosplan::generate {

// options.regions > 0: regions, enterprises placed, final demand split by region, and for R ≥ 2
// the freight product, its enterprises and the ring of links. `gross`: the base-year gross output
// x0 per product (the link capacities' scale).
void AddRegions(const GenerateOptions& options, const std::vector<double>& gross, Model& model);

// options.world_prices: world_prices for every product and year, and the [trade] settings.
void AddWorldPrices(const GenerateOptions& options, Model& model);

}  // namespace gosplan::generate
