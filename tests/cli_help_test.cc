// The command line meets its users: `gosplan` alone and `gosplan help [COMMAND]` print usage (exit
// 0); a misspelt command or flag is named with the nearest known one and exits 2 (bad input) before
// any work. The expected suggestions are one edit away by construction ('plna' swaps two letters of
// 'plan').
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "test_support.h"

namespace gosplan {
namespace {

using testing::RunCli;

TEST(CliHelp, BareProgramAndHelpPrintUsage) {
  for (const std::string arguments : {"", "help"}) {
    const auto result = RunCli(arguments);
    EXPECT_EQ(result.exit_code, 0) << arguments;
    EXPECT_NE(result.output.find("Usage: gosplan"), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("plan"), std::string::npos) << result.output;
  }
}

TEST(CliHelp, HelpCommandPrintsThatCommandsOptionsWithDefaults) {
  const auto plan = RunCli("help plan");
  EXPECT_EQ(plan.exit_code, 0);
  EXPECT_NE(plan.output.find("--horizon"), std::string::npos) << plan.output;
  // Defaults are shown: the plan's PDLP tolerance defaults to 1e-4 (include/gosplan/pdlp.h).
  EXPECT_NE(plan.output.find("0.0001"), std::string::npos) << plan.output;
  const auto nested = RunCli("help model check");
  EXPECT_EQ(nested.exit_code, 0);
  EXPECT_NE(nested.output.find("MODEL"), std::string::npos) << nested.output;
}

TEST(CliHelp, UnknownCommandSuggestsTheNearest) {
  const auto result = RunCli("plna examples/two-sector");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.errors.find("unknown command 'plna' — did you mean 'plan'?"), std::string::npos)
      << result.errors;
  const auto nested = RunCli("model chek examples/two-sector");
  EXPECT_EQ(nested.exit_code, 2);
  EXPECT_NE(nested.errors.find("did you mean 'check'?"), std::string::npos) << nested.errors;
  const auto help = RunCli("help groth");
  EXPECT_EQ(help.exit_code, 2);
  EXPECT_NE(help.errors.find("did you mean 'growth'?"), std::string::npos) << help.errors;
}

TEST(CliHelp, UnknownFlagSuggestsTheNearestAndDoesNoWork) {
  const std::string model = testing::SourcePath("examples/two-sector");
  const auto result = RunCli("plan --horizn 3 '" + model + "'");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.errors.find(
                "unknown option '--horizn' for 'gosplan plan' — did you mean '--horizon'?"),
            std::string::npos)
      << result.errors;
  EXPECT_EQ(result.errors.find("loading"), std::string::npos)
      << "no work before the flag is refused";
  // Far from every flag: named, no suggestion.
  const auto far = RunCli("plan --zzzzzzzzzz '" + model + "'");
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_NE(far.errors.find("unknown option '--zzzzzzzzzz'"), std::string::npos) << far.errors;
  EXPECT_EQ(far.errors.find("did you mean"), std::string::npos) << far.errors;
}

// An argument error reads like an input error: what is wrong, then what was expected.
TEST(CliHelp, ArgumentErrorsSayWhatWasExpected) {
  const auto range =
      RunCli("plan --horizon 2000 '" + testing::SourcePath("examples/two-sector") + "'");
  EXPECT_EQ(range.exit_code, 2);
  EXPECT_NE(
      range.errors.find("gosplan: --horizon: Value 2000 not in range 0 to 1000 (expected what "
                        "`gosplan help plan` lists)"),
      std::string::npos)
      << range.errors;
  const auto missing = RunCli("model check");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(
      missing.errors.find("MODEL is required (expected what `gosplan help model check` lists)"),
      std::string::npos)
      << missing.errors;
}

// The man page and the completion come from the same option definitions as --help: every command
// and a known flag appear, and bash accepts the script and completes a command and a flag from it.
TEST(CliHelp, ManPageAndBashCompletionAreGeneratedFromTheOptions) {
  const auto man = RunCli("help --man");
  EXPECT_EQ(man.exit_code, 0);
  EXPECT_EQ(man.output.rfind(".TH GOSPLAN 1", 0), 0u) << man.output.substr(0, 80);
  for (const char* command :
       {"gosplan plan", "gosplan model check", "gosplan io", "gosplan check"}) {
    EXPECT_NE(man.output.find(".SS \"" + std::string(command) + "\""), std::string::npos)
        << command;
  }
  EXPECT_NE(man.output.find("\\-\\-horizon"), std::string::npos);  // roff-escaped --horizon

  testing::ScratchFolder scratch;
  const auto completion = RunCli("help --bash-completion");
  ASSERT_EQ(completion.exit_code, 0);
  const std::string script = scratch.Write("gosplan.bash", completion.output);
  const std::string probe = scratch.Write(
      "probe.sh",
      "source '" + script +
          "'\nCOMP_WORDS=(gosplan pl); COMP_CWORD=1; _gosplan; echo \"${COMPREPLY[*]}\"\n"
          "COMP_WORDS=(gosplan model check --max-d); COMP_CWORD=3; _gosplan; "
          "echo \"${COMPREPLY[*]}\"\n");
  const std::string out_path = scratch.path() + "/out.txt";
  ASSERT_EQ(std::system(("bash '" + probe + "' > '" + out_path + "'").c_str()), 0);
  std::ifstream in(out_path);
  std::string first, second;
  std::getline(in, first);
  std::getline(in, second);
  EXPECT_EQ(first, "plan");
  EXPECT_EQ(second, "--max-diagnostics");
}

}  // namespace
}  // namespace gosplan
