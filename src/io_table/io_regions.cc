// Input-output analysis by region (include/gosplan/io_regions.h): one Leontief solve per region's
// final demand and one for the nation, and their reports.
#include "gosplan/io_regions.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "gosplan/regions.h"
#include "io_table/aligned_text.h"
#include "util/csv_writer.h"
#include "util/json.h"

namespace gosplan {
namespace {

std::string Short(double value) { return fmt::format("{:.7g}", value); }

}  // namespace

Eigen::MatrixXd RegionalFinalDemand(const Model& model, const IoTable& table) {
  const Index G = RegionCount(model);
  Eigen::MatrixXd y = Eigen::MatrixXd::Zero(table.size(), G);
  for (const FinalDemand& demand : model.final_demand) {
    if (demand.year != 1) continue;  // the first plan year, as IoTableFromModel
    y(demand.product, FinalDemandRegion(demand)) += demand.floor + demand.target;
  }
  return y;
}

Result<RegionalIo> AnalyseIoByRegion(const Model& model, const IoTable& table,
                                     const IoAnalysisOptions& options) {
  if (model.regions.empty()) {
    return Status::InvalidInput(model.folder, 0, 0, "the model has no regions (no regions.csv)",
                                "a model with regions.csv for --by-region (docs/planning-model.md, "
                                "\"Regions and transport\")");
  }
  RegionalIo io;
  io.model = model.folder;
  for (const Region& region : model.regions) {
    io.regions.push_back(region.id);
    io.region_names.push_back(region.name);
  }
  io.sectors = table.sectors;
  io.primary_names = table.primary_names;
  io.final_demand = RegionalFinalDemand(model, table);
  const Index n = table.size(), G = static_cast<Index>(model.regions.size());
  io.total_output.setZero(n, G);
  // Only the output is needed: no multipliers beyond the primary rows' (cheap), no inverse.
  IoAnalysisOptions solve = options;
  solve.inverse = false;
  solve.diagonal_limit = 0;
  for (Index g = 0; g < G; ++g) {
    auto analysis = AnalyseIoTable(table, io.final_demand.col(g), solve);
    if (!analysis.ok()) return analysis.status();
    io.total_output.col(g) = analysis->total_output;
    io.solver = analysis->solver;
    io.residual = std::max(io.residual, analysis->residual);
  }
  // The nation's final demand solved on its own: the identity Σ_g x_g = x is then a measurement.
  auto national = AnalyseIoTable(table, table.TotalFinalDemand(), solve);
  if (!national.ok()) return national.status();
  io.national_output = national->total_output;
  io.residual = std::max(io.residual, national->residual);
  io.primary_coefficients = table.primary_coefficients;
  io.primary_use = io.primary_coefficients * io.total_output;
  for (Index i = 0; i < n; ++i) {
    const double x = io.national_output(i);
    io.identity_gap = std::max(
        io.identity_gap, std::abs(io.total_output.row(i).sum() - x) / std::max(1.0, std::abs(x)));
  }
  return io;
}

std::string RegionalIoText(const RegionalIo& io) {
  const Index G = static_cast<Index>(io.regions.size());
  std::string out = fmt::format(
      "IO by region of {}: {} sectors, {} regions, solver {}, residual {:.3g}\n"
      "x_g = (I - A)^-1 y_g: the output the whole economy makes for region g's final demand (the "
      "first plan year's floor + target), at the national technology\n"
      "sum over regions = national output within {:.3g} (relative)\n\n",
      io.model, io.sectors.size(), G, io.solver, io.residual, io.identity_gap);
  std::vector<std::vector<std::string>> cells{{"total output"}};
  for (const std::string& region : io.regions) cells[0].push_back(region);
  cells[0].push_back("sum");
  cells[0].push_back("national");
  for (std::size_t i = 0; i < io.sectors.size(); ++i) {
    std::vector<std::string> line{io.sectors[i]};
    for (Index g = 0; g < G; ++g) line.push_back(Short(io.total_output(static_cast<Index>(i), g)));
    line.push_back(Short(io.total_output.row(static_cast<Index>(i)).sum()));
    line.push_back(Short(io.national_output(static_cast<Index>(i))));
    cells.push_back(std::move(line));
  }
  out += AlignedText(cells);
  out += "\n";
  std::vector<std::vector<std::string>> totals{{"region", "name", "final demand (sum)"}};
  for (const std::string& primary : io.primary_names) totals[0].push_back(primary + " required");
  for (Index g = 0; g < G; ++g) {
    std::vector<std::string> line{io.regions[static_cast<std::size_t>(g)],
                                  io.region_names[static_cast<std::size_t>(g)],
                                  Short(io.final_demand.col(g).sum())};
    for (Index r = 0; r < io.primary_use.rows(); ++r) line.push_back(Short(io.primary_use(r, g)));
    totals.push_back(std::move(line));
  }
  out += AlignedText(totals);
  return out;
}

std::string RegionalIoCsv(const RegionalIo& io) {
  std::string out;
  util::CsvWriter csv(out);
  csv.Text("region").Text("sector").Text("final_demand").Text("total_output");
  for (const std::string& primary : io.primary_names) csv.Text(primary + "_use");
  csv.EndRow();
  for (std::size_t g = 0; g < io.regions.size(); ++g) {
    for (std::size_t i = 0; i < io.sectors.size(); ++i) {
      const Index row = static_cast<Index>(i), col = static_cast<Index>(g);
      const double x = io.total_output(row, col);
      csv.Text(io.regions[g]).Text(io.sectors[i]).Number(io.final_demand(row, col)).Number(x);
      // Sector i's own use of each primary input for region g's demand: C[r,i]·x_g[i] (the CSV's
      // column sums per region are r_g).
      for (std::size_t r = 0; r < io.primary_names.size(); ++r) {
        csv.Number(io.primary_coefficients(static_cast<Index>(r), row) * x);
      }
      csv.EndRow();
    }
  }
  return out;
}

std::string RegionalIoJson(const RegionalIo& io) {
  using util::Json;
  using util::JsonNumber;
  Json out = util::JsonDocument("gosplan.io-regions/1");
  out["model"] = io.model;
  out["sectors"] = io.sectors;
  out["solver"] = io.solver;
  out["residual"] = JsonNumber(io.residual);
  out["identity_gap"] = JsonNumber(io.identity_gap);
  auto column = [](const Eigen::VectorXd& values) {
    Json array = Json::array();
    for (Index i = 0; i < values.size(); ++i) array.push_back(JsonNumber(values(i)));
    return array;
  };
  Json regions = Json::array();
  for (std::size_t g = 0; g < io.regions.size(); ++g) {
    const Index col = static_cast<Index>(g);
    Json primary = Json::object();
    for (std::size_t r = 0; r < io.primary_names.size(); ++r) {
      primary[io.primary_names[r]] = JsonNumber(io.primary_use(static_cast<Index>(r), col));
    }
    regions.push_back({{"region", io.regions[g]},
                       {"name", io.region_names[g]},
                       {"final_demand", column(io.final_demand.col(col))},
                       {"total_output", column(io.total_output.col(col))},
                       {"primary_required", primary}});
  }
  out["regions"] = regions;
  out["national_output"] = column(io.national_output);
  return util::JsonText(out);
}

}  // namespace gosplan
