// `gosplan io` end to end: published answers through --format json, every bad-input class through
// the exit code and the file:line:column message, deterministic output bytes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.h"

namespace gosplan {
namespace {

using testing::DataPath;
using ::testing::HasSubstr;
using testing::RunCli;
using testing::ScratchFolder;

std::string Quote(const std::string& path) { return "'" + path + "'"; }

nlohmann::json Json(const testing::CommandResult& run) {
  EXPECT_EQ(run.exit_code, 0) << run.errors;
  return nlohmann::json::parse(run.output);
}

TEST(CliIo, MillerBlairWithFinalDemandFile) {
  ScratchFolder scratch;
  const std::string demand = scratch.Write("y.csv", "sector,value\nsector1,600\nsector2,1500\n");
  const auto run = RunCli("io " + Quote(DataPath("io/miller-blair-2009-2x2.csv")) +
                          " --final-demand " + Quote(demand) + " --format json --inverse");
  const nlohmann::json out = Json(run);
  EXPECT_EQ(out["sectors"], nlohmann::json({"sector1", "sector2"}));
  // Published (Miller & Blair 2009): x = (1247.52, 1841.58), l·L = (0.44224, 0.37954), L as below.
  EXPECT_NEAR(out["total_output"][0].get<double>(), 1247.52, 5e-3);
  EXPECT_NEAR(out["total_output"][1].get<double>(), 1841.58, 5e-3);
  EXPECT_NEAR(out["multipliers"]["labour"][0].get<double>(), 0.44224, 5e-6);
  EXPECT_NEAR(out["multipliers"]["labour"][1].get<double>(), 0.37954, 5e-6);
  EXPECT_NEAR(out["leontief_inverse"][0][0].get<double>(), 1.254125, 5e-7);
  EXPECT_NEAR(out["leontief_inverse"][0][1].get<double>(), 0.330033, 5e-7);
  EXPECT_NEAR(out["leontief_inverse"][1][0].get<double>(), 0.264026, 5e-7);
  EXPECT_NEAR(out["leontief_inverse"][1][1].get<double>(), 1.122112, 5e-7);
  EXPECT_NEAR(out["leontief_diagonal"][1].get<double>(), 1.122112, 5e-7);
  EXPECT_EQ(out["solver"], "sparse LU");
  EXPECT_LE(out["residual"].get<double>(), 1e-12);
  EXPECT_TRUE(out["productive"].get<bool>());
  EXPECT_LT(out["spectral_radius"].get<double>(), 1.0);
}

TEST(CliIo, EurostatGermanyJson) {
  const auto run =
      RunCli("io " + Quote(DataPath("io/eurostat-germany-1995.csv")) + " --format json");
  const nlohmann::json out = Json(run);
  const double diagonal[] = {1.0339, 1.4292, 1.0289, 1.1784, 1.4126, 1.0515};
  const double output[] = {1.7048, 1.8413, 1.8136, 1.6035, 1.5951, 1.3782};
  const double gva[] = {0.8450, 0.7647, 0.8615, 0.9019, 0.9393, 0.9199};
  const double employment[] = {0.0326, 0.0162, 0.0207, 0.0237, 0.0112, 0.0242};
  const double published_output[] = {43910, 1079446, 245606, 540063, 692487, 508918};
  ASSERT_EQ(out["sectors"].size(), 6u);
  for (int j = 0; j < 6; ++j) {
    EXPECT_NEAR(out["leontief_diagonal"][j].get<double>(), diagonal[j], 5e-5);
    EXPECT_NEAR(out["output_multipliers"][j].get<double>(), output[j], 5e-5);
    EXPECT_NEAR(out["multipliers"]["gross_value_added"][j].get<double>(), gva[j], 5e-5);
    EXPECT_NEAR(out["multipliers"]["employment"][j].get<double>(), employment[j], 5e-5);
    EXPECT_NEAR(out["total_output"][j].get<double>(), published_output[j],
                1e-9 * published_output[j]);
  }
}

TEST(CliIo, RowsSectorsAndFormats) {
  const std::string table = Quote(DataPath("io/eurostat-germany-1995.csv"));
  const auto json =
      RunCli("io " + table + " --format json --rows employment --sectors industry,construction");
  const nlohmann::json out = Json(json);
  EXPECT_EQ(out["sectors"], nlohmann::json({"industry", "construction"}));
  EXPECT_EQ(out["multipliers"].size(), 1u);
  EXPECT_NEAR(out["multipliers"]["employment"][0].get<double>(), 0.0162, 5e-5);
  EXPECT_NEAR(out["output_multipliers"][1].get<double>(), 1.8136, 5e-5);

  const auto csv = RunCli("io " + table + " --format csv --rows employment");
  ASSERT_EQ(csv.exit_code, 0) << csv.errors;
  EXPECT_EQ(csv.output.substr(0, csv.output.find('\n')),
            "sector,total_output,output_multiplier,leontief_diagonal,employment_multiplier");
  // Deterministic bytes.
  EXPECT_EQ(RunCli("io " + table + " --format csv --rows employment").output, csv.output);
  EXPECT_EQ(RunCli("io " + table + " --format json").output,
            RunCli("io " + table + " --format json").output);

  const auto text = RunCli("io " + table);
  ASSERT_EQ(text.exit_code, 0) << text.errors;
  EXPECT_THAT(text.output, HasSubstr("n = 6 sectors, solver sparse LU"));
  EXPECT_THAT(text.output, HasSubstr("productive: yes"));

  const auto iterative = RunCli("io " + table + " --format json --method iterative");
  const nlohmann::json it = Json(iterative);
  EXPECT_EQ(it["solver"], "BiCGSTAB+ILUT");
  EXPECT_NEAR(it["output_multipliers"][0].get<double>(), 1.7048, 5e-5);

  const auto unknown = RunCli("io " + table + " --rows carbon");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.errors, HasSubstr("no primary row 'carbon'"));
  const auto bad_sector = RunCli("io " + table + " --sectors steel");
  EXPECT_EQ(bad_sector.exit_code, 2);
  EXPECT_THAT(bad_sector.errors, HasSubstr("unknown sector 'steel' (expected a sector of"));
  const auto primary_as_sector = RunCli("io " + table + " --sectors employment");
  EXPECT_EQ(primary_as_sector.exit_code, 2);
  EXPECT_THAT(primary_as_sector.errors,
              HasSubstr("unknown sector 'employment': it is a primary row (see --rows)"));
  EXPECT_EQ(RunCli("io " + table + " --method magic").exit_code, 2);
}

struct BadTable {
  const char* name;
  std::string text;
  std::string place;
  std::string words;
};

class CliIoBadInput : public ::testing::TestWithParam<BadTable> {};

TEST_P(CliIoBadInput, ExitsTwoWithPlace) {
  ScratchFolder scratch;
  const BadTable& c = GetParam();
  const std::string path = scratch.Write("table.csv", c.text);
  const auto run = RunCli("io " + Quote(path));
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_THAT(run.errors, HasSubstr(path + c.place)) << run.errors;
  EXPECT_THAT(run.errors, HasSubstr(c.words)) << run.errors;
  EXPECT_TRUE(run.output.empty());
}

const char kHeader[] = "sector,a,b,fd,total_output\n";

INSTANTIATE_TEST_SUITE_P(
    Classes, CliIoBadInput,
    ::testing::Values(
        BadTable{"non_numeric", std::string(kHeader) + "a,1,two,3,6\nb,1,2,3,6\n",
                 ":2:3:", "'two', not a number"},
        BadTable{"nan", std::string(kHeader) + "a,1,2,3,6\nb,1,NaN,3,6\n",
                 ":3:3:", "not a finite number"},
        BadTable{"inf", std::string(kHeader) + "a,1,2,3,6\nb,1,2,-inf,6\n",
                 ":3:4:", "not a finite number"},
        BadTable{"negative_flow", std::string(kHeader) + "a,1,2,3,6\nb,1,-2,7,6\n",
                 ":3:3:", "is negative"},
        BadTable{"ragged", std::string(kHeader) + "a,1,2,3,6,9\nb,1,2,3,6\n",
                 ":2:", "row has 6 fields"},
        BadTable{"missing_sector_row", "sector,a,b,c,fd\na,1,1,1,1\nc,1,1,1,1\n",
                 ":3:1:", "sector row 2 is labelled 'c' but sector column 2 is 'b'"},
        // Issue 10: row c where the header names b; the old CLI printed n = 1 and multipliers for
        // it.
        BadTable{"issue10_c_for_b", "sector,a,b,households\na,1,2,7\nc,3,0,1\nwages,5,1,\n",
                 ":3:1:", "sector row 2 is labelled 'c' but sector column 2 is 'b'"},
        // Total output not spelled total_output: the old CLI added it to final demand, doubling x.
        BadTable{"total_misnamed", "sector,a,b,fd,total\na,1,2,3,6\nb,1,2,3,6\n",
                 ":1:5:", "'total' looks like total output"},
        BadTable{"utf16_bom", std::string("\xFE\xFF\0s\0e", 6), ":1:1:", "UTF-16"},
        // b and c trade in a cycle: A[b,c] = 30/20 = 1.5, A[c,b] = 16/20 = 0.8, ρ = √1.2 ≥ 1.
        BadTable{"non_productive",
                 "sector,a,b,c,fd,total_output\na,2,0,0,8,10\nb,1,0,30,-11,20\nc,0,16,0,4,20\n",
                 ": ", "sectors 'b', 'c' form a block with spectral radius 1.09545"}),
    [](const ::testing::TestParamInfo<BadTable>& info) { return std::string(info.param.name); });

// Statistics Netherlands 2000: services' printed total 435953 is one more than its row sum 435952
// (hand sum in io_table_test.cc). Accepted as rounding: one warning on stderr and in the JSON,
// stdout valid JSON only.
TEST(CliIo, RoundedPublishedTableWarnsAndJsonStaysJson) {
  const std::string path = DataPath("io/netherlands-2000.csv");
  const auto run = RunCli("io " + Quote(path) + " --format json");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  ASSERT_TRUE(nlohmann::json::accept(run.output)) << run.output;
  const nlohmann::json out = nlohmann::json::parse(run.output);
  EXPECT_EQ(out["n"], 6);
  ASSERT_EQ(out["warnings"].size(), 1u);
  EXPECT_THAT(out["warnings"][0].get<std::string>(),
              HasSubstr("warning: " + path + ":7:12: total output of 'services' is 435953"));
  EXPECT_THAT(run.errors,
              HasSubstr("warning: " + path + ":7:12: total output of 'services' is 435953"));
  EXPECT_THAT(run.errors, HasSubstr("difference 1,"));
  // A balanced table has an empty warnings list and says nothing on stderr.
  const auto balanced =
      RunCli("io " + Quote(DataPath("io/miller-blair-2009-2x2.csv")) + " --format json");
  ASSERT_EQ(balanced.exit_code, 0) << balanced.errors;
  EXPECT_EQ(nlohmann::json::parse(balanced.output)["warnings"], nlohmann::json::array());
  EXPECT_EQ(balanced.errors, "");
}

// The hand-rounded Miller–Blair table (tests/data/io/miller-blair-2009-2x2-rounded.csv: the
// published table / 3, two decimals) gives the published labour multipliers (0.44224, 0.37954):
// rounding moves each coefficient by at most 0.005/33.33 = 1.5e-4 relative, so the multipliers stay
// within 1e-4 of the published ones.
// --balance-tolerance keeps working: 1e-4 and 0 both accept one unit of the last digit (0.01), and
// with a total 0.05 away (five units) 1e-5 refuses what the default accepts.
TEST(CliIo, HandRoundedTableAndBalanceTolerance) {
  const std::string path = DataPath("io/miller-blair-2009-2x2-rounded.csv");
  const auto run = RunCli("io " + Quote(path) + " --format json --rows labour");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  const nlohmann::json out = nlohmann::json::parse(run.output);
  EXPECT_NEAR(out["multipliers"]["labour"][0].get<double>(), 0.44224, 1e-4);
  EXPECT_NEAR(out["multipliers"]["labour"][1].get<double>(), 0.37954, 1e-4);
  EXPECT_EQ(out["warnings"].size(), 1u);
  EXPECT_EQ(RunCli("io " + Quote(path) + " --balance-tolerance 0").exit_code, 0);

  ScratchFolder scratch;
  const std::string five_units = scratch.Write("t.csv",
                                               "sector,sector1,sector2,final_demand,total_output\n"
                                               "sector1,150,500,350,1000.05\n"
                                               "sector2,200,100,1700,2000\n");
  const auto accepted = RunCli("io " + Quote(five_units));
  EXPECT_EQ(accepted.exit_code, 0) << accepted.errors;
  EXPECT_THAT(accepted.errors, HasSubstr("warning: " + five_units + ":2:5:"));
  const auto refused = RunCli("io " + Quote(five_units) + " --balance-tolerance 1e-5");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.errors, HasSubstr(five_units + ":2:5: total output of 'sector1' is 1000.05"));
  EXPECT_EQ(refused.output, "");
  for (const std::string bad : {"-1", "nan", "abc"}) {
    EXPECT_EQ(RunCli("io " + Quote(five_units) + " --balance-tolerance " + bad).exit_code, 2)
        << bad;
  }
}

