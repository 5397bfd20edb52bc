// gosplan explain (include/gosplan/explain.h): destination shares, total requirements and embodied
// labour derived by hand for a three-product plan; reduced costs checked against the LP's own
// optimality (a technique run between its bounds has reduced cost 0) on the hand model and on the
// ussr-1928 example; the command line's text, JSON and CSV, and its located errors.
#include "gosplan/explain.h"

#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gosplan/plan.h"
#include "json_doc_check.h"
#include "steel_works_model.h"
#include "test_support.h"

namespace gosplan::testing {
namespace {

// The CLI with each argument shell-quoted.
CommandResult Cli(std::initializer_list<std::string> arguments) {
  std::string line;
  for (const std::string& argument : arguments) line += "'" + argument + "' ";
  return RunCli(line);
}

// The three-product economy, one plan year (2001), objective min_resources (labour, weight 1,
// 1000 available: never scarce). Single-output techniques, one enterprise each:
//   coal  (mine):     1 coal  from 0.2 steel             and 2 labour
//   steel (works):    1 steel from 0.5 coal              and 3 labour
//   bread (bakery):   1 bread from 0.2 coal + 0.1 steel  and 1 labour; ties up 0.5 steel of the
//                     bakery's stock (no wear, lag 1, 54 at the start, so K[2001] = 54)
// Floors: households 100 bread and 17.5 coal, exports 4 steel. Terminal condition "growth" at
// g = 0.1: the bakery's steel in 2002, K[2001] + a[2001], must be ≥ 1.1 × the 0.5·100 = 50 it used
// in 2001, i.e. 54 + a ≥ 55, so a = 1 t of steel is accumulated at the bakery (50 of its 54 t are
// used in 2001: its capital row does not bind and has no rent).
// Minimising labour makes exactly what the floors and that accumulation need (any surplus costs
// labour), so the gross outputs x solve x = A·x + final:
//   bread = 100
//   coal  = 0.5·steel + 0.2·100 + 17.5
//   steel = 0.2·coal  + 0.1·100 + 4 + 1
// → coal = 0.5·(0.2·coal + 15) + 37.5 = 0.1·coal + 45, coal = 50; steel = 10 + 15 = 25.
// Destinations of steel in 2001 (supply 25, nothing carried in; initial stocks are 0):
//   coal mine 0.2·50 = 10 (40 %), bakery 0.1·100 = 10 (40 %), exports 4 (16 %),
//   accumulation at the bakery 1 (4 %).
// Destinations of coal (50): bakery 20 (40 %), steel works 12.5 (25 %), households 17.5 (35 %).
// Total requirements of one unit of bread, x = (I − A)^{-1}·e_bread:
//   x_coal = 0.5·x_steel + 0.2, x_steel = 0.2·x_coal + 0.1 → x_coal = 0.25/0.9 = 5/18,
//   x_steel = 1/18 + 0.1 = 7/45.
// Labour embodied, v = l·(I − A)^{-1}: v_coal = 2 + 0.2·v_steel, v_steel = 3 + 0.5·v_coal →
//   v_coal = 2.6/0.9 = 26/9, v_steel = 40/9, v_bread = 1 + 0.2·26/9 + 0.1·40/9 = 18.2/9 = 91/45
//   (and 1 + 2·5/18 + 3·7/45 = 91/45 from x: the same). Check: 100·91/45 + 17.5·26/9 + 5·40/9 =
//   202.22 + 50.56 + 22.22 = 275 = 2·50 + 3·25 + 100, the labour the plan uses.
// Capital tied up per unit of bread: 0.5 steel, directly; the mine and the works need none.
// Shadow prices (min_resources: labour saved per unit more): coal 26/9, steel 40/9 (the terminal
// row is relaxed by saving one unit of steel accumulation: price 40/9); bread also carries the
// terminal stock its capital needs: 91/45 + 0.5·1.1·40/9 = 91/45 + 22/9 = 201/45.
// Two more steel techniques, for Kantorovich's test at these prices:
//   steel_b (listed at the works, idle): 0.4 coal + 4 labour → 40/9 − 0.4·26/9 − 4 = −6.4/9 < 0;
//   steel_c (listed at a new works with ceiling 0, so not run): 0.3 coal + 2.5 labour →
//            40/9 − 7.8/9 − 22.5/9 = 9.7/9 > 0.
constexpr const char* kToml =
    "name = \"three products\"\nbase_year = 2000\nhorizon = 1\n"
    "[objective]\nkind = \"min_resources\"\nterminal = \"growth\"\nterminal_growth_rate = 0.1\n";

std::map<std::string, std::string> ThreeProductTables() {
  return {
      {"products.csv", "id,name,unit,group\ncoal,Coal,t,A\nsteel,Steel,t,A\nbread,Bread,t,B\n"},
      {"resources.csv", "id,name,unit,weight\nlabour,Labour,h,1\n"},
      {"resource_availability.csv", "resource,year,quantity\nlabour,2001,1000\n"},
      {"techniques.csv",
       "id,name\nmine,Coal mining\nsmelt,Steel making\nbake,Baking\nsteel_b,Old steel "
       "making\nsteel_c,New steel making\n"},
      {"technique_outputs.csv",
       "technique,product,coefficient\nmine,coal,1\nsmelt,steel,1\nbake,bread,1\nsteel_b,steel,"
       "1\nsteel_c,steel,1\n"},
      {"technique_inputs.csv",
       "technique,product,coefficient\nmine,steel,0.2\nsmelt,coal,0.5\nbake,coal,0.2\nbake,steel,"
       "0.1\nsteel_b,coal,0.4\nsteel_c,coal,0.3\n"},
      {"technique_resources.csv",
       "technique,resource,coefficient\nmine,labour,2\nsmelt,labour,3\nbake,labour,1\nsteel_b,"
       "labour,4\nsteel_c,labour,2.5\n"},
      {"technique_capital.csv", "technique,product,coefficient,depreciation\nbake,steel,0.5,0\n"},
      {"enterprises.csv",
       "id,name,kind,construction_lag\npit,Pit,mine,1\nworks,Works,factory,1\nbakery,Bakery,"
       "factory,1\nnew_works,New works,construction_site,1\n"},
      {"enterprise_techniques.csv",
       "enterprise,technique,min_activity,max_activity\npit,mine,,\nworks,smelt,,\nworks,steel_b,,"
       "\nbakery,bake,,\nnew_works,steel_c,0,0\n"},
      {"initial_stocks.csv", "enterprise,product,quantity\nbakery,steel,54\n"},
      {"final_demand.csv",
       "category,product,year,floor,target\nhouseholds,bread,2001,100,0\nhouseholds,coal,2001,"
       "17.5,0\nexports,steel,2001,4,0\n"}};
}

struct Solved {
  Model model;
  Plan plan;
};

Solved SolveThreeProducts(const ScratchFolder& scratch) {
  Solved solved;
  solved.model = LoadTables(scratch, kToml, ThreeProductTables());
  auto plan = SolvePlan(solved.model);
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  solved.plan = plan.value();
  EXPECT_EQ(solved.plan.status, PlanStatus::kOptimal) << solved.plan.explanation;
  return solved;
}

ExplainReport Explain(const Solved& s, ExplainSubject subject, const std::string& id) {
  ExplainOptions options;
  options.subject = subject;
  options.id = id;
  options.year = 2001;
  auto report = ExplainPlan(s.model, s.plan, options);
  EXPECT_TRUE(report.ok()) << report.status().ToString();
  return report.value();
}

const Destination* Find(const ProductDestinations& d, const std::string& kind,
                        const std::string& name_part) {
  for (const Destination& dest : d.destinations) {
    if (dest.kind == kind && dest.name.find(name_part) != std::string::npos) return &dest;
  }
  return nullptr;
}

TEST(Explain, SteelGoesWhereTheHandDerivationSays) {
  ScratchFolder scratch;
  const Solved s = SolveThreeProducts(scratch);
  const ExplainReport report = Explain(s, ExplainSubject::kProduct, "steel");
  const ProductDestinations& d = report.destinations;
  EXPECT_NEAR(d.production, 25.0, 1e-9);
  EXPECT_NEAR(d.supply, 25.0, 1e-9);
  ASSERT_EQ(d.destinations.size(), 4u);
  const Destination* mine = Find(d, "intermediate", "Pit by Coal mining");
  const Destination* bakery = Find(d, "intermediate", "Bakery by Baking");
  const Destination* exports = Find(d, "final", "exports");
  const Destination* accumulation = Find(d, "accumulation", "Bakery");
  ASSERT_TRUE(mine && bakery && exports && accumulation);
  EXPECT_NEAR(mine->quantity, 10.0, 1e-9);
  EXPECT_NEAR(mine->share, 0.40, 1e-9);
  EXPECT_NEAR(bakery->quantity, 10.0, 1e-9);
  EXPECT_NEAR(bakery->share, 0.40, 1e-9);
  EXPECT_NEAR(exports->quantity, 4.0, 1e-9);
  EXPECT_NEAR(exports->share, 0.16, 1e-9);
  EXPECT_NEAR(accumulation->quantity, 1.0, 1e-9);
  EXPECT_NEAR(accumulation->share, 0.04, 1e-9);
}

TEST(Explain, CoalSharesAndTheTopUsersLine) {
  ScratchFolder scratch;
  const Solved s = SolveThreeProducts(scratch);
  ExplainOptions options;
  options.id = "coal";
  options.year = 2001;
  options.top_users = 1;  // the bakery (20) by name, the works (12.5) as "1 other users"
  auto report = ExplainPlan(s.model, s.plan, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const ProductDestinations& d = report->destinations;
  EXPECT_NEAR(d.production, 50.0, 1e-9);
  const Destination* households = Find(d, "final", "households");
  const Destination* bakery = Find(d, "intermediate", "Bakery");
  const Destination* others = Find(d, "intermediate", "1 other users");
  ASSERT_TRUE(households && bakery && others);
  EXPECT_NEAR(households->share, 0.35, 1e-9);
  EXPECT_NEAR(bakery->share, 0.40, 1e-9);
  EXPECT_NEAR(others->quantity, 12.5, 1e-9);
  EXPECT_NEAR(others->share, 0.25, 1e-9);
}

TEST(Explain, BreadNeedsAndEmbodiesWhatTheLeontiefInverseSays) {
  ScratchFolder scratch;
  const Solved s = SolveThreeProducts(scratch);
  const ExplainReport report = Explain(s, ExplainSubject::kProduct, "bread");
  const ProductRequirements& r = report.requirements;
  ASSERT_TRUE(r.produced);
  ASSERT_TRUE(r.totals_computed) << r.note;
  std::map<std::string, Requirement> inputs;
  for (const Requirement& q : r.inputs) inputs[s.model.products[q.item].id] = q;
  ASSERT_EQ(inputs.count("coal"), 1u);
  ASSERT_EQ(inputs.count("steel"), 1u);
  EXPECT_NEAR(inputs["coal"].direct, 0.2, 1e-12);
  EXPECT_NEAR(inputs["coal"].total, 5.0 / 18.0, 1e-12);
  EXPECT_NEAR(inputs["steel"].direct, 0.1, 1e-12);
  EXPECT_NEAR(inputs["steel"].total, 7.0 / 45.0, 1e-12);
  ASSERT_EQ(r.resources.size(), 1u);
  EXPECT_NEAR(r.resources[0].direct, 1.0, 1e-12);
  EXPECT_NEAR(r.resources[0].total, 91.0 / 45.0, 1e-12);
  ASSERT_EQ(r.capital.size(), 1u);
  EXPECT_EQ(s.model.products[r.capital[0].item].id, "steel");
  EXPECT_NEAR(r.capital[0].direct, 0.5, 1e-12);
  EXPECT_NEAR(r.capital[0].total, 0.5, 1e-12);

  // Labour embodied in coal and steel too.
  const ExplainReport coal = Explain(s, ExplainSubject::kProduct, "coal");
  ASSERT_EQ(coal.requirements.resources.size(), 1u);
  EXPECT_NEAR(coal.requirements.resources[0].total, 26.0 / 9.0, 1e-12);
  const ExplainReport steel = Explain(s, ExplainSubject::kProduct, "steel");
  ASSERT_EQ(steel.requirements.resources.size(), 1u);
  EXPECT_NEAR(steel.requirements.resources[0].total, 40.0 / 9.0, 1e-12);
}

TEST(Explain, ShadowPricesAndLimitsOfBread) {
  ScratchFolder scratch;
  const Solved s = SolveThreeProducts(scratch);
  const ExplainReport report = Explain(s, ExplainSubject::kProduct, "bread");
  EXPECT_NEAR(report.limits.shadow_price, 201.0 / 45.0, 1e-9);
  // The households' floor (its cost is the whole price: no target mix) and the bakery's terminal
  // steel (price 40/9); labour is not scarce and the bakery's capital (50 of 54 used) has no rent.
  std::map<std::string, double> price_of;
  for (const Limit& limit : report.limits.limits) price_of[limit.kind] = limit.shadow_price;
  EXPECT_EQ(price_of.size(), 2u);
  EXPECT_NEAR(price_of["floor"], 201.0 / 45.0, 1e-9);
  EXPECT_NEAR(price_of["terminal"], 40.0 / 9.0, 1e-9);
}

// Independent of the explanation's arithmetic: the LP's optimality says d = 0 for a technique run
// strictly between its bounds. Here all three run; the signs of the two alternatives are derived in
// the comment above.
TEST(Explain, ReducedCostsAgreeWithTheLpOptimality) {
  ScratchFolder scratch;
  const Solved s = SolveThreeProducts(scratch);
  const ExplainReport steel = Explain(s, ExplainSubject::kProduct, "steel");
  std::map<std::string, ReducedCost> by_technique;
  for (const ReducedCost& rc : steel.reduced_costs) {
    by_technique[s.model.techniques[rc.technique].id] = rc;
  }
  ASSERT_EQ(by_technique.count("smelt"), 1u);
  EXPECT_EQ(by_technique["smelt"].verdict, "used");
  EXPECT_NEAR(by_technique["smelt"].reduced_cost, 0.0, 1e-9);
  ASSERT_EQ(by_technique.count("steel_b"), 1u);
  EXPECT_EQ(by_technique["steel_b"].verdict, "would_not_pay");
  EXPECT_NEAR(by_technique["steel_b"].reduced_cost, -6.4 / 9.0, 1e-9);
  for (const char* id : {"mine", "bake"}) {
    const ExplainReport technique = Explain(s, ExplainSubject::kTechnique, id);
    ASSERT_EQ(technique.reduced_costs.size(), 1u);
    EXPECT_EQ(technique.reduced_costs[0].verdict, "used") << id;
    EXPECT_NEAR(technique.reduced_costs[0].reduced_cost, 0.0, 1e-9) << id;
  }
  const ExplainReport fresh = Explain(s, ExplainSubject::kTechnique, "steel_c");
  ASSERT_EQ(fresh.reduced_costs.size(), 1u);
  EXPECT_EQ(s.model.enterprises[fresh.reduced_costs[0].enterprise].id, "new_works");
  EXPECT_EQ(fresh.reduced_costs[0].verdict, "would_pay");
  EXPECT_NEAR(fresh.reduced_costs[0].reduced_cost, 9.7 / 9.0, 1e-9);
}

// The same check on the bundled example (plan ray, 59 enterprises): every enterprise technique run
// strictly between its activity bounds has reduced cost 0 within 1e-6 of its largest term, and no
// idle one earns more than rounding (the LP's dual feasibility).
TEST(Explain, ReducedCostsOfTheExamplePlanMeetOptimality) {
  auto model = LoadModel(SourcePath("examples/ussr-1928"));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto plan = SolvePlan(model.value());
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->status, PlanStatus::kOptimal);
  int interior = 0;
  for (const Enterprise& enterprise : model->enterprises) {
    for (int year = 1929; year <= 1933; ++year) {
      ExplainOptions options;
      options.subject = ExplainSubject::kEnterprise;
      options.id = enterprise.id;
      options.year = year;
      auto report = ExplainPlan(model.value(), plan.value(), options);
      ASSERT_TRUE(report.ok()) << report.status().ToString();
      for (const ReducedCost& rc : report->reduced_costs) {
        const double scale = std::max({rc.outputs_value + rc.objective_value + rc.quota_value,
                                       rc.inputs_value, rc.resource_cost, rc.capital_rent, 1e-3});
        if (rc.verdict == "used") {
          ++interior;
          EXPECT_NEAR(rc.reduced_cost / scale, 0.0, 1e-6) << rc.sentence;
        } else if (rc.verdict != "at_ceiling") {
          EXPECT_LE(rc.reduced_cost / scale, 1e-6) << rc.sentence;
        }
      }
    }
  }
  EXPECT_GT(interior, 20);
}

TEST(Explain, UnknownIdAndYearAreRefused) {
  ScratchFolder scratch;
  const Solved s = SolveThreeProducts(scratch);
  ExplainOptions options;
  options.id = "cheese";
  options.year = 2001;
  auto unknown = ExplainPlan(s.model, s.plan, options);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("'cheese'"), std::string::npos);
  options.id = "coal";
  options.year = 2002;
  EXPECT_FALSE(ExplainPlan(s.model, s.plan, options).ok());
}

// The command line on a plan folder: text, the JSON document and CSV; located errors with exit 2.
TEST(ExplainCli, ExplainsAPlanFolder) {
  ScratchFolder scratch;
  LoadTables(scratch, kToml, ThreeProductTables());
  const std::string model = scratch.path() + "/model";
  const std::string plan = scratch.path() + "/plan";
  ASSERT_EQ(Cli({"plan", model, "--out", plan, "-q"}).exit_code, 0);
  const CommandResult text =
      Cli({"explain", model, plan, "--product", "steel", "--year", "2001", "-q"});
  ASSERT_EQ(text.exit_code, 0) << text.errors;
  EXPECT_NE(text.output.find("accumulation at Bakery"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("16.0 %"), std::string::npos) << text.output;

  const CommandResult json = Cli(
      {"explain", model, plan, "--product", "bread", "--year", "2001", "--format", "json", "-q"});
  ASSERT_EQ(json.exit_code, 0) << json.errors;
  const auto doc = nlohmann::json::parse(json.output);
  EXPECT_EQ(doc["schema"], "gosplan.explain/1");
  EXPECT_NEAR(doc["requirements"]["resources"][0]["total"].get<double>(), 91.0 / 45.0, 1e-9);
  EXPECT_NEAR(doc["limits"]["shadow_price"].get<double>(), 201.0 / 45.0, 1e-9);
  const std::vector<std::string> mismatches = JsonDocumentMismatches(json.output);
  EXPECT_TRUE(mismatches.empty()) << JoinMismatches(mismatches);

  const CommandResult csv = Cli({"explain", model, plan, "--technique", "steel_c", "--year", "2001",
                                 "--format", "csv", "-q"});
  ASSERT_EQ(csv.exit_code, 0) << csv.errors;
  EXPECT_NE(csv.output.find("reduced_cost,would_pay,steel_c"), std::string::npos) << csv.output;

  const CommandResult unknown =
      Cli({"explain", model, plan, "--product", "cheese", "--year", "2001"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.errors.find("--product: 'cheese' is not a product of the model"),
            std::string::npos)
      << unknown.errors;
  const CommandResult year = Cli({"explain", model, plan, "--product", "coal", "--year", "1999"});
  EXPECT_EQ(year.exit_code, 2);
  EXPECT_NE(year.errors.find("1999 is not a year of the plan"), std::string::npos) << year.errors;
  const CommandResult nothing = Cli({"explain", model, plan, "--year", "2001"});
  EXPECT_EQ(nothing.exit_code, 2);
}

}  // namespace
}  // namespace gosplan::testing
