// model.toml: the manifest of a model folder (settings and the names of the CSV tables).
// See docs/model-format.md for every key.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gosplan/model.h"
#include "gosplan/status.h"

namespace gosplan::model {

// Bounds on model.toml's numbers (documented in docs/model-format.md).
inline constexpr int kMaxHorizon = 1000;
inline constexpr int kMinYear = -9999;
inline constexpr int kMaxYear = 9999;

struct TableFile {
  std::string path;               // folder/<file>, as shown in diagnostics
  bool named_explicitly = false;  // given under [tables] (then the file must exist)
};

struct Manifest {
  std::string path;  // folder/model.toml
  ModelSettings settings;
  int declared_horizon = 0;  // horizon as written in model.toml (before any override)
  bool years_known = false;  // base_year and horizon are valid: years in tables can be checked
  std::map<std::string, TableFile, std::less<>> tables;  // key (e.g. "products") -> file
  // [csv]: how the tables are written (delimiter, decimal, encoding); LoadOptions::csv overrides
  // it.
  CsvDialect csv;
};

// The table keys of [tables], in loading order; each defaults to "<key>.csv".
const std::vector<std::string_view>& TableKeys();

// Reads folder/model.toml into `manifest`, adding every problem to `diagnostics`. Table paths are
// always filled (defaults where the manifest is missing or unreadable). Returns false only when the
// folder itself does not exist (nothing else can be read).
bool ReadManifest(const std::string& folder, const LoadOptions& options, Manifest& manifest,
                  Diagnostics& diagnostics);

// Reads a whole small text file with the size cap and encoding checks of util::CsvFile.
// On failure adds a diagnostic and returns false.
bool ReadTextFile(const std::string& path, std::uint64_t max_bytes, std::string& text,
                  Diagnostics& diagnostics);

}  // namespace gosplan::model
