// `gosplan import 5yearplan DIR --out MODEL_DIR [--force]`: converts other planners' data into a
// gosplan model folder. Bad input: every diagnostic on stderr (file:line:column), exit 2, nothing
// written.
#include <fmt/format.h>

#include <memory>
#include <string>

#include "cli_output.h"
#include "commands.h"
#include "gosplan/import.h"
#include "gosplan/model.h"
#include "gosplan/model_writer.h"

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
  five->add_flag("--quiet,-q", flags->quiet, "no progress messages on stderr");
  five->callback([flags, &exit_code] { exit_code = RunFiveYearPlan(*flags); });
}

}  // namespace gosplan::cli
