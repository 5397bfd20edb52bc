// Foreign trade (docs/planning-model.md, "Foreign trade"): the plan LP with world prices, the
// currency balance with credit and interest, the independent verifier, the loader's located
// errors, the model writer and cache round trip, on models small enough to solve by hand.
//
// Model "swap" (base year 2000, one plan year 2001, objective plan ray):
//  - products grain (t) and machinery (units), neither storable;
//  - the farm grows 1 t of grain per person-year; the works make 1 machine per 4 person-years;
//  - labour: 100 person-years; final demand: consumption of grain ≥ 20 t; the target mix asks for
//    1 machine per unit of λ (final use of machinery ≥ λ);
//  - world prices in 2001 (currency units per unit): grain exported at 1 (imported at 2);
//    machinery imported at 2, at most 10 machines.
// By hand: a machine made at home costs 4 person-years; bought abroad it costs 2 currency units =
// 2 t of grain exported = 2 person-years, so the plan imports all it may: 10 machines for 20
// currency units, paid with 20 t of grain exported. Labour left: 100 − 20 (consumption) − 20
// (export grain) = 60 person-years = 15 machines made at home. λ = 10 + 15 = 25 (the objective).
// Activities: farm 40, works 15. Prices (maximise λ): the marginal machine is made at home, so
// y[machinery] = 1 (the target mix's unit) = 4·u and labour's price u = 0.25; grain is grown at
// the margin, y[grain] = u = 0.25; grain is exported at the margin (0 < 20 < no cap), so its
// reduced profit 1·π − y[grain] = 0 gives the currency's price π = 0.25 per unit. The import at its
// cap earns y[machinery] − 2·π = 0.5 > 0 per machine. Real exchange rate: a machine is worth y/π =
// 4 currency units to the plan (twice its world price: the import cap binds), a tonne of grain 1
// (its export price). Without the cap: 80 t of grain exported buy 40 machines, λ = 40.
//
// Model "credit" (base year 2000, plan years 2001–2002, plan ray with machinery wanted only in
// 2001, year 2002 has no target mix): the same techniques and prices, no cap on imports; labour
// 21 person-years in 2001 and 30 in 2002; consumption of grain ≥ 20 t in both years; [trade]
// credit_limit 100, interest_rate 0.25.
// By hand: 2001's labour grows 20 t for consumption and 1 t to export (making a machine at home,
// 4 person-years, is impossible with 1 left); 2002's labour grows 20 + 10 t, and the 10 t exported
// earn 10 currency units that repay the debt D[2001] with interest: 1.25·D = 10, D = 8 (within the
// limit 100; debt must be repaid by 2002). 2001's currency, 1 (export) + 8 (credit), buys 4.5
// machines: λ[2001] = 4.5, the objective. Without interest the same labour would repay 10 and buy
// 5.5. Prices: the import is made, so y[machinery, 2001] = 1 = 2·π[2001], π[2001] = 0.5; the debt
// is strictly inside its limit, so its reduced profit π[2001] − 1.25·π[2002] = 0, π[2002] = 0.4:
// a unit of currency in 2001 is worth 1 + r times one in 2002.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "gosplan/model.h"
#include "gosplan/model_writer.h"
#include "gosplan/plan.h"
#include "gosplan/replan.h"
#include "gosplan/verify.h"
#include "steel_works_model.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::ScratchFolder;

constexpr double kTolerance = 1e-7;

std::map<std::string, std::string> SwapTables(const std::string& world_prices) {
  return {
      {"products.csv", "id,name,unit,group\ngrain,Grain,t,B\nmachinery,Machinery,units,A\n"},
      {"resources.csv", "id,name,unit\nlabour,Labour,person-years\n"},
      {"resource_availability.csv", "resource,year,quantity\nlabour,2001,100\n"},
      {"techniques.csv", "id,name\ngrow,Growing\nbuild,Building machines\n"},
      {"technique_outputs.csv", "technique,product,coefficient\ngrow,grain,1\nbuild,machinery,1\n"},
      {"technique_resources.csv",
       "technique,resource,coefficient\ngrow,labour,1\nbuild,labour,4\n"},
      {"enterprises.csv", "id,name,kind\nfarm,State farm,state_farm\nworks,Works,factory\n"},
      {"enterprise_techniques.csv", "enterprise,technique\nfarm,grow\nworks,build\n"},
      {"final_demand.csv",
       "category,product,year,floor,target\nconsumption,grain,2001,20,0\n"
       "investment,machinery,2001,0,1\n"},
      {"world_prices.csv", world_prices}};
}

