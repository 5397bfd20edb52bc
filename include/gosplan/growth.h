// Growth: the von Neumann expanding economy (Kemeny–Morgenstern–Thompson 1956, labour-free form)
// and the catch-up time of a model economy (the earliest plan year in which given output levels are
// reached). See docs/growth.md for the commands and a worked example.
//
// ---- The von Neumann model ----
// m activities (rows), n goods (columns). A[i,j] ≥ 0 is the input of good j per unit of activity i
// (bought at the start of the period), B[i,j] ≥ 0 its output (delivered at the end). Intensities x
// ≥ 0 (a row vector over activities), prices p ≥ 0 (a column vector over goods). A KMT economic
// solution is (γ, x, p) with
//     x (B − γA) ≥ 0           every good is produced at least γ times as much as is used (balanced
//     growth) (B − γA) p ≤ 0           no activity earns more than the interest factor γ x (B − γA)
//     p = 0         overproduced goods are free, unprofitable activities are idle x B p > 0
//     something of value is produced (non-triviality)
// KMT show: under their assumptions (every activity uses some input, every good is produced by some
// activity) solutions exist, their γ are finitely many, the largest is the technological expansion
// factor
//     α = max { γ : ∃ x ≥ 0, x ≠ 0, x B ≥ γ x A }
// and the smallest is the economic interest factor
//     β = min { γ : ∃ p ≥ 0, p ≠ 0, B p ≤ γ A p }.
// β ≤ α always; they are equal in an irreducible economy and may differ in a reducible one (several
// independent sub-economies growing at different factors: Gale 1960, example 2). We report both: α
// with its (x, p) and β with its (x, p).
//
// Method (Hamburger–Thompson–Weil 1967): for a trial factor γ consider the matrix game M(γ) = B −
// γA (the activity player maximises, the price player minimises). Its value
//     v(γ) = max_{x ∈ Δm} min_j (x M(γ))_j = min_{p ∈ Δn} max_i (M(γ) p)_i
// is continuous and non-increasing in γ; v(γ) ≥ 0 ⇔ some x ≥ 0, x ≠ 0 has xB ≥ γxA, and v(γ) ≤ 0 ⇔
// some p ≥ 0, p ≠ 0 has Bp ≤ γAp. So α = max{γ : v(γ) ≥ 0} and β = min{γ : v(γ) ≤ 0}, and v = 0 on
// [β, α]. Each is found by bisection, each step one small LP solved with CLP:
//     activity side (for α):  max t  s.t.  Σ_i x_i (B[i,j] − γA[i,j]) − t ≥ 0 ∀ j,  Σ_i x_i = 1,  x
//     ≥ 0 price side (for β):     min s  s.t.  Σ_j (B[i,j] − γA[i,j]) p_j − s ≤ 0 ∀ i,  Σ_j p_j =
//     1,  p ≥ 0
// The step's verdict is recomputed from the returned vector itself (t = min_j (xM)_j, s = max_i
// (Mp)_i in double arithmetic, not the solver's objective), so it is a certificate up to rounding.
// The rounding allowance is relative per good (per activity): good j passes when (xB)_j − γ(xA)_j ≥
// −η((xB)_j + γ(xA)_j), η = 1e-12, i.e. when its own growth ratio is ≥ γ(1 − 2η) — independent of
// the goods' units and of how small an intensity is (an absolute threshold on t would be, and
// misjudges badly scaled models). The bracket starts at [0, max_i Σ_j B[i,j] / Σ_j A[i,j]] (at a
// larger γ every x loses on the total) and is halved until its width is ≤ tolerance·max(1, γ)
// (default 1e-10). Why not "max Σx" with x(B − γA) ≥ 0: that LP is homogeneous (feasible at x = 0
// for every γ, unbounded whenever a ray exists); the normalised game value is bounded, always
// feasible and measures by how much γ fails, which keeps the bisection robust.
//
// Before the bisection the economy is pruned (iterated until nothing changes):
//   - a good that no remaining activity produces (column of B zero) can never be made: every
//   activity
//     that uses it must stay idle at any γ > 0, so those activities are removed; the good itself is
//     removed (otherwise a price on that good alone would fake β = 0 — it fails x B p > 0);
//   - an activity with neither inputs nor outputs is removed (x ≠ 0 on it would produce nothing).
// An activity with outputs but no inputs makes α unbounded (x = that activity grows at any factor):
// the result says so (status kUnbounded) and names it; β is then not computed.
// After pruning v(0) > 0 (every good is produced), so 0 < β ≤ α.
//
// The intensities and prices reported for a factor are the solution of largest support (one LP
// each: max Σ s_k, 0 ≤ s_k ≤ min(1, x_k), over the cone {x ≥ 0 : x(B − γA) ≥ 0}; likewise for p),
// taken at the feasible end of the final bracket (x just below α or β, p just above): every
// activity that can run at the factor runs, every good that can carry a price does. With largest
// supports, x B p > 0 holds for some solution at γ exactly when it holds for these, so `nontrivial`
// is the KMT check. Both vectors are normalised to sum 1 and given over all original
// activities/goods (pruned ones are 0).
//
// ---- Catch-up ----
// The earliest plan year H in which the model economy's gross output reaches given levels of every
// named product together: for H = 1, 2, …, max_years the model is re-planned with horizon H (a
// shorter horizon keeps the first H years; a longer one repeats the last year's resource
// availability, final-demand floors and target mix, and year weight) and output[i, H] ≥ level_i as
// hard quotas (the model's own quotas are dropped); the first H whose plan is feasible is the
// answer. Feasibility is not monotone in H in general (depreciation and later-year floors can make
// a longer plan infeasible), so every H is tried in turn by default rather than bisected;
// CatchUpOptions::assume_monotone (CLI --bisect) searches by doubling and bisection instead — far
// fewer plans when the levels are far away or unreachable (every plan of horizon H is an LP about H
// times the one-year size, and proving infeasibility of the long ones dominates), and the same
// answer whenever feasibility is monotone in H. Before any plan, a level above its product's design
// ceiling (the sum of out·max_activity over its producers, when all are capped) is reported as
// never reachable, with those capacities, at the cost of no LP.
#pragma once

