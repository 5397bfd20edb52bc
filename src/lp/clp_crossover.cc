// Crossover from a first-order point to an optimal simplex vertex (CrossoverWithClp,
// linear_program.h; docs/pdlp.md "Crossover").
//
// An optimal vertex has m basic variables (columns and row activities) and every other variable at
// a bound. Complementary slackness says which is which at an optimum (x*, y*): a variable strictly
// inside its bounds has a zero reduced cost (column) or zero dual (row) and is basic in some
// optimal basis; one with a non-zero reduced cost or dual sits at a bound and is non-basic. PDLP's
// point satisfies this only approximately, so each variable gets a score
//
//   score = log(p̂ + ε) − log(d̂ + ε),   p̂ = distance to the nearer bound / (1 + |that bound|),
//                                        d̂ = |reduced cost or dual| / (1 + |its objective term|)
//
// (large: clearly inside and without a price; small: clearly at a bound with a price), and the m
// variables with the largest scores are made basic, ties going to the larger |value| ("by
// magnitude"). Free columns come first, fixed ones last. CLP factorises that basis and replaces the
// columns of a singular one by slacks; its primal simplex then starts from the basis with the
// non-basic variables at their bounds and pivots to an optimal vertex (the dual simplex when the
// primal one gives up). A good guess leaves only the few pivots that PDLP's inaccuracy and the
// degenerate ties cost.
#include <fmt/format.h>

#include <ClpSimplex.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "gosplan/linear_program.h"
#include "lp/clp_events.h"
#include "lp/clp_load.h"

namespace gosplan {
namespace {

constexpr double kEpsilon = 1e-12;  // keeps log() finite where a distance or a price is exactly 0

// One variable of the basis guess: a column (index < n) or a row activity (index n + i).
struct Candidate {
  double score = 0.0;
  double magnitude = 0.0;  // |value|, breaks ties
  int index = 0;
};

// The score of a variable with value v in [lower, upper] and reduced cost (or dual) `price`.
double BasicScore(double v, double lower, double upper, double price, double price_scale) {
  const bool has_lower = std::isfinite(lower), has_upper = std::isfinite(upper);
  if (!has_lower && !has_upper) return std::numeric_limits<double>::infinity();  // free: basic
  if (has_lower && has_upper && lower == upper) return -std::numeric_limits<double>::infinity();
  double distance = std::numeric_limits<double>::infinity();
  if (has_lower) distance = std::min(distance, std::max(0.0, v - lower) / (1.0 + std::abs(lower)));
  if (has_upper) distance = std::min(distance, std::max(0.0, upper - v) / (1.0 + std::abs(upper)));
  const double priced = std::abs(price) / (1.0 + price_scale);
  return std::log(distance + kEpsilon) - std::log(priced + kEpsilon);
}

// The CLP status of a non-basic variable with value v: at the nearer finite bound (fixed when the
// bounds coincide), superbasic (free) when it has none.
ClpSimplex::Status NonBasicStatus(double v, double lower, double upper) {
  const bool has_lower = std::isfinite(lower), has_upper = std::isfinite(upper);
  if (has_lower && has_upper && lower == upper) return ClpSimplex::isFixed;
  if (!has_lower && !has_upper) return ClpSimplex::isFree;
  if (!has_upper) return ClpSimplex::atLowerBound;
  if (!has_lower) return ClpSimplex::atUpperBound;
  return v - lower <= upper - v ? ClpSimplex::atLowerBound : ClpSimplex::atUpperBound;
}

}  // namespace

Result<LpSolution> CrossoverWithClp(const LinearProgram& lp, const LpSolution& start,
                                    const LpSolveOptions& options, CrossoverSummary* summary) {
  if (Status shape = lp::CheckClpShape(lp); !shape.ok()) return shape;
  if (Status invalid = ValidateOptions(options, "LpSolveOptions"); !invalid.ok()) return invalid;
  const Index m = lp.num_rows, n = lp.num_columns;
  if (static_cast<Index>(start.column_values.size()) != n ||
      static_cast<Index>(start.row_duals.size()) != m) {
    return Status::InvalidArgument(
        "CrossoverWithClp",
        fmt::format("the starting point has {} column values and {} row duals; the LP has {} "
                    "columns and {} rows",
                    start.column_values.size(), start.row_duals.size(), n, m));
  }
  const auto clock_start = std::chrono::steady_clock::now();

  // The point on the column bounds, its row activities and reduced costs c − Aᵀy.
  std::vector<double> x(static_cast<std::size_t>(n));
  for (Index j = 0; j < n; ++j) {
    x[j] = std::clamp(start.column_values[j], lp.column_lower[j], lp.column_upper[j]);
  }
  std::vector<double> activity(static_cast<std::size_t>(m), 0.0), reduced = lp.objective;
  double largest_cost = 0.0;
  for (Index j = 0; j < n; ++j) {
    largest_cost = std::max(largest_cost, std::abs(lp.objective[j]));
    for (Index k = lp.column_starts[j]; k < lp.column_starts[j + 1]; ++k) {
      activity[lp.row_indices[k]] += lp.values[k] * x[j];
      reduced[j] -= lp.values[k] * start.row_duals[lp.row_indices[k]];
    }
  }

  // Scores: columns first, then rows (CLP's sequence numbers).
  std::vector<Candidate> candidates(static_cast<std::size_t>(n + m));
  for (Index j = 0; j < n; ++j) {
    candidates[j] = {BasicScore(x[j], lp.column_lower[j], lp.column_upper[j], reduced[j],
                                std::abs(lp.objective[j])),
                     std::abs(x[j]), static_cast<int>(j)};
  }
  for (Index i = 0; i < m; ++i) {
    // A row's dual is on the scale of the objective coefficients.
    candidates[n + i] = {
        BasicScore(activity[i], lp.row_lower[i], lp.row_upper[i], start.row_duals[i], largest_cost),
        std::abs(activity[i]), static_cast<int>(n + i)};
  }
  // The m best (a partial sort; the order among them does not matter to CLP). Ties by magnitude,
  // then by index, so that the guess is the same on every run.
  auto better = [](const Candidate& a, const Candidate& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.magnitude != b.magnitude) return a.magnitude > b.magnitude;
    return a.index < b.index;
  };
  std::nth_element(candidates.begin(), candidates.begin() + m, candidates.end(), better);
  std::vector<char> basic(static_cast<std::size_t>(n + m), 0);
  for (Index k = 0; k < m; ++k) basic[candidates[k].index] = 1;

