// How `gosplan lp` and `gosplan io` take their input and give back the LP's solution:
// gzip-compressed MPS files (recognised by their magic bytes), "-" for standard input, and
// `--solution FILE`, the primal and dual values as CSV, checked against the published optimum and
// against the LP's own data (objective, dual objective, reduced costs and complementary slackness
// recomputed here).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gosplan/linear_program.h"
#include "test_support.h"
#include "util/csv.h"

namespace gosplan {
namespace {

using testing::DataPath;
using ::testing::HasSubstr;
using testing::ReadFile;
using testing::RunCli;
using testing::ScratchFolder;

// Netlib's published optimum of afiro (tests/data/SOURCES.md: −4.6475314286E+02).
constexpr double kAfiroOptimum = -4.6475314286E+02;

std::string Quote(const std::string& path) { return "'" + path + "'"; }

// `text` gzip-compressed by zlib's own gzip writer (independent of the reader's inflate loop).
void WriteGzip(const std::string& path, const std::string& text) {
  gzFile file = gzopen(path.c_str(), "wb9");
  ASSERT_NE(file, nullptr);
  ASSERT_EQ(gzwrite(file, text.data(), static_cast<unsigned>(text.size())),
            static_cast<int>(text.size()));
  ASSERT_EQ(gzclose(file), Z_OK);
}

std::string AfiroText() { return ReadFile(DataPath("lp/netlib/afiro.mps")); }

TEST(LpInput, GzipMpsSolvesToThePublishedOptimum) {
  ScratchFolder scratch;
  const std::string gz = scratch.path() + "/afiro.mps.gz";
  WriteGzip(gz, AfiroText());
  auto lp = ReadMps(gz);
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  // The same LP as the plain file, array for array.
  auto plain = ReadMps(DataPath("lp/netlib/afiro.mps"));
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(lp.value().column_names, plain.value().column_names);
  EXPECT_EQ(lp.value().row_indices, plain.value().row_indices);
  EXPECT_EQ(lp.value().values, plain.value().values);
  EXPECT_EQ(lp.value().row_upper, plain.value().row_upper);
  auto solution = SolveWithClp(lp.value());
  ASSERT_TRUE(solution.ok());
  EXPECT_EQ(solution.value().status, LpStatus::kOptimal);
  EXPECT_NEAR(solution.value().objective, kAfiroOptimum, 1e-6);
}

// Detection is by the magic bytes 1f 8b, not the name; two concatenated gzip members (what
// `cat a.gz b.gz` makes) are one text.
TEST(LpInput, GzipIsRecognisedWithoutItsExtensionAndAcrossMembers) {
  ScratchFolder scratch;
  const std::string text = AfiroText();
  const std::string renamed = scratch.path() + "/afiro.data";
  WriteGzip(renamed, text);
  auto lp = ReadMps(renamed);
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  // Netlib readme: afiro has 28 rows (the objective among them) and 32 columns.
  EXPECT_EQ(lp.value().num_rows, 27);
  EXPECT_EQ(lp.value().num_columns, 32);

  const std::size_t half = text.find("COLUMNS");
  ASSERT_NE(half, std::string::npos);
  WriteGzip(scratch.path() + "/a.gz", text.substr(0, half));
  WriteGzip(scratch.path() + "/b.gz", text.substr(half));
  const std::string joined = scratch.Write(
      "joined.mps.gz", ReadFile(scratch.path() + "/a.gz") + ReadFile(scratch.path() + "/b.gz"));
  auto again = ReadMps(joined);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again.value().num_nonzeros(), lp.value().num_nonzeros());
}

TEST(LpInput, TruncatedOrCorruptGzipIsAClearErrorNamingTheFile) {
  ScratchFolder scratch;
  const std::string gz = scratch.path() + "/afiro.mps.gz";
  WriteGzip(gz, AfiroText());
  const std::string bytes = ReadFile(gz);

  const std::string truncated =
      scratch.Write("truncated.mps.gz", bytes.substr(0, bytes.size() / 2));
  auto cut = ReadMps(truncated);
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.status().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(cut.status().ToString(), HasSubstr(truncated));
  EXPECT_THAT(cut.status().ToString(), HasSubstr("truncated"));

  std::string damaged = bytes;
  for (std::size_t k = 20; k < 60; ++k) damaged[k] = static_cast<char>(damaged[k] ^ 0x5a);
  const std::string corrupt = scratch.Write("corrupt.mps.gz", damaged);
  auto broken = ReadMps(corrupt);
  ASSERT_FALSE(broken.ok());
  EXPECT_THAT(broken.status().ToString(), HasSubstr(corrupt));
  EXPECT_THAT(broken.status().ToString(), HasSubstr("gzip"));

  // Through the CLI: exit 2, the file named.
  const auto run = RunCli("lp " + Quote(truncated));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.errors, HasSubstr(truncated));
}

