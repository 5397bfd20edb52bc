#include "gosplan/csv_dialect.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace gosplan {

std::string_view ToString(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kUtf8:
      return "utf8";
    case TextEncoding::kLatin1:
      return "latin1";
    case TextEncoding::kCp1252:
      return "cp1252";
  }
  return "utf8";
}

std::optional<TextEncoding> ParseTextEncoding(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "utf8" || lower == "utf-8") return TextEncoding::kUtf8;
  if (lower == "latin1" || lower == "iso-8859-1") return TextEncoding::kLatin1;
  if (lower == "cp1252" || lower == "windows-1252") return TextEncoding::kCp1252;
  return std::nullopt;
}

std::optional<char> ParseCsvCharacter(std::string_view text) {
  if (text == "tab" || text == "\\t" || text == "\t") return '\t';
  if (text.size() == 1) return text[0];
  return std::nullopt;
}

bool CsvDialect::IsValid(std::string* error) const {
  auto shown = [](char c) {
    return c == '\t' ? std::string("tab") : "'" + std::string(1, c) + "'";
  };
  if (delimiter != ',' && delimiter != ';' && delimiter != '\t' && delimiter != '|') {
    if (error) *error = "delimiter is " + shown(delimiter) + "; it must be ',', ';', tab or '|'";
    return false;
  }
  if (decimal != '.' && decimal != ',') {
    if (error) *error = "decimal is " + shown(decimal) + "; it must be '.' or ','";
    return false;
  }
  if (decimal == delimiter) {
    if (error)
      *error = "decimal is " + shown(decimal) + ", the same as the delimiter; they must differ";
    return false;
  }
  return true;
}

}  // namespace gosplan
