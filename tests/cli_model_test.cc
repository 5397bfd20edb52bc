// `gosplan model check`: exit codes, the summary on stdout, diagnostics on stderr.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace gosplan {
namespace {

using gosplan::testing::ReadFile;
using gosplan::testing::RunCli;
using gosplan::testing::ScratchFolder;
using gosplan::testing::SourcePath;
using ::testing::HasSubstr;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

std::string CopyExample(const ScratchFolder& scratch) {
  const std::string folder = scratch.path() + "/model";
  std::filesystem::copy(SourcePath("examples/two-sector"), folder,
                        std::filesystem::copy_options::recursive);
  return folder;
}

TEST(CliModelTest, CheckValidModelPrintsSummary) {
  const auto result = RunCli("model check '" + SourcePath("examples/two-sector") + "'");
  EXPECT_EQ(result.exit_code, 0) << result.errors;
  EXPECT_EQ(result.errors, "");
  EXPECT_THAT(result.output, HasSubstr("model: Two-sector economy"));
  EXPECT_THAT(result.output, HasSubstr("years: base 1928, plan 1929..1931 (horizon 3)"));
  EXPECT_THAT(result.output, HasSubstr("products: 3 (group A 2, group B 1; storable 3)"));
  EXPECT_THAT(result.output,
              HasSubstr("techniques: 4 (non-zeros: inputs 5, outputs 4, resources 6, capital 3)"));
  EXPECT_THAT(result.output,
              HasSubstr("enterprises: 3 (factory 1, construction_site 1, collective_farm 1)"));
  EXPECT_THAT(result.output, HasSubstr("quotas: 2"));
  EXPECT_THAT(result.output, HasSubstr("actuals: 3"));
  EXPECT_THAT(result.output, HasSubstr("model is valid"));
}

TEST(CliModelTest, CheckJsonAndHorizonOverride) {
  const auto result =
      RunCli("model check '" + SourcePath("examples/two-sector") + "' --format json --horizon 5");
  ASSERT_EQ(result.exit_code, 0) << result.errors;
  const nlohmann::json summary = nlohmann::json::parse(result.output);
  EXPECT_EQ(summary["horizon"], 5);
  EXPECT_EQ(summary["last_year"], 1933);
  EXPECT_EQ(summary["products"]["total"], 3);
  EXPECT_EQ(summary["resources"], 2);
  EXPECT_EQ(summary["enterprises"]["by_kind"]["construction_site"], 1);
  EXPECT_EQ(summary["nonzeros"]["capital"], 3);
  EXPECT_EQ(summary["quotas"], 2);
  // final_demand.csv has 7 rows for 1929–1931; the two added years (1932, 1933) repeat 1931's two
  // rows (consumption grain, defence steel): 7 + 2 × 2.
  EXPECT_EQ(summary["final_demand"]["rows"], 11);
}

TEST(CliModelTest, BadInputExitsTwoWithEveryDiagnosticOnStderr) {
  ScratchFolder scratch;
  const std::string folder = CopyExample(scratch);
  std::string inputs = ReadFile(folder + "/technique_inputs.csv");
  inputs.replace(inputs.find("tractor_assembly,steel,"), 23, "tractor_assembly,stel,");
  scratch.Write("model/technique_inputs.csv", inputs);
  scratch.Write("model/enterprises.csv",
                ReadFile(folder + "/enterprises.csv") + "idle,Idle works,fabrika,,\n");

  const auto result = RunCli("model check '" + folder + "'");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.output, "");  // nothing on stdout on error
  const std::vector<std::string> lines = Lines(result.errors);
  ASSERT_EQ(lines.size(), 4u) << result.errors;
  EXPECT_EQ(lines[0],
            folder +
                "/technique_inputs.csv:7:2: unknown product 'stel' (expected a product id "
                "defined in " +
                folder + "/products.csv)");
  EXPECT_EQ(lines[1], folder +
                          "/enterprises.csv:5:3: unknown enterprise kind 'fabrika' (expected one "
                          "of: factory, mine, construction_site, collective_farm, state_farm, "
                          "power_station, other)");
  const std::regex shape(R"(^.+:[0-9]+:[0-9]+: .+ \(expected .+\)$)");
  for (std::size_t k = 0; k + 1 < lines.size(); ++k) {
    EXPECT_TRUE(std::regex_match(lines[k], shape)) << lines[k];
  }
  EXPECT_EQ(lines.back(), "gosplan: 3 problems in " + folder);
}

TEST(CliModelTest, MissingFolderIsBadInput) {
  ScratchFolder scratch;
  const auto result = RunCli("model check '" + scratch.path() + "/absent'");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.output, "");
  EXPECT_THAT(result.errors, HasSubstr("model folder not found"));
}

TEST(CliModelTest, DiagnosticCapIsReported) {
  ScratchFolder scratch;
  const std::string folder = CopyExample(scratch);
  std::string rows;
  for (int k = 0; k < 20; ++k) rows += "grain_by_hand,grain,x\n";
  scratch.Write("model/technique_inputs.csv", ReadFile(folder + "/technique_inputs.csv") + rows);
  const auto result = RunCli("model check '" + folder + "' --max-diagnostics 5");
  EXPECT_EQ(result.exit_code, 2);
  const std::vector<std::string> lines = Lines(result.errors);
  ASSERT_EQ(lines.size(), 6u) << result.errors;
  EXPECT_THAT(lines.back(),
              HasSubstr("at least 5 problems in " + folder + " (stopped at the limit of 5"));
}

TEST(CliModelTest, BadFlagsAreBadInput) {
  const std::string example = "'" + SourcePath("examples/two-sector") + "'";
  EXPECT_EQ(RunCli("model check " + example + " --format xml").exit_code, 2);
  EXPECT_EQ(RunCli("model check " + example + " --horizon -1").exit_code, 2);
  EXPECT_EQ(RunCli("model check").exit_code, 2);
  EXPECT_EQ(RunCli("model").exit_code, 2);
}

}  // namespace
}  // namespace gosplan
