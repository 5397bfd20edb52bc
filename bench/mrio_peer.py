#!/usr/bin/python3
"""Peer of `gosplan io --satellite --footprints`: pymrio's formulas written out in numpy.

Usage: mrio_peer.py FOLDER [GOSPLAN_CSV GOSPLAN_FOOTPRINTS_CSV]

FOLDER holds the files of `gosplan generate --mrio` (table.csv, satellite.csv,
satellite_final_demand.csv). Two routes, each timed on its own (file reading is timed apart):
  pymrio  - pymrio's calc_A, calc_L (numpy.linalg.inv), calc_S, calc_M (S @ L), then the regional
            accounts of calc_accounts (Stadler et al. 2018) at region level: X = L @ Y_region,
            consumption-based M @ Y_region, production-based S * x, imports and exports from X,
            final users' direct emissions in the production- and consumption-based accounts.
            (pymrio's own calc_accounts also forms x_diag = L @ Y_diag with one column per region
            and product, an extra n^3 product for the per-product detail; not done here, as
            gosplan's regional totals do not need it.)
  lu      - scipy.linalg.lu_factor once, then lu_solve with all stressors as right-hand sides
            (trans=1) and the regions' final demand (trans=0): LU plus transposed solves.
With gosplan's outputs (io --format csv and --write-footprints) it prints the largest relative
differences of the multipliers and footprints against the pymrio route.
Debian's numpy uses the reference BLAS unless libopenblas0-pthread is installed (or its folder is
on LD_LIBRARY_PATH): bench/mrio_footprints_bench.sh arranges that.
"""
import sys
import time

import numpy as np
import pandas as pd
import scipy.linalg


def main():
    folder = sys.argv[1]
    started = time.perf_counter()
    table = pd.read_csv(folder + "/table.csv", index_col=0)
    satellite = pd.read_csv(folder + "/satellite.csv", index_col=0)
    direct = pd.read_csv(folder + "/satellite_final_demand.csv", index_col=0)
    n = len(table.index) - 2  # the primary rows value_added and employment come last
    labels = list(table.index[:n])
    z = table.iloc[:n, :n].to_numpy()
    final = table.iloc[:n, n:-1]
    x = table["total_output"].to_numpy()[:n]
    f = satellite[labels].to_numpy()
    stressors = list(satellite.index)
    load_seconds = time.perf_counter() - started
    region_of_label = [label.split("/")[0] for label in labels]
    regions = list(dict.fromkeys(region_of_label))
    region_index = {r: k for k, r in enumerate(regions)}
    sector_region = np.array([region_index[r] for r in region_of_label])
    y_region = np.zeros((n, len(regions)))
    for column in final.columns:
        y_region[:, region_index[column.split("/")[0]]] += final[column].to_numpy()
    f_y = np.zeros((len(stressors), len(regions)))
    stressor_index = {s: k for k, s in enumerate(stressors)}
    for name, row in direct.iterrows():
        for column, value in row.items():
            f_y[stressor_index[name], region_index[column.split("/")[0]]] += value
    membership = np.zeros((n, len(regions)))
    membership[np.arange(n), sector_region] = 1.0

    def accounts(s, m, caused):
        x_hat = caused.sum(axis=1)
        everywhere = s @ caused
        domestic = (s * caused[np.arange(n), sector_region]) @ membership
        produced = (s * x_hat) @ membership
        return {
            "production_based": produced + f_y,
            "consumption_based": m @ y_region + f_y,
            "imports": everywhere - domestic,
            "exports": produced - domestic,
        }

    # pymrio: inverse, then S·L.
    started = time.perf_counter()
    a = z / x
    leontief = np.linalg.inv(np.eye(n) - a)
    s = f / x
    m = s @ leontief
    caused = leontief @ y_region
    pymrio = accounts(s, m, caused)
    pymrio_seconds = time.perf_counter() - started

    # LU plus transposed solves, all right-hand sides at once.
    started = time.perf_counter()
    a = z / x
    factor = scipy.linalg.lu_factor(np.eye(n) - a, check_finite=False)
    s = f / x
    m_lu = scipy.linalg.lu_solve(factor, s.T, trans=1, check_finite=False).T
    caused_lu = scipy.linalg.lu_solve(factor, y_region, check_finite=False)
    lu = accounts(s, m_lu, caused_lu)
    lu_seconds = time.perf_counter() - started

    def relative(p, q):
        return float(np.max(np.abs(p - q)) / max(np.max(np.abs(q)), 1e-300))

    print(f"peer: n = {n} sectors, {len(regions)} regions, {len(stressors)} stressors")
    print(f"peer: read files {load_seconds:.2f} s (pandas)")
    print(f"peer: pymrio (numpy inv, S @ L, regional accounts) {pymrio_seconds:.2f} s")
    print(f"peer: LU + transposed solves (scipy lu_factor/lu_solve) {lu_seconds:.2f} s")
    print(f"peer: LU route vs pymrio route: multipliers {relative(m_lu, m):.2e}, "
          f"consumption-based {relative(lu['consumption_based'], pymrio['consumption_based']):.2e}")
    if len(sys.argv) > 3:
        ours = pd.read_csv(sys.argv[2], index_col=0)
        columns = [name + "_multiplier" for name in stressors]
        m_gosplan = ours[columns].to_numpy().T
        print(f"peer: gosplan vs pymrio: multipliers max relative difference "
              f"{relative(m_gosplan, m):.2e}")
        footprints = pd.read_csv(sys.argv[3])
        footprints = footprints[footprints["stressor"].isin(stressor_index)]
        worst = 0.0
        for account, values in pymrio.items():
            expected = values[[stressor_index[k] for k in footprints["stressor"]],
                              [region_index[r] for r in footprints["region"]]]
            worst = max(worst, relative(footprints[account].to_numpy(), expected))
        print(f"peer: gosplan vs pymrio: regional accounts max relative difference {worst:.2e}")


if __name__ == "__main__":
    main()
