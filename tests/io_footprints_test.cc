// The extended IO analysis (gosplan/io_footprints.h): stressor multipliers, regional footprints,
// the forward view, hypothetical extraction and aggregation, checked against hand derivations
// (Miller & Blair 2009's 2x2 table) and against independent dense computations done here with
// Eigen's full-pivoting LU inverse (the library uses partial-pivoting / sparse LU solves and never
// forms L for the multipliers), on the Eurostat Germany 1995 table and pymrio's 6-region test MRIO.
#include "gosplan/io_footprints.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/LU>
#include <nlohmann/json.hpp>
#include <string>

#include "gosplan/generate.h"
#include "json_doc_check.h"
#include "test_support.h"
#include "util/csv_writer.h"

namespace gosplan {
namespace {

using testing::DataPath;
using ::testing::HasSubstr;
using testing::RunCli;
using testing::ScratchFolder;

IoTable Load(const std::string& relative) {
  auto table = LoadIoTable(DataPath(relative));
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  return table.value();
}

ExtendedAnalysis Analyse(const IoTable& table, const Satellite* satellite, const RegionMap* regions,
                         const ExtendedOptions& extended, const IoAnalysisOptions& options = {}) {
  auto analysis =
      AnalyseExtended(table, table.TotalFinalDemand(), satellite, regions, options, extended);
  EXPECT_TRUE(analysis.ok()) << analysis.status().ToString();
  return analysis.value();
}

// ---- Miller & Blair (2009), table 2.3 -----------------------------------------------------------
// Z = [[150, 500], [200, 100]], x = (1000, 2000), y = (350, 1700).
// A = Z diag(x)^-1 = [[.15, .25], [.20, .05]]; det(I − A) = .85·.95 − .25·.20 = .7575;
// L = [[.95, .25], [.20, .85]] / .7575 = [[1.254125, .330033], [.264026, 1.122112]].
// Backward linkages (column sums of L): (1.15, 1.10) / .7575 = (1.518152, 1.452145).
// B = diag(x)^-1 Z = [[150/1000, 500/1000], [200/2000, 100/2000]] = [[.15, .5], [.1, .05]];
// det(I − B) = .85·.95 − .5·.1 = .7575 (B is similar to A);
// G = (I − B)^-1 = [[.95, .5], [.1, .85]] / .7575 = [[1.254125, .660066], [.132013, 1.122112]].
// Forward linkages (row sums of G): (1.45, .95) / .7575 = (1.914191, 1.254125).
// Rasmussen: backward index b / mean(b) = (1.15, 1.10) / 1.125 = (1.022222, .977778);
// forward index f / mean(f) = (1.45, .95) / 1.2 = (1.208333, .791667): sector1 is the key sector.
// Extraction of sector1: x̄2 = y2 / (1 − .05) = 1700 / .95 = 1789.473684; output lost
// sector1 1000, sector2 2000 − 1789.473684 = 210.526316, total 1210.526316 (40.35 % of 3000).
TEST(ForwardView, MillerBlairByHand) {
  const IoTable table = Load("io/miller-blair-2009-2x2.csv");
  ExtendedOptions extended;
  extended.ghosh = true;
  extended.linkages = true;
  extended.extract = "sector1";
  const ExtendedAnalysis analysis = Analyse(table, nullptr, nullptr, extended);
  ASSERT_TRUE(analysis.forward.has_value());
  const ForwardView& view = *analysis.forward;
  EXPECT_NEAR(view.output_coefficients(0, 0), 0.15, 1e-12);
  EXPECT_NEAR(view.output_coefficients(0, 1), 0.5, 1e-12);
  EXPECT_NEAR(view.output_coefficients(1, 0), 0.1, 1e-12);
  EXPECT_NEAR(view.output_coefficients(1, 1), 0.05, 1e-12);
  EXPECT_NEAR(view.ghosh_inverse(0, 0), 0.95 / 0.7575, 1e-12);
  EXPECT_NEAR(view.ghosh_inverse(0, 1), 0.5 / 0.7575, 1e-12);
  EXPECT_NEAR(view.ghosh_inverse(1, 0), 0.1 / 0.7575, 1e-12);
  EXPECT_NEAR(view.ghosh_inverse(1, 1), 0.85 / 0.7575, 1e-12);
  EXPECT_NEAR(view.forward_linkages(0), 1.914191, 1e-6);
  EXPECT_NEAR(view.forward_linkages(1), 1.254125, 1e-6);
  EXPECT_NEAR(view.backward_linkages(0), 1.518152, 1e-6);
  EXPECT_NEAR(view.backward_linkages(1), 1.452145, 1e-6);
  EXPECT_NEAR(view.backward_index(0), 1.15 / 1.125, 1e-12);
  EXPECT_NEAR(view.backward_index(1), 1.10 / 1.125, 1e-12);
  EXPECT_NEAR(view.forward_index(0), 1.45 / 1.2, 1e-12);
  EXPECT_NEAR(view.forward_index(1), 0.95 / 1.2, 1e-12);
  EXPECT_EQ(view.key_sectors, std::vector<Index>{0});
  ASSERT_TRUE(analysis.extraction.has_value());
  EXPECT_NEAR(analysis.extraction->output_lost(0), 1000.0, 1e-9);
  EXPECT_NEAR(analysis.extraction->output_lost(1), 2000.0 - 1700.0 / 0.95, 1e-9);
  EXPECT_NEAR(analysis.extraction->total_output_lost, 3000.0 - 1700.0 / 0.95, 1e-9);
  EXPECT_NEAR(analysis.extraction->share, (3000.0 - 1700.0 / 0.95) / 3000.0, 1e-12);
}

// A satellite on Miller & Blair: co2 = (100, 400) → S = (0.1, 0.2); M = S L =
// (0.1·.95 + 0.2·.20, 0.1·.25 + 0.2·.85) / .7575 = (.135, .195) / .7575 = (0.178218, 0.257426).
// Characterisation gwp = 2·co2 + 1·labour (labour = (300, 500) → coefficients (0.3, 0.25)):
// M_gwp = 2 M_co2 + M_labour = 2·(.135, .195)/.7575 + (0.3·.95 + 0.25·.2, 0.3·.25 + 0.25·.85)/.7575
//       = (.27 + .335, .39 + .2875) / .7575 = (.605, .6775) / .7575.
TEST(Satellite, MillerBlairMultipliersByHand) {
  ScratchFolder scratch;
  const IoTable table = Load("io/miller-blair-2009-2x2.csv");
  const std::string f = scratch.Write("F.csv", "stressor,sector2,sector1,unit\nco2,400,100,t\n");
  auto satellite = LoadSatellite(f, table);
  ASSERT_TRUE(satellite.ok()) << satellite.status().ToString();
  const std::string c = scratch.Write("C.csv", "impact,co2,labour\ngwp,2,1\n");
  ASSERT_TRUE(LoadCharacterisation(c, table, satellite.value()).ok());
  const ExtendedAnalysis analysis = Analyse(table, &satellite.value(), nullptr, {});
  ASSERT_EQ(analysis.stressors, (std::vector<std::string>{"value_added", "labour", "co2", "gwp"}));
  EXPECT_NEAR(analysis.stressor_multipliers(2, 0), 0.135 / 0.7575, 1e-12);
  EXPECT_NEAR(analysis.stressor_multipliers(2, 1), 0.195 / 0.7575, 1e-12);
  EXPECT_NEAR(analysis.stressor_multipliers(3, 0), 0.605 / 0.7575, 1e-12);
  EXPECT_NEAR(analysis.stressor_multipliers(3, 1), 0.6775 / 0.7575, 1e-12);
  // The published labour multipliers (Miller & Blair): (0.44224, 0.37954).
  EXPECT_NEAR(analysis.stressor_multipliers(1, 0), 0.44224, 1e-5);
  EXPECT_NEAR(analysis.stressor_multipliers(1, 1), 0.37954, 1e-5);
}

TEST(Satellite, BadFilesAreLocated) {
  ScratchFolder scratch;
  const IoTable table = Load("io/miller-blair-2009-2x2.csv");
  auto missing = LoadSatellite(scratch.Write("F.csv", "stressor,sector1,steel\nco2,1,2\n"), table);
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().ToString(), HasSubstr("column 'steel' is not a sector"));
  EXPECT_THAT(missing.status().ToString(), HasSubstr("sector 'sector2'"));
  auto bad = LoadSatellite(scratch.Write("G.csv", "stressor,sector1,sector2\nco2,1,x\n"), table);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().ToString(), HasSubstr("G.csv:2:3"));
  auto clash =
      LoadSatellite(scratch.Write("H.csv", "stressor,sector1,sector2\nlabour,1,2\n"), table);
  ASSERT_FALSE(clash.ok());
  EXPECT_THAT(clash.status().ToString(), HasSubstr("also a primary row"));
}

