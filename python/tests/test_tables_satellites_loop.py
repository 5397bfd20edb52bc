"""Models from DataFrames and back, satellites and footprints, and the planning loop (track,
replan, explain, compare) of the gosplan Python module, against the CLI's documents, the library's
own writer and independent numpy computations.

Run by CTest (python_gosplan) with PYTHONPATH=build/python, GOSPLAN_CLI and GOSPLAN_SOURCE_DIR set.
"""

import csv
import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse

import gosplan

try:
    import pandas
except ImportError:  # DataFrames only where pandas is installed (python3-pandas)
    pandas = None
needs_pandas = pytest.mark.skipif(pandas is None, reason="needs pandas")

SOURCE = Path(os.environ.get("GOSPLAN_SOURCE_DIR", Path(__file__).resolve().parents[2]))
CLI = os.environ.get("GOSPLAN_CLI", str(SOURCE / "build" / "gosplan"))
USSR = SOURCE / "examples" / "ussr-1928"
TWO_SECTOR = SOURCE / "examples" / "two-sector"
PYMRIO = SOURCE / "tests" / "data" / "io" / "pymrio-test-mrio-6x8.csv"


def cli(*arguments):
    return subprocess.run([CLI, *map(str, arguments)], capture_output=True, text=True,
                          check=False)


def cli_json(*arguments):
    """The parsed stdout of `gosplan ARGUMENTS --format json -q` (the independent path)."""
    run = cli(*arguments, "--format", "json", "-q")
    assert run.stdout, run.stderr
    return json.loads(run.stdout)


def without(document, *keys):
    return {key: value for key, value in document.items() if key not in keys}


@pytest.fixture(scope="module")
def ussr_plans(tmp_path_factory):
    """Plan folders of examples/ussr-1928 made by the CLI: the model's objective (plan_ray) and
    min_resources."""
    folder = tmp_path_factory.mktemp("plans")
    for name, extra in (("ray", ()), ("min", ("--objective", "min_resources"))):
        run = cli("plan", "-q", USSR, "--out", folder / name, *extra)
        assert (folder / name / "summary.json").exists(), run.stderr
    return folder / "ray", folder / "min"


# ---- Models as tables ----------------------------------------------------------------------------

@needs_pandas
def test_tables_have_the_columns_the_writer_writes(tmp_path):
    model = gosplan.load_model(USSR)
    tables = model.tables()
    assert list(tables) == list(gosplan.MODEL_TABLES)
    # The headers of the files WriteModelFolder writes, read with the csv module.
    model.write(tmp_path / "written")
    for key, columns in gosplan.MODEL_TABLES.items():
        with open(tmp_path / "written" / f"{key}.csv", newline="") as stream:
            header = next(csv.reader(stream))
        assert header == [name for name, _ in columns], key
        assert list(tables[key].columns) == header, key
    # examples/ussr-1928/model.toml: base year 1928, horizon 5, plan_ray with five weights of 1.
    settings = model.settings()
    assert (settings["base_year"], settings["horizon"]) == (1928, 5)
    assert settings["objective"]["year_weights"] == [1, 1, 1, 1, 1]
    assert "tables" not in settings
    # products.csv of the example, read with the csv module: the same ids in the same order.
    with open(USSR / "products.csv", newline="") as stream:
        rows = [row for row in csv.reader(stream) if row and not row[0].startswith("#")]
    ids = [row[rows[0].index("id")] for row in rows[1:]]
    assert list(tables["products"]["id"]) == ids == model.products


@needs_pandas
def test_ussr_rebuilt_from_data_frames_checks_and_plans_as_the_original(tmp_path):
    model = gosplan.load_model(USSR)
    rebuilt = gosplan.model_from_tables(model.settings(), model.tables())
    assert rebuilt.folder == ""
    assert without(rebuilt.to_dict(), "folder") == without(model.to_dict(), "folder")
    rebuilt.write(tmp_path / "rebuilt")
    with pytest.raises(gosplan.InputError):  # an existing folder is not replaced ...
        rebuilt.write(tmp_path / "rebuilt")
    rebuilt.write(tmp_path / "rebuilt", overwrite=True)  # ... unless asked
    checked = cli("model", "check", "-q", tmp_path / "rebuilt")
    assert checked.returncode == 0, checked.stderr
    # The plan of the rebuilt model equals the original's summary.json; only where the model came
    # from differs (model_path, and model_checksum, a checksum of that folder's files).
    original = cli_json("plan", USSR)
    assert original["status"] == "optimal"
    origin = ("model_path", "model_checksum")
    assert without(cli_json("plan", tmp_path / "rebuilt"), *origin) == without(original, *origin)
    assert without(gosplan.plan(rebuilt).to_dict(), *origin) == without(original, *origin)