// Defects inside a compressed file are located in the decompressed text: line 6 holds the
// undeclared row 'CAPX', whose name starts in column 15 (counted by hand below).
TEST(LpInput, DefectsInsideAGzipFileAreLocatedInTheText) {
  ScratchFolder scratch;
  const std::string text =
      "NAME          BAD\n"                 // line 1
      "ROWS\n"                              // 2
      " N  COST\n"                          // 3
      " L  LIM1\n"                          // 4
      "COLUMNS\n"                           // 5
      "    X         CAPX           1.0\n"  // 6: 4 blanks, X (5), 9 blanks (6-14), CAPX (15)
      "RHS\n"
      "    RHS       LIM1           4.0\n"
      "ENDATA\n";
  const std::string gz = scratch.path() + "/bad.mps.gz";
  WriteGzip(gz, text);
  auto lp = ReadMps(gz);
  ASSERT_FALSE(lp.ok());
  EXPECT_THAT(lp.status().ToString(), HasSubstr(gz + ":6:15: row 'CAPX' is not declared"));
}

TEST(LpInput, MpsFromStandardInput) {
  const std::string plain = DataPath("lp/netlib/afiro.mps");
  const auto run = RunCli("lp - --format json < " + Quote(plain));
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  const nlohmann::json out = nlohmann::json::parse(run.output);
  EXPECT_EQ(out["file"], "<stdin>");
  EXPECT_NEAR(out["objective"].get<double>(), kAfiroOptimum, 1e-6);

  ScratchFolder scratch;
  const std::string gz = scratch.path() + "/afiro.mps.gz";
  WriteGzip(gz, AfiroText());
  const auto zipped = RunCli("lp - --format json < " + Quote(gz));
  ASSERT_EQ(zipped.exit_code, 0) << zipped.errors;
  EXPECT_NEAR(nlohmann::json::parse(zipped.output)["objective"].get<double>(), kAfiroOptimum, 1e-6);

  // Diagnostics name standard input.
  const std::string bad = scratch.Write("bad.mps", "ROWS\n N  COST\nCOLUMNS\n    X  NOPE  1\n");
  const auto refused = RunCli("lp - < " + Quote(bad));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.errors, HasSubstr("<stdin>:4:8: row 'NOPE' is not declared"));
}

TEST(LpInput, IoTableFromStandardInput) {
  // The published Eurostat multipliers (as in cli_io_test.cc), read through standard input.
  const auto run =
      RunCli("io - --format json < " + Quote(DataPath("io/eurostat-germany-1995.csv")));
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  const nlohmann::json out = nlohmann::json::parse(run.output);
  const double diagonal[] = {1.0339, 1.4292, 1.0289, 1.1784, 1.4126, 1.0515};
  const double output[] = {1.7048, 1.8413, 1.8136, 1.6035, 1.5951, 1.3782};
  ASSERT_EQ(out["sectors"].size(), 6u);
  for (int j = 0; j < 6; ++j) {
    EXPECT_NEAR(out["leontief_diagonal"][j].get<double>(), diagonal[j], 5e-5);
    EXPECT_NEAR(out["output_multipliers"][j].get<double>(), output[j], 5e-5);
  }
  // Bad input from standard input is located there: line 3's second cell is not a number.
  ScratchFolder scratch;
  const std::string bad =
      scratch.Write("bad.csv", "label,a,b,total_output\na,1,2,10\nb,x,1,10\nlabour,1,1,\n");
  const auto refused = RunCli("io - < " + Quote(bad));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.errors, HasSubstr("<stdin>:3:2:"));
}

