// The SVG writer of include/gosplan/svg.h.
#include "gosplan/svg.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace gosplan::svg {
namespace {

constexpr double kFontSize = 12;
constexpr double kLegendRow = 18;
constexpr std::size_t kLegendPerRow = 4;
constexpr double kLegendWidth = 220;

// Heckbert's nice number: a value of the form {1, 2, 5, 10}·10^k near x (rounded, or not below x).
double NiceNumber(double x, bool round) {
  const double exponent = std::floor(std::log10(x));
  const double power = std::pow(10.0, exponent);
  const double fraction = x / power;
  double nice;
  if (round) {
    nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  } else {
    nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  }
  return nice * power;
}

std::string Attribute(std::string_view name, double value) {
  return fmt::format(" {}=\"{}\"", name, Coordinate(value));
}

// The opening of a chart: <svg …> with its <title> and the title drawn at the top.
std::string OpenSvg(const std::string& title, double width, double height) {
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {} {}\" "
      "width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\" font-family=\"sans-serif\" "
      "font-size=\"{}\">",
      Coordinate(width), Coordinate(height), Coordinate(width), Coordinate(height),
      EscapeXml(title), Coordinate(kFontSize));
  out += "<title>" + EscapeXml(title) + "</title>";
  out += "<rect x=\"0\" y=\"0\"" + Attribute("width", width) + Attribute("height", height) +
         " fill=\"#ffffff\"/>";
  out += "<text x=\"8\" y=\"18\" font-weight=\"bold\">" + EscapeXml(title) + "</text>";
  return out;
}

std::string Text(double x, double y, std::string_view anchor, const std::string& text,
                 std::string_view extra = {}) {
  return fmt::format("<text{}{} text-anchor=\"{}\"{}>{}</text>", Attribute("x", x),
                     Attribute("y", y), anchor, extra, EscapeXml(text));
}

std::string Line(double x1, double y1, double x2, double y2, std::string_view stroke) {
  return fmt::format("<line{}{}{}{} stroke=\"{}\"/>", Attribute("x1", x1), Attribute("y1", y1),
                     Attribute("x2", x2), Attribute("y2", y2), stroke);
}

std::string Rect(double x, double y, double width, double height, std::string_view fill,
                 const std::string& tooltip) {
  std::string out = "<rect" + Attribute("x", x) + Attribute("y", y) + Attribute("width", width) +
                    Attribute("height", height) + fmt::format(" fill=\"{}\"", fill);
  if (tooltip.empty()) return out + "/>";
  return out + "><title>" + EscapeXml(tooltip) + "</title></rect>";
}

// Legend rows under a chart, kLegendPerRow entries a row; returns the markup.
std::string Legend(const std::vector<Series>& series, double top, double left) {
  std::string out;
  if (series.size() < 2) return out;
  for (std::size_t k = 0; k < series.size(); ++k) {
    const double x = left + static_cast<double>(k % kLegendPerRow) * kLegendWidth;
    const double y = top + static_cast<double>(k / kLegendPerRow) * kLegendRow;
    out += Rect(x, y - 10, 12, 12, PaletteColour(k), "");
    out += Text(x + 16, y, "start", Shorten(series[k].name, 30));
  }
  return out;
}

double LegendHeight(std::size_t series) {
  if (series < 2) return 0;
  return static_cast<double>((series + kLegendPerRow - 1) / kLegendPerRow) * kLegendRow + 6;
}

// The plot area of a chart with a value axis on the left and categories below.
struct Frame {
  double left = 70, right = 0, top = 44, bottom = 0;  // plot area edges
  Ticks ticks;
  double Y(double value) const {
    return bottom - (value - ticks.low) / (ticks.high - ticks.low) * (bottom - top);
  }
};

