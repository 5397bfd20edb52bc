// ReadActualsFile (include/gosplan/actuals.h): the one reader of actuals batches, used by track,
// replan and the history database.
#include <fmt/format.h>

#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "gosplan/actuals.h"
#include "gosplan/model_range.h"
#include "util/csv.h"
#include "util/csv_columns.h"

namespace gosplan {

Result<std::vector<Actual>> ReadActualsFile(const Model& model, const std::string& path,
                                            const CsvDialect& dialect) {
  util::CsvOptions options;
  options.dialect = dialect;
  auto opened = util::CsvFile::Open(path, options);
  if (!opened.ok()) return opened.status();
  util::CsvFile& file = opened.value();
  const std::string& name = file.path();
  Diagnostics diagnostics;
  const int enterprise_column = file.Require("enterprise", diagnostics);
  const int product_column = file.Require("product", diagnostics);
  const int year_column = file.Require("year", diagnostics);
  const int quantity_column = file.Require("quantity", diagnostics);
  util::RejectUnknownColumns(file, {"enterprise", "product", "year", "quantity"}, diagnostics);
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));

  std::vector<Actual> actuals;
  std::map<std::tuple<Index, Index, int>, std::int64_t> seen;  // -> first line
  util::CsvRow row;
  while (file.Next(row, diagnostics)) {
    const auto field = [&](int column) { return row.fields[static_cast<std::size_t>(column)]; };
    const auto lookup = [&](const IdIndex& index, int column, const char* article,
                            const char* noun) -> std::optional<Index> {
      const std::string id(field(column));
      const auto found = index.find(id);
      if (found != index.end()) return found->second;
      diagnostics.Add(name, row.line, column + 1, fmt::format("unknown {} '{}'", noun, id),
                      fmt::format("{} {} id of the model {}", article, noun, model.folder));
      return std::nullopt;
    };
    const auto enterprise = lookup(model.enterprise_index, enterprise_column, "an", "enterprise");
    const auto product = lookup(model.product_index, product_column, "a", "product");
    const auto year =
        util::ParseInteger(field(year_column), name, row.line, year_column, diagnostics, "year");
    const auto quantity = util::ParseNonNegative(field(quantity_column), name, row.line,
                                                 quantity_column, diagnostics, "quantity");
    std::optional<int> plan_year;
    if (year) {
      const std::int64_t t = *year - model.settings.base_year;
      if (t < 1 || t > model.horizon()) {
        diagnostics.Add(name, row.line, year_column + 1,
                        fmt::format("year {} is outside the plan", *year),
                        fmt::format("a year from {} to {}", model.CalendarYear(1),
                                    model.CalendarYear(model.horizon())));
      } else {
        plan_year = static_cast<int>(t);
      }
    }
    bool quantity_ok = quantity.has_value();
    if (quantity_ok && *quantity > kMaxModelMagnitude) {
      diagnostics.Add(name, row.line, quantity_column + 1,
                      fmt::format("quantity {} is beyond the solvers' range",
                                  field(quantity_column).substr(0, 40)),
                      "a magnitude of at most 1e20");
      quantity_ok = false;
    }
    if (enterprise && product && plan_year && quantity_ok) {
      const auto [found, inserted] =
          seen.emplace(std::tuple{*enterprise, *product, *plan_year}, row.line);
      if (!inserted) {
        diagnostics.Add(name, row.line, year_column + 1,
                        fmt::format("duplicate actual of enterprise '{}' for product '{}' in {} "
                                    "(first on line {})",
                                    field(enterprise_column), field(product_column),
                                    field(year_column), found->second),
                        "one row per enterprise, product and year");
      } else {
        actuals.push_back(Actual{*enterprise, *product, *plan_year, *quantity});
      }
    }
    if (diagnostics.full()) break;
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  return actuals;
}

}  // namespace gosplan
