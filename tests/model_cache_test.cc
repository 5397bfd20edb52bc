// The binary model cache (include/gosplan/model_cache.h): a model loaded from the cache equals the
// one the CSV loader reads (the independent path) field by field; stale, truncated, corrupt and
// inconsistent caches are ignored; the command line uses the cache and plans the same bytes.
#include "gosplan/model_cache.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gosplan/generate.h"
#include "gosplan/model.h"
#include "gosplan/model_writer.h"
#include "gosplan/plan.h"
#include "model_compare.h"
#include "test_support.h"

namespace gosplan {
namespace {

namespace fs = std::filesystem;
using testing::ExpectSameModel;
using testing::ReadFile;
using testing::RunCli;
using testing::ScratchFolder;
using testing::SourcePath;

// Source files must be older than kModelCacheSettleSeconds for a cache to be written; tests set
// their mtimes into the past instead of sleeping. `age` differs per call so that a file rewritten
// with the same size still gets a new mtime.
void AgeFiles(const std::string& folder, std::chrono::minutes age = std::chrono::minutes(60)) {
  const auto when = fs::file_time_type::clock::now() - age;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.is_regular_file()) fs::last_write_time(entry.path(), when);
  }
}

std::string CopyModel(const ScratchFolder& scratch, const std::string& source,
                      const std::string& name = "model") {
  const std::string folder = scratch.path() + "/" + name;
  fs::copy(source, folder, fs::copy_options::recursive);
  AgeFiles(folder);
  return folder;
}

Model LoadFromTables(const std::string& folder, int horizon_override = 0) {
  LoadOptions options;
  options.horizon_override = horizon_override;
  auto loaded = LoadModel(folder, options);
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  return std::move(loaded).value();
}

Model LoadWithCache(const std::string& folder, ModelCacheMode mode, ModelCacheReport& report,
                    int horizon_override = 0) {
  LoadOptions options;
  options.cache = mode;
  options.cache_report = &report;
  options.horizon_override = horizon_override;
  auto loaded = LoadModel(folder, options);
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  return std::move(loaded).value();
}

// The same model written back as a folder by WriteModelFolder gives the same files: a second,
// file-level comparison through ModelChecksum.
std::string ChecksumOfWrittenModel(const Model& model, const std::string& folder) {
  EXPECT_TRUE(WriteModelFolder(model, folder, false).ok());
  return ModelChecksum(folder);
}

// Writes a cache, then loads it back, and checks both loads against the CSV loader.
void ExpectRoundTrip(const ScratchFolder& scratch, const std::string& folder, int horizon = 0) {
  const Model from_tables = LoadFromTables(folder, horizon);

  ModelCacheReport first;
  const Model written = LoadWithCache(folder, ModelCacheMode::kReadWrite, first, horizon);
  EXPECT_FALSE(first.loaded);
  EXPECT_TRUE(first.written) << first.not_written;
  EXPECT_EQ(first.path, ModelCachePath(folder, horizon));
  EXPECT_TRUE(fs::is_regular_file(first.path));
  ExpectSameModel(from_tables, written);

  ModelCacheReport second;
  const Model cached = LoadWithCache(folder, ModelCacheMode::kRead, second, horizon);
  EXPECT_TRUE(second.loaded) << second.not_loaded;
  EXPECT_FALSE(second.written);
  ExpectSameModel(from_tables, cached);
  EXPECT_EQ(cached.folder, from_tables.folder);
  EXPECT_EQ(cached.horizon(), from_tables.horizon());
  EXPECT_EQ(
      ChecksumOfWrittenModel(from_tables,
                             scratch.path() + "/from-tables-" + std::to_string(horizon)),
      ChecksumOfWrittenModel(cached, scratch.path() + "/from-cache-" + std::to_string(horizon)));
}

std::vector<char> ReadBytes(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}
void WriteBytes(const std::string& path, const std::vector<char>& bytes, std::size_t size) {
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream.write(bytes.data(), static_cast<std::streamsize>(size));
}

