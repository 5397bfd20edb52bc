// Supply and use tables: the reader (orientation, suppressed cells, totals, "Less:" lines, located
// errors), the four symmetric-table models on hand-derived 2- and 3-product tables, BEA 2021 (15
// and 71 industries) with the source's accounting identities, and the activity-analysis importer
// (the base year satisfies the imported model's rows, checked here from the model's own tables).
#include "gosplan/supply_use.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gosplan/io_table.h"
#include "gosplan/model.h"
#include "gosplan/model_writer.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::DataPath;
using ::testing::HasSubstr;
using testing::ScratchFolder;

// ---- The 2-product table (derivations below) ----
// Products p1, p2; industries I1, I2.
//   S = [[80, 20], [10, 90]]  (I1 makes 80 p1 + 10 p2, g1 = 90; I2 makes 20 p1 + 90 p2, g2 = 110;
//                              q = (100, 100))
//   U = [[20, 30], [15, 25]]  (u = (50, 40); column sums 35, 55)
//   W = value added = g − 1ᵀU = (55, 55);  y = q − u = (50, 60) (households).
// Product and industry balances hold, so the valuation residual is 0.
const char* kSupply2 = "supply,I1,I2\np1,80,20\np2,10,90\n";
const char* kMake2 = "make,p1,p2\nI1,80,10\nI2,20,90\n";  // the same, industries × products
const char* kUse2 =
    "use,I1,I2,households\n"
    "p1,20,30,50\n"
    "p2,15,25,60\n"
    "value added,55,55,\n";

SupplyUseTables Load(const ScratchFolder& scratch, const std::string& supply,
                     const std::string& use, const SupplyUseOptions& options = {}) {
  auto tables = LoadSupplyUse(scratch.Write("s.csv", supply), scratch.Write("u.csv", use), options);
  EXPECT_TRUE(tables.ok()) << tables.status().ToString();
  return tables.ok() ? tables.value() : SupplyUseTables{};
}

SymmetricTable Build(const SupplyUseTables& tables, SymmetricModel model,
                     NegativeFlows negatives = NegativeFlows::kKeep) {
  auto table = BuildSymmetricTable(tables, {model, negatives});
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  return table.ok() ? table.value() : SymmetricTable{};
}

void ExpectBalanced(const SymmetricTable& t) {
  EXPECT_LT(t.row_balance_error, 1e-12);
  EXPECT_LT(t.column_balance_error, 1e-12);
}

TEST(SupplyUse, ReadsTheTwoProductTable) {
  ScratchFolder scratch;
  const SupplyUseTables t = Load(scratch, kSupply2, kUse2);
  EXPECT_THAT(t.products, ::testing::ElementsAre("p1", "p2"));
  EXPECT_THAT(t.industries, ::testing::ElementsAre("I1", "I2"));
  EXPECT_FALSE(t.supply_was_make);
  EXPECT_EQ(t.supply(1, 0), 10.0);
  EXPECT_EQ(t.final_demand(1, 0), 60.0);
  EXPECT_THAT(t.primary_names, ::testing::ElementsAre("value added"));
  EXPECT_NEAR(t.ValuationResidual().cwiseAbs().maxCoeff(), 0.0, 1e-12);
}

TEST(SupplyUse, IndustryTechnologyByHand) {
  // Model B: Z = U·ĝ⁻¹·Sᵀ with ĝ⁻¹Sᵀ = [[80/90, 10/90], [20/110, 90/110]]:
  //   Z[p1,p1] = 20·80/90 + 30·20/110 = 2300/99;  Z[p1,p2] = 20·10/90 + 30·90/110 = 2650/99
  //   Z[p2,p1] = 15·80/90 + 25·20/110 = 590/33;   Z[p2,p2] = 15·10/90 + 25·90/110 = 730/33
  //   W* = 55·(80/90 + 20/110, 10/90 + 90/110) = (530/9, 460/9);  x* = q = (100, 100).
  ScratchFolder scratch;
  const SymmetricTable t =
      Build(Load(scratch, kSupply2, kUse2), SymmetricModel::kIndustryTechnology);
  ASSERT_EQ(t.flows.rows(), 2);
  EXPECT_NEAR(t.flows(0, 0), 2300.0 / 99, 1e-12);
  EXPECT_NEAR(t.flows(0, 1), 2650.0 / 99, 1e-12);
  EXPECT_NEAR(t.flows(1, 0), 590.0 / 33, 1e-12);
  EXPECT_NEAR(t.flows(1, 1), 730.0 / 33, 1e-12);
  EXPECT_NEAR(t.primary(0, 0), 530.0 / 9, 1e-12);
  EXPECT_NEAR(t.primary(0, 1), 460.0 / 9, 1e-12);
  EXPECT_EQ(t.total_output(0), 100.0);
  EXPECT_EQ(t.negatives.count, 0);
  ExpectBalanced(t);
}

