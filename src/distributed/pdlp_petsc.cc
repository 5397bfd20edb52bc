// PDLP on PETSc over MPI (gosplan/distributed.h, docs/distributed.md): rank 0 runs the command and
// the stages before and after the iteration (src/pdlp/pdlp_stages.h: presolve and scaling of the
// whole LP, then unscaling, postsolve and the report); every rank runs the PDHG iteration
// (src/pdlp/pdhg_iteration.h, the serial solver's own code) on its slice, with the kernels of
// pdlp_petsc_kernels.h.
//
// One solve, in messages:
//   rank 0     StartPdlp on the whole LP; splits the rows of K and the columns into P contiguous
//              ranges of about equal weight (entries + 1 each); broadcasts the sizes, the ranges,
//              the options and the scalars of the scaled problem; scatters each rank its rows of
//              K (CSR, MPI_Scatterv) and its slices of the row and column vectors;
//   every rank PdhgIteration<PetscLpKernels>::Run;
//   rank 0     gathers x̃ and ỹ (MPI_Gatherv) and runs FinishPdlp.
// So rank 0 holds the whole LP (as the serial solver does) and the other ranks only their share of
// K and the vectors: reading the LP by slices is not done yet (docs/distributed.md, "Not yet").
#include <mpi.h>
#include <petscsys.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "distributed/pdlp_petsc_kernels.h"
#include "distributed/petsc_support.h"
#include "gosplan/distributed.h"
#include "pdlp/pdhg_iteration.h"
#include "pdlp/pdlp_stages.h"

