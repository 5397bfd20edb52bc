// MeasureLpAccuracy (linear_program.h): how closely a primal-dual point meets an LP, measured per
// row relative to the row's largest term — the measure `gosplan verify` applies to plan documents
// and SolvePlan to every plan it issues (PlanAccuracy), here on the LP's own arrays so that the
// crossover can check its point before handing it over.
#include <algorithm>
#include <cmath>
#include <vector>

#include "gosplan/linear_program.h"

namespace gosplan {
namespace {

constexpr double kSlack = 0.5e-9;  // absolute, per term: half of the documents' 1e-9 (rounding)
constexpr double kNoise = 1e-9;    // a published dual below this is published as 0

double Clean(double value) { return std::abs(value) < kNoise ? 0.0 : value; }

}  // namespace

LpAccuracy MeasureLpAccuracy(const LinearProgram& lp, const std::vector<double>& x,
                             const std::vector<double>& duals) {
  LpAccuracy accuracy;
  auto required = [](double excess, double magnitude, int terms) {
    const double over = excess - kSlack * std::max(1, terms);
    if (over <= 0) return 0.0;
    return over / std::max(magnitude, 1e-300);
  };
  const std::size_t rows = static_cast<std::size_t>(lp.num_rows);
  std::vector<double> activity(rows, 0.0), largest(rows, 0.0);
  std::vector<int> terms(rows, 1);
  const double sense = lp.maximize ? 1.0 : -1.0;  // maximisation form
  std::vector<double> y(rows, 0.0);
  for (std::size_t k = 0; k < rows; ++k) y[k] = Clean(sense * duals[k]);
  // A price of the wrong sign on a one-sided row (a simplex round-off of 1e-7, or PDLP's unfinished
  // prices) is not dual feasible: it is published as 0 and checked so, its size relative to the
  // largest price counted as a price error, and its effect on every column's reduced profit and on
  // the dual bound measured below with the corrected prices.
  double largest_price = 0.0;
  for (double price : y) largest_price = std::max(largest_price, std::abs(price));
  for (std::size_t k = 0; k < rows; ++k) {
    const double rhs = y[k] > 0 ? lp.row_upper[k] : lp.row_lower[k];
    if (y[k] == 0.0 || std::isfinite(rhs)) continue;
    accuracy.dual = std::max(accuracy.dual, required(std::abs(y[k]), largest_price, 1));
    y[k] = 0.0;
  }
  double primal = sense * lp.objective_offset;
  double dual = sense * lp.objective_offset;
  for (Index j = 0; j < lp.num_columns; ++j) {
    double profit = sense * lp.objective[j];
    double magnitude = 0.0;
    int column_terms = 1;
    primal += sense * lp.objective[j] * x[j];
    for (Index e = lp.column_starts[j]; e < lp.column_starts[j + 1]; ++e) {
      const Index k = lp.row_indices[e];
      const double term = lp.values[e] * x[j];
      activity[k] += term;
      largest[k] = std::max(largest[k], std::abs(term));
      ++terms[k];
      profit -= lp.values[e] * y[k];
      magnitude = std::max(magnitude, std::abs(lp.values[e] * y[k]));
      ++column_terms;
    }
    if (magnitude == 0.0) magnitude = std::abs(lp.objective[j]);
    // Column bounds.
    const double lower = lp.column_lower[j], upper = lp.column_upper[j];
    const double bound_excess = std::max(std::isfinite(lower) ? lower - x[j] : 0.0,
                                         std::isfinite(upper) ? x[j] - upper : 0.0);
    const double bound_magnitude =
        std::max({std::isfinite(lower) ? std::abs(lower) : 0.0,
                  std::isfinite(upper) ? std::abs(upper) : 0.0, std::abs(x[j])});
    accuracy.primal = std::max(accuracy.primal, required(bound_excess, bound_magnitude, 2));
    // The column's best value over its bounds at reduced profit d_j (weak duality).
    const double bound = profit > 0 ? upper : lower;
    if (profit != 0.0 && !std::isfinite(bound)) {
      accuracy.dual = std::max(accuracy.dual, required(std::abs(profit), magnitude, column_terms));
      if (std::isfinite(lower)) dual += profit * lower;
    } else if (profit != 0.0) {
      dual += profit * bound;
    }
  }
  double worst = 0.0;
  for (std::size_t k = 0; k < rows; ++k) {
    const double lower = lp.row_lower[k], upper = lp.row_upper[k];
    double excess = 0.0, magnitude = largest[k];
    if (std::isfinite(lower)) {
      excess = std::max(excess, lower - activity[k]);
      magnitude = std::max(magnitude, std::abs(lower));
    }
    if (std::isfinite(upper)) {
      excess = std::max(excess, activity[k] - upper);
      magnitude = std::max(magnitude, std::abs(upper));
    }
    const double need = required(excess, magnitude, terms[k]);
    if (need > worst) {
      worst = need;
      accuracy.worst_row = static_cast<Index>(k);
      accuracy.worst_amount = excess;
    }
    if (y[k] != 0.0) dual += y[k] * (y[k] > 0 ? upper : lower);  // finite: signs corrected above
  }
  accuracy.primal = std::max(accuracy.primal, worst);
  accuracy.worst_relative = worst;
  accuracy.gap = std::abs(primal - dual) / (1.0 + std::abs(primal));
  return accuracy;
}

}  // namespace gosplan
