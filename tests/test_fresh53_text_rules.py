"""fresh53: dpo53's rule of a whole and its part in two clauses (``disclosure.WHOLE_PART``)
read a rate and a noun as a count of persons, so export-check refused, and
``redact_small_counts`` (warnings) rewrote, harmless text:

- "Per 100 newcomers, 8 started a measure": a rate per hundred names no group of 100
  persons, so 8 is no part of one (as "8 per 100 newcomers started" is not read);
- "2,000 residents; 1 seed was used": its verb pattern, any word ending in "ed", took the
  noun "seed" (and "need", "hundred", ...) for a past verb.

The leaks beside them, whose part is a past verb's subject, are still read."""
from __future__ import annotations

import pytest

from mia_helpers.disclosure import redact_small_counts, small_counts_in_text

HARMLESS = [
    "Per 100 newcomers, 8 started a measure within a year.",
    "Of every 100 starters, 8 entered a job.",
    "For each 100 residents, 3 signed.",
    "The study drew 2,000 residents; 1 seed was used.",
    "With 10,000 newcomers, 2 speed the run up.",
]

LEAKS = [
    "Of the 40 starters, 3 entered.",
    "Of 20 newcomers, 3 needed help.",
    "Of the 40 starters, 37 found a job.",
    "The 100 newcomers, of whom 8 started, were followed.",
]


@pytest.mark.parametrize("text", HARMLESS)
def test_a_rate_or_a_noun_is_no_part_of_a_whole(text):
    assert small_counts_in_text(text, 10) == [], text
    assert redact_small_counts(text, 10) == text


@pytest.mark.parametrize("text", LEAKS)
def test_a_part_of_a_whole_is_still_read(text):
    assert small_counts_in_text(text, 10), text
    assert "<10" in redact_small_counts(text, 10)


LIST_HARMLESS = [
    "Newcomers by ground\n\nShare (%): 3\n",
    "Feeder model of newcomers\n\nOdds ratio: 2\n",
    "Starters per measure\n\nMedian duration: 3\n",
    "Persons at risk\n\nEffect (pp): 3\n",
    "Newcomers by ground\n\n- Asylum (%): 3\n",
    "Effects for starters\n\nMatched (pp): 2\n",
    "Newcomers by ground\n\nMean age: 3\n",
]


@pytest.mark.parametrize("text", LIST_HARMLESS)
def test_a_list_line_of_a_statistic_is_no_count(text):
    """fresh53: dpo53's "Label: N" rule (``disclosure.LIST_COUNT``) under a lead line of persons
    read a line whose label names a share, a ratio, an effect or a mean ("Share (%): 3",
    "Odds ratio: 2", "Effect (pp): 3") as a count of 3 persons."""
    assert small_counts_in_text(text, 10) == [], text
    assert redact_small_counts(text, 10) == text


def test_a_list_line_of_a_group_is_still_read():
    assert small_counts_in_text("Persons by origin\n\n- Maghreb: 3\n- Turkish: 45\n", 10)
    assert small_counts_in_text("Newcomers by ground\n\n- Asylum: 3\n", 10)
