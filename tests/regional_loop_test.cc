// The planning loop on regional and trade plans (issue 18): `gosplan explain` and `compare` read
// the regional prices, a what-if construction site names its region, a planning session issues
// the same verdict as `gosplan plan`. The models are regions_test.cc's "corridor" and
// trade_test.cc's "swap", small enough to solve by hand.
//
// Corridor (regions_test.cc): regions west and east; steel made in the west (1 person-year a
// tonne) or in the east (2 person-years a tonne, "eastworks"); freight made in the west (0.25
// person-years a t-km); link rail west → east moving steel at κ = 1 t-km of freight a tonne;
// 100 person-years; consumption of steel in the east, target 1 (final use ≥ λ).
//  - With the link capped at 40 t and the eastern works open (regions_test.cc derives it): 40 t
//    moved (50 person-years), 25 t made in the east (50 person-years), λ = 65. Prices:
//    y[steel,east] = 1 = 2·u (the marginal tonne is made in the east), u = 0.5,
//    y[steel,west] = u = 0.5, y[freight,west] = 0.25·u = 0.125, and the full link's rent
//    μ = 1 − 0.5 − 1·0.125 = 0.375.
//    Kantorovich's test at each works' own region's prices: eastworks 1·y[steel,east] − 2·u = 0
//    (used, between its bounds); works 1·y[steel,west] − 1·u = 0; railway 0.125 − 0.25·u = 0. At
//    the first region's prices (what explain used before regions were read) eastworks would have
//    shown 0.5 − 1 = −0.5, a technique in use that "would not pay".
//    The east's balance: production 25 + 40 moved in = supply 65, all consumed. The west's:
//    production 40 of steel, all moved east. The link's price identity: into the east a tonne
//    costs y[steel,west] + κ·y[freight,west] + μ = 0.5 + 0.125 + 0.375 = 1 = y[steel,east]; out
//    of the west it fetches 1 − 0.125 − 0.375 = 0.5 = y[steel,west].
//  - Without the cap (eastern works open, but dearer: 2 > 1.25 person-years a delivered tonne):
//    λ = 100/1.25 = 80, all steel made in the west and moved; y[steel,east] = 1, u = 0.8,
//    y[steel,west] = 0.8, y[freight,west] = 0.2.
//  - Capped at 40 with the eastern works closed (max_activity 0): only 40 t reach the east, λ = 40.
//    A construction site in the east running the eastern technique (no capital needed, so it runs
//    in the plan's first year) brings λ back to 65 (the first case); the same site in the west
//    adds nothing, as the link is full: λ = 40.
//
// Swap (trade_test.cc): grain grown at 1 person-year a tonne, machines built at 4; 100
// person-years; consumption of grain ≥ 20 t; machinery wanted (target 1). Grain exported at 1
// currency unit a tonne, machinery imported at 2 (at most 10). By hand there: 10 machines
// imported for 20 currency units, paid by 20 t of grain exported; 15 machines built; λ = 25.
// Prices: u = 0.25, y[grain] = 0.25, y[machinery] = 1, the currency's π = 0.25 (the export runs:
// 1·π = y[grain]); the import at its cap costs 2·π = 0.5 < 1 = y[machinery]. Grain: production
// 40 = 20 consumed + 20 exported (shares 0.5 each); machinery: 15 made + 10 imported = 25.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "gosplan/compare.h"
#include "gosplan/explain.h"
#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "gosplan/planning_session.h"
#include "gosplan/regions.h"
#include "steel_works_model.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::ReadFile;
using testing::RunCli;
using testing::ScratchFolder;
using testing::SourcePath;

constexpr double kTolerance = 1e-7;

constexpr const char* kCorridorToml = "name = \"corridor\"\nbase_year = 2000\nhorizon = 1\n";
constexpr const char* kLinkHeader =
    "id,from_region,to_region,product,distance_km,transport_product,transport_per_unit_km,"
    "capacity,capacity_product,capacity_cost,construction_lag\n";

