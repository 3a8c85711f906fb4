"""Appendix A's caliper exercise: the table rests on the data sets the verdict pairs (session 47).

Before, the table of bias, RMSE and coverage (and the changes glued from it) summarised every
data set of each run, while ``exercise_answers.caliper_changes`` (the verdict and its Monte
Carlo sentence) read only the data sets with an estimate and a truth in both runs: a data set
where the book's caliper leaves no estimate moved the table but not the verdict.
``exercise_answers.caliper_rows`` now gives the notebook the paired rows. Data: hand-made
Monte Carlo rows; exact arithmetic, so no tolerance beyond floating point.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mia_helpers import exercise_answers
from mia_helpers.montecarlo import summarise

PICK = "estimand == 'now_vs_later' and estimator == 'matched' and quarter_since_start == 5"
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "A_matching_method.md"


def _rows(errors, truth=2.0, half_width=1.5):
    est = truth + np.asarray(errors, dtype=float)
    return pd.DataFrame({"replication": np.arange(len(est)), "estimand": "now_vs_later",
                         "estimator": "matched", "quarter_since_start": 5, "att_pp": est,
                         "true_att_pp": truth, "ci_low": est - half_width,
                         "ci_high": est + half_width})


def test_the_table_and_the_verdict_read_the_same_data_sets():
    book = _rows([0.5, -0.5, 0.2, 4.0])
    wide = _rows([0.1, 0.3, -0.2, np.nan])  # no estimate without a caliper on data set 3
    b, w = exercise_answers.caliper_rows(book, wide, PICK)
    assert sorted(b["replication"]) == sorted(w["replication"]) == [0, 1, 2]
    moved = exercise_answers.caliper_changes(book, wide, PICK)
    sb, sw = summarise(b).query(PICK), summarise(w).query(PICK)
    assert int(sb["replications"].iloc[0]) == moved.n == 3
    assert abs(float(sw["bias"].iloc[0])) - abs(float(sb["bias"].iloc[0])) == pytest.approx(
        moved.abs_bias, abs=1e-12)
    # the old table: the book's bias over all four data sets (1.05), not the paired 0.0667
    assert float(summarise(book).query(PICK)["bias"].iloc[0]) == pytest.approx(1.05)
    assert float(sb["bias"].iloc[0]) == pytest.approx(0.2 / 3)


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match=r"wide lacks the columns \['true_att_pp'\]"):
        exercise_answers.caliper_rows(_rows([0.1]), _rows([0.1]).drop(columns="true_att_pp"),
                                      PICK)


def test_the_notebook_summarises_the_paired_rows():
    text = NOTEBOOK.read_text(encoding="utf-8")
    assert "exercise_answers.caliper_rows(raw_same, raw_wide, pick)" in text
    assert "wide, same = summarise(raw_wide), summarise(raw_same)" not in text
