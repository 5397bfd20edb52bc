#include "util/atomic_output.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace gosplan::util {
namespace fs = std::filesystem;

namespace {
std::string TemporaryName(const std::string& path) {
  return path + ".tmp-" + std::to_string(::getpid());
}

Status WritePlainFile(const std::string& path, const std::string& content) {
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  if (!stream) return Status::Internal("cannot create " + path);
  stream.write(content.data(), static_cast<std::streamsize>(content.size()));
  stream.flush();
  if (!stream) return Status::Internal("cannot write " + path + " (disk full?)");
  return Status::Ok();
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
  return Status::Ok();
}

Result<std::unique_ptr<StagedFolder>> StagedFolder::Create(const std::string& final_path, bool overwrite) {
  std::error_code error;
  if (fs::exists(final_path, error) && !overwrite) {
    return Status::InvalidInput(final_path, 0, 0, "output folder already exists",
                                "a new folder name, or --force to replace it");
  }
  const std::string staging = TemporaryName(fs::path(final_path).lexically_normal().string());
  fs::remove_all(staging, error);
  fs::create_directories(staging, error);
  if (error) return Status::Internal("cannot create folder " + staging + ": " + error.message());
  return std::make_unique<StagedFolder>(final_path, staging, overwrite);
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
  std::error_code error;
  std::string previous;
  if (fs::exists(final_path_, error)) {
    if (!overwrite_) return Status::Internal(final_path_ + " appeared while writing");
    // Move the old folder aside first so that a crash leaves either the old or the new one.
    previous = final_path_ + ".old-" + std::to_string(::getpid());
    fs::rename(final_path_, previous, error);
    if (error) return Status::Internal("cannot replace " + final_path_ + ": " + error.message());
  }
  fs::rename(staging_path_, final_path_, error);
  if (error) return Status::Internal("cannot move output into " + final_path_ + ": " + error.message());
  committed_ = true;
  if (!previous.empty()) fs::remove_all(previous, error);
  return Status::Ok();
}

}  // namespace gosplan::util
