// Help and misspellings on the command line: `gosplan` alone and `gosplan help [COMMAND...]` print
// usage; an unknown command or flag is named with the nearest known one ("did you mean 'plan'?").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"

namespace gosplan::cli {

// Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent swaps), the
// measure behind "did you mean": 'plna' is 1 from 'plan', '--horizn' 1 from '--horizon'.
std::size_t EditDistance(std::string_view a, std::string_view b);

// The candidate nearest to `typed` when it is near enough to be a slip (distance ≤ max(2,
// |typed|/3)), else empty; ties go to the first candidate.
std::string NearestName(std::string_view typed, const std::vector<std::string>& candidates);

// A man page (roff, section 1) of every command and option, generated from the same CLI11
// definitions that parse the command line (so it cannot drift from --help).
std::string ManPage(const CLI::App& app);

// A bash completion script: commands at each level, each command's options, file names elsewhere.
std::string BashCompletion(const CLI::App& app);

// "what `gosplan help plan` lists" for the command the arguments name (the deepest one), for the
// "(expected …)" part of an argument error.
std::string HelpHint(CLI::App& app, const std::vector<std::string>& arguments);

// Handles, before CLI11 parses `arguments` (argv without the program name):
// - `help --man`, `help --bash-completion`: ManPage / BashCompletion on stdout, exit 0;
// - no arguments, or `help`: the usage of gosplan on stdout, exit 0;
// - `help COMMAND [SUBCOMMAND]`: that command's usage on stdout, exit 0;
// - an unknown COMMAND: "unknown command 'plna' — did you mean 'plan'?" on stderr, exit 2;
// - an unknown --flag: "unknown option '--horizn' for 'gosplan plan' — did you mean '--horizon'?"
//   on stderr, exit 2.
// Returns the exit code when it answered, nullopt when CLI11 should parse as usual.
std::optional<int> AnswerHelpOrMisspelling(CLI::App& app,
                                           const std::vector<std::string>& arguments);

}  // namespace gosplan::cli
