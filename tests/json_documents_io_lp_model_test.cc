// The io, leontief, lp and model documents and reports, produced in-process by the library
// (IoJson, LeontiefJson, LpJson, ModelJson and their text forms): each document must match its
// example in docs/json.md (tests/json_doc_check.h), and carries the published answers other tests
// assert through the command line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "gosplan/io_table.h"
#include "gosplan/leontief.h"
#include "gosplan/linear_program.h"
#include "gosplan/model.h"
#include "gosplan/pdlp.h"
#include "json_doc_check.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::DataPath;
using ::testing::HasSubstr;
using testing::JoinMismatches;
using testing::JsonDocumentMismatches;
using ::testing::Not;
using testing::ScratchFolder;
using testing::SourcePath;

#define EXPECT_DOCUMENTED(text) \
  EXPECT_EQ(JoinMismatches(JsonDocumentMismatches(text)), "") << (text)

// ---- gosplan.io/1
// -------------------------------------------------------------------------------------------

TEST(IoDocument, MillerBlairWithFinalDemandAndInverse) {
  ScratchFolder scratch;
  auto table = LoadIoTable(DataPath("io/miller-blair-2009-2x2.csv"));
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  auto demand = LoadFinalDemand(scratch.Write("y.csv", "sector,value\nsector1,600\nsector2,1500\n"),
                                table.value());
  ASSERT_TRUE(demand.ok()) << demand.status().ToString();
  IoAnalysisOptions options;
  options.inverse = true;
  auto analysis = AnalyseIoTable(table.value(), demand.value(), options);
  ASSERT_TRUE(analysis.ok()) << analysis.status().ToString();
  const std::string text = IoJson(table.value(), analysis.value());
  EXPECT_DOCUMENTED(text);
  const nlohmann::json out = nlohmann::json::parse(text);
  // Published (Miller & Blair 2009, table 2.3): x = (1247.52, 1841.58), labour multipliers
  // (0.44224, 0.37954), L = [[1.254125, 0.330033], [0.264026, 1.122112]].
  EXPECT_NEAR(out["total_output"][0].get<double>(), 1247.52, 5e-3);
  EXPECT_NEAR(out["total_output"][1].get<double>(), 1841.58, 5e-3);
  EXPECT_NEAR(out["multipliers"]["labour"][1].get<double>(), 0.37954, 5e-6);
  EXPECT_NEAR(out["leontief_inverse"][0][1].get<double>(), 0.330033, 5e-7);
  EXPECT_NEAR(out["leontief_inverse"][1][0].get<double>(), 0.264026, 5e-7);
  EXPECT_NEAR(out["leontief_diagonal"][1].get<double>(), 1.122112, 5e-7);

  // Reporting one sector: every per-sector array and the inverse shrink to it.
  IoReportOptions one;
  one.sectors = {1};
  const nlohmann::json second = nlohmann::json::parse(IoJson(table.value(), analysis.value(), one));
  EXPECT_EQ(second["sectors"], nlohmann::json({"sector2"}));
  EXPECT_EQ(second["n"], 2);
  ASSERT_EQ(second["leontief_inverse"].size(), 1u);
  EXPECT_NEAR(second["leontief_inverse"][0][0].get<double>(), 1.122112, 5e-7);

  // The text report: L's column sums are the output multipliers, 1.254125 + 0.264026 = 1.518151 (to
  // the published rounding), and the inverse block is printed.
  one.final_demand_source = "y.csv";
  const std::string report = IoTextReport(table.value(), analysis.value(), one);
  EXPECT_THAT(report, HasSubstr("final demand: y.csv\n"));
  EXPECT_THAT(report, HasSubstr("Leontief inverse L = (I - A)^-1"));
  EXPECT_THAT(report, Not(HasSubstr("sector1  ")));
  const std::string all = IoTextReport(table.value(), analysis.value());
  EXPECT_THAT(all, HasSubstr("final demand: the table's final-demand columns (final_demand)\n"));
  EXPECT_THAT(all, HasSubstr("1.518152"));
}

TEST(IoDocument, EurostatGermanyWithoutInverse) {
  auto table = LoadIoTable(DataPath("io/eurostat-germany-1995.csv"));
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  IoAnalysisOptions options;
  options.rows = {"employment"};
  auto analysis = AnalyseIoTable(table.value(), table->TotalFinalDemand(), options);
  ASSERT_TRUE(analysis.ok()) << analysis.status().ToString();
  const std::string text = IoJson(table.value(), analysis.value());
  EXPECT_DOCUMENTED(text);
  const nlohmann::json out = nlohmann::json::parse(text);
  EXPECT_TRUE(out["leontief_inverse"].is_null());  // not asked for: null, not absent
  // Eurostat (2008), Germany 1995: output multiplier of agriculture 1.7048, employment multiplier
  // of industry 0.0162.
  EXPECT_NEAR(out["output_multipliers"][0].get<double>(), 1.7048, 5e-5);
  EXPECT_NEAR(out["multipliers"]["employment"][1].get<double>(), 0.0162, 5e-5);

  IoReportOptions two;
  auto sectors = FindReportedSectors(table.value(), {"industry", "construction"}, "--sectors");
  ASSERT_TRUE(sectors.ok()) << sectors.status().ToString();
  two.sectors = sectors.value();
  const std::string csv = IoCsv(table.value(), analysis.value(), two);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "sector,total_output,output_multiplier,leontief_diagonal,employment_multiplier");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);
  auto unknown = FindReportedSectors(table.value(), {"steel"}, "--sectors");
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().ToString(), HasSubstr("--sectors: unknown sector 'steel'"));
}

