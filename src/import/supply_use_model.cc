// ImportSupplyUse: supply and use tables -> a plan model by Koopmans' activity analysis (see
// include/gosplan/supply_use.h for the mapping).
#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gosplan/supply_use.h"
#include "util/csv.h"

namespace gosplan {
namespace {

std::string Unique(std::string id, IdIndex& taken) {
  if (id.empty()) id = "item";
  std::string candidate = id;
  for (int k = 2; taken.count(candidate) > 0; ++k) candidate = id + "_" + std::to_string(k);
  return candidate;
}

// Reads the capital-stock file: rows industries, columns products (labels as in the use table).
Result<Eigen::MatrixXd> ReadCapitalStock(const std::string& path, const SupplyUseTables& tables,
                                         const SupplyUseOptions& options) {
  Diagnostics diagnostics(options.max_diagnostics);
  util::CsvOptions csv;
  csv.dialect = options.csv;
  auto opened = util::CsvFile::Open(path, csv);
  if (!opened.ok()) return opened.status();
  util::CsvFile& file = opened.value();
  auto index_of = [](const std::vector<std::string>& labels, const std::string& label) -> Index {
    for (std::size_t i = 0; i < labels.size(); ++i)
      if (labels[i] == label) return static_cast<Index>(i);
    return -1;
  };
  const std::vector<std::string>& header = file.header();
  std::vector<Index> product_of(header.size(), -1);
  for (std::size_t c = 1; c < header.size(); ++c) {
    product_of[c] = index_of(tables.products, header[c]);
    if (product_of[c] < 0) {
      diagnostics.Add(path, file.header_line(), static_cast<std::int64_t>(c) + 1,
                      "column '" + header[c] + "' is not a product of the use table",
                      "product labels as in the use table's rows");
    }
  }
  Eigen::MatrixXd stock = Eigen::MatrixXd::Zero(tables.industry_count(), tables.product_count());
  util::CsvRow row;
  while (file.Next(row, diagnostics)) {
    const Index j = index_of(tables.industries, std::string(row.fields[0]));
    if (j < 0) {
      diagnostics.Add(
          path, row.line, 1,
          "row '" + std::string(row.fields[0]) + "' is not an industry of the use table",
          "industry labels as in the use table's columns");
      continue;
    }
    for (std::size_t c = 1; c < row.fields.size(); ++c) {
      if (row.fields[c].empty() || row.fields[c] == "---") continue;
      auto value = util::ParseNonNegative(row.fields[c], path, row.line, static_cast<int>(c),
                                          diagnostics, "capital stock");
      if (value && product_of[c] >= 0) stock(j, product_of[c]) = *value;
    }
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  return stock;
}

}  // namespace

std::string SupplyUseId(const std::string& label) {
  std::string id;
  for (char c : label) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      id.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!id.empty() && id.back() != '_') {
      id.push_back('_');
    }
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  return id;
}

bool SupplyUseImportOptions::IsValid(std::string* error) const {
  std::string rule;
  if (!tables.IsValid(&rule))
    rule = "tables." + rule;
  else if (horizon < 1 || horizon > 1000)
    rule = fmt::format("horizon is {}; it must be in 1..1000", horizon);
  else if (base_year < -9999 || base_year > 9999)
    rule = fmt::format("base_year is {}; it must be in -9999..9999", base_year);
  else if (!(resource_growth > -1.0) || !std::isfinite(resource_growth))
    rule = fmt::format("resource_growth is {}; it must be > -1", resource_growth);
  else if (!(capacity_margin >= 0.0) || !std::isfinite(capacity_margin))
    rule = fmt::format("capacity_margin is {}; it must be >= 0", capacity_margin);
  else if (!(unit_scale > 0.0) || !std::isfinite(unit_scale))
    rule = fmt::format("unit_scale is {}; it must be > 0", unit_scale);
  else if (!(depreciation >= 0.0 && depreciation < 1.0))
    rule = fmt::format("depreciation is {}; it must be in [0, 1)", depreciation);
  if (!rule.empty() && error != nullptr) *error = rule;
  return rule.empty();
}

Result<SupplyUseImport> ImportSupplyUse(const std::string& supply_path, const std::string& use_path,
                                        const SupplyUseImportOptions& options) {
  if (Status valid = ValidateOptions(options, "SupplyUseImportOptions"); !valid.ok()) return valid;
  auto loaded = LoadSupplyUse(supply_path, use_path, options.tables);
  if (!loaded.ok()) return loaded.status();
  SupplyUseImport result;
  result.tables = std::move(loaded.value());
  const SupplyUseTables& t = result.tables;
  result.notes = t.notes;
  Eigen::MatrixXd capital_stock;
  if (!options.capital_stock.empty()) {
    auto stock = ReadCapitalStock(options.capital_stock, t, options.tables);
    if (!stock.ok()) return stock.status();
    capital_stock = std::move(stock.value());
  }

  const Index p = t.product_count(), n = t.industry_count();
  const Eigen::VectorXd g = t.IndustryOutput();
  for (Index j = 0; j < n; ++j) {
    if (g(j) <= 0.0) {
      return Status::InvalidInput(t.supply_source, 0, 0,
                                  "industry '" + t.industries[static_cast<std::size_t>(j)] +
                                      "' has no output in the supply table",
                                  "output > 0 for every industry");
    }
  }
  const int T = options.horizon;
  Model& model = result.model;
  ModelSettings& s = model.settings;
  s.name = options.name.empty() ? "supply-use " + std::filesystem::path(use_path).stem().string()
                                : options.name;
  s.description = "Imported by `gosplan import supply-use` from " + supply_path + " and " +
                  use_path +
                  " (docs/import.md): one technique per industry with joint outputs, activity 1 = "
                  "one unit of industry output.";
  s.base_year = options.base_year;
  s.horizon = T;
  const double k = options.unit_scale;  // model units per table unit
  s.units = k == 1.0 ? std::string("the tables' money units at base-year prices")
                     : fmt::format("{:g} of the tables' money units at base-year prices", 1.0 / k);
  s.objective = ObjectiveKind::kPlanRay;
  s.year_weights.assign(static_cast<std::size_t>(T), 1.0);

  for (Index i = 0; i < p; ++i) {
    Product product;
    product.id = Unique(SupplyUseId(t.products[static_cast<std::size_t>(i)]), model.product_index);
    product.name = t.products[static_cast<std::size_t>(i)];
    product.unit = "money";
    model.product_index.emplace(product.id, i);
    model.products.push_back(std::move(product));
  }

  // Resources: primary rows with no negative entry.
  std::vector<Index> resource_rows;
  std::vector<std::string> left_out;
  for (Index r = 0; r < t.primary.rows(); ++r) {
    const std::string& label = t.primary_names[static_cast<std::size_t>(r)];
    if (t.primary.row(r).minCoeff() < 0.0 || t.primary.row(r).sum() <= 0.0) {
      left_out.push_back(label);
      continue;
    }
    Resource resource;
    resource.id = Unique(SupplyUseId(label), model.resource_index);
    resource.name = label;
    resource.unit = "money";
    model.resource_index.emplace(resource.id, static_cast<Index>(model.resources.size()));
    model.resources.push_back(std::move(resource));
    resource_rows.push_back(r);
    const double base = t.primary.row(r).sum();
    for (int year = 1; year <= T; ++year)
      model.resource_availability.push_back(k * base *
                                            std::pow(1.0 + options.resource_growth, year));
  }
  if (!left_out.empty()) {
    std::string names;
    for (const auto& name : left_out) names += (names.empty() ? "'" : ", '") + name + "'";
    result.notes.push_back(
        "primary rows with negative entries (subsidies) or no positive total "
        "are not resources: " +
        names);
  }

  auto add_enterprise = [&](const std::string& id, const std::string& name, Index technique,
                            double capacity) {
    Enterprise enterprise;
    enterprise.id = Unique(id, model.enterprise_index);
    enterprise.name = name;
    enterprise.kind = EnterpriseKind::kFactory;
    const Index e = static_cast<Index>(model.enterprises.size());
    model.enterprise_index.emplace(enterprise.id, e);
    model.enterprises.push_back(std::move(enterprise));
    model.enterprise_techniques.push_back(EnterpriseTechnique{e, technique, 0.0, capacity});
    return e;
  };
  auto add_technique = [&](const std::string& id, const std::string& name) {
    const Index tech = static_cast<Index>(model.techniques.size());
    Technique technique{Unique(id, model.technique_index), name};
    model.technique_index.emplace(technique.id, tech);
    model.techniques.push_back(std::move(technique));
    return tech;
  };

  // Industries.
  std::int64_t negative_uses = 0;
  for (Index j = 0; j < n; ++j) {
    const std::string& label = t.industries[static_cast<std::size_t>(j)];
    const Index tech = add_technique(SupplyUseId(label), label);
    for (Index i = 0; i < p; ++i) {
      double out = t.supply(i, j) / g(j);
      double in = t.use(i, j) / g(j);
      if (in < 0.0) {
        out -= in;  // a negative use (scrap sold back) is an output
        in = 0.0;
        ++negative_uses;
      }
      if (out > 0.0) model.outputs.push_back(Coefficient{tech, i, out});
      if (in > 0.0) model.inputs.push_back(Coefficient{tech, i, in});
    }
    for (std::size_t k = 0; k < resource_rows.size(); ++k) {
      const double use = t.primary(resource_rows[k], j) / g(j);
      if (use > 0.0) model.resource_use.push_back(Coefficient{tech, static_cast<Index>(k), use});
    }
    const Index e = add_enterprise(model.techniques[static_cast<std::size_t>(tech)].id, label, tech,
                                   k * g(j) * (1.0 + options.capacity_margin));
    if (capital_stock.size() > 0) {
      for (Index i = 0; i < p; ++i) {
        const double stock = capital_stock(j, i);
        if (stock <= 0.0) continue;
        model.capital.push_back(CapitalCoefficient{tech, i, stock / g(j), options.depreciation});
        // Usable in year 1: (1 − d)·K0 ≥ the base year's need K.
        model.initial_stocks.push_back(
            InitialStock{e, i, k * stock / (1.0 - options.depreciation)});
      }
    }
  }
  if (negative_uses > 0) {
    result.notes.push_back(fmt::format(
        "{} negative use entries (e.g. scrap sold back) read as outputs of the industry",
        negative_uses));
  }

  // Bundles: what else balances the products in the base year.
  auto add_bundle = [&](const std::string& name, const Eigen::VectorXd& amounts) {
    if (amounts.cwiseAbs().maxCoeff() == 0.0) return;
    // Activity in money: the base year runs it at T = Σ of its positive amounts (coefficients
    // ≤ 1 keep the plan LP well scaled).
    const double scale = amounts.cwiseMax(0.0).sum();
    const Index tech = add_technique("bundle_" + SupplyUseId(name), name);
    for (Index i = 0; i < p; ++i) {
      if (amounts(i) > 0.0) model.outputs.push_back(Coefficient{tech, i, amounts(i) / scale});
      if (amounts(i) < 0.0) model.inputs.push_back(Coefficient{tech, i, -amounts(i) / scale});
    }
    add_enterprise("bundle_" + SupplyUseId(name), name, tech, k * scale);
    result.notes.push_back(fmt::format(
        "'{}' is a technique delivering the base year's amounts in proportion, at most as much "
        "as in the base year (activity {:.6g})",
        name, k * scale));
  };
  // A technique must produce something: an extra column with no positive amount (BEA's CIF/FOB
  // adjustment, which only uses transport) joins the margins-and-taxes bundle.
  Eigen::VectorXd valuation = t.ValuationResidual();
  for (Index e = 0; e < t.supply_extra.cols(); ++e) {
    const std::string& name = t.supply_extra_names[static_cast<std::size_t>(e)];
    if (t.supply_extra.col(e).maxCoeff() > 0.0) {
      add_bundle(name, t.supply_extra.col(e));
    } else {
      valuation += t.supply_extra.col(e);
      result.notes.push_back("'" + name +
                             "' has no positive amount: part of 'margins and taxes on products'");
    }
  }
  add_bundle("margins and taxes on products", valuation);
  Eigen::VectorXd draw_downs = Eigen::VectorXd::Zero(p);
  for (Index c = 0; c < t.final_demand.cols(); ++c)
    draw_downs -= t.final_demand.col(c).cwiseMin(0.0);
  add_bundle("negative final uses (stock draw-downs)", draw_downs);

  // Final demand: the base year's positive entries as the target mix in every year.
  for (Index c = 0; c < t.final_demand.cols(); ++c) {
    if (t.final_demand.col(c).maxCoeff() <= 0.0) {
      result.notes.push_back("final-demand column '" +
                             t.final_demand_names[static_cast<std::size_t>(c)] +
                             "' has no positive entry: not a category");
      continue;
    }
    std::string id = t.final_demand_names[static_cast<std::size_t>(c)];
    id = Unique(SupplyUseId(id), model.category_index);
    const Index category = static_cast<Index>(model.final_demand_categories.size());
    model.category_index.emplace(id, category);
    model.final_demand_categories.push_back(id);
    for (int year = 1; year <= T; ++year) {
      for (Index i = 0; i < p; ++i) {
        const double target = t.final_demand(i, c);
        if (target > 0.0)
          model.final_demand.push_back(FinalDemand{category, i, year, 0.0, k * target});
      }
    }
  }
  if (model.final_demand_categories.empty()) {
    return Status::InvalidInput(t.use_source, 0, 0,
                                "the use table has no final-demand column with a positive entry",
                                "final-demand columns after the industries");
  }
  if (capital_stock.size() == 0) {
    result.notes.push_back(
        "no capital-stock file: the model has no capital coefficients, so its plans have no "
        "investment");
  }
  return result;
}

}  // namespace gosplan
