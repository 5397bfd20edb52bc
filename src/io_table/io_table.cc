// IO table loading and checking (see include/gosplan/io_table.h).
#include "gosplan/io_table.h"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "io_table/io_csv.h"
#include "util/csv.h"

namespace gosplan {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

std::string Quoted(std::string_view name) { return "'" + std::string(name) + "'"; }
// Numbers in messages: short but exact enough to recognise the cell.
std::string fmt_number(double value) { return fmt::format("{:.10g}", value); }

// One data row of the file as read: its label and every other cell as a number (NaN when empty or
// bad).
struct RawRow {
  std::int64_t line = 0;
  std::string label;
  std::vector<double> values;  // header.size() − 1 cells
  std::vector<bool> empty;     // cell text was empty
  long finest_exponent =
      std::numeric_limits<long>::max();  // of its most precise number (LastDigitExponent)
};

// Checks shared by the file loader and MakeIoTable, and the coefficient computation.
// `line_of_sector[j]`/`line_of_primary[r]` give diagnostics' lines (0 when unknown);
// `column_of_sector[j]` the 1-based CSV column of sector j's flows and primary values (0 when
// unknown).
struct Locator {
  std::string file;
  std::vector<std::int64_t> sector_line;
  std::vector<std::int64_t> primary_line;
  std::int64_t total_output_column = 0;  // 1-based, 0 when the table had none
  std::int64_t Line(const std::vector<std::int64_t>& lines, Index k) const {
    return k < static_cast<Index>(lines.size()) ? lines[static_cast<std::size_t>(k)] : 0;
  }
  std::int64_t Column(Index sector) const { return sector + 2; }  // label column is 1
};

// Fills table.coefficients and table.primary_coefficients from flows, total output and primary
// inputs, reporting sectors with zero/negative output but non-zero inputs.
void ComputeCoefficients(IoTable& table, const Locator& where, Diagnostics& diagnostics) {
  const Index n = table.size();
  const Index m = static_cast<Index>(table.primary_names.size());
  std::vector<bool> column_has_input(static_cast<std::size_t>(n), false);
  for (Index j = 0; j < n; ++j) {
    for (SparseMatrix::InnerIterator it(table.flows, j); it; ++it) {
      if (it.value() != 0.0) column_has_input[static_cast<std::size_t>(j)] = true;
    }
    for (Index r = 0; r < m; ++r) {
      if (table.primary_inputs(r, j) != 0.0) column_has_input[static_cast<std::size_t>(j)] = true;
    }
  }
  for (Index j = 0; j < n; ++j) {
    const double x = table.total_output(j);
    const std::string& name = table.sectors[static_cast<std::size_t>(j)];
    if (x < 0.0) {
      diagnostics.Add(
          where.file, where.Line(where.sector_line, j), where.total_output_column,
          "total output of sector " + Quoted(name) + " is negative (" + fmt_number(x) + ")",
          "a total output >= 0");
    } else if (x == 0.0 && column_has_input[static_cast<std::size_t>(j)]) {
      diagnostics.Add(where.file, where.Line(where.sector_line, j), where.total_output_column,
                      "sector " + Quoted(name) + " has zero total output but uses inputs",
                      "a positive total output for a sector with inputs");
    }
  }
  if (!diagnostics.empty()) return;
  // A has Z's pattern: copy Z and divide each column by its x (no triplets: a dense table's Z and A
  // are 10^8 entries each). Stored zeros in Z, or entries in a column with x = 0, would differ from
  // "the non-zero Z[i,j] / x[j]": then the general route.
  bool same_pattern = table.flows.isCompressed();
  for (Index j = 0; j < n && same_pattern; ++j) {
    const bool no_output = table.total_output(j) == 0.0;
    for (SparseMatrix::InnerIterator it(table.flows, j); it; ++it) {
      if (it.value() == 0.0 || no_output) {
        same_pattern = false;
        break;
      }
    }
  }
  if (same_pattern) {
    table.coefficients = table.flows;
    for (Index j = 0; j < n; ++j) {
      const double x = table.total_output(j);
      for (SparseMatrix::InnerIterator it(table.coefficients, j); it; ++it) it.valueRef() /= x;
    }
  } else {
    std::vector<Eigen::Triplet<double, Index>> triplets;
    triplets.reserve(static_cast<std::size_t>(table.flows.nonZeros()));
    for (Index j = 0; j < n; ++j) {
      const double x = table.total_output(j);
      if (x == 0.0) continue;
      for (SparseMatrix::InnerIterator it(table.flows, j); it; ++it) {
        if (it.value() != 0.0) triplets.emplace_back(it.row(), j, it.value() / x);
      }
    }
    table.coefficients.resize(n, n);
    table.coefficients.setFromTriplets(triplets.begin(), triplets.end());
    table.coefficients.makeCompressed();
  }
  table.primary_coefficients.setZero(m, n);
  for (Index j = 0; j < n; ++j) {
    const double x = table.total_output(j);
    if (x == 0.0) continue;
    for (Index r = 0; r < m; ++r) table.primary_coefficients(r, j) = table.primary_inputs(r, j) / x;
  }
}

void CheckNamesUnique(const std::vector<std::string>& names, const std::string& what,
                      const std::string& file, Diagnostics& diagnostics) {
  std::unordered_set<std::string> seen;
  for (const std::string& name : names) {
    if (name.empty()) diagnostics.Add(file, 0, 0, "empty " + what + " name", "a name");
    if (!seen.insert(name).second) {
      diagnostics.Add(file, 0, 0, "duplicate " + what + " " + Quoted(name),
                      "each " + what + " once");
    }
  }
}

}  // namespace

