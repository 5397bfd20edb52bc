// The one description of the Model (src/model/model_fields.h): it lists every data member of every
// record (counted from the structs themselves, an independent path), the comparison of the tests
// notices a change in any field it lists, the hand-written example's CSV headers use its columns,
// and the writer, loader and binary cache it drives give back the same model field by field.
#include "model/model_fields.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "gosplan/generate.h"
#include "gosplan/model.h"
#include "gosplan/model_cache.h"
#include "gosplan/model_writer.h"
#include "model_compare.h"
#include "test_support.h"

namespace gosplan {
namespace {

namespace fs = std::filesystem;
using testing::ExpectSameModel;
using testing::ScratchFolder;
using testing::SourcePath;

// ---- the number of members of an aggregate, from the struct itself ---------------------------
// T{AnyValue{}, ...} compiles with at most as many initialisers as T has members (every member
// here is a scalar, an enum, a string, a vector or a map, each constructible from AnyValue).
struct AnyValue {
  template <class T>
  operator T() const;  // declared only: used in unevaluated requires-expressions
};
template <class T, class... Values>
constexpr std::size_t MemberCount() {
  if constexpr (requires { T{Values{}..., AnyValue{}}; }) {
    return MemberCount<T, Values..., AnyValue>();
  } else {
    return sizeof...(Values);
  }
}

// Hand count of the members of model.h's structs, all of which carry data (none is a cache or a
// derived value): a new member makes MemberCount differ from these numbers, and the test below then
// asks for its line in model_fields.h.
//   ModelSettings: name, description, base_year, horizon, units, objective, year_weights,
//                  terminal, terminal_growth_rate, quotas_as_constraints, solver,
//                  trade_currency, credit_limit, interest_rate, initial_reserves,
//                  initial_debt                                                            = 16
//   Product: id, name, unit, group, storable, storage_loss, initial_stock, priority_weight  = 8
//   Resource: id, name, unit, weight                                                       = 4
//   Technique: id, name                                                                    = 2
//   Coefficient: technique, item, value                                                    = 3
//   CapitalCoefficient: technique, product, per_unit_activity, depreciation                = 4
//   Enterprise: id, name, kind, region, construction_lag                                   = 5
//   EnterpriseTechnique: enterprise, technique, min_activity, max_activity                 = 4
//   InitialStock: enterprise, product, quantity                                            = 3
//   ConstructionInProgress: enterprise, product, year_usable, quantity                     = 4
//   OutlayShare: enterprise, enterprise_kind, year_offset, share                           = 4
//   FinalDemand: category, product, year, floor, target, region                            = 6
//   Quota: id, product, enterprise, year, quantity                                         = 5
//   Actual: enterprise, product, year, quantity                                            = 4
//   WorldPrice: product, year, export_price, import_price, max_export, max_import          = 6
//   Region: id, name                                                                       = 2
//   TransportLink: id, from_region, to_region, product, distance_km, transport_product,
//                  transport_per_unit_km, capacity, capacity_product, capacity_cost,
//                  construction_lag                                                        = 11
//   Model: folder, settings, products, resources, resource_availability, techniques, inputs,
//          outputs, resource_use, capital, enterprises, enterprise_techniques, initial_stocks,
//          construction_in_progress, outlay_shares, final_demand_categories, final_demand,
//          quotas, actuals, world_prices, regions, transport_links (22), and the id -> index
//          maps product_index, resource_index, technique_index, enterprise_index,
//          category_index, region_index, transport_link_index (7)                          = 29
TEST(ModelFields, StructsHaveTheMembersCountedByHand) {
  EXPECT_EQ(MemberCount<ModelSettings>(), 16u);
  EXPECT_EQ(MemberCount<Product>(), 8u);
  EXPECT_EQ(MemberCount<Resource>(), 4u);
  EXPECT_EQ(MemberCount<Technique>(), 2u);
  EXPECT_EQ(MemberCount<Coefficient>(), 3u);
  EXPECT_EQ(MemberCount<CapitalCoefficient>(), 4u);
  EXPECT_EQ(MemberCount<Enterprise>(), 5u);
  EXPECT_EQ(MemberCount<EnterpriseTechnique>(), 4u);
  EXPECT_EQ(MemberCount<InitialStock>(), 3u);
  EXPECT_EQ(MemberCount<ConstructionInProgress>(), 4u);
  EXPECT_EQ(MemberCount<OutlayShare>(), 4u);
  EXPECT_EQ(MemberCount<FinalDemand>(), 6u);
  EXPECT_EQ(MemberCount<Quota>(), 6u);
  EXPECT_EQ(MemberCount<Actual>(), 4u);
  EXPECT_EQ(MemberCount<WorldPrice>(), 6u);
  EXPECT_EQ(MemberCount<Region>(), 2u);
  EXPECT_EQ(MemberCount<TransportLink>(), 11u);
  EXPECT_EQ(MemberCount<Model>(), 29u);
}

// Each part VisitModel visits, with its number of fields and whether it keeps an id -> index map.
struct PartCounter {
  std::vector<std::string> parts;
  std::vector<std::size_t> fields;
  std::size_t index_maps = 0;
  std::set<std::string> distinct_members;  // "record type/field" pairs, to see none is listed twice

