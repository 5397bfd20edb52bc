// Balanced contiguous ranges (balanced_ranges.h).
#include "partition/balanced_ranges.h"

namespace gosplan::partition {

std::vector<long long> BalancedRanges(long long count, int parts,
                                      const std::vector<Index>& starts) {
  const long long total = count + (starts.empty() ? 0 : starts.back());
  std::vector<long long> start(static_cast<std::size_t>(parts) + 1, count);
  start[0] = 0;
  int next = 1;
  for (long long k = 0; k < count && next < parts; ++k) {
    const long long prefix = k + (starts.empty() ? 0 : starts[k]);  // the weight of [0, k)
    while (next < parts && prefix * parts >= total * next) start[next++] = k;
  }
  return start;
}

}  // namespace gosplan::partition
