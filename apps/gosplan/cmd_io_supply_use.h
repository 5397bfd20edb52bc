// `gosplan io --supply S.csv --use U.csv --construct MODEL`: the symmetric table built from supply
// and use tables (gosplan/supply_use.h), analysed as `gosplan io TABLE.csv` analyses a table. The
// io command (cmd_io.cc) registers these flags and calls these functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "gosplan/csv_dialect.h"
#include "gosplan/io_table.h"
#include "gosplan/status.h"
#include "gosplan/supply_use.h"

namespace gosplan::cli {

struct SupplyUseFlags {
  std::string supply, use, construct, write_table;
  std::string negatives = "error";
  std::string orientation = "auto";
  std::vector<std::string> skip_rows, skip_columns;
  bool requested() const { return !supply.empty() || !use.empty() || !construct.empty(); }
};

// What the construction made, for the report.
struct SupplyUseRun {
  SupplyUseTables tables;
  SymmetricTable table;
  // --negatives keep left negative flows: the Leontief analysis (coefficients ≥ 0) is not run and
  // only the construction is reported (ConstructOnly).
  bool skip_analysis = false;
};

// --supply, --use, --construct, --write-table, --negatives, --supply-orientation, --skip-rows,
// --skip-columns.
void AddSupplyUseFlags(CLI::App* io, SupplyUseFlags& flags);
// --supply-orientation's value as the library's enum.
SupplyOrientation ParseOrientation(const std::string& text);

// Reads the tables, builds the symmetric table (writing --write-table), returns it as an IoTable.
// `table` is the io command's TABLE argument (must be empty).
Result<IoTable> BuildSupplyUseTable(const SupplyUseFlags& flags, const std::string& table,
                                    const std::optional<CsvDialect>& dialect, bool quiet,
                                    SupplyUseRun& run);
// The io command's output with the construction's report: a "construct" key in JSON, a header
// block in text; CSV unchanged (the notes went to stderr).
// The construction's report alone (text or JSON gosplan.construct/1; CSV: the table itself).
std::string ConstructOnly(const std::string& format, const SupplyUseRun& run);
std::string WithConstruct(const std::string& output, const std::string& format,
                          const SupplyUseRun& run);

}  // namespace gosplan::cli