// regions_test.cc's corridor, one plan year; `capacity` empty: no cap on the link.
std::map<std::string, std::string> Corridor(const std::string& capacity, bool east_works) {
  return {
      {"regions.csv", "id,name\nwest,The West\neast,The East\n"},
      {"products.csv", "id,name,unit,group\nsteel,Steel,t,A\nfreight,Rail freight,t-km,A\n"},
      {"resources.csv", "id,name,unit\nlabour,Labour,person-years\n"},
      {"resource_availability.csv", "resource,year,quantity\nlabour,2001,100\n"},
      {"techniques.csv", "id,name\nsmelt,Smelting\nhaul,Hauling\nsmelt_east,Smelting (east)\n"},
      {"technique_outputs.csv",
       "technique,product,coefficient\nsmelt,steel,1\nhaul,freight,1\nsmelt_east,steel,1\n"},
      {"technique_resources.csv",
       "technique,resource,coefficient\nsmelt,labour,1\nhaul,labour,0.25\nsmelt_east,labour,2\n"},
      {"enterprises.csv",
       "id,name,kind,region\nworks,Western works,factory,west\nrailway,Railway,other,west\n"
       "eastworks,Eastern works,factory,east\n"},
      {"enterprise_techniques.csv",
       std::string("enterprise,technique,min_activity,max_activity\nworks,smelt,,\n"
                   "railway,haul,,\neastworks,smelt_east,0,") +
           (east_works ? "" : "0") + "\n"},
      {"final_demand.csv",
       "category,product,year,floor,target,region\nconsumption,steel,2001,0,1,east\n"},
      {"transport_links.csv",
       std::string(kLinkHeader) + "rail,west,east,steel,500,freight,0.002," + capacity + ",,,\n"}};
}

Plan Solve(const Model& model) {
  auto solved = SolvePlan(model, PlanOptions{});
  EXPECT_TRUE(solved.ok()) << solved.status().ToString();
  EXPECT_EQ(solved->status, PlanStatus::kOptimal) << solved->explanation;
  return solved.value();
}

ExplainReport Explain(const Model& model, const Plan& plan, ExplainSubject subject,
                      const std::string& id, const std::string& region = "") {
  ExplainOptions options;
  options.subject = subject;
  options.id = id;
  options.year = 2001;
  options.region = region;
  auto report = ExplainPlan(model, plan, options);
  EXPECT_TRUE(report.ok()) << report.status().ToString();
  return report.value();
}

const Limit* FindLimit(const ExplainReport& report, const std::string& kind) {
  for (const Limit& limit : report.limits.limits) {
    if (limit.kind == kind) return &limit;
  }
  return nullptr;
}

const Destination* FindDestination(const ExplainReport& report, const std::string& kind) {
  for (const Destination& d : report.destinations.destinations) {
    if (d.kind == kind) return &d;
  }
  return nullptr;
}

const ReducedCost* FindReducedCost(const Model& model, const ExplainReport& report,
                                   const std::string& enterprise) {
  for (const ReducedCost& rc : report.reduced_costs) {
    if (rc.enterprise >= 0 && model.enterprises[rc.enterprise].id == enterprise) return &rc;
  }
  return nullptr;
}

