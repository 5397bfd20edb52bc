// The check reports itself: the text `gosplan check` prints and the document "gosplan.check/1"
// (docs/json.md).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "gosplan/check.h"
#include "util/csv_writer.h"
#include "util/json.h"

namespace gosplan {
namespace {

template <typename... Args>
void Append(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

std::string Num(double value) {
  if (std::isinf(value)) return "unlimited";
  if (std::isnan(value)) return "-";
  return fmt::format("{:.6g}", value);
}

std::string JoinedWith(const std::vector<std::string>& parts, const char* separator) {
  std::string joined;
  for (const std::string& part : parts) joined += (joined.empty() ? "" : separator) + part;
  return joined;
}

// The limits a solve may have stopped at, named by the flags that set them ("the time limit
// (--time-limit 5 s per solve)"); "the time limit" when none was set (a solver's own limit).
std::string LimitWords(const CheckOptions& options) {
  std::string limits;
  if (options.time_limit_seconds > 0) {
    limits = fmt::format("--time-limit {:g} s per solve", options.time_limit_seconds);
  }
  if (options.total_time_limit_seconds > 0) {
    limits += fmt::format("{}--total-time-limit {:g} s in all", limits.empty() ? "" : ", ",
                          options.total_time_limit_seconds);
  }
  std::string limit = limits.empty() ? "" : "the time limit (" + limits + ")";
  if (options.max_solves > 0) {
    limit += fmt::format("{}the solve limit (--max-solves {})", limit.empty() ? "" : " or ",
                         options.max_solves);
  }
  return limit.empty() ? "the time limit" : limit;
}

const char* MinimalWords(bool minimal) {
  return minimal ? " (relaxing any one of them lets the rest hold)" : " (not proven minimal)";
}

// The verdict before any quota: the model itself cannot hold, or the first solve did not finish.
// Empty when the first solve was optimal.
std::string ModelFailureText(const CheckReport& report, const std::string& limit) {
  std::string out;
  switch (report.model_status) {
    case LpStatus::kOptimal:
      break;
    case LpStatus::kInfeasible:
      if (report.conflict.empty()) {
        Append(out,
               "The model has no feasible plan even without quotas: its floors, resources, capital "
               "and activity bounds cannot all hold (run without --no-conflict to see which).\n");
      } else {
        Append(
            out,
            "The model has no feasible plan even without quotas: these {} constraints cannot all "
            "hold{}:\n",
            report.conflict.size(), MinimalWords(report.conflict_minimal));
        for (const ConflictMember& member : report.conflict) {
          Append(out, "  {}: {}\n", member.kind, member.sentence);
        }
      }
      break;
    case LpStatus::kTimeLimit:
    case LpStatus::kIterationLimit:
    case LpStatus::kInterrupted:
      Append(
          out,
          "The first solve (the nearest plan) stopped at {} before it finished: nothing is known "
          "about the quotas or the model yet. Allow more time.\n",
          limit);
      break;
    case LpStatus::kUnbounded:
    case LpStatus::kError:
      Append(out,
             "The solver failed on the first solve (the nearest plan; status {}): nothing is known "
             "about the quotas.\n",
             ToString(report.model_status));
      break;
  }
  return out;
}

// A conflict of a few members reads as one sentence; a large one (many quotas that only together
// exceed the economy's capacity) as a list, each kind of limit with its count.
std::string ConflictText(const CheckReport& report) {
  constexpr std::size_t kSentenceMembers = 8;
  constexpr std::size_t kListedPerKind = 10;
  std::string out;
  if (!report.conflict_sentence.empty() && report.conflict.size() <= kSentenceMembers) {
    Append(out, "\nWhy: {}{}.\n", report.conflict_sentence,
           report.conflict_minimal ? "" : " (not proven minimal)");
    return out;
  }
  if (report.conflict.empty()) return out;
  Append(out, "\nWhy: these {} constraints cannot all hold{}:\n", report.conflict.size(),
         MinimalWords(report.conflict_minimal));
  std::vector<std::string> kinds;
  for (const ConflictMember& member : report.conflict) {
    if (std::find(kinds.begin(), kinds.end(), member.kind) == kinds.end()) {
      kinds.push_back(member.kind);
    }
  }
  for (const std::string& kind : kinds) {
    const auto count = static_cast<std::size_t>(
        std::count_if(report.conflict.begin(), report.conflict.end(),
                      [&kind](const ConflictMember& member) { return member.kind == kind; }));
    Append(out, "  {} ({}):\n", kind, count);
    std::size_t shown = 0;
    for (const ConflictMember& member : report.conflict) {
      if (member.kind != kind) continue;
      if (shown++ == kListedPerKind) {
        Append(out, "    … and {} more (all of them in --format json)\n", count - kListedPerKind);
        break;
      }
      Append(out, "    {}\n", member.sentence);
    }
  }
  return out;
}

// An import or export quota unreachable alone: when it could be met instead, and what stops it in
// its own year — for imports, why they cannot be paid for (the currency balance, credit, caps).
std::string TradeQuotaEarliestLine(const Model& model, const Quota& quota, const QuotaCheck& check,
                                   const std::string& why) {
  const bool imports = quota.kind == QuotaKind::kImport;
  const std::string because =
      why.empty() ? std::string()
                  : fmt::format("; in {} {}: {}", model.CalendarYear(quota.year),
                                imports ? "they cannot be paid for" : "they cannot be sold", why);
  if (check.earliest_year > 0) {
    return fmt::format("  {:<26} {} instead of {}{}\n", quota.id, check.earliest_year,
                       model.CalendarYear(quota.year), because);
  }
  if (check.never) {
    return fmt::format("  {:<26} never: more than the {} caps of world_prices.csv allow ({})\n",
                       quota.id, imports ? "import" : "export", why);
  }
  return fmt::format("  {:<26} not by {} (the last year with world prices){}\n", quota.id,
                     model.CalendarYear(model.horizon()), because);
}

// The earliest year of each quota unreachable alone (and of those whose search stopped at a limit).
std::string EarliestText(const Model& model, const CheckReport& report, int max_years,
                         const std::string& limit) {
  std::string out;
  bool header = false;
  auto print_header = [&] {
    if (header) return;
    Append(out,
           "\nEarliest year each unreachable quota could be met (horizon extended, investment "
           "planned for it, other quotas set aside):\n");
    header = true;
  };
  for (const QuotaCheck& check : report.quotas) {
    const Quota& quota = model.quotas[check.quota];
    if (check.unsolved && !check.earliest_computed) {
      print_header();
      Append(out, "  {:<26} not computed: a solve stopped at {}\n", quota.id, limit);
      continue;
    }
    if (!check.earliest_computed || check.reachable_alone) continue;
    print_header();
    const std::string why = JoinedWith(check.limited_by, "; ");
    if (quota.kind != QuotaKind::kOutput) {
      out += TradeQuotaEarliestLine(model, quota, check, why);
      continue;
    }
    if (check.earliest_year > 0) {
      Append(out, "  {:<26} {} instead of {}\n", quota.id, check.earliest_year,
             model.CalendarYear(quota.year));
    } else if (check.never && check.no_producer) {
      Append(out, "  {:<26} never: {}\n", quota.id, why);
    } else if (check.never) {
      Append(out,
             "  {:<26} never: more than the design capacities of all its producers together ({})\n",
             quota.id, why);
    } else {
      Append(out, "  {:<26} not within {} years{}\n", quota.id, max_years,
             why.empty() ? "" : " (limited by: " + why + ")");
    }
  }
  return out;
}

// The whole set, every quota delayed by the same number of years.
std::string EarliestAllText(const Model& model, const CheckReport& report, int max_years) {
  std::string out;
  if (!report.earliest_all_computed || report.feasible) return out;
  const auto any = [&report](bool QuotaCheck::*flag) {
    return std::any_of(report.quotas.begin(), report.quotas.end(),
                       [flag](const QuotaCheck& check) { return check.*flag; });
  };
  if (report.earliest_year_all > 0) {
    Append(out,
           "\nThe whole set, every quota delayed by the same number of years, holds from {}.\n",
           report.earliest_year_all);
  } else if (any(&QuotaCheck::never)) {
    Append(out, "\nThe whole set can never hold: {}.\n",
           any(&QuotaCheck::no_producer)
               ? "a quota on a product its enterprise (or the economy) does not make stays out of "
                 "reach"
               : "a quota above its design capacities (or its world_prices.csv trade cap) stays "
                 "out of reach");
  } else {
    const std::string why = JoinedWith(report.earliest_all_limited_by, "; ");
    // Import and export quotas delayed past the last plan year have no world prices to trade at.
    const bool trade =
        std::any_of(model.quotas.begin(), model.quotas.end(),
                    [](const Quota& quota) { return quota.kind != QuotaKind::kOutput; });
    Append(out, "\nThe whole set cannot hold within {} years{}{}.\n", max_years,
           trade ? fmt::format(" (import and export quotas: world prices end in {})",
                               model.CalendarYear(model.horizon()))
                 : std::string(),
           why.empty() ? "" : " (limited by: " + why + ")");
  }
  return out;
}

// "feasible", "unreachable", "model_infeasible", a limit status, or "error".
std::string StatusWord(const CheckReport& report) {
  if (report.model_status == LpStatus::kOptimal) {
    return report.feasible ? "feasible" : "unreachable";
  }
  if (report.model_status == LpStatus::kInfeasible) return "model_infeasible";
  if (StoppedEarly(report.model_status)) return ToString(report.model_status);
  return "error";
}

}  // namespace

std::string CheckTextReport(const Model& model, const CheckReport& report,
                            const CheckOptions& options) {
  const std::string limit = LimitWords(options);
  if (report.model_status != LpStatus::kOptimal) return ModelFailureText(report, limit);
  std::string out;
  Append(out, "{}: {} quota{} — {}\n", model.settings.name, report.quotas.size(),
         report.quotas.size() == 1 ? "" : "s",
         report.feasible
             ? "all can hold together with the model's floors, resources, capital and lags."
             : "they CANNOT all hold together.");
  Append(out, "\nNearest feasible plan (least weighted shortfall, weight 1/asked):\n");
  Append(out, "  {:<26} {:>6} {:>12} {:>12} {:>12} {:>8} {:>12} {:>9}\n", "quota", "year", "asked",
         "achievable", "short by", "short %", "alone max", "earliest");
  for (const QuotaCheck& check : report.quotas) {
    const Quota& quota = model.quotas[check.quota];
    std::string earliest = check.unsolved ? "limit" : "-";
    if (check.earliest_computed) {
      // Not found: beyond the years tried (a trade quota: beyond the last world-price year).
      const int last_tried = quota.kind == QuotaKind::kOutput
                                 ? quota.year + model.settings.base_year + options.max_years
                                 : model.CalendarYear(model.horizon());
      earliest = check.earliest_year > 0 ? std::to_string(check.earliest_year)
                 : check.never           ? std::string("never")
                                         : fmt::format(">{}", last_tried);
    }
    Append(out, "  {:<26} {:>6} {:>12} {:>12} {:>12} {:>7.1f}% {:>12} {:>9}\n", quota.id,
           model.CalendarYear(quota.year), Num(check.asked), Num(check.achievable),
           Num(check.short_by), check.short_by_percent, Num(check.alone_max), earliest);
  }
  const bool headroom_left_out =
      !options.headroom &&
      std::any_of(report.quotas.begin(), report.quotas.end(),
                  [](const QuotaCheck& c) { return std::isnan(c.alone_max) && !c.unsolved; });
  if (headroom_left_out) {
    Append(out,
           "  (alone max '-': the nearest plan meets the quota, so it is reachable alone; "
           "--headroom computes how far it could rise)\n");
  }
  out += ConflictText(report);
  out += EarliestText(model, report, options.max_years, limit);
  if (report.limit_reached) {
    Append(out,
           "\nSome solves stopped at {}: the answers they would have given are shown as '-' or "
           "'limit' (or the conflict as not proven minimal), not guessed.\n",
           limit);
  }
  out += EarliestAllText(model, report, options.max_years);
  // The count of solves and iterations is a result (the same on every run); the seconds are not.
  Append(out, "\n{} LP solves, {} simplex iterations\n", report.solves, report.iterations);
  return out;
}

// Keys in alphabetical order (the order of the document before it had a schema).
std::string CheckJson(const Model& model, const CheckReport& report) {
  using util::Json;
  using util::JsonNumber;
  Json document = util::JsonDocument("gosplan.check/1");
  Json conflict = Json::array();
  for (const ConflictMember& member : report.conflict) {
    conflict.push_back({{"first_year", member.first_year},
                        {"kind", member.kind},
                        {"last_year", member.last_year},
                        {"names", member.names},
                        {"sentence", member.sentence}});
  }
  document["conflict"] = conflict;
  document["conflict_minimal"] = report.conflict_minimal;
  document["conflict_sentence"] = report.conflict_sentence;
  document["earliest_all_limited_by"] = report.earliest_all_limited_by;
  document["earliest_year_all"] = report.earliest_all_computed && report.earliest_year_all > 0
                                      ? Json(report.earliest_year_all)
                                      : Json(nullptr);
  document["feasible"] = report.feasible;
  document["iterations"] = report.iterations;
  document["limit_reached"] = report.limit_reached;
  document["model_feasible"] = report.model_status == LpStatus::kOptimal;
  Json quotas = Json::array();
  for (const QuotaCheck& check : report.quotas) {
    const Quota& quota = model.quotas[check.quota];
    Json q = Json::object();
    q["achievable"] = JsonNumber(check.achievable);
    // Null when unlimited (then reachable_alone is true) or not computed.
    q["alone_max"] = JsonNumber(check.alone_max);
    q["asked"] = JsonNumber(check.asked);
    q["earliest_year"] = check.earliest_computed && check.earliest_year > 0
                             ? Json(check.earliest_year)
                             : Json(nullptr);
    q["enterprise"] =
        quota.enterprise >= 0 ? Json(model.enterprises[quota.enterprise].id) : Json(nullptr);
    q["id"] = quota.id;
    q["kind"] = ToString(quota.kind);
    q["limited_by"] = check.limited_by;
    q["never"] = check.never;
    q["no_producer"] = check.no_producer;
    q["product"] = model.products[quota.product].id;
    // Unknown (null) when the alone max was not computed and the nearest plan fell short: never a
    // guess.
    q["reachable_alone"] = std::isnan(check.alone_max) && check.short_by > 0
                               ? Json(nullptr)
                               : Json(check.reachable_alone);
    q["short_by"] = JsonNumber(check.short_by);
    q["short_by_percent"] = JsonNumber(check.short_by_percent);
    q["unsolved"] = check.unsolved;
    q["year"] = model.CalendarYear(quota.year);
    quotas.push_back(std::move(q));
  }
  document["quotas"] = quotas;
  document["solves"] = report.solves;
  document["status"] = StatusWord(report);
  document["weighted_shortfall"] = JsonNumber(report.weighted_shortfall);
  return util::JsonText(document);
}

std::string CheckCsv(const Model& model, const CheckReport& report) {
  std::string out;
  util::CsvWriter csv(out, /*significant_digits=*/12);  // as plan tables: no solver noise
  csv.Header("id", "product", "enterprise", "year", "asked", "achievable", "short_by",
             "short_by_percent", "alone_max", "reachable_alone", "earliest_year", "never", "unit");
  for (const QuotaCheck& check : report.quotas) {
    const Quota& quota = model.quotas[check.quota];
    csv.Text(quota.id)
        .Text(model.products[quota.product].id)
        .Text(quota.enterprise >= 0 ? std::string_view(model.enterprises[quota.enterprise].id) : "")
        .Integer(model.CalendarYear(quota.year))
        .Number(check.asked)
        .Number(check.achievable)
        .Number(check.short_by)
        .Number(check.short_by_percent)
        .Number(check.alone_max)  // non-finite (unlimited, not computed): an empty cell
        .Text(check.reachable_alone ? "true" : "false");
    if (check.earliest_computed && check.earliest_year > 0) {
      csv.Integer(check.earliest_year);
    } else {
      csv.Empty();
    }
    csv.Text(check.never ? "true" : "false").Text(model.products[quota.product].unit).EndRow();
  }
  return out;
}

}  // namespace gosplan
