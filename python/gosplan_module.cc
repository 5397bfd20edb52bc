// The `gosplan._gosplan` extension: the library's own functions and JSON documents for Python
// (docs/python.md). Thin by design: every number comes from the library, every document from its
// report functions (PlanJson, CheckJson, ...), so that `result.to_dict()` equals the parsed
// `gosplan ... --format json` output. The pure-Python half (python/gosplan/__init__.py) turns
// scipy.sparse and numpy inputs into the CSC buffers taken here and adds pandas views.
//
// Errors: kInvalidInput raises gosplan.InputError (a ValueError with .file, .line, .column and
// .diagnostics), kInvalidArgument ValueError, anything else RuntimeError. Outcomes (an infeasible
// plan, a failed check) are results with a status, never exceptions. The GIL is released during
// loads and solves; no callback into Python runs meanwhile, except the progress callables and
// the Ctrl-C check (PythonCancelHook: KeyboardInterrupt out of a long plan, check or LP solve).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "gosplan/check.h"
#include "gosplan/growth.h"
#include "gosplan/io_table.h"
#include "gosplan/leontief.h"
#include "gosplan/linear_program.h"
#include "gosplan/model.h"
#include "gosplan/pdlp.h"
#include "gosplan/plan.h"
#include "gosplan/planning_session.h"
#include "gosplan/status.h"
#include "gosplan/verify.h"
#include "gosplan/version.h"
// The planning loop, models from tables, satellites (the block at the end of the namespace).
#include "gosplan/actuals.h"
#include "gosplan/compare.h"
#include "gosplan/explain.h"
#include "gosplan/io_footprints.h"
#include "gosplan/model_writer.h"
#include "gosplan/replan.h"
#include "gosplan/track.h"
#include "util/atomic_output.h"
#include "util/csv_writer.h"

namespace py = pybind11;
using namespace pybind11::literals;

namespace gosplan::python {
namespace {

// A kInvalidInput status on its way to gosplan.InputError (translated in the module's init).
struct InputErrorStatus {
  Status status;
};

[[noreturn]] void Raise(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidInput:
      throw InputErrorStatus{status};
    case StatusCode::kInvalidArgument:
      throw py::value_error(status.ToString());
    case StatusCode::kCancelled:
      // Stopped by PythonCancelHook: the KeyboardInterrupt (or the signal handler's exception)
      // that PyErr_CheckSignals set is still pending; raise it.
      if (!PyErr_Occurred()) PyErr_SetString(PyExc_KeyboardInterrupt, status.message().c_str());
      throw py::error_already_set();
    default:
      throw std::runtime_error(status.ToString());
  }
}

template <typename T>
T Take(Result<T>&& result) {
  if (!result.ok()) Raise(result.status());
  return std::move(result).value();
}

py::object ParseJson(const std::string& text) {
  return py::module_::import("json").attr("loads")(text);
}

// A Python callable as a library log callback: each message is passed as a str, with the GIL taken
// for the call (the solve itself runs without it; step 2 of `check` calls from several threads,
// serialised by the GIL). The callable is borrowed: the caller's argument outlives the solve. An
// exception in it is reported as unraisable (the solve cannot be stopped from here) and the solve
// goes on.
std::function<void(std::string_view)> PythonLog(const py::object& progress) {
  if (progress.is_none()) return {};
  PyObject* callable = progress.ptr();
  return [callable](std::string_view message) {
    py::gil_scoped_acquire acquire;
    try {
      py::handle{callable}(py::str(message.data(), message.size()));
    } catch (py::error_already_set& error) {
      error.discard_as_unraisable("gosplan progress callback");
    }
  };
}

// The library's cancel hook (should_stop) for Ctrl-C in Python: at most every 50 ms it takes the
// GIL and runs PyErr_CheckSignals, which runs Python's signal handlers (SIGINT: KeyboardInterrupt)
// in the main thread; once one raised, the hook says stop for good, the library returns
// kCancelled and Raise re-raises the pending exception. Other threads (check's step 2) only read
// the flag.
std::function<bool()> PythonCancelHook() {
  struct State {
    std::atomic<bool> stop{false};
    std::atomic<std::int64_t> next_check{0};  // steady-clock nanoseconds
  };
  auto state = std::make_shared<State>();
  return [state] {
    if (state->stop.load()) return true;
    const std::int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                 std::chrono::steady_clock::now().time_since_epoch())
                                 .count();
    std::int64_t next = state->next_check.load();
    if (now < next || !state->next_check.compare_exchange_strong(next, now + 50'000'000))
      return false;
    py::gil_scoped_acquire acquire;
    if (PyErr_CheckSignals() != 0) state->stop.store(true);  // the exception stays pending
    return state->stop.load();
  };
}

py::array_t<double> Array(const double* data, std::size_t size) {
  return py::array_t<double>(static_cast<py::ssize_t>(size), data);
}
py::array_t<double> Array(const std::vector<double>& values) {
  return Array(values.data(), values.size());
}
py::array_t<double> Array(const Eigen::VectorXd& values) {
  return Array(values.data(), static_cast<std::size_t>(values.size()));
}
// An Eigen (column-major) matrix as a rows × columns array (one copy).
py::array_t<double> Array(const Eigen::MatrixXd& matrix) {
  const auto rows = static_cast<py::ssize_t>(matrix.rows());
  const auto columns = static_cast<py::ssize_t>(matrix.cols());
  const auto item = static_cast<py::ssize_t>(sizeof(double));
  return py::array_t<double>({rows, columns}, {item, item * rows}, matrix.data());
}
// A flat [k * years + t − 1] table as a k × years array.
py::array_t<double> YearTable(const std::vector<double>& values, int years) {
  const auto columns = static_cast<py::ssize_t>(years);
  const auto rows = columns == 0 ? 0 : static_cast<py::ssize_t>(values.size()) / columns;
  py::array_t<double> out({rows, columns});
  std::copy(values.begin(), values.begin() + rows * columns, out.mutable_data());
  return out;
}

std::vector<double> Vector(
    const py::array_t<double, py::array::c_style | py::array::forcecast>& a) {
  return std::vector<double>(a.data(), a.data() + a.size());
}

// A CSC matrix from its buffers (int64 indices, as the Python side passes them), copied once.
SparseMatrix CscFromBuffers(
    Index rows, Index columns,
    const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& column_starts,
    const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& row_indices,
    const py::array_t<double, py::array::c_style | py::array::forcecast>& values) {
  if (column_starts.size() != columns + 1)
    throw py::value_error("indptr must have columns + 1 entries");
  const std::int64_t* starts = column_starts.data();
  const std::int64_t* indices = row_indices.data();
  if (starts[0] != 0) throw py::value_error("indptr must start at 0");
  for (Index j = 0; j < columns; ++j) {
    if (starts[j] > starts[j + 1]) throw py::value_error("indptr must not decrease");
  }
  const Index nonzeros = starts[columns];
  if (row_indices.size() < nonzeros || values.size() < nonzeros) {
    throw py::value_error("indices and data must have indptr[-1] entries");
  }
  // Rows ascending within each column (the canonical CSC form Eigen and the solvers assume).
  for (Index j = 0; j < columns; ++j) {
    for (Index k = starts[j]; k < starts[j + 1]; ++k) {
      if (indices[k] < 0 || indices[k] >= rows)
        throw py::value_error("a row index is outside the matrix");
      if (k > starts[j] && indices[k] <= indices[k - 1])
        throw py::value_error("row indices must ascend within each column, without duplicates");
    }
  }
  const Eigen::Map<const SparseMatrix> map(rows, columns, nonzeros, column_starts.data(),
                                           row_indices.data(), values.data());
  return SparseMatrix(map);
}

// ---- Models ------------------------------------------------------------------------------------
struct ModelHandle {
  std::shared_ptr<const Model> model;
};

std::vector<std::string> Ids(const auto& items) {
  std::vector<std::string> ids;
  ids.reserve(items.size());
  for (const auto& item : items) ids.push_back(item.id);
  return ids;
}

ModelHandle LoadModelHandle(const std::string& folder, int horizon) {
  LoadOptions options;
  options.horizon_override = horizon;
  Result<Model> model = Status::Ok();
  {
    py::gil_scoped_release release;
    model = LoadModel(folder, options);
  }
  return ModelHandle{std::make_shared<const Model>(Take(std::move(model)))};
}

// ---- Plans -------------------------------------------------------------------------------------
struct PlanResult {
  std::shared_ptr<const Model> model;
  Plan plan;
};

// A PlanningSession (include/gosplan/planning_session.h): the plan kept warm for what-if edits.
struct SessionHandle {
  std::shared_ptr<PlanningSession> session;
};

SessionHandle StartSessionHandle(const ModelHandle& handle,
                                 std::optional<bool> quotas_as_constraints) {
  PlanOptions options;
  if (quotas_as_constraints) options.quotas_as_constraints = *quotas_as_constraints ? 1 : 0;
  Result<std::unique_ptr<PlanningSession>> started = Status::Ok();
  {
    py::gil_scoped_release release;
    started = PlanningSession::Start(*handle.model, options);
  }
  return SessionHandle{std::shared_ptr<PlanningSession>(Take(std::move(started)).release())};
}