#include <string>
#include <vector>

#include "gosplan/linear_program.h"
#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "gosplan/status.h"

namespace gosplan {

// A von Neumann technology: dense, row-major [activity * goods + good].
struct GrowthMatrices {
  Index activities = 0;
  Index goods = 0;
  std::vector<double> inputs;               // A
  std::vector<double> outputs;              // B
  std::vector<std::string> activity_names;  // empty or size activities
  std::vector<std::string> good_names;      // empty or size goods
  double A(Index i, Index j) const { return inputs[static_cast<std::size_t>(i * goods + j)]; }
  double B(Index i, Index j) const { return outputs[static_cast<std::size_t>(i * goods + j)]; }
};

// Reads A and B from headerless numeric CSV files (rows = activities, columns = goods; blank lines
// and lines starting with '#' skipped) written in `dialect` (delimiter, decimal mark, encoding).
// Errors (file:line:column): not a number, negative, ragged rows, no rows, A and B of different
// shapes.
Result<GrowthMatrices> ReadGrowthMatrices(const std::string& inputs_csv,
                                          const std::string& outputs_csv,
                                          const CsvDialect& dialect = {});

// The technology of a model: activities = techniques, goods = products, A = in[p,i], B = out[p,i].
// Labour and other resources are ignored (labour-free form). With `with_capital`, the closed von
// Neumann model: a unit of activity also ties up b[p,i] of capital stock for the year and returns
// the undepreciated (1 − d[p,i]) b[p,i] as a joint output: A = in + b, B = out + (1 − d) b.
// Construction lags are ignored.
GrowthMatrices GrowthMatricesFromModel(const Model& model, bool with_capital);

struct GrowthOptions {
  double tolerance = 1e-10;  // final bracket width, relative to max(1, factor)
  int max_steps = 200;       // bisection steps per factor (the bracket doubles first if needed)
  LpSolveOptions solver;

