// PlanningSession (include/gosplan/planning_session.h): warm re-solves after edits.
//
// Two independent references:
//  - hand derivations on the land economy of land_model.h (one year, 100 ha, grain or cotton at
//    1 t/ha on one farm, final demand: grain only, target mix 1, so the plan ray λ is the grain
//    harvest);
//  - a COLD solve (SolvePlan) of a Model copy edited here field by field, without the session's
//    Apply: the warm answer must have the same verdict and the same objective to 1e-7 relative.
// And the written plan of an edited scenario must pass `gosplan verify` (VerifyPlan) against the
// written edited model.
#include "gosplan/planning_session.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "gosplan/generate.h"
#include "gosplan/model_writer.h"
#include "gosplan/verify.h"
#include "land_model.h"
#include "steel_works_model.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::ScratchFolder;

Model LoadExample(const std::string& name) {
  auto model = LoadModel(testing::SourcePath("examples/" + name));
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  return model.value();
}

std::unique_ptr<PlanningSession> StartSession(const Model& model, const PlanOptions& options = {}) {
  auto session = PlanningSession::Start(model, options);
  EXPECT_TRUE(session.ok()) << session.status().ToString();
  return std::move(session.value());
}

Plan SolveWarm(PlanningSession& session) {
  auto plan = session.Solve();
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  return plan.ok() ? plan.value() : Plan{};
}

// One scenario: `edits` applied to the session (after a Reset) must give what SolvePlan gives on
// the base model changed by `change` (the same edits written out by hand).
// `moves`: the test data are chosen so that the cold objective differs from the base plan's (so
// that a session ignoring the edit would fail).
void ExpectWarmEqualsCold(PlanningSession& session, const std::vector<PlanEdit>& edits,
                          const std::function<void(Model&)>& change,
                          const PlanOptions& options = {}, bool moves = false) {
  ASSERT_TRUE(session.Reset().ok());
  for (const PlanEdit& edit : edits) {
    const Status applied = session.Apply(edit);
    ASSERT_TRUE(applied.ok()) << applied.ToString();
  }
  const Plan warm = SolveWarm(session);
  Model edited = session.base_model();
  change(edited);
  auto cold = SolvePlan(edited, options);
  ASSERT_TRUE(cold.ok()) << cold.status().ToString();
  const std::string what = std::string(ToString(edits.front().kind)) + " " + edits.front().id;
  EXPECT_EQ(ToString(warm.status), ToString(cold.value().status)) << what;
  if (moves) {
    ASSERT_TRUE(HasPlan(cold.value().status)) << what;
    EXPECT_GT(std::abs(cold.value().objective - session.base_plan().objective),
              1e-6 * std::abs(session.base_plan().objective))
        << what << ": the edit does not move the objective, pick another";
  }
  if (HasPlan(cold.value().status)) {
    EXPECT_NEAR(warm.objective, cold.value().objective,
                1e-7 * std::max(1.0, std::abs(cold.value().objective)))
        << what;
  } else {
    EXPECT_FALSE(warm.explanation.empty()) << what;
    EXPECT_EQ(warm.explanation, cold.value().explanation) << what;
  }
}

PlanEdit Edit(PlanEditKind kind, std::string id, std::string detail, int year, double value) {
  return {kind, std::move(id), std::move(detail), year, value};
}

double& Availability(Model& model, const std::string& resource, int year) {
  return model.resource_availability[static_cast<std::size_t>(
      model.resource_index.at(resource) * model.horizon() + year - 1)];
}

FinalDemand& FinalDemandOf(Model& model, const std::string& category, const std::string& product,
                           int year) {
  for (FinalDemand& fd : model.final_demand) {
    const auto& names = model.final_demand_categories;
    if (names[static_cast<std::size_t>(fd.category)] == category &&
        fd.product == model.product_index.at(product) && fd.year == year) {
      return fd;
    }
  }
  ADD_FAILURE() << "no final demand " << category << "/" << product << "/" << year;
  return model.final_demand.front();
}

EnterpriseTechnique& RunOf(Model& model, const std::string& enterprise,
                           const std::string& technique) {
  for (EnterpriseTechnique& et : model.enterprise_techniques) {
    if (et.enterprise == model.enterprise_index.at(enterprise) &&
        et.technique == model.technique_index.at(technique)) {
      return et;
    }
  }
  ADD_FAILURE() << "no run " << enterprise << "/" << technique;
  return model.enterprise_techniques.front();
}

