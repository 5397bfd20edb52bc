// Internal to `verify`: the LP structure the verifier derives from the model on its own (from the
// mathematics in include/gosplan/plan.h, never from src/plan/), the plan documents as read from
// disk, the primal point recovered from them and the groups of checks VerifyPlan runs on it, one
// file each.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "gosplan/model.h"
#include "gosplan/status.h"
#include "gosplan/verify.h"

namespace gosplan::verify {

// Absent number (a price row not written, an empty capacity cell). Parsed files never hold NaN.
inline constexpr double kAbsent = std::numeric_limits<double>::quiet_NaN();
inline bool IsAbsent(double value) { return std::isnan(value); }

// One coefficient of a technique: product (or resource) and value.
struct Entry {
  Index item = 0;
  double value = 0.0;
  double depreciation = 0.0;  // capital entries only
};

// A capital stock K[e,i,·]: enterprise e holds good i because one of its techniques needs it.
struct StockAccount {
  Index enterprise = 0;
  Index product = 0;
  double depreciation = 0.0;  // largest d[p,i] among e's techniques that need i
  int lag = 1;                // e's construction lag L_e
  double initial = 0.0;       // K[e,i,0]: sum of initial_stocks for (e, i)
  // cip[e,i,t], t = 1..T ([t − 1]): sum of construction_in_progress for (e, i) usable in year t;
  // empty when none arrives.
  std::vector<double> arriving;
  double Arriving(int year) const {
    return arriving.empty() ? 0.0 : arriving[static_cast<std::size_t>(year - 1)];
  }
  // Outlay profile σ[o], o = 0..L − 1: the share of a[e,i,t] paid in year t + o
  // (outlay_profiles.csv: e's own rows, else its kind's, else all in the start year).
  std::vector<double> outlay;
};

// What the verifier knows about the plan LP, derived from the model alone.
struct Structure {
  int years = 0;  // T
  Index products = 0, resources = 0, categories = 0;
  std::vector<std::vector<Entry>> outputs, inputs, resource_use, capital;  // per technique
  std::vector<StockAccount> accounts;
  std::map<std::pair<Index, Index>, Index> account_of;  // (enterprise, product) -> account
  std::map<std::pair<Index, Index>, Index> enterprise_technique;  // (enterprise, technique) -> n
  // Final demand per (category, product, year), duplicates summed: [(c·P + i)·T + t − 1].
  std::vector<double> floor;
  std::vector<double> target;
  std::vector<char> has_final;
  std::vector<double> target_mix;  // Σ_c target[c,i,t]: [i·T + t − 1]
  // Outlays still owed inside the plan for construction in progress started before it: [i·T + t
  // − 1] (docs/planning-model.md, "Outlay profiles").
  std::vector<double> owed_outlay;
  // Regions (docs/planning-model.md, "Regions and transport"; regions.cc): G (1 without
  // regions.csv), each enterprise's region, and the owed outlays per region: [(i·G + g)·T + t − 1].
  Index regions = 1;
  std::vector<Index> enterprise_region;
  std::vector<double> regional_owed_outlay;
  std::vector<double> year_weight;  // w_t (model's year_weights when it has T of them, else 1)
  // Terminal condition "growth" (docs/planning-model.md): rows terminal[k,j], j = 1..L_k, at
  // terminal_start[k] + j − 1 of the terminal vectors; g as the model gives it or its von Neumann
  // rate recomputed here (−1 under another condition, NaN when no rate exists).
  std::vector<Index> terminal_start;
  Index terminal_rows = 0;
  double terminal_growth_rate = -1.0;

