// LoadModel: the example model loads with the numbers written in its files; every class of bad
// input is reported with the right file, line and column; several problems are reported together.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>

#include "gosplan/model.h"
#include "gosplan/model_cache.h"
#include "gosplan/model_range.h"
#include "test_support.h"

namespace gosplan {
namespace {

using gosplan::testing::ReadFile;
using gosplan::testing::ScratchFolder;
using gosplan::testing::SourcePath;
using ::testing::HasSubstr;

const Product& FindProduct(const Model& model, const std::string& id) {
  return model.products.at(static_cast<std::size_t>(model.product_index.at(id)));
}

// A copy of examples/two-sector in a scratch folder, edited one file at a time.
class ModelLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::copy(SourcePath("examples/two-sector"), scratch_.path(),
                          std::filesystem::copy_options::recursive |
                              std::filesystem::copy_options::overwrite_existing);
  }
  std::string Path(const std::string& file) const { return scratch_.path() + "/" + file; }
  // Replaces the first occurrence of `from` in `file` (which must exist).
  void Replace(const std::string& file, const std::string& from, const std::string& to) {
    std::string text = ReadFile(Path(file));
    const std::size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from << " not in " << file;
    text.replace(at, from.size(), to);
    scratch_.Write(file, text);
  }
  void Append(const std::string& file, const std::string& text) {
    scratch_.Write(file, ReadFile(Path(file)) + text);
  }
  void Write(const std::string& file, const std::string& text) { scratch_.Write(file, text); }
  void Remove(const std::string& file) { std::filesystem::remove(Path(file)); }

  Result<Model> Load(const LoadOptions& options = {}) {
    return LoadModel(scratch_.path(), options);
  }

  // Loads, expects failure, and returns the diagnostics.
  std::vector<Diagnostic> Problems(const LoadOptions& options = {}) {
    Result<Model> result = Load(options);
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidInput);
    return result.status().diagnostics().list();
  }

  // Expects exactly one diagnostic at file:line:column whose message contains `message`.
  void ExpectOnly(const std::string& file, std::int64_t line, std::int64_t column,
                  const std::string& message, const LoadOptions& options = {}) {
    const std::vector<Diagnostic> problems = Problems(options);
    ASSERT_EQ(problems.size(), 1u) << Dump(problems);
    ExpectAt(problems[0], file, line, column, message);
  }
  void ExpectAt(const Diagnostic& d, const std::string& file, std::int64_t line,
                std::int64_t column, const std::string& message) {
    EXPECT_EQ(d.file, Path(file)) << d.ToString();
    EXPECT_EQ(d.line, line) << d.ToString();
    EXPECT_EQ(d.column, column) << d.ToString();
    EXPECT_THAT(d.message, HasSubstr(message)) << d.ToString();
  }
  static std::string Dump(const std::vector<Diagnostic>& problems) {
    std::string text;
    for (const Diagnostic& d : problems) text += d.ToString() + "\n";
    return text;
  }

  ScratchFolder scratch_;
};

