// Crossover from a first-order point to an optimal simplex vertex (CrossoverWithClp,
// linear_program.h; docs/pdlp.md "Crossover"). Two methods.
//
// Fix and presolve (the default). The plan LPs are highly degenerate: at PDLP's point about a
// third of the columns (the capacity additions) sit at 0 with a small price and m − (number of
// positive variables) ≈ 10,000 basic variables of the 1,000-product plan must be chosen among
// variables at a bound, which the point cannot tell apart. So the point is not asked for a basis:
// the columns it leaves at a bound are fixed there (|x − bound| ≤ kCrossoverFixTolerance·(1 +
// |bound|)), CLP's presolve removes them and much of what they leave determined (the 1,000-product
// plan: 34,745 rows → 5,001), CLP's primal simplex runs a values pass from the point on that small
// LP (columns superbasic at their values, a slack basis: the way CLP's own crossover after its
// "idiot" crash starts), the result is postsolved to the whole LP, the bounds are restored, and the
// primal simplex finishes there from that optimal basis of the restricted LP — entering the fixed
// columns whose reduced cost says they should move. The point stays feasible when columns at a
// bound are fixed there, so the restricted LP keeps the optimum; where PDLP's inaccuracy makes it
// infeasible all the same, the method falls back to the guess below.
//
// Guessed basis (kGuessedBasis, the first method; measured slower, kept for comparison). An
// optimal vertex has m basic variables (columns and row activities) and every other variable at
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
// primal one gives up).
#include <fmt/format.h>

#include <ClpPresolve.hpp>
#include <ClpSimplex.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <vector>

#include "gosplan/linear_program.h"
#include "lp/clp_events.h"
#include "lp/clp_load.h"
#include "lp/start_point.h"

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

