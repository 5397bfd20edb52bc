// WriteModelFolder: writes model.toml and every table of docs/model-format.md (see
// include/gosplan/model_writer.h for the round-trip contract and its limits).
#include "gosplan/model_writer.h"

#include <fmt/format.h>

#include <cmath>
#include <deque>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gosplan/model_range.h"
#include "model/manifest.h"
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
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
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

void Check(const Model& model, Checker& check) {
  const ModelSettings& s = model.settings;
  const int T = s.horizon;
  if (s.name.empty()) check.Problem("model.toml", "the model has no name", "a non-empty name");
  if (T < 1 || T > model::kMaxHorizon) {
    check.Problem("model.toml", "horizon " + std::to_string(T) + " is out of range",
                  "1 to " + std::to_string(model::kMaxHorizon));
  }
  if (s.base_year < model::kMinYear || s.base_year > model::kMaxYear) {
    check.Problem("model.toml", "base_year " + std::to_string(s.base_year) + " is out of range",
                  std::to_string(model::kMinYear) + " to " + std::to_string(model::kMaxYear));
  }
  if (!s.year_weights.empty() && s.year_weights.size() != static_cast<std::size_t>(T)) {
    check.Problem("model.toml",
                  std::to_string(s.year_weights.size()) + " year weights for horizon " +
                      std::to_string(T),
                  "no weights or one per plan year");
  }
  for (std::size_t k = 0; k < s.year_weights.size(); ++k) {
    check.Finite("model.toml", "year weight", s.year_weights[k], k + 1);
  }

  const std::size_t P = model.products.size(), R = model.resources.size();
  const std::size_t N = model.techniques.size(), E = model.enterprises.size();
  const std::size_t C = model.final_demand_categories.size();
  for (std::size_t k = 0; k < P; ++k) {
    const Product& p = model.products[k];
    check.Id("products.csv", "product", p.id);
    check.Finite("products.csv", "storage_loss", p.storage_loss, k + 1);
    check.Finite("products.csv", "initial_stock", p.initial_stock, k + 1);
    check.Finite("products.csv", "priority_weight", p.priority_weight, k + 1);
  }
  for (std::size_t k = 0; k < R; ++k) {
    check.Id("resources.csv", "resource", model.resources[k].id);
    check.Finite("resources.csv", "weight", model.resources[k].weight, k + 1);
  }
  if (model.resource_availability.size() != R * static_cast<std::size_t>(std::max(T, 0))) {
    check.Problem("resource_availability.csv",
                  std::to_string(model.resource_availability.size()) + " availabilities for " +
                      std::to_string(R) + " resources and " + std::to_string(T) + " years",
                  "resources x horizon values");
  } else {
    for (std::size_t k = 0; k < model.resource_availability.size(); ++k) {
      check.Finite("resource_availability.csv", "quantity", model.resource_availability[k], k + 1);
    }
  }
  for (const Technique& t : model.techniques) check.Id("techniques.csv", "technique", t.id);
  const auto triplets = [&](std::string_view table, const std::vector<Coefficient>& entries,
                            std::size_t items, std::string_view noun) {
    for (std::size_t k = 0; k < entries.size(); ++k) {
      check.Index(table, "technique", entries[k].technique, N, k + 1);
      check.Index(table, noun, entries[k].item, items, k + 1);
      check.Finite(table, "coefficient", entries[k].value, k + 1);
    }
  };
  triplets("technique_inputs.csv", model.inputs, P, "product");
  triplets("technique_outputs.csv", model.outputs, P, "product");
  triplets("technique_resources.csv", model.resource_use, R, "resource");
  for (std::size_t k = 0; k < model.capital.size(); ++k) {
    const CapitalCoefficient& c = model.capital[k];
    check.Index("technique_capital.csv", "technique", c.technique, N, k + 1);
    check.Index("technique_capital.csv", "product", c.product, P, k + 1);
    check.Finite("technique_capital.csv", "coefficient", c.per_unit_activity, k + 1);
    check.Finite("technique_capital.csv", "depreciation", c.depreciation, k + 1);
  }
  for (const Enterprise& e : model.enterprises) check.Id("enterprises.csv", "enterprise", e.id);
  for (std::size_t k = 0; k < model.enterprise_techniques.size(); ++k) {
    const EnterpriseTechnique& et = model.enterprise_techniques[k];
    check.Index("enterprise_techniques.csv", "enterprise", et.enterprise, E, k + 1);
    check.Index("enterprise_techniques.csv", "technique", et.technique, N, k + 1);
    check.Finite("enterprise_techniques.csv", "min_activity", et.min_activity, k + 1);
    if (!(std::isinf(et.max_activity) && et.max_activity > 0)) {
      check.Finite("enterprise_techniques.csv", "max_activity", et.max_activity, k + 1);
    }
  }
  for (std::size_t k = 0; k < model.initial_stocks.size(); ++k) {
    const InitialStock& st = model.initial_stocks[k];
    check.Index("initial_stocks.csv", "enterprise", st.enterprise, E, k + 1);
    check.Index("initial_stocks.csv", "product", st.product, P, k + 1);
    check.Finite("initial_stocks.csv", "quantity", st.quantity, k + 1);
  }
  for (const std::string& category : model.final_demand_categories) {
    check.Id("final_demand.csv", "category", category);
  }
  // Categories are numbered by first appearance in final_demand.csv when it is loaded again.
  std::size_t next_category = 0;
  for (std::size_t k = 0; k < model.final_demand.size(); ++k) {
    const FinalDemand& fd = model.final_demand[k];
    check.Index("final_demand.csv", "category", fd.category, C, k + 1);
    check.Index("final_demand.csv", "product", fd.product, P, k + 1);
    check.Year("final_demand.csv", fd.year, T, k + 1);
    check.Finite("final_demand.csv", "floor", fd.floor, k + 1);
    check.Finite("final_demand.csv", "target", fd.target, k + 1);
    if (fd.category >= 0 && static_cast<std::size_t>(fd.category) == next_category) {
      ++next_category;
    } else if (fd.category > static_cast<Index>(next_category)) {
      check.Problem("final_demand.csv",
                    "row " + std::to_string(k + 1) + ": category '" +
                        (static_cast<std::size_t>(fd.category) < C
                             ? model.final_demand_categories[static_cast<std::size_t>(fd.category)]
                             : std::string("?")) +
                        "' appears before category number " + std::to_string(next_category),
                    "categories numbered in order of their first final_demand row");
    }
  }
  if (next_category < C) {
    check.Problem("final_demand.csv",
                  "category '" + model.final_demand_categories[next_category] +
                      "' has no final_demand row, so the format cannot keep it",
                  "at least one final_demand row per category");
  }
  for (std::size_t k = 0; k < model.quotas.size(); ++k) {
    const Quota& q = model.quotas[k];
    check.Id("targets.csv", "quota", q.id);
    check.Index("targets.csv", "product", q.product, P, k + 1);
    if (q.enterprise != -1) check.Index("targets.csv", "enterprise", q.enterprise, E, k + 1);
    check.Year("targets.csv", q.year, T, k + 1);
    check.Finite("targets.csv", "quantity", q.quantity, k + 1);
  }
  for (std::size_t k = 0; k < model.actuals.size(); ++k) {
    const Actual& a = model.actuals[k];
    check.Index("actuals.csv", "enterprise", a.enterprise, E, k + 1);
    check.Index("actuals.csv", "product", a.product, P, k + 1);
    check.Year("actuals.csv", a.year, T, k + 1);
    check.Finite("actuals.csv", "quantity", a.quantity, k + 1);
  }
}

