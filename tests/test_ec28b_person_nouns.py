"""ec28b: counts of persons named by other nouns, in English, Dutch and French ("3 personen",
"2 werkzoekenden", "2 personnes", "3 demandeurs d'emploi", "3 employees", "3 job seekers"),
passed export-check while "3 persons" was refused. Clean controls: the same nouns at or above
min_cell, and words that are not persons ("2 children" of a household, "two workers" of the
test suite, "Student t")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mia_helpers import disclosure_vocabulary as vocab
from mia_helpers import export_check as ec
from mia_helpers.disclosure import small_count_matches, small_counts_in_text

ROOT = Path(__file__).resolve().parents[1]

SMALL = ["3 personen", "2 werkzoekenden", "4 nieuwkomers", "3 inburgeraars", "3 leerlingen",
         "2 personnes", "3 demandeurs d'emploi", "3 demandeurs d\u2019emploi", "3 employees",
         "3 job seekers", "3 job-seekers", "3 jobseekers", "3 inhabitants", "3 respondents",
         "3 residents", "3 newcomers", "3 claimants", "3 participants", "3 people",
         "1 employee", "three employees", "three personen", "2 of 40 respondents",
         "fewer than 3 claimants", "Personen: 3", "3 chômeurs", "3 élèves", "3 salariés"]


@pytest.mark.parametrize("phrase", SMALL)
def test_a_small_count_of_persons_by_another_noun_is_read(phrase):
    assert small_counts_in_text(f"In Antwerp {phrase} entered.", 12) != [], phrase


@pytest.mark.parametrize("phrase", ["3 personen", "3 demandeurs d'emploi", "3 employees",
                                    "3 job seekers", "2 werkzoekenden"])
def test_such_a_count_in_a_page_or_csv_cell_is_refused(tmp_path, phrase):
    root = tmp_path / "export"
    root.mkdir()
    (root / "note.md").write_text(f"# Note\n\nIn Antwerp {phrase} entered.\n")
    (root / "t.csv").write_text(f"region,note\nAntwerp,{phrase} entered\nGhent,ok\n")
    res = ec.scan(root, 12)
    assert sorted((f.file, f.rule) for f in res.findings) == [
        ("note.md", "small_count"), ("t.csv", "small_count")], res.findings


@pytest.mark.parametrize("text", [
    "In Antwerp 40 personen and 55 werkzoekenden entered.",
    "Of 120 demandeurs d'emploi, 40 employees entered.",
    "Households with 2 children were counted.",
    "The suite runs on two workers.",
    "A Student t with 3 degrees of freedom.",
    "Student's t on 5 df.",
    # "De twee personen kwamen niet." is refused since ec29 (Dutch number words are read:
    # tests/test_ec29_number_words.py)
])
def test_clean_controls_pass(text):
    assert small_counts_in_text(text, 12) == [], text


def test_the_books_prose_states_no_count_by_the_new_nouns():
    # the chapters' and book pages' sources as written, at any threshold: none of their count
    # phrases uses a noun added by ec28b (so nothing of the book's own prose is newly refused)
    new = re.compile("(?:" + "|".join(vocab.OTHER_PERSON_NOUNS) + r")\W*$", re.IGNORECASE)
    sources = sorted((ROOT / "notebooks").glob("*.md")) + sorted((ROOT / "book").glob("*.md"))
    hits = [(p.name, phrase) for p in sources
            for _, phrase in small_count_matches(ec.strip_examples(p.read_text())[0], 10 ** 6)
            if new.search(phrase)]
    assert hits == [], hits
