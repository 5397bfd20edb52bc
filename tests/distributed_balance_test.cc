// The products of `mpirun -n P gosplan io --coefficients A.mtx ... --backend petsc` dealt to the
// ranks (src/distributed/leontief_split.h; docs/distributed.md): the interleaved split (the
// default) and the contiguous one (-leontief_split contiguous) against an independent answer — the
// serial backend (Anderson-accelerated Neumann iteration on one process: another algorithm,
// another code path) — and against each other; the same bytes for the same P; a split that is
// not one of the two refused. Without PETSc in the build these tests skip.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "mpi_run.h"
#include "test_support.h"

namespace gosplan::testing {
namespace {

#ifdef GOSPLAN_HAVE_PETSC
std::string Quote(const std::string& text) { return "'" + text + "'"; }

// The columns of `gosplan io --coefficients --format csv`: total_output, NAME_multiplier (the
// sector column skipped).
std::vector<std::vector<double>> CsvColumns(const std::string& csv) {
  std::vector<std::vector<double>> columns;
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string field;
    for (std::size_t k = 0; std::getline(fields, field, ','); ++k) {
      if (k == 0) continue;
      if (columns.size() < k) columns.resize(k);
      columns[k - 1].push_back(std::stod(field));
    }
  }
  return columns;
}

// How far two correct solutions may differ, normwise as above. Each solve stops at a true relative
// residual ‖r‖_∞ ≤ 1e-10 ‖b‖_∞; with L = (I − A)^-1 ≥ 0 its error is e = L r, so
//   total output, (I − A) x = y: |e_i| ≤ ‖r‖_∞ (L 1)_i, i.e. max|e| ≤ 1e-10 ‖y‖_∞ max(z) with z the
//     solution of (I − A) z = 1 (solved by the serial backend), relative to max|x|;
//   labour values, (I − A)^T v = c with c ≥ 0: ‖e‖_∞ ≤ ‖L^T‖_∞ ‖r‖_∞ = ‖L‖_1 ‖r‖_∞ ≤ ‖r‖_∞ / (1 −
//   s),
//     s the largest column sum of A (< 1: ‖L‖_1 ≤ Σ_k s^k), and max|v| ≥ max|c| (v = c + A^T v ≥
//     c).
// Two solves: twice each bound.
struct Tolerances {
  double total_output = 0.0, labour = 0.0;
};

// A generated economy whose products are numbered by popularity (the first rows are the longest:
// the case the interleaved split is for). 2999 = 3·999 + 2 products: at P = 3 the last block of
// the snake is partial and dealt backwards (block 999 is odd), at P = 2 it has one card.
struct Economy {
  ScratchFolder scratch;
  std::string dir;    // A.mtx, y.txt, labour.txt
  std::string files;  // the io flags naming them
};
void Generate(Economy* economy) {
  const std::string dir = economy->dir = economy->scratch.path() + "/economy";
  const CommandResult generated =
      RunCli("generate --matrix-market -q --products 2999 --inputs-per-product 10 --seed 3 --out " +
             Quote(dir));
  ASSERT_EQ(generated.exit_code, 0) << generated.errors;
  economy->files = "--coefficients " + Quote(dir + "/A.mtx") + " --final-demand " +
                   Quote(dir + "/y.txt") + " --primary labour=" + Quote(dir + "/labour.txt");
}

TEST(DistributedBalance, BothSplitsMatchTheSerialBackendOnTwoAndThreeRanks) {
  Economy economy;
  ASSERT_NO_FATAL_FAILURE(Generate(&economy));
  const CommandResult serial = RunCli("io " + economy.files + " --format csv -q");
  ASSERT_EQ(serial.exit_code, 0) << serial.errors;
  const auto expected = CsvColumns(serial.output);
  ASSERT_EQ(expected.size(), 2u);
  ASSERT_EQ(expected[0].size(), 2999u);
  // The bounds' inputs: ‖y‖_∞ and A's largest column sum from the files, z = L 1 from the serial
  // backend.
  double largest_y = 0.0;
  {
    std::istringstream lines(ReadFile(economy.dir + "/y.txt"));
    for (double value; lines >> value;) largest_y = std::max(largest_y, std::abs(value));
  }
  std::vector<double> column_sum(2999, 0.0);
  {
    std::istringstream lines(ReadFile(economy.dir + "/A.mtx"));
    std::string line;
    while (std::getline(lines, line) && line[0] == '%') {
    }
    long long i = 0, j = 0;
    double a = 0.0;
    while (lines >> i >> j >> a) column_sum[static_cast<std::size_t>(j - 1)] += a;
  }
  const double s = *std::max_element(column_sum.begin(), column_sum.end());
  ASSERT_LT(s, 1.0);
  std::string ones;
  for (int k = 0; k < 2999; ++k) ones += "1\n";
  const std::string ones_file = economy.scratch.Write("ones.txt", ones);
  const CommandResult unit = RunCli("io --coefficients " + Quote(economy.dir + "/A.mtx") +
                                    " --final-demand " + Quote(ones_file) + " --format csv -q");
  ASSERT_EQ(unit.exit_code, 0) << unit.errors;
  const auto z = CsvColumns(unit.output);
  ASSERT_EQ(z.size(), 1u);
  const double largest_z = *std::max_element(z[0].begin(), z[0].end());
  const double largest_x = *std::max_element(expected[0].begin(), expected[0].end());
  Tolerances tolerance;
  tolerance.total_output = 2 * 1e-10 * largest_y * largest_z / largest_x;
  tolerance.labour = 2 * 1e-10 / (1 - s);
  // Not vacuous: about 4e-10 and 1e-9 for this economy (s ≈ 0.8, max z ≈ 287, max x ≈ 1450).
  ASSERT_LT(tolerance.total_output, 1e-8);
  ASSERT_LT(tolerance.labour, 1e-8);
  for (const int ranks : {2, 3}) {
    std::vector<std::vector<double>> by_split[2];
    for (const int contiguous : {0, 1}) {
      SCOPED_TRACE("ranks " + std::to_string(ranks) +
                   (contiguous ? ", contiguous split" : ", interleaved split (default)"));
      const CommandResult petsc =
          PetscIo(economy.scratch, ranks,
                  economy.files + " --format csv" +
                      (contiguous ? " --petsc-options='-leontief_split contiguous'" : ""));
      ASSERT_EQ(petsc.exit_code, 0) << petsc.errors;
      by_split[contiguous] = CsvColumns(petsc.output);
      const auto& got = by_split[contiguous];
      ASSERT_EQ(got.size(), 2u);
      ASSERT_EQ(got[0].size(), expected[0].size());
      // The rows come back in product order: row k of the report is product k's.
      EXPECT_LE(NormwiseDifference(expected[0], got[0]), tolerance.total_output) << "total output";
      EXPECT_LE(NormwiseDifference(expected[1], got[1]), tolerance.labour) << "labour values";
    }
    EXPECT_LE(NormwiseDifference(by_split[0][0], by_split[1][0]), tolerance.total_output)
        << "total output";
    EXPECT_LE(NormwiseDifference(by_split[0][1], by_split[1][1]), tolerance.labour)
        << "labour values";
  }
}

TEST(DistributedBalance, TheSameRanksAndInputGiveTheSameBytes) {
  Economy economy;
  ASSERT_NO_FATAL_FAILURE(Generate(&economy));
  for (const int ranks : {2, 3}) {
    SCOPED_TRACE("ranks " + std::to_string(ranks));
    const CommandResult first = PetscIo(economy.scratch, ranks, economy.files + " --format json");
    ASSERT_EQ(first.exit_code, 0) << first.errors;
    const CommandResult second = PetscIo(economy.scratch, ranks, economy.files + " --format json");
    ASSERT_EQ(second.exit_code, 0) << second.errors;
    EXPECT_EQ(first.output, second.output);
  }
}

// On one rank the snake deals every product to rank 0 in order (blocks of one card): the
// numbering is the identity, so the two splits run the same arithmetic and give the same bytes.
TEST(DistributedBalance, OnOneRankTheSplitChangesNothing) {
  Economy economy;
  ASSERT_NO_FATAL_FAILURE(Generate(&economy));
  const CommandResult interleaved = PetscIo(economy.scratch, 1, economy.files + " --format json");
  ASSERT_EQ(interleaved.exit_code, 0) << interleaved.errors;
  const CommandResult contiguous =
      PetscIo(economy.scratch, 1,
              economy.files + " --format json --petsc-options='-leontief_split contiguous'");
  ASSERT_EQ(contiguous.exit_code, 0) << contiguous.errors;
  EXPECT_EQ(interleaved.output, contiguous.output);
}

TEST(DistributedBalance, AnUnknownSplitIsRefusedOnceWithExitStatusTwo) {
  Economy economy;
  ASSERT_NO_FATAL_FAILURE(Generate(&economy));
  const CommandResult refused =
      PetscIo(economy.scratch, 2, economy.files + " --petsc-options='-leontief_split diagonal'");
  EXPECT_EQ(refused.exit_code, 2) << refused.errors;
  EXPECT_TRUE(refused.output.empty()) << refused.output;
  const std::string said = "'diagonal' is not one of interleaved, contiguous";
  EXPECT_NE(refused.errors.find(said), std::string::npos) << refused.errors;
  EXPECT_EQ(refused.errors.find(said), refused.errors.rfind(said)) << refused.errors;
  EXPECT_NE(refused.errors.find("-leontief_split"), std::string::npos) << refused.errors;
}
#else
TEST(DistributedBalance, MpiTestsNeedPetsc) {
  GTEST_SKIP() << "this build has no PETSc (GOSPLAN_WITH_PETSC=OFF): the mpirun tests of "
                  "--backend petsc do not apply";
}
#endif

}  // namespace
}  // namespace gosplan::testing
