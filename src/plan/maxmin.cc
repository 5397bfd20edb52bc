// The maxmin objective (docs/planning-model.md, "Max–min fulfilment across groups"): the
// lexicographic max–min of the groups' levels Λ_g, by a sequence of CLP LPs on one warm model.
//
// Step k maximises z subject to Λ_g ≥ z for every group not yet fixed (the rows tie[g] of
// maxmin_program.cc) and Λ_g ≥ ℓ_g for the groups fixed before. At its optimum z_k the tie rows
// with a positive price are the groups that cannot exceed z_k without lowering another free
// group below it (complementary slackness: such a row is tight in every optimal plan of the step,
// and the prices of the tie rows sum to 1, the objective coefficient of z, so at least one is
// positive): they are fixed at ℓ_g = z_k, their tie rows freed and u_g held at ℓ_g, and the next
// step maximises z over the rest. A group whose price is 0 but which cannot exceed z_k either is
// fixed one step later at the same level. At most one LP per group; each step only changes
// bounds, so the previous optimal basis stays primal feasible and CLP's primal simplex re-solves
// from it (warm).
//
// The plan issued is the last step's optimum, with that LP's prices (their objective is that
// step's z, the highest level); Plan::objective is the least level min_g Λ_g.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include "lp/clp_session.h"
#include "plan/plan_program.h"
#include "plan/tight_dual_tolerance.h"

namespace gosplan::plan {
namespace {

// A fixed group's level is held at ℓ = z_k exactly: the step's own optimum has u_g ≥ z_k, so the
// next step starts feasible (within CLP's primal tolerance of 1e-7; a margin below z_k would only
// let the next steps take it from the group and show in the plan's figures).
// A tie row's price above this (per unit of z) marks its group as blocked.
constexpr double kBlockedPrice = 1e-9;

}  // namespace

Status SolveMaxmin(const Model& model, PlanProgram program, const PlanOptions& options,
                   Plan& plan) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const std::size_t G = program.group_category.size();
  lp::ClpSession clp;
  if (Status loaded = clp.Load(program.lp); !loaded.ok()) return loaded;
  if (options.solver.should_stop) clp.SetCancelHook(options.solver.should_stop);
  if (options.solver.dual_tolerance > 0) clp.SetDualTolerance(options.solver.dual_tolerance);
  const double limit = options.solver.time_limit_seconds;
  // What is left of the time limit for the next solve (0: none; a tiny positive value once spent,
  // so CLP stops at once and reports the time limit).
  auto remaining = [&] {
    if (limit <= 0) return 0.0;
    const double spent = std::chrono::duration<double>(Clock::now() - start).count();
    return std::max(limit - spent, 1e-3);
  };

  std::vector<int> step_of(G, 0);
  std::vector<std::string> steps_told;
  int step = 0;
  std::size_t fixed = 0;
  if (options.log) options.log(fmt::format("maxmin: step 1 of at most {} (all groups free)", G));
  LpStatus status = clp.SolveFromScratch(options.solver.algorithm, remaining());
  for (;;) {
    ++step;
    if (status != LpStatus::kOptimal) break;
    const double z = clp.column_values()[program.maxmin_column];
    const double* duals = clp.row_duals();
    // The price of tie[g] (a ≥ row of a maximisation: −dual ≥ 0, objective lost per unit raised).
    std::vector<std::size_t> blocked;
    double best = -1.0;
    std::size_t best_group = G;
    for (std::size_t g = 0; g < G; ++g) {
      if (step_of[g] > 0) continue;
      const double price = -duals[program.group_tie_row[g]];
      if (price > kBlockedPrice) blocked.push_back(g);
      if (price > best) best = price, best_group = g;
    }
    if (blocked.empty() && best_group < G) blocked.push_back(best_group);  // rounding: the largest
    std::string names;
    for (std::size_t g : blocked) {
      step_of[g] = step;
      ++fixed;
      names +=
          (names.empty() ? "" : ", ") + model.final_demand_categories[program.group_category[g]];
    }
    steps_told.push_back(fmt::format("step {}: {} at {:.6g}", step, names, z));
    if (options.log) options.log("maxmin: " + steps_told.back());
    if (fixed == G) break;
    // Fix the blocked groups: tie[g] free, u_g ≥ ℓ_g; the point stays feasible (u_g ≥ z), so the
    // primal simplex re-optimises from the basis.
    const double held = z;
    for (std::size_t g : blocked) {
      const Index tie = program.group_tie_row[g], u = program.group_level_column[g];
      clp.SetRowBounds(tie, -kUnbounded, kUnbounded);
      program.lp.row_lower[tie] = -kUnbounded;
      program.lp.row_upper[tie] = kUnbounded;
      clp.SetColumnBounds(u, held, kUnbounded);
      program.lp.column_lower[u] = held;
    }
    if (options.log)
      options.log(fmt::format("maxmin: step {} ({} of {} groups fixed)", step + 1, fixed, G));
    status = clp.Resolve(lp::ClpSession::Method::kPrimal, remaining());
  }
  LpSolution solution = clp.Solution(program.lp);
  solution.status = status;
  // CLP's absolute dual tolerance may leave prices that miss the relative 1e-6 check (as in
  // SolvePlan): once more at 1e-10 from the same basis.
  if (status == LpStatus::kOptimal && options.solver.dual_tolerance == 0) {
    const PlanAccuracy first = MeasureSimplexAccuracy(model, program, solution);
    if (PricesNeedTightDualTolerance(first)) {
      clp.SetDualTolerance(kTightDualTolerance);
      if (clp.Resolve(lp::ClpSession::Method::kPrimal, remaining()) == LpStatus::kOptimal) {
        solution = clp.Solution(program.lp);
        solution.status = LpStatus::kOptimal;
      }
    }
  }
  solution.solver = fmt::format(
      "CLP {} simplex, then primal simplex from the previous basis: {} "
      "lexicographic max–min LP{}",
      ToString(options.solver.algorithm), step, step == 1 ? "" : "s");
  solution.iterations = clp.iterations();
  solution.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  IssueSimplexPlan(model, program, solution, plan);
  plan.maxmin_steps = step;
  std::string told;
  for (const std::string& s : steps_told) told += (told.empty() ? "" : "; ") + s;
  if (status == LpStatus::kUnbounded) {
    std::string free_groups;
    for (std::size_t g = 0; g < G; ++g) {
      if (step_of[g] == 0)
        free_groups += (free_groups.empty() ? "" : ", ") +
                       model.final_demand_categories[program.group_category[g]];
    }
    plan.explanation = fmt::format(
        "The fulfilment of {} can grow without limit{}: some product of their targets can be "
        "made without any limited resource or capital. Give every technique a resource or "
        "capital requirement.",
        free_groups, told.empty() ? "" : " once the groups before are fixed (" + told + ")");
    return Status::Ok();
  }
  if (!HasPlan(plan.status)) return Status::Ok();
  double least = kUnbounded;
  for (std::size_t g = 0; g < plan.groups.size(); ++g) {
    plan.groups[g].step = step_of[g];
    least = std::min(least, plan.groups[g].level);
  }
  plan.objective = least;
  plan.explanation += fmt::format(
      " Max–min across the groups of final demand, lexicographic ({} LP{}): {}. The objective is "
      "the least group's level; the shadow prices are those of the last LP.",
      step, step == 1 ? "" : "s", told);
  return Status::Ok();
}

}  // namespace gosplan::plan