constexpr const char* kSwapToml =
    "name = \"swap\"\nbase_year = 2000\nhorizon = 1\n\n[trade]\ncurrency = \"gold roubles\"\n";
constexpr const char* kSwapPrices =
    "product,year,export_price,import_price,max_export,max_import\n"
    "grain,2001,1,2,,\nmachinery,2001,,2,,10\n";

double Output(const Model& model, const Plan& plan, const std::string& product, int year) {
  double total = 0.0;
  for (const ProductionTarget& target : plan.targets) {
    if (target.product == model.product_index.at(product) && target.year == year)
      total += target.quantity;
  }
  return total;
}

const TradeFlow& Flow(const Model& model, const Plan& plan, const std::string& product, int year) {
  for (const TradeFlow& flow : plan.trade) {
    if (flow.product == model.product_index.at(product) && flow.year == year) return flow;
  }
  ADD_FAILURE() << "no flow for " << product;
  return plan.trade.front();
}

TEST(Trade, GrainForMachineryUpToTheImportCap) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(scratch, kSwapToml, SwapTables(kSwapPrices));
  ASSERT_EQ(model.world_prices.size(), 2u);
  EXPECT_EQ(model.settings.trade_currency, "gold roubles");
  EXPECT_FALSE(model.world_prices[1].Exportable());
  auto solved = SolvePlan(model);
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  const Plan& plan = solved.value();
  ASSERT_EQ(plan.status, PlanStatus::kOptimal) << plan.explanation;
  EXPECT_NEAR(plan.objective, 25.0, kTolerance);
  EXPECT_NEAR(Flow(model, plan, "grain", 1).exports, 20.0, kTolerance);
  EXPECT_NEAR(Flow(model, plan, "grain", 1).imports, 0.0, kTolerance);
  EXPECT_NEAR(Flow(model, plan, "machinery", 1).imports, 10.0, kTolerance);
  EXPECT_NEAR(Output(model, plan, "grain", 1), 40.0, kTolerance);
  EXPECT_NEAR(Output(model, plan, "machinery", 1), 15.0, kTolerance);
  ASSERT_EQ(plan.currency.size(), 1u);
  EXPECT_NEAR(plan.currency[0].earnings, 20.0, kTolerance);
  EXPECT_NEAR(plan.currency[0].spending, 20.0, kTolerance);
  EXPECT_NEAR(plan.currency[0].price, 0.25, kTolerance);
  const Index grain = model.product_index.at("grain");
  const Index machinery = model.product_index.at("machinery");
  EXPECT_NEAR(plan.product_prices[grain], 0.25, kTolerance);
  EXPECT_NEAR(plan.product_prices[machinery], 1.0, kTolerance);
  // The real exchange rate: a machine is worth 4 currency units to the plan, grain 1.
  EXPECT_NEAR(plan.product_prices[machinery] / plan.currency[0].price, 4.0, kTolerance);
  EXPECT_NEAR(plan.balances[machinery].imports, 10.0, kTolerance);
  EXPECT_NEAR(plan.balances[grain].exports, 20.0, kTolerance);

  // Without the cap the whole 80 t of spare grain buy 40 machines.
  ScratchFolder open_scratch;
  const Model open = testing::LoadTables(
      open_scratch, kSwapToml,
      SwapTables("product,year,export_price,import_price\ngrain,2001,1,2\nmachinery,2001,,2\n"));
  auto open_plan = SolvePlan(open);
  ASSERT_TRUE(open_plan.ok());
  EXPECT_NEAR(open_plan.value().objective, 40.0, kTolerance);
  EXPECT_NEAR(Output(open, open_plan.value(), "machinery", 1), 0.0, kTolerance);
}

