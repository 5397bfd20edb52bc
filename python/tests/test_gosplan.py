"""Tests of the gosplan Python module against published answers, hand derivations and the CLI.

Run by CTest (python_gosplan) with PYTHONPATH=build/python, GOSPLAN_CLI and GOSPLAN_SOURCE_DIR
set; by hand: PYTHONPATH=build/python python3 -m pytest python/tests
"""

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse

import gosplan

SOURCE = Path(os.environ.get("GOSPLAN_SOURCE_DIR", Path(__file__).resolve().parents[2]))
CLI = os.environ.get("GOSPLAN_CLI", str(SOURCE / "build" / "gosplan"))
DATA = SOURCE / "tests" / "data"
USSR = SOURCE / "examples" / "ussr-1928"
TWO_SECTOR = SOURCE / "examples" / "two-sector"
EUROSTAT = DATA / "io" / "eurostat-germany-1995.csv"
DAKOTA = DATA / "lp" / "textbook" / "dakota_winston.mps"


def cli_json(*arguments):
    """The parsed stdout of `gosplan ARGUMENTS --format json -q` (the independent path)."""
    run = subprocess.run([CLI, *map(str, arguments), "--format", "json", "-q"],
                         capture_output=True, text=True, check=False)
    assert run.stdout, run.stderr
    return json.loads(run.stdout)


# ---- Input-output -------------------------------------------------------------------------------

def eurostat_table():
    """Z, x, y, GVA and employment of the Eurostat table, read with the csv module (not gosplan)."""
    with open(EUROSTAT, newline="") as stream:
        rows = list(csv.reader(stream))
    header, body = rows[0], {row[0]: row[1:] for row in rows[1:]}
    sectors = header[1:7]
    flows = np.array([[float(v) for v in body[s][:6]] for s in sectors])
    final = np.array([[float(v) for v in body[s][6:11]] for s in sectors]).sum(axis=1)
    output = np.array([float(body[s][11]) for s in sectors])
    gva = np.array([float(v) for v in body["gross_value_added"][:6]])
    employment = np.array([float(v) for v in body["employment"][:6]])
    return sectors, flows, final, output, gva, employment


# Eurostat Manual of Supply, Use and Input-Output Tables (2008), table 15.4, Germany 1995
# (../shared/data/README.md): output multipliers, Leontief diagonal, GVA and employment multipliers.
PUBLISHED_OUTPUT_MULTIPLIERS = [1.7048, 1.8413, 1.8136, 1.6035, 1.5951, 1.3782]
PUBLISHED_DIAGONAL = [1.0339, 1.4292, 1.0289, 1.1784, 1.4126, 1.0515]
PUBLISHED_GVA_MULTIPLIERS = [0.8450, 0.7647, 0.8615, 0.9019, 0.9393, 0.9199]
PUBLISHED_EMPLOYMENT_MULTIPLIERS = [0.0326, 0.0162, 0.0207, 0.0237, 0.0112, 0.0242]


@pytest.mark.parametrize("form", ["csr", "csc", "coo", "dense"])
def test_eurostat_multipliers_from_scipy_sparse(form):
    sectors, flows, final, output, gva, employment = eurostat_table()
    # A = Z diag(x)^-1, built sparse (the matrix never becomes dense on the way to the library).
    A = scipy.sparse.coo_matrix(flows) @ scipy.sparse.diags(1.0 / output)
    A = A.toarray() if form == "dense" else A.asformat(form)
    result = gosplan.io_analysis(A, final, sectors=sectors,
                                 primary={"gva": gva / output, "employment": employment / output})
    # Published to 4 decimals: agreement within half a unit of the last digit (plus rounding of
    # the published table itself).
    np.testing.assert_allclose(result.output_multipliers, PUBLISHED_OUTPUT_MULTIPLIERS, atol=6e-4)
    np.testing.assert_allclose(result.leontief_diagonal, PUBLISHED_DIAGONAL, atol=6e-4)
    assert result.multiplier_names == ["gva", "employment"]
    np.testing.assert_allclose(result.multipliers[0], PUBLISHED_GVA_MULTIPLIERS, atol=6e-4)
    np.testing.assert_allclose(result.multipliers[1], PUBLISHED_EMPLOYMENT_MULTIPLIERS, atol=6e-4)
    # L y reproduces the table's own total output (the table balances: x = Z 1 + y).
    np.testing.assert_allclose(result.x, output, rtol=1e-9)
    try:
        import pandas  # noqa: F401  (optional: DataFrames only where pandas is installed)
    except ImportError:
        return
    frame = result.to_pandas()
    assert list(frame.index) == sectors
    np.testing.assert_allclose(frame["gva_multiplier"], PUBLISHED_GVA_MULTIPLIERS, atol=6e-4)