TEST(ExplainRegions, ProductIsPricedInItsRegionAndTechniquesInTheirs) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(scratch, kCorridorToml, Corridor("40", true));
  const Plan plan = Solve(model);
  ASSERT_NEAR(plan.objective, 65.0, kTolerance * 65);

  // The east: its own balance and price, the link's price identity and rent.
  const ExplainReport east = Explain(model, plan, ExplainSubject::kProduct, "steel", "east");
  EXPECT_EQ(east.region, model.region_index.at("east"));
  EXPECT_TRUE(east.regional_destinations);
  EXPECT_NEAR(east.limits.shadow_price, 1.0, kTolerance);
  EXPECT_NEAR(east.destinations.production, 25.0, kTolerance * 25);
  EXPECT_NEAR(east.destinations.transport_in, 40.0, kTolerance * 40);
  EXPECT_NEAR(east.destinations.supply, 65.0, kTolerance * 65);
  const Destination* consumed = FindDestination(east, "final");
  ASSERT_NE(consumed, nullptr);
  EXPECT_NEAR(consumed->quantity, 65.0, kTolerance * 65);
  EXPECT_NEAR(consumed->share, 1.0, kTolerance);
  const Limit* in = FindLimit(east, "transport_in");
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->id, "rail");
  EXPECT_NEAR(in->shadow_price, 1.0, kTolerance);  // 0.5 + 0.125 + 0.375
  const Limit* link = FindLimit(east, "link_capacity");
  ASSERT_NE(link, nullptr);
  EXPECT_NEAR(link->shadow_price, 0.375, kTolerance);
  // Only the east's maker is priced, at the east's prices: used, d = 0.
  ASSERT_EQ(east.reduced_costs.size(), 1u);
  EXPECT_EQ(east.reduced_costs[0].verdict, "used");
  EXPECT_NEAR(east.reduced_costs[0].outputs_value, 1.0, kTolerance);
  EXPECT_NEAR(east.reduced_costs[0].resource_cost, 1.0, kTolerance);

  // The west: the steel leaves by rail and fetches the east's price net of moving and rent.
  const ExplainReport west = Explain(model, plan, ExplainSubject::kProduct, "steel", "west");
  EXPECT_NEAR(west.limits.shadow_price, 0.5, kTolerance);
  const Destination* moved = FindDestination(west, "transport");
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(moved->id, "rail");
  EXPECT_NEAR(moved->quantity, 40.0, kTolerance * 40);
  EXPECT_NEAR(moved->share, 1.0, kTolerance);
  const Limit* out = FindLimit(west, "transport_out");
  ASSERT_NE(out, nullptr);
  EXPECT_NEAR(out->shadow_price, 0.5, kTolerance);  // 1 − 0.125 − 0.375

  // No region named: the first region's price, said so; national destinations; every region's
  // price; every maker priced at its own region's prices.
  const ExplainReport national = Explain(model, plan, ExplainSubject::kProduct, "steel");
  EXPECT_EQ(national.region, model.region_index.at("west"));
  EXPECT_FALSE(national.regional_destinations);
  EXPECT_NE(national.prices.find("The West"), std::string::npos) << national.prices;
  EXPECT_NEAR(national.limits.shadow_price, 0.5, kTolerance);
  EXPECT_NEAR(national.destinations.production, 65.0, kTolerance * 65);
  ASSERT_EQ(national.regions.size(), 2u);
  EXPECT_NEAR(national.regions[0].price, 0.5, kTolerance);
  EXPECT_NEAR(national.regions[1].price, 1.0, kTolerance);
  EXPECT_NEAR(national.regions[1].supply, 65.0, kTolerance * 65);
  const ReducedCost* eastworks = FindReducedCost(model, national, "eastworks");
  ASSERT_NE(eastworks, nullptr);
  EXPECT_EQ(eastworks->verdict, "used");
  EXPECT_NEAR(eastworks->reduced_cost, 0.0, kTolerance);
  EXPECT_EQ(eastworks->region, model.region_index.at("east"));
  const ReducedCost* works = FindReducedCost(model, national, "works");
  ASSERT_NE(works, nullptr);
  EXPECT_EQ(works->verdict, "used");

  // Freight (made and used in the west): the 40 t moved need 40 t-km, all used moving goods
  // between regions (the national destination), priced 0.125.
  const ExplainReport freight = Explain(model, plan, ExplainSubject::kProduct, "freight");
  EXPECT_NEAR(freight.limits.shadow_price, 0.125, kTolerance);
  const Destination* hauling = FindDestination(freight, "transport_use");
  ASSERT_NE(hauling, nullptr);
  EXPECT_NEAR(hauling->quantity, 40.0, kTolerance * 40);
  EXPECT_NEAR(hauling->share, 1.0, kTolerance);

  // A region that is not the model's, and a region for an enterprise: refused.
  ExplainOptions bad;
  bad.id = "steel";
  bad.year = 2001;
  bad.region = "north";
  EXPECT_FALSE(ExplainPlan(model, plan, bad).ok());
  bad.subject = ExplainSubject::kEnterprise;
  bad.id = "works";
  bad.region = "west";
  EXPECT_FALSE(ExplainPlan(model, plan, bad).ok());
}