  Index FinalSlot(Index category, Index product, int year) const {
    return (category * products + product) * years + year - 1;
  }
};

Structure DeriveStructure(const Model& model);

struct Summary {
  std::string status;
  ObjectiveKind objective = ObjectiveKind::kPlanRay;
  double objective_value = kAbsent;  // null in the file: absent
  bool quotas_as_constraints = false;
  // "fulfilment_floor" (PlanOptions::fulfilment_floor); 0 when absent. > 0: the plan has target
  // rows and λ[t] ≥ the floor whatever its objective.
  double fulfilment_floor = 0.0;
  bool HasTargetRows() const {
    return objective == ObjectiveKind::kPlanRay || fulfilment_floor > 0;
  }
  bool terminal_capital = false;
  std::string terminal;                   // "none", "keep_capital", "growth"; empty when absent
  double terminal_growth_rate = kAbsent;  // null or absent: kAbsent
  int base_year = 0;
  int horizon = 0;
  std::vector<std::pair<int, double>> fulfilment;  // (calendar year, λ)
  std::string model_checksum;
  // "tolerance": the relative tolerance the plan states it holds within (approximate plans); absent
  // when missing or null.
  double stated_tolerance = kAbsent;
  // "groups" (maxmin or group floors; docs/planning-model.md "Max–min fulfilment across groups"):
  // per group its name, level Λ_g and floor as summary.json states them. has_groups: the field
  // is there (the plan folder then holds groups.csv).
  struct Group {
    std::string name;
    double level = kAbsent;
    double floor = 0.0;
  };
  bool has_groups = false;
  std::vector<Group> groups;
};

// Reads summary.json; errors are kInvalidInput with file:line:column.
Result<Summary> ReadSummary(const std::string& path);

struct TargetRow {
  Index enterprise_technique = 0;
  Index product = 0;
  int year = 1;  // plan year
  double quantity = 0.0;
  double capacity = kAbsent;  // empty cell: unbounded
  std::int64_t line = 0;
};

struct InvestmentRow {
  Index account = 0;
  int year_started = 1;  // plan year
  int year_usable = 1;   // plan year as written (may exceed T)
  double quantity = 0.0;
  std::int64_t line = 0;
};

struct BalanceRow {
  bool present = false;
  std::int64_t line = 0;
  double production = 0.0, intermediate_use = 0.0, accumulation = 0.0;
  std::vector<double> final_use;  // per model category
  double stock_in = 0.0, stock_out = 0.0, surplus = 0.0;
  double imports = 0.0, exports = 0.0;  // columns present only for a model with world prices
};

// Foreign trade as the plan folder states it (trade.csv, currency.csv; read only for a model with
// world prices, docs/planning-model.md "Foreign trade").
struct TradeDocuments {
  std::vector<double> exports, imports;  // per model.world_prices entry
  std::vector<std::int64_t> line;        // trade.csv line per entry (0: missing)
  // currency.csv per year [t − 1]; currency_price is the dual of the currency row (≥ 0).
  std::vector<double> earnings, spending, debt, interest, reserves, currency_price;
  std::vector<std::int64_t> currency_line;
};

// Regions and transport as the plan folder states them (regional_balances.csv, transport.csv;
// read only for a model with regions).
struct RegionalDocuments {
  // Per (product, region, year) at [(i·G + g)·T + t − 1].
  std::vector<BalanceRow> balances;
  std::vector<double> transport_use, transport_in, transport_out, price;
  // Per (link, year) at [l·T + t − 1].
  std::vector<double> quantity, capacity_started, rent;
  std::vector<std::int64_t> link_line;
};

struct PlanDocuments {
  std::vector<TargetRow> targets;
  std::vector<InvestmentRow> investments;
  std::vector<BalanceRow> balances;  // [i·T + t − 1]

