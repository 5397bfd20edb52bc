// Step 2 of CheckQuotas: each quota alone, max output_q with every other quota's shortfall free
// (see check_steps.h and include/gosplan/check.h).
#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "check/check_steps.h"

namespace gosplan::check {

// Quotas are taken in (year, position) order and dealt to the chains in turn; each chain starts
// from the nearest plan's optimal basis and solves its quotas one after the other, each warm from
// the previous optimum (maxima of outputs in the same year lie close together, so a chained solve
// needs far fewer pivots than a restart from the nearest plan; figures in docs/benchmarks.md). The
// chains run on separate threads (OpenMP) with independent copies of the CLP model; the split
// depends on the quota count only, never on the number of threads, so the numbers are the same on
// any machine and under OMP_NUM_THREADS=1.
std::vector<AloneMax> MaximiseEachAlone(ElasticProgram& elastic,
                                        const std::vector<std::size_t>& to_solve,
                                        const CheckOptions& options, const Budget& budget,
                                        int& solves, std::int64_t& iterations) {
  const Model& model = elastic.model();
  const std::size_t Q = to_solve.size();
  constexpr std::size_t kQuotasPerChain =
      8;  // below this a clone of the model costs more than it saves
  // Two chains: the chain count must not depend on the machine (the results would), and each chain
  // clones the CLP model, so more chains cost memory on every machine for speed only on some.
  constexpr std::size_t kMaxChains = 2;
  const std::size_t chain_count = std::clamp<std::size_t>(Q / kQuotasPerChain, 1, kMaxChains);
  std::vector<std::size_t> order = to_solve;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return model.quotas[a].year < model.quotas[b].year;
  });
  std::vector<std::vector<std::size_t>> chains(chain_count);
  for (std::size_t k = 0; k < Q; ++k) chains[k % chain_count].push_back(order[k]);

  std::vector<std::unique_ptr<ElasticProgram>> copies;
  std::vector<ElasticProgram*> programs = {&elastic};
  for (std::size_t c = 1; c < chain_count; ++c) {
    copies.push_back(elastic.Clone());
    programs.push_back(copies.back().get());
  }
  std::vector<AloneMax> results(model.quotas.size());
  const int chains_signed = static_cast<int>(chain_count);
  const int threads =
      std::min(chains_signed, options.threads > 0 ? options.threads : omp_get_max_threads());
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
      if (!Met(asked - result.value, asked, options.tolerance)) {
        result.support = program.DualSupport(kSupportThreshold);
        // An import (export) quota out of reach: can it be paid for? The currency balance,
        // credit and trade caps that bind, then the rest.
        if (model.quotas[q].kind != QuotaKind::kOutput) {
          result.limited_by = program.Binding(4, /*trade_first=*/true);
        }
      }
    }
  }
  for (const auto& copy : copies) {
    solves += copy->session().solves();
    iterations += copy->session().iterations();
  }
  return results;
}

std::map<std::size_t, std::vector<Group>> AloneMaxStep(ElasticProgram& elastic,
                                                       const CheckOptions& options,
                                                       const Budget& budget, CheckReport& report) {
  std::map<std::size_t, std::vector<Group>> alone_support;
  // A quota the nearest plan meets is reachable alone (step 1 proves it); its alone max is only
  // the headroom, asked for with options.headroom.
  std::vector<std::size_t> to_solve;
  for (std::size_t q = 0; q < report.quotas.size(); ++q) {
    if (options.headroom || report.quotas[q].short_by > 0) to_solve.push_back(q);
  }
  Log(options, fmt::format("maximising the output of {} quota(s) alone (warm primal simplex{})",
                           to_solve.size(), options.headroom ? ", every quota: headroom" : ""));
  std::vector<AloneMax> alone =
      MaximiseEachAlone(elastic, to_solve, options, budget, report.solves, report.iterations);
  for (std::size_t q : to_solve) {
    QuotaCheck& check = report.quotas[q];
    if (alone[q].status == LpStatus::kUnbounded) {
      check.alone_max = kUnbounded;
    } else if (alone[q].status == LpStatus::kOptimal) {
      check.alone_max = alone[q].value;
      check.reachable_alone = Met(check.asked - check.alone_max, check.asked, options.tolerance);
      if (!check.reachable_alone) {
        alone_support[q] = std::move(alone[q].support);
        check.limited_by = std::move(alone[q].limited_by);  // trade quotas only
      }
    } else {
      check.unsolved = true;  // alone_max stays NaN: "not computed", never a number
      report.limit_reached = true;
    }
  }
  return alone_support;
}

}  // namespace gosplan::check
