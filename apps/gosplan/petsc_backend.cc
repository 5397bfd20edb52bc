// `--backend petsc` on the command line (petsc_backend.h).
#include "petsc_backend.h"

#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "cli_output.h"
#include "progress_reporter.h"
#ifdef GOSPLAN_HAVE_PETSC
#include <dlfcn.h>
#endif

namespace gosplan::cli {

int SilentFailure(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidInput:
    case StatusCode::kInvalidArgument:
      return kBadInput;
    case StatusCode::kSolverLimit:
      return kSolverLimit;
    default:
      return kInternalFailure;
  }
}

namespace {
std::atomic<bool> user_signal{false};
void OnUserSignal(int) { user_signal.store(true, std::memory_order_relaxed); }
}  // namespace

std::function<bool()> DistributedCancelHook() {
  auto interrupted = CancelHook();  // installs the SIGINT handler
  struct sigaction action {};
  action.sa_handler = OnUserSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGUSR1, &action, nullptr);
  return [interrupted] { return interrupted() || user_signal.load(std::memory_order_relaxed); };
}

std::function<void(const Status&)> RankZeroFailureReport() {
  return [](const Status& status) { (void)ReportFailure(status); };
}

int LauncherRank() {
  for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID"}) {
    if (const char* value = std::getenv(name)) return std::atoi(value);
  }
  return 0;
}

Status RequirePetscBuild() {
#ifdef GOSPLAN_HAVE_PETSC
  return Status::Ok();
#else
  return Status::InvalidInput("--backend petsc", 0, 0, "this gosplan was built without PETSc",
                              "--backend serial, or a build with GOSPLAN_WITH_PETSC=ON "
                              "(docs/distributed.md)");
#endif
}

Result<void*> LoadPetscEntry(const char* symbol) {
#ifndef GOSPLAN_HAVE_PETSC
  return Status::Internal(std::string("this gosplan was built without PETSc: no ") + symbol);
#else
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  const std::filesystem::path dir = error ? std::filesystem::path(".") : self.parent_path();
  std::vector<std::filesystem::path> candidates{dir / "gosplan-petsc.so"};
  for (const char* lib : {"lib", "lib64", "lib/x86_64-linux-gnu", "lib/aarch64-linux-gnu"}) {
    candidates.push_back(dir.parent_path() / lib / "gosplan" / "gosplan-petsc.so");
  }
  std::string why;
  for (const auto& candidate : candidates) {
    if (!std::filesystem::exists(candidate, error)) continue;
    void* module = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (module == nullptr) {
      why = dlerror();
      continue;
    }
    if (void* entry = dlsym(module, symbol)) return entry;
    why = candidate.string() + " has no entry point " + symbol;
  }
  return Status::Internal(
      "cannot load the PETSc backend (gosplan-petsc.so beside the program or in "
      "../lib/gosplan/): " +
      (why.empty() ? std::string("not found") : why));
#endif
}

}  // namespace gosplan::cli
