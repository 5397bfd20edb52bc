// The plan folder's regions_summary.csv and the physical figures of SummariseRegions: resources
// used per region and the transport products consumed (docs/planning-model.md, "Regions and
// transport"; regions_program.h).
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "gosplan/regions.h"
#include "plan/regions_program.h"
#include "util/csv_writer.h"

namespace gosplan::plan {
namespace {

constexpr int kPlanDigits = 12;  // as plan_writer.cc

}  // namespace

std::vector<Index> TransportProducts(const Model& model) {
  std::vector<char> carrier(model.products.size(), 0);
  for (const TransportLink& link : model.transport_links) {
    if (link.transport_product >= 0) carrier[static_cast<std::size_t>(link.transport_product)] = 1;
  }
  std::vector<Index> products;
  for (std::size_t i = 0; i < carrier.size(); ++i) {
    if (carrier[i]) products.push_back(static_cast<Index>(i));
  }
  return products;
}

void AddRegionalResourceUse(const Model& model, const Plan& plan, std::vector<RegionYear>& rows) {
  const int T = model.horizon();
  const std::vector<Index> region_of = EnterpriseRegions(model);
  // Per technique its outputs and resource uses (the coefficient tables are technique-sparse).
  std::vector<std::vector<const Coefficient*>> outputs(model.techniques.size()),
      uses(model.techniques.size());
  for (const Coefficient& out : model.outputs) outputs[out.technique].push_back(&out);
  for (const Coefficient& use : model.resource_use) uses[use.technique].push_back(&use);
  // The activity z[e,p,t] = quantity / out[p,i] of a target; a technique with several outputs has
  // one target per output, all giving the same z: only the first one counts.
  std::map<std::tuple<Index, Index, int>, bool> seen;
  for (const ProductionTarget& target : plan.targets) {
    if (!seen.emplace(std::make_tuple(target.enterprise, target.technique, target.year), true)
             .second) {
      continue;
    }
    double per_unit = 0.0;
    for (const Coefficient* out : outputs[target.technique]) {
      if (out->item == target.product) per_unit = out->value;
    }
    const Index g = region_of[static_cast<std::size_t>(target.enterprise)];
    if (per_unit == 0.0 || g < 0 || target.year < 1 || target.year > T) continue;
    const double activity = target.quantity / per_unit;
    RegionYear& row = rows[static_cast<std::size_t>(g * T + target.year - 1)];
    for (const Coefficient* use : uses[target.technique]) {
      row.resource_use[static_cast<std::size_t>(use->item)] += use->value * activity;
    }
  }
}

std::string RegionsSummaryCsv(const Model& model, const Plan& plan) {
  std::string out;
  util::CsvWriter csv(out, kPlanDigits);
  const std::vector<Index> carriers = TransportProducts(model);
  csv.Text("region").Text("year").Text("output_value").Text("final_use_value");
  csv.Text("inflow_value").Text("outflow_value").Text("net_inflow_value");
  for (const Resource& resource : model.resources) csv.Text(resource.id + "_used");
  for (Index c : carriers) csv.Text(model.products[static_cast<std::size_t>(c)].id + "_transport");
  csv.Text("region_name").EndRow();
  for (const RegionYear& row : SummariseRegions(model, plan)) {
    const Region& region = model.regions[static_cast<std::size_t>(row.region)];
    csv.Text(region.id)
        .Integer(model.CalendarYear(row.year))
        .Number(row.output_value)
        .Number(row.final_use_value)
        .Number(row.inflow_value)
        .Number(row.outflow_value)
        .Number(row.inflow_value - row.outflow_value);
    for (double used : row.resource_use) csv.Number(used);
    for (double used : row.transport_used) csv.Number(used);
    csv.Text(region.name).EndRow();
  }
  return out;
}

util::Json ResourcesUsedJson(const Model& model, const RegionYear& row) {
  util::Json amounts = util::Json::object();
  for (std::size_t r = 0; r < row.resource_use.size(); ++r) {
    amounts[model.resources[r].id] = util::JsonNumber(row.resource_use[r]);
  }
  return amounts;
}

util::Json TransportUsedJson(const Model& model, const RegionYear& row) {
  util::Json amounts = util::Json::object();
  const std::vector<Index> carriers = TransportProducts(model);
  for (std::size_t k = 0; k < carriers.size() && k < row.transport_used.size(); ++k) {
    amounts[model.products[static_cast<std::size_t>(carriers[k])].id] =
        util::JsonNumber(row.transport_used[k]);
  }
  return amounts;
}

}  // namespace gosplan::plan