// Read back from the plan folder (as `gosplan explain` reads it), the plan has the regional
// balances, prices and flows the solved plan had: explain no longer sees zero prices.
TEST(ExplainRegions, PlanFolderKeepsTheRegionalPrices) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(scratch, kCorridorToml, Corridor("40", true));
  const Plan plan = Solve(model);
  const std::string folder = scratch.path() + "/plan";
  ASSERT_TRUE(WritePlanFolder(model, plan, folder, false).ok());
  auto read = ReadPlanFolder(model, folder);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_EQ(read->regional_balances.size(), plan.regional_balances.size());
  for (std::size_t k = 0; k < plan.regional_balances.size(); ++k) {
    EXPECT_NEAR(read->regional_balances[k].price, plan.regional_balances[k].price, kTolerance);
    EXPECT_NEAR(read->regional_balances[k].production, plan.regional_balances[k].production,
                kTolerance * 100);
  }
  ASSERT_EQ(read->transport.size(), 1u);
  EXPECT_NEAR(read->transport[0].quantity, 40.0, kTolerance * 40);
  EXPECT_NEAR(read->transport[0].capacity, 40.0, kTolerance * 40);
  EXPECT_NEAR(read->transport[0].rent, 0.375, kTolerance);
  // The national price vector is the first region's, as SolvePlan leaves it (12 digits written).
  ASSERT_EQ(read->product_prices.size(), plan.product_prices.size());
  for (std::size_t k = 0; k < plan.product_prices.size(); ++k) {
    EXPECT_NEAR(read->product_prices[k], plan.product_prices[k], kTolerance);
  }
  EXPECT_NEAR(read->product_prices[model.product_index.at("steel")], 0.5, kTolerance);
  const ExplainReport east =
      Explain(model, read.value(), ExplainSubject::kProduct, "steel", "east");
  EXPECT_NEAR(east.limits.shadow_price, 1.0, kTolerance);
}

// The command line: the price explain states is the dual value regional_balances.csv holds for
// (steel, east, 2001), read here from the file's text; --region errors exit 2.
TEST(ExplainRegions, CommandLineStatesTheRegionsPrice) {
  ScratchFolder scratch;
  testing::LoadTables(scratch, kCorridorToml, Corridor("40", true));
  const std::string model = scratch.path() + "/model", plan = scratch.path() + "/plan";
  ASSERT_EQ(RunCli("plan -q '" + model + "' --out '" + plan + "'").exit_code, 0);
  // regional_balances.csv: header, then rows product,region,year,...,price,...
  std::stringstream file(ReadFile(plan + "/regional_balances.csv"));
  std::string line;
  std::getline(file, line);
  std::vector<std::string> header;
  {
    std::stringstream cells(line);
    std::string cell;
    while (std::getline(cells, cell, ',')) header.push_back(cell);
  }
  const auto price_column = std::find(header.begin(), header.end(), "price") - header.begin();
  double csv_price = -1;
  while (std::getline(file, line)) {
    if (line.rfind("steel,east,2001,", 0) != 0) continue;
    std::stringstream cells(line);
    std::string cell;
    for (long c = 0; c <= price_column; ++c) std::getline(cells, cell, ',');
    csv_price = std::stod(cell);
  }
  ASSERT_NEAR(csv_price, 1.0, kTolerance);  // by hand, above
  const auto json = RunCli("explain '" + model + "' '" + plan +
                           "' --product steel --year 2001 --region east --format json -q");
  ASSERT_EQ(json.exit_code, 0) << json.errors;
  const auto document = nlohmann::json::parse(json.output);
  EXPECT_EQ(document["region"], "east");
  EXPECT_NEAR(document["limits"]["shadow_price"].get<double>(), csv_price, 1e-12);
  const auto text = RunCli("explain '" + model + "' '" + plan + "' --product steel --year 2001 -q");
  ASSERT_EQ(text.exit_code, 0) << text.errors;
  EXPECT_NE(text.output.find("prices of The West (west)"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("by region in 2001"), std::string::npos) << text.output;

  const auto unknown = RunCli("explain '" + model + "' '" + plan +
                              "' --product steel --year 2001 --region north -q");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.errors.find("--region"), std::string::npos) << unknown.errors;
  const auto enterprise = RunCli("explain '" + model + "' '" + plan +
                                 "' --enterprise works --year 2001 --region west -q");
  EXPECT_EQ(enterprise.exit_code, 2);
}

