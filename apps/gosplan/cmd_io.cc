// `gosplan io TABLE.csv|MODEL_FOLDER`: static input-output analysis (docs/io.md).
// Total output x = (I − A)^-1 y, output multipliers, primary-row multipliers (r/x)·L, the Leontief diagonal
// (n ≤ 2000), optionally the full inverse, and the Hawkins–Simon productiveness check.
#include <fmt/format.h>
#include <omp.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_output.h"
#include "commands.h"
#include "gosplan/io_table.h"
#include "gosplan/leontief.h"
#include "gosplan/matrix_market.h"
#include "gosplan/model.h"
#include "util/csv_writer.h"

namespace gosplan::cli {
namespace {

struct IoFlags {
  std::string table;
  std::string final_demand;
  std::vector<std::string> rows;
  std::vector<std::string> sectors;
  bool inverse = false;
  std::string method = "auto";
  std::string preconditioner = "ilut";
  std::int64_t direct_limit = 20000;
  double tolerance = 1e-12;
  std::int64_t max_iterations = 20000;
  double balance_tolerance = 1e-4;
  // Explicit table layout (docs/io.md); given = the option was on the command line (an empty list means none).
  std::vector<std::string> final_demand_columns;
  std::vector<std::string> primary_rows;
  bool final_demand_columns_given = false;
  bool primary_rows_given = false;
  std::string format = "table";
  // Large economies (docs/scale.md): A as Matrix Market, vectors one number per line.
  std::string coefficients;            // --coefficients A.mtx
  std::vector<std::string> primaries;  // --primary NAME=FILE (primary coefficients per unit of output)
  int anderson_depth = 3;
  bool tolerance_given = false;
  bool no_cache = false;  // a model folder: ignore MODEL_DIR/.gosplan-cache
};

// For people: 7 significant digits.
std::string Short(double value) { return fmt::format("{:.7g}", value); }

struct Column {
  std::string name;
  std::vector<double> values;  // one per reported sector
};

std::string FormatTable(const IoTable& table, const IoAnalysis& analysis, const std::vector<Index>& sectors,
                        const std::vector<Column>& columns, const std::string& demand_source) {
  const Productiveness& p = analysis.productiveness;
  std::string out;
  out += fmt::format("IO table {}: n = {} sectors, solver {}, residual {:.3g}, iterations {}\n", table.source,
                     table.size(), analysis.solver, analysis.residual, analysis.iterations);
  out += fmt::format("productive: {} (spectral radius of A {:.6g}, bounds [{:.10g}, {:.10g}], {} irreducible blocks)\n",
                     p.productive ? "yes" : "not proven", p.spectral_radius, p.spectral_radius_lower,
                     p.spectral_radius_upper, p.block_count);
  out += "final demand: " + demand_source + "\n\n";
  std::vector<std::vector<std::string>> cells;
  std::vector<std::string> head{"sector"};
  for (const Column& c : columns) head.push_back(c.name);
  cells.push_back(head);
  for (std::size_t k = 0; k < sectors.size(); ++k) {
    std::vector<std::string> line{table.sectors[static_cast<std::size_t>(sectors[k])]};
    for (const Column& c : columns) line.push_back(Short(c.values[k]));
    cells.push_back(std::move(line));
  }
  std::vector<std::size_t> width(head.size(), 0);
  for (const auto& line : cells) {
    for (std::size_t c = 0; c < line.size(); ++c) width[c] = std::max(width[c], line[c].size());
  }
  for (std::size_t r = 0; r < cells.size(); ++r) {
    std::string line;
    for (std::size_t c = 0; c < cells[r].size(); ++c) {
      if (c == 0) {
        line += fmt::format("{:<{}}", cells[r][c], width[c]);
      } else {
        line += "  " + fmt::format("{:>{}}", cells[r][c], width[c]);
      }
    }
    out += line + "\n";
  }
  if (analysis.leontief_inverse.size() > 0) {
    out += "\nLeontief inverse L = (I - A)^-1 (row i, column j: output of i per unit of final demand for j)\n";
    std::vector<std::vector<std::string>> matrix;
    std::vector<std::string> top{""};
    for (Index j : sectors) top.push_back(table.sectors[static_cast<std::size_t>(j)]);
    matrix.push_back(top);
    for (Index i : sectors) {
      std::vector<std::string> line{table.sectors[static_cast<std::size_t>(i)]};
      for (Index j : sectors) line.push_back(Short(analysis.leontief_inverse(i, j)));
      matrix.push_back(std::move(line));
    }
    std::vector<std::size_t> w(top.size(), 0);
    for (const auto& line : matrix) {
      for (std::size_t c = 0; c < line.size(); ++c) w[c] = std::max(w[c], line[c].size());
    }
    for (const auto& line : matrix) {
      std::string text;
      for (std::size_t c = 0; c < line.size(); ++c) {
        text += c == 0 ? fmt::format("{:<{}}", line[c], w[c]) : "  " + fmt::format("{:>{}}", line[c], w[c]);
      }
      out += text + "\n";
    }
  }
  return out;
}

// Through util::CsvWriter: names quoted as the reader needs, numbers in shortest round-trip form.
std::string FormatCsv(const IoTable& table, const IoAnalysis& analysis, const std::vector<Index>& sectors,
                      const std::vector<Column>& columns) {
  std::string out;
  util::CsvWriter csv(out);
  csv.Text("sector");
  for (const Column& c : columns) csv.Text(c.name);
  const bool inverse = analysis.leontief_inverse.size() > 0;
  if (inverse) {
    for (Index j : sectors) csv.Text("inverse:" + table.sectors[static_cast<std::size_t>(j)]);
  }
  csv.EndRow();
  for (std::size_t k = 0; k < sectors.size(); ++k) {
    csv.Text(table.sectors[static_cast<std::size_t>(sectors[k])]);
    for (const Column& c : columns) csv.Number(c.values[k]);
    if (inverse) {
      for (Index j : sectors) csv.Number(analysis.leontief_inverse(sectors[k], j));
    }
    csv.EndRow();
  }
  return out;
}

// A load warning as printed on stderr and stored in the JSON output.
std::string WarningText(const Diagnostic& warning) { return "warning: " + warning.ToString(); }

std::string FormatJson(const IoTable& table, const IoAnalysis& analysis, const std::vector<Index>& sectors) {
  using Json = nlohmann::ordered_json;
  auto pick = [&](const Eigen::VectorXd& v) {
    Json array = Json::array();
    for (Index j : sectors) array.push_back(v(j));
    return array;
  };
  Json out;
  out["table"] = table.source;
  out["n"] = table.size();
  Json names = Json::array();
  for (Index j : sectors) names.push_back(table.sectors[static_cast<std::size_t>(j)]);
  out["sectors"] = names;
  out["solver"] = analysis.solver;
  out["iterations"] = analysis.iterations;
  out["residual"] = analysis.residual;
  const Productiveness& p = analysis.productiveness;
  out["productive"] = p.productive;
  out["spectral_radius"] = p.spectral_radius;
  out["spectral_radius_bounds"] = Json::array({p.spectral_radius_lower, p.spectral_radius_upper});
  out["final_demand"] = pick(analysis.final_demand);
  out["total_output"] = pick(analysis.total_output);
  out["output_multipliers"] = pick(analysis.output_multipliers);
  Json multipliers = Json::object();
  for (std::size_t k = 0; k < analysis.multiplier_names.size(); ++k) {
    multipliers[analysis.multiplier_names[k]] = pick(analysis.multipliers.row(static_cast<Index>(k)).transpose());
  }
  out["multipliers"] = multipliers;
  if (analysis.leontief_diagonal.size() > 0) out["leontief_diagonal"] = pick(analysis.leontief_diagonal);
  if (analysis.leontief_inverse.size() > 0) {
    Json rows = Json::array();
    for (Index i : sectors) {
      Json row = Json::array();
      for (Index j : sectors) row.push_back(analysis.leontief_inverse(i, j));
      rows.push_back(row);
    }
    out["leontief_inverse"] = rows;
  }
  Json warnings = Json::array();
  for (const Diagnostic& warning : table.warnings) warnings.push_back(WarningText(warning));
  out["warnings"] = warnings;
  return out.dump(2) + "\n";
}

// ---- `gosplan io --coefficients A.mtx --final-demand y.txt [--primary NAME=FILE ...]` ----------------------

class Output {  // buffered stdout
 public:
  template <typename... Args>
  void Print(fmt::format_string<Args...> format, Args&&... args) {
    fmt::format_to(std::back_inserter(buffer_), format, std::forward<Args>(args)...);
    if (buffer_.size() >= (std::size_t{1} << 20)) Flush();
  }
  void Flush() {
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), stdout) != buffer_.size()) failed_ = true;
    buffer_.clear();
  }
  bool Finish() {
    Flush();
    return !failed_ && std::fflush(stdout) == 0;
  }

 private:
  std::string buffer_;
  bool failed_ = false;
};

