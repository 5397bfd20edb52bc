// `gosplan io` extensions (docs/io.md, "Satellites, footprints and the forward view"): satellite
// accounts, regional footprints, linkages, the Ghosh inverse, hypothetical extraction and
// aggregation. Registered on the io command by cmd_io.cc; run instead of the plain analysis when
// any of their flags is given.
#pragma once

#include <CLI/CLI.hpp>
#include <Eigen/Core>
#include <string>

#include "gosplan/csv_dialect.h"
#include "gosplan/io_table.h"
#include "gosplan/leontief.h"

namespace gosplan::cli {

struct IoExtensionFlags {
  std::string satellite;               // --satellite F.csv
  std::string satellite_final_demand;  // --satellite-final-demand FY.csv
  std::string characterisation;        // --characterisation C.csv
  std::string regions;                 // --regions FILE.csv
  bool footprints = false;             // --footprints
  bool footprints_detail = false;      // --footprints-detail
  std::string write_footprints;        // --write-footprints FILE.csv
  bool linkages = false;               // --linkages
  bool ghosh = false;                  // --ghosh
  std::string extract;                 // --extract SECTOR
  std::string aggregate;               // --aggregate MAP.csv
  std::string write_table;             // --write-table T.csv
  std::string lu_precision = "auto";   // --lu-precision auto|double|mixed
  bool Any() const;
};

void AddIoExtensionFlags(CLI::App* io, IoExtensionFlags& flags);

// Runs the extended analysis on a loaded table and prints it in `format` (table, csv, json);
// returns the exit code. `final_demand_given`: y came from --final-demand (footprints refuse it).
int RunIoExtensions(const IoExtensionFlags& flags, const IoTable& table,
                    const Eigen::VectorXd& final_demand, bool final_demand_given,
                    const IoAnalysisOptions& options, const IoReportOptions& report,
                    const CsvDialect& dialect, const std::string& format, bool quiet);

}  // namespace gosplan::cli
