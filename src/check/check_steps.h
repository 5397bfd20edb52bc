// Internal to `check`: the steps of CheckQuotas (include/gosplan/check.h states the method), one
// function per step, each in its own file, and what they share. CheckQuotas (check.cc) runs them in
// order on one elastic LP; each step reads what the earlier ones wrote into the report.
//
//   1 nearest plan (nearest_plan.cc): reads the loaded elastic LP; writes model_status, feasible,
//     weighted_shortfall and each quota's short_by, achievable.
//   (model infeasible, conflict.cc): when step 1 found no plan; writes conflict, conflict_sentence.
//   2 alone max (alone_max.cc): reads step 1's optimal basis; writes each quota's alone_max,
//     reachable_alone, unsolved.
//   3 conflict (conflict.cc): reads the dual supports of steps 1 and 2; writes conflict,
//     conflict_minimal, conflict_sentence.
//   design-ceiling pre-step (earliest_year.cc): reads the quotas of steps 1–2; writes never and
//     no_producer.
//   4 earliest year (earliest_year.cc): reads the quotas of steps 1–2; writes each quota's
//     earliest_year and earliest_year_all.
//   5 nearest plan as a Plan (nearest_plan.cc): reads each quota's achievable; writes nearest_plan.
//
// Every step leaves the elastic LP as it found it (bounds and shortfall columns restored); its
// objective is whatever the step last set.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "check/elastic_program.h"
#include "gosplan/check.h"

namespace gosplan::check {

// A row or bound is in a dual support when its |dual| exceeds this fraction of the largest |dual|.
inline constexpr double kSupportThreshold = 1e-9;

// The time allowed to each LP solve (CheckOptions::time_limit_seconds, enforced by CLP) and to the
// whole diagnosis (total_time_limit_seconds, enforced here: once it has passed no solve is started
// and each one not run counts as stopped at the time limit). Read-only, so the chains' threads
// share it. CheckOptions::max_solves bounds the number of solves started the same way, without a
// clock.
class Budget {
 public:
  explicit Budget(const CheckOptions& options)
      : per_solve_(options.time_limit_seconds),
        total_(options.total_time_limit_seconds),
        max_solves_(options.max_solves),
        solve_log_(options.solve_log),
        should_stop_(options.should_stop) {}
  // True when no further solve may start; counts the solve that may (so call it once per solve).
  bool Exhausted() const {
    if (Cancelled()) return true;
    if (max_solves_ > 0 && started_.fetch_add(1) >= max_solves_) return true;
    return total_ > 0 && Elapsed() >= total_;
  }
  // Which limit made Exhausted() true: the solve count (max_solves, told as an iteration limit: a
  // count with no clock) or the total time.
  LpStatus StoppedBy() const {
    if (Cancelled()) return LpStatus::kInterrupted;
    return max_solves_ > 0 && started_.load() > max_solves_ ? LpStatus::kIterationLimit
                                                            : LpStatus::kTimeLimit;
  }
  // CheckOptions::should_stop said stop (RunCheck then returns kCancelled).
  bool Cancelled() const { return should_stop_ && should_stop_(); }
  // The limit to hand CLP for the next solve (0: none).
  double Limit() const {
    if (total_ <= 0) return per_solve_;
    const double left = std::max(total_ - Elapsed(), 1e-9);
    return per_solve_ > 0 ? std::min(per_solve_, left) : left;
  }
  LpStatus Resolve(lp::ClpSession& session, lp::ClpSession::Method method) const {
    if (Exhausted()) return StoppedBy();
    const std::int64_t iterations = session.iterations();
    const auto start = std::chrono::steady_clock::now();
    if (should_stop_) session.SetCancelHook(should_stop_);
    const LpStatus status = session.Resolve(method, Limit());
    Told(method == lp::ClpSession::Method::kPrimal ? "warm primal" : "warm dual", status,
         session.iterations() - iterations, start);
    return status;
  }
  LpStatus SolveFromScratch(lp::ClpSession& session, LpSolveOptions::Algorithm algorithm) const {
    if (Exhausted()) return StoppedBy();
    const std::int64_t iterations = session.iterations();
    const auto start = std::chrono::steady_clock::now();
    if (should_stop_) session.SetCancelHook(should_stop_);
    const LpStatus status = session.SolveFromScratch(algorithm, Limit());
    Told(ToString(algorithm), status, session.iterations() - iterations, start);
    return status;
  }

