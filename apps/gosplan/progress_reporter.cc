#include "progress_reporter.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>

namespace gosplan::cli {
namespace {

constexpr double kRedrawSeconds = 0.1;  // at most 10 redraws (or JSON lines) a second

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// "2026-12-02T05:40:01.123Z " (--log-timestamps), else empty.
std::string Stamp() {
  if (!Settings().timestamps) return {};
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  return fmt::format("{}.{:03d}Z ", text, static_cast<int>(millis));
}

std::string Duration(double seconds) {
  if (seconds < 60) return fmt::format("{:.1f} s", seconds);
  const auto whole = static_cast<long long>(seconds);
  if (whole < 3600) return fmt::format("{}:{:02d} min", whole / 60, static_cast<int>(whole % 60));
  return fmt::format("{}:{:02d} h", whole / 3600, static_cast<int>(whole / 60 % 60));
}

int TerminalColumns() {
  winsize size{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

// The line's short names of the JSON keys.
std::string_view ShortName(std::string_view key) {
  if (key == "primal_infeasibility") return "primal inf";
  if (key == "dual_infeasibility") return "dual inf";
  if (key == "relative_primal_residual") return "primal res";
  if (key == "relative_dual_residual") return "dual res";
  if (key == "relative_gap") return "gap";
  return key;
}

std::atomic<bool> interrupted{false};

extern "C" void OnInterrupt(int) {
  interrupted.store(true);
  // SA_RESETHAND has restored the default action: the second Ctrl-C kills at once.
}

}  // namespace

ProgressSettings& Settings() {
  static ProgressSettings settings;
  return settings;
}

CLI::Option* AddQuietAndProgressFlags(CLI::App* command, bool* quiet,
                                      const std::string& quiet_help) {
  CLI::Option* quiet_option = command->add_flag("--quiet,-q", *quiet, quiet_help);
  ProgressSettings& settings = Settings();
  command
      ->add_option("--progress", settings.progress,
                   "auto: on a terminal, one redrawn progress line on stderr (plain lines "
                   "otherwise); json: also one JSON object per progress update on stderr")
      ->check(CLI::IsMember({"auto", "json"}));
  command
      ->add_option("--log-level", settings.log_level,
                   "error | warning (notes) | info (progress lines) | debug (every progress "
                   "update as a line); stderr only")
      ->check(CLI::IsMember({"error", "warning", "info", "debug"}));
  command->add_flag("--log-timestamps", settings.timestamps,
                    "start each stderr line with its ISO-8601 UTC time");
  command->preparse_callback([quiet](std::size_t) {
    Settings().quiet = quiet;
    Reporter();  // the clock starts with the command
  });
  return quiet_option;
}

ProgressReporter::ProgressReporter() : start_(Now()), phase_start_(start_) {
  stderr_terminal_ = isatty(STDERR_FILENO) == 1;
}

ProgressReporter& Reporter() {
  static ProgressReporter reporter;
  return reporter;
}

double ProgressReporter::Elapsed() const { return Now() - start_; }
bool ProgressReporter::quiet() const { return Settings().quiet != nullptr && *Settings().quiet; }
LogLevel ProgressReporter::level() const {
  const std::string& name = Settings().log_level;
  if (name == "error") return LogLevel::kError;
  if (name == "warning") return LogLevel::kWarning;
  if (name == "debug") return LogLevel::kDebug;
  return LogLevel::kInfo;
}
bool ProgressReporter::json() const { return Settings().progress == "json" && !quiet(); }
bool ProgressReporter::live() const {
  return stderr_terminal_ && !json() && !quiet() && level() >= LogLevel::kInfo;
}

void ProgressReporter::ClearLine() {
  if (!line_shown_) return;
  std::fputs("\r\x1b[K", stderr);
  line_shown_ = false;
}

void ProgressReporter::Message(std::string_view text, LogLevel message_level) {
  if (message_level > level()) return;
  if (message_level == LogLevel::kInfo && quiet()) return;
  ClearLine();
  const std::string stamp = Stamp();
  std::fprintf(stderr, "%sgosplan: %.*s\n", stamp.c_str(), static_cast<int>(text.size()),
               text.data());
}

void ProgressReporter::ChangePhase(std::string_view phase) {
  const double now = Elapsed();
  if (!phase_.empty()) phase_seconds_.emplace_back(phase_, now - phase_start_);
  phase_ = std::string(phase);
  phase_start_ = now;
  last_iteration_.reset();
  last_draw_ = -1.0;  // a new phase shows at once
}

void ProgressReporter::StartPhase(std::string_view phase, std::string detail) {
  if (phase == phase_) return;
  ProgressUpdate update;
  update.phase = phase;
  update.detail = std::move(detail);
  Update(update);
}

void ProgressReporter::Update(const ProgressUpdate& update) {
  if (!update.phase.empty() && update.phase != phase_) ChangePhase(update.phase);
  if (update.iteration) last_iteration_ = update.iteration;
  const double now = Elapsed();
  if (last_draw_ >= 0 && now - last_draw_ < kRedrawSeconds) return;
  last_draw_ = now;
  if (live()) Draw(update);
  if (json()) Emit(update, false);
  if (!live() && !json() && level() >= LogLevel::kDebug) {
    // Debug on a pipe: every (throttled) update as a plain line.
    std::string line = "progress: " + phase_;
    if (!update.detail.empty()) line += " · " + update.detail;
    if (update.iteration) line += fmt::format(" · iteration {}", *update.iteration);
    for (const auto& [name, value] : update.measures) {
      line += fmt::format(" · {} {:.2e}", name, value);
    }
    line += " · " + Duration(now);
    Message(line, LogLevel::kDebug);
  }
}

void ProgressReporter::Draw(const ProgressUpdate& update) {
  // The phase and the times first: a narrow terminal cuts the end of the line.
  std::string line = "gosplan: " + phase_ + " " + Duration(Elapsed());
  if (update.seconds_left) line += " (about " + Duration(*update.seconds_left) + " left)";
  if (update.fraction) line += fmt::format(" · {:.0f}%", 100.0 * *update.fraction);
  if (!update.detail.empty()) line += " · " + update.detail;
  if (update.iteration) line += fmt::format(" · iteration {}", *update.iteration);
  for (const auto& [name, value] : update.measures) {
    line += fmt::format(" · {} {:.2e}", ShortName(name), value);
  }
  // One terminal row: a wrapped line could not be redrawn by "\r".
  const auto columns = static_cast<std::size_t>(std::max(TerminalColumns() - 1, 20));
  if (line.size() > columns) {
    std::size_t cut = columns;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
    line.resize(cut);
  }
  std::fprintf(stderr, "\r%s\x1b[K", line.c_str());
  std::fflush(stderr);
  line_shown_ = true;
  RegisterFinish();
}

void ProgressReporter::Emit(const ProgressUpdate& update, bool final_update) {
  nlohmann::ordered_json object;
  object["schema"] = "gosplan.progress/1";
  object["phase"] = std::string(update.phase.empty() ? phase_ : update.phase);
  if (final_update) object["event"] = "finish";
  if (!update.detail.empty()) object["detail"] = update.detail;
  if (update.iteration) object["iteration"] = *update.iteration;
  for (const auto& [name, value] : update.measures) {
    if (std::isfinite(value)) object[name] = value;
  }
  if (update.fraction) object["fraction"] = *update.fraction;
  object["elapsed_s"] = std::round(Elapsed() * 1000.0) / 1000.0;
  if (update.seconds_left) object["seconds_left"] = std::round(*update.seconds_left * 10) / 10;
  if (final_update) {
    nlohmann::ordered_json phases = nlohmann::ordered_json::object();
    for (const auto& [name, seconds] : phase_seconds_) {
      phases[name] = std::round(seconds * 1000.0) / 1000.0;
    }
    object["phases_s"] = phases;
    object["interrupted"] = Interrupted();
  }
  const std::string stamp = Stamp();
  std::fprintf(stderr, "%s%s\n", stamp.c_str(), object.dump().c_str());
  RegisterFinish();
}

void ProgressReporter::RegisterFinish() {
  if (finish_registered_) return;
  finish_registered_ = true;
  Settings().quiet_at_exit = quiet();
  Settings().quiet = &Settings().quiet_at_exit;
  std::atexit([] { Reporter().Finish(); });
}

void ProgressReporter::Finish() {
  if (!finish_registered_ || finished_) return;
  finished_ = true;
  if (!phase_.empty()) phase_seconds_.emplace_back(phase_, Elapsed() - phase_start_);
  std::fflush(stdout);
  if (json()) {
    ProgressUpdate final;
    final.phase = phase_;
    if (last_iteration_) final.iteration = last_iteration_;
    Emit(final, true);
    return;
  }
  // The last state stays on screen: end its line, then the summary below it (after Ctrl-C the
  // "interrupted during …" line is the summary).
  if (line_shown_) std::fputs("\n", stderr);
  line_shown_ = false;
  if (Interrupted()) return;
  std::string phases;
  for (const auto& [name, seconds] : phase_seconds_) {
    phases += (phases.empty() ? "" : ", ") + name + " " + Duration(seconds);
  }
  const std::string stamp = Stamp();
  std::fprintf(stderr, "%sgosplan: finished after %s (%s)\n", stamp.c_str(),
               Duration(Elapsed()).c_str(), phases.c_str());
}

std::function<void(const LpProgress&)> ClpProgress(std::string detail) {
  return [detail = std::move(detail)](const LpProgress& progress) {
    ProgressUpdate update;
    update.phase = "solve";
    update.detail = detail;
    update.iteration = progress.iteration;
    update.measures = {{"primal_infeasibility", progress.primal_infeasibility},
                       {"dual_infeasibility", progress.dual_infeasibility},
                       {"objective", progress.objective}};
    Reporter().Update(update);
  };
}

std::function<void(const PdlpProgress&)> PdlpProgressOf(double tolerance) {
  // The estimate: the largest relative measure falls roughly geometrically under restarted PDHG
  // (linear convergence); its log against time since the solve started, fitted between the first
  // check past half the elapsed time and now, is extrapolated to the tolerance. Shown only while
  // the trend falls.
  struct Trend {
    std::vector<std::pair<double, double>> points;  // (seconds, log10 largest measure)
  };
  auto trend = std::make_shared<Trend>();
  return [trend, tolerance](const PdlpProgress& progress) {
    const double largest = std::max({progress.relative_primal_residual,
                                     progress.relative_dual_residual, progress.relative_gap});
    ProgressUpdate update;
    update.phase = "solve";
    update.detail = "PDLP";
    update.iteration = progress.iteration;
    update.measures = {{"relative_primal_residual", progress.relative_primal_residual},
                       {"relative_dual_residual", progress.relative_dual_residual},
                       {"relative_gap", progress.relative_gap}};
    if (std::isfinite(largest) && largest > 0) {
      trend->points.emplace_back(progress.seconds, std::log10(largest));
      const auto& points = trend->points;
      const double half = progress.seconds / 2;
      auto first = std::find_if(points.begin(), points.end(),
                                [half](const auto& point) { return point.first >= half; });
      if (first != points.end() && points.back().first - first->first > 0.5 &&
          largest > tolerance) {
        const double slope =
            (points.back().second - first->second) / (points.back().first - first->first);
        if (slope < 0) {
          update.seconds_left = (std::log10(tolerance) - points.back().second) / slope;
        }
      }
    }
    Reporter().Update(update);
  };
}

std::function<void(const LoadProgress&)> LoadProgressOf() {
  return [](const LoadProgress& progress) {
    ProgressUpdate update;
    update.phase = "load";
    update.detail = progress.table.empty() ? std::string("checking") : std::string(progress.table);
    if (progress.bytes_total > 0) {
      const double fraction =
          static_cast<double>(progress.bytes_done) / static_cast<double>(progress.bytes_total);
      update.fraction = fraction;
      // Bytes read so far at the rate so far: honest once a measurable share is read.
      static const double start = Now();
      const double spent = Now() - start;
      if (fraction > 0.05 && fraction < 1 && spent > 0.5) {
        update.seconds_left = spent * (1 - fraction) / fraction;
      }
    }
    Reporter().Update(update);
  };
}

void InstallInterruptHandler() {
  static bool installed = false;
  if (installed) return;
  installed = true;
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;  // the second Ctrl-C: the default action (kill)
  sigaction(SIGINT, &action, nullptr);
}

bool Interrupted() { return interrupted.load(std::memory_order_relaxed); }

std::function<bool()> CancelHook() {
  InstallInterruptHandler();
  return [] { return Interrupted(); };
}

}  // namespace gosplan::cli
