"""gosplan in Python: the C++ engine itself, with numpy and scipy.sparse in and out.

Every result has ``to_dict()``, the same document ``gosplan ... --format json`` prints
(docs/json.md), and numpy arrays for its main vectors. Errors in input files raise
:class:`InputError` with the file, line and column; an infeasible plan is a result with a status.
See docs/python.md.
"""

import os

import numpy as _np

__all__ = [
    "InputError",
    "Model",
    "load_model",
    "plan",
    "verify",
    "check",
    "growth",
    "io_table",
    "io_analysis",
    "leontief",
    "solve_lp",
    "MODEL_TABLES",
    "model_from_tables",
    "read_plan",
    "track",
    "replan",
    "explain",
    "compare",
    "planning_session",
    "PLAN_TABLES",
]


class InputError(ValueError):
    """Bad input (a file's content, or an array the library refuses), as the library located it.

    ``file``, ``line`` and ``column`` are those of the first problem (line and column 1-based, 0 when
    not applicable); ``diagnostics`` lists every problem found as dicts with file, line, column,
    message and expected.
    """

    def __init__(self, message, diagnostics=()):
        super().__init__(message)
        self.diagnostics = list(diagnostics)
        first = self.diagnostics[0] if self.diagnostics else {}
        self.file = first.get("file")
        self.line = first.get("line")
        self.column = first.get("column")
        # A model built from tables (model_from_tables): the table, the row (0-based position in
        # its DataFrame, None for the header or the whole table), the row's index label and the
        # column's name.
        self.table = first.get("table")
        self.row = first.get("row")
        self.label = first.get("label")
        self.column_name = first.get("column_name")


from ._gosplan import (  # noqa: E402  (InputError must exist before the extension raises it)
    CheckResult,
    CompareResult,
    ExplainResult,
    GrowthResult,
    IoExtendedResult,
    IoResult,
    IoTable,
    LpResult,
    Model,
    PlanResult,
    PlanningSession,
    ReplanResult,
    TrackResult,
    VerifyResult,
    __version__,
)
from . import _gosplan  # noqa: E402


def _path(value):
    """A folder or file argument: a path-like, or an object with ``folder`` (a Model)."""
    if isinstance(value, Model):
        return value.folder
    return os.fspath(value)


def load_model(path, horizon=0):
    """Loads and checks a model folder (model.toml and its tables); ``horizon`` > 0 overrides."""
    return _gosplan._load_model(os.fspath(path), horizon)


def _model_matrix(model, table, items):
    techniques, columns, values = model._coefficients(table)
    shape = (len(model.techniques), len(items))
    try:
        import scipy.sparse
    except ImportError:
        dense = _np.zeros(shape)
        _np.add.at(dense, (techniques, columns), values)
        return dense
    return scipy.sparse.coo_matrix((values, (techniques, columns)), shape=shape).tocsr()


Model.inputs = property(
    lambda model: _model_matrix(model, "inputs", model.products),
    doc="in[p, i] (technique_inputs.csv): techniques × products, a scipy.sparse.csr_matrix "
        "(a numpy array without scipy), rows in the order of techniques, columns of products")
Model.outputs = property(
    lambda model: _model_matrix(model, "outputs", model.products),
    doc="out[p, i] (technique_outputs.csv): techniques × products, as Model.inputs")
Model.resource_use = property(
    lambda model: _model_matrix(model, "resource_use", model.resources),
    doc="use[p, r] (technique_resources.csv): techniques × resources, as Model.inputs")


def _model_to_pandas(model, table="products"):
    """One table of the model as a pandas DataFrame: "products" or "resources" (indexed by id), or
    "inputs", "outputs", "resource_use" (techniques × items, zeros where the table has no entry)."""
    import pandas as pd

    if table == "products":
        return pd.DataFrame(model._product_records).set_index("id")
    if table == "resources":
        return pd.DataFrame(model._resource_records).set_index("id")
    items = model.resources if table == "resource_use" else model.products
    matrix = _model_matrix(model, table, items)
    dense = matrix.toarray() if hasattr(matrix, "toarray") else matrix
    return pd.DataFrame(dense, index=pd.Index(model.techniques, name="technique"),
                        columns=pd.Index(items, name="resource" if table == "resource_use"
                                         else "product"))


Model.to_pandas = _model_to_pandas


def _model(model_or_path):
    if isinstance(model_or_path, Model):
        return model_or_path
    return load_model(model_or_path)


def plan(model, objective=None, solver=None, out=None, overwrite=False, algorithm="dual",
         time_limit=0.0, tolerance=1e-4, polish=False, quotas_as_constraints=None,
         price_numeraire="", progress=None, fulfilment_floor=0.0, group_floors=None):
    """Solves the plan of ``model`` (a Model or a model folder), like ``gosplan plan``.

    ``objective``: plan_ray, min_resources, priority_output, harmony or maxmin (None:
    model.toml's); ``fulfilment_floor``: λ[t] at least this under any objective (as
    ``--fulfilment-floor``); ``group_floors``: a dict {group: V}, each group's fulfilment at least
    V in every year under any objective (as ``--group-floor GROUP=V``; a group is a final-demand
    category with a target). The result's ``group_levels`` is {group: level} for a maxmin plan or
    one with group floors;
    ``solver``: clp, pdlp or auto (None: model.toml's); ``out``: also write the plan folder there. Returns a
    PlanResult whose ``to_dict()`` is the plan's summary.json (an infeasible model gives a result
    with status "infeasible", not an exception). ``progress``: a callable given each progress
    message (str) of the solve, CLP's lines included.
    """
    return _gosplan._plan(_model(model), objective, solver, algorithm, float(time_limit),
                          float(tolerance), bool(polish), quotas_as_constraints,
                          price_numeraire, None if out is None else os.fspath(out),
                          bool(overwrite), float(fulfilment_floor),
                          {str(k): float(v) for k, v in (group_floors or {}).items()}, progress)


