#!/usr/bin/python3
"""How few variables must leave the old optimal basis's bounds to reach an optimum of the edited LP.

Usage: what_if_nearest_optimum.py EDITED.mps OLD.bas OPTIMUM [NEW.bas]
  EDITED.mps  the plan LP after the edit (`gosplan plan --write-mps`, a minimisation)
  OLD.bas     the optimal basis of the LP before the edit (the `clp` command's -basisO)
  OPTIMUM     the edited LP's optimal objective (as `clp` printed it)
  NEW.bas     optional: an optimal basis of the edited LP; first prints how many basic variables it
              and OLD.bas differ in, by the kind of name (the prefix before the first '_')

An edited LP's optimum is often degenerate, so its optimal bases are many, and the one a simplex run
ends in may be farther from the old basis than another. This solves, with HiGHS (scipy's linprog), the
LP over the edited LP's optimal face {x feasible, cᵀx ≤ OPTIMUM + 1e-9 (1 + |OPTIMUM|)} that minimises the total distance of
every variable non-basic in OLD.bas (columns and row activities) from the bound it sat at, and counts
those still strictly inside their bounds there (by more than 1e-7 relative). Each of them must be basic
in any basis of that point, so reaching it takes at least that many pivots from the old basis. The
count is indicative, not a proof of the minimum over all optimal points: an L1 minimiser of the
distances need not minimise their number.
"""
import collections
import os
import sys
import time

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from highs_peer import read_mps  # noqa: E402


def names_in_file_order(path):
    rows, columns, seen, section = [], [], set(), None
    for line in open(path):
        if not line.startswith(' '):
            section = line.split()[0] if line.strip() else section
            continue
        fields = line.split()
        if section == 'ROWS' and fields[0] != 'N':
            rows.append(fields[1])
        elif section == 'COLUMNS' and fields[0] not in seen and 'MARKER' not in line:
            seen.add(fields[0])
            columns.append(fields[0])
    return rows, columns


def read_basis(path, row_of, column_of):
    """MPS basis: "XU/XL column row" = the column basic, the row non-basic; "UL column" = the column
    non-basic at its upper bound; unnamed columns are non-basic at their lower bound, unnamed rows basic.
    Returns (column basic, column at upper, row non-basic) as boolean arrays."""
    column_basic = np.zeros(len(column_of), bool)
    column_at_upper = np.zeros(len(column_of), bool)
    row_nonbasic = np.zeros(len(row_of), bool)
    for line in open(path):
        fields = line.split()
        if fields and fields[0] in ('XU', 'XL'):
            column_basic[column_of[fields[1]]] = True
            row_nonbasic[row_of[fields[2]]] = True
        elif fields and fields[0] == 'UL':
            column_at_upper[column_of[fields[1]]] = True
    return column_basic, column_at_upper, row_nonbasic


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    mps, old_basis, optimum = sys.argv[1], sys.argv[2], float(sys.argv[3])
    cost, offset, matrix, row_lower, row_upper, bounds = read_mps(mps)
    matrix = matrix.tocsr()
    m, n = matrix.shape
    lower = np.array([-np.inf if b[0] is None else b[0] for b in bounds])
    upper = np.array([np.inf if b[1] is None else b[1] for b in bounds])
    rows, columns = names_in_file_order(mps)
    assert (len(rows), len(columns)) == (m, n)
    row_of = {name: i for i, name in enumerate(rows)}
    column_of = {name: j for j, name in enumerate(columns)}
    column_basic, column_at_upper, row_nonbasic = read_basis(old_basis, row_of, column_of)
    if len(sys.argv) == 5:
        new_columns, _, new_rows_nonbasic = read_basis(sys.argv[4], row_of, column_of)
        changed = [columns[j] for j in np.flatnonzero(column_basic != new_columns)]
        changed += [rows[i] for i in np.flatnonzero(row_nonbasic != new_rows_nonbasic)]
        entering = int((new_columns & ~column_basic).sum() + (row_nonbasic & ~new_rows_nonbasic).sum())
        kinds = collections.Counter(name.split('_')[0] for name in changed)
        print(f'basis distance: {entering} of {m} basic variables differ (entering = leaving); '
              f'by kind of name: {dict(kinds.most_common(6))}')
    at_lower = ~column_basic & ~column_at_upper & np.isfinite(lower)
    at_upper = ~column_basic & column_at_upper
    # A non-basic inequality row sits at its only finite bound; a ranged one at the bound its old
    # activity is nearer to is not known from the file, so ranged rows are left out (the plan LPs have none).
    row_at_lower = row_nonbasic & (row_lower != row_upper) & np.isfinite(row_lower) & ~np.isfinite(row_upper)
    row_at_upper = row_nonbasic & (row_lower != row_upper) & np.isfinite(row_upper) & ~np.isfinite(row_lower)
    distance = at_lower.astype(float) - at_upper.astype(float)
    distance += matrix.T @ (row_at_lower.astype(float) - row_at_upper.astype(float))
    equal = row_lower == row_upper
    has_upper = ~equal & np.isfinite(row_upper)
    has_lower = ~equal & np.isfinite(row_lower)
    a_ub = sp.vstack([matrix[has_upper], -matrix[has_lower], sp.csr_matrix(cost[None, :])]).tocsr()
    # The optimum as `clp` prints it has 10 significant digits: the face is cᵀx ≤ OPTIMUM + 1e-9 (1 + |OPTIMUM|).
    b_ub = np.concatenate([row_upper[has_upper], -row_lower[has_lower],
                           [optimum + 1e-9 * (1 + abs(optimum)) - offset]])
    start = time.perf_counter()
    result = linprog(distance, A_ub=a_ub, b_ub=b_ub, A_eq=matrix[equal].tocsr(), b_eq=row_lower[equal],
                     bounds=bounds, method='highs-ds', options={'presolve': True})
    seconds = time.perf_counter() - start
    if result.status != 0:
        sys.exit(f'the optimal-face LP did not solve: {result.message}')
    x = result.x
    activity = matrix @ x
    tolerance = 1e-7
    inside_columns = ((at_lower & (x - lower > tolerance * (1 + np.abs(lower))))
                      | (at_upper & (upper - x > tolerance * (1 + np.abs(upper)))))
    inside_rows = ((row_at_lower & (activity - row_lower > tolerance * (1 + np.abs(row_lower))))
                   | (row_at_upper & (row_upper - activity > tolerance * (1 + np.abs(row_upper)))))
    print(f'nearest optimum (HiGHS on the optimal face, {seconds:.1f} s; objective {cost @ x + offset:.10g}): '
          f'{inside_columns.sum() + inside_rows.sum()} of the {(at_lower | at_upper).sum()} non-basic columns and '
          f'{(row_at_lower | row_at_upper).sum()} non-basic rows are strictly inside their bounds there '
          f'({inside_columns.sum()} columns, {inside_rows.sum()} rows): at least that many pivots from the old basis')


if __name__ == '__main__':
    main()
