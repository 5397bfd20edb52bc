// Past one machine: the large-economy Leontief solve on PETSc over MPI (docs/distributed.md).
//
// Built only with GOSPLAN_WITH_PETSC (CMake; on when pkg-config finds PETSc). This header is not
// installed with the library: the code lives in the module gosplan-petsc.so (below), which the
// command line loads when asked for, so that find_package(gosplan) never needs MPI.
//
// The mathematics is that of SolveLeontiefFiles (gosplan/leontief.h), on P processes (MPI ranks):
//   total output    (I − A) x = y
//   labour values   (I − A)^T v_k = c_k   (one per primary input k: v_k = c_k L, L = (I − A)^-1)
// with A the technical coefficients (input i per unit of output of product j, A ≥ 0, ρ(A) < 1 for a
// productive economy), y final demand and c_k primary coefficients per unit of output, all in the
// units of the files. M = I − A is assembled as a PETSc MATMPIAIJ matrix distributed by rows: rank
// r owns a contiguous block of rows of M, chosen so that every rank holds about the same number of
// entries (products numbered by popularity have their longest rows first), and the same entries of
// every vector. The
// systems are solved by a Krylov method, PETSc KSP (default GMRES(30), right-preconditioned by
// block Jacobi — one block per rank — with ILU(0) inside each block); the transposed systems by
// KSPSolveTranspose on the same operator and preconditioner (no transposed copy of A). Any KSP/PC
// setting can be overridden through PETSc's options database (`-ksp_type bcgs`, `-pc_type none`,
// ...: the PETSC_OPTIONS environment variable or DistributedLeontiefOptions::petsc_options).
//
// Stopping test, the same as the serial solver's: the TRUE relative residual
//     ‖(I − A) x − y‖_∞ / ‖y‖_∞   (absolute ‖·‖_∞ when y = 0)
// must be ≤ tolerance. KSP's own test is on the 2-norm of the unpreconditioned residual; after each
// KSP solve the ∞-norm residual is recomputed with one extra mat-vec, and while it is above the
// tolerance KSP is restarted from the current x with a 100 times smaller relative tolerance (at
// most 4 times). The residual reported is the recomputed one.
//
// Reading A: each rank reads only its byte range of the Matrix Market file (the entry lines are
// split into P byte ranges of equal size; a rank parses the lines that start in its range) and
// hands its entries, with their global row and column, to PETSc's COO assembly, which sends each
// entry to the rank owning its row and sums repeated (i, j). So the file is read once in all, in
// parallel, and no rank ever holds more than its share of A. The header and the size line are read
// by every rank. The vectors y and c_k (one number per line) are read whole by every rank and each
// keeps its slice (8 bytes per product per vector transiently; A needs ~12 bytes per non-zero on
// its rank).
//
// Determinism: for the same P and the same input the result is the same bits (PETSc's reductions
// are done in a fixed order for a fixed P); results for different P differ within the tolerance.
// All functions are collective: every rank calls them with the same arguments.
#pragma once

#include <functional>
#include <string>

#include "gosplan/leontief.h"
#include "gosplan/linear_program.h"
#include "gosplan/pdlp.h"
#include "gosplan/status.h"

namespace gosplan {

// Starts MPI and PETSc for the life of the object (PetscInitialize / PetscFinalize): create one
// before any other call of this header, in main's scope. `petsc_options` (may be empty) is added to
// PETSc's options database, e.g. "-ksp_type bcgs -pc_type jacobi". Never prints.
class DistributedSession {
 public:
  explicit DistributedSession(const std::string& petsc_options = "");
  ~DistributedSession();
  DistributedSession(const DistributedSession&) = delete;
  DistributedSession& operator=(const DistributedSession&) = delete;
  // Ok, or why PETSc/MPI could not start (kInternal).
  const Status& status() const { return status_; }
  int rank() const { return rank_; }
  int size() const { return size_; }

