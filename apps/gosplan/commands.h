// The `gosplan` command line: one file per subcommand, each registering itself on the CLI11 app.
// Subcommands set the process exit code through the shared `exit_code` (see ExitCode).
#pragma once

#include <CLI/CLI.hpp>

namespace gosplan::cli {

// Exit statuses shared by every subcommand.
enum ExitCode : int {
  kSuccess = 0,
  kInternalFailure = 1,    // a bug or an unwritable output
  kBadInput = 2,           // the user's files or flags are wrong; nothing was written
  kNoPlan = 3,             // the plan is infeasible or unbounded (a result, explained)
  kQuotasUnreachable = 4,  // `check`: the quotas cannot all hold (a verdict)
  kSolverLimit = 5,        // a solve stopped at its time or iteration limit: no proven answer
  kVerificationFailed =
      6,  // `verify`: the plan breaks a constraint or its prices do not prove it optimal
  kInterrupted = 130,  // Ctrl-C (SIGINT) stopped a solve; nothing was written (128 + SIGINT)
};

void RegisterIoCommand(CLI::App& app, int& exit_code);
void RegisterModelCommand(CLI::App& app, int& exit_code);
void RegisterPlanCommand(CLI::App& app, int& exit_code);
void RegisterVerifyCommand(CLI::App& app, int& exit_code);
void RegisterLpCommand(CLI::App& app, int& exit_code);
void RegisterGenerateCommand(CLI::App& app, int& exit_code);
void RegisterImportCommand(CLI::App& app, int& exit_code);
void RegisterCheckCommand(CLI::App& app, int& exit_code);
void RegisterGrowthCommand(CLI::App& app, int& exit_code);
void RegisterTrackCommand(CLI::App& app, int& exit_code);
void RegisterCompareCommand(CLI::App& app, int& exit_code);
void RegisterHistoryCommand(CLI::App& app, int& exit_code);
void RegisterExplainCommand(CLI::App& app, int& exit_code);
void RegisterReplanCommand(CLI::App& app, int& exit_code);
void RegisterReportCommand(CLI::App& app, int& exit_code);
void RegisterPartitionCommand(CLI::App& app, int& exit_code);

}  // namespace gosplan::cli
