"""Chapter 1's sample table: a newcomer's share of school leavers is not applicable (prose47).

Found by an analyst re-run of chapter 1 at its defaults: the table of the sample by origin and
generation printed "0.0" per cent school leavers in every newcomer row, a computed zero for a
share that is 0 by definition (school leavers are residents who leave school in the window;
newcomers arrive after school). :func:`mia_helpers.describe.profile_shown` shows it as "–",
with a note in the caption (:func:`mia_helpers.describe.profile_note`); the residents' shares,
and a newcomer share that is not 0, are shown as computed.

Data: the suite's small synthetic data (seed 11, 1,500 residents, 750 newcomers); no
tolerance (the shown values are the computed ones, compared exactly).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import describe, labels

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01_panel_construction.md"
MIN_CELL = 10


def _rows(md: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip("|").split("|")]
            for line in md.splitlines() if line.startswith("| ")]


def test_newcomers_read_not_applicable_and_residents_their_share(small_data):
    persons = describe.analysis_persons(small_data)
    profile = describe.sample_profile(persons, min_cell=MIN_CELL)
    shown = describe.profile_shown(profile)
    note = describe.profile_note(shown)
    md = labels.table_markdown(shown, "The sample." + note, "tbl-t").data
    head, *body = _rows(md)
    col, sample = head.index("School leavers (%)"), head.index("Sample")
    newcomer = [r[col] for r in body if r[sample] == "Newcomer"]
    resident = [r[col] for r in body if r[sample] == "Resident"]
    assert newcomer and set(newcomer) == {"–"}, newcomer
    assert "0.0" not in newcomer and "not applicable" in note
    rendered = profile.render()
    assert all(v != "–" for v in resident)  # residents keep their computed shares
    assert shown.loc[shown["sample"] == "resident", "school_leavers_pct"].tolist() == \
        rendered.loc[rendered["sample"] == "resident", "school_leavers_pct"].tolist()


def test_a_newcomer_share_that_is_not_zero_is_shown():
    t = pd.DataFrame({"sample": ["resident", "newcomer", "newcomer"], "origin": ["a"] * 3,
                      "generation": ["first"] * 3, "school_leavers_pct": [40.0, 0.0, 2.5]})
    shown = describe.profile_shown(t)
    assert shown["school_leavers_pct"].tolist()[0::2] == [40.0, 2.5]
    assert pd.isna(shown["school_leavers_pct"].iat[1])
    assert describe.profile_note(describe.profile_shown(t.drop(index=1))) == ""


def test_the_chapter_shows_the_profile_through_profile_shown():
    text = NOTEBOOK.read_text(encoding="utf-8")
    assert "describe.profile_shown(profile)" in text and "describe.profile_note(shown)" in text


def test_a_table_without_the_columns_is_refused_by_name():
    """rev47: profile_note raised a bare KeyError."""
    t = pd.DataFrame({"sample": ["newcomer"], "leavers": [0.0]})
    for func in (describe.profile_shown, describe.profile_note):
        with pytest.raises(ValueError, match="school_leavers_pct"):
            func(t)
