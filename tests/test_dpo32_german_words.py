"""dpo32: German forms of a small count that the word-number reader (ec31) still missed:
"von denen einer Arbeit fand", "einer der Teilnehmer", "3 von 40 Teilnehmern", "jeder dritte
Teilnehmer". export-check now refuses them in prose as it refuses their English forms ("one
of the participants", "3 of 40 participants", "one in three participants"); what names no
small count of persons passes."""
from __future__ import annotations

from pathlib import Path

import pytest

from mia_helpers import disclosure
from mia_helpers import export_check as ec


def _scan(tmp_path: Path, text: str) -> ec.ScanResult:
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    (folder / "note.md").write_text(text + "\n")
    return ec.scan(folder, 10)


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("Von den 40 Teilnehmern, von denen einer Arbeit fand, blieben viele.", "von denen einer"),
    ("Davon nur eine fand eine Stelle.", "Davon nur eine"),
    ("Einer der Teilnehmer fand Arbeit.", "Einer der Teilnehmer"),
    ("Eine der 40 Personen fand Arbeit.", "Eine der 40 Personen"),
    ("3 von 40 Teilnehmern fanden Arbeit.", "3 von 40 Teilnehmern"),
    ("Drei von den 40 Arbeitsuchenden fanden Arbeit.", "Drei von den 40 Arbeitsuchenden"),
    ("Jeder dritte Teilnehmer fand Arbeit.", "Jeder dritte"),
    ("Jede fünfte Person blieb arbeitslos.", "Jede fünfte"),
    ("Jeder Dritte fand Arbeit.", "Jeder Dritte"),
])
def test_a_german_small_count_is_refused(tmp_path, sentence, phrase):
    res = _scan(tmp_path, sentence)
    assert [f.rule for f in res.findings] == ["small_count"], res.findings
    assert repr(phrase) in res.findings[0].detail
    # and the text's redaction states none of them
    assert disclosure.small_counts_in_text(disclosure.redact_small_counts(sentence, 10),
                                           10) == []


@pytest.mark.parametrize("sentence", [
    "20 von 40 Teilnehmern fanden Arbeit.",
    "Davon ein Drittel fand Arbeit.",
    "Davon ein Anteil von 25 %.",
    "Jedes dritte Quartal wird gezählt.",
    "Nicht einer der Teilnehmer blieb ohne Begleitung.",
    "Einer der Gründe ist die Sprache.",
    "Jeder Teilnehmer wird bis zum Fensterende beobachtet.",
])
def test_german_text_without_a_small_count_passes(tmp_path, sentence):
    assert _scan(tmp_path, sentence).ok, _scan(tmp_path, sentence).findings


def test_the_english_forms_are_read_alike():
    assert disclosure.small_counts_in_text("one in three participants found work", 10)
    assert disclosure.small_counts_in_text("3 of 40 participants found work", 10)
