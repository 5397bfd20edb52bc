// IO table loading: the published Miller–Blair table and every class of bad input, through the
// library.
#include "gosplan/io_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Dense>

#include "test_support.h"

namespace gosplan {
namespace {

using testing::DataPath;
using ::testing::HasSubstr;
using testing::ScratchFolder;

std::string AllDiagnostics(const Status& status) { return status.ToString(); }

TEST(IoTableLoad, MillerBlairTechnicalCoefficients) {
  auto table = LoadIoTable(DataPath("io/miller-blair-2009-2x2.csv"));
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->sectors, (std::vector<std::string>{"sector1", "sector2"}));
  EXPECT_EQ(table->final_demand_names, (std::vector<std::string>{"final_demand"}));
  EXPECT_EQ(table->primary_names, (std::vector<std::string>{"value_added", "labour"}));
  // Miller & Blair (2009) table 2.3: A = [[.15, .25], [.20, .05]].
  const Eigen::MatrixXd a = Eigen::MatrixXd(table->coefficients);
  EXPECT_NEAR(a(0, 0), 0.15, 1e-15);
  EXPECT_NEAR(a(0, 1), 0.25, 1e-15);
  EXPECT_NEAR(a(1, 0), 0.20, 1e-15);
  EXPECT_NEAR(a(1, 1), 0.05, 1e-15);
  EXPECT_DOUBLE_EQ(table->total_output(0), 1000.0);
  EXPECT_DOUBLE_EQ(table->total_output(1), 2000.0);
  EXPECT_DOUBLE_EQ(table->TotalFinalDemand()(1), 1700.0);
  // labour 300 / 1000 and 500 / 2000.
  EXPECT_DOUBLE_EQ(table->primary_coefficients(1, 0), 0.3);
  EXPECT_DOUBLE_EQ(table->primary_coefficients(1, 1), 0.25);
}

TEST(IoTableLoad, TotalOutputFromRowSumsWhenColumnAbsent) {
  ScratchFolder scratch;
  const std::string path = scratch.Write("t.csv",
                                         "sector,a,b,households\n"
                                         "a,1,2,7\n"
                                         "b,3,0,1\n"
                                         "labour,5,1,\n");
  auto table = LoadIoTable(path);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_DOUBLE_EQ(table->total_output(0), 10.0);
  EXPECT_DOUBLE_EQ(table->total_output(1), 4.0);
  EXPECT_DOUBLE_EQ(table->coefficients.coeff(1, 0), 0.3);  // 3 / 10
  EXPECT_DOUBLE_EQ(table->coefficients.coeff(0, 1), 0.5);  // 2 / 4
  EXPECT_EQ(table->coefficients.nonZeros(), 3);            // the zero flow b -> b is not stored
}

TEST(IoTableLoad, EurostatGermanyBalances) {
  auto table = LoadIoTable(DataPath("io/eurostat-germany-1995.csv"));
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->size(), 6);
  EXPECT_EQ(table->final_demand_names.size(), 5u);
  EXPECT_EQ(table->FindPrimary("gross_value_added"), 6);
  EXPECT_EQ(table->FindPrimary("employment"), 7);
}

// Every bad-input class: (file text, expected line:column, expected words).
struct BadCase {
  const char* name;
  std::string text;
  std::string place;  // ":line:column:" or ":line:"
  std::string words;
};

class IoTableBadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(IoTableBadInput, ReportsFileLineColumn) {
  ScratchFolder scratch;
  const BadCase& c = GetParam();
  const std::string path = scratch.Write("bad.csv", c.text);
  auto table = LoadIoTable(path);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidInput);
  const std::string text = AllDiagnostics(table.status());
  EXPECT_THAT(text, HasSubstr(path + c.place)) << text;
  EXPECT_THAT(text, HasSubstr(c.words)) << text;
}

const char kGoodHeader[] = "sector,a,b,fd,total_output\n";

