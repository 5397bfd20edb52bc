// The network diagram of include/gosplan/svg.h (the report's map of flows between regions):
// node positions and stroke widths derived by hand.
#include <gtest/gtest.h>

#include <string>

#include "gosplan/svg.h"

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

TEST(NetworkDiagram, NodesOnACircleFromTheTop) {
  // 960 × 420: centre (480, 30 + 390/2) = (480, 225), radius min(960, 390)/2 − 60 = 135. Two nodes:
  // −90° (the top) and +90°; four nodes: also 0° (right) and 180° (left).
  NetworkDiagram diagram;
  diagram.nodes = {"a", "b"};
  auto points = LayoutNetwork(diagram);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_NEAR(points[0].x, 480, 1e-9);
  EXPECT_NEAR(points[0].y, 90, 1e-9);
  EXPECT_NEAR(points[1].x, 480, 1e-9);
  EXPECT_NEAR(points[1].y, 360, 1e-9);
  diagram.nodes = {"a", "b", "c", "d"};
  points = LayoutNetwork(diagram);
  EXPECT_NEAR(points[1].x, 615, 1e-9);
  EXPECT_NEAR(points[1].y, 225, 1e-9);
  EXPECT_NEAR(points[3].x, 345, 1e-9);
  diagram.nodes = {"alone"};
  points = LayoutNetwork(diagram);
  EXPECT_NEAR(points[0].x, 480, 1e-9);
  EXPECT_NEAR(points[0].y, 225, 1e-9);
}

TEST(NetworkDiagram, StrokesProportionalToTheValue) {
  // max_stroke 24: the largest value (10) is 24 wide, 5 is 12, 0.1 would be 0.24 and is drawn 1
  // wide; a value ≤ 0, a loop and an unknown node are left out (width 0, no path).
  NetworkDiagram diagram;
  diagram.title = "Flows <east & west>";
  diagram.nodes = {"west", "east", "north"};
  diagram.edges = {{0, 1, 10.0, ""}, {1, 0, 5.0, ""}, {0, 2, 0.1, ""},
                   {2, 1, -3.0, ""}, {1, 1, 4.0, ""}, {0, 7, 4.0, ""}};
  EXPECT_DOUBLE_EQ(NetworkStrokeWidth(diagram, 0), 24.0);
  EXPECT_DOUBLE_EQ(NetworkStrokeWidth(diagram, 1), 12.0);
  EXPECT_DOUBLE_EQ(NetworkStrokeWidth(diagram, 2), 1.0);
  EXPECT_DOUBLE_EQ(NetworkStrokeWidth(diagram, 3), 0.0);
  EXPECT_DOUBLE_EQ(NetworkStrokeWidth(diagram, 4), 0.0);
  EXPECT_DOUBLE_EQ(NetworkStrokeWidth(diagram, 5), 0.0);
  const std::string svg = RenderNetworkDiagram(diagram);
  EXPECT_EQ(Count(svg, "<path"), 1 + 3);  // the arrowhead marker and three edges
  EXPECT_EQ(Count(svg, "<circle"), 3);
  EXPECT_NE(svg.find("stroke-width=\"24\""), std::string::npos);
  EXPECT_NE(svg.find("stroke-width=\"12\""), std::string::npos);
  EXPECT_NE(svg.find("Flows &lt;east &amp; west&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("no data to draw"), std::string::npos);
  // The same input gives the same bytes.
  EXPECT_EQ(svg, RenderNetworkDiagram(diagram));
}

TEST(NetworkDiagram, NothingToDrawSaysSo) {
  NetworkDiagram diagram;
  diagram.nodes = {"west", "east"};
  diagram.edges = {{0, 1, 0.0, ""}};
  const std::string svg = RenderNetworkDiagram(diagram);
  EXPECT_NE(svg.find("no data to draw"), std::string::npos);
  EXPECT_EQ(Count(svg, "<path"), 1);  // only the marker
}

}  // namespace
}  // namespace gosplan::svg
