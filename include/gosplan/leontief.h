// Leontief solvers and the productiveness (Hawkins–Simon) check for the static input-output model.
//
// Mathematics (A = technical coefficients, n × n, A ≥ 0; see io_table.h):
//   total output        x  solves  (I − A) x = y            (x = L y, L = (I − A)^-1 the Leontief
//   inverse) output multipliers  m  solves  (I − A)^T m = 1          (m_j = Σ_i L[i,j], column sums
//   of L) multipliers of a primary row with coefficients c = r / x:
//                       v  solves  (I − A)^T v = c          (v = c L: total r embodied per unit
//                       final use)
//   Leontief diagonal   L[j,j] = e_j^T (I − A)^-1 e_j       (one solve per unit vector; small n
//   only)
// The inverse is never formed for large n: every quantity is a solve. A ≥ 0 is productive (x ≥ 0
// for every y ≥ 0) iff its spectral radius ρ(A) < 1 (Hawkins–Simon); ρ(A) = 1 makes I − A singular.
//
// Solvers: a sparse LU (Eigen::SparseLU, COLAMD ordering) factorises I − A once and serves every
// right-hand side, transposed ones included; above LeontiefOptions::direct_limit sectors a
// preconditioned BiCGSTAB on row-major copies of I − A and (I − A)^T (Eigen's sparse mat-vec is
// then OpenMP-parallel). Every solve reports the residual ‖(I − A) x − y‖_∞ / ‖y‖_∞ computed afresh
// from A after the solve.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gosplan/io_table.h"
#include "gosplan/matrix_market.h"
#include "gosplan/status.h"

namespace gosplan {

enum class LeontiefMethod { kAuto, kDirect, kIterative };
const char* ToString(LeontiefMethod method);  // "auto", "direct", "iterative"
enum class LeontiefPreconditioner { kIncompleteLut, kDiagonal };

struct LeontiefOptions {
  LeontiefMethod method = LeontiefMethod::kAuto;
  // kAuto: sparse LU for n ≤ direct_limit, BiCGSTAB above (sectors, ≥ 1). 20000, not more: on
  // random (expander-like) input patterns the LU fills in almost densely — O(n^2) memory, O(n^3)
  // time — while the iterative solvers cost O(nnz) per pass (docs/scale.md).
  Index direct_limit = 20000;
  double tolerance = 1e-12;  // target relative residual ‖(I−A)x − y‖_∞/‖y‖_∞, in (0, 1)
  Index max_iterations = 20000;  // BiCGSTAB iterations per solve (≥ 1)
  LeontiefPreconditioner preconditioner = LeontiefPreconditioner::kIncompleteLut;
  double ilut_drop_tolerance =
      1e-4;  // IncompleteLUT drop tolerance (≥ 0); smaller = denser, slower to build
  int ilut_fill_factor = 5;  // IncompleteLUT fill factor (≥ 1)
  // True when every field is in range; otherwise *error says which is not.
  bool IsValid(std::string* error) const;
};

// What one solve achieved.
struct LeontiefSolveSummary {
  bool converged = false;  // residual ≤ tolerance
  // ‖(I−A)x − y‖_∞ / ‖y‖_∞ (absolute ‖·‖_∞ when y = 0), computed after the solve; for a
  // transposed system on Gauss-Seidel passes (NeumannAndersonOptions::gauss_seidel) an upper bound
  // of it.
  double residual = 0.0;
  Index iterations = 0;  // Krylov iterations (direct: refinement steps)
  std::string message;   // empty when converged; else why not
};

struct LeontiefSolution {
  Eigen::VectorXd values;
  LeontiefSolveSummary summary;
};

// A factorised (direct) or prepared (iterative) I − A. Move-only.
class LeontiefSolver {
 public:
  LeontiefSolver();
  ~LeontiefSolver();
  LeontiefSolver(LeontiefSolver&&) noexcept;
  LeontiefSolver& operator=(LeontiefSolver&&) noexcept;

  // Prepares the solver for A (square, n ≥ 1). Direct: factorises; a singular I − A is
  // kInvalidInput with a diagnostic naming `source` ("I − A is singular ..."). Iterative: builds
  // the preconditioner.
  static Result<LeontiefSolver> Create(const SparseMatrix& coefficients,
                                       const LeontiefOptions& options,
                                       const std::string& source = "");

  Index size() const;
  // "sparse LU", "BiCGSTAB+ILUT" or "BiCGSTAB+diagonal".
  std::string name() const;
  bool direct() const;

