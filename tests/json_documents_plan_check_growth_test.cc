// The plan, check, growth and verify results report themselves (include/gosplan/{plan,check,growth,
// verify}.h): each document the library produces matches its section of docs/json.md
// (tests/json_doc_check.h), on the bundled examples and the reference data. The values asserted
// come from outside the code under test: hand derivations (repeated in the comments, from the tests
// named there), published answers (Gale 1960), or an independent path (`VerifyPlan` recomputes a
// plan's objective from its files without the LP builder).
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gosplan/check.h"
#include "gosplan/growth.h"
#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "gosplan/verify.h"
#include "json_doc_check.h"
#include "steel_works_model.h"
#include "test_support.h"

namespace gosplan {
namespace {

using nlohmann::ordered_json;
using testing::DataPath;
using testing::JoinMismatches;
using testing::JsonDocumentMismatches;
using testing::ScratchFolder;
using testing::SourcePath;

#define EXPECT_DOCUMENTED(text)                                                     \
  do {                                                                              \
    const std::string document_text = (text);                                       \
    const auto mismatches = JsonDocumentMismatches(document_text);                  \
    EXPECT_TRUE(mismatches.empty()) << JoinMismatches(mismatches) << document_text; \
  } while (false)

Model Load(const std::string& folder) {
  auto model = LoadModel(folder);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  return model.value();
}

// The steel works (steel_works_model.h) with `quota` as its one quota, written under `scratch`.
std::string SteelWorks(const ScratchFolder& scratch, const std::string& quota) {
  scratch.Write("steel/model.toml", testing::kSteelWorksToml);
  for (const auto& [name, text] : testing::SteelWorksTables(quota)) {
    scratch.Write("steel/" + name, text);
  }
  return scratch.path() + "/steel";
}

// Both examples plan optimally, and their documents match docs/json.md. The plan's objective is
// confirmed by the verifier, which recomputes it from the plan folder's files without the LP
// builder; its document says "verified" with the duality gap checked (prices.csv is written).
TEST(JsonDocuments, PlanAndVerifyOfTheExamples) {
  for (const std::string name : {"ussr-1928", "two-sector"}) {
    SCOPED_TRACE(name);
    const std::string folder = SourcePath("examples/" + name);
    const Model model = Load(folder);
    PlanOptions options;
    options.solver_kind = SolverKind::kClp;
    auto solved = SolvePlan(model, options);
    ASSERT_TRUE(solved.ok()) << solved.status().ToString();
    const Plan& plan = solved.value();
    ASSERT_EQ(plan.status, PlanStatus::kOptimal) << plan.explanation;

    const std::string plan_json = PlanJson(model, plan);
    EXPECT_DOCUMENTED(plan_json);
    const auto summary = ordered_json::parse(plan_json);
    EXPECT_EQ(summary["schema"], "gosplan.plan/1");
    EXPECT_EQ(summary["status"], "optimal");
    EXPECT_EQ(summary["horizon"], model.horizon());

    ScratchFolder scratch;
    ASSERT_TRUE(WritePlanFolder(model, plan, scratch.path() + "/plan", false).ok());
    // summary.json is the plan document itself.
    EXPECT_EQ(testing::ReadFile(scratch.path() + "/plan/summary.json"), plan_json);
    auto verified = VerifyPlan(folder, scratch.path() + "/plan");
    ASSERT_TRUE(verified.ok()) << verified.status().ToString();
    const std::string verify_json = VerifyJson(verified.value());
    EXPECT_DOCUMENTED(verify_json);
    const auto verdict = ordered_json::parse(verify_json);
    EXPECT_EQ(verdict["schema"], "gosplan.verify/1");
    EXPECT_TRUE(verdict["verified"].get<bool>()) << verify_json;
    EXPECT_EQ(verdict["violation_count"], 0);
    ASSERT_TRUE(verdict["duality"].is_object()) << verify_json;
    const double recomputed = verdict["duality"]["primal_objective"].get<double>();
    EXPECT_NEAR(summary["objective"].get<double>(), recomputed, 1e-6 * (1 + std::abs(recomputed)));
    EXPECT_EQ(VerifyTextReport(verified.value()).rfind("verified: ", 0), 0u);
  }
}

// No plan: a floor of 30 Mt in 2001 against the 10 Mt the works can make that year
// (cli_check_test.cc derives it) is infeasible. The summary says so with null objective, tolerance,
// accuracy and max_violation (not 0), and lists summary.json alone; verify says the folder holds no
// plan.
TEST(JsonDocuments, PlanWithoutAPlanHasNullsNotZeros) {
  ScratchFolder scratch;
  const std::string folder = SteelWorks(scratch, "steel_2002,steel,,2002,1");
  scratch.Write("steel/final_demand.csv",
                "category,product,year,floor,target\nconsumption,steel,2001,30,1\n"
                "consumption,steel,2002,0,1\nconsumption,steel,2003,0,1\n");
  const Model model = Load(folder);
  auto solved = SolvePlan(model);
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  ASSERT_EQ(solved.value().status, PlanStatus::kInfeasible);
  const std::string plan_json = PlanJson(model, solved.value());
  EXPECT_DOCUMENTED(plan_json);
  const auto summary = ordered_json::parse(plan_json);
  for (const char* key : {"objective", "tolerance", "accuracy", "max_violation"}) {
    EXPECT_TRUE(summary[key].is_null()) << key;
  }
  EXPECT_EQ(summary["files"], ordered_json::array({"summary.json", "README.md"}));
  EXPECT_EQ(PlanTextReport(model, solved.value()).find("Objective"), std::string::npos);

  ASSERT_TRUE(WritePlanFolder(model, solved.value(), scratch.path() + "/plan", false).ok());
  auto verified = VerifyPlan(folder, scratch.path() + "/plan");
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  const std::string verify_json = VerifyJson(verified.value());
  EXPECT_DOCUMENTED(verify_json);
  const auto verdict = ordered_json::parse(verify_json);
  EXPECT_FALSE(verdict["verified"].get<bool>());
  EXPECT_FALSE(verdict["has_plan"].get<bool>());
  EXPECT_EQ(verdict["plan_status"], "infeasible");
  EXPECT_TRUE(verdict["duality"].is_null());
}

// 25 Mt of steel in 2002 (check_test.cc, CapacityThatGrowsOnlyByInvestmentWithLag): at most 10 Mt
// in 2001, all of it invested, so at most 20 Mt in 2002: achievable 20, short by 5 (20 %), alone
// max 20; 40 Mt can be usable in 2003, so the earliest year is 2003. The text ends with the count
// of solves and iterations, without seconds.
TEST(JsonDocuments, CheckOfTheSteelWorks) {
  ScratchFolder scratch;
  const Model model = Load(SteelWorks(scratch, "steel_2002,steel,,2002,25"));
  auto checked = CheckQuotas(model);
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  const std::string json = CheckJson(model, checked.value());
  EXPECT_DOCUMENTED(json);
  const auto document = ordered_json::parse(json);
  EXPECT_EQ(document["schema"], "gosplan.check/1");
  EXPECT_EQ(document["status"], "unreachable");
  EXPECT_FALSE(document.contains("seconds"));
  const auto& quota = document["quotas"][0];
  EXPECT_EQ(quota["id"], "steel_2002");
  EXPECT_NEAR(quota["asked"].get<double>(), 25.0, 1e-9);
  EXPECT_NEAR(quota["achievable"].get<double>(), 20.0, 1e-6);
  EXPECT_NEAR(quota["short_by"].get<double>(), 5.0, 1e-6);
  EXPECT_NEAR(quota["short_by_percent"].get<double>(), 20.0, 1e-4);
  EXPECT_NEAR(quota["alone_max"].get<double>(), 20.0, 1e-6);
  EXPECT_EQ(quota["earliest_year"], 2003);

  const std::string text = CheckTextReport(model, checked.value());
  const std::string ending = " simplex iterations\n";
  ASSERT_GE(text.size(), ending.size());
  EXPECT_EQ(text.substr(text.size() - ending.size()), ending) << text;
}

// Without capital the works make steel from nothing: the most output a quota alone can reach is
// unlimited. The policy of docs/json.md: alone_max is null (not the string "unbounded"), and
// reachable_alone says true.
TEST(JsonDocuments, CheckWritesAnUnlimitedAloneMaxAsNull) {
  ScratchFolder scratch;
  const std::string folder = SteelWorks(scratch, "steel_2002,steel,,2002,25");
  scratch.Write("steel/technique_capital.csv", "technique,product,coefficient,depreciation\n");
  scratch.Write("steel/initial_stocks.csv", "enterprise,product,quantity\n");
  const Model model = Load(folder);
  CheckOptions options;
  options.headroom = true;  // the quota is met: its alone max is computed only when asked for
  auto checked = CheckQuotas(model, options);
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  ASSERT_TRUE(std::isinf(checked.value().quotas[0].alone_max));
  const std::string json = CheckJson(model, checked.value());
  EXPECT_DOCUMENTED(json);
  const auto document = ordered_json::parse(json);
  EXPECT_EQ(document["status"], "feasible");
  EXPECT_TRUE(document["quotas"][0]["alone_max"].is_null()) << json;
  EXPECT_EQ(document["quotas"][0]["reachable_alone"], true);
  EXPECT_NE(CheckTextReport(model, checked.value()).find("unlimited"), std::string::npos);
}

// The examples' quotas (the First Five-Year Plan's; the two-sector economy's): each document
// matches.
TEST(JsonDocuments, CheckOfTheExamples) {
  for (const std::string name : {"ussr-1928", "two-sector"}) {
    SCOPED_TRACE(name);
    const Model model = Load(SourcePath("examples/" + name));
    auto checked = CheckQuotas(model);
    ASSERT_TRUE(checked.ok()) << checked.status().ToString();
    const std::string json = CheckJson(model, checked.value());
    EXPECT_DOCUMENTED(json);
    EXPECT_EQ(ordered_json::parse(json)["quotas"].size(), model.quotas.size());
  }
}

// Gale (1960), example 1 (growth_test.cc derives it): α = β = 2^(1/3). Matrices from CSV carry no
// names (activities and goods null) and no catch-up was asked (catch_up null).
TEST(JsonDocuments, GrowthOfGalesFirstExample) {
  auto technology =
      ReadGrowthMatrices(DataPath("growth/gale_ex1_A.csv"), DataPath("growth/gale_ex1_B.csv"));
  ASSERT_TRUE(technology.ok()) << technology.status().ToString();
  auto solved = SolveGrowth(technology.value());
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  const std::string json = GrowthJson(technology.value(), solved.value());
  EXPECT_DOCUMENTED(json);
  const auto document = ordered_json::parse(json);
  EXPECT_EQ(document["schema"], "gosplan.growth/1");
  EXPECT_NEAR(document["alpha"].get<double>(), std::cbrt(2.0), 1e-8);
  EXPECT_NEAR(document["beta"].get<double>(), std::cbrt(2.0), 1e-8);
  EXPECT_TRUE(document["activities"].is_null());
  EXPECT_TRUE(document["catch_up"].is_null());
  EXPECT_EQ(document["shape"]["activities"], 3);
  EXPECT_EQ(document["shape"]["goods"], 4);
  const std::string text = GrowthTextReport(technology.value(), solved.value());
  EXPECT_NE(text.find("α = 1.259921"), std::string::npos) << text;
}

// A model's technology carries its technique and product ids.
TEST(JsonDocuments, GrowthOfTheUssrExampleNamesItsTechniques) {
  const Model model = Load(SourcePath("examples/ussr-1928"));
  const GrowthMatrices technology = GrowthMatricesFromModel(model, false);
  auto solved = SolveGrowth(technology);
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  GrowthReportOptions options;
  options.from_model = true;
  const std::string json = GrowthJson(technology, solved.value(), options);
  EXPECT_DOCUMENTED(json);
  const auto document = ordered_json::parse(json);
  ASSERT_EQ(document["activities"].size(), model.techniques.size());
  EXPECT_EQ(document["activities"][0], model.techniques[0].id);
  EXPECT_EQ(document["goods"].size(), model.products.size());
}

// Catch-up of the doubling economy (growth_test.cc, CatchUpDoublingEconomyYearsByHand: one machine
// makes one machine a year, no wear, lag 1, one machine at the start in 1930): output 1, 2, 4, …,
// so 100 machines take 8 years (2^7 = 128 ≥ 100 > 64), the calendar year 1938; α with capital is 2
// and the lower bound log 100 / log 2.
TEST(JsonDocuments, GrowthWithCatchUpOfTheDoublingEconomy) {
  ScratchFolder scratch;
  scratch.Write("m/model.toml", "name = \"doubling\"\nbase_year = 1930\nhorizon = 1\n");
  scratch.Write("m/products.csv", "id,name,unit,group\nmachine,Machine,piece,A\n");
  scratch.Write("m/techniques.csv", "id,name\nworks,Machine building\n");
  scratch.Write("m/technique_outputs.csv", "technique,product,coefficient\nworks,machine,1\n");
  scratch.Write("m/technique_capital.csv",
                "technique,product,coefficient,depreciation\nworks,machine,1,0\n");
  scratch.Write("m/enterprises.csv", "id,name,kind\nplant,Machine plant,factory\n");
  scratch.Write("m/enterprise_techniques.csv", "enterprise,technique\nplant,works\n");
  scratch.Write("m/initial_stocks.csv", "enterprise,product,quantity\nplant,machine,1\n");
  const std::string levels_path = scratch.Write("levels.csv", "product,level\nmachine,100\n");
  const Model model = Load(scratch.path() + "/m");
  auto levels = ReadCatchUpLevels(levels_path, model);
  ASSERT_TRUE(levels.ok()) << levels.status().ToString();
  const GrowthMatrices technology = GrowthMatricesFromModel(model, true);
  auto growth = SolveGrowth(technology);
  ASSERT_TRUE(growth.ok()) << growth.status().ToString();
  CatchUpOptions options;
  auto solved = SolveCatchUp(model, levels.value(), options);
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  const CatchUpReport catch_up{model, levels.value(), options, solved.value(), levels_path};
  GrowthReportOptions report_options;
  report_options.from_model = true;
  report_options.with_capital = true;
  const std::string json = GrowthJson(technology, growth.value(), report_options, &catch_up);
  EXPECT_DOCUMENTED(json);
  const auto document = ordered_json::parse(json);
  EXPECT_NEAR(document["alpha"].get<double>(), 2.0, 1e-8);
  const auto& answer = document["catch_up"];
  ASSERT_TRUE(answer.is_object()) << json;
  EXPECT_EQ(answer["years"], 8);
  EXPECT_EQ(answer["calendar_year"], 1938);
  EXPECT_EQ(answer["levels"][0]["product"], "machine");
  EXPECT_GE(answer["levels"][0]["output_in_final_year"].get<double>(), 100.0 - 1e-6);
  EXPECT_NEAR(answer["von_neumann_alpha_with_capital"].get<double>(), 2.0, 1e-8);
  EXPECT_NEAR(answer["lower_bound_years"].get<double>(), std::log(100.0) / std::log(2.0), 1e-7);
  const std::string text = CatchUpTextReport(catch_up);
  EXPECT_NE(text.find("Years needed: 8 (plan years 1931–1938)"), std::string::npos) << text;
}

// The command line prints what the library returns: `gosplan verify --format json` is VerifyJson of
// the same report, with the text's exit code; an unknown format is bad input (exit 2).
TEST(JsonDocuments, VerifyCommandPrintsTheLibrarysDocument) {
  const std::string folder = SourcePath("examples/two-sector");
  const Model model = Load(folder);
  PlanOptions options;
  options.solver_kind = SolverKind::kClp;
  auto solved = SolvePlan(model, options);
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  ScratchFolder scratch;
  const std::string plan = scratch.path() + "/plan";
  ASSERT_TRUE(WritePlanFolder(model, solved.value(), plan, false).ok());
  auto verified = VerifyPlan(folder, plan);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  const auto run = testing::RunCli("verify '" + folder + "' '" + plan + "' --format json -q");
  EXPECT_EQ(run.exit_code, 0) << run.errors;
  EXPECT_EQ(run.output, VerifyJson(verified.value()));
  const auto text = testing::RunCli("verify '" + folder + "' '" + plan + "' -q");
  EXPECT_EQ(text.output, VerifyTextReport(verified.value()));
  EXPECT_EQ(testing::RunCli("verify '" + folder + "' '" + plan + "' --format xml -q").exit_code, 2);
}

// Timings are not results: `gosplan check` says its seconds on stderr only; stdout ends with the
// count of solves and iterations (the same on every run).
TEST(JsonDocuments, CheckCommandSaysItsSecondsOnStderr) {
  ScratchFolder scratch;
  const std::string folder = SteelWorks(scratch, "steel_2002,steel,,2002,25");
  const auto run = testing::RunCli("check '" + folder + "'");
  EXPECT_EQ(run.exit_code, 4) << run.errors;
  const std::string ending = " simplex iterations\n";
  ASSERT_GE(run.output.size(), ending.size());
  EXPECT_EQ(run.output.substr(run.output.size() - ending.size()), ending) << run.output;
  EXPECT_NE(run.errors.find(" simplex iterations, "), std::string::npos) << run.errors;
  const auto json = testing::RunCli("check '" + folder + "' --format json -q");
  EXPECT_FALSE(nlohmann::json::parse(json.output).contains("seconds"));
}

}  // namespace
}  // namespace gosplan
