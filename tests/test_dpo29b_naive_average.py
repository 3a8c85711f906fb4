"""dpo29b: chapter 4's sentences on the naive bias and chapter 5's naive-matched gap average no
naive effect the book hides on few entrants of its own (the bias table hides that average
since dpo29; the sentences stated it beside it)."""
from __future__ import annotations

import inspect

import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims


def _tidy(hidden_quarter: int | None = 6) -> pd.DataFrame:
    """Vocational training at quarters 4-8, naive 3.0 and matched 1.5 pp against a truth of
    1.0, 174 starters of whom 60 entered; at ``hidden_quarter`` the naive effect's starters
    who entered are 7 (the rule of dpo29 hides it at min_cell 20)."""
    rows = []
    for q in range(4, 9):
        for est in ("matched", "naive"):
            entered = 7 if est == "naive" and q == hidden_quarter else 60
            rows.append({
                "measure": "training_vocational", "estimand": "now_vs_later",
                "quarter_since_start": q, "estimator": est,
                "att_pp": 3.0 if est == "naive" else 1.5, "ci_low": -1.0, "ci_high": 4.0,
                "att_rel": 0.2, "se": 1.4, "n_treated": 174, "treated_outcome": entered / 174,
                "control_outcome": 0.3, "treated_entered_persons": entered,
                "treated_not_entered_persons": 174 - entered, "treated_persons": 174,
                "control_entered_persons": 873, "control_not_entered_persons": 1323,
                "true_att_pp": 1.0, "point_identified": True})
    return pd.DataFrame(rows)


def test_a_naive_effect_on_few_entrants_marks_its_measure():
    assert claims.naive_unshown(_tidy(), "now_vs_later", range(4, 9), 20) == {
        "training_vocational"}
    assert claims.naive_unshown(_tidy(None), "now_vs_later", range(4, 9), 20) == set()


def test_the_summary_hiding_a_naive_effect_marks_its_measure():
    summary = pd.DataFrame({"measure": ["training_vocational"], "estimand": ["now_vs_later"],
                            "quarter_since_start": [5], "naive_pp": [np.nan]})
    assert claims.naive_unshown(_tidy(None), "now_vs_later", range(4, 9), 20,
                                summary=summary) == {"training_vocational"}


def test_the_naive_matched_gap_is_not_built_from_a_hidden_naive_effect():
    assert np.isnan(claims.naive_matched_gap(_tidy(), "training_vocational", range(4, 9),
                                             min_cell=20))
    assert claims.naive_matched_gap(_tidy(None), "training_vocational", range(4, 9),
                                    min_cell=20) == pytest.approx(1.5)


def test_the_bias_table_still_hides_the_naive_average():
    got = claims.bias_table(_tidy(), "now_vs_later", range(4, 9), min_cell=20).data.iloc[0]
    assert pd.isna(got["naive_bias_pp"]) and got["matched_bias_pp"] == pytest.approx(0.5)


def test_chapter_4_naive_sentences_read_only_measures_with_their_naive_effects_shown():
    src = inspect.getsource(claims.effects_claims)
    assert "naive_unshown(tidy, estimand, quarters, min_cell, summary)" in src
    assert "bias[bias.index.isin(naive_shown)]" in src
    assert "selection[selection.index.isin(naive_shown)]" in src
