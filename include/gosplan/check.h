// Diagnosis of a model's quotas: can they all hold, how near can a plan come, what stands in the
// way and from which year would they be reachable (`gosplan check`; docs/check.md).
//
// All LPs below are the plan LP of include/gosplan/plan.h with every quota q as a row
//   quota[q]:  output_q + shortfall_q ≥ asked_q,   shortfall_q ≥ 0,
// where output_q = Σ out·z over the quota's enterprise (or all) in its year. Everything else
// (balances, resources, capital, stocks and lags, floors, activity bounds, terminal capital) is
// hard.
//
//  1. Nearest plan:  min Σ_q w_q·shortfall_q, w_q = 1/asked_q (1 when asked_q = 0), so that a tonne
//     short of a 10 t quota weighs like 1000 t short of a 10,000 t quota (percent counts).
//     achievable_q = asked_q − shortfall_q. Feasible (the verdict) ⇔ the minimum is 0 (≤
//     tolerance).
//  2. Alone max:     max output_q with every other quota relaxed (shortfalls free) — the most this
//     quota can reach if the others gave way. alone_max_q < asked_q ⇔ q is unreachable even alone.
//     Solved for the quotas step 1 leaves short (a quota the nearest plan meets is reachable
//     alone: relaxing the others only enlarges the feasible set), and for every quota with
//     CheckOptions::headroom. Two fixed chains of warm primal solves (two threads when available)
//     from the nearest plan's basis; the split depends on the count of quotas solved only.
//  3. Conflict:      an irreducible infeasible subset of constraint groups (a quota;
//  capital[e,i,t];
//     stock[e,i,t] = initial stock and construction lag; resource[r,t]; floor f[c,i,t]). Candidates
//     are the groups in the support of the optimal duals of step 2 for the quota with the largest
//     relative gap (or of step 1 when every quota is reachable alone): by LP duality that support
//     is itself infeasible. A deletion filter (binary-split, warm dual simplex on a zero objective)
//     then drops every group whose relaxation keeps the system infeasible; the rest is minimal.
//  4. Earliest year: quota q asked in year Y (unreachable alone) is tried in year Y+d, d
//  = 1..max_years,
//     on the model extended beyond its horizon (extra years repeat the last plan year's resource
//     availability, floors and target mix; ResizeHorizon in gosplan/horizon.h). All such quotas
//     share one extended LP per horizon and each try is a warm primal solve of max output in year
//     Y+d; the horizon is extended by 2, 4, 8, … years (a fresh solve each) until the year is
//     covered. Years after the tried one keep their floors (the economy goes on after the quota
//     year), which can only make the answer later. Reachability is assumed monotone in d (delaying
//     only adds years of investment), so d is found by doubling then bisection. The whole set
//     shifts every quota by the same delay, starting from the largest single delay, each try a
//     fresh elastic solve. Before any of that, a quota above its design ceiling (DesignCeiling
//     below) is out of reach in every year, however long the horizon: it is reported as `never`
//     with the capacities that cap it and costs no LP.
#pragma once

#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "gosplan/linear_program.h"
#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "gosplan/status.h"

namespace gosplan {

struct CheckOptions {
  bool alone_max = true;  // step 2
  // Step 2 also for the quotas the nearest plan meets: their alone_max is then the headroom (how
  // far the figure could rise if the others gave way). Off, their alone_max is NaN (not computed)
  // and reachable_alone true, which step 1 proves; the verdicts, conflict and earliest years are
  // the same either way. Most of the solves of a large check are these (docs/check.md).
  bool headroom = false;
  bool conflict = true;       // step 3 (needs step 2 for its candidates)
  bool earliest_year = true;  // step 4
  int max_years = 30;         // step 4: largest delay tried, years (1..200)
  // Relative shortfall below which a quota counts as met (dimensionless, ≥ 0).
  double tolerance = 1e-6;
  bool nearest_plan = false;  // also solve the nearest plan as a full Plan (for a plan folder)
  // Threads for step 2's chains of solves (0: OpenMP's default). The numbers never depend on it.
  int threads = 0;
  // Time limit per LP solve (seconds; 0: none).
  double time_limit_seconds = 0.0;
  // Time limit for the whole diagnosis (seconds; 0: none): once it has passed no further LP solve
  // is started; every answer not reached is marked as stopped at the time limit (never guessed).
  double total_time_limit_seconds = 0.0;
  // Largest number of LP solves started (0: none), a limit without a clock (the same answers on any
  // machine): a solve beyond it is not run and counts as stopped at a limit, like the time limits.
  std::int64_t max_solves = 0;
  std::function<void(std::string_view)> log;  // progress (the library never prints); may be empty
  // One line per LP solve (which simplex, status, iterations, seconds): `gosplan check -v`. Called
  // from step 2's threads too, so it must be thread-safe; may be empty.
  std::function<void(std::string_view)> solve_log;
  // The cancel hook (as LpSolveOptions::should_stop): polled after every simplex iteration and
  // before every LP solve, from step 2's threads too (so it must be thread-safe, e.g. a read of a
  // std::atomic<bool>); true stops the diagnosis, which returns Status kCancelled (no report).
  std::function<bool()> should_stop;

