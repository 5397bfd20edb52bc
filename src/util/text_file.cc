#include "util/text_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace gosplan::util {

std::pair<std::int64_t, std::int64_t> LineAndColumn(std::string_view text, std::size_t offset) {
  std::int64_t line = 1, column = 1;
  for (std::size_t k = 0; k < offset && k < text.size(); ++k) {
    if (text[k] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

Result<std::string> ReadWholeFile(const std::string& path, std::string_view expected) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return Status::InvalidInput(
        path, 0, 0, std::filesystem::exists(path, error) ? "is not a file" : "does not exist",
        std::string(expected));
  }
  std::ifstream stream(path, std::ios::binary);
  if (!stream.is_open()) {
    return Status::InvalidInput(path, 0, 0, "cannot be read", std::string(expected));
  }
  std::ostringstream text;
  text << stream.rdbuf();  // sets failbit on text for an empty file, which is no error
  if (stream.bad()) {
    return Status::InvalidInput(path, 0, 0, "cannot be read", std::string(expected));
  }
  return text.str();
}

Result<Json> ParseJsonText(const std::string& path, std::string_view text,
                           std::string_view expected) {
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& error) {
    // error.byte is the 1-based offset of the character where parsing failed.
    const auto [line, column] =
        LineAndColumn(text, error.byte > 0 ? static_cast<std::size_t>(error.byte - 1) : 0);
    std::string what = error.what();
    // nlohmann's text: "[json.exception.parse_error.101] parse error at line 1, column 2: ...".
    const std::size_t colon = what.find(": ");
    if (colon != std::string::npos) what = what.substr(colon + 2);
    return Status::InvalidInput(path, line, column, "not valid JSON: " + what,
                                std::string(expected));
  }
}

}  // namespace gosplan::util
