// The objectives whose rows and columns come on top of the plan LP (include/gosplan/plan.h):
// Cockshott's harmony. Appended after every other row and column, so the plan LP of the other
// objectives is built exactly as before and this file is the one place to read for them.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "gosplan/harmony.h"
#include "plan/plan_program.h"

namespace gosplan::plan {
namespace {

// MPS names may not contain blanks.
std::string NamePart(std::string name) {
  std::replace_if(
      name.begin(), name.end(), [](char c) { return c == ' ' || c == '\t'; }, '_');
  return name;
}

}  // namespace

// Per product i and year t with τ = Σ_c target[c,i,t] > 0, and x = Σ_c f[c,i,t] (so s = x/τ − 1):
//   cut[i,t,k]: h − (H'(s_k)/τ)·x ≤ H(s_k) − H'(s_k)·(1 + s_k)   (h ≤ the tangent at s_k)
//   cap[i,t]:   h ≤ H(s_max)
// and the column h[i,t] with objective w_t and lower bound H(−1) = −1.5 (the envelope is never
// below it for x ≥ 0, so the bound cuts off no plan and keeps every column bounded below).
void AppendHarmony(const Model& model, PlanProgram& program, bool with_names) {
  LinearProgram& lp = program.lp;
  const int T = program.years;
  const Index P = static_cast<Index>(model.products.size());
  std::vector<double> tau(static_cast<std::size_t>(P * T), 0.0);
  for (const FinalDemand& fd : model.final_demand) tau[fd.product * T + fd.year - 1] += fd.target;
  // The final-use columns of each (i, t).
  std::vector<std::vector<Index>> final_columns(tau.size());
  for (std::size_t n = 0; n < model.final_demand.size(); ++n) {
    const FinalDemand& fd = model.final_demand[n];
    final_columns[fd.product * T + fd.year - 1].push_back(program.final_use_column[n]);
  }
  std::vector<double> year_weight = model.settings.year_weights;
  if (static_cast<int>(year_weight.size()) != T) year_weight.assign(static_cast<std::size_t>(T), 1);

  const std::vector<double>& points = harmony::TangentPoints();
  const double cap = harmony::Value(harmony::kMaxOverfulfilment);
  program.harmony_column.assign(tau.size(), -1);
  program.harmony_row_start.assign(tau.size(), -1);
  std::vector<std::vector<std::pair<Index, double>>> extra(
      static_cast<std::size_t>(lp.num_columns));
  for (Index i = 0; i < P; ++i) {
    for (int t = 1; t <= T; ++t) {
      const std::size_t slot = static_cast<std::size_t>(i * T + t - 1);
      if (tau[slot] <= 0) continue;
      const std::string suffix =
          with_names ? NamePart(model.products[i].id) + "_" + std::to_string(model.CalendarYear(t))
                     : std::string();
      program.harmony_row_start[slot] = lp.num_rows;
      for (std::size_t k = 0; k < points.size(); ++k) {
        const double s = points[k];
        const double slope = harmony::Slope(s);
        lp.row_lower.push_back(-kUnbounded);
        lp.row_upper.push_back(harmony::Value(s) - slope * (1.0 + s));
        if (with_names) lp.row_names.push_back("harmony_" + suffix + "_" + std::to_string(k));
        for (Index column : final_columns[slot])
          extra[column].emplace_back(lp.num_rows, -slope / tau[slot]);
        ++lp.num_rows;
      }
      lp.row_lower.push_back(-kUnbounded);
      lp.row_upper.push_back(cap);
      if (with_names) lp.row_names.push_back("harmony_" + suffix + "_cap");
      ++lp.num_rows;
    }
  }
  MergeIntoColumns(lp, extra);
  // The h columns, each with a 1 in its cuts and its cap.
  const Index rows_per_term = static_cast<Index>(points.size()) + 1;
  for (Index i = 0; i < P; ++i) {
    for (int t = 1; t <= T; ++t) {
      const std::size_t slot = static_cast<std::size_t>(i * T + t - 1);
      const Index first = program.harmony_row_start[slot];
      if (first < 0) continue;
      program.harmony_column[slot] = lp.num_columns++;
      lp.column_lower.push_back(harmony::Value(-1.0));
      lp.column_upper.push_back(kUnbounded);
      lp.objective.push_back(year_weight[static_cast<std::size_t>(t - 1)]);
      if (with_names) {
        lp.column_names.push_back("h_" + NamePart(model.products[i].id) + "_" +
                                  std::to_string(model.CalendarYear(t)));
      }
      for (Index r = first; r < first + rows_per_term; ++r) {
        lp.row_indices.push_back(r);
        lp.values.push_back(1.0);
      }
      lp.column_starts.push_back(static_cast<Index>(lp.row_indices.size()));
    }
  }
}

}  // namespace gosplan::plan
