"""Chapter 2's method paragraph names the nested models this run fits (user46).

Found on a run of chapter 2 with ``-p blocks '[household, parental]'`` (seed 2019, 8,000
residents, window 2008Q1-2014Q4, ``min_cell`` 25, ``link`` cloglog): the method paragraph typed
"nested models M0 (origin x generation and duration), M1 (+ individual), M2 (+ household), M3
(+ parents)" while the run fitted M0, M1 (+ household) and M2 (+ parents), as its tables and
text ("the controls of M2 shrink every published gap") said. Now glued from ``blocks``.

Data: parameter values only (no tolerance).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mia_helpers import claims

CHAPTER = Path(__file__).resolve().parents[1] / "notebooks" / "02_school_leaver_entry.md"


@pytest.mark.parametrize(("blocks", "expected"), [
    (["individual", "household", "parental"],
     "M0 (origin x generation and duration), M1 (+ individual), M2 (+ household) and "
     "M3 (+ parental)"),
    (["household", "parental"],
     "M0 (origin x generation and duration), M1 (+ household) and M2 (+ parental)"),
    (["parental"], "M0 (origin x generation and duration) and M1 (+ parental)"),
])
def test_the_models_follow_the_blocks(blocks, expected):
    assert claims.nested_models_phrase(blocks) == expected


def test_an_unknown_block_is_refused_naming_the_parameter():
    with pytest.raises(ValueError, match="blocks.*'parents'.*individual"):
        claims.nested_models_phrase(["parents"])


def test_the_chapter_types_no_model_list():
    text = CHAPTER.read_text(encoding="utf-8")
    assert "M3 (+ parents)" not in text and "M3 (+ parental)" not in text
    assert "{glue:text}`par_models_phrase`" in text
