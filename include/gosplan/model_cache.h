// The binary model cache: a Model saved as one file so that a 10^6-product model loads in seconds
// instead of re-parsing its CSV tables (docs/model-format.md, "Binary cache").
//
// Where: MODEL_DIR/.gosplan-cache/model.bin (model-horizon-N.bin for a load with horizon_override
// N, whose Model differs). LoadModel uses it when LoadOptions::cache says so; the functions below
// are the pieces, for the `gosplan model cache` command and the tests.
//
// File layout, all integers and doubles little-endian (IEEE 754 binary64):
//   header   "GOSPLANC" (8 bytes), u32 kModelCacheFormatVersion
//   key      i32 horizon_override, u32 file count, then per file the loader reads (model.toml and
//            the 14 tables in loading order): string role ("model.toml", "products", ...), string
//            path relative to the model folder, u8 present, u64 size in bytes, i64 mtime in ns
//   body     every part and field of Model in the order of src/model/model_fields.h (VisitModel),
//            except `folder` and the id -> index maps (rebuilt from the ids): the settings field by
//            field; a vector as u64 count, then per field (in column order) one block of the count
//            values: strings each as u64 length + bytes, i64 indices, f64 numbers, u8 enums and
//            booleans, i32 years and other integers
//   trailer  u64 checksum of every byte before it (four XXH64-style lanes over 8-byte words)
// Reading checks the magic, version, key, every count against the bytes left, every index against
// its table, enums, booleans, horizon and year ranges, duplicate ids and the checksum, so a
// truncated, corrupt or stale file is rejected (never a crash, never trusted).
//
// Staleness: the key matches when every file has the recorded size and mtime (ns) and absent
// optional tables are still absent. A file rewritten within the same file-system clock tick with
// the same size would go unnoticed, so a cache is only written when every source file is at least
// kModelCacheSettleSeconds old at the start of reading it (a later edit then gets a new mtime).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gosplan/model.h"
#include "gosplan/status.h"

namespace gosplan {

inline constexpr char kModelCacheFolder[] = ".gosplan-cache";
// 2: fields in column order, strings as columns (model_fields.h); 3: the terminal condition and its
// rate; 4: construction in progress; 5: outlay profiles; 6: world prices and [trade]; 7: regions,
// transport links and the final-demand region; 8: [trade] initial_debt; 9: the quota kind. Bumped
// whenever the body changes.
inline constexpr std::uint32_t kModelCacheFormatVersion = 9;
inline constexpr int kModelCacheSettleSeconds = 2;  // covers 1 s and 2 s (FAT) mtime granularity

// One file the loader reads, as recorded in the key.
struct ModelSourceFile {
  std::string role;           // "model.toml" or a [tables] key ("products", ...)
  std::string relative_path;  // relative to the model folder, as named in model.toml
  bool present = false;       // an absent optional table must stay absent
  std::uint64_t size = 0;     // bytes
  std::int64_t mtime_ns = 0;  // last modification, ns since the epoch
  bool operator==(const ModelSourceFile&) const = default;
};

struct ModelCacheKey {
  int horizon_override = 0;
  std::vector<ModelSourceFile> files;
  bool operator==(const ModelCacheKey&) const = default;
};

// What LoadModel did with the cache (LoadOptions::cache_report).
struct ModelCacheReport {
  std::string path;         // the cache file considered; empty when cache == kOff
  bool loaded = false;      // the Model came from the cache
  bool written = false;     // a fresh cache was written after reading the tables
  std::string not_loaded;   // why not loaded: "no cache file", "stale: products.csv changed", ...
  std::string not_written;  // why not written (kReadWrite): "model smaller than ...", "sources ..."
};

// The cache file for a model folder and a horizon override.
std::string ModelCachePath(const std::string& folder, int horizon_override);

// Reads model.toml (only its [tables] names) and stats every file the loader would read.
// kInvalidInput when model.toml cannot be read or parsed (the CSV path then reports it).
// `total_bytes` (optional): the sum of the present files' sizes.
Result<ModelCacheKey> ComputeModelCacheKey(const std::string& folder, const LoadOptions& options,
                                           std::uint64_t* total_bytes = nullptr);

// Writes `model` with `key` to `path` atomically (temporary "<path>.tmp-<pid>", fsync, rename),
// creating the folder. kInternal with a sentence on failure (the previous file is left as it was).
Status WriteModelCache(const Model& model, const ModelCacheKey& key, const std::string& path);

// Reads a cache file. kInvalidInput with one diagnostic naming the path and the reason when the
// file is absent, unreadable, corrupt or its key differs from `expected`. Model::folder is empty.
Result<Model> ReadModelCache(const std::string& path, const ModelCacheKey& expected);

}  // namespace gosplan