TEST_F(ModelLoaderTest, ExampleLoadsWithTheNumbersOfItsFiles) {
  const Result<Model> result = LoadModel(SourcePath("examples/two-sector"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const Model& model = result.value();
  EXPECT_EQ(model.settings.name, "Two-sector economy");
  EXPECT_EQ(model.settings.base_year, 1928);
  EXPECT_EQ(model.horizon(), 3);
  EXPECT_EQ(model.CalendarYear(3), 1931);
  EXPECT_EQ(model.settings.objective, ObjectiveKind::kPlanRay);
  EXPECT_EQ(model.settings.year_weights, (std::vector<double>{1, 1, 1}));
  EXPECT_EQ(model.settings.solver, "clp");

  EXPECT_EQ(model.products.size(), 3u);
  EXPECT_EQ(model.resources.size(), 2u);
  EXPECT_EQ(model.techniques.size(), 4u);
  EXPECT_EQ(model.inputs.size(), 5u);
  EXPECT_EQ(model.outputs.size(), 4u);
  EXPECT_EQ(model.resource_use.size(), 6u);
  EXPECT_EQ(model.capital.size(), 3u);
  EXPECT_EQ(model.enterprises.size(), 3u);
  EXPECT_EQ(model.enterprise_techniques.size(), 5u);
  EXPECT_EQ(model.initial_stocks.size(), 2u);
  EXPECT_EQ(model.final_demand_categories,
            (std::vector<std::string>{"consumption", "defence", "export"}));
  EXPECT_EQ(model.final_demand.size(), 7u);
  EXPECT_EQ(model.quotas.size(), 2u);
  EXPECT_EQ(model.actuals.size(), 3u);

  const Product& grain = FindProduct(model, "grain");
  EXPECT_EQ(grain.group, ProductGroup::kConsumerGoods);
  EXPECT_TRUE(grain.storable);
  EXPECT_DOUBLE_EQ(grain.storage_loss, 0.05);
  EXPECT_DOUBLE_EQ(grain.initial_stock, 2.5);
  EXPECT_EQ(FindProduct(model, "steel").group, ProductGroup::kMeansOfProduction);
  EXPECT_DOUBLE_EQ(FindProduct(model, "steel").priority_weight, 3.0);
  EXPECT_EQ(FindProduct(model, "tractors").unit, "thousand");

  const Index labour = model.resource_index.at("labour");
  const Index land = model.resource_index.at("land");
  EXPECT_DOUBLE_EQ(model.Availability(labour, 3), 32.5);
  EXPECT_DOUBLE_EQ(model.Availability(land, 1), 113.0);
  EXPECT_DOUBLE_EQ(model.resources[static_cast<std::size_t>(land)].weight, 0.1);

  // technique_inputs.csv: steel_open_hearth,grain,0.05
  const Index open_hearth = model.technique_index.at("steel_open_hearth");
  const auto input =
      std::find_if(model.inputs.begin(), model.inputs.end(), [&](const Coefficient& c) {
        return c.technique == open_hearth && c.item == model.product_index.at("grain");
      });
  ASSERT_NE(input, model.inputs.end());
  EXPECT_DOUBLE_EQ(input->value, 0.05);
  // technique_capital.csv: grain_by_tractor,tractors,0.02,0.12
  const auto capital =
      std::find_if(model.capital.begin(), model.capital.end(), [&](const CapitalCoefficient& c) {
        return c.technique == model.technique_index.at("grain_by_tractor");
      });
  ASSERT_NE(capital, model.capital.end());
  EXPECT_EQ(capital->product, model.product_index.at("tractors"));
  EXPECT_DOUBLE_EQ(capital->per_unit_activity, 0.02);
  EXPECT_DOUBLE_EQ(capital->depreciation, 0.12);

  const Enterprise& site =
      model.enterprises[static_cast<std::size_t>(model.enterprise_index.at("stalingrad_tractor"))];
  EXPECT_EQ(site.kind, EnterpriseKind::kConstructionSite);
  EXPECT_EQ(site.construction_lag, 2);
  EXPECT_STREQ(ToString(site.kind), "construction_site");
  const Enterprise& farm =
      model.enterprises[static_cast<std::size_t>(model.enterprise_index.at("red_dawn"))];
  EXPECT_EQ(farm.kind, EnterpriseKind::kCollectiveFarm);
  EXPECT_EQ(farm.construction_lag, 1);  // empty cell: default
  EXPECT_EQ(farm.region, "Ukraine");

  // enterprise_techniques.csv: putilov,steel_open_hearth,0.5,6 and red_dawn,grain_by_hand,,
  const EnterpriseTechnique& mill = model.enterprise_techniques[0];
  EXPECT_EQ(mill.enterprise, model.enterprise_index.at("putilov"));
  EXPECT_EQ(mill.technique, open_hearth);
  EXPECT_DOUBLE_EQ(mill.min_activity, 0.5);
  EXPECT_DOUBLE_EQ(mill.max_activity, 6.0);
  EXPECT_EQ(model.enterprise_techniques[2].min_activity, 0.0);
  EXPECT_EQ(model.enterprise_techniques[2].max_activity, kUnbounded);

  const Quota& steel_quota = model.quotas[0];
  EXPECT_EQ(steel_quota.id, "steel_1931");
  EXPECT_EQ(steel_quota.enterprise, -1);
  EXPECT_EQ(steel_quota.year, 3);
  EXPECT_DOUBLE_EQ(steel_quota.quantity, 7.5);
  EXPECT_EQ(model.quotas[1].enterprise, model.enterprise_index.at("stalingrad_tractor"));

  const Actual& harvest = model.actuals[2];
  EXPECT_EQ(harvest.enterprise, model.enterprise_index.at("red_dawn"));
  EXPECT_EQ(harvest.year, 1);
  EXPECT_DOUBLE_EQ(harvest.quantity, 3.1);

  const FinalDemand& exports = model.final_demand.back();
  EXPECT_EQ(model.final_demand_categories[static_cast<std::size_t>(exports.category)], "export");
  EXPECT_DOUBLE_EQ(exports.floor, 0.5);
  EXPECT_DOUBLE_EQ(exports.target, 0.0);  // empty cell
  EXPECT_EQ(model.category_index.at("defence"), 1);
}

TEST_F(ModelLoaderTest, HorizonOverrideExtendsAndShortens) {
  LoadOptions longer;
  longer.horizon_override = 5;
  Result<Model> extended = Load(longer);
  ASSERT_TRUE(extended.ok()) << extended.status().ToString();
  const Model& model = extended.value();
  EXPECT_EQ(model.horizon(), 5);
  EXPECT_EQ(model.settings.year_weights.size(), 5u);
  EXPECT_EQ(model.resource_availability.size(), 10u);
  // Years after the declared horizon carry the last availability forward.
  EXPECT_DOUBLE_EQ(model.Availability(model.resource_index.at("labour"), 5), 32.5);
  EXPECT_DOUBLE_EQ(model.Availability(model.resource_index.at("land"), 4), 118.0);

  LoadOptions shorter;
  shorter.horizon_override = 2;
  const Result<Model> cut = Load(shorter);
  ASSERT_TRUE(cut.ok()) << cut.status().ToString();
  EXPECT_EQ(cut.value().horizon(), 2);
  EXPECT_EQ(cut.value().quotas.size(), 0u);        // both quotas are for 1931
  EXPECT_EQ(cut.value().final_demand.size(), 5u);  // the 1931 rows are left out
  EXPECT_EQ(cut.value().resource_availability.size(), 4u);
  EXPECT_EQ(cut.value().settings.year_weights.size(), 2u);

  // The extended horizon admits later years in the tables; the declared one does not.
  Append("targets.csv", "steel_1933,steel,,1933,12\n");
  extended = Load(longer);
  ASSERT_TRUE(extended.ok()) << extended.status().ToString();
  EXPECT_EQ(extended.value().quotas.back().year, 5);
  EXPECT_FALSE(Load().ok());
}

TEST_F(ModelLoaderTest, MissingFolder) {
  const Result<Model> result = LoadModel(scratch_.path() + "/nowhere");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().ToString(), HasSubstr("model folder not found"));
}

TEST_F(ModelLoaderTest, MissingModelToml) {
  Remove("model.toml");
  ExpectOnly("model.toml", 0, 0, "file not found");
}

TEST_F(ModelLoaderTest, MissingRequiredTable) {
  Remove("techniques.csv");
  ExpectOnly("techniques.csv", 0, 0, "required table 'techniques' not found");
}

TEST_F(ModelLoaderTest, OptionalTableMayBeAbsentUnlessNamed) {
  Remove("actuals.csv");
  ExpectOnly("actuals.csv", 0, 0, "table 'actuals' named in model.toml [tables] not found");
  Replace("model.toml", "actuals = \"actuals.csv\"\n", "");
  const Result<Model> result = Load();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result.value().actuals.empty());
}

