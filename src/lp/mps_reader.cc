// MPS reader (fixed and free format) — our own, so that every defect of a file is reported as
// `file:line:column: what is wrong (expected …)` and nothing is printed (see ReadMps in
// include/gosplan/linear_program.h for the accepted dialect).
//
// The format (IBM MPSX, with the free-format and OBJSENSE extensions of CPLEX, Gurobi and HiGHS):
//   NAME      [name]
//   OBJSENSE  [MAX|MAXIMIZE|MIN|MINIMIZE]    sense on this line or on the next (indented) line
//   OBJNAME   [row]                          which N row is the objective (default: the first)
//   ROWS        type name                    type N (free), L (≤), G (≥), E (=)
//   COLUMNS     column row value [row value]
//   RHS         [set] row value [row value]  RHS of an N row: minus the objective constant
//   RANGES      [set] row value [row value]  L: [rhs−|R|, rhs]; G: [rhs, rhs+|R|]; E: by R's sign
//   BOUNDS      type [set] column [value]    UP LO FX FR MI PL
//   ENDATA
// Fields are separated by blanks (names hold no blanks). Only the first RHS, RANGES and BOUNDS set
// is used, as in every MPS reader. Missing RHS means zero right-hand sides. A negative UP bound on
// a column whose lower bound was not given makes the lower bound −∞ (the convention of CPLEX, CLP
// and HiGHS). Magnitudes of 1e30 and above (and `inf`/`infinity`) in RHS, RANGES and BOUNDS mean
// "no bound".
//
// ReadMps decompresses gzip data (recognised by its magic bytes) with zlib before parsing, and
// reads standard input for the path "-".
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gosplan/linear_program.h"
#include "util/csv.h"

namespace gosplan {
namespace {

// Largest MPS file ReadMps reads (bytes): CLP's indices are 32-bit, so a larger file cannot be
// solved by the exact solver anyway, and the whole file is held in memory while it is parsed.
constexpr std::uintmax_t kMaxMpsFileBytes = std::uintmax_t{2} << 30;
// Bounds and right-hand sides of this magnitude or more mean "no bound" (MPS convention, CLP's
// 1e30).
constexpr double kMpsInfinity = 1e30;
// Largest finite magnitude the LP solvers accept (see kMaxLpMagnitude in gosplan/linear_program.h).
constexpr double kMaxMagnitude = kMaxLpMagnitude;

// Hash and equality that let the name maps be searched with a string_view (no string built per
// lookup).
struct NameHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view name) const {
    return std::hash<std::string_view>{}(name);
  }
};
using NameMap = std::unordered_map<std::string, Index, NameHash, std::equal_to<>>;

enum class Section {
  kNone,
  kName,
  kObjSense,
  kObjName,
  kRows,
  kColumns,
  kRhs,
  kRanges,
  kBounds,
  kEnd
};

struct Field {
  std::string_view text;
  std::int64_t column = 0;  // 1-based character position in the line
};

// Splits a line into blank-separated fields, remembering where each starts.
void SplitFields(std::string_view line, std::vector<Field>& fields) {
  fields.clear();
  std::size_t at = 0;
  while (at < line.size()) {
    while (at < line.size() && (line[at] == ' ' || line[at] == '\t' || line[at] == '\r')) ++at;
    if (at >= line.size()) break;
    const std::size_t start = at;
    while (at < line.size() && line[at] != ' ' && line[at] != '\t' && line[at] != '\r') ++at;
    fields.push_back({line.substr(start, at - start), static_cast<std::int64_t>(start) + 1});
  }
}

