// Crash-safe output (docs/reliability.md): `gosplan plan --out X --force` killed with SIGKILL at
// any moment leaves X absent (only before the first successful run), the previous complete plan or
// the new complete plan, never a mix or a partial file; leftovers of a killed run are cleaned by
// the next run. Also: existing output is never replaced without --force, and input files are never
// modified.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "test_support.h"

namespace gosplan {
namespace {
namespace fs = std::filesystem;

using testing::ReadFile;
using testing::RunCli;
using testing::ScratchFolder;
using testing::SourcePath;

std::string Quote(const std::string& text) { return "'" + text + "'"; }

// A folder's files and their bytes (summary.json without its "time" object, which varies by run).
using Snapshot = std::map<std::string, std::string>;

Snapshot Take(const std::string& folder) {
  Snapshot snapshot;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file()) {
      snapshot[fs::relative(entry.path(), folder).string()] = "<not a file>";
      continue;
    }
    std::string bytes = ReadFile(entry.path().string());
    if (entry.path().filename() == "summary.json") {
      auto summary = nlohmann::ordered_json::parse(bytes, nullptr, /*allow_exceptions=*/false);
      if (summary.is_discarded()) {
        bytes = "<unparsable summary.json>" + bytes;
      } else {
        summary.erase("time");
        bytes = summary.dump(2);
      }
    }
    snapshot[fs::relative(entry.path(), folder).string()] = std::move(bytes);
  }
  return snapshot;
}

// Starts `gosplan plan MODEL --out OUT --force -q` without a shell, so that the pid is gosplan's
// own.
pid_t StartPlan(const std::string& model, const std::string& out) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execl(GOSPLAN_CLI_PATH, "gosplan", "plan", model.c_str(), "--out", out.c_str(), "--force",
            "-q", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

std::vector<std::string> Leftovers(const std::string& parent, const std::string& name) {
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(parent)) {
    const std::string file = entry.path().filename().string();
    if (file != name && file.rfind(name + ".", 0) == 0) found.push_back(file);
  }
  return found;
}

