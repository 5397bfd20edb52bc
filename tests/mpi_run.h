// What the distributed (PETSc/MPI) tests share: a gosplan command on P MPI ranks with its output
// captured, and the normwise difference of two answers.
#pragma once

#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "test_support.h"

namespace gosplan::testing {

struct ShellRun {
  int exit_code = -1;
  std::string output;
  std::string errors;
};

// `command` through the shell, stdout and stderr captured in files of `scratch`.
inline ShellRun RunShell(const ScratchFolder& scratch, const std::string& command) {
  const std::string out = scratch.path() + "/stdout", err = scratch.path() + "/stderr";
  const std::string redirected = command + " > '" + out + "' 2> '" + err + "'";
  const int status = std::system(redirected.c_str());
  ShellRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.output = ReadFile(out);
  run.errors = ReadFile(err);
  return run;
}

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

// `gosplan ARGUMENTS --backend petsc -q` on `ranks` MPI processes.
inline ShellRun Petsc(const ScratchFolder& scratch, int ranks, const std::string& arguments) {
  return RunShell(
      scratch, Mpirun(ranks) + "'" + GOSPLAN_CLI_PATH + "' " + arguments + " --backend petsc -q");
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
