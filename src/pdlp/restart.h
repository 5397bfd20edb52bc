// PDLP's adaptive restarts and primal-weight update (Applegate et al. 2021, sec. 3.2 and 3.3, with
// the KKT error of cuPDLP in place of the normalised duality gap), as pure functions of the KKT
// errors.
//
// The ω-weighted KKT error of a point in the scaled problem, with scaled residuals r̃_p, r̃_d and
// gap g:
//   KKT_ω = √(ω‖r̃_p‖² + ‖r̃_d‖²/ω + g²).
// At each check with an average iterate, the candidate is the one of current and average with the
// smaller KKT_ω, and the iteration restarts from it when
//   sufficient:  KKT(candidate) ≤ β_sufficient · KKT(last restart point),
//   necessary:   KKT(candidate) ≤ β_necessary · KKT(last restart point) and KKT(candidate) > the
//                candidate's KKT at the previous check (progress has stalled), or
//   artificial:  the iterations since the last restart ≥ fraction × all iterations.
// At a restart the primal weight moves towards the ratio of the dual and primal movement since the
// last restart: ω ← exp(θ log(Δy/Δx) + (1 − θ) log ω), kept when Δx or Δy ≤ 1e-10.
#pragma once

#include <cstdint>

namespace gosplan::pdlp {

// PDLP's defaults (PrimalDualHybridGradientParams.restart / primal_weight_update_smoothing).
struct RestartParameters {
  double sufficient_reduction = 0.2;          // β_sufficient
  double necessary_reduction = 0.8;           // β_necessary
  double artificial_restart_fraction = 0.36;  // of all iterations since the start
  double primal_weight_smoothing = 0.5;       // θ
};

// KKT_ω from the squared scaled residual norms and the gap.
double WeightedKktError(double primal_weight, double scaled_primal_residual_sq,
                        double scaled_dual_residual_sq, double gap);

struct RestartDecision {
  bool restart = false;
  bool to_average = false;  // the candidate is the average iterate (else the current one)
  // Remembered by the caller as the next check's previous candidate KKT.
  double candidate_kkt = 0.0;
};

// The decision at one check. `previous_candidate_kkt`: the candidate's KKT at the previous check
// since the last restart (+∞ when none); `since_restart` and `iterations`: step attempts since the
// last restart and since the start.
RestartDecision DecideRestart(const RestartParameters& parameters, double current_kkt,
                              double average_kkt, double restart_kkt, double previous_candidate_kkt,
                              std::int64_t since_restart, std::int64_t iterations);

// The primal weight after a restart; `primal_distance` = ‖Δx‖₂ and `dual_distance` = ‖Δy‖₂ since
// the last restart (scaled problem).
double UpdatePrimalWeight(const RestartParameters& parameters, double primal_weight,
                          double primal_distance, double dual_distance);

}  // namespace gosplan::pdlp
