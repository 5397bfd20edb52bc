// The HTML report (include/gosplan/report.h): reads the documents, checks the keys each section
// needs, lays out the page with its inline style and script.
#include "gosplan/report.h"

#include <fmt/format.h>

#include <optional>

#include "report/sections.h"
#include "util/text_file.h"

namespace gosplan {
namespace {

using report::Json;
using report::Section;

constexpr std::string_view kExpectedDocument =
    "a JSON document of gosplan check, track or io --format json (docs/json.md)";

// Where a key first appears in the text ("key"), for a message about it; 1:1 when absent.
std::pair<std::int64_t, std::int64_t> KeyLocation(std::string_view text, std::string_view key) {
  const std::size_t at = text.find("\"" + std::string(key) + "\"");
  if (at == std::string_view::npos) return {1, 1};
  return util::LineAndColumn(text, at);
}

Status DocumentError(const ReportDocument& document, std::string_view key, std::string message,
                     std::string expected) {
  const auto [line, column] = KeyLocation(document.text, key);
  return Status::InvalidInput(document.path, line, column, std::move(message), std::move(expected));
}

Result<Json> ParseDocument(const ReportDocument& document) {
  return util::ParseJsonText(document.path, document.text, kExpectedDocument);
}

enum class Kind { kCheck, kTrack, kIo };

// The keys each kind's sections cannot do without (the rest is read leniently).
Status CheckKeys(const ReportDocument& document, const Json& json, Kind kind) {
  const std::string schema = json["schema"].get<std::string>();
  auto need_array = [&](std::string_view key) -> Status {
    const auto found = json.find(key);
    if (found != json.end() && found->is_array()) return Status::Ok();
    return DocumentError(document, "schema",
                         fmt::format("the {} document has no array '{}'", schema, key),
                         fmt::format("the {} keys of docs/json.md", schema));
  };
  switch (kind) {
    case Kind::kCheck:
      return need_array("quotas");
    case Kind::kTrack:
      return need_array("fulfilment");
    case Kind::kIo:
      return need_array("sectors");
  }
  return Status::Ok();
}

constexpr std::string_view kStyle = R"css(
:root { --ink: #1d1d1f; --muted: #5f6368; --rule: #d0d4d9; --accent: #4e79a7; --bad: #b3261e; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: var(--ink); margin: 0 auto; max-width: 1180px; padding: 0 20px 40px; }
header { border-bottom: 3px solid var(--accent); padding: 18px 0 8px; }
h1 { margin: 0 0 4px; font-size: 26px; }
h2 { margin-top: 36px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; font-size: 21px; }
h3 { font-size: 17px; margin-top: 24px; }
.sources { color: var(--muted); font-size: 13px; margin: 4px 0; }
nav ul { list-style: none; padding: 0; margin: 10px 0; display: flex; flex-wrap: wrap; gap: 6px 16px; }
nav a { color: var(--accent); text-decoration: none; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; }
figure { margin: 14px 0; }
figcaption { color: var(--muted); font-size: 13px; }
svg.chart { max-width: 100%; height: auto; display: block; border: 1px solid #eceff3; }
.table { overflow-x: auto; margin: 10px 0 18px; }
table { border-collapse: collapse; font-size: 13px; }
caption { text-align: left; color: var(--muted); padding: 4px 0; }
th, td { border-bottom: 1px solid var(--rule); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f3f5f8; position: sticky; top: 0; }
table.sortable th { cursor: pointer; }
th[aria-sort="ascending"]::after { content: " \25B2"; }
th[aria-sort="descending"]::after { content: " \25BC"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.verdict.feasible strong { color: #2e7d32; }
.verdict.unreachable strong, .verdict.model_infeasible strong, .impossible { color: var(--bad); }
.conflict { border-left: 3px solid var(--bad); padding-left: 10px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  nav, .noprint { display: none; }
  h2 { break-after: avoid; }
  figure, svg.chart, tr { break-inside: avoid; }
  .table { overflow: visible; }
  th { position: static; }
  a { color: inherit; text-decoration: none; }
}
)css";

// Sorting by a click (or Enter) on a column header: numbers by their exact data-v value (an empty
// one sorts last), text by its content; a second click reverses. Without JavaScript the tables
// stay in the order the page gives them.
constexpr std::string_view kScript = R"js(
(function () {
  function key(cell) {
    if (!cell) return '';
    var value = cell.getAttribute('data-v');
    if (value !== null) return value === '' ? NaN : parseFloat(value);
    return cell.textContent;
  }
  function sortBy(th) {
    var table = th.closest('table');
    var body = table.tBodies[0];
    var column = Array.prototype.indexOf.call(th.parentNode.children, th);
    var direction = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
    Array.prototype.forEach.call(table.querySelectorAll('th'), function (h) {
      h.removeAttribute('aria-sort');
    });
    th.setAttribute('aria-sort', direction === 1 ? 'ascending' : 'descending');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[column]), y = key(b.cells[column]);
      if (typeof x === 'number' && typeof y === 'number') {
        if (isNaN(x)) return isNaN(y) ? 0 : 1;
        if (isNaN(y)) return -1;
        return direction * (x - y);
      }
      return direction * String(x).localeCompare(String(y));
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable th'), function (th) {
    th.tabIndex = 0;
    th.title = 'sort by this column';
    th.addEventListener('click', function () { sortBy(th); });
    th.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') sortBy(th);
    });
  });
})();
)js";

}  // namespace

