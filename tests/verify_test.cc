// `gosplan verify`: a solved plan passes; a plan with one number changed fails naming the
// constraint; a broken plan folder is bad input. A hand-written plan tests the verifier without the
// solver.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"
#include "util/csv.h"

namespace gosplan::testing {
namespace {

std::string Quote(const std::string& path) { return "'" + path + "'"; }

// Two products over two years: grain (storable) and steel, a collective farm and a steel works that
// need steel as capital, labour as the only resource, joint production (the works also yields a
// little grain while using grain), a quota on steel.
void WriteTwoProductModel(const ScratchFolder& folder) {
  folder.Write("model/model.toml",
               "name = \"Two products\"\n"
               "base_year = 1928\n"
               "horizon = 2\n"
               "[objective]\n"
               "kind = \"plan_ray\"\n");
  folder.Write("model/products.csv",
               "id,name,unit,group,storable,storage_loss,initial_stock\n"
               "grain,Grain,t,B,true,0.1,5\n"
               "steel,Steel,t,A,false,0,0\n");
  folder.Write("model/resources.csv", "id,name,unit\nlabour,Labour,person-years\n");
  folder.Write("model/resource_availability.csv",
               "resource,year,quantity\nlabour,1929,100\nlabour,1930,110\n");
  folder.Write("model/techniques.csv", "id,name\nfarm,Farming\nmill,Steel milling\n");
  folder.Write("model/technique_inputs.csv",
               "technique,product,coefficient\nfarm,steel,0.1\nmill,grain,0.2\n");
  folder.Write("model/technique_outputs.csv",
               "technique,product,coefficient\nfarm,grain,1\nmill,steel,1\nmill,grain,0.05\n");
  folder.Write("model/technique_resources.csv",
               "technique,resource,coefficient\nfarm,labour,0.5\nmill,labour,1\n");
  folder.Write(
      "model/technique_capital.csv",
      "technique,product,coefficient,depreciation\nfarm,steel,0.5,0.1\nmill,steel,2,0.05\n");
  folder.Write("model/enterprises.csv",
               "id,name,kind,region,construction_lag\n"
               "kolkhoz,Red Dawn collective farm,collective_farm,,1\n"
               "works,Magnitogorsk works,factory,,1\n");
  folder.Write(
      "model/enterprise_techniques.csv",
      "enterprise,technique,min_activity,max_activity\nkolkhoz,farm,0,\nworks,mill,1,50\n");
  folder.Write("model/initial_stocks.csv",
               "enterprise,product,quantity\nkolkhoz,steel,20\nworks,steel,30\n");
  folder.Write("model/final_demand.csv",
               "category,product,year,floor,target\n"
               "consumption,grain,1929,10,1\n"
               "consumption,grain,1930,10,1\n"
               "defence,steel,1929,1,0.2\n"
               "defence,steel,1930,1,0.2\n");
  // q_grain binds when quotas are law (the farm needs more capital than the plan ray would give
  // it).
  folder.Write("model/targets.csv",
               "id,product,enterprise,year,quantity\nq_steel,steel,works,1930,5\nq_grain,grain,"
               "kolkhoz,1930,43\n");
}

// Splits a CSV text into rows of fields (the plan writer's files hold no quoted commas here).
std::vector<std::vector<std::string>> ReadCsv(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream text(ReadFile(path));
  std::string line;
  while (std::getline(text, line)) {
    std::vector<std::string> fields;
    std::string field;
    std::istringstream cells(line);
    while (std::getline(cells, field, ',')) fields.push_back(field);
    if (!line.empty() && line.back() == ',') fields.emplace_back();
    rows.push_back(fields);
  }
  return rows;
}

void WriteCsv(const std::string& path, const std::vector<std::vector<std::string>>& rows) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  for (const auto& row : rows) {
    for (std::size_t k = 0; k < row.size(); ++k) out << (k ? "," : "") << row[k];
    out << "\n";
  }
}

// A solved plan of the two-product model in a fresh copy, so that each test may spoil its own.
class VerifySolvedPlan : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteTwoProductModel(scratch_);
    model_ = scratch_.path() + "/model";
    plan_ = scratch_.path() + "/plan";
    const CommandResult planned =
        RunCli("plan " + Quote(model_) + " --out " + Quote(plan_) + " --quiet");
    ASSERT_EQ(planned.exit_code, 0) << planned.output << planned.errors;
  }
  CommandResult Verify() {
    return RunCli("verify " + Quote(model_) + " " + Quote(plan_) + " --quiet");
  }
  std::string File(const char* name) const { return plan_ + "/" + name; }

  ScratchFolder scratch_;
  std::string model_, plan_;
};

