#include "util/csv_writer.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

namespace gosplan::util {

std::string CsvField(std::string_view text, bool first_in_row) {
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  const bool needs_quotes = text.find_first_of(",\"\n\r") != std::string_view::npos ||
                            (!text.empty() && (blank(text.front()) || blank(text.back()) ||
                                               (first_in_row && text.front() == '#')));
  if (!needs_quotes) return std::string(text);
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';  // "" inside quotes is one literal quote
    quoted += c;
  }
  return quoted + "\"";
}

std::string CsvNumber(double value) {
  if (!std::isfinite(value))
    return "";                      // an unbounded capacity: an empty cell, never "inf" or "nan"
  if (value == 0.0) return "0";     // also turns -0 into 0
  return fmt::format("{}", value);  // shortest form that reads back to the same double
}

void CsvWriter::Separator() {
  if (fields_ == 0) row_start_ = out_.size();
  if (fields_ > 0) out_ += ',';
  ++fields_;
}

CsvWriter& CsvWriter::Text(std::string_view text) {
  Separator();
  out_ += CsvField(text, fields_ == 1);
  return *this;
}

double RoundToSignificant(double value, int digits) {
  if (!std::isfinite(value) || value == 0.0) return value;
  return std::strtod(fmt::format("{:.{}g}", value, digits).c_str(), nullptr);
}

CsvWriter& CsvWriter::Number(double value) {
  Separator();
  out_ +=
      CsvNumber(significant_digits_ > 0 ? RoundToSignificant(value, significant_digits_) : value);
  return *this;
}

CsvWriter& CsvWriter::Integer(std::int64_t value) {
  Separator();
  out_ += fmt::format("{}", value);
  return *this;
}

void CsvWriter::EndRow() {
  if (fields_ == 1 && out_.size() == row_start_)
    out_ += "\"\"";  // one empty field: not a blank line
  out_ += '\n';
  fields_ = 0;
}

}  // namespace gosplan::util
