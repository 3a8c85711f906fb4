"""cnt51: a small count with words between the number and the noun of persons.

A DPO review found that export-check (and the redaction that shares its patterns,
:func:`mia_helpers.disclosure.redact_small_counts`) read at most one adjective between a
count and its noun: "The 4 IBO starters in Limburg entered a job.", "the 4 female IBO
starters", "4 Maghreb-born women", "3 newly arrived jobseekers", "4 of the IBO starters" and
"4 out of 120 IBO persons" passed at ``min_cell`` 10 while "4 starters" was refused. Now one
to three words of a label (an adjective by its ending, an adverb in "-ly", a word joined by a
hyphen or a word with a capital: ``disclosure._LABEL_WORD``) may stand between them, in every
pattern that reads a count before its noun (bounds and shares too).

Not counts, and not read as counts: a year ("2008 IBO starters": no small number), the label
of a numbered thing ("Table 4 starters", "Figure 3 Turkish men", "quarter 4 IBO starters":
``disclosure._NUMBERED_BEFORE``), a percentage ("4 per cent of IBO starters", "4 percent IBO
starters"), an ordinal ("4th IBO starters"), the ``k`` of matching ("k = 3 nearest twins"), a
duration ("4 quarters"), a date ("4 May IBO starters") and a number's unit. A vague word keeps
its one adjective: "a few heavily weighted controls' own outcomes" of the design page is
generic prose, not a count."""

from __future__ import annotations

import pytest
from export_files import scan_files

from mia_helpers.disclosure import redact_small_counts, small_count_matches

MIN_CELL = 10

#: text -> the phrase read as a small count (each passed export-check and redaction before)
LEAKS = {
    "The 4 IBO starters in Limburg entered a job.": "4 IBO starters",
    "Of the 4 female IBO starters none left.": "4 female IBO starters",
    "4 Maghreb-born women found work.": "4 Maghreb-born women",
    "3 newly arrived jobseekers signed.": "3 newly arrived jobseekers",
    "3 recently arrived IBO jobseekers signed.": "3 recently arrived IBO jobseekers",
    "Only 4 of the IBO starters entered.": "4 of the IBO starters",
    "4 of the female IBO starters entered.": "4 of the female IBO starters",
    "4 out of 120 IBO persons entered.": "4 out of 120 IBO persons",
    "Two IBO starters entered.": "Two IBO starters",
    "2 non-EU women entered.": "2 non-EU women",
    "fewer than 3 IBO starters entered.": "fewer than 3 IBO starters",
    "2.5% of the 40 IBO starters entered.": "2.5% of the 40 IBO starters",
    # a quarter after an ordinal is a period, the number after it a count
    "in the first quarter 4 IBO starters entered.": "4 IBO starters",
}

#: phrases read before too ("two Turkish men": a number word before an adjective of origin
#: and a noun of persons; "4 out of 120 persons"): the widened reading keeps them
KEPT = {
    "two Turkish men entered.": "two Turkish men",
    "4 out of 120 persons entered.": "4 out of 120 persons",
    "4 starters entered.": "4 starters",
}


@pytest.mark.parametrize("text", sorted(LEAKS))
def test_a_count_with_label_words_before_its_noun_is_read(text):
    assert [p for _, p in small_count_matches(text, MIN_CELL)] == [LEAKS[text]], text


@pytest.mark.parametrize("text", sorted(KEPT))
def test_counts_read_before_are_still_read(text):
    assert [p for _, p in small_count_matches(text, MIN_CELL)] == [KEPT[text]], text


@pytest.mark.parametrize("text", sorted(LEAKS) + sorted(KEPT))
def test_redaction_hides_the_count_and_its_output_passes(text):
    redacted = redact_small_counts(text, MIN_CELL)
    assert redacted != text
    assert small_count_matches(redacted, MIN_CELL) == [], redacted


def test_redaction_marks_the_number_and_keeps_the_label():
    assert (redact_small_counts("The 4 IBO starters in Limburg entered a job.", MIN_CELL)
            == "The <10 IBO starters in Limburg entered a job.")
    assert (redact_small_counts("the 4 female IBO starters", MIN_CELL)
            == "the <10 female IBO starters")


def test_export_check_refuses_the_counts_in_a_notes_file(tmp_path):
    note = ("# Note\n\nThe 4 IBO starters in Limburg entered a job; so did the 4 female IBO "
            "starters.\n")
    res = scan_files(tmp_path, {"note.md": note}, MIN_CELL)
    assert [f.rule for f in res.findings] == ["small_count"], res.findings
    assert "states 2 counts of persons in (0, 10)" in res.findings[0].detail


@pytest.mark.parametrize("text", [
    "2008 IBO starters entered.",               # a year: no small number
    "In 2016 Flemish starters entered.",
    "quarter 4 IBO starters entered.",          # the fourth quarter, not four persons
    "Table 4 starters by origin.",              # a numbered table
    "Table 4 female IBO starters by origin.",
    "Figure 3 Turkish men by quarter.",
    "see chapter 5 newcomers by origin",
    "4 per cent of IBO starters entered.",      # a share, not a count
    "4 percent IBO starters entered.",
    "4th IBO starters cohort",                  # an ordinal
    "Q4 IBO starters",
    "2008Q4 IBO starters",
    "k = 3 nearest twins",                      # the k of matching
    "4 quarters after entry",                   # a duration
    "4 quarters IBO starters",
    "4 May IBO starters entered.",              # a date
    "the 2 largest IBO newcomer groups",        # the persons qualify another noun
    "4 IBO starter quarters",
    "3 IBO controls per starter",               # the design's ratio
    "5.5 effective IBO persons",                # a weight
    "drei Millionen Menschen",                  # a number's unit
    "a few heavily weighted controls' own outcomes",  # generic prose (design page)
])
def test_labels_of_other_things_are_no_counts(text):
    assert small_count_matches(text, MIN_CELL) == [], text
    assert redact_small_counts(text, MIN_CELL) == text
