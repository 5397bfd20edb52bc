// PdlpWarmSession (pdlp_warm_session.h): a warm PDLP start per what-if re-solve, the plan issued
// by SolvePlan.
#include "session/pdlp_warm_session.h"

#include <algorithm>
#include <chrono>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace gosplan::session {
namespace {

// `point` (of an LP with `rows`/`columns` names) onto the LP `lp` by names; new entries at 0.
pdlp::WarmPoint MapByNames(const pdlp::WarmPoint& point, const std::vector<std::string>& rows,
                           const std::vector<std::string>& columns, const LinearProgram& lp) {
  if (rows == lp.row_names && columns == lp.column_names) return point;
  pdlp::WarmPoint mapped;
  mapped.step_size = point.step_size;
  mapped.primal_weight = point.primal_weight;
  std::unordered_map<std::string_view, std::size_t> old_column, old_row;
  for (std::size_t j = 0; j < columns.size(); ++j) old_column.emplace(columns[j], j);
  for (std::size_t i = 0; i < rows.size(); ++i) old_row.emplace(rows[i], i);
  mapped.x.assign(static_cast<std::size_t>(lp.num_columns), 0.0);
  mapped.y.assign(static_cast<std::size_t>(lp.num_rows), 0.0);
  for (Index j = 0; j < lp.num_columns; ++j) {
    auto it = old_column.find(lp.column_names[j]);
    if (it != old_column.end()) mapped.x[j] = point.x[it->second];
  }
  for (Index i = 0; i < lp.num_rows; ++i) {
    auto it = old_row.find(lp.row_names[i]);
    if (it != old_row.end()) mapped.y[i] = point.y[it->second];
  }
  return mapped;
}

}  // namespace

Result<Plan> PdlpWarmSession::Solve(const Model& model, const PlanOptions& options,
                                    const plan::PlanProgram& program) {
  const auto start = std::chrono::steady_clock::now();
  const LinearProgram& named = program.lp;
  const bool warm = has_point();
  pdlp::WarmPoint from;
  if (warm) from = MapByNames(point_, row_names_, column_names_, named);
  pdlp::WarmPoint end;
  LpStatus lp_status = LpStatus::kError;
  PlanOptions pdlp_options = options;
  pdlp_options.solver_kind = SolverKind::kPdlp;
  pdlp_options.pdlp_solve = [&](const LinearProgram& lp,
                                const PdlpOptions& pdlp) -> Result<LpSolution> {
    // SolvePlan builds the LP without names; it must be the session's, row for row.
    if (lp.num_rows != named.num_rows || lp.num_columns != named.num_columns ||
        lp.num_nonzeros() != named.num_nonzeros()) {
      return Status::Internal("the plan LP SolvePlan built differs from the planning session's");
    }
    auto solved = pdlp::SolveWithPdlpFrom(lp, pdlp, warm ? &from : nullptr, nullptr, &end);
    if (solved.ok()) lp_status = solved.value().status;
    return solved;
  };
  auto plan = SolvePlan(model, pdlp_options);
  if (!plan.ok()) return plan;
  if (lp_status == LpStatus::kOptimal) {
    point_ = std::move(end);
    if (row_names_ != named.row_names || column_names_ != named.column_names) {
      row_names_ = named.row_names;
      column_names_ = named.column_names;
    }
    if (base_point_.x.empty()) {  // the first converged point: the base plan's
      base_point_ = point_;
      base_row_names_ = row_names_;
      base_column_names_ = column_names_;
    }
  }
  Plan& issued = plan.value();
  issued.solve_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() -
      issued.extract_seconds;
  return plan;
}

}  // namespace gosplan::session
