// Progress, logs and Ctrl-C on the command line (apps/gosplan/progress_reporter.h) and the
// library's cancel hooks (LpSolveOptions/PdlpOptions::should_stop, Status kCancelled).
//
// The redrawn line is tested under a pseudo-terminal: util-linux `script -qfec CMD /dev/null` runs
// CMD with its stdin, stdout and stderr on a new pty and copies what it writes to our stdout. The
// Ctrl-C test starts the CLI in the background on a plan that takes tens of seconds (a generated
// 1,000-product economy: its CLP solve took 26 s on a quiet machine, docs/benchmarks.md), sends
// SIGINT once the CLI says it is solving, and checks the exit status (130), the line and that no
// plan folder exists.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gosplan/linear_program.h"
#include "gosplan/pdlp.h"
#include "gosplan/status.h"
#include "json_doc_check.h"
#include "lp_catalogue.h"
#include "test_support.h"

namespace gosplan::testing {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

int Shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool HaveScript() { return Shell("command -v script >/dev/null 2>&1") == 0; }

// A generated economy of `products` products, 5 years (seed 1), written once per test.
std::string Generate(const ScratchFolder& scratch, int products) {
  const std::string folder = scratch.path() + "/model";
  const CommandResult generated =
      RunCli("generate --products " + std::to_string(products) +
             " --inputs-per-product 8 --years 5 --seed 1 -q --out '" + folder + "'");
  EXPECT_EQ(generated.exit_code, 0) << generated.errors;
  return folder;
}

// ---- the library's cancel hooks --------------------------------------------------------------

// The hook already says stop: no solve, Status kCancelled naming the solver (never a solution).
TEST(CancelHook, ClpSolveStoppedBeforeItStartsIsCancelled) {
  const LinearProgram lp = LpCatalogue().front().lp;
  LpSolveOptions options;
  options.should_stop = [] { return true; };
  const auto solved = SolveWithClp(lp, options);
  ASSERT_FALSE(solved.ok());
  EXPECT_EQ(solved.status().code(), StatusCode::kCancelled);
  EXPECT_NE(solved.status().message().find("the CLP solve"), std::string::npos)
      << solved.status().message();
}

TEST(CancelHook, PdlpSolveStoppedIsCancelled) {
  const LinearProgram lp = LpCatalogue().front().lp;
  PdlpOptions options;
  options.should_stop = [] { return true; };
  const auto solved = SolveWithPdlp(lp, options);
  ASSERT_FALSE(solved.ok());
  EXPECT_EQ(solved.status().code(), StatusCode::kCancelled);
  EXPECT_NE(solved.status().message().find("the PDLP solve"), std::string::npos)
      << solved.status().message();
}

// A hook that never says stop changes nothing: the same optimum as without it (the catalogue's
// optimum, from its hand derivation in lp_catalogue.h).
TEST(CancelHook, HookThatNeverStopsLeavesTheSolveAlone) {
  for (const CatalogueLp& known : LpCatalogue()) {
    if (known.status != LpStatus::kOptimal) continue;
    LpSolveOptions options;
    std::atomic<long> polls{0};
    options.should_stop = [&polls] {
      ++polls;
      return false;
    };
    std::vector<LpProgress> reports;
    options.progress = [&reports](const LpProgress& progress) { reports.push_back(progress); };
    options.progress_seconds = 0;  // every iteration
    const auto solved = SolveWithClp(known.lp, options);
    ASSERT_TRUE(solved.ok()) << known.name;
    EXPECT_EQ(solved.value().status, LpStatus::kOptimal) << known.name;
    EXPECT_NEAR(solved.value().objective, known.objective, 1e-9 * (1 + std::abs(known.objective)))
        << known.name;
    EXPECT_GE(polls.load(), 1) << known.name;  // at least the poll before the solve
    for (std::size_t k = 1; k < reports.size(); ++k) {
      EXPECT_GE(reports[k].iteration, reports[k - 1].iteration) << known.name;
    }
  }
}

// The hook turns true after the third poll: the solve stops mid-way (kCancelled) on an LP that
// needs more iterations than that.
TEST(CancelHook, ClpSolveStoppedMidwayIsCancelled) {
  ScratchFolder scratch;
  const std::string model = Generate(scratch, 60);
  const std::string mps = scratch.path() + "/plan.mps";
  const CommandResult written = RunCli("plan '" + model + "' -q --write-mps '" + mps + "'");
  ASSERT_EQ(written.exit_code, 0) << written.errors;
  auto lp = ReadMps(mps);
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  LpSolveOptions plain;
  plain.presolve = false;
  const auto full = SolveWithClp(lp.value(), plain);
  ASSERT_TRUE(full.ok());
  ASSERT_GT(full.value().iterations, 10);
  LpSolveOptions options = plain;
  int polls = 0;
  options.should_stop = [&polls] { return ++polls > 3; };
  const auto stopped = SolveWithClp(lp.value(), options);
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.status().code(), StatusCode::kCancelled);
  // Polled once before the solve and once after each iteration: the fourth poll stopped it, and
  // the hook was not asked again.
  EXPECT_EQ(polls, 4);
  EXPECT_NE(stopped.status().message().find(" iterations and "), std::string::npos)
      << stopped.status().message();
}

