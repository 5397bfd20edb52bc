// Internal: a long-lived CLP model for sequences of related solves (warm starts).
//
// Diagnosis solves the same LP dozens of times with a different objective or a few different
// bounds. A fresh solve starts from a slack basis and needs on the order of a pivot per row;
// re-optimising from the previous optimal basis after such a change needs only the pivots the
// change forces (figures in docs/benchmarks.md). This wrapper keeps one ClpSimplex alive:
//  - objective changed  → the old basis stays primal feasible → Resolve(kPrimal);
//  - bounds changed     → the old basis stays dual feasible (for a zero or unchanged objective)
//                         → Resolve(kDual).
// Duals follow LinearProgram's convention (∂ objective as stated / ∂ active bound).
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "gosplan/linear_program.h"

class ClpSimplex;

namespace gosplan::lp {

struct CancelState;  // clp_events.h

// The LpStatus of CLP's last solve of `model`. CLP's status 3 ("stopped early") is told apart by
// its secondary status (9: the time limit) and by the iteration count against the iteration limit;
// a stop with neither, or CLP's status 5 (stopped by the event handler: the cancel hook), is
// kInterrupted.
LpStatus StatusOfClp(const ClpSimplex& model);

class ClpSession {
 public:
  enum class Method { kPrimal, kDual };

  ClpSession();
  ~ClpSession();
  ClpSession(const ClpSession&) = delete;
  ClpSession& operator=(const ClpSession&) = delete;

  // An independent copy of the model in its current state (bounds, objective, basis, solution), for
  // a second chain of warm solves on another thread: CLP models share no state with each other.
  std::unique_ptr<ClpSession> Clone() const;

  // Loads the LP (lp::LoadIntoClp, as SolveWithClp does: objective() includes its offset).
  // kInvalidInput for a malformed LP or one beyond CLP's 32-bit indices (lp::CheckClpShape).
  Status Load(const LinearProgram& lp);
  Index num_rows() const;
  Index num_columns() const;

  // First solve: CLP's initialSolve with presolve (the basis is postsolved, so later Resolve calls
  // start from it).
  LpStatus SolveFromScratch(LpSolveOptions::Algorithm algorithm, double time_limit_seconds = 0.0);
  // Re-optimises from the current basis without presolve, re-using the previous solve's
  // factorization and work areas (the basis has not changed since; only bounds or the objective
  // have).
  LpStatus Resolve(Method method, double time_limit_seconds = 0.0);

  // Re-optimises from the basis set by SetBasis (a fresh factorization: nothing of an earlier
  // solve is re-used).
  LpStatus SolveFromBasis(Method method, double time_limit_seconds = 0.0);

  // The cancel hook of the next solves (LpSolveOptions::should_stop): polled after every simplex
  // iteration; when it says stop, the solve returns kInterrupted and cancelled() is true.
  void SetCancelHook(std::function<bool()> should_stop);
  bool cancelled() const;

  // Changes (±kUnbounded = no bound).
  void SetRowBounds(Index row, double lower, double upper);
  void SetColumnBounds(Index column, double lower, double upper);
  void SetObjective(Index column, double value);
  void ClearObjective();
  void SetMaximize(bool maximize);
  double row_lower(Index row) const;
  double row_upper(Index row) const;
  double column_lower(Index column) const;
  double column_upper(Index column) const;

  // Adds rows given by their non-zeros (row-wise, CSR); returns the first new row's index.
  Index AddRows(const std::vector<Index>& starts, const std::vector<Index>& columns,
                const std::vector<double>& values, const std::vector<double>& lower,
                const std::vector<double>& upper);

  // CLP's dual feasibility tolerance for the next solves (absolute; CLP's default is 1e-7).
  void SetDualTolerance(double tolerance);

  // The basis: one status per column, then one per row (CLP's ClpSimplex::Status codes: 0 free,
  // 1 basic, 2 at upper, 3 at lower, 4 superbasic, 5 fixed). SetBasis expects num_columns() +
  // num_rows() entries.
  std::vector<unsigned char> Basis() const;
  void SetBasis(const std::vector<unsigned char>& basis);

  // The last solve as an LpSolution of `lp` (the LP loaded, with the session's current bounds):
  // status, objective, primal and dual values, max primal violation (lp::SolutionOfClp). Solver
  // name, seconds and iterations are left to the caller.
  LpSolution Solution(const LinearProgram& lp) const;

  // Results of the last solve.
  double objective() const;
  const double* column_values() const;
  const double* row_activities() const;
  const double* row_duals() const;
  const double* reduced_costs() const;
  std::int64_t iterations() const { return iterations_; }  // all solves together
  int solves() const { return solves_; }

 private:
  LpStatus Finish();
  std::unique_ptr<ClpSimplex> model_;
  // Read by the event handler (clp_events.h) for the hook; set by SetCancelHook.
  std::unique_ptr<LpSolveOptions> events_options_;
  std::shared_ptr<const CancelState> cancel_state_;
  std::int64_t iterations_ = 0;
  int solves_ = 0;
};

}  // namespace gosplan::lp
