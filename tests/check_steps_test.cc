// The steps of CheckQuotas on their own (src/check/check_steps.h): the delay search, the conflict
// sentence, the design-ceiling pre-step, the solve budget, steps 1–2 on the steel works, and the
// sentences of the stock-account groups. Expected values are derived in the comments.
#include "check/check_steps.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "check/elastic_program.h"
#include "gosplan/model.h"
#include "steel_works_model.h"
#include "test_support.h"

namespace gosplan::check {
namespace {

using gosplan::testing::ScratchFolder;

using gosplan::testing::LoadTables;

// A delay test reachable from `first_reachable` on, recording every delay tried.
auto ReachableFrom(int first_reachable, std::vector<int>& tried) {
  return [first_reachable, &tried](int d) {
    tried.push_back(d);
    Reach reach;
    reach.solved = true;
    reach.reachable = d >= first_reachable;
    if (!reach.reachable) reach.limited_by = {"tried " + std::to_string(d)};
    return reach;
  };
}

// From low 1: offsets 0, 1, 2, 4 try 1, 2, 3, 5; 5 is the first success, 3 the last failure, so the
// bisection tries (3 + 5)/2 = 4, which fails: the answer is 5, after the tries 1, 2, 3, 5, 4.
TEST(CheckStepsTest, SmallestDelayDoublesThenBisects) {
  std::vector<int> tried;
  Reach last;
  EXPECT_EQ(SmallestDelay(1, 30, ReachableFrom(5, tried), last), 5);
  EXPECT_EQ(tried, (std::vector<int>{1, 2, 3, 5, 4}));
  // The last failure recorded is the doubling's (3); bisection failures are not recorded.
  EXPECT_EQ(last.limited_by, std::vector<std::string>{"tried 3"});
}

// Never reachable within 6: tries 1, 2, 3, 5, then min(6, 1 + 8) = 6 and stops there with −1, the
// try at 6 being the last failure.
TEST(CheckStepsTest, SmallestDelayGivesUpAtTheLargestDelay) {
  std::vector<int> tried;
  Reach last;
  EXPECT_EQ(SmallestDelay(1, 6, ReachableFrom(100, tried), last), -1);
  EXPECT_EQ(tried, (std::vector<int>{1, 2, 3, 5, 6}));
  EXPECT_EQ(last.limited_by, std::vector<std::string>{"tried 6"});
  // An empty range tries nothing.
  tried.clear();
  EXPECT_EQ(SmallestDelay(7, 6, ReachableFrom(1, tried), last), -1);
  EXPECT_TRUE(tried.empty());
}

// A try that was not solved proves nothing: the search stops there, unknown.
TEST(CheckStepsTest, SmallestDelayStopsUnknownAtAnUnsolvedTry) {
  int tries = 0;
  Reach last;
  const int delay = SmallestDelay(
      1, 30,
      [&](int d) {
        ++tries;
        Reach reach;
        reach.solved = d < 3;  // 1 and 2 fail, proven; 3 is not solved
        return reach;
      },
      last);
  EXPECT_EQ(delay, kUnknownDelay);
  EXPECT_EQ(tries, 3);
}

TEST(CheckStepsTest, ConflictSentenceNamesQuotasAndWhatBindsThem) {
  EXPECT_EQ(ConflictSentence({"Steel 25 Mt in 2002"},
                             {"capital of Yugostal (Steel) 2001–2002", "Land 2001"}, ""),
            "Steel 25 Mt in 2002 conflicts with: capital of Yugostal (Steel) 2001–2002; Land 2001");
  EXPECT_EQ(ConflictSentence({"Grain 70 t in 2001", "Cotton 50 t in 2001"}, {}, ""),
            "Grain 70 t in 2001 and Cotton 50 t in 2001 conflict with: each other");
  EXPECT_EQ(ConflictSentence({"Steel 5 Mt in 2001"}, {}, ""),
            "Steel 5 Mt in 2001 conflicts with: the model's hard limits");
  // A quota alone against nothing, whose product nobody there makes, says why.
  EXPECT_EQ(
      ConflictSentence({"Steel 5 Mt in 2001"}, {}, "Krivbass runs no technique that makes Steel"),
      "Steel 5 Mt in 2001 cannot be met: Krivbass runs no technique that makes Steel");
  // With other members the reason is not the missing producer.
  EXPECT_EQ(ConflictSentence({"Steel 5 Mt in 2001"}, {"Land 2001"},
                             "no enterprise runs a technique that makes Steel"),
            "Steel 5 Mt in 2001 conflicts with: Land 2001");
}

// Smelting makes 2 Mt of steel per unit at Yugostal, at most 5 units a year: the design ceiling is
// 2·5 = 10 Mt. Krivbass runs only rolling, which makes no steel: its ceiling is 0 with nothing to
// sum.
Model CeilingModel() {
  Model model;
  model.products = {{"steel", "Steel", "Mt"}};
  model.techniques = {{"smelt", "Smelting"}, {"roll", "Rolling"}};
  model.outputs = {{0, 0, 2.0}};
  model.enterprises = {{"works", "Yugostal"}, {"mill", "Krivbass"}};
  model.enterprise_techniques = {{0, 0, 0.0, 5.0}, {1, 1, 0.0, kUnbounded}};
  return model;
}

TEST(CheckStepsTest, QuotaAboveItsDesignCeilingIsNeverReachable) {
  const Model model = CeilingModel();
  QuotaCheck check;
  // 12 Mt > 10 Mt: never, capped by the one technique summed.
  EXPECT_TRUE(MarkAboveDesignCeiling(model, {"q", 0, 0, 2, 12.0}, 1e-6, check));
  EXPECT_TRUE(check.never);
  EXPECT_FALSE(check.no_producer);
  EXPECT_EQ(check.earliest_year, 0);
  EXPECT_EQ(check.limited_by, std::vector<std::string>{"Yugostal for Smelting (at most 5 a year)"});
  // 10 Mt is exactly the ceiling, and 10 + 1e-6·10 (within tolerance) still counts as below it.
  QuotaCheck at_ceiling;
  EXPECT_FALSE(MarkAboveDesignCeiling(model, {"q", 0, 0, 2, 10.0}, 1e-6, at_ceiling));
  EXPECT_FALSE(MarkAboveDesignCeiling(model, {"q", 0, 0, 2, 10.0 + 0.9e-5}, 1e-6, at_ceiling));
  EXPECT_FALSE(at_ceiling.never);
  EXPECT_TRUE(at_ceiling.limited_by.empty());
  // At Krivbass nothing makes steel: ceiling 0, never, and the reason in one sentence.
  QuotaCheck nowhere;
  EXPECT_TRUE(MarkAboveDesignCeiling(model, {"q", 0, 1, 2, 1.0}, 1e-6, nowhere));
  EXPECT_TRUE(nowhere.no_producer);
  EXPECT_EQ(nowhere.limited_by,
            std::vector<std::string>{"Krivbass runs no technique that makes Steel"});
}

// max_solves 2: the first two solves may start, the third may not, and the limit is told as an
// iteration limit (a count, no clock).
TEST(CheckStepsTest, BudgetCountsSolvesWithoutAClock) {
  CheckOptions options;
  options.max_solves = 2;
  const Budget budget(options);
  EXPECT_FALSE(budget.Exhausted());
  EXPECT_FALSE(budget.Exhausted());
  EXPECT_TRUE(budget.Exhausted());
  EXPECT_EQ(budget.StoppedBy(), LpStatus::kIterationLimit);
  EXPECT_EQ(budget.Limit(), 0.0);  // no time limit: CLP is given none
}

// Steps 1 and 2 on the steel works (steel_works_model.h) with 25 Mt asked in 2002: K(2002) ≤ 10 +
// 10, so output in 2002 is at most 20. Step 1: short by 5 (20 %), weighted shortfall 5/25 = 0.2,
// not feasible, a non-empty dual support. Step 2: alone max 20 < 25, unreachable alone, with its
// support.
TEST(CheckStepsTest, NearestPlanThenEachQuotaAloneOnTheSteelWorks) {
  ScratchFolder scratch;
  const Model model =
      LoadTables(scratch, gosplan::testing::kSteelWorksToml,
                 gosplan::testing::SteelWorksTables("steel_2002,steel,works,2002,25"));
  auto built = ElasticProgram::Build(model);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  CheckOptions options;
  const Budget budget(options);
  CheckReport report;
  std::vector<Group> joint_support;
  ASSERT_TRUE(NearestPlan(*built.value(), options, budget, report, joint_support));
  EXPECT_EQ(report.model_status, LpStatus::kOptimal);
  EXPECT_FALSE(report.feasible);
  ASSERT_EQ(report.quotas.size(), 1u);
  EXPECT_NEAR(report.quotas[0].short_by, 5.0, 1e-6);
  EXPECT_NEAR(report.quotas[0].achievable, 20.0, 1e-6);
  EXPECT_NEAR(report.weighted_shortfall, 0.2, 1e-8);
  EXPECT_TRUE(std::isnan(report.quotas[0].alone_max));  // not yet computed
  EXPECT_FALSE(joint_support.empty());

  const auto alone_support = AloneMaxStep(*built.value(), options, budget, report);
  EXPECT_NEAR(report.quotas[0].alone_max, 20.0, 1e-6);
  EXPECT_FALSE(report.quotas[0].reachable_alone);
  ASSERT_EQ(alone_support.count(0), 1u);
  EXPECT_FALSE(alone_support.at(0).empty());
}

// Two stock accounts of steel (the order the enterprise techniques need them): Yugostal with 10 Mt
// at the start and lag 1 (account 0), Magnitogorsk with none and lag 2 (account 1); plan years
// 2001–2003. The sentences follow ElasticProgram::Describe's wording for each kind of account
// group.
TEST(CheckStepsTest, StockAccountGroupsAreToldInTheAccountsTerms) {
  ScratchFolder scratch;
  std::map<std::string, std::string> tables =
      gosplan::testing::SteelWorksTables("steel_2002,steel,works,2002,5");
  tables["enterprises.csv"] =
      "id,name,kind,construction_lag\nworks,Yugostal,factory,1\nsite,Magnitogorsk,factory,2\n";
  tables["enterprise_techniques.csv"] = "enterprise,technique\nworks,smelt\nsite,smelt\n";
  const Model model = LoadTables(scratch, gosplan::testing::kSteelWorksToml, tables);
  auto built = ElasticProgram::Build(model);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const ElasticProgram& elastic = *built.value();
  ASSERT_EQ(elastic.program().stocks.size(), 2u);

  const ConflictMember capital = elastic.Describe(GroupKind::kCapital, 0, 2001, 2002);
  EXPECT_EQ(capital.kind, "capital");
  EXPECT_EQ(capital.names, (std::vector<std::string>{"works", "steel"}));
  EXPECT_EQ(capital.sentence, "capital of Yugostal (Steel) 2001–2002");

  // Initial stock 10 > 0: the stock and its lag (1 year, singular).
  const ConflictMember stock = elastic.Describe(GroupKind::kStock, 0, 2001, 2001);
  EXPECT_EQ(stock.kind, "stock");
  EXPECT_EQ(stock.sentence,
            "stock of Steel at Yugostal 2001: 10 Mt at the start, new stock usable 1 year after "
            "investment");

  // No initial stock, lag 2: usable from 2000 + 1 + 2 = 2003; the years run past 2000 + 2 = 2002,
  // so the sentence adds that investment must come 2 years ahead.
  const ConflictMember site = elastic.Describe(GroupKind::kStock, 1, 2001, 2003);
  EXPECT_EQ(site.names, (std::vector<std::string>{"site", "steel"}));
  EXPECT_EQ(site.sentence,
            "Magnitogorsk (Steel) usable only from 2003 (no stock at the start, construction lag 2 "
            "years), built up only by investment 2 years ahead, 2001–2003");
  // Ending by 2002, no such addition.
  EXPECT_EQ(elastic.Describe(GroupKind::kStock, 1, 2001, 2002).sentence,
            "Magnitogorsk (Steel) usable only from 2003 (no stock at the start, construction lag 2 "
            "years)");

  const ConflictMember terminal = elastic.Describe(GroupKind::kTerminal, 0, 2003, 2003);
  EXPECT_EQ(terminal.kind, "terminal_capital");
  EXPECT_EQ(terminal.names, (std::vector<std::string>{"works", "steel"}));
  EXPECT_EQ(terminal.sentence,
            "Yugostal's stock of Steel kept at its starting level 10 Mt by 2003");
}

}  // namespace
}  // namespace gosplan::check