// One row of the --solution CSV.
struct SolutionRow {
  double value = 0.0;
  double dual = 0.0;
};

TEST(LpInput, SolutionFileHoldsAnOptimalPrimalAndDualPoint) {
  ScratchFolder scratch;
  const std::string path = scratch.path() + "/afiro-solution.csv";
  const auto run =
      RunCli("lp " + Quote(DataPath("lp/netlib/afiro.mps")) + " --solution " + Quote(path));
  ASSERT_EQ(run.exit_code, 0) << run.errors;

  // Read back with the project's CSV reader; the header is the documented one.
  auto csv = util::CsvFile::Open(path);
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  EXPECT_EQ(csv.value().header(),
            (std::vector<std::string>{"kind", "name", "value", "dual_or_reduced_cost"}));
  std::map<std::string, SolutionRow> columns, rows;
  std::vector<std::string> order;
  util::CsvRow row;
  Diagnostics diagnostics;
  while (csv.value().Next(row, diagnostics)) {
    ASSERT_EQ(row.fields.size(), 4u);
    const auto value = util::ToFiniteNumber(row.fields[2]);
    const auto dual = util::ToFiniteNumber(row.fields[3]);
    ASSERT_TRUE(value && dual) << row.line;
    auto& target = row.fields[0] == "column" ? columns : rows;
    ASSERT_TRUE(row.fields[0] == "column" || row.fields[0] == "row") << row.fields[0];
    target[std::string(row.fields[1])] = {*value, *dual};
    order.emplace_back(row.fields[0]);
  }
  EXPECT_TRUE(diagnostics.empty());

  auto read = ReadMps(DataPath("lp/netlib/afiro.mps"));
  ASSERT_TRUE(read.ok());
  const LinearProgram& lp = read.value();
  ASSERT_EQ(columns.size(), static_cast<std::size_t>(lp.num_columns));
  ASSERT_EQ(rows.size(), static_cast<std::size_t>(lp.num_rows));
  EXPECT_EQ(order.front(), "column");  // columns first, then rows
  EXPECT_EQ(order.back(), "row");

  // Primal: Σ c_j x_j from the written values is the published optimum; the written activities
  // are M x; x ≥ 0 (afiro has no BOUNDS) and every row holds.
  constexpr double kTolerance = 1e-7;
  double objective = lp.objective_offset;
  std::vector<double> activity(static_cast<std::size_t>(lp.num_rows), 0.0);
  std::vector<double> transposed(static_cast<std::size_t>(lp.num_columns), 0.0);  // Mᵀ y
  for (Index j = 0; j < lp.num_columns; ++j) {
    const SolutionRow& x = columns.at(lp.column_names[j]);
    objective += lp.objective[j] * x.value;
    EXPECT_GE(x.value, -kTolerance) << lp.column_names[j];
    for (Index k = lp.column_starts[j]; k < lp.column_starts[j + 1]; ++k) {
      activity[lp.row_indices[k]] += lp.values[k] * x.value;
      transposed[j] += lp.values[k] * rows.at(lp.row_names[lp.row_indices[k]]).dual;
    }
  }
  EXPECT_NEAR(objective, kAfiroOptimum, 1e-6);

  // Dual: a minimisation, so a binding "≤" row has y ≤ 0 (raising its bound cannot raise the
  // minimum), a slack row y = 0 (complementary slackness), an equality row any sign. Reduced costs
  // are d = c − Mᵀ y, ≥ 0 at x's lower bound 0, and x_j d_j = 0. The dual objective Σ b_i y_i
  // (column bounds are 0, so they add nothing) equals the primal optimum (strong duality).
  double dual_objective = lp.objective_offset;
  for (Index i = 0; i < lp.num_rows; ++i) {
    const SolutionRow& r = rows.at(lp.row_names[i]);
    EXPECT_NEAR(r.value, activity[i], 1e-9 * (1.0 + std::fabs(activity[i]))) << lp.row_names[i];
    EXPECT_LE(r.value, lp.row_upper[i] + kTolerance) << lp.row_names[i];
    EXPECT_GE(r.value, lp.row_lower[i] - kTolerance) << lp.row_names[i];
    if (lp.row_lower[i] != lp.row_upper[i]) {  // an L row of afiro
      EXPECT_LE(r.dual, kTolerance) << lp.row_names[i];
      EXPECT_NEAR(r.dual * (r.value - lp.row_upper[i]), 0.0, 1e-6) << lp.row_names[i];
    }
    const double bound = r.dual > 0 ? lp.row_lower[i] : lp.row_upper[i];
    if (r.dual != 0.0) dual_objective += r.dual * bound;
  }
  EXPECT_NEAR(dual_objective, kAfiroOptimum, 1e-6);
  for (Index j = 0; j < lp.num_columns; ++j) {
    const SolutionRow& x = columns.at(lp.column_names[j]);
    EXPECT_NEAR(x.dual, lp.objective[j] - transposed[j], 1e-9) << lp.column_names[j];
    EXPECT_GE(x.dual, -kTolerance) << lp.column_names[j];
    EXPECT_NEAR(x.value * x.dual, 0.0, 1e-6) << lp.column_names[j];
  }

  // Run again: the file is replaced with the same bytes (deterministic output).
  const std::string first = ReadFile(path);
  const auto again =
      RunCli("lp " + Quote(DataPath("lp/netlib/afiro.mps")) + " --solution " + Quote(path) + " -q");
  ASSERT_EQ(again.exit_code, 0) << again.errors;
  EXPECT_EQ(ReadFile(path), first);
}

