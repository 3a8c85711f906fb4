"""gap34: a (cell, outcome) whose origin term the inflow model cannot identify (here: no
person of the cell starts the measure) gets no finite gap and no curve: origin_gap warns
(NotIdentifiedWarning), sets the model-based values NaN and flags the row; the display and the
glued sentence say "not identified". Control: the same cells with every pair identified give
no warning and no flag.

Crafted data: the small synthetic extract (seed 2005, 3,000 residents, 1,500 newcomers), chapter
3's person-period data by measure type, three cells; the crafted version drops every person of
maghreb:first with a basic-training start, so that cell has zero basic-training events (exact
facts, no tolerance).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from competing_cells import CELLS, keep_rows, three_cells

from mia_helpers import competing as cr
from mia_helpers.core import NotIdentifiedWarning

EMPTY = ("maghreb:first", "training_basic")
BLOCKS = ("duration", "origin")


@pytest.fixture(scope="module")
def control() -> pd.DataFrame:
    return three_cells()


@pytest.fixture(scope="module")
def crafted(control) -> pd.DataFrame:
    cell, outcome = EMPTY
    hit = control[(control[cr.KEY].astype(str) == cell)
                  & (control["outcome_label"].astype(str) == outcome)]["person_id"].unique()
    assert len(hit) > 0  # the crafted change removes something
    return keep_rows(control, ~control["person_id"].isin(hit).to_numpy())


def _rows(frame: pd.DataFrame, *cols: str) -> set[tuple]:
    return set(frame[list(cols)].itertuples(index=False, name=None))


def _fit(cd: pd.DataFrame) -> cr.InflowFit:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotIdentifiedWarning)  # the fit's own, tested in core
        return cr.fit_inflow(cd, BLOCKS)


@pytest.fixture(scope="module")
def crafted_fit(crafted) -> cr.InflowFit:
    return _fit(crafted)


def test_unidentified_cell_outcomes_lists_the_empty_pair(crafted, crafted_fit, control):
    got = cr.unidentified_cell_outcomes(crafted, crafted_fit)
    assert list(got.columns) == [cr.KEY, "outcome", "not_identified_reason"]
    assert _rows(got, cr.KEY, "outcome", "not_identified_reason") == {(*EMPTY, "no_events")}
    # from the data alone, and from the model's cell RRR table, the same pair
    assert len(cr.unidentified_cell_outcomes(crafted)) == 1
    table = cr.cell_rrr_table(crafted_fit, crafted)
    assert not table.set_index([cr.KEY, "outcome"]).loc[EMPTY, "identified"]
    assert len(cr.unidentified_cell_outcomes(crafted, table)) == 1
    # the tidy() flag alone (events present in data) names the term as not identified
    tidy_only = cr.unidentified_cell_outcomes(control, crafted_fit)
    assert _rows(tidy_only, cr.KEY, "outcome", "not_identified_reason") == {
        (*EMPTY, "term_not_identified")}
    assert all(r in cr.NOT_IDENTIFIED_REASONS for r in got["not_identified_reason"])


def test_origin_gap_warns_and_blanks_the_pair(crafted, crafted_fit):
    with pytest.warns(NotIdentifiedWarning, match="maghreb:first / training_basic"):
        gap = cr.origin_gap(crafted, crafted_fit, horizon=6)
    assert set(cr.GAP_FLAGS) <= set(gap.columns)
    assert gap["identified"].dtype == bool
    row = gap[(gap[cr.KEY] == EMPTY[0]) & (gap["outcome"] == EMPTY[1])].iloc[0]
    assert not row["identified"] and row["not_identified_reason"] == "no_events"
    assert np.isnan(row["adjusted_gap"]) and np.isnan(row["share_explained_pct"])
    assert row["n_inflow_persons"] == 0
    rest = gap[gap["identified"]]
    assert len(rest) == len(gap) - 1
    assert rest["adjusted_gap"].notna().all() and (rest["not_identified_reason"] == "").all()

    shown = cr.gap_display(gap, gap)
    assert shown.loc[~gap["identified"].to_numpy(), "adjusted_gap"].tolist() == [
        cr.NOT_IDENTIFIED_TEXT]
    assert not set(cr.GAP_FLAGS) & set(shown.columns)
    sentence = cr.gap_identification_sentence(gap)
    assert "1 cell x measure pair" in sentence
    assert cr.NOT_IDENTIFIED_REASONS["no_events"] in sentence
    assert "Maghreb" in sentence or "maghreb" in sentence


def test_origin_gap_carries_no_finite_value_of_a_flagged_cell(crafted, crafted_fit):
    """prose36: the cell's nonparametric cumulative incidence and raw gap stayed beside the
    blank adjusted gap of a cell flagged not identified; every value of the cell is NaN now
    (the counts, the reference's level and the flags stay), and the display says "not
    identified" in each of them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotIdentifiedWarning)
        gap = cr.origin_gap(crafted, crafted_fit, horizon=6)
    flagged = ~gap["identified"].to_numpy()
    assert flagged.sum() == 1
    assert gap.loc[flagged, list(cr.GAP_NOT_IDENTIFIED_VALUES)].isna().all().all()
    assert set(cr.GAP_NOT_IDENTIFIED_VALUES) >= {"cum_incidence_group", "raw_gap",
                                                 "adjusted_gap", "share_explained_pct"}
    assert gap.loc[flagged, "cum_incidence_reference"].notna().all()
    assert gap.loc[flagged, "n_persons"].gt(0).all()
    assert gap.loc[~flagged, list(cr.GAP_NOT_IDENTIFIED_VALUES[:3])].notna().all().all()
    shown = cr.gap_display(cr.publishable_gaps(gap.drop(columns=list(cr.GAP_FLAGS)),
                                               min_cell=1), gap)
    for col in ("cum_incidence_group", "raw_gap", "adjusted_gap", "share_explained_pct"):
        assert shown.loc[flagged, col].tolist() == [cr.NOT_IDENTIFIED_TEXT], col


def test_published_cell_curves_drop_the_pair(crafted, crafted_fit):
    flags = cr.unidentified_cell_outcomes(crafted, crafted_fit)
    prof = cr.profiles(CELLS)
    curves = cr.predict_cif(crafted_fit, prof, horizon=4)
    rrr = cr.cell_rrr_table(crafted_fit, crafted).assign(exp_estimate=1.0)  # every RRR "published"
    kept = cr.published_cell_curves(curves, rrr, flags=flags)
    pairs = _rows(kept, "profile", "outcome")
    assert EMPTY not in pairs
    assert ("maghreb:first", "training_vocational") in pairs
    assert ("belgian:native", EMPTY[1]) in pairs
    # the rrr table's identified column alone drops it too
    assert EMPTY not in _rows(cr.published_cell_curves(curves, rrr), "profile", "outcome")


def test_control_all_identified_no_warning(control):
    fit = _fit(control)
    assert cr.unidentified_cell_outcomes(control, fit).empty
    with warnings.catch_warnings():
        warnings.simplefilter("error", NotIdentifiedWarning)
        gap = cr.origin_gap(control, fit, horizon=6)
    assert gap["identified"].all() and (gap["not_identified_reason"] == "").all()
    assert gap["adjusted_gap"].notna().all()
    assert cr.gap_identification_sentence(gap) == ""
    assert cr.gap_display(gap, gap)["adjusted_gap"].map(np.isreal).all()


def test_bad_flags_table_names_columns(control):
    with pytest.raises(ValueError, match="not_identified_reason"):
        cr.gap_identification_sentence(control[[cr.KEY]].assign(outcome="x"))


def test_published_table_shows_not_identified_unless_disclosure_hid_it(crafted, crafted_fit):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotIdentifiedWarning)
        gap = cr.origin_gap(crafted, crafted_fit, horizon=6)
    plain = gap.drop(columns=list(cr.GAP_FLAGS))
    row = ((gap[cr.KEY] == EMPTY[0]) & (gap["outcome"] == EMPTY[1])).to_numpy()
    # min_cell 1: nothing is small, the pair is published and shown as not identified
    safe = cr.publishable_gaps(plain, min_cell=1)
    shown = cr.gap_display(safe, gap)
    assert shown.loc[row, "adjusted_gap"].tolist() == [cr.NOT_IDENTIFIED_TEXT]
    assert "1 cell x measure pair" in cr.gap_identification_sentence(gap, safe)
    # a threshold above every count hides all values: the marker stays, the sentence is empty
    hidden = cr.publishable_gaps(plain, min_cell=10**9)
    assert cr.NOT_IDENTIFIED_TEXT not in cr.gap_display(hidden, gap)["adjusted_gap"].tolist()
    assert cr.gap_identification_sentence(gap, hidden) == ""


def test_publishable_gaps_refuses_the_flag_columns_naming_them():
    """The flags of origin_gap are not values to protect: publishable_gaps refuses them with
    the remedy instead of hiding them as if they were numbers (merge of gap34 and dpo34)."""
    gap = pd.DataFrame({cr.KEY: ["maghreb:first"], "outcome": ["ibo"], "n_spells": [50],
                        **{c: [20] for c in cr.GAP_COUNTS}, "raw_gap": [1.0],
                        "identified": [True], "not_identified_reason": [""]})
    with pytest.raises(ValueError, match="identification flags.*gap_display"):
        cr.publishable_gaps(gap, min_cell=10)
