// Corpus replay for the normal (non-fuzzing) build: runs a fuzz target's LLVMFuzzerTestOneInput on
// every file of the folders given, in name order, so that the test suite keeps every seed and every
// input that once crashed (fuzz/corpus/<target>/regress-*) passing without clang or libFuzzer. A
// broken invariant aborts (fuzz_support.h), which fails the CTest test; so does a sanitizer report
// in the sanitizer build.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::vector<fs::path> inputs;
  for (int k = 1; k < argc; ++k) {
    if (fs::is_directory(argv[k])) {
      for (const auto& entry : fs::directory_iterator(argv[k])) {
        if (entry.is_regular_file()) inputs.push_back(entry.path());
      }
    } else {
      inputs.emplace_back(argv[k]);
    }
  }
  std::sort(inputs.begin(), inputs.end());
  if (inputs.empty()) {
    std::fprintf(stderr, "replay: no inputs (expected corpus folders or files)\n");
    return 1;
  }
  for (const fs::path& input : inputs) {
    const std::string bytes = gosplan::fuzz::ReadBytes(input.string());
    std::fprintf(stderr, "replay: %s (%zu bytes)\n", input.filename().c_str(), bytes.size());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::printf("replayed %zu inputs\n", inputs.size());
  return 0;
}
