// `gosplan import 5yearplan`: Cockshott's toy economy through the importer, checked against his LP
// written independently here from his description (not with gosplan's plan builder), and against
// the `clp` command on the exported MPS.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "gosplan/import.h"
#include "gosplan/linear_program.h"
#include "gosplan/model.h"
#include "gosplan/model_writer.h"
#include "model_compare.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::DataPath;
using testing::ReadFile;
using testing::RunCli;
using testing::ScratchFolder;

const char* const kFiles[] = {"flows.csv", "cap.csv", "dep.csv", "labtarg.csv"};

std::string Quote(const std::string& path) { return "'" + path + "'"; }

// ---- his CSVs, read the simple way (independent of gosplan's CSV reader)
// ---------------------------

struct Csv {
  std::vector<std::string> header;  // after the label column
  std::vector<std::string> labels;
  std::vector<std::vector<double>> rows;
  const std::vector<double>& Row(const std::string& label) const {
    const auto it = std::find(labels.begin(), labels.end(), label);
    if (it == labels.end()) throw std::runtime_error("no row " + label);
    return rows[static_cast<std::size_t>(it - labels.begin())];
  }
  std::size_t Column(const std::string& name) const {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  }
};

std::string Trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

Csv ReadCsv(const std::string& path) {
  std::ifstream stream(path);
  Csv csv;
  std::string line;
  bool header = true;
  while (std::getline(stream, line)) {
    if (Trim(line).empty()) continue;
    std::vector<std::string> fields;
    std::stringstream cells(line);
    std::string cell;
    while (std::getline(cells, cell, ',')) fields.push_back(Trim(cell));
    if (header) {
      csv.header.assign(fields.begin() + 1, fields.end());
      header = false;
      continue;
    }
    csv.labels.push_back(fields[0]);
    std::vector<double> values;
    for (std::size_t k = 1; k < fields.size(); ++k) values.push_back(std::stod(fields[k]));
    csv.rows.push_back(values);
  }
  return csv;
}

// ---- Cockshott's LP, as his README and nyearplan describe it -----------------------------------

class LpBuilder {
 public:
  int Column(double lower, double upper, double objective) {
    lower_.push_back(lower);
    upper_.push_back(upper);
    objective_.push_back(objective);
    return static_cast<int>(lower_.size()) - 1;
  }
  // A row lower <= Σ coefficient·x[column] <= upper.
  void Row(double lower, double upper, const std::vector<std::pair<int, double>>& terms) {
    const int row = static_cast<int>(row_lower_.size());
    row_lower_.push_back(lower);
    row_upper_.push_back(upper);
    for (const auto& [column, value] : terms) entries_[{column, row}] += value;
  }
  LinearProgram Build() const {
    LinearProgram lp;
    lp.num_rows = static_cast<Index>(row_lower_.size());
    lp.num_columns = static_cast<Index>(lower_.size());
    lp.column_lower = lower_;
    lp.column_upper = upper_;
    lp.objective = objective_;
    lp.row_lower = row_lower_;
    lp.row_upper = row_upper_;
    lp.maximize = true;
    lp.column_starts.assign(lower_.size() + 1, 0);
    for (const auto& [key, value] : entries_) {
      if (value == 0) continue;
      ++lp.column_starts[static_cast<std::size_t>(key.first) + 1];
      lp.row_indices.push_back(key.second);
      lp.values.push_back(value);
    }
    for (std::size_t j = 0; j < lower_.size(); ++j) lp.column_starts[j + 1] += lp.column_starts[j];
    return lp;
  }

 private:
  std::vector<double> lower_, upper_, objective_, row_lower_, row_upper_;
  std::map<std::pair<int, int>, double> entries_;  // (column, row): sorted column-major
};

struct HisOptimum {
  double objective = 0;
  std::vector<double> fulfilment;
};

