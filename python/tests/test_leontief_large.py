"""gosplan.leontief: the Neumann-Anderson iteration on scipy.sparse CSC buffers (one copy of A).

Expected values come from Miller & Blair (2009), section 2.3 (A = [[0.15, 0.25], [0.20, 0.05]],
y = (600, 1500): x = (1247.52, 1841.58)), and from an independent path: scipy's own sparse LU
(spsolve) on the same random economy.
"""

import numpy as np
import pytest
import scipy.sparse
import scipy.sparse.linalg

import gosplan


def test_miller_blair_two_sector():
    A = scipy.sparse.csc_matrix(np.array([[0.15, 0.25], [0.20, 0.05]]))
    # Hand derivation: det(I − A) = 0.85·0.95 − 0.25·0.20 = 0.7575;
    # x1 = (0.95·600 + 0.25·1500)/0.7575 = 945/0.7575 = 1247.52...,
    # x2 = (0.20·600 + 0.85·1500)/0.7575 = 1395/0.7575 = 1841.58...
    result = gosplan.leontief(A, y=[600.0, 1500.0], tolerance=1e-12)
    assert result.converged
    assert result.x == pytest.approx([945 / 0.7575, 1395 / 0.7575], rel=1e-10)
    # ρ(A) ≤ the largest column sum 0.35 < 1: productive.
    assert result.spectral_radius_bound == pytest.approx(0.35)
    assert result.residuals["x"] <= 1e-12


def test_random_economy_against_scipy_lu():
    rng = np.random.default_rng(7)
    n, k = 1200, 4
    rows = rng.integers(0, n, size=n * k)
    columns = np.repeat(np.arange(n), k)
    A = scipy.sparse.csc_matrix((rng.random(n * k), (rows, columns)), shape=(n, n))
    A.sum_duplicates()
    sums = np.asarray(A.sum(axis=0)).ravel()
    A = (A @ scipy.sparse.diags(0.7 / sums)).tocsc()
    y = rng.random(n)
    labour = 0.1 + rng.random(n)
    result = gosplan.leontief(A, y=y, primary={"labour": labour}, tolerance=1e-12)
    assert result.converged, result.messages
    I_minus_A = (scipy.sparse.identity(n, format="csc") - A).tocsc()
    x = scipy.sparse.linalg.spsolve(I_minus_A, y)
    v = scipy.sparse.linalg.spsolve(I_minus_A.T.tocsc(), labour)
    assert np.max(np.abs(result.x - x) / np.abs(x)) < 1e-9
    assert np.max(np.abs(result.multipliers["labour"] - v) / np.abs(v)) < 1e-9
    # One copy of A: int32 rows and double values (12 bytes per non-zero) and int64 offsets.
    assert result.matrix_bytes == 12 * A.nnz + 8 * (n + 1)


def test_gauss_seidel_against_scipy_lu():
    # Inputs drawn with power-law popularity, the most used numbered first (as `gosplan generate`
    # numbers them), then solved on Gauss-Seidel passes and checked against spsolve.
    rng = np.random.default_rng(11)
    n, k = 1500, 6
    weights = 1.0 / np.arange(1, n + 1) ** 0.9
    rows = rng.choice(n, size=n * k, p=weights / weights.sum())
    columns = np.repeat(np.arange(n), k)
    A = scipy.sparse.csc_matrix((rng.random(n * k), (rows, columns)), shape=(n, n))
    A.sum_duplicates()
    A = (A @ scipy.sparse.diags(0.6 / np.asarray(A.sum(axis=0)).ravel())).tocsc()
    y = rng.random(n)
    labour = 0.1 + rng.random(n)
    I_minus_A = (scipy.sparse.identity(n, format="csc") - A).tocsc()
    x = scipy.sparse.linalg.spsolve(I_minus_A, y)
    v = scipy.sparse.linalg.spsolve(I_minus_A.T.tocsc(), labour)
    plain = gosplan.leontief(A, y=y, primary={"labour": labour}, tolerance=1e-12)
    result = gosplan.leontief(A, y=y, primary={"labour": labour}, tolerance=1e-12,
                              gauss_seidel=True)
    assert result.converged, result.messages
    assert np.max(np.abs(result.x - x) / np.abs(x)) < 1e-9
    assert np.max(np.abs(result.multipliers["labour"] - v) / np.abs(v)) < 1e-9
    assert result.residuals["x"] <= 1e-12
    assert result.matrix_passes <= plain.matrix_passes
    # The labour values' residual is reported as an upper bound: numpy's own recomputation of
    # ‖c − (I − A)ᵀ v‖∞ / ‖c‖∞ must not exceed it (beyond numpy's rounding).
    v_fast = result.multipliers["labour"]
    true_v = np.max(np.abs(labour - I_minus_A.T @ v_fast)) / np.max(np.abs(labour))
    assert true_v <= result.residuals["labour"] + 1e-15
    assert result.residuals["labour"] <= 1e-12


def test_unproductive_economy_is_a_result_not_an_exception():
    # Column sums 1.1 and row sums 1.1: ρ(A) = 1.1 (a positive 2×2 with equal row sums), so the
    # Neumann series diverges; within 30 passes the values stay finite and the result says so.
    A = scipy.sparse.csc_matrix(np.array([[0.5, 0.6], [0.6, 0.5]]))
    result = gosplan.leontief(A, y=[1.0, 1.0], anderson_depth=0, max_iterations=30)
    assert not result.converged
    assert result.spectral_radius_bound >= 1.0
    assert result.messages["x"]


def test_bad_arrays_are_refused():
    with pytest.raises(ValueError):
        gosplan.leontief(scipy.sparse.csc_matrix(np.ones((2, 3)) * 0.1), y=[1.0, 1.0])
    with pytest.raises(ValueError):
        gosplan.leontief(scipy.sparse.csc_matrix(np.eye(2) * 0.1), y=[1.0, 1.0, 1.0])
    with pytest.raises(ValueError):
        gosplan.leontief(scipy.sparse.csc_matrix(np.eye(2) * 0.1))
