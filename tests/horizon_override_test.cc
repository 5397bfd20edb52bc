// `plan --horizon H` beyond model.toml's horizon (LoadOptions::horizon_override): the added plan
// years repeat the last declared year's final-demand floors and target mix (as resource
// availability already did), the loader says so in a note, and the plan of the added years is an
// economy that goes on — not λ = 0 with nothing consumed, the silent surprise of the past.
//
// Expected values come from the model's own tables read without the override (an independent load):
// examples/ussr-1928 declares horizon 5 (plan years 1929–1933), so with H = 7 plan years 6 and 7
// (1934, 1935) must carry exactly year 5's final-demand entries.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "gosplan/model.h"
#include "gosplan/model_cache.h"
#include "gosplan/model_writer.h"
#include "gosplan/plan.h"
#include "test_support.h"

namespace gosplan {
namespace {

std::vector<FinalDemand> EntriesOfYear(const Model& model, int year) {
  std::vector<FinalDemand> entries;
  for (const FinalDemand& fd : model.final_demand) {
    if (fd.year == year) entries.push_back(fd);
  }
  return entries;
}

TEST(HorizonOverride, AddedYearsRepeatTheLastDeclaredYearsFinalDemandAndSaySo) {
  const std::string folder = testing::SourcePath("examples/ussr-1928");
  auto declared = LoadModel(folder);
  ASSERT_TRUE(declared.ok()) << declared.status().ToString();
  ASSERT_EQ(declared.value().horizon(), 5);
  const std::vector<FinalDemand> last = EntriesOfYear(declared.value(), 5);
  ASSERT_FALSE(last.empty());

  std::vector<std::string> notes;
  LoadOptions options;
  options.horizon_override = 7;
  options.notes = &notes;
  auto extended = LoadModel(folder, options);
  ASSERT_TRUE(extended.ok()) << extended.status().ToString();
  for (int year : {6, 7}) {
    const std::vector<FinalDemand> carried = EntriesOfYear(extended.value(), year);
    ASSERT_EQ(carried.size(), last.size()) << "plan year " << year;
    for (std::size_t k = 0; k < last.size(); ++k) {
      EXPECT_EQ(carried[k].category, last[k].category);
      EXPECT_EQ(carried[k].product, last[k].product);
      EXPECT_EQ(carried[k].floor, last[k].floor);
      EXPECT_EQ(carried[k].target, last[k].target);
    }
  }
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("plan years 1934–1935 lie beyond model.toml's horizon (1933)"),
            std::string::npos)
      << notes[0];

  // The plan of the added years fulfils a positive share of the target mix (the floors carried
  // forward are met, and the plan ray goes on).
  auto plan = SolvePlan(extended.value());
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan.value().status, PlanStatus::kOptimal) << plan.value().explanation;
  ASSERT_EQ(plan.value().fulfilment.size(), 7u);
  EXPECT_GT(plan.value().fulfilment[5], 0.0);
  EXPECT_GT(plan.value().fulfilment[6], 0.0);
}

TEST(HorizonOverride, TheNoteComesAlsoFromTheCache) {
  testing::ScratchFolder scratch;
  const std::string source = testing::SourcePath("examples/two-sector");
  auto model = LoadModel(source);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  ASSERT_TRUE(WriteModelFolder(model.value(), scratch.path() + "/m", false).ok());
  // The cache is written only for files older than the file system's time granularity: age them.
  for (const auto& entry : std::filesystem::directory_iterator(scratch.path() + "/m")) {
    std::filesystem::last_write_time(
        entry.path(), std::filesystem::file_time_type::clock::now() - std::chrono::minutes(5));
  }
  for (int pass = 0; pass < 2; ++pass) {  // the first writes the cache, the second reads it
    std::vector<std::string> notes;
    ModelCacheReport report;
    LoadOptions options;
    options.horizon_override = model.value().horizon() + 2;
    options.cache = ModelCacheMode::kReadWrite;
    options.cache_write_min_bytes = 0;
    options.cache_report = &report;
    options.notes = &notes;
    auto loaded = LoadModel(scratch.path() + "/m", options);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    EXPECT_EQ(pass == 0 ? report.written : report.loaded, true)
        << "pass " << pass << ": " << report.not_written << " / " << report.not_loaded;
    ASSERT_EQ(notes.size(), 1u) << "pass " << pass;
    EXPECT_EQ(EntriesOfYear(loaded.value(), model.value().horizon() + 2).size(),
              EntriesOfYear(model.value(), model.value().horizon()).size());
  }
}

}  // namespace
}  // namespace gosplan
