#!/usr/bin/python3
"""Why no iteration halves the Leontief passes on a generated economy (issue 17, docs/scale.md).

Usage: leontief_spectrum.py DIR [K=12]     (DIR from `gosplan generate --matrix-market`)

A study in scipy, not the solver. Every method the solver and its peer use — Neumann/Jacobi with
Anderson, Gauss-Seidel, BiCGSTAB, GMRES — takes its iterate from the Krylov space of one iteration operator
T (the solve is (I - T) x = b), so its error after k applications of T is p_k(T) e_0 for a
polynomial of degree k with p_k(1) = 1 (Anderson acceleration on a linear map is GMRES in
disguise: Walker & Ni, SIAM J. Numer. Anal. 49, 2011). A random sparse matrix's eigenvalues fill a
disk (the circular law) apart from a few outliers (the Perron root); on a disk of radius r centred
at 0 no such polynomial does better than r^k (Zarantonello's lemma: z^k is optimal), so once m
outliers are deflated (m passes) a method needs at least m + log(tol) / log(r) passes. This prints,
for
  T = A                      (Neumann / Jacobi: x -> A x + y),
  T = (I - U)^-1 (L + D)     (the solver's Gauss-Seidel map, columns in descending order),
the K eigenvalues of largest modulus (ARPACK) and the pass floor log(1e-10) / log|lambda_{m+1}|
after deflating the m largest, for m = 0, 1, 2, 4.
"""
import sys
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from peer_leontief_mtx import read_mtx


def floors(moduli, tol=1e-10):
    rows = []
    for m in (0, 1, 2, 4):
        if m + 1 < len(moduli):
            r = moduli[m]
            rows.append(f"m={m}: |lambda_{m + 1}|={r:.4f} -> {m + np.log(tol) / np.log(r):.1f} passes")
    return "; ".join(rows)


def main():
    folder = sys.argv[1]
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    a = read_mtx(folder + '/A.mtx').tocsr()
    n = a.shape[0]
    print(f"{folder}: n = {n}, nnz = {a.nnz}")
    moduli = np.sort(np.abs(spla.eigs(a, k=k, which='LM', return_eigenvectors=False,
                                      tol=1e-6)))[::-1]
    print("A (Neumann/Jacobi): |lambda| =", " ".join(f"{v:.4f}" for v in moduli))
    print("  floor:", floors(moduli))
    upper = sp.triu(a, 1).tocsr()
    lower_d = sp.tril(a, 0).tocsr()
    i_minus_u = (sp.identity(n, format='csr') - upper).tocsr()

    def gauss_seidel(v):
        return spla.spsolve_triangular(i_minus_u, lower_d @ v, lower=False)

    op = spla.LinearOperator((n, n), matvec=gauss_seidel, dtype=float)
    moduli = np.sort(np.abs(spla.eigs(op, k=k, which='LM', return_eigenvectors=False,
                                      tol=1e-6)))[::-1]
    print("Gauss-Seidel map (descending): |lambda| =", " ".join(f"{v:.4f}" for v in moduli))
    print("  floor:", floors(moduli))


if __name__ == '__main__':
    main()
