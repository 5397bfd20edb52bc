// Regions and transport (docs/planning-model.md, "Regions and transport"): regional balances,
// transport links with their transport product and capacity, the regional price property, the
// independent verifier, the loader's located errors and the unchanged LP of a model without
// regions, on models small enough to solve by hand.
//
// Model "corridor" (base year 2000, one plan year 2001, objective plan ray):
//  - regions west and east; products steel (t) and freight (t-km), neither storable;
//  - the works in the west make 1 t of steel per person-year; the railway in the west makes 1 t-km
//    of freight per 0.25 person-years; labour: 100 person-years (national);
//  - link rail: west → east, steel, 500 km at 0.002 t-km of freight per t and km, so κ = 1 t-km
//    of freight per tonne moved, taken from the west's freight balance;
//  - final demand: consumption of steel in the east, target 1 (final use ≥ λ), floor 0.
// By hand: a tonne of steel in the east costs 1 person-year of steel plus 1 t-km of freight =
// 0.25 person-years: 1.25 person-years, so λ = 100/1.25 = 80: 80 t made and moved, 80 t-km of
// freight made and used. Prices (maximise λ): the target row's price is 1 (λ's weight), and the
// east's steel is the final use's price, y[steel,east] = 1. Labour's price u: the steel works
// break even, y[steel,west] = u; the railway, y[freight,west] = 0.25·u; the link moves steel, so
// its reduced profit is 0: y[steel,east] = y[steel,west] + κ·y[freight,west] = 1.25·u = 1, u = 0.8,
// y[steel,west] = 0.8, y[freight,west] = 0.2: the east's price is the west's plus the transport
// cost c·(price of transport) = 1 × 0.2.
//
// Model "corridor" with a capacity of 40 t on the link and a second, worse works in the east
// (1 t of steel per 2 person-years): 40 t moved cost 40·1.25 = 50 person-years; the other 50 make
// 25 t in the east: λ = 65. The marginal tonne is made in the east: y[steel,east] = 2·u = 1,
// u = 0.5, y[steel,west] = 0.5, y[freight,west] = 0.125; the full link earns the rent
// μ = y[steel,east] − y[steel,west] − κ·y[freight,west] = 1 − 0.5 − 0.125 = 0.375 per tonne.
//
// Model "corridor" over two years (2001, 2002; 100 person-years each), capacity 40 and the
// east's works, where capacity can be built: 1 t a year more costs 0.1 t of steel from the west in
// the year building starts and is usable one year later (capacity started in 2002 would serve only
// after the plan). With n t of capacity started in 2001 (n ≤ 40): 2001 has 100 − 0.1·n
// person-years (the 0.1·n t of steel are made in the west), 40 t go by rail (50 person-years) and
// the rest is made in the east: λ[2001] = 40 + (50 − 0.1·n)/2 = 65 − 0.05·n; 2002 moves 40 + n t
// (1.25 person-years each) and makes the rest in the east: λ[2002] = 50 + 0.375·(40 + n). The sum
// 130 + 0.325·n grows with n up to n = 40, where 2002's labour is all used by rail (80 t = 100
// person-years); more capacity is idle and costs. So n = 40, 4 t of western steel accumulated in
// 2001, capacity 80 in 2002, λ = 63 and 80, objective 143.
#include "gosplan/regions.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "gosplan/model.h"
#include "gosplan/model_cache.h"
#include "gosplan/model_writer.h"
#include "gosplan/plan.h"
#include "gosplan/verify.h"
#include "steel_works_model.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::ScratchFolder;

constexpr double kTolerance = 1e-7;

constexpr const char* kToml = "name = \"corridor\"\nbase_year = 2000\nhorizon = 1\n";

std::map<std::string, std::string> Corridor(const std::string& links, bool east_works = false,
                                            int years = 1) {
  std::string labour = "resource,year,quantity\n";
  for (int t = 1; t <= years; ++t) labour += "labour," + std::to_string(2000 + t) + ",100\n";
  std::string demand = "category,product,year,floor,target,region\n";
  for (int t = 1; t <= years; ++t)
    demand += "consumption,steel," + std::to_string(2000 + t) + ",0,1,east\n";
  return {
      {"regions.csv", "id,name\nwest,The West\neast,The East\n"},
      {"products.csv", "id,name,unit,group\nsteel,Steel,t,A\nfreight,Rail freight,t-km,A\n"},
      {"resources.csv", "id,name,unit\nlabour,Labour,person-years\n"},
      {"resource_availability.csv", labour},
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
      {"final_demand.csv", demand},
      {"transport_links.csv", links}};
}

