"""dpo34: a published zero (or "all") of a group of fewer than ``min_cell`` persons is an
attribute disclosure ("none of the 4 persons of group G started IBO"). Tested:
:func:`mia_helpers.disclosure.zeros_of_small_groups`, ``suppress(zeros=)``, chapter 3's
:func:`mia_helpers.competing.publishable_gaps` and :func:`~mia_helpers.competing.suppress_cell_rrr`
(``group_persons=``), and export-check's ``linked_zero_groups`` rule on crafted CSVs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mia_helpers import competing as cr
from mia_helpers import disclosure
from mia_helpers.disclosure import feasible_intervals, suppress, zeros_of_small_groups
from mia_helpers.export_check import scan

MIN_CELL = 10
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _fresh_record():
    disclosure.reset_record()
    yield
    disclosure.reset_record()


def _groups() -> pd.DataFrame:
    return pd.DataFrame({"group": ["a", "b", "c", "d", "e"],
                         "n_persons": [4, 40, 4, 7, 0],
                         "n_started": [0, 0, 2, 7, 0],
                         "share_pct": [0.0, 0.0, 50.0, 100.0, np.nan]})


# ------------------------------------------------------------------ zeros_of_small_groups


def test_zeros_of_small_groups_flags_only_small_groups():
    got = zeros_of_small_groups(_groups(), ["n_started", "share_pct"], "n_persons", MIN_CELL)
    # a: 0 of 4 (small: flagged); b: 0 of 40 (passes); e: a group of nobody has nothing to tell
    assert got["n_started"].tolist() == [True, False, False, False, False]
    assert got["share_pct"].tolist() == [True, False, False, False, False]
    assert got["n_started"].dtype == bool and got["n_started"].shape == (5,)


def test_whole_flags_all_of_a_small_group_too():
    got = zeros_of_small_groups(_groups(), ["n_started", "share_pct"], "n_persons", MIN_CELL,
                                whole={"n_started": "n_persons", "share_pct": 100.0})
    assert got["n_started"].tolist() == [True, False, False, True, False]
    assert got["share_pct"].tolist() == [True, False, False, True, False]


def test_persons_given_per_row_and_atol():
    t = pd.DataFrame({"exp_estimate": [0.004, 0.004, 0.3, "x"]})
    got = zeros_of_small_groups(t, ["exp_estimate"], [5, 50, 5, 5], MIN_CELL, atol=0.005)
    # printed with two decimals 0.004 reads 0.00: implied zero; a marker is never zero
    assert got["exp_estimate"].tolist() == [True, False, False, False]
    assert not zeros_of_small_groups(t, ["exp_estimate"], [5, 50, 5, 5], MIN_CELL)["exp_estimate"].any()


def test_persons_unknown_is_not_flagged():
    t = pd.DataFrame({"n_started": [0, 0]})
    got = zeros_of_small_groups(t, ["n_started"], np.array([np.nan, 3.0]), MIN_CELL)
    assert got["n_started"].tolist() == [False, True]


def test_zeros_of_small_groups_errors():
    t = _groups()
    with pytest.raises(KeyError, match="no persons column 'persons'"):
        zeros_of_small_groups(t, ["n_started"], "persons", MIN_CELL)
    with pytest.raises(KeyError, match="'nope'"):
        zeros_of_small_groups(t, ["nope"], "n_persons", MIN_CELL)
    with pytest.raises(ValueError, match="holds 2 numbers, the table 5 rows"):
        zeros_of_small_groups(t, ["n_started"], [1, 2], MIN_CELL)
    with pytest.raises(ValueError, match="min_cell"):
        zeros_of_small_groups(t, ["n_started"], "n_persons", 0)
    with pytest.raises(ValueError, match="negative"):
        zeros_of_small_groups(t, ["n_started"], [-1, 2, 3, 4, 5], MIN_CELL)


# ------------------------------------------------------------------ suppress(zeros=)


def test_suppress_hides_zero_as_complement_and_records_it():
    t = _groups().iloc[:4]
    z = zeros_of_small_groups(t, ["n_started"], "n_persons", MIN_CELL)
    p = suppress(t, count_cols=["n_persons", "n_started"], value_cols=["share_pct"],
                 min_cell=MIN_CELL, zeros=z, name="zeros")
    assert p.reason["n_started"].tolist() == ["complement", "", "primary", "primary"]
    # printed as a small count since dpo37 (an "x", not small, beside a small group is 0)
    assert p.render()["n_started"].tolist()[:2] == [f"<{MIN_CELL}", 0]
    rec = disclosure.checking_record().set_index("output").loc["zeros"]
    assert rec["complement"] == 1


def test_suppress_rejects_zeros_of_a_non_count():
    t = _groups()
    with pytest.raises(ValueError, match="zeros of table 'bad'"):
        suppress(t, count_cols=["n_persons"], min_cell=MIN_CELL, name="bad",
                 zeros={"share_pct": np.ones(len(t), bool)})


def test_a_hidden_zero_is_not_recovered_from_a_known_total():
    """The origin's cells add up to a published total: hiding the zero alone would give it
    back by subtraction (35 - 20 - 15 = 0); more cells are hidden and the exact audit keeps
    the zero's interval open to min_cell - 1."""
    t = pd.DataFrame({"origin": ["o"] * 3, "cell": ["1", "2", "3"],
                      "n_started": [0, 20, 15]})
    z = {"n_started": np.array([True, False, False])}
    p = suppress(t, count_cols=["n_started"], min_cell=MIN_CELL, zeros=z,
                 groups={"n_started": ["origin"]}, name="group")
    hidden = p.reason["n_started"].to_numpy() != ""
    assert hidden[0] and hidden.sum() >= 2
    iv = feasible_intervals(p, groups={"n_started": ["origin"]}, table=t)
    row0 = iv[(iv["kind"] == "cell") & (iv["row"] == 0)].iloc[0]
    assert row0["low"] <= 0 and row0["high"] >= MIN_CELL - 1