TEST(SupplyUse, MakeTableGivesTheSameTable) {
  // The make table is S transposed: the labels say so (rows I1, I2 are the use table's industries).
  ScratchFolder scratch;
  const SupplyUseTables t = Load(scratch, kMake2, kUse2);
  EXPECT_TRUE(t.supply_was_make);
  const SymmetricTable b = Build(t, SymmetricModel::kIndustryTechnology);
  EXPECT_NEAR(b.flows(0, 1), 2650.0 / 99, 1e-12);
}

TEST(SupplyUse, ProductTechnologyByHand) {
  // Model A: Z = U·S⁻¹·q̂. det S = 80·90 − 20·10 = 7000, S⁻¹ = [[90, −20], [−10, 80]]/7000,
  // S⁻¹·q̂ = [[90, −20], [−10, 80]]/70:
  //   Z[p1,·] = (20·90 − 30·10, −20·20 + 30·80)/70 = (1500/70, 2000/70)
  //   Z[p2,·] = (15·90 − 25·10, −15·20 + 25·80)/70 = (1100/70, 1700/70)
  //   W* = 55·(90 − 10, −20 + 80)/70 = (4400/70, 3300/70).
  ScratchFolder scratch;
  const SymmetricTable t =
      Build(Load(scratch, kSupply2, kUse2), SymmetricModel::kProductTechnology);
  EXPECT_NEAR(t.flows(0, 0), 1500.0 / 70, 1e-12);
  EXPECT_NEAR(t.flows(0, 1), 2000.0 / 70, 1e-12);
  EXPECT_NEAR(t.flows(1, 0), 1100.0 / 70, 1e-12);
  EXPECT_NEAR(t.flows(1, 1), 1700.0 / 70, 1e-12);
  EXPECT_NEAR(t.primary(0, 0), 4400.0 / 70, 1e-12);
  EXPECT_NEAR(t.primary(0, 1), 3300.0 / 70, 1e-12);
  ExpectBalanced(t);
}

TEST(SupplyUse, ByProductTechnologyByHand) {
  // Secondary output becomes a negative input: Z = U − S_off = [[20, 30 − 20], [15 − 10, 25]] =
  // [[20, 10], [5, 25]]; x* = diag(S) = (80, 90); W* = W. Row p1: 20 + 10 + 50 = 80; column I1:
  // 20 + 5 + 55 = 80.
  ScratchFolder scratch;
  const SymmetricTable t =
      Build(Load(scratch, kSupply2, kUse2), SymmetricModel::kByProductTechnology);
  EXPECT_EQ(t.flows(0, 0), 20.0);
  EXPECT_EQ(t.flows(0, 1), 10.0);
  EXPECT_EQ(t.flows(1, 0), 5.0);
  EXPECT_EQ(t.flows(1, 1), 25.0);
  EXPECT_EQ(t.total_output(0), 80.0);
  EXPECT_EQ(t.total_output(1), 90.0);
  ExpectBalanced(t);
}

TEST(SupplyUse, FixedProductSalesByHand) {
  // Model D: market shares D = Sᵀ·q̂⁻¹ = [[0.8, 0.1], [0.2, 0.9]]; Z = D·U =
  // [[0.8·20 + 0.1·15, 0.8·30 + 0.1·25], [0.2·20 + 0.9·15, 0.2·30 + 0.9·25]] =
  // [[17.5, 26.5], [17.5, 28.5]]; final demand D·y = (0.8·50 + 0.1·60, 0.2·50 + 0.9·60) =
  // (46, 64); x* = g = (90, 110); W unchanged (55, 55).
  ScratchFolder scratch;
  const SymmetricTable t =
      Build(Load(scratch, kSupply2, kUse2), SymmetricModel::kFixedProductSales);
  EXPECT_THAT(t.sectors, ::testing::ElementsAre("I1", "I2"));
  EXPECT_NEAR(t.flows(0, 0), 17.5, 1e-12);
  EXPECT_NEAR(t.flows(0, 1), 26.5, 1e-12);
  EXPECT_NEAR(t.flows(1, 0), 17.5, 1e-12);
  EXPECT_NEAR(t.flows(1, 1), 28.5, 1e-12);
  EXPECT_NEAR(t.final_demand(0, 0), 46.0, 1e-12);
  EXPECT_NEAR(t.final_demand(1, 0), 64.0, 1e-12);
  EXPECT_EQ(t.total_output(1), 110.0);
  EXPECT_EQ(t.primary(0, 1), 55.0);
  ExpectBalanced(t);
}