TEST(Trade, VerifyAcceptsThePlanAndRejectsATamperedFlow) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(scratch, kSwapToml, SwapTables(kSwapPrices));
  auto solved = SolvePlan(model);
  ASSERT_TRUE(solved.ok());
  const std::string folder = scratch.path() + "/plan";
  ASSERT_TRUE(WritePlanFolder(model, solved.value(), folder, false).ok());
  ASSERT_TRUE(std::filesystem::exists(folder + "/trade.csv"));
  ASSERT_TRUE(std::filesystem::exists(folder + "/currency.csv"));
  auto verdict = VerifyPlan(scratch.path() + "/model", folder);
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict.value().ok()) << VerifyTextReport(verdict.value());

  // The plan read back carries the flows.
  auto read = ReadPlanFolder(model, folder);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_NEAR(Flow(model, read.value(), "machinery", 1).imports, 10.0, kTolerance);

  // 11 machines imported instead of 10: over the cap, and 22 currency units spent against 20
  // earned.
  std::string trade = testing::ReadFile(folder + "/trade.csv");
  const std::string row = "machinery,2001,0,10,";
  const std::size_t at = trade.find(row);
  ASSERT_NE(at, std::string::npos) << trade;
  trade.replace(at, row.size(), "machinery,2001,0,11,");
  std::ofstream(folder + "/trade.csv", std::ios::binary) << trade;
  auto tampered = VerifyPlan(scratch.path() + "/model", folder);
  ASSERT_TRUE(tampered.ok()) << tampered.status().ToString();
  EXPECT_FALSE(tampered.value().ok());
  bool over_cap = false, currency_short = false;
  for (const Violation& v : tampered.value().violations) {
    over_cap = over_cap || v.message.find("exceed the limit 10") != std::string::npos;
    currency_short = currency_short || v.constraint == "currency";
  }
  EXPECT_TRUE(over_cap) << VerifyTextReport(tampered.value());
  EXPECT_TRUE(currency_short) << VerifyTextReport(tampered.value());
}

TEST(Trade, CreditIsRepaidWithInterest) {
  ScratchFolder scratch;
  auto tables = SwapTables(
      "product,year,export_price,import_price\ngrain,2001,1,2\nmachinery,2001,,2\n"
      "grain,2002,1,2\nmachinery,2002,,2\n");
  tables["resource_availability.csv"] = "resource,year,quantity\nlabour,2001,21\nlabour,2002,30\n";
  tables["final_demand.csv"] =
      "category,product,year,floor,target\nconsumption,grain,2001,20,0\n"
      "consumption,grain,2002,20,0\ninvestment,machinery,2001,0,1\n";
  const Model model = testing::LoadTables(
      scratch,
      "name = \"credit\"\nbase_year = 2000\nhorizon = 2\n\n[trade]\ncredit_limit = 100\n"
      "interest_rate = 0.25\n",
      tables);
  auto solved = SolvePlan(model);
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  const Plan& plan = solved.value();
  ASSERT_EQ(plan.status, PlanStatus::kOptimal) << plan.explanation;
  EXPECT_NEAR(plan.objective, 4.5, kTolerance);
  EXPECT_NEAR(Flow(model, plan, "machinery", 1).imports, 4.5, kTolerance);
  EXPECT_NEAR(Flow(model, plan, "grain", 1).exports, 1.0, kTolerance);
  EXPECT_NEAR(Flow(model, plan, "grain", 2).exports, 10.0, kTolerance);
  ASSERT_EQ(plan.currency.size(), 2u);
  EXPECT_NEAR(plan.currency[0].debt, 8.0, kTolerance);
  EXPECT_NEAR(plan.currency[1].debt, 0.0, kTolerance);
  EXPECT_NEAR(plan.currency[1].interest, 2.0, kTolerance);
  EXPECT_NEAR(plan.currency[0].price, 0.5, kTolerance);
  EXPECT_NEAR(plan.currency[1].price, 0.4, kTolerance);

  const std::string folder = scratch.path() + "/plan";
  ASSERT_TRUE(WritePlanFolder(model, plan, folder, false).ok());
  auto verdict = VerifyPlan(scratch.path() + "/model", folder);
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict.value().ok()) << VerifyTextReport(verdict.value());

  // Debt left at the end of the plan is refused by verify: tamper the last year's debt.
  std::string currency = testing::ReadFile(folder + "/currency.csv");
  const std::size_t at = currency.find("\n2002,");
  ASSERT_NE(at, std::string::npos);
  std::string line = currency.substr(at + 1, currency.find('\n', at + 1) - at - 1);
  // year,earnings,spending,debt,... : set debt to 3.
  std::size_t comma = 0;
  for (int k = 0; k < 3; ++k) comma = line.find(',', comma) + 1;
  const std::size_t end = line.find(',', comma);
  const std::string changed = line.substr(0, comma) + "3" + line.substr(end);
  currency.replace(at + 1, line.size(), changed);
  std::ofstream(folder + "/currency.csv", std::ios::binary) << currency;
  auto tampered = VerifyPlan(scratch.path() + "/model", folder);
  ASSERT_TRUE(tampered.ok());
  bool left = false;
  for (const Violation& v : tampered.value().violations)
    left = left || v.message.find("left at the end of the plan") != std::string::npos;
  EXPECT_TRUE(left) << VerifyTextReport(tampered.value());
}

