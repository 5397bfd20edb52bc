// SolveWithPdlp in three stages (pdlp_solver.cc), so that a distributed backend can run the middle
// one — the PDHG iteration — on many processes while one process does the first and the last:
//   StartPdlp    the options and the LP checked, the LP as a minimisation, presolve and scaling, on
//                the whole LP;
//   iteration    PdhgIteration<Kernels>::Run on the ScaledLp (pdhg_iteration.h);
//   FinishPdlp   the returned point unscaled (x = D_c x̃, y = D_r ỹ) and postsolved, duals in
//                LpSolution's convention, objective and measures on the original LP.
// SolveWithPdlp is StartPdlp, PdhgIteration<LpKernels>, FinishPdlp; the PETSc backend
// (src/distributed/pdlp_petsc.cc) runs the first and the last on rank 0 and the iteration on every
// rank, so both solve exactly the same scaled problem.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gosplan/linear_program.h"
#include "gosplan/pdlp.h"
#include "gosplan/status.h"
#include "pdlp/minimisation_lp.h"
#include "pdlp/presolve.h"
#include "pdlp/restart.h"
#include "pdlp/scaled_start.h"
#include "pdlp/scaling.h"
#include "pdlp/substitution.h"
#include "pdlp/termination.h"

namespace gosplan::pdlp {

// The problem the iteration solves. Not copyable: the presolver refers to `original`.
struct PdlpStart {
  explicit PdlpStart(const LinearProgram& lp) : original(ToMinimisation(lp)) {}
  PdlpStart(const PdlpStart&) = delete;
  PdlpStart& operator=(const PdlpStart&) = delete;
  MinimisationLp original;
  std::optional<Presolver> presolver;        // with PdlpOptions::presolve
  std::optional<Substitution> substitution;  // of presolver->reduced(), with presolve_substitution
  // Absent when presolve proved the LP infeasible (then there is nothing to iterate on).
  std::optional<ScaledLp> scaled;
  bool presolve_infeasible() const { return presolver && presolver->infeasible(); }
};

// The summary's record of the options and of the fixed constants the iteration runs with (restart
// thresholds, Pock–Chambolle α); what the run itself decides (single precision used) is added
// later.
PdlpParameters ParametersOf(const PdlpOptions& options);

// Checks the options and the LP (kInvalidArgument, kInvalidInput), presolves and scales with
// `threads` threads; fills the facts that do not depend on the iteration (sizes, parameters).
Result<std::unique_ptr<PdlpStart>> StartPdlp(const LinearProgram& lp, const PdlpOptions& options,
                                             int threads, PdlpSummary* facts);

// What the iteration returned: why it stopped and the whole point of the scaled problem (x̃, ỹ).
struct IterationOutcome {
  TerminationReason reason = TerminationReason::kNumericalError;
  std::vector<double> x, y;
  std::int64_t iterations = 0;
};

// The iteration of `options.variant` (averaged PDHG, or Halpern with feasibility polishing where
// asked) on `scaled`, from PDLP's usual start or, when `from` is not null, from that point (a warm
// start, warm_start.h). A cancelled run is kCancelled naming `what` (e.g. "the PDLP solve of an LP
// with 10 rows and 12 columns") with the iterations and seconds it ran.
Result<IterationOutcome> RunIteration(const ScaledLp& scaled, const PdlpOptions& options,
                                      const ScaledStart* from,
                                      std::chrono::steady_clock::time_point started,
                                      PdlpSummary* facts, const std::string& what);

// The LpSolution of `lp` from the iteration's outcome (ignored when presolve proved infeasibility),
// named `solver_name` (PDLP's name with the tolerance is appended); seconds since `started`.
LpSolution FinishPdlp(const LinearProgram& lp, const PdlpStart& start,
                      const IterationOutcome& outcome, const PdlpOptions& options,
                      std::chrono::steady_clock::time_point started, PdlpSummary* facts);

// FinishPdlp's last part, for a point already unscaled and postsolved (x; y the minimisation's
// duals): the column values, duals in LpSolution's convention, row activities, reduced costs,
// objective and the measures on `lp`.
void CompleteSolution(const LinearProgram& lp, std::vector<double> x, const std::vector<double>& y,
                      LpSolution* solution);

}  // namespace gosplan::pdlp
