// Supply and use tables (SUTs) as statistical offices publish them, and what gosplan makes of them:
// symmetric input-output tables (Eurostat Manual of Supply, Use and Input-Output Tables, 2008,
// ch. 11; UN Handbook on Supply and Use Tables and Input-Output Tables, 2018) and plan models
// (Koopmans' activity analysis, gosplan/import.h ImportSupplyUse).
//
// Notation (p products, n industries, m primary rows, k final-demand categories):
//   S  p × n  supply: S[i,j] is what industry j produces of product i (basic prices). BEA's "make"
//             table V (industries × commodities) is S transposed; the reader accepts both.
//   U  p × n  use: U[i,j] is what industry j uses of product i.
//   W  m × n  primary inputs of industries (compensation of employees, taxes on production, ...).
//   Y  p × k  final uses of products (consumption, investment, exports, ...).
//   g = Sᵀ·1  industry output;  q = S·1  domestic product output.
//   E  p × e  the supply table's columns that are neither industries nor totals: imports, CIF/FOB
//             adjustments, trade and transport margins, taxes less subsidies on products.
// Product balance at purchasers' prices (the manual's supply = use identity):
//   q + Σ_e E[·,e] + r = U·1 + Y·1,
// where r, the valuation residual, is zero when the supply table carries margins and taxes and is
// otherwise the difference between purchasers' and basic prices (BEA publishes its use table at
// purchasers' prices, its supply table at basic prices, without the margin columns): r is
// reported per product. Industry balance: 1ᵀU + 1ᵀW = gᵀ (checked).
//
// Reading (LoadSupplyUse). Both files are CSV tables with a header row and a label column.
//  - Use table: the industry columns are the leading columns up to the first column recognised as
//    a total ("Total Intermediate", "T001", "total", ...) or as final demand ("Personal
//    consumption expenditures", "Exports ...", codes F0..., "final", "consumption", "investment",
//    "government", "export", "inventor", "households", ...); the product rows are the leading rows
//    up to the first total or primary row (compensation, taxes, subsidies, operating surplus,
//    mixed income, value added, employment, consumption of fixed capital, codes V0..., T00...).
//    Rows after the "total industry output" row (taxes and subsidies on products, value added at
//    producers' prices) are valuation rows: read, checked, reported, not used.
//  - Supply table: its orientation is decided by labels. Products × industries when its rows are
//    the use table's products (as a set) or its industry columns the use table's industries;
//    industries × products ("make") when its rows are the use table's industries or its columns
//    the use table's products. Both or neither is an error that says so (SupplyUseOptions::
//    orientation decides then). When only one side matches by label (BEA's 71-industry use table
//    names industries by code, its supply table by name), the other side is paired by position
//    when the counts agree, with a note.
//  - Cells "---", "...", "..", "x", "X", "(D)", "-" and empty cells are suppressed or zero: read
//    as 0, counted in a note.
//  - Rows and columns labelled "Less: ..." are subtracted in the office's sums: read with their
//    sign reversed and the prefix dropped ("Less: Other subsidies on production" becomes "Other
//    subsidies on production", negative; a note says so).
//  - Totals (recognised by name, or named in skip_rows / skip_columns) are checked before they are
//    dropped: each must equal, within rounding, the sum of the data block, of all lines before it,
//    of the lines since the previous total, or the previous total plus those lines. Rounding: the
//    larger of total_tolerance relative and half a unit of the last printed digit per summed term.
//    A larger difference is reported (total_mismatches, located file:line:column) in the notes;
//    the total is dropped all the same (the data cells are what the office publishes).
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <string>
#include <vector>

#include "gosplan/csv_dialect.h"
#include "gosplan/io_table.h"
#include "gosplan/model.h"
#include "gosplan/status.h"

namespace gosplan {

enum class SupplyOrientation { kAuto, kProductsByIndustries, kIndustriesByProducts };

struct SupplyUseOptions {
  // Labels of further rows / columns to drop (totals the reader does not recognise, or lines to
  // ignore), matched case-insensitively after trimming; in either file. A listed total is checked
  // as a recognised one is when it matches one of the sums; otherwise it is just dropped.
  std::vector<std::string> skip_rows;
  std::vector<std::string> skip_columns;
  SupplyOrientation orientation = SupplyOrientation::kAuto;
  // Relative tolerance of a published total against its sum (rounding), in [0, 1).
  double total_tolerance = 1e-4;
  CsvDialect csv;
  std::size_t max_diagnostics = 100;

