// `CheckQuotas`: verdict, nearest plan, each quota alone, conflict and earliest year (see
// include/gosplan/check.h for the mathematics, docs/check.md for the user's view).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <omp.h>

#include "check/elastic_program.h"
#include "gosplan/check.h"
#include "gosplan/horizon.h"

namespace gosplan {
namespace {

using check::ElasticProgram;
using check::Group;
using check::GroupKind;

constexpr double kSupportThreshold = 1e-9;

// The time allowed to each LP solve (CheckOptions::time_limit_seconds, enforced by CLP) and to the
// whole diagnosis (total_time_limit_seconds, enforced here: once it has passed no solve is started and
// each one not run counts as stopped at the time limit). Read-only, so the chains' threads share it.
// CheckOptions::max_solves bounds the number of solves started the same way, without a clock.
class Budget {
 public:
  explicit Budget(const CheckOptions& options)
      : per_solve_(options.time_limit_seconds),
        total_(options.total_time_limit_seconds),
        max_solves_(options.max_solves) {}
  // True when no further solve may start; counts the solve that may (so call it once per solve).
  bool Exhausted() const {
    if (max_solves_ > 0 && started_.fetch_add(1) >= max_solves_) return true;
    return total_ > 0 && Elapsed() >= total_;
  }
  // Which limit made Exhausted() true: the solve count (max_solves, told as an iteration limit: a count
  // with no clock) or the total time.
  LpStatus StoppedBy() const {
    return max_solves_ > 0 && started_.load() > max_solves_ ? LpStatus::kIterationLimit : LpStatus::kTimeLimit;
  }
  // The limit to hand CLP for the next solve (0: none).
  double Limit() const {
    if (total_ <= 0) return per_solve_;
    const double left = std::max(total_ - Elapsed(), 1e-9);
    return per_solve_ > 0 ? std::min(per_solve_, left) : left;
  }
  LpStatus Resolve(lp::ClpSession& session, lp::ClpSession::Method method) const {
    return Exhausted() ? StoppedBy() : session.Resolve(method, Limit());
  }
  LpStatus SolveFromScratch(lp::ClpSession& session, LpSolveOptions::Algorithm algorithm) const {
    return Exhausted() ? StoppedBy() : session.SolveFromScratch(algorithm, Limit());
  }