@needs_pandas
def test_a_model_from_hand_made_data_frames():
    # examples/two-sector's tables, products indexed by id (as Model.to_pandas gives them): the
    # index becomes the id column again.
    model = gosplan.load_model(TWO_SECTOR)
    tables = model.tables()
    tables["products"] = tables["products"].set_index("id")
    # An optional column left out takes its default: weight 1 (docs/model-format.md), where the
    # example's resources.csv gives land 0.1.
    tables["resources"] = tables["resources"][["id", "name", "unit"]]
    del tables["actuals"]  # an optional table left out is empty
    rebuilt = gosplan.model_from_tables(model.settings(), tables)
    assert rebuilt.products == model.products
    assert model.to_pandas("resources").loc["land", "weight"] == 0.1
    assert list(rebuilt.to_pandas("resources")["weight"]) == [1.0, 1.0]
    assert len(model.tables()["actuals"]) > 0 and len(rebuilt.tables()["actuals"]) == 0


@needs_pandas
def test_a_bad_data_frame_raises_input_error_naming_the_table_and_row():
    model = gosplan.load_model(TWO_SECTOR)
    settings, tables = model.settings(), model.tables()
    # Row 1 of products (steel, by examples/two-sector/products.csv) gets a negative initial stock.
    products = tables["products"].copy()
    assert products.loc[1, "id"] == "steel"
    products.loc[1, "initial_stock"] = -2.0
    with pytest.raises(gosplan.InputError) as raised:
        gosplan.model_from_tables(settings, dict(tables, products=products))
    error = raised.value
    assert (error.table, error.row, error.label, error.column_name) == \
        ("products", 1, 1, "initial_stock")
    assert str(error).startswith("table products, row 1 (label 1), column initial_stock: ")
    # Indexed by id, the label is the id.
    with pytest.raises(gosplan.InputError) as raised:
        gosplan.model_from_tables(settings, dict(tables, products=products.set_index("id")))
    assert (raised.value.row, raised.value.label) == (1, "steel")
    # An input naming a product the model does not have: technique_inputs row 0.
    inputs = tables["technique_inputs"].copy()
    inputs.loc[0, "product"] = "gold"
    with pytest.raises(gosplan.InputError) as raised:
        gosplan.model_from_tables(settings, dict(tables, technique_inputs=inputs))
    assert (raised.value.table, raised.value.row, raised.value.column_name) == \
        ("technique_inputs", 0, "product")
    assert "unknown product 'gold'" in str(raised.value)
    # A required table left out, and a bad setting.
    with pytest.raises(gosplan.InputError) as raised:
        gosplan.model_from_tables(settings, {k: v for k, v in tables.items() if k != "products"})
    assert raised.value.table == "products" and raised.value.row is None
    with pytest.raises(gosplan.InputError) as raised:
        gosplan.model_from_tables(dict(settings, horizon=0), tables)
    assert raised.value.table == "settings"
    with pytest.raises(ValueError):
        gosplan.model_from_tables(settings, dict(tables, prices=tables["products"]))


# ---- Satellites and footprints -------------------------------------------------------------------

def test_satellite_multipliers_against_numpy():
    # A small economy; the reference is numpy's dense inverse (an independent path):
    # x = (I − A)⁻¹ y, S = F·diag(x)⁻¹, M = S·(I − A)⁻¹.
    A = np.array([[0.1, 0.2, 0.0], [0.3, 0.1, 0.1], [0.0, 0.2, 0.2]])
    y = np.array([10.0, 5.0, 8.0])
    F = np.array([[4.0, 1.0, 2.5], [0.5, 3.0, 0.0]])
    inverse = np.linalg.inv(np.eye(3) - A)
    x = inverse @ y
    S = F / x
    result = gosplan.io_analysis(scipy.sparse.csr_matrix(A), y,
                                 satellite={"co2": F[0], "water": F[1]})
    assert result.stressors == ["co2", "water"]
    np.testing.assert_allclose(result.x, x, rtol=1e-12)
    np.testing.assert_allclose(result.stressor_coefficients, S, rtol=1e-12)
    np.testing.assert_allclose(result.stressor_multipliers, S @ inverse, rtol=1e-10)
    with pytest.raises(ValueError):
        gosplan.io_analysis(A, y, satellite={"co2": F[0][:2]})  # one value per sector
    with pytest.raises(ValueError):
        gosplan.io_analysis(A, y, satellite={"co2": [1.0, np.nan, 0.0]})


