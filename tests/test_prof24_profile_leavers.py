"""prof24: chapter 1's share of school leavers against chapter 2's risk sets.

Seed 6161, 2,500 residents, 400 newcomers, ``min_cell`` 11: chapter 1's sample profile gave 52
Other non-EU residents of the intermediate generation with 38.5 % school leavers (20), chapter 2
marked the 14 of them with a first job ``x`` (11 or more), so at most 20 - 11 = 9 of the
persons at risk had none (in fact 6), and ``export-check`` refused the run (narrowed). The
profile now withholds the share where ``11 < 20 < 2 * 11 - 1`` (the split rule) and chapter 2
audits its parts against the 52 persons, the most chapter 1 tells about the cell."""

from __future__ import annotations

import numpy as np
import pandas as pd
from frames import leaver_persons

from mia_helpers import describe
from mia_helpers import disclosure as dc
from mia_helpers import hazard as hz

MIN_CELL = 11
#: origin x generation: (persons, school leavers); 21 = 2 * 11 - 1 leaves an ``x`` part's rest
#: its whole interval [1, 10], so that share stays
CELLS = {("belgian", "native"): (300, 150), ("other_non_eu", "intermediate"): (52, 20),
         ("other_non_eu", "second"): (81, 21)}


def _persons() -> pd.DataFrame:
    return leaver_persons(CELLS, 1980, 17)


def test_profile_withholds_a_share_of_school_leavers_a_split_would_bound():
    dc.reset_record()
    got = describe.sample_profile(_persons(), min_cell=MIN_CELL).data.set_index(
        ["origin", "generation"])
    assert pd.isna(got.loc[("other_non_eu", "intermediate"), "school_leavers_pct"])  # 20
    assert got.loc[("other_non_eu", "intermediate"), "persons"] == 52
    # 21 is not split-withheld (describe.leavers_withheld without persons), but since dpo27
    # the cells' total is known (chapter 2's school leavers), which less 150 and 21 would give
    # the 20 back: the smallest cell that widens it (81 persons, 21 of them) is withheld too
    assert not describe.leavers_withheld(np.array([21]), MIN_CELL)[0]
    assert pd.isna(got.loc[("other_non_eu", "second"), "school_leavers_pct"])
    assert got.loc[("belgian", "native"), "school_leavers_pct"] == 50.0


def test_chapter_2_audits_against_what_chapter_1_publishes():
    persons = _persons()
    known = hz.school_leavers_by_cell(persons, MIN_CELL)
    assert known.to_dict() == {"belgian:native": 150, "other_non_eu:intermediate": 52,
                               "other_non_eu:second": 81}
    # the 20 school leavers all at risk, 14 with a first job: 6 without one
    # beside natives (120 at risk, 70 with a job) and 21 of the second generation (15)
    at_risk = {"belgian:native": (120, 70), "other_non_eu:intermediate": (20, 14),
               "other_non_eu:second": (21, 15)}
    pp = pd.DataFrame([(cell, f"{cell}{i}", int(i < entered))
                       for cell, (n, entered) in at_risk.items() for i in range(n)],
                      columns=[hz.KEY, "person_id", "event"])
    dc.reset_record()
    hz.risk_set_table({"job": pp}, min_cell=MIN_CELL, leavers=known)
    assert dc.checking_record()["narrowed"].map(len).sum() == 0
    dc.reset_record()  # against the 20 school leavers the 6 were bounded by 9 (the old audit)
    hz.risk_set_table({"job": pp}, min_cell=MIN_CELL, leavers=hz.school_leavers_by_cell(persons))
    assert dc.checking_record()["narrowed"].map(len).sum() > 0
