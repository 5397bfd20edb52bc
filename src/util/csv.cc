#include "util/csv.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace gosplan::util {

// A read-only private mapping of a file, or a string. Mapped pages that have been read are handed
// back (madvise MADV_DONTNEED: the kernel drops them from this process; they stay in the page cache
// and are read again from there if touched), so the peak memory of reading a large table is a
// window of it, not the whole file. As with any mapped file, a table that another program truncates
// while it is being read ends the process with SIGBUS.
class CsvFile::Bytes {
 public:
  explicit Bytes(std::string text)
      : owned_(std::move(text)), data_(owned_.data()), size_(owned_.size()) {}
  Bytes(void* mapping, std::size_t size)
      : mapping_(mapping), data_(static_cast<const char*>(mapping)), size_(size) {}
  Bytes(const Bytes&) = delete;
  Bytes& operator=(const Bytes&) = delete;
  ~Bytes() {
    if (mapping_ != nullptr) munmap(mapping_, size_);
  }
  std::string_view text() const { return {data_, size_}; }
  // Hands back the whole pages in [begin, end).
  void Release(std::size_t begin, std::size_t end) {
    if (mapping_ == nullptr) return;
    static const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    begin = (begin + page - 1) / page * page;
    end = end / page * page;
    if (end > begin) madvise(static_cast<char*>(mapping_) + begin, end - begin, MADV_DONTNEED);
  }

 private:
  std::string owned_;
  void* mapping_ = nullptr;
  const char* data_;
  std::size_t size_;
};

void CsvFile::BytesDeleter::operator()(Bytes* bytes) const { delete bytes; }

std::string_view CsvFile::Text() const { return bytes_->text(); }

void CsvFile::ReleaseBefore(std::size_t offset) {
  // In steps of 4 MB: one system call per step, and a window small beside any large table.
  constexpr std::size_t kStep = std::size_t{4} << 20;
  if (offset < released_ + kStep) return;
  bytes_->Release(released_, offset);
  released_ = offset / kStep * kStep;
}

namespace {

// Returns the byte offset of the first invalid UTF-8 sequence or NUL byte, or npos.
std::size_t FindInvalidUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    // Hot path: 8 ASCII bytes at a time (no high bit set and no NUL byte among them).
    while (i + 8 <= size) {
      std::uint64_t word;
      std::memcpy(&word, bytes + i, 8);
      constexpr std::uint64_t kLow = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
      if (((word | ((word - kLow) & ~word)) & kHigh) != 0) break;  // a high bit or a zero byte
      i += 8;
    }
    if (i >= size) break;
    const unsigned char c = bytes[i];
    if (c == 0) return i;
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra = 0;
    // Allowed range of the second byte (RFC 3629, table 3-7): excludes overlong forms, UTF-16
    // surrogates (U+D800..U+DFFF) and code points above U+10FFFF.
    unsigned char second_min = 0x80;
    unsigned char second_max = 0xBF;
    if ((c & 0xE0) == 0xC0 && c >= 0xC2) {
      extra = 1;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      if (c == 0xE0) second_min = 0xA0;
      if (c == 0xED) second_max = 0x9F;
    } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0) second_min = 0x90;
      if (c == 0xF4) second_max = 0x8F;
    } else {
      return i;
    }
    if (i + extra >= size) return i;  // truncated sequence at end of file
    if (bytes[i + 1] < second_min || bytes[i + 1] > second_max) return i;
    for (int k = 2; k <= extra; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) return i;
    }
    i += extra + 1;
  }
  return std::string_view::npos;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Trim for tab-separated files, where a tab is a delimiter and never a blank.
std::string_view TrimBlanks(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// The offset of the first byte of `bytes` at or after `from` with its high bit set (not ASCII), or
// the size. Eight bytes at a time: numeric tables are all ASCII.
std::size_t FindNonAscii(std::string_view bytes, std::size_t from) {
  const std::size_t size = bytes.size();
  std::size_t i = from;
  while (i + 8 <= size) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    if ((word & 0x8080808080808080ull) != 0) break;
    i += 8;
  }
  while (i < size && static_cast<unsigned char>(bytes[i]) < 0x80) ++i;
  return i;
}

