"""rev48: chapter 2's KHB solution said "(Table 6 holds both shares of every group.)" after
the glued answer, which on a run where the table hides a group's shares or withholds them
(a gap whose interval includes zero) says just before that the table does not state both
shares of the row read: the static parenthesis contradicted it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from mia_helpers.exercise_answers import naive_share_sentence

CHAPTER = Path(__file__).resolve().parents[1] / "notebooks" / "02_school_leaver_entry.md"


def test_the_parenthesis_claims_no_share_the_table_withholds():
    text = " ".join(CHAPTER.read_text(encoding="utf-8").split())
    assert "holds both shares of every group" not in text
    assert "sets the two shares side by side for every group it states them for" in text


def test_a_withheld_share_is_said_so_just_before():
    shares = pd.DataFrame({"event": ["job"], "group": ["maghreb:intermediate"],
                           "share_pct": [np.nan], "naive_share_pct": [40.0],
                           "note": ["gap interval includes zero"]})
    assert "does not state both shares" in naive_share_sentence(shares)
