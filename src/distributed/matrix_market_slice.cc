// The parallel Matrix Market reader of the distributed Leontief solve (matrix_market_slice.h).
#include "distributed/matrix_market_slice.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

namespace gosplan::distributed {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

constexpr std::size_t kChunk = std::size_t{4} << 20;  // bytes read at a time

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// 1-based line number of the byte at `offset` (counts '\n' before it): only on the error path.
std::int64_t LineAt(const std::string& path, std::int64_t offset) {
  File file(std::fopen(path.c_str(), "rb"));
  if (!file) return 0;
  std::vector<char> buffer(kChunk);
  std::int64_t line = 1;
  std::int64_t done = 0;
  while (done < offset) {
    const std::size_t want =
        static_cast<std::size_t>(std::min<std::int64_t>(kChunk, offset - done));
    const std::size_t got = std::fread(buffer.data(), 1, want, file.get());
    if (got == 0) break;
    line += std::count(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(got), '\n');
    done += static_cast<std::int64_t>(got);
  }
  return line;
}

// Splits a line into whitespace-separated tokens (start offsets within the line).
std::vector<std::pair<std::size_t, std::string_view>> Tokens(std::string_view line) {
  std::vector<std::pair<std::size_t, std::string_view>> tokens;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && IsSpace(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !IsSpace(line[i])) ++i;
    if (i > start) tokens.push_back({start, line.substr(start, i - start)});
  }
  return tokens;
}

template <typename T>
bool Parse(std::string_view token, T* value) {
  const char* end = token.data() + token.size();
  const auto [ptr, error] = std::from_chars(token.data(), end, *value);
  return error == std::errc() && ptr == end;
}

}  // namespace