  // (I − A) x = y. Not reaching the tolerance is not an error: see LeontiefSolveSummary::converged.
  // Errors: wrong size (kInternal), non-finite result (kInvalidInput: I − A numerically singular).
  Result<LeontiefSolution> Solve(const Eigen::VectorXd& rhs) const;
  // (I − A)^T v = c.
  Result<LeontiefSolution> SolveTransposed(const Eigen::VectorXd& rhs) const;
  // Columns `columns` of L = (I − A)^-1, as an n × |columns| dense block (direct solvers only;
  // columns are solved in blocks of 64 with the one LU factor).
  Result<Eigen::MatrixXd> InverseColumns(const std::vector<Index>& columns) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Residual ‖(I − A) x − y‖_∞ / ‖y‖_∞ (‖·‖_∞ of the residual when y = 0); OpenMP-parallel.
double LeontiefResidual(const SparseMatrix& coefficients, const Eigen::VectorXd& x,
                        const Eigen::VectorXd& y);
// Residual of the transposed system ‖(I − A)^T v − c‖_∞ / ‖c‖_∞.
double LeontiefTransposedResidual(const SparseMatrix& coefficients, const Eigen::VectorXd& v,
                                  const Eigen::VectorXd& c);

// ---- Productiveness (Hawkins–Simon)
// ------------------------------------------------------------------------- ρ(A) is the maximum of
// ρ over the irreducible diagonal blocks of A (the strongly connected components of the graph with
// an edge j → i for each A[i,j] ≠ 0, found by an iterative Tarjan). Each block of more than one
// sector is bounded by a power iteration on A_B + I (primitive, so it converges) with the
// Collatz–Wielandt bounds min_i (A_B v)_i / v_i ≤ ρ(A_B) ≤ max_i (A_B v)_i / v_i, also capped by
// the block's largest column and row sums; a one-sector block has ρ = A[j,j].

struct ProductivenessOptions {
  double tolerance = 1e-10;       // stop when upper − lower ≤ tolerance · upper
  Index max_iterations = 100000;  // power iterations per block

  // tolerance in (0, 1), max_iterations ≥ 1; otherwise false with the field, value and rule in
  // *error.
  bool IsValid(std::string* error = nullptr) const;
};

struct IrreducibleBlock {
  std::vector<Index> sectors;  // positions in the table, ascending
  double spectral_radius_lower = 0.0;
  double spectral_radius_upper = 0.0;
  Index iterations = 0;
};

struct Productiveness {
  bool productive =
      false;  // proven ρ(A) < 1: every block's upper bound < 1, or its estimate < 1 − tolerance
  double spectral_radius_lower = 0.0;  // bounds on ρ(A): max over blocks
  double spectral_radius_upper = 0.0;
  double spectral_radius = 0.0;  // estimate: midpoint of the bounds
  Index block_count = 0;         // strongly connected components
  // Blocks whose ρ is ≥ 1 (lower bound ≥ 1, or bounds converged to within tolerance of 1 or above):
  // the unproductive part of the economy. Empty when productive.
  std::vector<IrreducibleBlock> unproductive_blocks;
};

// Errors: A not square or with negative or non-finite entries (kInvalidInput naming `source`).
Result<Productiveness> CheckProductiveness(const SparseMatrix& coefficients,
                                           const ProductivenessOptions& options = {},
                                           const std::string& source = "");

// ---- The whole analysis
// ------------------------------------------------------------------------------------

struct IoAnalysisOptions {
  LeontiefOptions solver;
  ProductivenessOptions productiveness;
  Index diagonal_limit = 2000;  // the Leontief diagonal is computed for n ≤ diagonal_limit
  bool inverse = false;         // also the full Leontief inverse (requires n ≤ diagonal_limit)
  // Primary rows whose multipliers are computed (names); empty = all.
  std::vector<std::string> rows;

