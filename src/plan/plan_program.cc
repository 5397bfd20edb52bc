// Builds the plan LP column by column straight into the CSC arrays that CLP takes (no per-element
// solver calls, no text files). Rows are laid out first so every column knows its row numbers; each
// family of rows and of columns has its own function, called in the LP's order by BuildPlanProgram.
#include "plan/plan_program.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <utility>

#include "gosplan/model_range.h"
#include "gosplan/regions.h"
#include "plan/regions_program.h"
#include "plan/trade_program.h"

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
  for (const CapitalCoefficient& c : entries) {
    plain.push_back({c.technique, c.product, c.per_unit_activity});
  }
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
  // `name` is called only when the LP keeps names.
  Index Begin(double lower, double upper, double cost, const std::function<std::string()>& name) {
    entries_.clear();
    lp_.column_lower.push_back(lower);
    lp_.column_upper.push_back(upper);
    lp_.objective.push_back(cost);
    if (with_names_) lp_.column_names.push_back(name());
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

// Stock accounts: every (enterprise, capital good) that one of the enterprise's techniques needs,
// in the order the enterprise techniques first need them; K[e,i,0] summed from initial_stocks.
void AddStockAccounts(const Model& model, PlanProgram& program) {
  const std::vector<std::vector<double>> profiles = OutlayProfiles(model);
  program.owed_outlay = RegionalOwedOutlays(model, profiles);
  auto& stock_of = program.stock_index;
  const TechniqueTable& b = program.capital;
  for (const EnterpriseTechnique& et : model.enterprise_techniques) {
    for (Index k = b.starts[et.technique]; k < b.starts[et.technique + 1]; ++k) {
      const auto key = std::make_pair(et.enterprise, b.items[k]);
      auto [it, inserted] = stock_of.emplace(key, static_cast<Index>(program.stocks.size()));
      if (inserted) {
        program.stocks.push_back({et.enterprise,
                                  b.items[k],
                                  b.extra[k],
                                  model.enterprises[et.enterprise].construction_lag,
                                  0.0,
                                  {},
                                  profiles[static_cast<std::size_t>(et.enterprise)]});
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
  // Construction in progress for a stock no technique of the enterprise needs is ignored, like an
  // initial stock there.
  for (const ConstructionInProgress& cip : model.construction_in_progress) {
    auto it = stock_of.find({cip.enterprise, cip.product});
    if (it == stock_of.end() || cip.year_usable < 1 || cip.year_usable > model.horizon()) continue;
    std::vector<double>& arriving = program.stocks[it->second].arriving;
    if (arriving.empty()) arriving.assign(static_cast<std::size_t>(model.horizon()), 0.0);
    arriving[static_cast<std::size_t>(cip.year_usable - 1)] += cip.quantity;
  }
}

// What every row and column family reads while the LP is built.
struct Builder {
  Builder(const Model& model, PlanProgram& program, bool with_names)
      : model(model), program(program), with_names(with_names) {}
  const Model& model;
  PlanProgram& program;
  bool with_names;
  int T = 0;
  Index P = 0, R = 0, S = 0;       // products, resources, stock accounts
  std::vector<double> target_mix;  // Σ_c target[c,i,t] per product and year: [i·T + t − 1]
  // Quotas as law: per (product, year), the quotas that count that product's output.
  std::map<std::pair<Index, int>, std::vector<std::size_t>> quotas_on;

  std::string Year(int t) const { return std::to_string(model.CalendarYear(t)); }
  // "<enterprise>_<good>", the part of a stock account's row and column names after the prefix.
  std::string AccountSuffix(const StockAccount& account) const {
    return NamePart(model.enterprises[account.enterprise].id) + "_" +
           NamePart(model.products[account.product].id);
  }
  Index AddRow(double lower, double upper, const std::function<std::string()>& name) {
    LinearProgram& lp = program.lp;
    lp.row_lower.push_back(lower);
    lp.row_upper.push_back(upper);
    if (with_names) lp.row_names.push_back(name());
    return lp.num_rows++;
  }
};

// ---- Rows, in this order: balances, resources, capital/stock pairs, target mix, quotas ----

// balance[i,t]: production − intermediate use − outlays Σ_o σ[o]·a[t−o] − final use − s[i,t] +
// (1−loss)·s[i,t−1] ≥ owed[i,t]; year 1 receives the initial carried stock (after storage loss) on
// the right-hand side, and owed[i,t] are the outlays still owed for construction in progress.
// With regions one row per (product, region, year); a product's initial stock is in the first
// region (gosplan/regions.h).
void AddBalanceRows(Builder& b) {
  const Index G = b.program.regions;
  for (Index i = 0; i < b.P; ++i) {
    for (Index g = 0; g < G; ++g) {
      for (int t = 1; t <= b.T; ++t) {
        const Product& product = b.model.products[i];
        const double carried_in = t == 1 && g == 0 && product.storable
                                      ? (1.0 - product.storage_loss) * product.initial_stock
                                      : 0.0;
        const double owed =
            b.program.owed_outlay[static_cast<std::size_t>((i * G + g) * b.T + t - 1)];
        // Nothing owed: −carried_in exactly as without outlay profiles (−0 for no stock), so that a
        // model without them gives the same LP bit for bit.
        const double lower = owed != 0.0 ? owed - carried_in : -carried_in;
        b.AddRow(lower, kUnbounded, [&] {
          const std::string region =
              b.model.regions.empty() ? "" : NamePart(b.model.regions[g].id) + "_";
          return "balance_" + NamePart(product.id) + "_" + region + b.Year(t);
        });
      }
    }
  }
}

// resource[r,t]: Σ use·z ≤ availability.
void AddResourceRows(Builder& b) {
  b.program.resource_row_base = b.program.lp.num_rows;
  for (Index r = 0; r < b.R; ++r) {
    for (int t = 1; t <= b.T; ++t) {
      b.AddRow(-kUnbounded, b.model.Availability(r, t),
               [&] { return "resource_" + NamePart(b.model.resources[r].id) + "_" + b.Year(t); });
    }
  }
}

// Per stock account and year, capital[k,t]: Σ b·z − K[t] ≤ 0, then stock[k,t] (construction lag):
// K[t] − (1−d)K[t−1] − a[t−L] = cip[t], with K[0] known: the first year's right-hand side is
// (1−d)K0 + cip[1]; construction in progress arriving in year t is on that year's right-hand side.
void AddCapitalAndStockRows(Builder& b) {
  b.program.capital_row_base = b.program.lp.num_rows;
  for (Index k = 0; k < b.S; ++k) {
    const StockAccount& account = b.program.stocks[k];
    const std::string suffix = b.with_names ? b.AccountSuffix(account) : std::string();
    for (int t = 1; t <= b.T; ++t) {
      b.AddRow(-kUnbounded, 0.0, [&] { return "capital_" + suffix + "_" + b.Year(t); });
      const double known =
          (t == 1 ? (1.0 - account.depreciation) * account.initial : 0.0) + account.Arriving(t);
      b.AddRow(known, known, [&] { return "stock_" + suffix + "_" + b.Year(t); });
    }
  }
}

// target[i,t] (plan ray, where the target mix is positive): Σ_c f[c,i,t] − mix·λ[t] ≥ 0.
void AddTargetRows(Builder& b, bool plan_ray) {
  b.program.target_row.assign(static_cast<std::size_t>(b.P * b.T), -1);
  if (!plan_ray) return;
  for (Index i = 0; i < b.P; ++i) {
    for (int t = 1; t <= b.T; ++t) {
      if (b.target_mix[i * b.T + t - 1] > 0) {
        b.program.target_row[i * b.T + t - 1] = b.AddRow(0.0, kUnbounded, [&] {
          return "target_" + NamePart(b.model.products[i].id) + "_" + b.Year(t);
        });
      }
    }
  }
}

// quota[q] (quotas as law): output_q ≥ quantity; an import or export quota's row is on the trade
// column instead (AddTrade, trade_program.cc), so only output quotas are counted by activities.
void AddQuotaRows(Builder& b) {
  b.program.quota_row.assign(b.model.quotas.size(), -1);
  if (!b.program.quotas_are_law) return;
  for (std::size_t q = 0; q < b.model.quotas.size(); ++q) {
    const Quota& quota = b.model.quotas[q];
    b.program.quota_row[q] =
        b.AddRow(quota.quantity, kUnbounded, [&] { return "quota_" + NamePart(quota.id); });
    if (quota.kind == QuotaKind::kOutput) b.quotas_on[{quota.product, quota.year}].push_back(q);
  }
}

// ---- Columns, in this order: activities, accumulation/stock per account, carried stocks, final
// use, fulfilment ----

// The objective coefficient of technique p's activity: Σ weight·use over its resources (min
// resources, minimised) or Σ priority_weight·out over its outputs (priority output); 0 otherwise.
double ActivityObjective(const Builder& b, Index p) {
  const Model& model = b.model;
  const PlanProgram& program = b.program;
  const double resources_cost = program.objective == ObjectiveKind::kMinResources ? 1.0 : 0.0;
  const TechniqueTable& resource_use = program.resource_use;
  const TechniqueTable& outputs = program.outputs;
  double cost = 0.0;
  for (Index k = resource_use.starts[p]; k < resource_use.starts[p + 1]; ++k) {
    cost += resources_cost * model.resources[resource_use.items[k]].weight * resource_use.values[k];
  }
  if (program.objective == ObjectiveKind::kPriorityOutput) {
    for (Index k = outputs.starts[p]; k < outputs.starts[p + 1]; ++k) {
      cost += model.products[outputs.items[k]].priority_weight * outputs.values[k];
    }
  }
  return cost;
}

// Activities z[e,p,t]: out into the balances (and the quotas counting it), −in, resource use,
// capital.
void AddActivityColumns(Builder& b, ColumnWriter& column) {
  const Model& model = b.model;
  PlanProgram& program = b.program;
  const int T = b.T;
  const TechniqueTable& outputs = program.outputs;
  const TechniqueTable& inputs = program.inputs;
  const TechniqueTable& resource_use = program.resource_use;
  const TechniqueTable& capital = program.capital;
  program.activity_column.assign(model.enterprise_techniques.size() * T, -1);
  for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
    const EnterpriseTechnique& et = model.enterprise_techniques[n];
    const Index p = et.technique;
    const Index g = program.enterprise_region[et.enterprise];
    for (int t = 1; t <= T; ++t) {
      program.activity_column[n * T + t - 1] =
          column.Begin(et.min_activity, et.max_activity, ActivityObjective(b, p), [&] {
            return "z_" + NamePart(model.enterprises[et.enterprise].id) + "_" +
                   NamePart(model.techniques[p].id) + "_" + b.Year(t);
          });
      for (Index k = outputs.starts[p]; k < outputs.starts[p + 1]; ++k) {
        const Index i = outputs.items[k];
        column.Add(program.balance_row(i, g, t), outputs.values[k]);
        if (auto it = b.quotas_on.find({i, t}); it != b.quotas_on.end()) {
          for (std::size_t q : it->second) {
            const Quota& quota = model.quotas[q];
            if (quota.enterprise < 0 || quota.enterprise == et.enterprise) {
              column.Add(program.quota_row[q], outputs.values[k]);
            }
          }
        }
      }
      for (Index k = inputs.starts[p]; k < inputs.starts[p + 1]; ++k) {
        column.Add(program.balance_row(inputs.items[k], g, t), -inputs.values[k]);
      }
      for (Index k = resource_use.starts[p]; k < resource_use.starts[p + 1]; ++k) {
        column.Add(program.resource_row(resource_use.items[k], t), resource_use.values[k]);
      }
      for (Index k = capital.starts[p]; k < capital.starts[p + 1]; ++k) {
        const Index s = program.stock_index.at({et.enterprise, capital.items[k]});
        column.Add(program.capital_row(s, t), capital.values[k]);
      }
      column.End();
    }
  }
}

// Per stock account: accumulation a[e,i,t] (all years), then usable stock K[e,i,t] (all years),
// whose last year is held at K[e,i,0] or above under the terminal condition (no eating of the seed
// corn). a[e,i,t] takes σ[o]·a from the balance of year t + o (its outlay profile); shares falling
// after year T are paid after the horizon and are not in the LP.
void AddAccumulationAndStockColumns(Builder& b, ColumnWriter& column) {
  PlanProgram& program = b.program;
  const int T = b.T;
  program.accumulation_column.assign(static_cast<std::size_t>(b.S * T), -1);
  program.capital_column.assign(static_cast<std::size_t>(b.S * T), -1);
  for (Index k = 0; k < b.S; ++k) {
    const StockAccount& account = program.stocks[k];
    const std::string suffix = b.with_names ? b.AccountSuffix(account) : std::string();
    const Index g = program.enterprise_region[account.enterprise];
    for (int t = 1; t <= T; ++t) {
      program.accumulation_column[k * T + t - 1] =
          column.Begin(0.0, kUnbounded, 0.0, [&] { return "a_" + suffix + "_" + b.Year(t); });
      for (std::size_t o = 0; o < account.outlay.size(); ++o) {
        const int paid = t + static_cast<int>(o);
        if (paid <= T) {
          column.Add(program.balance_row(account.product, g, paid), -account.outlay[o]);
        }
      }
      if (t + account.lag <= T) column.Add(program.stock_row(k, t + account.lag), -1.0);
      column.End();
    }
    for (int t = 1; t <= T; ++t) {
      const double lower = (t == T && b.model.settings.terminal == TerminalCondition::kKeepCapital)
                               ? account.initial
                               : 0.0;
      program.capital_column[k * T + t - 1] =
          column.Begin(lower, kUnbounded, 0.0, [&] { return "K_" + suffix + "_" + b.Year(t); });
      column.Add(program.capital_row(k, t), -1.0);
      column.Add(program.stock_row(k, t), 1.0);
      if (t < T) column.Add(program.stock_row(k, t + 1), -(1.0 - account.depreciation));
      column.End();
    }
  }
}

// Carried stocks s[i,g,t] of storable products: out of year t's balance, into year t+1's after
// loss, in the same region ([(i·G + g)·T + t − 1]).
void AddCarryColumns(Builder& b, ColumnWriter& column) {
  PlanProgram& program = b.program;
  const int T = b.T;
  const Index G = program.regions;
  program.carry_column.assign(static_cast<std::size_t>(b.P * G * T), -1);
  for (Index i = 0; i < b.P; ++i) {
    const Product& product = b.model.products[i];
    if (!product.storable) continue;
    for (Index g = 0; g < G; ++g) {
      for (int t = 1; t <= T; ++t) {
        program.carry_column[(i * G + g) * T + t - 1] = column.Begin(0.0, kUnbounded, 0.0, [&] {
          const std::string region =
              b.model.regions.empty() ? "" : NamePart(b.model.regions[g].id) + "_";
          return "s_" + NamePart(product.id) + "_" + region + b.Year(t);
        });
        column.Add(program.balance_row(i, g, t), -1.0);
        if (t < T) column.Add(program.balance_row(i, g, t + 1), 1.0 - product.storage_loss);
        column.End();
      }
    }
  }
}

// Final use f[c,i,t] ≥ floor, one per final_demand entry: out of the balance, into the target row.
void AddFinalUseColumns(Builder& b, ColumnWriter& column) {
  const Model& model = b.model;
  PlanProgram& program = b.program;
  program.final_use_column.assign(model.final_demand.size(), -1);
  for (std::size_t n = 0; n < model.final_demand.size(); ++n) {
    const FinalDemand& fd = model.final_demand[n];
    program.final_use_column[n] = column.Begin(fd.floor, kUnbounded, 0.0, [&] {
      return "f_" + NamePart(model.final_demand_categories[fd.category]) + "_" +
             NamePart(model.products[fd.product].id) + "_" + b.Year(fd.year);
    });
    column.Add(program.balance_row(fd.product, FinalDemandRegion(fd), fd.year), -1.0);
    const Index target = program.target_row[fd.product * b.T + fd.year - 1];
    if (target >= 0) column.Add(target, 1.0);
    column.End();
  }
}

// Fulfilment λ[t] (plan ray), objective weight w_t (0 under another objective with a fulfilment
// floor), at least the floor. A year without a target mix has nothing to fulfil: λ[t] is held at 0
// rather than unbounded.
void AddFulfilmentColumns(Builder& b, ColumnWriter& column) {
  PlanProgram& program = b.program;
  const int T = b.T;
  std::vector<double> year_weight = b.model.settings.year_weights;
  if (static_cast<int>(year_weight.size()) != T) {
    year_weight.assign(static_cast<std::size_t>(T), 1.0);
  }
  program.fulfilment_column.assign(static_cast<std::size_t>(T), -1);
  for (int t = 1; t <= T; ++t) {
    bool has_targets = false;
    for (Index i = 0; i < b.P && !has_targets; ++i) {
      has_targets = program.target_row[i * T + t - 1] >= 0;
    }
    const double weight = program.objective == ObjectiveKind::kPlanRay ? year_weight[t - 1] : 0.0;
    const double floor = has_targets ? program.fulfilment_floor : 0.0;
    program.fulfilment_column[t - 1] = column.Begin(floor, has_targets ? kUnbounded : 0.0, weight,
                                                    [&] { return "lambda_" + b.Year(t); });
    for (Index i = 0; i < b.P; ++i) {
      const Index row = program.target_row[i * T + t - 1];
      if (row >= 0) column.Add(row, -b.target_mix[i * T + t - 1]);
    }
    column.End();
  }
}

// ---- Terminal condition "growth" (docs/planning-model.md, "Terminal conditions") ----
// Appended after every other row and column is built: the rows go last and their entries are
// merged into the finished columns (each column's existing rows are all smaller, so appending keeps
// the CSC order). Per stock account k = (e, i) with lag L and depreciation d, for j = 1..L:
//   terminal[k,j]: (1−d)^j·K[k,T] + Σ_{m=1..j} (1−d)^(j−m)·a[k,T+m−L] − (1+g)^j·Σ_p b[p,i]·z[e,p,T]
//   ≥ 0,
// i.e. the stock the plan leaves usable or under construction, K[T+j] by the stock identity with no
// investment after T, carries year T's use of capital grown by (1+g)^j. Accumulation before year 1
// (T+m−L < 1) is none.
void AddTerminalGrowthRows(Builder& b) {
  PlanProgram& program = b.program;
  LinearProgram& lp = program.lp;
  const int T = b.T;
  const double g = program.terminal_growth_rate;
  program.terminal_row_start.assign(static_cast<std::size_t>(b.S), -1);
  std::vector<std::vector<std::pair<Index, double>>> extra(
      static_cast<std::size_t>(lp.num_columns));
  for (Index k = 0; k < b.S; ++k) {
    const StockAccount& account = program.stocks[k];
    const int L = account.lag;
    const double keep = 1.0 - account.depreciation;
    const std::string suffix = b.with_names ? b.AccountSuffix(account) : std::string();
    program.terminal_row_start[k] = lp.num_rows;
    for (int j = 1; j <= L; ++j) {
      const Index row =
          b.AddRow(0.0, kUnbounded, [&] { return "terminal_" + suffix + "_" + b.Year(T + j); });
      extra[program.capital_column[k * T + T - 1]].emplace_back(row, std::pow(keep, j));
      for (int m = 1; m <= j; ++m) {
        const int started = T + m - L;
        if (started < 1) continue;
        extra[program.accumulation_column[k * T + started - 1]].emplace_back(row,
                                                                             std::pow(keep, j - m));
      }
    }
  }
  for (std::size_t n = 0; n < b.model.enterprise_techniques.size(); ++n) {
    const EnterpriseTechnique& et = b.model.enterprise_techniques[n];
    const Index column = program.activity_column[n * T + T - 1];
    for (Index e = program.capital.starts[et.technique];
         e < program.capital.starts[et.technique + 1]; ++e) {
      const Index k = program.stock_index.at({et.enterprise, program.capital.items[e]});
      for (int j = 1; j <= program.stocks[k].lag; ++j) {
        extra[column].emplace_back(program.terminal_row(k, j),
                                   -std::pow(1.0 + g, j) * program.capital.values[e]);
      }
    }
  }
  // Merge: a technique needing the same good twice adds up in one row.
  MergeIntoColumns(lp, extra);
}

}  // namespace

Result<PlanProgram> BuildPlanProgram(const Model& model, const PlanOptions& options,
                                     bool with_names) {
  // A model built in code (generator, import, a caller's own) has not been through the loader's
  // range checks: refuse numbers the solvers cannot take in the model's words, not as a nameless
  // LP row.
  if (Status range = CheckModelRange(model); !range.ok()) return range;
  PlanProgram program;
  const int T = model.horizon();
  program.years = T;
  if (Status located = LocateRegions(model, program); !located.ok()) return located;
  program.objective = options.use_model_objective ? model.settings.objective : options.objective;
  program.quotas_are_law = options.quotas_as_constraints < 0 ? model.settings.quotas_as_constraints
                                                             : options.quotas_as_constraints == 1;
  program.fulfilment_floor = options.fulfilment_floor;
  // The target rows and λ columns: the plan ray's objective, or a floor on it under another.
  const bool plan_ray =
      program.objective == ObjectiveKind::kPlanRay || program.fulfilment_floor > 0;
  const Index techniques = static_cast<Index>(model.techniques.size());
  program.outputs = Gather(techniques, model.outputs);
  program.inputs = Gather(techniques, model.inputs);
  program.resource_use = Gather(techniques, model.resource_use);
  program.capital = GatherCapital(techniques, model.capital);
  AddStockAccounts(model, program);

  Builder builder(model, program, with_names);
  builder.T = T;
  builder.P = static_cast<Index>(model.products.size());
  builder.R = static_cast<Index>(model.resources.size());
  builder.S = static_cast<Index>(program.stocks.size());
  builder.target_mix.assign(static_cast<std::size_t>(builder.P * T), 0.0);
  for (const FinalDemand& fd : model.final_demand) {
    builder.target_mix[fd.product * T + fd.year - 1] += fd.target;
  }

  // Rows first, so every column knows its row numbers.
  program.lp.maximize = program.objective != ObjectiveKind::kMinResources;
  AddBalanceRows(builder);
  AddResourceRows(builder);
  AddCapitalAndStockRows(builder);
  AddTargetRows(builder, plan_ray);
  AddQuotaRows(builder);

  ColumnWriter column(program.lp, with_names);
  AddActivityColumns(builder, column);
  AddAccumulationAndStockColumns(builder, column);
  AddCarryColumns(builder, column);
  AddFinalUseColumns(builder, column);
  if (plan_ray) AddFulfilmentColumns(builder, column);
  if (model.settings.terminal == TerminalCondition::kGrowth) {
    auto rate = gosplan::TerminalGrowthRate(model);
    if (!rate.ok()) return rate.status();
    program.terminal_growth_rate = rate.value();
    AddTerminalGrowthRows(builder);
  }
  if (!model.world_prices.empty()) AddTrade(model, program, with_names);
  if (!model.transport_links.empty()) AddTransport(model, program, with_names);
  if (program.objective == ObjectiveKind::kHarmony) AppendHarmony(model, program, with_names);
  if (Status groups = AppendGroups(model, options, program, with_names); !groups.ok())
    return groups;  // maxmin or group floors (maxmin_program.cc)
  return program;
}

// Declared in plan_program.h.
void MergeIntoColumns(LinearProgram& lp,
                      std::vector<std::vector<std::pair<Index, double>>>& extra) {
  std::vector<Index> starts(1, 0), rows;
  std::vector<double> values;
  rows.reserve(lp.row_indices.size());
  values.reserve(lp.values.size());
  for (Index j = 0; j < lp.num_columns; ++j) {
    for (Index e = lp.column_starts[j]; e < lp.column_starts[j + 1]; ++e) {
      rows.push_back(lp.row_indices[e]);
      values.push_back(lp.values[e]);
    }
    auto& added = extra[j];
    std::sort(added.begin(), added.end());
    for (std::size_t e = 0; e < added.size(); ++e) {
      if (e > 0 && added[e].first == added[e - 1].first) {
        values.back() += added[e].second;
        continue;
      }
      rows.push_back(added[e].first);
      values.push_back(added[e].second);
    }
    starts.push_back(static_cast<Index>(rows.size()));
  }
  lp.column_starts = std::move(starts);
  lp.row_indices = std::move(rows);
  lp.values = std::move(values);
}

}  // namespace gosplan::plan