bool ReportOptions::IsValid(std::string* error) const {
  auto fail = [&](std::string text) {
    if (error != nullptr) *error = std::move(text);
    return false;
  };
  if (top_enterprises < 1)
    return fail(fmt::format("top_enterprises is {}; it must be ≥ 1", top_enterprises));
  if (sankey_products < 1)
    return fail(fmt::format("sankey_products is {}; it must be ≥ 1", sankey_products));
  if (chart_rows < 1) return fail(fmt::format("chart_rows is {}; it must be ≥ 1", chart_rows));
  if (sankey_year < 0) return fail(fmt::format("sankey_year is {}; it must be ≥ 0", sankey_year));
  return true;
}

Result<std::string> ReportDocumentSchema(const ReportDocument& document) {
  auto parsed = ParseDocument(document);
  if (!parsed.ok()) return parsed.status();
  const Json& json = parsed.value();
  if (!json.is_object()) {
    return Status::InvalidInput(document.path, 1, 1, "the document is not a JSON object",
                                std::string(kExpectedDocument));
  }
  const auto schema = json.find("schema");
  if (schema == json.end() || !schema->is_string()) {
    return Status::InvalidInput(document.path, 1, 1, "the document has no \"schema\" key",
                                std::string(kExpectedDocument));
  }
  return schema->get<std::string>();
}

