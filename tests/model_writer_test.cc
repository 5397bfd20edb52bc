// WriteModelFolder: LoadModel(WriteModelFolder(m)) gives m back, field by field and bit for bit.
#include "gosplan/model_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "gosplan/model.h"
#include "model_compare.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::ExpectSameModel;
using testing::ReadFile;
using testing::ScratchFolder;

// The tests' own small model: every table and optional column, quoted names, awkward numbers.
std::string WriteSmallModel(const ScratchFolder& scratch) {
  const std::string dir = scratch.path() + "/small";
  scratch.Write("small/model.toml", R"(name = "Small \"test\" economy"
description = "two products, one site under construction\nsecond line"
base_year = 1940
horizon = 3
units = "t, person-years"

[objective]
kind = "priority_output"
year_weights = [1, 0.5, 0.3333333333333333]
terminal_capital = true
quotas_as_constraints = true

[solver]
name = "clp"
)");
  scratch.Write("small/products.csv",
                "id,name,unit,group,storable,storage_loss,initial_stock,priority_weight\n"
                "steel,\"Steel, rolled\",t,A,true,0.015,12.5,2\n"
                "bread,Bread,t,B,false,,,0.1\n"
                "# a comment line\n"
                "\n"
                "coal,Coal,t,A,true,0.1,1e-7,0\n");
  scratch.Write("small/resources.csv",
                "id,name,unit,weight\nlabour,Labour,person-years,\nland,Land,ha,0.25\n");
  scratch.Write("small/resource_availability.csv",
                "resource,year,quantity\nlabour,1941,100\nlabour,1942,100.5\nlabour,1943,"
                "101.30000000000001\nland,1941,3e6\nland,1942,3e6\nland,1943,0\n");
  scratch.Write("small/techniques.csv", "id,name\nmill,Rolling mill\nbakery,\nmine,Coal mine\n");
  scratch.Write("small/technique_inputs.csv",
                "technique,product,coefficient\nmill,coal,0.7\nbakery,coal,0.1\nmine,coal,0.05\n"
                "bakery,steel,0\n");
  scratch.Write("small/technique_outputs.csv",
                "technique,product,coefficient\nmill,steel,1\nbakery,bread,1\nmine,coal,1.1\n");
  scratch.Write("small/technique_resources.csv",
                "technique,resource,coefficient\nmill,labour,0.3\nbakery,labour,0.2\nbakery,land,"
                "0.01\nmine,labour,0.9\n");
  scratch.Write("small/technique_capital.csv",
                "technique,product,coefficient,depreciation\nmill,steel,2,0.05\nmine,steel,0.4,1\n"
                "bakery,steel,0.1,0\n");
  scratch.Write("small/enterprises.csv",
                "id,name,kind,region,construction_lag\n"
                "magnitka,\"Magnitogorsk \"\"Works\"\"\",construction_site,Urals,2\n"
                "bakery1,Bakery No. 1,factory,,\n"
                "donbass,Donbass mines,mine,\"Donets, basin\",1\n");
  scratch.Write("small/enterprise_techniques.csv",
                "enterprise,technique,min_activity,max_activity\nmagnitka,mill,,\n"
                "bakery1,bakery,1,50\ndonbass,mine,0,1e9\n");
  scratch.Write("small/initial_stocks.csv",
                "enterprise,product,quantity\nbakery1,steel,4.75\ndonbass,steel,30\n");
  scratch.Write("small/final_demand.csv",
                "category,product,year,floor,target,note\n"
                "consumption,bread,1941,10,1,x\nconsumption,bread,1942,11,1,\n"
                "defence,steel,1941,0.5,,\nconsumption,bread,1943,12,1.5,\n"
                "defence,steel,1943,,2,\n");
  scratch.Write("small/targets.csv",
                "id,product,enterprise,year,quantity\nsteel_1943,steel,,1943,20\n"
                "magnitka_1943,steel,magnitka,1943,5.5\n");
  scratch.Write(
      "small/actuals.csv",
      "enterprise,product,year,quantity\nbakery1,bread,1941,9.75\ndonbass,coal,1942,40\n");
  return dir;
}

Model Load(const std::string& folder) {
  auto model = LoadModel(folder);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  return model.ok() ? std::move(model).value() : Model{};
}

TEST(ModelWriter, RoundTripOfTheTestsSmallModel) {
  ScratchFolder scratch;
  const Model original = Load(WriteSmallModel(scratch));
  ASSERT_EQ(original.products.size(), 3u);
  ASSERT_EQ(original.final_demand_categories.size(), 2u);

  const std::string out = scratch.path() + "/written";
  const Status written = WriteModelFolder(original, out, false);
  ASSERT_TRUE(written.ok()) << written.ToString();
  const Model reloaded = Load(out);
  ExpectSameModel(original, reloaded);
  EXPECT_EQ(reloaded.folder, out);

  // Writing the reloaded model gives the same bytes (numbers in one canonical form).
  const std::string again = scratch.path() + "/again";
  ASSERT_TRUE(WriteModelFolder(reloaded, again, false).ok());
  for (const auto& entry : std::filesystem::directory_iterator(out)) {
    const std::string name = entry.path().filename().string();
    EXPECT_EQ(ReadFile(entry.path().string()), ReadFile(again + "/" + name)) << name;
  }
  // Every table is named in model.toml and exists (empty ones as a header).
  EXPECT_NE(ReadFile(out + "/model.toml").find("actuals = \"actuals.csv\""), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(out + "/technique_capital.csv"));
  // An unbounded max_activity is an empty cell, never "inf".
  EXPECT_NE(ReadFile(out + "/enterprise_techniques.csv").find("magnitka,mill,0,\n"),
            std::string::npos);
}

