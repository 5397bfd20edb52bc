// Builds the plan LP column by column straight into the CSC arrays that CLP takes (no per-element
// solver calls, no text files). Rows are laid out first so every column knows its row numbers.
#include "plan/plan_program.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "gosplan/model_range.h"

namespace gosplan::plan {
namespace {

TechniqueTable Gather(Index techniques, const std::vector<Coefficient>& entries) {
  TechniqueTable table;
  table.starts.assign(static_cast<std::size_t>(techniques + 1), 0);
  for (const Coefficient& c : entries) ++table.starts[c.technique + 1];
  for (Index p = 0; p < techniques; ++p) table.starts[p + 1] += table.starts[p];
  table.items.resize(entries.size());
  table.values.resize(entries.size());
  std::vector<Index> next(table.starts.begin(), table.starts.end() - 1);
  for (const Coefficient& c : entries) {
    const Index k = next[c.technique]++;
    table.items[k] = c.item;
    table.values[k] = c.value;
  }
  return table;
}

TechniqueTable GatherCapital(Index techniques, const std::vector<CapitalCoefficient>& entries) {
  std::vector<Coefficient> plain;
  plain.reserve(entries.size());
  for (const CapitalCoefficient& c : entries) plain.push_back({c.technique, c.product, c.per_unit_activity});
  TechniqueTable table = Gather(techniques, plain);
  // Same stable order as Gather: fill depreciation alongside.
  table.extra.resize(entries.size());
  std::vector<Index> next(table.starts.begin(), table.starts.end() - 1);
  for (const CapitalCoefficient& c : entries) table.extra[next[c.technique]++] = c.depreciation;
  return table;
}

// MPS names may not contain blanks.
std::string NamePart(const std::string& id) {
  std::string name = id;
  for (char& c : name) {
    if (c == ' ' || c == '\t') c = '_';
  }
  return name;
}

// Accumulates one column's entries, then sorts and merges duplicates (a technique may use and make
// the same product, e.g. seed grain) before appending it to the CSC arrays.
class ColumnWriter {
 public:
  explicit ColumnWriter(LinearProgram& lp, bool with_names) : lp_(lp), with_names_(with_names) {
    lp_.column_starts.assign(1, 0);
  }
  Index Begin(double lower, double upper, double cost, const std::string& name_if_any) {
    entries_.clear();
    lp_.column_lower.push_back(lower);
    lp_.column_upper.push_back(upper);
    lp_.objective.push_back(cost);
    if (with_names_) lp_.column_names.push_back(name_if_any);
    return lp_.num_columns++;
  }
  void Add(Index row, double value) {
    if (value != 0.0) entries_.emplace_back(row, value);
  }
  void End() {
    std::sort(entries_.begin(), entries_.end());
    for (std::size_t k = 0; k < entries_.size(); ++k) {
      if (k > 0 && entries_[k].first == entries_[k - 1].first) {
        lp_.values.back() += entries_[k].second;
        continue;
      }
      lp_.row_indices.push_back(entries_[k].first);
      lp_.values.push_back(entries_[k].second);
    }
    lp_.column_starts.push_back(static_cast<Index>(lp_.row_indices.size()));
  }
  bool with_names() const { return with_names_; }

