// `gosplan lp FILE.mps[.gz]|- [--solver clp|pdlp] [--solution FILE]`: solves a linear program and
// reports status, objective, relative residuals and gap (computed the same way for both solvers):
// the report is the library's (LpTextReport, LpJson), as is the --solution CSV (LpSolutionCsv); the
// solve time goes to stderr (not with --quiet), the solver's progress too with --verbose.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

#include "cli_output.h"
#include "gosplan/distributed.h"
#include "gosplan/linear_program.h"
#include "gosplan/pdlp.h"
#include "partition/lp_partition.h"
#include "petsc_backend.h"
#include "plan_flags.h"
#include "util/atomic_output.h"

namespace gosplan::cli {
namespace {

struct LpFlags {
  std::string path;
  std::string solver = "clp";
  std::string format = "text";
  double time_limit = 0.0;
  double tolerance = 1e-4;           // PDLP only
  std::int64_t iteration_limit = 0;  // 0: none
  int threads = 0;                   // PDLP only; 0: OpenMP's default
  std::string solution_path;         // --solution FILE: primal and dual values as CSV
  bool quiet = false;                // no timing line on stderr
  bool verbose = false;              // the solver's progress lines on stderr
  std::string backend = "serial";    // --backend serial|petsc (docs/distributed.md)
  std::string petsc_options;         // --petsc-options "-pdlp_explicit_transpose ..."

