"""``benchmarks/never_variance_parts.py`` (forty-fourth session, var47): its reconstruction of
the twins' variance is the package's bit for bit on a drawn design, each candidate follows its
formula on small hand-made cases (V2 is Greenwood's formula in the unweighted case), and its
summary and reading apply the rule fixed in its docstring. No generator run."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from benchmark_module import load_benchmark
from drawn_designs import risk_set_design

import mia_helpers.effects as ef

vp = load_benchmark("never_variance_parts")
nint = load_benchmark("never_interval")


def test_protocol_constants():
    assert vp.BASE_SEED == 2022 and vp.N_DATA_SETS == 400 and vp.STOP_AT_UTC == "14:15"
    assert vp.JUDGED == (4, 5) and vp.MIN_POINTS == 50 and vp.MAX_SIDE == 0.04
    assert vp.CANDIDATES == ("V0", "V2", "V4", "V24")


def _drawn():
    ea, oa = risk_set_design(np.random.default_rng(3), 700, 6, start_periods=3,
                             start_intercept=-1.8, reg_until=2, with_pairs=True)
    c, vt, vc, q = nint.package_numbers(ea, oa, "drawn design")
    info: dict = {}
    eta, bl = ef._fit_ipcw_arrays(ea.X, ea.names, ea.control, ea.weight, oa.E, oa.S, oa.A,
                                  oa.reg, int(oa.max_quarter), fit_info=info)
    return ea, oa, c, vt, vc, eta, bl, info


def test_reconstructed_var_c_is_the_packages_on_a_drawn_design():
    """V0 equals ``_linearized_se``'s var_c exactly (so the package's interval and se, which
    ``package_numbers`` checks), and V4's factor is the one of the IPCW term, nonzero."""
    ea, oa, c, vt, vc, eta, bl, info = _drawn()
    assert info, "the drawn design's IPCW logit should be fitted (not the unit-weight fallback)"
    parts = vp.variance_parts(ea, oa, eta, bl, info)
    assert np.array_equal(parts["var_c0"], vc, equal_nan=True)
    ok = np.isfinite(vc)
    assert ok.sum() >= 3
    lo, hi = ef._mover_interval(c["m1"], c["m0"], vt, parts["var_c0"], nint.Q)
    pi = np.asarray(c["point_identified"], bool) & ok
    assert np.array_equal(lo[pi], c["lo"][pi]) and np.array_equal(hi[pi], c["hi"][pi])
    # the variants are variances, and the IPCW term changes the sandwich variance
    assert np.all(parts["var_c2"][ok] >= 0) and np.all(parts["var_pc"][ok] > 0)
    assert np.any(np.abs(parts["ratio_ipcw"][ok] - 1) > 1e-6)
    np.testing.assert_allclose(parts["var_c4"], parts["var_c0"] * parts["ratio_ipcw"])
    # without the fit (the unit-weight fallback's empty fit_info) the factor is 1
    none = vp.variance_parts(ea, oa, eta, bl, {})
    np.testing.assert_array_equal(none["ratio_ipcw"][ok], 1.0)


def _one_risk_set(n=6, K=3):
    """n persons in one risk set, each its own person and calendar cell: E, at-risk, event."""
    E = np.array([1, 2, 2, 3, 9, 9])[:n]
    C = np.array([9, 9, 9, 9, 2, 9])[:n]  # person 4 censored after quarter 2
    ls = np.arange(1, K + 1)
    at = ls[None, :] <= np.minimum(E, C)[:, None]
    ev = at & (E[:, None] == ls[None, :])
    return at, ev


def test_own_hazards_are_the_weighted_kaplan_meiers():
    at, ev = _one_risk_set()
    a = np.tile(np.array([1.0, 2.0, 1.0, 1.0, 3.0, 1.0])[:, None], (1, 3))
    h = vp.own_hazards(a, at, ev, 2)
    # quarter 1: person 0 (weight 1) of total weight 9; quarter 2: persons 1, 2 (3) of 8
    np.testing.assert_allclose(h[0], [1 / 9, 3 / 8, 0.0])
    assert h.shape == a.shape and np.all(h == h[0])


def test_v2_is_greenwoods_formula_unweighted():
    """Unit weights, one row per person and cell: _km_model_var with the Kaplan-Meier's own
    hazards is S(k)^2 sum_l d_l / (n_l (n_l - d_l)) (Greenwood 1926)."""
    at, ev = _one_risk_set()
    a = np.ones(at.shape)
    person, period = np.arange(6), np.zeros(6, np.int64)
    for k in (1, 2, 3):
        v2 = ef._km_model_var(a, at, ev, vp.own_hazards(a, at, ev, k), k, person, period)
        n_l, d_l = at[:, :k].sum(axis=0), ev[:, :k].sum(axis=0)
        S = np.prod(1 - d_l / n_l)
        assert v2 == pytest.approx(S ** 2 * np.sum(d_l / (n_l * (n_l - d_l))), rel=1e-12)


def test_ipcw_variants_on_hand_numbers():
    parts = dict(var_c0=np.array([4.0, 4.0, 4.0]), var_c2=np.array([2.0, 2.0, 2.0]),
                 var_pc=np.array([2.0, 0.0, 10.0]), var_pc_corr=np.array([1.0, 1.0, 3.0]))
    out = vp.ipcw_variants(parts)
    np.testing.assert_allclose(out["ratio_ipcw"], [0.5, np.nan, 0.3])
    np.testing.assert_allclose(out["var_c4"], [2.0, np.nan, 1.2])
    np.testing.assert_allclose(out["var_c24"], [1.0, np.nan, 0.6])
    # additive form: 4 - 1, 4 + 1, 4 - 7 < 0 -> NaN
    np.testing.assert_allclose(out["var_c4a"], [3.0, 5.0, np.nan])