TEST(ExplainTrade, ExportAndImportArePricedAtTheCurrencyPrice) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(
      scratch, "name = \"swap\"\nbase_year = 2000\nhorizon = 1\n\n[trade]\ncurrency = \"gold\"\n",
      {{"products.csv", "id,name,unit,group\ngrain,Grain,t,B\nmachinery,Machinery,units,A\n"},
       {"resources.csv", "id,name,unit\nlabour,Labour,person-years\n"},
       {"resource_availability.csv", "resource,year,quantity\nlabour,2001,100\n"},
       {"techniques.csv", "id,name\ngrow,Growing\nbuild,Building machines\n"},
       {"technique_outputs.csv",
        "technique,product,coefficient\ngrow,grain,1\nbuild,machinery,1\n"},
       {"technique_resources.csv",
        "technique,resource,coefficient\ngrow,labour,1\nbuild,labour,4\n"},
       {"enterprises.csv", "id,name,kind\nfarm,State farm,state_farm\nworks,Works,factory\n"},
       {"enterprise_techniques.csv", "enterprise,technique\nfarm,grow\nworks,build\n"},
       {"final_demand.csv",
        "category,product,year,floor,target\nconsumption,grain,2001,20,0\n"
        "investment,machinery,2001,0,1\n"},
       {"world_prices.csv",
        "product,year,export_price,import_price,max_export,max_import\n"
        "grain,2001,1,2,,\nmachinery,2001,,2,,10\n"}});
  const Plan plan = Solve(model);
  ASSERT_NEAR(plan.objective, 25.0, kTolerance * 25);
  const ExplainReport grain = Explain(model, plan, ExplainSubject::kProduct, "grain");
  EXPECT_NEAR(grain.currency_price, 0.25, kTolerance);
  EXPECT_NEAR(grain.limits.shadow_price, 0.25, kTolerance);
  const Limit* exported = FindLimit(grain, "export");
  ASSERT_NE(exported, nullptr);
  EXPECT_NEAR(exported->shadow_price, 0.25, kTolerance);  // pe·π = 1 × 0.25 = y[grain]
  const Destination* exports = FindDestination(grain, "exports");
  ASSERT_NE(exports, nullptr);
  EXPECT_NEAR(exports->quantity, 20.0, kTolerance * 20);
  EXPECT_NEAR(exports->share, 0.5, kTolerance);

  const ExplainReport machinery = Explain(model, plan, ExplainSubject::kProduct, "machinery");
  EXPECT_NEAR(machinery.destinations.imports, 10.0, kTolerance * 10);
  EXPECT_NEAR(machinery.destinations.supply, 25.0, kTolerance * 25);
  const Limit* imported = FindLimit(machinery, "import");
  ASSERT_NE(imported, nullptr);
  EXPECT_NEAR(imported->shadow_price, 0.5, kTolerance);  // pm·π = 2 × 0.25, below y = 1: the cap
  EXPECT_NE(imported->sentence.find("import limit"), std::string::npos) << imported->sentence;
}

// b − a of the difference of that key; NaN when the plans do not differ there.
double Find(const CompareReport& report, const std::string& kind, const std::string& id,
            const std::string& detail) {
  for (const Difference& d : report.differences) {
    if (d.kind == kind && d.id == id && d.detail == detail) return d.b - d.a;
  }
  return std::nan("");
}

