// Regions in the plan folder (regions_summary.csv, summary.json "regions"), in a plan folder read
// back, and in the HTML report's "Regions and transport" section, on examples/two-regions.
//
// The example solved by hand (its README): per plan year the West makes S t of steel from 0.5 t of
// coal per t, the East C t of coal from 0.5 t of steel per t, each ships the other its input by
// rail (1 t-km of freight per t, made by the origin's railway at 0.25 person-years per t-km), and
// final use is the target mix λ·(3 t of steel in the West, 6 t of coal in the East). Balances: S =
// 3λ + 0.5·C, C = 6λ + 0.5·S, so S = 8λ, C = 10λ; freight 0.5·C = 5λ in the West (steel east) and
// 0.5·S = 4λ in the East (coal west); labour S + 0.5·C + 0.25·9λ = 15.25λ = 61, λ = 4: S = 32, C =
// 40, 20 t of steel east, 16 t of coal west; labour used: West 32 + 0.25·20 = 37, East 0.5·40 +
// 0.25·16 = 24. Prices (every activity used breaks even; u = labour's price): freight 0.25u in both
// regions; y_sw = 0.5·y_cw + u, y_ce = 0.5·y_se + 0.5u, y_se = y_sw + 0.25u, y_cw = y_ce + 0.25u,
// and the target mix 3·y_sw + 6·y_ce = 1 (λ's weight). So y_sw = 23/12·u, y_ce = 19/12·u, 183/12·u
// = 1: u = 4/61 and, in units of 1/183: y_sw = 23, y_se = 26, y_cw = 22, y_ce = 19, freight 3.
// Values per year (× 1/183): West output 32·23 + 20·3 = 796, final use 12·23 = 276, shipped in
// 16·22 = 352, out 20·23 = 460; East output 40·19 + 16·3 = 808, final use 24·19 = 456, in
// 20·26 = 520, out 16·19 = 304. (Check: final use 276 + 456 = 732 = 4·183, λ = 4.)
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

#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "gosplan/report.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::ReadFile;
using testing::RunCli;
using testing::ScratchFolder;
using testing::SourcePath;

using Row = std::map<std::string, std::string>;

// A plain CSV (no quoted commas: the example's names have none) as rows keyed by the header.
std::vector<Row> ReadCsv(const std::string& path) {
  std::istringstream in(ReadFile(path));
  std::string line;
  std::vector<std::string> header;
  std::vector<Row> rows;
  auto split = [](const std::string& text) {
    std::vector<std::string> fields;
    std::stringstream stream(text);
    std::string field;
    while (std::getline(stream, field, ',')) fields.push_back(field);
    if (!text.empty() && text.back() == ',') fields.push_back("");
    return fields;
  };
  while (std::getline(in, line)) {
    if (header.empty()) {
      header = split(line);
      continue;
    }
    const auto fields = split(line);
    Row row;
    for (std::size_t k = 0; k < header.size() && k < fields.size(); ++k) row[header[k]] = fields[k];
    rows.push_back(row);
  }
  return rows;
}

double Number(const Row& row, const std::string& key) { return std::stod(row.at(key)); }

// What the test computes from regional_balances.csv on its own, per (region, year).
struct Sums {
  double output = 0, final_use = 0, in = 0, out = 0, freight = 0;
};
std::map<std::pair<std::string, std::string>, Sums> SumsFromBalances(const std::string& plan) {
  std::map<std::pair<std::string, std::string>, Sums> sums;
  for (const Row& row : ReadCsv(plan + "/regional_balances.csv")) {
    Sums& s = sums[{row.at("region"), row.at("year")}];
    const double price = Number(row, "price");
    s.output += price * Number(row, "production");
    s.final_use += price * Number(row, "final_consumption");
    s.in += price * Number(row, "transport_in");
    s.out += price * Number(row, "transport_out");
    if (row.at("product") == "freight") s.freight += Number(row, "transport_use");
  }
  return sums;
}

// Labour used per (region, year) from targets.csv and the example's coefficients (person-years per
// unit: smelt 1, mine 0.5, haul 0.25; every technique has one output of coefficient 1).
std::map<std::pair<std::string, std::string>, double> LabourFromTargets(const std::string& plan) {
  const std::map<std::string, double> labour = {{"smelt", 1.0}, {"mine", 0.5}, {"haul", 0.25}};
  const std::map<std::string, std::string> region = {
      {"works", "west"}, {"west_rail", "west"}, {"pit", "east"}, {"east_rail", "east"}};
  std::map<std::pair<std::string, std::string>, double> used;
  for (const Row& row : ReadCsv(plan + "/targets.csv")) {
    used[{region.at(row.at("enterprise")), row.at("year")}] +=
        labour.at(row.at("technique")) * Number(row, "quantity");
  }
  return used;
}

