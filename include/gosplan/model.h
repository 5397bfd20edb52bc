// The economy model: everything gosplan plans with, as loaded from a model folder
// (see docs/model-format.md for the files and docs/planning-model.md for the mathematics).
//
// Notation of ../docs (domain model): products i, resources r, techniques p, enterprises e,
// final-demand categories c, plan years t = 1..T (t = 0 is the known base year).
//  - technique p per unit of activity yields out[p,i], consumes in[p,i] of products and use[p,r] of
//    resources, and ties up capital b[p,i] of product i per unit of yearly activity, wearing at
//    d[p,i]/year;
//  - enterprise e runs techniques, holds stocks K[e,i,t], and new stock becomes usable after its
//    construction lag L_e >= 1 years;
//  - final demand f[c,i,t] >= F[c,i,t] (floors), with target mixes for the plan-ray objective;
//  - quotas (targets) ask for output of a product, optionally at one enterprise, in a year;
//  - actuals record reported output.
// All indices are positions in the vectors below (Index = int64); years are calendar years in the
// files and plan-year numbers t = year - base_year in this struct.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gosplan/csv_dialect.h"
#include "gosplan/id_index.h"
#include "gosplan/status.h"

namespace gosplan {

enum class ProductGroup { kMeansOfProduction /* group A */, kConsumerGoods /* group B */ };
const char* ToString(ProductGroup group);  // "A", "B"

struct Product {
  std::string id;
  std::string name;
  std::string unit;
  ProductGroup group = ProductGroup::kMeansOfProduction;
  bool storable = false;         // may be carried into next year (grain, steel; not electricity)
  double storage_loss = 0.0;     // fraction of a carried stock lost per year, in [0, 1)
  double initial_stock = 0.0;    // carried stock s[i,0] available in year 1 (product units)
  double priority_weight = 0.0;  // weight in the priority-output objective (>= 0)
};

struct Resource {
  std::string id;
  std::string name;
  std::string unit;
  double weight = 1.0;  // weight in the minimum-resources objective (>= 0)
};

struct Technique {
  std::string id;
  std::string name;
};

// One non-zero of a technique's sparse coefficient tables (inputs, outputs or resource use).
struct Coefficient {
  Index technique = 0;
  Index item = 0;  // product index (inputs, outputs) or resource index (resource use)
  double value = 0.0;
};

// Capital b[p,i] needed per unit of yearly activity of technique p, depreciating at d[p,i] per
// year.
struct CapitalCoefficient {
  Index technique = 0;
  Index product = 0;
  double per_unit_activity = 0.0;
  double depreciation = 0.0;  // in [0, 1]
};

enum class EnterpriseKind {
  kFactory,
  kMine,
  kConstructionSite,
  kCollectiveFarm,
  kStateFarm,
  kPowerStation,
  kOther
};
const char* ToString(EnterpriseKind kind);  // "factory", "mine", "construction_site", ...

struct Enterprise {
  std::string id;
  std::string name;
  EnterpriseKind kind = EnterpriseKind::kFactory;
  std::string region;
  int construction_lag = 1;  // years from accumulation to usable stock, >= 1
};

// Enterprise e may run technique p, with optional activity bounds per year (activity units).
struct EnterpriseTechnique {
  Index enterprise = 0;
  Index technique = 0;
  double min_activity = 0.0;
  double max_activity = kUnbounded;
};

// Capital stock of product `product` held by enterprise e at the start of the plan (K[e,i,0]).
struct InitialStock {
  Index enterprise = 0;
  Index product = 0;
  double quantity = 0.0;
};

// Construction in progress: capital of product `product` whose construction at enterprise e was
// started before the plan and becomes usable in plan year `year_usable` (a sunk investment still
// arriving, as a re-plan finds it; docs/planning-model.md). It adds `quantity` to K[e,i,t] at
// t = year_usable: K[e,i,t] = (1−d)·K[e,i,t−1] + a[e,i,t−L_e] + cip[e,i,t].
struct ConstructionInProgress {
  Index enterprise = 0;
  Index product = 0;
  int year_usable = 1;  // plan year t in 1..T
  double quantity = 0.0;
};

// How far a profile's outlay shares may sum from 1 (rounding of decimal shares such as 1/3).
inline constexpr double kOutlayShareSumTolerance = 1e-9;

// One share of a construction outlay profile (outlay_profiles.csv; docs/planning-model.md,
// "Outlay profiles"): a project started in year t at an enterprise it applies to takes `share` of
// its capital-good requirement a[e,i,t] in year t + year_offset. A profile applies to one
// enterprise (`enterprise` >= 0) or to every enterprise of a kind (`enterprise_kind`, the text of
// ToString(EnterpriseKind), with enterprise = -1); an enterprise's own profile overrides its
// kind's. A profile's shares lie in [0, 1], sum to 1 and have offsets 0..L_e − 1. Without a profile
// an enterprise takes the whole outlay in the start year (share 1 at offset 0).
struct OutlayShare {
  Index enterprise = -1;        // -1: the profile of enterprise_kind
  std::string enterprise_kind;  // empty when `enterprise` names one enterprise
  int year_offset = 0;          // years after the start, 0..L_e − 1
  double share = 0.0;           // fraction of the project's outlay, in [0, 1]
};

// Final demand of category c for product i in plan year t: a floor F[c,i,t] and a target-mix weight
// (the plan-ray objective asks Σ_c f[c,i,t] >= λ[t]·Σ_c target[c,i,t]).
struct FinalDemand {
  Index category = 0;
  Index product = 0;
  int year = 1;  // plan year t in 1..T
  double floor = 0.0;
  double target = 0.0;
  // The region it is consumed in (regions.csv position; docs/planning-model.md, "Regions and
  // transport"); -1: not given (a model without regions, or the only region).
  Index region = -1;
};

// What a quota counts (targets.csv's `kind`; docs/planning-model.md, "Quotas"): gross output of
// the product (the default), or the economy's imports m[i,t] or exports e[i,t] of it (foreign
// trade; economy-wide, and only where world_prices.csv lets the product be traded that way).
enum class QuotaKind { kOutput, kImport, kExport };
const char* ToString(QuotaKind kind);  // "output", "import", "export"
// The inverse of ToString; empty for any other text.
std::optional<QuotaKind> ParseQuotaKind(std::string_view text);

// A quota: gross output of `product` in plan year t (at one enterprise when enterprise >= 0), or
// its imports or exports that year (kind; enterprise −1).
struct Quota {
  std::string id;
  Index product = 0;
  Index enterprise = -1;  // -1: the whole economy
  int year = 1;
  double quantity = 0.0;
  QuotaKind kind = QuotaKind::kOutput;
};

// Reported output of an enterprise's product in plan year t (the fulfilment record).
struct Actual {
  Index enterprise = 0;
  Index product = 0;
  int year = 1;
  double quantity = 0.0;
};

// World prices of one product in one plan year (world_prices.csv; docs/planning-model.md, "Foreign
// trade"): the plan may export e[i,t] at export_price and import m[i,t] at import_price, in
// currency units (ModelSettings::trade_currency) per product unit. A price of kUnbounded (an empty
// cell) means the product cannot be traded that way in that year; max_export and max_import cap
// the yearly flows in product units (kUnbounded: no cap).
struct WorldPrice {
  Index product = 0;
  int year = 1;  // plan year t in 1..T
  double export_price = kUnbounded;
  double import_price = kUnbounded;
  double max_export = kUnbounded;
  double max_import = kUnbounded;
  bool Exportable() const { return export_price < kUnbounded; }
  bool Importable() const { return import_price < kUnbounded; }
};

// A region of a regional model (regions.csv; docs/planning-model.md, "Regions and transport"):
// every enterprise's `region` names one, and product balances hold per region.
struct Region {
  std::string id;
  std::string name;
};

// A one-way transport link (transport_links.csv): the plan may move x[l,t] ≥ 0 units of `product`
// from `from_region` to `to_region` in year t, consuming distance_km · transport_per_unit_km units
// of `transport_product` (e.g. rail freight in tonne-km) per unit moved, taken from the balance of
// the origin region. At most `capacity` units a year (kUnbounded: no limit) plus the capacity built
// on the link: with a `capacity_product`, each unit of yearly capacity added costs `capacity_cost`
// units of that capital good from the origin region's balance in the year building starts, and
// carries from `construction_lag` years later to the end of the plan (no wear).
struct TransportLink {
  std::string id;
  Index from_region = 0;
  Index to_region = 0;
  Index product = 0;
  double distance_km = 0.0;
  Index transport_product = -1;  // -1: moving costs no transport product
  double transport_per_unit_km = 0.0;
  double capacity = kUnbounded;
  Index capacity_product = -1;  // -1: the link's capacity cannot be extended
  double capacity_cost = 0.0;   // capacity_product units per unit of yearly capacity added
  int construction_lag = 1;     // years from the start of building to usable capacity, >= 1
  // Units of the transport product consumed per unit of `product` moved.
  double TransportPerUnit() const { return distance_km * transport_per_unit_km; }
};

enum class ObjectiveKind {
  kPlanRay,         // maximise Σ_t w_t λ[t]
  kMinResources,    // minimise Σ_t Σ_r weight_r · use[r,t] subject to the floors
  kPriorityOutput,  // maximise Σ_t Σ_i priority_weight_i · output[i,t] subject to the floors
  kHarmony,  // maximise Σ_t w_t Σ_i H((x[i,t] − τ[i,t])/τ[i,t]): Cockshott's harmony of
             // total final use x against the final-demand targets τ (gosplan/harmony.h)
  kMaxmin,  // lexicographic max–min of the groups' fulfilments Λ_g (the final-demand categories;
            // docs/planning-model.md, "Max–min fulfilment across groups"): the least-served
            // group's first, then the next; solved by a sequence of CLP LPs (src/plan/maxmin.cc)
};
// "plan_ray", "min_resources", "priority_output", "harmony", "maxmin"
const char* ToString(ObjectiveKind kind);
// The inverse of ToString, also accepting "min_labour" (an alias of min_resources, the name of the
// objective when labour is the only resource); empty for any other text. Used by model.toml's
// [objective] kind and by `gosplan plan --objective` alike.
std::optional<ObjectiveKind> ParseObjectiveKind(std::string_view text);
// The accepted names, for messages.
inline constexpr std::string_view kObjectiveKindNames =
    "plan_ray, min_resources (alias min_labour), priority_output, harmony or maxmin";

// The LP solver of a plan: CLP (exact simplex vertex), PDLP (first-order, approximate) or automatic
// (by the size of the plan LP, PlanOptions::kAutoPdlpNonzeros).
enum class SolverKind { kClp, kPdlp, kAuto };
const char* ToString(SolverKind kind);  // "clp", "pdlp", "auto"
// The inverse of ToString; empty for any other text.
std::optional<SolverKind> ParseSolverKind(std::string_view text);

// What the plan asks of the capital stocks at the end of the horizon (docs/planning-model.md,
// "Terminal conditions"): a finite-horizon plan values nothing after year T, so without a condition
// it starts no construction whose stock would only be usable after T.
enum class TerminalCondition {
  kNone,         // nothing
  kKeepCapital,  // K[e,i,T] >= K[e,i,0] (no eating of the seed corn; model.toml's old
                 // terminal_capital = true)
  kGrowth,       // the stocks usable or under construction at T carry year T's use of capital
                 // growing at terminal_growth_rate g through the L_e years after T:
                 // K[e,i,T+j] >= (1+g)^j·Σ_p b[p,i]·z[e,p,T], j = 1..L_e
};
const char* ToString(TerminalCondition condition);  // "none", "keep_capital", "growth"
// The inverse of ToString; empty for any other text.
std::optional<TerminalCondition> ParseTerminalCondition(std::string_view text);

struct ModelSettings {
  std::string name;
  std::string description;
  int base_year = 0;  // calendar year of t = 0
  int horizon = 5;    // T, plan years
  std::string units;  // free text describing the units used
  ObjectiveKind objective = ObjectiveKind::kPlanRay;
  std::vector<double> year_weights;  // w_t for t = 1..T (size T; defaults to all 1)
  // [objective] terminal; the old key terminal_capital = true reads as kKeepCapital.
  TerminalCondition terminal = TerminalCondition::kNone;
  // [objective] terminal_growth_rate g >= 0 (per year) for TerminalCondition::kGrowth; a negative
  // value (kVonNeumannRate, the key omitted) means the economy's von Neumann rate α − 1 (closed
  // model with capital, include/gosplan/growth.h; TerminalGrowthRate in plan.h resolves it).
  double terminal_growth_rate = kVonNeumannRate;
  static constexpr double kVonNeumannRate = -1.0;
  bool quotas_as_constraints = false;  // quotas become hard constraints in `plan`
  // [solver] name: "clp" or "pdlp" (ParseSolverKind); `gosplan plan` solves with it unless --solver
  // says otherwise (PlanOptions::solver_kind).
  std::string solver = "clp";
  // [trade] (docs/planning-model.md, "Foreign trade"); they matter only with world prices.
  std::string trade_currency = "currency units";  // the unit of world prices and of the balance
  double credit_limit = 0.0;      // most debt D[t] outstanding at the end of any year (currency)
  double interest_rate = 0.0;     // per year on debt carried from one year to the next
  double initial_reserves = 0.0;  // currency held at the start of year 1
  // D[0]: debt outstanding at the start of year 1 (currency), repaid with interest from year 1's
  // balance as D[t−1] is in later years; what a re-plan inherits from the years already past.
  double initial_debt = 0.0;
};

struct Model {
  std::string folder;  // where it was loaded from
  ModelSettings settings;

