// `gosplan partition` and the PDLP-on-PETSc solve from its parts (docs/distributed.md,
// "Partitioned LPs"): the format against a hand-derived case, the located errors of a damaged
// folder, and — with PETSc — `mpirun -n P gosplan lp DIR` / `plan MODEL --partitioned DIR` against
// the scatter path of the same P (the same arithmetic: the same bytes), the serial solver and the
// Netlib optima; a wrong number of ranks, a truncated part, a damaged postsolve record and the
// record of another LP (exit status 2 on every rank, nothing written); and Ctrl-C on one rank
// stopping every rank at the same check (exit 130).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "partition/lp_partition.h"
#include "test_support.h"

namespace gosplan::testing {
namespace {

std::string Quote(const std::string& text) { return "'" + text + "'"; }

// minimise −x1 − x2  subject to  R1: x1 + x2 ≤ 4,  R2: x1 − x2 ≥ −2,  x ≥ 0.
// Presolve removes nothing (every row has two entries, no column is fixed). Every |a_ij| = 1, so
// the Ruiz sweeps leave A alone (each row's and column's largest entry is already 1), and the
// Pock–Chambolle step (α = 1) divides each row by √(Σ_j |a_ij|) = √2 and each column by
// √(Σ_i |a_ij|) = √2: D_r = D_c = 1/√2 and K = D_r A D_c = A / 2. The optimum is −4 (any point of
// x1 + x2 = 4 with x1 − x2 ≥ −2, e.g. (2, 2)).
constexpr const char* kTinyMps =
    "NAME TINY\n"
    "ROWS\n N COST\n L R1\n G R2\n"
    "COLUMNS\n"
    "    X1 COST -1 R1 1\n"
    "    X1 R2 1\n"
    "    X2 COST -1 R1 1\n"
    "    X2 R2 -1\n"
    "RHS\n    RHS R1 4 R2 -2\n"
    "ENDATA\n";

// Two ranks: each row weighs 1 + its 2 entries = 3 of the total 6, so the rows split 1 | 1, and
// likewise the columns. A part file is then 64 (header) + 8 × (1 + 1) (row offsets) + 16 × 2
// (column indices and values) + 24 × 1 (three row vectors) + 32 × 1 (four column vectors) = 168
// bytes.
TEST(Partition, TheFormatHoldsTheScaledRowsOfEachRank) {
  ScratchFolder scratch;
  const std::string mps = scratch.Write("tiny.mps", kTinyMps);
  const std::string dir = scratch.path() + "/parts";
  const CommandResult run = RunCli("partition " + Quote(mps) + " --ranks 2 --out " + Quote(dir));
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  auto manifest = partition::ReadLpPartitionManifest(dir);
  ASSERT_TRUE(manifest.ok()) << manifest.status().ToString();
  const partition::LpPartitionManifest& m = manifest.value();
  EXPECT_EQ(m.source_kind, "mps");
  EXPECT_EQ(m.ranks, 2);
  EXPECT_EQ(m.lp_rows, 2);
  EXPECT_EQ(m.lp_columns, 2);
  EXPECT_EQ(m.lp_nonzeros, 4);
  EXPECT_EQ(m.rows, 2);
  EXPECT_EQ(m.columns, 2);
  EXPECT_EQ(m.nonzeros, 4);
  EXPECT_NEAR(m.initial_step_size, 2.0, 1e-14);  // 1 / max |k_ij| = 1 / (1/2)
  ASSERT_EQ(m.parts.size(), 2u);
  const double s = 1.0 / std::sqrt(2.0), inf = std::numeric_limits<double>::infinity();
  for (int r = 0; r < 2; ++r) {
    SCOPED_TRACE("part " + std::to_string(r));
    EXPECT_EQ(m.parts[r].row_begin, r);
    EXPECT_EQ(m.parts[r].row_end, r + 1);
    EXPECT_EQ(m.parts[r].column_begin, r);
    EXPECT_EQ(m.parts[r].column_end, r + 1);
    EXPECT_EQ(m.parts[r].entry_begin, 2 * r);
    EXPECT_EQ(m.parts[r].bytes, 168);
    EXPECT_EQ(std::filesystem::file_size(partition::LpPartitionPartPath(dir, r)), 168u);
    auto part = partition::ReadLpPartitionPart(dir, m, r);
    ASSERT_TRUE(part.ok()) << part.status().ToString();
    const partition::LpPartitionSlice& p = part.value();
    EXPECT_EQ(p.row_offsets, (std::vector<long long>{0, 2}));
    EXPECT_EQ(p.column_index, (std::vector<long long>{0, 1}));
    ASSERT_EQ(p.values.size(), 2u);
    EXPECT_NEAR(p.values[0], 0.5, 1e-15);
    EXPECT_NEAR(p.values[1], r == 0 ? 0.5 : -0.5, 1e-15);
    EXPECT_NEAR(p.row_scale[0], s, 1e-15);
    EXPECT_NEAR(p.column_scale[0], s, 1e-15);
    // Row bounds D_r [l, u]: R1 (−∞, 4], R2 [−2, ∞); column bounds [0, ∞) / D_c; c̃ = D_c c.
    if (r == 0) {
      EXPECT_EQ(p.row_lower[0], -inf);
      EXPECT_NEAR(p.row_upper[0], 4 * s, 1e-14);
    } else {
      EXPECT_NEAR(p.row_lower[0], -2 * s, 1e-14);
      EXPECT_EQ(p.row_upper[0], inf);
    }
    EXPECT_EQ(p.column_lower[0], 0.0);
    EXPECT_EQ(p.column_upper[0], inf);
    EXPECT_NEAR(p.objective[0], -s, 1e-15);
  }
}

// A damaged folder is found by the reader and named: a truncated part (its size against the
// manifest's), a changed byte (the checksum), a manifest line that is not of the format (its line).
TEST(Partition, DamageIsReportedWithTheFileAndWhatWasExpected) {
  ScratchFolder scratch;
  const std::string mps = scratch.Write("tiny.mps", kTinyMps);
  const std::string dir = scratch.path() + "/parts";
  ASSERT_EQ(RunCli("partition " + Quote(mps) + " --ranks 2 --out " + Quote(dir) + " -q").exit_code,
            0);
  auto manifest = partition::ReadLpPartitionManifest(dir);
  ASSERT_TRUE(manifest.ok());
  const std::string part1 = partition::LpPartitionPartPath(dir, 1);
  const std::string original = ReadFile(part1);
  std::filesystem::resize_file(part1, 160);
  auto truncated = partition::ReadLpPartitionPart(dir, manifest.value(), 1);
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(truncated.status().ToString().find(part1), std::string::npos)
      << truncated.status().ToString();
  EXPECT_NE(truncated.status().ToString().find("160 bytes; the manifest says 168 (truncated)"),
            std::string::npos)
      << truncated.status().ToString();
  std::string changed = original;
  changed[100] ^= 1;  // a byte of the values (bytes 96-111)
  std::ofstream(part1, std::ios::binary | std::ios::trunc) << changed;
  auto damaged = partition::ReadLpPartitionPart(dir, manifest.value(), 1);
  ASSERT_FALSE(damaged.ok());
  EXPECT_NE(damaged.status().ToString().find("checksum"), std::string::npos)
      << damaged.status().ToString();
  std::string text = ReadFile(dir + "/manifest.txt");
  text.replace(text.find("ranks 2"), 7, "ranks two");
  std::ofstream(dir + "/manifest.txt", std::ios::binary | std::ios::trunc) << text;
  auto bad = partition::ReadLpPartitionManifest(dir);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().ToString().find(dir + "/manifest.txt:9:"), std::string::npos)
      << bad.status().ToString();
}

// Without --backend petsc a folder is not an LP to solve: exit status 2 and what to run instead;
// an existing output folder is refused unless --force.
TEST(Partition, RefusalsSayWhatToRun) {
  ScratchFolder scratch;
  const std::string mps = scratch.Write("tiny.mps", kTinyMps);
  const std::string dir = scratch.path() + "/parts";
  ASSERT_EQ(RunCli("partition " + Quote(mps) + " --ranks 1 --out " + Quote(dir) + " -q").exit_code,
            0);
  const CommandResult serial = RunCli("lp " + Quote(dir) + " --solver pdlp");
  EXPECT_EQ(serial.exit_code, 2);
  EXPECT_NE(serial.errors.find("a partitioned LP is solved on PETSc"), std::string::npos)
      << serial.errors;
  const CommandResult again = RunCli("partition " + Quote(mps) + " --ranks 1 --out " + Quote(dir));
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.errors.find("already exists"), std::string::npos) << again.errors;
  const CommandResult plan_flag = RunCli("plan " + Quote(SourcePath("examples/ussr-1928")) +
                                         " --solver pdlp --partitioned " + Quote(dir));
  EXPECT_EQ(plan_flag.exit_code, 2);
  EXPECT_NE(plan_flag.errors.find("without --backend petsc"), std::string::npos)
      << plan_flag.errors;
}