// The value axis (gridlines, tick labels, unit) and the category labels.
std::string DrawAxes(const Frame& frame, const std::string& y_label,
                     const std::vector<std::string>& categories) {
  std::string out;
  for (double tick : frame.ticks.values) {
    const double y = frame.Y(tick);
    out += Line(frame.left, y, frame.right, y, "#dddddd");
    out += Text(frame.left - 6, y + 4, "end", FormatNumber(tick));
  }
  out += Line(frame.left, frame.top, frame.left, frame.bottom, "#444444");
  out += Line(frame.left, frame.Y(std::clamp(0.0, frame.ticks.low, frame.ticks.high)), frame.right,
              frame.Y(std::clamp(0.0, frame.ticks.low, frame.ticks.high)), "#444444");
  if (!y_label.empty()) {
    out += Text(frame.left, frame.top - 6, "start", y_label, " fill=\"#555555\"");
  }
  const double slot = (frame.right - frame.left) / static_cast<double>(categories.size());
  for (std::size_t k = 0; k < categories.size(); ++k) {
    out += Text(frame.left + slot * (static_cast<double>(k) + 0.5), frame.bottom + 16, "middle",
                categories[k]);
  }
  return out;
}

std::string NoData(double width, double y) {
  return Text(width / 2, y, "middle", "no data to draw", " fill=\"#777777\"");
}

}  // namespace

std::string EscapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Shorten(std::string_view text, std::size_t max_characters) {
  // Code points start at every byte that is not a UTF-8 continuation byte (10xxxxxx).
  std::size_t characters = 0;
  for (std::size_t k = 0; k < text.size(); ++k) {
    if ((static_cast<unsigned char>(text[k]) & 0xC0) == 0x80) continue;
    if (characters + 1 == max_characters && max_characters > 0) {
      // Does more than this last character follow?
      std::size_t next = k + 1;
      while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) ++next;
      if (next < text.size()) return std::string(text.substr(0, k)) + "…";
    }
    ++characters;
  }
  return std::string(text);
}

std::string Coordinate(double value) {
  std::string text = fmt::format("{:.2f}", value);
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  if (text == "-0" || text.empty()) return "0";
  return text;
}

std::string FormatNumber(double value, int significant) {
  if (!std::isfinite(value)) return "–";
  if (value == 0) return "0";
  significant = std::clamp(significant, 1, 17);
  const double magnitude = std::fabs(value);
  std::string text;
  if (magnitude >= std::pow(10.0, significant) && magnitude < 1e9) {
    text = fmt::format("{:.0f}", value);
  } else {
    text = fmt::format("{:.{}g}", value, significant);
  }
  if (text == "-0") return "0";
  return text;
}

Ticks NiceTicks(double low, double high, int target_count) {
  Ticks ticks;
  if (!std::isfinite(low) || !std::isfinite(high)) low = 0, high = 1;
  if (low > high) std::swap(low, high);
  if (low == high) {
    low -= 0.5;
    high += 0.5;
  }
  target_count = std::max(target_count, 1);
  const double range = NiceNumber(high - low, false);
  const double step = NiceNumber(range / target_count, true);
  const double first = std::floor(low / step);
  const double last = std::ceil(high / step);
  ticks.step = step;
  ticks.low = first * step;
  ticks.high = last * step;
  for (double k = first; k <= last + 0.5; k += 1) {
    double value = k * step;
    if (value == 0) value = 0;  // no -0
    ticks.values.push_back(value);
  }
  return ticks;
}

PathBuilder& PathBuilder::MoveTo(double x, double y) {
  data_ += (data_.empty() ? "M" : " M") + Coordinate(x) + " " + Coordinate(y);
  return *this;
}
PathBuilder& PathBuilder::LineTo(double x, double y) {
  data_ += " L" + Coordinate(x) + " " + Coordinate(y);
  return *this;
}
PathBuilder& PathBuilder::CurveTo(double x1, double y1, double x2, double y2, double x, double y) {
  data_ += " C" + Coordinate(x1) + " " + Coordinate(y1) + " " + Coordinate(x2) + " " +
           Coordinate(y2) + " " + Coordinate(x) + " " + Coordinate(y);
  return *this;
}
PathBuilder& PathBuilder::Close() {
  data_ += " Z";
  return *this;
}

