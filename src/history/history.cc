// The history database (include/gosplan/history.h) on SQLite: one connection per call, every write
// in one IMMEDIATE transaction, rolled back on any failure.
#include "gosplan/history.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

#include "util/csv_writer.h"
#include "util/fnv1a.h"
#include "util/text_file.h"

namespace gosplan {
namespace {

namespace fs = std::filesystem;

constexpr int kSchemaVersion = 1;
constexpr const char* kDatabaseName = "gosplan-history.sqlite";

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS plan_versions (
  id INTEGER PRIMARY KEY,
  folder TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  model_checksum TEXT NOT NULL,
  status TEXT NOT NULL,
  objective_kind TEXT NOT NULL,
  objective REAL,
  summary TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (folder, content_hash));
CREATE TABLE IF NOT EXISTS actuals_batches (
  id INTEGER PRIMARY KEY,
  content_hash TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  rows INTEGER NOT NULL,
  plan_version INTEGER REFERENCES plan_versions(id),
  recorded_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS actuals_rows (
  batch INTEGER NOT NULL REFERENCES actuals_batches(id),
  enterprise TEXT NOT NULL,
  product TEXT NOT NULL,
  year INTEGER NOT NULL,
  quantity REAL NOT NULL,
  PRIMARY KEY (batch, enterprise, product, year));
CREATE TABLE IF NOT EXISTS replans (
  id INTEGER PRIMARY KEY,
  old_version INTEGER NOT NULL REFERENCES plan_versions(id),
  new_version INTEGER NOT NULL REFERENCES plan_versions(id),
  from_year INTEGER NOT NULL,
  actuals_batch INTEGER REFERENCES actuals_batches(id),
  recorded_at TEXT NOT NULL,
  UNIQUE (old_version, new_version, from_year, actuals_batch));
)sql";

using util::Fnv1a;
constexpr std::uint64_t kFnvOffset = util::kFnv1aOffsetBasis;

// One open database. Errors come back as kInternal naming the file and SQLite's message.
class Database {
 public:
  ~Database() {
    if (db_) sqlite3_close(db_);
  }
  Status Open(const std::string& path, bool create) {
    path_ = path;
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) return Error("open");
    sqlite3_busy_timeout(db_, 10000);
    if (Status s = Execute("PRAGMA foreign_keys = ON"); !s.ok()) return s;
    if (!create) return CheckVersion();
    if (Status s = Execute("BEGIN IMMEDIATE"); !s.ok()) return s;
    Status s = Execute(kSchema);
    if (s.ok()) s = CheckVersion();
    if (s.ok()) s = Execute(fmt::format("PRAGMA user_version = {}", kSchemaVersion));
    if (!s.ok()) {
      Rollback();
      return s;
    }
    return Execute("COMMIT");
  }
  Status Execute(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message ? message : sqlite3_errmsg(db_);
      sqlite3_free(message);
      return Status::Internal(fmt::format("{}: {}", path_, text));
    }
    return Status::Ok();
  }
  void Rollback() { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }
  Status Error(std::string_view what) const {
    return Status::Internal(
        fmt::format("{}: cannot {}: {}", path_, what, db_ ? sqlite3_errmsg(db_) : "out of memory"));
  }
  sqlite3* get() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  Status CheckVersion() {
    sqlite3_stmt* statement = nullptr;
    int version = 0;
    if (sqlite3_prepare_v2(db_, "PRAGMA user_version", -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      version = sqlite3_column_int(statement, 0);
    }
    sqlite3_finalize(statement);
    if (version > kSchemaVersion) {
      return Status::Internal(
          fmt::format("{}: history schema version {} is newer than this gosplan's {}", path_,
                      version, kSchemaVersion));
    }
    return Status::Ok();
  }
  sqlite3* db_ = nullptr;
  std::string path_;
};

// A prepared statement with positional binding.
class Statement {
 public:
  Statement(Database& db, const char* sql) {
    if (sqlite3_prepare_v2(db.get(), sql, -1, &statement_, nullptr) != SQLITE_OK) {
      statement_ = nullptr;
    }
  }
  ~Statement() { sqlite3_finalize(statement_); }
  bool ok() const { return statement_ != nullptr; }
  Statement& Bind(int position, const std::string& text) {
    sqlite3_bind_text(statement_, position, text.c_str(), static_cast<int>(text.size()),
                      SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Bind(int position, std::int64_t value) {
    sqlite3_bind_int64(statement_, position, value);
    return *this;
  }
  Statement& Bind(int position, double value) {
    if (std::isfinite(value)) {
      sqlite3_bind_double(statement_, position, value);
    } else {
      sqlite3_bind_null(statement_, position);
    }
    return *this;
  }
  Statement& Bind(int position, std::optional<std::int64_t> value) {
    if (value) return Bind(position, *value);
    sqlite3_bind_null(statement_, position);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return statement_ ? sqlite3_step(statement_) : SQLITE_ERROR; }
  void Reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  std::int64_t Integer(int column) const { return sqlite3_column_int64(statement_, column); }
  std::optional<std::int64_t> OptionalInteger(int column) const {
    if (sqlite3_column_type(statement_, column) == SQLITE_NULL) return std::nullopt;
    return Integer(column);
  }
  double Real(int column) const {
    if (sqlite3_column_type(statement_, column) == SQLITE_NULL) return std::nan("");
    return sqlite3_column_double(statement_, column);
  }
  std::string Text(int column) const {
    const unsigned char* text = sqlite3_column_text(statement_, column);
    return text ? reinterpret_cast<const char*>(text) : "";
  }

 private:
  sqlite3_stmt* statement_ = nullptr;
};

// Runs `body` in one IMMEDIATE transaction: committed when it returns Ok, rolled back otherwise.
template <typename Body>
Status InTransaction(Database& db, Body body) {
  if (Status s = db.Execute("BEGIN IMMEDIATE"); !s.ok()) return s;
  Status s = body();
  if (!s.ok()) {
    db.Rollback();
    return s;
  }
  if (Status committed = db.Execute("COMMIT"); !committed.ok()) {
    db.Rollback();
    return committed;
  }
  return Status::Ok();
}

std::string FolderName(const std::string& database, const std::string& plan_folder) {
  std::error_code error;
  const fs::path base = fs::weakly_canonical(fs::absolute(database).parent_path(), error);
  const fs::path plan = fs::weakly_canonical(fs::absolute(plan_folder), error);
  fs::path relative = plan.lexically_relative(base);
  if (relative.empty()) relative = plan;
  return relative.generic_string();
}

// Inside a transaction: the version of `plan_folder`, inserted when new.
Result<RecordOutcome> InsertVersion(Database& db, const std::string& plan_folder,
                                    const std::string& recorded_at) {
  const fs::path summary_path = fs::path(plan_folder) / "summary.json";
  auto summary_text =
      util::ReadWholeFile(summary_path.string(), "a plan folder written by `gosplan plan --out`");
  if (!summary_text.ok()) return summary_text.status();
  nlohmann::json summary = nlohmann::json::parse(summary_text.value(), nullptr, false);
  if (summary.is_discarded() || !summary.is_object() || !summary.contains("status")) {
    return Status::InvalidInput(summary_path.string(), 0, 0, "is not a plan summary",
                                "the gosplan.plan/1 document `gosplan plan --out` writes");
  }
  const auto text = [&](const char* key) {
    const auto found = summary.find(key);
    return found != summary.end() && found->is_string() ? found->get<std::string>() : "";
  };
  const auto found_objective = summary.find("objective");
  const double objective = found_objective != summary.end() && found_objective->is_number()
                               ? found_objective->get<double>()
                               : std::nan("");
  const std::string folder = FolderName(db.path(), plan_folder);
  const std::string hash = PlanFolderHash(plan_folder);
  Statement find(db, "SELECT id FROM plan_versions WHERE folder = ?1 AND content_hash = ?2");
  find.Bind(1, folder).Bind(2, hash);
  if (find.Step() == SQLITE_ROW) return RecordOutcome{find.Integer(0), false};
  Statement insert(db,
                   "INSERT INTO plan_versions (folder, content_hash, model_checksum, status, "
                   "objective_kind, objective, summary, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, "
                   "?6, ?7, ?8)");
  insert.Bind(1, folder)
      .Bind(2, hash)
      .Bind(3, text("model_checksum"))
      .Bind(4, text("status"))
      .Bind(5, text("objective_kind"))
      .Bind(6, objective)
      .Bind(7, summary_text.value())
      .Bind(8, recorded_at);
  if (insert.Step() != SQLITE_DONE) return db.Error("record the plan version");
  return RecordOutcome{sqlite3_last_insert_rowid(db.get()), true};
}

// Inside a transaction: the actuals batch, inserted with its rows when new (the same rows again:
// the existing batch).
Result<RecordOutcome> InsertBatch(Database& db, const Model& model,
                                  const std::vector<Actual>& actuals, const std::string& source,
                                  std::optional<std::int64_t> plan_version,
                                  const std::string& recorded_at, const HistoryRowHook& after_row) {
  const std::string hash = ActualsContentHash(model, actuals);
  Statement find(db, "SELECT id FROM actuals_batches WHERE content_hash = ?1");
  find.Bind(1, hash);
  if (find.Step() == SQLITE_ROW) return RecordOutcome{find.Integer(0), false};
  Statement insert(db,
                   "INSERT INTO actuals_batches (content_hash, source, rows, plan_version, "
                   "recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.Bind(1, hash)
      .Bind(2, source)
      .Bind(3, static_cast<std::int64_t>(actuals.size()))
      .Bind(4, plan_version)
      .Bind(5, recorded_at);
  if (insert.Step() != SQLITE_DONE) return db.Error("record the actuals batch");
  const RecordOutcome outcome{sqlite3_last_insert_rowid(db.get()), true};
  Statement row(db,
                "INSERT INTO actuals_rows (batch, enterprise, product, year, quantity) VALUES "
                "(?1, ?2, ?3, ?4, ?5)");
  std::int64_t written = 0;
  for (const Actual& a : actuals) {
    row.Bind(1, outcome.id)
        .Bind(2, model.enterprises[a.enterprise].id)
        .Bind(3, model.products[a.product].id)
        .Bind(4, static_cast<std::int64_t>(model.CalendarYear(a.year)))
        .Bind(5, a.quantity);
    if (row.Step() != SQLITE_DONE) return db.Error("record an actuals row");
    row.Reset();
    ++written;
    if (after_row) after_row(written);
  }
  return outcome;
}

// Inside a transaction: the link old -> new from `from_year`, inserted when new.
Result<RecordOutcome> InsertReplan(Database& db, std::int64_t old_version, std::int64_t new_version,
                                   int from_year, std::optional<std::int64_t> actuals_batch,
                                   const std::string& recorded_at) {
  Statement find(db,
                 "SELECT id FROM replans WHERE old_version = ?1 AND new_version = ?2 AND "
                 "from_year = ?3 AND actuals_batch IS ?4");
  find.Bind(1, old_version)
      .Bind(2, new_version)
      .Bind(3, static_cast<std::int64_t>(from_year))
      .Bind(4, actuals_batch);
  if (find.Step() == SQLITE_ROW) return RecordOutcome{find.Integer(0), false};
  Statement insert(db,
                   "INSERT INTO replans (old_version, new_version, from_year, actuals_batch, "
                   "recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.Bind(1, old_version)
      .Bind(2, new_version)
      .Bind(3, static_cast<std::int64_t>(from_year))
      .Bind(4, actuals_batch)
      .Bind(5, recorded_at);
  if (insert.Step() != SQLITE_DONE) return db.Error("record the re-plan");
  return RecordOutcome{sqlite3_last_insert_rowid(db.get()), true};
}

}  // namespace

std::string HistoryDatabasePath(const std::string& plan_folder) {
  fs::path plan(plan_folder);
  while (!plan.empty() && !plan.has_filename()) plan = plan.parent_path();  // "out/plan/"
  const fs::path parent = plan.parent_path();
  return (parent.empty() ? fs::path(kDatabaseName) : parent / kDatabaseName).string();
}

std::string PlanFolderHash(const std::string& plan_folder) {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(plan_folder, error)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::uint64_t hash = kFnvOffset;
  for (const fs::path& file : files) {
    hash = Fnv1a(hash, file.filename().string());
    hash = Fnv1a(hash, std::string_view("\0", 1));
    auto bytes = util::ReadWholeFile(file.string(), "a plan folder's file");
    hash = Fnv1a(hash, bytes.ok() ? bytes.value() : std::string());
    hash = Fnv1a(hash, std::string_view("\0", 1));
  }
  return fmt::format("{:016x}", hash);
}

std::string ActualsContentHash(const Model& model, const std::vector<Actual>& actuals) {
  std::vector<std::tuple<std::string, std::string, int, double>> rows;
  for (const Actual& a : actuals) {
    rows.emplace_back(model.enterprises[a.enterprise].id, model.products[a.product].id,
                      model.CalendarYear(a.year), a.quantity);
  }
  std::sort(rows.begin(), rows.end());
  std::uint64_t hash = kFnvOffset;
  for (const auto& [enterprise, product, year, quantity] : rows) {
    hash = Fnv1a(
        hash, fmt::format("{},{},{},{}\n", enterprise, product, year, util::CsvNumber(quantity)));
  }
  return fmt::format("{:016x}", hash);
}

Result<RecordOutcome> RecordPlanVersion(const std::string& database, const std::string& plan_folder,
                                        const std::string& recorded_at) {
  Database db;
  if (Status s = db.Open(database, true); !s.ok()) return s;
  RecordOutcome outcome;
  Status s = InTransaction(db, [&]() -> Status {
    auto version = InsertVersion(db, plan_folder, recorded_at);
    if (!version.ok()) return version.status();
    outcome = version.value();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return outcome;
}

Result<RecordOutcome> RecordActualsBatch(const std::string& database, const Model& model,
                                         const std::vector<Actual>& actuals,
                                         const std::string& source,
                                         std::optional<std::int64_t> plan_version,
                                         const std::string& recorded_at,
                                         const HistoryRowHook& after_row) {
  Database db;
  if (Status s = db.Open(database, true); !s.ok()) return s;
  RecordOutcome outcome;
  Status s = InTransaction(db, [&]() -> Status {
    auto batch = InsertBatch(db, model, actuals, source, plan_version, recorded_at, after_row);
    if (!batch.ok()) return batch.status();
    outcome = batch.value();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return outcome;
}

Result<RecordOutcome> RecordReplan(const std::string& database, const std::string& old_plan_folder,
                                   const std::string& new_plan_folder, int from_year,
                                   std::optional<std::int64_t> actuals_batch,
                                   const std::string& recorded_at) {
  Database db;
  if (Status s = db.Open(database, true); !s.ok()) return s;
  RecordOutcome outcome;
  Status s = InTransaction(db, [&]() -> Status {
    auto old_version = InsertVersion(db, old_plan_folder, recorded_at);
    if (!old_version.ok()) return old_version.status();
    auto new_version = InsertVersion(db, new_plan_folder, recorded_at);
    if (!new_version.ok()) return new_version.status();
    auto link =
        InsertReplan(db, old_version->id, new_version->id, from_year, actuals_batch, recorded_at);
    if (!link.ok()) return link.status();
    outcome = link.value();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return outcome;
}

Result<ReplanRecord> RecordReplanWithActuals(const std::string& database, const Model& model,
                                             const std::vector<Actual>& actuals,
                                             const std::string& source,
                                             const std::string& old_plan_folder,
                                             const std::string& new_plan_folder, int from_year,
                                             const std::string& recorded_at,
                                             const HistoryRowHook& after_row) {
  Database db;
  if (Status s = db.Open(database, true); !s.ok()) return s;
  ReplanRecord record;
  Status s = InTransaction(db, [&]() -> Status {
    auto old_version = InsertVersion(db, old_plan_folder, recorded_at);
    if (!old_version.ok()) return old_version.status();
    record.old_version = old_version.value();
    auto batch =
        InsertBatch(db, model, actuals, source, record.old_version.id, recorded_at, after_row);
    if (!batch.ok()) return batch.status();
    record.batch = batch.value();
    auto new_version = InsertVersion(db, new_plan_folder, recorded_at);
    if (!new_version.ok()) return new_version.status();
    record.new_version = new_version.value();
    auto link = InsertReplan(db, record.old_version.id, record.new_version.id, from_year,
                             record.batch.id, recorded_at);
    if (!link.ok()) return link.status();
    record.replan = link.value();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return record;
}

Result<HistoryListing> ReadHistory(const std::string& database) {
  HistoryListing listing;
  listing.database = database;
  std::error_code error;
  if (!fs::exists(database, error)) return listing;
  listing.exists = true;
  Database db;
  if (Status s = db.Open(database, false); !s.ok()) return s;
  // One read transaction: the three lists agree with each other.
  if (Status s = db.Execute("BEGIN"); !s.ok()) return s;
  Statement versions(db,
                     "SELECT id, folder, content_hash, model_checksum, status, objective_kind, "
                     "objective, recorded_at FROM plan_versions ORDER BY id");
  if (!versions.ok()) return db.Error("read the plan versions");
  while (versions.Step() == SQLITE_ROW) {
    listing.versions.push_back(
        HistoryVersion{versions.Integer(0), versions.Text(1), versions.Text(2), versions.Text(3),
                       versions.Text(4), versions.Text(5), versions.Real(6), versions.Text(7)});
  }
  Statement batches(db,
                    "SELECT id, content_hash, source, rows, plan_version, recorded_at FROM "
                    "actuals_batches ORDER BY id");
  if (!batches.ok()) return db.Error("read the actuals batches");
  while (batches.Step() == SQLITE_ROW) {
    listing.batches.push_back(HistoryBatch{batches.Integer(0), batches.Text(1), batches.Text(2),
                                           batches.Integer(3), batches.OptionalInteger(4),
                                           batches.Text(5)});
  }
  Statement replans(db,
                    "SELECT id, old_version, new_version, from_year, actuals_batch, recorded_at "
                    "FROM replans ORDER BY id");
  if (!replans.ok()) return db.Error("read the re-plans");
  while (replans.Step() == SQLITE_ROW) {
    listing.replans.push_back(HistoryReplan{
        replans.Integer(0), replans.Integer(1), replans.Integer(2),
        static_cast<int>(replans.Integer(3)), replans.OptionalInteger(4), replans.Text(5)});
  }
  db.Rollback();
  return listing;
}

}  // namespace gosplan