#ifdef GOSPLAN_HAVE_PETSC
double RelativeDifference(double a, double b) {
  return std::abs(a - b) / std::max(1.0, std::max(std::abs(a), std::abs(b)));
}

struct ShellRun {
  int exit_code = -1;
  std::string output;
  std::string errors;
};

std::string Mpirun(int ranks) {
  return std::string(
             "OMP_NUM_THREADS=1 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
             "OMPI_MCA_btl_vader_single_copy_mechanism=none ") +
         GOSPLAN_MPIEXEC + " -n " + std::to_string(ranks) + " --oversubscribe --allow-run-as-root ";
}

// `gosplan ARGUMENTS --backend petsc -q` on `ranks` MPI processes.
ShellRun Petsc(const ScratchFolder& scratch, int ranks, const std::string& arguments) {
  const std::string out = scratch.path() + "/stdout", err = scratch.path() + "/stderr";
  const std::string command = Mpirun(ranks) + Quote(GOSPLAN_CLI_PATH) + " " + arguments +
                              " --backend petsc -q > " + Quote(out) + " 2> " + Quote(err);
  const int status = std::system(command.c_str());
  ShellRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.output = ReadFile(out);
  run.errors = ReadFile(err);
  return run;
}

nlohmann::json Json(const std::string& text) { return nlohmann::json::parse(text); }

