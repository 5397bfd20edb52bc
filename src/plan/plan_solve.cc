// Solves the plan LP with CLP (or PDLP, PlanOptions::solver_kind) and turns the solution into the
// plan's documents.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "gosplan/growth.h"
#include "gosplan/harmony.h"
#include "gosplan/plan.h"
#include "model/quota_kind.h"
#include "pdlp/warm_start.h"
#include "plan/harmony_cuts.h"
#include "plan/plan_program.h"
#include "plan/regions_program.h"
#include "plan/tight_dual_tolerance.h"
#include "plan/trade_program.h"

namespace gosplan {
namespace {

// Solver noise below this (in product units) is reported as zero so documents do not show 1e-13.
constexpr double kNoise = 1e-9;

double Clean(double value) { return std::abs(value) < kNoise ? 0.0 : value; }
// CLP's dual feasibility tolerance for the second solve of a plan whose prices missed the check.
using plan::kTightDualTolerance;
// The crossover's continued PDLP solve: this factor of the PDLP tolerance (1e-6 → 1e-8).
constexpr double kTightenFactor = 1e-2;

// A value within rounding noise (kNoise relative) of its bound is the bound: a target at capacity
// reads 0.846 against 0.846 with utilisation exactly 1, not 0.8460000000000001
// and 1.0000000000000002, which look like violations to a reader.
double OntoBound(double value, double bound) {
  return std::abs(value - bound) <= kNoise * std::max(1.0, std::abs(bound)) ? bound : value;
}

// The quotas made law, named with their figures ("fyp1_steel: 10.4 Mt of Steel in 1933"); at most
// `shown` of them, then how many more.
std::string QuotasMadeLaw(const Model& model, std::size_t shown = 8) {
  std::string list;
  for (std::size_t q = 0; q < model.quotas.size() && q < shown; ++q) {
    const Quota& quota = model.quotas[q];
    const Product& product = model.products[quota.product];
    list +=
        (list.empty() ? "" : "; ") +
        fmt::format("{}: {:.6g} {} of {}{} in {}", quota.id, quota.quantity, product.unit,
                    model::QuotaCounts(model, quota),  // "Steel", "Machinery imports"
                    quota.enterprise >= 0 ? " at " + model.enterprises[quota.enterprise].name : "",
                    model.CalendarYear(quota.year));
  }
  if (model.quotas.size() > shown)
    list += fmt::format("; and {} more", model.quotas.size() - shown);
  return list;
}

std::string Explain(PlanStatus status, const Model& model, ObjectiveKind objective,
                    bool quotas_are_law) {
  switch (status) {
    case PlanStatus::kOptimal:
      return "An optimal plan was found: every material balance, resource limit, capital limit and "
             "floor "
             "holds, and the shadow prices prove the objective optimal (checked on the plan to "
             "relative 1e-6).";
    case PlanStatus::kApproximate:
      return "";  // told by ExplainApproximate, with the figures
    case PlanStatus::kInfeasible:
      if (quotas_are_law && !model.quotas.empty()) {
        return fmt::format(
            "No plan can meet every final-demand floor, resource limit, capital limit and the {} "
            "quota{} made law ({}) at once. Run `gosplan check` (quotas as targets, not law) to "
            "see "
            "which quotas are out of reach, by how much, why, and from which year.",
            model.quotas.size(), model.quotas.size() == 1 ? "" : "s", QuotasMadeLaw(model));
      }
      return "No plan can meet every final-demand floor, resource limit and capital limit at once. "
             "Run `gosplan check` to see which constraints conflict.";
    case PlanStatus::kUnbounded:
      return objective == ObjectiveKind::kPlanRay ? "The objective can grow without limit: some "
                                                    "product in the target mix can be made "
                                                    "without any limited resource or capital. Give "
                                                    "every technique a resource or capital "
                                                    "requirement."
                                                  : "The objective can grow without limit: some "
                                                    "weighted output needs no limited resource "
                                                    "or capital.";
    case PlanStatus::kTimeLimit:
    case PlanStatus::kIterationLimit:
    case PlanStatus::kInterrupted:
      return std::string("The solver stopped ") +
             (status == PlanStatus::kTimeLimit        ? "at its time limit"
              : status == PlanStatus::kIterationLimit ? "at its iteration limit"
                                                      : "early (interrupted)") +
             " before it found a plan: no plan is issued (no targets, investment, balances or "
             "prices; a plan "
             "folder holds only summary.json and README.md).";
    case PlanStatus::kError:
      return "The solver ran into numerical trouble: no plan is issued.";
  }
  return {};
}

}  // namespace

// Declared in plan/plan_program.h.
namespace plan {
PlanStatus PlanStatusFromLp(LpStatus status) {
  switch (status) {
    case LpStatus::kOptimal:
      return PlanStatus::kOptimal;
    case LpStatus::kInfeasible:
      return PlanStatus::kInfeasible;
    case LpStatus::kUnbounded:
      return PlanStatus::kUnbounded;
    case LpStatus::kTimeLimit:
      return PlanStatus::kTimeLimit;
    case LpStatus::kIterationLimit:
      return PlanStatus::kIterationLimit;
    case LpStatus::kInterrupted:
      return PlanStatus::kInterrupted;
    case LpStatus::kError:
      return PlanStatus::kError;
  }
  return PlanStatus::kError;
}
}  // namespace plan

namespace {

// A first-order answer satisfies the stock equalities K[t] = (1 − d)·K[t−1] + a[t − L] + cip[t]
// only to its tolerance, while the documents (and `gosplan verify`) derive the usable stock from
// the investments by that recursion. Recomputing K from the investments makes the stock rows hold
// exactly and the capital rows show the real shortfall, if any (measured afterwards; column bounds
// of K[T] are checked too).
void RecomputeUsableStocks(const plan::PlanProgram& program, std::vector<double>& x) {
  const int T = program.years;
  for (std::size_t s = 0; s < program.stocks.size(); ++s) {
    const plan::StockAccount& account = program.stocks[s];
    double previous = account.initial;
    for (int t = 1; t <= T; ++t) {
      double stock = (1.0 - account.depreciation) * previous + account.Arriving(t);
      if (t - account.lag >= 1)
        stock += x[program.accumulation_column[s * T + t - account.lag - 1]];
      x[program.capital_column[s * T + t - 1]] = stock;
      previous = stock;
    }
  }
}

// The row of the plan LP in the model's words, with its shortfall `amount` (in the row's units).
std::string DescribeRow(const Model& model, const plan::PlanProgram& program, Index row,
                        double amount) {
  const int T = program.years;
  const Index P = static_cast<Index>(model.products.size());
  const Index R = static_cast<Index>(model.resources.size());
  const Index S = static_cast<Index>(program.stocks.size());
  const std::string by = fmt::format("{:.3g}", amount);
  if (row < P * program.regions * T) return plan::DescribeRegionalRow(model, program, row, by);
  if (row >= program.resource_row_base && row < program.resource_row_base + R * T) {
    const Index k = row - program.resource_row_base;
    const Resource& resource = model.resources[k / T];
    return fmt::format("{} in {} is used {} {} beyond its limit", resource.name,
                       model.CalendarYear(static_cast<int>(k % T) + 1), by, resource.unit);
  }
  if (row >= program.capital_row_base && row < program.capital_row_base + 2 * S * T) {
    const Index k = (row - program.capital_row_base) / 2;
    const plan::StockAccount& account = program.stocks[k / T];
    const Product& product = model.products[account.product];
    const int year = model.CalendarYear(static_cast<int>(k % T) + 1);
    if ((row - program.capital_row_base) % 2 == 0) {
      return fmt::format("{} needs {} {} more {} in {} than its usable stock",
                         model.enterprises[account.enterprise].name, by, product.unit, product.name,
                         year);
    }
    return fmt::format(
        "{}'s usable stock of {} in {} is off its account (last year's stock less depreciation "
        "plus investment) by {} {}",
        model.enterprises[account.enterprise].name, product.name, year, by, product.unit);
  }
  for (std::size_t k = 0; k < program.target_row.size(); ++k) {
    if (program.target_row[k] != row) continue;
    const Product& product = model.products[k / T];
    return fmt::format("final use of {} in {} falls short of the target mix by {} {}", product.name,
                       model.CalendarYear(static_cast<int>(k % T) + 1), by, product.unit);
  }
  for (std::size_t q = 0; q < program.quota_row.size(); ++q) {
    if (program.quota_row[q] != row) continue;
    const Quota& quota = model.quotas[q];
    return fmt::format("quota {} ({} {} of {}) is missed by {} {}", quota.id, quota.quantity,
                       model.products[quota.product].unit, model::QuotaCounts(model, quota), by,
                       model.products[quota.product].unit);
  }
  for (std::size_t k = 0; k < program.terminal_row_start.size(); ++k) {
    const Index first = program.terminal_row_start[k];
    if (first < 0 || row < first || row >= first + program.stocks[k].lag) continue;
    const plan::StockAccount& account = program.stocks[k];
    const Product& product = model.products[account.product];
    return fmt::format(
        "{}'s stock of {} in {} falls short of the terminal growth condition by {} {}",
        model.enterprises[account.enterprise].name, product.name,
        model.CalendarYear(T + static_cast<int>(row - first) + 1), by, product.unit);
  }
  if (std::string currency = plan::DescribeCurrencyRow(model, program, row, by); !currency.empty())
    return currency;
  return fmt::format("row {} of the plan LP is violated by {}", row, by);
}

// The solver's point with every column put onto its bounds: simplex leaves values like −1.4e-9
// on a column ≥ 0 (the rounding of its factorisation, which differs between BLAS builds). The
// plan issued is this point, and MeasureAccuracy checks the rows on it, so the clipping is
// measured rather than hidden.
std::vector<double> OntoColumnBounds(const LinearProgram& lp, std::vector<double> x) {
  for (Index j = 0; j < lp.num_columns; ++j) {
    if (x[j] < lp.column_lower[j]) x[j] = lp.column_lower[j];
    if (x[j] > lp.column_upper[j]) x[j] = lp.column_upper[j];
  }
  return x;
}

// Measures a solved point the way `gosplan verify` measures the plan documents (MeasureLpAccuracy,
// independently of what the solver reports) and names the worst row in the model's words.
PlanAccuracy MeasureAccuracy(const Model& model, const plan::PlanProgram& program,
                             const std::vector<double>& x, const std::vector<double>& duals) {
  const LpAccuracy measured = MeasureLpAccuracy(program.lp, x, duals);
  PlanAccuracy accuracy;
  accuracy.primal = measured.primal;
  accuracy.dual = measured.dual;
  accuracy.gap = measured.gap;
  if (measured.worst_row >= 0) {
    accuracy.largest_violation =
        DescribeRow(model, program, measured.worst_row, measured.worst_amount);
    accuracy.largest_violation_amount = measured.worst_amount;
    accuracy.largest_violation_relative = measured.worst_relative;
  }
  return accuracy;
}

// The smallest "one significant digit" tolerance (1e-4, 2e-4, …, 9e-4, 1e-3) at or above `value`.
double RoundUpTolerance(double value) {
  const double exponent = std::floor(std::log10(value));
  const double scale = std::pow(10.0, exponent);
  double digit = std::ceil(value / scale * (1.0 - 1e-12));
  if (digit < 1.0) digit = 1.0;
  // Print and re-read so the figure is exactly the decimal the documents show ("0.0002").
  return std::stod(fmt::format("{:.0e}", digit * scale));
}

std::string ExplainApproximate(const Plan& plan, bool pdlp, const LpSolution& solution,
                               double pdlp_tolerance) {
  std::string text = fmt::format(
      "An approximate plan was found{}: it holds only within the relative tolerance {:g} — every "
      "material "
      "balance, resource limit, capital limit and floor to within {:g} of its largest term, and "
      "the objective "
      "to within {:g}·(1 + |objective|) of the bound the shadow prices give (measured on the plan: "
      "rows {:.2g}, "
      "prices {:.2g}, duality gap {:.2g}). ",
      pdlp ? " by PDLP, a first-order method" : "", plan.stated_tolerance, plan.stated_tolerance,
      plan.stated_tolerance, plan.accuracy.primal, plan.accuracy.dual, plan.accuracy.gap);
  if (!plan.accuracy.largest_violation.empty()) {
    text += fmt::format("Largest violation: {} (relative {:.2g}). ",
                        plan.accuracy.largest_violation, plan.accuracy.largest_violation_relative);
  } else {
    text += "No row is violated; the approximation is in the prices. ";
  }
  if (pdlp) {
    text += fmt::format(
        "PDLP stopped at relative primal residual {:.1e}, dual residual {:.1e} and duality gap "
        "{:.1e} "
        "(tolerance {:.0e}). ",
        solution.relative_primal_residual, solution.relative_dual_residual, solution.relative_gap,
        pdlp_tolerance);
  }
  text += pdlp ? "Use --solver clp for an exact plan, or a smaller --tolerance for a closer one."
               : "The simplex solver reported an optimum, but the plan misses the 1e-6 check; "
                 "`gosplan verify` "
                 "checks it at the stated tolerance.";
  return text;
}

// Crossover by CLP from a first-order point (PlanOptions::polish): fix the columns that sit at a
// bound with a clearly unprofitable reduced cost (complementary slackness says they stay there at
// an optimum) and solve the restricted LP exactly. Any restricted-feasible point is feasible for
// the full LP; it is optimal for the full LP when the fixed columns' reduced costs keep their sign
// at the new duals. Fixed columns whose reduced cost turns profitable are freed and the LP solved
// again (at most kRounds times), as in column generation. MeasureAccuracy checks the result on the
// full LP afterwards. Returns the last CLP solution; `fixed`: columns still fixed; `rounds`: CLP
// solves.
Result<LpSolution> PolishWithClp(const LinearProgram& lp, const LpSolution& first_order,
                                 const LpSolveOptions& options, Index* fixed, int* rounds) {
  constexpr double kAtBound = 1e-3;       // relative distance to the bound
  constexpr double kUnprofitable = 1e-3;  // reduced cost relative to its largest term
  constexpr int kRounds = 20;
  const double sense = lp.maximize ? 1.0 : -1.0;
  // Reduced profit (maximisation form) of column j at duals `duals`, and its largest term.
  auto reduced = [&](Index j, const std::vector<double>& duals, double* magnitude) {
    double profit = sense * lp.objective[j];
    *magnitude = std::abs(lp.objective[j]);
    for (Index e = lp.column_starts[j]; e < lp.column_starts[j + 1]; ++e) {
      const double term = lp.values[e] * sense * duals[lp.row_indices[e]];
      profit -= term;
      *magnitude = std::max(*magnitude, std::abs(term));
    }
    return profit;
  };
  LinearProgram restricted = lp;
  std::vector<signed char> at(static_cast<std::size_t>(lp.num_columns), 0);  // −1 lower, +1 upper
  for (Index j = 0; j < lp.num_columns; ++j) {
    double magnitude = 0.0;
    const double profit = reduced(j, first_order.row_duals, &magnitude);
    const double x = first_order.column_values[j];
    const double lower = lp.column_lower[j], upper = lp.column_upper[j];
    if (std::isfinite(lower) && profit < -kUnprofitable * magnitude &&
        x - lower <= kAtBound * (1.0 + std::abs(lower))) {
      restricted.column_upper[j] = lower;
      at[j] = -1;
    } else if (std::isfinite(upper) && profit > kUnprofitable * magnitude &&
               upper - x <= kAtBound * (1.0 + std::abs(upper))) {
      restricted.column_lower[j] = upper;
      at[j] = 1;
    }
  }
  Result<LpSolution> solved = LpSolution{};
  for (*rounds = 1;; ++*rounds) {
    solved = SolveWithClp(restricted, options);
    if (!solved.ok() || solved.value().status != LpStatus::kOptimal || *rounds == kRounds) break;
    Index freed = 0;
    for (Index j = 0; j < lp.num_columns; ++j) {
      if (at[j] == 0) continue;
      double magnitude = 0.0;
      const double profit = reduced(j, solved.value().row_duals, &magnitude);
      const double allowed = 1e-9 * (1.0 + magnitude);
      if ((at[j] < 0 && profit > allowed) || (at[j] > 0 && profit < -allowed)) {
        restricted.column_lower[j] = lp.column_lower[j];
        restricted.column_upper[j] = lp.column_upper[j];
        at[j] = 0;
        ++freed;
      }
    }
    if (freed == 0) break;
  }
  *fixed =
      static_cast<Index>(std::count_if(at.begin(), at.end(), [](signed char a) { return a != 0; }));
  return solved;
}

// An infeasible plan under --fulfilment-floor or --group-floor: a floor may be what no plan can
// meet.
void ExplainFulfilmentFloor(const Model& model, const plan::PlanProgram& program, Plan& plan) {
  if (plan.status != PlanStatus::kInfeasible) return;
  std::string floors;
  for (std::size_t g = 0; g < program.group_floor.size(); ++g) {
    if (program.group_floor[g] <= 0) continue;
    floors += fmt::format("{}{} at least {:g}", floors.empty() ? "" : ", ",
                          model.final_demand_categories[program.group_category[g]],
                          program.group_floor[g]);
  }
  if (!floors.empty()) {
    plan.explanation += fmt::format(
        " The plan was asked for group fulfilments of {} times their targets in every year "
        "(--group-floor); without those floors the model may be feasible.",
        floors);
  }
  if (program.fulfilment_floor <= 0) return;
  plan.explanation += fmt::format(
      " The plan was asked for final use of at least {:g} times the target mix in every year "
      "(--fulfilment-floor); without that floor the model may be feasible: the largest "
      "fulfilment it allows is what `gosplan plan --objective plan_ray` finds.",
      program.fulfilment_floor);
}

// The harmony objective's true value at the plan, Σ_t w_t Σ_i H̃(s) with s = Σ_c f/τ − 1 (the LP
// maximised the tangent envelope Ĥ ≥ H̃), and its error bound ε·Σ w (gosplan/harmony.h), told in
// the explanation.
void DescribeHarmony(const Model& model, const plan::PlanProgram& program,
                     const std::vector<double>& x, Plan& plan) {
  const int T = program.years;
  std::vector<double> tau(program.harmony_column.size(), 0.0), use(tau.size(), 0.0);
  for (std::size_t n = 0; n < model.final_demand.size(); ++n) {
    const FinalDemand& fd = model.final_demand[n];
    tau[fd.product * T + fd.year - 1] += fd.target;
    use[fd.product * T + fd.year - 1] += x[program.final_use_column[n]];
  }
  std::vector<double> year_weight = model.settings.year_weights;
  if (static_cast<int>(year_weight.size()) != T) year_weight.assign(static_cast<std::size_t>(T), 1);
  double weights = 0.0;
  plan.harmony = 0.0;
  for (std::size_t slot = 0; slot < tau.size(); ++slot) {
    if (program.harmony_column[slot] < 0) continue;
    const double w = year_weight[slot % static_cast<std::size_t>(T)];
    const double s = std::min(use[slot] / tau[slot] - 1.0, harmony::kMaxOverfulfilment);
    plan.harmony += w * harmony::Value(std::max(s, -1.0));
    weights += w;
  }
  plan.harmony_error_bound = harmony::EnvelopeError() * weights;
  plan.explanation += fmt::format(
      " The LP maximised the tangent envelope of the harmony function (objective {:.6g}); the "
      "plan's true harmony is {:.6g}, within {:.2g} of the true optimum (ε = {:.2g} per product "
      "and year, docs/planning-model.md).",
      plan.objective, plan.harmony, plan.harmony_error_bound, harmony::EnvelopeError());
}

void Extract(const Model& model, const plan::PlanProgram& program, const std::vector<double>& x,
             const LpSolution& solution, Plan& plan) {
  const int T = program.years;
  const Index P = static_cast<Index>(model.products.size());
  const Index R = static_cast<Index>(model.resources.size());
  const std::size_t categories = model.final_demand_categories.size();

  if (!program.fulfilment_column.empty()) {
    for (int t = 1; t <= T; ++t)
      plan.fulfilment.push_back(Clean(x[program.fulfilment_column[t - 1]]));
  }

  // Capacity of each enterprise technique in a year: the activity its stocks (and bound) allow.
  for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
    const EnterpriseTechnique& et = model.enterprise_techniques[n];
    const Index p = et.technique;
    for (int t = 1; t <= T; ++t) {
      const double activity = x[program.activity_column[n * T + t - 1]];
      double activity_capacity = et.max_activity;
      for (Index k = program.capital.starts[p]; k < program.capital.starts[p + 1]; ++k) {
        const double b = program.capital.values[k];
        if (b <= 0) continue;
        const Index s = program.stock_index.at({et.enterprise, program.capital.items[k]});
        activity_capacity =
            std::min(activity_capacity, x[program.capital_column[s * T + t - 1]] / b);
      }
      for (Index k = program.outputs.starts[p]; k < program.outputs.starts[p + 1]; ++k) {
        ProductionTarget target;
        target.enterprise = et.enterprise;
        target.technique = p;
        target.product = program.outputs.items[k];
        target.year = t;
        const double out = program.outputs.values[k] * program.Yield(target.product, t);
        target.quantity = Clean(out * activity);
        target.capacity =
            std::isfinite(activity_capacity) ? Clean(out * activity_capacity) : kUnbounded;
        if (std::isfinite(target.capacity))
          target.quantity = OntoBound(target.quantity, target.capacity);
        target.utilisation = std::isfinite(target.capacity) && target.capacity > kNoise
                                 ? OntoBound(target.quantity / target.capacity, 1.0)
                                 : 0.0;
        plan.targets.push_back(target);
      }
    }
  }

