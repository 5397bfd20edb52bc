// `gosplan io --supply/--use/--construct` and `gosplan import supply-use` end to end: hand-derived
// tables through the JSON, the written table read back by `gosplan io`, bad input located with exit
// 2, and the BEA 2021 15-industry tables imported, checked and planned: the plan reaches the base
// year's final demand (λ ≥ 1 in every plan year).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "json_doc_check.h"
#include "test_support.h"

namespace gosplan {
namespace {

using ::testing::HasSubstr;
using testing::RunCli;
using testing::ScratchFolder;
using testing::SourcePath;

std::string Quote(const std::string& path) { return "'" + path + "'"; }

// The 2-product table of supply_use_test.cc: S = [[80, 20], [10, 90]], U = [[20, 30], [15, 25]],
// value added (55, 55), households (50, 60).
const char* kSupply2 = "supply,I1,I2\np1,80,20\np2,10,90\n";
const char* kUse2 =
    "use,I1,I2,households\n"
    "p1,20,30,50\n"
    "p2,15,25,60\n"
    "value added,55,55,\n";
// The 3-product table whose product-technology table has two negative flows (−3 and −10).
const char* kSupply3 = "supply,I1,I2,I3\np1,100,30,0\np2,0,50,0\np3,0,0,60\n";
const char* kUse3 =
    "use,I1,I2,I3,final\n"
    "p1,10,0,5,115\n"
    "p2,0,5,5,40\n"
    "p3,40,2,5,13\n"
    "compensation,50,73,45,\n";

TEST(CliSupplyUse, FixedProductSalesJsonAndWrittenTable) {
  ScratchFolder scratch;
  const std::string supply = scratch.Write("s.csv", kSupply2);
  const std::string use = scratch.Write("u.csv", kUse2);
  const std::string table = scratch.path() + "/d.csv";
  const auto run = RunCli("io --supply " + Quote(supply) + " --use " + Quote(use) +
                          " --construct fixed-product-sales --write-table " + Quote(table) +
                          " --format json -q");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  const auto out = nlohmann::json::parse(run.output);
  EXPECT_EQ(out["schema"], "gosplan.io/1");
  EXPECT_EQ(out["sectors"], nlohmann::json({"I1", "I2"}));
  // Model D keeps the industries' outputs g = (90, 110) (column sums of S).
  EXPECT_NEAR(out["total_output"][0].get<double>(), 90.0, 1e-9);
  EXPECT_NEAR(out["total_output"][1].get<double>(), 110.0, 1e-9);
  EXPECT_EQ(out["construct"]["model"], "fixed-product-sales");
  EXPECT_EQ(out["construct"]["negatives"]["count"], 0);
  EXPECT_LT(out["construct"]["balance"]["rows"].get<double>(), 1e-12);
  // The written table reads back: Z = D·U = [[17.5, 26.5], [17.5, 28.5]] (derived in
  // supply_use_test.cc), so A[0,0] = 17.5/90.
  const auto back = RunCli("io " + Quote(table) + " --format json -q");
  ASSERT_EQ(back.exit_code, 0) << back.errors;
  const auto analysed = nlohmann::json::parse(back.output);
  EXPECT_NEAR(analysed["total_output"][1].get<double>(), 110.0, 1e-6);
  EXPECT_EQ(analysed["output_multipliers"], out["output_multipliers"]);
}

TEST(CliSupplyUse, ProductTechnologyNegatives) {
  ScratchFolder scratch;
  const std::string args = "io --supply " + Quote(scratch.Write("s.csv", kSupply3)) + " --use " +
                           Quote(scratch.Write("u.csv", kUse3)) +
                           " --construct product-technology -q";
  // Default: an error naming the count, the largest and where.
  const auto refused = RunCli(args);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.errors, HasSubstr("2 negative flow(s)"));
  EXPECT_THAT(refused.errors, HasSubstr("the largest -10 from 'p3' to 'p2'"));
  // keep: the construction reported alone (the Leontief analysis needs coefficients ≥ 0).
  const auto kept = RunCli(args + " --negatives keep --format json");
  ASSERT_EQ(kept.exit_code, 0) << kept.errors;
  const auto doc = nlohmann::json::parse(kept.output);
  EXPECT_EQ(doc["schema"], "gosplan.construct/1");
  // Its keys and types are those of its section in docs/json.md.
  EXPECT_EQ(testing::JoinMismatches(testing::JsonDocumentMismatches(kept.output)), "");
  EXPECT_EQ(doc["construct"]["negatives"]["count"], 2);
  EXPECT_EQ(doc["construct"]["negatives"]["largest"], -10.0);
  // keep cannot write the IO layout, which refuses negative flows.
  const auto write =
      RunCli(args + " --negatives keep --write-table " + Quote(scratch.path() + "/t.csv"));
  EXPECT_EQ(write.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(scratch.path() + "/t.csv"));
  // redistribute: analysed.
  const auto redistributed = RunCli(args + " --negatives redistribute");
  EXPECT_EQ(redistributed.exit_code, 0) << redistributed.errors;
  EXPECT_THAT(redistributed.output, HasSubstr("negatives redistributed"));
}

TEST(CliSupplyUse, BadInputIsLocated) {
  ScratchFolder scratch;
  const std::string supply = scratch.Write("s.csv", kSupply2);
  const std::string bad =
      scratch.Write("u.csv", "use,I1,I2,households\np1,20,30,50\np2,15,?,60\nvalue added,55,55,\n");
  const auto run = RunCli("io --supply " + Quote(supply) + " --use " + Quote(bad) +
                          " --construct "
                          "industry-technology");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.errors, HasSubstr("u.csv:3:3: "));
  const auto half = RunCli("io --supply " + Quote(supply) + " --construct industry-technology");
  EXPECT_EQ(half.exit_code, 2);
  EXPECT_THAT(half.errors, HasSubstr("--supply, --use and --construct go together"));
  const auto both = RunCli("io " + Quote(supply) + " --supply " + Quote(supply) + " --use " +
                           Quote(bad) + " --construct industry-technology");
  EXPECT_EQ(both.exit_code, 2);
}