 private:
  LinearProgram& lp_;
  bool with_names_;
  std::vector<std::pair<Index, double>> entries_;
};

}  // namespace

Result<PlanProgram> BuildPlanProgram(const Model& model, const PlanOptions& options, bool with_names) {
  // A model built in code (generator, import, a caller's own) has not been through the loader's range
  // checks: refuse numbers the solvers cannot take in the model's words, not as a nameless LP row.
  if (Status range = CheckModelRange(model); !range.ok()) return range;
  PlanProgram program;
  const int T = model.horizon();
  program.years = T;
  program.objective = options.use_model_objective ? model.settings.objective : options.objective;
  program.quotas_are_law = options.quotas_as_constraints < 0 ? model.settings.quotas_as_constraints
                                                              : options.quotas_as_constraints == 1;
  const bool plan_ray = program.objective == ObjectiveKind::kPlanRay;
  const Index P = static_cast<Index>(model.products.size());
  const Index R = static_cast<Index>(model.resources.size());
  const Index techniques = static_cast<Index>(model.techniques.size());
  const std::string name = "";

  program.outputs = Gather(techniques, model.outputs);
  program.inputs = Gather(techniques, model.inputs);
  program.resource_use = Gather(techniques, model.resource_use);
  program.capital = GatherCapital(techniques, model.capital);

  // Stock accounts: every (enterprise, capital good) that one of the enterprise's techniques needs.
  auto& stock_of = program.stock_index;
  for (const EnterpriseTechnique& et : model.enterprise_techniques) {
    const TechniqueTable& b = program.capital;
    for (Index k = b.starts[et.technique]; k < b.starts[et.technique + 1]; ++k) {
      const auto key = std::make_pair(et.enterprise, b.items[k]);
      auto [it, inserted] = stock_of.emplace(key, static_cast<Index>(program.stocks.size()));
      if (inserted) {
        program.stocks.push_back(
            {et.enterprise, b.items[k], b.extra[k], model.enterprises[et.enterprise].construction_lag, 0.0});
      } else {
        StockAccount& account = program.stocks[it->second];
        account.depreciation = std::max(account.depreciation, b.extra[k]);
      }
    }
  }
  for (const InitialStock& stock : model.initial_stocks) {
    auto it = stock_of.find({stock.enterprise, stock.product});
    if (it != stock_of.end()) program.stocks[it->second].initial += stock.quantity;
  }
  const Index S = static_cast<Index>(program.stocks.size());

  // Target mix per product and year (plan ray): Σ_c target[c,i,t].
  std::vector<double> target_mix(static_cast<std::size_t>(P * T), 0.0);
  for (const FinalDemand& fd : model.final_demand) target_mix[fd.product * T + fd.year - 1] += fd.target;

  // ---- Rows ----
  LinearProgram& lp = program.lp;
  lp.maximize = program.objective != ObjectiveKind::kMinResources;
  auto add_row = [&](double lower, double upper, std::string row_name) {
    lp.row_lower.push_back(lower);
    lp.row_upper.push_back(upper);
    if (with_names) lp.row_names.push_back(std::move(row_name));
    return lp.num_rows++;
  };
  for (Index i = 0; i < P; ++i) {
    for (int t = 1; t <= T; ++t) {
      const Product& product = model.products[i];
      // Year 1 receives the initial carried stock (after storage loss) on the right-hand side.
      const double carried_in = t == 1 && product.storable ? (1.0 - product.storage_loss) * product.initial_stock : 0.0;
      add_row(-carried_in, kUnbounded,
              with_names ? "balance_" + NamePart(product.id) + "_" + std::to_string(model.CalendarYear(t)) : name);
    }
  }
  program.resource_row_base = lp.num_rows;
  for (Index r = 0; r < R; ++r) {
    for (int t = 1; t <= T; ++t) {
      add_row(-kUnbounded, model.Availability(r, t),
              with_names ? "resource_" + NamePart(model.resources[r].id) + "_" +
                               std::to_string(model.CalendarYear(t))
                         : name);
    }
  }
  program.capital_row_base = lp.num_rows;
  for (Index k = 0; k < S; ++k) {
    const StockAccount& account = program.stocks[k];
    const std::string suffix = with_names ? NamePart(model.enterprises[account.enterprise].id) + "_" +
                                                NamePart(model.products[account.product].id)
                                          : name;
    for (int t = 1; t <= T; ++t) {
      const std::string year = with_names ? "_" + std::to_string(model.CalendarYear(t)) : name;
      add_row(-kUnbounded, 0.0, with_names ? "capital_" + suffix + year : name);
      // K[t] − (1−d)K[t−1] − a[t−L] = 0, with K[0] known: the first year's right-hand side is (1−d)K0.
      const double known = t == 1 ? (1.0 - account.depreciation) * account.initial : 0.0;
      add_row(known, known, with_names ? "stock_" + suffix + year : name);
    }
  }
  program.target_row.assign(static_cast<std::size_t>(P * T), -1);
  if (plan_ray) {
    for (Index i = 0; i < P; ++i) {
      for (int t = 1; t <= T; ++t) {
        if (target_mix[i * T + t - 1] > 0) {
          program.target_row[i * T + t - 1] =
              add_row(0.0, kUnbounded,
                      with_names ? "target_" + NamePart(model.products[i].id) + "_" +
                                       std::to_string(model.CalendarYear(t))
                                 : name);
        }
      }
    }
  }
  // Quotas as law: per (product, year), the rows that count that product's output.
  program.quota_row.assign(model.quotas.size(), -1);
  std::map<std::pair<Index, int>, std::vector<std::size_t>> quotas_on;
  if (program.quotas_are_law) {
    for (std::size_t q = 0; q < model.quotas.size(); ++q) {
      const Quota& quota = model.quotas[q];
      program.quota_row[q] = add_row(quota.quantity, kUnbounded, with_names ? "quota_" + NamePart(quota.id) : name);
      quotas_on[{quota.product, quota.year}].push_back(q);
    }
  }

  // ---- Columns ----
  ColumnWriter column(lp, with_names);
  const double resources_cost = program.objective == ObjectiveKind::kMinResources ? 1.0 : 0.0;
  const bool priority = program.objective == ObjectiveKind::kPriorityOutput;
  const std::vector<double> year_weight = [&] {
    std::vector<double> w = model.settings.year_weights;
    if (static_cast<int>(w.size()) != T) w.assign(static_cast<std::size_t>(T), 1.0);
    return w;
  }();

  // Activities z[e,p,t].
  program.activity_column.assign(model.enterprise_techniques.size() * T, -1);
  for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
    const EnterpriseTechnique& et = model.enterprise_techniques[n];
    const Index p = et.technique;
    for (int t = 1; t <= T; ++t) {
      double cost = 0.0;
      for (Index k = program.resource_use.starts[p]; k < program.resource_use.starts[p + 1]; ++k) {
        cost += resources_cost * model.resources[program.resource_use.items[k]].weight *
                program.resource_use.values[k];
      }
      if (priority) {
        for (Index k = program.outputs.starts[p]; k < program.outputs.starts[p + 1]; ++k) {
          cost += model.products[program.outputs.items[k]].priority_weight * program.outputs.values[k];
        }
      }
      program.activity_column[n * T + t - 1] = column.Begin(
          et.min_activity, et.max_activity, cost,
          with_names ? "z_" + NamePart(model.enterprises[et.enterprise].id) + "_" +
                           NamePart(model.techniques[p].id) + "_" + std::to_string(model.CalendarYear(t))
                     : name);
      for (Index k = program.outputs.starts[p]; k < program.outputs.starts[p + 1]; ++k) {
        const Index i = program.outputs.items[k];
        column.Add(program.balance_row(i, t), program.outputs.values[k]);
        if (auto it = quotas_on.find({i, t}); it != quotas_on.end()) {
          for (std::size_t q : it->second) {
            const Quota& quota = model.quotas[q];
            if (quota.enterprise < 0 || quota.enterprise == et.enterprise) {
              column.Add(program.quota_row[q], program.outputs.values[k]);
            }
          }
        }
      }
      for (Index k = program.inputs.starts[p]; k < program.inputs.starts[p + 1]; ++k) {
        column.Add(program.balance_row(program.inputs.items[k], t), -program.inputs.values[k]);
      }
      for (Index k = program.resource_use.starts[p]; k < program.resource_use.starts[p + 1]; ++k) {
        column.Add(program.resource_row(program.resource_use.items[k], t), program.resource_use.values[k]);
      }
      for (Index k = program.capital.starts[p]; k < program.capital.starts[p + 1]; ++k) {
        const Index s = stock_of.at({et.enterprise, program.capital.items[k]});
        column.Add(program.capital_row(s, t), program.capital.values[k]);
      }
      column.End();
    }
  }