// ---- the command line ------------------------------------------------------------------------

// Not a terminal (RunCli writes to files): today's plain lines, no "\r", no escape sequences; and
// neither --progress json nor --log-level nor --log-timestamps changes a byte of stdout.
TEST(ProgressCli, StdoutIsTheSameWhateverTheProgressFlags) {
  const std::string model = "'" + SourcePath("examples/ussr-1928") + "'";
  const CommandResult plain = RunCli("plan " + model);
  ASSERT_EQ(plain.exit_code, 0) << plain.errors;
  EXPECT_EQ(plain.errors.find('\r'), std::string::npos);
  EXPECT_EQ(plain.errors.find('\x1b'), std::string::npos);
  for (const std::string flags :
       {"--progress json", "--log-level debug --log-timestamps", "--log-level error", "-q"}) {
    const CommandResult other = RunCli("plan " + model + " " + flags);
    EXPECT_EQ(other.exit_code, 0) << flags << "\n" << other.errors;
    EXPECT_EQ(other.output, plain.output) << flags;
  }
}

TEST(ProgressCli, LogLevelAndTimestampsShapeTheStderrLines) {
  const std::string model = "'" + SourcePath("examples/ussr-1928") + "'";
  const CommandResult error_only = RunCli("plan " + model + " --log-level error");
  ASSERT_EQ(error_only.exit_code, 0);
  EXPECT_EQ(error_only.errors, "");
  const CommandResult stamped = RunCli("plan " + model + " --log-timestamps");
  ASSERT_EQ(stamped.exit_code, 0);
  const auto lines = Lines(stamped.errors);
  ASSERT_FALSE(lines.empty());
  for (const std::string& line : lines) {
    // 2026-12-02T05:40:01.123Z gosplan: …
    ASSERT_GE(line.size(), 34u) << line;
    EXPECT_EQ(line[4], '-') << line;
    EXPECT_EQ(line[10], 'T') << line;
    EXPECT_EQ(line.substr(23, 11), "Z gosplan: ") << line;
  }
}

// --progress json: besides the plain lines, one JSON object per update, each on its own line, with
// phase and elapsed_s; the phases in order load, build, solve, write; a final "finish" object.
TEST(ProgressCli, JsonProgressLinesParse) {
  ScratchFolder scratch;
  const std::string out = scratch.path() + "/plan";
  const CommandResult run =
      RunCli("plan '" + SourcePath("examples/ussr-1928") + "' --progress json --out '" + out + "'");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  std::vector<std::string> phases;
  nlohmann::ordered_json last;
  int objects = 0;
  double previous_elapsed = 0;
  for (const std::string& line : Lines(run.errors)) {
    if (line.empty() || line[0] != '{') {
      EXPECT_EQ(line.rfind("gosplan: ", 0), 0u) << line;
      continue;
    }
    // ordered: "schema" must come first. Throws (and fails) when the line is not JSON.
    const nlohmann::ordered_json object = nlohmann::ordered_json::parse(line);
    ++objects;
    ASSERT_TRUE(object.is_object()) << line;
    EXPECT_EQ(object.begin().key(), "schema") << line;
    EXPECT_EQ(object["schema"], "gosplan.progress/1") << line;
    // Only the keys of docs/json.md's table (gosplan.progress/1).
    static const std::set<std::string> documented = {"schema",
                                                     "phase",
                                                     "event",
                                                     "detail",
                                                     "iteration",
                                                     "primal_infeasibility",
                                                     "dual_infeasibility",
                                                     "objective",
                                                     "relative_primal_residual",
                                                     "relative_dual_residual",
                                                     "relative_gap",
                                                     "fraction",
                                                     "elapsed_s",
                                                     "seconds_left",
                                                     "phases_s",
                                                     "interrupted"};
    for (const auto& item : object.items()) EXPECT_TRUE(documented.count(item.key())) << line;
    ASSERT_TRUE(object.contains("phase")) << line;
    ASSERT_TRUE(object.contains("elapsed_s")) << line;
    EXPECT_GE(object["elapsed_s"].get<double>(), previous_elapsed) << line;
    previous_elapsed = object["elapsed_s"].get<double>();
    const std::string phase = object["phase"];
    if (phases.empty() || phases.back() != phase) phases.push_back(phase);
    last = object;
  }
  EXPECT_GE(objects, 4);
  EXPECT_EQ(phases, (std::vector<std::string>{"load", "build", "solve", "write"}));
  // The finish line of a run with --out is docs/json.md's example (keys and types).
  EXPECT_EQ(JoinMismatches(JsonDocumentMismatches(last.dump())), "");
  ASSERT_TRUE(last.contains("event"));
  EXPECT_EQ(last["event"], "finish");
  EXPECT_EQ(last["interrupted"], false);
  EXPECT_TRUE(last["phases_s"].contains("solve"));
}