TEST(IoDocument, RoundedTableCarriesItsWarning) {
  auto table = LoadIoTable(DataPath("io/miller-blair-2009-2x2-rounded.csv"));
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  auto analysis = AnalyseIoTable(table.value(), table->TotalFinalDemand());
  ASSERT_TRUE(analysis.ok()) << analysis.status().ToString();
  const std::string text = IoJson(table.value(), analysis.value());
  EXPECT_DOCUMENTED(text);
  const nlohmann::json out = nlohmann::json::parse(text);
  ASSERT_EQ(out["warnings"].size(), 1u);
  EXPECT_THAT(out["warnings"][0].get<std::string>(), HasSubstr("accepted as rounding"));
}

// ---- gosplan.leontief/1
// -------------------------------------------------------------------------------------

constexpr const char* kMillerBlairA =
    "%%MatrixMarket matrix coordinate real general\n2 2 4\n1 1 0.15\n2 1 0.2\n1 2 0.25\n2 2 0.05\n";

TEST(LeontiefDocument, MillerBlairByHand) {
  ScratchFolder scratch;
  // Miller & Blair (2009) table 2.3: A = Z diag(x)^-1 = [[0.15, 0.25], [0.2, 0.05]], labour
  // 300/1000, 500/2000.
  LeontiefFiles files{scratch.Write("A.mtx", kMillerBlairA),
                      scratch.Write("y.txt", "600\n1500\n"),
                      {"labour"},
                      {scratch.Write("labour.txt", "0.3\n0.25\n")}};
  auto run = SolveLeontiefFiles(files);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  const std::string text = LeontiefJson(run.value());
  EXPECT_DOCUMENTED(text);
  const nlohmann::ordered_json out = nlohmann::ordered_json::parse(text);
  EXPECT_EQ(out.begin().key(), "schema");
  EXPECT_FALSE(out.contains("timing"));
  EXPECT_NEAR(out["total_output"][0].get<double>(), 1247.52, 5e-3);
  EXPECT_NEAR(out["total_output"][1].get<double>(), 1841.58, 5e-3);
  EXPECT_NEAR(out["multipliers"]["labour"][0].get<double>(), 0.44224, 5e-6);
  EXPECT_NEAR(out["multipliers"]["labour"][1].get<double>(), 0.37954, 5e-6);
  // The largest column sum of A: max(0.15 + 0.2, 0.25 + 0.05) = 0.35 < 1.
  EXPECT_DOUBLE_EQ(out["spectral_radius_bound"].get<double>(), 0.35);
  EXPECT_EQ(out["productive"], true);

  EXPECT_THAT(LeontiefCsv(run.value()),
              HasSubstr("sector,total_output,labour_multiplier\n1,1247.52"));
  const std::string report = LeontiefTextReport(run.value());
  EXPECT_THAT(report, HasSubstr("n = 2 sectors, 4 non-zeros"));
  EXPECT_THAT(report, HasSubstr("productive: yes (spectral radius of A <= 0.35)"));
  EXPECT_THAT(report, HasSubstr("1247.525"));
  EXPECT_THAT(report, Not(HasSubstr(" s,")));  // no timings
}

TEST(LeontiefDocument, MultipliersOnlyHaveNullTotals) {
  ScratchFolder scratch;
  LeontiefFiles files{scratch.Write("A.mtx", kMillerBlairA),
                      "",
                      {"labour"},
                      {scratch.Write("labour.txt", "0.3\n0.25\n")}};
  auto run = SolveLeontiefFiles(files);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  const std::string text = LeontiefJson(run.value());
  EXPECT_DOCUMENTED(text);
  const nlohmann::json out = nlohmann::json::parse(text);
  EXPECT_TRUE(out["final_demand"].is_null());
  EXPECT_TRUE(out["total_output"].is_null());
  EXPECT_NEAR(out["multipliers"]["labour"][0].get<double>(), 0.44224, 5e-6);
}

// ---- gosplan.lp/1
// -------------------------------------------------------------------------------------------

constexpr double kAfiroOptimum =
    -4.6475314286E+02;  // netlib's published optimum (tests/lp_test.cc)

