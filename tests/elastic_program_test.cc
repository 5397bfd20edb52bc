// The elastic plan LP of `check` (src/check/elastic_program.h): the plan LP with a shortfall column
// s_q ≥ 0 on every quota row (output_q + s_q ≥ asked_q), solved with a warm-start session. The
// shortfalls are derived by hand on two tiny economies (the same as check_test.cc's).
#include "check/elastic_program.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "gosplan/model.h"
#include "land_model.h"
#include "steel_works_model.h"
#include "test_support.h"

namespace gosplan {
namespace {

using check::ElasticProgram;
using check::Group;
using check::GroupKind;
using lp::ClpSession;
using testing::ScratchFolder;

using gosplan::testing::LoadTables;

// Land: 100 ha in 2001, 1 t of grain or 1 t of cotton per ha; quotas grain 70 (q0), cotton 50 (q1).
Model LandModel(const ScratchFolder& scratch) {
  return LoadTables(scratch, testing::kLandToml, testing::LandTables());
}

double Shortfall(ElasticProgram& elastic, std::size_t q) {
  return elastic.session().column_values()[elastic.shortfall_column(q)];
}

// min s_g/70 + s_c/50 subject to g + s_g ≥ 70, c + s_c ≥ 50, g + c ≤ 100: together the shortfalls
// are at least 20, and a tonne short on grain costs 1/70 < 1/50, so s_g = 20, s_c = 0 (g = c = 50),
// weighted shortfall 20/70.
TEST(ElasticProgramTest, NearestPlanShortensTheCheaperQuota) {
  ScratchFolder scratch;
  const Model model = LandModel(scratch);
  auto built = ElasticProgram::Build(model);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  ElasticProgram& elastic = *built.value();
  ASSERT_EQ(elastic.quota_count(), 2u);
  EXPECT_DOUBLE_EQ(elastic.weight(0), 1.0 / 70.0);
  EXPECT_DOUBLE_EQ(elastic.weight(1), 1.0 / 50.0);

  elastic.UseShortfallObjective();
  ASSERT_EQ(elastic.session().SolveFromScratch(LpSolveOptions::Algorithm::kPrimalSimplex),
            LpStatus::kOptimal);
  EXPECT_NEAR(elastic.session().objective(), 20.0 / 70.0, 1e-9);
  EXPECT_NEAR(Shortfall(elastic, 0), 20.0, 1e-7);
  EXPECT_NEAR(Shortfall(elastic, 1), 0.0, 1e-7);
  EXPECT_NEAR(elastic.Output(0), 50.0, 1e-7);
  EXPECT_NEAR(elastic.Output(1), 50.0, 1e-7);
  // The grain quota's output as LP terms (product 0, any enterprise, plan year 1) reads the same.
  EXPECT_NEAR(elastic.Value(elastic.OutputTerms(0, -1, 1)), 50.0, 1e-7);

  // Land relaxed (its row free): both quotas fit, nothing short. Restored: back to 20/70.
  const Group* land = nullptr;
  const std::vector<Group> groups = elastic.AllGroups();
  for (const Group& group : groups) {
    if (group.kind == GroupKind::kResource) land = &group;
  }
  ASSERT_NE(land, nullptr);
  elastic.Relax(*land);
  ASSERT_EQ(elastic.session().Resolve(ClpSession::Method::kDual), LpStatus::kOptimal);
  EXPECT_NEAR(elastic.session().objective(), 0.0, 1e-9);
  EXPECT_NEAR(Shortfall(elastic, 0), 0.0, 1e-7);
  elastic.Restore(*land);
  ASSERT_EQ(elastic.session().Resolve(ClpSession::Method::kDual), LpStatus::kOptimal);
  EXPECT_NEAR(elastic.session().objective(), 20.0 / 70.0, 1e-9);
  EXPECT_NEAR(Shortfall(elastic, 0), 20.0, 1e-7);
}

// max grain output, the cotton quota free to fall short: all 100 ha sown with grain (s_c = 50).
TEST(ElasticProgramTest, OutputObjectiveLeavesOtherQuotasFree) {
  ScratchFolder scratch;
  const Model model = LandModel(scratch);
  auto built = ElasticProgram::Build(model);
  ASSERT_TRUE(built.ok());
  ElasticProgram& elastic = *built.value();
  elastic.UseOutputObjective(0);
  ASSERT_EQ(elastic.session().SolveFromScratch(LpSolveOptions::Algorithm::kPrimalSimplex),
            LpStatus::kOptimal);
  EXPECT_NEAR(elastic.session().objective(), 100.0, 1e-7);
  EXPECT_NEAR(elastic.Output(0), 100.0, 1e-7);
  EXPECT_NEAR(elastic.Output(1), 0.0, 1e-7);
  EXPECT_NEAR(Shortfall(elastic, 1), 50.0, 1e-7);

  // A clone keeps the state and solves on its own: switched to cotton, 100 t; the original stays at
  // grain.
  auto copy = elastic.Clone();
  copy->UseOutputObjective(1);
  ASSERT_EQ(copy->session().Resolve(ClpSession::Method::kPrimal), LpStatus::kOptimal);
  EXPECT_NEAR(copy->Output(1), 100.0, 1e-7);
  EXPECT_NEAR(elastic.Output(0), 100.0, 1e-7);
}

// The steel works (steel_works_model.h), quota 25 Mt in 2002: capacity there is at most 20
// (K(2001) = 10, all of 2001's 10 Mt invested, usable in 2002), so s = 5 and the weighted shortfall
// is 5/25 = 0.2.
TEST(ElasticProgramTest, SteelQuotaShortByTheCapitalItLacks) {
  ScratchFolder scratch;
  const Model model = LoadTables(scratch, testing::kSteelWorksToml,
                                 testing::SteelWorksTables("steel_2002,steel,works,2002,25"));
  auto built = ElasticProgram::Build(model);
  ASSERT_TRUE(built.ok());
  ElasticProgram& elastic = *built.value();
  ASSERT_EQ(elastic.quota_count(), 1u);
  elastic.UseShortfallObjective();
  ASSERT_EQ(elastic.session().SolveFromScratch(LpSolveOptions::Algorithm::kDualSimplex),
            LpStatus::kOptimal);
  EXPECT_NEAR(elastic.session().objective(), 0.2, 1e-9);
  EXPECT_NEAR(Shortfall(elastic, 0), 5.0, 1e-7);
  EXPECT_NEAR(elastic.Output(0), 20.0, 1e-7);
}

}  // namespace
}  // namespace gosplan
