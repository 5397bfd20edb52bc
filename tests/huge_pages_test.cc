// util::HugePagesInside: the 2 MB-aligned part of a block that AdviseHugePages hands to madvise.
// Every expected range is worked out by hand from the block's address and size (2 MB = 0x200000).
#include "util/huge_pages.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace gosplan::util {
namespace {

constexpr std::uintptr_t kMB2 = 0x200000;

TEST(HugePagesTest, TheAlignedPagesInsideTheBlock) {
  // 16 bytes past 2 MB, 6 MB long: ends at 8 MB + 16; the whole 2 MB pages inside are [4, 8) MB.
  AddressRange r = HugePagesInside(kMB2 + 16, 3 * kMB2);
  EXPECT_EQ(r.first, 2 * kMB2);
  EXPECT_EQ(r.last, 4 * kMB2);
  // Aligned at 4 MB, exactly 4 MB long: [4, 8) MB, all of it.
  r = HugePagesInside(2 * kMB2, 2 * kMB2);
  EXPECT_EQ(r.first, 2 * kMB2);
  EXPECT_EQ(r.last, 4 * kMB2);
  // One byte before 4 MB, 4 MB + 1 long: ends exactly at 8 MB; inside: [4, 8) MB.
  r = HugePagesInside(2 * kMB2 - 1, 2 * kMB2 + 1);
  EXPECT_EQ(r.first, 2 * kMB2);
  EXPECT_EQ(r.last, 4 * kMB2);
}

TEST(HugePagesTest, SmallBlocksAndNoBlockAreLeftAlone) {
  // Under 4 MB: nothing, even when a whole aligned 2 MB page lies inside ([2, 4) MB here).
  AddressRange r = HugePagesInside(kMB2, 2 * kMB2 - 1);
  EXPECT_EQ(r.first, r.last);
  r = HugePagesInside(0, 8 * kMB2);  // no block
  EXPECT_EQ(r.first, r.last);
}

// Advising a vector's reserved room changes nothing it holds (the advice touches no byte).
TEST(HugePagesTest, AdvisedRoomKeepsWhatIsWritten) {
  std::vector<std::uint64_t> values;
  values.reserve(std::size_t{1} << 20);  // 8 MB
  AdviseHugePagesForCapacity(values);
  for (std::uint64_t i = 0; i < (1u << 20); ++i) values.push_back(i * 3);
  std::uint64_t sum = 0;
  for (const std::uint64_t v : values) sum += v;
  // 3 · Σ_{i<n} i = 3 · n(n−1)/2 with n = 2^20.
  EXPECT_EQ(sum, 3 * ((std::uint64_t{1} << 20) * ((std::uint64_t{1} << 20) - 1) / 2));
}

}  // namespace
}  // namespace gosplan::util