std::string_view PaletteColour(std::size_t index) {
  // Tableau 10.
  static constexpr std::string_view kPalette[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
                                                  "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                                                  "#9c755f", "#bab0ac"};
  return kPalette[index % 10];
}

std::string RenderLineChart(const LineChart& chart) {
  const double legend = LegendHeight(chart.series.size());
  const double height = chart.height + legend;
  std::string out = OpenSvg(chart.title, chart.width, height);
  double low = 0, high = 0;
  bool any = false;
  for (const Series& series : chart.series) {
    for (double value : series.values) {
      if (!std::isfinite(value)) continue;
      low = std::min(low, value);
      high = std::max(high, value);
      any = true;
    }
  }
  if (!any || chart.categories.empty())
    return out + NoData(chart.width, chart.height / 2) + "</svg>";
  Frame frame;
  frame.right = chart.width - 16;
  frame.bottom = chart.height - 30;
  frame.ticks = NiceTicks(low, high);
  out += DrawAxes(frame, chart.y_label, chart.categories);
  const double slot = (frame.right - frame.left) / static_cast<double>(chart.categories.size());
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    const Series& series = chart.series[s];
    PathBuilder path;
    bool drawing = false;
    std::string points;
    for (std::size_t k = 0; k < series.values.size() && k < chart.categories.size(); ++k) {
      const double value = series.values[k];
      if (!std::isfinite(value)) {
        drawing = false;
        continue;
      }
      const double x = frame.left + slot * (static_cast<double>(k) + 0.5);
      const double y = frame.Y(value);
      if (drawing) {
        path.LineTo(x, y);
      } else {
        path.MoveTo(x, y);
      }
      drawing = true;
      points += fmt::format(
          "<circle{}{} r=\"3\" fill=\"{}\"><title>{}</title></circle>", Attribute("cx", x),
          Attribute("cy", y), PaletteColour(s),
          EscapeXml(series.name + " " + chart.categories[k] + ": " + FormatNumber(value)));
    }
    if (!path.empty()) {
      out += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>",
                         path.str(), PaletteColour(s));
    }
    out += points;
  }
  out += Legend(chart.series, chart.height - 2, frame.left);
  return out + "</svg>";
}

std::string RenderBarChart(const BarChart& chart) {
  const double legend = LegendHeight(chart.series.size());
  const double height = chart.height + legend;
  std::string out = OpenSvg(chart.title, chart.width, height);
  const std::size_t categories = chart.categories.size();
  double low = 0, high = 0;
  bool any = false;
  for (std::size_t k = 0; k < categories; ++k) {
    double stack = 0;
    for (const Series& series : chart.series) {
      if (k >= series.values.size() || !std::isfinite(series.values[k])) continue;
      const double value = series.values[k];
      any = true;
      if (chart.stacked) {
        stack += std::max(value, 0.0);
        high = std::max(high, stack);
      } else {
        low = std::min(low, value);
        high = std::max(high, value);
      }
    }
  }
  if (!any || categories == 0) return out + NoData(chart.width, chart.height / 2) + "</svg>";
  Frame frame;
  frame.right = chart.width - 16;
  frame.bottom = chart.height - 30;
  frame.ticks = NiceTicks(low, high);
  out += DrawAxes(frame, chart.y_label, chart.categories);
  const double slot = (frame.right - frame.left) / static_cast<double>(categories);
  const double group = slot * 0.8;
  const std::size_t count = std::max<std::size_t>(chart.series.size(), 1);
  const double bar = chart.stacked ? group : group / static_cast<double>(count);
  for (std::size_t k = 0; k < categories; ++k) {
    const double group_left = frame.left + slot * static_cast<double>(k) + (slot - group) / 2;
    double stack = 0;
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
      const Series& series = chart.series[s];
      if (k >= series.values.size() || !std::isfinite(series.values[k])) continue;
      const double value = chart.stacked ? std::max(series.values[k], 0.0) : series.values[k];
      const double base = chart.stacked ? stack : 0.0;
      const double top = base + value;
      const double x = chart.stacked ? group_left : group_left + bar * static_cast<double>(s);
      const double y_top = frame.Y(std::max(base, top));
      const double y_bottom = frame.Y(std::min(base, top));
      out += Rect(x, y_top, bar, y_bottom - y_top, PaletteColour(s),
                  series.name + " " + chart.categories[k] + ": " + FormatNumber(series.values[k]));
      stack = chart.stacked ? top : stack;
    }
  }
  out += Legend(chart.series, chart.height - 2, frame.left);
  return out + "</svg>";
}