// ---- Eurostat (2008) Germany 1995, 6 × 6: the forward view against a dense computation ----------
TEST(ForwardView, EurostatGermanyAgainstFullPivotInverse) {
  const IoTable table = Load("io/eurostat-germany-1995.csv");
  ExtendedOptions extended;
  extended.ghosh = true;
  const ExtendedAnalysis analysis = Analyse(table, nullptr, nullptr, extended);
  const Index n = table.size();
  ASSERT_EQ(n, 6);
  // Independent path: B and A from Z and x, both inverses by full-pivoting LU.
  const Eigen::MatrixXd z = Eigen::MatrixXd(table.flows);
  const Eigen::VectorXd& x = table.total_output;
  Eigen::MatrixXd b(n, n), a(n, n);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < n; ++j) {
      b(i, j) = z(i, j) / x(i);
      a(i, j) = z(i, j) / x(j);
    }
  }
  const Eigen::MatrixXd identity = Eigen::MatrixXd::Identity(n, n);
  const Eigen::MatrixXd g = (identity - b).fullPivLu().inverse();
  const Eigen::MatrixXd l = (identity - a).fullPivLu().inverse();
  const ForwardView& view = *analysis.forward;
  EXPECT_LT((view.output_coefficients - b).cwiseAbs().maxCoeff(), 1e-14);
  EXPECT_LT((view.ghosh_inverse - g).cwiseAbs().maxCoeff(), 1e-12);
  const Eigen::VectorXd forward = g.rowwise().sum();
  const Eigen::VectorXd backward = l.colwise().sum().transpose();
  for (Index j = 0; j < n; ++j) {
    EXPECT_NEAR(view.forward_linkages(j), forward(j), 1e-12 * forward(j));
    EXPECT_NEAR(view.backward_linkages(j), backward(j), 1e-12 * backward(j));
    EXPECT_NEAR(view.forward_index(j), forward(j) / forward.mean(), 1e-12);
    EXPECT_NEAR(view.backward_index(j), backward(j) / backward.mean(), 1e-12);
  }
  // Extraction of each sector against the reduced system solved densely.
  for (Index k = 0; k < n; ++k) {
    ExtendedOptions one;
    one.extract = table.sectors[static_cast<std::size_t>(k)];
    const ExtendedAnalysis extracted = Analyse(table, nullptr, nullptr, one);
    Eigen::MatrixXd reduced(n - 1, n - 1);
    Eigen::VectorXd demand(n - 1);
    const Eigen::VectorXd y = table.TotalFinalDemand();
    for (Index i = 0, ri = 0; i < n; ++i) {
      if (i == k) continue;
      demand(ri) = y(i);
      for (Index j = 0, rj = 0; j < n; ++j) {
        if (j == k) continue;
        reduced(ri, rj++) = (i == j ? 1.0 : 0.0) - a(i, j);
      }
      ++ri;
    }
    const Eigen::VectorXd x_bar = reduced.fullPivLu().solve(demand);
    const double expected = (l * y).sum() - x_bar.sum();
    EXPECT_NEAR(extracted.extraction->total_output_lost, expected, 1e-9 * expected);
  }
}