// apply(kind, id, value, detail="", year=None, region=""): year is a calendar year; value None =
// no limit; region: a construction site's region on a regional model (docs/what-if.md).
void ApplyEdit(SessionHandle& handle, const std::string& kind, const std::string& id,
               std::optional<double> value, const std::string& detail, std::optional<int> year,
               const std::string& region) {
  const auto parsed = ParsePlanEditKind(kind);
  if (!parsed) {
    Raise(Status::InvalidArgument(
        "PlanEdit", "kind '" + kind +
                        "' is not one of quota, resource_availability, final_demand_floor, "
                        "enterprise_capacity, construction_site"));
  }
  PlanEdit edit;
  edit.kind = *parsed;
  edit.id = id;
  edit.detail = detail;
  edit.year = year ? *year - handle.session->model().settings.base_year : 0;
  edit.value = value ? *value : kUnbounded;
  edit.region = region;
  if (Status applied = handle.session->Apply(edit); !applied.ok()) Raise(applied);
}

PlanResult SolvePlanHandle(const ModelHandle& handle, const std::optional<std::string>& objective,
                           const std::optional<std::string>& solver, const std::string& algorithm,
                           double time_limit, double tolerance, bool polish,
                           std::optional<bool> quotas_as_constraints,
                           const std::string& price_numeraire,
                           const std::optional<std::string>& out, bool overwrite,
                           double fulfilment_floor,
                           const std::map<std::string, double>& group_floors,
                           const py::object& progress) {
  PlanOptions options;
  // Floors (docs/planning-model.md): checked by SolvePlan (PlanOptions::IsValid, unknown groups).
  options.fulfilment_floor = fulfilment_floor;
  options.group_floors.assign(group_floors.begin(), group_floors.end());
  options.log = PythonLog(progress);
  options.solver.log = PythonLog(progress);
  options.solver.should_stop = PythonCancelHook();  // Ctrl-C: KeyboardInterrupt
  options.pdlp.should_stop = options.solver.should_stop;
  if (objective) {
    const auto kind = ParseObjectiveKind(*objective);
    if (!kind) {
      throw py::value_error(
          "objective must be plan_ray, min_resources, priority_output, harmony or maxmin, not " +
          *objective);
    }
    options.use_model_objective = false;
    options.objective = *kind;
  }
  if (solver) {
    options.solver_kind = ParseSolverKind(*solver);
    if (!options.solver_kind)
      throw py::value_error("solver must be clp, pdlp or auto, not " + *solver);
  }
  const auto parsed_algorithm = ParseLpAlgorithm(algorithm);
  if (!parsed_algorithm) {
    throw py::value_error("algorithm must be dual, primal, barrier or idiot, not " + algorithm);
  }
  options.solver.algorithm = *parsed_algorithm;
  options.solver.time_limit_seconds = time_limit;
  options.pdlp.tolerance = tolerance;
  options.polish = polish;
  if (quotas_as_constraints) options.quotas_as_constraints = *quotas_as_constraints ? 1 : 0;
  options.price_numeraire = price_numeraire;
  Result<Plan> plan = Status::Ok();
  Status written;
  {
    py::gil_scoped_release release;
    plan = SolvePlan(*handle.model, options);
    if (plan.ok() && out) written = WritePlanFolder(*handle.model, plan.value(), *out, overwrite);
  }
  PlanResult result{handle.model, Take(std::move(plan))};
  if (!written.ok()) Raise(written);
  return result;
}

// ---- Check -------------------------------------------------------------------------------------
struct CheckResult {
  std::shared_ptr<const Model> model;  // with the quotas checked
  CheckReport report;
};

CheckResult CheckHandle(const ModelHandle& handle, const std::optional<std::string>& quotas,
                        int max_years, double time_limit, double total_time_limit,
                        std::int64_t max_solves, bool earliest_year, bool conflict, bool headroom,
                        const py::object& progress) {
  auto model = std::make_shared<Model>(*handle.model);
  CheckOptions options;
  options.log = PythonLog(progress);
  options.should_stop = PythonCancelHook();  // Ctrl-C: KeyboardInterrupt
  options.max_years = max_years;
  options.time_limit_seconds = time_limit;
  options.total_time_limit_seconds = total_time_limit;
  options.max_solves = max_solves;
  options.earliest_year = earliest_year;
  options.conflict = conflict;
  options.headroom = headroom;
  Result<CheckReport> report = Status::Ok();
  {
    py::gil_scoped_release release;
    if (quotas) {
      auto read = ReadQuotaFile(*model, *quotas);
      if (!read.ok()) {
        report = read.status();
      } else {
        model->quotas = std::move(read.value());
      }
    }
    if (report.ok()) report = CheckQuotas(*model, options);
  }
  return CheckResult{model, Take(std::move(report))};
}

// ---- Growth ------------------------------------------------------------------------------------
struct GrowthHandle {
  GrowthMatrices technology;
  GrowthResult result;
  GrowthReportOptions report;
};

GrowthHandle SolveGrowthHandle(GrowthMatrices technology, GrowthReportOptions report,
                               double tolerance) {
  GrowthOptions options;
  options.tolerance = tolerance;
  Result<GrowthResult> result = Status::Ok();
  {
    py::gil_scoped_release release;
    result = SolveGrowth(technology, options);
  }
  GrowthResult solved = Take(std::move(result));
  return GrowthHandle{std::move(technology), std::move(solved), report};
}

GrowthMatrices MatricesFromArrays(
    const py::array_t<double, py::array::c_style | py::array::forcecast>& inputs,
    const py::array_t<double, py::array::c_style | py::array::forcecast>& outputs,
    std::vector<std::string> activity_names, std::vector<std::string> good_names) {
  if (inputs.ndim() != 2 || outputs.ndim() != 2) {
    throw py::value_error("A and B must be 2-D arrays (activities × goods)");
  }
  if (inputs.shape(0) != outputs.shape(0) || inputs.shape(1) != outputs.shape(1)) {
    throw py::value_error("A and B must have the same shape");
  }
  GrowthMatrices technology;
  technology.activities = inputs.shape(0);
  technology.goods = inputs.shape(1);
  technology.inputs = Vector(inputs);
  technology.outputs = Vector(outputs);
  technology.activity_names = std::move(activity_names);
  technology.good_names = std::move(good_names);
  return technology;
}

// ---- Input-output ------------------------------------------------------------------------------
struct IoTableHandle {
  std::shared_ptr<const IoTable> table;
};

struct IoResult {
  std::shared_ptr<const IoTable> table;
  IoAnalysis analysis;
};

IoTableHandle LoadIoTableHandle(const std::string& path, double balance_tolerance) {
  IoTableOptions options;
  options.balance_tolerance = balance_tolerance;
  Result<IoTable> table = Status::Ok();
  {
    py::gil_scoped_release release;
    table = LoadIoTable(path, options);
  }
  return IoTableHandle{std::make_shared<const IoTable>(Take(std::move(table)))};
}

// A table built from coefficients (as IoTableFromModel builds one): no flows, no total output.
IoTableHandle MakeCoefficientTable(
    Index n, const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& indptr,
    const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& indices,
    const py::array_t<double, py::array::c_style | py::array::forcecast>& data,
    std::vector<std::string> sectors, std::vector<std::string> primary_names,
    const py::array_t<double, py::array::f_style | py::array::forcecast>& primary) {
  if (static_cast<Index>(sectors.size()) != n)
    throw py::value_error("one sector name per column of A");
  const auto rows = static_cast<Index>(primary_names.size());
  if (primary.ndim() != 2 || primary.shape(0) != rows || primary.shape(1) != n) {
    throw py::value_error("primary coefficients must be one vector of length n per name");
  }
  auto table = std::make_shared<IoTable>();
  table->source = "<python>";
  table->sectors = std::move(sectors);
  table->coefficients = CscFromBuffers(n, n, indptr, indices, data);
  table->primary_names = std::move(primary_names);
  table->primary_coefficients = Eigen::Map<const Eigen::MatrixXd>(primary.data(), rows, n);
  table->final_demand = Eigen::MatrixXd::Zero(n, 0);
  return IoTableHandle{table};
}

// The final demand an analysis uses: `demand` (a vector of length n) when given, else the table's
// total final demand. Shared by analyse() and the satellite analysis.
Eigen::VectorXd FinalDemandOrTable(
    const IoTable& table,
    const std::optional<py::array_t<double, py::array::c_style | py::array::forcecast>>& demand) {
  if (!demand) return table.TotalFinalDemand();
  if (demand->ndim() != 1 || demand->size() != table.size()) {
    throw py::value_error("y must be a vector of length n (" + std::to_string(table.size()) + ")");
  }
  return Eigen::Map<const Eigen::VectorXd>(demand->data(), table.size());
}

