"""Sentences of chapters 1 and 2 that read wrongly on trial32's run (seed 6262, 2,500
residents, 900 newcomers, min_cell 12, window from 2006Q1).

Each test builds the case on small hand-made tables so that the claim changes with the data,
not only for that seed.
"""

from __future__ import annotations

import re

import pandas as pd

from mia_helpers import claims

LEAK = re.compile(r"\bnan\b|\bNone\b|\bnone\b|\binf\b", re.IGNORECASE)


def _profile(int_edu: object, sec_dutch: object) -> pd.DataFrame:
    """Chapter 1's sample table: the intermediate generation's education and the second's
    Dutch hidden ("x") or published."""
    rows = [("resident", "belgian", "native", 1000, 30.0, 100.0),
            ("resident", "maghreb", "intermediate", 100, int_edu, 60.0),
            ("resident", "maghreb", "second", 200, 30.0, sec_dutch),
            ("newcomer", "maghreb", "first", 500, 50.0, 20.0)]
    return pd.DataFrame(rows, columns=["sample", "origin", "generation", "persons",
                                       "high_education_pct", "good_dutch_pct"])


def _panel_claims(profile: pd.DataFrame) -> dict:
    shares = pd.DataFrame({"quarter": [0, 1] * 2, "origin": ["belgian"] * 2 + ["maghreb"] * 2,
                           "position_group": ["employed"] * 4, "persons": [100] * 4,
                           "share": [0.5, 0.5, 0.3, 0.3]})
    stable = pd.DataFrame({"origin": ["belgian", "maghreb"] * 2,
                           "stable_quarters": [4, 4, 8, 8],
                           "stable_share_of_job_starts_pct": [64.0, 54.0, 36.0, 24.0]})
    return claims.panel_claims(pd.DataFrame({"rule": ["orphan id"], "rows": [0]}), profile,
                               shares.assign(n=50), stable)


def test_generation_room_follows_what_the_sample_table_compares():
    # trial32: education hidden for the intermediate generation and Dutch for the second, so
    # "the two are not compared"; the typed next clause still said "this table shows whether
    # the data give the characteristics room to do so"
    none = _panel_claims(_profile("x", "x"))
    assert "not compared" in none["panel_generation_sentence"]
    assert none["panel_generation_room"].startswith("with those shares hidden, this table "
                                                    "cannot show")
    both = _panel_claims(_profile(20.0, 98.0))
    assert both["panel_generation_room"] == ("this table shows whether the data give the "
                                             "characteristics room to do so")
    one = _panel_claims(_profile(20.0, "x"))
    assert "for the share highly educated only" in one["panel_generation_room"]
    # the generation sentence says the Dutch shares are not compared; the clause not again
    # (tidy48, tests/test_tidy48_generation_once.py)
    assert "not compared" in one["panel_generation_sentence"]
    assert "not compared" not in one["panel_generation_room"]
    for c in (none, both, one):
        assert not LEAK.search(c["panel_generation_room"])


def test_chapter_1_prose_glues_the_clause_instead_of_typing_it():
    from pathlib import Path
    text = Path(__file__).resolve().parents[1].joinpath(
        "notebooks", "01_panel_construction.md").read_text()
    assert "{glue:text}`panel_generation_room`" in text
    assert "this table shows whether the data give the\ncharacteristics" not in text


def _exclusions(before_window: object) -> pd.DataFrame:
    """Chapter 2's exclusion table (hazard.exclusion_table's layout)."""
    return pd.DataFrame({
        "reason": ["school leavers with panel rows", "left school before the window start",
                   "left school after the last quarter at risk",
                   "no panel row in the leaving quarter", "in the risk set"],
        "job": [1254, before_window, 0, 0, 1254], "stable": [1254, before_window, 0, 0, 1254]})


def test_leavers_lead_says_whether_anyone_is_left_out():
    # trial32: every reason counted 0, yet the typed lead read "Not every school leaver
    # enters the risk sets"
    none = claims.leavers_left_out_lead(_exclusions(0))
    assert none.startswith("Here every school leaver with panel rows enters both risk sets")
    assert "Not every" not in none
    assert claims.leavers_left_out_lead(_exclusions(40)) == (
        "Not every school leaver enters the risk sets.")
    # a hidden count ("<12") is a few left out, not none
    assert claims.leavers_left_out_lead(_exclusions("<12")).startswith("Not every")
    assert not LEAK.search(none)


def test_chapter_2_glues_the_lead():
    from pathlib import Path
    text = Path(__file__).resolve().parents[1].joinpath(
        "notebooks", "02_school_leaver_entry.md").read_text()
    assert "{glue:text}`leavers_left_out_lead`" in text
    assert "Not every school leaver enters the risk sets." not in text