std::string Upper(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

std::string Quoted(std::string_view name) { return "'" + std::string(name) + "'"; }

// gzip's magic bytes (RFC 1952): 1f 8b.
bool IsGzip(std::string_view bytes) {
  return bytes.size() >= 2 && bytes[0] == '\x1f' && bytes[1] == '\x8b';
}

// The decompressed text of gzip data (one member or several concatenated, as `cat a.gz b.gz`
// makes), at most kMaxMpsFileBytes. A corrupt or truncated stream is kInvalidInput naming `source`.
Result<std::string> Gunzip(std::string_view compressed, const std::string& source) {
  z_stream stream{};
  // 15 + 16: a gzip header and trailer (not zlib's), window of 2^15 bytes.
  if (inflateInit2(&stream, 15 + 16) != Z_OK) {
    return Status::Internal("zlib could not start inflating " + source);
  }
  std::string text;
  std::string chunk(std::size_t{1} << 20, '\0');
  std::size_t consumed = 0;  // bytes of `compressed` handed to zlib so far
  int result = Z_OK;
  while (true) {
    if (stream.avail_in == 0 && consumed < compressed.size()) {
      const std::size_t take =
          std::min<std::size_t>(compressed.size() - consumed, std::numeric_limits<uInt>::max());
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data() + consumed));
      stream.avail_in = static_cast<uInt>(take);
      consumed += take;
    }
    stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
    stream.avail_out = static_cast<uInt>(chunk.size());
    result = inflate(&stream, Z_NO_FLUSH);
    text.append(chunk.data(), chunk.size() - stream.avail_out);
    if (text.size() > kMaxMpsFileBytes) {
      inflateEnd(&stream);
      return Status::InvalidInput(
          source, 0, 0, "decompresses to more than " + std::to_string(kMaxMpsFileBytes) + " bytes",
          "an MPS file of at most " + std::to_string(kMaxMpsFileBytes) + " bytes");
    }
    if (result == Z_STREAM_END) {
      // Another member may follow (concatenated gzip files); anything else after the end is junk.
      const std::size_t left = stream.avail_in + (compressed.size() - consumed);
      if (left == 0) break;
      const std::string_view rest = compressed.substr(compressed.size() - left);
      if (!IsGzip(rest)) {
        inflateEnd(&stream);
        return Status::InvalidInput(
            source, 0, 0, "has " + std::to_string(left) + " bytes after the end of its gzip data",
            "a gzip file holding one MPS text");
      }
      inflateReset(&stream);
      continue;
    }
    if (result == Z_OK) continue;
    if (result == Z_BUF_ERROR && stream.avail_in == 0 && consumed == compressed.size()) {
      inflateEnd(&stream);
      return Status::InvalidInput(source, 0, 0, "the gzip data ends early (truncated file?)",
                                  "a complete gzip file (gzip -t tells)");
    }
    const std::string why = stream.msg != nullptr ? stream.msg : "error " + std::to_string(result);
    inflateEnd(&stream);
    return Status::InvalidInput(source, 0, 0, "corrupt gzip data (" + why + ")",
                                "a valid gzip file (gzip -t tells)");
  }
  inflateEnd(&stream);
  return text;
}

class MpsParser {
 public:
  MpsParser(std::string path, std::size_t max_diagnostics)
      : path_(std::move(path)), diagnostics_(max_diagnostics) {}