# ------------------------------------------------------------------ chapter 3's tables


def _gap_rows() -> pd.DataFrame:
    return pd.DataFrame({
        cr.KEY: ["turkish:second", "maghreb:first", "turkish:first"],
        "outcome": ["ibo"] * 3, "n_spells": [5, 60, 50], "n_persons": [4, 55, 45],
        "n_inflow_persons": [0, 0, 12], "n_reference_inflow_persons": [300] * 3,
        "cum_incidence_group": [0.0, 0.0, 20.0], "cum_incidence_reference": [5.0] * 3,
        "raw_gap": [-5.0, -5.0, 15.0], "adjusted_gap": [-4.0, -4.5, 12.0],
        "share_explained_pct": [20.0, 10.0, 20.0]})


def test_publishable_gaps_hides_the_zero_of_a_small_group():
    p = cr.publishable_gaps(_gap_rows(), min_cell=MIN_CELL)
    assert p.reason["n_inflow_persons"].tolist() == ["complement", "", ""]
    shown = p.render()
    assert shown["n_inflow_persons"].tolist()[0] == f"<{MIN_CELL}"  # as a small count (dpo37)
    assert shown["cum_incidence_group"].tolist()[0] == "x"  # follows the small group
    assert shown["n_inflow_persons"].tolist()[1] == 0  # 0 of 55 persons passes
    rec = disclosure.checking_record().set_index("output").loc["origin gaps"]
    assert rec["complement"] == 1


def _rrr_rows() -> pd.DataFrame:
    cells = ["turkish:first", "turkish:second", "maghreb:first", "maghreb:second"]
    t = pd.DataFrame({cr.KEY: cells, "outcome": "ibo", "n_persons": [30, 0, 25, 14]})
    for c in ("estimate", "se", "exp_estimate", "exp_ci_low", "exp_ci_high"):
        t[c] = np.where(t["n_persons"] > 0, 0.5, np.nan)
    t["identified"] = t["n_persons"] > 0
    return t


def test_suppress_cell_rrr_hides_zero_of_a_small_cell():
    t = _rrr_rows()
    persons = pd.Series({"turkish:first": 300, "turkish:second": 6, "maghreb:first": 200,
                         "maghreb:second": 90})
    before = cr.suppress_cell_rrr(t, MIN_CELL, name="rrr before")
    assert before.reason["n_persons"].iat[1] == ""  # the leak: "0" of 6 persons shown
    after = cr.suppress_cell_rrr(t, MIN_CELL, name="rrr after", group_persons=persons)
    assert after.reason["n_persons"].iat[1] != ""
    assert after.render()["n_persons"].iat[1] == f"<{MIN_CELL}"  # as a small count (dpo37)
    # turkish's cells add up to a known total (30): a second hidden cell protects the zero
    assert (after.reason["n_persons"].iloc[:2] != "").all()
    rec = disclosure.checking_record().set_index("output")
    assert rec.loc["rrr after", "complement"] >= 2


def test_suppress_cell_rrr_names_missing_cells():
    with pytest.raises(ValueError, match="lacks the cells"):
        cr.suppress_cell_rrr(_rrr_rows(), MIN_CELL, group_persons={"turkish:first": 300})


