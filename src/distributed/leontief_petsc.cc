// The Leontief solve on PETSc over MPI (gosplan/distributed.h, docs/distributed.md).
#include <petscksp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "distributed/leontief_split.h"
#include "distributed/matrix_market_slice.h"
#include "distributed/petsc_support.h"
#include "gosplan/distributed.h"
#include "gosplan/matrix_market.h"

namespace gosplan {
namespace {

using distributed::Agree;
using distributed::OwnedKsp;
using distributed::OwnedMat;
using distributed::OwnedScatter;
using distributed::OwnedVec;
using distributed::PetscFailure;

using distributed::LeontiefSplit;

// ---- Pieces of the solve
// --------------------------------------------------------------------------- A vector of the
// layout of M' holding this rank's slice of Q `values` (`values` whole, in product order).
Status FillVec(Vec v, const LeontiefSplit& split, int rank, const Eigen::VectorXd& values) {
  PetscInt low = 0, high = 0;
  GOSPLAN_PETSC(VecGetOwnershipRange(v, &low, &high));
  PetscScalar* data = nullptr;
  GOSPLAN_PETSC(VecGetArray(v, &data));
  for (PetscInt k = low; k < high; ++k) data[k - low] = values(split.ProductAt(rank, k));
  GOSPLAN_PETSC(VecRestoreArray(v, &data));
  return Status::Ok();
}

// The whole of Qᵀ `v` (back in product order) on rank 0 (empty elsewhere).
Status GatherToRankZero(Vec v, const LeontiefSplit& split, int rank, Eigen::VectorXd* out) {
  OwnedScatter scatter;
  OwnedVec whole;
  GOSPLAN_PETSC(VecScatterCreateToZero(v, &scatter.s, &whole.v));
  GOSPLAN_PETSC(VecScatterBegin(scatter.s, v, whole.v, INSERT_VALUES, SCATTER_FORWARD));
  GOSPLAN_PETSC(VecScatterEnd(scatter.s, v, whole.v, INSERT_VALUES, SCATTER_FORWARD));
  if (rank == 0) {
    PetscInt n = 0;
    GOSPLAN_PETSC(VecGetSize(whole.v, &n));
    const PetscScalar* data = nullptr;
    GOSPLAN_PETSC(VecGetArrayRead(whole.v, &data));
    out->resize(n);
    for (PetscInt i = 0; i < n; ++i) (*out)(i) = data[split.IndexOf(i)];
    GOSPLAN_PETSC(VecRestoreArrayRead(whole.v, &data));
  }
  return Status::Ok();
}

// ‖M x − b‖_∞ / ‖b‖_∞ (‖M x − b‖_∞ when b = 0), M or M^T; `work` has M's layout.
Status TrueResidual(Mat m, bool transposed, Vec x, Vec b, Vec work, double* residual) {
  GOSPLAN_PETSC(transposed ? MatMultTranspose(m, x, work) : MatMult(m, x, work));
  GOSPLAN_PETSC(VecAXPY(work, -1.0, b));
  PetscReal r = 0.0, scale = 0.0;
  GOSPLAN_PETSC(VecNorm(work, NORM_INFINITY, &r));
  GOSPLAN_PETSC(VecNorm(b, NORM_INFINITY, &scale));
  *residual = scale > 0.0 ? r / scale : r;
  return Status::Ok();
}

// Solves M x = b (or M^T x = b) until the true ∞-norm relative residual is ≤ tolerance: KSP with
// rtol = tolerance on the 2-norm, then restarts from x with 100× smaller rtol (at most 4) while the
// recomputed residual is above it.
Status SolveSystem(KSP ksp, Mat m, bool transposed, Vec b, Vec x, Vec work,
                   const DistributedLeontiefOptions& options, LeontiefSolveSummary* summary,
                   Index* matrix_passes) {
  GOSPLAN_PETSC(VecSet(x, 0.0));
  GOSPLAN_PETSC(KSPSetInitialGuessNonzero(ksp, PETSC_FALSE));
  double rtol = options.tolerance;
  summary->iterations = 0;
  for (int attempt = 0; attempt < 5; ++attempt) {
    GOSPLAN_PETSC(KSPSetTolerances(ksp, rtol, 0.0, PETSC_DEFAULT,
                                   static_cast<PetscInt>(options.max_iterations)));
    GOSPLAN_PETSC(transposed ? KSPSolveTranspose(ksp, b, x) : KSPSolve(ksp, b, x));
    PetscInt iterations = 0;
    GOSPLAN_PETSC(KSPGetIterationNumber(ksp, &iterations));
    summary->iterations += iterations;
    *matrix_passes += iterations + 1;  // + the residual's mat-vec
    if (Status checked = TrueResidual(m, transposed, x, b, work, &summary->residual);
        !checked.ok()) {
      return checked;
    }
    if (!std::isfinite(summary->residual)) break;
    if (summary->residual <= options.tolerance) {
      summary->converged = true;
      summary->message.clear();
      return Status::Ok();
    }
    KSPConvergedReason reason;
    GOSPLAN_PETSC(KSPGetConvergedReason(ksp, &reason));
    if (reason < 0) {
      summary->message = std::string("KSP stopped: ") + KSPConvergedReasons[reason] + " after " +
                         std::to_string(summary->iterations) + " iterations, relative residual " +
                         std::to_string(summary->residual);
      return Status::Ok();
    }
    rtol = std::max(rtol * 1e-2, 1e-15);
    GOSPLAN_PETSC(KSPSetInitialGuessNonzero(ksp, PETSC_TRUE));
  }
  summary->converged = false;
  summary->message = "relative residual " + std::to_string(summary->residual) +
                     " above the tolerance after " + std::to_string(summary->iterations) +
                     " Krylov iterations";
  return Status::Ok();
}

// Max column sum of A, and when that is ≥ 1 the min of it and the max row sum: ≥ ρ(A) (as the
// serial solver reports). From M = I − A: column sums of A are 1 − (M^T 1)_j.
Status SpectralRadiusBound(Mat m, Vec ones, Vec work, double* bound, Index* matrix_passes) {
  GOSPLAN_PETSC(VecSet(ones, 1.0));
  GOSPLAN_PETSC(MatMultTranspose(m, ones, work));
  PetscReal smallest = 0.0;
  GOSPLAN_PETSC(VecMin(work, nullptr, &smallest));
  *bound = 1.0 - smallest;
  ++*matrix_passes;
  if (*bound >= 1.0) {
    GOSPLAN_PETSC(MatMult(m, ones, work));
    GOSPLAN_PETSC(VecMin(work, nullptr, &smallest));
    *bound = std::min(*bound, 1.0 - smallest);
    ++*matrix_passes;
  }
  return Status::Ok();
}

// The boundaries of the contiguous split (LeontiefSplit::kContiguous): every rank holds about the
// same number of non-zeros of M (entries of A plus the diagonal). Rows are grouped into at most
// 2^16 bins of consecutive rows; the per-bin counts are summed over the ranks (one reduction of
// 512 KiB) and rank r starts at the first bin whose prefix reaches r / P of the total. Falls back
// to the equal split when a rank would get no row.
Status EntryBalancedStarts(const distributed::MatrixMarketSlice& a, int size, int rank,
                           MPI_Comm comm, std::vector<std::int64_t>* starts) {
  const std::int64_t n = a.rows;
  const std::int64_t bins = std::min<std::int64_t>(n, std::int64_t{1} << 16);
  auto bin_of = [&](std::int64_t row) { return row * bins / n; };
  auto first_row = [&](std::int64_t bin) { return (bin * n + bins - 1) / bins; };  // ceil
  std::vector<long long> counts(static_cast<std::size_t>(bins), 0), total(counts.size(), 0);
  for (const std::int32_t row : a.row) ++counts[static_cast<std::size_t>(bin_of(row))];
  if (rank == 0) {  // the diagonal entries, counted once
    for (std::int64_t b = 0; b < bins; ++b) {
      counts[static_cast<std::size_t>(b)] += first_row(b + 1) - first_row(b);
    }
  }
  if (MPI_Allreduce(counts.data(), total.data(), static_cast<int>(bins), MPI_LONG_LONG, MPI_SUM,
                    comm) != MPI_SUCCESS) {
    return Status::Internal("MPI_Allreduce of the row counts failed");
  }
  long long sum = 0;
  for (const long long c : total) sum += c;
  std::vector<std::int64_t>& start = *starts;
  start.assign(static_cast<std::size_t>(size) + 1, n);
  start[0] = 0;
  long long prefix = 0;
  int next = 1;
  for (std::int64_t b = 0; b < bins && next < size; ++b) {
    // Rank `next` starts at bin b when the bins before it hold ≥ next / size of the entries.
    while (next < size && prefix * size >= sum * next)
      start[static_cast<std::size_t>(next++)] = first_row(b);
    prefix += total[static_cast<std::size_t>(b)];
  }
  bool empty = false;
  for (int r = 0; r < size; ++r) empty = empty || start[r + 1] <= start[r];
  if (empty) {  // PETSc's own equal split: the first n mod P ranks one row more
    for (int r = 0; r <= size; ++r) {
      start[static_cast<std::size_t>(r)] = r * (n / size) + std::min<std::int64_t>(r, n % size);
    }
  }
  return Status::Ok();
}

// The split PETSc's options database asks for (-leontief_split interleaved|contiguous; default
// interleaved).
Status ChosenSplit(const distributed::MatrixMarketSlice& a, int size, int rank, MPI_Comm comm,
                   std::optional<distributed::LeontiefSplit>* split) {
  char name[64] = "interleaved";
  PetscBool set = PETSC_FALSE;
  GOSPLAN_PETSC(
      PetscOptionsGetString(nullptr, nullptr, "-leontief_split", name, sizeof name, &set));
  const std::string chosen = name;
  if (chosen == "interleaved") {
    split->emplace(distributed::LeontiefSplit::Interleaved(a.rows, size));
    return Status::Ok();
  }
  if (chosen == "contiguous") {
    std::vector<std::int64_t> starts;
    if (Status s = EntryBalancedStarts(a, size, rank, comm, &starts); !s.ok()) return s;
    split->emplace(distributed::LeontiefSplit::Contiguous(std::move(starts)));
    return Status::Ok();
  }
  // As a located input error (Agree carries those to every rank with their code: exit status 2).
  return Status::InvalidInput(
      "--petsc-options", 0, 0,
      "-leontief_split '" + chosen + "' is not one of interleaved, contiguous",
      "-leontief_split interleaved (the default) or contiguous");
}

Status SolveAll(const DistributedSession& session, const LeontiefFiles& files,
                const DistributedLeontiefOptions& options, LeontiefRun* run) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const MPI_Comm comm = PETSC_COMM_WORLD;
  const int rank = session.rank();
  // ---- A, each rank its byte range ----
  auto slice = distributed::ReadMatrixMarketSlice(files.coefficients, rank, session.size());
  Status agreed = Agree(slice.ok() ? Status::Ok() : slice.status(), comm);
  if (!agreed.ok()) return agreed;
  distributed::MatrixMarketSlice& a = slice.value();
  const long long local_entries = static_cast<long long>(a.value.size());
  long long entries = 0;
  MPI_Allreduce(&local_entries, &entries, 1, MPI_LONG_LONG, MPI_SUM, comm);
  if (entries != a.declared_entries) {
    return Status::InvalidInput(
        files.coefficients, 0, 0, std::to_string(entries) + " entry lines",
        std::to_string(a.declared_entries) + " entries, as the size line declares");
  }
  const Index n = a.rows;
  run->coefficients = files.coefficients;
  run->n = n;
  run->primary_names = files.primary_names;
  run->threads = session.size();
  // ---- y and c_k: whole on every rank (the same checks and errors as the serial path) ----
  std::vector<Eigen::VectorXd> rhs;
  Status local = Status::Ok();
  if (!files.final_demand.empty()) {
    auto loaded = ReadVectorFile(files.final_demand, n);
    if (loaded.ok()) {
      run->final_demand = std::move(loaded.value());
    } else {
      local = loaded.status();
    }
  }
  for (std::size_t k = 0; local.ok() && k < files.primary_files.size(); ++k) {
    auto loaded = ReadVectorFile(files.primary_files[k], n);
    if (loaded.ok()) {
      rhs.push_back(std::move(loaded.value()));
    } else {
      local = loaded.status();
    }
  }
  agreed = Agree(local, comm);
  if (!agreed.ok()) return agreed;