// Per year t and industries p, products i (all non-negative, as lp_solve's default):
//   output[p,t], flow[p,i,t] (i used by p), labour[p,t], stock[p,i,t] (i held by p),
//   depreciation[p,i,t], accumulation[p,i,t] (i put into p's stock), consumption[i,t], λ[t].
//   output[p,t] <= (base output/flow at base) · flow[p,i,t]          (every input flow)
//   output[p,t] <= (base output/stock at base) · stock[p,i,t]        (every capital stock)
//   output[p,t] <= (base output/labour at base) · labour[p,t]        (labour)
//   Σ_p labour[p,t] <= labour supply[t]
//   depreciation[p,i,t] = dep[i,p] · stock[p,i,t]
//   stock[p,i,1] <= cap[i,p];  stock[p,i,t] <= stock[p,i,t-1] + accumulation[p,i,t-1] −
//   depreciation[p,i,t-1] consumption[i,t] <= output[i,t] − Σ_p accumulation[p,i,t] − Σ_p
//   flow[p,i,t] λ[t] <= consumption[i,t] / target[i,t] for target > 0;   maximise Σ_t λ[t].
HisOptimum SolveHisLp(const std::string& folder) {
  const Csv flows = ReadCsv(folder + "/flows.csv");
  const Csv cap = ReadCsv(folder + "/cap.csv");
  const Csv dep = ReadCsv(folder + "/dep.csv");
  const Csv labtarg = ReadCsv(folder + "/labtarg.csv");
  const std::vector<std::string>& names = flows.header;
  const std::size_t n = names.size();
  const int years = static_cast<int>(labtarg.rows.size());
  const std::vector<double>& base = flows.Row("output");
  const std::vector<double>& labour_at_base = flows.Row("labour");
  const double inf = kUnbounded;

  LpBuilder lp;
  // Column numbers, [t][p][i].
  std::vector<std::vector<int>> output(years), labour(years), consumption(years);
  std::vector<std::vector<std::vector<int>>> flow(years), stock(years), depreciation(years),
      accumulation(years);
  std::vector<int> lambda(years);
  for (int t = 0; t < years; ++t) {
    lambda[t] = lp.Column(0, inf, 1.0);
    for (std::size_t p = 0; p < n; ++p) {
      output[t].push_back(lp.Column(0, inf, 0));
      labour[t].push_back(lp.Column(0, inf, 0));
      consumption[t].push_back(lp.Column(0, inf, 0));
      flow[t].emplace_back();
      stock[t].emplace_back();
      depreciation[t].emplace_back();
      accumulation[t].emplace_back();
      for (std::size_t i = 0; i < n; ++i) {
        flow[t][p].push_back(lp.Column(0, inf, 0));
        stock[t][p].push_back(lp.Column(0, inf, 0));
        depreciation[t][p].push_back(lp.Column(0, inf, 0));
        accumulation[t][p].push_back(lp.Column(0, inf, 0));
      }
    }
  }
  for (int t = 0; t < years; ++t) {
    const std::vector<double>& row = labtarg.rows[static_cast<std::size_t>(t)];
    std::vector<std::pair<int, double>> labour_total;
    for (std::size_t p = 0; p < n; ++p) {
      const std::size_t cp = cap.Column(names[p]);
      for (std::size_t i = 0; i < n; ++i) {
        const double f = flows.Row(names[i])[p];
        if (f != 0) lp.Row(-inf, 0, {{output[t][p], 1.0}, {flow[t][p][i], -base[p] / f}});
        const double k = cap.Row(names[i])[cp];
        if (k != 0) lp.Row(-inf, 0, {{output[t][p], 1.0}, {stock[t][p][i], -base[p] / k}});
        const double d = dep.Row(names[i])[dep.Column(names[p])];
        lp.Row(0, 0, {{depreciation[t][p][i], 1.0}, {stock[t][p][i], -d}});
        if (t == 0) {
          lp.Row(-inf, k, {{stock[t][p][i], 1.0}});
        } else {
          lp.Row(-inf, 0,
                 {{stock[t][p][i], 1.0},
                  {stock[t - 1][p][i], -1.0},
                  {accumulation[t - 1][p][i], -1.0},
                  {depreciation[t - 1][p][i], 1.0}});
        }
      }
      lp.Row(-inf, 0, {{output[t][p], 1.0}, {labour[t][p], -base[p] / labour_at_base[p]}});
      labour_total.push_back({labour[t][p], 1.0});
    }
    lp.Row(-inf, row[labtarg.Column("labour")], labour_total);
    for (std::size_t i = 0; i < n; ++i) {
      std::vector<std::pair<int, double>> balance = {{consumption[t][i], 1.0},
                                                     {output[t][i], -1.0}};
      for (std::size_t p = 0; p < n; ++p) {
        balance.push_back({accumulation[t][p][i], 1.0});
        balance.push_back({flow[t][p][i], 1.0});
      }
      lp.Row(-inf, 0, balance);
      const double target = row[labtarg.Column(names[i])];
      if (target > 0) lp.Row(-inf, 0, {{lambda[t], 1.0}, {consumption[t][i], -1.0 / target}});
    }
  }
  auto solution = SolveWithClp(lp.Build());
  EXPECT_TRUE(solution.ok()) << solution.status().ToString();
  HisOptimum optimum;
  if (!solution.ok()) return optimum;
  EXPECT_EQ(solution->status, LpStatus::kOptimal);
  optimum.objective = solution->objective;
  for (int t = 0; t < years; ++t) optimum.fulfilment.push_back(solution->column_values[lambda[t]]);
  return optimum;
}

