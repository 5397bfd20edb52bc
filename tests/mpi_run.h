// What the distributed (PETSc/MPI) tests share: a gosplan command on P MPI ranks with its output
// captured, and the normwise difference of two answers.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "test_support.h"

namespace gosplan::testing {

#ifdef GOSPLAN_HAVE_PETSC
// `mpirun -n RANKS` with one OpenMP thread per rank, root allowed (CI containers), oversubscribed
// (CI has 2 cores), and no cross-memory-attach copies between ranks (container seccomp profiles
// often forbid them).
inline std::string Mpirun(int ranks) {
  return std::string(
             "OMP_NUM_THREADS=1 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
             "OMPI_MCA_btl_vader_single_copy_mechanism=none ") +
         GOSPLAN_MPIEXEC + " -n " + std::to_string(ranks) + " --oversubscribe --allow-run-as-root ";
}

// `gosplan ARGUMENTS --backend petsc -q` on `ranks` MPI processes, output captured in `scratch`.
inline CommandResult Petsc(const ScratchFolder& scratch, int ranks, const std::string& arguments) {
  return RunShell(Mpirun(ranks) + "'" + GOSPLAN_CLI_PATH + "' " + arguments + " --backend petsc -q",
                  scratch.path());
}

// `gosplan io ARGUMENTS --backend petsc -q` on `ranks` MPI processes.
inline CommandResult PetscIo(const ScratchFolder& scratch, int ranks,
                             const std::string& arguments) {
  return Petsc(scratch, ranks, "io " + arguments);
}
#endif

// max_i |a_i − b_i| / max_i |a_i|.
inline double NormwiseDifference(const std::vector<double>& a, const std::vector<double>& b) {
  double difference = 0.0, scale = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference = std::max(difference, std::abs(a[i] - b[i]));
    scale = std::max(scale, std::abs(a[i]));
  }
  return difference / scale;
}

}  // namespace gosplan::testing
