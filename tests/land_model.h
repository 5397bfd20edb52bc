// The land economy shared by the check tests (check_test.cc, elastic_program_test.cc), whose
// numbers are derived by hand there: 100 ha of land in 2001 (base year 2000, one plan year), 1 t of
// grain or 1 t of cotton per ha on one state farm; quotas grain 70 (first row of targets.csv) and
// cotton 50 in 2001. Each quota fits alone (100), together they need 120.
#pragma once

#include <map>
#include <string>

namespace gosplan::testing {

inline const char* kLandToml = "name = \"land\"\nbase_year = 2000\nhorizon = 1\n";

// The model's tables (not model.toml).
inline std::map<std::string, std::string> LandTables() {
  return {{"products.csv", "id,name,unit,group\ngrain,Grain,t,B\ncotton,Cotton,t,B\n"},
          {"resources.csv", "id,name,unit\nland,Land,ha\n"},
          {"resource_availability.csv", "resource,year,quantity\nland,2001,100\n"},
          {"techniques.csv", "id,name\nsow_grain,Grain growing\nsow_cotton,Cotton growing\n"},
          {"technique_outputs.csv",
           "technique,product,coefficient\nsow_grain,grain,1\nsow_cotton,cotton,1\n"},
          {"technique_resources.csv",
           "technique,resource,coefficient\nsow_grain,land,1\nsow_cotton,land,1\n"},
          {"enterprises.csv", "id,name,kind\nfarm,Farm,state_farm\n"},
          {"enterprise_techniques.csv", "enterprise,technique\nfarm,sow_grain\nfarm,sow_cotton\n"},
          {"final_demand.csv", "category,product,year,floor,target\nconsumption,grain,2001,0,1\n"},
          {"targets.csv",
           "id,product,enterprise,year,quantity\ngrain,grain,,2001,70\ncotton,cotton,,2001,50\n"}};
}

}  // namespace gosplan::testing