TEST(ForwardView, GhoshRefusedAboveTheLimit) {
  const IoTable table = Load("io/eurostat-germany-1995.csv");
  ExtendedOptions extended;
  extended.ghosh = true;
  extended.ghosh_limit = 5;
  auto refused = AnalyseExtended(table, table.TotalFinalDemand(), nullptr, nullptr, {}, extended);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().ToString(), HasSubstr("at most 5 sectors for --ghosh"));
}

// ---- pymrio's test MRIO (6 regions × 8 sectors): footprints against pymrio's formulas ----------
// The reference below is pymrio's calc_accounts written out densely (Stadler et al. 2018): L by a
// full-pivoting LU inverse, Y_diag with one column per (consuming region, product), x_diag = L
// Y_diag, the domestic blocks of x_diag zeroed for trade; D_cba = S x_diag, D_pba = S ∘ x,
// D_imp = S x_trade, D_exp = S ∘ x_trade·1; regional sums plus F_Y in the production- and
// consumption-based accounts.
TEST(Footprints, PymrioTestMrioAgainstDenseReference) {
  ScratchFolder scratch;
  const IoTable table = Load("io/pymrio-test-mrio-6x8.csv");
  const Index n = table.size();
  ASSERT_EQ(n, 48);
  // A satellite stressor: co2 = the table's emissions_air_kg row (as a satellite it may carry
  // final users' direct emissions: 1000 by reg1's households, 500 by reg3's government).
  const Index air = table.FindPrimary("emissions_air_kg");
  ASSERT_GE(air, 0);
  std::string f = "stressor";
  for (const std::string& s : table.sectors) f += "," + s;
  f += "\nco2";
  for (Index j = 0; j < n; ++j) f += fmt::format(",{:.17g}", table.primary_inputs(air, j));
  f += "\n";
  auto satellite = LoadSatellite(scratch.Write("F.csv", f), table);
  ASSERT_TRUE(satellite.ok()) << satellite.status().ToString();
  const std::string households = table.final_demand_names[0];
  ASSERT_EQ(households, "reg1/Final consumption expenditure by households");
  const std::string government = "reg3/Final consumption expenditure by government";
  ASSERT_TRUE(
      LoadSatelliteFinalDemand(scratch.Write("FY.csv", "stressor,\"" + households + "\",\"" +
                                                           government + "\"\nco2,1000,500\n"),
                               table, satellite.value())
          .ok());
  auto regions = RegionsFromLabels(table);
  ASSERT_TRUE(regions.ok()) << regions.status().ToString();
  ASSERT_EQ(regions->regions.size(), 6u);
  ExtendedOptions extended;
  extended.footprints = true;
  extended.footprints_detail = true;
  IoAnalysisOptions options;
  options.rows = {"emissions_air_kg", "value_added"};
  const ExtendedAnalysis analysis =
      Analyse(table, &satellite.value(), &regions.value(), extended, options);
  ASSERT_TRUE(analysis.accounts.has_value());
  const RegionalAccounts& accounts = *analysis.accounts;
  EXPECT_TRUE(accounts.identity_holds()) << accounts.worst_identity_residual;
  EXPECT_LT(accounts.worst_identity_residual, 1e-12);

  // The reference.
  const Index regions_count = 6, products = 8;
  const Eigen::MatrixXd a = Eigen::MatrixXd(table.coefficients);
  const Eigen::MatrixXd l = (Eigen::MatrixXd::Identity(n, n) - a).fullPivLu().inverse();
  Eigen::MatrixXd y_region = Eigen::MatrixXd::Zero(n, regions_count);  // Y grouped by region
  for (Index c = 0; c < table.final_demand.cols(); ++c)
    y_region.col(c / 7) += table.final_demand.col(c);  // 7 categories per region
  Eigen::MatrixXd y_diag = Eigen::MatrixXd::Zero(n, regions_count * products);
  for (Index r = 0; r < regions_count; ++r) {
    for (Index i = 0; i < n; ++i) y_diag(i, r * products + i % products) = y_region(i, r);
  }
  const Eigen::MatrixXd x_diag = l * y_diag;
  Eigen::MatrixXd x_trade = x_diag;
  for (Index r = 0; r < regions_count; ++r)
    x_trade.block(r * products, r * products, products, products).setZero();
  const Eigen::VectorXd x_total = x_diag.rowwise().sum();
  const Eigen::VectorXd x_export = x_trade.rowwise().sum();
  // Stressors: emissions_air_kg (row 0), value_added (row 1), co2 (row 2, with F_Y).
  const std::vector<Index> primary = {air, table.FindPrimary("value_added")};
  for (Index k = 0; k < 3; ++k) {
    Eigen::RowVectorXd s(n);
    for (Index j = 0; j < n; ++j)
      s(j) = table.primary_inputs(k == 1 ? primary[1] : air, j) / table.total_output(j);
    const Eigen::RowVectorXd cba = s * x_diag, imp = s * x_trade;
    const Eigen::RowVectorXd pba = s.cwiseProduct(x_total.transpose());
    const Eigen::RowVectorXd exp = s.cwiseProduct(x_export.transpose());
    for (Index r = 0; r < regions_count; ++r) {
      const double direct = k == 2 ? (r == 0 ? 1000.0 : r == 2 ? 500.0 : 0.0) : 0.0;
      const double c_ref = cba.segment(r * products, products).sum() + direct;
      const double p_ref = pba.segment(r * products, products).sum() + direct;
      const double i_ref = imp.segment(r * products, products).sum();
      const double e_ref = exp.segment(r * products, products).sum();
      EXPECT_NEAR(accounts.consumption(k, r), c_ref, 1e-10 * std::abs(c_ref)) << k << " " << r;
      EXPECT_NEAR(accounts.production(k, r), p_ref, 1e-10 * std::abs(p_ref)) << k << " " << r;
      EXPECT_NEAR(accounts.imports(k, r), i_ref, 1e-10 * std::abs(i_ref)) << k << " " << r;
      EXPECT_NEAR(accounts.exports(k, r), e_ref, 1e-10 * std::abs(e_ref)) << k << " " << r;
      // The identity on the reference itself.
      EXPECT_NEAR(c_ref, p_ref + i_ref - e_ref, 1e-9 * std::abs(c_ref));
      for (Index i = 0; i < products; ++i) {
        const Index c = r * products + i;
        EXPECT_NEAR(accounts.detail_consumption(k, c), cba(c), 1e-10 * std::abs(cba(c)) + 1e-9);
        EXPECT_NEAR(accounts.detail_imports(k, c), imp(c), 1e-10 * std::abs(imp(c)) + 1e-9);
        EXPECT_NEAR(accounts.detail_production(k, c), pba(c), 1e-10 * std::abs(pba(c)) + 1e-9);
        EXPECT_NEAR(accounts.detail_exports(k, c), exp(c), 1e-10 * std::abs(exp(c)) + 1e-9);
      }
    }
    // The multipliers: s L.
    const Eigen::RowVectorXd m = s * l;
    for (Index j = 0; j < n; ++j)
      EXPECT_NEAR(analysis.stressor_multipliers(k, j), m(j), 1e-10 * std::abs(m(j)));
  }
  EXPECT_EQ(accounts.detail_consumption_labels[9], "reg2/mining");
  // The production-based account of a primary row is its row total (the table balances).
  EXPECT_NEAR(accounts.production.row(0).sum(), table.primary_inputs.row(air).sum(),
              1e-9 * table.primary_inputs.row(air).sum());

  const std::string json = ExtendedJson(table, analysis);
  EXPECT_EQ(testing::JoinMismatches(testing::JsonDocumentMismatches(json)), "") << json;
  const auto document = nlohmann::json::parse(json);
  EXPECT_EQ(document["footprint_identity"]["holds"], true);
  EXPECT_NEAR(document["footprints"]["co2"]["consumption_based"]["reg1"].get<double>(),
              accounts.consumption(2, 0), 1e-6);
}

