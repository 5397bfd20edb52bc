#include "util/atomic_output.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>  // renameat2 (glibc >= 2.28)
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <filesystem>
#include <string_view>
#include <vector>

namespace gosplan::util {
namespace fs = std::filesystem;

namespace {

// "plan/" and "plan/." name the folder "plan": drop trailing separators and dots so that the
// temporary "<name>.tmp-<pid>" lands beside the target, not inside it.
std::string Normalise(const std::string& path) {
  fs::path normal = fs::path(path).lexically_normal();
  while (!normal.empty() && normal.filename().empty() && normal.has_parent_path() &&
         normal.parent_path() != normal) {
    normal = normal.parent_path();
  }
  return normal.string();
}

std::string TemporaryName(const std::string& path) {
  return path + ".tmp-" + std::to_string(::getpid());
}

// Writes and fsyncs a file (so that a rename published after it never exposes an empty file after a
// power loss; a mere kill is covered by the rename alone).
Status WritePlainFile(const std::string& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Internal("cannot create " + path);
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return Status::Internal("cannot write " + path + " (disk full?)");
    }
    written += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0 || errno == EINVAL;  // EINVAL: a file system without fsync
  if (::close(fd) != 0 || !synced)
    return Status::Internal("cannot write " + path + " (disk full?)");
  return Status::Ok();
}

void SyncFolder(const std::string& path) {
  const int fd = ::open(path.empty() ? "." : path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);  // best effort: durability of the rename itself
  ::close(fd);
}

std::string ParentOf(const std::string& path) {
  const std::string parent = fs::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

bool ProcessIsRunning(long pid) {
  if (pid <= 0) return true;  // not a pid we made: leave it alone
  if (::kill(static_cast<pid_t>(pid), 0) == 0) return true;
  return errno == EPERM;  // exists, owned by someone else
}

// Parses "<prefix><digits>" and returns the pid, or -1.
long PidSuffix(std::string_view name, std::string_view prefix) {
  if (name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix) return -1;
  const std::string_view digits = name.substr(prefix.size());
  long pid = -1;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
  if (error != std::errc() || end != digits.data() + digits.size()) return -1;
  return pid;
}

}  // namespace

Status WriteFileAtomically(const std::string& path, const std::string& content) {
  const std::string temporary = TemporaryName(path);
  Status status = WritePlainFile(temporary, content);
  if (!status.ok()) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    return status;
  }
  std::error_code error;
  fs::rename(temporary, path, error);
  if (error) {
    fs::remove(temporary, error);
    return Status::Internal("cannot move output into place at " + path);
  }
  SyncFolder(ParentOf(path));
  return Status::Ok();
}

int CleanStaleTemporaries(const std::string& final_path) {
  const std::string target = Normalise(final_path);
  const fs::path parent = ParentOf(target);
  const std::string name = fs::path(target).filename().string();
  if (name.empty()) return 0;
  const std::string tmp_prefix = name + ".tmp-";
  const std::string old_prefix = name + ".old-";
  int handled = 0;
  std::error_code error;
  std::vector<fs::path> stale_old;
  for (fs::directory_iterator it(parent, error), end; !error && it != end; it.increment(error)) {
    const std::string entry = it->path().filename().string();
    if (const long pid = PidSuffix(entry, tmp_prefix); pid > 0 && !ProcessIsRunning(pid)) {
      std::error_code ignored;
      fs::remove_all(it->path(), ignored);
      ++handled;
    } else if (const long old_pid = PidSuffix(entry, old_prefix);
               old_pid > 0 && !ProcessIsRunning(old_pid)) {
      stale_old.push_back(it->path());
    }
  }
  for (const fs::path& old : stale_old) {
    std::error_code ignored;
    // A writer died between moving the previous output aside and moving the new one in: the
    // previous output is complete, so it goes back under its name. Otherwise it is obsolete.
    if (!fs::exists(target, ignored)) {
      fs::rename(old, target, ignored);
      if (!ignored) {
        ++handled;
        continue;
      }
    }
    fs::remove_all(old, ignored);
    ++handled;
  }
  return handled;
}

