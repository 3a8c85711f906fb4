"""Chapter 6 names the covariate blocks behind its explained shares (user46).

Found on a run of chapter 6 with ``-p blocks '[household, parental]'`` (seed 2019, 8,000
residents, window 2008Q1-2014Q4, ``min_cell`` 25): "The study finds that individual
characteristics explain a sizeable share of the intermediate generation's gap ... The KHB
share of the first-job gap explained by the covariate blocks is 18 per cent" (87 per cent at
the default blocks): the blocks were not named, and the run held no individual block, so the
share set beside the study's finding was not the share of individual characteristics.

Data: parameter values only (no tolerance).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mia_helpers import claims

CHAPTER = Path(__file__).resolve().parents[1] / "notebooks" / "06_conclusions.md"


@pytest.mark.parametrize(("blocks", "expected"), [
    (["individual", "household", "parental"],
     "the covariate blocks (individual, household and parental)"),
    (["individual"], "the covariate block (individual)"),
    (["household", "parental"],
     "the covariate blocks (household and parental; not the individual characteristics the "
     "study names, whose block this run leaves out)"),
])
def test_the_blocks_are_named(blocks, expected):
    assert claims.blocks_clause(blocks) == expected


def test_the_chapter_glues_the_blocks():
    text = CHAPTER.read_text(encoding="utf-8")
    assert "explained by the covariate blocks is" not in text
    assert "{glue:text}`ch6_blocks_words`" in text
