"""Chapter 2's risk sets against a resident cell of exactly ``min_cell`` school leavers, every
one of them at risk and with a first job (dpo38; seed 33, 300 residents, 50 newcomers,
``min_cell`` 10: the 10 Turkish second-generation school leavers).

The chapter 5 case of dpo37b (a group of ``min_cell`` persons whose hidden parts, with a
published total, pinned "all started") in chapter 2. Before: the risk-set table printed
"Turkish (second generation) | 10 | 10 | 100.0" (a whole group, which ``export-check`` did
not read in a table of several risk sets), and with the entrants hidden alone the persons at
risk, 10, beside entrants ``x`` (at least 10) still gave all 10; hidden too, chapter 1's
count of the cell's school leavers (10, its share published or taken as known by the audit)
bounded them at 10 again. Now the risk-set table hides a whole group's entrants
(:func:`mia_helpers.hazard.whole_groups`), :func:`mia_helpers.disclosure.suppress` keeps the
zero remainder of such a group open (its reader's maximum at least 1, or the table fails),
and chapter 1's profile withholds a count of exactly ``min_cell`` school leavers
(:func:`mia_helpers.describe.leavers_withheld`), so the most a reader knows of them is wider.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from mia_helpers import describe, disclosure
from mia_helpers import hazard as hz
from mia_helpers.export_check import check_table, markdown_tables

MIN_CELL = 10
CELL = "turkish:second"


@pytest.fixture(scope="module")
def case():
    from mia_helpers.data import ensure_data

    data = ensure_data(seed=33, residents=300, newcomers=50, truth=False)
    periods = {ev: hz.school_leaver_periods(data, ev, stable_quarters=4)
               for ev in ("job", "stable")}
    return describe.analysis_persons(data), periods


@pytest.fixture(autouse=True)
def _fresh_record():
    disclosure.reset_record()
    yield
    disclosure.reset_record()


def test_the_case_arises(case):
    persons, periods = case
    key = persons["origin"].astype(str) + ":" + persons["generation"].astype(str)
    leavers = key[persons["school_leaving_quarter"].notna()].value_counts()
    assert leavers[CELL] == MIN_CELL
    job = hz.group_counts(periods["job"]).set_index(hz.KEY).loc[CELL]
    assert job["n_persons"] == job["n_events"] == MIN_CELL  # all at risk, all with a job


def test_chapter_1_withholds_a_cell_of_min_cell_school_leavers(case):
    persons, _ = case
    assert bool(describe.withheld_leaver_cells(persons, MIN_CELL)[CELL])
    # what chapter 2's audit takes as the most a reader knows of the cell's school leavers
    assert hz.school_leavers_by_cell(persons, MIN_CELL)[CELL] > MIN_CELL


def _risk(case):
    persons, periods = case
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no 'hidden small counts stay recoverable'
        return hz.risk_set_table(periods, min_cell=MIN_CELL,
                                 leavers=hz.school_leavers_by_cell(persons, MIN_CELL))


def test_the_risk_set_table_tells_no_whole_group(case):
    risk = _risk(case)
    row = risk.data.loc[CELL]
    assert pd.isna(row["n_entered_job"]) and pd.isna(row["job_pct"]), row
    # persons at risk beside entrants x (at least min_cell) may not be min_cell either
    assert pd.isna(row["n_persons_job"]) or row["n_persons_job"] > MIN_CELL, row
    shown = labels_table(risk)
    assert "whole_group" not in {rule for rule, _ in check_table(shown, MIN_CELL)}


def labels_table(risk):
    from mia_helpers import labels

    md = labels.table_markdown(risk, "Risk sets.", "tbl-x").data
    return markdown_tables(md)[0][0]


def test_a_hand_edited_released_table_is_refused(case):
    shown = labels_table(_risk(case))
    row = (shown.iloc[:, 0] == "Turkish (second generation)").to_numpy()
    persons, entered = "Persons at risk of a first job", "With a first job"
    share = "With a first job (% of those at risk)"
    for edit in ({persons: "10", entered: "10", share: "100.0"},  # the whole group
                 {persons: "10", entered: "x"}):  # pinned by the markers
        t = shown.copy()
        for col, v in edit.items():
            t.loc[row, col] = v
        rules = [rule for rule, _ in check_table(t, MIN_CELL)]
        assert "whole_group" in rules, (edit, rules)


def test_a_whole_group_beside_a_total_of_min_cell_hides_the_total_or_fails():
    t = pd.DataFrame({"n_persons": [10, 30, 40], "n_events": [10, 12, 25]})
    rules = dict(count_cols=["n_persons", "n_events"], min_cell=MIN_CELL,
                 relations=[("n_persons", ["n_events"], False)],
                 hide=disclosure.whole_group_hide(t, "n_persons", ["n_events"]),
                 hide_rule="complement", record=False)
    p = disclosure.suppress(t, last_resort=["n_persons"], **rules)
    assert pd.isna(p.data.loc[0, "n_events"]) and pd.isna(p.data.loc[0, "n_persons"])
    # where the total may not be hidden, the table cannot protect the group: it fails
    with pytest.warns(UserWarning, match="stay recoverable"):
        p = disclosure.suppress(t, last_resort=[], **rules)
    assert p.data.loc[0, "n_persons"] == MIN_CELL


def test_a_whole_group_of_more_than_min_cell_keeps_its_total():
    # 12 beside x leaves 0 to 2 without: not determined, the total stays shown
    t = pd.DataFrame({"n_persons": [12, 30, 40], "n_events": [12, 12, 25]})
    p = disclosure.suppress(t, count_cols=["n_persons", "n_events"], min_cell=MIN_CELL,
                            relations=[("n_persons", ["n_events"], False)],
                            hide=disclosure.whole_group_hide(t, "n_persons", ["n_events"]),
                            hide_rule="complement", last_resort=["n_persons"], record=False)
    assert p.data.loc[0, "n_persons"] == 12 and pd.isna(p.data.loc[0, "n_events"])


def test_a_curve_step_to_all_of_the_group_is_held():
    """12 school leavers of a cell, nobody censored, all entering in quarter 2: the raw curve
    steps from 0 to 1 on 12 events (a step of ``min_cell`` or more, which ``coarsen_steps``
    keeps), telling that every one of them entered; the published curve holds 0 there."""
    rows = [{"person_id": i, hz.KEY: "maghreb:second", "u": u, "event": int(u == 2)}
            for i in range(12) for u in range(3)]
    km = hz.km_cumulative_incidence(pd.DataFrame(rows))
    assert km["cum_incidence"].max() == 1.0
    assert hz.publishable_km(km, MIN_CELL)["cum_incidence"].max() < 1.0


def _register(cells: dict[tuple[str, str], int], all_leave: tuple[str, str]) -> pd.DataFrame:
    """A persons register: ``cells[(origin, generation)]`` residents, every second one a
    school leaver, every one of the cell ``all_leave``."""
    import numpy as np

    rows = []
    for (o, g), n in cells.items():
        for i in range(n):
            leaver = (o, g) == all_leave or i % 2 == 0
            rows.append({"person_id": len(rows) + 1, "sample": "resident", "origin": o,
                         "generation": g, "sex": "female" if i % 3 else "male",
                         "education": "high" if i % 4 else "low",
                         "dutch_level": "good" if i % 5 else "basic",
                         "school_leaving_quarter": 10 + i % 7 if leaver else np.nan,
                         "birth_year": 1980 + i % 15})
    return pd.DataFrame(rows)


def test_a_cell_of_min_cell_persons_all_school_leavers_is_withheld():
    """10 Turkish second-generation residents, each a school leaver (the share, 100 %, hidden
    as a whole group): published, their 10 bounded the cell's school leavers at 10, and
    chapter 2's risk-set parts marked ``x`` (at least 10) would be all of them. The profile
    withholds the persons too, and chapter 2's audit reads the wider bound."""
    p = _register({("belgian", "native"): 300, ("turkish", "second"): MIN_CELL,
                   ("turkish", "intermediate"): 40, ("maghreb", "second"): 60,
                   ("maghreb", "intermediate"): 45}, ("turkish", "second"))
    shown = describe.sample_profile(p, MIN_CELL).data.set_index(["origin", "generation"])
    assert pd.isna(shown.loc[("turkish", "second"), "persons"])
    assert hz.school_leavers_by_cell(p, MIN_CELL)[CELL] >= 2 * MIN_CELL - 1
