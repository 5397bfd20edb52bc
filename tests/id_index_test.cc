// gosplan::IdIndex (include/gosplan/id_index.h) against std::unordered_map, the independent path:
// the same operations on both, every answer compared, for random ids, for ids built to be alike,
// and with hashes that force collisions (every id on one slot; only the probe bits equal; only
// the 32 compared bits equal), where only the text comparison can tell ids apart.
#include "gosplan/id_index.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace gosplan {
namespace {

// Every id on the same slot with the same 32 compared bits: each lookup probes the whole run.
struct ConstantHash {
  std::uint64_t operator()(std::string_view) const { return 42; }
};
// Ids that differ only in their last byte share the probe bits (low 8 bits: up to 256 slots)
// and their compared bits: a cluster per prefix.
struct LowBitsHash {
  std::uint64_t operator()(std::string_view id) const {
    return id.empty() ? 0 : static_cast<unsigned char>(id[0]);
  }
};
// Every id has the same high 32 bits (the ones the slot keeps) but its own slot: a hash match
// on every slot visited, so the text comparison decides.
struct SameTagHash {
  std::uint64_t operator()(std::string_view id) const {
    return (std::uint64_t{0xDEADBEEF} << 32) | (IdHash{}(id)&0xFFFFFFFFu);
  }
};

// Applies `ids` in order to both maps as emplace(id, position), then compares every answer:
// emplace's result, find/count/at for every inserted id and for `absent` ids, size, and that
// iteration visits the inserted ids in insertion order.
template <class Hash>
void CompareWithUnorderedMap(const std::vector<std::string>& ids,
                             const std::vector<std::string>& absent) {
  BasicIdIndex<Hash> index;
  std::unordered_map<std::string, Index> reference;
  std::vector<std::string> first_order;  // ids in the order of their first insertion
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto [it, inserted] = index.emplace(ids[i], static_cast<Index>(i));
    const auto [ref, ref_inserted] = reference.emplace(ids[i], static_cast<Index>(i));
    ASSERT_EQ(inserted, ref_inserted) << "id '" << ids[i] << "' at " << i;
    ASSERT_EQ(it->first, ref->first);
    ASSERT_EQ(it->second, ref->second) << "id '" << ids[i] << "' at " << i;
    if (inserted) first_order.push_back(ids[i]);
  }
  ASSERT_EQ(index.size(), reference.size());
  for (const auto& [id, position] : reference) {
    ASSERT_EQ(index.count(id), 1u) << id;
    ASSERT_NE(index.find(id), index.end()) << id;
    EXPECT_EQ(index.find(id)->second, position) << id;
    EXPECT_EQ(index.at(id), position) << id;
  }
  for (const std::string& id : absent) {
    ASSERT_EQ(reference.count(id), 0u) << "test data: '" << id << "' is not absent";
    EXPECT_EQ(index.count(id), 0u) << id;
    EXPECT_EQ(index.find(id), index.end()) << id;
    EXPECT_THROW(index.at(id), std::out_of_range) << id;
  }
  std::size_t k = 0;
  for (const auto& entry : index) {
    ASSERT_LT(k, first_order.size());
    EXPECT_EQ(entry.first, first_order[k]);
    EXPECT_EQ(entry.second, reference.at(entry.first));
    ++k;
  }
  EXPECT_EQ(k, first_order.size());
}

std::vector<std::string> RandomIds(std::size_t count, std::uint32_t seed, std::size_t max_length) {
  std::mt19937 random(seed);
  std::uniform_int_distribution<std::size_t> length(0, max_length);
  std::uniform_int_distribution<int> byte(0, 255);
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < count; ++i) {
    std::string id(length(random), '\0');
    for (char& c : id) c = static_cast<char>(byte(random));
    ids.push_back(id);
  }
  return ids;
}

TEST(IdIndexTest, RandomIdsOfEveryLengthWithRepeatsMatchUnorderedMap) {
  // Lengths 0–40 cross the hash's 4-, 8- and 16-byte cases; short random ids repeat (a length-0
  // or length-1 id is drawn many times among 20,000), so emplace meets ids already there.
  std::vector<std::string> ids = RandomIds(20000, 1, 40);
  const std::vector<std::string> more = RandomIds(2000, 2, 40);
  std::unordered_map<std::string, int> in_ids;
  for (const std::string& id : ids) in_ids[id] = 1;
  std::vector<std::string> absent;
  for (const std::string& id : more) {
    if (in_ids.count(id) == 0) absent.push_back(id);
  }
  CompareWithUnorderedMap<IdHash>(ids, absent);
}

