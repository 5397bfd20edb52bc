// Max–min fulfilment across groups of final demand (`--objective maxmin`) and group floors under
// any objective (`--group-floor GROUP=V`; docs/planning-model.md, "Max–min fulfilment across
// groups"): small economies whose answers are derived by hand in the comments, the plan ray's
// answer beside them, and `gosplan verify` on the plan folders (and on ones changed by hand).
#include <gtest/gtest.h>

#include <initializer_list>
#include <map>
#include <string>
#include <tuple>
#include <vector>

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

// One year (2001), one resource `labour` of `labour` units, one factory; each technique makes one
// unit of its product from the labour given, and each group (final-demand category) wants one unit
// of its own product (target 1, floor 0). `land`, when > 0, is a second resource only making c
// uses (1 per unit).
std::map<std::string, std::string> Economy(const std::string& labour_per_unit,
                                           const std::string& final_demand, double labour,
                                           double land) {
  std::string products = "id,name,unit,group,priority_weight\n";
  std::string techniques = "id,name\n", outputs = "technique,product,coefficient\n";
  std::string resources = "technique,resource,coefficient\n", runs = "enterprise,technique\n";
  // labour_per_unit: "a:1,b:4" — product and labour per unit.
  std::size_t at = 0;
  while (at < labour_per_unit.size()) {
    const std::size_t comma = labour_per_unit.find(',', at);
    const std::string item =
        labour_per_unit.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    const std::string id = item.substr(0, item.find(':'));
    const std::string per = item.substr(item.find(':') + 1);
    products += id + "," + id + ",t,B," + (id == "a" ? "1" : "0") + "\n";
    techniques += "make_" + id + ",Making " + id + "\n";
    outputs += "make_" + id + "," + id + ",1\n";
    resources += "make_" + id + ",labour," + per + "\n";
    if (id == "c" && land > 0) resources += "make_c,land,1\n";
    runs += "works,make_" + id + "\n";
    at = comma == std::string::npos ? labour_per_unit.size() : comma + 1;
  }
  std::string availability = "resource,year,quantity\nlabour,2001," + std::to_string(labour) + "\n";
  std::string resource_list = "id,name,unit,weight\nlabour,Labour,h,1\n";
  if (land > 0) {
    availability += "land,2001," + std::to_string(land) + "\n";
    resource_list += "land,Land,ha,0\n";
  }
  return {{"products.csv", products},
          {"resources.csv", resource_list},
          {"resource_availability.csv", availability},
          {"techniques.csv", techniques},
          {"technique_outputs.csv", outputs},
          {"technique_resources.csv", resources},
          {"enterprises.csv", "id,name,kind,construction_lag\nworks,Works,factory,1\n"},
          {"enterprise_techniques.csv", runs},
          {"final_demand.csv", "category,product,year,floor,target\n" + final_demand}};
}

const char* kOneYear = "name = \"groups\"\nbase_year = 2000\nhorizon = 1\n";

PlanOptions Objective(ObjectiveKind kind) {
  PlanOptions options;
  options.use_model_objective = false;
  options.objective = kind;
  return options;
}

const GroupFulfilment& Group(const Model& model, const Plan& plan, const std::string& name) {
  for (const GroupFulfilment& group : plan.groups) {
    if (model.final_demand_categories[group.category] == name) return group;
  }
  ADD_FAILURE() << "no group " << name;
  static const GroupFulfilment none;
  return none;
}

