// The MPS reader (src/lp/mps_reader.cc): the objective sense, legal files that older readers
// refused, and located errors for bad ones. Every optimum below is derived by hand in the comment
// above its LP.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "gosplan/linear_program.h"
#include "gosplan/pdlp.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::RunCli;
using testing::ScratchFolder;

std::string Quote(const std::string& text) { return "'" + text + "'"; }

// max x + y  s.t.  x + y ≤ 4,  x, y ≥ 0: the maximum is 4 (any point on x + y = 4); the minimum is
// 0.
const char* const kBody =
    "ROWS\n"
    " N  OBJ\n"
    " L  CAP\n"
    "COLUMNS\n"
    "    X         OBJ            1.0   CAP            1.0\n"
    "    Y         OBJ            1.0   CAP            1.0\n"
    "RHS\n"
    "    RHS       CAP            4.0\n"
    "ENDATA\n";

struct SenseCase {
  const char* name;
  const char* header;  // NAME and OBJSENSE records
  bool maximize;
};

class ObjectiveSenseTest : public ::testing::TestWithParam<SenseCase> {};

// Before the MPS reader of its own, CoinMpsIO ignored OBJSENSE (and the one-line form broke the
// file): `gosplan lp` reported 0 for these maximisations.
TEST_P(ObjectiveSenseTest, BothSolversHonourTheFilesSense) {
  const SenseCase& c = GetParam();
  auto lp = ReadMpsText(std::string(c.header) + kBody, c.name);
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  EXPECT_EQ(lp.value().maximize, c.maximize);
  const double expected = c.maximize ? 4.0 : 0.0;
  auto clp = SolveWithClp(lp.value());
  ASSERT_TRUE(clp.ok());
  ASSERT_EQ(clp.value().status, LpStatus::kOptimal);
  EXPECT_NEAR(clp.value().objective, expected, 1e-9);
  PdlpOptions options;
  options.tolerance = 1e-8;
  auto pdlp = SolveWithPdlp(lp.value(), options);
  ASSERT_TRUE(pdlp.ok());
  ASSERT_EQ(pdlp.value().status, LpStatus::kOptimal);
  EXPECT_NEAR(pdlp.value().objective, expected, 1e-6);
}

INSTANTIATE_TEST_SUITE_P(
    Mps, ObjectiveSenseTest,
    ::testing::Values(SenseCase{"TwoLineMax", "NAME          MAXTEST\nOBJSENSE\n    MAX\n", true},
                      SenseCase{"OneLineMax", "NAME          MAXTEST\nOBJSENSE MAX\n", true},
                      SenseCase{"OneLineMaximize", "NAME MAXTEST\nOBJSENSE    MAXIMIZE\n", true},
                      SenseCase{"TwoLineMaximizeLowerCase",
                                "NAME MAXTEST\nOBJSENSE\n    maximize\n", true},
                      SenseCase{"FreeFormatMax", "NAME MAXTEST FREE\nOBJSENSE\n MAX\n", true},
                      SenseCase{"TwoLineMin", "NAME          MINTEST\nOBJSENSE\n    MIN\n", false},
                      SenseCase{"OneLineMinimize", "NAME MINTEST\nOBJSENSE MINIMIZE\n", false},
                      SenseCase{"NoSense", "NAME          MINTEST\n", false}),
    [](const ::testing::TestParamInfo<SenseCase>& info) { return std::string(info.param.name); });

// The command reports the objective in the file's sense and says the sense; stdout is JSON only
// (CoinMpsIO printed "MAX found after OBJSENSE - Coin ignores" there).
TEST(MpsCommandTest, MaximisationIsReportedAsMaximumInTextAndJson) {
  ScratchFolder scratch;
  const std::string path =
      scratch.Write("max.mps", std::string("NAME MAXTEST\nOBJSENSE\n    MAX\n") + kBody);
  for (const std::string solver : {"clp", "pdlp"}) {
    const auto json = RunCli("lp " + Quote(path) + " --solver " + solver + " --format json");
    ASSERT_EQ(json.exit_code, 0) << solver << json.errors;
    ASSERT_TRUE(nlohmann::json::accept(json.output)) << solver << ": stdout is not JSON:\n"
                                                     << json.output;
    const auto document = nlohmann::json::parse(json.output);
    EXPECT_EQ(document["sense"], "max") << solver;
    EXPECT_NEAR(document["objective"].get<double>(), 4.0, 1e-3) << solver;
    const auto text = RunCli("lp " + Quote(path) + " --solver " + solver);
    ASSERT_EQ(text.exit_code, 0) << solver << text.errors;
    // CLP's vertex is exactly 4; PDLP's point is 4 to its tolerance (3.99999999999 is printed as
    // such).
    EXPECT_NE(text.output.find(solver == "clp" ? "optimal  maximum 4 " : "optimal  maximum "),
              std::string::npos)
        << solver << text.output;
  }
}

