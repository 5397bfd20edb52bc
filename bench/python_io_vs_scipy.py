"""gosplan.io_analysis against scipy's own sparse solver on the same scipy.sparse matrix, in one
process (docs/benchmarks.md, section "Python: io_analysis against scipy").

    PYTHONPATH=build/python python3 bench/python_io_vs_scipy.py [N] [NONZEROS_PER_COLUMN] [ilut|diagonal]

A random productive economy: N sectors, k inputs per sector at random rows (fixed seed), each column
scaled to sum 0.6 (ρ(A) ≤ 0.6). Both sides compute the same two things: total output x = (I − A)⁻¹ y
and the output multipliers 1ᵀ(I − A)⁻¹ (one transposed solve), to relative tolerance 1e-12. gosplan
also proves productiveness (Hawkins–Simon bounds) and measures the residual; scipy (BiCGSTAB,
unpreconditioned: a sparse LU fills in on random sparsity) does neither. The figures
are the best of three runs; peak memory is the process's maximum resident set after each side.
"""

import resource
import sys
import time

import numpy as np
import scipy.sparse
import scipy.sparse.linalg

import gosplan
from random_economy import economy


def best_of(runs, function):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    A, y = economy(n, k)
    matrix_mb = (A.data.nbytes + A.indices.nbytes + A.indptr.nbytes) / 2**20
    print(f"n = {n}, {A.nnz} non-zeros, CSC {matrix_mb:.1f} MB; peak RSS before: {peak_mb():.0f} MB")

    def with_scipy():
        # Random sparsity fills a sparse LU in (spsolve runs for minutes at n = 20000), so scipy's
        # Krylov solver, as gosplan's iterative path: BiCGSTAB to the same relative tolerance.
        M = (scipy.sparse.identity(n, format="csr") - A).tocsr()
        x, info_x = scipy.sparse.linalg.bicgstab(M, y, tol=1e-12, atol=0.0)
        multipliers, info_m = scipy.sparse.linalg.bicgstab(M.T.tocsr(), np.ones(n), tol=1e-12,
                                                          atol=0.0)
        assert info_x == 0 and info_m == 0, (info_x, info_m)
        return x, multipliers

    preconditioner = sys.argv[3] if len(sys.argv) > 3 else "diagonal"

    def with_gosplan():
        return gosplan.io_analysis(A, y, preconditioner=preconditioner)

    gosplan_seconds, analysis = best_of(3, with_gosplan)
    gosplan_peak = peak_mb()
    scipy_seconds, (x, multipliers) = best_of(3, with_scipy)
    scipy_peak = peak_mb()
    agree = max(np.max(np.abs(analysis.x - x) / np.abs(x)),
                np.max(np.abs(analysis.output_multipliers - multipliers) / multipliers))
    print(f"gosplan.io_analysis: {gosplan_seconds:.3f} s ({analysis.solver}), "
          f"peak RSS {gosplan_peak:.0f} MB")
    print(f"scipy bicgstab x2:   {scipy_seconds:.3f} s, peak RSS {scipy_peak:.0f} MB")
    print(f"ratio scipy/gosplan: {scipy_seconds / gosplan_seconds:.2f}; "
          f"largest relative difference {agree:.1e}")


if __name__ == "__main__":
    main()