constexpr const char* kLinkHeader =
    "id,from_region,to_region,product,distance_km,transport_product,transport_per_unit_km,"
    "capacity,capacity_product,capacity_cost,construction_lag\n";

double Price(const Model& model, const Plan& plan, const std::string& product,
             const std::string& region, int t) {
  const Index G = RegionCount(model);
  const Index i = model.product_index.at(product), g = model.region_index.at(region);
  return plan.regional_balances[(i * G + g) * model.horizon() + t - 1].price;
}

const RegionalBalance& Balance(const Model& model, const Plan& plan, const std::string& product,
                               const std::string& region, int t) {
  const Index G = RegionCount(model);
  const Index i = model.product_index.at(product), g = model.region_index.at(region);
  return plan.regional_balances[(i * G + g) * model.horizon() + t - 1];
}

TEST(Regions, EastPriceIsWestPricePlusTransportCost) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(
      scratch, kToml,
      Corridor(std::string(kLinkHeader) + "rail,west,east,steel,500,freight,0.002,,,,\n"));
  ASSERT_EQ(RegionCount(model), 2);
  for (const SolverKind solver : {SolverKind::kClp, SolverKind::kPdlp}) {
    PlanOptions options;
    options.solver_kind = solver;
    options.pdlp.tolerance = 1e-8;
    auto solved = SolvePlan(model, options);
    ASSERT_TRUE(solved.ok()) << solved.status().ToString();
    const Plan& plan = solved.value();
    ASSERT_TRUE(HasPlan(plan.status)) << plan.explanation;
    const double tolerance = solver == SolverKind::kClp ? kTolerance : 1e-4;
    EXPECT_NEAR(plan.objective, 80.0, tolerance * 80);
    ASSERT_EQ(plan.transport.size(), 1u);
    EXPECT_NEAR(plan.transport[0].quantity, 80.0, tolerance * 80);
    EXPECT_NEAR(Balance(model, plan, "steel", "west", 1).production, 80.0, tolerance * 80);
    EXPECT_NEAR(Balance(model, plan, "steel", "west", 1).transport_out, 80.0, tolerance * 80);
    EXPECT_NEAR(Balance(model, plan, "steel", "east", 1).transport_in, 80.0, tolerance * 80);
    EXPECT_NEAR(Balance(model, plan, "freight", "west", 1).production, 80.0, tolerance * 80);
    EXPECT_NEAR(Balance(model, plan, "freight", "west", 1).transport_use, 80.0, tolerance * 80);
    EXPECT_NEAR(Price(model, plan, "steel", "east", 1), 1.0, tolerance);
    EXPECT_NEAR(Price(model, plan, "steel", "west", 1), 0.8, tolerance);
    EXPECT_NEAR(Price(model, plan, "freight", "west", 1), 0.2, tolerance);
    EXPECT_NEAR(plan.resource_prices[0], 0.8, tolerance);
    // The national balance holds the freight used by the link as intermediate use.
    const Index freight = model.product_index.at("freight");
    EXPECT_NEAR(plan.balances[freight].intermediate_use, 80.0, tolerance * 80);
  }
}