// Windows-1252's characters for bytes 0x80–0x9F (0: unassigned); every other byte is Latin-1, i.e.
// the Unicode code point of the same number.
constexpr char32_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void AppendUtf8(char32_t code, std::string& out) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// The file's bytes, read as Latin-1 or Windows-1252, as UTF-8. Runs of ASCII bytes (the same in
// all three) are copied whole; the line and column of a byte without a character are counted only
// when there is one.
Result<std::string> ToUtf8(std::string_view bytes, TextEncoding encoding, const std::string& path) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::size_t run = FindNonAscii(bytes, i);
    out.append(bytes.data() + i, run - i);
    if (run == bytes.size()) break;
    const auto byte = static_cast<unsigned char>(bytes[run]);
    char32_t code = byte;
    if (encoding == TextEncoding::kCp1252 && byte < 0xA0) {
      code = kCp1252High[byte - 0x80];
      if (code == 0) {
        const std::string_view before = bytes.substr(0, run);
        const auto line =
            static_cast<std::int64_t>(std::count(before.begin(), before.end(), '\n')) + 1;
        const std::size_t line_start = before.rfind('\n');
        const auto column = static_cast<std::int64_t>(
            line_start == std::string_view::npos ? run + 1 : run - line_start);
        return Status::InvalidInput(
            path, line, column, fmt::format("byte 0x{:02X} has no character in Windows-1252", byte),
            "cp1252 text, or the file's real encoding");
      }
    }
    AppendUtf8(code, out);
    i = run + 1;
  }
  return out;
}

// A header that is one field holding the other usual delimiters is a file of another dialect:
// refused, naming what it looks like, rather than read as a one-column table.
Status CheckHeaderDialect(const std::string& path, const CsvRow& header,
                          const CsvDialect& dialect) {
  if (header.fields.size() != 1) return Status::Ok();
  const std::string_view only = header.fields[0];
  auto name = [](char c) { return c == '\t' ? std::string("tab") : "'" + std::string(1, c) + "'"; };
  for (const char other : {';', '\t', ',', '|'}) {
    if (other == dialect.delimiter) continue;
    const auto count = std::count(only.begin(), only.end(), other);
    if (count == 0) continue;
    const std::string decimal_hint =
        other == ';' ? " and, if numbers are written 1,5, decimal ','" : std::string();
    return Status::InvalidInput(
        path, header.line, 1,
        fmt::format("header has {} {}{} and no {}: the file is not separated by {}", count,
                    name(other), count == 1 ? "" : "s", name(dialect.delimiter),
                    name(dialect.delimiter)),
        fmt::format(
            "fields separated by {}; for this file set delimiter {}{} (command line: --delimiter "
            "{}{}; model.toml: [csv])",
            name(dialect.delimiter), name(other), decimal_hint,
            other == '\t' ? "tab" : "'" + std::string(1, other) + "'",
            other == ';' ? " --decimal ','" : ""));
  }
  return Status::Ok();
}

// True for -?D+(.D+)? with fewer than 300 digits (D: a decimal digit): text that is a finite
// number for sure, the usual shape of a table's cell, decided without converting it.
bool IsShortDecimal(std::string_view text) {
  std::size_t k = !text.empty() && text[0] == '-' ? 1 : 0;
  auto digits = [&] {
    const std::size_t first = k;
    while (k < text.size() && text[k] >= '0' && text[k] <= '9') ++k;
    return k > first;
  };
  if (text.size() >= 300 || !digits()) return false;
  if (k < text.size() && text[k] == '.') {
    ++k;
    if (!digits()) return false;
  }
  return k == text.size();
}

// "1,5", "-0,25e3", "1.234.567,5" or "1.000" (dots grouping thousands in threes) appended to `out`
// as "1.5", "-0.25e3", "1234567.5", "1000"; false (and `out` as it was) when the text is not such a
// number (then it is left as written: "0.5" stays 0.5, a name stays a name). What is appended is
// never longer than `text`: dots are dropped and the comma becomes a point.
bool AppendDecimalCommaNumber(std::string_view text, std::string& out) {
  const std::size_t start = out.size();
  const std::size_t comma = std::min(text.find(','), text.size());
  if (comma < text.size() && text.find(',', comma + 1) != std::string_view::npos) return false;
  // Dots before the comma must group the integer part's digits in threes.
  std::size_t digits_since_dot = 0;
  bool saw_dot = false;
  auto refuse = [&] {
    out.resize(start);
    return false;
  };
  for (std::size_t k = 0; k < comma; ++k) {
    const char c = text[k];
    if (c == '.') {
      if (saw_dot ? digits_since_dot != 3 : digits_since_dot == 0 || digits_since_dot > 3) {
        return refuse();
      }
      saw_dot = true;
      digits_since_dot = 0;
      continue;
    }
    if (c >= '0' && c <= '9') ++digits_since_dot;
    out += c;
  }
  if (saw_dot && digits_since_dot != 3) return refuse();
  if (comma == text.size() && !saw_dot) return refuse();  // nothing to rewrite
  if (comma < text.size()) {
    out += '.';
    out.append(text.substr(comma + 1));
  }
  const std::string_view rewritten = std::string_view(out).substr(start);
  if (!IsShortDecimal(rewritten) && !ToFiniteNumber(rewritten)) return refuse();
  return true;
}

}  // namespace

