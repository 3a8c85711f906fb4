"""Chapter 4's caliper exercise compares its counts across calipers in persons as well as in
starts (old27; close22-26: "the caliper rule across calipers compares starts"): two counts of
starts differing by min_cell or more may differ by fewer persons."""

from types import SimpleNamespace

import numpy as np
import pandas as pd

from mia_helpers import disclosure, effect_tables
from mia_helpers.disclosure import suppress

MIN_CELL = 10
IBO = "workplace_learning_ibo"


def _support(dropped: int = 50) -> object:
    return suppress(pd.DataFrame({"measure": [IBO], "n_treated": [100], "n_dropped": [dropped]}),
                    count_cols=["n_treated", "n_dropped"], min_cell=MIN_CELL,
                    name="support (test)")


def test_two_calipers_differing_by_many_starts_of_few_persons():
    """Narrow caliper: 40 dropped starts by 30 persons; wider: 28 starts by 25 persons. The 12
    starts that find a twin only within the wider caliper are by at least 5 persons, maybe no
    more: the second count is hidden (the old rule compared 40 with 28 and showed both)."""
    disclosure.reset_record()
    rows = pd.DataFrame({"caliper": [0.01, 0.05], "n_dropped": [40, 28],
                         "n_treated_q5": [40, 52], "dropped_persons": [30, 25],
                         "treated_persons_q5": [40, 52]})
    t = effect_tables.caliper_table(rows, _support(), IBO, None, quarter=5, min_cell=MIN_CELL)
    assert t.data["n_dropped"].iat[0] == 40
    assert pd.isna(t.data["n_dropped"].iat[1]), t.data
    assert t.data["n_treated_q5"].tolist() == [40, 52]  # 12 starts by 12 persons: shown


def test_equal_starts_or_enough_persons_stay():
    rows = pd.DataFrame({"caliper": [0.01, 0.05], "n_dropped": [40, 40],
                         "n_treated_q5": [40, 40], "dropped_persons": [30, 30]})
    t = effect_tables.caliper_table(rows, _support(), IBO, None, quarter=5, min_cell=MIN_CELL)
    assert t.data["n_dropped"].tolist() == [40, 40]
    rows["n_dropped"], rows["dropped_persons"] = [40, 20], [30, 18]
    t = effect_tables.caliper_table(rows, _support(), IBO, None, quarter=5, min_cell=MIN_CELL)
    assert t.data["n_dropped"].tolist() == [40, 20]  # persons differ by 12


class _Match:
    """The chapter's IBO match: 100 starts, 50 dropped, made by 45 persons."""

    def __init__(self):
        starters = np.r_[np.arange(50), 500 + np.arange(50) % 45]
        self.rows = pd.DataFrame({"person_id": np.r_[starters, 1000 + np.arange(100)],
                                  "treated": np.r_[np.ones(100, bool), np.zeros(100, bool)]})
        self.pairs = pd.DataFrame({"treated": np.arange(50), "control": 100 + np.arange(50)})


def test_the_chapters_count_is_compared_in_persons_through_result():
    """The chapter drops 50 starts by 45 persons; the wide caliper 38 by 38: 12 starts apart,
    at least 7 persons: hidden once the chapter's persons are known (``result``)."""
    run = SimpleNamespace(matches={IBO: _Match()},
                          tidy=pd.DataFrame(columns=["measure", "estimator", "estimand",
                                                     "quarter_since_start", "treated_persons"]))
    rows = pd.DataFrame({"caliper": [2.0], "n_dropped": [38], "n_treated_q5": [60],
                         "dropped_persons": [38]})
    kw = dict(quarter=5, min_cell=MIN_CELL)
    assert effect_tables.caliper_table(rows, _support(), IBO, None, **kw).data[
        "n_dropped"].iat[0] == 38  # without the chapter's persons: starts only
    t = effect_tables.caliper_table(rows, _support(), IBO, None, result=run, **kw)
    assert pd.isna(t.data["n_dropped"].iat[0]), t.data