  template <class Description>
  void Settings(const Description& description, const ModelSettings&) {
    parts.emplace_back(description.key);
    fields.push_back(model::FieldCount(description));
    Distinct(description);
  }
  template <class Description, class Record>
  void Records(const Description& table, const std::vector<Record>&) {
    parts.emplace_back(table.key);
    fields.push_back(model::FieldCount(table));
    index_maps += table.index != nullptr ? 1 : 0;
    Distinct(table);
  }
  template <class List, class Value>
  void Values(const List& list, const std::vector<Value>&) {
    parts.emplace_back(list.key);
    fields.push_back(1);
    index_maps += list.index != nullptr ? 1 : 0;
  }
  template <class Description>
  void Distinct(const Description& description) {
    std::set<std::string> names;
    model::ForEachField(description, [&](const auto& field) {
      EXPECT_TRUE(names.insert(std::string(field.name)).second)
          << description.key << " lists column " << field.name << " twice";
    });
  }
};

// Every member counted above is visited: the record types' members each once as a field, the
// Model's 25 members as 19 parts (settings and 18 vectors), 5 index maps and `folder` (not data).
TEST(ModelFields, DescriptionListsEveryMember) {
  const Model model;
  PartCounter counter;
  model::VisitModel(model, counter);
  const std::vector<std::string> parts = {"model.toml",        "products",
                                          "resources",         "resource_availability",
                                          "techniques",        "technique_inputs",
                                          "technique_outputs", "technique_resources",
                                          "technique_capital", "enterprises",
                                          "regions",           "enterprise_techniques",
                                          "initial_stocks",    "construction_in_progress",
                                          "outlay_profiles",   "final_demand_categories",
                                          "final_demand",      "targets",
                                          "actuals",           "world_prices",
                                          "transport_links"};
  EXPECT_EQ(counter.parts, parts);
  const std::vector<std::size_t> fields = {MemberCount<ModelSettings>(),
                                           MemberCount<Product>(),
                                           MemberCount<Resource>(),
                                           1,  // availability: one number per resource and year
                                           MemberCount<Technique>(),
                                           MemberCount<Coefficient>(),
                                           MemberCount<Coefficient>(),
                                           MemberCount<Coefficient>(),
                                           MemberCount<CapitalCoefficient>(),
                                           MemberCount<Enterprise>(),
                                           MemberCount<Region>(),
                                           MemberCount<EnterpriseTechnique>(),
                                           MemberCount<InitialStock>(),
                                           MemberCount<ConstructionInProgress>(),
                                           MemberCount<OutlayShare>(),
                                           1,  // the category names
                                           MemberCount<FinalDemand>(),
                                           MemberCount<Quota>(),
                                           MemberCount<Actual>(),
                                           MemberCount<WorldPrice>(),
                                           MemberCount<TransportLink>()};
  EXPECT_EQ(counter.fields, fields);
  EXPECT_EQ(counter.parts.size() + counter.index_maps + 1, MemberCount<Model>());
  // The table keys of model.toml's [tables]: the parts that are files.
  std::vector<std::string> keys;
  for (std::string_view key : model::TableKeys()) keys.emplace_back(key);
  std::vector<std::string> files = parts;
  files.erase(files.begin());       // model.toml
  files.erase(files.begin() + 14);  // final_demand_categories
  EXPECT_EQ(keys, files);
}

// ---- the comparison notices every field -------------------------------------------------------

// Changes a value so that it differs from before.
template <class Member>
void Change(Member& value) {
  if constexpr (std::is_same_v<Member, std::string>) {
    value += "x";
  } else if constexpr (std::is_same_v<Member, bool>) {
    value = !value;
  } else if constexpr (std::is_enum_v<Member>) {
    value = static_cast<Member>(static_cast<int>(value) == 0 ? 1 : 0);
  } else if constexpr (std::is_same_v<Member, std::vector<double>>) {
    value.push_back(1.0);
  } else if constexpr (std::is_same_v<Member, double>) {
    value = std::isfinite(value) ? value + 1 : 0.0;  // max_activity may be +infinity
  } else {
    value = value + 1;
  }
}

// For each field of each part: a copy of `model` with that field changed in one record must fail
// ExpectSameModel, with the column's name in the message.
class EveryFieldChanged {
 public:
  explicit EveryFieldChanged(const Model& model) : model_(model) {}

