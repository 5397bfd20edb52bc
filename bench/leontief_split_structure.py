#!/usr/bin/env python3
"""Per-rank work and messages of the PETSc Leontief solve's splits, computed from A.mtx.

For P ranks and each split of src/distributed/leontief_split.h — "contiguous" (products in order,
cut into ranges of about equal entries of M = I − A, as leontief_petsc.cc's EntryBalancedStarts
does with 2^16 bins) and "interleaved" (the snake deal) — prints, over the ranks, the max/mean of
the stored entries of M (the mat-vec's work), of the rows (the vector work) and of the ghost
values (distinct columns of the rank's rows that another rank owns: the values it receives per
mat-vec, 8 bytes each). An independent path (numpy on the file), not the solver's code.

Usage: /usr/bin/python3 bench/leontief_split_structure.py A.mtx [P ...]   (default P: 2 16 64)
"""
import sys

import numpy as np
import pandas as pd


def read(path):
    with open(path) as f:
        header = 0
        for line in f:
            header += 1
            if not line.startswith('%'):
                n, m, nnz = (int(v) for v in line.split())
                break
    entries = pd.read_csv(path, sep=' ', skiprows=header, header=None, usecols=[0, 1],
                          dtype=np.int32, engine='c').to_numpy()
    rows = entries[:, 0] - 1
    cols = entries[:, 1] - 1
    # M = I − A: the diagonal is stored too (A's own diagonal entries merge with it).
    diag = np.arange(n, dtype=np.int32)
    rows = np.concatenate([rows, diag])
    cols = np.concatenate([cols, diag])
    key = np.unique(rows.astype(np.int64) * n + cols)
    return n, (key // n).astype(np.int64), (key % n).astype(np.int64)


def contiguous_owner(n, rows, ranks):
    bins = min(n, 1 << 16)
    counts = np.bincount(rows * bins // n, minlength=bins)
    total = counts.sum()
    first_row = lambda b: (b * n + bins - 1) // bins
    start = [0]
    prefix = 0
    nxt = 1
    for b in range(bins):
        while nxt < ranks and prefix * ranks >= total * nxt:
            start.append(first_row(b))
            nxt += 1
        if nxt >= ranks:
            break
        prefix += counts[b]
    while len(start) < ranks:
        start.append(n)
    start.append(n)
    owner = np.searchsorted(np.array(start), np.arange(n), side='right') - 1
    return owner


def interleaved_owner(n, ranks):
    i = np.arange(n)
    block, seat = i // ranks, i % ranks
    return np.where(block % 2 == 0, seat, ranks - 1 - seat)


def figures(n, rows, cols, owner, ranks):
    row_rank = owner[rows]
    entries = np.bincount(row_rank, minlength=ranks)
    products = np.bincount(owner, minlength=ranks)
    off = owner[cols] != row_rank
    pairs = np.unique(row_rank[off].astype(np.int64) * n + cols[off])
    ghosts = np.bincount(pairs // n, minlength=ranks)
    fmt = lambda v: f"max {v.max():,} mean {v.mean():,.0f} (max/mean {v.max() / v.mean():.2f})"
    return f"entries {fmt(entries)}; rows {fmt(products)}; ghost values {fmt(ghosts)}"


def main():
    path = sys.argv[1]
    ranks_list = [int(p) for p in sys.argv[2:]] or [2, 16, 64]
    n, rows, cols = read(path)
    print(f"{path}: n = {n:,}, stored entries of M = {len(rows):,}")
    for ranks in ranks_list:
        for name, owner in (("contiguous", contiguous_owner(n, rows, ranks)),
                            ("interleaved", interleaved_owner(n, ranks))):
            print(f"P = {ranks:3d} {name:11s}: {figures(n, rows, cols, owner, ranks)}")


if __name__ == '__main__':
    main()
