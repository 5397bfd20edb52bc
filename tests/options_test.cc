// Every options struct of the library says whether it is valid (IsValid), and the function that
// takes it refuses invalid options with kInvalidArgument naming the struct, the field, its value
// and the rule — never a command-line flag, never kInternal. The rules are the documented ranges in
// the headers.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "gosplan/check.h"
#include "gosplan/generate.h"
#include "gosplan/growth.h"
#include "gosplan/import.h"
#include "gosplan/io_table.h"
#include "gosplan/leontief.h"
#include "gosplan/linear_program.h"
#include "gosplan/matrix_market.h"
#include "gosplan/model.h"
#include "gosplan/pdlp.h"
#include "gosplan/plan.h"
#include "gosplan/verify.h"
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
  EXPECT_TRUE(VerifyOptions{}.IsValid(&error)) << error;
  EXPECT_TRUE(GenerateOptions{}.IsValid(&error)) << error;
  EXPECT_TRUE(FiveYearPlanOptions{}.IsValid(&error)) << error;
  EXPECT_TRUE(IoTableOptions{}.IsValid(&error)) << error;
  EXPECT_TRUE(LeontiefOptions{}.IsValid(&error)) << error;
  EXPECT_TRUE(ProductivenessOptions{}.IsValid(&error)) << error;
  EXPECT_TRUE(IoAnalysisOptions{}.IsValid(&error)) << error;
  EXPECT_TRUE(NeumannAndersonOptions{}.IsValid(&error)) << error;
  EXPECT_TRUE(MatrixMarketOptions{}.IsValid(&error)) << error;
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

  IoTableOptions table;
  table.balance_tolerance = 1.5;
  EXPECT_FALSE(table.IsValid(&error));
  EXPECT_NE(error.find("balance_tolerance is 1.5"), std::string::npos) << error;

  IoAnalysisOptions analysis;
  analysis.productiveness.max_iterations = 0;
  EXPECT_FALSE(analysis.IsValid(&error));
  EXPECT_NE(error.find("productiveness.max_iterations is 0"), std::string::npos) << error;

  MatrixMarketOptions matrix_market;
  matrix_market.max_diagnostics = 0;
  EXPECT_FALSE(matrix_market.IsValid(&error));
  EXPECT_NE(error.find("max_diagnostics is 0"), std::string::npos) << error;

  FiveYearPlanOptions five_year_plan;
  five_year_plan.base_year = 12000;
  EXPECT_FALSE(five_year_plan.IsValid(&error));
  EXPECT_NE(error.find("base_year is 12000"), std::string::npos) << error;
}

// The solve functions call IsValid first: invalid options are kInvalidArgument whose message names
// the struct and the field, before any work is done.
TEST(OptionsTest, SolveFunctionsRefuseInvalidOptionsAsBadInput) {
  auto model = LoadModel(testing::SourcePath("examples/two-sector"));
  ASSERT_TRUE(model.ok()) << model.status().ToString();

  PlanOptions plan;
  plan.pdlp.threads = -1;
  auto planned = SolvePlan(model.value(), plan);
  ASSERT_FALSE(planned.ok());
  EXPECT_EQ(planned.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(planned.status().ToString().find("PlanOptions.pdlp.threads"), std::string::npos)
      << planned.status().ToString();

  LpSolveOptions lp;
  lp.iteration_limit = -1;
  LinearProgram empty;
  empty.column_starts = {0};
  auto solved = SolveWithClp(empty, lp);
  ASSERT_FALSE(solved.ok());
  EXPECT_EQ(solved.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(solved.status().ToString().find("iteration_limit is -1"), std::string::npos)
      << solved.status().ToString();

  GrowthOptions growth;
  growth.tolerance = 0;
  auto grown = SolveGrowth(GrowthMatricesFromModel(model.value(), false), growth);
  ASSERT_FALSE(grown.ok());
  EXPECT_EQ(grown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(grown.status().ToString().find("tolerance is 0"), std::string::npos)
      << grown.status().ToString();

  CatchUpOptions catch_up;
  catch_up.max_years = 0;
  auto caught = SolveCatchUp(model.value(), {}, catch_up);
  ASSERT_FALSE(caught.ok());
  EXPECT_EQ(caught.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(caught.status().ToString().find("max_years is 0"), std::string::npos)
      << caught.status().ToString();

  IoTableOptions table;
  table.balance_tolerance = -1;
  auto io_table =
      LoadIoTable(testing::SourcePath("tests/data/io/miller-blair-2009-2x2.csv"), table);
  ASSERT_FALSE(io_table.ok());
  EXPECT_EQ(io_table.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(io_table.status().ToString().find("IoTableOptions.balance_tolerance is -1"),
            std::string::npos)
      << io_table.status().ToString();

  LoadOptions load;
  load.max_diagnostics = 0;
  auto loaded = LoadModel(testing::SourcePath("examples/two-sector"), load);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(loaded.status().ToString().find("max_diagnostics is 0"), std::string::npos)
      << loaded.status().ToString();
}

}  // namespace
}  // namespace gosplan
