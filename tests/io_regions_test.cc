// Input-output analysis by region (include/gosplan/io_regions.h, `gosplan io MODEL --by-region`).
//
// Hand-derived case: examples/two-regions (its README). Products steel, coal, freight; steel takes
// 0.5 t of coal per t, coal 0.5 t of steel per t, freight nothing, so on (steel, coal)
//     I − A = [[1, −0.5], [−0.5, 1]],   det = 0.75,   (I − A)^-1 = [[4/3, 2/3], [2/3, 4/3]],
// and freight's row and column of (I − A)^-1 are the unit vector. Final demand of the first plan
// year (floor 0 + target): the west consumes 3 t of steel, the east 6 t of coal. So
//     x_west = (I − A)^-1 (3, 0, 0) = (4, 2, 0),    x_east = (I − A)^-1 (0, 6, 0) = (4, 8, 0),
// summing to the national x = (I − A)^-1 (3, 6, 0) = (8, 10, 0). Labour (1 per t of steel, 0.5 per
// t of coal, 0.25 per t-km): the west's demand needs 4·1 + 2·0.5 = 5 person-years, the east's
// 4·1 + 8·0.5 = 8, together the nation's 8·1 + 10·0.5 = 13.
//
// The identity Σ_g x_g = x is also checked on a three-region, four-product model built here against
// a dense solve of (I − A) x = y by Eigen's LU, a path independent of the IO solver.
#include "gosplan/io_regions.h"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "gosplan/io_table.h"
#include "gosplan/model.h"
#include "json_doc_check.h"
#include "steel_works_model.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::RunCli;
using testing::ScratchFolder;
using testing::SourcePath;

Model LoadExample() {
  auto model = LoadModel(SourcePath("examples/two-regions"));
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  return model.value();
}

TEST(IoByRegion, TwoRegionsByHand) {
  const Model model = LoadExample();
  auto table = IoTableFromModel(model);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  auto io = AnalyseIoByRegion(model, table.value());
  ASSERT_TRUE(io.ok()) << io.status().ToString();
  ASSERT_EQ(io->regions, (std::vector<std::string>{"west", "east"}));
  ASSERT_EQ(io->sectors, (std::vector<std::string>{"steel", "coal", "freight"}));
  const double expected_output[3][2] = {{4, 4}, {2, 8}, {0, 0}};  // [sector][region]
  const double expected_demand[3][2] = {{3, 0}, {0, 6}, {0, 0}};
  const double national[3] = {8, 10, 0};
  for (int i = 0; i < 3; ++i) {
    for (int g = 0; g < 2; ++g) {
      EXPECT_NEAR(io->total_output(i, g), expected_output[i][g], 1e-9) << i << " " << g;
      EXPECT_NEAR(io->final_demand(i, g), expected_demand[i][g], 0) << i << " " << g;
    }
    EXPECT_NEAR(io->national_output(i), national[i], 1e-9) << i;
  }
  ASSERT_EQ(io->primary_names, (std::vector<std::string>{"labour"}));
  EXPECT_NEAR(io->primary_use(0, 0), 5.0, 1e-9);
  EXPECT_NEAR(io->primary_use(0, 1), 8.0, 1e-9);
  EXPECT_LT(io->identity_gap, 1e-12);
}