Result<std::unique_ptr<StagedFolder>> StagedFolder::Create(const std::string& final_path,
                                                           bool overwrite) {
  const std::string target = Normalise(final_path);
  if (target.empty() || target == "." || target == "/" || fs::path(target).filename() == "..") {
    return Status::InvalidInput(final_path, 0, 0, "is not a usable output folder name",
                                "a folder name such as plan-1928");
  }
  CleanStaleTemporaries(target);
  std::error_code error;
  if (fs::exists(target, error) && !overwrite) {
    return Status::InvalidInput(final_path, 0, 0, "output folder already exists",
                                "a new folder name, or --force to replace it");
  }
  if (fs::exists(target, error) && !fs::is_directory(target, error)) {
    return Status::InvalidInput(final_path, 0, 0, "exists and is not a folder",
                                "a folder name (an existing file is never replaced)");
  }
  const std::string staging = TemporaryName(target);
  fs::remove_all(staging, error);
  error.clear();
  fs::create_directories(staging, error);
  if (error) return Status::Internal("cannot create folder " + staging + ": " + error.message());
  return std::make_unique<StagedFolder>(target, staging, overwrite);
}

StagedFolder::StagedFolder(std::string final_path, std::string staging_path, bool overwrite)
    : final_path_(std::move(final_path)),
      staging_path_(std::move(staging_path)),
      overwrite_(overwrite) {}

StagedFolder::~StagedFolder() {
  if (!committed_) {
    std::error_code ignored;
    fs::remove_all(staging_path_, ignored);
  }
}

Status StagedFolder::WriteFile(const std::string& name, const std::string& content) {
  return WritePlainFile((fs::path(staging_path_) / name).string(), content);
}

Status StagedFolder::Commit() {
  SyncFolder(staging_path_);
  std::error_code error;
  const std::string parent = ParentOf(final_path_);
  if (fs::exists(final_path_, error)) {
    if (!overwrite_) return Status::Internal(final_path_ + " appeared while writing");
    if (!fs::is_directory(final_path_, error)) {
      return Status::Internal(final_path_ + " is not a folder; not replaced");
    }
    // Atomic swap: the final name goes from the old folder to the new one in one step; the old
    // folder is then under the staging name and is removed (by the next run if this one dies
    // first).
    if (::renameat2(AT_FDCWD, staging_path_.c_str(), AT_FDCWD, final_path_.c_str(),
                    RENAME_EXCHANGE) == 0) {
      committed_ = true;
      SyncFolder(parent);
      fs::remove_all(staging_path_, error);
      return Status::Ok();
    }
    // No exchange on this file system: move the old folder aside first, so that a crash leaves the
    // old one (under .old-<pid>, restored by the next run) or the new one.
    const std::string previous = final_path_ + ".old-" + std::to_string(::getpid());
    fs::remove_all(previous, error);
    error.clear();
    fs::rename(final_path_, previous, error);
    if (error) return Status::Internal("cannot replace " + final_path_ + ": " + error.message());
    fs::rename(staging_path_, final_path_, error);
    if (error) {
      std::error_code ignored;
      fs::rename(previous, final_path_, ignored);  // put the old output back
      return Status::Internal("cannot move output into " + final_path_ + ": " + error.message());
    }
    committed_ = true;
    SyncFolder(parent);
    fs::remove_all(previous, error);
    return Status::Ok();
  }
  // Nothing there: a plain rename. rename() onto a name that appeared meanwhile as an empty folder
  // would replace it, so use RENAME_NOREPLACE where available.
  if (::renameat2(AT_FDCWD, staging_path_.c_str(), AT_FDCWD, final_path_.c_str(),
                  RENAME_NOREPLACE) != 0) {
    if (errno == EEXIST) return Status::Internal(final_path_ + " appeared while writing");
    fs::rename(staging_path_, final_path_, error);
    if (error)
      return Status::Internal("cannot move output into " + final_path_ + ": " + error.message());
  }
  committed_ = true;
  SyncFolder(parent);
  return Status::Ok();
}

}  // namespace gosplan::util