  for (std::size_t s = 0; s < program.stocks.size(); ++s) {
    const plan::StockAccount& account = program.stocks[s];
    for (int t = 1; t <= T; ++t) {
      const double quantity = Clean(x[program.accumulation_column[s * T + t - 1]]);
      if (quantity <= 0) continue;
      plan.investments.push_back(
          {account.enterprise, account.product, t, t + account.lag, quantity});
    }
  }

  // Balances, recomputed from the activities (the documents show what the plan does, row by row).
  plan.balances.resize(static_cast<std::size_t>(P * T));
  for (Index i = 0; i < P; ++i) {
    for (int t = 1; t <= T; ++t) {
      ProductBalance& balance = plan.balances[i * T + t - 1];
      balance.product = i;
      balance.year = t;
      balance.final_use.assign(categories, 0.0);
    }
  }
  plan.resource_use.assign(static_cast<std::size_t>(R * T), 0.0);
  for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
    const Index p = model.enterprise_techniques[n].technique;
    for (int t = 1; t <= T; ++t) {
      const double z = x[program.activity_column[n * T + t - 1]];
      for (Index k = program.outputs.starts[p]; k < program.outputs.starts[p + 1]; ++k) {
        plan.balances[program.outputs.items[k] * T + t - 1].production +=
            program.outputs.values[k] * program.Yield(program.outputs.items[k], t) * z;
      }
      for (Index k = program.inputs.starts[p]; k < program.inputs.starts[p + 1]; ++k) {
        plan.balances[program.inputs.items[k] * T + t - 1].intermediate_use +=
            program.inputs.values[k] * z;
      }
      for (Index k = program.resource_use.starts[p]; k < program.resource_use.starts[p + 1]; ++k) {
        plan.resource_use[program.resource_use.items[k] * T + t - 1] +=
            program.resource_use.values[k] * z;
      }
    }
  }
  // Accumulation in year t: the outlays paid that year, Σ_o σ[o]·a[t−o] (outlay profiles), and the
  // outlays still owed for construction in progress.
  for (std::size_t s = 0; s < program.stocks.size(); ++s) {
    const plan::StockAccount& account = program.stocks[s];
    for (int t = 1; t <= T; ++t) {
      const double started = x[program.accumulation_column[s * T + t - 1]];
      for (std::size_t o = 0; o < account.outlay.size(); ++o) {
        const int paid = t + static_cast<int>(o);
        if (paid > T) break;
        plan.balances[account.product * T + paid - 1].accumulation += account.outlay[o] * started;
      }
    }
  }
  const Index G = program.regions;  // regions: the national balance sums them
  for (std::size_t k = 0; k < program.owed_outlay.size(); ++k) {
    const std::size_t national = (k / static_cast<std::size_t>(G * T)) * T + k % T;
    plan.balances[national].accumulation += program.owed_outlay[k];
  }
  for (std::size_t n = 0; n < model.final_demand.size(); ++n) {
    const FinalDemand& fd = model.final_demand[n];
    plan.balances[fd.product * T + fd.year - 1].final_use[fd.category] +=
        x[program.final_use_column[n]];
  }
  if (program.currency_row_base >= 0) {  // foreign trade: flows, currency accounts, prices
    const double sense = program.lp.maximize ? 1.0 : -1.0;
    plan::ExtractTrade(
        model, program, x,
        [&](Index row) {
          const double price = -sense * solution.row_duals[row];  // a ≥ row: ≥ 0
          return price < 0 ? 0.0 : Clean(price) + 0.0;
        },
        plan);
    for (TradeFlow& flow : plan.trade) {
      flow.exports = Clean(flow.exports);
      flow.imports = Clean(flow.imports);
    }
    for (CurrencyYear& account : plan.currency) {
      for (double* value : {&account.earnings, &account.spending, &account.debt, &account.interest,
                            &account.reserves}) {
        *value = Clean(*value);
      }
    }
  }
  if (!model.regions.empty()) {  // regional balances and transport flows
    const double sense = program.lp.maximize ? 1.0 : -1.0;
    auto one_sided = [&](double price) { return price < 0 ? 0.0 : Clean(price) + 0.0; };
    plan::ExtractRegions(
        model, program, x, [&](Index row) { return one_sided(-sense * solution.row_duals[row]); },
        [&](Index row) { return one_sided(sense * solution.row_duals[row]); }, plan);
  }
  for (Index i = 0; i < P; ++i) {
    const Product& product = model.products[i];
    for (int t = 1; t <= T; ++t) {
      ProductBalance& balance = plan.balances[i * T + t - 1];
      if (product.storable) {
        // Summed over the regions (one without regions.csv); the initial stock is in the first.
        double previous = t == 1 ? product.initial_stock : 0.0, carried = 0.0;
        for (Index g = 0; g < G; ++g) {
          if (t > 1) previous += x[program.carry_column[(i * G + g) * T + t - 2]];
          carried += x[program.carry_column[(i * G + g) * T + t - 1]];
        }
        balance.stock_in = (1.0 - product.storage_loss) * previous;
        balance.stock_out = carried;
      }
      double final_total = 0.0;
      for (double f : balance.final_use) final_total += f;
      balance.surplus = balance.production + balance.stock_in - balance.intermediate_use -
                        balance.accumulation - final_total - balance.stock_out + balance.imports -
                        balance.exports;
      balance.imports = Clean(balance.imports);
      balance.exports = Clean(balance.exports);
      balance.production = Clean(balance.production);
      balance.intermediate_use = Clean(balance.intermediate_use);
      balance.accumulation = Clean(balance.accumulation);
      for (double& f : balance.final_use) f = Clean(f);
      balance.stock_in = Clean(balance.stock_in);
      balance.stock_out = Clean(balance.stock_out);
      balance.surplus = Clean(balance.surplus);
    }
  }
  for (double& use : plan.resource_use) use = Clean(use);