def planning_session(model, quotas_as_constraints=None):
    """Solves the plan of ``model`` once (CLP) and keeps it warm (docs/what-if.md).

    Returns a PlanningSession: ``apply(kind, id, value, detail="", year=None, region="")`` edits
    the model and
    the plan LP (kind: quota, resource_availability, final_demand_floor, enterprise_capacity,
    construction_site; ``year`` a calendar year; ``value`` None means no limit for capacities;
    ``region`` a new construction site's region on a model with regions),
    ``solve()`` re-optimises from the last basis and returns a PlanResult, ``reset()`` goes back to
    the base model, ``base_plan`` is the first plan. A bad edit raises ValueError and changes nothing.
    """
    return _gosplan._planning_session(_model(model), quotas_as_constraints)


def verify(model, plan_folder, tolerance=None):
    """Checks a plan folder against its model folder, like ``gosplan verify``."""
    return _gosplan._verify(_path(model), os.fspath(plan_folder), tolerance)


def check(model, quotas=None, max_years=30, time_limit=0.0, total_time_limit=0.0, max_solves=0,
          earliest_year=True, conflict=True, headroom=False, progress=None):
    """Diagnoses the model's quotas (or those of the file ``quotas``), like ``gosplan check``.

    ``headroom``: also the alone max of the quotas the nearest plan meets (``--headroom``).
    ``progress``: a callable given each progress message (str)."""
    return _gosplan._check(_model(model), None if quotas is None else os.fspath(quotas),
                           int(max_years), float(time_limit), float(total_time_limit),
                           int(max_solves), bool(earliest_year), bool(conflict), bool(headroom),
                           progress)


def growth(A, B=None, activity_names=(), good_names=(), tolerance=1e-10, with_capital=False):
    """von Neumann growth: ``growth(A, B)`` with activities × goods arrays, or ``growth(model)``."""
    if B is None:
        return _gosplan._growth_model(_model(A), bool(with_capital), float(tolerance))
    A = _dense(A)
    B = _dense(B)
    return _gosplan._growth_arrays(A, B, list(activity_names), list(good_names), float(tolerance))


def _dense(matrix):
    if hasattr(matrix, "toarray"):
        matrix = matrix.toarray()
    return _np.ascontiguousarray(matrix, dtype=_np.float64)


def _csc(matrix):
    """(rows, columns, indptr, indices, data) of a matrix in CSC form, int64 indices.

    A scipy.sparse matrix is converted by its own ``tocsc()`` (never densified); a dense array by
    numpy (only its non-zeros are kept).
    """
    if hasattr(matrix, "tocsc"):
        csc = matrix.tocsc()
        if not csc.has_canonical_format:
            csc = csc.copy()
            csc.sum_duplicates()
        rows, columns = csc.shape
        return (rows, columns, _np.asarray(csc.indptr, dtype=_np.int64),
                _np.asarray(csc.indices, dtype=_np.int64),
                _np.asarray(csc.data, dtype=_np.float64))
    dense = _np.asarray(matrix, dtype=_np.float64)
    if dense.ndim != 2:
        raise ValueError("a matrix must be 2-D")
    rows, columns = dense.shape
    columns_first = dense.T  # non-zeros in column-major order, rows ascending within a column
    column_index, row_index = _np.nonzero(columns_first)
    indptr = _np.zeros(columns + 1, dtype=_np.int64)
    _np.cumsum(_np.bincount(column_index, minlength=columns), out=indptr[1:])
    return (rows, columns, indptr, row_index.astype(_np.int64),
            _np.ascontiguousarray(columns_first[column_index, row_index]))


def io_table(path, balance_tolerance=1e-4):
    """Reads an input-output table CSV (docs/io.md) into an IoTable."""
    return _gosplan._io_table(os.fspath(path), float(balance_tolerance))


def _io_coefficients(table):
    indptr, indices, data, shape = table._coefficients_csc()
    try:
        import scipy.sparse
    except ImportError:
        dense = _np.zeros(shape)
        for j in range(shape[1]):
            dense[indices[indptr[j]:indptr[j + 1]], j] = data[indptr[j]:indptr[j + 1]]
        return dense
    return scipy.sparse.csc_matrix((data, indices, indptr), shape=shape)


IoTable.coefficients = property(
    _io_coefficients, doc="A as a scipy.sparse.csc_matrix (a numpy array without scipy)")