TEST_F(VerifySolvedPlan, SolverPlanIsVerified) {
  const CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, 0) << result.output << result.errors;
  EXPECT_NE(result.output.find("verified: "), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("duality gap"), std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("NOT verified"), std::string::npos) << result.output;
}

TEST_F(VerifySolvedPlan, ChangedTargetFailsNamingTheBalance) {
  auto rows = ReadCsv(File("targets.csv"));
  ASSERT_GE(rows.size(), 2u);
  ASSERT_EQ(rows[0][4], "quantity");
  bool changed = false;
  for (std::size_t r = 1; r < rows.size() && !changed; ++r) {
    if (rows[r][0] == "kolkhoz" && rows[r][3] == "1929") {
      rows[r][4] = std::to_string(std::stod(rows[r][4]) + 1.0);
      changed = true;
    }
  }
  ASSERT_TRUE(changed);
  WriteCsv(File("targets.csv"), rows);
  const CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, 6) << result.output << result.errors;
  EXPECT_NE(result.output.find("Grain (grain) 1929"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("NOT verified"), std::string::npos) << result.output;
  // The same violation as CSV: a balance row, short by the 1 t added to the target (the grain
  // balance of 1929 now counts one more tonne produced than is used; amount in the row's units).
  const CommandResult csv =
      RunCli("verify " + Quote(model_) + " " + Quote(plan_) + " --quiet --format csv");
  EXPECT_EQ(csv.exit_code, 6);
  auto file = util::CsvFile::Open(scratch_.Write("violations.csv", csv.output));
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file.value().header(),
            (std::vector<std::string>{"constraint", "amount", "relative", "message"}));
  util::CsvRow row;
  Diagnostics diagnostics;
  bool balance = false;
  while (file.value().Next(row, diagnostics)) {
    if (row.fields[3].find("Grain (grain) 1929") == std::string_view::npos) continue;
    balance = true;
    EXPECT_FALSE(row.fields[0].empty());
    EXPECT_NEAR(std::stod(std::string(row.fields[1])), 1.0, 1e-6) << row.fields[3];
  }
  EXPECT_TRUE(balance) << csv.output;
}

TEST_F(VerifySolvedPlan, JointOutputsMustAgree) {
  auto rows = ReadCsv(File("targets.csv"));
  bool changed = false;
  for (std::size_t r = 1; r < rows.size() && !changed; ++r) {
    if (rows[r][1] == "mill" && rows[r][2] == "grain" && rows[r][3] == "1930") {
      rows[r][4] = std::to_string(std::stod(rows[r][4]) * 1.5 + 0.1);
      changed = true;
    }
  }
  ASSERT_TRUE(changed);
  WriteCsv(File("targets.csv"), rows);
  const CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, 6) << result.output;
  EXPECT_NE(result.output.find("activity: Magnitogorsk works by Steel milling 1930"),
            std::string::npos)
      << result.output;
}

TEST_F(VerifySolvedPlan, ChangedInvestmentFailsNamingCapitalOrBalance) {
  auto rows = ReadCsv(File("investment.csv"));
  ASSERT_GE(rows.size(), 1u);
  if (rows.size() >= 2) {
    rows[1][4] = std::to_string(std::stod(rows[1][4]) + 2.0);
  } else {
    rows.push_back({"works", "steel", "1929", "1930", "2"});
  }
  WriteCsv(File("investment.csv"), rows);
  const CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, 6) << result.output << result.errors;
  EXPECT_NE(result.output.find("accumulation"), std::string::npos) << result.output;
}

TEST_F(VerifySolvedPlan, ChangedShadowPriceFailsTheDualCheck) {
  auto rows = ReadCsv(File("prices.csv"));
  bool changed = false;
  for (std::size_t r = 1; r < rows.size() && !changed; ++r) {
    if (rows[r][0] == "product" && rows[r][1] == "grain" && rows[r][3] == "1929") {
      rows[r][4] = std::to_string(std::stod(rows[r][4]) + 1.0);
      changed = true;
    }
  }
  ASSERT_TRUE(changed);
  WriteCsv(File("prices.csv"), rows);
  const CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, 6) << result.output << result.errors;
  const bool named = result.output.find("reduced cost") != std::string::npos ||
                     result.output.find("duality gap:") != std::string::npos;
  EXPECT_TRUE(named) << result.output;
}