// --final-demand-columns / --primary-rows: a table whose first primary row fills its final-demand
// cell is ambiguous and refused; either option settles it. x_a = 1 + 9 = 10, A = [0.1], L = 1/0.9,
// so the output multiplier is 1/0.9 and the wages multiplier (5/10)/0.9 = 5/9.
TEST(CliIo, ExplicitLayoutOptions) {
  ScratchFolder scratch;
  const std::string path = scratch.Write("t.csv", "sector,a,households\na,1,9\nwages,5,0\n");
  const auto refused = RunCli("io " + Quote(path) + " --format json");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.errors,
              HasSubstr(path + ":3:1: sector row 2 is labelled 'wages' but sector column 2 is "
                               "'households'"));
  EXPECT_EQ(refused.output, "");
  for (const std::string option : {"--final-demand-columns households", "--primary-rows wages",
                                   "--final-demand-columns households --primary-rows wages"}) {
    const auto run = RunCli("io " + Quote(path) + " --format json " + option);
    ASSERT_EQ(run.exit_code, 0) << option << ": " << run.errors;
    const nlohmann::json out = nlohmann::json::parse(run.output);
    EXPECT_EQ(out["sectors"], nlohmann::json({"a"}));
    EXPECT_NEAR(out["output_multipliers"][0].get<double>(), 1 / 0.9, 1e-14);
    EXPECT_NEAR(out["multipliers"]["wages"][0].get<double>(), 5.0 / 9.0, 1e-14);
  }
  const std::string mislabelled =
      scratch.Write("m.csv", "sector,a,b,households\na,1,2,7\nc,3,0,1\nwages,5,1,\n");
  const auto explicit_run = RunCli("io " + Quote(mislabelled) +
                                   " --final-demand-columns households --primary-rows wages");
  EXPECT_EQ(explicit_run.exit_code, 2);
  EXPECT_THAT(
      explicit_run.errors,
      HasSubstr(mislabelled + ":3:1: sector row 2 is labelled 'c' but sector column 2 is 'b'"));
  // '' is the empty list: a table with no primary rows. x_a = 1 + 9 = 10, so A = [0.1] and L =
  // 1/0.9.
  const std::string no_primary = scratch.Write("n.csv", "sector,a,households\na,1,9\n");
  const auto none = RunCli("io " + Quote(no_primary) + " --format json --primary-rows ''");
  ASSERT_EQ(none.exit_code, 0) << none.errors;
  EXPECT_NEAR(nlohmann::json::parse(none.output)["output_multipliers"][0].get<double>(), 1 / 0.9,
              1e-14);
  // The options describe a table CSV only.
  const auto model =
      RunCli("io " + Quote(testing::SourcePath("examples/two-sector")) + " --primary-rows labour");
  EXPECT_EQ(model.exit_code, 2);
  EXPECT_THAT(model.errors, HasSubstr("describe a table CSV, not a model folder"));
}

