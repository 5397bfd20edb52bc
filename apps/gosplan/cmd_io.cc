// `gosplan io TABLE.csv|-|MODEL_FOLDER`: static input-output analysis (docs/io.md); with
// --coefficients A.mtx the large-economy solve (docs/scale.md). Parses flags, calls the library
// (AnalyseIoTable and its reports, SolveLeontiefFiles and its reports), prints; warnings and
// timings go to stderr.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli_output.h"
#include "cmd_io_footprints.h"
#include "cmd_io_regions.h"
#include "cmd_io_supply_use.h"
#include "commands.h"
#include "gosplan/io_table.h"
#ifdef GOSPLAN_HAVE_PETSC
#include "gosplan/distributed.h"
#endif
#include "gosplan/leontief.h"
#include "gosplan/model.h"
#include "petsc_backend.h"
#include "progress_reporter.h"

namespace gosplan::cli {
namespace {

struct IoFlags {
  std::string table;
  std::string final_demand;
  std::vector<std::string> sectors;
  IoAnalysisOptions analysis;  // --rows, --inverse and the solver's flags
  std::string method = "auto";
  std::string preconditioner = "ilut";
  double balance_tolerance = 1e-4;
  // Explicit table layout (docs/io.md); given = on the command line (an empty list means none).
  std::vector<std::string> final_demand_columns;
  std::vector<std::string> primary_rows;
  bool final_demand_columns_given = false;
  bool primary_rows_given = false;
  std::string format = "text";  // text (alias: table), csv or json
  // Large economies (docs/scale.md): A as Matrix Market, vectors one number per line.
  std::string coefficients;            // --coefficients A.mtx
  std::vector<std::string> primaries;  // --primary NAME=FILE (coefficients per unit of output)
  std::optional<int> anderson_depth;   // --anderson-depth; unset: NeumannAndersonOptions' default
  bool gauss_seidel = false;       // --gauss-seidel: every system on descending Gauss-Seidel passes
  std::string backend = "serial";  // --backend serial|petsc (docs/distributed.md)
  std::string petsc_options;       // --petsc-options "-ksp_type bcgs ..."
  bool tolerance_given = false;
  bool no_cache = false;  // a model folder: ignore MODEL_DIR/.gosplan-cache
  CsvFlags csv;           // --delimiter, --decimal, --encoding
  bool quiet = false;     // no timing line on stderr
  bool verbose = false;   // the solver's facts on stderr (sizes, passes, iterations, residual)

  IoExtensionFlags extensions;  // satellites, footprints, linkages (cmd_io_footprints.cc)
  bool by_region = false;  // --by-region: a regional model's output per region (cmd_io_regions.cc)
};

int Print(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    std::fputs("gosplan io: cannot write the output\n", stderr);
    return kInternalFailure;
  }
  return kSuccess;
}

Status Invalid(std::string message, std::string expected, std::string where = "gosplan io") {
  return Status::InvalidInput(std::move(where), 0, 0, std::move(message), std::move(expected));
}

// --primary NAME=FILE ... into `files` (names once each); kInvalidInput naming the bad one.
Status AddPrimaries(const std::vector<std::string>& primaries, LeontiefFiles& files) {
  for (const std::string& primary : primaries) {
    const std::size_t equals = primary.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == primary.size()) {
      return Invalid("'" + primary + "' is not NAME=FILE", "--primary labour=labour.txt",
                     "--primary");
    }
    const std::string name = primary.substr(0, equals);
    const std::vector<std::string>& seen = files.primary_names;
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      return Invalid("primary '" + name + "' given twice", "each name once", "--primary");
    }
    files.primary_names.push_back(name);
    files.primary_files.push_back(primary.substr(equals + 1));
  }
  return Status::Ok();
}

