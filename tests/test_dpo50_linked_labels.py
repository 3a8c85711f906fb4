"""dpo50: the same cell in two tables of one export, labelled in another case or wording.

``linked_difference`` (dpo46) matched a cell by its column's code name and its row labels
exactly: "Origin | Persons" with Belgian 166 in one file and "origin | persons" with belgian
163 in another (3 persons between them) passed, as did "Number of persons" beside
"Persons", and a total row "All" beside "Total". Columns are matched now by their count's
name in any case and spelling ("Persons", "persons", "n_persons", "Number of persons",
"PERSONS"), rows by their labels in any case, punctuation and spacing, and a total row by
any of the total words.
"""

from __future__ import annotations

import pytest

from mia_helpers.export_check import scan

BASE = "origin,Persons\nBelgian,166\nMaghreb,51\n"


@pytest.mark.parametrize("other", [
    "Origin,persons\nbelgian,163\nmaghreb,51\n",
    "origin,PERSONS\nBELGIAN,163\nMaghreb,51\n",
    "origin,Number of persons\nBelgian,163\nMaghreb,51\n",
    "origin,n persons\nBelgian ,163\nMaghreb,51\n",
    "origin,Persons (n)\nBelgian,163\nMaghreb,51\n",
    "group,persons\nBelgian.,163\nMaghreb,51\n"])
def test_one_cell_labelled_otherwise_a_few_persons_apart_is_refused(tmp_path, other):
    """Each passed before dpo50."""
    (tmp_path / "a.csv").write_text(BASE)
    (tmp_path / "b.csv").write_text(other)
    found = scan(tmp_path, min_cell=10).findings
    assert [f.rule for f in found] == ["linked_difference"], found
    assert "166" in found[0].detail and "163" in found[0].detail


@pytest.mark.parametrize(("a", "b"), [("Total", "All"), ("all", "Overall"), ("TOTAL", "total")])
def test_total_rows_named_otherwise_are_one_row(tmp_path, a, b):
    (tmp_path / "a.csv").write_text(f"origin,Persons\nBelgian,166\nMaghreb,51\n{a},217\n")
    (tmp_path / "b.csv").write_text(f"origin,Persons\n{b},214\n")
    found = scan(tmp_path, min_cell=10).findings
    assert [f.rule for f in found] == ["linked_difference"], found


@pytest.mark.parametrize("other", [
    "origin,persons\nbelgian,166\nmaghreb,51\n",  # the same counts
    "origin,persons\nBelgian,150\nMaghreb,51\n",  # a difference of min_cell or more
    "origin,Starters\nBelgian,163\nMaghreb,51\n",  # another count
    "origin,persons\nBelgian women,163\nMaghreb,51\n"])  # another group
def test_other_cells_or_the_same_counts_pass(tmp_path, other):
    (tmp_path / "a.csv").write_text(BASE)
    (tmp_path / "b.csv").write_text(other)
    res = scan(tmp_path, min_cell=10)
    assert res.ok, res.findings