@needs_pandas
def test_satellite_as_a_data_frame():
    # As above; the stressors as a DataFrame with the sector columns in another order.
    A = np.array([[0.1, 0.2, 0.0], [0.3, 0.1, 0.1], [0.0, 0.2, 0.2]])
    y = np.array([10.0, 5.0, 8.0])
    F = np.array([[4.0, 1.0, 2.5], [0.5, 3.0, 0.0]])
    inverse = np.linalg.inv(np.eye(3) - A)
    S = F / (inverse @ y)
    satellite = pandas.DataFrame(F[:, ::-1], index=["co2", "water"], columns=["s3", "s2", "s1"])
    result = gosplan.io_analysis(A, y, satellite=satellite)
    np.testing.assert_allclose(result.stressor_multipliers, S @ inverse, rtol=1e-10)
    frame = result.to_pandas()
    np.testing.assert_allclose(frame["water_multiplier"], (S @ inverse)[1], rtol=1e-10)


def pymrio_table():
    """Sectors, Z, final-demand labels and columns, x and the emissions_air_kg row of pymrio's
    test MRIO, read with the csv module (not gosplan)."""
    with open(PYMRIO, newline="") as stream:
        rows = list(csv.reader(stream))
    header = rows[0]
    body = {row[0]: row[1:] for row in rows[1:]}
    sectors = [label for label in header[1:] if label in body]
    n = len(sectors)
    final_labels = header[1 + n:-1]
    assert header[-1] == "total_output"
    Z = np.array([[float(v) for v in body[s][:n]] for s in sectors])
    Y = np.array([[float(v) for v in body[s][n:n + len(final_labels)]] for s in sectors])
    x = np.array([float(body[s][-1]) for s in sectors])
    air = np.array([float(v) for v in body["emissions_air_kg"][:n]])
    return sectors, Z, final_labels, Y, x, air


