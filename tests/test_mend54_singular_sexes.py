"""dpo54's finding: "1 woman", "one woman", "1 man" and "1 femme" were not read as counts of
persons (the vocabulary had only "women", "men", "femmes" and "hommes"), so export-check let
them through. Now they are read and redacted, with the plural after the marker."""

from __future__ import annotations

import pytest

from mia_helpers.disclosure import redact_small_counts, small_count_matches


@pytest.mark.parametrize("text, redacted", [
    ("1 woman left the programme", "<10 women left the programme"),
    ("one woman signed", "<10 women signed"),
    ("1 man", "<10 men"),
    ("1 femme", "<10 femmes"),
    ("2 of 40 women", "<10 of 40 women"),
])
def test_singular_sex_nouns_are_counts(text, redacted):
    assert small_count_matches(text)
    assert redact_small_counts(text) == redacted
    assert not small_count_matches(redacted)


@pytest.mark.parametrize("text", ["12 women", "a man of 40 years", "the 1 man-hour"])
def test_no_count_is_read_where_there_is_none(text):
    assert not small_count_matches(text) and redact_small_counts(text) == text
