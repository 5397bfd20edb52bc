// COIN-OR CLP backend: hands the column-major arrays to ClpSimplex::loadProblem in one call.
#include <ClpSimplex.hpp>
#include <CoinMpsIO.hpp>
#include <ClpSolve.hpp>
#include <CoinMessageHandler.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <utility>

#include "gosplan/linear_program.h"
#include "lp/clp_solve_options.h"
#include "util/atomic_output.h"

namespace gosplan {
namespace {

// Largest magnitude of a coefficient or finite bound handed to CLP (its infinity is 1e30).
constexpr double kMaxLpMagnitude = 1e20;
// Largest MPS file ReadMps hands to CoinMpsIO (bytes).
constexpr std::uintmax_t kMaxMpsFileBytes = std::uintmax_t{2} << 30;
// Below the sizes of CoinMpsCardReader's fixed line and field buffers (CoinUtils 2.11).
constexpr std::size_t kMaxMpsLineBytes = 512;
constexpr std::size_t kMaxMpsNameBytes = 96;

// CLP marks missing bounds with COIN_DBL_MAX.
double ToClpBound(double value) {
  if (value == kUnbounded) return COIN_DBL_MAX;
  if (value == -kUnbounded) return -COIN_DBL_MAX;
  return value;
}

// CLP takes 32-bit indices: a valid LP must also fit them.
Status CheckShape(const LinearProgram& lp) {
  if (Status valid = ValidateLinearProgram(lp); !valid.ok()) return valid;
  if (lp.num_rows > std::numeric_limits<int>::max() || lp.num_columns > std::numeric_limits<int>::max() ||
      lp.num_nonzeros() > std::numeric_limits<int>::max()) {
    return Status::InvalidInput("<linear program>", 0, 0,
                                "too large for CLP's 32-bit indices (use the first-order solver)");
  }
  // CLP asserts (aborts the process) or loses all accuracy on magnitudes near its infinity (1e30) and
  // beyond: refuse them here as bad input, naming the row or column (docs/reliability.md).
  auto name = [](const std::vector<std::string>& names, Index k, const char* kind) {
    const std::string given = k < static_cast<Index>(names.size()) ? names[static_cast<std::size_t>(k)] : "";
    return std::string(kind) + " " + (given.empty() ? std::to_string(k + 1) : "'" + given + "'");
  };
  auto too_large = [](double value) { return std::isfinite(value) && std::fabs(value) > kMaxLpMagnitude; };
  auto beyond = [](const std::string& where, const char* what, double value) {
    char shown[32];
    std::snprintf(shown, sizeof(shown), "%g", value);
    return Status::InvalidInput("<linear program>", 0, 0,
                                where + " has " + what + " " + shown + ", beyond the solver's range",
                                "finite magnitudes up to 1e20 (an empty bound for no limit)");
  };
  for (Index j = 0; j < lp.num_columns; ++j) {
    for (Index k = lp.column_starts[j]; k < lp.column_starts[j + 1]; ++k) {
      if (too_large(lp.values[k])) return beyond(name(lp.column_names, j, "column"), "the coefficient", lp.values[k]);
    }
    if (too_large(lp.objective[j])) {
      return beyond(name(lp.column_names, j, "column"), "the objective coefficient", lp.objective[j]);
    }
    for (double bound : {lp.column_lower[j], lp.column_upper[j]}) {
      if (too_large(bound)) return beyond(name(lp.column_names, j, "column"), "the bound", bound);
    }
  }
  for (Index i = 0; i < lp.num_rows; ++i) {
    for (double bound : {lp.row_lower[i], lp.row_upper[i]}) {
      if (too_large(bound)) return beyond(name(lp.row_names, i, "row"), "the bound", bound);
    }
  }
  if (!std::isfinite(lp.objective_offset) || std::fabs(lp.objective_offset) > kMaxLpMagnitude) {
    return beyond("the objective", "the constant", lp.objective_offset);
  }
  return Status::Ok();
}

void LoadInto(const LinearProgram& lp, ClpSimplex& model) {
  const int rows = static_cast<int>(lp.num_rows);
  const int columns = static_cast<int>(lp.num_columns);
  std::vector<CoinBigIndex> starts(lp.column_starts.begin(), lp.column_starts.end());
  std::vector<int> indices(lp.row_indices.begin(), lp.row_indices.end());
  std::vector<double> column_lower(columns), column_upper(columns), row_lower(rows), row_upper(rows);
  for (int j = 0; j < columns; ++j) {
    column_lower[j] = ToClpBound(lp.column_lower[j]);
    column_upper[j] = ToClpBound(lp.column_upper[j]);
  }
  for (int i = 0; i < rows; ++i) {
    row_lower[i] = ToClpBound(lp.row_lower[i]);
    row_upper[i] = ToClpBound(lp.row_upper[i]);
  }
  model.loadProblem(columns, rows, starts.data(), indices.data(), lp.values.data(), column_lower.data(),
                    column_upper.data(), lp.objective.data(), row_lower.data(), row_upper.data());
  model.setOptimizationDirection(lp.maximize ? -1.0 : 1.0);
  model.setObjectiveOffset(-lp.objective_offset);  // CLP subtracts its offset
  if (!lp.row_names.empty() || !lp.column_names.empty()) {
    std::vector<std::string> row_names = lp.row_names, column_names = lp.column_names;
    if (row_names.empty()) row_names.resize(rows);
    if (column_names.empty()) column_names.resize(columns);
    for (int i = 0; i < rows; ++i) {
      if (row_names[i].empty()) row_names[i] = "R" + std::to_string(i);
    }
    for (int j = 0; j < columns; ++j) {
      if (column_names[j].empty()) column_names[j] = "C" + std::to_string(j);
    }
    model.copyNames(row_names, column_names);
  }
}

}  // namespace


const char* ToString(LpStatus status) {
  switch (status) {
    case LpStatus::kOptimal: return "optimal";
    case LpStatus::kInfeasible: return "infeasible";
    case LpStatus::kUnbounded: return "unbounded";
    case LpStatus::kIterationLimit: return "limit";
    case LpStatus::kError: return "error";
  }
  return "error";
}

double MaxPrimalViolation(const LinearProgram& lp, const std::vector<double>& x) {
  double worst = 0.0;
  std::vector<double> activity(static_cast<std::size_t>(lp.num_rows), 0.0);
  for (Index j = 0; j < lp.num_columns; ++j) {
    worst = std::max({worst, lp.column_lower[j] - x[j], x[j] - lp.column_upper[j]});
    for (Index k = lp.column_starts[j]; k < lp.column_starts[j + 1]; ++k) {
      activity[lp.row_indices[k]] += lp.values[k] * x[j];
    }
  }
  for (Index i = 0; i < lp.num_rows; ++i) {
    worst = std::max({worst, lp.row_lower[i] - activity[i], activity[i] - lp.row_upper[i]});
  }
  return worst;
}

Result<LpSolution> SolveWithClp(const LinearProgram& lp, const LpSolveOptions& options) {
  if (Status shape = CheckShape(lp); !shape.ok()) return shape;
  ClpSimplex model;
  model.setLogLevel(0);  // the library never prints
  LoadInto(lp, model);
  if (options.time_limit_seconds > 0) model.setMaximumSeconds(options.time_limit_seconds);
  if (options.iteration_limit > 0) {
    model.setMaximumIterations(static_cast<int>(
        std::min<std::int64_t>(options.iteration_limit, std::numeric_limits<int>::max())));
  }

  const auto start = std::chrono::steady_clock::now();
  ClpSolve solve_options = lp::ClpSolveOptions(options.algorithm, options.presolve);
  model.initialSolve(solve_options);
  const auto end = std::chrono::steady_clock::now();

  LpSolution solution;
  solution.solver = std::string("CLP ") + lp::ClpAlgorithmName(options.algorithm);
  solution.seconds = std::chrono::duration<double>(end - start).count();
  solution.iterations = model.numberIterations();
  switch (model.status()) {
    case 0: solution.status = LpStatus::kOptimal; break;
    case 1: solution.status = LpStatus::kInfeasible; break;
    case 2: solution.status = LpStatus::kUnbounded; break;
    case 3: solution.status = LpStatus::kIterationLimit; break;
    default: solution.status = LpStatus::kError; break;
  }
  const int rows = model.numberRows();
  const int columns = model.numberColumns();
  solution.column_values.assign(model.primalColumnSolution(), model.primalColumnSolution() + columns);
  solution.row_activities.assign(model.primalRowSolution(), model.primalRowSolution() + rows);
  // CLP reports duals as derivatives of the objective as stated (for a maximisation too), which is
  // the convention of LpSolution: no sign change here.
  solution.row_duals.assign(model.dualRowSolution(), model.dualRowSolution() + rows);
  solution.reduced_costs.assign(model.dualColumnSolution(), model.dualColumnSolution() + columns);
  // Recompute the objective from x so the offset convention cannot drift.
  double objective = lp.objective_offset;
  for (int j = 0; j < columns; ++j) objective += lp.objective[j] * solution.column_values[j];
  solution.objective = objective;
  solution.max_primal_violation = MaxPrimalViolation(lp, solution.column_values);
  return solution;
}

Status WriteMps(const LinearProgram& lp, const std::string& path) {
  if (Status shape = CheckShape(lp); !shape.ok()) return shape;
  ClpSimplex model;
  model.setLogLevel(0);
  LinearProgram named = lp;
  // MPS files minimise (CLP 1.17 neither writes nor reads OBJSENSE): a maximisation is written as the
  // minimisation of the negated objective, so any solver reading the file finds −(our optimum).
  if (named.maximize) {
    for (double& c : named.objective) c = -c;
    named.objective_offset = -named.objective_offset;
    named.maximize = false;
  }
  if (named.row_names.empty()) named.row_names.resize(lp.num_rows);
  if (named.column_names.empty()) named.column_names.resize(lp.num_columns);
  LoadInto(named, model);
  const std::string temporary = path + ".tmp-mps";
  // formatType 1: free format with extra accuracy.
  const int error = model.writeMps(temporary.c_str(), 1, 2, 1.0);
  std::error_code ignored;
  if (error != 0) {
    std::filesystem::remove(temporary, ignored);
    return Status::Internal("cannot write MPS file " + path);
  }
  std::filesystem::rename(temporary, path, ignored);
  if (ignored) return Status::Internal("cannot move MPS file into place at " + path);
  return Status::Ok();
}

Result<LinearProgram> ReadMps(const std::string& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) {
    return Status::InvalidInput(path, 0, 0, "file not found", "an MPS file");
  }
  // CoinMpsIO reads whatever it is given: a folder, a FIFO or a device would hang or fail obscurely.
  if (!std::filesystem::is_regular_file(status)) {
    return Status::InvalidInput(path, 0, 0, "is not a regular file", "an MPS file");
  }
  // Size cap before CoinMpsIO allocates anything (docs/reliability.md): CLP's indices are 32-bit, so a
  // larger file cannot be solved anyway.
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error || size > kMaxMpsFileBytes) {
    return Status::InvalidInput(path, 0, 0, "file is too large: " + std::to_string(size) + " bytes",
                                "an MPS file of at most " + std::to_string(kMaxMpsFileBytes) + " bytes");
  }
  // CoinMpsIO transparently decompresses gzip and bzip2 content (detected by its first bytes), which
  // would make the size cap meaningless (a small compressed file can expand without bound): refuse it.
  {
    std::ifstream stream(path, std::ios::binary);
    char magic[3] = {0, 0, 0};
    stream.read(magic, 3);
    const bool gzip = stream.gcount() >= 2 && magic[0] == '\x1f' && magic[1] == '\x8b';
    const bool bzip2 = stream.gcount() == 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h';
    if (gzip || bzip2) {
      return Status::InvalidInput(path, 1, 1, "file is compressed (gzip or bzip2)",
                                  "a plain-text MPS file (decompress it first)");
    }
  }
  // Section structure, checked before CoinMpsIO sees the file: fuzzing found that a repeated or
  // out-of-order section (e.g. a second NAME after RHS) makes CoinMpsIO allocate gigabytes from a
  // 1 KB file (docs/reliability.md). Lines whose first token is a section keyword are headers.
  {
    static const char* const kOrdered[] = {"NAME", "ROWS", "COLUMNS", "RHS", "RANGES", "BOUNDS", "SOS",
                                           "QUADOBJ", "QMATRIX", "ENDATA"};
    std::ifstream stream(path, std::ios::binary);
    std::string line;
    std::int64_t line_number = 0;
    int last_rank = -1;
    bool saw_rows = false, saw_columns = false;
    std::int64_t row_records = 0;  // data lines of the ROWS section
    while (std::getline(stream, line)) {
      ++line_number;
      // MPS is ASCII text. CoinMpsCardReader misparses control and high bytes (fuzzing: NUL bytes leak
      // memory, a name with 0x7f/0x04 bytes made it read through a NULL pointer): refuse them.
      for (std::size_t k = 0; k < line.size(); ++k) {
        const auto byte = static_cast<unsigned char>(line[k]);
        const bool comment = !line.empty() && line[0] == '*';  // comments may hold UTF-8 text
        if (byte == 0 || (!comment && ((byte < 0x20 && byte != '\t' && byte != '\r') || byte >= 0x7f))) {
          return Status::InvalidInput(path, line_number, static_cast<std::int64_t>(k) + 1,
                                      byte == 0 ? "NUL byte (binary file?)" : "control or non-ASCII byte",
                                      "a plain-text (ASCII) MPS file");
        }
      }
      // CoinMpsCardReader copies each line and each field into fixed-size buffers:
      // fuzzing found a heap overflow (SEGV in its destructor) from a 300-character column name.
      if (line.size() > kMaxMpsLineBytes) {
        return Status::InvalidInput(path, line_number, static_cast<std::int64_t>(kMaxMpsLineBytes) + 1,
                                    "line is longer than " + std::to_string(kMaxMpsLineBytes) + " bytes",
                                    "MPS records of at most " + std::to_string(kMaxMpsLineBytes) + " bytes");
      }
      if (line[0] != '*') {
        for (std::size_t at = line.find_first_not_of(" \t\r"); at != std::string::npos;) {
          const std::size_t end = std::min(line.find_first_of(" \t\r", at), line.size());
          if (end - at > kMaxMpsNameBytes) {
            return Status::InvalidInput(path, line_number, static_cast<std::int64_t>(at) + 1,
                                        "name or number of " + std::to_string(end - at) + " characters",
                                        "at most " + std::to_string(kMaxMpsNameBytes) + " characters per field");
          }
          at = line.find_first_not_of(" \t\r", end);
        }
      }
      if (line.empty() || line[0] == '*') continue;
      if (last_rank < 0 && line.compare(0, 4, "NAME") != 0) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank line
        // CoinMpsIO reads a file that does not open with a NAME record as an empty LP (0 rows, 0
        // columns), and under AddressSanitizer was seen to request negative-size allocations on such
        // files ("COLUMNS* ...", "CSECTION..."): refuse them.
        return Status::InvalidInput(path, line_number, 1, "the file does not start with a NAME record",
                                    "NAME as the first record of the MPS file (after comments)");
      }
      if (line[0] == ' ' || line[0] == '\t') {
        if (last_rank == 1 && line.find_first_not_of(" \t\r") != std::string::npos) ++row_records;
        if (last_rank == 2 || last_rank == 3 || last_rank == 4) {
          // COLUMNS, RHS and RANGES records are `name row value [row value]` (or a 3-field MARKER line).
          // Fuzzing: a fixed-format record with a row but no value after it makes CoinMpsCardReader read
          // through a NULL pointer (segmentation fault), in COLUMNS as in RHS.
          std::size_t fields = 0;
          for (std::size_t at = line.find_first_not_of(" \t\r"); at != std::string::npos;
               at = line.find_first_not_of(" \t\r", line.find_first_of(" \t\r", at))) {
            ++fields;
          }
          if (fields != 0 && fields != 3 && fields != 5) {
            return Status::InvalidInput(path, line_number, 1,
                                        std::string(kOrdered[last_rank]) + " record has " +
                                            std::to_string(fields) + " fields",
                                        "name row value [row value] (3 or 5 fields)");
          }
        }
        continue;
      }
      // CoinMpsIO recognises a section by its name as a prefix of the line ("COLUMNS*..." is COLUMNS):
      // so do we.
      int rank = -1;
      std::string keyword;
      for (int k = 0; k < static_cast<int>(std::size(kOrdered)); ++k) {
        if (line.compare(0, std::strlen(kOrdered[k]), kOrdered[k]) == 0) {
          rank = k;
          keyword = kOrdered[k];
        }
      }
      if (rank < 0) continue;  // OBJSENSE, OBJNAME, data lines of free MPS, ...: left to CoinMpsIO
      if (rank <= last_rank) {
        return Status::InvalidInput(path, line_number, 1,
                                    "section " + keyword + " is repeated or out of order",
                                    "each section once, in the order NAME ROWS COLUMNS RHS RANGES BOUNDS ENDATA");
      }
      if (rank > 1 && last_rank == 1 && row_records == 0) {
        // Fuzzing: an empty ROWS section followed by COLUMNS data crashes CoinMpsCardReader (NULL read).
        return Status::InvalidInput(path, line_number, 1, "the ROWS section is empty",
                                    "at least the objective row (N) in ROWS");
      }
      last_rank = rank;
      if (keyword == "ROWS") saw_rows = true;
      if (keyword == "COLUMNS") saw_columns = true;
      if (keyword == "ENDATA") break;
    }
    // A file without ROWS or COLUMNS is not an LP; CoinMpsIO was seen to allocate gigabytes on one.
    if (!saw_rows || !saw_columns) {
      return Status::InvalidInput(path, 0, 0,
                                  std::string("no ") + (saw_rows ? "COLUMNS" : "ROWS") + " section",
                                  "an MPS file with ROWS and COLUMNS sections");
    }
  }
  CoinMpsIO reader;
  CoinMessageHandler quiet;
  quiet.setLogLevel(0);
  reader.passInMessageHandler(&quiet);
  const int errors = reader.readMps(path.c_str(), "");
  if (errors != 0) {
    return Status::InvalidInput(path, 0, 0,
                                "MPS file has " + std::to_string(errors) + " error(s) or is unreadable",
                                "a fixed or free MPS file");
  }
  LinearProgram lp;
  lp.num_rows = reader.getNumRows();
  lp.num_columns = reader.getNumCols();
  if (lp.num_columns <= 0 || reader.getMatrixByCol() == nullptr) {
    // The file has ROWS and COLUMNS headers (checked above) yet nothing was read: not an LP.
    return Status::InvalidInput(path, 0, 0, "no column could be read from the COLUMNS section",
                                "a fixed or free MPS file with at least one column");
  }
  const CoinPackedMatrix* matrix = reader.getMatrixByCol();
  CoinPackedMatrix by_column(*matrix);
  by_column.removeGaps();
  lp.column_starts.assign(by_column.getVectorStarts(), by_column.getVectorStarts() + lp.num_columns + 1);
  // Sort each column's entries by row and merge duplicates so the CSC contract holds.
  lp.row_indices.clear();
  lp.values.clear();
  std::vector<Index> starts(1, 0);
  for (Index j = 0; j < lp.num_columns; ++j) {
    std::vector<std::pair<Index, double>> entries;
    for (CoinBigIndex k = by_column.getVectorStarts()[j]; k < by_column.getVectorStarts()[j + 1]; ++k) {
      entries.emplace_back(by_column.getIndices()[k], by_column.getElements()[k]);
    }
    std::sort(entries.begin(), entries.end());
    for (std::size_t k = 0; k < entries.size(); ++k) {
      if (k > 0 && entries[k].first == entries[k - 1].first) {
        lp.values.back() += entries[k].second;
      } else {
        lp.row_indices.push_back(entries[k].first);
        lp.values.push_back(entries[k].second);
      }
    }
    starts.push_back(static_cast<Index>(lp.row_indices.size()));
  }
  lp.column_starts = std::move(starts);
  auto from_coin = [&](double value) {
    if (value >= reader.getInfinity()) return kUnbounded;
    if (value <= -reader.getInfinity()) return -kUnbounded;
    return value;
  };
  for (Index j = 0; j < lp.num_columns; ++j) {
    lp.column_lower.push_back(from_coin(reader.getColLower()[j]));
    lp.column_upper.push_back(from_coin(reader.getColUpper()[j]));
    lp.objective.push_back(reader.getObjCoefficients()[j]);
    lp.column_names.emplace_back(reader.columnName(static_cast<int>(j)));
  }
  for (Index i = 0; i < lp.num_rows; ++i) {
    lp.row_lower.push_back(from_coin(reader.getRowLower()[i]));
    lp.row_upper.push_back(from_coin(reader.getRowUpper()[i]));
    lp.row_names.emplace_back(reader.rowName(static_cast<int>(i)));
  }
  // CoinMpsIO stores the objective constant as -offset.
  lp.objective_offset = -reader.objectiveOffset();
  return lp;
}

}  // namespace gosplan
