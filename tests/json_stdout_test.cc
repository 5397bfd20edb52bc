// Machine-readable output is machine-readable: for every subcommand with `--format json` and every
// input of the test corpus, good and bad, stdout holds one valid JSON document or nothing.
// Third-party messages (COIN-OR's Coin0001I, "Bad image", "MAX found after OBJSENSE") once went to
// stdout and broke this.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_support.h"

namespace gosplan {
namespace {
namespace fs = std::filesystem;

using testing::DataPath;
using testing::RunCli;
using testing::ScratchFolder;
using testing::SourcePath;

std::string Quote(const std::string& text) { return "'" + text + "'"; }

// Files under `folder` (recursively) whose name ends with one of `endings` ("" for any).
std::vector<std::string> FilesUnder(const std::string& folder,
                                    const std::vector<std::string>& endings) {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    const std::string path = entry.path().string();
    for (const std::string& ending : endings) {
      if (path.size() >= ending.size() &&
          path.compare(path.size() - ending.size(), ending.size(), ending) == 0) {
        files.push_back(path);
        break;
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Runs the command and checks its stdout; returns the exit code for the caller's own expectations.
int ExpectJsonOrNothing(const std::string& arguments) {
  const auto run = RunCli(arguments);
  EXPECT_TRUE(run.output.empty() || nlohmann::json::accept(run.output))
      << "gosplan " << arguments << " (exit " << run.exit_code
      << "): stdout is neither empty nor JSON:\n"
      << run.output.substr(0, 2000);
  return run.exit_code;
}

TEST(JsonStdout, LpOnEveryMpsFileOfTheCorpus) {
  std::vector<std::string> files = FilesUnder(DataPath("lp"), {".mps"});
  for (const std::string& file : FilesUnder(SourcePath("fuzz/corpus/mps"), {""}))
    files.push_back(file);
  ASSERT_GE(files.size(), 20u);
  for (const std::string& file : files) {
    ExpectJsonOrNothing("lp " + Quote(file) + " --format json");
    ExpectJsonOrNothing("lp " + Quote(file) + " --solver pdlp --time-limit 2 --format json");
  }
}

TEST(JsonStdout, IoOnEveryTableOfTheCorpus) {
  std::vector<std::string> files = FilesUnder(DataPath("io"), {".csv"});
  for (const std::string& file : FilesUnder(SourcePath("fuzz/corpus/io_table"), {""}))
    files.push_back(file);
  for (const std::string& file : FilesUnder(SourcePath("fuzz/corpus/model_table"), {""}))
    files.push_back(file);
  ASSERT_GE(files.size(), 10u);
  for (const std::string& file : files) ExpectJsonOrNothing("io " + Quote(file) + " --format json");
  for (const std::string& file : FilesUnder(SourcePath("fuzz/corpus/matrix_market"), {""})) {
    ExpectJsonOrNothing("io --coefficients " + Quote(file) + " --primary labour=" + Quote(file) +
                        " --format json");
  }
}

TEST(JsonStdout, ModelCheckGrowthAndCheckOnEveryModel) {
  ScratchFolder scratch;
  // Bad models: a broken manifest and a broken table (the rest copied from the two-sector example).
  const std::string broken_toml = scratch.path() + "/broken-toml";
  const std::string broken_table = scratch.path() + "/broken-table";
  for (const std::string& folder : {broken_toml, broken_table}) {
    fs::copy(SourcePath("examples/two-sector"), folder, fs::copy_options::recursive);
  }
  scratch.Write("broken-toml/model.toml", "name = \n[[[");
  scratch.Write("broken-table/technique_inputs.csv",
                "technique,product,quantity\nnope,steel,abc\n");
  const std::vector<std::string> models = {SourcePath("examples/two-sector"),
                                           SourcePath("examples/ussr-1928"), broken_toml,
                                           broken_table, scratch.path() + "/missing"};
  for (const std::string& model : models) {
    ExpectJsonOrNothing("model check " + Quote(model) + " --format json --no-cache");
    ExpectJsonOrNothing("growth " + Quote(model) + " --format json --no-cache");
    ExpectJsonOrNothing("check " + Quote(model) + " --format json --no-cache -q");
  }
  for (const std::string example : {"gale_ex1", "gale_ex2"}) {
    ExpectJsonOrNothing("growth --inputs " + Quote(DataPath("growth/" + example + "_A.csv")) +
                        " --outputs " + Quote(DataPath("growth/" + example + "_B.csv")) +
                        " --format json");
  }
}

}  // namespace
}  // namespace gosplan
