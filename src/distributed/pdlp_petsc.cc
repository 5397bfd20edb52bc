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
// K and the vectors.
//
// From a partitioned LP (`gosplan partition`, src/partition/lp_partition.h) no rank scatters:
//   every rank reads the manifest (its P must be the run's) and, at each solve, its own part file;
//   rank 0  checks that the LP it built is the partitioned one (a checksum of its numbers) and
//           reads the presolve's record (postsolve.bin: no presolve, no scaling, no copies of K);
//   every rank the same iteration on the same numbers as the scatter path;
//   rank 0  gathers x̃, ỹ and the scales, unscales and postsolves from the record
//           (PostsolveFromRecord: FinishPdlp's arithmetic);
//   every rank reads its slice of the original LP (original-R.bin) and the ranks measure the
//           solution on the LP together (sliced_measures.h: CompleteSolution's numbers).
//
// Ctrl-C: the cancel hook is polled on every rank; every check_frequency iterations one
// MPI_Allreduce (MAX) of the flags makes every rank stop at the same iteration (CollectiveCancel).
#include <mpi.h>
#include <petscsys.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "distributed/pdlp_petsc_kernels.h"
#include "distributed/petsc_support.h"
#include "distributed/sliced_measures.h"
#include "gosplan/distributed.h"
#include "partition/balanced_ranges.h"
#include "partition/lp_partition.h"
#include "partition/original_slice.h"
#include "partition/postsolve_record.h"
#include "pdlp/pdhg_iteration.h"
#include "pdlp/pdlp_stages.h"
#include "pdlp/scaling.h"
#include "pdlp/termination.h"

