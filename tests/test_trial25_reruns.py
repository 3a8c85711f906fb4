"""Appendix B's sentence under its table of re-runs agrees with the table (trial25).

A fresh build has no re-runs: the table then holds one line ("no re-runs in _build/runs/ yet")
and no parameters column, yet the prose read "Each row is one run folder; its parameters
column holds every parameter the run used"."""

from pathlib import Path

import pytest

from mia_helpers.claims import reruns_sentence

ROOT = Path(__file__).resolve().parent.parent


def test_no_runs_speaks_of_no_row_or_column():
    s = reruns_sentence(0)
    assert "none" in s and "Each row is one run folder" not in s
    assert s.endswith(".")


def test_runs_speak_of_rows_and_parameters():
    for n in (1, 3):
        s = reruns_sentence(n)
        assert s.startswith("Each row is one run folder;") and "parameters column" in s


def test_negative_count_refused():
    with pytest.raises(ValueError, match="n_runs"):
        reruns_sentence(-1)


def test_appendix_b_glues_the_sentence_instead_of_typing_it():
    text = (ROOT / "notebooks" / "B_reproducibility.md").read_text()
    assert "{glue:text}`b-runs-sentence`" in text
    assert "Each row is one run folder" not in text