  ClpSimplex model;
  model.setLogLevel(0);  // the library never prints
  lp::LoadIntoClp(lp, model);
  if (options.time_limit_seconds > 0) model.setMaximumSeconds(options.time_limit_seconds);
  if (options.dual_tolerance > 0) model.setDualTolerance(options.dual_tolerance);
  if (options.iteration_limit > 0) {
    model.setMaximumIterations(static_cast<int>(
        std::min<std::int64_t>(options.iteration_limit, std::numeric_limits<int>::max())));
  }
  lp::ClpEvents events(options, clock_start);
  if (lp::ClpEvents::Needed(options)) model.passInEventHandler(&events);

  model.createStatus();
  double* column_solution = model.primalColumnSolution();
  double* row_solution = model.primalRowSolution();
  Index basic_columns = 0;
  for (Index j = 0; j < n; ++j) {
    column_solution[j] = x[j];
    if (basic[j]) {
      model.setColumnStatus(static_cast<int>(j), ClpSimplex::basic);
      ++basic_columns;
    } else {
      model.setColumnStatus(static_cast<int>(j),
                            NonBasicStatus(x[j], lp.column_lower[j], lp.column_upper[j]));
    }
  }
  for (Index i = 0; i < m; ++i) {
    row_solution[i] = activity[i];
    model.setRowStatus(static_cast<int>(i),
                       basic[n + i]
                           ? ClpSimplex::basic
                           : NonBasicStatus(activity[i], lp.row_lower[i], lp.row_upper[i]));
  }
  if (summary) {
    summary->basic_columns = basic_columns;
    summary->basic_rows = m - basic_columns;
  }

  // The primal simplex from the guessed basis; where it stops on numerical trouble, the dual
  // simplex from where it left off, then the primal once more from a fresh factorization.
  int passes = 0;
  std::int64_t iterations = 0;
  auto run = [&](bool primal) {
    if (!(options.should_stop && options.should_stop())) {
      primal ? model.primal(0) : model.dual(0);
    }
    ++passes;
    iterations += model.numberIterations();
  };
  run(/*primal=*/true);
  if (model.status() > 3 && !events.state().cancelled) run(/*primal=*/false);
  if (model.status() > 3 && !events.state().cancelled) run(/*primal=*/true);
  const auto clock_end = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(clock_end - clock_start).count();
  if (events.state().cancelled || (options.should_stop && options.should_stop())) {
    return Status::Cancelled(fmt::format(
        "the crossover by CLP of an LP with {} rows and {} columns, after {} iterations and "
        "{:.1f} s",
        m, n, iterations, seconds));
  }
  if (summary) summary->simplex_passes = passes;

  LpSolution solution = lp::SolutionOfClp(lp, model);
  solution.solver = "CLP primal simplex from a guessed basis";
  solution.seconds = seconds;
  solution.iterations = iterations;
  return solution;
}

}  // namespace gosplan
