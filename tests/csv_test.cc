// util::CsvFile and the field conversions: quoting, line ends, comments, encodings, caps, numbers.
#include "util/csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "test_support.h"

namespace gosplan::util {
namespace {

using gosplan::testing::ScratchFolder;
using ::testing::HasSubstr;

struct ReadAll {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::int64_t> lines;
  Diagnostics diagnostics;
};

ReadAll Read(CsvFile& file) {
  ReadAll all;
  CsvRow row;
  while (file.Next(row, all.diagnostics)) {
    all.rows.emplace_back(row.fields.begin(), row.fields.end());
    all.lines.push_back(row.line);
  }
  return all;
}

Result<CsvFile> OpenText(const ScratchFolder& scratch, const std::string& text,
                         const CsvOptions& options = {}) {
  return CsvFile::Open(scratch.Write("table.csv", text), options);
}

TEST(CsvTest, QuotesAndEscapedQuotes) {
  ScratchFolder scratch;
  auto file = OpenText(scratch, "id,name\nx,\"Steel, rolled\"\ny,\"the \"\"red\"\" plant\"\n");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  const ReadAll all = Read(file.value());
  EXPECT_TRUE(all.diagnostics.empty());
  ASSERT_EQ(all.rows.size(), 2u);
  EXPECT_EQ(all.rows[0][1], "Steel, rolled");
  EXPECT_EQ(all.rows[1][1], "the \"red\" plant");
}

TEST(CsvTest, QuotedFieldSpanningLinesKeepsLineNumbers) {
  ScratchFolder scratch;
  auto file = OpenText(scratch, "id,name\na,\"two\nlines\"\nb,c\n");
  ASSERT_TRUE(file.ok());
  const ReadAll all = Read(file.value());
  ASSERT_EQ(all.rows.size(), 2u);
  EXPECT_EQ(all.rows[0][1], "two\nlines");
  EXPECT_EQ(all.lines[0], 2);
  EXPECT_EQ(all.lines[1], 4);
}

TEST(CsvTest, CrLfLineEnds) {
  ScratchFolder scratch;
  auto file = OpenText(scratch, "a,b\r\n1,2\r\n\"3\",4\r\n");
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file.value().header(), (std::vector<std::string>{"a", "b"}));
  const ReadAll all = Read(file.value());
  EXPECT_TRUE(all.diagnostics.empty());
  ASSERT_EQ(all.rows.size(), 2u);
  EXPECT_EQ(all.rows[0], (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(all.rows[1], (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(all.lines[1], 3);
}

TEST(CsvTest, CommentsAndBlankLinesAreSkipped) {
  ScratchFolder scratch;
  auto file = OpenText(scratch, "# a comment\n\na,b\n# another\n\n1,2\n   \n");
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file.value().header_line(), 3);
  const ReadAll all = Read(file.value());
  ASSERT_EQ(all.rows.size(), 1u);
  EXPECT_EQ(all.lines[0], 6);
}

// A comment line is skipped whole, whatever quotes and commas it holds (it is prose, not fields):
// here a quote after a comma and an unterminated quote, which as data would be errors.
TEST(CsvTest, CommentsMayHoldQuotesAndCommas) {
  ScratchFolder scratch;
  auto file = OpenText(scratch, "# see (docs, \"x\"): more\na,b\n  # an \"open quote, here\n1,2\n");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file.value().header_line(), 2);
  const ReadAll all = Read(file.value());
  EXPECT_TRUE(all.diagnostics.empty());
  ASSERT_EQ(all.rows.size(), 1u);
  EXPECT_EQ(all.lines[0], 4);
}

// Quoting marks data: a quoted first field starting with '#' is not a comment, and a row of one
// quoted empty field is not a blank line (util::CsvWriter writes both so; csv_writer_test.cc).
TEST(CsvTest, QuotedHashAndQuotedEmptyFirstFieldsAreData) {
  ScratchFolder scratch;
  auto file = OpenText(scratch, "name\n# a comment\n\"#1 mill\"\n  \"#2\"\n\"\"\n\n #3\n");
  ASSERT_TRUE(file.ok());
  const ReadAll all = Read(file.value());
  EXPECT_TRUE(all.diagnostics.empty());
  const std::vector<std::vector<std::string>> expected = {{"#1 mill"}, {"#2"}, {""}};
  EXPECT_EQ(all.rows, expected);
  EXPECT_EQ(all.lines, (std::vector<std::int64_t>{3, 4, 5}));
}

TEST(CsvTest, Utf8ByteOrderMarkIsSkipped) {
  ScratchFolder scratch;
  auto file = OpenText(scratch, "\xEF\xBB\xBFid,name\nx,y\n");
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file.value().header()[0], "id");
  EXPECT_EQ(file.value().Find("id"), 0);
}

TEST(CsvTest, Utf16ByteOrderMarkIsRefused) {
  ScratchFolder scratch;
  auto file = OpenText(scratch, std::string("\xFF\xFEi\0d\0", 6));
  ASSERT_FALSE(file.ok());
  const Diagnostic& d = file.status().diagnostics().list().at(0);
  EXPECT_EQ(d.line, 1);
  EXPECT_EQ(d.column, 1);
  EXPECT_THAT(d.message, HasSubstr("UTF-16"));
}

TEST(CsvTest, InvalidUtf8IsLocatedByLineAndColumn) {
  ScratchFolder scratch;
  auto file = OpenText(scratch, "id,name\nx,Gr\xE9in\n");  // Latin-1 é
  ASSERT_FALSE(file.ok());
  const Diagnostic& d = file.status().diagnostics().list().at(0);
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 5);  // byte column
  EXPECT_THAT(d.message, HasSubstr("invalid UTF-8"));
}

TEST(CsvTest, OverlongAndSurrogateUtf8AreRefusedButValidMultibyteIsAccepted) {
  ScratchFolder scratch;
  EXPECT_FALSE(OpenText(scratch, "a\n\xC0\xAF\n").ok());              // overlong '/'
  EXPECT_FALSE(OpenText(scratch, "a\n\xE0\x80\xAF\n").ok());          // overlong 3-byte
  EXPECT_FALSE(OpenText(scratch, "a\n\xED\xA0\x80\n").ok());          // surrogate U+D800
  EXPECT_FALSE(OpenText(scratch, "a\n\xF4\x90\x80\x80\n").ok());      // above U+10FFFF
  EXPECT_FALSE(OpenText(scratch, std::string("a\nx\0y\n", 6)).ok());  // NUL byte
  auto good = OpenText(
      scratch, "a\n\xD0\xA1\xD1\x82\xD0\xB0\xD0\xBB\xD1\x8C \xE2\x82\xBD \xF0\x9F\x9A\x9C\n");
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ(Read(good.value()).rows.size(), 1u);
}

TEST(CsvTest, RaggedRowsAreReportedAndSkipped) {
  ScratchFolder scratch;
  auto file = OpenText(scratch, "a,b\n1\n2,3\n4,5,6\n7,8\n");
  ASSERT_TRUE(file.ok());
  const ReadAll all = Read(file.value());
  ASSERT_EQ(all.rows.size(), 2u);
  EXPECT_EQ(all.lines, (std::vector<std::int64_t>{3, 5}));
  ASSERT_EQ(all.diagnostics.total(), 2u);
  EXPECT_EQ(all.diagnostics.list()[0].line, 2);
  EXPECT_THAT(all.diagnostics.list()[0].message, HasSubstr("1 fields"));
  EXPECT_EQ(all.diagnostics.list()[1].line, 4);
}

TEST(CsvTest, UnterminatedQuoteIsReported) {
  ScratchFolder scratch;
  auto file = OpenText(scratch, "a,b\n1,\"open\n");
  ASSERT_TRUE(file.ok());
  const ReadAll all = Read(file.value());
  EXPECT_TRUE(all.rows.empty());
  ASSERT_EQ(all.diagnostics.total(), 1u);
  EXPECT_EQ(all.diagnostics.list()[0].line, 2);
  EXPECT_EQ(all.diagnostics.list()[0].column, 2);
  EXPECT_THAT(all.diagnostics.list()[0].message, HasSubstr("unterminated"));
}

TEST(CsvTest, OverLongLineIsRefused) {
  ScratchFolder scratch;
  CsvOptions options;
  options.max_line_bytes = 16;
  // One field without any comma: the check must not depend on field boundaries.
  auto file = OpenText(scratch, "a\n" + std::string(100, 'x') + "\n", options);
  ASSERT_TRUE(file.ok());
  ReadAll all = Read(file.value());
  EXPECT_TRUE(all.rows.empty());
  ASSERT_EQ(all.diagnostics.total(), 1u);
  EXPECT_EQ(all.diagnostics.list()[0].line, 2);
  EXPECT_THAT(all.diagnostics.list()[0].message, HasSubstr("longer than 16 bytes"));

  auto many = OpenText(scratch, "a,b\n" + std::string(30, ',') + "\n", options);
  ASSERT_TRUE(many.ok());
  all = Read(many.value());
  EXPECT_THAT(all.diagnostics.list().at(0).message, HasSubstr("longer than"));
}

TEST(CsvTest, FileSizeCapIsEnforcedBeforeReading) {
  ScratchFolder scratch;
  CsvOptions options;
  options.max_file_bytes = 8;
  auto file = OpenText(scratch, "id,name\nx,y\n", options);
  ASSERT_FALSE(file.ok());
  const Diagnostic& d = file.status().diagnostics().list().at(0);
  EXPECT_EQ(d.line, 0);
  EXPECT_THAT(d.message, HasSubstr("too large: 12 bytes"));
  EXPECT_THAT(d.expected, HasSubstr("at most 8 bytes"));
}

TEST(CsvTest, MissingEmptyAndHeaderOnlyFiles) {
  ScratchFolder scratch;
  auto missing = CsvFile::Open(scratch.path() + "/nope.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().ToString(), HasSubstr("file not found"));

  auto empty = OpenText(scratch, "# only a comment\n\n");
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.status().ToString(), HasSubstr("file is empty"));

  auto header_only = OpenText(scratch, "a,b\n");
  ASSERT_TRUE(header_only.ok());
  EXPECT_TRUE(Read(header_only.value()).rows.empty());
  EXPECT_TRUE(header_only.value().saw_no_rows());
}

TEST(CsvTest, DuplicateAndEmptyColumnNamesAreRefused) {
  ScratchFolder scratch;
  auto file = OpenText(scratch, "a,b,a,\n1,2,3,4\n");
  ASSERT_FALSE(file.ok());
  const auto& list = file.status().diagnostics().list();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].column, 3);
  EXPECT_THAT(list[0].message, HasSubstr("duplicate column 'a'"));
  EXPECT_EQ(list[1].column, 4);
  EXPECT_THAT(list[1].message, HasSubstr("empty column name"));
}