namespace gosplan {
namespace {

using distributed::Agree;
using distributed::PetscLpKernels;
using Clock = std::chrono::steady_clock;

// What rank 0 broadcasts before the iteration: sizes, options and the scaled problem's scalars.
struct SolveHeader {
  long long rows = 0, columns = 0;
  int iterate = 0;  // 0: presolve proved infeasibility, nothing to iterate
  // PdlpOptions (without the callbacks)
  double tolerance = 0.0, time_limit_seconds = 0.0, infeasibility_tolerance = 0.0;
  long long iteration_limit = 0;
  int check_frequency = 0;
  // ScaledLp's scalars
  double offset = 0.0, objective_norm = 0.0, bound_norm = 0.0, initial_step_size = 0.0,
         initial_primal_weight = 0.0;
};

// Splits [0, count) into `parts` contiguous ranges whose weights (1 + weight[k] each) are about
// equal: start[p] is the first index at which the prefix weight reaches p / parts of the total.
std::vector<long long> Split(long long count, int parts, const std::vector<Index>& starts) {
  // starts: CSR/CSC offsets, so the entries of index k are starts[k + 1] − starts[k].
  const long long total = count + (starts.empty() ? 0 : starts.back());
  std::vector<long long> start(static_cast<std::size_t>(parts) + 1, count);
  start[0] = 0;
  int next = 1;
  for (long long k = 0; k < count && next < parts; ++k) {
    const long long prefix = k + starts[k];  // the weight of [0, k)
    while (next < parts && prefix * parts >= total * next) start[next++] = k;
  }
  return start;
}

// Counts and displacements of MPI_Scatterv/Gatherv for the ranges `start` (int: MPI's limit).
Status CountsOf(const std::vector<long long>& start, std::vector<int>* counts,
                std::vector<int>* displacements) {
  const std::size_t parts = start.size() - 1;
  counts->resize(parts);
  displacements->resize(parts);
  for (std::size_t p = 0; p < parts; ++p) {
    if (start[p + 1] > std::numeric_limits<int>::max()) {
      return Status::InvalidInput("the LP", 0, 0, "more than 2^31 − 1 rows, columns or entries",
                                  "a smaller LP for this build (MPI counts are int)");
    }
    (*counts)[p] = static_cast<int>(start[p + 1] - start[p]);
    (*displacements)[p] = static_cast<int>(start[p]);
  }
  return Status::Ok();
}

// Rank 0's whole vector `all` (empty elsewhere) into this rank's slice.
std::vector<double> Scatter(const std::vector<double>& all, const std::vector<int>& counts,
                            const std::vector<int>& displacements, int rank, MPI_Comm comm) {
  std::vector<double> mine(static_cast<std::size_t>(counts[rank]));
  MPI_Scatterv(rank == 0 ? all.data() : nullptr, counts.data(), displacements.data(), MPI_DOUBLE,
               mine.data(), counts[rank], MPI_DOUBLE, 0, comm);
  return mine;
}

// This rank's slice into the whole vector on rank 0.
std::vector<double> Gather(const std::vector<double>& mine, const std::vector<int>& counts,
                           const std::vector<int>& displacements, int rank, MPI_Comm comm) {
  std::vector<double> all;
  if (rank == 0) all.resize(static_cast<std::size_t>(displacements.back() + counts.back()));
  MPI_Gatherv(mine.data(), static_cast<int>(mine.size()), MPI_DOUBLE, all.data(), counts.data(),
              displacements.data(), MPI_DOUBLE, 0, comm);
  return all;
}

// Whether -pdlp_explicit_transpose is set in PETSc's options database.
bool ExplicitTranspose() {
  PetscBool value = PETSC_FALSE, set = PETSC_FALSE;
  PetscOptionsGetBool(nullptr, nullptr, "-pdlp_explicit_transpose", &value, &set);
  return set && value;
}

// One distributed solve; collective. On rank 0 `lp` and `options` are the caller's and the result
// is the solution; on the other ranks both are ignored (null / defaults) and the result only says
// whether the solve failed (the same Status on every rank).
Result<LpSolution> SolveCollectively(const LinearProgram* lp, const PdlpOptions& options,
                                     PdlpSummary* summary) {
  const MPI_Comm comm = PETSC_COMM_WORLD;
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const auto started = Clock::now();
  PdlpSummary local_summary;
  PdlpSummary& facts = summary ? *summary : local_summary;

  // ---- rank 0: presolve and scaling of the whole LP (the serial solver's stage) ----
  std::unique_ptr<pdlp::PdlpStart> start;
  SolveHeader header;
  std::vector<long long> row_start, column_start;
  Status local = Status::Ok();
  if (rank == 0) {
    auto started_lp = pdlp::StartPdlp(*lp, options, options.threads, &facts);
    if (started_lp.ok()) {
      start = std::move(started_lp.value());
    } else {
      local = started_lp.status();
    }
  }
  if (Status agreed = Agree(local, comm); !agreed.ok()) return agreed;
  if (rank == 0) {
    header.iterate = start->scaled ? 1 : 0;
    header.tolerance = options.tolerance;
    header.time_limit_seconds = options.time_limit_seconds;
    header.infeasibility_tolerance = options.infeasibility_tolerance;
    header.iteration_limit = options.iteration_limit;
    header.check_frequency = options.check_frequency;
    if (start->scaled) {
      const pdlp::ScaledLp& scaled = *start->scaled;
      header.rows = scaled.kernels->num_rows();
      header.columns = scaled.kernels->num_columns();
      header.offset = scaled.offset;
      header.objective_norm = scaled.objective_norm;
      header.bound_norm = scaled.bound_norm;
      header.initial_step_size = scaled.initial_step_size;
      header.initial_primal_weight = scaled.initial_primal_weight;
      row_start = Split(header.rows, size, scaled.kernels->by_row().starts);
      column_start = Split(header.columns, size, scaled.kernels->by_column().starts);
    }
  }
  MPI_Bcast(&header, sizeof header, MPI_BYTE, 0, comm);
  if (!header.iterate) {
    if (rank != 0) return LpSolution{};
    facts.threads = size;
    LpSolution solution = pdlp::FinishPdlp(*lp, *start, {}, options, started, &facts);
    return solution;
  }
  row_start.resize(static_cast<std::size_t>(size) + 1);
  column_start.resize(static_cast<std::size_t>(size) + 1);
  MPI_Bcast(row_start.data(), size + 1, MPI_LONG_LONG, 0, comm);
  MPI_Bcast(column_start.data(), size + 1, MPI_LONG_LONG, 0, comm);

  // ---- every rank: its slices of the scaled problem ----
  std::vector<int> row_counts, row_displacements, column_counts, column_displacements;
  local = CountsOf(row_start, &row_counts, &row_displacements);
  if (local.ok()) local = CountsOf(column_start, &column_counts, &column_displacements);
  // The entries of each rank's rows (K's CSR offsets at the range boundaries).
  std::vector<long long> entry_start(static_cast<std::size_t>(size) + 1, 0);
  if (rank == 0) {
    const std::vector<Index>& starts = start->scaled->kernels->by_row().starts;
    for (int p = 0; p <= size; ++p) entry_start[p] = starts[row_start[p]];
  }
  MPI_Bcast(entry_start.data(), size + 1, MPI_LONG_LONG, 0, comm);
  std::vector<int> entry_counts, entry_displacements;
  if (local.ok()) local = CountsOf(entry_start, &entry_counts, &entry_displacements);
  if (Status agreed = Agree(local, comm); !agreed.ok()) return agreed;

  pdlp::ScaledLp mine;  // this rank's slices; no kernels (PetscLpKernels below)
  const pdlp::ScaledLp* whole = rank == 0 ? &*start->scaled : nullptr;
  static const std::vector<double> kNone;
  auto rows_of = [&](const std::vector<double>& all) {
    return Scatter(all, row_counts, row_displacements, rank, comm);
  };
  auto columns_of = [&](const std::vector<double>& all) {
    return Scatter(all, column_counts, column_displacements, rank, comm);
  };
  mine.row_lower = rows_of(whole ? whole->row_lower : kNone);
  mine.row_upper = rows_of(whole ? whole->row_upper : kNone);
  mine.row_scale = rows_of(whole ? whole->row_scale : kNone);
  mine.objective = columns_of(whole ? whole->objective : kNone);
  mine.column_lower = columns_of(whole ? whole->column_lower : kNone);
  mine.column_upper = columns_of(whole ? whole->column_upper : kNone);
  mine.column_scale = columns_of(whole ? whole->column_scale : kNone);
  mine.offset = header.offset;
  mine.objective_norm = header.objective_norm;
  mine.bound_norm = header.bound_norm;
  mine.initial_step_size = header.initial_step_size;
  mine.initial_primal_weight = header.initial_primal_weight;

  // K's rows: offsets rebased to 0, global column indices as PetscInt, values.
  const Index local_rows = row_counts[rank], local_columns = column_counts[rank];
  std::vector<PetscInt> row_starts(static_cast<std::size_t>(local_rows) + 1);
  std::vector<PetscInt> column_indices;
  std::vector<double> values(static_cast<std::size_t>(entry_counts[rank]));
  {
    // Each rank's first local_rows row offsets; the end is the next rank's first entry.
    std::vector<long long> starts(static_cast<std::size_t>(local_rows) + 1);
    std::vector<long long> all_starts;
    if (rank == 0) {
      const std::vector<Index>& offsets = whole->kernels->by_row().starts;
      all_starts.assign(offsets.begin(), offsets.end());
    }
    MPI_Scatterv(all_starts.data(), row_counts.data(), row_displacements.data(), MPI_LONG_LONG,
                 starts.data(), static_cast<int>(local_rows), MPI_LONG_LONG, 0, comm);
    starts[local_rows] = entry_start[rank + 1];
    for (Index i = 0; i <= local_rows; ++i)
      row_starts[i] = static_cast<PetscInt>(starts[i] - starts[0]);
    std::vector<long long> indices(values.size());
    std::vector<long long> all_indices;
    if (rank == 0) {
      const std::vector<Index>& source = whole->kernels->by_row().indices;
      all_indices.assign(source.begin(), source.end());
    }
    MPI_Scatterv(all_indices.data(), entry_counts.data(), entry_displacements.data(), MPI_LONG_LONG,
                 indices.data(), entry_counts[rank], MPI_LONG_LONG, 0, comm);
    column_indices.assign(indices.begin(), indices.end());
    MPI_Scatterv(rank == 0 ? whole->kernels->by_row().values.data() : nullptr, entry_counts.data(),
                 entry_displacements.data(), MPI_DOUBLE, values.data(), entry_counts[rank],
                 MPI_DOUBLE, 0, comm);
  }
  auto kernels =
      PetscLpKernels::Create(comm, header.rows, header.columns, local_rows, local_columns,
                             row_starts, column_indices, values, ExplicitTranspose());
  local = kernels.ok() ? Status::Ok() : kernels.status();
  if (Status agreed = Agree(local, comm); !agreed.ok()) return agreed;
  // K lives in PETSc now.
  std::vector<PetscInt>().swap(column_indices);
  std::vector<double>().swap(values);

  // ---- every rank: the serial solver's iteration on its slices ----
  PdlpOptions iteration_options;
  iteration_options.tolerance = header.tolerance;
  iteration_options.time_limit_seconds = header.time_limit_seconds;
  iteration_options.infeasibility_tolerance = header.infeasibility_tolerance;
  iteration_options.iteration_limit = header.iteration_limit;
  iteration_options.check_frequency = header.check_frequency;
  if (rank == 0) iteration_options.progress = options.progress;  // rank 0 reports
  // No should_stop: every rank would have to agree at every step (Ctrl-C stops mpirun's ranks).
  const pdlp::RestartParameters restart;
  pdlp::PdhgIteration<PetscLpKernels> iteration(mine, *kernels.value(), iteration_options, restart,
                                                started, &facts);
  pdlp::RunResult run = iteration.Run();
  if (Status agreed = Agree(kernels.value()->failure(), comm); !agreed.ok()) return agreed;

  // ---- rank 0: the whole point, unscaled and postsolved ----
  pdlp::IterationOutcome outcome;
  outcome.reason = run.reason;
  outcome.iterations = run.iterations;
  outcome.x = Gather(run.point.x, column_counts, column_displacements, rank, comm);
  outcome.y = Gather(run.point.y, row_counts, row_displacements, rank, comm);
  if (rank != 0) return LpSolution{};
  facts.threads = size;
  LpSolution solution = pdlp::FinishPdlp(*lp, *start, outcome, options, started, &facts);
  char name[120];
  std::snprintf(name, sizeof name, "PDLP restarted PDHG on PETSc, %d MPI %s, tolerance %.0e", size,
                size == 1 ? "rank" : "ranks", options.tolerance);
  solution.solver = name;
  return solution;
}

// What rank 0 broadcasts before each collective step: a solve, or the end with an exit status.
constexpr int kSolveCommand = -1;

}  // namespace
}  // namespace gosplan

