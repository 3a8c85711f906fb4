"""reader34: one concept, one name, and no clumsy repeated construction.

- Chapter 4's paragraph after its curves read "While the measure runs, Basic training locks
  participants in during the first quarter (...), while IBO shows no clear lock-in": the lead
  no longer says "while", whatever :func:`mia_helpers.claims.lockin_sentence` returns.
- The share of the naive absolute bias that matching removes is "share of bias removed" (the
  table's column) in chapter 4's prose and in the sentences glued there, not "share removed".
- The KHB method's share of a gap is the "explained share" in prose and in the label map, not
  "share explained" (chapter 3 included since prose35).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from prose_scan import plain, prose_lines

from mia_helpers import claims, labels

ROOT = Path(__file__).resolve().parents[1]
IBO, BASIC, OTHER = "workplace_learning_ibo", "training_basic", "workplace_learning_other"


def _prose(name: str) -> str:
    text = (ROOT / name).read_text(encoding="utf-8")
    return " ".join(" ".join(line for _, line in prose_lines(text)).split())


def _lead() -> str:
    prose = _prose("notebooks/04_activation_effects.md")
    m = re.search(r"([^.]*)\{glue:text\}`eff_lockin_sentence`", prose)
    assert m, "chapter 4 no longer glues eff_lockin_sentence"
    return m.group(1)


@pytest.mark.parametrize(("locked", "measures", "unread"), [
    ([BASIC], [BASIC, IBO], []), ([], [BASIC, IBO], []), ([BASIC, IBO], [BASIC, IBO], []),
    ([BASIC], [BASIC, IBO, OTHER], [OTHER]), ([IBO], [IBO], []),
])
def test_lock_in_sentence_has_one_while_at_most(locked, measures, unread) -> None:
    sentence = _lead() + claims.lockin_sentence(locked, measures, unread)
    assert len(re.findall(r"(?i)\bwhile\b", sentence)) <= 1, sentence


def test_chapter_4_names_the_share_of_bias_removed() -> None:
    prose = plain(_prose("notebooks/04_activation_effects.md"))
    assert "share removed" not in prose
    assert "share of bias removed" in prose
    text = (ROOT / "notebooks" / "04_activation_effects.md").read_text(encoding="utf-8")
    assert "the share of bias removed" in text[text.index('glue("tbl-effects-bias"'):]
    words = [claims.effects_truth_words(True)["eff_share_removed_words"],
             claims.bias_bounds_note({BASIC: [8]})]
    for w in words:
        assert "share removed" not in w and "share of bias removed" in w, w
    assert labels.column_label("share_removed_pct").startswith("Share of bias removed")


@pytest.mark.parametrize("page", ["notebooks/02_school_leaver_entry.md",
                                  "notebooks/03_activation_inflow.md",
                                  "notebooks/04_activation_effects.md",
                                  "notebooks/06_conclusions.md", "book/disclosure.md",
                                  "book/glossary.md", "book/intro.md"])
def test_explained_share_has_one_name(page: str) -> None:
    prose = plain(_prose(page))
    assert not re.search(r"(?i)\bshares? explained\b", prose), page


def test_label_map_says_explained_share() -> None:
    for col in ("share_pct", "share_explained_pct"):
        assert labels.column_label(col) == "Explained share (%)"
