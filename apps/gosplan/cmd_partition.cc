// `gosplan partition MODEL|F.mps --ranks P --out DIR`: the LP that `mpirun -n P gosplan plan MODEL
// --solver pdlp --backend petsc` (or `gosplan lp F.mps ...`) would solve, presolved and scaled as
// rank 0 would do it, cut into one part file per rank (src/partition/lp_partition.h,
// docs/distributed.md "Partitioned LPs"), so that each rank of `mpirun -n P gosplan lp DIR ...`
// or `... plan MODEL --partitioned DIR ...` reads only its own rows of K. Serial: needs no PETSc.
#include <fmt/format.h>

#include <filesystem>
#include <string>

#include "cli_output.h"
#include "gosplan/linear_program.h"
#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "partition/lp_partition.h"
#include "plan_flags.h"

namespace gosplan::cli {
namespace {

struct PartitionFlags {
  std::string source;  // a model folder or an MPS file
  int ranks = 0;
  std::string out_folder;
  bool force = false;
  bool quiet = false;
  // The plan LP's options, as `gosplan plan` takes them.
  int horizon = 0;
  bool quotas_as_constraints = false;
  std::string objective;
  CsvFlags csv;
  bool no_cache = false;
};

int RunPartition(const PartitionFlags& flags) {
  if (auto refused = RefuseOutputPath(flags.out_folder, "partition folder", flags.force,
                                      /*may_replace=*/false))
    return *refused;
  std::error_code error;
  const bool model = std::filesystem::is_directory(flags.source, error);
  const std::string source_path = std::filesystem::absolute(flags.source, error).string();
  Result<LinearProgram> lp = LinearProgram{};
  PdlpOptions pdlp;  // presolve and scaling as the solve will run them (PdlpOptions' defaults)
  if (model) {
    LoadOptions load_options;
    load_options.horizon_override = flags.horizon;
    load_options.csv = flags.csv.Dialect();
    auto loaded = LoadModelWithProgress(flags.source, flags.no_cache, flags.quiet, load_options);
    if (!loaded.ok()) return ReportFailure(loaded.status());
    // The options `gosplan plan MODEL --solver pdlp` builds its LP with.
    SolverFlags solve;
    solve.objective = flags.objective;
    solve.solver = "pdlp";
    PlanOptions options = SolverOptions(solve, flags.quiet, /*verbose=*/false);
    if (flags.quotas_as_constraints) options.quotas_as_constraints = 1;
    pdlp = options.pdlp;
    Reporter().StartPhase("build");
    lp = BuildPlanLinearProgram(loaded.value(), options);
  } else {
    if (!flags.objective.empty() || flags.horizon != 0 || flags.quotas_as_constraints) {
      return ReportFailure(Status::InvalidInput(
          flags.source, 0, 0, "--objective, --horizon and --quotas-as-constraints are for a model",
          "a model folder, or no plan options with an MPS file"));
    }
    Reporter().StartPhase("load", flags.source);
    lp = ReadMps(flags.source);
  }
  if (!lp.ok()) return ReportFailure(lp.status());
  Reporter().StartPhase("write", flags.out_folder);
  partition::LpPartitionSummary summary;
  const Status written =
      partition::WriteLpPartition(lp.value(), pdlp, flags.ranks, model ? "model" : "mps",
                                  source_path, flags.out_folder, flags.force, &summary);
  if (!written.ok()) return ReportFailure(written);
  if (summary.presolve_infeasible) {
    std::fprintf(stderr,
                 "gosplan: the LP is infeasible (presolve: %s); nothing to partition, nothing was "
                 "written\n",
                 summary.infeasibility_reason.c_str());
    return kNoPlan;
  }
  const partition::LpPartitionManifest& m = summary.manifest;
  fmt::print(
      "partitioned {} ({} rows, {} columns, {} non-zeros; presolved and scaled: {} rows, {} "
      "columns, {} non-zeros) into {} parts in {}\n",
      source_path, m.lp_rows, m.lp_columns, m.lp_nonzeros, m.rows, m.columns, m.nonzeros, m.ranks,
      flags.out_folder);
  for (std::size_t r = 0; r < m.parts.size(); ++r) {
    const partition::LpPartitionPart& p = m.parts[r];
    fmt::print("  part {}: rows {}..{}, columns {}..{}, {} entries, {} bytes\n", r, p.row_begin,
               p.row_end, p.column_begin, p.column_end, p.entry_end - p.entry_begin, p.bytes);
  }
  for (std::size_t r = 0; r < m.originals.size(); ++r) {
    const partition::LpPartitionPart& p = m.originals[r];
    fmt::print("  original LP slice {}: rows {}..{}, columns {}..{}, {} entries, {} bytes\n", r,
               p.row_begin, p.row_end, p.column_begin, p.column_end, p.entry_end - p.entry_begin,
               p.bytes);
  }
  fmt::print("  postsolve record (rank 0): {} bytes\n", m.postsolve_bytes);
  fmt::print("solve with: mpirun -n {} gosplan {} --solver pdlp --backend petsc\n", m.ranks,
             model ? "plan " + flags.source + " --partitioned " + flags.out_folder
                   : "lp " + flags.out_folder);
  return kSuccess;
}

}  // namespace

void RegisterPartitionCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<PartitionFlags>();
  CLI::App* command = app.add_subcommand(
      "partition",
      "Presolve and scale an LP for PDLP on PETSc and cut it into one part file per MPI rank");
  command
      ->add_option("SOURCE", flags->source,
                   "a model folder (its plan LP, as gosplan plan --solver pdlp builds it) or an "
                   "MPS file")
      ->required()
      ->check(CLI::ExistingPath);
  command->add_option("--ranks", flags->ranks, "the number of MPI ranks (parts), 1 or more")
      ->required()
      ->check(CLI::Range(1, 1 << 20));
  command
      ->add_option("--out", flags->out_folder,
                   "the folder to write (manifest.txt, part-R.bin, original-R.bin, postsolve.bin)")
      ->required();
  command->add_flag("--force", flags->force, "replace an existing folder");
  AddHorizonFlag(command, flags->horizon);
  command->add_flag("--quotas-as-constraints", flags->quotas_as_constraints,
                    "make every quota in targets.csv a hard constraint (as gosplan plan)");
  command
      ->add_option(
          "--objective", flags->objective,
          "the plan's objective, as gosplan plan --objective (default: as model.toml says)")
      ->check(AcceptedBy(ParseObjectiveKind, std::string(kObjectiveKindNames)));
  AddQuietAndProgressFlags(command, &flags->quiet);
  AddModelTableFlags(command, flags->csv, flags->no_cache);
  command->callback([flags, &exit_code] { exit_code = RunPartition(*flags); });
}

}  // namespace gosplan::cli