namespace gosplan {
namespace {

using distributed::Agree;
using distributed::PetscLpKernels;
using Clock = std::chrono::steady_clock;

// What every rank knows before the iteration: sizes, options and the scaled problem's scalars
// (broadcast by rank 0 on the scatter path; from the manifest and rank 0's options on the
// partitioned path).
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

void CopyOptions(const PdlpOptions& options, SolveHeader* header) {
  header->tolerance = options.tolerance;
  header->time_limit_seconds = options.time_limit_seconds;
  header->infeasibility_tolerance = options.infeasibility_tolerance;
  header->iteration_limit = options.iteration_limit;
  header->check_frequency = options.check_frequency;
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

// This rank's share of the scaled problem, however it arrived (scattered by rank 0, or read from
// its part file): the same numbers either way, so the iteration does the same arithmetic.
struct RankShare {
  SolveHeader header;
  std::vector<long long> row_start, column_start;  // every rank's ranges (P + 1 each)
  pdlp::ScaledLp mine;                             // this rank's slices; no kernels
  // K's rows: offsets from 0, global column indices, values.
  std::vector<PetscInt> row_starts, column_indices;
  std::vector<double> values;
};

// Ctrl-C on any rank stops every rank at the same iteration. PdhgIteration polls should_stop at
// the top of every iteration, the same number of times on every rank; every check_frequency-th
// poll takes one MPI_Allreduce (MAX) of the ranks' "cancel requested" flags, so all ranks see the
// same answer at the same iteration. (One small reduction per check: a sixty-fourth of one per
// iteration, against the four the iteration takes per step.)
std::function<bool()> CollectiveCancel(std::function<bool()> local, std::int64_t frequency,
                                       MPI_Comm comm) {
  if (frequency < 1) frequency = 1;
  auto calls = std::make_shared<std::int64_t>(0);
  return [local = std::move(local), frequency, comm, calls]() {
    if ((*calls)++ % frequency != 0) return false;
    int mine = local && local() ? 1 : 0;
    int any = 0;
    MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, comm);
    return any != 0;
  };
}

// Every rank: the serial solver's iteration on its share; on rank 0 the whole point (x̃, ỹ)
// gathered. Consumes share's matrix (it moves into PETSc). The same Status on every rank.
Result<pdlp::IterationOutcome> IterateOnRanks(RankShare& share, const PdlpOptions* rank0_options,
                                              const std::function<bool()>& should_stop,
                                              Clock::time_point started, PdlpSummary* facts,
                                              MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const SolveHeader& header = share.header;
  std::vector<int> row_counts, row_displacements, column_counts, column_displacements;
  Status local = distributed::MpiCountsOf(share.row_start, &row_counts, &row_displacements);
  if (local.ok())
    local = distributed::MpiCountsOf(share.column_start, &column_counts, &column_displacements);
  if (Status agreed = Agree(local, comm); !agreed.ok()) return agreed;
  pdlp::ScaledLp& mine = share.mine;
  mine.offset = header.offset;
  mine.objective_norm = header.objective_norm;
  mine.bound_norm = header.bound_norm;
  mine.initial_step_size = header.initial_step_size;
  mine.initial_primal_weight = header.initial_primal_weight;
  auto kernels = PetscLpKernels::Create(comm, header.rows, header.columns, row_counts[rank],
                                        column_counts[rank], share.row_starts, share.column_indices,
                                        share.values, ExplicitTranspose());
  local = kernels.ok() ? Status::Ok() : kernels.status();
  if (Status agreed = Agree(local, comm); !agreed.ok()) return agreed;
  // K lives in PETSc now.
  std::vector<PetscInt>().swap(share.row_starts);
  std::vector<PetscInt>().swap(share.column_indices);
  std::vector<double>().swap(share.values);

  PdlpOptions iteration_options;
  iteration_options.tolerance = header.tolerance;
  iteration_options.time_limit_seconds = header.time_limit_seconds;
  iteration_options.infeasibility_tolerance = header.infeasibility_tolerance;
  iteration_options.iteration_limit = header.iteration_limit;
  iteration_options.check_frequency = header.check_frequency;
  if (rank0_options) iteration_options.progress = rank0_options->progress;  // rank 0 reports
  iteration_options.should_stop = CollectiveCancel(should_stop, header.check_frequency, comm);
  const pdlp::RestartParameters restart;
  pdlp::PdhgIteration<PetscLpKernels> iteration(mine, *kernels.value(), iteration_options, restart,
                                                started, facts);
  pdlp::RunResult run = iteration.Run();
  if (Status agreed = Agree(kernels.value()->failure(), comm); !agreed.ok()) return agreed;
  if (run.cancelled) {
    char what[200];
    std::snprintf(what, sizeof what,
                  "the PDLP solve on %d MPI ranks of an LP with %lld rows and %lld columns "
                  "(presolved), after %lld iterations and %.1f s",
                  size, header.rows, header.columns, static_cast<long long>(run.iterations),
                  std::chrono::duration<double>(Clock::now() - started).count());
    return Status::Cancelled(what);
  }
  pdlp::IterationOutcome outcome;
  outcome.reason = run.reason;
  outcome.iterations = run.iterations;
  outcome.x = Gather(run.point.x, column_counts, column_displacements, rank, comm);
  outcome.y = Gather(run.point.y, row_counts, row_displacements, rank, comm);
  return outcome;
}

// Rank 0: the solver's name and the number of ranks on `solution`.
void NameSolution(int size, const PdlpOptions& options, LpSolution* solution) {
  char name[120];
  std::snprintf(name, sizeof name, "PDLP restarted PDHG on PETSc, %d MPI %s, tolerance %.0e", size,
                size == 1 ? "rank" : "ranks", options.tolerance);
  solution->solver = name;
}

// One distributed solve, rank 0 scattering; collective. On rank 0 `lp` and `options` are the
// caller's and the result is the solution; on the other ranks both are ignored (null / defaults)
// and the result only says whether the solve failed (the same Status on every rank).
Result<LpSolution> SolveCollectively(const LinearProgram* lp, const PdlpOptions& options,
                                     PdlpSummary* summary,
                                     const std::function<bool()>& should_stop) {
  const MPI_Comm comm = PETSC_COMM_WORLD;
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const auto started = Clock::now();
  PdlpSummary local_summary;
  PdlpSummary& facts = summary ? *summary : local_summary;

  // ---- rank 0: presolve and scaling of the whole LP (the serial solver's stage) ----
  std::unique_ptr<pdlp::PdlpStart> start;
  RankShare share;
  SolveHeader& header = share.header;
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
    CopyOptions(options, &header);
    if (start->scaled) {
      const pdlp::ScaledLp& scaled = *start->scaled;
      header.rows = scaled.kernels->num_rows();
      header.columns = scaled.kernels->num_columns();
      header.offset = scaled.offset;
      header.objective_norm = scaled.objective_norm;
      header.bound_norm = scaled.bound_norm;
      header.initial_step_size = scaled.initial_step_size;
      header.initial_primal_weight = scaled.initial_primal_weight;
      // The one rule of the ranges (src/partition/balanced_ranges.h), as `gosplan partition`.
      share.row_start =
          partition::BalancedRanges(header.rows, size, scaled.kernels->by_row().starts);
      share.column_start =
          partition::BalancedRanges(header.columns, size, scaled.kernels->by_column().starts);
    }
  }
  MPI_Bcast(&header, sizeof header, MPI_BYTE, 0, comm);
  if (!header.iterate) {
    if (rank != 0) return LpSolution{};
    facts.threads = size;
    LpSolution solution = pdlp::FinishPdlp(*lp, *start, {}, options, started, &facts);
    return solution;
  }
  share.row_start.resize(static_cast<std::size_t>(size) + 1);
  share.column_start.resize(static_cast<std::size_t>(size) + 1);
  MPI_Bcast(share.row_start.data(), size + 1, MPI_LONG_LONG, 0, comm);
  MPI_Bcast(share.column_start.data(), size + 1, MPI_LONG_LONG, 0, comm);

