// The grain-and-steel model of the re-planning tests (replan_test.cc, cli_replan_test.cc), small
// enough to solve by hand. Base year 1930, plan years 1931–1933, objective priority output (grain
// weight 1, steel 0): maximise the grain made over the three years.
//  - the farm grows grain: 1 t of grain per unit, 1 person-year of labour, 1 t of steel (tractors,
//    say) of capital per unit of yearly output, no wear; it holds 10 t of steel at the start and
//    new steel becomes usable 1 year after it is put in (construction lag 1);
//  - the works forges steel: 1 t per person-year of labour, no capital;
//  - labour: 12 person-years a year. No final-demand floors.
// The plan, by hand (g = grain, s = steel, year by year; K = the farm's steel):
//   1931: g1 ≤ K1 = 10 and g1 + s1 ≤ 12, so g1 = 10 and s1 ≤ 2 (the labour left over);
//   1932: g2 ≤ K2 = 10 + s1 and g2 + s2 ≤ 12;   1933: g3 ≤ 10 + s1 + s2 and g3 ≤ 12.
//   g2 + g3 ≤ (10 + s1) + 12 with g2 = 10 + s1 only when s2 ≤ 2 − s1: s1 = 2, s2 = 0 reach
//   g = (10, 12, 12), the most labour allows in 1932 and 1933; any s1 < 2 loses 2 − s1 of g2 (or
//   pays for it with s2 out of g2). So the unique plan: grain 10, 12, 12; steel 2, 0, 0; objective
//   34; 2 t of steel put into the farm in 1931, usable 1932.
#pragma once

#include <map>
#include <string>

namespace gosplan::testing {

inline const char* kGrainSteelToml =
    "name = \"grain and steel\"\nbase_year = 1930\nhorizon = 3\n\n[objective]\nkind = "
    "\"priority_output\"\n";

inline std::map<std::string, std::string> GrainSteelTables() {
  return {{"products.csv",
           "id,name,unit,group,priority_weight\ngrain,Grain,t,B,1\nsteel,Steel,t,A,0\n"},
          {"resources.csv", "id,name,unit\nlabour,Labour,person-years\n"},
          {"resource_availability.csv",
           "resource,year,quantity\nlabour,1931,12\nlabour,1932,12\nlabour,1933,12\n"},
          {"techniques.csv", "id,name\ngrow,Growing grain\nforge,Forging steel\n"},
          {"technique_outputs.csv", "technique,product,coefficient\ngrow,grain,1\nforge,steel,1\n"},
          {"technique_resources.csv",
           "technique,resource,coefficient\ngrow,labour,1\nforge,labour,1\n"},
          {"technique_capital.csv", "technique,product,coefficient,depreciation\ngrow,steel,1,0\n"},
          {"enterprises.csv",
           "id,name,kind,construction_lag\nfarm,State farm,state_farm,1\nworks,Steel works,factory,"
           "1\n"},
          {"enterprise_techniques.csv", "enterprise,technique\nfarm,grow\nworks,forge\n"},
          {"initial_stocks.csv", "enterprise,product,quantity\nfarm,steel,10\n"}};
}

}  // namespace gosplan::testing
