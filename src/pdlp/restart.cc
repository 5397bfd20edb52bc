#include "pdlp/restart.h"

#include <cmath>

namespace gosplan::pdlp {

double WeightedKktError(double primal_weight, double scaled_primal_residual_sq,
                        double scaled_dual_residual_sq, double gap) {
  return std::sqrt(primal_weight * scaled_primal_residual_sq +
                   scaled_dual_residual_sq / primal_weight + gap * gap);
}

RestartDecision DecideRestart(const RestartParameters& parameters, double current_kkt,
                              double average_kkt, double restart_kkt, double previous_candidate_kkt,
                              std::int64_t since_restart, std::int64_t iterations) {
  RestartDecision decision;
  decision.to_average = average_kkt < current_kkt;
  decision.candidate_kkt = decision.to_average ? average_kkt : current_kkt;
  const double candidate = decision.candidate_kkt;
  const bool sufficient = candidate <= parameters.sufficient_reduction * restart_kkt;
  const bool necessary = candidate <= parameters.necessary_reduction * restart_kkt &&
                         candidate > previous_candidate_kkt;
  const bool artificial = static_cast<double>(since_restart) >=
                          parameters.artificial_restart_fraction * static_cast<double>(iterations);
  decision.restart = sufficient || necessary || artificial;
  return decision;
}

double UpdatePrimalWeight(const RestartParameters& parameters, double primal_weight,
                          double primal_distance, double dual_distance) {
  if (!(primal_distance > 1e-10 && dual_distance > 1e-10)) return primal_weight;
  const double theta = parameters.primal_weight_smoothing;
  return std::exp(theta * std::log(dual_distance / primal_distance) +
                  (1.0 - theta) * std::log(primal_weight));
}

}  // namespace gosplan::pdlp
