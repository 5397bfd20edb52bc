// Shape checks shared by every LP backend (CLP, PDLP), and the names of the LP enumerations.
#include "gosplan/linear_program.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace gosplan {

const char* ToString(LpStatus status) {
  switch (status) {
    case LpStatus::kOptimal:
      return "optimal";
    case LpStatus::kInfeasible:
      return "infeasible";
    case LpStatus::kUnbounded:
      return "unbounded";
    case LpStatus::kTimeLimit:
      return "time_limit";
    case LpStatus::kIterationLimit:
      return "iteration_limit";
    case LpStatus::kInterrupted:
      return "interrupted";
    case LpStatus::kError:
      return "error";
  }
  return "error";
}

std::optional<LpStatus> ParseLpStatus(std::string_view text) {
  for (LpStatus status :
       {LpStatus::kOptimal, LpStatus::kInfeasible, LpStatus::kUnbounded, LpStatus::kTimeLimit,
        LpStatus::kIterationLimit, LpStatus::kInterrupted, LpStatus::kError}) {
    if (text == ToString(status)) return status;
  }
  return std::nullopt;
}

const char* ToString(LpSolveOptions::Algorithm algorithm) {
  switch (algorithm) {
    case LpSolveOptions::Algorithm::kDualSimplex:
      return "dual";
    case LpSolveOptions::Algorithm::kPrimalSimplex:
      return "primal";
    case LpSolveOptions::Algorithm::kBarrier:
      return "barrier";
    case LpSolveOptions::Algorithm::kIdiotPrimal:
      return "idiot";
  }
  return "?";
}

bool LpSolveOptions::IsValid(std::string* error) const {
  if (!(time_limit_seconds >= 0) || !std::isfinite(time_limit_seconds)) {
    if (error)
      *error = "time_limit_seconds is " + std::to_string(time_limit_seconds) +
               "; it must be a finite number ≥ 0 (0: none)";
    return false;
  }
  if (iteration_limit < 0) {
    if (error)
      *error =
          "iteration_limit is " + std::to_string(iteration_limit) + "; it must be ≥ 0 (0: none)";
    return false;
  }
  if (!(dual_tolerance >= 0) || !(dual_tolerance < 1)) {
    if (error)
      *error = "dual_tolerance is " + std::to_string(dual_tolerance) +
               "; it must be ≥ 0 and < 1 (0: CLP's default, 1e-7)";
    return false;
  }
  if (!(progress_seconds >= 0) || !std::isfinite(progress_seconds)) {
    if (error)
      *error = "progress_seconds is " + std::to_string(progress_seconds) +
               "; it must be a finite number ≥ 0";
    return false;
  }
  return true;
}

std::optional<LpSolveOptions::Algorithm> ParseLpAlgorithm(std::string_view text) {
  using Algorithm = LpSolveOptions::Algorithm;
  for (Algorithm algorithm : {Algorithm::kDualSimplex, Algorithm::kPrimalSimplex,
                              Algorithm::kBarrier, Algorithm::kIdiotPrimal}) {
    if (text == ToString(algorithm)) return algorithm;
  }
  return std::nullopt;
}

Status ValidateLinearProgram(const LinearProgram& lp) {
  auto bad = [](std::string what) { return Status::InvalidInput("<linear program>", 0, 0, what); };
  if (lp.num_rows < 0 || lp.num_columns < 0) return bad("negative size");
  if (static_cast<Index>(lp.column_starts.size()) != lp.num_columns + 1)
    return bad("column_starts size");
  if (lp.column_starts.front() != 0) return bad("column_starts[0] != 0");
  const Index nnz = lp.column_starts.back();
  if (static_cast<Index>(lp.row_indices.size()) != nnz ||
      static_cast<Index>(lp.values.size()) != nnz) {
    return bad("row_indices/values size differs from column_starts");
  }
  if (static_cast<Index>(lp.objective.size()) != lp.num_columns ||
      static_cast<Index>(lp.column_lower.size()) != lp.num_columns ||
      static_cast<Index>(lp.column_upper.size()) != lp.num_columns) {
    return bad("objective or column bounds size differs from num_columns");
  }
  if (static_cast<Index>(lp.row_lower.size()) != lp.num_rows ||
      static_cast<Index>(lp.row_upper.size()) != lp.num_rows) {
    return bad("row bounds size differs from num_rows");
  }
  for (Index j = 0; j < lp.num_columns; ++j) {
    if (lp.column_starts[j + 1] < lp.column_starts[j]) return bad("column_starts not ascending");
    if (!std::isfinite(lp.objective[j])) return bad("non-finite objective coefficient");
    if (std::isnan(lp.column_lower[j]) || std::isnan(lp.column_upper[j]))
      return bad("NaN column bound");
  }
  for (Index i = 0; i < lp.num_rows; ++i) {
    if (std::isnan(lp.row_lower[i]) || std::isnan(lp.row_upper[i])) return bad("NaN row bound");
  }
  for (Index k = 0; k < nnz; ++k) {
    if (lp.row_indices[k] < 0 || lp.row_indices[k] >= lp.num_rows)
      return bad("row index out of range");
    if (!std::isfinite(lp.values[k])) return bad("non-finite matrix value");
  }
  // Magnitudes: CLP asserts (aborts the process) or loses all accuracy near its infinity (1e30) and
  // beyond, and PDLP's scaling cannot recover a problem that spans 40 orders of magnitude: both
  // solvers refuse them as bad input, naming the row or column (docs/reliability.md).
  auto name = [](const std::vector<std::string>& names, Index k, const char* kind) {
    const std::string given =
        k < static_cast<Index>(names.size()) ? names[static_cast<std::size_t>(k)] : "";
    return std::string(kind) + " " + (given.empty() ? std::to_string(k + 1) : "'" + given + "'");
  };
  auto too_large = [](double value) {
    return std::isfinite(value) && std::fabs(value) > kMaxLpMagnitude;
  };
  auto beyond = [](const std::string& where, const char* what, double value) {
    char shown[32];
    std::snprintf(shown, sizeof(shown), "%g", value);
    return Status::InvalidInput(
        "<linear program>", 0, 0,
        where + " has " + what + " " + shown + ", beyond the solvers' range",
        "finite magnitudes up to 1e20 (an empty bound for no limit)");
  };
  for (Index j = 0; j < lp.num_columns; ++j) {
    for (Index k = lp.column_starts[j]; k < lp.column_starts[j + 1]; ++k) {
      if (too_large(lp.values[k]))
        return beyond(name(lp.column_names, j, "column"), "the coefficient", lp.values[k]);
    }
    if (too_large(lp.objective[j])) {
      return beyond(name(lp.column_names, j, "column"), "the objective coefficient",
                    lp.objective[j]);
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

}  // namespace gosplan
