// `gosplan model check MODEL_DIR [--format text|json] [--horizon N] [--no-cache]`: loads and
// validates a model folder and prints a summary of it. Bad input: every diagnostic on stderr, one
// per line, then a count; nothing on stdout; exit 2. `gosplan model cache MODEL_DIR [--horizon N]`:
// writes (or confirms) the binary cache MODEL_DIR/.gosplan-cache/ that the other commands then load
// instead of the CSV tables.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "cli_output.h"
#include "commands.h"
#include "gosplan/harvest.h"
#include "gosplan/model.h"
#include "gosplan/model_cache.h"

namespace gosplan::cli {
namespace {

struct ModelCheckFlags {
  std::string folder;
  std::string format = "text";
  int horizon = 0;
  std::size_t max_diagnostics = 100;
  bool no_cache = false;
  CsvFlags csv;
  bool quiet = false;
  bool verbose = false;  // the files read, the cache's decisions and the load time on stderr
};

// -v: the files the loader reads (role, path, size) before loading.
void SayModelFiles(const ModelCheckFlags& flags, const LoadOptions& options) {
  if (!flags.verbose) return;
  std::uint64_t total = 0;
  auto key = ComputeModelCacheKey(flags.folder, options, &total);
  if (!key.ok()) return;  // the load itself reports what is wrong with model.toml
  for (const ModelSourceFile& file : key->files) {
    std::fprintf(stderr, "gosplan: %-24s %s%s\n", (file.role + ":").c_str(),
                 file.relative_path.c_str(),
                 file.present ? fmt::format(" ({} bytes)", file.size).c_str() : " (absent)");
  }
  std::fprintf(stderr, "gosplan: %llu bytes in all\n", static_cast<unsigned long long>(total));
}

// -v: what the cache did and why, and how long the load took.
void SayCacheAndTime(const ModelCheckFlags& flags, const ModelCacheReport& report, double seconds) {
  if (!flags.verbose) return;
  if (report.path.empty()) {
    std::fprintf(stderr, "gosplan: cache: not used (--no-cache)\n");
  } else if (report.loaded) {
    std::fprintf(stderr, "gosplan: cache: read %s\n", report.path.c_str());
  } else {
    std::fprintf(stderr, "gosplan: cache: not read (%s); ", report.not_loaded.c_str());
    if (report.written) {
      std::fprintf(stderr, "written to %s\n", report.path.c_str());
    } else {
      std::fprintf(stderr, "not written (%s)\n", report.not_written.c_str());
    }
  }
  std::fprintf(stderr, "gosplan: loaded in %.3f s\n", seconds);
}

// A failed load: every diagnostic, then "N problems in MODEL_DIR" (model check writes nothing, so
// no consequence is added), "at least" when the loader stopped at --max-diagnostics.
int ReportLoadFailure(const ModelCheckFlags& flags, const Status& status) {
  FailureWording wording;
  wording.where = flags.folder;
  wording.consequence = "";
  wording.cap = flags.max_diagnostics;
  wording.cap_option = "--max-diagnostics";
  return ReportFailure(status, wording);
}

int RunModelCheck(const ModelCheckFlags& flags) {
  LoadOptions options;
  options.horizon_override = flags.horizon;
  options.max_diagnostics = flags.max_diagnostics;
  SetCacheOptions(options, flags.no_cache);
  options.csv = flags.csv.Dialect();
  ModelCacheReport cache_report;
  options.cache_report = &cache_report;
  std::vector<std::string> notes;
  options.notes = &notes;
  SayModelFiles(flags, options);
  const auto start = std::chrono::steady_clock::now();
  const Result<Model> loaded = LoadModel(flags.folder, options);
  if (!loaded.ok()) return ReportLoadFailure(flags, loaded.status());
  SayCacheAndTime(flags, cache_report,
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  for (const std::string& note : notes) std::fprintf(stderr, "gosplan: note: %s\n", note.c_str());
  // Harvest scenarios (gosplan/harvest.h) are read by `plan` only; checked here too.
  const auto harvests = LoadHarvestScenarios(loaded.value(), options.csv);
  if (!harvests.ok()) return ReportLoadFailure(flags, harvests.status());
  if (harvests.value()) {
    std::fprintf(stderr,
                 "gosplan: note: %zu harvest scenarios (harvest_scenarios.csv, "
                 "harvest_yields.csv): `gosplan plan` makes the two-stage plan\n",
                 harvests.value()->scenarios.size());
  }
  const std::string text = flags.format == "json"  ? ModelJson(loaded.value())
                           : flags.format == "csv" ? ModelCsv(loaded.value())
                                                   : ModelTextSummary(loaded.value());
  if (std::fputs(text.c_str(), stdout) < 0 || std::fflush(stdout) != 0) {
    std::fprintf(stderr, "gosplan: cannot write to standard output\n");
    return kInternalFailure;
  }
  return kSuccess;
}

// Loads the model with the cache allowed to be written at any size, after waiting until the source
// files are old enough for their mtimes to identify them (model_cache.h: kModelCacheSettleSeconds).
int RunModelCache(const ModelCheckFlags& flags) {
  LoadOptions options;
  options.horizon_override = flags.horizon;
  options.max_diagnostics = flags.max_diagnostics;
  options.cache = ModelCacheMode::kReadWrite;
  options.cache_write_min_bytes = 0;
  ModelCacheReport report;
  options.cache_report = &report;
  if (auto key = ComputeModelCacheKey(flags.folder, options); key.ok()) {
    std::int64_t newest_ns = 0;
    for (const ModelSourceFile& file : key->files) newest_ns = std::max(newest_ns, file.mtime_ns);
    const auto settled = std::chrono::system_clock::time_point(
                             std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                 std::chrono::nanoseconds(newest_ns))) +
                         std::chrono::seconds(kModelCacheSettleSeconds) +
                         std::chrono::milliseconds(50);
    // A modification time far in the future (clock skew) is not waited for: the write is refused
    // below.
    const auto now = std::chrono::system_clock::now();
    if (settled > now && settled - now < std::chrono::seconds(10)) {
      Progress(flags.quiet, "waiting for the files just written to settle (mtime granularity)");
      std::this_thread::sleep_until(settled);
    }
  }
  SayModelFiles(flags, options);
  const auto start = std::chrono::steady_clock::now();
  const Result<Model> loaded = LoadModel(flags.folder, options);
  if (!loaded.ok()) return ReportLoadFailure(flags, loaded.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  SayCacheAndTime(flags, report, seconds);
  // Timings vary run to run: a progress line on stderr, never stdout.
  Progress(flags.quiet,
           fmt::format("{} in {:.2f} s", report.loaded ? "cache loaded" : "tables read", seconds));
  std::error_code ignored;
  if (report.loaded) {
    fmt::print("cache is up to date: {} ({} bytes)\n", report.path,
               std::filesystem::file_size(report.path, ignored));
    return kSuccess;
  }
  if (!report.written) {
    std::fprintf(stderr, "gosplan: cache not written: %s\n", report.not_written.c_str());
    return kInternalFailure;
  }
  fmt::print("cache written: {} ({} bytes; previous cache: {})\n", report.path,
             std::filesystem::file_size(report.path, ignored), report.not_loaded);
  return kSuccess;
}

}  // namespace

void RegisterModelCommand(CLI::App& app, int& exit_code) {
  CLI::App* model = app.add_subcommand("model", "Load, validate and summarise an economy model");
  model->require_subcommand(1);
  auto flags = std::make_shared<ModelCheckFlags>();
  CLI::App* check = model->add_subcommand(
      "check", "Load MODEL_DIR, report every problem (exit 2) or print a summary (exit 0)");
  check->add_option("MODEL", flags->folder, "Model folder (model.toml and CSV tables)")->required();
  check
      ->add_option("--format", flags->format,
                   "text, json (the document gosplan.model/1) or csv (what,count rows)")
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->capture_default_str();
  AddHorizonFlag(check, flags->horizon);
  check
      ->add_option("--max-diagnostics", flags->max_diagnostics, "Problems reported before stopping")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  AddModelTableFlags(check, flags->csv, flags->no_cache);
  CLI::Option* check_quiet = AddQuietAndProgressFlags(check, &flags->quiet);
  check
      ->add_flag("--verbose,-v", flags->verbose,
                 "the files read, what the cache did and why, and the load time on stderr")
      ->excludes(check_quiet);
  check->callback([flags, &exit_code] { exit_code = RunModelCheck(*flags); });

  auto cache_flags = std::make_shared<ModelCheckFlags>();
  CLI::App* cache = model->add_subcommand(
      "cache",
      "Write (or confirm) MODEL_DIR/.gosplan-cache, the binary form of the model that "
      "the other commands load instead of the CSV tables");
  cache->add_option("MODEL", cache_flags->folder, "Model folder (model.toml and CSV tables)")
      ->required();
  AddHorizonFlag(cache, cache_flags->horizon);
  cache
      ->add_option("--max-diagnostics", cache_flags->max_diagnostics,
                   "Problems reported before stopping")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  CLI::Option* cache_quiet = AddQuietAndProgressFlags(cache, &cache_flags->quiet);
  cache
      ->add_flag("--verbose,-v", cache_flags->verbose,
                 "the files read, what the cache did and why, and the load time on stderr")
      ->excludes(cache_quiet);
  cache->callback([cache_flags, &exit_code] { exit_code = RunModelCache(*cache_flags); });
}

}  // namespace gosplan::cli
