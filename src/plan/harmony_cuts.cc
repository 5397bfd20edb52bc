// The harmony objective by cutting planes (docs/planning-model.md, "Harmony"; the full tangent
// envelope in include/gosplan/harmony.h and src/plan/objective_program.cc).
//
// The full LP has, per product i and year t with a target τ > 0, a cut row for each of the 43
// tangent points s_k (h[i,t] ≤ H(s_k) + H'(s_k)·(x/τ − 1 − s_k)) and the cap. At its optimum only
// one or two cuts per (i, t) are tight — those around the plan's own s — so most of the 43·P·T
// rows are slack and only make the simplex slower (a 1,000-product × 5-year plan: 249,745 rows,
// which CLP did not finish in 22 minutes; docs/benchmarks.md). Here the LP starts with three cuts
// per (i, t) (s = −0.5, 0, √10 − 1) and the cap; after each solve, at every (i, t) whose h[i,t]
// lies above a cut of the full set by more than kCutTolerance the most violated such cut is added
// (with its neighbour on the side of s, the next one the plan would meet), and CLP re-solves by
// the dual simplex from the last optimal basis (added rows keep it dual feasible). A cut is never
// added twice, so the loop ends with no cut of the full set violated: the point is then
// feasible for the full LP, and since the LP solved is a relaxation of it (fewer rows), the point
// is optimal for the full LP. Same optimum, same error bound ε·Σ w against the true harmony; the
// cuts never added are slack with price 0, so the prices are those of the full LP as well.
#include "plan/harmony_cuts.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include "gosplan/harmony.h"
#include "lp/clp_session.h"

namespace gosplan::plan {
namespace {

// A cut of the full set counts as violated when h[i,t] exceeds it by more than this (harmony
// units; CLP's own primal tolerance is 1e-7, so the point then satisfies every cut of the full set
// to within CLP's accuracy on the rows it has).
constexpr double kCutTolerance = 1e-9;
// Rounds of cuts: each round adds at least one cut never added before, so the loop ends, but in the
// worst case only after one round per missing cut; a safety stop (no plan issued) far beyond what
// the plans seen need (5 LPs for ussr-1928, 7 for a generated 1,000-product economy).
constexpr int kMaxRounds = 64;
constexpr double kTightDualTolerance = 1e-10;

// The tangent points the loop starts from: s = −0.5 (index 5), 0 (index 10) and √10 − 1 (index 26,
// 1 + s = 10^(16/32)).
constexpr std::size_t kInitial[] = {5, 10, 26};

// Whether tangent point k of harmony::TangentPoints() is one the loop starts with.
bool IsInitial(std::size_t k) {
  return std::find(std::begin(kInitial), std::end(kInitial), k) != std::end(kInitial);
}

// Removes from the full harmony LP the cut rows of the tangent points the loop does not start with
// (AppendHarmony lays out per (i, t) the 43 cuts in point order from harmony_row_start, then the
// cap); the rows after them (group floors) move up, and every row index the program keeps is
// renumbered. Returns, per (i, t), the mask of the points whose cuts remain (bit k: point k).
std::vector<std::uint64_t> KeepInitialCuts(PlanProgram& program) {
  LinearProgram& lp = program.lp;
  const std::size_t points = harmony::TangentPoints().size();
  std::vector<std::uint64_t> mask(program.harmony_row_start.size(), 0);
  std::vector<Index> renumber(static_cast<std::size_t>(lp.num_rows));
  std::vector<char> removed(static_cast<std::size_t>(lp.num_rows), 0);
  std::uint64_t initial = 0;
  for (std::size_t k = 0; k < points; ++k) {
    if (IsInitial(k)) initial |= std::uint64_t{1} << k;
  }
  for (std::size_t slot = 0; slot < mask.size(); ++slot) {
    const Index first = program.harmony_row_start[slot];
    if (first < 0) continue;
    mask[slot] = initial;
    for (std::size_t k = 0; k < points; ++k) {
      if (!IsInitial(k)) removed[first + static_cast<Index>(k)] = 1;
    }
  }
  Index kept = 0;
  for (Index r = 0; r < lp.num_rows; ++r) {
    renumber[r] = removed[r] ? -1 : kept;
    if (!removed[r]) {
      lp.row_lower[kept] = lp.row_lower[r];
      lp.row_upper[kept] = lp.row_upper[r];
      if (!lp.row_names.empty()) lp.row_names[kept] = std::move(lp.row_names[r]);
      ++kept;
    }
  }
  lp.row_lower.resize(kept);
  lp.row_upper.resize(kept);
  if (!lp.row_names.empty()) lp.row_names.resize(kept);
  lp.num_rows = kept;
  Index entry = 0;
  for (Index j = 0; j < lp.num_columns; ++j) {
    const Index begin = lp.column_starts[j], end = lp.column_starts[j + 1];
    lp.column_starts[j] = entry;
    for (Index e = begin; e < end; ++e) {
      const Index row = renumber[lp.row_indices[e]];
      if (row < 0) continue;
      lp.row_indices[entry] = row;
      lp.values[entry] = lp.values[e];
      ++entry;
    }
  }
  lp.column_starts[lp.num_columns] = entry;
  lp.row_indices.resize(entry);
  lp.values.resize(entry);
  // Every row index the program holds is of a kept row: the plan's own rows come before the
  // harmony block, the group rows after it; a cut's start moves to its slot's first kept cut.
  for (std::size_t slot = 0; slot < mask.size(); ++slot) {
    Index& first = program.harmony_row_start[slot];
    if (first >= 0) first = renumber[first + static_cast<Index>(*std::begin(kInitial))];
  }
  auto move = [&](std::vector<Index>& rows) {
    for (Index& row : rows) {
      if (row >= 0) row = renumber[row];
    }
  };
  move(program.target_row);
  move(program.quota_row);
  move(program.terminal_row_start);
  move(program.link_capacity_row);
  move(program.group_tie_row);
  return mask;
}

// How far h lies above the cut at tangent point p when the relative fulfilment is s.
double Excess(double h, double s, double p) {
  return h - (harmony::Value(p) + harmony::Slope(p) * (s - p));
}

}  // namespace

Status SolveHarmonyByCuts(const Model& model, PlanProgram program, const PlanOptions& options,
                          Plan& plan) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const int T = program.years;
  LinearProgram& lp = program.lp;
  const std::vector<double>& pool = harmony::TangentPoints();
  const Index full_rows = lp.num_rows;
  std::vector<std::uint64_t> has_cut = KeepInitialCuts(program);

