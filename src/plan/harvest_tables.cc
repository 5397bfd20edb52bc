// harvest_scenarios.csv and harvest_yields.csv (include/gosplan/harvest.h, docs/model-format.md):
// read beside the model's own tables, every problem located by file, line and column.
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "gosplan/harvest.h"
#include "model/manifest.h"
#include "util/csv.h"

namespace gosplan {
namespace {

bool IsFolderName(std::string_view id) {
  if (id.empty() || id == "." || id == "..") return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// model.toml as written (its [csv] dialect and declared horizon; the model itself was loaded from
// it, so its problems were reported then).
model::Manifest ManifestOf(const Model& model) {
  model::Manifest manifest;
  Diagnostics ignored;
  (void)model::ReadManifest(model.folder, LoadOptions{}, manifest, ignored);
  return manifest;
}

void ReadScenarios(const std::string& path, const util::CsvOptions& csv, HarvestScenarios& out,
                   std::map<std::string, std::size_t, std::less<>>& index,
                   Diagnostics& diagnostics) {
  auto opened = util::CsvFile::Open(path, csv);
  if (!opened.ok()) {
    diagnostics.Append(opened.status().diagnostics());
    if (opened.status().diagnostics().empty())
      diagnostics.Add(path, 0, 0, opened.status().message());
    return;
  }
  util::CsvFile& file = opened.value();
  const int scenario_column = file.Require("scenario", diagnostics);
  const int probability_column = file.Require("probability", diagnostics);
  if (scenario_column < 0 || probability_column < 0) return;
  util::CsvRow row;
  double total = 0.0;
  std::map<std::string, std::int64_t, std::less<>> first_line;
  while (file.Next(row, diagnostics)) {
    const std::string id(row.fields[static_cast<std::size_t>(scenario_column)]);
    if (!IsFolderName(id)) {
      diagnostics.Add(path, row.line, scenario_column + 1,
                      "scenario id '" + id +
                          "' is empty or has characters other than letters, "
                          "digits, '-', '_' and '.'",
                      "an id that can name a folder of the plan (e.g. good, bad-1932)");
      continue;
    }
    const auto probability =
        util::ParseNumber(row.fields[static_cast<std::size_t>(probability_column)], path, row.line,
                          probability_column + 1, diagnostics, "a probability");
    if (!probability) continue;
    if (!(*probability > 0.0 && *probability <= 1.0)) {
      diagnostics.Add(path, row.line, probability_column + 1,
                      fmt::format("probability {} of scenario '{}' is outside (0, 1]",
                                  row.fields[static_cast<std::size_t>(probability_column)], id),
                      "a probability > 0 and at most 1 (leave out a scenario that cannot happen)");
      continue;
    }
    if (auto [it, inserted] = first_line.emplace(id, row.line); !inserted) {
      diagnostics.Add(path, row.line, scenario_column + 1,
                      fmt::format("duplicate scenario '{}' (first on line {})", id, it->second),
                      "one row per scenario");
      continue;
    }
    index.emplace(id, out.scenarios.size());
    out.scenarios.push_back({id, *probability});
    total += *probability;
  }
  if (file.saw_no_rows() && diagnostics.empty()) {
    diagnostics.Add(path, file.header_line(), 0, "no scenarios", "at least one scenario row");
    return;
  }
  if (!out.scenarios.empty() && first_line.size() == out.scenarios.size() &&
      std::abs(total - 1.0) > kScenarioProbabilityTolerance) {
    diagnostics.Add(
        path, file.header_line(), probability_column + 1,
        fmt::format("the probabilities sum to {:.12g}", total),
        fmt::format("probabilities summing to 1 (within {:g})", kScenarioProbabilityTolerance));
  }
}

// `declared_horizon`: model.toml's; a row of a year past a horizon shortened by --horizon (but
// within the declared one) is dropped, as the model's own tables drop theirs.
void ReadYields(const std::string& path, const util::CsvOptions& csv, const Model& model,
                int declared_horizon, const std::map<std::string, std::size_t, std::less<>>& index,
                HarvestScenarios& out, Diagnostics& diagnostics) {
  auto opened = util::CsvFile::Open(path, csv);
  if (!opened.ok()) {
    diagnostics.Append(opened.status().diagnostics());
    if (opened.status().diagnostics().empty())
      diagnostics.Add(path, 0, 0, opened.status().message());
    return;
  }
  util::CsvFile& file = opened.value();
  const int scenario_column = file.Require("scenario", diagnostics);
  const int product_column = file.Require("product", diagnostics);
  const int year_column = file.Require("year", diagnostics);
  const int factor_column = file.Require("yield_factor", diagnostics);
  if (scenario_column < 0 || product_column < 0 || year_column < 0 || factor_column < 0) return;
  const int T = model.horizon();
  const Index P = static_cast<Index>(model.products.size());
  out.yield_factor.assign(out.scenarios.size(), std::vector<double>(P * T, 1.0));
  std::map<std::tuple<std::size_t, Index, int>, std::int64_t> first_line;
  std::set<std::pair<Index, int>> named;
  util::CsvRow row;
  while (file.Next(row, diagnostics)) {
    auto field = [&](int column) { return row.fields[static_cast<std::size_t>(column)]; };
    bool ok = true;
    const auto scenario = index.find(field(scenario_column));
    if (scenario == index.end()) {
      diagnostics.Add(path, row.line, scenario_column + 1,
                      "unknown scenario '" + std::string(field(scenario_column)) + "'",
                      std::string("a scenario of ") + kHarvestScenariosFile);
      ok = false;
    }
    const auto product = model.product_index.find(std::string(field(product_column)));
    if (product == model.product_index.end()) {
      diagnostics.Add(path, row.line, product_column + 1,
                      "unknown product '" + std::string(field(product_column)) + "'",
                      "a product of products.csv");
      ok = false;
    }
    const auto year = util::ParseInteger(field(year_column), path, row.line, year_column + 1,
                                         diagnostics, "a calendar year");
    int plan_year = 0;
    if (!year) {
      ok = false;
    } else {
      plan_year = static_cast<int>(*year - model.settings.base_year);
      if (plan_year > T && plan_year <= declared_horizon) continue;  // cut off by --horizon
      if (plan_year < 1 || plan_year > T) {
        diagnostics.Add(
            path, row.line, year_column + 1, fmt::format("year {} is outside the plan", *year),
            fmt::format("a plan year {}..{}", model.CalendarYear(1), model.CalendarYear(T)));
        ok = false;
      }
    }
    const auto factor = util::ParseNonNegative(field(factor_column), path, row.line,
                                               factor_column + 1, diagnostics, "a yield factor");
    if (!factor || !ok) continue;
    const auto key = std::make_tuple(scenario->second, product->second, plan_year);
    if (auto [it, inserted] = first_line.emplace(key, row.line); !inserted) {
      diagnostics.Add(path, row.line, year_column + 1,
                      fmt::format("duplicate yield of product '{}' in {} in scenario '{}' (first "
                                  "on line {})",
                                  field(product_column), *year, field(scenario_column), it->second),
                      "one row per scenario, product and year (yields per region are not "
                      "modelled: a region column is ignored)");
      continue;
    }
    out.yield_factor[scenario->second]
                    [static_cast<std::size_t>(product->second * T + plan_year - 1)] = *factor;
    if (named.emplace(product->second, plan_year).second)
      out.named.emplace_back(product->second, plan_year);
  }
}

}  // namespace

std::vector<double> HarvestScenarios::ExpectedYields() const {
  std::vector<double> expected(yield_factor.empty() ? 0 : yield_factor.front().size(), 0.0);
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    for (std::size_t k = 0; k < expected.size(); ++k)
      expected[k] += scenarios[s].probability * yield_factor[s][k];
  }
  return expected;
}

Result<std::optional<HarvestScenarios>> LoadHarvestScenarios(
    const Model& model, const std::optional<CsvDialect>& dialect) {
  namespace fs = std::filesystem;
  const std::string folder = model.folder.empty() ? std::string(".") : model.folder;
  const std::string scenarios_path = (fs::path(folder) / kHarvestScenariosFile).string();
  const std::string yields_path = (fs::path(folder) / kHarvestYieldsFile).string();
  std::error_code error;
  const bool has_scenarios = fs::exists(scenarios_path, error);
  const bool has_yields = fs::exists(yields_path, error);
  if (!has_scenarios && !has_yields) return std::optional<HarvestScenarios>();
  Diagnostics diagnostics;
  if (!has_scenarios || !has_yields) {
    const std::string& present = has_scenarios ? scenarios_path : yields_path;
    const std::string missing = has_scenarios ? kHarvestYieldsFile : kHarvestScenariosFile;
    diagnostics.Add(present, 0, 0, "harvest scenarios need both tables; " + missing + " is missing",
                    std::string(kHarvestScenariosFile) + " and " + kHarvestYieldsFile +
                        " side by side (docs/model-format.md)");
    return Status::InvalidInput(std::move(diagnostics));
  }
  const model::Manifest manifest = ManifestOf(model);
  util::CsvOptions csv;
  csv.dialect = dialect ? *dialect : manifest.csv;
  HarvestScenarios scenarios;
  std::map<std::string, std::size_t, std::less<>> index;
  ReadScenarios(scenarios_path, csv, scenarios, index, diagnostics);
  if (diagnostics.empty()) {
    ReadYields(yields_path, csv, model, manifest.declared_horizon, index, scenarios, diagnostics);
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  return std::optional<HarvestScenarios>(std::move(scenarios));
}

}  // namespace gosplan
