// gosplan: computes feasible, optimal, explainable multi-year plans.
// This program only parses flags, calls the library and turns its results into text and exit codes.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "command_line_help.h"
#include "commands.h"
#include "gosplan/version.h"

int main(int argc, char** argv) {
  CLI::App app{
      "gosplan: feasible, optimal, explainable economic plans from an economy's technology, "
      "capital,\n"
      "resources and goals."};
  app.name("gosplan");
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("gosplan ") + gosplan::kVersion);
  // Every option's default shows in --help (the value a user gets by leaving it out).
  app.option_defaults()->always_capture_default(true);
  app.footer("Run 'gosplan help COMMAND' (or 'gosplan COMMAND --help') for a command's options.");
  int exit_code = gosplan::cli::kSuccess;
  gosplan::cli::RegisterIoCommand(app, exit_code);
  gosplan::cli::RegisterModelCommand(app, exit_code);
  gosplan::cli::RegisterPlanCommand(app, exit_code);
  gosplan::cli::RegisterVerifyCommand(app, exit_code);
  gosplan::cli::RegisterLpCommand(app, exit_code);
  gosplan::cli::RegisterGenerateCommand(app, exit_code);
  gosplan::cli::RegisterImportCommand(app, exit_code);
  gosplan::cli::RegisterCheckCommand(app, exit_code);
  gosplan::cli::RegisterGrowthCommand(app, exit_code);
  gosplan::cli::RegisterTrackCommand(app, exit_code);
  gosplan::cli::RegisterCompareCommand(app, exit_code);
  gosplan::cli::RegisterHistoryCommand(app, exit_code);
  gosplan::cli::RegisterExplainCommand(app, exit_code);
  gosplan::cli::RegisterReplanCommand(app, exit_code);
  gosplan::cli::RegisterReportCommand(app, exit_code);
  gosplan::cli::RegisterPartitionCommand(app, exit_code);

  const std::vector<std::string> arguments(argv + 1, argv + argc);
  // `gosplan`, `gosplan help [COMMAND...]`, unknown commands and flags (with the nearest name):
  // answered before CLI11 parses, whose own messages for these cases mislead (an unknown command
  // reads as a missing one; a misspelt flag's value as a positional argument).
  if (auto answered = gosplan::cli::AnswerHelpOrMisspelling(app, arguments)) return *answered;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version are "errors" with exit code 0 in CLI11: print as CLI11 does.
    if (error.get_exit_code() == 0) return app.exit(error);
    // Every real parse error is bad input, said in the form of input errors: what is wrong, then
    // what was expected (the command's own help).
    std::fprintf(stderr, "gosplan: %s (expected %s)\n", error.what(),
                 gosplan::cli::HelpHint(app, arguments).c_str());
    return gosplan::cli::kBadInput;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "gosplan: out of memory\n");
    return gosplan::cli::kInternalFailure;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "gosplan: internal error: %s\n", error.what());
    return gosplan::cli::kInternalFailure;
  }
  return exit_code;
}