std::string RenderHorizontalBarChart(const HorizontalBarChart& chart) {
  constexpr double kRow = 20, kTop = 50, kLabels = 380;
  const std::size_t rows = chart.labels.size();
  const double height = kTop + kRow * static_cast<double>(std::max<std::size_t>(rows, 1)) + 14;
  std::string out = OpenSvg(chart.title, chart.width, height);
  double low = 0, high = 0;
  bool any = false;
  for (std::size_t k = 0; k < rows && k < chart.values.size(); ++k) {
    if (!std::isfinite(chart.values[k])) continue;
    low = std::min(low, chart.values[k]);
    high = std::max(high, chart.values[k]);
    any = true;
  }
  if (!any) return out + NoData(chart.width, kTop + 10) + "</svg>";
  const Ticks ticks = NiceTicks(low, high);
  const double left = kLabels, right = chart.width - 70;
  auto x_of = [&](double value) {
    return left + (value - ticks.low) / (ticks.high - ticks.low) * (right - left);
  };
  const double bottom = kTop + kRow * static_cast<double>(rows);
  for (double tick : ticks.values) {
    out += Line(x_of(tick), kTop - 4, x_of(tick), bottom, "#dddddd");
    out += Text(x_of(tick), kTop - 8, "middle", FormatNumber(tick));
  }
  if (!chart.unit.empty()) out += Text(right, 18, "end", chart.unit, " fill=\"#555555\"");
  out += Line(x_of(0), kTop - 4, x_of(0), bottom, "#444444");
  for (std::size_t k = 0; k < rows; ++k) {
    const double y = kTop + kRow * static_cast<double>(k);
    out += Text(left - 6, y + 14, "end", Shorten(chart.labels[k], 56));
    if (k >= chart.values.size() || !std::isfinite(chart.values[k])) continue;
    const double value = chart.values[k];
    const double x0 = x_of(std::min(0.0, value)), x1 = x_of(std::max(0.0, value));
    out += Rect(x0, y + 3, std::max(x1 - x0, 0.5), kRow - 6, PaletteColour(0),
                chart.labels[k] + ": " + FormatNumber(value));
    out += Text(x1 + 4, y + 14, "start", FormatNumber(value), " fill=\"#333333\"");
  }
  return out + "</svg>";
}

