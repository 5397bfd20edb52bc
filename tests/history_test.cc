// The history database (include/gosplan/history.h): versions and batches are recorded once
// (idempotent by content), re-plans link versions, and a run killed in the middle of writing a
// batch leaves the database as it was.
#include "gosplan/history.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "gosplan/plan.h"
#include "test_support.h"
#include "track_model.h"

namespace gosplan {
namespace {

using testing::ScratchFolder;

// Rows of `table`, counted by SQLite directly (not through the library under test), and the result
// of PRAGMA integrity_check.
std::int64_t CountRows(const std::string& database, const std::string& table) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  std::int64_t count = -1;
  const std::string sql = "SELECT count(*) FROM " + table;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    count = sqlite3_column_int64(statement, 0);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return count;
}
std::string IntegrityCheck(const std::string& database) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  sqlite3_stmt* statement = nullptr;
  std::string result;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    result = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return result;
}

struct Fixture {
  ScratchFolder scratch;
  Model model;
  std::string plan_folder, database;
  std::vector<Actual> batch;
  Fixture() {
    model = testing::LoadTables(scratch, testing::kTrackToml, testing::TrackTables(false));
    plan_folder = scratch.path() + "/plans/plan-2001";
    EXPECT_TRUE(WritePlanFolder(model, testing::HandPlan(model), plan_folder, false).ok());
    database = HistoryDatabasePath(plan_folder);
    const auto e = [&](const char* id) { return model.enterprise_index.at(id); };
    const auto i = [&](const char* id) { return model.product_index.at(id); };
    batch = {{e("old_works"), i("steel"), 1, 8.0},
             {e("new_works"), i("steel"), 1, 8.0},
             {e("pit"), i("coal"), 1, 27.0}};
  }
};

TEST(History, DatabaseLiesBesideThePlanFolder) {
  EXPECT_EQ(HistoryDatabasePath("out/plan-1928"), "out/gosplan-history.sqlite");
  EXPECT_EQ(HistoryDatabasePath("out/plan-1928/"), "out/gosplan-history.sqlite");
  EXPECT_EQ(HistoryDatabasePath("plan"), "gosplan-history.sqlite");
}

TEST(History, RecordingTheSameThingTwiceChangesNothing) {
  Fixture f;
  auto version = RecordPlanVersion(f.database, f.plan_folder, "2001-01-01T00:00:00Z");
  ASSERT_TRUE(version.ok()) << version.status().ToString();
  EXPECT_TRUE(version->inserted);
  auto again = RecordPlanVersion(f.database, f.plan_folder, "2001-02-01T00:00:00Z");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->inserted);
  EXPECT_EQ(again->id, version->id);

  auto batch = RecordActualsBatch(f.database, f.model, f.batch, "a.csv", version->id,
                                  "2001-03-01T00:00:00Z");
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_TRUE(batch->inserted);
  // The same rows in another order, from another file: the same batch.
  std::vector<Actual> reordered(f.batch.rbegin(), f.batch.rend());
  auto same = RecordActualsBatch(f.database, f.model, reordered, "b.csv", std::nullopt,
                                 "2001-04-01T00:00:00Z");
  ASSERT_TRUE(same.ok());
  EXPECT_FALSE(same->inserted);
  EXPECT_EQ(same->id, batch->id);
  EXPECT_EQ(CountRows(f.database, "actuals_batches"), 1);
  EXPECT_EQ(CountRows(f.database, "actuals_rows"), 3);
  EXPECT_EQ(CountRows(f.database, "plan_versions"), 1);

  auto listing = ReadHistory(f.database);
  ASSERT_TRUE(listing.ok()) << listing.status().ToString();
  ASSERT_EQ(listing->versions.size(), 1u);
  EXPECT_EQ(listing->versions[0].folder, "plan-2001");
  EXPECT_EQ(listing->versions[0].status, "optimal");
  EXPECT_EQ(listing->versions[0].recorded_at, "2001-01-01T00:00:00Z");
  ASSERT_EQ(listing->batches.size(), 1u);
  EXPECT_EQ(listing->batches[0].rows, 3);
  EXPECT_EQ(listing->batches[0].source, "a.csv");
  EXPECT_EQ(listing->batches[0].plan_version, version->id);
}

TEST(History, ReplanLinksTwoVersions) {
  Fixture f;
  const std::string replanned = f.scratch.path() + "/plans/plan-2001-b";
  Plan other = testing::HandPlan(f.model);
  other.targets[0].quantity = 9.0;  // another plan: other files, another version
  ASSERT_TRUE(WritePlanFolder(f.model, other, replanned, false).ok());
  auto batch = RecordActualsBatch(f.database, f.model, f.batch, "a.csv", std::nullopt, "t1");
  ASSERT_TRUE(batch.ok());
  auto link = RecordReplan(f.database, f.plan_folder, replanned, 2001, batch->id, "t2");
  ASSERT_TRUE(link.ok()) << link.status().ToString();
  EXPECT_TRUE(link->inserted);
  auto again = RecordReplan(f.database, f.plan_folder, replanned, 2001, batch->id, "t3");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->inserted);
  auto listing = ReadHistory(f.database);
  ASSERT_TRUE(listing.ok());
  ASSERT_EQ(listing->versions.size(), 2u);
  ASSERT_EQ(listing->replans.size(), 1u);
  EXPECT_EQ(listing->replans[0].old_version, listing->versions[0].id);
  EXPECT_EQ(listing->replans[0].new_version, listing->versions[1].id);
  EXPECT_EQ(listing->replans[0].from_year, 2001);
  EXPECT_EQ(listing->replans[0].actuals_batch, batch->id);
  EXPECT_NE(HistoryTextReport(listing.value()).find("replaced from 2001 by #2 plan-2001-b"),
            std::string::npos)
      << HistoryTextReport(listing.value());
  // A folder that is no plan: refused, nothing stored.
  auto refused = RecordReplan(f.database, f.plan_folder, f.scratch.path(), 2001, std::nullopt, "t");
  EXPECT_FALSE(refused.ok());
  EXPECT_EQ(CountRows(f.database, "replans"), 1);
}