TEST(ModelWriter, RoundTripKeepsEveryBitOfAwkwardNumbers) {
  ScratchFolder scratch;
  Model model = Load(WriteSmallModel(scratch));
  // 6.02214076e19 rather than Avogadro's 6.02214076e23: a model may hold magnitudes up to 1e20 only
  // (the solvers' range, docs/model-format.md), and the loader refuses larger ones.
  const double awkward[] = {1.0 / 3.0,
                            0.1 + 0.2,
                            1e-300,
                            123456789.123456789,
                            6.02214076e19,
                            std::nextafter(1.0, 2.0),
                            2.2250738585072014e-308};
  std::size_t k = 0;
  for (Coefficient& c : model.inputs) c.value = awkward[k++ % std::size(awkward)];
  for (CapitalCoefficient& c : model.capital)
    c.per_unit_activity = awkward[k++ % std::size(awkward)];
  for (double& r : model.resource_availability) r = awkward[k++ % std::size(awkward)];
  model.settings.year_weights = {awkward[0], awkward[1], awkward[5]};
  model.enterprise_techniques[1].max_activity = awkward[4];

  const std::string out = scratch.path() + "/written";
  const Status written = WriteModelFolder(model, out, false);
  ASSERT_TRUE(written.ok()) << written.ToString();
  ExpectSameModel(model, Load(out));
}

TEST(ModelWriter, ExampleModelsRoundTrip) {
  for (const char* example : {"examples/two-sector", "examples/ussr-1928"}) {
    SCOPED_TRACE(example);
    const std::string source = testing::SourcePath(example);
    if (!std::filesystem::exists(source + "/model.toml")) continue;
    auto original = LoadModel(source);
    if (!original.ok()) continue;  // another engineer's example; the loader tests cover it
    ScratchFolder scratch;
    const std::string out = scratch.path() + "/written";
    const Status written = WriteModelFolder(original.value(), out, false);
    ASSERT_TRUE(written.ok()) << written.ToString();
    ExpectSameModel(original.value(), Load(out));
  }
}

TEST(ModelWriter, ExistingFolderNeedsOverwrite) {
  ScratchFolder scratch;
  const Model model = Load(WriteSmallModel(scratch));
  const std::string out = scratch.path() + "/written";
  ASSERT_TRUE(WriteModelFolder(model, out, false).ok());
  const Status refused = WriteModelFolder(model, out, false);
  EXPECT_EQ(refused.code(), StatusCode::kInvalidInput);
  Model renamed = model;
  renamed.settings.name = "renamed";
  ASSERT_TRUE(WriteModelFolder(renamed, out, true).ok());
  EXPECT_EQ(Load(out).settings.name, "renamed");
  // Nothing is left behind by the staging.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(scratch.path())) {
    ++entries;
  }
  EXPECT_EQ(entries, 2u);  // small/ and written/
}

TEST(ModelWriter, RefusesWhatTheFormatCannotHoldAndWritesNothing) {
  ScratchFolder scratch;
  const Model good = Load(WriteSmallModel(scratch));
  const std::string out = scratch.path() + "/written";

  Model comment_id = good;
  comment_id.products[0].id = "#steel";  // the CSV reader would take this row for a comment
  Status status = WriteModelFolder(comment_id, out, false);
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_NE(status.ToString().find("products.csv"), std::string::npos) << status.ToString();

  Model lonely_category = good;
  lonely_category.final_demand_categories.push_back("export");
  status = WriteModelFolder(lonely_category, out, false);
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_NE(status.ToString().find("export"), std::string::npos) << status.ToString();

  Model bad_index = good;
  bad_index.inputs[0].item = 99;
  status = WriteModelFolder(bad_index, out, false);
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);

  Model not_finite = good;
  not_finite.initial_stocks[0].quantity = std::nan("");
  status = WriteModelFolder(not_finite, out, false);
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);

  // 1e21 is a finite number the CSV can hold, but the loader refuses it (beyond the solvers' range,
  // 1e20): the writer must not produce a folder that `model check` then rejects.
  Model out_of_range = good;
  out_of_range.initial_stocks[0].quantity = 1e21;
  status = WriteModelFolder(out_of_range, out, false);
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_NE(status.ToString().find("beyond the solvers' range"), std::string::npos)
      << status.ToString();

  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace gosplan
