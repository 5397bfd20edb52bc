// A linear program in the column-major (compressed sparse column) form that LP solvers take
// directly:
//
//   minimise (or maximise)  objectiveᵀ x + objective_offset
//   subject to              row_lower ≤ M x ≤ row_upper,   column_lower ≤ x ≤ column_upper
//
// M is stored by columns: the non-zeros of column j are row_indices/values[column_starts[j] ..
// column_starts[j+1]). ±kUnbounded (infinity) marks a missing bound. Names are optional (empty
// vectors), used for MPS export and for explanations.
//
// Solutions report duals with one convention for every backend: row_duals[k] = ∂(optimal objective,
// as stated: maximised or minimised) / ∂(active bound of row k); reduced_costs likewise for column
// bounds. So for a maximisation a binding "≤" row has a dual ≥ 0, a binding "≥" row a dual ≤ 0.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gosplan/status.h"

namespace gosplan {

struct LinearProgram {
  Index num_rows = 0;
  Index num_columns = 0;
  std::vector<Index> column_starts;  // size num_columns + 1
  std::vector<Index> row_indices;    // size nnz, ascending within a column, no duplicates
  std::vector<double> values;        // size nnz
  std::vector<double> column_lower, column_upper, objective;  // size num_columns
  std::vector<double> row_lower, row_upper;                   // size num_rows
  double objective_offset = 0.0;
  bool maximize = false;
  std::vector<std::string> row_names, column_names;  // empty or full size

  Index num_nonzeros() const { return column_starts.empty() ? 0 : column_starts.back(); }
};

enum class LpStatus {
  kOptimal,
  kInfeasible,  // proven primal infeasible
  kUnbounded,   // proven dual infeasible (objective unbounded)
  // Stopped before the solver could prove anything; the point is not proven optimal. Which limit
  // stopped it is told apart (the command-line exit code is the same, 5, for all three).
  kTimeLimit,       // the time limit (LpSolveOptions::time_limit_seconds,
                    // PdlpOptions::time_limit_seconds)
  kIterationLimit,  // the iteration limit
  kInterrupted,     // stopped early for another reason (CLP's event handler or an interrupt)
  kError,           // numerical trouble or abandoned
};
// "optimal", "infeasible", "unbounded", "time_limit", "iteration_limit", "interrupted", "error"
const char* ToString(LpStatus status);
// The inverse of ToString; empty for any other text.
std::optional<LpStatus> ParseLpStatus(std::string_view text);
// True for the three statuses of a solve stopped before it finished: time limit, iteration limit,
// interrupted.
inline bool StoppedEarly(LpStatus status) {
  return status == LpStatus::kTimeLimit || status == LpStatus::kIterationLimit ||
         status == LpStatus::kInterrupted;
}

// What a CLP solve reports to LpSolveOptions::progress while it runs (from the calling thread).
// The infeasibility sums are CLP's own (of the presolved, scaled LP, as of its last
// refactorization): they fall to 0 as a phase finishes; use them as a trend, not as a measure of
// the final answer.
struct LpProgress {
  std::int64_t iteration = 0;  // simplex iterations so far (of the current CLP pass)
  double seconds = 0.0;        // since the solve started
  double objective = 0.0;      // CLP's current objective (of the presolved LP, in its own sense)
  double primal_infeasibility = 0.0;  // sum of primal infeasibilities
  double dual_infeasibility = 0.0;    // sum of dual infeasibilities
};

struct LpSolveOptions {
  double time_limit_seconds = 0.0;   // 0: none
  std::int64_t iteration_limit = 0;  // 0: none
  // kIdiotPrimal: CLP's "idiot" crash (a penalty method that gets close to an optimum in a fixed
  // number of cheap passes, kIdiotPasses) and then the primal simplex from the crossover basis —
  // what the `clp` command does with `-idiot 200 -primals`; on large degenerate plan LPs it
  // finishes where both simplex methods from a slack basis stall (docs/benchmarks.md).
  enum class Algorithm {
    kDualSimplex,
    kPrimalSimplex,
    kBarrier,
    kIdiotPrimal
  } algorithm = Algorithm::kDualSimplex;
  static constexpr int kIdiotPasses = 200;
  bool presolve = true;
  // CLP's absolute tolerance on reduced costs (its dual feasibility tolerance); 0: CLP's default,
  // 1e-7. A plan whose prices miss the relative 1e-6 check at the default is solved once more at
  // a tighter one (SolvePlan), since columns with small coefficients make 1e-7 absolute large.
  double dual_tolerance = 0.0;
  // CLP's own progress lines (its log level 1: the start, every few hundred iterations, the end),
  // one message per call without a line end, from the calling thread; empty: CLP says nothing.
  // The library never prints: the caller decides where the lines go (`gosplan lp --verbose`).
  std::function<void(std::string_view)> log;
  // Called after simplex iterations (CLP's event handler), at most every `progress_seconds`, from
  // the calling thread; may be empty. Not called by the barrier method, whose iterations CLP does
  // not report to event handlers.
  std::function<void(const LpProgress&)> progress;
  double progress_seconds = 0.1;
  // The cancel hook: polled after every simplex iteration; true stops the solve, which then
  // returns Status kCancelled (never a partial solution). Must be cheap and safe to call from the
  // solving thread (e.g. it reads a std::atomic<bool> that a signal handler sets); may be empty.
  // The barrier method is polled only when it hands over to the simplex (crossover).
  std::function<bool()> should_stop;

