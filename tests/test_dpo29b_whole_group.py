"""dpo29b: chapter 5's steps table hides a ground's NT2 starts, as its contracts, where every
newcomer of the ground has them (group disclosure, book/disclosure.md)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import disclosure

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

# seed 11, 300 residents, 150 newcomers: chapter 5's steps by residence ground
STEPS = pd.DataFrame({
    "residence_ground": ["asylum", "eu_citizen", "family", "study", "work"],
    "n_persons": [31, 45, 41, 17, 16], "n_contract": [31, 37, 41, 14, 10],
    "n_nt2": [31, 38, 39, 16, 12], "n_measure_starts": [116, 93, 157, 46, 36]})


def _published(steps: pd.DataFrame, min_cell: int = 10) -> pd.DataFrame:
    s = steps.assign(contract_pct=100 * steps["n_contract"] / steps["n_persons"])
    return disclosure.suppress_small_cells(
        s, min_cell=min_cell, count_cols=["n_persons", "n_contract", "n_nt2", "n_measure_starts"],
        value_cols={"contract_pct": "n_contract"},
        relations=[("n_persons", [c], False) for c in ("n_contract", "n_nt2")],
        hide=disclosure.whole_group_hide(s, "n_persons", ["n_contract", "n_nt2"]),
        hide_rule="complement")


def test_a_ground_where_everyone_started_nt2_is_hidden():
    pub = _published(STEPS)
    asylum = pub[pub["residence_ground"] == "asylum"].iloc[0]
    assert str(asylum["n_nt2"]) == "x" and str(asylum["n_contract"]) == "x"
    assert str(asylum["n_persons"]) == "31"  # the persons stay


def test_whole_group_hide_marks_each_part_and_names_a_missing_column():
    hide = disclosure.whole_group_hide(STEPS, "n_persons", ["n_contract", "n_nt2"])
    assert hide == {"n_contract": [True, False, True, False, False],
                    "n_nt2": [True, False, False, False, False]}
    with pytest.raises(KeyError, match="n_mo"):
        disclosure.whole_group_hide(STEPS, "n_persons", ["n_mo"])


def test_chapter_5_hides_whole_grounds_in_both_person_columns():
    text = (NOTEBOOKS / "05_newcomer_integration.md").read_text()
    assert 'whole_group_hide(steps, "n_persons", ["n_contract", "n_nt2"])' in text
