// Regions and transport in the plan LP (docs/planning-model.md, "Regions and transport").
//
// With G regions every balance row of the plan LP is balance[i,g,t] (plan_program.h's layout
// (i·G + g)·T + t − 1): an enterprise's outputs, inputs and outlays enter its region's rows, a
// final-demand row's use its region's, carried stocks stay in their region. Transport link l
// (one-way, region a → b, product i, transport product c at κ_l = distance_km ·
// transport_per_unit_km units per unit moved) adds per year t:
//
//   x[l,t] ≥ 0  (units moved):  +1 in balance[i,b,t], −1 in balance[i,a,t], −κ_l in balance[c,a,t],
//                               +1 in cap[l,t];
//   cap[l,t]:   x[l,t] − Σ_{s + L_l ≤ t} n[l,s] ≤ C_l     (only for a finite capacity C_l)
//   n[l,s] ≥ 0  (capacity started in year s, a link with a capacity_product k):
//               −φ_l in balance[k,a,s], −1 in cap[l,t] for t ≥ s + L_l.
//
// Dual property. With y[i,g,t] ≥ 0 the price of balance[i,g,t] and μ[l,t] ≥ 0 that of cap[l,t],
// x[l,t]'s reduced profit y[i,b,t] − y[i,a,t] − κ_l·y[c,a,t] − μ[l,t] is ≤ 0, and 0 when the plan
// moves anything over l in t:
//   y[i,b,t] ≤ y[i,a,t] + κ_l·y[c,a,t] + μ[l,t],  with equality when x[l,t] > 0:
// a product is worth at most as much at the end of a link as at its start plus the cost of moving
// it (and the link's scarcity rent when it is full).
#pragma once

#include <functional>

#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "plan/plan_program.h"
#include "util/json.h"

namespace gosplan::plan {

// Fills program.regions and program.enterprise_region. kInvalidInput (in the model's words) for a
// model built in code whose enterprises, final demand or links name no region of the model.
Status LocateRegions(const Model& model, PlanProgram& program);

// Appends the capacity rows and the flow and capacity columns of every transport link (after every
// other row and column).
void AddTransport(const Model& model, PlanProgram& program, bool with_names);

// The balance row `row` (< P·G·T) or a link's capacity row in the model's words with its shortfall
// `by`; empty for any other row.
std::string DescribeRegionalRow(const Model& model, const PlanProgram& program, Index row,
                                const std::string& by);

// For a model with regions: plan.regional_balances and plan.transport from the point `x`, and the
// transport product consumed and the link capacity built added to the national plan.balances
// (intermediate_use, accumulation; sized and indexed [i·T + t − 1], before their surplus is
// computed). `at_least_row` / `at_most_row`: the published price of a ≥ / ≤ row.
void ExtractRegions(const Model& model, const PlanProgram& program, const std::vector<double>& x,
                    const std::function<double(Index)>& at_least_row,
                    const std::function<double(Index)>& at_most_row, Plan& plan);

}  // namespace gosplan::plan

namespace gosplan::plan {

// ---- The plan folder's regional files (src/plan/regions_writer.cc) ----

// regional_balances.csv: one row per product, region and year (RegionalBalance), with its price.
std::string RegionalBalancesCsv(const Model& model, const Plan& plan);
// transport.csv: one row per link and year: the flow, the capacity, the prices at both ends and
// the cost of moving one unit (κ·price of the transport product at the origin).
std::string TransportCsv(const Model& model, const Plan& plan);
// The plan folder README's section on the regional files.
std::string RegionsReadme(const Model& model, const Plan& plan);

}  // namespace gosplan::plan

namespace gosplan::plan {

// ---- Reports by region (src/plan/regions_report.cc) ----

// Per region and year, values at the region's own shadow prices of that year y[i,g,t] (objective
// units; a product's price differs between regions by at most the cost of moving it): gross output
// Σ_i y[i,g,t]·production, final use Σ_i y[i,g,t]·Σ_c f, what arrives and leaves over the links
// Σ_i y[i,g,t]·transport_in / ·transport_out (so a flow is valued at the destination's price on
// arrival and at the origin's on departure; the difference is the transport cost and rent), and
// in physical units the resources used by the region's enterprises, Σ_{e in g} Σ_p
// use[p,r]·z[e,p,t] (z from the targets: quantity / out[p,i]), and the transport products consumed
// by the links leaving the region, Σ_{l from g} κ_l·x[l,t] (transport_use of
// regional_balances.csv).
struct RegionYear {
  Index region = 0;
  int year = 1;
  double output_value = 0.0;
  double final_use_value = 0.0;
  double inflow_value = 0.0;
  double outflow_value = 0.0;
  std::vector<double> resource_use;    // per model resource, its unit
  std::vector<double> transport_used;  // per TransportProducts() entry, its unit
};
std::vector<RegionYear> SummariseRegions(const Model& model, const Plan& plan);
// Adds to rows[g·T + t − 1].resource_use (sized) what the enterprises of region g use of each
// resource in year t by the plan's targets (src/plan/regions_summary.cc).
void AddRegionalResourceUse(const Model& model, const Plan& plan, std::vector<RegionYear>& rows);
// The products some transport link consumes to move goods (transport_product of
// transport_links.csv), in product order, once each.
std::vector<Index> TransportProducts(const Model& model);
// regions_summary.csv: one row per region and year with the RegionYear figures (docs/json.md,
// docs/planning-model.md "Regions and transport").
std::string RegionsSummaryCsv(const Model& model, const Plan& plan);
// summary.json's "resources_used" {resource id: amount} and "transport_used" {product id: amount}
// of a RegionYear, in the model's order.
util::Json ResourcesUsedJson(const Model& model, const RegionYear& row);
util::Json TransportUsedJson(const Model& model, const RegionYear& row);

// The text report's section (empty without regions): per region and year the values above, then
// per link in use the quantity moved each year and the price gap it bridges.
std::string RegionsText(const Model& model, const Plan& plan);

}  // namespace gosplan::plan