// ---- The 3-product table: product technology gives negatives ----
//   S = [[100, 30, 0], [0, 50, 0], [0, 0, 60]]  (I2 makes 30 of p1 besides 50 of p2)
//   U = [[10, 0, 5], [0, 5, 5], [40, 2, 5]]     (I1 needs 0.4 of p3 per p1; I2 uses only 2 of p3)
//   g = (100, 80, 60), W = g − 1ᵀU = (50, 73, 45), q = (130, 50, 60), y = q − u = (115, 40, 13).
// S⁻¹ = [[0.01, −0.006, 0], [0, 0.02, 0], [0, 0, 1/60]], so A = U·S⁻¹ =
//   [[0.1, −0.06, 1/12], [0, 0.1, 1/12], [0.4, −0.2, 1/12]] and Z = A·q̂ =
//   [[13, −3, 5], [0, 5, 5], [52, −10, 5]]: two negatives (p1→p2 −3, p3→p2 −10; sum −13).
//   W* = W·S⁻¹·q̂ = (0.5, −0.3 + 1.46, 0.75)·q̂ = (65, 58, 45); column p2: −3 + 5 − 10 + 58 = 50.
const char* kSupply3 = "supply,I1,I2,I3\np1,100,30,0\np2,0,50,0\np3,0,0,60\n";
const char* kUse3 =
    "use,I1,I2,I3,final\n"
    "p1,10,0,5,115\n"
    "p2,0,5,5,40\n"
    "p3,40,2,5,13\n"
    "compensation,50,73,45,\n";

TEST(SupplyUse, ProductTechnologyNegativesReported) {
  ScratchFolder scratch;
  const SupplyUseTables tables = Load(scratch, kSupply3, kUse3);
  const SymmetricTable t = Build(tables, SymmetricModel::kProductTechnology);
  EXPECT_NEAR(t.flows(0, 0), 13.0, 1e-12);
  EXPECT_NEAR(t.flows(0, 1), -3.0, 1e-12);
  EXPECT_NEAR(t.flows(2, 0), 52.0, 1e-12);
  EXPECT_NEAR(t.flows(2, 1), -10.0, 1e-12);
  EXPECT_NEAR(t.primary(0, 1), 58.0, 1e-12);
  EXPECT_EQ(t.negatives.count, 2);
  EXPECT_NEAR(t.negatives.largest, -10.0, 1e-12);
  EXPECT_EQ(t.negatives.row, "p3");
  EXPECT_EQ(t.negatives.column, "p2");
  EXPECT_NEAR(t.negatives.total, -13.0, 1e-12);
  ExpectBalanced(t);
  // The IO layout refuses negative flows: nothing to write.
  EXPECT_FALSE(IoTableCsv(t, "x").ok());

  auto refused =
      BuildSymmetricTable(tables, {SymmetricModel::kProductTechnology, NegativeFlows::kError});
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().ToString(), HasSubstr("2 negative flow(s)"));
  EXPECT_THAT(refused.status().ToString(), HasSubstr("-10 from 'p3' to 'p2'"));
}

TEST(SupplyUse, ProductTechnologyNegativesRedistributed) {
  // Row p1: −3 clipped, positives 13 + 5 = 18 scaled by (18 − 3)/18 = 5/6 → (65/6, 0, 25/6).
  // Row p3: −10 clipped, positives 52 + 5 = 57 scaled by 47/57 → (52·47/57, 0, 5·47/57).
  // Column changes booked in the row "negatives redistributed" = −change: p2 gets −(3 + 10) = −13,
  // p1 gets 13/6 + 520/57, p3 gets 5/6 + 50/57.
  ScratchFolder scratch;
  const SymmetricTable t = Build(Load(scratch, kSupply3, kUse3), SymmetricModel::kProductTechnology,
                                 NegativeFlows::kRedistribute);
  EXPECT_NEAR(t.flows(0, 0), 65.0 / 6, 1e-12);
  EXPECT_EQ(t.flows(0, 1), 0.0);
  EXPECT_NEAR(t.flows(2, 0), 52.0 * 47 / 57, 1e-12);
  ASSERT_EQ(t.primary_names.back(), "negatives redistributed");
  const Index last = t.primary.rows() - 1;
  EXPECT_NEAR(t.primary(last, 1), -13.0, 1e-12);
  EXPECT_NEAR(t.primary(last, 0), 13.0 / 6 + 520.0 / 57, 1e-12);
  EXPECT_NEAR(t.primary(last, 2), 5.0 / 6 + 50.0 / 57, 1e-12);
  EXPECT_EQ(t.negatives.count, 2);  // reported before redistribution
  ExpectBalanced(t);
  // Now the table can be written, and LoadIoTable reads it back with the same outputs.
  auto text = IoTableCsv(t, "x");
  ASSERT_TRUE(text.ok());
  auto back = LoadIoTable(scratch.Write("t.csv", text.value()));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_NEAR(back->total_output(1), 50.0, 1e-9);
}