// Netlib LPs (optima from the Netlib readme, /work/shared/data/README.md) and the hand-derived
// tiny LP (optimum −4): partitioned for P = 1 and 2, solved from the parts. The parts hold the
// numbers rank 0 scatters today, so the report is the scatter path's, byte for byte, for the same
// P; and so within 1e-7 of the optimum and 2e-7 of the serial PDLP at tolerance 1e-8 (as
// distributed_pdlp_test.cc holds the scatter path).
TEST(PartitionPetsc, NetlibLpsFromPartsEqualTheScatterPathAndTheSerialSolver) {
  ScratchFolder scratch;
  struct Case {
    std::string file;
    double optimum;
  };
  for (const Case& c : {Case{DataPath("lp/netlib/afiro.mps"), -4.6475314286e+02},
                        Case{DataPath("lp/netlib/sc50a.mps"), -6.4575077059e+01},
                        Case{scratch.Write("tiny.mps", kTinyMps), -4.0}}) {
    SCOPED_TRACE(c.file);
    const std::string options = " --solver pdlp --tolerance 1e-8 --format json";
    const CommandResult serial = RunCli("lp " + Quote(c.file) + options + " -q");
    ASSERT_EQ(serial.exit_code, 0) << serial.errors;
    const double serial_objective = Json(serial.output)["objective"].get<double>();
    for (int ranks : {1, 2}) {
      SCOPED_TRACE("ranks " + std::to_string(ranks));
      const std::string dir = scratch.path() + "/parts-" + std::to_string(ranks);
      std::filesystem::remove_all(dir);
      const CommandResult parted = RunCli("partition " + Quote(c.file) + " --ranks " +
                                          std::to_string(ranks) + " --out " + Quote(dir) + " -q");
      ASSERT_EQ(parted.exit_code, 0) << parted.errors;
      const ShellRun scattered = Petsc(scratch, ranks, "lp " + Quote(c.file) + options);
      ASSERT_EQ(scattered.exit_code, 0) << scattered.errors;
      const ShellRun from_parts = Petsc(scratch, ranks, "lp " + Quote(dir) + options);
      ASSERT_EQ(from_parts.exit_code, 0) << from_parts.errors;
      EXPECT_EQ(from_parts.output, scattered.output) << "the same arithmetic: the same bytes";
      const double objective = Json(from_parts.output)["objective"].get<double>();
      EXPECT_LE(RelativeDifference(objective, c.optimum), 1e-7) << objective;
      EXPECT_LE(RelativeDifference(objective, serial_objective), 2e-7)
          << objective << " vs serial " << serial_objective;
    }
  }
}

