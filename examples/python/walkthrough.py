"""The walk-through of docs/python.md as one script: IO analysis of a real table, a plan, its
verification, a check of quotas that cannot hold, von Neumann growth, an LP, the model's tables as
DataFrames and the planning loop (track, re-plan, explain, compare).

Run from the source tree after the build:
    PYTHONPATH=build/python python3 examples/python/walkthrough.py [PLOT.png]
With a file name and matplotlib installed it also draws the plan's fulfilment λ per year.
"""

import sys
import tempfile
from pathlib import Path

import numpy as np

import gosplan

ROOT = Path(__file__).resolve().parents[2]

# 1. Input-output analysis of the Eurostat table of Germany 1995 (6 sectors, million EUR).
table = gosplan.io_table(ROOT / "tests/data/io/eurostat-germany-1995.csv")
io = gosplan.io_analysis(table)
print("sectors:", ", ".join(table.sectors))
print("output multipliers:", np.round(io.output_multipliers, 4))
employment = io.multipliers[io.multiplier_names.index("employment")]
print("employment multipliers (1000 persons per million EUR):", np.round(employment, 4))

# The same analysis from a scipy.sparse matrix of coefficients (A = Z / x), as pymrio users hold it.
try:
    import scipy.sparse

    A = table.coefficients  # a scipy.sparse.csc_matrix
    again = gosplan.io_analysis(scipy.sparse.csr_matrix(A), table.total_final_demand,
                                sectors=table.sectors)
    print("same multipliers from scipy.sparse:",
          bool(np.allclose(again.output_multipliers, io.output_multipliers, rtol=1e-12)))
except ImportError:
    pass

try:
    print(io.to_pandas()[["total_output", "output_multiplier"]].round(4).to_string())
except ImportError:
    pass

# 2. A plan of the USSR 1928 example, written as a plan folder, then verified independently.
model = gosplan.load_model(ROOT / "examples/ussr-1928")
print(model)
with tempfile.TemporaryDirectory() as scratch:
    plan = gosplan.plan(model, out=Path(scratch) / "plan")
    print(f"plan: {plan.status}, objective {plan.objective:.6g}")
    print("fulfilment λ per year:", np.round(plan.fulfilment, 4))
    summary = plan.to_dict()  # = summary.json = `gosplan plan --format json`
    print("summary keys:", ", ".join(list(summary)[:6]), "...")
    verified = gosplan.verify(model, Path(scratch) / "plan")
    print("verified:", verified.ok, f"({verified.checks} checks)")

# 3. Quotas that cannot all hold: the two-sector example asks for 7.5 Mt of steel in 1931.
checked = gosplan.check(ROOT / "examples/two-sector")
print("quotas feasible:", checked.feasible)
print(checked.conflict_sentence)

# 4. von Neumann growth of the same technology.
growth = gosplan.growth(gosplan.load_model(ROOT / "examples/two-sector"))
print(f"growth: {growth.status}, alpha {growth.alpha:.6f}, beta {growth.beta:.6f}")

# 5. Any LP, in scipy.optimize.linprog's form: Winston's Dakota furniture.
lp = gosplan.solve_lp([60, 30, 20], A_ub=[[8, 6, 1], [4, 2, 1.5], [2, 1.5, 0.5], [0, 1, 0]],
                      b_ub=[48, 20, 8, 5], maximize=True)
print(f"dakota: {lp.status}, revenue {lp.objective:g}, shadow prices {np.round(lp.duals, 6) + 0.0}")

# 6. The model's tables as DataFrames, a model rebuilt from them, and the planning loop on the
# plan folder: the 1932 reports tracked, the years from 1933 re-planned, the 1931 steel explained,
# the plan compared with the cheapest one (min_resources).
try:
    import pandas  # noqa: F401  (DataFrames only where pandas is installed)

    tables = model.tables()
    print("tables:", ", ".join(f"{key} {len(frame)}" for key, frame in tables.items()))
    rebuilt = gosplan.model_from_tables(model.settings(), tables)
    print("rebuilt from DataFrames:", rebuilt)
except ImportError:
    pass
with tempfile.TemporaryDirectory() as scratch:
    folder = Path(scratch) / "plan"
    plan.write(str(folder))
    tracked = gosplan.track(model, folder)
    print(tracked)
    replanned = gosplan.replan(model, folder, ROOT / "examples/ussr-1928/actuals.csv",
                               from_year=1933)
    print(replanned)
    steel = gosplan.explain(model, folder, product="steel", year=1931)
    print(steel.text().splitlines()[3])
    cheapest = gosplan.plan(model, objective="min_resources")
    print(gosplan.compare(gosplan.read_plan(model, folder), cheapest))

# 7. Errors carry the library's location.
try:
    gosplan.load_model(ROOT / "examples/no-such-model")
except gosplan.InputError as error:
    print("InputError:", error.file, error.line, error.column)

if len(sys.argv) > 1:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        years = model.base_year + 1 + np.arange(len(plan.fulfilment))
        plt.bar(years, plan.fulfilment)
        plt.ylabel("fulfilment λ")
        plt.title(model.name)
        plt.savefig(sys.argv[1])
        print("drew", sys.argv[1])
    except ImportError:
        print("matplotlib is not installed: no plot")