def io_analysis(A, y=None, primary=None, sectors=None, method="auto", preconditioner="ilut",
                inverse=False, diagonal_limit=2000, rows=(), satellite=None,
                satellite_final_demand=None, footprints=None, footprints_detail=False,
                linkages=False):
    """Leontief analysis x = (I − A)⁻¹ y with output and primary-input multipliers.

    ``A``: an IoTable (``y`` defaults to its total final demand), or the n × n technical
    coefficients as a numpy array or any scipy.sparse matrix (never densified). ``primary``:
    {name: coefficients per unit of output (length n)}; ``sectors``: n names (default s1..sn).
    ``method``: auto, direct or iterative and ``preconditioner``: ilut or diagonal, as
    ``gosplan io --method/--preconditioner`` (docs/io.md). Returns an IoResult; ``to_dict()`` is
    the gosplan.io/1 document.

    ``satellite``: stressors F (what each sector emits or uses in the period: CO2, water, jobs) as
    {name: n values in sector order} or a DataFrame with one row per stressor and one column per
    sector label; the coefficients are S = F·diag(x)⁻¹ (x the table's total output, or
    (I − A)⁻¹y for a matrix A) and the multipliers M = S·(I − A)⁻¹. ``satellite_final_demand``:
    F_Y, the final users' own emissions, as {name: {final-demand column: value}} or a DataFrame
    (IoTable only). ``footprints``: the regional accounts (production- and consumption-based,
    imports, exports per stressor and region); None means "when every sector label is
    region/sector" (IoTable only). ``footprints_detail``, ``linkages``: as ``gosplan io
    --footprints-detail/--linkages``. With any of these the result is an IoExtendedResult whose
    ``to_dict()`` is the gosplan.io-extended/1 document of ``gosplan io TABLE --satellite F.csv
    [--footprints] --format json``.
    """
    if isinstance(A, IoTable):
        table = A
    else:
        n_rows, n, indptr, indices, data = _csc(A)
        if n_rows != n:
            raise ValueError(f"A must be square, not {n_rows} × {n}")
        if y is None:
            raise ValueError("y (final demand, length n) is required with a matrix A")
        names = list(sectors) if sectors is not None else [f"s{j + 1}" for j in range(n)]
        primary = dict(primary or {})
        primary_names = list(primary)
        primary_matrix = _np.zeros((len(primary_names), n))
        for k, name in enumerate(primary_names):
            primary_matrix[k, :] = _np.asarray(primary[name], dtype=_np.float64).reshape(-1)
        table = _gosplan._io_coefficient_table(n, indptr, indices, data, names, primary_names,
                                               _np.asfortranarray(primary_matrix))
        # The table holds its own copy of A: the int64 buffers need not outlive it during the
        # solve (bench/python_leontief_million.py measures the peak).
        del indptr, indices, data, names
    demand = None if y is None else _np.ascontiguousarray(y, dtype=_np.float64).reshape(-1)
    if footprints is None:
        footprints = (isinstance(A, IoTable) and bool(table.final_demand_names) and
                      all("/" in label for label in table.sectors))
    if satellite is not None or satellite_final_demand is not None or footprints or \
            footprints_detail or linkages:
        return _io_extended(table, demand, method, preconditioner, int(diagonal_limit),
                            list(rows), satellite, satellite_final_demand, bool(footprints),
                            bool(footprints_detail), bool(linkages), isinstance(A, IoTable))
    return _gosplan._io_analysis(table, demand, method, preconditioner, bool(inverse),
                                 int(diagonal_limit), list(rows))


def _io_to_pandas(result):
    """The analysis as a pandas DataFrame indexed by sector: total_output, output_multiplier,
    leontief_diagonal (when computed) and NAME_multiplier per primary row."""
    import pandas as pd

    frame = pd.DataFrame({"total_output": result.x,
                          "output_multiplier": result.output_multipliers},
                         index=pd.Index(result.sectors, name="sector"))
    diagonal = result.leontief_diagonal
    if len(diagonal):
        frame["leontief_diagonal"] = diagonal
    for name, row in zip(result.multiplier_names, result.multipliers):
        frame[f"{name}_multiplier"] = row
    return frame


IoResult.to_pandas = _io_to_pandas


class LeontiefResult:
    """x = (I − A)⁻¹ y and multipliers v = (I − A)⁻ᵀ c of a large economy (gosplan.leontief).

    ``x`` (None without y), ``multipliers`` ({name: vector}), ``residuals`` ({"x" or name: the
    relative residual ‖(I − A)z − b‖_∞ / ‖b‖_∞ of the vector returned}), ``converged`` (every system
    reached the tolerance), ``messages`` (why a system did not), ``matrix_passes``,
    ``spectral_radius_bound`` (≥ ρ(A); below 1 proves the economy productive), ``matrix_bytes`` (the
    one copy of A the library holds) and ``workspace_bytes`` (the iteration's vectors).
    """

    def __init__(self, raw, names):
        self.x = raw["x"]
        self.multipliers = dict(zip(names, raw["multipliers"]))
        summaries = ([("x", raw["x_summary"])] if raw["x_summary"] is not None else []) + list(
            zip(names, raw["multiplier_summaries"]))
        self.residuals = {name: summary["residual"] for name, summary in summaries}
        self.converged = all(summary["converged"] for _, summary in summaries)
        self.messages = {name: summary["message"] for name, summary in summaries
                         if summary["message"]}
        self.matrix_passes = raw["matrix_passes"]
        self.spectral_radius_bound = raw["spectral_radius_bound"]
        self.matrix_bytes = raw["matrix_bytes"]
        self.workspace_bytes = raw["workspace_bytes"]

    def __repr__(self):
        return (f"LeontiefResult(n={len(self.x) if self.x is not None else '?'}, converged="
                f"{self.converged}, passes={self.matrix_passes}, "
                f"rho(A) <= {self.spectral_radius_bound:.4g})")