// Debt inherited from before the plan ([trade] initial_debt D0 = 8, interest 0.25; the "swap"
// model, one year, so no new credit): year 1's currency row asks earnings − spending ≥ 1.25·8 = 10.
// By hand: 10 t of grain exported repay it (10 person-years); the import cap still pays (a machine
// abroad costs 2 t of grain = 2 person-years against 4 at home): 20 t more buy the 10 machines.
// Labour left: 100 − 20 (consumption) − 10 − 20 = 50 → 12.5 machines at home; λ = 22.5 (25 without
// the debt). The account shows interest 0.25·8 = 2 in year 1; verify accepts the plan, whose dual
// bound includes −π[1]·(1.25·D0) (the year-1 row's right-hand side).
TEST(Trade, InitialDebtIsRepaidFromTheFirstYear) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(
      scratch, std::string(kSwapToml) + "interest_rate = 0.25\ninitial_debt = 8\n",
      SwapTables(kSwapPrices));
  EXPECT_EQ(model.settings.initial_debt, 8.0);
  auto solved = SolvePlan(model);
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  const Plan& plan = solved.value();
  ASSERT_EQ(plan.status, PlanStatus::kOptimal) << plan.explanation;
  EXPECT_NEAR(plan.objective, 22.5, kTolerance);
  EXPECT_NEAR(Flow(model, plan, "grain", 1).exports, 30.0, kTolerance);
  EXPECT_NEAR(Flow(model, plan, "machinery", 1).imports, 10.0, kTolerance);
  ASSERT_EQ(plan.currency.size(), 1u);
  EXPECT_NEAR(plan.currency[0].interest, 2.0, kTolerance);
  EXPECT_NEAR(plan.currency[0].debt, 0.0, kTolerance);
  const std::string folder = scratch.path() + "/plan";
  ASSERT_TRUE(WritePlanFolder(model, plan, folder, false).ok());
  auto verdict = VerifyPlan(scratch.path() + "/model", folder);
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict.value().ok()) << VerifyTextReport(verdict.value());
  // Written back and read again, the debt is kept (model writer, model.toml [trade]).
  ASSERT_TRUE(WriteModelFolder(model, scratch.path() + "/copy", false).ok());
  auto again = LoadModel(scratch.path() + "/copy");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again.value().settings.initial_debt, 8.0);
}