// IoAnalysisOptions from the Python keywords (method, preconditioner, diagonal_limit, rows).
IoAnalysisOptions AnalysisOptions(const std::string& method, const std::string& preconditioner,
                                  Index diagonal_limit, const std::vector<std::string>& rows) {
  IoAnalysisOptions options;
  if (method == "direct") {
    options.solver.method = LeontiefMethod::kDirect;
  } else if (method == "iterative") {
    options.solver.method = LeontiefMethod::kIterative;
  } else if (method != "auto") {
    throw py::value_error("method must be auto, direct or iterative, not " + method);
  }
  if (preconditioner == "diagonal") {
    options.solver.preconditioner = LeontiefPreconditioner::kDiagonal;
  } else if (preconditioner != "ilut") {
    throw py::value_error("preconditioner must be ilut or diagonal, not " + preconditioner);
  }
  options.diagonal_limit = diagonal_limit;
  options.rows = rows;
  return options;
}

IoResult AnalyseHandle(
    const IoTableHandle& handle,
    const std::optional<py::array_t<double, py::array::c_style | py::array::forcecast>>& demand,
    const std::string& method, const std::string& preconditioner, bool inverse,
    Index diagonal_limit, const std::vector<std::string>& rows) {
  const IoTable& table = *handle.table;
  const Eigen::VectorXd final_demand = FinalDemandOrTable(table, demand);
  IoAnalysisOptions options = AnalysisOptions(method, preconditioner, diagonal_limit, rows);
  options.inverse = inverse;
  Result<IoAnalysis> analysis = Status::Ok();
  {
    py::gil_scoped_release release;
    analysis = AnalyseIoTable(table, final_demand, options);
  }
  return IoResult{handle.table, Take(std::move(analysis))};
}

// ---- Linear programs ---------------------------------------------------------------------------
struct LpResult {
  LinearProgram lp;
  LpSolution solution;
  PdlpSummary summary;
  bool pdlp = false;
  double tolerance = 0.0;
  std::string source;
};

LpResult SolveLpHandle(LinearProgram lp, std::string source, const std::string& solver,
                       double tolerance, double time_limit, std::int64_t iteration_limit,
                       const py::object& progress) {
  const auto kind = ParseSolverKind(solver);
  if (!kind || *kind == SolverKind::kAuto) throw py::value_error("solver must be clp or pdlp");
  LpResult result;
  result.source = std::move(source);
  result.pdlp = *kind == SolverKind::kPdlp;
  result.tolerance = tolerance;
  Result<LpSolution> solved = Status::Ok();
  {
    py::gil_scoped_release release;
    if (result.pdlp) {
      PdlpOptions options;
      options.tolerance = tolerance;
      options.iteration_limit = iteration_limit;
      options.time_limit_seconds = time_limit;
      options.should_stop = PythonCancelHook();  // Ctrl-C: KeyboardInterrupt
      if (!progress.is_none()) {
        // One dict per termination check (the numbers of `gosplan lp --verbose`).
        PyObject* callable = progress.ptr();
        options.progress = [callable](const PdlpProgress& p) {
          py::gil_scoped_acquire acquire;
          try {
            py::handle{callable}(py::dict(
                "iteration"_a = p.iteration, "seconds"_a = p.seconds,
                "primal_objective"_a = p.primal_objective, "dual_objective"_a = p.dual_objective,
                "relative_primal_residual"_a = p.relative_primal_residual,
                "relative_dual_residual"_a = p.relative_dual_residual,
                "relative_gap"_a = p.relative_gap, "restarts"_a = p.restarts));
          } catch (py::error_already_set& error) {
            error.discard_as_unraisable("gosplan progress callback");
          }
        };
      }
      solved = SolveWithPdlp(lp, options, &result.summary);
    } else {
      LpSolveOptions options;
      options.time_limit_seconds = time_limit;
      options.iteration_limit = iteration_limit;
      options.log = PythonLog(progress);
      options.should_stop = PythonCancelHook();  // Ctrl-C: KeyboardInterrupt
      solved = SolveWithClp(lp, options);
      if (solved.ok()) ComputeRelativeMeasures(lp, &solved.value());
    }
  }
  result.solution = Take(std::move(solved));
  result.lp = std::move(lp);
  return result;
}

std::string LpDocument(const LpResult& result) {
  LpReportOptions report;
  report.source = result.source;
  if (result.pdlp) {
    report.pdlp = &result.summary;
    report.pdlp_tolerance = result.tolerance;
  }
  return LpJson(result.lp, result.solution, report);
}

using IndexArray = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;
using DoubleArray = py::array_t<double, py::array::c_style | py::array::forcecast>;

// ---- Models from tables, model.write, satellites and the planning loop -------------------------
// (docs/python.md). Kept in this one block, registered by RegisterModelTablesLoopAndSatellites.

// One model table written from Python's text cells (python/gosplan/__init__.py converts a
// DataFrame column by column) through the library's CSV writer, which quotes exactly where the
// loader would otherwise split, trim or skip a field. Returns the 1-based line on which each row
// starts (a quoted cell may hold line breaks), so that a located error maps back to its row.
std::vector<std::int64_t> WriteTextTable(const std::string& path,
                                         const std::vector<std::string>& header,
                                         const std::vector<std::vector<std::string>>& columns) {
  if (columns.size() != header.size()) throw py::value_error("one column of cells per header name");
  const std::size_t rows = columns.empty() ? 0 : columns.front().size();
  for (const auto& column : columns) {
    if (column.size() != rows) throw py::value_error("every column must have as many cells");
  }
  std::string out;
  util::CsvWriter csv(out);
  for (const std::string& name : header) csv.Text(name);
  csv.EndRow();
  std::int64_t line = 1 + std::count(out.begin(), out.end(), '\n');
  std::vector<std::int64_t> lines;
  lines.reserve(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    lines.push_back(line);
    const std::size_t start = out.size();
    for (const auto& column : columns) csv.Text(column[r]);
    csv.EndRow();
    line += std::count(out.begin() + static_cast<std::ptrdiff_t>(start), out.end(), '\n');
  }
  Status written = util::WriteFileAtomically(path, out);
  if (!written.ok()) Raise(written);
  return lines;
}

// A model folder staged from tables (a temporary folder the Python side removes), loaded by the
// library's own loader; the model is then in memory only (Model::folder empty).
ModelHandle LoadStagedModel(const std::string& folder) {
  Result<Model> model = Status::Ok();
  {
    py::gil_scoped_release release;
    model = LoadModel(folder);
  }
  Model loaded = Take(std::move(model));
  loaded.folder.clear();
  return ModelHandle{std::make_shared<const Model>(std::move(loaded))};
}

// ---- Plan folders read back --------------------------------------------------------------------
// A plan folder with the model it was made from, as `gosplan track/compare/explain/replan` read
// them (LoadModelAndPlan: the model at the plan's horizon, no cache).
PlanResult ReadPlanHandle(const std::string& model_folder, const std::string& plan_folder) {
  Result<ModelAndPlan> loaded = Status::Ok();
  {
    py::gil_scoped_release release;
    loaded = LoadModelAndPlan(model_folder, plan_folder);
  }
  ModelAndPlan both = Take(std::move(loaded));
  return PlanResult{std::make_shared<const Model>(std::move(both.model)), std::move(both.plan)};
}

// A plan folder read against a model already in memory (a model built from tables).
PlanResult ReadPlanAgainst(const ModelHandle& handle, const std::string& plan_folder) {
  Result<Plan> plan = Status::Ok();
  {
    py::gil_scoped_release release;
    plan = ReadPlanFolder(*handle.model, plan_folder);
  }
  return PlanResult{handle.model, Take(std::move(plan))};
}

// The commands refuse a plan folder without a plan in one sentence; so do these functions.
void RequirePlan(const PlanResult& plan, const std::string& what) {
  if (HasPlan(plan.plan.status)) return;
  throw py::value_error("the plan has status '" + std::string(ToString(plan.plan.status)) +
                        "' and holds no plan " + what);
}

// An actuals batch: None (the model's own actuals table) or a file in actuals.csv's layout.
std::vector<Actual> ActualsOf(const Model& model, const std::optional<std::string>& path) {
  if (!path) return model.actuals;
  Result<std::vector<Actual>> read = Status::Ok();
  {
    py::gil_scoped_release release;
    read = ReadActualsFile(model, *path);
  }
  return Take(std::move(read));
}

// ---- Track
// ---------------------------------------------------------------------------------------
struct TrackResult {
  std::shared_ptr<const Model> model;
  TrackReport report;
};

TrackResult TrackHandle(const PlanResult& plan, const std::optional<std::string>& actuals) {
  RequirePlan(plan, "targets to track");
  std::vector<Actual> batch = ActualsOf(*plan.model, actuals);
  Result<TrackReport> report = Status::Ok();
  {
    py::gil_scoped_release release;
    report = TrackFulfilment(*plan.model, plan.plan, batch);
  }
  return TrackResult{plan.model, Take(std::move(report))};
}

