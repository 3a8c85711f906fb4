"""Chapter 1 names its longest stable-job definition "stricter" of two and "strictest" of three
or more (early50: seed 4133 with ``stable_quarters = [2, 6, 10]`` read "Under the stricter
definition" and, in the summary, "under the stricter one" of the 10-quarter definition)."""

from pathlib import Path

import pytest

from mia_helpers import claims

CHAPTER = Path(__file__).resolve().parents[1] / "notebooks" / "01_panel_construction.md"


def test_word_follows_the_number_of_definitions():
    assert claims.stricter_word([4, 8]) == "stricter"
    assert claims.stricter_word([2, 6, 10]) == "strictest"
    with pytest.raises(ValueError, match="stable_quarters"):
        claims.stricter_word([4])


def test_chapter_glues_the_word_instead_of_typing_it():
    text = CHAPTER.read_text(encoding="utf-8")
    assert "Under the stricter definition" not in text
    assert "under the stricter one" not in text
    assert text.count("{glue:text}`par_stricter`") == 2
    assert 'glue("par_stricter", claims.stricter_word(stable_quarters)' in text