TEST(SupplyUse, ByProductTechnologyThreeProducts) {
  // Z = U − S_off: only S[p1,I2] = 30 is off the diagonal, so Z[p1,p2] = 0 − 30 = −30; x* = (100,
  // 50, 60); row p1: 10 − 30 + 5 + 115 = 100.
  ScratchFolder scratch;
  const SymmetricTable t =
      Build(Load(scratch, kSupply3, kUse3), SymmetricModel::kByProductTechnology);
  EXPECT_EQ(t.flows(0, 1), -30.0);
  EXPECT_EQ(t.total_output(0), 100.0);
  EXPECT_EQ(t.negatives.count, 1);
  ExpectBalanced(t);
}

// ---- Messy files ----

TEST(SupplyUse, SuppressedCellsTotalsAndLessLines) {
  // The 2-product table with zeros written as '---', 'x' and empty, totals as BEA writes them
  // (one checked column 'Total Intermediate' and 'Total use of products', a 'Total' row), value
  // added split into compensation 60 and 'Less: subsidies' 5 (so 55 = 60 − 5), a subtotal row.
  ScratchFolder scratch;
  const std::string supply =
      "Name,I1,I2,Total Commodity Output\np1,80,20,100\np2,10,90,100\np3,---,x,\n"
      "Total industry supply,90,110,200\n";
  const std::string use =
      "Name,I1,I2,Total Intermediate,households,Total use of products\n"
      "p1,20,30,50,50,100\n"
      "p2,15,25,40,60,100\n"
      "p3,---,,0,---,---\n"
      "Total Intermediate,35,55,90,110,200\n"
      "Compensation of employees,60,60,120,,\n"
      "Less: Other subsidies on production,5,5,10,,\n"
      "Value Added (basic prices),55,55,110,,\n"
      "Total industry output,90,110,200,,\n";
  const SupplyUseTables t = Load(scratch, supply, use);
  // Supply: p3's '---', 'x' and empty (3). Use: p3's '---', empty, '---', '---' (4; its 0 is a
  // number) and the two empty final-demand cells of each of the four rows below (8).
  EXPECT_EQ(t.suppressed_cells, 15);
  EXPECT_THAT(t.primary_names,
              ::testing::ElementsAre("Compensation of employees", "Other subsidies on production"));
  EXPECT_EQ(t.primary(1, 0), -5.0);
  EXPECT_TRUE(t.total_mismatches.empty());
  EXPECT_EQ(t.totals_checked.size(), 7u);
  const SymmetricTable b = Build(t, SymmetricModel::kIndustryTechnology);
  // p3 has no output: it leaves the product side as a primary row.
  EXPECT_THAT(b.sectors, ::testing::ElementsAre("p1", "p2"));
  EXPECT_NEAR(b.flows(0, 1), 2650.0 / 99, 1e-12);
}

TEST(SupplyUse, TotalOffItsSumIsReportedWithItsCell) {
  ScratchFolder scratch;
  const std::string use =
      "use,I1,I2,households,Total\n"
      "p1,20,30,50,107\n"  // 100 + 7: beyond rounding
      "p2,15,25,60,100\n"
      "value added,55,55,,\n";
  const SupplyUseTables t = Load(scratch, kSupply2, use);
  ASSERT_EQ(t.total_mismatches.size(), 1u);
  EXPECT_THAT(t.total_mismatches[0], HasSubstr("u.csv:2:5: total 'Total' is 107"));
}