TEST_F(VerifySolvedPlan, MissingFileIsBadInput) {
  std::filesystem::remove(File("balances.csv"));
  const CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, 2) << result.output << result.errors;
  EXPECT_NE(result.errors.find("balances.csv"), std::string::npos) << result.errors;
}

TEST_F(VerifySolvedPlan, UnknownIdIsBadInputWithPosition) {
  auto rows = ReadCsv(File("targets.csv"));
  rows[1][2] = "coal";
  WriteCsv(File("targets.csv"), rows);
  const CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, 2) << result.output << result.errors;
  EXPECT_NE(result.errors.find("targets.csv:2:3: unknown product 'coal'"), std::string::npos)
      << result.errors;
}

TEST_F(VerifySolvedPlan, ChangedObjectiveInSummaryFails) {
  std::string summary = ReadFile(File("summary.json"));
  const std::size_t at = summary.find("\"objective\": ");
  ASSERT_NE(at, std::string::npos);
  summary.insert(at + 13, "1");  // 77.1… becomes 177.1…
  scratch_.Write("plan/summary.json", summary);
  const CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, 6) << result.output;
  EXPECT_NE(result.output.find("objective: summary.json says plan_ray = 1"), std::string::npos)
      << result.output;
}

TEST_F(VerifySolvedPlan, QuotasAsLawAreVerifiedWithTheirPrices) {
  const CommandResult planned = RunCli("plan " + Quote(model_) + " --out " + Quote(plan_) +
                                       " --quotas-as-constraints --force --quiet");
  ASSERT_EQ(planned.exit_code, 0) << planned.output << planned.errors;
  CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, 0) << result.output << result.errors;
  // The binding quota has a price; halving it leaves a duality gap or a dual infeasibility.
  auto rows = ReadCsv(File("prices.csv"));
  bool changed = false;
  for (std::size_t r = 1; r < rows.size() && !changed; ++r) {
    if (rows[r][0] == "quota" && rows[r][1] == "q_grain") {
      ASSERT_GT(std::stod(rows[r][4]), 0.0);
      rows[r][4] = std::to_string(std::stod(rows[r][4]) / 2);
      changed = true;
    }
  }
  ASSERT_TRUE(changed) << ReadFile(File("prices.csv"));
  WriteCsv(File("prices.csv"), rows);
  result = Verify();
  EXPECT_EQ(result.exit_code, 6) << result.output;
  // And output below a quota is named when quotas are law.
  auto targets = ReadCsv(File("targets.csv"));
  for (std::size_t r = 1; r < targets.size(); ++r) {
    if (targets[r][0] == "kolkhoz" && targets[r][3] == "1930") targets[r][4] = "40";
  }
  WriteCsv(File("targets.csv"), targets);
  result = Verify();
  EXPECT_EQ(result.exit_code, 6) << result.output;
  EXPECT_NE(result.output.find("quota: q_grain: Red Dawn collective farm of Grain in 1930: output "
                               "40 below the quota 43"),
            std::string::npos)
      << result.output;
}

