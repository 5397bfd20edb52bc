// The harmony objective as the verifier sees it (docs/planning-model.md, "Harmony"): the tangent
// envelope Ĥ rebuilt here from the function H and the tangent points of gosplan/harmony.h (the
// documented mathematics; not the plan LP's rows), the objective recomputed from the final use,
// and the harmony terms of the Lagrangian bound. The LP's cut rows and h columns are not in the
// plan folder: their duals need not be, because the bound maximises over the final use of each
// product and year with Ĥ itself (a partial Lagrangian, which is a valid bound for any prices and
// equals the optimum at the LP's balance prices).
#include "gosplan/harmony.h"

#include <algorithm>
#include <cmath>

#include "verify/verify_internal.h"

namespace gosplan::verify {
namespace {

// Ĥ(s) = min(H(s_max), min_k tangent_k(s)).
double Envelope(double s) {
  double best = harmony::Value(harmony::kMaxOverfulfilment);
  for (double p : harmony::TangentPoints()) {
    best = std::min(best, harmony::Value(p) + harmony::Slope(p) * (s - p));
  }
  return best;
}

// Where Ĥ may bend: where neighbouring tangents meet, the tangent points themselves and s_max.
const std::vector<double>& Kinks() {
  static const std::vector<double> kinks = [] {
    const std::vector<double>& p = harmony::TangentPoints();
    std::vector<double> at(p.begin(), p.end());
    for (std::size_t k = 0; k + 1 < p.size(); ++k) {
      const double a = p[k], b = p[k + 1];
      at.push_back(
          (harmony::Value(b) - harmony::Slope(b) * b - harmony::Value(a) + harmony::Slope(a) * a) /
          (harmony::Slope(a) - harmony::Slope(b)));
    }
    at.push_back(harmony::kMaxOverfulfilment);
    std::sort(at.begin(), at.end());
    return at;
  }();
  return kinks;
}

}  // namespace

double HarmonyOfFinalUse(double use, double target) { return Envelope(use / target - 1.0); }

double HarmonySupremum(double weight, double target, double price, double least_use) {
  if (price < 0) return kUnbounded;  // the cap makes Ĥ flat at the top: −price·x grows for ever
  // w·Ĥ(x/τ − 1) − price·x is concave and piecewise linear in x: its largest value on x ≥ least
  // is at `least` or at a kink above it.
  auto gain = [&](double s) { return weight * Envelope(s) - price * target * (1.0 + s); };
  const double from = least_use / target - 1.0;
  double best = gain(from);
  for (double s : Kinks()) {
    if (s > from) best = std::max(best, gain(s));
  }
  return best;
}

}  // namespace gosplan::verify
