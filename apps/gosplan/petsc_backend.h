// `--backend petsc` on the command line (docs/distributed.md): the module gosplan-petsc.so opened
// on demand, and how ranks other than 0 keep quiet. Used by `io --coefficients`, `lp` and `plan`.
#pragma once

#include <functional>
#include <string>

#include "gosplan/status.h"

namespace gosplan::cli {

// The exit status ReportFailure gives for `status`, without its words (ranks other than 0).
int SilentFailure(const Status& status);

// This process's rank as the MPI launcher set it (OpenMPI, PMIx, MPICH, Slurm); 0 when not launched
// by one. Lets ranks other than 0 keep quiet about errors found before MPI starts.
int LauncherRank();

// The PETSc module's entry point `symbol` (gosplan/distributed.h): gosplan-petsc.so beside this
// program (the build folder), else in ../lib*/gosplan/ (an install). Kept loaded until exit.
// kInternal when this gosplan has no module (built without PETSc) or it cannot be loaded.
Result<void*> LoadPetscEntry(const char* symbol);

// kInvalidInput for --backend petsc in a build without PETSc (exit status 2), else Ok.
Status RequirePetscBuild();

// The cancel hook of a distributed PDLP run, polled on every rank (docs/distributed.md, Ctrl-C):
// true once this rank got SIGINT (CancelHook, progress_reporter.h) or SIGUSR1. SIGUSR1 because
// Open MPI's mpirun forwards it to every rank (`kill -USR1 <mpirun's pid>`), while on SIGINT it
// ends the job itself (SIGTERM to the ranks).
std::function<bool()> DistributedCancelHook();

// The failure hook of the PETSc entry points (gosplan/distributed.h): says the failure as
// ReportFailure does. The module calls it on rank 0 while every rank still runs, so the command
// returns SilentFailure afterwards on every rank.
std::function<void(const Status&)> RankZeroFailureReport();

}  // namespace gosplan::cli
