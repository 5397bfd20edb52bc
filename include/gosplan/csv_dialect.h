// How a CSV file is written: the field delimiter, the decimal mark and the text encoding.
//
// gosplan writes and by default reads RFC 4180 files: ',' between fields, '.' as decimal point,
// UTF-8. Statistical offices in much of Europe publish ';'-separated files with decimal commas
// ("1,5"), some in Windows-1252 or Latin-1. A CsvDialect says so; the reader then
// - splits fields at `delimiter` (',', ';', tab or '|');
// - with decimal ',' reads a field that is a number written with a decimal comma ("1,5", "-0,25",
//   "1.234,5" with '.' grouping thousands in threes) as that number; other fields (names such as
//   "Mining, quarrying") are left as they are;
// - with encoding latin1 or cp1252 converts the file to UTF-8 before anything else, so names come
// out as
//   UTF-8 (cp1252's five unassigned bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D are refused, located).
// A file whose header has no `delimiter` but has ';' or tabs is refused with a message naming the
// dialect it appears to use: a wrong dialect is never read silently as one-column data.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gosplan {

enum class TextEncoding { kUtf8, kLatin1, kCp1252 };

std::string_view ToString(TextEncoding encoding);  // "utf8", "latin1", "cp1252"
// Also accepts "utf-8", "iso-8859-1" and "windows-1252" (any case).
std::optional<TextEncoding> ParseTextEncoding(std::string_view text);

struct CsvDialect {
  char delimiter = ',';  // ',', ';', '\t' or '|'
  char decimal = '.';    // '.' or ','; never the delimiter
  TextEncoding encoding = TextEncoding::kUtf8;

  bool IsDefault() const {
    return delimiter == ',' && decimal == '.' && encoding == TextEncoding::kUtf8;
  }
  // The rules above; otherwise false with the field, its value and the rule in *error.
  bool IsValid(std::string* error = nullptr) const;
};

// A delimiter or decimal mark as typed by a user: one character, or "tab" / "\t" for a tab.
std::optional<char> ParseCsvCharacter(std::string_view text);

}  // namespace gosplan