IoTable::IoTable(IoTable&& other) noexcept { *this = std::move(other); }

IoTable& IoTable::operator=(IoTable&& other) noexcept {
  if (this == &other) return *this;
  source = std::move(other.source);
  sectors = std::move(other.sectors);
  final_demand_names = std::move(other.final_demand_names);
  final_demand = std::move(other.final_demand);
  flows = SparseMatrix();
  flows.swap(other.flows);
  total_output = std::move(other.total_output);
  primary_inputs = std::move(other.primary_inputs);
  primary_names = std::move(other.primary_names);
  coefficients = SparseMatrix();
  coefficients.swap(other.coefficients);
  primary_coefficients = std::move(other.primary_coefficients);
  warnings = std::move(other.warnings);
  return *this;
}

Eigen::VectorXd IoTable::TotalFinalDemand() const {
  if (final_demand.cols() == 0) return Eigen::VectorXd::Zero(size());
  return final_demand.rowwise().sum();
}

Index IoTable::FindSector(const std::string& name) const {
  for (std::size_t k = 0; k < sectors.size(); ++k) {
    if (sectors[k] == name) return static_cast<Index>(k);
  }
  return -1;
}

Index IoTable::FindPrimary(const std::string& name) const {
  for (std::size_t k = 0; k < primary_names.size(); ++k) {
    if (primary_names[k] == name) return static_cast<Index>(k);
  }
  return -1;
}

