// Determinism (docs/reliability.md): the same input gives byte-identical output files, run after run and
// whatever the number of OpenMP threads. Only summary.json's "time" object may differ between runs.
#include <gtest/gtest.h>

#include <cstdlib>
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

// summary.json without its timing fields (the only ones allowed to vary).
std::string SummaryWithoutTime(const std::string& path) {
  auto summary = nlohmann::ordered_json::parse(ReadFile(path));
  summary.erase("time");
  return summary.dump(2);
}

const std::vector<std::string> kPlanFiles = {"targets.csv", "investment.csv", "balances.csv", "prices.csv"};

TEST(Determinism, PlanIsByteIdenticalAcrossRunsAndThreadCounts) {
  ScratchFolder scratch;
  const std::string model = SourcePath("examples/ussr-1928");
  struct Run {
    int threads;
    std::string folder;
  };
  const std::vector<Run> runs = {{1, scratch.path() + "/one-a"},
                                 {1, scratch.path() + "/one-b"},
                                 {2, scratch.path() + "/two-a"},
                                 {2, scratch.path() + "/two-b"}};
  for (const Run& run : runs) {
    const auto result = RunWithThreads(run.threads, "plan " + Quote(model) + " --out " + Quote(run.folder) + " -q");
    ASSERT_EQ(result.exit_code, 0) << result.errors;
  }
  for (const std::string& file : kPlanFiles) {
    const std::string reference = ReadFile(runs[0].folder + "/" + file);
    ASSERT_FALSE(reference.empty()) << file;
    for (std::size_t k = 1; k < runs.size(); ++k) {
      EXPECT_EQ(ReadFile(runs[k].folder + "/" + file), reference)
          << file << " differs between run 1 (1 thread) and run " << k + 1 << " (" << runs[k].threads
          << " threads)";
    }
  }
  const std::string summary = SummaryWithoutTime(runs[0].folder + "/summary.json");
  for (std::size_t k = 1; k < runs.size(); ++k) {
    EXPECT_EQ(SummaryWithoutTime(runs[k].folder + "/summary.json"), summary) << "run " << k + 1;
  }
}

// `gosplan io` on a generated square model: the JSON and CSV outputs (which hold no timing field) are
// byte-identical, with the direct and the iterative (OpenMP-parallel residual and products) solvers.
TEST(Determinism, IoOutputIsByteIdenticalAcrossRunsAndThreadCounts) {
  ScratchFolder scratch;
  const std::string model = scratch.path() + "/generated";
  const auto generated = RunCli("generate --products 400 --seed 1928 --out " + Quote(model) + " -q");
  ASSERT_EQ(generated.exit_code, 0) << generated.errors;
  for (const std::string flags : {"--format json", "--format json --method iterative --preconditioner diagonal",
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
