"""mover37: what the two half-widths of the matched "now versus never" interval give a reader
(``effects._mover_interval``, a MOVER combination of the starters' Wald interval and the
controls' log(-log) one), and the properties book/disclosure.md's argument that they give no
count below ``min_cell`` rests on.

1. The route exists: from the effect, its two bounds and the controls' share m0 a reader solves
   for q sqrt(var_t) and q sqrt(var_c) (``effect_tables.mover_sides_read``; exact on unrounded
   values, to 1e-9 relative: a bisection to 1e-15 in c on a few double operations).
2. The starters' side is no function of what is printed: var_t is the spread of y - mu0(x) over
   the starters (mu0 the pool's fitted cumulative incidence, never printed), so the same
   outcomes, pairs, starters count n and share m1 give another var_t with other covariates.
   Tolerance: n is read as about q^2 m1 (1 - m1) / var_t, so a relative change of 1/n in var_t
   moves the reading by one count; the change must exceed that at every horizon.
3. The tables that print the interval beside m0 (chapter 4's summary, chapter 5's comparison)
   print neither ``se`` nor ``df`` (q was unknown until the thirty-eighth session; since then
   it is the normal 1.96, and the rounding below is what protects) and the effect, its bounds and the relative
   effect to 0.1 only (the asymmetry that separates the sides is then of the rounding's size
   unless m0 is near 0)."""

from __future__ import annotations

import dataclasses
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import mia_helpers.effects as ef
from mia_helpers.effect_tables import mover_sides_read

sys.path.insert(0, str(Path(__file__).parent))

Q = 1.959963984540054


def test_half_widths_and_m0_give_each_side_times_q():
    m1 = np.array([0.30, 0.12, 0.45, 0.70])
    m0 = np.array([0.25, 0.04, 0.60, 0.35])
    vt = np.array([0.03, 0.02, 0.05, 0.04]) ** 2
    vc = np.array([0.02, 0.015, 0.03, 0.06]) ** 2
    for q in (Q, 2.45):  # any quantile: only the products are read
        lo, hi = ef._mover_interval(m1, m0, vt, vc, q)
        a, b = mover_sides_read(100 * (m1 - m0), lo, hi, m0)
        np.testing.assert_allclose(a, q * np.sqrt(vt), rtol=1e-9)
        np.testing.assert_allclose(b, q * np.sqrt(vc), rtol=1e-9)


def test_reader_gives_nan_where_nothing_fits():
    a, b = mover_sides_read([5.0, 5.0, np.nan], [1.0, 4.9, 1.0], [9.0, 9.0, 9.0],
                            [1.0, 0.2, 0.2])
    assert np.isnan(a).all() and np.isnan(b).all()  # m0 = 1; bounds too narrow; missing


def _treated_side(ea, oa):
    seen = {}
    orig = ef._mover_interval

    def spy(m1, m0, vt, vc, q):
        seen["v"] = (m1, vt)
        return orig(m1, m0, vt, vc, q)

    ef._mover_interval = spy
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ef.core.NotIdentifiedWarning)
            out = ef.effect_curves(ea, oa, ("now_vs_never",), interval="linearized")
    finally:
        ef._mover_interval = orig
    return out[("now_vs_never", "matched")]["n"], *seen["v"]


def test_starters_side_is_no_function_of_their_share_and_count():
    from drawn_designs import risk_set_design

    rng = np.random.default_rng(3)  # the design of tests/test_mover36_interval.py
    ea, oa = risk_set_design(rng, 700, 6, start_periods=3, start_intercept=-1.8, reg_until=2,
                             with_pairs=True)
    n, m1, vt = _treated_side(ea, oa)
    # the same rows, outcomes and pairs; covariates the fitted mu0 reads drawn anew
    X = np.random.default_rng(9).normal(size=ea.X.shape).astype(np.float32)
    n2, m12, vt2 = _treated_side(dataclasses.replace(ea, X=np.asfortranarray(X)), oa)
    np.testing.assert_array_equal(n, n2)
    np.testing.assert_array_equal(m1, m12)
    ok = np.isfinite(vt) & np.isfinite(vt2)
    assert ok.sum() >= 4
    assert (np.abs(vt2[ok] / vt[ok] - 1) > 1 / n[ok]).all()


def test_tables_beside_m0_print_no_se_no_df_and_one_decimal():
    from mia_helpers.newcomers import measure_comparison

    rows = []
    for k, n in ((4, 400), (5, 380), (8, 350)):
        for est, att in (("matched", 3.14159), ("naive", 5.27183)):
            rows.append(dict(measure="training_basic", estimand="now_vs_never",
                             quarter_since_start=k, estimator=est, att_pp=att,
                             ci_low=att - 4.12345, ci_high=att + 4.56789, att_rel=0.123456,
                             n_treated=n, treated_outcome=0.30, control_outcome=0.2667,
                             se=2.2222, df=57.3, point_identified=True))
    tidy = pd.DataFrame(rows)
    summary = ef.summary_table(tidy, (4, 5, 8), min_cell=10).data
    comparison = measure_comparison(tidy, None, None, (4, 5, 8), "now_vs_never", min_cell=10)
    for table, cols in ((summary, ["matched_pp", "ci_low", "ci_high", "matched_rel_pct"]),
                        (comparison, ["att_pp", "ci_low", "ci_high", "att_rel_pct"])):
        assert not {"se", "df"} & set(table.columns)
        vals = pd.to_numeric(table[cols].stack(), errors="coerce").dropna().to_numpy(float)
        assert vals.size >= len(cols)
        np.testing.assert_allclose(vals, np.round(vals, 1), atol=1e-9)
