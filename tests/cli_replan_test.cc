// `gosplan replan` end to end on the grain-and-steel model of replan_model.h (its plan derived by
// hand there: grain 10, 12, 12 in 1931–1933, steel 2 in 1931 put into the farm). The plan folders
// are read back here with a plain CSV split, independently of gosplan's readers.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "replan_model.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::ReadFile;
using testing::RunCli;
using testing::ScratchFolder;

constexpr double kTolerance = 1e-6;

std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  std::string field;
  while (std::getline(stream, field, ',')) fields.push_back(field);
  return fields;
}

// targets.csv as (enterprise, product, year) -> quantity (summed over techniques).
std::map<std::tuple<std::string, std::string, int>, double> Targets(const std::string& folder) {
  std::map<std::tuple<std::string, std::string, int>, double> targets;
  std::stringstream text(ReadFile(folder + "/targets.csv"));
  std::string line;
  std::getline(text, line);
  EXPECT_EQ(line.rfind("enterprise,technique,product,year,quantity", 0), 0u) << line;
  while (std::getline(text, line)) {
    const auto f = Split(line);
    if (f.size() < 5) continue;
    targets[{f[0], f[2], std::stoi(f[3])}] += std::stod(f[4]);
  }
  return targets;
}

double Target(const std::map<std::tuple<std::string, std::string, int>, double>& targets,
              const std::string& enterprise, const std::string& product, int year) {
  const auto it = targets.find({enterprise, product, year});
  return it == targets.end() ? 0.0 : it->second;
}

// The model in scratch/model, its plan in scratch/plan.
struct Planned {
  ScratchFolder scratch;
  std::string model, plan;
  Planned() {
    scratch.Write("model/model.toml", testing::kGrainSteelToml);
    for (const auto& [name, text] : testing::GrainSteelTables()) {
      scratch.Write("model/" + name, text);
    }
    model = scratch.path() + "/model";
    plan = scratch.path() + "/plan";
    const auto planned = RunCli("plan -q '" + model + "' --out '" + plan + "'");
    EXPECT_EQ(planned.exit_code, 0) << planned.errors;
  }
  std::string Actuals(const std::string& rows) const {
    return scratch.Write("actuals.csv", "enterprise,product,year,quantity\n" + rows);
  }
  std::string Replan(const std::string& actuals, const std::string& out,
                     const std::string& more = "") const {
    return "replan -q '" + model + "' '" + plan + "' --actuals '" + actuals +
           "' --from 1932 --out '" + scratch.path() + "/" + out + "' " + more;
  }
};

// Actuals equal to the plan: the re-plan's targets are the old plan's for 1932–1933 (grain 12, 12;
// steel 0), read from both folders' CSVs, and the new folder verifies against the model written
// beside it.
TEST(CliReplan, ActualsEqualToThePlanGiveTheRemainderThatVerifies) {
  Planned p;
  const std::string actuals = p.Actuals("farm,grain,1931,10\nworks,steel,1931,2\n");
  const auto result = RunCli(p.Replan(actuals, "next"));
  ASSERT_EQ(result.exit_code, 0) << result.errors;
  EXPECT_NE(result.output.find("re-plan of grain and steel from 1932: plan years 1932–1933"),
            std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("State farm: 2 t of Steel usable in 1932"), std::string::npos)
      << result.output;
  const auto old_targets = Targets(p.plan);
  const auto new_targets = Targets(p.scratch.path() + "/next");
  for (const auto& [key, quantity] : old_targets) {
    if (std::get<2>(key) < 1932) continue;
    EXPECT_NEAR(Target(new_targets, std::get<0>(key), std::get<1>(key), std::get<2>(key)), quantity,
                kTolerance);
  }
  for (const auto& [key, quantity] : new_targets) EXPECT_GE(std::get<2>(key), 1932);
  EXPECT_NEAR(Target(new_targets, "farm", "grain", 1932), 12.0, kTolerance);
  EXPECT_NEAR(Target(new_targets, "farm", "grain", 1933), 12.0, kTolerance);
  EXPECT_EQ(ReadFile(p.scratch.path() + "/next/model/construction_in_progress.csv"),
            "enterprise,product,year_usable,quantity\nfarm,steel,1932,2\n");
  const auto verified =
      RunCli("verify '" + p.scratch.path() + "/next/model' '" + p.scratch.path() + "/next'");
  EXPECT_EQ(verified.exit_code, 0) << verified.output << verified.errors;
}

