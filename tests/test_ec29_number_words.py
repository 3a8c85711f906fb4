"""ec29: counts of persons written as Dutch or French number words ("drie personen", "trois
personnes", "twee werkzoekenden", "deux demandeurs d'emploi", "vijfentwintig", "vingt-cinq")
passed export-check, which read English number words only (ec24, ec25). Now the words of
one to ninety-nine of the three languages are read before the nouns of persons the checker
knows, in every text it reads: prose, table cells (a count cell written as a word, a text
cell), captions and alt text. The articles "een", "un" and "une" ("een persoon": a person)
and the Dutch pronoun "onze" before a Dutch noun ("onze deelnemers": our participants) are
not counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_files import scan_files

from mia_helpers import disclosure_vocabulary as vocab
from mia_helpers import export_check as ec
from mia_helpers.disclosure import redact_small_counts, small_count_matches

MIN_CELL = 30

REFUSED = {
    "three persons": 3, "one person": 1, "drie personen": 3, "trois personnes": 3,
    "twee werkzoekenden": 2, "deux demandeurs d'emploi": 2, "Vijfentwintig personen": 25,
    "drieëntwintig nieuwkomers": 23, "tweeentwintig deelnemers": 22,
    "vijf en twintig inwoners": 25, "twenty-five persons": 25, "vingt-cinq personnes": 25,
    "vingt et une personnes": 21, "dix-sept élèves": 17, "Zeventien leerlingen": 17,
    "één persoon": 1, "Eén werkzoekende": 1, "een enkele persoon": 1,
    "slechts één inburgeraar": 1, "un seul demandeur d'emploi": 1,
    "une seule personne": 1, "douze femmes": 12, "negen vrouwen": 9, "quatre stagiaires": 4,
    "n = drie": 3, "Personen: vier": 4, "elf cursisten": 11, "onze personnes": 11,
    "twaalf jongeren": 12, "acht mannen": 8, "six habitants": 6,
}
PASSED = [
    "een persoon", "une personne", "un demandeur d'emploi", "onze deelnemers",
    "onze werkzoekenden", "per persoon één rij", "soixante-dix personnes", "septante personnes",
    "quatre-vingt-dix-neuf personnes", "nonante-deux personnes", "soixante et onze personnes",
    "tachtig personen", "vijftig werkzoekenden", "quarante habitants", "drie kwartalen",
    "trois trimestres", "zero persons", "nul personen",
]


@pytest.mark.parametrize("text", sorted(REFUSED))
def test_number_words_before_persons_are_counts(text):
    found = small_count_matches(text, MIN_CELL)
    assert found, text
    # the value read is the phrase's number: at that number as min_cell it passes
    assert small_count_matches(text, REFUSED[text]) == [], text
    assert small_count_matches(redact_small_counts(text, MIN_CELL), MIN_CELL) == []


@pytest.mark.parametrize("text", PASSED)
def test_articles_pronouns_and_large_numbers_are_not_small_counts(text):
    assert small_count_matches(text, MIN_CELL) == [], text


def test_every_word_the_pattern_reads_has_a_value():
    import re

    rx = re.compile(vocab.NUMBER_WORD, re.IGNORECASE)
    for word in vocab.NUMBER_WORDS:
        phrase = word.replace("-", " ")
        for form in (word, phrase):
            m = rx.fullmatch(form)
            if m:
                assert vocab.number_value(form) == vocab.NUMBER_WORDS[word], form
    assert vocab.number_value("Quatre-Vingt-Dix") == 90
    assert vocab.number_value("vijf-en-twintig") == 25
    assert vocab.word_value("personen") is None


def _scan(tmp_path: Path, files: dict) -> ec.ScanResult:
    return scan_files(tmp_path, files, 10)


CONTEXTS = {
    "markdown prose": {"note.md": "# Nota\n\nIn Gent vonden drie werkzoekenden werk.\n"},
    "french prose": {"note.md": "# Note\n\nÀ Liège, deux demandeurs d'emploi ont signé.\n"},
    "a count cell written as a word": {"t.csv": "gemeente,personen\nGent,drie\nAntwerpen,40\n"},
    "a text cell": {"t.csv": "gemeente,opmerking\nGent,slechts twee nieuwkomers\n"},
    "an html caption": {"p.html": "<html><body><table><caption>Trois personnes à Liège"
                                  "</caption><tr><th>a</th><th>b</th></tr><tr><td>x</td>"
                                  "<td>0.5</td></tr></table></body></html>\n"},
    "alt text": {"p.md": "# P\n\n![vijf personen in Gent](fig.svg)\n"},
    "a pipe table's cell": {"t.md": "# T\n\n| gemeente | personen |\n|---|---|\n"
                                    "| Gent | zeven |\n| Brugge | 40 |\n"},
}


@pytest.mark.parametrize("case", sorted(CONTEXTS))
def test_number_words_are_read_in_every_text_context(tmp_path, case):
    res = _scan(tmp_path, CONTEXTS[case])
    assert any(f.rule == "small_count" for f in res.findings), res.findings


def test_the_same_texts_with_large_numbers_pass(tmp_path):
    res = _scan(tmp_path, {
        "note.md": "# Nota\n\nIn Gent vonden vijfentwintig werkzoekenden werk; à Liège, "
                   "vingt-cinq demandeurs d'emploi ont signé; een persoon per rij.\n",
        "t.csv": "gemeente,personen\nGent,dertig\nAntwerpen,40\n"})
    assert res.findings == [], res.findings
