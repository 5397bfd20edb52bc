// The harmony objective (docs/planning-model.md, "Harmony"; include/gosplan/harmony.h): the
// tangent envelope against the function on a dense grid, two one-year economies whose harmony
// optimum is derived by hand (and by a naive 1-D search), the verifier on the plan folders (and on
// one changed by hand), and the USSR example.
#include "gosplan/harmony.h"

#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>
#include <map>
#include <sstream>
#include <string>

#include "gosplan/plan.h"
#include "gosplan/verify.h"
#include "steel_works_model.h"
#include "test_support.h"

namespace gosplan::testing {
namespace {

CommandResult Cli(std::initializer_list<std::string> arguments) {
  std::string line;
  for (const std::string& argument : arguments) line += "'" + argument + "' ";
  return RunCli(line);
}

// H written out again from the definition (s − s²/2 below 0, ln(1 + s) above), capped at s = 9.
double TrueHarmony(double s) {
  s = std::min(s, 9.0);
  return s < 0 ? s - s * s / 2 : std::log(1 + s);
}

// The bound of the header, by hand: where H is quadratic, tangents 0.1 apart meet at the midpoint
// and miss H there by exactly 0.1²/8 = 0.00125 (the gap of two tangents of s²/2 at distance δ is
// δ²/8); for ln(1 + s) at points whose 1 + s are a factor q = 10^(1/32) apart the gap is at most
// (b − a)(H'(a) − H'(b))/4 = (q − 1)²/(4q) (min(pu, qv) ≤ ((p + q)/2)((u + v)/2)).
TEST(Harmony, EnvelopeLiesAboveTheFunctionWithinItsStatedError) {
  const double q = std::pow(10.0, 1.0 / 32);
  const double bound = std::max(0.01 / 8, (q - 1) * (q - 1) / (4 * q));
  const double epsilon = harmony::EnvelopeError();
  EXPECT_GE(epsilon, 0.01 / 8 - 1e-12);
  EXPECT_LE(epsilon, bound + 1e-12);
  double largest = 0.0;
  for (int k = 0; k <= 2000000; ++k) {  // s from −1 to 19 in steps of 1e-5
    const double s = -1.0 + k * 1e-5;
    const double gap = harmony::Envelope(s) - TrueHarmony(s);
    ASSERT_GE(gap, -1e-12) << "at s = " << s;
    largest = std::max(largest, gap);
  }
  EXPECT_LE(largest, epsilon + 1e-12);
  EXPECT_GE(largest, epsilon - 1e-6);  // the grid comes within 1e-5 of the worst point
}

// One year (2001), labour 2, one factory making product a or b from 1 labour each, final demand
// "people" with targets τ_a and τ_b and no floors. Whatever is made is final use: x_a + x_b ≤ 2.
Model TwoProducts(const ScratchFolder& scratch, double target_a, double target_b) {
  std::ostringstream final_demand;
  final_demand << "category,product,year,floor,target\npeople,a,2001,0," << target_a
               << "\npeople,b,2001,0," << target_b << "\n";
  return LoadTables(
      scratch,
      "name = \"two products\"\nbase_year = 2000\nhorizon = 1\n[objective]\n"
      "kind = \"harmony\"\n",
      {{"products.csv", "id,name,unit,group\na,A,t,B\nb,B,t,B\n"},
       {"resources.csv", "id,name,unit,weight\nlabour,Labour,h,1\n"},
       {"resource_availability.csv", "resource,year,quantity\nlabour,2001,2\n"},
       {"techniques.csv", "id,name\nmake_a,Making a\nmake_b,Making b\n"},
       {"technique_outputs.csv", "technique,product,coefficient\nmake_a,a,1\nmake_b,b,1\n"},
       {"technique_resources.csv",
        "technique,resource,coefficient\nmake_a,labour,1\nmake_b,labour,1\n"},
       {"enterprises.csv", "id,name,kind,construction_lag\nworks,Works,factory,1\n"},
       {"enterprise_techniques.csv", "enterprise,technique\nworks,make_a\nworks,make_b\n"},
       {"final_demand.csv", final_demand.str()}});
}

double FinalUse(const Plan& plan, Index product) {
  double total = 0.0;
  for (const ProductBalance& balance : plan.balances) {
    if (balance.product != product) continue;
    for (double f : balance.final_use) total += f;
  }
  return total;
}

// Equal targets 1 and 1: Ĥ(s) ≤ s (the tangent at 0), so Ĥ(s_a) + Ĥ(s_b) ≤ s_a + s_b =
// x_a + x_b − 2 ≤ 0, attained at x = (1, 1) where Ĥ(0) = H(0) = 0: the LP's optimum is exactly 0.
// Every optimum has Ĥ(s) = s for both, i.e. both s between the meeting points of the tangent at 0
// with its neighbours (−0.05 with the tangent at −0.1: 1.1s + 0.005 = s; ≈ +0.036 with the one at
// q − 1): |x_a − 1| ≤ 0.05. The true harmony is within 2ε of 0.
TEST(Harmony, EqualTargetsSplitTheResourceEvenly) {
  ScratchFolder scratch;
  const Model model = TwoProducts(scratch, 1, 1);
  auto plan = SolvePlan(model);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->status, PlanStatus::kOptimal) << plan->explanation;
  EXPECT_EQ(plan->objective_kind, ObjectiveKind::kHarmony);
  EXPECT_NEAR(plan->objective, 0.0, 1e-9);
  EXPECT_NEAR(FinalUse(plan.value(), 0) + FinalUse(plan.value(), 1), 2.0, 1e-9);
  EXPECT_LE(std::abs(FinalUse(plan.value(), 0) - 1.0), 0.05 + 1e-9);
  const double epsilon = harmony::EnvelopeError();
  EXPECT_NEAR(plan->harmony_error_bound, 2 * epsilon, 1e-12);
  EXPECT_LE(plan->harmony, 1e-9);
  EXPECT_GE(plan->harmony, -2 * epsilon);
  EXPECT_NE(plan->explanation.find("true harmony"), std::string::npos) << plan->explanation;
}

// Targets τ_a = 1, τ_b = 2, labour 2: more shortfall than labour can cover. With x_b = 2 − x_a,
// s_a = x_a − 1 and s_b = −x_a/2. At the optimum the marginal harmonies per unit of labour are
// equal, H'(s_a)/τ_a = H'(s_b)/τ_b. Guessing s_a ≥ 0 and s_b < 0 (checked below): 1/x_a =
// (1 + x_a/2)/2, i.e. x_a² + 2x_a − 4 = 0, x_a* = √5 − 1 ≈ 1.236 (s_a ≈ 0.236 ≥ 0, s_b ≈ −0.618
// < 0, as guessed). H* = ln(√5 − 1) + s_b − s_b²/2. A naive search over x_a on a fine grid is the
// independent path to the same optimum.
// The LP (outer envelope) overstates: H* ≤ objective ≤ H* + 2ε; its plan's true harmony is within
// 2ε below H*. F(x_a) = ln x_a − x_a/2 − x_a²/8 on [1, 2] (and x_a − 1 − (x_a − 1)²/2 − … below 1)
// has F'' ≤ −1/4 − 1/4 = −1/2 on (0, 2], so F* − F(x) ≥ (x − x*)²/4 and |x̂_a − x*| ≤ √(8ε).
TEST(Harmony, UnequalTargetsMeetTheDerivativeCondition) {
  const double x_star = std::sqrt(5.0) - 1;
  const double s_b = -x_star / 2;
  const double h_star = std::log(x_star) + s_b - s_b * s_b / 2;
  double searched = -1e9, searched_at = 0;
  for (int k = 0; k <= 2000000; ++k) {
    const double x_a = 2.0 * k / 2000000;
    const double value = TrueHarmony(x_a - 1) + TrueHarmony((2 - x_a - 2) / 2);
    if (value > searched) {
      searched = value;
      searched_at = x_a;
    }
  }
  ASSERT_NEAR(searched, h_star, 1e-10);
  ASSERT_NEAR(searched_at, x_star, 1e-5);

  ScratchFolder scratch;
  const Model model = TwoProducts(scratch, 1, 2);
  auto plan = SolvePlan(model);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->status, PlanStatus::kOptimal) << plan->explanation;
  const double epsilon = harmony::EnvelopeError();
  EXPECT_GE(plan->objective, h_star - 1e-9);
  EXPECT_LE(plan->objective, h_star + 2 * epsilon);
  EXPECT_LE(plan->harmony, h_star + 1e-9);
  EXPECT_GE(plan->harmony, h_star - 2 * epsilon);
  const double x_a = FinalUse(plan.value(), 0);
  EXPECT_NEAR(x_a + FinalUse(plan.value(), 1), 2.0, 1e-9);
  EXPECT_LE(std::abs(x_a - x_star), std::sqrt(8 * epsilon));
  // The plan's true harmony is the function at its own final use.
  EXPECT_NEAR(plan->harmony,
              TrueHarmony(x_a - 1) + TrueHarmony((FinalUse(plan.value(), 1) - 2) / 2), 1e-9);
}