  // ---- M' = Q (I − A) Qᵀ by COO assembly: this rank's entries, renumbered, and the diagonal of
  // the rows it owns ----
  const PetscMPIInt size = session.size();
  std::optional<LeontiefSplit> chosen;
  agreed = Agree(ChosenSplit(a, size, rank, comm, &chosen), comm);
  if (!agreed.ok()) return agreed;
  const LeontiefSplit& split = *chosen;
  const auto local_rows = static_cast<PetscInt>(split.Count(rank));
  OwnedMat m;
  GOSPLAN_PETSC(MatCreate(comm, &m.m));
  GOSPLAN_PETSC(
      MatSetSizes(m.m, local_rows, local_rows, static_cast<PetscInt>(n), static_cast<PetscInt>(n)));
  GOSPLAN_PETSC(MatSetType(m.m, MATAIJ));
  GOSPLAN_PETSC(MatSetUp(m.m));
  PetscInt low = 0, high = 0;
  GOSPLAN_PETSC(MatGetOwnershipRange(m.m, &low, &high));
  {
    const std::size_t count = a.value.size() + static_cast<std::size_t>(high - low);
    std::vector<PetscInt> coo_i(count), coo_j(count);
    std::vector<PetscScalar> values(count);
    for (std::size_t e = 0; e < a.value.size(); ++e) {
      coo_i[e] = static_cast<PetscInt>(split.IndexOf(a.row[e]));
      coo_j[e] = static_cast<PetscInt>(split.IndexOf(a.col[e]));
      values[e] = -a.value[e];
    }
    for (PetscInt i = low; i < high; ++i) {
      const std::size_t e = a.value.size() + static_cast<std::size_t>(i - low);
      coo_i[e] = coo_j[e] = i;
      values[e] = 1.0;
    }
    run->nonzeros = entries;
    a = distributed::MatrixMarketSlice{};  // the file's entries are no longer needed
    GOSPLAN_PETSC(
        MatSetPreallocationCOO(m.m, static_cast<PetscCount>(count), coo_i.data(), coo_j.data()));
    GOSPLAN_PETSC(MatSetValuesCOO(m.m, values.data(), INSERT_VALUES));
  }
  MatInfo info;
  GOSPLAN_PETSC(MatGetInfo(m.m, MAT_GLOBAL_SUM, &info));
  // The AIJ arrays over all ranks: a value and a column index per stored entry, and the row
  // offsets of the diagonal and off-diagonal blocks (PETSc counts its memory only in debug runs).
  run->matrix_bytes =
      static_cast<std::uint64_t>(info.nz_used) * (sizeof(PetscScalar) + sizeof(PetscInt)) +
      2 * static_cast<std::uint64_t>(n + size) * sizeof(PetscInt);

