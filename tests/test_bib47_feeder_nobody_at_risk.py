"""A feeder term no newcomer at risk holds prints "–" (not applicable), not 0 persons and 0
first starts (bib47).

``newcomers.feeder_table`` (fingerprinted, unchanged) counts each term's persons and first
starts from ``periods``; a categorical level that the periods' categories list but no row
holds (a hand-built ``periods``; ``newcomers.feeder_periods`` keeps only the levels of the
rows at risk) is a column of zeros the model cannot estimate, and the table printed
"Education: unknown | 0 | 0 | no | no variation (zero in every row)": computed zeros where
nobody is at risk. On chapter 5's path (``feeder_against_profile`` ->
``feeder_zeros_of_small_terms``) such a term's counts are now missing, printed "–", with the
reason ``linked_tables.NOBODY_AT_RISK``; a term with persons at risk and 0 starts keeps its 0
(a count).

Data: the hand-made periods of ``test_dpo36_feeder_zeros`` (no tolerance: counts).
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
import test_dpo36_feeder_zeros as dpo36
from test_dpo36_feeder_zeros import MIN_CELL, _chapter_path, _periods

from mia_helpers import disclosure, labels
from mia_helpers import newcomers as nc
from mia_helpers.linked_tables import NOBODY_AT_RISK


@pytest.fixture(autouse=True)
def _fresh_record():
    disclosure.reset_record()
    yield
    disclosure.reset_record()


def _with_unheld_level() -> pd.DataFrame:
    p = _periods()
    p["education"] = pd.Categorical(p["education"], categories=["mid", "high", "unknown"])
    return p


_DPO36_FIT = dpo36._fit


def _fit(periods: pd.DataFrame) -> SimpleNamespace:
    """dpo36's stand-in model plus the term of the level nobody holds, not identified as
    :func:`mia_helpers.hazard.fit_hazard` reports a column of zeros."""
    base = _DPO36_FIT(periods)
    tidy = base.tidy(0.95)
    extra = tidy.iloc[[0]].assign(term="education[unknown]", exp_estimate=float("nan"),
                                  exp_ci_low=float("nan"), exp_ci_high=float("nan"),
                                  p_value=float("nan"), identified=False)
    tidy = pd.concat([tidy, extra], ignore_index=True)
    return SimpleNamespace(tidy=lambda level: tidy.copy(), levels=base.levels,
                           not_identified={"education[unknown]":
                                           "no variation (zero in every row)"})


@pytest.fixture(autouse=True)
def _chapter_uses_this_fit(monkeypatch):
    monkeypatch.setattr(dpo36, "_fit", _fit)


def test_the_premise_feeder_table_alone_prints_zeros_for_nobody():
    periods = _with_unheld_level()
    d = nc.feeder_table(_fit(periods), periods, min_cell=MIN_CELL, record=False
                        ).data.set_index("term")
    assert d.loc["education[unknown]", "n_persons"] == 0
    assert d.loc["education[unknown]", "n_events"] == 0


def test_chapter_path_prints_not_applicable_for_a_level_nobody_holds():
    periods = _with_unheld_level()
    steps = pd.DataFrame({"residence_ground": ["work", "family", "eu"],
                          "n_persons": [30, 120, 200]})
    out = _chapter_path(periods, steps)
    d = out.data.set_index("term")
    assert pd.isna(d.loc["education[unknown]", "n_persons"])
    assert pd.isna(d.loc["education[unknown]", "n_events"])
    assert d.loc["education[unknown]", "not_identified"] == NOBODY_AT_RISK
    # not hidden (nothing to hide) but not applicable
    why = out.reason.set_index(out.data["term"])
    assert why.loc["education[unknown]", ["n_persons", "n_events"]].tolist() == ["", ""]
    md = labels.table_markdown(out.render(), "Feeder.", "tbl-x").data
    row = next(line for line in md.splitlines() if "unknown" in line.lower())
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert "0" not in cells and cells.count("–") >= 2, row
    # a level held by persons at risk keeps its counts
    assert d.loc["education[high]", "n_persons"] == 120
    assert d.loc["origin[maghreb]", "n_events"] == 60