// One product, one year, by hand. max λ s.t. bread: z − f ≥ 0; labour: z ≤ 10; target: f − λ ≥ 0;
// f ≥ 2. Optimum z = f = λ = 10. Prices: bread 1, labour 1, target 1 (reduced costs: z 1 − 1 = 0,
// f −1 + 1 = 0, λ 1 − 1 = 0), so the dual bound is 1·10 = 10 = the objective.
class VerifyHandWrittenPlan : public ::testing::Test {
 protected:
  void SetUp() override {
    scratch_.Write(
        "model/model.toml",
        "name = \"Bread\"\nbase_year = 1928\nhorizon = 1\n[objective]\nkind = \"plan_ray\"\n");
    scratch_.Write("model/products.csv", "id,name,unit,group\nbread,Bread,t,B\n");
    scratch_.Write("model/resources.csv", "id,name,unit\nlabour,Labour,person-years\n");
    scratch_.Write("model/resource_availability.csv", "resource,year,quantity\nlabour,1929,10\n");
    scratch_.Write("model/techniques.csv", "id,name\nbake,Baking\n");
    scratch_.Write("model/technique_outputs.csv", "technique,product,coefficient\nbake,bread,1\n");
    scratch_.Write("model/technique_resources.csv",
                   "technique,resource,coefficient\nbake,labour,1\n");
    scratch_.Write("model/enterprises.csv", "id,name,kind\nbakery,Bakery No. 1,factory\n");
    scratch_.Write("model/enterprise_techniques.csv", "enterprise,technique\nbakery,bake\n");
    scratch_.Write("model/final_demand.csv",
                   "category,product,year,floor,target\nconsumption,bread,1929,2,1\n");
    model_ = scratch_.path() + "/model";
    plan_ = scratch_.path() + "/plan";
    WritePlan(10, 10, 1, 10);
  }
  void WritePlan(double activity, double fulfilment, double labour_price, double objective) {
    scratch_.Write(
        "plan/targets.csv",
        "enterprise,technique,product,year,quantity,capacity,utilisation,enterprise_kind\n"
        "bakery,bake,bread,1929," +
            Number(activity) + ",,0,factory\n");
    scratch_.Write("plan/investment.csv", "enterprise,product,year_started,year_usable,quantity\n");
    scratch_.Write(
        "plan/balances.csv",
        "product,year,production,intermediate_use,accumulation,final_consumption,stock_in,"
        "stock_out,surplus\n"
        "bread,1929," +
            Number(activity) + ",0,0,10,0,0," + Number(activity - 10) + "\n");
    scratch_.Write("plan/prices.csv",
                   "kind,id,enterprise,year,shadow_price,quantity\n"
                   "product,bread,,1929,1," +
                       Number(activity) +
                       "\n"
                       "resource,labour,,1929," +
                       Number(labour_price) + "," + Number(activity) +
                       "\n"
                       "target_mix,bread,,1929,1,\n");
    scratch_.Write(
        "plan/summary.json",
        "{\"status\": \"" + status_ + "\", " + tolerance_field_ +
            "\"objective_kind\": \"plan_ray\", \"objective\": " + Number(objective) +
            ", \"quotas_as_constraints\": false, \"terminal_capital\": false, \"base_year\": 1928, "
            "\"horizon\": 1, \"fulfilment\": [{\"year\": 1929, \"fulfilment\": " +
            Number(fulfilment) + "}]}\n");
  }
  static std::string Number(double value) {
    std::ostringstream text;
    text << value;
    return text.str();
  }
  CommandResult Verify() { return RunCli("verify " + Quote(model_) + " " + Quote(plan_) + " -q"); }

  ScratchFolder scratch_;
  std::string model_, plan_;
  std::string status_ = "optimal";
  std::string tolerance_field_;  // e.g. "\"tolerance\": 0.001, "
};

TEST_F(VerifyHandWrittenPlan, FeasibleAndOptimalByHand) {
  const CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, 0) << result.output << result.errors;
  EXPECT_NE(result.output.find("verified: "), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("duality gap 0 "), std::string::npos) << result.output;
}

TEST_F(VerifyHandWrittenPlan, OverstatedFulfilmentBreaksTheTargetMix) {
  WritePlan(10, 11, 1, 11);
  const CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, 6) << result.output;
  EXPECT_NE(result.output.find("target mix: Bread 1929: final use 10 below fulfilment 11"),
            std::string::npos)
      << result.output;
}

TEST_F(VerifyHandWrittenPlan, OverusedLabourIsNamed) {
  WritePlan(12, 10, 1, 10);
  const CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, 6) << result.output;
  EXPECT_NE(result.output.find("resource: Labour 1929: uses 12 > available 10 person-years (by 2)"),
            std::string::npos)
      << result.output;
}

TEST_F(VerifyHandWrittenPlan, FeasibleButSuboptimalPlanHasAGap) {
  // z = f = λ = 8 is feasible; with the same prices the bound stays 10: a gap of 2.
  WritePlan(8, 8, 1, 8);
  scratch_.Write("plan/balances.csv",
                 "product,year,production,intermediate_use,accumulation,final_consumption,stock_in,"
                 "stock_out,surplus\nbread,1929,8,0,0,8,0,0,0\n");
  const CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, 6) << result.output;
  EXPECT_NE(result.output.find("duality gap: "), std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("balance:"), std::string::npos) << result.output;
}

TEST_F(VerifyHandWrittenPlan, WrongPriceIsDualInfeasible) {
  // At labour price 0.5 baking earns 1 − 0.5 per unit with no upper bound: not a dual solution.
  WritePlan(10, 10, 0.5, 10);
  const CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, 6) << result.output;
  EXPECT_NE(result.output.find("reduced cost: the activity of Bakery No. 1 by Baking in 1929"),
            std::string::npos)
      << result.output;
}

TEST_F(VerifyHandWrittenPlan, WithoutPricesOnlyThePrimalIsChecked) {
  std::filesystem::remove(plan_ + "/prices.csv");
  const CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, 0) << result.output << result.errors;
  EXPECT_NE(result.output.find("duality gap not checked"), std::string::npos) << result.output;
}

