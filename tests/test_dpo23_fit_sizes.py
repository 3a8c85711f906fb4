"""dpo23: chapter 3's table of the inflow models' sizes (quarters, spells, persons) was built
in the notebook without disclosure control; :func:`mia_helpers.competing.fit_sizes` applies
the rules of the inflow counts (small counts, and persons where the repeated spells are
few). Built from stand-ins of :class:`~mia_helpers.competing.InflowFit` (only the attributes
the table reads)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from mia_helpers import competing

MIN_CELL = 11


def _fit(rows: int, spells: int, persons: int, terms: int = 27) -> SimpleNamespace:
    return SimpleNamespace(columns=list(range(terms)), n_rows=rows, n_spells=spells,
                           n_persons=persons, converged=True)


def test_persons_hidden_where_spells_less_persons_are_few():
    # 7 repeated spells: one to seven persons registered twice or more
    t = competing.fit_sizes({"M0": _fit(900, 507, 500), "M1": _fit(900, 507, 500, 34)},
                            min_cell=MIN_CELL)
    assert t.data["persons"].isna().all()
    assert (t.data["spells"] == 507).all() and (t.data["quarters"] == 900).all()
    assert t.data["terms per outcome"].tolist() == [27, 34]
    assert t.data["converged"].tolist() == ["True", "True"]


def test_small_counts_hidden_and_large_shown():
    small = competing.fit_sizes({"M0": _fit(40, 9, 8)}, min_cell=MIN_CELL)
    assert small.data[["spells", "persons"]].isna().all(axis=None)
    big = competing.fit_sizes({"M0": _fit(17944, 6209, 2670)}, min_cell=MIN_CELL)
    assert big.data.loc[0, ["quarters", "spells", "persons"]].tolist() == [17944, 6209, 2670]
    assert not big.mask.to_numpy().any()


def test_quarters_less_spells_few_hide_the_quarters_or_spells():
    t = competing.fit_sizes({"M0": _fit(505, 500, 300)}, min_cell=MIN_CELL)
    shown = t.data.loc[0, ["quarters", "spells"]].to_numpy(dtype=float, na_value=np.nan)
    assert np.isnan(shown).any()  # 5 spells with a second quarter: not both shown


def test_caption_phrase_follows_the_same_rules():
    import pandas as pd

    # 12 spells of 10 persons (2 repeated), 30 quarters: the persons are hidden
    data = pd.DataFrame({"person_id": np.r_[np.arange(10), 0, 1].repeat(2).tolist() + [0] * 6,
                         "spell": np.r_[np.zeros(10, int), 1, 1].repeat(2).tolist() + [2] * 6})
    phrase = competing.at_risk_phrase(data, MIN_CELL)
    assert phrase.startswith("30 jobseeker quarters at risk of ")
    assert not phrase.endswith(" 10 persons")
    big = pd.DataFrame({"person_id": np.arange(2000).repeat(9), "spell": 0})
    assert competing.at_risk_phrase(big, MIN_CELL) == (
        "18,000 jobseeker quarters at risk of 2,000 persons")