def leontief(A, y=None, primary=None, tolerance=1e-10, anderson_depth=3, max_iterations=2000,
             threads=0, gauss_seidel=False):
    """Total output x = (I − A)⁻¹ y and multipliers v = (I − A)⁻ᵀ c for economies of 10^5–10^7
    products: the Neumann-Anderson iteration of `gosplan io --coefficients` (docs/scale.md) on the
    CSC arrays of ``A`` (any scipy.sparse matrix; a dense array is converted to CSC), holding one copy
    of A (12 bytes per non-zero, as scipy does) and a few vectors per system — no I − A, no
    transpose, no preconditioner. ``primary``: {name: c per unit of output}; ``multipliers`` then
    holds each v (labour values for labour). Not converging is a result (``converged`` False, with
    ``messages``), not an exception; Ctrl-C raises KeyboardInterrupt. ``gauss_seidel``: `gosplan
    io`'s ``--gauss-seidel``, total output and the multipliers on Gauss-Seidel passes (one thread;
    fewer passes when the products are numbered by input popularity; a multiplier's residual is
    then reported as an upper bound, docs/scale.md).
    """
    if y is None and not primary:
        raise ValueError("leontief needs y, primary, or both")
    if hasattr(A, "tocsc"):
        csc = A.tocsc()
        if not csc.has_canonical_format:
            csc = csc.copy()
            csc.sum_duplicates()
        n_rows, n = csc.shape
        indptr, indices, data = csc.indptr, csc.indices, csc.data
    else:
        n_rows, n, indptr, indices, data = _csc(A)
    if n_rows != n:
        raise ValueError(f"A must be square (it is {n_rows} x {n})")
    names = list(primary) if primary else []
    rhs = [_np.asarray(primary[name], dtype=_np.float64) for name in names]
    raw = _gosplan._leontief_large(
        int(n), indptr, indices, data, None if y is None else _np.asarray(y, dtype=_np.float64),
        rhs, float(tolerance), int(max_iterations), int(anderson_depth), int(threads),
        bool(gauss_seidel))
    return LeontiefResult(raw, names)


def solve_lp(c, A_ub=None, b_ub=None, A_eq=None, b_eq=None, bounds=(0, None), maximize=False,
             solver="clp", tolerance=1e-4, time_limit=0.0, iteration_limit=0, progress=None):
    """Solves an LP with CLP (exact) or PDLP, in scipy.optimize.linprog's form, or an MPS file.

    ``solve_lp(c, A_ub, b_ub, A_eq, b_eq, bounds)``: minimise (``maximize``: maximise) c·x subject
    to A_ub x ≤ b_ub, A_eq x = b_eq and bounds (one (low, high) pair for all or one per variable;
    None is unbounded). ``solve_lp("model.mps")``: the LP of an MPS file. Duals follow
    docs/mps.md: ∂(objective as stated)/∂(the row's active bound), ub rows first, then eq rows.
    ``progress``: a callable given CLP's progress lines (str), or with PDLP a dict per termination
    check (iteration, seconds, objectives, relative residuals and gap, restarts).
    """
    if isinstance(c, (str, os.PathLike)):
        return _gosplan._solve_mps(os.fspath(c), solver, float(tolerance), float(time_limit),
                                   int(iteration_limit), progress)
    c = _np.ascontiguousarray(c, dtype=_np.float64).reshape(-1)
    n = c.size
    blocks, lower, upper = [], [], []
    if A_ub is not None:
        blocks.append(A_ub)
        b = _np.asarray(b_ub, dtype=_np.float64).reshape(-1)
        lower.append(_np.full(b.size, -_np.inf))
        upper.append(b)
    if A_eq is not None:
        blocks.append(A_eq)
        b = _np.asarray(b_eq, dtype=_np.float64).reshape(-1)
        lower.append(b)
        upper.append(b)
    if blocks:
        if any(hasattr(block, "tocsc") for block in blocks):
            import scipy.sparse
            matrix = scipy.sparse.vstack([scipy.sparse.csc_matrix(b) for b in blocks]).tocsc()
        else:
            matrix = _np.vstack([_np.asarray(b, dtype=_np.float64).reshape(-1, n)
                                 for b in blocks])
        rows, columns, indptr, indices, data = _csc(matrix)
        if columns != n:
            raise ValueError(f"the constraint matrices have {columns} columns, c has {n}")
        row_lower = _np.concatenate(lower)
        row_upper = _np.concatenate(upper)
    else:
        rows, indptr = 0, _np.zeros(n + 1, dtype=_np.int64)
        indices, data = _np.zeros(0, dtype=_np.int64), _np.zeros(0)
        row_lower = row_upper = _np.zeros(0)
    if bounds is None:
        bounds = (None, None)
    if len(bounds) == 2 and not hasattr(bounds[0], "__len__"):
        bounds = [bounds] * n
    if len(bounds) != n:
        raise ValueError(f"bounds: one (low, high) pair for all variables or {n} pairs")
    column_lower = _np.array([-_np.inf if low is None else low for low, _ in bounds], dtype=float)
    column_upper = _np.array([_np.inf if high is None else high for _, high in bounds],
                             dtype=float)
    return _gosplan._solve_lp(rows, n, indptr, indices, data, c, column_lower, column_upper,
                              row_lower, row_upper, bool(maximize), solver, float(tolerance),
                              float(time_limit), int(iteration_limit), progress)


# ---- Satellites and regional footprints ---------------------------------------------------------

def _rows_by_name(values, columns, what):
    """(names, K × len(columns) array) from {name: values} or a DataFrame (rows: names)."""
    if hasattr(values, "index") and hasattr(values, "columns"):  # a pandas DataFrame
        present = [str(c) for c in values.columns]
        names = [str(name) for name in values.index]
        missing = [c for c in columns if c not in present]
        extra = [c for c in present if c not in columns and c != "unit"]
        if extra:
            raise ValueError(f"{what}: unknown column(s) {extra[:5]}")
        if what == "satellite" and missing:
            raise ValueError(f"{what}: no column for sector(s) {missing[:5]}")
        matrix = _np.zeros((len(names), len(columns)))
        for j, column in enumerate(columns):
            if column in present:
                matrix[:, j] = _np.asarray(values[values.columns[present.index(column)]],
                                           dtype=_np.float64)
        return names, matrix
    names = [str(name) for name in values]
    matrix = _np.zeros((len(names), len(columns)))
    for k, name in enumerate(values):
        row = values[name]
        if isinstance(row, dict):  # {column: value} (final-demand columns)
            for column, value in row.items():
                if column not in columns:
                    raise ValueError(f"{what}: '{column}' is not a column of the table")
                matrix[k, columns.index(column)] = float(value)
        else:
            row = _np.asarray(row, dtype=_np.float64).reshape(-1)
            if row.size != len(columns):
                raise ValueError(f"{what}: stressor '{name}' has {row.size} values, the table "
                                 f"{len(columns)} sectors")
            matrix[k, :] = row
    return names, matrix