// Two groups share labour 10: group A's basket (1 a) takes 1 labour per unit of its target,
// group B's (1 b) 4. Max–min: λ_A = λ_B = z and z·1 + z·4 = 10, so z = 10/5 = 2 for both, fixed
// in one step (labour binds both: raising either lowers the other). The plan ray, whose mix is
// a : b = 1 : 1, gives the same λ = 2 here (each product belongs to one group).
TEST(Maxmin, TwoGroupsShareOneScarceResource) {
  ScratchFolder scratch;
  const Model model =
      LoadTables(scratch, kOneYear,
                 Economy("a:1,b:4", "A,a,2001,0,1\nB,b,2001,0,1\n", /*labour=*/10, /*land=*/0));
  auto plan = SolvePlan(model, Objective(ObjectiveKind::kMaxmin));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->status, PlanStatus::kOptimal) << plan->explanation;
  EXPECT_EQ(plan->objective_kind, ObjectiveKind::kMaxmin);
  EXPECT_NEAR(plan->objective, 2.0, 1e-7);
  ASSERT_EQ(plan->groups.size(), 2u);
  for (const char* name : {"A", "B"}) {
    const GroupFulfilment& group = Group(model, plan.value(), name);
    EXPECT_NEAR(group.level, 2.0, 1e-7) << name;
    ASSERT_EQ(group.fulfilment.size(), 1u);
    EXPECT_NEAR(group.fulfilment[0], 2.0, 1e-7) << name;
    EXPECT_EQ(group.step, 1) << name;
  }
  EXPECT_EQ(plan->maxmin_steps, 1);
  auto ray = SolvePlan(model, Objective(ObjectiveKind::kPlanRay));
  ASSERT_TRUE(ray.ok());
  ASSERT_EQ(ray->fulfilment.size(), 1u);
  EXPECT_NEAR(ray->fulfilment[0], 2.0, 1e-7);
  EXPECT_TRUE(ray->groups.empty());  // no group rows without maxmin or a group floor
}

// Three groups, labour 10 for a, b and c (1 each), and c also needs land, of which there is 1:
// group C (1 c) cannot exceed 1 whatever the others get. Step 1: max z with a, b, c ≥ z,
// a + b + c ≤ 10, c ≤ 1: z = 1, and only C is blocked (land binds; labour, 3 of 10, does not,
// so the tie rows of A and B have price 0). Step 2: C held at 1, max z with a, b ≥ z,
// a + b ≤ 10 − 1: z = 4.5 for A and B. So the levels are C 1 (step 1), A = B = 4.5 (step 2), and
// the objective (the least level) 1. The plan ray stops at its common λ = 1 (c limits the whole
// mix a : b : c = 1 : 1 : 1); lexicographic max–min raises A and B past it to 4.5.
TEST(Maxmin, LexicographicRaisesTheOthersPastACappedGroup) {
  ScratchFolder scratch;
  const Model model =
      LoadTables(scratch, kOneYear,
                 Economy("a:1,b:1,c:1", "A,a,2001,0,1\nB,b,2001,0,1\nC,c,2001,0,1\n", /*labour=*/10,
                         /*land=*/1));
  auto plan = SolvePlan(model, Objective(ObjectiveKind::kMaxmin));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->status, PlanStatus::kOptimal) << plan->explanation;
  EXPECT_NEAR(plan->objective, 1.0, 1e-7);
  EXPECT_NEAR(Group(model, plan.value(), "C").level, 1.0, 1e-7);
  EXPECT_EQ(Group(model, plan.value(), "C").step, 1);
  for (const char* name : {"A", "B"}) {
    EXPECT_NEAR(Group(model, plan.value(), name).level, 4.5, 1e-7) << name;
    EXPECT_EQ(Group(model, plan.value(), name).step, 2) << name;
  }
  EXPECT_EQ(plan->maxmin_steps, 2);
  auto ray = SolvePlan(model, Objective(ObjectiveKind::kPlanRay));
  ASSERT_TRUE(ray.ok());
  ASSERT_EQ(ray->status, PlanStatus::kOptimal);
  EXPECT_NEAR(ray->objective, 1.0, 1e-7);
}