INSTANTIATE_TEST_SUITE_P(
    Classes, IoTableBadInput,
    ::testing::Values(
        BadCase{"non_numeric", std::string(kGoodHeader) + "a,1,x,3,6\nb,1,2,3,6\n",
                ":2:3:", "not a number"},
        BadCase{"nan", std::string(kGoodHeader) + "a,1,nan,3,6\nb,1,2,3,6\n",
                ":2:3:", "not a finite number"},
        BadCase{"inf", std::string(kGoodHeader) + "a,1,2,3,6\nb,inf,2,3,6\n",
                ":3:2:", "not a finite number"},
        BadCase{"negative_flow", std::string(kGoodHeader) + "a,-1,2,5,6\nb,1,2,3,6\n",
                ":2:2:", "negative"},
        BadCase{"ragged", std::string(kGoodHeader) + "a,1,2,3,6\nb,1,2\n",
                ":3:", "row has 3 fields"},
        // Row c stands where b belongs; c is a later header column, so a sector is out of place.
        BadCase{"missing_sector_row", "sector,a,b,c,fd\na,1,1,1,1\nc,1,1,1,1\nlabour,1,1,1,\n",
                ":3:1:", "sector row 2 is labelled 'c' but sector column 2 is 'b'"},
        BadCase{"order", std::string(kGoodHeader) + "b,1,2,3,6\na,1,2,3,6\n", ":2:1:",
                "sector row 1 is labelled 'b' but sector column 1 is 'a' (expected the sector rows "
                "in the "
                "header's order ('b' is header column 3))"},
        BadCase{"empty_flow_cell", std::string(kGoodHeader) + "a,1,,3,4\nb,1,2,3,6\n",
                ":2:3:", "is empty"},
        // 9 against a row sum of 6: more than the unit (1) of the total's last digit and than 1e-4
        // relative.
        BadCase{"unbalanced", std::string(kGoodHeader) + "a,1,2,3,9\nb,1,2,3,6\n",
                ":2:5:", "sum to 6"},
        BadCase{"zero_output_with_inputs", "sector,a,b,fd\na,0,0,0\nb,1,2,3\n",
                ":2:", "zero total output"},
        BadCase{"utf16", std::string("\xFF\xFE", 2) + "s\0e\0c\0", ":1:1:", "UTF-16"},
        BadCase{"no_rows", std::string(kGoodHeader), ":1:", "no rows"},
        BadCase{"no_sector_names", "sector,x,y\nlabour,1,2\n",
                ":2:1:", "sector row 1 is labelled 'labour' but sector column 1 is 'x'"},
        BadCase{"no_sector_block", "sector,x,y\nlabour,,1\n", ":1:2:", "no sector block"},
        // Issue 10: the second sector row is labelled c while the header names b. The old loader
        // took b for a final-demand column and c for a primary row and analysed a 1-sector economy.
        BadCase{"issue10_c_for_b", "sector,a,b,households\na,1,2,7\nc,3,0,1\nwages,5,1,\n",
                ":3:1:", "sector row 2 is labelled 'c' but sector column 2 is 'b'"},
        // After a and b, row labour leaves its cells under c and fd empty (a primary row), so c is
        // read as a final-demand column; but row c has a number in every column and c is a header
        // column: out of place.
        BadCase{"sector_row_after_primary",
                "sector,a,b,c,fd\na,1,1,1,1\nb,1,1,1,1\nlabour,1,1,,\nc,1,1,1,1\n",
                ":5:1:", "a sector out of place"},
        // Row labour has a number under c: a flow to c, whose row comes later (line 5).
        BadCase{"sector_row_after_filled_primary",
                "sector,a,b,c,fd\na,1,1,1,1\nb,1,1,1,1\nlabour,1,1,1,\nc,1,1,1,1\n", ":4:1:",
                "sector row 3 is labelled 'labour' but sector column 3 is 'c' (expected the sector "
                "rows in the "
                "header's order ('c' labels the row on line 5))"},
        // Sector b's row is missing: row labour has a number under b (a flow to b, or labour's
        // value under a final-demand column b?). The old loader silently took b for final demand
        // and analysed 1 sector.
        BadCase{"missing_row_before_primary", "sector,a,b,fd\na,1,1,1\nlabour,1,1,\n",
                ":3:1:", "sector row 2 is labelled 'labour' but sector column 2 is 'b'"},
        // Without total_output, a column spelled "Total output" would be summed into final demand
        // and x.
        BadCase{"total_misnamed", "sector,a,b,fd,Total output\na,1,2,3,6\nb,1,2,3,6\n",
                ":1:5:", "looks like total output"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

// A 1-sector table: after a, the header goes on with households and the rows with wages, which
// leaves its cell under households empty (a primary row). x_a = 1 + 9 = 10, A = [0.1], wages per
// unit 5 / 10.
TEST(IoTableLayout, OneSectorTableWithPrimaryRow) {
  ScratchFolder scratch;
  auto table = LoadIoTable(scratch.Write("t.csv", "sector,a,households\na,1,9\nwages,5,\n"));
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->sectors, (std::vector<std::string>{"a"}));
  EXPECT_EQ(table->final_demand_names, (std::vector<std::string>{"households"}));
  EXPECT_EQ(table->primary_names, (std::vector<std::string>{"wages"}));
  EXPECT_DOUBLE_EQ(table->coefficients.coeff(0, 0), 0.1);
  EXPECT_DOUBLE_EQ(table->primary_coefficients(0, 0), 0.5);
  EXPECT_TRUE(table->warnings.empty());
}

// `imports` is both a final-demand column (negative: imports of final goods) and a primary row, as
// in many published tables. By hand: x_a = 1 + 2 + 10 − 3 = 10, x_b = 3 + 0 + 5 − 2 = 6, y = (10 −
// 3, 5 − 2) = (7, 3), A[b,a] = 3/10, A[a,b] = 2/6, imports per unit of a: 1/10. The old loader
// refused this with three wrong diagnostics (it took the imports column for a sector).
TEST(IoTableLayout, FinalDemandColumnAndPrimaryRowMayShareAName) {
  ScratchFolder scratch;
  const std::string path = scratch.Write("t.csv",
                                         "sector,a,b,households,imports,total_output\n"
                                         "a,1,2,10,-3,10\n"
                                         "b,3,0,5,-2,6\n"
                                         "imports,1,2,,,\n"
                                         "wages,4,2,,,\n");
  auto table = LoadIoTable(path);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->sectors, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(table->final_demand_names, (std::vector<std::string>{"households", "imports"}));
  EXPECT_EQ(table->primary_names, (std::vector<std::string>{"imports", "wages"}));
  EXPECT_EQ(table->TotalFinalDemand(), Eigen::Vector2d(7, 3));
  EXPECT_DOUBLE_EQ(table->coefficients.coeff(1, 0), 0.3);
  EXPECT_DOUBLE_EQ(table->coefficients.coeff(0, 1), 2.0 / 6.0);
  EXPECT_DOUBLE_EQ(table->primary_coefficients(0, 0), 0.1);
  EXPECT_TRUE(table->warnings.empty());
}

// Row wages has a number under households: a flow to a sector households or wages' value under a
// final-demand column households? The labels cannot tell. Refused, naming both, unless the layout
// is given.
TEST(IoTableLayout, AmbiguousMismatchNeedsTheExplicitOptions) {
  ScratchFolder scratch;
  const std::string path = scratch.Write("t.csv", "sector,a,households\na,1,9\nwages,5,0\n");
  auto inferred = LoadIoTable(path);
  ASSERT_FALSE(inferred.ok());
  EXPECT_THAT(
      inferred.status().ToString(),
      HasSubstr(path +
                ":3:1: sector row 2 is labelled 'wages' but sector column 2 is 'households'"));
  EXPECT_THAT(inferred.status().ToString(), HasSubstr("--final-demand-columns / --primary-rows"));

  IoTableOptions by_columns;
  by_columns.final_demand_columns = std::vector<std::string>{"households"};
  auto columns = LoadIoTable(path, by_columns);
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  EXPECT_EQ(columns->sectors, (std::vector<std::string>{"a"}));
  EXPECT_EQ(columns->primary_names, (std::vector<std::string>{"wages"}));
  EXPECT_DOUBLE_EQ(columns->total_output(0), 10.0);  // 1 + 9

  IoTableOptions by_rows;
  by_rows.primary_rows = std::vector<std::string>{"wages"};
  auto rows = LoadIoTable(path, by_rows);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->final_demand_names, (std::vector<std::string>{"households"}));
}

// With explicit lists the remaining rows and columns must pair up one to one by label.
TEST(IoTableLayout, ExplicitListsPairSectorsByLabel) {
  ScratchFolder scratch;
  const std::string path =
      scratch.Write("t.csv", "sector,a,b,households\na,1,2,7\nc,3,0,1\nwages,5,1,\n");
  IoTableOptions both;
  both.final_demand_columns = std::vector<std::string>{"households"};
  both.primary_rows = std::vector<std::string>{"wages"};
  auto paired = LoadIoTable(path, both);
  ASSERT_FALSE(paired.ok());
  EXPECT_THAT(paired.status().ToString(),
              HasSubstr(path + ":3:1: sector row 2 is labelled 'c' but sector column 2 is 'b'"));

  IoTableOptions unknown;
  unknown.final_demand_columns = std::vector<std::string>{"exports"};
  auto missing = LoadIoTable(path, unknown);
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().ToString(),
              HasSubstr("final-demand column 'exports' (--final-demand-columns) is not"));

  IoTableOptions
      misplaced;  // households listed, but b after it is not: the listed columns must come last
  misplaced.final_demand_columns = std::vector<std::string>{"a"};
  auto order = LoadIoTable(path, misplaced);
  ASSERT_FALSE(order.ok());
  EXPECT_THAT(order.status().ToString(),
              HasSubstr(path + ":1:2: final-demand column 'a' stands among the sector"));

  IoTableOptions
      rows_only;  // c is not listed as primary, so it must be sector 2, and column 2 is b
  rows_only.primary_rows = std::vector<std::string>{"wages"};
  auto by_rows = LoadIoTable(path, rows_only);
  ASSERT_FALSE(by_rows.ok());
  EXPECT_THAT(by_rows.status().ToString(),
              HasSubstr("sector row 2 is labelled 'c' but sector column 2 is 'b'"));

  IoTableOptions primary_unknown;
  primary_unknown.primary_rows = std::vector<std::string>{"profits"};
  auto no_row = LoadIoTable(path, primary_unknown);
  ASSERT_FALSE(no_row.ok());
  EXPECT_THAT(no_row.status().ToString(),
              HasSubstr("primary row 'profits' (--primary-rows) labels no row"));

  // A correct explicit layout loads: a,b are the sectors, households final demand, imports both.
  const std::string good = scratch.Write("good.csv",
                                         "sector,a,b,households,imports\n"
                                         "a,1,2,10,-3\n"
                                         "b,3,0,5,-2\n"
                                         "imports,1,2,0,0\n");
  IoTableOptions explicit_layout;
  explicit_layout.final_demand_columns = std::vector<std::string>{"households", "imports"};
  explicit_layout.primary_rows = std::vector<std::string>{"imports"};
  auto loaded = LoadIoTable(good, explicit_layout);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->sectors, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(loaded->primary_names, (std::vector<std::string>{"imports"}));
  // Inferred, the imports row (a number in every column, its label a later header column) is
  // refused.
  EXPECT_FALSE(LoadIoTable(good).ok());
}

