#include "model/manifest.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string_view>
#include <system_error>

#include "gosplan/model_range.h"
#include "model/model_fields.h"

namespace gosplan::model {
namespace {

using namespace std::string_view_literals;

std::string Join(const std::vector<std::string_view>& names) {
  std::string text;
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (k > 0) text += ", ";
    text += names[k];
  }
  return text;
}

const char* TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    default:
      return "nothing";
  }
}

// Adds problems about one manifest file at a toml source position.
class ManifestChecker {
 public:
  ManifestChecker(const std::string& path, Diagnostics& diagnostics)
      : path_(path), diagnostics_(diagnostics) {}

  void At(const toml::source_region& where, std::string message, std::string expected = {}) {
    diagnostics_.Add(path_, static_cast<std::int64_t>(where.begin.line),
                     static_cast<std::int64_t>(where.begin.column), std::move(message),
                     std::move(expected));
  }
  void Whole(std::string message, std::string expected = {}) {
    diagnostics_.Add(path_, 0, 0, std::move(message), std::move(expected));
  }

  // Unknown keys of `table` (prefix "objective." etc. for nested tables) are errors.
  void CheckKeys(const toml::table& table, std::string_view prefix,
                 const std::vector<std::string_view>& known) {
    for (auto&& [key, node] : table) {
      bool found = false;
      for (std::string_view name : known) found = found || key.str() == name;
      if (!found) {
        At(key.source(), "unknown key '" + std::string(prefix) + std::string(key.str()) + "'",
           "one of: " + Join(known));
      }
    }
  }

  std::optional<std::string> String(const toml::table& table, std::string_view prefix,
                                    std::string_view key) {
    const toml::node* node = table.get(key);
    if (node == nullptr) return std::nullopt;
    if (!node->is_string()) {
      At(node->source(),
         "key '" + std::string(prefix) + std::string(key) + "' is " + TypeName(*node), "a string");
      return std::nullopt;
    }
    return node->as_string()->get();
  }

  std::optional<std::int64_t> Integer(const toml::table& table, std::string_view prefix,
                                      std::string_view key, std::int64_t low, std::int64_t high) {
    const toml::node* node = table.get(key);
    if (node == nullptr) return std::nullopt;
    const std::string name = std::string(prefix) + std::string(key);
    if (!node->is_integer()) {
      At(node->source(), "key '" + name + "' is " + TypeName(*node), "an integer");
      return std::nullopt;
    }
    const std::int64_t value = node->as_integer()->get();
    if (value < low || value > high) {
      At(node->source(), "key '" + name + "' is " + std::to_string(value) + ", out of range",
         "an integer from " + std::to_string(low) + " to " + std::to_string(high));
      return std::nullopt;
    }
    return value;
  }

  std::optional<bool> Boolean(const toml::table& table, std::string_view prefix,
                              std::string_view key) {
    const toml::node* node = table.get(key);
    if (node == nullptr) return std::nullopt;
    if (!node->is_boolean()) {
      At(node->source(),
         "key '" + std::string(prefix) + std::string(key) + "' is " + TypeName(*node),
         "true or false");
      return std::nullopt;
    }
    return node->as_boolean()->get();
  }

  const toml::table* SubTable(const toml::table& table, std::string_view key) {
    const toml::node* node = table.get(key);
    if (node == nullptr) return nullptr;
    if (!node->is_table()) {
      At(node->source(), "key '" + std::string(key) + "' is " + TypeName(*node),
         "a table [" + std::string(key) + "]");
      return nullptr;
    }
    return node->as_table();
  }

 private:
  const std::string& path_;
  Diagnostics& diagnostics_;
};

// The keys of model.toml's `section` ("" for the top level, where the sections are keys too) that
// model_fields.h gives the settings ("objective.kind": key kind of [objective]), in its order.
std::vector<std::string_view> SettingsKeys(std::string_view section) {
  std::vector<std::string_view> keys;
  ForEachField(kSettings, [&](const auto& field) {
    std::string_view name = field.name;
    const std::size_t dot = name.find('.');
    const std::string_view table = dot == std::string_view::npos ? "" : name.substr(0, dot);
    if (section.empty() && !table.empty()) name = table;
    if (!section.empty()) {
      if (table != section) return;
      name.remove_prefix(dot + 1);
    }
    if (std::find(keys.begin(), keys.end(), name) == keys.end()) keys.push_back(name);
  });
  return keys;
}

