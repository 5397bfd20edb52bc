// WriteModelFolder: writes model.toml and every table of docs/model-format.md (see
// include/gosplan/model_writer.h for the round-trip contract and its limits).
#include "gosplan/model_writer.h"

#include <fmt/format.h>

#include <cmath>
#include <deque>
#include <filesystem>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "gosplan/model_range.h"
#include "model/manifest.h"
#include "model/model_fields.h"
#include "util/atomic_output.h"
#include "util/csv_writer.h"

namespace gosplan {
namespace {

// A TOML basic string: "..." with \\, \" and control characters escaped.
std::string TomlString(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (u < 0x20 || u == 0x7F) {
          out += fmt::format("\\u{:04X}", u);
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// Collects what the format cannot express, naming the table that would hold it.
class Checker {
 public:
  explicit Checker(std::string folder) : folder_(std::move(folder)) {}

  std::string Path(std::string_view table) const {
    return (std::filesystem::path(folder_) / std::string(table)).string();
  }
  void Problem(std::string_view table, std::string message, std::string expected = {}) {
    diagnostics_.Add(Path(table), 0, 0, std::move(message), std::move(expected));
  }
  void Id(std::string_view table, std::string_view noun, const std::string& id) {
    bool bad = id.empty() || id.front() == '#' || id.front() == ' ' || id.front() == '\t' ||
               id.back() == ' ' || id.back() == '\t';
    for (const char c : id) {
      bad = bad || c == ',' || c == '"' || static_cast<unsigned char>(c) < 0x20;
    }
    if (bad) {
      Problem(table, std::string(noun) + " id '" + id + "' cannot be written loadably",
              "a non-empty id without ',', '\"', control characters or surrounding blanks, not "
              "starting with '#'");
    }
  }
  void Index(std::string_view table, std::string_view noun, gosplan::Index index, std::size_t size,
             std::size_t row) {
    if (index < 0 || static_cast<std::size_t>(index) >= size) {
      Problem(table,
              "row " + std::to_string(row) + ": " + std::string(noun) + " index " +
                  std::to_string(index) + " is out of range",
              "0 to " + std::to_string(size) + " - 1");
    }
  }
  void Finite(std::string_view table, std::string_view what, double value, std::size_t row) {
    if (!std::isfinite(value)) {
      Problem(table, "row " + std::to_string(row) + ": " + std::string(what) + " is not finite",
              "a finite number");
    }
  }
  void Year(std::string_view table, int year, int horizon, std::size_t row) {
    if (year < 1 || year > horizon) {
      Problem(table,
              "row " + std::to_string(row) + ": plan year " + std::to_string(year) +
                  " is outside the plan",
              "1 to horizon " + std::to_string(horizon));
    }
  }
  Diagnostics& diagnostics() { return diagnostics_; }

 private:
  std::string folder_;
  Diagnostics diagnostics_;
};

// The id a position of `target` is written as.
const std::string& IdOf(const Model& model, model::Target target, Index position) {
  const auto k = static_cast<std::size_t>(position);
  switch (target) {
    case model::Target::kProduct:
      return model.products[k].id;
    case model::Target::kResource:
      return model.resources[k].id;
    case model::Target::kTechnique:
      return model.techniques[k].id;
    case model::Target::kEnterprise:
      return model.enterprises[k].id;
    case model::Target::kCategory:
      return model.final_demand_categories[k];
    case model::Target::kRegion:
      return model.regions[k].id;
    case model::Target::kNone:
      break;
  }
  static const std::string kNoId;
  return kNoId;
}

std::size_t SizeOf(const Model& model, model::Target target) {
  switch (target) {
    case model::Target::kProduct:
      return model.products.size();
    case model::Target::kResource:
      return model.resources.size();
    case model::Target::kTechnique:
      return model.techniques.size();
    case model::Target::kEnterprise:
      return model.enterprises.size();
    case model::Target::kCategory:
      return model.final_demand_categories.size();
    case model::Target::kRegion:
      return model.regions.size();
    case model::Target::kNone:
      break;
  }
  return 0;
}

std::string FileOf(std::string_view key) { return std::string(key) + ".csv"; }

// What the format cannot express, field by field as model_fields.h describes them (visited through
// model::VisitModel), plus the rules across fields of the settings, the availability and the
// final-demand categories.
class ModelChecker {
 public:
  ModelChecker(const Model& model, Checker& check) : model_(model), check_(check) {}

  template <class Description>
  void Settings(const Description&, const ModelSettings& s) {
    const int T = s.horizon;
    if (s.name.empty()) check_.Problem("model.toml", "the model has no name", "a non-empty name");
    if (T < 1 || T > model::kMaxHorizon) {
      check_.Problem("model.toml", "horizon " + std::to_string(T) + " is out of range",
                     "1 to " + std::to_string(model::kMaxHorizon));
    }
    if (s.base_year < model::kMinYear || s.base_year > model::kMaxYear) {
      check_.Problem("model.toml", "base_year " + std::to_string(s.base_year) + " is out of range",
                     std::to_string(model::kMinYear) + " to " + std::to_string(model::kMaxYear));
    }
    if (!s.year_weights.empty() && s.year_weights.size() != static_cast<std::size_t>(T)) {
      check_.Problem(
          "model.toml",
          std::to_string(s.year_weights.size()) + " year weights for horizon " + std::to_string(T),
          "no weights or one per plan year");
    }
    for (std::size_t k = 0; k < s.year_weights.size(); ++k) {
      check_.Finite("model.toml", "year weight", s.year_weights[k], k + 1);
    }
  }

  template <class Description, class Record>
  void Records(const Description& table, const std::vector<Record>& records) {
    const std::string file = FileOf(table.key);
    for (std::size_t k = 0; k < records.size(); ++k) {
      model::VisitFields(table, records[k], [&](const auto& field, const auto& value) {
        Value(file, table.noun, field, value, k + 1);
      });
      AfterRow(records[k], k + 1);
    }
    AfterTable(records);
  }

  template <class List>
  void Values(const List& list, const std::vector<double>& values) {
    const std::size_t R = model_.resources.size();
    const int T = model_.settings.horizon;
    const std::string file = FileOf(list.key);
    if (values.size() != R * static_cast<std::size_t>(std::max(T, 0))) {
      check_.Problem(file,
                     std::to_string(values.size()) + " availabilities for " + std::to_string(R) +
                         " resources and " + std::to_string(T) + " years",
                     "resources x horizon values");
      return;
    }
    for (std::size_t k = 0; k < values.size(); ++k) {
      check_.Finite(file, list.columns[2], values[k], k + 1);
    }
  }
  // The final-demand categories: written in final_demand's category column.
  template <class List>
  void Values(const List&, const std::vector<std::string>& categories) {
    for (const std::string& category : categories) {
      check_.Id(FileOf(model::kFinalDemand.key), "category", category);
    }
  }

 private:
  template <class FieldType, class Member>
  void Value(const std::string& file, std::string_view noun, const FieldType& field,
             const Member& value, std::size_t row) {
    if constexpr (std::is_same_v<Member, std::string>) {
      if (field.is_id) check_.Id(file, noun, value);
    } else if constexpr (std::is_same_v<Member, Index>) {
      if (field.target == model::Target::kNone || (field.none_allowed && value == -1)) return;
      check_.Index(file, field.name, value, SizeOf(model_, field.target), row);
    } else if constexpr (std::is_same_v<Member, int>) {
      if (field.plan_year) check_.Year(file, value, model_.settings.horizon, row);
    } else if constexpr (std::is_same_v<Member, double>) {
      if (field.unbounded_allowed && std::isinf(value) && value > 0) return;
      check_.Finite(file, field.name, value, row);
    }
  }

  template <class Record>
  void AfterRow(const Record&, std::size_t) {}
  // Categories are numbered by first appearance in final_demand.csv when it is loaded again.
  void AfterRow(const FinalDemand& fd, std::size_t row) {
    const std::size_t C = model_.final_demand_categories.size();
    if (fd.category >= 0 && static_cast<std::size_t>(fd.category) == next_category_) {
      ++next_category_;
    } else if (fd.category > static_cast<Index>(next_category_)) {
      check_.Problem(
          "final_demand.csv",
          "row " + std::to_string(row) + ": category '" +
              (static_cast<std::size_t>(fd.category) < C
                   ? model_.final_demand_categories[static_cast<std::size_t>(fd.category)]
                   : std::string("?")) +
              "' appears before category number " + std::to_string(next_category_),
          "categories numbered in order of their first final_demand row");
    }
  }
  template <class Record>
  void AfterTable(const std::vector<Record>&) {}
  void AfterTable(const std::vector<FinalDemand>&) {
    if (next_category_ < model_.final_demand_categories.size()) {
      check_.Problem("final_demand.csv",
                     "category '" + model_.final_demand_categories[next_category_] +
                         "' has no final_demand row, so the format cannot keep it",
                     "at least one final_demand row per category");
    }
  }

  const Model& model_;
  Checker& check_;
  std::size_t next_category_ = 0;
};

void Check(const Model& model, Checker& check) {
  ModelChecker checker(model, check);
  model::VisitModel(model, checker);
}

// One value of model.toml in TOML.
template <class Member>
std::string TomlValue(const Member& value) {
  if constexpr (std::is_same_v<Member, std::string>) {
    return TomlString(value);
  } else if constexpr (std::is_enum_v<Member>) {
    return TomlString(ToString(value));
  } else if constexpr (std::is_same_v<Member, std::vector<double>>) {
    std::string out = "[";
    for (std::size_t k = 0; k < value.size(); ++k) {
      // The tables' number form: shortest round trip, so TOML reads back the same double.
      out += (k > 0 ? ", " : "") + util::CsvNumber(value[k]);
    }
    return out + "]";
  } else {
    return fmt::format("{}", value);  // integers; booleans as true / false
  }
}

// The settings as model_fields.h names them ("objective.kind": key kind of [objective]), in its
// order; an empty year_weights is left out (the loader's default: all 1).
std::string ModelToml(const Model& model) {
  std::string out;
  out += "# Written by gosplan (docs/model-format.md).\n";
  std::string_view section;
  model::VisitFields(model::kSettings, model.settings, [&](const auto& field, const auto& value) {
    using Member = std::decay_t<decltype(value)>;
    if constexpr (std::is_same_v<Member, std::vector<double>>) {
      if (value.empty()) return;
    }
    if constexpr (std::is_same_v<Member, double>) {
      // terminal_growth_rate: omitted when negative (the von Neumann rate) or when terminal is not
      // "growth" (the loader refuses a rate without it).
      if (field.name == "objective.terminal_growth_rate" &&
          (value < 0 || model.settings.terminal != TerminalCondition::kGrowth)) {
        return;
      }
    }
    std::string_view key = field.name;
    const std::size_t dot = key.find('.');
    const std::string_view table = dot == std::string_view::npos ? "" : key.substr(0, dot);
    if (dot != std::string_view::npos) key.remove_prefix(dot + 1);
    if (table != section) {
      out += fmt::format("\n[{}]\n", table);
      section = table;
    }
    out += fmt::format("{} = {}\n", key, TomlValue(value));
  });
  out += "\n[tables]\n";
  for (std::string_view key : model::TableKeys()) {
    out += fmt::format("{} = \"{}.csv\"\n", key, key);
  }
  return out;
}

// file name -> content; a deque, so that a table's text stays put while later tables are added.
using Tables = std::deque<std::pair<std::string, std::string>>;

// Every table of the folder, its columns and their order as model_fields.h lists them.
class TableWriter {
 public:
  TableWriter(const Model& model, Tables& tables) : model_(model), tables_(tables) {}

  template <class Description>
  void Settings(const Description&, const ModelSettings&) {}  // model.toml: ModelToml

  template <class Description, class Record>
  void Records(const Description& table, const std::vector<Record>& records) {
    util::CsvWriter csv(NewTable(table.key));
    model::ForEachField(table, [&](const auto& field) { csv.Text(field.name); });
    csv.EndRow();
    for (const Record& record : records) {
      model::VisitFields(table, record,
                         [&](const auto& field, const auto& value) { Cell(csv, field, value); });
      csv.EndRow();
    }
  }

  // resource_availability: one row per resource and plan year.
  template <class List>
  void Values(const List& list, const std::vector<double>&) {
    util::CsvWriter csv(NewTable(list.key));
    for (std::string_view column : list.columns) csv.Text(column);
    csv.EndRow();
    for (std::size_t r = 0; r < model_.resources.size(); ++r) {
      for (int t = 1; t <= model_.horizon(); ++t) {
        csv.Text(model_.resources[r].id)
            .Integer(model_.CalendarYear(t))
            .Number(model_.Availability(static_cast<Index>(r), t))
            .EndRow();
      }
    }
  }
  template <class List>
  void Values(const List&, const std::vector<std::string>&) {}  // final_demand's category column

 private:
  std::string& NewTable(std::string_view key) {
    return tables_.emplace_back(FileOf(key), "").second;
  }

  template <class FieldType, class Member>
  void Cell(util::CsvWriter& csv, const FieldType& field, const Member& value) {
    if constexpr (std::is_same_v<Member, std::string>) {
      csv.Text(value);
    } else if constexpr (std::is_same_v<Member, double>) {
      csv.Number(value);  // +infinity (no ceiling): an empty cell
    } else if constexpr (std::is_same_v<Member, bool>) {
      csv.Text(value ? "true" : "false");
    } else if constexpr (std::is_enum_v<Member>) {
      csv.Text(ToString(value));
    } else if constexpr (std::is_same_v<Member, int>) {
      csv.Integer(field.plan_year ? model_.CalendarYear(value) : value);
    } else if constexpr (std::is_same_v<Member, Index>) {
      const bool none = field.none_allowed && value < 0;
      csv.Text(none ? std::string_view() : std::string_view(IdOf(model_, field.target, value)));
    }
  }

  const Model& model_;
  Tables& tables_;
};

Tables ModelTables(const Model& model) {
  Tables tables;
  TableWriter writer(model, tables);
  model::VisitModel(model, writer);
  return tables;
}

}  // namespace

Status WriteModelFolder(const Model& model, const std::string& folder, bool overwrite) {
  try {
    Checker check(folder);
    Check(model, check);
    if (!check.diagnostics().empty()) return Status::InvalidInput(std::move(check.diagnostics()));
    // Never write a model the loader would refuse: numbers beyond the solvers' range
    // (model_range.h).
    if (Status range = CheckModelRange(model); !range.ok()) return range;

    auto staged = util::StagedFolder::Create(folder, overwrite);
    if (!staged.ok()) return staged.status();
    util::StagedFolder& out = *staged.value();
    if (Status status = out.WriteFile("model.toml", ModelToml(model)); !status.ok()) return status;
    for (const auto& [name, content] : ModelTables(model)) {
      if (Status status = out.WriteFile(name, content); !status.ok()) return status;
    }
    return out.Commit();
  } catch (const std::bad_alloc&) {
    return Status::Internal("out of memory while writing the model to " + folder);
  } catch (const std::exception& error) {
    return Status::Internal(std::string("internal error while writing the model: ") + error.what());
  }
}

}  // namespace gosplan
