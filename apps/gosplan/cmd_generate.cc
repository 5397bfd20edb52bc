// `gosplan generate`: writes a generated economy as a model folder (structure in
// gosplan/generate.h).
#include <fmt/format.h>

#include "cli_output.h"
#include "gosplan/generate.h"
#include "gosplan/model_writer.h"

namespace gosplan::cli {
namespace {

struct GenerateFlags {
  GenerateOptions options;
  std::string out_folder;
  bool force = false;
  bool quiet = false;
  bool matrix_market = false;  // Leontief-only: A.mtx, y.txt, labour.txt (no model folder)
  bool products_given = false;
  bool mrio = false;  // a dense multi-regional table with satellites (WriteMrioTable)
  MrioGenerateOptions mrio_options;
};

int RunMrio(const GenerateFlags& flags) {
  if (flags.products_given || flags.matrix_market) {
    return ReportFailure(Status::InvalidInput("gosplan generate", 0, 0,
                                              "--mrio does not combine with --products or "
                                              "--matrix-market",
                                              "--mrio --regions R --sectors S --stressors K"));
  }
  const MrioGenerateOptions& options = flags.mrio_options;
  Progress(flags.quiet,
           fmt::format("generating a multi-regional table: {} regions x {} sectors = {} sectors, "
                       "{} stressors (seed {})",
                       options.regions, options.sectors, options.regions * options.sectors,
                       options.stressors, options.seed));
  if (Status written = WriteMrioTable(options, flags.out_folder); !written.ok()) {
    return ReportFailure(written);
  }
  Progress(flags.quiet,
           "wrote " + flags.out_folder + "/table.csv, satellite.csv, satellite_final_demand.csv");
  return kSuccess;
}

int RunGenerate(const GenerateFlags& flags) {
  if (flags.mrio) return RunMrio(flags);
  if (!flags.products_given) {
    return ReportFailure(Status::InvalidInput("gosplan generate", 0, 0, "--products is required",
                                              "--products N (or --mrio)"));
  }
  std::string error;
  if (!flags.options.IsValid(&error)) {
    return ReportFailure(Status::InvalidInput("gosplan generate", 0, 0, error));
  }
  Progress(flags.quiet, fmt::format("generating {} products x {} inputs x {} years (seed {})",
                                    flags.options.products, flags.options.inputs_per_product,
                                    flags.options.years, flags.options.seed));
  if (flags.matrix_market) {
    if (Status written = WriteLeontiefEconomy(flags.options, flags.out_folder); !written.ok()) {
      return ReportFailure(written);
    }
    Progress(flags.quiet, "wrote " + flags.out_folder + "/A.mtx, y.txt, labour.txt");
    return kSuccess;
  }
  auto model = GenerateEconomy(flags.options);
  if (!model.ok()) return ReportFailure(model.status());
  if (Status written = WriteModelFolder(model.value(), flags.out_folder, flags.force);
      !written.ok()) {
    return ReportFailure(written);
  }
  Progress(flags.quiet, "wrote " + flags.out_folder);
  return kSuccess;
}

}  // namespace

void RegisterGenerateCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<GenerateFlags>();
  CLI::App* command = app.add_subcommand("generate", "Write a generated economy as a model folder");
  CLI::Option* products = command->add_option("--products", flags->options.products,
                                              "number of products N (required "
                                              "unless --mrio)");
  command->add_option("--inputs-per-product", flags->options.inputs_per_product,
                      "inputs drawn per technique K (power-law popularity)");
  command->add_option("--years", flags->options.years, "plan horizon T");
  command->add_option("--seed", flags->options.seed, "random seed (same seed, same model)");
  command->add_option("--out", flags->out_folder, "model folder to write")->required();
  command->add_flag("--force", flags->force, "replace an existing folder");
  command->add_flag(
      "--matrix-market", flags->matrix_market,
      "write only the Leontief data: A.mtx (Matrix Market), y.txt, labour.txt (for 10^5-10^7 "
      "products; see docs/scale.md)");
  command->add_flag("--mrio", flags->mrio,
                    "write a dense multi-regional IO table with satellites: table.csv, "
                    "satellite.csv,\nsatellite_final_demand.csv (for gosplan io --satellite "
                    "--footprints; see docs/io.md)");
  command->add_option("--regions", flags->mrio_options.regions, "with --mrio: regions R")
      ->capture_default_str();
  command->add_option("--sectors", flags->mrio_options.sectors, "with --mrio: sectors per region S")
      ->capture_default_str();
  command
      ->add_option("--stressors", flags->mrio_options.stressors,
                   "with --mrio: stressors K (rows of satellite.csv)")
      ->capture_default_str();
  AddQuietAndProgressFlags(command, &flags->quiet, "no progress messages");
  command->callback([flags, products, &exit_code] {
    flags->products_given = products->count() > 0;
    flags->mrio_options.seed = flags->options.seed;
    exit_code = RunGenerate(*flags);
  });
}

}  // namespace gosplan::cli
