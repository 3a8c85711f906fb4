"""ec30: two gaps of the text reader.

Approximate number words ("une dizaine de personnes", "une douzaine d'habitants", "een
tiental werkzoekenden", "een vijftal nieuwkomers", "ein Dutzend Personen") passed: they are read as the number they name, as "a dozen" (12), "half a dozen"
(6; rev25) and "about ten persons" (10) already were, and refused when it is below
``min_cell``.

Dutch, French and German upper bounds ("minder dan 3 personen", "moins de 3 personnes",
"weniger als 3 Personen", "ten hoogste", "au plus", "höchstens", "hooguit") were refused only
because the number read after them was small, and their lower bounds ("meer dan 3 personen",
"plus de 3 personnes", "mindestens 3 Personen") were refused as counts, while "more than 3
persons" passes. They now follow English's rule (:data:`mia_helpers.disclosure.UPPER_BOUND`,
ec25): a strict bound ``B`` ("fewer than B") discloses when ``1 < B < min_cell``, another
("at most B", "B or fewer") when ``0 < B < min_cell - 1``; lower bounds disclose nothing; a
statement of the suppression rule passes ("cellen met minder dan 5 personen worden
onderdrukt")."""

from __future__ import annotations

import pytest
from export_files import scan_files

from mia_helpers.disclosure import redact_small_counts, small_count_matches

#: phrase -> the number it names: refused at min_cell value + 1, passed at min_cell value
APPROX = {
    "une dizaine de personnes": 10, "une douzaine d'habitants": 12,
    "une vingtaine de demandeurs d'emploi": 20, "une quinzaine d'élèves": 15,
    "une demi-douzaine de stagiaires": 6, "een tiental werkzoekenden": 10,
    "een vijftal nieuwkomers": 5, "een twintigtal personen": 20, "een dozijn deelnemers": 12,
    "ein Dutzend Personen": 12, "ein halbes Dutzend Teilnehmer": 6,
"a dozen persons": 12, "about a dozen starters": 12,
    "etwa zehn Personen": 10, "ongeveer tien personen": 10, "environ dix personnes": 10,
}


@pytest.mark.parametrize("text", sorted(APPROX))
def test_approximate_numbers_are_read_as_the_number_they_name(text):
    n = APPROX[text]
    assert small_count_matches(text, n + 1), text
    assert small_count_matches(text, n) == [], text
    assert small_count_matches(redact_small_counts(text, n + 1), n + 1) == []


@pytest.mark.parametrize("text", ["une dizaine de mesures", "een tiental kwartalen",
                                  "ein Dutzend Modelle", "a score of participants",
                                  "des dizaines de personnes", "tientallen werkzoekenden"])
def test_approximate_numbers_of_other_things_or_many_are_not_counts(text):
    assert small_count_matches(text, 1000) == [], text


def test_a_french_approximate_number_before_a_pronoun():
    assert small_count_matches("Une dizaine d'entre eux ont signé.", 11)
    assert small_count_matches("Une dizaine d'entre eux ont signé.", 10) == []


#: (phrase, its bound, strict): refused below the rule, passed at it, as English's are
BOUNDS = [
    ("fewer than {} persons", True), ("at most {} persons", False),
    ("minder dan {} personen", True), ("onder {} werkzoekenden", True),
    ("moins de {} personnes", True), ("weniger als {} Personen", True),
    ("unter {} Personen", True), ("ten hoogste {} personen", False),
    ("hooguit {} werkzoekenden", False), ("hoogstens {} nieuwkomers", False),
    ("niet meer dan {} personen", False), ("au plus {} personnes", False),
    ("au maximum {} habitants", False), ("jusqu'à {} personnes", False),
    ("höchstens {} Personen", False), ("maximal {} Teilnehmer", False),
    ("nicht mehr als {} Personen", False), ("{} of minder personen", False),
    ("{} personnes ou moins", False), ("{} Personen oder weniger", False),
]