// [csv] delimiter = ";", decimal = ",", encoding = "cp1252" (gosplan/csv_dialect.h).
void ReadCsvDialect(const toml::table& csv, ManifestChecker& check, CsvDialect& dialect) {
  check.CheckKeys(csv, "csv.", {"delimiter", "decimal", "encoding"});
  for (const auto& [key, target] : {std::pair<const char*, char*>{"delimiter", &dialect.delimiter},
                                    {"decimal", &dialect.decimal}}) {
    if (auto text = check.String(csv, "csv.", key)) {
      if (std::optional<char> parsed = ParseCsvCharacter(*text)) {
        *target = *parsed;
      } else {
        check.At(csv.get(key)->source(), "csv." + std::string(key) + " is '" + *text + "'",
                 "one character (or \"tab\")");
      }
    }
  }
  if (auto text = check.String(csv, "csv.", "encoding")) {
    if (std::optional<TextEncoding> parsed = ParseTextEncoding(*text)) {
      dialect.encoding = *parsed;
    } else {
      check.At(csv.get("encoding")->source(), "unknown encoding '" + *text + "'",
               "utf8, latin1 or cp1252");
    }
  }
  if (std::string rule; !dialect.IsValid(&rule))
    check.At(csv.source(), "[csv] " + rule, "a valid CSV dialect");
}

// [objective] terminal, terminal_growth_rate and the older terminal_capital (docs/model-format.md).
void ReadTerminal(const toml::table& objective, ManifestChecker& check, ModelSettings& settings) {
  const toml::node* terminal = objective.get("terminal");
  if (terminal != nullptr) {
    if (auto text = check.String(objective, "objective.", "terminal")) {
      if (std::optional<TerminalCondition> parsed = ParseTerminalCondition(*text)) {
        settings.terminal = *parsed;
      } else {
        check.At(terminal->source(), "unknown terminal condition '" + *text + "'",
                 "one of: none, keep_capital, growth");
      }
    }
  }
  if (auto value = check.Boolean(objective, "objective.", "terminal_capital")) {
    const TerminalCondition said =
        *value ? TerminalCondition::kKeepCapital : TerminalCondition::kNone;
    if (terminal != nullptr && settings.terminal != said) {
      check.At(objective.get("terminal_capital")->source(),
               std::string("objective.terminal_capital = ") + (*value ? "true" : "false") +
                   " contradicts terminal = \"" + ToString(settings.terminal) + "\"",
               "only terminal (terminal_capital = true is the older spelling of terminal = "
               "\"keep_capital\")");
    } else if (terminal == nullptr) {
      settings.terminal = said;
    }
  }
  if (const toml::node* node = objective.get("terminal_growth_rate")) {
    std::optional<double> rate;
    if (node->is_integer()) rate = static_cast<double>(node->as_integer()->get());
    if (node->is_floating_point()) rate = node->as_floating_point()->get();
    if (!rate) {
      check.At(node->source(),
               std::string("key 'objective.terminal_growth_rate' is ") + TypeName(*node),
               "a number >= 0 (the yearly growth rate after the horizon, e.g. 0.05)");
    } else if (!std::isfinite(*rate) || *rate < 0 || *rate > 10) {
      char shown[32];
      std::snprintf(shown, sizeof shown, "%g", *rate);
      check.At(node->source(), std::string("objective.terminal_growth_rate is ") + shown,
               "a growth rate per year from 0 to 10 (0.05 is 5 % a year)");
    } else if (settings.terminal != TerminalCondition::kGrowth) {
      check.At(node->source(),
               std::string("objective.terminal_growth_rate is given but terminal is \"") +
                   ToString(settings.terminal) + "\"",
               "terminal = \"growth\" (the rate applies to that condition only)");
    } else {
      settings.terminal_growth_rate = *rate;
    }
  }
}

