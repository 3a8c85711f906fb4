"""Chapter 5's contracts by residence ground: a ground whose every newcomer signed a contract
is not printed as 100 % (group disclosure, old29: seed 7171 with 400 newcomers showed asylum
88 of 88 and family 102 of 102, seed 2005 with 2,000 asylum 390 of 390)."""

from pathlib import Path

import pandas as pd
import pytest

from mia_helpers.disclosure import suppress, whole_group_cells

COUNTS = ["n_persons", "n_contract", "n_nt2", "n_measure_starts"]


def _steps():
    t = pd.DataFrame({"residence_ground": ["asylum", "eu_citizen", "family", "study", "work"],
                      "n_persons": [200, 329, 261, 106, 103],
                      "n_contract": [200, 272, 250, 86, 83],
                      "n_nt2": [150, 269, 249, 86, 83],
                      "n_measure_starts": [700, 600, 900, 300, 200]})
    return t.assign(contract_pct=100 * t["n_contract"] / t["n_persons"])


def _table(steps, hide):
    return suppress(steps, COUNTS, 10, {"contract_pct": "n_contract"},
                    relations=[("n_persons", [c], False) for c in ("n_contract", "n_nt2")],
                    hide=hide, hide_rule="complement", record=False).render()


def test_whole_group_cells():
    assert whole_group_cells(_steps(), "n_persons", "n_contract") == [True] + [False] * 4
    empty = pd.DataFrame({"n": [0, 5], "k": [0, 5]})  # a group without persons is not full
    assert whole_group_cells(empty, "n", "k") == [False, True]
    with pytest.raises(KeyError, match="no column 'k2'"):
        whole_group_cells(empty, "n", "k2")


def test_full_cell_hidden_with_its_share():
    steps = _steps()
    before = _table(steps, None)
    assert before.loc[0, "contract_pct"] == 100.0  # what the table printed
    after = _table(steps, {"n_contract": whole_group_cells(steps, "n_persons", "n_contract")})
    assert after.loc[0, "n_contract"] == "x" and after.loc[0, "contract_pct"] == "x"
    assert (after.loc[1:, "n_contract"] == before.loc[1:, "n_contract"]).all()


def test_chapter_5_hides_full_contract_cells():
    code = (Path(__file__).parents[1] / "notebooks" / "05_newcomer_integration.md").read_text()
    # dpo29b: NT2 starts under the same rule (tests/test_dpo29b_whole_group.py)
    assert ('hide=disclosure.whole_group_hide(steps, "n_persons", ["n_contract", "n_nt2"])'
            in code)
