// What `gosplan io --coefficients` reports (docs/scale.md): text, CSV and gosplan.leontief/1. n can
// be 10^6 and more, so every report is written straight into one string with fmt — never held as a
// JSON tree — in the same layout as a tree would give, "schema" first.
#include <fmt/format.h>

#include <cmath>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "gosplan/leontief.h"
#include "util/csv_writer.h"

namespace gosplan {
namespace {

std::string SolverName(const LeontiefRun& run) {
  if (!run.solver.empty()) return run.solver;
  return fmt::format("Anderson({})-accelerated Neumann iteration, fused CSC passes{}",
                     run.options.history,
                     run.options.gauss_seidel ? " in Gauss-Seidel order (descending columns)" : "");
}

bool Productive(const LeontiefRun& run) { return run.solution.spectral_radius_bound < 1.0; }

// The per-sector columns: total_output (when final demand was given), then NAME_multiplier.
std::vector<std::pair<std::string, const Eigen::VectorXd*>> Columns(const LeontiefRun& run) {
  std::vector<std::pair<std::string, const Eigen::VectorXd*>> columns;
  if (run.final_demand.size() > 0) columns.push_back({"total_output", &run.solution.total_output});
  for (std::size_t k = 0; k < run.primary_names.size(); ++k) {
    columns.push_back({run.primary_names[k] + "_multiplier", &run.solution.multipliers[k]});
  }
  return columns;
}

std::string JsonString(const std::string& text) { return nlohmann::json(text).dump(); }

// Shortest round-trip form; null when not finite (docs/json.md).
void AppendNumber(std::string& out, double value) {
  if (std::isfinite(value)) {
    fmt::format_to(std::back_inserter(out), "{}", value);
  } else {
    out += "null";
  }
}

void AppendArray(std::string& out, const Eigen::VectorXd& values) {
  out += '[';
  for (Index i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    AppendNumber(out, values(i));
  }
  out += ']';
}

}  // namespace

std::string LeontiefTextReport(const LeontiefRun& run) {
  const auto columns = Columns(run);
  std::string out;
  out.reserve(static_cast<std::size_t>(run.n) * (11 + 22 * columns.size()) + 512);
  auto append = std::back_inserter(out);
  fmt::format_to(append, "coefficients {}: n = {} sectors, {} non-zeros, solver {}\n",
                 run.coefficients, run.n, run.nonzeros, SolverName(run));
  // On Gauss-Seidel passes a multiplier's residual is an upper bound (NeumannAndersonOptions).
  const bool bound = run.options.gauss_seidel && !run.solution.multipliers.empty();
  fmt::format_to(
      append,
      "residual {}{:.3g} (tolerance {}{}), matrix passes {}, productive: {} (spectral radius of A "
      "<= {:.6g})\n\n",
      bound ? "<= " : "", run.residual, run.options.tolerance,
      bound ? "; the multipliers' residuals bounded on Gauss-Seidel passes" : "",
      run.solution.matrix_passes, Productive(run) ? "yes" : "not proven",
      run.solution.spectral_radius_bound);
  fmt::format_to(append, "{:>10}", "sector");
  for (const auto& column : columns) fmt::format_to(append, "  {:>20}", column.first);
  out += '\n';
  for (Index i = 0; i < run.n; ++i) {
    fmt::format_to(append, "{:>10}", i + 1);
    for (const auto& column : columns) fmt::format_to(append, "  {:>20.7g}", (*column.second)(i));
    out += '\n';
  }
  return out;
}

std::string LeontiefCsv(const LeontiefRun& run) {
  const auto columns = Columns(run);
  std::string out;
  out.reserve(static_cast<std::size_t>(run.n) * (8 + 20 * columns.size()) + 256);
  util::CsvWriter csv(out);
  csv.Text("sector");
  for (const auto& column : columns) csv.Text(column.first);
  csv.EndRow();
  for (Index i = 0; i < run.n; ++i) {
    csv.Integer(i + 1);
    for (const auto& column : columns) csv.Number((*column.second)(i));
    csv.EndRow();
  }
  return out;
}

std::string LeontiefJson(const LeontiefRun& run) {
  const NeumannAndersonSolution& s = run.solution;
  const bool has_demand = run.final_demand.size() > 0;
  std::string out;
  out.reserve(static_cast<std::size_t>(run.n) * 24 * (2 * has_demand + run.primary_names.size()) +
              1024);
  auto append = std::back_inserter(out);
  fmt::format_to(append, "{{\n  \"schema\": \"gosplan.leontief/1\",\n  \"coefficients\": {},\n",
                 JsonString(run.coefficients));
  fmt::format_to(append, "  \"n\": {},\n  \"nonzeros\": {},\n  \"matrix_bytes\": {},\n", run.n,
                 run.nonzeros, run.matrix_bytes);
  fmt::format_to(append, "  \"solver\": {},\n  \"threads\": {},\n  \"iterations\": {},\n",
                 JsonString(SolverName(run)), run.threads, s.matrix_passes);
  out += "  \"iterations_by_system\": {";
  bool first = true;
  if (has_demand) {
    fmt::format_to(append, "\"total_output\": {}", s.total_output_summary.iterations);
    first = false;
  }
  for (std::size_t k = 0; k < run.primary_names.size(); ++k) {
    fmt::format_to(append, "{}{}: {}", first ? "" : ", ", JsonString(run.primary_names[k]),
                   s.multiplier_summaries[k].iterations);
    first = false;
  }
  out += "},\n  \"residual\": ";
  AppendNumber(out, run.residual);
  out += ",\n  \"tolerance\": ";
  AppendNumber(out, run.options.tolerance);
  out += ",\n  \"spectral_radius_bound\": ";
  AppendNumber(out, s.spectral_radius_bound);
  fmt::format_to(append, ",\n  \"productive\": {},\n", Productive(run) ? "true" : "false");
  out += "  \"final_demand\": ";
  if (has_demand) {
    AppendArray(out, run.final_demand);
  } else {
    out += "null";
  }
  out += ",\n  \"total_output\": ";
  if (has_demand) {
    AppendArray(out, s.total_output);
  } else {
    out += "null";
  }
  out += ",\n  \"multipliers\": {";
  for (std::size_t k = 0; k < run.primary_names.size(); ++k) {
    fmt::format_to(append, "{}\n    {}: ", k == 0 ? "" : ",", JsonString(run.primary_names[k]));
    AppendArray(out, s.multipliers[k]);
  }
  out += run.primary_names.empty() ? "}\n}\n" : "\n  }\n}\n";
  return out;
}

}  // namespace gosplan