  // Accumulation a[e,i,t] and usable stock K[e,i,t].
  program.accumulation_column.assign(static_cast<std::size_t>(S * T), -1);
  program.capital_column.assign(static_cast<std::size_t>(S * T), -1);
  for (Index k = 0; k < S; ++k) {
    const StockAccount& account = program.stocks[k];
    const std::string suffix = with_names ? NamePart(model.enterprises[account.enterprise].id) + "_" +
                                                NamePart(model.products[account.product].id)
                                          : name;
    for (int t = 1; t <= T; ++t) {
      const std::string year = with_names ? "_" + std::to_string(model.CalendarYear(t)) : name;
      program.accumulation_column[k * T + t - 1] =
          column.Begin(0.0, kUnbounded, 0.0, with_names ? "a_" + suffix + year : name);
      column.Add(program.balance_row(account.product, t), -1.0);
      if (t + account.lag <= T) column.Add(program.stock_row(k, t + account.lag), -1.0);
      column.End();
    }
    for (int t = 1; t <= T; ++t) {
      const std::string year = with_names ? "_" + std::to_string(model.CalendarYear(t)) : name;
      // Terminal condition: no eating of the seed corn.
      const double lower = (t == T && model.settings.terminal_capital) ? account.initial : 0.0;
      program.capital_column[k * T + t - 1] =
          column.Begin(lower, kUnbounded, 0.0, with_names ? "K_" + suffix + year : name);
      column.Add(program.capital_row(k, t), -1.0);
      column.Add(program.stock_row(k, t), 1.0);
      if (t < T) column.Add(program.stock_row(k, t + 1), -(1.0 - account.depreciation));
      column.End();
    }
  }

