// Whole-file reading and text positions: the one home for reading a small document (a JSON summary,
// a report's input) into memory and for turning a byte offset into the line and column that a
// located error names (include/gosplan/status.h: Status::InvalidInput).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "gosplan/status.h"
#include "util/json.h"

namespace gosplan::util {

// Line and column (both 1-based) of byte `offset` in `text`; an offset past the end gives the
// position just after the last character.
std::pair<std::int64_t, std::int64_t> LineAndColumn(std::string_view text, std::size_t offset);

// The bytes of the regular file at `path`. Errors (kInvalidInput, located at the file): it does not
// exist, is not a regular file, or cannot be read; `expected` says what the caller wanted there.
Result<std::string> ReadWholeFile(const std::string& path, std::string_view expected);

// `text` (read from `path`) parsed as JSON. A syntax error is located at the line and column where
// parsing failed, with nlohmann's reason and `expected`.
Result<Json> ParseJsonText(const std::string& path, std::string_view text,
                           std::string_view expected);

}  // namespace gosplan::util
