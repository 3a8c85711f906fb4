"""core.guards.unique_rows equals np.unique(X, axis=0, return_inverse=True) (the multinomial
fit's and the separation check's collapse of repeated design rows; speed20)."""

from __future__ import annotations

import numpy as np
import pytest

from mia_helpers.core.guards import unique_rows


@pytest.mark.parametrize("seed", range(20))
def test_equal_to_numpy_unique(seed):
    rng = np.random.default_rng(seed)
    n, k = rng.integers(1, 400), rng.integers(1, 6)
    X = rng.integers(-2, 3, size=(n, k)).astype(float)  # many repeated rows
    if seed % 3 == 0:
        X[:, 0] = rng.normal(size=n)  # a continuous column
    U, inv = unique_rows(X)
    U0, inv0 = np.unique(X, axis=0, return_inverse=True)
    np.testing.assert_array_equal(U, U0)
    np.testing.assert_array_equal(inv, inv0.ravel())
    np.testing.assert_array_equal(U[inv], X)


def test_empty_and_refusals():
    U, inv = unique_rows(np.zeros((0, 3)))
    assert U.shape == (0, 3) and inv.shape == (0,)
    with pytest.raises(ValueError, match="2-D"):
        unique_rows(np.zeros(3))
    with pytest.raises(ValueError, match="NaN"):
        unique_rows(np.array([[1.0, np.nan]]))