def _io_extended(table, demand, method, preconditioner, diagonal_limit, rows, satellite,
                 satellite_final_demand, footprints, footprints_detail, linkages, from_file):
    sectors = list(table.sectors)
    if satellite is None:
        names, values = [], _np.zeros((0, len(sectors)))
    else:
        names, values = _rows_by_name(satellite, sectors, "satellite")
    final_values = None
    if satellite_final_demand is not None:
        if satellite is None:
            raise ValueError("satellite_final_demand needs satellite")
        fy_names, fy = _rows_by_name(satellite_final_demand, list(table.final_demand_names),
                                     "satellite_final_demand")
        final_values = _np.zeros((len(names), fy.shape[1]))
        for k, name in enumerate(fy_names):
            if name not in names:
                raise ValueError(f"satellite_final_demand: '{name}' is not a satellite stressor")
            final_values[names.index(name), :] = fy[k, :]
    if (footprints or footprints_detail) and not from_file:
        raise ValueError("footprints need the regional final-demand columns of an IoTable "
                         "(gosplan.io_table) whose labels are region/sector")
    if (footprints or footprints_detail) and demand is not None:
        raise ValueError("footprints use the table's regional final-demand columns; y replaces "
                         "them")
    return _gosplan._io_extended(table, demand, method, preconditioner, diagonal_limit, rows,
                                 names, _np.asfortranarray(values),
                                 None if final_values is None else _np.asfortranarray(final_values),
                                 footprints, footprints_detail, linkages)


def _accounts(result):
    accounts = result._accounts
    if accounts is None:
        raise ValueError("no regional accounts: call io_analysis with footprints=True")
    return accounts


IoExtendedResult.production = property(
    lambda r: _accounts(r)["production"],
    doc="production-based accounts P: stressors × regions (numpy), rows in ``stressors`` order")
IoExtendedResult.consumption = property(
    lambda r: _accounts(r)["consumption"], doc="consumption-based accounts C (footprints)")
IoExtendedResult.imports = property(lambda r: _accounts(r)["imports"],
                                    doc="emissions abroad for the region's final demand")
IoExtendedResult.exports = property(lambda r: _accounts(r)["exports"],
                                    doc="emissions in the region for others' final demand")
IoExtendedResult.identity_holds = property(
    lambda r: _accounts(r)["identity_holds"], doc="C = P + I − E within the stated tolerance")
IoExtendedResult.identity_residual = property(lambda r: _accounts(r)["identity_residual"])


def _io_extended_to_pandas(result, view="sectors"):
    """``"sectors"``: IoResult.to_pandas's columns plus STRESSOR_multiplier per stressor;
    ``"footprints"``: one row per (stressor, region) with production, consumption, imports,
    exports."""
    import pandas as pd

    if view == "footprints":
        accounts = _accounts(result)
        index = pd.MultiIndex.from_product([result.stressors, result.regions],
                                           names=["stressor", "region"])
        return pd.DataFrame({name: _np.asarray(accounts[name]).reshape(-1)
                             for name in ("production", "consumption", "imports", "exports")},
                            index=index)
    frame = pd.DataFrame({"total_output": result.x,
                          "output_multiplier": result.output_multipliers},
                         index=pd.Index(result.sectors, name="sector"))
    for name, row in zip(result.stressors, result.stressor_multipliers):
        frame[f"{name}_multiplier"] = row
    return frame


IoExtendedResult.to_pandas = _io_extended_to_pandas


# ---- Models as tables: DataFrames in, model folders out -----------------------------------------

# Every table of a model folder (docs/model-format.md), in the order of model.toml's [tables]: its
# columns in file order and the kind of each cell. src/model/model_fields.h is the one description
# in the library; the tests compare this with the headers WriteModelFolder writes.
MODEL_TABLES = {
    "products": (("id", "str"), ("name", "str"), ("unit", "str"), ("group", "str"),
                 ("storable", "bool"), ("storage_loss", "float"), ("initial_stock", "float"),
                 ("priority_weight", "float")),
    "resources": (("id", "str"), ("name", "str"), ("unit", "str"), ("weight", "float")),
    "resource_availability": (("resource", "str"), ("year", "int"), ("quantity", "float")),
    "techniques": (("id", "str"), ("name", "str")),
    "technique_inputs": (("technique", "str"), ("product", "str"), ("coefficient", "float")),
    "technique_outputs": (("technique", "str"), ("product", "str"), ("coefficient", "float")),
    "technique_resources": (("technique", "str"), ("resource", "str"), ("coefficient", "float")),
    "technique_capital": (("technique", "str"), ("product", "str"), ("coefficient", "float"),
                          ("depreciation", "float")),
    "enterprises": (("id", "str"), ("name", "str"), ("kind", "str"), ("region", "str"),
                    ("construction_lag", "int")),
    "enterprise_techniques": (("enterprise", "str"), ("technique", "str"),
                              ("min_activity", "float"), ("max_activity", "float")),
    "initial_stocks": (("enterprise", "str"), ("product", "str"), ("quantity", "float")),
    "construction_in_progress": (("enterprise", "str"), ("product", "str"),
                                 ("year_usable", "int"), ("quantity", "float")),
    "final_demand": (("category", "str"), ("product", "str"), ("year", "int"),
                     ("floor", "float"), ("target", "float"), ("region", "str")),
    "targets": (("id", "str"), ("product", "str"), ("enterprise", "str"), ("year", "int"),
                ("quantity", "float"), ("kind", "str")),
    "actuals": (("enterprise", "str"), ("product", "str"), ("year", "int"),
                ("quantity", "float")),
}
# Columns where an empty cell means +infinity (no ceiling): written as inf in a DataFrame.
_UNBOUNDED = {("enterprise_techniques", "max_activity")}