TEST(Regions, FullLinkEarnsARent) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(
      scratch, kToml,
      Corridor(std::string(kLinkHeader) + "rail,west,east,steel,500,freight,0.002,40,,,\n",
               /*east_works=*/true));
  auto solved = SolvePlan(model);
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  const Plan& plan = solved.value();
  ASSERT_EQ(plan.status, PlanStatus::kOptimal) << plan.explanation;
  EXPECT_NEAR(plan.objective, 65.0, kTolerance);
  EXPECT_NEAR(plan.transport[0].quantity, 40.0, kTolerance);
  EXPECT_NEAR(plan.transport[0].capacity, 40.0, kTolerance);
  EXPECT_NEAR(plan.transport[0].rent, 0.375, kTolerance);
  EXPECT_NEAR(Balance(model, plan, "steel", "east", 1).production, 25.0, kTolerance);
  EXPECT_NEAR(Price(model, plan, "steel", "east", 1), 1.0, kTolerance);
  EXPECT_NEAR(Price(model, plan, "steel", "west", 1), 0.5, kTolerance);
  EXPECT_NEAR(Price(model, plan, "freight", "west", 1), 0.125, kTolerance);
  // The gap is the transport cost plus the rent.
  EXPECT_NEAR(Price(model, plan, "steel", "east", 1) - Price(model, plan, "steel", "west", 1),
              1.0 * Price(model, plan, "freight", "west", 1) + plan.transport[0].rent, kTolerance);

  // The plan folder verifies independently; a tonne more over the full link does not.
  const std::string folder = scratch.path() + "/plan";
  ASSERT_TRUE(WritePlanFolder(model, plan, folder, false).ok());
  ASSERT_TRUE(std::filesystem::exists(folder + "/regional_balances.csv"));
  auto verdict = VerifyPlan(scratch.path() + "/model", folder);
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict.value().ok()) << VerifyTextReport(verdict.value());
  std::string transport = testing::ReadFile(folder + "/transport.csv");
  const std::string row = "rail,west,east,steel,2001,40,40,";
  const std::size_t at = transport.find(row);
  ASSERT_NE(at, std::string::npos) << transport;
  transport.replace(at, row.size(), "rail,west,east,steel,2001,41,40,");
  std::ofstream(folder + "/transport.csv", std::ios::binary) << transport;
  auto tampered = VerifyPlan(scratch.path() + "/model", folder);
  ASSERT_TRUE(tampered.ok()) << tampered.status().ToString();
  EXPECT_FALSE(tampered.value().ok());
  bool over_capacity = false, west_short = false;
  for (const Violation& v : tampered.value().violations) {
    over_capacity = over_capacity || v.message.find("beyond the capacity 40") != std::string::npos;
    west_short = west_short ||
                 (v.constraint == "balance" && v.message.find("The West") != std::string::npos);
  }
  EXPECT_TRUE(over_capacity) << VerifyTextReport(tampered.value());
  EXPECT_TRUE(west_short) << VerifyTextReport(tampered.value());
}

TEST(Regions, CapacityIsBuiltWhenItsRentPaysForIt) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(
      scratch, "name = \"corridor\"\nbase_year = 2000\nhorizon = 2\n",
      Corridor(std::string(kLinkHeader) + "rail,west,east,steel,500,freight,0.002,40,steel,0.1,1\n",
               /*east_works=*/true, /*years=*/2));
  auto solved = SolvePlan(model);
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  const Plan& plan = solved.value();
  ASSERT_EQ(plan.status, PlanStatus::kOptimal) << plan.explanation;
  EXPECT_NEAR(plan.objective, 143.0, kTolerance);
  ASSERT_EQ(plan.transport.size(), 2u);
  EXPECT_NEAR(plan.transport[0].capacity_started, 40.0, kTolerance);
  EXPECT_NEAR(plan.transport[1].capacity, 80.0, kTolerance);
  EXPECT_NEAR(plan.transport[1].quantity, 80.0, kTolerance);
  EXPECT_NEAR(Balance(model, plan, "steel", "west", 1).accumulation, 4.0, kTolerance);
  const std::string folder = scratch.path() + "/plan";
  ASSERT_TRUE(WritePlanFolder(model, plan, folder, false).ok());
  auto verdict = VerifyPlan(scratch.path() + "/model", folder);
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict.value().ok()) << VerifyTextReport(verdict.value());
}