// Where the plan ray is blind to who gets what: two groups W and P both want grain (target 1
// each), made from labour 10 at 1 per unit. The plan ray asks only total grain ≥ λ·(1 + 1): λ = 5,
// however the 10 units are split. Max–min splits them 5 : 5 (W = P = z, 2z = 10), both fixed in
// step 1. A group floor P ≥ 6 under the plan ray leaves W at most 4 and λ still 5 (10 ≥ 2λ
// holds with W 4, P 6), while max–min with the same floor gives P ≥ 6: z = min(W, P) = 4 at W = 4.
TEST(Maxmin, SharedProductIsSplitEquallyWhereThePlanRayIsBlind) {
  ScratchFolder scratch;
  const Model model = LoadTables(
      scratch, kOneYear,
      Economy("grain:1", "W,grain,2001,0,1\nP,grain,2001,0,1\n", /*labour=*/10, /*land=*/0));
  auto plan = SolvePlan(model, Objective(ObjectiveKind::kMaxmin));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->status, PlanStatus::kOptimal) << plan->explanation;
  EXPECT_NEAR(Group(model, plan.value(), "W").level, 5.0, 1e-7);
  EXPECT_NEAR(Group(model, plan.value(), "P").level, 5.0, 1e-7);

  PlanOptions ray = Objective(ObjectiveKind::kPlanRay);
  ray.group_floors = {{"P", 6.0}};
  auto floored = SolvePlan(model, ray);
  ASSERT_TRUE(floored.ok()) << floored.status().ToString();
  ASSERT_EQ(floored->status, PlanStatus::kOptimal) << floored->explanation;
  EXPECT_NEAR(floored->objective, 5.0, 1e-7);
  EXPECT_GE(Group(model, floored.value(), "P").level, 6.0 - 1e-7);
  EXPECT_LE(Group(model, floored.value(), "W").level, 4.0 + 1e-7);

  PlanOptions maxmin = Objective(ObjectiveKind::kMaxmin);
  maxmin.group_floors = {{"P", 6.0}};
  auto both = SolvePlan(model, maxmin);
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  ASSERT_EQ(both->status, PlanStatus::kOptimal) << both->explanation;
  EXPECT_NEAR(both->objective, 4.0, 1e-7);
  EXPECT_NEAR(Group(model, both.value(), "W").level, 4.0, 1e-7);
  EXPECT_NEAR(Group(model, both.value(), "P").level, 6.0, 1e-7);
}

// One group over two years with year weights 1 and 2: labour 2 in 2001 and 4 in 2002, a from 1
// labour, target 1 a in each year. The plan ray: λ = (2, 4), objective 1·2 + 2·4 = 10. Max–min of
// the one group is its level Λ = (1·2 + 2·4)/(1 + 2) = 10/3: the plan ray's objective over Σ w.
TEST(Maxmin, OneGroupIsThePlanRayOverTheYearWeights) {
  ScratchFolder scratch;
  std::map<std::string, std::string> tables =
      Economy("a:1", "people,a,2001,0,1\npeople,a,2002,0,1\n", 2, 0);
  tables["resource_availability.csv"] = "resource,year,quantity\nlabour,2001,2\nlabour,2002,4\n";
  const Model model = LoadTables(scratch,
                                 "name = \"one\"\nbase_year = 2000\nhorizon = 2\n[objective]\n"
                                 "year_weights = [1, 2]\n",
                                 tables);
  auto ray = SolvePlan(model, Objective(ObjectiveKind::kPlanRay));
  ASSERT_TRUE(ray.ok());
  ASSERT_EQ(ray->status, PlanStatus::kOptimal);
  EXPECT_NEAR(ray->objective, 10.0, 1e-7);
  auto plan = SolvePlan(model, Objective(ObjectiveKind::kMaxmin));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->status, PlanStatus::kOptimal) << plan->explanation;
  EXPECT_NEAR(plan->objective, 10.0 / 3.0, 1e-7);
  EXPECT_NEAR(plan->objective, ray->objective / 3.0, 1e-7);
  const GroupFulfilment& people = Group(model, plan.value(), "people");
  ASSERT_EQ(people.fulfilment.size(), 2u);
  EXPECT_NEAR(people.fulfilment[0], 2.0, 1e-7);
  EXPECT_NEAR(people.fulfilment[1], 4.0, 1e-7);
}