namespace {

// Relative difference below which a total output simply balances: summing the printed decimal
// numbers in binary floating point errs by about 1e-16 per cell, far below this.
constexpr double kExactBalance = 1e-9;

// The unit of the last printed digit of a number's text, as a power of ten: 0 for "435953" (unit
// 1), −2 for "12.50" (0.01), 3 for "7e3", −301 for "1.5e-300". A printed number that was rounded to
// nearest is within half this unit of the value it stands for. (An exponent, not the unit, so that
// no pow() runs per cell.)
long LastDigitExponent(std::string_view text) {
  long decimals = 0;
  bool after_point = false;
  for (std::size_t k = 0; k < text.size(); ++k) {
    const char c = text[k];
    if (c == '.') {
      after_point = true;
    } else if (c >= '0' && c <= '9') {
      if (after_point) ++decimals;
    } else if (c == 'e' || c == 'E') {
      long exponent = 0;
      bool negative = false;
      for (std::size_t j = k + 1; j < text.size(); ++j) {
        if (text[j] == '-') negative = true;
        if (text[j] >= '0' && text[j] <= '9' && exponent < 100000)
          exponent = exponent * 10 + (text[j] - '0');
      }
      return (negative ? -exponent : exponent) - decimals;
    }
  }
  return -decimals;
}

// Whether a row holds a number in every column from CSV column `first` (1-based) to the last one,
// total_output included: the shape of a sector row when the sector block ends before `first`. A
// primary row usually leaves its cells under the final-demand columns and total_output empty.
bool FilledFrom(const RawRow& raw, int first) {
  for (std::size_t cell = static_cast<std::size_t>(first - 1); cell < raw.empty.size(); ++cell) {
    if (raw.empty[cell]) return false;
  }
  return true;
}

// Names of an explicit layout list (--final-demand-columns / --primary-rows), checked: each once,
// not empty.
void CheckListedNames(const std::vector<std::string>& names, const std::string& what,
                      const std::string& path, Diagnostics& diagnostics) {
  std::unordered_set<std::string> seen;
  for (const std::string& name : names) {
    if (name.empty())
      diagnostics.Add(path, 0, 0, "an empty name among the " + what, "names of the table");
    if (!seen.insert(name).second) {
      diagnostics.Add(path, 0, 0, Quoted(name) + " is given twice among the " + what,
                      "each name once");
    }
  }
}

// Finds the number n of sectors: header columns 1..n and rows 0..n−1 (the sector block), which must
// pair up by label, in order. `last_value_column` is the last CSV column (1-based) before
// total_output. Returns 0 after adding diagnostics when the layout is wrong. The rule is stated in
// io_table.h.
int FindSectorBlock(const std::string& path, const std::vector<std::string>& header,
                    std::int64_t header_line, int last_value_column,
                    const std::vector<RawRow>& rows, const IoTableOptions& options,
                    Diagnostics& diagnostics) {
  const int value_columns = last_value_column;  // header columns 1..last_value_column
  const int row_count = static_cast<int>(rows.size());
  const std::size_t before = diagnostics.total();
  auto name = [&](int column) -> const std::string& {
    return header[static_cast<std::size_t>(column)];
  };
  auto mismatch = [&](int k, const std::string& expected) {
    const RawRow& raw = rows[static_cast<std::size_t>(k)];
    diagnostics.Add(path, raw.line, 1,
                    "sector row " + std::to_string(k + 1) + " is labelled " + Quoted(raw.label) +
                        " but sector column " + std::to_string(k + 1) + " is " +
                        Quoted(name(k + 1)),
                    expected);
  };
  if (value_columns == 0) {
    diagnostics.Add(path, header_line, 2, "the header has no sector columns",
                    "a label cell, then the sector names");
    return 0;
  }
  // Header names and row labels by position (the CSV reader has made header names unique).
  std::unordered_map<std::string, int> column_of;
  for (int c = 1; c <= value_columns; ++c) column_of.emplace(name(c), c);
  std::unordered_set<std::string> row_labels;
  for (const RawRow& raw : rows) row_labels.insert(raw.label);

  if (options.final_demand_columns || options.primary_rows) {
    // Explicit layout: the sector block is what the lists leave; it must pair up one to one by
    // label.
    int sector_columns = value_columns;
    int sector_rows = row_count;
    if (options.final_demand_columns) {
      const std::vector<std::string>& listed = *options.final_demand_columns;
      CheckListedNames(listed, "final-demand columns given (--final-demand-columns)", path,
                       diagnostics);
      std::unordered_set<std::string> final_names(listed.begin(), listed.end());
      for (const std::string& wanted :
           listed) {  // in the user's order; repeats were reported above
        if (!column_of.count(wanted) && !wanted.empty() && final_names.erase(wanted) > 0) {
          diagnostics.Add(path, header_line, 0,
                          "final-demand column " + Quoted(wanted) +
                              " (--final-demand-columns) is not in the header",
                          "a header column before total_output");
        }
      }
      int final_count = 0;
      for (int c = 1; c <= value_columns; ++c) final_count += final_names.count(name(c)) ? 1 : 0;
      sector_columns = value_columns - final_count;
      // The final-demand columns follow the sector columns.
      for (int c = 1; c <= sector_columns; ++c) {
        if (!final_names.count(name(c))) continue;
        int later = sector_columns + 1;  // a column that is not listed, after the listed one
        while (final_names.count(name(later))) ++later;
        diagnostics.Add(path, header_line, c + 1,
                        "final-demand column " + Quoted(name(c)) +
                            " stands among the sector columns (column " + Quoted(name(later)) +
                            " after it is not in --final-demand-columns)",
                        "the sector columns first, then the final-demand columns");
        break;
      }
    }
    if (options.primary_rows) {
      const std::vector<std::string>& listed = *options.primary_rows;
      CheckListedNames(listed, "primary rows given (--primary-rows)", path, diagnostics);
      std::unordered_set<std::string> primary_names(listed.begin(), listed.end());
      for (const std::string& wanted : listed) {
        if (!row_labels.count(wanted) && !wanted.empty() && primary_names.erase(wanted) > 0) {
          diagnostics.Add(path, 0, 0,
                          "primary row " + Quoted(wanted) + " (--primary-rows) labels no row",
                          "a row label of the table");
        }
      }
      int primary_count = 0;
      for (const RawRow& raw : rows) primary_count += primary_names.count(raw.label) ? 1 : 0;
      sector_rows = row_count - primary_count;
      for (int k = 0; k < sector_rows; ++k) {
        const RawRow& raw = rows[static_cast<std::size_t>(k)];
        if (!primary_names.count(raw.label)) continue;
        std::size_t later =
            static_cast<std::size_t>(sector_rows);  // a row not listed, after the listed one
        while (primary_names.count(rows[later].label)) ++later;
        diagnostics.Add(path, raw.line, 1,
                        "primary row " + Quoted(raw.label) + " stands among the sector rows (row " +
                            Quoted(rows[later].label) + " after it is not in --primary-rows)",
                        "the sector rows first, then the primary rows");
        break;
      }
    }
    if (diagnostics.total() > before) return 0;
    // Only one list given: the other side has as many sectors.
    if (!options.primary_rows) sector_rows = std::min(sector_columns, row_count);
    if (!options.final_demand_columns) sector_columns = std::min(sector_rows, value_columns);
    const int paired = std::min(sector_columns, sector_rows);
    for (int k = 0; k < paired; ++k) {
      if (name(k + 1) != rows[static_cast<std::size_t>(k)].label) {
        mismatch(k, "sector rows and sector columns with the same labels in the same order");
      }
    }
    for (int c = paired + 1; c <= sector_columns; ++c) {
      diagnostics.Add(path, header_line, c + 1, "sector column " + Quoted(name(c)) + " has no row",
                      "a row labelled " + Quoted(name(c)) + " as sector row " + std::to_string(c));
    }
    for (int k = paired; k < sector_rows; ++k) {
      const RawRow& raw = rows[static_cast<std::size_t>(k)];
      diagnostics.Add(
          path, raw.line, 1, "sector row " + Quoted(raw.label) + " has no column",
          "a header column " + Quoted(raw.label) + " as sector column " + std::to_string(k + 1));
    }
    if (paired == 0 && diagnostics.total() == before) {
      diagnostics.Add(path, header_line, 0,
                      "no sector is left after the final-demand columns and primary rows",
                      "at least one sector");
    }
    return diagnostics.total() > before ? 0 : paired;
  }

  // Inferred layout: the leading run of header columns whose labels equal the leading run of row
  // labels.
  int n = 0;
  while (n < value_columns && n < row_count &&
         name(n + 1) == rows[static_cast<std::size_t>(n)].label)
    ++n;
  auto later_column = [&](const std::string& label,
                          int after) {  // CSV column of a header name after `after`
    const auto found = column_of.find(label);
    return found != column_of.end() && found->second > after ? found->second : 0;
  };
  auto later_row = [&](const std::string& label, int after) {  // index of a row label after `after`
    for (int k = after + 1; k < row_count; ++k) {
      if (rows[static_cast<std::size_t>(k)].label == label) return k;
    }
    return -1;
  };
  if (n < value_columns && n < row_count) {
    // The first mismatch: the end of the sector block, or a sector row or column out of place. The
    // block ends only if the row there leaves its cell under the header's column empty, as a
    // primary row does under a final-demand column. A number there may be a flow to a sector (a
    // typo, a renamed or missing sector row) as well as a primary value under a final-demand
    // column: the labels decide nothing, so refuse, naming both.
    const RawRow& raw = rows[static_cast<std::size_t>(n)];
    if (!raw.empty[static_cast<std::size_t>(n)]) {
      const int column = later_column(raw.label, n + 1);
      const int row = later_row(name(n + 1), n);
      if (column > 0 || row >= 0) {
        mismatch(n, "the sector rows in the header's order (" +
                        (column > 0
                             ? Quoted(raw.label) + " is header column " + std::to_string(column + 1)
                             : Quoted(name(n + 1)) + " labels the row on line " +
                                   std::to_string(rows[static_cast<std::size_t>(row)].line)) +
                        ")");
      } else {
        mismatch(n, "a row labelled " + Quoted(name(n + 1)) + "; if " + Quoted(name(n + 1)) +
                        " is a final-demand column and " + Quoted(raw.label) +
                        " a primary row, leave the primary rows' cells under the final-demand "
                        "columns empty or "
                        "name them with --final-demand-columns / --primary-rows");
      }
      return 0;
    }
  }
  if (n == 0) {
    diagnostics.Add(path, header_line, 2,
                    "no sector block: the first header column after the label is " +
                        Quoted(name(1)) + " but the first row is " + Quoted(rows.front().label),
                    "sector columns and sector rows with the same labels in the same order");
    return 0;
  }
  // After the block: a row with a number in every later column whose label names a later header
  // column is a sector out of place (a final-demand column and a primary row may share a name,
  // `imports`, but then the primary row leaves its final-demand cells empty).
  for (int k = n; k < row_count; ++k) {
    const RawRow& raw = rows[static_cast<std::size_t>(k)];
    const int column = later_column(raw.label, n);
    if (column > 0 && FilledFrom(raw, n + 1)) {
      diagnostics.Add(path, raw.line, 1,
                      "row " + Quoted(raw.label) + " has a number in every column after the " +
                          std::to_string(n) + " sector columns and its label is header column " +
                          std::to_string(column + 1) +
                          ", after the sector block: a sector out of place",
                      "the sector rows in the header's order, directly under the header; a primary "
                      "row that shares "
                      "its name with a final-demand column leaves its final-demand cells empty, or "
                      "name it with "
                      "--primary-rows");
    }
  }
  return diagnostics.total() > before ? 0 : n;
}

// Z from the checked sector rows 0..n−1 (every flow cell a number ≥ 0), built column-major in
// place: count each column's non-zeros, then fill row by row (rows in order, so each column's row
// indices come sorted). Each row's cells are released once copied: the raw rows and Z are never
// both whole in memory, and no triplet list (24 bytes a flow) is formed.
SparseMatrix SectorFlows(std::vector<RawRow>& rows, int n) {
  std::vector<Index> start(static_cast<std::size_t>(n) + 1, 0);
  for (int i = 0; i < n; ++i) {
    const std::vector<double>& values = rows[static_cast<std::size_t>(i)].values;
    for (int j = 0; j < n; ++j) {
      if (values[static_cast<std::size_t>(j)] > 0.0) ++start[static_cast<std::size_t>(j) + 1];
    }
  }
  for (int j = 0; j < n; ++j)
    start[static_cast<std::size_t>(j) + 1] += start[static_cast<std::size_t>(j)];
  SparseMatrix flows(n, n);
  flows.resizeNonZeros(start.back());
  std::copy(start.begin(), start.end(), flows.outerIndexPtr());
  Index* const row_index = flows.innerIndexPtr();
  double* const value = flows.valuePtr();
  for (int i = 0; i < n; ++i) {
    std::vector<double>& values = rows[static_cast<std::size_t>(i)].values;
    for (int j = 0; j < n; ++j) {
      const double flow = values[static_cast<std::size_t>(j)];
      if (!(flow > 0.0)) continue;
      const Index at = start[static_cast<std::size_t>(j)]++;
      row_index[at] = i;
      value[at] = flow;
    }
    std::vector<double>().swap(values);
  }
  return flows;
}

}  // namespace

