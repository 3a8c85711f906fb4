"""Chapter 5's feeder table writes its counts into the run's ledger under the linked tables'
keys, and is recorded as published only after the linked tables have hidden what they hide
(fpx28): computed with ``record=False``, recorded by ``disclosure.record_published``."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
from test_x13 import _trial

from mia_helpers import disclosure
from mia_helpers import newcomers as nc
from mia_helpers.disclosure import checking_record, record_published, suppress
from mia_helpers.linked_tables import FEEDER_LEDGER, feeder_against_steps, feeder_ledger_as

STEPS = pd.DataFrame({"origin": ["turkish", "maghreb", "eastern_eu"],
                      "n_persons": [137, 120, 201]})  # turkish: 137 against the feeder's 131


def _key(term: str, col: str = "n_persons") -> tuple:
    """The ledger key of a feeder count (as the linked tables write it)."""
    return (frozenset({("model", FEEDER_LEDGER), ("term", term), ("min_cell", "10")}),
            f"feeder {col}")


def _fit_and_rows(periods: pd.DataFrame) -> tuple[SimpleNamespace, pd.DataFrame]:
    """A stand-in for a fitted feeder model: one term per non-reference origin."""
    terms = [f"origin[{lv}]" for lv in sorted(set(periods["origin"]) - {"eastern_eu"})]
    tidy = pd.DataFrame({"term": terms, "exp_estimate": 1.1, "exp_ci_low": 0.8,
                         "exp_ci_high": 1.5, "p_value": 0.4, "identified": True,
                         "df_resid": 500})
    return SimpleNamespace(tidy=lambda level: tidy.copy(), not_identified={},
                           levels={"origin": ["eastern_eu"]}), tidy


def _feeder(periods: pd.DataFrame, record: bool) -> disclosure.Protected:
    fit, _ = _fit_and_rows(periods)
    return nc.feeder_table(fit, periods, min_cell=10, record=record)


def test_feeder_table_is_keyed_as_the_linked_tables():
    disclosure.reset_record()
    periods, _ = _trial()
    feeder = _feeder(periods, record=True)
    assert feeder.data.set_index("term").loc["origin[turkish]", "n_persons"] == 131
    assert "feeder model" in set(checking_record()["output"])
    # shown at once (record=True): its counts are published under the linked tables' key
    assert _key("origin[turkish]") in disclosure._SHOWN
    assert feeder_ledger_as(FEEDER_LEDGER)["n_persons"] == (
        "feeder n_persons", {"model": FEEDER_LEDGER})


def test_not_shown_before_the_linked_tables_and_recorded_after():
    disclosure.reset_record()
    periods, _ = _trial()
    feeder = _feeder(periods, record=False)
    assert "feeder model" not in set(checking_record()["output"])
    assert _key("origin[turkish]") not in disclosure._SHOWN
    out = feeder_against_steps(feeder, periods, STEPS, min_cell=10, variable="origin")
    d = out.data.set_index("term")
    assert pd.isna(d.loc["origin[turkish]", "n_persons"])  # 137 - 131 = 6
    assert "feeder model" not in set(checking_record()["output"])
    published = record_published(out)
    rec = checking_record().set_index("output").loc["feeder model"]
    assert rec["complement"] >= 1  # the cell the linked table hid is in the feeder's entry
    assert _key("origin[turkish]") not in disclosure._SHOWN  # hidden: never marked shown
    assert _key("origin[maghreb]") in disclosure._SHOWN  # shown in the published table
    with pytest.raises(ValueError, match="nothing to record"):
        record_published(published)
    with pytest.raises(ValueError, match="already in the checking record"):
        record_published(out)  # the same table a second time


def test_record_published_refuses_a_recorded_table():
    disclosure.reset_record()
    t = suppress(pd.DataFrame({"n": [50, 60]}), count_cols=["n"], min_cell=10, name="t")
    with pytest.raises(ValueError, match="record=True"):
        record_published(t)


def test_a_pending_table_pickles_without_its_record_step():
    import pickle

    disclosure.reset_record()
    t = suppress(pd.DataFrame({"n": [50, 60]}), count_cols=["n"], min_cell=10, name="t",
                 record=False)
    assert t.pending is not None
    back = pickle.loads(pickle.dumps(t))  # a joblib worker's result
    assert back.pending is None and back.data.equals(t.data)
