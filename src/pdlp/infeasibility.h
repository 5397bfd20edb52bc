// Certificates of infeasibility from PDHG's iterates (Applegate, Lubin, Hinder, "Infeasibility
// detection with primal-dual hybrid gradient for large-scale linear programming", SIAM J. Optim.
// 2024): the difference of iterates since the last restart (and the iterate itself) converges to a
// certificate when one exists. Both tests take a vector of the SCALED problem (scaling.h) with its
// product, and measure it in the unscaled problem (y = D_r ỹ, Aᵀy = (Kᵀỹ)/D_c, x = D_c x̃,
// A x = (K x̃)/D_r), after dividing it by its largest unscaled |entry|.
//
// Dual ray (Farkas certificate of primal infeasibility), for minimise cᵀx s.t. l_r ≤ A x ≤ u_r,
// l_c ≤ x ≤ u_c: a y with
//   y_i ≥ 0 only where l_r,i is finite, y_i ≤ 0 only where u_r,i is finite,
//   −Aᵀy = λ absorbed by the column bounds (λ_j > 0 needs l_c,j, λ_j < 0 needs u_c,j), and
//   Σ_i BoundTerm(y_i, l_r,i, u_r,i) + Σ_j BoundTerm(λ_j, l_c,j, u_c,j) > 0.
// Every feasible x would give yᵀA x ≥ Σ BoundTerm(y_i) and −yᵀA x = λᵀx ≥ Σ BoundTerm(λ_j), whose
// sum is the positive number above ≤ 0: a contradiction.
// Primal ray (dual infeasibility, an unbounded LP when the LP is feasible): an x with cᵀx < 0, x in
// the recession cone of the column box (x_j ≥ 0 where l_c,j is finite, x_j ≤ 0 where u_c,j is) and
// A x in that of the row bounds.
// Accepted when the largest violation of those sign conditions is at most tolerance × |objective|.
// In a distributed solve `lp`, the ray and its product are this process's slices and `reductions`
// combines the partial maxima and sums across the processes (every process gets the same answer).
#pragma once

#include <vector>

#include "pdlp/scaling.h"

namespace gosplan::pdlp {

// Is ỹ (`ray`, one entry per row, with `kty_ray` = Kᵀỹ) a Farkas certificate? Reads only the
// bounds, objective and scales of `lp` (not its kernels).
bool IsDualRay(const ScaledLp& lp, const std::vector<double>& ray,
               const std::vector<double>& kty_ray, double tolerance,
               const Reductions& reductions = LocalReductions());

// Is x̃ (`ray`, one entry per column, with `kx_ray` = K x̃) a primal ray?
bool IsPrimalRay(const ScaledLp& lp, const std::vector<double>& ray,
                 const std::vector<double>& kx_ray, double tolerance,
                 const Reductions& reductions = LocalReductions());

}  // namespace gosplan::pdlp
