// OutputDesignCeiling (include/gosplan/check.h): the static bound on a product's yearly output from
// the enterprises' design capacities (max_activity), which no investment can lift.
#include <fmt/format.h>

#include <cmath>

#include "gosplan/check.h"

namespace gosplan {

DesignCeiling OutputDesignCeiling(const Model& model, Index product, Index enterprise) {
  // out[p, product] per technique p (0 when p does not make it).
  std::vector<double> out(model.techniques.size(), 0.0);
  for (const Coefficient& c : model.outputs) {
    if (c.item == product) out[static_cast<std::size_t>(c.technique)] += c.value;
  }
  DesignCeiling result;
  double total = 0.0;
  for (const EnterpriseTechnique& et : model.enterprise_techniques) {
    if (enterprise >= 0 && et.enterprise != enterprise) continue;
    const double per_unit = out[static_cast<std::size_t>(et.technique)];
    if (per_unit <= 0) continue;
    if (!std::isfinite(et.max_activity) || et.max_activity >= kUnbounded) return DesignCeiling{};
    total += per_unit * et.max_activity;
    result.capped_by.push_back(fmt::format("{} for {} (at most {:.6g} a year)",
                                           model.enterprises[et.enterprise].name,
                                           model.techniques[et.technique].name, et.max_activity));
  }
  result.ceiling = total;
  return result;
}

}  // namespace gosplan
