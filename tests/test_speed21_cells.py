"""benchmarks/later_variance._cells (the exact cells of the ``ai2016`` variants' neighbour
searches): the codes its docstring promises, on several risk sets and cells (the Monte Carlo
of tests/test_later_variance_ai2016.py has one risk set and one cell only)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from benchmark_module import load_benchmark


@pytest.fixture(scope="module")
def cells():
    return load_benchmark("later_variance")._cells


@pytest.mark.parametrize("n, sets, strata", [(1, 1, 1), (50, 3, 2), (5000, 40, 25)])
def test_cells_number_the_pairs_in_order_of_first_appearance(cells, n, sets, strata):
    rng = np.random.default_rng(n)
    risk_set = rng.integers(0, sets, n)
    stratum = rng.integers(-1, strata, n)  # -1: a row without an exact cell
    want = pd.factorize(pd.MultiIndex.from_arrays([risk_set, stratum]))[0]
    got = cells(risk_set, stratum)
    assert got.dtype == np.int64
    np.testing.assert_array_equal(got, want)


def test_cells_of_no_rows(cells):
    got = cells(np.zeros(0, np.int64), np.zeros(0, np.int64))
    assert got.dtype == np.int64 and got.shape == (0,)
