// Crash-safe output: a file or a folder appears complete under its final name or not at all.
//
// Files are written to "<name>.tmp-<pid>" beside the target, flushed to disk (fsync) and renamed
// over it at the end (rename is atomic within one file system). Folders are assembled as
// "<name>.tmp-<pid>/" and moved into place; an existing target folder is replaced only when the
// caller allows it, by an atomic exchange (Linux renameat2 RENAME_EXCHANGE), so that at every
// instant the final name holds either the previous complete folder or the new complete one. Where
// the file system cannot exchange, the old folder is first renamed to "<name>.old-<pid>" (a kill in
// that window leaves the final name absent and the previous output under .old-<pid>, which the next
// run puts back).
//
// A process killed while writing leaves "<name>.tmp-<pid>" (and possibly "<name>.old-<pid>")
// behind. StagedFolder::Create removes such leftovers of the same <name> whose <pid> is no longer
// running, and restores a stranded .old-<pid> folder when the final name is absent
// (docs/reliability.md).
#pragma once

#include <memory>
#include <string>

#include "gosplan/status.h"

namespace gosplan::util {

// Writes `content` to `path` atomically. Returns kInternal with a sentence on failure.
Status WriteFileAtomically(const std::string& path, const std::string& content);

// Removes "<final_path>.tmp-<pid>" leftovers of processes that are no longer running and puts back
// a
// "<final_path>.old-<pid>" folder when final_path is absent. Returns the number of entries handled.
int CleanStaleTemporaries(const std::string& final_path);

// A folder under construction; Commit() moves it into place, the destructor removes it otherwise.
class StagedFolder {
 public:
  // `overwrite`: whether an existing folder at `final_path` may be replaced by Commit().
  // A trailing '/' in final_path is ignored ("plan/" is the folder "plan").
  static Result<std::unique_ptr<StagedFolder>> Create(const std::string& final_path,
                                                      bool overwrite);
  explicit StagedFolder(std::string final_path, std::string staging_path, bool overwrite);
  ~StagedFolder();
  StagedFolder(const StagedFolder&) = delete;
  StagedFolder& operator=(const StagedFolder&) = delete;

  const std::string& staging_path() const { return staging_path_; }
  // Writes one file of the folder (name relative to the folder), flushed to disk.
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
