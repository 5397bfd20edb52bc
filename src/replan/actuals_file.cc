// Reads an actuals file in the format of actuals.csv against an already loaded model.
#include <map>
#include <string>
#include <tuple>

#include "gosplan/model_range.h"
#include "gosplan/replan.h"
#include "util/csv.h"

namespace gosplan {

Result<std::vector<Actual>> ReadActualsFile(const Model& model, const std::string& path,
                                            const CsvDialect& dialect) {
  util::CsvOptions options;
  options.dialect = dialect;
  auto opened = util::CsvFile::Open(path, options);
  if (!opened.ok()) return opened.status();
  util::CsvFile& file = opened.value();
  Diagnostics diagnostics;
  const int enterprise_column = file.Require("enterprise", diagnostics);
  const int product_column = file.Require("product", diagnostics);
  const int year_column = file.Require("year", diagnostics);
  const int quantity_column = file.Require("quantity", diagnostics);
  const auto& header = file.header();
  for (std::size_t c = 0; c < header.size(); ++c) {
    const std::string& name = header[c];
    if (name == "enterprise" || name == "product" || name == "year" || name == "quantity" ||
        name.starts_with("note")) {
      continue;
    }
    diagnostics.Add(path, file.header_line(), static_cast<std::int64_t>(c + 1),
                    "unknown column '" + name + "'",
                    "one of: enterprise, product, year, quantity, or a name starting with 'note'");
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));

  std::vector<Actual> actuals;
  std::map<std::tuple<Index, Index, int>, std::int64_t> seen;
  util::CsvRow row;
  while (file.Next(row, diagnostics)) {
    auto field = [&](int column) {
      return std::string(row.fields[static_cast<std::size_t>(column)]);
    };
    Actual actual;
    bool ok = true;
    const std::string enterprise = field(enterprise_column);
    if (auto it = model.enterprise_index.find(enterprise); it != model.enterprise_index.end()) {
      actual.enterprise = it->second;
    } else {
      diagnostics.Add(path, row.line, enterprise_column + 1,
                      "unknown enterprise '" + enterprise + "'",
                      "an enterprise id of enterprises.csv");
      ok = false;
    }
    const std::string product = field(product_column);
    if (auto it = model.product_index.find(product); it != model.product_index.end()) {
      actual.product = it->second;
    } else {
      diagnostics.Add(path, row.line, product_column + 1, "unknown product '" + product + "'",
                      "a product id of products.csv");
      ok = false;
    }
    const auto year = util::ParseInteger(row.fields[static_cast<std::size_t>(year_column)], path,
                                         row.line, year_column, diagnostics, "year");
    if (year) {
      const std::int64_t t = *year - model.settings.base_year;
      if (t < 1 || t > model.horizon()) {
        diagnostics.Add(path, row.line, year_column + 1,
                        "year " + std::to_string(*year) + " is outside the plan",
                        "a year from " + std::to_string(model.CalendarYear(1)) + " to " +
                            std::to_string(model.CalendarYear(model.horizon())));
        ok = false;
      } else {
        actual.year = static_cast<int>(t);
      }
    } else {
      ok = false;
    }
    const auto quantity =
        util::ParseNonNegative(row.fields[static_cast<std::size_t>(quantity_column)], path,
                               row.line, quantity_column, diagnostics, "quantity");
    if (quantity && *quantity > kMaxModelMagnitude) {
      diagnostics.Add(
          path, row.line, quantity_column + 1,
          "quantity " + field(quantity_column).substr(0, 40) + " is beyond the solvers' range",
          "a magnitude of at most 1e20");
      ok = false;
    } else if (quantity) {
      actual.quantity = *quantity;
    } else {
      ok = false;
    }
    if (ok) {
      const auto [found, inserted] =
          seen.emplace(std::tuple{actual.enterprise, actual.product, actual.year}, row.line);
      if (!inserted) {
        diagnostics.Add(path, row.line, year_column + 1,
                        "duplicate actual of enterprise '" + enterprise + "' for product '" +
                            product + "' in " + field(year_column) + " (first on line " +
                            std::to_string(found->second) + ")",
                        "one row per enterprise, product and year");
      } else {
        actuals.push_back(actual);
      }
    }
    if (diagnostics.full()) break;
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  return actuals;
}

}  // namespace gosplan