Quota& QuotaOf(Model& model, const std::string& id) {
  for (Quota& quota : model.quotas) {
    if (quota.id == id) return quota;
  }
  ADD_FAILURE() << "no quota " << id;
  return model.quotas.front();
}

// A construction site written by hand: a new enterprise (kind construction_site, lag 1, no stock)
// running `technique` up to `max_activity`, or a new run of an existing enterprise.
void AddSite(Model& model, const std::string& enterprise, const std::string& technique,
             double max_activity) {
  Index e = 0;
  if (auto it = model.enterprise_index.find(enterprise); it != model.enterprise_index.end()) {
    e = it->second;
  } else {
    model.enterprises.push_back({enterprise, enterprise, EnterpriseKind::kConstructionSite, "", 1});
    e = static_cast<Index>(model.enterprises.size() - 1);
    model.enterprise_index[enterprise] = e;
  }
  model.enterprise_techniques.push_back(
      {e, model.technique_index.at(technique), 0.0, max_activity});
}

// ---- Hand-derived: the land economy ----
// Base: all 100 ha to grain (cotton has no final demand and quotas are not law), λ = 100.
//  - land 80 ha → λ = 80;
//  - grain floor 120 t → infeasible (120 t of grain need 120 ha of the 100);
//  - then land 130 ha (a new scenario, floor back at 0) → λ = 130: the session recovers;
//  - the farm's grain capacity 60 → λ = 60;
//  - and a construction site "farm2" growing grain up to 25 → λ = 60 + 25 = 85 (85 ha ≤ 100).
TEST(PlanningSession, LandEconomyByHand) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(scratch, testing::kLandToml, testing::LandTables());
  auto session = StartSession(model);
  ASSERT_EQ(session->base_plan().status, PlanStatus::kOptimal);
  EXPECT_NEAR(session->base_plan().objective, 100.0, 1e-9);

  ASSERT_TRUE(session->Apply(Edit(PlanEditKind::kResourceAvailability, "land", "", 1, 80)).ok());
  Plan plan = SolveWarm(*session);
  EXPECT_EQ(plan.status, PlanStatus::kOptimal);
  EXPECT_NEAR(plan.objective, 80.0, 1e-9);

  ASSERT_TRUE(session->Reset().ok());
  ASSERT_TRUE(
      session->Apply(Edit(PlanEditKind::kFinalDemandFloor, "grain", "consumption", 1, 120)).ok());
  plan = SolveWarm(*session);
  EXPECT_EQ(plan.status, PlanStatus::kInfeasible);
  EXPECT_NE(plan.explanation.find("No plan can meet"), std::string::npos) << plan.explanation;

  ASSERT_TRUE(session->Reset().ok());
  ASSERT_TRUE(session->Apply(Edit(PlanEditKind::kResourceAvailability, "land", "", 1, 130)).ok());
  plan = SolveWarm(*session);
  EXPECT_EQ(plan.status, PlanStatus::kOptimal);
  EXPECT_NEAR(plan.objective, 130.0, 1e-9);

  ASSERT_TRUE(session->Reset().ok());
  ASSERT_TRUE(
      session->Apply(Edit(PlanEditKind::kEnterpriseCapacity, "farm", "sow_grain", 0, 60)).ok());
  plan = SolveWarm(*session);
  EXPECT_NEAR(plan.objective, 60.0, 1e-9);
  ASSERT_TRUE(
      session->Apply(Edit(PlanEditKind::kConstructionSite, "farm2", "sow_grain", 0, 25)).ok());
  plan = SolveWarm(*session);
  EXPECT_EQ(plan.status, PlanStatus::kOptimal);
  EXPECT_NEAR(plan.objective, 85.0, 1e-9);
  EXPECT_EQ(session->model().enterprises.back().id, "farm2");

  // Back to the base: λ = 100 again, from the basis mapped back to the base LP.
  ASSERT_TRUE(session->Reset().ok());
  plan = SolveWarm(*session);
  EXPECT_NEAR(plan.objective, 100.0, 1e-9);
}

