// Writes one file of a partition's staging folder in pieces (a part can be hundreds of MB: no
// string of it), flushed to disk, and keeps its FNV-1a 64 (the manifest's checksum) as it goes.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "gosplan/status.h"
#include "util/fnv1a.h"

namespace gosplan::partition {

// The reader's first check of a file that PartWriter wrote: it exists and has the `expected` bytes
// the manifest records; else kInvalidInput naming `path` ("(truncated)" when it is short).
// `what` names the file in the message ("the part file", "the original LP's slice").
inline Status CheckWrittenSize(const std::string& path, long long expected,
                               const std::string& what) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) {
    return Status::InvalidInput(path, 0, 0, "cannot read " + what + ": " + error.message(),
                                "the file `gosplan partition` wrote");
  }
  if (static_cast<long long>(size) == expected) return Status::Ok();
  return Status::InvalidInput(path, 0, 0,
                              "the file has " + std::to_string(size) +
                                  " bytes; the manifest says " + std::to_string(expected) +
                                  (static_cast<long long>(size) < expected ? " (truncated)" : ""),
                              "the file `gosplan partition` wrote, whole (re-run it)");
}

class PartWriter {
 public:
  explicit PartWriter(const std::string& path)
      : path_(path), file_(std::fopen(path.c_str(), "wb")) {}
  ~PartWriter() {
    if (file_) std::fclose(file_);
  }
  PartWriter(const PartWriter&) = delete;
  PartWriter& operator=(const PartWriter&) = delete;
  void Write(std::string_view bytes) {
    checksum_ = util::Fnv1a(checksum_, bytes);
    if (file_ && !bytes.empty() &&
        std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())
      failed_ = true;
  }
  Status Close() {
    if (!file_) return Status::Internal("cannot create " + path_ + ": " + std::strerror(errno));
    const bool flushed = std::fflush(file_) == 0 && ::fsync(fileno(file_)) == 0;
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    if (failed_ || !flushed || !closed)
      return Status::Internal("cannot write " + path_ + ": " + std::strerror(errno));
    return Status::Ok();
  }
  std::uint64_t checksum() const { return checksum_; }

 private:
  std::string path_;
  std::FILE* file_;
  bool failed_ = false;
  std::uint64_t checksum_ = util::kFnv1aOffsetBasis;
};

// values[begin, end) as bytes.
template <typename T>
std::string_view SliceBytes(const std::vector<T>& values, long long begin, long long end) {
  return {reinterpret_cast<const char*>(values.data() + begin),
          static_cast<std::size_t>(end - begin) * sizeof(T)};
}

}  // namespace gosplan::partition
