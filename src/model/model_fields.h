// The one description of gosplan::Model's data (include/gosplan/model.h): its parts in order,
// and for each record type the fields with their names in the model folder (CSV column or
// model.toml key), their order and what their values mean (an id, a position in another table, a
// plan year, ...).
//
// Who reads it:
//  - the binary cache (model_cache.cc) writes and reads every part and field through VisitModel
//    and ForEachField, with the checks that follow from the flags below (index ranges, plan years,
//    enum ranges, ids non-empty and distinct, per-plan-year sizes);
//  - the writer (model_writer.cc) takes every table's file name, columns, their order and how each
//    value is written from it; its checks of ids, indices, years and finiteness are per field too;
//  - the loader (loader.cc, manifest.cc) takes the table keys (TableKeys), each table's columns
//    with whether they are required, and model.toml's keys from it. Its parsing and checking of
//    each cell stays written out, so that every message stays exactly as it is (tests assert them);
//  - the tests' comparison of two models (tests/model_compare.h) compares every field through it.
//
// Adding a field: add the member to its struct in model.h and one Column(...) line to its table
// below (in file column order); the cache, the writer, the comparison and the loader's list of
// columns follow (bump kModelCacheFormatVersion). What is left by hand: the loader's parsing of the
// new column (one Cell/Number/Reference call with its message) and docs/model-format.md.
// Adding a table: a member of Model, a table below, one line in VisitModel.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "gosplan/model.h"
#include "model/manifest.h"

namespace gosplan::model {

// The table an Index field is a position in (written in files as that record's id).
enum class Target { kNone, kProduct, kResource, kTechnique, kEnterprise, kCategory, kRegion };

using IdIndex = gosplan::IdIndex;

// One field of a record: `member` of Record, called `name` in the files.
template <class Record, class Member>
struct Field {
  using RecordType = Record;
  using MemberType = Member;

  // CSV column, or model.toml key ("objective.kind": key kind of [objective]).
  std::string_view name;
  Member Record::*member;
  bool required = true;            // the CSV column (model.toml key) must be present
  bool is_id = false;              // std::string: the record's id, non-empty, distinct in its table
  Target target = Target::kNone;   // Index: the table it points into
  bool none_allowed = false;       // Index: -1 means "none" (an empty cell)
  bool plan_year = false;          // int: plan year t in 1..T (in files: calendar year base + t)
  bool unbounded_allowed = false;  // double: +infinity (kUnbounded) allowed, an empty cell in files
  bool per_plan_year = false;      // std::vector<double>: one value per plan year
  int min = 0, max = -1;           // int other than a plan year: valid range, when min <= max

  constexpr Field Optional() const { return With(&Field::required, false); }
  constexpr Field Id() const { return With(&Field::is_id, true); }
  constexpr Field PlanYear() const { return With(&Field::plan_year, true); }
  constexpr Field OrNone() const { return With(&Field::none_allowed, true); }
  constexpr Field Unbounded() const { return With(&Field::unbounded_allowed, true); }
  constexpr Field PerPlanYear() const { return With(&Field::per_plan_year, true); }
  constexpr Field Refers(Target table) const {
    Field field = *this;
    field.target = table;
    return field;
  }
  constexpr Field Range(int low, int high) const {
    Field field = *this;
    field.min = low;
    field.max = high;
    return field;
  }

