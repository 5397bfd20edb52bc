// Environmentally extended and multi-regional input-output analysis: satellite accounts
// (stressors), regional footprints, the forward (Ghosh) view, linkages, hypothetical extraction and
// aggregation by concordance (docs/io.md, "Satellites and footprints").
//
// Mathematics (table as in io_table.h: A = Z·diag(x)^-1, L = (I − A)^-1, y = final demand):
//   Stressors. F (K × n) is what each sector emits or uses (CO2, water, employment) in the period;
//   S = F·diag(x)^-1 its coefficients per unit of output. The stressor multipliers are
//       M = S·L,  computed as the transposed solves (I − A)^T M^T = S^T
//   with all K right-hand sides at once against one factorisation (L is never formed at scale).
//   The table's own primary rows are stressors too (their multipliers are gosplan.io/1's
//   `multipliers`); a characterisation C (impacts × stressors) adds impacts C·F (and C·F_Y).
//   F_Y (K × final-demand columns) holds the direct emissions of final users (households' cars).
//
//   Regions. Every sector and every final-demand column belongs to one region (labels
//   `region/sector`, `region/category`, or a --regions file). Y_r = Σ of region r's final-demand
//   columns (n), X = L·[Y_1 … Y_R] (n × R: output everywhere caused by each region's final
//   demand), x̂ = X·1 (= x when the table balances). For a stressor with coefficients s (n):
//     production-based  P_r = Σ_{j∈r} s_j x̂_j                  + Σ_{c∈r} F_Y[c]
//     consumption-based C_r = m·Y_r  (m = s·L, the multipliers)  + Σ_{c∈r} F_Y[c]
//     imports           I_r = Σ_{s≠r} Σ_{j∈s} s_j X[j, r]       (emitted abroad for r's demand)
//     exports           E_r = Σ_{j∈r} s_j (x̂_j − X[j, r])       (emitted in r for others' demand)
//   pymrio's calc_accounts (Stadler et al. 2018), with final users' direct emissions in the
//   production- and consumption-based accounts of their region and never in trade. The identity
//   C_r = P_r + I_r − E_r holds exactly in exact arithmetic; here C comes from the transposed
//   solves (m) and P, I, E from the forward solves (X), so its residual checks both. The detail per
//   region and sector (small n, n ≤ detail_limit) follows pymrio's columns: production-based and
//   exports by producing sector (r, j); consumption-based and imports by region r and product i
//   consumed (Σ over the regions of origin), from X_diag = L·Y_diag with one column per (region,
//   product).
//
//   Forward view. Output coefficients B = diag(x)^-1·Z (B[i,j] = Z[i,j] / x_i: share of i's output
//   sold to j); the Ghosh inverse G = (I − B)^-1 = diag(x)^-1·L·diag(x); forward linkages the row
//   sums of G, G·1 = (L·x) ./ x (one solve, any n); backward linkages the column sums of L (the
//   output multipliers). Rasmussen's normalised indices: backward b_j / mean(b), forward
//   f_i / mean(f); a key sector has both above 1 (Miller & Blair 2009, §12.2). x is the table's
//   published total output (the computed one for a table built from coefficients).
//
//   Hypothetical extraction of sector k (Miller & Blair 2009, §12.2.5, full extraction): delete row
//   and column k of A and element k of y, solve x̄ = (I − Ā)^-1 ȳ; the output lost is x_i − x̄_i for
//   i ≠ k and x_k for k itself, in total 1'x − 1'x̄.
//
//   Aggregation by concordance (detailed label → group): results are computed at full detail, then
//   summed per group — total output, final demand and footprints add; a group's multiplier is the
//   total its final demand embodies divided by that final demand, Σ_{j∈G} m_j y_j / Σ_{j∈G} y_j
//   (never the multiplier of an aggregated table, which is biased).
//
// Solvers: a dense LU with partial pivoting (LAPACK's dgetrf from OpenBLAS where built with it,
// else Eigen::PartialPivLU) when A holds at least `dense_fraction` of n² non-zeros (multi-regional
// tables are dense), else a sparse LU (Eigen::SparseLU, COLAMD). Every block of right-hand sides is
// solved at once and its residual ‖(I − A)X − B‖_∞ / ‖B‖_∞ recomputed from A (one refinement step
// when above the tolerance). Mixed precision (LAPACK builds, dense, LuPrecision): I − A factorised
// in float32 (sgetrf), each block solved in float32 and refined with float64 residuals until its
// relative residual is at most sqrt(n)·2^-52 (1.1e-14 at n = 9,800); when that fails (no halving of
// the residual per correction, more than 3 corrections, a zero float32 pivot) the float64 LU takes
// over and ExtendedAnalysis::lu_precision says so.
#pragma once