  // Shadow prices are reported as the improvement of the objective (gain for a maximisation, cost
  // saved for a minimisation) per unit by which a row is relaxed, so inequality rows have prices ≥
  // 0. With LP duals d = ∂objective/∂bound and s = +1 (max) or −1 (min): relaxing a "≥" row lowers
  // its bound, improvement −s·d; relaxing a "≤" row raises it, improvement s·d; for the stock
  // equalities s·d is the improvement per unit more installed stock.
  const double s_max = program.lp.maximize ? 1.0 : -1.0;
  // A one-sided row's price of the wrong sign is published as 0, as MeasureAccuracy checked it.
  auto published = [&](Index row, double improvement) {
    const bool one_sided =
        !std::isfinite(program.lp.row_lower[row]) || !std::isfinite(program.lp.row_upper[row]);
    if (one_sided && improvement < 0) return 0.0;
    return Clean(improvement) + 0.0;
  };
  auto at_least_row = [&](Index row) { return published(row, -s_max * solution.row_duals[row]); };
  auto at_most_row = [&](Index row) { return published(row, s_max * solution.row_duals[row]); };
  plan.product_prices.assign(static_cast<std::size_t>(P * T), 0.0);
  for (Index i = 0; i < P; ++i) {
    for (int t = 1; t <= T; ++t)
      plan.product_prices[i * T + t - 1] = at_least_row(program.balance_row(i, t));
  }
  plan.resource_prices.assign(static_cast<std::size_t>(R * T), 0.0);
  for (Index r = 0; r < R; ++r) {
    for (int t = 1; t <= T; ++t)
      plan.resource_prices[r * T + t - 1] = at_most_row(program.resource_row(r, t));
  }