  bool has_prices = false;
  // Published duals (kAbsent where no row was written; the verifier reads absent as 0).
  std::vector<double> product_price, product_quantity;                   // [i·T + t − 1]
  std::vector<double> resource_price, resource_quantity;                 // [r·T + t − 1]
  std::vector<double> capital_price, installed_price, capital_quantity;  // [k·T + t − 1]
  std::vector<double> target_price;                                      // [i·T + t − 1]
  std::vector<double> quota_price;                                       // per quota
  std::vector<double> terminal_price, terminal_quantity;  // Structure::terminal_start[k] + j − 1
  TradeDocuments trade;                                   // empty without world prices
  // groups.csv (read only when summary.json has "groups"): per category c and year t at
  // [c·T + t − 1] the fulfilment λ_g[t], and per category its level and floor (kAbsent: no row).
  std::vector<double> group_fulfilment, group_level, group_floor;
  RegionalDocuments regions;  // empty without regions
};

// Reads targets.csv, investment.csv, balances.csv and (when present) prices.csv of `folder`.
// Structural problems (missing file or column, unknown id, year outside the plan, duplicate or
// missing rows) go to `diagnostics`; numbers are taken as written (signs are checked later).
PlanDocuments ReadPlanDocuments(const Model& model, const Structure& structure,
                                const std::string& folder, Diagnostics& diagnostics);

// A plan folder's summary.json read beside the model folder it is checked against. The model
// checksum comes first: a plan made from another model fails to read against this one with one
// error per unknown id; that is one fact, said once (AnotherModel).
struct PlanOrigin {
  std::string summary_path;
  Summary summary;
  std::string folder_checksum;  // the model folder's (computed only when summary.json names one)
  bool other_model = false;     // summary.json names a checksum and the folder's differs

  // `problems` (kInvalidInput) as they are, or, when the plan was made from another model, the one
  // sentence "this plan was made from another model: ..." with their count and the first of them.
  Status Explain(const Status& problems) const;
};

// Errors: the plan folder does not exist; summary.json is missing or unreadable (located).
Result<PlanOrigin> ReadPlanOrigin(const std::string& model_folder, const std::string& plan_folder);

// ---- The checks ----

inline std::string Num(double value) { return fmt::format("{:.10g}", value); }
inline std::string By(double value) { return fmt::format("{:.3g}", value); }

// Counts checks and records violations in the report.
class Checker {
 public:
  Checker(const VerifyOptions& options, VerifyReport& report)
      : options_(options), report_(report) {}

  // Fails when `excess` > tolerance·magnitude + absolute·terms. `describe(excess)` gives the
  // sentence.
  template <typename Describe>
  bool Check(double excess, double magnitude, int terms, const char* kind, Describe describe) {
    ++report_.checks;
    magnitude = std::abs(magnitude);
    if (std::isnan(excess)) excess = kUnbounded;
    const double scaled = excess / std::max(1.0, magnitude);
    if (excess > 0 && std::isfinite(scaled)) {
      report_.max_violation = std::max(report_.max_violation, scaled);
    }
    const double allowed =
        options_.tolerance * magnitude + options_.absolute_tolerance * std::max(1, terms);
    if (excess <= allowed) return true;
    ++report_.violation_count;
    if (report_.violations.size() < options_.max_listed) {
      report_.violations.push_back({kind, std::string(kind) + ": " + describe(excess), excess,
                                    excess / std::max(magnitude, 1e-300)});
    }
    return false;
  }
  // |a − b| within tolerance of max(|a|, |b|).
  template <typename Describe>
  bool Same(double a, double b, int terms, const char* kind, Describe describe) {
    return Check(std::abs(a - b), std::max(std::abs(a), std::abs(b)), terms, kind, describe);
  }
  double tolerance() const { return options_.tolerance; }
  VerifyReport& report() { return report_; }

 private:
  const VerifyOptions& options_;
  VerifyReport& report_;
};

// The plan's primal point as recovered from the documents (plan-year indexed like Structure).
struct Primal {
  std::vector<double> activity;      // z: [n·T + t − 1]
  std::vector<double> accumulation;  // a: [k·T + t − 1]
  std::vector<double> stock;         // K: [k·T + t − 1]
  std::vector<double> used;          // Σ_p b·z per account: [k·T + t − 1]
  std::vector<double> carry;         // s: [i·T + t − 1]
  std::vector<double> final_use;     // f: Structure::FinalSlot
  std::vector<double> fulfilment;    // λ: [t − 1] (plan ray)
  std::vector<double> production, intermediate, accumulated;  // per product: [i·T + t − 1]
  std::vector<double> resource_use;                           // [r·T + t − 1]
  // Foreign trade per product [i·T + t − 1] (trade.cc; empty without world prices).
  std::vector<double> imports, exports;
};

// What every group of checks reads: the model, its derived structure, the plan's documents and the
// primal point recovered from them, with the names the messages use.
struct PlanUnderCheck {
  PlanUnderCheck(const Model& model, const Structure& s, const Summary& summary,
                 const PlanDocuments& docs)
      : model(model), s(s), summary(summary), docs(docs) {}
  const Model& model;
  const Structure& s;
  const Summary& summary;
  const PlanDocuments& docs;
  Primal x;
  std::map<std::pair<Index, int>, std::vector<std::size_t>> quotas_on;  // (product, year) -> quotas
  std::vector<double> quota_output;                                     // output_q, per quota

