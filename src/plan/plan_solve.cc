// Solves the plan LP with CLP (or PDLP, PlanOptions::solver_kind) and turns the solution into the plan's documents.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>

#include "gosplan/plan.h"
#include "plan/plan_program.h"

namespace gosplan {
namespace {

// Solver noise below this (in product units) is reported as zero so documents do not show 1e-13.
constexpr double kNoise = 1e-9;

double Clean(double value) { return std::abs(value) < kNoise ? 0.0 : value; }

std::string Explain(PlanStatus status, const Model& model, ObjectiveKind objective) {
  switch (status) {
    case PlanStatus::kOptimal:
      return "An optimal plan was found: every material balance, resource limit, capital limit and floor "
             "holds.";
    case PlanStatus::kInfeasible:
      return std::string("No plan can meet every final-demand floor, resource limit, capital limit") +
             (model.settings.quotas_as_constraints ? " and quota" : "") +
             " at once. Run `gosplan check` to see which constraints conflict.";
    case PlanStatus::kUnbounded:
      return objective == ObjectiveKind::kPlanRay
                 ? "The objective can grow without limit: some product in the target mix can be made "
                   "without any limited resource or capital. Give every technique a resource or capital "
                   "requirement."
                 : "The objective can grow without limit: some weighted output needs no limited resource "
                   "or capital.";
    case PlanStatus::kLimit:
      return "The solver stopped at its time or iteration limit before proving optimality; the plan is "
             "not written as final.";
    case PlanStatus::kError:
      return "The solver ran into numerical trouble; the plan is not reliable.";
  }
  return {};
}

PlanStatus FromLp(LpStatus status) {
  switch (status) {
    case LpStatus::kOptimal: return PlanStatus::kOptimal;
    case LpStatus::kInfeasible: return PlanStatus::kInfeasible;
    case LpStatus::kUnbounded: return PlanStatus::kUnbounded;
    case LpStatus::kIterationLimit: return PlanStatus::kLimit;
    case LpStatus::kError: return PlanStatus::kError;
  }
  return PlanStatus::kError;
}

void Extract(const Model& model, const plan::PlanProgram& program, const LpSolution& solution,
             Plan& plan) {
  const int T = program.years;
  const auto& x = solution.column_values;
  const Index P = static_cast<Index>(model.products.size());
  const Index R = static_cast<Index>(model.resources.size());
  const std::size_t categories = model.final_demand_categories.size();

  if (!program.fulfilment_column.empty()) {
    for (int t = 1; t <= T; ++t) plan.fulfilment.push_back(Clean(x[program.fulfilment_column[t - 1]]));
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
        activity_capacity = std::min(activity_capacity, x[program.capital_column[s * T + t - 1]] / b);
      }
      for (Index k = program.outputs.starts[p]; k < program.outputs.starts[p + 1]; ++k) {
        ProductionTarget target;
        target.enterprise = et.enterprise;
        target.technique = p;
        target.product = program.outputs.items[k];
        target.year = t;
        target.quantity = Clean(program.outputs.values[k] * activity);
        target.capacity = std::isfinite(activity_capacity)
                              ? Clean(program.outputs.values[k] * activity_capacity)
                              : kUnbounded;
        target.utilisation = std::isfinite(target.capacity) && target.capacity > kNoise
                                 ? target.quantity / target.capacity
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
        plan.balances[program.outputs.items[k] * T + t - 1].production += program.outputs.values[k] * z;
      }
      for (Index k = program.inputs.starts[p]; k < program.inputs.starts[p + 1]; ++k) {
        plan.balances[program.inputs.items[k] * T + t - 1].intermediate_use += program.inputs.values[k] * z;
      }
      for (Index k = program.resource_use.starts[p]; k < program.resource_use.starts[p + 1]; ++k) {
        plan.resource_use[program.resource_use.items[k] * T + t - 1] += program.resource_use.values[k] * z;
      }
    }
  }
  for (std::size_t s = 0; s < program.stocks.size(); ++s) {
    for (int t = 1; t <= T; ++t) {
      plan.balances[program.stocks[s].product * T + t - 1].accumulation +=
          x[program.accumulation_column[s * T + t - 1]];
    }
  }
  for (std::size_t n = 0; n < model.final_demand.size(); ++n) {
    const FinalDemand& fd = model.final_demand[n];
    plan.balances[fd.product * T + fd.year - 1].final_use[fd.category] += x[program.final_use_column[n]];
  }
  for (Index i = 0; i < P; ++i) {
    const Product& product = model.products[i];
    for (int t = 1; t <= T; ++t) {
      ProductBalance& balance = plan.balances[i * T + t - 1];
      if (product.storable) {
        const double previous = t == 1 ? product.initial_stock : x[program.carry_column[i * T + t - 2]];
        balance.stock_in = (1.0 - product.storage_loss) * previous;
        balance.stock_out = x[program.carry_column[i * T + t - 1]];
      }
      double final_total = 0.0;
      for (double f : balance.final_use) final_total += f;
      balance.surplus = balance.production + balance.stock_in - balance.intermediate_use -
                        balance.accumulation - final_total - balance.stock_out;
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
  // saved for a minimisation) per unit by which a row is relaxed, so inequality rows have prices ≥ 0.
  // With LP duals d = ∂objective/∂bound and s = +1 (max) or −1 (min): relaxing a "≥" row lowers its
  // bound, improvement −s·d; relaxing a "≤" row raises it, improvement s·d; for the stock equalities
  // s·d is the improvement per unit more installed stock.
  const double s_max = program.lp.maximize ? 1.0 : -1.0;
  auto at_least_row = [&](Index row) { return Clean(-s_max * solution.row_duals[row]) + 0.0; };
  auto at_most_row = [&](Index row) { return Clean(s_max * solution.row_duals[row]) + 0.0; };
  plan.product_prices.assign(static_cast<std::size_t>(P * T), 0.0);
  for (Index i = 0; i < P; ++i) {
    for (int t = 1; t <= T; ++t) plan.product_prices[i * T + t - 1] = at_least_row(program.balance_row(i, t));
  }
  plan.resource_prices.assign(static_cast<std::size_t>(R * T), 0.0);
  for (Index r = 0; r < R; ++r) {
    for (int t = 1; t <= T; ++t) plan.resource_prices[r * T + t - 1] = at_most_row(program.resource_row(r, t));
  }

  // Capital accounts: usable stock, its use, and the duals of the capital and stock rows.
  for (std::size_t s = 0; s < program.stocks.size(); ++s) {
    for (int t = 1; t <= T; ++t) {
      CapitalAccount account;
      account.enterprise = program.stocks[s].enterprise;
      account.product = program.stocks[s].product;
      account.year = t;
      account.usable = Clean(x[program.capital_column[s * T + t - 1]]);
      account.used = Clean(solution.row_activities[program.capital_row(s, t)] +
                           x[program.capital_column[s * T + t - 1]]);
      account.rent = at_most_row(program.capital_row(s, t));
      account.installed = at_most_row(program.stock_row(s, t));
      plan.capital.push_back(account);
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

const char* ToString(PlanStatus status) {
  switch (status) {
    case PlanStatus::kOptimal: return "optimal";
    case PlanStatus::kInfeasible: return "infeasible";
    case PlanStatus::kUnbounded: return "unbounded";
    case PlanStatus::kLimit: return "limit";
    case PlanStatus::kError: return "error";
  }
  return "error";
}

Result<LinearProgram> BuildPlanLinearProgram(const Model& model, const PlanOptions& options) {
  auto program = plan::BuildPlanProgram(model, options, /*with_names=*/true);
  if (!program.ok()) return program.status();
  return std::move(program.value().lp);
}

Result<Plan> SolvePlan(const Model& model, const PlanOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto build_start = Clock::now();
  if (options.log) options.log("building the plan LP");
  auto built = plan::BuildPlanProgram(model, options, /*with_names=*/false);
  if (!built.ok()) return built.status();
  const plan::PlanProgram& program = built.value();
  Plan plan;
  plan.objective_kind = program.objective;
  plan.quotas_are_law = program.quotas_are_law;
  plan.lp_rows = program.lp.num_rows;
  plan.lp_columns = program.lp.num_columns;
  plan.lp_nonzeros = program.lp.num_nonzeros();
  plan.build_seconds = std::chrono::duration<double>(Clock::now() - build_start).count();

  const bool use_pdlp = options.solver_kind == PlanOptions::SolverKind::kPdlp ||
                        (options.solver_kind == PlanOptions::SolverKind::kAuto &&
                         plan.lp_nonzeros >= PlanOptions::kAutoPdlpNonzeros);
  if (options.log) {
    options.log(std::string("solving with ") + (use_pdlp ? "PDLP" : "CLP") + ": " +
                std::to_string(plan.lp_rows) + " rows, " + std::to_string(plan.lp_columns) + " columns, " +
                std::to_string(plan.lp_nonzeros) + " non-zeros");
  }
  Result<LpSolution> solved = LpSolution{};
  if (use_pdlp) {
    PdlpOptions pdlp = options.pdlp;
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
    solved = SolveWithPdlp(program.lp, pdlp);
  } else {
    solved = SolveWithClp(program.lp, options.solver);
  }
  if (!solved.ok()) return solved.status();
  const LpSolution& solution = solved.value();
  plan.status = FromLp(solution.status);
  plan.solver = solution.solver;
  plan.iterations = solution.iterations;
  plan.solve_seconds = solution.seconds;
  plan.explanation = Explain(plan.status, model, program.objective);
  if (use_pdlp && (plan.status == PlanStatus::kOptimal || plan.status == PlanStatus::kLimit)) {
    char note[400];
    std::snprintf(note, sizeof note,
                  " The plan was computed by PDLP, a first-order method: it is approximate, with relative "
                  "primal residual %.1e, dual residual %.1e and duality gap %.1e (tolerance %.0e), so "
                  "balances and prices are accurate to about that relative precision and small flows may "
                  "show as tiny non-zero values (only values below 1e-9 are cleaned to zero). Use "
                  "--solver clp for an exact vertex solution.",
                  solution.relative_primal_residual, solution.relative_dual_residual, solution.relative_gap,
                  options.pdlp.tolerance);
    plan.explanation += note;
  }
  if (plan.status != PlanStatus::kOptimal) return plan;

  const auto extract_start = Clock::now();
  plan.objective = solution.objective;
  plan.max_violation = solution.max_primal_violation;
  Extract(model, program, solution, plan);
  plan.extract_seconds = std::chrono::duration<double>(Clock::now() - extract_start).count();
  return plan;
}

}  // namespace gosplan
