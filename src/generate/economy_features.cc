// Issue 18's features on a generated economy (include/gosplan/generate.h, GenerateOptions:
// regions, link_capacity, world_prices, harvest_scenarios; docs/generate.md): regions with a
// transport product and a ring of links, world prices, harvest scenarios. Each feature draws from
// its own stream, so the economy of GenerateEconomy is the same with or without it.
#include "generate/economy_features.h"

#include <fmt/format.h>

#include <cmath>
#include <string>
#include <vector>

#include "generate/buffered_file.h"
#include "generate/random.h"

namespace gosplan::generate {
namespace {

// Stream constants (the seed is mixed with them): "REGIONS", "TRADE", "HARVEST" in ASCII.
constexpr std::uint64_t kRegionStream = 0x524547494F4E53ull;
constexpr std::uint64_t kTradeStream = 0x5452414445ull;
constexpr std::uint64_t kHarvestStream = 0x48415256455354ull;

// `value` rounded to `digits` decimals, as the double nearest that decimal (dividing the rounded
// integer by 10^digits, exact for these sizes), so the files show 0.6315, not 0.6315000000000001.
double Round(double value, int digits) {
  const double scale = std::pow(10.0, digits);
  return std::round(value * scale) / scale;
}

// The crops: products made by a farm's enterprise (one enterprise per product, same position).
bool IsCrop(const Model& model, Index product) {
  const EnterpriseKind kind = model.enterprises[product].kind;
  return kind == EnterpriseKind::kCollectiveFarm || kind == EnterpriseKind::kStateFarm;
}

}  // namespace

void AddRegions(const GenerateOptions& options, const std::vector<double>& gross, Model& model) {
  const Index R = options.regions;
  if (R <= 0) return;
  const Index n = options.products;
  Random random(options.seed ^ kRegionStream);
  for (Index g = 0; g < R; ++g) {
    model.regions.push_back({"r" + std::to_string(g), "region " + std::to_string(g)});
  }
  for (Index i = 0; i < n; ++i) model.enterprises[i].region = "r" + std::to_string(random.Below(R));

  // Final demand: each row split over the regions by the product's shares.
  std::vector<double> share(static_cast<std::size_t>(n * R), 1.0);
  if (R > 1) {
    for (Index i = 0; i < n; ++i) {
      double total = 0.0;
      for (Index g = 0; g < R; ++g) total += share[i * R + g] = random.Uniform(0.5, 1.5);
      for (Index g = 0; g < R; ++g) share[i * R + g] /= total;
    }
  }
  std::vector<FinalDemand> split;
  split.reserve(model.final_demand.size() * static_cast<std::size_t>(R));
  for (const FinalDemand& fd : model.final_demand) {
    for (Index g = 0; g < R; ++g) {
      FinalDemand part = fd;
      part.region = g;
      part.floor = fd.floor * share[fd.product * R + g];
      part.target = fd.target * share[fd.product * R + g];
      split.push_back(part);
    }
  }
  model.final_demand = std::move(split);
  if (R == 1) return;  // one region: nothing to move

  // The transport product, made in every region.
  const Index freight = static_cast<Index>(model.products.size());
  Product product;
  product.id = "freight";
  product.name = "freight transport";
  product.unit = "thousand tonne-km";
  product.group = ProductGroup::kMeansOfProduction;
  model.products.push_back(product);
  const Index make = static_cast<Index>(model.techniques.size());
  model.techniques.push_back({"make_freight", "running freight trains"});
  model.outputs.push_back({make, freight, 1.0});
  model.inputs.push_back({make, 0, 0.1});
  model.resource_use.push_back({make, 0, 0.2});
  for (Index g = 0; g < R; ++g) {
    Enterprise enterprise;
    enterprise.id = "freight_r" + std::to_string(g);
    enterprise.name = "freight of region " + std::to_string(g);
    enterprise.kind = EnterpriseKind::kOther;
    enterprise.region = "r" + std::to_string(g);
    enterprise.construction_lag = 1;
    model.enterprise_techniques.push_back(
        {static_cast<Index>(model.enterprises.size()), make, 0.0, kUnbounded});
    model.enterprises.push_back(enterprise);
  }

  // The ring's edges (a, b) with their distances; both directions of each carry every product.
  std::vector<std::pair<Index, Index>> edges;
  for (Index g = 0; g < (R == 2 ? 1 : R); ++g) edges.emplace_back(g, (g + 1) % R);
  std::vector<double> distance;
  for (std::size_t e = 0; e < edges.size(); ++e)
    distance.push_back(10.0 * std::round(random.Uniform(300, 2500) / 10.0));
  for (Index i = 0; i < n; ++i) {
    for (std::size_t e = 0; e < edges.size(); ++e) {
      for (int way = 0; way < 2; ++way) {
        const Index from = way == 0 ? edges[e].first : edges[e].second;
        const Index to = way == 0 ? edges[e].second : edges[e].first;
        TransportLink link;
        link.id = fmt::format("p{}_r{}_r{}", i, from, to);
        link.from_region = from;
        link.to_region = to;
        link.product = i;
        link.distance_km = distance[e];
        link.transport_product = freight;
        link.transport_per_unit_km = 1e-4;
        if (options.link_capacity > 0) link.capacity = options.link_capacity * gross[i];
        model.transport_links.push_back(link);
      }
    }
  }
}

void AddWorldPrices(const GenerateOptions& options, Model& model) {
  if (!options.world_prices) return;
  Random random(options.seed ^ kTradeStream);
  for (Index i = 0; i < options.products; ++i) {
    for (int t = 1; t <= options.years; ++t) {
      WorldPrice price;
      price.product = i;
      price.year = t;
      price.export_price = Round(random.Uniform(0.5, 1.5), 4);
      price.import_price = Round(1.25 * price.export_price, 4);
      model.world_prices.push_back(price);
    }
  }
  model.settings.trade_currency = "currency units";
  model.settings.credit_limit = 100.0;
  model.settings.interest_rate = 0.05;
  model.settings.initial_reserves = 0.0;
}

}  // namespace gosplan::generate

