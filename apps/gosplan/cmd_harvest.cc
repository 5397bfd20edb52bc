// The harvest-scenario branch of `gosplan plan` (cmd_harvest.h; docs/planning-model.md,
// "Uncertain harvests").
#include "cmd_harvest.h"

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_output.h"
#include "plan_flags.h"

namespace gosplan::cli {
namespace {

Status WriteTimings(const std::string& path, double build, double solve) {
  if (path.empty()) return Status::Ok();
  const nlohmann::ordered_json timings = {{"build_seconds", build}, {"solve_seconds", solve}};
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream << timings.dump(2) << "\n";
  stream.close();
  if (!stream) return Status::Internal("cannot write the timings to " + path);
  return Status::Ok();
}

// --expected-value: the ordinary plan (folder, reports and exit codes of `gosplan plan`) on
// Σ_s p_s·φ_s.
int RunExpectedValue(const Model& model, const HarvestScenarios& scenarios,
                     const PlanOptions& options, const HarvestRun& run) {
  Progress(run.quiet, fmt::format("planning on the expected yields of {} harvest scenarios",
                                  scenarios.scenarios.size()));
  auto plan = SolvePlanWithYields(model, options, scenarios.ExpectedYields());
  if (!plan.ok()) return ReportFailure(plan.status());
  const Plan& result = plan.value();
  Progress(run.quiet, fmt::format("timings: build {:.3f} s, solve {:.3f} s", result.build_seconds,
                                  result.solve_seconds));
  if (Status written = WriteTimings(run.timings_path, result.build_seconds, result.solve_seconds);
      !written.ok())
    return ReportFailure(written);
  if (!run.out_folder.empty()) {
    if (Status written = WritePlanFolder(model, result, run.out_folder, run.force); !written.ok())
      return ReportFailure(written);
    Progress(run.quiet, fmt::format("wrote the {} expected-value plan to {}",
                                    ToString(result.status), run.out_folder));
  }
  if (run.format == "json") {
    fmt::print("{}", PlanJson(model, result));
  } else if (run.format == "csv") {
    fmt::print("{}", PlanCsv(model, result));
  } else {
    fmt::print("{}", PlanTextReport(model, result));
  }
  return PlanExitCode(result.status);
}

}  // namespace

int RunHarvestPlan(const Model& model, const HarvestScenarios& scenarios,
                   const PlanOptions& options, const HarvestRun& run) {
  if (!run.expected_value && run.format == "csv") {
    std::fprintf(stderr,
                 "gosplan: --format csv is not available for the two-stage harvest plan (text or "
                 "json; its folder holds harvests.csv and reserves.csv); nothing was written\n");
    return kBadInput;
  }
  if (!run.mps_path.empty()) {
    // The LP that is solved: the deterministic equivalent, or with --expected-value the plan LP
    // on the mean yields (as one scenario of probability 1).
    const HarvestScenarios mean{{{"expected-value", 1.0}}, {scenarios.ExpectedYields()}, {}};
    auto lp = BuildHarvestLinearProgram(model, run.expected_value ? mean : scenarios, options,
                                        run.first_stage_years);
    if (!lp.ok()) return ReportFailure(lp.status());
    if (Status written = WriteMps(lp.value(), run.mps_path); !written.ok())
      return ReportFailure(written);
    Progress(run.quiet, "wrote the plan LP to " + run.mps_path);
  }
  if (run.expected_value) return RunExpectedValue(model, scenarios, options, run);

  Reporter().StartPhase("solve");
  auto plan = SolveHarvestPlan(model, scenarios, options, run.first_stage_years);
  if (!plan.ok()) return ReportFailure(plan.status());
  const HarvestPlan& result = plan.value();
  Progress(run.quiet,
           fmt::format("deterministic equivalent: {} rows, {} columns, {} non-zeros; solved in "
                       "{:.3f} s ({} iterations)",
                       result.lp_rows, result.lp_columns, result.lp_nonzeros, result.solve_seconds,
                       result.iterations));
  if (Status written = WriteTimings(run.timings_path, 0.0, result.solve_seconds); !written.ok())
    return ReportFailure(written);
  if (!run.out_folder.empty()) {
    Reporter().StartPhase("write", run.out_folder);
    if (Status written = WriteHarvestPlanFolder(model, result, run.out_folder, run.force);
        !written.ok())
      return ReportFailure(written);
    Progress(run.quiet, fmt::format("wrote the {} two-stage plan to {}", ToString(result.status),
                                    run.out_folder));
  }
  if (run.format == "json") {
    fmt::print("{}", HarvestJson(model, result));
  } else {
    fmt::print("{}", HarvestTextReport(model, result));
  }
  return PlanExitCode(result.status);
}

}  // namespace gosplan::cli
