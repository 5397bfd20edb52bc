#!/usr/bin/python3
"""Renumber a Leontief instance's products in reverse Cuthill-McKee order (issue 17: a locality ordering).

Usage: leontief_rcm_order.py DIR OUT
  DIR holds A.mtx, y.txt, labour.txt as written by `gosplan generate --matrix-market`; OUT gets the same
  three files for P A P^T, P y, P labour, where P is scipy's reverse_cuthill_mckee of the pattern of
  A + A^T (so the answers are the original ones, permuted). Columns are written in order with their rows
  ascending, as the generator writes them, and the values with the generator's 12 significant digits,
  so both files parse to the very same doubles. Prints the seconds of each step and how far the entries
  lie from the diagonal before and after (the locality a pass's gathers would see), then
  `bench/leontief_vs_scipy.sh`'s gosplan and scipy commands can be run on DIR and OUT alike.
"""
import sys
import time

import numpy as np
import scipy.io
import scipy.sparse as sp
from scipy.sparse.csgraph import reverse_cuthill_mckee


def distance_summary(name, matrix):
    coo = matrix.tocoo()
    d = np.abs(coo.row.astype(np.int64) - coo.col.astype(np.int64))
    print(f"{name}: |i - j| median {np.median(d):.0f}, 90th percentile {np.percentile(d, 90):.0f}, "
          f"share within 65,536 of the diagonal {(d < 65536).mean():.3f}", flush=True)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    source, out = sys.argv[1].rstrip('/') + '/', sys.argv[2].rstrip('/') + '/'
    t = time.time()
    a = scipy.io.mmread(source + 'A.mtx').tocsc()
    print(f"read {time.time() - t:.1f} s: n = {a.shape[0]}, {a.nnz} non-zeros", flush=True)
    pattern = (a + a.T).tocsr()
    pattern.data[:] = 1
    t = time.time()
    order = reverse_cuthill_mckee(pattern, symmetric_mode=True)
    print(f"reverse Cuthill-McKee {time.time() - t:.1f} s", flush=True)
    b = a[order][:, order].tocoo()
    distance_summary('generated order', a)
    distance_summary('reverse Cuthill-McKee order', b)
    for name in ('y.txt', 'labour.txt'):
        np.savetxt(out + name, np.loadtxt(source + name)[order], fmt='%.12g')
    t = time.time()
    by_column = np.lexsort((b.row, b.col))
    rows, columns, values = b.row[by_column] + 1, b.col[by_column] + 1, b.data[by_column]
    with open(out + 'A.mtx', 'w') as f:
        f.write('%%MatrixMarket matrix coordinate real general\n')
        f.write(f'{b.shape[0]} {b.shape[1]} {b.nnz}\n')
        step = 2_000_000
        for s in range(0, len(values), step):
            f.write(''.join(f'{i} {j} {v:.12g}\n' for i, j, v in zip(
                rows[s:s + step].tolist(), columns[s:s + step].tolist(), values[s:s + step].tolist())))
    print(f"write {time.time() - t:.1f} s", flush=True)


if __name__ == '__main__':
    main()