// Solves an MPS file with the `clp` program and returns the objective it reports in the
// solution file's first line ("Optimal - objective value <v>").
double ClpCommandObjective(const std::string& mps, bool maximize, const std::string& scratch) {
  const std::string tag = maximize ? "max" : "min";
  const std::string solution = scratch + "/clp-" + tag + ".txt";
  const std::string log = scratch + "/clp-" + tag + ".log";
  const std::string command = "/usr/bin/clp " + Quote(mps) + (maximize ? " -maximize" : "") +
                              " -dualsimplex -solution " + Quote(solution) + " > " + Quote(log) +
                              " 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0) << ReadFile(log);
  const std::string text = ReadFile(solution);
  std::smatch match;
  if (!std::regex_search(text, match, std::regex(R"(^Optimal - objective value\s+(\S+))"))) {
    ADD_FAILURE() << "clp did not report an optimum: " << text.substr(0, 200) << ReadFile(log);
    return std::nan("");
  }
  return std::stod(match[1].str());
}

// ---- tests ------------------------------------------------------------------------------------

TEST(Import5YearPlan, ToyEconomyHasTheOptimumOfCockshottsLp) {
  const std::string source = DataPath("plans/5yearplan-toy");
  ScratchFolder scratch;
  const std::string model = scratch.path() + "/model";
  const std::string plan = scratch.path() + "/plan";
  const std::string mps = scratch.path() + "/plan.mps";

  auto imported = RunCli("import 5yearplan " + Quote(source) + " --out " + Quote(model) + " -q");
  ASSERT_EQ(imported.exit_code, 0) << imported.errors;
  auto planned = RunCli("plan " + Quote(model) + " --out " + Quote(plan) + " --write-mps " +
                        Quote(mps) + " -q");
  ASSERT_EQ(planned.exit_code, 0) << planned.errors << planned.output;

  const auto summary = nlohmann::json::parse(ReadFile(plan + "/summary.json"));
  ASSERT_EQ(summary["status"], "optimal");
  EXPECT_EQ(summary["base_year"], 0);
  ASSERT_EQ(summary["horizon"], 5);

  const HisOptimum his = SolveHisLp(source);
  ASSERT_EQ(his.fulfilment.size(), 5u);
  const auto& fulfilment = summary["fulfilment"];
  ASSERT_EQ(fulfilment.size(), 5u);
  double sum = 0;
  for (int t = 0; t < 5; ++t) {
    EXPECT_EQ(fulfilment[t]["year"], t + 1);  // base_year 0: his yeark is plan year k
    const double ours = fulfilment[t]["fulfilment"].get<double>();
    EXPECT_NEAR(ours, his.fulfilment[t], 1e-6) << "year " << t + 1;
    sum += ours;
    std::printf("year %d: lambda gosplan %.10g, his LP %.10g\n", t + 1, ours, his.fulfilment[t]);
  }
  EXPECT_NEAR(summary["objective"].get<double>(), his.objective, 1e-6);
  EXPECT_NEAR(sum, his.objective, 1e-6);
  EXPECT_GT(his.objective, 0.0);

  // The exported MPS, solved by the `clp` program, has the same optimum. WriteMps keeps the
  // objective as stated (the file does not record the maximisation, see the next test), and the
  // clp 1.17 program ignores an OBJSENSE section, so the sense is given on the command line; if a
  // later WriteMps negates the objective instead (a minimisation of −Σλ), the plain run finds −Σλ.
  if (!std::filesystem::exists("/usr/bin/clp")) GTEST_SKIP() << "/usr/bin/clp is not installed";
  const double maximised = ClpCommandObjective(mps, true, scratch.path());
  const double minimised = ClpCommandObjective(mps, false, scratch.path());
  std::printf("clp command: maximised %.10g, minimised %.10g\n", maximised, minimised);
  EXPECT_NEAR(std::max(maximised, -minimised), his.objective, 1e-6);
}

