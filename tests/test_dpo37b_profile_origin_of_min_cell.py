"""Chapter 1's sample profile against chapter 5's feeder table at an origin of exactly
``min_cell`` newcomers (dpo37b; seed 2021, 200 residents, 100 newcomers, ``min_cell`` 12).

The profile withheld a newcomer origin of ``min_cell < n < 2 min_cell - 1`` persons (dpo37)
but published one of ``n = min_cell``: 12 Turkish newcomers, of whom the feeder model has 12
persons and 12 first starts. Where the feeder table marks both ``x`` (each at least 12, at
most the profile's 12), a reader has both exactly: every one of them started, a whole-group
disclosure (``whole_group``), which the book's rules forbid at any group size.
:func:`mia_helpers.describe.sample_profile` now withholds such an origin too
(``describe._persons_withheld``), with further cells of its origin group until the reader's
upper bound of it is at least ``2 min_cell - 1`` or no published cell is left in the group."""

import pytest

from mia_helpers import disclosure
from mia_helpers import newcomers as nc

MIN_CELL = 12


@pytest.fixture(scope="module")
def case():
    from mia_helpers import describe
    from mia_helpers.data import ensure_data
    from mia_helpers.panel import load_panel

    data = ensure_data(seed=2021, residents=200, newcomers=100, truth=False)
    persons = describe.analysis_persons(data)
    periods = nc.feeder_periods(nc.newcomer_panel(load_panel(data), None, None))
    disclosure.reset_record()
    return persons, periods, describe.sample_profile(persons, MIN_CELL)


def _newcomers(persons):
    new = persons[persons["sample"] == "newcomer"]
    return new.groupby(new["origin"].astype(str)).size()


def test_the_case_arises(case):
    persons, periods, _ = case
    n = _newcomers(persons)
    assert n.get("turkish") == MIN_CELL, n
    turkish = periods[periods["origin"].astype(str) == "turkish"]
    # all of the origin's newcomers in the feeder model, every one of them with a first start
    assert turkish["person_id"].nunique() == MIN_CELL
    assert int(turkish["event"].sum()) == MIN_CELL


def test_the_profile_withholds_an_origin_of_min_cell_newcomers(case):
    persons, _, profile = case
    n = _newcomers(persons)
    at_risk = n[(n >= MIN_CELL) & (n < 2 * MIN_CELL - 1)]
    assert MIN_CELL in at_risk.to_numpy()
    d = profile.data[profile.data["sample"] == "newcomer"].set_index("origin")["persons"]
    assert d.reindex(at_risk.index).isna().all(), d


def test_the_reader_bound_of_a_withheld_origin_is_wide(case):
    """A withheld origin's persons stay open above ``min_cell`` (the exact audit's interval
    over the origin groups: here the Turkish origin's 24 persons, published by chapter 1's
    stable-definition table, less two resident cells marked ``<12`` leave 12 to 22), so feeder
    persons and first starts marked ``x`` (``min_cell`` or more each) no longer pin both to
    ``n``: the reader cannot tell that every one of them started."""
    from mia_helpers.describe import _persons_withheld, _profile_frame, _profile_suppress
    from mia_helpers.disclosure import feasible_intervals

    persons, _, _ = case
    out, values, flags = _profile_frame(persons, MIN_CELL)
    hide, _ = _persons_withheld(out, values, flags, persons, MIN_CELL)
    row = ((out["sample"] == "newcomer") & (out["origin"] == "turkish")).to_numpy()
    assert hide[row].all()
    prot = _profile_suppress(out, values, flags, MIN_CELL, hide, record=False)
    iv = feasible_intervals(prot, groups={"persons": ["_origin_group"]}, table=out)
    iv = iv[(iv["kind"] == "cell") & (iv["column"] == "persons")].set_index("row")["high"]
    i = int(row.nonzero()[0][0])
    assert iv[i] > MIN_CELL, iv[i]