std::string RenderTimelineChart(const TimelineChart& chart) {
  constexpr double kRow = 20, kTop = 50, kLabels = 380;
  const std::size_t rows = chart.items.size();
  const double height = kTop + kRow * static_cast<double>(std::max<std::size_t>(rows, 1)) + 14;
  std::string out = OpenSvg(chart.title, chart.width, height);
  double low = std::numeric_limits<double>::infinity(), high = -low;
  for (const TimelineItem& item : chart.items) {
    if (!std::isfinite(item.start) || !std::isfinite(item.end)) continue;
    low = std::min({low, item.start, item.end});
    high = std::max({high, item.start, item.end});
  }
  if (!std::isfinite(low)) return out + NoData(chart.width, kTop + 10) + "</svg>";
  // Years: one tick a year on short spans, nice ticks on long ones.
  Ticks ticks;
  if (high - low <= 15 && low == std::floor(low) && high == std::floor(high)) {
    ticks.low = low;
    ticks.high = high == low ? low + 1 : high;
    ticks.step = 1;
    for (double year = ticks.low; year <= ticks.high; year += 1) ticks.values.push_back(year);
  } else {
    ticks = NiceTicks(low, high);
  }
  const double left = kLabels, right = chart.width - 150;
  auto x_of = [&](double value) {
    return left + (value - ticks.low) / (ticks.high - ticks.low) * (right - left);
  };
  const double bottom = kTop + kRow * static_cast<double>(rows);
  for (double tick : ticks.values) {
    out += Line(x_of(tick), kTop - 4, x_of(tick), bottom, "#dddddd");
    out += Text(x_of(tick), kTop - 8, "middle", FormatNumber(tick, 6));
  }
  for (std::size_t k = 0; k < rows; ++k) {
    const TimelineItem& item = chart.items[k];
    const double y = kTop + kRow * static_cast<double>(k);
    out += Text(left - 6, y + 14, "end", Shorten(item.label, 56));
    if (!std::isfinite(item.start) || !std::isfinite(item.end)) continue;
    const double x0 = x_of(std::min(item.start, item.end));
    const double x1 = x_of(std::max(item.start, item.end));
    out += Rect(x0, y + 3, std::max(x1 - x0, 3.0), kRow - 6, PaletteColour(k),
                item.label + ": " + FormatNumber(item.start, 6) + "–" + FormatNumber(item.end, 6) +
                    (item.text.empty() ? "" : ", " + item.text));
    out += Text(std::max(x1, x0 + 3) + 4, y + 14, "start", item.text, " fill=\"#333333\"");
  }
  return out + "</svg>";
}

namespace {

struct SankeyNodes {
  std::vector<double> source_total, sink_total;
  std::vector<double> source_top, sink_top;  // y of each node's top (NaN: not drawn)
  double scale = 0;
};

constexpr double kSankeyTop = 40, kSankeyBottom = 12, kSankeyGap = 10;

bool Drawn(const SankeyFlow& flow, const SankeyDiagram& diagram) {
  return std::isfinite(flow.value) && flow.value > 0 && flow.source < diagram.sources.size() &&
         flow.sink < diagram.sinks.size();
}

SankeyNodes PlaceNodes(const SankeyDiagram& diagram) {
  SankeyNodes nodes;
  nodes.source_total.assign(diagram.sources.size(), 0.0);
  nodes.sink_total.assign(diagram.sinks.size(), 0.0);
  for (const SankeyFlow& flow : diagram.flows) {
    if (!Drawn(flow, diagram)) continue;
    nodes.source_total[flow.source] += flow.value;
    nodes.sink_total[flow.sink] += flow.value;
  }
  const double plot = diagram.height - kSankeyTop - kSankeyBottom;
  // The scale that fits the fuller column (its total plus its gaps) into the plot height.
  double scale = std::numeric_limits<double>::infinity();
  for (const std::vector<double>* totals : {&nodes.source_total, &nodes.sink_total}) {
    double sum = 0;
    int drawn = 0;
    for (double total : *totals) {
      if (total > 0) sum += total, ++drawn;
    }
    if (sum > 0) scale = std::min(scale, (plot - kSankeyGap * std::max(drawn - 1, 0)) / sum);
  }
  nodes.scale = std::isfinite(scale) ? std::max(scale, 0.0) : 0.0;
  auto place = [&](const std::vector<double>& totals, std::vector<double>& tops) {
    tops.assign(totals.size(), std::numeric_limits<double>::quiet_NaN());
    double y = kSankeyTop;
    for (std::size_t k = 0; k < totals.size(); ++k) {
      if (totals[k] <= 0) continue;
      tops[k] = y;
      y += totals[k] * nodes.scale + kSankeyGap;
    }
  };
  place(nodes.source_total, nodes.source_top);
  place(nodes.sink_total, nodes.sink_top);
  return nodes;
}

}  // namespace

