// `gosplan explain MODEL PLAN (--product ID | --enterprise ID | --technique ID) --year Y
// [--region ID] [--format text|json|csv]`: where a product goes, what it needs, what limits it, and
// whether a technique would pay at the plan's prices (include/gosplan/explain.h, docs/explain.md).
#include <fmt/format.h>

#include <memory>

#include "cli_output.h"
#include "gosplan/explain.h"
#include "gosplan/plan.h"

namespace gosplan::cli {
namespace {

struct ExplainFlags {
  std::string model_folder;
  std::string plan_folder;
  std::string product, enterprise, technique;
  std::string region;
  int year = 0;
  int top = 10;
  std::string format = "text";
  bool quiet = false;
};

int ReportExplainFailure(const Status& status) {
  FailureWording wording;
  wording.consequence = "nothing was explained";
  return ReportFailure(status, wording);
}

int RunExplain(const ExplainFlags& flags) {
  if (flags.format != "text" && flags.format != "json" && flags.format != "csv") {
    return ReportExplainFailure(Status::InvalidInput(
        "--format", 0, 0, "unknown format '" + flags.format + "'", "text, json or csv"));
  }
  ExplainOptions options;
  const char* flag = "--product";
  if (!flags.product.empty()) {
    options.subject = ExplainSubject::kProduct;
    options.id = flags.product;
  } else if (!flags.enterprise.empty()) {
    options.subject = ExplainSubject::kEnterprise;
    options.id = flags.enterprise;
    flag = "--enterprise";
  } else if (!flags.technique.empty()) {
    options.subject = ExplainSubject::kTechnique;
    options.id = flags.technique;
    flag = "--technique";
  } else {
    return ReportExplainFailure(
        Status::InvalidInput("explain", 0, 0, "nothing to explain",
                             "one of --product ID, --enterprise ID or --technique ID"));
  }
  options.year = flags.year;
  options.top_users = static_cast<std::size_t>(flags.top);
  options.region = flags.region;
  Progress(flags.quiet, "reading " + flags.plan_folder + " with its model " + flags.model_folder);
  auto loaded = LoadModelAndPlan(flags.model_folder, flags.plan_folder);
  if (!loaded.ok()) return ReportExplainFailure(loaded.status());
  const Model& model = loaded->model;
  const Plan& plan = loaded->plan;
  // Located errors for the flags, in the model's words, before the library is asked.
  const auto& index = options.subject == ExplainSubject::kProduct      ? model.product_index
                      : options.subject == ExplainSubject::kEnterprise ? model.enterprise_index
                                                                       : model.technique_index;
  if (index.find(options.id) == index.end()) {
    return ReportExplainFailure(Status::InvalidInput(
        flag, 0, 0,
        fmt::format("'{}' is not a {} of the model", options.id, ToString(options.subject)),
        fmt::format("an id from the model's {}s", ToString(options.subject))));
  }
  if (flags.year <= model.settings.base_year || flags.year > model.CalendarYear(model.horizon())) {
    return ReportExplainFailure(Status::InvalidInput(
        "--year", 0, 0, fmt::format("{} is not a year of the plan", flags.year),
        fmt::format("a year from {} to {}", model.CalendarYear(1),
                    model.CalendarYear(model.horizon()))));
  }
  if (!flags.region.empty()) {
    // A region names one of regions.csv, and only a product is explained in a chosen region.
    if (options.subject != ExplainSubject::kProduct) {
      return ReportExplainFailure(Status::InvalidInput(
          "--region", 0, 0, fmt::format("--region with {}", flag),
          "--region with --product only (an enterprise is explained at its own region's prices)"));
    }
    if (model.regions.empty() || !model.region_index.count(flags.region)) {
      return ReportExplainFailure(Status::InvalidInput(
          "--region", 0, 0,
          model.regions.empty()
              ? fmt::format("'{}' is not a region: the model has no regions.csv", flags.region)
              : fmt::format("'{}' is not a region of the model", flags.region),
          "a region id from the model's regions.csv"));
    }
  }
  if (!HasPlan(plan.status)) {
    std::fprintf(stderr, "gosplan: the plan has no solution to explain (status %s)\n",
                 ToString(plan.status));
    return kNoPlan;
  }
  auto explained = ExplainPlan(model, plan, options);
  if (!explained.ok()) return ReportExplainFailure(explained.status());
  fmt::print("{}", flags.format == "json"  ? ExplainJson(model, explained.value())
                   : flags.format == "csv" ? ExplainCsv(model, explained.value())
                                           : ExplainText(model, explained.value()));
  return kSuccess;
}

}  // namespace

void RegisterExplainCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<ExplainFlags>();
  CLI::App* command = app.add_subcommand(
      "explain",
      "Explain a plan: where a product goes, what it needs (total requirements, labour embodied), "
      "what limits it, and whether a technique would pay at the plan's prices");
  command->add_option("MODEL", flags->model_folder, "model folder (model.toml + tables)")
      ->required()
      ->check(CLI::ExistingDirectory);
  command->add_option("PLAN", flags->plan_folder, "plan folder written by `gosplan plan --out`")
      ->required();
  auto* product = command->add_option("--product", flags->product, "explain this product (id)");
  auto* enterprise =
      command->add_option("--enterprise", flags->enterprise, "explain this enterprise (id)");
  auto* technique = command->add_option("--technique", flags->technique,
                                        "price this technique at the plan's prices (id)");
  product->excludes(enterprise)->excludes(technique);
  enterprise->excludes(technique);
  command->add_option("--year", flags->year, "calendar year of the plan")->required();
  command->add_option("--region", flags->region,
                      "regional plans, with --product: explain the product's balance and price in "
                      "this region (id from regions.csv; default: the first region's price, "
                      "national destinations)");
  command
      ->add_option("--top", flags->top,
                   "intermediate users listed by name (the rest summed as one line)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      ->add_option("--format", flags->format,
                   "text, json (the document gosplan.explain/1) or csv (one row per line)")
      ->capture_default_str();
  AddQuietAndProgressFlags(command, &flags->quiet);
  command->callback([flags, &exit_code] { exit_code = RunExplain(*flags); });
}

}  // namespace gosplan::cli
