// Validates a JSON document produced by the library against its documented example in docs/json.md.
//
// docs/json.md has one section per schema, headed "## `gosplan.<result>/<version>`", whose first
// ```json block is an example document. A produced document matches when, recursively:
// - objects have the same set of keys (a documented object whose only key is "*" is a map: any
// keys,
//   each value matching the "*" value);
// - arrays: every element matches the documented array's first element (an empty documented array
//   accepts any elements);
// - values have the same JSON type (integers and floats are both numbers); null is accepted where a
//   number, object or array is documented (docs/json.md: "null means not finite, absent or not
//   computed"), and a documented null accepts any value.
// The checker returns every mismatch as "path: what", so that a failing test says exactly what
// differs.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace gosplan::testing {

// The example document of `schema` (e.g. "gosplan.check/1") from docs/json.md; null when absent.
inline nlohmann::ordered_json DocumentedExample(const std::string& schema) {
  std::ifstream in(std::string(GOSPLAN_SOURCE_DIR) + "/docs/json.md");
  std::string line, block;
  bool in_section = false, in_block = false;
  const std::string heading = "## `" + schema + "`";
  while (std::getline(in, line)) {
    if (!in_section) {
      in_section = line.rfind(heading, 0) == 0;
      continue;
    }
    if (!in_block && line.rfind("## ", 0) == 0) break;  // next section without an example
    if (!in_block && line.rfind("```json", 0) == 0) {
      in_block = true;
      continue;
    }
    if (in_block && line.rfind("```", 0) == 0) return nlohmann::ordered_json::parse(block);
    if (in_block) block += line + "\n";
  }
  return nullptr;
}

namespace detail {

inline const char* TypeName(const nlohmann::ordered_json& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return "boolean";
  if (value.is_number()) return "number";
  if (value.is_string()) return "string";
  if (value.is_array()) return "array";
  return "object";
}

inline void Compare(const nlohmann::ordered_json& documented,
                    const nlohmann::ordered_json& produced, const std::string& path,
                    std::vector<std::string>& mismatches) {
  if (documented.is_null()) return;
  if (produced.is_null()) {
    if (documented.is_number() || documented.is_object() || documented.is_array()) return;
    mismatches.push_back(path + ": null where docs/json.md has a " + TypeName(documented));
    return;
  }
  if (std::string(TypeName(documented)) != TypeName(produced)) {
    mismatches.push_back(path + ": a " + TypeName(produced) + " where docs/json.md has a " +
                         TypeName(documented));
    return;
  }
  if (documented.is_object()) {
    if (documented.size() == 1 && documented.contains("*")) {
      for (const auto& [key, value] : produced.items())
        Compare(documented["*"], value, path + "." + key, mismatches);
      return;
    }
    for (const auto& [key, value] : documented.items()) {
      if (!produced.contains(key)) {
        mismatches.push_back(path + "." + key + ": documented but missing");
      } else {
        Compare(value, produced[key], path + "." + key, mismatches);
      }
    }
    for (const auto& [key, value] : produced.items()) {
      if (!documented.contains(key))
        mismatches.push_back(path + "." + key + ": produced but not documented");
    }
    return;
  }
  if (documented.is_array() && !documented.empty()) {
    for (std::size_t k = 0; k < produced.size(); ++k) {
      Compare(documented[0], produced[k], path + "[" + std::to_string(k) + "]", mismatches);
    }
  }
}

}  // namespace detail

// Every way `document` (JSON text) differs from its schema's example in docs/json.md; empty when it
// matches. The schema is read from the document's "schema" key, which must come first.
inline std::vector<std::string> JsonDocumentMismatches(const std::string& document_text) {
  std::vector<std::string> mismatches;
  nlohmann::ordered_json document;
  try {
    document = nlohmann::ordered_json::parse(document_text);
  } catch (const std::exception& error) {
    return {std::string("not JSON: ") + error.what()};
  }
  if (!document.is_object() || document.empty() || document.begin().key() != "schema" ||
      !document["schema"].is_string()) {
    return {"the document's first key is not \"schema\""};
  }
  const std::string schema = document["schema"];
  const nlohmann::ordered_json example = DocumentedExample(schema);
  if (example.is_null()) return {"docs/json.md has no example for " + schema};
  detail::Compare(example, document, "$", mismatches);
  return mismatches;
}

// For EXPECT_THAT-free use: all mismatches on one line each.
inline std::string JoinMismatches(const std::vector<std::string>& mismatches) {
  std::ostringstream out;
  for (const std::string& m : mismatches) out << m << "\n";
  return out.str();
}

}  // namespace gosplan::testing
