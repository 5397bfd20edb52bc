// The loader looks up the ids of the coming rows ahead of time (Table::PrefetchAhead in
// src/model/loader.cc: a cursor some lines ahead starts loading the index slots of the ids it sees,
// for indexes of at least 4096 ids). That is a hint only: the model and the problems must be those
// the rows say, whatever the cursor sees — comments, blank lines, quoted ids, CRLF line ends and
// quoted cells holding line ends (where the cursor's lines are not the reader's rows).
//
// The technique_inputs table of a generated 5000-product economy is rewritten here with rows whose
// content follows a formula: the expected coefficients and diagnostics come from the formula and
// from counting the lines written, not from the loader.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "gosplan/model.h"
#include "test_support.h"

namespace gosplan {
namespace {

using gosplan::testing::RunCli;
using gosplan::testing::ScratchFolder;

constexpr int kProducts = 5000;  // above the loader's 4096: product lookups are read ahead

std::string Generate(const ScratchFolder& scratch) {
  const std::string folder = scratch.path() + "/economy";
  const auto run = RunCli("generate --products " + std::to_string(kProducts) +
                          " --inputs-per-product 2 --years 2 --seed 5 --out " + folder + " -q");
  EXPECT_EQ(run.exit_code, 0) << run.errors;
  return folder;
}

// Input row r of technique t = r / 3: product p[(7t + 13k + 1) mod 5000] with k = r mod 3 (three
// different products per technique, so no pair repeats) and coefficient (k + 1) / 8, exact in
// binary (0.125, 0.25, 0.375).
struct InputRow {
  int technique, product;
  double coefficient;
};
InputRow Expected(int r) {
  const int t = r / 3, k = r % 3;
  return {t, (7 * t + 13 * k + 1) % kProducts, (k + 1) / 8.0};
}

// Writes technique_inputs.csv with kProducts × 3 rows, decorated as the reader must accept: a
// comment before every 31st row, a blank line before every 29th, every 10th product quoted, every
// 17th line ended by CRLF, and every 50th row's note a quoted text over two lines. `unknown`: row
// numbers whose product is replaced by an id that does not exist (the text to write); their
// lines (1-based, as the loader counts them) are returned in order.
std::vector<std::int64_t> WriteInputs(const std::string& folder,
                                      const std::vector<std::pair<int, std::string>>& unknown) {
  std::ofstream out(folder + "/technique_inputs.csv", std::ios::binary | std::ios::trunc);
  out << "technique,product,coefficient,note\n";
  std::int64_t line = 2;  // the next line to be written
  std::vector<std::int64_t> unknown_lines;
  std::size_t next_unknown = 0;
  for (int r = 0; r < kProducts * 3; ++r) {
    if (r % 31 == 11) out << "# comment, with \"quotes\", and commas\n", ++line;
    if (r % 29 == 13) out << "\n", ++line;
    const InputRow row = Expected(r);
    std::string product = "p" + std::to_string(row.product);
    if (next_unknown < unknown.size() && unknown[next_unknown].first == r) {
      product = unknown[next_unknown++].second;
      unknown_lines.push_back(line);
    }
    if (r % 10 == 3) product = "\"" + product + "\"";
    const char* coefficient = r % 3 == 0 ? "0.125" : r % 3 == 1 ? "0.25" : "0.375";
    out << "make_p" << row.technique << "," << product << "," << coefficient << ",";
    if (r % 50 == 7) out << "\"a note\nover two lines\"", ++line;
    out << (r % 17 == 5 ? "\r\n" : "\n");
    ++line;
  }
  return unknown_lines;
}

TEST(ModelLoadAhead, EveryInputIsTheOneItsRowNames) {
  ScratchFolder scratch;
  const std::string folder = Generate(scratch);
  WriteInputs(folder, {});
  LoadOptions options;
  options.cache = ModelCacheMode::kOff;
  Result<Model> loaded = LoadModel(folder, options);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const Model& model = loaded.value();
  ASSERT_EQ(model.inputs.size(), static_cast<std::size_t>(kProducts * 3));
  for (int r = 0; r < kProducts * 3; ++r) {
    const InputRow expected = Expected(r);
    const Coefficient& got = model.inputs[static_cast<std::size_t>(r)];
    ASSERT_EQ(model.techniques[static_cast<std::size_t>(got.technique)].id,
              "make_p" + std::to_string(expected.technique))
        << "row " << r;
    ASSERT_EQ(model.products[static_cast<std::size_t>(got.item)].id,
              "p" + std::to_string(expected.product))
        << "row " << r;
    ASSERT_EQ(got.value, expected.coefficient) << "row " << r;
  }
}

TEST(ModelLoadAhead, UnknownIdsAreReportedOnTheirOwnLines) {
  ScratchFolder scratch;
  const std::string folder = Generate(scratch);
  // Row 6003 is quoted (r mod 10 = 3), row 12005 ends in CRLF (r mod 17 = 5); row 13507's note runs
  // over two lines (r mod 50 = 7) and its product is the last unknown.
  const std::vector<std::int64_t> lines =
      WriteInputs(folder, {{6003, "p_gone"}, {12005, "p99999"}, {13507, "p5000"}});
  LoadOptions options;
  options.cache = ModelCacheMode::kOff;
  Result<Model> loaded = LoadModel(folder, options);
  ASSERT_FALSE(loaded.ok());
  const Diagnostics& problems = loaded.status().diagnostics();
  ASSERT_EQ(problems.total(), 3u) << loaded.status().ToString();
  const char* ids[] = {"p_gone", "p99999", "p5000"};
  for (std::size_t k = 0; k < 3; ++k) {
    const Diagnostic& problem = problems.list()[k];
    EXPECT_EQ(problem.line, lines[k]) << problem.message;
    EXPECT_EQ(problem.column, 2);
    EXPECT_EQ(problem.message, std::string("unknown product '") + ids[k] + "'");
  }
}

}  // namespace
}  // namespace gosplan