TEST_F(ModelLoaderTest, ResourceAvailabilityRequiredWhenResourcesExist) {
  Remove("resource_availability.csv");
  ExpectOnly("resource_availability.csv", 0, 0, "required table 'resource_availability'");
}

TEST_F(ModelLoaderTest, MissingColumnAndUnknownColumn) {
  Replace("technique_inputs.csv", "technique,product,coefficient", "technique,product,coef");
  const auto problems = Problems();
  ASSERT_EQ(problems.size(), 2u) << Dump(problems);
  ExpectAt(problems[0], "technique_inputs.csv", 1, 0, "missing column 'coefficient'");
  ExpectAt(problems[1], "technique_inputs.csv", 1, 3, "unknown column 'coef'");
}

TEST_F(ModelLoaderTest, NoteColumnsAreAllowed) {
  Replace("products.csv", "priority_weight\n", "priority_weight,notes\n");
  Replace("products.csv", "0.4,2\n", "0.4,2,\"made in Stalingrad, Kharkov\"\n");
  Replace("products.csv", "0.8,3\n", "0.8,3,\n");
  Replace("products.csv", "2.5,1\n", "2.5,1,\n");
  ASSERT_TRUE(Load().ok()) << Load().status().ToString();
}

TEST_F(ModelLoaderTest, UnknownProductReference) {
  Replace("technique_inputs.csv", "tractor_assembly,steel,", "tractor_assembly,stel,");
  const auto problems = Problems();
  ASSERT_EQ(problems.size(), 1u) << Dump(problems);
  ExpectAt(problems[0], "technique_inputs.csv", 7, 2, "unknown product 'stel'");
  EXPECT_THAT(problems[0].expected, HasSubstr(Path("products.csv")));
}

TEST_F(ModelLoaderTest, UnknownEnterpriseAndTechniqueReferences) {
  Replace("enterprise_techniques.csv", "red_dawn,grain_by_tractor", "red_down,grain_by_tractor");
  Replace("actuals.csv", "putilov,tractors", "putilov,tractor");
  const auto problems = Problems();
  ASSERT_EQ(problems.size(), 2u) << Dump(problems);
  ExpectAt(problems[0], "enterprise_techniques.csv", 5, 1, "unknown enterprise 'red_down'");
  EXPECT_THAT(problems[0].expected, HasSubstr("enterprises.csv"));
  ExpectAt(problems[1], "actuals.csv", 3, 2, "unknown product 'tractor'");
}

TEST_F(ModelLoaderTest, DuplicateId) {
  Append("products.csv", "grain,Rye,Mt,B,true,0.05,0,0\n");
  ExpectOnly("products.csv", 5, 1, "duplicate product id 'grain' (first defined on line 2)");
}

