// The plan as one self-contained HTML page (`gosplan report`, docs/report.md): inline CSS, inline
// SVG charts (include/gosplan/svg.h) and a little inline JavaScript that sorts tables; no network,
// readable with JavaScript off, printable (@media print).
//
// It reads what the other commands produce: a plan (Model + Plan, as LoadModelAndPlan gives them
// back from a plan folder) and the JSON documents of docs/json.md — gosplan.check/1,
// gosplan.track/1, gosplan.io/1 and gosplan.io-extended/1. Every number on the page is one of
// theirs, or a sum, ratio or product of theirs that the page names (e.g. output valued at the
// plan's shadow prices). The same inputs give the same bytes: no clock, no host, no randomness.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "gosplan/status.h"

namespace gosplan {

// A JSON document for the report: the path it was read from (for messages and the page's list of
// sources) and its text.
struct ReportDocument {
  std::string path;
  std::string text;
};

struct ReportInput {
  // The plan and the model it was made from (both or neither; the plan must hold targets,
  // HasPlan).
  const Model* model = nullptr;
  const Plan* plan = nullptr;
  std::string plan_folder;  // shown as the plan's source
  // At most one document of each kind: check, track, io (gosplan.io/1 or gosplan.io-extended/1).
  std::vector<ReportDocument> documents;
};

struct ReportOptions {
  std::string title;         // the page's title; empty: from the model's name or the documents
  int top_enterprises = 12;  // enterprises shown with their targets, ranked by output value; ≥ 1
  int sankey_year = 0;       // calendar year of the flow diagram; 0: the plan's last year
  int sankey_products = 8;   // products drawn separately in it (the rest as "other"); ≥ 1
  int chart_rows = 25;       // most bars in a horizontal bar chart; ≥ 1

  // False with a sentence in *error (field, value, rule) when a field is out of range.
  bool IsValid(std::string* error) const;
};

// The documents' schemas the report reads.
inline constexpr std::string_view kReportSchemas =
    "gosplan.check/1, gosplan.track/1, gosplan.io/1 or gosplan.io-extended/1";

// The "schema" of a JSON document. kInvalidInput (path:line:column) when the text is not JSON, not
// an object, or has no string "schema" key.
Result<std::string> ReportDocumentSchema(const ReportDocument& document);

// The HTML page. kInvalidInput (path:line:column, the line of the offending key where it can be
// found) for a document that is not JSON, has a schema the report does not read, repeats a kind,
// or lacks a key the page needs; kInvalidArgument for options out of range or a plan without its
// model; kInvalidInput when there is nothing to report (no plan and no document). Never prints.
Result<std::string> BuildHtmlReport(const ReportInput& input, const ReportOptions& options = {});

}  // namespace gosplan
