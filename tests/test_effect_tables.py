"""The effects summary with the matched starters as quarter 0 of the horizon rule.

A reader holding the common-support table (matched starters per measure) and the summary
(treated still followed at quarter 4, 5, 8) could subtract them; the disclosure helper found
39 - 30 = 9 censored starters of sanction transmission at min_cell 10 (issue: disclosure
control is correctness).
"""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers import effect_tables, effects


class _Result:
    """An EffectsResult's ``support()``: matched starters per measure and risk set."""

    def __init__(self, starters: int) -> None:
        self.starters = starters

    def support(self) -> pd.DataFrame:
        return pd.DataFrame({"measure": ["sanction_transmission"] * 2, "risk_set": [0, 1],
                             "n_matched": [self.starters - 20, 20]})


def _tidy(counts=((4, 30), (5, 29), (8, 15))) -> pd.DataFrame:
    return pd.DataFrame([
        dict(measure="sanction_transmission", estimand="now_vs_later", estimator=e,
             quarter_since_start=q, att_pp=1.0, att_rel=0.1, ci_low=0.0, ci_high=2.0,
             n_treated=n) for q, n in counts for e in ("matched", "naive")])


def test_a_count_close_to_the_starters_is_hidden():
    plain = effects.summary_table(_tidy(), (4, 5, 8)).render()
    assert str(plain["n_treated"].tolist()[0]) == "30"  # effects.summary_table alone shows it
    t = effect_tables.summary_table(_tidy(), _Result(39), (4, 5, 8))
    assert [str(v) for v in t.render()["n_treated"]] == ["x", "29", "15"]
    assert t.reason["n_treated"].tolist() == ["horizon", "", ""]
    assert (t.data["quarter_since_start"] > 0).all() and len(t) == 3  # no quarter-0 row


def test_far_from_the_starters_the_table_is_the_plain_one():
    t = effect_tables.summary_table(_tidy(), _Result(45), (4, 5, 8))
    plain = effects.summary_table(_tidy(), (4, 5, 8))
    pd.testing.assert_frame_equal(t.render(), plain.render())


def test_bad_calls_are_refused():
    with pytest.raises(ValueError, match="quarters must be >= 1"):
        effect_tables.summary_table(_tidy(), _Result(45), (0, 4))
    other = _tidy().assign(measure="training_basic")
    with pytest.raises(ValueError, match="no matched starters.*training_basic"):
        effect_tables.summary_table(other, _Result(45), (4, 5, 8))


def test_estimate_grid_hides_estimates_on_few_treated():
    """Chapter 4's exercise tables printed every estimate, also those on fewer than min_cell
    matched treated (late horizons of a small measure)."""
    rows = pd.DataFrame([dict(pool=p, quarter_since_start=q, att_pp=0.5 * q, n_treated=n)
                         for p in ("as defined", "excluded")
                         for q, n in ((1, 40), (4, 30), (12, 5))])
    # dpo27: k and the counts a reader holds (here only these) are given, else the grid rule
    # refuses (no control_outcome to read the grid from) or hides every estimate it narrows
    grid = effect_tables.estimate_grid(rows, "pool", "quarter_since_start", min_cell=10, k=3,
                                       cohort=rows)
    assert list(grid.columns) == [1, 4, 12]
    assert (grid[12] == "x").all() and (grid[4] == 2.0).all()
    with pytest.raises(ValueError, match="n_treated"):
        effect_tables.estimate_grid(rows.drop(columns="n_treated"), "pool",
                                    "quarter_since_start")