  // Capital accounts: usable stock, its use, and the duals of the capital and stock rows.
  for (std::size_t s = 0; s < program.stocks.size(); ++s) {
    for (int t = 1; t <= T; ++t) {
      CapitalAccount account;
      account.enterprise = program.stocks[s].enterprise;
      account.product = program.stocks[s].product;
      account.year = t;
      account.usable = Clean(x[program.capital_column[s * T + t - 1]]);
      // Σ_p b·z: the row activity without the solver's own K (x may hold the recomputed one).
      account.used = Clean(solution.row_activities[program.capital_row(s, t)] +
                           solution.column_values[program.capital_column[s * T + t - 1]]);
      account.rent = at_most_row(program.capital_row(s, t));
      account.installed = at_most_row(program.stock_row(s, t));
      plan.capital.push_back(account);
    }
  }
  // Terminal condition "growth": each row's stock K[T+j] and requirement, recomputed from x.
  if (!program.terminal_row_start.empty()) {
    for (std::size_t s = 0; s < program.stocks.size(); ++s) {
      const plan::StockAccount& account = program.stocks[s];
      const double keep = 1.0 - account.depreciation;
      const double used = solution.row_activities[program.capital_row(s, T)] +
                          solution.column_values[program.capital_column[s * T + T - 1]];
      double stock = x[program.capital_column[s * T + T - 1]];
      for (int j = 1; j <= account.lag; ++j) {
        stock *= keep;
        if (T + j - account.lag >= 1)
          stock += x[program.accumulation_column[s * T + T + j - account.lag - 1]];
        plan.terminal.push_back({account.enterprise, account.product, T + j, Clean(stock),
                                 Clean(std::pow(1.0 + program.terminal_growth_rate, j) * used),
                                 at_least_row(program.terminal_row(s, j))});
      }
    }
  }
  plan.target_prices.assign(static_cast<std::size_t>(P * T), 0.0);
  for (std::size_t k = 0; k < program.target_row.size(); ++k) {
    if (program.target_row[k] >= 0) {
      plan.target_prices[k] = at_least_row(program.target_row[k]);
    }
  }
  plan.quota_prices.assign(program.quota_row.size(), 0.0);
  for (std::size_t q = 0; q < program.quota_row.size(); ++q) {
    if (program.quota_row[q] >= 0) {
      plan.quota_prices[q] = at_least_row(program.quota_row[q]);
    }
  }
}

}  // namespace