  // False with a sentence in *error (field, value, rule) when a field is out of range; SolveGrowth
  // refuses such options (kInvalidArgument).
  bool IsValid(std::string* error) const;
};

enum class GrowthStatus {
  kSolved,
  kUnbounded,       // an activity produces without inputs: α = +∞
  kNoEconomy,       // after pruning nothing can run (every activity needs a good nobody makes)
  kTimeLimit,       // an LP stopped at its time limit (no proven answer)
  kIterationLimit,  // an LP stopped at its iteration limit (no proven answer)
  kInterrupted,     // an LP was interrupted (no proven answer)
  kError,           // an LP failed numerically
};
// "solved", "unbounded", "no_economy", "time_limit", "iteration_limit", "interrupted", "error"
const char* ToString(GrowthStatus status);
// True for the three statuses of a solve stopped before its answer (as StoppedEarly(LpStatus)).
inline bool StoppedEarly(GrowthStatus status) {
  return status == GrowthStatus::kTimeLimit || status == GrowthStatus::kIterationLimit ||
         status == GrowthStatus::kInterrupted;
}

// One KMT solution: the factor, normalised intensities (Σ = 1) and prices (Σ = 1), and x B p.
struct GrowthSolution {
  double factor = 0.0;
  std::vector<double> intensities;  // per activity
  std::vector<double> prices;       // per good
  double value_produced = 0.0;      // x B p
  bool nontrivial = false;          // x B p > 0 (KMT non-triviality)
};

struct GrowthResult {
  GrowthStatus status = GrowthStatus::kError;
  std::string explanation;
  double alpha = 0.0;                        // technological expansion factor (+inf when unbounded)
  double beta = 0.0;                         // economic interest factor (NaN when not computed)
  double alpha_low = 0.0, alpha_high = 0.0;  // final bisection brackets
  double beta_low = 0.0, beta_high = 0.0;
  bool reducible = false;        // α − β beyond the tolerance: several economic solutions
  GrowthSolution technological;  // at α
  GrowthSolution economic;       // at β
  std::vector<Index> unbounded_activities;  // outputs but no inputs
  std::vector<Index> idle_activities;       // pruned: need a good never produced, or do nothing
  std::vector<Index> never_produced_goods;  // pruned goods (no remaining activity makes them)
  int lp_solves = 0;
  double tolerance = 0.0;
  std::string
      method;  // e.g. "bisection on the game value of B − γA (Hamburger–Thompson–Weil 1967), CLP"
};

// Computes α, β and their solutions. Errors: kInvalidInput for malformed matrices (sizes, negative
// or non-finite entries, empty). Unbounded or empty economies are results, not errors.
Result<GrowthResult> SolveGrowth(const GrowthMatrices& technology,
                                 const GrowthOptions& options = {});

// ---- Catch-up ----

struct CatchUpLevel {
  Index product = 0;
  double level = 0.0;
  std::int64_t line = 0;  // where it was read (diagnostics)
};

// Reads LEVELS.csv (header: product,level; optional note* columns) against the model's product ids.
// Errors (file:line:column): unknown product, duplicate product, level not a number or negative, no
// rows. `dialect`: how the file is written (gosplan/csv_dialect.h).
Result<std::vector<CatchUpLevel>> ReadCatchUpLevels(const std::string& path, const Model& model,
                                                    const CsvDialect& dialect = {});

// The model with horizon H: years beyond the model's horizon repeat the last year's resource
// availability, final-demand floors and targets, and year weight; a shorter H keeps the first H
// years. Quotas and actuals are dropped. `folder` is kept (the plan's summary names the source
// model).
Model ExtendModelHorizon(const Model& model, int horizon);

struct CatchUpOptions {
  int max_years = 50;
  // false: try H = 1, 2, … in turn (exact). true: doubling then bisection (O(log max_years) plans),
  // valid when a feasible horizon stays feasible when lengthened — not guaranteed (see above).
  bool assume_monotone = false;
  PlanOptions plan;  // quotas_as_constraints is forced to 1
  GrowthOptions growth;