def test_io_table_analysis_equals_the_cli_document():
    table = gosplan.io_table(EUROSTAT)
    assert table.sectors[:2] == ["agriculture", "industry"]
    assert isinstance(table.coefficients, scipy.sparse.csc_matrix)
    # A[industry, agriculture] = Z / x = 7930 / 43910 (the table's own numbers).
    assert table.coefficients[1, 0] == pytest.approx(7930 / 43910, rel=1e-12)
    result = gosplan.io_analysis(table)
    assert result.to_dict() == cli_json("io", EUROSTAT)
    np.testing.assert_allclose(result.output_multipliers, PUBLISHED_OUTPUT_MULTIPLIERS, atol=6e-4)


def test_io_analysis_of_a_non_canonical_sparse_matrix():
    # A = [[0.1, 0], [0.2, 0.1]] stored with column 0's rows out of order and A[1,0] split in two
    # duplicates (0.15 + 0.05). By hand, (I − A) x = y with y = (0.9, 0.9): 0.9 x1 = 0.9 → x1 = 1;
    # −0.2 x1 + 0.9 x2 = 0.9 → x2 = 1.1 / 0.9 = 11/9.
    A = scipy.sparse.csc_matrix((np.array([0.15, 0.1, 0.05, 0.1]), np.array([1, 0, 1, 1]),
                                 np.array([0, 3, 4])), shape=(2, 2))
    assert not A.has_canonical_format
    result = gosplan.io_analysis(A, [0.9, 0.9])
    np.testing.assert_allclose(result.x, [1, 11 / 9], rtol=1e-12)
    assert not A.has_canonical_format  # the caller's matrix is left as it was
    for preconditioner in ("ilut", "diagonal"):
        iterative = gosplan.io_analysis(A, [0.9, 0.9], method="iterative",
                                        preconditioner=preconditioner)
        np.testing.assert_allclose(iterative.x, [1, 11 / 9], rtol=1e-10)
    with pytest.raises(ValueError):
        gosplan.io_analysis(A, [0.9, 0.9], preconditioner="none")


def test_a_bad_io_table_cell_raises_input_error(tmp_path):
    table = tmp_path / "table.csv"
    # Line 2, field 3 (the flow from a to b) is not a number.
    table.write_text("sector,a,b,households,total_output\na,1,x,8,10\nb,2,3,5,10\n")
    with pytest.raises(gosplan.InputError) as raised:
        gosplan.io_table(table)
    assert (raised.value.file, raised.value.line, raised.value.column) == (str(table), 2, 3)


def test_io_analysis_rejects_an_unproductive_matrix():
    # A single sector that uses 1.5 units of itself per unit: ρ(A) = 1.5 ≥ 1, no x ≥ 0 exists.
    with pytest.raises(gosplan.InputError):
        gosplan.io_analysis(np.array([[1.5]]), [1.0])


# ---- Models, plans, verification ----------------------------------------------------------------

def test_load_model():
    model = gosplan.load_model(TWO_SECTOR)
    # examples/two-sector/products.csv and model.toml.
    assert model.products == ["grain", "steel", "tractors"]
    assert model.horizon == 3 and model.base_year == 1928
    # resource_availability.csv: labour 30, 31, 32.5 in 1929..1931.
    np.testing.assert_array_equal(model.resource_availability[model.resources.index("labour")],
                                  [30, 31, 32.5])
    assert model.to_dict() == cli_json("model", "check", TWO_SECTOR)


