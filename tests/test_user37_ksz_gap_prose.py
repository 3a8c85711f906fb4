"""user37: chapter 1 on an extract without any KSZ row in 2012Q2 published job and stable-job
starts in 2012Q3 (372 stable starts against about 55 in other quarters) without a word; the
commands warned only on the terminal. Chapter 1 now says which quarters hold no KSZ row and
where the spurious starts fall (quarter labels only, no count of persons)."""

from __future__ import annotations

import pandas as pd

from mia_helpers.describe import ksz_gap_sentence
from mia_helpers.quarters import to_index


def _folder(tmp_path, quarters):
    tmp_path.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"person_id": range(len(quarters)), "quarter": quarters}).to_parquet(
        tmp_path / "ksz_positions.parquet", index=False)
    return tmp_path


def test_the_sentence_names_the_gaps_and_the_quarters_after(tmp_path):
    missing = {to_index("2012Q2"), to_index("2014Q1"), to_index("2014Q2")}
    d = _folder(tmp_path, [q for q in range(12, 60) if q not in missing])
    text = ksz_gap_sentence(d, "2008Q1", "2019Q4")
    assert text.startswith(" The KSZ register") and text.endswith(".")
    assert "no row at all in 2012Q2 and 2014Q1 to 2014Q2," in text, text
    assert "stable-job start, in 2012Q3 and 2014Q3." in text, text


def test_no_sentence_without_a_gap_inside_the_window(tmp_path):
    d = _folder(tmp_path, [q for q in range(12, 60) if q != to_index("2012Q2")])
    assert ksz_gap_sentence(d, "2013Q1", "2019Q4") == ""  # the gap lies before the window
    assert ksz_gap_sentence(_folder(tmp_path / "b", list(range(48))), "2005Q1", "2016Q4") == ""
