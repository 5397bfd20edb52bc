// The plan LP under harvest scenarios (scenario_program.h; docs/planning-model.md, "Uncertain
// harvests"): yields put on the output coefficients, the first-year columns, and the
// block-diagonal deterministic equivalent whose first-year columns are shared by every block.
#include "plan/scenario_program.h"

#include <algorithm>
#include <cmath>

namespace gosplan::plan {
namespace {

// The position of row `row` among column j's entries (rows ascend within a column); −1 if absent.
Index FindEntry(const LinearProgram& lp, Index column, Index row) {
  const auto begin = lp.row_indices.begin() + lp.column_starts[column];
  const auto end = lp.row_indices.begin() + lp.column_starts[column + 1];
  const auto it = std::lower_bound(begin, end, row);
  return it != end && *it == row ? static_cast<Index>(it - lp.row_indices.begin()) : -1;
}

}  // namespace

void ApplyYieldFactors(const Model& model, PlanProgram& program,
                       const std::vector<double>& yields) {
  const int T = program.years;
  program.yield_factor = yields;
  LinearProgram& lp = program.lp;
  const TechniqueTable& outputs = program.outputs;
  for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
    const EnterpriseTechnique& et = model.enterprise_techniques[n];
    const Index p = et.technique;
    for (int t = 1; t <= T; ++t) {
      const Index column = program.activity_column[n * T + t - 1];
      for (Index k = outputs.starts[p]; k < outputs.starts[p + 1]; ++k) {
        const Index i = outputs.items[k];
        const double factor = yields[static_cast<std::size_t>(i * T + t - 1)];
        if (factor == 1.0) continue;
        // Added to the merged entry out − in, so that only the output part is scaled.
        const double delta = (factor - 1.0) * outputs.values[k];
        // With regions the output enters the enterprise's own region's balance.
        const Index region =
            program.enterprise_region.empty() ? 0 : program.enterprise_region[et.enterprise];
        const Index balance = FindEntry(lp, column, program.balance_row(i, region, t));
        if (balance >= 0) lp.values[balance] += delta;
        for (std::size_t q = 0; q < model.quotas.size(); ++q) {
          const Quota& quota = model.quotas[q];
          if (program.quota_row[q] < 0 || quota.product != i || quota.year != t) continue;
          if (quota.enterprise >= 0 && quota.enterprise != et.enterprise) continue;
          const Index entry = FindEntry(lp, column, program.quota_row[q]);
          if (entry >= 0) lp.values[entry] += delta;
        }
        if (program.objective == ObjectiveKind::kPriorityOutput) {
          lp.objective[column] += model.products[i].priority_weight * delta;
        }
      }
    }
  }
}

std::vector<Index> FirstStageColumns(const Model& model, const PlanProgram& program,
                                     int first_stage_years) {
  const int T = program.years;
  std::vector<Index> columns;
  const int K = std::clamp(first_stage_years, 1, T);
  auto year_one = [&](const std::vector<Index>& per_year) {
    for (std::size_t k = 0; k < per_year.size(); k += static_cast<std::size_t>(T)) {
      for (int t = 0; t < K; ++t) {
        if (per_year[k + t] >= 0) columns.push_back(per_year[k + t]);
      }
    }
  };
  year_one(program.activity_column);
  year_one(program.accumulation_column);
  year_one(program.capital_column);
  year_one(program.carry_column);
  year_one(program.harmony_column);
  year_one(program.transport_column);  // regions: year-1 flows and link capacity started
  year_one(program.expansion_column);
  for (std::size_t n = 0; n < model.final_demand.size(); ++n) {
    if (model.final_demand[n].year <= K && program.final_use_column[n] >= 0) {
      columns.push_back(program.final_use_column[n]);
    }
  }
  for (int t = 0; t < K && t < static_cast<int>(program.fulfilment_column.size()); ++t) {
    if (program.fulfilment_column[t] >= 0) columns.push_back(program.fulfilment_column[t]);
  }
  for (std::size_t k = 0; k < model.world_prices.size(); ++k) {
    if (model.world_prices[k].year > K) continue;
    if (k < program.export_column.size() && program.export_column[k] >= 0)
      columns.push_back(program.export_column[k]);
    if (k < program.import_column.size() && program.import_column[k] >= 0)
      columns.push_back(program.import_column[k]);
  }
  for (int t = 0; t < K; ++t) {
    if (t < static_cast<int>(program.debt_column.size())) columns.push_back(program.debt_column[t]);
    if (t < static_cast<int>(program.reserve_column.size()))
      columns.push_back(program.reserve_column[t]);
  }
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
  return columns;
}

