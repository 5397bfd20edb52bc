// The SVG writer (include/gosplan/svg.h): escaping, number and coordinate text, nice ticks derived
// by hand from Heckbert's rule, paths, and the geometry of each chart kind.
#include "gosplan/svg.h"

#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <string>

namespace gosplan::svg {
namespace {

int Count(const std::string& text, const std::string& needle) {
  int count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

TEST(SvgEscape, ReplacesTheFiveXmlSpecialCharacters) {
  EXPECT_EQ(EscapeXml("Ferrous & <non-ferrous> \"metals\" 'A'"),
            "Ferrous &amp; &lt;non-ferrous&gt; &quot;metals&quot; &#39;A&#39;");
  EXPECT_EQ(EscapeXml("plain – UTF-8 ÿ"), "plain – UTF-8 ÿ");
}

TEST(SvgText, ShortenCutsWholeCharacters) {
  EXPECT_EQ(Shorten("Steel", 5), "Steel");
  EXPECT_EQ(Shorten("Steel (crude)", 6), "Steel…");  // 5 characters and the ellipsis
  // "Днепрострой" is 11 characters of 2 bytes each: cut after 4 of them, never inside one.
  EXPECT_EQ(Shorten("Днепрострой", 5), "Днеп…");
  EXPECT_EQ(Shorten("Днепрострой", 11), "Днепрострой");
}

TEST(SvgText, CoordinatesHaveAtMostTwoDecimalsWithoutTrailingZeros) {
  EXPECT_EQ(Coordinate(12.0), "12");
  EXPECT_EQ(Coordinate(12.5), "12.5");
  EXPECT_EQ(Coordinate(3.14159), "3.14");
  EXPECT_EQ(Coordinate(-0.001), "0");  // rounds to -0.00: written as 0
  EXPECT_EQ(Coordinate(-7.256), "-7.26");
}

TEST(SvgText, NumbersForPeople) {
  EXPECT_EQ(FormatNumber(0.846), "0.846");
  EXPECT_EQ(FormatNumber(25.756), "25.76");  // 4 significant digits
  EXPECT_EQ(FormatNumber(1234.5, 6), "1234.5");
  EXPECT_EQ(FormatNumber(123456.0), "123456");  // no exponent below 1e9
  EXPECT_EQ(FormatNumber(0.000123), "0.000123");
  EXPECT_EQ(FormatNumber(2.5e12), "2.5e+12");
  EXPECT_EQ(FormatNumber(1933, 6), "1933");
  EXPECT_EQ(FormatNumber(std::nan("")), "–");
  EXPECT_EQ(FormatNumber(-0.0), "0");
}

// Heckbert's rule by hand: range = nice(high − low, not rounded), step = nice(range / 5, rounded)
// with nice(x) = {1, 2, 5, 10}·10^floor(log10 x); ticks from floor(low/step)·step to
// ceil(high/step)·step.
TEST(SvgTicks, NiceTicksByHand) {
  // 0..97: nice(97) = 100 (9.7 > 5 → 10·10); step nice(20) = 20 (2 < 3 → 2·10).
  Ticks ticks = NiceTicks(0, 97);
  EXPECT_DOUBLE_EQ(ticks.step, 20);
  EXPECT_EQ(ticks.values, (std::vector<double>{0, 20, 40, 60, 80, 100}));
  // 1.3..4.7: nice(3.4) = 5; step nice(1) = 1; floor(1.3) = 1, ceil(4.7) = 5.
  ticks = NiceTicks(1.3, 4.7);
  EXPECT_DOUBLE_EQ(ticks.step, 1);
  EXPECT_EQ(ticks.values, (std::vector<double>{1, 2, 3, 4, 5}));
  // −3..7: nice(10) = 10; step nice(2) = 2; floor(−1.5) = −2 → −4, ceil(3.5) = 4 → 8.
  ticks = NiceTicks(-3, 7);
  EXPECT_DOUBLE_EQ(ticks.step, 2);
  EXPECT_EQ(ticks.values, (std::vector<double>{-4, -2, 0, 2, 4, 6, 8}));
  EXPECT_DOUBLE_EQ(ticks.low, -4);
  EXPECT_DOUBLE_EQ(ticks.high, 8);
  // 0..0.0123: nice(0.0123) = 0.02 (1.23 ≤ 2); step nice(0.004) = 0.005 (4 in [3, 7) → 5).
  ticks = NiceTicks(0, 0.0123);
  EXPECT_DOUBLE_EQ(ticks.step, 0.005);
  ASSERT_EQ(ticks.values.size(), 4u);  // 0, 0.005, 0.01, 0.015
  EXPECT_DOUBLE_EQ(ticks.values.back(), 0.015);
  // A single value gets a unit-wide range around it: 4.5..5.5, nice(1) = 1, step nice(0.2) = 0.2.
  ticks = NiceTicks(5, 5);
  EXPECT_DOUBLE_EQ(ticks.step, 0.2);
  EXPECT_LE(ticks.low, 4.5);
  EXPECT_GE(ticks.high, 5.5);
}

TEST(SvgPath, CommandsInOrder) {
  PathBuilder path;
  path.MoveTo(0, 0).LineTo(10.5, 20).CurveTo(1, 2, 3, 4, 5, 6).Close();
  EXPECT_EQ(path.str(), "M0 0 L10.5 20 C1 2 3 4 5 6 Z");
}

TEST(SvgCharts, LineChartDrawsOneLinePerSeriesAndSkipsGaps) {
  LineChart chart;
  chart.title = "Steel & coal <Mt>";
  chart.categories = {"1929", "1930", "1931"};
  chart.series = {{"steel", {4, 5, 6}}, {"coal", {35, std::nan(""), 40}}};
  const std::string svg = RenderLineChart(chart);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(svg.find("<title>Steel &amp; coal &lt;Mt&gt;</title>"), std::string::npos);
  EXPECT_EQ(Count(svg, "<circle"), 5);  // 3 + 2 points: the gap has none
  // The coal line restarts after its gap: two M commands in its path.
  const std::regex coal_path("<path d=\"(M[^\"]*)\" fill=\"none\" stroke=\"#f28e2b\"");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(svg, match, coal_path));
  EXPECT_EQ(Count(match[1].str(), "M"), 2);
  EXPECT_EQ(Count(match[1].str(), "L"), 0);
  EXPECT_EQ(svg.substr(svg.size() - 6), "</svg>");
  EXPECT_EQ(svg, RenderLineChart(chart));  // deterministic
}

TEST(SvgCharts, GroupedAndStackedBarsAndTheirHeights) {
  BarChart chart;
  chart.title = "groups";
  chart.categories = {"1929", "1930"};
  chart.series = {{"A", {10, 20}}, {"B", {30, 40}}};
  const std::string grouped = RenderBarChart(chart);
  EXPECT_EQ(Count(grouped, "<title>A ") + Count(grouped, "<title>B "), 4);
  chart.stacked = true;
  const std::string stacked = RenderBarChart(chart);
  EXPECT_EQ(Count(stacked, "<title>A ") + Count(stacked, "<title>B "), 4);
  // Stacked: the 1930 stack reaches 60; nice(60) = 100 (6 > 5 → 10·10), step nice(20) = 20,
  // ceil(60/20) = 3 → top tick 60. The plot runs from y = 44 to y = 290 (height 320 − 30): 246 px
  // for 60 units; B in 1930 spans 40 units = 164 px from the top.
  const std::regex bar(
      "<rect x=\"[0-9.]+\" y=\"([0-9.]+)\" width=\"[0-9.]+\" height=\"([0-9.]+)\" "
      "fill=\"[^\"]+\"><title>B 1930: 40</title>");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(stacked, match, bar));
  EXPECT_NEAR(std::stod(match[2].str()), 246.0 * 40 / 60, 0.01);
  EXPECT_NEAR(std::stod(match[1].str()), 44.0, 0.01);  // the top of the stack is the top tick
}

TEST(SvgCharts, HorizontalBarsExtendLeftForNegativeValues) {
  HorizontalBarChart chart;
  chart.title = "linkages";
  chart.labels = {"agriculture", "industry"};
  chart.values = {-1, 3};
  const std::string svg = RenderHorizontalBarChart(chart);
  // Ticks −1..3 (nice(4) = 5, step nice(1) = 1); the plot spans x = 380..890 (width 960 − 70):
  // 127.5 px a unit, zero at x = 507.5; agriculture's bar runs 380..507.5, industry's
  // 507.5..890.
  EXPECT_NE(svg.find("<rect x=\"380\" y=\"53\" width=\"127.5\" height=\"14\""), std::string::npos);
  EXPECT_NE(svg.find("<rect x=\"507.5\" y=\"73\" width=\"382.5\" height=\"14\""),
            std::string::npos);
}

TEST(SvgCharts, TimelineBarsSpanStartToEnd) {
  TimelineChart chart;
  chart.title = "construction";
  chart.items = {{"Magnitogorsk", 1929, 1932, "5 mn roubles"}, {"Dneprostroi", 1930, 1933, ""}};
  const std::string svg = RenderTimelineChart(chart);
  // One tick a year 1929..1933 over x = 380..810 (width 960 − 150): 107.5 px a year.
  EXPECT_NE(svg.find("<rect x=\"380\" y=\"53\" width=\"322.5\""), std::string::npos);
  EXPECT_NE(svg.find("<rect x=\"487.5\" y=\"73\" width=\"322.5\""), std::string::npos);
  EXPECT_NE(svg.find(">5 mn roubles</text>"), std::string::npos);
}

TEST(SvgSankey, BandWidthsAreProportionalToFlows) {
  SankeyDiagram diagram;
  diagram.title = "flows";
  diagram.sources = {"steel", "coal"};
  diagram.sinks = {"industry", "consumption", "export"};
  diagram.flows = {{0, 0, 30}, {0, 1, 10}, {1, 0, 20}, {1, 2, 40}, {1, 1, 0}, {0, 2, -5}};
  const std::vector<SankeyBand> bands = LayoutSankey(diagram);
  ASSERT_EQ(bands.size(), 4u);  // the flows of 0 and −5 are left out
  // Sources total 40 and 60 (1 gap), sinks 50, 10 and 40 (2 gaps); plot height 420 − 40 − 12 =
  // 368: scale = min((368 − 10)/100, (368 − 20)/100) = 3.48 px per unit.
  const double scale = 3.48;
  EXPECT_NEAR(bands[0].width, 30 * scale, 1e-9);
  EXPECT_NEAR(bands[1].width, 10 * scale, 1e-9);
  EXPECT_NEAR(bands[2].width, 20 * scale, 1e-9);
  EXPECT_NEAR(bands[3].width, 40 * scale, 1e-9);
  for (const SankeyBand& band : bands) {
    EXPECT_NEAR(band.width / diagram.flows[band.flow].value, scale, 1e-12);
  }
  // Stacked within nodes: steel's second band starts where its first ends; coal's node starts
  // after steel's node (40·3.48) and one gap; at the sink "industry" coal's band follows steel's.
  EXPECT_DOUBLE_EQ(bands[0].source_y, 40);
  EXPECT_NEAR(bands[1].source_y, 40 + 30 * scale, 1e-9);
  EXPECT_NEAR(bands[2].source_y, 40 + 40 * scale + 10, 1e-9);
  EXPECT_NEAR(bands[2].sink_y, 40 + 30 * scale, 1e-9);
  // Export (sink 2) comes after industry (50) and consumption (10) and two gaps.
  EXPECT_NEAR(bands[3].sink_y, 40 + 60 * scale + 20, 1e-9);
  const std::string svg = RenderSankeyDiagram(diagram);
  EXPECT_EQ(Count(svg, "fill-opacity=\"0.45\""), 4);
  EXPECT_NE(svg.find("<title>coal → export: 40</title>"), std::string::npos);
}

TEST(SvgCharts, EmptyChartsSayThereIsNoData) {
  LineChart line;
  line.title = "nothing";
  EXPECT_NE(RenderLineChart(line).find("no data to draw"), std::string::npos);
  SankeyDiagram sankey;
  sankey.title = "nothing";
  EXPECT_NE(RenderSankeyDiagram(sankey).find("no data to draw"), std::string::npos);
}

}  // namespace
}  // namespace gosplan::svg