namespace gosplan {

Status WriteGeneratedHarvests(const GenerateOptions& options, const Model& model,
                              const std::string& folder) {
  const int S = options.harvest_scenarios;
  if (S <= 0) return Status::Ok();
  generate::Random random(options.seed ^ generate::kHarvestStream);
  std::vector<double> probability(static_cast<std::size_t>(S));
  double total = 0.0;
  for (double& p : probability) total += p = random.Uniform(0.5, 1.5);
  double assigned = 0.0;
  for (int s = 0; s + 1 < S; ++s) {
    probability[s] = generate::Round(probability[s] / total, 6);
    assigned += probability[s];
  }
  probability[S - 1] = generate::Round(1.0 - assigned, 6);

  generate::BufferedFile scenarios;
  if (Status opened = scenarios.Open(folder + "/" + kHarvestScenariosFile); !opened.ok())
    return opened;
  scenarios.Print("# Generated by gosplan generate --harvest-scenarios {} --seed {}.\n", S,
                  options.seed);
  scenarios.Print("scenario,probability\n");
  for (int s = 0; s < S; ++s) scenarios.Print("h{},{}\n", s + 1, probability[s]);
  if (Status closed = scenarios.Close(); !closed.ok()) return closed;

  generate::BufferedFile yields;
  if (Status opened = yields.Open(folder + "/" + kHarvestYieldsFile); !opened.ok()) return opened;
  yields.Print("# Yield factors of the farms' products (crops), per scenario and year.\n");
  yields.Print("scenario,product,year,yield_factor\n");
  for (int s = 0; s < S; ++s) {
    const double level = S == 1 ? 0.0 : -0.15 + 0.3 * s / (S - 1);
    for (Index i = 0; i < options.products; ++i) {
      if (!generate::IsCrop(model, i)) continue;
      for (int t = 1; t <= options.years; ++t) {
        const double factor = generate::Round(1.0 + level + random.Uniform(-0.05, 0.05), 4);
        yields.Print("h{},{},{},{}\n", s + 1, model.products[i].id, model.CalendarYear(t), factor);
      }
    }
  }
  return yields.Close();
}

}  // namespace gosplan
