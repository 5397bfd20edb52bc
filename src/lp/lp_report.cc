// What `gosplan lp` reports about one solve: text for people, gosplan.lp/1 for programs. The same
// relative measures for every solver (gosplan/pdlp.h), null/"not measured" when absent.
#include <fmt/format.h>

#include <limits>
#include <string>
#include <vector>

#include "gosplan/linear_program.h"
#include "gosplan/pdlp.h"
#include "util/csv_writer.h"
#include "util/json.h"

namespace gosplan {
namespace {

// An objective is a result only for a point the solver stands behind: optimal, or the last iterate
// of a limited run (labelled so by the status). Infeasible and unbounded LPs have none.
bool HasObjective(const LpSolution& solution) {
  return solution.status == LpStatus::kOptimal || StoppedEarly(solution.status);
}

}  // namespace

std::string LpTextReport(const LinearProgram& lp, const LpSolution& solution,
                         const LpReportOptions& options) {
  std::string objective = "no objective value";
  if (solution.status == LpStatus::kOptimal) {
    objective = fmt::format("{} {:.12g}", lp.maximize ? "maximum" : "minimum", solution.objective);
    if (options.pdlp != nullptr) {
      objective +=
          fmt::format(" (first-order, to relative tolerance {:g})", options.pdlp_tolerance);
    }
  } else if (StoppedEarly(solution.status)) {
    objective = fmt::format("objective {:.12g} at the last point (not proven optimal; to be {}d)",
                            solution.objective, lp.maximize ? "maximise" : "minimise");
  }
  std::string text;
  text += fmt::format("{}: {}  {}  ({} rows, {} columns, {} non-zeros)\n", options.source,
                      ToString(solution.status), objective, lp.num_rows, lp.num_columns,
                      lp.num_nonzeros());
  text += fmt::format("solver: {}, {} iterations, max primal violation {:.3g}\n", solution.solver,
                      solution.iterations, solution.max_primal_violation);
  if (solution.relative_measures_computed()) {
    text += fmt::format("relative primal residual {:.3g}, dual residual {:.3g}, gap {:.3g}\n",
                        solution.relative_primal_residual, solution.relative_dual_residual,
                        solution.relative_gap);
  } else {
    text += "relative primal residual, dual residual and gap: not measured\n";
  }
  if (options.pdlp != nullptr) {
    const PdlpSummary& pdlp = *options.pdlp;
    text += fmt::format("PDLP: {} restarts, {} threads, presolved to {} rows x {} columns; {}\n",
                        pdlp.restarts, pdlp.threads, pdlp.presolved_rows, pdlp.presolved_columns,
                        pdlp.message);
  }
  return text;
}

std::string LpJson(const LinearProgram& lp, const LpSolution& solution,
                   const LpReportOptions& options) {
  using util::Json;
  using util::JsonNumber;
  Json out = util::JsonDocument("gosplan.lp/1");
  out["file"] = options.source;
  out["status"] = ToString(solution.status);
  out["sense"] = lp.maximize ? "max" : "min";
  out["objective"] = HasObjective(solution) ? JsonNumber(solution.objective) : Json(nullptr);
  out["solver"] = solution.solver;
  out["iterations"] = solution.iterations;
  out["max_primal_violation"] = JsonNumber(solution.max_primal_violation);
  // null when the solver did not measure them (never a 0 that reads as a perfect answer).
  out["relative_primal_residual"] = JsonNumber(solution.relative_primal_residual);
  out["relative_dual_residual"] = JsonNumber(solution.relative_dual_residual);
  out["relative_gap"] = JsonNumber(solution.relative_gap);
  if (options.pdlp != nullptr) {
    const PdlpSummary& pdlp = *options.pdlp;
    out["pdlp"] = {{"tolerance", JsonNumber(options.pdlp_tolerance)},
                   {"restarts", pdlp.restarts},
                   {"rejected_steps", pdlp.rejected_steps},
                   {"returned_average", pdlp.returned_average},
                   {"threads", pdlp.threads},
                   {"presolved_rows", pdlp.presolved_rows},
                   {"presolved_columns", pdlp.presolved_columns},
                   {"presolved_nonzeros", pdlp.presolved_nonzeros},
                   {"returned_point", pdlp.returned_point},
                   {"polishing_attempts", pdlp.polishing_attempts},
                   {"polishing_iterations", pdlp.polishing_iterations},
                   {"single_precision_handover", pdlp.single_precision_handover},
                   {"message", pdlp.message}};
  } else {
    out["pdlp"] = nullptr;  // another solver: no PDLP facts (the key is always there)
  }
  out["rows"] = lp.num_rows;
  out["columns"] = lp.num_columns;
  out["nonzeros"] = lp.num_nonzeros();
  return util::JsonText(out);
}

std::string LpSolutionCsv(const LinearProgram& lp, const LpSolution& solution) {
  std::string out;
  util::CsvWriter csv(out);
  csv.Header("kind", "name", "value", "dual_or_reduced_cost");
  const auto name = [](const std::vector<std::string>& names, Index k, char prefix) {
    return k < static_cast<Index>(names.size()) ? names[static_cast<std::size_t>(k)]
                                                : fmt::format("{}{}", prefix, k + 1);
  };
  const auto at = [](const std::vector<double>& values, Index k) {
    // A solver that returned no dual values leaves the cell empty (CsvNumber of NaN), never a 0.
    return k < static_cast<Index>(values.size()) ? values[static_cast<std::size_t>(k)]
                                                 : std::numeric_limits<double>::quiet_NaN();
  };
  for (Index j = 0; j < lp.num_columns; ++j) {
    csv.Text("column").Text(name(lp.column_names, j, 'C'));
    csv.Number(at(solution.column_values, j)).Number(at(solution.reduced_costs, j)).EndRow();
  }
  for (Index i = 0; i < lp.num_rows; ++i) {
    csv.Text("row").Text(name(lp.row_names, i, 'R'));
    csv.Number(at(solution.row_activities, i)).Number(at(solution.row_duals, i)).EndRow();
  }
  return out;
}

}  // namespace gosplan
