// `gosplan model check MODEL_DIR [--format text|json] [--horizon N] [--no-cache]`: loads and
// validates a model folder and prints a summary of it. Bad input: every diagnostic on stderr, one per
// line, then a count; nothing on stdout; exit 2.
// `gosplan model cache MODEL_DIR [--horizon N]`: writes (or confirms) the binary cache
// MODEL_DIR/.gosplan-cache/ that the other commands then load instead of the CSV tables.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "cli_output.h"
#include "commands.h"
#include "gosplan/model.h"
#include "gosplan/model_cache.h"

namespace gosplan::cli {
namespace {

struct ModelCheckFlags {
  std::string folder;
  std::string format = "text";
  int horizon = 0;
  std::size_t max_diagnostics = 100;
  bool no_cache = false;
  bool quiet = false;
};

nlohmann::ordered_json Summary(const Model& model) {
  nlohmann::ordered_json summary;
  const ModelSettings& settings = model.settings;
  summary["name"] = settings.name;
  summary["folder"] = model.folder;
  summary["base_year"] = settings.base_year;
  summary["horizon"] = settings.horizon;
  summary["first_year"] = model.CalendarYear(1);
  summary["last_year"] = model.CalendarYear(settings.horizon);
  summary["objective"] = ToString(settings.objective);
  std::int64_t group_a = 0;
  std::int64_t storable = 0;
  for (const Product& product : model.products) {
    group_a += product.group == ProductGroup::kMeansOfProduction ? 1 : 0;
    storable += product.storable ? 1 : 0;
  }
  summary["products"] = {{"total", model.products.size()},
                         {"group_a", group_a},
                         {"group_b", static_cast<std::int64_t>(model.products.size()) - group_a},
                         {"storable", storable}};
  summary["resources"] = model.resources.size();
  summary["techniques"] = model.techniques.size();
  summary["nonzeros"] = {{"inputs", model.inputs.size()},
                         {"outputs", model.outputs.size()},
                         {"resources", model.resource_use.size()},
                         {"capital", model.capital.size()}};
  nlohmann::ordered_json by_kind = nlohmann::ordered_json::object();
  for (EnterpriseKind kind :
       {EnterpriseKind::kFactory, EnterpriseKind::kMine, EnterpriseKind::kConstructionSite,
        EnterpriseKind::kCollectiveFarm, EnterpriseKind::kStateFarm, EnterpriseKind::kPowerStation,
        EnterpriseKind::kOther}) {
    std::int64_t count = 0;
    for (const Enterprise& enterprise : model.enterprises) count += enterprise.kind == kind ? 1 : 0;
    if (count > 0) by_kind[ToString(kind)] = count;
  }
  summary["enterprises"] = {{"total", model.enterprises.size()}, {"by_kind", by_kind}};
  summary["enterprise_techniques"] = model.enterprise_techniques.size();
  summary["initial_stocks"] = model.initial_stocks.size();
  summary["final_demand"] = {{"categories", model.final_demand_categories.size()},
                             {"rows", model.final_demand.size()}};
  summary["quotas"] = model.quotas.size();
  summary["actuals"] = model.actuals.size();
  return summary;
}

std::string TextSummary(const Model& model) {
  const nlohmann::ordered_json s = Summary(model);
  std::string by_kind;
  for (const auto& [kind, count] : s["enterprises"]["by_kind"].items()) {
    by_kind += fmt::format("{}{} {}", by_kind.empty() ? "" : ", ", kind, count.get<std::int64_t>());
  }
  std::string text;
  text += fmt::format("model: {} ({})\n", model.settings.name, model.folder);
  text += fmt::format("years: base {}, plan {}..{} (horizon {})\n", model.settings.base_year,
                      model.CalendarYear(1), model.CalendarYear(model.horizon()), model.horizon());
  text += fmt::format("objective: {}\n", ToString(model.settings.objective));
  text += fmt::format(
      "products: {} (group A {}, group B {}; storable {})\n",
      s["products"]["total"].get<std::int64_t>(), s["products"]["group_a"].get<std::int64_t>(),
      s["products"]["group_b"].get<std::int64_t>(), s["products"]["storable"].get<std::int64_t>());
  text += fmt::format("resources: {}\n", model.resources.size());
  text +=
      fmt::format("techniques: {} (non-zeros: inputs {}, outputs {}, resources {}, capital {})\n",
                  model.techniques.size(), model.inputs.size(), model.outputs.size(),
                  model.resource_use.size(), model.capital.size());
  text += fmt::format("enterprises: {} ({})\n", model.enterprises.size(), by_kind);
  text += fmt::format("enterprise techniques: {}\n", model.enterprise_techniques.size());
  text += fmt::format("initial stocks: {}\n", model.initial_stocks.size());
  text += fmt::format("final demand: {} categories, {} rows\n",
                      model.final_demand_categories.size(), model.final_demand.size());
  text += fmt::format("quotas: {}\n", model.quotas.size());
  text += fmt::format("actuals: {}\n", model.actuals.size());
  text += "model is valid\n";
  return text;
}

// A failed load: every diagnostic, then "N problems in MODEL_DIR" (model check writes nothing, so no
// consequence is added), "at least" when the loader stopped at --max-diagnostics.
int ReportLoadFailure(const ModelCheckFlags& flags, const Status& status) {
  FailureWording wording;
  wording.where = flags.folder;
  wording.consequence = "";
  wording.cap = flags.max_diagnostics;
  wording.cap_option = "--max-diagnostics";
  return ReportFailure(status, wording);
}

int RunModelCheck(const ModelCheckFlags& flags) {
  LoadOptions options;
  options.horizon_override = flags.horizon;
  options.max_diagnostics = flags.max_diagnostics;
  SetCacheOptions(options, flags.no_cache);
  const Result<Model> loaded = LoadModel(flags.folder, options);
  if (!loaded.ok()) return ReportLoadFailure(flags, loaded.status());
  const std::string text =
      flags.format == "json" ? Summary(loaded.value()).dump(2) + "\n" : TextSummary(loaded.value());
  if (std::fputs(text.c_str(), stdout) < 0 || std::fflush(stdout) != 0) {
    std::fprintf(stderr, "gosplan: cannot write to standard output\n");
    return kInternalFailure;
  }
  return kSuccess;
}

// Loads the model with the cache allowed to be written at any size, after waiting until the source
// files are old enough for their mtimes to identify them (model_cache.h: kModelCacheSettleSeconds).
int RunModelCache(const ModelCheckFlags& flags) {
  LoadOptions options;
  options.horizon_override = flags.horizon;
  options.max_diagnostics = flags.max_diagnostics;
  options.cache = ModelCacheMode::kReadWrite;
  options.cache_write_min_bytes = 0;
  ModelCacheReport report;
  options.cache_report = &report;
  if (auto key = ComputeModelCacheKey(flags.folder, options); key.ok()) {
    std::int64_t newest_ns = 0;
    for (const ModelSourceFile& file : key->files) newest_ns = std::max(newest_ns, file.mtime_ns);
    const auto settled = std::chrono::system_clock::time_point(std::chrono::duration_cast<
        std::chrono::system_clock::duration>(std::chrono::nanoseconds(newest_ns))) +
        std::chrono::seconds(kModelCacheSettleSeconds) + std::chrono::milliseconds(50);
    // A modification time far in the future (clock skew) is not waited for: the write is refused below.
    const auto now = std::chrono::system_clock::now();
    if (settled > now && settled - now < std::chrono::seconds(10)) {
      Progress(flags.quiet, "waiting for the files just written to settle (mtime granularity)");
      std::this_thread::sleep_until(settled);
    }
  }
  const auto start = std::chrono::steady_clock::now();
  const Result<Model> loaded = LoadModel(flags.folder, options);
  if (!loaded.ok()) return ReportLoadFailure(flags, loaded.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::error_code ignored;
  if (report.loaded) {
    fmt::print("cache is up to date: {} ({} bytes, loaded in {:.2f} s)\n", report.path,
               std::filesystem::file_size(report.path, ignored), seconds);
    return kSuccess;
  }
  if (!report.written) {
    std::fprintf(stderr, "gosplan: cache not written: %s\n", report.not_written.c_str());
    return kInternalFailure;
  }
  fmt::print("cache written: {} ({} bytes; tables read in {:.2f} s; previous cache: {})\n",
             report.path, std::filesystem::file_size(report.path, ignored), seconds,
             report.not_loaded);
  return kSuccess;
}

}  // namespace

void RegisterModelCommand(CLI::App& app, int& exit_code) {
  CLI::App* model = app.add_subcommand("model", "Load, validate and summarise an economy model");
  model->require_subcommand(1);
  auto flags = std::make_shared<ModelCheckFlags>();
  CLI::App* check = model->add_subcommand(
      "check", "Load MODEL_DIR, report every problem (exit 2) or print a summary (exit 0)");
  check->add_option("MODEL_DIR", flags->folder, "Model folder (model.toml and CSV tables)")
      ->required();
  check->add_option("--format", flags->format, "Summary format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  check
      ->add_option("--horizon", flags->horizon,
                   "Plan years, replacing model.toml's horizon (0 = as in model.toml)")
      ->check(CLI::Range(0, 1000));
  check
      ->add_option("--max-diagnostics", flags->max_diagnostics, "Problems reported before stopping")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  check->add_flag("--no-cache", flags->no_cache,
                  "read the CSV tables, ignoring MODEL_DIR/.gosplan-cache");
  check->callback([flags, &exit_code] { exit_code = RunModelCheck(*flags); });

  auto cache_flags = std::make_shared<ModelCheckFlags>();
  CLI::App* cache = model->add_subcommand(
      "cache", "Write (or confirm) MODEL_DIR/.gosplan-cache, the binary form of the model that "
               "the other commands load instead of the CSV tables");
  cache->add_option("MODEL_DIR", cache_flags->folder, "Model folder (model.toml and CSV tables)")
      ->required();
  cache
      ->add_option("--horizon", cache_flags->horizon,
                   "Cache the model as loaded with this horizon (0 = as in model.toml)")
      ->check(CLI::Range(0, 1000));
  cache
      ->add_option("--max-diagnostics", cache_flags->max_diagnostics,
                   "Problems reported before stopping")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cache->add_flag("--quiet,-q", cache_flags->quiet, "no progress messages on stderr");
  cache->callback([cache_flags, &exit_code] { exit_code = RunModelCache(*cache_flags); });
}

}  // namespace gosplan::cli