  // ---- every rank: its slices of the scaled problem ----
  std::vector<int> row_counts, row_displacements, column_counts, column_displacements;
  local = distributed::MpiCountsOf(share.row_start, &row_counts, &row_displacements);
  if (local.ok())
    local = distributed::MpiCountsOf(share.column_start, &column_counts, &column_displacements);
  // The entries of each rank's rows (K's CSR offsets at the range boundaries).
  std::vector<long long> entry_start(static_cast<std::size_t>(size) + 1, 0);
  if (rank == 0) {
    const std::vector<Index>& starts = start->scaled->kernels->by_row().starts;
    for (int p = 0; p <= size; ++p) entry_start[p] = starts[share.row_start[p]];
  }
  MPI_Bcast(entry_start.data(), size + 1, MPI_LONG_LONG, 0, comm);
  std::vector<int> entry_counts, entry_displacements;
  if (local.ok())
    local = distributed::MpiCountsOf(entry_start, &entry_counts, &entry_displacements);
  if (Status agreed = Agree(local, comm); !agreed.ok()) return agreed;

  pdlp::ScaledLp& mine = share.mine;
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

  // K's rows: offsets rebased to 0, global column indices as PetscInt, values.
  const Index local_rows = row_counts[rank];
  share.row_starts.resize(static_cast<std::size_t>(local_rows) + 1);
  share.values.resize(static_cast<std::size_t>(entry_counts[rank]));
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
      share.row_starts[i] = static_cast<PetscInt>(starts[i] - starts[0]);
    std::vector<long long> indices(share.values.size());
    std::vector<long long> all_indices;
    if (rank == 0) {
      const std::vector<Index>& source = whole->kernels->by_row().indices;
      all_indices.assign(source.begin(), source.end());
    }
    MPI_Scatterv(all_indices.data(), entry_counts.data(), entry_displacements.data(), MPI_LONG_LONG,
                 indices.data(), entry_counts[rank], MPI_LONG_LONG, 0, comm);
    share.column_indices.assign(indices.begin(), indices.end());
    MPI_Scatterv(rank == 0 ? whole->kernels->by_row().values.data() : nullptr, entry_counts.data(),
                 entry_displacements.data(), MPI_DOUBLE, share.values.data(), entry_counts[rank],
                 MPI_DOUBLE, 0, comm);
  }

  // ---- every rank: the serial solver's iteration on its slices ----
  auto outcome =
      IterateOnRanks(share, rank == 0 ? &options : nullptr, should_stop, started, &facts, comm);
  if (!outcome.ok()) return outcome.status();

  // ---- rank 0: the whole point, unscaled and postsolved ----
  if (rank != 0) return LpSolution{};
  facts.threads = size;
  LpSolution solution = pdlp::FinishPdlp(*lp, *start, outcome.value(), options, started, &facts);
  NameSolution(size, options, &solution);
  return solution;
}

// The facts StartPdlp fills (sizes, parameters), for a solve whose presolve and scaling were done
// by `gosplan partition`.
void PartitionedFacts(const PdlpOptions& options, const partition::LpPartitionManifest& manifest,
                      PdlpSummary* facts) {
  *facts = PdlpSummary{};
  facts->parameters = pdlp::ParametersOf(options);
  facts->original_rows = manifest.lp_rows;
  facts->original_columns = manifest.lp_columns;
  facts->original_nonzeros = manifest.lp_nonzeros;
  facts->presolved_rows = manifest.rows;
  facts->presolved_columns = manifest.columns;
  facts->presolved_nonzeros = manifest.nonzeros;
}

