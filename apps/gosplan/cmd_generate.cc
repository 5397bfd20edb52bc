// `gosplan generate`: writes a generated economy as a model folder (structure in
// gosplan/generate.h).
#include <fmt/format.h>

#include <filesystem>
#include <string>

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
  // --regions: the MRIO table's regions with --mrio, else the model's planning regions.
  Index regions = 0;
  bool regions_given = false;
};

// The model-folder options (--regions, --link-capacity, --world-prices, --harvest-scenarios) that
// a Matrix Market or MRIO output cannot carry; empty when none is given.
std::string ModelOnlyOptions(const GenerateFlags& flags, bool with_regions) {
  std::string given;
  auto add = [&](bool on, const char* name) {
    if (on) given += (given.empty() ? "" : ", ") + std::string(name);
  };
  add(with_regions && flags.regions_given, "--regions");
  add(flags.options.link_capacity != 0, "--link-capacity");
  add(flags.options.world_prices, "--world-prices");
  add(flags.options.harvest_scenarios != 0, "--harvest-scenarios");
  return given;
}

int RunMrio(const GenerateFlags& flags) {
  if (flags.products_given || flags.matrix_market) {
    return ReportFailure(Status::InvalidInput("gosplan generate", 0, 0,
                                              "--mrio does not combine with --products or "
                                              "--matrix-market",
                                              "--mrio --regions R --sectors S --stressors K"));
  }
  if (std::string given = ModelOnlyOptions(flags, /*with_regions=*/false); !given.empty()) {
    return ReportFailure(Status::InvalidInput("gosplan generate", 0, 0,
                                              given + " describe a model folder; --mrio writes "
                                                      "an IO table",
                                              "--mrio without them"));
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
    if (std::string given = ModelOnlyOptions(flags, /*with_regions=*/true); !given.empty()) {
      return ReportFailure(Status::InvalidInput("gosplan generate", 0, 0,
                                                given + " describe a model folder; "
                                                        "--matrix-market writes only A, y and "
                                                        "labour",
                                                "--matrix-market without them"));
    }
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
  if (Status harvests = WriteGeneratedHarvests(flags.options, model.value(), flags.out_folder);
      !harvests.ok()) {
    std::error_code ignored;  // nothing half-written: the folder goes with its harvests
    std::filesystem::remove_all(flags.out_folder, ignored);
    return ReportFailure(harvests);
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
  CLI::Option* regions = command->add_option(
      "--regions", flags->regions,
      "planning regions R of the model (enterprises placed at random, final demand split, a "
      "freight product and a ring of transport links; default none); with --mrio: the table's "
      "regions (default 3)");
  command->add_option("--link-capacity", flags->options.link_capacity,
                      "with --regions: each link carries at most this share of its product's "
                      "base-year output a year (default 0: no limit)");
  command->add_flag("--world-prices", flags->options.world_prices,
                    "add world_prices.csv (every product traded every year) and a [trade] "
                    "table (credit 100 at 5 %)");
  command->add_option("--harvest-scenarios", flags->options.harvest_scenarios,
                      "write S harvest scenarios (harvest_scenarios.csv, harvest_yields.csv) for "
                      "the farms' products (default 0: none)");
  command->add_option("--sectors", flags->mrio_options.sectors, "with --mrio: sectors per region S")
      ->capture_default_str();
  command
      ->add_option("--stressors", flags->mrio_options.stressors,
                   "with --mrio: stressors K (rows of satellite.csv)")
      ->capture_default_str();
  AddQuietAndProgressFlags(command, &flags->quiet, "no progress messages");
  command->callback([flags, products, regions, &exit_code] {
    flags->products_given = products->count() > 0;
    flags->regions_given = regions->count() > 0;
    if (flags->regions_given) {
      if (flags->mrio) {
        flags->mrio_options.regions = flags->regions;
      } else {
        flags->options.regions = flags->regions;
      }
    }
    flags->mrio_options.seed = flags->options.seed;
    exit_code = RunGenerate(*flags);
  });
}

}  // namespace gosplan::cli
