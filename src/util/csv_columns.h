// The one rule for a CSV table's header: every column is one the reader knows or a free note (a
// name starting with "note"). A misspelt header would otherwise be silently ignored — a misspelt
// 'enterprise' in a quota file would turn every quota on an enterprise into one on the economy.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gosplan/status.h"
#include "util/csv.h"

namespace gosplan::util {

// Adds "unknown column 'X'" at the header line and X's column for every column of `file` that is
// neither in `known` nor a note, expecting "one of: a, b, ..., or a name starting with 'note'".
inline void RejectUnknownColumns(const CsvFile& file, const std::vector<std::string_view>& known,
                                 Diagnostics& diagnostics) {
  const std::vector<std::string>& header = file.header();
  for (std::size_t c = 0; c < header.size(); ++c) {
    const std::string& name = header[c];
    if (name.starts_with("note")) continue;
    bool listed = false;
    for (std::string_view column : known) listed = listed || name == column;
    if (listed) continue;
    std::string expected = "one of: ";
    for (std::string_view column : known) expected += std::string(column) + ", ";
    diagnostics.Add(file.path(), file.header_line(), static_cast<std::int64_t>(c + 1),
                    "unknown column '" + name + "'", expected + "or a name starting with 'note'");
  }
}

}  // namespace gosplan::util