// ---- `mpirun -n P gosplan io --coefficients A.mtx ... --backend petsc` (docs/distributed.md) ----
// Every rank solves its share; rank 0 alone writes the report and the messages (the others would
// only repeat them), every rank returns the same exit status.
int RunCoefficientsPetsc(const IoFlags& flags, const std::string& usage) {
  if (flags.gauss_seidel) {
    return ReportFailure(Invalid("--gauss-seidel is a serial-backend option", usage));
  }
  if (flags.anderson_depth) {
    // The PETSc backend runs Krylov solves, not the Neumann/Anderson iteration: a depth would be
    // silently ignored.
    return ReportFailure(Invalid("--anderson-depth is a serial-backend option", usage));
  }
#ifndef GOSPLAN_HAVE_PETSC
  return ReportFailure(Invalid("--backend petsc: this gosplan was built without PETSc",
                               "--backend serial, or a build with GOSPLAN_WITH_PETSC=ON "
                               "(docs/distributed.md)"));
#else
  // Errors found before MPI starts are the same on every rank: rank 0 says them.
  const auto fail = [](const Status& status) {
    return LauncherRank() == 0 ? ReportFailure(status) : SilentFailure(status);
  };
  LeontiefFiles files{flags.coefficients, flags.final_demand, {}, {}};
  if (Status added = AddPrimaries(flags.primaries, files); !added.ok()) return fail(added);
  DistributedLeontiefOptions options;
  options.tolerance = flags.tolerance_given ? flags.analysis.solver.tolerance : 1e-10;
  options.max_iterations = flags.analysis.solver.max_iterations;
  std::string invalid;
  if (!options.IsValid(&invalid)) return fail(Invalid(invalid, "valid solver flags"));
  const auto entry = LoadPetscEntry(kRunLeontiefDistributedSymbol);
  if (!entry.ok()) return fail(entry.status());
  Result<LeontiefRun> solved = Status::Internal("the PETSc backend returned nothing");
  int rank = 0;
  reinterpret_cast<RunLeontiefDistributedFunction>(entry.value())(
      flags.petsc_options, files, options, RankZeroFailureReport(), &solved, &rank);
  if (!solved.ok()) return SilentFailure(solved.status());  // rank 0 said it inside the session
  if (rank != 0) return kSuccess;
  const LeontiefRun& run = solved.value();
  if (flags.verbose) {
    std::fprintf(stderr,
                 "gosplan: %lld sectors, %lld non-zeros (%.1f MB in PETSc AIJ), %s; %lld "
                 "mat-vecs; worst relative residual %.3g\n",
                 static_cast<long long>(run.n), static_cast<long long>(run.nonzeros),
                 static_cast<double>(run.matrix_bytes) / 1e6, run.solver.c_str(),
                 static_cast<long long>(run.solution.matrix_passes), run.residual);
  }
  Progress(flags.quiet, fmt::format("timings: load {:.3f} s, solve {:.3f} s (rank 0 CPU {:.3f} s)",
                                    run.load_seconds, run.solve_seconds, run.solve_cpu_seconds));
  Reporter().StartPhase("write");
  return Print(flags.format == "json"  ? LeontiefJson(run)
               : flags.format == "csv" ? LeontiefCsv(run)
                                       : LeontiefTextReport(run));
#endif
}

