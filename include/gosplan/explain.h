// Explanation of a plan (`gosplan explain MODEL PLAN (--product ID | --enterprise ID | --technique
// ID) --year Y`): where a product goes, what it needs, what limits it, and whether a technique
// would pay at the plan's prices. Everything is read off the plan's own flows and shadow prices
// (the Plan struct as SolvePlan or ReadPlanFolder gives it); nothing is solved again. See
// docs/explain.md for the commands and docs/json.md for the document gosplan.explain/1.
//
// Notation as in include/gosplan/model.h and plan.h; t is the plan year asked about.
//
// ---- Destinations of product i in year t ----
// The balance identity of the plan (balances.csv),
//     production + stock_in = intermediate_use + accumulation + Σ_c final_c + stock_out + surplus,
// split further: intermediate use by user, Σ_{(e,p)} in[p,i]·z[e,p,t] with z = target quantity /
// out[p,j] (targets.csv), largest users first and the rest summed as one line; accumulation per
// enterprise from investment.csv (rows started in year t). Shares are of the supply, production +
// stock_in (= production when nothing is carried in).
//
// ---- Requirements of product i in year t: the year's own input-output table A_t ----
// From the techniques the plan actually runs in year t. With joint production a technique p makes
// several products, and its inputs must be shared among them; they are shared by the value of its
// outputs at the plan's prices of year t,
//     θ[p,i] = out[p,i]·price[i,t] / Σ_k out[p,k]·price[k,t]   (by quantity, out[p,i] / Σ_k
//     out[p,k], when none of its outputs has a price; θ = 1 for a single-output technique),
// and each technique's coefficients are weighted by its share of the year's production of i,
//     w[e,p,i] = out[p,i]·z[e,p,t] / Σ_{(e',p')} out[p',i]·z[e',p',t].
// Then per unit of product i made in year t:
//     A_t[j,i] = Σ_{(e,p)} w[e,p,i]·θ[p,i]·in[p,j] / out[p,i]     (direct input of product j)
//     L_t[r,i] = Σ_{(e,p)} w[e,p,i]·θ[p,i]·use[p,r] / out[p,i]    (direct use of resource r)
//     B_t[g,i] = Σ_{(e,p)} w[e,p,i]·θ[p,i]·b[p,g] / out[p,i]      (capital good g tied up)
// (with one single-output technique per product these are the technique's own coefficients). A
// product not made in year t has a zero column: what the year uses of it comes from stocks, and
// it counts as a primary input. The total (direct + indirect) requirements of one unit of i for
// final use are the gross outputs x = (I − A_t)^{-1}·e_i (the Leontief inverse's column i, solved
// by sparse LU); the resources embodied are L_t·x (= v_r[i] with (I − A_t)ᵀ v_r = L_t[r,·]ᵀ:
// labour values of the year's technique mix) and the capital tied up directly and indirectly B_t·x.
// When I − A_t is singular (the year's mix makes less of something than it uses up in making it)
// the totals are not computed and `note` says so.
//
// ---- Limits of product i in year t ----
// The rows of the plan LP that touch i's production in year t and bind (shadow price > 0): the
// capital rows of the enterprises that make i (kind "capacity", or "construction_lag" when t ≤ L_e,
// when no investment made inside the plan could yet be usable), the resources their techniques use
// ("resource"), activity ceilings reached ("activity_bound"), quotas made law on i ("quota"), i's
// target-mix row ("target_mix"), final-demand floors that hold use of i down at their minimum
// ("floor": a floor column whose reduced cost −price + target price is < 0), the terminal growth
// rows of the producers' stocks ("terminal"), and for a storable product carried into the next year
// the stock tying its price to next year's, (1 − loss)·price[i,t+1] ("stock"). The product's shadow
// price is the objective gained by one more unit of i in year t — the cost, in objective units, of
// one more unit demanded.
//
// ---- Reduced cost of technique p at enterprise e in year t (Kantorovich's test) ----
// At the plan's prices (maximisation form; min_resources: cost saved),
//     d = Σ_i out[p,i]·(price[i,t] + priority_weight_i [priority_output] + Σ quota prices on (i,t)
//         counting e) − Σ_i in[p,i]·price[i,t] − Σ_r use[p,r]·(price[r,t] + weight_r
//         [min_resources]) − Σ_g b[p,g]·rent[e,g,t] − [t = T, terminal growth] Σ_g b[p,g]·Σ_j
//         (1+g)^j·terminal_price[e,g,T+j].
// LP optimality says d = 0 for a technique run strictly between its activity bounds, d ≤ 0 for one
// at its lower bound (idle), d ≥ 0 for one at its ceiling; a technique with d > 0 that the plan
// does not run would pay if introduced (its activity would raise the objective by d per unit, until
// some price moves). An enterprise that does not list p holds rents only for its own capital goods;
// a technique is priced at every enterprise that lists it, or else at every enterprise holding all
// of its capital goods; when no enterprise holds them, its capital is not priced (capital_rent is
// absent) and the test is stated without it.
//
// ---- Regions (docs/planning-model.md, "Regions and transport") and foreign trade ----
// With regions a product has one price per region, price[i,g,t] (the dual of balance[i,g,t],
// regional_balances.csv). A technique at enterprise e is priced at the prices of e's region (its
// outputs, inputs and investment are in that region's balances); one priced without an enterprise
// at the first region's. A product is explained in one region: `region` names it (default: the
// first region, where foreign trade crosses); its shadow price is that region's and the report
// says so, and `regions` lists every region's supply and price. With `region` given, destinations
// are that region's balance,
//     production + stock_in + imports + transport_in = intermediate_use + transport_use
//       + accumulation + Σ_c final_c + stock_out + exports + transport_out + surplus,
// users and producers are the region's enterprises, and the links carrying the product bind its
// price to its neighbours': a link l from a to b running (x[l,t] > 0) has reduced profit 0,
//     price[i,b,t] = price[i,a,t] + τ_l·price[transport,a,t] + rent[l,t]
// (τ_l = distance · transport per unit km; rent: the dual of the link's capacity row), listed as
// "transport_in" (delivered cost into the region) and "transport_out" (what a unit fetches at the
// other end, net of moving it), and a link's binding capacity as "link_capacity".
// With world prices (foreign trade, crossing in the first region) an exported product is worth
// pe[i,t]·π[t] at home and an imported one costs pm[i,t]·π[t], where π[t] is the currency row's
// dual (currency.csv: objective units per currency unit — the plan's real exchange rate); the
// export and import columns then run at reduced profit 0 and are listed as "export" and "import".
// Without --region a regional product's destinations are national (balances.csv) and include the
// transport product used moving goods between regions ("transport_use").
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "gosplan/status.h"