bool IoTableOptions::IsValid(std::string* error) const {
  auto fail = [&](std::string what) {
    if (error) *error = std::move(what);
    return false;
  };
  if (max_diagnostics < 1) return fail("max_diagnostics is 0; it must be ≥ 1");
  if (max_file_bytes < 1) return fail("max_file_bytes is 0; it must be ≥ 1");
  if (std::string inner; !csv.IsValid(&inner)) return fail("csv." + inner);
  if (!(balance_tolerance >= 0.0 && balance_tolerance < 1.0)) {
    return fail(fmt::format("balance_tolerance is {}; it must be in [0, 1)", balance_tolerance));
  }
  for (const auto* names : {&final_demand_columns, &primary_rows}) {
    if (!names->has_value()) continue;
    for (const std::string& name : **names) {
      if (name.empty()) {
        return fail(std::string(names == &primary_rows ? "primary_rows" : "final_demand_columns") +
                    " has an empty name; every listed name must be non-empty");
      }
    }
  }
  return true;
}

Result<IoTable> LoadIoTable(const std::string& given_path, const IoTableOptions& options) {
  if (Status invalid = ValidateOptions(options, "IoTableOptions"); !invalid.ok()) return invalid;
  auto opened = OpenIoCsv(given_path, options);
  if (!opened.ok()) return opened.status();
  // The file's text is released once every row is read (a dense table's text is as large as its
  // cells as numbers): names are copied out of it.
  std::optional<util::CsvFile> file(std::move(opened.value()));
  util::CsvFile& csv = *file;
  const std::string path = csv.path();  // "<stdin>" for "-"
  Diagnostics diagnostics(options.max_diagnostics);
  const std::vector<std::string> header = csv.header();
  const std::int64_t header_line = csv.header_line();
  const int columns = static_cast<int>(header.size());
  const int total_column = csv.Find("total_output");  // 0-based, −1 when absent
  if (total_column == 0) {
    diagnostics.Add(path, header_line, 1, "the first header cell is 'total_output'",
                    "a label cell, then sector names");
  } else if (total_column > 0 && total_column != columns - 1) {
    diagnostics.Add(path, header_line, total_column + 1, "'total_output' is not the last column",
                    "total_output after the final-demand columns");
  }
  const int last_value_column =
      total_column > 0 ? total_column - 1 : columns - 1;  // 0-based, inclusive
  // (The CSV reader refuses empty and repeated header names.)
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));

  // Read every row; each bad cell is reported once with its place. Rows go in batches: the CSV
  // reader splits them on one thread (their text copied out, since its views do not outlive the
  // next row), the OpenMP threads parse the batch's numbers (a dense table's rows are 10^4 cells),
  // then this thread reports, row by row in file order, what the reader said before the row
  // (ragged rows), an empty label and the bad cells in column order: the messages and their order
  // are those of a one-row-at-a-time reader and do not depend on the threads. Splitting is
  // serial, so it overlaps the parsing: while the other threads parse batch b (OpenMP tasks), the
  // thread that created the tasks splits batch b + 1, then joins the parsing.
  const int cells = columns - 1;
  struct PendingRow {
    std::int64_t line = 0;
    Diagnostics reading;             // what the CSV reader said on the way to this row
    std::string text;                // the fields' texts, one after another
    std::vector<std::size_t> ends;   // where each field's text ends in `text`
    std::vector<char> not_a_number;  // per cell: to be reported
    RawRow raw;
    std::string_view Field(int c) const {
      const std::size_t begin = c == 0 ? 0 : ends[static_cast<std::size_t>(c - 1)];
      return std::string_view(text).substr(begin, ends[static_cast<std::size_t>(c)] - begin);
    }
  };
  constexpr std::size_t kBatch = 64;
  std::vector<PendingRow> batches[2] = {std::vector<PendingRow>(kBatch),
                                        std::vector<PendingRow>(kBatch)};
  const int threads = cells >= 1024 ? std::max(1, omp_get_max_threads()) : 1;
  std::vector<RawRow> rows;
  util::CsvRow row;
  bool more = true;
  bool stopped = false;  // the diagnostics are full: read no further, as a one-row reader would
  Diagnostics at_end(options.max_diagnostics);  // what the reader said when it found no more rows
  // Splits up to kBatch rows into `batch`; their count.
  auto split = [&](std::vector<PendingRow>& batch) {
    std::size_t count = 0;
    while (more && count < kBatch) {
      PendingRow& pending = batch[count];
      pending.reading = Diagnostics(options.max_diagnostics);
      if (!csv.Next(row, pending.reading)) {
        at_end = std::move(pending.reading);
        more = false;
        break;
      }
      pending.line = row.line;
      pending.text.clear();
      pending.ends.clear();
      for (const std::string_view field : row.fields) {
        pending.text.append(field);
        pending.ends.push_back(pending.text.size());
      }
      ++count;
    }
    return count;
  };
  auto parse = [&](PendingRow& pending) {
    RawRow& raw = pending.raw;
    raw = RawRow();
    raw.line = pending.line;
    raw.label = std::string(pending.Field(0));
    raw.values.assign(static_cast<std::size_t>(cells), kMissing);
    raw.empty.assign(static_cast<std::size_t>(cells), false);
    pending.not_a_number.assign(static_cast<std::size_t>(cells), 0);
    for (int c = 1; c < columns; ++c) {
      const std::string_view text = pending.Field(c);
      if (text.empty()) {
        raw.empty[static_cast<std::size_t>(c - 1)] = true;
      } else if (const std::optional<double> value = util::ToFiniteNumber(text)) {
        raw.values[static_cast<std::size_t>(c - 1)] = *value;
        raw.finest_exponent = std::min(raw.finest_exponent, LastDigitExponent(text));
      } else {
        pending.not_a_number[static_cast<std::size_t>(c - 1)] = 1;
      }
    }
  };
  int current = 0;
  std::size_t count = split(batches[current]);
  while (count > 0 && !stopped) {
    std::vector<PendingRow>& batch = batches[current];
    std::vector<PendingRow>& following = batches[1 - current];
    std::size_t following_count = 0;
    if (threads > 1) {
#pragma omp parallel num_threads(threads)
#pragma omp single
      {
        for (std::size_t k = 0; k < count; ++k) {
#pragma omp task firstprivate(k)
          parse(batch[k]);
        }
        following_count = split(following);
#pragma omp taskwait
      }
    } else {
      for (std::size_t k = 0; k < count; ++k) parse(batch[k]);
      following_count = split(following);
    }
    for (std::size_t k = 0; k < count && !stopped; ++k) {
      PendingRow& pending = batch[k];
      RawRow& raw = pending.raw;
      diagnostics.Append(pending.reading);
      if (raw.label.empty()) {
        diagnostics.Add(path, raw.line, 1, "row label is empty", "a sector or primary-input name");
      }
      for (int c = 1; c < columns; ++c) {
        if (!pending.not_a_number[static_cast<std::size_t>(c - 1)]) continue;
        // Says why (not a number, not finite, out of range), naming the cell.
        (void)util::ParseNumber(
            pending.Field(c), path, raw.line, c, diagnostics,
            "cell " + Quoted(raw.label) + " / " + Quoted(header[static_cast<std::size_t>(c)]));
      }
      rows.push_back(std::move(raw));
      stopped = diagnostics.full();
    }
    current = 1 - current;
    count = following_count;
  }
  if (!stopped) diagnostics.Append(at_end);
  if (csv.saw_no_rows() && diagnostics.empty()) {
    diagnostics.Add(path, header_line, 0, "the table has no rows",
                    "n sector rows after the header");
    return Status::InvalidInput(std::move(diagnostics));
  }
  file.reset();
  if (rows.empty()) return Status::InvalidInput(std::move(diagnostics));

  const std::size_t cell_problems = diagnostics.total();
  const int n =
      FindSectorBlock(path, header, header_line, last_value_column, rows, options, diagnostics);
  if (n == 0) return Status::InvalidInput(std::move(diagnostics));
  std::unordered_map<std::string, std::vector<std::size_t>> rows_by_label;
  for (std::size_t k = 0; k < rows.size(); ++k) rows_by_label[rows[k].label].push_back(k);
  std::unordered_set<std::string> sector_names;
  for (int c = 1; c <= n; ++c) sector_names.insert(header[static_cast<std::size_t>(c)]);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const RawRow& raw = rows[k];
    if (k >= static_cast<std::size_t>(n) && sector_names.count(raw.label)) {
      diagnostics.Add(
          path, raw.line, 1,
          "sector row " + Quoted(raw.label) + " after the first " + std::to_string(n) + " rows",
          "the sector rows first, in the header's order");
    }
    if (rows_by_label[raw.label].size() > 1 && rows_by_label[raw.label].front() != k) {
      diagnostics.Add(path, raw.line, 1,
                      "row " + Quoted(raw.label) + " appears twice (first on line " +
                          std::to_string(rows[rows_by_label[raw.label].front()].line) + ")",
                      "each row label once");
    }
  }
  // A final-demand column spelled like total output would be summed into y and x: refuse unless
  // listed.
  if (total_column < 0 && !options.final_demand_columns) {
    for (int c = n + 1; c <= last_value_column; ++c) {
      std::string folded;
      for (char ch : header[static_cast<std::size_t>(c)]) {
        if (std::isalnum(static_cast<unsigned char>(ch)))
          folded += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      }
      if (folded == "total" || folded == "totaloutput" || folded == "output" ||
          folded == "grossoutput" || folded == "totalgrossoutput" || folded == "totaluse" ||
          folded == "totalsupply") {
        diagnostics.Add(
            path, header_line, c + 1,
            "column " + Quoted(header[static_cast<std::size_t>(c)]) +
                " looks like total output but would be read as final demand",
            "the total output column named exactly total_output (or the category listed with "
            "--final-demand-columns)");
      }
    }
  }
  // Shape problems make every later message doubtful; bad cells alone do not stop the value checks.
  if (diagnostics.total() > cell_problems) return Status::InvalidInput(std::move(diagnostics));

  // Now the shape is known: sector rows 0..n−1, primary rows n.. .
  IoTable table;
  table.source = path;
  for (int c = 1; c <= n; ++c) table.sectors.push_back(header[static_cast<std::size_t>(c)]);
  for (int c = n + 1; c <= last_value_column; ++c)
    table.final_demand_names.push_back(header[static_cast<std::size_t>(c)]);
  const int k_final = static_cast<int>(table.final_demand_names.size());
  const std::size_t m = rows.size() - static_cast<std::size_t>(n);
  Locator where;
  where.file = path;
  where.total_output_column = total_column > 0 ? total_column + 1 : 0;

  auto empty_cell = [&](const RawRow& raw, int c, const std::string& what) {
    diagnostics.Add(path, raw.line, c + 1,
                    what + " " + Quoted(raw.label) + " / " +
                        Quoted(header[static_cast<std::size_t>(c)]) + " is empty",
                    "a number");
  };
  table.final_demand.setZero(n, k_final);
  table.total_output.setZero(n);
  Eigen::VectorXd row_sum = Eigen::VectorXd::Zero(n);
  // Totals that differ from the row sum by rounding: how many, and the worst (largest relative
  // difference).
  int rounded_rows = 0;
  int worst_row = -1;
  double worst_relative = 0.0;
  // The unit of the table's last printed digit: that of the most precise number in the sector rows
  // (1 when all are integers). Taking the finest keeps one coarse total ("7e3") from excusing a
  // large difference.
  long finest = std::numeric_limits<long>::max();
  for (int i = 0; i < n; ++i)
    finest = std::min(finest, rows[static_cast<std::size_t>(i)].finest_exponent);
  const double unit = finest == std::numeric_limits<long>::max()
                          ? 0.0
                          : std::pow(10.0, static_cast<double>(finest));
  for (int i = 0; i < n; ++i) {
    const RawRow& raw = rows[static_cast<std::size_t>(i)];
    where.sector_line.push_back(raw.line);
    bool row_complete = true;
    for (int c = 1; c <= last_value_column; ++c) {
      const std::size_t cell = static_cast<std::size_t>(c - 1);
      if (raw.empty[cell]) {
        empty_cell(raw, c, c <= n ? "flow" : "final demand");
        row_complete = false;
        continue;
      }
      const double value = raw.values[cell];
      if (std::isnan(value)) {  // already reported
        row_complete = false;
        continue;
      }
      if (c <= n) {
        if (value < 0.0) {
          diagnostics.Add(path, raw.line, c + 1,
                          "intermediate flow " + Quoted(raw.label) + " -> " +
                              Quoted(header[static_cast<std::size_t>(c)]) + " is negative (" +
                              fmt_number(value) + ")",
                          "flows >= 0");
          row_complete = false;
          continue;
        }
      } else {
        table.final_demand(i, c - n - 1) = value;
      }
      row_sum(i) += value;
    }
    if (total_column > 0) {
      const std::size_t cell = static_cast<std::size_t>(total_column - 1);
      if (raw.empty[cell]) {
        empty_cell(raw, total_column, "total output of");
      } else if (!std::isnan(raw.values[cell])) {
        const double x = raw.values[cell];
        table.total_output(i) = x;  // the published total, also when it differs by rounding
        const double difference = std::abs(x - row_sum(i));
        const double scale = std::max({std::abs(x), std::abs(row_sum(i)), 1.0});
        // Rounding: within the relative tolerance, or within the unit of the table's last printed
        // digit (plus the floating-point noise of the sum, so that a difference of exactly one unit
        // is not refused).
        const double allowed =
            std::max(options.balance_tolerance * scale, unit + kExactBalance * scale);
        if (!row_complete || difference <= kExactBalance * scale) {
          // balances (or its cells were already reported)
        } else if (difference <= allowed) {
          ++rounded_rows;
          if (difference / scale > worst_relative) {
            worst_relative = difference / scale;
            worst_row = i;
          }
        } else {
          diagnostics.Add(
              path, raw.line, total_column + 1,
              "total output of " + Quoted(raw.label) + " is " + fmt_number(x) +
                  " but its flows and final demand sum to " + fmt_number(row_sum(i)) +
                  " (difference " + fmt_number(x - row_sum(i)) + ", relative " +
                  fmt::format("{:.3g}", difference / scale) + ")",
              "total_output = row sum within rounding: " + fmt_number(options.balance_tolerance) +
                  " relative (--balance-tolerance) or the unit of the table's last printed digit "
                  "(" +
                  fmt_number(unit) + ")");
        }
      }
    } else {
      table.total_output(i) = row_sum(i);
    }
  }
  if (worst_row >= 0) {
    const RawRow& raw = rows[static_cast<std::size_t>(worst_row)];
    const double x = table.total_output(worst_row);
    std::string message = "total output of " + Quoted(raw.label) + " is " + fmt_number(x) +
                          " but its flows and final demand sum to " +
                          fmt_number(row_sum(worst_row)) + " (difference " +
                          fmt_number(x - row_sum(worst_row)) + ", relative " +
                          fmt::format("{:.3g}", worst_relative) +
                          "): accepted as rounding, the published total output is used";
    if (rounded_rows > 1) {
      message +=
          " (the largest of " + std::to_string(rounded_rows) + " rows that differ by rounding)";
    }
    table.warnings.push_back(Diagnostic{path, raw.line, total_column + 1, std::move(message), {}});
  }

  table.primary_inputs.setZero(static_cast<Index>(m), n);
  for (std::size_t r = 0; r < m; ++r) {
    const RawRow& raw = rows[static_cast<std::size_t>(n) + r];
    table.primary_names.push_back(raw.label);
    where.primary_line.push_back(raw.line);
    for (int c = 1; c <= n; ++c) {
      const std::size_t cell = static_cast<std::size_t>(c - 1);
      if (raw.empty[cell]) {
        empty_cell(raw, c, "primary input");
      } else if (!std::isnan(raw.values[cell])) {
        table.primary_inputs(static_cast<Index>(r), c - 1) = raw.values[cell];
      }
    }
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  SparseMatrix flows = SectorFlows(rows, n);
  table.flows.swap(flows);  // (an assignment would copy: no move in Eigen 3.4's SparseMatrix)
  ComputeCoefficients(table, where, diagnostics);
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  return table;
}