// WriteMps (src/lp/mps_writer.cc) writes the plan's maximisation as the minimisation of its negated
// objective, so a solver reading the file by the MPS convention (minimise, no OBJSENSE) finds −Σλ,
// not 0.
TEST(Import5YearPlan, ExportedMpsStatesItsObjectiveSense) {
  if (!std::filesystem::exists("/usr/bin/clp")) GTEST_SKIP() << "/usr/bin/clp is not installed";
  const std::string source = DataPath("plans/5yearplan-toy");
  ScratchFolder scratch;
  const std::string model = scratch.path() + "/model";
  const std::string mps = scratch.path() + "/plan.mps";
  ASSERT_EQ(
      RunCli("import 5yearplan " + Quote(source) + " --out " + Quote(model) + " -q").exit_code, 0);
  ASSERT_EQ(RunCli("plan " + Quote(model) + " --write-mps " + Quote(mps) + " -q").exit_code, 0);
  const HisOptimum his = SolveHisLp(source);
  // MPS minimises: the plan's maximisation is written with its objective negated, so `clp F.mps`
  // (no sense flag) must find minus his optimum.
  const double minimised = ClpCommandObjective(mps, false, scratch.path());
  EXPECT_NEAR(minimised, -his.objective, 1e-6);
}

TEST(Import5YearPlan, MappingFollowsHisCsvs) {
  const std::string source = DataPath("plans/5yearplan-toy");
  auto result = ImportFiveYearPlan(source);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const Model& model = result.value();
  const Csv flows = ReadCsv(source + "/flows.csv");
  const Csv cap = ReadCsv(source + "/cap.csv");
  const Csv dep = ReadCsv(source + "/dep.csv");
  const Csv labtarg = ReadCsv(source + "/labtarg.csv");
  const std::size_t n = flows.header.size();

  EXPECT_EQ(model.settings.base_year, 0);
  EXPECT_EQ(model.settings.horizon, static_cast<int>(labtarg.rows.size()));
  EXPECT_EQ(model.settings.objective, ObjectiveKind::kPlanRay);
  ASSERT_EQ(model.products.size(), n);
  ASSERT_EQ(model.techniques.size(), n);
  ASSERT_EQ(model.enterprises.size(), n);
  ASSERT_EQ(model.resources.size(), 1u);
  EXPECT_EQ(model.resources[0].id, "labour");
  const std::vector<double>& base = flows.Row("output");
  for (std::size_t p = 0; p < n; ++p) {
    EXPECT_EQ(model.products[p].id, flows.header[p]);
    EXPECT_EQ(model.enterprises[p].kind, EnterpriseKind::kFactory);
    EXPECT_EQ(model.enterprises[p].construction_lag, 1);
    EXPECT_FALSE(model.products[p].storable);
  }
  // in[p,i] = flows[i,p] / output[p] for every non-zero flow.
  std::size_t flows_nonzero = 0;
  for (std::size_t p = 0; p < n; ++p) {
    for (std::size_t i = 0; i < n; ++i) flows_nonzero += flows.Row(flows.header[i])[p] != 0;
  }
  ASSERT_EQ(model.inputs.size(), flows_nonzero);
  for (const Coefficient& c : model.inputs) {
    const double expected = flows.Row(flows.header[c.item])[c.technique] / base[c.technique];
    EXPECT_DOUBLE_EQ(c.value, expected);
  }
  for (const Coefficient& c : model.resource_use) {
    EXPECT_DOUBLE_EQ(c.value, flows.Row("labour")[c.technique] / base[c.technique]);
  }
  // b[p,i] = cap[i,p] / output[p]; K0 = cap / (1 - d), so that (1 - d)·K0 = his year-1 stock.
  for (const CapitalCoefficient& c : model.capital) {
    EXPECT_DOUBLE_EQ(c.per_unit_activity,
                     cap.Row(cap.header[c.product])[c.technique] / base[c.technique]);
    EXPECT_DOUBLE_EQ(c.depreciation, dep.Row(dep.header[c.product])[c.technique]);
  }
  for (const InitialStock& s : model.initial_stocks) {
    const double d = dep.Row(dep.header[s.product])[s.enterprise];
    EXPECT_NEAR((1 - d) * s.quantity, cap.Row(cap.header[s.product])[s.enterprise], 1e-12);
  }
  // Labour supply and targets per year.
  for (int t = 1; t <= model.horizon(); ++t) {
    EXPECT_EQ(model.Availability(0, t), labtarg.rows[t - 1][labtarg.Column("labour")]);
  }
  for (const FinalDemand& fd : model.final_demand) {
    EXPECT_EQ(fd.floor, 0.0);
    EXPECT_EQ(fd.target, labtarg.rows[fd.year - 1][labtarg.Column(flows.header[fd.product])]);
  }
  EXPECT_EQ(model.final_demand_categories, std::vector<std::string>{"consumption"});

  // The written folder loads back as the same model.
  ScratchFolder scratch;
  ASSERT_TRUE(WriteModelFolder(model, scratch.path() + "/m", false).ok());
  auto loaded = LoadModel(scratch.path() + "/m");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  testing::ExpectSameModel(model, loaded.value());
}