 private:
  // CheckOptions::solve_log: one line per LP solve (called from the chains' threads too).
  void Told(const char* method, LpStatus status, std::int64_t iterations,
            std::chrono::steady_clock::time_point start) const {
    if (!solve_log_) return;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    solve_log_("LP solve " + std::to_string(++solves_told_) + " (" + method +
               "): " + ToString(status) + ", " + std::to_string(iterations) + " iterations, " +
               std::to_string(seconds) + " s");
  }
  double Elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  double per_solve_;
  double total_;
  std::int64_t max_solves_;
  mutable std::atomic<std::int64_t> started_{0};
  std::function<void(std::string_view)> solve_log_;
  std::function<bool()> should_stop_;
  mutable std::atomic<std::int64_t> solves_told_{0};
};

// A quota short by `shortfall` counts as met: shortfall ≤ tolerance·max(1, asked).
inline bool Met(double shortfall, double asked, double tolerance) {
  return shortfall <= tolerance * std::max(1.0, asked);
}

inline void Log(const CheckOptions& options, const std::string& message) {
  if (options.log) options.log(message);
}

// The parts joined by `separator` ("a; b; c").
std::string Join(const std::vector<std::string>& parts, const char* separator);

// "Krivbass runs no technique that makes Steel" (or, for a quota on the whole economy, "no
// enterprise runs a technique that makes Steel"): the reason a quota whose design ceiling is 0 can
// never be met.
std::string NoProducer(const Model& model, const Quota& quota);

// ---- Step 1 (nearest_plan.cc) ----

// Minimises Σ_q w_q·shortfall_q on `elastic` (cold primal simplex). When optimal: sets
// report.model_status = kOptimal, report.feasible, report.weighted_shortfall and, per quota,
// asked/short_by/achievable/short_by_percent (a shortfall within tolerance is 0; alone_max NaN),
// fills `joint_support` with the dual support when some quota is short, and returns true. Otherwise
// sets report.model_status to the solve's status and report.feasible = false, and returns false.
bool NearestPlan(ElasticProgram& elastic, const CheckOptions& options, const Budget& budget,
                 CheckReport& report, std::vector<Group>& joint_support);

// Step 5: the nearest plan as a full Plan (SolvePlan with the model's objective, every quota held
// as a constraint a hair below its achievable level) into report.nearest_plan; report.limit_reached
// when it stopped early. Errors only when SolvePlan refuses the model.
Status SolveNearestFullPlan(const Model& model, const Budget& budget, CheckReport& report);

// ---- Step 2 (alone_max.cc) ----

// Per quota: the most output_q can reach with every other quota's shortfall free.
struct AloneMax {
  LpStatus status = LpStatus::kError;
  double value = 0.0;          // output_q at the optimum
  std::vector<Group> support;  // dual support when the asked figure is out of reach
  // An import or export quota out of reach: what binds, trade limits first ("cannot be paid for").
  std::vector<std::string> limited_by;
};

// Step 2's solves for the quotas `to_solve` (positions in the model's quotas) as fixed chains of
// warm primal solves from `elastic`'s current (optimal) basis; the split depends on the number of
// quotas solved only (never on the thread count). The result has one entry per model quota; those
// not in `to_solve` keep status kError (not solved). Adds the clones' solves and iterations (not
// those of `elastic` itself) to `solves` and `iterations`.
std::vector<AloneMax> MaximiseEachAlone(ElasticProgram& elastic,
                                        const std::vector<std::size_t>& to_solve,
                                        const CheckOptions& options, const Budget& budget,
                                        int& solves, std::int64_t& iterations);

// Step 2 on the report: alone_max (+kUnbounded, the optimum, or NaN with `unsolved` and
// report.limit_reached when a solve stopped) and reachable_alone per quota short in step 1 (every
// quota with options.headroom; a met quota is otherwise left NaN, reachable alone). Returns the
// dual support of every quota unreachable alone, by quota.
std::map<std::size_t, std::vector<Group>> AloneMaxStep(ElasticProgram& elastic,
                                                       const CheckOptions& options,
                                                       const Budget& budget, CheckReport& report);

// ---- Step 3 (conflict.cc) ----

// A warm dual simplex after bounds were relaxed to infinity can report infeasibility from a stale
// state (seen with CLP 1.17 on the USSR model); a primal pass from the same basis confirms it.
// Unknown when a solve stopped at its time limit or in numerical trouble: neither answer is proven.
enum class Verdict { kInfeasible, kFeasible, kUnknown };
Verdict Test(ElasticProgram& elastic, const Budget& budget);

// Deletion filter over `block` (all currently hard, the system infeasible): appends to `kept` the
// groups whose relaxation restores feasibility; sets `unproven` when a test ended unproven (the
// kept set is then still infeasible but may not be minimal). Leaves every group of `block` hard.
void Filter(ElasticProgram& elastic, const std::vector<Group>& block, std::vector<Group>& kept,
            const Budget& budget, bool& unproven);

// Groups consecutive years of the same constraint (floors: per category and product) into members,
// quotas first, then by kind.
std::vector<ConflictMember> Members(const ElasticProgram& elastic, std::vector<Group> groups);

// The conflict sentence from the members' sentences: "<quotas> conflict(s) with: <rest>", or
// "<quota> cannot be met: <no_producer>" when `no_producer` is not empty and the quota stands
// alone.
std::string ConflictSentence(const std::vector<std::string>& quotas_in,
                             const std::vector<std::string>& rest, const std::string& no_producer);

// When step 1 found no plan even with every shortfall free: a minimal conflict among the model's
// own constraints (no quota) into report.conflict and report.conflict_sentence.
void ModelConflict(ElasticProgram& elastic, const CheckOptions& options, const Budget& budget,
                   CheckReport& report);

// Step 3: a minimal conflict among the dual support of step 2 for the quota with the largest
// relative gap (`alone_support`), or of step 1 (`joint_support`) when every quota is reachable
// alone.
void QuotaConflict(ElasticProgram& elastic,
                   std::map<std::size_t, std::vector<Group>>& alone_support,
                   const std::vector<Group>& joint_support, const CheckOptions& options,
                   const Budget& budget, CheckReport& report);

// ---- Design-ceiling pre-step and step 4 (earliest_year.cc) ----

// When `quota` is above its design ceiling (OutputDesignCeiling, beyond tolerance): marks `check`
// never reachable (earliest_year 0, limited_by the capacities that cap it, or no_producer with the
// reason when nothing makes the product) and returns true. Otherwise leaves `check` and returns
// false.
bool MarkAboveDesignCeiling(const Model& model, const Quota& quota, double tolerance,
                            QuotaCheck& check);

// One try of a delay: was the figure reached, was the LP solved at all, what bound it when not.
struct Reach {
  bool reachable = false;
  bool solved = false;
  std::vector<std::string> limited_by;
};

// The two outcomes of step 4 that every kind of quota shares (earliest_year.cc), written into
// `check`; each sets all_possible false where the quota has no earliest year.
// - The economy the delays are tried on (without quotas) did not solve to optimality: no delay can
//   be judged. Infeasible proves nothing about the quota's year (earliest_computed false); any
//   other status is a limit (unsolved, report.limit_reached).
void RecordEconomyNotSolved(LpStatus economy, QuotaCheck& check, CheckReport& report,
                            bool& all_possible);
// - The delay search returned `delay`: kUnknownDelay (a try hit a limit: unsolved) or a delay
//   found (earliest_year = the quota's year + delay; max_delay_needed raised). Returns false for
//   −1 (none within the years searched), which the caller judges.
bool RecordDelay(const Model& model, const Quota& quota, int delay, QuotaCheck& check,
                 CheckReport& report, int& max_delay_needed, bool& all_possible);

// Smallest delay d in [low, max_delay] with test(d) reachable, assuming monotone reachability:
// doubling steps from `low` (low, low+1, low+2, low+4, …, capped at max_delay), then bisection
// between the last failure and the first success. Returns −1 when none; `last_failure` holds the
// last failed try. A try that was not solved proves nothing: the search stops with kUnknownDelay.
inline constexpr int kUnknownDelay = -2;
template <typename TryDelay>
int SmallestDelay(int low, int max_delay, TryDelay test, Reach& last_failure) {
  if (low > max_delay) return -1;
  int failed = low - 1;  // largest delay known to fail (low − 1 is assumed to fail)
  int found = -1;
  for (int offset = 0;; offset = offset == 0 ? 1 : offset * 2) {
    const int d = std::min(max_delay, low + offset);
    Reach reach = test(d);
    if (reach.reachable) {
      found = d;
      break;
    }
    if (!reach.solved) return kUnknownDelay;
    last_failure = reach;
    failed = d;
    if (d == max_delay) return -1;
  }
  while (found - failed > 1) {
    const int middle = failed + (found - failed) / 2;
    Reach reach = test(middle);
    if (!reach.reachable && !reach.solved) return kUnknownDelay;
    if (reach.reachable) {
      found = middle;
    } else {
      failed = middle;
    }
  }
  return found;
}

// ---- Import and export quotas (trade_quota_check.cc) ----

// Design-ceiling pre-step for a trade quota: above the largest import (export) cap of its product
// in its year and every later year of world_prices.csv (no later year has world prices), it is
// `never`, limited_by the caps. Returns true when so marked.
bool MarkAboveTradeCeiling(const Model& model, const Quota& quota, double tolerance,
                           QuotaCheck& check);

// Step 4 for trade quotas unreachable alone (`pending`): the smallest delay d ≥ 1 with the flow
// reachable in year Y + d, tried on the model's own horizon only (world prices are known there
// alone; ResizeHorizon's added years have none), each try a warm primal solve of max flow. Not
// within the horizon: earliest_year 0, limited_by kept from the alone max. Adds its solves and
// iterations; returns the largest delay found in `max_delay_needed` and false in `all_possible`
// when some quota has none.
Status DelayTradeQuotas(const Model& model, const CheckOptions& options, const Budget& budget,
                        const std::vector<std::size_t>& pending, CheckReport& report, int& solves,
                        std::int64_t& iterations, int& max_delay_needed, bool& all_possible);

// Step 4 for each quota and for the whole set (report.quotas filled by steps 1–2). Adds its solves
// and iterations to the report. Errors only when an extended model cannot be built.
Status EarliestYearStep(const Model& model, const CheckOptions& options, const Budget& budget,
                        CheckReport& report);

}  // namespace gosplan::check