TEST(SupplyUse, SkipRowsNamesATotalTheReaderDoesNotKnow) {
  // 'Sum' (= p1 + p2) is no total by name: read as a product, the supply table lacks it. Named in
  // skip_rows it is checked (35 = 20 + 15, 55 = 30 + 25, 110 = 50 + 60) and dropped.
  ScratchFolder scratch;
  const std::string use =
      "use,I1,I2,households\np1,20,30,50\np2,15,25,60\nSum,35,55,110\nvalue added,55,55,\n";
  auto unknown = LoadSupplyUse(scratch.Write("s.csv", kSupply2), scratch.Write("u.csv", use));
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().ToString(), HasSubstr("products of the use table it lacks: 'Sum'"));
  SupplyUseOptions options;
  options.skip_rows = {"sum"};  // case-insensitive
  const SupplyUseTables t = Load(scratch, kSupply2, use, options);
  EXPECT_THAT(t.products, ::testing::ElementsAre("p1", "p2"));
  EXPECT_TRUE(t.total_mismatches.empty());
}

TEST(SupplyUse, BadCellIsLocated) {
  ScratchFolder scratch;
  auto tables = LoadSupplyUse(scratch.Write("s.csv", kSupply2),
                              scratch.Write("u.csv",
                                            "use,I1,I2,households\np1,20,abc,50\n"
                                            "p2,15,25,60\nvalue added,55,55,\n"));
  ASSERT_FALSE(tables.ok());
  EXPECT_THAT(tables.status().ToString(), HasSubstr("u.csv:2:3: "));
  EXPECT_THAT(tables.status().ToString(), HasSubstr("'abc', not a number"));
}

TEST(SupplyUse, SameLabelsBothWaysIsAmbiguous) {
  // Products and industries with the same names in a square table: the labels cannot decide.
  ScratchFolder scratch;
  const std::string supply = "s,a,b\na,80,20\nb,10,90\n";
  const std::string use = "u,a,b,households\na,20,30,50\nb,15,25,60\nvalue added,55,55,\n";
  auto tables = LoadSupplyUse(scratch.Write("s.csv", supply), scratch.Write("u.csv", use));
  ASSERT_FALSE(tables.ok());
  EXPECT_THAT(tables.status().ToString(), HasSubstr("s.csv:1: cannot tell the supply table's"));
  SupplyUseOptions options;
  options.orientation = SupplyOrientation::kIndustriesByProducts;
  const SupplyUseTables t = Load(scratch, supply, use, options);
  EXPECT_TRUE(t.supply_was_make);
  EXPECT_EQ(t.supply(0, 1), 10.0);  // make row b, column a: b made 10 of a
}

TEST(SupplyUse, SupplyThatMatchesNothing) {
  ScratchFolder scratch;
  auto tables =
      LoadSupplyUse(scratch.Write("s.csv", "s,X,Y\nq,1,2\nr,3,4\n"), scratch.Write("u.csv", kUse2));
  ASSERT_FALSE(tables.ok());
  EXPECT_THAT(tables.status().ToString(), HasSubstr("do not match the use table's 2 products"));
}

TEST(SupplyUse, EurostatMarginAndTaxColumns) {
  // A supply table with the columns Eurostat publishes beside output (manual 2008, table 11.1):
  //   product  I1   I2   Total output  Imports  Trade and transport margins  Taxes less subsidies
  //   p1 goods 100   0   100           20       +30                          10    -> 160
  //   p2 trade   0  30    30            0       −30                           0    ->   0
  // and the use table at purchasers' prices: p1 used 40 by I1, 5 by I2, 115 final = 160; p2 (trade
  // services) is bought only through the goods' margins: 0. The product balance of the manual
  // (output + imports + margins + taxes = use) holds, so the valuation residual is 0. Model B with
  // a diagonal S gives Z = U = [[40, 5], [0, 0]], x = q = (100, 30), and final demand p1: 115 − 20
  // − 30 − 10 = 55 (row 40 + 5 + 55 = 100), p2: 0 + 30 (the margins, moved to the trade product by
  // the column's −30) = 30.
  ScratchFolder scratch;
  const std::string supply =
      "product,I1,I2,Total output,Imports,Trade and transport margins,Taxes less subsidies on "
      "products,Total supply at purchasers' prices\n"
      "p1,100,0,100,20,30,10,160\n"
      "p2,0,30,30,0,-30,0,0\n";
  const std::string use =
      "product,I1,I2,Total intermediate,Final consumption expenditure,Total use\n"
      "p1,40,5,45,115,160\n"
      "p2,0,0,0,0,0\n"
      "Compensation of employees,60,25,85,,\n"
      "Output at basic prices,100,30,130,,\n";
  const SupplyUseTables t = Load(scratch, supply, use);
  EXPECT_THAT(t.supply_extra_names, ::testing::ElementsAre("Imports", "Trade and transport margins",
                                                           "Taxes less subsidies on products"));
  EXPECT_TRUE(t.total_mismatches.empty());
  EXPECT_NEAR(t.ValuationResidual().cwiseAbs().maxCoeff(), 0.0, 1e-12);
  const SymmetricTable b = Build(t, SymmetricModel::kIndustryTechnology);
  EXPECT_EQ(b.flows(0, 0), 40.0);
  EXPECT_EQ(b.flows(1, 1), 0.0);
  EXPECT_EQ(b.total_output(1), 30.0);
  EXPECT_NEAR(b.final_demand.row(0).sum(), 55.0, 1e-12);
  EXPECT_NEAR(b.final_demand.row(1).sum(), 30.0, 1e-12);
  ExpectBalanced(b);
}

