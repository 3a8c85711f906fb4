"""fresh48: chapter 1 glossed "the gap" after a glued sentence that may end in parentheses.

Seed 4048, 2,600 persons, ``min_cell`` 20, ``stable_quarters [4, 12]``: "the gap with Belgian
origin cannot be compared (its shares or every other origin's are suppressed) (the gap in
the percentage of job starts that are stable)". The gloss now comes before the glued
sentence, so no reading of ``claims.stable_gap_sentence`` is followed by a second
parenthesis.
"""

from pathlib import Path

import pandas as pd

from mia_helpers import claims

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "01_panel_construction.md"


def test_not_comparable_reading_ends_in_a_parenthesis():
    """The case that read badly: the sentence ends with its own parenthesis."""
    text = claims.stable_gap_sentence(pd.Series(dtype=float), "belgian")
    assert text.endswith("suppressed)"), text


def test_the_chapter_glosses_the_gap_before_the_glued_sentence():
    prose = " ".join(NOTEBOOK.read_text(encoding="utf-8").split())
    at = prose.index("{glue:text}`panel_gap_sentence`")
    after = prose[at + len("{glue:text}`panel_gap_sentence`"):]
    assert not after.lstrip().startswith("("), after[:80]
    assert "percentage of job starts that are stable: moving from" in prose