// Ids as the generator and office tables write them: a prefix and a number, differing in one
// byte, at every length around the hash's 4/8/16-byte boundaries; with embedded NUL bytes.
std::vector<std::string> AlikeIds() {
  std::vector<std::string> ids;
  for (int n = 0; n < 3000; ++n) ids.push_back("p" + std::to_string(n));
  for (int n = 0; n < 300; ++n) ids.push_back("product_" + std::to_string(n));      // 9–11 bytes
  for (int n = 0; n < 300; ++n) ids.push_back("steel_works_" + std::to_string(n));  // 13–15
  for (int n = 0; n < 300; ++n) ids.push_back("enterprise_no_" + std::to_string(n) + "_x");
  for (int n = 0; n < 100; ++n) ids.push_back(std::string(n, 'a'));  // "", "a", "aa", ...
  for (int n = 0; n < 100; ++n) ids.push_back(std::string(n, 'a') + "b");
  for (int n = 0; n < 50; ++n) {
    std::string id = "x" + std::string(static_cast<std::size_t>(n % 20), '\0') + "y";
    ids.push_back(id);
  }
  return ids;
}

std::vector<std::string> AbsentAlikeIds() {
  return {"p3000",
          "p-1",
          "P1",
          "p01",
          "product_300",
          "steel_works_",
          std::string(100, 'a'),
          "x",
          std::string("xy\0", 3)};
}

TEST(IdIndexTest, AlikeIdsMatchUnorderedMap) {
  std::vector<std::string> ids = AlikeIds();
  for (int n = 0; n < 3000; n += 7) ids.push_back("p" + std::to_string(n));  // repeats
  CompareWithUnorderedMap<IdHash>(ids, AbsentAlikeIds());
}

TEST(IdIndexTest, AllIdsOnOneSlotMatchUnorderedMap) {
  std::vector<std::string> ids;
  for (int n = 0; n < 400; ++n) ids.push_back("id" + std::to_string(n));
  ids.push_back("id7");  // a repeat found at the end of one long run
  CompareWithUnorderedMap<ConstantHash>(ids, {"id400", "", "id", "di1"});
}

TEST(IdIndexTest, ClustersAndEqualComparedBitsMatchUnorderedMap) {
  std::vector<std::string> ids = AlikeIds();
  ids.push_back("p12");
  ids.push_back("");
  CompareWithUnorderedMap<LowBitsHash>(ids, AbsentAlikeIds());
  CompareWithUnorderedMap<SameTagHash>(ids, AbsentAlikeIds());
}

TEST(IdIndexTest, GrowsFromEmptyAndAfterReserve) {
  // The rehash path: 16 slots at first, doubling while at most half full; reserve first, then
  // more ids than reserved.
  IdIndex index;
  EXPECT_TRUE(index.empty());
  EXPECT_EQ(index.find("a"), index.end());
  index.reserve(10);
  for (int n = 0; n < 1000; ++n) {
    ASSERT_TRUE(index.emplace("k" + std::to_string(n), n).second);
  }
  for (int n = 0; n < 1000; ++n) ASSERT_EQ(index.at("k" + std::to_string(n)), n);
  EXPECT_EQ(index.size(), 1000u);
  index.clear();
  EXPECT_TRUE(index.empty());
  EXPECT_EQ(index.count("k1"), 0u);
  index.emplace("k1", 5);
  EXPECT_EQ(index.at("k1"), 5);
}

TEST(IdIndexTest, SubscriptAndEqualityAsUnorderedMap) {
  IdIndex a;
  a["labour"] = 0;  // inserted as 0, as std::unordered_map::operator[] value-initialises
  a["land"];
  EXPECT_EQ(a.at("land"), 0);
  a["land"] = 1;
  EXPECT_EQ(a.at("land"), 1);
  EXPECT_EQ(a.size(), 2u);
  // Equality is of the sets of pairs, whatever the insertion order.
  IdIndex b;
  b.emplace("land", 1);
  b.emplace("labour", 0);
  EXPECT_TRUE(a == b);
  b["land"] = 2;
  EXPECT_FALSE(a == b);
  b["land"] = 1;
  b["water"] = 2;
  EXPECT_FALSE(a == b);
}

}  // namespace
}  // namespace gosplan
