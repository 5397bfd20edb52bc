// IO table loading and checking (see include/gosplan/io_table.h).
#include "gosplan/io_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "util/csv.h"

namespace gosplan {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

std::string Quoted(std::string_view name) { return "'" + std::string(name) + "'"; }
// Numbers in messages: short but exact enough to recognise the cell.
std::string fmt_number(double value) { return fmt::format("{:.10g}", value); }

// One data row of the file as read: its label and every other cell as a number (NaN when empty or bad).
struct RawRow {
  std::int64_t line = 0;
  std::string label;
  std::vector<double> values;       // header.size() − 1 cells
  std::vector<bool> empty;          // cell text was empty
};

// Checks shared by the file loader and MakeIoTable, and the coefficient computation.
// `line_of_sector[j]`/`line_of_primary[r]` give diagnostics' lines (0 when unknown); `column_of_sector[j]`
// the 1-based CSV column of sector j's flows and primary values (0 when unknown).
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

// Fills table.coefficients and table.primary_coefficients from flows, total output and primary inputs,
// reporting sectors with zero/negative output but non-zero inputs.
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
      diagnostics.Add(where.file, where.Line(where.sector_line, j), where.total_output_column,
                      "total output of sector " + Quoted(name) + " is negative (" + fmt_number(x) + ")",
                      "a total output >= 0");
    } else if (x == 0.0 && column_has_input[static_cast<std::size_t>(j)]) {
      diagnostics.Add(where.file, where.Line(where.sector_line, j), where.total_output_column,
                      "sector " + Quoted(name) + " has zero total output but uses inputs",
                      "a positive total output for a sector with inputs");
    }
  }
  if (!diagnostics.empty()) return;
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
  table.primary_coefficients.setZero(m, n);
  for (Index j = 0; j < n; ++j) {
    const double x = table.total_output(j);
    if (x == 0.0) continue;
    for (Index r = 0; r < m; ++r) table.primary_coefficients(r, j) = table.primary_inputs(r, j) / x;
  }
}

void CheckNamesUnique(const std::vector<std::string>& names, const std::string& what, const std::string& file,
                      Diagnostics& diagnostics) {
  std::unordered_set<std::string> seen;
  for (const std::string& name : names) {
    if (name.empty()) diagnostics.Add(file, 0, 0, "empty " + what + " name", "a name");
    if (!seen.insert(name).second) {
      diagnostics.Add(file, 0, 0, "duplicate " + what + " " + Quoted(name), "each " + what + " once");
    }
  }
}

}  // namespace

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