void ReadObjective(const toml::table& objective, ManifestChecker& check, Manifest& manifest,
                   bool horizon_known) {
  ModelSettings& settings = manifest.settings;
  // terminal_capital = true|false: the older spelling of terminal = "keep_capital"|"none".
  std::vector<std::string_view> known = SettingsKeys("objective");
  known.push_back("terminal_capital");
  check.CheckKeys(objective, "objective.", known);
  if (const toml::node* kind = objective.get("kind")) {
    if (auto text = check.String(objective, "objective.", "kind")) {
      if (std::optional<ObjectiveKind> parsed = ParseObjectiveKind(*text)) {
        settings.objective = *parsed;
      } else {
        check.At(kind->source(), "unknown objective kind '" + *text + "'",
                 "one of: " + std::string(kObjectiveKindNames));
      }
    }
  }
  ReadTerminal(objective, check, settings);
  if (auto value = check.Boolean(objective, "objective.", "quotas_as_constraints")) {
    settings.quotas_as_constraints = *value;
  }
  if (const toml::node* node = objective.get("year_weights")) {
    if (!node->is_array()) {
      check.At(node->source(), std::string("key 'objective.year_weights' is ") + TypeName(*node),
               "an array of numbers >= 0, one per plan year");
      return;
    }
    std::vector<double> weights;
    bool good = true;
    for (const toml::node& element : *node->as_array()) {
      double value = 0;
      if (element.is_integer()) {
        value = static_cast<double>(element.as_integer()->get());
      } else if (element.is_floating_point()) {
        value = element.as_floating_point()->get();
      } else {
        check.At(element.source(),
                 std::string("objective.year_weights has an element that is ") + TypeName(element),
                 "a number >= 0");
        good = false;
        continue;
      }
      if (!std::isfinite(value) || value < 0) {
        check.At(element.source(), "objective.year_weights has the weight " + std::to_string(value),
                 "a finite number >= 0");
        good = false;
      } else if (value > kMaxModelMagnitude) {
        char shown[32];
        std::snprintf(shown, sizeof shown, "%g", value);
        check.At(element.source(),
                 std::string("objective.year_weights has the weight ") + shown +
                     ", beyond the solvers' range",
                 "a weight of at most 1e20, the simplex solver's limit (only the proportions of "
                 "the weights "
                 "matter, so all of them can be scaled down)");
        good = false;
      }
      weights.push_back(value);
    }
    if (good && horizon_known &&
        weights.size() != static_cast<std::size_t>(manifest.declared_horizon)) {
      check.At(node->source(),
               "objective.year_weights has " + std::to_string(weights.size()) + " weights",
               std::to_string(manifest.declared_horizon) + " weights, one per plan year (horizon)");
      good = false;
    }
    if (good) settings.year_weights = std::move(weights);
  }
}

// [trade] currency, credit_limit, interest_rate, initial_reserves, initial_debt
// (docs/model-format.md).
void ReadTrade(const toml::table& trade, ManifestChecker& check, ModelSettings& settings) {
  check.CheckKeys(trade, "trade.", SettingsKeys("trade"));
  if (auto currency = check.String(trade, "trade.", "currency")) {
    if (currency->empty()) {
      check.At(trade.get("currency")->source(), "key 'trade.currency' is empty",
               "the currency's name, e.g. \"gold roubles\"");
    } else {
      settings.trade_currency = *currency;
    }
  }
  struct NumberKey {
    const char* key;
    double* target;
    double high;
    const char* expected;
  };
  for (const NumberKey& number :
       {NumberKey{"credit_limit", &settings.credit_limit, kMaxModelMagnitude,
                  "a debt limit >= 0 in currency units (0: no credit)"},
        NumberKey{"interest_rate", &settings.interest_rate, 10.0,
                  "an interest rate per year from 0 to 10 (0.05 is 5 % a year)"},
        NumberKey{"initial_reserves", &settings.initial_reserves, kMaxModelMagnitude,
                  "currency reserves >= 0 at the start of the plan"},
        NumberKey{"initial_debt", &settings.initial_debt, kMaxModelMagnitude,
                  "debt >= 0 outstanding at the start of the plan, in currency units"}}) {
    const toml::node* node = trade.get(number.key);
    if (node == nullptr) continue;
    std::optional<double> value;
    if (node->is_integer()) value = static_cast<double>(node->as_integer()->get());
    if (node->is_floating_point()) value = node->as_floating_point()->get();
    if (!value) {
      check.At(node->source(), "key 'trade." + std::string(number.key) + "' is " + TypeName(*node),
               number.expected);
    } else if (!std::isfinite(*value) || *value < 0 || *value > number.high) {
      char shown[32];
      std::snprintf(shown, sizeof shown, "%g", *value);
      check.At(node->source(), "trade." + std::string(number.key) + " is " + shown,
               number.expected);
    } else {
      *number.target = *value;
    }
  }
}

