"""Chapter 5 names the feeder model's reference residence ground of this run (user46).

Found on a run of chapter 5 with ``-p residence_grounds '[family, asylum, work]'`` (seed 2019,
8,000 residents, 4,000 newcomers, window 2008Q1-2014Q4, ``min_cell`` 25): the text introducing
the feeder model read "residence ground (reference: EU citizens)", typed, while the table
beside it gave every ground's odds ratio against asylum (no EU citizen was kept). The
reference is the first level of the ground in the fitted model
(:func:`mia_helpers.newcomers.feeder_table`'s ``reference`` column), now glued from it.

Data: constructed levels (no tolerance).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mia_helpers import claims

CHAPTER = Path(__file__).resolve().parents[1] / "notebooks" / "05_newcomer_integration.md"


@pytest.mark.parametrize(("levels", "expected"), [
    (["eu_citizen", "family", "work", "asylum", "study"], "residence ground (reference: EU citizen)"),
    (["asylum", "family", "work"], "residence ground (reference: asylum)"),
    (["family"], "residence ground (one ground in these data, family: no term)"),
])
def test_the_reference_ground_is_read_from_the_fit(levels, expected):
    assert claims.feeder_reference_clause({"residence_ground": levels}) == expected


def test_a_model_without_the_ground_is_said_so():
    assert claims.feeder_reference_clause({"origin": ["maghreb", "turkish"]}) == (
        "residence ground (not in the model)")


def test_the_chapter_types_no_reference_ground():
    text = CHAPTER.read_text(encoding="utf-8")
    assert "reference: EU citizens" not in text
    assert "{glue:text}`nc_feeder_reference`" in text
