// Diagonal scaling of the presolved LP before PDHG: K = D_r A D_c with D_r = diag(row_scale),
// D_c = diag(column_scale), both positive.
//
//   Ruiz equilibration (Ruiz 2001), `iterations` sweeps in the ∞-norm: each sweep divides row i by
//     √(max_j |k_ij|) and column j by √(max_i |k_ij|), both measured on the K of the start of the
//     sweep; the rows' and columns' largest |k_ij| tend to 1.
//   Pock–Chambolle (2011) with α = 1, once after Ruiz: row i by √(Σ_j |k_ij|), column j by
//   √(Σ_i |k_ij|).
// A row or column without entries keeps its scale. The scaled problem is
//   minimise c̃ᵀx̃ with c̃ = D_c c,  x̃ ∈ [l_c / D_c, u_c / D_c],  K x̃ ∈ [D_r l_r, D_r u_r],
// and its solution maps back as x = D_c x̃, y = D_r ỹ (so cᵀx = c̃ᵀx̃).
#pragma once

#include <memory>
#include <vector>

#include "pdlp/lp_kernels.h"
#include "pdlp/minimisation_lp.h"

namespace gosplan::pdlp {

// The exponent α of the Pock–Chambolle step (row and column 2−α- and α-norms; α = 1: both 1-norms).
inline constexpr double kPockChambolleAlpha = 1.0;

struct DiagonalScaling {
  std::vector<double> row_scale;     // D_r
  std::vector<double> column_scale;  // D_c
};

// Identity scaling of a matrix's size.
DiagonalScaling UnitScaling(const CscMatrix& matrix);
// `iterations` Ruiz sweeps applied to `scaling` (by_row: the transpose of by_column).
void RuizEquilibrate(const CscMatrix& by_column, const CscMatrix& by_row, int iterations,
                     int threads, DiagonalScaling* scaling);
// One Pock–Chambolle (α = 1) step applied to `scaling`.
void PockChambolle(const CscMatrix& by_column, const CscMatrix& by_row, int threads,
                   DiagonalScaling* scaling);
// Ruiz (`ruiz_iterations` sweeps) followed by Pock–Chambolle: the solver's scaling.
DiagonalScaling ComputeScaling(const CscMatrix& matrix, int ruiz_iterations, int threads);

// The presolved LP after ComputeScaling, with the kernels over K.
struct ScaledLp {
  std::unique_ptr<LpKernels> kernels;
  // c̃ and the bounds, scaled.
  std::vector<double> objective, column_lower, column_upper, row_lower, row_upper;
  std::vector<double> row_scale, column_scale;  // D_r, D_c
  double offset = 0.0;
  // ‖c‖₂ and ‖b‖₂ (combined row bounds) of the ORIGINAL LP: the presolve removes only rows that the
  // projected x satisfies exactly and columns whose reduced cost a finite bound absorbs, so
  // residual norms of the presolved and the original LP agree; the denominators must be the
  // original's too.
  double objective_norm = 0.0;
  double bound_norm = 0.0;
  // The PDHG's starting step size η = 1/max|k_ij| and primal weight ω = ‖c̃‖₂/‖b̃‖₂ (1 when either
  // norm is ≤ 1e-10), of the scaled problem. Computed here, where the whole K is at hand, so that
  // a distributed solve starts from the same numbers.
  double initial_step_size = 1.0;
  double initial_primal_weight = 1.0;
};

ScaledLp ScaleLp(const MinimisationLp& lp, const MinimisationLp& original, int ruiz_iterations,
                 int threads);

}  // namespace gosplan::pdlp