def _written_model(model):
    """A temporary folder holding ``model`` as WriteModelFolder writes it (a context manager)."""
    import contextlib
    import tempfile

    @contextlib.contextmanager
    def folder():
        with tempfile.TemporaryDirectory(prefix="gosplan-model-") as scratch:
            path = os.path.join(scratch, "model")
            _gosplan._write_model(model, path, False)
            yield path
    return folder()


def _model_tables(model):
    """Every table of the model as a pandas DataFrame in the layout of its CSV file
    (docs/model-format.md): ``{"products": DataFrame(id, name, unit, group, ...), ...}``, the
    keys of MODEL_TABLES in order, every table present (empty ones with their columns). Numbers
    are the model's doubles exactly; an unbounded max_activity is inf; an optional text cell left
    empty is "". ``gosplan.model_from_tables(model.settings(), model.tables())`` rebuilds it."""
    import csv
    import pandas as pd

    tables = {}
    with _written_model(model) as folder:
        for key, columns in MODEL_TABLES.items():
            with open(os.path.join(folder, key + ".csv"), newline="", encoding="utf-8") as stream:
                rows = list(csv.reader(stream))
            header, body = rows[0], rows[1:]
            kinds = dict(columns)
            data = {}
            for c, name in enumerate(header):
                cells = [row[c] for row in body]
                kind = kinds.get(name, "str")
                if kind == "float":
                    empty = _np.inf if (key, name) in _UNBOUNDED else _np.nan
                    data[name] = _np.array([float(v) if v != "" else empty for v in cells],
                                           dtype=_np.float64)
                elif kind == "int":
                    data[name] = _np.array([int(v) for v in cells], dtype=_np.int64)
                elif kind == "bool":
                    data[name] = _np.array([v == "true" for v in cells], dtype=bool)
                else:
                    data[name] = pd.Series(cells, dtype=object)
            tables[key] = pd.DataFrame(data, columns=header)
    return tables


def _model_settings(model):
    """model.toml of the model as a dict (tomllib's reading of what WriteModelFolder writes),
    without [tables]: ``{"name": ..., "base_year": ..., "horizon": ..., "objective": {...}}``."""
    import tomllib

    with _written_model(model) as folder:
        with open(os.path.join(folder, "model.toml"), "rb") as stream:
            settings = tomllib.load(stream)
    settings.pop("tables", None)
    return settings


def _model_write(model, folder, overwrite=False):
    """Writes the model as a model folder (model.toml and every table) through the library's
    WriteModelFolder: ``gosplan.load_model(folder)`` gives the same model back. The folder
    appears complete or not at all; an existing folder is an error unless ``overwrite``."""
    _gosplan._write_model(model, os.fspath(folder), bool(overwrite))


Model.tables = _model_tables
Model.settings = _model_settings
Model.write = _model_write


def _toml_key(key):
    import re

    key = str(key)
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _json_string(key)


def _json_string(text):
    import json

    return json.dumps(text, ensure_ascii=False)


def _toml_value(value, where):
    if isinstance(value, (bool, _np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, _np.integer)):
        return str(int(value))
    if isinstance(value, (float, _np.floating)):
        value = float(value)
        if value != value:
            return "nan"
        if value in (_np.inf, -_np.inf):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _json_string(value)  # JSON's escapes are TOML basic-string escapes
    if isinstance(value, (list, tuple, _np.ndarray)):
        return "[" + ", ".join(_toml_value(v, where) for v in value) + "]"
    raise ValueError(f"settings: {where} is a {type(value).__name__}; model.toml takes text, "
                     "numbers, booleans and lists of numbers")


def _toml_text(settings):
    lines, sections = [], []
    for key, value in settings.items():
        if isinstance(value, dict):
            sections.append((key, value))
        else:
            lines.append(f"{_toml_key(key)} = {_toml_value(value, key)}")
    for name, table in sections:
        lines.append(f"\n[{_toml_key(name)}]")
        for key, value in table.items():
            if isinstance(value, dict):
                raise ValueError(f"settings: [{name}] {key} is a table; model.toml has none there")
            lines.append(f"{_toml_key(key)} = {_toml_value(value, f'{name}.{key}')}")
    return "\n".join(lines) + "\n"


def _cells(values, kind, unbounded):
    """One DataFrame column as the text cells of the CSV file."""
    array = _np.asarray(values)
    if array.dtype == bool:
        return ["true" if v else "false" for v in array.tolist()]
    if array.dtype.kind in "iu":
        return [str(v) for v in array.tolist()]
    if array.dtype.kind == "f":
        cells = []
        for v in array.tolist():
            if v != v or (unbounded and v == _np.inf):
                cells.append("")
            elif kind == "int" and v.is_integer():
                cells.append(str(int(v)))  # an int column with gaps is float in pandas
            else:
                cells.append(repr(v))  # shortest round trip: the same double is read back
        return cells
    cells = []
    for v in array.tolist():
        if v is None or (isinstance(v, float) and v != v):
            cells.append("")
        elif isinstance(v, (bool, _np.bool_)):
            cells.append("true" if v else "false")
        elif isinstance(v, float):
            cells.extend(_cells(_np.array([v]), kind, unbounded))
        else:
            text = str(v)
            cells.append("" if text in ("<NA>", "NaT") else text)
    return cells