  OwnedVec b, x, work;
  GOSPLAN_PETSC(MatCreateVecs(m.m, &x.v, &b.v));
  GOSPLAN_PETSC(VecDuplicate(b.v, &work.v));
  const auto loaded = Clock::now();
  const std::clock_t cpu_before = std::clock();

  // ---- The solver: GMRES, right-preconditioned by block Jacobi / ILU(0); options may override
  // ----
  OwnedKsp ksp;
  GOSPLAN_PETSC(KSPCreate(comm, &ksp.k));
  GOSPLAN_PETSC(KSPSetOperators(ksp.k, m.m, m.m));
  GOSPLAN_PETSC(KSPSetType(ksp.k, KSPGMRES));
  PC pc = nullptr;
  GOSPLAN_PETSC(KSPGetPC(ksp.k, &pc));
  GOSPLAN_PETSC(PCSetType(pc, PCBJACOBI));
  GOSPLAN_PETSC(KSPSetPCSide(ksp.k, PC_RIGHT));
  // The unpreconditioned residual: KSP's test then measures what the reported residual measures.
  GOSPLAN_PETSC(KSPSetNormType(ksp.k, KSP_NORM_UNPRECONDITIONED));
  GOSPLAN_PETSC(KSPSetFromOptions(ksp.k));
  GOSPLAN_PETSC(KSPSetUp(ksp.k));
  KSPType ksp_type = nullptr;
  PCType pc_type = nullptr;
  GOSPLAN_PETSC(KSPGetType(ksp.k, &ksp_type));
  GOSPLAN_PETSC(PCGetType(pc, &pc_type));
  run->solver = std::string("PETSc KSP ") + ksp_type + "+" + pc_type + " on " +
                std::to_string(size) + (size == 1 ? " rank" : " ranks");

