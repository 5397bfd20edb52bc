// Reads a quota file in the format of targets.csv against an already loaded model.
#include <string>
#include <unordered_map>

#include "gosplan/check.h"
#include "gosplan/model_range.h"
#include "model/quota_kind.h"
#include "util/csv.h"
#include "util/csv_columns.h"

namespace gosplan {

Result<std::vector<Quota>> ReadQuotaFile(const Model& model, const std::string& path,
                                         const CsvDialect& dialect) {
  util::CsvOptions options;
  options.dialect = dialect;
  auto opened = util::CsvFile::Open(path, options);
  if (!opened.ok()) return opened.status();
  util::CsvFile& file = opened.value();
  Diagnostics diagnostics;
  const int id_column = file.Require("id", diagnostics);
  const int product_column = file.Require("product", diagnostics);
  const int enterprise_column = file.Find("enterprise");
  const int year_column = file.Require("year", diagnostics);
  const int quantity_column = file.Require("quantity", diagnostics);
  const int kind_column = file.Find("kind");  // output (default), import, export
  util::RejectUnknownColumns(file, {"id", "product", "enterprise", "year", "quantity", "kind"},
                             diagnostics);
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));

  std::vector<Quota> quotas;
  std::unordered_map<std::string, std::int64_t> seen;
  util::CsvRow row;
  while (file.Next(row, diagnostics)) {
    auto field = [&](int column) {
      return std::string(row.fields[static_cast<std::size_t>(column)]);
    };
    Quota quota;
    quota.id = field(id_column);
    bool ok = true;
    if (quota.id.empty()) {
      diagnostics.Add(path, row.line, id_column + 1, "empty quota id", "an identifier");
      ok = false;
    } else if (auto [it, inserted] = seen.emplace(quota.id, row.line); !inserted) {
      diagnostics.Add(path, row.line, id_column + 1,
                      "duplicate quota id '" + quota.id + "' (first on line " +
                          std::to_string(it->second) + ")",
                      "each id once");
      ok = false;
    }
    const std::string product = field(product_column);
    if (auto it = model.product_index.find(product); it != model.product_index.end()) {
      quota.product = it->second;
    } else {
      diagnostics.Add(path, row.line, product_column + 1, "unknown product '" + product + "'",
                      "a product id of products.csv");
      ok = false;
    }
    if (enterprise_column >= 0 && !field(enterprise_column).empty()) {
      const std::string enterprise = field(enterprise_column);
      if (auto it = model.enterprise_index.find(enterprise); it != model.enterprise_index.end()) {
        quota.enterprise = it->second;
      } else {
        diagnostics.Add(path, row.line, enterprise_column + 1,
                        "unknown enterprise '" + enterprise + "'",
                        "an enterprise id of enterprises.csv or empty (the whole economy)");
        ok = false;
      }
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
        quota.year = static_cast<int>(t);
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
          "quantity " +
              std::string(row.fields[static_cast<std::size_t>(quantity_column)].substr(0, 40)) +
              " is beyond the solvers' range",
          "a magnitude of at most 1e20, the simplex solver's limit (choose a larger unit to scale "
          "it "
          "down)");
      ok = false;
    } else if (quantity) {
      quota.quantity = *quantity;
    } else {
      ok = false;
    }
    if (kind_column >= 0 && !field(kind_column).empty()) {
      if (auto kind = ParseQuotaKind(field(kind_column))) {
        quota.kind = *kind;
      } else {
        diagnostics.Add(path, row.line, kind_column + 1,
                        "unknown quota kind '" + field(kind_column) + "'",
                        model::kQuotaKindExpected);
        ok = false;
      }
    }
    if (ok && model::IsTradeQuota(quota)) {
      // Economy-wide, and tradable that year in the model's world prices (model/quota_kind.h).
      std::string expected;
      const std::string problem =
          model::TradeQuotaProblem(model, quota, "the model's world_prices.csv", expected);
      if (!problem.empty()) {
        const int column = quota.enterprise >= 0 ? enterprise_column : kind_column;
        diagnostics.Add(path, row.line, column + 1, problem, expected);
        ok = false;
      }
    }
    if (ok) quotas.push_back(std::move(quota));
    if (diagnostics.full()) break;
  }
  // A quota file given on purpose with no quota in it would be answered "all quotas can hold": it
  // is almost always the wrong file, so it is refused, like an empty required table.
  if (diagnostics.empty() && file.saw_no_rows()) {
    diagnostics.Add(path, file.header_line(), 0, "table has a header but no rows",
                    "one row per quota");
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  return quotas;
}

}  // namespace gosplan
