// Regions and transport in the plan LP: the regions of the balances, the transport links' rows and
// columns, and the regional documents (regions_program.h states the mathematics).
#include "plan/regions_program.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "gosplan/regions.h"

namespace gosplan::plan {
namespace {

// Solver noise below this (product units) is written as zero, as in plan_solve.cc.
constexpr double kNoise = 1e-9;
double Clean(double value) { return std::abs(value) < kNoise ? 0.0 : value + 0.0; }

// MPS names may not contain blanks.
std::string NamePart(const std::string& id) {
  std::string name = id;
  std::replace(name.begin(), name.end(), ' ', '_');
  std::replace(name.begin(), name.end(), '\t', '_');
  return name;
}

// Appends one column; entries of one row are added up, then written in row order.
Index AppendColumn(PlanProgram& program, bool with_names, double upper,
                   std::vector<std::pair<Index, double>> entries, std::string name) {
  LinearProgram& lp = program.lp;
  lp.column_lower.push_back(0.0);
  lp.column_upper.push_back(upper);
  lp.objective.push_back(0.0);
  if (with_names) lp.column_names.push_back(std::move(name));
  std::sort(entries.begin(), entries.end());
  for (std::size_t k = 0; k < entries.size(); ++k) {
    if (k > 0 && entries[k].first == entries[k - 1].first) {
      lp.values.back() += entries[k].second;
      continue;
    }
    lp.row_indices.push_back(entries[k].first);
    lp.values.push_back(entries[k].second);
  }
  lp.column_starts.push_back(static_cast<Index>(lp.row_indices.size()));
  return lp.num_columns++;
}

bool Limited(const TransportLink& link) { return std::isfinite(link.capacity); }
bool Extendable(const TransportLink& link) { return Limited(link) && link.capacity_product >= 0; }

}  // namespace

Status LocateRegions(const Model& model, PlanProgram& program) {
  program.regions = RegionCount(model);
  program.enterprise_region = EnterpriseRegions(model);
  const std::string where = model.folder.empty() ? std::string("<model>") : model.folder;
  for (std::size_t e = 0; e < model.enterprises.size(); ++e) {
    if (program.enterprise_region[e] >= 0) continue;
    return Status::InvalidInput(where + "/enterprises.csv", 0, 0,
                                fmt::format("enterprise '{}' is in unknown region '{}'",
                                            model.enterprises[e].id, model.enterprises[e].region),
                                "a region id of regions.csv");
  }
  for (const FinalDemand& fd : model.final_demand) {
    if (fd.region < program.regions) continue;
    return Status::InvalidInput(
        where + "/final_demand.csv", 0, 0,
        fmt::format("final demand of '{}' in region {} of {}", model.products[fd.product].id,
                    fd.region, program.regions),
        "a region id of regions.csv");
  }
  for (const TransportLink& link : model.transport_links) {
    if (!model.regions.empty() && link.from_region >= 0 && link.to_region >= 0 &&
        link.from_region < program.regions && link.to_region < program.regions) {
      continue;
    }
    return Status::InvalidInput(
        where + "/transport_links.csv", 0, 0,
        fmt::format("transport link '{}' names no region of the model", link.id),
        "from_region and to_region ids of regions.csv");
  }
  return Status::Ok();
}

void AddTransport(const Model& model, PlanProgram& program, bool with_names) {
  LinearProgram& lp = program.lp;
  const int T = program.years;
  const std::size_t L = model.transport_links.size();
  auto year = [&](int t) { return std::to_string(model.CalendarYear(t)); };
  if (lp.column_starts.empty()) lp.column_starts.push_back(0);
  // cap[l,t] ≤ C_l for the links of finite capacity.
  program.link_capacity_row.assign(L * static_cast<std::size_t>(T), -1);
  for (std::size_t l = 0; l < L; ++l) {
    const TransportLink& link = model.transport_links[l];
    if (!Limited(link)) continue;
    for (int t = 1; t <= T; ++t) {
      lp.row_lower.push_back(-kUnbounded);
      lp.row_upper.push_back(link.capacity);
      if (with_names) lp.row_names.push_back("linkcap_" + NamePart(link.id) + "_" + year(t));
      program.link_capacity_row[l * T + t - 1] = lp.num_rows++;
    }
  }
  program.transport_column.assign(L * static_cast<std::size_t>(T), -1);
  for (std::size_t l = 0; l < L; ++l) {
    const TransportLink& link = model.transport_links[l];
    for (int t = 1; t <= T; ++t) {
      std::vector<std::pair<Index, double>> entries = {
          {program.balance_row(link.product, link.to_region, t), 1.0},
          {program.balance_row(link.product, link.from_region, t), -1.0}};
      if (link.transport_product >= 0 && link.TransportPerUnit() != 0.0) {
        entries.emplace_back(program.balance_row(link.transport_product, link.from_region, t),
                             -link.TransportPerUnit());
      }
      if (Limited(link)) entries.emplace_back(program.link_capacity_row[l * T + t - 1], 1.0);
      program.transport_column[l * T + t - 1] =
          AppendColumn(program, with_names, kUnbounded, std::move(entries),
                       "x_" + NamePart(link.id) + "_" + year(t));
    }
  }
  // n[l,s]: capacity started in year s, usable from s + L_l to the end of the plan.
  program.expansion_column.assign(L * static_cast<std::size_t>(T), -1);
  for (std::size_t l = 0; l < L; ++l) {
    const TransportLink& link = model.transport_links[l];
    if (!Extendable(link)) continue;
    for (int s = 1; s <= T; ++s) {
      std::vector<std::pair<Index, double>> entries;
      if (link.capacity_cost != 0.0) {
        entries.emplace_back(program.balance_row(link.capacity_product, link.from_region, s),
                             -link.capacity_cost);
      }
      for (int t = s + link.construction_lag; t <= T; ++t) {
        entries.emplace_back(program.link_capacity_row[l * T + t - 1], -1.0);
      }
      program.expansion_column[l * T + s - 1] =
          AppendColumn(program, with_names, kUnbounded, std::move(entries),
                       "n_" + NamePart(link.id) + "_" + year(s));
    }
  }
}

std::string DescribeRegionalRow(const Model& model, const PlanProgram& program, Index row,
                                const std::string& by) {
  const int T = program.years;
  const Index G = program.regions;
  const Index P = static_cast<Index>(model.products.size());
  if (row >= 0 && row < P * G * T) {
    const Index i = row / (G * T);
    const Index g = (row / T) % G;
    const Product& product = model.products[i];
    const std::string region =
        model.regions.empty() ? std::string() : " in " + model.regions[g].name;
    return fmt::format("the {} balance{} in {} is short by {} {}", product.name, region,
                       model.CalendarYear(static_cast<int>(row % T) + 1), by, product.unit);
  }
  for (std::size_t k = 0; k < program.link_capacity_row.size(); ++k) {
    if (program.link_capacity_row[k] != row) continue;
    const TransportLink& link = model.transport_links[k / T];
    return fmt::format(
        "transport link {} ({} to {}) in {} carries {} {} beyond its capacity", link.id,
        model.regions[link.from_region].name, model.regions[link.to_region].name,
        model.CalendarYear(static_cast<int>(k % T) + 1), by, model.products[link.product].unit);
  }
  return {};
}

void ExtractRegions(const Model& model, const PlanProgram& program, const std::vector<double>& x,
                    const std::function<double(Index)>& at_least_row,
                    const std::function<double(Index)>& at_most_row, Plan& plan) {
  const int T = program.years;
  const Index G = program.regions;
  const Index P = static_cast<Index>(model.products.size());
  const std::size_t categories = model.final_demand_categories.size();
  std::vector<RegionalBalance>& balances = plan.regional_balances;
  balances.assign(static_cast<std::size_t>(P * G * T), RegionalBalance{});
  auto at = [&](Index i, Index g, int t) -> RegionalBalance& {
    return balances[static_cast<std::size_t>((i * G + g) * T + t - 1)];
  };
  for (Index i = 0; i < P; ++i) {
    for (Index g = 0; g < G; ++g) {
      for (int t = 1; t <= T; ++t) {
        RegionalBalance& b = at(i, g, t);
        b.product = i;
        b.region = g;
        b.year = t;
        b.final_use.assign(categories, 0.0);
        b.accumulation = program.owed_outlay[static_cast<std::size_t>((i * G + g) * T + t - 1)];
      }
    }
  }
  for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
    const EnterpriseTechnique& et = model.enterprise_techniques[n];
    const Index p = et.technique;
    const Index g = program.enterprise_region[et.enterprise];
    for (int t = 1; t <= T; ++t) {
      const double z = x[program.activity_column[n * T + t - 1]];
      for (Index k = program.outputs.starts[p]; k < program.outputs.starts[p + 1]; ++k)
        at(program.outputs.items[k], g, t).production +=
            program.outputs.values[k] * program.Yield(program.outputs.items[k], t) * z;
      for (Index k = program.inputs.starts[p]; k < program.inputs.starts[p + 1]; ++k)
        at(program.inputs.items[k], g, t).intermediate_use += program.inputs.values[k] * z;
    }
  }
  for (std::size_t s = 0; s < program.stocks.size(); ++s) {
    const StockAccount& account = program.stocks[s];
    const Index g = program.enterprise_region[account.enterprise];
    for (int t = 1; t <= T; ++t) {
      const double started = x[program.accumulation_column[s * T + t - 1]];
      for (std::size_t o = 0; o < account.outlay.size(); ++o) {
        const int paid = t + static_cast<int>(o);
        if (paid > T) break;
        at(account.product, g, paid).accumulation += account.outlay[o] * started;
      }
    }
  }
  for (std::size_t n = 0; n < model.final_demand.size(); ++n) {
    const FinalDemand& fd = model.final_demand[n];
    at(fd.product, FinalDemandRegion(fd), fd.year).final_use[fd.category] +=
        x[program.final_use_column[n]];
  }
  for (const TradeFlow& flow : plan.trade) {
    at(flow.product, 0, flow.year).imports += flow.imports;
    at(flow.product, 0, flow.year).exports += flow.exports;
  }
  for (Index i = 0; i < P; ++i) {
    const Product& product = model.products[i];
    if (!product.storable) continue;
    for (Index g = 0; g < G; ++g) {
      for (int t = 1; t <= T; ++t) {
        const double previous = t == 1 ? (g == 0 ? product.initial_stock : 0.0)
                                       : x[program.carry_column[(i * G + g) * T + t - 2]];
        at(i, g, t).stock_in = (1.0 - product.storage_loss) * previous;
        at(i, g, t).stock_out = x[program.carry_column[(i * G + g) * T + t - 1]];
      }
    }
  }
  // Transport: the flows, the transport product they consume and the capacity built.
  plan.transport.clear();
  for (std::size_t l = 0; l < model.transport_links.size(); ++l) {
    const TransportLink& link = model.transport_links[l];
    double built = 0.0;  // capacity usable by year t from expansions
    for (int t = 1; t <= T; ++t) {
      const double moved = x[program.transport_column[l * T + t - 1]];
      at(link.product, link.from_region, t).transport_out += moved;
      at(link.product, link.to_region, t).transport_in += moved;
      if (link.transport_product >= 0) {
        const double used = link.TransportPerUnit() * moved;
        at(link.transport_product, link.from_region, t).transport_use += used;
        plan.balances[link.transport_product * T + t - 1].intermediate_use += used;
      }
      TransportFlow flow;
      flow.link = static_cast<Index>(l);
      flow.year = t;
      flow.quantity = Clean(moved);
      const Index expansion = program.expansion_column[l * T + t - 1];
      if (expansion >= 0) {
        const double started = x[expansion];
        flow.capacity_started = Clean(started);
        const double outlay = link.capacity_cost * started;
        at(link.capacity_product, link.from_region, t).accumulation += outlay;
        plan.balances[link.capacity_product * T + t - 1].accumulation += outlay;
      }
      if (t - link.construction_lag >= 1 && program.expansion_column[l * T] >= 0) {
        built += x[program.expansion_column[l * T + t - link.construction_lag - 1]];
      }
      const Index row = program.link_capacity_row[l * T + t - 1];
      flow.capacity = row >= 0 ? Clean(link.capacity + built) : kUnbounded;
      flow.rent = row >= 0 ? at_most_row(row) : 0.0;
      plan.transport.push_back(flow);
    }
  }
  for (Index i = 0; i < P; ++i) {
    for (Index g = 0; g < G; ++g) {
      for (int t = 1; t <= T; ++t) {
        RegionalBalance& b = at(i, g, t);
        double final_total = 0.0;
        for (double f : b.final_use) final_total += f;
        b.surplus = b.production + b.stock_in + b.imports + b.transport_in - b.intermediate_use -
                    b.transport_use - b.accumulation - final_total - b.stock_out - b.exports -
                    b.transport_out;
        for (double* value : {&b.production, &b.intermediate_use, &b.transport_use, &b.accumulation,
                              &b.stock_in, &b.stock_out, &b.imports, &b.exports, &b.transport_in,
                              &b.transport_out, &b.surplus}) {
          *value = Clean(*value);
        }
        for (double& f : b.final_use) f = Clean(f);
        b.price = at_least_row(program.balance_row(i, g, t));
      }
    }
  }
}

}  // namespace gosplan::plan