TEST(LpInput, SolutionPathInAMissingFolderIsRefusedBeforeTheSolve) {
  ScratchFolder scratch;
  const std::string path = scratch.path() + "/no-such-folder/solution.csv";
  const auto run =
      RunCli("lp " + Quote(DataPath("lp/netlib/afiro.mps")) + " --solution " + Quote(path));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.errors, HasSubstr("does not exist"));
  EXPECT_EQ(run.output, "");  // refused before solving: no report
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(LpInput, QuietAndVerbose) {
  const std::string afiro = Quote(DataPath("lp/netlib/afiro.mps"));
  const auto normal = RunCli("lp " + afiro);
  ASSERT_EQ(normal.exit_code, 0);
  EXPECT_THAT(normal.errors, HasSubstr("timings: solve"));

  const auto quiet = RunCli("lp " + afiro + " -q");
  ASSERT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.errors, "");
  EXPECT_EQ(quiet.output, normal.output);  // stdout is the same report

  const auto clp = RunCli("lp " + afiro + " --verbose");
  ASSERT_EQ(clp.exit_code, 0);
  EXPECT_EQ(clp.output, normal.output);
  EXPECT_THAT(clp.errors, HasSubstr("gosplan: clp: "));
  EXPECT_THAT(clp.errors, HasSubstr("Optimal"));  // CLP's own closing line

  const auto pdlp = RunCli("lp " + afiro + " --solver pdlp -v");
  ASSERT_EQ(pdlp.exit_code, 0) << pdlp.errors;
  EXPECT_THAT(pdlp.errors, HasSubstr("gosplan: pdlp: iteration "));

  EXPECT_EQ(RunCli("lp " + afiro + " -q -v").exit_code, 2);  // contradictory
}

}  // namespace
}  // namespace gosplan
