// Input-output tables: the static Leontief model's data.
//
// A table describes n sectors. Z[i,j] is what sector i sells to sector j in the period (the
// intermediate flows), f[i,c] what sector i sells to final-demand category c, x[j] the total
// (gross) output of sector j, and every primary row r (value added, labour, employment, imports,
// emissions, ...) gives r[j], what sector j uses of that primary input. The technical coefficients
// are
//     A = Z · diag(x)^-1          (A[i,j] = Z[i,j] / x[j]: input of i per unit of output of j),
// and the primary coefficients are r[j] / x[j]. The model is x = A x + y with y = Σ_c f[·,c]
// (see leontief.h for the solvers).
//
// File layout (docs/io.md): one header row — a label cell, the sector names, the final-demand
// column names, optionally `total_output` (last); then the sector rows (label, n flows,
// final-demand values, total output); then the primary rows (label, n values; cells under the
// final-demand and total_output columns may be empty and are not read).
//
// The sector block. Sector rows and sector columns pair up by label, in order: sector i is header
// column i+1 and row i, with the same label. Without explicit lists the block is the leading run of
// header columns whose labels equal the leading run of row labels; at the first position k where
// they differ (row label r, header label h) the block ends — the remaining columns are final
// demand, the remaining rows primary — only if row r leaves its cell under column h empty, as a
// primary row does under a final-demand column. A number there may be a flow to sector h as well (a
// mislabelled or missing sector row), so the mismatch is then an error at r's line naming r and h
// ("sector row 2 is labelled 'c' but sector column 2 is 'b'"). After the block, a row with a number
// in every column after the block whose label is a later header column is a sector out of place (an
// error); a primary row and a final-demand column may share a name (`imports`). Without
// total_output, a final-demand column named like a total ("total", "Total output", ...) is an
// error. With IoTableOptions::final_demand_columns and/or primary_rows the block is exactly the
// columns/rows the lists leave (the listed ones must come last); the two sides must pair up one to
// one by label.
//
// Balance: with a total_output column, a sector row whose total x differs from its row sum s = Σ
// flows + Σ final demand by d = |x − s| is accepted silently when d ≤ 1e-9·max(|x|, |s|, 1)
// (floating-point noise), accepted as rounding with one warning (the worst row, in
// IoTable::warnings) when d ≤ max(balance_tolerance·max(|x|, |s|, 1), u + 1e-9·max(|x|, |s|, 1))
// where u is the unit of the table's last printed digit — that of the most precise number in the
// sector rows (1 when all are integers like "435953", 0.01 when the most precise is like "12.50") —
// and refused beyond. The published x is used.
#pragma once

#include <Eigen/Core>
#include <Eigen/SparseCore>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gosplan/csv_dialect.h"
#include "gosplan/model.h"
#include "gosplan/status.h"

namespace gosplan {

// The sparse matrix type of the IO code: column-major, 64-bit indices.
using SparseMatrix = Eigen::SparseMatrix<double, Eigen::ColMajor, Index>;

struct IoTable {
  IoTable() = default;
  IoTable(const IoTable&) = default;
  IoTable& operator=(const IoTable&) = default;
  // Moves hand the sparse matrices over (Eigen 3.4's SparseMatrix has no move constructor: the
  // implicit move would copy Z and A — 3 GB for a dense 9,800-sector table — at every hand-over,
  // e.g. into a Result). A field added below must be added to them too (io_table.cc).
  IoTable(IoTable&& other) noexcept;
  IoTable& operator=(IoTable&& other) noexcept;

  std::string source;                // file or model folder it came from (used in diagnostics)
  std::vector<std::string> sectors;  // n names, in table order

  // Final demand: n × k, column c is category final_demand_names[c] (product units or money).
  std::vector<std::string> final_demand_names;
  Eigen::MatrixXd final_demand;

  // Flows as published (empty 0 × 0 / size 0 when the table was built from coefficients, e.g. a
  // model).
  SparseMatrix flows;  // Z, n × n, only the non-zero flows stored
  Eigen::VectorXd
      total_output;  // x as in the table (size n), or size 0 when built from coefficients
  Eigen::MatrixXd
      primary_inputs;  // m × n, r[j] as in the table (0 × n when built from coefficients)

  // Coefficients: what the solvers use.
  std::vector<std::string> primary_names;  // m names of the primary rows
  SparseMatrix coefficients;               // A, n × n, A[i,j] = Z[i,j] / x[j]
  Eigen::MatrixXd primary_coefficients;    // m × n, r[j] / x[j] (0 where x[j] = 0 and r[j] = 0)

  // Problems that did not stop the load (a total output that differs from its row sum by rounding):
  // at most one per kind, each located; the library does not print them.
  std::vector<Diagnostic> warnings;

