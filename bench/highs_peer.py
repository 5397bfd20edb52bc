#!/usr/bin/python3
"""The HiGHS peer: solves an MPS file that `gosplan plan --write-mps` (or any free-format MPS
writer) produced with HiGHS through scipy.optimize.linprog (Debian's python3-scipy ships HiGHS),
and prints one JSON line: method, status, objective of the file (a minimisation), seconds of the
linprog call alone (reading the file is not timed), iterations, and the load average at the start.

Usage: bench/highs_peer.py FILE.mps [--method highs-ds|highs-ipm] [--time-limit SECONDS]

scipy has no MPS reader, so this script reads the free-format MPS dialect that gosplan writes
(src/lp/mps_writer.cc: ROWS N/L/G/E, COLUMNS, RHS including the objective row's constant, RANGES,
BOUNDS UP/LO/FX/FR/MI/PL) into the arrays linprog takes: A_ub x <= b_ub (L rows, G rows negated,
both halves of a ranged row), A_eq x = b_eq, bounds per column. "No answer in N s" is a result:
status time_limit.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp
from scipy.optimize import linprog


def read_mps(path):
    row_type, row_index = [], {}
    objective_row = None
    columns, column_index = [], {}
    cost = []
    entries_row, entries_column, entries_value = [], [], []
    rhs, ranges = {}, {}
    lower, upper = {}, {}
    offset = 0.0
    section = None
    with open(path) as mps:
        for line in mps:
            if not line.strip() or line.startswith("*"):
                continue
            if not line[0].isspace():
                section = line.split()[0]
                if section == "ENDATA":
                    break
                continue
            fields = line.split()
            if section == "ROWS":
                kind, name = fields
                if kind == "N":
                    if objective_row is None:
                        objective_row = name
                    continue
                row_index[name] = len(row_type)
                row_type.append(kind)
            elif section == "COLUMNS":
                name = fields[0]
                j = column_index.get(name)
                if j is None:
                    j = column_index[name] = len(columns)
                    columns.append(name)
                    cost.append(0.0)
                for k in range(1, len(fields) - 1, 2):
                    row, value = fields[k], float(fields[k + 1])
                    if row == objective_row:
                        cost[j] += value
                    elif row in row_index:
                        entries_row.append(row_index[row])
                        entries_column.append(j)
                        entries_value.append(value)
            elif section in ("RHS", "RANGES"):
                pairs = fields[1:] if len(fields) % 2 == 1 else fields
                for k in range(0, len(pairs) - 1, 2):
                    row, value = pairs[k], float(pairs[k + 1])
                    if section == "RHS":
                        if row == objective_row:
                            offset = -value  # MPS: the objective row's RHS is minus the constant
                        else:
                            rhs[row_index[row]] = value
                    else:
                        ranges[row_index[row]] = value
            elif section == "BOUNDS":
                kind, name = fields[0], fields[2]
                j = column_index[name]
                value = float(fields[3]) if len(fields) > 3 else 0.0
                if kind == "UP":
                    upper[j] = value
                elif kind == "LO":
                    lower[j] = value
                elif kind == "FX":
                    lower[j] = upper[j] = value
                elif kind == "FR":
                    lower[j], upper[j] = -math.inf, math.inf
                elif kind == "MI":
                    lower[j] = -math.inf
                elif kind == "PL":
                    upper[j] = math.inf
                else:
                    sys.exit(f"{path}: bound type {kind} is not read by this peer")
    m, n = len(row_type), len(columns)
    matrix = sp.csr_matrix((entries_value, (entries_row, entries_column)), shape=(m, n))
    row_lower = np.full(m, -math.inf)
    row_upper = np.full(m, math.inf)
    for i, kind in enumerate(row_type):
        b = rhs.get(i, 0.0)
        r = ranges.get(i)
        if kind == "E":
            row_lower[i] = row_upper[i] = b
            if r is not None:
                (row_upper if r > 0 else row_lower)[i] = b + r
        elif kind == "L":
            row_upper[i] = b
            if r is not None:
                row_lower[i] = b - abs(r)
        elif kind == "G":
            row_lower[i] = b if b > -1e30 else -math.inf
            if r is not None:
                row_upper[i] = b + abs(r)
    bounds = [(lower.get(j, 0.0), upper.get(j, math.inf)) for j in range(n)]
    bounds = [(None if lo == -math.inf else lo, None if up == math.inf else up) for lo, up in bounds]
    return np.array(cost), offset, matrix, row_lower, row_upper, bounds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mps")
    parser.add_argument("--method", default="highs-ds", choices=["highs-ds", "highs-ipm"])
    parser.add_argument("--time-limit", type=float, default=600.0)
    args = parser.parse_args()
    cost, offset, matrix, row_lower, row_upper, bounds = read_mps(args.mps)
    equal = row_lower == row_upper
    has_upper = ~equal & np.isfinite(row_upper)
    has_lower = ~equal & np.isfinite(row_lower)
    a_ub = sp.vstack([matrix[has_upper], -matrix[has_lower]]).tocsr()
    b_ub = np.concatenate([row_upper[has_upper], -row_lower[has_lower]])
    load = open("/proc/loadavg").read().split()[0]
    start = time.perf_counter()
    result = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=matrix[equal].tocsr(), b_eq=row_lower[equal],
                     bounds=bounds, method=args.method,
                     options={"time_limit": args.time_limit, "presolve": True})
    seconds = time.perf_counter() - start
    # linprog's statuses: 0 optimal, 1 iteration or time limit, 2 infeasible, 3 unbounded, 4 other.
    status = {0: "optimal", 1: "time_limit", 2: "infeasible", 3: "unbounded"}.get(result.status,
                                                                                  "error")
    print(json.dumps({
        "peer": f"HiGHS {args.method} (scipy {scipy.__version__})",
        "status": status,
        "objective": float(result.fun) + offset if result.status == 0 else None,
        "seconds": round(seconds, 3),
        "iterations": int(getattr(result, "nit", 0) or 0),
        "rows": int(matrix.shape[0]),
        "columns": int(matrix.shape[1]),
        "load": float(load),
        "cpus": os.cpu_count(),
    }))


if __name__ == "__main__":
    main()
