// The one home of gosplan's JSON conventions (docs/json.md), used by every library function that
// produces a JSON document (plan summary, check, growth, io, lp, verify, model).
//
// - Every document is an object whose first key is "schema": "gosplan.<result>/<version>", so a
// reader
//   (the Python module, the HTML report, a user's script) knows what it holds and which rules
//   apply.
// - JSON has no infinity and no NaN. A number that is not finite is written as null: an unbounded
// bound,
//   a limit that is absent, or a measure that was not computed. Each document's section in
//   docs/json.md says which fields may be null and what null means there. Never a string such as
//   "unbounded" in a numeric field: readers put these fields into numeric columns.
// - Keys keep the order in which they are written (ordered_json), so the same result gives the same
// bytes.
// - Documents are printed with two-space indentation and a final newline (JsonText).
#pragma once

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace gosplan::util {

using Json = nlohmann::ordered_json;

// A number as JSON: the value when finite, null otherwise (see above).
inline Json JsonNumber(double value) {
  if (!std::isfinite(value)) return Json(nullptr);
  return Json(value);
}

// A new document of the named schema, e.g. JsonDocument("gosplan.check/1").
inline Json JsonDocument(std::string_view schema) {
  Json document = Json::object();
  document["schema"] = std::string(schema);
  return document;
}

// The document as text: two-space indentation, final newline.
inline std::string JsonText(const Json& document) { return document.dump(2) + "\n"; }

}  // namespace gosplan::util