// Collects the table keys of model_fields.h's parts that are files, in VisitModel order.
struct TableKeyCollector {
  std::vector<std::string_view> keys;
  template <class Description>
  void Settings(const Description&, const ModelSettings&) {}
  template <class Description, class RecordVector>
  void Records(const Description& table, const RecordVector&) {
    keys.push_back(table.key);
  }
  template <class List, class ValueVector>
  void Values(const List& list, const ValueVector&) {
    if (list.file) keys.push_back(list.key);
  }
};

}  // namespace

const std::vector<std::string_view>& TableKeys() {
  static const std::vector<std::string_view> keys = [] {
    const Model model;
    TableKeyCollector collector;
    VisitModel(model, collector);
    return collector.keys;
  }();
  return keys;
}

bool ReadTextFile(const std::string& path, std::uint64_t max_bytes, std::string& text,
                  Diagnostics& diagnostics) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) {
    diagnostics.Add(path, 0, 0, "file not found", "a readable file");
    return false;
  }
  if (std::filesystem::is_directory(status)) {
    diagnostics.Add(path, 0, 0, "is a folder, not a file", "a file");
    return false;
  }
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) {
    diagnostics.Add(path, 0, 0, "cannot read file size: " + error.message());
    return false;
  }
  if (size > max_bytes) {
    diagnostics.Add(path, 0, 0, "file is too large: " + std::to_string(size) + " bytes",
                    "at most " + std::to_string(max_bytes) + " bytes");
    return false;
  }
  std::ifstream stream(path, std::ios::binary);
  if (!stream) {
    diagnostics.Add(path, 0, 0, "cannot open file for reading");
    return false;
  }
  text.resize(static_cast<std::size_t>(size));
  if (size > 0 && !stream.read(text.data(), static_cast<std::streamsize>(size))) {
    diagnostics.Add(path, 0, 0, "cannot read file");
    return false;
  }
  const std::string_view view(text);
  if (view.starts_with("\xFF\xFE"sv) || view.starts_with("\xFE\xFF"sv) ||
      view.starts_with("\0\0\xFE\xFF"sv)) {
    diagnostics.Add(path, 1, 1, "file is UTF-16 or UTF-32 encoded (byte-order mark)", "UTF-8 text");
    return false;
  }
  return true;
}

bool ReadManifest(const std::string& folder, const LoadOptions& options, Manifest& manifest,
                  Diagnostics& diagnostics) {
  const std::filesystem::path base(folder);
  for (std::string_view key : TableKeys()) {
    manifest.tables[std::string(key)] =
        TableFile{(base / (std::string(key) + ".csv")).string(), false};
  }
  manifest.path = (base / "model.toml").string();

  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) {
    diagnostics.Add(
        folder, 0, 0,
        std::filesystem::exists(folder, error) ? "is not a folder" : "model folder not found",
        "a folder holding model.toml and the model's CSV tables");
    return false;
  }

  std::string text;
  if (!ReadTextFile(manifest.path, options.max_file_bytes, text, diagnostics)) return true;

  toml::table root;