extern "C" void gosplan_run_pdlp_distributed(
    const std::string& petsc_options,
    const std::function<int(const gosplan::DistributedPdlpSolve&)>& work, int* result, int* rank,
    gosplan::Status* failure) {
  using namespace gosplan;
  const DistributedSession session(petsc_options);
  *rank = session.rank();
  *failure = session.status();
  if (!session.status().ok()) {
    *result = 1;
    return;
  }
  const MPI_Comm comm = PETSC_COMM_WORLD;
  if (session.rank() == 0) {
    const DistributedPdlpSolve solve = [comm](const LinearProgram& lp, const PdlpOptions& options,
                                              PdlpSummary* summary) {
      int command = kSolveCommand;
      MPI_Bcast(&command, 1, MPI_INT, 0, comm);
      return SolveCollectively(&lp, options, summary);
    };
    int code = work(solve);
    MPI_Bcast(&code, 1, MPI_INT, 0, comm);  // the end: the other ranks return it too
    *result = code;
    return;
  }
  // The other ranks serve rank 0's solves until it says the command has ended.
  for (;;) {
    int command = 0;
    MPI_Bcast(&command, 1, MPI_INT, 0, comm);
    if (command != kSolveCommand) {
      *result = command;
      return;
    }
    (void)SolveCollectively(nullptr, PdlpOptions{}, nullptr);
  }
}
