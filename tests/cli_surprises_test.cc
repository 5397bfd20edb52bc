// No silent surprises on the command line: output paths are checked before any work, and what the
// loader assumed (years added by --horizon) is said on stderr even with --quiet.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "json_doc_check.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::RunCli;
using testing::SourcePath;

std::string Quote(const std::string& text) { return "'" + text + "'"; }

TEST(CliSurprises, ExistingOutputIsRefusedBeforeLoadingAnything) {
  testing::ScratchFolder scratch;
  const std::string out = scratch.path() + "/plan";
  std::filesystem::create_directories(out);
  for (const std::string command : {"plan", "check"}) {
    const auto refused =
        RunCli(command + " " + Quote(SourcePath("examples/ussr-1928")) + " --out " + Quote(out));
    EXPECT_EQ(refused.exit_code, 2) << command;
    EXPECT_NE(refused.errors.find("plan folder " + out + " already exists; nothing was done"),
              std::string::npos)
        << refused.errors;
    // Refused before the model was even loaded (the progress line "loading …" never appears).
    EXPECT_EQ(refused.errors.find("loading"), std::string::npos) << refused.errors;
  }
}

TEST(CliSurprises, OutputIntoAMissingFolderIsRefusedBeforeWork) {
  testing::ScratchFolder scratch;
  const std::string mps = scratch.path() + "/no/such/folder/plan.mps";
  const auto refused =
      RunCli("plan " + Quote(SourcePath("examples/two-sector")) + " --write-mps " + Quote(mps));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.errors.find("does not exist; nothing was done"), std::string::npos)
      << refused.errors;
  EXPECT_EQ(refused.errors.find("loading"), std::string::npos) << refused.errors;
}

TEST(CliSurprises, HorizonBeyondTheModelSaysWhatTheAddedYearsAssume) {
  // examples/ussr-1928 declares horizon 5 (1929–1933); --horizon 7 adds 1934 and 1935.
  const auto result = RunCli("plan " + Quote(SourcePath("examples/ussr-1928")) + " --horizon 7 -q");
  EXPECT_EQ(result.exit_code, 0) << result.errors;
  EXPECT_NE(result.errors.find("note: plan years 1934–1935 lie beyond model.toml's horizon (1933)"),
            std::string::npos)
      << result.errors;
}

TEST(CliSurprises, APlanFromAnotherModelIsSaidOnce) {
  testing::ScratchFolder scratch;
  const std::string out = scratch.path() + "/plan";
  ASSERT_EQ(
      RunCli("plan " + Quote(SourcePath("examples/two-sector")) + " --out " + Quote(out) + " -q")
          .exit_code,
      0);
  const auto refused =
      RunCli("verify " + Quote(SourcePath("examples/ussr-1928")) + " " + Quote(out) + " -q");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.errors.find("this plan was made from another model"), std::string::npos)
      << refused.errors;
  // One problem and the summary line, not one error per unknown id.
  EXPECT_LE(std::count(refused.errors.begin(), refused.errors.end(), '\n'), 2) << refused.errors;
}

// --quotas-as-constraints infeasible: the explanation names the quotas made law
// (examples/ussr-1928's targets.csv holds the First Five-Year Plan quotas, fyp1_*), counting every
// data row of that file.
TEST(CliSurprises, InfeasibleQuotasAsLawAreNamed) {
  std::ifstream targets(SourcePath("examples/ussr-1928/targets.csv"));
  std::string line;
  int quotas = -1;  // the header is not a quota
  while (std::getline(targets, line)) {
    if (!line.empty() && line[0] != '#') ++quotas;
  }
  const auto result =
      RunCli("plan " + Quote(SourcePath("examples/ussr-1928")) + " --quotas-as-constraints -q");
  EXPECT_EQ(result.exit_code, 3) << result.errors;
  EXPECT_NE(result.output.find("and the " + std::to_string(quotas) + " quotas made law (fyp1_"),
            std::string::npos)
      << result.output;
}

// plan --format json prints the document that the plan folder holds as summary.json.
TEST(CliSurprises, PlanFormatJsonIsTheSummaryDocument) {
  testing::ScratchFolder scratch;
  const std::string out = scratch.path() + "/plan";
  const auto result = RunCli("plan " + Quote(SourcePath("examples/two-sector")) +
                             " --format json -q --out " + Quote(out));
  ASSERT_EQ(result.exit_code, 0) << result.errors;
  std::ifstream summary(out + "/summary.json");
  const std::string written((std::istreambuf_iterator<char>(summary)),
                            std::istreambuf_iterator<char>());
  EXPECT_EQ(result.output, written);
  EXPECT_EQ(testing::JoinMismatches(testing::JsonDocumentMismatches(result.output)), "");
}

// -v shows the solver's own progress (CLP's log) on stderr; with -q it is a contradiction (exit 2).
TEST(CliSurprises, VerboseShowsTheSolversLogAndExcludesQuiet) {
  const std::string model = Quote(SourcePath("examples/two-sector"));
  const auto verbose = RunCli("plan " + model + " -v");
  EXPECT_EQ(verbose.exit_code, 0) << verbose.errors;
  EXPECT_NE(verbose.errors.find("gosplan: clp: "), std::string::npos) << verbose.errors;
  const auto quiet = RunCli("plan " + model + " -q");
  EXPECT_EQ(quiet.errors.find("gosplan: clp: "), std::string::npos) << quiet.errors;
  EXPECT_EQ(RunCli("growth " + model + " -q -v").exit_code, 2);
}

}  // namespace
}  // namespace gosplan
