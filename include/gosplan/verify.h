// Independent certification of a plan folder: `gosplan verify MODEL_DIR PLAN_DIR`.
//
// The verifier re-reads the model (through LoadModel) and the plan folder written by `gosplan plan`
// (targets.csv, investment.csv, balances.csv, prices.csv, summary.json) and checks the plan against
// the mathematics of include/gosplan/plan.h WITHOUT using any code of the LP builder (src/plan/):
// it recovers the primal variables from the documents, recomputes every row of the plan LP from the
// model's coefficients, and rebuilds the dual bound from the published shadow prices. A plan that
// passes is feasible (within tolerance) and, when prices.csv is present, proven optimal by a
// duality gap that the verifier computed itself.
//
// Primal variables recovered (plan years t = 1..T; files hold calendar years t + base_year):
//   z[e,p,t] = quantity / out[p,i]  from targets.csv (must agree across all outputs i of p)
//   a[e,i,t]                         from investment.csv (missing rows are 0)
//   f[c,i,t], s[i,t]                 from balances.csv (final_<category>, stock_out)
//   λ[t]                             from summary.json "fulfilment"
//   K[e,i,t] = (1 − d)·K[e,i,t−1] + a[e,i,t−L_e] + cip[e,i,t], K[e,i,0] from initial_stocks.csv,
//   cip from construction_in_progress.csv (recomputed)
//
// Tolerance: a row with terms x_1..x_n (including its right-hand side) is violated when its excess
// exceeds tolerance·max_k |x_k| + absolute_tolerance·n. Violations are reported in absolute units
// and relative to max_k |x_k|.
//
// Duality (when prices.csv is present): with y_k = ∂(objective)/∂(right-hand side of row k) in the
// maximisation form of the objective (min resources is maximise −cost), taken from the published
// prices (balance, target and quota prices y = −price; resource and capital prices y = price;
// installed_stock y = price), the Lagrangian bound is
//   D = Σ_k y_k·rhs_k + Σ_j max_{l_j ≤ x_j ≤ u_j} d_j·x_j,   d_j = c_j − Σ_k a_kj·y_k,
// which is ≥ the optimal objective for every y of the right signs. The verifier checks the signs,
// that no d_j > 0 faces an infinite upper bound (dual feasibility), and |P − D| ≤ tolerance·(1 +
// |P|).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gosplan/status.h"

namespace gosplan {

struct VerifyOptions {
  // Relative tolerance of a row against the magnitude of its largest term (dimensionless, ≥ 0).
  double tolerance = 1e-6;
  // Absolute slack per term of a row (product units), for rows whose terms are all near zero (≥ 0).
  double absolute_tolerance = 1e-9;
  // Violations kept in the report (all are counted).
  std::size_t max_listed = 1000;

  // True when the options are usable; otherwise says why in `error`.
  bool IsValid(std::string* error) const;
};

// One failed check, told in the model's own words.
struct Violation {
  std::string constraint;  // kind of row: "balance", "capital", "resource", "floor", ...
  std::string message;     // full sentence, e.g. "capital: Putilov Works (product steel) 1931: ..."
  double amount = 0.0;     // by how much (absolute, in the row's units)
  double relative = 0.0;   // amount / magnitude of the row's terms
};

struct VerifyReport {
  std::string plan_status;    // summary.json "status"
  bool has_solution = false;  // the plan folder holds a plan (status "optimal" or "approximate")
  // An approximate plan (status "approximate") is checked at the relative tolerance it states in
  // summary.json "tolerance" (or at VerifyOptions::tolerance when that is larger): a violation
  // larger than stated is still a violation.
  bool approximate = false;
  double stated_tolerance = 0.0;  // summary.json "tolerance" (0 when absent)
  double tolerance = 0.0;         // the relative tolerance the checks were made at
  std::int64_t checks = 0;        // rows and bounds checked
  std::int64_t violation_count = 0;
  std::vector<Violation> violations;  // the first max_listed
  double max_violation = 0.0;         // largest relative excess over all checks (0 when none)
  std::vector<std::string> notes;     // facts that do not fail verification (e.g. checksum differs)

  // The groups of checks in the order they ran (`gosplan verify -v` lists them): how many rows and
  // bounds each checked, how many failed and its largest relative excess.
  struct Group {
    std::string name;  // "balances", "capital", "duality", ...
    std::int64_t checks = 0;
    std::int64_t violations = 0;
    double max_violation = 0.0;
  };
  std::vector<Group> groups;

  // Duality (only when prices.csv was present).
  bool duality_checked = false;
  double primal_objective = 0.0;  // recomputed from the plan, in the objective's own sense
  double dual_objective = 0.0;    // Lagrangian bound rebuilt from prices.csv, same sense
  double duality_gap = 0.0;       // |primal − dual| / (1 + |primal|)

  bool ok() const { return has_solution && violation_count == 0; }
};

// Reads the model (LoadModel, with the horizon the plan was made for) and the plan folder and
// checks the plan. Missing or unparseable files, unknown ids and years outside the horizon are
// kInvalidInput (file:line:column); a plan that is wrong is a report with violations, not an error.
Result<VerifyReport> VerifyPlan(const std::string& model_folder, const std::string& plan_folder,
                                const VerifyOptions& options = {});

// ---- Reports (src/verify/verify_report.cc) ----

// The verification in words, as `gosplan verify` prints it: one line per note and per listed
// violation, then the verdict line ("verified: N checks at tolerance T, max violation X, duality
// gap Y (primal P, dual D)" or "NOT verified: K of N checks failed ..."); for a folder without a
// plan, the one line that says so.
std::string VerifyTextReport(const VerifyReport& report);

// The document "gosplan.verify/1" (docs/json.md): the verdict, the tolerance, the counts, every
// listed violation, the notes and the duality check (null when prices.csv was absent).
std::string VerifyJson(const VerifyReport& report);

// The violations listed, one row each, for a spreadsheet: constraint,amount,relative,message
// (amount in the row's units, relative to the magnitude of its terms). A verified plan gives the
// header only.
std::string VerifyCsv(const VerifyReport& report);

}  // namespace gosplan
