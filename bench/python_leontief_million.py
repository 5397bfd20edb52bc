"""A 10^6-product Leontief solve from scipy.sparse through gosplan.io_analysis, its peak memory
against the matrix's own bytes, and scipy's own solver on the same matrix in the same process
(docs/benchmarks.md, section "Python: a 10^6-product Leontief solve"; issue 14).

    PYTHONPATH=build/python python3 bench/python_leontief_million.py [N] [NONZEROS_PER_COLUMN]
    PYTHONPATH=build/python python3 bench/python_leontief_million.py --steps [N] [k]

(--steps: the memory of each step of io_analysis on a matrix, one by one.)

A random productive economy (fixed seed): N products, k inputs per product at random rows, each
column scaled to sum 0.6 (so ρ(A) ≤ 0.6). gosplan computes x = (I − A)⁻¹ y and the output
multipliers 1ᵀ(I − A)⁻¹ by its iterative solver (diagonal preconditioner; no Leontief diagonal,
diagonal_limit=0), and proves productiveness on the way. scipy solves the same two systems by
BiCGSTAB to the same relative tolerance; spsolve (SuperLU) is run only where its fill-in is
affordable (N ≤ 2000 by default: 26 s there on a loaded machine, minutes beyond).

Memory: the peak resident set during the call minus the resident set before it (Linux: VmHWM
after resetting it through /proc/self/clear_refs), printed beside the matrix's CSC bytes and
checked against 2× them — the issue's bound (the matrix crosses without densifying, at most one
copy). tracemalloc reports what Python itself allocated during the call (numpy arrays made on the
way to the library). Not a test: figures vary with the machine and its load.
"""

import sys
import time
import tracemalloc

import numpy as np
import scipy.sparse
import scipy.sparse.linalg

import gosplan
from random_economy import economy


def status_kb(field):
    with open("/proc/self/status") as stream:
        for line in stream:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def reset_peak():
    """Resets VmHWM to the current resident set (Linux ≥ 4.0); False where it cannot."""
    try:
        with open("/proc/self/clear_refs", "w") as stream:
            stream.write("5")
        return True
    except OSError:
        return False


def measured(function):
    """(result, seconds, extra peak resident MB, Python-allocated peak MB) of one call."""
    resettable = reset_peak()
    before = status_kb("VmRSS")
    tracemalloc.start()
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    _, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak = status_kb("VmHWM") if resettable else float("nan")
    return result, seconds, (peak - before) / 1024, python_peak / 2**20


def steps(A, y):
    """Where the memory goes: the three steps of io_analysis on a matrix, measured one by one."""
    from gosplan import _csc, _gosplan

    n = A.shape[0]
    names = [f"s{j + 1}" for j in range(n)]
    buffers, seconds, extra, _ = measured(lambda: _csc(A))
    print(f"int64 index buffers (gosplan._csc): +{extra:.0f} MB peak, {seconds:.2f} s")
    _, _, indptr, indices, data = buffers
    table, seconds, extra, _ = measured(lambda: _gosplan._io_coefficient_table(
        n, indptr, indices, data, names, [], np.zeros((0, n), order="F")))
    print(f"table (the library's copy of A): +{extra:.0f} MB peak, {seconds:.2f} s")
    del buffers, indptr, indices, data
    _, seconds, extra, _ = measured(
        lambda: _gosplan._io_analysis(table, y, "iterative", "diagonal", False, 0, []))
    print(f"analysis (AnalyseIoTable): +{extra:.0f} MB peak, {seconds:.2f} s")


def main():
    if "--steps" in sys.argv:
        sys.argv.remove("--steps")
        n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
        k = int(sys.argv[2]) if len(sys.argv) > 2 else 8
        steps(*economy(n, k))
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    A, y = economy(n, k)
    matrix_mb = (A.data.nbytes + A.indices.nbytes + A.indptr.nbytes) / 2**20
    print(f"n = {n}, {A.nnz} non-zeros, CSC {matrix_mb:.1f} MB "
          f"({A.indices.dtype} indices); resident {status_kb('VmRSS') / 1024:.0f} MB")

    def with_gosplan():
        return gosplan.io_analysis(A, y, method="iterative", preconditioner="diagonal",
                                   diagonal_limit=0)

    analysis, gosplan_seconds, gosplan_extra, gosplan_python = measured(with_gosplan)
    print(f"gosplan.io_analysis: {gosplan_seconds:.2f} s ({analysis.solver}, residual "
          f"{analysis.residual:.1e}); peak resident +{gosplan_extra:.0f} MB "
          f"(Python allocations {gosplan_python:.0f} MB)")
    bound = 2 * matrix_mb
    verdict = "within" if gosplan_extra <= bound else "ABOVE"
    print(f"memory: +{gosplan_extra:.0f} MB is {gosplan_extra / matrix_mb:.2f}x the matrix, "
          f"{verdict} the bound 2x = {bound:.0f} MB")

    def with_bicgstab():
        M = (scipy.sparse.identity(n, format="csr") - A).tocsr()
        x, info_x = scipy.sparse.linalg.bicgstab(M, y, tol=1e-12, atol=0.0)
        multipliers, info_m = scipy.sparse.linalg.bicgstab(M.T.tocsr(), np.ones(n), tol=1e-12,
                                                          atol=0.0)
        assert info_x == 0 and info_m == 0, (info_x, info_m)
        return x, multipliers

    def with_leontief():
        return gosplan.leontief(A, y=y, primary={"output": np.ones(n)}, tolerance=1e-12)

    large, large_seconds, large_extra, large_python = measured(with_leontief)
    assert large.converged, large.messages
    verdict = "within" if large_extra <= bound else "ABOVE"
    print(f"gosplan.leontief:    {large_seconds:.2f} s (Neumann-Anderson, {large.matrix_passes} "
          f"passes, residuals {max(large.residuals.values()):.1e}); peak resident "
          f"+{large_extra:.0f} MB = {large_extra / matrix_mb:.2f}x the matrix, {verdict} the bound "
          f"(Python allocations {large_python:.0f} MB)")

    (x, multipliers), scipy_seconds, scipy_extra, _ = measured(with_bicgstab)
    agree = max(np.max(np.abs(analysis.x - x) / np.abs(x)),
                np.max(np.abs(analysis.output_multipliers - multipliers) / multipliers))
    print(f"scipy bicgstab x2:   {scipy_seconds:.2f} s; peak resident +{scipy_extra:.0f} MB")
    print(f"ratio scipy/gosplan: {scipy_seconds / gosplan_seconds:.2f}; largest relative "
          f"difference {agree:.1e}")
    agree_large = max(np.max(np.abs(large.x - x) / np.abs(x)),
                      np.max(np.abs(large.multipliers["output"] - multipliers) / multipliers))
    print(f"ratio scipy/gosplan.leontief: {scipy_seconds / large_seconds:.2f}; largest relative "
          f"difference {agree_large:.1e}")
    spsolve_limit = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    if n <= spsolve_limit:
        def with_spsolve():
            M = (scipy.sparse.identity(n, format="csc") - A).tocsc()
            return scipy.sparse.linalg.spsolve(M, y)

        x_lu, lu_seconds, lu_extra, _ = measured(with_spsolve)
        print(f"scipy spsolve (x):   {lu_seconds:.2f} s; peak resident +{lu_extra:.0f} MB; "
              f"largest relative difference {np.max(np.abs(analysis.x - x_lu) / x_lu):.1e}")
    else:
        print(f"scipy spsolve: skipped above n = {spsolve_limit} (SuperLU fill-in on random "
              "sparsity)")


if __name__ == "__main__":
    main()
