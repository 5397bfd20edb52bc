"""The random productive economy of the Python benchmarks (bench/python_*.py): n products, k inputs
per product at random rows (fixed seed), each column scaled to sum 0.6, so ρ(A) ≤ 0.6; and a final
demand y uniform in [0, 1)."""

import numpy as np
import scipy.sparse


def economy(n, k, seed=1):
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, n, size=n * k)
    columns = np.repeat(np.arange(n), k)
    values = rng.random(n * k)
    A = scipy.sparse.csc_matrix((values, (rows, columns)), shape=(n, n))
    A.sum_duplicates()
    sums = np.asarray(A.sum(axis=0)).ravel()
    A = A @ scipy.sparse.diags(0.6 / np.where(sums > 0, sums, 1.0))
    return A.tocsc(), rng.random(n)
