// Internal: how each LpSolveOptions::Algorithm is asked of CLP's initialSolve, shared by the
// one-shot SolveWithClp (clp_solver.cc) and the warm-start session's first solve (clp_session.cc).
#pragma once

#include <ClpSolve.hpp>

#include "gosplan/linear_program.h"

namespace gosplan::lp {

inline ClpSolve ClpSolveOptions(LpSolveOptions::Algorithm algorithm, bool presolve) {
  ClpSolve options;
  options.setPresolveType(presolve ? ClpSolve::presolveOn : ClpSolve::presolveOff);
  // No SIGINT handler of CLP's own: by default initialSolve installs one for its duration (a
  // process-wide handler that stops the last model started, not thread-safe, and that would
  // replace the caller's — Ctrl-C reaches the library through LpSolveOptions::should_stop).
  constexpr int kInterruptHandling = 2, kNoInterruptHandler = 1;
  options.setSpecialOption(kInterruptHandling, kNoInterruptHandler);
  switch (algorithm) {
    case LpSolveOptions::Algorithm::kDualSimplex:
      options.setSolveType(ClpSolve::useDual);
      break;
    case LpSolveOptions::Algorithm::kPrimalSimplex:
      options.setSolveType(ClpSolve::usePrimal);
      break;
    case LpSolveOptions::Algorithm::kBarrier:
      options.setSolveType(ClpSolve::useBarrier);
      break;
    case LpSolveOptions::Algorithm::kIdiotPrimal:
      options.setSolveType(ClpSolve::usePrimal);
      options.setSpecialOption(1, 2, LpSolveOptions::kIdiotPasses);  // primal startup: idiot crash
      break;
  }
  return options;
}

// The algorithm's name in reports ("CLP " + this).
inline const char* ClpAlgorithmName(LpSolveOptions::Algorithm algorithm) {
  switch (algorithm) {
    case LpSolveOptions::Algorithm::kDualSimplex:
      return "dual simplex";
    case LpSolveOptions::Algorithm::kPrimalSimplex:
      return "primal simplex";
    case LpSolveOptions::Algorithm::kBarrier:
      return "barrier";
    case LpSolveOptions::Algorithm::kIdiotPrimal:
      return "idiot crash + primal simplex";
  }
  return "dual simplex";
}

}  // namespace gosplan::lp