TEST_F(ModelLoaderTest, EmptyIdIsReportedOnceWithoutFollowUps) {
  // Without its id the steel row is lost: references to 'steel' are then not reported as unknown,
  // and the unreadable 'storable' does not also make storage_loss an error.
  Replace("products.csv", "steel,Steel,Mt,A,true", ",Steel,Mt,A,yes");
  const auto problems = Problems();
  ASSERT_EQ(problems.size(), 2u) << Dump(problems);
  ExpectAt(problems[0], "products.csv", 3, 1, "product id is empty");
  ExpectAt(problems[1], "products.csv", 3, 5, "storable is 'yes'");
}

TEST_F(ModelLoaderTest, DuplicatePairInTripletTable) {
  Append("technique_outputs.csv", "grain_by_hand,grain,0.9\n");
  ExpectOnly("technique_outputs.csv", 6, 2,
             "duplicate row for technique 'grain_by_hand' and product 'grain' (first on line 2)");
}

TEST_F(ModelLoaderTest, BadNumbersAreAllReported) {
  Replace("technique_inputs.csv", "grain_by_hand,grain,0.12", "grain_by_hand,grain,abc");
  Replace("technique_inputs.csv", "grain_by_tractor,grain,0.1", "grain_by_tractor,grain,NaN");
  Replace("technique_inputs.csv", "steel_open_hearth,grain,0.05", "steel_open_hearth,grain,inf");
  Replace("technique_inputs.csv", "steel_open_hearth,steel,0.02", "steel_open_hearth,steel,1e400");
  const auto problems = Problems();
  ASSERT_EQ(problems.size(), 4u) << Dump(problems);
  ExpectAt(problems[0], "technique_inputs.csv", 3, 3, "coefficient is 'abc', not a number");
  ExpectAt(problems[1], "technique_inputs.csv", 4, 3, "'NaN', not a finite number");
  ExpectAt(problems[2], "technique_inputs.csv", 5, 3, "'inf', not a finite number");
  ExpectAt(problems[3], "technique_inputs.csv", 6, 3, "'1e400', out of range");
}

TEST_F(ModelLoaderTest, NegativeCoefficientAndCapacity) {
  Replace("technique_resources.csv", "steel_open_hearth,labour,0.6",
          "steel_open_hearth,labour,-0.6");
  Replace("enterprise_techniques.csv", "putilov,tractor_assembly,0,5",
          "putilov,tractor_assembly,0,-5");
  const auto problems = Problems();
  ASSERT_EQ(problems.size(), 2u) << Dump(problems);
  ExpectAt(problems[0], "technique_resources.csv", 6, 3, "coefficient is negative (-0.6)");
  ExpectAt(problems[1], "enterprise_techniques.csv", 3, 4, "max_activity is negative (-5)");
}

