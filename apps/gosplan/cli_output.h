// Shared output helpers of the command line: diagnostics to stderr, progress to stderr.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "commands.h"
#include "gosplan/diagnostics.h"

namespace gosplan::cli {

// Prints a failed Status to stderr (every diagnostic on its own line) and returns its exit code.
inline int ReportFailure(const Status& status) {
  if (status.code() == StatusCode::kInvalidInput) {
    std::fputs(status.ToString().c_str(), stderr);
    const std::size_t total = status.diagnostics().total();
    std::fprintf(stderr, "gosplan: %zu problem%s in the input; nothing was written\n", total,
                 total == 1 ? "" : "s");
    return kBadInput;
  }
  if (status.code() == StatusCode::kSolverLimit) {
    std::fprintf(stderr, "gosplan: solver limit: %s\n", status.message().c_str());
    return kSolverLimit;
  }
  std::fprintf(stderr, "gosplan: internal failure: %s\n", status.message().c_str());
  return kInternalFailure;
}

// Progress line on stderr (stdout stays clean for tables and JSON).
inline void Progress(bool quiet, std::string_view message) {
  if (!quiet) std::fprintf(stderr, "gosplan: %.*s\n", static_cast<int>(message.size()), message.data());
}

}  // namespace gosplan::cli
