// Status and Result: how every gosplan call that can fail says so, and Diagnostics: how it tells a
// user what is wrong with their input. Both are [[nodiscard]]: an ignored failure is a compile
// warning.
//
// Every problem found while reading input is a Diagnostic that names the file, the line and the
// column (1-based; 0 when not applicable) and says what is wrong and what was expected. Loaders
// collect all problems of a run (up to a cap) rather than stopping at the first, so that a user
// fixes a file in one pass. The library never prints: the command line formats diagnostics as
//   file:line:column: message (expected ...)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gosplan/types.h"

namespace gosplan {

struct Diagnostic {
  std::string file;         // path as given by the user
  std::int64_t line = 0;    // 1-based; 0 when the problem concerns the whole file
  std::int64_t column = 0;  // 1-based field number within a CSV row; 0 when not applicable
  std::string message;      // what is wrong, in the model's own names
  std::string expected;     // what was expected instead; may be empty

  // "file:line:column: message (expected ...)"; line/column omitted when zero.
  std::string ToString() const;
};

// Collects diagnostics up to a cap; beyond the cap it only counts.
class Diagnostics {
 public:
  explicit Diagnostics(std::size_t cap = 100) : cap_(cap) {}

  void Add(Diagnostic diagnostic);
  void Add(std::string file, std::int64_t line, std::int64_t column, std::string message,
           std::string expected = {}) {
    Add(Diagnostic{std::move(file), line, column, std::move(message), std::move(expected)});
  }
  bool empty() const { return total_ == 0; }
  std::size_t total() const { return total_; }  // including those beyond the cap
  bool full() const { return list_.size() >= cap_; }
  const std::vector<Diagnostic>& list() const { return list_; }
  void Append(const Diagnostics& other);

 private:
  std::size_t cap_;
  std::size_t total_ = 0;
  std::vector<Diagnostic> list_;
};

// Outcome of a call that can fail because of user input. kInvalidInput carries diagnostics (a
// file's content is wrong); kInvalidArgument: an options struct given by the caller is outside its
// documented range (the message names the struct's field, its value and the rule, as IsValid says —
// never a command-line flag: the library does not know how it was called); kInternal is a bug or
// resource failure (out of memory, a write that failed); kSolverLimit: an iterative solve stopped
// at its iteration or time limit before reaching its tolerance (no answer); kCancelled: the
// caller's cancel hook (`should_stop` in the options) asked a long run to stop, and it stopped
// without a result (the message says what was stopped, e.g. "the CLP solve of an LP with 10 rows
// and 12 columns after 3 iterations"; no partial answer is returned).
enum class StatusCode {
  kOk = 0,
  kInvalidInput,
  kInvalidArgument,
  kInternal,
  kSolverLimit,
  kCancelled
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidInput(Diagnostics diagnostics) {
    Status s;
    s.code_ = StatusCode::kInvalidInput;
    s.diagnostics_ = std::move(diagnostics);
    return s;
  }
  static Status InvalidInput(std::string file, std::int64_t line, std::int64_t column,
                             std::string message, std::string expected = {}) {
    Diagnostics d;
    d.Add(std::move(file), line, column, std::move(message), std::move(expected));
    return InvalidInput(std::move(d));
  }
  // `options` names the struct ("PlanOptions"), `rule` is what its IsValid said
  // ("solver.time_limit_seconds is -1; it must be ≥ 0"): the message reads "PlanOptions.solver...".
  static Status InvalidArgument(std::string_view options, std::string rule) {
    Status s;
    s.code_ = StatusCode::kInvalidArgument;
    s.message_ = std::string(options) + "." + std::move(rule);
    return s;
  }
  static Status Internal(std::string message) {
    Status s;
    s.code_ = StatusCode::kInternal;
    s.message_ = std::move(message);
    return s;
  }

  static Status SolverLimit(std::string message) {
    Status s;
    s.code_ = StatusCode::kSolverLimit;
    s.message_ = std::move(message);
    return s;
  }

  // `what` names what was stopped ("the CLP solve of ..."), for "interrupted during <what>".
  static Status Cancelled(std::string what) {
    Status s;
    s.code_ = StatusCode::kCancelled;
    s.message_ = std::move(what);
    return s;
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const Diagnostics& diagnostics() const { return diagnostics_; }
  const std::string& message() const { return message_; }
  // All diagnostics (or the internal message), one per line.
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  Diagnostics diagnostics_;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return value_; }
  const T& value() const& { return value_; }
  T&& value() && { return std::move(value_); }
  T* operator->() { return &value_; }
  const T* operator->() const { return &value_; }

 private:
  Status status_;
  T value_{};
};

// The first thing every function taking an options struct does: kInvalidArgument naming `name` (the
// struct's type, e.g. "PlanOptions") and the field IsValid refused, or Ok.
template <typename Options>
Status ValidateOptions(const Options& options, std::string_view name) {
  std::string rule;
  if (options.IsValid(&rule)) return Status::Ok();
  return Status::InvalidArgument(name, std::move(rule));
}

}  // namespace gosplan
