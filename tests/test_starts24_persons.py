"""Starts by few persons in the tables nvn24 left out: chapter 4's caliper exercise (dropped
starters per caliper, matched starters at 5 quarters), its starters by origin group, and chapter
5's comparison of measures count *starts* (a person's first start of a measure in each
registration spell): a count of at least ``min_cell`` starts by fewer than ``min_cell`` persons
is hidden there too, with the values on it (starts24). Appendix C's transplants are one per
patient, so its counts are persons."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from mia_helpers import disclosure, effect_tables
from mia_helpers.disclosure import suppress
from mia_helpers.origin_effects import origin_table

MIN_CELL = 10
IBO = "workplace_learning_ibo"
GROUPS = ("belgian", "southern_eu", "eastern_eu", "non_eu")


def _record_names() -> set[str]:
    return set(disclosure.checking_record().iloc[:, 0].astype(str))


def _shown(cell: object) -> bool:
    return not (isinstance(cell, str) and cell[:1] in "<x") and not pd.isna(cell)


def _by_group() -> pd.DataFrame:
    """IBO starts by origin group at quarters 4, 5, 8; the southern EU group's 34, 22, 12 starts
    were made by 8, 7, 6 persons (each started in up to three spells); the others' starts are
    persons."""
    counts = {"belgian": (300, 280, 250), "southern_eu": (34, 22, 12),
              "eastern_eu": (60, 45, 30), "non_eu": (120, 100, 80)}
    persons = {"southern_eu": (8, 7, 6)}
    return pd.DataFrame([
        {"measure": IBO, "group": g, "quarter_since_start": q, "att_pp": 3.0, "ci_low": 1.0,
         "ci_high": 5.0, "true_att_pp": 2.5, "n_treated": n,
         "treated_persons": persons.get(g, ns)[i]}
        for g, ns in counts.items() for i, (q, n) in enumerate(zip((4, 5, 8), ns, strict=True))])


def test_origin_table_hides_a_group_s_starts_by_few_persons_and_its_complements():
    disclosure.reset_record()
    d = _by_group()
    t = origin_table(d, (4, 5, 8), min_cell=MIN_CELL)
    south = t[t["group"] == "southern_eu"]
    # old code: 34, 22 and 12 starts by 8, 7 and 6 persons published with their estimates
    assert not any(_shown(c) for c in south["n_treated"]), south
    for c in ("att_pp", "ci_low", "ci_high", "true_att_pp"):
        assert not any(_shown(v) for v in south[c]), (c, south)
    # the groups add up to the pooled starters the summary publishes: the other groups' counts
    # go too (all or none at a horizon), else the pooled count less them gives the 34 back
    assert not any(_shown(c) for c in t["n_treated"]), t
    # the largest groups' counts go under the all-or-none rule only: their estimates stay
    assert (t.loc[t["group"].isin(["belgian", "non_eu"]), "att_pp"] == 3.0).all(), t
    assert "effects by origin group" in _record_names()
    # without the persons the rule reads starts only (the table as before)
    plain = origin_table(d.drop(columns="treated_persons"), (4, 5, 8), min_cell=MIN_CELL)
    assert [int(c) for c in plain["n_treated"]] == d["n_treated"].tolist()


def test_origin_published_leaves_out_the_estimates_on_starts_by_few_persons():
    pub = effect_tables.origin_published(_by_group(), (4, 5, 8), MIN_CELL)
    assert pub.loc[pub["group"] == "southern_eu", "att_pp"].isna().all(), pub
    assert pub.loc[pub["group"] == "belgian", "att_pp"].notna().all(), pub


def test_suppress_hides_derived_cells_with_their_values_and_protects_them_in_groups():
    d = pd.DataFrame({"g": ["a", "a", "a"], "n": [50, 30, 20], "v": [1.0, 2.0, 3.0]})
    p = suppress(d, count_cols=["n"], value_cols={"v": "n"}, min_cell=MIN_CELL,
                 groups={"n": ["g"]}, hide={"n": [False, False, True]}, hide_rule="derived",
                 name="test: derived hide")
    assert list(p.reason["n"]) == ["", "complement", "derived"], p.reason
    assert list(p.reason["v"]) == ["", "derived", "derived"], p.reason
    with pytest.raises(ValueError, match="'derived'"):
        suppress(d, count_cols=["n"], min_cell=MIN_CELL, hide={"n": [True, False, False]},
                 hide_rule="share")


class _Match:
    """A caliper run's IBO match: 100 starts, 70 of them matched; the 30 dropped starts were
    made by 9 persons (up to four spells each)."""

    def __init__(self):
        starters = np.r_[np.arange(70), 500 + np.arange(30) % 9]
        self.rows = pd.DataFrame({"person_id": np.r_[starters, 1000 + np.arange(300)],
                                  "treated": np.r_[np.ones(100, bool), np.zeros(300, bool)]})
        self.pairs = pd.DataFrame({"treated": np.arange(70), "control": 100 + np.arange(70)})


def _support_and_summary() -> tuple:
    support = suppress(pd.DataFrame({"measure": [IBO], "n_treated": [100], "n_dropped": [50]}),
                       count_cols=["n_treated", "n_dropped"], min_cell=MIN_CELL,
                       name="support (test)")
    summary = suppress(pd.DataFrame({"measure": [IBO], "quarter_since_start": [5],
                                     "n_treated": [60]}),
                       count_cols=["n_treated"], min_cell=MIN_CELL, name="summary (test)")
    return support, summary


def test_caliper_table_hides_starts_by_few_persons_with_their_values():
    """The narrow caliper drops 30 starts by 9 persons (:func:`support_persons` of the run's
    match) and follows 12 matched starts by 8 persons to quarter 5; the wide one drops none."""
    disclosure.reset_record()
    run = SimpleNamespace(matches={IBO: _Match()})
    dropped_persons = effect_tables.support_persons(run)["dropped_persons"].sum()
    assert dropped_persons == 9
    rows = pd.DataFrame({"caliper": [0.01, 2.0], "n_dropped": [30, 0],
                         "n_treated_q5": [12, 80], "att_pp_q5": [1.0, 2.0],
                         "treated_persons_q5": [8, 60], "dropped_persons": [dropped_persons, 0]})
    support, summary = _support_and_summary()
    t = effect_tables.caliper_table(rows, support, IBO, summary, quarter=5, min_cell=MIN_CELL,
                                    value_cols={"att_pp_q5": "n_treated_q5"})
    # old code: the 30 dropped and 12 matched starts (and the effect on them) published
    assert list(t.reason["n_dropped"]) == ["derived", ""], t.reason
    assert list(t.reason["n_treated_q5"]) == ["derived", ""], t.reason
    assert pd.isna(t.data["att_pp_q5"].iat[0]) and t.data["att_pp_q5"].iat[1] == 2.0
    assert {"treated_persons_q5", "dropped_persons"}.isdisjoint(t.data.columns)
    assert "caliper exercise: starts by fewer persons than min_cell" in _record_names()
    assert t.data["n_dropped"].iat[1] == 0 and t.data["n_treated_q5"].iat[1] == 80


def test_caliper_rule_across_calipers_skips_a_count_by_few_persons():
    """Two calipers drop 30 and 35 starts; the first by 9 persons: hidden, so the second is
    compared with the chapter's 50 only (30 to 35 is no published difference)."""
    rows = pd.DataFrame({"caliper": [0.01, 0.05], "n_dropped": [30, 35],
                         "n_treated_q5": [40, 40], "dropped_persons": [9, 35]})
    support, _ = _support_and_summary()
    t = effect_tables.caliper_table(rows, support, IBO, None, quarter=5, min_cell=MIN_CELL)
    assert list(t.reason["n_dropped"]) == ["derived", ""], t.reason
    assert t.data["n_dropped"].iat[1] == 35