  // solver and productiveness valid, diagonal_limit ≥ 0; otherwise false naming the field in
  // *error.
  bool IsValid(std::string* error = nullptr) const;
};

struct IoAnalysis {
  Productiveness productiveness;
  std::string solver;                  // LeontiefSolver::name()
  Eigen::VectorXd final_demand;        // y used
  Eigen::VectorXd total_output;        // x = L y
  Eigen::VectorXd output_multipliers;  // column sums of L
  std::vector<std::string>
      multiplier_names;               // primary rows, in the order of `rows` (or the table's)
  Eigen::MatrixXd multipliers;        // |rows| × n: row k = c_k L
  Eigen::VectorXd leontief_diagonal;  // size n when n ≤ diagonal_limit, else size 0
  Eigen::MatrixXd leontief_inverse;   // n × n when requested, else 0 × 0
  double residual = 0.0;              // worst relative residual over every solve
  Index iterations = 0;  // Krylov iterations summed over every solve (0 for the direct solver)
};

// Checks productiveness, then solves for x, the output multipliers, the primary-row multipliers and
// (small n) the Leontief diagonal / inverse. Errors (kInvalidInput, naming table.source): not
// productive (the message names the sectors of every block with ρ ≥ 1 and its ρ), singular I − A, a
// solve that did not reach the tolerance, an unknown row name, the inverse asked for n >
// diagonal_limit, y of the wrong size.
Result<IoAnalysis> AnalyseIoTable(const IoTable& table, const Eigen::VectorXd& final_demand,
                                  const IoAnalysisOptions& options = {});

// The two checks every analysis of a table starts with (AnalyseIoTable, AnalyseExtended):
// the positions of the named primary rows (all rows when `names` is empty; kInvalidInput naming
// each unknown one), and the error for a table that is not productive (Ok when `productiveness`
// found no block with ρ ≥ 1; else kInvalidInput naming each block's sectors and its ρ).
Result<std::vector<Index>> SelectPrimaryRows(const IoTable& table,
                                             const std::vector<std::string>& names);
Status UnproductiveTable(const IoTable& table, const Productiveness& productiveness);

// ---- Large economies: Anderson-accelerated Neumann iteration (10^5–10^7 sectors)
// ------------------------- Solves (I − A) x = y and (I − A)^T v_k = c_k for A in CSC
// (gosplan/matrix_market.h) without factorising, without a transposed copy and without forming I −
// A. The iteration is the planners' own
//     x ← A x + y      (Neumann series; converges because ρ(A) < 1 for a productive economy)
// accelerated by Anderson mixing of depth m (Walker & Ni 2011: for a linear map it is a
// restarted-GMRES-like Krylov method costing ONE matrix pass per iteration). Why: the spectrum of a
// productive A is the Perron root ρ(A) (≈ the mean column sum, 0.3–0.8) plus a cloud of much
// smaller radius; plain Neumann converges at the rate ρ(A), Anderson removes the Perron direction
// (and the next few) and then converges at the rate of the cloud. BiCGSTAB needs 2 passes per
// iteration and 7 vectors per system; Anderson(m) needs 1 pass and 2 double + 2m + 1 float vectors
// per system (the history is kept in float32: it only chooses the mixing weights; the iterate and
// the residual stay double). The primal system and the first transposed one advance in lockstep
// through FusedKernel: each pass over the matrix serves both (A x by scatter, A^T v by gather, same
// arrays). Further transposed systems are solved one after another with gather-only passes. Every
// iteration computes g = A x + y, so f = g − x = y − (I − A) x is the exact residual of the current
// x, in double against the double matrix; a system stops when ‖f‖_∞ / ‖y‖_∞ ≤ tolerance and returns
// that x, whose residual is the one reported.
//
// gauss_seidel (opt-in): every system iterates on the Gauss-Seidel map of a CSC pass in descending
// column order (FusedKernel::ApplyGaussSeidel), A = U + D + L split by position (U: i < j). Total
// output: b ↦ Φ(b) = y + (L + D)(I − U)^-1 b, z = (I − U)^-1 b being total output; Φ(b) − b = y + A
// z − z in exact arithmetic; in double the two differ by the rounding of the long rows of popular
// inputs, which FusedKernel sums with compensation (~1e-12 of ‖y‖ at n = 10^6), so once Φ(b) − b
// is below the tolerance z is returned and that residual reported (checked against a long-double
// recomputation: docs/scale.md), as without the option. Labour values and other multipliers: v ↦
// Ψ(v) = (I − Lᵀ)^-1 (c + (U + D)ᵀ v) (the gather of column j uses the rows below j, already new in
// this pass); the answer is w = Ψ(v) of the last pass, whose residual c + Aᵀw − w = (U + D)ᵀ(w − v)
// is at most max_j Σ_{i ≤ j} |a_ij| · ‖w − v‖_∞: that bound is what a transposed system stops on
// and reports (the true residual is no larger). When products are numbered by input popularity (as
// `gosplan generate` numbers them), U holds most of A's mass and both systems need fewer passes
// (10^6 products, 20 inputs each: total output 20 → 13, labour values 15 → 12). Sequential (one
// thread) whatever `threads` is; the Anderson sweeps still use `threads`.
// One report of the iteration, after a matrix pass (the library never prints: the caller draws).
struct NeumannAndersonProgress {
  Index passes = 0;        // passes over A so far, over every system
  int system = 0;          // the system being solved: 0 the first (fused) pair, then 1, 2, ...
  int systems = 0;         // how many: the fused pair counts as one
  double residual = 0.0;   // the worst relative residual of the systems iterating now
  double tolerance = 0.0;  // where it must get to
};

struct NeumannAndersonOptions {
  double tolerance =
      1e-10;  // relative residual ‖(I−A)x − y‖_∞/‖y‖_∞ each system must reach, in (0, 1)
  Index max_iterations = 2000;  // matrix passes per system (≥ 1)
  int history = 3;              // Anderson depth m (0 = plain Neumann iteration), 0..20
  int threads = 0;              // OpenMP threads (0 = omp_get_max_threads())
  bool gauss_seidel = false;    // every system on descending Gauss-Seidel passes (see above)
  // Called after every matrix pass, from the calling thread; may be empty.
  std::function<void(const NeumannAndersonProgress&)> progress;
  // Polled after every matrix pass; true stops the solve, which then returns Status kCancelled
  // (never a partial solution). May be empty.
  std::function<bool()> should_stop;
  bool IsValid(std::string* error) const;
};

struct NeumannAndersonSolution {
  Eigen::VectorXd total_output;  // x (size 0 when no final demand was given)
  LeontiefSolveSummary total_output_summary;
  std::vector<Eigen::VectorXd> multipliers;  // v_k, one per transposed right-hand side
  std::vector<LeontiefSolveSummary> multiplier_summaries;
  Index matrix_passes = 0;  // passes over A (a fused pass counts once)
  // ≥ ρ(A); < 1 proves productive. The max column sum of A (taken during the first solve pass);
  // when that is ≥ 1, min(max column sum, max row sum) (one extra pass, counted in matrix_passes).
  double spectral_radius_bound = 0.0;
  std::size_t workspace_bytes = 0;  // memory of the iteration beyond A and the inputs (bytes)
};

// Errors: A not square, a right-hand side of the wrong size (kInternal), invalid options
// (kInvalidArgument). Not converging is not an error: see the summaries (the message mentions the
// spectral-radius bound).
Result<NeumannAndersonSolution> SolveLeontiefNeumannAnderson(
    const CscMatrix& coefficients, const Eigen::VectorXd* final_demand,
    const std::vector<Eigen::VectorXd>& transposed_rhs, const NeumannAndersonOptions& options = {});

// ---- Large economies from files (`gosplan io --coefficients`, docs/scale.md) ------------------
struct LeontiefFiles {
  std::string coefficients;  // A: Matrix Market (gosplan/matrix_market.h), square, non-negative
  std::string final_demand;  // y: one number per line; empty = total output is not solved for
  // Primary rows whose multipliers v = (I − A)^-T c are solved for: names (each once) and files of
  // c, the primary coefficients per unit of output, one number per line.
  std::vector<std::string> primary_names;
  std::vector<std::string> primary_files;
};

struct LeontiefRun {
  std::string coefficients;        // the file A was read from
  Index n = 0;                     // sectors
  Index nonzeros = 0;              // of A
  std::uint64_t matrix_bytes = 0;  // memory of A in CSC (CscMatrix::bytes)
  int threads = 0;                 // OpenMP threads of the solve (distributed: MPI ranks)
  // The solver's name in the reports; empty = the serial Anderson-accelerated Neumann iteration
  // (the distributed solve, gosplan/distributed.h, names its KSP and PC here).
  std::string solver;
  NeumannAndersonOptions options;
  Eigen::VectorXd final_demand;  // y; size 0 when none was given
  std::vector<std::string> primary_names;
  NeumannAndersonSolution solution;
  double residual = 0.0;  // worst relative residual over the systems solved
  // Wall-clock seconds reading the files and solving, and CPU seconds (all threads) of the solve:
  // for progress lines. They differ run to run, so no report holds them.
  double load_seconds = 0.0;
  double solve_seconds = 0.0;
  double solve_cpu_seconds = 0.0;
};

// Reads A, y and the primary coefficients, then solves with SolveLeontiefNeumannAnderson.
// Errors: bad files (kInvalidInput, file:line:column; sizes checked before any allocation); a
// system that did not reach the tolerance (kSolverLimit, naming every such system); invalid options
// (kInternal).
Result<LeontiefRun> SolveLeontiefFiles(const LeontiefFiles& files,
                                       const NeumannAndersonOptions& options = {});

// Reports of a run: a summary (size, solver, residual, matrix passes, the spectral-radius bound)
// and one row per sector (numbered from 1: total_output, NAME_multiplier, 7 significant digits);
// the same columns as CSV (shortest round-trip numbers); a gosplan.leontief/1 document
// (docs/json.md). Each is built straight into one string (no JSON tree): about 20 bytes per number.
std::string LeontiefTextReport(const LeontiefRun& run);
std::string LeontiefCsv(const LeontiefRun& run);
std::string LeontiefJson(const LeontiefRun& run);

}  // namespace gosplan
