// The groups of checks of `verify` on their own (src/verify/verify_internal.h): each fed a tiny
// model and a hand-made primal point with one known violation. Expected counts and sentences are
// derived in the comments from the checks' definitions in include/gosplan/verify.h.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "gosplan/model.h"
#include "land_model.h"
#include "steel_works_model.h"
#include "test_support.h"
#include "verify/verify_internal.h"

namespace gosplan::verify {
namespace {

using gosplan::testing::ScratchFolder;

using gosplan::testing::LoadTables;

// The steel works (steel_works_model.h): one account (Yugostal, steel), plan years 2001–2003.
Model SteelWorks(const ScratchFolder& scratch) {
  return LoadTables(scratch, gosplan::testing::kSteelWorksToml,
                    gosplan::testing::SteelWorksTables("steel_2002,steel,works,2002,5"));
}

// Uses 5, 25, 0 against usable stocks 10, 20, 40: only 2002 fails, by 25 − 20 = 5, relative to the
// row's largest term 25: 0.2. Checks: 3 capital rows, 1 terminal row when the model asks for it,
// and summary.json's terminal_capital (set equal to the model's).
TEST(VerifyGroupsTest, CapitalRowOverUsedInOneYear) {
  ScratchFolder scratch;
  const Model model = SteelWorks(scratch);
  const Structure structure = DeriveStructure(model);
  ASSERT_EQ(structure.accounts.size(), 1u);
  Summary summary;
  const bool keeps = model.settings.terminal == TerminalCondition::kKeepCapital;
  summary.terminal_capital = keeps;
  const PlanDocuments documents;
  PlanUnderCheck plan(model, structure, summary, documents);
  plan.x.used = {5.0, 25.0, 0.0};
  plan.x.stock = {10.0, 20.0, 40.0};
  VerifyReport report;
  VerifyOptions options;
  Checker check(options, report);
  CheckCapital(plan, check);
  EXPECT_EQ(report.checks, 3 + (keeps ? 1 : 0) + 1);
  ASSERT_EQ(report.violation_count, 1);
  ASSERT_EQ(report.violations.size(), 1u);
  EXPECT_EQ(report.violations[0].constraint, "capital");
  EXPECT_EQ(report.violations[0].message,
            "capital: Yugostal (product steel) 2002: uses 25 > usable stock 20 (by 5)");
  EXPECT_DOUBLE_EQ(report.violations[0].amount, 5.0);
  EXPECT_DOUBLE_EQ(report.violations[0].relative, 0.2);
  EXPECT_DOUBLE_EQ(report.max_violation, 0.2);  // 5 / max(1, 25)
}

// Steel is not storable (no column in products.csv), so nothing is carried in or out. Production
// 10, 20, 40; accumulation 10, 20, 0; final use 0, 5, 40. In 2002 the uses 20 + 5 = 25 exceed
// production 20 by 5; the other years balance. balances.csv says the same (surplus −5 in 2002), so
// only the balance row fails. Checks per year: negative stock, stock of a non-storable product,
// stock_in, the balance, and 4 columns of balances.csv: 8, so 24.
TEST(VerifyGroupsTest, BalanceShortInOneYear) {
  ScratchFolder scratch;
  const Model model = SteelWorks(scratch);
  const Structure structure = DeriveStructure(model);
  ASSERT_EQ(structure.categories, 1);
  const Summary summary;
  PlanDocuments documents;
  const double production[] = {10.0, 20.0, 40.0}, accumulation[] = {10.0, 20.0, 0.0},
               final_use[] = {0.0, 5.0, 40.0};
  for (int t = 0; t < 3; ++t) {
    BalanceRow row;
    row.present = true;
    row.line = t + 2;
    row.production = production[t];
    row.accumulation = accumulation[t];
    row.final_use = {final_use[t]};
    row.surplus = production[t] - accumulation[t] - final_use[t];
    documents.balances.push_back(row);
  }
  PlanUnderCheck plan(model, structure, summary, documents);
  plan.x.production.assign(production, production + 3);
  plan.x.intermediate.assign(3, 0.0);
  plan.x.accumulated.assign(accumulation, accumulation + 3);
  plan.x.final_use.assign(final_use, final_use + 3);
  plan.x.carry.assign(3, 0.0);
  VerifyReport report;
  VerifyOptions options;
  Checker check(options, report);
  CheckBalances(plan, check);
  EXPECT_EQ(report.checks, 24);
  ASSERT_EQ(report.violation_count, 1);
  EXPECT_EQ(report.violations[0].constraint, "balance");
  EXPECT_EQ(report.violations[0].message,
            "balance: Steel (steel) 2002: uses 25 (intermediate 0, accumulation 20, final 5, "
            "carried out 0) exceed production 20 + stock carried in 0 (by 5)");
  EXPECT_DOUBLE_EQ(report.violations[0].amount, 5.0);
  EXPECT_DOUBLE_EQ(report.violations[0].relative, 0.25);  // 5 / largest term 20
}

// The land economy (land_model.h): 100 ha in 2001. Using 120 ha exceeds it by 20, relative to 120.
TEST(VerifyGroupsTest, ResourceOverUsed) {
  ScratchFolder scratch;
  const Model model =
      LoadTables(scratch, gosplan::testing::kLandToml, gosplan::testing::LandTables());
  const Structure structure = DeriveStructure(model);
  const Summary summary;
  const PlanDocuments documents;
  PlanUnderCheck plan(model, structure, summary, documents);
  plan.x.resource_use = {120.0};
  VerifyReport report;
  VerifyOptions options;
  Checker check(options, report);
  CheckResources(plan, check);
  EXPECT_EQ(report.checks, 1);
  ASSERT_EQ(report.violation_count, 1);
  EXPECT_EQ(report.violations[0].message,
            "resource: Land 2001: uses 120 > available 100 ha (by 20)");
  EXPECT_DOUBLE_EQ(report.violations[0].relative, 20.0 / 120.0);
}

// The land economy has final demand for grain only. Grain's final use 5 meets its floor 0 and is
// not negative (2 checks); cotton's 3 has no final demand to go to (1 check, failed).
TEST(VerifyGroupsTest, FinalUseWithoutFinalDemand) {
  ScratchFolder scratch;
  const Model model =
      LoadTables(scratch, gosplan::testing::kLandToml, gosplan::testing::LandTables());
  const Structure structure = DeriveStructure(model);
  const Summary summary;
  const PlanDocuments documents;
  PlanUnderCheck plan(model, structure, summary, documents);
  plan.x.final_use.assign(structure.floor.size(), 0.0);
  plan.x.final_use[structure.FinalSlot(0, 0, 1)] = 5.0;  // consumption of grain
  plan.x.final_use[structure.FinalSlot(0, 1, 1)] = 3.0;  // consumption of cotton
  VerifyReport report;
  VerifyOptions options;
  Checker check(options, report);
  CheckFloors(plan, check);
  EXPECT_EQ(report.checks, 3);
  ASSERT_EQ(report.violation_count, 1);
  EXPECT_EQ(report.violations[0].message,
            "final use: consumption of Cotton in 2001 is 3, but the model has no final demand of "
            "consumption for it");
}

// Plan ray over 2001–2003 with weights 1 and λ = 1, 2, 3: the objective is 6. summary.json saying 7
// is off by 1, relative to max(6, 7) = 7.
TEST(VerifyGroupsTest, ObjectiveDiffersFromTheSummary) {
  ScratchFolder scratch;
  const Model model = SteelWorks(scratch);
  const Structure structure = DeriveStructure(model);
  Summary summary;
  summary.objective = ObjectiveKind::kPlanRay;
  summary.objective_value = 7.0;
  const PlanDocuments documents;
  PlanUnderCheck plan(model, structure, summary, documents);
  plan.x.fulfilment = {1.0, 2.0, 3.0};
  VerifyReport report;
  VerifyOptions options;
  Checker check(options, report);
  EXPECT_DOUBLE_EQ(CheckObjective(plan, check), 6.0);
  EXPECT_DOUBLE_EQ(report.primal_objective, 6.0);
  ASSERT_EQ(report.violation_count, 1);
  EXPECT_EQ(report.violations[0].message,
            "objective: summary.json says plan_ray = 7 but the plan gives 6 (by 1)");
  EXPECT_DOUBLE_EQ(report.violations[0].relative, 1.0 / 7.0);
}

// The land economy (land_model.h) under min resources, checked against prices that publish only a
// grain balance price of 3 (every other price absent, read as 0). Grain growing then earns
// d = out·3 − weight·use = 1·3 − 1·1 = 2 per ha above its costs with no activity ceiling: dual
// infeasible by 2. Cotton growing earns −1 and grain's final use −3: each at its lower bound 0.
// The bound D is 0, the plan's objective (0 given here) too: no gap. Checks: price signs 2 products
// × (balance sign, absent target-mix row) + land + 2 quotas that are not constraints = 7; columns:
// 2 activities + 1 final use = 3; the gap: 1. In all 11, one failed.
TEST(VerifyGroupsTest, ProfitableActivityWithoutCeilingIsDualInfeasible) {
  ScratchFolder scratch;
  const Model model =
      LoadTables(scratch, gosplan::testing::kLandToml, gosplan::testing::LandTables());
  const Structure structure = DeriveStructure(model);
  Summary summary;
  summary.objective = ObjectiveKind::kMinResources;
  PlanDocuments documents;
  documents.has_prices = true;
  documents.product_price = {3.0, kAbsent};  // grain, cotton in 2001
  const PlanUnderCheck plan(model, structure, summary, documents);
  VerifyReport report;
  VerifyOptions options;
  Checker check(options, report);
  CheckDuality(plan, /*primal=*/0.0, check);
  EXPECT_TRUE(report.duality_checked);
  EXPECT_EQ(report.checks, 11);
  ASSERT_EQ(report.violation_count, 1);
  EXPECT_EQ(report.violations[0].constraint, "reduced cost");
  EXPECT_EQ(
      report.violations[0].message,
      "reduced cost: the activity of Farm by Grain growing in 2001 earns 2 per unit above its "
      "costs at the published prices but is unbounded above (dual infeasible, by 2)");
  EXPECT_DOUBLE_EQ(report.duality_gap, 0.0);
}

}  // namespace
}  // namespace gosplan::verify
