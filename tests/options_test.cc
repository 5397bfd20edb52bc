// Every options struct of the library says whether it is valid (IsValid), and the function that takes it
// refuses invalid options with kInvalidInput naming the field, its value and the rule — never a
// command-line flag, never kInternal. The rules are the documented ranges in the headers.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "gosplan/check.h"
#include "gosplan/growth.h"
#include "gosplan/linear_program.h"
#include "gosplan/model.h"
#include "gosplan/pdlp.h"
#include "gosplan/plan.h"
#include "test_support.h"

namespace gosplan {
namespace {

// Every default is valid.
TEST(OptionsTest, EveryDefaultIsValid) {
  std::string error;
  EXPECT_TRUE(LpSolveOptions{}.IsValid(&error)) << error;
  EXPECT_TRUE(PdlpOptions{}.IsValid(&error)) << error;
  EXPECT_TRUE(PlanOptions{}.IsValid(&error)) << error;
  EXPECT_TRUE(GrowthOptions{}.IsValid(&error)) << error;
  EXPECT_TRUE(CatchUpOptions{}.IsValid(&error)) << error;
  EXPECT_TRUE(LoadOptions{}.IsValid(&error)) << error;
  EXPECT_TRUE(CheckOptions{}.IsValid(&error)) << error;
}

// One invalid value per struct: refused by IsValid, naming the field (nested fields by their path).
TEST(OptionsTest, OneInvalidValuePerStructIsRefusedNamingItsField) {
  std::string error;
  LpSolveOptions lp;
  lp.time_limit_seconds = -1;
  EXPECT_FALSE(lp.IsValid(&error));
  EXPECT_NE(error.find("time_limit_seconds is -1"), std::string::npos) << error;

  PdlpOptions pdlp;
  pdlp.tolerance = 0.5;
  EXPECT_FALSE(pdlp.IsValid(&error));
  EXPECT_NE(error.find("tolerance"), std::string::npos) << error;

  PlanOptions plan;
  plan.quotas_as_constraints = 2;
  EXPECT_FALSE(plan.IsValid(&error));
  EXPECT_NE(error.find("quotas_as_constraints is 2"), std::string::npos) << error;
  PlanOptions plan_solver;
  plan_solver.solver.iteration_limit = -3;
  EXPECT_FALSE(plan_solver.IsValid(&error));
  EXPECT_NE(error.find("solver.iteration_limit is -3"), std::string::npos) << error;

  GrowthOptions growth;
  growth.max_steps = 0;
  EXPECT_FALSE(growth.IsValid(&error));
  EXPECT_NE(error.find("max_steps is 0"), std::string::npos) << error;

  CatchUpOptions catch_up;
  catch_up.growth.tolerance = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(catch_up.IsValid(&error));
  EXPECT_NE(error.find("growth.tolerance"), std::string::npos) << error;

  LoadOptions load;
  load.horizon_override = -1;
  EXPECT_FALSE(load.IsValid(&error));
  EXPECT_NE(error.find("horizon_override is -1"), std::string::npos) << error;

  CheckOptions check;
  check.max_years = 0;
  EXPECT_FALSE(check.IsValid(&error));
  EXPECT_NE(error.find("max_years"), std::string::npos) << error;
}

// The solve functions call IsValid first: invalid options are bad input (kInvalidInput) whose message
// names the field, before any work is done.
TEST(OptionsTest, SolveFunctionsRefuseInvalidOptionsAsBadInput) {
  auto model = LoadModel(testing::SourcePath("examples/two-sector"));
  ASSERT_TRUE(model.ok()) << model.status().ToString();

  PlanOptions plan;
  plan.pdlp.threads = -1;
  auto planned = SolvePlan(model.value(), plan);
  ASSERT_FALSE(planned.ok());
  EXPECT_EQ(planned.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(planned.status().ToString().find("pdlp.threads"), std::string::npos) << planned.status().ToString();

  LpSolveOptions lp;
  lp.iteration_limit = -1;
  LinearProgram empty;
  empty.column_starts = {0};
  auto solved = SolveWithClp(empty, lp);
  ASSERT_FALSE(solved.ok());
  EXPECT_EQ(solved.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(solved.status().ToString().find("iteration_limit is -1"), std::string::npos)
      << solved.status().ToString();

  GrowthOptions growth;
  growth.tolerance = 0;
  auto grown = SolveGrowth(GrowthMatricesFromModel(model.value(), false), growth);
  ASSERT_FALSE(grown.ok());
  EXPECT_EQ(grown.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(grown.status().ToString().find("tolerance is 0"), std::string::npos) << grown.status().ToString();

  CatchUpOptions catch_up;
  catch_up.max_years = 0;
  auto caught = SolveCatchUp(model.value(), {}, catch_up);
  ASSERT_FALSE(caught.ok());
  EXPECT_EQ(caught.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(caught.status().ToString().find("max_years is 0"), std::string::npos) << caught.status().ToString();

  LoadOptions load;
  load.max_diagnostics = 0;
  auto loaded = LoadModel(testing::SourcePath("examples/two-sector"), load);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(loaded.status().ToString().find("max_diagnostics is 0"), std::string::npos) << loaded.status().ToString();
}

}  // namespace
}  // namespace gosplan