Result<std::string> BuildHtmlReport(const ReportInput& input, const ReportOptions& options) {
  std::string rule;
  if (!options.IsValid(&rule)) return Status::InvalidArgument("ReportOptions", rule);
  if ((input.model == nullptr) != (input.plan == nullptr)) {
    return Status::InvalidArgument("ReportInput", "model and plan must be given together");
  }
  const Model* model = input.model;
  const Plan* plan = input.plan;
  if (plan != nullptr && !HasPlan(plan->status)) {
    return Status::InvalidInput(input.plan_folder + "/summary.json", 1, 1,
                                fmt::format("the plan has status '{}' and holds no targets to show",
                                            ToString(plan->status)),
                                "an optimal or approximate plan folder");
  }
  if (plan != nullptr && options.sankey_year != 0 &&
      (options.sankey_year <= model->settings.base_year ||
       options.sankey_year > model->CalendarYear(model->horizon()))) {
    return Status::InvalidArgument(
        "ReportOptions",
        fmt::format("sankey_year is {}; it must be a year of the plan ({}–{}) or 0",
                    options.sankey_year, model->CalendarYear(1),
                    model->CalendarYear(model->horizon())));
  }
  if (plan == nullptr && input.documents.empty()) {
    return Status::InvalidInput(
        "report", 0, 0, "nothing to report",
        "a plan folder or a JSON document (" + std::string(kReportSchemas) + ")");
  }
  // The documents, one of each kind.
  std::optional<Json> documents[3];
  const ReportDocument* sources[3] = {nullptr, nullptr, nullptr};
  for (const ReportDocument& document : input.documents) {
    auto parsed = ParseDocument(document);
    if (!parsed.ok()) return parsed.status();
    auto schema = ReportDocumentSchema(document);
    if (!schema.ok()) return schema.status();
    Kind kind;
    if (schema.value() == "gosplan.check/1") {
      kind = Kind::kCheck;
    } else if (schema.value() == "gosplan.track/1") {
      kind = Kind::kTrack;
    } else if (schema.value() == "gosplan.io/1" || schema.value() == "gosplan.io-extended/1") {
      kind = Kind::kIo;
    } else {
      return DocumentError(document, "schema",
                           "the report does not read documents of schema '" + schema.value() + "'",
                           std::string(kReportSchemas));
    }
    const int at = static_cast<int>(kind);
    if (sources[at] != nullptr) {
      return DocumentError(
          document, "schema",
          fmt::format("a second {} document (the first is {})", schema.value(), sources[at]->path),
          "at most one document of each kind (check, track, io)");
    }
    Status keys = CheckKeys(document, parsed.value(), kind);
    if (!keys.ok()) return keys;
    documents[at] = std::move(parsed.value());
    sources[at] = &document;
  }
  const Json* check = documents[0] ? &*documents[0] : nullptr;
  const Json* track = documents[1] ? &*documents[1] : nullptr;
  const Json* io = documents[2] ? &*documents[2] : nullptr;

  std::vector<Section> sections;
  try {
    if (plan != nullptr || check != nullptr)
      sections.push_back(report::GlanceSection(model, plan, check));
    if (plan != nullptr) {
      for (Section& section : report::PlanSections(*model, *plan, options)) {
        sections.push_back(std::move(section));
      }
    }
    if (check != nullptr) sections.push_back(report::QuotaSection(*check, model, options));
    if (track != nullptr) sections.push_back(report::TrackSection(*track, model, options));
    if (io != nullptr) {
      for (Section& section : report::IoSections(*io, options))
        sections.push_back(std::move(section));
    }
  } catch (const Json::exception& error) {
    // A key of an unexpected type that the lenient readers did not catch: a located complaint
    // about the document rather than an exception across the library's boundary.
    return Status::InvalidInput(input.documents.empty() ? "report" : input.documents.front().path,
                                1, 1, std::string("unexpected document content: ") + error.what(),
                                std::string(kExpectedDocument));
  }

  std::string title = options.title;
  if (title.empty()) {
    if (model != nullptr) {
      title = fmt::format("Plan for {} ({}–{})", model->settings.name, model->CalendarYear(1),
                          model->CalendarYear(model->horizon()));
    } else if (io != nullptr) {
      title = "Input-output analysis of " + report::StringAt(*io, "table");
    } else if (track != nullptr) {
      title = "Fulfilment of the plan for " + report::StringAt(*track, "model");
    } else {
      title = "Quota check";
    }
  }
  std::string html;
  html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<meta name=\"generator\" content=\"gosplan report\">\n";
  html += "<title>" + report::Escape(title) + "</title>\n<style>" + std::string(kStyle) +
          "</style>\n</head>\n<body>\n<header>\n<h1>" + report::Escape(title) + "</h1>\n";
  html += "<p class=\"sources\">From: ";
  std::string from;
  if (plan != nullptr) {
    from += "the plan folder " + report::Escape(input.plan_folder) + " and its model " +
            report::Escape(model->folder);
  }
  for (const ReportDocument* source : sources) {
    if (source == nullptr) continue;
    if (!from.empty()) from += "; ";
    from += report::Escape(source->path);
  }
  html += from + ".</p>\n</header>\n<nav aria-label=\"sections\"><ul>";
  for (const Section& section : sections) {
    html += "<li><a href=\"#" + section.id + "\">" + report::Escape(section.title) + "</a></li>";
  }
  html += "</ul></nav>\n<main>\n";
  for (const Section& section : sections) {
    html += "<section id=\"" + section.id + "\">\n<h2>" + report::Escape(section.title) +
            "</h2>\n" + section.body + "</section>\n";
  }
  html +=
      "</main>\n<footer>Made by gosplan report. Tables sort by a click on a column header; "
      "without JavaScript they keep the order shown.</footer>\n";
  html += "<script>" + std::string(kScript) + "</script>\n</body>\n</html>\n";
  return html;
}

}  // namespace gosplan