  template <class Description>
  void Settings(const Description& description, const ModelSettings&) {
    model::ForEachField(description, [&](const auto& field) {
      Model changed = model_;
      Change(changed.settings.*field.member);
      ExpectNoticed(changed, field.name);
    });
  }
  template <class Description, class Record>
  void Records(const Description& table, const std::vector<Record>& records) {
    ASSERT_FALSE(records.empty()) << table.key << ": the example needs a row in every table";
    model::ForEachField(table, [&](const auto& field) {
      Model changed = model_;
      Change((changed.*table.records).back().*field.member);
      ExpectNoticed(changed, field.name);
    });
  }
  template <class List, class Value>
  void Values(const List& list, const std::vector<Value>& values) {
    ASSERT_FALSE(values.empty()) << list.key;
    Model changed = model_;
    Change((changed.*list.values).back());
    ExpectNoticed(changed, list.key);
  }
  int changes() const { return changes_; }

 private:
  void ExpectNoticed(const Model& changed, std::string_view name) {
    ++changes_;
    SCOPED_TRACE(std::string(name));
    EXPECT_NONFATAL_FAILURE(ExpectSameModel(model_, changed), std::string(name));
  }

  const Model& model_;
  int changes_ = 0;
};

Model LoadExample() {
  auto loaded = LoadModel(SourcePath("examples/ussr-1928"));
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  return std::move(loaded).value();
}

TEST(ModelFields, ComparisonNoticesAChangeInEveryField) {
  Model model = LoadExample();
  // The example has no construction in progress (its plan starts from finished stocks): one row
  // (5 units of some product at some enterprise, usable in the second plan year).
  model.construction_in_progress.push_back(
      {model.enterprise_index.begin()->second, model.product_index.begin()->second, 2, 5.0});
  // Nor outlay profiles: one share (the comparison does not check that a profile sums to 1).
  model.outlay_shares.push_back({model.enterprise_index.begin()->second, "", 0, 1.0});
  // Nor world prices (examples/ussr-1928-trade has them): one row, every field given.
  model.world_prices.push_back({model.product_index.begin()->second, 1, 1.0, 2.0, 3.0, 4.0});
  // Nor regions and transport links (examples/ussr-1928-regions has them): two regions and one
  // link, every field given.
  model.regions.push_back({"west", "West"});
  model.regions.push_back({"east", "East"});
  const Index some = model.product_index.begin()->second;
  model.transport_links.push_back({"rail", 0, 1, some, 100.0, some, 0.001, 5.0, some, 2.0, 2});
  EveryFieldChanged visitor(model);
  model::VisitModel(model, visitor);
  // 16 settings + 8 + 4 + 1 + 2 + 3 x 3 + 4 + 5 + 2 + 4 + 3 + 4 + 4 + 1 + 6 + 6 + 4 + 6 + 11 (the
  // counts above).
  EXPECT_EQ(visitor.changes(),
            16 + 8 + 4 + 1 + 2 + 9 + 4 + 5 + 2 + 4 + 3 + 4 + 4 + 1 + 6 + 6 + 4 + 6 + 11);
  ExpectSameModel(model, model);
}

// ---- the example's hand-written headers use the description's columns -------------------------

struct HeaderCheck {
  std::string folder;