// ---- BEA 2021 ----

// Column `column` of the row labelled `label` in a BEA CSV, read independently of the library
// (plain split on commas outside quotes; '---' = 0).
double BeaCell(const std::string& path, const std::string& label, std::size_t column) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (char c : line) {
      if (c == '"')
        quoted = !quoted;
      else if (c == ',' && !quoted)
        fields.push_back(field), field.clear();
      else
        field.push_back(c);
    }
    fields.push_back(field);
    if (fields[0] == label) return fields[column] == "---" ? 0.0 : std::stod(fields[column]);
  }
  ADD_FAILURE() << label << " not in " << path;
  return 0.0;
}

TEST(SupplyUseBea, FifteenIndustriesIdentities) {
  const std::string make = DataPath("io/bea-2021/make_15.csv");
  const std::string use = DataPath("io/bea-2021/use_15.csv");
  auto loaded = LoadSupplyUse(make, use);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const SupplyUseTables& t = loaded.value();
  EXPECT_EQ(t.product_count(), 17);  // 15 + scrap + noncomparable imports
  EXPECT_EQ(t.industry_count(), 15);
  EXPECT_FALSE(t.supply_was_make);  // BEA's file is products × industries despite its name
  EXPECT_THAT(t.final_demand_names, ::testing::SizeIs(5));
  EXPECT_THAT(t.supply_extra_names,
              ::testing::ElementsAre("Imports", "CIF/FOB Adjustments on Imports"));
  // The source's identity per industry: total intermediate + value added = total industry output
  // (the published rows 'Total Intermediate', 'Value Added (basic prices)' and 'Total industry
  // output (basic prices)', read independently): within rounding (1 per term).
  const Eigen::VectorXd g = t.IndustryOutput();
  for (Index j = 0; j < t.industry_count(); ++j) {
    const std::size_t column = static_cast<std::size_t>(j) + 1;
    const double intermediate = BeaCell(use, "Total Intermediate", column);
    const double value_added = BeaCell(use, "Value Added (basic prices)", column);
    const double output = BeaCell(use, "Total industry output (basic prices)", column);
    EXPECT_NEAR(intermediate + value_added, output, 1.0);
    EXPECT_NEAR(t.use.col(j).sum(), intermediate, 17.0);
    EXPECT_NEAR(t.primary.col(j).sum(), value_added, 4.0);
    EXPECT_NEAR(g(j), output, 17.0);  // the supply table's column sums are the same outputs
  }
  // Published slips in the source, reported with their cells: 'Total use of products' of Finance
  // and of Professional services are 4289 below and 4290 above their rows' sums.
  ASSERT_EQ(t.total_mismatches.size(), 2u);
  EXPECT_THAT(t.total_mismatches[0], HasSubstr("use_15.csv:11:23: total 'Total use of products'"));
  EXPECT_THAT(t.total_mismatches[1], HasSubstr("use_15.csv:12:23:"));
  // Valuation: use at purchasers' prices exceeds supply at basic prices (plus imports): the
  // residual's total is Σ(total use) − Σ(total supply), both read from the published total
  // columns (with the two slips above, which cancel to 1).
  double total_use = 0, total_supply = 0;
  for (const std::string& product : t.products) {
    total_use += BeaCell(use, product, 22);
    total_supply += BeaCell(make, product, 19);
  }
  EXPECT_NEAR(t.ValuationResidual().sum(), total_use - total_supply, 40.0);
}