// An infeasible LP has no objective value: JSON null, no number in the text.
// x ≥ 3 (G row) and x ≤ 1 (bound) cannot both hold.
TEST(MpsCommandTest, InfeasibleLpPrintsNoObjective) {
  ScratchFolder scratch;
  const std::string path =
      scratch.Write("infeasible.mps",
                    "NAME INF\nROWS\n N  OBJ\n G  LOW\nCOLUMNS\n    X  OBJ  1.0  LOW  1.0\n"
                    "RHS\n    RHS  LOW  3.0\nBOUNDS\n UP BND  X  1.0\nENDATA\n");
  const auto json = RunCli("lp " + Quote(path) + " --format json");
  EXPECT_EQ(json.exit_code, 3) << json.errors;
  ASSERT_TRUE(nlohmann::json::accept(json.output)) << json.output;
  const auto document = nlohmann::json::parse(json.output);
  EXPECT_EQ(document["status"], "infeasible");
  EXPECT_TRUE(document["objective"].is_null());
  const auto text = RunCli("lp " + Quote(path));
  EXPECT_NE(text.output.find("no objective value"), std::string::npos) << text.output;
}

// Legal files that the CoinMpsIO-based reader refused or misread.
// No RHS section: every right-hand side is 0. min x s.t. x − y ≥ 0, y ≥ 1 (LO bound): x ≥ y ≥ 1,
// min 1.
TEST(MpsReaderTest, FileWithoutRhsSectionHasZeroRightHandSides) {
  auto lp = ReadMpsText(
      "NAME NORHS\nROWS\n N  COST\n G  R1\nCOLUMNS\n    X  COST  1.0  R1  1.0\n"
      "    Y  R1  -1.0\nBOUNDS\n LO BND  Y  1.0\nENDATA\n",
      "norhs.mps");
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  EXPECT_EQ(lp.value().row_lower[0], 0.0);
  auto solution = SolveWithClp(lp.value());
  ASSERT_TRUE(solution.ok());
  EXPECT_NEAR(solution.value().objective, 1.0, 1e-9);
}

// Names of 120 characters (free MPS has no length limit; CoinMpsIO's fixed buffers overflowed past
// ~100).
TEST(MpsReaderTest, LongNamesAreKept) {
  const std::string row(120, 'r'), column(120, 'c');
  auto lp = ReadMpsText("NAME LONG\nOBJSENSE MAX\nROWS\n N  OBJ\n L  " + row + "\nCOLUMNS\n    " +
                            column + "  OBJ  2.0  " + row + "  1.0\nRHS\n    RHS  " + row +
                            "  3.0\nENDATA\n",
                        "long.mps");
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  EXPECT_EQ(lp.value().row_names[0], row);
  EXPECT_EQ(lp.value().column_names[0], column);
  // max 2c s.t. c ≤ 3: 6.
  auto solution = SolveWithClp(lp.value());
  ASSERT_TRUE(solution.ok());
  EXPECT_NEAR(solution.value().objective, 6.0, 1e-9);
}

// What --write-mps writes with long names (plan ids make names past 96 characters) reads back: the
// reader once refused such files. max 2c s.t. c ≤ 3 is written as min −2c: the file's optimum is
// −6.
TEST(MpsReaderTest, LongNamesSurviveWriteAndRead) {
  const std::string row(150, 'r'), column(150, 'c');
  auto lp = ReadMpsText("NAME LONG\nOBJSENSE MAX\nROWS\n N  OBJ\n L  " + row + "\nCOLUMNS\n    " +
                            column + "  OBJ  2.0  " + row + "  1.0\nRHS\n    RHS  " + row +
                            "  3.0\nENDATA\n",
                        "long.mps");
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  ScratchFolder scratch;
  const std::string path = scratch.path() + "/long.mps";
  ASSERT_TRUE(WriteMps(lp.value(), path).ok());
  auto again = ReadMps(path);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again.value().column_names[0], column);
  EXPECT_FALSE(again.value().maximize);
  auto solution = SolveWithClp(again.value());
  ASSERT_TRUE(solution.ok());
  EXPECT_NEAR(solution.value().objective, -6.0, 1e-9);
}

