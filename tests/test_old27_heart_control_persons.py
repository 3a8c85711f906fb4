"""Appendix C's controls' curve: every published step rests on ``min_cell`` control persons
who died, not only on ``min_cell`` weighted deaths (old27: a waiting patient matched in many
weeks weighs more than one treated-equivalent; on the book's defaults, min_cell 10, the "now
versus later" step from period 11 to 25 rested on 8 persons, and at min_cell 5 a "now versus
never" step on 1)."""

import warnings

import pandas as pd
import pytest

from mia_helpers.dynamic import dynamic_effects, dynamic_match
from mia_helpers.heart import control_death_persons, jasa_panel, load_jasa, published_curves

H = 52


@pytest.fixture(scope="module")
def heart():
    panel = jasa_panel(load_jasa(), 7)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        match = dynamic_match(panel, id="id", time="period", at_risk="waiting",
                              treatment_start="transplant_start",
                              covariates=["age", "surgery", "year"], k=3, caliper=0.2)
        eff = dynamic_effects(match, outcome="death", horizons=range(1, H + 1),
                              count_start_period=True, bootstrap=0, min_cell=10)
    return panel, match, eff


def _contributions(panel, match, estimand):
    """Brute force, pair by pair from the panel: (control id, horizon of its death)."""
    death = panel[panel["death"].astype(bool)].groupby("id")["period"].min()
    start = panel[panel["transplant_start"].astype(bool)].groupby("id")["period"].min()
    last = panel.groupby("id")["period"].max()
    # a treated patient is followed to the window's end once dead, else to their last period
    last = last.where(~last.index.isin(death.index), panel["period"].max())
    rows, out = match.rows, []
    for t, c in zip(match.pairs["treated"], match.pairs["control"], strict=True):
        cid, tid, tc = rows["id"].iloc[c], rows["id"].iloc[t], rows["period"].iloc[c]
        if cid not in death.index:
            continue
        o = tc - 1  # count_start_period: the risk-set period is horizon 1
        e = death[cid] - o
        if e > H or e > last[tid] - o:
            continue
        if (estimand == "now_vs_never" and cid in start.index and start[cid] > tc
                and start[cid] - o < e):  # censored at its own transplant before death
            continue
        out.append((cid, e))
    return pd.DataFrame(out, columns=["id", "E"])


@pytest.mark.parametrize("min_cell", [3, 5, 10])
def test_every_control_step_rests_on_min_cell_persons(heart, min_cell):
    panel, match, eff = heart
    persons = control_death_persons(match, "death", H, count_start_period=True)
    cur = published_curves(eff, min_cell, control_persons=persons)
    cur = cur[cur["arm"] == "control_outcome"]
    for est, g in cur.groupby("estimand"):
        steps = g.loc[g["share"].diff().fillna(g["share"]) != 0, "horizon"].tolist()
        cc, prev = _contributions(panel, match, est), 0
        for h in steps:
            n = cc.loc[(cc["E"] > prev) & (cc["E"] <= h), "id"].nunique()
            assert n >= min_cell, (est, prev, h, n)
            prev = h


def test_person_counts_agree_with_brute_force(heart):
    panel, match, _ = heart
    persons = control_death_persons(match, "death", H, count_start_period=True)
    for est in ("now_vs_later", "now_vs_never"):
        last = _contributions(panel, match, est).groupby("id")["E"].max()
        want = last.value_counts().reindex(range(1, H + 1), fill_value=0).to_numpy()
        got = persons.loc[persons["estimand"] == est, "persons"].to_numpy()
        assert (got == want).all(), est


def test_without_persons_the_weighted_rule_is_kept(heart):
    _, _, eff = heart
    a = published_curves(eff, 10)
    many = eff[["estimand", "horizon"]].drop_duplicates().assign(persons=10**6)
    assert a.equals(published_curves(eff, 10, control_persons=many))  # persons above: no change
    none = many.iloc[:0]  # horizons missing count no person: the controls' curves stay at 0
    c = published_curves(eff, 10, control_persons=none)
    assert (c.loc[c["arm"] == "control_outcome", "share"] == 0).all()


def test_horizons_below_one_refused(heart):
    _, match, _ = heart
    with pytest.raises(ValueError, match="horizons"):
        control_death_persons(match, "death", 0)