  Index size() const { return static_cast<Index>(sectors.size()); }
  // y = Σ_c final_demand[·, c] (size n).
  Eigen::VectorXd TotalFinalDemand() const;
  // Position of a sector or primary row by name, or -1.
  Index FindSector(const std::string& name) const;
  Index FindPrimary(const std::string& name) const;
};

struct IoTableOptions {
  std::size_t max_diagnostics = 100;                       // problems collected before giving up
  std::uint64_t max_file_bytes = std::uint64_t{16} << 30;  // refuse larger files
  // Relative tolerance for total_output against the row sum s = Z·1 + f·1 (rounding in published
  // tables): |x_i − s_i| ≤ max(balance_tolerance · max(|x_i|, |s_i|, 1), unit of the table's last
  // printed digit) is accepted (with a warning unless below 1e-9 relative), more is an error.
  double balance_tolerance = 1e-4;
  // Explicit layout (unset: inferred, see above). The named header columns are the final-demand
  // columns and the named rows the primary rows; they must come after the sector columns/rows,
  // which pair up by label.
  std::optional<std::vector<std::string>> final_demand_columns;
  std::optional<std::vector<std::string>> primary_rows;
  // How the table and final-demand files are written (delimiter, decimal mark, encoding):
  // gosplan/csv_dialect.h.
  CsvDialect csv;

  // True when every field is in its range (caps ≥ 1, balance_tolerance in [0, 1), listed names
  // non-empty); otherwise false with the field, its value and the rule in *error.
  bool IsValid(std::string* error = nullptr) const;
};

// Reads an IO table CSV file. On bad input returns kInvalidInput with every problem found, each as
// file:line:column (non-numeric/NaN/inf cells, negative flows, sector rows and columns that do not
// pair up, empty or repeated header names, a final-demand column named like total output, ragged
// rows, zero or negative output of a sector with inputs, total_output that does not balance within
// rounding, an empty table). Cost: O(file size) time and memory; A is built sparse.
Result<IoTable> LoadIoTable(const std::string& path, const IoTableOptions& options = {});

// Builds a table from flows: n sector names, Z (n × n, ≥ 0), final demand (n × k), x (n), primary
// inputs (m × n). Checks as LoadIoTable does (without line numbers: diagnostics name `source`).
Result<IoTable> MakeIoTable(std::string source, std::vector<std::string> sectors,
                            SparseMatrix flows, std::vector<std::string> final_demand_names,
                            Eigen::MatrixXd final_demand, Eigen::VectorXd total_output,
                            std::vector<std::string> primary_names, Eigen::MatrixXd primary_inputs);

// The static IO model of a model folder: techniques must form a square single-output system — every
// product made by exactly one technique, with out = 1, and every technique making exactly one
// product (errors name the product or technique). Then sector j is product j, A[i,j] = in[p_j, i]
// where p_j makes j, final demand is one column "final_demand" = Σ_c (floor + target) of the first
// plan year, and the primary rows are the resources with coefficients use[p_j, r].
Result<IoTable> IoTableFromModel(const Model& model);

// Reads a final-demand vector for `table` from a CSV with columns `sector,value`: every named
// sector at most once, names as in the table; sectors not listed get 0. Values may be negative
// (stock draw-downs).
Result<Eigen::VectorXd> LoadFinalDemand(const std::string& path, const IoTable& table,
                                        const IoTableOptions& options = {});

// ---- Reports of an analysis (AnalyseIoTable in gosplan/leontief.h; docs/io.md, docs/json.md) ----
struct IoAnalysis;  // gosplan/leontief.h

struct IoReportOptions {
  // Sector positions reported, in this order; empty = all, in table order.
  std::vector<Index> sectors;
  // The text report's "final demand:" line, e.g. the final-demand file; empty = the table's
  // final-demand columns, named.
  std::string final_demand_source;
};

// Positions of the named sectors, in the order given. Unknown names are kInvalidInput, one
// diagnostic each attributed to `source` (e.g. "--sectors"), saying so when the name is a primary
// row instead.
Result<std::vector<Index>> FindReportedSectors(const IoTable& table,
                                               const std::vector<std::string>& names,
                                               const std::string& source);

// What `gosplan io` prints: a header (size, solver, residual, productiveness, final demand), then
// one aligned row per reported sector — total_output, output_multiplier, leontief_diagonal (when
// computed), NAME_multiplier per primary row — to 7 significant digits, then the Leontief inverse
// when computed.
std::string IoTextReport(const IoTable& table, const IoAnalysis& analysis,
                         const IoReportOptions& options = {});
// The same columns as CSV (util::CsvWriter: shortest round-trip numbers), plus one column
// "inverse:SECTOR" per reported sector when the inverse was computed.
std::string IoCsv(const IoTable& table, const IoAnalysis& analysis,
                  const IoReportOptions& options = {});
// The analysis as a gosplan.io/1 document (docs/json.md), the table's load warnings included.
std::string IoJson(const IoTable& table, const IoAnalysis& analysis,
                   const IoReportOptions& options = {});
// A load warning as gosplan.io/1 and the command line word it: "warning: FILE:LINE:COLUMN: ...".
std::string IoWarningText(const Diagnostic& warning);

}  // namespace gosplan
