// The harmony objective by cutting planes (src/plan/harmony_cuts.cc; docs/planning-model.md,
// "Harmony") against the full tangent set (BuildPlanLinearProgram, the LP of `gosplan plan
// --write-mps`, solved by plain CLP — an independent path): both maximise the same envelope Ĥ over
// the same plans, so their optima must agree to the LPs' own accuracy (the cutting-plane point
// satisfies every cut of the full set), far inside the stated error bound ε·Σw. Checked on
// examples/ussr-1928 and on a generated 50-product economy, with the cutting-plane plans verified
// by `gosplan verify` (which rebuilds Ĥ from all 43 tangent points, not from the LP's rows).
#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <string>
#include <vector>

#include "gosplan/generate.h"
#include "gosplan/harmony.h"
#include "gosplan/linear_program.h"
#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "gosplan/verify.h"
#include "test_support.h"

namespace gosplan::testing {
namespace {

PlanOptions Harmony() {
  PlanOptions options;
  options.use_model_objective = false;
  options.objective = ObjectiveKind::kHarmony;
  return options;
}

// The plan by cutting planes (SolvePlan with CLP) against the full tangent LP
// (BuildPlanLinearProgram, all 43 cuts per term, the LP of `gosplan plan --write-mps`) solved by
// plain CLP.
void ExpectSameOptimum(const Model& model, Index terms) {
  auto cuts = SolvePlan(model, Harmony());
  ASSERT_TRUE(cuts.ok()) << cuts.status().ToString();
  ASSERT_EQ(cuts->status, PlanStatus::kOptimal) << cuts->explanation;
  auto full_lp = BuildPlanLinearProgram(model, Harmony());
  ASSERT_TRUE(full_lp.ok()) << full_lp.status().ToString();
  auto full = SolveWithClp(full_lp.value());
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  ASSERT_EQ(full->status, LpStatus::kOptimal);
  // The same LP optimum (both CLP vertices, rows and prices at 1e-6), far inside ε·Σw.
  const double scale = std::max(1.0, std::abs(full->objective));
  EXPECT_NEAR(cuts->objective, full->objective, 1e-6 * scale);
  EXPECT_NEAR(cuts->harmony_error_bound, harmony::EnvelopeError() * terms, 1e-12);  // w_t = 1
  EXPECT_LE(std::abs(cuts->objective - full->objective), cuts->harmony_error_bound);
  // The plan's true harmony lies below the envelope's optimum by at most the bound.
  EXPECT_LE(cuts->harmony, full->objective + 1e-9);
  EXPECT_GE(cuts->harmony, full->objective - cuts->harmony_error_bound - 1e-9);
  // The explanation counts the cuts: "K of the M tangent cuts" with M = 43 per term. The full LP
  // has 44 harmony rows per term (43 cuts and the cap), the cutting-plane LP K cuts and the caps:
  // the same rows besides.
  std::smatch found;
  const std::string& text = cuts->explanation;
  ASSERT_TRUE(std::regex_search(text, found, std::regex("(\\d+) of the (\\d+) tangent cuts")))
      << text;
  const Index generated = std::stoll(found[1]);
  EXPECT_EQ(std::stoll(found[2]), 43 * terms);
  EXPECT_GE(generated, 3 * terms);
  EXPECT_LT(generated, 43 * terms);
  EXPECT_EQ(full_lp->num_rows - 44 * terms, cuts->lp_rows - (generated + terms));
  EXPECT_NE(text.find("true harmony"), std::string::npos) << text;
}

// The number of harmony terms: products and years with a target.
Index Terms(const Model& model) {
  std::vector<double> tau(model.products.size() * static_cast<std::size_t>(model.horizon()), 0.0);
  for (const FinalDemand& fd : model.final_demand)
    tau[fd.product * model.horizon() + fd.year - 1] += fd.target;
  Index terms = 0;
  for (double t : tau) terms += t > 0;
  return terms;
}

TEST(HarmonyCuts, UssrExampleSameOptimumAsTheFullTangentSet) {
  auto model = LoadModel(SourcePath("examples/ussr-1928"));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  // ussr-1928: full harmony LP 3,165 rows against 1,405 without the objective's rows
  // (docs/benchmarks.md, "Objectives"): (3,165 − 1,405)/44 = 40 terms.
  EXPECT_EQ(Terms(model.value()), 40);
  ExpectSameOptimum(model.value(), 40);
}

TEST(HarmonyCuts, Generated50ProductsSameOptimumAndVerifies) {
  GenerateOptions options;
  options.products = 50;
  options.inputs_per_product = 6;
  options.years = 4;
  options.seed = 5;
  auto model = GenerateEconomy(options);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ(Terms(model.value()), 50 * 4);  // a target for every product and year (generate.h)
  ExpectSameOptimum(model.value(), 200);

  // The cutting-plane plan through the CLI, checked by the verifier against the full envelope.
  ScratchFolder scratch;
  const std::string folder = scratch.path() + "/model";
  const CommandResult generated = RunCli(
      "generate --products 50 --inputs-per-product 6 --years 4 --seed 5 --out '" + folder + "' -q");
  ASSERT_EQ(generated.exit_code, 0) << generated.errors;
  const std::string plan = scratch.path() + "/plan";
  const CommandResult run =
      RunCli("plan '" + folder + "' --objective harmony --out '" + plan + "' -q");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  auto verified = VerifyPlan(folder, plan);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(verified->violation_count, 0);
  for (const auto& v : verified->violations) ADD_FAILURE() << v.message;
}

}  // namespace
}  // namespace gosplan::testing
