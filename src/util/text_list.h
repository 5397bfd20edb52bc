// Lists of names inside messages: the first few, quoted, and a count of the rest, so that a message
// about 9,800 sectors stays one readable line.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <string>

namespace gosplan::util {

// "'a', 'b', 'c' (and 7 more)": the first `shown` of `count` names, name_of(k) giving the k-th.
template <typename NameOf>
std::string QuotedFew(std::size_t count, NameOf name_of, std::size_t shown = 3) {
  std::string text;
  for (std::size_t k = 0; k < count && k < shown; ++k) {
    if (k > 0) text += ", ";
    text += "'" + std::string(name_of(k)) + "'";
  }
  if (count > shown) text += fmt::format(" (and {} more)", count - shown);
  return text;
}

}  // namespace gosplan::util
