"""dpo54: two over-reads of the text redaction (``mia_helpers.disclosure``).

1. A decimal with a fractional part before a noun of persons was read as a count and
   redacted: ``redact_small_counts("2.5 persons were dropped")`` gave "<10 persons were
   dropped", "0.5 more starters" gave "<10 more starters", and export-check refused both. A
   count of persons is a whole number; 2.5 persons is a mean or an expected number. A whole
   value written as a decimal ("2.0 persons", "2,0 personen") is a count printed from a
   float and is still read; so is a decimal stated as a weighted count of persons ("3.3
   treated-equivalent controls") or before a noun of the package's weighted counts ("2.5
   later starts"). A decimal comma before one or two digits is a decimal ("2,0 personen"
   was read as 20 and passed).
2. "1 more person left" was redacted to "<10 more person left": the marker stands for more
   than one, so the noun is written in the plural ("<10 more persons left"), in the four
   languages the reader knows.

Redaction and export-check read alike: what the redaction keeps, export-check passes, and a
real small count is caught by both.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from mia_helpers.disclosure import redact_small_counts, small_count_matches
from mia_helpers.export_check import complements_in_text, scan

MIN_CELL = 10

#: a decimal with a fractional part before (or after "of whom") persons: no count; each was
#: redacted before dpo54
NOT_COUNTS = [
    "2.5 persons were dropped",
    "0.5 more starters",
    "On average 1.5 newcomers per household entered",
    "2.5 additional patients",
    "of whom 2.5 entered",
    "the number of persons was 2.5",
    "37.5 of the 40 starters",
    "2.5 of 40 persons",
    "1 in 2.5 starters",
    "0,5 personen vonden werk",
]

#: small counts that both must still catch, with their redaction (whole decimals among them)
LEAKS = {
    "3 persons": "<10 persons",
    "3.0 persons": "<10 persons",
    "2.00 persons": "<10 persons",
    "n = 4": "n = <10",
    "37 of the 40 starters": "all but <10 of the 40 starters",
    "1 person": "<10 persons",
    "of whom 2.0 entered": "of whom <10 entered",
    "2,0 personen": "<10 personen",
    "3.3 treated-equivalent controls": "<10 treated-equivalent controls",
    "2.5 weighted controls": "<10 weighted controls",
    "(2.5 controls in 3 rows)": "(<10 controls in <10 rows)",
    "(2.5 later starts in 2.5 rows)": "(<10 later starts in <10 rows)",
    "at most 2.5 persons": "fewer than 10 persons",
    "höchstens 2,5 Personen": "weniger als 10 Personen",
}

#: a count of one before a singular noun: the marker with the noun in the plural
PLURALS = {
    "1 more person left": "<10 more persons left",
    "one more person left": "<10 more persons left",
    "1 person entered": "<10 persons entered",
    "a single patient": "<10 patients",
    "1 female IBO starter": "<10 female IBO starters",
    "at most 1 person": "fewer than 10 persons",
    "1 person or fewer": "fewer than 10 persons",
    "1 person at risk": "<10 persons at risk",
    "1 beneficiary": "<10 beneficiaries",
    "1 job seeker": "<10 job seekers",
    "1 row": "<10 rows",
    "1 meer persoon": "<10 meer personen",
    "één werkzoekende": "<10 werkzoekenden",
    "1 personne de plus": "<10 personnes de plus",
    "1 demandeur d'emploi": "<10 demandeurs d'emploi",
    "1 Person mehr": "<10 Personen mehr",
    "1 Teilnehmerin": "<10 Teilnehmerinnen",
    "1 Arbeitsuchender": "<10 Arbeitsuchende",
}


@pytest.mark.parametrize("text", NOT_COUNTS)
def test_a_fractional_number_of_persons_is_kept_and_passes(text):
    # before dpo54 each was redacted ("<10 persons were dropped") and refused
    assert redact_small_counts(text, MIN_CELL) == text
    assert small_count_matches(text, MIN_CELL) == []
    assert complements_in_text(text, MIN_CELL) == []


@pytest.mark.parametrize(("text", "redacted"), list(LEAKS.items()))
def test_a_small_count_is_still_caught_by_both(text, redacted):
    # "2,0 personen" passed before dpo54 (read as 20); the others were caught before too
    assert small_count_matches(text, MIN_CELL) or complements_in_text(text, MIN_CELL), text
    out = redact_small_counts(text, MIN_CELL)
    assert out == redacted
    assert small_count_matches(out, MIN_CELL) == []
    assert complements_in_text(out, MIN_CELL) == []


@pytest.mark.parametrize(("text", "redacted"), list(PLURALS.items()))
def test_a_count_of_one_is_redacted_with_the_plural(text, redacted):
    assert small_count_matches(text, MIN_CELL), text  # the premise: a small count
    out = redact_small_counts(text, MIN_CELL)
    assert out == redacted  # before dpo54: "<10 more person left"
    assert small_count_matches(out, MIN_CELL) == []


def test_a_plural_or_a_noun_alike_in_both_numbers_is_kept():
    for text, redacted in (("1 of the 40 starters", "<10 of the 40 starters"),
                           ("(1 treated in 1 rows)", "(<10 treated in <10 rows)"),
                           ("1 Teilnehmer", "<10 Teilnehmer")):
        assert redact_small_counts(text, MIN_CELL) == redacted


def test_export_check_agrees_with_the_redaction(tmp_path: Path):
    """Each text as Markdown: refused where it states a small count, passed once redacted;
    a fractional number of persons passes as it stands."""
    for i, text in enumerate([*LEAKS, *PLURALS]):
        (tmp_path / f"leak{i}.md").write_text(text + "\n")
    found = {f.file for f in scan(tmp_path, min_cell=MIN_CELL).findings
             if f.rule == "small_count"}
    assert found == {f"leak{i}.md" for i in range(len(LEAKS) + len(PLURALS))}, found
    for i, text in enumerate([*LEAKS, *PLURALS]):
        (tmp_path / f"leak{i}.md").write_text(redact_small_counts(text, MIN_CELL) + "\n")
    for i, text in enumerate(NOT_COUNTS):
        (tmp_path / f"ok{i}.md").write_text(redact_small_counts(text, MIN_CELL) + "\n")
    assert [f for f in scan(tmp_path, min_cell=MIN_CELL).findings
            if f.rule == "small_count"] == []
