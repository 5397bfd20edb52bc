// The network diagram of include/gosplan/svg.h: regions as nodes on a circle, flows as arrows whose
// width is proportional to their value (the report's map of inter-regional flows).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "gosplan/svg.h"

namespace gosplan::svg {
namespace {

constexpr double kTitleSpace = 30;
constexpr double kNodeRadius = 26;
constexpr double kBend = 0.18;  // the control point's offset, as a share of the edge's length

bool Drawn(const NetworkEdge& edge, const NetworkDiagram& diagram) {
  return std::isfinite(edge.value) && edge.value > 0 && edge.from < diagram.nodes.size() &&
         edge.to < diagram.nodes.size() && edge.from != edge.to;
}

double LargestValue(const NetworkDiagram& diagram) {
  double largest = 0;
  for (const NetworkEdge& edge : diagram.edges) {
    if (Drawn(edge, diagram)) largest = std::max(largest, edge.value);
  }
  return largest;
}

}  // namespace

std::vector<NetworkPoint> LayoutNetwork(const NetworkDiagram& diagram) {
  const std::size_t n = diagram.nodes.size();
  const double cx = diagram.width / 2;
  const double cy = kTitleSpace + (diagram.height - kTitleSpace) / 2;
  const double radius = std::min(diagram.width, diagram.height - kTitleSpace) / 2 - 60;
  const double pi = std::acos(-1.0);
  std::vector<NetworkPoint> points;
  for (std::size_t k = 0; k < n; ++k) {
    if (n == 1) {
      points.push_back({cx, cy});
      continue;
    }
    const double angle = -pi / 2 + 2 * pi * static_cast<double>(k) / static_cast<double>(n);
    points.push_back({cx + radius * std::cos(angle), cy + radius * std::sin(angle)});
  }
  return points;
}

double NetworkStrokeWidth(const NetworkDiagram& diagram, std::size_t edge) {
  if (edge >= diagram.edges.size() || !Drawn(diagram.edges[edge], diagram)) return 0.0;
  return std::max(1.0, diagram.max_stroke * diagram.edges[edge].value / LargestValue(diagram));
}

std::string RenderNetworkDiagram(const NetworkDiagram& diagram) {
  auto c = [](double value) { return Coordinate(value); };
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {} {}\" "
      "width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\" font-family=\"sans-serif\" "
      "font-size=\"12\">",
      c(diagram.width), c(diagram.height), c(diagram.width), c(diagram.height),
      EscapeXml(diagram.title));
  out += "<title>" + EscapeXml(diagram.title) + "</title>";
  out += fmt::format("<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
                     c(diagram.width), c(diagram.height));
  out += "<text x=\"8\" y=\"18\" font-weight=\"bold\">" + EscapeXml(diagram.title) + "</text>";
  // A fixed-size arrowhead (user space: it does not grow with the stroke).
  out +=
      "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"12\" "
      "markerHeight=\"12\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0L10,5L0,"
      "10z\" fill=\"#5f6368\"/></marker></defs>";
  const std::vector<NetworkPoint> points = LayoutNetwork(diagram);
  if (LargestValue(diagram) <= 0) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">no data to draw</text>",
                       c(diagram.width / 2), c(diagram.height / 2));
  }
  for (std::size_t k = 0; k < diagram.edges.size(); ++k) {
    const NetworkEdge& edge = diagram.edges[k];
    if (!Drawn(edge, diagram)) continue;
    const NetworkPoint a = points[edge.from], b = points[edge.to];
    const double dx = b.x - a.x, dy = b.y - a.y, length = std::hypot(dx, dy);
    if (length <= 2 * kNodeRadius) continue;
    // From the rim of one node to the rim of the other, bent to the right of the direction.
    const double ux = dx / length, uy = dy / length;
    const NetworkPoint start{a.x + ux * kNodeRadius, a.y + uy * kNodeRadius};
    const NetworkPoint end{b.x - ux * (kNodeRadius + 4), b.y - uy * (kNodeRadius + 4)};
    const NetworkPoint control{(a.x + b.x) / 2 - uy * kBend * length,
                               (a.y + b.y) / 2 + ux * kBend * length};
    const std::string tooltip =
        edge.text.empty() ? FormatNumber(edge.value) + " " + diagram.unit : edge.text;
    out += fmt::format(
        "<path d=\"M{},{}Q{},{} {},{}\" fill=\"none\" stroke=\"{}\" stroke-opacity=\"0.75\" "
        "stroke-width=\"{}\" marker-end=\"url(#arrow)\"><title>{}</title></path>",
        c(start.x), c(start.y), c(control.x), c(control.y), c(end.x), c(end.y),
        PaletteColour(edge.from), c(NetworkStrokeWidth(diagram, k)), EscapeXml(tooltip));
  }
  for (std::size_t k = 0; k < points.size(); ++k) {
    out += fmt::format(
        "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"#1d1d1f\"><title>{}</title>"
        "</circle>",
        c(points[k].x), c(points[k].y), c(kNodeRadius), PaletteColour(k),
        EscapeXml(diagram.nodes[k]));
    // The label below a node in the lower half, above one in the upper half.
    const bool lower = points[k].y >= kTitleSpace + (diagram.height - kTitleSpace) / 2;
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", c(points[k].x),
                       c(lower ? points[k].y + kNodeRadius + 16 : points[k].y - kNodeRadius - 8),
                       EscapeXml(Shorten(diagram.nodes[k], 30)));
  }
  return out + "</svg>";
}

}  // namespace gosplan::svg