namespace plan {

void DescribePlanProgramFacts(const Model& model, const PlanProgram& program, Plan& plan) {
  plan.objective_kind = program.objective;
  plan.quotas_are_law = program.quotas_are_law;
  plan.fulfilment_floor = program.fulfilment_floor;
  if (model.settings.terminal == TerminalCondition::kGrowth) {
    plan.terminal_growth_rate = program.terminal_growth_rate;
  }
  plan.lp_rows = program.lp.num_rows;
  plan.lp_columns = program.lp.num_columns;
  plan.lp_nonzeros = program.lp.num_nonzeros();
}

PlanAccuracy MeasureSimplexAccuracy(const Model& model, const PlanProgram& program,
                                    const LpSolution& solution) {
  return MeasureAccuracy(model, program, OntoColumnBounds(program.lp, solution.column_values),
                         solution.row_duals);
}

void IssueSimplexPlan(const Model& model, const PlanProgram& program, const LpSolution& solution,
                      Plan& plan) {
  plan.status = plan::PlanStatusFromLp(solution.status);
  plan.solver = solution.solver;
  plan.iterations = solution.iterations;
  plan.solve_seconds = solution.seconds;
  plan.explanation = Explain(plan.status, model, program.objective, program.quotas_are_law);
  ExplainFulfilmentFloor(model, program, plan);
  if (plan.status != PlanStatus::kOptimal) return;
  const auto extract_start = std::chrono::steady_clock::now();
  const std::vector<double> x = OntoColumnBounds(program.lp, solution.column_values);
  plan.accuracy = MeasureAccuracy(model, program, x, solution.row_duals);
  const double required = std::max({plan.accuracy.primal, plan.accuracy.dual, plan.accuracy.gap});
  if (required <= Plan::kExactTolerance) {
    plan.stated_tolerance = Plan::kExactTolerance;
  } else {
    // A simplex answer that misses the 1e-6 check is issued as approximate, at the measured
    // tolerance ("optimal" only when the check agrees).
    plan.status = PlanStatus::kApproximate;
    plan.stated_tolerance = RoundUpTolerance(std::max(required * 1.01, Plan::kExactTolerance));
    plan.explanation = ExplainApproximate(plan, /*pdlp=*/false, solution, 0.0);
  }
  plan.objective = solution.objective;
  plan.max_violation = solution.max_primal_violation;
  Extract(model, program, x, solution, plan);
  if (program.objective == ObjectiveKind::kHarmony) DescribeHarmony(model, program, x, plan);
  ExtractGroups(model, program, x, plan);
  plan.extract_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - extract_start).count();
}

}  // namespace plan

Result<double> TerminalGrowthRate(const Model& model) {
  const double given = model.settings.terminal_growth_rate;
  if (given >= 0) return given;
  auto solved = SolveGrowth(GrowthMatricesFromModel(model, /*with_capital=*/true));
  if (!solved.ok()) return solved.status();
  const GrowthResult& growth = solved.value();
  if (growth.status != GrowthStatus::kSolved || !std::isfinite(growth.alpha)) {
    return Status::InvalidInput(
        model.folder.empty() ? std::string("<model>") : model.folder + "/model.toml", 0, 0,
        fmt::format("terminal = \"growth\" without terminal_growth_rate asks for the economy's "
                    "von Neumann rate, but `gosplan growth` finds none ({}: {})",
                    ToString(growth.status), growth.explanation),
        "objective.terminal_growth_rate = g, the yearly growth rate after the horizon");
  }
  return std::max(0.0, growth.alpha - 1.0);
}

