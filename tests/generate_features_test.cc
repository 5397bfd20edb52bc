// `gosplan generate --regions R --link-capacity C --world-prices --harvest-scenarios S`
// (include/gosplan/generate.h, GenerateOptions; docs/generate.md): the generated models load, plan
// optimal and pass `gosplan verify`; one region plans exactly as no regions (the same LP built by
// another path); the same seed gives the same bytes; the counts and draws follow the rules stated
// in generate.h, checked here from the files themselves.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <string>

#include "gosplan/generate.h"
#include "gosplan/harvest.h"
#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "gosplan/verify.h"
#include "test_support.h"

namespace gosplan::testing {
namespace {

// Small enough for a quick plan: 40 products, 4 inputs each, 3 years.
std::string Generate(const ScratchFolder& scratch, const std::string& name,
                     const std::string& extra, std::uint64_t seed = 3) {
  const std::string folder = scratch.path() + "/" + name;
  const CommandResult run =
      RunCli("generate --products 40 --inputs-per-product 4 --years 3 --seed " +
             std::to_string(seed) + " --out '" + folder + "' -q " + extra);
  EXPECT_EQ(run.exit_code, 0) << run.errors;
  return folder;
}

// Plans the folder with the CLI and verifies the plan folder; returns the plan's objective.
double PlanAndVerify(const ScratchFolder& scratch, const std::string& model,
                     const std::string& name) {
  const std::string plan = scratch.path() + "/plan-" + name;
  const CommandResult run = RunCli("plan '" + model + "' --out '" + plan + "' -q");
  EXPECT_EQ(run.exit_code, 0) << run.errors;
  auto verified = VerifyPlan(model, plan);
  EXPECT_TRUE(verified.ok()) << verified.status().ToString();
  if (verified.ok()) {
    EXPECT_EQ(verified->violation_count, 0) << name;
    for (const auto& v : verified->violations) ADD_FAILURE() << name << ": " << v.message;
  }
  auto loaded = LoadModel(model);
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  auto solved = SolvePlan(loaded.value());
  EXPECT_TRUE(solved.ok()) << solved.status().ToString();
  EXPECT_EQ(solved->status, PlanStatus::kOptimal) << name << ": " << solved->explanation;
  return solved->objective;
}

// Three regions on 40 products: the counts follow from generate.h's rules by hand — regions 3;
// products 40 + freight = 41; enterprises 40 + one freight enterprise per region = 43; the ring of
// 3 regions has 3 edges, both ways, for each of the 40 products: 240 links; final demand 40
// products × 3 years × 3 regions = 360 rows whose targets add up, per product and year, to the
// national target of the model without regions (shares u_g/Σu).
TEST(GenerateFeatures, ThreeRegionsLoadPlanOptimalAndVerify) {
  ScratchFolder scratch;
  const std::string national = Generate(scratch, "national", "");
  const std::string regional = Generate(scratch, "regional", "--regions 3");
  auto base = LoadModel(national);
  auto model = LoadModel(regional);
  ASSERT_TRUE(base.ok()) << base.status().ToString();
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ(model->regions.size(), 3u);
  EXPECT_EQ(model->products.size(), 41u);
  EXPECT_EQ(model->enterprises.size(), 43u);
  EXPECT_EQ(model->transport_links.size(), 240u);
  ASSERT_EQ(model->final_demand.size(), 360u);
  std::map<std::pair<Index, int>, double> national_target, regional_target;
  for (const FinalDemand& fd : base->final_demand)
    national_target[{fd.product, fd.year}] += fd.target;
  for (const FinalDemand& fd : model->final_demand) {
    EXPECT_GE(fd.region, 0);
    regional_target[{fd.product, fd.year}] += fd.target;
  }
  for (const auto& [key, target] : national_target) {
    EXPECT_NEAR(regional_target[key], target, 1e-12 * std::max(1.0, target));
  }
  const Index freight = model->product_index.at("freight");
  for (const TransportLink& link : model->transport_links) {
    EXPECT_EQ(link.transport_product, freight);
    EXPECT_GE(link.distance_km, 300.0);
    EXPECT_LE(link.distance_km, 2500.0);
    EXPECT_EQ(std::fmod(link.distance_km, 10.0), 0.0);
    EXPECT_NE(link.from_region, link.to_region);
    EXPECT_TRUE(std::isinf(link.capacity));
  }
  const double objective = PlanAndVerify(scratch, regional, "regional");
  EXPECT_GT(objective, 0.0);
}

// Capacities: each link carries at most 0.05 × its product's base-year gross output x0. x0 is not
// in the folder, but it is what the enterprise's initial stocks were sized for (generate.h: stocks
// for 1.1·x0 after depreciation 5 %, b·1.1·x0/0.95 per capital good with coefficient b), so
// capacity/0.05 = initial stock · 0.95 / (1.1·b) for any capital good of the product's technique.
TEST(GenerateFeatures, LinkCapacitiesAreAShareOfBaseOutput) {
  ScratchFolder scratch;
  const std::string folder = Generate(scratch, "capacity", "--regions 2 --link-capacity 0.05");
  auto model = LoadModel(folder);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ(model->transport_links.size(), 80u);  // R = 2: one pair, both ways, 40 products
  for (const TransportLink& link : model->transport_links) {
    const Index i = link.product;
    double b = 0.0;
    for (const CapitalCoefficient& c : model->capital) {
      if (c.technique == i) {
        b = c.per_unit_activity;
        for (const InitialStock& stock : model->initial_stocks) {
          if (stock.enterprise == i && stock.product == c.product) {
            const double x0 = stock.quantity * 0.95 / (1.1 * b);
            EXPECT_NEAR(link.capacity, 0.05 * x0, 1e-9 * x0) << link.id;
          }
        }
        break;
      }
    }
    ASSERT_GT(b, 0.0);
  }
  PlanAndVerify(scratch, folder, "capacity");
}

// One region: every balance is the national one, every final-demand row in region 0 with share 1,
// no freight, no links — the plan LP built through the regional code path must reach the same
// optimum as the national model's (an independent path to the same LP).
TEST(GenerateFeatures, OneRegionPlansAsNoRegions) {
  ScratchFolder scratch;
  const std::string national = Generate(scratch, "national", "");
  const std::string one = Generate(scratch, "one", "--regions 1");
  auto model = LoadModel(one);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ(model->regions.size(), 1u);
  EXPECT_TRUE(model->transport_links.empty());
  EXPECT_EQ(model->products.size(), 40u);
  const double without = PlanAndVerify(scratch, national, "national");
  const double with = PlanAndVerify(scratch, one, "one");
  EXPECT_NEAR(with, without, 1e-9 * std::abs(without));
}

// World prices: 40 products × 3 years, export prices in [0.5, 1.5] with 4 decimals, import
// prices 1.25 times them rounded to 4 decimals (so within 0.5e-4 of 1.25·export), credit 100 at 5
// %.
TEST(GenerateFeatures, WorldPricesFollowTheStatedRule) {
  ScratchFolder scratch;
  const std::string folder = Generate(scratch, "trade", "--world-prices");
  auto model = LoadModel(folder);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  ASSERT_EQ(model->world_prices.size(), 120u);
  for (const WorldPrice& price : model->world_prices) {
    EXPECT_GE(price.export_price, 0.5);
    EXPECT_LE(price.export_price, 1.5);
    EXPECT_NEAR(price.export_price * 1e4, std::round(price.export_price * 1e4), 1e-6);
    EXPECT_NEAR(price.import_price, 1.25 * price.export_price, 0.5e-4 + 1e-12);
    EXPECT_TRUE(std::isinf(price.max_export));
  }
  EXPECT_EQ(model->settings.credit_limit, 100.0);
  EXPECT_EQ(model->settings.interest_rate, 0.05);
  const double open = PlanAndVerify(scratch, folder, "trade");
  // Trade only adds choices: the open economy's plan ray is at least the closed one's.
  const double closed = PlanAndVerify(scratch, Generate(scratch, "closed", ""), "closed");
  EXPECT_GE(open, closed - 1e-9 * closed);
}

// Harvest scenarios: S = 3 with probabilities summing to 1; yield factors for the farms' products
// (kinds cycle factory, mine, factory, power station, collective farm, factory, state farm:
// products i with i mod 7 ∈ {4, 6}, i.e. 4, 6, 11, 13, …, 39 — 11 of 40) in every year, each within
// 1 + ℓ ± 0.05 of its scenario's level ℓ ∈ {−0.15, 0, +0.15}. The two-stage plan is optimal.
TEST(GenerateFeatures, HarvestScenariosLoadAndPlan) {
  ScratchFolder scratch;
  const std::string folder = Generate(scratch, "harvest", "--harvest-scenarios 3");
  auto model = LoadModel(folder);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto scenarios = LoadHarvestScenarios(model.value());
  ASSERT_TRUE(scenarios.ok()) << scenarios.status().ToString();
  ASSERT_TRUE(scenarios.value().has_value());
  const HarvestScenarios& h = *scenarios.value();
  ASSERT_EQ(h.scenarios.size(), 3u);
  double total = 0.0;
  for (const HarvestScenario& s : h.scenarios) total += s.probability;
  EXPECT_NEAR(total, 1.0, 1e-12);
  EXPECT_EQ(h.named.size(), 11u * 3u);  // crops × years
  const double level[] = {-0.15, 0.0, 0.15};
  const int T = 3;
  for (std::size_t s = 0; s < 3; ++s) {
    for (Index i = 0; i < 40; ++i) {
      for (int t = 1; t <= T; ++t) {
        const double factor = h.yield_factor[s][i * T + t - 1];
        if (i % 7 == 4 || i % 7 == 6) {
          EXPECT_NEAR(factor, 1.0 + level[s], 0.05 + 0.5e-4) << i << " " << t;
        } else {
          EXPECT_EQ(factor, 1.0);
        }
      }
    }
  }
  auto plan = SolveHarvestPlan(model.value(), h);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->status, PlanStatus::kOptimal) << plan->explanation;
}

// Same seed, same bytes, in every file; another seed, other numbers.
TEST(GenerateFeatures, SameSeedSameBytes) {
  ScratchFolder scratch;
  const std::string options =
      "--regions 3 --link-capacity 0.5 --world-prices --harvest-scenarios 3";
  const std::string a = Generate(scratch, "a", options);
  const std::string b = Generate(scratch, "b", options);
  const std::string c = Generate(scratch, "c", options, 4);
  int files = 0;
  bool differs = false;
  for (const auto& entry : std::filesystem::directory_iterator(a)) {
    const std::string name = entry.path().filename().string();
    EXPECT_EQ(ReadFile(a + "/" + name), ReadFile(b + "/" + name)) << name;
    differs = differs || ReadFile(a + "/" + name) != ReadFile(c + "/" + name);
    ++files;
  }
  EXPECT_GE(files, 10);
  EXPECT_TRUE(differs);
  EXPECT_TRUE(std::filesystem::exists(a + "/harvest_yields.csv"));
  EXPECT_TRUE(std::filesystem::exists(a + "/world_prices.csv"));
  EXPECT_TRUE(std::filesystem::exists(a + "/transport_links.csv"));
}

// Options a Matrix Market or MRIO output cannot carry are refused with exit status 2, nothing
// written; an invalid count is refused the same way.
TEST(GenerateFeatures, OptionsOutsideAModelFolderAreRefused) {
  ScratchFolder scratch;
  const std::string out = scratch.path() + "/mm";
  CommandResult run =
      RunCli("generate --products 20 --matrix-market --world-prices --out '" + out + "' -q");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.errors.find("--world-prices"), std::string::npos) << run.errors;
  EXPECT_FALSE(std::filesystem::exists(out));
  run = RunCli("generate --mrio --harvest-scenarios 2 --out '" + out + "' -q");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.errors.find("--harvest-scenarios"), std::string::npos) << run.errors;
  run = RunCli("generate --products 20 --link-capacity 0.1 --out '" + out + "' -q");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.errors.find("2 regions"), std::string::npos) << run.errors;
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace gosplan::testing