constexpr double kRelative = 1e-9;  // the plan folder writes 12 significant digits

void ExpectClose(double actual, double expected, const std::string& what) {
  EXPECT_NEAR(actual, expected, kRelative * (1 + std::abs(expected))) << what;
}

std::string MakePlan(const ScratchFolder& scratch) {
  const std::string plan = scratch.path() + "/plan";
  const auto run = RunCli("plan " + SourcePath("examples/two-regions") + " --out " + plan + " -q");
  EXPECT_EQ(run.exit_code, 0) << run.errors;
  return plan;
}

TEST(RegionsSummary, PlanFolderByHandAndFromTheBalances) {
  ScratchFolder scratch;
  const std::string plan = MakePlan(scratch);
  const std::vector<Row> rows = ReadCsv(plan + "/regions_summary.csv");
  ASSERT_EQ(rows.size(), 4u);  // 2 regions × 2 years, region-major
  struct Hand {
    const char* region;
    double output, final_use, in, out, labour, freight;
  };
  const Hand hand[2] = {{"west", 796, 276, 352, 460, 37, 20}, {"east", 808, 456, 520, 304, 24, 16}};
  const auto sums = SumsFromBalances(plan);
  const auto labour = LabourFromTargets(plan);
  const auto summary = nlohmann::json::parse(ReadFile(plan + "/summary.json"));
  ASSERT_EQ(summary["regions"].size(), 4u);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const Row& row = rows[k];
    const Hand& h = hand[k / 2];
    const std::string year = k % 2 ? "2002" : "2001";
    ASSERT_EQ(row.at("region"), h.region);
    ASSERT_EQ(row.at("year"), year);
    const std::string at = std::string(h.region) + " " + year;
    ExpectClose(Number(row, "output_value"), h.output / 183, at + " output");
    ExpectClose(Number(row, "final_use_value"), h.final_use / 183, at + " final use");
    ExpectClose(Number(row, "inflow_value"), h.in / 183, at + " in");
    ExpectClose(Number(row, "outflow_value"), h.out / 183, at + " out");
    ExpectClose(Number(row, "net_inflow_value"), (h.in - h.out) / 183, at + " net");
    ExpectClose(Number(row, "labour_used"), h.labour, at + " labour");
    ExpectClose(Number(row, "freight_transport"), h.freight, at + " freight");
    // The same from the plan's other files.
    const Sums& s = sums.at({h.region, year});
    ExpectClose(Number(row, "output_value"), s.output, at + " output (balances)");
    ExpectClose(Number(row, "final_use_value"), s.final_use, at + " final use (balances)");
    ExpectClose(Number(row, "inflow_value"), s.in, at + " in (balances)");
    ExpectClose(Number(row, "outflow_value"), s.out, at + " out (balances)");
    ExpectClose(Number(row, "freight_transport"), s.freight, at + " freight (balances)");
    ExpectClose(Number(row, "labour_used"), labour.at({h.region, year}), at + " labour (targets)");
    // summary.json says the same.
    const auto& entry = summary["regions"][k];
    EXPECT_EQ(entry["region"], h.region);
    EXPECT_EQ(entry["year"], std::stoi(year));
    ExpectClose(entry["output_value"].get<double>(), h.output / 183, at + " json output");
    ExpectClose(entry["net_inflow_value"].get<double>(), (h.in - h.out) / 183, at + " json net");
    ExpectClose(entry["resources_used"]["labour"].get<double>(), h.labour, at + " json labour");
    ExpectClose(entry["transport_used"]["freight"].get<double>(), h.freight, at + " json freight");
  }
  // Deterministic bytes: a second run writes the same file.
  const std::string again = scratch.path() + "/again";
  ASSERT_EQ(
      RunCli("plan " + SourcePath("examples/two-regions") + " --out " + again + " -q").exit_code,
      0);
  EXPECT_EQ(ReadFile(again + "/regions_summary.csv"), ReadFile(plan + "/regions_summary.csv"));
  const auto files = summary["files"];
  EXPECT_NE(std::find(files.begin(), files.end(), "regions_summary.csv"), files.end());
  EXPECT_NE(ReadFile(plan + "/README.md").find("regions_summary.csv"), std::string::npos);
}