// ---- `gosplan io --coefficients A.mtx --final-demand y.txt [--primary NAME=FILE ...]` -----------
int RunCoefficients(const IoFlags& flags) {
  const std::string usage = "--coefficients A.mtx --final-demand y.txt [--primary NAME=FILE ...]";
  if (!flags.table.empty() || flags.analysis.inverse || !flags.analysis.rows.empty() ||
      !flags.sectors.empty() || flags.final_demand_columns_given || flags.primary_rows_given ||
      flags.extensions.Any()) {
    return ReportFailure(
        Invalid("--coefficients does not combine with TABLE, --inverse, --rows, "
                "--sectors, --final-demand-columns, --primary-rows or the table's extensions "
                "(--satellite, --footprints, --linkages, ...)",
                usage));
  }
  if (flags.final_demand.empty() && flags.primaries.empty()) {
    return ReportFailure(Invalid("--coefficients needs --final-demand or --primary", usage));
  }
  if (flags.backend == "petsc") return RunCoefficientsPetsc(flags, usage);
  NeumannAndersonOptions options;
  options.tolerance = flags.tolerance_given ? flags.analysis.solver.tolerance : 1e-10;
  options.max_iterations = flags.analysis.solver.max_iterations;
  if (flags.anderson_depth) options.history = *flags.anderson_depth;
  options.gauss_seidel = flags.gauss_seidel;
  std::string invalid;
  if (!options.IsValid(&invalid)) return ReportFailure(Invalid(invalid, "valid solver flags"));
  options.should_stop = CancelHook();  // Ctrl-C
  if (Reporter().live() || Reporter().json() || Settings().log_level == "debug") {
    options.progress = [](const NeumannAndersonProgress& report) {
      ProgressUpdate update;
      update.phase = "solve";
      update.detail = report.systems > 1 ? fmt::format("Neumann-Anderson, system {} of {}",
                                                       report.system + 1, report.systems)
                                         : std::string("Neumann-Anderson");
      update.iteration = report.passes;
      update.measures = {{"residual", report.residual}};
      Reporter().Update(update);
    };
  }
  LeontiefFiles files{flags.coefficients, flags.final_demand, {}, {}};
  if (Status added = AddPrimaries(flags.primaries, files); !added.ok()) {
    return ReportFailure(added);
  }
  // One library call reads A and solves: shown as one phase (its timings line splits it).
  Reporter().StartPhase("solve", "reading A, then (I - A) x = y by Neumann-Anderson");
  const auto solved = SolveLeontiefFiles(files, options);
  if (!solved.ok()) return ReportFailure(solved.status());
  const LeontiefRun& run = solved.value();
  // Timings vary run to run: stderr only.
  if (flags.verbose) {
    std::fprintf(stderr,
                 "gosplan: %lld sectors, %lld non-zeros (%.1f MB in CSC), %d threads; %lld passes "
                 "over A; worst relative residual %s%.3g\n",
                 static_cast<long long>(run.n), static_cast<long long>(run.nonzeros),
                 static_cast<double>(run.matrix_bytes) / 1e6, run.threads,
                 static_cast<long long>(run.solution.matrix_passes),
                 // The multipliers' residuals on Gauss-Seidel passes are bounds (leontief.h).
                 run.options.gauss_seidel && !run.solution.multipliers.empty() ? "<= " : "",
                 run.residual);
  }
  Progress(flags.quiet, fmt::format("timings: load {:.3f} s, solve {:.3f} s (CPU {:.3f} s)",
                                    run.load_seconds, run.solve_seconds, run.solve_cpu_seconds));
  Reporter().StartPhase("write");
  return Print(flags.format == "json"  ? LeontiefJson(run)
               : flags.format == "csv" ? LeontiefCsv(run)
                                       : LeontiefTextReport(run));
}

// ---- `gosplan io TABLE.csv|MODEL_FOLDER`
// ---------------------------------------------------------
Result<IoTable> LoadTable(const IoFlags& flags) {
  std::error_code ignored;
  if (std::filesystem::is_directory(flags.table, ignored)) {
    if (flags.final_demand_columns_given || flags.primary_rows_given) {
      return Invalid(
          "--final-demand-columns and --primary-rows describe a table CSV, not a model folder",
          "TABLE.csv with --final-demand-columns / --primary-rows");
    }
    LoadOptions load_options;
    SetCacheOptions(load_options, flags.no_cache);
    load_options.csv = flags.csv.Dialect();
    auto model = LoadModel(flags.table, load_options);
    if (!model.ok()) return model.status();
    return IoTableFromModel(model.value());
  }
  IoTableOptions options;
  options.balance_tolerance = flags.balance_tolerance;
  options.csv = flags.csv.Dialect().value_or(CsvDialect{});
  // "--final-demand-columns ''" says: no final-demand columns.
  auto listed = [](std::vector<std::string> names) {
    names.erase(std::remove(names.begin(), names.end(), std::string()), names.end());
    return names;
  };
  if (flags.final_demand_columns_given)
    options.final_demand_columns = listed(flags.final_demand_columns);
  if (flags.primary_rows_given) options.primary_rows = listed(flags.primary_rows);
  return LoadIoTable(flags.table, options);
}

