// CSV as offices publish it: ';'-separated files with decimal commas in Windows-1252 or Latin-1
// read as the same table as the RFC 4180 original, and a file of another dialect refused with a
// located message naming the dialect it appears to use (gosplan/csv_dialect.h).
//
// The reference table is Miller & Blair (2009), table 2.3
// (tests/data/io/miller-blair-2009-2x2.csv): A = [0.15 0.25; 0.2 0.05]. The European copies below
// are the same numbers written by hand in the other dialects, e.g. 1.000 (one thousand, '.'
// grouping thousands) and 150,0.
#include "gosplan/csv_dialect.h"

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "gosplan/check.h"
#include "gosplan/io_table.h"
#include "gosplan/model.h"
#include "model_compare.h"
#include "test_support.h"
#include "util/csv.h"

namespace gosplan {
namespace {

// The Miller–Blair table with sector names that need more than ASCII: "Ölförädling" (Latin-1/cp1252
// byte 0xD6 = 'Ö', 0xF6 = 'ö', 0xE4 = 'ä') and a cp1252-only "Bergbau – Kohle" (0x96 = en dash
// U+2013).
const char kEuropean[] =
    "sector;\xD6lf\xF6r\xE4"
    "dling;Bergbau \x96 Kohle;final_demand;total_output\n"
    "\xD6lf\xF6r\xE4"
    "dling;150;500;350;1.000\n"
    "Bergbau \x96 Kohle;200,0;100;1.700;2.000,00\n"
    "value_added;650;1.400;;\n";

TEST(CsvDialect, SemicolonDecimalCommaCp1252ReadsAsTheOriginalTable) {
  testing::ScratchFolder folder;
  const std::string path = folder.Write("europe.csv", kEuropean);
  IoTableOptions options;
  options.csv.delimiter = ';';
  options.csv.decimal = ',';
  options.csv.encoding = TextEncoding::kCp1252;
  auto european = LoadIoTable(path, options);
  ASSERT_TRUE(european.ok()) << european.status().ToString();
  const IoTable& table = european.value();
  ASSERT_EQ(table.sectors.size(), 2u);
  EXPECT_EQ(table.sectors[0],
            "\xC3\x96lf\xC3\xB6r\xC3\xA4"
            "dling");                                         // UTF-8 "Ölförädling"
  EXPECT_EQ(table.sectors[1], "Bergbau \xE2\x80\x93 Kohle");  // UTF-8 en dash
  // A[i,j] = Z[i,j] / x[j]: 150/1000, 500/2000, 200/1000, 100/2000 (Miller & Blair 2009,
  // table 2.3).
  EXPECT_DOUBLE_EQ(table.coefficients.coeff(0, 0), 0.15);
  EXPECT_DOUBLE_EQ(table.coefficients.coeff(0, 1), 0.25);
  EXPECT_DOUBLE_EQ(table.coefficients.coeff(1, 0), 0.2);
  EXPECT_DOUBLE_EQ(table.coefficients.coeff(1, 1), 0.05);
  EXPECT_DOUBLE_EQ(table.total_output[0], 1000.0);  // "1.000": '.' groups thousands
  EXPECT_DOUBLE_EQ(table.total_output[1], 2000.0);  // "2.000,00"
}

TEST(CsvDialect, Latin1ConvertsEveryHighByteToItsCodePoint) {
  testing::ScratchFolder folder;
  // 0xE9 = 'é' (U+00E9), 0x96 is a C1 control in Latin-1 (U+0096), not cp1252's dash.
  const std::string path = folder.Write("latin1.csv", "name,value\ncaf\xE9,1\nx\x96y,2\n");
  util::CsvOptions options;
  options.dialect.encoding = TextEncoding::kLatin1;
  auto file = util::CsvFile::Open(path, options);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  Diagnostics diagnostics;
  util::CsvRow row;
  ASSERT_TRUE(file.value().Next(row, diagnostics));
  EXPECT_EQ(row.fields[0], "caf\xC3\xA9");
  ASSERT_TRUE(file.value().Next(row, diagnostics));
  EXPECT_EQ(row.fields[0], "x\xC2\x96y");
}

// The reader skips ASCII eight bytes at a time and keeps an all-ASCII cp1252 file as it is (no
// copy): a high byte after a long ASCII stretch, at every offset modulo 8, must still be decoded,
// and the all-ASCII file must read the same as UTF-8. 0x80 is cp1252's euro sign (U+20AC,
// UTF-8 E2 82 AC); 0xE9 is 'é' (UTF-8 C3 A9).
TEST(CsvDialect, Cp1252HighByteAfterALongAsciiStretchAtEveryOffset) {
  testing::ScratchFolder folder;
  for (int pad = 0; pad < 8; ++pad) {
    const std::string name = "price_in_roubles_" + std::string(static_cast<std::size_t>(pad), 'x');
    const std::string text = "name,value\n" + name + "\x80" + "caf\xE9,1\nplain,2\n";
    const std::string path = folder.Write("euro" + std::to_string(pad) + ".csv", text);
    util::CsvOptions options;
    options.dialect.encoding = TextEncoding::kCp1252;
    auto file = util::CsvFile::Open(path, options);
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    Diagnostics diagnostics;
    util::CsvRow row;
    ASSERT_TRUE(file.value().Next(row, diagnostics));
    EXPECT_EQ(row.fields[0], name + "\xE2\x82\xAC" + "caf\xC3\xA9") << "pad " << pad;
    ASSERT_TRUE(file.value().Next(row, diagnostics));
    EXPECT_EQ(row.fields[0], "plain");
    EXPECT_EQ(row.fields[1], "2");
  }
  const std::string ascii = folder.Write("ascii.csv", "name,value\nsteel_and_iron,1.5\n");
  util::CsvOptions options;
  options.dialect.encoding = TextEncoding::kCp1252;
  auto file = util::CsvFile::Open(ascii, options);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  Diagnostics diagnostics;
  util::CsvRow row;
  ASSERT_TRUE(file.value().Next(row, diagnostics));
  EXPECT_EQ(row.fields[0], "steel_and_iron");
  EXPECT_EQ(row.fields[1], "1.5");
}

// Every number of a row is rewritten into one buffer of the row: the views of earlier fields must
// survive the later rewrites, and fields that are not such numbers stay as written. By hand:
// "1.234,5" -> 1234.5, "2,25" -> 2.25, "-0,5" -> -0.5, "1.000" -> 1000 (dots group thousands),
// "x,y" and "1.23" (dots not in threes) are left alone, "7" needs no rewrite.
TEST(CsvDialect, SeveralDecimalCommasInOneRowKeepTheirViews) {
  testing::ScratchFolder folder;
  const std::string path = folder.Write(
      "row.csv", "a;b;c;d;e;f;g\n1.234,5;2,25;x,y;-0,5;1.000;1.23;7\n3,5;;0,125;a;b;c;d\n");
  util::CsvOptions options;
  options.dialect.delimiter = ';';
  options.dialect.decimal = ',';
  auto file = util::CsvFile::Open(path, options);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  Diagnostics diagnostics;
  util::CsvRow row;
  ASSERT_TRUE(file.value().Next(row, diagnostics));
  ASSERT_EQ(row.fields.size(), 7u);
  EXPECT_EQ(row.fields[0], "1234.5");
  EXPECT_EQ(row.fields[1], "2.25");
  EXPECT_EQ(row.fields[2], "x,y");
  EXPECT_EQ(row.fields[3], "-0.5");
  EXPECT_EQ(row.fields[4], "1000");
  EXPECT_EQ(row.fields[5], "1.23");
  EXPECT_EQ(row.fields[6], "7");
  ASSERT_TRUE(file.value().Next(row, diagnostics));
  EXPECT_EQ(row.fields[0], "3.5");
  EXPECT_EQ(row.fields[1], "");
  EXPECT_EQ(row.fields[2], "0.125");
  EXPECT_TRUE(diagnostics.empty());
}

TEST(CsvDialect, Cp1252UnassignedByteIsALocatedError) {
  testing::ScratchFolder folder;
  const std::string path =
      folder.Write("bad.csv", "name,value\nab\x81,1\n");  // 0x81: line 2, byte 3
  util::CsvOptions options;
  options.dialect.encoding = TextEncoding::kCp1252;
  auto file = util::CsvFile::Open(path, options);
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.status().ToString().find(":2:3: byte 0x81 has no character in Windows-1252"),
            std::string::npos)
      << file.status().ToString();
}

TEST(CsvDialect, AFileOfAnotherDialectIsRefusedNamingIt) {
  testing::ScratchFolder folder;
  const std::string path = folder.Write("europe.csv", kEuropean);
  IoTableOptions
      cp1252;  // the right encoding but the default delimiter: one header field with four ';'
  cp1252.csv.encoding = TextEncoding::kCp1252;
  auto refused = LoadIoTable(path, cp1252);
  ASSERT_FALSE(refused.ok());
  const std::string message = refused.status().ToString();
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(
      message.find(path + ":1:1: header has 4 ';'s and no ',': the file is not separated by ','"),
      std::string::npos)
      << message;
  EXPECT_NE(message.find("--delimiter ';' --decimal ','"), std::string::npos) << message;

  const std::string tabs = folder.Write("tabs.csv", "name\tvalue\nsteel\t1\n");
  auto tab_refused = util::CsvFile::Open(tabs);
  ASSERT_FALSE(tab_refused.ok());
  EXPECT_NE(tab_refused.status().ToString().find("header has 1 tab and no ','"), std::string::npos)
      << tab_refused.status().ToString();
}

TEST(CsvDialect, DecimalCommasOnlyWhereAFieldIsANumber) {
  testing::ScratchFolder folder;
  // "Mining, quarrying" is a name and stays; "1.234,5" is 1234.5; "1.23,4" groups wrongly: not a
  // number, left as written (a later number parse names it); "0.5" is no grouping either: left as
  // 0.5.
  const std::string path =
      folder.Write("d.csv", "name;value\nMining, quarrying;1.234,5\nx;-0,25e1\ny;1.23,4\nz;0.5\n");
  util::CsvOptions options;
  options.dialect.delimiter = ';';
  options.dialect.decimal = ',';
  auto file = util::CsvFile::Open(path, options);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  Diagnostics diagnostics;
  util::CsvRow row;
  ASSERT_TRUE(file.value().Next(row, diagnostics));
  EXPECT_EQ(row.fields[0], "Mining, quarrying");
  EXPECT_EQ(util::ToFiniteNumber(row.fields[1]), 1234.5);
  ASSERT_TRUE(file.value().Next(row, diagnostics));
  EXPECT_EQ(util::ToFiniteNumber(row.fields[1]), -2.5);
  ASSERT_TRUE(file.value().Next(row, diagnostics));
  EXPECT_EQ(row.fields[1], "1.23,4");
  ASSERT_TRUE(file.value().Next(row, diagnostics));
  EXPECT_EQ(util::ToFiniteNumber(row.fields[1]), 0.5);
}

TEST(CsvDialect, TabSeparatedKeepsEmptyFields) {
  testing::ScratchFolder folder;
  const std::string path = folder.Write("t.tsv", "a\tb\tc\n1\t\t3\n");
  util::CsvOptions options;
  options.dialect.delimiter = '\t';
  auto file = util::CsvFile::Open(path, options);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  Diagnostics diagnostics;
  util::CsvRow row;
  ASSERT_TRUE(file.value().Next(row, diagnostics)) << diagnostics.list().size();
  ASSERT_EQ(row.fields.size(), 3u);
  EXPECT_EQ(row.fields[1], "");
  EXPECT_EQ(row.fields[2], "3");
}

TEST(CsvDialect, InvalidDialectIsAnInvalidArgument) {
  std::string error;
  CsvDialect same;
  same.delimiter = ',';
  same.decimal = ',';
  EXPECT_FALSE(same.IsValid(&error));
  EXPECT_NE(error.find("the same as the delimiter"), std::string::npos) << error;
  IoTableOptions options;
  options.csv.delimiter = 'x';
  auto refused =
      LoadIoTable(testing::SourcePath("tests/data/io/miller-blair-2009-2x2.csv"), options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("IoTableOptions.csv.delimiter is 'x'"),
            std::string::npos)
      << refused.status().message();
  EXPECT_EQ(ParseTextEncoding("Windows-1252"), TextEncoding::kCp1252);
  EXPECT_EQ(ParseCsvCharacter("tab"), '\t');
}

// examples/two-sector rewritten as an office would publish it — ';' between fields, decimal commas
// — and declared so in model.toml's [csv]: the same model as the original, field by field (the
// independent path is the load of the original folder).
TEST(CsvDialect, AModelFolderDeclaresItsDialectInModelToml) {
  namespace fs = std::filesystem;
  const std::string original = testing::SourcePath("examples/two-sector");
  testing::ScratchFolder scratch;
  const std::string folder = scratch.path() + "/europe";
  fs::create_directories(folder);
  for (const auto& entry : fs::directory_iterator(original)) {
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    std::string content = text.str();
    if (entry.path().extension() == ".csv") {
      // No field of these tables is quoted or holds ',' or ';' (checked: no '"' in the files), so a
      // character-wise rewrite is exact: ',' → ';' between fields, then '.' → ',' in numbers.
      ASSERT_EQ(content.find('"'), std::string::npos) << entry.path();
      for (char& c : content) c = c == ',' ? ';' : c;
      std::string rewritten;
      for (std::size_t k = 0; k < content.size(); ++k) {
        const bool in_number = content[k] == '.' && k > 0 && k + 1 < content.size() &&
                               std::isdigit(static_cast<unsigned char>(content[k - 1])) &&
                               std::isdigit(static_cast<unsigned char>(content[k + 1]));
        rewritten += in_number ? ',' : content[k];
      }
      content = rewritten;
    } else if (entry.path().filename() == "model.toml") {
      content += "\n[csv]\ndelimiter = \";\"\ndecimal = \",\"\n";
    }
    std::ofstream(folder + "/" + entry.path().filename().string()) << content;
  }
  auto expected = LoadModel(original);
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  auto european = LoadModel(folder);
  ASSERT_TRUE(european.ok()) << european.status().ToString();
  testing::ExpectSameModel(european.value(), expected.value());

  // Without [csv] the same tables are refused, naming the dialect they look like.
  LoadOptions comma;
  comma.csv = CsvDialect{};
  auto refused = LoadModel(folder, comma);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().ToString().find("and no ','"), std::string::npos)
      << refused.status().ToString();
}

