// Regions and transport of a plan folder read back into a Plan (ReadPlanFolder's regional part):
// regional_balances.csv and transport.csv as the verifier's reader found them, moved into
// Plan::regional_balances and Plan::transport, with Plan::product_prices set to the first region's
// prices as SolvePlan sets them (docs/planning-model.md, "Regions and transport").
#pragma once

#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "verify/verify_internal.h"

namespace gosplan::plan {

// Nothing for a model without regions. Transport capacity is recomputed as SolvePlan states it:
// the link's own capacity plus the capacity started ≥ its construction lag earlier (unbounded for
// a link without a capacity).
void MoveRegionalDocuments(const Model& model, const verify::PlanDocuments& documents, Plan& plan);

}  // namespace gosplan::plan