  // False with a sentence in *error (field, value, rule) when a field is out of range, here or in
  // `plan` and `growth`; SolveCatchUp refuses such options (kInvalidArgument).
  bool IsValid(std::string* error) const;
};

struct CatchUpResult {
  bool reached = false;
  int years = 0;  // the first feasible H (0 when not reached within max_years)
  std::string explanation;
  Model model;  // the extended model with the catch-up quotas (for WritePlanFolder)
  Plan plan;    // its plan (valid when reached)
  std::vector<PlanStatus> tried;    // status of each plan tried, in order
  std::vector<int> horizons_tried;  // its horizon H
  // Levels above their product's design ceiling (OutputDesignCeiling in check.h), one sentence
  // each: no horizon can reach them, so no plan is tried.
  std::vector<std::string> above_design_capacity;
  // Von Neumann sanity bound: α of the closed model with capital, x0 the base capacity per level
  // (Σ over enterprise techniques of out·(year-1 capacity from stocks, resources and max_activity);
  // +inf when unlimited), lower_bound_years = log(max_i level_i / x0_i) / log α (0 when every level
  // is within the base capacity; +inf when α ≤ 1 and a level exceeds it; 0 when α is unbounded).
  GrowthStatus growth_status = GrowthStatus::kError;
  double alpha = 0.0;
  std::vector<double> base_capacity;  // per level, same order
  double lower_bound_years = 0.0;
};

// Errors: kInvalidInput for levels naming products out of range; plan errors pass through.
Result<CatchUpResult> SolveCatchUp(const Model& model, const std::vector<CatchUpLevel>& levels,
                                   const CatchUpOptions& options = {});

// ---- Reports (src/growth/growth_report.cc) ----

struct GrowthReportOptions {
  bool from_model = false;    // the technology is a model's (GrowthMatricesFromModel), not CSV's
  bool with_capital = false;  // ... closed with capital stocks as joint outputs
};

// The von Neumann result in words, as `gosplan growth` prints it: status, α and β with their yearly
// rates, and the intensities and prices of the technological (and, when reducible, the interest)
// solution, with the method and final brackets.
std::string GrowthTextReport(const GrowthMatrices& technology, const GrowthResult& result,
                             const GrowthReportOptions& options = {});

// A catch-up as asked and answered: what its report needs beside the result.
struct CatchUpReport {
  const Model& model;                       // the model the levels were read against
  const std::vector<CatchUpLevel>& levels;  // as read (ReadCatchUpLevels)
  const CatchUpOptions& options;            // max_years and the search (assume_monotone)
  const CatchUpResult& result;
  std::string levels_path;  // LEVELS.csv as the user named it
};

// The catch-up in words (after GrowthTextReport): years needed, each level against the output in
// the final year and the base capacity, the fulfilment λ per year, and the von Neumann lower bound.
std::string CatchUpTextReport(const CatchUpReport& catch_up);

// The document "gosplan.growth/1" (docs/json.md); its "catch_up" is null when `catch_up` is null.
std::string GrowthJson(const GrowthMatrices& technology, const GrowthResult& result,
                       const GrowthReportOptions& options = {},
                       const CatchUpReport* catch_up = nullptr);

// α and β with their solutions, for a spreadsheet: header kind,name,at_alpha,at_beta; one row
// `factor,growth,α,β`, then one `activity,NAME,x(α),x(β)` per activity (normalised intensities) and
// one `good,NAME,p(α),p(β)` per good (normalised prices). Non-finite or not computed: an empty
// cell.
std::string GrowthCsv(const GrowthMatrices& technology, const GrowthResult& result);

}  // namespace gosplan
