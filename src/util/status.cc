#include "gosplan/status.h"

namespace gosplan {

std::string Diagnostic::ToString() const {
  std::string text = file;
  if (line > 0) {
    text += ":" + std::to_string(line);
    if (column > 0) text += ":" + std::to_string(column);
  }
  text += ": " + message;
  if (!expected.empty()) text += " (expected " + expected + ")";
  return text;
}

void Diagnostics::Add(Diagnostic diagnostic) {
  ++total_;
  if (list_.size() < cap_) list_.push_back(std::move(diagnostic));
}

void Diagnostics::Append(const Diagnostics& other) {
  for (const Diagnostic& d : other.list_) Add(d);
  // Count what the other collector saw beyond its own cap as well.
  total_ += other.total_ - other.list_.size();
}

std::string Status::ToString() const {
  if (code_ != StatusCode::kInvalidInput) return message_;
  std::string text;
  for (const Diagnostic& d : diagnostics_.list()) text += d.ToString() + "\n";
  if (diagnostics_.total() > diagnostics_.list().size()) {
    text += "... and " + std::to_string(diagnostics_.total() - diagnostics_.list().size()) +
            " more problems\n";
  }
  return text;
}

}  // namespace gosplan