Result<std::string> ReadStandardInput(std::uint64_t max_bytes, std::string_view expected) {
  std::string text;
  char chunk[1 << 16];
  for (;;) {
    const std::size_t read = std::fread(chunk, 1, sizeof(chunk), stdin);
    text.append(chunk, read);
    if (text.size() > max_bytes) {
      return Status::InvalidInput(
          kStandardInputName, 0, 0,
          "standard input holds more than " + std::to_string(max_bytes) + " bytes",
          std::string(expected) + " of at most " + std::to_string(max_bytes) + " bytes");
    }
    if (read < sizeof(chunk)) break;
  }
  if (std::ferror(stdin)) {
    return Status::InvalidInput(kStandardInputName, 0, 0, "standard input cannot be read",
                                std::string(expected));
  }
  return text;
}

Result<CsvFile> CsvFile::Open(const std::string& path, const CsvOptions& options) {
  CsvFile file;
  file.options_ = options;
  if (path == "-") {
    auto input = ReadStandardInput(options.max_file_bytes, "a CSV table");
    if (!input.ok()) return input.status();
    file.path_ = kStandardInputName;
    file.bytes_.reset(new Bytes(std::move(input.value())));
  } else {
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (error || !std::filesystem::exists(status)) {
      return Status::InvalidInput(path, 0, 0, "file not found", "a readable CSV file");
    }
    if (std::filesystem::is_directory(status)) {
      return Status::InvalidInput(path, 0, 0, "is a folder, not a file", "a CSV file");
    }
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    if (error) return Status::InvalidInput(path, 0, 0, "cannot read file size: " + error.message());
    if (size > options.max_file_bytes) {
      return Status::InvalidInput(path, 0, 0,
                                  "file is too large: " + std::to_string(size) + " bytes",
                                  "at most " + std::to_string(options.max_file_bytes) + " bytes");
    }
    const int descriptor = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) return Status::InvalidInput(path, 0, 0, "cannot open file for reading");
    file.path_ = path;
    if (size == 0) {
      file.bytes_.reset(new Bytes(std::string()));
    } else {
      void* mapping =
          mmap(nullptr, static_cast<std::size_t>(size), PROT_READ, MAP_PRIVATE, descriptor, 0);
      if (mapping == MAP_FAILED) {
        // Not mappable (a pipe, a special file): read it.
        std::ifstream stream(path, std::ios::binary);
        std::string text(static_cast<std::size_t>(size), '\0');
        if (!stream || !stream.read(text.data(), static_cast<std::streamsize>(size))) {
          close(descriptor);
          return Status::InvalidInput(path, 0, 0, "cannot read file");
        }
        file.bytes_.reset(new Bytes(std::move(text)));
      } else {
        madvise(mapping, static_cast<std::size_t>(size), MADV_SEQUENTIAL);
        file.bytes_.reset(new Bytes(mapping, static_cast<std::size_t>(size)));
      }
    }
    close(descriptor);
  }
  // Diagnostics name the file ("<stdin>" for standard input).
  const std::string& source = file.path_;

  if (Status invalid = ValidateOptions(options.dialect, "CsvDialect"); !invalid.ok())
    return invalid;
  // A Latin-1 or Windows-1252 file that is all ASCII (numeric tables usually are) reads as it is:
  // no copy, and its pages are handed back as they are read, like any UTF-8 file.
  if (options.dialect.encoding != TextEncoding::kUtf8 &&
      FindNonAscii(file.Text(), 0) < file.Text().size()) {
    auto converted = ToUtf8(file.Text(), options.dialect.encoding, source);
    if (!converted.ok()) return converted.status();
    file.bytes_.reset(new Bytes(std::move(converted.value())));
  }

  std::string_view text = file.Text();
  auto starts_with = [&](std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
  };
  using namespace std::string_view_literals;
  if (starts_with("\xFF\xFE"sv) || starts_with("\xFE\xFF"sv) || starts_with("\0\0\xFE\xFF"sv)) {
    return Status::InvalidInput(source, 1, 1, "file is UTF-16 or UTF-32 encoded (byte-order mark)",
                                "UTF-8 text");
  }
  if (starts_with("\xEF\xBB\xBF"sv)) file.position_ = 3;  // UTF-8 BOM: harmless, skip
  // Checked in windows whose pages are handed back after the check (the rows are read later).
  std::size_t bad = std::string_view::npos;
  constexpr std::size_t kWindow = std::size_t{4} << 20;
  for (std::size_t begin = file.position_; begin < text.size() && bad == std::string_view::npos;) {
    // A window ends after a line end, so that no UTF-8 sequence is cut.
    std::size_t end = std::min(text.size(), begin + kWindow);
    if (end < text.size()) {
      const std::size_t line_end = text.rfind('\n', end - 1);
      end = line_end != std::string_view::npos && line_end >= begin ? line_end + 1 : text.size();
    }
    const std::size_t found = FindInvalidUtf8(text.substr(begin, end - begin));
    if (found != std::string_view::npos) bad = begin - file.position_ + found;
    file.bytes_->Release(begin, end);
    begin = end;
  }
  if (bad != std::string_view::npos) {
    const std::size_t offset = file.position_ + bad;
    std::int64_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    const std::string what =
        text[offset] == '\0' ? "NUL byte (binary file?)" : "invalid UTF-8 byte";
    return Status::InvalidInput(source, line, static_cast<std::int64_t>(offset - line_start + 1),
                                what, "UTF-8 text");
  }

  Diagnostics diagnostics;
  CsvRow header;
  if (!file.ParseRow(header, diagnostics)) {
    if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
    return Status::InvalidInput(source, 0, 0, "file is empty", "a header row");
  }
  file.header_line_ = header.line;
  if (Status dialect = CheckHeaderDialect(source, header, options.dialect); !dialect.ok())
    return dialect;
  for (std::size_t c = 0; c < header.fields.size(); ++c) {
    std::string name(header.fields[c]);
    if (name.empty() && !(c == 0 && options.allow_empty_label_header)) {
      diagnostics.Add(source, header.line, static_cast<std::int64_t>(c + 1), "empty column name",
                      "a name in every header cell");
    }
    for (std::size_t k = 0; k < c; ++k) {
      if (file.header_[k] == name && !name.empty()) {
        diagnostics.Add(source, header.line, static_cast<std::int64_t>(c + 1),
                        "duplicate column '" + name + "'", "each column once");
      }
    }
    file.header_.push_back(std::move(name));
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  return file;
}

