"""Chapter 4 run with ``max_quarter = 1`` read "at 1 quarters" in its prose and captions
(close27): one helper, :func:`mia_helpers.claims.quarters_after`, words every horizon count."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from mia_helpers import claims

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_quarters_after_is_singular_at_one() -> None:
    assert claims.quarters_after(1) == "1 quarter"
    assert claims.quarters_after(1.0) == "1 quarter"
    assert claims.quarters_after(5) == "5 quarters"
    assert claims.quarters_after(1, words=True) == "one quarter"
    assert claims.quarters_after(12, words=True) == "12 quarters"
    assert claims.quarters_after([1]) == "1 quarter"
    assert claims.quarters_after((4, 5, 8)) == "4, 5 and 8 quarters"
    assert claims.quarters_after([1, 2]) == "1 and 2 quarters"


def test_ranking_sentence_at_one_quarter() -> None:
    rank = pd.DataFrame(columns=["measure", "estimate", "relative_pct"])
    text, bullet = claims.ranking_sentences(rank, 1, ["workplace_learning_ibo"], 10)
    assert "1 quarters" not in text + bullet
    assert "At 1 quarter no measure" in text


def test_chapter_sources_word_horizons_through_the_helper() -> None:
    """No caption or glued sentence of chapters 4 and 6 puts a bare count before "quarters"."""
    bare = re.compile(r"(`par_max_quarter`|`eff_last_quarter`|`eff_table_quarters`|"
                      r"\{max_quarter\}|\{claims\.names\(table_quarters\)\}) quarters")
    for name in ("04_activation_effects.md", "06_conclusions.md"):
        text = (NOTEBOOKS / name).read_text(encoding="utf-8")
        assert not bare.findall(text), (name, bare.findall(text))
