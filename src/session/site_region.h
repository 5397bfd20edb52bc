// Internal: where a construction site of a what-if edit stands (docs/what-if.md, "Regions"). On a
// model with regions every enterprise's outputs, inputs and investment are in its region's
// balances (docs/planning-model.md, "Regions and transport"), so a new site needs one:
//   - only a construction_site edit names a region;
//   - a model without regions.csv: the region must be empty (the site is in the nation);
//   - one region: empty means that region;
//   - two or more: a new site must name a region of regions.csv;
//   - an existing enterprise keeps its own region (naming another is refused).
// One rule for ReadWhatIfFile's located errors and PlanningSession::Apply's refusals.
#pragma once

#include <string>

#include "gosplan/model.h"
#include "gosplan/planning_session.h"

namespace gosplan::session {

struct SiteRegion {
  bool ok = true;
  std::string region;    // the region id the site gets ("" without regions)
  std::string problem;   // when !ok: what is wrong
  std::string expected;  // when !ok: what was expected
};

// `enterprise`: the existing enterprise the edit names, or −1 for a new one.
SiteRegion ResolveSiteRegion(const Model& model, PlanEditKind kind, const std::string& region,
                             Index enterprise);

}  // namespace gosplan::session
