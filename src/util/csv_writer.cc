#include "util/csv_writer.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <system_error>

namespace gosplan::util {

namespace {

bool NeedsQuotes(std::string_view text, bool first_in_row) {
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  return text.find_first_of(",\"\n\r") != std::string_view::npos ||
         (!text.empty() &&
          (blank(text.front()) || blank(text.back()) || (first_in_row && text.front() == '#')));
}

void AppendField(std::string& out, std::string_view text, bool first_in_row) {
  if (!NeedsQuotes(text, first_in_row)) {
    out += text;
    return;
  }
  out += '"';
  for (const char c : text) {
    if (c == '"') out += '"';  // "" inside quotes is one literal quote
    out += c;
  }
  out += '"';
}

// CsvNumber's text appended to `out`, with no string of its own (a plan of 10^5 products writes
// ~10^7 numbers).
void AppendNumber(std::string& out, double value) {
  if (!std::isfinite(value)) return;  // an unbounded capacity: an empty cell, never "inf" or "nan"
  if (value == 0.0) {                 // also turns -0 into 0
    out += '0';
    return;
  }
  fmt::format_to(std::back_inserter(out), "{}", value);  // shortest form that reads back
}

}  // namespace

std::string CsvField(std::string_view text, bool first_in_row) {
  std::string field;
  AppendField(field, text, first_in_row);
  return field;
}

std::string CsvNumber(double value) {
  std::string number;
  AppendNumber(number, value);
  return number;
}

void CsvWriter::Separator() {
  if (fields_ == 0) row_start_ = out_.size();
  if (fields_ > 0) out_ += ',';
  ++fields_;
}

double RoundToSignificant(double value, int digits) {
  if (!std::isfinite(value) || value == 0.0) return value;
  // The %.{digits}g text read back, both correctly rounded; on a stack buffer (≤ 17 digits, sign,
  // point and exponent fit in 32 bytes).
  char text[32];
  const auto written = fmt::format_to_n(text, sizeof text, "{:.{}g}", value, digits);
  if (written.size > sizeof text)
    return std::strtod(fmt::format("{:.{}g}", value, digits).c_str(), nullptr);
  double rounded = 0.0;
  const auto [end, error] = std::from_chars(text, written.out, rounded);
  if (error != std::errc{} || end != written.out) {  // a subnormal result, say: strtod's reading
    return std::strtod(std::string(text, written.out).c_str(), nullptr);
  }
  return rounded;
}

CsvWriter& CsvWriter::Text(std::string_view text) {
  Separator();
  AppendField(out_, text, fields_ == 1);
  return *this;
}

CsvWriter& CsvWriter::Number(double value) {
  Separator();
  AppendNumber(out_,
               significant_digits_ > 0 ? RoundToSignificant(value, significant_digits_) : value);
  return *this;
}

CsvWriter& CsvWriter::Integer(std::int64_t value) {
  Separator();
  fmt::format_to(std::back_inserter(out_), "{}", value);
  return *this;
}

void CsvWriter::EndRow() {
  if (fields_ == 1 && out_.size() == row_start_)
    out_ += "\"\"";  // one empty field: not a blank line
  out_ += '\n';
  fields_ = 0;
}

}  // namespace gosplan::util
