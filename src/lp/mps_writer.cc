// MPS writer (free format, numbers in their shortest exact decimal form). Our own: CLP's writer
// (CoinMpsIO::writeMps) copies names into fixed buffers and overflowed its stack on names of 150
// characters, which plan ids easily make.
//
// What is written (docs/mps.md): a minimisation (a maximisation with its objective and constant
// negated, so that readers without OBJSENSE, like the `clp` command, find minus our optimum); rows
// as E (lower = upper), G (lower only), L (upper only, or both with a RANGES entry upper − lower),
// and a row without bounds as G with right-hand side −1e30 (kept as a row; an N row would be
// dropped by readers); the objective constant as minus the RHS of the objective row; bounds FX, FR,
// MI, LO, UP as needed.
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "gosplan/linear_program.h"

namespace gosplan {
namespace {

// Shortest decimal text that reads back as exactly `value`.
std::string Number(double value) {
  char text[32];
  const auto result = std::to_chars(text, text + sizeof(text), value);
  return std::string(text, result.ptr);
}

// Names as written: blanks (field separators) become '_', empty names get `prefix` + position, and
// a name that would then collide with an earlier one gets its position appended.
std::vector<std::string> WrittenNames(const std::vector<std::string>& names, Index count,
                                      const char* prefix, std::unordered_set<std::string>& taken) {
  std::vector<std::string> written(static_cast<std::size_t>(count));
  for (Index k = 0; k < count; ++k) {
    std::string name =
        k < static_cast<Index>(names.size()) ? names[static_cast<std::size_t>(k)] : std::string();
    for (char& c : name) {
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') c = '_';
    }
    if (name.empty() || name[0] == '*') name = prefix + std::to_string(k) + name;
    if (!taken.insert(name).second) {
      name += "_" + std::to_string(k);
      while (!taken.insert(name).second) name += "_";
    }
    written[static_cast<std::size_t>(k)] = std::move(name);
  }
  return written;
}

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

}  // namespace

Status WriteMps(const LinearProgram& lp, const std::string& path) {
  if (Status valid = ValidateLinearProgram(lp); !valid.ok()) return valid;
  const double sign = lp.maximize ? -1.0 : 1.0;
  std::unordered_set<std::string> taken;
  const std::vector<std::string> rows = WrittenNames(lp.row_names, lp.num_rows, "R", taken);
  std::string objective_row = "OBJROW";
  while (!taken.insert(objective_row).second) objective_row += "_";
  taken.clear();
  const std::vector<std::string> columns =
      WrittenNames(lp.column_names, lp.num_columns, "C", taken);

  const std::string temporary = path + ".tmp-" + std::to_string(static_cast<long>(::getpid()));
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(temporary.c_str(), "wb"));
  if (!file) return Status::Internal("cannot create the MPS file " + temporary);
  std::vector<char> buffer(std::size_t{1} << 20);
  std::setvbuf(file.get(), buffer.data(), _IOFBF, buffer.size());
  std::FILE* out = file.get();
  auto line = [out](const std::string& text) {
    std::fputs(text.c_str(), out);
    std::fputc('\n', out);
  };

  line("NAME          gosplan  FREE");
  line("ROWS");
  line(" N  " + objective_row);
  std::vector<char> type(static_cast<std::size_t>(lp.num_rows));
  for (Index i = 0; i < lp.num_rows; ++i) {
    const double lower = lp.row_lower[i], upper = lp.row_upper[i];
    char t = 'L';
    if (lower == upper)
      t = 'E';
    else if (upper == kUnbounded)
      t = 'G';  // also a row without bounds: G with rhs −1e30
    type[static_cast<std::size_t>(i)] = t;
    line(std::string(" ") + t + "  " + rows[static_cast<std::size_t>(i)]);
  }
  line("COLUMNS");
  for (Index j = 0; j < lp.num_columns; ++j) {
    const std::string& name = columns[static_cast<std::size_t>(j)];
    if (lp.objective[j] != 0.0)
      line("    " + name + " " + objective_row + " " + Number(sign * lp.objective[j]));
    bool any = lp.objective[j] != 0.0;
    for (Index k = lp.column_starts[j]; k < lp.column_starts[j + 1]; ++k) {
      line("    " + name + " " + rows[static_cast<std::size_t>(lp.row_indices[k])] + " " +
           Number(lp.values[k]));
      any = true;
    }
    // A column in no row and not in the objective still needs a record to exist.
    if (!any) line("    " + name + " " + objective_row + " 0");
  }
  line("RHS");
  if (lp.objective_offset != 0.0)
    line("    RHS " + objective_row + " " + Number(-sign * lp.objective_offset));
  for (Index i = 0; i < lp.num_rows; ++i) {
    const double lower = lp.row_lower[i], upper = lp.row_upper[i];
    const char t = type[static_cast<std::size_t>(i)];
    double rhs = t == 'L' ? upper : lower;
    if (rhs == -kUnbounded) rhs = -1e30;  // a row without bounds
    if (rhs != 0.0) line("    RHS " + rows[static_cast<std::size_t>(i)] + " " + Number(rhs));
  }
  bool ranges = false;
  for (Index i = 0; i < lp.num_rows; ++i) {
    const double lower = lp.row_lower[i], upper = lp.row_upper[i];
    if (type[static_cast<std::size_t>(i)] != 'L' || lower == -kUnbounded) continue;
    if (!ranges) line("RANGES");
    ranges = true;
    line("    RNG " + rows[static_cast<std::size_t>(i)] + " " + Number(upper - lower));
  }
  bool bounds = false;
  auto bound = [&](const char* kind, const std::string& column, const std::string& value) {
    if (!bounds) line("BOUNDS");
    bounds = true;
    line(std::string(" ") + kind + " BND " + column + (value.empty() ? "" : " " + value));
  };
  for (Index j = 0; j < lp.num_columns; ++j) {
    const std::string& name = columns[static_cast<std::size_t>(j)];
    const double lower = lp.column_lower[j], upper = lp.column_upper[j];
    if (lower == upper) {
      bound("FX", name, Number(lower));
    } else if (lower == -kUnbounded && upper == kUnbounded) {
      bound("FR", name, "");
    } else {
      if (lower == -kUnbounded) bound("MI", name, "");
      // An explicit LO keeps a negative UP from freeing the lower bound (docs/mps.md).
      if (lower != -kUnbounded && (lower != 0.0 || upper < 0.0)) bound("LO", name, Number(lower));
      if (upper != kUnbounded) bound("UP", name, Number(upper));
    }
  }
  line("ENDATA");
  const bool written = std::fflush(out) == 0 && ::fsync(::fileno(out)) == 0 && !std::ferror(out);
  file.reset();
  std::error_code ignored;
  if (!written) {
    std::filesystem::remove(temporary, ignored);
    return Status::Internal("cannot write the MPS file " + path + " (disk full?)");
  }
  std::filesystem::rename(temporary, path, ignored);
  if (ignored) {
    std::filesystem::remove(temporary, ignored);
    return Status::Internal("cannot move the MPS file into place at " + path);
  }
  return Status::Ok();
}

}  // namespace gosplan