TEST(CsvTest, RequireReportsMissingColumn) {
  ScratchFolder scratch;
  auto file = OpenText(scratch, "a,b\n1,2\n");
  ASSERT_TRUE(file.ok());
  Diagnostics diagnostics;
  EXPECT_EQ(file.value().Require("b", diagnostics), 1);
  EXPECT_EQ(file.value().Require("c", diagnostics), -1);
  ASSERT_EQ(diagnostics.total(), 1u);
  EXPECT_EQ(diagnostics.list()[0].line, 1);
  EXPECT_THAT(diagnostics.list()[0].message, HasSubstr("missing column 'c'"));
}

TEST(CsvTest, NumberParsing) {
  Diagnostics diagnostics;
  auto parse = [&](std::string_view text) {
    return ParseNumber(text, "f.csv", 7, 2, diagnostics, "coefficient");
  };
  EXPECT_EQ(parse("1.5"), 1.5);
  EXPECT_EQ(parse(" +2 "), 2.0);
  EXPECT_EQ(parse("-3e2"), -300.0);
  EXPECT_EQ(parse("1e-400"), 0.0);  // underflow rounds to zero
  EXPECT_TRUE(diagnostics.empty());

  EXPECT_FALSE(parse("1e400").has_value());
  EXPECT_FALSE(parse("NaN").has_value());
  EXPECT_FALSE(parse("inf").has_value());
  EXPECT_FALSE(parse("-Infinity").has_value());
  EXPECT_FALSE(parse("").has_value());
  EXPECT_FALSE(parse("12abc").has_value());
  EXPECT_FALSE(parse("1,5").has_value());
  const auto& list = diagnostics.list();
  ASSERT_EQ(list.size(), 7u);
  EXPECT_EQ(list[0].file, "f.csv");
  EXPECT_EQ(list[0].line, 7);
  EXPECT_EQ(list[0].column, 3);  // 0-based index 2 -> column 3
  EXPECT_EQ(list[0].message, "coefficient is '1e400', out of range");
  EXPECT_EQ(list[1].message, "coefficient is 'NaN', not a finite number");
  EXPECT_EQ(list[2].message, "coefficient is 'inf', not a finite number");
  EXPECT_EQ(list[3].message, "coefficient is '-Infinity', not a finite number");
  EXPECT_EQ(list[4].message, "coefficient is empty");
  EXPECT_EQ(list[5].message, "coefficient is '12abc', not a number");
  EXPECT_EQ(list[0].expected, "a finite decimal number");

  EXPECT_EQ(ToFiniteNumber("2.25"), 2.25);
  EXPECT_FALSE(ToFiniteNumber("nan").has_value());
  EXPECT_FALSE(ToFiniteNumber("").has_value());
}