// ---- Compare
// -------------------------------------------------------------------------------------
CompareReport CompareHandles(const PlanResult& a, const PlanResult& b, double tolerance) {
  if (a.model->horizon() != b.model->horizon()) {
    throw py::value_error("the plans have " + std::to_string(a.model->horizon()) + " and " +
                          std::to_string(b.model->horizon()) + " plan years");
  }
  RequirePlan(a, "to compare (plan A)");
  RequirePlan(b, "to compare (plan B)");
  CompareOptions options;
  options.tolerance = tolerance;
  Result<CompareReport> report = Status::Ok();
  {
    py::gil_scoped_release release;
    report = ComparePlans(*a.model, a.plan, b.plan, options);
  }
  return Take(std::move(report));
}

// ---- Explain
// -------------------------------------------------------------------------------------
struct ExplainResult {
  std::shared_ptr<const Model> model;
  ExplainReport report;
};

ExplainResult ExplainHandle(const PlanResult& plan, const std::string& subject,
                            const std::string& id, int year, std::size_t top,
                            const std::string& region) {
  ExplainOptions options;
  if (subject == "product") {
    options.subject = ExplainSubject::kProduct;
  } else if (subject == "enterprise") {
    options.subject = ExplainSubject::kEnterprise;
  } else if (subject == "technique") {
    options.subject = ExplainSubject::kTechnique;
  } else {
    throw py::value_error("subject must be product, enterprise or technique, not " + subject);
  }
  options.id = id;
  options.year = year;
  options.top_users = top;
  options.region = region;
  RequirePlan(plan, "to explain");
  Result<ExplainReport> report = Status::Ok();
  {
    py::gil_scoped_release release;
    report = ExplainPlan(*plan.model, plan.plan, options);
  }
  return ExplainResult{plan.model, Take(std::move(report))};
}

// ---- Replan
// --------------------------------------------------------------------------------------
struct ReplanHandleResult {
  std::shared_ptr<const Model> old_model;
  std::shared_ptr<ReplanResult> result;  // result->model: the re-planned model
};

ReplanHandleResult ReplanHandle(
    const PlanResult& plan, const std::optional<std::string>& actuals, int from_year, int freeze,
    int extend, std::vector<std::string> abandon, const std::optional<std::string>& objective,
    const std::optional<std::string>& solver, double time_limit, double tolerance, bool polish,
    const std::optional<std::string>& out, bool overwrite, const py::object& progress) {
  ReplanOptions options;
  options.from_year = from_year;
  options.freeze_years = freeze;
  options.extend_years = extend;
  options.abandon = std::move(abandon);
  PlanOptions& plan_options = options.plan;
  plan_options.log = PythonLog(progress);
  plan_options.solver.log = PythonLog(progress);
  if (objective) {
    const auto kind = ParseObjectiveKind(*objective);
    if (!kind) {
      throw py::value_error(
          "objective must be plan_ray, min_resources, priority_output, harmony or maxmin, not " +
          *objective);
    }
    plan_options.use_model_objective = false;
    plan_options.objective = *kind;
  }
  if (solver) {
    plan_options.solver_kind = ParseSolverKind(*solver);
    if (!plan_options.solver_kind)
      throw py::value_error("solver must be clp, pdlp or auto, not " + *solver);
  }
  plan_options.solver.time_limit_seconds = time_limit;
  plan_options.pdlp.tolerance = tolerance;
  plan_options.polish = polish;
  std::vector<Actual> batch = ActualsOf(*plan.model, actuals);
  Result<ReplanResult> replanned = Status::Ok();
  Status written;
  {
    py::gil_scoped_release release;
    replanned = Replan(*plan.model, plan.plan, batch, options);
    if (replanned.ok() && out)
      written = WriteReplanFolder(*plan.model, replanned.value(), *out, overwrite);
  }
  auto result = std::make_shared<ReplanResult>(Take(std::move(replanned)));
  if (!written.ok()) Raise(written);
  // As `gosplan replan --out`: the documents name the re-planned model under OUT/model.
  result->model.folder = out ? *out + "/model" : std::string();
  return ReplanHandleResult{plan.model, std::move(result)};
}

// ---- Satellites and footprints
// -------------------------------------------------------------------
struct IoExtendedResult {
  std::shared_ptr<const IoTable> table;
  ExtendedAnalysis analysis;
};

IoExtendedResult AnalyseExtendedHandle(
    const IoTableHandle& handle, const std::optional<DoubleArray>& demand,
    const std::string& method, const std::string& preconditioner, Index diagonal_limit,
    const std::vector<std::string>& rows, std::vector<std::string> stressors,
    const py::array_t<double, py::array::f_style | py::array::forcecast>& values,
    const std::optional<py::array_t<double, py::array::f_style | py::array::forcecast>>&
        final_demand_values,
    bool footprints, bool footprints_detail, bool linkages) {
  const IoTable& table = *handle.table;
  const Index n = table.size();
  const auto count = static_cast<Index>(stressors.size());
  if (values.ndim() != 2 || values.shape(0) != count || values.shape(1) != n) {
    throw py::value_error("satellite: one row of " + std::to_string(n) +
                          " values (one per sector) per stressor");
  }
  const auto final_columns = static_cast<Index>(table.final_demand_names.size());
  if (final_demand_values &&
      (final_demand_values->ndim() != 2 || final_demand_values->shape(0) != count ||
       final_demand_values->shape(1) != final_columns)) {
    throw py::value_error("satellite_final_demand: one row of " + std::to_string(final_columns) +
                          " values (one per final-demand column) per stressor");
  }
  // The checks LoadSatellite makes of a file's rows: names unique, not a primary row, numbers
  // finite.
  for (Index k = 0; k < count; ++k) {
    const std::string& name = stressors[static_cast<std::size_t>(k)];
    if (name.empty()) throw py::value_error("satellite: a stressor name is empty");
    if (std::find(stressors.begin(), stressors.begin() + k, name) != stressors.begin() + k)
      throw py::value_error("satellite: stressor '" + name + "' is given twice");
    if (std::find(table.primary_names.begin(), table.primary_names.end(), name) !=
        table.primary_names.end())
      throw py::value_error("satellite: stressor '" + name + "' is a primary row of the table");
  }
  Satellite satellite;
  satellite.source = "<python satellite>";
  satellite.stressors = std::move(stressors);
  satellite.values = Eigen::Map<const Eigen::MatrixXd>(values.data(), count, n);
  satellite.final_demand = Eigen::MatrixXd::Zero(count, final_columns);
  if (final_demand_values) {
    satellite.final_demand =
        Eigen::Map<const Eigen::MatrixXd>(final_demand_values->data(), count, final_columns);
  }
  if (!satellite.values.allFinite() || !satellite.final_demand.allFinite())
    throw py::value_error("satellite: every value must be a finite number");

  const Eigen::VectorXd final_demand = FinalDemandOrTable(table, demand);
  const IoAnalysisOptions options = AnalysisOptions(method, preconditioner, diagonal_limit, rows);
  ExtendedOptions extended;
  extended.footprints = footprints || footprints_detail;
  extended.footprints_detail = footprints_detail;
  extended.linkages = linkages;
  std::optional<RegionMap> regions;
  if (extended.footprints) regions = Take(RegionsFromLabels(table));
  Result<ExtendedAnalysis> analysis = Status::Ok();
  {
    py::gil_scoped_release release;
    analysis = AnalyseExtended(table, final_demand, &satellite, regions ? &*regions : nullptr,
                               options, extended);
  }
  return IoExtendedResult{handle.table, Take(std::move(analysis))};
}