TEST(CliSupplyUse, BeaFifteenEveryModelThroughTheCli) {
  const std::string args = "io --supply " + Quote(SourcePath("examples/bea-2021/make_15.csv")) +
                           " --use " + Quote(SourcePath("examples/bea-2021/use_15.csv")) +
                           " --format json -q --negatives redistribute --construct ";
  for (const char* model : {"industry-technology", "product-technology", "by-product-technology",
                            "fixed-product-sales"}) {
    const auto run = RunCli(args + model);
    ASSERT_EQ(run.exit_code, 0) << model << run.errors;
    const auto doc = nlohmann::json::parse(run.output);
    EXPECT_EQ(doc["construct"]["model"], model);
    EXPECT_EQ(doc["productive"], true) << model;
    // Rows balance to the solve's accuracy; columns to the source's rounding (1 in ~10^7).
    EXPECT_LT(doc["construct"]["balance"]["rows"].get<double>(), 1e-9) << model;
    EXPECT_LT(doc["construct"]["balance"]["columns"].get<double>(), 1e-6) << model;
    // Every primary row is a multiplier row and imports and margins sit in final demand, so the
    // columns' identity 1ᵀA + Σ_r w_r = 1 gives Σ_r (w_r·L) = 1ᵀ(I − A)·L = 1 for every sector
    // (to the source's rounding).
    const std::size_t n = doc["sectors"].size();
    for (std::size_t j = 0; j < n; ++j) {
      double sum = 0.0;
      for (const auto& [row, values] : doc["multipliers"].items()) sum += values[j].get<double>();
      EXPECT_NEAR(sum, 1.0, 1e-5) << model << " sector " << j;
    }
  }
}

