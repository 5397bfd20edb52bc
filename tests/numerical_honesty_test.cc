// Numerical honesty (docs/reliability.md): extreme but finite inputs (1e300) are either refused as
// bad input or solved, but never turn into "nan" or "inf" in an output file or in machine-readable
// output; every solve reports what it achieved, and a solve stopped by a limit says so in status
// and exit code.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "test_support.h"

namespace gosplan {
namespace {
namespace fs = std::filesystem;

using testing::DataPath;
using testing::ReadFile;
using testing::RunCli;
using testing::ScratchFolder;
using testing::SourcePath;

std::string Quote(const std::string& text) { return "'" + text + "'"; }

// Words that would mean a non-finite number reached the output: nan, inf, infinity (any case, any
// sign), as a whole CSV cell or JSON token. ("infeasible" in an explanation is a word, not a
// number.)
bool HoldsNonFinite(const std::string& text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (const std::string word : {"nan", "inf", "infinity"}) {
    for (std::size_t at = lower.find(word); at != std::string::npos;
         at = lower.find(word, at + 1)) {
      const bool starts = at == 0 || !is_word(lower[at - 1]);
      const bool ends = at + word.size() == lower.size() || !is_word(lower[at + word.size()]);
      if (starts && ends) return true;
    }
  }
  return false;
}

void ExpectFiniteFolder(const std::string& folder, const std::string& what) {
  if (!fs::exists(folder)) return;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    const std::string text = ReadFile(entry.path().string());
    EXPECT_FALSE(HoldsNonFinite(text)) << what << ": " << entry.path() << " holds nan/inf:\n"
                                       << text.substr(0, 2000);
    if (entry.path().extension() == ".json") {
      EXPECT_TRUE(nlohmann::json::accept(text))
          << what << ": " << entry.path() << " is not valid JSON";
    }
  }
}

TEST(NumericalHonesty, DetectorSeesNonFiniteCells) {
  EXPECT_TRUE(HoldsNonFinite("a,1,nan\n"));
  EXPECT_TRUE(HoldsNonFinite("a,-inf,2\n"));
  EXPECT_TRUE(HoldsNonFinite("{\"x\": Infinity}"));
  EXPECT_FALSE(HoldsNonFinite("the plan is infeasible; information\n"));
}

// Replaces `old_text` by `new_text` in one table of a copy of examples/two-sector.
std::string ModelWith(const ScratchFolder& scratch, const std::string& name,
                      const std::string& table, const std::string& old_text,
                      const std::string& new_text) {
  const std::string folder = scratch.path() + "/" + name;
  fs::copy(SourcePath("examples/two-sector"), folder, fs::copy_options::recursive);
  const std::string path = folder + "/" + table;
  std::string text = ReadFile(path);
  const std::size_t at = text.find(old_text);
  EXPECT_NE(at, std::string::npos) << table << " has no '" << old_text << "'";
  if (at != std::string::npos) text.replace(at, old_text.size(), new_text);
  scratch.Write(name + "/" + table, text);
  return folder;
}

struct ExtremeCase {
  const char* name;
  const char* table;
  const char* old_text;
  const char* new_text;
  int exit_code;  // the one expected outcome, derived in the comment of the test
  const char*
      refused_at;  // exit 2: "file:line:column" of the refused cell (relative to the model folder)
};

// Copies of examples/two-sector with one extreme number each. CLP takes magnitudes up to 1e20
// (kMaxModelMagnitude); the loader checks every cell against that limit, so:
//  - every 1e300 case is bad input (exit 2) refused at its own cell, with nothing written (no plan
//    folder, no MPS file), never a crash, a solver error or a "<linear program>" message;
//  - 1e-300 as grain_by_hand's seed grain only lowers an input, so the example's plan stays
//  feasible and
//    its bound (land, labour and capital) unchanged: optimal (0);
//  - at the limit itself, 1e20, the model is valid and solved:
//      labour available in 1929 1e20: a looser resource row, the example's other limits (land,
//      capital)
//        still bound the plan-ray objective: optimal (0);
//      Putilov's steel stock 1e20: more capital, labour and land still bind: optimal (0);
//      red_dawn's grain_by_tractor ceiling 1e20 instead of none: the tractor stock (0.3 thousand,
//      0.02 per
//        unit) caps the activity at 15 in 1929 anyway: optimal (0);
//      a grain floor of 1e20 Mt in 1929: grain is limited by land (113 million ha, at least 1.2 ha
//      per Mt)
//        to under 100 Mt plus the 2.5 Mt carried in: no plan (3), status "infeasible".
TEST(NumericalHonesty, ExtremeFiniteCoefficientsNeverWriteNaN) {
  ScratchFolder scratch;
  const std::vector<ExtremeCase> cases = {
      {"input-1e300", "technique_inputs.csv", "grain_by_hand,grain,0.12",
       "grain_by_hand,grain,1e300", 2, "technique_inputs.csv:3:3"},
      {"resource-1e300", "technique_resources.csv", "grain_by_hand,labour,0.6",
       "grain_by_hand,labour,1e300", 2, "technique_resources.csv:2:3"},
      {"availability-1e300", "resource_availability.csv", "labour,1929,30", "labour,1929,1e300", 2,
       "resource_availability.csv:2:3"},
      {"floor-1e300", "final_demand.csv", "consumption,grain,1929,40,1",
       "consumption,grain,1929,1e300,1", 2, "final_demand.csv:2:4"},
      {"target-1e300", "final_demand.csv", "consumption,grain,1929,40,1",
       "consumption,grain,1929,40,1e300", 2, "final_demand.csv:2:5"},
      {"capital-1e300", "technique_capital.csv", "steel_open_hearth,steel,1.5",
       "steel_open_hearth,steel,1e300", 2, "technique_capital.csv:3:3"},
      {"stock-1e300", "initial_stocks.csv", "putilov,steel,4.2", "putilov,steel,1e300", 2,
       "initial_stocks.csv:2:3"},
      {"tiny-1e-300", "technique_inputs.csv", "grain_by_hand,grain,0.12",
       "grain_by_hand,grain,1e-300", 0, ""},
      {"availability-1e20", "resource_availability.csv", "labour,1929,30", "labour,1929,1e20", 0,
       ""},
      {"stock-1e20", "initial_stocks.csv", "putilov,steel,4.2", "putilov,steel,1e20", 0, ""},
      {"ceiling-1e20", "enterprise_techniques.csv", "red_dawn,grain_by_tractor,0,",
       "red_dawn,grain_by_tractor,0,1e20", 0, ""},
      {"floor-1e20", "final_demand.csv", "consumption,grain,1929,40,1",
       "consumption,grain,1929,1e20,1", 3, ""},
  };
  for (const ExtremeCase& c : cases) {
    const std::string model = ModelWith(scratch, c.name, c.table, c.old_text, c.new_text);
    const std::string out = scratch.path() + "/plan-" + c.name;
    const std::string mps = scratch.path() + "/" + c.name + ".mps";
    const auto run = RunCli("plan " + Quote(model) + " --out " + Quote(out) + " --write-mps " +
                            Quote(mps) + " -q");
    ASSERT_EQ(run.exit_code, c.exit_code) << c.name << "\n" << run.output << run.errors;
    if (c.exit_code == 2) {
      EXPECT_NE(run.errors.find(model + "/" + c.refused_at + ": "), std::string::npos)
          << c.name << ": " << run.errors;
      EXPECT_NE(run.errors.find("beyond the solvers' range"), std::string::npos)
          << c.name << ": " << run.errors;
      EXPECT_EQ(run.errors.find("<linear program>"), std::string::npos)
          << c.name << ": " << run.errors;
      EXPECT_FALSE(fs::exists(out)) << c.name << ": refused input but wrote a plan";
      EXPECT_FALSE(fs::exists(mps)) << c.name << ": refused input but wrote an MPS file";
      // `model check` agrees: the same model is not valid.
      EXPECT_EQ(RunCli("model check " + Quote(model)).exit_code, 2) << c.name;
    } else {
      EXPECT_EQ(RunCli("model check " + Quote(model)).exit_code, 0) << c.name;
      ASSERT_TRUE(fs::exists(out + "/summary.json")) << c.name;
      const auto summary = nlohmann::json::parse(ReadFile(out + "/summary.json"));
      EXPECT_EQ(summary.at("status"), c.exit_code == 0 ? "optimal" : "infeasible") << c.name;
      // Every solve reports what it achieved.
      EXPECT_TRUE(summary.contains("max_violation")) << c.name;
      if (c.exit_code == 0) {
        EXPECT_TRUE(summary.at("max_violation").is_number()) << c.name;
        EXPECT_TRUE(summary.at("objective").is_number()) << c.name;
      }
    }
    ExpectFiniteFolder(out, c.name);
    EXPECT_FALSE(HoldsNonFinite(run.output)) << c.name << ": stdout\n" << run.output;
    if (fs::exists(mps)) EXPECT_FALSE(HoldsNonFinite(ReadFile(mps))) << c.name << ": MPS file";
    if (run.exit_code == 0) {
      // The plan is optimal, so its prices must prove it: verify accepts it (0).
      const auto verified = RunCli("verify " + Quote(model) + " " + Quote(out));
      EXPECT_EQ(verified.exit_code, 0) << c.name << ": verify\n"
                                       << verified.output << verified.errors;
      EXPECT_FALSE(HoldsNonFinite(verified.output)) << c.name << ": verify output\n"
                                                    << verified.output;
    }
  }
}

TEST(NumericalHonesty, ExtremeIoTableNeverPrintsNaN) {
  ScratchFolder scratch;
  // Miller & Blair's 2x2 table with flows scaled to 1e300 (balanced) and with one extreme primary
  // row.
  const std::vector<std::pair<std::string, std::string>> tables = {
      {"huge.csv",
       "sector,a,b,households,total_output\n"
       "a,1.5e299,5e299,8.5e299,1.5e300\n"
       "b,3e299,1e299,6e299,1e300\n"
       "value_added,10,20,,\n"},
      {"huge-primary.csv",
       "sector,a,b,households,total_output\n"
       "a,150,500,850,1500\n"
       "b,300,100,600,1000\n"
       "value_added,1e300,1e300,,\n"},
      {"tiny.csv",
       "sector,a,b,households,total_output\n"
       "a,1.5e-300,5e-300,8.5e-300,1.5e-299\n"
       "b,3e-300,1e-300,6e-300,1e-299\n"},
  };
  for (const auto& [name, text] : tables) {
    const std::string path = scratch.Write(name, text);
    for (const std::string format : {"json", "csv", "table"}) {
      const auto run = RunCli("io " + Quote(path) + " --format " + format);
      // The Leontief model is scale-invariant: A = flows / total output is Miller & Blair's
      // [[0.1, 0.5], [0.2, 0.1]] in all three tables (productive, spectral radius 0.1 + √0.1 ≈ 0.42
      // < 1), so every table solves (exit 0) with outputs 1.5e±300-ish and 1e±300-ish, all finite;
      // the 1e300 primary row only scales the value-added results (1e300 / 1500 ≈ 6.7e296, finite).
      EXPECT_EQ(run.exit_code, 0) << name << " " << format << ": " << run.output << run.errors;
      EXPECT_FALSE(HoldsNonFinite(run.output)) << name << " " << format << ":\n" << run.output;
      if (format == "json") {
        EXPECT_TRUE(nlohmann::json::accept(run.output)) << name;
        auto json = nlohmann::json::parse(run.output);
        EXPECT_TRUE(json.at("residual").is_number()) << name << ": the solve reports its residual";
        // nlohmann writes a non-finite double as null: that would hide a NaN. The one null expected
        // is the Leontief inverse, not asked for (docs/json.md: null = not computed).
        EXPECT_TRUE(json.at("leontief_inverse").is_null()) << name;
        json.erase("leontief_inverse");
        EXPECT_EQ(json.dump().find("null"), std::string::npos) << name << ":\n" << run.output;
      }
    }
  }
}

TEST(NumericalHonesty, ExtremeLpNeverPrintsNaN) {
  ScratchFolder scratch;
  const std::string mps = scratch.Write("extreme.mps",
                                        "NAME          EXTREME\n"
                                        "ROWS\n"
                                        " N  COST\n"
                                        " L  LIM1\n"
                                        "COLUMNS\n"
                                        "    X1        COST         1.0   LIM1         1e300\n"
                                        "    X2        COST         1e300 LIM1         1.0\n"
                                        "RHS\n"
                                        "    RHS       LIM1         4.0\n"
                                        "BOUNDS\n"
                                        " UP BND       X1           4.0\n"
                                        " UP BND       X2           1.0\n"
                                        "ENDATA\n");
  for (const std::string format : {"json", "text"}) {
    const auto run = RunCli("lp " + Quote(mps) + " --format " + format);
    // The solvers take magnitudes up to 1e20 only (docs/reliability.md, section 3): the 1e300
    // coefficients are bad input (exit 2), refused by the MPS reader at the first of them (line 6,
    // field 5 at column 47), never solved into nan.
    EXPECT_EQ(run.exit_code, 2) << format << ": " << run.output << run.errors;
    EXPECT_NE(run.errors.find("extreme.mps:6:47: coefficient of 'X1' in row 'LIM1' 1e300 is beyond "
                              "the solvers' range"),
              std::string::npos)
        << format << ": " << run.errors;
    EXPECT_FALSE(HoldsNonFinite(run.output)) << format << ":\n" << run.output;
    EXPECT_TRUE(run.output.empty()) << format << ": a refused LP prints no result\n" << run.output;
  }
}

// A solve stopped by its iteration limit says so: status "iteration_limit", exit code 5 (for `lp`),
// no targets issued (for a plan). Deterministic, with no clock involved: the full solve of the same
// LP is first run to its optimum and takes N > 1 simplex iterations; CLP is deterministic, so the
// run limited to 1 iteration follows the same path and must stop after its first iteration, before
// the optimum (1 < N). (A time limit of 1e-9 s was raced by the solver: on a fast or idle machine
// the plan could be solved before CLP's first look at its clock, and the test then skipped itself.)
TEST(NumericalHonesty, IterationLimitIsReportedAsLimit) {
  ScratchFolder scratch;
  const std::string model_folder = scratch.path() + "/generated";
  ASSERT_EQ(
      RunCli("generate --products 300 --years 5 --seed 3 --out " + Quote(model_folder) + " -q")
          .exit_code,
      0);
  auto model = LoadModel(model_folder);
  ASSERT_TRUE(model.ok()) << model.status().ToString();

  PlanOptions options;
  auto full = SolvePlan(model.value(), options);
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  ASSERT_EQ(full.value().status, PlanStatus::kOptimal);
  ASSERT_GT(full.value().iterations, 1);

  options.solver.iteration_limit = 1;
  auto limited = SolvePlan(model.value(), options);
  ASSERT_TRUE(limited.ok()) << limited.status().ToString();
  EXPECT_EQ(limited.value().status, PlanStatus::kIterationLimit);
  const std::string out = scratch.path() + "/plan";
  ASSERT_TRUE(WritePlanFolder(model.value(), limited.value(), out, false).ok());
  ASSERT_TRUE(fs::exists(out + "/summary.json"));
  const auto summary = nlohmann::json::parse(ReadFile(out + "/summary.json"));
  EXPECT_EQ(summary.at("status"), "iteration_limit");
  // A plan that is not proven optimal issues no targets.
  EXPECT_FALSE(fs::exists(out + "/targets.csv"));
  ExpectFiniteFolder(out, "limit");

  // The same LP through `gosplan lp`: exit 5 and status "iteration_limit", for both formats.
  const std::string mps = scratch.path() + "/plan.mps";
  ASSERT_EQ(RunCli("plan " + Quote(model_folder) + " --write-mps " + Quote(mps) + " -q").exit_code,
            0);
  const auto unlimited = RunCli("lp " + Quote(mps) + " --format json");
  ASSERT_EQ(unlimited.exit_code, 0) << unlimited.output << unlimited.errors;
  ASSERT_GT(nlohmann::json::parse(unlimited.output).at("iterations").get<std::int64_t>(), 1);
  const auto json_run = RunCli("lp " + Quote(mps) + " --iteration-limit 1 --format json");
  EXPECT_EQ(json_run.exit_code, 5) << json_run.output << json_run.errors;
  ASSERT_TRUE(nlohmann::json::accept(json_run.output)) << json_run.output;
  EXPECT_EQ(nlohmann::json::parse(json_run.output).at("status"), "iteration_limit");
  EXPECT_FALSE(HoldsNonFinite(json_run.output)) << json_run.output;
  const auto text_run = RunCli("lp " + Quote(mps) + " --iteration-limit 1 --format text");
  EXPECT_EQ(text_run.exit_code, 5) << text_run.output << text_run.errors;
  EXPECT_FALSE(HoldsNonFinite(text_run.output)) << text_run.output;
}

}  // namespace
}  // namespace gosplan

namespace gosplan {
namespace {

// Inputs the MPS fuzzer found (fuzz/corpus/mps/regress-*: CoinMpsIO out-of-memory, negative-size
// allocation, NULL reads): each is refused as bad input (exit 2) with a located message, never a
// crash.
TEST(NumericalHonesty, FuzzFoundMpsInputsAreRefusedNotCrashed) {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(SourcePath("fuzz/corpus/mps"))) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("regress-", 0) != 0) continue;
    const auto run = RunCli("lp " + Quote(entry.path().string()) + " --format json");
    EXPECT_EQ(run.exit_code, 2) << name << "\n" << run.errors;
    EXPECT_NE(run.errors.find(entry.path().string()), std::string::npos)
        << name << ": " << run.errors;
    ++checked;
  }
  EXPECT_GE(checked, 5);
}

}  // namespace
}  // namespace gosplan