// Without regions.csv the LP is the one of a model without regions: P·T balance rows. The
// corridor without regions.csv, transport links and the region column (the enterprises' region
// is free text again), one year: rows = 2 balances + 1 labour + 1 target mix = 4; columns = 3
// activities + 1 final use + λ = 5. One region gives the very same LP.
TEST(Regions, WithoutRegionsTheLpIsUnchanged) {
  auto tables = Corridor("");
  tables.erase("regions.csv");
  tables.erase("transport_links.csv");
  tables["final_demand.csv"] = "category,product,year,floor,target\nconsumption,steel,2001,0,1\n";
  ScratchFolder scratch;
  const Model model = testing::LoadTables(scratch, kToml, tables);
  EXPECT_EQ(RegionCount(model), 1);
  auto lp = BuildPlanLinearProgram(model, PlanOptions{});
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  EXPECT_EQ(lp.value().num_rows, 4);
  EXPECT_EQ(lp.value().num_columns, 5);

  // One region named by every enterprise: the same LP, entry by entry.
  tables["regions.csv"] = "id,name\nwest,The West\n";
  tables["enterprises.csv"] =
      "id,name,kind,region\nworks,Western works,factory,west\nrailway,Railway,other,west\n"
      "eastworks,Eastern works,factory,west\n";
  ScratchFolder one;
  const Model regional = testing::LoadTables(one, kToml, tables);
  auto same = BuildPlanLinearProgram(regional, PlanOptions{});
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same.value().num_rows, lp.value().num_rows);
  EXPECT_EQ(same.value().column_starts, lp.value().column_starts);
  EXPECT_EQ(same.value().row_indices, lp.value().row_indices);
  EXPECT_EQ(same.value().values, lp.value().values);
  EXPECT_EQ(same.value().row_lower, lp.value().row_lower);
}

TEST(Regions, LoaderNamesFileAndLine) {
  struct Case {
    std::string file, text, where, message;
    int line;
  };
  const std::string good_link = "rail,west,east,steel,500,freight,0.002,,,,\n";
  const std::vector<Case> cases = {
      {"enterprises.csv",
       "id,name,kind,region\nworks,Western works,factory,west\nrailway,Railway,other,north\n"
       "eastworks,Eastern works,factory,east\n",
       "enterprises.csv", "unknown region 'north'", 3},
      {"transport_links.csv",
       std::string(kLinkHeader) + "rail,west,south,steel,500,freight,0.002,,,,\n",
       "transport_links.csv", "unknown region 'south'", 2},
      {"transport_links.csv",
       std::string(kLinkHeader) + good_link + "back,east,west,steel,-5,freight,0.002,,,,\n",
       "transport_links.csv", "distance_km", 3},
      {"transport_links.csv",
       std::string(kLinkHeader) + "loop,west,west,steel,500,freight,0.002,,,,\n",
       "transport_links.csv", "to itself", 2},
      {"final_demand.csv", "category,product,year,floor,target\nconsumption,steel,2001,0,1\n",
       "final_demand.csv", "without a region", 2},
  };
  for (const Case& c : cases) {
    auto tables = Corridor(std::string(kLinkHeader) + good_link);
    tables[c.file] = c.text;
    ScratchFolder scratch;
    for (const auto& [name, text] : tables) scratch.Write("model/" + name, text);
    scratch.Write("model/model.toml", kToml);
    auto model = LoadModel(scratch.path() + "/model");
    ASSERT_FALSE(model.ok()) << c.message;
    const Diagnostic& first = model.status().diagnostics().list().front();
    EXPECT_NE(first.file.find(c.where), std::string::npos) << first.file;
    EXPECT_EQ(first.line, c.line) << model.status().ToString();
    EXPECT_NE(model.status().ToString().find(c.message), std::string::npos)
        << model.status().ToString();
  }
  // The CLI refuses such a model with exit status 2.
  ScratchFolder scratch;
  auto tables =
      Corridor(std::string(kLinkHeader) + "rail,west,south,steel,500,freight,0.002,,,,\n");
  for (const auto& [name, text] : tables) scratch.Write("model/" + name, text);
  scratch.Write("model/model.toml", kToml);
  const testing::CommandResult result =
      testing::RunCli("plan " + scratch.path() + "/model --out " + scratch.path() + "/plan");
  EXPECT_EQ(result.exit_code, 2) << result.errors;
  EXPECT_NE(result.errors.find("transport_links.csv:2"), std::string::npos) << result.errors;
  EXPECT_FALSE(std::filesystem::exists(scratch.path() + "/plan"));
}

