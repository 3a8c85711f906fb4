"""The exact audit's feasible intervals, computed a component at a time (and cached across the
audit's rounds), equal the intervals of one linear programme over the reader's whole system.

``disclosure._intervals`` splits the reader's linear system into connected components and
solves each unknown on its own component (the nineteenth session: Appendix C's table by age
group at ``min_cell`` 20 spent 21 s in 182 audit rounds, 2.8 s after). The reference here is
the definition: minimise and maximise the unknown over ``{x : A x = b, lo <= x <= hi}`` with
every equation and bound, by scipy's HiGHS, in whole numbers (old27: the integer programme wherever the relaxation is bounded; seeds 4
and 19 hold unknowns whose relaxation gives 37.5, whole persons 38). Tolerance 1e-6: HiGHS's primal feasibility
tolerance is 1e-7 and the systems' coefficients are 0 and +-1 with right-hand sides below
100, so two solutions of the same programme agree to about 1e-7 x 100.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from mia_helpers import disclosure


def _reference(A: np.ndarray, b: np.ndarray, bounds: list, j: int) -> tuple[float, float]:
    c = np.zeros(A.shape[1])
    out = []
    for sign in (1.0, -1.0):
        c[j] = sign
        res = linprog(c, A_eq=A if len(A) else None, b_eq=b if len(A) else None,
                      bounds=bounds, method="highs")
        if res.status == 0:  # counts are whole persons (old27): the integer programme
            res = linprog(c, A_eq=A if len(A) else None, b_eq=b if len(A) else None,
                          bounds=bounds, method="highs", integrality=np.ones(A.shape[1]))
        if res.status == 3:
            out.append(-np.inf if sign > 0 else np.inf)
        else:
            assert res.status == 0, res.message
            out.append(sign * res.fun)
    return out[0], out[1]


def _system(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, list]:
    """A feasible system like the audit's: equations of +-1 coefficients over a few unknowns
    each (some sharing unknowns, some unknowns in no equation), right-hand sides from a true
    solution, bounds [1, 9] (small hidden counts), [10, inf) or [0, inf)."""
    v = int(rng.integers(3, 15))
    kinds = rng.integers(0, 3, v)
    truth = np.where(kinds == 0, rng.integers(1, 10, v), rng.integers(10, 60, v)).astype(float)
    bounds = [(1.0, 9.0) if k == 0 else (10.0, None) if k == 1 else (0.0, None) for k in kinds]
    m = int(rng.integers(0, 12))
    A = np.zeros((m, v))
    for r in range(m):
        cols = rng.choice(v, size=int(rng.integers(1, min(v, 5) + 1)), replace=False)
        A[r, cols] = rng.choice([-1.0, 1.0], size=len(cols))
    return A, A @ truth, bounds


@pytest.mark.parametrize("seed", range(20))
def test_component_intervals_equal_the_whole_system_lp(seed):
    rng = np.random.default_rng(seed)
    A, b, bounds = _system(rng)
    js = list(range(A.shape[1]))
    cache: dict = {}
    got = disclosure._intervals(A, b, bounds, js, cache)
    again = disclosure._intervals(A, b, bounds, js[::-1], cache)[::-1]  # from the cache
    one = [disclosure._interval(A, b, bounds, j) for j in js]
    for j in js:
        ref = _reference(A, b, bounds, j)
        for interval in (got[j], again[j], one[j]):
            np.testing.assert_allclose(interval, ref, atol=1e-6, rtol=0)


def test_components_join_unknowns_through_shared_equations():
    A = np.array([[1.0, -1.0, 0, 0, 0],
                  [0, 0, 0, 1.0, 1.0],
                  [0, 1.0, 1.0, 0, 0]])
    var_label, row_label = disclosure._components(A)
    assert var_label[0] == var_label[1] == var_label[2] == row_label[0] == row_label[2]
    assert var_label[3] == var_label[4] == row_label[1] != var_label[0]


def test_subgroup_suppression_hides_the_same_cells_as_a_fresh_audit_each_round(monkeypatch):
    """The cache keeps a component's intervals across rounds: the hidden cells must be those
    of an audit that solves every round afresh (no cache)."""
    rng = np.random.default_rng(3)
    rows = []
    for h in range(1, 9):
        parts = rng.integers(2, 40, 3)
        rows += [{"h": h, "group": g, "n": int(x), "v": float(x) / 7}
                 for g, x in zip(("a", "b", "c"), parts, strict=True)]
        rows.append({"h": h, "group": "all", "n": int(parts.sum()), "v": 1.0})
    table = pd.DataFrame(rows)
    fast = disclosure.suppress_subgroups(table, "group", "all", ["h"], ["n"], min_cell=20,
                                         value_cols=["v"])
    real = disclosure._intervals
    monkeypatch.setattr(disclosure, "_intervals",
                        lambda A, b, bounds, js, cache=None: real(A, b, bounds, js))
    slow = disclosure.suppress_subgroups(table, "group", "all", ["h"], ["n"], min_cell=20,
                                         value_cols=["v"])
    pd.testing.assert_frame_equal(fast, slow)
    shown = fast["n"].astype(str)
    assert shown.str.startswith("<").any()  # small cells hidden as such
    assert (shown == "x").any()  # and further cells hidden so that they cannot come back
