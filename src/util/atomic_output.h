// Crash-safe output: a file or a folder appears complete under its final name or not at all.
//
// Files are written to "<name>.tmp-<pid>" beside the target and renamed over it at the end (rename is
// atomic within one file system). Folders are assembled as "<name>.tmp-<pid>/" and renamed into place;
// an existing target folder is replaced only when the caller allows it.
#pragma once

#include <memory>
#include <string>

#include "gosplan/diagnostics.h"

namespace gosplan::util {

// Writes `content` to `path` atomically. Returns kInternal with a sentence on failure.
Status WriteFileAtomically(const std::string& path, const std::string& content);

// A folder under construction; Commit() renames it into place, the destructor removes it otherwise.
class StagedFolder {
 public:
  // `overwrite`: whether an existing folder at `final_path` may be replaced by Commit().
  static Result<std::unique_ptr<StagedFolder>> Create(const std::string& final_path, bool overwrite);
  explicit StagedFolder(std::string final_path, std::string staging_path, bool overwrite);
  ~StagedFolder();
  StagedFolder(const StagedFolder&) = delete;
  StagedFolder& operator=(const StagedFolder&) = delete;

  const std::string& staging_path() const { return staging_path_; }
  // Writes one file of the folder (name relative to the folder).
  Status WriteFile(const std::string& name, const std::string& content);
  // Moves the finished folder into place.
  Status Commit();

 private:
  std::string final_path_;
  std::string staging_path_;
  bool overwrite_ = false;
  bool committed_ = false;
};

}  // namespace gosplan::util
