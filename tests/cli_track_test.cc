// The planning-loop commands on the command line: `gosplan track` (text, JSON, CSV, --record,
// a malformed batch), `gosplan compare` and `gosplan history`.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "json_doc_check.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::RunCli;
using testing::ScratchFolder;
using testing::SourcePath;

std::string Quoted(const std::string& path) { return "'" + path + "'"; }

// A plan of examples/ussr-1928 in scratch/plans/plan-1928.
std::string SolvedPlan(const ScratchFolder& scratch) {
  const std::string plan = scratch.path() + "/plans/plan-1928";
  const auto solved =
      RunCli("plan -q " + Quoted(SourcePath("examples/ussr-1928")) + " --out " + Quoted(plan));
  EXPECT_EQ(solved.exit_code, 0) << solved.errors;
  return plan;
}

// The model's own actuals: the 1932 totals of the history table (examples/ussr-1928/README.md,
// from Nove via shared/data/history), split over the enterprises; the per-product sums are those
// totals again (coal 64.3 Mt, steel 5.9 Mt).
TEST(CliTrack, TracksTheExamplesActualsInTextJsonAndCsv) {
  ScratchFolder scratch;
  const std::string plan = SolvedPlan(scratch);
  const std::string model = Quoted(SourcePath("examples/ussr-1928"));
  const auto text = RunCli("track -q " + model + " " + Quoted(plan));
  EXPECT_EQ(text.exit_code, 0) << text.errors;
  EXPECT_NE(text.output.find("25 reports for 1932"), std::string::npos) << text.output;
  EXPECT_TRUE(text.errors.empty()) << text.errors;

  const auto json_run = RunCli("track -q " + model + " " + Quoted(plan) + " --format json");
  ASSERT_EQ(json_run.exit_code, 0) << json_run.errors;
  const auto json = nlohmann::ordered_json::parse(json_run.output);
  EXPECT_EQ(json.begin().key(), "schema");
  EXPECT_EQ(json["schema"], "gosplan.track/1");
  ASSERT_TRUE(json.contains("fulfilment") && json.contains("aggregates") &&
              json.contains("impossible"));
  std::map<std::string, double> reported;
  for (const auto& a : json["aggregates"]) {
    if (a["level"] == "product") reported[a["product"].get<std::string>()] = a["reported"];
  }
  EXPECT_NEAR(reported["coal"], 64.3, 1e-9);
  EXPECT_NEAR(reported["steel"], 5.9, 1e-9);
  // One row per report (actuals.csv has 25), and one per works the plan gives a tracked product
  // that sent no report (counted as making nothing).
  std::size_t with_report = 0;
  for (const auto& row : json["fulfilment"]) {
    if (row["has_report"]) {
      ++with_report;
    } else {
      EXPECT_GT(row["planned"].get<double>(), 0.0) << row.dump();
      EXPECT_EQ(row["reported"], 0.0);
    }
  }
  EXPECT_EQ(with_report, 25u);

  const auto csv = RunCli("track -q " + model + " " + Quoted(plan) + " --format csv");
  ASSERT_EQ(csv.exit_code, 0);
  EXPECT_EQ(
      csv.output.rfind("enterprise,product,year,planned,reported,percent,has_report,unit\n", 0),
      0u);
}