  // PDLP only (docs/pdlp.md, "Faster variants"): --pdlp-variant averaged|halpern and
  // --pdlp-single-precision.
  std::string pdlp_variant = "averaged";
  bool pdlp_single_precision = false;
  bool pdlp_presolve_substitution = false;
  bool pdlp_feasibility_polishing = false;  // --pdlp-feasibility-polishing
};

// One progress line of PDLP at a termination check (--verbose).
std::string PdlpProgressLine(const PdlpProgress& progress) {
  return fmt::format(
      "pdlp: iteration {} ({:.2f} s): primal {:.10g}, dual {:.10g}, relative residuals {:.2e} / "
      "{:.2e}, gap {:.2e}, restarts {}",
      progress.iteration, progress.seconds, progress.primal_objective, progress.dual_objective,
      progress.relative_primal_residual, progress.relative_dual_residual, progress.relative_gap,
      progress.restarts);
}

// `distributed`: the PDLP solve of the PETSc backend (rank 0 of `mpirun -n P gosplan lp ...
// --backend petsc`), else SolveWithPdlp.
int RunLp(const LpFlags& flags, const DistributedPdlpSolve* distributed = nullptr) {
  // Checked before the solve, so that a long solve is not wasted on a path that cannot be written.
  if (auto refused = RefuseOutputPath(flags.solution_path, "solution file", /*force=*/false,
                                      /*may_replace=*/true))
    return *refused;
  Reporter().StartPhase("load", flags.path);
  auto lp = ReadMps(flags.path);
  if (!lp.ok()) return ReportFailure(lp.status());
  Reporter().StartPhase("solve");
  Result<LpSolution> solved = LpSolution{};
  PdlpSummary summary;
  const bool crossover = flags.solver == kPdlpCrossover;
  const bool pdlp = SolverKindOfFlag(flags.solver) == SolverKind::kPdlp;
  // The crossover starts from a PDLP point of at least PlanOptions::kCrossoverTolerance.
  const double tolerance =
      crossover ? std::min(flags.tolerance, PlanOptions::kCrossoverTolerance) : flags.tolerance;
  if (pdlp) {
    PdlpOptions options;
    options.tolerance = tolerance;
    options.iteration_limit = flags.iteration_limit;
    options.time_limit_seconds = flags.time_limit;
    options.threads = flags.threads;
    options.variant =
        flags.pdlp_variant == "halpern" ? PdlpVariant::kHalpern : PdlpVariant::kAveraged;
    options.single_precision_products = flags.pdlp_single_precision;
    options.presolve_substitution = flags.pdlp_presolve_substitution;
    options.feasibility_polishing = flags.pdlp_feasibility_polishing;
    options.should_stop = CancelHook();  // Ctrl-C
    auto drawn = PdlpProgressOf(tolerance);
    options.progress = [drawn, verbose = flags.verbose](const PdlpProgress& progress) {
      if (verbose) Progress(false, PdlpProgressLine(progress));
      if (Reporter().live() || Reporter().json()) drawn(progress);
    };
    solved = distributed ? (*distributed)(lp.value(), options, &summary)
                         : SolveWithPdlp(lp.value(), options, &summary);
    if (crossover && solved.ok() && solved.value().status == LpStatus::kOptimal) {
      LpSolveOptions clp;
      clp.time_limit_seconds = flags.time_limit;
      clp.should_stop = CancelHook();  // Ctrl-C
      if (Reporter().live() || Reporter().json()) clp.progress = ClpProgress("crossover");
      CrossoverSummary guessed;
      auto vertex = Crossover(lp.value(), solved.value(), clp, &guessed);
      if (!vertex.ok()) return ReportFailure(vertex.status());
      if (guessed.projected) {
        Progress(flags.quiet,
                 fmt::format("crossover: {}; {:.3f} s (PDLP {:.3f} s)", DescribeCrossover(guessed),
                             vertex.value().seconds, solved.value().seconds));
      } else {
        Progress(flags.quiet,
                 fmt::format("crossover: {}; {} simplex iterations, {:.3f} s ({:.3f} s to the "
                             "restricted LP's vertex, {:.3f} s on the whole LP; PDLP {:.3f} s)",
                             DescribeCrossover(guessed), vertex.value().iterations,
                             vertex.value().seconds, guessed.restricted_seconds,
                             guessed.whole_lp_seconds, solved.value().seconds));
      }
      vertex.value().seconds += solved.value().seconds;
      vertex.value().iterations += solved.value().iterations;
      vertex.value().solver = solved.value().solver + ", then crossover: " + vertex.value().solver;
      solved = std::move(vertex);
      ComputeRelativeMeasures(lp.value(), &solved.value());
    }
  } else {
    LpSolveOptions options;
    options.time_limit_seconds = flags.time_limit;
    options.iteration_limit = flags.iteration_limit;
    options.should_stop = CancelHook();  // Ctrl-C
    if (Reporter().live() || Reporter().json()) options.progress = ClpProgress("CLP dual simplex");
    if (flags.verbose) {
      options.log = [](std::string_view message) {
        Progress(false, "clp: " + std::string(message));
      };
    }
    solved = SolveWithClp(lp.value(), options);
    if (solved.ok()) ComputeRelativeMeasures(lp.value(), &solved.value());
  }
  if (!solved.ok()) return ReportFailure(solved.status());
  const LpSolution& solution = solved.value();
  LpReportOptions report;
  report.source = flags.path == "-" ? "<stdin>" : flags.path;
  if (pdlp && !crossover) {
    report.pdlp = &summary;
    report.pdlp_tolerance = tolerance;
  }
  // Timings vary run to run: stderr only.
  Progress(flags.quiet, fmt::format("timings: solve {:.3f} s", solution.seconds));
  if (!flags.solution_path.empty()) {
    Reporter().StartPhase("write", flags.solution_path);
    // A point the solver stands behind: optimal, or the last point of a run stopped early (its
    // status says so). Infeasible, unbounded and failed solves leave no file.
    if (solution.status == LpStatus::kOptimal || StoppedEarly(solution.status)) {
      const Status written =
          util::WriteFileAtomically(flags.solution_path, LpSolutionCsv(lp.value(), solution));
      if (!written.ok()) return ReportFailure(written);
      Progress(flags.quiet, "wrote the solution to " + flags.solution_path);
    } else {
      std::fprintf(stderr, "gosplan: no solution written to %s: the LP is %s\n",
                   flags.solution_path.c_str(), ToString(solution.status));
    }
  }
  if (flags.format == "csv") {
    // The solution table (as --solution writes it) for an optimal LP; else the status alone (a
    // point of a stopped run is no solution to print as one).
    fmt::print("{}", solution.status == LpStatus::kOptimal
                         ? LpSolutionCsv(lp.value(), solution)
                         : fmt::format("status\n{}\n", ToString(solution.status)));
  } else {
    fmt::print("{}", flags.format == "json" ? LpJson(lp.value(), solution, report)
                                            : LpTextReport(lp.value(), solution, report));
  }
  switch (solution.status) {
    case LpStatus::kOptimal:
      return kSuccess;
    case LpStatus::kInfeasible:
    case LpStatus::kUnbounded:
      return kNoPlan;
    case LpStatus::kTimeLimit:
    case LpStatus::kIterationLimit:
    case LpStatus::kInterrupted:
      return kSolverLimit;
    case LpStatus::kError:
      return kInternalFailure;
  }
  return kInternalFailure;
}

// `mpirun -n P gosplan lp F.mps --solver pdlp --backend petsc` (docs/distributed.md): rank 0 runs
// the whole command (reads the MPS file, writes the report) and the PDLP iterations run on every
// rank; the others print nothing and exit with rank 0's status.
int RunLpPetsc(const LpFlags& flags) {
  const auto fail = [](const Status& status) {
    return LauncherRank() == 0 ? ReportFailure(status) : SilentFailure(status);
  };
  const auto refuse = [&](const std::string& what) {
    return fail(Status::InvalidInput("--backend petsc", 0, 0, what,
                                     "gosplan lp F.mps --solver pdlp --backend petsc "
                                     "(docs/distributed.md)"));
  };
  if (flags.solver != "pdlp") {
    return refuse("--solver " + flags.solver +
                  " does not run on PETSc: the PETSc backend runs PDLP's iterations only");
  }
  if (flags.threads > 0) return refuse("--threads: the PETSc backend runs one thread per rank");
  // The PETSc iteration is the averaged restarted PDHG in double: say so rather than run another.
  if (flags.pdlp_variant != "averaged")
    return refuse("--pdlp-variant " + flags.pdlp_variant +
                  ": the PETSc backend runs the averaged iteration only");
  if (flags.pdlp_single_precision)
    return refuse("--pdlp-single-precision: the PETSc backend's products are in double");
  if (flags.pdlp_presolve_substitution)
    return refuse("--pdlp-presolve-substitution: the PETSc backend runs the trivial presolve only");
  if (flags.pdlp_feasibility_polishing)
    return refuse("--pdlp-feasibility-polishing: the PETSc backend does not polish");
  if (Status built = RequirePetscBuild(); !built.ok()) return fail(built);
  const auto entry = LoadPetscEntry(kRunPdlpDistributedSymbol);
  if (!entry.ok()) return fail(entry.status());
  // A folder: a partitioned LP (`gosplan partition F.mps`); every rank reads its own part, rank 0
  // the MPS file the manifest names (for the postsolve and the report).
  std::error_code error;
  const std::string partition_folder =
      std::filesystem::is_directory(flags.path, error) ? flags.path : std::string();
  int result = kInternalFailure, rank = 0;
  Status failure;
  reinterpret_cast<RunPdlpDistributedFunction>(entry.value())(
      flags.petsc_options, partition_folder, DistributedCancelHook(),
      [&flags, &partition_folder](const DistributedPdlpSolve& solve) {
        if (partition_folder.empty()) return RunLp(flags, &solve);
        auto manifest = partition::ReadLpPartitionManifest(partition_folder);
        if (!manifest.ok()) return ReportFailure(manifest.status());
        if (manifest.value().source_kind != "mps") {
          return ReportFailure(Status::InvalidInput(
              partition_folder + "/manifest.txt", 0, 0,
              "the folder was partitioned from the model folder " + manifest.value().source_path,
              "mpirun -n P gosplan plan MODEL --partitioned " + partition_folder +
                  " --solver pdlp --backend petsc"));
        }
        LpFlags from_source = flags;
        from_source.path = manifest.value().source_path;
        return RunLp(from_source, &solve);
      },
      RankZeroFailureReport(), &result, &rank, &failure);
  if (!failure.ok()) return SilentFailure(failure);  // rank 0 said it inside the session
  return result;
}

}  // namespace

void RegisterLpCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<LpFlags>();
  CLI::App* command = app.add_subcommand("lp", "Solve a linear program given as an MPS file");
  command
      ->add_option("FILE", flags->path,
                   "MPS file (fixed or free format; gzip-compressed too), or - for standard "
                   "input; with --backend petsc also a folder of `gosplan partition`")
      ->required();
  command
      ->add_option("--solver", flags->solver,
                   "clp (simplex, exact) | pdlp (first-order PDHG, approximate to --tolerance) | "
                   "pdlp+crossover (PDLP to 1e-6, then its point projected onto its active set, "
                   "else CLP's simplex from it: exact)")
      ->check(AcceptedBy(
          [](std::string_view text) {
            const std::optional<SolverKind> kind = SolverKindOfFlag(text);
            return kind && *kind != SolverKind::kAuto;  // `lp` has no size rule to choose by
          },
          "clp, pdlp or pdlp+crossover"));
  command
      ->add_option(
          "--tolerance", flags->tolerance,
          "PDLP relative tolerance of residuals and gap (default 1e-4; 1e-8 for high accuracy)")
      ->check(CLI::Range(1e-12, 0.1));
  command->add_option("--iteration-limit", flags->iteration_limit, "iteration limit (0: none)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--threads", flags->threads, "PDLP threads (0: OpenMP's default)")
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option("--pdlp-variant", flags->pdlp_variant,
                   "PDLP iteration: averaged (PDLP's restarted PDHG, default) | halpern "
                   "(restarted Halpern PDHG with reflection, docs/pdlp.md)")
      ->check(CLI::IsMember({"averaged", "halpern"}));
  command->add_flag("--pdlp-presolve-substitution", flags->pdlp_presolve_substitution,
                    "PDLP: dual fixing and implied-free column substitution after the presolve "
                    "(docs/pdlp.md)");
  command->add_flag("--pdlp-single-precision", flags->pdlp_single_precision,
                    "PDLP's products with a float32 copy of the matrix (checks and reported "
                    "figures in double; halpern: the products go over to double near a "
                    "tolerance below 1e-5; averaged: tolerance >= 1e-6 only)");
  command->add_flag("--pdlp-feasibility-polishing", flags->pdlp_feasibility_polishing,
                    "PDLP (halpern): polish the point's primal and dual feasibility to "
                    "tolerance/100 once the gap is small (docs/pdlp.md)");
  command
      ->add_option("--format", flags->format,
                   "text, json (the document gosplan.lp/1) or csv (the solution as with "
                   "--solution)")
      ->check(CLI::IsMember({"text", "json", "csv"}));
  command->add_option("--time-limit", flags->time_limit, "seconds (0: none)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--solution", flags->solution_path,
                      "write the primal and dual solution as CSV: "
                      "kind,name,value,dual_or_reduced_cost (docs/mps.md)");
  CLI::Option* quiet =
      AddQuietAndProgressFlags(command, &flags->quiet, "no timing or progress lines on stderr");
  command
      ->add_flag("--verbose,-v", flags->verbose,
                 "the solver's progress on stderr (CLP's log; PDLP's line at every check)")
      ->excludes(quiet);
  command
      ->add_option("--backend", flags->backend,
                   "serial (this process, OpenMP threads) or petsc (PDLP's iterations over MPI "
                   "ranks:\nmpirun -n P gosplan lp F.mps --solver pdlp --backend petsc; "
                   "docs/distributed.md)")
      ->check(CLI::IsMember({"serial", "petsc"}));
  command->add_option("--petsc-options", flags->petsc_options,
                      "with --backend petsc: PETSc options, e.g. \"-pdlp_explicit_transpose\" "
                      "(or the PETSC_OPTIONS environment variable)");
  command->callback([flags, &exit_code] {
    if (flags->backend != "petsc" && !flags->petsc_options.empty()) {
      exit_code = ReportFailure(Status::InvalidInput("--petsc-options", 0, 0,
                                                     "PETSc options without --backend petsc",
                                                     "--backend petsc --petsc-options ..."));
      return;
    }
    std::error_code error;
    if (flags->backend != "petsc" && std::filesystem::is_directory(flags->path, error)) {
      exit_code = ReportFailure(
          Status::InvalidInput(flags->path, 0, 0, "a folder: a partitioned LP is solved on PETSc",
                               "mpirun -n P gosplan lp " + flags->path +
                                   " --solver pdlp --backend petsc, or an MPS "
                                   "file"));
      return;
    }
    exit_code = flags->backend == "petsc" ? RunLpPetsc(*flags) : RunLp(*flags);
  });
}

}  // namespace gosplan::cli