TEST(RegionsSummary, PlanFolderReadBackHoldsTheRegionalResults) {
  ScratchFolder scratch;
  const std::string model_folder = SourcePath("examples/two-regions");
  auto model = LoadModel(model_folder);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto solved = SolvePlan(model.value());
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  const Plan& plan = solved.value();
  const std::string folder = scratch.path() + "/plan";
  ASSERT_TRUE(WritePlanFolder(model.value(), plan, folder, false).ok());
  auto loaded = LoadModelAndPlan(model_folder, folder);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const Plan& back = loaded->plan;
  ASSERT_EQ(back.regional_balances.size(), plan.regional_balances.size());
  for (std::size_t k = 0; k < plan.regional_balances.size(); ++k) {
    const RegionalBalance& a = plan.regional_balances[k];
    const RegionalBalance& b = back.regional_balances[k];
    EXPECT_EQ(a.product, b.product);
    EXPECT_EQ(a.region, b.region);
    EXPECT_EQ(a.year, b.year);
    ExpectClose(b.production, a.production, "production");
    ExpectClose(b.transport_in, a.transport_in, "transport_in");
    ExpectClose(b.transport_out, a.transport_out, "transport_out");
    ExpectClose(b.transport_use, a.transport_use, "transport_use");
    ExpectClose(b.price, a.price, "price");
  }
  ASSERT_EQ(back.transport.size(), plan.transport.size());
  for (std::size_t k = 0; k < plan.transport.size(); ++k) {
    EXPECT_EQ(back.transport[k].link, plan.transport[k].link);
    ExpectClose(back.transport[k].quantity, plan.transport[k].quantity, "quantity");
    EXPECT_EQ(back.transport[k].capacity, plan.transport[k].capacity);  // both unlimited
  }
  // The product prices are the first region's (the West's), as SolvePlan gives them: steel 23/183.
  ASSERT_EQ(back.product_prices.size(), plan.product_prices.size());
  ExpectClose(back.product_prices[0], 23.0 / 183, "steel price");
  for (std::size_t k = 0; k < plan.product_prices.size(); ++k) {
    ExpectClose(back.product_prices[k], plan.product_prices[k], "product price");
  }
}

TEST(RegionsSummary, RegionsAddUpToTheNationOnTheUssrExample) {
  // Independent paths: prices.csv's resource rows hold the LP's own use of each resource per year
  // (the resource row's sum), transport.csv the transport product each link consumed. The regions'
  // resource use (from the targets and coefficients) and transport use must add up to them.
  ScratchFolder scratch;
  const std::string plan = scratch.path() + "/plan";
  const auto run =
      RunCli("plan " + SourcePath("examples/ussr-1928-regions") + " --out " + plan + " -q");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  std::map<std::pair<std::string, std::string>, double> national;  // (column, year)
  for (const Row& row : ReadCsv(plan + "/prices.csv")) {
    if (row.at("kind") == "resource") {
      national[{row.at("id") + "_used", row.at("year")}] += Number(row, "quantity");
    }
  }
  for (const Row& row : ReadCsv(plan + "/transport.csv")) {
    if (!row.at("transport_product").empty()) {
      national[{row.at("transport_product") + "_transport", row.at("year")}] +=
          Number(row, "transport_used");
    }
  }
  ASSERT_FALSE(national.empty());
  std::map<std::pair<std::string, std::string>, double> regional;
  for (const Row& row : ReadCsv(plan + "/regions_summary.csv")) {
    for (const auto& [column, value] : row) {
      if (national.count({column, row.at("year")})) {
        regional[{column, row.at("year")}] += std::stod(value);
      }
    }
  }
  EXPECT_EQ(regional.size(), national.size());
  for (const auto& [key, total] : national) {
    EXPECT_NEAR(regional[key], total, 1e-8 * (1 + std::abs(total)))
        << key.first << " " << key.second;
  }
}

// The data-v values of each <tr> of the first table after `anchor` in `html`.
std::vector<std::vector<double>> TableNumbers(const std::string& html, const std::string& anchor) {
  const std::size_t start = html.find(anchor);
  EXPECT_NE(start, std::string::npos) << anchor;
  if (start == std::string::npos) return {};
  const std::size_t body = html.find("<tbody>", start);
  const std::string rows = html.substr(body, html.find("</tbody>", body) - body);
  std::vector<std::vector<double>> numbers;
  const std::regex row("<tr>(.*?)</tr>"), value("data-v=\"([^\"]*)\"");
  for (auto r = std::sregex_iterator(rows.begin(), rows.end(), row); r != std::sregex_iterator();
       ++r) {
    const std::string cells = (*r)[1].str();
    std::vector<double> line;
    for (auto v = std::sregex_iterator(cells.begin(), cells.end(), value);
         v != std::sregex_iterator(); ++v) {
      line.push_back((*v)[1].str().empty() ? std::nan("") : std::stod((*v)[1].str()));
    }
    numbers.push_back(line);
  }
  return numbers;
}

