// util::CsvWriter (csv_writer.h) against util::CsvFile, the project's own reader: whatever the
// writer writes, the reader reads back field for field and number for number. Expected values are
// the written inputs themselves (an independent path: the reader), never the writer's bytes.
#include "util/csv_writer.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "gosplan/verify.h"
#include "steel_works_model.h"
#include "test_support.h"
#include "util/csv.h"

namespace gosplan::util {
namespace {

using gosplan::testing::ScratchFolder;

std::vector<std::vector<std::string>> ReadBack(const std::string& path) {
  auto file = CsvFile::Open(path);
  EXPECT_TRUE(file.ok()) << file.status().ToString();
  std::vector<std::vector<std::string>> rows;
  if (!file.ok()) return rows;
  rows.push_back(file.value().header());
  Diagnostics diagnostics;
  CsvRow row;
  while (file.value().Next(row, diagnostics))
    rows.emplace_back(row.fields.begin(), row.fields.end());
  EXPECT_TRUE(diagnostics.empty()) << Status::InvalidInput(std::move(diagnostics)).ToString();
  return rows;
}

// Fields the reader would split, trim, unescape or skip if they were written bare.
const std::vector<std::string> kAwkward = {"plain",
                                           "a,b",
                                           "say \"hi\"",
                                           "\"",
                                           "\"\"",
                                           "two\nlines",
                                           "cr\r",
                                           "crlf\r\n",
                                           "\r\nlead",
                                           " lead",
                                           "trail ",
                                           "\tlead tab",
                                           "trail tab\t",
                                           "  both  ",
                                           "#hash",
                                           " #blank hash",
                                           "in#side",
                                           "",
                                           " ",
                                           ",",
                                           "stahl\xC3\xBC",
                                           "\xD0\xA1\xD0\xA1\xD0\xA1\xD0\xA0",
                                           "\xF0\x9F\x8F\xAD factory",
                                           "'single'",
                                           "a\"b",
                                           "end\"",
                                           "x,\"y\"\n,z"};

// Each awkward field in every position of a three-field row (the first position decides comments
// and blank lines), plus rows of one field: header and rows come back unchanged.
TEST(CsvWriterTest, AwkwardFieldsRoundTripThroughTheReader) {
  for (const std::string& field : kAwkward) {
    std::string text;
    CsvWriter csv(text);
    csv.Header("first", "second", "third");
    csv.Text(field).Text("x").Text("y").EndRow();
    csv.Text("x").Text(field).Text("y").EndRow();
    csv.Text("x").Text("y").Text(field).EndRow();
    csv.Text(field).Text(field).Text(field).EndRow();
    ScratchFolder scratch;
    const auto rows = ReadBack(scratch.Write("t.csv", text));
    const std::vector<std::vector<std::string>> expected = {{"first", "second", "third"},
                                                            {field, "x", "y"},
                                                            {"x", field, "y"},
                                                            {"x", "y", field},
                                                            {field, field, field}};
    EXPECT_EQ(rows, expected) << "field '" << field << "' written as:\n" << text;
  }
}

TEST(CsvWriterTest, SingleColumnTablesKeepEmptyAndCommentLikeRows) {
  std::string text;
  CsvWriter csv(text);
  csv.Header("name");
  for (const std::string& field : kAwkward) csv.Text(field).EndRow();
  ScratchFolder scratch;
  const auto rows = ReadBack(scratch.Write("t.csv", text));
  ASSERT_EQ(rows.size(), kAwkward.size() + 1) << text;
  for (std::size_t k = 0; k < kAwkward.size(); ++k) EXPECT_EQ(rows[k + 1][0], kAwkward[k]);
}

// A header whose names need quoting (e.g. balances.csv's final_<category> columns).
TEST(CsvWriterTest, HeaderNamesRoundTrip) {
  std::string text;
  CsvWriter csv(text);
  csv.Header("#id", "final_a,b", " x");
  csv.Integer(1).Integer(-2).Integer(3).EndRow();
  ScratchFolder scratch;
  const auto rows = ReadBack(scratch.Write("t.csv", text));
  const std::vector<std::vector<std::string>> expected = {{"#id", "final_a,b", " x"},
                                                          {"1", "-2", "3"}};
  EXPECT_EQ(rows, expected);
}

// Every finite double comes back bit for bit through ParseNumber (std::from_chars, an independent
// conversion); -0 is written as 0, and infinities and NaN as an empty cell.
// A deterministic spread over the exponent range, `count` values and their negatives / 3:
// x_{k+1} = x_k * 7.3 + 1/k, wrapped below 1e300.
void AddSpreadOverTheExponents(int count, std::vector<double>* values) {
  double x = 1e-300;
  for (int k = 1; k <= count; ++k) {
    x = x * 7.3 + 1.0 / k;
    if (x > 1e300) x = 1e-300 * k;
    values->push_back(x);
    values->push_back(-x / 3.0);
  }
}

TEST(CsvWriterTest, NumbersRoundTripBitForBit) {
  constexpr double kMax = std::numeric_limits<double>::max();
  std::vector<double> values = {1.0,
                                0.1,
                                1.0 / 3.0,
                                -2.5,
                                1e300,
                                kMax,
                                -kMax,
                                5e-324 /* denormal */,
                                2.2250738585072014e-308 /* smallest normal */,
                                123456789012345678.0,
                                0.30000000000000004,
                                6.02214076e23};
  AddSpreadOverTheExponents(2000, &values);
  std::string text;
  CsvWriter csv(text);
  csv.Header("value");
  for (double v : values) csv.Number(v).EndRow();
  ScratchFolder scratch;
  const auto rows = ReadBack(scratch.Write("t.csv", text));
  ASSERT_EQ(rows.size(), values.size() + 1);
  for (std::size_t k = 0; k < values.size(); ++k) {
    const auto back = ToFiniteNumber(rows[k + 1][0]);
    ASSERT_TRUE(back.has_value()) << rows[k + 1][0];
    EXPECT_EQ(std::bit_cast<std::uint64_t>(*back), std::bit_cast<std::uint64_t>(values[k]))
        << values[k] << " written as " << rows[k + 1][0];
  }
  EXPECT_EQ(CsvNumber(-0.0), "0");
  EXPECT_EQ(CsvNumber(0.0), "0");
  EXPECT_EQ(CsvNumber(std::numeric_limits<double>::infinity()), "");
  EXPECT_EQ(CsvNumber(-std::numeric_limits<double>::infinity()), "");
  EXPECT_EQ(CsvNumber(std::nan("")), "");
  // The shortest form: 0.1 is "0.1", not 0.1000000000000000055511151231257827 (its exact value).
  EXPECT_EQ(CsvNumber(0.1), "0.1");
  EXPECT_EQ(CsvNumber(1928.0), "1928");
}

// Rounding to d significant digits is C's own: snprintf("%.*g") read back by strtod (the
// independent path), bit for bit, at the digits plans use and at the ends of the range — overflow
// to ∞ (then an empty cell) and subnormal results included.
TEST(CsvWriterTest, RoundingToSignificantDigitsIsPrintfReadBack) {
  constexpr double kMax = std::numeric_limits<double>::max();
  std::vector<double> values = {1.0,   0.1,    -2.5,        1.0 / 3.0,    kMax,
                                -kMax, 5e-324, 1e-310,      4e-320,       2.2250738585072014e-308,
                                9.5,   0.95,   123456789.5, 6.02214076e23};
  AddSpreadOverTheExponents(500, &values);
  for (int digits : {1, 3, 6, 12, 15, 17}) {
    for (double v : values) {
      char printed[64];
      std::snprintf(printed, sizeof printed, "%.*g", digits, v);
      const double expected = std::strtod(printed, nullptr);
      EXPECT_EQ(std::bit_cast<std::uint64_t>(RoundToSignificant(v, digits)),
                std::bit_cast<std::uint64_t>(expected))
          << v << " to " << digits << " digits: printf gives " << printed;
    }
  }
  // Through the writer: the rounded number in its shortest form (∞ after rounding: an empty cell).
  std::string text;
  CsvWriter csv(text, 12);
  csv.Number(1.0 / 3.0).Number(kMax).EndRow();
  EXPECT_EQ(text, "0.333333333333,1.79769313486e+308\n");
  std::string one_digit;
  CsvWriter coarse(one_digit, 1);
  coarse.Number(kMax).Number(0.96).EndRow();
  EXPECT_EQ(one_digit, ",1\n");
}

// The steel works model (steel_works_model.h) with its one product renamed to `product_id`, solved
// and written as a plan folder; returns the product column of targets.csv and the first column of
// balances.csv as read back by util::CsvFile, and whether `gosplan verify`'s reader accepts the
// folder.
struct PlanReadBack {
  std::vector<std::string> target_products;
  std::vector<std::string> balance_products;
  bool verified = false;
};

PlanReadBack WritePlanWithProductId(const std::string& product_id) {
  ScratchFolder scratch;
  // The id quoted (as the writer would) so that the loader keeps its blanks and '#'.
  std::string quoted = "\"" + product_id + "\"";
  std::map<std::string, std::string> tables = gosplan::testing::SteelWorksTables("");
  tables["targets.csv"] = "id,product,enterprise,year,quantity\n";
  for (auto& [name, text] : tables) {
    for (std::size_t at = text.find("steel"); at != std::string::npos;
         at = text.find("steel", at)) {
      text.replace(at, 5, quoted);
      at += quoted.size();
    }
  }
  // products.csv: the id is the first field, so "#..." must be quoted to be more than a comment.
  scratch.Write("model/model.toml", gosplan::testing::kSteelWorksToml);
  for (const auto& [name, text] : tables) scratch.Write("model/" + name, text);
  PlanReadBack result;
  auto model = LoadModel(scratch.path() + "/model");
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  if (!model.ok()) return result;
  EXPECT_EQ(model.value().products.at(0).id, product_id);
  auto plan = SolvePlan(model.value());
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  if (!plan.ok()) return result;
  const std::string folder = scratch.path() + "/plan";
  const Status written = WritePlanFolder(model.value(), plan.value(), folder, false);
  EXPECT_TRUE(written.ok()) << written.ToString();
  for (const auto& row : ReadBack(folder + "/targets.csv"))
    result.target_products.push_back(row.at(2));
  for (const auto& row : ReadBack(folder + "/balances.csv"))
    result.balance_products.push_back(row.at(0));
  auto verified = VerifyPlan(scratch.path() + "/model", folder);
  EXPECT_TRUE(verified.ok()) << verified.status().ToString();
  result.verified = verified.ok() && verified.value().ok();
  return result;
}

// The old plan writer quoted only ',', '"' and line breaks: " steel" came back as "steel" (the
// reader trims unquoted blanks) and a balances.csv row for "#steel" was read as a comment.
TEST(CsvWriterTest, PlanFolderKeepsProductIdsWithBlanksAndHash) {
  for (const std::string id : {" steel", "steel ", "#steel"}) {
    SCOPED_TRACE("product id '" + id + "'");
    const PlanReadBack back = WritePlanWithProductId(id);
    // Horizon 3 (steel_works_model.h): one balance row per year; header first.
    ASSERT_EQ(back.balance_products.size(), 4u);
    EXPECT_EQ(back.balance_products[0], "product");
    for (std::size_t k = 1; k < back.balance_products.size(); ++k)
      EXPECT_EQ(back.balance_products[k], id);
    ASSERT_GE(back.target_products.size(), 2u);
    for (std::size_t k = 1; k < back.target_products.size(); ++k)
      EXPECT_EQ(back.target_products[k], id);
    EXPECT_TRUE(back.verified);
  }
}

}  // namespace
}  // namespace gosplan::util
