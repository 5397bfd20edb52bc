// Step 3 of CheckQuotas (a minimal conflict among the constraint groups in a dual support, found by
// a deletion filter) and the same filter over the whole model when it has no plan even without
// quotas; see check_steps.h and include/gosplan/check.h.
#include <fmt/format.h>

#include <algorithm>

#include "check/check_steps.h"

namespace gosplan::check {

std::string Join(const std::vector<std::string>& parts, const char* separator) {
  std::string text;
  for (const std::string& p : parts) text += (text.empty() ? "" : separator) + p;
  return text;
}

std::string NoProducer(const Model& model, const Quota& quota) {
  const Product& product = model.products[quota.product];
  return quota.enterprise >= 0
             ? fmt::format("{} runs no technique that makes {}",
                           model.enterprises[quota.enterprise].name, product.name)
             : fmt::format("no enterprise runs a technique that makes {}", product.name);
}

Verdict Test(ElasticProgram& elastic, const Budget& budget) {
  const LpStatus dual = budget.Resolve(elastic.session(), lp::ClpSession::Method::kDual);
  if (dual == LpStatus::kOptimal || dual == LpStatus::kUnbounded) return Verdict::kFeasible;
  const LpStatus primal = budget.Resolve(elastic.session(), lp::ClpSession::Method::kPrimal);
  if (primal == LpStatus::kInfeasible) return Verdict::kInfeasible;
  if (primal == LpStatus::kOptimal || primal == LpStatus::kUnbounded) return Verdict::kFeasible;
  return Verdict::kUnknown;
}

// Tries to relax a whole block; if the system stays infeasible the block is dropped for good,
// otherwise the block is split in halves (a single group whose relaxation restores feasibility is
// kept: it is necessary). A test that ends unproven keeps the block, which is safe (the kept set
// stays infeasible) but may not be minimal.
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

std::vector<ConflictMember> Members(const ElasticProgram& elastic, std::vector<Group> groups) {
  const Model& model = elastic.model();
  auto key = [&](const Group& g) -> std::pair<int, Index> {
    if (g.kind == GroupKind::kFloor) {
      const FinalDemand& fd = model.final_demand[g.object];
      return {static_cast<int>(g.kind),
              fd.category * static_cast<Index>(model.products.size()) + fd.product};
    }
    return {static_cast<int>(g.kind), g.object};
  };
  std::stable_sort(groups.begin(), groups.end(), [&](const Group& a, const Group& b) {
    return std::make_pair(key(a), a.year) < std::make_pair(key(b), b.year);
  });
  std::vector<ConflictMember> members;
  for (std::size_t k = 0; k < groups.size();) {
    std::size_t end = k + 1;
    while (end < groups.size() && key(groups[end]) == key(groups[k]) &&
           groups[end].year == groups[end - 1].year + 1) {
      ++end;
    }
    members.push_back(elastic.Describe(groups[k].kind, groups[k].object,
                                       model.CalendarYear(groups[k].year),
                                       model.CalendarYear(groups[end - 1].year)));
    k = end;
  }
  // Quotas first, then by kind as grouped.
  std::stable_partition(members.begin(), members.end(),
                        [](const ConflictMember& m) { return m.kind == "quota"; });
  return members;
}

std::string ConflictSentence(const std::vector<std::string>& quotas_in,
                             const std::vector<std::string>& rest, const std::string& no_producer) {
  if (rest.empty() && quotas_in.size() == 1 && !no_producer.empty()) {
    // Nothing but the balances bounds it: the quota's enterprise (or the economy) cannot make the
    // product.
    return quotas_in[0] + " cannot be met: " + no_producer;
  }
  const bool several = quotas_in.size() > 1;
  return Join(quotas_in, " and ") + (several ? " conflict with: " : " conflicts with: ") +
         (rest.empty() ? (several ? "each other" : "the model's hard limits") : Join(rest, "; "));
}

void ModelConflict(ElasticProgram& elastic, const CheckOptions& options, const Budget& budget,
                   CheckReport& report) {
  // Every quota's shortfall is free, so the quotas are not the cause: find which floors, resources,
  // capital, stocks and activity bounds cannot hold together (deletion filter over all of them).
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
  report.conflict_sentence =
      parts.empty() ? std::string()
                    : "even without quotas these cannot all hold: " + Join(parts, "; ");
}

namespace {

// The quota unreachable alone with the largest relative gap (asked − alone_max)/asked, the first
// such on a tie; Q (one past the last quota) when every quota is reachable alone.
std::size_t WorstQuota(const std::map<std::size_t, std::vector<Group>>& alone_support,
                       const CheckReport& report) {
  const std::size_t Q = report.quotas.size();
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
  return target;
}

// Relaxes every group that is neither a candidate (`sorted_candidates`) nor the target quota (when
// target < Q) and returns them, to be restored.
std::vector<Group> RelaxAllBut(ElasticProgram& elastic, const std::vector<Group>& sorted_candidates,
                               std::size_t target) {
  const std::size_t Q = elastic.model().quotas.size();
  std::vector<Group> relaxed;
  for (const Group& g : elastic.AllGroups()) {
    if (!std::binary_search(sorted_candidates.begin(), sorted_candidates.end(), g) &&
        !(target < Q && g.kind == GroupKind::kQuota && g.object == static_cast<Index>(target))) {
      elastic.Relax(g);
      relaxed.push_back(g);
    }
  }
  return relaxed;
}

// The conflict sentence of `members`; a lone target quota whose design ceiling is 0 with nothing to
// sum says that nothing there makes the product.
std::string QuotaConflictSentence(const Model& model, const std::vector<ConflictMember>& members,
                                  std::size_t target) {
  std::vector<std::string> quotas_in, rest;
  for (const ConflictMember& m : members) {
    (m.kind == "quota" ? quotas_in : rest).push_back(m.sentence);
  }
  std::string no_producer;
  if (target < model.quotas.size() && model.quotas[target].kind == QuotaKind::kOutput) {
    const Quota& quota = model.quotas[target];
    const DesignCeiling ceiling = OutputDesignCeiling(model, quota.product, quota.enterprise);
    if (ceiling.capped_by.empty() && ceiling.ceiling == 0) no_producer = NoProducer(model, quota);
  }
  return ConflictSentence(quotas_in, rest, no_producer);
}

}  // namespace

void QuotaConflict(ElasticProgram& elastic,
                   std::map<std::size_t, std::vector<Group>>& alone_support,
                   const std::vector<Group>& joint_support, const CheckOptions& options,
                   const Budget& budget, CheckReport& report) {
  const Model& model = elastic.model();
  lp::ClpSession& session = elastic.session();
  const std::size_t Q = model.quotas.size();
  const std::size_t target = WorstQuota(alone_support, report);
  elastic.UseZeroObjective();
  std::vector<Group> candidates = target < Q ? alone_support[target] : joint_support;
  std::vector<Group> always;  // in the conflict without testing
  if (target < Q) {
    session.SetColumnBounds(elastic.shortfall_column(target), 0.0, 0.0);
    always.push_back({GroupKind::kQuota, static_cast<Index>(target), model.quotas[target].year,
                      elastic.program().quota_row[target], -1});
    std::erase_if(candidates, [](const Group& g) { return g.kind == GroupKind::kQuota; });
  } else {
    for (std::size_t q = 0; q < Q; ++q) {
      session.SetColumnBounds(elastic.shortfall_column(q), 0.0, 0.0);
    }
  }
  std::sort(candidates.begin(), candidates.end());
  const std::vector<Group> relaxed = RelaxAllBut(elastic, candidates, target);
  Log(options,
      fmt::format("finding a minimal conflict among {} candidate constraints", candidates.size()));
  std::vector<Group> kept;
  const Verdict start = Test(elastic, budget);
  if (start == Verdict::kUnknown) report.limit_reached = true;
  if (start == Verdict::kInfeasible) {
    // Quotas first: the deletion filter drops early candidates most readily (the rest are still
    // there to keep the system infeasible), so testing quotas first leaves as few quotas as it can
    // — the planner's question is which figures clash — and then only the limits those few need.
    // (Quotas last kept 29 of 30 quotas and 176 limits on the 200-product economy of
    // bench/check_conflict_benchmark.sh; docs/benchmarks.md.)
    std::stable_partition(candidates.begin(), candidates.end(),
                          [](const Group& g) { return g.kind == GroupKind::kQuota; });
    bool unproven = false;
    Filter(elastic, candidates, kept, budget, unproven);
    report.conflict_minimal = !unproven;
    if (unproven) report.limit_reached = true;
  } else {
    kept = candidates;  // numerical trouble or time limit: the support itself, not proven minimal
  }
  kept.insert(kept.end(), always.begin(), always.end());
  report.conflict = Members(elastic, kept);
  report.conflict_sentence = QuotaConflictSentence(model, report.conflict, target);
  // Restore the elastic LP.
  for (const Group& g : relaxed) elastic.Restore(g);
  for (std::size_t q = 0; q < Q; ++q) {
    session.SetColumnBounds(elastic.shortfall_column(q), 0.0, kUnbounded);
  }
}

}  // namespace gosplan::check