Result<IoTable> LoadIoTable(const std::string& path, const IoTableOptions& options) {
  util::CsvOptions csv_options;
  csv_options.max_file_bytes = options.max_file_bytes;
  auto opened = util::CsvFile::Open(path, csv_options);
  if (!opened.ok()) return opened.status();
  util::CsvFile& csv = opened.value();
  Diagnostics diagnostics(options.max_diagnostics);
  const std::vector<std::string>& header = csv.header();
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
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));

  // Read every row; cells are parsed as they come so that each bad cell is reported once with its place.
  std::vector<RawRow> rows;
  util::CsvRow row;
  while (csv.Next(row, diagnostics)) {
    RawRow raw;
    raw.line = row.line;
    raw.label = std::string(row.fields[0]);
    if (raw.label.empty()) {
      diagnostics.Add(path, row.line, 1, "row label is empty", "a sector or primary-input name");
    }
    raw.values.assign(static_cast<std::size_t>(columns - 1), kMissing);
    raw.empty.assign(static_cast<std::size_t>(columns - 1), false);
    for (int c = 1; c < columns; ++c) {
      const std::string_view text = row.fields[static_cast<std::size_t>(c)];
      if (text.empty()) {
        raw.empty[static_cast<std::size_t>(c - 1)] = true;
        continue;
      }
      auto value = util::ParseNumber(text, path, row.line, c, diagnostics,
                                     "cell " + Quoted(raw.label) + " / " + Quoted(header[static_cast<std::size_t>(c)]));
      if (value) raw.values[static_cast<std::size_t>(c - 1)] = *value;
    }
    rows.push_back(std::move(raw));
    if (diagnostics.full()) break;
  }
  if (csv.saw_no_rows() && diagnostics.empty()) {
    diagnostics.Add(path, header_line, 0, "the table has no rows", "n sector rows after the header");
    return Status::InvalidInput(std::move(diagnostics));
  }

  const std::size_t cell_problems = diagnostics.total();
  // Sectors: header columns (after the label) whose name labels a row; they come first.
  std::unordered_map<std::string, std::vector<std::size_t>> rows_by_label;
  for (std::size_t k = 0; k < rows.size(); ++k) rows_by_label[rows[k].label].push_back(k);
  const int last_value_column = total_column > 0 ? total_column - 1 : columns - 1;  // 0-based, inclusive
  int n = 0;
  for (int c = 1; c <= last_value_column; ++c) {
    if (rows_by_label.count(header[static_cast<std::size_t>(c)])) n = c;
  }
  if (n == 0) {
    diagnostics.Add(path, header_line, 2, "no header column names a row of the table",
                    "sector names in the header and one row per sector in the same order");
    return Status::InvalidInput(std::move(diagnostics));
  }
  for (int c = 1; c <= n; ++c) {
    const std::string& name = header[static_cast<std::size_t>(c)];
    if (!rows_by_label.count(name)) {
      diagnostics.Add(path, header_line, c + 1, "sector " + Quoted(name) + " has no row",
                      "a row labelled " + Quoted(name) + " among the first " + std::to_string(n) + " rows");
    }
  }
  // The first n rows must be the sectors in the header's order.
  std::unordered_map<std::string, int> sector_position;
  for (int c = 1; c <= n; ++c) sector_position.emplace(header[static_cast<std::size_t>(c)], c - 1);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const RawRow& raw = rows[k];
    const auto found = sector_position.find(raw.label);
    if (k < static_cast<std::size_t>(n)) {
      const std::string& expected = header[k + 1];
      if (raw.label != expected) {
        if (found != sector_position.end()) {
          diagnostics.Add(path, raw.line, 1,
                          "sector row " + Quoted(raw.label) + " is out of order: sector row " +
                              std::to_string(k + 1) + " is " + Quoted(expected) + " in the header",
                          "the sector rows in the header's order");
        } else {
          diagnostics.Add(path, raw.line, 1,
                          "row " + Quoted(raw.label) + " is not a sector but stands where sector row " +
                              Quoted(expected) + " belongs",
                          "the " + std::to_string(n) + " sector rows first, in the header's order");
        }
      }
    } else if (found != sector_position.end()) {
      diagnostics.Add(path, raw.line, 1, "sector row " + Quoted(raw.label) + " after the first " +
                                             std::to_string(n) + " rows",
                      "the sector rows first, in the header's order");
    }
    if (rows_by_label[raw.label].size() > 1 && rows_by_label[raw.label].front() != k) {
      diagnostics.Add(path, raw.line, 1, "row " + Quoted(raw.label) + " appears twice (first on line " +
                                             std::to_string(rows[rows_by_label[raw.label].front()].line) + ")",
                      "each row label once");
    }
  }
  // Shape problems make every later message doubtful; bad cells alone do not stop the value checks.
  if (diagnostics.total() > cell_problems) return Status::InvalidInput(std::move(diagnostics));

  // Now the shape is known: sector rows 0..n−1, primary rows n.. .
  IoTable table;
  table.source = path;
  for (int c = 1; c <= n; ++c) table.sectors.push_back(header[static_cast<std::size_t>(c)]);
  for (int c = n + 1; c <= last_value_column; ++c) table.final_demand_names.push_back(header[static_cast<std::size_t>(c)]);
  const int k_final = static_cast<int>(table.final_demand_names.size());
  const std::size_t m = rows.size() - static_cast<std::size_t>(n);
  Locator where;
  where.file = path;
  where.total_output_column = total_column > 0 ? total_column + 1 : 0;

  auto empty_cell = [&](const RawRow& raw, int c, const std::string& what) {
    diagnostics.Add(path, raw.line, c + 1,
                    what + " " + Quoted(raw.label) + " / " + Quoted(header[static_cast<std::size_t>(c)]) + " is empty",
                    "a number");
  };
  std::vector<Eigen::Triplet<double, Index>> flow_triplets;
  table.final_demand.setZero(n, k_final);
  table.total_output.setZero(n);
  Eigen::VectorXd row_sum = Eigen::VectorXd::Zero(n);
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
        if (value != 0.0) flow_triplets.emplace_back(i, c - 1, value);
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
        table.total_output(i) = x;
        const double scale = std::max({std::abs(x), std::abs(row_sum(i)), 1.0});
        if (row_complete && std::abs(x - row_sum(i)) > options.balance_tolerance * scale) {
          diagnostics.Add(path, raw.line, total_column + 1,
                          "total output of " + Quoted(raw.label) + " is " + fmt_number(x) +
                              " but its flows and final demand sum to " + fmt_number(row_sum(i)),
                          "total_output = row sum within " + fmt_number(options.balance_tolerance) + " relative");
        }
      }
    } else {
      table.total_output(i) = row_sum(i);
    }
  }
  table.flows.resize(n, n);
  table.flows.setFromTriplets(flow_triplets.begin(), flow_triplets.end());
  table.flows.makeCompressed();

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
  ComputeCoefficients(table, where, diagnostics);
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  return table;
}