std::string JsonString(const std::string& text) { return nlohmann::json(text).dump(); }

int RunCoefficients(const IoFlags& flags) {
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
  if (!flags.table.empty() || flags.inverse || !flags.rows.empty() || !flags.sectors.empty() ||
      flags.final_demand_columns_given || flags.primary_rows_given) {
    return ReportFailure(Status::InvalidInput("gosplan io", 0, 0,
                                       "--coefficients does not combine with TABLE, --inverse, --rows, --sectors, "
                                       "--final-demand-columns or --primary-rows",
                                       "--coefficients A.mtx --final-demand y.txt [--primary NAME=FILE ...]"));
  }
  if (flags.final_demand.empty() && flags.primaries.empty()) {
    return ReportFailure(Status::InvalidInput("gosplan io", 0, 0, "--coefficients needs --final-demand or --primary",
                                       "--coefficients A.mtx --final-demand y.txt [--primary NAME=FILE ...]"));
  }
  NeumannAndersonOptions options;
  options.tolerance = flags.tolerance_given ? flags.tolerance : 1e-10;
  options.max_iterations = flags.max_iterations;
  options.history = flags.anderson_depth;
  std::string invalid;
  if (!options.IsValid(&invalid)) return ReportFailure(Status::InvalidInput("gosplan io", 0, 0, invalid, "valid solver flags"));
  std::vector<std::string> names, files;
  for (const std::string& primary : flags.primaries) {
    const std::size_t equals = primary.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == primary.size()) {
      return ReportFailure(Status::InvalidInput("--primary", 0, 0, "'" + primary + "' is not NAME=FILE",
                                         "--primary labour=labour.txt"));
    }
    names.push_back(primary.substr(0, equals));
    files.push_back(primary.substr(equals + 1));
    for (std::size_t k = 0; k + 1 < names.size(); ++k) {
      if (names[k] == names.back()) {
        return ReportFailure(Status::InvalidInput("--primary", 0, 0, "primary '" + names.back() + "' given twice",
                                           "each name once"));
      }
    }
  }

  const auto start = Clock::now();
  MatrixMarketOptions read;
  read.require_non_negative = true;
  read.require_square = true;
  auto matrix = ReadMatrixMarket(flags.coefficients, read);
  if (!matrix.ok()) return ReportFailure(matrix.status());
  const CscMatrix& a = matrix.value();
  const Index n = a.rows;
  Eigen::VectorXd demand;
  if (!flags.final_demand.empty()) {
    auto loaded = ReadVectorFile(flags.final_demand, n);
    if (!loaded.ok()) return ReportFailure(loaded.status());
    demand = std::move(loaded.value());
  }
  std::vector<Eigen::VectorXd> coefficients;
  for (const std::string& file : files) {
    auto loaded = ReadVectorFile(file, n);
    if (!loaded.ok()) return ReportFailure(loaded.status());
    coefficients.push_back(std::move(loaded.value()));
  }
  const auto loaded = Clock::now();
  const std::clock_t cpu_before = std::clock();
  auto solved = SolveLeontiefNeumannAnderson(a, flags.final_demand.empty() ? nullptr : &demand, coefficients, options);
  const auto finished = Clock::now();
  // CPU seconds of all threads during the solve: on a shared machine a truer measure of work than wall time.
  const double solve_cpu = static_cast<double>(std::clock() - cpu_before) / CLOCKS_PER_SEC;
  if (!solved.ok()) return ReportFailure(solved.status());
  const NeumannAndersonSolution& s = solved.value();
  Diagnostics failures;
  double residual = 0.0;
  auto account = [&](const LeontiefSolveSummary& summary, const std::string& what) {
    residual = std::max(residual, summary.residual);
    if (!summary.converged) {
      failures.Add(flags.coefficients, 0, 0, summary.message + " (solving for " + what + ")",
                   "a converged solve: raise --max-iterations or loosen --tolerance");
    }
  };
  if (!flags.final_demand.empty()) account(s.total_output_summary, "total output");
  for (std::size_t k = 0; k < names.size(); ++k) account(s.multiplier_summaries[k], "multipliers of '" + names[k] + "'");
  // Not converged: a solver limit (exit 5), not bad input; every unconverged system is named.
  if (!failures.empty()) {
    std::string text;
    for (const Diagnostic& d : failures.list()) text += (text.empty() ? "" : "\n") + d.ToString();
    return ReportFailure(Status::SolverLimit(text));
  }

  const std::string solver = fmt::format("Anderson({})-accelerated Neumann iteration, fused CSC passes", options.history);
  std::vector<std::pair<std::string, const Eigen::VectorXd*>> columns;
  if (!flags.final_demand.empty()) columns.push_back({"total_output", &s.total_output});
  for (std::size_t k = 0; k < names.size(); ++k) columns.push_back({names[k] + "_multiplier", &s.multipliers[k]});

  Output out;
  if (flags.format == "json") {
    out.Print("{{\n  \"coefficients\": {},\n  \"n\": {},\n  \"nonzeros\": {},\n  \"matrix_bytes\": {},\n", JsonString(flags.coefficients), n,
              a.nonzeros(), a.bytes());
    out.Print("  \"solver\": {},\n  \"threads\": {},\n  \"iterations\": {},\n", JsonString(solver), omp_get_max_threads(),
              s.matrix_passes);
    out.Print("  \"iterations_by_system\": {{");
    bool first = true;
    if (!flags.final_demand.empty()) {
      out.Print("\"total_output\": {}", s.total_output_summary.iterations);
      first = false;
    }
    for (std::size_t k = 0; k < names.size(); ++k) {
      out.Print("{}{}: {}", first ? "" : ", ", JsonString(names[k]), s.multiplier_summaries[k].iterations);
      first = false;
    }
    out.Print("}},\n  \"residual\": {},\n  \"tolerance\": {},\n", residual, options.tolerance);
    out.Print("  \"spectral_radius_bound\": {},\n  \"productive\": {},\n", s.spectral_radius_bound,
              s.spectral_radius_bound < 1.0 ? "true" : "\"not proven\"");
    auto array = [&](const Eigen::VectorXd& v) {
      out.Print("[");
      for (Index i = 0; i < v.size(); ++i) {
        if (i == 0) {
          out.Print("{}", v(i));
        } else {
          out.Print(", {}", v(i));
        }
      }
      out.Print("]");
    };
    if (!flags.final_demand.empty()) {
      out.Print("  \"final_demand\": ");
      array(demand);
      out.Print(",\n  \"total_output\": ");
      array(s.total_output);
      out.Print(",\n");
    }
    out.Print("  \"multipliers\": {{");
    for (std::size_t k = 0; k < names.size(); ++k) {
      out.Print("{}\n    {}: ", k == 0 ? "" : ",", JsonString(names[k]));
      array(s.multipliers[k]);
    }
    out.Print("{}}},\n", names.empty() ? "" : "\n  ");
    out.Print("  \"timing\": {{\"load\": {}, \"solve\": {}, \"solve_cpu\": {}, \"write\": {}}}\n}}\n",
              seconds(start, loaded), seconds(loaded, finished), solve_cpu, seconds(finished, Clock::now()));
  } else if (flags.format == "csv") {
    std::string line;  // one row at a time: n can be in the millions
    util::CsvWriter csv(line);
    csv.Text("sector");
    for (const auto& c : columns) csv.Text(c.first);
    csv.EndRow();
    out.Print("{}", line);
    for (Index i = 0; i < n; ++i) {
      line.clear();
      csv.Integer(i + 1);
      for (const auto& c : columns) csv.Number((*c.second)(i));
      csv.EndRow();
      out.Print("{}", line);
    }
  } else {
    out.Print("coefficients {}: n = {} sectors, {} non-zeros, solver {}\n", flags.coefficients, n, a.nonzeros(),
              solver);
    out.Print("residual {:.3g} (tolerance {}), matrix passes {}, productive: {} (spectral radius of A <= {:.6g})\n",
              residual, options.tolerance, s.matrix_passes, s.spectral_radius_bound < 1.0 ? "yes" : "not proven",
              s.spectral_radius_bound);
    out.Print("time: load {:.3f} s, solve {:.3f} s\n\n", seconds(start, loaded), seconds(loaded, finished));
    out.Print("{:>10}", "sector");
    for (const auto& c : columns) out.Print("  {:>20}", c.first);
    out.Print("\n");
    for (Index i = 0; i < n; ++i) {
      out.Print("{:>10}", i + 1);
      for (const auto& c : columns) out.Print("  {:>20}", Short((*c.second)(i)));
      out.Print("\n");
    }
  }
  if (!out.Finish()) {
    std::fputs("gosplan io: cannot write the output\n", stderr);
    return kInternalFailure;
  }
  return kSuccess;
}

