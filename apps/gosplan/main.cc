// gosplan: computes feasible, optimal, explainable multi-year economic plans.
// This program only parses flags, calls the library and turns its results into text and exit codes.
#include <cstdio>
#include <exception>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "gosplan: feasible, optimal, explainable economic plans from an economy's technology, capital,\n"
      "resources and goals."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "gosplan 0.1.0");
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
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int status = app.exit(error);
    // CLI11 returns 0 for --help/--version; every real parse error is bad input.
    return status == 0 ? 0 : gosplan::cli::kBadInput;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "gosplan: out of memory\n");
    return gosplan::cli::kInternalFailure;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "gosplan: internal error: %s\n", error.what());
    return gosplan::cli::kInternalFailure;
  }
  return exit_code;
}