  bool IsValid(std::string* error = nullptr) const;
};

struct SupplyUseTables {
  std::string supply_source, use_source;
  std::vector<std::string> products;              // p, in the use table's order
  std::vector<std::string> industries;            // n, as the use table names them
  std::vector<std::string> industries_in_supply;  // n, as the supply table names them
  Eigen::MatrixXd supply;                         // S, p × n
  Eigen::MatrixXd use;                            // U, p × n
  std::vector<std::string> final_demand_names;
  Eigen::MatrixXd final_demand;  // Y, p × k
  std::vector<std::string> primary_names;
  Eigen::MatrixXd primary;  // W, m × n
  // The supply table's further columns (imports, CIF/FOB, margins, taxes), p × e.
  std::vector<std::string> supply_extra_names;
  Eigen::MatrixXd supply_extra;
  // The use table's rows below total industry output (taxes/subsidies on products, value added
  // at producers' prices), v × n: reported, not used.
  std::vector<std::string> valuation_row_names;
  Eigen::MatrixXd valuation_rows;

  bool supply_was_make = false;             // the supply file was industries × products
  std::int64_t suppressed_cells = 0;        // "---", "x", empty, ... read as 0
  std::vector<std::string> totals_checked;  // "file: 'label' (row|column)" for each total dropped
  // "file:line:column: total 'X' is ... but ... sum to ...": totals off their sums by more than
  // rounding (reported, not refused: published tables hold such slips).
  std::vector<std::string> total_mismatches;
  std::vector<std::string> notes;  // sentences a user should read

