// What every PETSc-backed computation of the module gosplan-petsc.so shares (the Leontief solve,
// leontief_petsc.cc; PDLP, pdlp_petsc.cc): PETSc error codes as Status, owners that destroy PETSc
// objects on every return path, and one error agreed by all ranks.
#pragma once

#include <petscksp.h>

#include <functional>
#include <vector>

#include "gosplan/status.h"

namespace gosplan::distributed {

// A PETSc failure as a Status: the call that failed and PETSc's own words for the code.
Status PetscFailure(const char* call, PetscErrorCode code);

// Returns PetscFailure from the enclosing function (which returns Status) when `call` fails.
#define GOSPLAN_PETSC(call)                                                                  \
  do {                                                                                       \
    const PetscErrorCode petsc_error_ = (call);                                              \
    if (petsc_error_ != 0) return ::gosplan::distributed::PetscFailure(#call, petsc_error_); \
  } while (0)

// Counts and displacements of MPI_Scatterv/Gatherv (and of the sliced measures' chain) for the
// consecutive ranges [start[p], start[p+1]); kInvalidInput past int's range (MPI's counts are int).
Status MpiCountsOf(const std::vector<long long>& start, std::vector<int>* counts,
                   std::vector<int>* displacements);

// Owners of PETSc objects (destroyed on every return path).
struct OwnedMat {
  Mat m = nullptr;
  ~OwnedMat() { MatDestroy(&m); }
};
struct OwnedVec {
  Vec v = nullptr;
  ~OwnedVec() { VecDestroy(&v); }
};
struct OwnedKsp {
  KSP k = nullptr;
  ~OwnedKsp() { KSPDestroy(&k); }
};
struct OwnedScatter {
  VecScatter s = nullptr;
  ~OwnedScatter() { VecScatterDestroy(&s); }
};

// Collective: Ok on every rank when `local` is Ok on every rank; else the lowest failing rank's
// Status, on every rank. A file problem or a PETSc failure may be seen by one rank only: this
// makes every rank return the same error (and none wait for the others in a collective call that
// will never come).
Status Agree(const Status& local, MPI_Comm comm);

// Collective when MPI runs (`mpi_running`): rank 0 says `failure` through `report` (the command
// line's words for it), and every rank waits until it has. Why: the command line would otherwise
// speak after PetscFinalize, and a rank that exits non-zero first makes mpirun end rank 0 before
// its message is out (then the user learns only that the job failed).
void ReportOnRankZero(const Status& failure, const std::function<void(const Status&)>& report,
                      int rank, bool mpi_running);

}  // namespace gosplan::distributed