// A generated plan (150 products, 3 years): `partition MODEL` then `plan MODEL --partitioned DIR`
// on 2 ranks writes the plan folder the scatter path writes (same P: the same bytes), and it
// passes `gosplan verify` (independent check of balances, prices and gap).
TEST(PartitionPetsc, APlanFromPartsEqualsTheScatterPathAndPassesVerify) {
  ScratchFolder scratch;
  const std::string model = scratch.path() + "/model", dir = scratch.path() + "/parts";
  ASSERT_EQ(RunCli("generate -q --products 150 --inputs-per-product 5 --years 3 --seed 3 --out " +
                   Quote(model))
                .exit_code,
            0);
  const CommandResult parted =
      RunCli("partition " + Quote(model) + " --ranks 2 --out " + Quote(dir) + " -q");
  ASSERT_EQ(parted.exit_code, 0) << parted.errors;
  const std::string scattered = scratch.path() + "/plan-scattered",
                    from_parts = scratch.path() + "/plan-parts";
  const ShellRun a =
      Petsc(scratch, 2, "plan " + Quote(model) + " --solver pdlp --out " + Quote(scattered));
  ASSERT_EQ(a.exit_code, 0) << a.errors;
  const ShellRun b = Petsc(scratch, 2,
                           "plan " + Quote(model) + " --solver pdlp --partitioned " + Quote(dir) +
                               " --out " + Quote(from_parts));
  ASSERT_EQ(b.exit_code, 0) << b.errors;
  for (const char* file :
       {"targets.csv", "investment.csv", "balances.csv", "prices.csv", "summary.json"}) {
    EXPECT_EQ(ReadFile(from_parts + "/" + file), ReadFile(scattered + "/" + file)) << file;
  }
  const CommandResult verified = RunCli("verify " + Quote(model) + " " + Quote(from_parts) + " -q");
  EXPECT_EQ(verified.exit_code, 0) << verified.output << verified.errors;
  // The parts of an MPS file are not a model's, and the other way round.
  const ShellRun wrong_kind = Petsc(scratch, 2, "lp " + Quote(dir) + " --solver pdlp");
  EXPECT_EQ(wrong_kind.exit_code, 2) << wrong_kind.errors;
  EXPECT_NE(wrong_kind.errors.find("partitioned from the model folder"), std::string::npos)
      << wrong_kind.errors;
  // A model whose plan LP changed since the partition (one more year) is refused.
  const ShellRun changed =
      Petsc(scratch, 2,
            "plan " + Quote(model) + " --horizon 4 --solver pdlp --partitioned " + Quote(dir));
  EXPECT_EQ(changed.exit_code, 2) << changed.errors;
  EXPECT_NE(changed.errors.find("is not the one this folder was partitioned from"),
            std::string::npos)
      << changed.errors;
}

// The run's P must be the partition's; a truncated part is named, exit status 2 on every rank
// (mpirun's status), nothing on stdout and no --solution file.
TEST(PartitionPetsc, AWrongRankCountOrATruncatedPartIsALocatedError) {
  ScratchFolder scratch;
  const std::string afiro = Quote(DataPath("lp/netlib/afiro.mps"));
  const std::string three = scratch.path() + "/three", two = scratch.path() + "/two";
  ASSERT_EQ(RunCli("partition " + afiro + " --ranks 3 --out " + Quote(three) + " -q").exit_code, 0);
  ASSERT_EQ(RunCli("partition " + afiro + " --ranks 2 --out " + Quote(two) + " -q").exit_code, 0);
  const ShellRun mismatch = Petsc(scratch, 2, "lp " + Quote(three) + " --solver pdlp");
  EXPECT_EQ(mismatch.exit_code, 2) << mismatch.errors;
  EXPECT_NE(mismatch.errors.find("partitioned for 3 ranks; this run has 2"), std::string::npos)
      << mismatch.errors;
  EXPECT_TRUE(mismatch.output.empty()) << mismatch.output;

  const std::string part = partition::LpPartitionPartPath(two, 1);
  const auto size = std::filesystem::file_size(part);
  std::filesystem::resize_file(part, size - 8);
  const std::string solution = scratch.path() + "/solution.csv";
  const ShellRun truncated =
      Petsc(scratch, 2, "lp " + Quote(two) + " --solver pdlp --solution " + Quote(solution));
  EXPECT_EQ(truncated.exit_code, 2) << truncated.errors;
  EXPECT_NE(truncated.errors.find(part), std::string::npos) << truncated.errors;
  EXPECT_NE(truncated.errors.find("(truncated)"), std::string::npos) << truncated.errors;
  EXPECT_TRUE(truncated.output.empty()) << truncated.output;
  EXPECT_FALSE(std::filesystem::exists(solution));
}

