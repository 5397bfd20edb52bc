// A first-order LP solver: restarted primal-dual hybrid gradient in the manner of PDLP
// (Applegate, Díaz, Hinder, Lu, Lubin, O'Donoghue, Schudy, "Practical large-scale linear
// programming using primal-dual hybrid gradient", NeurIPS 2021). It needs only products with the
// matrix and its transpose, so it scales where simplex factorisations do not; its answers are
// approximate to a relative tolerance (default 1e-4), not vertex solutions.
//
// Problem (a LinearProgram; a maximisation is solved as the minimisation of −objective):
//
//   minimise cᵀx   subject to   row_lower ≤ A x ≤ row_upper,   column_lower ≤ x ≤ column_upper
//
// Saddle-point form used by the iteration (y: row duals, one per row of A):
//
//   min_{x ∈ X} max_{y ∈ Y}  L(x, y) = cᵀx − yᵀA x + p(y),
//   p(y) = Σ_i ( y_i > 0 ? y_i·row_lower_i : y_i·row_upper_i ),
//   Y = { y : y_i ≥ 0 where row_upper_i = +∞, y_i ≤ 0 where row_lower_i = −∞ }  (two-sided and
//        equality rows: y_i free), X = the column box.
//
// Dual objective of (y, λ) with λ = c − Aᵀy split onto the column bounds:
//   D(y) = p(y) + Σ_j ( λ_j > 0 ? λ_j·column_lower_j : λ_j·column_upper_j ),
// where the part of λ_j that no finite bound can absorb is the dual residual.
//
// Termination (checked every `check_frequency` iterations on the current and the average iterate,
// in the unscaled presolved problem; the final values are recomputed on the original LP and
// reported, by the same functions, src/pdlp/termination.h):
//   relative primal residual  ‖A x − proj_[row_lower,row_upper](A x)‖₂ / (1 + ‖b‖₂)  ≤ tolerance
//   relative dual residual    ‖c − Aᵀy − λ‖₂ / (1 + ‖c‖₂)                              ≤ tolerance
//   relative gap              |cᵀx − D(y)| / (1 + |cᵀx| + |D(y)|)                        ≤
//   tolerance
// with ‖b‖ the norm of the row bounds (per row the largest finite |bound|, as PDLP). x always lies
// in its column box (it is projected), so column bounds are never violated.
//
// Algorithm (src/pdlp/): trivial presolve (empty and free rows, fixed columns, singleton rows
// turned into column bounds; undone exactly afterwards), Ruiz equilibration (10 sweeps, ∞-norm)
// followed by Pock–Chambolle scaling (α = 1), PDHG with PDLP's adaptive step size, primal weight ω
// initialised to ‖c‖/‖b‖ and updated at restarts with smoothing 0.5, adaptive restarts on the KKT
// error (sufficient β = 0.2, necessary β = 0.8, artificial after 36 % of the iterations) to the
// average or the current iterate, and infeasibility detection from iterate differences (a Farkas
// certificate in the dual difference → kInfeasible, a ray in the primal difference → kUnbounded).
// See docs/pdlp.md.
//
// Determinism: the same input and options give bit-identical results for ANY thread count. Matrix
// products are gathers (each output element is one thread's dot product in a fixed order, using a
// CSR copy for A·x and the CSC matrix for Aᵀ·y) and every reduction sums fixed-size chunks
// (independent of the number of threads) in chunk order. Only `seconds` (and the progress
// callback's timings) differ.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "gosplan/linear_program.h"
#include "gosplan/status.h"