def test_persons_by_cell():
    d = pd.DataFrame({cr.KEY: ["a", "a", "b"], "person_id": [1, 1, 2]})
    assert cr.persons_by_cell(d).to_dict() == {"a": 1, "b": 1}
    with pytest.raises(ValueError, match="person_id"):
        cr.persons_by_cell(d.drop(columns="person_id"))


def test_chapter_3_passes_the_cells_persons():
    text = (ROOT / "notebooks" / "03_activation_inflow.md").read_text()
    assert "cell_persons = cr.persons_by_cell(cd)" in text
    assert text.count("group_persons=cell_persons") == 2


# ------------------------------------------------------------------ export-check


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "gaps.csv"
    path.write_text(body)
    return path


def test_export_check_refuses_zero_of_a_marked_small_group(tmp_path):
    path = _write(tmp_path, "origin,n_persons,n_started,share_started_pct\n"
                            "turkish,<10,0,x\nmaghreb,40,12,30.0\n")
    rules = [f.rule for f in scan(path, MIN_CELL).findings]
    assert "linked_zero_groups" in rules
    found = [f for f in scan(path, MIN_CELL).findings if f.rule == "linked_zero_groups"]
    assert "n_started" in found[0].detail and "zeros_of_small_groups" in found[0].detail


def test_export_check_passes_zero_of_a_large_group_and_hidden_zero(tmp_path):
    path = _write(tmp_path, "origin,n_persons,n_started,share_started_pct\n"
                            "turkish,<10,x,x\nmaghreb,40,0,0.0\n")
    assert "linked_zero_groups" not in [f.rule for f in scan(path, MIN_CELL).findings]


def test_export_check_refuses_zero_share_of_a_small_group(tmp_path):
    path = _write(tmp_path, "origin,persons,cum_incidence_pct\nturkish,<10,0.0\n"
                            "maghreb,40,12.5\n")
    assert "linked_zero_groups" in [f.rule for f in scan(path, MIN_CELL).findings]


def test_export_check_cli_exits_1_on_a_zero_of_a_small_group(tmp_path):
    path = _write(tmp_path, "origin,n_persons,n_started\nturkish,<10,0\nmaghreb,40,12\n")
    run = subprocess.run([sys.executable, "-m", "mia_helpers", "export-check", str(path),
                          "--min-cell", str(MIN_CELL), "--record", str(tmp_path / "r.json")],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "linked_zero_groups" in run.stdout


def test_the_exact_audit_widens_a_zero_the_heuristic_leaves_narrow():
    """Zero and 12 hidden add up to 12 >= min_cell (the heuristic is content), but the 12
    reads ``x``, at least 10, so the zero would lie in [0, 2]: the audit hides one more."""
    t = pd.DataFrame({"origin": ["o"] * 4, "cell": list("1234"),
                      "n_started": [0, 12, 15, 30]})
    p = suppress(t, count_cols=["n_started"], min_cell=MIN_CELL,
                 zeros={"n_started": np.array([True, False, False, False])},
                 groups={"n_started": ["origin"]}, name="audit")
    assert (p.reason["n_started"] != "").sum() >= 3
    iv = feasible_intervals(p, groups={"n_started": ["origin"]}, table=t)
    row0 = iv[(iv["kind"] == "cell") & (iv["row"] == 0)].iloc[0]
    assert row0["high"] >= MIN_CELL - 1


def test_export_check_reads_a_zero_with_its_small_group_in_another_file(tmp_path):
    (tmp_path / "persons.csv").write_text("origin,n_persons\nTurkish,<10\nMaghreb,40\n")
    (tmp_path / "starts.csv").write_text("origin,cum_incidence_pct\nturkish,0.0\n"
                                         "maghreb,0.0\n")
    found = [f for f in scan(tmp_path, MIN_CELL).findings if f.rule == "linked_zero_groups"]
    assert len(found) == 1 and found[0].file == "starts.csv"
    assert "turkish" in found[0].detail and "persons.csv" in found[0].detail
    assert "maghreb" not in found[0].detail


def test_export_check_passes_a_zero_whose_group_elsewhere_is_large(tmp_path):
    (tmp_path / "persons.csv").write_text("origin,n_persons\nTurkish,12\nMaghreb,40\n")
    (tmp_path / "starts.csv").write_text("origin,cum_incidence_pct\nturkish,0.0\n"
                                         "maghreb,3.0\n")
    assert "linked_zero_groups" not in [f.rule for f in scan(tmp_path, MIN_CELL).findings]
