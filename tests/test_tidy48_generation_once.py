"""tidy48: chapter 1's paragraph under Table 5 (the sample table) said twice that the shares
with good Dutch are not compared (seed 4048, 2,000 residents, 600 newcomers, window ending
2012Q4, stable jobs 4 and 12 quarters, min_cell 20): ``claims.generation_sentence`` ("the
shares with good Dutch are not compared, as ...") and ``claims.generation_room_sentence``
("(the share with good Dutch is not compared)"), glued two sentences apart. Hand-made sample
tables (trial32's layout): the second generation's Dutch published only for a cell of few of
its persons (that run's case), or hidden in every cell; exact counts of the words."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import claims

ROOT = Path(__file__).resolve().parents[1]


def _profile(second_dutch: tuple[object, object]) -> pd.DataFrame:
    rows = [("resident", "belgian", "native", 1000, 30.0, 100.0),
            ("resident", "maghreb", "intermediate", 100, 20.0, 60.0),
            ("resident", "maghreb", "second", 200, 30.0, second_dutch[0]),
            ("resident", "turkish", "second", 20, 25.0, second_dutch[1]),
            ("newcomer", "maghreb", "first", 500, 50.0, 20.0)]
    return pd.DataFrame(rows, columns=["sample", "origin", "generation", "persons",
                                       "high_education_pct", "good_dutch_pct"])


def _paragraph(profile: pd.DataFrame) -> str:
    """Chapter 1's paragraph with the two glued clauses pasted in."""
    shares = pd.DataFrame({"quarter": [0, 1] * 2, "origin": ["belgian"] * 2 + ["maghreb"] * 2,
                           "position_group": ["employed"] * 4, "persons": [100] * 4,
                           "share": [0.5, 0.5, 0.3, 0.3]})
    stable = pd.DataFrame({"origin": ["belgian", "maghreb"] * 2,
                           "stable_quarters": [4, 4, 12, 12],
                           "stable_share_of_job_starts_pct": [64.0, 54.0, 36.0, 24.0]})
    c = claims.panel_claims(pd.DataFrame({"rule": ["orphan id"], "rows": [0]}), profile,
                            shares.assign(n=50), stable)
    text = (ROOT / "notebooks" / "01_panel_construction.md").read_text(encoding="utf-8")
    start = text.index("Among residents, {glue:text}`panel_generation_sentence`")
    para = text[start:text.index("\n\n", start)]
    return re.sub(r"\{glue:text\}`(panel_generation_sentence|panel_generation_room)`",
                  lambda m: str(c[m.group(1)]), para)


@pytest.mark.parametrize("second_dutch", [("x", 90.0), ("x", "x")],
                         ids=["published-for-few", "hidden"])
def test_the_paragraph_says_once_that_good_dutch_is_not_compared(second_dutch):
    para = _paragraph(_profile(second_dutch))
    assert para.count("not compared") == 1, para
    assert "for the share highly educated only" in para, para
