// Cockshott's harmony function and the piecewise-linear envelope by which the plan LP maximises it
// (docs/planning-model.md, "Harmony").
//
// For a product i in plan year t with final-demand target τ > 0 (Σ_c target[c,i,t] of
// final_demand.csv, in product units) and total final use x = Σ_c f[c,i,t], the relative
// fulfilment is s = (x − τ)/τ ≥ −1 and
//   H(s) = s − s²/2   for s < 0    (shortfall: costs more the deeper it is, H(−1) = −1.5)
//   H(s) = ln(1 + s)  for s ≥ 0    (over-fulfilment: worth less and less)
// H is concave and C¹ (H(0) = 0, H'(0) = 1). Over-fulfilment beyond kMaxOverfulfilment (x more
// than ten times the target) is worth nothing more: the plan maximises H̃(s) = H(min(s, s_max)),
// still concave.
//
// The LP maximises the outer envelope Ĥ(s) = min(H(s_max), min_k [H(s_k) + H'(s_k)·(s − s_k)])
// over the tangent points s_k of TangentPoints(): every tangent of a concave function lies above
// it, so Ĥ ≥ H̃ everywhere and Ĥ − H̃ ≤ ε = EnvelopeError() (attained where two neighbouring
// tangents meet; see EnvelopeError). Hence for a plan x̂ optimal for Ĥ and the true optimum x*:
//   Σ w·H̃(x̂) ≥ Σ w·Ĥ(x̂) − ε·Σ w ≥ Σ w·Ĥ(x*) − ε·Σ w ≥ Σ w·H̃(x*) − ε·Σ w,
// i.e. the plan's true harmony is within ε·Σ w of the optimum, and the LP's value overstates it by
// at most ε·Σ w.
#pragma once

#include <vector>

namespace gosplan::harmony {

// s_max: the relative over-fulfilment beyond which more is worth nothing (x = 10·τ).
inline constexpr double kMaxOverfulfilment = 9.0;

// H(s) for s ≥ −1 (above).
double Value(double s);
// H'(s) = 1 − s for s < 0, 1/(1 + s) for s ≥ 0.
double Slope(double s);

// The tangent points s_k, increasing: −1, −0.9, …, 0 (spacing 1/10, where H is quadratic the gap
// between neighbouring tangents is exactly 0.1²/8 = 1.25e-3) and then 1 + s_k = 10^(k/32),
// k = 1..32, up to s_max = 9 (a geometric spacing with ratio q = 10^(1/32) ≈ 1.0746, for which the
// gap of ln is at most (q − 1)²/(4q) ≈ 1.29e-3).
const std::vector<double>& TangentPoints();

// Ĥ(s): the envelope the LP maximises (above).
double Envelope(double s);

// ε = max_s (Ĥ(s) − H̃(s)), computed exactly: on [s_k, s_k+1] the gap grows from 0 to the point
// where the two tangents meet and falls back to 0, so ε is the largest gap at those meeting points
// (beyond s_max Ĥ = H̃ = H(s_max)). It is 1.25e-3, the quadratic part's δ²/8: the log part's gaps
// are below their general bound (q − 1)²/(4q) ≈ 1.29e-3, at about 6.9e-4.
double EnvelopeError();

}  // namespace gosplan::harmony
