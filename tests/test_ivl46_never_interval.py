"""``benchmarks/never_interval.py`` (forty-third session, ivl46): its recomputed package
interval is the package's, each candidate interval follows its formula on hand-made numbers,
and its summary and reading apply the rule fixed in its docstring. A small drawn design
(``tests/drawn_designs.py``) and hand-made frames; no generator run."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from benchmark_module import load_benchmark
from drawn_designs import risk_set_design

import mia_helpers.effects as ef

nint = load_benchmark("never_interval")
Q = 1.959963984540054  # the normal 97.5 per cent quantile


def test_protocol_constants():
    assert nint.BASE_SEED == 2018 and nint.N_DATA_SETS == 600
    assert nint.STOP_AT_UTC == "12:25" and nint.JUDGED == (4, 5)
    assert nint.Q == pytest.approx(Q, abs=1e-12)


def test_recomputed_package_interval_is_effect_curves_interval():
    """On the design of tests/test_mover36_interval.py: ``package_numbers`` passes its exact
    checks, and ``intervals``' I0 on its numbers is ``effect_curves``' interval bit for bit at
    every point-identified horizon (at least 3 of them)."""
    ea, oa = risk_set_design(np.random.default_rng(3), 700, 6, start_periods=3,
                             start_intercept=-1.8, reg_until=2, with_pairs=True)
    c, vt, vc, q = nint.package_numbers(ea, oa, "drawn design")
    pi = np.asarray(c["point_identified"], bool)
    assert pi.sum() >= 3
    lo, hi = nint.intervals(c["m1"], c["m0"], vt, vc, q)["I0"]
    assert np.array_equal(lo[pi], c["lo"][pi]) and np.array_equal(hi[pi], c["hi"][pi])
    # the symmetric interval is att +- q se with the package's se
    lo1, hi1 = nint.intervals(c["m1"], c["m0"], vt, vc, q)["I1"]
    np.testing.assert_allclose(hi1[pi] - c["att"][pi], q[pi] * c["se"][pi], rtol=1e-12)


def test_package_numbers_stops_when_the_interval_is_not_the_packages(monkeypatch):
    ea, oa = risk_set_design(np.random.default_rng(3), 700, 6, start_periods=3,
                             start_intercept=-1.8, reg_until=2, with_pairs=True)
    orig, calls = ef._linearized_se, []

    def second_call_off(*args, **kw):  # effect_curves' own call first, then the script's
        out = orig(*args, **kw)
        calls.append(1)
        if len(calls) == 2:
            vt, vc = kw["parts"][("now_vs_never", "matched")]
            kw["parts"][("now_vs_never", "matched")] = (vt, vc * (1 + 1e-9))
        return out

    monkeypatch.setattr(ef, "_linearized_se", second_call_off)
    with pytest.raises(SystemExit, match="drawn design: the recomputed package interval"):
        nint.package_numbers(ea, oa, "drawn design")


def test_interval_formulas_on_hand_numbers():
    m1, m0, vt, vc = (np.array([x]) for x in (0.30, 0.10, 1e-4, 4e-4))
    iv = nint.intervals(m1, m0, vt, vc, Q)
    d, s1, s0 = 0.20, 0.01, 0.02
    # I1 symmetric; I2 (no clipping here) equals it: MOVER of two Wald intervals
    for name in ("I1", "I2"):
        np.testing.assert_allclose(iv[name], [[100 * (d - Q * np.sqrt(5e-4))],
                                              [100 * (d + Q * np.sqrt(5e-4))]], rtol=1e-12)
    # I0: log(-log) interval of S = 0.9
    S, sll = 0.9, s0 / (0.9 * abs(np.log(0.9)))
    l0, u0 = 1 - S ** np.exp(-Q * sll), 1 - S ** np.exp(Q * sll)
    want0 = (d - np.hypot(Q * s1, u0 - 0.10), d + np.hypot(Q * s1, 0.10 - l0))
    np.testing.assert_allclose(np.ravel(iv["I0"]), 100 * np.array(want0), rtol=1e-12)
    # I3: log interval of S
    l0, u0 = 1 - S * np.exp(Q * s0 / S), 1 - S * np.exp(-Q * s0 / S)
    want3 = (d - np.hypot(Q * s1, u0 - 0.10), d + np.hypot(Q * s1, 0.10 - l0))
    np.testing.assert_allclose(np.ravel(iv["I3"]), 100 * np.array(want3), rtol=1e-12)
    # I4: arcsine-square-root interval of S
    a, sa = np.arcsin(np.sqrt(S)), s0 / (2 * np.sqrt(S * (1 - S)))
    l0, u0 = 1 - np.sin(a + Q * sa) ** 2, 1 - np.sin(a - Q * sa) ** 2
    want4 = (d - np.hypot(Q * s1, u0 - 0.10), d + np.hypot(Q * s1, 0.10 - l0))
    np.testing.assert_allclose(np.ravel(iv["I4"]), 100 * np.array(want4), rtol=1e-12)
    # the skews the docstring states: I0's long side is d's lower one, I3's its upper one
    (lo0, hi0), (lo3, hi3) = iv["I0"], iv["I3"]
    assert 20 - lo0[0] > hi0[0] - 20 and hi3[0] - 20 > 20 - lo3[0]


def test_clipping_where_the_controls_interval_leaves_0_1():
    """m0 = 0.02 with s0 = 0.03: the plain interval of m0 is clipped at 0 (d's upper side is
    sqrt((q s1)^2 + m0^2)); the log interval's upper end of S is clipped at 1 likewise; the
    arcsine angle asin(sqrt(0.98)) + q 0.03 / (2 sqrt(0.98 0.02)) passes pi/2: S = 1 too."""
    m1, m0, vt, vc = (np.array([x]) for x in (0.30, 0.02, 1e-4, 9e-4))
    iv = nint.intervals(m1, m0, vt, vc, Q)
    top = 100 * (0.28 + np.hypot(Q * 0.01, 0.02))
    for name in ("I2", "I3", "I4"):
        assert iv[name][1][0] == pytest.approx(top, rel=1e-12), name
    assert iv["I1"][1][0] > top  # unclipped: I2 and I1 part here
    # no interval where S is 0 or 1, as the package
    for name, (lo, hi) in nint.intervals(np.array([0.3]), np.array([0.0]), np.array([1e-4]),
                                         np.array([1e-4]), Q).items():
        if name != "I1":
            assert np.isnan(lo[0]) and np.isnan(hi[0]), name


def _rows(truth, m0s, flagged=()):
    """Hand-made CSV rows at quarter 4: m1 0.3, var_t 1e-4, var_c 4e-4, the given m0 and
    truth (pp); replications in ``flagged`` not point-identified."""
    n = len(truth)
    return pd.DataFrame(dict(
        replication=np.arange(n), seed=np.arange(n) + 100, quarter_since_start=4,
        m1=0.3, m0=m0s, var_t=1e-4, var_c=4e-4, true_att_pp=truth,
        point_identified=[i not in flagged for i in range(n)]))


def test_summary_counts_sides_and_leaves_out_flagged_rows():
    # d = 20 pp, I1 = 20 +- 4.38 pp: a truth of 30 lies above it (a miss "below"), 10 below
    rows = _rows([20.0, 30.0, 10.0, 30.0], [0.10] * 4, flagged={3})
    s = nint.summary(rows).set_index("interval").loc["I1"]
    assert (s["points"], s["below"], s["above"]) == (3, 1, 1)
    assert s["coverage"] == pytest.approx(1 / 3)
    assert s["mc_se"] == pytest.approx(np.sqrt(1 / 3 * 2 / 3 / 3))
    assert s["width"] == pytest.approx(2 * Q * np.sqrt(5e-4) * 100)


def _summary(spec):
    """A summary frame: spec {interval: {quarter: (points, coverage, below, above, width)}}."""
    recs = []
    for name, per_q in spec.items():
        for k, (n, cov, below, above, width) in per_q.items():
            lo, hi = (float(x) for x in nint.coverage_tolerance(n))
            recs.append(dict(interval=name, quarter=k, points=n, coverage=cov, below=below,
                             above=above, width=width, band_low=lo, band_high=hi))
    return pd.DataFrame(recs)


def test_reading_applies_the_three_conditions_and_the_tie_rule():
    good = {4: (500, 0.95, 12, 13, 9.0), 5: (350, 0.95, 9, 8, 14.0)}
    spec = {
        "I0": {4: (500, 0.985, 7, 0, 10.0), 5: (350, 0.983, 6, 0, 15.0)},  # over the band
        "I1": good,
        "I2": {4: (500, 0.95, 21, 4, 8.0), 5: (350, 0.95, 9, 8, 13.0)},  # 21 > 4 % of 500
        "I3": {4: (500, 0.95, 12, 13, 9.0), 5: (350, 0.95, 9, 8, 15.5)},  # wider than I0 at 5
        "I4": good,  # the same as I1: the tie goes to I1
    }
    read = nint.reading(_summary(spec)).set_index("interval")
    assert not read.loc["I0", "recommended"] and not read.loc["I0", "band_q4"]
    assert read.loc["I1", "recommended"] and read.loc["I4", "recommended"]
    assert not read.loc["I2", "sides_q4"] and not read.loc["I2", "recommended"]
    assert not read.loc["I3", "width_q5"] and not read.loc["I3", "recommended"]
    assert nint.recommendation(read.reset_index()) == "I1"
    spec["I4"] = {4: (500, 0.95, 12, 13, 8.9), 5: good[5]}  # narrower pooled: I4 named
    assert nint.recommendation(nint.reading(_summary(spec))) == "I4"


def test_reading_widens_the_band_for_few_points_and_needs_50():
    spec = {"I0": {4: (100, 0.99, 1, 0, 10.0), 5: (100, 0.99, 1, 0, 10.0)},
            "I1": {4: (100, 0.99, 1, 0, 9.0), 5: (100, 0.99, 1, 0, 9.0)}}
    read = nint.reading(_summary(spec)).set_index("interval")
    # 0.99 lies above 0.98 but within 0.95 + 2 sqrt(0.0475 / 100) = 0.9936
    assert read.loc["I1", "band_q4"] and read.loc["I1", "recommended"]
    spec = {name: {k: (40, *v[1:]) for k, v in q.items()} for name, q in spec.items()}
    read = nint.reading(_summary(spec))
    assert not read["judged"].any() and nint.recommendation(read) is None