  // False with a sentence in *error (naming the field, its value and the rule) when a field is out
  // of range: a negative or non-finite time limit, a negative iteration limit.
  bool IsValid(std::string* error) const;
};
// "dual", "primal", "barrier", "idiot": the names `gosplan plan --algorithm` takes.
const char* ToString(LpSolveOptions::Algorithm algorithm);
// The inverse of ToString; empty for any other text.
std::optional<LpSolveOptions::Algorithm> ParseLpAlgorithm(std::string_view text);

struct LpSolution {
  LpStatus status = LpStatus::kError;
  std::string solver;  // e.g. "CLP 1.17.6 dual simplex"
  double objective = 0.0;
  std::vector<double> column_values;   // x
  std::vector<double> row_activities;  // M x
  std::vector<double> row_duals;       // see the convention above
  std::vector<double> reduced_costs;
  std::int64_t iterations = 0;
  double seconds = 0.0;               // solver time only
  double max_primal_violation = 0.0;  // largest bound or row violation of the returned point
  // Relative optimality measures (definitions in gosplan/pdlp.h): ‖Ax − proj(Ax)‖/(1+‖b‖),
  // ‖c − Aᵀy − λ‖/(1+‖c‖), |pobj − dobj|/(1+|pobj|+|dobj|). Filled by first-order solvers (their
  // termination tests) and by ComputeRelativeMeasures; NaN when not measured (SolveWithClp leaves
  // them so: a 0 would read as a perfect answer); relative_measures_computed() tells.
  double relative_primal_residual = std::numeric_limits<double>::quiet_NaN();
  double relative_dual_residual = std::numeric_limits<double>::quiet_NaN();
  double relative_gap = std::numeric_limits<double>::quiet_NaN();
  bool relative_measures_computed() const {
    return !std::isnan(relative_primal_residual) && !std::isnan(relative_dual_residual) &&
           !std::isnan(relative_gap);
  }
};

// Largest magnitude of a coefficient, objective coefficient or finite bound that the solvers accept
// (CLP's infinity is 1e30; beyond 1e20 neither solver keeps any accuracy).
inline constexpr double kMaxLpMagnitude = 1e20;

// Checks sizes, index ranges, finiteness and magnitudes (at most kMaxLpMagnitude) of an LP's arrays
// (kInvalidInput naming the defect). Both solvers call it.
Status ValidateLinearProgram(const LinearProgram& lp);

// Solves with COIN-OR CLP through its C++ API (the arrays are handed over without per-element
// calls). Returns kInvalidInput when the LP is malformed (sizes, indices out of range, more than
// 2^31 entries).
Result<LpSolution> SolveWithClp(const LinearProgram& lp, const LpSolveOptions& options = {});

// How closely a primal-dual point meets the LP, per row and column relative to its own largest
// term — the measure `gosplan verify` applies to plan documents (PlanAccuracy, gosplan/plan.h):
//  - primal: the largest (excess − 0.5e-9·terms) / max(|bound|, largest |a_ij x_j|) over rows and
//    column bounds (0 when every excess is within half a nanounit per term);
//  - dual: the duals are taken as published (|y| < 1e-9 as 0; a one-sided row's dual of the wrong
//    sign as 0, its size relative to the largest dual counted here), and every column without a
//    finite bound on the side its reduced cost pushes to counts |d_j| / max_i |a_ij y_i|;
//  - gap: |primal objective − the Lagrangian bound of those duals| / (1 + |primal objective|).
// `duals` follow LpSolution's convention. x is measured as given (not put onto its bounds).
struct LpAccuracy {
  double primal = 0.0;
  double dual = 0.0;
  double gap = 0.0;
  Index worst_row = -1;       // the row with the largest relative excess (−1: none beyond slack)
  double worst_amount = 0.0;  // its excess, absolute
  double worst_relative = 0.0;  // its excess relative to its largest term
  double largest() const { return std::max(primal, std::max(dual, gap)); }
};
LpAccuracy MeasureLpAccuracy(const LinearProgram& lp, const std::vector<double>& x,
                             const std::vector<double>& duals);

// Active-set projection (docs/pdlp.md, "Exact without pivots"): from an approximate optimal
// primal-dual point (PDLP's, to 1e-6) to a verified optimal point of the same LP by two sparse
// least-norm solves, no simplex pivots. Complementary slackness names the active set: a column is
// at a bound where its distance to it (relative to the largest |x|) is no larger than its reduced
// cost pushing there (relative to 1 + max(|c_j|, max_i |a_ij y_i|)); a row is tight where its slack
// is no larger than its dual pushing there (relative to the largest |y|), or within 1e-6 of its
// largest term. Then, with T the tight rows and F the columns off their bounds,
//   primal: x_F += the least-norm Δ with A_TF Δ = b_T − A_T x  (columns at a bound set to it),
//   dual:   y_T += the least-norm Δ with A_TFᵀ Δ = c_F − A_TFᵀ y_T  (y = 0 off T),
// so the tight rows hold and the free columns' reduced costs vanish. Where the projected pair
// breaks a condition the set did not impose (an inactive row or a free column's bound crossed, a
// tight row's dual or an at-bound column's reduced cost of the wrong sign), the set is corrected
// there and projected again from the start point (at most 4 rounds). Both are solved by LSQR (Paige
// & Saunders 1982) with iterative refinement in double; degenerate and over-determined active sets
// are fine (the systems stay consistent when the guess is right). The result is
// **not** a simplex vertex. It is returned with status kOptimal only when MeasureLpAccuracy puts
// it within kProjectionTolerance on every count (rows, bounds, dual signs, gap); otherwise with
// status kError and the point for inspection — the caller then falls back (Crossover below).
inline constexpr double kProjectionTolerance = 1e-9;
struct ProjectionSummary {
  Index columns_at_bound = 0;
  Index free_columns = 0;
  Index tight_rows = 0;
  std::int64_t primal_iterations = 0;  // LSQR iterations, refinements included
  std::int64_t dual_iterations = 0;
  int rounds = 0;         // projections: the first, then one per correction of the active set
  Index corrections = 0;  // rows and columns whose place the rounds corrected
  LpAccuracy accuracy;    // of the projected point
  bool verified = false;
  double seconds = 0.0;
};
Result<LpSolution> ProjectOntoActiveSet(const LinearProgram& lp, const LpSolution& start,
                                        ProjectionSummary* summary = nullptr,
                                        const std::function<bool()>& should_stop = {});

// Crossover: from an approximate optimal primal-dual point (a first-order solver's, e.g.
// SolveWithPdlp at a tight tolerance) to an optimal vertex by CLP's simplex. Two methods
// (docs/pdlp.md, "Crossover"):
//  - kFixAndPresolve (the default): the columns the point leaves at a bound (within
//    kCrossoverFixTolerance, relative) are fixed there, CLP's presolve shrinks the LP that is left,
//    CLP's primal simplex runs a values pass from the point on the presolved LP (every column
//    superbasic at its value, a slack basis), the solution is postsolved, the bounds restored, and
//    the primal simplex finishes on the whole LP from that basis (the columns fixed at first may
//    still enter). As CLP's own crossover after its "idiot" crash, with PDLP's point instead.
//    Where the restricted LP cannot be presolved or solved (the fixing made it infeasible), the
//    method falls back to kGuessedBasis.
//  - kGuessedBasis: a basis guessed from the point by complementary slackness (columns strictly
//    inside their bounds and rows with slack basic, those at a bound with a clear reduced cost or
//    dual non-basic, ties by magnitude, m in all), CLP's primal simplex from it; CLP repairs a
//    singular guess with slacks. Slower on the degenerate plan LPs (about one pivot per row).
// Either way the primal simplex hands over to the dual simplex (then the primal once more) if it
// stops on numerical trouble. The result is CLP's, with CLP's status and tolerances (its solver
// name says so); the pivots show in `iterations`. `start` needs column_values and row_duals of the
// LP's sizes (kInvalidArgument otherwise); options as for SolveWithClp (time and iteration limits,
// dual tolerance, cancel hook, progress; `algorithm` and `presolve` are not used).
enum class CrossoverMethod { kFixAndPresolve, kGuessedBasis };
inline constexpr double kCrossoverFixTolerance = 1e-6;  // |x − bound| ≤ this·(1 + |bound|): fixed
struct CrossoverSummary {
  CrossoverMethod method = CrossoverMethod::kFixAndPresolve;  // the one that ran (after fallback)
  // kFixAndPresolve: columns fixed at a bound, the restricted LP's size after CLP's presolve, and
  // the pivots on it and then on the whole LP.
  Index fixed_columns = 0;
  Index presolved_rows = 0;
  Index presolved_columns = 0;
  std::int64_t restricted_iterations = 0;
  std::int64_t cleanup_iterations = 0;
  // Wall seconds: the LP loaded into CLP, fixing, presolve, the restricted LP's simplex and
  // postsolve (kGuessedBasis: the guess); then the whole-LP pass. Timings vary run to run: logs
  // only, never DescribeCrossover.
  double restricted_seconds = 0.0;
  double whole_lp_seconds = 0.0;
  // kGuessedBasis: the guessed basis.
  Index basic_columns = 0;  // in the guessed basis
  Index basic_rows = 0;     // row activities (slacks) in the guessed basis
  int simplex_passes = 0;   // CLP calls on the whole LP: 1 when the primal simplex finished
  // Crossover() only: the active-set projection tried first, and whether its point verified (then
  // no CLP method ran and the fields above are zero).
  bool projection_tried = false;
  bool projected = false;
  ProjectionSummary projection;  // the last one tried
  // The first projection failed and `tighten` ran: its iterations (the first-order solver's).
  bool tightened = false;
  std::int64_t tighten_iterations = 0;
  // Crossover() with CrossoverFallback::kNone: the projection did not verify and CLP's crossover
  // was not run (the result is the projected point, status kError).
  bool clp_skipped = false;
};
Result<LpSolution> CrossoverWithClp(const LinearProgram& lp, const LpSolution& start,
                                    const LpSolveOptions& options = {},
                                    CrossoverSummary* summary = nullptr,
                                    CrossoverMethod method = CrossoverMethod::kFixAndPresolve);
// From a first-order point to a verified optimum, as `--solver pdlp+crossover` does it: the
// active-set projection first (ProjectOntoActiveSet: two least-norm solves, no pivots; not a
// vertex); where its point does not verify at kProjectionTolerance and `tighten` is given, the
// first-order solve continued from the point to a tighter tolerance (the caller's: e.g. PDLP warm
// at 1e-8) and the projection again; then CrossoverWithClp (kFixAndPresolve) from the latest point,
// whose result is CLP's. `summary` says which ran. Same arguments and errors as CrossoverWithClp
// (`tighten` may return a point stopped by its iteration limit, which is used; a failed one is not
// an error: the crossover goes on from the first point). options.time_limit_seconds counts from the
// call: a projection it stops has not verified, and CLP then reports the limit. With
// CrossoverFallback::kNone CLP never runs: where the projection (after `tighten`, if given) does
// not verify, the result is its point with status kError (summary->clp_skipped), for callers that
// would rather issue the first-order point than wait for pivots (`gosplan plan --solver auto` on
// large plans).
using TightenFirstOrder = std::function<Result<LpSolution>(const LpSolution& from)>;
enum class CrossoverFallback { kClpSimplex, kNone };
Result<LpSolution> Crossover(const LinearProgram& lp, const LpSolution& start,
                             const LpSolveOptions& options = {},
                             CrossoverSummary* summary = nullptr,
                             const TightenFirstOrder& tighten = {},
                             CrossoverFallback fallback = CrossoverFallback::kClpSimplex);
// One line for logs and explanations: what the crossover did ("3 of 5 columns fixed at a bound,
// presolved to 2 rows × 2 columns: 1 pivot there, 0 on the whole LP", or the guessed basis).
std::string DescribeCrossover(const CrossoverSummary& summary);

// Writes the LP as free-format MPS (with names when present; blanks in names become '_') for the
// `clp` command or any solver, atomically (temporary file, fsync, rename). The file is a
// minimisation: a maximisation is written with its objective negated (the file's optimum is −ours).
// Numbers are written in their shortest exact form, so reading the file back gives the same LP bit
// for bit.
Status WriteMps(const LinearProgram& lp, const std::string& path);

// Reads an MPS file (fixed or free format; src/lp/mps_reader.cc lists the dialect) into a
// LinearProgram. A gzip-compressed file (recognised by its magic bytes, whatever its name) is
// decompressed first; a corrupt or truncated one is kInvalidInput naming the file, and the
// locations of other defects are lines and columns of the decompressed text. The path "-" reads
// standard input (diagnostics name it "<stdin>"). OBJSENSE MAX/MAXIMIZE (on the OBJSENSE line or
// the next) sets `maximize`; the objective is kept as written. Every defect is reported as
// file:line:column with what was expected (kInvalidInput): unknown rows or columns, bad numbers,
// magnitudes beyond kMaxLpMagnitude, integer markers and bound types, sections out of order, a
// missing ENDATA. Nothing is printed.
Result<LinearProgram> ReadMps(const std::string& path);
// The same for MPS text in memory; `source` names it in diagnostics.
Result<LinearProgram> ReadMpsText(std::string_view text, const std::string& source);

// Largest violation of bounds and rows by x (absolute), computed directly from the arrays.
double MaxPrimalViolation(const LinearProgram& lp, const std::vector<double>& x);

// ---- Reports (docs/mps.md, docs/json.md) --------------------------------------------------------
struct PdlpSummary;  // gosplan/pdlp.h

struct LpReportOptions {
  std::string source;  // where the LP came from (the MPS file), named first in both reports
  // A PDLP solve: its summary (restarts, threads, presolved size, why it stopped) and the relative
  // tolerance it solved to; null for CLP.
  const PdlpSummary* pdlp = nullptr;
  double pdlp_tolerance = 0.0;
};

// What `gosplan lp` prints: status, objective (only for an optimal point or the last point of a run
// stopped early, said so), size, solver and iterations, largest primal violation, the relative
// residuals and gap (or "not measured"), and for PDLP its summary. No timings: LpSolution::seconds
// is the caller's to show elsewhere (they differ run to run).
std::string LpTextReport(const LinearProgram& lp, const LpSolution& solution,
                         const LpReportOptions& options);
// The same as a gosplan.lp/1 document (docs/json.md); unmeasured or absent numbers are null.
std::string LpJson(const LinearProgram& lp, const LpSolution& solution,
                   const LpReportOptions& options);
// The primal and dual solution as CSV (`gosplan lp --solution`, docs/mps.md), header
// `kind,name,value,dual_or_reduced_cost`: one row `column,NAME,x_j,reduced cost d_j` per column,
// then one row `row,NAME,(Mx)_i,dual y_i` per row, in the LP's order, with the duals' convention
// above. Numbers in their shortest round-trip form (-0 as 0), so the file reads back bit for bit;
// names missing from the LP are C1, C2, … and R1, R2, …. The caller decides whether the point is
// worth writing (LpSolution::status).
std::string LpSolutionCsv(const LinearProgram& lp, const LpSolution& solution);

}  // namespace gosplan