TEST(ModelCache, Ussr1928RoundTripsFieldByField) {
  ScratchFolder scratch;
  const std::string folder = CopyModel(scratch, SourcePath("examples/ussr-1928"));
  ExpectRoundTrip(scratch, folder);
  // The key holds paths relative to the folder, so another spelling of it finds the same cache.
  ModelCacheReport report;
  const Model cached = LoadWithCache(folder + "/", ModelCacheMode::kRead, report);
  EXPECT_TRUE(report.loaded) << report.not_loaded;
  EXPECT_EQ(cached.folder, folder + "/");
}

TEST(ModelCache, HorizonOverrideHasItsOwnCacheFile) {
  ScratchFolder scratch;
  const std::string folder = CopyModel(scratch, SourcePath("examples/ussr-1928"));
  ExpectRoundTrip(scratch, folder, 7);
  EXPECT_NE(ModelCachePath(folder, 7), ModelCachePath(folder, 0));
  EXPECT_FALSE(fs::exists(ModelCachePath(folder, 0)));
}

TEST(ModelCache, GeneratedEconomyRoundTripsFieldByField) {
  GenerateOptions options;
  options.products = 400;
  options.inputs_per_product = 6;
  options.years = 4;
  options.seed = 11;
  auto generated = GenerateEconomy(options);
  ASSERT_TRUE(generated.ok()) << generated.status().ToString();
  ScratchFolder scratch;
  const std::string folder = scratch.path() + "/generated";
  ASSERT_TRUE(WriteModelFolder(generated.value(), folder, false).ok());
  AgeFiles(folder);
  ExpectRoundTrip(scratch, folder);
}

TEST(ModelCache, LibraryDefaultNeverTouchesTheCache) {
  ScratchFolder scratch;
  const std::string folder = CopyModel(scratch, SourcePath("examples/ussr-1928"));
  LoadFromTables(folder);
  EXPECT_FALSE(fs::exists(fs::path(folder) / kModelCacheFolder));
  ModelCacheReport report;
  LoadWithCache(folder, ModelCacheMode::kRead, report);
  EXPECT_FALSE(report.loaded);
  EXPECT_FALSE(report.written);
  EXPECT_FALSE(fs::exists(fs::path(folder) / kModelCacheFolder));
}

TEST(ModelCache, StaleCacheIsIgnoredAndRefreshed) {
  ScratchFolder scratch;
  const std::string folder = CopyModel(scratch, SourcePath("examples/ussr-1928"));
  // actuals by its default name, so that the table is optional and may disappear.
  std::string manifest = ReadFile(folder + "/model.toml");
  const std::size_t line = manifest.find("actuals = \"actuals.csv\"\n");
  ASSERT_NE(line, std::string::npos);
  manifest.erase(line, std::string("actuals = \"actuals.csv\"\n").size());
  std::ofstream(folder + "/model.toml", std::ios::binary | std::ios::trunc) << manifest;
  AgeFiles(folder);
  ModelCacheReport report;
  LoadWithCache(folder, ModelCacheMode::kReadWrite, report);
  ASSERT_TRUE(report.written) << report.not_written;

  // Touched only (same bytes, new mtime): stale.
  fs::last_write_time(folder + "/techniques.csv",
                      fs::file_time_type::clock::now() - std::chrono::minutes(30));
  LoadWithCache(folder, ModelCacheMode::kRead, report);
  EXPECT_FALSE(report.loaded);
  EXPECT_NE(report.not_loaded.find("stale: techniques.csv"), std::string::npos)
      << report.not_loaded;

  // Content changed: the model from the (refreshed) cache is the new one.
  std::string products = ReadFile(folder + "/products.csv");
  const std::size_t at = products.find(",Steel (crude),");
  ASSERT_NE(at, std::string::npos);
  products.replace(at + 1, 5, "STEEL");
  std::ofstream(folder + "/products.csv", std::ios::binary | std::ios::trunc) << products;
  AgeFiles(folder, std::chrono::minutes(20));
  const Model changed = LoadFromTables(folder);
  const Model refreshed = LoadWithCache(folder, ModelCacheMode::kReadWrite, report);
  EXPECT_FALSE(report.loaded);
  EXPECT_TRUE(report.written) << report.not_written;
  ExpectSameModel(changed, refreshed);
  const Model cached = LoadWithCache(folder, ModelCacheMode::kRead, report);
  EXPECT_TRUE(report.loaded) << report.not_loaded;
  ExpectSameModel(changed, cached);
  EXPECT_EQ(cached.products[cached.product_index.at("steel")].name.substr(0, 5), "STEEL");

  // An optional table removed: stale (its absence is part of the key).
  fs::remove(folder + "/actuals.csv");
  const Model without_actuals = LoadWithCache(folder, ModelCacheMode::kRead, report);
  EXPECT_FALSE(report.loaded);
  EXPECT_NE(report.not_loaded.find("actuals.csv"), std::string::npos) << report.not_loaded;
  EXPECT_TRUE(without_actuals.actuals.empty());
  ExpectSameModel(LoadFromTables(folder), without_actuals);
}

