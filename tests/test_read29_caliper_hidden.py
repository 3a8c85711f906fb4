"""Chapter 4's caliper exercise must not print, on the chapter's own caliper, a count or an
effect that the chapter's published tables hide for the same run (read29: seed 8282, 3,000
residents, 1,200 newcomers, min_cell 15: the summary hid IBO's matched starters at 5
quarters, 341, as 6 apart from the 347 at 4 quarters; the exercise printed 341 on the row of
the chapter's caliper 0.20, whose matching and estimate, 4.2 pp, are the summary's)."""

import numpy as np
import pandas as pd

from mia_helpers import disclosure, effect_tables
from mia_helpers.disclosure import hide_more, suppress

MIN_CELL = 15
IBO = "workplace_learning_ibo"


def _support() -> object:
    return suppress(pd.DataFrame({"measure": [IBO], "n_treated": [479], "n_dropped": [58]}),
                    count_cols=["n_treated", "n_dropped"], min_cell=MIN_CELL,
                    name="support (read29)")


def _summary(hide_count: bool, hide_effect: bool = False) -> object:
    d = pd.DataFrame({"measure": [IBO] * 3, "estimand": ["now_vs_later"] * 3,
                      "quarter_since_start": [4, 5, 8], "matched_pp": [4.1, 4.2, 11.2],
                      "n_treated": [347, 341, 306]})
    p = suppress(d, count_cols=["n_treated"], min_cell=MIN_CELL, name="summary (read29)")
    if hide_count:
        p = hide_more(p, {"n_treated": np.array([False, True, False])}, "horizon",
                      "summary (read29): horizon", MIN_CELL)
    if hide_effect:
        p = hide_more(p, {"matched_pp": np.array([False, True, False])}, "derived",
                      "summary (read29): effect", MIN_CELL)
    return p


def _rows() -> pd.DataFrame:
    return pd.DataFrame({"caliper": [0.01, 0.2, 2.0],
                         "role": ["narrower", "the chapter's", "wider"],
                         "n_dropped": [310, 58, 5], "att_pp_q5": [6.6, 4.2, 5.5],
                         "n_treated_q5": [132, 341, 383]})


def test_the_chapters_row_hides_the_count_the_summary_hides():
    disclosure.reset_record()
    t = effect_tables.caliper_table(_rows(), _support(), IBO, _summary(True), quarter=5,
                                    min_cell=MIN_CELL, value_cols={"att_pp_q5": "n_treated_q5"})
    assert pd.isna(t.data["n_treated_q5"].iat[1]), t.data  # 341: the summary's hidden count
    assert t.data["n_treated_q5"].iat[0] == 132 and t.data["n_treated_q5"].iat[2] == 383
    assert t.reason["n_treated_q5"].iat[1] != ""


def test_the_chapters_row_keeps_a_count_the_summary_shows():
    disclosure.reset_record()
    t = effect_tables.caliper_table(_rows(), _support(), IBO, _summary(False), quarter=5,
                                    min_cell=MIN_CELL, value_cols={"att_pp_q5": "n_treated_q5"})
    assert t.data["n_treated_q5"].tolist() == [132, 341, 383]


def test_the_chapters_row_hides_an_effect_the_summary_hides():
    disclosure.reset_record()
    t = effect_tables.caliper_table(_rows(), _support(), IBO, _summary(False, True), quarter=5,
                                    min_cell=MIN_CELL, value_cols={"att_pp_q5": "n_treated_q5"})
    assert pd.isna(t.data["att_pp_q5"].iat[1]), t.data
    assert t.data["att_pp_q5"].iat[0] == 6.6


def test_a_row_without_role_equal_to_the_hidden_count_is_hidden(monkeypatch):
    """Without ``role`` the row whose count equals the chapter's hidden one (known from
    ``result``) is the chapter's."""
    disclosure.reset_record()
    monkeypatch.setattr(effect_tables, "support_persons", lambda r: pd.DataFrame(
        {"measure": [IBO], "dropped_persons": [58]}))
    run = type("R", (), {})()
    run.support = lambda: pd.DataFrame({"measure": [IBO], "n_treated": [479], "n_dropped": [58]})
    run.tidy = pd.DataFrame({"measure": [IBO], "estimator": ["matched"],
                             "estimand": ["now_vs_later"], "quarter_since_start": [5],
                             "n_treated": [341]})
    rows = _rows().drop(columns="role")
    t = effect_tables.caliper_table(rows, _support(), IBO, _summary(True), quarter=5,
                                    min_cell=MIN_CELL, result=run)
    assert pd.isna(t.data["n_treated_q5"].iat[1]), t.data
