"""mend51: export-check's prose rule ``extreme_value`` (:func:`mia_helpers.export_check.
extremes_in_text`, dpo51) read a superlative with its value ("the oldest of the 4 IBO starters
was 58") but passed the same extremes given otherwise: a range of a group's values, whose
ends are its youngest's and oldest's ("ages ranged from 18 to 64", "were born between 1950
and 1990", "were aged 19-63"), "the first starter" and "the last starter" with their value,
and a worded ordinal joined by a hyphen ("the second-oldest starter was 58": the hyphen
hid the word). Only where the clause names persons; a range of quarters or of the window's
years, a band naming a group ("starters aged 25-34 entered more often"), a rule of
selection ("jobseekers aged 18 to 64 are in scope") and shares pass. Tested through
:func:`mia_helpers.export_check.scan` of a Markdown file, as dpo51's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from mia_helpers.export_check import extremes_in_text, scan


def _found(folder: Path, prose: str) -> list:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notes.md").write_text(f"# Notes\n\n{prose}\n")
    return scan(folder, min_cell=10).findings


@pytest.mark.parametrize("prose", [
    "The 4 IBO starters in Limburg: ages ranged from 18 to 64.",
    "Their ages ranged from 18 to 64.",
    "The age of the Limburg starters ranged from 19 to 63.",
    "The IBO starters in Limburg were born between 1950 and 1990.",
    "The 5 IBO starters in Limburg were aged 19-63.",
    "The Limburg starters, aged 19 to 63, all entered.",
    "The Limburg starters' wages ranged from 1,200 to 4,800 euro.",
    "The first starter in Limburg started in 2005.",
    "The last IBO starter in Limburg was 61.",
    "The second-oldest of the IBO starters in Limburg was 58.",
    "The third-youngest Limburg starter was aged 20.",
])
def test_a_range_or_ranked_extreme_of_persons_is_refused(tmp_path, prose):
    """Each passed before mend51."""
    found = _found(tmp_path, prose)
    extremes = [f for f in found if f.rule == "extreme_value"]
    assert len(extremes) == 1, found
    assert "line 3" in extremes[0].detail
    # a stated group size below min_cell is also a small count (cnt51), and nothing else
    assert {f.rule for f in found} <= {"extreme_value", "small_count"}, found


@pytest.mark.parametrize("prose", [
    "Effects are estimated over quarters 1 to 12 since the start for the starters.",
    "The window 2005-2016 holds the starters of every measure.",
    "Starters who started between 2005 and 2016 are followed for 12 quarters.",
    "Starters aged 25-34 entered more often than the others.",
    "Residents born between 1950 and 1990 form the comparison cohort.",
    "Jobseekers aged 18 to 64 are in scope.",
    "Ages ranged from 18 to 64 in the register's definition.",
    "Their ages were 18 to 30 % higher.",
    "The first quarter of the window is 2005Q1, the last 2016Q4.",
    "It is the quarter of the 10th-latest school leaver, so that no single record sets it.",
])
def test_ranges_and_ranks_that_are_no_persons_extremes_pass(tmp_path, prose):
    assert [f.rule for f in _found(tmp_path, prose)] == []


def test_the_phrase_named_is_the_range():
    assert extremes_in_text(["The 5 IBO starters were aged 19-63."]) == [
        (None, "were aged 19-63")]
    assert extremes_in_text(["x\nTheir ages ranged from 18 to 64.\n"]) == [
        (2, "ages ranged from 18 to 64")]