// Rank 0 undoes the presolve from DIR/postsolve.bin: a damaged record (one changed byte) is found
// by its checksum before the solve and named, exit status 2 from every rank, nothing on stdout
// and no --solution file.
TEST(PartitionPetsc, ADamagedPostsolveRecordIsALocatedError) {
  ScratchFolder scratch;
  const std::string afiro = Quote(DataPath("lp/netlib/afiro.mps"));
  const std::string dir = scratch.path() + "/two";
  ASSERT_EQ(RunCli("partition " + afiro + " --ranks 2 --out " + Quote(dir) + " -q").exit_code, 0);
  const std::string record = partition::PostsolveRecordPath(dir);
  std::string bytes = ReadFile(record);
  ASSERT_GT(bytes.size(), 80u);
  bytes[bytes.size() - 3] ^= 1;
  std::ofstream(record, std::ios::binary | std::ios::trunc) << bytes;
  const std::string solution = scratch.path() + "/solution.csv";
  const ShellRun damaged =
      Petsc(scratch, 2, "lp " + Quote(dir) + " --solver pdlp --solution " + Quote(solution));
  EXPECT_EQ(damaged.exit_code, 2) << damaged.errors;
  EXPECT_NE(damaged.errors.find(record), std::string::npos) << damaged.errors;
  EXPECT_NE(damaged.errors.find("checksum"), std::string::npos) << damaged.errors;
  EXPECT_TRUE(damaged.output.empty()) << damaged.output;
  EXPECT_FALSE(std::filesystem::exists(solution));
}

// A whole, undamaged record of another LP (sc50a's, with the manifest's postsolve line made to
// match it) is refused by its sizes: afiro has 27 rows and 32 columns, sc50a 50 and 48.
TEST(PartitionPetsc, ThePostsolveRecordOfAnotherLpIsRefused) {
  ScratchFolder scratch;
  const std::string afiro = scratch.path() + "/afiro", sc50a = scratch.path() + "/sc50a";
  ASSERT_EQ(RunCli("partition " + Quote(DataPath("lp/netlib/afiro.mps")) + " --ranks 2 --out " +
                   Quote(afiro) + " -q")
                .exit_code,
            0);
  ASSERT_EQ(RunCli("partition " + Quote(DataPath("lp/netlib/sc50a.mps")) + " --ranks 2 --out " +
                   Quote(sc50a) + " -q")
                .exit_code,
            0);
  std::filesystem::copy_file(partition::PostsolveRecordPath(sc50a),
                             partition::PostsolveRecordPath(afiro),
                             std::filesystem::copy_options::overwrite_existing);
  auto postsolve_line = [](const std::string& text) {
    const std::size_t begin = text.find("\npostsolve ") + 1;
    return text.substr(begin, text.find('\n', begin) - begin);
  };
  std::string manifest = ReadFile(afiro + "/manifest.txt");
  const std::string other = postsolve_line(ReadFile(sc50a + "/manifest.txt"));
  manifest.replace(manifest.find(postsolve_line(manifest)), postsolve_line(manifest).size(), other);
  std::ofstream(afiro + "/manifest.txt", std::ios::binary | std::ios::trunc) << manifest;
  const ShellRun run = Petsc(scratch, 2, "lp " + Quote(afiro) + " --solver pdlp");
  EXPECT_EQ(run.exit_code, 2) << run.errors;
  EXPECT_NE(run.errors.find(partition::PostsolveRecordPath(afiro)), std::string::npos)
      << run.errors;
  EXPECT_NE(run.errors.find("the record is of a 50 × 48 LP"), std::string::npos) << run.errors;
  EXPECT_TRUE(run.output.empty()) << run.output;
}

struct Interrupted {
  int exit_code = -1;
  std::string output, errors;
  bool solution_written = false;
};