// The guessed basis (kGuessedBasis) of `model` (the LP loaded) from the point x (on the column
// bounds) and the duals y: statuses and values set, ready for the primal simplex.
void GuessBasis(const LinearProgram& lp, const std::vector<double>& x, const std::vector<double>& y,
                ClpSimplex& model, CrossoverSummary* summary) {
  const Index m = lp.num_rows, n = lp.num_columns;
  // The row activities and reduced costs c − Aᵀy of the point.
  std::vector<double> activity(static_cast<std::size_t>(m), 0.0), reduced = lp.objective;
  double largest_cost = 0.0;
  for (Index j = 0; j < n; ++j) {
    largest_cost = std::max(largest_cost, std::abs(lp.objective[j]));
    for (Index k = lp.column_starts[j]; k < lp.column_starts[j + 1]; ++k) {
      activity[lp.row_indices[k]] += lp.values[k] * x[j];
      reduced[j] -= lp.values[k] * y[lp.row_indices[k]];
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
        BasicScore(activity[i], lp.row_lower[i], lp.row_upper[i], y[i], largest_cost),
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
  summary->method = CrossoverMethod::kGuessedBasis;
  summary->basic_columns = basic_columns;
  summary->basic_rows = m - basic_columns;
}

// Fix and presolve (kFixAndPresolve) on `model` (the LP loaded, options set): afterwards the
// model holds the postsolved basis of the restricted LP with the LP's own bounds back, ready for
// the primal simplex. False (the model's bounds restored, its basis to be set anew) when CLP's
// presolve finds the restricted LP infeasible or its simplex ends infeasible, unbounded or in
// trouble; `iterations` counts the restricted LP's pivots either way.
bool FixAndPresolve(const LinearProgram& lp, const std::vector<double>& x, ClpSimplex& model,
                    ClpEventHandler* events, CrossoverSummary* summary, std::int64_t* iterations) {
  const Index n = lp.num_columns;
  double* lower = model.columnLower();
  double* upper = model.columnUpper();
  // −1: fixed at its lower bound, +1: at its upper bound, 0: free to move.
  std::vector<signed char> fixed(static_cast<std::size_t>(n), 0);
  Index fixed_columns = 0;
  for (Index j = 0; j < n; ++j) {
    const double lo = lp.column_lower[j], up = lp.column_upper[j];
    if (std::isfinite(lo) && x[j] - lo <= kCrossoverFixTolerance * (1.0 + std::abs(lo))) {
      fixed[j] = -1;
      upper[j] = lower[j];
    } else if (std::isfinite(up) && up - x[j] <= kCrossoverFixTolerance * (1.0 + std::abs(up))) {
      fixed[j] = 1;
      lower[j] = upper[j];
    } else {
      continue;
    }
    ++fixed_columns;
  }
  summary->fixed_columns = fixed_columns;
  auto restore_bounds = [&] {  // CLP's arrays fetched anew: presolve may have replaced them
    double* model_lower = model.columnLower();
    double* model_upper = model.columnUpper();
    for (Index j = 0; j < n; ++j) {
      model_lower[j] = lp::ToClpBound(lp.column_lower[j]);
      model_upper[j] = lp::ToClpBound(lp.column_upper[j]);
    }
  };

  // CLP's presolve of the restricted LP (the defaults of ClpSimplex::initialSolve: feasibility
  // tolerance 1e-8, 5 passes), with the point as its starting values.
  double* column_solution = model.primalColumnSolution();
  for (Index j = 0; j < n; ++j) column_solution[j] = x[j];
  ClpPresolve presolve;
  ClpSimplex* small = presolve.presolvedModel(model, 1e-8, false, 5, true);
  if (small == nullptr) {
    restore_bounds();
    return false;
  }
  small->setLogLevel(0);
  if (events) small->passInEventHandler(events);
  summary->presolved_rows = small->numberRows();
  summary->presolved_columns = small->numberColumns();
  // The values pass: every column superbasic at the point's value (on the presolved bounds), the
  // slacks basic; CLP's primal simplex moves them to bounds or into the basis.
  const int* original = presolve.originalColumns();
  small->createStatus();
  double* small_solution = small->primalColumnSolution();
  const double* small_lower = small->columnLower();
  const double* small_upper = small->columnUpper();
  for (int j = 0; j < small->numberColumns(); ++j) {
    // Not std::clamp: presolve may leave a lower bound a tolerance above the upper one.
    small_solution[j] = std::max(small_lower[j], std::min(x[original[j]], small_upper[j]));
    small->setColumnStatus(j, ClpSimplex::superBasic);
  }
  for (int i = 0; i < small->numberRows(); ++i) small->setRowStatus(i, ClpSimplex::basic);
  small->primal(1);
  summary->restricted_iterations = small->numberIterations();
  *iterations += small->numberIterations();
  // 0 optimal, 3 stopped at a limit (postsolved all the same: the whole LP then stops too).
  const int status = small->status();
  if (status != 0 && status != 3 && status != 5) {
    delete small;
    restore_bounds();
    return false;
  }
  presolve.postsolve(true);
  delete small;
  restore_bounds();
  // A column fixed at first is non-basic at that bound now that it may move again.
  column_solution = model.primalColumnSolution();
  for (Index j = 0; j < n; ++j) {
    if (fixed[j] == 0 || model.getColumnStatus(static_cast<int>(j)) == ClpSimplex::basic) continue;
    model.setColumnStatus(static_cast<int>(j),
                          fixed[j] < 0 ? ClpSimplex::atLowerBound : ClpSimplex::atUpperBound);
    column_solution[j] = fixed[j] < 0 ? lp.column_lower[j] : lp.column_upper[j];
  }
  return true;
}

}  // namespace

std::string DescribeCrossover(const CrossoverSummary& summary) {
  const ProjectionSummary& projection = summary.projection;
  const std::string tightened =
      summary.tightened ? fmt::format(
                              "the first-order solve continued to a tighter tolerance ({} more "
                              "iterations), then ",
                              summary.tighten_iterations)
                        : "";
  if (summary.projected) {
    return tightened +
           fmt::format(
               "active-set projection from the point: {} tight rows and {} free columns ({} "
               "columns at a "
               "bound), LSQR {} + {} iterations{}, no pivots (an optimal point, not a vertex)",
               projection.tight_rows, projection.free_columns, projection.columns_at_bound,
               projection.primal_iterations, projection.dual_iterations,
               projection.rounds > 1 ? fmt::format(" in {} rounds ({} rows and columns re-placed)",
                                                   projection.rounds, projection.corrections)
                                     : "");
  }
  std::string tried;
  if (summary.projection_tried) {
    tried = fmt::format(
        "the active-set projection did not verify{} in {} round{} (rows {:.1e}, prices {:.1e}, gap "
        "{:.1e}){}",
        summary.tightened
            ? fmt::format(", nor after the first-order solve continued to a tighter tolerance ({} "
                          "more iterations),",
                          summary.tighten_iterations)
            : "",
        projection.rounds, projection.rounds == 1 ? "" : "s", projection.accuracy.primal,
        projection.accuracy.dual, projection.accuracy.gap,
        summary.clp_skipped ? "; CLP's crossover not run" : "; then ");
    if (summary.clp_skipped) return tried;
  }
  if (summary.method == CrossoverMethod::kGuessedBasis) {
    return tried +
           fmt::format("{} basic columns and {} basic rows guessed by complementary slackness",
                       summary.basic_columns, summary.basic_rows);
  }
  return tried +
         fmt::format(
             "{} columns fixed at the bound where the point left them, the rest presolved by CLP "
             "to {} rows × {} columns: {} pivots there, then {} on the whole LP with the bounds "
             "restored",
             summary.fixed_columns, summary.presolved_rows, summary.presolved_columns,
             summary.restricted_iterations, summary.cleanup_iterations);
}

Result<LpSolution> Crossover(const LinearProgram& lp, const LpSolution& start,
                             const LpSolveOptions& options, CrossoverSummary* summary,
                             const TightenFirstOrder& tighten, CrossoverFallback fallback) {
  CrossoverSummary local;
  if (summary == nullptr) summary = &local;
  const auto clock_start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start).count();
  };
  auto say_not_verified = [&](const ProjectionSummary& projection, const char* then) {
    if (!options.log) return;
    options.log(fmt::format(
        "the active-set projection did not verify in {} round{} ({:.3f} s; rows {:.1e}, prices "
        "{:.1e}, gap {:.1e}): {}",
        projection.rounds, projection.rounds == 1 ? "" : "s", projection.seconds,
        projection.accuracy.primal, projection.accuracy.dual, projection.accuracy.gap, then));
  };
  // The projection stops on the caller's hook and on the time limit; stopped by the limit it has
  // simply not verified, and CLP's crossover (with no time left) reports the limit.
  auto out_of_time = [&] {
    return options.time_limit_seconds > 0 && elapsed() > options.time_limit_seconds;
  };
  const std::function<bool()> stop = [&] {
    return (options.should_stop && options.should_stop()) || out_of_time();
  };
  auto project = [&](const LpSolution& from, ProjectionSummary* summary_of) -> Result<LpSolution> {
    auto result = ProjectOntoActiveSet(lp, from, summary_of, stop);
    if (!result.ok() && result.status().code() == StatusCode::kCancelled && out_of_time() &&
        !(options.should_stop && options.should_stop())) {
      *summary_of = ProjectionSummary{};
      return LpSolution{};  // status kError: not verified
    }
    return result;
  };
  ProjectionSummary projection;
  auto projected = project(start, &projection);
  if (!projected.ok()) return projected.status();
  bool tightened = false;
  std::int64_t tighten_iterations = 0;
  std::optional<LpSolution> tighter;
  if (!projection.verified && tighten && !out_of_time()) {
    say_not_verified(projection, "the first-order solve continued to a tighter tolerance");
    auto continued = tighten(start);
    // A point stopped by its iteration limit is still further along than the start.
    if (continued.ok() && (continued.value().status == LpStatus::kOptimal ||
                           continued.value().status == LpStatus::kIterationLimit)) {
      tightened = true;
      tighten_iterations = continued.value().iterations;
      tighter = std::move(continued.value());
      projected = project(*tighter, &projection);
      if (!projected.ok()) return projected.status();
    }
  }
  if (projection.verified) {
    *summary = CrossoverSummary{};
    summary->projection_tried = true;
    summary->projected = true;
    summary->projection = projection;
    summary->tightened = tightened;
    summary->tighten_iterations = tighten_iterations;
    projected.value().seconds = elapsed();
    return projected;
  }
  if (fallback == CrossoverFallback::kNone) {
    say_not_verified(projection, "no CLP crossover (asked for the projection only)");
    *summary = CrossoverSummary{};
    summary->projection_tried = true;
    summary->projection = projection;
    summary->tightened = tightened;
    summary->tighten_iterations = tighten_iterations;
    summary->clp_skipped = true;
    projected.value().seconds = elapsed();
    return projected;  // status kError: not verified
  }
  say_not_verified(projection, "CLP's crossover from the point");
  LpSolveOptions rest = options;
  if (options.time_limit_seconds > 0) {
    rest.time_limit_seconds = std::max(1e-3, options.time_limit_seconds - elapsed());
  }
  const double before_clp = elapsed();
  auto vertex = CrossoverWithClp(lp, tighter ? *tighter : start, rest, summary);
  summary->projection_tried = true;
  summary->projection = projection;
  summary->tightened = tightened;
  summary->tighten_iterations = tighten_iterations;
  if (vertex.ok()) vertex.value().seconds += before_clp;
  return vertex;
}

