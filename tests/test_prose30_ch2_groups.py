"""Chapter 2 (prose30): the sex-gap table's caption names every rule that hides a cell, and
the sentence on the Kaplan-Meier gaps names the groups whose gap widens, not only counts them."""
from pathlib import Path

import pandas as pd

from mia_helpers import claims
from mia_helpers.disclosure import DEFAULT_DOF_THRESHOLD
from mia_helpers.labels import label


def _display(*cells: str) -> pd.DataFrame:
    return pd.DataFrame({"event": ["job"] * len(cells), "group": ["maghreb:second"] * len(cells),
                         "Women, M0": list(cells), "Men, M0": ["1.10 [0.90, 1.30]"] * len(cells)})


def test_sex_gap_note_names_each_rule_of_the_markers_shown():
    both = claims.sex_gap_hidden_note(_display("x", "–"), 17)
    assert "fewer than 17 persons" in both and "have the event or lack it" in both
    assert f"fewer than {DEFAULT_DOF_THRESHOLD} residual degrees of freedom" in both
    assert "–: a term that sex's model cannot estimate" in both
    only_x = claims.sex_gap_hidden_note(_display("x"), 17)
    assert "x: hidden" in only_x and "–" not in only_x
    assert claims.sex_gap_hidden_note(_display("0.80 [0.60, 1.00]"), 17) == ""


def test_chapter_2_caption_carries_the_note():
    src = (Path(__file__).resolve().parents[1] / "notebooks"
           / "02_school_leaver_entry.md").read_text(encoding="utf-8")
    cell = src[src.index('glue("tbl-leavers-sex-gaps"'):]
    assert "claims.sex_gap_hidden_note(" in cell[:cell.index("```")]


def test_widening_groups_are_named():
    wide = ["turkish:second", "maghreb:intermediate", "eastern_eu:second"]
    s = claims.km_widen_sentence(wide, ["maghreb:second"])
    assert "for 3 of 4 groups: " in s and "; it does not for " in s
    for g in wide:
        assert label(g) in s
    # in the book's order, like the groups that do not widen
    assert s.index(label("eastern_eu:second")) < s.index(label("maghreb:intermediate"))
    # the count alone (older callers) still reads as before
    assert claims.km_widen_sentence(3, ["maghreb:second"]).startswith(
        "the gap widens when the job must last for 3 of 4 groups and does not for")


def test_km_gap_sentence_passes_the_names_on():
    s = claims.km_gap_sentence(20.0, 25.0, 3, 8.0, 10, ["turkish:second", "other_non_eu:second"],
                               ["maghreb:second"], at={"turkish:second": 8, "maghreb:second": 8,
                                                       "other_non_eu:second": 8})
    assert label("turkish:second") in s.split("does not")[0]
