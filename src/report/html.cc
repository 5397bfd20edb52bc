// HTML pieces of the report (html.h).
#include "report/html.h"

#include <fmt/format.h>

namespace gosplan::report {

Cell NumberCell(double value, int significant, std::string_view suffix) {
  if (!std::isfinite(value)) return Cell{"–", "", true};
  // fmt's "{}" is the shortest text that reads back as the same double: the exact value.
  return Cell{Escape(svg::FormatNumber(value, significant) + std::string(suffix)),
              fmt::format("{}", value), true};
}

Cell PercentCell(double percent) {
  if (!std::isfinite(percent)) return Cell{"–", "", true};
  return Cell{fmt::format("{:.1f} %", percent), fmt::format("{}", percent), true};
}

std::string Table(const std::vector<std::string>& headers,
                  const std::vector<std::vector<Cell>>& rows, std::string_view caption) {
  std::string out = "<div class=\"table\"><table class=\"sortable\">";
  if (!caption.empty()) out += "<caption>" + Escape(caption) + "</caption>";
  out += "<thead><tr>";
  for (const std::string& header : headers) out += "<th scope=\"col\">" + Escape(header) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const std::vector<Cell>& row : rows) {
    out += "<tr>";
    for (const Cell& cell : row) {
      if (cell.numeric) {
        out += "<td class=\"num\" data-v=\"" + cell.sort_value + "\">" + cell.html + "</td>";
      } else {
        out += "<td>" + cell.html + "</td>";
      }
    }
    out += "</tr>\n";
  }
  return out + "</tbody></table></div>\n";
}

double NumberAt(const Json& object, std::string_view key) {
  if (!object.is_object()) return std::nan("");
  const auto found = object.find(key);
  if (found == object.end() || !found->is_number()) return std::nan("");
  return found->get<double>();
}

std::string StringAt(const Json& object, std::string_view key) {
  if (!object.is_object()) return "";
  const auto found = object.find(key);
  if (found == object.end() || !found->is_string()) return "";
  return found->get<std::string>();
}

const Json* ArrayAt(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(key);
  if (found == object.end() || !found->is_array()) return nullptr;
  return &*found;
}

const Json* ObjectAt(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(key);
  if (found == object.end() || !found->is_object()) return nullptr;
  return &*found;
}

}  // namespace gosplan::report
