// `gosplan import 5yearplan DIR --out MODEL_DIR [--force]`: converts other planners' data into a
// gosplan model folder. Bad input: every diagnostic on stderr (file:line:column), exit 2, nothing
// written.
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "cli_output.h"
#include "commands.h"
#include "gosplan/import.h"
#include "gosplan/model.h"
#include "gosplan/model_writer.h"
#include "gosplan/supply_use.h"
#include "util/json.h"

namespace gosplan::cli {
namespace {

struct ImportFlags {
  std::string source;
  std::string out_folder;
  std::string name;
  int base_year = 0;
  bool force = false;
  bool quiet = false;
};

int RunFiveYearPlan(const ImportFlags& flags) {
  FiveYearPlanOptions options;
  options.name = flags.name;
  options.base_year = flags.base_year;
  Progress(flags.quiet, "reading Cockshott's 5yearplan CSVs in " + flags.source);
  auto model = ImportFiveYearPlan(flags.source, options);
  if (!model.ok()) return ReportFailure(model.status());
  const Model& m = model.value();
  if (Status written = WriteModelFolder(m, flags.out_folder, flags.force); !written.ok()) {
    return ReportFailure(written);
  }
  fmt::print("imported {} industries, {} plan years ({}–{}) from {} into {}\n", m.products.size(),
             m.horizon(), m.CalendarYear(1), m.CalendarYear(m.horizon()), flags.source,
             flags.out_folder);
  return kSuccess;
}

// `gosplan import supply-use`: supply and use tables -> a plan model (docs/import.md).
struct SupplyUseImportFlags {
  std::string supply, use, out_folder, name, capital_stock, format = "text";
  std::string orientation = "auto";
  std::vector<std::string> skip_rows, skip_columns;
  int base_year = 0;
  int horizon = 5;
  double resource_growth = 0.0;
  double capacity_margin = 0.1;
  double depreciation = 0.0;
  double unit_scale = 1e-3;
  bool force = false;
  bool quiet = false;
  CsvFlags csv;
};

int RunSupplyUse(const SupplyUseImportFlags& flags) {
  SupplyUseImportOptions options;
  options.name = flags.name;
  options.base_year = flags.base_year;
  options.horizon = flags.horizon;
  options.resource_growth = flags.resource_growth;
  options.capacity_margin = flags.capacity_margin;
  options.depreciation = flags.depreciation;
  options.unit_scale = flags.unit_scale;
  options.capital_stock = flags.capital_stock;
  options.tables.skip_rows = flags.skip_rows;
  options.tables.skip_columns = flags.skip_columns;
  options.tables.orientation =
      flags.orientation == "products-by-industries"   ? SupplyOrientation::kProductsByIndustries
      : flags.orientation == "industries-by-products" ? SupplyOrientation::kIndustriesByProducts
                                                      : SupplyOrientation::kAuto;
  options.tables.csv = flags.csv.Dialect().value_or(CsvDialect{});
  Progress(flags.quiet, "reading supply table " + flags.supply + " and use table " + flags.use);
  auto imported = ImportSupplyUse(flags.supply, flags.use, options);
  if (!imported.ok()) return ReportFailure(imported.status());
  const Model& m = imported->model;
  if (Status written = WriteModelFolder(m, flags.out_folder, flags.force); !written.ok()) {
    return ReportFailure(written);
  }
  if (flags.format == "json") {
    util::Json document = util::JsonDocument("gosplan.supply_use/1");
    document["supply"] = flags.supply;
    document["use"] = flags.use;
    document["model_folder"] = flags.out_folder;
    document["supply_orientation"] =
        imported->tables.supply_was_make ? "industries_by_products" : "products_by_industries";
    document["products"] = m.products.size();
    document["industries"] = imported->tables.industries.size();
    document["techniques"] = m.techniques.size();
    document["resources"] = m.resources.size();
    document["final_demand_categories"] = m.final_demand_categories;
    document["base_year"] = m.settings.base_year;
    document["horizon"] = m.horizon();
    document["suppressed_cells"] = imported->tables.suppressed_cells;
    document["totals_checked"] = imported->tables.totals_checked;
    document["notes"] = imported->notes;
    fmt::print("{}", util::JsonText(document));
    return kSuccess;
  }
  fmt::print(
      "imported {} products, {} industries ({} techniques), {} resources, {} final-demand "
      "categories, {} plan years ({}–{}) into {}\n",
      m.products.size(), imported->tables.industries.size(), m.techniques.size(),
      m.resources.size(), m.final_demand_categories.size(), m.horizon(), m.CalendarYear(1),
      m.CalendarYear(m.horizon()), flags.out_folder);
  for (const std::string& note : imported->notes) fmt::print("note: {}\n", note);
  return kSuccess;
}

}  // namespace

void RegisterImportCommand(CLI::App& app, int& exit_code) {
  CLI::App* command =
      app.add_subcommand("import", "Convert other planners' data into a gosplan model folder");
  command->require_subcommand(1);

  auto flags = std::make_shared<ImportFlags>();
  CLI::App* five = command->add_subcommand(
      "5yearplan",
      "Paul Cockshott's 5yearplan CSVs (flows.csv, cap.csv, dep.csv, labtarg.csv) -> a model whose "
      "plan has the same optimum as his LP (docs/import-5yearplan.md)");
  five->add_option("FOLDER", flags->source,
                   "folder holding flows.csv, cap.csv, dep.csv, labtarg.csv")
      ->required();
  five->add_option("--out", flags->out_folder, "model folder to write")->required();
  five->add_option("--name", flags->name, "model name (default: 5yearplan <folder name>)");
  five->add_option("--base-year", flags->base_year,
                   "calendar year of t = 0; his yeark becomes base_year + k (default 0)")
      ->check(CLI::Range(-9000, 9000));
  five->add_flag("--force", flags->force, "replace an existing model folder");
  AddQuietAndProgressFlags(five, &flags->quiet);
  five->callback([flags, &exit_code] { exit_code = RunFiveYearPlan(*flags); });

  auto su = std::make_shared<SupplyUseImportFlags>();
  CLI::App* supply_use = command->add_subcommand(
      "supply-use",
      "Supply and use tables (Eurostat, BEA) -> a plan model: one technique with joint outputs per "
      "industry (Koopmans' activity analysis; docs/import.md)");
  supply_use->add_option("--supply", su->supply, "supply table CSV (or BEA's make table)")
      ->required();
  supply_use->add_option("--use", su->use, "use table CSV")->required();
  supply_use->add_option("--out", su->out_folder, "model folder to write")->required();
  supply_use->add_option("--name", su->name, "model name (default: supply-use <use file name>)");
  supply_use->add_option("--base-year", su->base_year, "calendar year of the tables (default 0)")
      ->check(CLI::Range(-9000, 9000));
  supply_use->add_option("--horizon", su->horizon, "plan years (default 5)")
      ->check(CLI::Range(1, 1000));
  supply_use->add_option("--capital-stock", su->capital_stock,
                         "CSV of capital stocks, industries x products (default: none, so no "
                         "investment)");
  supply_use
      ->add_option("--depreciation", su->depreciation,
                   "yearly depreciation of the capital stocks (default 0)")
      ->check(CLI::Range(0.0, 0.999999));
  supply_use
      ->add_option("--unit-scale", su->unit_scale,
                   "model units per unit of the tables (default 0.001: million USD -> billion "
                   "USD; keeps the plan LP well scaled)")
      ->check(CLI::PositiveNumber);
  supply_use
      ->add_option("--resource-growth", su->resource_growth,
                   "yearly growth of the primary resources' availability (default 0)")
      ->check(CLI::Range(-0.999999, 1e6));
  supply_use
      ->add_option("--capacity-margin", su->capacity_margin,
                   "enterprise capacity above base output (default 0.1 = 10 %)")
      ->check(CLI::Range(0.0, 1e6));
  supply_use
      ->add_option("--skip-rows", su->skip_rows,
                   "row labels to drop (totals not recognised by name); ';'-separated")
      ->delimiter(';');
  supply_use->add_option("--skip-columns", su->skip_columns, "column labels to drop")
      ->delimiter(';');
  supply_use
      ->add_option("--supply-orientation", su->orientation,
                   "auto (by the labels), products-by-industries or industries-by-products")
      ->check(CLI::IsMember({"auto", "products-by-industries", "industries-by-products"}));
  AddCsvFlags(supply_use, su->csv);
  supply_use->add_option("--format", su->format, "summary: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  supply_use->add_flag("--force", su->force, "replace an existing model folder");
  AddQuietAndProgressFlags(supply_use, &su->quiet);
  supply_use->callback([su, &exit_code] { exit_code = RunSupplyUse(*su); });
}

}  // namespace gosplan::cli