// Rank 0: whether `lp` and `options` are what the partition was made from and for.
Status MatchesPartition(const LinearProgram& lp, const PdlpOptions& options,
                        const std::string& folder, const partition::LpPartitionManifest& manifest) {
  const std::string manifest_path = folder + "/manifest.txt";
  if (Status invalid = ValidateOptions(options, "PdlpOptions"); !invalid.ok()) return invalid;
  if (partition::LpChecksum(lp) != manifest.lp_checksum || lp.num_rows != manifest.lp_rows ||
      lp.num_columns != manifest.lp_columns) {
    return Status::InvalidInput(
        manifest_path, 0, 0,
        "the LP built now from " + manifest.source_path + " (" + std::to_string(lp.num_rows) +
            " rows, " + std::to_string(lp.num_columns) +
            " columns) is not the one this folder was partitioned from (its numbers' checksum "
            "differs: the source or the options that build it changed)",
        "gosplan partition run again on the source as it is now, with the same options");
  }
  if (options.presolve != manifest.presolve ||
      options.ruiz_iterations != manifest.ruiz_iterations) {
    return Status::InvalidInput(manifest_path, 0, 0,
                                "the solve's presolve or Ruiz iterations differ from the "
                                "partition's",
                                "the presolve and Ruiz iterations `gosplan partition` used");
  }
  return Status::Ok();
}

// Rank 0, from a partition: FinishPdlp's arithmetic with the presolve's record in place of the
// presolver — x = clamp(D_c x̃) to the reduced bounds, y = D_r ỹ, the record's postsolve — so the
// same bits as the scatter path; the measures on the LP follow by slices (MeasureBySlices). Each
// input is freed once used (the record alone is 155 MB on the 10^5-product plan): rank 0's peak
// comes after the iteration.
void PostsolveFromRecord(partition::PostsolveRecord record, pdlp::IterationOutcome outcome,
                         std::vector<double> row_scale, std::vector<double> column_scale,
                         std::vector<double>* x, std::vector<double>* y) {
  std::vector<double> reduced_x(outcome.x.size()), reduced_y(outcome.y.size());
  for (std::size_t j = 0; j < reduced_x.size(); ++j) {
    reduced_x[j] =
        std::min(std::max(outcome.x[j] * column_scale[j], record.reduced_column_lower[j]),
                 record.reduced_column_upper[j]);
  }
  for (std::size_t i = 0; i < reduced_y.size(); ++i) reduced_y[i] = outcome.y[i] * row_scale[i];
  outcome = pdlp::IterationOutcome{};
  std::vector<double>().swap(row_scale);
  std::vector<double>().swap(column_scale);
  partition::Postsolve(record, reduced_x, reduced_y, x, y);
}

