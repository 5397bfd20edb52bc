// `gosplan check` end to end: exit codes, JSON keys, a bad quota file, and the nearest plan folder
// accepted by `gosplan verify`. The model is the steel works of check_test.cc (numbers derived
// there): 10 Mt of stock, 1 Mt of stock per Mt a year, lag 1, so at most 20 Mt in 2002 and 40 Mt in
// 2003.
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
  for (const auto& [name, text] : testing::SteelWorksTables(quota))
    scratch.Write("model/" + name, text);
  scratch.Write("model/model.toml", testing::kSteelWorksToml);
  return scratch.path() + "/model";
}

// 25 Mt in 2002: 20 achievable (short 5, 20 %), reachable from 2003. Exit 4; the nearest plan
// verifies.
TEST(CliCheckTest, UnreachableQuotaJsonAndNearestPlanVerifies) {
  ScratchFolder scratch;
  const std::string model = SteelModel(scratch, "steel_2002,steel,works,2002,25");
  const std::string plan = scratch.path() + "/nearest";
  const auto result = RunCli("check '" + model + "' --format json -q --out '" + plan + "'");
  ASSERT_EQ(result.exit_code, 4) << result.errors;
  const auto json = nlohmann::json::parse(result.output);
  EXPECT_FALSE(json["feasible"].get<bool>());
  EXPECT_EQ(json["status"], "unreachable");
  EXPECT_FALSE(json["limit_reached"].get<bool>());
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

// A --targets file naming an unknown product on line 2, field 2: bad input, exit 2,
// file:line:column.
TEST(CliCheckTest, UnknownProductInTargetsFileIsBadInput) {
  ScratchFolder scratch;
  const std::string model = SteelModel(scratch, "steel_2002,steel,,2002,20");
  const std::string targets =
      scratch.Write("quotas.csv", "id,product,enterprise,year,quantity\nq1,iron,,2002,5\n");
  const auto result = RunCli("check '" + model + "' --targets '" + targets + "' -q");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.errors.find("quotas.csv:2:2: unknown product 'iron'"), std::string::npos)
      << result.errors;
}

// The steel works plus a mine (Krivbass) that only digs ore; a quota of 5 Mt of steel at Krivbass
// (check_test.cc derives it): the earliest-year line says Krivbass runs no technique that makes
// steel, not "more than the design capacities of all its producers together ()".
TEST(CliCheckTest, QuotaWhereNoTechniqueMakesTheProductIsToldSo) {
  ScratchFolder scratch;
  std::map<std::string, std::string> tables =
      testing::SteelWorksTables("mine_steel,steel,mine,2002,5");
  tables["products.csv"] = "id,name,unit,group\nsteel,Steel,Mt,A\nore,Iron ore,Mt,A\n";
  tables["techniques.csv"] = "id,name\nsmelt,Smelting\ndig,Ore mining\n";
  tables["technique_outputs.csv"] = "technique,product,coefficient\nsmelt,steel,1\ndig,ore,1\n";
  tables["enterprises.csv"] =
      "id,name,kind,construction_lag\nworks,Yugostal,factory,1\nmine,Krivbass,mine,1\n";
  tables["enterprise_techniques.csv"] = "enterprise,technique\nworks,smelt\nmine,dig\n";
  for (const auto& [name, text] : tables) scratch.Write("model/" + name, text);
  scratch.Write("model/model.toml", testing::kSteelWorksToml);
  const auto result = RunCli("check '" + scratch.path() + "/model' -q");
  EXPECT_EQ(result.exit_code, 4) << result.errors;
  EXPECT_NE(result.output.find("never: Krivbass runs no technique that makes Steel"),
            std::string::npos)
      << result.output;
  EXPECT_EQ(result.output.find("()"), std::string::npos) << result.output;
  // The conflict says the same, not "conflicts with: the model's hard limits".
  EXPECT_NE(
      result.output.find(
          "Why: Steel 5 Mt in 2002 at Krivbass cannot be met: Krivbass runs no technique that "
          "makes Steel."),
      std::string::npos)
      << result.output;
  EXPECT_EQ(result.output.find("hard limits"), std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("above its design capacities"), std::string::npos) << result.output;
  const auto json =
      nlohmann::json::parse(RunCli("check '" + scratch.path() + "/model' -q --format json").output);
  EXPECT_TRUE(json["quotas"][0]["no_producer"].get<bool>());
}

