// `gosplan check` end to end: exit codes, JSON keys, a bad quota file, and the nearest plan folder
// accepted by `gosplan verify`. The model is the steel works of diagnose_test.cc (numbers derived there):
// 10 Mt of stock, 1 Mt of stock per Mt a year, lag 1, so at most 20 Mt in 2002 and 40 Mt in 2003.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "steel_works_model.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::RunCli;
using testing::ScratchFolder;

std::string SteelModel(const ScratchFolder& scratch, const std::string& quota) {
  for (const auto& [name, text] : testing::SteelWorksTables(quota)) scratch.Write("model/" + name, text);
  scratch.Write("model/model.toml", testing::kSteelWorksToml);
  return scratch.path() + "/model";
}

// 25 Mt in 2002: 20 achievable (short 5, 20 %), reachable from 2003. Exit 4; the nearest plan verifies.
TEST(CliCheckTest, UnreachableQuotaJsonAndNearestPlanVerifies) {
  ScratchFolder scratch;
  const std::string model = SteelModel(scratch, "steel_2002,steel,works,2002,25");
  const std::string plan = scratch.path() + "/nearest";
  const auto result = RunCli("check '" + model + "' --format json -q --out '" + plan + "'");
  ASSERT_EQ(result.exit_code, 4) << result.errors;
  const auto json = nlohmann::json::parse(result.output);
  EXPECT_FALSE(json["feasible"].get<bool>());
  ASSERT_EQ(json["quotas"].size(), 1u);
  const auto& quota = json["quotas"][0];
  EXPECT_EQ(quota["id"], "steel_2002");
  EXPECT_EQ(quota["product"], "steel");
  EXPECT_EQ(quota["enterprise"], "works");
  EXPECT_EQ(quota["year"], 2002);
  EXPECT_NEAR(quota["asked"].get<double>(), 25.0, 1e-9);
  EXPECT_NEAR(quota["achievable"].get<double>(), 20.0, 1e-6);
  EXPECT_NEAR(quota["short_by"].get<double>(), 5.0, 1e-6);
  EXPECT_NEAR(quota["short_by_percent"].get<double>(), 20.0, 1e-4);
  EXPECT_NEAR(quota["alone_max"].get<double>(), 20.0, 1e-6);
  EXPECT_EQ(quota["earliest_year"], 2003);
  EXPECT_EQ(json["earliest_year_all"], 2003);
  ASSERT_FALSE(json["conflict"].empty());
  EXPECT_EQ(json["conflict"][0]["kind"], "quota");
  for (const auto& member : json["conflict"]) {
    EXPECT_TRUE(member.contains("names"));
    EXPECT_TRUE(member.contains("sentence"));
  }
  const auto verified = RunCli("verify '" + model + "' '" + plan + "' -q");
  EXPECT_EQ(verified.exit_code, 0) << verified.output << verified.errors;
}

TEST(CliCheckTest, FeasibleQuotasExitZero) {
  ScratchFolder scratch;
  const std::string model = SteelModel(scratch, "steel_2002,steel,,2002,20");
  const auto result = RunCli("check '" + model + "' -q");
  EXPECT_EQ(result.exit_code, 0) << result.errors;
  EXPECT_NE(result.output.find("all can hold together"), std::string::npos) << result.output;
}

// A --targets file naming an unknown product on line 2, field 2: bad input, exit 2, file:line:column.
TEST(CliCheckTest, UnknownProductInTargetsFileIsBadInput) {
  ScratchFolder scratch;
  const std::string model = SteelModel(scratch, "steel_2002,steel,,2002,20");
  const std::string targets = scratch.Write("quotas.csv", "id,product,enterprise,year,quantity\nq1,iron,,2002,5\n");
  const auto result = RunCli("check '" + model + "' --targets '" + targets + "' -q");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.errors.find("quotas.csv:2:2: unknown product 'iron'"), std::string::npos) << result.errors;
}

}  // namespace
}  // namespace gosplan