namespace gosplan {

// Reported to the progress callback at every termination check.
struct PdlpProgress {
  std::int64_t iteration = 0;  // step attempts so far (each one A·x and one Aᵀ·y product)
  double seconds = 0.0;        // since the solve started
  double relative_primal_residual = 0.0;  // of the better of current/average iterate
  double relative_dual_residual = 0.0;
  double relative_gap = 0.0;
  double primal_objective = 0.0;  // cᵀx + offset, in the LP's own sense (maximised or minimised)
  double dual_objective = 0.0;
  std::int64_t restarts = 0;
  double primal_weight = 0.0;  // ω
  double step_size = 0.0;      // η (τ = η/ω, σ = η·ω in the scaled problem)
};

// Which first-order iteration runs (docs/pdlp.md): PDLP's restarted PDHG with the step-weighted
// average and adaptive step sizes, or restarted Halpern PDHG with reflection (r2HPDHG, as in
// cuPDLPx; src/pdlp/halpern_iteration.h): constant step 0.998/‖K‖₂, restarts on the fixed-point
// residual. Both use the same presolve, scaling, termination and infeasibility tests.
enum class PdlpVariant { kAveraged, kHalpern };

struct PdlpOptions {
  PdlpVariant variant = PdlpVariant::kAveraged;
  // Relative tolerance ε of the three termination tests above. Range [1e-12, 0.1]; 1e-4 is PDLP's
  // usual "moderate accuracy", 1e-8 is high accuracy (may need many more iterations).
  double tolerance = 1e-4;
  // Largest number of step attempts; 0: none. Reached → LpStatus::kIterationLimit.
  std::int64_t iteration_limit = 0;
  // Wall-clock limit in seconds; 0: none. Reached → LpStatus::kTimeLimit.
  double time_limit_seconds = 0.0;
  // OpenMP threads for the kernels; 0: OpenMP's default (OMP_NUM_THREADS or the cores). Results do
  // not depend on it (see Determinism above).
  int threads = 0;
  // Iterations between termination/restart/infeasibility checks (PDLP: 64). Range [1, 10^6].
  int check_frequency = 64;
  // Relative tolerance of the infeasibility certificates (PDLP: 1e-8): a dual (primal) ray is
  // accepted when its largest violation is at most this fraction of its objective, after
  // normalising the ray.
  double infeasibility_tolerance = 1e-8;
  // Sweeps of Ruiz equilibration before Pock–Chambolle scaling; 0 disables Ruiz. Range [0, 100].
  int ruiz_iterations = 10;
  bool presolve = true;
  // After the presolve: dual fixing and implied-free column substitution through equality rows
  // (src/pdlp/substitution.h; on the plan LPs the capital-stock equations go). Needs `presolve`.
  bool presolve_substitution = false;
  // The iteration's two products per step read a float32 copy of the scaled matrix with int32
  // indices (half the bytes; docs/pdlp.md); iterates, sums and every check stay in double, the
  // checks' products use the double matrix, so reported residuals are exact. The rounded entries
  // move the fixed point by ~1e-7 relative: the Halpern variant goes over to the double matrix for
  // the rest of the solve when the residuals near a tolerance below 1e-5 or progress stalls
  // (PdlpSummary::single_precision_handover); the averaged one uses it only at tolerance ≥ 1e-6.
  // Needs the indices to fit int32; PdlpParameters says whether it was used.
  bool single_precision_products = false;
  // Feasibility polishing (Applegate, Lubin, Lu et al. 2025; docs/pdlp.md): when the relative gap
  // is ≤ ε and both residuals ≤ 10ε, PDHG runs on the primal feasibility problem (objective 0)
  // from the current x and on the dual one (bounds 0) from the current y; the pair is returned
  // when it meets all three criteria, its residuals then ≤ ε/100 (≥ 1e-6 with single-precision
  // products). Halpern variant only; PdlpSummary says what it did.
  bool feasibility_polishing = false;
  // Called at every check, from the calling thread; may be empty. The library never prints.
  std::function<void(const PdlpProgress&)> progress;
  // The cancel hook: polled before every step; true stops the solve, which returns Status
  // kCancelled (never a partial solution). Cheap and callable from the solving thread (e.g. a read
  // of a std::atomic<bool> set by a signal handler); may be empty.
  std::function<bool()> should_stop;

