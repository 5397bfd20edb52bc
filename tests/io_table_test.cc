// IO table loading: the published Miller–Blair table and every class of bad input, through the library.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Dense>

#include "gosplan/io_table.h"
#include "test_support.h"

namespace gosplan {
namespace {

using ::testing::HasSubstr;
using testing::DataPath;
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
        BadCase{"non_numeric", std::string(kGoodHeader) + "a,1,x,3,6\nb,1,2,3,6\n", ":2:3:", "not a number"},
        BadCase{"nan", std::string(kGoodHeader) + "a,1,nan,3,6\nb,1,2,3,6\n", ":2:3:", "not a finite number"},
        BadCase{"inf", std::string(kGoodHeader) + "a,1,2,3,6\nb,inf,2,3,6\n", ":3:2:", "not a finite number"},
        BadCase{"negative_flow", std::string(kGoodHeader) + "a,-1,2,5,6\nb,1,2,3,6\n", ":2:2:", "negative"},
        BadCase{"ragged", std::string(kGoodHeader) + "a,1,2,3,6\nb,1,2\n", ":3:", "row has 3 fields"},
        BadCase{"missing_sector_row", "sector,a,b,c,fd\na,1,1,1,1\nc,1,1,1,1\nlabour,1,1,1,\n", ":1:3:",
                "sector 'b' has no row"},
        BadCase{"order", std::string(kGoodHeader) + "b,1,2,3,6\na,1,2,3,6\n", ":2:1:", "out of order"},
        BadCase{"empty_flow_cell", std::string(kGoodHeader) + "a,1,,3,4\nb,1,2,3,6\n", ":2:3:", "is empty"},
        BadCase{"unbalanced", std::string(kGoodHeader) + "a,1,2,3,7\nb,1,2,3,6\n", ":2:5:", "sum to 6"},
        BadCase{"zero_output_with_inputs", "sector,a,b,fd\na,0,0,0\nb,1,2,3\n", ":2:", "zero total output"},
        BadCase{"utf16", std::string("\xFF\xFE", 2) + "s\0e\0c\0", ":1:1:", "UTF-16"},
        BadCase{"no_rows", std::string(kGoodHeader), ":1:", "no rows"},
        BadCase{"no_sector_names", "sector,x,y\nlabour,1,2\n", ":1:2:", "no header column names a row"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

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
  const std::string path = scratch.Write("bad.csv", std::string(kGoodHeader) + "a,x,-2,3,6\nb,1,2,nan,6\n");
  auto table = LoadIoTable(path);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().diagnostics().total(), 3u) << table.status().ToString();
}

TEST(IoTableFinalDemand, ReadsSectorValue) {
  ScratchFolder scratch;
  auto table = LoadIoTable(DataPath("io/miller-blair-2009-2x2.csv"));
  ASSERT_TRUE(table.ok());
  auto y = LoadFinalDemand(scratch.Write("y.csv", "sector,value\nsector2,1500\nsector1,600\n"), table.value());
  ASSERT_TRUE(y.ok()) << y.status().ToString();
  EXPECT_EQ(y.value(), Eigen::Vector2d(600, 1500));
  const std::string bad = scratch.Write("bad.csv", "sector,value\nsector3,1\nsector1,x\nsector1,2\n");
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
  auto table = MakeIoTable("memory", {"a", "b"}, flows, {}, Eigen::MatrixXd(2, 0), Eigen::Vector2d(1, 1), {},
                           Eigen::MatrixXd(0, 2));
  ASSERT_FALSE(table.ok());
  EXPECT_THAT(table.status().ToString(), HasSubstr("intermediate flow 'a' -> 'b' is -1"));
}

}  // namespace
}  // namespace gosplan
