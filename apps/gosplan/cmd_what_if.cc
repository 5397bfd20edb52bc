// `gosplan plan MODEL --what-if EDITS.csv`: the base plan solved once and kept warm
// (PlanningSession), then each scenario of EDITS.csv applied to it and re-solved from the last
// basis. Stdout: the comparison table (text, json or csv), the same bytes for the same input;
// seconds go to stderr and --timings FILE only.
#include "cmd_what_if.h"

#include <fmt/format.h>

#include <ctime>

#include "cli_output.h"
#include "commands.h"
#include "gosplan/planning_session.h"
#include "plan_flags.h"
#include "util/atomic_output.h"

namespace gosplan::cli {
namespace {

// CPU seconds of this process (every thread), for the stderr lines: on a loaded machine the fair
// figure beside the wall seconds.
double CpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

}  // namespace

int RunWhatIf(const Model& model, const PlanOptions& options, const WhatIfRun& run) {
  // Every line of the file is checked before anything is solved or written.
  auto scenarios = ReadWhatIfFile(model, run.edits_path);
  if (!scenarios.ok()) return ReportFailure(scenarios.status(), {.where = run.edits_path});
  auto started = PlanningSession::Start(model, options);
  if (!started.ok()) return ReportFailure(started.status());
  PlanningSession& session = *started.value();
  const Plan& base = session.base_plan();
  Progress(run.quiet,
           fmt::format("base plan: {}, solve {:.3f} s ({} iterations: {})", ToString(base.status),
                       base.solve_seconds, base.iterations, base.solver));
  if (!HasPlan(base.status)) {
    // Nothing to compare with: the base plan's verdict, explained, as `gosplan plan` gives it.
    fmt::print("{}", PlanTextReport(model, base));
    return PlanExitCode(base.status);
  }
  std::vector<WhatIfResult> results;
  for (const WhatIfScenario& scenario : scenarios.value()) {
    if (Status reset = session.Reset(); !reset.ok()) return ReportFailure(reset);
    for (const PlanEdit& edit : scenario.edits) {
      if (Status applied = session.Apply(edit); !applied.ok()) return ReportFailure(applied);
    }
    const double cpu_before = CpuSeconds();
    auto solved = session.Solve();
    const double cpu = CpuSeconds() - cpu_before;
    if (!solved.ok()) return ReportFailure(solved.status());
    WhatIfResult result;
    result.name = scenario.name;
    result.line = scenario.line;
    result.edits = scenario.edits.size();
    result.plan = std::move(solved.value());
    CompareWithBase(model, base, result);
    Progress(
        run.quiet,
        fmt::format("scenario {}: {}, solve {:.3f} s, extract {:.3f} s, CPU {:.3f} s ({} "
                    "iterations: {})",
                    result.name, ToString(result.plan.status), result.plan.solve_seconds,
                    result.plan.extract_seconds, cpu, result.plan.iterations, result.plan.solver));
    results.push_back(std::move(result));
  }
  if (!run.timings_path.empty()) {
    if (Status written =
            util::WriteFileAtomically(run.timings_path, WhatIfCsv(model, base, results, true));
        !written.ok()) {
      return ReportFailure(written);
    }
  }
  if (!run.out_folder.empty()) {
    auto staged = util::StagedFolder::Create(run.out_folder, run.force);
    if (!staged.ok()) return ReportFailure(staged.status());
    Status written =
        staged.value()->WriteFile("what_if.csv", WhatIfCsv(model, base, results, false));
    if (written.ok()) written = staged.value()->Commit();
    if (!written.ok()) return ReportFailure(written);
    Progress(run.quiet,
             fmt::format("wrote the comparison of {} scenario{} to {}/what_if.csv", results.size(),
                         results.size() == 1 ? "" : "s", run.out_folder));
  }
  if (run.format == "json") {
    fmt::print("{}", WhatIfJson(model, base, results));
  } else if (run.format == "csv") {
    fmt::print("{}", WhatIfCsv(model, base, results, false));
  } else {
    fmt::print("{}", WhatIfText(model, base, results));
  }
  return kSuccess;
}

}  // namespace gosplan::cli
