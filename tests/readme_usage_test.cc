// README.md's usage runs as written.
//
// The test reads README.md from the source tree (GOSPLAN_SOURCE_DIR), takes the first ```sh block
// after the `## Usage` heading and runs its commands in order, each with bash, in a scratch folder
// that looks like a fresh clone after the build: `examples` and `tests` are symlinks to the source
// tree's folders and `build/gosplan` is a symlink to the CLI just built (GOSPLAN_CLI_PATH), so each
// command runs exactly as the README writes it, reading only the repository's files and what
// earlier commands wrote (commands never write into `examples/` or `tests/`: their outputs are
// relative paths in the scratch folder).
//
// Conventions of the block, which README.md follows and this test relies on:
// - one command per line (no backslash continuations); lines that start with `#` are comments and
//   blank lines are skipped;
// - a command exits with status 0 unless the line ends with a comment `# exit N`, the status the
//   README promises for it (e.g. `build/gosplan check examples/ussr-1928  # exit 4`: the model's
//   own quotas cannot all hold, docs/check.md).
// The one substitution: `--products 1000000` (the 10^6-product Matrix Market instance, 555 MB on
// disk) runs as `--products 2000`, so the suite stays fast; the command is otherwise as written.
// A failing command's stderr is in the failure message.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace gosplan::testing {
namespace {

struct UsageCommand {
  std::string line;  // as written in README.md
  int expected_exit = 0;
};

// The commands of the first ```sh block after "## Usage" (empty if there is none).
std::vector<UsageCommand> UsageCommands(const std::string& readme) {
  std::vector<UsageCommand> commands;
  std::istringstream lines(readme);
  std::string line;
  bool in_usage = false;
  bool in_block = false;
  const std::regex exit_comment(R"(#\s*exit\s+([0-9]+)\s*$)");
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!in_usage) {
      in_usage = line == "## Usage";
      continue;
    }
    if (!in_block) {
      if (line.rfind("## ", 0) == 0) break;  // the next section: no block under Usage
      in_block = line == "```sh";
      continue;
    }
    if (line.rfind("```", 0) == 0) break;  // end of the block
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    UsageCommand command;
    command.line = line;
    std::smatch match;
    if (std::regex_search(line, match, exit_comment)) {
      command.expected_exit = std::stoi(match[1].str());
    }
    commands.push_back(command);
  }
  return commands;
}

// The README's command with the large-instance substitution described at the top of this file.
std::string AsRun(const std::string& line) {
  return std::regex_replace(line, std::regex(R"(--products 1000000\b)"), "--products 2000");
}

TEST(ReadmeUsage, ExtractsCommandsAndExpectedExitStatuses) {
  // A hand-written README fragment: the parser must find exactly these two commands with their
  // statuses, and ignore the block of the set-up section before "## Usage" and the block after.
  const std::string readme =
      "# x\n\n## Set up\n\n```sh\nscripts/demo.sh\n```\n\n## Usage\n\ntext\n\n```sh\n"
      "# a comment\n\nbuild/gosplan help\nbuild/gosplan check examples/ussr-1928  # exit 4\n"
      "```\n\n```sh\nbuild/gosplan not-this\n```\n";
  const std::vector<UsageCommand> commands = UsageCommands(readme);
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands[0].line, "build/gosplan help");
  EXPECT_EQ(commands[0].expected_exit, 0);
  EXPECT_EQ(commands[1].line, "build/gosplan check examples/ussr-1928  # exit 4");
  EXPECT_EQ(commands[1].expected_exit, 4);
  EXPECT_EQ(AsRun("gosplan generate --products 1000000 --out big"),
            "gosplan generate --products 2000 --out big");
  EXPECT_EQ(AsRun("gosplan generate --products 10000000"), "gosplan generate --products 10000000");
}

TEST(ReadmeUsage, EveryCommandRunsInOrderWithItsExitStatus) {
  const std::string readme = ReadFile(SourcePath("README.md"));
  const std::vector<UsageCommand> commands = UsageCommands(readme);
  // The block has help, io, generate, model, plan, verify, check, growth and lp commands: far more
  // than 10; fewer means the block was not found or was cut.
  ASSERT_GE(commands.size(), 10u) << "no ```sh block of commands under '## Usage' in README.md";

  ScratchFolder scratch;
  namespace fs = std::filesystem;
  const fs::path root(scratch.path());
  fs::create_directory_symlink(SourcePath("examples"), root / "examples");
  fs::create_directory_symlink(SourcePath("tests"), root / "tests");
  fs::create_directories(root / "build");
  fs::create_symlink(GOSPLAN_CLI_PATH, root / "build" / "gosplan");

  for (std::size_t i = 0; i < commands.size(); ++i) {
    const UsageCommand& command = commands[i];
    const fs::path script = root / ".readme-command.sh";
    {
      std::ofstream out(script);
      out << AsRun(command.line) << "\n";
    }
    const fs::path output = root / ".readme-command.out";
    const fs::path errors = root / ".readme-command.err";
    const std::string shell = "cd '" + root.string() + "' && bash '" + script.string() + "' >'" +
                              output.string() + "' 2>'" + errors.string() + "' </dev/null";
    const int status = std::system(shell.c_str());
    const int exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    EXPECT_EQ(exit_code, command.expected_exit)
        << "README.md usage command " << (i + 1) << ": " << command.line << "\n--- stderr:\n"
        << ReadFile(errors.string());
    if (exit_code != command.expected_exit) break;  // later commands may need this one's output
  }
}

}  // namespace
}  // namespace gosplan::testing
