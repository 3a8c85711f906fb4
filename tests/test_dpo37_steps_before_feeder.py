"""Chapter 5's steps table and feeder table on a small extract (dpo37; seed 2005, 300
residents, 100 newcomers, ``min_cell`` 10). The steps table was published before the feeder
table's check against it, which can hide only the feeder's cells: 18 asylum newcomers
shown, the feeder's asylum persons and first starts both ``x`` (at least 10 each), so at
most 8 of its persons had no first start. The check listed it as narrowed and
``export-check`` refused the run. :func:`mia_helpers.linked_tables.steps_and_feeder`
protects the steps table first without recording it, hides a ground's newcomers where the
feeder's check cannot protect its remainders otherwise, and records the steps table then.
Chapter 1's sample profile, which chapter 5 cannot change, likewise left two origins
narrowed (14 Maghrebi newcomers, feeder persons 14 and first starts 13 both ``x``: at most 4
without a start); it now withholds a newcomer origin of ``min_cell < n < 2 min_cell - 1``
persons, which the feeder splits (``describe._persons_withheld``)."""

import warnings

import pytest

from mia_helpers import disclosure
from mia_helpers import newcomers as nc
from mia_helpers.linked_tables import feeder_against_steps, steps_and_feeder

MIN_CELL = 10
LINKED = "feeder model against the steps table (per ground)"


@pytest.fixture(scope="module")
def case():
    from mia_helpers.data import ensure_data
    from mia_helpers.hazard import explain_collinear
    from mia_helpers.panel import load_panel

    data = ensure_data(seed=2005, residents=300, newcomers=100, truth=False)
    npanel = nc.newcomer_panel(load_panel(data), None, None)
    steps = npanel.groupby(npanel["residence_ground"].astype(str)).agg(
        n_persons=("person_id", "nunique"), n_contract=("contract_signed", "sum"),
        n_nt2=("nt2_start", "sum"), n_measure_starts=("any_measure_start", "sum")).reset_index()
    steps["contract_pct"] = 100 * steps["n_contract"] / steps["n_persons"]
    rules = dict(  # as chapter 5
        count_cols=["n_persons", "n_contract", "n_nt2", "n_measure_starts"],
        value_cols={"contract_pct": ["n_contract", "n_persons"]},
        relations=[("n_persons", [c], False) for c in ("n_contract", "n_nt2")],
        zeros=disclosure.zeros_of_small_groups(
            steps, ["n_contract", "n_nt2", "n_measure_starts"], "n_persons", MIN_CELL),
        hide=disclosure.whole_group_hide(steps, "n_persons", ["n_contract", "n_nt2"]),
        hide_rule="complement", last_resort=["n_persons"])
    periods = nc.feeder_periods(npanel)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = explain_collinear(nc.feeder_hazard(periods), periods)
    return steps, rules, periods, fit, data


def _feeder(periods, fit):
    with disclosure.totals_as_last_resort(["n_persons"]):
        return nc.feeder_table(fit, periods, min_cell=MIN_CELL, record=False)


def _linked_entry():
    rec = disclosure.checking_record().set_index("output")
    return rec.loc[LINKED]


def test_published_first_the_steps_table_leaves_a_narrowed_remainder(case):
    steps, rules, periods, fit, _ = case
    disclosure.reset_record()
    published = disclosure.suppress_small_cells(steps, min_cell=MIN_CELL, **rules)
    feeder_against_steps(_feeder(periods, fit), periods, published, min_cell=MIN_CELL)
    assert _linked_entry()["narrowed"], "the case no longer arises on this extract"


def test_steps_and_feeder_leaves_nothing_narrowed(case):
    steps, rules, periods, fit, _ = case
    disclosure.reset_record()
    published, _ = steps_and_feeder(steps, _feeder(periods, fit), periods, MIN_CELL,
                                         rules)
    assert _linked_entry()["narrowed"] == []
    # the asylum ground's newcomers are hidden, and its contract share with them
    asylum = published["residence_ground"] == "asylum"
    assert (published.loc[asylum, ["n_persons", "contract_pct"]] == "x").all().all()


def test_the_profile_withholds_newcomer_origins_the_feeder_splits(case):
    from mia_helpers import describe
    from mia_helpers.disclosure import split_bounds
    from mia_helpers.linked_tables import feeder_against_profile

    steps, rules, periods, fit, data = case
    disclosure.reset_record()
    persons = describe.analysis_persons(data)
    profile = describe.sample_profile(persons, MIN_CELL)
    _, feeder = steps_and_feeder(steps, _feeder(periods, fit), periods, MIN_CELL, rules)
    feeder_against_profile(feeder, periods, profile, MIN_CELL)
    rec = disclosure.checking_record().set_index("output")
    assert rec.loc["feeder model against chapter 1's sample profile", "narrowed"] == []
    # every newcomer origin the feeder could split is hidden in the profile
    d = profile.data[profile.data["sample"] == "newcomer"]
    n = persons[persons["sample"] == "newcomer"].groupby("origin", observed=True).size()
    split = n[split_bounds(n.to_numpy(float), MIN_CELL)]
    assert len(split) >= 2  # Maghrebi 14, Turkish 16
    shown = d.set_index("origin")["persons"]
    assert shown.reindex(split.index.astype(str)).isna().all(), shown
