"""fresh50: chapter 2 on an own extract (no truth) captioned the figure of the largest model's
coefficients "... and the generator's direct terms (crosses)", which it did not draw, and
said after it that with cloglog "the comparison with the logit truth is only approximate",
a comparison it did not make. Both are glued now (:func:`mia_helpers.claims.
leavers_truth_words`): said with a truth, left out without one."""
from __future__ import annotations

from pathlib import Path

from mia_helpers import claims

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "02_school_leaver_entry.md"


def test_without_a_truth_neither_crosses_nor_the_logit_comparison_are_said():
    words = claims.leavers_truth_words(False)
    assert words == {"leavers_truth_crosses": ".", "leavers_link_note": ""}


def test_with_a_truth_both_are_said():
    words = claims.leavers_truth_words(True)
    assert words["leavers_truth_crosses"] == ", and the generator's direct terms (crosses)."
    assert "only approximate" in words["leavers_link_note"]


def test_the_chapter_glues_them_and_types_neither():
    text = NOTEBOOK.read_text()
    assert "intervals{glue:text}`leavers_truth_crosses`" in text
    assert "{glue:text}`leavers_truth_sentence` {glue:text}`leavers_link_note`" in text
    assert "direct terms (crosses)" not in text and "only approximate" not in text
    assert "claims.leavers_truth_words(params is not None)" in text