  std::vector<Product> products;
  std::vector<Resource> resources;
  // availability R[r,t], row-major: resource_availability[r * horizon + (t - 1)]
  std::vector<double> resource_availability;
  std::vector<Technique> techniques;
  std::vector<Coefficient> inputs;          // in[p,i]
  std::vector<Coefficient> outputs;         // out[p,i]
  std::vector<Coefficient> resource_use;    // use[p,r]
  std::vector<CapitalCoefficient> capital;  // b[p,i], d[p,i]
  std::vector<Enterprise> enterprises;
  std::vector<EnterpriseTechnique> enterprise_techniques;
  std::vector<InitialStock> initial_stocks;
  std::vector<ConstructionInProgress> construction_in_progress;
  std::vector<OutlayShare> outlay_shares;  // outlay_profiles.csv; empty: all outlay at the start
  std::vector<std::string> final_demand_categories;
  std::vector<FinalDemand> final_demand;
  std::vector<Quota> quotas;
  std::vector<Actual> actuals;
  std::vector<WorldPrice> world_prices;  // world_prices.csv; empty: a closed economy
  // regions.csv and transport_links.csv (docs/planning-model.md, "Regions and transport"); no
  // regions: one national balance per product and year, as before (gosplan/regions.h).
  std::vector<Region> regions;
  std::vector<TransportLink> transport_links;

