// The postsolve record of a partitioned LP (src/partition/postsolve_record.h): written and read
// back, it undoes PDLP's presolve exactly as the presolver itself does (the independent path: the
// Presolver's own Postsolve on the whole LP), and a hand-derived case gives the expected duals; a
// damaged record is a located error.
#include "partition/postsolve_record.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "pdlp/minimisation_lp.h"
#include "pdlp/presolve.h"
#include "test_support.h"
#include "util/fnv1a.h"

namespace gosplan::testing {
namespace {

// minimise x1 + x2 + x3 + x4
//   R1: 2 x1        ≥ 2        singleton: x1 ≥ 1 (R1 sets x1's lower bound)
//   R2:   x1 + x2   ≥ 3
//   R3:        x3   ≤ 10       singleton: x3 ≤ 10 (R3 sets x3's upper bound)
//   R4:   x2 + x3 + x4 ≥ 1
//   x4 fixed at 5 (lower = upper = 5); x1, x2, x3 ≥ 0.
// Presolve: x4 is fixed (R4 becomes x2 + x3 ≥ −4); R1 and R3 become bounds. Reduced: rows R2, R4;
// columns x1, x2, x3. Postsolve of a reduced point with duals y(R2) = 0.5, y(R4) = 0.25:
//   λ1 = c1 − a21 y2 = 1 − 0.5 = 0.5 > 0, and R1 set x1's lower bound: y(R1) = λ1 / a = 0.5 / 2 =
//   0.25;
//   λ3 = c3 − a43 y4 − a33 y3 = 1 − 0.25 − 0 = 0.75 > 0, but R3 set x3's UPPER bound: y(R3) = 0.
// And x4 = 5.
pdlp::MinimisationLp HandLp() {
  pdlp::MinimisationLp lp;
  lp.matrix.num_rows = 4;
  lp.matrix.num_columns = 4;
  // CSC: x1 (R1: 2, R2: 1), x2 (R2: 1, R4: 1), x3 (R3: 1, R4: 1), x4 (R4: 1)
  lp.matrix.starts = {0, 2, 4, 6, 7};
  lp.matrix.indices = {0, 1, 1, 3, 2, 3, 3};
  lp.matrix.values = {2, 1, 1, 1, 1, 1, 1};
  const double inf = kUnbounded;
  lp.objective = {1, 1, 1, 1};
  lp.column_lower = {0, 0, 0, 5};
  lp.column_upper = {inf, inf, inf, 5};
  lp.row_lower = {2, 3, -inf, 1};
  lp.row_upper = {inf, inf, 10, inf};
  return lp;
}

std::string WriteRecord(const ScratchFolder& scratch, const std::string& bytes) {
  return scratch.Write("postsolve.bin", bytes);
}

TEST(PostsolveRecord, UndoesThePresolveAsThePresolverDoes) {
  const pdlp::MinimisationLp lp = HandLp();
  const pdlp::Presolver presolver(lp);
  ASSERT_FALSE(presolver.infeasible());
  ASSERT_EQ(presolver.reduced().matrix.num_rows, 2);
  ASSERT_EQ(presolver.reduced().matrix.num_columns, 3);
  ScratchFolder scratch;
  const std::string bytes = partition::PostsolveRecordBytes(partition::RecordOf(lp, &presolver));
  const std::string path = WriteRecord(scratch, bytes);
  auto read = partition::ReadPostsolveRecord(path, static_cast<long long>(bytes.size()),
                                             util::Fnv1a(util::kFnv1aOffsetBasis, bytes));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  const partition::PostsolveRecord& record = read.value();

  const std::vector<double> reduced_x = {1.0, 2.0, 0.0}, reduced_y = {0.5, 0.25};
  std::vector<double> x, y, expected_x, expected_y;
  partition::Postsolve(record, reduced_x, reduced_y, &x, &y);
  presolver.Postsolve(reduced_x, reduced_y, &expected_x, &expected_y);
  EXPECT_EQ(x, expected_x);
  EXPECT_EQ(y, expected_y);
  // The hand derivation above.
  EXPECT_EQ(x, (std::vector<double>{1.0, 2.0, 0.0, 5.0}));
  EXPECT_EQ(y, (std::vector<double>{0.25, 0.5, 0.0, 0.25}));
  // The other sign: y(R2) = 2 makes λ1 = −1 < 0 at a lower bound set by R1 — no dual for R1 — and
  // y(R4) = 3 makes λ3 = 1 − 3 = −2 < 0 with R3 setting x3's upper bound: y(R3) = −2 / 1 = −2.
  partition::Postsolve(record, reduced_x, {2.0, 3.0}, &x, &y);
  presolver.Postsolve(reduced_x, {2.0, 3.0}, &expected_x, &expected_y);
  EXPECT_EQ(y, expected_y);
  EXPECT_EQ(y, (std::vector<double>{0.0, 2.0, -2.0, 3.0}));
}

TEST(PostsolveRecord, WithoutPresolveItKeepsEveryRowAndColumn) {
  const pdlp::MinimisationLp lp = HandLp();
  // No fixed columns and no singleton rows: the empty arrays survive the file too.
  const std::string bytes = partition::PostsolveRecordBytes(partition::RecordOf(lp, nullptr));
  // 72-byte header, 4 kept rows, 4 kept columns and their two bounds: 72 + 8 × (4 + 3 × 4) = 200.
  EXPECT_EQ(bytes.size(), 200u);
  ScratchFolder scratch;
  auto read = partition::ReadPostsolveRecord(WriteRecord(scratch, bytes), 200,
                                             util::Fnv1a(util::kFnv1aOffsetBasis, bytes));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  const partition::PostsolveRecord& record = read.value();
  EXPECT_TRUE(record.fixed_columns.empty());
  EXPECT_TRUE(record.restores.empty());
  std::vector<double> x, y;
  partition::Postsolve(record, {1, 2, 3, 4}, {5, 6, 7, 8}, &x, &y);
  EXPECT_EQ(x, (std::vector<double>{1, 2, 3, 4}));
  EXPECT_EQ(y, (std::vector<double>{5, 6, 7, 8}));
}

// A truncated record (its size against the manifest's), a changed byte (the checksum), and a
// record whose checksum was made to match but whose kept rows are out of order (the structure):
// each names the file and what was expected.
TEST(PostsolveRecord, DamageIsALocatedError) {
  const pdlp::MinimisationLp lp = HandLp();
  const pdlp::Presolver presolver(lp);
  const std::string bytes = partition::PostsolveRecordBytes(partition::RecordOf(lp, &presolver));
  const long long size = static_cast<long long>(bytes.size());
  const std::uint64_t checksum = util::Fnv1a(util::kFnv1aOffsetBasis, bytes);
  ScratchFolder scratch;
  const std::string path = WriteRecord(scratch, bytes.substr(0, bytes.size() - 8));
  auto truncated = partition::ReadPostsolveRecord(path, size, checksum);
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(truncated.status().ToString().find(path), std::string::npos);
  EXPECT_NE(truncated.status().ToString().find("(truncated)"), std::string::npos)
      << truncated.status().ToString();

  std::string changed = bytes;
  changed[80] ^= 1;  // bytes 72-87: the kept rows
  WriteRecord(scratch, changed);
  auto damaged = partition::ReadPostsolveRecord(path, size, checksum);
  ASSERT_FALSE(damaged.ok());
  EXPECT_NE(damaged.status().ToString().find("checksum"), std::string::npos)
      << damaged.status().ToString();

  // Kept rows (1, 3) → (3, 1), checksum recomputed: only the structural check can see it.
  std::string swapped = bytes;
  std::string first = swapped.substr(72, 8), second = swapped.substr(80, 8);
  swapped.replace(72, 8, second);
  swapped.replace(80, 8, first);
  WriteRecord(scratch, swapped);
  auto unordered =
      partition::ReadPostsolveRecord(path, size, util::Fnv1a(util::kFnv1aOffsetBasis, swapped));
  ASSERT_FALSE(unordered.ok());
  EXPECT_NE(unordered.status().ToString().find("kept rows are not ascending"), std::string::npos)
      << unordered.status().ToString();
}

}  // namespace
}  // namespace gosplan::testing