TEST(Footprints, RegionsFileAndLabelErrors) {
  ScratchFolder scratch;
  const IoTable table = Load("io/miller-blair-2009-2x2.csv");
  auto unlabelled = RegionsFromLabels(table);
  ASSERT_FALSE(unlabelled.ok());
  EXPECT_THAT(unlabelled.status().ToString(), HasSubstr("is not labelled region/sector"));
  // Two one-sector regions; all final demand belongs to "north": north's footprint of labour is
  // everything: consumption = 800 (labour 300 + 500 in total), imports = labour in the south.
  auto regions = LoadRegions(scratch.Write("regions.csv",
                                           "label,region\nsector1,north\nsector2,south\n"
                                           "final_demand,north\n"),
                             table);
  ASSERT_TRUE(regions.ok()) << regions.status().ToString();
  ExtendedOptions extended;
  extended.footprints = true;
  IoAnalysisOptions options;
  options.rows = {"labour"};
  const ExtendedAnalysis analysis = Analyse(table, nullptr, &regions.value(), extended, options);
  const RegionalAccounts& accounts = *analysis.accounts;
  EXPECT_NEAR(accounts.consumption(0, 0), 800.0, 1e-9);
  EXPECT_NEAR(accounts.consumption(0, 1), 0.0, 1e-9);
  EXPECT_NEAR(accounts.production(0, 0), 300.0, 1e-9);
  EXPECT_NEAR(accounts.production(0, 1), 500.0, 1e-9);
  EXPECT_NEAR(accounts.imports(0, 0), 500.0, 1e-9);
  EXPECT_NEAR(accounts.exports(0, 1), 500.0, 1e-9);
  EXPECT_NEAR(accounts.exports(0, 0), 0.0, 1e-9);
  auto incomplete =
      LoadRegions(scratch.Write("r2.csv", "label,region\nsector1,north\nsteel,south\n"), table);
  ASSERT_FALSE(incomplete.ok());
  EXPECT_THAT(incomplete.status().ToString(), HasSubstr("r2.csv:3:1: 'steel' is neither"));
  EXPECT_THAT(incomplete.status().ToString(), HasSubstr("sector 'sector2' has no region"));
}