TEST_F(VerifyHandWrittenPlan, BrokenSummaryIsBadInput) {
  scratch_.Write("plan/summary.json", "{\"status\": \"optimal\",\n  \"objective\": }\n");
  const CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, 2) << result.output << result.errors;
  EXPECT_NE(result.errors.find("summary.json:2:"), std::string::npos) << result.errors;
}

// An approximate plan is checked at the tolerance it states, and a violation larger than stated is
// still a violation. By hand: activity z = λ = 10.005 with 10 labour (1 per loaf) and final use 10
// breaks the labour row by 0.005 (relative 0.005/10.005 = 5.0e-4) and the target mix (λ·1 − f =
// 0.005, same), and the prices (bread 1, labour 1, target 1: every reduced cost 0, bound D = 1·10)
// leave a gap |10.005 − 10|/(1 + 10.005) = 4.5e-4. All three lie between 1e-4 and 1e-3.
TEST_F(VerifyHandWrittenPlan, ApproximatePlanIsCheckedAtItsStatedTolerance) {
  status_ = "approximate";
  tolerance_field_ = "\"tolerance\": 0.001, ";
  WritePlan(10.005, 10.005, 1, 10.005);
  const CommandResult loose = Verify();
  EXPECT_EQ(loose.exit_code, 0) << loose.output << loose.errors;
  EXPECT_NE(
      loose.output.find("verified: holds within the stated tolerance 0.001 of an approximate plan"),
      std::string::npos)
      << loose.output;

  tolerance_field_ = "\"tolerance\": 0.0001, ";
  WritePlan(10.005, 10.005, 1, 10.005);
  const CommandResult tight = Verify();
  EXPECT_EQ(tight.exit_code, 6) << tight.output << tight.errors;
  EXPECT_NE(tight.output.find("NOT verified: 3 of"), std::string::npos) << tight.output;
  EXPECT_NE(tight.output.find("at the stated tolerance"), std::string::npos) << tight.output;
  EXPECT_NE(tight.output.find("resource: "), std::string::npos) << tight.output;

  // Called optimal (no tolerance stated) it is held to verify's 1e-6 and fails.
  status_ = "optimal";
  tolerance_field_.clear();
  WritePlan(10.005, 10.005, 1, 10.005);
  EXPECT_EQ(Verify().exit_code, 6);
}

// "verified" names the tolerance it was verified at, so a loose --tolerance cannot pass for a tight
// one. By hand: z = λ = 10.5 against 10 person-years breaks labour by 0.5 (relative 0.5/10.5 =
// 0.048), which
// --tolerance 0.1 lets pass.
TEST_F(VerifyHandWrittenPlan, VerifiedSaysAtWhichTolerance) {
  const CommandResult exact = Verify();
  EXPECT_NE(exact.output.find("checks at tolerance 1e-06,"), std::string::npos) << exact.output;
  WritePlan(10.5, 10, 1, 10);
  const CommandResult loose =
      RunCli("verify " + Quote(model_) + " " + Quote(plan_) + " -q --tolerance 0.1");
  EXPECT_EQ(loose.exit_code, 0) << loose.output << loose.errors;
  EXPECT_NE(loose.output.find("checks at tolerance 0.1,"), std::string::npos) << loose.output;
}

TEST_F(VerifyHandWrittenPlan, ApproximatePlanWithoutItsToleranceIsBadInput) {
  status_ = "approximate";
  WritePlan(10, 10, 1, 10);
  const CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, 2) << result.output << result.errors;
  EXPECT_NE(result.errors.find("does not state its tolerance"), std::string::npos) << result.errors;
}

// verify writes nothing; on bad input it says the plan was not verified, not "nothing was written".
TEST_F(VerifyHandWrittenPlan, BadInputSaysThePlanWasNotVerified) {
  std::filesystem::remove(plan_ + "/balances.csv");
  const CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, 2) << result.output << result.errors;
  EXPECT_EQ(result.errors.find("nothing was written"), std::string::npos) << result.errors;
  EXPECT_NE(result.errors.find("the plan was not verified"), std::string::npos) << result.errors;
}

TEST_F(VerifyHandWrittenPlan, InfeasiblePlanHasNothingToVerify) {
  scratch_.Write(
      "plan/summary.json",
      "{\"status\": \"infeasible\", \"objective_kind\": \"plan_ray\", \"objective\": 0, "
      "\"quotas_as_constraints\": false, \"terminal_capital\": false, \"base_year\": 1928, "
      "\"horizon\": 1, \"fulfilment\": []}\n");
  const CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, 3) << result.output << result.errors;
}

}  // namespace
}  // namespace gosplan::testing
