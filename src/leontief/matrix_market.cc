// Streaming Matrix Market and vector-file readers (see gosplan/matrix_market.h).
#include "gosplan/matrix_market.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string_view>
#include <system_error>

namespace gosplan {
namespace {

// Reads a file line by line through one fixed buffer. Lines are string_views valid until the next
// call.
class LineReader {
 public:
  static constexpr std::size_t kBufferBytes = std::size_t{4} << 20;

  Status Open(const std::string& path, std::uint64_t max_file_bytes) {
    path_ = path;
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (error || !std::filesystem::exists(status)) {
      return Status::InvalidInput(path, 0, 0, "file not found", "a readable file");
    }
    if (std::filesystem::is_directory(status)) {
      return Status::InvalidInput(path, 0, 0, "is a folder, not a file", "a file");
    }
    size_ = std::filesystem::file_size(path, error);
    if (error)
      return Status::InvalidInput(path, 0, 0, "cannot read the file size: " + error.message());
    if (size_ > max_file_bytes) {
      return Status::InvalidInput(path, 0, 0, fmt::format("file is too large: {} bytes", size_),
                                  fmt::format("at most {} bytes", max_file_bytes));
    }
    file_.reset(std::fopen(path.c_str(), "rb"));
    if (!file_) return Status::InvalidInput(path, 0, 0, "cannot open the file for reading");
    buffer_ = std::make_unique<char[]>(kBufferBytes);
    return Status::Ok();
  }

  // Next line without its end (LF or CRLF). False at the end of the file, or when a line does not
  // fit the buffer (then too_long() is true).
  bool Next(std::string_view& line) {
    while (true) {
      const char* begin = buffer_.get() + start_;
      const char* newline = static_cast<const char*>(std::memchr(begin, '\n', end_ - start_));
      if (newline != nullptr) {
        std::size_t length = static_cast<std::size_t>(newline - begin);
        consumed_ += length + 1;
        start_ += length + 1;
        ++line_;
        if (length > 0 && begin[length - 1] == '\r') --length;
        line = std::string_view(begin, length);
        return true;
      }
      if (eof_) {
        if (start_ == end_) return false;
        std::size_t length = end_ - start_;
        consumed_ += length;
        start_ = end_;
        ++line_;
        if (length > 0 && begin[length - 1] == '\r') --length;
        line = std::string_view(begin, length);
        return true;
      }
      // Move the partial line to the front and read more.
      if (start_ == 0 && end_ == kBufferBytes) {
        too_long_ = true;
        ++line_;
        return false;
      }
      std::memmove(buffer_.get(), buffer_.get() + start_, end_ - start_);
      end_ -= start_;
      start_ = 0;
      const std::size_t got = std::fread(buffer_.get() + end_, 1, kBufferBytes - end_, file_.get());
      end_ += got;
      if (got == 0) eof_ = true;
    }
  }

  std::int64_t line() const { return line_; }
  bool too_long() const { return too_long_; }
  std::uint64_t size() const { return size_; }
  std::uint64_t remaining() const { return size_ > consumed_ ? size_ - consumed_ : 0; }
  const std::string& path() const { return path_; }

