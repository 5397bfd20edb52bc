// The steel works model shared by the diagnosis and verify tests (check_test.cc, cli_check_test.cc,
// check_steps_test.cc, verify_groups_test.cc, elastic_program_test.cc), whose
// numbers are derived by hand there: one product (steel, Mt), one technique making 1 Mt per unit of
// activity and tying up 1 Mt of steel stock per unit (no wear), one works (Yugostal) holding 10 Mt
// at the start with construction lag 1; plan years 2001–2003 (base year 2000). So at most 10 Mt in
// 2001, 20 in 2002, 40 in 2003.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "gosplan/model.h"
#include "test_support.h"

namespace gosplan::testing {

// Writes model.toml and `tables` (file name -> CSV text) into scratch/model and loads the folder (a
// failed load is a test failure, with the loader's messages).
inline Model LoadTables(const ScratchFolder& scratch, const std::string& toml,
                        const std::map<std::string, std::string>& tables) {
  scratch.Write("model/model.toml", toml);
  for (const auto& [name, text] : tables) scratch.Write("model/" + name, text);
  auto model = LoadModel(scratch.path() + "/model");
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  return model.value();
}

inline const char* kSteelWorksToml = "name = \"steel\"\nbase_year = 2000\nhorizon = 3\n";

// The model's tables (not model.toml), with `quota` as the one row of targets.csv
// (id,product,enterprise,year,quantity).
inline std::map<std::string, std::string> SteelWorksTables(const std::string& quota) {
  return {
      {"products.csv", "id,name,unit,group\nsteel,Steel,Mt,A\n"},
      {"techniques.csv", "id,name\nsmelt,Smelting\n"},
      {"technique_outputs.csv", "technique,product,coefficient\nsmelt,steel,1\n"},
      {"technique_capital.csv", "technique,product,coefficient,depreciation\nsmelt,steel,1,0\n"},
      {"enterprises.csv", "id,name,kind,construction_lag\nworks,Yugostal,factory,1\n"},
      {"enterprise_techniques.csv", "enterprise,technique\nworks,smelt\n"},
      {"initial_stocks.csv", "enterprise,product,quantity\nworks,steel,10\n"},
      {"final_demand.csv",
       "category,product,year,floor,target\nconsumption,steel,2001,0,1\n"
       "consumption,steel,2002,0,1\nconsumption,steel,2003,0,1\n"},
      {"targets.csv", "id,product,enterprise,year,quantity\n" + quota + "\n"}};
}

}  // namespace gosplan::testing