namespace gosplan {

enum class ExplainSubject { kProduct, kEnterprise, kTechnique };
const char* ToString(ExplainSubject subject);  // "product", "enterprise", "technique"

struct ExplainOptions {
  ExplainSubject subject = ExplainSubject::kProduct;
  std::string id;              // product, enterprise or technique id of the model
  int year = 0;                // calendar year (a plan year of the model)
  std::size_t top_users = 10;  // intermediate users listed by name; the rest summed as one line
  // A region id of the model (regional plans, product subject): the region whose balance and price
  // are explained. Empty: the first region's price, national destinations.
  std::string region;

  // False with a sentence in *error (field, value, rule) when a field is out of range.
  bool IsValid(std::string* error) const;
};

// One destination of a product's supply in the year.
struct Destination {
  // "intermediate" (a technique at an enterprise, or "other users" summed), "final" (a final-demand
  // category), "accumulation" (an enterprise's new stock), "stock" (carried to next year),
  // "surplus" (left unused); with foreign trade "exports"; with regions "transport" (moved to
  // another region over a link: id the link) and "transport_use" (the transport product consumed
  // moving goods out of the region, or between regions nationally).
  std::string kind;
  std::string id;    // technique id, category, enterprise id; empty for stock, surplus, others
  std::string name;  // in words: "Magnitogorsk by open-hearth steel", "accumulation at Dneprostroi"
  Index enterprise = -1;  // intermediate and accumulation
  Index technique = -1;   // intermediate
  double quantity = 0.0;  // product units
  double share = 0.0;     // of the supply (production + stock_in); 0 when the supply is 0
};

struct ProductDestinations {
  double production = 0.0;
  double stock_in = 0.0;
  double imports = 0.0;       // foreign trade (national, or the first region's)
  double transport_in = 0.0;  // arriving from other regions (a region's balance only)
  double supply = 0.0;        // production + stock_in + imports + transport_in
  std::vector<Destination> destinations;
};

// A technique that makes the product in the year, as used in A_t.
struct TechniqueShare {
  Index enterprise = 0;
  Index technique = 0;
  double activity = 0.0;    // z[e,p,t]
  double output = 0.0;      // out[p,i]·z
  double weight = 0.0;      // w[e,p,i]: share of the year's production of i
  double allocation = 1.0;  // θ[p,i]: share of the technique's inputs charged to i
};

// Per unit of the product: direct (column i of A_t, L_t, B_t) and total ((I − A_t)^{-1} applied).
struct Requirement {
  Index item = 0;  // product (inputs, capital) or resource
  double direct = 0.0;
  double total = kUnbounded;  // not finite when the totals were not computed
};

struct ProductRequirements {
  bool produced = false;         // made in the year (otherwise the lists are empty)
  bool totals_computed = false;  // I − A_t was solved
  std::string note;              // why totals are missing, or how the mix was formed
  std::vector<TechniqueShare> techniques;
  std::vector<Requirement> inputs;     // products with a non-zero direct or total requirement
  std::vector<Requirement> resources;  // every resource the year's mix uses directly or indirectly
  std::vector<Requirement> capital;    // capital goods tied up
};

struct Limit {
  // "capacity", "construction_lag", "resource", "activity_bound", "quota", "target_mix", "floor",
  // "terminal", "stock"; with foreign trade "export", "import"; with regions "transport_in",
  // "transport_out", "link_capacity" (see the header's "Regions" part)
  std::string kind;
  std::string id;             // the capital good, resource, technique, quota, category, link
  Index enterprise = -1;      // capacity, construction_lag, activity_bound, terminal
  int year = 0;               // calendar year of the row
  double shadow_price = 0.0;  // objective units per unit of the row (≥ 0)
  std::string sentence;       // the row in the model's words
};

struct ProductLimits {
  double shadow_price = 0.0;  // price[i,t]
  std::string sentence;       // what one more unit is worth / would cost
  std::vector<Limit> limits;  // largest shadow price first
};

// Kantorovich's test of technique p at enterprise e (−1: a technique that needs no capital,
// priced without an enterprise) in the year.
struct ReducedCost {
  Index enterprise = -1;
  Index technique = 0;
  Index region = -1;      // whose prices it is priced at (regional plans; −1 without regions)
  bool listed = false;    // the enterprise may run the technique (enterprise_techniques.csv)
  double activity = 0.0;  // z in the plan (0 when not listed)
  double min_activity = 0.0, max_activity = kUnbounded;
  double outputs_value = 0.0;    // Σ out·price
  double objective_value = 0.0;  // Σ out·priority_weight (priority_output), else 0
  double quota_value = 0.0;      // Σ out·quota price (quotas made law)
  double inputs_value = 0.0;     // Σ in·price
  double resource_cost = 0.0;    // Σ use·(price + weight [min_resources])
  double capital_rent = 0.0;     // Σ b·rent (+ terminal growth prices in year T); NaN: not priced
  double reduced_cost = 0.0;     // the sum, per unit of activity
  // "used" (run between its bounds: d = 0 expected), "at_ceiling", "would_pay" (not run, d > 0),
  // "would_not_pay" (not run, d < 0), "idle" (not run, d = 0 within rounding: it would break even),
  // "not_priced"
  std::string verdict;
  std::string sentence;
};

// One region's balance of the explained product in the year (regional plans).
struct RegionalSupply {
  Index region = 0;
  double production = 0.0;
  double supply = 0.0;  // production + stock_in + imports + transport_in
  double transport_in = 0.0, transport_out = 0.0;
  double price = 0.0;  // price[i,g,t]
};

struct ExplainReport {
  ExplainSubject subject = ExplainSubject::kProduct;
  Index index = 0;             // of the product, enterprise or technique
  int year = 1;                // plan year
  std::string objective_unit;  // how the objective and prices are measured, in words
  // Regional plans: the region whose prices the report reads (the product's chosen region, the
  // enterprise's region; −1 without regions or for a technique, priced at each enterprise's own),
  // whether destinations are that region's balance (`--region` given) rather than national, and
  // for a product every region's supply and price. `prices` says in words whose prices are meant.
  Index region = -1;
  bool regional_destinations = false;
  std::vector<RegionalSupply> regions;
  std::string prices;
  // Foreign trade: π[t], the currency row's dual (objective units per currency unit; the real
  // exchange rate), and the currency's name; NaN without world prices.
  double currency_price = std::numeric_limits<double>::quiet_NaN();
  // Product: all three below. Enterprise: destinations = its outputs (kind "output"), limits of its
  // capital and activities, reduced costs of its techniques. Technique: reduced costs only.
  bool has_destinations = false, has_requirements = false, has_limits = false;
  ProductDestinations destinations;
  ProductRequirements requirements;
  ProductLimits limits;
  std::vector<ReducedCost> reduced_costs;
};

// Explains `options.id` in `options.year` from the plan. kInvalidInput (located at the option, e.g.
// "--product") for an unknown id or a year outside the plan; kInvalidArgument for invalid options
// and for a region that is not the model's (or given for a plan without regions, or with a subject
// other than a product).
// The plan must hold a solution (HasPlan(plan.status)).
Result<ExplainReport> ExplainPlan(const Model& model, const Plan& plan,
                                  const ExplainOptions& options);

// The report in words (what `gosplan explain` prints).
std::string ExplainText(const Model& model, const ExplainReport& report);
// The document gosplan.explain/1 (docs/json.md): schema, subject, year, objective_unit,
// destinations, requirements, limits, reduced_cost (null where the subject has none).
std::string ExplainJson(const Model& model, const ExplainReport& report);
// CSV: one row per line of the report: section,kind,id,enterprise,quantity,share,direct,total,
// shadow_price,reduced_cost,sentence.
std::string ExplainCsv(const Model& model, const ExplainReport& report);

}  // namespace gosplan