// ---- Aggregation: computed at full detail, then summed ------------------------------------------
// Miller & Blair into one group: total output 3000, final demand 2050, output multiplier
// Σ m_j y_j / Σ y_j = 1'L y / 1'y = 1'x / 1'y = 3000 / 2050.
TEST(Aggregation, MillerBlairOneGroupAndWrittenTable) {
  ScratchFolder scratch;
  const IoTable table = Load("io/miller-blair-2009-2x2.csv");
  auto concordance =
      LoadConcordance(scratch.Write("map.csv", "label,group\nsector1,all\nsector2,all\n"), table);
  ASSERT_TRUE(concordance.ok()) << concordance.status().ToString();
  const ExtendedAnalysis analysis = Analyse(table, nullptr, nullptr, {});
  const std::string csv = ExtendedCsv(table, analysis, {}, &concordance.value());
  EXPECT_THAT(csv, HasSubstr("group,total_output,final_demand,output_multiplier"));
  EXPECT_THAT(csv, HasSubstr(fmt::format("all,3000,2050,{}", util::CsvNumber(3000.0 / 2050.0))));
  auto aggregated = AggregateTable(table, concordance.value());
  ASSERT_TRUE(aggregated.ok()) << aggregated.status().ToString();
  const std::string path = scratch.path() + "/one.csv";
  ASSERT_TRUE(WriteIoTable(aggregated.value(), path).ok());
  auto reread = LoadIoTable(path);
  ASSERT_TRUE(reread.ok()) << reread.status().ToString() << testing::ReadFile(path);
  EXPECT_EQ(reread->sectors, std::vector<std::string>{"all"});
  EXPECT_DOUBLE_EQ(reread->total_output(0), 3000.0);
  EXPECT_DOUBLE_EQ(Eigen::MatrixXd(reread->flows)(0, 0), 950.0);
  EXPECT_DOUBLE_EQ(reread->primary_inputs(1, 0), 800.0);
}