Result<IoTable> MakeIoTable(std::string source, std::vector<std::string> sectors, SparseMatrix flows,
                            std::vector<std::string> final_demand_names, Eigen::MatrixXd final_demand,
                            Eigen::VectorXd total_output, std::vector<std::string> primary_names,
                            Eigen::MatrixXd primary_inputs) {
  Diagnostics diagnostics;
  const Index n = static_cast<Index>(sectors.size());
  const Index m = static_cast<Index>(primary_names.size());
  const Index k = static_cast<Index>(final_demand_names.size());
  if (n == 0) diagnostics.Add(source, 0, 0, "the table has no sectors", "at least one sector");
  if (flows.rows() != n || flows.cols() != n) {
    diagnostics.Add(source, 0, 0, "flows are " + std::to_string(flows.rows()) + " x " + std::to_string(flows.cols()),
                    std::to_string(n) + " x " + std::to_string(n));
  }
  if (final_demand.rows() != n || final_demand.cols() != k) {
    diagnostics.Add(source, 0, 0, "final demand has the wrong shape", std::to_string(n) + " x " + std::to_string(k));
  }
  if (total_output.size() != n) diagnostics.Add(source, 0, 0, "total output has the wrong size", std::to_string(n));
  if (primary_inputs.rows() != m || primary_inputs.cols() != n) {
    diagnostics.Add(source, 0, 0, "primary inputs have the wrong shape", std::to_string(m) + " x " + std::to_string(n));
  }
  CheckNamesUnique(sectors, "sector", source, diagnostics);
  CheckNamesUnique(primary_names, "primary row", source, diagnostics);
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  flows.makeCompressed();
  for (Index j = 0; j < n; ++j) {
    for (SparseMatrix::InnerIterator it(flows, j); it; ++it) {
      if (!std::isfinite(it.value()) || it.value() < 0.0) {
        diagnostics.Add(source, 0, 0,
                        "intermediate flow " + Quoted(sectors[static_cast<std::size_t>(it.row())]) + " -> " +
                            Quoted(sectors[static_cast<std::size_t>(j)]) + " is " + fmt_number(it.value()),
                        "a finite flow >= 0");
      }
    }
  }
  if (!final_demand.allFinite()) diagnostics.Add(source, 0, 0, "final demand is not finite", "finite numbers");
  if (!total_output.allFinite()) diagnostics.Add(source, 0, 0, "total output is not finite", "finite numbers");
  if (!primary_inputs.allFinite()) diagnostics.Add(source, 0, 0, "primary inputs are not finite", "finite numbers");
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