  template <class Description>
  void Settings(const Description&, const ModelSettings&) {}
  template <class Description, class Record>
  void Records(const Description& table, const std::vector<Record>&) {
    std::vector<std::pair<std::string, bool>> columns;
    model::ForEachField(table, [&](const auto& field) {
      columns.emplace_back(std::string(field.name), field.required);
    });
    Check(table.key, columns);
  }
  template <class List, class Value>
  void Values(const List& list, const std::vector<Value>&) {
    if (!list.file) return;
    std::vector<std::pair<std::string, bool>> columns;
    for (std::string_view column : list.columns) columns.emplace_back(std::string(column), true);
    Check(list.key, columns);
  }
  void Check(std::string_view key, const std::vector<std::pair<std::string, bool>>& columns) {
    SCOPED_TRACE(std::string(key));
    // The example has no construction in progress (a table `gosplan replan` writes); its
    // hand-written headers are in tests/replan_test.cc, which loads them.
    if (key == "construction_in_progress") return;
    // Nor outlay profiles (tests/outlay_profile_test.cc loads hand-written ones).
    if (key == "outlay_profiles") return;
    // Nor world prices: its trade variant's hand-written header is checked here.
    // Nor regions and transport links: its regional variant's (and its final demand's region).
    const std::string base = key == "world_prices" ? SourcePath("examples/ussr-1928-trade")
                             : key == "regions" || key == "transport_links"
                                 ? SourcePath("examples/ussr-1928-regions")
                                 : folder;
    std::ifstream file(base + "/" + std::string(key) + ".csv");
    std::string header;  // the first line that is not blank or a comment
    while (std::getline(file, header) && (header.empty() || header.front() == '#')) {
    }
    ASSERT_FALSE(header.empty());
    std::set<std::string> names;
    std::stringstream cells(header);
    for (std::string cell; std::getline(cells, cell, ',');) names.insert(cell);
    for (const auto& [name, required] : columns) {
      if (required) {
        EXPECT_EQ(names.count(name), 1u) << "required column " << name;
      }
    }
    for (const std::string& name : names) {
      bool known = name.starts_with("note");
      for (const auto& column : columns) known = known || column.first == name;
      EXPECT_TRUE(known) << "column " << name << " of the example is not in the description";
    }
  }
};

TEST(ModelFields, ExampleHeadersUseTheDescribedColumns) {
  HeaderCheck check{SourcePath("examples/ussr-1928")};
  const Model model;
  model::VisitModel(model, check);
}

// ---- round trips through the writer, the loader and the cache --------------------------------

Model ThroughFolder(const Model& model, const std::string& folder) {
  const Status written = WriteModelFolder(model, folder, false);
  EXPECT_TRUE(written.ok()) << written.ToString();
  auto loaded = LoadModel(folder);
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  return loaded.ok() ? std::move(loaded).value() : Model();
}

ModelCacheKey SomeKey() {
  ModelCacheKey key;
  key.files.push_back({"model.toml", "model.toml", true, 123, 1'700'000'000'000'000'000});
  return key;
}

Model ThroughCache(const Model& model, const std::string& path) {
  const Status written = WriteModelCache(model, SomeKey(), path);
  EXPECT_TRUE(written.ok()) << written.ToString();
  auto read = ReadModelCache(path, SomeKey());
  EXPECT_TRUE(read.ok()) << read.status().ToString();
  return read.ok() ? std::move(read).value() : Model();
}

Model Generated() {
  GenerateOptions options;
  options.products = 120;
  options.inputs_per_product = 5;
  options.years = 3;
  options.seed = 7;
  auto generated = GenerateEconomy(options);
  EXPECT_TRUE(generated.ok()) << generated.status().ToString();
  return std::move(generated).value();
}

TEST(ModelFields, Ussr1928RoundTripsThroughFolderAndCache) {
  ScratchFolder scratch;
  const Model model = LoadExample();
  ExpectSameModel(model, ThroughFolder(model, scratch.path() + "/written"));
  ExpectSameModel(model, ThroughCache(model, scratch.path() + "/model.bin"));
}

// GenerateEconomy leaves year_weights empty (all 1) and category_index unfilled, which the loader
// fills in; so the generated model is loaded once from a folder, and that model must then come back
// unchanged from a second folder and from the cache.
TEST(ModelFields, GeneratedEconomyRoundTripsThroughFolderAndCache) {
  ScratchFolder scratch;
  const Model generated = Generated();
  const Model model = ThroughFolder(generated, scratch.path() + "/first");
  ASSERT_EQ(model.products.size(), generated.products.size());
  ASSERT_EQ(model.settings.year_weights, std::vector<double>(3, 1.0));
  ExpectSameModel(model, ThroughFolder(model, scratch.path() + "/second"));
  ExpectSameModel(model, ThroughCache(model, scratch.path() + "/model.bin"));
}

// A cache of another format version (the body's layout follows the description) is refused before
// its body is read.
TEST(ModelFields, CacheOfAnotherFormatVersionIsRefused) {
  ScratchFolder scratch;
  const std::string path = scratch.path() + "/model.bin";
  ASSERT_TRUE(WriteModelCache(LoadExample(), SomeKey(), path).ok());
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  const unsigned char version_1[4] = {1, 0, 0, 0};  // u32 little-endian after the 8-byte magic
  file.seekp(8);
  file.write(reinterpret_cast<const char*>(version_1), sizeof version_1);
  file.close();
  auto read = ReadModelCache(path, SomeKey());
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().ToString().find("cache format version 1, expected " +
                                          std::to_string(kModelCacheFormatVersion)),
            std::string::npos)
      << read.status().ToString();
  EXPECT_NE(kModelCacheFormatVersion,
            1u);  // the layout of version 1 (strings before columns) is gone
}

}  // namespace
}  // namespace gosplan
