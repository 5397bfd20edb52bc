// A generated file written through a 1 MiB buffer with fwrite: the generators write files of
// gigabytes (a 10^6-product matrix, a 9,800-sector dense table) where per-line stream output would
// dominate. A failed write is remembered and reported once, at Close (disk full).
#pragma once

#include <fmt/format.h>

#include <cstdio>
#include <iterator>
#include <string>
#include <utility>

#include "gosplan/status.h"

namespace gosplan::generate {

class BufferedFile {
 public:
  BufferedFile() = default;
  BufferedFile(const BufferedFile&) = delete;
  BufferedFile& operator=(const BufferedFile&) = delete;
  ~BufferedFile() {
    if (file_) std::fclose(file_);
  }

  Status Open(const std::string& path) {
    path_ = path;
    file_ = std::fopen(path.c_str(), "wb");
    if (!file_) {
      return Status::InvalidInput(path, 0, 0, "cannot open the file for writing",
                                  "a writable folder");
    }
    buffer_.reserve(kFlushBytes + 256);
    return Status::Ok();
  }

  // Formatted text appended (fmt syntax).
  template <typename... Args>
  void Print(fmt::format_string<Args...> format, Args&&... args) {
    fmt::format_to(std::back_inserter(buffer_), format, std::forward<Args>(args)...);
    MaybeFlush();
  }
  // The buffer itself, for callers that append many small pieces; call MaybeFlush now and then.
  std::string& buffer() { return buffer_; }
  void MaybeFlush() {
    if (buffer_.size() >= kFlushBytes) Flush();
  }

  // Flushes and closes; the one report of a failed write (or close).
  Status Close() {
    Flush();
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    if (failed_ || !closed) {
      return Status::InvalidInput(path_, 0, 0, "cannot write the file (disk full?)");
    }
    return Status::Ok();
  }

 private:
  static constexpr std::size_t kFlushBytes = std::size_t{1} << 20;
  void Flush() {
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
      failed_ = true;
    buffer_.clear();
  }

  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  bool failed_ = false;
};

}  // namespace gosplan::generate
