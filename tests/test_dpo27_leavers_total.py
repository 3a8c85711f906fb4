"""dpo27: chapter 1's withheld school leavers against chapter 2's total of school leavers.

Seed 5252, 3,000 residents, 1,200 newcomers, ``min_cell`` 11: chapter 1's profile withheld
only the share of the 16 Eastern EU intermediate school leavers (the split rule), while
chapter 2's exclusion table counts all school leavers at risk (1,488, none left out) and its
risk sets publish every other cell's persons at risk, which chapter 1's shares give too (the
Other non-EU intermediate cell's 49.1 % of 57 are 28). The total less the published cells gave
the withheld 16 back, and with it at least 16 - 10 = 6 at risk without a first job beside
``<11`` with one: ``export-check`` refused chapters 2 and 6 (narrowed). The profile now
withholds a further cell until the total narrows none (``describe.withheld_leaver_cells``), and
chapter 2 audits against what is then published. The cells below are that run's five smallest
resident cells of interest with a large native cell, made by hand.
"""

from __future__ import annotations

import pandas as pd
from frames import leaver_persons

from mia_helpers import describe
from mia_helpers import disclosure as dc
from mia_helpers import hazard as hz

MIN_CELL = 11
#: origin x generation: (persons, school leavers), as on seed 5252 (the natives halved)
CELLS = {("belgian", "native"): (836, 418), ("eastern_eu", "intermediate"): (47, 16),
         ("other_non_eu", "intermediate"): (57, 28), ("turkish", "intermediate"): (90, 51),
         ("subsaharan", "intermediate"): (80, 43)}


def _persons() -> pd.DataFrame:
    return leaver_persons(CELLS, 1970, 23)


def _reader_intervals(profile: pd.DataFrame, total: int) -> dict[tuple, tuple[int, int]]:
    """What a reader of the published profile and of the total of school leavers concludes
    about each hidden cell's school leavers (written apart from the package): a published
    share gives its count exactly (one decimal of under 1,000 persons); the hidden cells lie
    in [0, persons] and add up to the total less the published counts."""
    shown = profile["school_leavers_pct"].notna()
    known = (profile.loc[shown, "persons"] * profile.loc[shown, "school_leavers_pct"] / 100)
    rest = total - int(known.round().sum())
    hidden = profile.loc[~shown]
    out = {}
    for key, row in hidden.iterrows():
        others_hi = int(hidden["persons"].drop(key).sum())
        out[key] = (max(0, rest - others_hi), min(int(row["persons"]), rest))
    return out


def test_the_total_of_school_leavers_gives_no_withheld_cell_back():
    persons = _persons()
    dc.reset_record()
    profile = describe.sample_profile(persons, min_cell=MIN_CELL).data.set_index(
        ["origin", "generation"])
    total = sum(leavers for _, leavers in CELLS.values())
    intervals = _reader_intervals(profile, total)
    assert ("eastern_eu", "intermediate") in intervals  # 16: the split rule
    assert len(intervals) >= 2  # before dpo27 the one cell, given back exactly
    for key, (lo, hi) in intervals.items():
        persons_, v = CELLS[key]
        assert lo <= max(0, v - (MIN_CELL - 1)), (key, lo, hi)
        assert hi >= min(persons_, v + MIN_CELL - 1), (key, lo, hi)
    # the smallest cell that protects it: 57 persons (not the natives, who have most slack)
    assert set(intervals) == {("eastern_eu", "intermediate"), ("other_non_eu", "intermediate")}


def test_chapter_2_risk_sets_no_longer_narrowed():
    """Every school leaver at risk (as on seed 5252), 8 of the 16 with a first job: the
    risk-set audit against what chapter 1 publishes lists nothing as narrowed."""
    entered = {"belgian:native": 370, "eastern_eu:intermediate": 8,
               "other_non_eu:intermediate": 20, "turkish:intermediate": 37,
               "subsaharan:intermediate": 25}
    pp = pd.DataFrame([(f"{o}:{g}", f"{o}:{g}{i}", int(i < entered[f"{o}:{g}"]))
                       for (o, g), (_, n) in CELLS.items() for i in range(n)],
                      columns=[hz.KEY, "person_id", "event"])
    persons = _persons()
    known = hz.school_leavers_by_cell(persons, MIN_CELL)
    assert known["eastern_eu:intermediate"] == 47 and known["other_non_eu:intermediate"] == 57
    dc.reset_record()
    hz.risk_set_table({"job": pp}, min_cell=MIN_CELL, leavers=known)
    assert dc.checking_record()["narrowed"].map(len).sum() == 0
    # the cells chapter 2 reads as withheld are those the profile withholds
    dc.reset_record()
    profile = describe.sample_profile(persons, min_cell=MIN_CELL).data
    cell = profile["origin"] + ":" + profile["generation"]
    assert set(cell[profile["school_leavers_pct"].isna()]) == set(
        known.index[known.to_numpy() != hz.school_leavers_by_cell(persons).reindex(
            known.index).to_numpy()])
