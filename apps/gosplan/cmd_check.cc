// `gosplan check MODEL_DIR [--targets FILE] [--out PLAN_DIR] [--max-years N] [--format text|json]`:
// can the quotas hold together, how near can a plan come, what conflicts and from which year.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli_output.h"
#include "gosplan/check.h"
#include "gosplan/model.h"

namespace gosplan::cli {
namespace {

struct CheckFlags {
  std::string model_folder;
  std::string targets_file;
  std::string out_folder;
  std::string format = "text";
  int max_years = 30;
  double time_limit = 0.0;
  double total_time_limit = 0.0;
  std::int64_t max_solves = 0;
  int threads = 0;
  bool no_earliest = false;
  bool no_conflict = false;
  bool force = false;
  bool quiet = false;
  bool no_cache = false;
};

nlohmann::json Number(double value) {
  if (std::isnan(value)) return nullptr;
  if (std::isinf(value)) return "unbounded";
  return value;
}

std::string Num(double value) {
  if (std::isinf(value)) return "unlimited";
  if (std::isnan(value)) return "-";
  return fmt::format("{:.6g}", value);
}

nlohmann::json ToJson(const Model& model, const CheckReport& report) {
  nlohmann::json json;
  json["feasible"] = report.feasible;
  json["model_feasible"] = report.model_status == LpStatus::kOptimal;
  json["status"] = report.model_status == LpStatus::kOptimal      ? (report.feasible ? "feasible" : "unreachable")
                   : report.model_status == LpStatus::kInfeasible ? "model_infeasible"
                   : StoppedEarly(report.model_status) ? ToString(report.model_status)
                                                       : "error";
  json["limit_reached"] = report.limit_reached;
  json["weighted_shortfall"] = report.weighted_shortfall;
  json["quotas"] = nlohmann::json::array();
  for (const QuotaCheck& check : report.quotas) {
    const Quota& quota = model.quotas[check.quota];
    nlohmann::json q;
    q["id"] = quota.id;
    q["product"] = model.products[quota.product].id;
    q["enterprise"] = quota.enterprise >= 0 ? nlohmann::json(model.enterprises[quota.enterprise].id) : nullptr;
    q["year"] = model.CalendarYear(quota.year);
    q["asked"] = check.asked;
    q["achievable"] = check.achievable;
    q["short_by"] = check.short_by;
    q["short_by_percent"] = check.short_by_percent;
    q["alone_max"] = Number(check.alone_max);
    // Unknown (null) when the alone max was not computed and the nearest plan fell short: never a guess.
    q["reachable_alone"] = std::isnan(check.alone_max) && check.short_by > 0 ? nlohmann::json(nullptr)
                                                                            : nlohmann::json(check.reachable_alone);
    q["earliest_year"] = check.earliest_computed && check.earliest_year > 0 ? nlohmann::json(check.earliest_year)
                                                                            : nlohmann::json(nullptr);
    q["never"] = check.never;
    q["no_producer"] = check.no_producer;
    q["unsolved"] = check.unsolved;
    if (!check.limited_by.empty()) q["limited_by"] = check.limited_by;
    json["quotas"].push_back(q);
  }
  json["conflict"] = nlohmann::json::array();
  for (const ConflictMember& member : report.conflict) {
    json["conflict"].push_back({{"kind", member.kind},
                                {"names", member.names},
                                {"first_year", member.first_year},
                                {"last_year", member.last_year},
                                {"sentence", member.sentence}});
  }
  json["conflict_minimal"] = report.conflict_minimal;
  json["conflict_sentence"] = report.conflict_sentence;
  json["earliest_year_all"] =
      report.earliest_all_computed && report.earliest_year_all > 0 ? nlohmann::json(report.earliest_year_all)
                                                                   : nlohmann::json(nullptr);
  if (!report.earliest_all_limited_by.empty()) json["earliest_all_limited_by"] = report.earliest_all_limited_by;
  json["solves"] = report.solves;
  json["iterations"] = report.iterations;
  json["seconds"] = report.seconds;
  return json;
}

void PrintText(const Model& model, const CheckReport& report, int max_years, const std::string& limit) {
  switch (report.model_status) {
    case LpStatus::kOptimal: break;
    case LpStatus::kInfeasible:
      if (report.conflict.empty()) {
        fmt::print("The model has no feasible plan even without quotas: its floors, resources, capital and "
                   "activity bounds cannot all hold (run without --no-conflict to see which).\n");
      } else {
        fmt::print("The model has no feasible plan even without quotas: these {} constraints cannot all hold{}:\n",
                   report.conflict.size(),
                   report.conflict_minimal ? " (relaxing any one of them lets the rest hold)" : " (not proven minimal)");
        for (const ConflictMember& member : report.conflict) fmt::print("  {}: {}\n", member.kind, member.sentence);
      }
      return;
    case LpStatus::kTimeLimit:
    case LpStatus::kIterationLimit:
    case LpStatus::kInterrupted:
      fmt::print("The first solve (the nearest plan) stopped at {} before it finished: nothing is known about the "
                 "quotas or the model yet. Allow more time.\n",
                 limit);
      return;
    case LpStatus::kUnbounded:
    case LpStatus::kError:
      fmt::print("The solver failed on the first solve (the nearest plan; status {}): nothing is known about the "
                 "quotas.\n",
                 ToString(report.model_status));
      return;
  }
  fmt::print("{}: {} quota{} — {}\n", model.settings.name, report.quotas.size(),
             report.quotas.size() == 1 ? "" : "s",
             report.feasible ? "all can hold together with the model's floors, resources, capital and lags."
                             : "they CANNOT all hold together.");
  fmt::print("\nNearest feasible plan (least weighted shortfall, weight 1/asked):\n");
  fmt::print("  {:<26} {:>6} {:>12} {:>12} {:>12} {:>8} {:>12} {:>9}\n", "quota", "year", "asked", "achievable",
             "short by", "short %", "alone max", "earliest");
  for (const QuotaCheck& check : report.quotas) {
    const Quota& quota = model.quotas[check.quota];
    std::string earliest = check.unsolved ? "limit" : "-";
    if (check.earliest_computed) {
      earliest = check.earliest_year > 0 ? std::to_string(check.earliest_year)
                 : check.never         ? std::string("never")
                                       : fmt::format(">{}", quota.year + model.settings.base_year + max_years);
    }
    fmt::print("  {:<26} {:>6} {:>12} {:>12} {:>12} {:>7.1f}% {:>12} {:>9}\n", quota.id,
               model.CalendarYear(quota.year), Num(check.asked), Num(check.achievable), Num(check.short_by),
               check.short_by_percent, Num(check.alone_max), earliest);
  }
  // A conflict of a few members reads as one sentence; a large one (many quotas that only together
  // exceed the economy's capacity) as a list, quotas first, each kind of limit with its count.
  constexpr std::size_t kSentenceMembers = 8;
  constexpr std::size_t kListedPerKind = 10;
  if (!report.conflict_sentence.empty() && report.conflict.size() <= kSentenceMembers) {
    fmt::print("\nWhy: {}{}.\n", report.conflict_sentence,
               report.conflict_minimal ? "" : " (not proven minimal)");
  } else if (!report.conflict.empty()) {
    fmt::print("\nWhy: these {} constraints cannot all hold{}:\n", report.conflict.size(),
               report.conflict_minimal ? " (relaxing any one of them lets the rest hold)" : " (not proven minimal)");
    std::vector<std::string> kinds;
    for (const ConflictMember& member : report.conflict) {
      if (std::find(kinds.begin(), kinds.end(), member.kind) == kinds.end()) kinds.push_back(member.kind);
    }
    for (const std::string& kind : kinds) {
      std::size_t count = 0;
      for (const ConflictMember& member : report.conflict) count += member.kind == kind ? 1 : 0;
      fmt::print("  {} ({}):\n", kind, count);
      std::size_t shown = 0;
      for (const ConflictMember& member : report.conflict) {
        if (member.kind != kind) continue;
        if (shown++ == kListedPerKind) {
          fmt::print("    … and {} more (all of them in --format json)\n", count - kListedPerKind);
          break;
        }
        fmt::print("    {}\n", member.sentence);
      }
    }
  }
  bool header = false;
  for (const QuotaCheck& check : report.quotas) {
    if (check.unsolved && !check.earliest_computed) {
      if (!header) {
        fmt::print("\nEarliest year each unreachable quota could be met (horizon extended, investment planned "
                   "for it, other quotas set aside):\n");
        header = true;
      }
      fmt::print("  {:<26} not computed: a solve stopped at {}\n", model.quotas[check.quota].id, limit);
      continue;
    }
    if (!check.earliest_computed || check.reachable_alone) continue;
    if (!header) {
      fmt::print("\nEarliest year each unreachable quota could be met (horizon extended, investment planned "
                 "for it, other quotas set aside):\n");
      header = true;
    }
    const Quota& quota = model.quotas[check.quota];
    if (check.earliest_year > 0) {
      fmt::print("  {:<26} {} instead of {}\n", quota.id, check.earliest_year, model.CalendarYear(quota.year));
    } else if (check.never && check.no_producer) {
      std::string why;
      for (const std::string& limit : check.limited_by) why += (why.empty() ? "" : "; ") + limit;
      fmt::print("  {:<26} never: {}\n", quota.id, why);
    } else if (check.never) {
      std::string caps;
      for (const std::string& limit : check.limited_by) caps += (caps.empty() ? "" : "; ") + limit;
      fmt::print("  {:<26} never: more than the design capacities of all its producers together ({})\n", quota.id,
                 caps);
    } else {
      std::string why;
      for (const std::string& limit : check.limited_by) why += (why.empty() ? "" : "; ") + limit;
      fmt::print("  {:<26} not within {} years{}\n", quota.id, max_years, why.empty() ? "" : " (limited by: " + why + ")");
    }
  }
  if (report.limit_reached) {
    fmt::print("\nSome solves stopped at {}: the answers they would have given are shown as '-' or 'limit' (or "
               "the conflict as not proven minimal), not guessed.\n",
               limit);
  }
  if (report.earliest_all_computed && !report.feasible) {
    if (report.earliest_year_all > 0) {
      fmt::print("\nThe whole set, every quota delayed by the same number of years, holds from {}.\n",
                 report.earliest_year_all);
    } else if (std::any_of(report.quotas.begin(), report.quotas.end(), [](const QuotaCheck& c) { return c.never; })) {
      const bool no_producer = std::any_of(report.quotas.begin(), report.quotas.end(),
                                           [](const QuotaCheck& c) { return c.no_producer; });
      fmt::print("\nThe whole set can never hold: {}.\n",
                 no_producer ? "a quota on a product its enterprise (or the economy) does not make stays out of reach"
                             : "a quota above its design capacities stays out of reach");
    } else {
      std::string why;
      for (const std::string& limit : report.earliest_all_limited_by) why += (why.empty() ? "" : "; ") + limit;
      fmt::print("\nThe whole set cannot hold within {} years{}.\n", max_years,
                 why.empty() ? "" : " (limited by: " + why + ")");
    }
  }
  fmt::print("\n{} LP solves, {} simplex iterations, {:.2f} s\n", report.solves, report.iterations, report.seconds);
}

int RunCheck(const CheckFlags& flags) {
  if (flags.format != "text" && flags.format != "json") {
    return ReportFailure(Status::InvalidInput("--format", 0, 0, "unknown format '" + flags.format + "'", "text or json"));
  }
  auto loaded = LoadModelWithProgress(flags.model_folder, flags.no_cache, flags.quiet);
  if (!loaded.ok()) return ReportFailure(loaded.status());
  Model& model = loaded.value();
  if (!flags.targets_file.empty()) {
    auto quotas = ReadQuotaFile(model, flags.targets_file);
    if (!quotas.ok()) return ReportFailure(quotas.status());
    model.quotas = std::move(quotas.value());
  }
  if (!flags.out_folder.empty() && !flags.force && std::filesystem::exists(flags.out_folder)) {
    return ReportFailure(Status::InvalidInput(flags.out_folder, 0, 0, "plan folder already exists",
                                              "a new folder, or --force to replace it"));
  }
  CheckOptions options;
  options.max_years = flags.max_years;
  options.time_limit_seconds = flags.time_limit;
  options.total_time_limit_seconds = flags.total_time_limit;
  options.max_solves = flags.max_solves;
  options.threads = flags.threads;
  options.earliest_year = !flags.no_earliest;
  options.conflict = !flags.no_conflict;
  options.nearest_plan = !flags.out_folder.empty();
  options.log = [&](std::string_view message) { Progress(flags.quiet, message); };
  auto checked = CheckQuotas(model, options);
  if (!checked.ok()) return ReportFailure(checked.status());
  const CheckReport& report = checked.value();
  if (!flags.out_folder.empty() && report.model_status == LpStatus::kOptimal) {
    if (StoppedEarly(report.nearest_plan.status)) {
      return ReportFailure(Status::SolverLimit(
          "the nearest plan for --out stopped at a limit (time or --max-solves) before it was solved; nothing was "
          "written"));
    }
    Status written = WriteNearestPlanFolder(model, report, flags.out_folder, flags.force);
    if (!written.ok()) return ReportFailure(written);
    Progress(flags.quiet, "wrote the nearest feasible plan to " + flags.out_folder);
  }
  if (flags.format == "json") {
    fmt::print("{}\n", ToJson(model, report).dump(2));
  } else {
    std::string limits;
    if (flags.time_limit > 0) limits = fmt::format("--time-limit {:g} s per solve", flags.time_limit);
    if (flags.total_time_limit > 0) {
      limits += fmt::format("{}--total-time-limit {:g} s in all", limits.empty() ? "" : ", ", flags.total_time_limit);
    }
    std::string limit = limits.empty() ? "" : "the time limit (" + limits + ")";
    if (flags.max_solves > 0) {
      limit += fmt::format("{}the solve limit (--max-solves {})", limit.empty() ? "" : " or ", flags.max_solves);
    }
    PrintText(model, report, flags.max_years, limit.empty() ? "the time limit" : limit);
  }
  switch (report.model_status) {
    case LpStatus::kOptimal: return report.feasible ? kSuccess : kQuotasUnreachable;
    case LpStatus::kInfeasible: return kQuotasUnreachable;  // a verdict, explained
    case LpStatus::kTimeLimit:
    case LpStatus::kIterationLimit:
    case LpStatus::kInterrupted: return kSolverLimit;
    case LpStatus::kUnbounded:
    case LpStatus::kError: break;
  }
  return kInternalFailure;
}

}  // namespace

void RegisterCheckCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<CheckFlags>();
  CLI::App* command = app.add_subcommand(
      "check", "Can the model's quotas hold together? Nearest feasible plan, each quota alone, a minimal "
               "conflict in the model's words, and the earliest year (docs/check.md)");
  command->add_option("model", flags->model_folder, "model folder (model.toml + tables)")
      ->required()
      ->check(CLI::ExistingDirectory);
  command->add_option("--targets", flags->targets_file, "quota file in the format of targets.csv (default: the model's)");
  command->add_option("--out", flags->out_folder, "write the nearest feasible plan as a plan folder (gosplan verify accepts it)");
  command->add_option("--max-years", flags->max_years, "largest delay tried for the earliest year")
      ->check(CLI::Range(1, 200))
      ->capture_default_str();
  command->add_option("--format", flags->format, "text or json")->capture_default_str();
  command->add_option("--time-limit", flags->time_limit, "time limit per LP solve in seconds (0: none)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--total-time-limit", flags->total_time_limit,
                      "time limit for the whole check in seconds (0: none): no solve starts after it")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--max-solves", flags->max_solves,
                      "largest number of LP solves (0: none): a limit without a clock, the same on any machine")
      ->check(CLI::NonNegativeNumber);
  command->add_flag("--no-earliest", flags->no_earliest, "skip the earliest-year search");
  command->add_flag("--no-conflict", flags->no_conflict, "skip the conflict search");
  command->add_option("--threads", flags->threads,
                      "threads for the each-quota-alone solves (0: OpenMP's default; the results never depend on it)")
      ->check(CLI::NonNegativeNumber);
  command->add_flag("--force", flags->force, "replace an existing plan folder");
  command->add_flag("--quiet,-q", flags->quiet, "no progress messages on stderr");
  command->add_flag("--no-cache", flags->no_cache, "read the CSV tables, ignoring MODEL_DIR/.gosplan-cache");
  command->callback([flags, &exit_code] { exit_code = RunCheck(*flags); });
}

}  // namespace gosplan::cli
