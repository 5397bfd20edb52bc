// HTML pieces of the report (src/report/): escaped text, sortable tables, sections.
#pragma once

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "gosplan/svg.h"
#include "util/json.h"

namespace gosplan::report {

using util::Json;

inline std::string Escape(std::string_view text) { return svg::EscapeXml(text); }

// One table cell: its HTML and, for numbers, the exact value the sort uses (data-v).
struct Cell {
  std::string html;
  std::string sort_value;  // empty: sorted by its text
  bool numeric = false;
};

inline Cell TextCell(std::string_view text) { return Cell{Escape(text), "", false}; }
// A number shown with FormatNumber (4 significant digits unless said) and kept exactly (shortest
// round-trip text) in data-v; "–" and an empty data-v (sorted last) when not finite.
Cell NumberCell(double value, int significant = 4, std::string_view suffix = {});
// A percentage: value already in percent, one decimal.
Cell PercentCell(double percent);

// A sortable table (<table class="sortable">): headers, then rows of cells.
std::string Table(const std::vector<std::string>& headers,
                  const std::vector<std::vector<Cell>>& rows, std::string_view caption = {});

// A figure holding one chart.
inline std::string Figure(const std::string& svg_markup, std::string_view caption = {}) {
  std::string out = "<figure>" + svg_markup;
  if (!caption.empty()) out += "<figcaption>" + Escape(caption) + "</figcaption>";
  return out + "</figure>\n";
}

inline std::string Paragraph(std::string_view text) { return "<p>" + Escape(text) + "</p>\n"; }

// Reading documents leniently: a missing key or a null is NaN / "" / nullptr.
double NumberAt(const Json& object, std::string_view key);
std::string StringAt(const Json& object, std::string_view key);
const Json* ArrayAt(const Json& object, std::string_view key);
const Json* ObjectAt(const Json& object, std::string_view key);

// A report section: its anchor, heading and body.
struct Section {
  std::string id;
  std::string title;
  std::string body;
};

}  // namespace gosplan::report