  NeumannAndersonSolution& s = run->solution;
  if (Status bounded =
          SpectralRadiusBound(m.m, x.v, work.v, &s.spectral_radius_bound, &s.matrix_passes);
      !bounded.ok()) {
    return bounded;
  }
  if (run->final_demand.size() > 0) {
    if (Status fill = FillVec(b.v, split, rank, run->final_demand); !fill.ok()) return fill;
    if (Status solved = SolveSystem(ksp.k, m.m, false, b.v, x.v, work.v, options,
                                    &s.total_output_summary, &s.matrix_passes);
        !solved.ok()) {
      return solved;
    }
    if (Status gathered = GatherToRankZero(x.v, split, rank, &s.total_output); !gathered.ok())
      return gathered;
  }
  for (const Eigen::VectorXd& c : rhs) {
    if (Status fill = FillVec(b.v, split, rank, c); !fill.ok()) return fill;
    s.multiplier_summaries.emplace_back();
    if (Status solved = SolveSystem(ksp.k, m.m, true, b.v, x.v, work.v, options,
                                    &s.multiplier_summaries.back(), &s.matrix_passes);
        !solved.ok()) {
      return solved;
    }
    s.multipliers.emplace_back();
    if (Status gathered = GatherToRankZero(x.v, split, rank, &s.multipliers.back()); !gathered.ok())
      return gathered;
  }
  run->solve_cpu_seconds = static_cast<double>(std::clock() - cpu_before) / CLOCKS_PER_SEC;
  run->load_seconds = std::chrono::duration<double>(loaded - start).count();
  run->solve_seconds = std::chrono::duration<double>(Clock::now() - loaded).count();
  return Status::Ok();
}

}  // namespace