def test_estimand_difference_and_pool_clause_read_only_published_estimates():
    from mia_helpers import claims

    tidy = pd.DataFrame([{"measure": m, "estimand": e, "estimator": "matched",
                          "quarter_since_start": 12, "att_pp": v, "n_treated": n}
                         for m, n, vs in (("training_basic", 50, (1.0, 1.4)),
                                          ("sanction_transmission", 4, (1.0, 9.0)))
                         for e, v in zip(("now_vs_later", "now_vs_never"), vs, strict=True)])
    # k as chapter 4 passes it: without k rows lacking control_outcome hide every "now versus
    # later" estimate (close27, estimate_grid's safe default)
    c = claims._estimand_difference(tidy, min_cell=10, k=3)
    assert "Basic training" in c["eff_estimand_diff_sentence"]  # not the 8 points on 4 treated
    assert "at most 0.40 points" in c["eff_estimand_diff_sentence"]  # prose32: the value
    # no horizon published in both estimates
    none = pd.Series({12: float("nan")})
    assert claims.pool_shift_clause(none, pd.Series({12: 1.0}), 10).startswith(
        "cannot be compared here: no horizon has at least 10 matched starters")
    assert claims.pool_shift_clause(pd.Series({12: 1.123}), pd.Series({12: 1.0}), 10) == (
        "lowers the estimate at the one horizon, by 0.12 points; the absolute effect goes from "
        "1.12 to 1.00 points")  # prose36: one horizon is not averaged


def _support_and_summary(min_cell: int):
    """Chapter 4's tables of IBO at its own caliper, as published: 400 starters, 30 dropped;
    300 matched treated at quarter 5."""
    from mia_helpers.disclosure import suppress

    support = suppress(pd.DataFrame({"measure": ["workplace_learning_ibo"], "n_treated": [400],
                                     "n_pool": [5000], "n_matched": [370], "n_dropped": [30]}),
                       count_cols=["n_treated", "n_pool", "n_matched", "n_dropped"],
                       min_cell=min_cell, name="support (test)")
    summary = suppress(pd.DataFrame({"measure": ["workplace_learning_ibo"] * 2,
                                     "quarter_since_start": [4, 5], "n_treated": [320, 300]}),
                       count_cols=["n_treated"], min_cell=min_cell, name="summary (test)")
    return support, summary


def test_caliper_exercise_publishes_no_difference_of_fewer_than_min_cell_starters():
    """DPO audit of chapter 4's caliper exercise: its dropped starters and matched treated at
    quarter 5 per caliper were suppressed on their own, but the same starters' counts at the
    chapter's caliper are published (common support, summary), so a dropped count 15 above
    the chapter's told that 15 starters find a twin only within the chapter's caliper, and
    the support table's starters minus a row's dropped, minus its treated at quarter 5, the
    few followed for less. Every difference of published counts of the same starters must be
    0 or at least min_cell; the chapter's notebook uses the rule."""
    from pathlib import Path

    m = 20
    support, summary = _support_and_summary(m)
    rows = pd.DataFrame({"caliper": [0.01, 2.0, 1.0], "n_dropped": [45, 4, 0],
                         "n_treated_q5": [290, 330, 395], "att_pp_q5": [1.0, 2.0, 3.0]})
    t = effect_tables.caliper_table(rows, support, "workplace_learning_ibo", summary, quarter=5,
                                    min_cell=m, value_cols={"att_pp_q5": "n_treated_q5"})
    assert list(t.reason["n_dropped"]) == ["horizon", "primary", ""]
    assert list(t.reason["n_treated_q5"]) == ["horizon", "", "complement"]
    assert t.data["att_pp_q5"].notna().sum() == 2  # an estimate beside a horizon count stays
    for col, chapter in (("n_dropped", 30), ("n_treated_q5", 300)):
        shown = [chapter, *t.data[col].dropna().astype(int)]
        diffs = [abs(a - b) for i, a in enumerate(shown) for b in shown[i + 1:]]
        assert not any(0 < x < m for x in diffs), (col, shown)
    both = t.data.dropna(subset=["n_dropped", "n_treated_q5"])
    left = 400 - both["n_dropped"].astype(int) - both["n_treated_q5"].astype(int)
    assert not ((left > 0) & (left < m)).any()
    nb = (Path(__file__).parents[1] / "notebooks" / "04_activation_effects.md").read_text()
    assert "caliper_table(" in nb


def test_caliper_exercise_of_a_measure_the_chapter_does_not_show_compares_its_own_rows():
    support, _ = _support_and_summary(20)
    rows = pd.DataFrame({"caliper": [0.01, 2.0], "n_dropped": [45, 30],
                         "n_treated_q5": [290, 330]})
    t = effect_tables.caliper_table(rows, support, "training_basic", None, min_cell=20)
    assert list(t.reason["n_dropped"]) == ["", "horizon"]  # 45 - 30 = 15 < 20
    assert list(t.reason["n_treated_q5"]) == ["", ""]