std::vector<SankeyBand> LayoutSankey(const SankeyDiagram& diagram) {
  const SankeyNodes nodes = PlaceNodes(diagram);
  std::vector<double> source_used(diagram.sources.size(), 0.0);
  std::vector<double> sink_used(diagram.sinks.size(), 0.0);
  std::vector<SankeyBand> bands;
  for (std::size_t k = 0; k < diagram.flows.size(); ++k) {
    const SankeyFlow& flow = diagram.flows[k];
    if (!Drawn(flow, diagram)) continue;
    SankeyBand band;
    band.flow = k;
    band.width = flow.value * nodes.scale;
    band.source_y = nodes.source_top[flow.source] + source_used[flow.source];
    band.sink_y = nodes.sink_top[flow.sink] + sink_used[flow.sink];
    source_used[flow.source] += band.width;
    sink_used[flow.sink] += band.width;
    bands.push_back(band);
  }
  return bands;
}

std::string RenderSankeyDiagram(const SankeyDiagram& diagram) {
  std::string out = OpenSvg(diagram.title, diagram.width, diagram.height);
  const SankeyNodes nodes = PlaceNodes(diagram);
  const std::vector<SankeyBand> bands = LayoutSankey(diagram);
  if (bands.empty()) return out + NoData(diagram.width, diagram.height / 2) + "</svg>";
  constexpr double kNode = 14, kLabels = 270;
  const double x_source = kLabels, x_sink = diagram.width - kLabels - kNode;
  for (const SankeyBand& band : bands) {
    const SankeyFlow& flow = diagram.flows[band.flow];
    const double x0 = x_source + kNode, x1 = x_sink, middle = (x0 + x1) / 2;
    PathBuilder path;
    path.MoveTo(x0, band.source_y)
        .CurveTo(middle, band.source_y, middle, band.sink_y, x1, band.sink_y)
        .LineTo(x1, band.sink_y + band.width)
        .CurveTo(middle, band.sink_y + band.width, middle, band.source_y + band.width, x0,
                 band.source_y + band.width)
        .Close();
    out += fmt::format(
        "<path d=\"{}\" fill=\"{}\" fill-opacity=\"0.45\"><title>{}</title></path>", path.str(),
        PaletteColour(flow.source),
        EscapeXml(diagram.sources[flow.source] + " → " + diagram.sinks[flow.sink] + ": " +
                  FormatNumber(flow.value) + (diagram.unit.empty() ? "" : " " + diagram.unit)));
  }
  auto node = [&](double x, double top, double total, std::size_t colour, const std::string& name,
                  bool label_left) {
    std::string text = Shorten(name, 34) + " " + FormatNumber(total);
    std::string markup = Rect(x, top, kNode, std::max(total * nodes.scale, 1.0),
                              colour == SIZE_MAX ? "#666666" : PaletteColour(colour), text);
    const double y = top + total * nodes.scale / 2 + 4;
    markup += label_left ? Text(x - 6, y, "end", text) : Text(x + kNode + 6, y, "start", text);
    return markup;
  };
  for (std::size_t k = 0; k < diagram.sources.size(); ++k) {
    if (std::isnan(nodes.source_top[k])) continue;
    out += node(x_source, nodes.source_top[k], nodes.source_total[k], k, diagram.sources[k], true);
  }
  for (std::size_t k = 0; k < diagram.sinks.size(); ++k) {
    if (std::isnan(nodes.sink_top[k])) continue;
    out += node(x_sink, nodes.sink_top[k], nodes.sink_total[k], SIZE_MAX, diagram.sinks[k], false);
  }
  if (!diagram.unit.empty()) {
    out += Text(diagram.width - 8, 18, "end", diagram.unit, " fill=\"#555555\"");
  }
  return out + "</svg>";
}

}  // namespace gosplan::svg