// ---- The command line ------------------------------------------------------------------------
TEST(IoExtensionsCli, PymrioFootprintsJsonAndText) {
  const std::string table = DataPath("io/pymrio-test-mrio-6x8.csv");
  const auto json = RunCli("io " + table + " --footprints --linkages --rows emissions_air_kg -q " +
                           "--format json");
  ASSERT_EQ(json.exit_code, 0) << json.errors;
  EXPECT_EQ(testing::JoinMismatches(testing::JsonDocumentMismatches(json.output)), "");
  const auto text = RunCli("io " + table + " --footprints --rows emissions_air_kg -q");
  ASSERT_EQ(text.exit_code, 0) << text.errors;
  EXPECT_THAT(text.output,
              HasSubstr("identity consumption = production + imports - exports: holds"));
}

TEST(IoExtensionsCli, GhoshOnMillerBlairAndRefusals) {
  const std::string table = DataPath("io/miller-blair-2009-2x2.csv");
  const auto text = RunCli("io " + table + " --ghosh --extract sector1 -q");
  ASSERT_EQ(text.exit_code, 0) << text.errors;
  EXPECT_THAT(text.output, HasSubstr("key sectors (Rasmussen: backward and forward index both "
                                     "above 1): sector1"));
  EXPECT_THAT(text.output, HasSubstr("total output lost 1210.526"));
  const auto unknown = RunCli("io " + table + " --extract steel -q");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.errors, HasSubstr("unknown sector 'steel' to extract"));
  const auto no_regions = RunCli("io " + table + " --footprints -q");
  EXPECT_EQ(no_regions.exit_code, 2);
  EXPECT_THAT(no_regions.errors, HasSubstr("is not labelled region/sector"));
  const auto csv = RunCli("io " + table + " --linkages --format csv -q");
  ASSERT_EQ(csv.exit_code, 0) << csv.errors;
  EXPECT_THAT(csv.output, HasSubstr("backward_linkage,forward_linkage,key_sector\n"));
}

// `gosplan generate --mrio`: the table balances exactly (no rounding warning), is dense, and its
// accounts satisfy the identity; the same seed gives the same bytes.
// ---- Mixed precision (float32 LU, float64 refinement) against the float64 LU
// ---------------------- Largest |p − q| per row relative to the row's largest |q| (stressors span
// orders of magnitude).
double RowRelative(const Eigen::MatrixXd& p, const Eigen::MatrixXd& q) {
  double worst = 0.0;
  for (Index k = 0; k < q.rows(); ++k) {
    const double scale = q.row(k).cwiseAbs().maxCoeff();
    const double gap = (p.row(k) - q.row(k)).cwiseAbs().maxCoeff();
    worst = std::max(worst, scale > 0.0 ? gap / scale : gap);
  }
  return worst;
}