// The works' steel 1 t short in 1931 (replan_test.cc derives it): grain 11 and steel 1 in 1932,
// grain 12 in 1933; JSON with the shortfall (steel 1931 at half its planned supply).
TEST(CliReplan, AShortfallMovesLaterTargetsAndVerifies) {
  Planned p;
  const std::string actuals = p.Actuals("works,steel,1931,1\n");
  const auto result = RunCli(p.Replan(actuals, "next", "--format json"));
  ASSERT_EQ(result.exit_code, 0) << result.errors;
  EXPECT_EQ(result.output.rfind("{\n  \"schema\": \"gosplan.replan/1\"", 0), 0u) << result.output;
  EXPECT_NE(result.output.find("\"product\": \"steel\",\n      \"year\": 1931,\n      "
                               "\"supply_ratio\": 0.5"),
            std::string::npos)
      << result.output;
  const auto targets = Targets(p.scratch.path() + "/next");
  EXPECT_NEAR(Target(targets, "farm", "grain", 1932), 11.0, kTolerance);
  EXPECT_NEAR(Target(targets, "works", "steel", 1932), 1.0, kTolerance);
  EXPECT_NEAR(Target(targets, "farm", "grain", 1933), 12.0, kTolerance);
  const auto verified =
      RunCli("verify '" + p.scratch.path() + "/next/model' '" + p.scratch.path() + "/next'");
  EXPECT_EQ(verified.exit_code, 0) << verified.output << verified.errors;
}

// --freeze 1: the farm's 12 t of 1932 is a quota of the written model and holds in the new plan;
// after the shortfall it cannot (11 t of steel at the farm): released to what can hold, with the
// conflict as `check` words it.
TEST(CliReplan, FrozenTargetsHoldOrAreReleasedWithTheConflict) {
  Planned p;
  const auto held =
      RunCli(p.Replan(p.Actuals("farm,grain,1931,10\nworks,steel,1931,2\n"), "held", "--freeze 1"));
  ASSERT_EQ(held.exit_code, 0) << held.errors;
  EXPECT_NE(held.output.find("frozen targets: 1 kept as law, 0 released"), std::string::npos)
      << held.output;
  EXPECT_NE(ReadFile(p.scratch.path() + "/held/model/targets.csv")
                .find("frozen-farm-grain-1932,grain,farm,1932,12"),
            std::string::npos);
  EXPECT_GE(Target(Targets(p.scratch.path() + "/held"), "farm", "grain", 1932), 12.0 - kTolerance);

  const auto released =
      RunCli(p.Replan(p.Actuals("works,steel,1931,1\n"), "released", "--freeze 1"));
  ASSERT_EQ(released.exit_code, 0) << released.errors;
  EXPECT_NE(released.output.find("frozen targets: 0 kept as law, 1 released"), std::string::npos)
      << released.output;
  EXPECT_NE(released.output.find("conflict (as gosplan check finds it): Grain 12 t in 1932 at "
                                 "State farm conflicts with"),
            std::string::npos)
      << released.output;
  EXPECT_NEAR(Target(Targets(p.scratch.path() + "/released"), "farm", "grain", 1932), 11.0,
              kTolerance);
  const auto verified = RunCli("verify '" + p.scratch.path() + "/released/model' '" +
                               p.scratch.path() + "/released'");
  EXPECT_EQ(verified.exit_code, 0) << verified.output << verified.errors;
}

