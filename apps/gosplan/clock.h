// The command line's clock: the library never reads it (include/gosplan/history.h takes times from
// its caller), so `track --record` and `replan` give the time they record from here or --time.
#pragma once

#include <ctime>
#include <string>

namespace gosplan::cli {

// The current UTC time as ISO 8601 ("2026-12-02T03:00:00Z").
inline std::string CurrentTimeText() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace gosplan::cli
