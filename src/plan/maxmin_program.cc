// Groups of final demand in the plan LP (docs/planning-model.md, "Max–min fulfilment across
// groups"): the rows and columns the maxmin objective and group floors add on top of the plan LP,
// and the groups' fulfilments read back from a solved point.
//
// A group g is a final-demand category c with a target somewhere (final_demand.csv). With
// T_g[i,t] = Σ_{n: category c, product i, year t} target_n (product units) and f the final-use
// columns of the category:
//   group[g,i,t]: Σ f[c,i,t] − T_g[i,t]·λ_g[t] ≥ 0   for every i, t with T_g[i,t] > 0
//   λ_g[t] ≥ V_g (the group's floor, 0 without one), a column only in years with a target;
// and under maxmin, with year weights w_t and W_g = Σ_t w_t over the group's years with a target,
//   level[g]: Σ_t (w_t/W_g)·λ_g[t] − u_g ≥ 0      (u_g ≥ 0: the group's level Λ_g)
//   tie[g]:   u_g − z ≥ 0                           (z ≥ 0, objective 1, maximised)
// Rows and columns come after every other row and column, so the plan LP of the other objectives
// without group floors is built exactly as before.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "plan/plan_program.h"

namespace gosplan::plan {
namespace {

// MPS names may not contain blanks.
std::string NamePart(std::string name) {
  std::replace_if(
      name.begin(), name.end(), [](char c) { return c == ' ' || c == '\t'; }, '_');
  return name;
}

// w_t, t = 1..T: the model's year weights, or all 1.
std::vector<double> YearWeights(const Model& model, int T) {
  std::vector<double> w = model.settings.year_weights;
  if (static_cast<int>(w.size()) != T) w.assign(static_cast<std::size_t>(T), 1.0);
  return w;
}

// T_g[i,t] per category: [(c·P + i)·T + t − 1].
std::vector<double> CategoryTargets(const Model& model, int T) {
  const std::size_t P = model.products.size();
  std::vector<double> targets(model.final_demand_categories.size() * P * T, 0.0);
  for (const FinalDemand& fd : model.final_demand) {
    targets[(fd.category * P + fd.product) * T + fd.year - 1] += fd.target;
  }
  return targets;
}

// The weights w_t/W_g of a group's level over the years where it has a target (equal weights
// when the model's weights of those years are all 0).
std::vector<double> LevelWeights(const std::vector<double>& w,
                                 const std::vector<char>& has_target) {
  std::vector<double> weights(w.size(), 0.0);
  double total = 0.0;
  for (std::size_t t = 0; t < w.size(); ++t) total += has_target[t] ? w[t] : 0.0;
  std::size_t years = static_cast<std::size_t>(std::count(has_target.begin(), has_target.end(), 1));
  for (std::size_t t = 0; t < w.size(); ++t) {
    if (!has_target[t]) continue;
    weights[t] = total > 0 ? w[t] / total : 1.0 / static_cast<double>(years);
  }
  return weights;
}

}  // namespace

Status AppendGroups(const Model& model, const PlanOptions& options, PlanProgram& program,
                    bool with_names) {
  const bool maxmin = program.objective == ObjectiveKind::kMaxmin;
  if (!maxmin && options.group_floors.empty()) return Status::Ok();
  LinearProgram& lp = program.lp;
  const int T = program.years;
  const Index P = static_cast<Index>(model.products.size());
  const Index C = static_cast<Index>(model.final_demand_categories.size());
  const std::vector<double> targets = CategoryTargets(model, T);
  auto target = [&](Index c, Index i, int t) { return targets[(c * P + i) * T + t - 1]; };

  // The groups: categories with a target somewhere.
  std::vector<Index> group_of(static_cast<std::size_t>(C), -1);
  std::string names;
  for (Index c = 0; c < C; ++c) {
    bool has_target = false;
    for (Index i = 0; i < P && !has_target; ++i) {
      for (int t = 1; t <= T && !has_target; ++t) has_target = target(c, i, t) > 0;
    }
    if (!has_target) continue;
    group_of[c] = static_cast<Index>(program.group_category.size());
    program.group_category.push_back(c);
    names += (names.empty() ? "" : ", ") + model.final_demand_categories[c];
  }
  const std::size_t G = program.group_category.size();
  if (G == 0) {
    return Status::InvalidArgument(
        "PlanOptions", maxmin ? "the maxmin objective needs groups to fulfil, but no category of "
                                "final_demand.csv has a target (column target > 0)"
                              : "group_floors need groups to fulfil, but no category of "
                                "final_demand.csv has a target (column target > 0)");
  }
  program.group_floor.assign(G, 0.0);
  std::vector<char> floored(G, 0);
  for (const auto& [name, floor] : options.group_floors) {
    auto it = model.category_index.find(name);
    if (it == model.category_index.end() || group_of[it->second] < 0) {
      return Status::InvalidArgument(
          "PlanOptions",
          fmt::format("group_floors names '{}', {} (expected one of the final-demand categories "
                      "with a target: {})",
                      name,
                      it == model.category_index.end()
                          ? "which is not a final-demand category of the model"
                          : "a final-demand category without any target, so it has no "
                            "fulfilment to hold up",
                      names));
    }
    const Index g = group_of[it->second];
    if (floored[g]++) {
      return Status::InvalidArgument(
          "PlanOptions", fmt::format("group_floors names '{}' twice (one floor per group)", name));
    }
    program.group_floor[g] = floor;
  }

  // The final-use columns of each (category, product, year).
  std::vector<std::vector<Index>> final_columns(targets.size());
  for (std::size_t n = 0; n < model.final_demand.size(); ++n) {
    const FinalDemand& fd = model.final_demand[n];
    final_columns[(fd.category * P + fd.product) * T + fd.year - 1].push_back(
        program.final_use_column[n]);
  }

  // Rows: group[g,i,t] (g, then t, then i), then level[g] and tie[g] under maxmin.
  std::vector<std::vector<std::pair<Index, double>>> extra(
      static_cast<std::size_t>(lp.num_columns));
  // The group rows of λ_g[t] with their coefficient −T_g[i,t].
  std::vector<std::vector<std::pair<Index, double>>> lambda_rows(G * T);
  std::vector<std::vector<char>> has_target(G, std::vector<char>(static_cast<std::size_t>(T), 0));
  auto add_row = [&](double lower, double upper, const std::function<std::string()>& name) {
    lp.row_lower.push_back(lower);
    lp.row_upper.push_back(upper);
    if (with_names) lp.row_names.push_back(name());
    return lp.num_rows++;
  };
  for (std::size_t g = 0; g < G; ++g) {
    const Index c = program.group_category[g];
    const std::string group_name = NamePart(model.final_demand_categories[c]);
    for (int t = 1; t <= T; ++t) {
      for (Index i = 0; i < P; ++i) {
        const double mix = target(c, i, t);
        if (mix <= 0) continue;
        has_target[g][t - 1] = 1;
        const Index row = add_row(0.0, kUnbounded, [&] {
          return "group_" + group_name + "_" + NamePart(model.products[i].id) + "_" +
                 std::to_string(model.CalendarYear(t));
        });
        for (Index column : final_columns[(c * P + i) * T + t - 1])
          extra[column].emplace_back(row, 1.0);
        lambda_rows[g * T + t - 1].emplace_back(row, -mix);
      }
    }
  }
  MergeIntoColumns(lp, extra);
  std::vector<Index> level_row(G, -1);
  if (maxmin) {
    program.group_tie_row.assign(G, -1);
    for (std::size_t g = 0; g < G; ++g) {
      level_row[g] = add_row(0.0, kUnbounded, [&] {
        return "level_" + NamePart(model.final_demand_categories[program.group_category[g]]);
      });
    }
    for (std::size_t g = 0; g < G; ++g) {
      program.group_tie_row[g] = add_row(0.0, kUnbounded, [&] {
        return "tie_" + NamePart(model.final_demand_categories[program.group_category[g]]);
      });
    }
    const std::vector<double> w = YearWeights(model, T);
    for (std::size_t g = 0; g < G; ++g) {
      const std::vector<double> weights = LevelWeights(w, has_target[g]);
      for (int t = 1; t <= T; ++t) {
        if (has_target[g][t - 1] && weights[t - 1] != 0.0)
          lambda_rows[g * T + t - 1].emplace_back(level_row[g], weights[t - 1]);
      }
    }
  }

  // Columns: λ_g[t], then u_g, then z.
  auto add_column = [&](double lower, double cost, std::vector<std::pair<Index, double>> entries,
                        const std::function<std::string()>& name) {
    std::sort(entries.begin(), entries.end());
    lp.column_lower.push_back(lower);
    lp.column_upper.push_back(kUnbounded);
    lp.objective.push_back(cost);
    if (with_names) lp.column_names.push_back(name());
    for (const auto& [row, value] : entries) {
      lp.row_indices.push_back(row);
      lp.values.push_back(value);
    }
    lp.column_starts.push_back(static_cast<Index>(lp.row_indices.size()));
    return lp.num_columns++;
  };
  program.group_fulfilment_column.assign(G * T, -1);
  for (std::size_t g = 0; g < G; ++g) {
    const std::string group_name =
        NamePart(model.final_demand_categories[program.group_category[g]]);
    for (int t = 1; t <= T; ++t) {
      if (!has_target[g][t - 1]) continue;
      program.group_fulfilment_column[g * T + t - 1] = add_column(
          program.group_floor[g], 0.0, lambda_rows[g * T + t - 1],
          [&] { return "lambda_" + group_name + "_" + std::to_string(model.CalendarYear(t)); });
    }
  }
  if (maxmin) {
    program.group_level_column.assign(G, -1);
    for (std::size_t g = 0; g < G; ++g) {
      program.group_level_column[g] =
          add_column(0.0, 0.0, {{level_row[g], -1.0}, {program.group_tie_row[g], 1.0}}, [&] {
            return "u_" + NamePart(model.final_demand_categories[program.group_category[g]]);
          });
    }
    std::vector<std::pair<Index, double>> ties;
    for (std::size_t g = 0; g < G; ++g) ties.emplace_back(program.group_tie_row[g], -1.0);
    program.maxmin_column = add_column(0.0, 1.0, ties, [] { return std::string("z_maxmin"); });
  }
  return Status::Ok();
}

void ExtractGroups(const Model& model, const PlanProgram& program, const std::vector<double>& x,
                   Plan& plan) {
  plan.groups.clear();
  const std::size_t G = program.group_category.size();
  if (G == 0) return;
  const int T = program.years;
  const std::size_t P = model.products.size();
  const std::vector<double> targets = CategoryTargets(model, T);
  std::vector<double> use(targets.size(), 0.0);
  for (std::size_t n = 0; n < model.final_demand.size(); ++n) {
    const FinalDemand& fd = model.final_demand[n];
    use[(fd.category * P + fd.product) * T + fd.year - 1] += x[program.final_use_column[n]];
  }
  const std::vector<double> w = YearWeights(model, T);
  for (std::size_t g = 0; g < G; ++g) {
    GroupFulfilment group;
    group.category = program.group_category[g];
    group.floor = program.group_floor[g];
    group.fulfilment.assign(static_cast<std::size_t>(T), 0.0);
    std::vector<char> has_target(static_cast<std::size_t>(T), 0);
    for (int t = 1; t <= T; ++t) {
      double least = kUnbounded;
      for (std::size_t i = 0; i < P; ++i) {
        const std::size_t slot = (group.category * P + i) * T + t - 1;
        if (targets[slot] > 0) least = std::min(least, use[slot] / targets[slot]);
      }
      if (least == kUnbounded) continue;
      has_target[t - 1] = 1;
      // Solver noise below 1e-9 reads as 0, as elsewhere in the plan's documents.
      group.fulfilment[t - 1] = std::abs(least) < 1e-9 ? 0.0 : least;
    }
    const std::vector<double> weights = LevelWeights(w, has_target);
    for (int t = 1; t <= T; ++t) group.level += weights[t - 1] * group.fulfilment[t - 1];
    plan.groups.push_back(std::move(group));
  }
}

}  // namespace gosplan::plan