// CLP refuses magnitudes above 1e20 (kMaxModelMagnitude; src/lp/clp_solver.cc). Every numeric
// column of every table that can hold such a number is checked where it is written, so `model
// check` never calls valid a model that `plan` or `check` then refuses as "<linear program>: ...
// beyond the solver's range". (storage_loss and depreciation are fractions below 1, checked by
// their own rules.) Lines and fields are those of examples/two-sector (the files are listed in
// docs/model-format.md).
TEST_F(ModelLoaderTest, NumbersBeyondTheSolversRangeAreRefusedWhereTheyStand) {
  Replace("products.csv", "grain,Grain,Mt,B,true,0.05,2.5,1", "grain,Grain,Mt,B,true,0.05,1e21,1");
  Replace("products.csv", "steel,Steel,Mt,A,true,0.01,0.8,3",
          "steel,Steel,Mt,A,true,0.01,0.8,1e21");
  Replace("resources.csv", "land,Arable land,million ha,0.1", "land,Arable land,million ha,1e21");
  Replace("resource_availability.csv", "labour,1929,30", "labour,1929,1e21");
  Replace("technique_inputs.csv", "grain_by_hand,grain,0.12", "grain_by_hand,grain,1e21");
  Replace("technique_outputs.csv", "grain_by_hand,grain,1", "grain_by_hand,grain,1e21");
  Replace("technique_resources.csv", "grain_by_hand,labour,0.6", "grain_by_hand,labour,1e21");
  Replace("technique_capital.csv", "steel_open_hearth,steel,1.5", "steel_open_hearth,steel,1e21");
  Replace("enterprise_techniques.csv", "putilov,steel_open_hearth,0.5,6",
          "putilov,steel_open_hearth,0.5,1e21");
  Replace("enterprise_techniques.csv", "putilov,tractor_assembly,0,5",
          "putilov,tractor_assembly,1e21,5");
  Replace("initial_stocks.csv", "putilov,steel,4.2", "putilov,steel,1e21");
  Replace("final_demand.csv", "consumption,grain,1929,40,1", "consumption,grain,1929,1e21,1");
  Replace("final_demand.csv", "consumption,grain,1930,41,1", "consumption,grain,1930,41,1e21");
  Replace("targets.csv", "steel_1931,steel,,1931,7.5", "steel_1931,steel,,1931,1e21");
  Replace("actuals.csv", "putilov,steel,1929,4.9", "putilov,steel,1929,1e21");
  const auto problems = Problems();
  ASSERT_EQ(problems.size(), 15u) << Dump(problems);
  const char* beyond = "is beyond the solvers' range";
  ExpectAt(problems[0], "products.csv", 2, 7, std::string("initial_stock 1e21 ") + beyond);
  ExpectAt(problems[1], "products.csv", 3, 8, std::string("priority_weight 1e21 ") + beyond);
  ExpectAt(problems[2], "resources.csv", 3, 4, std::string("weight 1e21 ") + beyond);
  ExpectAt(problems[3], "resource_availability.csv", 2, 3, std::string("quantity 1e21 ") + beyond);
  ExpectAt(problems[4], "technique_inputs.csv", 3, 3, std::string("coefficient 1e21 ") + beyond);
  ExpectAt(problems[5], "technique_outputs.csv", 2, 3, std::string("coefficient 1e21 ") + beyond);
  ExpectAt(problems[6], "technique_resources.csv", 2, 3, std::string("coefficient 1e21 ") + beyond);
  ExpectAt(problems[7], "technique_capital.csv", 3, 3, std::string("coefficient 1e21 ") + beyond);
  ExpectAt(problems[8], "enterprise_techniques.csv", 2, 4,
           std::string("max_activity 1e21 ") + beyond);
  EXPECT_THAT(problems[8].expected, HasSubstr("leave the cell empty for no ceiling"));
  ExpectAt(problems[9], "enterprise_techniques.csv", 3, 3,
           std::string("min_activity 1e21 ") + beyond);
  ExpectAt(problems[10], "initial_stocks.csv", 2, 3, std::string("quantity 1e21 ") + beyond);
  ExpectAt(problems[11], "final_demand.csv", 2, 4, std::string("floor 1e21 ") + beyond);
  ExpectAt(problems[12], "final_demand.csv", 3, 5, std::string("target 1e21 ") + beyond);
  ExpectAt(problems[13], "targets.csv", 2, 5, std::string("quantity 1e21 ") + beyond);
  ExpectAt(problems[14], "actuals.csv", 2, 4, std::string("quantity 1e21 ") + beyond);
  for (const Diagnostic& d : problems)
    EXPECT_THAT(d.expected, HasSubstr("at most 1e20")) << d.ToString();
}

// The limit the messages name is accepted: 1e20 in the same cells loads (the derived sums and costs
// stay within 1e20 too: the target mix of grain in 1930 is 1e20 alone; grain_by_hand's priority
// cost is 1 x 1e20 = 1e20, steel_open_hearth's is 1e20 x 1 = 1e20; min_resources costs: labour
// weight 1 x 1e20 = 1e20 for grain_by_hand plus land 0.1 x 1.4 = 0.14, which is below half an ulp
// of 1e20, so exactly 1e20 in floating point; every other technique's cost is a few units).
TEST_F(ModelLoaderTest, NumbersUpToTheSolversRangeAreAccepted) {
  Replace("products.csv", "grain,Grain,Mt,B,true,0.05,2.5,1", "grain,Grain,Mt,B,true,0.05,1e20,1");
  Replace("products.csv", "steel,Steel,Mt,A,true,0.01,0.8,3",
          "steel,Steel,Mt,A,true,0.01,0.8,1e20");
  Replace("resource_availability.csv", "labour,1929,30", "labour,1929,1e20");
  Replace("technique_inputs.csv", "grain_by_hand,grain,0.12", "grain_by_hand,grain,1e20");
  Replace("technique_outputs.csv", "grain_by_hand,grain,1", "grain_by_hand,grain,1e20");
  Replace("technique_resources.csv", "grain_by_hand,labour,0.6", "grain_by_hand,labour,1e20");
  Replace("technique_capital.csv", "steel_open_hearth,steel,1.5", "steel_open_hearth,steel,1e20");
  Replace("enterprise_techniques.csv", "putilov,steel_open_hearth,0.5,6",
          "putilov,steel_open_hearth,0.5,1e20");
  Replace("enterprise_techniques.csv", "putilov,tractor_assembly,0,5",
          "putilov,tractor_assembly,1e20,1e20");
  Replace("initial_stocks.csv", "putilov,steel,4.2", "putilov,steel,1e20");
  Replace("final_demand.csv", "consumption,grain,1929,40,1", "consumption,grain,1929,1e20,1");
  Replace("final_demand.csv", "consumption,grain,1930,41,1", "consumption,grain,1930,41,1e20");
  Replace("targets.csv", "steel_1931,steel,,1931,7.5", "steel_1931,steel,,1931,1e20");
  Replace("actuals.csv", "putilov,steel,1929,4.9", "putilov,steel,1929,1e20");
  const auto model = Load();
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_TRUE(CheckModelRange(model.value()).ok());
}

