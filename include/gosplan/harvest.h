// Uncertain harvests: a two-stage stochastic plan (docs/planning-model.md, "Uncertain harvests").
//
// A model folder may hold two optional tables beside model.toml (docs/model-format.md):
//   harvest_scenarios.csv  scenario, probability          p_s > 0, Σ_s p_s = 1 (within 1e-9)
//   harvest_yields.csv     scenario, product, year, yield_factor   φ_s[i,t] ≥ 0 (default 1)
// A yield factor multiplies the output coefficient out[p,i] of every technique p that makes
// product i, in plan year t only: in scenario s the activity z[e,p,t] yields φ_s[i,t]·out[p,i] of
// i (its other outputs, its inputs — the seed — and its resource and capital use are unchanged).
//
// The stochastic plan is the deterministic equivalent LP: one copy of the plan LP per scenario
// (its yields applied), stacked block-diagonally, the objective Σ_s p_s·objective_s, and every
// first-year column (activities, construction starts, usable stocks, stocks carried out of year 1,
// final use, fulfilment λ[1], trade of year 1) ONE column shared by all blocks (non-anticipativity:
// year 1 is decided before any harvest is known). Later years adapt per scenario. When year-1
// yields differ between scenarios the shared year-1 plan must hold in every scenario's year-1
// balance: a robust first year (the worst year-1 harvest binds, a better one leaves a surplus).
//
// Measured beside it: the expected-value plan (the ordinary plan on the probability-weighted
// yields Σ_s p_s·φ_s[i,t]), and that plan's first year used under each scenario (its year-1
// columns fixed, the rest re-solved): infeasible in a bad scenario means its first year cannot meet
// the floors there (famine), which is a result, not an error.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gosplan/csv_dialect.h"
#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "gosplan/status.h"

namespace gosplan {

// How far the probabilities may sum from 1 (rounding of decimal shares such as 1/3).
inline constexpr double kScenarioProbabilityTolerance = 1e-9;

struct HarvestScenario {
  std::string id;  // letters, digits, '-', '_' (a folder name of the plan folder)
  double probability = 0.0;
};

struct HarvestScenarios {
  std::vector<HarvestScenario> scenarios;
  // φ_s[i,t] at [s][i·T + t − 1] (T: the model's horizon), 1 where harvest_yields.csv says nothing.
  std::vector<std::vector<double>> yield_factor;
  // The (product, plan year) pairs some scenario names, in file order of first mention (for
  // reports).
  std::vector<std::pair<Index, int>> named;