#include <Eigen/Core>
#include <optional>
#include <string>
#include <vector>

#include "gosplan/io_table.h"
#include "gosplan/leontief.h"
#include "gosplan/status.h"

namespace gosplan {

// ---- Inputs ----------------------------------------------------------------------------------

// A satellite account: K stressors × n sectors (F), optionally F_Y for the final-demand columns.
struct Satellite {
  std::string source;                  // file (diagnostics)
  std::vector<std::string> stressors;  // K names, file order, then impacts
  Eigen::MatrixXd values;              // F: K × n, columns in the table's sector order
  Eigen::MatrixXd final_demand;        // F_Y: K × (final-demand columns); zero when not given
  Index impacts = 0;                   // the last `impacts` rows are characterised impacts
};

// Reads F.csv: a header with a label cell and sector names (every sector of the table exactly
// once, any order; a trailing column `unit` is ignored), then one row per stressor (label, one
// finite number per sector). Stressor names must be unique and differ from the table's primary
// rows. Errors: file:line:column as LoadIoTable.
Result<Satellite> LoadSatellite(const std::string& path, const IoTable& table,
                                const IoTableOptions& options = {});
// Reads FY.csv into satellite.final_demand: a header with a label cell and final-demand column
// names of the table (any subset, any order; others are 0), one row per stressor of the satellite
// (any subset; others are 0).
Status LoadSatelliteFinalDemand(const std::string& path, const IoTable& table, Satellite& satellite,
                                const IoTableOptions& options = {});
// Reads C.csv: a header with a label cell and stressor names (of the satellite or primary rows of
// the table), then one row per impact (label, factors); appends impacts C·F (and C·F_Y) to the
// satellite as rows named after the impacts. Primary rows' use is taken from the table
// (table.primary_inputs, or coefficients × computed output for a table built from a model).
Status LoadCharacterisation(const std::string& path, const IoTable& table, Satellite& satellite,
                            const IoTableOptions& options = {});

// The region of every sector and final-demand column.
struct RegionMap {
  std::vector<std::string> regions;        // in order of first appearance among the sectors
  std::vector<Index> sector_region;        // n
  std::vector<Index> final_demand_region;  // one per final-demand column
  std::vector<std::string> sector_names;   // the part after "region/" (or the whole label)
};
// From labels `region/sector` and `region/category` (the text before the first '/'). Errors name
// the first label without '/' or a final-demand column whose region has no sector.
Result<RegionMap> RegionsFromLabels(const IoTable& table);
// From a CSV with columns `label,region` naming every sector and final-demand column of the table.
Result<RegionMap> LoadRegions(const std::string& path, const IoTable& table,
                              const IoTableOptions& options = {});

// A concordance: detailed sector label → group (CSV with columns `label,group`, every sector once).
struct Concordance {
  std::string source;
  std::vector<std::string> groups;  // in order of first appearance
  std::vector<Index> group_of;      // n: group position of each sector
};
Result<Concordance> LoadConcordance(const std::string& path, const IoTable& table,
                                    const IoTableOptions& options = {});
// The aggregated table: Z_G = P Z P^T, f_G = P f, x_G = P x, primary rows r P^T (P the 0/1 group
// matrix). Needs flows (a table CSV, not a model folder).
Result<IoTable> AggregateTable(const IoTable& table, const Concordance& concordance);
// Writes a table in the layout LoadIoTable reads (shortest round-trip numbers), atomically.
Status WriteIoTable(const IoTable& table, const std::string& path);

// ---- The analysis -------------------------------------------------------------------------------

struct ExtendedOptions {
  bool linkages = false;  // forward/backward linkages and key-sector indices
  bool ghosh = false;     // also B and G (n × n; needs n ≤ ghosh_limit); implies linkages
  Index ghosh_limit = 500;
  std::optional<std::string> extract;  // hypothetical extraction of this sector
  bool footprints = false;             // regional accounts (needs `regions`)
  bool footprints_detail = false;      // per region and sector (needs n ≤ detail_limit)
  Index detail_limit = 2000;
  // Fraction of n² non-zeros of A from which the dense LU is used, in [0, 1].
  double dense_fraction = 0.05;
  // Precision of the dense LU (LAPACK builds; without LAPACK always float64): kDouble, kMixed
  // (float32 LU refined in float64, falling back to float64), kAuto (kMixed when n ≥
  // mixed_precision_from and n ≥ mixed_precision_ratio × the number of right-hand sides: 1 + the
  // primary rows + the stressors + 2 + the regions; else kDouble).
  enum class LuPrecision { kAuto, kDouble, kMixed };
  LuPrecision lu_precision = LuPrecision::kAuto;
  Index mixed_precision_from = 4000;
  double mixed_precision_ratio = 12.0;
  // Relative residual every block solve must reach.
  double tolerance = 1e-10;
  // Relative tolerance of the footprint identity C = P + I − E (per stressor and region, against
  // max(|C|, |P|, |I|, |E|)), in (0, 1): the reports say "holds" only within it, and say that it
  // does not hold otherwise (RegionalAccounts::identity_holds).
  double identity_tolerance = 1e-8;
  bool IsValid(std::string* error = nullptr) const;
};

struct RegionalAccounts {
  // K_all × R each, rows in the order of ExtendedAnalysis::stressors.
  Eigen::MatrixXd production, consumption, imports, exports;
  // |C − (P + I − E)| / max(|C|, |P|, |I|, |E|) per stressor and region (0 when all are 0).
  Eigen::MatrixXd identity_residual;
  double worst_identity_residual = 0.0;
  double identity_tolerance = 0.0;  // ExtendedOptions::identity_tolerance
  bool identity_holds() const { return worst_identity_residual <= identity_tolerance; }
  // Detail (footprints_detail; final users' direct emissions are not in it, only in the regional
  // totals): production-based and exports by producing sector (K_all × n, columns the sector
  // labels); consumption-based and imports by region and product consumed (K_all × R·products,
  // columns "region/product", products the sector names without their region), as pymrio's
  // D_cba, D_pba, D_imp and D_exp.
  std::vector<std::string> detail_production_labels;   // n: the sector labels
  std::vector<std::string> detail_consumption_labels;  // "region/product"
  Eigen::MatrixXd detail_production, detail_exports;   // K_all × n
  Eigen::MatrixXd detail_consumption, detail_imports;  // K_all × |detail_consumption_labels|
};

struct ForwardView {
  Eigen::VectorXd forward_linkages;     // row sums of G, size n (NaN where x_i = 0)
  Eigen::VectorXd backward_linkages;    // column sums of L, size n
  Eigen::VectorXd forward_index;        // f_i / mean(f)
  Eigen::VectorXd backward_index;       // b_j / mean(b)
  std::vector<Index> key_sectors;       // both indices above 1
  Eigen::MatrixXd output_coefficients;  // B, n × n when ghosh, else 0 × 0
  Eigen::MatrixXd ghosh_inverse;        // G, n × n when ghosh, else 0 × 0
};

struct Extraction {
  Index sector = -1;
  Eigen::VectorXd output_lost;  // size n
  double total_output_lost = 0.0;
  double share = 0.0;  // of 1'x
};

struct ExtendedAnalysis {
  IoAnalysis base;            // what gosplan.io/1 holds (total output, multipliers, ...)
  std::string factorisation;  // "dense LU" or "sparse LU"
  // The dense LU's arithmetic: "float64", "float32 refined in float64" (mixed precision), or
  // "float64 (mixed precision fell back)" (mixed precision asked for, but the float32 LU had a
  // zero pivot or its refinement did not converge); empty for the sparse LU.
  std::string lu_precision;
  int refinement_steps = 0;  // most float64 corrections a block needed (mixed precision)
  // Every stressor: the table's primary rows (base.multiplier_names, in `rows` order), then the
  // satellite's stressors and impacts.
  std::vector<std::string> stressors;
  Index primary_count = 0;                // the first primary_count stressors are primary rows
  Eigen::MatrixXd stressor_coefficients;  // S: K_all × n
  Eigen::MatrixXd stressor_multipliers;   // M = S·L: K_all × n
  std::optional<RegionMap> regions;
  std::optional<RegionalAccounts> accounts;
  std::optional<ForwardView> forward;
  std::optional<Extraction> extraction;
  double residual = 0.0;  // worst relative residual of the extension's block solves
};

// Whether this build has the mixed-precision dense LU (built with OpenBLAS's LAPACK); without it
// ExtendedOptions::lu_precision is ignored and the dense LU is Eigen's float64 one.
bool MixedPrecisionLuAvailable();

// Runs AnalyseIoTable (sparse tables) or its dense equivalent (dense tables: one dense LU serves
// x, the output multipliers, every stressor, the regions, the diagonal), then the extensions.
// `satellite` and `regions` may be null. Errors: as AnalyseIoTable; footprints without regions;
// --ghosh above ghosh_limit; the detail above detail_limit; an unknown extracted sector; a stressor
// in a sector without output. The footprint identity is reported (RegionalAccounts), not an error.
Result<ExtendedAnalysis> AnalyseExtended(const IoTable& table, const Eigen::VectorXd& final_demand,
                                         const Satellite* satellite, const RegionMap* regions,
                                         const IoAnalysisOptions& options,
                                         const ExtendedOptions& extended);

// ---- Reports ------------------------------------------------------------------------------------

// IoTextReport's output, then sections: stressor multipliers, regional accounts (with the identity
// check), linkages and key sectors, the Ghosh inverse, the extraction.
std::string ExtendedTextReport(const IoTable& table, const ExtendedAnalysis& analysis,
                               const IoReportOptions& options = {},
                               const Concordance* concordance = nullptr);
// IoCsv's columns, then STRESSOR_multiplier per satellite stressor, the linkage columns and
// output_lost (when computed); with a concordance one row per group.
std::string ExtendedCsv(const IoTable& table, const ExtendedAnalysis& analysis,
                        const IoReportOptions& options = {},
                        const Concordance* concordance = nullptr);
// The regional accounts as CSV: stressor,region,production_based,consumption_based,imports,exports,
// identity_residual.
std::string FootprintsCsv(const ExtendedAnalysis& analysis);
// A gosplan.io-extended/1 document (docs/json.md): gosplan.io/1's keys, then regions,
// satellite_multipliers, footprints, footprints_detail, footprint_identity, output_coefficients,
// ghosh_inverse, forward_linkages, backward_linkages, key_sectors, extraction, aggregation (null
// where not computed).
std::string ExtendedJson(const IoTable& table, const ExtendedAnalysis& analysis,
                         const IoReportOptions& options = {},
                         const Concordance* concordance = nullptr);

}  // namespace gosplan