// Numbers the plan LP derives from several cells are held to the same limit, told at the row that
// crosses it: grain's targets in 1929 are 1e20 (consumption) + 1e20 (export) = 2e20 over the
// categories (the plan-ray target mix, one LP coefficient); grain_by_hand's min_resources cost is
// labour weight 1e20 x 2 + land 0.1 x 1.4 = 2e20 (rounded); steel_open_hearth's priority_output
// cost is steel's weight 1e20 x its output 2 = 2e20. Each is refused even though every cell is
// within 1e20, whatever the model's own objective (`plan --objective` may pick any).
TEST_F(ModelLoaderTest, DerivedLpNumbersBeyondTheSolversRangeAreRefused) {
  Replace("final_demand.csv", "consumption,grain,1929,40,1", "consumption,grain,1929,40,1e20");
  Replace("final_demand.csv", "export,grain,1929,0.5,", "export,grain,1929,0.5,1e20");
  Replace("resources.csv", "labour,Labour,million person-years,1",
          "labour,Labour,million person-years,1e20");
  Replace("technique_resources.csv", "grain_by_hand,labour,0.6", "grain_by_hand,labour,2");
  Replace("products.csv", "steel,Steel,Mt,A,true,0.01,0.8,3",
          "steel,Steel,Mt,A,true,0.01,0.8,1e20");
  Replace("technique_outputs.csv", "steel_open_hearth,steel,1", "steel_open_hearth,steel,2");
  const auto problems = Problems();
  ASSERT_EQ(problems.size(), 3u) << Dump(problems);
  ExpectAt(problems[0], "final_demand.csv", 8, 5,
           "the targets of product 'grain' in 1929 add up to 2e+20 over all categories");
  ExpectAt(problems[1], "techniques.csv", 2, 1,
           "technique 'grain_by_hand' costs 2e+20 per unit of activity in the "
           "min_resources objective");
  ExpectAt(problems[2], "techniques.csv", 4, 1,
           "technique 'steel_open_hearth' costs 2e+20 per unit of activity in "
           "the priority_output objective");
}

TEST_F(ModelLoaderTest, YearWeightBeyondTheSolversRange) {
  Replace("model.toml", "year_weights = [1, 1, 1]", "year_weights = [1e21, 1, 1]");
  ExpectOnly("model.toml", 11, 17,
             "objective.year_weights has the weight 1e+21, beyond the solvers' range");
}

// A binary cache is trusted only for models that pass the range check: one holding a floor of 1e21
// (as a cache written before the range existed could) is ignored and the tables are read, which
// hold the example's floor of 40 Mt of grain for 1929 (final_demand.csv line 2).
TEST_F(ModelLoaderTest, CachedModelBeyondTheSolversRangeIsNotTrusted) {
  auto model = Load();
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  Model bad = model.value();
  ASSERT_EQ(bad.final_demand[0].floor, 40.0);
  bad.final_demand[0].floor = 1e21;
  LoadOptions options;
  options.cache = ModelCacheMode::kRead;
  auto key = ComputeModelCacheKey(scratch_.path(), options);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  ASSERT_TRUE(WriteModelCache(bad, key.value(), ModelCachePath(scratch_.path(), 0)).ok());
  auto loaded = Load(options);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded.value().final_demand[0].floor, 40.0);
  EXPECT_TRUE(CheckModelRange(loaded.value()).ok());
}

TEST_F(ModelLoaderTest, ZeroOutputCoefficient) {
  Replace("technique_outputs.csv", "tractor_assembly,tractors,1", "tractor_assembly,tractors,0");
  ExpectOnly("technique_outputs.csv", 5, 3, "output coefficient is 0");
}

TEST_F(ModelLoaderTest, MinActivityAboveMaxActivity) {
  Replace("enterprise_techniques.csv", "putilov,steel_open_hearth,0.5,6",
          "putilov,steel_open_hearth,7,6");
  ExpectOnly("enterprise_techniques.csv", 2, 4, "max_activity 6 is below min_activity 7");
}

TEST_F(ModelLoaderTest, EmptyRequiredTable) {
  Write("enterprises.csv", "id,name,kind,region,construction_lag\n");
  // Said once: references into the empty table are not reported again.
  ExpectOnly("enterprises.csv", 1, 0, "table has a header but no rows");
}

TEST_F(ModelLoaderTest, RaggedRow) {
  Replace("products.csv", "steel,Steel,Mt,A,true,0.01,0.8,3", "steel,Steel,Mt,A,true,0.01,0.8");
  // The row is skipped; the references to 'steel' elsewhere are not reported as unknown.
  ExpectOnly("products.csv", 3, 0, "row has 7 fields");
}

