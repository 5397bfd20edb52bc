// `CheckQuotas`: verdict, nearest plan, each quota alone, conflict and earliest year (see
// include/gosplan/check.h for the mathematics, docs/check.md for the user's view). The steps are in
// their own files (check_steps.h); this file runs them in order.
#include "gosplan/check.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>

#include "check/check_steps.h"
#include "check/elastic_program.h"

namespace gosplan {

bool CheckOptions::IsValid(std::string* error) const {
  if (max_years < 1 || max_years > 200) {
    if (error) *error = "max_years must be from 1 to 200";
    return false;
  }
  if (!(tolerance >= 0) || !std::isfinite(tolerance)) {
    if (error) *error = "tolerance must be a finite number >= 0";
    return false;
  }
  if (threads < 0) {
    if (error) *error = "threads must be >= 0";
    return false;
  }
  if (!(time_limit_seconds >= 0) || !std::isfinite(time_limit_seconds)) {
    if (error) *error = "time_limit_seconds must be a finite number >= 0";
    return false;
  }
  if (max_solves < 0) {
    if (error) *error = "max_solves must be >= 0";
    return false;
  }
  if (!(total_time_limit_seconds >= 0) || !std::isfinite(total_time_limit_seconds)) {
    if (error) *error = "total_time_limit_seconds must be a finite number >= 0";
    return false;
  }
  return true;
}

Result<CheckReport> CheckQuotas(const Model& model, const CheckOptions& options) {
  if (Status invalid = ValidateOptions(options, "CheckOptions"); !invalid.ok()) return invalid;
  const auto start = std::chrono::steady_clock::now();
  auto seconds_since_start = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  CheckReport report;
  const check::Budget budget(options);

  check::Log(options, "building the elastic plan LP (a shortfall on every quota)");
  auto built = check::ElasticProgram::Build(model);
  if (!built.ok()) return built.status();
  check::ElasticProgram& elastic = *built.value();
  lp::ClpSession& session = elastic.session();
  // CheckOptions::should_stop: no report at all once it said stop (the steps' answers would be
  // marked "interrupted", which reads as a verdict).
  auto cancelled = [&](const char* step) {
    return Status::Cancelled(std::string("the check's LP solves (") + step + ", after " +
                             std::to_string(report.solves + session.solves()) + " solves and " +
                             std::to_string(report.iterations + session.iterations()) +
                             " simplex iterations)");
  };

  // 1. Nearest plan: min Σ w_q shortfall_q.
  std::vector<check::Group> joint_support;
  if (!check::NearestPlan(elastic, options, budget, report, joint_support)) {
    if (budget.Cancelled()) return cancelled("step 1, the nearest plan");
    if (report.model_status == LpStatus::kInfeasible && options.conflict) {
      check::ModelConflict(elastic, options, budget, report);
      if (budget.Cancelled()) return cancelled("the model's conflict");
    }
    report.solves = session.solves();
    report.iterations = session.iterations();
    report.seconds = seconds_since_start();
    return report;
  }
  // 2. Each quota alone: max output_q, the other quotas relaxed (their shortfalls are free).
  std::map<std::size_t, std::vector<check::Group>> alone_support;
  if (options.alone_max || options.conflict) {
    alone_support = check::AloneMaxStep(elastic, options, budget, report);
  }
  if (budget.Cancelled()) return cancelled("step 2, each quota alone");
  // 3. Conflict: deletion filter over the dual support.
  if (options.conflict && !report.feasible) {
    check::QuotaConflict(elastic, alone_support, joint_support, options, budget, report);
  }
  if (budget.Cancelled()) return cancelled("step 3, the conflict");
  // 4. Earliest year (after the design-ceiling pre-step).
  if (options.earliest_year && !model.quotas.empty()) {
    if (Status earliest = check::EarliestYearStep(model, options, budget, report); !earliest.ok()) {
      return earliest;
    }
  }
  if (budget.Cancelled()) return cancelled("step 4, the earliest years");
  // 5. The nearest plan as a full plan.
  if (options.nearest_plan) {
    check::Log(options, "solving the nearest plan with the model's objective");
    if (Status nearest = check::SolveNearestFullPlan(model, budget, report); !nearest.ok()) {
      return nearest;
    }
  }
  if (budget.Cancelled()) return cancelled("step 5, the nearest full plan");
  report.solves += session.solves();
  report.iterations += session.iterations();
  report.seconds = seconds_since_start();
  return report;
}

Status WriteNearestPlanFolder(const Model& model, const CheckReport& report,
                              const std::string& folder, bool overwrite) {
  if (!HasPlan(report.nearest_plan.status)) {
    return Status::Internal("the nearest plan was not solved (status " +
                            std::string(ToString(report.nearest_plan.status)) + ")");
  }
  Plan plan = report.nearest_plan;
  plan.quotas_are_law = false;
  plan.explanation =
      "The feasible plan nearest to the quotas (gosplan check): the model's objective with each "
      "quota held at its achievable level. It is not the model's optimal plan, so no prices are "
      "published.";
  Status written = WritePlanFolder(model, plan, folder, overwrite);
  if (!written.ok()) return written;
  std::error_code ignored;
  std::filesystem::remove(std::filesystem::path(folder) / "prices.csv", ignored);
  if (ignored) return Status::Internal("cannot remove prices.csv from " + folder);
  return Status::Ok();
}

}  // namespace gosplan
