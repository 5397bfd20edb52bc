// Inputs of the extended IO analysis: satellite accounts, final users' direct emissions,
// characterisation factors, regions and concordances; aggregation and writing of tables (see
// gosplan/io_footprints.h).
#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "gosplan/io_footprints.h"
#include "io_table/io_csv.h"
#include "util/atomic_output.h"
#include "util/csv.h"
#include "util/csv_writer.h"

namespace gosplan {
namespace {

std::string Quoted(const std::string& name) { return "'" + name + "'"; }

// A labelled matrix as a CSV holds it: a header (a label cell, column names), then rows (label,
// one number per column). Cells must be finite numbers (empty cells are refused).
struct LabelledMatrix {
  std::string path;
  std::vector<std::string> columns;  // header names after the label cell
  std::int64_t header_line = 0;
  std::vector<std::string> rows;
  std::vector<std::int64_t> lines;
  Eigen::MatrixXd values;  // rows × columns
};

Result<LabelledMatrix> ReadLabelledMatrix(const std::string& path, const IoTableOptions& options,
                                          const std::string& what,
                                          const std::vector<std::string>& ignored_columns = {}) {
  auto opened = OpenIoCsv(path, options);
  if (!opened.ok()) return opened.status();
  util::CsvFile& csv = opened.value();
  LabelledMatrix matrix;
  matrix.path = csv.path();
  matrix.header_line = csv.header_line();
  const std::vector<std::string>& header = csv.header();
  std::vector<int> used;  // 0-based CSV columns read as numbers
  for (std::size_t c = 1; c < header.size(); ++c) {
    if (std::find(ignored_columns.begin(), ignored_columns.end(), header[c]) !=
        ignored_columns.end())
      continue;
    matrix.columns.push_back(header[c]);
    used.push_back(static_cast<int>(c));
  }
  Diagnostics diagnostics(options.max_diagnostics);
  std::vector<std::vector<double>> values;
  std::unordered_map<std::string, std::int64_t> seen;
  util::CsvRow row;
  while (csv.Next(row, diagnostics)) {
    const std::string label(row.fields[0]);
    if (label.empty())
      diagnostics.Add(matrix.path, row.line, 1, "empty " + what + " name", "a name");
    const auto [at, fresh] = seen.emplace(label, row.line);
    if (!fresh) {
      diagnostics.Add(matrix.path, row.line, 1,
                      what + " " + Quoted(label) + " appears twice (first on line " +
                          std::to_string(at->second) + ")",
                      "each " + what + " once");
    }
    std::vector<double> line(used.size(), 0.0);
    for (std::size_t k = 0; k < used.size(); ++k) {
      const int c = used[k];
      // The message (two names) is composed only for a cell that is not a number.
      const std::string_view text = row.fields[static_cast<std::size_t>(c)];
      auto value = util::ToFiniteNumber(text);
      if (!value) {
        value = util::ParseNumber(
            text, matrix.path, row.line, c, diagnostics,
            "cell " + Quoted(label) + " / " + Quoted(header[static_cast<std::size_t>(c)]));
      }
      if (value) line[k] = *value;
    }
    matrix.rows.push_back(label);
    matrix.lines.push_back(row.line);
    values.push_back(std::move(line));
    if (diagnostics.full()) break;
  }
  if (csv.saw_no_rows() && diagnostics.empty()) {
    diagnostics.Add(matrix.path, matrix.header_line, 0, "the file has no rows",
                    "one row per " + what);
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  matrix.values.resize(static_cast<Index>(values.size()), static_cast<Index>(used.size()));
  for (std::size_t r = 0; r < values.size(); ++r) {
    for (std::size_t c = 0; c < used.size(); ++c)
      matrix.values(static_cast<Index>(r), static_cast<Index>(c)) = values[r][c];
  }
  return matrix;
}

// Column k of the file for each of `names` (−1 when absent), with diagnostics for columns that are
// not among `names`.
std::vector<Index> MatchColumns(const LabelledMatrix& matrix, const std::vector<std::string>& names,
                                const std::string& what, Diagnostics& diagnostics) {
  std::unordered_map<std::string, Index> position;
  for (std::size_t k = 0; k < names.size(); ++k) position.emplace(names[k], static_cast<Index>(k));
  std::vector<Index> column_of(names.size(), -1);
  for (std::size_t c = 0; c < matrix.columns.size(); ++c) {
    const auto found = position.find(matrix.columns[c]);
    if (found == position.end()) {
      diagnostics.Add(matrix.path, matrix.header_line, static_cast<std::int64_t>(c) + 2,
                      "column " + Quoted(matrix.columns[c]) + " is not a " + what,
                      "the " + what + " names of the table");
      continue;
    }
    column_of[static_cast<std::size_t>(found->second)] = static_cast<Index>(c);
  }
  return column_of;
}

// Each primary row's use per sector: the table's r, or coefficients × computed output (a model).
Eigen::MatrixXd PrimaryUse(const IoTable& table) {
  if (table.primary_inputs.rows() == static_cast<Index>(table.primary_names.size()) &&
      table.primary_inputs.cols() == table.size())
    return table.primary_inputs;
  return Eigen::MatrixXd::Zero(static_cast<Index>(table.primary_names.size()), table.size());
}

}  // namespace

Result<Satellite> LoadSatellite(const std::string& path, const IoTable& table,
                                const IoTableOptions& options) {
  auto read = ReadLabelledMatrix(path, options, "stressor", {"unit"});
  if (!read.ok()) return read.status();
  const LabelledMatrix& matrix = read.value();
  Diagnostics diagnostics(options.max_diagnostics);
  const std::vector<Index> column_of = MatchColumns(matrix, table.sectors, "sector", diagnostics);
  for (std::size_t j = 0; j < column_of.size(); ++j) {
    if (column_of[j] < 0) {
      diagnostics.Add(
          matrix.path, matrix.header_line, 0,
          "sector " + Quoted(table.sectors[j]) + " of " + table.source + " has no column",
          "every sector of the table once");
    }
  }
  for (std::size_t r = 0; r < matrix.rows.size(); ++r) {
    if (table.FindPrimary(matrix.rows[r]) >= 0) {
      diagnostics.Add(
          matrix.path, matrix.lines[r], 1,
          "stressor " + Quoted(matrix.rows[r]) + " is also a primary row of " + table.source,
          "stressor names that differ from the table's primary rows");
    }
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  Satellite satellite;
  satellite.source = matrix.path;
  satellite.stressors = matrix.rows;
  satellite.values.resize(matrix.values.rows(), table.size());
  for (Index j = 0; j < table.size(); ++j)
    satellite.values.col(j) = matrix.values.col(column_of[static_cast<std::size_t>(j)]);
  satellite.final_demand.setZero(matrix.values.rows(),
                                 static_cast<Index>(table.final_demand_names.size()));
  return satellite;
}

Status LoadSatelliteFinalDemand(const std::string& path, const IoTable& table, Satellite& satellite,
                                const IoTableOptions& options) {
  auto read = ReadLabelledMatrix(path, options, "stressor", {"unit"});
  if (!read.ok()) return read.status();
  const LabelledMatrix& matrix = read.value();
  Diagnostics diagnostics(options.max_diagnostics);
  const std::vector<Index> column_of =
      MatchColumns(matrix, table.final_demand_names, "final-demand column", diagnostics);
  std::vector<Index> row_of(matrix.rows.size(), -1);
  for (std::size_t r = 0; r < matrix.rows.size(); ++r) {
    const auto found =
        std::find(satellite.stressors.begin(), satellite.stressors.end(), matrix.rows[r]);
    if (found == satellite.stressors.end()) {
      diagnostics.Add(matrix.path, matrix.lines[r], 1,
                      "stressor " + Quoted(matrix.rows[r]) + " is not in " + satellite.source,
                      "a stressor of the satellite");
      continue;
    }
    row_of[r] = static_cast<Index>(found - satellite.stressors.begin());
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  satellite.final_demand.setZero(static_cast<Index>(satellite.stressors.size()),
                                 static_cast<Index>(table.final_demand_names.size()));
  for (std::size_t r = 0; r < matrix.rows.size(); ++r) {
    for (std::size_t c = 0; c < column_of.size(); ++c) {
      if (column_of[c] >= 0)
        satellite.final_demand(row_of[r], static_cast<Index>(c)) =
            matrix.values(static_cast<Index>(r), column_of[c]);
    }
  }
  return Status::Ok();
}

Status LoadCharacterisation(const std::string& path, const IoTable& table, Satellite& satellite,
                            const IoTableOptions& options) {
  auto read = ReadLabelledMatrix(path, options, "impact", {"unit"});
  if (!read.ok()) return read.status();
  const LabelledMatrix& matrix = read.value();
  Diagnostics diagnostics(options.max_diagnostics);
  const Eigen::MatrixXd primary_use = PrimaryUse(table);
  const Index k_final = static_cast<Index>(table.final_demand_names.size());
  // The stressor (or primary row) of each column: its F row and F_Y row.
  std::vector<Eigen::VectorXd> use, final_use;
  for (std::size_t c = 0; c < matrix.columns.size(); ++c) {
    const std::string& name = matrix.columns[c];
    const auto found = std::find(satellite.stressors.begin(), satellite.stressors.end(), name);
    if (found != satellite.stressors.end()) {
      const Index r = static_cast<Index>(found - satellite.stressors.begin());
      use.push_back(satellite.values.row(r).transpose());
      final_use.push_back(satellite.final_demand.row(r).transpose());
    } else if (const Index p = table.FindPrimary(name); p >= 0) {
      use.push_back(primary_use.row(p).transpose());
      final_use.push_back(Eigen::VectorXd::Zero(k_final));
    } else {
      diagnostics.Add(matrix.path, matrix.header_line, static_cast<std::int64_t>(c) + 2,
                      "column " + Quoted(name) + " is neither a stressor of " + satellite.source +
                          " nor a primary row of " + table.source,
                      "stressor names");
    }
  }
  for (std::size_t r = 0; r < matrix.rows.size(); ++r) {
    const std::string& impact = matrix.rows[r];
    if (std::find(satellite.stressors.begin(), satellite.stressors.end(), impact) !=
            satellite.stressors.end() ||
        table.FindPrimary(impact) >= 0) {
      diagnostics.Add(matrix.path, matrix.lines[r], 1,
                      "impact " + Quoted(impact) + " has the name of a stressor or primary row",
                      "impact names of their own");
    }
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  const Index k = static_cast<Index>(satellite.stressors.size());
  const Index impacts = static_cast<Index>(matrix.rows.size());
  Eigen::MatrixXd values(k + impacts, table.size());
  Eigen::MatrixXd final_values(k + impacts, k_final);
  values.topRows(k) = satellite.values;
  final_values.topRows(k) = satellite.final_demand;
  for (Index r = 0; r < impacts; ++r) {
    Eigen::VectorXd impact = Eigen::VectorXd::Zero(table.size());
    Eigen::VectorXd final_impact = Eigen::VectorXd::Zero(k_final);
    for (std::size_t c = 0; c < use.size(); ++c) {
      impact += matrix.values(r, static_cast<Index>(c)) * use[c];
      final_impact += matrix.values(r, static_cast<Index>(c)) * final_use[c];
    }
    values.row(k + r) = impact.transpose();
    final_values.row(k + r) = final_impact.transpose();
    satellite.stressors.push_back(matrix.rows[static_cast<std::size_t>(r)]);
  }
  satellite.values = std::move(values);
  satellite.final_demand = std::move(final_values);
  satellite.impacts += impacts;
  return Status::Ok();
}

Result<RegionMap> RegionsFromLabels(const IoTable& table) {
  RegionMap map;
  Diagnostics diagnostics;
  std::unordered_map<std::string, Index> position;
  for (const std::string& label : table.sectors) {
    const std::size_t slash = label.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == label.size()) {
      diagnostics.Add(table.source, 0, 0,
                      "sector " + Quoted(label) + " is not labelled region/sector",
                      "labels region/sector (or a --regions file)");
      break;
    }
    const std::string region = label.substr(0, slash);
    const auto [at, fresh] = position.emplace(region, static_cast<Index>(map.regions.size()));
    if (fresh) map.regions.push_back(region);
    map.sector_region.push_back(at->second);
    map.sector_names.push_back(label.substr(slash + 1));
  }
  for (const std::string& label : table.final_demand_names) {
    if (!diagnostics.empty()) break;
    const std::size_t slash = label.find('/');
    const auto found =
        slash == std::string::npos ? position.end() : position.find(label.substr(0, slash));
    if (found == position.end()) {
      diagnostics.Add(table.source, 0, 0,
                      "final-demand column " + Quoted(label) +
                          " is not labelled region/category with a region of the sectors",
                      "labels region/category (or a --regions file)");
      break;
    }
    map.final_demand_region.push_back(found->second);
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  return map;
}

Result<RegionMap> LoadRegions(const std::string& path, const IoTable& table,
                              const IoTableOptions& options) {
  auto opened = OpenTwoColumnCsv(path, options, "label", "region");
  if (!opened.ok()) return opened.status();
  util::CsvFile& csv = opened.value().csv;
  const int label_column = opened.value().first;
  const int region_column = opened.value().second;
  Diagnostics diagnostics(options.max_diagnostics);
  std::unordered_map<std::string, std::string> region_of;
  std::unordered_map<std::string, std::int64_t> line_of;
  util::CsvRow row;
  while (csv.Next(row, diagnostics)) {
    const std::string label(row.fields[static_cast<std::size_t>(label_column)]);
    const std::string region(row.fields[static_cast<std::size_t>(region_column)]);
    const bool known = table.FindSector(label) >= 0 ||
                       std::find(table.final_demand_names.begin(), table.final_demand_names.end(),
                                 label) != table.final_demand_names.end();
    if (!known) {
      diagnostics.Add(
          csv.path(), row.line, label_column + 1,
          Quoted(label) + " is neither a sector nor a final-demand column of " + table.source,
          "the table's labels");
    } else if (region.empty()) {
      diagnostics.Add(csv.path(), row.line, region_column + 1, "empty region", "a region name");
    } else if (!region_of.emplace(label, region).second) {
      diagnostics.Add(
          csv.path(), row.line, label_column + 1,
          Quoted(label) + " is given twice (first on line " + std::to_string(line_of[label]) + ")",
          "each label once");
    }
    line_of.emplace(label, row.line);
  }
  RegionMap map;
  std::unordered_map<std::string, Index> position;
  for (const std::string& label : table.sectors) {
    const auto found = region_of.find(label);
    if (found == region_of.end()) {
      diagnostics.Add(csv.path(), 0, 0, "sector " + Quoted(label) + " has no region",
                      "every sector and final-demand column once");
      continue;
    }
    const auto [at, fresh] =
        position.emplace(found->second, static_cast<Index>(map.regions.size()));
    if (fresh) map.regions.push_back(found->second);
    map.sector_region.push_back(at->second);
    const std::size_t slash = label.find('/');
    map.sector_names.push_back(slash == std::string::npos ? label : label.substr(slash + 1));
  }
  for (const std::string& label : table.final_demand_names) {
    const auto found = region_of.find(label);
    const auto region = found == region_of.end() ? position.end() : position.find(found->second);
    if (region == position.end()) {
      diagnostics.Add(
          csv.path(), 0, 0,
          "final-demand column " + Quoted(label) +
              (found == region_of.end() ? " has no region" : " has a region without sectors"),
          "every final-demand column with a region of the sectors");
      continue;
    }
    map.final_demand_region.push_back(region->second);
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  return map;
}

Result<Concordance> LoadConcordance(const std::string& path, const IoTable& table,
                                    const IoTableOptions& options) {
  auto opened = OpenTwoColumnCsv(path, options, "label", "group");
  if (!opened.ok()) return opened.status();
  util::CsvFile& csv = opened.value().csv;
  const int label_column = opened.value().first;
  const int group_column = opened.value().second;
  Diagnostics diagnostics(options.max_diagnostics);
  Concordance concordance;
  concordance.source = csv.path();
  concordance.group_of.assign(static_cast<std::size_t>(table.size()), -1);
  std::unordered_map<std::string, Index> position;
  util::CsvRow row;
  while (csv.Next(row, diagnostics)) {
    const std::string label(row.fields[static_cast<std::size_t>(label_column)]);
    const std::string group(row.fields[static_cast<std::size_t>(group_column)]);
    const Index j = table.FindSector(label);
    if (j < 0) {
      diagnostics.Add(csv.path(), row.line, label_column + 1,
                      Quoted(label) + " is not a sector of " + table.source, "a sector label");
      continue;
    }
    if (group.empty()) {
      diagnostics.Add(csv.path(), row.line, group_column + 1, "empty group", "a group name");
      continue;
    }
    if (concordance.group_of[static_cast<std::size_t>(j)] >= 0) {
      diagnostics.Add(csv.path(), row.line, label_column + 1, Quoted(label) + " is given twice",
                      "each sector once");
      continue;
    }
    const auto [at, fresh] = position.emplace(group, static_cast<Index>(concordance.groups.size()));
    if (fresh) concordance.groups.push_back(group);
    concordance.group_of[static_cast<std::size_t>(j)] = at->second;
  }
  for (Index j = 0; j < table.size(); ++j) {
    if (concordance.group_of[static_cast<std::size_t>(j)] < 0) {
      diagnostics.Add(
          csv.path(), 0, 0,
          "sector " + Quoted(table.sectors[static_cast<std::size_t>(j)]) + " has no group",
          "every sector of the table once");
    }
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  return concordance;
}

Result<IoTable> AggregateTable(const IoTable& table, const Concordance& concordance) {
  if (table.total_output.size() != table.size()) {
    return Status::InvalidInput(table.source, 0, 0,
                                "the table has no flows (built from coefficients)",
                                "a table CSV to aggregate");
  }
  const Index groups = static_cast<Index>(concordance.groups.size());
  auto group = [&](Index j) { return concordance.group_of[static_cast<std::size_t>(j)]; };
  std::vector<Eigen::Triplet<double, Index>> triplets;
  for (Index j = 0; j < table.size(); ++j) {
    for (SparseMatrix::InnerIterator it(table.flows, j); it; ++it)
      triplets.emplace_back(group(it.row()), group(j), it.value());
  }
  SparseMatrix flows(groups, groups);
  flows.setFromTriplets(triplets.begin(), triplets.end());
  Eigen::MatrixXd final_demand = Eigen::MatrixXd::Zero(groups, table.final_demand.cols());
  Eigen::VectorXd total_output = Eigen::VectorXd::Zero(groups);
  Eigen::MatrixXd primary = Eigen::MatrixXd::Zero(table.primary_inputs.rows(), groups);
  for (Index j = 0; j < table.size(); ++j) {
    final_demand.row(group(j)) += table.final_demand.row(j);
    total_output(group(j)) += table.total_output(j);
    primary.col(group(j)) += table.primary_inputs.col(j);
  }
  return MakeIoTable(table.source + " aggregated by " + concordance.source, concordance.groups,
                     std::move(flows), table.final_demand_names, std::move(final_demand),
                     std::move(total_output), table.primary_names, std::move(primary));
}

Status WriteIoTable(const IoTable& table, const std::string& path) {
  if (table.total_output.size() != table.size()) {
    return Status::InvalidInput(table.source, 0, 0,
                                "the table has no flows (built from coefficients)",
                                "a table CSV to write");
  }
  std::string out;
  util::CsvWriter csv(out);
  csv.Text("sector");
  for (const std::string& s : table.sectors) csv.Text(s);
  for (const std::string& c : table.final_demand_names) csv.Text(c);
  csv.Text("total_output");
  csv.EndRow();
  const Eigen::MatrixXd flows = Eigen::MatrixXd(table.flows);
  for (Index i = 0; i < table.size(); ++i) {
    csv.Text(table.sectors[static_cast<std::size_t>(i)]);
    for (Index j = 0; j < table.size(); ++j) csv.Number(flows(i, j));
    for (Index c = 0; c < table.final_demand.cols(); ++c) csv.Number(table.final_demand(i, c));
    csv.Number(table.total_output(i));
    csv.EndRow();
  }
  for (Index r = 0; r < table.primary_inputs.rows(); ++r) {
    csv.Text(table.primary_names[static_cast<std::size_t>(r)]);
    for (Index j = 0; j < table.size(); ++j) csv.Number(table.primary_inputs(r, j));
    for (Index c = 0; c <= table.final_demand.cols(); ++c) csv.Text("");
    csv.EndRow();
  }
  return util::WriteFileAtomically(path, out);
}

}  // namespace gosplan