 private:
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::string path_;
  std::unique_ptr<std::FILE, Closer> file_;
  std::unique_ptr<char[]> buffer_;
  std::size_t start_ = 0, end_ = 0;
  std::uint64_t size_ = 0, consumed_ = 0;
  std::int64_t line_ = 0;
  bool eof_ = false, too_long_ = false;
};

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// Splits the next whitespace-separated token off `rest`; `column` is its 1-based byte column in
// `line`.
bool NextToken(std::string_view line, std::size_t& position, std::string_view& token,
               std::int64_t& column) {
  while (position < line.size() && IsBlank(line[position])) ++position;
  if (position >= line.size()) return false;
  const std::size_t start = position;
  while (position < line.size() && !IsBlank(line[position])) ++position;
  token = line.substr(start, position - start);
  column = static_cast<std::int64_t>(start + 1);
  return true;
}

bool ParseWhole(std::string_view token, std::int64_t& value) {
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
  return error == std::errc() && end == token.data() + token.size();
}

// A finite decimal number; '+' allowed. Underflow rounds to zero; overflow, NaN and infinities are
// refused.
enum class NumberProblem { kNone, kNotANumber, kNotFinite };
NumberProblem ParseReal(std::string_view token, double& value) {
  if (!token.empty() && token.front() == '+') token.remove_prefix(1);
  if (token.empty()) return NumberProblem::kNotANumber;
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (end != token.data() + token.size()) return NumberProblem::kNotANumber;
  if (error == std::errc::result_out_of_range) {
    const std::string copy(token);
    value = std::strtod(copy.c_str(), nullptr);
    return std::isfinite(value) ? NumberProblem::kNone : NumberProblem::kNotFinite;
  }
  if (error != std::errc()) return NumberProblem::kNotANumber;
  return std::isfinite(value) ? NumberProblem::kNone : NumberProblem::kNotFinite;
}

std::string Shown(std::string_view token) { return "'" + std::string(token.substr(0, 40)) + "'"; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

constexpr Index kMaxDimension = (Index{1} << 31) - 1;

// Largest dimension a file of `bytes` bytes may declare: dimension-sized arrays (8 bytes each) stay
// within 32 bytes per file byte, with 2^20 always allowed.
Index DimensionCap(std::uint64_t bytes) {
  const std::uint64_t cap = std::max<std::uint64_t>(std::uint64_t{1} << 20, 4 * bytes);
  return static_cast<Index>(
      std::min<std::uint64_t>(cap, static_cast<std::uint64_t>(kMaxDimension)));
}

}  // namespace

bool MatrixMarketOptions::IsValid(std::string* error) const {
  if (max_file_bytes < 1 || max_diagnostics < 1) {
    if (error) {
      *error = max_file_bytes < 1 ? "max_file_bytes is 0; it must be ≥ 1"
                                  : "max_diagnostics is 0; it must be ≥ 1";
    }
    return false;
  }
  return true;
}

Result<CscMatrix> ReadMatrixMarket(const std::string& path, const MatrixMarketOptions& options) {
  if (Status invalid = ValidateOptions(options, "MatrixMarketOptions"); !invalid.ok())
    return invalid;
  LineReader reader;
  if (Status s = reader.Open(path, options.max_file_bytes); !s.ok()) return s;
  std::string_view line;
  auto too_long = [&] {
    return Status::InvalidInput(path, reader.line(), 0, "line is longer than 4 MiB",
                                "a Matrix Market text file");
  };

  // Header.
  if (!reader.Next(line)) {
    if (reader.too_long()) return too_long();
    return Status::InvalidInput(
        path, 0, 0, "file is empty",
        "a Matrix Market header '%%MatrixMarket matrix coordinate real general'");
  }
  {
    std::size_t position = 0;
    std::string_view token;
    std::int64_t column = 1;
    const char* expected = "'%%MatrixMarket matrix coordinate real general'";
    if (!NextToken(line, position, token, column) || !EqualsIgnoreCase(token, "%%MatrixMarket")) {
      return Status::InvalidInput(
          path, 1, 1, "not a Matrix Market file (no '%%MatrixMarket' banner)", expected);
    }
    const char* words[] = {"matrix", "coordinate", "real", "general"};
    for (int w = 0; w < 4; ++w) {
      const std::int64_t at = static_cast<std::int64_t>(position + 1);
      if (!NextToken(line, position, token, column)) {
        return Status::InvalidInput(path, 1, at, fmt::format("header ends before '{}'", words[w]),
                                    expected);
      }
      const bool ok =
          EqualsIgnoreCase(token, words[w]) ||
          (w == 2 && (EqualsIgnoreCase(token, "integer") || EqualsIgnoreCase(token, "double")));
      if (!ok) {
        return Status::InvalidInput(
            path, 1, column, fmt::format("unsupported Matrix Market header word {}", Shown(token)),
            fmt::format("'{}'{}", words[w], w == 2 ? " or 'integer'" : ""));
      }
    }
    if (NextToken(line, position, token, column)) {
      return Status::InvalidInput(path, 1, column, "text after the header " + Shown(token),
                                  expected);
    }
  }

  // Size line (after comments and blank lines).
  std::int64_t dims[3] = {0, 0, 0};
  std::int64_t size_line = 0;
  while (true) {
    if (!reader.Next(line)) {
      if (reader.too_long()) return too_long();
      return Status::InvalidInput(path, reader.line(), 0, "file ends before the size line",
                                  "'rows cols entries'");
    }
    std::size_t first = 0;
    while (first < line.size() && IsBlank(line[first])) ++first;
    if (first == line.size() || line[first] == '%') continue;
    size_line = reader.line();
    std::size_t position = 0;
    std::string_view token;
    std::int64_t column = 1;
    const char* names[] = {"rows", "columns", "entries"};
    for (int d = 0; d < 3; ++d) {
      if (!NextToken(line, position, token, column)) {
        return Status::InvalidInput(path, size_line, static_cast<std::int64_t>(line.size() + 1),
                                    fmt::format("size line has no {}", names[d]),
                                    "'rows cols entries'");
      }
      if (!ParseWhole(token, dims[d]) || dims[d] < 0 || (d < 2 && dims[d] < 1)) {
        return Status::InvalidInput(path, size_line, column,
                                    fmt::format("{} {} is not a {} whole number", names[d],
                                                Shown(token), d < 2 ? "positive" : "non-negative"),
                                    "'rows cols entries'");
      }
    }
    if (NextToken(line, position, token, column)) {
      return Status::InvalidInput(path, size_line, column,
                                  "text after the size line " + Shown(token),
                                  "'rows cols entries'");
    }
    break;
  }
  const Index rows = dims[0], cols = dims[1], declared = dims[2];
  const Index dimension_cap = DimensionCap(reader.size());
  for (int d = 0; d < 2; ++d) {
    if (dims[d] > dimension_cap) {
      return Status::InvalidInput(
          path, size_line, 0,
          fmt::format("declares {} {} in a file of {} bytes", dims[d], d == 0 ? "rows" : "columns",
                      reader.size()),
          fmt::format("at most {} (2^31 - 1, and at most max(2^20, 4 x file bytes))",
                      dimension_cap));
    }
  }
  if (options.require_square && rows != cols) {
    return Status::InvalidInput(
        path, size_line, 0, fmt::format("the matrix is {} x {}", rows, cols), "a square matrix");
  }
  const std::uint64_t most_entries = reader.remaining() / 6;
  if (static_cast<std::uint64_t>(declared) > most_entries) {
    return Status::InvalidInput(
        path, size_line, 0,
        fmt::format("declares {} entries but only {} bytes follow the size line", declared,
                    reader.remaining()),
        fmt::format("at most {} entries (6 bytes each at least)", most_entries));
  }
  if (static_cast<double>(declared) > static_cast<double>(rows) * static_cast<double>(cols)) {
    return Status::InvalidInput(
        path, size_line, 0,
        fmt::format("declares {} entries in a {} x {} matrix", declared, rows, cols),
        "at most rows x cols entries");
  }

  CscMatrix matrix;
  matrix.rows = rows;
  matrix.cols = cols;
  matrix.column_start.assign(static_cast<std::size_t>(cols + 1), 0);
  matrix.row_index.reserve(static_cast<std::size_t>(declared));
  matrix.value.reserve(static_cast<std::size_t>(declared));
  std::vector<std::int32_t> entry_column;  // only when the entries are not sorted by column
  Index last_column = 0;
  bool sorted = true;
  Diagnostics diagnostics(options.max_diagnostics);
  Index entries = 0;

  while (reader.Next(line)) {
    std::size_t first = 0;
    while (first < line.size() && IsBlank(line[first])) ++first;
    if (first == line.size() || line[first] == '%') continue;
    const std::int64_t at = reader.line();
    ++entries;
    if (entries > declared) {
      diagnostics.Add(
          path, at, static_cast<std::int64_t>(first + 1),
          fmt::format("more entries than the {} declared on line {}", declared, size_line),
          "as many entry lines as the size line declares");
      break;
    }
    std::size_t position = 0;
    std::string_view token;
    std::int64_t column = 1;
    std::int64_t index[2] = {0, 0};
    bool good = true;
    for (int d = 0; d < 2 && good; ++d) {
      if (!NextToken(line, position, token, column)) {
        diagnostics.Add(path, at, static_cast<std::int64_t>(line.size() + 1),
                        "entry line ends early", "'row column value'");
        good = false;
      } else if (!ParseWhole(token, index[d]) || index[d] < 1 || index[d] > dims[d]) {
        diagnostics.Add(
            path, at, column,
            fmt::format("{} index {} is out of range", d == 0 ? "row" : "column", Shown(token)),
            fmt::format("a whole number in 1..{}", dims[d]));
        good = false;
      }
    }
    double value = 0.0;
    if (good) {
      if (!NextToken(line, position, token, column)) {
        diagnostics.Add(path, at, static_cast<std::int64_t>(line.size() + 1),
                        "entry line has no value", "'row column value'");
        good = false;
      } else if (const NumberProblem problem = ParseReal(token, value);
                 problem != NumberProblem::kNone) {
        diagnostics.Add(path, at, column,
                        fmt::format("value {} is {}", Shown(token),
                                    problem == NumberProblem::kNotFinite ? "not a finite number"
                                                                         : "not a number"),
                        "a finite decimal number");
        good = false;
      } else if (options.require_non_negative && value < 0.0) {
        diagnostics.Add(path, at, column, fmt::format("value {} is negative", Shown(token)),
                        "a coefficient >= 0");
        good = false;
      } else if (NextToken(line, position, token, column)) {
        diagnostics.Add(path, at, column, "text after the value " + Shown(token),
                        "'row column value'");
        good = false;
      }
    }
    if (!good) {
      if (diagnostics.full()) break;
      continue;
    }
    const Index col = index[1] - 1;
    if (sorted && col < last_column) {
      // First out-of-order entry: record the columns of the entries so far (they are sorted).
      sorted = false;
      entry_column.reserve(static_cast<std::size_t>(declared));
      for (Index c = 0; c < cols; ++c) {
        for (Index k = 0; k < matrix.column_start[static_cast<std::size_t>(c + 1)]; ++k) {
          entry_column.push_back(static_cast<std::int32_t>(c));
        }
      }
    }
    last_column = col;
    if (!sorted) entry_column.push_back(static_cast<std::int32_t>(col));
    ++matrix.column_start[static_cast<std::size_t>(col + 1)];  // counts for now
    matrix.row_index.push_back(static_cast<std::int32_t>(index[0] - 1));
    matrix.value.push_back(value);
  }
  if (reader.too_long()) return too_long();
  if (diagnostics.empty() && entries < declared) {
    diagnostics.Add(path, size_line, 0,
                    fmt::format("declares {} entries but the file has {}", declared, entries),
                    "as many entry lines as the size line declares");
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));

