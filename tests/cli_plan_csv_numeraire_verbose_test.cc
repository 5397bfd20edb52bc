// The last pieces of one command line: `plan --format csv` (the summary as rows), `plan
// --price-numeraire RESOURCE` (prices in units of a resource) and `-v` on check, verify and model.
// Every expected figure is read from another file of the same run (summary.json, the model's
// resource_availability.csv, prices.csv's own shadow_price column): an independent path.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace gosplan {
namespace {

using testing::ReadFile;
using testing::RunCli;
using testing::ScratchFolder;
using testing::SourcePath;

std::string Quote(const std::string& text) { return "'" + text + "'"; }

// A plain comma-separated table without quoted fields (the files read here have none in the
// columns used), as rows of cells, header first.
std::vector<std::vector<std::string>> Rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream fields(line);
    while (std::getline(fields, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    rows.push_back(cells);
  }
  return rows;
}

int Column(const std::vector<std::string>& header, const std::string& name) {
  for (std::size_t k = 0; k < header.size(); ++k) {
    if (header[k] == name) return static_cast<int>(k);
  }
  ADD_FAILURE() << "no column " << name;
  return 0;
}

TEST(PlanCsv, SummaryRowsAgreeWithSummaryJsonAndTheModel) {
  ScratchFolder scratch;
  const std::string out = scratch.path() + "/plan";
  const auto run =
      RunCli("plan " + Quote(SourcePath("examples/ussr-1928")) + " -q --format csv --out " + out);
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  const auto rows = Rows(run.output);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], (std::vector<std::string>{"kind", "id", "year", "value", "unit", "name"}));
  const nlohmann::json summary = nlohmann::json::parse(ReadFile(out + "/summary.json"));
  std::map<int, double> lambda;
  for (const auto& entry : summary["fulfilment"]) {
    lambda[entry["year"].get<int>()] = entry["fulfilment"].get<double>();
  }
  // Availability as the model's own table states it (1929–1933 are all declared there).
  std::map<std::pair<std::string, int>, double> available;
  const auto table = Rows(ReadFile(SourcePath("examples/ussr-1928/resource_availability.csv")));
  for (std::size_t k = 1; k < table.size(); ++k) {
    available[{table[k][0], std::stoi(table[k][1])}] = std::stod(table[k][2]);
  }
  int fulfilment_rows = 0, availability_rows = 0;
  bool status = false, objective = false;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    const auto& row = rows[k];
    if (row[0] == "status") status = row[1] == "optimal";
    if (row[0] == "objective") {
      objective = true;
      EXPECT_NEAR(std::stod(row[3]), summary["objective"].get<double>(), 1e-9);
    }
    if (row[0] == "fulfilment") {
      ++fulfilment_rows;
      EXPECT_NEAR(std::stod(row[3]), lambda.at(std::stoi(row[2])), 1e-9) << row[2];
    }
    if (row[0] == "resource_available") {
      ++availability_rows;
      EXPECT_DOUBLE_EQ(std::stod(row[3]), available.at({row[1], std::stoi(row[2])}));
    }
  }
  EXPECT_TRUE(status);
  EXPECT_TRUE(objective);
  EXPECT_EQ(fulfilment_rows, 5);     // 1929..1933
  EXPECT_EQ(availability_rows, 10);  // labour and land × 5 years
}

TEST(PriceNumeraire, PricesInLabourAreEachPriceOverLaboursPriceThatYear) {
  ScratchFolder scratch;
  const std::string out = scratch.path() + "/plan";
  const auto run = RunCli("plan " + Quote(SourcePath("examples/ussr-1928")) +
                          " -q --price-numeraire labour --out " + out);
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  const auto rows = Rows(ReadFile(out + "/prices.csv"));
  ASSERT_GT(rows.size(), 1u);
  const auto& header = rows[0];
  const int kind = Column(header, "kind"), id = Column(header, "id"), year = Column(header, "year");
  const int price = Column(header, "shadow_price"), in_labour = Column(header, "price_in_labour");
  std::map<std::string, double> labour;  // year -> labour's shadow price
  for (const auto& row : rows) {
    if (row[kind] == "resource" && row[id] == "labour") labour[row[year]] = std::stod(row[price]);
  }
  ASSERT_EQ(labour.size(), 5u);
  int scarce_years = 0;
  for (const auto& [y, p] : labour) scarce_years += p > 1e-12;
  ASSERT_GT(scarce_years, 0) << "labour is never scarce: the test would check nothing";
  int checked = 0;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    const auto& row = rows[k];
    const double base = labour.at(row[year]);
    const std::string cell = in_labour < static_cast<int>(row.size()) ? row[in_labour] : "";
    if (base <= 1e-12) {
      EXPECT_EQ(cell, "") << "labour is free in " << row[year] << ": no price in labour";
      continue;
    }
    ASSERT_FALSE(cell.empty()) << row[kind] << " " << row[id] << " " << row[year];
    const double expected = std::stod(row[price]) / base;
    EXPECT_NEAR(std::stod(cell), expected, 1e-9 * std::max(1.0, std::abs(expected)));
    if (row[kind] == "resource" && row[id] == "labour") EXPECT_EQ(cell, "1");
    ++checked;
  }
  EXPECT_GT(checked, 100);
  const std::string readme = ReadFile(out + "/README.md");
  EXPECT_NE(readme.find("This plan's numeraire is the resource `labour`"), std::string::npos);
  // The numeraire is recorded with the options.
  const nlohmann::json summary = nlohmann::json::parse(ReadFile(out + "/summary.json"));
  EXPECT_EQ(summary["options"]["price_numeraire"], "labour");
  // The plan with a numeraire still verifies: the duals themselves are unchanged.
  const auto verified =
      RunCli("verify " + Quote(SourcePath("examples/ussr-1928")) + " " + out + " -q");
  EXPECT_EQ(verified.exit_code, 0) << verified.output << verified.errors;
}