def test_footprints_of_pymrio_test_mrio_against_numpy(tmp_path):
    sectors, Z, final_labels, Y, x, air = pymrio_table()
    assert len(sectors) == 48
    table = gosplan.io_table(PYMRIO)
    result = gosplan.io_analysis(table, satellite={"co2": air})  # labels region/sector: footprints
    regions = sorted({label.split("/")[0] for label in sectors})
    assert result.regions == regions
    k = result.stressors.index("co2")
    # pymrio's calc_accounts written densely: L = (I − A)⁻¹, s = F/x, Y_r the region's final-demand
    # columns summed; consumption-based C_r = s·L·Y_r, production-based P_r = Σ_{j∈r} s_j·x̂_j with
    # x̂ = L·Y·1; imports I_r = Σ_{j∉r} s_j (L Y_r)_j, exports E_r = Σ_{j∈r} s_j (x̂_j − (L Y_r)_j).
    A = Z / x
    L = np.linalg.inv(np.eye(len(sectors)) - A)
    s = air / x
    Y_by_region = np.column_stack(
        [Y[:, [c for c, label in enumerate(final_labels) if label.startswith(r + "/")]].sum(axis=1)
         for r in regions])
    X = L @ Y_by_region
    x_hat = X.sum(axis=1)
    in_region = np.array([[label.startswith(r + "/") for r in regions] for label in sectors])
    consumption = s @ X
    production = (s * x_hat) @ in_region
    imports = np.array([(s * X[:, r])[~in_region[:, r]].sum() for r in range(len(regions))])
    exports = np.array([(s * (x_hat - X[:, r]))[in_region[:, r]].sum()
                        for r in range(len(regions))])
    np.testing.assert_allclose(result.consumption[k], consumption, rtol=1e-9)
    np.testing.assert_allclose(result.production[k], production, rtol=1e-9)
    np.testing.assert_allclose(result.imports[k], imports, rtol=1e-9)
    np.testing.assert_allclose(result.exports[k], exports, rtol=1e-9)
    np.testing.assert_allclose(result.stressor_multipliers[k], s @ L, rtol=1e-9)
    assert result.identity_holds
    if pandas is not None:
        frame = result.to_pandas("footprints")
        assert frame.loc[("co2", "reg1"), "consumption"] == \
            pytest.approx(consumption[0], rel=1e-9)
    # The same analysis by the command line, the satellite as a file: the same document.
    satellite = tmp_path / "F.csv"
    with open(satellite, "w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["stressor", *sectors])
        writer.writerow(["co2", *[repr(v) for v in air]])
    assert result.to_dict() == cli_json("io", PYMRIO, "--satellite", satellite, "--footprints")


def test_satellite_final_demand_enters_the_regional_accounts():
    sectors, Z, final_labels, Y, x, air = pymrio_table()
    table = gosplan.io_table(PYMRIO)
    households = "reg1/Final consumption expenditure by households"
    plain = gosplan.io_analysis(table, satellite={"co2": air})
    direct = gosplan.io_analysis(table, satellite={"co2": air},
                                 satellite_final_demand={"co2": {households: 1000.0}})
    k = plain.stressors.index("co2")
    # Final users' own emissions go into both accounts of their region (reg1, position 0), never
    # into trade (io_footprints.h).
    np.testing.assert_allclose(direct.consumption[k] - plain.consumption[k],
                               [1000, 0, 0, 0, 0, 0], atol=1e-6)
    np.testing.assert_allclose(direct.production[k] - plain.production[k],
                               [1000, 0, 0, 0, 0, 0], atol=1e-6)
    np.testing.assert_allclose(direct.imports[k], plain.imports[k], rtol=1e-12)


# ---- The planning loop -----------------------------------------------------------------------------

def test_track_equals_the_cli(ussr_plans):
    plan, _ = ussr_plans
    result = gosplan.track(USSR, plan)  # the model's own actuals (1932)
    document = result.to_dict()
    assert document == cli_json("track", USSR, plan)
    assert document["schema"] == "gosplan.track/1"
    if pandas is not None:
        # The actuals as a DataFrame (examples/ussr-1928/actuals.csv read by pandas): the same.
        actuals = pandas.read_csv(USSR / "actuals.csv", comment="#")
        assert gosplan.track(USSR, plan, actuals).to_dict() == document
    assert gosplan.track(gosplan.load_model(USSR), gosplan.read_plan(USSR, plan)).to_dict() == \
        document


@needs_pandas
def test_track_of_a_bad_actuals_frame_names_the_row(ussr_plans):
    plan, _ = ussr_plans
    actuals = pandas.read_csv(USSR / "actuals.csv", comment="#")
    actuals.loc[3, "enterprise"] = "atlantis"
    with pytest.raises(gosplan.InputError) as raised:
        gosplan.track(USSR, plan, actuals)
    assert (raised.value.table, raised.value.row, raised.value.column_name) == \
        ("actuals", 3, "enterprise")


def test_replan_equals_the_cli(ussr_plans, tmp_path):
    plan, _ = ussr_plans
    actuals = USSR / "actuals.csv"
    out = tmp_path / "next"
    expected = cli_json("replan", USSR, plan, "--actuals", actuals, "--from", 1933, "--out", out)
    assert expected["schema"] == "gosplan.replan/1"
    # The same folder replaced: the documents name the same re-planned model (OUT/model).
    result = gosplan.replan(USSR, plan, actuals, 1933, out=out, overwrite=True)
    assert result.to_dict() == expected
    # (The example's re-plan from 1933 is infeasible: a result with its status, not an error.)
    assert result.status == expected["plan"]["status"]
    assert result.plan.status == result.status
    assert result.model.base_year == 1932 and result.model.horizon == 1
    # Without out the re-planned model lives in memory: the same plan, no model path.
    in_memory = gosplan.replan(USSR, plan, actuals, 1933).to_dict()
    assert in_memory["plan"]["model_path"] == ""
    origin = ("model_path", "model_checksum")
    assert without(in_memory["plan"], *origin) == without(expected["plan"], *origin)


def test_explain_equals_the_cli(ussr_plans):
    plan, _ = ussr_plans
    result = gosplan.explain(USSR, plan, product="steel", year=1931)
    assert result.to_dict() == cli_json("explain", USSR, plan, "--product", "steel", "--year",
                                        1931)
    technique = gosplan.load_model(USSR).techniques[0]
    assert gosplan.explain(USSR, plan, technique=technique, year=1930).to_dict() == \
        cli_json("explain", USSR, plan, "--technique", technique, "--year", 1930)
    with pytest.raises(ValueError):
        gosplan.explain(USSR, plan, product="steel")  # no year


def test_compare_equals_the_cli(ussr_plans):
    ray, minimum = ussr_plans
    result = gosplan.compare(ray, minimum, model=USSR)
    assert result.to_dict() == cli_json("compare", USSR, ray, minimum)
    assert result.difference_count > 0
    # compare.h: a plan compared with itself gives no difference.
    same = gosplan.read_plan(USSR, ray)
    assert gosplan.compare(same, same).difference_count == 0