  // τ[i,t] and the final-use columns of each (i, t), as AppendHarmony summed them.
  std::vector<double> tau(program.harmony_column.size(), 0.0);
  std::vector<std::vector<Index>> final_columns(tau.size());
  for (std::size_t n = 0; n < model.final_demand.size(); ++n) {
    const FinalDemand& fd = model.final_demand[n];
    tau[fd.product * T + fd.year - 1] += fd.target;
    final_columns[fd.product * T + fd.year - 1].push_back(program.final_use_column[n]);
  }
  Index terms = 0;
  for (Index column : program.harmony_column) terms += column >= 0;
  const Index initial_cuts = terms * static_cast<Index>(std::size(kInitial));
  if (options.log) {
    options.log(
        fmt::format("solving with CLP: {} rows, {} columns, {} non-zeros (harmony by "
                    "cutting planes: {} of the {} rows of the full tangent set to start)",
                    lp.num_rows, lp.num_columns, lp.num_nonzeros(), lp.num_rows, full_rows));
  }

  lp::ClpSession clp;
  if (Status loaded = clp.Load(lp); !loaded.ok()) return loaded;
  if (options.solver.should_stop) clp.SetCancelHook(options.solver.should_stop);
  if (options.solver.dual_tolerance > 0) clp.SetDualTolerance(options.solver.dual_tolerance);
  const double limit = options.solver.time_limit_seconds;
  auto remaining = [&] {  // 0: no limit; a tiny positive value once spent (CLP stops at once)
    if (limit <= 0) return 0.0;
    return std::max(limit - std::chrono::duration<double>(Clock::now() - start).count(), 1e-3);
  };