// Statistics Netherlands' 2000 table (tests/data/SOURCES.md) prints services' total output as
// 435953; its cells sum to 2884 + 1078 + 28400 + 1404 + 9339 + 106994 + 126180 + 87409 + 16752 +
// 55512 = 435952 (rounding: relative 1/435953 = 2.29e-6, one unit of the last digit). The other
// five rows balance exactly. Accepted with one warning naming services (line 7, total_output is CSV
// column 12); x is the published total.
TEST(IoTableBalance, RoundedPublishedTableIsAcceptedWithAWarning) {
  const std::string path = DataPath("io/netherlands-2000.csv");
  auto table = LoadIoTable(path);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->size(), 6);
  EXPECT_EQ(table->total_output(5), 435953.0);
  ASSERT_EQ(table->warnings.size(), 1u);
  const std::string warning = table->warnings[0].ToString();
  EXPECT_THAT(
      warning,
      HasSubstr(path + ":7:12: total output of 'services' is 435953 but its flows and final "
                       "demand sum to 435952 (difference 1, relative 2.29e-06)"));
  // Even a strict relative tolerance accepts a difference of one unit of the last printed digit.
  IoTableOptions strict;
  strict.balance_tolerance = 1e-9;
  EXPECT_TRUE(LoadIoTable(path, strict).ok());
}

