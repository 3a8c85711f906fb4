"""ec31: four leftovers of export-check's text reader.

1. A count of one stated as "one of them" in German ("einer von ihnen", "eine von denen",
   "einem von ihnen"), Dutch ("een van hen") and French ("l'un d'eux", "une d'entre elles")
   passed, while "one of them" and "zwei von ihnen" were refused (ec26, ec30): the article
   forms "ein", "eine", "een", "un" are not number words before a noun, but before "of them"
   they are the number one.
2. A vague word before a verb of persons ("a handful entered", "a few found work": ec27) was
   read in English only; "einige fanden Arbeit", "wenige unterschrieben", "enkele vonden
   werk", "quelques-uns ont trouvé du travail" passed. So did the vague words before a
   pronoun ("einige von denen", "enkele van hen", "plusieurs d'entre eux").
3. "nearly ten persons", "knapp zehn Personen", "bijna tien personen", "près de dix
   personnes" state an upper bound with a lower one implied (a number just below ten): read as
   :data:`mia_helpers.disclosure.UPPER_BOUND` reads "fewer than ten" and, as
   :data:`~mia_helpers.disclosure.BOUND_PAIR` reads "more than 3 but fewer than 10", narrower
   than the marker ``<min_cell`` whenever the bound is at most ``min_cell`` (the count is
   below the bound and near it: the marker's ``[1, min_cell - 1]`` narrowed). They passed at
   ``min_cell`` 10 as a count of ten.
4. The redactions of vague words were written in English in a Dutch, French or German text
   ("fewer than 10 werkzoekenden", "a share van de 40 werkzoekenden"); they now take the
   language of the words they replace, as the bounds do (ec30: "minder dan 10 personen")."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_files import scan_files

from mia_helpers import export_check as ec
from mia_helpers.disclosure import redact_small_counts, small_counts_in_text

ROOT = Path(__file__).resolve().parents[1]

# --- 1. "one of them" ------------------------------------------------------------------------

ONE_OF_THEM = {
    "einer von ihnen fand Arbeit.": "einer von ihnen",
    "Eine von denen unterschrieb.": "Eine von denen",
    "Einem von ihnen wurde gekündigt.": "Einem von ihnen",
    "Nur eines von ihnen blieb.": "eines von ihnen",
    "een van hen vond werk.": "een van hen",
    "l'un d'eux a trouvé du travail.": "un d'eux",
    "l'une d'entre elles a signé.": "une d'entre elles",
    "un d'entre eux est parti.": "un d'entre eux",
}


@pytest.mark.parametrize("text", sorted(ONE_OF_THEM))
def test_one_of_them_in_german_dutch_and_french_is_a_count_of_one(text):
    assert small_counts_in_text(text, 10) == [ONE_OF_THEM[text]], text
    assert small_counts_in_text(redact_small_counts(text, 10), 10) == []


@pytest.mark.parametrize("text", [
    "keiner von ihnen fand Arbeit.", "nicht einer von ihnen fand Arbeit.",
    "jeder von ihnen", "geen van hen vond werk.", "aucun d'entre eux n'a signé.",
    "chacun d'entre eux", "eine von zwei Tabellen", "een van de tabellen",
    "l'un des modèles", "einer der Gründe",
])
def test_none_each_and_one_of_things_are_no_counts(text):
    assert small_counts_in_text(text, 10) == [], text


# --- 2. vague words before a verb or a pronoun ----------------------------------------------

VAGUE_ACTS = {
    "Einige fanden Arbeit.": "Einige fanden",
    "Nur wenige unterschrieben.": "wenige unterschrieben",
    "Ein paar verließen das Programm.": "Ein paar verließen",
    "Mehrere unterschrieben einen Vertrag.": "Mehrere unterschrieben",
    "Eine Handvoll fand innerhalb eines Jahres Arbeit.": "Eine Handvoll fand",
    "Einige waren nach einem Jahr beschäftigt.": "Einige waren nach einem Jahr beschäftigt",
    "Enkele vonden werk.": "Enkele vonden",
    "Een handvol tekende een contract.": "Een handvol tekende",
    "Een paar vertrokken na een jaar.": "Een paar vertrokken",
    "Quelques-uns ont trouvé du travail.": "Quelques-uns ont trouvé",
    "Plusieurs ont signé un contrat.": "Plusieurs ont signé",
    "Une poignée a trouvé un emploi.": "Une poignée a trouvé",
}


@pytest.mark.parametrize("text", sorted(VAGUE_ACTS))
def test_a_vague_word_before_a_verb_of_persons_is_refused_in_every_language(text):
    # as English "a handful entered" (ec27): its number cannot be read, and who does the verb
    # is persons
    assert small_counts_in_text(text, 3) == [VAGUE_ACTS[text]], text
    assert small_counts_in_text(redact_small_counts(text, 10), 10) == []


@pytest.mark.parametrize("text", [
    "einige von denen", "wenige Personen", "nur wenige Teilnehmer", "enkele van hen",
    "een paar van hen", "plusieurs d'entre eux", "quelques-unes d'entre elles",
])
def test_a_vague_word_before_a_pronoun_or_noun_is_refused(text):
    assert small_counts_in_text(text, 3), text


@pytest.mark.parametrize("text", [
    "Einige Fragen bleiben offen.", "Mehrere Tabellen werden verglichen.",
    "zu wenige Personen", "so wenige Teilnehmer", "wenige Jahre später",
    "einige hundert Personen fanden Arbeit", "einige zeigen, dass der Effekt klein ist.",
    "Enkele tabellen tonen het effect.", "een paar jaar later",
    "Plusieurs modèles sont comparés.", "quelques années plus tard",
    "Einige unterschriebene Verträge", "Mehrere Modelle fanden einen Effekt.",
])
def test_ordinary_prose_with_a_vague_word_passes(text):
    assert small_counts_in_text(text, 10) == [], text


# --- 3. "nearly ten" -------------------------------------------------------------------------

NEARLY = {
    "nearly ten persons": "fewer than 10 persons",
    "almost 10 starters": "fewer than 10 starters",
    "just under 10 persons": "just fewer than 10 persons",
    "knapp zehn Personen": "weniger als 10 Personen",
    "fast zehn Teilnehmer": "weniger als 10 Teilnehmer",
    "bijna tien personen": "minder dan 10 personen",
    "près de dix personnes": "moins de 10 personnes",
    "presque dix demandeurs d'emploi": "moins de 10 demandeurs d'emploi",
}


@pytest.mark.parametrize("text", sorted(NEARLY))
def test_nearly_ten_is_an_upper_bound_narrower_than_the_marker(text):
    # the count lies just below ten: at min_cell 10 the marker says 1..9, this says near 9
    assert small_counts_in_text(text, 10) == [text], text
    assert small_counts_in_text(text, 11) == [text], text
    # at a threshold below the bound the count may be min_cell or more: as "fewer than 10"
    assert small_counts_in_text(text, 9) == [], text


def test_nearly_ten_is_redacted_as_the_marker_in_its_language():
    for text, redacted in NEARLY.items():
        assert redact_small_counts(text, 10) in (redacted, redacted.replace("just ", "")), text
        assert small_counts_in_text(redact_small_counts(text, 10), 10) == [], text


@pytest.mark.parametrize("text", [
    "nearly all persons", "almost 10 years", "nearly 10%", "fast alle Personen",
    "knapp 10 Prozent", "nearly 100 persons", "bijna alle personen", "près de Bruxelles",
    "nearly twelve persons",
])
def test_nearly_without_a_small_count_passes(text):
    assert small_counts_in_text(text, 10) == [], text


def test_nearly_one_is_refused_as_one_was():
    assert small_counts_in_text("nearly 1 persons", 10) == ["nearly 1 persons"]


def test_nearly_one_more_than_the_threshold_passes():
    # "nearly 11" at min_cell 10: the count may be 10
    assert small_counts_in_text("nearly 11 persons", 10) == []


NEARLY_OF_THEM = {
    "nearly ten of them entered": "fewer than 10 of them entered",
    "knapp zehn von ihnen": "weniger als 10 von ihnen",
    "bijna tien van hen": "minder dan 10 van hen",
    "près de dix d'entre eux": "moins de 10 d'entre eux",
}


@pytest.mark.parametrize("text", sorted(NEARLY_OF_THEM))
def test_nearly_ten_of_them_is_read_as_nearly_ten_persons(text):
    assert small_counts_in_text(text, 10) and small_counts_in_text(text, 11), text
    assert small_counts_in_text(text, 9) == [], text
    assert redact_small_counts(text, 10) == NEARLY_OF_THEM[text]
    assert small_counts_in_text(NEARLY_OF_THEM[text], 10) == []


# --- 4. redactions in the text's language -----------------------------------------------------

REDACTED = {
    "enkele werkzoekenden": "minder dan 10 werkzoekenden",
    "een handvol nieuwkomers": "minder dan 10 nieuwkomers",
    "quelques personnes": "moins de 10 personnes",
    "une poignée d'habitants": "moins de 10 habitants",
    "einige Personen": "weniger als 10 Personen",
    "eine Handvoll Neuankömmlinge": "weniger als 10 Neuankömmlinge",
    "einige von ihnen": "weniger als 10 von ihnen",
    "enkele van hen": "minder dan 10 van hen",
    "plusieurs d'entre eux": "moins de 10 d'entre eux",
    "a few of them": "fewer than 10 of them",
    "a few persons": "fewer than 10 persons",
    "Einige fanden Arbeit.": "weniger als 10 fanden Arbeit.",
    "Enkele vonden werk.": "minder dan 10 vonden werk.",
    "Plusieurs ont signé un contrat.": "moins de 10 ont signé un contrat.",
    "2,5 % van de 40 werkzoekenden vond werk": "een aandeel van de 40 werkzoekenden vond werk",
    "2,5 % des 40 personnes": "une part des 40 personnes",
    "2.5% of the 40 starters entered": "a share of the 40 starters entered",
}


@pytest.mark.parametrize("text", sorted(REDACTED))
def test_redactions_are_written_in_the_language_of_the_text(text):
    assert redact_small_counts(text, 10) == REDACTED[text]
    assert small_counts_in_text(REDACTED[text], 10) == []


# --- the book's prose --------------------------------------------------------------------------

def test_the_books_sources_state_none_of_the_new_phrases():
    sources = sorted((ROOT / "notebooks").glob("*.md")) + sorted((ROOT / "book").glob("*.md"))
    hits = [(p.name, phrase) for p in sources
            for phrase in small_counts_in_text(ec.strip_examples(p.read_text())[0], 10)]
    assert hits == [], hits


def test_a_german_one_of_them_is_refused_by_export_check(tmp_path):
    res = scan_files(tmp_path, {"note.md": "# Notiz\n\nVon 40 Personen fand einer von ihnen "
                                           "Arbeit; knapp zehn Personen unterschrieben.\n"}, 10)
    assert [f.rule for f in res.findings] == ["small_count"], res.findings
    detail = res.findings[0].detail
    assert "2 counts" in detail and "einer von ihnen" in detail \
        and "knapp zehn Personen" in detail, detail