// Every LP of the test corpus written and read back is the same LP, bit for bit (shortest exact
// numbers), and the `clp` command (COIN-OR's own MPS reader, an independent path) finds the optimum
// CLP finds on the arrays in memory.
TEST(MpsWriterTest, CorpusRoundTripIsExactAndReadableByTheClpCommand) {
  ScratchFolder scratch;
  int checked = 0;
  for (const std::string name :
       {"lp/netlib/afiro.mps", "lp/netlib/adlittle.mps", "lp/netlib/blend.mps",
        "lp/netlib/share2b.mps", "lp/textbook/dakota_winston.mps",
        "lp/textbook/trnsport_dantzig_gams.mps"}) {
    auto lp = ReadMps(testing::DataPath(name));
    ASSERT_TRUE(lp.ok()) << name;
    const std::string path = scratch.path() + "/" + std::to_string(checked++) + ".mps";
    ASSERT_TRUE(WriteMps(lp.value(), path).ok()) << name;
    auto again = ReadMps(path);
    ASSERT_TRUE(again.ok()) << name << again.status().ToString();
    const LinearProgram& a = lp.value();
    const LinearProgram& b = again.value();
    EXPECT_EQ(a.column_starts, b.column_starts) << name;
    EXPECT_EQ(a.row_indices, b.row_indices) << name;
    EXPECT_EQ(a.values, b.values) << name;
    EXPECT_EQ(a.objective, b.objective) << name;
    EXPECT_EQ(a.column_lower, b.column_lower) << name;
    EXPECT_EQ(a.column_upper, b.column_upper) << name;
    EXPECT_EQ(a.row_lower, b.row_lower) << name;
    EXPECT_EQ(a.row_upper, b.row_upper) << name;
    EXPECT_EQ(a.row_names, b.row_names) << name;
    EXPECT_EQ(a.column_names, b.column_names) << name;
    auto solution = SolveWithClp(a);
    ASSERT_TRUE(solution.ok());
    const auto run = std::system(
        ("/usr/bin/clp " + Quote(path) + " -solve -quit > " + Quote(path + ".log")).c_str());
    ASSERT_EQ(run, 0) << name;
    const std::string log = testing::ReadFile(path + ".log");
    const std::size_t at = log.find("objective value");
    ASSERT_NE(at, std::string::npos) << log;
    const double clp_objective = std::stod(log.substr(at + 15));
    EXPECT_NEAR(clp_objective, solution.value().objective, 1e-6 * (1 + std::abs(clp_objective)))
        << name;
  }
}

// Free MPS lets RHS, RANGES and BOUNDS records omit the set name: `row value`, `UP column value`.
// max x + y s.t. x + y ≤ 4 (RHS without set), x ≤ 1 (UP without set), y ≤ 2.5 (UP without
// set): 3.5.
TEST(MpsReaderTest, FreeFormatRecordsWithoutSetNames) {
  auto lp = ReadMpsText(
      "NAME FREE\nOBJSENSE MAX\nROWS\n N obj\n L cap\nCOLUMNS\n x obj 1 cap 1\n y obj 1 cap 1\n"
      "RHS\n cap 4\nBOUNDS\n UP x 1\n UP y 2.5\nENDATA\n",
      "free.mps");
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  EXPECT_EQ(lp.value().row_upper[0], 4.0);
  auto solution = SolveWithClp(lp.value());
  ASSERT_TRUE(solution.ok());
  EXPECT_NEAR(solution.value().objective, 3.5, 1e-9);
}

// RANGES (MPSX): on an E row with rhs 2, R = −3 gives 2 + R ≤ row ≤ 2, i.e. [−1, 2]; on an L row
// with rhs 5, R = 2 gives [3, 5]; on a G row with rhs 1, R = 4 gives [1, 5]. Only the first RHS set
// counts.
TEST(MpsReaderTest, RangesAndOnlyTheFirstRhsSet) {
  auto lp = ReadMpsText(
      "NAME RANGED\nROWS\n N  OBJ\n E  EQ\n L  LE\n G  GE\nCOLUMNS\n"
      "    X  OBJ  1.0  EQ  1.0\n    X  LE  1.0  GE  1.0\n"
      "RHS\n    RHS1  EQ  2.0  LE  5.0\n    RHS1  GE  1.0\n    RHS2  EQ  99.0\n"
      "RANGES\n    RNG  EQ  -3.0  LE  2.0\n    RNG  GE  4.0\nBOUNDS\n FR BND  X\nENDATA\n",
      "ranged.mps");
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  const LinearProgram& p = lp.value();
  EXPECT_EQ(p.row_lower[0], -1.0);
  EXPECT_EQ(p.row_upper[0], 2.0);
  EXPECT_EQ(p.row_lower[1], 3.0);
  EXPECT_EQ(p.row_upper[1], 5.0);
  EXPECT_EQ(p.row_lower[2], 1.0);
  EXPECT_EQ(p.row_upper[2], 5.0);
  // min x over the intersection [−1,2] ∩ [3,5] ∩ [1,5] = ∅: infeasible.
  auto solution = SolveWithClp(p);
  ASSERT_TRUE(solution.ok());
  EXPECT_EQ(solution.value().status, LpStatus::kInfeasible);
}

