// The von Neumann expanding economy (KMT 1956) and catch-up time. Every expected number is derived
// by hand in the comment above its test.
#include "gosplan/growth.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gosplan/model.h"
#include "test_support.h"
#include "util/csv.h"

namespace gosplan {
namespace {

using testing::DataPath;
using testing::ReadFile;
using testing::RunCli;
using testing::ScratchFolder;

GrowthResult SolveOrDie(const GrowthMatrices& technology) {
  auto result = SolveGrowth(technology);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.value();
}

GrowthMatrices Gale(int example) {
  const std::string base = DataPath("growth/gale_ex" + std::to_string(example));
  auto read = ReadGrowthMatrices(base + "_A.csv", base + "_B.csv");
  EXPECT_TRUE(read.ok()) << read.status().ToString();
  return read.value();
}

GrowthMatrices Dense(Index m, Index n, std::vector<double> a, std::vector<double> b) {
  GrowthMatrices t;
  t.activities = m;
  t.goods = n;
  t.inputs = std::move(a);
  t.outputs = std::move(b);
  return t;
}

// Gale (1960), example 1: 3 activities, 4 goods.
//   A = [0 1 0 0; 1 0 0 1; 0 0 1 0],  B = [1 0 0 0; 0 0 2 0; 0 1 0 1]
// Activity 1 turns good 2 into good 1; activity 2 turns goods 1 + 4 into 2 of good 3; activity 3
// turns good 3 into goods 2 + 4. α: x B ≥ α x A reads, good by good,
//   g1: x1 ≥ α x2,  g2: x3 ≥ α x1,  g3: 2 x2 ≥ α x3,  g4: x3 ≥ α x2.
// Chaining g3, g2, g1: 2 x2 ≥ α x3 ≥ α² x1 ≥ α³ x2, so α³ ≤ 2 when x2 > 0; and x2 = 0 forces x3 = 0
// (g3) and x1 = 0 (g2): x = 0. So α ≤ 2^(1/3), reached by x = (α, 1, α²) (g4: α² ≥ α holds,
// strictly: good 4 is overproduced). α = 2^(1/3) = 1.259921049894873. β: B p ≤ β A p reads,
// activity by activity,
//   a1: p1 ≤ β p2,  a2: 2 p3 ≤ β (p1 + p4),  a3: p2 + p4 ≤ β p3.
// With p4 = 0 (good 4 is overproduced, hence free): p1 ≤ β p2 ≤ β² p3 and 2 p3 ≤ β p1 ≤ β³ p3, so
// β³ ≥ 2. With p4 > 0: a3 gives p2 ≤ β p3 − p4 and the chain gives 2 p3 ≤ β³ p3 − β² p4 + β p4 < β³
// p3 for β > 1, again β³ > 2. So β = 2^(1/3) = α, with p = (β², β, 1, 0) (a1, a2, a3 tight).
TEST(GrowthTest, GaleExampleOneAlphaEqualsBetaCubeRootOfTwo) {
  const GrowthResult r = SolveOrDie(Gale(1));
  ASSERT_EQ(r.status, GrowthStatus::kSolved) << r.explanation;
  const double c = std::cbrt(2.0);
  EXPECT_NEAR(r.alpha, c, 1e-8);
  EXPECT_NEAR(r.beta, c, 1e-8);
  EXPECT_FALSE(r.reducible);
  const double sx = c + 1 + c * c;
  EXPECT_NEAR(r.technological.intensities[0], c / sx, 1e-6);
  EXPECT_NEAR(r.technological.intensities[1], 1 / sx, 1e-6);
  EXPECT_NEAR(r.technological.intensities[2], c * c / sx, 1e-6);
  const double sp = c * c + c + 1;
  EXPECT_NEAR(r.technological.prices[0], c * c / sp, 1e-6);
  EXPECT_NEAR(r.technological.prices[1], c / sp, 1e-6);
  EXPECT_NEAR(r.technological.prices[2], 1 / sp, 1e-6);
  EXPECT_NEAR(r.technological.prices[3], 0.0, 1e-6);
  EXPECT_TRUE(r.technological.nontrivial);
  EXPECT_TRUE(r.economic.nontrivial);
}

// The same answer as CSV (GrowthCsv), read back through the one CSV reader: α = β = 2^(1/3) and the
// intensities/prices derived above (x ∝ (c, 1, c²), p ∝ (c², c, 1, 0)).
TEST(GrowthTest, CsvReportHoldsAlphaBetaIntensitiesAndPrices) {
  const GrowthMatrices technology = Gale(1);
  const GrowthResult r = SolveOrDie(technology);
  ScratchFolder scratch;
  const std::string path = scratch.Write("growth.csv", GrowthCsv(technology, r));
  auto file = util::CsvFile::Open(path);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  const double c = std::cbrt(2.0);
  const std::vector<double> expected = {c,
                                        c / (c + 1 + c * c),
                                        1 / (c + 1 + c * c),
                                        c * c / (c + 1 + c * c),
                                        c * c / (c * c + c + 1),
                                        c / (c * c + c + 1),
                                        1 / (c * c + c + 1),
                                        0.0};
  const std::vector<std::string> kinds = {"factor", "activity", "activity", "activity",
                                          "good",   "good",     "good",     "good"};
  util::CsvRow row;
  Diagnostics diagnostics;
  for (std::size_t k = 0; k < expected.size(); ++k) {
    ASSERT_TRUE(file.value().Next(row, diagnostics)) << "row " << k;
    EXPECT_EQ(row.fields[0], kinds[k]);
    EXPECT_NEAR(std::stod(std::string(row.fields[2])), expected[k], 1e-6) << "row " << k;
  }
  EXPECT_FALSE(file.value().Next(row, diagnostics));
}

// Gale (1960), example 2 (reducible): 5 activities, 6 goods.
//   A = [0 1 0 0 0 0; 1 0 1 0 0 0; 0 0 0 1 0 0; 0 0 1 0 0 1; 0 0 0 0 1 0]
//   B = [1 0 0 1 0 0; 0 1 0 0 0 0; 0 0 1 0 0 0; 0 0 0 0 2 0; 0 0 0 1 0 1]
// α: x B ≥ α x A reads
//   g1: x1 ≥ α x2,  g2: x2 ≥ α x1,  g3: x3 ≥ α (x2 + x4),  g4: x1 + x5 ≥ α x3,  g5: 2 x4 ≥ α x5,
//   g6: x5 ≥ α x4.
// If x1 or x2 > 0, g1·g2 give x1 ≥ α² x1 (or x2 ≥ α² x2): α ≤ 1. With x1 = x2 = 0 the cycle
// g5, g4, g3 gives 2 x4 ≥ α x5 ≥ α² x3 ≥ α³ x4: α³ ≤ 2 (x4 = 0 forces x5 = x3 = 0), reached by
// x = (0, 0, α, 1, α²) (g6: α² ≥ α holds). So α = 2^(1/3) — the "industrial" cycle 3 → 4 → 5.
// β: B p ≤ β A p reads
//   a1: p1 + p4 ≤ β p2,  a2: p2 ≤ β (p1 + p3),  a3: p3 ≤ β p4,  a4: 2 p5 ≤ β (p3 + p6),
//   a5: p4 + p6 ≤ β p5.
// β = 1 works with p = (1, 1, 0, 0, 0, 0) (a1: 1 ≤ 1, a2: 1 ≤ 1, the rest 0 ≤ 0). Below 1 nothing
// works: a3, a4, a5 give 2 p5 ≤ β² p4 + β p6 and p5 ≥ (p4 + p6)/β, so 2 (p4 + p6) ≤ β³ p4 + β² p6,
// which for β < 1 forces p4 = p6 = 0, then p3 = 0 (a3), p5 = 0 (a5), and a1·a2 give p1 ≤ β² p1: p1
// = p2 = 0. So β = 1 — the "agricultural" cycle 1 ↔ 2 that merely reproduces itself — and α ≠ β.
// The solution at β is economic: x = (1, 1, 1, 0, 0) satisfies x B ≥ x A (g1..g6 with α = 1) and
// x B p = x1 (p1 + p4) + x2 p2 = 2 > 0.
TEST(GrowthTest, GaleExampleTwoIsReducibleAlphaCubeRootTwoBetaOne) {
  const GrowthResult r = SolveOrDie(Gale(2));
  ASSERT_EQ(r.status, GrowthStatus::kSolved) << r.explanation;
  const double c = std::cbrt(2.0);
  EXPECT_NEAR(r.alpha, c, 1e-8);
  EXPECT_NEAR(r.beta, 1.0, 1e-8);
  EXPECT_TRUE(r.reducible);
  // At α the agricultural activities are idle and the industrial cycle runs as (α, 1, α²).
  const auto& x = r.technological.intensities;
  EXPECT_NEAR(x[0], 0.0, 1e-6);
  EXPECT_NEAR(x[1], 0.0, 1e-6);
  EXPECT_NEAR(x[2] / x[3], c, 1e-6);
  EXPECT_NEAR(x[4] / x[3], c * c, 1e-6);
  EXPECT_TRUE(r.technological.nontrivial);
  // At β the agricultural goods carry the prices: p1 = p2, and something of value is produced.
  const auto& p = r.economic.prices;
  EXPECT_GT(p[0], 0.1);
  EXPECT_NEAR(p[0], p[1], 1e-6);
  EXPECT_TRUE(r.economic.nontrivial);
  EXPECT_GT(r.economic.intensities[0], 0.0);
}

// A hand 2-good model: A = [1 ½; ½ 1], B = [3 0; 0 2] (both activities use both goods:
// irreducible). x (B − αA) = 0 needs det(B − αA) = (3 − α)(2 − α) − α²/4 = ¾α² − 5α + 6 = 0, α =
// (10 ± 2√7)/3. At the larger root (≈ 5.10) both diagonal entries 3 − α, 2 − α are negative, so no
// x ≥ 0, x ≠ 0 has x (B − αA) ≥ 0. Between the roots the determinant is negative, and x1 (3 − γ) ≥
// x2 γ/2, x2 (2 − γ) ≥ x1 γ/2 multiply to (3 − γ)(2 − γ) ≥ γ²/4 — impossible; so α = (10 − 2√7)/3
// ≈ 1.5695, with x2/x1 = 2 (3 − α)/α. B − αA is symmetric, so the price side gives the same root: β
// = α, p2/p1 = 2 (3 − α)/α.
TEST(GrowthTest, HandTwoGoodModelAlphaEqualsBeta) {
  const GrowthResult r = SolveOrDie(Dense(2, 2, {1, 0.5, 0.5, 1}, {3, 0, 0, 2}));
  ASSERT_EQ(r.status, GrowthStatus::kSolved) << r.explanation;
  const double alpha = (10.0 - 2.0 * std::sqrt(7.0)) / 3.0;
  EXPECT_NEAR(r.alpha, alpha, 1e-8);
  EXPECT_NEAR(r.beta, alpha, 1e-8);
  EXPECT_FALSE(r.reducible);
  const double ratio = 2 * (3 - alpha) / alpha;
  EXPECT_NEAR(r.technological.intensities[1] / r.technological.intensities[0], ratio, 1e-6);
  EXPECT_NEAR(r.technological.prices[1] / r.technological.prices[0], ratio, 1e-6);
}

// Activity 1 makes good 1 out of nothing: x = (1, 0) has x B ≥ γ x A = 0 for every γ, so α = +∞.
TEST(GrowthTest, ActivityWithoutInputsMakesAlphaUnbounded) {
  const GrowthResult r = SolveOrDie(Dense(2, 2, {0, 0, 1, 0}, {1, 0, 0, 1}));
  EXPECT_EQ(r.status, GrowthStatus::kUnbounded);
  EXPECT_TRUE(std::isinf(r.alpha));
  ASSERT_EQ(r.unbounded_activities.size(), 1u);
  EXPECT_EQ(r.unbounded_activities[0], 0);
  EXPECT_NE(r.explanation.find("unbounded"), std::string::npos);
}

// Good 2 is never produced; activity 2 needs it, so it can never run. What is left: activity 1
// turns 1 of good 1 into 2: α = β = 2. (Without pruning, a price on good 2 alone would satisfy B p
// ≤ β A p for every β ≥ 0 and fake β = 0, with x B p = 0.)
TEST(GrowthTest, GoodNeverProducedIsPrunedNotPricedAtZeroInterest) {
  const GrowthResult r = SolveOrDie(Dense(2, 2, {1, 0, 1, 1}, {2, 0, 3, 0}));
  ASSERT_EQ(r.status, GrowthStatus::kSolved) << r.explanation;
  EXPECT_NEAR(r.alpha, 2.0, 1e-8);
  EXPECT_NEAR(r.beta, 2.0, 1e-8);
  ASSERT_EQ(r.never_produced_goods.size(), 1u);
  EXPECT_EQ(r.never_produced_goods[0], 1);
  ASSERT_EQ(r.idle_activities.size(), 1u);
  EXPECT_EQ(r.idle_activities[0], 1);
  EXPECT_NEAR(r.technological.intensities[1], 0.0, 1e-12);
  EXPECT_NEAR(r.technological.prices[0], 1.0, 1e-9);
}

TEST(GrowthTest, CliJsonHasTheKeys) {
  const std::string base = DataPath("growth/gale_ex2");
  auto run =
      RunCli("growth --inputs '" + base + "_A.csv' --outputs '" + base + "_B.csv' --format json");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  const auto json = nlohmann::json::parse(run.output);
  for (const char* key :
       {"alpha", "beta", "intensities", "prices", "reducible", "method", "tolerance"}) {
    EXPECT_TRUE(json.contains(key)) << key;
  }
  EXPECT_NEAR(json["alpha"].get<double>(), std::cbrt(2.0), 1e-8);
  EXPECT_NEAR(json["beta"].get<double>(), 1.0, 1e-8);
  EXPECT_TRUE(json["reducible"].get<bool>());
  EXPECT_EQ(json["intensities"].size(), 5u);
  EXPECT_EQ(json["prices"].size(), 6u);
  auto text = RunCli("growth --inputs '" + base + "_A.csv' --outputs '" + base + "_B.csv'");
  EXPECT_EQ(text.exit_code, 0) << text.errors;
  EXPECT_NE(text.output.find("α = 1.259921049"), std::string::npos) << text.output;
}

// The matrices as a European office writes them: ';' between fields, decimal commas. Gale's
// example 1 halved (A/2 and B/2): the expansion factor α solves x B ≥ α x A, which a common factor
// on A and B leaves unchanged, so α = β = 2^(1/3) as derived above for example 1.
TEST(GrowthTest, MatricesInASemicolonDecimalCommaDialect) {
  testing::ScratchFolder scratch;
  const std::string a = scratch.Write("A.csv", "0;0,5;0;0\n0,5;0;0;0,5\n0;0;0,5;0\n");
  const std::string b = scratch.Write("B.csv", "0,5;0;0;0\n0;0;1;0\n0;0,5;0;0,5\n");
  auto run = RunCli("growth --inputs '" + a + "' --outputs '" + b +
                    "' --delimiter ';' --decimal , --format json");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  const auto json = nlohmann::json::parse(run.output);
  EXPECT_NEAR(json["alpha"].get<double>(), std::cbrt(2.0), 1e-8);
  EXPECT_NEAR(json["beta"].get<double>(), std::cbrt(2.0), 1e-8);
  // Read as comma-separated they are not numbers: located, exit 2.
  auto plain = RunCli("growth --inputs '" + a + "' --outputs '" + b + "'");
  EXPECT_EQ(plain.exit_code, 2);
  EXPECT_NE(plain.errors.find("A.csv:1:"), std::string::npos) << plain.errors;
}

TEST(GrowthTest, BadMatricesExitTwoWithFileLineColumn) {
  ScratchFolder scratch;
  const std::string good = scratch.Write("good.csv", "1,0\n0,1\n");
  struct Case {
    std::string text, expected;
  };
  for (const Case& c : {Case{"1,0\n0,x\n", "bad.csv:2:2:"}, Case{"1,0\n0\n", "bad.csv:2:2:"},
                        Case{"1,0\n-1,1\n", "bad.csv:2:1:"}, Case{"1,0,0\n0,1,0\n", "bad.csv:1:3:"},
                        Case{"1,0\n0,1\n1,1\n", "bad.csv:3:1:"}, Case{"", "bad.csv: no rows"}}) {
    const std::string bad = scratch.Write("bad.csv", c.text);
    auto run = RunCli("growth --inputs '" + good + "' --outputs '" + bad + "'");
    EXPECT_EQ(run.exit_code, 2) << c.text;
    EXPECT_NE(run.errors.find(c.expected), std::string::npos) << c.text << "\n" << run.errors;
  }
  auto missing = RunCli("growth --inputs '" + good + "'");
  EXPECT_EQ(missing.exit_code, 2);
  auto format = RunCli("growth --inputs '" + good + "' --outputs '" + good + "' --format xml");
  EXPECT_EQ(format.exit_code, 2);
}

// One product (machines), one technique: 1 machine a year per unit of activity, which needs 1
// machine of stock (no depreciation, construction lag 1). The plant starts with K1 = 1. Year t:
// output z_t ≤ K_t, everything accumulated, K_{t+1} = K_t + z_t ≤ 2 K_t, so the most output in year
// H is 2^(H−1). 100 machines: 2^(H−1) ≥ 100 ⇔ H − 1 ≥ log2 100 = 6.64 ⇔ H = 8 (2^7 = 128; 2^6 = 64
// < 100). 64 machines: H = 7 exactly. With capital, A = in + b = 1, B = out + (1 − d) b = 2: α = 2;
// the base capacity x0 = K1 / b = 1, so the von Neumann bound is log(100)/log(2) = 6.64 years ≤ 8.
std::string DoublingModel(const ScratchFolder& scratch) {
  scratch.Write("m/model.toml", "name = \"doubling\"\nbase_year = 1930\nhorizon = 1\n");
  scratch.Write("m/products.csv", "id,name,unit,group\nmachine,Machine,piece,A\n");
  scratch.Write("m/techniques.csv", "id,name\nworks,Machine building\n");
  scratch.Write("m/technique_outputs.csv", "technique,product,coefficient\nworks,machine,1\n");
  scratch.Write("m/technique_capital.csv",
                "technique,product,coefficient,depreciation\nworks,machine,1,0\n");
  scratch.Write("m/enterprises.csv", "id,name,kind\nplant,Machine plant,factory\n");
  scratch.Write("m/enterprise_techniques.csv", "enterprise,technique\nplant,works\n");
  scratch.Write("m/initial_stocks.csv", "enterprise,product,quantity\nplant,machine,1\n");
  return scratch.path() + "/m";
}

TEST(GrowthTest, CatchUpDoublingEconomyYearsByHand) {
  ScratchFolder scratch;
  auto model = LoadModel(DoublingModel(scratch));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  for (const auto& [level, years] :
       std::map<double, int>{{100.0, 8}, {64.0, 7}, {1.0, 1}, {3.0, 3}}) {
    auto result = SolveCatchUp(model.value(), {{0, level, 2}});
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    EXPECT_TRUE(result.value().reached) << level;
    EXPECT_EQ(result.value().years, years) << level;
    EXPECT_EQ(static_cast<int>(result.value().tried.size()), years);
  }
  auto result = SolveCatchUp(model.value(), {{0, 100.0, 2}});
  EXPECT_NEAR(result.value().alpha, 2.0, 1e-8);
  ASSERT_EQ(result.value().base_capacity.size(), 1u);
  EXPECT_NEAR(result.value().base_capacity[0], 1.0, 1e-12);
  EXPECT_NEAR(result.value().lower_bound_years, std::log(100.0) / std::log(2.0), 1e-7);
  // Feasibility is monotone here (no floors, no depreciation): doubling 1, 2, 4, 8 then bisection
  // in (4, 8] (6, 7) gives the same 8 with 6 plans instead of 8.
  CatchUpOptions fast;
  fast.assume_monotone = true;
  auto bisected = SolveCatchUp(model.value(), {{0, 100.0, 2}}, fast);
  ASSERT_TRUE(bisected.ok());
  EXPECT_EQ(bisected.value().years, 8);
  EXPECT_EQ(bisected.value().horizons_tried, (std::vector<int>{1, 2, 4, 8, 6, 7}));
  // Not within 5 years (at most 16 machines in year 5).
  CatchUpOptions short_options;
  short_options.max_years = 5;
  auto not_reached = SolveCatchUp(model.value(), {{0, 100.0, 2}}, short_options);
  ASSERT_TRUE(not_reached.ok());
  EXPECT_FALSE(not_reached.value().reached);
}

// The doubling plant with a design capacity of 50 machines a year (max_activity 50): 64 machines
// exceed the ceiling 1 · 50 = 50, so no horizon reaches them — answered without a single plan; 40
// machines stay reachable, in year 7 as without the cap (2^5 = 32 < 40 ≤ 2^6 = 64 and the cap does
// not bind before).
TEST(GrowthTest, CatchUpAboveTheDesignCapacityIsNeverReached) {
  ScratchFolder scratch;
  const std::string folder = DoublingModel(scratch);
  scratch.Write("m/enterprise_techniques.csv",
                "enterprise,technique,min_activity,max_activity\nplant,works,0,50\n");
  auto model = LoadModel(folder);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto never = SolveCatchUp(model.value(), {{0, 64.0, 2}});
  ASSERT_TRUE(never.ok()) << never.status().ToString();
  EXPECT_FALSE(never.value().reached);
  EXPECT_TRUE(never.value().tried.empty());
  ASSERT_EQ(never.value().above_design_capacity.size(), 1u);
  EXPECT_NE(never.value().above_design_capacity[0].find("(50 a year: Machine plant"),
            std::string::npos)
      << never.value().above_design_capacity[0];
  auto reachable = SolveCatchUp(model.value(), {{0, 40.0, 2}});
  ASSERT_TRUE(reachable.ok());
  EXPECT_TRUE(reachable.value().reached);
  EXPECT_EQ(reachable.value().years, 7);
}

// catch-up's model of H years is ResizeHorizon (gosplan/horizon.h: lengthened by repeating the last
// year, shortened by cutting later years) without quotas or actuals: the growth path asks for
// nothing.
TEST(GrowthTest, CatchUpModelHasTheResizedHorizonAndNoQuotas) {
  Model model;
  model.settings.horizon = 2;
  model.resources.resize(1);
  model.resource_availability = {5, 6};
  model.final_demand = {FinalDemand{0, 0, 1, 1.0, 1.0}, FinalDemand{0, 0, 2, 2.0, 3.0}};
  model.settings.year_weights = {1.0, 0.5};
  model.quotas = {Quota{"q", 0, -1, 1, 5.0}};
  model.actuals = {Actual{0, 0, 1, 8.0}};
  const Model longer = ExtendModelHorizon(model, 4);
  EXPECT_EQ(longer.horizon(), 4);
  EXPECT_EQ(longer.resource_availability, (std::vector<double>{5, 6, 6, 6}));
  ASSERT_EQ(longer.final_demand.size(), 4u);
  EXPECT_EQ(longer.final_demand[3].year, 4);
  EXPECT_EQ(longer.final_demand[3].floor, 2.0);
  EXPECT_EQ(longer.final_demand[3].target, 3.0);
  EXPECT_EQ(longer.settings.year_weights, (std::vector<double>{1.0, 0.5, 0.5, 0.5}));
  EXPECT_TRUE(longer.quotas.empty());
  EXPECT_TRUE(longer.actuals.empty());
  const Model shorter = ExtendModelHorizon(model, 1);
  EXPECT_EQ(shorter.horizon(), 1);
  EXPECT_EQ(shorter.resource_availability, (std::vector<double>{5}));
  EXPECT_EQ(shorter.final_demand.size(), 1u);
  EXPECT_TRUE(shorter.quotas.empty());
}

// A level for a product that no enterprise makes: its design ceiling is 0 with no capacity to name.
// The answer says so (it once printed "more than its producers' design capacities allow together
// (0: )").
TEST(GrowthTest, CatchUpOfAProductNobodyMakesSaysSo) {
  ScratchFolder scratch;
  const std::string folder = DoublingModel(scratch);
  scratch.Write("m/products.csv", "id,name,unit,group\nmachine,Machine,piece,A\ntoy,Toy,piece,B\n");
  auto model = LoadModel(folder);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto never = SolveCatchUp(model.value(), {{1, 5.0, 2}});
  ASSERT_TRUE(never.ok()) << never.status().ToString();
  EXPECT_FALSE(never.value().reached);
  ASSERT_EQ(never.value().above_design_capacity.size(), 1u);
  EXPECT_EQ(never.value().above_design_capacity[0],
            "Toy 5 piece: no enterprise runs a technique that makes Toy");
}

// A level beyond the solvers' range (1e20) is refused where it stands, as every model number is.
TEST(GrowthTest, CatchUpLevelBeyondTheSolversRangeIsLocated) {
  ScratchFolder scratch;
  auto model = LoadModel(DoublingModel(scratch));
  ASSERT_TRUE(model.ok());
  const std::string levels = scratch.Write("levels.csv", "product,level\nmachine,1e21\n");
  auto read = ReadCatchUpLevels(levels, model.value());
  ASSERT_FALSE(read.ok());
  EXPECT_NE(
      read.status().ToString().find("levels.csv:2:2: level 1e+21 is beyond the solvers' range"),
      std::string::npos)
      << read.status().ToString();
  const std::string edge = scratch.Write("edge.csv", "product,level\nmachine,1e20\n");
  EXPECT_TRUE(ReadCatchUpLevels(edge, model.value()).ok());
}

// Input 6e19 plus a capital stock of 6e19 per unit of activity: each cell is within the range
// (1e20) but the activity's use of the good is 1.2e20, which the LP solver would refuse as a
// nameless row. Refused in the model's names instead.
TEST(GrowthTest, CapitalSumBeyondTheSolversRangeIsNamed) {
  ScratchFolder scratch;
  const std::string folder = DoublingModel(scratch);
  scratch.Write("m/technique_inputs.csv", "technique,product,coefficient\nworks,machine,6e19\n");
  scratch.Write("m/technique_capital.csv",
                "technique,product,coefficient,depreciation\nworks,machine,6e19,0\n");
  auto model = LoadModel(folder);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto solved = SolveGrowth(GrowthMatricesFromModel(model.value(), /*with_capital=*/true));
  ASSERT_FALSE(solved.ok());
  EXPECT_NE(
      solved.status().ToString().find("the input of activity 'works' in good 'machine' is 1.2e+20"),
      std::string::npos)
      << solved.status().ToString();
}

// An LP of the method stopped at its iteration limit is said as that limit, not as a generic
// "limit" and not as an error: the USSR example's KMT LPs need more than one simplex iteration.
TEST(GrowthTest, AnIterationLimitIsToldApartFromOtherStops) {
  auto model = LoadModel(testing::SourcePath("examples/ussr-1928"));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  GrowthOptions options;
  options.solver.iteration_limit = 1;
  auto solved = SolveGrowth(GrowthMatricesFromModel(model.value(), /*with_capital=*/true), options);
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  EXPECT_EQ(solved.value().status, GrowthStatus::kIterationLimit) << solved.value().explanation;
  EXPECT_TRUE(StoppedEarly(solved.value().status));
  EXPECT_STREQ(ToString(GrowthStatus::kTimeLimit), "time_limit");
}

// With PDLP as the plan solver every feasible horizon gives an approximate plan; catch-up must take
// it as reached (it once required status optimal and searched on past it). Doubling from 1: level 3
// needs 4 ≥ 3, reached in year 3 (2 < 3 in year 2), as in CatchUpDoublingEconomyYearsByHand.
TEST(GrowthTest, CatchUpWithPdlpTakesAnApproximatePlanAsReached) {
  ScratchFolder scratch;
  auto model = LoadModel(DoublingModel(scratch));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  CatchUpOptions options;
  options.max_years = 6;
  options.plan.solver_kind = PlanOptions::SolverKind::kPdlp;
  options.plan.pdlp.tolerance = 1e-8;
  auto result = SolveCatchUp(model.value(), {{0, 3.0, 2}}, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result.value().reached) << result.value().explanation;
  EXPECT_EQ(result.value().years, 3) << result.value().explanation;
}

TEST(GrowthTest, CatchUpCliWritesThePlanAndJson) {
  ScratchFolder scratch;
  const std::string folder = DoublingModel(scratch);
  const std::string levels = scratch.Write("levels.csv", "product,level\nmachine,100\n");
  const std::string out = scratch.path() + "/plan";
  auto run = RunCli("growth '" + folder + "' --catch-up '" + levels + "' --out '" + out +
                    "' --format json --quiet --with-capital");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  const auto json = nlohmann::json::parse(run.output);
  EXPECT_NEAR(json["alpha"].get<double>(), 2.0, 1e-8);
  EXPECT_EQ(json["activities"][0], "works");
  EXPECT_EQ(json["goods"][0], "machine");
  EXPECT_EQ(json["catch_up"]["years"].get<int>(), 8);
  EXPECT_EQ(json["catch_up"]["calendar_year"].get<int>(), 1938);
  EXPECT_GE(json["catch_up"]["levels"][0]["output_in_final_year"].get<double>(), 100.0 - 1e-6);
  EXPECT_TRUE(std::filesystem::exists(out + "/summary.json"));
  EXPECT_TRUE(std::filesystem::exists(out + "/targets.csv"));
  // Without capital the technique has no inputs at all: α is unbounded, and the command says so.
  auto flow = RunCli("growth '" + folder + "'");
  EXPECT_EQ(flow.exit_code, 0) << flow.errors;
  EXPECT_NE(flow.output.find("unbounded"), std::string::npos) << flow.output;
  // Unknown product in the levels: exit 2 with file:line:column.
  const std::string bad = scratch.Write("bad_levels.csv", "product,level\nsteel,5\n");
  auto wrong = RunCli("growth '" + folder + "' --catch-up '" + bad + "'");
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.errors.find("bad_levels.csv:2:1:"), std::string::npos) << wrong.errors;
  // Text output names the years and the bound.
  auto text = RunCli("growth '" + folder + "' --catch-up '" + levels + "' --quiet");
  EXPECT_EQ(text.exit_code, 0) << text.errors;
  EXPECT_NE(text.output.find("Years needed: 8"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("lower bound"), std::string::npos) << text.output;
}

}  // namespace
}  // namespace gosplan
