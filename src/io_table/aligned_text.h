// Internal: the IO path's plain-text tables (gosplan io, --footprints, --by-region reports).
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

namespace gosplan {

// Cells aligned in columns: the first column left, the others right, two blanks apart; one line
// per row, each ended by '\n'. Rows may have different lengths.
inline std::string AlignedText(const std::vector<std::vector<std::string>>& cells) {
  std::vector<std::size_t> width;
  for (const auto& line : cells) {
    width.resize(std::max(width.size(), line.size()), 0);
    for (std::size_t c = 0; c < line.size(); ++c) width[c] = std::max(width[c], line[c].size());
  }
  std::string out;
  for (const auto& line : cells) {
    for (std::size_t c = 0; c < line.size(); ++c) {
      out += c == 0 ? fmt::format("{:<{}}", line[c], width[c])
                    : "  " + fmt::format("{:>{}}", line[c], width[c]);
    }
    out += "\n";
  }
  return out;
}

}  // namespace gosplan
