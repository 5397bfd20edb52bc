// PlanningSession (include/gosplan/planning_session.h): a solved plan LP kept in CLP, edited by
// bound changes and re-optimised from its last basis.
#include "gosplan/planning_session.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <unordered_map>
#include <utility>

#include "lp/clp_session.h"
#include "plan/plan_program.h"
#include "plan/tight_dual_tolerance.h"
#include "session/final_demand_category.h"
#include "session/pdlp_warm_session.h"
#include "session/site_region.h"

namespace gosplan {
namespace {

using Clock = std::chrono::steady_clock;

// CLP's dual feasibility tolerance for a second solve whose prices missed the 1e-6 check (as
// SolvePlan does; plan/tight_dual_tolerance.h).
using plan::kTightDualTolerance;

Status Refuse(const PlanEdit& edit, const std::string& rule) {
  return Status::InvalidArgument(
      "PlanEdit", fmt::format("{} '{}'{}: {}", ToString(edit.kind), edit.id,
                              edit.detail.empty() ? "" : " / '" + edit.detail + "'", rule));
}

}  // namespace

const char* ToString(PlanEditKind kind) {
  switch (kind) {
    case PlanEditKind::kQuota:
      return "quota";
    case PlanEditKind::kResourceAvailability:
      return "resource_availability";
    case PlanEditKind::kFinalDemandFloor:
      return "final_demand_floor";
    case PlanEditKind::kEnterpriseCapacity:
      return "enterprise_capacity";
    case PlanEditKind::kConstructionSite:
      return "construction_site";
  }
  return "quota";
}

std::optional<PlanEditKind> ParsePlanEditKind(std::string_view text) {
  for (PlanEditKind kind :
       {PlanEditKind::kQuota, PlanEditKind::kResourceAvailability, PlanEditKind::kFinalDemandFloor,
        PlanEditKind::kEnterpriseCapacity, PlanEditKind::kConstructionSite}) {
    if (text == ToString(kind)) return kind;
  }
  return std::nullopt;
}

struct PlanningSession::State {
  Model base_model;
  Model model;
  PlanOptions options;
  plan::PlanProgram base_program;       // with names: the key for mapping a basis across rebuilds
  plan::PlanProgram program;            // the LP in `clp`, bounds as edited
  std::unique_ptr<lp::ClpSession> clp;  // null when the session re-solves with PDLP
  // With solver PDLP: the warm PDLP point instead of a basis (session/pdlp_warm_session.h).
  std::unique_ptr<session::PdlpWarmSession> pdlp;
  bool rebuilt = false;          // program's rows/columns differ from base_program's
  bool rebuild_pending = false;  // model changed in a way only a rebuild expresses
  Plan base_plan;
  int solves_started = 0;
  bool mapped_basis = false;          // clp holds a basis mapped by names, no factorization yet
  bool tight_dual_tolerance = false;  // CLP's dual tolerance was set to kTightDualTolerance

  void SetRowBounds(Index row, double lower, double upper) {
    program.lp.row_lower[row] = lower;
    program.lp.row_upper[row] = upper;
    if (clp) clp->SetRowBounds(row, lower, upper);
  }
  void SetColumnBounds(Index column, double lower, double upper) {
    program.lp.column_lower[column] = lower;
    program.lp.column_upper[column] = upper;
    if (clp) clp->SetColumnBounds(column, lower, upper);
  }