int CsvFile::Find(std::string_view column) const {
  for (std::size_t c = 0; c < header_.size(); ++c) {
    if (header_[c] == column) return static_cast<int>(c);
  }
  return -1;
}

int CsvFile::Require(std::string_view column, Diagnostics& diagnostics) const {
  const int index = Find(column);
  if (index < 0) {
    diagnostics.Add(path_, header_line_, 0, "missing column '" + std::string(column) + "'",
                    "a header with column '" + std::string(column) + "'");
  }
  return index;
}

std::size_t CsvFile::EstimateRows() const {
  const std::string_view unread = Unread();
  if (unread.empty()) return 0;
  const std::string_view sample = unread.substr(0, std::size_t{64} << 10);
  const auto lines = static_cast<std::size_t>(std::count(sample.begin(), sample.end(), '\n')) + 1;
  const std::size_t estimate =
      static_cast<std::size_t>(static_cast<double>(unread.size()) / sample.size() * lines) + 1;
  return std::min(estimate, unread.size() / std::max<std::size_t>(header_.size(), 1) + 1);
}

bool CsvFile::Next(CsvRow& row, Diagnostics& diagnostics) {
  while (ParseRow(row, diagnostics)) {
    if (row.fields.size() != header_.size()) {
      diagnostics.Add(path_, row.line, 0,
                      "row has " + std::to_string(row.fields.size()) + " fields",
                      std::to_string(header_.size()) + " fields as in the header");
      if (diagnostics.full()) return false;
      continue;
    }
    if (options_.dialect.decimal == ',') ReadDecimalCommas(row);
    ++rows_returned_;
    return true;
  }
  return false;
}

