// The history reports itself: the text `gosplan history` prints and the document
// "gosplan.history/1" (docs/json.md).
#include <fmt/format.h>

#include <cmath>
#include <iterator>
#include <map>

#include "gosplan/history.h"
#include "util/csv_writer.h"
#include "util/json.h"

namespace gosplan {
namespace {

template <typename... Args>
void Append(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

}  // namespace

std::string HistoryTextReport(const HistoryListing& listing) {
  std::string out;
  if (!listing.exists) {
    Append(out,
           "No history yet: {} does not exist (`gosplan track --record` and `gosplan "
           "replan` write it).\n",
           listing.database);
    return out;
  }
  Append(out, "History {}: {} plan version{}, {} actuals batch{}, {} re-plan{}\n", listing.database,
         listing.versions.size(), listing.versions.size() == 1 ? "" : "s", listing.batches.size(),
         listing.batches.size() == 1 ? "" : "es", listing.replans.size(),
         listing.replans.size() == 1 ? "" : "s");
  std::map<std::int64_t, std::string> folders;
  for (const HistoryVersion& v : listing.versions) folders[v.id] = v.folder;
  std::map<std::int64_t, std::vector<const HistoryReplan*>> replaced_by, replaces;
  for (const HistoryReplan& r : listing.replans) {
    replaced_by[r.old_version].push_back(&r);
    replaces[r.new_version].push_back(&r);
  }
  if (!listing.versions.empty()) Append(out, "\nPlan versions:\n");
  for (const HistoryVersion& v : listing.versions) {
    Append(out, "  #{} {} ({} {}{}), model {}, files {}, recorded {}\n", v.id, v.folder, v.status,
           v.objective_kind,
           std::isnan(v.objective) ? std::string() : fmt::format(" {:.6g}", v.objective),
           v.model_checksum, v.content_hash, v.recorded_at);
    // The lineage both ways: what this version replaces, and what replaced it.
    for (const HistoryReplan* r : replaces[v.id]) {
      Append(out, "      replaces #{} {} from {}{} (recorded {})\n", r->old_version,
             folders[r->old_version], r->from_year,
             r->actuals_batch ? fmt::format(" using actuals batch #{}", *r->actuals_batch) : "",
             r->recorded_at);
    }
    for (const HistoryReplan* r : replaced_by[v.id]) {
      Append(out, "      replaced from {} by #{} {}{} (recorded {})\n", r->from_year,
             r->new_version, folders[r->new_version],
             r->actuals_batch ? fmt::format(" using actuals batch #{}", *r->actuals_batch) : "",
             r->recorded_at);
    }
  }
  if (!listing.batches.empty()) Append(out, "\nActuals batches:\n");
  for (const HistoryBatch& b : listing.batches) {
    Append(out, "  #{} {} rows from {}, content {}{}, recorded {}\n", b.id, b.rows, b.source,
           b.content_hash,
           b.plan_version
               ? fmt::format(", tracked against #{} {}", *b.plan_version, folders[*b.plan_version])
               : "",
           b.recorded_at);
  }
  return out;
}

std::string HistoryJson(const HistoryListing& listing) {
  using util::Json;
  using util::JsonNumber;
  const auto optional = [](const std::optional<std::int64_t>& value) {
    return value ? Json(*value) : Json(nullptr);
  };
  Json document = util::JsonDocument("gosplan.history/1");
  document["database"] = listing.database;
  document["exists"] = listing.exists;
  Json versions = Json::array();
  for (const HistoryVersion& v : listing.versions) {
    versions.push_back(Json{{"id", v.id},
                            {"folder", v.folder},
                            {"content_hash", v.content_hash},
                            {"model_checksum", v.model_checksum},
                            {"status", v.status},
                            {"objective_kind", v.objective_kind},
                            {"objective", JsonNumber(v.objective)},
                            {"recorded_at", v.recorded_at}});
  }
  document["versions"] = versions;
  Json batches = Json::array();
  for (const HistoryBatch& b : listing.batches) {
    batches.push_back(Json{{"id", b.id},
                           {"content_hash", b.content_hash},
                           {"source", b.source},
                           {"rows", b.rows},
                           {"plan_version", optional(b.plan_version)},
                           {"recorded_at", b.recorded_at}});
  }
  document["batches"] = batches;
  Json replans = Json::array();
  for (const HistoryReplan& r : listing.replans) {
    replans.push_back(Json{{"id", r.id},
                           {"old_version", r.old_version},
                           {"new_version", r.new_version},
                           {"from_year", r.from_year},
                           {"actuals_batch", optional(r.actuals_batch)},
                           {"recorded_at", r.recorded_at}});
  }
  document["replans"] = replans;
  return util::JsonText(document);
}

std::string HistoryCsv(const HistoryListing& listing) {
  std::string out;
  util::CsvWriter csv(out);
  csv.Header("record", "id", "folder", "source", "content_hash", "model_checksum", "status",
             "objective_kind", "objective", "rows", "plan_version", "old_version", "new_version",
             "from_year", "actuals_batch", "recorded_at");
  const auto optional = [&](const std::optional<std::int64_t>& value) {
    if (value) {
      csv.Integer(*value);
    } else {
      csv.Empty();
    }
  };
  for (const HistoryVersion& v : listing.versions) {
    csv.Text("version").Integer(v.id).Text(v.folder).Empty().Text(v.content_hash);
    csv.Text(v.model_checksum).Text(v.status).Text(v.objective_kind).Number(v.objective);
    csv.Empty().Empty().Empty().Empty().Empty().Empty().Text(v.recorded_at).EndRow();
  }
  for (const HistoryBatch& b : listing.batches) {
    csv.Text("actuals_batch").Integer(b.id).Empty().Text(b.source).Text(b.content_hash);
    csv.Empty().Empty().Empty().Empty().Integer(b.rows);
    optional(b.plan_version);
    csv.Empty().Empty().Empty().Empty().Text(b.recorded_at).EndRow();
  }
  for (const HistoryReplan& r : listing.replans) {
    csv.Text("replan").Integer(r.id).Empty().Empty().Empty().Empty().Empty().Empty().Empty();
    csv.Empty().Empty().Integer(r.old_version).Integer(r.new_version).Integer(r.from_year);
    optional(r.actuals_batch);
    csv.Text(r.recorded_at).EndRow();
  }
  return out;
}

}  // namespace gosplan