def test_comparison_of_measures_hides_starts_by_few_persons():
    disclosure.reset_record()
    tidy = pd.DataFrame({"measure": IBO, "estimand": "now_vs_later", "estimator": "matched",
                         "quarter_since_start": [4, 5], "n_treated": [30, 25],
                         "treated_persons": [12, 9]})
    comparison = pd.DataFrame({"population": ["resident", "resident", "newcomer"],
                               "measure": IBO, "quarter_since_start": [4, 5, 4],
                               "att_pp": [1.0, 2.0, 3.0], "att_rel_pct": [5.0, 6.0, 7.0],
                               "n_treated": [30, 25, 40]})
    out = effect_tables.comparison_starts_by_few_persons(
        comparison, {"resident": tidy, "newcomer": None}, "now_vs_later", MIN_CELL)
    assert list(out["n_treated"]) == [30, "x", 40], out
    assert list(out["att_pp"]) == [1.0, "x", 3.0] and out["att_rel_pct"].iat[1] == "x"
    assert "measures comparison: starts by fewer persons than min_cell" in _record_names()


def test_appendix_c_counts_one_transplant_per_patient():
    """Appendix C's starters are persons: ``jasa`` has one row per patient, and its panel marks
    the transplant period once (``floor(wait.time / period_days) == period``)."""
    from mia_helpers.heart import jasa_panel

    jasa = pd.DataFrame({"futime": [100, 50, 30], "wait.time": [20.0, np.nan, 29.0],
                         "fustat": [1, 0, 1], "accept.dt": pd.Timestamp("1970-01-01"),
                         "age": [40.0, 50.0, 60.0], "surgery": [0, 1, 0], "id": [1, 2, 3]})
    per = jasa_panel(jasa, period_days=7).groupby("id")["transplant_start"].sum()
    assert per.tolist() == [1, 0, 1]


def test_appendix_c_s_transplanted_are_as_many_as_the_patients_behind_them():
    """On the data (``survival::jasa``, the appendix's settings): the match's transplanted
    rows, which its tables count, are as many as the distinct patients behind them."""
    import warnings

    from mia_helpers.dynamic import dynamic_match
    from mia_helpers.heart import jasa_panel, load_jasa

    jasa = load_jasa()
    assert jasa["id"].is_unique
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = dynamic_match(jasa_panel(jasa, period_days=7), id="id", time="period",
                          at_risk="waiting", treatment_start="transplant_start",
                          covariates=["age", "surgery", "year"], k=3, caliper=0.2)
    treated = m.rows[m.rows["treated"].astype(bool)]
    assert m.n_treated == treated["id"].nunique() == int(jasa["transplant"].sum())


def test_the_chapters_pass_the_persons():
    """Chapter 4's caliper rows carry the persons behind their counts, and chapter 5's
    comparison goes through the rule (the functions above only act on what they are given)."""
    import inspect
    from pathlib import Path

    from mia_helpers import effect_tables, stepwise

    nb = (Path(__file__).parents[1] / "notebooks" / "04_activation_effects.md").read_text()
    assert "caliper_exercise_rows(" in nb  # the rows are built in the package (cal27):
    rows = inspect.getsource(effect_tables.caliper_exercise_rows)
    assert 'f"treated_persons_q{q}": t["treated_persons"].item()' in rows
    assert '"dropped_persons": support_persons(run)["dropped_persons"].sum()' in rows
    assert "comparison_starts_by_few_persons(" in inspect.getsource(
        stepwise.measure_comparison_skipping)