@pytest.mark.parametrize(("form", "strict"), BOUNDS)
def test_bounds_follow_the_english_rule_in_every_language(form, strict):
    min_cell = 10
    # the largest bound the rule refuses, and the smallest it lets pass (the marker's own
    # statement "fewer than 10", "at most 9")
    refused, passed = (9, 10) if strict else (8, 9)
    assert small_count_matches(form.format(refused), min_cell), form
    assert small_count_matches(form.format(passed), min_cell) == [], form
    red = redact_small_counts(form.format(3), min_cell)
    assert small_count_matches(red, min_cell) == [], red


@pytest.mark.parametrize(("bound", "count"), [
    ("ten hoogste 9 personen", "9 personen"), ("au plus 9 personnes", "9 personnes"),
    ("höchstens 9 Personen", "9 Personen"), ("minder dan 1 persoon", "1 persoon")])
def test_the_bound_rule_decides_not_the_number_after_it(bound, count):
    # before ec30 the number after the bound was read as a count and refused
    assert small_count_matches(count, 10), count
    assert small_count_matches(bound, 10) == [], bound


def test_a_strict_bound_of_one_states_zero_in_every_language():
    for text in ("fewer than 1 person", "minder dan 1 persoon", "moins de 1 personne",
                 "weniger als 1 Person"):
        assert small_count_matches(text, 10) == [], text


def test_the_marker_is_written_in_the_bounds_language():
    assert redact_small_counts("ten hoogste 3 personen", 10) == "minder dan 10 personen"
    assert redact_small_counts("au plus 3 personnes", 10) == "moins de 10 personnes"
    assert redact_small_counts("höchstens 3 Personen", 10) == "weniger als 10 Personen"
    assert redact_small_counts("at most 3 persons", 10) == "fewer than 10 persons"


@pytest.mark.parametrize("text", [
    "meer dan 3 personen", "minstens 3 personen", "ten minste drie werkzoekenden",
    "niet minder dan 3 personen", "plus de 3 personnes", "au moins trois personnes",
    "plus d'une dizaine de personnes", "mehr als drei Personen", "mindestens 3 Personen",
    "nicht weniger als 3 Personen", "nicht weniger als 3 von ihnen", "more than 3 persons"])
def test_lower_bounds_disclose_no_small_count(text):
    assert small_count_matches(text, 10) == [], text


@pytest.mark.parametrize("text", [
    "cellen met minder dan 5 personen worden onderdrukt",
    "les cellules de moins de 5 personnes sont masquées",
    "Zellen mit weniger als 5 Personen werden unterdrückt",
    "cells with fewer than 5 persons are suppressed"])
def test_the_suppression_rule_stated_below_the_threshold_passes(text):
    assert small_count_matches(text, 10) == [], text


def test_a_bound_of_one_place_is_still_refused():
    assert small_count_matches("In Gent minder dan 5 personen, onderdrukt.", 10)


def test_export_check_reads_the_new_forms(tmp_path):
    res = scan_files(tmp_path, {"n.md": "# N\n\nIn Eupen höchstens 3 Personen; à Liège une "
                                        "dizaine de personnes.\n"}, 12)
    found = [f for f in res.findings if f.rule == "small_count"]
    assert len(found) == 1 and "2 counts" in found[0].detail, res.findings
    res = scan_files(tmp_path / "ok", {"n.md": "# N\n\nIn Eupen höchstens 11 Personen; à "
                                               "Liège une vingtaine de personnes; mindestens "
                                               "3 Personen.\n"}, 12)
    assert res.findings == [], res.findings


@pytest.mark.parametrize("text", ["minder dan 3 van hen", "moins de 3 d'entre eux",
                                  "weniger als 3 von ihnen", "fewer than 3 of them"])
def test_a_strict_bound_before_a_pronoun_in_every_language(text):
    # passed before ec30 in Dutch, French and German (read as "fewer than 3 of them" is)
    assert small_count_matches(text, 10), text
    assert small_count_matches(text.replace("3", "10"), 10) == [], text
    assert small_count_matches(redact_small_counts(text, 10), 10) == []
