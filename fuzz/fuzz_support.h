// Shared helpers of the libFuzzer targets (docs/reliability.md): a private scratch folder per
// fuzzing process, seeded from a copy of a folder in the source tree, into which each input is
// written as one file before the loader under test reads it. Loaders take paths, so the input has
// to be a file.
#pragma once

#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace gosplan::fuzz {

// A folder under $TMPDIR named after this process, removed at exit. `seed` (relative to the source
// tree, may be empty) is copied into it once.
inline const std::string& ScratchFolder(const char* seed = nullptr) {
  static const std::string folder = [seed] {
    namespace fs = std::filesystem;
    const fs::path path = fs::temp_directory_path() /
                          ("gosplan-fuzz-" + std::to_string(static_cast<long>(::getpid())));
    fs::remove_all(path);
    fs::create_directories(path);
    if (seed != nullptr && seed[0] != '\0') {
      fs::copy(fs::path(GOSPLAN_SOURCE_DIR) / seed, path, fs::copy_options::recursive);
    }
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(fs::temp_directory_path() /
                         ("gosplan-fuzz-" + std::to_string(static_cast<long>(::getpid()))),
                     ignored);
    });
    return path.string();
  }();
  return folder;
}

inline void WriteBytes(const std::string& path, const std::uint8_t* data, std::size_t size) {
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

inline std::string ReadBytes(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
}

// An accepted input must not carry a non-finite number into the program: that is "silent acceptance
// of garbage", reported as a crash so that libFuzzer saves the input.
inline void RequireFinite(double value, const char* what) {
  if (!std::isfinite(value)) {
    std::fprintf(stderr, "gosplan fuzz: accepted input holds a non-finite %s\n", what);
    std::abort();
  }
}

inline void Require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "gosplan fuzz: invariant broken on an accepted input: %s\n", what);
    std::abort();
  }
}

}  // namespace gosplan::fuzz