// The plan folder of the unequal case passes `gosplan verify` (objective recomputed from the final
// use, duality bound with the harmony terms maximised out); with the price of b halved by hand in
// prices.csv, b's harmony term of the bound grows and the prices no longer prove the plan optimal.
TEST(Harmony, VerifierAcceptsThePlanAndRejectsChangedPrices) {
  ScratchFolder scratch;
  TwoProducts(scratch, 1, 2);
  const std::string model = scratch.path() + "/model";
  const std::string plan = scratch.path() + "/plan";
  const CommandResult run = Cli({"plan", model, "--out", plan, "-q"});
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  auto verified = VerifyPlan(model, plan);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(verified->violation_count, 0);
  for (const auto& v : verified->violations) ADD_FAILURE() << v.message;

  std::string prices = ReadFile(plan + "/prices.csv");
  const std::size_t at = prices.find("\nproduct,b,");
  ASSERT_NE(at, std::string::npos) << prices;
  // kind,id,...,year,price,...: halve the first number after the year 2001.
  const std::size_t year = prices.find(",2001,", at);
  const std::size_t start = year + 6, end = prices.find(',', start);
  const double price = std::stod(prices.substr(start, end - start));
  ASSERT_GT(price, 0.1);
  prices.replace(start, end - start, std::to_string(price / 2));
  scratch.Write("plan/prices.csv", prices);
  auto broken = VerifyPlan(model, plan);
  ASSERT_TRUE(broken.ok()) << broken.status().ToString();
  bool gap = false;
  for (const auto& violation : broken->violations) {
    gap = gap || violation.message.find("duality gap") == 0;
  }
  EXPECT_TRUE(gap);
}

// The USSR example under `--objective harmony`: an optimal plan that the verifier accepts.
TEST(Harmony, UssrExampleVerifies) {
  ScratchFolder scratch;
  const std::string model = SourcePath("examples/ussr-1928");
  const std::string plan = scratch.path() + "/plan";
  const CommandResult run = Cli({"plan", model, "--objective", "harmony", "--out", plan, "-q"});
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  auto verified = VerifyPlan(model, plan);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(verified->violation_count, 0);
  for (const auto& v : verified->violations) ADD_FAILURE() << v.message;
}

}  // namespace
}  // namespace gosplan::testing