TEST(ModelCache, FreshlyModifiedSourcesAreNotCached) {
  ScratchFolder scratch;
  const std::string folder = CopyModel(scratch, SourcePath("examples/ussr-1928"));
  fs::last_write_time(folder + "/resources.csv", fs::file_time_type::clock::now());
  ModelCacheReport report;
  LoadWithCache(folder, ModelCacheMode::kReadWrite, report);
  EXPECT_FALSE(report.written);
  EXPECT_NE(report.not_written.find("resources.csv was modified less than"), std::string::npos)
      << report.not_written;
  EXPECT_FALSE(fs::exists(report.path));
}

TEST(ModelCache, SizeThresholdSkipsSmallModels) {
  ScratchFolder scratch;
  const std::string folder = CopyModel(scratch, SourcePath("examples/ussr-1928"));
  LoadOptions options;
  options.cache = ModelCacheMode::kReadWrite;
  options.cache_write_min_bytes = std::uint64_t{1} << 30;
  ModelCacheReport report;
  options.cache_report = &report;
  ASSERT_TRUE(LoadModel(folder, options).ok());
  EXPECT_FALSE(report.written);
  EXPECT_FALSE(fs::exists(report.path));
}

// Every truncation and a change of every byte (by one of three masks) of a valid cache is rejected
// by ReadModelCache, and LoadModel falls back to the tables with the same model.
TEST(ModelCache, TruncatedAndCorruptedCachesAreIgnored) {
  ScratchFolder scratch;
  const std::string folder = CopyModel(scratch, SourcePath("examples/ussr-1928"));
  ModelCacheReport report;
  LoadWithCache(folder, ModelCacheMode::kReadWrite, report);
  ASSERT_TRUE(report.written) << report.not_written;
  const std::string path = report.path;
  const std::vector<char> good = ReadBytes(path);
  ASSERT_GT(good.size(), 100u);
  auto key = ComputeModelCacheKey(folder, LoadOptions());
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE(ReadModelCache(path, key.value()).ok());
  const Model from_tables = LoadFromTables(folder);

  // Damage the file in place (truncate, pwrite) rather than rewriting it: thousands of rewrites
  // of a file are slow on a busy disk.
  for (std::size_t size = good.size(); size-- > 0;) {
    ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(size)), 0);
    EXPECT_FALSE(ReadModelCache(path, key.value()).ok()) << "truncated at " << size;
  }
  WriteBytes(path, good, good.size());
  const int fd = ::open(path.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  const unsigned char flips[] = {0x01, 0x80, 0xFF};  // lowest bit, sign/top bit, whole byte
  for (std::size_t at = 0; at < good.size(); ++at) {
    const unsigned char flip = flips[at % 3];
    const char damaged = static_cast<char>(good[at] ^ flip);
    ASSERT_EQ(::pwrite(fd, &damaged, 1, static_cast<off_t>(at)), 1);
    EXPECT_FALSE(ReadModelCache(path, key.value()).ok()) << "byte " << at << " ^ " << int(flip);
    ASSERT_EQ(::pwrite(fd, &good[at], 1, static_cast<off_t>(at)), 1);
  }
  ::close(fd);
  ASSERT_TRUE(ReadModelCache(path, key.value()).ok());
  std::vector<char> bytes = good;
  // Through LoadModel: a few damaged files, each ignored with the tables' model returned.
  for (const std::size_t size :
       {std::size_t{0}, std::size_t{7}, good.size() / 2, good.size() - 1}) {
    WriteBytes(path, good, size);
    const Model loaded = LoadWithCache(folder, ModelCacheMode::kRead, report);
    EXPECT_FALSE(report.loaded);
    ExpectSameModel(from_tables, loaded);
  }
  bytes[good.size() / 3] = static_cast<char>(bytes[good.size() / 3] ^ 0x10);
  WriteBytes(path, bytes, bytes.size());
  LoadWithCache(folder, ModelCacheMode::kRead, report);
  EXPECT_FALSE(report.loaded);
  // Trailing garbage after a valid file.
  std::vector<char> longer = good;
  longer.insert(longer.end(), 16, '\0');
  WriteBytes(path, longer, longer.size());
  EXPECT_FALSE(ReadModelCache(path, key.value()).ok());
  // Not a file.
  fs::remove(path);
  fs::create_directory(path);
  EXPECT_FALSE(ReadModelCache(path, key.value()).ok());
  const Model loaded = LoadWithCache(folder, ModelCacheMode::kReadWrite, report);
  EXPECT_FALSE(report.loaded);
  EXPECT_FALSE(report.written);
  ExpectSameModel(from_tables, loaded);
}