  // Loads `next` into a fresh CLP model, started from the current basis mapped by names: a row or
  // column known before keeps its status, a new column sits at its lower bound, a new row is basic
  // (its slack carries it). Rows or columns that disappear take their status with them; the count
  // of basic variables is then repaired by CLP's factorization (it replaces singular columns by
  // slacks).
  Status LoadWithMappedBasis(plan::PlanProgram next) {
    auto fresh = std::make_unique<lp::ClpSession>();
    if (Status loaded = fresh->Load(next.lp); !loaded.ok()) return loaded;
    const std::vector<unsigned char> old_basis = clp->Basis();
    const LinearProgram& old_lp = program.lp;
    std::unordered_map<std::string_view, Index> old_column, old_row;
    for (Index j = 0; j < old_lp.num_columns; ++j) old_column.emplace(old_lp.column_names[j], j);
    for (Index i = 0; i < old_lp.num_rows; ++i) old_row.emplace(old_lp.row_names[i], i);
    constexpr unsigned char kBasic = 1, kAtLower = 3;
    std::vector<unsigned char> basis(
        static_cast<std::size_t>(next.lp.num_columns + next.lp.num_rows));
    for (Index j = 0; j < next.lp.num_columns; ++j) {
      auto it = old_column.find(next.lp.column_names[j]);
      basis[j] = it == old_column.end() ? kAtLower : old_basis[it->second];
    }
    for (Index i = 0; i < next.lp.num_rows; ++i) {
      auto it = old_row.find(next.lp.row_names[i]);
      basis[next.lp.num_columns + i] =
          it == old_row.end() ? kBasic : old_basis[old_lp.num_columns + it->second];
    }
    fresh->SetBasis(basis);
    if (options.solver.should_stop) fresh->SetCancelHook(options.solver.should_stop);
    if (tight_dual_tolerance) {
      fresh->SetDualTolerance(kTightDualTolerance);
    } else if (options.solver.dual_tolerance > 0) {
      fresh->SetDualTolerance(options.solver.dual_tolerance);
    }
    program = std::move(next);
    clp = std::move(fresh);
    mapped_basis = true;
    return Status::Ok();
  }
};

PlanningSession::PlanningSession(std::unique_ptr<State> state) : state_(std::move(state)) {}
PlanningSession::~PlanningSession() = default;

const Plan& PlanningSession::base_plan() const { return state_->base_plan; }
const Model& PlanningSession::base_model() const { return state_->base_model; }
const Model& PlanningSession::model() const { return state_->model; }

Result<std::unique_ptr<PlanningSession>> PlanningSession::Start(const Model& model,
                                                                const PlanOptions& options) {
  std::string error;
  if (!options.IsValid(&error)) return Status::InvalidArgument("PlanOptions", error);
  const SolverKind kind = options.solver_kind.value_or(
      ParseSolverKind(model.settings.solver).value_or(SolverKind::kClp));
  if ((options.use_model_objective ? model.settings.objective : options.objective) ==
      ObjectiveKind::kMaxmin) {
    return Status::InvalidArgument(
        "PlanOptions",
        "the maxmin objective is a sequence of LPs (src/plan/maxmin.cc), while a planning session "
        "re-solves one LP: plan it with SolvePlan (`gosplan plan`)");
  }
  auto state = std::make_unique<State>();
  state->base_model = model;
  state->model = model;
  state->options = options;
  const auto build_start = Clock::now();
  auto built = plan::BuildPlanProgram(model, options, /*with_names=*/true);
  if (!built.ok()) return built.status();
  state->base_program = std::move(built.value());
  state->program = state->base_program;
  // PDLP (asked for, or `auto`'s choice by the base LP's size, as SolvePlan chooses) keeps its last
  // primal-dual point to start each re-solve from (session/pdlp_warm_session.h), with the
  // crossover `auto` chose; CLP keeps its basis. The choice holds for the whole session.
  const SolverChoice choice = ChooseSolver(kind, options, state->base_program.lp.num_nonzeros(),
                                           state->base_program.objective);
  const bool use_pdlp = choice.pdlp;
  if (use_pdlp) {
    state->options.solver_kind = SolverKind::kPdlp;
    state->options.crossover = choice.crossover;
    state->options.crossover_projection_only = choice.projection_only;
    state->pdlp = std::make_unique<session::PdlpWarmSession>();
    auto session = std::unique_ptr<PlanningSession>(new PlanningSession(std::move(state)));
    auto first = session->Solve();  // cold: no point yet
    if (!first.ok()) return first.status();
    session->state_->base_plan = std::move(first.value());
    return session;
  }
  state->clp = std::make_unique<lp::ClpSession>();
  if (Status loaded = state->clp->Load(state->program.lp); !loaded.ok()) return loaded;
  if (options.solver.should_stop) state->clp->SetCancelHook(options.solver.should_stop);
  if (options.solver.dual_tolerance > 0)
    state->clp->SetDualTolerance(options.solver.dual_tolerance);
  const double build_seconds = std::chrono::duration<double>(Clock::now() - build_start).count();
  auto session = std::unique_ptr<PlanningSession>(new PlanningSession(std::move(state)));
  auto first = session->Solve();
  if (!first.ok()) return first.status();
  session->state_->base_plan = std::move(first.value());
  session->state_->base_plan.build_seconds = build_seconds;
  return session;
}

Status PlanningSession::Apply(const PlanEdit& edit) {
  State& s = *state_;
  Model& model = s.model;
  const int T = model.horizon();
  const bool finite = std::isfinite(edit.value);
  if (std::isnan(edit.value) || edit.value < 0 ||
      (!finite && edit.kind != PlanEditKind::kEnterpriseCapacity &&
       edit.kind != PlanEditKind::kConstructionSite)) {
    return Refuse(edit, fmt::format("the value {} must be a finite number ≥ 0", edit.value));
  }
  if (edit.kind != PlanEditKind::kConstructionSite && !edit.region.empty()) {
    const session::SiteRegion site = session::ResolveSiteRegion(model, edit.kind, edit.region, -1);
    return Refuse(edit, site.problem + " (expected " + site.expected + ")");
  }
  auto year_ok = [&] { return edit.year >= 1 && edit.year <= T; };
  auto bad_year = [&] {
    return Refuse(edit, fmt::format("plan year {} is outside the plan (1..{})", edit.year, T));
  };
  switch (edit.kind) {
    case PlanEditKind::kQuota: {
      for (std::size_t q = 0; q < model.quotas.size(); ++q) {
        if (model.quotas[q].id != edit.id) continue;
        model.quotas[q].quantity = edit.value;
        // Quotas as targets are not rows of the LP: only the model's figure changes.
        if (!s.rebuild_pending && s.program.quota_row[q] >= 0) {
          s.SetRowBounds(s.program.quota_row[q], edit.value, kUnbounded);
        }
        return Status::Ok();
      }
      return Refuse(edit, "the model has no quota with this id");
    }
    case PlanEditKind::kResourceAvailability: {
      auto it = model.resource_index.find(edit.id);
      if (it == model.resource_index.end()) return Refuse(edit, "the model has no such resource");
      if (!year_ok()) return bad_year();
      const Index r = it->second;
      model.resource_availability[static_cast<std::size_t>(r * T + edit.year - 1)] = edit.value;
      if (!s.rebuild_pending) {
        s.SetRowBounds(s.program.resource_row(r, edit.year), -kUnbounded, edit.value);
      }
      return Status::Ok();
    }
    case PlanEditKind::kFinalDemandFloor: {
      auto product = model.product_index.find(edit.id);
      if (product == model.product_index.end())
        return Refuse(edit, "the model has no such product");
      if (!year_ok()) return bad_year();
      Index category = -1;
      if (edit.detail.empty()) {
        if (model.final_demand_categories.size() != 1) {
          return Refuse(edit, fmt::format("the model has {} final-demand categories: name one",
                                          model.final_demand_categories.size()));
        }
        category = 0;
      } else {
        category = session::FindFinalDemandCategory(model, edit.detail);
        if (category < 0) return Refuse(edit, "the model has no such final-demand category");
      }
      for (std::size_t n = 0; n < model.final_demand.size(); ++n) {
        FinalDemand& fd = model.final_demand[n];
        if (fd.category != category || fd.product != product->second || fd.year != edit.year) {
          continue;
        }
        fd.floor = edit.value;
        if (!s.rebuild_pending) {
          s.SetColumnBounds(s.program.final_use_column[n], edit.value, kUnbounded);
        }
        return Status::Ok();
      }
      return Refuse(edit, fmt::format("the model has no final demand of this product and category "
                                      "in plan year {} (final_demand.csv)",
                                      edit.year));
    }
    case PlanEditKind::kEnterpriseCapacity:
    case PlanEditKind::kConstructionSite: {
      auto technique = model.technique_index.find(edit.detail);
      if (technique == model.technique_index.end()) {
        return Refuse(edit, "the model has no technique with the id in `detail`");
      }
      auto enterprise = model.enterprise_index.find(edit.id);
      std::size_t found = model.enterprise_techniques.size();
      if (enterprise != model.enterprise_index.end()) {
        for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
          const EnterpriseTechnique& et = model.enterprise_techniques[n];
          if (et.enterprise == enterprise->second && et.technique == technique->second) found = n;
        }
      }
      if (edit.kind == PlanEditKind::kEnterpriseCapacity) {
        if (found == model.enterprise_techniques.size()) {
          return Refuse(edit,
                        "the enterprise does not run this technique (enterprises.csv); "
                        "a construction_site edit adds it");
        }
        EnterpriseTechnique& et = model.enterprise_techniques[found];
        if (edit.value < et.min_activity) {
          return Refuse(edit, fmt::format("max_activity {} is below the enterprise's min_activity "
                                          "{}",
                                          edit.value, et.min_activity));
        }
        et.max_activity = edit.value;
        if (!s.rebuild_pending) {
          for (int t = 1; t <= T; ++t) {
            const Index column = s.program.activity_column[found * T + t - 1];
            s.SetColumnBounds(column, et.min_activity, edit.value);
          }
        }
        return Status::Ok();
      }
      if (found != model.enterprise_techniques.size()) {
        return Refuse(edit,
                      "the enterprise already runs this technique; an enterprise_capacity "
                      "edit changes its capacity");
      }
      const bool is_new = enterprise == model.enterprise_index.end();
      const session::SiteRegion where = session::ResolveSiteRegion(
          model, edit.kind, edit.region, is_new ? -1 : enterprise->second);
      if (!where.ok) return Refuse(edit, where.problem + " (expected " + where.expected + ")");
      if (is_new) {
        if (edit.id.empty()) return Refuse(edit, "the enterprise id is empty");
        Enterprise site;
        site.id = edit.id;
        site.name = edit.id;
        site.kind = EnterpriseKind::kConstructionSite;
        site.region = where.region;
        model.enterprises.push_back(site);
        enterprise = model.enterprise_index
                         .emplace(edit.id, static_cast<Index>(model.enterprises.size() - 1))
                         .first;
      }
      model.enterprise_techniques.push_back(
          {enterprise->second, technique->second, 0.0, edit.value});
      s.rebuild_pending = true;
      return Status::Ok();
    }
  }
  return Refuse(edit, "unknown edit kind");
}