// `mpirun -n 2 gosplan lp MPS --solver pdlp --tolerance 1e-12 ... --solution FILE` in the
// background; once rank 0 has printed its first progress line, `signal_them` (bash, with
// $launcher = mpirun's pid and the function `descendants PID`) is run, then mpirun is waited for.
Interrupted RunAndInterrupt(const ScratchFolder& scratch, const std::string& mps,
                            const std::string& signal_them) {
  const std::string solution = scratch.path() + "/solution.csv", out = scratch.path() + "/out",
                    err = scratch.path() + "/err", rc = scratch.path() + "/rc";
  std::filesystem::remove(solution);
  const std::string script =
      "descendants() { for c in $(pgrep -P $1); do echo $c; descendants $c; done; }\n" + Mpirun(2) +
      Quote(GOSPLAN_CLI_PATH) + " lp " + Quote(mps) +
      " --solver pdlp --tolerance 1e-12 --backend petsc -v --solution " + Quote(solution) + " > " +
      Quote(out) + " 2> " + Quote(err) +
      " &\n"
      "launcher=$!\n"
      "for i in $(seq 1 1200); do grep -q 'pdlp: iteration' " +
      Quote(err) + " && break; sleep 0.1; done\n" + signal_them +
      "\n"
      "wait $launcher; echo $? > " +
      Quote(rc) + "\n";
  const std::string script_path = scratch.Write("interrupt.sh", script);
  Interrupted run;
  if (std::system(("bash " + Quote(script_path)).c_str()) != 0) return run;
  run.exit_code = std::atoi(ReadFile(rc).c_str());
  run.output = ReadFile(out);
  run.errors = ReadFile(err);
  run.solution_written = std::filesystem::exists(solution);
  return run;
}

// Ctrl-C in a distributed run stops every rank at the same check and ends as a serial cancelled
// run: "interrupted during the PDLP solve on 2 MPI ranks ...", exit status 130, no report, no
// --solution file. The LP (a generated plan of 1500 products and 5 years, at tolerance 1e-12)
// runs far longer than the wait for its first progress line.
//  - SIGINT to rank 1 alone (its process; the ranks are mpirun's descendants, rank 1 the one
//    whose environment says so): rank 1's flag reaches rank 0 through the reduction.
//  - SIGUSR1 to mpirun, which Open MPI forwards to every rank (SIGINT it does not forward: it
//    ends the job itself).
TEST(PartitionPetsc, ControlCStopsEveryRankCleanly) {
  ScratchFolder scratch;
  const std::string model = scratch.path() + "/model", mps = scratch.path() + "/plan.mps";
  ASSERT_EQ(RunCli("generate -q --products 1500 --inputs-per-product 6 --years 5 --seed 5 --out " +
                   Quote(model))
                .exit_code,
            0);
  // The plan LP as MPS (written before the quick, loose solve).
  (void)RunCli("plan " + Quote(model) + " --solver pdlp --tolerance 0.1 --write-mps " + Quote(mps) +
               " -q");
  ASSERT_TRUE(std::filesystem::exists(mps));
  for (const std::string& signal_them :
       {std::string("for p in $(descendants $launcher); do\n"
                    "  if tr '\\0' '\\n' < /proc/$p/environ 2>/dev/null | grep -qx "
                    "OMPI_COMM_WORLD_RANK=1; then kill -INT $p; fi\n"
                    "done"),
        std::string("kill -USR1 $launcher")}) {
    SCOPED_TRACE(signal_them);
    const Interrupted run = RunAndInterrupt(scratch, mps, signal_them);
    // The ranks exit 130. mpirun passes that on, except that now and then the SIGUSR1 it forwards
    // also ends mpirun itself (the shell then reports 128 + 10 = 138): a race inside Open MPI's
    // launcher, after the ranks stopped cleanly — what the other expectations check.
    const bool to_mpirun = signal_them.find("USR1") != std::string::npos;
    if (!(to_mpirun && run.exit_code == 128 + SIGUSR1)) EXPECT_EQ(run.exit_code, 130) << run.errors;
    EXPECT_NE(run.errors.find("interrupted during the PDLP solve on 2 MPI ranks"),
              std::string::npos)
        << run.errors;
    EXPECT_TRUE(run.output.empty()) << run.output;
    EXPECT_FALSE(run.solution_written);
  }
}
#else
TEST(PartitionPetsc, MpiTestsNeedPetsc) {
  GTEST_SKIP() << "this build has no PETSc (GOSPLAN_WITH_PETSC=OFF): the mpirun tests of "
                  "partitioned LPs do not apply";
}
#endif

}  // namespace
}  // namespace gosplan::testing