// A re-plan inherits the currency position (include/gosplan/replan.h). The "credit" model with
// credit_limit 8, 40 person-years in 2002 and machinery wanted in both years with year weights 1
// and 0.5. By hand: 2001's 21 person-years grow 20 t to eat and 1 t to export; 2002's 40 grow 20 t
// to eat and 20 t to export. A unit of debt buys 0.5 machine in 2001 (worth 0.5) and costs 1.25
// currency = 0.625 machine in 2002 (worth 0.3125): borrow to the limit, D[2001] = 8; 2001: (1 +
// 8)/2 = 4.5 machines; 2002: (20 − 10)/2 = 5; objective 4.5 + 0.5·5 = 7. The farm reports 10.5 t
// for 2001 instead of 21: ρ = 1/2, so 2001's export was 0.5 t, 0.5 currency lost; no reserves, so
// it was borrowed: the re-plan from 2002 starts with debt 8.5, repays 1.25·8.5 = 10.625 with grain,
// and the 20 − 10.625 = 9.375 t left buy 4.6875 machines: objective 0.5·4.6875 = 2.34375 (the
// remainder of the old plan would be 2.5).
TEST(Trade, ReplanCarriesTheDebtAndTheLostExportEarnings) {
  ScratchFolder scratch;
  auto tables = SwapTables(
      "product,year,export_price,import_price\ngrain,2001,1,2\nmachinery,2001,,2\n"
      "grain,2002,1,2\nmachinery,2002,,2\n");
  tables["resource_availability.csv"] = "resource,year,quantity\nlabour,2001,21\nlabour,2002,40\n";
  tables["final_demand.csv"] =
      "category,product,year,floor,target\nconsumption,grain,2001,20,0\n"
      "consumption,grain,2002,20,0\ninvestment,machinery,2001,0,1\n"
      "investment,machinery,2002,0,1\n";
  const Model model = testing::LoadTables(
      scratch,
      "name = \"credit\"\nbase_year = 2000\nhorizon = 2\n\n[objective]\n"
      "year_weights = [1, 0.5]\n\n[trade]\ncredit_limit = 8\ninterest_rate = 0.25\n",
      tables);
  auto solved = SolvePlan(model);
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  const Plan& plan = solved.value();
  ASSERT_EQ(plan.status, PlanStatus::kOptimal) << plan.explanation;
  EXPECT_NEAR(plan.objective, 7.0, kTolerance);
  ASSERT_EQ(plan.currency.size(), 2u);
  EXPECT_NEAR(plan.currency[0].debt, 8.0, kTolerance);

  const std::vector<Actual> actuals = {
      {model.enterprise_index.at("farm"), model.product_index.at("grain"), 1, 10.5}};
  ReplanOptions options;
  options.from_year = 2002;
  auto result = Replan(model, plan, actuals, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const ActualState& state = result.value().state;
  EXPECT_TRUE(state.currency_carried);
  EXPECT_NEAR(state.earnings_lost, 0.5, kTolerance);
  EXPECT_NEAR(state.planned_debt, 8.0, kTolerance);
  EXPECT_NEAR(state.debt, 8.5, kTolerance);
  EXPECT_NEAR(state.reserves, 0.0, kTolerance);
  EXPECT_NEAR(result.value().model.settings.initial_debt, 8.5, kTolerance);
  const Plan& next = result.value().plan;
  ASSERT_EQ(next.status, PlanStatus::kOptimal) << next.explanation;
  EXPECT_NEAR(next.objective, 2.34375, kTolerance);
  EXPECT_NEAR(Flow(result.value().model, next, "grain", 1).exports, 20.0, kTolerance);
  EXPECT_NEAR(next.currency[0].interest, 0.25 * 8.5, kTolerance);
}

// The model writer writes world_prices.csv and [trade] back: the re-loaded model gives the same
// plan objective.
TEST(Trade, WriterRoundTrip) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(
      scratch, std::string(kSwapToml) + "credit_limit = 5\ninterest_rate = 0.1\n",
      SwapTables(kSwapPrices));
  const std::string copy = scratch.path() + "/copy";
  ASSERT_TRUE(WriteModelFolder(model, copy, false).ok());
  auto again = LoadModel(copy);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again.value().world_prices.size(), 2u);
  EXPECT_EQ(again.value().settings.trade_currency, "gold roubles");
  EXPECT_EQ(again.value().settings.credit_limit, 5.0);
  EXPECT_EQ(again.value().settings.interest_rate, 0.1);
  EXPECT_EQ(again.value().world_prices[1].max_import, 10.0);
  EXPECT_FALSE(again.value().world_prices[1].Exportable());
}

