"""prose36: a cell whose term of the model of leaving the register is not identified for one
exit cause is flagged on every measure (``exit_term_not_identified``). That must be so: the
exit model has one term per cell and exit cause, none per measure, and its hazards enter every
measure's cumulative incidence (:func:`mia_helpers.competing.cif_from_hazards`), so the flag
cannot be made specific to a measure. What was missing is that the book's words said why all
the cell's measures are named; the test pins the cell-wide flag, its reason, and the words.

Crafted data: the small synthetic extract (seed 2005, 3,000 residents, 1,500 newcomers),
chapter 3's person-period data by measure type, three cells; every person of maghreb:first
who ever leaves the register into inactivity (exit code 2) is dropped, so that cell has no
exit into inactivity and its exit term for that cause is separated (exact facts). Control: the
same data without the change flag no pair.
"""
from __future__ import annotations

import warnings

import pandas as pd
import pytest
from competing_cells import keep_rows, three_cells

from mia_helpers import competing as cr
from mia_helpers.core import NotIdentifiedWarning

CELL = "maghreb:first"
BLOCKS = ("duration", "origin")


def _model(cd: pd.DataFrame) -> cr.CompetingModel:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotIdentifiedWarning)  # the fits' own, tested in core
        return cr.CompetingModel(cr.fit_inflow(cd, BLOCKS), cr.fit_exits(cd, BLOCKS))


@pytest.fixture(scope="module")
def control() -> pd.DataFrame:
    return three_cells()


@pytest.fixture(scope="module")
def crafted(control) -> pd.DataFrame:
    cause = cr.EXITS.index("exit_inactivity") + 1  # exit codes: 0 stay, then EXITS
    hit = control[(control[cr.KEY].astype(str) == CELL)
                  & (control["exit"] == cause)]["person_id"].unique()
    assert len(hit) > 0  # the crafted change removes something
    return keep_rows(control, ~control["person_id"].isin(hit).to_numpy())


def test_one_exit_cause_not_identified_flags_every_measure_of_the_cell(crafted):
    model = _model(crafted)
    et = model.exits.tidy()
    bad = et[~et["identified"].astype(bool) & et["term"].str.startswith(cr.KEY)]
    # one exit cause of one cell: the only information the exit model has
    assert set(zip(bad["term"], bad["outcome"], strict=True)) == {
        (f"{cr.KEY}[{CELL}]", "exit_inactivity")}
    flags = cr.unidentified_cell_outcomes(crafted, model)
    measures = [o for o in model.inflow.outcomes[1:] if o not in cr.EXITS]
    assert set(flags[cr.KEY]) == {CELL}
    assert sorted(flags["outcome"]) == sorted(measures)  # cell-wide, by necessity
    assert set(flags["not_identified_reason"]) == {"exit_term_not_identified"}
    # the inflow model alone identifies every measure of the cell: the exit term is the cause
    assert cr.unidentified_cell_outcomes(crafted, model.inflow).empty
    # the words say why every measure of the cell is named
    words = cr.NOT_IDENTIFIED_REASONS["exit_term_not_identified"]
    assert "every measure" in words
    assert words in cr.gap_identification_sentence(flags)


def test_control_flags_nothing(control):
    assert cr.unidentified_cell_outcomes(control, _model(control)).empty