#if TOML_EXCEPTIONS
  try {
    root = toml::parse(text, manifest.path);
  } catch (const toml::parse_error& parse_error) {
    diagnostics.Add(manifest.path, static_cast<std::int64_t>(parse_error.source().begin.line),
                    static_cast<std::int64_t>(parse_error.source().begin.column),
                    "TOML syntax error: " + std::string(parse_error.description()),
                    "valid TOML (https://toml.io)");
    return true;
  }
#else
  toml::parse_result parsed = toml::parse(text, manifest.path);
  if (!parsed) {
    const toml::parse_error& parse_error = parsed.error();
    diagnostics.Add(manifest.path, static_cast<std::int64_t>(parse_error.source().begin.line),
                    static_cast<std::int64_t>(parse_error.source().begin.column),
                    "TOML syntax error: " + std::string(parse_error.description()),
                    "valid TOML (https://toml.io)");
    return true;
  }
  root = std::move(parsed).table();
#endif

  ManifestChecker check(manifest.path, diagnostics);
  ModelSettings& settings = manifest.settings;
  std::vector<std::string_view> root_keys = SettingsKeys("");
  root_keys.push_back("tables");
  root_keys.push_back("csv");
  check.CheckKeys(root, "", root_keys);

  if (auto name = check.String(root, "", "name")) {
    if (name->empty()) {
      check.At(root.get("name")->source(), "key 'name' is empty", "a model name");
    }
    settings.name = *name;
  } else if (root.get("name") == nullptr) {
    check.Whole("missing required key 'name'", "name = \"...\" at the top of model.toml");
  }
  if (auto description = check.String(root, "", "description")) settings.description = *description;
  if (auto units = check.String(root, "", "units")) settings.units = *units;

  bool base_year_ok = false;
  if (auto year = check.Integer(root, "", "base_year", kMinYear, kMaxYear)) {
    settings.base_year = static_cast<int>(*year);
    base_year_ok = true;
  } else if (root.get("base_year") == nullptr) {
    check.Whole("missing required key 'base_year'", "base_year = <calendar year of t = 0>");
  }
  bool horizon_ok = false;
  if (auto horizon = check.Integer(root, "", "horizon", 1, kMaxHorizon)) {
    manifest.declared_horizon = static_cast<int>(*horizon);
    settings.horizon = manifest.declared_horizon;
    horizon_ok = true;
  } else if (root.get("horizon") == nullptr) {
    check.Whole("missing required key 'horizon'", "horizon = <number of plan years>");
  }

  if (const toml::table* objective = check.SubTable(root, "objective")) {
    ReadObjective(*objective, check, manifest, horizon_ok);
  }
  if (const toml::table* solver = check.SubTable(root, "solver")) {
    check.CheckKeys(*solver, "solver.", SettingsKeys("solver"));
    if (auto name = check.String(*solver, "solver.", "name")) {
      if (std::optional<SolverKind> parsed = ParseSolverKind(*name)) {
        settings.solver = ToString(*parsed);
      } else {
        check.At(solver->get("name")->source(), "unknown solver '" + *name + "'",
                 "one of: clp, pdlp, auto");
      }
    }
  }
  if (const toml::table* trade = check.SubTable(root, "trade")) ReadTrade(*trade, check, settings);
  if (const toml::table* csv = check.SubTable(root, "csv"))
    ReadCsvDialect(*csv, check, manifest.csv);
  if (const toml::table* tables = check.SubTable(root, "tables")) {
    check.CheckKeys(*tables, "tables.", TableKeys());
    for (std::string_view key : TableKeys()) {
      if (auto file = check.String(*tables, "tables.", key)) {
        if (file->empty()) {
          check.At(tables->get(key)->source(), "key 'tables." + std::string(key) + "' is empty",
                   "a file name relative to the model folder");
          continue;
        }
        manifest.tables[std::string(key)] = TableFile{(base / *file).string(), true};
      }
    }
  }

  manifest.years_known = base_year_ok && horizon_ok;
  return true;
}

}  // namespace gosplan::model