TEST(LpDocument, AfiroWithClp) {
  auto lp = ReadMps(DataPath("lp/netlib/afiro.mps"));
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  auto solved = SolveWithClp(lp.value());
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  LpReportOptions options;
  options.source = "afiro.mps";
  // Before the measures are computed they are NaN: null in the document, "not measured" in the
  // text.
  const std::string unmeasured = LpJson(lp.value(), solved.value(), options);
  EXPECT_DOCUMENTED(unmeasured);
  EXPECT_TRUE(nlohmann::json::parse(unmeasured)["relative_gap"].is_null());
  EXPECT_THAT(LpTextReport(lp.value(), solved.value(), options), HasSubstr("gap: not measured"));

  ComputeRelativeMeasures(lp.value(), &solved.value());
  const std::string text = LpJson(lp.value(), solved.value(), options);
  EXPECT_DOCUMENTED(text);
  const nlohmann::json out = nlohmann::json::parse(text);
  EXPECT_EQ(out["status"], "optimal");
  EXPECT_NEAR(out["objective"].get<double>(), kAfiroOptimum, 1e-6);
  EXPECT_TRUE(out["pdlp"].is_null());
  EXPECT_EQ(out["rows"], 27);  // afiro: 27 rows, 32 columns, 83 non-zeros (netlib's table)
  EXPECT_EQ(out["columns"], 32);
  EXPECT_EQ(out["nonzeros"], 83);
  const std::string report = LpTextReport(lp.value(), solved.value(), options);
  EXPECT_THAT(report, HasSubstr("afiro.mps: optimal  minimum -464.753142"));
  EXPECT_THAT(report, HasSubstr("(27 rows, 32 columns, 83 non-zeros)"));
  EXPECT_THAT(report, Not(HasSubstr(" s,")));  // no timings
}

TEST(LpDocument, AfiroWithPdlp) {
  auto lp = ReadMps(DataPath("lp/netlib/afiro.mps"));
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  PdlpSummary summary;
  PdlpOptions pdlp;
  pdlp.tolerance = 1e-4;
  auto solved = SolveWithPdlp(lp.value(), pdlp, &summary);
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  LpReportOptions options;
  options.source = "afiro.mps";
  options.pdlp = &summary;
  options.pdlp_tolerance = pdlp.tolerance;
  const std::string text = LpJson(lp.value(), solved.value(), options);
  EXPECT_DOCUMENTED(text);
  const nlohmann::json out = nlohmann::json::parse(text);
  ASSERT_EQ(out["status"], "optimal");
  // Optimal to a relative gap of 1e-4: |pobj − dobj| ≤ 1e-4 (1 + |pobj| + |dobj|) puts the
  // objective within about 0.1 of the published optimum.
  EXPECT_NEAR(out["objective"].get<double>(), kAfiroOptimum, 0.1);
  EXPECT_EQ(out["pdlp"]["tolerance"], 1e-4);
  EXPECT_THAT(LpTextReport(lp.value(), solved.value(), options),
              HasSubstr("(first-order, to relative tolerance 0.0001)"));
}

TEST(LpDocument, InfeasibleHasNoObjective) {
  // x ≥ 0 (the MPS default) and x ≤ −1: infeasible by hand.
  auto lp = ReadMpsText(
      "NAME infeasible\nROWS\n N obj\n L c1\nCOLUMNS\n x obj 1 c1 1\nRHS\n rhs c1 -1\nENDATA\n",
      "inline");
  ASSERT_TRUE(lp.ok()) << lp.status().ToString();
  auto solved = SolveWithClp(lp.value());
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  LpReportOptions options;
  options.source = "inline";
  const std::string text = LpJson(lp.value(), solved.value(), options);
  EXPECT_DOCUMENTED(text);
  const nlohmann::json out = nlohmann::json::parse(text);
  EXPECT_EQ(out["status"], "infeasible");
  EXPECT_TRUE(out["objective"].is_null());
  EXPECT_THAT(LpTextReport(lp.value(), solved.value(), options), HasSubstr("no objective value"));
}

// ---- gosplan.model/1
// ----------------------------------------------------------------------------------------

TEST(ModelDocument, TwoSectorExample) {
  auto model = LoadModel(SourcePath("examples/two-sector"));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  const std::string text = ModelJson(model.value());
  EXPECT_DOCUMENTED(text);
  // Counted by hand from examples/two-sector's tables (as tests/cli_model_test.cc).
  const nlohmann::json out = nlohmann::json::parse(text);
  EXPECT_EQ(out["products"]["total"], 3);
  EXPECT_EQ(out["products"]["group_a"], 2);
  EXPECT_EQ(out["resources"], 2);
  EXPECT_EQ(out["enterprises"]["by_kind"]["construction_site"], 1);
  EXPECT_EQ(out["nonzeros"]["capital"], 3);
  EXPECT_EQ(out["final_demand"]["rows"], 7);
  const std::string summary = ModelTextSummary(model.value());
  EXPECT_THAT(summary, HasSubstr("products: 3 (group A 2, group B 1; storable 3)"));
  EXPECT_THAT(summary,
              HasSubstr("enterprises: 3 (factory 1, construction_site 1, collective_farm 1)"));
  EXPECT_THAT(summary, HasSubstr("model is valid\n"));
}

TEST(ModelDocument, Ussr1928Example) {
  auto model = LoadModel(SourcePath("examples/ussr-1928"));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_DOCUMENTED(ModelJson(model.value()));
}

}  // namespace
}  // namespace gosplan