Result<IoTable> MakeIoTable(std::string source, std::vector<std::string> sectors,
                            SparseMatrix flows, std::vector<std::string> final_demand_names,
                            Eigen::MatrixXd final_demand, Eigen::VectorXd total_output,
                            std::vector<std::string> primary_names,
                            Eigen::MatrixXd primary_inputs) {
  Diagnostics diagnostics;
  const Index n = static_cast<Index>(sectors.size());
  const Index m = static_cast<Index>(primary_names.size());
  const Index k = static_cast<Index>(final_demand_names.size());
  if (n == 0) diagnostics.Add(source, 0, 0, "the table has no sectors", "at least one sector");
  if (flows.rows() != n || flows.cols() != n) {
    diagnostics.Add(
        source, 0, 0,
        "flows are " + std::to_string(flows.rows()) + " x " + std::to_string(flows.cols()),
        std::to_string(n) + " x " + std::to_string(n));
  }
  if (final_demand.rows() != n || final_demand.cols() != k) {
    diagnostics.Add(source, 0, 0, "final demand has the wrong shape",
                    std::to_string(n) + " x " + std::to_string(k));
  }
  if (total_output.size() != n)
    diagnostics.Add(source, 0, 0, "total output has the wrong size", std::to_string(n));
  if (primary_inputs.rows() != m || primary_inputs.cols() != n) {
    diagnostics.Add(source, 0, 0, "primary inputs have the wrong shape",
                    std::to_string(m) + " x " + std::to_string(n));
  }
  CheckNamesUnique(sectors, "sector", source, diagnostics);
  CheckNamesUnique(primary_names, "primary row", source, diagnostics);
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  flows.makeCompressed();
  for (Index j = 0; j < n; ++j) {
    for (SparseMatrix::InnerIterator it(flows, j); it; ++it) {
      if (!std::isfinite(it.value()) || it.value() < 0.0) {
        diagnostics.Add(source, 0, 0,
                        "intermediate flow " + Quoted(sectors[static_cast<std::size_t>(it.row())]) +
                            " -> " + Quoted(sectors[static_cast<std::size_t>(j)]) + " is " +
                            fmt_number(it.value()),
                        "a finite flow >= 0");
      }
    }
  }
  if (!final_demand.allFinite())
    diagnostics.Add(source, 0, 0, "final demand is not finite", "finite numbers");
  if (!total_output.allFinite())
    diagnostics.Add(source, 0, 0, "total output is not finite", "finite numbers");
  if (!primary_inputs.allFinite())
    diagnostics.Add(source, 0, 0, "primary inputs are not finite", "finite numbers");
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  IoTable table;
  table.source = std::move(source);
  table.sectors = std::move(sectors);
  table.flows = std::move(flows);
  table.final_demand_names = std::move(final_demand_names);
  table.final_demand = std::move(final_demand);
  table.total_output = std::move(total_output);
  table.primary_names = std::move(primary_names);
  table.primary_inputs = std::move(primary_inputs);
  Locator where;
  where.file = table.source;
  ComputeCoefficients(table, where, diagnostics);
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  return table;
}

}  // namespace gosplan
