// The one CSV writer: every table gosplan writes (model folders, plan folders, check's nearest
// plan, `gosplan io --format csv`) goes through it, so that util::CsvFile (csv.h) reads back
// exactly the fields that were written.
//
// It is the reader's inverse. The reader trims blanks and tabs around unquoted fields, splits at
// ',' and line ends, takes a row whose first unquoted field starts with '#' for a comment and a row
// of one unquoted empty field for a blank line; so a field is quoted when it holds ',', '"', CR or
// LF, starts or ends with a blank or tab, or is a row's first field and starts with '#'; and a row
// of one empty field is written as "".
//
// Numbers are written in the shortest decimal form that reads back to the same double (so the same
// value always gives the same bytes); -0 as "0" and non-finite values (unbounded capacities) as an
// empty cell, since the reader refuses "inf" and "nan".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gosplan::util {

// A text field, quoted only when the reader would otherwise split, trim or skip it. A leading '#'
// matters only in a row's first field (`first_in_row`), where the reader would take the row for a
// comment; elsewhere it is written bare, as before.
std::string CsvField(std::string_view text, bool first_in_row = true);

// A number as described above: shortest round-trip form, "0" for ±0, "" for infinities and NaN.
std::string CsvNumber(double value);

// Builds rows onto a string: fields are separated by ',' and each row ends with '\n'.
//   CsvWriter csv(out);
//   csv.Text("steel").Number(1.5).Integer(1928).EndRow();
class CsvWriter {
 public:
  explicit CsvWriter(std::string& out) : out_(out) {}
  // Numbers rounded to `significant_digits` (1..17) before CsvNumber: for results whose last digits
  // are solver noise (a plan's 0.8999999999999998 is 0.9 at any tolerance a solver states).
  CsvWriter(std::string& out, int significant_digits)
      : out_(out), significant_digits_(significant_digits) {}

  CsvWriter& Text(std::string_view text);  // quoted when needed (CsvField)
  CsvWriter& Number(double value);         // CsvNumber (of the rounded value, when rounding is set)
  CsvWriter& Integer(std::int64_t value);
  CsvWriter& Empty() { return Text({}); }
  // Ends the row with '\n'. A row that is a single empty field is written as "" (a bare empty line
  // would read back as a blank line and vanish).
  void EndRow();

  // A header row: each name as a Text field.
  template <typename... Names>
  void Header(const Names&... names) {
    (Text(names), ...);
    EndRow();
  }

 private:
  void Separator();

  std::string& out_;
  std::size_t fields_ = 0;      // fields written in the current row
  std::size_t row_start_ = 0;   // offset of the current row in out_
  int significant_digits_ = 0;  // 0: exact (shortest round trip)
};

// `value` rounded to `digits` significant decimal digits (the double nearest that decimal).
double RoundToSignificant(double value, int digits);

}  // namespace gosplan::util
