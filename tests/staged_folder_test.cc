// StagedFolder (src/util/atomic_output.h): a folder appears complete under its final name or not at
// all. Each test states the file-system layout it expects, read back with std::filesystem (an
// independent path).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "test_support.h"
#include "util/atomic_output.h"

namespace gosplan {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::ScratchFolder;
using util::StagedFolder;

// The pid of a process that has finished and been reaped: a pid no running process has (until the
// system wraps around its pid counter, which takes far longer than one test).
long DeadPid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return static_cast<long>(child);
}

TEST(StagedFolderTest, NothingUnderTheFinalNameUntilCommit) {
  ScratchFolder scratch;
  const std::string target = scratch.path() + "/plan";
  auto staged = StagedFolder::Create(target, /*overwrite=*/false);
  ASSERT_TRUE(staged.ok()) << staged.status().ToString();
  StagedFolder& folder = *staged.value();
  // The staging folder sits beside the target as "<name>.tmp-<our pid>".
  EXPECT_EQ(folder.staging_path(), target + ".tmp-" + std::to_string(::getpid()));
  ASSERT_TRUE(folder.WriteFile("summary.txt", "one\n").ok());
  ASSERT_TRUE(folder.WriteFile("levels.csv", "a,b\n1,2\n").ok());
  EXPECT_FALSE(fs::exists(target));
  EXPECT_TRUE(fs::exists(folder.staging_path() + "/summary.txt"));

  ASSERT_TRUE(folder.Commit().ok());
  EXPECT_EQ(ReadFile(target + "/summary.txt"), "one\n");
  EXPECT_EQ(ReadFile(target + "/levels.csv"), "a,b\n1,2\n");
  EXPECT_FALSE(fs::exists(folder.staging_path()));
  staged.value().reset();  // the destructor of a committed folder leaves the output alone
  EXPECT_TRUE(fs::exists(target + "/summary.txt"));
}

TEST(StagedFolderTest, ExistingFolderIsNotOverwrittenWithoutPermission) {
  ScratchFolder scratch;
  const std::string target = scratch.path() + "/plan";
  scratch.Write("plan/old.txt", "previous\n");
  auto refused = StagedFolder::Create(target, /*overwrite=*/false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(ReadFile(target + "/old.txt"), "previous\n");
  EXPECT_FALSE(fs::exists(target + ".tmp-" + std::to_string(::getpid())));

  // A folder that appears at the final name while the staged one is written is not replaced either.
  ScratchFolder other;
  const std::string late = other.path() + "/plan";
  auto staged = StagedFolder::Create(late, /*overwrite=*/false);
  ASSERT_TRUE(staged.ok());
  ASSERT_TRUE(staged.value()->WriteFile("new.txt", "new\n").ok());
  other.Write("plan/someone-else.txt", "theirs\n");
  EXPECT_FALSE(staged.value()->Commit().ok());
  EXPECT_EQ(ReadFile(late + "/someone-else.txt"), "theirs\n");
  EXPECT_FALSE(fs::exists(late + "/new.txt"));
}

TEST(StagedFolderTest, OverwriteReplacesTheWholeFolder) {
  ScratchFolder scratch;
  const std::string target = scratch.path() + "/plan";
  scratch.Write("plan/old.txt", "previous\n");
  auto staged = StagedFolder::Create(target, /*overwrite=*/true);
  ASSERT_TRUE(staged.ok());
  ASSERT_TRUE(staged.value()->WriteFile("new.txt", "new\n").ok());
  EXPECT_EQ(ReadFile(target + "/old.txt"), "previous\n");  // untouched until Commit
  ASSERT_TRUE(staged.value()->Commit().ok());
  EXPECT_EQ(ReadFile(target + "/new.txt"), "new\n");
  EXPECT_FALSE(fs::exists(target + "/old.txt"));  // replaced, not merged
  EXPECT_FALSE(fs::exists(staged.value()->staging_path()));
  EXPECT_FALSE(fs::exists(target + ".old-" + std::to_string(::getpid())));
}

TEST(StagedFolderTest, DestructorRemovesAnUncommittedFolder) {
  ScratchFolder scratch;
  const std::string target = scratch.path() + "/plan";
  std::string staging;
  {
    auto staged = StagedFolder::Create(target, /*overwrite=*/false);
    ASSERT_TRUE(staged.ok());
    staging = staged.value()->staging_path();
    ASSERT_TRUE(staged.value()->WriteFile("half.txt", "half\n").ok());
    EXPECT_TRUE(fs::exists(staging + "/half.txt"));
  }
  EXPECT_FALSE(fs::exists(staging));
  EXPECT_FALSE(fs::exists(target));
  EXPECT_TRUE(fs::is_empty(scratch.path()));
}

TEST(StagedFolderTest, CreateRemovesStaleTemporariesAndKeepsLiveOnes) {
  ScratchFolder scratch;
  const std::string target = scratch.path() + "/plan";
  const std::string dead = std::to_string(DeadPid());
  const std::string live = std::to_string(::getppid());  // our parent is running
  scratch.Write("plan.tmp-" + dead + "/partial.txt", "killed mid-write\n");
  scratch.Write("plan.tmp-" + live + "/partial.txt", "still writing\n");
  scratch.Write("planner.tmp-" + dead + "/x.txt", "another output's leftovers\n");
  scratch.Write("plan.tmp-abc/x.txt", "not a pid suffix\n");

  auto staged = StagedFolder::Create(target, /*overwrite=*/false);
  ASSERT_TRUE(staged.ok());
  EXPECT_FALSE(fs::exists(scratch.path() + "/plan.tmp-" + dead));
  EXPECT_TRUE(fs::exists(scratch.path() + "/plan.tmp-" + live + "/partial.txt"));
  EXPECT_TRUE(fs::exists(scratch.path() + "/planner.tmp-" + dead + "/x.txt"));
  EXPECT_TRUE(fs::exists(scratch.path() + "/plan.tmp-abc/x.txt"));
}

TEST(StagedFolderTest, StrandedPreviousOutputIsPutBack) {
  // A writer killed between moving the previous folder aside (.old-<pid>) and moving the new one in
  // leaves no folder under the final name: the previous complete output goes back under it.
  ScratchFolder scratch;
  const std::string target = scratch.path() + "/plan";
  const std::string dead = std::to_string(DeadPid());
  scratch.Write("plan.old-" + dead + "/summary.txt", "previous\n");
  EXPECT_EQ(util::CleanStaleTemporaries(target), 1);
  EXPECT_EQ(ReadFile(target + "/summary.txt"), "previous\n");
  EXPECT_FALSE(fs::exists(scratch.path() + "/plan.old-" + dead));

  // With the final name present, a stranded .old-<pid> is obsolete and removed.
  scratch.Write("plan.old-" + dead + "/summary.txt", "older\n");
  EXPECT_EQ(util::CleanStaleTemporaries(target), 1);
  EXPECT_EQ(ReadFile(target + "/summary.txt"), "previous\n");
  EXPECT_FALSE(fs::exists(scratch.path() + "/plan.old-" + dead));
}

TEST(StagedFolderTest, UnusableNamesAreRefused) {
  for (const std::string name : {"", ".", "/"}) {
    auto staged = StagedFolder::Create(name, /*overwrite=*/true);
    EXPECT_FALSE(staged.ok()) << "'" << name << "'";
  }
}

}  // namespace
}  // namespace gosplan
