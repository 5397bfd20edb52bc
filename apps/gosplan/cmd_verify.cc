// `gosplan verify MODEL_DIR PLAN_DIR`: certifies a plan folder independently of the LP that made it.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "cli_output.h"
#include "gosplan/verify.h"

namespace gosplan::cli {
namespace {

struct VerifyFlags {
  std::string model_folder;
  std::string plan_folder;
  double tolerance = 1e-6;
  bool quiet = false;
};

// verify writes nothing, so its bad-input message says what did not happen: the plan was not verified.
int ReportVerifyFailure(const Status& status) {
  FailureWording wording;
  wording.consequence = "the plan was not verified";
  return ReportFailure(status, wording);
}

// "at tolerance 1e-06", or for an approximate plan the tolerance it states ("within"/"at" it).
std::string ToleranceWords(const VerifyReport& report, const char* preposition) {
  if (!report.approximate) return fmt::format("at tolerance {:g}", report.tolerance);
  if (report.tolerance > report.stated_tolerance) {
    return fmt::format("at tolerance {:g} (looser than the stated tolerance {:g} of this approximate plan)",
                       report.tolerance, report.stated_tolerance);
  }
  return fmt::format("{} the stated tolerance {:g} of an approximate plan", preposition, report.tolerance);
}

int RunVerify(const VerifyFlags& flags) {
  VerifyOptions options;
  options.tolerance = flags.tolerance;
  Progress(flags.quiet, "verifying " + flags.plan_folder + " against " + flags.model_folder);
  auto verified = VerifyPlan(flags.model_folder, flags.plan_folder, options);
  if (!verified.ok()) return ReportVerifyFailure(verified.status());
  const VerifyReport& report = verified.value();
  if (!report.has_solution) {
    fmt::print("not verified: the plan's status is '{}'; the folder holds no plan to check\n", report.plan_status);
    return kNoPlan;
  }
  for (const std::string& note : report.notes) fmt::print("note: {}\n", note);
  for (const Violation& violation : report.violations) fmt::print("{}\n", violation.message);
  const std::string gap =
      report.duality_checked
          ? fmt::format("duality gap {:.3g} (primal {:.10g}, dual {:.10g})", report.duality_gap,
                        report.primal_objective, report.dual_objective)
          : std::string("duality gap not checked (no prices.csv)");
  if (report.violation_count > 0) {
    const auto listed = static_cast<std::int64_t>(report.violations.size());
    fmt::print("NOT verified: {} of {} checks failed {}{}, max violation {:.3g}, {}\n", report.violation_count,
               report.checks, ToleranceWords(report, "at"),
               listed < report.violation_count ? fmt::format(" ({} listed)", listed) : std::string(),
               report.max_violation, gap);
    return kVerificationFailed;
  }
  if (report.approximate) {
    fmt::print("verified: holds {}: {} checks, max violation {:.3g}, {}\n", ToleranceWords(report, "within"),
               report.checks, report.max_violation, gap);
    return kSuccess;
  }
  // Say the tolerance: "verified" means nothing without it (a loose --tolerance passes more).
  fmt::print("verified: {} checks {}, max violation {:.3g}, {}\n", report.checks, ToleranceWords(report, "at"),
             report.max_violation, gap);
  return kSuccess;
}

}  // namespace

void RegisterVerifyCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<VerifyFlags>();
  CLI::App* command = app.add_subcommand(
      "verify", "Check a plan folder against its model independently of the solver: balances, capacities, "
                "floors, objective and duality gap");
  command->add_option("model", flags->model_folder, "model folder (model.toml + tables)")
      ->required()
      ->check(CLI::ExistingDirectory);
  command->add_option("plan", flags->plan_folder, "plan folder written by `gosplan plan --out`")->required();
  command->add_option("--tolerance", flags->tolerance,
                      "relative tolerance against the magnitude of each row's terms (plus 1e-9 absolute)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  command->add_flag("--quiet,-q", flags->quiet, "no progress messages on stderr");
  command->callback([flags, &exit_code] { exit_code = RunVerify(*flags); });
}

}  // namespace gosplan::cli