  bool IsValid(std::string* error) const;
};

struct QuotaCheck {
  Index quota = 0;          // position in the model's quotas
  double asked = 0.0;       // product units
  double achievable = 0.0;  // output in the nearest plan
  double short_by = 0.0;    // asked − achievable (≥ 0)
  double short_by_percent = 0.0;
  double alone_max = 0.0;  // +kUnbounded when unlimited; NaN when not computed
  // alone_max ≥ asked (within tolerance); also true when alone_max was not computed (NaN): then it
  // is known only when the nearest plan met the quota (short_by 0), and unknown otherwise.
  bool reachable_alone = true;
  // Earliest calendar year the figure is reachable on its own (its own year when reachable alone);
  // 0 when not within max_years (then `limited_by` names the binding constraints of the last try).
  int earliest_year = 0;
  bool earliest_computed = false;
  bool never =
      false;  // above its design ceiling: unreachable in any year (limited_by names the caps)
  // No technique run by the quota's enterprise (by any enterprise, for a quota on the whole
  // economy) makes the product: `never`, and limited_by says so in one sentence.
  bool no_producer = false;
  // A solve for this quota (alone max, earliest year) stopped at the time limit or in numerical
  // trouble: what it would have told is left out (NaN alone_max, earliest not computed), never
  // guessed.
  bool unsolved = false;
  std::vector<std::string> limited_by;
};

// One member of a conflict: a constraint group over consecutive years.
struct ConflictMember {
  std::string kind;  // "quota", "capital", "stock", "resource", "floor"
  std::vector<std::string>
      names;           // model ids: quota id; enterprise + product; resource; category + product
  int first_year = 0;  // calendar years
  int last_year = 0;
  std::string sentence;  // e.g. "capital of Yugostal (machinery) 1931–1933"
};

struct CheckReport {
  // Status of the elastic LP: kOptimal normally; kInfeasible when the model cannot hold even
  // without any quota (floors, resources, capital): then `conflict` holds the constraints that
  // cannot hold together (when options.conflict; no quota among them) and nothing else is filled
  // in; kTimeLimit (or kIterationLimit for CheckOptions::max_solves) when the first solve stopped
  // at a limit (nothing is known).
  LpStatus model_status = LpStatus::kError;
  // Some solve after the first stopped at the time limit or in numerical trouble: the answers it
  // would have given are marked (QuotaCheck::unsolved, conflict_minimal false), not guessed.
  bool limit_reached = false;
  bool feasible = false;
  double weighted_shortfall = 0.0;       // the minimum of step 1
  std::vector<QuotaCheck> quotas;        // in the model's order
  std::vector<ConflictMember> conflict;  // empty when feasible (or not computed)
  bool conflict_minimal = false;         // the deletion filter finished
  std::string conflict_sentence;         // "steel 10.4 Mt in 1933 conflicts with: ..."
  int earliest_year_all = 0;  // calendar year; 0 when not within max_years or not computed
  bool earliest_all_computed = false;
  std::vector<std::string> earliest_all_limited_by;
  Plan nearest_plan;  // when options.nearest_plan (status kOptimal when found)
  // Facts.
  int solves = 0;
  std::int64_t iterations = 0;
  double seconds = 0.0;
};

// The most gross output of `product` (made at `enterprise`, or anywhere when −1) that any plan of
// any horizon can have in one year, from design capacities alone:
//   ceiling = Σ over enterprise techniques (e, p) making the product of out[p, product] ·
//   max_activity[e, p]
// (product units a year). +kUnbounded when some such technique has no max_activity: then investment
// can always add capacity and only an LP can tell. `capped_by` lists the enterprise techniques
// summed, in the model's order, as sentences ("Dneprostroi for Hydroelectric station (at most 2.5 a
// year)").
struct DesignCeiling {
  double ceiling = kUnbounded;
  std::vector<std::string> capped_by;
};
DesignCeiling OutputDesignCeiling(const Model& model, Index product, Index enterprise);

// Reads a quota file in the format of targets.csv (id,product,enterprise,year,quantity; calendar
// years within the model's horizon), written in `dialect` (gosplan/csv_dialect.h). Errors name
// file:line:column.
Result<std::vector<Quota>> ReadQuotaFile(const Model& model, const std::string& path,
                                         const CsvDialect& dialect = {});

// Runs the diagnosis on model.quotas. Infeasibility is a result, not an error; kInvalidArgument for
// invalid options, kInvalidInput for an LP CLP cannot take.
Result<CheckReport> CheckQuotas(const Model& model, const CheckOptions& options = {});

// Writes report.nearest_plan as a plan folder (WritePlanFolder) that `gosplan verify` accepts: the
// summary says quotas are not constraints, and prices.csv is left out because the nearest plan is
// not the model's optimal plan (its prices would prove nothing), so `verify` checks feasibility
// only.
Status WriteNearestPlanFolder(const Model& model, const CheckReport& report,
                              const std::string& folder, bool overwrite);

// ---- Reports (src/check/check_report.cc) ----

// The check in words, as `gosplan check` prints it: the verdict, the nearest plan per quota
// (asked, achievable, short by, alone max, earliest year), why (the conflict), the earliest year of
// each unreachable quota and of the whole set, and the count of solves and simplex iterations (no
// timings). `options` are those the check ran with: max_years and the limits that answers may have
// stopped at.
std::string CheckTextReport(const Model& model, const CheckReport& report,
                            const CheckOptions& options = {});

// The document "gosplan.check/1" (docs/json.md). No timings.
std::string CheckJson(const Model& model, const CheckReport& report);

// One row per quota, for a spreadsheet: id, product, enterprise (empty: the whole economy), year
// (calendar), asked, achievable, short_by, short_by_percent (product units, %), alone_max (empty:
// unlimited or not computed), reachable_alone (true/false), earliest_year (empty: not within
// max_years or not computed), never (true: above its design ceiling or no producer), unit.
std::string CheckCsv(const Model& model, const CheckReport& report);

}  // namespace gosplan
