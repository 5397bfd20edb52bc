// `gosplan verify MODEL PLAN [--format text|json|csv]`: certifies a plan folder independently
// of the LP that made it.
#include <fmt/format.h>

#include <memory>

#include "cli_output.h"
#include "gosplan/verify.h"

namespace gosplan::cli {
namespace {

struct VerifyFlags {
  std::string model_folder;
  std::string plan_folder;
  std::string format = "text";
  double tolerance = 1e-6;
  bool quiet = false;
  bool verbose = false;  // every group of checks on stderr
};

// verify writes nothing, so its bad-input message says what did not happen: the plan was not
// verified.
int ReportVerifyFailure(const Status& status) {
  FailureWording wording;
  wording.consequence = "the plan was not verified";
  return ReportFailure(status, wording);
}

int RunVerify(const VerifyFlags& flags) {
  if (flags.format != "text" && flags.format != "json" && flags.format != "csv") {
    return ReportVerifyFailure(Status::InvalidInput(
        "--format", 0, 0, "unknown format '" + flags.format + "'", "text, json or csv"));
  }
  VerifyOptions options;
  options.tolerance = flags.tolerance;
  Progress(flags.quiet, "verifying " + flags.plan_folder + " against " + flags.model_folder);
  auto verified = VerifyPlan(flags.model_folder, flags.plan_folder, options);
  if (!verified.ok()) return ReportVerifyFailure(verified.status());
  const VerifyReport& report = verified.value();
  if (flags.verbose) {
    for (const VerifyReport::Group& group : report.groups) {
      std::fprintf(stderr,
                   "gosplan: %-22s %8lld checks, %lld failed, largest relative excess %.3g\n",
                   (group.name + ":").c_str(), static_cast<long long>(group.checks),
                   static_cast<long long>(group.violations), group.max_violation);
    }
  }
  fmt::print("{}", flags.format == "json"  ? VerifyJson(report)
                   : flags.format == "csv" ? VerifyCsv(report)
                                           : VerifyTextReport(report));
  if (!report.has_solution) return kNoPlan;
  return report.violation_count > 0 ? kVerificationFailed : kSuccess;
}

}  // namespace

void RegisterVerifyCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<VerifyFlags>();
  CLI::App* command = app.add_subcommand(
      "verify",
      "Check a plan folder against its model independently of the solver: balances, capacities, "
      "floors, objective and duality gap");
  command->add_option("MODEL", flags->model_folder, "model folder (model.toml + tables)")
      ->required()
      ->check(CLI::ExistingDirectory);
  command->add_option("PLAN", flags->plan_folder, "plan folder written by `gosplan plan --out`")
      ->required();
  command
      ->add_option("--tolerance", flags->tolerance,
                   "relative tolerance against the magnitude of each row's terms (plus 1e-9 "
                   "absolute)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  command
      ->add_option("--format", flags->format,
                   "text, json (the document gosplan.verify/1) or csv (one row per violation)")
      ->capture_default_str();
  CLI::Option* quiet = AddQuietAndProgressFlags(command, &flags->quiet);
  command
      ->add_flag("--verbose,-v", flags->verbose,
                 "each group of checks on stderr: rows checked, failed, largest relative excess")
      ->excludes(quiet);
  command->callback([flags, &exit_code] { exit_code = RunVerify(*flags); });
}

}  // namespace gosplan::cli
