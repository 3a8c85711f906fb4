"""ec30: counts of persons written in German ("drei Personen", "zwei Arbeitsuchende",
"dreiundzwanzig Teilnehmer", "zwölf Neuankömmlinge") passed export-check, which read English,
Dutch and French number words and nouns only (ec24, ec28b, ec29); German is an official
language of Belgium. Now the German words of zero to ninety-nine (and their spellings without
umlauts or "ß") are read before German nouns of persons, in every text the checker reads, as
the other languages' are. The article "ein", "eine" alone ("eine Person": a person, "eine
Frage": a question) is not a count, as "een", "un", "une" are not; "nur eine", "genau ein",
"eine einzige" are one person. German vague words ("ein paar", "einige", "mehrere", "eine
Handvoll") are read as "a few" is, and "von ihnen", "von denen", "die Zahl der Personen
betrug" as their English forms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from export_files import scan_files

from mia_helpers import disclosure_vocabulary as vocab
from mia_helpers import export_check as ec
from mia_helpers.disclosure import redact_small_counts, small_count_matches

MIN_CELL = 30
ROOT = Path(__file__).resolve().parents[1]

#: phrase -> the number read (at that number as min_cell the phrase passes)
REFUSED = {
    "drei Personen": 3, "Zwei Arbeitsuchende": 2, "dreiundzwanzig Teilnehmer": 23,
    "zwölf Neuankömmlinge": 12, "zwoelf Neuankoemmlinge": 12, "fünf Frauen": 5,
    "fuenf Maenner": 5, "neunzehn Schulabgänger": 19, "einundzwanzig Einwohner": 21,
    "sieben Arbeitslose": 7, "elf Jugendliche": 11, "vier Teilnehmerinnen": 4,
    "acht Befragte": 8, "zehn Beschäftigte": 10, "sechs Geflüchtete": 6,
    "neunundzwanzig Schüler": 29, "zwei Arbeitssuchende": 2,
    "nur eine Person": 1, "genau ein Teilnehmer": 1, "eine einzige Person": 1,
    "mit drei Teilnehmern": 3, "drei arbeitslose Personen": 3, "zwei neue Teilnehmer": 2,
    "etwa zehn Personen": 10, "rund zwanzig Menschen": 20, "Teilnehmer: vier": 4,
    "zwei von ihnen fanden Arbeit": 2, "40 Personen, von denen drei Arbeit fanden": 3,
    "die Zahl der Personen betrug drei": 3, "drei-vier Personen": 4, "die Anzahl der Teilnehmer lag bei 4": 4,
}
PASSED = [
    "eine Person", "ein Teilnehmer", "eine Frage", "ein Modell", "eine Tabelle mit Personen",
    "pro Person eine Zeile", "nicht nur eine Person", "drei Fragen", "zwei Tabellen",
    "dreißig Personen", "dreissig Personen", "fünfzig Arbeitsuchende",
    "neunundneunzig Teilnehmer", "drei Millionen Menschen", "null Personen",
    "drei Quartale", "davon drei Quartale", "einige hundert Personen", "mehrere Tabellen",
    "einige Fragen", "zwei Person",
]


@pytest.mark.parametrize("text", sorted(REFUSED))
def test_german_number_words_before_persons_are_counts(text):
    assert small_count_matches(text, MIN_CELL), text
    assert small_count_matches(text, REFUSED[text]) == [], text
    assert small_count_matches(redact_small_counts(text, MIN_CELL), MIN_CELL) == []


@pytest.mark.parametrize("text", PASSED)
def test_german_articles_other_nouns_and_large_numbers_are_not_small_counts(text):
    assert small_count_matches(text, MIN_CELL) == [], text


VAGUE = ["ein paar Teilnehmer", "einige Arbeitsuchende fanden Arbeit", "mehrere Personen",
         "eine Handvoll Neuankömmlinge", "eine kleine Zahl von Personen", "einige von ihnen"]


@pytest.mark.parametrize("text", VAGUE)
def test_german_vague_counts_are_refused_at_any_threshold(text):
    # as "a few persons": its number cannot be read and the word says it is small (ec26)
    assert small_count_matches(text, 3), text
    assert small_count_matches(redact_small_counts(text, 10), 10) == []


def test_every_german_word_has_its_value():
    rx = re.compile(vocab.NUMBER_WORD, re.IGNORECASE)
    units = ["ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"]
    tens = ["zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig",
            "neunzig"]
    for i, t in enumerate(tens):
        for j, u in enumerate(units):
            word = f"{u}und{t}"
            assert rx.fullmatch(word) and vocab.number_value(word) == 21 + 10 * i + j, word
    for word, value in (("eins", 1), ("zwo", 2), ("zwölf", 12), ("siebzehn", 17),
                        ("Fuenfundfuenfzig", 55), ("dreiunddreissig", 33)):
        assert rx.fullmatch(word) and vocab.number_value(word) == value, word
    for article in ("ein", "eine", "einer", "einem"):
        assert rx.fullmatch(article) is None, article


CONTEXTS = {
    "markdown prose": {"note.md": "# Notiz\n\nIn Eupen fanden drei Arbeitsuchende Arbeit.\n"},
    "a count cell written as a word": {"t.csv": "gemeinde,personen\nEupen,drei\nGent,40\n"},
    "a text cell": {"t.csv": "gemeinde,bemerkung\nEupen,nur zwei Neuankömmlinge\n"},
    "an html caption": {"p.html": "<html><body><table><caption>Vier Teilnehmer in Eupen"
                                  "</caption><tr><th>a</th><th>b</th></tr><tr><td>x</td>"
                                  "<td>0.5</td></tr></table></body></html>\n"},
    "alt text": {"p.md": "# P\n\n![fünf Personen in Eupen](fig.svg)\n"},
}


@pytest.mark.parametrize("case", sorted(CONTEXTS))
def test_german_words_are_read_in_every_text_context(tmp_path, case):
    res = scan_files(tmp_path, CONTEXTS[case], 10)
    assert any(f.rule == "small_count" for f in res.findings), res.findings


def test_the_same_german_texts_with_large_numbers_pass(tmp_path):
    res = scan_files(tmp_path, {
        "note.md": "# Notiz\n\nIn Eupen fanden fünfundzwanzig Arbeitsuchende Arbeit; eine "
                   "Person pro Zeile; eine Frage an die Teilnehmer.\n",
        "t.csv": "gemeinde,personen\nEupen,dreißig\nGent,40\n"}, 10)
    assert res.findings == [], res.findings


def test_the_books_prose_states_no_count_in_german():
    # the chapters' and book pages' sources, at any threshold: no count phrase of theirs is
    # read by a German word or noun (nothing of the book's own prose is newly refused)
    # the words only German has ("person", "personen" are English and Dutch too)
    only_german = [w for w in vocab.GERMAN_PERSON_NOUNS if not w.startswith("person")]
    german = re.compile(r"(?<![\w-])(?:" + "|".join(
        (*only_german, r"\w+und\w+zig", "zwei", "drei", "zehn", "zwölf", "dutzend", "einige",
         "mehrere")) + r")(?![\w-])", re.IGNORECASE)
    sources = sorted((ROOT / "notebooks").glob("*.md")) + sorted((ROOT / "book").glob("*.md"))
    hits = [(p.name, phrase) for p in sources
            for _, phrase in small_count_matches(ec.strip_examples(p.read_text())[0], 10 ** 6)
            if german.search(phrase)]
    assert hits == [], hits