  LpStatus status = clp.SolveFromScratch(options.solver.algorithm, remaining());
  int rounds = 1;
  Index added = 0;
  double worst = 0.0;  // the largest violation of a cut of the full set at the last point
  bool tightened = false;
  for (;;) {
    if (status != LpStatus::kOptimal) break;
    const double* x = clp.column_values();
    // Row-wise, for ClpSession::AddRows; the same rows go into lp's columns through `extra`.
    std::vector<Index> starts(1, 0), columns;
    std::vector<double> values, lower, upper;
    std::vector<std::vector<std::pair<Index, double>>> extra(
        static_cast<std::size_t>(lp.num_columns));
    worst = 0.0;
    auto add_cut = [&](std::size_t slot, std::size_t k) {
      const double p = pool[k], slope = harmony::Slope(p);
      const Index row = lp.num_rows + static_cast<Index>(lower.size());
      columns.push_back(program.harmony_column[slot]);
      values.push_back(1.0);
      extra[program.harmony_column[slot]].emplace_back(row, 1.0);
      for (Index column : final_columns[slot]) {
        columns.push_back(column);
        values.push_back(-slope / tau[slot]);
        extra[column].emplace_back(row, -slope / tau[slot]);
      }
      starts.push_back(static_cast<Index>(columns.size()));
      lower.push_back(-kUnbounded);
      upper.push_back(harmony::Value(p) - slope * (1.0 + p));
      has_cut[slot] |= std::uint64_t{1} << k;
    };
    for (std::size_t slot = 0; slot < tau.size(); ++slot) {
      const Index h_column = program.harmony_column[slot];
      if (h_column < 0) continue;
      double use = 0.0;
      for (Index column : final_columns[slot]) use += x[column];
      const double s = use / tau[slot] - 1.0, h = x[h_column];
      const std::uint64_t has = has_cut[slot];
      std::size_t best = pool.size();
      double most = kCutTolerance;
      for (std::size_t k = 0; k < pool.size(); ++k) {
        const double excess = Excess(h, s, pool[k]);
        worst = std::max(worst, excess);
        if (((has >> k) & 1) == 0 && excess > most) most = excess, best = k;
      }
      if (best == pool.size()) continue;
      add_cut(slot, best);
      // Its neighbour towards s: the cut the plan meets next when s moves on that way.
      const std::size_t next = s < pool[best] ? (best > 0 ? best - 1 : best) : best + 1;
      if (next != best && next < pool.size() && ((has >> next) & 1) == 0 &&
          Excess(h, s, pool[next]) > kCutTolerance) {
        add_cut(slot, next);
      }
    }
    if (lower.empty()) {  // every cut of the full set holds: optimal for the full envelope
      // CLP's absolute dual tolerance may leave prices that miss the relative 1e-6 check (as in
      // SolvePlan): once more at 1e-10 from the same basis, and the cuts checked again.
      if (tightened || options.solver.dual_tolerance > 0) break;
      const PlanAccuracy first = MeasureSimplexAccuracy(model, program, clp.Solution(lp));
      if (first.dual <= Plan::kExactTolerance || first.primal > Plan::kExactTolerance) break;
      tightened = true;
      clp.SetDualTolerance(kTightDualTolerance);
      if (options.log) {
        options.log(
            fmt::format("the prices miss the 1e-6 check by {:.1e}: solving again with "
                        "CLP's dual tolerance {:.0e}",
                        first.dual, kTightDualTolerance));
      }
      status = clp.Resolve(lp::ClpSession::Method::kPrimal, remaining());
      continue;
    }
    if (rounds >= kMaxRounds) {
      status = LpStatus::kIterationLimit;
      break;
    }
    clp.AddRows(starts, columns, values, lower, upper);
    for (std::size_t r = 0; r < lower.size(); ++r) {
      lp.row_lower.push_back(lower[r]);
      lp.row_upper.push_back(upper[r]);
      if (!lp.row_names.empty()) lp.row_names.push_back(fmt::format("harmony_cut_{}", lp.num_rows));
      ++lp.num_rows;
    }
    MergeIntoColumns(lp, extra);
    added += static_cast<Index>(lower.size());
    ++rounds;
    if (options.log) {
      options.log(
          fmt::format("harmony: round {}, {} cuts added (largest violation {:.2g}), {} rows",
                      rounds, lower.size(), worst, lp.num_rows));
    }
    status = clp.SolveFromBasis(lp::ClpSession::Method::kDual, remaining());
  }
  LpSolution solution = clp.Solution(lp);
  solution.status = status;
  const Index full_cuts = terms * static_cast<Index>(pool.size());
  solution.solver = fmt::format(
      "CLP {} simplex, then the dual simplex from the previous basis after each round of "
      "harmony cuts: {} LP{}",
      ToString(options.solver.algorithm), rounds, rounds == 1 ? "" : "s");
  solution.iterations = clp.iterations();
  solution.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  // The LP issued is the last one: its size, not the initial one's.
  plan.lp_rows = lp.num_rows;
  plan.lp_columns = lp.num_columns;
  plan.lp_nonzeros = lp.num_nonzeros();
  IssueSimplexPlan(model, program, solution, plan);
  if (!HasPlan(plan.status)) {
    if (status == LpStatus::kIterationLimit) {
      plan.explanation = fmt::format(
          "The harmony cuts did not settle in {} rounds (cuts of the full set still violated by "
          "up to {:.2g}): no plan is issued. `gosplan plan --write-mps FILE` writes the LP with "
          "every cut, for `gosplan lp FILE`.",
          rounds, worst);
    }
    return Status::Ok();
  }
  plan.explanation += fmt::format(
      " Solved by cutting planes: {} LP{} on one warm CLP model, {} of the {} tangent cuts of the "
      "full envelope generated ({} at the start, {} added where the plan violated them); the plan "
      "satisfies all of them to {:.0e}, so it is optimal for the full envelope.",
      rounds, rounds == 1 ? "" : "s", initial_cuts + added, full_cuts, initial_cuts, added,
      std::max(worst, kCutTolerance));
  return Status::Ok();
}

}  // namespace gosplan::plan