// Files with a valid checksum but contents the loader could never produce are rejected by the
// range checks (WriteModelCache writes whatever Model it is given).
TEST(ModelCache, InconsistentContentsWithValidChecksumAreRejected) {
  ScratchFolder scratch;
  const std::string folder = CopyModel(scratch, SourcePath("examples/ussr-1928"));
  const Model good = LoadFromTables(folder);
  auto key = ComputeModelCacheKey(folder, LoadOptions());
  ASSERT_TRUE(key.ok());
  const std::string path = ModelCachePath(folder, 0);
  ASSERT_TRUE(WriteModelCache(good, key.value(), path).ok());
  ASSERT_TRUE(ReadModelCache(path, key.value()).ok());

  const auto expect_rejected = [&](Model bad, const std::string& reason) {
    SCOPED_TRACE(reason);
    ASSERT_TRUE(WriteModelCache(bad, key.value(), path).ok());
    auto read = ReadModelCache(path, key.value());
    ASSERT_FALSE(read.ok());
    EXPECT_NE(read.status().ToString().find(reason), std::string::npos) << read.status().ToString();
  };
  Model bad = good;
  bad.inputs[0].item = static_cast<Index>(bad.products.size());
  expect_rejected(bad, "index out of range");
  bad = good;
  bad.outputs[0].technique = -1;
  expect_rejected(bad, "index out of range");
  bad = good;
  bad.quotas[0].enterprise = -2;
  expect_rejected(bad, "index out of range");
  bad = good;
  bad.final_demand[0].year = bad.horizon() + 1;
  expect_rejected(bad, "plan year out of range");
  bad = good;
  bad.products[1].id = bad.products[0].id;
  expect_rejected(bad, "duplicate product id");
  bad = good;
  bad.settings.year_weights.push_back(1.0);
  expect_rejected(bad, "year_weights");
  bad = good;
  bad.resource_availability.pop_back();
  expect_rejected(bad, "resource availability");
  bad = good;
  bad.enterprises[0].construction_lag = 0;
  expect_rejected(bad, "construction lag");
  bad = good;
  bad.products[0].group = static_cast<ProductGroup>(7);
  expect_rejected(bad, "product group");
  bad = good;
  bad.settings.solver = "simplex";
  expect_rejected(bad, "unknown solver");

  // A key of other files (a cache copied from another model) is stale, not trusted.
  ASSERT_TRUE(WriteModelCache(good, key.value(), path).ok());
  ModelCacheKey other = key.value();
  other.files[1].size += 1;
  auto read = ReadModelCache(path, other);
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().ToString().find("stale"), std::string::npos);
}