  Result<LinearProgram> Parse(std::string_view text) {
    // Room for the name maps up front (rehashing was a tenth of the time on a 175,000-row file):
    // the lines between ROWS and COLUMNS bound the rows; the columns are fewer than the lines after
    // COLUMNS.
    const std::size_t rows_at = text.find("\nROWS"), columns_at = text.find("\nCOLUMNS");
    if (rows_at != std::string_view::npos && columns_at != std::string_view::npos &&
        rows_at < columns_at) {
      const auto lines = [&](std::size_t from, std::size_t to) {
        return static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(from),
                                                   text.begin() + static_cast<std::ptrdiff_t>(to),
                                                   '\n'));
      };
      const std::size_t row_lines = lines(rows_at, columns_at);
      row_index_.reserve(row_lines);
      row_names_.reserve(row_lines);
      column_index_.reserve(std::min(lines(columns_at, text.size()), 4 * row_lines + 1024));
    }
    std::vector<Field> fields;
    std::size_t at = 0;
    while (at < text.size() && section_ != Section::kEnd && !diagnostics_.full()) {
      std::size_t end = text.find('\n', at);
      if (end == std::string_view::npos) end = text.size();
      const std::string_view line = text.substr(at, end - at);
      at = end + 1;
      ++line_;
      ParseLine(line, fields);
    }
    if (!diagnostics_.empty()) return Status::InvalidInput(std::move(diagnostics_));
    if (section_ != Section::kEnd) {
      Error(0, seen_columns_ ? "the file ends without ENDATA (truncated?)" : "no COLUMNS section",
            seen_columns_ ? "ENDATA as the last record"
                          : "an MPS file with ROWS and COLUMNS sections");
      return Status::InvalidInput(std::move(diagnostics_));
    }
    return Build();
  }

 private:
  void Error(std::int64_t column, std::string message, std::string expected = {}) {
    diagnostics_.Add(path_, line_, column, std::move(message), std::move(expected));
  }

  void ParseLine(std::string_view line, std::vector<Field>& fields) {
    if (line.empty() || line[0] == '*') return;  // comments may hold any text
    // MPS is ASCII text: a control or high byte means a binary or mis-encoded file.
    for (std::size_t k = 0; k < line.size(); ++k) {
      const auto byte = static_cast<unsigned char>(line[k]);
      if ((byte < 0x20 && byte != '\t' && byte != '\r') || byte >= 0x7f) {
        Error(static_cast<std::int64_t>(k) + 1,
              byte == 0 ? "NUL byte (binary file?)" : "control or non-ASCII byte",
              "a plain-text (ASCII) MPS file");
        return;
      }
    }
    SplitFields(line, fields);
    if (fields.empty()) return;
    if (line[0] != ' ' && line[0] != '\t') {
      StartSection(fields);
      return;
    }
    switch (section_) {
      case Section::kNone:
        Error(fields[0].column, "a data record before any section",
              "NAME, then ROWS, COLUMNS, ... sections");
        break;
      case Section::kName:
        Error(fields[0].column, "a data record in the NAME section", "ROWS after NAME");
        break;
      case Section::kObjSense:
        SetSense(fields[0], fields.size() > 1 ? &fields[1] : nullptr);
        break;
      case Section::kObjName:
        if (fields.size() != 1)
          Error(fields[0].column, "OBJNAME record has " + std::to_string(fields.size()) + " fields",
                "the objective row's name");
        objective_name_ = std::string(fields[0].text);
        section_ = Section::kName;  // one record
        break;
      case Section::kRows:
        ParseRow(fields);
        break;
      case Section::kColumns:
        ParseColumn(fields);
        break;
      case Section::kRhs:
        ParseRhsOrRange(fields, /*range=*/false);
        break;
      case Section::kRanges:
        ParseRhsOrRange(fields, /*range=*/true);
        break;
      case Section::kBounds:
        ParseBound(fields);
        break;
      case Section::kEnd:
        break;
    }
  }

  void StartSection(const std::vector<Field>& fields) {
    if (section_ == Section::kObjSense || section_ == Section::kObjName) {
      Error(1,
            std::string(section_ == Section::kObjSense ? "OBJSENSE without a sense"
                                                       : "OBJNAME without a name") +
                " before this section",
            section_ == Section::kObjSense
                ? "MAX or MIN on the OBJSENSE line or the next, indented"
                : "the objective row's name on the OBJNAME line or the next");
    }
    const std::string keyword = Upper(fields[0].text);
    struct Known {
      const char* name;
      Section section;
      int rank;
    };
    // rank: the order sections must come in (RHS, RANGES and BOUNDS may come in any order after
    // COLUMNS).
    static const Known kKnown[] = {
        {"NAME", Section::kName, 0},       {"OBJSENSE", Section::kObjSense, 1},
        {"OBJNAME", Section::kObjName, 1}, {"ROWS", Section::kRows, 2},
        {"COLUMNS", Section::kColumns, 3}, {"RHS", Section::kRhs, 4},
        {"RANGES", Section::kRanges, 4},   {"BOUNDS", Section::kBounds, 4},
        {"ENDATA", Section::kEnd, 5}};
    const Known* known = nullptr;
    for (const Known& k : kKnown) {
      if (keyword == k.name) known = &k;
    }
    if (known == nullptr) {
      if (keyword == "SOS" || keyword == "QUADOBJ" || keyword == "QMATRIX" ||
          keyword == "QSECTION" || keyword == "QCMATRIX" || keyword == "CSECTION" ||
          keyword == "INDICATORS" || keyword == "GENERAL") {
        Error(1, "section " + keyword + " (a quadratic, conic or integer model)",
              "a linear program: gosplan lp solves LPs only");
      } else {
        Error(1,
              "unknown section " + Quoted(fields[0].text) +
                  " (or a data record that does not start with a blank)",
              "one of NAME OBJSENSE OBJNAME ROWS COLUMNS RHS RANGES BOUNDS ENDATA, data records "
              "indented");
      }
      section_ = Section::kEnd;  // nothing after an unknown section can be read reliably
      return;
    }
    if (seen_[static_cast<int>(known->section)]) {
      Error(1, "section " + keyword + " appears twice", "each section once");
      section_ = Section::kEnd;
      return;
    }
    if (known->rank < rank_) {
      Error(1, "section " + keyword + " is out of order",
            "the order NAME [OBJSENSE] [OBJNAME] ROWS COLUMNS [RHS] [RANGES] [BOUNDS] ENDATA");
      section_ = Section::kEnd;
      return;
    }
    if (known->section == Section::kColumns && !seen_[static_cast<int>(Section::kRows)]) {
      Error(1, "COLUMNS before ROWS", "ROWS, then COLUMNS");
    }
    if (known->rank >= 4 && known->section != Section::kEnd && !seen_columns_) {
      Error(1, "section " + keyword + " before COLUMNS", "COLUMNS, then RHS, RANGES, BOUNDS");
    }
    if (known->section == Section::kEnd && !seen_columns_) {
      Error(1, "ENDATA before any COLUMNS section", "ROWS and COLUMNS sections");
    }
    seen_[static_cast<int>(known->section)] = true;
    rank_ = known->rank;
    section_ = known->section;
    if (section_ == Section::kColumns) seen_columns_ = true;
    if (section_ == Section::kRows) objective_row_ = -1;
    if (section_ == Section::kColumns && objective_row_ < 0) {
      if (objective_name_.empty()) {
        Error(1, "the ROWS section has no N (objective) row", "an N row, e.g. ' N  COST'");
      } else {
        Error(1, "OBJNAME names " + Quoted(objective_name_) + ", which is not an N row of ROWS",
              "the name of an N row");
      }
    }
    // OBJSENSE and OBJNAME may carry their value on the header line (free MPS).
    if (section_ == Section::kObjSense && fields.size() > 1)
      SetSense(fields[1], fields.size() > 2 ? &fields[2] : nullptr);
    if (section_ == Section::kObjName && fields.size() > 1) {
      objective_name_ = std::string(fields[1].text);
      section_ = Section::kName;
    }
  }

  void SetSense(const Field& field, const Field* extra) {
    if (extra != nullptr) {
      Error(extra->column, "unexpected " + Quoted(extra->text) + " after the objective sense",
            "MAX or MIN alone");
      return;
    }
    const std::string sense = Upper(field.text);
    if (sense == "MAX" || sense == "MAXIMIZE" || sense == "MAXIMISE") {
      maximize_ = true;
    } else if (sense == "MIN" || sense == "MINIMIZE" || sense == "MINIMISE") {
      maximize_ = false;
    } else {
      Error(field.column, "objective sense " + Quoted(field.text),
            "MAX, MAXIMIZE, MIN or MINIMIZE");
    }
    section_ = Section::kName;  // one record; the next section follows
  }

  void ParseRow(const std::vector<Field>& fields) {
    if (fields.size() != 2) {
      Error(fields[0].column, "ROWS record has " + std::to_string(fields.size()) + " fields",
            "type name (e.g. ' L  LIM1')");
      return;
    }
    const std::string_view given = fields[0].text;
    const char letter = given.size() == 1
                            ? static_cast<char>(std::toupper(static_cast<unsigned char>(given[0])))
                            : '?';
    const std::string type(1, letter);
    if (letter != 'N' && letter != 'L' && letter != 'G' && letter != 'E') {
      Error(fields[0].column, "row type " + Quoted(fields[0].text), "N, L, G or E");
      return;
    }
    const std::string name(fields[1].text);
    if (row_index_.count(name)) {
      Error(fields[1].column, "row " + Quoted(name) + " is declared twice", "each row name once");
      return;
    }
    const bool objective =
        type == "N" && (objective_name_.empty() ? objective_row_ < 0 : name == objective_name_);
    if (type == "N" && !objective) {
      // A second N row is a free row that constrains nothing: its entries are read and dropped.
      row_index_.emplace(name, kDroppedRow);
      return;
    }
    if (objective) {
      objective_row_ = 0;  // marker: found
      row_index_.emplace(name, kObjectiveRow);
      return;
    }
    row_index_.emplace(name, static_cast<Index>(row_names_.size()));
    row_names_.push_back(name);
    row_type_.push_back(type[0]);
  }

  // A number field; nullopt after reporting when it is not one. `bound`: ±inf/±1e30 and beyond mean
  // "no bound"; otherwise the magnitude must stay within the solvers' range.
  // `describe` names the number in messages; it is called only when there is one to write (building
  // the text for every coefficient would cost more than parsing it).
  template <typename Describe>
  std::optional<double> Number(const Field& field, const Describe& describe, bool bound) {
    std::string_view text = field.text;
    bool negative = false;
    std::string_view digits = text;
    if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
      negative = digits[0] == '-';
      digits.remove_prefix(1);
    }
    // Words (inf, infinity, nan) start with a letter; digits and '.' never do.
    const bool word_like = !digits.empty() && std::isalpha(static_cast<unsigned char>(digits[0]));
    const std::string word = word_like ? Upper(digits) : std::string();
    if (bound && (word == "INF" || word == "INFINITY")) return negative ? -kUnbounded : kUnbounded;
    double value = 0.0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    const bool parsed = error == std::errc() && end == digits.data() + digits.size() &&
                        !digits.empty() && !word_like && std::isfinite(value);
    if (!parsed) {
      const std::string what = describe();
      if (error == std::errc::result_out_of_range) {
        // from_chars leaves the value unset: strtod tells overflow (±HUGE_VAL) from underflow (≈
        // 0).
        const double rounded = std::strtod(std::string(digits).c_str(), nullptr);
        if (!std::isinf(rounded))
          return negative ? -rounded : rounded;  // below the smallest double
        if (bound) return negative ? -kUnbounded : kUnbounded;
        Error(field.column, what + " " + std::string(text) + " is beyond the range of a double",
              "a finite number of magnitude at most 1e20");
      } else {
        Error(field.column, what + " " + Quoted(text) + " is not a number",
              "a decimal number such as 4, -2.5 or 1e-3");
      }
      return std::nullopt;
    }
    if (negative) value = -value;
    if (bound && std::fabs(value) >= kMpsInfinity) return value > 0 ? kUnbounded : -kUnbounded;
    if (std::fabs(value) > kMaxMagnitude) {
      Error(field.column, describe() + " " + std::string(text) + " is beyond the solvers' range",
            bound ? "a magnitude of at most 1e20, or 1e30 / inf for no bound"
                  : "a magnitude of at most 1e20");
      return std::nullopt;
    }
    return value;
  }

  // Index of a declared row; reports an unknown one.
  std::optional<Index> Row(const Field& field) {
    const auto found = row_index_.find(field.text);
    if (found == row_index_.end()) {
      Error(field.column, "row " + Quoted(field.text) + " is not declared in ROWS",
            "a row name from the ROWS section");
      return std::nullopt;
    }
    return found->second;
  }

  void ParseColumn(const std::vector<Field>& fields) {
    if (fields.size() == 3 && Upper(fields[1].text) == "'MARKER'") {
      const std::string kind = Upper(fields[2].text);
      if (kind == "'INTORG'") {
        Error(fields[0].column,
              "integer columns (MARKER 'INTORG'): this is a mixed-integer program",
              "a linear program (gosplan lp solves LPs; remove the markers to solve the LP "
              "relaxation)");
      } else if (kind != "'INTEND'") {
        Error(fields[2].column, "marker " + Quoted(fields[2].text), "'INTORG' or 'INTEND'");
      }
      return;
    }
    if (fields.size() != 3 && fields.size() != 5) {
      Error(fields[0].column, "COLUMNS record has " + std::to_string(fields.size()) + " fields",
            "column row value [row value] (3 or 5 fields)");
      return;
    }
    const std::string_view name = fields[0].text;
    Index column;
    if (name == last_column_name_) {
      column = last_column_;
    } else {
      const auto [found, inserted] =
          column_index_.try_emplace(std::string(name), static_cast<Index>(column_names_.size()));
      if (!inserted) {
        Error(fields[0].column, "column " + Quoted(name) + " appears again after other columns",
              "all entries of a column together");
        return;
      }
      column = found->second;
      column_names_.emplace_back(name);
      objective_.push_back(0.0);
      last_column_name_ = std::string(name);
      last_column_ = column;
    }
    for (std::size_t k = 1; k + 1 < fields.size(); k += 2) {
      const auto row = Row(fields[k]);
      const auto value = Number(
          fields[k + 1],
          [&] { return "coefficient of " + Quoted(name) + " in row " + Quoted(fields[k].text); },
          false);
      if (!row || !value) continue;
      if (*row == kObjectiveRow) {
        objective_[static_cast<std::size_t>(column)] += *value;
      } else if (*row != kDroppedRow && *value != 0.0) {
        entries_.push_back({column, *row, *value});
      }
    }
  }

  // RHS and RANGES records: [set] row value [row value]. An even field count has no set name (free
  // MPS).
  void ParseRhsOrRange(const std::vector<Field>& fields, bool range) {
    const char* section = range ? "RANGES" : "RHS";
    if (fields.size() < 2 || fields.size() > 5) {
      Error(fields[0].column,
            std::string(section) + " record has " + std::to_string(fields.size()) + " fields",
            "[set] row value [row value]");
      return;
    }
    std::size_t first = fields.size() % 2 == 1 ? 1 : 0;
    if (first == 1) {
      std::string& set = range ? range_set_ : rhs_set_;
      if (set.empty()) set = std::string(fields[0].text);
      if (fields[0].text != set) return;  // a later set: not used
    }
    for (std::size_t k = first; k + 1 < fields.size(); k += 2) {
      const auto row = Row(fields[k]);
      const auto value = Number(
          fields[k + 1],
          [&] {
            return std::string(range ? "range" : "right-hand side") + " of row " +
                   Quoted(fields[k].text);
          },
          /*bound=*/true);
      if (!row || !value) continue;
      if (*row == kDroppedRow) continue;
      if (*row == kObjectiveRow) {
        if (range) continue;  // a range on the objective means nothing
        if (!std::isfinite(*value)) {
          Error(fields[k + 1].column, "objective constant " + std::string(fields[k + 1].text),
                "a finite number");
          continue;
        }
        objective_rhs_ = *value;
        continue;
      }
      auto& target = range ? ranges_ : rhs_;
      if (target.empty()) target.assign(row_names_.size(), std::nullopt);
      if (range && !std::isfinite(*value)) {
        Error(fields[k + 1].column, "range of row " + Quoted(fields[k].text) + " is infinite",
              "a finite range");
        continue;
      }
      target[static_cast<std::size_t>(*row)] = *value;
    }
  }

  void ParseBound(const std::vector<Field>& fields) {
    const std::string type = Upper(fields[0].text);
    const bool takes_value = type == "UP" || type == "LO" || type == "FX";
    const bool takes_none = type == "FR" || type == "MI" || type == "PL";
    if (type == "BV" || type == "LI" || type == "UI" || type == "SC" || type == "SI") {
      Error(fields[0].column, "bound type " + type + " makes an integer or semi-continuous column",
            "a linear program: UP, LO, FX, FR, MI or PL bounds");
      return;
    }
    if (!takes_value && !takes_none) {
      Error(fields[0].column, "bound type " + Quoted(fields[0].text), "UP, LO, FX, FR, MI or PL");
      return;
    }
    // With a value: type [set] column value (3 or 4 fields); without: type [set] column (2 or 3; a
    // value after FR/MI/PL, as some writers add, is ignored).
    std::size_t column_field;
    if (takes_value) {
      if (fields.size() != 3 && fields.size() != 4) {
        Error(fields[0].column,
              type + " bound record has " + std::to_string(fields.size()) + " fields",
              "type [set] column value");
        return;
      }
      column_field = fields.size() - 2;
    } else {
      if (fields.size() < 2 || fields.size() > 4) {
        Error(fields[0].column,
              type + " bound record has " + std::to_string(fields.size()) + " fields",
              "type [set] column");
        return;
      }
      column_field = fields.size() == 2 ? 1 : 2;
      if (fields.size() == 3 && !column_index_.contains(fields[2].text) &&
          column_index_.contains(fields[1].text)) {
        column_field = 1;  // type column value
      }
    }
    if (column_field == 2) {
      if (bound_set_.empty()) bound_set_ = std::string(fields[1].text);
      if (fields[1].text != bound_set_) return;  // a later set: not used
    }
    const Field& name = fields[column_field];
    const auto found = column_index_.find(name.text);
    if (found == column_index_.end()) {
      Error(name.column, "bound on column " + Quoted(name.text) + ", which has no COLUMNS entry",
            "a column named in the COLUMNS section");
      return;
    }
    const auto j = static_cast<std::size_t>(found->second);
    if (lower_.empty()) {
      lower_.assign(column_names_.size(), 0.0);
      upper_.assign(column_names_.size(), kUnbounded);
      lower_given_.assign(column_names_.size(), false);
    }
    if (takes_none) {
      if (type == "FR") {
        lower_[j] = -kUnbounded;
        upper_[j] = kUnbounded;
      }
      if (type == "MI") lower_[j] = -kUnbounded;
      if (type == "PL") upper_[j] = kUnbounded;
      lower_given_[j] = true;
      return;
    }
    const auto value = Number(
        fields[column_field + 1], [&] { return type + " bound of column " + Quoted(name.text); },
        /*bound=*/true);
    if (!value) return;
    if (type == "UP") {
      upper_[j] = *value;
      if (*value < 0.0 && !lower_given_[j]) lower_[j] = -kUnbounded;
    } else if (type == "LO") {
      lower_[j] = *value;
      lower_given_[j] = true;
    } else {  // FX
      if (!std::isfinite(*value)) {
        Error(fields[column_field + 1].column,
              "FX bound of column " + Quoted(name.text) + " is infinite", "a finite value");
        return;
      }
      lower_[j] = upper_[j] = *value;
      lower_given_[j] = true;
    }
  }

  Result<LinearProgram> Build() {
    LinearProgram lp;
    lp.num_rows = static_cast<Index>(row_names_.size());
    lp.num_columns = static_cast<Index>(column_names_.size());
    if (lp.num_columns == 0) {
      diagnostics_.Add(path_, 0, 0, "the COLUMNS section has no column", "at least one column");
      return Status::InvalidInput(std::move(diagnostics_));
    }
    lp.maximize = maximize_;
    lp.objective = std::move(objective_);
    lp.objective_offset =
        objective_rhs_ == 0.0 ? 0.0 : -objective_rhs_;  // RHS of the objective is −constant
    if (lower_.empty()) {
      lp.column_lower.assign(column_names_.size(), 0.0);
      lp.column_upper.assign(column_names_.size(), kUnbounded);
    } else {
      lp.column_lower = std::move(lower_);
      lp.column_upper = std::move(upper_);
    }
    for (std::size_t j = 0; j < column_names_.size(); ++j) {
      if (lp.column_lower[j] > lp.column_upper[j]) {
        diagnostics_.Add(path_, 0, 0,
                         "column " + Quoted(column_names_[j]) + " has lower bound " +
                             Shown(lp.column_lower[j]) + " above its upper bound " +
                             Shown(lp.column_upper[j]),
                         "lower <= upper (the LP would be infeasible by its bounds alone)");
      }
    }
    lp.row_lower.resize(row_names_.size());
    lp.row_upper.resize(row_names_.size());
    for (std::size_t i = 0; i < row_names_.size(); ++i) {
      const double rhs = rhs_.empty() || !rhs_[i] ? 0.0 : *rhs_[i];
      const std::optional<double> range = ranges_.empty() ? std::nullopt : ranges_[i];
      double lower = -kUnbounded, upper = kUnbounded;
      switch (row_type_[i]) {
        case 'L':
          upper = rhs;
          if (range) lower = rhs - std::fabs(*range);
          break;
        case 'G':
          lower = rhs;
          if (range) upper = rhs + std::fabs(*range);
          break;
        default:  // 'E'
          lower = upper = rhs;
          if (range && *range > 0) upper = rhs + *range;
          if (range && *range < 0) lower = rhs + *range;
          break;
      }
      if (!std::isfinite(rhs) && row_type_[i] == 'E') {
        diagnostics_.Add(
            path_, 0, 0,
            "equality row " + Quoted(row_names_[i]) + " has an infinite right-hand side",
            "a finite right-hand side");
      }
      lp.row_lower[i] = lower;
      lp.row_upper[i] = upper;
    }
    if (!diagnostics_.empty()) return Status::InvalidInput(std::move(diagnostics_));
    // Compressed columns: sort rows within a column and add up repeated (column, row) entries (the
    // matrix holds their sum).
    std::stable_sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
      return a.column != b.column ? a.column < b.column : a.row < b.row;
    });
    lp.column_starts.assign(column_names_.size() + 1, 0);
    std::size_t k = 0;
    for (std::size_t j = 0; j < column_names_.size(); ++j) {
      const std::size_t start = lp.row_indices.size();
      for (; k < entries_.size() && entries_[k].column == static_cast<Index>(j); ++k) {
        if (lp.row_indices.size() > start && lp.row_indices.back() == entries_[k].row) {
          lp.values.back() += entries_[k].value;
        } else {
          lp.row_indices.push_back(entries_[k].row);
          lp.values.push_back(entries_[k].value);
        }
      }
      lp.column_starts[j + 1] = static_cast<Index>(lp.row_indices.size());
    }
    lp.row_names = std::move(row_names_);
    lp.column_names = std::move(column_names_);
    return lp;
  }

  static std::string Shown(double value) {
    if (value == kUnbounded) return "+inf";
    if (value == -kUnbounded) return "-inf";
    char text[32];
    std::snprintf(text, sizeof(text), "%g", value);
    return text;
  }

  static constexpr Index kObjectiveRow = -1;
  static constexpr Index kDroppedRow = -2;
  struct Entry {
    Index column;
    Index row;
    double value;
  };

  std::string path_;
  Diagnostics diagnostics_;
  std::int64_t line_ = 0;
  Section section_ = Section::kNone;
  int rank_ = -1;
  bool seen_[static_cast<int>(Section::kEnd) + 1] = {};
  bool seen_columns_ = false;
  bool maximize_ = false;
  std::string objective_name_;  // from OBJNAME, empty: the first N row
  Index objective_row_ = -1;    // ≥ 0 once the objective row is known
  double objective_rhs_ = 0.0;
  NameMap row_index_;  // name → row, or kObjectiveRow / kDroppedRow
  std::vector<std::string> row_names_;
  std::vector<char> row_type_;
  NameMap column_index_;
  std::vector<std::string> column_names_;
  std::string last_column_name_;
  Index last_column_ = -1;
  std::vector<double> objective_;
  std::vector<Entry> entries_;
  std::string rhs_set_, range_set_, bound_set_;
  std::vector<std::optional<double>> rhs_, ranges_;
  std::vector<double> lower_, upper_;
  std::vector<bool> lower_given_;
};

}  // namespace

