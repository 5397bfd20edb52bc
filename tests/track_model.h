// The hand-made model of the fulfilment and history tests (track_test.cc, history_test.cc,
// cli_track_test.cc): plan year 2001 (base year 2000, horizon 1).
//   old_works: technique smelt (1 Mt steel per unit, 1.5 Mt coal in), max_activity 10;
//   new_works: technique smelt_modern (1 Mt steel, 1.5 Mt coal in, 0.5 machinery of capital per
//              unit), unbounded, holding 4 machinery at the start: at most 4 / 0.5 = 8 Mt steel;
//   pit:       technique mine (1 Mt coal per unit), unbounded, no capital;
//   farm:      technique farming (1 Mt grain per unit, group B), unbounded.
// `coal_storable`: coal may be carried, with 25 Mt of it in stock at the start.
#pragma once

#include <map>
#include <string>

#include "gosplan/plan.h"
#include "steel_works_model.h"

namespace gosplan::testing {

inline const char* kTrackToml = "name = \"track\"\nbase_year = 2000\nhorizon = 1\n";

inline std::map<std::string, std::string> TrackTables(bool coal_storable) {
  return {{"products.csv",
           std::string("id,name,unit,group,storable,initial_stock\n"
                       "steel,Steel,Mt,A,false,0\n") +
               (coal_storable ? "coal,Coal,Mt,A,true,25\n" : "coal,Coal,Mt,A,false,0\n") +
               "machinery,Machinery,units,A,true,0\ngrain,Grain,Mt,B,false,0\n"},
          {"techniques.csv",
           "id,name\nsmelt,Smelting\nsmelt_modern,Modern smelting\nmine,Mining\nfarming,Farming\n"},
          {"technique_outputs.csv",
           "technique,product,coefficient\nsmelt,steel,1\nsmelt_modern,steel,1\nmine,coal,1\n"
           "farming,grain,1\n"},
          {"technique_inputs.csv",
           "technique,product,coefficient\nsmelt,coal,1.5\nsmelt_modern,coal,1.5\n"},
          {"technique_capital.csv",
           "technique,product,coefficient,depreciation\nsmelt_modern,machinery,0.5,0\n"},
          {"enterprises.csv",
           "id,name,kind,construction_lag\nold_works,Old works,factory,1\n"
           "new_works,New works,factory,1\npit,Pit,mine,1\nfarm,Farm,collective_farm,1\n"},
          {"enterprise_techniques.csv",
           "enterprise,technique,min_activity,max_activity\nold_works,smelt,0,10\n"
           "new_works,smelt_modern,0,\npit,mine,0,\nfarm,farming,0,\n"},
          {"initial_stocks.csv", "enterprise,product,quantity\nnew_works,machinery,4\n"},
          {"final_demand.csv", "category,product,year,floor,target\nconsumption,steel,2001,0,1\n"}};
}

// A plan of that model written down by hand (not solved): old_works 10 Mt steel, new_works 8 Mt
// steel, pit 27 Mt coal, farm 5 Mt grain in 2001; new_works holds 4 machinery; prices steel 2,
// coal 1, machinery 1, grain 3 (objective units per Mt).
inline Plan HandPlan(const Model& model) {
  Plan plan;
  plan.status = PlanStatus::kOptimal;
  const auto e = [&](const char* id) { return model.enterprise_index.at(id); };
  const auto p = [&](const char* id) { return model.technique_index.at(id); };
  const auto i = [&](const char* id) { return model.product_index.at(id); };
  plan.targets = {{e("old_works"), p("smelt"), i("steel"), 1, 10.0},
                  {e("new_works"), p("smelt_modern"), i("steel"), 1, 8.0},
                  {e("pit"), p("mine"), i("coal"), 1, 27.0},
                  {e("farm"), p("farming"), i("grain"), 1, 5.0}};
  plan.capital = {{e("new_works"), i("machinery"), 1, 4.0, 4.0}};
  plan.product_prices.assign(model.products.size(), 0.0);
  plan.product_prices[i("steel")] = 2.0;
  plan.product_prices[i("coal")] = 1.0;
  plan.product_prices[i("machinery")] = 1.0;
  plan.product_prices[i("grain")] = 3.0;
  for (std::size_t k = 0; k < model.products.size(); ++k) {
    ProductBalance balance;
    balance.product = static_cast<Index>(k);
    balance.year = 1;
    plan.balances.push_back(balance);
  }
  return plan;
}

}  // namespace gosplan::testing