TEST(CliTrack, RecordsABatchOnceAndHistoryShowsIt) {
  ScratchFolder scratch;
  const std::string plan = SolvedPlan(scratch);
  const std::string model = Quoted(SourcePath("examples/ussr-1928"));
  const std::string actuals = scratch.Write("a.csv",
                                            "enterprise,product,year,quantity\n"
                                            "donugol,coal,1929,30\n"
                                            "yugostal,steel,1929,2.5\n");
  const std::string track = "track " + model + " " + Quoted(plan) + " --actuals " +
                            Quoted(actuals) + " --record --time 2026-12-02T00:00:00Z";
  const auto first = RunCli(track);
  EXPECT_EQ(first.exit_code, 0) << first.errors;
  EXPECT_NE(first.errors.find("recorded actuals batch #1 (2 rows) against plan version #1"),
            std::string::npos)
      << first.errors;
  const auto second = RunCli(track);
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_NE(second.errors.find("actuals batch #1 was recorded before"), std::string::npos)
      << second.errors;
  EXPECT_TRUE(std::filesystem::exists(scratch.path() + "/plans/gosplan-history.sqlite"));

  const auto history = RunCli("history -q " + Quoted(plan) + " --format json");
  ASSERT_EQ(history.exit_code, 0) << history.errors;
  const auto json = nlohmann::json::parse(history.output);
  EXPECT_EQ(json["schema"], "gosplan.history/1");
  ASSERT_EQ(json["versions"].size(), 1u);
  EXPECT_EQ(json["versions"][0]["folder"], "plan-1928");
  ASSERT_EQ(json["batches"].size(), 1u);
  EXPECT_EQ(json["batches"][0]["rows"], 2);
  EXPECT_EQ(json["batches"][0]["recorded_at"], "2026-12-02T00:00:00Z");
  const auto csv = RunCli("history -q " + Quoted(plan) + " --format csv");
  EXPECT_EQ(csv.exit_code, 0);
  EXPECT_NE(csv.output.find("\nversion,1,plan-1928,,"), std::string::npos) << csv.output;
  EXPECT_NE(csv.output.find("\nactuals_batch,1,,"), std::string::npos) << csv.output;
  const auto text = RunCli("history -q " + Quoted(plan));
  EXPECT_NE(text.output.find("1 plan version, 1 actuals batch, 0 re-plans"), std::string::npos)
      << text.output;
}

