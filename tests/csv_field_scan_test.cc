// util::CsvFile finds the end of an unquoted field 16 bytes at a time where the processor has SSE2
// (src/util/csv.cc, FindFieldEnd) and one byte at a time for the last 15 bytes of a file. The
// fields of every length from 0 to 40, at every offset within a 16-byte block, with LF and CRLF
// line ends and a last line without one, must come back exactly as they were written.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_support.h"
#include "util/csv.h"

namespace gosplan::util {
namespace {

using gosplan::testing::ScratchFolder;

// The text of field `column` of data row `row`: a length that runs through 0..40 as rows go on
// (shifted per column, so that the field starts at every offset of a 16-byte block), letters that
// change from field to field, and a leading and trailing blank every fifth row (trimmed on
// reading).
std::string Field(int row, int column) {
  const int length = (row * 3 + column * 17) % 41;
  std::string text;
  for (int k = 0; k < length; ++k) text += static_cast<char>('a' + (row + column + k) % 26);
  return text;
}

void ExpectFieldsAsWritten(char delimiter) {
  ScratchFolder scratch;
  constexpr int kRows = 400, kColumns = 4;
  std::string text = "a" + std::string(1, delimiter) + "b" + std::string(1, delimiter) + "c" +
                     std::string(1, delimiter) + "d\n";
  for (int row = 0; row < kRows; ++row) {
    for (int column = 0; column < kColumns; ++column) {
      if (column > 0) text += delimiter;
      text += row % 5 == 0 ? " " + Field(row, column) + " " : Field(row, column);
    }
    if (row + 1 < kRows) text += row % 3 == 0 ? "\r\n" : "\n";  // the last line has no line end
  }
  CsvOptions options;
  options.dialect.delimiter = delimiter;
  Result<CsvFile> file = CsvFile::Open(scratch.Write("table.csv", text), options);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  Diagnostics diagnostics;
  CsvRow row;
  int read = 0;
  while (file.value().Next(row, diagnostics)) {
    ASSERT_LT(read, kRows);
    EXPECT_EQ(row.line, read + 2);  // the header is line 1
    ASSERT_EQ(row.fields.size(), static_cast<std::size_t>(kColumns)) << "row " << read;
    for (int column = 0; column < kColumns; ++column) {
      EXPECT_EQ(row.fields[static_cast<std::size_t>(column)], Field(read, column))
          << "row " << read << ", column " << column;
    }
    ++read;
  }
  EXPECT_EQ(read, kRows);
  EXPECT_TRUE(diagnostics.empty());
}

TEST(CsvFieldScan, FieldsOfEveryLengthAtEveryOffsetComeBackAsWritten) {
  ExpectFieldsAsWritten(',');
  ExpectFieldsAsWritten(';');
}

// A data row with one field fewer than the header, its missing delimiter in the 16-byte block
// scanned: still reported as ragged on its own line.
TEST(CsvFieldScan, ARaggedRowIsStillFoundWithinA16ByteBlock) {
  ScratchFolder scratch;
  Result<CsvFile> file = CsvFile::Open(scratch.Write(
      "table.csv", "a,b,c\nabcdefghijklmnopq,r,s\nabcdefghijklmnopqrstuv,w\nx,y,z\n"));
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  Diagnostics diagnostics;
  CsvRow row;
  std::vector<std::int64_t> lines;
  while (file.value().Next(row, diagnostics)) lines.push_back(row.line);
  EXPECT_EQ(lines, (std::vector<std::int64_t>{2, 4}));
  ASSERT_EQ(diagnostics.total(), 1u);
  EXPECT_EQ(diagnostics.list()[0].line, 3);
  EXPECT_EQ(diagnostics.list()[0].message, "row has 2 fields");
}

}  // namespace
}  // namespace gosplan::util