// A generated dense MRIO (4 regions x 25 sectors, 40 stressors): the mixed-precision path, the
// float64 path and an independent reference — Eigen's full-pivoting LU inverse L of I − A formed
// here, M = S·L with S = F·diag(x)^-1 computed here from the files — agree to 1e-12 per stressor.
TEST(MixedPrecision, AgreesWithFloat64AndFullPivotReference) {
  ScratchFolder scratch;
  MrioGenerateOptions generate;
  generate.regions = 4;
  generate.sectors = 25;
  generate.stressors = 40;
  generate.seed = 3;
  ASSERT_TRUE(WriteMrioTable(generate, scratch.path()).ok());
  const auto table = LoadIoTable(scratch.path() + "/table.csv");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  const Index n = table->size();
  ASSERT_EQ(n, 100);
  auto satellite = LoadSatellite(scratch.path() + "/satellite.csv", table.value());
  ASSERT_TRUE(satellite.ok()) << satellite.status().ToString();
  ASSERT_TRUE(LoadSatelliteFinalDemand(scratch.path() + "/satellite_final_demand.csv",
                                       table.value(), satellite.value())
                  .ok());
  const auto regions = RegionsFromLabels(table.value());
  ASSERT_TRUE(regions.ok()) << regions.status().ToString();

  ExtendedOptions extended;
  extended.footprints = true;
  extended.lu_precision = ExtendedOptions::LuPrecision::kDouble;
  const ExtendedAnalysis float64 =
      Analyse(table.value(), &satellite.value(), &regions.value(), extended);
  extended.lu_precision = ExtendedOptions::LuPrecision::kMixed;
  const ExtendedAnalysis mixed =
      Analyse(table.value(), &satellite.value(), &regions.value(), extended);
  extended.lu_precision = ExtendedOptions::LuPrecision::kAuto;  // below mixed_precision_from
  const ExtendedAnalysis automatic =
      Analyse(table.value(), &satellite.value(), &regions.value(), extended);
  EXPECT_EQ(float64.lu_precision, "float64");
  EXPECT_EQ(automatic.lu_precision, "float64");
  if (MixedPrecisionLuAvailable()) {
    EXPECT_EQ(mixed.lu_precision, "float32 refined in float64");
    EXPECT_GE(mixed.refinement_steps, 1);
    EXPECT_LE(mixed.refinement_steps, 3);
  } else {
    EXPECT_EQ(mixed.lu_precision, "float64");
  }
  EXPECT_LT(mixed.residual, 1e-13);

  // The reference, independent of the library's solves.
  Eigen::MatrixXd system = -Eigen::MatrixXd(table->coefficients);
  system.diagonal().array() += 1.0;
  const Eigen::MatrixXd inverse = system.fullPivLu().inverse();
  const Index primary = static_cast<Index>(table->primary_names.size());
  Eigen::MatrixXd s(primary + satellite->values.rows(), n);
  s.topRows(primary) = table->primary_coefficients;
  for (Index j = 0; j < n; ++j)
    s.bottomRows(satellite->values.rows()).col(j) =
        satellite->values.col(j) / table->total_output(j);
  const Eigen::MatrixXd reference = s * inverse;
  ASSERT_EQ(mixed.stressor_multipliers.rows(), reference.rows());
  EXPECT_LT(RowRelative(float64.stressor_multipliers, reference), 1e-12);
  EXPECT_LT(RowRelative(mixed.stressor_multipliers, reference), 1e-12);
  EXPECT_LT(RowRelative(mixed.stressor_multipliers, float64.stressor_multipliers), 1e-12);
  const Eigen::VectorXd output_multipliers = inverse.colwise().sum().transpose();
  EXPECT_LT((mixed.base.output_multipliers - output_multipliers).cwiseAbs().maxCoeff() /
                output_multipliers.cwiseAbs().maxCoeff(),
            1e-12);
  ASSERT_TRUE(mixed.accounts && float64.accounts);
  EXPECT_LT(RowRelative(mixed.accounts->consumption, float64.accounts->consumption), 1e-12);
  EXPECT_LT(RowRelative(mixed.accounts->production, float64.accounts->production), 1e-12);
  EXPECT_LT(RowRelative(mixed.accounts->imports, float64.accounts->imports), 1e-12);
  EXPECT_LT(RowRelative(mixed.accounts->exports, float64.accounts->exports), 1e-12);
  EXPECT_TRUE(mixed.accounts->identity_holds());
}