void CsvFile::ReadDecimalCommas(CsvRow& row) {
  // The rewritten numbers go to one buffer per row, reserved up front for the longest outcome (a
  // rewrite is never longer than its field), so it never reallocates under the views into it.
  std::size_t room = 0;
  for (const std::string_view field : row.fields) room += field.size();
  decimal_rewrites_.clear();
  if (decimal_rewrites_.capacity() < room) decimal_rewrites_.reserve(room);
  for (std::string_view& field : row.fields) {
    if (std::none_of(field.begin(), field.end(), [](char c) { return c == ',' || c == '.'; })) {
      continue;
    }
    const std::size_t start = decimal_rewrites_.size();
    if (AppendDecimalCommaNumber(field, decimal_rewrites_)) {
      field = std::string_view(decimal_rewrites_).substr(start);
    }
  }
}

bool CsvFile::ParseRow(CsvRow& row, Diagnostics& diagnostics) {
  const std::string_view text = Text();
  const std::size_t size = text.size();
  unquoted_.clear();
  ReleaseBefore(position_);
  while (position_ < size) {
    row.fields.clear();
    row.line = line_;
    // A comment line (first non-blank character an unquoted '#') is skipped whole, before any field
    // splitting: its text may hold quotes and delimiters in any arrangement.
    {
      std::size_t first = position_;
      while (first < size && IsBlank(text[first])) ++first;
      if (first < size && text[first] == '#') {
        const std::size_t end = text.find('\n', first);
        position_ = end == std::string_view::npos ? size : end + 1;
        ++line_;
        continue;
      }
    }
    const std::size_t row_start = position_;
    bool end_of_row = false;
    bool first_quoted = false;  // a quoted first field is data, never a comment or a blank line
    // First pass: field boundaries. Unquoted fields are views into the buffer; quoted fields with
    // escaped quotes are copied into unquoted_ (a deque, so views stay valid).
    while (!end_of_row) {
      if (position_ - row_start > options_.max_line_bytes) {
        diagnostics.Add(path_, row.line, 0,
                        "line is longer than " + std::to_string(options_.max_line_bytes) + " bytes",
                        "a CSV text file");
        position_ = size;
        return false;
      }
      std::size_t start = position_;
      // Skip leading blanks before a possible quote.
      while (start < size && IsBlank(text[start])) ++start;
      if (start < size && text[start] == '"') {
        if (row.fields.empty()) first_quoted = true;
        std::size_t i = start + 1;
        std::string value;
        bool escaped = false;
        while (true) {
          if (i >= size) {
            diagnostics.Add(path_, row.line, static_cast<std::int64_t>(row.fields.size() + 1),
                            "unterminated quoted field", "a closing double quote");
            position_ = size;
            return false;
          }
          if (text[i] == '"') {
            if (i + 1 < size && text[i + 1] == '"') {
              value += '"';
              escaped = true;
              i += 2;
              continue;
            }
            break;
          }
          if (text[i] == '\n') ++line_;
          value += text[i];
          ++i;
        }
        std::string_view field = text.substr(start + 1, i - start - 1);
        if (escaped) {
          unquoted_.push_back(std::move(value));
          field = unquoted_.back();
        }
        row.fields.push_back(field);
        i += 1;  // closing quote
        while (i < size && IsBlank(text[i])) ++i;
        position_ = i;
      } else {
        // Hot path: scan to the next delimiter or '\n' (16 bytes at a time where the processor
        // can).
        const char* const data = text.data();
        const char* const p = FindFieldEnd(data + start, data + size, options_.dialect.delimiter);
        std::size_t i = static_cast<std::size_t>(p - data);
        std::string_view field = text.substr(start, i - start);
        if (!field.empty() && field.back() == '\r') field.remove_suffix(1);
        row.fields.push_back(options_.dialect.delimiter == '\t' ? TrimBlanks(field) : Trim(field));
        position_ = i;
      }
      if (position_ - row_start > options_.max_line_bytes) {
        diagnostics.Add(path_, row.line, 0,
                        "line is longer than " + std::to_string(options_.max_line_bytes) + " bytes",
                        "a CSV text file");
        position_ = size;
        return false;
      }
      if (position_ >= size) {
        end_of_row = true;
      } else if (text[position_] == options_.dialect.delimiter) {
        ++position_;
      } else if (text[position_] == '\r' && position_ + 1 < size && text[position_ + 1] == '\n') {
        position_ += 2;
        ++line_;
        end_of_row = true;
      } else if (text[position_] == '\r' && position_ + 1 == size) {
        position_ = size;  // CR at the very end of the file after a quoted field
        end_of_row = true;
      } else if (text[position_] == '\n') {
        ++position_;
        ++line_;
        end_of_row = true;
      } else {
        diagnostics.Add(path_, row.line, static_cast<std::int64_t>(row.fields.size()),
                        "text after closing quote", "a delimiter or line end after a quoted field");
        while (position_ < size && text[position_] != '\n') ++position_;
        return false;
      }
    }
    const bool blank = !first_quoted && row.fields.size() == 1 && row.fields[0].empty();
    const bool comment =
        !first_quoted && !row.fields.empty() && !row.fields[0].empty() && row.fields[0][0] == '#';
    if (blank || comment) continue;
    return true;
  }
  return false;
}

