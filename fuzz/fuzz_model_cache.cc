// libFuzzer target: ReadModelCache on an arbitrary file (the binary cache of docs/model-format.md).
// The key expected is fixed (kFuzzKey below); the seed fuzz/corpus/model_cache/two-sector.bin is
// the examples/two-sector model written with that key (by this program with
// GOSPLAN_FUZZ_WRITE_SEED=PATH), so mutations reach the body, not only the key check. A rejected
// file must come back as kInvalidInput naming its problem; an accepted one must satisfy every Model
// invariant (fuzz/model_check.h).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "gosplan/model_cache.h"
#include "model_check.h"

namespace {

gosplan::ModelCacheKey FuzzKey() {
  gosplan::ModelCacheKey key;
  key.horizon_override = 0;
  key.files.push_back({"model.toml", "model.toml", true, 1000, 1'700'000'000'000'000'000});
  key.files.push_back({"products", "products.csv", true, 200, 1'700'000'000'000'000'000});
  return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gosplan;
  static const ModelCacheKey key = FuzzKey();
  static const bool seed_written = [] {
    // Regenerates the seed: GOSPLAN_FUZZ_WRITE_SEED=fuzz/corpus/model_cache/two-sector.bin.
    if (const char* seed = std::getenv("GOSPLAN_FUZZ_WRITE_SEED")) {
      auto model = LoadModel(std::string(GOSPLAN_SOURCE_DIR) + "/examples/two-sector");
      fuzz::Require(model.ok() && WriteModelCache(model.value(), key, seed).ok(), "seed written");
    }
    return true;
  }();
  (void)seed_written;
  const std::string path = fuzz::ScratchFolder() + "/model.bin";
  fuzz::WriteBytes(path, data, size);
  auto model = ReadModelCache(path, key);
  if (!model.ok()) {
    fuzz::Require(model.status().code() == StatusCode::kInvalidInput, "a cache error is bad input");
    fuzz::Require(!model.status().diagnostics().empty(), "a rejected cache names its problem");
    return 0;
  }
  fuzz::CheckModel(model.value());
  return 0;
}