  for (Index c = 0; c < cols; ++c) {
    matrix.column_start[static_cast<std::size_t>(c + 1)] +=
        matrix.column_start[static_cast<std::size_t>(c)];
  }
  if (!sorted) {
    // Counting sort by column (stable: file order within a column).
    std::vector<Index> next(matrix.column_start.begin(), matrix.column_start.end() - 1);
    std::vector<std::int32_t> row_index(matrix.row_index.size());
    std::vector<double> value(matrix.value.size());
    for (std::size_t k = 0; k < entry_column.size(); ++k) {
      const Index to = next[static_cast<std::size_t>(entry_column[k])]++;
      row_index[static_cast<std::size_t>(to)] = matrix.row_index[k];
      value[static_cast<std::size_t>(to)] = matrix.value[k];
    }
    matrix.row_index = std::move(row_index);
    matrix.value = std::move(value);
  }
  return matrix;
}

Result<Eigen::VectorXd> ReadVectorFile(const std::string& path, Index size,
                                       const MatrixMarketOptions& options) {
  if (Status invalid = ValidateOptions(options, "MatrixMarketOptions"); !invalid.ok())
    return invalid;
  LineReader reader;
  if (Status s = reader.Open(path, options.max_file_bytes); !s.ok()) return s;
  if (size < 0) return Status::Internal("ReadVectorFile: negative size");
  if (reader.size() + 1 <
      2 * static_cast<std::uint64_t>(size)) {  // each number needs a digit and a line end
    return Status::InvalidInput(
        path, 0, 0, fmt::format("file of {} bytes cannot hold {} numbers", reader.size(), size),
        fmt::format("{} numbers, one per line (one per sector)", size));
  }
  Eigen::VectorXd vector(size);
  Diagnostics diagnostics(options.max_diagnostics);
  Index count = 0;
  std::string_view line;
  while (reader.Next(line)) {
    std::size_t position = 0;
    std::string_view token;
    std::int64_t column = 1;
    if (!NextToken(line, position, token, column) || token.front() == '%' || token.front() == '#')
      continue;
    const std::int64_t at = reader.line();
    if (count >= size) {
      diagnostics.Add(path, at, column, fmt::format("more than {} numbers", size),
                      fmt::format("{} numbers, one per line (one per sector)", size));
      break;
    }
    double value = 0.0;
    if (const NumberProblem problem = ParseReal(token, value); problem != NumberProblem::kNone) {
      diagnostics.Add(path, at, column,
                      fmt::format("{} is {}", Shown(token),
                                  problem == NumberProblem::kNotFinite ? "not a finite number"
                                                                       : "not a number"),
                      "a finite decimal number");
    } else if (options.require_non_negative && value < 0.0) {
      diagnostics.Add(path, at, column, fmt::format("{} is negative", Shown(token)),
                      "a number >= 0");
    } else if (std::string_view extra; NextToken(line, position, extra, column)) {
      diagnostics.Add(path, at, column, "text after the number " + Shown(extra),
                      "one number per line");
    }
    vector(count++) = value;
    if (diagnostics.full()) break;
  }
  if (reader.too_long()) {
    return Status::InvalidInput(path, reader.line(), 0, "line is longer than 4 MiB",
                                "one number per line");
  }
  if (diagnostics.empty() && count < size) {
    diagnostics.Add(path, reader.line(), 0, fmt::format("has {} numbers", count),
                    fmt::format("{} numbers, one per line (one per sector)", size));
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  return vector;
}

}  // namespace gosplan