Result<MatrixMarketSlice> ReadMatrixMarketSlice(const std::string& path, int rank, int ranks,
                                                std::size_t max_diagnostics) {
  File file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    return Status::InvalidInput(path, 0, 0, "cannot open the file",
                                "a readable Matrix Market file");
  }
  // ---- Header and size line (every rank) ------------------------------------------------------
  // Read line by line with a small buffer: the header is short; its end is where the entries start.
  std::int64_t offset = 0;
  std::int64_t line_number = 0;
  auto read_line = [&](std::string* line) {
    line->clear();
    int c;
    bool any = false;
    while ((c = std::fgetc(file.get())) != EOF) {
      any = true;
      ++offset;
      if (c == '\n') break;
      line->push_back(static_cast<char>(c));
      if (line->size() > 4096) break;  // a header line is never this long
    }
    if (any) ++line_number;
    return any;
  };
  std::string line;
  const std::string expected_header = "%%MatrixMarket matrix coordinate real general";
  if (!read_line(&line)) {
    return Status::InvalidInput(path, 1, 0, "the file is empty", expected_header);
  }
  {
    const auto tokens = Tokens(line);
    const bool header_ok =
        tokens.size() == 5 && tokens[0].second == "%%MatrixMarket" &&
        Lower(tokens[1].second) == "matrix" && Lower(tokens[2].second) == "coordinate" &&
        (Lower(tokens[3].second) == "real" || Lower(tokens[3].second) == "integer") &&
        Lower(tokens[4].second) == "general";
    if (!header_ok) {
      return Status::InvalidInput(path, 1, 1, "not a Matrix Market coordinate real general header",
                                  expected_header);
    }
  }
  MatrixMarketSlice slice;
  for (;;) {
    if (!read_line(&line)) {
      return Status::InvalidInput(path, line_number + 1, 0, "no size line",
                                  "a line 'rows cols entries'");
    }
    const auto tokens = Tokens(line);
    if (tokens.empty() || tokens[0].second.front() == '%') continue;  // comment or blank
    if (tokens.size() != 3 || !Parse(tokens[0].second, &slice.rows) ||
        !Parse(tokens[1].second, &slice.cols) ||
        !Parse(tokens[2].second, &slice.declared_entries)) {
      return Status::InvalidInput(path, line_number, 1, "'" + line + "' is not a size line",
                                  "three whole numbers 'rows cols entries'");
    }
    break;
  }
  constexpr std::int64_t kLimit = std::numeric_limits<std::int32_t>::max();
  if (slice.rows < 1 || slice.cols < 1 || slice.rows > kLimit || slice.cols > kLimit ||
      slice.declared_entries < 0) {
    return Status::InvalidInput(path, line_number, 1,
                                "dimensions " + std::to_string(slice.rows) + " x " +
                                    std::to_string(slice.cols) + " with " +
                                    std::to_string(slice.declared_entries) + " entries",
                                "1 <= rows, cols < 2^31 and entries >= 0");
  }
  if (slice.rows != slice.cols) {
    return Status::InvalidInput(
        path, line_number, 1,
        "A is " + std::to_string(slice.rows) + " x " + std::to_string(slice.cols) + ", not square",
        "a square matrix of technical coefficients");
  }
  const std::int64_t body = offset;
  if (std::fseek(file.get(), 0, SEEK_END) != 0) {
    return Status::InvalidInput(path, 0, 0, "cannot seek in the file", "a regular file");
  }
  const std::int64_t size = std::ftell(file.get());
  if (size < body)
    return Status::InvalidInput(path, 0, 0, "cannot read the file", "a regular file");

  // ---- This rank's byte range of the entry lines ---------------------------------------------
  const std::int64_t span = size - body;
  // Every entry line takes at least 6 bytes ("1 1 0\n"): a size line declaring more cannot be true,
  // and is refused before anything is reserved for it.
  if (slice.declared_entries > span / 6 + 1) {
    return Status::InvalidInput(path, line_number, 1,
                                std::to_string(slice.declared_entries) + " entries declared in a " +
                                    std::to_string(span) + "-byte body",
                                "at most one entry per 6 bytes of entry lines");
  }
  const std::int64_t low = body + span / ranks * rank + std::min<std::int64_t>(rank, span % ranks);
  const std::int64_t high =
      body + span / ranks * (rank + 1) + std::min<std::int64_t>(rank + 1, span % ranks);
  // A line belongs to the range its first byte is in: start at `low` when the byte before it ends a
  // line, else after the next '\n'.
  std::int64_t position = low;
  if (rank > 0 && low > body) position = low - 1;
  if (std::fseek(file.get(), static_cast<long>(position), SEEK_SET) != 0) {
    return Status::InvalidInput(path, 0, 0, "cannot seek in the file", "a regular file");
  }
  std::string buffer;
  std::vector<char> chunk(kChunk);
  std::size_t cursor = 0;  // next unparsed byte of `buffer`; buffer[0] is at file offset `base`
  std::int64_t base = position;
  bool eof = false;
  auto refill = [&] {
    buffer.erase(0, cursor);
    base += static_cast<std::int64_t>(cursor);
    cursor = 0;
    const std::size_t got = std::fread(chunk.data(), 1, chunk.size(), file.get());
    if (got == 0) eof = true;
    buffer.append(chunk.data(), got);
  };
  if (position != low) {  // skip the rest of the line that started in the previous range
    for (;;) {
      const std::size_t newline = buffer.find('\n', cursor);
      if (newline != std::string::npos) {
        cursor = newline + 1;
        break;
      }
      cursor = buffer.size();
      if (eof) break;
      refill();
    }
  }
  // Entries are spread evenly enough over the bytes to reserve this range's share (+5 %): growing
  // by doubling could hold twice the memory at the peak.
  if (span > 0) {
    const double share = static_cast<double>(high - low) / static_cast<double>(span);
    const auto expected = static_cast<std::size_t>(
        std::min<double>(static_cast<double>(slice.declared_entries),
                         1.05 * share * static_cast<double>(slice.declared_entries) + 1024.0));
    slice.row.reserve(expected);
    slice.col.reserve(expected);
    slice.value.reserve(expected);
  }
  Diagnostics diagnostics(max_diagnostics);
  auto fail = [&](std::int64_t line_offset, std::size_t column, std::string message,
                  std::string expected) {
    diagnostics.Add(path, LineAt(path, line_offset), static_cast<std::int64_t>(column) + 1,
                    std::move(message), std::move(expected));
  };
  for (;;) {
    std::size_t newline = buffer.find('\n', cursor);
    while (newline == std::string::npos && !eof) {
      refill();
      newline = buffer.find('\n', cursor);
    }
    if (cursor >= buffer.size() && eof) break;
    const std::int64_t line_offset = base + static_cast<std::int64_t>(cursor);
    if (line_offset >= high) break;
    const std::size_t end = newline == std::string::npos ? buffer.size() : newline;
    const std::string_view text(buffer.data() + cursor, end - cursor);
    cursor = newline == std::string::npos ? buffer.size() : newline + 1;
    const auto tokens = Tokens(text);
    if (tokens.empty()) continue;  // blank line
    std::int64_t i = 0, j = 0;
    double v = 0.0;
    if (tokens.size() != 3) {
      fail(line_offset, tokens[0].first,
           "entry line has " + std::to_string(tokens.size()) + " fields",
           "'i j value' (three fields)");
    } else if (!Parse(tokens[0].second, &i) || i < 1 || i > slice.rows) {
      fail(line_offset, tokens[0].first, "row '" + std::string(tokens[0].second) + "'",
           "a whole number from 1 to " + std::to_string(slice.rows));
    } else if (!Parse(tokens[1].second, &j) || j < 1 || j > slice.cols) {
      fail(line_offset, tokens[1].first, "column '" + std::string(tokens[1].second) + "'",
           "a whole number from 1 to " + std::to_string(slice.cols));
    } else if (!Parse(tokens[2].second, &v) || !std::isfinite(v)) {
      fail(line_offset, tokens[2].first, "value '" + std::string(tokens[2].second) + "'",
           "a finite number");
    } else if (v < 0.0) {
      fail(line_offset, tokens[2].first, "negative coefficient " + std::string(tokens[2].second),
           "technical coefficients >= 0");
    } else {
      slice.row.push_back(static_cast<std::int32_t>(i - 1));
      slice.col.push_back(static_cast<std::int32_t>(j - 1));
      slice.value.push_back(v);
    }
    if (diagnostics.full()) break;
  }
  if (std::ferror(file.get())) {
    return Status::InvalidInput(path, 0, 0, "read error", "a readable file");
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  return slice;
}

}  // namespace gosplan::distributed