// An ill-conditioned productive table: every A[i,j] = (1 − δ)/n (x = 1, final demand δ, value
// added δ per sector). By Sherman–Morrison, (I − c·11'/n)^-1 = I + c/(n(1 − c))·11' with
// c = 1 − δ, so every output multiplier (column sum of L) is 1 + c/δ = 1/δ and every value-added
// multiplier δ·(1/δ) = 1; cond(I − A) ≈ 2/δ. In float32 the entries lose δ (its spacing near 1/n
// is 6e-8·(1/n)): for n = 64, δ = 1e-9 they round to 1/64, whose I − A is singular up to
// rounding, and the refinement diverges; for n = 50, δ = 1e-6 it converges, but by about 1/20 per
// correction, too slowly for 3 corrections. Both fall back to the float64 LU, which still meets
// the hand-derived values to about cond·2^-52 ≈ 1e-6 relative. The residual relative to the
// right-hand side is of that size too (x lies along the nearly singular direction), so the
// analysis tolerance is loosened to 1e-5 (the mixed-precision target is not: sqrt(n)·2^-52).
TEST(MixedPrecision, FallsBackToFloat64OnAnIllConditionedTable) {
  if (!MixedPrecisionLuAvailable()) GTEST_SKIP() << "built without LAPACK: float64 only";
  for (const auto& [n, delta] : {std::pair<Index, double>{64, 1e-9}, {50, 1e-6}}) {
    SCOPED_TRACE(fmt::format("n = {}, delta = {}", n, delta));
    std::vector<std::string> sectors;
    for (Index j = 0; j < n; ++j) sectors.push_back(fmt::format("s{}", j));
    SparseMatrix flows = Eigen::MatrixXd::Constant(n, n, (1.0 - delta) / n).sparseView();
    auto table = MakeIoTable("ill", sectors, flows, {"households"},
                             Eigen::MatrixXd::Constant(n, 1, delta), Eigen::VectorXd::Ones(n),
                             {"value_added"}, Eigen::MatrixXd::Constant(1, n, delta));
    ASSERT_TRUE(table.ok()) << table.status().ToString();
    ExtendedOptions extended;
    extended.lu_precision = ExtendedOptions::LuPrecision::kMixed;
    extended.tolerance = 1e-5;
    const ExtendedAnalysis analysis = Analyse(table.value(), nullptr, nullptr, extended);
    EXPECT_EQ(analysis.lu_precision, "float64 (mixed precision fell back)");
    const Eigen::VectorXd& output = analysis.base.output_multipliers;
    EXPECT_LT((output.array() * delta - 1.0).abs().maxCoeff(), 1e-5);
    EXPECT_LT((analysis.base.multipliers.array() - 1.0).abs().maxCoeff(), 1e-5);
  }
}

TEST(IoExtensionsCli, GeneratedMrioRoundTrip) {
  ScratchFolder scratch;
  const std::string out = scratch.path() + "/mrio";
  const auto generated = RunCli(
      "generate --mrio --regions 3 --sectors 4 --stressors 11 --seed 7 --out " + out + " -q");
  ASSERT_EQ(generated.exit_code, 0) << generated.errors;
  const auto again =
      RunCli("generate --mrio --regions 3 --sectors 4 --stressors 11 --seed 7 --out " +
             scratch.path() + "/again -q");
  ASSERT_EQ(again.exit_code, 0) << again.errors;
  EXPECT_EQ(testing::ReadFile(out + "/table.csv"),
            testing::ReadFile(scratch.path() + "/again/table.csv"));
  auto table = LoadIoTable(out + "/table.csv");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->size(), 12);
  EXPECT_TRUE(table->warnings.empty());
  EXPECT_EQ(table->coefficients.nonZeros(), 144);
  const auto run = RunCli("io " + out + "/table.csv --satellite " + out +
                          "/satellite.csv --satellite-final-demand " + out +
                          "/satellite_final_demand.csv --footprints --format json -q");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  const auto document = nlohmann::json::parse(run.output);
  EXPECT_EQ(document["footprint_identity"]["holds"], true);
  EXPECT_EQ(document["satellite_multipliers"].size(), 11u);
  EXPECT_EQ(document["regions"].size(), 3u);
  EXPECT_EQ(document["factorisation"], "dense LU");
  const auto refused = RunCli("generate --out " + scratch.path() + "/none -q");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.errors, HasSubstr("--products is required"));
}

}  // namespace
}  // namespace gosplan