// A group whose product needs nothing scarce: a is made from no resource and no capital, c from
// land (1 per unit, land 1). Step 1: z = 1, C blocked (land); step 2: A alone can grow without
// limit, so the plan is unbounded, and the explanation names A and the step before.
TEST(Maxmin, AGroupWithoutLimitIsAnExplainedUnboundedPlan) {
  ScratchFolder scratch;
  std::map<std::string, std::string> tables =
      Economy("a:1,c:1", "A,a,2001,0,1\nC,c,2001,0,1\n", /*labour=*/10, /*land=*/1);
  tables["technique_resources.csv"] = "technique,resource,coefficient\nmake_c,land,1\n";
  const Model model = LoadTables(scratch, kOneYear, tables);
  auto plan = SolvePlan(model, Objective(ObjectiveKind::kMaxmin));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->status, PlanStatus::kUnbounded);
  EXPECT_NE(plan->explanation.find("The fulfilment of A can grow without limit"), std::string::npos)
      << plan->explanation;
  EXPECT_NE(plan->explanation.find("step 1: C at 1"), std::string::npos) << plan->explanation;
}

// "Max heavy industry subject to consumption at least V": priority_output (a has priority 1, b 0)
// with labour 2, a and b from 1 labour each, group `consumers` wanting 1 b and `industry` 1 a.
// Without a floor all labour goes to a: output 2. With consumers ≥ 0.5: b = 0.5, a = 1.5; with
// consumers ≥ 1: a = 1; with consumers ≥ 2.5: b = 2.5 > 2 labour, infeasible, explained.
TEST(GroupFloor, AnyObjectivePlusAFloorOnAGroup) {
  ScratchFolder scratch;
  const Model model = LoadTables(
      scratch, kOneYear,
      Economy("a:1,b:1", "industry,a,2001,0,1\nconsumers,b,2001,0,1\n", /*labour=*/2, 0));
  for (const auto& [floor, objective] :
       {std::pair{0.0, 2.0}, std::pair{0.5, 1.5}, std::pair{1.0, 1.0}}) {
    PlanOptions options = Objective(ObjectiveKind::kPriorityOutput);
    if (floor > 0) options.group_floors = {{"consumers", floor}};
    auto plan = SolvePlan(model, options);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    ASSERT_EQ(plan->status, PlanStatus::kOptimal) << plan->explanation;
    EXPECT_NEAR(plan->objective, objective, 1e-7) << "floor " << floor;
    if (floor > 0) {
      EXPECT_NEAR(Group(model, plan.value(), "consumers").level, floor, 1e-7);
      EXPECT_EQ(Group(model, plan.value(), "consumers").floor, floor);
    } else {
      EXPECT_TRUE(plan->groups.empty());
    }
  }
  PlanOptions options = Objective(ObjectiveKind::kPriorityOutput);
  options.group_floors = {{"consumers", 2.5}};
  auto infeasible = SolvePlan(model, options);
  ASSERT_TRUE(infeasible.ok());
  EXPECT_EQ(infeasible->status, PlanStatus::kInfeasible);
  EXPECT_NE(infeasible->explanation.find("--group-floor"), std::string::npos)
      << infeasible->explanation;
  EXPECT_NE(infeasible->explanation.find("consumers at least 2.5"), std::string::npos);

  options.group_floors = {{"workers", 1.0}};
  auto unknown = SolvePlan(model, options);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("'workers'"), std::string::npos);
  EXPECT_NE(unknown.status().message().find("consumers"), std::string::npos);
}

