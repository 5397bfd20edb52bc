// Determinism (docs/reliability.md): the same input gives byte-identical output files, run after
// run and whatever the number of OpenMP threads. A plan folder holds no timing, host or thread
// fact: every file, summary.json included, is byte-identical.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_support.h"

namespace gosplan {
namespace {

using testing::ReadFile;
using testing::RunCli;
using testing::ScratchFolder;
using testing::SourcePath;

std::string Quote(const std::string& text) { return "'" + text + "'"; }

// Runs the CLI with OMP_NUM_THREADS set for the child (system() inherits the environment).
testing::CommandResult RunWithThreads(int threads, const std::string& arguments) {
  const char* previous = std::getenv("OMP_NUM_THREADS");
  const std::string saved = previous ? previous : "";
  ::setenv("OMP_NUM_THREADS", std::to_string(threads).c_str(), 1);
  auto result = RunCli(arguments);
  if (previous) {
    ::setenv("OMP_NUM_THREADS", saved.c_str(), 1);
  } else {
    ::unsetenv("OMP_NUM_THREADS");
  }
  return result;
}

// Every file of a folder by name, with its bytes.
std::map<std::string, std::string> FolderFiles(const std::string& folder) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    files[entry.path().filename().string()] = ReadFile(entry.path().string());
  }
  return files;
}

struct PlanRun {
  int threads;
  std::string folder;
};

void ExpectIdenticalFolders(const std::vector<PlanRun>& runs) {
  const auto reference = FolderFiles(runs[0].folder);
  ASSERT_EQ(reference.count("summary.json"), 1u);
  ASSERT_EQ(reference.count("targets.csv"), 1u);
  for (std::size_t k = 1; k < runs.size(); ++k) {
    const auto files = FolderFiles(runs[k].folder);
    ASSERT_EQ(files.size(), reference.size()) << runs[k].folder;
    for (const auto& [name, bytes] : reference) {
      ASSERT_EQ(files.count(name), 1u) << name;
      EXPECT_EQ(files.at(name), bytes) << name << " differs between run 1 (1 thread) and run "
                                       << k + 1 << " (" << runs[k].threads << " threads)";
    }
  }
}

TEST(Determinism, PlanIsByteIdenticalAcrossRunsAndThreadCounts) {
  ScratchFolder scratch;
  const std::string model = SourcePath("examples/ussr-1928");
  const std::vector<PlanRun> runs = {{1, scratch.path() + "/one-a"},
                                     {1, scratch.path() + "/one-b"},
                                     {2, scratch.path() + "/two-a"},
                                     {2, scratch.path() + "/two-b"}};
  for (const PlanRun& run : runs) {
    const auto result =
        RunWithThreads(run.threads, "plan " + Quote(model) + " --out " + Quote(run.folder) + " -q");
    ASSERT_EQ(result.exit_code, 0) << result.errors;
  }
  ExpectIdenticalFolders(runs);
}

// The PDLP plan (approximate) too, with its kernels on 1 and 2 threads (--threads and
// OMP_NUM_THREADS).
TEST(Determinism, PdlpPlanIsByteIdenticalAcrossRunsAndThreadCounts) {
  ScratchFolder scratch;
  const std::string model = SourcePath("examples/two-sector");
  const std::vector<PlanRun> runs = {{1, scratch.path() + "/one-a"},
                                     {1, scratch.path() + "/one-b"},
                                     {2, scratch.path() + "/two-a"},
                                     {2, scratch.path() + "/two-b"}};
  for (const PlanRun& run : runs) {
    const auto result = RunWithThreads(
        run.threads, "plan " + Quote(model) + " --solver pdlp --threads " +
                         std::to_string(run.threads) + " --out " + Quote(run.folder) + " -q");
    ASSERT_EQ(result.exit_code, 0) << result.errors;
  }
  ExpectIdenticalFolders(runs);
}

// `gosplan io` on a generated square model: the JSON and CSV outputs (which hold no timing field)
// are byte-identical, with the direct and the iterative (OpenMP-parallel residual and products)
// solvers.
TEST(Determinism, IoOutputIsByteIdenticalAcrossRunsAndThreadCounts) {
  ScratchFolder scratch;
  const std::string model = scratch.path() + "/generated";
  const auto generated =
      RunCli("generate --products 400 --seed 1928 --out " + Quote(model) + " -q");
  ASSERT_EQ(generated.exit_code, 0) << generated.errors;
  for (const std::string flags :
       {"--format json", "--format json --method iterative --preconditioner diagonal",
        "--format csv --method iterative"}) {
    std::vector<std::string> outputs;
    for (int threads : {1, 1, 2, 2}) {
      const auto result = RunWithThreads(threads, "io " + Quote(model) + " " + flags);
      ASSERT_EQ(result.exit_code, 0) << flags << ": " << result.errors;
      outputs.push_back(result.output);
    }
    ASSERT_FALSE(outputs[0].empty());
    for (std::size_t k = 1; k < outputs.size(); ++k) {
      EXPECT_EQ(outputs[k], outputs[0]) << flags << ": run " << k + 1 << " differs from run 1";
    }
  }
}

}  // namespace
}  // namespace gosplan
