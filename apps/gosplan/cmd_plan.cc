// `gosplan plan MODEL_DIR [--out PLAN_DIR]`: the multi-year plan, solved exactly with CLP (or
// approximately with PDLP). Stdout holds results only; progress and timings go to stderr.
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <tuple>

#include "cli_output.h"
#include "cmd_harvest.h"
#include "cmd_what_if.h"
#include "gosplan/distributed.h"
#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "partition/lp_partition.h"
#include "petsc_backend.h"
#include "plan_flags.h"

namespace gosplan::cli {
namespace {

struct PlanFlags {
  std::string model_folder;
  std::string out_folder;
  std::string mps_path;
  int horizon = 0;
  bool quotas_as_constraints = false;
  bool force = false;
  bool quiet = false;
  bool verbose = false;
  bool no_cache = false;
  CsvFlags csv;
  SolverFlags solve;  // --objective, --solver, --algorithm, limits (plan_flags.h)
  std::string timings_path;
  std::string price_numeraire;     // a resource id: prices.csv also in its units
  std::string what_if_path;        // EDITS.csv: one warm re-solve per scenario (cmd_what_if.h)
  bool expected_value = false;     // harvest scenarios: the plan on mean yields (cmd_harvest.h)
  bool no_harvests = false;        // ignore harvest_scenarios.csv / harvest_yields.csv
  int first_stage_years = 1;       // harvest scenarios: years decided before any harvest is known
  std::string format = "text";     // text: the summary; json: the document gosplan.plan/1  //
                                   // --timings FILE: build/solve/extract seconds as JSON
  std::string backend = "serial";  // --backend serial|petsc (docs/distributed.md)
  std::string petsc_options;       // --petsc-options "-pdlp_explicit_transpose ..."
  std::string partitioned;         // --partitioned DIR: the plan LP's parts (gosplan partition)
};

// `distributed`: the PDLP solve of the PETSc backend (rank 0 of `mpirun -n P gosplan plan ...
// --backend petsc`), else SolveWithPdlp.
int RunPlan(const PlanFlags& flags, const DistributedPdlpSolve* distributed = nullptr) {
  for (const auto& [path, what, may_replace] :
       {std::tuple{flags.out_folder, "plan folder", false},
        std::tuple{flags.mps_path, "MPS file", true},
        std::tuple{flags.timings_path, "timings file", true}}) {
    if (auto refused = RefuseOutputPath(path, what, flags.force, may_replace)) return *refused;
  }
  LoadOptions load_options;
  load_options.horizon_override = flags.horizon;
  load_options.csv = flags.csv.Dialect();
  auto model = LoadModelWithProgress(flags.model_folder, flags.no_cache, flags.quiet, load_options);
  if (!model.ok()) return ReportFailure(model.status());

  PlanOptions options = SolverOptions(flags.solve, flags.quiet, flags.verbose);
  if (flags.quotas_as_constraints) options.quotas_as_constraints = 1;
  options.price_numeraire = flags.price_numeraire;
  if (distributed) {
    options.pdlp_solve = [distributed](const LinearProgram& lp, const PdlpOptions& pdlp) {
      return (*distributed)(lp, pdlp, nullptr);
    };
  }

  // Harvest scenarios (cmd_harvest.h): the two-stage plan, or --expected-value.
  if (!flags.no_harvests) {
    auto harvests = LoadHarvestScenarios(model.value(), load_options.csv);
    if (!harvests.ok()) return ReportFailure(harvests.status());
    if (harvests.value()) {
      if (!flags.what_if_path.empty()) {
        std::fprintf(stderr,
                     "gosplan: --what-if does not take harvest scenarios (add "
                     "--no-harvests to ignore them); nothing was written\n");
        return kBadInput;
      }
      return RunHarvestPlan(
          model.value(), *harvests.value(), options,
          {flags.expected_value, flags.first_stage_years, flags.out_folder, flags.mps_path,
           flags.timings_path, flags.format, flags.force, flags.quiet});
    }
  }
  if (flags.expected_value) {
    std::fprintf(stderr,
                 "gosplan: --expected-value needs harvest_scenarios.csv and "
                 "harvest_yields.csv in the model folder; nothing was written\n");
    return kBadInput;
  }

  if (!flags.mps_path.empty()) {
    auto lp = BuildPlanLinearProgram(model.value(), options);
    if (!lp.ok()) return ReportFailure(lp.status());
    if (Status written = WriteMps(lp.value(), flags.mps_path); !written.ok())
      return ReportFailure(written);
    Progress(flags.quiet, "wrote the plan LP to " + flags.mps_path);
  }

  if (!flags.what_if_path.empty()) {
    return RunWhatIf(model.value(), options,
                     {flags.what_if_path, flags.out_folder, flags.timings_path, flags.format,
                      flags.force, flags.quiet});
  }

  Reporter().StartPhase("build");
  auto plan = SolvePlan(model.value(), options);
  if (!plan.ok()) return ReportFailure(plan.status());
  const Plan& result = plan.value();
  // Timings vary run to run: stderr and --timings only, never stdout or the plan folder.
  Progress(flags.quiet,
           fmt::format("timings: build {:.3f} s, solve {:.3f} s, extract {:.3f} s",
                       result.build_seconds, result.solve_seconds, result.extract_seconds));
  if (!flags.timings_path.empty()) {
    const nlohmann::ordered_json timings = {{"build_seconds", result.build_seconds},
                                            {"solve_seconds", result.solve_seconds},
                                            {"extract_seconds", result.extract_seconds}};
    std::ofstream stream(flags.timings_path, std::ios::binary | std::ios::trunc);
    stream << timings.dump(2) << "\n";
    stream.close();
    if (!stream) {
      return ReportFailure(Status::Internal("cannot write the timings to " + flags.timings_path));
    }
  }
  if (!flags.out_folder.empty()) {
    Reporter().StartPhase("write", flags.out_folder);
    Status written = WritePlanFolder(model.value(), result, flags.out_folder, flags.force);
    if (!written.ok()) return ReportFailure(written);
    if (HasPlan(result.status)) {
      Progress(flags.quiet,
               fmt::format("wrote the {} plan to {}", ToString(result.status), flags.out_folder));
    } else {
      Progress(flags.quiet,
               fmt::format(
                   "no plan was issued (status {}): wrote only summary.json and README.md to {}; "
                   "targets.csv, investment.csv, balances.csv and prices.csv were not "
                   "written",
                   ToString(result.status), flags.out_folder));
    }
  }
  if (flags.format == "json") {
    fmt::print("{}", PlanJson(model.value(), result));
  } else if (flags.format == "csv") {
    fmt::print("{}", PlanCsv(model.value(), result));
  } else {
    fmt::print("{}", PlanTextReport(model.value(), result));
  }
  return PlanExitCode(result.status);
}

// `mpirun -n P gosplan plan MODEL --solver pdlp --backend petsc` (docs/distributed.md): rank 0
// runs the whole command (loads the model, builds the plan LP, writes the plan folder and the
// report) and the PDLP iterations run on every rank; the others print nothing and exit with rank
// 0's status.
int RunPlanPetsc(const PlanFlags& flags) {
  const auto fail = [](const Status& status) {
    return LauncherRank() == 0 ? ReportFailure(status) : SilentFailure(status);
  };
  const auto refuse = [&](const std::string& what) {
    return fail(Status::InvalidInput("--backend petsc", 0, 0, what,
                                     "gosplan plan MODEL --solver pdlp --backend petsc "
                                     "(docs/distributed.md)"));
  };
  if (flags.solve.solver != "pdlp") {
    return refuse((flags.solve.solver.empty() ? std::string("no --solver")
                                              : "--solver " + flags.solve.solver) +
                  ": the PETSc backend runs PDLP's iterations only; say --solver pdlp");
  }
  if (flags.solve.polish) return refuse("--polish (CLP) is not done on the PETSc backend");
  if (!flags.what_if_path.empty()) return refuse("--what-if re-solves with CLP, not on PETSc");
  if (flags.solve.threads > 0)
    return refuse("--threads: the PETSc backend runs one thread per rank");
  // The PETSc iteration is the averaged restarted PDHG in double: say so rather than run another.
  if (flags.solve.pdlp_variant != "averaged")
    return refuse("--pdlp-variant " + flags.solve.pdlp_variant +
                  ": the PETSc backend runs the averaged iteration only");
  if (flags.solve.pdlp_single_precision)
    return refuse("--pdlp-single-precision: the PETSc backend's products are in double");
  if (flags.solve.pdlp_presolve_substitution)
    return refuse("--pdlp-presolve-substitution: the PETSc backend runs the trivial presolve only");
  if (flags.solve.pdlp_feasibility_polishing)
    return refuse("--pdlp-feasibility-polishing: the PETSc backend does not polish");
  if (Status built = RequirePetscBuild(); !built.ok()) return fail(built);
  const auto entry = LoadPetscEntry(kRunPdlpDistributedSymbol);
  if (!entry.ok()) return fail(entry.status());
  int result = kInternalFailure, rank = 0;
  Status failure;
  reinterpret_cast<RunPdlpDistributedFunction>(entry.value())(
      flags.petsc_options, flags.partitioned, DistributedCancelHook(),
      [&flags](const DistributedPdlpSolve& solve) {
        if (!flags.partitioned.empty()) {
          auto manifest = partition::ReadLpPartitionManifest(flags.partitioned);
          if (!manifest.ok()) return ReportFailure(manifest.status());
          if (manifest.value().source_kind != "model") {
            return ReportFailure(Status::InvalidInput(
                flags.partitioned + "/manifest.txt", 0, 0,
                "the folder was partitioned from the MPS file " + manifest.value().source_path,
                "mpirun -n P gosplan lp " + flags.partitioned + " --solver pdlp --backend petsc"));
          }
        }
        return RunPlan(flags, &solve);
      },
      RankZeroFailureReport(), &result, &rank, &failure);
  if (!failure.ok()) return SilentFailure(failure);  // rank 0 said it inside the session
  return result;
}

}  // namespace

void RegisterPlanCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<PlanFlags>();
  CLI::App* command = app.add_subcommand(
      "plan",
      "Compute the optimal multi-year plan of a model: targets for every enterprise and year");
  command->add_option("MODEL", flags->model_folder, "model folder (model.toml + tables)")
      ->required()
      ->check(CLI::ExistingDirectory);
  command->add_option(
      "--out", flags->out_folder,
      "plan folder to write (targets.csv, investment.csv, balances.csv, prices.csv, "
      "summary.json)");
  AddHorizonFlag(command, flags->horizon);
  command->add_flag("--quotas-as-constraints", flags->quotas_as_constraints,
                    "make every quota in targets.csv a hard constraint");
  command->add_option("--write-mps", flags->mps_path, "also write the plan LP as an MPS file");
  AddSolverFlags(command, flags->solve);
  command->add_option(
      "--timings", flags->timings_path,
      "write the build, solve and extract seconds as JSON to FILE (they are never in the plan "
      "folder)");
  command
      ->add_option(
          "--format", flags->format,
          "text (the plan's summary), json (the document gosplan.plan/1, as summary.json) or csv "
          "(the summary as kind,id,year,value,unit,name rows)")
      ->check(CLI::IsMember({"text", "json", "csv"}));
  command->add_option("--price-numeraire", flags->price_numeraire,
                      "a resource (e.g. labour) whose price is the unit of account: prices.csv "
                      "also gets each price divided by its price that year (price_in_RESOURCE)");
  command->add_option("--what-if", flags->what_if_path,
                      "EDITS.csv: solve the plan once, then re-solve it warm for each scenario of "
                      "edits (docs/what-if.md) and print the comparison table; --out DIR then gets "
                      "what_if.csv, --timings FILE the seconds");
  command->add_flag("--expected-value", flags->expected_value,
                    "with harvest scenarios (harvest_scenarios.csv, harvest_yields.csv): the "
                    "ordinary plan on the probability-weighted yields instead of the two-stage "
                    "plan");
  command
      ->add_option("--first-stage-years", flags->first_stage_years,
                   "with harvest scenarios: plan years decided before any harvest is known and "
                   "shared by every scenario (default 1; at most the horizon)")
      ->check(CLI::PositiveNumber);
  command->add_flag("--no-harvests", flags->no_harvests,
                    "ignore the model's harvest scenarios: the plan on its own coefficients");
  command->add_flag("--force", flags->force, "replace an existing plan folder");
  CLI::Option* quiet = AddQuietAndProgressFlags(command, &flags->quiet);
  AddVerboseFlag(command, flags->verbose, quiet);
  AddModelTableFlags(command, flags->csv, flags->no_cache);
  command
      ->add_option("--backend", flags->backend,
                   "serial (this process) or petsc (PDLP's iterations over MPI ranks:\nmpirun -n "
                   "P gosplan plan MODEL --solver pdlp --backend petsc; docs/distributed.md)")
      ->check(CLI::IsMember({"serial", "petsc"}));
  command->add_option("--petsc-options", flags->petsc_options,
                      "with --backend petsc: PETSc options, e.g. \"-pdlp_explicit_transpose\"");
  command
      ->add_option("--partitioned", flags->partitioned,
                   "with --backend petsc: the plan LP's parts written by gosplan partition "
                   "MODEL --ranks P --out DIR; each rank reads only its own")
      ->check(CLI::ExistingDirectory);
  command->callback([flags, &exit_code] {
    if (flags->backend != "petsc" && !flags->petsc_options.empty()) {
      exit_code = ReportFailure(Status::InvalidInput("--petsc-options", 0, 0,
                                                     "PETSc options without --backend petsc",
                                                     "--backend petsc --petsc-options ..."));
      return;
    }
    if (flags->backend != "petsc" && !flags->partitioned.empty()) {
      exit_code = ReportFailure(Status::InvalidInput("--partitioned", 0, 0,
                                                     "a partitioned LP without --backend petsc",
                                                     "--backend petsc --partitioned DIR"));
      return;
    }
    exit_code = flags->backend == "petsc" ? RunPlanPetsc(*flags) : RunPlan(*flags);
  });
}

}  // namespace gosplan::cli
