"""review37: the quarters without any KSZ row were computed twice, by the commands' warning
(``data.ksz_gap_warning``) and by chapter 1's sentence (``describe.ksz_gap_sentence``); both
now read ``data.ksz_gap_runs``, so the terminal and the chapter name the same quarters."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers.data import ksz_gap_runs, ksz_gap_warning
from mia_helpers.describe import ksz_gap_sentence
from mia_helpers.quarters import Window, to_index


def test_runs_inside_the_window_between_the_first_and_last_quarter():
    q = pd.Series([0, 1, 3, 4, 7, 9, np.nan, 11])
    assert ksz_gap_runs(q, Window(0, 11)) == [(2, 2), (5, 6), (8, 8), (10, 10)]
    # outside the window, and before the first / after the last quarter inside it: no gap
    assert ksz_gap_runs(q, Window(3, 4)) == []
    assert ksz_gap_runs(q, Window(2, 8)) == [(5, 6)]
    assert ksz_gap_runs(pd.Series([], dtype=float), Window(0, 11)) == []


def test_the_warning_and_the_chapter_name_the_same_quarters(tmp_path):
    q = [i for i in range(48) if i not in (to_index("2012Q2"), to_index("2012Q3"))]
    pd.DataFrame({"person_id": range(len(q)), "quarter": q}).to_parquet(
        tmp_path / "ksz_positions.parquet", index=False)
    warning = ksz_gap_warning(pd.Series(q), Window(0, 47))
    sentence = ksz_gap_sentence(tmp_path, "2005Q1", "2016Q4")
    assert "2 quarters" in warning and "2012Q2..2012Q3" in warning and "(2012Q4)" in warning
    assert "in 2012Q2 to 2012Q3," in sentence and "in 2012Q4." in sentence
