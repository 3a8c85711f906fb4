"""Models that say when they cannot answer (issue 15): one test per kind of failure and model
family, on small constructed data. Each asserts that the warning or error names the term or
column and the value that matters (the not-identified flag, the counts, the refused column).

Tolerance of the limiting-MLE comparisons: 1e-8, as in tests/test_core.py (both fits converge
to within ~1e-10 of the same optimum).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from mia_helpers import competing as C
from mia_helpers import core
from mia_helpers import hazard as hz
from mia_helpers import matching as M
from mia_helpers import matchit_compat as mc

EXACT = 1e-8


def _logit_rows(seed: int = 0, n: int = 2000):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    d = (rng.random(n) < 0.1).astype(float)
    y = (rng.random(n) < 1 / (1 + np.exp(-(-0.5 + 0.8 * x)))).astype(float)
    return x, d, y, rng


# ---------------------------------------------------------------- 1. no events / separation
def test_binary_term_without_events_is_flagged_and_others_are_the_limiting_mle():
    x, d, y, _ = _logit_rows()
    y[d == 1] = 0.0
    X = np.column_stack([np.ones_like(x), x, d])
    with pytest.warns(core.NotIdentifiedWarning,
                      match=r"'d'.*no events among the rows where it is 1 \(quasi-complete") as got:
        fit = core.fit_binary(X, y, names=["const", "x", "d"])
    # the direction, not the counts (fp26: trials can be one person's person-periods)
    assert not any("trials" in str(w.message) or "events in" in str(w.message) for w in got)
    assert fit.not_identified["d"] == "no events where it is 1"
    t = fit.tidy().set_index("term")
    assert not t.loc["d", "identified"] and np.isnan(t.loc["d", "estimate"])
    assert np.isnan(t.loc["d", "ci_low"]) and t.loc[["const", "x"], "identified"].all()
    ref = sm.GLM(y[d == 0], X[d == 0, :2], family=sm.families.Binomial()).fit(tol=1e-12)
    np.testing.assert_allclose(fit.params[["const", "x"]], ref.params, atol=EXACT)


def test_binary_quasi_complete_separation_by_a_continuous_term():
    rng = np.random.default_rng(1)
    x = np.r_[rng.normal(size=400), np.zeros(200)]
    y = np.r_[(x[:400] > 0).astype(float), (rng.random(200) < 0.4).astype(float)]
    X = np.column_stack([np.ones_like(x), x])
    with pytest.warns(core.NotIdentifiedWarning, match=r"separation.*\['x'\]"):
        fit = core.fit_binary(X, y, names=["const", "x"])
    t = fit.tidy().set_index("term")
    assert not t.loc["x", "identified"] and t.loc["const", "identified"]
    # the intercept is the MLE on the rows that are not perfectly predicted (x = 0)
    assert fit.params["const"] == pytest.approx(np.log(y[400:].mean() / (1 - y[400:].mean())))


def test_complete_separation_by_a_continuous_term_leaves_nothing_to_fit():
    """Complete separation along a constant and a continuous covariate removes every term and
    row: the fit flags every term (NaN estimate and bounds) instead of a numpy error."""
    x = np.random.default_rng(0).normal(size=60)
    X, y = np.c_[np.ones(60), x], (x > 0).astype(float)
    with pytest.warns(core.NotIdentifiedWarning, match=r"nothing is left to fit.*'t0', 't1'"):
        fit = core.fit_binary(X, y, names=["t0", "t1"])
    t = fit.tidy(level=0.9).set_index("term")
    assert list(t.index) == ["t0", "t1"] and not t["identified"].any()
    assert t[["estimate", "ci_low", "ci_high"]].isna().all().all()
    assert not fit.converged and set(fit.not_identified) == {"t0", "t1"}
    # the same separation in the other model families: flagged or warned, never a crash
    with pytest.warns(core.NotIdentifiedWarning, match=r"'x'.*separation"):
        m = core.fit_mnl(X, y.astype(int), 2, names=["const", "x"])
    assert not m.tidy().set_index("term").loc["x", "identified"]
    for ridge in (1e-4, 0.0):
        with pytest.warns(core.NotIdentifiedWarning, match=r"separation.*'x'"):
            eta = M.fit_logit(x[:, None], y, ridge=ridge, names=["x"])[0]
        assert np.isfinite(eta).all()


def test_hazard_model_level_without_events():
    rng = np.random.default_rng(2)
    n = 900
    group = rng.choice(["a", "b", "c"], n)
    rows = pd.DataFrame({"person_id": np.arange(n), "group": pd.Categorical(group)})
    rows = rows.loc[rows.index.repeat(4)].reset_index(drop=True)
    rows["u"] = np.tile(np.arange(4), n)
    rows["event"] = ((rng.random(len(rows)) < 0.2) & (rows["group"] != "c")).astype(int)
    g = hz.group_periods(rows, ["group"], bins=[0, 2])
    with pytest.warns(core.NotIdentifiedWarning, match=r"'group\[c\]'.*no events among the rows"):
        fit = hz.fit_hazard(g, ["group"], name="M")
    t = fit.tidy().set_index("term")
    assert not t.loc["group[c]", "identified"] and t.loc["group[b]", "identified"]
    assert "group[c]" in fit.not_identified and "group[c]" in fit.dropped_terms


def test_mnl_outcome_without_events_in_a_level():
    """Issue 15's example: m2 never occurs for dutch_level == 'none' (600 persons x 6 quarters,
    outcome probabilities 0.8/0.1/0.1 otherwise)."""
    rng = np.random.default_rng(3)
    n = 600
    d = pd.DataFrame({"person_id": np.repeat(np.arange(n), 6), "spell": 0,
                      "u": np.tile(np.arange(6), n)})
    d["dutch_level"] = np.repeat(rng.choice(["none", "basic", "native"], n), 6)
    d["education"] = "mid"
    d["experience"] = 0.0
    d["outcome"] = rng.choice(3, len(d), p=[0.8, 0.1, 0.1])
    none = (d["dutch_level"] == "none").to_numpy()
    d.loc[none & (d["outcome"] == 2).to_numpy(), "outcome"] = 0
    d.attrs = {"outcomes": [C.NO_INFLOW, "m1", "m2"]}
    with pytest.warns(core.NotIdentifiedWarning, match=r"'dutch\[none\]'.*'m2'"):
        fit = C.fit_inflow(d, ("duration", "self_reliance"), max_u=5)
    t = fit.tidy().set_index(["term", "outcome"])
    assert not t.loc[("dutch[none]", "m2"), "identified"]
    assert np.isnan(t.loc[("dutch[none]", "m2"), "se"])
    assert t.loc[("dutch[none]", "m1"), "identified"]
    assert fit.converged
    # predictions give probability 0 to m2 where dutch_level is none
    assert fit.hazards(d[none].head(3))[:, 2].max() == 0.0


def test_propensity_logit_separation_is_warned_and_att_says_why():
    rng = np.random.default_rng(4)
    n = 300
    x = rng.normal(size=n)
    data = pd.DataFrame({"treat": (x > 0.5).astype(int), "x": x, "z": rng.normal(size=n)})
    with pytest.warns(core.NotIdentifiedWarning, match=r"separation.*'x'"):
        r = mc.matchit_nearest(data, "treat", ["x", "z"], ratio=1)
    assert r.weights[data["treat"].to_numpy() == 1].sum() >= 0  # ran to the end


# ---------------------------------------------------------------- 2. collinear terms
def test_collinear_term_dropped_with_reason():
    x, d, y, _ = _logit_rows(5)
    X = np.column_stack([np.ones_like(x), x, 2 * x])
    with pytest.warns(core.NotIdentifiedWarning, match=r"'x2' dropped: collinear"):
        fit = core.fit_binary(X, y, names=["const", "x", "x2"])
    assert fit.not_identified == {"x2": "collinear with earlier terms"}
    assert not fit.tidy().set_index("term").loc["x2", "identified"]


def test_mnl_collinear_term_dropped_with_reason():
    rng = np.random.default_rng(6)
    X = np.column_stack([np.ones(400), rng.normal(size=400)])
    X = np.column_stack([X, X[:, 1] * 3])
    with pytest.warns(core.NotIdentifiedWarning, match=r"'x2' dropped: collinear"):
        core.fit_mnl(X, rng.choice(3, 400), 3)


# ---------------------------------------------------------------- 3. missing values
def test_missing_covariates_are_refused_naming_column_and_count():
    frame = pd.DataFrame({"dur": [0, 0, 1, 1], "sex": ["f", None, "m", "f"], "x": [1.0] * 4})
    with pytest.raises(ValueError, match=r"'sex' \(1 of 4 rows\)"):
        hz.design_matrix(frame, ["sex", "x"], [0, 1])
    rs = pd.DataFrame({"sex": ["f", None, "m", "f"], "age": [20.0, np.nan, np.nan, 30.0]})
    with pytest.raises(ValueError, match=r"'sex' \(1 of 4 rows\).*'age' \(2 of 4 rows\)"):
        M.design_matrix(rs, ["sex", "age"])
    with pytest.raises(ValueError, match=r"model_matrix.*'sex' \(1 of 4 rows\)"):
        mc.model_matrix(rs, ["sex"])
    cd = pd.DataFrame({"u": [0, 1], "low_link": [1.0, np.nan]})
    with pytest.raises(ValueError, match=r"'low_link' \(1 of 2 rows\)"):
        C.design_matrix(cd, ("duration", "low_link"))


@pytest.mark.parametrize("values, msg", [([0, 1, np.nan, 1], r"1 missing"),
                                          ([0, 2, 0, 2], r"0/1.*2")])
def test_treatment_must_be_0_1(values, msg):
    data = pd.DataFrame({"t": values, "x": [0.1, 0.5, 0.3, 0.9]})
    with pytest.raises(ValueError, match=rf"'t'.*{msg}|{msg}"):
        mc.matchit_nearest(data, "t", ["x"])
    with pytest.raises(ValueError, match=msg):
        M.fit_logit(data[["x"]].to_numpy(), np.asarray(values, float))


# ---------------------------------------------------------------- 4. degenerate matching
def test_degenerate_caliper_and_nothing_matched():
    rng = np.random.default_rng(7)
    data = pd.DataFrame({"t": np.r_[np.ones(20), np.zeros(40)].astype(int),
                         "x": rng.normal(size=60)})
    with pytest.raises(ValueError, match="caliper must be > 0"):
        mc.matchit_nearest(data, "t", ["x"], caliper=0)
    ps = np.r_[np.full(20, 0.9), np.full(40, 0.1)]
    with pytest.raises(ValueError, match="no treated unit matched within the caliper"):
        mc.matchit_nearest(data, "t", ["x"], caliper=0.01, std_caliper=False, distance=ps)
    with pytest.raises(ValueError, match="caliper must be > 0"):
        M.match(pd.DataFrame(), M.TreatmentSpec.measure("mediation_guidance"), caliper=0)
    with pytest.raises(ValueError, match="min_treated"):
        M.match(pd.DataFrame(), M.TreatmentSpec.measure("mediation_guidance"), min_treated=0)


# ---------------------------------------------------------------- 6. uncounted losses
def test_school_leaver_exclusions_are_counted():
    """Three school leavers: one left school before the window start (quarters 4..11), one
    inside it, one in its last quarter (after the last quarter at risk of a stable job)."""
    slq = {1: 2, 2: 5, 3: 11}
    rows = []
    for pid, s in slq.items():
        for q in range(4, 12):
            rows.append({"person_id": pid, "quarter": q, "job_start": False, "run_start": np.nan,
                         "run_length": np.nan, "registered": True, "experience": 0.0,
                         "sex": "female", "birth_year": 1990, "origin": "belgian",
                         "generation": "native", "education": "mid", "study_field": "general",
                         "dutch_level": "native", "household": "single", "children": 0,
                         "parent_employed": True, "parent_education": "mid",
                         "school_leaving_quarter": float(s)})
    panel = pd.DataFrame(rows)
    pp = hz.school_leaver_periods(panel, "stable", stable_quarters=4,
                                  window=hz.Window(4, 11))
    log = pd.Series(dict(pp.attrs["exclusions"]))
    assert hz.exclusion_table(pp, min_cell=1).shape == (5, 2)
    assert log["school leavers with panel rows"] == 3
    assert log["left school before the window start"] == 1
    assert log["left school after the last quarter at risk"] == 1
    assert log["in the risk set"] == 1 == pp["person_id"].nunique()
    assert log.drop(["school leavers with panel rows", "in the risk set"]).sum() == 2


# ---------------------------------------------------------------- 5. small risk sets
def test_min_treated_fallback_is_reported_in_the_support_table():
    import warnings

    from mia_helpers.data import ensure_data
    from mia_helpers.panel import load_panel

    panel = load_panel(ensure_data(residents=3000, newcomers=1500))
    spec = M.TreatmentSpec.measure("workplace_learning_ibo")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", core.NotIdentifiedWarning)
        own = M.match(panel, spec, min_treated=1)
        pooled = M.match(panel, spec, min_treated=10**6)
    assert (pooled.support["score_model"] == "pooled").all()
    for res, m in ((own, 1), (M.match(panel, spec, min_treated=25), 25)):
        sup = res.support
        # pooled exactly when the risk set has fewer than min_treated treated or no control
        expect = np.where((sup["n_treated"] >= m) & (sup["n_pool"] > 0), "risk set", "pooled")
        assert (sup["score_model"].to_numpy() == expect).all()
    assert (own.support["score_model"] == "risk set").any()


# ---------------------------------------------------------------- 6. positivity of "never"
def _positivity_panel(p_fast: float, seed: int = 0, n: int = 3000, periods: int = 12):
    """Long panel: persons wait until they start (hazard ``p_fast`` per period if ``x`` is 1,
    0.1 if 0); the outcome has hazard 0.05 per period for everyone; ``z`` is a covariate
    without effect that spreads the matches over many controls (with ``x`` alone, every tie
    would take the same few twins)."""
    rng = np.random.default_rng(seed)
    x = rng.random(n) < 0.5
    z = rng.normal(size=n)
    p = np.where(x, p_fast, 0.1)
    U, V = rng.random((n, periods)), rng.random((n, periods))
    started = np.cumsum(U < p[:, None], axis=1) > 0
    start = started & ~np.hstack([np.zeros((n, 1), bool), started[:, :-1]])
    waiting = ~np.hstack([np.zeros((n, 1), bool), started[:, :-1]])
    return pd.DataFrame({"id": np.repeat(np.arange(n), periods),
                         "period": np.tile(np.arange(periods), n),
                         "x": np.repeat(x.astype(float), periods), "z": np.repeat(z, periods),
                         "waiting": waiting.ravel(), "start": start.ravel(),
                         "event": (V < 0.05).ravel()})


def test_never_is_bounded_where_twins_cannot_remain_untreated(monkeypatch):
    """With x = 1 persons starting with probability 0.95 per period, a twin like them is still
    untreated after 3 periods with probability 0.05^3 = 1.25e-4, below the IPCW floor of
    0.001 (weights capped at 1,000; the 0.05^2 = 0.0025 of horizon 3 lies above it): the
    matched "now versus never" is not point-identified from horizon 4 on, and its interval
    there is the linearized one widened by 100 x the unsupported share on either side
    (worst-case bounds), kept within [m1 - 100, m1] pp (m1 the treated cumulative incidence);
    "now versus later" is point-identified everywhere. With 0.3 instead
    (0.7^11 = 0.02 at horizon 12) every horizon is point-identified. Exactness: 1e-9 (the
    same floating-point operations). The linearized interval before widening is the MOVER
    interval (``effects._mover_interval``, ``tests/test_mover36_interval.py``), taken here
    from the call that widens it."""
    import mia_helpers.effects as ef
    from mia_helpers.dynamic import dynamic_effects, dynamic_match

    base = {}
    widen = ef._worst_case_bounds

    def spy(lo, hi, share, m1):
        base["lo"], base["hi"] = lo.copy(), hi.copy()
        return widen(lo, hi, share, m1)

    monkeypatch.setattr(ef, "_worst_case_bounds", spy)
    # this test isolates the positivity flag: the design's twins are few enough at horizon 2
    # for the other flag (fewer than MIN_CONTROL_PERSONS effective twins), which
    # tests/test_never41_few_controls.py tests
    monkeypatch.setattr(ef, "MIN_CONTROL_PERSONS", 0)

    def effects(p_fast):
        m = dynamic_match(_positivity_panel(p_fast), id="id", time="period", at_risk="waiting",
                          treatment_start="start", covariates=["x", "z"], k=1, caliper=None)
        e = dynamic_effects(m, outcome="event", horizons=range(1, 9))
        return e[e["estimator"] == "matched"].set_index(["estimand", "horizon"])

    with pytest.warns(core.NotIdentifiedWarning,
                      match=r"not point-identified at horizons 4-8.*below 0.001"):
        e = effects(0.95)
    never = e.loc["now_vs_never"]
    assert never["point_identified"].tolist() == [True] * 3 + [False] * 5
    assert (never.loc[:3, "unsupported_share"] == 0).all()
    # the unsupported share is that of the treated with x = 1 (about 0.95 / 1.05 of them)
    assert (never.loc[4:, "unsupported_share"] > 0.5).all()
    assert np.isfinite(never["att_pp"]).all() and np.isfinite(never["se"]).all()
    pad = 100 * never["unsupported_share"]
    m1 = 100 * never["treated_outcome"]  # an effect lies in [m1 - 100, m1] (pp)
    bad = pad > 0  # only the flagged horizons are widened and kept within the range
    lo0, hi0 = base["lo"][:8], base["hi"][:8]  # horizons 1..8 of the estimator's 1..K
    assert ((lo0 < never["att_pp"]) & (never["att_pp"] < hi0)).all()
    want_hi = np.where(bad, np.minimum(hi0 + pad, m1), hi0)
    want_lo = np.where(bad, np.maximum(lo0 - pad, m1 - 100), lo0)
    assert np.allclose(never["ci_high"], want_hi, rtol=0, atol=1e-9)
    assert np.allclose(never["ci_low"], want_lo, rtol=0, atol=1e-9)
    assert (never.loc[4:, "ci_high"] - never.loc[4:, "ci_low"] > 50).all()  # uninformative
    assert e.loc["now_vs_later", "point_identified"].all()
    e = effects(0.3)
    assert e["point_identified"].all() and (e.loc["now_vs_never", "unsupported_share"] == 0).all()


def test_never_when_every_control_starts_at_once_is_flagged():
    """When every matched control at risk starts in the next period, no twin can remain
    untreated (the IPCW logit cannot be fitted: hazard 1); the estimate must not be called
    point-identified (it used to fall back to unit weights, share 0, no warning)."""
    from mia_helpers.dynamic import dynamic_effects, dynamic_match

    d = _positivity_panel(1.0, n=400, periods=6).assign(x=0.0)
    first = np.where(d["id"] % 2 == 0, 1, 2)  # half start in period 1, the rest in period 2
    d["start"] = d["period"] == first
    d["waiting"] = d["period"] <= first
    m = dynamic_match(d, id="id", time="period", at_risk="waiting", treatment_start="start",
                      covariates=["z"], k=1, caliper=None, all_risk_sets=True)
    with pytest.warns(core.NotIdentifiedWarning, match="not point-identified"):
        e = dynamic_effects(m, outcome="event", horizons=range(1, 4))
    never = e[(e["estimand"] == "now_vs_never") & (e["estimator"] == "matched")]
    assert not never["point_identified"].iloc[1:].any()


def test_positivity_message_is_one_text_for_both_engines():
    """The in-memory estimator and the streamed engine warn with one text
    (``effects._positivity_message``): the same head naming the horizons, the floor and the
    cap, and no share (a disclosure rule: the warning is printed under published cells); only
    the clause on the interval differs."""
    from mia_helpers.effects import _IPCW_FLOOR, _positivity_message

    bad = np.array([False, False, True, True, False, True])
    widened = _positivity_message("ibo", bad, widened=True)
    stream = _positivity_message("ibo", bad, widened=False)
    head = "ibo: 'now_vs_never' is not point-identified at horizons 3-4, 6:"
    assert widened.startswith(head) and stream.startswith(head)
    assert widened.split(").")[0] == stream.split(").")[0]
    assert f"below {_IPCW_FLOOR:g}" in stream
    assert "by 100 x the share" in widened and "no interval to widen" in stream
    assert widened.endswith(".") and stream.endswith(".")
    assert "quarters before the horizon" in widened and "k =" not in widened
    one = _positivity_message("ibo", np.array([False, True]), widened=True)
    assert one.startswith("ibo: 'now_vs_never' is not point-identified at horizon 2:")
    assert "periods before the horizon" in _positivity_message("g", bad, True, period="periods")