TEST_F(ModelLoaderTest, Utf16ByteOrderMark) {
  Write("techniques.csv", std::string("\xFF\xFEi\0d\0", 6));
  ExpectOnly("techniques.csv", 1, 1, "UTF-16 or UTF-32");
}

TEST_F(ModelLoaderTest, InvalidUtf8) {
  Replace("enterprises.csv", "Red Dawn", "Red D\xE2wn");  // a Latin-1 byte
  ExpectOnly("enterprises.csv", 3, 15, "invalid UTF-8 byte");
}

TEST_F(ModelLoaderTest, YearOutsideTheHorizon) {
  Append("final_demand.csv", "export,grain,1935,0.5,,\n");
  Append("resource_availability.csv", "land,1928,100\n");
  const auto problems = Problems();
  ASSERT_EQ(problems.size(), 2u) << Dump(problems);
  ExpectAt(problems[0], "resource_availability.csv", 8, 2, "year 1928 is outside the plan");
  ExpectAt(problems[1], "final_demand.csv", 9, 3, "year 1935 is outside the plan");
  EXPECT_EQ(problems[1].expected, "a year from 1929 to 1931 (base_year 1928 is t = 0)");
}

TEST_F(ModelLoaderTest, TechniqueProducingNothing) {
  Replace("technique_outputs.csv", "tractor_assembly,tractors,1\n", "");
  ExpectOnly("techniques.csv", 5, 1, "technique 'tractor_assembly' produces nothing");
}

TEST_F(ModelLoaderTest, ResourceMissingAvailabilityForAPlanYear) {
  Replace("resource_availability.csv", "land,1930,115\n", "");
  const auto problems = Problems();
  ASSERT_EQ(problems.size(), 1u) << Dump(problems);
  ExpectAt(problems[0], "resources.csv", 3, 1,
           "resource 'land' has no availability for 1930 (plan year 2)");
  EXPECT_THAT(problems[0].expected, HasSubstr("land,1930,<quantity>"));
}

TEST_F(ModelLoaderTest, EnterpriseKindNotInTheList) {
  Replace("enterprises.csv", ",factory,", ",fabrika,");
  ExpectOnly("enterprises.csv", 2, 3, "unknown enterprise kind 'fabrika'");
}

TEST_F(ModelLoaderTest, GroupNotAOrB) {
  Replace("products.csv", "Steel,Mt,A,", "Steel,Mt,a,");
  ExpectOnly("products.csv", 3, 4, "group is 'a'");
}

TEST_F(ModelLoaderTest, ConstructionLagBelowOneOrNotWhole) {
  Replace("enterprises.csv", "Stalingrad,2", "Stalingrad,0");
  Replace("enterprises.csv", "Leningrad,1", "Leningrad,1.5");
  const auto problems = Problems();
  ASSERT_EQ(problems.size(), 2u) << Dump(problems);
  ExpectAt(problems[0], "enterprises.csv", 2, 5, "construction_lag is '1.5', not a whole number");
  ExpectAt(problems[1], "enterprises.csv", 4, 5, "construction_lag 0 is out of range");
}

TEST_F(ModelLoaderTest, DepreciationOutsideZeroOne) {
  Replace("technique_capital.csv", "tractors,0.02,0.12", "tractors,0.02,1.2");
  Replace("technique_capital.csv", "steel,1.5,0.04", "steel,1.5,-0.04");
  const auto problems = Problems();
  ASSERT_EQ(problems.size(), 2u) << Dump(problems);
  ExpectAt(problems[0], "technique_capital.csv", 2, 4, "depreciation 1.2 is above 1");
  ExpectAt(problems[1], "technique_capital.csv", 3, 4, "depreciation is negative");
}

TEST_F(ModelLoaderTest, StorageLossOutsideZeroOne) {
  Replace("products.csv", "true,0.05,", "true,1,");
  Replace("products.csv", "true,0.01,", "true,-0.01,");
  const auto problems = Problems();
  ASSERT_EQ(problems.size(), 2u) << Dump(problems);
  ExpectAt(problems[0], "products.csv", 2, 6, "storage_loss 1 is not below 1");
  ExpectAt(problems[1], "products.csv", 3, 6, "storage_loss is negative");
}

TEST_F(ModelLoaderTest, StockOfANonStorableProduct) {
  Replace("products.csv", "Steel,Mt,A,true,0.01,0.8", "Steel,Mt,A,false,0,0.8");
  ExpectOnly("products.csv", 3, 7, "initial_stock given for a product that is not storable");
}

TEST_F(ModelLoaderTest, EnterpriseRunningNoTechnique) {
  Append("enterprises.csv", "magnitka,Magnitogorsk,construction_site,Urals,3\n");
  ExpectOnly("enterprises.csv", 5, 1, "enterprise 'magnitka' runs no technique");
}

