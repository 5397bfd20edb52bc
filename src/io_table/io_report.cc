// What `gosplan io TABLE.csv|MODEL_FOLDER` reports about an analysis (docs/io.md): an aligned table
// for people, CSV and gosplan.io/1 for programs, each for the chosen sectors.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "gosplan/io_table.h"
#include "gosplan/leontief.h"
#include "io_table/aligned_text.h"
#include "util/csv_writer.h"
#include "util/json.h"

namespace gosplan {
namespace {

// For people: 7 significant digits.
std::string Short(double value) { return fmt::format("{:.7g}", value); }

std::vector<Index> Reported(const IoTable& table, const IoReportOptions& options) {
  if (!options.sectors.empty()) return options.sectors;
  std::vector<Index> all(static_cast<std::size_t>(table.size()));
  for (Index j = 0; j < table.size(); ++j) all[static_cast<std::size_t>(j)] = j;
  return all;
}

const std::string& SectorName(const IoTable& table, Index j) {
  return table.sectors[static_cast<std::size_t>(j)];
}

// One column of the text and CSV reports: a per-sector measure.
struct Column {
  std::string name;
  const Eigen::VectorXd* values;  // indexed by sector position
};

// total_output, output_multiplier, leontief_diagonal (when computed), then NAME_multiplier per row.
std::vector<Column> Columns(const IoAnalysis& analysis,
                            std::vector<Eigen::VectorXd>& multiplier_rows) {
  multiplier_rows.clear();
  for (Index k = 0; k < analysis.multipliers.rows(); ++k) {
    multiplier_rows.push_back(analysis.multipliers.row(k).transpose());
  }
  std::vector<Column> columns{{"total_output", &analysis.total_output},
                              {"output_multiplier", &analysis.output_multipliers}};
  if (analysis.leontief_diagonal.size() > 0) {
    columns.push_back({"leontief_diagonal", &analysis.leontief_diagonal});
  }
  for (std::size_t k = 0; k < analysis.multiplier_names.size(); ++k) {
    columns.push_back({analysis.multiplier_names[k] + "_multiplier", &multiplier_rows[k]});
  }
  return columns;
}

std::string FinalDemandSource(const IoTable& table) {
  std::string source = "the table's final-demand columns";
  for (std::size_t c = 0; c < table.final_demand_names.size(); ++c) {
    source += (c == 0 ? " (" : ", ") + table.final_demand_names[c];
  }
  if (!table.final_demand_names.empty()) source += ")";
  return source;
}

}  // namespace

Result<std::vector<Index>> FindReportedSectors(const IoTable& table,
                                               const std::vector<std::string>& names,
                                               const std::string& source) {
  std::vector<Index> sectors;
  Diagnostics unknown;
  for (const std::string& name : names) {
    const Index j = table.FindSector(name);
    if (j >= 0) {
      sectors.push_back(j);
      continue;
    }
    // Say what the name is when it names a primary row of the table rather than a sector.
    const std::string hint =
        table.FindPrimary(name) >= 0 ? ": it is a primary row (see --rows)" : "";
    unknown.Add(source, 0, 0, "unknown sector '" + name + "'" + hint,
                "a sector of " + table.source);
  }
  if (!unknown.empty()) return Status::InvalidInput(std::move(unknown));
  return sectors;
}

std::string IoTextReport(const IoTable& table, const IoAnalysis& analysis,
                         const IoReportOptions& options) {
  const std::vector<Index> sectors = Reported(table, options);
  const Productiveness& p = analysis.productiveness;
  std::string out;
  out += fmt::format("IO table {}: n = {} sectors, solver {}, residual {:.3g}, iterations {}\n",
                     table.source, table.size(), analysis.solver, analysis.residual,
                     analysis.iterations);
  out += fmt::format(
      "productive: {} (spectral radius of A {:.6g}, bounds [{:.10g}, {:.10g}], {} irreducible "
      "blocks)\n",
      p.productive ? "yes" : "not proven", p.spectral_radius, p.spectral_radius_lower,
      p.spectral_radius_upper, p.block_count);
  out += "final demand: " +
         (options.final_demand_source.empty() ? FinalDemandSource(table)
                                              : options.final_demand_source) +
         "\n\n";
  std::vector<Eigen::VectorXd> multiplier_rows;
  const std::vector<Column> columns = Columns(analysis, multiplier_rows);
  std::vector<std::vector<std::string>> cells{{"sector"}};
  for (const Column& c : columns) cells[0].push_back(c.name);
  for (Index j : sectors) {
    std::vector<std::string> line{SectorName(table, j)};
    for (const Column& c : columns) line.push_back(Short((*c.values)(j)));
    cells.push_back(std::move(line));
  }
  out += AlignedText(cells);
  if (analysis.leontief_inverse.size() > 0) {
    out +=
        "\nLeontief inverse L = (I - A)^-1 (row i, column j: output of i per unit of final "
        "demand for j)\n";
    std::vector<std::vector<std::string>> matrix{{""}};
    for (Index j : sectors) matrix[0].push_back(SectorName(table, j));
    for (Index i : sectors) {
      std::vector<std::string> line{SectorName(table, i)};
      for (Index j : sectors) line.push_back(Short(analysis.leontief_inverse(i, j)));
      matrix.push_back(std::move(line));
    }
    out += AlignedText(matrix);
  }
  return out;
}

std::string IoCsv(const IoTable& table, const IoAnalysis& analysis,
                  const IoReportOptions& options) {
  const std::vector<Index> sectors = Reported(table, options);
  std::vector<Eigen::VectorXd> multiplier_rows;
  const std::vector<Column> columns = Columns(analysis, multiplier_rows);
  const bool inverse = analysis.leontief_inverse.size() > 0;
  std::string out;
  util::CsvWriter csv(out);
  csv.Text("sector");
  for (const Column& c : columns) csv.Text(c.name);
  if (inverse) {
    for (Index j : sectors) csv.Text("inverse:" + SectorName(table, j));
  }
  csv.EndRow();
  for (Index i : sectors) {
    csv.Text(SectorName(table, i));
    for (const Column& c : columns) csv.Number((*c.values)(i));
    if (inverse) {
      for (Index j : sectors) csv.Number(analysis.leontief_inverse(i, j));
    }
    csv.EndRow();
  }
  return out;
}

std::string IoWarningText(const Diagnostic& warning) { return "warning: " + warning.ToString(); }

std::string IoJson(const IoTable& table, const IoAnalysis& analysis,
                   const IoReportOptions& options) {
  using util::Json;
  using util::JsonNumber;
  const std::vector<Index> sectors = Reported(table, options);
  auto pick = [&](const auto& values) {
    Json array = Json::array();
    for (Index j : sectors) array.push_back(JsonNumber(values(j)));
    return array;
  };
  Json out = util::JsonDocument("gosplan.io/1");
  out["table"] = table.source;
  out["n"] = table.size();
  Json names = Json::array();
  for (Index j : sectors) names.push_back(SectorName(table, j));
  out["sectors"] = names;
  out["solver"] = analysis.solver;
  out["iterations"] = analysis.iterations;
  out["residual"] = JsonNumber(analysis.residual);
  const Productiveness& p = analysis.productiveness;
  out["productive"] = p.productive;
  out["spectral_radius"] = JsonNumber(p.spectral_radius);
  out["spectral_radius_bounds"] =
      Json::array({JsonNumber(p.spectral_radius_lower), JsonNumber(p.spectral_radius_upper)});
  out["final_demand"] = pick(analysis.final_demand);
  out["total_output"] = pick(analysis.total_output);
  out["output_multipliers"] = pick(analysis.output_multipliers);
  Json multipliers = Json::object();
  for (std::size_t k = 0; k < analysis.multiplier_names.size(); ++k) {
    multipliers[analysis.multiplier_names[k]] =
        pick(analysis.multipliers.row(static_cast<Index>(k)));
  }
  out["multipliers"] = multipliers;
  if (analysis.leontief_diagonal.size() > 0) {
    out["leontief_diagonal"] = pick(analysis.leontief_diagonal);
  } else {
    out["leontief_diagonal"] = nullptr;
  }
  if (analysis.leontief_inverse.size() > 0) {
    Json rows = Json::array();
    for (Index i : sectors) rows.push_back(pick(analysis.leontief_inverse.row(i)));
    out["leontief_inverse"] = rows;
  } else {
    out["leontief_inverse"] = nullptr;
  }
  Json warnings = Json::array();
  for (const Diagnostic& warning : table.warnings) warnings.push_back(IoWarningText(warning));
  out["warnings"] = warnings;
  return util::JsonText(out);
}

}  // namespace gosplan