 private:
  double Elapsed() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  double per_solve_;
  double total_;
  std::int64_t max_solves_;
  mutable std::atomic<std::int64_t> started_{0};
};

bool Met(double shortfall, double asked, double tolerance) {
  return shortfall <= tolerance * std::max(1.0, asked);
}

void Log(const CheckOptions& options, const std::string& message) {
  if (options.log) options.log(message);
}

// Groups consecutive years of the same constraint (floors: per category and product) into members.
std::vector<ConflictMember> Members(const ElasticProgram& elastic, std::vector<Group> groups) {
  const Model& model = elastic.model();
  auto key = [&](const Group& g) -> std::pair<int, Index> {
    if (g.kind == GroupKind::kFloor) {
      const FinalDemand& fd = model.final_demand[g.object];
      return {static_cast<int>(g.kind), fd.category * static_cast<Index>(model.products.size()) + fd.product};
    }
    return {static_cast<int>(g.kind), g.object};
  };
  std::stable_sort(groups.begin(), groups.end(), [&](const Group& a, const Group& b) {
    return std::make_pair(key(a), a.year) < std::make_pair(key(b), b.year);
  });
  std::vector<ConflictMember> members;
  for (std::size_t k = 0; k < groups.size();) {
    std::size_t end = k + 1;
    while (end < groups.size() && key(groups[end]) == key(groups[k]) && groups[end].year == groups[end - 1].year + 1) {
      ++end;
    }
    members.push_back(elastic.Describe(groups[k].kind, groups[k].object, model.CalendarYear(groups[k].year),
                                       model.CalendarYear(groups[end - 1].year)));
    k = end;
  }
  // Quotas first, then by kind as grouped.
  std::stable_partition(members.begin(), members.end(), [](const ConflictMember& m) { return m.kind == "quota"; });
  return members;
}

// A warm dual simplex after bounds were relaxed to infinity can report infeasibility from a stale
// state (seen with CLP 1.17 on the USSR model); a primal pass from the same basis confirms it.
// Unknown when a solve stopped at its time limit or in numerical trouble: neither answer is proven.
enum class Verdict { kInfeasible, kFeasible, kUnknown };
Verdict Test(ElasticProgram& elastic, const Budget& budget) {
  const LpStatus dual = budget.Resolve(elastic.session(), lp::ClpSession::Method::kDual);
  if (dual == LpStatus::kOptimal || dual == LpStatus::kUnbounded) return Verdict::kFeasible;
  const LpStatus primal = budget.Resolve(elastic.session(), lp::ClpSession::Method::kPrimal);
  if (primal == LpStatus::kInfeasible) return Verdict::kInfeasible;
  if (primal == LpStatus::kOptimal || primal == LpStatus::kUnbounded) return Verdict::kFeasible;
  return Verdict::kUnknown;
}

// Deletion filter over `candidates` (all currently hard, the system infeasible): tries to relax a
// whole block; if the system stays infeasible the block is dropped for good, otherwise the block is
// split in halves (a single group whose relaxation restores feasibility is kept: it is necessary).
// A test that ends unproven (time limit, numerical trouble) keeps the block, which is safe (the kept
// set stays infeasible) but may not be minimal: `unproven` is then set.
void Filter(ElasticProgram& elastic, const std::vector<Group>& block, std::vector<Group>& kept,
            const Budget& budget, bool& unproven) {
  if (block.empty()) return;
  for (const Group& g : block) elastic.Relax(g);
  const Verdict verdict = Test(elastic, budget);
  if (verdict == Verdict::kInfeasible) return;
  for (const Group& g : block) elastic.Restore(g);
  if (verdict == Verdict::kUnknown) unproven = true;
  if (block.size() == 1) {
    kept.push_back(block.front());
    return;
  }
  const auto middle = block.begin() + static_cast<std::ptrdiff_t>(block.size() / 2);
  Filter(elastic, std::vector<Group>(block.begin(), middle), kept, budget, unproven);
  Filter(elastic, std::vector<Group>(middle, block.end()), kept, budget, unproven);
}

std::string Join(const std::vector<std::string>& parts, const char* separator) {
  std::string text;
  for (const std::string& p : parts) text += (text.empty() ? "" : separator) + p;
  return text;
}

// "Krivbass runs no technique that makes Steel" (or, for a quota on the whole economy, "no enterprise
// runs a technique that makes Steel"): the reason a quota whose design ceiling is 0 can never be met.
std::string NoProducer(const Model& model, const Quota& quota) {
  const Product& product = model.products[quota.product];
  return quota.enterprise >= 0
             ? fmt::format("{} runs no technique that makes {}", model.enterprises[quota.enterprise].name, product.name)
             : fmt::format("no enterprise runs a technique that makes {}", product.name);
}

struct AloneMax {
  LpStatus status = LpStatus::kError;
  double value = 0.0;          // output_q at the optimum
  std::vector<Group> support;  // dual support when the asked figure is out of reach
};

// Step 2 as fixed chains of warm solves. Quotas are taken in (year, position) order and dealt to the
// chains in turn; each chain starts from the nearest plan's optimal basis and solves its quotas one
// after the other, each warm from the previous optimum (maxima of outputs in the same year lie close
// together, so a chained solve needs far fewer pivots than a restart from the nearest plan; figures in
// docs/benchmarks.md). The chains run on separate threads (OpenMP) with independent copies of the
// CLP model; the split depends on the quota count only, never on the number of threads, so the
// numbers are the same on any machine and under OMP_NUM_THREADS=1.
std::vector<AloneMax> MaximiseEachAlone(ElasticProgram& elastic, const CheckOptions& options, const Budget& budget,
                                        int& solves,
                                        std::int64_t& iterations) {
  const Model& model = elastic.model();
  const std::size_t Q = model.quotas.size();
  constexpr std::size_t kQuotasPerChain = 8;  // below this a clone of the model costs more than it saves
  // Two chains: the chain count must not depend on the machine (the results would), and each chain
  // clones the CLP model, so more chains cost memory on every machine for speed only on some.
  constexpr std::size_t kMaxChains = 2;
  const std::size_t chain_count = std::clamp<std::size_t>(Q / kQuotasPerChain, 1, kMaxChains);
  std::vector<std::size_t> order(Q);
  for (std::size_t q = 0; q < Q; ++q) order[q] = q;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return model.quotas[a].year < model.quotas[b].year; });
  std::vector<std::vector<std::size_t>> chains(chain_count);
  for (std::size_t k = 0; k < Q; ++k) chains[k % chain_count].push_back(order[k]);