TEST_F(ModelLoaderTest, TechniqueRunByNoEnterprise) {
  Replace("enterprise_techniques.csv", "red_dawn,grain_by_hand,,\n", "");
  ExpectOnly("techniques.csv", 2, 1, "technique 'grain_by_hand' is run by no enterprise");
}

TEST_F(ModelLoaderTest, DuplicateQuotaId) {
  Append("targets.csv", "steel_1931,steel,putilov,1931,5\n");
  ExpectOnly("targets.csv", 4, 1, "duplicate quota id 'steel_1931' (first defined on line 2)");
}

TEST_F(ModelLoaderTest, FileSizeCap) {
  LoadOptions options;
  options.max_file_bytes = 200;  // model.toml and technique_inputs.csv are larger
  const auto problems = Problems(options);
  ASSERT_GE(problems.size(), 2u) << Dump(problems);
  ExpectAt(problems[0], "model.toml", 0, 0, "file is too large");
  EXPECT_EQ(problems[0].expected, "at most 200 bytes");
  ExpectAt(problems[1], "technique_inputs.csv", 0, 0, "file is too large");
  for (const Diagnostic& d : problems) EXPECT_THAT(d.message, HasSubstr("file is too large"));
}

TEST_F(ModelLoaderTest, FolderInPlaceOfATable) {
  Remove("actuals.csv");
  std::filesystem::create_directory(Path("actuals.csv"));
  ExpectOnly("actuals.csv", 0, 0, "is a folder, not a file");
}

TEST_F(ModelLoaderTest, TomlSyntaxErrorHasLineAndColumn) {
  Replace("model.toml", "horizon = 3 ", "horizon = = 3 ");
  const auto problems = Problems();
  ASSERT_EQ(problems.size(), 1u) << Dump(problems);
  EXPECT_EQ(problems[0].file, Path("model.toml"));
  EXPECT_EQ(problems[0].line, 6);
  EXPECT_GT(problems[0].column, 0);
  EXPECT_THAT(problems[0].message, HasSubstr("TOML syntax error"));
}

TEST_F(ModelLoaderTest, TomlUnknownKeyWrongTypeAndMissingKey) {
  Replace("model.toml", "name = \"Two-sector economy\"\n", "");
  Replace("model.toml", "base_year = 1928", "base_year = \"1928\"");
  Replace("model.toml", "kind = \"plan_ray\"", "kind = \"plan_ray\"\nweight = 2");
  Replace("model.toml", "name = \"clp\"", "name = \"simplex\"");
  const auto problems = Problems();
  ASSERT_EQ(problems.size(), 4u) << Dump(problems);
  ExpectAt(problems[0], "model.toml", 0, 0, "missing required key 'name'");
  ExpectAt(problems[1], "model.toml", 4, 13, "key 'base_year' is a string");
  EXPECT_EQ(problems[1].expected, "an integer");
  ExpectAt(problems[2], "model.toml", 10, 1, "unknown key 'objective.weight'");
  ExpectAt(problems[3], "model.toml", 16, 8, "unknown solver 'simplex'");
}

TEST_F(ModelLoaderTest, YearWeightsMustMatchTheHorizon) {
  Replace("model.toml", "year_weights = [1, 1, 1]", "year_weights = [1, 1]");
  ExpectOnly("model.toml", 11, 16, "objective.year_weights has 2 weights");
}

TEST_F(ModelLoaderTest, SeveralProblemsInOneRunAreAllReported) {
  Replace("model.toml", "horizon = 3 ", "horizon = 0 ");
  Replace("products.csv", "Steel,Mt,A,", "Steel,Mt,C,");
  Replace("technique_inputs.csv", "tractor_assembly,steel,", "tractor_assembly,stel,");
  Replace("enterprises.csv", ",factory,", ",fabrika,");
  Append("actuals.csv", "putilov,steel,1929,-1\n");
  const auto problems = Problems();
  ASSERT_EQ(problems.size(), 5u) << Dump(problems);
  ExpectAt(problems[0], "model.toml", 6, 11, "key 'horizon' is 0, out of range");
  ExpectAt(problems[1], "products.csv", 3, 4, "group is 'C'");
  ExpectAt(problems[2], "technique_inputs.csv", 7, 2, "unknown product 'stel'");
  ExpectAt(problems[3], "enterprises.csv", 2, 3, "unknown enterprise kind 'fabrika'");
  ExpectAt(problems[4], "actuals.csv", 5, 4, "quantity is negative");
}

TEST_F(ModelLoaderTest, DiagnosticsStopAtTheCap) {
  std::string rows;
  for (int k = 0; k < 50; ++k) rows += "grain_by_hand,grain,x\n";
  Append("technique_inputs.csv", rows);
  LoadOptions options;
  options.max_diagnostics = 10;
  const Result<Model> result = Load(options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().diagnostics().list().size(), 10u);
  EXPECT_GE(result.status().diagnostics().total(), 10u);
}

}  // namespace
}  // namespace gosplan
