"""export-check passed "only a handful." (a vague count with no verb after it) and maths-mode
labels such as ``$n{=}4$``, ``$n\\,=\\,4$``, ``$n_{\\text{IBO}} = 4$`` or ``$n$ = 4`` (close27);
they are read now, and the rule at the threshold, larger counts and other maths still pass."""
from __future__ import annotations

from pathlib import Path

import pytest

from mia_helpers import disclosure
from mia_helpers.export_check import scan


@pytest.mark.parametrize("text", [
    "Of the 400 starters, only a handful.", "only a handful", "(only a few)",
    "Of them, a couple; the others did not.",
    r"$n{=}4$", r"$n\,=\,4$", r"$n\!=\!4$", r"$n = \mathrm{4}$", r"$n=\text{4}$",
    r"$n_{\text{IBO}} = 4$", r"$n_1 = 4$", r"$n$ = 4", r"\(n{=}4\)", "$$n\\,=\\,4$$"])
def test_small_counts_are_read(text: str) -> None:
    assert disclosure.small_count_matches(text, 10), text


@pytest.mark.parametrize("text", [
    r"$n = 40$", r"$n_{\text{IBO}} = 12$", r"$t+1, \dots, t+k$", r"$k = 3$",
    "a few hundred starters.", "cells with fewer than 10 persons are hidden.",
    "too few persons.", "one finding, not several.", "with a few\ncharacteristics.",
    "twins come in a pair."])
def test_no_small_count_passes(text: str) -> None:
    assert not disclosure.small_count_matches(text, 10), text


def test_line_numbers_stay_and_export_check_refuses_the_page(tmp_path: Path) -> None:
    assert disclosure.small_count_matches("a line $n$\n$n{=}4$", 10) == [(2, "n=4")]
    (tmp_path / "page.md").write_text("# Page\n\nThe cell holds $n\\,=\\,4$.\n\n"
                                      "Of the starters, only a handful.\n", encoding="utf-8")
    result = scan(tmp_path, min_cell=10)
    text = " ".join(str(f) for f in result.findings)
    assert "n = 4" in text and "a handful" in text, text