// Capped link (A, λ = 65) against the open one (B, λ = 80), compared region by region.
TEST(CompareRegions, PricesAndFlowsPerRegion) {
  ScratchFolder scratch_a, scratch_b;
  const Model a = testing::LoadTables(scratch_a, kCorridorToml, Corridor("40", true));
  const Model b = testing::LoadTables(scratch_b, kCorridorToml, Corridor("", true));
  const Plan plan_a = Solve(a), plan_b = Solve(b);
  ASSERT_NEAR(plan_b.objective, 80.0, kTolerance * 80);
  auto compared = ComparePlans(a, plan_a, plan_b);
  ASSERT_TRUE(compared.ok()) << compared.status().ToString();
  const CompareReport& report = compared.value();
  EXPECT_NEAR(Find(report, "regional_price", "steel", "west"), 0.8 - 0.5, kTolerance);
  EXPECT_NEAR(Find(report, "regional_price", "freight", "west"), 0.2 - 0.125, kTolerance);
  EXPECT_TRUE(std::isnan(Find(report, "regional_price", "steel", "east")));  // 1 in both
  EXPECT_NEAR(Find(report, "regional_production", "steel", "west"), 80.0 - 40.0, 1e-6);
  EXPECT_NEAR(Find(report, "regional_production", "steel", "east"), 0.0 - 25.0, 1e-6);
  EXPECT_NEAR(Find(report, "transport", "rail", ""), 80.0 - 40.0, 1e-6);
  for (const Difference& d : report.differences) {
    EXPECT_NE(d.kind, "product_price") << "a regional plan has no national product price";
  }
}

// A what-if construction site on a regional model names its region: in the east it brings λ from
// 40 back to 65, in the west (behind the full link) it adds nothing; each equals a cold SolvePlan
// of the model with the site added field by field. Without a region on a two-region model the edit
// is refused, in the session and located in a what-if file.
TEST(WhatIfRegions, ConstructionSiteNamesItsRegion) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(scratch, kCorridorToml, Corridor("40", false));
  auto session = PlanningSession::Start(model, PlanOptions{});
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  ASSERT_NEAR(session.value()->base_plan().objective, 40.0, kTolerance * 40);
  for (const auto& [region, expected] :
       {std::pair{std::string("east"), 65.0}, std::pair{std::string("west"), 40.0}}) {
    ASSERT_TRUE(session.value()->Reset().ok());
    PlanEdit edit;
    edit.kind = PlanEditKind::kConstructionSite;
    edit.id = "newworks";
    edit.detail = "smelt_east";
    edit.value = kUnbounded;
    edit.region = region;
    ASSERT_TRUE(session.value()->Apply(edit).ok());
    auto warm = session.value()->Solve();
    ASSERT_TRUE(warm.ok()) << warm.status().ToString();
    EXPECT_EQ(warm->status, PlanStatus::kOptimal) << warm->explanation;
    EXPECT_NEAR(warm->objective, expected, kTolerance * expected) << region;
    // Cold: the model with the site added in code.
    Model edited = model;
    Enterprise site;
    site.id = "newworks";
    site.name = "newworks";
    site.kind = EnterpriseKind::kConstructionSite;
    site.region = region;
    edited.enterprises.push_back(site);
    edited.enterprise_index["newworks"] = static_cast<Index>(edited.enterprises.size() - 1);
    edited.enterprise_techniques.push_back({static_cast<Index>(edited.enterprises.size() - 1),
                                            edited.technique_index.at("smelt_east"), 0.0,
                                            kUnbounded});
    const Plan cold = Solve(edited);
    EXPECT_NEAR(warm->objective, cold.objective, kTolerance * expected) << region;
  }
  ASSERT_TRUE(session.value()->Reset().ok());
  PlanEdit nowhere{PlanEditKind::kConstructionSite, "newworks", "smelt_east", 0, kUnbounded};
  const Status refused = session.value()->Apply(nowhere);
  EXPECT_FALSE(refused.ok());
  EXPECT_NE(refused.ToString().find("region"), std::string::npos) << refused.ToString();

  // The what-if file: the missing region located at its line and column; an unknown region; a
  // region on another kind of edit.
  const std::string edits = scratch.Write("edits.csv",
                                          "edit,kind,id,detail,year,value,region\n"
                                          "a,construction_site,newworks,smelt_east,,,\n"
                                          "b,construction_site,newworks,smelt_east,,,north\n"
                                          "c,resource_availability,labour,,2001,90,east\n"
                                          "d,construction_site,newworks,smelt_east,,,east\n");
  auto read = ReadWhatIfFile(model, edits);
  ASSERT_FALSE(read.ok());
  const std::string message = read.status().ToString();
  EXPECT_NE(message.find(edits + ":2:7"), std::string::npos) << message;
  EXPECT_NE(message.find(edits + ":3:7"), std::string::npos) << message;
  EXPECT_NE(message.find(edits + ":4:7"), std::string::npos) << message;
  EXPECT_EQ(message.find(edits + ":5:"), std::string::npos) << message;
}

