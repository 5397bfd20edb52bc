// The CLP backend and the MPS reader/writer against published optima (tests/data/SOURCES.md:
// Netlib readme values and the textbooks' answers).
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <string>

#include "gosplan/linear_program.h"
#include "gosplan/pdlp.h"
#include "test_support.h"

namespace gosplan {
namespace {

struct Published {
  const char* file;
  double objective;  // as the MPS file states it (all minimise)
};

class PublishedOptimumTest : public ::testing::TestWithParam<Published> {};

// Every simplex route of `gosplan plan --algorithm` (dual, primal, idiot crash + primal) reaches
// it.
TEST_P(PublishedOptimumTest, ClpReachesThePublishedObjective) {
  const Published& published = GetParam();
  auto lp = ReadMps(testing::DataPath(published.file));
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  for (const auto algorithm :
       {LpSolveOptions::Algorithm::kDualSimplex, LpSolveOptions::Algorithm::kPrimalSimplex,
        LpSolveOptions::Algorithm::kIdiotPrimal}) {
    LpSolveOptions options;
    options.algorithm = algorithm;
    auto solution = SolveWithClp(lp.value(), options);
    ASSERT_TRUE(solution.ok());
    EXPECT_EQ(solution.value().status, LpStatus::kOptimal) << solution.value().solver;
    EXPECT_NEAR(solution.value().objective, published.objective,
                1e-8 * (1 + std::abs(published.objective)))
        << solution.value().solver;
    EXPECT_LT(solution.value().max_primal_violation, 1e-7) << solution.value().solver;
  }
}

INSTANTIATE_TEST_SUITE_P(
    TextbookAndNetlib, PublishedOptimumTest,
    ::testing::Values(Published{"lp/textbook/giapetto_winston.mps", -180},
                      Published{"lp/textbook/wyndor_hillier.mps", -36},
                      Published{"lp/textbook/dakota_winston.mps", -280},
                      Published{"lp/textbook/trnsport_dantzig_gams.mps", 153.675},
                      Published{"lp/textbook/kantorovich1939_example1.mps", -260.0 / 3.0},
                      Published{"lp/netlib/afiro.mps", -4.6475314286E+02},
                      Published{"lp/netlib/adlittle.mps", 2.2549496316E+05},
                      Published{"lp/netlib/sc50a.mps", -6.4575077059E+01},
                      Published{"lp/netlib/sc50b.mps", -7.0E+01},
                      Published{"lp/netlib/sc105.mps", -5.2202061212E+01},
                      Published{"lp/netlib/blend.mps", -3.0812149846E+01},
                      Published{"lp/netlib/kb2.mps", -1.7499001299E+03},
                      Published{"lp/netlib/share2b.mps", -4.1573224074E+02}),
    [](const ::testing::TestParamInfo<Published>& info) {
      std::string name = info.param.file;
      name = name.substr(name.rfind('/') + 1);
      name = name.substr(0, name.find('.'));
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

// Dakota's published shadow prices (Winston): finishing 10, carpentry 10, lumber 0 per unit, for
// the maximisation. The MPS minimises −revenue, so the duals of the minimisation are −10, −10, 0.
TEST(ClpDualsTest, DakotaShadowPricesFollowTheStatedObjective) {
  auto lp = ReadMps(testing::DataPath("lp/textbook/dakota_winston.mps"));
  ASSERT_TRUE(lp.ok());
  auto solution = SolveWithClp(lp.value());
  ASSERT_TRUE(solution.ok());
  const auto& names = lp.value().row_names;
  for (std::size_t k = 0; k < names.size(); ++k) {
    const double dual = solution.value().row_duals[k];
    if (names[k] == "LUMBER") EXPECT_NEAR(dual, 0.0, 1e-9);
    if (names[k] == "FINISH") EXPECT_NEAR(dual, -10.0, 1e-9);
    if (names[k] == "CARPENT") EXPECT_NEAR(dual, -10.0, 1e-9);
  }
  // The same LP stated as a maximisation of revenue has duals +10, +10, 0.
  LinearProgram maximise = lp.value();
  maximise.maximize = true;
  for (double& c : maximise.objective) c = -c;
  auto max_solution = SolveWithClp(maximise);
  ASSERT_TRUE(max_solution.ok());
  EXPECT_NEAR(max_solution.value().objective, 280.0, 1e-9);
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (names[k] == "FINISH") EXPECT_NEAR(max_solution.value().row_duals[k], 10.0, 1e-9);
  }
}

// Writing an LP as MPS and reading it back gives the same optimum (the writer keeps the sense).
TEST(MpsTest, WriteThenReadKeepsTheOptimum) {
  auto lp = ReadMps(testing::DataPath("lp/netlib/afiro.mps"));
  ASSERT_TRUE(lp.ok());
  testing::ScratchFolder scratch;
  const std::string path = scratch.path() + "/afiro.mps";
  ASSERT_TRUE(WriteMps(lp.value(), path).ok());
  auto again = ReadMps(path);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again.value().num_rows, lp.value().num_rows);
  EXPECT_EQ(again.value().num_columns, lp.value().num_columns);
  EXPECT_EQ(again.value().num_nonzeros(), lp.value().num_nonzeros());
  auto solution = SolveWithClp(again.value());
  ASSERT_TRUE(solution.ok());
  EXPECT_NEAR(solution.value().objective, -4.6475314286E+02, 1e-6);
}

TEST(MpsTest, MissingOrGarbageFileIsBadInputWithExitTwo) {
  EXPECT_EQ(ReadMps("/nonexistent/x.mps").status().code(), StatusCode::kInvalidInput);
  testing::ScratchFolder scratch;
  const std::string garbage = scratch.Write("garbage.mps", "this is not\nan MPS file\n");
  const auto result = testing::RunCli("lp '" + garbage + "'");
  EXPECT_EQ(result.exit_code, 2) << result.output << result.errors;
  EXPECT_NE(result.errors.find("garbage.mps"), std::string::npos);
}

// A CLP solve stopped by its iteration limit says which limit stopped it. No clock is involved: the
// full solve of afiro (without presolve, from the slack basis) is run first and takes N > 1
// iterations; CLP is deterministic, so the run limited to 1 iteration follows the same path and
// stops before the optimum. The relative measures were not computed by CLP: they read as absent
// (NaN), not as a perfect 0, until ComputeRelativeMeasures fills them.
TEST(ClpLimitTest, IterationLimitIsToldApartFromTheTimeLimit) {
  auto lp = ReadMps(testing::DataPath("lp/netlib/afiro.mps"));
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  LpSolveOptions options;
  options.presolve = false;
  auto full = SolveWithClp(lp.value(), options);
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  ASSERT_EQ(full.value().status, LpStatus::kOptimal);
  ASSERT_GT(full.value().iterations, 1);
  EXPECT_FALSE(full.value().relative_measures_computed());
  EXPECT_TRUE(std::isnan(full.value().relative_primal_residual));
  ComputeRelativeMeasures(lp.value(), &full.value());
  EXPECT_TRUE(full.value().relative_measures_computed());

  options.iteration_limit = 1;
  auto limited = SolveWithClp(lp.value(), options);
  ASSERT_TRUE(limited.ok()) << limited.status().ToString();
  EXPECT_EQ(limited.value().status, LpStatus::kIterationLimit);
  EXPECT_STREQ(ToString(limited.value().status), "iteration_limit");
  EXPECT_TRUE(StoppedEarly(limited.value().status));
}

// Every status has its own string (a limit is never told as another limit).
TEST(LpStatusTest, EveryStatusHasItsOwnString) {
  EXPECT_STREQ(ToString(LpStatus::kOptimal), "optimal");
  EXPECT_STREQ(ToString(LpStatus::kInfeasible), "infeasible");
  EXPECT_STREQ(ToString(LpStatus::kUnbounded), "unbounded");
  EXPECT_STREQ(ToString(LpStatus::kTimeLimit), "time_limit");
  EXPECT_STREQ(ToString(LpStatus::kIterationLimit), "iteration_limit");
  EXPECT_STREQ(ToString(LpStatus::kInterrupted), "interrupted");
  EXPECT_STREQ(ToString(LpStatus::kError), "error");
  EXPECT_FALSE(StoppedEarly(LpStatus::kOptimal));
  EXPECT_FALSE(StoppedEarly(LpStatus::kError));
}

TEST(LpCommandTest, JsonReportsStatusObjectiveAndIterations) {
  const auto result =
      testing::RunCli("lp '" + testing::DataPath("lp/netlib/afiro.mps") + "' --format json");
  ASSERT_EQ(result.exit_code, 0) << result.errors;
  EXPECT_NE(result.output.find("\"status\": \"optimal\""), std::string::npos);
  EXPECT_NE(result.output.find("\"iterations\""), std::string::npos);
}

}  // namespace
}  // namespace gosplan
