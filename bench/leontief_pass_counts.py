#!/usr/bin/python3
"""Matrix passes the iteration ideas of issue 17 need, on a gosplan-generated instance (docs/scale.md).

Usage: leontief_pass_counts.py DIR [DEPTH]     (DIR from `gosplan generate --matrix-market`; DEPTH 3)

A study in numpy/scipy, not the solver: it counts passes, it does not time them. Every variant stops on
the TRUE relative residual ||y - (I - A) x||_inf / ||y||_inf <= 1e-10 of its current iterate, computed in
double with the double matrix (for total output x; likewise for labour values v with A^T), exactly the
solver's test, and starts from x0 = y as the solver does.
  jacobi   the solver today: Anderson(DEPTH) type II on x -> A x + y (one pass per step).
  mixed    the same, but the passes use A rounded to float32 until the float residual is below 1e-4,
           then double passes (mixed-precision refinement through Anderson; the history is kept).
  gs-desc, gs-asc   Anderson(DEPTH) on the Gauss-Seidel map of a CSC pass in descending / ascending
           column order. A = U + D + L by position (U: i < j, L: i > j). Total output, descending:
           x -> (I - U)^-1 (y + (L + D) x); ascending: x -> (I - L)^-1 (y + (U + D) x). Labour values,
           ascending: v -> (I - U^T)^-1 (c + (L + D)^T v); descending: v -> (I - L^T)^-1 (c + (U + D)^T v).
           Products are numbered by input popularity (row 0 the most used), so U holds most of A's mass
           (the share is printed): descending is the strong order for total output, ascending for
           labour values, and one fused pass has one order.
"""
import sys
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from peer_leontief_mtx import read_mtx  # the same reader as the scipy peer


def anderson(step, true_residual, rhs, depth, tol=1e-10, limit=200):
    """Anderson type II on x -> step(x); stops on true_residual(x) (relative, inf-norm). Returns passes."""
    x = rhs.copy()
    df, dg = [], []
    f_prev = g_prev = None
    for passes in range(1, limit + 1):
        if true_residual(x, passes) <= tol:
            return passes
        g = step(x, passes)
        f = g - x
        if f_prev is not None and depth > 0:
            df.append(f - f_prev)
            dg.append(g - g_prev)
            df, dg = df[-depth:], dg[-depth:]
            gamma = np.linalg.lstsq(np.array(df).T, f, rcond=None)[0]
            x_next = g - np.array(dg).T @ gamma
        else:
            x_next = g
        f_prev, g_prev, x = f, g, x_next
    return limit


def main():
    folder = sys.argv[1]
    depth = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    a = read_mtx(folder + '/A.mtx')
    y = np.loadtxt(folder + '/y.txt')
    c = np.loadtxt(folder + '/labour.txt')
    n = a.shape[0]
    at = a.T.tocsc()
    upper = sp.triu(a, 1).tocsc()
    lower = sp.tril(a, -1).tocsc()
    diagonal = sp.diags(a.diagonal()).tocsc()
    print(f"n={n} nnz={a.nnz} mass above the diagonal (U) {upper.sum() / a.sum():.3f}, depth {depth}")
    a32 = a.copy()
    a32.data = a32.data.astype(np.float32).astype(np.float64)
    at32 = a32.T.tocsc()
    # I - U and I - L are triangular: SuperLU with the natural order factors them without fill.
    def factor(t):
        return spla.splu((sp.identity(n, format='csc') - t).tocsc(), permc_spec='NATURAL',
                         diag_pivot_thresh=0.0)
    tri_upper, tri_lower = factor(upper), factor(lower)

    def relres(m, rhs):
        scale = np.abs(rhs).max()
        return lambda x, _: np.abs(rhs - x + m @ x).max() / scale

    results = {}
    for name, m, rhs, m32, trans in (('total output', a, y, a32, False), ('labour values', at, c, at32, True)):
        res = relres(m, rhs)
        jac = anderson(lambda x, _: m @ x + rhs, res, rhs, depth)
        state = {'exact': False}

        def mixed_step(x, _):
            if not state['exact'] and np.abs(rhs - x + m32 @ x).max() / np.abs(rhs).max() <= 1e-4:
                state['exact'] = True
            return (m if state['exact'] else m32) @ x + rhs
        float_passes = []

        def mixed_res(x, p):
            if not state['exact']:
                float_passes.append(p)
            return res(x, p)
        mix = anderson(mixed_step, mixed_res, rhs, depth)
        t = 'T' if trans else 'N'
        # The triangle solved for is U for the strong order of the system, L for the other.
        gs = {}
        for order, tri, other in (('desc', tri_upper, lower + diagonal), ('asc', tri_lower, upper + diagonal)):
            if trans:  # labour values: the roles of the orders swap
                order = 'asc' if order == 'desc' else 'desc'
            o = other.T if trans else other
            gs[order] = anderson(lambda x, _: tri.solve(rhs + o @ x, trans=t), res, rhs, depth)
        results[name] = (jac, gs)
        print(f"{name}: jacobi {jac} passes; mixed {mix} ({len(float_passes)} of them float32); "
              f"gauss-seidel descending {gs['desc']}, ascending {gs['asc']}")
    x, v = results['total output'], results['labour values']
    print(f"fused (one pass for both systems): jacobi {max(x[0], v[0])}; gauss-seidel descending "
          f"{max(x[1]['desc'], v[1]['desc'])}, ascending {max(x[1]['asc'], v[1]['asc'])}")


if __name__ == '__main__':
    main()
