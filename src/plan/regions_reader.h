// A regional plan folder read back (docs/planning-model.md, "Regions and transport"): what the
// verifier's reader found in regional_balances.csv and transport.csv moved into the Plan.
#pragma once

#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "verify/verify_internal.h"

namespace gosplan::plan {

// Fills plan.regional_balances ([(i·G + g)·T + t − 1]) and plan.transport ([l·T + t − 1]) from
// `documents` (read for a model with regions); each link's usable capacity is recomputed as in the
// LP: its own capacity plus the capacity started L_l or more years before. Nothing without regions.
void RegionalPlanFromDocuments(const Model& model, const verify::RegionalDocuments& documents,
                               Plan& plan);

// With regions: plan.product_prices[i·T + t − 1] = the first region's price of product i (where
// foreign trade crosses), as SolvePlan fills them; prices.csv has no product rows for such a plan.
void FirstRegionProductPrices(const Model& model, Plan& plan);

}  // namespace gosplan::plan
