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
    "solve_lp",
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


from ._gosplan import (  # noqa: E402  (InputError must exist before the extension raises it)
    CheckResult,
    GrowthResult,
    IoResult,
    IoTable,
    LpResult,
    Model,
    PlanResult,
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
         price_numeraire="", progress=None):
    """Solves the plan of ``model`` (a Model or a model folder), like ``gosplan plan``.

    ``objective``: plan_ray, min_resources or priority_output (None: model.toml's); ``solver``:
    clp, pdlp or auto (None: model.toml's); ``out``: also write the plan folder there. Returns a
    PlanResult whose ``to_dict()`` is the plan's summary.json (an infeasible model gives a result
    with status "infeasible", not an exception). ``progress``: a callable given each progress
    message (str) of the solve, CLP's lines included.
    """
    return _gosplan._plan(_model(model), objective, solver, algorithm, float(time_limit),
                          float(tolerance), bool(polish), quotas_as_constraints,
                          price_numeraire, None if out is None else os.fspath(out),
                          bool(overwrite), progress)


def verify(model, plan_folder, tolerance=None):
    """Checks a plan folder against its model folder, like ``gosplan verify``."""
    return _gosplan._verify(_path(model), os.fspath(plan_folder), tolerance)


def check(model, quotas=None, max_years=30, time_limit=0.0, total_time_limit=0.0, max_solves=0,
          earliest_year=True, conflict=True, progress=None):
    """Diagnoses the model's quotas (or those of the file ``quotas``), like ``gosplan check``.

    ``progress``: a callable given each progress message (str)."""
    return _gosplan._check(_model(model), None if quotas is None else os.fspath(quotas),
                           int(max_years), float(time_limit), float(total_time_limit),
                           int(max_solves), bool(earliest_year), bool(conflict), progress)


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
                inverse=False, diagonal_limit=2000, rows=()):
    """Leontief analysis x = (I − A)⁻¹ y with output and primary-input multipliers.

    ``A``: an IoTable (``y`` defaults to its total final demand), or the n × n technical
    coefficients as a numpy array or any scipy.sparse matrix (never densified). ``primary``:
    {name: coefficients per unit of output (length n)}; ``sectors``: n names (default s1..sn).
    ``method``: auto, direct or iterative and ``preconditioner``: ilut or diagonal, as
    ``gosplan io --method/--preconditioner`` (docs/io.md). Returns an IoResult; ``to_dict()`` is
    the gosplan.io/1 document.
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
    demand = None if y is None else _np.ascontiguousarray(y, dtype=_np.float64).reshape(-1)
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