// Every bad row is named with its line and column; nothing is printed or recorded.
TEST(CliTrack, MalformedBatchIsRefusedWholeAndNothingIsRecorded) {
  ScratchFolder scratch;
  const std::string plan = SolvedPlan(scratch);
  const std::string actuals = scratch.Write("bad.csv",
                                            "enterprise,product,year,quantity\n"
                                            "donugol,coal,1929,30\n"
                                            "donugol,coal,1927,30\n"
                                            "yugostal,stel,1929,2.5\n"
                                            "yugostal,steel,1929,lots\n");
  const auto run = RunCli("track " + Quoted(SourcePath("examples/ussr-1928")) + " " + Quoted(plan) +
                          " --actuals " + Quoted(actuals) + " --record");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(run.output.empty()) << run.output;
  EXPECT_NE(run.errors.find("bad.csv:3:3: year 1927 is outside the plan"), std::string::npos)
      << run.errors;
  EXPECT_NE(run.errors.find("bad.csv:4:2: unknown product 'stel'"), std::string::npos);
  EXPECT_NE(run.errors.find("bad.csv:5:4:"), std::string::npos);
  EXPECT_NE(run.errors.find("3 problems"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(scratch.path() + "/plans/gosplan-history.sqlite"));
  const auto history = RunCli("history -q " + Quoted(plan));
  EXPECT_EQ(history.exit_code, 0);
  EXPECT_NE(history.output.find("No history yet"), std::string::npos) << history.output;
}

// A plan folder without a plan (an infeasible model: 100 Mt of steel asked of a works that can make
// 10) has nothing to track or compare: bad input, exit 2, named by its summary.json.
TEST(CliTrack, APlanFolderWithoutAPlanIsRefused) {
  ScratchFolder scratch;
  scratch.Write("model/model.toml", "name = \"steel\"\nbase_year = 2000\nhorizon = 1\n");
  scratch.Write("model/products.csv", "id,name,unit,group\nsteel,Steel,Mt,A\n");
  scratch.Write("model/techniques.csv", "id,name\nsmelt,Smelting\n");
  scratch.Write("model/technique_outputs.csv", "technique,product,coefficient\nsmelt,steel,1\n");
  scratch.Write("model/enterprises.csv", "id,name,kind\nworks,Works,factory\n");
  scratch.Write("model/enterprise_techniques.csv",
                "enterprise,technique,min_activity,max_activity\nworks,smelt,0,10\n");
  scratch.Write("model/final_demand.csv",
                "category,product,year,floor,target\nconsumption,steel,2001,100,1\n");
  const std::string model = Quoted(scratch.path() + "/model");
  const std::string plan = Quoted(scratch.path() + "/plan");
  ASSERT_EQ(RunCli("plan -q " + model + " --out " + plan).exit_code, 3);
  const auto track = RunCli("track -q " + model + " " + plan);
  EXPECT_EQ(track.exit_code, 2);
  EXPECT_NE(track.errors.find("plan/summary.json: the plan has status 'infeasible'"),
            std::string::npos)
      << track.errors;
  const auto compare = RunCli("compare -q " + model + " " + plan + " " + plan);
  EXPECT_EQ(compare.exit_code, 2);
  EXPECT_NE(compare.errors.find("holds no plan to compare"), std::string::npos) << compare.errors;
}

TEST(CliCompare, APlanWithItselfHasNoDifference) {
  ScratchFolder scratch;
  const std::string plan = SolvedPlan(scratch);
  const std::string csv = scratch.path() + "/differences.csv";
  const auto run = RunCli("compare -q " + Quoted(SourcePath("examples/ussr-1928")) + " " +
                          Quoted(plan) + " " + Quoted(plan) + " --csv " + Quoted(csv));
  EXPECT_EQ(run.exit_code, 0) << run.errors;
  EXPECT_NE(run.output.find("The plans do not differ."), std::string::npos) << run.output;
  EXPECT_EQ(testing::ReadFile(csv),
            "kind,id,enterprise,detail,year,a,b,difference,relative,unit\n");
  const auto json = RunCli("compare -q " + Quoted(SourcePath("examples/ussr-1928")) + " " +
                           Quoted(plan) + " " + Quoted(plan) + " --format json");
  ASSERT_EQ(json.exit_code, 0);
  const auto document = nlohmann::json::parse(json.output);
  EXPECT_EQ(document["schema"], "gosplan.compare/1");
  EXPECT_TRUE(document["differences"].empty());
}

// The three documents match their examples in docs/json.md (keys and types, recursively).
TEST(CliTrack, DocumentsMatchDocsJson) {
  ScratchFolder scratch;
  const std::string plan = SolvedPlan(scratch);
  const std::string model = Quoted(SourcePath("examples/ussr-1928"));
  const auto track = RunCli("track -q " + model + " " + Quoted(plan) +
                            " --format json --record --time 2026-12-02T00:00:00Z");
  ASSERT_EQ(track.exit_code, 0) << track.errors;
  EXPECT_EQ(testing::JoinMismatches(testing::JsonDocumentMismatches(track.output)), "");
  const std::string cheap = scratch.path() + "/plans/plan-1928-min";
  ASSERT_EQ(
      RunCli("plan -q " + model + " --objective min_resources --out " + Quoted(cheap)).exit_code,
      0);
  const auto compare =
      RunCli("compare -q " + model + " " + Quoted(plan) + " " + Quoted(cheap) + " --format json");
  ASSERT_EQ(compare.exit_code, 0) << compare.errors;
  EXPECT_EQ(testing::JoinMismatches(testing::JsonDocumentMismatches(compare.output)), "");
  EXPECT_FALSE(nlohmann::json::parse(compare.output)["differences"].empty());
  const auto history = RunCli("history -q " + Quoted(plan) + " --format json");
  ASSERT_EQ(history.exit_code, 0) << history.errors;
  EXPECT_EQ(testing::JoinMismatches(testing::JsonDocumentMismatches(history.output)), "");
}

}  // namespace
}  // namespace gosplan
