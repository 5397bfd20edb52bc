// Reads a plan folder back from disk for `verify`: summary.json, targets.csv, investment.csv,
// balances.csv and prices.csv, mapped onto the model's indices. Only util/csv and the model are
// used.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <set>

#include "gosplan/plan.h"
#include "util/csv.h"
#include "util/text_file.h"
#include "verify/plan_tables.h"
#include "verify/verify_internal.h"

namespace gosplan::verify {
namespace {

std::string Join(const std::string& folder, const char* name) {
  return (std::filesystem::path(folder) / name).string();
}

// A plan table and the 0-based numbers of the columns asked for.
struct Table {
  util::CsvFile file;
  std::vector<int> columns;
};
std::optional<Table> OpenTable(const std::string& path, const std::vector<std::string_view>& names,
                               Diagnostics& diagnostics) {
  std::vector<int> columns;
  auto file = OpenPlanTable(path, names, columns, diagnostics);
  if (!file) return std::nullopt;
  return Table{std::move(*file), std::move(columns)};
}

void ReadTargets(const Model& model, const Structure& s, const std::string& path,
                 PlanDocuments& plan, Diagnostics& diagnostics) {
  auto table = OpenTable(path,
                         {"enterprise", "technique", "product", "year", "quantity", "capacity",
                          "utilisation", "enterprise_kind"},
                         diagnostics);
  if (!table) return;
  const std::vector<int>& c = table->columns;
  const int T = s.years;
  // Every (enterprise technique, output, year) must appear exactly once.
  std::set<std::tuple<Index, Index, int>> seen;
  util::CsvRow row;
  while (table->file.Next(row, diagnostics)) {
    const auto& f = row.fields;
    auto e =
        LookupId(model.enterprise_index, f[c[0]], path, row.line, c[0], "enterprise", diagnostics);
    auto p =
        LookupId(model.technique_index, f[c[1]], path, row.line, c[1], "technique", diagnostics);
    auto i = LookupId(model.product_index, f[c[2]], path, row.line, c[2], "product", diagnostics);
    auto t = PlanYear(model, f[c[3]], path, row.line, c[3], diagnostics);
    auto quantity = util::ParseNumber(f[c[4]], path, row.line, c[4], diagnostics, "quantity");
    std::optional<double> capacity = kAbsent;
    if (!f[c[5]].empty())
      capacity = util::ParseNumber(f[c[5]], path, row.line, c[5], diagnostics, "capacity");
    if (!f[c[6]].empty())
      util::ParseNumber(f[c[6]], path, row.line, c[6], diagnostics, "utilisation");
    if (!e || !p || !i || !t || !quantity || !capacity) continue;
    auto n = s.enterprise_technique.find({*e, *p});
    if (n == s.enterprise_technique.end()) {
      diagnostics.Add(path, row.line, c[1] + 1,
                      fmt::format("enterprise '{}' does not run technique '{}'", f[c[0]], f[c[1]]),
                      "a pair from enterprise_techniques.csv");
      continue;
    }
    const auto& outputs = s.outputs[*p];
    if (std::none_of(outputs.begin(), outputs.end(),
                     [&](const Entry& o) { return o.item == *i; })) {
      diagnostics.Add(path, row.line, c[2] + 1,
                      fmt::format("technique '{}' does not make product '{}'", f[c[1]], f[c[2]]),
                      "an output from technique_outputs.csv");
      continue;
    }
    if (f[c[7]] != ToString(model.enterprises[*e].kind)) {
      diagnostics.Add(
          path, row.line, c[7] + 1,
          fmt::format("enterprise kind '{}' of '{}' differs from the model", f[c[7]], f[c[0]]),
          ToString(model.enterprises[*e].kind));
    }
    if (!seen.insert({n->second, *i, *t}).second) {
      diagnostics.Add(
          path, row.line, 0,
          fmt::format("second row for enterprise '{}', technique '{}', product '{}', year {}",
                      f[c[0]], f[c[1]], f[c[2]], f[c[3]]),
          "one row per enterprise, technique, product and year");
      continue;
    }
    plan.targets.push_back({n->second, *i, *t, *quantity, *capacity, row.line});
  }
  // A missing row would leave an activity unknown: the documents must be complete.
  for (const EnterpriseTechnique& et : model.enterprise_techniques) {
    const Index n = s.enterprise_technique.at({et.enterprise, et.technique});
    for (const Entry& output : s.outputs[et.technique]) {
      for (int t = 1; t <= T; ++t) {
        if (seen.count({n, output.item, t}) == 0) {
          diagnostics.Add(
              path, 0, 0,
              fmt::format("no row for enterprise '{}', technique '{}', product '{}', year {}",
                          model.enterprises[et.enterprise].id, model.techniques[et.technique].id,
                          model.products[output.item].id, model.CalendarYear(t)),
              "one row per enterprise technique, output and plan year");
          if (diagnostics.full()) return;
        }
      }
    }
  }
}

void ReadInvestment(const Model& model, const Structure& s, const std::string& path,
                    PlanDocuments& plan, Diagnostics& diagnostics) {
  auto table = OpenTable(path, {"enterprise", "product", "year_started", "year_usable", "quantity"},
                         diagnostics);
  if (!table) return;
  const std::vector<int>& c = table->columns;
  std::set<std::pair<Index, int>> seen;
  util::CsvRow row;
  while (table->file.Next(row, diagnostics)) {
    const auto& f = row.fields;
    auto e =
        LookupId(model.enterprise_index, f[c[0]], path, row.line, c[0], "enterprise", diagnostics);
    auto i = LookupId(model.product_index, f[c[1]], path, row.line, c[1], "product", diagnostics);
    auto started = PlanYear(model, f[c[2]], path, row.line, c[2], diagnostics);
    auto usable = util::ParseInteger(f[c[3]], path, row.line, c[3], diagnostics, "year_usable");
    auto quantity = util::ParseNumber(f[c[4]], path, row.line, c[4], diagnostics, "quantity");
    if (!e || !i || !started || !usable || !quantity) continue;
    auto account = s.account_of.find({*e, *i});
    if (account == s.account_of.end()) {
      diagnostics.Add(
          path, row.line, c[1] + 1,
          fmt::format("enterprise '{}' holds no stock of '{}' (none of its techniques needs it)",
                      f[c[0]], f[c[1]]),
          "a capital good of technique_capital.csv for one of the enterprise's techniques");
      continue;
    }
    if (!seen.insert({account->second, *started}).second) {
      diagnostics.Add(path, row.line, 0,
                      fmt::format("second row for enterprise '{}', product '{}', year {}", f[c[0]],
                                  f[c[1]], f[c[2]]),
                      "one row per enterprise, product and year started");
      continue;
    }
    plan.investments.push_back({account->second, *started,
                                static_cast<int>(*usable - model.settings.base_year), *quantity,
                                row.line});
  }
}

void ReadBalances(const Model& model, const Structure& s, const std::string& path,
                  PlanDocuments& plan, Diagnostics& diagnostics) {
  std::vector<std::string> names = {"product", "year", "production", "intermediate_use",
                                    "accumulation"};
  for (const std::string& category : model.final_demand_categories)
    names.push_back("final_" + category);
  names.insert(names.end(), {"stock_in", "stock_out", "surplus"});
  const bool trade = !model.world_prices.empty();  // imports and exports (foreign trade)
  if (trade) names.insert(names.end(), {"imports", "exports"});
  std::vector<std::string_view> views(names.begin(), names.end());
  auto table = OpenTable(path, views, diagnostics);
  if (!table) return;
  for (std::size_t k = 0; k < table->file.header().size(); ++k) {
    const std::string& column = table->file.header()[k];
    // name and unit repeat the model's words beside the ids, for readers; not checked.
    const bool descriptive = column == "name" || column == "unit";
    if (!descriptive && std::find(names.begin(), names.end(), column) == names.end()) {
      diagnostics.Add(path, table->file.header_line(), static_cast<std::int64_t>(k) + 1,
                      fmt::format("unknown column '{}'", column),
                      "final_<category> for the model's final-demand categories only");
    }
  }
  const std::vector<int>& c = table->columns;
  const int T = s.years;
  const std::size_t categories = model.final_demand_categories.size();
  plan.balances.assign(static_cast<std::size_t>(s.products * T), BalanceRow{});
  util::CsvRow row;
  while (table->file.Next(row, diagnostics)) {
    const auto& f = row.fields;
    auto i = LookupId(model.product_index, f[c[0]], path, row.line, c[0], "product", diagnostics);
    auto t = PlanYear(model, f[c[1]], path, row.line, c[1], diagnostics);
    std::vector<std::optional<double>> numbers;
    for (std::size_t k = 2; k < names.size(); ++k) {
      numbers.push_back(util::ParseNumber(f[c[k]], path, row.line, c[k], diagnostics, names[k]));
    }
    if (!i || !t || std::any_of(numbers.begin(), numbers.end(), [](const auto& v) { return !v; }))
      continue;
    BalanceRow& balance = plan.balances[*i * T + *t - 1];
    if (balance.present) {
      diagnostics.Add(path, row.line, 0,
                      fmt::format("second row for product '{}', year {}", f[c[0]], f[c[1]]),
                      "one row per product and year");
      continue;
    }
    balance.present = true;
    balance.line = row.line;
    balance.production = *numbers[0];
    balance.intermediate_use = *numbers[1];
    balance.accumulation = *numbers[2];
    for (std::size_t k = 0; k < categories; ++k) balance.final_use.push_back(*numbers[3 + k]);
    balance.stock_in = *numbers[3 + categories];
    balance.stock_out = *numbers[4 + categories];
    balance.surplus = *numbers[5 + categories];
    if (trade) {
      balance.imports = *numbers[6 + categories];
      balance.exports = *numbers[7 + categories];
    }
  }
  for (Index i = 0; i < s.products; ++i) {
    for (int t = 1; t <= T; ++t) {
      if (!plan.balances[i * T + t - 1].present && !diagnostics.full()) {
        diagnostics.Add(path, 0, 0,
                        fmt::format("no row for product '{}', year {}", model.products[i].id,
                                    model.CalendarYear(t)),
                        "one row per product and plan year");
      }
    }
  }
}

void ReadPrices(const Model& model, const Structure& s, const std::string& path,
                PlanDocuments& plan, Diagnostics& diagnostics) {
  auto table = OpenTable(path, {"kind", "id", "enterprise", "year", "shadow_price", "quantity"},
                         diagnostics);
  if (!table) return;
  const std::vector<int>& c = table->columns;
  const int T = s.years;
  const std::size_t products = static_cast<std::size_t>(s.products * T);
  const std::size_t resources = static_cast<std::size_t>(s.resources * T);
  const std::size_t accounts = s.accounts.size() * static_cast<std::size_t>(T);
  plan.product_price.assign(products, kAbsent);
  plan.product_quantity.assign(products, kAbsent);
  plan.target_price.assign(products, kAbsent);
  plan.resource_price.assign(resources, kAbsent);
  plan.resource_quantity.assign(resources, kAbsent);
  plan.capital_price.assign(accounts, kAbsent);
  plan.installed_price.assign(accounts, kAbsent);
  plan.capital_quantity.assign(accounts, kAbsent);
  plan.quota_price.assign(model.quotas.size(), kAbsent);
  plan.terminal_price.assign(static_cast<std::size_t>(s.terminal_rows), kAbsent);
  plan.terminal_quantity.assign(static_cast<std::size_t>(s.terminal_rows), kAbsent);
  IdIndex quota_index;
  for (std::size_t q = 0; q < model.quotas.size(); ++q) quota_index.emplace(model.quotas[q].id, q);

  util::CsvRow row;
  while (table->file.Next(row, diagnostics)) {
    const auto& f = row.fields;
    const std::string_view kind = f[c[0]];
    auto price = util::ParseNumber(f[c[4]], path, row.line, c[4], diagnostics, "shadow_price");
    std::optional<double> quantity = kAbsent;
    if (!f[c[5]].empty())
      quantity = util::ParseNumber(f[c[5]], path, row.line, c[5], diagnostics, "quantity");
    auto duplicate = [&] {
      diagnostics.Add(path, row.line, 0,
                      fmt::format("second {} row for '{}', year {}", kind, f[c[1]], f[c[3]]),
                      "one row per constraint");
    };
    auto store = [&](std::vector<double>& prices, std::vector<double>* quantities, Index slot) {
      if (!IsAbsent(prices[slot])) return duplicate();
      prices[slot] = *price;
      if (quantities != nullptr) (*quantities)[slot] = *quantity;
    };
    if (kind == "product" || kind == "target_mix") {
      auto i = LookupId(model.product_index, f[c[1]], path, row.line, c[1], "product", diagnostics);
      auto t = PlanYear(model, f[c[3]], path, row.line, c[3], diagnostics);
      if (!i || !t || !price || !quantity) continue;
      if (kind == "product") {
        store(plan.product_price, &plan.product_quantity, *i * T + *t - 1);
      } else {
        store(plan.target_price, nullptr, *i * T + *t - 1);
      }
    } else if (kind == "resource") {
      auto r =
          LookupId(model.resource_index, f[c[1]], path, row.line, c[1], "resource", diagnostics);
      auto t = PlanYear(model, f[c[3]], path, row.line, c[3], diagnostics);
      if (!r || !t || !price || !quantity) continue;
      store(plan.resource_price, &plan.resource_quantity, *r * T + *t - 1);
    } else if (kind == "capital" || kind == "installed_stock") {
      auto i = LookupId(model.product_index, f[c[1]], path, row.line, c[1], "product", diagnostics);
      auto e = LookupId(model.enterprise_index, f[c[2]], path, row.line, c[2], "enterprise",
                        diagnostics);
      auto t = PlanYear(model, f[c[3]], path, row.line, c[3], diagnostics);
      if (!i || !e || !t || !price || !quantity) continue;
      auto account = s.account_of.find({*e, *i});
      if (account == s.account_of.end()) {
        diagnostics.Add(path, row.line, c[1] + 1,
                        fmt::format("enterprise '{}' holds no stock of '{}'", f[c[2]], f[c[1]]),
                        "a capital good one of the enterprise's techniques needs");
        continue;
      }
      const Index slot = account->second * T + *t - 1;
      if (kind == "capital") {
        store(plan.capital_price, &plan.capital_quantity, slot);
      } else {
        store(plan.installed_price, nullptr, slot);
      }
    } else if (kind == "terminal") {
      auto i = LookupId(model.product_index, f[c[1]], path, row.line, c[1], "product", diagnostics);
      auto e = LookupId(model.enterprise_index, f[c[2]], path, row.line, c[2], "enterprise",
                        diagnostics);
      auto year = util::ParseInteger(f[c[3]], path, row.line, c[3], diagnostics, "year");
      if (!i || !e || !year || !price || !quantity) continue;
      auto account = s.account_of.find({*e, *i});
      const std::int64_t step = *year - model.settings.base_year - T;
      if (account == s.account_of.end() || step < 1 || step > s.accounts[account->second].lag) {
        diagnostics.Add(path, row.line, c[3] + 1,
                        fmt::format("terminal row for '{}' at '{}' in '{}' matches no terminal "
                                    "growth row of the model",
                                    f[c[1]], f[c[2]], f[c[3]]),
                        "a stock the enterprise holds, in one of the construction-lag years after "
                        "the horizon");
        continue;
      }
      store(plan.terminal_price, &plan.terminal_quantity,
            s.terminal_start[account->second] + step - 1);
    } else if (kind == "quota") {
      auto q = LookupId(quota_index, f[c[1]], path, row.line, c[1], "quota", diagnostics);
      if (!q || !price) continue;
      store(plan.quota_price, nullptr, *q);
    } else {
      diagnostics.Add(path, row.line, c[0] + 1, fmt::format("unknown kind '{}'", kind),
                      "product, resource, capital, installed_stock, target_mix, quota or terminal");
    }
  }
  plan.has_prices = true;
}

}  // namespace

Result<Summary> ReadSummary(const std::string& path) {
  constexpr std::string_view kExpected = "a summary.json written by gosplan plan";
  auto text = util::ReadWholeFile(path, kExpected);
  if (!text.ok()) return text.status();
  auto parsed = util::ParseJsonText(path, text.value(), kExpected);
  if (!parsed.ok()) return parsed.status();
  const util::Json& json = parsed.value();
  Diagnostics diagnostics;
  Summary summary;
  if (!json.is_object()) return Status::InvalidInput(path, 1, 1, "not a JSON object", "an object");
  auto field = [&](const char* name, auto check, const char* expected) -> const util::Json* {
    auto it = json.find(name);
    if (it == json.end() || !check(*it)) {
      diagnostics.Add(path, 0, 0,
                      fmt::format("field \"{}\" is missing or has the wrong type", name), expected);
      return nullptr;
    }
    return &*it;
  };
  auto is_string = [](const util::Json& j) { return j.is_string(); };
  auto is_bool = [](const util::Json& j) { return j.is_boolean(); };
  auto is_integer = [](const util::Json& j) { return j.is_number_integer(); };
  if (auto* status = field("status", is_string, "a string"))
    summary.status = status->get<std::string>();
  if (auto* kind = field("objective_kind", is_string,
                         "plan_ray, min_resources, priority_output, harmony or maxmin")) {
    const std::string text_kind = kind->get<std::string>();
    bool known = false;
    for (ObjectiveKind candidate :
         {ObjectiveKind::kPlanRay, ObjectiveKind::kMinResources, ObjectiveKind::kPriorityOutput,
          ObjectiveKind::kHarmony, ObjectiveKind::kMaxmin}) {
      if (text_kind == ToString(candidate)) {
        summary.objective = candidate;
        known = true;
      }
    }
    if (!known) {
      diagnostics.Add(path, 0, 0, fmt::format("unknown objective_kind \"{}\"", text_kind),
                      "plan_ray, min_resources, priority_output, harmony or maxmin");
    }
  }
  if (auto* objective = field(
          "objective", [](const util::Json& j) { return j.is_number() || j.is_null(); },
          "a number")) {
    if (objective->is_number()) summary.objective_value = objective->get<double>();
  }
  if (json.contains("fulfilment_floor")) {
    if (auto* floor = field(
            "fulfilment_floor", [](const util::Json& j) { return j.is_number(); },
            "a number >= 0")) {
      summary.fulfilment_floor = floor->get<double>();
    }
  }
  if (auto* quotas = field("quotas_as_constraints", is_bool, "true or false")) {
    summary.quotas_as_constraints = quotas->get<bool>();
  }
  if (auto* terminal = field("terminal_capital", is_bool, "true or false")) {
    summary.terminal_capital = terminal->get<bool>();
  }
  // terminal and terminal_growth_rate: absent in plans written before they existed.
  if (auto it = json.find("terminal"); it != json.end() && it->is_string()) {
    summary.terminal = it->get<std::string>();
  }
  if (auto it = json.find("terminal_growth_rate"); it != json.end() && it->is_number()) {
    summary.terminal_growth_rate = it->get<double>();
  }
  if (auto* base = field("base_year", is_integer, "an integer"))
    summary.base_year = base->get<int>();
  if (auto* horizon = field("horizon", is_integer, "an integer ≥ 1")) {
    summary.horizon = horizon->get<int>();
    if (summary.horizon < 1) diagnostics.Add(path, 0, 0, "horizon is below 1", "an integer ≥ 1");
  }
  if (auto* fulfilment = field(
          "fulfilment", [](const util::Json& j) { return j.is_array(); }, "an array")) {
    for (const auto& entry : *fulfilment) {
      if (!entry.is_object() || !entry.contains("year") || !entry["year"].is_number_integer() ||
          !entry.contains("fulfilment") || !entry["fulfilment"].is_number()) {
        diagnostics.Add(path, 0, 0, "a fulfilment entry is malformed",
                        "{\"year\": calendar year, \"fulfilment\": number}");
        continue;
      }
      summary.fulfilment.emplace_back(entry["year"].get<int>(), entry["fulfilment"].get<double>());
    }
  }
  if (auto it = json.find("groups"); it != json.end()) {
    summary.has_groups = true;
    if (!it->is_array()) {
      diagnostics.Add(path, 0, 0, "field \"groups\" is not an array", "an array of groups");
    } else {
      for (const auto& entry : *it) {
        if (!entry.is_object() || !entry.contains("group") || !entry["group"].is_string() ||
            !entry.contains("level") || !entry["level"].is_number() || !entry.contains("floor") ||
            !entry["floor"].is_number()) {
          diagnostics.Add(path, 0, 0, "a groups entry is malformed",
                          "{\"group\": name, \"level\": number, \"floor\": number, ...}");
          continue;
        }
        summary.groups.push_back({entry["group"].get<std::string>(), entry["level"].get<double>(),
                                  entry["floor"].get<double>()});
      }
    }
  }
  if (auto it = json.find("model_checksum"); it != json.end() && it->is_string()) {
    summary.model_checksum = it->get<std::string>();
  }
  if (auto it = json.find("tolerance"); it != json.end() && !it->is_null()) {
    if (it->is_number() && std::isfinite(it->get<double>()) && it->get<double>() > 0) {
      summary.stated_tolerance = it->get<double>();
    } else {
      diagnostics.Add(path, 0, 0, "field \"tolerance\" is not a positive number",
                      "a number > 0 or null");
    }
  }
  if (summary.status == "approximate" && IsAbsent(summary.stated_tolerance)) {
    diagnostics.Add(path, 0, 0, "an approximate plan does not state its tolerance",
                    "\"tolerance\": the relative tolerance the plan holds within");
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  return summary;
}

PlanDocuments ReadPlanDocuments(const Model& model, const Structure& structure,
                                const std::string& folder, Diagnostics& diagnostics) {
  PlanDocuments plan;
  ReadTargets(model, structure, Join(folder, "targets.csv"), plan, diagnostics);
  ReadInvestment(model, structure, Join(folder, "investment.csv"), plan, diagnostics);
  ReadBalances(model, structure, Join(folder, "balances.csv"), plan, diagnostics);
  const std::string prices = Join(folder, "prices.csv");
  if (std::filesystem::exists(prices)) ReadPrices(model, structure, prices, plan, diagnostics);
  if (!model.world_prices.empty()) ReadTradeDocuments(model, folder, plan, diagnostics);
  if (!model.regions.empty()) ReadRegionalDocuments(model, structure, folder, plan, diagnostics);
  return plan;
}

Result<PlanOrigin> ReadPlanOrigin(const std::string& model_folder, const std::string& plan_folder) {
  if (!std::filesystem::is_directory(plan_folder)) {
    return Status::InvalidInput(plan_folder, 0, 0, "plan folder not found",
                                "a folder written by gosplan plan");
  }
  PlanOrigin origin;
  origin.summary_path = (std::filesystem::path(plan_folder) / "summary.json").string();
  auto summary = ReadSummary(origin.summary_path);
  if (!summary.ok()) return summary.status();
  origin.summary = std::move(summary.value());
  if (!origin.summary.model_checksum.empty()) {
    origin.folder_checksum = ModelChecksum(model_folder);
    origin.other_model = origin.folder_checksum != origin.summary.model_checksum;
  }
  return origin;
}

Status PlanOrigin::Explain(const Status& problems) const {
  if (!other_model || problems.code() != StatusCode::kInvalidInput) return problems;
  const auto& list = problems.diagnostics().list();
  const std::size_t total = problems.diagnostics().total();
  return Status::InvalidInput(
      summary_path, 0, 0,
      fmt::format(
          "this plan was made from another model: summary.json's model_checksum {} differs from "
          "the model folder's {}, and the plan does not read against this model ({} problem{}{})",
          summary.model_checksum, folder_checksum, total, total == 1 ? "" : "s",
          list.empty() ? std::string() : ", the first: " + list.front().ToString()),
      "the model folder the plan was made from");
}

}  // namespace gosplan::verify