// The command line: the three-group economy planned with --objective maxmin writes groups.csv
// (C 1, A and B 4.5 as derived above) and passes `gosplan verify`; groups.csv changed by hand
// (A's fulfilment 4.5 → 5) fails it; PDLP is refused with maxmin (exit 2); a malformed
// --group-floor is exit 2.
TEST(Maxmin, CommandLinePlanFolderVerifies) {
  ScratchFolder scratch;
  LoadTables(scratch, kOneYear,
             Economy("a:1,b:1,c:1", "A,a,2001,0,1\nB,b,2001,0,1\nC,c,2001,0,1\n", 10, 1));
  const std::string model = scratch.path() + "/model";
  const std::string plan = scratch.path() + "/plan";
  const CommandResult run =
      Cli({"plan", model, "--objective", "maxmin", "--out", plan, "--format", "json", "-q"});
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  EXPECT_NE(run.output.find("\"groups\""), std::string::npos) << run.output;
  const std::string groups = ReadFile(plan + "/groups.csv");
  // group,year,fulfilment,level,floor,maxmin_step per line; the numbers within 1e-9 (CLP's vertex
  // may carry the last of twelve digits: 0.999999999999 for 1).
  auto row = [&](const std::string& group) {
    const std::size_t at = groups.find("\n" + group + ",2001,");
    EXPECT_NE(at, std::string::npos) << groups;
    std::vector<double> values;
    std::string line = groups.substr(at + 1, groups.find('\n', at + 1) - at - 1);
    for (std::size_t from = line.find(',', line.find(',') + 1); from != std::string::npos;
         from = line.find(',', from + 1)) {
      values.push_back(std::stod(line.substr(from + 1)));
    }
    return values;  // fulfilment, level, floor, step
  };
  for (const auto& [group, level, step] :
       {std::tuple{"A", 4.5, 2.0}, std::tuple{"B", 4.5, 2.0}, std::tuple{"C", 1.0, 1.0}}) {
    const std::vector<double> values = row(group);
    ASSERT_EQ(values.size(), 4u) << group;
    EXPECT_NEAR(values[0], level, 1e-9) << group;
    EXPECT_NEAR(values[1], level, 1e-9) << group;
    EXPECT_EQ(values[2], 0.0) << group;
    EXPECT_EQ(values[3], step) << group;
  }
  auto verified = VerifyPlan(model, plan);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(verified->violation_count, 0);
  for (const auto& v : verified->violations) ADD_FAILURE() << v.message;

  std::string changed = groups;
  changed.replace(changed.find("A,2001,4.5"), std::string("A,2001,4.5").size(), "A,2001,5");
  scratch.Write("plan/groups.csv", changed);
  auto broken = VerifyPlan(model, plan);
  ASSERT_TRUE(broken.ok()) << broken.status().ToString();
  bool found = false;
  for (const auto& violation : broken->violations) {
    found = found || violation.message.find("the final use gives 4.5") != std::string::npos;
  }
  EXPECT_TRUE(found);

  const CommandResult pdlp = Cli({"plan", model, "--objective", "maxmin", "--solver", "pdlp"});
  EXPECT_EQ(pdlp.exit_code, 2) << pdlp.errors;
  EXPECT_NE(pdlp.errors.find("maxmin"), std::string::npos) << pdlp.errors;
  const CommandResult malformed = Cli({"plan", model, "--group-floor", "A"});
  EXPECT_EQ(malformed.exit_code, 2);
}

// The USSR example under maxmin: a plan that verifies, with its two groups (consumption and
// defence; exports have no target) reported and the least level as the objective.
TEST(Maxmin, UssrExampleVerifies) {
  ScratchFolder scratch;
  const std::string model = SourcePath("examples/ussr-1928");
  const std::string plan = scratch.path() + "/plan";
  const CommandResult run = Cli({"plan", model, "--objective", "maxmin", "--out", plan, "-q"});
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  EXPECT_NE(run.output.find("consumption"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("defence"), std::string::npos) << run.output;
  auto verified = VerifyPlan(model, plan);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(verified->violation_count, 0);
  for (const auto& v : verified->violations) ADD_FAILURE() << v.message;
}

}  // namespace
}  // namespace gosplan::testing
