// Shared output helpers of the command line: diagnostics to stderr, progress to stderr.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"
#include "gosplan/csv_dialect.h"
#include "gosplan/model.h"
#include "gosplan/model_cache.h"
#include "gosplan/status.h"
#include "progress_reporter.h"

namespace gosplan::cli {

// How a failure's summary line is worded: "gosplan: 3 problems in <where>; <consequence>".
struct FailureWording {
  std::string_view where = "the input";
  std::string_view consequence = "nothing was written";  // empty: none said
  // The reader's cap on diagnostics: reaching it means "at least" that many (0: no cap to mention).
  std::size_t cap = 0;
  std::string_view cap_option = {};  // the flag that raises the cap, e.g. "--max-diagnostics"
};

// The one failure reporter of the command line: prints a failed Status to stderr (every diagnostic
// on its own line, then a summary) and returns its exit code (kBadInput for bad input or options,
// kSolverLimit, kInterrupted or kInternalFailure).
inline int ReportFailure(const Status& status, const FailureWording& wording = {}) {
  Reporter().ClearLine();
  if (status.code() == StatusCode::kCancelled) {
    // Ctrl-C (the library's cancel hook): the library names what it stopped.
    const std::string consequence =
        wording.consequence.empty() ? "" : "; " + std::string(wording.consequence);
    std::fprintf(stderr, "gosplan: interrupted during %s%s\n", status.message().c_str(),
                 consequence.c_str());
    return kInterrupted;
  }
  if (status.code() == StatusCode::kInvalidInput) {
    std::fputs(status.ToString().c_str(), stderr);
    const std::size_t total = status.diagnostics().total();
    const std::string where(wording.where), option(wording.cap_option);
    const std::string consequence =
        wording.consequence.empty() ? "" : "; " + std::string(wording.consequence);
    if (wording.cap > 0 && total >= wording.cap) {
      const std::string raise = option.empty() ? "" : "; " + option + " raises it";
      std::fprintf(stderr,
                   "gosplan: at least %zu problems in %s (stopped at the limit of %zu%s)%s\n",
                   total, where.c_str(), wording.cap, raise.c_str(), consequence.c_str());
    } else {
      std::fprintf(stderr, "gosplan: %zu problem%s in %s%s\n", total, total == 1 ? "" : "s",
                   where.c_str(), consequence.c_str());
    }
    return kBadInput;
  }
  if (status.code() == StatusCode::kInvalidArgument) {
    // Options the command line passed on that the library refuses: bad input, named by the
    // library's field.
    std::fprintf(stderr, "gosplan: invalid option: %s\n", status.message().c_str());
    return kBadInput;
  }
  if (status.code() == StatusCode::kSolverLimit) {
    std::fprintf(stderr, "gosplan: solver limit: %s\n", status.message().c_str());
    return kSolverLimit;
  }
  std::fprintf(stderr, "gosplan: internal failure: %s\n", status.message().c_str());
  return kInternalFailure;
}

// An output path (a folder or file the command will write), checked before any work so that a long
// solve is not wasted on a path that cannot be written: it must not exist unless `force` (or
// `may_replace`, for files that are simply overwritten), and a file's folder must exist (plan
// folders are created with their parents). Empty paths pass. Returns the exit code to stop with
// (kBadInput) after saying why, or nullopt to go on.
inline std::optional<int> RefuseOutputPath(const std::string& path, std::string_view what,
                                           bool force, bool may_replace = false) {
  namespace fs = std::filesystem;
  if (path.empty()) return std::nullopt;
  std::error_code error;
  const fs::path target(path);
  if (fs::exists(target, error) && !force && !may_replace) {
    std::fprintf(
        stderr,
        "gosplan: %.*s %s already exists; nothing was done (expected a new path, or --force to "
        "replace it)\n",
        static_cast<int>(what.size()), what.data(), path.c_str());
    return kBadInput;
  }
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (may_replace && !fs::is_directory(parent, error)) {
    std::fprintf(stderr, "gosplan: %.*s %s: the folder %s does not exist; nothing was done\n",
                 static_cast<int>(what.size()), what.data(), path.c_str(), parent.string().c_str());
    return kBadInput;
  }
  return std::nullopt;
}

// -v/--verbose: the solver's own progress on stderr, beside -q/--quiet (the two exclude each
// other). `log` receives CLP's log lines (LpSolveOptions::log); "gosplan: clp: …" on stderr.
inline void AddVerboseFlag(CLI::App* command, bool& verbose, CLI::Option* quiet) {
  command->add_flag("--verbose,-v", verbose, "the solver's own progress on stderr (CLP's log)")
      ->excludes(quiet);
}
inline std::function<void(std::string_view)> SolverLog(bool verbose) {
  if (!verbose) return nullptr;
  return [](std::string_view message) {
    Reporter().Message("clp: " + std::string(message), LogLevel::kWarning);
  };
}

// Progress line on stderr (stdout stays clean for tables and JSON); through the reporter
// (progress_reporter.h): silenced by --quiet and --log-level warning or error, timestamped by
// --log-timestamps, and clearing the redrawn line first.
inline void Progress(bool quiet, std::string_view message) {
  if (!quiet) Reporter().Message(message);
}

// How the commands load a model folder: a valid MODEL_DIR/.gosplan-cache is used; a missing or
// stale one is written after reading the tables once they total kAutoCacheMinBytes (smaller models
// parse in well under a second and their folders stay clean); `gosplan model cache` writes it for
// any size.
// --no-cache reads the tables and leaves the cache alone.
inline constexpr std::uint64_t kAutoCacheMinBytes = std::uint64_t{64} << 20;
inline void SetCacheOptions(LoadOptions& options, bool no_cache) {
  options.cache = no_cache ? ModelCacheMode::kOff : ModelCacheMode::kReadWrite;
  options.cache_write_min_bytes = kAutoCacheMinBytes;
}

// Loads a model folder the commands' way (cache as above, `options` for the rest), saying on stderr
// what it loads and whether the cache was read or written. The loader's notes (what it assumed,
// e.g. for years added by --horizon) are printed even when quiet: they change what the result
// means.
inline Result<Model> LoadModelWithProgress(const std::string& folder, bool no_cache, bool quiet,
                                           LoadOptions options = {}) {
  ModelCacheReport cache_report;
  std::vector<std::string> notes;
  SetCacheOptions(options, no_cache);
  options.cache_report = &cache_report;
  options.notes = &notes;
  Progress(quiet, "loading " + folder);
  Reporter().StartPhase("load", folder);
  if (!quiet && (Reporter().live() || Reporter().json())) options.progress = LoadProgressOf();
  auto model = LoadModel(folder, options);
  if (model.ok() && cache_report.loaded)
    Progress(quiet, "model read from cache " + cache_report.path);
  if (model.ok() && cache_report.written)
    Progress(quiet, "model cache written to " + cache_report.path);
  for (const std::string& note : notes) Reporter().Message("note: " + note, LogLevel::kWarning);
  return model;
}

// --delimiter, --decimal and --encoding: the CSV dialect of the tables a command reads (CsvDialect
// in gosplan/csv_dialect.h). Unset flags leave the dialect to model.toml's [csv] (or the default).
struct CsvFlags {
  std::string delimiter, decimal, encoding;
  bool any() const { return !delimiter.empty() || !decimal.empty() || !encoding.empty(); }
  // The dialect the flags ask for on top of `base`; nullopt when no flag was given.
  std::optional<CsvDialect> Dialect(CsvDialect base = {}) const {
    if (!any()) return std::nullopt;
    if (!delimiter.empty())
      base.delimiter = *ParseCsvCharacter(delimiter);  // checked by the validator
    if (!decimal.empty()) base.decimal = *ParseCsvCharacter(decimal);
    if (!encoding.empty()) base.encoding = *ParseTextEncoding(encoding);
    return base;
  }
};
inline void AddCsvFlags(CLI::App* command, CsvFlags& flags) {
  const auto one_character = CLI::Validator(
      [](std::string& text) {
        return ParseCsvCharacter(text) ? std::string()
                                       : "'" + text + "' is not one character (or tab)";
      },
      "CHAR");
  command
      ->add_option(
          "--delimiter", flags.delimiter,
          "field delimiter of the CSV tables: , ; tab or | (default: model.toml's [csv], else ,)")
      ->check(one_character);
  command
      ->add_option("--decimal", flags.decimal, "decimal mark of the CSV tables: . or , (default .)")
      ->check(one_character);
  command
      ->add_option("--encoding", flags.encoding,
                   "text encoding of the CSV tables: utf8, latin1 or cp1252 (converted to UTF-8; "
                   "default utf8)")
      ->check(CLI::Validator(
          [](std::string& text) {
            return ParseTextEncoding(text) ? std::string()
                                           : "'" + text + "' is not utf8, latin1 or cp1252";
          },
          "ENCODING"));
}

// What every command that reads a model folder's tables takes: the CSV dialect flags and
// --no-cache.
inline void AddModelTableFlags(CLI::App* command, CsvFlags& csv, bool& no_cache) {
  AddCsvFlags(command, csv);
  command->add_flag("--no-cache", no_cache,
                    "read the CSV tables, ignoring MODEL_DIR/.gosplan-cache");
}

// --horizon, the same range and meaning on every command that loads a model (plan, check, model
// check, model cache): plan years replacing model.toml's horizon (LoadOptions::horizon_override);
// added years repeat the last declared year's availability, floors and target mix, and the loader
// says so.
inline void AddHorizonFlag(CLI::App* command, int& horizon) {
  command
      ->add_option(
          "--horizon", horizon,
          "plan years, 1..1000, replacing model.toml's horizon (added years repeat the last "
          "declared year; 0: as model.toml says)")
      ->check(CLI::Range(0, 1000));
}

// A CLI11 check that accepts what the library's `parse` (ParseObjectiveKind, ParseSolverKind, ...)
// accepts, so that an option takes the same names as the model files; `names` lists them for the
// message.
template <typename Parse>
CLI::Validator AcceptedBy(Parse parse, std::string names) {
  return CLI::Validator(
      [parse, names](std::string& text) -> std::string {
        return parse(text) ? std::string() : "'" + text + "' is not one of: " + names;
      },
      names);
}

}  // namespace gosplan::cli