// `gosplan plan MODEL --what-if` with a regional construction site: exit 0 and the objective of a
// cold `gosplan plan` of the model folder with the site written into its CSV text.
TEST(WhatIfRegions, CommandLineAgreesWithColdPlan) {
  ScratchFolder scratch;
  testing::LoadTables(scratch, kCorridorToml, Corridor("40", false));
  const std::string model = scratch.path() + "/model";
  const std::string edits =
      scratch.Write("edits.csv",
                    "edit,kind,id,detail,year,value,region\n"
                    "east_site,construction_site,newworks,smelt_east,,,east\n");
  const auto warm = RunCli("plan -q '" + model + "' --what-if '" + edits + "' --format csv");
  ASSERT_EQ(warm.exit_code, 0) << warm.errors;
  // scenario,line,edits,status,objective,...: the second data row is the scenario.
  std::stringstream rows(warm.output);
  std::string header, base, scenario;
  std::getline(rows, header);
  std::getline(rows, base);
  std::getline(rows, scenario);
  ASSERT_EQ(scenario.rfind("east_site,", 0), 0u) << warm.output;
  std::vector<std::string> fields;
  {
    std::stringstream cells(scenario);
    std::string cell;
    while (std::getline(cells, cell, ',')) fields.push_back(cell);
  }
  ASSERT_GT(fields.size(), 4u);
  EXPECT_EQ(fields[3], "optimal");

  scratch.Write("model/enterprises.csv", ReadFile(model + "/enterprises.csv") +
                                             "newworks,newworks,construction_site,east\n");
  scratch.Write("model/enterprise_techniques.csv",
                ReadFile(model + "/enterprise_techniques.csv") + "newworks,smelt_east,0,\n");
  const auto cold = RunCli("plan -q '" + model + "' --format csv");
  ASSERT_EQ(cold.exit_code, 0) << cold.errors;
  double cold_objective = std::nan("");
  std::stringstream lines(cold.output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("objective,", 0) != 0) continue;
    std::vector<std::string> cells;
    std::stringstream split(line);
    std::string cell;
    while (std::getline(split, cell, ',')) cells.push_back(cell);
    cold_objective = std::stod(cells[3]);
  }
  EXPECT_NEAR(cold_objective, 65.0, kTolerance * 65);  // by hand, above
  EXPECT_NEAR(std::stod(fields[4]), cold_objective, kTolerance * 65);
}

// The session's base plan on examples/ussr-1928-regions carries the verdict `gosplan plan` gives
// (SolvePlan), with the same objective.
TEST(SessionRegions, BasePlanHasThePlanVerdict) {
  auto model = LoadModel(SourcePath("examples/ussr-1928-regions"));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto cold = SolvePlan(model.value(), PlanOptions{});
  ASSERT_TRUE(cold.ok()) << cold.status().ToString();
  auto session = PlanningSession::Start(model.value(), PlanOptions{});
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  const Plan& base = session.value()->base_plan();
  EXPECT_EQ(cold->status, PlanStatus::kOptimal) << cold->explanation;
  EXPECT_EQ(base.status, cold->status) << base.explanation;
  EXPECT_NEAR(base.objective, cold->objective, 1e-7 * std::abs(cold->objective));
}

}  // namespace
}  // namespace gosplan
