// `gosplan plan MODEL --what-if EDITS.csv` end to end on examples/two-sector: a located refusal
// of a bad line (exit 2, nothing written), and for a good file one table row per scenario, whose
// verdicts and objectives agree with `gosplan plan` run cold on the edited model folder (written
// here by editing the example's CSV text, not by gosplan).
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "json_doc_check.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::ReadFile;
using testing::RunCli;
using testing::ScratchFolder;
using testing::SourcePath;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) lines.push_back(line);
  return lines;
}

std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  std::string field;
  while (std::getline(stream, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.push_back("");
  return fields;
}

TEST(CliWhatIf, BadLineIsLocatedAndNothingIsWritten) {
  ScratchFolder scratch;
  const std::string edits = scratch.Write("edits.csv",
                                          "edit,kind,id,detail,year,value\n"
                                          "a,resource_availability,labour,,1930,40\n"
                                          "b,resource_availability,labour,,1930,lots\n");
  const std::string out = scratch.path() + "/out";
  const auto result = RunCli("plan -q '" + SourcePath("examples/two-sector") + "' --what-if '" +
                             edits + "' --out '" + out + "'");
  EXPECT_EQ(result.exit_code, 2) << result.errors;
  EXPECT_NE(result.errors.find(edits + ":3:6"), std::string::npos) << result.errors;
  EXPECT_FALSE(std::filesystem::exists(out));

  // PDLP is refused only where SolvePlan refuses it: the maxmin objective (one CLP LP per step).
  const std::string good = scratch.Write("good.csv",
                                         "edit,kind,id,detail,year,value\n"
                                         "a,resource_availability,labour,,1930,40\n");
  const auto pdlp = RunCli("plan -q '" + SourcePath("examples/two-sector") + "' --what-if '" +
                           good + "' --solver pdlp --objective maxmin");
  EXPECT_EQ(pdlp.exit_code, 2) << pdlp.errors;
  EXPECT_NE(pdlp.errors.find("maxmin"), std::string::npos) << pdlp.errors;

  const std::string kinds = scratch.Write("kinds.csv",
                                          "edit,kind,id,detail,year,value\n"
                                          "a,labour_supply,labour,,1930,40\n");
  const auto unknown =
      RunCli("plan -q '" + SourcePath("examples/two-sector") + "' --what-if '" + kinds + "'");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.errors.find(kinds + ":2:2"), std::string::npos) << unknown.errors;
}

TEST(CliWhatIf, TableHasOneRowPerScenarioAndAgreesWithColdPlans) {
  ScratchFolder scratch;
  // Scenario "short": labour in 1930 cut to 5 (the floors cannot be met); "long": 40 in 1930.
  const std::string edits =
      scratch.Write("edits.csv",
                    "edit,kind,id,detail,year,value\n"
                    "short,resource_availability,labour,,1930,5\n"
                    "long,resource_availability,labour,,1930,40\n"
                    "site,construction_site,chelyabinsk,tractor_assembly,,10\n");
  const std::string out = scratch.path() + "/out";
  const auto result = RunCli("plan -q '" + SourcePath("examples/two-sector") + "' --what-if '" +
                             edits + "' --out '" + out + "' --format csv");
  ASSERT_EQ(result.exit_code, 0) << result.errors;
  const auto rows = Lines(result.output);
  ASSERT_EQ(rows.size(), 5u) << result.output;  // header, base, three scenarios
  EXPECT_EQ(ReadFile(out + "/what_if.csv"), result.output);
  EXPECT_EQ(Split(rows[1])[0], "base");
  EXPECT_EQ(Split(rows[2])[0], "short");
  EXPECT_EQ(Split(rows[2])[3], "infeasible");

  // The cold peers: the example copied with labour,1930 replaced in its CSV text.
  for (const auto& [row, quantity] :
       {std::pair{2, std::string("5")}, std::pair{3, std::string("40")}}) {
    const std::string model = scratch.path() + "/cold" + quantity;
    std::filesystem::copy(SourcePath("examples/two-sector"), model);
    std::string availability = ReadFile(model + "/resource_availability.csv");
    const std::string line = "labour,1930,31";
    const auto at = availability.find(line);
    ASSERT_NE(at, std::string::npos);
    availability.replace(at, line.size(), "labour,1930," + quantity);
    scratch.Write("cold" + quantity + "/resource_availability.csv", availability);
    const auto cold = RunCli("plan -q '" + model + "' --format csv");
    const auto fields = Split(rows[row]);
    EXPECT_NE(cold.output.find("status," + fields[3] + ","), std::string::npos)
        << cold.output << "\n"
        << rows[row];
    if (fields[3] == "optimal") {
      // The objective row of `plan --format csv`: objective,<kind>,,<value>,...
      for (const std::string& line : Lines(cold.output)) {
        const auto cold_fields = Split(line);
        if (cold_fields.size() > 3 && cold_fields[0] == "objective") {
          EXPECT_NEAR(std::stod(fields[4]), std::stod(cold_fields[3]),
                      1e-7 * std::abs(std::stod(cold_fields[3])));
        }
      }
    }
  }
}

// The example file of docs/what-if.md: the JSON document is gosplan.what_if/1 as docs/json.md shows
// it, with one scenario per distinct edit name (5 names on 6 lines) and the infeasible one
// explained.
TEST(CliWhatIf, JsonDocumentMatchesDocs) {
  const auto result =
      RunCli("plan -q '" + SourcePath("examples/two-sector") + "' --what-if '" +
             SourcePath("examples/what-if/two-sector-edits.csv") + "' --format json");
  ASSERT_EQ(result.exit_code, 0) << result.errors;
  EXPECT_EQ(testing::JoinMismatches(testing::JsonDocumentMismatches(result.output)), "");
  const auto document = nlohmann::ordered_json::parse(result.output);
  ASSERT_EQ(document["scenarios"].size(), 5u);
  EXPECT_EQ(document["scenarios"][3]["name"], "short_of_labour");
  EXPECT_EQ(document["scenarios"][3]["status"], "infeasible");
  EXPECT_TRUE(document["scenarios"][3]["objective"].is_null());
  EXPECT_EQ(document["scenarios"][4]["edits"], 2);
  // Same input, same bytes.
  EXPECT_EQ(RunCli("plan -q '" + SourcePath("examples/two-sector") + "' --what-if '" +
                   SourcePath("examples/what-if/two-sector-edits.csv") + "' --format json")
                .output,
            result.output);
}

}  // namespace
}  // namespace gosplan