Status PlanningSession::Reset() {
  State& s = *state_;
  s.model = s.base_model;
  s.rebuild_pending = false;
  if (s.pdlp) s.pdlp->ResetToBase();
  if (s.rebuilt && s.pdlp) {  // PDLP: the point is mapped by names at the next solve
    s.program = s.base_program;
    s.rebuilt = false;
    return Status::Ok();
  }
  if (s.rebuilt) {
    // Back to the base LP, from the current basis mapped by names.
    if (Status loaded = s.LoadWithMappedBasis(s.base_program); !loaded.ok()) return loaded;
    s.rebuilt = false;
    return Status::Ok();
  }
  // Same rows and columns: put back every bound that differs from the base LP.
  const LinearProgram& base = s.base_program.lp;
  LinearProgram& lp = s.program.lp;
  for (Index i = 0; i < lp.num_rows; ++i) {
    if (lp.row_lower[i] != base.row_lower[i] || lp.row_upper[i] != base.row_upper[i]) {
      s.SetRowBounds(i, base.row_lower[i], base.row_upper[i]);
    }
  }
  for (Index j = 0; j < lp.num_columns; ++j) {
    if (lp.column_lower[j] != base.column_lower[j] || lp.column_upper[j] != base.column_upper[j]) {
      s.SetColumnBounds(j, base.column_lower[j], base.column_upper[j]);
    }
  }
  return Status::Ok();
}