// No quota, and a floor of 30 Mt in 2001 against 10 Mt of capacity (check_test.cc derives the
// conflict): `check` names the floor, the capital and the stock, exit 4 (a verdict, explained) — it
// does not send the user to `gosplan plan`, whose own explanation sends them back to `check`.
TEST(CliCheckTest, InfeasibleModelWithoutQuotasIsExplained) {
  ScratchFolder scratch;
  std::map<std::string, std::string> tables = testing::SteelWorksTables("");
  tables["final_demand.csv"] =
      "category,product,year,floor,target\nconsumption,steel,2001,30,1\n"
      "consumption,steel,2002,0,1\nconsumption,steel,2003,0,1\n";
  for (const auto& [name, text] : tables) scratch.Write("model/" + name, text);
  scratch.Write("model/model.toml", testing::kSteelWorksToml);
  const auto result = RunCli("check '" + scratch.path() + "/model' -q");
  EXPECT_EQ(result.exit_code, 4) << result.errors;
  EXPECT_NE(result.output.find("these 3 constraints cannot all hold"), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("capital of Yugostal (Steel) 2001"), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("floor:"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("stock:"), std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("gosplan plan"), std::string::npos) << result.output;
  const auto json =
      nlohmann::json::parse(RunCli("check '" + scratch.path() + "/model' -q --format json").output);
  EXPECT_FALSE(json["model_feasible"].get<bool>());
  EXPECT_EQ(json["status"], "model_infeasible");
  EXPECT_EQ(json["conflict"].size(), 3u);
}

// A total time limit of 1 ns has passed before the first solve (building the LP takes longer): the
// check stops at a solver limit (exit 5) and says "time limit", never "no feasible plan".
TEST(CliCheckTest, TimeLimitIsToldAsATimeLimit) {
  ScratchFolder scratch;
  const std::string model = SteelModel(scratch, "steel_2002,steel,works,2002,25");
  const auto result = RunCli("check '" + model + "' -q --total-time-limit 1e-9");
  EXPECT_EQ(result.exit_code, 5) << result.errors;
  EXPECT_NE(result.output.find("time limit"), std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("feasible plan"), std::string::npos) << result.output;
  const auto json = nlohmann::json::parse(
      RunCli("check '" + model + "' -q --format json --total-time-limit 1e-9").output);
  EXPECT_EQ(json["status"], "time_limit");
}

// The limit CLP imposes (1e20) is checked when the model is loaded: a floor of 1e21 is refused by
// `model check`, `plan` and `check` alike at its cell (final_demand.csv line 2, field 4), never as
// "<linear program>: ... beyond the solver's range"; and the limit the message names, 1e20, is
// accepted by all three (1e20 Mt of steel for consumption cannot be made: plan exit 3, check exit
// 4).
TEST(CliCheckTest, SolverRangeIsCheckedAtLoadAndTheLimitItselfIsAccepted) {
  ScratchFolder scratch;
  std::map<std::string, std::string> tables = testing::SteelWorksTables("q,steel,,2002,1");
  tables["final_demand.csv"] =
      "category,product,year,floor,target\nconsumption,steel,2001,1e21,1\n"
      "consumption,steel,2002,0,1\nconsumption,steel,2003,0,1\n";
  for (const auto& [name, text] : tables) scratch.Write("model/" + name, text);
  scratch.Write("model/model.toml", testing::kSteelWorksToml);
  const std::string model = scratch.path() + "/model";
  const std::string where =
      model + "/final_demand.csv:2:4: floor 1e21 is beyond the solvers' range";
  for (const std::string command : {"model check", "plan", "check"}) {
    const auto result =
        RunCli(command + " '" + model + "'" + (command == "model check" ? "" : " -q"));
    EXPECT_EQ(result.exit_code, 2) << command << ": " << result.output << result.errors;
    EXPECT_NE(result.errors.find(where), std::string::npos) << command << ": " << result.errors;
    EXPECT_EQ(result.errors.find("<linear program>"), std::string::npos)
        << command << ": " << result.errors;
  }
  // At 1e20 exactly: valid; 1e20 Mt cannot come from 10 Mt of capacity in 2001, so no plan (3) and,
  // for check, a model infeasible without quotas (4) — results, not bad input.
  tables["final_demand.csv"] =
      "category,product,year,floor,target\nconsumption,steel,2001,1e20,1\n"
      "consumption,steel,2002,0,1\nconsumption,steel,2003,0,1\n";
  scratch.Write("model/final_demand.csv", tables["final_demand.csv"]);
  EXPECT_EQ(RunCli("model check '" + model + "'").exit_code, 0);
  const auto plan = RunCli("plan '" + model + "' -q");
  EXPECT_EQ(plan.exit_code, 3) << plan.output << plan.errors;
  const auto check = RunCli("check '" + model + "' -q");
  EXPECT_EQ(check.exit_code, 4) << check.output << check.errors;
}

// A --targets file with a header and no quota would be answered "all can hold together" (0 quotas):
// refused instead as bad input at its header line (exit 2), like an empty required model table.
TEST(CliCheckTest, EmptyTargetsFileIsBadInput) {
  ScratchFolder scratch;
  const std::string model = SteelModel(scratch, "steel_2002,steel,,2002,20");
  const std::string targets = scratch.Write("quotas.csv", "id,product,enterprise,year,quantity\n");
  const auto result = RunCli("check '" + model + "' --targets '" + targets + "' -q");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.errors.find("quotas.csv:1: table has a header but no rows"), std::string::npos)
      << result.errors;
  EXPECT_EQ(result.output.find("all can hold together"), std::string::npos) << result.output;
}

// The same with the CLI (check_test.cc derives it): `--max-solves 1` lets the verdict (exit 4)
// stand, and the earliest year is "not computed" with the limit named, never a year; JSON alone_max
// and reachable_alone are null (unknown), not numbers or a guessed true.
TEST(CliCheckTest, SolveLimitAfterTheVerdictIsToldNotGuessed) {
  ScratchFolder scratch;
  const std::string model = SteelModel(scratch, "steel_2002,steel,works,2002,25");
  const auto result = RunCli("check '" + model + "' -q --max-solves 1");
  EXPECT_EQ(result.exit_code, 4) << result.errors;
  EXPECT_NE(result.output.find("not computed: a solve stopped at the solve limit (--max-solves 1)"),
            std::string::npos)
      << result.output;
  EXPECT_EQ(result.output.find("2003"), std::string::npos) << result.output;
  const auto json =
      nlohmann::json::parse(RunCli("check '" + model + "' -q --format json --max-solves 1").output);
  EXPECT_TRUE(json["limit_reached"].get<bool>());
  EXPECT_TRUE(json["quotas"][0]["alone_max"].is_null());
  EXPECT_TRUE(json["quotas"][0]["reachable_alone"].is_null());
  EXPECT_TRUE(json["quotas"][0]["earliest_year"].is_null());
  EXPECT_TRUE(json["quotas"][0]["unsolved"].get<bool>());
}

}  // namespace
}  // namespace gosplan