TEST(IoByRegion, RegionsSumToTheNationOnALargerModel) {
  // Four products a..d, each made by its own technique, with inputs A[i,j] (input i per unit of j)
  // below; final demand in three regions, two categories, and rows of other years that must not
  // count.
  const double A[4][4] = {
      {0.1, 0.2, 0.0, 0.3}, {0.0, 0.1, 0.4, 0.1}, {0.2, 0.0, 0.1, 0.2}, {0.1, 0.3, 0.0, 0.0}};
  const char* ids[4] = {"a", "b", "c", "d"};
  std::string inputs = "technique,product,coefficient\n";
  std::string outputs = "technique,product,coefficient\n";
  std::string techniques = "id,name\n", products = "id,name,unit,group\n",
              links = "enterprise,technique\n", enterprises = "id,name,kind,region\n";
  for (int j = 0; j < 4; ++j) {
    techniques += std::string("make_") + ids[j] + ",Make " + ids[j] + "\n";
    products += std::string(ids[j]) + ",Product " + ids[j] + ",t,A\n";
    outputs += std::string("make_") + ids[j] + "," + ids[j] + ",1\n";
    enterprises += std::string("e_") + ids[j] + ",Works " + ids[j] + ",factory," +
                   (j % 2 ? "r1" : "r2") + "\n";
    links += std::string("e_") + ids[j] + ",make_" + ids[j] + "\n";
    for (int i = 0; i < 4; ++i) {
      if (A[i][j] > 0) {
        inputs +=
            std::string("make_") + ids[j] + "," + ids[i] + "," + std::to_string(A[i][j]) + "\n";
      }
    }
  }
  const std::string demand =
      "category,product,year,floor,target,region\n"
      "home,a,2001,1,2,r1\nhome,b,2001,0,5,r2\nhome,c,2001,3,,r3\nexport,a,2001,4,,r3\n"
      "export,d,2001,0,7,r2\nhome,a,2002,100,100,r1\nhome,d,2002,50,,r3\n";
  ScratchFolder scratch;
  const Model model = testing::LoadTables(scratch, "name = \"n\"\nbase_year = 2000\nhorizon = 2\n",
                                          {{"regions.csv", "id,name\nr1,One\nr2,Two\nr3,Three\n"},
                                           {"products.csv", products},
                                           {"techniques.csv", techniques},
                                           {"technique_inputs.csv", inputs},
                                           {"technique_outputs.csv", outputs},
                                           {"enterprises.csv", enterprises},
                                           {"enterprise_techniques.csv", links},
                                           {"final_demand.csv", demand}});
  auto table = IoTableFromModel(model);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  auto io = AnalyseIoByRegion(model, table.value());
  ASSERT_TRUE(io.ok()) << io.status().ToString();
  // The 2001 final demand (floor + target) by hand: r1 a 3; r2 b 5, d 7; r3 c 3, a 4.
  Eigen::Matrix4d I_minus_A = Eigen::Matrix4d::Identity();
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) I_minus_A(i, j) -= A[i][j];
  const Eigen::Vector4d y1(3, 0, 0, 0), y2(0, 5, 0, 7), y3(4, 0, 3, 0);
  const Eigen::Vector4d ys[3] = {y1, y2, y3};
  const Eigen::Vector4d x = I_minus_A.partialPivLu().solve(y1 + y2 + y3);
  for (int g = 0; g < 3; ++g) {
    const Eigen::Vector4d xg = I_minus_A.partialPivLu().solve(ys[g]);
    for (int i = 0; i < 4; ++i) {
      EXPECT_NEAR(io->final_demand(i, g), ys[g](i), 1e-12) << i << " " << g;
      EXPECT_NEAR(io->total_output(i, g), xg(i), 1e-9 * (1 + std::abs(xg(i)))) << i << " " << g;
    }
  }
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(io->total_output.row(i).sum(), x(i), 1e-9 * (1 + x(i))) << i;
    EXPECT_NEAR(io->national_output(i), x(i), 1e-9 * (1 + x(i))) << i;
  }
  EXPECT_LT(io->identity_gap, 1e-9);
}

TEST(IoByRegion, AModelWithoutRegionsIsRefused) {
  ScratchFolder scratch;
  const Model model =
      testing::LoadTables(scratch, testing::kSteelWorksToml, testing::SteelWorksTables(""));
  auto table = IoTableFromModel(model);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  auto io = AnalyseIoByRegion(model, table.value());
  ASSERT_FALSE(io.ok());
  EXPECT_EQ(io.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(io.status().ToString().find("no regions"), std::string::npos) << io.status().ToString();
}

// The command line: CSV rows by hand (as above), JSON as documented, errors with exit status 2.
TEST(IoByRegionCli, CsvJsonAndErrors) {
  const std::string model = SourcePath("examples/two-regions");
  const auto csv = RunCli("io " + model + " --by-region --format csv -q");
  ASSERT_EQ(csv.exit_code, 0) << csv.errors;
  EXPECT_EQ(csv.output,
            "region,sector,final_demand,total_output,labour_use\n"
            "west,steel,3,4,4\nwest,coal,0,2,1\nwest,freight,0,0,0\n"
            "east,steel,0,4,4\neast,coal,6,8,4\neast,freight,0,0,0\n");
  const auto json = RunCli("io " + model + " --by-region --format json -q");
  ASSERT_EQ(json.exit_code, 0) << json.errors;
  const auto document = nlohmann::ordered_json::parse(json.output);
  EXPECT_EQ(testing::JoinMismatches(testing::JsonDocumentMismatches(json.output)), "");
  EXPECT_EQ(document["regions"][1]["region"], "east");
  EXPECT_NEAR(document["regions"][1]["primary_required"]["labour"].get<double>(), 8.0, 1e-9);
  EXPECT_NEAR(document["national_output"][1].get<double>(), 10.0, 1e-9);
  const auto text = RunCli("io " + model + " --by-region -q");
  ASSERT_EQ(text.exit_code, 0) << text.errors;
  EXPECT_NE(text.output.find("national"), std::string::npos) << text.output;

  const auto table_file =
      RunCli("io " + testing::DataPath("io/miller-blair-2009-2x2.csv") + " --by-region -q");
  EXPECT_EQ(table_file.exit_code, 2);
  EXPECT_NE(table_file.errors.find("needs a model folder"), std::string::npos) << table_file.errors;
  const auto with_demand = RunCli("io " + model + " --by-region --final-demand y.csv -q");
  EXPECT_EQ(with_demand.exit_code, 2);
  EXPECT_NE(with_demand.errors.find("--by-region"), std::string::npos) << with_demand.errors;
  // A model that is not square (several techniques make coal) says why, as plain `io MODEL`.
  const auto not_square =
      RunCli("io " + SourcePath("examples/ussr-1928-regions") + " --by-region -q");
  EXPECT_EQ(not_square.exit_code, 2);
  EXPECT_NE(not_square.errors.find("made by 2 techniques"), std::string::npos) << not_square.errors;
}

}  // namespace
}  // namespace gosplan