def _frame_columns(key, frame):
    """(header, text columns, row labels) of one table given as a DataFrame (or a dict of
    columns). An index named after a column of the table (products indexed by id, as
    Model.to_pandas gives it) becomes that column again."""
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        frame = pd.DataFrame(frame)
    known = dict(MODEL_TABLES[key])
    labels = list(frame.index)
    if frame.index.name in known and frame.index.name not in frame.columns:
        frame = frame.reset_index()
    header = [str(c) for c in frame.columns]
    columns = [_cells(frame[c].to_numpy(), known.get(str(c)), (key, str(c)) in _UNBOUNDED)
               for c in frame.columns]
    return header, columns, labels


def _locate_in_tables(error, folder, staged):
    """An InputError of the staged folder, told in the tables' own terms: the table, the row of
    its DataFrame (and the row's index label) and the column's name."""
    import bisect

    diagnostics, sentences = [], []
    for d in error.diagnostics:
        d = dict(d)
        path = d.get("file") or ""
        name = os.path.basename(path)
        inside = os.path.dirname(os.path.abspath(path)) == os.path.abspath(folder) if path \
            else False
        where = None
        if inside and name == "model.toml":
            d.update(file="settings", table="settings", row=None, label=None, column_name=None)
            where = "settings" + (f" (model.toml line {d['line']})" if d.get("line") else "")
        elif inside and name.endswith(".csv"):
            key = name[:-4]
            header, lines, labels = staged.get(key, ((), [], []))
            row = None
            line = d.get("line") or 0
            if lines and line >= lines[0]:
                row = bisect.bisect_right(lines, line) - 1
            column = d.get("column") or 0
            column_name = header[column - 1] if 0 < column <= len(header) else None
            d.update(file=key, table=key, row=row,
                     label=None if row is None else labels[row], column_name=column_name)
            where = f"table {key}"
            if row is not None:
                where += f", row {row} (label {labels[row]!r})"
            if column_name is not None:
                where += f", column {column_name}"
        if where is None:
            sentences.append(f"{path}: {d.get('message')}")
        else:
            expected = f" (expected {d['expected']})" if d.get("expected") else ""
            sentences.append(f"{where}: {d.get('message')}{expected}")
        diagnostics.append(d)
    return InputError("\n".join(sentences), diagnostics)


def _stage_tables(folder, tables):
    staged = {}
    for key, frame in tables.items():
        if key not in MODEL_TABLES:
            raise ValueError(f"'{key}' is not a model table; the tables are "
                             + ", ".join(MODEL_TABLES))
        header, columns, labels = _frame_columns(key, frame)
        lines = _gosplan._write_text_table(os.path.join(folder, key + ".csv"), header, columns)
        staged[key] = (header, list(lines), labels)
    return staged


def model_from_tables(settings, tables):
    """A model built from pandas DataFrames, one per table, through the library's own loader.

    ``settings``: model.toml as a dict (``name``, ``base_year``, ``horizon``, optional
    ``description``, ``units``, ``objective = {kind, year_weights, terminal, ...}``, ``solver =
    {name}``; docs/model-format.md), as ``Model.settings()`` gives it. ``tables``: {key:
    DataFrame} with keys from MODEL_TABLES and the columns of docs/model-format.md (optional
    columns may be left out; NaN is an empty cell, i.e. the column's default; inf in
    max_activity is no ceiling), as ``Model.tables()`` gives them; an optional table left out is
    empty. The tables are written as CSV by the library's writer into a temporary folder and
    read by LoadModel, so every check and message is the loader's: a bad cell raises InputError
    whose ``table``, ``row`` (0-based position in the DataFrame), ``label`` (its index label) and
    ``column_name`` say where. The model lives in memory (``folder`` is empty): ``write`` it to
    get a model folder.
    """
    import tempfile

    settings = dict(settings)
    for key in ("tables", "csv"):
        if key in settings:
            raise ValueError(f"settings: [{key}] is not taken here (the tables are given as "
                             "DataFrames and written in the default CSV dialect)")
    with tempfile.TemporaryDirectory(prefix="gosplan-tables-") as folder:
        with open(os.path.join(folder, "model.toml"), "w", encoding="utf-8") as stream:
            stream.write(_toml_text(settings))
        staged = _stage_tables(folder, tables)
        try:
            return _gosplan._load_staged_model(folder)
        except InputError as error:
            raise _locate_in_tables(error, folder, staged) from None


# ---- The planning loop: track, re-plan, explain, compare ----------------------------------------

def read_plan(model, folder):
    """A plan folder (as ``gosplan plan --out`` or ``plan(..., out=)`` wrote it) read back with
    its model, as ``gosplan track/explain/compare/replan`` read it: a PlanResult. ``model``: the
    model folder (or a Model loaded from one); a Model built from tables is used as it is."""
    if isinstance(model, Model) and not model.folder:
        return _gosplan._read_plan_against(model, os.fspath(folder))
    return _gosplan._read_plan(_path(model), os.fspath(folder))


# ---- A plan's tables as DataFrames ---------------------------------------------------------------