 private:
  constexpr Field With(bool Field::*flag, bool value) const {
    Field field = *this;
    field.*flag = value;
    return field;
  }
};

template <class Record, class Member>
constexpr Field<Record, Member> Column(std::string_view name, Member Record::*member) {
  return Field<Record, Member>{name, member};
}

// A table of records: Model::*records, read from and written to "<key>.csv".
template <class Record, class... Fields>
struct RecordTable {
  using RecordType = Record;
  std::string_view key;   // [tables] key in model.toml, and the default file "<key>.csv"
  std::string_view noun;  // one record, for messages: "product"
  std::vector<Record> Model::*records;
  IdIndex Model::*index;  // id -> position, rebuilt from the ids; nullptr when not kept
  std::tuple<Fields...> fields;
};

template <class Record, class... Fields>
constexpr RecordTable<Record, Fields...> Table(std::string_view key, std::string_view noun,
                                               std::vector<Record> Model::*records,
                                               IdIndex Model::*index, Fields... fields) {
  return {key, noun, records, index, std::tuple<Fields...>(fields...)};
}

// The settings of model.toml: one record.
template <class... Fields>
struct SettingsRecord {
  using RecordType = ModelSettings;
  std::string_view key;   // "model.toml"
  std::string_view noun;  // "model settings"
  ModelSettings Model::*settings;
  std::tuple<Fields...> fields;
};

template <class... Fields>
constexpr SettingsRecord<Fields...> Settings(Fields... fields) {
  return {"model.toml", "model settings", &Model::settings, std::tuple<Fields...>(fields...)};
}

// A vector of plain values. resource_availability is a table of the folder (its CSV has the three
// `columns`; values[r * T + t - 1] is resource r's availability in plan year t); the final-demand
// categories are not (they come from final_demand's category column).
template <class Value>
struct ValueList {
  std::string_view key;   // [tables] key when `file`
  std::string_view noun;  // "resource availability"
  std::vector<Value> Model::*values;
  IdIndex Model::*index;       // value -> position for a list of ids; nullptr otherwise
  bool file;                   // read from and written to "<key>.csv"
  bool per_resource_and_year;  // size = resources x horizon
  std::array<std::string_view, 3> columns;  // of the CSV (resource, year, quantity) when `file`
};

// ---- the description ------------------------------------------------------------------------
// One line per field, in column order (clang-format would pack them).
// clang-format off

inline constexpr auto kSettings = Settings(
    Column("name", &ModelSettings::name),
    Column("description", &ModelSettings::description).Optional(),
    Column("base_year", &ModelSettings::base_year).Range(kMinYear, kMaxYear),
    Column("horizon", &ModelSettings::horizon).Range(1, kMaxHorizon),
    Column("units", &ModelSettings::units).Optional(),
    Column("objective.kind", &ModelSettings::objective).Optional(),
    Column("objective.year_weights", &ModelSettings::year_weights).Optional().PerPlanYear(),
    Column("objective.terminal", &ModelSettings::terminal).Optional(),
    Column("objective.terminal_growth_rate", &ModelSettings::terminal_growth_rate).Optional(),
    Column("objective.quotas_as_constraints", &ModelSettings::quotas_as_constraints).Optional(),
    Column("solver.name", &ModelSettings::solver).Optional(),
    Column("trade.currency", &ModelSettings::trade_currency).Optional(),
    Column("trade.credit_limit", &ModelSettings::credit_limit).Optional(),
    Column("trade.interest_rate", &ModelSettings::interest_rate).Optional(),
    Column("trade.initial_reserves", &ModelSettings::initial_reserves).Optional(),
    Column("trade.initial_debt", &ModelSettings::initial_debt).Optional());

inline constexpr auto kProducts = Table(
    "products", "product", &Model::products, &Model::product_index,
    Column("id", &Product::id).Id(),
    Column("name", &Product::name),
    Column("unit", &Product::unit),
    Column("group", &Product::group),
    Column("storable", &Product::storable).Optional(),
    Column("storage_loss", &Product::storage_loss).Optional(),
    Column("initial_stock", &Product::initial_stock).Optional(),
    Column("priority_weight", &Product::priority_weight).Optional());

inline constexpr auto kResources = Table(
    "resources", "resource", &Model::resources, &Model::resource_index,
    Column("id", &Resource::id).Id(),
    Column("name", &Resource::name),
    Column("unit", &Resource::unit),
    Column("weight", &Resource::weight).Optional());

inline constexpr ValueList<double> kResourceAvailability{
    "resource_availability", "resource availability", &Model::resource_availability,
    /*index=*/nullptr, /*file=*/true, /*per_resource_and_year=*/true,
    {"resource", "year", "quantity"}};

inline constexpr auto kTechniques = Table(
    "techniques", "technique", &Model::techniques, &Model::technique_index,
    Column("id", &Technique::id).Id(),
    Column("name", &Technique::name));

// technique_inputs, technique_outputs, technique_resources: (technique, item, coefficient).
constexpr auto TripletTable(std::string_view key, std::vector<Coefficient> Model::*records,
                            std::string_view item_column, Target item_table) {
  return Table(key, "coefficient", records, nullptr,
               Column("technique", &Coefficient::technique).Refers(Target::kTechnique),
               Column(item_column, &Coefficient::item).Refers(item_table),
               Column("coefficient", &Coefficient::value));
}
inline constexpr auto kInputs =
    TripletTable("technique_inputs", &Model::inputs, "product", Target::kProduct);
inline constexpr auto kOutputs =
    TripletTable("technique_outputs", &Model::outputs, "product", Target::kProduct);
inline constexpr auto kResourceUse =
    TripletTable("technique_resources", &Model::resource_use, "resource", Target::kResource);

inline constexpr auto kCapital = Table(
    "technique_capital", "capital coefficient", &Model::capital, nullptr,
    Column("technique", &CapitalCoefficient::technique).Refers(Target::kTechnique),
    Column("product", &CapitalCoefficient::product).Refers(Target::kProduct),
    Column("coefficient", &CapitalCoefficient::per_unit_activity),
    Column("depreciation", &CapitalCoefficient::depreciation));

inline constexpr auto kEnterprises = Table(
    "enterprises", "enterprise", &Model::enterprises, &Model::enterprise_index,
    Column("id", &Enterprise::id).Id(),
    Column("name", &Enterprise::name),
    Column("kind", &Enterprise::kind),
    Column("region", &Enterprise::region).Optional(),
    Column("construction_lag", &Enterprise::construction_lag).Optional().Range(1, kMaxHorizon));

inline constexpr auto kRegions = Table(
    "regions", "region", &Model::regions, &Model::region_index,
    Column("id", &Region::id).Id(),
    Column("name", &Region::name));

inline constexpr auto kEnterpriseTechniques = Table(
    "enterprise_techniques", "enterprise technique", &Model::enterprise_techniques, nullptr,
    Column("enterprise", &EnterpriseTechnique::enterprise).Refers(Target::kEnterprise),
    Column("technique", &EnterpriseTechnique::technique).Refers(Target::kTechnique),
    Column("min_activity", &EnterpriseTechnique::min_activity).Optional(),
    Column("max_activity", &EnterpriseTechnique::max_activity).Optional().Unbounded());

inline constexpr auto kInitialStocks = Table(
    "initial_stocks", "initial stock", &Model::initial_stocks, nullptr,
    Column("enterprise", &InitialStock::enterprise).Refers(Target::kEnterprise),
    Column("product", &InitialStock::product).Refers(Target::kProduct),
    Column("quantity", &InitialStock::quantity));

inline constexpr auto kConstructionInProgress = Table(
    "construction_in_progress", "construction in progress", &Model::construction_in_progress,
    nullptr,
    Column("enterprise", &ConstructionInProgress::enterprise).Refers(Target::kEnterprise),
    Column("product", &ConstructionInProgress::product).Refers(Target::kProduct),
    Column("year_usable", &ConstructionInProgress::year_usable).PlanYear(),
    Column("quantity", &ConstructionInProgress::quantity));

inline constexpr auto kOutlayProfiles = Table(
    "outlay_profiles", "outlay share", &Model::outlay_shares, nullptr,
    Column("enterprise", &OutlayShare::enterprise).Refers(Target::kEnterprise).Optional().OrNone(),
    Column("enterprise_kind", &OutlayShare::enterprise_kind).Optional(),
    Column("year_offset", &OutlayShare::year_offset).Range(0, kMaxHorizon - 1),
    Column("share", &OutlayShare::share));

inline constexpr ValueList<std::string> kFinalDemandCategories{
    "final_demand_categories", "final-demand category", &Model::final_demand_categories,
    &Model::category_index, /*file=*/false, /*per_resource_and_year=*/false, {}};

inline constexpr auto kFinalDemand = Table(
    "final_demand", "final demand", &Model::final_demand, nullptr,
    Column("category", &FinalDemand::category).Refers(Target::kCategory),
    Column("product", &FinalDemand::product).Refers(Target::kProduct),
    Column("year", &FinalDemand::year).PlanYear(),
    Column("floor", &FinalDemand::floor).Optional(),
    Column("target", &FinalDemand::target).Optional(),
    Column("region", &FinalDemand::region).Refers(Target::kRegion).Optional().OrNone());

inline constexpr auto kQuotas = Table(
    "targets", "quota", &Model::quotas, nullptr,
    Column("id", &Quota::id).Id(),
    Column("product", &Quota::product).Refers(Target::kProduct),
    Column("enterprise", &Quota::enterprise).Refers(Target::kEnterprise).Optional().OrNone(),
    Column("year", &Quota::year).PlanYear(),
    Column("quantity", &Quota::quantity),
    Column("kind", &Quota::kind).Optional());

inline constexpr auto kActuals = Table(
    "actuals", "actual", &Model::actuals, nullptr,
    Column("enterprise", &Actual::enterprise).Refers(Target::kEnterprise),
    Column("product", &Actual::product).Refers(Target::kProduct),
    Column("year", &Actual::year).PlanYear(),
    Column("quantity", &Actual::quantity));

inline constexpr auto kWorldPrices = Table(
    "world_prices", "world price", &Model::world_prices, nullptr,
    Column("product", &WorldPrice::product).Refers(Target::kProduct),
    Column("year", &WorldPrice::year).PlanYear(),
    Column("export_price", &WorldPrice::export_price).Optional().Unbounded(),
    Column("import_price", &WorldPrice::import_price).Optional().Unbounded(),
    Column("max_export", &WorldPrice::max_export).Optional().Unbounded(),
    Column("max_import", &WorldPrice::max_import).Optional().Unbounded());

inline constexpr auto kTransportLinks = Table(
    "transport_links", "transport link", &Model::transport_links, &Model::transport_link_index,
    Column("id", &TransportLink::id).Id(),
    Column("from_region", &TransportLink::from_region).Refers(Target::kRegion),
    Column("to_region", &TransportLink::to_region).Refers(Target::kRegion),
    Column("product", &TransportLink::product).Refers(Target::kProduct),
    Column("distance_km", &TransportLink::distance_km),
    Column("transport_product", &TransportLink::transport_product).Refers(Target::kProduct).Optional().OrNone(),
    Column("transport_per_unit_km", &TransportLink::transport_per_unit_km).Optional(),
    Column("capacity", &TransportLink::capacity).Optional().Unbounded(),
    Column("capacity_product", &TransportLink::capacity_product).Refers(Target::kProduct).Optional().OrNone(),
    Column("capacity_cost", &TransportLink::capacity_cost).Optional(),
    Column("construction_lag", &TransportLink::construction_lag).Optional().Range(1, kMaxHorizon));

// clang-format on

// Every part of a Model that carries data, in the order the tables are read (each refers only to
// parts before it; the settings, with the horizon, come first). Not visited: Model::folder (where
// the model was read from) and the id -> index maps (rebuilt from the ids: the `index` of each
// part). `visitor` has Settings(description, settings), Records(table, records) and
// Values(list, values); `model` may be const.
template <class ModelType, class Visitor>
void VisitModel(ModelType& model, Visitor& visitor) {
  visitor.Settings(kSettings, model.settings);
  visitor.Records(kProducts, model.products);
  visitor.Records(kResources, model.resources);
  visitor.Values(kResourceAvailability, model.resource_availability);
  visitor.Records(kTechniques, model.techniques);
  visitor.Records(kInputs, model.inputs);
  visitor.Records(kOutputs, model.outputs);
  visitor.Records(kResourceUse, model.resource_use);
  visitor.Records(kCapital, model.capital);
  visitor.Records(kEnterprises, model.enterprises);
  visitor.Records(kRegions, model.regions);
  visitor.Records(kEnterpriseTechniques, model.enterprise_techniques);
  visitor.Records(kInitialStocks, model.initial_stocks);
  visitor.Records(kConstructionInProgress, model.construction_in_progress);
  visitor.Records(kOutlayProfiles, model.outlay_shares);
  visitor.Values(kFinalDemandCategories, model.final_demand_categories);
  visitor.Records(kFinalDemand, model.final_demand);
  visitor.Records(kQuotas, model.quotas);
  visitor.Records(kActuals, model.actuals);
  visitor.Records(kWorldPrices, model.world_prices);
  visitor.Records(kTransportLinks, model.transport_links);
}

// f(field) for each field of a table (or the settings), in column order.
template <class Description, class F>
constexpr void ForEachField(const Description& description, F&& f) {
  std::apply([&](const auto&... field) { (f(field), ...); }, description.fields);
}

// visitor(field, value) for each field of one record (const or not), in column order; field.name
// is the column name.
template <class Description, class Record, class Visitor>
void VisitFields(const Description& description, Record& record, Visitor&& visitor) {
  ForEachField(description, [&](const auto& field) { visitor(field, record.*field.member); });
}

// The number of fields of a table (or the settings).
template <class Description>
constexpr std::size_t FieldCount(const Description& description) {
  return std::tuple_size_v<decltype(description.fields)>;
}

// The CSV columns of a table in order (name, required), for the loader.
template <class Description>
std::vector<std::pair<std::string_view, bool>> ColumnsOf(const Description& description) {
  std::vector<std::pair<std::string_view, bool>> columns;
  ForEachField(description,
               [&](const auto& field) { columns.emplace_back(field.name, field.required); });
  return columns;
}

// The last value of each enum of the Model (values run from 0 to it); ToString gives the text.
template <class Enum>
inline constexpr Enum kLastValue = Enum{};
template <>
inline constexpr ProductGroup kLastValue<ProductGroup> = ProductGroup::kConsumerGoods;
template <>
inline constexpr EnterpriseKind kLastValue<EnterpriseKind> = EnterpriseKind::kOther;
template <>
inline constexpr ObjectiveKind kLastValue<ObjectiveKind> = ObjectiveKind::kMaxmin;
template <>
inline constexpr TerminalCondition kLastValue<TerminalCondition> = TerminalCondition::kGrowth;
template <>
inline constexpr QuotaKind kLastValue<QuotaKind> = QuotaKind::kExport;

// A record's field name for messages: "construction_lag" -> "construction lag",
// "objective.kind" -> "objective kind".
inline std::string Spaced(std::string_view name) {
  std::string text(name);
  for (char& c : text) {
    if (c == '_' || c == '.') c = ' ';
  }
  return text;
}

}  // namespace gosplan::model