TEST(PriceNumeraire, AnUnknownResourceIsRefusedNamingTheResources) {
  const auto run =
      RunCli("plan " + Quote(SourcePath("examples/ussr-1928")) + " -q --price-numeraire labor");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.errors.find("price_numeraire 'labor' is not a resource of the model (expected one "
                            "of: labour, land)"),
            std::string::npos)
      << run.errors;
}

// Dakota (Winston): published duals finishing 10, carpentry 10, lumber 0 (a minimisation here,
// so binding rows carry −10).
TEST(CsvEverywhere, LpSolutionOnStdout) {
  const auto run = RunCli("lp " + Quote(testing::DataPath("lp/textbook/dakota_winston.mps")) +
                          " -q --format csv");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  std::map<std::string, double> dual;
  for (const auto& row : Rows(run.output)) {
    if (row[0] == "row") dual[row[1]] = std::stod(row[3]);
  }
  EXPECT_NEAR(std::abs(dual.at("FINISH")), 10.0, 1e-9);
  EXPECT_NEAR(std::abs(dual.at("CARPENT")), 10.0, 1e-9);
  EXPECT_NEAR(dual.at("LUMBER"), 0.0, 1e-9);
}

// The counts of `model check --format csv` against the model's own files (data rows counted here).
TEST(CsvEverywhere, ModelCountsAgreeWithTheTables) {
  const std::string folder = SourcePath("examples/ussr-1928");
  const auto run = RunCli("model check " + Quote(folder) + " --format csv");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  std::map<std::string, long> count;
  for (const auto& row : Rows(run.output)) {
    if (row[0] != "what") count[row[0]] = std::stol(row[1]);
  }
  auto data_rows = [&](const char* file) {
    return static_cast<long>(Rows(ReadFile(folder + "/" + file)).size()) - 1;  // minus the header
  };
  EXPECT_EQ(count.at("products"), data_rows("products.csv"));
  EXPECT_EQ(count.at("techniques"), data_rows("techniques.csv"));
  EXPECT_EQ(count.at("enterprises"), data_rows("enterprises.csv"));
  EXPECT_EQ(count.at("nonzeros_inputs"), data_rows("technique_inputs.csv"));
  EXPECT_EQ(count.at("plan_years"), 5);  // model.toml: horizon = 5
}

TEST(Verbose, CheckVerifyAndModelSayMoreOnStderrOnly) {
  ScratchFolder scratch;
  const std::string model = Quote(SourcePath("examples/ussr-1928"));
  const std::string out = scratch.path() + "/plan";
  ASSERT_EQ(RunCli("plan " + model + " -q --out " + out).exit_code, 0);

  const auto check = RunCli("check " + model + " -v");
  const auto check_plain = RunCli("check " + model);
  EXPECT_EQ(check.exit_code, check_plain.exit_code);
  EXPECT_EQ(check.output, check_plain.output);  // stdout unchanged
  EXPECT_NE(check.errors.find("LP solve 1 (primal): optimal,"), std::string::npos) << check.errors;

  const auto verify = RunCli("verify " + model + " " + out + " -v");
  EXPECT_EQ(verify.exit_code, 0);
  for (const char* group : {"material balances:", "capital:", "duality:"}) {
    EXPECT_NE(verify.errors.find(group), std::string::npos) << group << "\n" << verify.errors;
  }
  EXPECT_NE(verify.errors.find("0 failed"), std::string::npos);

  const auto loaded = RunCli("model check " + model + " -v --no-cache");
  EXPECT_EQ(loaded.exit_code, 0);
  EXPECT_NE(loaded.errors.find("technique_inputs.csv ("), std::string::npos) << loaded.errors;
  EXPECT_NE(loaded.errors.find("cache: not used (--no-cache)"), std::string::npos) << loaded.errors;

  // io: the solver's facts; the Eurostat table's A is productive, ρ(A) < 1.
  const auto io = RunCli("io " + Quote(testing::DataPath("io/eurostat-germany-1995.csv")) +
                         " -v --format text");
  EXPECT_EQ(io.exit_code, 0) << io.errors;
  EXPECT_NE(io.errors.find("spectral radius of A in ["), std::string::npos) << io.errors;

  // -v and -q exclude each other.
  EXPECT_EQ(RunCli("verify " + model + " " + out + " -v -q").exit_code, 2);
}

}  // namespace
}  // namespace gosplan