void ExpectBeaSymmetric(const SupplyUseTables& t, SymmetricModel model, double column_rounding) {
  auto built = BuildSymmetricTable(t, {model, NegativeFlows::kRedistribute});
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const SymmetricTable& s = built.value();
  // Product (row) balances: flows + final demand (including −imports and −margins and taxes) =
  // total output, to the accuracy of the LU solve (product technology) relative to the largest
  // output; columns: to the source's rounding.
  EXPECT_LT(s.row_balance_error, 1e-8) << ToString(model);
  EXPECT_LT(s.column_balance_error, column_rounding) << ToString(model);
  // Written in the IO layout and read back by LoadIoTable.
  auto text = IoTableCsv(s, "bea");
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  ScratchFolder scratch;
  auto back = LoadIoTable(scratch.Write("t.csv", text.value()));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->size(), static_cast<Index>(s.sectors.size()));
}

TEST(SupplyUseBea, FifteenIndustriesEveryModel) {
  auto t = LoadSupplyUse(DataPath("io/bea-2021/make_15.csv"), DataPath("io/bea-2021/use_15.csv"));
  ASSERT_TRUE(t.ok());
  for (SymmetricModel model :
       {SymmetricModel::kIndustryTechnology, SymmetricModel::kProductTechnology,
        SymmetricModel::kByProductTechnology, SymmetricModel::kFixedProductSales}) {
    ExpectBeaSymmetric(t.value(), model, 1e-6);
  }
  // Industry technology keeps the supply's product outputs: Agriculture's 'Total Commodity
  // Output' as published (column 17 of make_15.csv) is 547735.
  auto b = BuildSymmetricTable(t.value(), {SymmetricModel::kIndustryTechnology});
  ASSERT_TRUE(b.ok());
  EXPECT_NEAR(b->total_output(0), 547735.0, 1.0);
  // Fixed product sales keeps industry outputs: Agriculture's total industry output 543200.
  auto d = BuildSymmetricTable(t.value(), {SymmetricModel::kFixedProductSales});
  ASSERT_TRUE(d.ok());
  EXPECT_NEAR(d->total_output(0), 543200.0, 1.0);
}

TEST(SupplyUseBea, SeventyOneIndustriesEveryModel) {
  auto t = LoadSupplyUse(DataPath("io/bea-2021/make_71.csv"), DataPath("io/bea-2021/use_71.csv"));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->product_count(), 73);
  EXPECT_EQ(t->industry_count(), 71);
  EXPECT_EQ(t->industries[0], "111CA");            // the use table's codes
  EXPECT_EQ(t->industries_in_supply[0], "Farms");  // paired by position with the supply's names
  for (SymmetricModel model :
       {SymmetricModel::kIndustryTechnology, SymmetricModel::kProductTechnology,
        SymmetricModel::kByProductTechnology, SymmetricModel::kFixedProductSales}) {
    ExpectBeaSymmetric(t.value(), model, 1e-5);
  }
}

TEST(SupplyUseBea, SeventyOneIndustryFileLacksImports) {
  // make_71.csv has no Imports column: its last column (total supply) exceeds each row's sum by
  // the product's imports, reported as totals off their sums, and the valuation residual then
  // holds the imports too. The two tables describe the same economy, so the 71-industry residual
  // minus the 15-industry one is the 15-industry table's imports (its Imports column, read
  // independently): within rounding (1 per published cell, ~100 cells per product sum).
  auto t71 = LoadSupplyUse(DataPath("io/bea-2021/make_71.csv"), DataPath("io/bea-2021/use_71.csv"));
  auto t15 = LoadSupplyUse(DataPath("io/bea-2021/make_15.csv"), DataPath("io/bea-2021/use_15.csv"));
  ASSERT_TRUE(t71.ok() && t15.ok());
  EXPECT_TRUE(t71->supply_extra_names ==
              std::vector<std::string>{"CIF/FOB Adjustments on Imports"});
  EXPECT_EQ(t71->total_mismatches.size(), 46u);  // BEA's 2 use-table slips + 44 supply rows
  double imports = 0.0;
  const std::string make15 = DataPath("io/bea-2021/make_15.csv");
  for (const std::string& product : t15->products) imports += BeaCell(make15, product, 17);
  EXPECT_NEAR(t71->ValuationResidual().sum() - t15->ValuationResidual().sum(), imports, 200.0);
}

// ---- Activity analysis ----