// The writer and the binary cache keep regions, links and the final-demand region.
TEST(Regions, WriterAndCacheRoundTrip) {
  ScratchFolder scratch;
  const Model model =
      testing::LoadTables(scratch, kToml,
                          Corridor(std::string(kLinkHeader) +
                                   "rail,west,east,steel,500,freight,0.002,40,steel,0.1,2\n"));
  ASSERT_TRUE(WriteModelFolder(model, scratch.path() + "/copy", false).ok());
  auto copy = LoadModel(scratch.path() + "/copy");
  ASSERT_TRUE(copy.ok()) << copy.status().ToString();
  ASSERT_EQ(copy.value().regions.size(), 2u);
  ASSERT_EQ(copy.value().transport_links.size(), 1u);
  const TransportLink& link = copy.value().transport_links[0];
  EXPECT_EQ(link.id, "rail");
  EXPECT_EQ(copy.value().regions[link.to_region].id, "east");
  EXPECT_DOUBLE_EQ(link.TransportPerUnit(), 1.0);
  EXPECT_DOUBLE_EQ(link.capacity, 40.0);
  EXPECT_EQ(link.construction_lag, 2);
  EXPECT_EQ(copy.value().final_demand[0].region, copy.value().region_index.at("east"));
  LoadOptions cached;
  cached.cache = ModelCacheMode::kReadWrite;
  ASSERT_TRUE(LoadModel(scratch.path() + "/copy", cached).ok());
  ModelCacheReport report;
  cached.cache_report = &report;
  auto again = LoadModel(scratch.path() + "/copy", cached);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().transport_links.size(), 1u);
  EXPECT_EQ(again.value().final_demand[0].region, copy.value().final_demand[0].region);
  EXPECT_EQ(again.value().region_index.at("east"), 1);
}

// examples/ussr-1928-regions: the plan is optimal and verifies independently, every link obeys
// the regional price property (docs/planning-model.md), and the LP grows by what the regions add
// to examples/ussr-1928's 1,445 rows and 1,905 columns (docs/benchmarks.md), counted by hand:
//   rows: (G − 1)·P·T = 2·23·5 = 230 more balance rows; 2 limited links × 5 years = 10 capacity
//         rows; the 6 new eastern enterprises' 14 stock accounts (power and rail 2 capital goods
//         each, building 3) × 2 rows × 5 years = 140: 1,445 + 380 = 1,825;
//   columns: their 6 activities × 5 = 30 and 14 accounts × 2 × 5 = 140; 19 storable products ×
//         2 more regions × 5 = 190 carried stocks; 120 links × 5 = 600 flows; 2 extendable links ×
//         5 = 10 capacity starts: 1,905 + 970 = 2,875.
TEST(Regions, Ussr1928RegionsPlansVerifiesAndPricesItsLinks) {
  const std::string folder = testing::SourcePath("examples/ussr-1928-regions");
  auto model = LoadModel(folder);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  ASSERT_EQ(RegionCount(model.value()), 3);
  // 3 pairs of regions × 2 directions × 20 movable products (make_tables.py's WEIGHT_MT).
  EXPECT_NE(ModelTextSummary(model.value()).find("regions: 3, transport links: 120"),
            std::string::npos);
  auto solved = SolvePlan(model.value());
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  const Plan& plan = solved.value();
  ASSERT_EQ(plan.status, PlanStatus::kOptimal) << plan.explanation;
  EXPECT_EQ(plan.lp_rows, 1825);
  EXPECT_EQ(plan.lp_columns, 2875);
  ScratchFolder scratch;
  ASSERT_TRUE(WritePlanFolder(model.value(), plan, scratch.path() + "/plan", false).ok());
  auto verdict = VerifyPlan(folder, scratch.path() + "/plan");
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict.value().ok()) << VerifyTextReport(verdict.value());
  const Model& m = model.value();
  const int T = m.horizon();
  bool shuttle = false;
  for (const TransportFlow& flow : plan.transport) {
    const TransportLink& link = m.transport_links[flow.link];
    const auto price = [&](Index product, Index region) {
      return plan.regional_balances[(product * 3 + region) * T + flow.year - 1].price;
    };
    const double to = price(link.product, link.to_region);
    const double cost = price(link.product, link.from_region) +
                        link.TransportPerUnit() * price(link.transport_product, link.from_region) +
                        flow.rent;
    const double scale = 1e-6 * std::max(cost, 1e-6);
    EXPECT_LE(to, cost + scale) << link.id << " " << flow.year;
    if (flow.quantity > 1e-6) EXPECT_NEAR(to, cost, scale) << link.id << " " << flow.year;
    shuttle = shuttle || (link.id == "coal_kuzbass_urals" && flow.quantity > 0);
  }
  EXPECT_TRUE(shuttle) << "the plan hauls Kuznetsk coal to the Urals";
}

}  // namespace
}  // namespace gosplan