// Bad world prices are refused with file, line and column.
TEST(Trade, LoaderNamesFileLineAndColumn) {
  struct Case {
    std::string row;
    int column;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{{"steel,2001,1,2", 1, "steel"},
                                         {"grain,2001,-1,2", 3, "export price"},
                                         {"grain,2005,1,2", 2, "2005"},
                                         {"grain,2001,3,2", 3, "above the import price"}}) {
    ScratchFolder scratch;
    for (const auto& [name, text] :
         SwapTables("product,year,export_price,import_price\n" + c.row + "\n")) {
      scratch.Write("model/" + name, text);
    }
    scratch.Write("model/model.toml", kSwapToml);
    auto model = LoadModel(scratch.path() + "/model");
    ASSERT_FALSE(model.ok()) << c.row;
    const Diagnostic& first = model.status().diagnostics().list().front();
    EXPECT_NE(first.file.find("world_prices.csv"), std::string::npos) << first.file;
    EXPECT_EQ(first.line, 2) << c.row;
    EXPECT_EQ(first.column, c.column) << c.row << ": " << model.status().ToString();
    EXPECT_NE(model.status().ToString().find(c.message), std::string::npos)
        << model.status().ToString();
  }
  // A negative interest rate in model.toml, located.
  ScratchFolder scratch;
  for (const auto& [name, text] : SwapTables(kSwapPrices)) scratch.Write("model/" + name, text);
  scratch.Write("model/model.toml", std::string(kSwapToml) + "interest_rate = -0.1\n");
  auto model = LoadModel(scratch.path() + "/model");
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.status().ToString().find("trade.interest_rate"), std::string::npos)
      << model.status().ToString();
  EXPECT_EQ(model.status().diagnostics().list().front().line, 7);
}

// examples/ussr-1928-trade: the plan verifies independently, and every trade flow strictly inside
// its bounds is priced by complementary slackness (docs/planning-model.md, "Foreign trade"): an
// import made below its cap has y[i,t] = pm·π[t], an export made below its cap y[i,t] = pe·π[t], so
// value_in_currency equals the world price; a product not imported has y ≤ pm·π, not exported
// y ≥ pe·π. The debt must be zero at the end (the terminal choice).
TEST(Trade, Ussr1928TradeExamplePlansVerifiesAndPricesItsTrade) {
  const std::string folder = testing::SourcePath("examples/ussr-1928-trade");
  auto model = LoadModel(folder);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto solved = SolvePlan(model.value());
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  const Plan& plan = solved.value();
  ASSERT_EQ(plan.status, PlanStatus::kOptimal) << plan.explanation;
  ScratchFolder scratch;
  ASSERT_TRUE(WritePlanFolder(model.value(), plan, scratch.path() + "/plan", false).ok());
  auto verdict = VerifyPlan(folder, scratch.path() + "/plan");
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict.value().ok()) << VerifyTextReport(verdict.value());
  const int T = model.value().horizon();
  EXPECT_NEAR(plan.currency.back().debt, 0.0, kTolerance);
  bool imports = false;
  for (std::size_t k = 0; k < plan.trade.size(); ++k) {
    const TradeFlow& flow = plan.trade[k];
    const WorldPrice& price = model.value().world_prices[k];
    const double y = plan.product_prices[flow.product * T + flow.year - 1];
    const double pi = plan.currency[flow.year - 1].price;
    const double scale = 1e-6 * std::max(y, 1e-9);
    // Reduced profit of an import y − pm·π: ≤ 0 unless at its cap, ≥ 0 when made; of an export
    // pe·π − y: ≤ 0 unless at its cap, ≥ 0 when made.
    if (price.Importable()) {
      if (flow.imports < price.max_import - 1e-6)
        EXPECT_LE(y, price.import_price * pi + scale) << k;
      if (flow.imports > 1e-6) {
        EXPECT_GE(y + scale, price.import_price * pi) << k;
        imports = true;
      }
    }
    if (price.Exportable()) {
      if (flow.exports < price.max_export - 1e-6)
        EXPECT_GE(y + scale, price.export_price * pi) << k;
      if (flow.exports > 1e-6) EXPECT_LE(y, price.export_price * pi + scale) << k;
    }
  }
  EXPECT_TRUE(imports) << "the example imports machinery";
}

}  // namespace
}  // namespace gosplan