int RunIo(const IoFlags& flags, const SupplyUseFlags& supply_use_flags) {
  if (flags.by_region) {
    if (!flags.coefficients.empty() || !flags.final_demand.empty() || flags.extensions.Any() ||
        supply_use_flags.requested() || flags.analysis.inverse || !flags.sectors.empty()) {
      return ReportFailure(Invalid("--by-region takes a model folder and its own final demand",
                                   "gosplan io MODEL_FOLDER --by-region [--format F] (no "
                                   "--coefficients, --final-demand, --sectors, --inverse or "
                                   "table extensions)"));
    }
    IoAnalysisOptions options = flags.analysis;
    options.solver.method = flags.method == "direct"      ? LeontiefMethod::kDirect
                            : flags.method == "iterative" ? LeontiefMethod::kIterative
                                                          : LeontiefMethod::kAuto;
    return RunIoByRegion(flags.table, options, flags.csv.Dialect(), flags.no_cache, flags.format,
                         flags.quiet);
  }
  if (!flags.coefficients.empty()) return RunCoefficients(flags);
  if (flags.backend != "serial") {
    return ReportFailure(Invalid("--backend " + flags.backend + " needs --coefficients A.mtx",
                                 "--coefficients A.mtx --final-demand y.txt --backend petsc"));
  }
  // The iteration's options act on --coefficients only; on a table they would be silently ignored.
  if (flags.gauss_seidel || flags.anderson_depth) {
    const std::string given = flags.gauss_seidel ? "--gauss-seidel" : "--anderson-depth";
    return ReportFailure(Invalid(given + " needs --coefficients A.mtx",
                                 "--coefficients A.mtx --final-demand y.txt " + given));
  }
  // One --write-table (registered with the extensions): with --supply/--use it writes the symmetric
  // table as constructed, unless --aggregate asks for the aggregated table, which the extensions
  // write.
  SupplyUseFlags supply_use = supply_use_flags;
  IoExtensionFlags extensions = flags.extensions;
  if (supply_use.requested() && extensions.aggregate.empty()) {
    supply_use.write_table = extensions.write_table;
    extensions.write_table.clear();
  }
  if (flags.table.empty() && !supply_use.requested()) {
    return ReportFailure(
        Invalid("no table given", "TABLE.csv, a model folder, or --coefficients A.mtx"));
  }
  if (flags.table == "-" && flags.final_demand == "-") {
    return ReportFailure(Invalid("TABLE and --final-demand both read standard input",
                                 "standard input for one of them; a file for the other"));
  }
  SupplyUseRun construct;  // --supply/--use/--construct: cmd_io_supply_use.cc
  Reporter().StartPhase("load", supply_use.requested() ? "supply and use tables" : flags.table);
  const auto load_started = std::chrono::steady_clock::now();
  const std::clock_t load_cpu_started = std::clock();
  const Result<IoTable> table =
      supply_use.requested() ? BuildSupplyUseTable(supply_use, flags.table, flags.csv.Dialect(),
                                                   flags.quiet, construct)
                             : LoadTable(flags);
  if (!table.ok()) return ReportFailure(table.status());
  if (construct.skip_analysis) return Print(ConstructOnly(flags.format, construct));
  const IoTable& io = table.value();
  IoReportOptions report;
  Eigen::VectorXd final_demand = io.TotalFinalDemand();
  if (!flags.final_demand.empty()) {
    IoTableOptions final_demand_options;
    final_demand_options.csv = flags.csv.Dialect().value_or(CsvDialect{});
    auto loaded = LoadFinalDemand(flags.final_demand, io, final_demand_options);
    if (!loaded.ok()) return ReportFailure(loaded.status());
    final_demand = std::move(loaded.value());
    report.final_demand_source = flags.final_demand;
  }
  if (!flags.sectors.empty()) {
    auto sectors = FindReportedSectors(io, flags.sectors, "--sectors");
    if (!sectors.ok()) return ReportFailure(sectors.status());
    report.sectors = std::move(sectors.value());
  }
  IoAnalysisOptions options = flags.analysis;
  options.solver.method = flags.method == "direct"      ? LeontiefMethod::kDirect
                          : flags.method == "iterative" ? LeontiefMethod::kIterative
                                                        : LeontiefMethod::kAuto;
  options.solver.preconditioner = flags.preconditioner == "diagonal"
                                      ? LeontiefPreconditioner::kDiagonal
                                      : LeontiefPreconditioner::kIncompleteLut;
  std::string invalid;
  if (!options.solver.IsValid(&invalid))
    return ReportFailure(Invalid(invalid, "valid solver flags"));
  Reporter().StartPhase("solve", "Leontief analysis");
  if (extensions.Any()) {
    Progress(
        flags.quiet,
        fmt::format(
            "timings: table read {:.3f} s (CPU {:.3f} s)",
            std::chrono::duration<double>(std::chrono::steady_clock::now() - load_started).count(),
            static_cast<double>(std::clock() - load_cpu_started) / CLOCKS_PER_SEC));
    return RunIoExtensions(extensions, io, final_demand, !flags.final_demand.empty(), options,
                           report, flags.csv.Dialect().value_or(CsvDialect{}), flags.format,
                           flags.quiet);
  }
  const auto analysis = AnalyseIoTable(io, final_demand, options);
  if (!analysis.ok()) return ReportFailure(analysis.status());
  if (flags.verbose) {
    const Productiveness& p = analysis->productiveness;
    std::fprintf(stderr,
                 "gosplan: solver %s; spectral radius of A in [%.6g, %.6g] over %lld blocks; %lld "
                 "Krylov iterations; worst relative residual %.3g\n",
                 analysis->solver.c_str(), p.spectral_radius_lower, p.spectral_radius_upper,
                 static_cast<long long>(p.block_count),
                 static_cast<long long>(analysis->iterations), analysis->residual);
  }
  // Warnings go to stderr in every format (stdout holds only the result), and into the JSON too.
  for (const Diagnostic& warning : io.warnings)
    std::fputs((IoWarningText(warning) + "\n").c_str(), stderr);
  Reporter().StartPhase("write");
  const std::string output = flags.format == "json"  ? IoJson(io, analysis.value(), report)
                             : flags.format == "csv" ? IoCsv(io, analysis.value(), report)
                                                     : IoTextReport(io, analysis.value(), report);
  return Print(supply_use.requested() ? WithConstruct(output, flags.format, construct) : output);
}

}  // namespace

void RegisterIoCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<IoFlags>();
  auto supply_use = std::make_shared<SupplyUseFlags>();
  CLI::App* io = app.add_subcommand(
      "io",
      "Input-output analysis of an IO table (CSV) or a model folder: total output x = "
      "(I - A)^-1 y,\noutput and primary-input multipliers, Leontief diagonal, productiveness "
      "(Hawkins-Simon).");
  io->add_option("TABLE", flags->table,
                 "IO table CSV file (- reads it from standard input), or a model folder (square "
                 "single-output system)");
  io->add_option("--coefficients", flags->coefficients,
                 "large economies: technical coefficients A as a Matrix Market file (coordinate "
                 "real general);\n--final-demand and --primary files then hold one number per "
                 "line (docs/scale.md)");
  io->add_option("--primary", flags->primaries,
                 "with --coefficients: NAME=FILE, primary coefficients per unit of output (e.g. "
                 "labour=labour.txt);\nreports NAME_multiplier = (I - A)^-T c (labour values); "
                 "repeatable");
  io->add_option("--anderson-depth", flags->anderson_depth,
                 "with --coefficients: Anderson mixing depth of the Neumann iteration (0 = plain; "
                 "default 3)");
  io->add_option("--backend", flags->backend,
                 "with --coefficients: serial (this process, OpenMP threads) or petsc (PETSc KSP "
                 "over MPI:\nmpirun -n P gosplan io ... --backend petsc; docs/distributed.md)")
      ->check(CLI::IsMember({"serial", "petsc"}))
      ->capture_default_str();
  io->add_option("--petsc-options", flags->petsc_options,
                 "with --backend petsc: PETSc options, e.g. \"-ksp_type bcgs -pc_type jacobi\" "
                 "(also read from\nthe PETSC_OPTIONS environment variable)");
  io->add_flag("--gauss-seidel", flags->gauss_seidel,
               "with --coefficients: total output and the multipliers on Gauss-Seidel passes "
               "(descending columns,\none thread; fewer passes when products are numbered by input "
               "popularity, docs/scale.md)");
  io->add_option("--final-demand", flags->final_demand,
                 "CSV with columns sector,value: final demand y (default: the table's "
                 "final-demand columns);\nwith --coefficients: one number per line");
  io->add_option("--rows", flags->analysis.rows,
                 "primary rows whose multipliers to report (default: all)")
      ->delimiter(',');
  io->add_option("--sectors", flags->sectors, "sectors to report (default: all)")->delimiter(',');
  io->add_flag("--by-region", flags->by_region,
               "a model folder with regions.csv: the output each region's final demand needs, "
               "x_g = (I - A)^-1 y_g\n(sums to the national x; docs/io.md, \"By region\")");
  io->add_flag("--inverse", flags->analysis.inverse,
               "also print the full Leontief inverse (n <= 2000)");
  CLI::Option* quiet = AddQuietAndProgressFlags(io, &flags->quiet, "no timing line on stderr");
  io->add_flag(
        "--verbose,-v", flags->verbose,
        "the solver's facts on stderr: method, spectral radius bounds, iterations or passes, "
        "residual")
      ->excludes(quiet);
  AddCsvFlags(io, flags->csv);
  io->add_flag("--no-cache", flags->no_cache,
               "a model folder: read its CSV tables, ignoring .gosplan-cache");
  io->add_option("--method", flags->method,
                 "solver: auto (LU up to 20000 sectors), direct, iterative")
      ->check(CLI::IsMember({"auto", "direct", "iterative"}))
      ->capture_default_str();
  io->add_option("--direct-limit", flags->analysis.solver.direct_limit,
                 "auto: sparse LU up to this many sectors")
      ->capture_default_str();
  io->add_option("--preconditioner", flags->preconditioner,
                 "BiCGSTAB preconditioner: ilut or diagonal")
      ->check(CLI::IsMember({"ilut", "diagonal"}))
      ->capture_default_str();
  CLI::Option* tolerance =
      io->add_option("--tolerance", flags->analysis.solver.tolerance,
                     "relative residual every solve must reach (with --coefficients: default "
                     "1e-10)")
          ->capture_default_str();
  io->add_option("--max-iterations", flags->analysis.solver.max_iterations,
                 "BiCGSTAB iterations per solve")
      ->capture_default_str();
  const auto non_negative = [](std::string& text) -> std::string {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    const bool whole = end != text.c_str() && *end == '\0';
    return whole && std::isfinite(value) && value >= 0.0 ? std::string() : "a finite number >= 0";
  };
  io->add_option("--balance-tolerance", flags->balance_tolerance,
                 "relative tolerance of total_output against the row sums; differences within it "
                 "(or within\nthe unit of the table's last printed digit) are rounding: accepted "
                 "with one warning")
      ->check(CLI::Validator(non_negative, "NUMBER >= 0"))
      ->capture_default_str();
  CLI::Option* final_demand_columns =
      io->add_option("--final-demand-columns", flags->final_demand_columns,
                     "table CSV: exactly these header columns are final demand (they follow the "
                     "sector columns;\n'' = none); the sector columns must pair up with the "
                     "sector rows by label")
          ->delimiter(',');
  CLI::Option* primary_rows =
      io->add_option("--primary-rows", flags->primary_rows,
                     "table CSV: exactly these rows are primary inputs (they follow the sector "
                     "rows; '' = none)")
          ->delimiter(',');
  AddIoExtensionFlags(io, flags->extensions);
  io->add_option("--format", flags->format, "output: text (alias table), csv or json")
      ->check(CLI::IsMember({"text", "table", "csv", "json"}))
      ->capture_default_str();
  AddSupplyUseFlags(io, *supply_use);
  io->callback([flags, supply_use, tolerance, final_demand_columns, primary_rows, &exit_code]() {
    flags->tolerance_given = tolerance->count() > 0;
    flags->final_demand_columns_given = final_demand_columns->count() > 0;
    flags->primary_rows_given = primary_rows->count() > 0;
    exit_code = RunIo(*flags, *supply_use);
  });
}

}  // namespace gosplan::cli
