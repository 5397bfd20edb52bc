#include "lp/clp_session.h"

#include <ClpSimplex.hpp>
#include <ClpSolve.hpp>

#include "lp/clp_events.h"
#include "lp/clp_load.h"
#include "lp/clp_solve_options.h"

namespace gosplan::lp {

ClpSession::ClpSession() : model_(std::make_unique<ClpSimplex>()) { model_->setLogLevel(0); }
ClpSession::~ClpSession() = default;

std::unique_ptr<ClpSession> ClpSession::Clone() const {
  auto copy = std::make_unique<ClpSession>();
  copy->model_ = std::make_unique<ClpSimplex>(*model_);
  copy->model_->setLogLevel(0);
  // The copied model's event handler would read this session's options: give it its own.
  if (events_options_) copy->SetCancelHook(events_options_->should_stop);
  return copy;
}

Status ClpSession::Load(const LinearProgram& lp) {
  if (Status shape = CheckClpShape(lp); !shape.ok()) return shape;
  LoadIntoClp(lp, *model_);
  return Status::Ok();
}

Index ClpSession::num_rows() const { return model_->numberRows(); }
Index ClpSession::num_columns() const { return model_->numberColumns(); }

LpStatus ClpSession::Finish() {
  ++solves_;
  iterations_ += model_->numberIterations();
  return StatusOfClp(*model_);
}

LpStatus StatusOfClp(const ClpSimplex& model) {
  // ClpModel::secondaryStatus(): 9 is "status was 3 and stopped on time".
  constexpr int kStoppedOnTime = 9;
  switch (model.status()) {
    case 0:
      return LpStatus::kOptimal;
    case 1:
      return LpStatus::kInfeasible;
    case 2:
      return LpStatus::kUnbounded;
    case 3:
      if (model.secondaryStatus() == kStoppedOnTime) return LpStatus::kTimeLimit;
      if (model.numberIterations() >= model.maximumIterations()) return LpStatus::kIterationLimit;
      return LpStatus::kInterrupted;
    case 5:  // stopped by the event handler (the cancel hook, clp_events.h)
      return LpStatus::kInterrupted;
    default:
      return LpStatus::kError;
  }
}

LpStatus ClpSession::SolveFromScratch(LpSolveOptions::Algorithm algorithm,
                                      double time_limit_seconds) {
  model_->setMaximumSeconds(time_limit_seconds > 0 ? time_limit_seconds : -1.0);
  ClpSolve options = ClpSolveOptions(algorithm, /*presolve=*/true);
  model_->initialSolve(options);
  return Finish();
}

LpStatus ClpSession::Resolve(Method method, double time_limit_seconds) {
  model_->setMaximumSeconds(time_limit_seconds > 0 ? time_limit_seconds : -1.0);
  // startFinishOptions 1|2: keep the factorization and work areas at the end and re-use them at the
  // start. Between warm solves only bounds or objective change, never the basis, so the old LU is
  // still the basis's; on a 1,000-product plan this saves about a fifth of the time (the basis has
  // a dense core whose factorization dominates).
  constexpr int kKeepFactorization = 1 | 2;
  if (method == Method::kPrimal) {
    model_->primal(0, kKeepFactorization);
  } else {
    model_->dual(0, kKeepFactorization);
  }
  // A warm dual simplex may stop on numerical trouble (status 4) where a primal pass settles it.
  if (model_->status() > 3) model_->primal(0);  // from a fresh factorization
  return Finish();
}

LpStatus ClpSession::SolveFromBasis(Method method, double time_limit_seconds) {
  model_->setMaximumSeconds(time_limit_seconds > 0 ? time_limit_seconds : -1.0);
  if (method == Method::kPrimal) {
    model_->primal(0);
  } else {
    model_->dual(0);
  }
  if (model_->status() > 3) model_->primal(0);
  return Finish();
}

void ClpSession::SetCancelHook(std::function<bool()> should_stop) {
  if (!events_options_) events_options_ = std::make_unique<LpSolveOptions>();
  events_options_->should_stop = std::move(should_stop);
  ClpEvents events(*events_options_, ClpEvents::Clock::now());
  model_->passInEventHandler(&events);  // a clone, sharing the prototype's CancelState
  cancel_state_ = events.shared_state();
}

bool ClpSession::cancelled() const { return cancel_state_ && cancel_state_->cancelled; }

void ClpSession::SetRowBounds(Index row, double lower, double upper) {
  model_->setRowLower(static_cast<int>(row), ToClpBound(lower));
  model_->setRowUpper(static_cast<int>(row), ToClpBound(upper));
}
void ClpSession::SetColumnBounds(Index column, double lower, double upper) {
  model_->setColumnLower(static_cast<int>(column), ToClpBound(lower));
  model_->setColumnUpper(static_cast<int>(column), ToClpBound(upper));
}
void ClpSession::SetObjective(Index column, double value) {
  model_->setObjectiveCoefficient(static_cast<int>(column), value);
}
void ClpSession::ClearObjective() {
  const int columns = model_->numberColumns();
  double* c = model_->objective();
  for (int j = 0; j < columns; ++j) {
    if (c[j] != 0.0) model_->setObjectiveCoefficient(j, 0.0);
  }
}
void ClpSession::SetMaximize(bool maximize) {
  model_->setOptimizationDirection(maximize ? -1.0 : 1.0);
}
double ClpSession::row_lower(Index row) const { return FromClpBound(model_->rowLower()[row]); }
double ClpSession::row_upper(Index row) const { return FromClpBound(model_->rowUpper()[row]); }
double ClpSession::column_lower(Index column) const {
  return FromClpBound(model_->columnLower()[column]);
}
double ClpSession::column_upper(Index column) const {
  return FromClpBound(model_->columnUpper()[column]);
}

Index ClpSession::AddRows(const std::vector<Index>& starts, const std::vector<Index>& columns,
                          const std::vector<double>& values, const std::vector<double>& lower,
                          const std::vector<double>& upper) {
  const Index first = model_->numberRows();
  const int number = static_cast<int>(lower.size());
  std::vector<CoinBigIndex> s(starts.begin(), starts.end());
  std::vector<int> c(columns.begin(), columns.end());
  std::vector<double> l(lower.size()), u(upper.size());
  for (std::size_t k = 0; k < lower.size(); ++k) {
    l[k] = ToClpBound(lower[k]);
    u[k] = ToClpBound(upper[k]);
  }
  model_->addRows(number, l.data(), u.data(), s.data(), c.data(), values.data());
  return first;
}

void ClpSession::SetDualTolerance(double tolerance) { model_->setDualTolerance(tolerance); }

std::vector<unsigned char> ClpSession::Basis() const {
  const int columns = model_->numberColumns(), rows = model_->numberRows();
  std::vector<unsigned char> basis(static_cast<std::size_t>(columns + rows));
  for (int j = 0; j < columns; ++j)
    basis[j] = static_cast<unsigned char>(model_->getColumnStatus(j));
  for (int i = 0; i < rows; ++i) {
    basis[columns + i] = static_cast<unsigned char>(model_->getRowStatus(i));
  }
  return basis;
}

void ClpSession::SetBasis(const std::vector<unsigned char>& basis) {
  const int columns = model_->numberColumns(), rows = model_->numberRows();
  model_->createStatus();
  for (int j = 0; j < columns; ++j) {
    model_->setColumnStatus(j, static_cast<ClpSimplex::Status>(basis[j]));
  }
  for (int i = 0; i < rows; ++i) {
    model_->setRowStatus(i, static_cast<ClpSimplex::Status>(basis[columns + i]));
  }
}

LpSolution ClpSession::Solution(const LinearProgram& lp) const {
  return SolutionOfClp(lp, *model_);
}

double ClpSession::objective() const { return model_->objectiveValue(); }
const double* ClpSession::column_values() const { return model_->primalColumnSolution(); }
const double* ClpSession::row_activities() const { return model_->primalRowSolution(); }
const double* ClpSession::row_duals() const { return model_->dualRowSolution(); }
const double* ClpSession::reduced_costs() const { return model_->dualColumnSolution(); }

}  // namespace gosplan::lp
