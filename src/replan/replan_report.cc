// The re-plan in words and as the document gosplan.replan/1.
#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "gosplan/replan.h"
#include "util/json.h"

namespace gosplan {
namespace {

std::string Number(double value) { return fmt::format("{:.6g}", value); }

// Construction in progress listed in words (the rest is in replan.json).
constexpr std::size_t kListed = 10;

const char* YearsWord(int years) { return years == 1 ? "year" : "years"; }

}  // namespace

std::string ReplanTextReport(const Model& old_model, const ReplanResult& result) {
  const Model& model = result.model;
  const ActualState& state = result.state;
  const int past = state.reported_years;
  std::string out = fmt::format(
      "re-plan of {} from {}: plan years {}–{} (base year {}{})\n", old_model.settings.name,
      state.from_year, model.CalendarYear(1), model.CalendarYear(model.horizon()),
      model.settings.base_year,
      model.horizon() > old_model.horizon() - state.first_old_year + 1
          ? fmt::format(
                ", extended by {} {}",
                model.horizon() - (old_model.horizon() - state.first_old_year + 1),
                YearsWord(model.horizon() - (old_model.horizon() - state.first_old_year + 1)))
          : std::string());
  if (past == 0) {
    out += "actual state: the model's own (no year of the plan is past)\n";
  } else {
    const std::string years =
        past == 1 ? std::to_string(old_model.CalendarYear(1))
                  : fmt::format("{}–{}", old_model.CalendarYear(1), old_model.CalendarYear(past));
    out += fmt::format("actual state after {}: {} report(s) used", years, state.actuals_used);
    if (state.actuals_ignored > 0) {
      out += fmt::format(", {} of {} or later ignored (not yet past)", state.actuals_ignored,
                         state.from_year);
    }
    out += "; unreported outputs taken as planned\n";
    std::string short_lines;
    for (std::size_t i = 0; i < old_model.products.size(); ++i) {
      for (int t = 1; t <= past; ++t) {
        const double ratio = state.supply_ratio[i * past + t - 1];
        if (ratio >= 1.0) continue;
        short_lines +=
            fmt::format("  {} {}: supply {:.1f} % of plan (every use cut to it)\n",
                        old_model.products[i].name, old_model.CalendarYear(t), 100.0 * ratio);
      }
    }
    out += short_lines.empty() ? "supply met the plan in every reported year\n"
                               : "supply below plan:\n" + short_lines;
    if (state.currency_carried) {
      out += fmt::format(
          "currency at the end of {}: debt {} (plan {}), reserves {} (plan {}) {}; export "
          "earnings lost to shortfalls {}\n",
          old_model.CalendarYear(past), Number(state.debt), Number(state.planned_debt),
          Number(state.reserves), Number(state.planned_reserves), old_model.settings.trade_currency,
          Number(state.earnings_lost));
    }
  }
  if (!model.construction_in_progress.empty()) {
    const std::size_t count = model.construction_in_progress.size();
    out += fmt::format("construction in progress (sunk, continuing): {} stock{}{}\n", count,
                       count == 1 ? "" : "s",
                       count > kListed ? fmt::format(", the first {} (all in replan.json and "
                                                     "model/construction_in_progress.csv)",
                                                     kListed)
                                       : std::string());
    const std::vector<std::vector<double>> profiles = OutlayProfiles(model);
    for (std::size_t n = 0; n < count && n < kListed; ++n) {
      const ConstructionInProgress& cip = model.construction_in_progress[n];
      // The outlays still owed inside the re-plan (outlay profiles; OwedOutlays' rule).
      const std::vector<double>& profile = profiles[static_cast<std::size_t>(cip.enterprise)];
      const int started = std::min(cip.year_usable - static_cast<int>(profile.size()), 0);
      double owed = 0.0;
      for (std::size_t o = 0; o < profile.size(); ++o) {
        if (started + static_cast<int>(o) >= 1) owed += profile[o] * cip.quantity;
      }
      out +=
          fmt::format("  {}: {} {} of {} usable in {}{}\n", model.enterprises[cip.enterprise].name,
                      Number(cip.quantity), model.products[cip.product].unit,
                      model.products[cip.product].name, model.CalendarYear(cip.year_usable),
                      owed > 0 ? fmt::format(", {} {} of its outlays still to pay", Number(owed),
                                             model.products[cip.product].unit)
                               : std::string());
    }
  }
  for (const AbandonedConstruction& gone : state.abandoned) {
    out += fmt::format("abandoned: {}: {} {} of {} that would have been usable in {} (dropped)\n",
                       model.enterprises[gone.enterprise].name, Number(gone.quantity),
                       model.products[gone.product].unit, model.products[gone.product].name,
                       model.CalendarYear(gone.year_usable));
  }
  if (state.frozen_targets > 0) {
    out += fmt::format("frozen targets: {} kept as law, {} released\n",
                       state.frozen_targets - result.released.size(), result.released.size());
    for (const ReleasedTarget& r : result.released) {
      out += fmt::format(
          "  {} ({} of {} in {}): asked {}, kept {} (what the nearest plan "
          "achieves)\n",
          r.quota_id, model.products[r.product].name, model.enterprises[r.enterprise].name,
          model.CalendarYear(r.year), Number(r.asked), Number(r.kept));
    }
  }
  if (state.quotas_dropped > 0) {
    out += fmt::format(
        "quotas not carried over: {} (of years before {}, or not law beside frozen "
        "targets)\n",
        state.quotas_dropped, state.from_year);
  }
  if (result.checked && !result.check.conflict_sentence.empty()) {
    out += "conflict (as gosplan check finds it): " + result.check.conflict_sentence + "\n";
  }
  return out + PlanTextReport(model, result.plan);
}

std::string ReplanJson(const Model& old_model, const ReplanResult& result) {
  using util::Json;
  using util::JsonNumber;
  const Model& model = result.model;
  const ActualState& state = result.state;
  const int past = state.reported_years;
  Json document = util::JsonDocument("gosplan.replan/1");
  document["model"] = old_model.settings.name;
  document["from_year"] = state.from_year;
  document["base_year"] = model.settings.base_year;
  document["last_year"] = model.CalendarYear(model.horizon());
  document["extend_years"] = model.horizon() - (old_model.horizon() - state.first_old_year + 1);
  document["actuals_used"] = state.actuals_used;
  document["actuals_ignored"] = state.actuals_ignored;
  Json shortfalls = Json::array();
  for (std::size_t i = 0; i < old_model.products.size(); ++i) {
    for (int t = 1; t <= past; ++t) {
      const double ratio = state.supply_ratio[i * past + t - 1];
      if (ratio >= 1.0) continue;
      shortfalls.push_back({{"product", old_model.products[i].id},
                            {"year", old_model.CalendarYear(t)},
                            {"supply_ratio", JsonNumber(ratio)}});
    }
  }
  document["shortfalls"] = shortfalls;
  auto construction = [&](Index enterprise, Index product, int year, double quantity) {
    return Json{{"enterprise", model.enterprises[enterprise].id},
                {"product", model.products[product].id},
                {"year_usable", model.CalendarYear(year)},
                {"quantity", JsonNumber(quantity)}};
  };
  Json in_progress = Json::array();
  for (const ConstructionInProgress& cip : model.construction_in_progress) {
    in_progress.push_back(construction(cip.enterprise, cip.product, cip.year_usable, cip.quantity));
  }
  document["construction_in_progress"] = in_progress;
  Json abandoned = Json::array();
  for (const AbandonedConstruction& gone : state.abandoned) {
    abandoned.push_back(
        construction(gone.enterprise, gone.product, gone.year_usable, gone.quantity));
  }
  document["abandoned"] = abandoned;
  document["frozen_targets"] = state.frozen_targets;
  Json released = Json::array();
  for (const ReleasedTarget& r : result.released) {
    released.push_back({{"quota", r.quota_id},
                        {"enterprise", model.enterprises[r.enterprise].id},
                        {"product", model.products[r.product].id},
                        {"year", model.CalendarYear(r.year)},
                        {"asked", JsonNumber(r.asked)},
                        {"kept", JsonNumber(r.kept)}});
  }
  document["released"] = released;
  document["quotas_dropped"] = state.quotas_dropped;
  if (state.currency_carried) {
    document["currency"] = {{"debt", JsonNumber(state.debt)},
                            {"reserves", JsonNumber(state.reserves)},
                            {"planned_debt", JsonNumber(state.planned_debt)},
                            {"planned_reserves", JsonNumber(state.planned_reserves)},
                            {"earnings_lost", JsonNumber(state.earnings_lost)}};
  } else {
    document["currency"] = nullptr;
  }
  if (result.checked && !result.check.conflict.empty()) {
    Json members = Json::array();
    for (const ConflictMember& member : result.check.conflict) {
      members.push_back({{"kind", member.kind},
                         {"names", member.names},
                         {"first_year", member.first_year},
                         {"last_year", member.last_year},
                         {"sentence", member.sentence}});
    }
    document["conflict"] = {{"sentence", result.check.conflict_sentence}, {"members", members}};
  } else {
    document["conflict"] = nullptr;
  }
  document["plan"] = Json::parse(PlanJson(model, result.plan));
  return util::JsonText(document);
}

}  // namespace gosplan