def test_model_tables_as_sparse_matrices_and_data_frames():
    model = gosplan.load_model(TWO_SECTOR)
    # technique_inputs.csv read with the csv module: every (technique, product, coefficient) row
    # is one entry of model.inputs, and nothing else is.
    with open(TWO_SECTOR / "technique_inputs.csv", newline="") as stream:
        rows = [row for row in csv.reader(stream) if row and not row[0].startswith("#")][1:]
    inputs = model.inputs
    assert isinstance(inputs, scipy.sparse.csr_matrix)
    assert inputs.shape == (len(model.techniques), len(model.products))
    assert inputs.nnz == len(rows)
    for technique, product, coefficient in rows:
        assert inputs[model.techniques.index(technique), model.products.index(product)] == \
            float(coefficient)
    # technique_outputs.csv: tractor_assembly makes 1 tractor per unit of activity.
    assert model.outputs[model.techniques.index("tractor_assembly"),
                         model.products.index("tractors")] == 1
    try:
        import pandas  # noqa: F401
    except ImportError:
        return
    # products.csv: steel,Steel,Mt,A,true,0.01,0.8,3
    products = model.to_pandas("products")
    assert products.loc["steel", "unit"] == "Mt"
    assert products.loc["steel", "priority_weight"] == 3
    assert products.loc["steel", "group"] == "A"
    table = model.to_pandas("inputs")
    assert table.loc["grain_by_hand", "grain"] == 0.12


def test_plan_of_ussr_1928_equals_the_cli(tmp_path):
    result = gosplan.plan(USSR, out=tmp_path / "plan")
    assert result.status == "optimal"
    document = result.to_dict()
    assert document == cli_json("plan", USSR)
    # The plan folder's summary.json is the same document (what `gosplan plan --out` writes).
    assert json.loads((tmp_path / "plan" / "summary.json").read_text()) == document
    assert len(result.fulfilment) == 5
    # The numpy vector holds the document's numbers (JSON keeps doubles in round-trip form).
    np.testing.assert_array_equal(result.fulfilment,
                                  [year["fulfilment"] for year in document["fulfilment"]])
    # The independent checker agrees: every row holds and the prices prove optimality.
    verified = gosplan.verify(USSR, tmp_path / "plan")
    assert verified.ok, verified.text()
    assert verified.to_dict() == cli_json("verify", USSR, tmp_path / "plan")


# The broken callback below is reported through sys.unraisablehook, which pytest turns into this
# warning: expected here.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_progress_reaches_python_and_does_not_change_the_plan():
    messages = []
    with_progress = gosplan.plan(TWO_SECTOR, progress=messages.append)
    assert messages and all(isinstance(message, str) for message in messages)
    assert any("CLP" in message for message in messages)  # the solver's own lines come too
    assert with_progress.to_dict() == gosplan.plan(TWO_SECTOR).to_dict()

    def failing(message):
        raise RuntimeError("a broken callback")

    # An exception in the callback is reported as unraisable; the solve goes on.
    assert gosplan.plan(TWO_SECTOR, progress=failing).status == "optimal"


def test_pdlp_progress_is_a_dict_per_termination_check():
    checks = []
    result = gosplan.solve_lp(DATA / "lp" / "netlib" / "afiro.mps", solver="pdlp",
                              progress=checks.append)
    assert result.status == "optimal"
    # Netlib readme: afiro's optimum is −4.6475314286E+02 (PDLP: to its relative tolerance 1e-4).
    assert result.objective == pytest.approx(-464.75314286, rel=1e-3)
    assert checks and {"iteration", "relative_gap", "primal_objective"} <= set(checks[0])
    iterations = [check["iteration"] for check in checks]
    assert iterations == sorted(iterations)


def test_check_of_an_impossible_quota():
    # examples/two-sector/targets.csv asks for 7.5 Mt of steel in 1931, but steel is made only by
    # steel_open_hearth at Putilov with max_activity 6 and output 1 (enterprise_techniques.csv,
    # technique_outputs.csv): at most 6 Mt a year, so the quotas cannot all hold.
    result = gosplan.check(TWO_SECTOR)
    assert not result.feasible
    assert result.weighted_shortfall > 0
    assert result.to_dict() == cli_json("check", TWO_SECTOR)


def test_an_infeasible_plan_is_a_result_not_an_exception(tmp_path):
    # Quotas as law with the 7.5 Mt steel quota above (at most 6 Mt can be made): no plan exists.
    result = gosplan.plan(TWO_SECTOR, quotas_as_constraints=True)
    assert result.status == "infeasible"
    assert not result.has_plan


