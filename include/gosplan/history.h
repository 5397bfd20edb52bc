// The planning loop's memory: every plan version, every batch of actuals and every re-plan, kept in
// an SQLite database beside the plan folders (docs/planning-loop.md, History).
//
// Where: HistoryDatabasePath(PLAN) = the folder that holds PLAN, file `gosplan-history.sqlite`.
// Plan folders are replaced whole when re-written and a re-plan writes a new folder beside the old
// one, so the database lives beside them, not inside one; versions are named by their folder's
// path relative to the database's folder.
//
// Tables (schema version 1):
//   plan_versions(id, folder, content_hash, model_checksum, status, objective_kind, objective,
//                 summary, recorded_at)                 UNIQUE(folder, content_hash)
//   actuals_batches(id, content_hash UNIQUE, source, rows, plan_version, recorded_at)
//   actuals_rows(batch, enterprise, product, year, quantity)   PRIMARY KEY(batch, enterprise,
//                                                               product, year)
//   replans(id, old_version, new_version, from_year, actuals_batch, recorded_at)
// Every record is written in one transaction: a run killed in the middle leaves the database as it
// was before (SQLite's rollback journal), and a refused batch stores nothing. Recording is
// idempotent: a plan folder with the same files, an actuals batch with the same rows (the content
// hash does not depend on row order or on the file they came from) or the same re-plan link return
// the existing record and change nothing.
//
// Times are given by the caller (ISO 8601 text, e.g. "2026-12-02T03:00:00Z"); the library never
// reads the clock, so the same calls give the same database.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gosplan/model.h"
#include "gosplan/status.h"

namespace gosplan {

// PLAN's database: <folder holding PLAN>/gosplan-history.sqlite.
std::string HistoryDatabasePath(const std::string& plan_folder);

// FNV-1a 64-bit over the plan folder's regular files (name and bytes, sorted by name), as 16 hex
// digits: the identity of a plan version.
std::string PlanFolderHash(const std::string& plan_folder);

// FNV-1a 64-bit over the batch's rows in the model's ids, sorted (enterprise, product, calendar
// year, quantity as the shortest round-trip decimal), as 16 hex digits.
std::string ActualsContentHash(const Model& model, const std::vector<Actual>& actuals);

struct RecordOutcome {
  std::int64_t id = 0;    // the record's id in its table
  bool inserted = false;  // false: the same record was there already, nothing changed
};

// Testing hook: called after each actuals row is written inside the batch's transaction (the
// atomicity test kills the process there).
using HistoryRowHook = std::function<void(std::int64_t rows_written)>;

// Records the plan folder (reads its summary.json: status, objective, model_checksum) as a version.
// kInvalidInput when the folder or its summary.json cannot be read; kInternal when the database
// cannot be written (the message names it).
Result<RecordOutcome> RecordPlanVersion(const std::string& database, const std::string& plan_folder,
                                        const std::string& recorded_at);

// Records an actuals batch (rows in the model's ids, as ReadActualsFile returns them; `source` is
// the file it came from), linked to a plan version when plan_version is set. The same rows again:
// the existing batch, nothing written.
Result<RecordOutcome> RecordActualsBatch(const std::string& database, const Model& model,
                                         const std::vector<Actual>& actuals,
                                         const std::string& source,
                                         std::optional<std::int64_t> plan_version,
                                         const std::string& recorded_at,
                                         const HistoryRowHook& after_row = {});

// Records that `new_plan_folder` replaces `old_plan_folder` from calendar year `from_year`, using
// the actuals batch `actuals_batch` (an id from RecordActualsBatch) when set. Both folders are
// recorded as versions first (RecordPlanVersion), all in one transaction. For `gosplan replan`.
Result<RecordOutcome> RecordReplan(const std::string& database, const std::string& old_plan_folder,
                                   const std::string& new_plan_folder, int from_year,
                                   std::optional<std::int64_t> actuals_batch,
                                   const std::string& recorded_at);

// What RecordReplanWithActuals stored (or found stored: inserted false).
struct ReplanRecord {
  RecordOutcome old_version, batch, new_version, replan;
};

// Everything `gosplan replan` stores, in one transaction: the old plan version, the actuals batch
// the re-plan used (linked to the old version it reports on), the new plan version and the link
// "new replaces old from calendar year from_year using that batch". Any failure (a folder without
// summary.json, a database that cannot be written) stores nothing; the same call again changes
// nothing. `after_row` as for RecordActualsBatch.
Result<ReplanRecord> RecordReplanWithActuals(const std::string& database, const Model& model,
                                             const std::vector<Actual>& actuals,
                                             const std::string& source,
                                             const std::string& old_plan_folder,
                                             const std::string& new_plan_folder, int from_year,
                                             const std::string& recorded_at,
                                             const HistoryRowHook& after_row = {});

struct HistoryVersion {
  std::int64_t id = 0;
  std::string folder;  // relative to the database's folder
  std::string content_hash, model_checksum, status, objective_kind;
  double objective = 0.0;
  std::string recorded_at;
};
struct HistoryBatch {
  std::int64_t id = 0;
  std::string content_hash, source;
  std::int64_t rows = 0;
  std::optional<std::int64_t> plan_version;
  std::string recorded_at;
};
struct HistoryReplan {
  std::int64_t id = 0;
  std::int64_t old_version = 0, new_version = 0;
  int from_year = 0;
  std::optional<std::int64_t> actuals_batch;
  std::string recorded_at;
};
struct HistoryListing {
  std::string database;
  bool exists = false;  // false: no database yet (empty lists)
  std::vector<HistoryVersion> versions;
  std::vector<HistoryBatch> batches;
  std::vector<HistoryReplan> replans;
};

// Everything in the database, each list by id. A missing database is an empty listing (exists
// false), never created by reading.
Result<HistoryListing> ReadHistory(const std::string& database);

// `gosplan history` in words: versions (which replaced which, from when, with which actuals), then
// the actuals batches.
std::string HistoryTextReport(const HistoryListing& listing);
// The document "gosplan.history/1" (docs/json.md): `versions`, `batches`, `replans`.
std::string HistoryJson(const HistoryListing& listing);
// Every record as one CSV row, versions, then batches, then re-plans:
// record,id,folder,source,content_hash,model_checksum,status,objective_kind,objective,rows,
// plan_version,old_version,new_version,from_year,actuals_batch,recorded_at (cells that do not apply
// to the record are empty).
std::string HistoryCsv(const HistoryListing& listing);

}  // namespace gosplan