const char* ToString(PlanStatus status) {
  switch (status) {
    case PlanStatus::kOptimal:
      return "optimal";
    case PlanStatus::kInfeasible:
      return "infeasible";
    case PlanStatus::kUnbounded:
      return "unbounded";
    case PlanStatus::kTimeLimit:
      return "time_limit";
    case PlanStatus::kIterationLimit:
      return "iteration_limit";
    case PlanStatus::kInterrupted:
      return "interrupted";
    case PlanStatus::kError:
      return "error";
    case PlanStatus::kApproximate:
      return "approximate";
  }
  return "error";
}

bool PlanOptions::IsValid(std::string* error) const {
  if (quotas_as_constraints < -1 || quotas_as_constraints > 1) {
    if (error) {
      *error = "quotas_as_constraints is " + std::to_string(quotas_as_constraints) +
               "; it must be -1 (as model.toml says), 0 (no) or 1 (yes)";
    }
    return false;
  }
  if (!(fulfilment_floor >= 0 && std::isfinite(fulfilment_floor))) {
    if (error) {
      *error = fmt::format("fulfilment_floor is {}; it must be a finite number >= 0 (0: none)",
                           fulfilment_floor);
    }
    return false;
  }
  for (const auto& [group, floor] : group_floors) {
    if (!(floor >= 0 && std::isfinite(floor))) {
      if (error) {
        *error = fmt::format(
            "group_floors gives '{}' the floor {}; it must be a finite number >= 0", group, floor);
      }
      return false;
    }
  }
  std::string inner;
  if (!solver.IsValid(&inner)) {
    if (error) *error = "solver." + inner;
    return false;
  }
  if (!pdlp.IsValid(&inner)) {
    if (error) *error = "pdlp." + inner;
    return false;
  }
  return true;
}

std::optional<PlanStatus> ParsePlanStatus(std::string_view text) {
  for (PlanStatus status :
       {PlanStatus::kOptimal, PlanStatus::kInfeasible, PlanStatus::kUnbounded,
        PlanStatus::kTimeLimit, PlanStatus::kIterationLimit, PlanStatus::kInterrupted,
        PlanStatus::kError, PlanStatus::kApproximate}) {
    if (text == ToString(status)) return status;
  }
  return std::nullopt;
}

Result<LinearProgram> BuildPlanLinearProgram(const Model& model, const PlanOptions& options) {
  auto program = plan::BuildPlanProgram(model, options, /*with_names=*/true);
  if (!program.ok()) return program.status();
  return std::move(program.value().lp);
}

SolverChoice ChooseSolver(SolverKind kind, const PlanOptions& options, Index nonzeros,
                          ObjectiveKind objective) {
  SolverChoice choice;
  if (kind == SolverKind::kClp) return choice;
  if (kind == SolverKind::kPdlp) {
    choice.pdlp = true;
    choice.crossover = options.crossover;
    choice.projection_only = options.crossover && options.crossover_projection_only;
    return choice;
  }
  // auto, by the tiers at PlanOptions::solver_kind; options.crossover asks for the full crossover
  // wherever PDLP runs, crossover_projection_only for the projection only.
  if (nonzeros < PlanOptions::kAutoPdlpNonzeros) return choice;
  choice.pdlp = true;
  if (options.crossover) {
    choice.crossover = true;
    choice.projection_only = options.crossover_projection_only;
  } else if (objective == ObjectiveKind::kHarmony) {
    // PDLP alone, as before the crossover tiers (see the header).
  } else if (nonzeros <= PlanOptions::kAutoFullCrossoverNonzeros) {
    choice.crossover = true;
  } else if (nonzeros <= PlanOptions::kAutoProjectionNonzeros) {
    choice.crossover = true;
    choice.projection_only = true;
  }
  return choice;
}