// Under a pseudo-terminal: the line is redrawn ("\r…\x1b[K"), shows the phases, and ends with a
// newline and the one-line summary; stdout (sent to a file) is byte for byte the stdout of a run
// without a terminal.
TEST(ProgressCli, RedrawnLineUnderAPseudoTerminal) {
  if (!HaveScript()) GTEST_SKIP() << "util-linux `script` is not installed";
  ScratchFolder scratch;
  const std::string model = Generate(scratch, 300);
  const std::string captured = scratch.path() + "/tty";
  const std::string result = scratch.path() + "/stdout";
  const std::string inner = std::string("'") + GOSPLAN_CLI_PATH + "' plan '" + model +
                            "' --algorithm primal >'" + result + "'";
  ASSERT_EQ(Shell("script -qfec \"" + inner + "\" /dev/null >'" + captured + "' </dev/null"), 0);
  const std::string bytes = ReadFile(captured);
  EXPECT_NE(bytes.find("\rgosplan: load"), std::string::npos) << bytes;
  EXPECT_NE(bytes.find("\rgosplan: solve"), std::string::npos) << bytes;
  EXPECT_NE(bytes.find("\x1b[K"), std::string::npos);
  EXPECT_NE(bytes.find("gosplan: finished after "), std::string::npos) << bytes;
  EXPECT_NE(bytes.find("solve "), std::string::npos);
  // The plain lines are still there, each starting on a cleared line.
  EXPECT_NE(bytes.find("gosplan: solving with CLP"), std::string::npos) << bytes;

  const CommandResult plain = RunCli("plan '" + model + "' --algorithm primal");
  ASSERT_EQ(plain.exit_code, 0);
  EXPECT_EQ(ReadFile(result), plain.output);
  EXPECT_EQ(plain.errors.find('\r'), std::string::npos);

  // --quiet: nothing drawn at all.
  ASSERT_EQ(Shell("script -qfec \"" + inner + " -q\" /dev/null >'" + captured + "' </dev/null"), 0);
  EXPECT_EQ(ReadFile(captured), "");
}

// Ctrl-C during a long CLP solve: exit 130, one line saying what was stopped, no plan folder.
TEST(ProgressCli, InterruptDuringTheSolveWritesNothing) {
  ScratchFolder scratch;
  const std::string model = Generate(scratch, 1000);
  const std::string out = scratch.path() + "/plan";
  const std::string errors = scratch.path() + "/stderr";
  const std::string script =
      scratch.Write("interrupt.sh",
                    "\"$1\" plan \"$2\" --out \"$3\" 2>\"$4\" >/dev/null &\n"
                    "pid=$!\n"
                    "for i in $(seq 1 600); do\n"
                    "  grep -q 'solving with CLP' \"$4\" 2>/dev/null && break\n"
                    "  sleep 0.1\n"
                    "done\n"
                    "sleep 0.5\n"
                    "kill -INT $pid\n"
                    "wait $pid\n"
                    "exit $?\n");
  const int status = Shell("bash '" + script + "' '" + GOSPLAN_CLI_PATH + "' '" + model + "' '" +
                           out + "' '" + errors + "'");
  const std::string text = ReadFile(errors);
  EXPECT_EQ(status, 130) << text;
  EXPECT_NE(text.find("gosplan: interrupted during the CLP solve (dual simplex) of an LP with "),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("; nothing was written\n"), std::string::npos) << text;
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace gosplan::testing
