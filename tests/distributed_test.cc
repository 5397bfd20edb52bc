// `mpirun -n P gosplan io --coefficients A.mtx ... --backend petsc` (docs/distributed.md): the
// distributed Leontief solve against independent answers — the serial backend (Anderson-
// accelerated Neumann iteration on one process: another algorithm, another code path), and a
// published two-sector table solved by hand. Without PETSc in the build the MPI tests skip and
// one test checks that --backend petsc is refused with exit status 2.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "mpi_run.h"
#include "test_support.h"

namespace gosplan::testing {
namespace {

std::string Quote(const std::string& text) { return "'" + text + "'"; }

#ifdef GOSPLAN_HAVE_PETSC
// The columns of `gosplan io --coefficients --format csv`: sector, total_output, NAME_multiplier.
std::vector<std::vector<double>> CsvColumns(const std::string& csv) {
  std::vector<std::vector<double>> columns;
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string field;
    std::size_t k = 0;
    while (std::getline(fields, field, ',')) {
      if (k > 0) {
        if (columns.size() < k) columns.resize(k);
        columns[k - 1].push_back(std::stod(field));
      }
      ++k;
    }
  }
  return columns;
}

// NormwiseDifference (mpi_run.h) of two answers: both solves stop at a relative residual ≤ 1e-10
// and ‖(I − A)^-1‖ is a few units for these economies (column sums ≤ 0.8), so two correct
// solutions differ by a few 1e-10 of the solution's size; 1e-9 leaves room for that and no more.

TEST(Distributed, MatchesTheSerialBackendOnGeneratedEconomies) {
  struct Case {
    int products, inputs, seed;
  };
  for (const Case& c : {Case{300, 5, 1}, Case{3000, 12, 7}}) {
    SCOPED_TRACE("products " + std::to_string(c.products));
    ScratchFolder scratch;
    const std::string dir = scratch.path() + "/economy";
    const CommandResult generated =
        RunCli("generate --matrix-market -q --products " + std::to_string(c.products) +
               " --inputs-per-product " + std::to_string(c.inputs) + " --seed " +
               std::to_string(c.seed) + " --out " + Quote(dir));
    ASSERT_EQ(generated.exit_code, 0) << generated.errors;
    const std::string files = "--coefficients " + Quote(dir + "/A.mtx") + " --final-demand " +
                              Quote(dir + "/y.txt") +
                              " --primary labour=" + Quote(dir + "/labour.txt") + " --format csv";
    const CommandResult serial = RunCli("io " + files + " -q");
    ASSERT_EQ(serial.exit_code, 0) << serial.errors;
    const auto expected = CsvColumns(serial.output);
    ASSERT_EQ(expected.size(), 2u);
    ASSERT_EQ(expected[0].size(), static_cast<std::size_t>(c.products));
    for (int ranks : {1, 2}) {
      SCOPED_TRACE("ranks " + std::to_string(ranks));
      const CommandResult petsc = PetscIo(scratch, ranks, files);
      ASSERT_EQ(petsc.exit_code, 0) << petsc.errors;
      const auto got = CsvColumns(petsc.output);
      ASSERT_EQ(got.size(), 2u);
      ASSERT_EQ(got[0].size(), expected[0].size());
      EXPECT_LE(NormwiseDifference(expected[0], got[0]), 1e-9) << "total output";
      EXPECT_LE(NormwiseDifference(expected[1], got[1]), 1e-9) << "labour values";
    }
  }
}

// Miller & Blair (2009), Input-Output Analysis, 2nd ed., section 2.3 (tests/data/io/
// miller-blair-2009-2x2.csv): flows Z = [150 500; 200 100], total output x = (1000, 2000), final
// demand y = (350, 1700), labour inputs (300, 500). So A = Z diag(x)^-1 = [0.15 0.25; 0.2 0.05]
// and the published x = (1000, 2000) solves (I − A) x = y. Labour coefficients c = (300/1000,
// 500/2000) = (0.3, 0.25); labour values v solve (I − A)^T v = c:
//     0.85 v1 − 0.2 v2 = 0.3,  −0.25 v1 + 0.95 v2 = 0.25,  det = 0.85·0.95 − 0.2·0.25 = 0.7575,
//     v1 = (0.3·0.95 + 0.2·0.25) / 0.7575 = 0.335 / 0.7575,
//     v2 = (0.85·0.25 + 0.25·0.3) / 0.7575 = 0.2875 / 0.7575
// (check: v·y = 800 = 300 + 500, all labour ends up in final demand).
TEST(Distributed, SolvesThePublishedTwoSectorTableOnOneAndTwoRanks) {
  ScratchFolder scratch;
  const std::string a = scratch.Write("A.mtx",
                                      "%%MatrixMarket matrix coordinate real general\n"
                                      "2 2 4\n"
                                      "1 1 0.15\n2 1 0.2\n1 2 0.25\n2 2 0.05\n");
  const std::string y = scratch.Write("y.txt", "350\n1700\n");
  const std::string labour = scratch.Write("labour.txt", "0.3\n0.25\n");
  const std::vector<double> x{1000.0, 2000.0};
  const std::vector<double> v{0.335 / 0.7575, 0.2875 / 0.7575};
  for (int ranks : {1, 2}) {
    SCOPED_TRACE("ranks " + std::to_string(ranks));
    const CommandResult petsc =
        PetscIo(scratch, ranks,
                "--coefficients " + Quote(a) + " --final-demand " + Quote(y) +
                    " --primary labour=" + Quote(labour) + " --format csv");
    ASSERT_EQ(petsc.exit_code, 0) << petsc.errors;
    const auto got = CsvColumns(petsc.output);
    ASSERT_EQ(got.size(), 2u);
    ASSERT_EQ(got[0].size(), 2u);
    for (int i = 0; i < 2; ++i) {
      EXPECT_NEAR(got[0][i], x[i], 1e-9 * x[i]) << "total output of sector " << i + 1;
      EXPECT_NEAR(got[1][i], v[i], 1e-9 * v[i]) << "labour value of sector " << i + 1;
    }
  }
}

TEST(Distributed, SameRanksSameInputSameBytes) {
  ScratchFolder scratch;
  const std::string dir = scratch.path() + "/economy";
  ASSERT_EQ(RunCli("generate --matrix-market -q --products 1500 --inputs-per-product 6 --out " +
                   Quote(dir))
                .exit_code,
            0);
  const std::string files = "--coefficients " + Quote(dir + "/A.mtx") + " --final-demand " +
                            Quote(dir + "/y.txt") +
                            " --primary labour=" + Quote(dir + "/labour.txt") + " --format json";
  const CommandResult first = PetscIo(scratch, 2, files);
  ASSERT_EQ(first.exit_code, 0) << first.errors;
  const CommandResult second = PetscIo(scratch, 2, files);
  ASSERT_EQ(second.exit_code, 0) << second.errors;
  EXPECT_EQ(first.output, second.output);
  // Only rank 0 writes: one document, not two.
  EXPECT_EQ(first.output.find("\"schema\""), first.output.rfind("\"schema\""));
  EXPECT_NE(first.output.find("\"solver\": \"PETSc KSP gmres+bjacobi on 2 ranks\""),
            std::string::npos);
}

// A bad entry in the second half of the file is in rank 1's byte range: every rank must still
// stop with the same error, said once (by rank 0), naming the file and line; exit status 2.
TEST(Distributed, ABadLineReadByTheOtherRankIsReportedOnceWithItsLine) {
  ScratchFolder scratch;
  std::string text = "%%MatrixMarket matrix coordinate real general\n% comment\n40 40 40\n";
  for (int i = 1; i <= 40; ++i) {
    text += std::to_string(i) + " " + std::to_string(i % 40 + 1) +
            (i == 37 ? " -0.5\n" : " 0.25\n");  // line 3 + 37 = 40: a negative coefficient
  }
  const std::string a = scratch.Write("A.mtx", text);
  std::string y;
  for (int i = 0; i < 40; ++i) y += "1\n";
  const std::string y_file = scratch.Write("y.txt", y);
  const CommandResult petsc =
      PetscIo(scratch, 2, "--coefficients " + Quote(a) + " --final-demand " + Quote(y_file));
  EXPECT_EQ(petsc.exit_code, 2) << petsc.errors;
  EXPECT_TRUE(petsc.output.empty()) << petsc.output;
  const std::string where = a + ":40:";
  EXPECT_NE(petsc.errors.find(where), std::string::npos) << petsc.errors;
  EXPECT_EQ(petsc.errors.find(where), petsc.errors.rfind(where)) << petsc.errors;
  // A flag error is found before MPI starts, by every rank: said once too.
  const CommandResult flag = PetscIo(
      scratch, 2,
      "--coefficients " + Quote(a) + " --final-demand " + Quote(y_file) + " --primary labour");
  EXPECT_EQ(flag.exit_code, 2) << flag.errors;
  const std::string said = "'labour' is not NAME=FILE";
  EXPECT_NE(flag.errors.find(said), std::string::npos) << flag.errors;
  EXPECT_EQ(flag.errors.find(said), flag.errors.rfind(said)) << flag.errors;
}
#else
TEST(Distributed, MpiTestsNeedPetsc) {
  GTEST_SKIP() << "this build has no PETSc (GOSPLAN_WITH_PETSC=OFF): the mpirun tests of "
                  "--backend petsc do not apply";
}
#endif

TEST(Distributed, BackendPetscWithoutPetscOrCoefficientsIsRefused) {
  // No --coefficients: --backend applies to the large-economy solve only.
  const CommandResult table =
      RunCli("io " + Quote(DataPath("io/miller-blair-2009-2x2.csv")) + " --backend petsc");
  EXPECT_EQ(table.exit_code, 2);
  EXPECT_NE(table.errors.find("--backend petsc needs --coefficients"), std::string::npos)
      << table.errors;
  // Serial-backend options are refused, not silently ignored, whether or not PETSc is built in.
  ScratchFolder scratch;
  const std::string a = scratch.Write("A.mtx",
                                      "%%MatrixMarket matrix coordinate real general\n"
                                      "1 1 1\n1 1 0.5\n");
  const std::string y = scratch.Write("y.txt", "1\n");
  for (const char* serial_only : {"--anderson-depth 2", "--gauss-seidel"}) {
    const CommandResult refused = RunCli("io --coefficients " + Quote(a) + " --final-demand " +
                                         Quote(y) + " --backend petsc " + serial_only);
    EXPECT_EQ(refused.exit_code, 2) << serial_only;
    EXPECT_NE(refused.errors.find("is a serial-backend option"), std::string::npos)
        << refused.errors;
    EXPECT_TRUE(refused.output.empty());
  }
#ifndef GOSPLAN_HAVE_PETSC
  const CommandResult run =
      RunCli("io --coefficients " + Quote(a) + " --final-demand " + Quote(y) + " --backend petsc");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.errors.find("built without PETSc"), std::string::npos) << run.errors;
  EXPECT_TRUE(run.output.empty());
#endif
}

}  // namespace
}  // namespace gosplan::testing