// What `gosplan replan` records, in one transaction: old version, batch, new version, link. A new
// folder that is no plan fails after the old version and the batch were written inside the
// transaction: nothing is stored, not even those. Then the real call stores all four, and the text
// shows the lineage both ways.
TEST(History, ReplanWithActualsIsOneTransaction) {
  Fixture f;
  const std::string replanned = f.scratch.path() + "/plans/plan-2001-b";
  Plan other = testing::HandPlan(f.model);
  other.targets[0].quantity = 9.0;
  ASSERT_TRUE(WritePlanFolder(f.model, other, replanned, false).ok());
  const std::string not_a_plan = f.scratch.path() + "/plans";
  auto refused = RecordReplanWithActuals(f.database, f.model, f.batch, "a.csv", f.plan_folder,
                                         not_a_plan, 2001, "t1");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(CountRows(f.database, "plan_versions"), 0);
  EXPECT_EQ(CountRows(f.database, "actuals_batches"), 0);
  EXPECT_EQ(CountRows(f.database, "actuals_rows"), 0);
  EXPECT_EQ(CountRows(f.database, "replans"), 0);

  auto record = RecordReplanWithActuals(f.database, f.model, f.batch, "a.csv", f.plan_folder,
                                        replanned, 2001, "t2");
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_TRUE(record->replan.inserted);
  EXPECT_EQ(record->old_version.id, 1);
  EXPECT_EQ(record->batch.id, 1);
  EXPECT_EQ(record->new_version.id, 2);
  EXPECT_EQ(CountRows(f.database, "actuals_rows"), 3);
  auto again = RecordReplanWithActuals(f.database, f.model, f.batch, "a.csv", f.plan_folder,
                                       replanned, 2001, "t3");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->replan.inserted);
  EXPECT_FALSE(again->batch.inserted);
  EXPECT_EQ(CountRows(f.database, "replans"), 1);
  auto listing = ReadHistory(f.database);
  ASSERT_TRUE(listing.ok());
  ASSERT_EQ(listing->batches.size(), 1u);
  EXPECT_EQ(listing->batches[0].plan_version, 1);
  const std::string text = HistoryTextReport(listing.value());
  EXPECT_NE(text.find("replaces #1 plan-2001 from 2001 using actuals batch #1 (recorded t2)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("replaced from 2001 by #2 plan-2001-b using actuals batch #1"),
            std::string::npos)
      << text;
}

// A child process records a second batch and is killed (SIGKILL) after writing two of its three
// rows, inside the transaction. The database then opens, passes SQLite's integrity check and holds
// exactly what it held before: the first batch and its three rows.
TEST(History, AKilledRunLeavesTheDatabaseAsItWas) {
  Fixture f;
  ASSERT_TRUE(RecordActualsBatch(f.database, f.model, f.batch, "a.csv", std::nullopt, "t1").ok());
  std::vector<Actual> second = f.batch;
  for (Actual& a : second) a.quantity += 1.0;
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto unused = RecordActualsBatch(f.database, f.model, second, "b.csv", std::nullopt, "t2",
                                     [](std::int64_t written) {
                                       if (written == 2) raise(SIGKILL);
                                     });
    (void)unused;
    _exit(0);  // not reached when the hook fires
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child was to be killed mid-write";
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
  EXPECT_EQ(IntegrityCheck(f.database), "ok");
  EXPECT_EQ(CountRows(f.database, "actuals_batches"), 1);
  EXPECT_EQ(CountRows(f.database, "actuals_rows"), 3);
  // And the interrupted batch can be recorded afterwards, whole.
  auto retried = RecordActualsBatch(f.database, f.model, second, "b.csv", std::nullopt, "t3");
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_TRUE(retried->inserted);
  EXPECT_EQ(CountRows(f.database, "actuals_rows"), 6);
}

TEST(History, ReadingAMissingDatabaseCreatesNothing) {
  ScratchFolder scratch;
  const std::string database = scratch.path() + "/gosplan-history.sqlite";
  auto listing = ReadHistory(database);
  ASSERT_TRUE(listing.ok());
  EXPECT_FALSE(listing->exists);
  EXPECT_FALSE(std::filesystem::exists(database));
  EXPECT_NE(HistoryJson(listing.value()).find("\"schema\": \"gosplan.history/1\""),
            std::string::npos);
}

}  // namespace
}  // namespace gosplan