// With quotas as law (grain ≥ 70, cotton ≥ 50 on 100 ha) no plan exists; with the cotton quota
// cut to 30, grain can have 100 − 30 = 70 ha: λ = 70.
TEST(PlanningSession, LandQuotasByHand) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(scratch, testing::kLandToml, testing::LandTables());
  PlanOptions options;
  options.quotas_as_constraints = 1;
  auto session = StartSession(model, options);
  EXPECT_EQ(session->base_plan().status, PlanStatus::kInfeasible);
  ASSERT_TRUE(session->Apply(Edit(PlanEditKind::kQuota, "cotton", "", 0, 30)).ok());
  const Plan plan = SolveWarm(*session);
  EXPECT_EQ(plan.status, PlanStatus::kOptimal);
  EXPECT_NEAR(plan.objective, 70.0, 1e-9);
}

TEST(PlanningSession, RefusesBadEdits) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(scratch, testing::kLandToml, testing::LandTables());
  auto session = StartSession(model);
  EXPECT_EQ(session->Apply(Edit(PlanEditKind::kResourceAvailability, "water", "", 1, 5)).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(session->Apply(Edit(PlanEditKind::kResourceAvailability, "land", "", 2, 5)).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(session->Apply(Edit(PlanEditKind::kResourceAvailability, "land", "", 1, -1)).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(session->Apply(Edit(PlanEditKind::kConstructionSite, "farm", "sow_grain", 0, 5)).code(),
            StatusCode::kInvalidArgument);
  // A session with PDLP keeps a warm point (tests/planning_session_pdlp_test.cc); the maxmin
  // objective, a sequence of LPs, is refused.
  PlanOptions maxmin;
  maxmin.use_model_objective = false;
  maxmin.objective = ObjectiveKind::kMaxmin;
  EXPECT_EQ(PlanningSession::Start(model, maxmin).status().code(), StatusCode::kInvalidArgument);
  // Nothing changed: the base plan again.
  EXPECT_NEAR(SolveWarm(*session).objective, 100.0, 1e-9);
}

// ---- Warm equals cold, every edit kind ----

TEST(PlanningSession, TwoSectorWarmEqualsCold) {
  const Model model = LoadExample("two-sector");
  auto session = StartSession(model);
  ASSERT_EQ(session->base_plan().status, PlanStatus::kOptimal);
  auto cold_base = SolvePlan(model);
  ASSERT_TRUE(cold_base.ok());
  EXPECT_NEAR(session->base_plan().objective, cold_base.value().objective,
              1e-7 * std::abs(cold_base.value().objective));
  using K = PlanEditKind;
  ExpectWarmEqualsCold(*session, {Edit(K::kResourceAvailability, "labour", "", 2, 40)},
                       [](Model& m) { Availability(m, "labour", 2) = 40; });
  ExpectWarmEqualsCold(*session, {Edit(K::kResourceAvailability, "labour", "", 1, 12)},
                       [](Model& m) { Availability(m, "labour", 1) = 12; });
  // Infeasible (too little labour for the floors), then recovered.
  ExpectWarmEqualsCold(*session, {Edit(K::kResourceAvailability, "labour", "", 2, 5)},
                       [](Model& m) { Availability(m, "labour", 2) = 5; });
  ExpectWarmEqualsCold(*session, {Edit(K::kFinalDemandFloor, "grain", "consumption", 3, 60)},
                       [](Model& m) { FinalDemandOf(m, "consumption", "grain", 3).floor = 60; });
  ExpectWarmEqualsCold(
      *session, {Edit(K::kFinalDemandFloor, "steel", "defence", 1, 0.6)},
      [](Model& m) { FinalDemandOf(m, "defence", "steel", 1).floor = 0.6; }, {}, true);
  ExpectWarmEqualsCold(
      *session, {Edit(K::kEnterpriseCapacity, "putilov", "steel_open_hearth", 0, 3)},
      [](Model& m) { RunOf(m, "putilov", "steel_open_hearth").max_activity = 3; }, {}, true);
  ExpectWarmEqualsCold(
      *session, {Edit(K::kConstructionSite, "chelyabinsk", "steel_open_hearth", 0, 10)},
      [](Model& m) { AddSite(m, "chelyabinsk", "steel_open_hearth", 10); }, {}, true);
  ExpectWarmEqualsCold(*session,
                       {Edit(K::kConstructionSite, "chelyabinsk", "tractor_assembly", 0, 10)},
                       [](Model& m) { AddSite(m, "chelyabinsk", "tractor_assembly", 10); });
  ExpectWarmEqualsCold(*session,
                       {Edit(K::kConstructionSite, "red_dawn", "tractor_assembly", 0, kUnbounded),
                        Edit(K::kResourceAvailability, "labour", "", 3, 34)},
                       [](Model& m) {
                         AddSite(m, "red_dawn", "tractor_assembly", kUnbounded);
                         Availability(m, "labour", 3) = 34;
                       });
  // After the rebuilt LPs, a bound edit on the base LP again.
  ExpectWarmEqualsCold(*session, {Edit(K::kResourceAvailability, "labour", "", 3, 35)},
                       [](Model& m) { Availability(m, "labour", 3) = 35; });

  // Quotas as law: the steel quota of 1931 raised and lowered.
  PlanOptions law;
  law.quotas_as_constraints = 1;
  auto with_quotas = StartSession(model, law);
  for (double quantity : {9.0, 30.0, 2.0}) {
    ExpectWarmEqualsCold(
        *with_quotas, {Edit(K::kQuota, "steel_1931", "", 0, quantity)},
        [quantity](Model& m) { QuotaOf(m, "steel_1931").quantity = quantity; }, law);
  }
}

TEST(PlanningSession, Ussr1928WarmEqualsCold) {
  const Model model = LoadExample("ussr-1928");
  auto session = StartSession(model);
  ASSERT_EQ(session->base_plan().status, PlanStatus::kOptimal);
  using K = PlanEditKind;
  Model copy = model;
  const double labour = Availability(copy, "labour", 3);
  ExpectWarmEqualsCold(
      *session, {Edit(K::kResourceAvailability, "labour", "", 3, 0.9 * labour)},
      [&](Model& m) { Availability(m, "labour", 3) = 0.9 * labour; }, {}, true);
  const double grain = FinalDemandOf(copy, "consumption", "grain", 2).floor;
  ExpectWarmEqualsCold(
      *session, {Edit(K::kFinalDemandFloor, "grain", "consumption", 2, 1.2 * grain)},
      [&](Model& m) { FinalDemandOf(m, "consumption", "grain", 2).floor = 1.2 * grain; }, {}, true);
  ExpectWarmEqualsCold(*session,
                       {Edit(K::kEnterpriseCapacity, "mosenergo", "elec_thermal", 0, 1.5)},
                       [](Model& m) { RunOf(m, "mosenergo", "elec_thermal").max_activity = 1.5; });
  ExpectWarmEqualsCold(*session, {Edit(K::kConstructionSite, "kuznetsk_2", "open_hearth", 0, 2)},
                       [](Model& m) { AddSite(m, "kuznetsk_2", "open_hearth", 2); });
  PlanOptions law;
  law.quotas_as_constraints = 1;
  auto with_quotas = StartSession(model, law);
  ExpectWarmEqualsCold(
      *with_quotas, {Edit(K::kQuota, "fyp1_coal", "", 0, 40)},
      [](Model& m) { QuotaOf(m, "fyp1_coal").quantity = 40; }, law);
}

// Steel works (steel_works_model.h): a new works must first build its stock of steel (lag 1, no
// initial stock), so the construction site adds stock accounts and rows, not just columns.
TEST(PlanningSession, SteelWorksConstructionSiteWarmEqualsCold) {
  ScratchFolder scratch;
  const Model model = testing::LoadTables(scratch, testing::kSteelWorksToml,
                                          testing::SteelWorksTables("q,steel,,2003,30"));
  auto session = StartSession(model);
  ASSERT_EQ(session->base_plan().status, PlanStatus::kOptimal);
  using K = PlanEditKind;
  ExpectWarmEqualsCold(*session, {Edit(K::kEnterpriseCapacity, "works", "smelt", 0, 12)},
                       [](Model& m) { RunOf(m, "works", "smelt").max_activity = 12; });
  ExpectWarmEqualsCold(*session,
                       {Edit(K::kEnterpriseCapacity, "works", "smelt", 0, 12),
                        Edit(K::kConstructionSite, "works2", "smelt", 0, kUnbounded)},
                       [](Model& m) {
                         RunOf(m, "works", "smelt").max_activity = 12;
                         AddSite(m, "works2", "smelt", kUnbounded);
                       });
}

// A generated 200-product economy (the benchmark's kind, smaller): every edit kind warm against
// cold, in one session. The construction site's warm vertex once missed the 1e-6 check (activities
// of 1e-8 left by the primal simplex) where the cold solve is exact: the session then decides by a
// solve from scratch, and the verdict must be the cold one.
TEST(PlanningSession, GeneratedEconomyWarmEqualsCold) {
  GenerateOptions generate;
  generate.products = 200;
  generate.inputs_per_product = 8;
  generate.years = 5;
  generate.seed = 1;
  auto generated = GenerateEconomy(generate);
  ASSERT_TRUE(generated.ok()) << generated.status().ToString();
  const Model& model = generated.value();
  auto session = StartSession(model);
  ASSERT_EQ(session->base_plan().status, PlanStatus::kOptimal);
  using K = PlanEditKind;
  Model copy = model;
  const double labour = 1.05 * Availability(copy, "labour", 1);
  ExpectWarmEqualsCold(
      *session, {Edit(K::kResourceAvailability, "labour", "", 1, labour)},
      [&](Model& m) { Availability(m, "labour", 1) = labour; }, {}, true);
  ExpectWarmEqualsCold(
      *session, {Edit(K::kFinalDemandFloor, "p0", "consumption", 3, 20)},
      [](Model& m) { FinalDemandOf(m, "consumption", "p0", 3).floor = 20; }, {}, true);
  ExpectWarmEqualsCold(
      *session, {Edit(K::kEnterpriseCapacity, "e0", "make_p0", 0, 100)},
      [](Model& m) { RunOf(m, "e0", "make_p0").max_activity = 100; }, {}, true);
  ExpectWarmEqualsCold(*session, {Edit(K::kConstructionSite, "new_site", "make_p5", 0, kUnbounded)},
                       [](Model& m) { AddSite(m, "new_site", "make_p5", kUnbounded); });
}

// The plan of an edited scenario, written with the edited model next to it, passes `gosplan
// verify`; the same plan against the base model does not have to (it is another model).
TEST(PlanningSession, EditedPlanVerifiesAgainstEditedModel) {
  const Model model = LoadExample("two-sector");
  auto session = StartSession(model);
  ASSERT_TRUE(
      session
          ->Apply(Edit(PlanEditKind::kConstructionSite, "chelyabinsk", "tractor_assembly", 0, 10))
          .ok());
  ASSERT_TRUE(session->Apply(Edit(PlanEditKind::kResourceAvailability, "labour", "", 2, 40)).ok());
  const Plan plan = SolveWarm(*session);
  ASSERT_EQ(plan.status, PlanStatus::kOptimal);
  ScratchFolder scratch;
  Model edited = session->model();
  edited.folder = scratch.path() + "/model";
  ASSERT_TRUE(WriteModelFolder(edited, edited.folder, false).ok());
  ASSERT_TRUE(WritePlanFolder(edited, plan, scratch.path() + "/plan", false).ok());
  auto report = VerifyPlan(edited.folder, scratch.path() + "/plan");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report.value().ok()) << report.value().violation_count << " violations";
}

// ---- What-if files ----

TEST(WhatIfFile, ReadsScenariosAndLocatesMistakes) {
  const Model model = LoadExample("two-sector");
  ScratchFolder scratch;
  const std::string good =
      scratch.Write("good.csv",
                    "edit,kind,id,detail,year,value,note\n"
                    "a,resource_availability,labour,,1930,40,\n"
                    "b,enterprise_capacity,putilov,steel_open_hearth,,,unbounded\n"
                    "a,final_demand_floor,grain,consumption,1931,60,\n");
  auto scenarios = ReadWhatIfFile(model, good);
  ASSERT_TRUE(scenarios.ok()) << scenarios.status().ToString();
  ASSERT_EQ(scenarios.value().size(), 2u);
  EXPECT_EQ(scenarios.value()[0].name, "a");
  EXPECT_EQ(scenarios.value()[0].edits.size(), 2u);
  EXPECT_EQ(scenarios.value()[0].edits[0].year, 2);  // 1930 − base year 1928
  EXPECT_TRUE(std::isinf(scenarios.value()[1].edits[0].value));

  const std::string bad = scratch.Write("bad.csv",
                                        "edit,kind,id,detail,year,value\n"
                                        "a,resource_availability,labour,,1935,40\n");
  auto refused = ReadWhatIfFile(model, bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().ToString().find(bad + ":2:5"), std::string::npos)
      << refused.status().ToString();
}

}  // namespace
}  // namespace gosplan