TEST(ModelCacheCli, CacheCommandAndPlanFromCacheGiveTheSameBytes) {
  ScratchFolder scratch;
  const std::string folder = CopyModel(scratch, SourcePath("examples/ussr-1928"));
  auto written = RunCli("model cache " + folder);
  ASSERT_EQ(written.exit_code, 0) << written.errors;
  EXPECT_NE(written.output.find("cache written: " + ModelCachePath(folder, 0)), std::string::npos)
      << written.output;
  auto again = RunCli("model cache " + folder);
  ASSERT_EQ(again.exit_code, 0) << again.errors;
  EXPECT_NE(again.output.find("cache is up to date"), std::string::npos) << again.output;

  const std::string from_tables = scratch.path() + "/plan-tables";
  const std::string from_cache = scratch.path() + "/plan-cache";
  auto plan_tables = RunCli("plan " + folder + " --out " + from_tables + " --no-cache");
  ASSERT_EQ(plan_tables.exit_code, 0) << plan_tables.errors;
  EXPECT_EQ(plan_tables.errors.find("from cache"), std::string::npos);
  auto plan_cache = RunCli("plan " + folder + " --out " + from_cache);
  ASSERT_EQ(plan_cache.exit_code, 0) << plan_cache.errors;
  EXPECT_NE(plan_cache.errors.find("model read from cache"), std::string::npos)
      << plan_cache.errors;
  for (const char* file : {"targets.csv", "investment.csv", "balances.csv", "prices.csv"}) {
    SCOPED_TRACE(file);
    EXPECT_EQ(ReadFile(from_tables + "/" + file), ReadFile(from_cache + "/" + file));
  }
  // summary.json: equal except the run times.
  auto without_times = [](std::string summary) {
    const std::size_t at = summary.find("\"time\"");
    return at == std::string::npos ? summary : summary.substr(0, at);
  };
  EXPECT_EQ(without_times(ReadFile(from_tables + "/summary.json")),
            without_times(ReadFile(from_cache + "/summary.json")));

  auto check_tables = RunCli("model check " + folder + " --format json --no-cache");
  auto check_cache = RunCli("model check " + folder + " --format json");
  ASSERT_EQ(check_tables.exit_code, 0);
  ASSERT_EQ(check_cache.exit_code, 0);
  EXPECT_EQ(check_tables.output, check_cache.output);
}

TEST(ModelCacheCli, CacheCommandWaitsForJustWrittenFiles) {
  ScratchFolder scratch;
  const std::string folder = scratch.path() + "/model";
  fs::copy(SourcePath("examples/ussr-1928"), folder, fs::copy_options::recursive);
  fs::last_write_time(folder + "/products.csv", fs::file_time_type::clock::now());
  auto written = RunCli("model cache " + folder);
  ASSERT_EQ(written.exit_code, 0) << written.errors;
  EXPECT_NE(written.errors.find("waiting"), std::string::npos) << written.errors;
  EXPECT_TRUE(fs::is_regular_file(ModelCachePath(folder, 0)));
}

TEST(ModelCacheCli, BadInputStillReportsFileLineErrors) {
  ScratchFolder scratch;
  const std::string folder = CopyModel(scratch, SourcePath("examples/ussr-1928"));
  ASSERT_EQ(RunCli("model cache " + folder).exit_code, 0);
  std::ofstream(folder + "/techniques.csv", std::ios::app) << "broken_technique\n";
  AgeFiles(folder, std::chrono::minutes(10));
  auto checked = RunCli("model check " + folder);
  EXPECT_EQ(checked.exit_code, 2);
  EXPECT_NE(checked.errors.find(folder + "/techniques.csv:"), std::string::npos) << checked.errors;
  auto cached = RunCli("model cache " + folder);
  EXPECT_EQ(cached.exit_code, 2);
  EXPECT_NE(cached.errors.find(folder + "/techniques.csv:"), std::string::npos) << cached.errors;
}

}  // namespace
}  // namespace gosplan
