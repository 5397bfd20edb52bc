// Reading a plan folder's tables back for `verify`: the one home of opening a table by its column
// names, looking an id up in one of the model's indices and reading a calendar year as plan year t,
// each problem reported at its file, line and column (1-based) with what was expected.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gosplan/model.h"
#include "gosplan/status.h"
#include "util/csv.h"

namespace gosplan::verify {

// Opens the CSV table at `path` and finds the named columns: `columns` gets their 0-based numbers,
// in the order of `names`. nullopt, with diagnostics, when the file cannot be read or a column is
// missing.
std::optional<util::CsvFile> OpenPlanTable(const std::string& path,
                                           const std::vector<std::string_view>& names,
                                           std::vector<int>& columns, Diagnostics& diagnostics);

// The position of `id` in `index`; "unknown <what> '<id>'" at the field (column: 0-based)
// otherwise.
std::optional<Index> LookupId(const IdIndex& index, std::string_view id, const std::string& path,
                              std::int64_t line, int column, const char* what,
                              Diagnostics& diagnostics);

// A calendar year of the plan as plan year t in 1..last (last = 0: the horizon T); a year that is
// not an integer or lies outside is reported at the field (column: 0-based).
std::optional<int> PlanYear(const Model& model, std::string_view text, const std::string& path,
                            std::int64_t line, int column, Diagnostics& diagnostics, int last = 0);

}  // namespace gosplan::verify