def _rows(att, truth, var_c, k=4, flagged=()):
    n = len(att)
    base = dict(seed=np.arange(n), replication=np.arange(n), quarter_since_start=k, m1=0.3,
                m0=0.3 - np.asarray(att) / 100, var_t=1e-4, att_pp=att, true_att_pp=truth,
                point_identified=[i not in flagged for i in range(n)])
    for name in vp.CANDIDATES:
        base[vp.COLUMN[name]] = var_c[name]
    return pd.DataFrame(base)


def test_summary_ratio_coverage_sides_and_no_interval():
    att = [0.0, 2.0, -2.0, 10.0, 0.0]
    truth = [0.0] * 5
    vc = {"V0": np.full(5, 4e-4), "V2": np.full(5, 4e-4), "V4": np.array([4e-4] * 4 + [np.nan]),
          "V24": np.full(5, 1e-6)}
    rows = _rows(att, truth, vc, flagged={4})  # the last row is not a point estimate
    s = vp.summary(rows, boot=200).set_index("candidate")
    sd = np.std([0.0, 2.0, -2.0, 10.0], ddof=1)
    se0 = 100 * np.sqrt(5e-4)
    assert s.loc["V0", "points"] == 4
    assert s.loc["V0", "ratio"] == pytest.approx(se0 / sd)
    assert s.loc["V0", "ratio_lo"] <= s.loc["V0", "ratio_hi"]
    # V0: half-width about 4.4 pp, the estimate 10 lies above: one miss "above"
    assert (s.loc["V0", "below"], s.loc["V0", "above"]) == (0, 1)
    assert s.loc["V0", "coverage"] == pytest.approx(0.75)
    assert s.loc["V4", "no_interval"] == 0  # its NaN row is the flagged one
    # V24: half-width about 1 pp: 2 and 10 above the truth, -2 below
    assert (s.loc["V24", "below"], s.loc["V24", "above"]) == (1, 2)
    rows.loc[0, "var_c4"] = np.nan
    s = vp.summary(rows, boot=50).set_index("candidate")
    assert s.loc["V4", "no_interval"] == 1 and s.loc["V4", "coverage"] == pytest.approx(0.5)


def _summ(spec):
    """spec {candidate: {quarter: (points, ratio, coverage, below, above)}}."""
    recs = []
    for name, per_q in spec.items():
        for k, (n, r, cov, below, above) in per_q.items():
            lo, hi = (float(x) for x in vp.coverage_tolerance(n))
            recs.append(dict(candidate=name, quarter=k, points=n, ratio=r, coverage=cov,
                             below=below, above=above, band_low=lo, band_high=hi))
    return pd.DataFrame(recs)


def test_reading_half_way_band_and_sides():
    spec = {"V0": {4: (500, 1.24, 0.98, 10, 0), 5: (350, 1.10, 0.97, 10, 0)},
            # half-way points: 1.12 and 1.05
            "V2": {4: (500, 1.12, 0.95, 12, 13), 5: (350, 1.05, 0.95, 9, 8)},  # both
            "V4": {4: (500, 0.90, 0.93, 21, 3), 5: (350, 1.00, 0.95, 9, 8)},  # sides at 4
            "V24": {4: (500, 1.00, 0.95, 12, 13), 5: (350, 1.06, 0.95, 9, 8)}}  # not half at 5
    read = vp.reading(_summ(spec)).set_index("candidate")
    assert read.loc["V2", "located"] and read.loc["V2", "recommended"]
    assert read.loc["V4", "located"] and not read.loc["V4", "recommended"]
    assert not read.loc["V4", "sides_q4"]
    assert not read.loc["V24", "half_q5"] and not read.loc["V24", "located"]
    # over the band at quarter 4: located, not recommended
    spec["V2"][4] = (500, 1.12, 0.985, 7, 0)
    read = vp.reading(_summ(spec)).set_index("candidate")
    assert read.loc["V2", "located"] and not read.loc["V2", "recommended"]


def test_reading_needs_v0_above_1_and_50_points():
    spec = {"V0": {4: (500, 0.98, 0.95, 10, 10), 5: (350, 1.10, 0.97, 10, 0)},
            "V2": {4: (500, 0.90, 0.95, 10, 10), 5: (350, 1.00, 0.95, 9, 8)},
            "V4": {4: (500, 0.90, 0.95, 10, 10), 5: (350, 1.00, 0.95, 9, 8)},
            "V24": {4: (500, 0.90, 0.95, 10, 10), 5: (350, 1.00, 0.95, 9, 8)}}
    read = vp.reading(_summ(spec)).set_index("candidate")
    assert not read["located"].any()  # V0 is not conservative at quarter 4
    spec["V0"][4] = (40, 1.20, 0.95, 1, 1)
    for name in ("V2", "V4", "V24"):
        spec[name][4] = (40, 1.0, 0.95, 1, 1)
    read = vp.reading(_summ(spec)).set_index("candidate")
    assert not read["judged"].any() and not read["located"].any()