Result<Plan> SolvePlan(const Model& model, const PlanOptions& options) {
  if (Status invalid = ValidateOptions(options, "PlanOptions"); !invalid.ok()) return invalid;
  if (!options.price_numeraire.empty() &&
      model.resource_index.count(options.price_numeraire) == 0) {
    std::string resources;
    for (const Resource& resource : model.resources) {
      resources += (resources.empty() ? "" : ", ") + resource.id;
    }
    return Status::InvalidArgument(
        "PlanOptions", fmt::format("price_numeraire '{}' is not a resource of the model (expected "
                                   "one of: {})",
                                   options.price_numeraire,
                                   resources.empty() ? "(the model has no resources)" : resources));
  }
  using Clock = std::chrono::steady_clock;
  const auto build_start = Clock::now();
  if (options.log) options.log("building the plan LP");
  auto built = plan::BuildPlanProgram(model, options, /*with_names=*/false);
  if (!built.ok()) return built.status();
  const plan::PlanProgram& program = built.value();
  Plan plan;
  plan::DescribePlanProgramFacts(model, program, plan);
  plan.build_seconds = std::chrono::duration<double>(Clock::now() - build_start).count();

  // The solver the options name, else the one model.toml names (validated when the model was
  // loaded).
  const SolverKind solver_kind = options.solver_kind.value_or(
      ParseSolverKind(model.settings.solver).value_or(SolverKind::kClp));
  const SolverChoice choice =
      ChooseSolver(solver_kind, options, plan.lp_nonzeros, program.objective);
  const bool use_pdlp = choice.pdlp;
  const bool crossover = choice.crossover;
  const bool projection_only = choice.projection_only;
  plan.settings.solver = crossover ? "pdlp+crossover" : use_pdlp ? "pdlp" : "clp";
  plan.settings.algorithm = ToString(options.solver.algorithm);
  plan.settings.time_limit_seconds = use_pdlp && options.pdlp.time_limit_seconds > 0
                                         ? options.pdlp.time_limit_seconds
                                         : options.solver.time_limit_seconds;
  plan.settings.iteration_limit =
      use_pdlp ? options.pdlp.iteration_limit : options.solver.iteration_limit;
  // The crossover starts from a PDLP point of at least kCrossoverTolerance: a looser one guesses
  // a basis that needs many more pivots (docs/pdlp.md, "Crossover").
  const double pdlp_tolerance =
      crossover ? std::min(options.pdlp.tolerance, PlanOptions::kCrossoverTolerance)
                : options.pdlp.tolerance;
  plan.settings.tolerance = use_pdlp ? pdlp_tolerance : Plan::kExactTolerance;
  plan.settings.polish = use_pdlp && options.polish && !crossover;
  plan.settings.price_numeraire = options.price_numeraire;
  // Maxmin is a sequence of LPs warm-started on one CLP model (src/plan/maxmin.cc): PDLP, which
  // keeps no basis between solves, is refused; `auto` takes CLP.
  if (program.objective == ObjectiveKind::kMaxmin) {
    if (solver_kind == SolverKind::kPdlp) {
      return Status::InvalidArgument(
          "PlanOptions",
          "the maxmin objective is solved by a sequence of CLP LPs, each warm from the last "
          "one's basis; solver pdlp is not supported with it (use clp or auto)");
    }
    plan.settings.solver = "clp";
    plan.settings.tolerance = Plan::kExactTolerance;
    plan.settings.polish = false;
    plan.settings.time_limit_seconds = options.solver.time_limit_seconds;
    plan.settings.iteration_limit = options.solver.iteration_limit;
    if (options.log) {
      options.log(
          fmt::format("solving with CLP: {} rows, {} columns, {} non-zeros (maxmin: one "
                      "LP per lexicographic step)",
                      plan.lp_rows, plan.lp_columns, plan.lp_nonzeros));
    }
    if (Status solved = plan::SolveMaxmin(model, std::move(built.value()), options, plan);
        !solved.ok())
      return solved;
    return plan;
  }
  // Harmony by CLP: cutting planes from a few of the tangent cuts (src/plan/harmony_cuts.cc).
  if (program.objective == ObjectiveKind::kHarmony && !use_pdlp) {
    if (Status solved = plan::SolveHarmonyByCuts(model, std::move(built.value()), options, plan);
        !solved.ok())
      return solved;
    return plan;
  }
  if (options.log) {
    options.log(std::string("solving with ") + (use_pdlp ? "PDLP" : "CLP") + ": " +
                std::to_string(plan.lp_rows) + " rows, " + std::to_string(plan.lp_columns) +
                " columns, " + std::to_string(plan.lp_nonzeros) + " non-zeros");
  }
  Result<LpSolution> solved = LpSolution{};
  PdlpOptions pdlp = options.pdlp;  // as PDLP ran (the crossover may continue it)
  if (use_pdlp) {
    pdlp.tolerance = pdlp_tolerance;
    if (pdlp.time_limit_seconds == 0) pdlp.time_limit_seconds = options.solver.time_limit_seconds;
    if (!pdlp.progress && options.log) {
      // A line every 5 seconds at most: the PDHG checks come every 64 iterations.
      auto last = std::make_shared<double>(0.0);
      pdlp.progress = [log = options.log, last](const PdlpProgress& progress) {
        if (progress.seconds < *last + 5.0) return;
        *last = progress.seconds;
        char line[200];
        std::snprintf(line, sizeof line,
                      "PDLP iteration %lld, %.1f s: relative primal %.1e, dual %.1e, gap %.1e",
                      static_cast<long long>(progress.iteration), progress.seconds,
                      progress.relative_primal_residual, progress.relative_dual_residual,
                      progress.relative_gap);
        log(line);
      };
    }
    solved =
        options.pdlp_solve ? options.pdlp_solve(program.lp, pdlp) : SolveWithPdlp(program.lp, pdlp);
  } else {
    solved = SolveWithClp(program.lp, options.solver);
  }
  if (!solved.ok()) return solved.status();
  // CLP's dual tolerance is absolute (1e-7): on a plan whose columns have small coefficients that
  // can leave prices the relative 1e-6 check rejects. Then solve once more at 1e-10 and keep that
  // solution where it is optimal (docs/verify.md: "optimal" only when the check agrees).
  if (!use_pdlp && solved.ok() && solved.value().status == LpStatus::kOptimal &&
      options.solver.dual_tolerance == 0) {
    const PlanAccuracy first =
        MeasureAccuracy(model, program, OntoColumnBounds(program.lp, solved.value().column_values),
                        solved.value().row_duals);
    if (plan::PricesNeedTightDualTolerance(first)) {
      LpSolveOptions tighter = options.solver;
      tighter.dual_tolerance = kTightDualTolerance;
      if (options.log)
        options.log(fmt::format(
            "the prices miss the 1e-6 check by {:.1e}: solving again with CLP's dual tolerance "
            "{:.0e}",
            first.dual, kTightDualTolerance));
      Result<LpSolution> again = SolveWithClp(program.lp, tighter);
      if (!again.ok()) return again.status();
      if (again.value().status == LpStatus::kOptimal) {
        const double seconds = solved.value().seconds;
        const std::int64_t iterations = solved.value().iterations;
        solved = std::move(again);
        solved.value().seconds += seconds;
        solved.value().iterations += iterations;
      }
    }
  }
  const LpSolution& solution = solved.value();
  if (!use_pdlp) {
    plan::IssueSimplexPlan(model, program, solution, plan);
    return plan;
  }
  plan.status = plan::PlanStatusFromLp(solution.status);
  plan.solver = solution.solver;
  plan.iterations = solution.iterations;
  plan.solve_seconds = solution.seconds;
  plan.explanation = Explain(plan.status, model, program.objective, program.quotas_are_law);
  ExplainFulfilmentFloor(model, program, plan);
  if (use_pdlp && StoppedEarly(plan.status)) {
    plan.explanation += fmt::format(
        " PDLP stopped at relative primal residual {:.1e}, dual residual {:.1e} and duality gap "
        "{:.1e} "
        "(tolerance {:.0e}).",
        solution.relative_primal_residual, solution.relative_dual_residual, solution.relative_gap,
        pdlp_tolerance);
  }
  if (plan.status != PlanStatus::kOptimal) return plan;

  const auto extract_start = Clock::now();
  std::vector<double> x = OntoColumnBounds(program.lp, solution.column_values);
  if (use_pdlp) RecomputeUsableStocks(program, x);
  plan.accuracy = MeasureAccuracy(model, program, x, solution.row_duals);
  double required = std::max({plan.accuracy.primal, plan.accuracy.dual, plan.accuracy.gap});
  const LpSolution* issued = &solution;
  std::optional<LpSolution> polished;
  std::string polish_note;
  bool projected = false;  // the crossover's point came from the active-set projection
  std::optional<CrossoverSummary> projection_alone;  // projection only, and it did not verify
  std::int64_t tighten_iterations = 0;  // PDLP's, continued to a tighter tolerance by the crossover
  // The crossover's (or polish's) time is solve time, added to solve_seconds below; it runs
  // between the two parts of the extraction and is taken out of extract_seconds.
  double crossover_seconds = 0.0;
  if (use_pdlp && (crossover || options.polish)) {
    const auto crossover_start = Clock::now();
    // Crossover (a guessed basis, then CLP's simplex) or polish (columns fixed, CLP on the rest).
    Result<LpSolution> clean = LpSolution{};
    std::string how;
    const char* what = crossover ? "crossover" : "polish";
    if (crossover) {
      if (options.log)
        options.log(
            "crossover: the active-set projection of the PDLP point, else CLP's simplex from it "
            "(docs/pdlp.md, \"Crossover\")");
      // CLP's default dual tolerance (1e-7 absolute) leaves prices that miss the relative 1e-6
      // check on these plans (measured: 9.4e-5 on the 1,000-product plan): ask for 1e-10 at once,
      // as the CLP path does on a second solve.
      LpSolveOptions clp = options.solver;
      if (clp.dual_tolerance == 0) clp.dual_tolerance = kTightDualTolerance;
      CrossoverSummary summary;
      // Where the projection of the 1e-6 point does not verify, PDLP continues from it to 1e-8
      // (warm, serial) and the projection tries again before CLP: on a 1,000-product what-if edit
      // whose 1e-6 point left a small product's rows unsettled, 1e-7 already sufficed.
      // With the projection only, the continuation gets at most the first solve's iterations
      // (a cap in iterations, not seconds, so that the plan does not depend on the machine): on
      // the 10^4-product plan 448 more after 5,121 made the projection verify, where the floor
      // edit of a 1,000-product what-if needs 58 times its first solve's and goes to CLP.
      const TightenFirstOrder tighten = [&](const LpSolution& from) -> Result<LpSolution> {
        PdlpOptions tighter = pdlp;
        tighter.tolerance = pdlp.tolerance * kTightenFactor;
        if (projection_only) {
          const std::int64_t cap = std::max<std::int64_t>(solution.iterations, 1);
          tighter.iteration_limit =
              tighter.iteration_limit > 0 ? std::min(tighter.iteration_limit, cap) : cap;
        }
        // The plan's time limit, as for the first solve. Otherwise no iteration cap of its own:
        // on the floor edit of docs/benchmarks.md a cap at twice the first solve's iterations left
        // a point from which neither the projection nor CLP verified (uncapped: CLP did).
        pdlp::WarmPoint warm;
        warm.x = from.column_values;
        warm.y = from.row_duals;
        return pdlp::SolveWithPdlpFrom(program.lp, tighter, &warm, nullptr, nullptr);
      };
      // Projection only (auto on large plans): the capped continuation, no CLP; the PDLP plan
      // stays where the projection does not verify.
      clean =
          Crossover(program.lp, solution, clp, &summary, tighten,
                    projection_only ? CrossoverFallback::kNone : CrossoverFallback::kClpSimplex);
      tighten_iterations = summary.tighten_iterations;
      if (clean.ok() && summary.clp_skipped) {
        projection_alone = summary;
        if (options.log)
          options.log(
              fmt::format("crossover: {:.3f} s for an active-set projection that did not "
                          "verify; no CLP crossover (projection only)",
                          summary.projection.seconds));
      } else if (clean.ok()) {
        projected = summary.projected;
        how = projected ? fmt::format("{}, then crossover: {}", solution.solver,
                                      DescribeCrossover(summary))
                        : fmt::format("{}, then crossover: {} ({}; {} simplex iterations)",
                                      solution.solver, clean.value().solver,
                                      DescribeCrossover(summary), clean.value().iterations);
        // Timings vary run to run: the log only, never the plan's solver text.
        if (options.log && projected) {
          options.log(fmt::format("crossover: {:.3f} s for the active-set projection (no pivots)",
                                  summary.projection.seconds));
        } else if (options.log) {
          options.log(fmt::format(
              "crossover: {}{:.3f} s to the restricted LP's vertex (fix, presolve, simplex, "
              "postsolve), {:.3f} s on the whole LP",
              summary.projection_tried
                  ? fmt::format("{:.3f} s for an active-set projection that did not verify, ",
                                summary.projection.seconds)
                  : "",
              summary.restricted_seconds, summary.whole_lp_seconds));
        }
      }
    } else {
      if (options.log) options.log("polishing the PDLP plan: crossover by CLP from the PDLP point");
      Index fixed = 0;
      int rounds = 0;
      clean = PolishWithClp(program.lp, solution, options.solver, &fixed, &rounds);
      if (clean.ok()) {
        how = solution.solver + ", then crossover by " + clean.value().solver + " with " +
              std::to_string(fixed) + " of " + std::to_string(program.lp.num_columns) +
              " columns fixed at the bounds where PDLP left them (" + std::to_string(rounds) +
              (rounds == 1 ? " solve)" : " solves)");
      }
    }
    if (!clean.ok()) return clean.status();
    plan.solve_seconds += clean.value().seconds;
    crossover_seconds = std::chrono::duration<double>(Clock::now() - crossover_start).count();
    if (clean.value().status == LpStatus::kOptimal) {
      const PlanAccuracy accuracy =
          MeasureAccuracy(model, program, OntoColumnBounds(program.lp, clean.value().column_values),
                          clean.value().row_duals);
      if (std::max({accuracy.primal, accuracy.dual, accuracy.gap}) <= Plan::kExactTolerance) {
        polished = std::move(clean.value());
        issued = &*polished;
        x = OntoColumnBounds(program.lp, polished->column_values);
        plan.accuracy = accuracy;
        required = std::max({accuracy.primal, accuracy.dual, accuracy.gap});
        plan.solver = how;
        plan.iterations += polished->iterations + tighten_iterations;
      } else {
        polish_note = fmt::format(
            " The {} by CLP from the PDLP point did not give a plan that holds at 1e-6 "
            "(rows {:.2g}, prices {:.2g}, duality gap {:.2g}), so the PDLP plan is issued.",
            what, accuracy.primal, accuracy.dual, accuracy.gap);
      }
    } else if (projection_alone) {
      const LpAccuracy& missed = projection_alone->projection.accuracy;
      polish_note = fmt::format(
          " The projection of PDLP's point onto its active set did not hold at 1e-9 (rows {:.2g}, "
          "prices {:.2g}, duality gap {:.2g}) and {}, so the PDLP plan is issued; `--solver "
          "pdlp+crossover` continues to an exact plan by CLP's simplex.",
          missed.primal, missed.dual, missed.gap,
          solver_kind == SolverKind::kAuto
              ? fmt::format("`auto` runs CLP's crossover only up to {} non-zeros (this plan LP "
                            "has {})",
                            PlanOptions::kAutoFullCrossoverNonzeros, plan.lp_nonzeros)
              : std::string("only the projection was asked for"));
      plan.solver = solution.solver + ", then " + DescribeCrossover(*projection_alone);
    } else {
      polish_note = fmt::format(
          " The {} by CLP from the PDLP point stopped with status {}, so the PDLP plan is issued.",
          what, ToString(plan::PlanStatusFromLp(clean.value().status)));
    }
  }
  if (polished) {
    plan.stated_tolerance = Plan::kExactTolerance;
    plan.explanation =
        Explain(PlanStatus::kOptimal, model, program.objective, program.quotas_are_law) +
        (crossover && projected
             ? " PDLP's approximate plan was made exact by projecting it onto its active set (the "
               "binding rows and the columns at a bound): an optimal point, not a simplex vertex."
         : crossover ? " PDLP's approximate plan was turned into an exact vertex by a crossover: "
                       "CLP's simplex from it."
                     : " PDLP's approximate plan was polished into an exact one by a crossover "
                       "with CLP.");
  } else if (!use_pdlp && required <= Plan::kExactTolerance) {
    plan.stated_tolerance = Plan::kExactTolerance;
  } else {
    plan.status = PlanStatus::kApproximate;
    plan.stated_tolerance = RoundUpTolerance(std::max(required * 1.01, Plan::kExactTolerance));
    plan.explanation = ExplainApproximate(plan, use_pdlp, solution, pdlp_tolerance) + polish_note;
  }
  plan.objective = issued->objective;
  plan.max_violation =
      use_pdlp && !polished ? MaxPrimalViolation(program.lp, x) : issued->max_primal_violation;
  Extract(model, program, x, *issued, plan);
  if (program.objective == ObjectiveKind::kHarmony) DescribeHarmony(model, program, x, plan);
  plan::ExtractGroups(model, program, x, plan);
  plan.extract_seconds = std::max(
      0.0, std::chrono::duration<double>(Clock::now() - extract_start).count() - crossover_seconds);
  return plan;
}

}  // namespace gosplan
