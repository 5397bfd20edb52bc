// IO tables from other sources: a model folder's technique tables, and final-demand files.
#include <fmt/format.h>

#include <cmath>
#include <unordered_map>

#include "gosplan/io_table.h"
#include "io_table/io_csv.h"
#include "util/csv.h"

namespace gosplan {
namespace {
std::string Quoted(const std::string& name) { return "'" + name + "'"; }
}  // namespace

Result<IoTable> IoTableFromModel(const Model& model) {
  Diagnostics diagnostics;
  const std::string& source = model.folder;
  const Index n = static_cast<Index>(model.products.size());
  const Index techniques = static_cast<Index>(model.techniques.size());
  if (n == 0) {
    diagnostics.Add(source, 0, 0, "the model has no products", "one product per sector");
    return Status::InvalidInput(std::move(diagnostics));
  }
  // Which technique makes each product, and how many products each technique makes.
  std::vector<Index> maker(static_cast<std::size_t>(n), -1);
  std::vector<Index> makers_count(static_cast<std::size_t>(n), 0);
  std::vector<Index> products_made(static_cast<std::size_t>(techniques), 0);
  for (const Coefficient& out : model.outputs) {
    if (out.value == 0.0) continue;
    const auto product = static_cast<std::size_t>(out.item);
    const auto technique = static_cast<std::size_t>(out.technique);
    ++makers_count[product];
    ++products_made[technique];
    maker[product] = out.technique;
    if (out.value != 1.0) {
      diagnostics.Add(source, 0, 0,
                      "technique " + Quoted(model.techniques[technique].id) + " yields " +
                          fmt::format("{}", out.value) + " of product " +
                          Quoted(model.products[product].id),
                      "out = 1 (a square single-output system for the IO model)");
    }
  }
  for (Index i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(i);
    if (makers_count[k] == 0) {
      diagnostics.Add(source, 0, 0,
                      "product " + Quoted(model.products[k].id) + " is made by no technique",
                      "each product made by exactly one technique for the IO model");
    } else if (makers_count[k] > 1) {
      diagnostics.Add(source, 0, 0,
                      "product " + Quoted(model.products[k].id) + " is made by " +
                          std::to_string(makers_count[k]) + " techniques",
                      "each product made by exactly one technique for the IO model");
    }
  }
  for (Index p = 0; p < techniques; ++p) {
    const auto k = static_cast<std::size_t>(p);
    if (products_made[k] != 1) {
      diagnostics.Add(source, 0, 0,
                      "technique " + Quoted(model.techniques[k].id) + " makes " +
                          std::to_string(products_made[k]) + " products",
                      "exactly one product per technique for the IO model (no joint production)");
    }
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));

  std::vector<Index> sector_of_technique(static_cast<std::size_t>(techniques), -1);
  for (Index i = 0; i < n; ++i)
    sector_of_technique[static_cast<std::size_t>(maker[static_cast<std::size_t>(i)])] = i;

  IoTable table;
  table.source = source;
  for (const Product& product : model.products) table.sectors.push_back(product.id);
  std::vector<Eigen::Triplet<double, Index>> triplets;
  for (const Coefficient& in : model.inputs) {
    if (in.value == 0.0) continue;
    if (!(in.value > 0.0) || !std::isfinite(in.value)) {
      diagnostics.Add(source, 0, 0,
                      "input of " + Quoted(model.products[static_cast<std::size_t>(in.item)].id) +
                          " to technique " +
                          Quoted(model.techniques[static_cast<std::size_t>(in.technique)].id) +
                          " is " + fmt::format("{}", in.value),
                      "a finite input >= 0");
      continue;
    }
    triplets.emplace_back(in.item, sector_of_technique[static_cast<std::size_t>(in.technique)],
                          in.value);
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  table.coefficients.resize(n, n);
  table.coefficients.setFromTriplets(triplets.begin(), triplets.end());  // duplicates summed
  table.coefficients.makeCompressed();

  table.final_demand_names = {"final_demand"};
  table.final_demand.setZero(n, 1);
  for (const FinalDemand& demand : model.final_demand) {
    if (demand.year != 1) continue;
    table.final_demand(demand.product, 0) += demand.floor + demand.target;
  }
  const Index m = static_cast<Index>(model.resources.size());
  for (const Resource& resource : model.resources) table.primary_names.push_back(resource.id);
  table.primary_coefficients.setZero(m, n);
  for (const Coefficient& use : model.resource_use) {
    table.primary_coefficients(
        use.item, sector_of_technique[static_cast<std::size_t>(use.technique)]) += use.value;
  }
  table.primary_inputs.resize(0, n);
  return table;
}

Result<Eigen::VectorXd> LoadFinalDemand(const std::string& path, const IoTable& table,
                                        const IoTableOptions& options) {
  auto opened = OpenTwoColumnCsv(path, options, "sector", "value");
  if (!opened.ok()) return opened.status();
  util::CsvFile& csv = opened.value().csv;
  const int sector_column = opened.value().first;
  const int value_column = opened.value().second;
  Diagnostics diagnostics(options.max_diagnostics);
  std::unordered_map<std::string, Index> position;
  for (Index j = 0; j < table.size(); ++j)
    position.emplace(table.sectors[static_cast<std::size_t>(j)], j);
  Eigen::VectorXd y = Eigen::VectorXd::Zero(table.size());
  std::vector<std::int64_t> seen_on(static_cast<std::size_t>(table.size()), 0);
  util::CsvRow row;
  while (csv.Next(row, diagnostics)) {
    const std::string name(row.fields[static_cast<std::size_t>(sector_column)]);
    const auto found = position.find(name);
    if (found == position.end()) {
      // A primary row or a final-demand category is a name of the table too, but not a sector: say
      // which.
      std::string what = "unknown sector " + Quoted(name);
      if (table.FindPrimary(name) >= 0) {
        what += ": it is a primary row of " + table.source;
      } else {
        for (const std::string& category : table.final_demand_names) {
          if (category == name) {
            what += ": it is a final-demand column of " + table.source;
            break;
          }
        }
      }
      diagnostics.Add(path, row.line, sector_column + 1, what, "a sector of " + table.source);
      continue;
    }
    auto& first = seen_on[static_cast<std::size_t>(found->second)];
    if (first != 0) {
      diagnostics.Add(
          path, row.line, sector_column + 1,
          "sector " + Quoted(name) + " listed twice (first on line " + std::to_string(first) + ")",
          "each sector once");
      continue;
    }
    first = row.line;
    auto value =
        util::ParseNumber(row.fields[static_cast<std::size_t>(value_column)], path, row.line,
                          value_column, diagnostics, "final demand of " + Quoted(name));
    if (value) y(found->second) = *value;
    if (diagnostics.full()) break;
  }
  if (diagnostics.empty() && csv.saw_no_rows()) {
    diagnostics.Add(path, csv.header_line(), 0, "no final demand rows", "rows sector,value");
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  return y;
}

}  // namespace gosplan