DistributedSession::DistributedSession(const std::string& petsc_options) {
  // The options go in as PetscInitialize's command line: some are only read there (-log_view, which
  // must start the log before anything is logged). First "-options_left 0": no report of unused
  // options at PetscFinalize (the library does not print); the caller's may say otherwise.
  std::vector<std::string> words{"gosplan", "-options_left", "0"};
  std::istringstream split(petsc_options);
  for (std::string word; split >> word;) words.push_back(word);
  std::vector<char*> pointers;
  for (std::string& word : words) pointers.push_back(word.data());
  pointers.push_back(nullptr);
  int argc = static_cast<int>(words.size());
  char** argv = pointers.data();
  if (PetscInitialize(&argc, &argv, nullptr, nullptr) != 0) {
    status_ = Status::Internal("PETSc/MPI could not start (PetscInitialize failed with options '" +
                               petsc_options + "')");
    return;
  }
  initialized_ = true;
  // Errors come back as codes (turned into Status): PETSc's handler would print a traceback.
  PetscPushErrorHandler(PetscIgnoreErrorHandler, nullptr);
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank_);
  MPI_Comm_size(PETSC_COMM_WORLD, &size_);
}

DistributedSession::~DistributedSession() {
  if (!initialized_) return;
  // MPI must be finalised even when PETSc's own finalisation fails (a log that cannot be written):
  // else mpirun reports an abnormal termination.
  if (PetscFinalize() != 0) {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized) MPI_Finalize();
  }
}

Result<LeontiefRun> SolveLeontiefFilesDistributed(const DistributedSession& session,
                                                  const LeontiefFiles& files,
                                                  const DistributedLeontiefOptions& options) {
  if (!session.status().ok()) return session.status();
  std::string invalid;
  if (!options.IsValid(&invalid)) {
    return Status::InvalidArgument("DistributedLeontiefOptions", invalid);
  }
  if (files.primary_names.size() != files.primary_files.size()) {
    return Status::Internal("SolveLeontiefFilesDistributed: one name per primary file");
  }
  LeontiefRun run;
  run.options.tolerance = options.tolerance;
  run.options.max_iterations = options.max_iterations;
  Status solved = SolveAll(session, files, options, &run);
  // Every rank returns the same verdict (a PETSc failure may be local to one).
  solved = Agree(solved, PETSC_COMM_WORLD);
  if (!solved.ok()) return solved;

  // Not converged: a solver limit naming every such system, as SolveLeontiefFiles says it.
  std::string failures;
  auto account = [&](const LeontiefSolveSummary& summary, const std::string& what) {
    run.residual = std::max(run.residual, summary.residual);
    if (summary.converged) return;
    const Diagnostic failure{files.coefficients, 0, 0,
                             summary.message + " (solving for " + what + ")",
                             "a converged solve: raise --max-iterations or loosen --tolerance, "
                             "or choose another -ksp_type/-pc_type"};
    failures += (failures.empty() ? "" : "\n") + failure.ToString();
  };
  if (!files.final_demand.empty()) account(run.solution.total_output_summary, "total output");
  for (std::size_t k = 0; k < run.primary_names.size(); ++k) {
    account(run.solution.multiplier_summaries[k], "multipliers of '" + run.primary_names[k] + "'");
  }
  if (!failures.empty()) return Status::SolverLimit(failures);
  return run;
}

}  // namespace gosplan

extern "C" void gosplan_run_leontief_distributed(
    const std::string& petsc_options, const gosplan::LeontiefFiles& files,
    const gosplan::DistributedLeontiefOptions& options,
    const std::function<void(const gosplan::Status&)>& report_failure,
    gosplan::Result<gosplan::LeontiefRun>* result, int* rank) {
  const gosplan::DistributedSession session(petsc_options);
  *rank = session.rank();
  *result = gosplan::SolveLeontiefFilesDistributed(session, files, options);
  if (!result->ok()) {
    gosplan::distributed::ReportOnRankZero(result->status(), report_failure, session.rank(),
                                           session.status().ok());
  }
}
