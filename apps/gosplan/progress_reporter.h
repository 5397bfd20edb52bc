// How the command line shows what a long run is doing, on stderr only (stdout holds results):
//  - stderr a terminal, not --quiet: one redrawn line ("\r…\x1b[K", at most 10 redraws a second)
//    with the phase (load, build, solve, write), the iteration, a residual or gap, the elapsed
//    time and, where an honest estimate exists (bytes of tables read, the PDLP gap's trend), the
//    time left; at the end a newline and a one-line summary;
//  - stderr not a terminal: the plain "gosplan: …" lines of every command, nothing redrawn;
//  - --progress json: one JSON object per update, message and the final summary, one line each;
//  - --log-level error|warning|info|debug filters the lines (info: as always; warning: notes and
//    errors only; error: errors only; debug: also every progress update as a plain line);
//  - --log-timestamps: each line starts with its ISO-8601 UTC time.
// And Ctrl-C: CancelHook() installs a SIGINT handler that sets a flag which the library's cancel
// hooks (`should_stop` in its options) poll; the second Ctrl-C kills at once.
// The library only calls back (gosplan/linear_program.h LpProgress, gosplan/pdlp.h PdlpProgress,
// gosplan/model.h LoadProgress); everything drawn is decided here.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gosplan/linear_program.h"
#include "gosplan/model.h"
#include "gosplan/pdlp.h"

namespace gosplan::cli {

enum class LogLevel { kError = 0, kWarning = 1, kInfo = 2, kDebug = 3 };

// The flags of AddQuietAndProgressFlags (one set per process: only one command runs).
struct ProgressSettings {
  std::string progress = "auto";  // auto: the redrawn line on a terminal; json: JSON lines
  std::string log_level = "info";
  bool timestamps = false;
  const bool* quiet = nullptr;  // the running command's --quiet
  // Its value, kept once the summary at exit is registered: the command's flags are destroyed
  // with the CLI before the exit handlers run.
  bool quiet_at_exit = false;
};
ProgressSettings& Settings();

// --quiet/-q (`quiet_help` says what it silences), --progress, --log-level and --log-timestamps on
// `command`; `quiet` is read when the command runs. Called by every command's Register function.
// Returns the --quiet option (for a --verbose flag that excludes it).
CLI::Option* AddQuietAndProgressFlags(
    CLI::App* command, bool* quiet,
    const std::string& quiet_help = "no progress messages on stderr");

// One update of a running phase. Fields left empty are not shown.
struct ProgressUpdate {
  std::string_view phase;  // load, build, solve, write
  std::string detail;      // e.g. "CLP dual simplex", "inputs.csv"
  std::optional<std::int64_t> iteration;
  // (name, value) pairs shown as "name 1.2e-03": residuals, gaps, infeasibility sums.
  std::vector<std::pair<std::string, double>> measures;
  std::optional<double> fraction;      // 0..1 of the phase done, when known (bytes read)
  std::optional<double> seconds_left;  // an honest estimate only
};

class ProgressReporter {
 public:
  // A plain message ("gosplan: <text>"): at info level it is silenced by --quiet (as the commands'
  // progress lines always were); warnings (notes) and errors are not.
  void Message(std::string_view text, LogLevel level = LogLevel::kInfo);
  // A progress update (throttled to 10 a second; a new phase is shown at once).
  void Update(const ProgressUpdate& update);
  // The phase that starts now (shown at once on a terminal, and timed for the summary).
  void StartPhase(std::string_view phase, std::string detail = {});
  // Clears the redrawn line (before anything else goes to stderr).
  void ClearLine();
  // The final summary (at exit): on a terminal after a redrawn line, and in JSON mode.
  void Finish();

  bool live() const;  // the redrawn line is in use
  bool json() const;

 private:
  friend ProgressReporter& Reporter();
  ProgressReporter();
  void ChangePhase(std::string_view phase);
  void RegisterFinish();
  void Draw(const ProgressUpdate& update);
  void Emit(const ProgressUpdate& update, bool final_update);
  double Elapsed() const;
  bool quiet() const;
  LogLevel level() const;

  double start_ = 0.0;
  double last_draw_ = -1.0;
  std::string phase_;
  double phase_start_ = 0.0;
  std::vector<std::pair<std::string, double>> phase_seconds_;
  std::optional<std::int64_t> last_iteration_;
  bool line_shown_ = false;
  bool finish_registered_ = false;  // Finish() runs at exit once something was drawn
  bool finished_ = false;
  bool stderr_terminal_ = false;
};
ProgressReporter& Reporter();

// Library callbacks drawn by the reporter.
std::function<void(const LpProgress&)> ClpProgress(std::string detail);
// `tolerance`: where the relative measures must get to (PdlpOptions::tolerance), for the estimate.
std::function<void(const PdlpProgress&)> PdlpProgressOf(double tolerance);
std::function<void(const LoadProgress&)> LoadProgressOf();

// Ctrl-C. The first SIGINT sets the flag (and restores the default handler, so that a second one
// kills at once); the library's cancel hooks poll it. Installing is idempotent.
void InstallInterruptHandler();
bool Interrupted();
// InstallInterruptHandler(), then a hook for LpSolveOptions/PdlpOptions/CheckOptions::should_stop.
std::function<bool()> CancelHook();

// The progress callbacks and cancel hooks of a plan solve (CLP and PDLP) on `options` (a
// PlanOptions or anything with .solver and .pdlp).
template <typename Options>
void WatchPlanSolve(Options& options) {
  options.solver.should_stop = CancelHook();
  options.pdlp.should_stop = options.solver.should_stop;
  if (Reporter().live() || Reporter().json() || Settings().log_level == "debug") {
    options.solver.progress = ClpProgress(std::string("CLP ") + ToString(options.solver.algorithm));
    options.pdlp.progress = PdlpProgressOf(options.pdlp.tolerance);
  }
}

}  // namespace gosplan::cli