void RegisterModelTablesLoopAndSatellites(py::module_& m) {
  // Models from tables, and written as folders.
  m.def("_write_text_table", &WriteTextTable, "path"_a, "header"_a, "columns"_a);
  m.def("_load_staged_model", &LoadStagedModel, "folder"_a);
  m.def(
      "_write_model",
      [](const ModelHandle& handle, const std::string& folder, bool overwrite) {
        Status written;
        {
          py::gil_scoped_release release;
          written = WriteModelFolder(*handle.model, folder, overwrite);
        }
        if (!written.ok()) Raise(written);
      },
      "model"_a, "folder"_a, "overwrite"_a);

  // Plan folders read back.
  m.def("_read_plan", &ReadPlanHandle, "model_folder"_a, "plan_folder"_a);
  m.def("_read_plan_against", &ReadPlanAgainst, "model"_a, "plan_folder"_a);

  // Track.
  py::class_<TrackResult>(m, "TrackResult", "A plan's fulfilment by reported output (TrackJson)")
      .def_property_readonly("impossible_count",
                             [](const TrackResult& r) { return r.report.impossible.size(); })
      .def_property_readonly("rows", [](const TrackResult& r) { return r.report.rows.size(); })
      .def_property_readonly("actuals", [](const TrackResult& r) { return r.report.actuals; })
      .def("json", [](const TrackResult& r) { return TrackJson(*r.model, r.report); })
      .def("to_dict", [](const TrackResult& r) { return ParseJson(TrackJson(*r.model, r.report)); })
      .def("text", [](const TrackResult& r) { return TrackTextReport(*r.model, r.report); })
      .def("csv", [](const TrackResult& r) { return TrackCsv(*r.model, r.report); })
      .def("__repr__", [](const TrackResult& r) {
        return "<gosplan.TrackResult " + std::to_string(r.report.rows.size()) + " rows, " +
               std::to_string(r.report.impossible.size()) + " impossible reports>";
      });
  m.def("_track", &TrackHandle, "plan"_a, "actuals"_a);

  // Compare.
  py::class_<CompareReport>(m, "CompareResult", "Two plans of one model side by side (CompareJson)")
      .def_readonly("status_a", &CompareReport::status_a)
      .def_readonly("status_b", &CompareReport::status_b)
      .def_readonly("objective_value_a", &CompareReport::objective_value_a)
      .def_readonly("objective_value_b", &CompareReport::objective_value_b)
      .def_property_readonly("difference_count",
                             [](const CompareReport& r) { return r.differences.size(); })
      .def("json", [](const CompareReport& r) { return CompareJson(r); })
      .def("to_dict", [](const CompareReport& r) { return ParseJson(CompareJson(r)); })
      .def("text", [](const CompareReport& r) { return CompareTextReport(r); })
      .def("csv", [](const CompareReport& r) { return CompareCsv(r); })
      .def("__repr__", [](const CompareReport& r) {
        return "<gosplan.CompareResult " + std::to_string(r.differences.size()) + " differences>";
      });
  m.def("_compare", &CompareHandles, "plan_a"_a, "plan_b"_a, "tolerance"_a);

  // Explain.
  py::class_<ExplainResult>(m, "ExplainResult",
                            "A plan explained from its own prices (ExplainJson)")
      .def_property_readonly(
          "subject", [](const ExplainResult& r) { return std::string(ToString(r.report.subject)); })
      .def("json", [](const ExplainResult& r) { return ExplainJson(*r.model, r.report); })
      .def("to_dict",
           [](const ExplainResult& r) { return ParseJson(ExplainJson(*r.model, r.report)); })
      .def("text", [](const ExplainResult& r) { return ExplainText(*r.model, r.report); })
      .def("csv", [](const ExplainResult& r) { return ExplainCsv(*r.model, r.report); });
  m.def("_explain", &ExplainHandle, "plan"_a, "subject"_a, "id"_a, "year"_a, "top"_a,
        "region"_a = std::string());

  // Replan.
  py::class_<ReplanHandleResult>(m, "ReplanResult", "A re-plan from the actual state (ReplanJson)")
      .def_property_readonly(
          "status",
          [](const ReplanHandleResult& r) { return std::string(ToString(r.result->plan.status)); })
      .def_property_readonly("plan",
                             [](const ReplanHandleResult& r) {
                               auto model =
                                   std::shared_ptr<const Model>(r.result, &r.result->model);
                               return PlanResult{model, r.result->plan};
                             })
      .def_property_readonly(
          "model",
          [](const ReplanHandleResult& r) {
            return ModelHandle{std::shared_ptr<const Model>(r.result, &r.result->model)};
          })
      .def_property_readonly("released",
                             [](const ReplanHandleResult& r) { return r.result->released.size(); })
      .def("json", [](const ReplanHandleResult& r) { return ReplanJson(*r.old_model, *r.result); })
      .def("to_dict",
           [](const ReplanHandleResult& r) {
             return ParseJson(ReplanJson(*r.old_model, *r.result));
           })
      .def("text",
           [](const ReplanHandleResult& r) { return ReplanTextReport(*r.old_model, *r.result); })
      .def("__repr__", [](const ReplanHandleResult& r) {
        return "<gosplan.ReplanResult " + std::string(ToString(r.result->plan.status)) + ">";
      });
  m.def("_replan", &ReplanHandle, "plan"_a, "actuals"_a, "from_year"_a, "freeze"_a, "extend"_a,
        "abandon"_a, "objective"_a, "solver"_a, "time_limit"_a, "tolerance"_a, "polish"_a, "out"_a,
        "overwrite"_a, "progress"_a = py::none());

  // Satellites and footprints.
  py::class_<IoExtendedResult>(
      m, "IoExtendedResult",
      "A Leontief analysis with satellite stressors and regional footprints (ExtendedJson)")
      .def_property_readonly("sectors", [](const IoExtendedResult& r) { return r.table->sectors; })
      .def_property_readonly(
          "x", [](const IoExtendedResult& r) { return Array(r.analysis.base.total_output); })
      .def_property_readonly(
          "y", [](const IoExtendedResult& r) { return Array(r.analysis.base.final_demand); })
      .def_property_readonly(
          "output_multipliers",
          [](const IoExtendedResult& r) { return Array(r.analysis.base.output_multipliers); })
      .def_property_readonly(
          "multiplier_names",
          [](const IoExtendedResult& r) { return r.analysis.base.multiplier_names; })
      .def_property_readonly(
          "multipliers",
          [](const IoExtendedResult& r) { return Array(r.analysis.base.multipliers); })
      .def_property_readonly(
          "leontief_diagonal",
          [](const IoExtendedResult& r) { return Array(r.analysis.base.leontief_diagonal); })
      .def_property_readonly("residual",
                             [](const IoExtendedResult& r) { return r.analysis.residual; })
      .def_property_readonly("solver",
                             [](const IoExtendedResult& r) { return r.analysis.factorisation; })
      .def_property_readonly("stressors",
                             [](const IoExtendedResult& r) { return r.analysis.stressors; })
      .def_property_readonly(
          "stressor_coefficients",
          [](const IoExtendedResult& r) { return Array(r.analysis.stressor_coefficients); })
      .def_property_readonly(
          "stressor_multipliers",
          [](const IoExtendedResult& r) { return Array(r.analysis.stressor_multipliers); })
      .def_property_readonly("regions",
                             [](const IoExtendedResult& r) -> py::object {
                               if (!r.analysis.regions) return py::none();
                               return py::cast(r.analysis.regions->regions);
                             })
      // {"production": K × R, "consumption", "imports", "exports", "identity_residual"}; None
      // without footprints.
      .def_property_readonly("_accounts",
                             [](const IoExtendedResult& r) -> py::object {
                               if (!r.analysis.accounts) return py::none();
                               const RegionalAccounts& a = *r.analysis.accounts;
                               return py::dict("production"_a = Array(a.production),
                                               "consumption"_a = Array(a.consumption),
                                               "imports"_a = Array(a.imports),
                                               "exports"_a = Array(a.exports),
                                               "identity_residual"_a = Array(a.identity_residual),
                                               "identity_holds"_a = a.identity_holds());
                             })
      .def_property_readonly("forward_linkages",
                             [](const IoExtendedResult& r) -> py::object {
                               if (!r.analysis.forward) return py::none();
                               return Array(r.analysis.forward->forward_linkages);
                             })
      .def_property_readonly("backward_linkages",
                             [](const IoExtendedResult& r) -> py::object {
                               if (!r.analysis.forward) return py::none();
                               return Array(r.analysis.forward->backward_linkages);
                             })
      .def("json", [](const IoExtendedResult& r) { return ExtendedJson(*r.table, r.analysis); })
      .def("to_dict",
           [](const IoExtendedResult& r) { return ParseJson(ExtendedJson(*r.table, r.analysis)); })
      .def("text",
           [](const IoExtendedResult& r) { return ExtendedTextReport(*r.table, r.analysis); })
      .def("footprints_csv", [](const IoExtendedResult& r) { return FootprintsCsv(r.analysis); });
  m.def("_io_extended", &AnalyseExtendedHandle, "table"_a, "y"_a, "method"_a, "preconditioner"_a,
        "diagonal_limit"_a, "rows"_a, "stressors"_a, "values"_a, "final_demand_values"_a,
        "footprints"_a, "footprints_detail"_a, "linkages"_a);
}