  // False with a sentence in *error when a field is out of range.
  bool IsValid(std::string* error) const;
};

// The parameters a solve ran with: the options that shape the iteration and PDLP's fixed constants
// (src/pdlp/restart.h, src/pdlp/scaling.h), so that a report can state them.
struct PdlpParameters {
  std::string variant;                   // "averaged" or "halpern" (PdlpVariant)
  double tolerance = 0.0;                // ε of the termination tests
  double infeasibility_tolerance = 0.0;  // of the infeasibility certificates
  int check_frequency = 0;               // iterations between checks
  std::int64_t iteration_limit = 0;      // 0: none
  double time_limit_seconds = 0.0;       // 0: none
  bool presolve = false;
  bool presolve_substitution = false;
  bool single_precision_products = false;     // the iteration's products used the float32 matrix
  int ruiz_iterations = 0;                    // Ruiz equilibration sweeps (∞-norm)
  double pock_chambolle_alpha = 0.0;          // exponent of the Pock–Chambolle step after Ruiz
  double restart_sufficient_reduction = 0.0;  // β_sufficient of the adaptive restarts
  double restart_necessary_reduction = 0.0;   // β_necessary
  double restart_artificial_fraction = 0.0;   // artificial restart after this share of iterations
  double primal_weight_smoothing = 0.0;       // θ of the primal-weight update at restarts
};

// PDLP-specific facts about a solve (the generic ones are in LpSolution).
struct PdlpSummary {
  std::int64_t restarts = 0;
  std::int64_t rejected_steps = 0;  // adaptive step-size attempts that were rejected
  double final_primal_weight = 0.0;
  double final_step_size = 0.0;
  bool returned_average = false;  // the returned point is the (step-weighted) average iterate
  Index presolved_rows = 0, presolved_columns = 0, presolved_nonzeros = 0;  // after presolve
  int threads = 0;                                                          // threads actually used
  std::string message;  // one sentence on why it stopped
  // "average" (the step-weighted average since the last restart), "current" (the last iterate), or
  // "none" when presolve proved infeasibility without iterating.
  std::string returned_point = "none";
  PdlpParameters parameters;                                             // what the solve ran with
  Index original_rows = 0, original_columns = 0, original_nonzeros = 0;  // before presolve
  // Feasibility polishing (PdlpOptions::feasibility_polishing): attempts, and the iterations they
  // spent (included in LpSolution::iterations); returned_point is "polished" when one succeeded.
  std::int64_t polishing_attempts = 0, polishing_iterations = 0;
  // With single-precision products: the iteration after which they went over to the double matrix
  // (the mixed-precision handover, docs/pdlp.md); 0 when they never did.
  std::int64_t single_precision_handover = 0;
};

// Solves `lp` with restarted PDHG. LpSolution fields by status:
//   kOptimal         x, row activities, duals and reduced costs satisfy the termination tests at
//                    `tolerance` (relative_* fields say by how much); objective = cᵀx + offset.
//   kIterationLimit, kTimeLimit
//                    the better (smaller largest relative measure) of the current and average
//                    iterate at the limit; not proven optimal — the relative_* fields say how far
//                    it is.
//   kInfeasible      proven primal infeasible (a Farkas certificate found in the dual iterates, or
//   by
//                    presolve); x is the last iterate, meaningless as a plan.
//   kUnbounded       proven dual infeasible (a primal ray found); x is the last iterate.
//   kError           non-finite numbers appeared.
// Duals follow linear_program.h: row_duals[k] = ∂(objective as stated)/∂(active bound of row k),
// reduced_costs = objective − Aᵀ·row_duals (so for a minimisation a column at its lower bound has a
// reduced cost ≥ 0), exactly like SolveWithClp.
// Errors: kInvalidInput for a malformed LP (sizes, indices, non-finite coefficients, lower > upper
// is not an error but kInfeasible); kInvalidArgument for invalid options. Indices are int64: no
// 2^31 limit.
Result<LpSolution> SolveWithPdlp(const LinearProgram& lp, const PdlpOptions& options = {},
                                 PdlpSummary* summary = nullptr);

// Fills solution->relative_primal_residual, relative_dual_residual and relative_gap from its
// column_values and row_duals (LpSolution's sign convention) by the formulas above, for any backend
// (e.g. to compare CLP's answer with PDLP's on the same scale). Requires the sizes to match the LP.
void ComputeRelativeMeasures(const LinearProgram& lp, LpSolution* solution);

}  // namespace gosplan
