"""The disclosure audit's feasible intervals are those of whole persons (old27; close22-26:
"the LP bounds are continuous, not integer: a reader in whole numbers could narrow them")."""

import numpy as np

from mia_helpers.disclosure import _interval


def test_a_fractional_vertex_is_tightened_to_whole_persons():
    """x2 = x1 + 5 and x0 + x1 + x2 = 19, every count in 1..9: x0 = 14 - 2 x1 is even, so a
    reader in whole numbers knows x0 <= 8 (x1 >= 3), while the relaxation reaches 9 at
    x1 = 2.5; at min_cell 10 the relaxation called x0 protected up to 9."""
    A = np.array([[0.0, -1.0, 1.0], [1.0, 1.0, 1.0]])
    b = np.array([5.0, 19.0])
    lo, hi = _interval(A, b, [(1, 9)] * 3, 0)
    assert (lo, hi) == (6.0, 8.0)  # the relaxation: (6.0, 9.0)
    # x1 itself: 14 - 2 x1 in 1..9 and x1 + 5 <= 9 give 3..4, both whole at the vertices
    assert _interval(A, b, [(1, 9)] * 3, 1) == (3.0, 4.0)


def test_totally_unimodular_tables_keep_their_bounds():
    """A two-way table (rows and columns add up): the relaxation's vertices are whole, so the
    intervals are the relaxation's, as before."""
    # x0 + x1 = 10, x2 + x3 = 12, x0 + x2 = 9, x1 + x3 = 13; counts 1..20
    A = np.array([[1.0, 1, 0, 0], [0, 0, 1, 1], [1, 0, 1, 0], [0, 1, 0, 1]])
    b = np.array([10.0, 12, 9, 13])
    assert _interval(A, b, [(1, 20)] * 4, 0) == (1.0, 8.0)