// miller-blair-2009-2x2-rounded.csv: the published table / 3 to two decimals (derivation in the
// file): row sector1 sums to 333.34 against 333.33, one unit (0.01) of the last digit, relative
// 0.01/333.34 = 3e-5.
TEST(IoTableBalance, HandRoundedTableWarnsOnceAndUsesThePublishedTotal) {
  const std::string path = DataPath("io/miller-blair-2009-2x2-rounded.csv");
  auto table = LoadIoTable(path);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->total_output(0), 333.33);
  EXPECT_DOUBLE_EQ(table->coefficients.coeff(0, 0), 50 / 333.33);
  ASSERT_EQ(table->warnings.size(), 1u);
  EXPECT_THAT(table->warnings[0].ToString(),
              HasSubstr(path + ":7:5: total output of 'sector1' is 333.33"));
  EXPECT_THAT(table->warnings[0].ToString(), HasSubstr("difference -0.01, relative 3e-05"));
}

// --balance-tolerance still decides beyond one unit of the last digit: a total of 1000.05 against a
// row sum of 1000 (difference 0.05 = 5 units of 0.01, relative 5e-5) is rounding at the default
// 1e-4 but refused at 1e-5 (allowed max(1e-5 · 1000.05, 0.01) = 0.01).
TEST(IoTableBalance, BalanceToleranceStillRefusesLargerDifferences) {
  ScratchFolder scratch;
  const std::string path = scratch.Write("t.csv",
                                         "sector,sector1,sector2,final_demand,total_output\n"
                                         "sector1,150,500,350,1000.05\n"
                                         "sector2,200,100,1700,2000\n");
  auto table = LoadIoTable(path);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ(table->warnings.size(), 1u);
  EXPECT_EQ(table->total_output(0), 1000.05);
  IoTableOptions strict;
  strict.balance_tolerance = 1e-5;
  auto refused = LoadIoTable(path, strict);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(
      refused.status().ToString(),
      HasSubstr(
          path +
          ":2:5: total output of 'sector1' is 1000.05 but its flows and final demand sum to 1000"));
}