  int T() const { return s.years; }
  int Year(int t) const { return model.CalendarYear(t); }
  const std::string& ProductName(Index i) const { return model.products[i].name; }
  std::string EnterpriseTechniqueName(Index n) const {
    const EnterpriseTechnique& et = model.enterprise_techniques[n];
    return model.enterprises[et.enterprise].name + " by " + model.techniques[et.technique].name;
  }
  std::string AccountName(Index k) const {
    const StockAccount& a = s.accounts[k];
    return fmt::format("{} (product {})", model.enterprises[a.enterprise].name,
                       model.products[a.product].id);
  }
};

// primal.cc: recovers x, quotas_on and quota_output from the documents, checking on the way that
// targets.csv gives one activity per technique and that investment.csv is non-negative and usable
// after the construction lag.
void RecoverPrimal(PlanUnderCheck& plan, Checker& check);

// bounds.cc: min/max_activity of every z, and the capacity column of targets.csv
// (out·min(max_activity, K/b over the technique's capital goods)).
void CheckActivityBounds(const PlanUnderCheck& plan, Checker& check);

// balances.cc: every product balance row, carried stocks, and balances.csv (and prices.csv's
// product quantities) against the recomputed flows.
void CheckBalances(const PlanUnderCheck& plan, Checker& check);

// floors_targets.cc: final use f against the floors (and 0 where the model has no final demand).
void CheckFloors(const PlanUnderCheck& plan, Checker& check);
// floors_targets.cc: quotas (when they are constraints of the plan) and the target mix Σ_c f ≥
// λ·mix.
void CheckQuotasAndTargetMix(const PlanUnderCheck& plan, Checker& check);

// resources.cc: Σ use·z ≤ availability, and prices.csv's resource quantities.
void CheckResources(const PlanUnderCheck& plan, Checker& check);

// capital.cc: Σ b·z ≤ K per account and year, terminal capital, the terminal growth rows
// (K[T+j] ≥ (1+g)^j·Σ b·z[T]) and prices.csv's terminal quantities, prices.csv's capital
// quantities, and summary.json's terminal_capital, terminal and terminal_growth_rate against the
// model.
void CheckCapital(const PlanUnderCheck& plan, Checker& check);

// objective.cc: the plan's objective recomputed in maximisation form (min resources: −cost),
// written to the report in its own sense and checked against summary.json; returns the maximisation
// form.
double CheckObjective(const PlanUnderCheck& plan, Checker& check);
inline double Sense(ObjectiveKind objective) {
  return objective == ObjectiveKind::kMinResources ? -1.0 : 1.0;
}

// trade.cc: reads trade.csv and currency.csv of `folder` into docs.trade (a model with world
// prices only): unknown products, years outside the plan, rows missing or twice.
void ReadTradeDocuments(const Model& model, const std::string& folder, PlanDocuments& docs,
                        Diagnostics& diagnostics);
// trade_quotas.cc: import and export quotas (Quota::kind). TradeQuotaFlows sets quota_output of
// each to the import (export) of its product and year in trade.csv (0 where the product has no
// world price that year); TradeQuotaDualTerms adds each trade quota's price y_q to the reduced
// profit of its flow column (`import_profit`, `export_profit`, per world_prices entry) and returns
// −Σ y_q·quantity, its part of the Lagrangian bound.
void TradeQuotaFlows(PlanUnderCheck& plan);
double TradeQuotaDualTerms(const PlanUnderCheck& plan, std::vector<double>& import_profit,
                           std::vector<double>& export_profit);

// trade.cc: the flows of trade.csv as the primal point's imports and exports (x.imports,
// x.exports), checked against the world prices (tradable, ≥ 0, caps), balances.csv's imports and
// exports columns, and the currency rows recomputed from them: earnings and spending, debt within
// the credit limit and repaid by year T, reserves ≥ 0, each year's currency balance ≥ 0. Nothing
// for a model without world prices.
void CheckTrade(PlanUnderCheck& plan, Checker& check);
// trade.cc: the foreign-trade part of the duality check: the currency prices' signs, their
// right-hand side (initial reserves) and the best value of every export, import, debt and reserve
// column at its reduced profit (dual infeasibility checked as for the other columns). Returns the
// contribution to the Lagrangian bound D (maximisation form); 0 without world prices.
double TradeDualBound(const PlanUnderCheck& plan, Checker& check);
// regions.cc (docs/planning-model.md, "Regions and transport"): G, the enterprises' regions and
// the regional owed outlays of `s` (called by DeriveStructure before its owed outlays).
void DeriveRegions(const Model& model, Structure& s);
// regions.cc: reads regional_balances.csv and transport.csv of `folder` into docs.regions (a
// model with regions only): unknown ids, years outside the plan, rows missing or twice.
void ReadRegionalDocuments(const Model& model, const Structure& s, const std::string& folder,
                           PlanDocuments& docs, Diagnostics& diagnostics);
// regions.cc: the transport flows (≥ 0, within capacity), their transport product and capacity
// outlays added to the national primal point (x.intermediate, x.accumulated), and every regional
// balance recomputed from the activities, investments, flows and the stated regional final use
// and stocks (which must add up to the national ones): regional_balances.csv's columns against
// it, each regional balance ≥ 0, regional floors. Nothing without regions.
void CheckRegions(PlanUnderCheck& plan, Checker& check);
// regions.cc: the duality check's regional part: the signs of the regional prices and link rents,
// and the best value of every transport flow and capacity column at its reduced profit, with the
// capacity rows' right-hand sides. Returns its contribution to D; 0 without regions.
double RegionsDualBound(const PlanUnderCheck& plan, Checker& check);
// The published price of balance[i,g,t]: the regional one (regional_balances.csv) with regions,
// else prices.csv's product price; absent reads as 0.
double BalancePrice(const PlanUnderCheck& plan, Index product, Index region, int year);

// harmony.cc (docs/planning-model.md, "Harmony"): Ĥ(use/target − 1), the tangent envelope the
// plan LP maximises for a product and year with total final use `use` and target τ = `target` > 0;
// and sup over x ≥ least_use of weight·Ĥ(x/τ − 1) − price·x, the harmony term of the Lagrangian
// bound for that product and year (kUnbounded for a negative price).
double HarmonyOfFinalUse(double use, double target);
double HarmonySupremum(double weight, double target, double price, double least_use);

// groups.cc: reads groups.csv of `folder` into docs (unknown or target-less groups, years outside
// the plan, rows missing or twice go to `diagnostics`).
void ReadGroupDocuments(const Model& model, const Structure& structure, const std::string& folder,
                        PlanDocuments& docs, Diagnostics& diagnostics);
// groups.cc: every group's fulfilment recomputed from the final use, λ_g[t] = min_i f[c,i,t] /
// target[c,i,t] over its products with a target, against groups.csv; its floor (summary.json)
// held in every year; its level Λ_g = Σ_t (w_t/W_g)·λ_g[t] against groups.csv and summary.json.
void CheckGroups(const PlanUnderCheck& plan, Checker& check);
// groups.cc: the groups' levels recomputed from the final use ([category], kAbsent for a
// category without a target); the maxmin objective is their least.
std::vector<double> RecomputedGroupLevels(const PlanUnderCheck& plan);

// duality.cc: signs of the published prices, the Lagrangian bound D rebuilt from them (dual
// feasibility of every column) and the gap |P − D| against `primal` (maximisation form).
void CheckDuality(const PlanUnderCheck& plan, double primal, Checker& check);

}  // namespace gosplan::verify
