// Internal to `verify`: the LP structure the verifier derives from the model on its own (from the
// mathematics in include/gosplan/plan.h, never from src/plan/), and the plan documents as read from disk.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "gosplan/status.h"
#include "gosplan/model.h"

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
};

// What the verifier knows about the plan LP, derived from the model alone.
struct Structure {
  int years = 0;  // T
  Index products = 0, resources = 0, categories = 0;
  std::vector<std::vector<Entry>> outputs, inputs, resource_use, capital;  // per technique
  std::vector<StockAccount> accounts;
  std::map<std::pair<Index, Index>, Index> account_of;          // (enterprise, product) -> account
  std::map<std::pair<Index, Index>, Index> enterprise_technique;  // (enterprise, technique) -> n
  // Final demand per (category, product, year), duplicates summed: [(c·P + i)·T + t − 1].
  std::vector<double> floor;
  std::vector<double> target;
  std::vector<char> has_final;
  std::vector<double> target_mix;  // Σ_c target[c,i,t]: [i·T + t − 1]
  std::vector<double> year_weight;  // w_t (model's year_weights when it has T of them, else 1)

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
  bool terminal_capital = false;
  int base_year = 0;
  int horizon = 0;
  std::vector<std::pair<int, double>> fulfilment;  // (calendar year, λ)
  std::string model_checksum;
  // "tolerance": the relative tolerance the plan states it holds within (approximate plans); absent
  // when missing or null.
  double stated_tolerance = kAbsent;
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
};

struct PlanDocuments {
  std::vector<TargetRow> targets;
  std::vector<InvestmentRow> investments;
  std::vector<BalanceRow> balances;  // [i·T + t − 1]

  bool has_prices = false;
  // Published duals (kAbsent where no row was written; the verifier reads absent as 0).
  std::vector<double> product_price, product_quantity;    // [i·T + t − 1]
  std::vector<double> resource_price, resource_quantity;  // [r·T + t − 1]
  std::vector<double> capital_price, installed_price, capital_quantity;  // [k·T + t − 1]
  std::vector<double> target_price;  // [i·T + t − 1]
  std::vector<double> quota_price;   // per quota
};

// Reads targets.csv, investment.csv, balances.csv and (when present) prices.csv of `folder`.
// Structural problems (missing file or column, unknown id, year outside the plan, duplicate or
// missing rows) go to `diagnostics`; numbers are taken as written (signs are checked later).
PlanDocuments ReadPlanDocuments(const Model& model, const Structure& structure, const std::string& folder,
                                Diagnostics& diagnostics);

// FNV-1a 64-bit over the model folder's .csv/.toml files sorted by name (each name with its NUL, then
// its bytes), as 16 hex digits: the checksum summary.json records. Written here again on purpose.
std::string ModelFolderChecksum(const std::string& folder);

}  // namespace gosplan::verify