  // Carried stocks s[i,t] of storable products.
  program.carry_column.assign(static_cast<std::size_t>(P * T), -1);
  for (Index i = 0; i < P; ++i) {
    const Product& product = model.products[i];
    if (!product.storable) continue;
    for (int t = 1; t <= T; ++t) {
      program.carry_column[i * T + t - 1] = column.Begin(
          0.0, kUnbounded, 0.0,
          with_names ? "s_" + NamePart(product.id) + "_" + std::to_string(model.CalendarYear(t)) : name);
      column.Add(program.balance_row(i, t), -1.0);
      if (t < T) column.Add(program.balance_row(i, t + 1), 1.0 - product.storage_loss);
      column.End();
    }
  }

  // Final use f[c,i,t] ≥ floor.
  program.final_use_column.assign(model.final_demand.size(), -1);
  for (std::size_t n = 0; n < model.final_demand.size(); ++n) {
    const FinalDemand& fd = model.final_demand[n];
    program.final_use_column[n] = column.Begin(
        fd.floor, kUnbounded, 0.0,
        with_names ? "f_" + NamePart(model.final_demand_categories[fd.category]) + "_" +
                         NamePart(model.products[fd.product].id) + "_" +
                         std::to_string(model.CalendarYear(fd.year))
                   : name);
    column.Add(program.balance_row(fd.product, fd.year), -1.0);
    const Index target = program.target_row[fd.product * T + fd.year - 1];
    if (target >= 0) column.Add(target, 1.0);
    column.End();
  }

  // Fulfilment λ[t].
  if (plan_ray) {
    program.fulfilment_column.assign(static_cast<std::size_t>(T), -1);
    for (int t = 1; t <= T; ++t) {
      bool has_targets = false;
      for (Index i = 0; i < P && !has_targets; ++i) has_targets = program.target_row[i * T + t - 1] >= 0;
      // A year without a target mix has nothing to fulfil: λ[t] is held at 0 rather than unbounded.
      program.fulfilment_column[t - 1] = column.Begin(
          0.0, has_targets ? kUnbounded : 0.0, year_weight[t - 1],
          with_names ? "lambda_" + std::to_string(model.CalendarYear(t)) : name);
      for (Index i = 0; i < P; ++i) {
        const Index row = program.target_row[i * T + t - 1];
        if (row >= 0) column.Add(row, -target_mix[i * T + t - 1]);
      }
      column.End();
    }
  }
  return program;
}

}  // namespace gosplan::plan