TEST(RegionReport, SectionNumbersAreTheSumsOfThePlanFiles) {
  ScratchFolder scratch;
  const std::string plan = MakePlan(scratch);
  const std::string page = scratch.path() + "/report.html";
  const auto report = RunCli("report " + plan + " --out " + page + " -q");
  ASSERT_EQ(report.exit_code, 0) << report.errors;
  const std::string html = ReadFile(page);
  ASSERT_NE(html.find("<section id=\"regions\">"), std::string::npos);
  const std::string section = html.substr(html.find("<section id=\"regions\">"));
  EXPECT_NE(section.find("<svg"), std::string::npos);
  // The map of the last year's flows: steel west → east worth 20·23/183 = 460/183 at the origin,
  // coal east → west 16·19/183 = 304/183: strokes 24 and 24·304/460 = 15.86 (two decimals).
  const std::size_t map = section.find("Flows between regions in 2002");
  ASSERT_NE(map, std::string::npos);
  const std::string map_svg = section.substr(map, section.find("</svg>", map) - map);
  EXPECT_NE(map_svg.find("stroke-width=\"24\""), std::string::npos) << map_svg;
  EXPECT_NE(map_svg.find("stroke-width=\"15.86\""), std::string::npos) << map_svg;
  const auto sums = SumsFromBalances(plan);
  const auto labour = LabourFromTargets(plan);
  for (const std::string region : {"west", "east"}) {
    const auto rows = TableNumbers(section, "<h3 id=\"region-" + region + "\">");
    ASSERT_EQ(rows.size(), 2u) << region;
    for (std::size_t t = 0; t < rows.size(); ++t) {
      const std::string year = t == 0 ? "2001" : "2002";
      const Sums& s = sums.at({region, year});
      const auto& cells = rows[t];  // output, final use, in, out, net, labour, freight
      ASSERT_EQ(cells.size(), 7u) << region << " " << year;
      const std::string at = region + " " + year;
      ExpectClose(cells[0], s.output, at + " output");
      ExpectClose(cells[1], s.final_use, at + " final use");
      ExpectClose(cells[2], s.in, at + " in");
      ExpectClose(cells[3], s.out, at + " out");
      ExpectClose(cells[4], s.in - s.out, at + " net");
      ExpectClose(cells[5], labour.at({region, year}), at + " labour");
      ExpectClose(cells[6], s.freight, at + " freight");
    }
  }
  // The flows: every link and year moves goods (4 rows); each row's price gap is price_to −
  // price_from of transport.csv, here the cost of moving a tonne, 1 t-km × 3/183.
  const auto flows = TableNumbers(section, "<h3 id=\"region-flows\">");
  ASSERT_EQ(flows.size(), 4u);
  std::map<double, int> quantities;
  for (const auto& cells : flows) {
    // quantity, value at origin, price at origin, at destination, gap, transport cost, rent
    ASSERT_GE(cells.size(), 7u);
    ExpectClose(cells[4], cells[3] - cells[2], "gap");
    ExpectClose(cells[4], 3.0 / 183, "gap by hand");
    ExpectClose(cells[5], 3.0 / 183, "transport cost");
    ExpectClose(cells[1], cells[0] * cells[2], "value at origin");
    ++quantities[cells[0]];
  }
  // 20 t of steel east and 16 t of coal west in each year; steel's value 20·23/183 ranks first.
  EXPECT_EQ(quantities[20.0], 2);
  EXPECT_EQ(quantities[16.0], 2);
  ExpectClose(flows[0][0], 20.0, "largest flow first");
  for (const Row& row : ReadCsv(plan + "/transport.csv")) {
    bool found = false;
    for (const auto& cells : flows) {
      found = found || (std::abs(cells[0] - Number(row, "quantity")) < 1e-9 &&
                        std::abs(cells[2] - Number(row, "price_from")) < 1e-12);
    }
    EXPECT_TRUE(found) << row.at("link") << " " << row.at("year");
  }
}

TEST(RegionReport, APlanWithoutRegionsHasNoRegionSection) {
  ScratchFolder scratch;
  const std::string plan = scratch.path() + "/plan";
  ASSERT_EQ(
      RunCli("plan " + SourcePath("examples/two-sector") + " --out " + plan + " -q").exit_code, 0);
  const std::string page = scratch.path() + "/report.html";
  ASSERT_EQ(RunCli("report " + plan + " --out " + page + " -q").exit_code, 0);
  const std::string html = ReadFile(page);
  EXPECT_NE(html.find("<section id=\"production\">"), std::string::npos);
  EXPECT_EQ(html.find("<section id=\"regions\">"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(plan + "/regions_summary.csv"));
}

}  // namespace
}  // namespace gosplan
