// `gosplan compare MODEL PLAN_A PLAN_B`: the differences between two plans of one model
// (include/gosplan/compare.h).
#include <fmt/format.h>

#include <memory>

#include "cli_output.h"
#include "gosplan/compare.h"
#include "gosplan/plan.h"
#include "util/atomic_output.h"

namespace gosplan::cli {
namespace {

struct CompareFlags {
  std::string model_folder;
  std::string plan_a, plan_b;
  std::string format = "text";
  std::string csv_path;
  double tolerance = 1e-9;
  bool quiet = false;
};

int ReportCompareFailure(const Status& status) {
  FailureWording wording;
  wording.consequence = "the plans were not compared";
  return ReportFailure(status, wording);
}

int RunCompare(const CompareFlags& flags) {
  if (flags.format != "text" && flags.format != "json" && flags.format != "csv") {
    return ReportCompareFailure(Status::InvalidInput(
        "--format", 0, 0, "unknown format '" + flags.format + "'", "text, json or csv"));
  }
  if (auto refused = RefuseOutputPath(flags.csv_path, "--csv file", false, true)) return *refused;
  // Each plan with the model at its own horizon (LoadModelAndPlan); the two must agree.
  LoadOptions load_options;
  SetCacheOptions(load_options, false);
  Progress(flags.quiet,
           "loading " + flags.model_folder + " with " + flags.plan_a + " and " + flags.plan_b);
  auto a = LoadModelAndPlan(flags.model_folder, flags.plan_a, load_options);
  if (!a.ok()) return ReportCompareFailure(a.status());
  auto b = LoadModelAndPlan(flags.model_folder, flags.plan_b, load_options);
  if (!b.ok()) return ReportCompareFailure(b.status());
  if (a->model.horizon() != b->model.horizon()) {
    return ReportCompareFailure(
        Status::InvalidInput(flags.plan_b, 0, 0,
                             fmt::format("the plan has {} plan years, plan A {}",
                                         b->model.horizon(), a->model.horizon()),
                             "two plans of the same horizon"));
  }
  const Model& model = a->model;
  for (const auto& [folder, plan] :
       {std::pair{&flags.plan_a, &a->plan}, std::pair{&flags.plan_b, &b->plan}}) {
    if (HasPlan(plan->status)) continue;
    return ReportCompareFailure(
        Status::InvalidInput(*folder + "/summary.json", 0, 0,
                             fmt::format("the plan has status '{}' and holds no plan to compare",
                                         ToString(plan->status)),
                             "two optimal or approximate plan folders"));
  }
  CompareOptions options;
  options.tolerance = flags.tolerance;
  auto report = ComparePlans(model, a->plan, b->plan, options);
  if (!report.ok()) return ReportCompareFailure(report.status());
  if (!flags.csv_path.empty()) {
    if (Status written = util::WriteFileAtomically(flags.csv_path, CompareCsv(report.value()));
        !written.ok()) {
      return ReportFailure(written);
    }
    Progress(flags.quiet, fmt::format("{} differences written to {}", report->differences.size(),
                                      flags.csv_path));
  }
  fmt::print("{}", flags.format == "json"  ? CompareJson(report.value())
                   : flags.format == "csv" ? CompareCsv(report.value())
                                           : CompareTextReport(report.value()));
  return kSuccess;
}

}  // namespace

void RegisterCompareCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<CompareFlags>();
  CLI::App* command = app.add_subcommand(
      "compare",
      "Differences between two plan folders of one model: production, final use, targets, "
      "investment, fulfilment and prices, largest first");
  command->add_option("MODEL", flags->model_folder, "model folder both plans were made from")
      ->required()
      ->check(CLI::ExistingDirectory);
  command->add_option("PLAN_A", flags->plan_a, "the first plan folder")->required();
  command->add_option("PLAN_B", flags->plan_b, "the second plan folder (differences are B − A)")
      ->required();
  command
      ->add_option("--format", flags->format,
                   "text, json (the document gosplan.compare/1) or csv (every difference)")
      ->capture_default_str();
  command->add_option("--csv", flags->csv_path, "also write every difference to this CSV file");
  command
      ->add_option("--tolerance", flags->tolerance,
                   "two values are equal within tolerance·max(1, |a|, |b|)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  AddQuietAndProgressFlags(command, &flags->quiet);
  command->callback([flags, &exit_code] { exit_code = RunCompare(*flags); });
}

}  // namespace gosplan::cli