// --abandon farm: the 2 t arriving in 1932 are dropped (said in the output, not in the written
// model); the farm holds 10 t, so grain 10 and steel 2 in 1932 (replan_test.cc).
TEST(CliReplan, AbandonDropsTheStock) {
  Planned p;
  const auto result = RunCli(
      p.Replan(p.Actuals("farm,grain,1931,10\nworks,steel,1931,2\n"), "next", "--abandon farm"));
  ASSERT_EQ(result.exit_code, 0) << result.errors;
  EXPECT_NE(result.output.find("abandoned: State farm: 2 t of Steel that would have been usable "
                               "in 1932 (dropped)"),
            std::string::npos)
      << result.output;
  EXPECT_EQ(ReadFile(p.scratch.path() + "/next/model/construction_in_progress.csv"),
            "enterprise,product,year_usable,quantity\n");
  const auto targets = Targets(p.scratch.path() + "/next");
  EXPECT_NEAR(Target(targets, "farm", "grain", 1932), 10.0, kTolerance);
  EXPECT_NEAR(Target(targets, "works", "steel", 1932), 2.0, kTolerance);
}

// Bad input is located and nothing is written: an unknown enterprise in the actuals (line 2,
// column 1), a year outside the plan, --from outside the plan, an unknown --abandon id.
TEST(CliReplan, BadInputIsLocatedAndNothingIsWritten) {
  Planned p;
  const std::string bad = p.Actuals("nowhere,grain,1931,10\n");
  const auto unknown = RunCli(p.Replan(bad, "next"));
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.errors.find(bad + ":2:1: unknown enterprise 'nowhere'"), std::string::npos)
      << unknown.errors;
  const std::string late = p.Actuals("farm,grain,1940,10\n");
  const auto outside = RunCli(p.Replan(late, "next"));
  EXPECT_EQ(outside.exit_code, 2);
  EXPECT_NE(outside.errors.find(late + ":2:3: year 1940 is outside the plan"), std::string::npos)
      << outside.errors;
  const std::string good = p.Actuals("farm,grain,1931,10\n");
  const auto from = RunCli("replan -q '" + p.model + "' '" + p.plan + "' --actuals '" + good +
                           "' --from 1940 --out '" + p.scratch.path() + "/next'");
  EXPECT_EQ(from.exit_code, 2);
  EXPECT_NE(from.errors.find("from_year is 1940; it must be a year of the plan, 1931 to 1933"),
            std::string::npos)
      << from.errors;
  const auto abandon = RunCli(p.Replan(good, "next", "--abandon nowhere"));
  EXPECT_EQ(abandon.exit_code, 2);
  EXPECT_NE(abandon.errors.find("'nowhere', which is no enterprise"), std::string::npos)
      << abandon.errors;
  EXPECT_FALSE(std::filesystem::exists(p.scratch.path() + "/next"));
}

// The re-plan goes into the history beside the new plan: the old version (#1), the actuals batch
// (#1, tracked against #1), the new version (#2) and the link, which `gosplan history NEXT` shows
// both ways. The same re-plan again (--force, same files, same time) changes nothing; --no-record
// records nothing. The database is beside the folders: scratch/gosplan-history.sqlite.
TEST(CliReplan, ReplanIsRecordedInTheHistoryWithItsLineage) {
  Planned p;
  const std::string actuals = p.Actuals("farm,grain,1931,10\nworks,steel,1931,2\n");
  const std::string time = " --time 2026-01-01T00:00:00Z";
  ASSERT_EQ(RunCli(p.Replan(actuals, "next", time)).exit_code, 0);
  const std::string database = p.scratch.path() + "/gosplan-history.sqlite";
  ASSERT_TRUE(std::filesystem::exists(database));
  const auto history = RunCli("history -q '" + p.scratch.path() + "/next'");
  ASSERT_EQ(history.exit_code, 0) << history.errors;
  EXPECT_NE(history.output.find("2 plan versions, 1 actuals batch, 1 re-plan"), std::string::npos)
      << history.output;
  EXPECT_NE(history.output.find("  #2 next (optimal"), std::string::npos) << history.output;
  EXPECT_NE(history.output.find("      replaces #1 plan from 1932 using actuals batch #1 (recorded "
                                "2026-01-01T00:00:00Z)"),
            std::string::npos)
      << history.output;
  EXPECT_NE(history.output.find("      replaced from 1932 by #2 next using actuals batch #1"),
            std::string::npos)
      << history.output;
  EXPECT_NE(history.output.find("  #1 2 rows from " + actuals), std::string::npos)
      << history.output;
  EXPECT_NE(history.output.find("tracked against #1 plan"), std::string::npos) << history.output;

  const auto again = RunCli(p.Replan(actuals, "next", "--force" + time));
  ASSERT_EQ(again.exit_code, 0) << again.errors;
  EXPECT_EQ(RunCli("history -q '" + p.scratch.path() + "/next'").output, history.output);

  const auto unrecorded = RunCli(p.Replan(actuals, "other", "--no-record" + time));
  ASSERT_EQ(unrecorded.exit_code, 0) << unrecorded.errors;
  EXPECT_EQ(RunCli("history -q '" + p.scratch.path() + "/next'").output, history.output);
}

