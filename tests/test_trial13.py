"""Disclosure and readability of chapter 4's newest tables and the sentences beside them, and
the counts chapters 5 and 6 publish from the same effects (trial13: seed 4242, 2,500
residents, 1,200 newcomers, min_cell 10 and 20)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims
from mia_helpers import conclusions as cc
from mia_helpers.effect_tables import estimate_grid, origin_published, with_starters

IBO = "workplace_learning_ibo"


class FakeResult:
    """What the tables read of an ``EffectsResult``: ``tidy`` and ``support()``."""

    def __init__(self, tidy: pd.DataFrame, matched: dict[str, int]):
        self.tidy = tidy
        self._support = pd.DataFrame({"measure": list(matched),
                                      "n_matched": list(matched.values())})

    def support(self) -> pd.DataFrame:
        return self._support


def _tidy(counts: dict[int, int], measure: str = IBO, estimand: str = "now_vs_later"
          ) -> pd.DataFrame:
    """Matched and naive rows of one measure with ``counts`` (quarter -> matched treated)."""
    rows = []
    for q, n in counts.items():
        for est in ("matched", "naive"):
            rows.append({"measure": measure, "estimand": estimand, "estimator": est,
                         "quarter_since_start": q, "att_pp": 5.0 + q, "att_rel": 0.2,
                         "ci_low": 1.0, "ci_high": 9.0 + q, "n_treated": n,
                         "true_att_pp": 4.0})
    return pd.DataFrame(rows)


# --- chapter 6 may not publish a count chapter 4's summary table hides -----------------------

def test_count_published_follows_chapter_4s_summary_table():
    # seed 4242: 287 IBO starters at quarter 4, 284 at quarter 5 (hidden in chapter 4's
    # summary table, 3 apart), and chapter 6 printed 284
    r = FakeResult(_tidy({4: 287, 5: 284, 8: 251}), {IBO: 346})
    assert not cc._count_published(r, 5, "now_vs_later", "resident", 12, 10)
    assert cc._count_published(r, 4, "now_vs_later", "resident", 12, 10)
    # the newcomer row reads chapter 5's comparison table, starters as quarter 0: 36 of 40
    n = FakeResult(_tidy({4: 36, 5: 30, 8: 25}), {IBO: 40})
    assert not cc._count_published(n, 4, "now_vs_later", "newcomer", 12, 10)
    n = FakeResult(_tidy({4: 36, 5: 20, 8: 5}), {IBO: 80})
    assert cc._count_published(n, 4, "now_vs_later", "newcomer", 12, 10)


def _finding_rows(hidden: bool) -> dict[str, dict]:
    rows = {f.key: {"estimate": 1.0, "ci_low": 0.5, "ci_high": 1.5, "n_persons": 400,
                    "truth": np.nan} for f in cc.STUDY_FINDINGS}
    rows["ibo_residents_q5"] |= {"n_persons": 284, "persons_hidden": hidden}
    return rows


def test_findings_table_hides_a_count_the_source_table_hides():
    table = cc.findings_table(_finding_rows(True), synthetic=True, min_cell=10)
    row = table.set_index("key").loc["ibo_residents_q5"]
    assert pd.isna(row["n_persons"]) and cc.PERSONS_HIDDEN in row["note"]
    assert row["estimate"] == 1.0  # the estimate stands
    numbers, _ = cc.findings_display(table, 0.95, 10)
    shown = numbers.set_index("finding")["persons"]
    assert shown["IBO effect, residents (5 quarters)"] == "x"
    assert "284" not in numbers.to_string()
    # published where the source table publishes it
    table = cc.findings_table(_finding_rows(False), synthetic=True, min_cell=10)
    assert table.set_index("key").loc["ibo_residents_q5", "n_persons"] == 284


# --- chapter 5's comparison table: the starters as quarter 0, as in chapter 4 ----------------

def test_measure_comparison_counts_start_at_the_matched_starters(monkeypatch):
    from mia_helpers import stepwise

    results = {"newcomers": FakeResult(_tidy({4: 36, 5: 36, 8: 25}), {IBO: 80}),
               "residents": FakeResult(_tidy({4: 287, 5: 270, 8: 251}), {IBO: 291})}

    def fake(estimate, specs, parameter, population="", **kw):
        return results[population], {}

    monkeypatch.setattr(stepwise, "effects_skipping", fake)
    table, _ = stepwise.measure_comparison_skipping(None, None, [IBO], None, (4, 5, 8),
                                                    "now_vs_later", 10)
    assert not (table["quarter_since_start"] == 0).any()
    res = table[table["population"] == "resident"].set_index("quarter_since_start")
    # 291 matched starters (published in chapter 4), 287 at quarter 4: 4 apart, hidden
    assert str(res.loc[4, "n_treated"]) in ("x", "<NA>", "nan")
    assert "287" not in table.to_string()
    assert pd.to_numeric(res["att_pp"], errors="coerce").notna().all()  # estimates stand


def test_with_starters_adds_quarter_0_and_names_a_missing_measure():
    tidy = _tidy({4: 30})
    out = with_starters(tidy, FakeResult(tidy, {IBO: 41}))
    q0 = out[out["quarter_since_start"] == 0]
    assert len(q0) == 1 and q0["n_treated"].item() == 41 and q0["att_pp"].isna().all()
    with pytest.raises(ValueError, match="workplace_learning_ibo"):
        with_starters(tidy, FakeResult(tidy, {"training_basic": 41}))


# --- chapter 4's origin prose and figure: only what the origin table publishes ---------------

def _by_group() -> pd.DataFrame:
    """Seed 4242, min_cell 20, IBO: the small groups below 20 starters, so the table hides
    the non-EU group too (its count is their complement)."""
    n = {"belgian": 220, "southern_eu": 14, "eastern_eu": 11, "non_eu": 42}
    est = {"belgian": 13.4, "southern_eu": 25.6, "eastern_eu": 40.9, "non_eu": -5.2}
    rows = [{"measure": IBO, "group": g, "quarter_since_start": q, "att_pp": est[g],
             "ci_low": est[g] - 10, "ci_high": est[g] + 10, "true_att_pp": 7.0,
             "n_treated": n[g] - (q - 4) * 0, "estimator": "matched"}
            for g in n for q in range(1, 9)]
    return pd.DataFrame(rows)


def test_origin_prose_states_no_estimate_the_table_hides():
    from mia_helpers.origin_effects import origin_table

    bg = _by_group()
    table = origin_table(bg, (4, 5, 8), min_cell=20)
    hidden = table[pd.to_numeric(table["att_pp"], errors="coerce").isna()]
    assert "non_eu" in set(hidden["group"].astype(str))  # the situation of the trial
    c = claims.origin_claims(bg, [IBO], min_cell=20, table_quarters=(4, 5, 8))
    assert "-5.2" not in c["eff_origin_headline"]
    assert "13.4 percentage points for Belgian starters" in c["eff_origin_headline"]
    assert "for Non-EU starters disclosure control hides the estimate" in c["eff_origin_headline"]
    # the band count reads only published points: Belgian at quarters 4 to 8
    pub = origin_published(bg, (4, 5, 8), 20)
    shown = pub[pub["quarter_since_start"].between(4, 8) & pub["att_pp"].notna()]
    assert c["origin_points"] == len(shown) and set(shown["group"]) == {"belgian"}
    assert pub.loc[pub["group"] == "non_eu", "att_pp"].isna().all()  # the figure draws none
    # without the table's rule (a caller's own table) every group on enough starters is read
    c = claims.origin_claims(bg, [IBO], min_cell=20)
    assert "-5.2 percentage points for Non-EU starters" in c["eff_origin_headline"]


def test_origin_published_keeps_what_the_printed_table_shows():
    from mia_helpers.origin_effects import origin_table

    bg = _by_group()
    pub = origin_published(bg, (4, 5, 8), 10)
    table = origin_table(bg, (4, 5, 8), min_cell=10)
    t = table.astype({"measure": str, "group": str}).set_index(
        ["group", "quarter_since_start"])["att_pp"]
    p = pub.set_index(["group", "quarter_since_start"])["att_pp"]
    for key, v in t.items():
        assert pd.isna(pd.to_numeric(v, errors="coerce")) == pd.isna(p[key]), key


# --- the exercises' effect grids ---------------------------------------------------------------

def test_estimate_grid_keeps_the_order_of_its_rows():
    order = ["training_basic", "workplace_learning_ibo", "application_assignment"]
    rows = pd.DataFrame([{"measure": m, "estimand": e, "att_pp": 1.234, "n_treated": 50}
                         for m in order for e in ("now_vs_later", "now_vs_never")])
    grid = estimate_grid(rows, "measure", "estimand", 10, "test grid", k=3, cohort=rows)
    assert list(grid.index) == order  # the book's order, not the codes sorted
    assert list(grid.columns) == ["now_vs_later", "now_vs_never"]
    few = rows.assign(n_treated=[50, 50, 5, 5, 50, 50])
    grid = estimate_grid(few, "measure", "estimand", 10, "test grid", k=3, cohort=few)
    assert (grid.loc["workplace_learning_ibo"] == "x").all()


def test_exercise_columns_have_reader_labels():
    from mia_helpers import labels

    for code in ("caliper", "max_smd_after", "att_pp_q5", "n_treated_q5", "pool"):
        assert labels.label(code) != code.replace("_", " ")


def test_appendix_a_caliper_exercise_prints_no_raw_none():
    """Appendix A's caliper exercise printed "None" (the code "none" relabelled) and "Rmse"."""
    from pathlib import Path

    from mia_helpers import labels

    assert labels.label("rmse") == "RMSE"
    src = (Path(__file__).parents[1] / "notebooks" / "A_matching_method.md").read_text()
    assert 'assign(caliper="none")' not in src and "no caliper" in src
    assert labels.label("no caliper") not in ("None", "none")