// The final-demand file names sectors of the table; a primary row or a final-demand category is not
// one, and the message says what the name is instead of only "unknown".
TEST(CliIo, FinalDemandFileNamingNonSectors) {
  ScratchFolder scratch;
  const std::string path = DataPath("io/miller-blair-2009-2x2.csv");
  const std::string demand =
      scratch.Write("y.csv", "sector,value\nsector1,600\nlabour,5\nfinal_demand,1\nsector9,2\n");
  const auto run =
      RunCli("io " + Quote(path) + " --final-demand " + Quote(demand) + " --format json");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.errors,
              HasSubstr(demand + ":3:1: unknown sector 'labour': it is a primary row of " + path));
  EXPECT_THAT(
      run.errors,
      HasSubstr(demand + ":4:1: unknown sector 'final_demand': it is a final-demand column of " +
                path));
  EXPECT_THAT(
      run.errors,
      HasSubstr(demand + ":5:1: unknown sector 'sector9' (expected a sector of " + path + ")"));
  EXPECT_EQ(run.output, "");
}

TEST(CliIo, EmptyAndMissingFiles) {
  ScratchFolder scratch;
  const std::string empty = scratch.Write("empty.csv", "");
  const auto run = RunCli("io " + Quote(empty));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.errors, HasSubstr(empty + ": file is empty"));
  const auto missing = RunCli("io " + Quote(scratch.path() + "/absent.csv"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.errors, HasSubstr("absent.csv: file not found"));
}