// A failed re-plan stores nothing: bad actuals or an unknown --abandon id leave no history
// database behind.
TEST(CliReplan, AFailedReplanStoresNothing) {
  Planned p;
  EXPECT_EQ(RunCli(p.Replan(p.Actuals("nowhere,grain,1931,10\n"), "next")).exit_code, 2);
  EXPECT_EQ(
      RunCli(p.Replan(p.Actuals("farm,grain,1931,10\n"), "next", "--abandon nowhere")).exit_code,
      2);
  EXPECT_FALSE(std::filesystem::exists(p.scratch.path() + "/gosplan-history.sqlite"));
}

// The example economy re-planned from 1931 (no reports before 1932 in its actuals.csv: the plan's
// own state, with 1929–1930's construction continuing) and from 1933 with the 1932 reports and two
// more years: each new folder verifies against the model written beside it. (From 1931 the
// consumer-goods surplus, written 0, is recomputed from 12-digit columns as 3.7e-8 on a balance of
// 1e4: `verify` judges the surplus at the balance's scale.)
TEST(CliReplan, TheExampleReplannedVerifies) {
  ScratchFolder scratch;
  const std::string model = testing::SourcePath("examples/ussr-1928");
  const std::string plan = scratch.path() + "/plan";
  ASSERT_EQ(RunCli("plan -q '" + model + "' --out '" + plan + "'").exit_code, 0);
  for (const std::string& flags :
       {std::string("--from 1931"), std::string("--from 1933 --extend 2")}) {
    SCOPED_TRACE(flags);
    const std::string out = scratch.path() + "/replan" + std::to_string(flags.size());
    const auto replanned = RunCli("replan -q '" + model + "' '" + plan + "' --actuals '" + model +
                                  "/actuals.csv' " + flags + " --out '" + out + "'");
    ASSERT_EQ(replanned.exit_code, 0) << replanned.errors;
    const auto verified = RunCli("verify -q '" + out + "/model' '" + out + "'");
    EXPECT_EQ(verified.exit_code, 0) << verified.output;
  }
}

// examples/two-sector's export category has one final_demand row, in 1929 only. Re-planned from
// 1930 that row is past, yet the re-planned model keeps the category (a row of floor 0 and target 0
// in the first remaining year, asking for nothing), so its folder can be written and read again:
// before, the model writer refused "category 'export' has no final_demand row" and nothing was
// written.
TEST(CliReplan, ACategoryWhoseRowsAreAllPastIsKept) {
  ScratchFolder scratch;
  const std::string model = testing::SourcePath("examples/two-sector");
  const std::string plan = scratch.path() + "/plan";
  ASSERT_EQ(RunCli("plan -q '" + model + "' --out '" + plan + "'").exit_code, 0);
  const std::string out = scratch.path() + "/replan";
  const auto replanned = RunCli("replan -q '" + model + "' '" + plan + "' --actuals '" + model +
                                "/actuals.csv' --from 1930 --out '" + out + "'");
  ASSERT_EQ(replanned.exit_code, 0) << replanned.errors;
  const std::string demand = ReadFile(out + "/model/final_demand.csv");
  EXPECT_NE(demand.find("\nexport,"), std::string::npos) << demand;
  EXPECT_EQ(RunCli("model check -q '" + out + "/model'").exit_code, 0);
  const auto verified = RunCli("verify -q '" + out + "/model' '" + out + "'");
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
}

}  // namespace
}  // namespace gosplan
