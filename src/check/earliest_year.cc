// The design-ceiling pre-step and step 4 of CheckQuotas: the earliest year each quota, and the
// whole set, is reachable (see check_steps.h and include/gosplan/check.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "check/check_steps.h"
#include "gosplan/horizon.h"

namespace gosplan::check {

bool MarkAboveDesignCeiling(const Model& model, const Quota& quota, double tolerance,
                            QuotaCheck& check) {
  if (quota.kind != QuotaKind::kOutput)
    return MarkAboveTradeCeiling(model, quota, tolerance, check);
  const DesignCeiling ceiling = OutputDesignCeiling(model, quota.product, quota.enterprise);
  if (Met(quota.quantity - ceiling.ceiling, quota.quantity, tolerance)) return false;
  check.never = true;
  check.earliest_year = 0;
  check.limited_by = ceiling.capped_by;
  if (ceiling.capped_by.empty()) {
    // Nothing to sum: no technique there makes the product at all (the ceiling is 0).
    check.no_producer = true;
    check.limited_by.push_back(NoProducer(model, quota));
  }
  return true;
}

void RecordEconomyNotSolved(LpStatus economy, QuotaCheck& check, CheckReport& report,
                            bool& all_possible) {
  check.earliest_computed = false;
  if (economy != LpStatus::kInfeasible) {
    check.unsolved = true;
    report.limit_reached = true;
  }
  all_possible = false;
}

bool RecordDelay(const Model& model, const Quota& quota, int delay, QuotaCheck& check,
                 CheckReport& report, int& max_delay_needed, bool& all_possible) {
  if (delay == kUnknownDelay) {
    check.earliest_computed = false;
    check.unsolved = true;
    report.limit_reached = true;
    all_possible = false;
    return true;
  }
  if (delay < 0) return false;
  check.earliest_year = model.CalendarYear(quota.year + delay);
  max_delay_needed = std::max(max_delay_needed, delay);
  return true;
}

namespace {

// What step 4 gathers across its parts.
struct Tally {
  int solves = 0;
  std::int64_t iterations = 0;
  int max_delay_needed = 0;  // largest single delay found (years)
  bool all_possible = true;  // every quota has a known earliest year
};

// Settles every quota that needs no delay search (its own year when reachable alone or met in the
// nearest plan; unknown when neither is known; never when above its design ceiling) and returns the
// rest, in the model's order.
std::vector<std::size_t> QuotasToDelay(const Model& model, const CheckOptions& options,
                                       CheckReport& report, Tally& tally) {
  std::vector<std::size_t> pending;
  for (std::size_t q = 0; q < model.quotas.size(); ++q) {
    QuotaCheck& check = report.quotas[q];
    const Quota& quota = model.quotas[q];
    check.earliest_computed = true;
    if (std::isnan(check.alone_max)) {
      // Alone max not computed. Met in the nearest plan, the quota is reachable (alone too) in its
      // own year; short there, nothing is known.
      if (check.short_by > 0) {
        check.earliest_computed = false;
        tally.all_possible = false;
      } else {
        check.earliest_year = model.CalendarYear(quota.year);
      }
      continue;
    }
    if (check.reachable_alone) {
      check.earliest_year = model.CalendarYear(quota.year);
      continue;
    }
    if (MarkAboveDesignCeiling(model, quota, options.tolerance, check)) {
      tally.all_possible = false;
      continue;
    }
    pending.push_back(q);
  }
  return pending;
}

// Can `quota` be reached in plan year quota.year + d of `wide` (no quota rows)? A warm primal solve
// of max output in that year.
Reach TryDelay(ElasticProgram& wide, const Quota& quota, int d, const CheckOptions& options,
               const Budget& budget) {
  Reach reach;
  const auto terms = wide.OutputTerms(quota.product, quota.enterprise, quota.year + d);
  wide.UseTermsObjective(terms);
  const LpStatus status = budget.Resolve(wide.session(), lp::ClpSession::Method::kPrimal);
  reach.solved = status == LpStatus::kOptimal || status == LpStatus::kUnbounded;
  reach.reachable = status == LpStatus::kUnbounded ||
                    (status == LpStatus::kOptimal &&
                     Met(quota.quantity - wide.Value(terms), quota.quantity, options.tolerance));
  if (status == LpStatus::kOptimal && !reach.reachable) reach.limited_by = wide.Binding(3);
  return reach;
}

// Quotas unreachable alone share one extended LP (no quota rows): each try is a warm primal solve
// of max output in year Y+d. The horizon grows by doubling the extension when a quota needs more
// years (a fresh solve per horizon). Years after the tried one keep their floors (documented).
Status DelayEachQuota(const Model& model, const CheckOptions& options, const Budget& budget,
                      std::vector<std::size_t> pending, CheckReport& report, Tally& tally) {
  const int T = model.horizon();
  int latest_pending = 0;
  for (std::size_t q : pending) latest_pending = std::max(latest_pending, model.quotas[q].year);
  const int horizon_limit = latest_pending + options.max_years;
  std::vector<int> known_failed(model.quotas.size(), 0);  // largest delay known to fail
  for (int extension = 2; !pending.empty(); extension *= 2) {
    const int horizon = std::min(horizon_limit, std::max(T, latest_pending) + extension);
    Log(options,
        fmt::format("earliest year: {} quota(s) on a {}-year horizon", pending.size(), horizon));
    Model extended = ResizeHorizon(model, std::max(T, horizon));  // never shorter, as in TestReach
    extended.quotas.clear();
    auto built_extended = ElasticProgram::Build(extended);
    if (!built_extended.ok()) return built_extended.status();
    ElasticProgram& wide = *built_extended.value();
    wide.UseZeroObjective();
    const LpStatus base =
        budget.SolveFromScratch(wide.session(), LpSolveOptions::Algorithm::kDualSimplex);
    std::vector<std::size_t> still;
    for (std::size_t q : pending) {
      QuotaCheck& check = report.quotas[q];
      const Quota& quota = model.quotas[q];
      if (base != LpStatus::kOptimal) {
        RecordEconomyNotSolved(base, check, report, tally.all_possible);
        continue;
      }
      const int max_delay = std::min(options.max_years, horizon - quota.year);
      Reach last;
      const int delay = SmallestDelay(
          known_failed[q] + 1, max_delay,
          [&](int d) { return TryDelay(wide, quota, d, options, budget); }, last);
      if (RecordDelay(model, quota, delay, check, report, tally.max_delay_needed,
                      tally.all_possible))
        continue;
      if (max_delay >= options.max_years || horizon >= horizon_limit) {
        check.earliest_year = 0;
        check.limited_by = last.limited_by;
        tally.all_possible = false;
      } else {
        known_failed[q] = max_delay;
        still.push_back(q);
      }
    }
    tally.solves += wide.session().solves();
    tally.iterations += wide.session().iterations();
    pending = std::move(still);
  }
  return Status::Ok();
}

// Can `quotas` (plan years already shifted) all hold in `model` extended to `horizon`?
Reach TestReach(const Model& model, const std::vector<Quota>& quotas, int horizon,
                const CheckOptions& options, const Budget& budget, Tally& tally) {
  // Never shorter than the model: years after a quota keep their floors (the economy goes on).
  Model extended = ResizeHorizon(model, std::max(model.horizon(), horizon));
  extended.quotas = quotas;
  Reach reach;
  auto elastic = ElasticProgram::Build(extended);
  if (!elastic.ok()) return reach;
  ElasticProgram& program = *elastic.value();
  program.UseShortfallObjective();
  const LpStatus status =
      budget.SolveFromScratch(program.session(), LpSolveOptions::Algorithm::kPrimalSimplex);
  tally.solves += program.session().solves();
  tally.iterations += program.session().iterations();
  // Infeasible with every shortfall free: the extended economy itself cannot hold, so neither can
  // the quotas (a proven "no"); any other status proves nothing (solved stays false).
  if (status == LpStatus::kInfeasible) reach.solved = true;
  if (status != LpStatus::kOptimal) return reach;
  reach.solved = true;
  reach.reachable = true;
  const double* x = program.session().column_values();
  for (std::size_t q = 0; q < quotas.size(); ++q) {
    if (!Met(x[program.shortfall_column(q)], quotas[q].quantity, options.tolerance)) {
      reach.reachable = false;
    }
  }
  if (!reach.reachable) reach.limited_by = program.Binding(3);
  return reach;
}

// The whole set shifts every quota by the same delay, starting from the largest single delay (the
// set cannot come before its slowest member), each try a fresh elastic solve.
void DelayWholeSet(const Model& model, const CheckOptions& options, const Budget& budget,
                   Tally& tally, CheckReport& report) {
  int latest = 1;
  for (const Quota& quota : model.quotas) latest = std::max(latest, quota.year);
  report.earliest_all_computed = true;
  if (report.feasible) {
    report.earliest_year_all = model.CalendarYear(latest);
    return;
  }
  if (!tally.all_possible) {
    report.earliest_year_all = 0;
    report.earliest_all_computed =
        std::all_of(report.quotas.begin(), report.quotas.end(),
                    [](const QuotaCheck& c) { return c.earliest_computed; });
    return;
  }
  Log(options, "searching the earliest year for the whole set");
  Reach last;
  const int delay = SmallestDelay(
      std::max(1, tally.max_delay_needed), options.max_years,
      [&](int d) {
        std::vector<Quota> shifted = model.quotas;
        for (Quota& quota : shifted) quota.year += d;
        return TestReach(model, shifted, std::max(model.horizon(), latest + d), options, budget,
                         tally);
      },
      last);
  if (delay == kUnknownDelay) {
    report.earliest_year_all = 0;
    report.earliest_all_computed = false;
    report.limit_reached = true;
  } else if (delay < 0) {
    report.earliest_year_all = 0;
    report.earliest_all_limited_by = last.limited_by;
  } else {
    report.earliest_year_all = model.CalendarYear(latest + delay);
  }
}

}  // namespace

Status EarliestYearStep(const Model& model, const CheckOptions& options, const Budget& budget,
                        CheckReport& report) {
  Tally tally;
  std::vector<std::size_t> pending = QuotasToDelay(model, options, report, tally);
  // Import and export quotas are delayed within the world-price years (trade_quota_check.cc).
  std::vector<std::size_t> trade;
  std::erase_if(pending, [&](std::size_t q) {
    if (model.quotas[q].kind == QuotaKind::kOutput) return false;
    trade.push_back(q);
    return true;
  });
  if (Status delayed =
          DelayTradeQuotas(model, options, budget, trade, report, tally.solves, tally.iterations,
                           tally.max_delay_needed, tally.all_possible);
      !delayed.ok()) {
    return delayed;
  }
  if (Status delayed = DelayEachQuota(model, options, budget, std::move(pending), report, tally);
      !delayed.ok()) {
    return delayed;
  }
  DelayWholeSet(model, options, budget, tally, report);
  report.solves += tally.solves;
  report.iterations += tally.iterations;
  return Status::Ok();
}

}  // namespace gosplan::check