# The plan folder's tables (docs/model-format.md, "Plan folder"), by attribute name.
PLAN_TABLES = {
    "targets": "targets.csv",
    "investment": "investment.csv",
    "balances": "balances.csv",
    "prices": "prices.csv",
    "trade": "trade.csv",
    "currency": "currency.csv",
    "groups": "groups.csv",
    "regional_balances": "regional_balances.csv",
    "transport": "transport.csv",
}

# Columns where an empty cell means +infinity (no limit), read as inf.
_PLAN_UNBOUNDED = {"transport.csv": ("capacity",)}


def _plan_table(plan, name):
    """One table of the plan folder as a pandas DataFrame, with the columns and rows the plan
    folder's CSV file has (the same text: PlanFolderTable); ``name`` a key of PLAN_TABLES or a file
    name. None when the plan has no such table (no trade without world prices, no regional tables
    without regions, nothing for an infeasible plan)."""
    import io

    import pandas as pd

    file = PLAN_TABLES.get(name, name)
    if file not in PLAN_TABLES.values():
        raise ValueError(f"unknown plan table '{name}': one of {', '.join(PLAN_TABLES)}")
    text = plan._table(file)
    if not text:
        return None
    # Ids stay text ("NA" is an id, not a missing value); only an empty cell is missing.
    frame = pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""])
    for column in _PLAN_UNBOUNDED.get(file, ()):
        if column in frame:
            frame[column] = frame[column].fillna(_np.inf)
    return frame


PlanResult.table = _plan_table
for _name in PLAN_TABLES:
    setattr(PlanResult, _name, property(lambda self, _n=_name: _plan_table(self, _n)))
del _name


def _plan_of(model, plan):
    if isinstance(plan, PlanResult):
        return plan
    if model is None:
        raise ValueError("a plan folder needs the model it was made from")
    return read_plan(model, plan)


def _actuals_of(actuals, scratch):
    """None, a file path, or a DataFrame in actuals.csv's layout (staged as a file)."""
    if actuals is None:
        return None, None
    if isinstance(actuals, (str, os.PathLike)):
        return os.fspath(actuals), None
    staged = _stage_tables(scratch, {"actuals": actuals})
    return os.path.join(scratch, "actuals.csv"), staged


def _with_actuals(actuals, call):
    import tempfile

    with tempfile.TemporaryDirectory(prefix="gosplan-actuals-") as scratch:
        path, staged = _actuals_of(actuals, scratch)
        try:
            return call(path)
        except InputError as error:
            if staged is None:
                raise
            raise _locate_in_tables(error, scratch, staged) from None


def track(model, plan, actuals=None):
    """The fulfilment of a plan by reported output, like ``gosplan track MODEL PLAN
    [--actuals FILE]``: ``plan`` a PlanResult or a plan folder of ``model``; ``actuals`` None (the
    model's own actuals table), a file in actuals.csv's layout or a DataFrame (enterprise,
    product, year, quantity). Returns a TrackResult; ``to_dict()`` is gosplan.track/1."""
    plan = _plan_of(model, plan)
    return _with_actuals(actuals, lambda path: _gosplan._track(plan, path))


def replan(model, plan, actuals, from_year, freeze=0, extend=0, abandon=(), out=None,
           overwrite=False, objective=None, solver=None, time_limit=0.0, tolerance=1e-4,
           polish=False, progress=None):
    """Re-plans the years from ``from_year`` on from the actual state, like ``gosplan replan
    MODEL PLAN --actuals FILE --from YEAR [--freeze N] [--extend K] [--abandon ID...]``.

    ``actuals``: a file or a DataFrame as for :func:`track`. ``out``: also write the plan folder
    with replan.json and the re-planned model under OUT/model (as ``--out``; the documents then
    name that model). Returns a ReplanResult: ``to_dict()`` is gosplan.replan/1, ``.plan`` the new
    PlanResult, ``.model`` the re-planned model."""
    plan = _plan_of(model, plan)
    return _with_actuals(actuals, lambda path: _gosplan._replan(
        plan, path, int(from_year), int(freeze), int(extend), [str(a) for a in abandon],
        objective, solver, float(time_limit), float(tolerance), bool(polish),
        None if out is None else os.fspath(out), bool(overwrite), progress))


def explain(model, plan, product=None, enterprise=None, technique=None, year=None, top=10,
            region=None):
    """Explains one product, enterprise or technique of a plan in a calendar ``year``, like
    ``gosplan explain MODEL PLAN --product ID --year Y [--region R]``. Returns an ExplainResult;
    ``to_dict()`` is gosplan.explain/1. ``region``: on a regional plan, a product's balance and
    price in that region (default: the first region's price, national destinations)."""
    given = [(s, i) for s, i in (("product", product), ("enterprise", enterprise),
                                  ("technique", technique)) if i is not None]
    if len(given) != 1:
        raise ValueError("explain one of product=, enterprise= or technique=")
    if year is None:
        raise ValueError("year= (a calendar year of the plan) is required")
    subject, identifier = given[0]
    plan = _plan_of(model, plan)
    # An unknown id or a year outside the plan: InputError from the library.
    return _gosplan._explain(plan, subject, str(identifier), int(year), int(top),
                             "" if region is None else str(region))


def compare(plan_a, plan_b, model=None, tolerance=1e-9):
    """The differences between two plans of one model (B − A), like ``gosplan compare MODEL A
    B``: each plan a PlanResult or a plan folder (then ``model`` is the model folder). Returns a
    CompareResult; ``to_dict()`` is gosplan.compare/1."""
    if tolerance < 0:
        raise ValueError("tolerance must be ≥ 0")
    a = _plan_of(model, plan_a)
    b = _plan_of(model, plan_b)
    return _gosplan._compare(a, b, float(tolerance))
