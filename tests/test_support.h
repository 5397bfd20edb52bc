// Shared helpers for gosplan's tests: paths to the reference data, running the CLI, scratch
// folders.
#pragma once

#include <string>

namespace gosplan::testing {

// tests/data/<relative>: copies of ../shared/data (sources in tests/data/SOURCES.md).
std::string DataPath(const std::string& relative);
// <repository>/<relative>, e.g. "examples/ussr-1928".
std::string SourcePath(const std::string& relative);

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout
  std::string errors;  // stderr
};
// Runs `command` through the shell, its stdout and stderr captured in files of `folder`.
CommandResult RunShell(const std::string& command, const std::string& folder);

// Runs the built `gosplan` program with the given argument string (shell-quoted by the caller).
CommandResult RunCli(const std::string& arguments);

// A fresh empty folder under the system temp folder, removed when the object dies.
class ScratchFolder {
 public:
  ScratchFolder();
  ~ScratchFolder();
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const std::string& path() const { return path_; }
  // Writes `text` to path()/name (creating sub-folders) and returns the full path.
  std::string Write(const std::string& name, const std::string& text) const;

 private:
  std::string path_;
};

std::string ReadFile(const std::string& path);

}  // namespace gosplan::testing