// A copy of the toy data with one file replaced (or removed when `text` is empty).
std::string CopyWith(const ScratchFolder& scratch, const std::string& file,
                     const std::string& text) {
  const std::string dir = scratch.path() + "/in";
  std::filesystem::create_directories(dir);
  for (const char* name : kFiles) {
    std::filesystem::copy_file(DataPath(std::string("plans/5yearplan-toy/") + name),
                               dir + "/" + name, std::filesystem::copy_options::overwrite_existing);
  }
  if (text.empty()) {
    std::filesystem::remove(dir + "/" + file);
  } else {
    scratch.Write("in/" + file, text);
  }
  return dir;
}

const char* const kFlows =
    "headings,iron,coal,corn,bread\n"
    "iron,0.1,0,0,0\n"
    "coal,2,1,0.04,0.2\n"
    "corn,0,0,1,1\n"
    "bread,0,0,0,0\n"
    "labour,0.3,1,2,0.1\n"
    "output,10,6,10,1\n";

TEST(Import5YearPlan, BlankAndWhitespaceLinesAreTolerated) {
  ScratchFolder scratch;
  const std::string flows = std::string(" \n") + "headings,iron,coal,corn,bread\n" + "\t\n" +
                            "iron,0.1,0,0,0\n \ncoal,2,1,0.04,0.2\r\ncorn,0,0,1,1\nbread,0,0,0,0\n"
                            "labour,0.3,1,2,0.1\noutput,10,6,10,1\n \n";
  const std::string dir = CopyWith(scratch, "flows.csv", flows);
  auto imported = ImportFiveYearPlan(dir);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  auto reference = ImportFiveYearPlan(DataPath("plans/5yearplan-toy"));
  ASSERT_TRUE(reference.ok());
  imported.value().settings.name = reference.value().settings.name;
  imported.value().settings.description = reference.value().settings.description;
  testing::ExpectSameModel(reference.value(), imported.value());
}

struct BadCase {
  const char* name;
  const char* file;
  std::string text;      // replacement content; empty: the file is removed
  std::string expected;  // a substring of stderr: file:line:column: ...
};

