// Step 1 of CheckQuotas (the nearest plan: min Σ_q w_q·shortfall_q) and step 5 (that plan solved
// again as a full Plan with the model's objective); see check_steps.h.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "check/check_steps.h"

namespace gosplan::check {

bool NearestPlan(ElasticProgram& elastic, const CheckOptions& options, const Budget& budget,
                 CheckReport& report, std::vector<Group>& joint_support) {
  const Model& model = elastic.model();
  lp::ClpSession& session = elastic.session();
  Log(options, fmt::format("minimising the weighted shortfall: {} rows, {} columns",
                           session.num_rows(), session.num_columns()));
  elastic.UseShortfallObjective();
  const LpStatus first =
      budget.SolveFromScratch(session, LpSolveOptions::Algorithm::kPrimalSimplex);
  if (first != LpStatus::kOptimal) {
    report.model_status = first;
    report.feasible = false;
    return false;
  }
  const std::size_t Q = model.quotas.size();
  report.model_status = LpStatus::kOptimal;
  report.feasible = true;
  report.quotas.resize(Q);
  const double* x = session.column_values();
  for (std::size_t q = 0; q < Q; ++q) {
    QuotaCheck& check = report.quotas[q];
    check.quota = static_cast<Index>(q);
    check.asked = model.quotas[q].quantity;
    double shortfall = std::max(0.0, x[elastic.shortfall_column(q)]);
    if (Met(shortfall, check.asked, options.tolerance)) shortfall = 0.0;
    check.short_by = shortfall;
    check.achievable = check.asked - shortfall;
    check.short_by_percent = check.asked > 0 ? 100.0 * shortfall / check.asked : 0.0;
    check.alone_max = std::nan("");
    report.weighted_shortfall += elastic.weight(q) * shortfall;
    if (shortfall > 0) report.feasible = false;
  }
  joint_support = report.feasible ? std::vector<Group>{} : elastic.DualSupport(kSupportThreshold);
  Log(options, report.feasible
                   ? "all quotas can hold together"
                   : fmt::format("the quotas cannot all hold: weighted shortfall {:.6g}",
                                 report.weighted_shortfall));
  return true;
}

// The model's objective with every quota held at its achievable level (a hair below, so rounding
// cannot make it infeasible).
Status SolveNearestFullPlan(const Model& model, const Budget& budget, CheckReport& report) {
  const std::size_t Q = model.quotas.size();
  Model nearest = model;
  for (std::size_t q = 0; q < Q; ++q) {
    const double achievable = report.quotas.empty() ? 0.0 : report.quotas[q].achievable;
    nearest.quotas[q].quantity =
        std::max(0.0, achievable - 1e-7 * std::max(1.0, model.quotas[q].quantity));
  }
  PlanOptions plan_options;
  plan_options.quotas_as_constraints = 1;
  plan_options.solver.algorithm = LpSolveOptions::Algorithm::kPrimalSimplex;
  plan_options.solver_kind =
      SolverKind::kClp;  // the exact plan the check's own CLP solves describe
  if (budget.Exhausted()) {
    report.nearest_plan.status = budget.StoppedBy() == LpStatus::kTimeLimit
                                     ? PlanStatus::kTimeLimit
                                     : PlanStatus::kIterationLimit;
  } else {
    plan_options.solver.time_limit_seconds = budget.Limit();
    auto plan = SolvePlan(nearest, plan_options);
    if (!plan.ok()) return plan.status();
    report.nearest_plan = std::move(plan.value());
  }
  if (StoppedEarly(report.nearest_plan.status)) report.limit_reached = true;
  return Status::Ok();
}

}  // namespace gosplan::check