  // Σ_s p_s·φ_s[i,t] at [i·T + t − 1]: the yields of the expected-value plan.
  std::vector<double> ExpectedYields() const;
};

// File names in the model folder.
inline constexpr const char* kHarvestScenariosFile = "harvest_scenarios.csv";
inline constexpr const char* kHarvestYieldsFile = "harvest_yields.csv";

// Reads MODEL_FOLDER/harvest_scenarios.csv and harvest_yields.csv for `model` (loaded from that
// folder; its horizon says which years exist). nullopt when neither file exists; kInvalidInput with
// file:line:column for every problem (a missing partner file, unknown scenario or product, a year
// outside the plan, a negative factor, a duplicate, probabilities ≤ 0 or not summing to 1).
// `dialect`: as the model's tables are written (empty: the default).
Result<std::optional<HarvestScenarios>> LoadHarvestScenarios(
    const Model& model, const std::optional<CsvDialect>& dialect = std::nullopt);

// The ordinary plan with yield factors φ[i·T + t − 1] applied (size P·T; 1 everywhere is the plan
// of SolvePlan). Solved with CLP (options.solver); the plan's targets and balances show the yields.
// `fixed_first_stage`: when not empty, the values of the first-stage columns (plan years
// 1..first_stage_years; src/plan/scenario_program.h, FirstStageColumns) to hold the plan at (the
// columns of a plan with the same model and options).
Result<Plan> SolvePlanWithYields(const Model& model, const PlanOptions& options,
                                 const std::vector<double>& yields,
                                 const std::vector<double>& fixed_first_stage = {},
                                 int first_stage_years = 1);

// A scenario's part of a result.
struct ScenarioOutcome {
  std::string scenario;
  double probability = 0.0;
  // The stochastic plan in this scenario: its shared first year and this scenario's later years
  // (re-solved with year 1 held, which gives this block's optimal recourse and its own prices).
  Plan plan;
  // The expected-value plan's first year used in this scenario (year 1 held, later years
  // re-solved): status kInfeasible when that first year cannot be carried through here.
  Plan expected_value_first_year;
};

// A carried stock out of the first stage's last year K in both plans (storable products whose
// stock is not 0 in either).
struct Reserve {
  Index product = 0;
  double stochastic = 0.0;      // s[i,K] of the stochastic plan
  double expected_value = 0.0;  // s[i,K] of the expected-value plan
};

struct HarvestPlan {
  PlanStatus status = PlanStatus::kError;  // of the stochastic LP (kOptimal or a no-plan status)
  std::string explanation;
  ObjectiveKind objective_kind = ObjectiveKind::kPlanRay;
  bool maximize = true;
  int first_stage_years = 1;        // K: plan years 1..K are decided before any harvest is known
  double expected_objective = 0.0;  // Σ_s p_s·objective_s: the stochastic LP's optimum
  Plan expected_value;              // the plan on the expected yields
  // Σ_s p_s·objective of the expected-value plan's first year used under every scenario; nullopt
  // when it is infeasible in some scenario.
  std::optional<double> expected_value_used;
  std::vector<ScenarioOutcome> scenarios;
  std::vector<Reserve> reserves;
  // The deterministic equivalent's size and solve time (seconds; never written to the folder).
  Index lp_rows = 0, lp_columns = 0, lp_nonzeros = 0;
  std::int64_t iterations = 0;
  double solve_seconds = 0.0;
  std::string solver;
  // Cost of safety: how much objective the hedge costs against the plan on average harvests,
  // (expected-value objective − expected objective) for a maximisation, the negative for a
  // minimisation (≥ 0 when the hedge costs). Value of the stochastic solution: expected objective
  // minus the expected result of using the expected-value first year (same sign convention: ≥ 0);
  // nullopt when that first year is infeasible in some scenario (the value is then unbounded).
  double CostOfSafety() const;
  std::optional<double> ValueOfStochasticSolution() const;
};

// Builds the deterministic equivalent of `model` under `scenarios`, solves it with CLP, and
// measures the expected-value plan beside it. Infeasible or unbounded LPs are results (status and
// explanation). options.solver_kind other than CLP is refused (kInvalidArgument).
// `first_stage_years` K ≥ 1 (at most the horizon): the years decided before any harvest is known
// (1: the classic two-stage plan; docs/planning-model.md says when a longer first stage fits).
Result<HarvestPlan> SolveHarvestPlan(const Model& model, const HarvestScenarios& scenarios,
                                     const PlanOptions& options = {}, int first_stage_years = 1);

// The deterministic equivalent LP itself (for --write-mps or another solver): rows and per-scenario
// columns named "<scenario>:<plan LP name>" (e.g. "bad:balance_grain_1930"), the shared first-year
// columns "year1:<name>" ("stage1:<name>" when first_stage_years > 1).
Result<LinearProgram> BuildHarvestLinearProgram(const Model& model,
                                                const HarvestScenarios& scenarios,
                                                const PlanOptions& options,
                                                int first_stage_years = 1);

// The plan folder of a stochastic plan (docs/planning-model.md, "Uncertain harvests"): summary.json
// (gosplan.harvest-plan/1), harvests.csv (per scenario), reserves.csv, README.md, and complete
// plan folders scenarios/<id>/ (each with the shared first year) and expected-value/. Atomic; an
// existing folder is replaced only with `overwrite`.
Status WriteHarvestPlanFolder(const Model& model, const HarvestPlan& plan,
                              const std::string& folder, bool overwrite);

// What `gosplan plan` prints for a stochastic plan, and its summary.json document.
std::string HarvestTextReport(const Model& model, const HarvestPlan& plan);
std::string HarvestJson(const Model& model, const HarvestPlan& plan);

}  // namespace gosplan