Result<LpSolution> CrossoverWithClp(const LinearProgram& lp, const LpSolution& start,
                                    const LpSolveOptions& options, CrossoverSummary* summary,
                                    CrossoverMethod method) {
  if (Status shape = lp::CheckClpShape(lp); !shape.ok()) return shape;
  if (Status invalid = ValidateOptions(options, "LpSolveOptions"); !invalid.ok()) return invalid;
  const Index m = lp.num_rows, n = lp.num_columns;
  if (Status shape = lp::CheckStartPoint(lp, start, "CrossoverWithClp"); !shape.ok()) return shape;
  const auto clock_start = std::chrono::steady_clock::now();
  CrossoverSummary local;
  if (summary == nullptr) summary = &local;
  *summary = CrossoverSummary{};

  // The point on the column bounds.
  std::vector<double> x(static_cast<std::size_t>(n));
  for (Index j = 0; j < n; ++j) {
    x[j] = std::clamp(start.column_values[j], lp.column_lower[j], lp.column_upper[j]);
  }

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
  const bool with_events = lp::ClpEvents::Needed(options);
  if (with_events) model.passInEventHandler(&events);

  std::int64_t iterations = 0;
  auto cancelled = [&] {
    return events.state().cancelled || (options.should_stop && options.should_stop());
  };
  bool restricted = false;
  if (method == CrossoverMethod::kFixAndPresolve) {
    summary->method = CrossoverMethod::kFixAndPresolve;
    restricted =
        FixAndPresolve(lp, x, model, with_events ? &events : nullptr, summary, &iterations);
  }
  if (!restricted && !cancelled()) GuessBasis(lp, x, start.row_duals, model, summary);
  const auto whole_lp_start = std::chrono::steady_clock::now();
  summary->restricted_seconds = std::chrono::duration<double>(whole_lp_start - clock_start).count();

  // The primal simplex from that basis (a values pass after the restricted LP, whose postsolved
  // basis may carry superbasic columns); where it stops on numerical trouble, the dual simplex
  // from where it left off, then the primal once more from a fresh factorization.
  int passes = 0;
  const std::int64_t before_cleanup = iterations;
  auto run = [&](bool primal) {
    if (!cancelled()) primal ? model.primal(restricted ? 1 : 0) : model.dual(0);
    ++passes;
    iterations += model.numberIterations();
  };
  run(/*primal=*/true);
  if (model.status() > 3 && !events.state().cancelled) run(/*primal=*/false);
  if (model.status() > 3 && !events.state().cancelled) run(/*primal=*/true);
  const auto clock_end = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(clock_end - clock_start).count();
  summary->whole_lp_seconds = std::chrono::duration<double>(clock_end - whole_lp_start).count();
  if (cancelled()) {
    return Status::Cancelled(fmt::format(
        "the crossover by CLP of an LP with {} rows and {} columns, after {} iterations and "
        "{:.1f} s",
        m, n, iterations, seconds));
  }
  summary->simplex_passes = passes;
  if (restricted) summary->cleanup_iterations = iterations - before_cleanup;

  LpSolution solution = lp::SolutionOfClp(lp, model);
  solution.solver = restricted ? "CLP primal simplex: a values pass from the point with the "
                                 "columns at a bound fixed, presolved, then on the whole LP"
                               : "CLP primal simplex from a guessed basis";
  solution.seconds = seconds;
  solution.iterations = iterations;
  return solution;
}

}  // namespace gosplan
