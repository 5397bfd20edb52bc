// Internal: a final-demand category by name. Model::category_index is filled by the loader only; a
// model built in memory (GenerateEconomy, a test) has the names in final_demand_categories alone.
#pragma once

#include <string_view>

#include "gosplan/model.h"

namespace gosplan::session {

// The category's position, or −1.
inline Index FindFinalDemandCategory(const Model& model, std::string_view name) {
  for (std::size_t c = 0; c < model.final_demand_categories.size(); ++c) {
    if (model.final_demand_categories[c] == name) return static_cast<Index>(c);
  }
  return -1;
}

}  // namespace gosplan::session
