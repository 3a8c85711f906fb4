"""dpo30b: export-check's ``whole_group`` rule (a count equal to its group's total, a share of
100 % beside its count: class disclosure), chapter 1's sample profile hiding a share of 100 %,
and chapter 5's steps table hiding a small ground's persons as the last resort."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from export_files import scan_files

from mia_helpers import describe, disclosure
from mia_helpers.export_check import check_table

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _rules(found: list[tuple[str, str]]) -> list[str]:
    return [rule for rule, _ in found]


def test_a_planted_100_percent_row_is_refused_in_a_csv(tmp_path):
    # every asylum newcomer signed: 31 of 31 (chapter 5's steps table before old29)
    csv = ("residence_ground,n_persons,n_contract\n"
           "asylum,31,31\nfamily,41,30\nwork,45,20\n")
    res = scan_files(tmp_path, {"steps.csv": csv}, 10)
    hits = [f for f in res.findings if f.rule == "whole_group"]
    assert len(hits) == 1, [str(f) for f in res.findings]
    assert hits[0].file == "steps.csv"
    assert "'n_contract' equals its total 'n_persons'" in hits[0].detail
    assert "whole_group_hide" in hits[0].detail  # the remedy is named
    # the same table with the cell hidden as chapter 5 hides it passes
    ok = scan_files(tmp_path / "ok", {"steps.csv": csv.replace("asylum,31,31", "asylum,31,x")},
                    10)
    assert not [f for f in ok.findings if f.rule == "whole_group"]


def test_chapter_5s_published_labels_are_read():
    # dpo29b's row as the book printed it: "Asylum | 31 | x | 31", every asylum newcomer an NT2
    t = pd.DataFrame({"Residence ground": ["Asylum", "EU citizen"], "Persons": [31, 45],
                      "Contracts": ["x", "x"], "NT2 starts": [31, 30],
                      "Measure starts": [116, 93]})
    found = check_table(t, 10)
    assert _rules(found) == ["whole_group"]
    assert "'NT2 starts' equals its total 'Persons' (row 1)" in found[0][1]


def test_a_share_of_100_percent_beside_its_count_is_refused():
    t = pd.DataFrame({"origin": ["belgian", "maghreb", "All"], "persons": [1893, 255, 2148],
                      "good_dutch_pct": ["100.0", "64.8", "95.9"]})
    found = check_table(t, 10)
    assert _rules(found) == ["whole_group"]
    assert "'good_dutch_pct' is a share of 100 %" in found[0][1] and "row 1" in found[0][1]
    # 99.9 % of 1,893 leaves 1 to 3 persons without: the share rule's (share_count), not this
    t.loc[0, "good_dutch_pct"] = "99.9"
    assert _rules(check_table(t, 10)) == ["share_count"]
    # a total row at 100 % is the whole table, not a group; 0 % is a zero count: both pass
    t2 = pd.DataFrame({"origin": ["belgian", "maghreb", "All"], "persons": [40, 60, 100],
                       "share_pct": ["0.0", "50.0", "100.0"]})
    assert "whole_group" not in _rules(check_table(t2, 10))


def test_design_subsets_and_zero_counts_pass():
    # every starter matched is no attribute of the starters
    t = pd.DataFrame({"measure": ["a", "b"], "n_treated": [31, 41], "n_matched": [31, 30]})
    assert "whole_group" not in _rules(check_table(t, 10))
    t = pd.DataFrame({"ground": ["a", "b"], "n_persons": [31, 41], "n_contract": [0, 30]})
    assert "whole_group" not in _rules(check_table(t, 10))
    t = pd.DataFrame({"ground": ["a", "b"], "n_persons": [31, 41], "n_events": [20, 41]})
    assert _rules(check_table(t, 10)) == ["whole_group"]


def _persons(n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    p = pd.DataFrame({
        "person_id": range(n), "sample": "resident",
        "origin": rng.choice(["belgian", "maghreb"], n), "generation": "native",
        "sex": rng.choice(["male", "female"], n), "education": rng.choice(["high", "low"], n),
        "dutch_level": "native", "birth_year": rng.integers(1960, 1990, n),
        "school_leaving_quarter": np.where(rng.random(n) < 0.5, np.nan, 3.0)})
    m = p["origin"] == "maghreb"
    p.loc[m, "generation"] = "second"
    p.loc[m, "dutch_level"] = rng.choice(["good", "basic"], int(m.sum()))
    return p


def test_sample_profile_hides_a_share_of_100_percent():
    disclosure.reset_record()
    prof = describe.sample_profile(_persons(), 10)
    shown = prof.render().set_index("origin")
    assert str(shown.loc["belgian", "good_dutch_pct"]) == "x"  # 195 of 195 natives
    assert str(shown.loc["maghreb", "good_dutch_pct"]) not in ("x", "<10")
    assert prof.reason.loc[0, "good_dutch_pct"] == "share"
    rec = disclosure.checking_record()
    assert "sample profile: whole groups" in set(rec["output"])
    disclosure.reset_record()


def test_chapter_5_hides_a_small_grounds_persons_as_the_last_resort():
    # seed 11, 300 residents, 150 newcomers, min_cell 10: study 17 and work 16 beside
    # contracts x (at least 10) left at most 7 without a contract (the record's 'narrowed')
    steps = pd.DataFrame({
        "residence_ground": ["asylum", "eu_citizen", "family", "study", "work"],
        "n_persons": [31, 45, 41, 17, 16], "n_contract": [31, 37, 41, 14, 10],
        "n_nt2": [31, 38, 39, 16, 12], "n_measure_starts": [116, 93, 157, 46, 36]})
    disclosure.reset_record()
    kw = dict(min_cell=10, count_cols=["n_persons", "n_contract", "n_nt2", "n_measure_starts"],
              relations=[("n_persons", [c], False) for c in ("n_contract", "n_nt2")],
              hide=disclosure.whole_group_hide(steps, "n_persons", ["n_contract", "n_nt2"]),
              hide_rule="complement")
    before = disclosure.suppress(steps, name="before", **kw)
    after = disclosure.suppress(steps, name="after", last_resort=["n_persons"], **kw)
    rec = disclosure.checking_record().set_index("output")
    assert rec.loc["before", "narrowed"] and not rec.loc["after", "narrowed"]
    assert before.data["n_persons"].notna().all()
    assert after.data["n_persons"].isna().tolist() == [False, False, False, True, True]
    disclosure.reset_record()
    text = (NOTEBOOKS / "05_newcomer_integration.md").read_text()
    assert 'hide_rule="complement", last_resort=["n_persons"])' in text