def test_bad_input_raises_input_error_with_the_location(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(TWO_SECTOR, folder)
    inputs = folder / "technique_inputs.csv"
    lines = inputs.read_text().splitlines()
    assert lines[2] == "grain_by_hand,grain,0.12"  # line 3: header, comment, this row
    lines[2] = "grain_by_hand,grain,twelve"
    inputs.write_text("\n".join(lines) + "\n")
    with pytest.raises(gosplan.InputError) as raised:
        gosplan.load_model(folder)
    error = raised.value
    assert isinstance(error, ValueError)
    assert Path(error.file).name == "technique_inputs.csv"
    assert (error.line, error.column) == (3, 3)
    assert "technique_inputs.csv:3:3" in str(error)
    assert error.diagnostics[0]["line"] == 3


def test_invalid_options_raise_value_error():
    with pytest.raises(ValueError) as raised:
        gosplan.plan(TWO_SECTOR, time_limit=-1)
    assert not isinstance(raised.value, gosplan.InputError)
    with pytest.raises(ValueError):
        gosplan.plan(TWO_SECTOR, objective="most_steel")


# ---- Growth -------------------------------------------------------------------------------------

def test_growth_of_one_good():
    # One activity turning 1 unit of a good into 1.5 units: α = β = 1.5 (by hand).
    result = gosplan.growth(np.array([[1.0]]), np.array([[1.5]]))
    assert result.status == "solved"
    assert result.alpha == pytest.approx(1.5, abs=1e-9)
    assert result.beta == pytest.approx(1.5, abs=1e-9)


def test_growth_of_a_model_equals_the_cli():
    result = gosplan.growth(gosplan.load_model(TWO_SECTOR))
    assert result.to_dict() == cli_json("growth", TWO_SECTOR)


# ---- Linear programs ----------------------------------------------------------------------------

def test_dakota_duals_from_mps():
    result = gosplan.solve_lp(DAKOTA)
    # Winston, Operations Research, Sec. 6.3: max 280, shadow prices finishing 10, carpentry 10,
    # lumber 0. The MPS minimises −revenue, so the duals of the minimisation are −10, −10, 0.
    assert result.status == "optimal"
    assert result.objective == pytest.approx(-280, abs=1e-9)
    duals = dict(zip(result.row_names, result.duals))
    assert duals["FINISH"] == pytest.approx(-10, abs=1e-9)
    assert duals["CARPENT"] == pytest.approx(-10, abs=1e-9)
    assert duals["LUMBER"] == pytest.approx(0, abs=1e-9)
    assert result.to_dict() == cli_json("lp", DAKOTA)


@pytest.mark.parametrize("sparse", [False, True])
def test_dakota_as_arrays(sparse):
    # The same LP written out (the MPS file's comment): desks, tables, chairs.
    A_ub = np.array([[8, 6, 1], [4, 2, 1.5], [2, 1.5, 0.5], [0, 1, 0]], dtype=float)
    if sparse:
        A_ub = scipy.sparse.csr_matrix(A_ub)
    result = gosplan.solve_lp([60, 30, 20], A_ub=A_ub, b_ub=[48, 20, 8, 5], maximize=True)
    assert result.objective == pytest.approx(280, abs=1e-9)
    np.testing.assert_allclose(result.x, [2, 0, 8], atol=1e-9)
    # Maximisation: binding ≤ rows have duals ≥ 0 (lumber 0, finishing 10, carpentry 10, demand 0).
    np.testing.assert_allclose(result.duals, [0, 10, 10, 0], atol=1e-9)


def test_solve_lp_with_equalities_and_bounds():
    # min x + 2y s.t. x + y = 3, 0 ≤ x ≤ 1, y ≥ 0: x = 1, y = 2, objective 5 (by hand); the dual of
    # the equality is 2 (one more unit of the right-hand side must come from y).
    result = gosplan.solve_lp([1, 2], A_eq=[[1, 1]], b_eq=[3], bounds=[(0, 1), (0, None)])
    assert result.status == "optimal"
    np.testing.assert_allclose(result.x, [1, 2], atol=1e-9)
    assert result.objective == pytest.approx(5)
    np.testing.assert_allclose(result.duals, [2], atol=1e-9)


def test_infeasible_lp_is_a_status():
    # x ≥ 2 and x ≤ 1 cannot both hold.
    result = gosplan.solve_lp([1], A_ub=[[1]], b_ub=[1], bounds=(2, None))
    assert result.status == "infeasible"


# ---- The walk-through (docs/python.md) ----------------------------------------------------------

def test_walkthrough_runs():
    script = SOURCE / "examples" / "python" / "walkthrough.py"
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stderr
    assert "output multipliers" in run.stdout
    assert "plan: optimal" in run.stdout