// One distributed solve from a partitioned LP (lp_partition.h); collective. Rank 0 checks that
// `lp` is the partitioned LP and reads the presolve's record (for the postsolve), every rank
// checks its slice of the original LP and reads its part file; then the iteration as on the
// scatter path; on rank 0 the unscaling with the scales gathered from the ranks and the
// postsolve; and on every rank, from its slice of the original LP, the measures on it
// (sliced_measures.h: CompleteSolution's numbers, bit for bit). `lp` serves only the check.
Result<LpSolution> SolveFromParts(const std::string& folder,
                                  const partition::LpPartitionManifest& manifest,
                                  const LinearProgram* lp, const PdlpOptions& options,
                                  PdlpSummary* summary, const std::function<bool()>& should_stop) {
  const MPI_Comm comm = PETSC_COMM_WORLD;
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const auto started = Clock::now();
  PdlpSummary local_summary;
  PdlpSummary& facts = summary ? *summary : local_summary;

  RankShare share;
  SolveHeader& header = share.header;
  Status local = Status::Ok();
  if (rank == 0) {
    local = MatchesPartition(*lp, options, folder, manifest);
    CopyOptions(options, &header);
  }
  if (Status agreed = Agree(local, comm); !agreed.ok()) return agreed;
  MPI_Bcast(&header, sizeof header, MPI_BYTE, 0, comm);  // rank 0's options
  header.iterate = 1;
  header.rows = manifest.rows;
  header.columns = manifest.columns;
  header.offset = manifest.offset;
  header.objective_norm = manifest.objective_norm;
  header.bound_norm = manifest.bound_norm;
  header.initial_step_size = manifest.initial_step_size;
  header.initial_primal_weight = manifest.initial_primal_weight;
  for (const partition::LpPartitionPart& part : manifest.parts) {
    share.row_start.push_back(part.row_begin);
    share.column_start.push_back(part.column_begin);
  }
  share.row_start.push_back(manifest.rows);
  share.column_start.push_back(manifest.columns);

  // ---- every rank: its slice of the original LP checked now (kept only after the iteration,
  // when K's share is gone), then its own part file, nothing else ----
  {
    auto checked = partition::ReadOriginalSlice(folder, manifest, rank, /*keep=*/false);
    local = checked.ok() ? Status::Ok() : checked.status();
    if (Status agreed = Agree(local, comm); !agreed.ok()) return agreed;
  }
  {
    auto read = partition::ReadLpPartitionPart(folder, manifest, rank);
    local = read.ok() ? Status::Ok() : read.status();
    if (Status agreed = Agree(local, comm); !agreed.ok()) return agreed;
    partition::LpPartitionSlice& slice = read.value();
    share.row_starts.assign(slice.row_offsets.begin(), slice.row_offsets.end());
    share.column_indices.assign(slice.column_index.begin(), slice.column_index.end());
    std::vector<long long>().swap(slice.row_offsets);
    std::vector<long long>().swap(slice.column_index);
    share.values = std::move(slice.values);
    pdlp::ScaledLp& mine = share.mine;
    mine.row_lower = std::move(slice.row_lower);
    mine.row_upper = std::move(slice.row_upper);
    mine.row_scale = std::move(slice.row_scale);
    mine.objective = std::move(slice.objective);
    mine.column_lower = std::move(slice.column_lower);
    mine.column_upper = std::move(slice.column_upper);
    mine.column_scale = std::move(slice.column_scale);
  }

  // ---- rank 0: the presolve's record (postsolve.bin), not the presolve again ----
  partition::PostsolveRecord record;
  if (rank == 0) {
    PartitionedFacts(options, manifest, &facts);
    auto read =
        partition::ReadPostsolveRecord(partition::PostsolveRecordPath(folder),
                                       manifest.postsolve_bytes, manifest.postsolve_checksum);
    if (!read.ok()) {
      local = read.status();
    } else {
      record = std::move(read.value());
      if (record.rows != lp->num_rows || record.columns != lp->num_columns ||
          static_cast<long long>(record.kept_rows.size()) != manifest.rows ||
          static_cast<long long>(record.kept_columns.size()) != manifest.columns) {
        local = Status::InvalidInput(partition::PostsolveRecordPath(folder), 0, 0,
                                     "the record is of a " + std::to_string(record.rows) + " × " +
                                         std::to_string(record.columns) + " LP reduced to " +
                                         std::to_string(record.kept_rows.size()) + " × " +
                                         std::to_string(record.kept_columns.size()),
                                     "the manifest's LP, " + std::to_string(manifest.lp_rows) +
                                         " × " + std::to_string(manifest.lp_columns) +
                                         " reduced to " + std::to_string(manifest.rows) + " × " +
                                         std::to_string(manifest.columns) +
                                         " (re-run `gosplan partition`)");
      }
    }
  }
  if (Status agreed = Agree(local, comm); !agreed.ok()) return agreed;

  // The scales, gathered to rank 0 for the unscaling before the iteration (no rank keeps a copy of
  // its slices for later).
  std::vector<int> row_counts, row_displacements, column_counts, column_displacements;
  local = distributed::MpiCountsOf(share.row_start, &row_counts, &row_displacements);
  if (local.ok())
    local = distributed::MpiCountsOf(share.column_start, &column_counts, &column_displacements);
  if (Status agreed = Agree(local, comm); !agreed.ok()) return agreed;
  std::vector<double> all_row_scale =
      Gather(share.mine.row_scale, row_counts, row_displacements, rank, comm);
  std::vector<double> all_column_scale =
      Gather(share.mine.column_scale, column_counts, column_displacements, rank, comm);

  auto outcome =
      IterateOnRanks(share, rank == 0 ? &options : nullptr, should_stop, started, &facts, comm);
  if (!outcome.ok()) return outcome.status();
  share = RankShare{};  // the slices are done with: freed before rank 0 builds the whole point
  LpSolution solution;
  std::vector<double> x, y;
  if (rank == 0) {
    solution.iterations = outcome.value().iterations;
    solution.status = pdlp::ToLpStatus(outcome.value().reason);
    facts.message = pdlp::TerminationMessage(outcome.value().reason);
    PostsolveFromRecord(std::move(record), std::move(outcome.value()), std::move(all_row_scale),
                        std::move(all_column_scale), &x, &y);
  }
  auto original = partition::ReadOriginalSlice(folder, manifest, rank, /*keep=*/true);
  local = original.ok() ? Status::Ok() : original.status();
  if (Status agreed = Agree(local, comm); !agreed.ok()) return agreed;
  std::vector<long long> original_rows, original_columns;
  for (const partition::LpPartitionPart& part : manifest.originals) {
    original_rows.push_back(part.row_begin);
    original_columns.push_back(part.column_begin);
  }
  original_rows.push_back(manifest.lp_rows);
  original_columns.push_back(manifest.lp_columns);
  if (Status measured = distributed::MeasureBySlices(
          std::move(original.value()), original_rows, original_columns, manifest.lp_maximize,
          manifest.lp_offset, std::move(x), std::move(y), &solution, comm);
      !measured.ok())
    return measured;
  if (rank != 0) return LpSolution{};
  facts.threads = size;
  solution.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  NameSolution(size, options, &solution);
  return solution;
}