TEST(CrashSafety, KilledPlanLeavesOldOrNewCompleteOutputNeverAMix) {
  ScratchFolder scratch;
  // Two different plans, alternately written to X, so that a mix of the two would show.
  const std::vector<std::string> models = {SourcePath("examples/ussr-1928"),
                                           SourcePath("examples/two-sector")};
  std::vector<Snapshot> references;
  double longest_seconds = 0;
  for (std::size_t k = 0; k < models.size(); ++k) {
    const std::string folder = scratch.path() + "/reference-" + std::to_string(k);
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = StartPlan(models[k], folder);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << models[k];
    longest_seconds =
        std::max(longest_seconds,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    references.push_back(Take(folder));
    ASSERT_EQ(references.back().size(), 6u);  // four tables, summary.json, README.md
  }
  ASSERT_NE(references[0], references[1]);

  const std::string out = scratch.path() + "/X";
  std::mt19937 random(19280101);  // fixed seed: the same kill points every run
  std::uniform_real_distribution<double> delay(0.0, longest_seconds * 1.2);
  int absent = 0, previous = 0, replaced = 0;
  bool existed = false;
  std::size_t last = 2;  // index of the plan X holds (2: none yet)
  const int kRuns = 30;
  for (int run = 0; run < kRuns; ++run) {
    const std::size_t model = static_cast<std::size_t>(run) % models.size();
    const pid_t pid = StartPlan(models[model], out);
    std::this_thread::sleep_for(std::chrono::duration<double>(delay(random)));
    ::kill(pid, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    if (!fs::exists(out)) {
      EXPECT_FALSE(existed) << "run " << run << ": a kill made an existing plan folder disappear";
      ++absent;
      continue;
    }
    existed = true;
    const Snapshot now = Take(out);
    if (now == references[model]) {
      if (last == model) {
        ++previous;
      } else {
        ++replaced;
      }
      last = model;
    } else if (now == references[1 - model]) {
      EXPECT_EQ(last, 1 - model) << "run " << run;
      ++previous;
      last = 1 - model;
    } else {
      std::string files;
      for (const auto& [name, bytes] : now)
        files += name + " (" + std::to_string(bytes.size()) + " bytes) ";
      ADD_FAILURE() << "run " << run << ": X is neither complete plan but: " << files;
    }
  }
  std::printf("crash safety: %d kills: X absent %d, previous plan %d, new plan %d\n", kRuns, absent,
              previous, replaced);
  // Leftovers of killed runs are removed by the next run (their pids are dead).
  const pid_t pid = StartPlan(models[0], out);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(Take(out), references[0]);
  EXPECT_EQ(Leftovers(scratch.path(), "X"), std::vector<std::string>{});
}

TEST(CrashSafety, StaleTemporaryOfDeadProcessIsCleanedAndStrandedOldPlanRestored) {
  ScratchFolder scratch;
  const std::string model = SourcePath("examples/two-sector");
  const std::string out = scratch.path() + "/plan";
  ASSERT_EQ(RunCli("plan " + Quote(model) + " --out " + Quote(out) + " -q").exit_code, 0);
  const Snapshot reference = Take(out);
  // A pid that is not running: a child that has exited and been reaped.
  const pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  ::waitpid(dead, nullptr, 0);
  const std::string suffix = std::to_string(dead);
  // A half-written staging folder, and the old plan moved aside by a writer killed before it moved
  // the new one in (the fallback path without an atomic exchange).
  scratch.Write("plan.tmp-" + suffix + "/targets.csv", "enterprise,techn");
  fs::rename(out, out + ".old-" + suffix);
  ASSERT_FALSE(fs::exists(out));
  // The next writer of "plan" cleans up, puts the old plan back, and refuses to replace it without
  // --force.
  const auto refused = RunCli("plan " + Quote(model) + " --out " + Quote(out) + " -q");
  EXPECT_EQ(refused.exit_code, 2) << refused.errors;
  EXPECT_EQ(Take(out), reference);
  EXPECT_EQ(Leftovers(scratch.path(), "plan"), std::vector<std::string>{});
}

TEST(CrashSafety, ExistingOutputIsNeverReplacedWithoutForce) {
  ScratchFolder scratch;
  const std::string out = scratch.path() + "/plan";
  ASSERT_EQ(
      RunCli("plan " + Quote(SourcePath("examples/ussr-1928")) + " --out " + Quote(out) + " -q")
          .exit_code,
      0);
  std::map<std::string, std::string> before;
  for (const auto& entry : fs::directory_iterator(out))
    before[entry.path().string()] = ReadFile(entry.path());
  // A different model into the same folder, without --force: refused, nothing touched (timing
  // included).
  const auto refused =
      RunCli("plan " + Quote(SourcePath("examples/two-sector")) + " --out " + Quote(out));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.errors.find("already exists"), std::string::npos) << refused.errors;
  std::map<std::string, std::string> after;
  for (const auto& entry : fs::directory_iterator(out))
    after[entry.path().string()] = ReadFile(entry.path());
  EXPECT_EQ(after, before);
  // Also through a trailing slash ("plan/" is the folder "plan").
  EXPECT_EQ(RunCli("plan " + Quote(SourcePath("examples/two-sector")) + " --out " +
                   Quote(out + "/") + " -q")
                .exit_code,
            2);
  // A plain file in the way is never replaced, even with --force.
  const std::string file = scratch.Write("notes.txt", "keep me\n");
  EXPECT_NE(RunCli("plan " + Quote(SourcePath("examples/two-sector")) + " --out " + Quote(file) +
                   " --force -q")
                .exit_code,
            0);
  EXPECT_EQ(ReadFile(file), "keep me\n");
  EXPECT_EQ(Leftovers(scratch.path(), "plan"), std::vector<std::string>{});
  EXPECT_EQ(Leftovers(scratch.path(), "notes.txt"), std::vector<std::string>{});
}

TEST(CrashSafety, TrailingSlashInOutFolderWritesTheFolder) {
  ScratchFolder scratch;
  const std::string out = scratch.path() + "/plan";
  const auto run = RunCli("plan " + Quote(SourcePath("examples/two-sector")) + " --out " +
                          Quote(out + "/") + " -q");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  EXPECT_TRUE(fs::exists(out + "/targets.csv"));
  EXPECT_EQ(Leftovers(scratch.path(), "plan"), std::vector<std::string>{});
  // And replacing it with --force through the same spelling.
  const auto again = RunCli("plan " + Quote(SourcePath("examples/two-sector")) + " --out " +
                            Quote(out + "/") + " --force -q");
  EXPECT_EQ(again.exit_code, 0) << again.errors;
  EXPECT_TRUE(fs::exists(out + "/summary.json"));
  EXPECT_EQ(Leftovers(scratch.path(), "plan"), std::vector<std::string>{});
}

// Every file of a folder, by name, with its bytes and permissions.
std::map<std::string, std::string> Contents(const std::string& folder) {
  std::map<std::string, std::string> contents;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    const auto permissions = static_cast<unsigned>(entry.status().permissions());
    contents[fs::relative(entry.path(), folder).string()] =
        std::to_string(permissions) + ":" +
        (entry.is_regular_file() ? ReadFile(entry.path()) : "<folder>");
  }
  return contents;
}

TEST(CrashSafety, InputFilesAreNeverModified) {
  ScratchFolder scratch;
  const std::string model = SourcePath("examples/ussr-1928");
  const auto before = Contents(model);
  const auto io_table = testing::DataPath("io/eurostat-germany-1995.csv");
  const std::string table_before = ReadFile(io_table);
  const std::string plan = scratch.path() + "/plan";
  EXPECT_EQ(RunCli("model check " + Quote(model)).exit_code, 0);
  EXPECT_EQ(RunCli("plan " + Quote(model) + " --out " + Quote(plan) + " --write-mps " +
                   Quote(scratch.path() + "/plan.mps") + " -q")
                .exit_code,
            0);
  EXPECT_EQ(RunCli("plan " + Quote(model) + " --out " + Quote(plan) + " --force -q").exit_code, 0);
  EXPECT_EQ(RunCli("verify " + Quote(model) + " " + Quote(plan)).exit_code, 0);
  RunCli("io " + Quote(io_table) + " --format json");
  EXPECT_EQ(Contents(model), before) << "a command changed or added a file in the model folder";
  EXPECT_EQ(ReadFile(io_table), table_before);
}

}  // namespace
}  // namespace gosplan