// The files a command reads beside the model (a quota file for check) take the same dialect: here
// "0,5" Mt of steel in 1930 with ';' between fields.
TEST(CsvDialect, QuotaFileInAnOfficeDialect) {
  auto model = LoadModel(testing::SourcePath("examples/two-sector"));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  testing::ScratchFolder folder;
  const std::string path =
      folder.Write("quotas.csv", "id;product;enterprise;year;quantity\nq;steel;;1930;0,5\n");
  CsvDialect dialect;
  dialect.delimiter = ';';
  dialect.decimal = ',';
  auto quotas = ReadQuotaFile(model.value(), path, dialect);
  ASSERT_TRUE(quotas.ok()) << quotas.status().ToString();
  ASSERT_EQ(quotas.value().size(), 1u);
  EXPECT_EQ(quotas.value()[0].quantity, 0.5);
  EXPECT_EQ(quotas.value()[0].year, 2);                   // 1930 in a model whose base year is 1928
  EXPECT_FALSE(ReadQuotaFile(model.value(), path).ok());  // read as RFC 4180: refused, not misread
}

// The command line: `gosplan io` with --delimiter/--decimal/--encoding prints the same analysis as
// for the RFC 4180 original (only the sector names differ, so compare the JSON's numbers).
TEST(CsvDialect, IoCommandReadsTheEuropeanTableWithFlags) {
  testing::ScratchFolder folder;
  const std::string path = folder.Write("europe.csv", kEuropean);
  const auto european = testing::RunCli(
      "io '" + path + "' --delimiter ';' --decimal , --encoding cp1252 --format json");
  ASSERT_EQ(european.exit_code, 0) << european.errors;
  const auto original = testing::RunCli(
      "io '" + testing::SourcePath("tests/data/io/miller-blair-2009-2x2.csv") + "' --format json");
  ASSERT_EQ(original.exit_code, 0) << original.errors;
  const auto a = nlohmann::json::parse(european.output), b = nlohmann::json::parse(original.output);
  EXPECT_EQ(a["output_multipliers"], b["output_multipliers"]) << european.output;
  const auto refused = testing::RunCli("io '" + path + "' --encoding cp1252");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.errors.find("--delimiter ';' --decimal ','"), std::string::npos)
      << refused.errors;
}

}  // namespace
}  // namespace gosplan