// A model folder as an IO system: examples/two-sector without the tractor-grain technique, so that
// grain, steel and tractors are each made by one technique with out = 1. Then
// (technique_inputs.csv)
//   A = [[.12, .05, 0], [0, .02, .004], [0, 0, 0]]   (rows/columns grain, steel, tractors),
// final demand of 1929 = Σ (floor + target): grain 40 + 1 + 0.5 = 41.5, steel 0.3 + 0.1 = 0.4,
// tractors 0; so x_t = 0, x_s = 0.4 / 0.98, x_g = (41.5 + 0.05 x_s) / 0.88. Labour per unit c =
// (0.6, 0.6, 0.008): v (I − A) = c gives v_g = 0.6 / 0.88, v_s = (0.6 + 0.05 v_g) / 0.98, v_t =
// 0.008 + 0.004 v_s.
TEST(CliIo, ModelFolderAsSquareSystem) {
  ScratchFolder scratch;
  const std::string folder = scratch.path() + "/model";
  std::filesystem::copy(testing::SourcePath("examples/two-sector"), folder);
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() != ".csv") continue;
    std::ifstream in(entry.path());
    std::stringstream kept;
    for (std::string line; std::getline(in, line);) {
      if (line.find("grain_by_tractor") == std::string::npos) kept << line << "\n";
    }
    in.close();
    std::ofstream(entry.path()) << kept.str();
  }
  const auto run = RunCli("io " + Quote(folder) + " --format json");
  const nlohmann::json out = Json(run);
  ASSERT_EQ(out["sectors"], nlohmann::json({"grain", "steel", "tractors"})) << run.output;
  const double x_s = 0.4 / 0.98, x_g = (41.5 + 0.05 * x_s) / 0.88;
  EXPECT_NEAR(out["total_output"][0].get<double>(), x_g, 1e-12 * x_g);
  EXPECT_NEAR(out["total_output"][1].get<double>(), x_s, 1e-12 * x_s);
  EXPECT_NEAR(out["total_output"][2].get<double>(), 0.0, 1e-15);
  const double v_g = 0.6 / 0.88, v_s = (0.6 + 0.05 * v_g) / 0.98, v_t = 0.008 + 0.004 * v_s;
  EXPECT_NEAR(out["multipliers"]["labour"][0].get<double>(), v_g, 1e-14);
  EXPECT_NEAR(out["multipliers"]["labour"][1].get<double>(), v_s, 1e-14);
  EXPECT_NEAR(out["multipliers"]["labour"][2].get<double>(), v_t, 1e-14);

  const auto joint = RunCli("io " + Quote(testing::SourcePath("examples/two-sector")));
  EXPECT_EQ(joint.exit_code, 2);
  EXPECT_THAT(joint.errors, HasSubstr("product 'grain' is made by 2 techniques"));
}

// An iterative solve stopped by its iteration limit is a solver limit (exit 5), said in words, not
// bad input and never a silently wrong answer: one BiCGSTAB step cannot reach 1e-12 on Eurostat's
// table.
TEST(CliIo, IterationLimitIsASolverLimitWithExitFive) {
  const auto run = RunCli("io " + Quote(DataPath("io/eurostat-germany-1995.csv")) +
                          " --method iterative --max-iterations 1 --format json");
  EXPECT_EQ(run.exit_code, 5) << run.output << run.errors;
  EXPECT_THAT(run.errors, HasSubstr("did not reach the tolerance"));
  EXPECT_EQ(run.output, "");
}

}  // namespace
}  // namespace gosplan