// ---- Large Leontief systems: the Neumann-Anderson iteration on the caller's CSC buffers ---------
// One copy of A (int32 row indices, double values: the 12 bytes per non-zero scipy itself holds;
// the column offsets as int64), no I - A, no transpose, no preconditioner: the iteration's own
// workspace is a few vectors per system (gosplan/leontief.h). The GIL is released during the solve;
// Ctrl-C raises KeyboardInterrupt at the next pass.
py::dict LeontiefLarge(
    Index n, const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& indptr,
    const py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>& indices,
    const py::array_t<double, py::array::c_style | py::array::forcecast>& data,
    const std::optional<py::array_t<double, py::array::c_style | py::array::forcecast>>& demand,
    const std::vector<py::array_t<double, py::array::c_style | py::array::forcecast>>& rhs,
    double tolerance, Index max_iterations, int history, int threads, bool gauss_seidel) {
  if (indptr.ndim() != 1 || indptr.size() != n + 1)
    throw py::value_error("indptr must hold n + 1 column offsets");
  if (indices.size() != data.size()) throw py::value_error("indices and data differ in length");
  CscMatrix a;
  a.rows = a.cols = n;
  a.column_start.assign(indptr.data(), indptr.data() + n + 1);
  if (a.column_start.front() != 0 || a.column_start.back() != data.size())
    throw py::value_error("indptr must run from 0 to the number of non-zeros");
  for (Index j = 0; j < n; ++j) {
    if (a.column_start[j + 1] < a.column_start[j])
      throw py::value_error("indptr must not decrease");
  }
  a.row_index.assign(indices.data(), indices.data() + indices.size());
  for (const std::int32_t row : a.row_index) {
    if (row < 0 || row >= n) throw py::value_error("a row index lies outside 0..n-1");
  }
  a.value.assign(data.data(), data.data() + data.size());
  Eigen::VectorXd y;
  if (demand) {
    if (demand->ndim() != 1 || demand->size() != n)
      throw py::value_error("y must be a vector of length n");
    y = Eigen::Map<const Eigen::VectorXd>(demand->data(), n);
  }
  std::vector<Eigen::VectorXd> transposed;
  for (const auto& c : rhs) {
    if (c.ndim() != 1 || c.size() != n)
      throw py::value_error("every primary vector must have length n");
    transposed.emplace_back(Eigen::Map<const Eigen::VectorXd>(c.data(), n));
  }
  NeumannAndersonOptions options;
  options.tolerance = tolerance;
  options.max_iterations = max_iterations;
  options.history = history;
  options.threads = threads;
  options.gauss_seidel = gauss_seidel;
  options.should_stop = PythonCancelHook();  // Ctrl-C: KeyboardInterrupt
  Result<NeumannAndersonSolution> solved = Status::Ok();
  {
    py::gil_scoped_release release;
    solved = SolveLeontiefNeumannAnderson(a, demand ? &y : nullptr, transposed, options);
  }
  NeumannAndersonSolution solution = Take(std::move(solved));
  auto summary = [](const LeontiefSolveSummary& s) {
    py::dict d;
    d["converged"] = s.converged;
    d["residual"] = s.residual;
    d["iterations"] = s.iterations;
    d["message"] = s.message;
    return d;
  };
  py::dict out;
  out["x"] = demand ? py::object(Array(solution.total_output)) : py::object(py::none());
  out["x_summary"] =
      demand ? py::object(summary(solution.total_output_summary)) : py::object(py::none());
  py::list multipliers, summaries;
  for (std::size_t k = 0; k < solution.multipliers.size(); ++k) {
    multipliers.append(Array(solution.multipliers[k]));
    summaries.append(summary(solution.multiplier_summaries[k]));
  }
  out["multipliers"] = multipliers;
  out["multiplier_summaries"] = summaries;
  out["matrix_passes"] = solution.matrix_passes;
  out["spectral_radius_bound"] = solution.spectral_radius_bound;
  out["workspace_bytes"] = solution.workspace_bytes;
  out["matrix_bytes"] = a.bytes();
  return out;
}

}  // namespace
}  // namespace gosplan::python