int RunIo(const IoFlags& flags) {
  if (!flags.coefficients.empty()) return RunCoefficients(flags);
  if (flags.table.empty()) {
    return ReportFailure(Status::InvalidInput("gosplan io", 0, 0, "no table given",
                                       "TABLE.csv, a model folder, or --coefficients A.mtx"));
  }
  const bool layout_given = flags.final_demand_columns_given || flags.primary_rows_given;
  // The table: a CSV file or a model folder.
  Result<IoTable> table = IoTable();
  std::error_code ignored;
  if (std::filesystem::is_directory(flags.table, ignored)) {
    if (layout_given) {
      return ReportFailure(Status::InvalidInput("gosplan io", 0, 0,
                                         "--final-demand-columns and --primary-rows describe a table CSV, not a "
                                         "model folder",
                                         "TABLE.csv with --final-demand-columns / --primary-rows"));
    }
    LoadOptions load_options;
    SetCacheOptions(load_options, flags.no_cache);
    auto model = LoadModel(flags.table, load_options);
    if (!model.ok()) return ReportFailure(model.status());
    table = IoTableFromModel(model.value());
  } else {
    IoTableOptions options;
    options.balance_tolerance = flags.balance_tolerance;
    // "--final-demand-columns ''" says: no final-demand columns.
    auto listed = [](const std::vector<std::string>& names) {
      std::vector<std::string> kept;
      for (const std::string& name : names) {
        if (!name.empty()) kept.push_back(name);
      }
      return kept;
    };
    if (flags.final_demand_columns_given) options.final_demand_columns = listed(flags.final_demand_columns);
    if (flags.primary_rows_given) options.primary_rows = listed(flags.primary_rows);
    table = LoadIoTable(flags.table, options);
  }
  if (!table.ok()) return ReportFailure(table.status());
  const IoTable& io = table.value();

  Eigen::VectorXd final_demand;
  std::string demand_source;
  if (!flags.final_demand.empty()) {
    auto loaded = LoadFinalDemand(flags.final_demand, io);
    if (!loaded.ok()) return ReportFailure(loaded.status());
    final_demand = std::move(loaded.value());
    demand_source = flags.final_demand;
  } else {
    final_demand = io.TotalFinalDemand();
    demand_source = "the table's final-demand columns";
    for (std::size_t c = 0; c < io.final_demand_names.size(); ++c) {
      demand_source += (c == 0 ? " (" : ", ") + io.final_demand_names[c];
    }
    if (!io.final_demand_names.empty()) demand_source += ")";
  }

  std::vector<Index> sectors;
  Diagnostics unknown;
  if (flags.sectors.empty()) {
    for (Index j = 0; j < io.size(); ++j) sectors.push_back(j);
  } else {
    for (const std::string& name : flags.sectors) {
      const Index j = io.FindSector(name);
      if (j < 0) {
        // Say what the name is when it names a primary row of the table rather than a sector.
        const std::string hint = io.FindPrimary(name) >= 0 ? ": it is a primary row (see --rows)" : "";
        unknown.Add("--sectors", 0, 0, "unknown sector '" + name + "'" + hint, "a sector of " + io.source);
      } else {
        sectors.push_back(j);
      }
    }
  }
  if (!unknown.empty()) return ReportFailure(Status::InvalidInput(std::move(unknown)));

  IoAnalysisOptions options;
  options.solver.method = flags.method == "direct"      ? LeontiefMethod::kDirect
                          : flags.method == "iterative" ? LeontiefMethod::kIterative
                                                        : LeontiefMethod::kAuto;
  options.solver.tolerance = flags.tolerance;
  options.solver.direct_limit = flags.direct_limit;
  options.solver.preconditioner = flags.preconditioner == "diagonal" ? LeontiefPreconditioner::kDiagonal
                                                                     : LeontiefPreconditioner::kIncompleteLut;
  options.solver.max_iterations = flags.max_iterations;
  options.inverse = flags.inverse;
  options.rows = flags.rows;
  std::string invalid;
  if (!options.solver.IsValid(&invalid)) {
    return ReportFailure(Status::InvalidInput("gosplan io", 0, 0, invalid, "valid solver flags"));
  }
  auto analysis = AnalyseIoTable(io, final_demand, options);
  if (!analysis.ok()) return ReportFailure(analysis.status());
  const IoAnalysis& a = analysis.value();

  std::vector<Column> columns;
  auto column = [&](std::string name, const Eigen::VectorXd& v) {
    Column c{std::move(name), {}};
    for (Index j : sectors) c.values.push_back(v(j));
    columns.push_back(std::move(c));
  };
  column("total_output", a.total_output);
  column("output_multiplier", a.output_multipliers);
  if (a.leontief_diagonal.size() > 0) column("leontief_diagonal", a.leontief_diagonal);
  for (std::size_t k = 0; k < a.multiplier_names.size(); ++k) {
    column(a.multiplier_names[k] + "_multiplier", a.multipliers.row(static_cast<Index>(k)).transpose());
  }

  // Warnings go to stderr in every format (stdout holds only the result), and into the JSON too.
  for (const Diagnostic& warning : io.warnings) {
    const std::string line = WarningText(warning) + "\n";
    std::fputs(line.c_str(), stderr);
  }
  std::string text;
  if (flags.format == "json") {
    text = FormatJson(io, a, sectors);
  } else if (flags.format == "csv") {
    text = FormatCsv(io, a, sectors, columns);
  } else {
    text = FormatTable(io, a, sectors, columns, demand_source);
  }
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    std::fputs("gosplan io: cannot write the output\n", stderr);
    return kInternalFailure;
  }
  return kSuccess;
}

}  // namespace

void RegisterIoCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<IoFlags>();
  CLI::App* io = app.add_subcommand(
      "io", "Input-output analysis of an IO table (CSV) or a model folder: total output x = (I - A)^-1 y,\n"
            "output and primary-input multipliers, Leontief diagonal, productiveness (Hawkins-Simon).");
  io->add_option("TABLE", flags->table, "IO table CSV file, or a model folder (square single-output system)");
  io->add_option("--coefficients", flags->coefficients,
                 "large economies: technical coefficients A as a Matrix Market file (coordinate real general);\n"
                 "--final-demand and --primary files then hold one number per line (docs/scale.md)");
  io->add_option("--primary", flags->primaries,
                 "with --coefficients: NAME=FILE, primary coefficients per unit of output (e.g. labour=labour.txt);\n"
                 "reports NAME_multiplier = (I - A)^-T c (labour values); repeatable");
  io->add_option("--anderson-depth", flags->anderson_depth,
                 "with --coefficients: Anderson mixing depth of the Neumann iteration (0 = plain)")
      ->capture_default_str();
  io->add_option("--final-demand", flags->final_demand,
                 "CSV with columns sector,value: final demand y (default: the table's final-demand columns);\n"
                 "with --coefficients: one number per line");
  io->add_option("--rows", flags->rows, "primary rows whose multipliers to report (default: all)")
      ->delimiter(',');
  io->add_option("--sectors", flags->sectors, "sectors to report (default: all)")->delimiter(',');
  io->add_flag("--inverse", flags->inverse, "also print the full Leontief inverse (n <= 2000)");
  io->add_flag("--no-cache", flags->no_cache, "a model folder: read its CSV tables, ignoring .gosplan-cache");
  io->add_option("--method", flags->method, "solver: auto (LU up to 20000 sectors), direct, iterative")
      ->check(CLI::IsMember({"auto", "direct", "iterative"}))
      ->capture_default_str();
  io->add_option("--direct-limit", flags->direct_limit, "auto: sparse LU up to this many sectors")
      ->capture_default_str();
  io->add_option("--preconditioner", flags->preconditioner, "BiCGSTAB preconditioner: ilut or diagonal")
      ->check(CLI::IsMember({"ilut", "diagonal"}))
      ->capture_default_str();
  CLI::Option* tolerance =
      io->add_option("--tolerance", flags->tolerance,
                     "relative residual every solve must reach (with --coefficients: default 1e-10)")
          ->capture_default_str();
  io->add_option("--max-iterations", flags->max_iterations, "BiCGSTAB iterations per solve")
      ->capture_default_str();
  io->add_option("--balance-tolerance", flags->balance_tolerance,
                 "relative tolerance of total_output against the row sums; differences within it (or within\n"
                 "the unit of the table's last printed digit) are rounding: accepted with one warning")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            char* end = nullptr;
            const double value = std::strtod(text.c_str(), &end);
            const bool whole = end != text.c_str() && *end == '\0';
            return whole && std::isfinite(value) && value >= 0.0 ? std::string() : "a finite number >= 0";
          },
          "NUMBER >= 0"))
      ->capture_default_str();
  CLI::Option* final_demand_columns =
      io->add_option("--final-demand-columns", flags->final_demand_columns,
                     "table CSV: exactly these header columns are final demand (they follow the sector columns;\n"
                     "'' = none); the sector columns must pair up with the sector rows by label")
          ->delimiter(',');
  CLI::Option* primary_rows =
      io->add_option("--primary-rows", flags->primary_rows,
                     "table CSV: exactly these rows are primary inputs (they follow the sector rows; '' = none)")
          ->delimiter(',');
  io->add_option("--format", flags->format, "output: table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  io->callback([flags, tolerance, final_demand_columns, primary_rows, &exit_code]() {
    flags->tolerance_given = tolerance->count() > 0;
    flags->final_demand_columns_given = final_demand_columns->count() > 0;
    flags->primary_rows_given = primary_rows->count() > 0;
    exit_code = RunIo(*flags);
  });
}

}  // namespace gosplan::cli