  // id -> index lookups, filled by the loader (open addressing; iteration in insertion order:
  // gosplan/id_index.h).
  IdIndex product_index;
  IdIndex resource_index;
  IdIndex technique_index;
  IdIndex enterprise_index;
  IdIndex category_index;  // final-demand category -> position
  IdIndex region_index;
  IdIndex transport_link_index;

  int horizon() const { return settings.horizon; }
  int CalendarYear(int plan_year) const { return settings.base_year + plan_year; }
  double Availability(Index resource, int plan_year) const {
    return resource_availability[static_cast<std::size_t>(resource * settings.horizon + plan_year -
                                                          1)];
  }
};

// The outlay profile σ_e of every enterprise e ([e][o] for o = 0..L_e − 1): the share of a
// project started in year t that is paid in year t + o (docs/planning-model.md, "Outlay
// profiles"): the enterprise's own rows of outlay_shares, else its kind's, else {1, 0, ..., 0}.
// Assumes a model whose profiles are valid (the loader's and CheckModelRange's rules); offsets at
// or beyond L_e are ignored.
std::vector<std::vector<double>> OutlayProfiles(const Model& model);

// Outlays still owed for construction in progress (docs/planning-model.md, "Outlay profiles"):
// a row of construction_in_progress usable in year u at enterprise e was started before the plan,
// in year s = min(u − L_e, 0); the shares σ_e[o] of its quantity that fall into plan years
// s + o ≥ 1 are paid inside the plan, those before year 1 are sunk. Returns the owed outlay of
// capital good i in plan year t at [i·T + t − 1] (all 0 with the default profile, whose one outlay
// is in the start year, before the plan). `profiles` is OutlayProfiles(model).
std::vector<double> OwedOutlays(const Model& model,
                                const std::vector<std::vector<double>>& profiles);

// The binary model cache MODEL_DIR/.gosplan-cache/ (include/gosplan/model_cache.h).
enum class ModelCacheMode {
  kOff,        // read the tables; never look at or write a cache
  kRead,       // load a cache whose key matches the current files; else read the tables
  kReadWrite,  // as kRead, and after reading the tables write a fresh cache
               // (see cache_write_min_bytes)
};
struct ModelCacheReport;  // model_cache.h: what the cache did and why

// What LoadModel reports to LoadOptions::progress while it reads the tables: before each table
// (`table` is its key, e.g. "inputs") and once at the end (`table` empty). Bytes are the tables'
// file sizes: `bytes_done` those of the tables read before this one, `bytes_total` of all tables
// model.toml names that exist. A model read from its cache reports nothing.
struct LoadProgress {
  std::string_view table;
  std::uint64_t bytes_done = 0;
  std::uint64_t bytes_total = 0;
};

struct LoadOptions {
  std::size_t max_diagnostics = 100;                       // problems collected before giving up
  std::uint64_t max_file_bytes = std::uint64_t{16} << 30;  // per table file
  // > 0 replaces model.toml's horizon (tables may then name later years). Plan years beyond
  // model.toml's horizon that a table does not name repeat the last declared year: resource
  // availability, and the final-demand floors and target mix (when the tables name no final demand
  // at all for that year).
  int horizon_override = 0;
  ModelCacheMode cache = ModelCacheMode::kOff;
  // kReadWrite writes a cache only when model.toml and the tables total at least this many bytes
  // (small models load from CSV in milliseconds; their folders stay clean). 0: always.
  std::uint64_t cache_write_min_bytes = 0;
  ModelCacheReport* cache_report = nullptr;  // filled when not null (any cache mode)
  // When not null, receives sentences a user should read although nothing is wrong (e.g. which plan
  // years repeat the last declared year because of horizon_override).
  std::vector<std::string>* notes = nullptr;
  // How the tables are written (delimiter, decimal mark, encoding; gosplan/csv_dialect.h). Unset:
  // as model.toml's [csv] table says, else the default (',', '.', UTF-8).
  std::optional<CsvDialect> csv;
  // Called from the calling thread as the tables are read (LoadProgress); may be empty.
  std::function<void(const LoadProgress&)> progress;

  // False with a sentence in *error (field, value, rule) when a field is out of range; LoadModel
  // refuses such options (kInvalidArgument).
  bool IsValid(std::string* error) const;
};

// Loads a model folder (model.toml plus the CSV tables it names) and checks it.
// On bad input returns kInvalidInput with every problem found (file:line:column).
// With options.cache != kOff a valid binary cache is used instead of the tables (same Model, field
// by field); a missing, stale or corrupt cache is never an error, only a reason in cache_report.
Result<Model> LoadModel(const std::string& folder, const LoadOptions& options = {});

// ---- Reports (docs/json.md) ---------------------------------------------------------------------
// What `gosplan model check` prints for a loaded model: its name, years, objective and the size of
// every table (products by group, enterprises by kind, non-zeros of each coefficient table), ending
// with "model is valid".
std::string ModelTextSummary(const Model& model);
// The same facts as a gosplan.model/1 document (docs/json.md): counts only, no timings.
std::string ModelJson(const Model& model);
// The same counts as a two-column CSV table (what,count): `gosplan model check --format csv`.
std::string ModelCsv(const Model& model);

}  // namespace gosplan