  std::vector<std::unique_ptr<ElasticProgram>> copies;
  std::vector<ElasticProgram*> programs = {&elastic};
  for (std::size_t c = 1; c < chain_count; ++c) {
    copies.push_back(elastic.Clone());
    programs.push_back(copies.back().get());
  }
  std::vector<AloneMax> results(Q);
  const int chains_signed = static_cast<int>(chain_count);
  const int threads = std::min(chains_signed, options.threads > 0 ? options.threads : omp_get_max_threads());
#pragma omp parallel for num_threads(threads) schedule(static, 1)
  for (int c = 0; c < chains_signed; ++c) {
    ElasticProgram& program = *programs[static_cast<std::size_t>(c)];
    for (std::size_t q : chains[static_cast<std::size_t>(c)]) {
      program.UseOutputObjective(q);
      AloneMax& result = results[q];
      result.status = budget.Resolve(program.session(), lp::ClpSession::Method::kPrimal);
      if (result.status != LpStatus::kOptimal) continue;
      result.value = program.Output(q);
      const double asked = model.quotas[q].quantity;
      if (!Met(asked - result.value, asked, options.tolerance)) result.support = program.DualSupport(kSupportThreshold);
    }
  }
  for (const auto& copy : copies) {
    solves += copy->session().solves();
    iterations += copy->session().iterations();
  }
  return results;
}

struct Reach {
  bool reachable = false;
  bool solved = false;
  std::vector<std::string> limited_by;
};

// Can `quotas` (plan years already shifted) all hold in `model` extended to `horizon`?
Reach TestReach(const Model& model, const std::vector<Quota>& quotas, int horizon, const CheckOptions& options,
                const Budget& budget, int& solves, std::int64_t& iterations) {
  // Never shorter than the model: years after a quota keep their floors (the economy goes on).
  Model extended = ResizeHorizon(model, std::max(model.horizon(), horizon));
  extended.quotas = quotas;
  Reach reach;
  auto elastic = ElasticProgram::Build(extended);
  if (!elastic.ok()) return reach;
  ElasticProgram& program = *elastic.value();
  program.UseShortfallObjective();
  const LpStatus status = budget.SolveFromScratch(program.session(), LpSolveOptions::Algorithm::kPrimalSimplex);
  solves += program.session().solves();
  iterations += program.session().iterations();
  // Infeasible with every shortfall free: the extended economy itself cannot hold, so neither can
  // the quotas (a proven "no"); any other status proves nothing (solved stays false).
  if (status == LpStatus::kInfeasible) reach.solved = true;
  if (status != LpStatus::kOptimal) return reach;
  reach.solved = true;
  reach.reachable = true;
  const double* x = program.session().column_values();
  for (std::size_t q = 0; q < quotas.size(); ++q) {
    if (!Met(x[program.shortfall_column(q)], quotas[q].quantity, options.tolerance)) reach.reachable = false;
  }
  if (!reach.reachable) reach.limited_by = program.Binding(3);
  return reach;
}

// Smallest delay d in [low, max_delay] with test(d) reachable, assuming monotone reachability:
// doubling steps from `low`, then bisection. Returns −1 when none; `last` holds the last failed try.
// A try that was not solved (time limit, numerical trouble) proves nothing: the search stops with
// kUnknownDelay rather than count it as unreachable.
constexpr int kUnknownDelay = -2;
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

}  // namespace