Result<Plan> PlanningSession::Solve() {
  State& s = *state_;
  if (s.pdlp) {
    if (s.rebuild_pending) {  // a construction site: the LP (with names) rebuilt
      auto built = plan::BuildPlanProgram(s.model, s.options, /*with_names=*/true);
      if (!built.ok()) return built.status();
      s.program = std::move(built.value());
      s.rebuilt = true;
      s.rebuild_pending = false;
    }
    ++s.solves_started;
    return s.pdlp->Solve(s.model, s.options, s.program);
  }
  const double time_limit = s.options.solver.time_limit_seconds;
  const auto start = Clock::now();
  std::int64_t iterations = 0;
  // One simplex run of the session's CLP model: from scratch (with presolve), or from the basis it
  // holds. Adds its iterations to `iterations`.
  auto run = [&](bool from_scratch, std::string* how) {
    const std::int64_t before = s.clp->iterations();
    LpStatus status;
    if (from_scratch) {
      status = s.clp->SolveFromScratch(s.options.solver.algorithm, time_limit);
      *how = "CLP " + std::string(ToString(s.options.solver.algorithm)) + " simplex from scratch";
    } else if (s.mapped_basis) {
      // A basis mapped by names across a rebuild (a construction site added, or Reset back from
      // one): primal feasible after an addition (see the header), and the primal simplex takes any
      // other from there.
      status = s.clp->SolveFromBasis(lp::ClpSession::Method::kPrimal, time_limit);
      *how = "CLP primal simplex from the previous basis, mapped by names onto the rebuilt LP";
    } else {
      status = s.clp->Resolve(lp::ClpSession::Method::kDual, time_limit);
      *how = "CLP dual simplex from the previous basis";
    }
    s.mapped_basis = false;
    iterations += s.clp->iterations() - before;
    return status;
  };
  // The solution of a run, with the second pass SolvePlan makes when CLP's absolute dual tolerance
  // leaves prices that miss the relative 1e-6 check (plan/tight_dual_tolerance.h): at 1e-10, cold
  // after a cold run as SolvePlan solves again (a primal pass from the first optimum's basis can
  // stop at prices that still miss the check: the base plan of examples/ussr-1928-regions came
  // out approximate that way), from the basis after a warm one.
  auto solve = [&](bool from_scratch, std::string* how) {
    const LpStatus status = run(from_scratch, how);
    LpSolution solution = s.clp->Solution(s.program.lp);
    solution.status = status;
    if (status == LpStatus::kOptimal && s.options.solver.dual_tolerance == 0) {
      const PlanAccuracy first = plan::MeasureSimplexAccuracy(s.model, s.program, solution);
      if (plan::PricesNeedTightDualTolerance(first)) {
        // The tighter tolerance stays for the rest of the session: the next warm solves then
        // keep prices that pass the check instead of needing this second pass each time.
        s.clp->SetDualTolerance(kTightDualTolerance);
        s.tight_dual_tolerance = true;
        const std::int64_t before = s.clp->iterations();
        const LpStatus again = from_scratch
                                   ? s.clp->SolveFromScratch(s.options.solver.algorithm, time_limit)
                                   : s.clp->Resolve(lp::ClpSession::Method::kPrimal, time_limit);
        iterations += s.clp->iterations() - before;
        if (again == LpStatus::kOptimal) {
          solution = s.clp->Solution(s.program.lp);
          solution.status = again;
          *how += from_scratch ? ", again from scratch at dual tolerance 1e-10"
                               : ", again at dual tolerance 1e-10";
        }
      }
    }
    return solution;
  };
  auto issue = [&](LpSolution solution, const std::string& how) {
    solution.solver = how;
    solution.iterations = iterations;
    solution.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    Plan plan;
    plan::DescribePlanProgramFacts(s.model, s.program, plan);
    plan.settings.solver = "clp";
    plan.settings.algorithm = ToString(s.options.solver.algorithm);
    plan.settings.time_limit_seconds = s.options.solver.time_limit_seconds;
    plan.settings.iteration_limit = s.options.solver.iteration_limit;
    plan.settings.tolerance = Plan::kExactTolerance;
    plan.settings.price_numeraire = s.options.price_numeraire;
    plan::IssueSimplexPlan(s.model, s.program, solution, plan);
    return plan;
  };

  if (s.rebuild_pending) {
    // A construction site: the LP rebuilt from the edited model, started from the old basis.
    auto built = plan::BuildPlanProgram(s.model, s.options, /*with_names=*/true);
    if (!built.ok()) return built.status();
    if (Status loaded = s.LoadWithMappedBasis(std::move(built.value())); !loaded.ok()) {
      return loaded;
    }
    s.rebuilt = true;
    s.rebuild_pending = false;
  }
  const bool first = s.solves_started++ == 0;
  std::string how;
  LpSolution solution = solve(first, &how);
  if (s.clp->cancelled()) return Status::Cancelled("the planning session's CLP solve");
  Plan plan = issue(std::move(solution), how);
  // A warm vertex can sit within CLP's absolute tolerances yet miss the relative 1e-6 check (a
  // new enterprise's activity left at 1e-8 with its capital row short by as much), where the cold
  // solve (presolved) lands on an exact one. The cold path decides then, so that the verdict is
  // the one SolvePlan gives.
  if (!first && (plan.status == PlanStatus::kApproximate || plan.status == PlanStatus::kError)) {
    std::string cold_how;
    LpSolution cold = solve(/*from_scratch=*/true, &cold_how);
    if (s.clp->cancelled()) return Status::Cancelled("the planning session's CLP solve");
    plan = issue(std::move(cold), how + "; its vertex missed the 1e-6 check, so: " + cold_how);
  }
  return plan;
}

}  // namespace gosplan