// A negative UP bound on a column without a lower bound makes the lower bound −∞ (CPLEX/CLP/HiGHS
// convention): max x with x ≤ −2 is −2, and the column is not fixed infeasible by 0 ≤ x ≤ −2.
TEST(MpsReaderTest, NegativeUpperBoundFreesTheLowerBound) {
  auto lp = ReadMpsText(
      "NAME NEGUP\nOBJSENSE MAX\nROWS\n N  OBJ\n L  R\nCOLUMNS\n    X  OBJ  1.0  R  1.0\n"
      "RHS\n    RHS  R  10.0\nBOUNDS\n UP BND  X  -2.0\nENDATA\n",
      "negup.mps");
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  EXPECT_EQ(lp.value().column_lower[0], -kUnbounded);
  auto solution = SolveWithClp(lp.value());
  ASSERT_TRUE(solution.ok());
  EXPECT_NEAR(solution.value().objective, -2.0, 1e-9);
}

// The RHS of the objective row is minus the objective's constant: min x + 0 with x ≥ 1 and RHS OBJ
// 5 gives 1 − 5 = −4.
TEST(MpsReaderTest, ObjectiveRhsIsMinusTheConstant) {
  auto lp = ReadMpsText(
      "NAME CONST\nROWS\n N  OBJ\nCOLUMNS\n    X  OBJ  1.0\nRHS\n    RHS  OBJ  5.0\n"
      "BOUNDS\n LO BND  X  1.0\nENDATA\n",
      "const.mps");
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  auto solution = SolveWithClp(lp.value());
  ASSERT_TRUE(solution.ok());
  EXPECT_NEAR(solution.value().objective, -4.0, 1e-9);
}

struct BadCase {
  const char* name;
  std::string text;
  const char* location;  // "bad.mps:LINE:COLUMN"
  const char* words;     // part of the message
};

class BadMpsTest : public ::testing::TestWithParam<BadCase> {};

// A bad file gets file:line:column and what is wrong (CoinMpsIO said "N error(s) or is
// unreadable").
TEST_P(BadMpsTest, IsLocated) {
  const BadCase& c = GetParam();
  auto lp = ReadMpsText(c.text, "bad.mps");
  ASSERT_FALSE(lp.ok()) << c.name;
  EXPECT_EQ(lp.status().code(), StatusCode::kInvalidInput);
  const std::string message = lp.status().ToString();
  EXPECT_NE(message.find(c.location), std::string::npos) << message;
  EXPECT_NE(message.find(c.words), std::string::npos) << message;
  EXPECT_EQ(message.find("error(s)"), std::string::npos) << message;
}