PYBIND11_MODULE(_gosplan, m) {
  using namespace gosplan;
  using namespace gosplan::python;
  m.doc() = "gosplan's engine (the library itself); use the `gosplan` package (docs/python.md)";
  m.attr("__version__") = kVersion;

  py::register_exception_translator([](std::exception_ptr pointer) {
    try {
      if (pointer) std::rethrow_exception(pointer);
    } catch (const InputErrorStatus& error) {
      py::list diagnostics;
      for (const Diagnostic& d : error.status.diagnostics().list()) {
        diagnostics.append(py::dict("file"_a = d.file, "line"_a = d.line, "column"_a = d.column,
                                    "message"_a = d.message, "expected"_a = d.expected));
      }
      py::object type = py::module_::import("gosplan").attr("InputError");
      py::object exception = type(error.status.ToString(), diagnostics);
      PyErr_SetObject(type.ptr(), exception.ptr());
    }
  });

  // Models.
  py::class_<ModelHandle>(m, "Model", "A model folder as loaded and checked by the library")
      .def_property_readonly("folder", [](const ModelHandle& h) { return h.model->folder; })
      .def_property_readonly("name", [](const ModelHandle& h) { return h.model->settings.name; })
      .def_property_readonly("base_year",
                             [](const ModelHandle& h) { return h.model->settings.base_year; })
      .def_property_readonly("horizon", [](const ModelHandle& h) { return h.model->horizon(); })
      .def_property_readonly(
          "objective",
          [](const ModelHandle& h) { return std::string(ToString(h.model->settings.objective)); })
      .def_property_readonly("products",
                             [](const ModelHandle& h) { return Ids(h.model->products); })
      .def_property_readonly("resources",
                             [](const ModelHandle& h) { return Ids(h.model->resources); })
      .def_property_readonly("techniques",
                             [](const ModelHandle& h) { return Ids(h.model->techniques); })
      .def_property_readonly("resource_availability",
                             [](const ModelHandle& h) {
                               return YearTable(h.model->resource_availability, h.model->horizon());
                             })
      // (technique, item, value) arrays of one coefficient table: "inputs", "outputs" (items are
      // products) or "resource_use" (items are resources); gosplan.Model.inputs etc. build the
      // scipy.sparse matrices from them.
      .def("_coefficients",
           [](const ModelHandle& h, const std::string& table) {
             const std::vector<Coefficient>* list = nullptr;
             if (table == "inputs") list = &h.model->inputs;
             if (table == "outputs") list = &h.model->outputs;
             if (table == "resource_use") list = &h.model->resource_use;
             if (list == nullptr) {
               throw py::value_error("table must be inputs, outputs or resource_use, not " + table);
             }
             const auto size = static_cast<py::ssize_t>(list->size());
             py::array_t<std::int64_t> techniques(size);
             py::array_t<std::int64_t> items(size);
             py::array_t<double> values(size);
             for (py::ssize_t k = 0; k < size; ++k) {
               const Coefficient& c = (*list)[static_cast<std::size_t>(k)];
               techniques.mutable_at(k) = c.technique;
               items.mutable_at(k) = c.item;
               values.mutable_at(k) = c.value;
             }
             return py::make_tuple(techniques, items, values);
           })
      .def_property_readonly(
          "_product_records",
          [](const ModelHandle& h) {
            py::list records;
            for (const Product& p : h.model->products) {
              records.append(py::dict("id"_a = p.id, "name"_a = p.name, "unit"_a = p.unit,
                                      "group"_a = ToString(p.group), "storable"_a = p.storable,
                                      "storage_loss"_a = p.storage_loss,
                                      "initial_stock"_a = p.initial_stock,
                                      "priority_weight"_a = p.priority_weight));
            }
            return records;
          })
      .def_property_readonly("_resource_records",
                             [](const ModelHandle& h) {
                               py::list records;
                               for (const Resource& r : h.model->resources) {
                                 records.append(py::dict("id"_a = r.id, "name"_a = r.name,
                                                         "unit"_a = r.unit, "weight"_a = r.weight));
                               }
                               return records;
                             })
      .def("json", [](const ModelHandle& h) { return ModelJson(*h.model); })
      .def("to_dict", [](const ModelHandle& h) { return ParseJson(ModelJson(*h.model)); })
      .def("__repr__", [](const ModelHandle& h) {
        return "<gosplan.Model '" + h.model->settings.name +
               "': " + std::to_string(h.model->products.size()) + " products, " +
               std::to_string(h.model->techniques.size()) + " techniques, " +
               std::to_string(h.model->horizon()) + " years>";
      });
  m.def("_load_model", &LoadModelHandle, "folder"_a, "horizon"_a = 0);

  // Plans.
  py::class_<SessionHandle>(m, "PlanningSession",
                            "A solved plan kept warm: apply edits, solve again from the last basis")
      .def_property_readonly("base_plan",
                             [](const SessionHandle& h) {
                               return PlanResult{
                                   std::make_shared<const Model>(h.session->base_model()),
                                   h.session->base_plan()};
                             })
      .def("apply", &ApplyEdit, "kind"_a, "id"_a, "value"_a, "detail"_a = "", "year"_a = py::none(),
           "region"_a = "")
      .def("reset",
           [](SessionHandle& h) {
             if (Status reset = h.session->Reset(); !reset.ok()) Raise(reset);
           })
      .def("solve", [](SessionHandle& h) {
        Result<Plan> solved = Status::Ok();
        {
          py::gil_scoped_release release;
          solved = h.session->Solve();
        }
        return PlanResult{std::make_shared<const Model>(h.session->model()),
                          Take(std::move(solved))};
      });
  m.def("_planning_session", &StartSessionHandle, "model"_a, "quotas_as_constraints"_a);

  py::class_<PlanResult>(m, "PlanResult", "A plan as SolvePlan returns it (summary: PlanJson)")
      .def_property_readonly(
          "status", [](const PlanResult& r) { return std::string(ToString(r.plan.status)); })
      .def_property_readonly("has_plan", [](const PlanResult& r) { return HasPlan(r.plan.status); })
      .def_property_readonly("explanation", [](const PlanResult& r) { return r.plan.explanation; })
      .def_property_readonly("objective", [](const PlanResult& r) { return r.plan.objective; })
      .def_property_readonly(
          "objective_kind",
          [](const PlanResult& r) { return std::string(ToString(r.plan.objective_kind)); })
      .def_property_readonly("fulfilment",
                             [](const PlanResult& r) { return Array(r.plan.fulfilment); })
      .def_property_readonly("group_levels",
                             [](const PlanResult& r) {
                               // {group: level Λ_g} (maxmin or group floors; empty otherwise)
                               py::dict levels;
                               for (const GroupFulfilment& group : r.plan.groups) {
                                 levels[py::str(r.model->final_demand_categories[group.category])] =
                                     group.level;
                               }
                               return levels;
                             })
      .def_property_readonly(
          "product_prices",
          [](const PlanResult& r) { return YearTable(r.plan.product_prices, r.model->horizon()); })
      .def_property_readonly(
          "resource_prices",
          [](const PlanResult& r) { return YearTable(r.plan.resource_prices, r.model->horizon()); })
      .def_property_readonly(
          "resource_use",
          [](const PlanResult& r) { return YearTable(r.plan.resource_use, r.model->horizon()); })
      .def_property_readonly("solver", [](const PlanResult& r) { return r.plan.solver; })
      .def_property_readonly("iterations", [](const PlanResult& r) { return r.plan.iterations; })
      .def_property_readonly("stated_tolerance",
                             [](const PlanResult& r) { return r.plan.stated_tolerance; })
      .def_property_readonly("solve_seconds",
                             [](const PlanResult& r) { return r.plan.solve_seconds; })
      .def_property_readonly("model", [](const PlanResult& r) { return ModelHandle{r.model}; })
      .def("json", [](const PlanResult& r) { return PlanJson(*r.model, r.plan); })
      .def("_table",  // one plan-folder table as CSV text (PlanFolderTable; "" when absent)
           [](const PlanResult& r, const std::string& file) {
             return PlanFolderTable(*r.model, r.plan, file);
           })
      .def("to_dict", [](const PlanResult& r) { return ParseJson(PlanJson(*r.model, r.plan)); })
      .def("text", [](const PlanResult& r) { return PlanTextReport(*r.model, r.plan); })
      .def(
          "write",
          [](const PlanResult& r, const std::string& folder, bool overwrite) {
            Status written;
            {
              py::gil_scoped_release release;
              written = WritePlanFolder(*r.model, r.plan, folder, overwrite);
            }
            if (!written.ok()) Raise(written);
          },
          "folder"_a, "overwrite"_a = false)
      .def("__repr__", [](const PlanResult& r) {
        return "<gosplan.PlanResult " + std::string(ToString(r.plan.status)) + ", objective " +
               std::to_string(r.plan.objective) + ">";
      });
  m.def("_plan", &SolvePlanHandle, "model"_a, "objective"_a, "solver"_a, "algorithm"_a,
        "time_limit"_a, "tolerance"_a, "polish"_a, "quotas_as_constraints"_a, "price_numeraire"_a,
        "out"_a, "overwrite"_a, "fulfilment_floor"_a = 0.0,
        "group_floors"_a = std::map<std::string, double>{}, "progress"_a = py::none());

  // Verify.
  py::class_<VerifyReport>(m, "VerifyResult", "A plan folder checked against its model")
      .def_property_readonly("ok", &VerifyReport::ok)
      .def_readonly("plan_status", &VerifyReport::plan_status)
      .def_readonly("checks", &VerifyReport::checks)
      .def_readonly("violation_count", &VerifyReport::violation_count)
      .def_readonly("max_violation", &VerifyReport::max_violation)
      .def_readonly("tolerance", &VerifyReport::tolerance)
      .def_readonly("duality_gap", &VerifyReport::duality_gap)
      .def_property_readonly("violations",
                             [](const VerifyReport& r) {
                               std::vector<std::string> sentences;
                               for (const Violation& v : r.violations)
                                 sentences.push_back(v.message);
                               return sentences;
                             })
      .def("json", [](const VerifyReport& r) { return VerifyJson(r); })
      .def("to_dict", [](const VerifyReport& r) { return ParseJson(VerifyJson(r)); })
      .def("text", [](const VerifyReport& r) { return VerifyTextReport(r); })
      .def("__repr__", [](const VerifyReport& r) {
        return std::string("<gosplan.VerifyResult ") + (r.ok() ? "verified" : "NOT verified") +
               ", " + std::to_string(r.checks) + " checks>";
      });
  m.def(
      "_verify",
      [](const std::string& model_folder, const std::string& plan_folder,
         std::optional<double> tolerance) {
        VerifyOptions options;
        if (tolerance) options.tolerance = *tolerance;
        Result<VerifyReport> report = Status::Ok();
        {
          py::gil_scoped_release release;
          report = VerifyPlan(model_folder, plan_folder, options);
        }
        return Take(std::move(report));
      },
      "model_folder"_a, "plan_folder"_a, "tolerance"_a = py::none());

  // Check.
  py::class_<CheckResult>(m, "CheckResult", "The diagnosis of a model's quotas (CheckJson)")
      .def_property_readonly("feasible", [](const CheckResult& r) { return r.report.feasible; })
      .def_property_readonly(
          "model_status",
          [](const CheckResult& r) { return std::string(ToString(r.report.model_status)); })
      .def_property_readonly("weighted_shortfall",
                             [](const CheckResult& r) { return r.report.weighted_shortfall; })
      .def_property_readonly("conflict_sentence",
                             [](const CheckResult& r) { return r.report.conflict_sentence; })
      .def_property_readonly("earliest_year",
                             [](const CheckResult& r) { return r.report.earliest_year_all; })
      .def("json", [](const CheckResult& r) { return CheckJson(*r.model, r.report); })
      .def("to_dict", [](const CheckResult& r) { return ParseJson(CheckJson(*r.model, r.report)); })
      .def("text", [](const CheckResult& r) { return CheckTextReport(*r.model, r.report); })
      .def("__repr__", [](const CheckResult& r) {
        return std::string("<gosplan.CheckResult ") +
               (r.report.feasible ? "feasible" : "infeasible") + ">";
      });
  m.def("_check", &CheckHandle, "model"_a, "quotas"_a, "max_years"_a, "time_limit"_a,
        "total_time_limit"_a, "max_solves"_a, "earliest_year"_a, "conflict"_a, "headroom"_a,
        "progress"_a = py::none());

  // Growth.
  py::class_<GrowthHandle>(m, "GrowthResult", "von Neumann growth factors α, β (GrowthJson)")
      .def_property_readonly(
          "status", [](const GrowthHandle& g) { return std::string(ToString(g.result.status)); })
      .def_property_readonly("alpha", [](const GrowthHandle& g) { return g.result.alpha; })
      .def_property_readonly("beta", [](const GrowthHandle& g) { return g.result.beta; })
      .def_property_readonly("reducible", [](const GrowthHandle& g) { return g.result.reducible; })
      .def_property_readonly(
          "intensities",
          [](const GrowthHandle& g) { return Array(g.result.technological.intensities); })
      .def_property_readonly(
          "prices", [](const GrowthHandle& g) { return Array(g.result.technological.prices); })
      .def_property_readonly("explanation",
                             [](const GrowthHandle& g) { return g.result.explanation; })
      .def("json",
           [](const GrowthHandle& g) { return GrowthJson(g.technology, g.result, g.report); })
      .def("to_dict",
           [](const GrowthHandle& g) {
             return ParseJson(GrowthJson(g.technology, g.result, g.report));
           })
      .def("text",
           [](const GrowthHandle& g) { return GrowthTextReport(g.technology, g.result, g.report); })
      .def("__repr__", [](const GrowthHandle& g) {
        return "<gosplan.GrowthResult " + std::string(ToString(g.result.status)) + ", alpha " +
               std::to_string(g.result.alpha) + ", beta " + std::to_string(g.result.beta) + ">";
      });
  m.def(
      "_growth_arrays",
      [](const DoubleArray& inputs, const DoubleArray& outputs,
         std::vector<std::string> activity_names, std::vector<std::string> good_names,
         double tolerance) {
        return SolveGrowthHandle(
            MatricesFromArrays(inputs, outputs, std::move(activity_names), std::move(good_names)),
            GrowthReportOptions{}, tolerance);
      },
      "A"_a, "B"_a, "activity_names"_a, "good_names"_a, "tolerance"_a);
  m.def(
      "_growth_model",
      [](const ModelHandle& handle, bool with_capital, double tolerance) {
        GrowthReportOptions report;
        report.from_model = true;
        report.with_capital = with_capital;
        return SolveGrowthHandle(GrowthMatricesFromModel(*handle.model, with_capital), report,
                                 tolerance);
      },
      "model"_a, "with_capital"_a, "tolerance"_a);

  // Input-output.
  py::class_<IoTableHandle>(m, "IoTable", "An input-output table as the library reads it")
      .def_property_readonly("source", [](const IoTableHandle& t) { return t.table->source; })
      .def_property_readonly("sectors", [](const IoTableHandle& t) { return t.table->sectors; })
      .def_property_readonly("primary_names",
                             [](const IoTableHandle& t) { return t.table->primary_names; })
      .def_property_readonly("final_demand_names",
                             [](const IoTableHandle& t) { return t.table->final_demand_names; })
      .def_property_readonly("final_demand",
                             [](const IoTableHandle& t) { return Array(t.table->final_demand); })
      .def_property_readonly("total_final_demand",
                             [](const IoTableHandle& t) {
                               return Array(Eigen::VectorXd(t.table->TotalFinalDemand()));
                             })
      .def_property_readonly("total_output",
                             [](const IoTableHandle& t) { return Array(t.table->total_output); })
      .def_property_readonly(
          "primary_coefficients",
          [](const IoTableHandle& t) { return Array(t.table->primary_coefficients); })
      .def_property_readonly("warnings",
                             [](const IoTableHandle& t) {
                               std::vector<std::string> sentences;
                               for (const Diagnostic& w : t.table->warnings)
                                 sentences.push_back(w.ToString());
                               return sentences;
                             })
      // (indptr, indices, data, (n, n)) of A in CSC form: gosplan.IoTable.coefficients builds the
      // scipy.sparse.csc_matrix from it.
      .def("_coefficients_csc", [](const IoTableHandle& t) {
        const SparseMatrix& a = t.table->coefficients;
        const Index n = a.cols();
        const Index nonzeros = a.nonZeros();
        py::array_t<std::int64_t> indptr(n + 1);
        py::array_t<std::int64_t> indices(nonzeros);
        py::array_t<double> data(nonzeros);
        Index k = 0;
        for (Index j = 0; j < n; ++j) {
          indptr.mutable_at(j) = k;
          for (SparseMatrix::InnerIterator it(a, j); it; ++it, ++k) {
            indices.mutable_at(k) = it.row();
            data.mutable_at(k) = it.value();
          }
        }
        indptr.mutable_at(n) = k;
        return py::make_tuple(indptr, indices, data, py::make_tuple(a.rows(), n));
      });
  m.def("_io_table", &LoadIoTableHandle, "path"_a, "balance_tolerance"_a = 1e-4);
  m.def("_io_coefficient_table", &MakeCoefficientTable, "n"_a, "indptr"_a, "indices"_a, "data"_a,
        "sectors"_a, "primary_names"_a, "primary"_a);

  py::class_<IoResult>(m, "IoResult", "A Leontief analysis (IoJson): x = (I − A)⁻¹ y, multipliers")
      .def_property_readonly("sectors", [](const IoResult& r) { return r.table->sectors; })
      .def_property_readonly("x", [](const IoResult& r) { return Array(r.analysis.total_output); })
      .def_property_readonly("y", [](const IoResult& r) { return Array(r.analysis.final_demand); })
      .def_property_readonly("output_multipliers",
                             [](const IoResult& r) { return Array(r.analysis.output_multipliers); })
      .def_property_readonly("multiplier_names",
                             [](const IoResult& r) { return r.analysis.multiplier_names; })
      .def_property_readonly("multipliers",
                             [](const IoResult& r) { return Array(r.analysis.multipliers); })
      .def_property_readonly("leontief_diagonal",
                             [](const IoResult& r) { return Array(r.analysis.leontief_diagonal); })
      .def_property_readonly("leontief_inverse",
                             [](const IoResult& r) { return Array(r.analysis.leontief_inverse); })
      .def_property_readonly(
          "spectral_radius_upper",
          [](const IoResult& r) { return r.analysis.productiveness.spectral_radius_upper; })
      .def_property_readonly("residual", [](const IoResult& r) { return r.analysis.residual; })
      .def_property_readonly("solver", [](const IoResult& r) { return r.analysis.solver; })
      .def("json", [](const IoResult& r) { return IoJson(*r.table, r.analysis); })
      .def("to_dict", [](const IoResult& r) { return ParseJson(IoJson(*r.table, r.analysis)); })
      .def("text", [](const IoResult& r) { return IoTextReport(*r.table, r.analysis); });
  m.def("_io_analysis", &AnalyseHandle, "table"_a, "y"_a, "method"_a, "preconditioner"_a,
        "inverse"_a, "diagonal_limit"_a, "rows"_a);

  // Linear programs.
  py::class_<LpResult>(m, "LpResult", "An LP solved by CLP or PDLP (LpJson)")
      .def_property_readonly(
          "status", [](const LpResult& r) { return std::string(ToString(r.solution.status)); })
      .def_property_readonly("objective", [](const LpResult& r) { return r.solution.objective; })
      .def_property_readonly("x", [](const LpResult& r) { return Array(r.solution.column_values); })
      .def_property_readonly("duals", [](const LpResult& r) { return Array(r.solution.row_duals); })
      .def_property_readonly("reduced_costs",
                             [](const LpResult& r) { return Array(r.solution.reduced_costs); })
      .def_property_readonly("row_activities",
                             [](const LpResult& r) { return Array(r.solution.row_activities); })
      .def_property_readonly("iterations", [](const LpResult& r) { return r.solution.iterations; })
      .def_property_readonly("solver", [](const LpResult& r) { return r.solution.solver; })
      .def_property_readonly("row_names", [](const LpResult& r) { return r.lp.row_names; })
      .def_property_readonly("column_names", [](const LpResult& r) { return r.lp.column_names; })
      .def_property_readonly("max_primal_violation",
                             [](const LpResult& r) { return r.solution.max_primal_violation; })
      .def("json", &LpDocument)
      .def("to_dict", [](const LpResult& r) { return ParseJson(LpDocument(r)); })
      .def("__repr__", [](const LpResult& r) {
        return "<gosplan.LpResult " + std::string(ToString(r.solution.status)) + ", objective " +
               std::to_string(r.solution.objective) + ">";
      });
  m.def(
      "_solve_mps",
      [](const std::string& path, const std::string& solver, double tolerance, double time_limit,
         std::int64_t iteration_limit, const py::object& progress) {
        Result<LinearProgram> lp = Status::Ok();
        {
          py::gil_scoped_release release;
          lp = ReadMps(path);
        }
        return SolveLpHandle(Take(std::move(lp)), path, solver, tolerance, time_limit,
                             iteration_limit, progress);
      },
      "path"_a, "solver"_a, "tolerance"_a, "time_limit"_a, "iteration_limit"_a,
      "progress"_a = py::none());
  m.def(
      "_solve_lp",
      [](Index rows, Index columns, const IndexArray& indptr, const IndexArray& indices,
         const DoubleArray& data, const DoubleArray& objective, const DoubleArray& column_lower,
         const DoubleArray& column_upper, const DoubleArray& row_lower,
         const DoubleArray& row_upper, bool maximize, const std::string& solver, double tolerance,
         double time_limit, std::int64_t iteration_limit, const py::object& progress) {
        const SparseMatrix matrix = CscFromBuffers(rows, columns, indptr, indices, data);
        LinearProgram lp;
        lp.num_rows = rows;
        lp.num_columns = columns;
        lp.column_starts.assign(matrix.outerIndexPtr(), matrix.outerIndexPtr() + columns + 1);
        lp.row_indices.assign(matrix.innerIndexPtr(), matrix.innerIndexPtr() + matrix.nonZeros());
        lp.values.assign(matrix.valuePtr(), matrix.valuePtr() + matrix.nonZeros());
        lp.objective = Vector(objective);
        lp.column_lower = Vector(column_lower);
        lp.column_upper = Vector(column_upper);
        lp.row_lower = Vector(row_lower);
        lp.row_upper = Vector(row_upper);
        lp.maximize = maximize;
        Status valid = ValidateLinearProgram(lp);
        if (!valid.ok()) Raise(valid);
        return SolveLpHandle(std::move(lp), "<python>", solver, tolerance, time_limit,
                             iteration_limit, progress);
      },
      "rows"_a, "columns"_a, "indptr"_a, "indices"_a, "data"_a, "c"_a, "column_lower"_a,
      "column_upper"_a, "row_lower"_a, "row_upper"_a, "maximize"_a, "solver"_a, "tolerance"_a,
      "time_limit"_a, "iteration_limit"_a, "progress"_a = py::none());

  RegisterModelTablesLoopAndSatellites(m);
  m.def("_leontief_large", &LeontiefLarge, "n"_a, "indptr"_a, "indices"_a, "data"_a, "y"_a, "rhs"_a,
        "tolerance"_a, "max_iterations"_a, "history"_a, "threads"_a, "gauss_seidel"_a);
}