namespace {

enum class NumberProblem { kNone, kEmpty, kNotANumber, kNotFinite, kOutOfRange };

// Parses a whole field as a decimal number. Underflow (e.g. 1e-400) rounds to zero, which is
// harmless for coefficients; overflow (1e400), NaN and infinities are refused.
NumberProblem ParseDecimal(std::string_view text, double& value) {
  text = Trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return NumberProblem::kEmpty;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (end != text.data() + text.size()) return NumberProblem::kNotANumber;
  if (error == std::errc::result_out_of_range) {
    // from_chars reports both overflow and underflow; tell them apart by strtod's result.
    const std::string copy(text);
    const double rounded = std::strtod(copy.c_str(), nullptr);
    if (std::isfinite(rounded) && std::fabs(rounded) < 1.0) {
      value = rounded;
      return NumberProblem::kNone;
    }
    return NumberProblem::kOutOfRange;
  }
  if (error != std::errc()) return NumberProblem::kNotANumber;
  if (!std::isfinite(value)) return NumberProblem::kNotFinite;
  return NumberProblem::kNone;
}

}  // namespace

std::optional<double> ToFiniteNumber(std::string_view text) {
  double value = 0;
  if (ParseDecimal(text, value) != NumberProblem::kNone) return std::nullopt;
  return value;
}

std::optional<double> ParseNumber(std::string_view text, const std::string& file, std::int64_t line,
                                  int column, Diagnostics& diagnostics, std::string_view what) {
  double value = 0;
  if (ReadPlainNumber(text, value)) return value;
  const NumberProblem problem = ParseDecimal(text, value);
  if (problem == NumberProblem::kNone) return value;
  const std::string shown = "'" + std::string(Trim(text).substr(0, 40)) + "'";
  std::string message = std::string(what) + " is ";
  switch (problem) {
    case NumberProblem::kEmpty:
      message += "empty";
      break;
    case NumberProblem::kNotFinite:
      message += shown + ", not a finite number";
      break;
    case NumberProblem::kOutOfRange:
      message += shown + ", out of range";
      break;
    default:
      message += shown + ", not a number";
      break;
  }
  diagnostics.Add(file, line, column + 1, std::move(message), "a finite decimal number");
  return std::nullopt;
}

std::optional<double> ParseNonNegative(std::string_view text, const std::string& file,
                                       std::int64_t line, int column, Diagnostics& diagnostics,
                                       std::string_view what) {
  auto value = ParseNumber(text, file, line, column, diagnostics, what);
  if (value && *value < 0) {
    diagnostics.Add(file, line, column + 1,
                    std::string(what) + " is negative (" + std::string(Trim(text)) + ")",
                    "a number >= 0");
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> ParseInteger(std::string_view text, const std::string& file,
                                         std::int64_t line, int column, Diagnostics& diagnostics,
                                         std::string_view what) {
  text = Trim(text);
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size()) {
    diagnostics.Add(file, line, column + 1,
                    std::string(what) + " is " +
                        (text.empty() ? "empty" : "'" + std::string(text.substr(0, 40)) + "'") +
                        ", not a whole number",
                    "an integer");
    return std::nullopt;
  }
  return value;
}

}  // namespace gosplan::util