const std::string kHead = "NAME BAD\nROWS\n N  OBJ\n L  CAP\nCOLUMNS\n";  // COLUMNS is line 5
INSTANTIATE_TEST_SUITE_P(
    Mps, BadMpsTest,
    ::testing::Values(
        BadCase{"UnknownRow", kHead + "    X  OBJ  1.0  CAPX  1.0\nENDATA\n", "bad.mps:6:18",
                "row 'CAPX' is not declared"},
        BadCase{"BadNumber", kHead + "    X  OBJ  1.O\nENDATA\n", "bad.mps:6:13",
                "'1.O' is not a number"},
        BadCase{"HugeNumber", kHead + "    X  OBJ  1e400\nENDATA\n", "bad.mps:6:13",
                "beyond the range"},
        BadCase{"BeyondSolvers", kHead + "    X  CAP  1e25\nENDATA\n", "bad.mps:6:13",
                "beyond the solvers' range"},
        BadCase{"Truncated", kHead + "    X  OBJ  1.0\n", "bad.mps:", "without ENDATA"},
        BadCase{"Integer", kHead + "    M  'MARKER'  'INTORG'\n    X  OBJ  1.0\nENDATA\n",
                "bad.mps:6:5", "mixed-integer"},
        BadCase{"BinaryBound", kHead + "    X  OBJ  1.0\nBOUNDS\n BV BND  X\nENDATA\n",
                "bad.mps:8:2", "integer"},
        BadCase{"UnknownBoundColumn", kHead + "    X  OBJ  1.0\nBOUNDS\n UP BND  Z  1.0\nENDATA\n",
                "bad.mps:8:10", "column 'Z'"},
        BadCase{"BadSense", "NAME BAD\nOBJSENSE\n    UP\nROWS\n N OBJ\nCOLUMNS\n X OBJ 1\nENDATA\n",
                "bad.mps:3:5", "objective sense 'UP'"},
        BadCase{"SenseMissing", "NAME BAD\nOBJSENSE\nROWS\n N OBJ\nCOLUMNS\n X OBJ 1\nENDATA\n",
                "bad.mps:3:1", "OBJSENSE without a sense"},
        BadCase{"RowTwice", "NAME BAD\nROWS\n N  OBJ\n L  R\n G  R\nCOLUMNS\n X OBJ 1\nENDATA\n",
                "bad.mps:5:5", "declared twice"},
        BadCase{"UnknownSection", kHead + "    X  OBJ  1.0\nBOUND\n UP BND X 1\nENDATA\n",
                "bad.mps:7:1", "unknown section 'BOUND'"},
        BadCase{"SectionsOutOfOrder", "NAME BAD\nCOLUMNS\n X OBJ 1\nROWS\n N OBJ\nENDATA\n",
                "bad.mps:2:1", "COLUMNS before ROWS"},
        BadCase{"NoObjectiveRow", "NAME BAD\nROWS\n L  R\nCOLUMNS\n X R 1\nENDATA\n", "bad.mps:4:1",
                "no N"},
        BadCase{"WrongFieldCount", kHead + "    X  OBJ\nENDATA\n", "bad.mps:6:5",
                "COLUMNS record has 2 fields"},
        BadCase{"ControlByte", kHead + "    X  OBJ  1.0\x01\nENDATA\n", "bad.mps:6:16", "control"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

// The example of docs/mps.md reads and solves as the document says: max 3x + 2y s.t. x + y ≤ 4,
// x + 3y ≤ 6, x ≤ 3 has its optimum 11 at x = 3, y = 1 (the vertex x + y = 4, x = 3; y = 1 gives
// x + 3y = 6, also tight, and the other vertices (0,0), (3,0), (0,2) give 0, 9, 4).
TEST(MpsReaderTest, DocumentedExampleSolvesAsDocumented) {
  const std::string doc = testing::ReadFile(testing::SourcePath("docs/mps.md"));
  const std::size_t start = doc.find("NAME          EXAMPLE");
  const std::size_t end = doc.find("ENDATA", start);
  ASSERT_NE(start, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  auto lp = ReadMpsText(doc.substr(start, end + 7 - start), "docs/mps.md");
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  auto solution = SolveWithClp(lp.value());
  ASSERT_TRUE(solution.ok());
  EXPECT_NEAR(solution.value().objective, 11.0, 1e-9);
  EXPECT_NEAR(solution.value().column_values[0], 3.0, 1e-9);
  EXPECT_NEAR(solution.value().column_values[1], 1.0, 1e-9);
}

// PDLP refuses magnitudes the exact solver refuses (it called a 1e25 coefficient "optimal").
TEST(LpMagnitudeTest, BothSolversRefuseCoefficientsBeyondTheirRange) {
  auto lp = ReadMpsText(
      std::string(
          "NAME OK\nROWS\n N OBJ\n L CAP\nCOLUMNS\n X OBJ 1 CAP 1\nRHS\n RHS CAP 4\nENDATA\n"),
      "ok.mps");
  ASSERT_TRUE(lp.ok());
  LinearProgram huge = lp.value();
  huge.values[0] = 1e25;
  EXPECT_EQ(SolveWithClp(huge).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(SolveWithPdlp(huge).status().code(), StatusCode::kInvalidInput);
  LinearProgram bound = lp.value();
  bound.row_upper[0] = 1e21;
  EXPECT_EQ(SolveWithPdlp(bound).status().code(), StatusCode::kInvalidInput);
  // The largest accepted magnitude is accepted by both.
  LinearProgram edge = lp.value();
  edge.row_upper[0] = kMaxLpMagnitude;
  EXPECT_TRUE(SolveWithClp(edge).ok());
  EXPECT_TRUE(SolveWithPdlp(edge).ok());
}

}  // namespace
}  // namespace gosplan