TEST(CliSupplyUse, ImportBeaFifteenPlansTheBaseYear) {
  ScratchFolder scratch;
  const std::string model = scratch.path() + "/bea15";
  const auto imported =
      RunCli("import supply-use --supply " + Quote(SourcePath("examples/bea-2021/make_15.csv")) +
             " --use " + Quote(SourcePath("examples/bea-2021/use_15.csv")) + " --out " +
             Quote(model) + " --base-year 2021 --horizon 2 --format json -q");
  ASSERT_EQ(imported.exit_code, 0) << imported.errors;
  const auto summary = nlohmann::json::parse(imported.output);
  EXPECT_EQ(summary["schema"], "gosplan.supply_use/1");
  EXPECT_EQ(testing::JoinMismatches(testing::JsonDocumentMismatches(imported.output)), "");
  EXPECT_EQ(summary["industries"], 15);
  EXPECT_EQ(summary["products"], 17);
  const auto check = RunCli("model check " + Quote(model) + " -q");
  EXPECT_EQ(check.exit_code, 0) << check.errors;
  // The plan with the base year's final demand as target mix: every industry can run at its base
  // output (capacity 1.1 × base), so λ = 1 is feasible in every year; the bundles (imports,
  // margins and taxes) are capped at the base year, so λ cannot exceed 1 by much.
  const auto plan = RunCli("plan " + Quote(model) + " --out " + Quote(scratch.path() + "/plan") +
                           " --format json -q");
  ASSERT_EQ(plan.exit_code, 0) << plan.errors;
  const auto planned = nlohmann::json::parse(plan.output);
  EXPECT_EQ(planned["status"], "optimal");
  ASSERT_EQ(planned["fulfilment"].size(), 2u);
  for (const auto& year : planned["fulfilment"])
    EXPECT_GE(year["fulfilment"].get<double>(), 1.0 - 1e-6);
  // Existing folder: refused without --force, nothing changed.
  const auto again =
      RunCli("import supply-use --supply " + Quote(SourcePath("examples/bea-2021/make_15.csv")) +
             " --use " + Quote(SourcePath("examples/bea-2021/use_15.csv")) + " --out " +
             Quote(model) + " -q");
  EXPECT_EQ(again.exit_code, 2);
}

TEST(CliSupplyUse, ImportBeaSeventyOnePlansTheBaseYear) {
  // The 71-industry tables name industries by code in the use table and by name in the supply
  // table (paired by position); the plan reaches the base year's final demand in every year.
  ScratchFolder scratch;
  const std::string model = scratch.path() + "/bea71";
  const auto imported =
      RunCli("import supply-use --supply " + Quote(testing::DataPath("io/bea-2021/make_71.csv")) +
             " --use " + Quote(testing::DataPath("io/bea-2021/use_71.csv")) + " --out " +
             Quote(model) + " --horizon 2 -q");
  ASSERT_EQ(imported.exit_code, 0) << imported.errors;
  EXPECT_THAT(imported.output, HasSubstr("73 products, 71 industries"));
  const auto plan = RunCli("plan " + Quote(model) + " --out " + Quote(scratch.path() + "/plan") +
                           " --format json -q");
  ASSERT_EQ(plan.exit_code, 0) << plan.errors;
  const auto planned = nlohmann::json::parse(plan.output);
  EXPECT_EQ(planned["status"], "optimal");
  for (const auto& year : planned["fulfilment"])
    EXPECT_GE(year["fulfilment"].get<double>(), 1.0 - 1e-6);
}

TEST(CliSupplyUse, ImportCapitalStockGivesInvestment) {
  // The 2-product table with capital: I1 holds 45 of p1, I2 holds 55 of p2 (b = 0.5 per unit of
  // output); the model then has capital coefficients and initial stocks.
  ScratchFolder scratch;
  const std::string capital = scratch.Write("k.csv", "industry,p1,p2\nI1,45,0\nI2,0,55\n");
  const std::string model = scratch.path() + "/m";
  const auto run = RunCli("import supply-use --supply " + Quote(scratch.Write("s.csv", kSupply2)) +
                          " --use " + Quote(scratch.Write("u.csv", kUse2)) + " --out " +
                          Quote(model) + " --capital-stock " + Quote(capital) + " -q");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  EXPECT_THAT(run.output, ::testing::Not(HasSubstr("no capital-stock file")));
  const std::string coefficients = testing::ReadFile(model + "/technique_capital.csv");
  EXPECT_THAT(coefficients, HasSubstr("0.5"));
  EXPECT_EQ(RunCli("model check " + Quote(model) + " -q").exit_code, 0);
  // A capital-stock row that is not an industry is located.
  const std::string bad = scratch.Write("k2.csv", "industry,p1\nI9,1\n");
  const auto refused = RunCli("import supply-use --supply " + Quote(scratch.path() + "/s.csv") +
                              " --use " + Quote(scratch.path() + "/u.csv") + " --out " +
                              Quote(scratch.path() + "/m2") + " --capital-stock " + Quote(bad));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.errors, HasSubstr("k2.csv:2:1: row 'I9' is not an industry"));
}

}  // namespace
}  // namespace gosplan
