"""Disclosure bounds in words follow the number (fix44): with ``-p min_cell 1``, which
book/teaching.md invites, the book read "fewer than 1 persons" in about thirty places. One
helper, :func:`mia_helpers.labels.fewer_than` (re-exported as ``claims.fewer_than``), builds
them; the default wording (min_cell >= 2) is unchanged word for word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mia_helpers import claims, labels

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@pytest.mark.parametrize("n, noun, want", [
    (1, "person", "fewer than 1 person"), (10, "person", "fewer than 10 persons"),
    (2, "matched starter", "fewer than 2 matched starters"),
    (1, "transplanted patient", "fewer than 1 transplanted patient"),
    (12, "child", "fewer than 12 children")])
def test_fewer_than(n, noun, want):
    plural = "children" if noun == "child" else None
    assert claims.fewer_than(n, noun, plural) == want
    assert claims.fewer_than is labels.fewer_than


@pytest.mark.parametrize("bad", [0, -3, 2.5, True])
def test_fewer_than_refuses_a_bound_that_is_no_count(bad):
    with pytest.raises(ValueError, match="min_cell must be a whole number >= 1"):
        claims.fewer_than(bad, "person")


def test_the_glued_phrases():
    assert claims.min_cell_phrases(10)["par_fewer_persons"] == "fewer than 10 persons"
    one = claims.min_cell_phrases(1)
    assert one["par_fewer_transplanted_patients"] == "fewer than 1 transplanted patient"
    assert not any(v.endswith("s") for v in one.values())


@pytest.mark.parametrize("min_cell", [1, 10])
def test_call_sites(min_cell):
    one = min_cell == 1
    assert claims.count_text("<10", min_cell, "starter") == (
        "fewer than 1 starter" if one else "fewer than 10 starters")
    risk = claims.risk_table_hidden(min_cell)  # cell45: nothing at 1, where no count is hidden
    assert risk == "" if one else (risk.startswith("; x: hidden where fewer than 10 persons have")
                                   and risk.count("fewer than") == 2)
    note = claims.nested_hidden_note(min_cell)
    assert ("fewer than 1 " not in note) and ("1 persons" not in note)
    if not one:
        assert "(fewer than 10 persons with or without the event" in note
    share = claims.later_share_phrase(0.0 if one else 0.5, (0, 5) if one else (3, 20), min_cell)
    # val46: at 1 the share is published, a 0 passing as in the tables ("a share not
    # published (fewer than 1 control starts later, or fewer than 1 does not)" before)
    assert share == ("0 per cent" if one else "a share not published (fewer than 10 "
                     "controls start later, or fewer than 10 do not)")


def test_notebook_prose_glues_the_bound():
    """No prose types "fewer than {glue} persons": the noun would stay plural at 1."""
    pat = re.compile(r"fewer\s+than\s+\{glue:text\}`par_min_cell`\s+\w*(person|starter|"
                     r"newcomer|patient)s")
    hits = [(p.name, m.group(0)) for p in sorted(NOTEBOOKS.glob("*.md"))
            for m in pat.finditer(p.read_text())]
    assert not hits, hits
    glued = {g for p in NOTEBOOKS.glob("*.md")
             for g in re.findall(r"\{glue:text\}`(par_fewer_\w+)`", p.read_text())}
    assert glued <= set(claims.min_cell_phrases(10))  # cell45: the prose glues par_rule_*


@pytest.mark.parametrize("min_cell", [1, 10])
def test_sex_gap_note_verbs_agree(min_cell):
    import pandas as pd

    from mia_helpers.disclosure import DEFAULT_VALUE_MARKER

    note = claims.sex_gap_hidden_note(pd.DataFrame({"a": [DEFAULT_VALUE_MARKER]}), min_cell)
    assert (("x: hidden where that sex's model has fewer than" in note  # cell45: no bound at 1
             and "fewer than 1 " not in note) if min_cell == 1 else
            "fewer than 10 persons of the cell and sex are at risk, have the event or lack it"
            in note), note


def test_more_call_sites_read_one_person():
    """A few more bounds built by the helper (chapter 2's sex tables, chapter 4's balance
    table, Appendix C's median wait): no "1 persons"/"1 school leavers" left in the code."""
    for name in ("02_school_leaver_entry.md", "04_activation_effects.md"):
        text = (NOTEBOOKS / name).read_text()
        assert not re.search(r"fewer than \"?\s*\n?\s*f?\"?\{min_cell\} (persons|school)", text)
    assert "claims.fewer_than(min_cell, 'school leaver')" in (
        NOTEBOOKS / "02_school_leaver_entry.md").read_text()


@pytest.mark.parametrize("min_cell", [1, 10])
def test_km_gap_rests_on_counted_nouns(min_cell):
    """Chapter 2's Kaplan-Meier reading: "still rest on 1 person at risk and on 1 event"."""
    import pandas as pd

    at = {"southern_eu:second": 9}
    gj = pd.Series({"southern_eu:second": -0.012})
    ahead = claims.km_leads(gj, gj, at)
    g = claims.km_gap_sentence(-1.2, -9.8, 1, 9.0, min_cell, 0, [], at=at, ahead=ahead)
    want = ("rest on 1 person at risk and on 1 event so far" if min_cell == 1 else
            "rest on 10 persons at risk and on 10 events so far")
    assert want in g, g


def test_chapter_1_register_caption_counts_its_persons():
    text = (NOTEBOOKS / "01_panel_construction.md").read_text()
    assert "from which, {min_cell} persons have rows" not in text
    assert "claims.count_text(min_cell, min_cell, 'person')" in text
    assert claims.count_text(1, 1, "person") == "1 person"
    assert claims.count_text(10, 10, "person") == "10 persons"