  Index product_count() const { return static_cast<Index>(products.size()); }
  Index industry_count() const { return static_cast<Index>(industries.size()); }
  Eigen::VectorXd IndustryOutput() const;  // g = Sᵀ·1
  Eigen::VectorXd ProductOutput() const;   // q = S·1
  // r = U·1 + Y·1 − q − Σ_e E[·,e]: purchasers' minus basic prices per product (0 at one
  // valuation).
  Eigen::VectorXd ValuationResidual() const;
};

Result<SupplyUseTables> LoadSupplyUse(const std::string& supply_path, const std::string& use_path,
                                      const SupplyUseOptions& options = {});

// ---- Symmetric tables (Eurostat manual 2008, ch. 11) -------------------------------------------
//
// Before a construct, negative entries of U (BEA: scrap sold back) move to S and negative
// entries of S to U, sign reversed (both balances keep). Products with no domestic output (q_i = 0,
// e.g. BEA's "Noncomparable imports") leave the product side: their use row becomes a primary row
// "imported: NAME" (their final use leaves the table, with a note). An industry's main product is
// the product of the same label (in the use or the supply table's naming), else the largest entry
// of its supply column. Products that no industry makes as its main product (e.g. scrap) are
// by-products for the product-technology and by-product-technology models: their supply is
// subtracted from the producing industry's use of them (negative input, Stone's method) and they
// then leave as above, "net use: NAME".
//
// With B = U·ĝ⁻¹ (input structure of industries), C = S·ĝ⁻¹ (product mix), D = Sᵀ·q̂⁻¹ (market
// shares), the models and their flows Z, primary inputs W*, final demand Y* and outputs x* are:
//   industry technology (model B, product × product):  Z = U·ĝ⁻¹·Sᵀ,  W* = W·ĝ⁻¹·Sᵀ,  x* = q
//   product technology (model A, product × product):   Z = U·S⁻¹·q̂,   W* = W·S⁻¹·q̂,   x* = q
//       (S square after the steps above, its columns ordered by main product; solved by LU,
//       never inverted); negatives possible
//   by-product technology (product × product):           Z = U − S_off, W* = W, x* = diag(S)
//       (secondary products become negative inputs of the industry making them)
//   fixed product sales (model D, industry × industry):   Z = D·U,  Y* = D·Y,  W* = W,  x* = g
// Final demand: Y plus, per supply extra column, minus that column (imports enter as a negative
// final demand), plus minus the valuation residual r ("less: margins and taxes on products"), so
// that every row balances: Z·1 + Y*·1 = x*. Every column balances: 1ᵀZ + 1ᵀW* = x*ᵀ.
enum class SymmetricModel {
  kIndustryTechnology,
  kProductTechnology,
  kByProductTechnology,
  kFixedProductSales
};
const char* ToString(SymmetricModel model);  // "industry-technology", ...
bool ParseSymmetricModel(const std::string& text, SymmetricModel* model);

enum class NegativeFlows {
  kKeep,          // keep them (the table cannot be written in the IO layout, which refuses them)
  kError,         // a negative flow is an error naming the count, the largest and where
  kRedistribute,  // set to 0; the row's other positive flows shrink in proportion so the row total
                  // stays; the columns' change is booked in a primary row "negatives redistributed"
};
bool ParseNegativeFlows(const std::string& text, NegativeFlows* negatives);

struct SymmetricOptions {
  SymmetricModel model = SymmetricModel::kIndustryTechnology;
  NegativeFlows negatives = NegativeFlows::kKeep;
};

struct NegativeFlowReport {
  std::int64_t count = 0;   // flows below −1e-9·(largest flow)
  double largest = 0.0;     // the most negative flow (0 when count = 0)
  std::string row, column;  // where the most negative flow is
  double total = 0.0;       // sum of the negative flows
};

struct SymmetricTable {
  SymmetricModel model = SymmetricModel::kIndustryTechnology;
  std::vector<std::string> sectors;  // products or industries
  Eigen::MatrixXd flows;             // Z, n × n (dense: SUT sizes)
  std::vector<std::string> final_demand_names;
  Eigen::MatrixXd final_demand;  // n × k
  std::vector<std::string> primary_names;
  Eigen::MatrixXd primary;       // m × n
  Eigen::VectorXd total_output;  // x*
  NegativeFlowReport negatives;  // before redistribution when redistributed
  std::vector<std::string> notes;
  // Largest |row sum − x*| and |column sum − x*| relative to max(x*) (identities of the result).
  double row_balance_error = 0.0;
  double column_balance_error = 0.0;
};

Result<SymmetricTable> BuildSymmetricTable(const SupplyUseTables& tables,
                                           const SymmetricOptions& options = {});

// The symmetric table as an IoTable (for AnalyseIoTable); negative flows kept as they are.
IoTable ToIoTable(const SymmetricTable& table, const std::string& source);
// The table in the IO table CSV layout (docs/io.md) that LoadIoTable reads back, with a
// total_output column. kInvalidInput when it holds negative flows (the layout refuses them).
Result<std::string> IoTableCsv(const SymmetricTable& table, const std::string& source);
// The same layout without that check (a report of a table with negative flows).
std::string SymmetricTableCsv(const SymmetricTable& table);

// ---- Supply and use tables -> a plan model (Koopmans' activity analysis) -----------------------
//
// ImportSupplyUse builds a gosplan model in which every industry j is one technique with joint
// outputs, per unit of industry output g_j (activity 1 = one unit of the tables' money):
//   out[j,i] = S[i,j]/g_j,  in[j,i] = U[i,j]/g_j  (a negative use entry, e.g. scrap sold back, is
//   an output instead),  use[j,r] = W[r,j]/g_j  for every primary row r whose entries are all ≥ 0
//   (compensation of employees, taxes on production, operating surplus; rows with negative
//   entries, such as subsidies, are not constraints and are left out with a note).
// Resources: those primary rows, available R[r,t] = Σ_j W[r,j]·(1 + resource_growth)^t.
// Products: every product of the use table (id: its label in lower case, non-alphanumerics as
// '_'). Final-demand categories: the use table's final-demand columns, target mix = the base
// year's positive entries (floors 0) in every plan year. What balances the products in the base
// year besides the industries — each supply extra column (imports, CIF/FOB, margins, taxes), the
// valuation residual r (purchasers' − basic prices) and the negative final-demand entries (stock
// draw-downs) — becomes a "bundle" technique that delivers the base year's amounts in proportion
// (positive amounts outputs, negative amounts inputs, per unit of activity = per unit of the sum T
// of its positive amounts), run by its own enterprise with capacity T (the base year's). A column
// without positive amounts (BEA's CIF/FOB adjustment) joins the margins-and-taxes bundle.
// One enterprise per industry, capacity g_j·(1 + capacity_margin). All quantities are in model
// units = unit_scale × the tables' units. A capital-stock file
// (industries × products, the tables' units) gives b[j,i] = K[j,i]/g_j, initial stocks K[j,i],
// depreciation `depreciation`; without one the model has no capital and so no investment.
// The base year (industry activity g_j, bundles T) satisfies every balance, resource and capacity
// row of plan year 1 with target fulfilment 1: the plan ray λ ≥ 1 is achievable.
struct SupplyUseImportOptions {
  SupplyUseOptions tables;
  std::string name;              // model name; empty: "supply-use <use file stem>"
  int base_year = 0;             // calendar year of the tables (t = 0)
  int horizon = 5;               // plan years, ≥ 1
  double resource_growth = 0;    // yearly growth of resource availability, > −1
  double capacity_margin = 0.1;  // enterprise capacity above base output, ≥ 0
  std::string capital_stock;     // CSV path, industries × products; empty: none
  double depreciation = 0.0;     // yearly depreciation of capital stock, in [0, 1)
  // Model units per table unit for every quantity (activities, availabilities, capacities,
  // targets, stocks; coefficients are ratios and do not change), > 0. The default 1e-3 counts
  // BEA's million USD as billion USD: the plan LP of tables in the millions is then well scaled
  // (BEA 2021's 71 industries solve to an optimal, verified plan; at 1 CLP's prices miss the
  // 1e-6 check).
  double unit_scale = 1e-3;

  bool IsValid(std::string* error = nullptr) const;
};

struct SupplyUseImport {
  Model model;
  SupplyUseTables tables;
  std::vector<std::string> notes;  // the tables' notes and the importer's
};

Result<SupplyUseImport> ImportSupplyUse(const std::string& supply_path, const std::string& use_path,
                                        const SupplyUseImportOptions& options = {});

// A label as a model id: lower case, runs of characters other than letters and digits as one '_'.
std::string SupplyUseId(const std::string& label);

}  // namespace gosplan