TEST(SupplyUseImport, TwoProductModelByHand) {
  // Industry I1 per unit of output (g1 = 90): out p1 80/90, p2 10/90; in p1 20/90, p2 15/90; value
  // added 55/90. Households' target mix (50, 60); value added available 110 (55 + 55).
  ScratchFolder scratch;
  SupplyUseImportOptions options;
  options.unit_scale = 1.0;  // model units = table units
  auto imported =
      ImportSupplyUse(scratch.Write("s.csv", kSupply2), scratch.Write("u.csv", kUse2), options);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  const Model& m = imported->model;
  ASSERT_EQ(m.techniques.size(), 2u);  // no imports, no valuation gap: no bundles
  ASSERT_EQ(m.resources.size(), 1u);
  EXPECT_EQ(m.resources[0].id, "value_added");
  EXPECT_EQ(m.Availability(0, 1), 110.0);
  // With --resource-growth 0.1: 110·1.1^t in plan year t.
  options.resource_growth = 0.1;
  auto growing = ImportSupplyUse(scratch.path() + "/s.csv", scratch.path() + "/u.csv", options);
  ASSERT_TRUE(growing.ok());
  EXPECT_NEAR(growing->model.Availability(0, 2), 110.0 * 1.21, 1e-12);
  for (const Coefficient& c : m.outputs)
    if (c.technique == 0 && c.item == 1) EXPECT_NEAR(c.value, 10.0 / 90, 1e-15);
  for (const Coefficient& c : m.inputs)
    if (c.technique == 0 && c.item == 1) EXPECT_NEAR(c.value, 15.0 / 90, 1e-15);
  EXPECT_DOUBLE_EQ(m.enterprise_techniques[0].max_activity, 99.0);  // 90 · 1.1
  EXPECT_EQ(m.final_demand_categories, std::vector<std::string>{"households"});
  EXPECT_TRUE(WriteModelFolder(m, scratch.path() + "/model", false).ok());
  EXPECT_TRUE(LoadModel(scratch.path() + "/model").ok());
}

// The base year as a point of the imported model, checked against the model's own rows after a
// write and load: industries at their output (the use table's published 'Total industry output'),
// bundles at their capacity (the base year's amounts); model units are the tables' × unit_scale.
TEST(SupplyUseImport, BeaFifteenBaseYearSatisfiesTheModel) {
  const std::string use = DataPath("io/bea-2021/use_15.csv");
  SupplyUseImportOptions options;
  options.horizon = 2;
  auto imported = ImportSupplyUse(DataPath("io/bea-2021/make_15.csv"), use, options);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  ScratchFolder scratch;
  const std::string folder = scratch.path() + "/bea15";
  ASSERT_TRUE(WriteModelFolder(imported->model, folder, false).ok());
  auto loaded = LoadModel(folder);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const Model& m = loaded.value();
  std::vector<double> activity(m.techniques.size(), 0.0);
  std::size_t industries = 0;
  for (const EnterpriseTechnique& et : m.enterprise_techniques) {
    const Technique& technique = m.techniques[static_cast<std::size_t>(et.technique)];
    if (technique.id.rfind("bundle_", 0) == 0) {
      activity[static_cast<std::size_t>(et.technique)] = et.max_activity;
    } else {
      activity[static_cast<std::size_t>(et.technique)] =
          options.unit_scale * BeaCell(use, "Total industry output (basic prices)", industries + 1);
      ++industries;
      EXPECT_LE(activity[static_cast<std::size_t>(et.technique)], et.max_activity);
    }
  }
  ASSERT_EQ(industries, 15u);
  // Balances of year 1: production − intermediate use − final demand targets ≥ 0 (within the
  // source's rounding: 1 per published cell, ~20 cells a row).
  std::vector<double> net(m.products.size(), 0.0);
  for (const Coefficient& c : m.outputs)
    net[static_cast<std::size_t>(c.item)] +=
        c.value * activity[static_cast<std::size_t>(c.technique)];
  for (const Coefficient& c : m.inputs)
    net[static_cast<std::size_t>(c.item)] -=
        c.value * activity[static_cast<std::size_t>(c.technique)];
  for (const FinalDemand& f : m.final_demand)
    if (f.year == 1) net[static_cast<std::size_t>(f.product)] -= f.target;
  for (std::size_t i = 0; i < net.size(); ++i)
    EXPECT_GE(net[i], -40.0 * options.unit_scale) << m.products[i].name;
  // Resources of year 1.
  std::vector<double> used(m.resources.size(), 0.0);
  for (const Coefficient& c : m.resource_use)
    used[static_cast<std::size_t>(c.item)] +=
        c.value * activity[static_cast<std::size_t>(c.technique)];
  for (std::size_t r = 0; r < used.size(); ++r)
    EXPECT_LE(used[r], m.Availability(static_cast<Index>(r), 1) + 20.0 * options.unit_scale)
        << m.resources[r].name;
  EXPECT_EQ(m.resources.size(), 3u);  // compensation, other taxes on production, surplus
}

}  // namespace
}  // namespace gosplan
