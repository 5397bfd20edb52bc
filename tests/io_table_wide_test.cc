// IO tables with rows wider than 2048 cells, whose numbers LoadIoTable parses on the OpenMP
// threads: every cell lands in its place, and bad cells are reported in the order and with the
// words of the one-thread reader (tests/io_table_test.cc covers the narrow tables).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <string>

#include "gosplan/io_table.h"
#include "test_support.h"

namespace gosplan {
namespace {

using ::testing::HasSubstr;
using testing::ScratchFolder;

constexpr int kSectors = 2100;  // rows of 2102 cells: sector flows, fd, total_output

std::string Sector(int i) { return "s" + std::to_string(i); }

// Sector i sells 2 to itself and 1 to sector i+1 (cyclically), 7 to final demand: total output 10.
// Each sector buys 2 + 1 = 3 from sectors, so its value added is 10 − 3 = 7. `cell(i, j)` may
// replace the text of flow i → j.
template <typename Cell>
std::string WideTable(Cell cell) {
  std::string text = "sector";
  for (int j = 0; j < kSectors; ++j) text += "," + Sector(j);
  text += ",fd,total_output\n";
  for (int i = 0; i < kSectors; ++i) {
    text += Sector(i);
    for (int j = 0; j < kSectors; ++j) {
      const std::string replaced = cell(i, j);
      if (!replaced.empty()) {
        text += "," + (replaced == "<empty>" ? std::string() : replaced);
      } else {
        text += i == j ? ",2" : j == (i + 1) % kSectors ? ",1" : ",0";
      }
    }
    text += ",7,10\n";
  }
  text += "value_added";
  for (int j = 0; j < kSectors; ++j) text += ",7";
  text += ",,\n";
  return text;
}

TEST(IoTableWide, EveryCellInItsPlace) {
  ScratchFolder scratch;
  const std::string path =
      scratch.Write("wide.csv", WideTable([](int, int) { return std::string(); }));
  auto table = LoadIoTable(path);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ(table->size(), kSectors);
  // Two non-zero flows per row and per column: A[i,i] = 2/10, A[i,i+1] = 1/10.
  EXPECT_EQ(table->flows.nonZeros(), 2 * kSectors);
  EXPECT_EQ(table->coefficients.nonZeros(), 2 * kSectors);
  for (int i : {0, 1, 1047, kSectors - 1}) {
    const int next = (i + 1) % kSectors;
    EXPECT_EQ(table->flows.coeff(i, i), 2.0);
    EXPECT_EQ(table->flows.coeff(i, next), 1.0);
    EXPECT_DOUBLE_EQ(table->coefficients.coeff(i, i), 0.2);
    EXPECT_DOUBLE_EQ(table->coefficients.coeff(i, next), 0.1);
    EXPECT_EQ(table->total_output(i), 10.0);
    EXPECT_EQ(table->final_demand(i, 0), 7.0);
    EXPECT_DOUBLE_EQ(table->primary_coefficients(0, i), 0.7);
  }
  // Column sums of A: 0.3 each (every column buys 2 + 1 of 10).
  const Eigen::RowVectorXd column_sums =
      Eigen::RowVectorXd::Ones(kSectors) * Eigen::MatrixXd(table->coefficients);
  EXPECT_NEAR(column_sums.minCoeff(), 0.3, 1e-15);
  EXPECT_NEAR(column_sums.maxCoeff(), 0.3, 1e-15);
  EXPECT_TRUE(table->warnings.empty());
}

TEST(IoTableWide, BadCellsReportedInColumnOrderWithTheirPlace) {
  ScratchFolder scratch;
  // Row s5 (line 7) has "abc" under s1000 (CSV column 1002) and "inf" under s1500 (column 1502);
  // row s9 (line 11) has "1e400" under s2050 (column 2052).
  const std::string path = scratch.Write("bad.csv", WideTable([](int i, int j) -> std::string {
                                           if (i == 5 && j == 1000) return "abc";
                                           if (i == 5 && j == 1500) return "inf";
                                           if (i == 9 && j == 2050) return "1e400";
                                           return "";
                                         }));
  auto table = LoadIoTable(path);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidInput);
  const std::string text = table.status().ToString();
  const std::string first = path + ":7:1002: cell 's5' / 's1000' is 'abc', not a number";
  const std::string second = path + ":7:1502: cell 's5' / 's1500' is 'inf', not a finite number";
  const std::string third = path + ":11:2052: cell 's9' / 's2050' is '1e400', out of range";
  EXPECT_THAT(text, HasSubstr(first));
  EXPECT_THAT(text, HasSubstr(second));
  EXPECT_THAT(text, HasSubstr(third));
  EXPECT_LT(text.find(first), text.find(second));
  EXPECT_LT(text.find(second), text.find(third));
}

TEST(IoTableWide, EmptyFlowCellIsLocated) {
  ScratchFolder scratch;
  // Row s3 (line 5) leaves its cell under s2099 (CSV column 2101) empty.
  const std::string path = scratch.Write("empty.csv", WideTable([](int i, int j) -> std::string {
                                           return i == 3 && j == kSectors - 1 ? "<empty>" : "";
                                         }));
  auto table = LoadIoTable(path);
  ASSERT_FALSE(table.ok());
  EXPECT_THAT(table.status().ToString(), HasSubstr(path + ":5:2101: flow 's3' / 's2099' is empty"));
}

}  // namespace
}  // namespace gosplan
