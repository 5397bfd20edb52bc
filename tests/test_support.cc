#include "test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace gosplan::testing {

std::string DataPath(const std::string& relative) {
  return std::string(GOSPLAN_TEST_DATA_DIR) + "/" + relative;
}

std::string SourcePath(const std::string& relative) {
  return std::string(GOSPLAN_SOURCE_DIR) + "/" + relative;
}

std::string ReadFile(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  std::stringstream buffer;
  buffer << stream.rdbuf();
  return buffer.str();
}

CommandResult RunShell(const std::string& command, const std::string& folder) {
  const std::string out_path = folder + "/stdout";
  const std::string err_path = folder + "/stderr";
  const std::string redirected = command + " >'" + out_path + "' 2>'" + err_path + "'";
  const int status = std::system(redirected.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.output = ReadFile(out_path);
  result.errors = ReadFile(err_path);
  return result;
}

CommandResult RunCli(const std::string& arguments) {
  ScratchFolder scratch;
  return RunShell(std::string("'") + GOSPLAN_CLI_PATH + "' " + arguments, scratch.path());
}

ScratchFolder::ScratchFolder() {
  static std::atomic<int> counter{0};
  const auto base = std::filesystem::temp_directory_path();
  path_ = (base / ("gosplan-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
              .string();
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

ScratchFolder::~ScratchFolder() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string ScratchFolder::Write(const std::string& name, const std::string& text) const {
  const std::filesystem::path full = std::filesystem::path(path_) / name;
  std::filesystem::create_directories(full.parent_path());
  std::ofstream stream(full, std::ios::binary);
  stream << text;
  return full.string();
}

}  // namespace gosplan::testing