// The unit of the last printed digit is the table's (its most precise number), not one total's:
// "7e3" against a row sum of 1000 + 6400 = 7400 differs by 400 (relative 400/7400 = 0.054 > 1e-4);
// the integers in the table have unit 1, so this is no rounding even though 7e3 alone is printed to
// thousands.
TEST(IoTableBalance, ACoarseTotalDoesNotExcuseALargeDifference) {
  ScratchFolder scratch;
  const std::string path = scratch.Write("t.csv", "sector,a,fd,total_output\na,1000,6400,7e3\n");
  auto table = LoadIoTable(path);
  ASSERT_FALSE(table.ok());
  EXPECT_THAT(
      table.status().ToString(),
      HasSubstr(path +
                ":2:4: total output of 'a' is 7000 but its flows and final demand sum to 7400"));
}

TEST(IoTableLoad, EmptyAndMissingFiles) {
  ScratchFolder scratch;
  const std::string empty = scratch.Write("empty.csv", "");
  auto table = LoadIoTable(empty);
  ASSERT_FALSE(table.ok());
  EXPECT_THAT(table.status().ToString(), HasSubstr(empty + ": file is empty"));
  auto missing = LoadIoTable(scratch.path() + "/nope.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().ToString(), HasSubstr("nope.csv: file not found"));
}

TEST(IoTableLoad, CollectsEveryProblemInOnePass) {
  ScratchFolder scratch;
  const std::string path =
      scratch.Write("bad.csv", std::string(kGoodHeader) + "a,x,-2,3,6\nb,1,2,nan,6\n");
  auto table = LoadIoTable(path);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().diagnostics().total(), 3u) << table.status().ToString();
}

TEST(IoTableFinalDemand, ReadsSectorValue) {
  ScratchFolder scratch;
  auto table = LoadIoTable(DataPath("io/miller-blair-2009-2x2.csv"));
  ASSERT_TRUE(table.ok());
  auto y = LoadFinalDemand(scratch.Write("y.csv", "sector,value\nsector2,1500\nsector1,600\n"),
                           table.value());
  ASSERT_TRUE(y.ok()) << y.status().ToString();
  EXPECT_EQ(y.value(), Eigen::Vector2d(600, 1500));
  const std::string bad =
      scratch.Write("bad.csv", "sector,value\nsector3,1\nsector1,x\nsector1,2\n");
  auto wrong = LoadFinalDemand(bad, table.value());
  ASSERT_FALSE(wrong.ok());
  const std::string text = wrong.status().ToString();
  EXPECT_THAT(text, HasSubstr(bad + ":2:1: unknown sector 'sector3'"));
  EXPECT_THAT(text, HasSubstr(bad + ":3:2:"));
  EXPECT_THAT(text, HasSubstr(bad + ":4:1: sector 'sector1' listed twice"));
}

TEST(IoTableMake, ChecksShapesAndSigns) {
  SparseMatrix flows(2, 2);
  flows.insert(0, 1) = -1.0;
  auto table = MakeIoTable("memory", {"a", "b"}, flows, {}, Eigen::MatrixXd(2, 0),
                           Eigen::Vector2d(1, 1), {}, Eigen::MatrixXd(0, 2));
  ASSERT_FALSE(table.ok());
  EXPECT_THAT(table.status().ToString(), HasSubstr("intermediate flow 'a' -> 'b' is -1"));
}

}  // namespace
}  // namespace gosplan
