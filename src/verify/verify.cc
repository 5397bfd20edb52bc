// `verify`: certifies a plan folder against the model, independently of the LP builder. The LP's
// rows and columns are re-derived from the mathematics in include/gosplan/plan.h (structure.cc);
// each group of checks has its own file (verify_internal.h); VerifyPlan reads the documents and
// runs them.
#include "gosplan/verify.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "gosplan/harvest.h"
#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "verify/verify_internal.h"

namespace gosplan {

bool VerifyOptions::IsValid(std::string* error) const {
  auto fail = [&](const char* why) {
    if (error != nullptr) *error = why;
    return false;
  };
  if (!(tolerance >= 0.0) || !std::isfinite(tolerance)) {
    return fail("tolerance must be a finite number >= 0");
  }
  if (!(absolute_tolerance >= 0.0) || !std::isfinite(absolute_tolerance)) {
    return fail("absolute_tolerance must be a finite number >= 0");
  }
  return true;
}

namespace verify {

namespace {

// The groups of checks, in the order their violations are listed.
// Each group's counts are recorded in report.groups (the difference the group made to the totals).
void RunChecks(PlanUnderCheck& plan, Checker& check) {
  VerifyReport& report = check.report();
  auto group = [&](const char* name, auto run) {
    const std::int64_t checks = report.checks, violations = report.violation_count;
    const double largest = report.max_violation;
    report.max_violation = 0.0;
    run();
    report.groups.push_back(
        {name, report.checks - checks, report.violation_count - violations, report.max_violation});
    report.max_violation = std::max(largest, report.max_violation);
  };
  group("plan quantities", [&] { RecoverPrimal(plan, check); });
  group("activity bounds", [&] { CheckActivityBounds(plan, check); });
  group("foreign trade", [&] { CheckTrade(plan, check); });
  if (!plan.model.regions.empty()) {
    group("regions and transport", [&] { CheckRegions(plan, check); });
  }
  group("material balances", [&] { CheckBalances(plan, check); });
  group("final-demand floors", [&] { CheckFloors(plan, check); });
  group("resources", [&] { CheckResources(plan, check); });
  group("capital", [&] { CheckCapital(plan, check); });
  group("quotas and target mix", [&] { CheckQuotasAndTargetMix(plan, check); });
  if (plan.summary.has_groups) group("group fulfilment", [&] { CheckGroups(plan, check); });
  double primal = 0.0;
  group("objective", [&] { primal = CheckObjective(plan, check); });
  // Group rows (maxmin, group floors) have prices prices.csv does not carry: without them the
  // Lagrangian bound is not the plan LP's, so the duality check is not made (a note says so).
  if (plan.docs.has_prices && !plan.summary.has_groups) {
    group("duality", [&] { CheckDuality(plan, primal, check); });
  }
}

// The model as the plan was made from it: the plan may have been made for another horizon than
// model.toml's (`plan --horizon`); its base year must be the model's.
Result<Model> LoadModelOfPlan(const std::string& model_folder, const Summary& summary,
                              const std::string& summary_path) {
  auto model = LoadModel(model_folder);
  if (!model.ok()) return model.status();
  if (model->horizon() != summary.horizon) {
    LoadOptions load_options;
    load_options.horizon_override = summary.horizon;
    model = LoadModel(model_folder, load_options);
    if (!model.ok()) return model.status();
  }
  if (model->settings.base_year != summary.base_year) {
    return Status::InvalidInput(summary_path, 0, 0,
                                fmt::format("base_year {} differs from the model's {}",
                                            summary.base_year, model->settings.base_year),
                                "a plan of this model");
  }
  return model;
}

// summary.json's fulfilment (plan ray) lists every plan year once.
void CheckFulfilmentYears(const Summary& summary, int base_year, int years,
                          const std::string& summary_path, Diagnostics& diagnostics) {
  std::vector<int> seen(static_cast<std::size_t>(years), 0);
  for (const auto& [year, lambda] : summary.fulfilment) {
    const int t = year - base_year;
    if (t < 1 || t > years || seen[t - 1]++ > 0) {
      diagnostics.Add(summary_path, 0, 0,
                      fmt::format("fulfilment year {} is outside the plan or repeated", year),
                      "one entry per plan year");
    }
  }
  if (std::count(seen.begin(), seen.end(), 0) > 0) {
    diagnostics.Add(summary_path, 0, 0, "fulfilment does not list every plan year",
                    "one entry per plan year");
  }
}

}  // namespace
}  // namespace verify

Result<VerifyReport> VerifyPlan(const std::string& model_folder, const std::string& plan_folder,
                                const VerifyOptions& options) {
  if (Status invalid = ValidateOptions(options, "VerifyOptions"); !invalid.ok()) return invalid;
  auto read_origin = verify::ReadPlanOrigin(model_folder, plan_folder);
  if (!read_origin.ok()) return read_origin.status();
  const verify::PlanOrigin& origin = read_origin.value();
  const verify::Summary& summary = origin.summary;
  const std::string& summary_path = origin.summary_path;
  auto model = verify::LoadModelOfPlan(model_folder, summary, summary_path);
  if (!model.ok()) return origin.Explain(model.status());

  VerifyReport report;
  report.plan_status = summary.status;
  report.approximate = summary.status == "approximate";
  report.has_solution = summary.status == "optimal" || report.approximate;
  if (!verify::IsAbsent(summary.stated_tolerance)) {
    report.stated_tolerance = summary.stated_tolerance;
  }
  // An approximate plan holds only within the tolerance it states; check it there, not tighter.
  VerifyOptions effective = options;
  if (report.approximate) {
    effective.tolerance = std::max(options.tolerance, report.stated_tolerance);
  }
  report.tolerance = effective.tolerance;
  if (!report.has_solution) return report;

  const verify::Structure structure = verify::DeriveStructure(model.value());
  Diagnostics diagnostics;
  verify::PlanDocuments documents =
      verify::ReadPlanDocuments(model.value(), structure, plan_folder, diagnostics);
  if (summary.has_groups) {
    verify::ReadGroupDocuments(model.value(), structure, plan_folder, documents, diagnostics);
    report.notes.push_back(
        "the plan has group rows (maxmin objective or group floors) whose prices prices.csv does "
        "not carry: the group fulfilments are checked, the duality check is not made");
  }
  if (summary.HasTargetRows()) {
    verify::CheckFulfilmentYears(summary, model->settings.base_year, structure.years, summary_path,
                                 diagnostics);
  }
  if (!diagnostics.empty()) {
    Status problems = Status::InvalidInput(std::move(diagnostics));
    return origin.Explain(problems);
  }
  if (origin.other_model) {
    report.notes.push_back(fmt::format(
        "the model folder's checksum {} differs from {} in summary.json: the plan was made from "
        "another version of the model (the checks below are against the model as it is now)",
        origin.folder_checksum, summary.model_checksum));
  }
  // Harvest yields are not part of the Model (include/gosplan/harvest.h reads them beside it), so
  // a two-stage plan's scenario and expected-value folders cannot hold against it: say so here
  // rather than let their failures read as a broken plan.
  if (std::filesystem::exists(std::filesystem::path(model_folder) / kHarvestScenariosFile)) {
    report.notes.push_back(fmt::format(
        "the model has harvest scenarios ({}): verify checks the plan against the model's own "
        "coefficients, without yields, so the scenario and expected-value folders of a two-stage "
        "plan do not hold here (docs/planning-model.md, \"Uncertain harvests\"); a plan made with "
        "--no-harvests does",
        kHarvestScenariosFile));
  }
  verify::PlanUnderCheck plan(model.value(), structure, summary, documents);
  verify::Checker check(effective, report);
  verify::RunChecks(plan, check);
  return report;
}

}  // namespace gosplan
