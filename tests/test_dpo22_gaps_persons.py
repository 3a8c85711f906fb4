"""dpo22: chapter 3's jobseekers per origin x generation against chapter 1's persons.

Seed 7171, 2,500 residents, 400 newcomers, ``min_cell`` 11: chapter 1's sample profile showed
53 Other non-EU residents of the intermediate generation and chapter 3's gap table 52
jobseekers of that cell, so one of them was never registered at VDAB in the window (14 of
the 17 foreign cells differed by 1 to 10)."""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers.competing import KEY, gaps_against_persons
from mia_helpers.disclosure import suppress

MIN_CELL = 11


def _gaps() -> pd.DataFrame:
    cells = ["other_non_eu:intermediate", "maghreb:first", "turkish:second"]
    rows = [dict(**{KEY: c}, outcome=o, n_persons=n, n_inflow_persons=20, cum_incidence=0.1)
            for c, n in zip(cells, [52, 77, 89], strict=True)
            for o in ("training_basic", "workplace_learning_ibo")]
    return suppress(pd.DataFrame(rows), count_cols=["n_persons", "n_inflow_persons"],
                    value_cols=["cum_incidence"], min_cell=MIN_CELL, name="gaps")


def _persons() -> pd.DataFrame:
    counts = {("other_non_eu", "intermediate"): 53, ("maghreb", "first"): 92,
              ("turkish", "second"): 89, ("belgian", "native"): 500}
    return pd.DataFrame([(o, g) for (o, g), n in counts.items() for _ in range(n)],
                        columns=["origin", "generation"])


def test_jobseekers_hidden_where_few_persons_of_the_cell_never_registered():
    got = gaps_against_persons(_gaps(), _persons(), MIN_CELL)
    persons = got.data.groupby(KEY)["n_persons"].first()
    assert pd.isna(persons["other_non_eu:intermediate"])  # 53 - 52 = 1
    assert persons["maghreb:first"] == 77  # 92 - 77 = 15: published
    assert persons["turkish:second"] == 89  # all registered: a zero remainder
    assert (got.reason.loc[got.data[KEY] == "other_non_eu:intermediate", "n_persons"]
            == "complement").all()
    assert got.data["cum_incidence"].notna().all()


def test_persons_of_other_data_are_refused():
    with pytest.raises(ValueError, match="more jobseekers than persons"):
        gaps_against_persons(_gaps(), _persons().iloc[:40], MIN_CELL)