std::string ModelToml(const Model& model) {
  const ModelSettings& s = model.settings;
  std::string out;
  out += "# Written by gosplan (docs/model-format.md).\n";
  out += "name = " + TomlString(s.name) + "\n";
  out += "description = " + TomlString(s.description) + "\n";
  out += fmt::format("base_year = {}\n", s.base_year);
  out += fmt::format("horizon = {}\n", s.horizon);
  out += "units = " + TomlString(s.units) + "\n";
  out += "\n[objective]\n";
  out += std::string("kind = ") + TomlString(ToString(s.objective)) + "\n";
  if (!s.year_weights.empty()) {
    out += "year_weights = [";
    for (std::size_t k = 0; k < s.year_weights.size(); ++k) {
      // The tables' number form: shortest round trip, so TOML reads back the same double.
      out += (k > 0 ? ", " : "") + util::CsvNumber(s.year_weights[k]);
    }
    out += "]\n";
  }
  out += fmt::format("terminal_capital = {}\n", s.terminal_capital);
  out += fmt::format("quotas_as_constraints = {}\n", s.quotas_as_constraints);
  out += "\n[solver]\n";
  out += "name = " + TomlString(s.solver) + "\n";
  out += "\n[tables]\n";
  for (std::string_view key : model::TableKeys()) {
    out += fmt::format("{} = \"{}.csv\"\n", key, key);
  }
  return out;
}

// file name -> content; a deque, so that a table's text stays put while later tables are added.
using Tables = std::deque<std::pair<std::string, std::string>>;