// What rank 0 broadcasts before each collective step: a solve, or the end with an exit status.
constexpr int kSolveCommand = -1;

}  // namespace
}  // namespace gosplan

extern "C" void gosplan_run_pdlp_distributed(
    const std::string& petsc_options, const std::string& partition_folder,
    const std::function<bool()>& should_stop,
    const std::function<int(const gosplan::DistributedPdlpSolve&)>& work,
    const std::function<void(const gosplan::Status&)>& report_failure, int* result, int* rank,
    gosplan::Status* failure) {
  using namespace gosplan;
  const DistributedSession session(petsc_options);
  *rank = session.rank();
  *failure = session.status();
  if (!session.status().ok()) {
    distributed::ReportOnRankZero(session.status(), report_failure, session.rank(), false);
    *result = 1;
    return;
  }
  const MPI_Comm comm = PETSC_COMM_WORLD;
  // A partitioned LP: every rank reads the manifest, and the run must have its number of ranks.
  partition::LpPartitionManifest manifest;
  if (!partition_folder.empty()) {
    auto read = partition::ReadLpPartitionManifest(partition_folder);
    Status local = read.ok() ? Status::Ok() : read.status();
    if (read.ok()) {
      manifest = std::move(read.value());
      if (manifest.ranks != session.size()) {
        local = Status::InvalidInput(
            partition_folder + "/manifest.txt", 0, 0,
            "the folder is partitioned for " + std::to_string(manifest.ranks) +
                (manifest.ranks == 1 ? " rank" : " ranks") + "; this run has " +
                std::to_string(session.size()),
            "mpirun -n " + std::to_string(manifest.ranks) + ", or gosplan partition ... --ranks " +
                std::to_string(session.size()));
      }
    }
    if (Status agreed = distributed::Agree(local, comm); !agreed.ok()) {
      distributed::ReportOnRankZero(agreed, report_failure, session.rank(), true);
      *failure = agreed;
      *result = 1;
      return;
    }
  }
  auto solve_once = [&](const LinearProgram* lp, const PdlpOptions& asked,
                        PdlpSummary* summary) -> Result<LpSolution> {
    // The ranks run the averaged iteration with double-precision products whatever was asked
    // (docs/pdlp.md): solve, and report, with the options actually used.
    PdlpOptions options = asked;
    options.variant = PdlpVariant::kAveraged;
    options.single_precision_products = false;
    if (partition_folder.empty()) return SolveCollectively(lp, options, summary, should_stop);
    return SolveFromParts(partition_folder, manifest, lp, options, summary, should_stop);
  };
  if (session.rank() == 0) {
    const DistributedPdlpSolve solve = [comm, &solve_once](const LinearProgram& lp,
                                                           const PdlpOptions& options,
                                                           PdlpSummary* summary) {
      int command = kSolveCommand;
      MPI_Bcast(&command, 1, MPI_INT, 0, comm);
      return solve_once(&lp, options, summary);
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
    (void)solve_once(nullptr, PdlpOptions{}, nullptr);
  }
}
