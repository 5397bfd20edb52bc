// A streaming CSV reader that knows where every field came from.
//
// Format: RFC 4180 with ',' as separator, '.' as decimal point (other dialects:
// CsvOptions::dialect, gosplan/csv_dialect.h), optional double quotes ("" inside quotes is a
// literal quote), LF or CRLF line ends, UTF-8 text. A UTF-8 byte-order mark is skipped; a UTF-16 or
// UTF-32 byte-order mark, invalid UTF-8 (including overlong forms and surrogates) or a NUL byte is
// reported as a wrong encoding, located by line and byte column (1-based). Blank lines and lines
// whose first field starts with '#' unquoted are skipped (comments); a quoted first field
// ("#1 mill" or "") is data. The first non-comment line is the header. util::CsvWriter
// (csv_writer.h) writes exactly what this reads back.
//
// A file is mapped into memory (files larger than CsvOptions::max_file_bytes are refused before any
// allocation); rows are produced one at a time as string_views into it, and the pages behind the
// row being read are handed back as reading proceeds, so a table with 10^7 rows costs a window of
// its bytes plus one row of views. Standard input, and a Latin-1/cp1252 file with a byte >= 0x80
// (one that needs re-encoding; an all-ASCII one is read as it is), are held as one string instead.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gosplan/csv_dialect.h"
#include "gosplan/status.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace gosplan::util {

// The first byte in [p, stop) that is `delimiter` or '\n', or stop. With SSE2 (every x86-64) 16
// bytes are compared at a time, as long as 16 remain; the rest, and other processors, one at a
// time.
inline const char* FindFieldEnd(const char* p, const char* const stop, const char delimiter) {
#if defined(__SSE2__)
  const __m128i delimiters = _mm_set1_epi8(delimiter);
  const __m128i newlines = _mm_set1_epi8('\n');
  while (stop - p >= 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const int mask = _mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(block, delimiters), _mm_cmpeq_epi8(block, newlines)));
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (p < stop && *p != delimiter && *p != '\n') ++p;
  return p;
}

struct CsvOptions {
  // Files above this size are refused (bytes). Guards against a wrong path pointing at a disk
  // image.
  std::uint64_t max_file_bytes = std::uint64_t{16} << 30;
  // Lines longer than this are refused (bytes): a binary file read as CSV has no line ends.
  std::uint64_t max_line_bytes = std::uint64_t{64} << 20;
  // Delimiter, decimal mark and encoding (default: ',', '.', UTF-8).
  CsvDialect dialect;
  // Accept an empty first header cell (the corner of a matrix with a label column, as in BEA's
  // tables: ",111CA,113FF,...").
  bool allow_empty_label_header = false;
};

struct CsvRow {
  std::int64_t line = 0;                 // 1-based line number of the row's first character
  std::vector<std::string_view> fields;  // unquoted field texts, surrounding spaces trimmed
};

class CsvFile {
 public:
  // Reads and checks the file; the header is the first non-comment row. The path "-" reads all of
  // standard input instead (diagnostics then name the file "<stdin>").
  // Errors: missing/unreadable file, too large, wrong encoding, empty file (no header).
  static Result<CsvFile> Open(const std::string& path, const CsvOptions& options = {});

  const std::string& path() const { return path_; }
  const std::vector<std::string>& header() const { return header_; }
  std::int64_t header_line() const { return header_line_; }

  // Column number (0-based) of a header name, or -1.
  int Find(std::string_view column) const;
  // Like Find, but adds "missing column" to diagnostics when absent.
  int Require(std::string_view column, Diagnostics& diagnostics) const;

  // Advances to the next data row. Returns false at the end of the file or on a malformed row
  // (unterminated quote, over-long line), which is then added to `diagnostics`.
  // Ragged rows (field count differs from the header) are reported and skipped.
  bool Next(CsvRow& row, Diagnostics& diagnostics);

