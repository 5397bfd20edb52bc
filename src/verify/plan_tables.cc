#include "verify/plan_tables.h"

#include <fmt/format.h>

namespace gosplan::verify {

std::optional<util::CsvFile> OpenPlanTable(const std::string& path,
                                           const std::vector<std::string_view>& names,
                                           std::vector<int>& columns, Diagnostics& diagnostics) {
  auto opened = util::CsvFile::Open(path);
  if (!opened.ok()) {
    if (opened.status().code() == StatusCode::kInvalidInput) {
      diagnostics.Append(opened.status().diagnostics());
    } else {
      diagnostics.Add(path, 0, 0, opened.status().message(), "a file written by gosplan plan");
    }
    return std::nullopt;
  }
  bool complete = true;
  for (std::string_view name : names) {
    columns.push_back(opened.value().Require(name, diagnostics));
    complete = complete && columns.back() >= 0;
  }
  if (!complete) return std::nullopt;
  return std::move(opened.value());
}

std::optional<Index> LookupId(const IdIndex& index, std::string_view id, const std::string& path,
                              std::int64_t line, int column, const char* what,
                              Diagnostics& diagnostics) {
  auto it = index.find(std::string(id));
  if (it != index.end()) return it->second;
  diagnostics.Add(path, line, column + 1, fmt::format("unknown {} '{}'", what, id),
                  fmt::format("a {} of the model", what));
  return std::nullopt;
}

std::optional<int> PlanYear(const Model& model, std::string_view text, const std::string& path,
                            std::int64_t line, int column, Diagnostics& diagnostics, int last) {
  auto year = util::ParseInteger(text, path, line, column, diagnostics, "year");
  if (!year) return std::nullopt;
  const std::int64_t t = *year - model.settings.base_year;
  const int limit = last > 0 ? last : model.horizon();
  if (t < 1 || t > limit) {
    diagnostics.Add(
        path, line, column + 1, fmt::format("year {} is outside the plan", *year),
        fmt::format("a year from {} to {}", model.CalendarYear(1), model.CalendarYear(limit)));
    return std::nullopt;
  }
  return static_cast<int>(t);
}

}  // namespace gosplan::verify
