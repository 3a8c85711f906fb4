"""Our Aalen-Johansen cumulative incidence (:func:`mia_helpers.competing.nonparametric_cif`,
exits as competing events) against R's ``survival::survfit`` with a multi-state factor.

Reference values: ``tests/reference/aj_competing.py`` wrote ``aj_competing_spells.csv`` (the
spells of ``competing_data(grouping="types")`` on the small synthetic panel of
``tests/test_competing.py``, one row per distinct history and sex with its count) and
``tests/reference/aj_competing.R`` (run with survival 3.5.3 on R 4.2.2) wrote
``aj_competing.csv``: the probability of each state at the end of every quarter, by sex. The R
script puts the quarters on a continuous clock (start at u + 0.2, window-end censoring at
u + 0.5, exit at u + 0.7) so that survfit's risk sets are those of our within-quarter order
"measure start, then exit; the window end reveals a start, not an exit". CI does not need R;
the ``rlive`` test reruns the R script.

Tolerance: ``ATOL = 1e-12`` (absolute, probability scale). Both sides compute the same
products and sums of at most 29 quarterly factors in double precision (unit roundoff 1.1e-16,
so a rounding bound of about 29 x 3 x 1.1e-16 = 1e-14) and R writes 17 significant digits; the
committed values agree to 2e-16. A change of the estimator's ordering (e.g. exits treated as
censoring, or censoring before the start) moves the curves by more than 1e-3.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from r_available import r_has

from mia_helpers import competing as C

REF = Path(__file__).resolve().parent / "reference"
ATOL = 1e-12


def _generator():
    spec = importlib.util.spec_from_file_location("aj_competing", REF / "aj_competing.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _ours(spells: pd.DataFrame, exits: bool = True) -> pd.DataFrame:
    rows = _generator().expand_spells(spells)
    labels = spells[spells["outcome"] > 0].drop_duplicates("outcome").sort_values("outcome")
    rows.attrs["outcomes"] = [C.NO_INFLOW, *labels["outcome_label"]]
    out = C.nonparametric_cif(rows, by="sex", horizon=int(spells["last_u"].max()),
                              exits=exits)
    return out


def _compare(ours: pd.DataFrame, r: pd.DataFrame) -> pd.Series:
    """Absolute differences per (sex, u, state); every row of each side must be matched."""
    m = ours.merge(r.rename(columns={"state": "outcome"}), on=["sex", "u", "outcome"],
                   how="outer", indicator=True, validate="one_to_one")
    unmatched = m[m["_merge"] != "both"]
    assert unmatched.empty, unmatched[["sex", "u", "outcome", "_merge"]].head()
    return (m["cum_incidence"] - m["p"]).abs()


def test_spells_file_expands_and_has_every_kind_of_end():
    spells = pd.read_csv(REF / "aj_competing_spells.csv")
    rows = _generator().expand_spells(spells)
    assert len(rows) == (spells["n"] * (spells["last_u"] - spells["entry"] + 1)).sum()
    # starts, both exits and window-end censoring all occur, in both groups
    for _, g in spells.groupby("sex"):
        assert (g["outcome"] > 0).any() and set(g["exit"]) == {0, 1, 2}
        assert (g["censored"] == 1).any()
    with pytest.raises(ValueError, match="missing column"):
        _generator().expand_spells(spells.drop(columns="n"))


def test_aalen_johansen_equals_survfit():
    spells = pd.read_csv(REF / "aj_competing_spells.csv")
    r = pd.read_csv(REF / "aj_competing.csv")
    diff = _compare(_ours(spells), r)
    assert diff.max() < ATOL
    # the comparison can fail: exits as censoring is another estimator, far from survfit's
    other = _ours(spells, exits=False)
    other = other[other["outcome"].isin(r["state"])]
    assert _compare(other, r[r["state"].isin(other["outcome"])]).max() > 1e-3


def test_states_sum_to_one():
    r = pd.read_csv(REF / "aj_competing.csv")
    np.testing.assert_allclose(r.groupby(["sex", "u"])["p"].sum(), 1.0, atol=ATOL)


@pytest.mark.rlive  # opt-in: `pytest -m rlive` (R is not needed by make test / CI)
@pytest.mark.skipif(not r_has("survival"), reason="needs R with survival")
def test_rlive_survfit_aalen_johansen(tmp_path):
    shutil.copy(REF / "aj_competing_spells.csv", tmp_path / "aj_competing_spells.csv")
    subprocess.run(["Rscript", str(REF / "aj_competing.R"), str(tmp_path)], check=True,
                   capture_output=True, timeout=120)
    live = pd.read_csv(tmp_path / "aj_competing.csv")
    committed = pd.read_csv(REF / "aj_competing.csv")
    pd.testing.assert_frame_equal(live[["sex", "u", "state"]], committed[["sex", "u", "state"]])
    np.testing.assert_allclose(live["p"], committed["p"], rtol=0, atol=ATOL)
    assert _compare(_ours(pd.read_csv(REF / "aj_competing_spells.csv")), live).max() < ATOL