  // True when no data row was ever returned by Next (call after the loop): an empty table.
  bool saw_no_rows() const { return rows_returned_ == 0; }

  // The bytes not yet read (from where the next row starts), for read-ahead hints such as
  // prefetching what the coming rows will look up; never for results (Next alone parses).
  std::string_view Unread() const { return Text().substr(position_); }
  // A cheap estimate of the rows still to come, to reserve room for them: the unread bytes over the
  // mean length of the lines in their first 64 kB, at most one row per header.size() bytes (a row
  // has a delimiter or line end per field). Only a guess: comments and quoted line ends count.
  std::size_t EstimateRows() const;

 private:
  bool ParseRow(CsvRow& row, Diagnostics& diagnostics);
  // Decimal-comma dialect: rewrites the row's fields that are numbers written "1,5" as "1.5".
  void ReadDecimalCommas(CsvRow& row);
  bool IsBlank(char c) const {
    return c == ' ' || (c == '\t' && options_.dialect.delimiter != '\t');
  }

  // The file's bytes: a read-only mapping of the file, or a string (standard input, re-encoded
  // text). Held by pointer so that views into it stay valid when the CsvFile moves.
  class Bytes;
  struct BytesDeleter {
    void operator()(Bytes* bytes) const;
  };
  std::string_view Text() const;
  // Hands back the mapping's pages before `offset` (nothing for a string).
  void ReleaseBefore(std::size_t offset);

  std::string path_;
  std::unique_ptr<Bytes, BytesDeleter> bytes_;
  std::size_t released_ = 0;          // bytes before this offset may have been handed back
  std::deque<std::string> unquoted_;  // fields that needed unescaping (deque: stable addresses)
  std::string decimal_rewrites_;      // this row's numbers written 1,5, as 1.5 (ReadDecimalCommas)
  std::size_t position_ = 0;
  std::int64_t line_ = 1;
  std::vector<std::string> header_;
  std::int64_t header_line_ = 0;
  std::int64_t rows_returned_ = 0;
  CsvOptions options_;
};

// The name diagnostics give standard input, read for the path "-".
inline constexpr const char* kStandardInputName = "<stdin>";
// All of standard input (binary), at most `max_bytes` (kInvalidInput naming `source`, i.e.
// "<stdin>", when it holds more or cannot be read). Standard input can be read once per process.
Result<std::string> ReadStandardInput(std::uint64_t max_bytes, std::string_view expected);

// Checked field conversions. `column` is the 0-based field index (the diagnostic shows it 1-based).
// Each reports a diagnostic naming file, line and column on failure and returns std::nullopt.
// Numbers: optional leading '+', decimal or exponent form; empty, NaN, infinities and overflow
// ("1e400") are refused; underflow ("1e-400") rounds to zero.
std::optional<double> ParseNumber(std::string_view text, const std::string& file, std::int64_t line,
                                  int column, Diagnostics& diagnostics, std::string_view what);
// As ParseNumber and additionally requires value >= 0.
std::optional<double> ParseNonNegative(std::string_view text, const std::string& file,
                                       std::int64_t line, int column, Diagnostics& diagnostics,
                                       std::string_view what);
// The common case of a number cell, read inline by hot loops before they call ParseNumber: true,
// with the value, when the whole text is one finite number that std::from_chars reads as it stands
// (no blanks, no '+', no overflow or underflow). ParseNumber gives the same value for such a text;
// anything else (false) is left to it.
inline bool ReadPlainNumber(std::string_view text, double& value) {
  const char* const end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  return error == std::errc() && stop == end && std::isfinite(value);
}
std::optional<std::int64_t> ParseInteger(std::string_view text, const std::string& file,
                                         std::int64_t line, int column, Diagnostics& diagnostics,
                                         std::string_view what);
// Lenient number parse with no diagnostics: nullopt unless the whole text is a finite number.
std::optional<double> ToFiniteNumber(std::string_view text);

}  // namespace gosplan::util
