// `gosplan io --coefficients`: the large-economy Leontief solve from files (docs/scale.md).
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <string>
#include <utility>

#include "gosplan/leontief.h"
#include "gosplan/matrix_market.h"

namespace gosplan {

Result<LeontiefRun> SolveLeontiefFiles(const LeontiefFiles& files,
                                       const NeumannAndersonOptions& options) {
  if (files.primary_names.size() != files.primary_files.size()) {
    return Status::Internal("SolveLeontiefFiles: one name per primary file");
  }
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  MatrixMarketOptions read;
  read.require_non_negative = true;
  read.require_square = true;
  auto matrix = ReadMatrixMarket(files.coefficients, read);
  if (!matrix.ok()) return matrix.status();
  const CscMatrix& a = matrix.value();
  LeontiefRun run;
  run.coefficients = files.coefficients;
  run.n = a.rows;
  run.nonzeros = a.nonzeros();
  run.matrix_bytes = a.bytes();
  run.threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  run.options = options;
  run.primary_names = files.primary_names;
  if (!files.final_demand.empty()) {
    auto loaded = ReadVectorFile(files.final_demand, run.n);
    if (!loaded.ok()) return loaded.status();
    run.final_demand = std::move(loaded.value());
  }
  std::vector<Eigen::VectorXd> coefficients;
  for (const std::string& file : files.primary_files) {
    auto loaded = ReadVectorFile(file, run.n);
    if (!loaded.ok()) return loaded.status();
    coefficients.push_back(std::move(loaded.value()));
  }
  const auto loaded = Clock::now();
  // CPU seconds of all threads during the solve: on a shared machine a truer measure of work than
  // wall time.
  const std::clock_t cpu_before = std::clock();
  auto solved = SolveLeontiefNeumannAnderson(
      a, files.final_demand.empty() ? nullptr : &run.final_demand, coefficients, options);
  run.solve_cpu_seconds = static_cast<double>(std::clock() - cpu_before) / CLOCKS_PER_SEC;
  run.load_seconds = std::chrono::duration<double>(loaded - start).count();
  run.solve_seconds = std::chrono::duration<double>(Clock::now() - loaded).count();
  if (!solved.ok()) return solved.status();
  run.solution = std::move(solved.value());

  // Not converged: a solver limit, not bad input; every unconverged system is named.
  std::string failures;
  auto account = [&](const LeontiefSolveSummary& summary, const std::string& what) {
    run.residual = std::max(run.residual, summary.residual);
    if (summary.converged) return;
    const Diagnostic failure{files.coefficients, 0, 0,
                             summary.message + " (solving for " + what + ")",
                             "a converged solve: raise --max-iterations or loosen --tolerance"};
    failures += (failures.empty() ? "" : "\n") + failure.ToString();
  };
  if (!files.final_demand.empty()) account(run.solution.total_output_summary, "total output");
  for (std::size_t k = 0; k < run.primary_names.size(); ++k) {
    account(run.solution.multiplier_summaries[k], "multipliers of '" + run.primary_names[k] + "'");
  }
  if (!failures.empty()) return Status::SolverLimit(failures);
  return run;
}

}  // namespace gosplan
