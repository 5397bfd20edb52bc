#include "check/elastic_program.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "gosplan/model_range.h"
#include "model/quota_kind.h"

namespace gosplan::check {
namespace {

std::string Years(int first, int last) {
  return first == last ? std::to_string(first) : fmt::format("{}–{}", first, last);
}

std::string Number(double value) { return fmt::format("{:.6g}", value); }

std::string YearsWord(int count) { return count == 1 ? "year" : "years"; }

// The capital, stock and terminal-capital groups of one stock account K[e,i,·]: named by enterprise
// e and capital good i, told in the account's own terms (initial stock, construction lag).
void DescribeAccount(const Model& model, const plan::StockAccount& account, GroupKind kind,
                     int last_year, ConflictMember& member) {
  const Enterprise& enterprise = model.enterprises[account.enterprise];
  const Product& good = model.products[account.product];
  const std::string years = Years(member.first_year, last_year);
  member.names = {enterprise.id, good.id};
  if (kind == GroupKind::kCapital) {
    member.kind = "capital";
    member.sentence = fmt::format("capital of {} ({}) {}", enterprise.name, good.name, years);
  } else if (kind == GroupKind::kTerminal) {
    member.kind = "terminal_capital";
    member.sentence =
        fmt::format("{}'s stock of {} kept at its starting level {} {} by {}", enterprise.name,
                    good.name, Number(account.initial), good.unit, years);
  } else if (account.initial <= 0) {
    member.kind = "stock";
    member.sentence =
        fmt::format("{} ({}) usable only from {} (no stock at the start, construction lag {} {})",
                    enterprise.name, good.name, model.CalendarYear(1 + account.lag), account.lag,
                    YearsWord(account.lag));
    if (last_year > model.CalendarYear(account.lag)) {
      member.sentence += fmt::format(", built up only by investment {} {} ahead, {}", account.lag,
                                     YearsWord(account.lag), years);
    }
  } else {
    member.kind = "stock";
    member.sentence = fmt::format(
        "stock of {} at {} {}: {} {} at the start, new stock usable {} {} after "
        "investment",
        good.name, enterprise.name, years, Number(account.initial), good.unit, account.lag,
        YearsWord(account.lag));
  }
  // Construction in progress (construction_in_progress.csv) arriving in the account's years.
  if (member.kind == "stock") {
    std::string arriving;
    for (int t = 1; t <= static_cast<int>(account.arriving.size()); ++t) {
      if (account.Arriving(t) <= 0.0) continue;
      arriving += fmt::format("{}{} {} in {}", arriving.empty() ? "" : ", ",
                              Number(account.Arriving(t)), good.unit, model.CalendarYear(t));
    }
    if (!arriving.empty()) member.sentence += "; under construction, usable: " + arriving;
  }
}

}  // namespace

Result<std::unique_ptr<ElasticProgram>> ElasticProgram::Build(const Model& model) {
  // Every number the LP takes from the model within CLP's range, told in the model's words (a model
  // built in code or extended by ResizeHorizon has not been through LoadModel's checks).
  if (Status range = CheckModelRange(model); !range.ok()) return range;
  std::unique_ptr<ElasticProgram> elastic(new ElasticProgram(model));
  PlanOptions options;
  options.use_model_objective = false;
  options.objective = ObjectiveKind::kMinResources;  // no target rows or λ: the objective is ours
  options.quotas_as_constraints = 1;
  auto built = plan::BuildPlanProgram(model, options, /*with_names=*/false);
  if (!built.ok()) return built.status();
  elastic->program_ = std::move(built.value());
  LinearProgram& lp = elastic->program_.lp;
  lp.maximize = false;
  lp.objective_offset = 0.0;
  std::fill(lp.objective.begin(), lp.objective.end(), 0.0);

  const std::size_t quotas = model.quotas.size();
  elastic->row_quota_.assign(static_cast<std::size_t>(lp.num_rows), -1);
  for (std::size_t q = 0; q < quotas; ++q) {
    elastic->row_quota_[elastic->program_.quota_row[q]] = static_cast<int>(q);
  }
  elastic->quota_terms_.resize(quotas);
  for (Index j = 0; j < lp.num_columns; ++j) {
    for (Index k = lp.column_starts[j]; k < lp.column_starts[j + 1]; ++k) {
      const int q = elastic->row_quota_[lp.row_indices[k]];
      if (q >= 0) elastic->quota_terms_[q].emplace_back(j, lp.values[k]);
    }
  }
  for (std::size_t q = 0; q < quotas; ++q) {
    const double asked = model.quotas[q].quantity;
    // 1/asked, capped at CLP's largest magnitude: a quota below 1e-20 weighs like one of 1e-20.
    elastic->weight_.push_back(asked > 0 ? std::min(1.0 / asked, kMaxModelMagnitude) : 1.0);
    elastic->shortfall_column_.push_back(lp.num_columns);
    lp.row_indices.push_back(elastic->program_.quota_row[q]);
    lp.values.push_back(1.0);
    lp.column_starts.push_back(static_cast<Index>(lp.row_indices.size()));
    lp.column_lower.push_back(0.0);
    lp.column_upper.push_back(kUnbounded);
    lp.objective.push_back(0.0);
    ++lp.num_columns;
  }
  // CLP takes 32-bit indices; `check` needs CLP (its warm starts), so say so in the model's terms.
  constexpr Index kMaxClpIndex = std::numeric_limits<int>::max();
  if (lp.num_rows > kMaxClpIndex || lp.num_columns > kMaxClpIndex ||
      lp.num_nonzeros() > kMaxClpIndex) {
    return Status::InvalidInput(
        model.folder.empty() ? std::string("<model>") : model.folder, 0, 0,
        fmt::format("the check LP of this model over {} plan years has {} rows, {} columns and {} "
                    "non-zeros, too large for CLP's 32-bit indices",
                    model.horizon(), lp.num_rows, lp.num_columns, lp.num_nonzeros()),
        fmt::format("at most {} of each (fewer plan years, or fewer enterprise techniques "
                    "needing capital goods: one stock account per enterprise and capital good)",
                    kMaxClpIndex));
  }
  if (Status loaded = elastic->session_->Load(lp); !loaded.ok()) return loaded;
  return elastic;
}

std::unique_ptr<ElasticProgram> ElasticProgram::Clone() const {
  std::unique_ptr<ElasticProgram> copy(new ElasticProgram(model_));
  copy->program_ = program_;
  copy->session_ = session_->Clone();
  copy->shortfall_column_ = shortfall_column_;
  copy->weight_ = weight_;
  copy->quota_terms_ = quota_terms_;
  copy->objective_columns_ = objective_columns_;
  copy->row_quota_ = row_quota_;
  return copy;
}

void ElasticProgram::UseZeroObjective() {
  for (Index j : objective_columns_) session_->SetObjective(j, 0.0);
  objective_columns_.clear();
  session_->SetMaximize(false);
}

void ElasticProgram::UseShortfallObjective() {
  UseZeroObjective();
  for (std::size_t q = 0; q < shortfall_column_.size(); ++q) {
    session_->SetObjective(shortfall_column_[q], weight_[q]);
    objective_columns_.push_back(shortfall_column_[q]);
  }
}

void ElasticProgram::UseOutputObjective(std::size_t q) {
  UseZeroObjective();
  for (const auto& [column, value] : quota_terms_[q]) {
    session_->SetObjective(column, value);
    objective_columns_.push_back(column);
  }
  session_->SetMaximize(true);
}

void ElasticProgram::UseTermsObjective(const std::vector<std::pair<Index, double>>& terms) {
  UseZeroObjective();
  for (const auto& [column, value] : terms) {
    session_->SetObjective(column, value);
    objective_columns_.push_back(column);
  }
  session_->SetMaximize(true);
}

double ElasticProgram::Value(const std::vector<std::pair<Index, double>>& terms) const {
  const double* x = session_->column_values();
  double total = 0.0;
  for (const auto& [column, value] : terms) total += value * x[column];
  return total;
}

std::vector<std::pair<Index, double>> ElasticProgram::OutputTerms(Index product, Index enterprise,
                                                                  int year) const {
  std::vector<std::pair<Index, double>> terms;
  const int T = program_.years;
  for (std::size_t n = 0; n < model_.enterprise_techniques.size(); ++n) {
    const EnterpriseTechnique& et = model_.enterprise_techniques[n];
    if (enterprise >= 0 && et.enterprise != enterprise) continue;
    const plan::TechniqueTable& out = program_.outputs;
    for (Index k = out.starts[et.technique]; k < out.starts[et.technique + 1]; ++k) {
      if (out.items[k] == product) {
        terms.emplace_back(program_.activity_column[n * T + year - 1], out.values[k]);
      }
    }
  }
  return terms;
}

double ElasticProgram::Output(std::size_t q) const {
  const double* x = session_->column_values();
  double output = 0.0;
  for (const auto& [column, value] : quota_terms_[q]) output += value * x[column];
  return output;
}

std::vector<Group> ElasticProgram::AllGroups() const {
  std::vector<Group> groups;
  const int T = program_.years;
  for (std::size_t q = 0; q < shortfall_column_.size(); ++q) {
    groups.push_back({GroupKind::kQuota, static_cast<Index>(q), model_.quotas[q].year,
                      program_.quota_row[q], -1});
  }
  for (std::size_t k = 0; k < program_.stocks.size(); ++k) {
    for (int t = 1; t <= T; ++t) {
      groups.push_back(
          {GroupKind::kCapital, static_cast<Index>(k), t, program_.capital_row(k, t), -1});
      groups.push_back({GroupKind::kStock, static_cast<Index>(k), t, program_.stock_row(k, t), -1});
    }
  }
  for (std::size_t r = 0; r < model_.resources.size(); ++r) {
    for (int t = 1; t <= T; ++t) {
      groups.push_back(
          {GroupKind::kResource, static_cast<Index>(r), t, program_.resource_row(r, t), -1});
    }
  }
  for (const Group& g : CurrencyGroups()) groups.push_back(g);
  for (const Group& g : ColumnGroups()) groups.push_back(g);
  return groups;
}

std::vector<Group> ElasticProgram::ColumnGroups() const {
  std::vector<Group> groups;
  const int T = program_.years;
  for (std::size_t n = 0; n < model_.final_demand.size(); ++n) {
    if (model_.final_demand[n].floor <= 0) continue;
    groups.push_back({GroupKind::kFloor, static_cast<Index>(n), model_.final_demand[n].year, -1,
                      program_.final_use_column[n]});
  }
  for (std::size_t n = 0; n < model_.enterprise_techniques.size(); ++n) {
    const EnterpriseTechnique& et = model_.enterprise_techniques[n];
    if (et.min_activity <= 0 && !std::isfinite(et.max_activity)) continue;
    for (int t = 1; t <= T; ++t) {
      groups.push_back({GroupKind::kActivity, static_cast<Index>(n), t, -1,
                        program_.activity_column[n * T + t - 1]});
    }
  }
  for (std::size_t k = 0; k < program_.stocks.size(); ++k) {
    const Index column = program_.capital_column[k * T + T - 1];
    if (program_.lp.column_lower[column] > 0) {
      groups.push_back({GroupKind::kTerminal, static_cast<Index>(k), T, -1, column});
    }
  }
  for (const Group& g : TradeColumnGroups()) groups.push_back(g);
  return groups;
}

Group ElasticProgram::GroupOfRow(Index row) const {
  const int T = program_.years;
  const Index R = static_cast<Index>(model_.resources.size());
  const Index S = static_cast<Index>(program_.stocks.size());
  if (row >= program_.resource_row_base && row < program_.resource_row_base + R * T) {
    const Index offset = row - program_.resource_row_base;
    return {GroupKind::kResource, offset / T, static_cast<int>(offset % T) + 1, row, -1};
  }
  if (row >= program_.capital_row_base && row < program_.capital_row_base + 2 * S * T) {
    const Index offset = (row - program_.capital_row_base) / 2;
    const bool stock = (row - program_.capital_row_base) % 2 == 1;
    return {stock ? GroupKind::kStock : GroupKind::kCapital, offset / T,
            static_cast<int>(offset % T) + 1, row, -1};
  }
  if (program_.currency_row_base >= 0 && row >= program_.currency_row_base &&
      row < program_.currency_row_base + T) {
    return {GroupKind::kCurrency, 0, static_cast<int>(row - program_.currency_row_base) + 1, row,
            -1};
  }
  if (row < static_cast<Index>(row_quota_.size()) && row_quota_[row] >= 0) {
    const int q = row_quota_[row];
    return {GroupKind::kQuota, q, model_.quotas[q].year, row, -1};
  }
  return {GroupKind::kQuota, -1, 0, -1, -1};  // a hard row (balance, target mix)
}

std::vector<Group> ElasticProgram::DualSupport(double threshold) const {
  const double* y = session_->row_duals();
  const double* d = session_->reduced_costs();
  const Index rows = static_cast<Index>(row_quota_.size());
  double largest = 1.0;
  for (Index i = 0; i < rows; ++i) largest = std::max(largest, std::abs(y[i]));
  const double cut = threshold * largest;
  std::vector<Group> support;
  for (Index i = 0; i < rows; ++i) {
    if (std::abs(y[i]) <= cut) continue;
    Group group = GroupOfRow(i);
    if (group.row >= 0) support.push_back(group);
  }
  for (const Group& g : ColumnGroups()) {
    if (std::abs(d[g.column]) > cut) support.push_back(g);
  }
  return support;
}

void ElasticProgram::Relax(const Group& group) {
  if (group.row >= 0) {
    session_->SetRowBounds(group.row, -kUnbounded, kUnbounded);
  } else {
    // Activity bounds and trade limits lose their upper bound (their lower bound is 0 or the
    // least activity, also dropped); a floor keeps its upper bound.
    const bool both = group.kind == GroupKind::kActivity || IsTradeLimit(group.kind);
    session_->SetColumnBounds(group.column, 0.0,
                              both ? kUnbounded : program_.lp.column_upper[group.column]);
  }
}

void ElasticProgram::Restore(const Group& group) {
  const LinearProgram& lp = program_.lp;
  if (group.row >= 0) {
    session_->SetRowBounds(group.row, lp.row_lower[group.row], lp.row_upper[group.row]);
  } else {
    session_->SetColumnBounds(group.column, lp.column_lower[group.column],
                              lp.column_upper[group.column]);
  }
}

std::vector<std::string> ElasticProgram::Binding(std::size_t limit, bool trade_first) const {
  const double* y = session_->row_duals();
  std::vector<std::pair<double, Group>> binding;
  const Index rows = static_cast<Index>(row_quota_.size());
  double largest = 0.0;
  for (Index i = 0; i < rows; ++i) largest = std::max(largest, std::abs(y[i]));
  for (Index i = 0; i < rows; ++i) {
    if (std::abs(y[i]) <= 1e-9 * std::max(1.0, largest)) continue;
    const Group group = GroupOfRow(i);
    if (group.row < 0 || group.kind == GroupKind::kQuota) continue;
    binding.emplace_back(std::abs(y[i]), group);
  }
  const double* d = session_->reduced_costs();
  for (const Group& g : ColumnGroups()) {
    // A trade cap or credit limit binds only at its upper bound (a flow at 0 has a reduced cost
    // too, from its lower bound).
    if (IsTradeLimit(g.kind) && !AtUpperBound(g.column)) continue;
    if (g.kind != GroupKind::kFloor && std::abs(d[g.column]) > 1e-9 * std::max(1.0, largest)) {
      binding.emplace_back(std::abs(d[g.column]), g);
    }
  }
  std::stable_sort(binding.begin(), binding.end(), [trade_first](const auto& a, const auto& b) {
    if (trade_first && IsTradeLimit(a.second.kind) != IsTradeLimit(b.second.kind)) {
      return IsTradeLimit(a.second.kind);
    }
    return a.first > b.first;
  });
  std::vector<std::string> names;
  for (std::size_t k = 0; k < binding.size() && names.size() < limit; ++k) {
    const Group& group = binding[k].second;
    const int year = model_.CalendarYear(group.year);
    names.push_back(Describe(group.kind, group.object, year, year).sentence);
  }
  return names;
}

ConflictMember ElasticProgram::Describe(GroupKind kind, Index object, int first_year,
                                        int last_year) const {
  ConflictMember member;
  member.first_year = first_year;
  member.last_year = last_year;
  const std::string years = Years(first_year, last_year);
  switch (kind) {
    case GroupKind::kQuota: {
      const Quota& quota = model_.quotas[object];
      const Product& product = model_.products[quota.product];
      member.kind = "quota";
      member.names = {quota.id};
      // "Steel 10.4 Mt in 1933"; "Machinery imports 300 mn roubles in 1930" (a trade quota).
      member.sentence =
          fmt::format("{} {} {} in {}", model::QuotaCounts(model_, quota), Number(quota.quantity),
                      product.unit, model_.CalendarYear(quota.year));
      if (quota.enterprise >= 0) {
        member.sentence += " at " + model_.enterprises[quota.enterprise].name;
      }
      break;
    }
    case GroupKind::kCapital:
    case GroupKind::kStock:
    case GroupKind::kTerminal:
      DescribeAccount(model_, program_.stocks[object], kind, last_year, member);
      break;
    case GroupKind::kResource: {
      const Resource& resource = model_.resources[object];
      member.kind = "resource";
      member.names = {resource.id};
      member.sentence = fmt::format("{} {}", resource.name, years);
      break;
    }
    case GroupKind::kActivity: {
      const EnterpriseTechnique& et = model_.enterprise_techniques[object];
      const Enterprise& enterprise = model_.enterprises[et.enterprise];
      const Technique& technique = model_.techniques[et.technique];
      member.kind = "activity";
      member.names = {enterprise.id, technique.id};
      member.sentence =
          std::isfinite(et.max_activity)
              ? fmt::format("capacity of {} for {} (at most {} a year) {}", enterprise.name,
                            technique.name, Number(et.max_activity), years)
              : fmt::format("least activity of {} for {} ({} a year) {}", enterprise.name,
                            technique.name, Number(et.min_activity), years);
      break;
    }
    case GroupKind::kCurrency:
    case GroupKind::kCredit:
    case GroupKind::kImportCap:
    case GroupKind::kExportCap:
      DescribeTradeLimit(kind, object, member);
      break;
    case GroupKind::kFloor: {
      const FinalDemand& fd = model_.final_demand[object];
      const Product& product = model_.products[fd.product];
      member.kind = "floor";
      member.names = {model_.final_demand_categories[fd.category], product.id};
      member.sentence = fmt::format(
          "{} floor of {} {}", model_.final_demand_categories[fd.category], product.name, years);
      break;
    }
  }
  return member;
}

}  // namespace gosplan::check
