// `gosplan io` extensions: flags, loading of the extra files, the extended analysis, printing.
#include "cmd_io_footprints.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>

#include "cli_output.h"
#include "gosplan/io_footprints.h"
#include "util/atomic_output.h"

namespace gosplan::cli {
namespace {

Status Invalid(std::string message, std::string expected) {
  return Status::InvalidInput("gosplan io", 0, 0, std::move(message), std::move(expected));
}

int Print(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    std::fputs("gosplan io: cannot write the output\n", stderr);
    return kInternalFailure;
  }
  return kSuccess;
}

}  // namespace

bool IoExtensionFlags::Any() const {
  return !satellite.empty() || !satellite_final_demand.empty() || !characterisation.empty() ||
         !regions.empty() || footprints || footprints_detail || !write_footprints.empty() ||
         linkages || ghosh || !extract.empty() || !aggregate.empty() || !write_table.empty();
}

void AddIoExtensionFlags(CLI::App* io, IoExtensionFlags& flags) {
  io->add_option("--satellite", flags.satellite,
                 "satellite account F.csv (stressor rows x sector columns): stressor multipliers "
                 "M = S L");
  io->add_option("--satellite-final-demand", flags.satellite_final_demand,
                 "with --satellite: FY.csv, direct emissions of final users (stressor rows x "
                 "final-demand columns)");
  io->add_option("--characterisation", flags.characterisation,
                 "C.csv: impact rows x stressor columns (factors); adds impacts C F as stressors");
  io->add_option("--regions", flags.regions,
                 "CSV label,region for every sector and final-demand column (default: labels "
                 "region/sector); implies --footprints");
  io->add_flag("--footprints", flags.footprints,
               "regional accounts per stressor and primary row: production- and consumption-based, "
               "imports, exports");
  io->add_flag("--footprints-detail", flags.footprints_detail,
               "also per region and sector (n <= 2000); implies --footprints");
  io->add_option("--write-footprints", flags.write_footprints,
                 "write the regional accounts as CSV (stressor,region,...); implies --footprints");
  io->add_flag("--linkages", flags.linkages,
               "forward (Ghosh) and backward (Leontief) linkages, Rasmussen key-sector indices");
  io->add_flag("--ghosh", flags.ghosh,
               "also output coefficients B and the Ghosh inverse (n <= 500); implies --linkages");
  io->add_option("--extract", flags.extract,
                 "hypothetical extraction of SECTOR: the output lost when it is removed");
  io->add_option("--aggregate", flags.aggregate,
                 "CSV label,group: report per group (computed at full detail, then summed)");
  io->add_option("--lu-precision", flags.lu_precision,
                 "dense LU of the extensions: double (float64), mixed (float32 LU refined in "
                 "float64 to the float64 level, falling back to float64), auto (mixed from 4000 "
                 "sectors and 12 times as many sectors as right-hand sides; OpenBLAS builds "
                 "only)")
      ->check(CLI::IsMember({"auto", "double", "mixed"}))
      ->capture_default_str();
  io->add_option("--write-table", flags.write_table,
                 "write the table (aggregated with --aggregate; with --supply/--use the symmetric "
                 "table) in the layout gosplan io reads");
}

