// A small SVG writer for the HTML report (include/gosplan/report.h): escaping, paths, axes with
// nice ticks and five kinds of chart (line, grouped or stacked bars, horizontal bars, a timeline
// and a Sankey diagram). Every chart is one self-contained <svg> element with a <title>, sized by
// its viewBox so that it scales with the page, drawn in a fixed palette.
//
// Output is deterministic: coordinates are written with at most two decimals (trailing zeros cut),
// labels with FormatNumber, series in the order given; the same input gives the same bytes.
// Non-finite values are skipped (a gap in a line, no bar), never drawn as 0.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gosplan::svg {

// Text for XML/HTML content and attribute values: & < > " ' replaced by entities.
std::string EscapeXml(std::string_view text);

// `text` cut to at most `max_characters` Unicode characters (UTF-8 code points), the last one an
// ellipsis "…" when it was cut; never splits a multi-byte character.
std::string Shorten(std::string_view text, std::size_t max_characters);

// A coordinate: fixed two decimals with trailing zeros (and a trailing '.') removed; "-0" is "0".
std::string Coordinate(double value);

// A number for people: up to `significant` significant digits, no exponent between 1e-4 and 1e9
// (e.g. 1234.5 → "1234.5" with 6, 0.000123 → "0.000123", 2.5e12 → "2.5e+12"), "–" when not
// finite.
std::string FormatNumber(double value, int significant = 4);

// Axis ticks: a "nice" step (1, 2 or 5 × 10^k) chosen so that about `target_count` intervals cover
// [low, high], and the ticks from floor(low/step)·step to ceil(high/step)·step (Heckbert, "Nice
// numbers for graph labels", Graphics Gems, 1990). low == high gets a unit-wide range around it.
struct Ticks {
  double low = 0.0;   // first tick (≤ the data's low)
  double high = 1.0;  // last tick (≥ the data's high)
  double step = 1.0;
  std::vector<double> values;
};
Ticks NiceTicks(double low, double high, int target_count = 5);

// An SVG path's "d" attribute, built command by command.
class PathBuilder {
 public:
  PathBuilder& MoveTo(double x, double y);
  PathBuilder& LineTo(double x, double y);
  // A cubic Bézier to (x, y) with control points (x1, y1), (x2, y2).
  PathBuilder& CurveTo(double x1, double y1, double x2, double y2, double x, double y);
  PathBuilder& Close();
  const std::string& str() const { return data_; }
  bool empty() const { return data_.empty(); }

 private:
  std::string data_;
};

// The fill colour of series `index` (a fixed palette of 10, repeated).
std::string_view PaletteColour(std::size_t index);

struct Series {
  std::string name;
  std::vector<double> values;  // one per category; NaN: no value
};

// Line chart: one line per series over categories (e.g. years) on the x axis.
struct LineChart {
  std::string title;
  std::string y_label;                  // unit of the values
  std::vector<std::string> categories;  // x axis labels
  std::vector<Series> series;
  double width = 960, height = 320;
};
std::string RenderLineChart(const LineChart& chart);

// Vertical bars: per category one bar per series side by side, or stacked (values ≥ 0).
struct BarChart {
  std::string title;
  std::string y_label;
  std::vector<std::string> categories;
  std::vector<Series> series;
  bool stacked = false;
  double width = 960, height = 320;
};
std::string RenderBarChart(const BarChart& chart);

// Horizontal bars, one per label (e.g. sectors ranked by a multiplier); negative values extend
// left of the zero line.
struct HorizontalBarChart {
  std::string title;
  std::string unit;
  std::vector<std::string> labels;
  std::vector<double> values;
  double width = 960;
};
std::string RenderHorizontalBarChart(const HorizontalBarChart& chart);

// Timeline (Gantt): one row per item, a bar from `start` to `end` (e.g. years), with a text shown
// beside it.
struct TimelineItem {
  std::string label;
  double start = 0.0;
  double end = 0.0;
  std::string text;
};
struct TimelineChart {
  std::string title;
  std::vector<TimelineItem> items;
  double width = 960;
};
std::string RenderTimelineChart(const TimelineChart& chart);

// Sankey diagram: flows from sources (left column) to sinks (right column). Each node is as tall as
// its total flow times `scale`, each flow a band whose width is value·scale at both ends, stacked
// in the order of `flows` within each node; scale = min over the two columns of (plot height − the
// gaps between that column's nodes) / that column's total. Nodes without flow are not drawn.
struct SankeyFlow {
  std::size_t source = 0;  // index into sources
  std::size_t sink = 0;    // index into sinks
  double value = 0.0;      // > 0; flows ≤ 0 or not finite are left out
};
struct SankeyDiagram {
  std::string title;
  std::string unit;
  std::vector<std::string> sources;
  std::vector<std::string> sinks;
  std::vector<SankeyFlow> flows;
  double width = 960, height = 420;
};
// The geometry of each drawn flow, in the order of `flows` (left-out flows absent).
struct SankeyBand {
  std::size_t flow = 0;                 // index into flows
  double source_y = 0.0, sink_y = 0.0;  // top of the band at each end
  double width = 0.0;                   // band thickness, value·scale
};
std::vector<SankeyBand> LayoutSankey(const SankeyDiagram& diagram);
std::string RenderSankeyDiagram(const SankeyDiagram& diagram);

// Network diagram (src/svg/network.cc): nodes (e.g. regions) evenly on a circle, node k at angle
// −90° + 360°·k/N about the plot's centre (one node: the centre), and each edge an arrow from its
// source to its target, bent to its right so that the two directions between a pair stay apart,
// its stroke `max_stroke`·value / (largest value) wide (at least 1). Edges with a value ≤ 0 or
// not finite are left out; every edge has a tooltip (its `text`, else its value).
struct NetworkEdge {
  std::size_t from = 0, to = 0;  // indices into nodes
  double value = 0.0;
  std::string text;
};
struct NetworkDiagram {
  std::string title;
  std::string unit;
  std::vector<std::string> nodes;
  std::vector<NetworkEdge> edges;
  double width = 960, height = 420;
  double max_stroke = 24;
};
struct NetworkPoint {
  double x = 0.0, y = 0.0;
};
// The node centres: centre (width/2, 30 + (height − 30)/2), radius min(width, height − 30)/2 − 60.
std::vector<NetworkPoint> LayoutNetwork(const NetworkDiagram& diagram);
// The stroke width of edge `edge` (0 for one left out).
double NetworkStrokeWidth(const NetworkDiagram& diagram, std::size_t edge);
std::string RenderNetworkDiagram(const NetworkDiagram& diagram);

}  // namespace gosplan::svg
