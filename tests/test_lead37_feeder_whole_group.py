"""Chapter 5's feeder table must not say "every newcomer of this group started a measure"
(dpo37b; seed 2021, 200 residents, 100 newcomers, ``min_cell`` 12: the Turkish term printed
12 persons and 12 first starts, a whole-group attribute disclosure that export-check's
``whole_group`` rule refuses). The table is built in the fingerprinted
:func:`mia_helpers.newcomers.feeder_table`; chapter 5 wraps it in
:func:`mia_helpers.disclosure.whole_groups_hidden`, which hides such first starts by the
``complement`` rule."""

import pytest

from mia_helpers import disclosure
from mia_helpers import newcomers as nc
from mia_helpers.export_check import check_table

MIN_CELL = 12


@pytest.fixture(scope="module")
def feeder_parts():
    from mia_helpers.data import ensure_data
    from mia_helpers.panel import load_panel

    data = ensure_data(seed=2021, residents=200, newcomers=100, truth=False)
    periods = nc.feeder_periods(nc.newcomer_panel(load_panel(data), None, None))
    return nc.feeder_hazard(periods), periods


def _turkish(prot):
    shown = prot.render()
    return shown, shown.set_index("term").loc["origin[turkish]"]


def test_without_the_context_the_whole_group_is_printed_and_refused(feeder_parts):
    fit, periods = feeder_parts
    disclosure.reset_record()
    shown, row = _turkish(nc.feeder_table(fit, periods, min_cell=MIN_CELL, record=False))
    assert str(row["n_persons"]) == str(row["n_events"]) == str(MIN_CELL), row
    assert "whole_group" in {rule for rule, _ in check_table(shown, MIN_CELL)}


def test_within_the_context_the_first_starts_are_hidden_and_export_check_passes(feeder_parts):
    """As chapter 5 builds it: with the persons as the last resort (dpo38: without it the
    table printed "12 | x", first starts at least 12 of 12 persons, the whole group again;
    ``suppress`` now records that as a failure and export-check refuses it)."""
    fit, periods = feeder_parts
    disclosure.reset_record()
    with disclosure.totals_as_last_resort(["n_persons"]), \
            disclosure.whole_groups_hidden("n_persons", ["n_events"]):
        prot = nc.feeder_table(fit, periods, min_cell=MIN_CELL, record=False)
    shown, row = _turkish(prot)
    assert str(row["n_events"]) != str(MIN_CELL), row
    assert str(row["n_persons"]) != str(MIN_CELL), row
    assert "whole_group" not in {rule for rule, _ in check_table(shown, MIN_CELL)}


def test_without_the_last_resort_the_pinned_group_warns_and_is_refused(feeder_parts):
    fit, periods = feeder_parts
    disclosure.reset_record()
    with disclosure.whole_groups_hidden("n_persons", ["n_events"]), \
            pytest.warns(UserWarning, match="stay recoverable"):
        prot = nc.feeder_table(fit, periods, min_cell=MIN_CELL, record=False)
    shown, row = _turkish(prot)
    assert str(row["n_persons"]) == str(MIN_CELL) and str(row["n_events"]) == "x", row
    assert "whole_group" in {rule for rule, _ in check_table(shown, MIN_CELL)}


def test_the_context_is_left_behind_the_block():
    import pandas as pd

    t = pd.DataFrame({"n_persons": [12, 30], "n_events": [12, 5]})
    with disclosure.whole_groups_hidden("n_persons", ["n_events"]):
        inside = disclosure.suppress(t, ["n_persons", "n_events"], 10, record=False).render()
    outside = disclosure.suppress(t, ["n_persons", "n_events"], 10, record=False).render()
    assert str(inside.loc[0, "n_events"]) != "12" and str(outside.loc[0, "n_events"]) == "12"