bool CheckOptions::IsValid(std::string* error) const {
  if (max_years < 1 || max_years > 200) {
    if (error) *error = "max_years must be from 1 to 200";
    return false;
  }
  if (!(tolerance >= 0) || !std::isfinite(tolerance)) {
    if (error) *error = "tolerance must be a finite number >= 0";
    return false;
  }
  if (threads < 0) {
    if (error) *error = "threads must be >= 0";
    return false;
  }
  if (!(time_limit_seconds >= 0) || !std::isfinite(time_limit_seconds)) {
    if (error) *error = "time_limit_seconds must be a finite number >= 0";
    return false;
  }
  if (max_solves < 0) {
    if (error) *error = "max_solves must be >= 0";
    return false;
  }
  if (!(total_time_limit_seconds >= 0) || !std::isfinite(total_time_limit_seconds)) {
    if (error) *error = "total_time_limit_seconds must be a finite number >= 0";
    return false;
  }
  return true;
}

Result<CheckReport> CheckQuotas(const Model& model, const CheckOptions& options) {
  std::string invalid;
  if (!options.IsValid(&invalid)) return Status::InvalidInput("<check options>", 0, 0, invalid);
  const auto start = std::chrono::steady_clock::now();
  CheckReport report;
  const std::size_t Q = model.quotas.size();
  const Budget budget(options);

  // 1. Nearest plan: min Σ w_q shortfall_q.
  Log(options, "building the elastic plan LP (a shortfall on every quota)");
  auto built = ElasticProgram::Build(model);
  if (!built.ok()) return built.status();
  ElasticProgram& elastic = *built.value();
  lp::ClpSession& session = elastic.session();
  Log(options, fmt::format("minimising the weighted shortfall: {} rows, {} columns", session.num_rows(),
                           session.num_columns()));
  elastic.UseShortfallObjective();
  const LpStatus first = budget.SolveFromScratch(session, LpSolveOptions::Algorithm::kPrimalSimplex);
  if (first != LpStatus::kOptimal) {
    report.model_status = first;
    report.feasible = false;
    // Every quota's shortfall is free, so the quotas are not the cause: find which floors, resources,
    // capital, stocks and activity bounds cannot hold together (deletion filter over all of them).
    if (first == LpStatus::kInfeasible && options.conflict) {
      Log(options, "the model has no feasible plan even without quotas: finding a minimal conflict");
      elastic.UseZeroObjective();
      std::vector<Group> candidates = elastic.AllGroups();
      std::erase_if(candidates, [](const Group& g) { return g.kind == GroupKind::kQuota; });
      std::vector<Group> kept;
      bool unproven = false;
      const Verdict start = Test(elastic, budget);
      if (start == Verdict::kInfeasible) {
        Filter(elastic, candidates, kept, budget, unproven);
        report.conflict_minimal = !unproven;
      } else {
        kept = candidates;  // not proven minimal
        unproven = start == Verdict::kUnknown;
      }
      if (unproven) report.limit_reached = true;
      report.conflict = Members(elastic, kept);
      std::vector<std::string> parts;
      for (const ConflictMember& m : report.conflict) parts.push_back(m.sentence);
      report.conflict_sentence = parts.empty() ? std::string()
                                               : "even without quotas these cannot all hold: " + Join(parts, "; ");
    }
    report.solves = session.solves();
    report.iterations = session.iterations();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
  }
  report.model_status = LpStatus::kOptimal;
  report.feasible = true;
  report.quotas.resize(Q);
  const double* x = session.column_values();
  for (std::size_t q = 0; q < Q; ++q) {
    QuotaCheck& check = report.quotas[q];
    check.quota = static_cast<Index>(q);
    check.asked = model.quotas[q].quantity;
    double shortfall = std::max(0.0, x[elastic.shortfall_column(q)]);
    if (Met(shortfall, check.asked, options.tolerance)) shortfall = 0.0;
    check.short_by = shortfall;
    check.achievable = check.asked - shortfall;
    check.short_by_percent = check.asked > 0 ? 100.0 * shortfall / check.asked : 0.0;
    check.alone_max = std::nan("");
    report.weighted_shortfall += elastic.weight(q) * shortfall;
    if (shortfall > 0) report.feasible = false;
  }
  const std::vector<Group> joint_support =
      report.feasible ? std::vector<Group>{} : elastic.DualSupport(kSupportThreshold);
  Log(options, report.feasible ? "all quotas can hold together"
                               : fmt::format("the quotas cannot all hold: weighted shortfall {:.6g}",
                                             report.weighted_shortfall));

  // 2. Each quota alone: max output_q, the other quotas relaxed (their shortfalls are free).
  std::map<std::size_t, std::vector<Group>> alone_support;
  if (options.alone_max || options.conflict) {
    Log(options, "maximising each quota's output alone (warm primal simplex)");
    std::vector<AloneMax> alone = MaximiseEachAlone(elastic, options, budget, report.solves, report.iterations);
    for (std::size_t q = 0; q < Q; ++q) {
      QuotaCheck& check = report.quotas[q];
      if (alone[q].status == LpStatus::kUnbounded) {
        check.alone_max = kUnbounded;
      } else if (alone[q].status == LpStatus::kOptimal) {
        check.alone_max = alone[q].value;
        check.reachable_alone = Met(check.asked - check.alone_max, check.asked, options.tolerance);
        if (!check.reachable_alone) alone_support[q] = std::move(alone[q].support);
      } else {
        check.unsolved = true;  // alone_max stays NaN: "not computed", never a number
        report.limit_reached = true;
      }
    }
  }

  // 3. Conflict: deletion filter over the dual support.
  if (options.conflict && !report.feasible) {
    std::size_t target = Q;
    double worst = 0.0;
    for (const auto& [q, support] : alone_support) {
      const QuotaCheck& check = report.quotas[q];
      const double gap = (check.asked - check.alone_max) / std::max(check.asked, 1e-300);
      if (target == Q || gap > worst) {
        target = q;
        worst = gap;
      }
    }
    elastic.UseZeroObjective();
    std::vector<Group> candidates = target < Q ? alone_support[target] : joint_support;
    std::vector<Group> always;  // in the conflict without testing
    if (target < Q) {
      session.SetColumnBounds(elastic.shortfall_column(target), 0.0, 0.0);
      always.push_back({GroupKind::kQuota, static_cast<Index>(target), model.quotas[target].year,
                        elastic.program().quota_row[target], -1});
      std::erase_if(candidates, [](const Group& g) { return g.kind == GroupKind::kQuota; });
    } else {
      for (std::size_t q = 0; q < Q; ++q) session.SetColumnBounds(elastic.shortfall_column(q), 0.0, 0.0);
    }
    std::sort(candidates.begin(), candidates.end());
    std::vector<Group> others = elastic.AllGroups();
    std::vector<Group> relaxed;
    for (const Group& g : others) {
      if (!std::binary_search(candidates.begin(), candidates.end(), g) &&
          !(target < Q && g.kind == GroupKind::kQuota && g.object == static_cast<Index>(target))) {
        elastic.Relax(g);
        relaxed.push_back(g);
      }
    }
    Log(options, fmt::format("finding a minimal conflict among {} candidate constraints", candidates.size()));
    std::vector<Group> kept;
    const Verdict start = Test(elastic, budget);
    if (start == Verdict::kUnknown) report.limit_reached = true;
    if (start == Verdict::kInfeasible) {
      // Quotas last: a conflict between capacities and one quota reads better than between quotas.
      std::stable_partition(candidates.begin(), candidates.end(),
                            [](const Group& g) { return g.kind != GroupKind::kQuota; });
      bool unproven = false;
      Filter(elastic, candidates, kept, budget, unproven);
      report.conflict_minimal = !unproven;
      if (unproven) report.limit_reached = true;
    } else {
      kept = candidates;  // numerical trouble or time limit: report the support itself, not proven minimal
    }
    kept.insert(kept.end(), always.begin(), always.end());
    report.conflict = Members(elastic, kept);
    std::vector<std::string> quotas_in, rest;
    for (const ConflictMember& m : report.conflict) (m.kind == "quota" ? quotas_in : rest).push_back(m.sentence);
    const auto join = Join;
    const DesignCeiling target_ceiling =
        target < Q ? OutputDesignCeiling(model, model.quotas[target].product, model.quotas[target].enterprise)
                   : DesignCeiling{};
    if (rest.empty() && quotas_in.size() == 1 && target < Q && target_ceiling.capped_by.empty() &&
        target_ceiling.ceiling == 0) {
      // Nothing but the balances bounds it: the quota's enterprise (or the economy) cannot make the product.
      report.conflict_sentence = quotas_in[0] + " cannot be met: " + NoProducer(model, model.quotas[target]);
    } else {
      report.conflict_sentence = join(quotas_in, " and ") +
                                 (quotas_in.size() > 1 ? " conflict with: " : " conflicts with: ") +
                                 (rest.empty() ? (quotas_in.size() > 1 ? "each other" : "the model's hard limits")
                                               : join(rest, "; "));
    }
    // Restore the elastic LP.
    for (const Group& g : relaxed) elastic.Restore(g);
    for (std::size_t q = 0; q < Q; ++q) session.SetColumnBounds(elastic.shortfall_column(q), 0.0, kUnbounded);
  }

  // 4. Earliest year.
  if (options.earliest_year && Q > 0) {
    const int T = model.horizon();
    int solves = 0;
    std::int64_t iterations = 0;
    int max_delay_needed = 0;
    bool all_possible = true;
    // Quotas unreachable alone share one extended LP (no quota rows): each try is a warm primal solve
    // of max output in year Y+d. The horizon grows by doubling the extension when a quota needs more
    // years (a fresh solve per horizon). Years after the tried one keep their floors (documented).
    std::vector<std::size_t> pending;
    for (std::size_t q = 0; q < Q; ++q) {
      QuotaCheck& check = report.quotas[q];
      const Quota& quota = model.quotas[q];
      check.earliest_computed = true;
      if (std::isnan(check.alone_max)) {
        // Alone max not computed. Met in the nearest plan, the quota is reachable (alone too) in its
        // own year; short there, nothing is known.
        if (check.short_by > 0) {
          check.earliest_computed = false;
          all_possible = false;
        } else {
          check.earliest_year = model.CalendarYear(quota.year);
        }
        continue;
      }
      if (check.reachable_alone) {
        check.earliest_year = model.CalendarYear(quota.year);
        continue;
      }
      const DesignCeiling ceiling = OutputDesignCeiling(model, quota.product, quota.enterprise);
      if (!Met(quota.quantity - ceiling.ceiling, quota.quantity, options.tolerance)) {
        check.never = true;
        check.earliest_year = 0;
        check.limited_by = ceiling.capped_by;
        if (ceiling.capped_by.empty()) {
          // Nothing to sum: no technique there makes the product at all (the ceiling is 0).
          check.no_producer = true;
          check.limited_by.push_back(NoProducer(model, quota));
        }
        all_possible = false;
        continue;
      }
      pending.push_back(q);
    }
    int latest_pending = 0;
    for (std::size_t q : pending) latest_pending = std::max(latest_pending, model.quotas[q].year);
    const int horizon_limit = latest_pending + options.max_years;
    std::vector<int> known_failed(Q, 0);  // largest delay known to fail
    for (int extension = 2; !pending.empty(); extension *= 2) {
      const int horizon = std::min(horizon_limit, std::max(T, latest_pending) + extension);
      Log(options, fmt::format("earliest year: {} quota(s) on a {}-year horizon", pending.size(), horizon));
      Model extended = ResizeHorizon(model, std::max(T, horizon));  // never shorter, as in TestReach
      extended.quotas.clear();
      auto built_extended = ElasticProgram::Build(extended);
      if (!built_extended.ok()) return built_extended.status();
      ElasticProgram& wide = *built_extended.value();
      wide.UseZeroObjective();
      const LpStatus base = budget.SolveFromScratch(wide.session(), LpSolveOptions::Algorithm::kDualSimplex);
      std::vector<std::size_t> still;
      for (std::size_t q : pending) {
        QuotaCheck& check = report.quotas[q];
        const Quota& quota = model.quotas[q];
        if (base != LpStatus::kOptimal) {
          check.earliest_computed = false;
          if (base != LpStatus::kInfeasible) {
            check.unsolved = true;
            report.limit_reached = true;
          }
          all_possible = false;
          continue;
        }
        const int max_delay = std::min(options.max_years, horizon - quota.year);
        Reach last;
        const int delay = SmallestDelay(known_failed[q] + 1, max_delay, [&](int d) {
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
        }, last);
        if (delay == kUnknownDelay) {
          check.earliest_computed = false;
          check.unsolved = true;
          report.limit_reached = true;
          all_possible = false;
        } else if (delay >= 0) {
          check.earliest_year = model.CalendarYear(quota.year + delay);
          max_delay_needed = std::max(max_delay_needed, delay);
        } else if (max_delay >= options.max_years || horizon >= horizon_limit) {
          check.earliest_year = 0;
          check.limited_by = last.limited_by;
          all_possible = false;
        } else {
          known_failed[q] = max_delay;
          still.push_back(q);
        }
      }
      solves += wide.session().solves();
      iterations += wide.session().iterations();
      pending = std::move(still);
    }
    int latest = 1;
    for (const Quota& quota : model.quotas) latest = std::max(latest, quota.year);
    report.earliest_all_computed = true;
    if (report.feasible) {
      report.earliest_year_all = model.CalendarYear(latest);
    } else if (!all_possible) {
      report.earliest_year_all = 0;
      report.earliest_all_computed = std::all_of(report.quotas.begin(), report.quotas.end(),
                                                 [](const QuotaCheck& c) { return c.earliest_computed; });
    } else {
      // The set cannot come before its slowest member: start the search there.
      Log(options, "searching the earliest year for the whole set");
      Reach last;
      const int delay = SmallestDelay(std::max(1, max_delay_needed), options.max_years, [&](int d) {
        std::vector<Quota> shifted = model.quotas;
        for (Quota& quota : shifted) quota.year += d;
        return TestReach(model, shifted, std::max(T, latest + d), options, budget, solves, iterations);
      }, last);
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
    report.solves += solves;
    report.iterations += iterations;
  }

  // 5. The nearest plan as a full plan: the model's objective with every quota held at its
  // achievable level (a hair below, so rounding cannot make it infeasible).
  if (options.nearest_plan) {
    Log(options, "solving the nearest plan with the model's objective");
    Model nearest = model;
    for (std::size_t q = 0; q < Q; ++q) {
      const double achievable = report.quotas.empty() ? 0.0 : report.quotas[q].achievable;
      nearest.quotas[q].quantity = std::max(0.0, achievable - 1e-7 * std::max(1.0, model.quotas[q].quantity));
    }
    PlanOptions plan_options;
    plan_options.quotas_as_constraints = 1;
    plan_options.solver.algorithm = LpSolveOptions::Algorithm::kPrimalSimplex;
    plan_options.solver_kind = SolverKind::kClp;  // the exact plan the check's own CLP solves describe
    if (budget.Exhausted()) {
      report.nearest_plan.status =
          budget.StoppedBy() == LpStatus::kTimeLimit ? PlanStatus::kTimeLimit : PlanStatus::kIterationLimit;
    } else {
      plan_options.solver.time_limit_seconds = budget.Limit();
      auto plan = SolvePlan(nearest, plan_options);
      if (!plan.ok()) return plan.status();
      report.nearest_plan = std::move(plan.value());
    }
    if (StoppedEarly(report.nearest_plan.status)) report.limit_reached = true;
  }

  report.solves += session.solves();
  report.iterations += session.iterations();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

Status WriteNearestPlanFolder(const Model& model, const CheckReport& report, const std::string& folder,
                              bool overwrite) {
  if (!HasPlan(report.nearest_plan.status)) {
    return Status::Internal("the nearest plan was not solved (status " +
                            std::string(ToString(report.nearest_plan.status)) + ")");
  }
  Plan plan = report.nearest_plan;
  plan.quotas_are_law = false;
  plan.explanation =
      "The feasible plan nearest to the quotas (gosplan check): the model's objective with each quota held at "
      "its achievable level. It is not the model's optimal plan, so no prices are published.";
  Status written = WritePlanFolder(model, plan, folder, overwrite);
  if (!written.ok()) return written;
  std::error_code ignored;
  std::filesystem::remove(std::filesystem::path(folder) / "prices.csv", ignored);
  if (ignored) return Status::Internal("cannot remove prices.csv from " + folder);
  return Status::Ok();
}

}  // namespace gosplan
