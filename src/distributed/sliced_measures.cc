// The solution's measures on the original LP, by slices (sliced_measures.h).
#include "distributed/sliced_measures.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <utility>

#include "distributed/petsc_support.h"
#include "pdlp/termination.h"

namespace gosplan::distributed {
namespace {

constexpr int kActivityTag = 7301, kSumsTag = 7302;

// The bounds as the minimisation has them (pdlp/minimisation_lp.cc): ±1e30 and beyond are missing.
double MinLower(double v) { return v <= -1e30 ? -kUnbounded : v; }
double MinUpper(double v) { return v >= 1e30 ? kUnbounded : v; }

// The scalars that travel the chain: ComputeRelativeMeasures' running sums, the squared norms of
// the combined bounds and of the objective, and the LP's objective.
struct ChainSums {
  pdlp::MeasureSums sums;
  double bound_sq = 0.0, objective_sq = 0.0, objective = 0.0;
};
static_assert(sizeof(ChainSums) == 9 * sizeof(double), "sent as nine doubles");

}  // namespace

Status MeasureBySlices(partition::OriginalSlice mine, const std::vector<long long>& row_start,
                       const std::vector<long long>& column_start, bool maximize, double offset,
                       std::vector<double> x, std::vector<double> y, LpSolution* solution,
                       MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const double sense = maximize ? -1.0 : 1.0;
  std::vector<int> row_counts, row_displacements, column_counts, column_displacements;
  Status local = MpiCountsOf(row_start, &row_counts, &row_displacements);
  if (local.ok()) local = MpiCountsOf(column_start, &column_counts, &column_displacements);
  if (Status agreed = Agree(local, comm); !agreed.ok()) return agreed;
  const int rows = row_displacements.back() + row_counts.back();
  const long long my_rows = mine.row_end - mine.row_begin,
                  my_columns = mine.column_end - mine.column_begin;

  // d = s y, whole, on every rank (a column's entries may lie in any row).
  std::vector<double> row_duals(static_cast<std::size_t>(rows));
  if (rank == 0) {
    for (int i = 0; i < rows; ++i) row_duals[i] = sense * y[i] + 0.0;
    std::vector<double>().swap(y);
  }
  MPI_Bcast(row_duals.data(), rows, MPI_DOUBLE, 0, comm);
  // x of this rank's columns; rank 0's are the first of its whole x (its ranges start at 0), so
  // it keeps no copy.
  std::vector<double> scattered_x(rank == 0 ? 0 : static_cast<std::size_t>(my_columns));
  MPI_Scatterv(rank == 0 ? x.data() : nullptr, column_counts.data(), column_displacements.data(),
               MPI_DOUBLE, rank == 0 ? MPI_IN_PLACE : scattered_x.data(),
               static_cast<int>(my_columns), MPI_DOUBLE, 0, comm);
  const std::span<const double> my_x(rank == 0 ? x.data() : scattered_x.data(),
                                     static_cast<std::size_t>(my_columns));

  // This rank's columns: reduced costs, Mᵀ(s d) and the bounds' violations, in CompleteSolution's
  // and ComputeRelativeMeasures' order within each column.
  std::vector<double> reduced(static_cast<std::size_t>(my_columns)),
      aty(static_cast<std::size_t>(my_columns), 0.0);
  double worst = 0.0;  // MaxPrimalViolation's
  for (long long j = 0; j < my_columns; ++j) {
    double r = mine.objective[j], sum = 0.0;
    for (long long k = mine.column_offsets[j]; k < mine.column_offsets[j + 1]; ++k) {
      r -= mine.values[k] * row_duals[mine.row_index[k]];
      sum += mine.values[k] * sense * row_duals[mine.row_index[k]];
    }
    reduced[j] = r;
    aty[j] = sum;
    worst = std::max({worst, mine.column_lower[j] - my_x[j], my_x[j] - mine.column_upper[j]});
  }

  // The activities: a chain through the ranks in order, so that each a_i is summed over j
  // ascending as the serial loop sums it.
  std::vector<double> activity;
  if (rank == 0) {
    activity.assign(static_cast<std::size_t>(rows), 0.0);
  } else {
    activity.resize(static_cast<std::size_t>(rows));
    MPI_Recv(activity.data(), rows, MPI_DOUBLE, rank - 1, kActivityTag, comm, MPI_STATUS_IGNORE);
  }
  for (long long j = 0; j < my_columns; ++j) {
    for (long long k = mine.column_offsets[j]; k < mine.column_offsets[j + 1]; ++k)
      activity[mine.row_index[k]] += mine.values[k] * my_x[j];
  }
  if (size > 1) {
    if (rank < size - 1) {
      MPI_Send(activity.data(), rows, MPI_DOUBLE, rank + 1, kActivityTag, comm);
      std::vector<double>().swap(activity);
    } else {
      MPI_Send(activity.data(), rows, MPI_DOUBLE, 0, kActivityTag, comm);
      std::vector<double>().swap(activity);
    }
    if (rank == 0) {
      activity.resize(static_cast<std::size_t>(rows));
      MPI_Recv(activity.data(), rows, MPI_DOUBLE, size - 1, kActivityTag, comm, MPI_STATUS_IGNORE);
    }
  }
  // The slice's matrix is done with.
  std::vector<long long>().swap(mine.column_offsets);
  std::vector<long long>().swap(mine.row_index);
  std::vector<double>().swap(mine.values);
  std::vector<double> scattered_activity(rank == 0 ? 0 : static_cast<std::size_t>(my_rows));
  MPI_Scatterv(rank == 0 ? activity.data() : nullptr, row_counts.data(), row_displacements.data(),
               MPI_DOUBLE, rank == 0 ? MPI_IN_PLACE : scattered_activity.data(),
               static_cast<int>(my_rows), MPI_DOUBLE, 0, comm);
  const std::span<const double> my_activity(rank == 0 ? activity.data() : scattered_activity.data(),
                                            static_cast<std::size_t>(my_rows));

  // This rank's rows, in the minimisation's terms (the bounds converted in place once the
  // violations are taken on the LP's own).
  std::vector<double>& row_lower = mine.row_lower;
  std::vector<double>& row_upper = mine.row_upper;
  std::vector<double> my_y(static_cast<std::size_t>(my_rows));
  for (long long i = 0; i < my_rows; ++i) {
    worst = std::max({worst, row_lower[i] - my_activity[i], my_activity[i] - row_upper[i]});
    row_lower[i] = MinLower(row_lower[i]);
    row_upper[i] = MinUpper(row_upper[i]);
    my_y[i] = sense * row_duals[mine.row_begin + i];
  }
  if (rank != 0) std::vector<double>().swap(row_duals);  // rank 0 reports them

  // The scalar sums: rows, rank 0 to P − 1, then columns, rank 0 to P − 1 (ComputeRelativeMeasures
  // adds all rows before any column).
  ChainSums chain;
  auto receive = [&](int from) {
    MPI_Recv(&chain, 9, MPI_DOUBLE, from, kSumsTag, comm, MPI_STATUS_IGNORE);
  };
  auto pass_on = [&]() {
    if (size == 1) return;
    MPI_Send(&chain, 9, MPI_DOUBLE, rank < size - 1 ? rank + 1 : 0, kSumsTag, comm);
  };
  if (rank == 0) {
    chain.sums.primal_objective = sense * offset;
    chain.sums.dual_objective = sense * offset;
  } else {
    receive(rank - 1);
  }
  {
    pdlp::MeasuredProblem problem;
    problem.row_lower = row_lower;
    problem.row_upper = row_upper;
    const pdlp::MeasuredPoint point{{}, my_y, my_activity, {}};
    pdlp::AddRowTerms(problem, point, 0, my_rows, &chain.sums);
    for (long long i = 0; i < my_rows; ++i) {
      const double b = pdlp::CombinedBound(row_lower[i], row_upper[i]);
      chain.bound_sq += b * b;
    }
  }
  pass_on();
  if (rank == 0) {
    if (size > 1) receive(size - 1);
    chain.objective = offset;
  } else {
    receive(rank - 1);
  }
  {
    // In place: the minimisation's objective s c (c = s · s c exactly) and bounds.
    std::vector<double>& objective = mine.objective;
    std::vector<double>& column_lower = mine.column_lower;
    std::vector<double>& column_upper = mine.column_upper;
    for (long long j = 0; j < my_columns; ++j) {
      objective[j] = sense * objective[j];
      column_lower[j] = MinLower(column_lower[j]);
      column_upper[j] = MinUpper(column_upper[j]);
    }
    pdlp::MeasuredProblem problem;
    problem.objective = objective;
    problem.column_lower = column_lower;
    problem.column_upper = column_upper;
    const pdlp::MeasuredPoint point{my_x, {}, {}, aty};
    pdlp::AddColumnTerms(problem, point, 0, my_columns, &chain.sums);
    for (long long j = 0; j < my_columns; ++j) {
      chain.objective_sq += objective[j] * objective[j];
      chain.objective += sense * objective[j] * my_x[j];
    }
  }
  pass_on();
  if (rank == 0 && size > 1) receive(size - 1);
  double worst_of_all = 0.0;
  MPI_Reduce(&worst, &worst_of_all, 1, MPI_DOUBLE, MPI_MAX, 0, comm);
  std::vector<double> all_reduced;
  if (rank == 0) all_reduced.resize(x.size());
  MPI_Gatherv(reduced.data(), static_cast<int>(my_columns), MPI_DOUBLE, all_reduced.data(),
              column_counts.data(), column_displacements.data(), MPI_DOUBLE, 0, comm);
  if (rank != 0) return Status::Ok();

  solution->column_values = std::move(x);
  solution->row_duals = std::move(row_duals);
  solution->row_activities = std::move(activity);
  solution->reduced_costs = std::move(all_reduced);
  solution->objective = chain.objective;
  solution->max_primal_violation = worst_of_all;
  pdlp::AbsoluteMeasures absolute;
  absolute.primal_residual = std::sqrt(chain.sums.primal_residual_sq);
  absolute.dual_residual = std::sqrt(chain.sums.dual_residual_sq);
  absolute.primal_objective = chain.sums.primal_objective;
  absolute.dual_objective = chain.sums.dual_objective;
  const pdlp::RelativeMeasures relative =
      pdlp::ToRelative(absolute, std::sqrt(chain.bound_sq), std::sqrt(chain.objective_sq));
  solution->relative_primal_residual = relative.primal_residual;
  solution->relative_dual_residual = relative.dual_residual;
  solution->relative_gap = relative.gap;
  return Status::Ok();
}

}  // namespace gosplan::distributed