 private:
  Status status_;
  bool initialized_ = false;
  int rank_ = 0;
  int size_ = 1;
};

struct DistributedLeontiefOptions {
  double tolerance = 1e-10;     // true relative residual each system must reach, in (0, 1)
  Index max_iterations = 2000;  // Krylov iterations per KSP solve (≥ 1)
  // Inline: the command line checks options without loading the module.
  bool IsValid(std::string* error) const {
    if (!(tolerance > 0.0 && tolerance < 1.0)) {
      if (error) *error = "tolerance is " + std::to_string(tolerance) + "; it must be in (0, 1)";
      return false;
    }
    if (max_iterations < 1) {
      if (error)
        *error = "max_iterations is " + std::to_string(max_iterations) + "; it must be >= 1";
      return false;
    }
    return true;
  }
};

// Reads A, y and the primary coefficients as SolveLeontiefFiles does (the same file formats and
// the same checks: square, finite, A ≥ 0) and solves on every rank of the session. On rank 0 the
// returned run holds the whole vectors (gathered), ready for LeontiefJson / LeontiefCsv /
// LeontiefTextReport; on the other ranks it holds only the sizes and the residual. The run's
// `solver` names the KSP and PC types; `threads` is the number of ranks (one thread each);
// `solution.matrix_passes` counts Krylov iterations plus the residual mat-vecs;
// `solution.spectral_radius_bound` is the max column sum of A (and, when that is ≥ 1, the min of it
// and the max row sum), as in the serial solver. Errors, the same on every rank: bad files
// (kInvalidInput, file:line:column), a system that did not reach the tolerance (kSolverLimit,
// naming it), a PETSc failure (kInternal, with PETSc's error code).
Result<LeontiefRun> SolveLeontiefFilesDistributed(const DistributedSession& session,
                                                  const LeontiefFiles& files,
                                                  const DistributedLeontiefOptions& options = {});

// ---- Loading on demand
// ---------------------------------------------------------------------------- PETSc brings ~100
// shared libraries (MPI, Trilinos, HDF5, ...) that take ~0.15 s to load, which every gosplan
// command would pay. So the code above is built as a loadable module, gosplan-petsc.so, beside the
// gosplan program (installed under lib/gosplan/), that the command line opens (dlopen) only for
// --backend petsc. Its one entry point, with C linkage so that dlsym finds it by this name, runs a
// whole session: starts PETSc with `petsc_options`, solves, stops PETSc; *rank receives this
// process's rank. When the result is a failure, `report_failure` (may be empty) is called with it
// on rank 0 while PETSc still runs, and every rank waits for it to return: a command line says the
// error there, since a rank that exits non-zero first would make mpirun end rank 0 unheard.
using RunLeontiefDistributedFunction =
    void (*)(const std::string& petsc_options, const LeontiefFiles& files,
             const DistributedLeontiefOptions& options,
             const std::function<void(const Status&)>& report_failure, Result<LeontiefRun>* result,
             int* rank);
inline constexpr const char* kRunLeontiefDistributedSymbol = "gosplan_run_leontief_distributed";

// ---- PDLP on PETSc (src/distributed/pdlp_petsc.cc)
// ----------------------------------------------- The restarted PDHG of SolveWithPdlp
// (gosplan/pdlp.h) with its iterations spread over the ranks: the same presolve, scaling, step-size
// rule, restarts and termination tests (the serial solver's own code, src/pdlp/pdhg_iteration.h,
// over PETSc kernels: K distributed by rows as MATMPIAIJ, K x by MatMult, Kᵀy by MatMultTranspose,
// sums and norms by MPI_Allreduce). Rank 0 holds the whole LP: it presolves and scales it, scatters
// each rank its rows of K and its slices of the vectors, gathers the point back and writes the
// solution — or, from a partitioned LP (`gosplan partition`), every rank reads its own rows of the
// scaled K from disk and rank 0 only re-runs the presolve for the postsolve. The result equals
// SolveWithPdlp's within the tolerance (the sums run in another order); for the same P and input it
// is the same bits.
//
// A solve spread over every rank, called on rank 0 only, with the whole LP: returns what
// SolveWithPdlp returns (solver "PDLP restarted PDHG on PETSc, P MPI ranks, ..."; summary threads =
// P). The options' should_stop is not used: the entry point's hook (below) is polled on every rank.
using DistributedPdlpSolve = std::function<Result<LpSolution>(
    const LinearProgram& lp, const PdlpOptions& options, PdlpSummary* summary)>;

// The module's entry point for commands that solve LPs with PDLP (`gosplan lp`, `gosplan plan`):
// starts PETSc with `petsc_options`, runs `work` on rank 0 — the whole command: read, solve with
// the DistributedPdlpSolve it is handed (any number of times), write — while the other ranks serve
// its solves; stops PETSc. *result receives, on every rank, what `work` returned on rank 0 (the
// command's exit status); *rank this process's rank; *failure why PETSc/MPI could not start, or
// why the partitioned LP cannot be used (then `work` did not run and *result is 1; that failure is
// first handed to `report_failure` on rank 0, as for the Leontief entry point above).
//
// `partition_folder` empty: rank 0 presolves and scales the LP it is handed and scatters each rank
// its share. Else a folder written by `gosplan partition` (src/partition/lp_partition.h) for the
// run's number of ranks (else kInvalidInput on every rank): every rank reads only its own part
// file at each solve, and the LP handed to the solve must be the one partitioned (kInvalidInput
// otherwise); a damaged or truncated part is kInvalidInput naming the file, on every rank.
//
// `should_stop` (may be empty), polled on every rank: when it says so on any rank, every rank
// stops at the same iteration (one MPI_Allreduce of the flags every check_frequency iterations)
// and the solve returns kCancelled on every rank (Ctrl-C: docs/progress.md).
using RunPdlpDistributedFunction =
    void (*)(const std::string& petsc_options, const std::string& partition_folder,
             const std::function<bool()>& should_stop,
             const std::function<int(const DistributedPdlpSolve&)>& work,
             const std::function<void(const Status&)>& report_failure, int* result, int* rank,
             Status* failure);
inline constexpr const char* kRunPdlpDistributedSymbol = "gosplan_run_pdlp_distributed";

}  // namespace gosplan

extern "C" void gosplan_run_pdlp_distributed(
    const std::string& petsc_options, const std::string& partition_folder,
    const std::function<bool()>& should_stop,
    const std::function<int(const gosplan::DistributedPdlpSolve&)>& work,
    const std::function<void(const gosplan::Status&)>& report_failure, int* result, int* rank,
    gosplan::Status* failure);

extern "C" void gosplan_run_leontief_distributed(
    const std::string& petsc_options, const gosplan::LeontiefFiles& files,
    const gosplan::DistributedLeontiefOptions& options,
    const std::function<void(const gosplan::Status&)>& report_failure,
    gosplan::Result<gosplan::LeontiefRun>* result, int* rank);
