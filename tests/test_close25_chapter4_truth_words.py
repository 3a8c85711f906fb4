"""close25: chapter 4 on a real extract (no truth files) still explained Table 4's "share
removed" after that table, which is empty without truth, and Figure 3's caption still named
"the true effect (synthetic data only)" the figure does not draw. Both are now glued from
:func:`mia_helpers.claims.effects_truth_words`, as chapter 5's truth words are."""

from __future__ import annotations

import re
from pathlib import Path

from mia_helpers import claims

CHAPTER = Path(__file__).resolve().parents[1] / "notebooks" / "04_activation_effects.md"


def _prose() -> str:
    """The chapter's prose (code cells left out), whitespace collapsed."""
    text = re.sub(r"```\{code-cell\}.*?```", " ", CHAPTER.read_text(), flags=re.S)
    return " ".join(text.split())


def test_a_real_extract_has_no_truth_words():
    assert claims.effects_truth_words(False) == {"eff_curves_truth": "",
                                                 "eff_share_removed_words": ""}


def test_synthetic_data_keep_the_reading_of_the_share_removed_and_the_truth_curve():
    words = claims.effects_truth_words(True)
    assert "true effect" in words["eff_curves_truth"]
    assert "on a bias small to begin with it divides by that small number" \
           in words["eff_share_removed_words"]


def test_the_chapter_states_truth_words_only_through_the_glue():
    prose = _prose()
    assert "share of bias removed says" not in prose  # reader34: its one name and "(synthetic data only)." not in prose
    after_table_4 = prose.split("```{glue:md} tbl-effects-bias", 1)[1].split("##", 1)[0]
    assert "{glue:text}`eff_share_removed_words`" in after_table_4
    caption = prose.split("```{glue:figure} fig-effects-curves", 1)[1].split("```", 1)[0]
    assert "true effect" not in caption and "{glue:text}`eff_curves_truth`" in caption
    code = CHAPTER.read_text()
    assert "claims.effects_truth_words(truth is not None)" in code
