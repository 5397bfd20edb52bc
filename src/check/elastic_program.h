// Internal: the plan LP with a shortfall column on every quota row (the elastic LP of
// include/gosplan/check.h), loaded into a warm-start session, with the maps from rows and columns
// to the constraint groups that a conflict is told in.
#pragma once

#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "gosplan/check.h"
#include "lp/clp_session.h"
#include "plan/plan_program.h"

namespace gosplan::check {

// kActivity: an enterprise technique's min/max_activity bounds in a year;
// kTerminal: K[e,i,T] ≥ K[e,i,0].
// Foreign trade (trade_limits.cc): kCurrency: the currency row of a year; kCredit: the debt
// D[t] ≤ credit_limit (object 0) or D[T] = 0, every credit repaid (object 1); kImportCap,
// kExportCap: m ≤ max_import, e ≤ max_export of world-price entry `object`.
enum class GroupKind {
  kQuota,
  kCapital,
  kStock,
  kResource,
  kFloor,
  kActivity,
  kTerminal,
  kCurrency,
  kCredit,
  kImportCap,
  kExportCap
};
// The trade limits: the groups whose binding means an import cannot be paid for.
inline bool IsTradeLimit(GroupKind kind) {
  return kind == GroupKind::kCurrency || kind == GroupKind::kCredit ||
         kind == GroupKind::kImportCap || kind == GroupKind::kExportCap;
}

// A relaxable constraint: one row (quota, capital, stock, resource) or one floor column bound.
struct Group {
  GroupKind kind = GroupKind::kQuota;
  Index object = 0;   // quota, stock account, resource, final_demand entry, enterprise_technique
  int year = 1;       // plan year
  Index row = -1;     // the row, or −1 for a floor
  Index column = -1;  // the floor's final-use column
  bool operator<(const Group& other) const {
    return std::tie(kind, object, year) < std::tie(other.kind, other.object, other.year);
  }
};

class ElasticProgram {
 public:
  // Builds the elastic LP of `model` (its quotas) and loads it (nothing solved yet).
  static Result<std::unique_ptr<ElasticProgram>> Build(const Model& model);

  const Model& model() const { return model_; }
  const plan::PlanProgram& program() const { return program_; }
  lp::ClpSession& session() { return *session_; }
  // An independent copy in the current state (objective, bounds, basis), for a parallel chain.
  std::unique_ptr<ElasticProgram> Clone() const;
  std::size_t quota_count() const { return shortfall_column_.size(); }
  Index shortfall_column(std::size_t q) const { return shortfall_column_[q]; }
  double weight(std::size_t q) const { return weight_[q]; }

  // Sets the min-weighted-shortfall objective.
  void UseShortfallObjective();
  // Sets max output_q (others' shortfalls stay as they are).
  void UseOutputObjective(std::size_t q);
  void UseZeroObjective();
  // Sets max Σ value·x over `terms` (e.g. OutputTerms).
  void UseTermsObjective(const std::vector<std::pair<Index, double>>& terms);
  double Value(const std::vector<std::pair<Index, double>>& terms) const;
  // Gross output of `product` (at `enterprise`, or all when −1) in plan year `year`, as LP terms.
  std::vector<std::pair<Index, double>> OutputTerms(Index product, Index enterprise,
                                                    int year) const;
  // What `quota` counts in plan year `year` as LP terms: OutputTerms for an output quota, the
  // import (export) column for a trade quota (empty where the product has no such column).
  std::vector<std::pair<Index, double>> QuotaTerms(const Quota& quota, int year) const;
  double Output(std::size_t q) const;  // output_q at the last solution

  // All candidate groups, and the groups in the support of the last solution's duals.
  std::vector<Group> AllGroups() const;
  std::vector<Group> DualSupport(double threshold) const;
  void Relax(const Group& group);
  void Restore(const Group& group);
  // Names of the binding resource/capital/stock rows of the last solution, largest |dual| first
  // (with `trade_first`, the trade limits — currency, credit, trade caps — before the rest).
  std::vector<std::string> Binding(std::size_t limit, bool trade_first = false) const;
  ConflictMember Describe(GroupKind kind, Index object, int first_year, int last_year) const;

 private:
  explicit ElasticProgram(const Model& model) : model_(model) {}
  // The row's group; kind kQuota with row −1 when the row is hard (balance, target mix).
  Group GroupOfRow(Index row) const;
  // Floors, activity bounds, terminal capital.
  std::vector<Group> ColumnGroups() const;

  // The trade limits' groups (trade_limits.cc): currency rows; credit and cap bounds.
  std::vector<Group> CurrencyGroups() const;
  std::vector<Group> TradeColumnGroups() const;
  // A trade limit in words (trade_limits.cc).
  void DescribeTradeLimit(GroupKind kind, Index object, ConflictMember& member) const;
  // The column of a column group is at its upper bound in the last solution.
  bool AtUpperBound(Index column) const;

  const Model& model_;
  plan::PlanProgram program_;
  std::unique_ptr<lp::ClpSession> session_ = std::make_unique<lp::ClpSession>();
  std::vector<Index> shortfall_column_;
  std::vector<double> weight_;
  std::vector<std::vector<std::pair<Index, double>>> quota_terms_;  // output_q = Σ value·x[column]
  std::vector<Index> objective_columns_;  // columns with a non-zero objective now
  std::vector<int> row_quota_;            // row -> quota or −1
};

}  // namespace gosplan::check