StackedProgram StackScenarios(const std::vector<const LinearProgram*>& blocks,
                              const std::vector<double>& probabilities,
                              const std::vector<Index>& shared,
                              const std::vector<std::string>& prefixes,
                              const std::string& shared_prefix) {
  StackedProgram stacked;
  LinearProgram& lp = stacked.lp;
  const LinearProgram& first = *blocks.front();
  const std::size_t S = blocks.size();
  const bool names = !prefixes.empty() && !first.column_names.empty();
  lp.maximize = first.maximize;
  std::vector<char> is_shared(static_cast<std::size_t>(first.num_columns), 0);
  for (Index j : shared) is_shared[static_cast<std::size_t>(j)] = 1;

  // Rows: block after block.
  for (std::size_t s = 0; s < S; ++s) {
    const LinearProgram& block = *blocks[s];
    stacked.row_offset.push_back(lp.num_rows);
    lp.row_lower.insert(lp.row_lower.end(), block.row_lower.begin(), block.row_lower.end());
    lp.row_upper.insert(lp.row_upper.end(), block.row_upper.begin(), block.row_upper.end());
    if (names) {
      for (const std::string& name : block.row_names)
        lp.row_names.push_back(prefixes[s] + ":" + name);
    }
    lp.num_rows += block.num_rows;
    lp.objective_offset += probabilities[s] * block.objective_offset;
  }

  // Columns: block 0's (a shared column carries every block's entries, in block order, so its rows
  // still ascend), then each later block's own columns.
  stacked.column_of.assign(S, std::vector<Index>(static_cast<std::size_t>(first.num_columns), -1));
  lp.column_starts.assign(1, 0);
  auto append_entries = [&](std::size_t s, Index j) {
    const LinearProgram& block = *blocks[s];
    for (Index e = block.column_starts[j]; e < block.column_starts[j + 1]; ++e) {
      lp.row_indices.push_back(stacked.row_offset[s] + block.row_indices[e]);
      lp.values.push_back(block.values[e]);
    }
  };
  for (std::size_t s = 0; s < S; ++s) {
    const LinearProgram& block = *blocks[s];
    for (Index j = 0; j < block.num_columns; ++j) {
      const bool common = is_shared[static_cast<std::size_t>(j)] != 0;
      if (common && s > 0) {
        stacked.column_of[s][j] = stacked.column_of[0][j];
        continue;
      }
      double cost = 0.0, lower = block.column_lower[j], upper = block.column_upper[j];
      if (common) {
        for (std::size_t r = 0; r < S; ++r) {
          append_entries(r, j);
          cost += probabilities[r] * blocks[r]->objective[j];
          lower = std::max(lower, blocks[r]->column_lower[j]);
          upper = std::min(upper, blocks[r]->column_upper[j]);
        }
      } else {
        append_entries(s, j);
        cost = probabilities[s] * block.objective[j];
      }
      lp.objective.push_back(cost);
      lp.column_lower.push_back(lower);
      lp.column_upper.push_back(upper);
      if (names) {
        lp.column_names.push_back((common ? shared_prefix : prefixes[s]) + ":" +
                                  block.column_names[j]);
      }
      lp.column_starts.push_back(static_cast<Index>(lp.row_indices.size()));
      stacked.column_of[s][j] = lp.num_columns++;
    }
  }
  return stacked;
}

}  // namespace gosplan::plan
