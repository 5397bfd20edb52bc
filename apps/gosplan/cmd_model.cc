// PLACEHOLDER: replaced by the real subcommand in this session.
#include "commands.h"
namespace gosplan::cli {
void RegisterModelCommand(CLI::App& app, int& exit_code) {}
}  // namespace gosplan::cli