Tables ModelTables(const Model& model) {
  const int T = model.settings.horizon;
  const auto product = [&](Index i) -> const std::string& {
    return model.products[static_cast<std::size_t>(i)].id;
  };
  const auto technique = [&](Index p) -> const std::string& {
    return model.techniques[static_cast<std::size_t>(p)].id;
  };
  const auto enterprise = [&](Index e) -> const std::string& {
    return model.enterprises[static_cast<std::size_t>(e)].id;
  };
  const auto resource = [&](Index r) -> const std::string& {
    return model.resources[static_cast<std::size_t>(r)].id;
  };
  Tables tables;
  // A new table's text, for a CsvWriter to fill.
  const auto table = [&](const char* name) -> std::string& { return tables.emplace_back(name, "").second; };

  util::CsvWriter products(table("products.csv"));
  products.Header("id", "name", "unit", "group", "storable", "storage_loss", "initial_stock",
                  "priority_weight");
  for (const Product& p : model.products) {
    products.Text(p.id).Text(p.name).Text(p.unit).Text(ToString(p.group))
        .Text(p.storable ? "true" : "false")
        .Number(p.storage_loss).Number(p.initial_stock).Number(p.priority_weight).EndRow();
  }

  util::CsvWriter resources(table("resources.csv"));
  resources.Header("id", "name", "unit", "weight");
  for (const Resource& r : model.resources) {
    resources.Text(r.id).Text(r.name).Text(r.unit).Number(r.weight).EndRow();
  }

  util::CsvWriter availability(table("resource_availability.csv"));
  availability.Header("resource", "year", "quantity");
  for (std::size_t r = 0; r < model.resources.size(); ++r) {
    for (int t = 1; t <= T; ++t) {
      availability.Text(resource(static_cast<Index>(r))).Integer(model.CalendarYear(t))
          .Number(model.Availability(static_cast<Index>(r), t)).EndRow();
    }
  }

  util::CsvWriter techniques(table("techniques.csv"));
  techniques.Header("id", "name");
  for (const Technique& t : model.techniques) techniques.Text(t.id).Text(t.name).EndRow();

  const auto triplets = [&](const char* name, const std::vector<Coefficient>& entries,
                            std::string_view item_column, bool resources) {
    util::CsvWriter csv(table(name));
    csv.Header("technique", item_column, "coefficient");
    for (const Coefficient& c : entries) {
      csv.Text(technique(c.technique)).Text(resources ? resource(c.item) : product(c.item))
          .Number(c.value).EndRow();
    }
  };
  triplets("technique_inputs.csv", model.inputs, "product", false);
  triplets("technique_outputs.csv", model.outputs, "product", false);
  triplets("technique_resources.csv", model.resource_use, "resource", true);

  util::CsvWriter capital(table("technique_capital.csv"));
  capital.Header("technique", "product", "coefficient", "depreciation");
  for (const CapitalCoefficient& c : model.capital) {
    capital.Text(technique(c.technique)).Text(product(c.product)).Number(c.per_unit_activity)
        .Number(c.depreciation).EndRow();
  }

  util::CsvWriter enterprises(table("enterprises.csv"));
  enterprises.Header("id", "name", "kind", "region", "construction_lag");
  for (const Enterprise& e : model.enterprises) {
    enterprises.Text(e.id).Text(e.name).Text(ToString(e.kind)).Text(e.region)
        .Integer(e.construction_lag).EndRow();
  }

  util::CsvWriter runs(table("enterprise_techniques.csv"));
  runs.Header("enterprise", "technique", "min_activity", "max_activity");
  for (const EnterpriseTechnique& et : model.enterprise_techniques) {
    runs.Text(enterprise(et.enterprise)).Text(technique(et.technique)).Number(et.min_activity)
        .Number(et.max_activity).EndRow();
  }

  util::CsvWriter stocks(table("initial_stocks.csv"));
  stocks.Header("enterprise", "product", "quantity");
  for (const InitialStock& s : model.initial_stocks) {
    stocks.Text(enterprise(s.enterprise)).Text(product(s.product)).Number(s.quantity).EndRow();
  }

  util::CsvWriter demand(table("final_demand.csv"));
  demand.Header("category", "product", "year", "floor", "target");
  for (const FinalDemand& fd : model.final_demand) {
    demand.Text(model.final_demand_categories[static_cast<std::size_t>(fd.category)])
        .Text(product(fd.product)).Integer(model.CalendarYear(fd.year)).Number(fd.floor)
        .Number(fd.target).EndRow();
  }

  util::CsvWriter quotas(table("targets.csv"));
  quotas.Header("id", "product", "enterprise", "year", "quantity");
  for (const Quota& q : model.quotas) {
    quotas.Text(q.id).Text(product(q.product))
        .Text(q.enterprise < 0 ? std::string_view() : std::string_view(enterprise(q.enterprise)))
        .Integer(model.CalendarYear(q.year)).Number(q.quantity).EndRow();
  }

  util::CsvWriter actuals(table("actuals.csv"));
  actuals.Header("enterprise", "product", "year", "quantity");
  for (const Actual& a : model.actuals) {
    actuals.Text(enterprise(a.enterprise)).Text(product(a.product)).Integer(model.CalendarYear(a.year))
        .Number(a.quantity).EndRow();
  }
  return tables;
}

}  // namespace

Status WriteModelFolder(const Model& model, const std::string& folder, bool overwrite) {
  try {
    Checker check(folder);
    Check(model, check);
    if (!check.diagnostics().empty()) return Status::InvalidInput(std::move(check.diagnostics()));
    // Never write a model the loader would refuse: numbers beyond the solvers' range (model_range.h).
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
