// Groups of final demand in `verify` (docs/planning-model.md, "Max–min fulfilment across
// groups"): groups.csv read back and every group's fulfilment recomputed from the final use of
// balances.csv, from the mathematics alone (never from src/plan/): a group is a final-demand
// category c with a target somewhere, and in a year t where it has one
//   λ_g[t] = min over products i with target[c,i,t] > 0 of f[c,i,t] / target[c,i,t],
//   Λ_g    = Σ_t (w_t/W_g)·λ_g[t],  W_g = Σ_t w_t over the years with a target (equal weights
//            when those w_t are all 0).
#include <filesystem>
#include <optional>

#include "util/csv.h"
#include "verify/plan_tables.h"
#include "verify/verify_internal.h"

namespace gosplan::verify {
namespace {

bool HasTarget(const Structure& s, Index c, int t) {
  for (Index i = 0; i < s.products; ++i) {
    if (s.has_final[s.FinalSlot(c, i, t)] && s.target[s.FinalSlot(c, i, t)] > 0) return true;
  }
  return false;
}

bool IsGroup(const Structure& s, Index c) {
  for (int t = 1; t <= s.years; ++t) {
    if (HasTarget(s, c, t)) return true;
  }
  return false;
}

// λ_g[t] from the final use (kAbsent in a year without a target).
double Fulfilment(const PlanUnderCheck& plan, Index c, int t) {
  const Structure& s = plan.s;
  double least = kAbsent;
  for (Index i = 0; i < s.products; ++i) {
    const Index slot = s.FinalSlot(c, i, t);
    if (!s.has_final[slot] || s.target[slot] <= 0) continue;
    const double ratio = plan.x.final_use[slot] / s.target[slot];
    least = IsAbsent(least) ? ratio : std::min(least, ratio);
  }
  return least;
}

// w_t/W_g per year ([t − 1]) for category c.
std::vector<double> LevelWeights(const Structure& s, Index c) {
  std::vector<double> weights(static_cast<std::size_t>(s.years), 0.0);
  double total = 0.0;
  int years = 0;
  for (int t = 1; t <= s.years; ++t) {
    if (!HasTarget(s, c, t)) continue;
    total += s.year_weight[t - 1];
    ++years;
  }
  for (int t = 1; t <= s.years; ++t) {
    if (HasTarget(s, c, t)) weights[t - 1] = total > 0 ? s.year_weight[t - 1] / total : 1.0 / years;
  }
  return weights;
}

}  // namespace

void ReadGroupDocuments(const Model& model, const Structure& s, const std::string& folder,
                        PlanDocuments& docs, Diagnostics& diagnostics) {
  const int T = s.years;
  docs.group_fulfilment.assign(static_cast<std::size_t>(s.categories * T), kAbsent);
  docs.group_level.assign(static_cast<std::size_t>(s.categories), kAbsent);
  docs.group_floor.assign(static_cast<std::size_t>(s.categories), kAbsent);
  const std::string path = (std::filesystem::path(folder) / "groups.csv").string();
  auto opened = util::CsvFile::Open(path);
  if (!opened.ok()) {
    if (opened.status().code() == StatusCode::kInvalidInput) {
      diagnostics.Append(opened.status().diagnostics());
    } else {
      diagnostics.Add(path, 0, 0, opened.status().message(),
                      "groups.csv, written by gosplan plan with summary.json's \"groups\"");
    }
    return;
  }
  util::CsvFile& file = opened.value();
  std::vector<int> c;
  for (std::string_view name : {"group", "year", "fulfilment", "level", "floor"}) {
    c.push_back(file.Require(name, diagnostics));
  }
  if (std::count(c.begin(), c.end(), -1) > 0) return;
  util::CsvRow row;
  while (file.Next(row, diagnostics)) {
    const auto& f = row.fields;
    auto category = model.category_index.find(std::string(f[c[0]]));
    if (category == model.category_index.end() || !IsGroup(s, category->second)) {
      diagnostics.Add(path, row.line, c[0] + 1, fmt::format("unknown group '{}'", f[c[0]]),
                      "a final-demand category of the model with a target");
      continue;
    }
    auto t = PlanYear(model, f[c[1]], path, row.line, c[1], diagnostics);
    auto fulfilment = util::ParseNumber(f[c[2]], path, row.line, c[2], diagnostics, "fulfilment");
    auto level = util::ParseNumber(f[c[3]], path, row.line, c[3], diagnostics, "level");
    auto floor = util::ParseNumber(f[c[4]], path, row.line, c[4], diagnostics, "floor");
    if (!t || !fulfilment || !level || !floor) continue;
    double& slot = docs.group_fulfilment[category->second * T + *t - 1];
    if (!IsAbsent(slot)) {
      diagnostics.Add(path, row.line, 0,
                      fmt::format("second row for group '{}', year {}", f[c[0]], f[c[1]]),
                      "one row per group and year");
      continue;
    }
    slot = *fulfilment;
    docs.group_level[category->second] = *level;
    docs.group_floor[category->second] = *floor;
  }
  for (Index k = 0; k < s.categories && !diagnostics.full(); ++k) {
    if (!IsGroup(s, k)) continue;
    for (int t = 1; t <= T; ++t) {
      if (!IsAbsent(docs.group_fulfilment[k * T + t - 1])) continue;
      diagnostics.Add(path, 0, 0,
                      fmt::format("no row for group '{}', year {}",
                                  model.final_demand_categories[k], model.CalendarYear(t)),
                      "one row per group (final-demand category with a target) and plan year");
    }
  }
}

std::vector<double> RecomputedGroupLevels(const PlanUnderCheck& plan) {
  const Structure& s = plan.s;
  std::vector<double> levels(static_cast<std::size_t>(s.categories), kAbsent);
  for (Index c = 0; c < s.categories; ++c) {
    if (!IsGroup(s, c)) continue;
    const std::vector<double> weights = LevelWeights(s, c);
    double level = 0.0;
    for (int t = 1; t <= s.years; ++t) {
      const double lambda = Fulfilment(plan, c, t);
      if (!IsAbsent(lambda)) level += weights[t - 1] * lambda;
    }
    levels[c] = level;
  }
  return levels;
}

void CheckGroups(const PlanUnderCheck& plan, Checker& check) {
  const Structure& s = plan.s;
  const Model& model = plan.model;
  const int T = plan.T();
  const std::vector<double> levels = RecomputedGroupLevels(plan);
  // summary.json's groups: each a group of the model, once.
  std::map<Index, const Summary::Group*> stated;
  for (const Summary::Group& group : plan.summary.groups) {
    auto category = model.category_index.find(group.name);
    const bool known = category != model.category_index.end() && IsGroup(s, category->second);
    check.Check(known && stated.count(category->second) == 0 ? 0.0 : kUnbounded, 0.0, 1, "group",
                [&](double) {
                  return fmt::format(
                      "summary.json lists the group '{}', which is not a final-demand category "
                      "with a target or is listed twice",
                      group.name);
                });
    if (known) stated.emplace(category->second, &group);
  }
  for (Index c = 0; c < s.categories; ++c) {
    if (!IsGroup(s, c)) continue;
    const std::string& name = model.final_demand_categories[c];
    auto it = stated.find(c);
    check.Check(it == stated.end() ? kUnbounded : 0.0, 0.0, 1, "group", [&](double) {
      return fmt::format("summary.json's groups do not list the group '{}'", name);
    });
    const double floor = it == stated.end() ? 0.0 : it->second->floor;
    for (int t = 1; t <= T; ++t) {
      const double written = plan.docs.group_fulfilment[c * T + t - 1];
      const double lambda = Fulfilment(plan, c, t);
      if (IsAbsent(lambda)) {  // no target this year: groups.csv says 0
        check.Check(std::abs(written), 0.0, 1, "group fulfilment", [&](double) {
          return fmt::format("{} in {}: groups.csv says fulfilment {} in a year without a target",
                             name, plan.Year(t), Num(written));
        });
        continue;
      }
      check.Same(written, lambda, 2, "group fulfilment", [&](double by) {
        return fmt::format(
            "{} in {}: groups.csv says fulfilment {}, the final use gives {} (by {})", name,
            plan.Year(t), Num(written), Num(lambda), By(by));
      });
      check.Check(floor - lambda, floor, 2, "group floor", [&](double by) {
        return fmt::format("{} in {}: fulfilment {} below the group's floor {} (by {})", name,
                           plan.Year(t), Num(lambda), Num(floor), By(by));
      });
    }
    check.Same(plan.docs.group_level[c], levels[c], T, "group level", [&](double by) {
      return fmt::format("{}: groups.csv says level {}, the final use gives {} (by {})", name,
                         Num(plan.docs.group_level[c]), Num(levels[c]), By(by));
    });
    check.Same(plan.docs.group_floor[c], floor, 1, "group floor", [&](double by) {
      return fmt::format("{}: groups.csv says floor {}, summary.json {} (by {})", name,
                         Num(plan.docs.group_floor[c]), Num(floor), By(by));
    });
    if (it != stated.end()) {
      check.Same(it->second->level, levels[c], T, "group level", [&](double by) {
        return fmt::format("{}: summary.json says level {}, the final use gives {} (by {})", name,
                           Num(it->second->level), Num(levels[c]), By(by));
      });
    }
  }
}

}  // namespace gosplan::verify