TEST(CsvTest, NonNegativeAndIntegerParsing) {
  Diagnostics diagnostics;
  EXPECT_EQ(ParseNonNegative("0", "f.csv", 3, 0, diagnostics, "quantity"), 0.0);
  EXPECT_FALSE(ParseNonNegative("-1", "f.csv", 3, 0, diagnostics, "quantity").has_value());
  ASSERT_EQ(diagnostics.total(), 1u);
  EXPECT_EQ(diagnostics.list()[0].message, "quantity is negative (-1)");
  EXPECT_EQ(diagnostics.list()[0].column, 1);

  Diagnostics integers;
  EXPECT_EQ(ParseInteger("1931", "f.csv", 2, 1, integers, "year"), 1931);
  EXPECT_EQ(ParseInteger("+2", "f.csv", 2, 1, integers, "year"), 2);
  EXPECT_FALSE(ParseInteger("1.5", "f.csv", 2, 1, integers, "year").has_value());
  EXPECT_FALSE(ParseInteger("", "f.csv", 2, 1, integers, "year").has_value());
  EXPECT_FALSE(ParseInteger("99999999999999999999", "f.csv", 2, 1, integers, "year").has_value());
  ASSERT_EQ(integers.total(), 3u);
  EXPECT_EQ(integers.list()[0].message, "year is '1.5', not a whole number");
  EXPECT_EQ(integers.list()[0].column, 2);
}

}  // namespace
}  // namespace gosplan::util