TEST(Import5YearPlan, BadInputsExitTwoWithFileLineColumn) {
  const std::vector<BadCase> cases = {
      {"missing file", "labtarg.csv", "", "labtarg.csv: file not found"},
      {"non-numeric cell", "cap.csv",
       "headings,iron,coal,corn,bread\niron,10,7,1.4,1\ncoal,2,lots,0.04,0.1\ncorn,0,0,1,0\n"
       "bread,0,0,0,0\n",
       "cap.csv:3:3:"},
      {"output zero", "flows.csv",
       "headings,iron,coal,corn,bread\niron,0.1,0,0,0\ncoal,2,1,0.04,0.2\ncorn,0,0,1,1\n"
       "bread,0,0,0,0\nlabour,0.3,1,2,0.1\noutput,10,6,0,1\n",
       "flows.csv:7:4: output of industry 'corn' is 0"},
      {"negative output", "flows.csv",
       "headings,iron,coal,corn,bread\niron,0.1,0,0,0\ncoal,2,1,0.04,0.2\ncorn,0,0,1,1\n"
       "bread,0,0,0,0\nlabour,0.3,1,2,0.1\noutput,10,-6,10,1\n",
       "flows.csv:7:3:"},
      {"columns differ", "dep.csv",
       "headings,iron,corn,coal,bread\niron,0.07,0.07,0.07,0.06\ncoal,0.5,0.5,0.5,0.5\n"
       "corn,0,0,0.5,0\nbread,0,0,0,0\n",
       "dep.csv:1:3: column 'corn' differs"},
      {"labtarg without labour", "labtarg.csv", "headings,iron,coal,corn,bread\nyear1,0.1,3,0,2\n",
       "labtarg.csv:1: missing column 'labour'"},
      {"ragged row", "labtarg.csv",
       "headings,iron,coal,corn,bread,labour\nyear1,0.1,3,0,2,3\nyear2,0.1,3,0,2\n",
       "labtarg.csv:3:"},
      {"depreciation one with stock", "dep.csv",
       "headings,iron,coal,corn,bread\niron,0.07,1,0.07,0.06\ncoal,0.5,0.5,0.5,0.5\n"
       "corn,0,0,0.5,0\nbread,0,0,0,0\n",
       "dep.csv:2:3: depreciation of 'iron' in 'coal' is 1"},
      {"unknown row", "cap.csv",
       "headings,iron,coal,corn,bread\niron,10,7,1.4,1\ncoal,2,1,0.04,0.1\ncorn,0,0,1,0\n"
       "steel,0,0,0,0\n",
       "cap.csv:5:1: unknown row 'steel'"},
      {"missing labour row", "flows.csv",
       "headings,iron,coal,corn,bread\niron,0.1,0,0,0\ncoal,2,1,0.04,0.2\ncorn,0,0,1,1\n"
       "bread,0,0,0,0\noutput,10,6,10,1\n",
       "flows.csv: missing row 'labour'"},
      {"year rows out of order", "labtarg.csv",
       "headings,iron,coal,corn,bread,labour\nyear2,0.1,3,0,2,3\nyear1,0.1,3,0,2,3\n",
       "labtarg.csv:2:1: row label 'year2' is not 'year1'"},
  };
  for (const BadCase& bad : cases) {
    SCOPED_TRACE(bad.name);
    ScratchFolder scratch;
    const std::string dir = CopyWith(scratch, bad.file, bad.text);
    const std::string out = scratch.path() + "/model";
    const auto result = RunCli("import 5yearplan " + Quote(dir) + " --out " + Quote(out));
    EXPECT_EQ(result.exit_code, 2) << result.errors;
    EXPECT_NE(result.errors.find(dir + "/" + bad.expected), std::string::npos) << result.errors;
    EXPECT_TRUE(result.output.empty()) << result.output;
    EXPECT_FALSE(std::filesystem::exists(out));
  }
}

TEST(Import5YearPlan, MissingFolderAndExistingOutput) {
  ScratchFolder scratch;
  auto missing = RunCli("import 5yearplan " + Quote(scratch.path() + "/nowhere") + " --out " +
                        Quote(scratch.path() + "/m"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.errors.find("nowhere: folder not found"), std::string::npos) << missing.errors;

  const std::string source = DataPath("plans/5yearplan-toy");
  const std::string out = scratch.path() + "/m";
  ASSERT_EQ(RunCli("import 5yearplan " + Quote(source) + " --out " + Quote(out) + " -q").exit_code,
            0);
  auto again = RunCli("import 5yearplan " + Quote(source) + " --out " + Quote(out) + " -q");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.errors.find("already exists"), std::string::npos) << again.errors;
  EXPECT_EQ(RunCli("import 5yearplan " + Quote(source) + " --out " + Quote(out) + " --force -q")
                .exit_code,
            0);
  EXPECT_TRUE(LoadModel(out).ok());
}

}  // namespace
}  // namespace gosplan