int RunIoExtensions(const IoExtensionFlags& flags, const IoTable& table,
                    const Eigen::VectorXd& final_demand, bool final_demand_given,
                    const IoAnalysisOptions& options, const IoReportOptions& report,
                    const CsvDialect& dialect, const std::string& format, bool quiet) {
  const auto started = std::chrono::steady_clock::now();
  IoTableOptions file_options;
  file_options.csv = dialect;
  ExtendedOptions extended;
  extended.footprints = flags.footprints || flags.footprints_detail || !flags.regions.empty() ||
                        !flags.write_footprints.empty();
  extended.footprints_detail = flags.footprints_detail;
  extended.linkages = flags.linkages || flags.ghosh;
  extended.ghosh = flags.ghosh;
  extended.lu_precision = flags.lu_precision == "double"  ? ExtendedOptions::LuPrecision::kDouble
                          : flags.lu_precision == "mixed" ? ExtendedOptions::LuPrecision::kMixed
                                                          : ExtendedOptions::LuPrecision::kAuto;
  if (!flags.extract.empty()) extended.extract = flags.extract;
  if (!flags.satellite_final_demand.empty() && flags.satellite.empty()) {
    return ReportFailure(Invalid("--satellite-final-demand needs --satellite",
                                 "--satellite F.csv --satellite-final-demand FY.csv"));
  }
  if (extended.footprints && final_demand_given) {
    return ReportFailure(
        Invalid("footprints use the table's regional final-demand columns; --final-demand "
                "replaces them",
                "--footprints without --final-demand"));
  }
  if (auto refused = RefuseOutputPath(flags.write_table, "--write-table", false, true))
    return *refused;
  if (auto refused = RefuseOutputPath(flags.write_footprints, "--write-footprints", false, true))
    return *refused;

  std::optional<Satellite> satellite;
  if (!flags.satellite.empty()) {
    auto loaded = LoadSatellite(flags.satellite, table, file_options);
    if (!loaded.ok()) return ReportFailure(loaded.status());
    satellite = std::move(loaded.value());
    if (!flags.satellite_final_demand.empty()) {
      Status read =
          LoadSatelliteFinalDemand(flags.satellite_final_demand, table, *satellite, file_options);
      if (!read.ok()) return ReportFailure(read);
    }
  }
  if (!flags.characterisation.empty()) {
    if (!satellite) {
      satellite = Satellite{};
      satellite->source = "(no --satellite)";
      satellite->values.resize(0, table.size());
      satellite->final_demand.resize(0, static_cast<Index>(table.final_demand_names.size()));
    }
    Status read = LoadCharacterisation(flags.characterisation, table, *satellite, file_options);
    if (!read.ok()) return ReportFailure(read);
  }
  std::optional<RegionMap> regions;
  if (extended.footprints) {
    auto loaded = flags.regions.empty() ? RegionsFromLabels(table)
                                        : LoadRegions(flags.regions, table, file_options);
    if (!loaded.ok()) return ReportFailure(loaded.status());
    regions = std::move(loaded.value());
  }
  std::optional<Concordance> concordance;
  if (!flags.aggregate.empty()) {
    auto loaded = LoadConcordance(flags.aggregate, table, file_options);
    if (!loaded.ok()) return ReportFailure(loaded.status());
    concordance = std::move(loaded.value());
  }
  const auto loaded_at = std::chrono::steady_clock::now();
  const std::clock_t cpu_before = std::clock();
  auto analysis = AnalyseExtended(table, final_demand, satellite ? &*satellite : nullptr,
                                  regions ? &*regions : nullptr, options, extended);
  if (!analysis.ok()) return ReportFailure(analysis.status());
  const auto solved_at = std::chrono::steady_clock::now();
  const double cpu_seconds = static_cast<double>(std::clock() - cpu_before) / CLOCKS_PER_SEC;
  const double load_seconds = std::chrono::duration<double>(loaded_at - started).count();
  const double solve_seconds = std::chrono::duration<double>(solved_at - loaded_at).count();
  Progress(quiet,
           fmt::format("timings: extra files {:.3f} s, analysis {:.3f} s (CPU {:.3f} s; {}{}{}, "
                       "{} stressors)",
                       load_seconds, solve_seconds, cpu_seconds, analysis->factorisation,
                       analysis->lu_precision.empty() ? "" : ", " + analysis->lu_precision,
                       analysis->refinement_steps > 0
                           ? fmt::format(", {} refinement step{}", analysis->refinement_steps,
                                         analysis->refinement_steps == 1 ? "" : "s")
                           : "",
                       analysis->stressors.size()));
  for (const Diagnostic& warning : table.warnings)
    std::fputs((IoWarningText(warning) + "\n").c_str(), stderr);
  if (!flags.write_table.empty()) {
    Result<IoTable> written = concordance ? AggregateTable(table, *concordance) : IoTable(table);
    if (!written.ok()) return ReportFailure(written.status());
    if (Status status = WriteIoTable(written.value(), flags.write_table); !status.ok())
      return ReportFailure(status);
  }
  if (!flags.write_footprints.empty()) {
    if (Status status =
            util::WriteFileAtomically(flags.write_footprints, FootprintsCsv(analysis.value()));
        !status.ok())
      return ReportFailure(status);
  }
  const Concordance* groups = concordance ? &*concordance : nullptr;
  return Print(format == "json"  ? ExtendedJson(table, analysis.value(), report, groups)
               : format == "csv" ? ExtendedCsv(table, analysis.value(), report, groups)
                                 : ExtendedTextReport(table, analysis.value(), report, groups));
}

}  // namespace gosplan::cli