Result<LinearProgram> ReadMpsText(std::string_view text, const std::string& source) {
  MpsParser parser(source, 100);
  return parser.Parse(text);
}

Result<LinearProgram> ReadMps(const std::string& path) {
  std::string text;
  std::string source = path;
  if (path == "-") {
    source = util::kStandardInputName;
    auto input = util::ReadStandardInput(kMaxMpsFileBytes, "an MPS file");
    if (!input.ok()) return input.status();
    text = std::move(input.value());
  } else {
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (error || !std::filesystem::exists(status)) {
      return Status::InvalidInput(path, 0, 0, "file not found", "an MPS file");
    }
    // A folder, a FIFO or a device would hang or fail obscurely.
    if (!std::filesystem::is_regular_file(status)) {
      return Status::InvalidInput(path, 0, 0, "is not a regular file", "an MPS file");
    }
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    if (error || size > kMaxMpsFileBytes) {
      return Status::InvalidInput(
          path, 0, 0, "file is too large: " + std::to_string(size) + " bytes",
          "an MPS file of at most " + std::to_string(kMaxMpsFileBytes) + " bytes");
    }
    text.assign(static_cast<std::size_t>(size), '\0');
    std::ifstream stream(path, std::ios::binary);
    if (!stream.read(text.data(), static_cast<std::streamsize>(size))) {
      return Status::InvalidInput(path, 0, 0, "cannot be read", "a readable MPS file");
    }
  }
  // gzip is recognised by its magic bytes, whatever the file is called (and from standard input).
  if (IsGzip(text)) {
    auto inflated = Gunzip(text, source);
    if (!inflated.ok()) return inflated.status();
    text = std::move(inflated.value());
  } else if (text.size() >= 3 && text.compare(0, 3, "BZh") == 0) {
    return Status::InvalidInput(source, 1, 1, "file is compressed with bzip2",
                                "a plain-text or gzip-compressed MPS file (decompress it first)");
  }
  return ReadMpsText(text, source);
}

}  // namespace gosplan
