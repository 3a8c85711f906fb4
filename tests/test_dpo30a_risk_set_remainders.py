"""Chapters 2 and 6's risk-set table against chapter 1's persons per cell (dpo30a).

Seed 4242, 1,500 residents, 500 newcomers, ``min_cell`` 20 (seed 77 alike: Other non-EU
second generation, 37 persons, 21 at risk): chapter 1 published 38 Turkish intermediate
residents and withheld their share of school leavers (22, split rule); chapter 2 hides the
22 at risk of a first job (and of a first stable job) as ``x``, at least 20. The persons of
the cell outside the risk set (16, who never left school) were then at most 38 - 20 = 18,
one below the marker's ``min_cell - 1``: the record listed the remainder as narrowed and
export-check refused chapters 2 and 6. The record was right (the split rule of
:mod:`mia_helpers.disclosure` on chapter 1's count, ``min_cell < 38 < 2 min_cell - 1``,
beside an ``x`` part), and no cell of the risk-set table can widen it. The mend is chapter
1's: the profile withholds such a cell's persons (and others of its origin) until the
reader's upper bound is at least ``2 min_cell - 1``, and chapter 2 audits against that bound
(:func:`mia_helpers.describe.profile_person_bounds`). The first test fails before it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from export_files import scan_files

from mia_helpers import describe, disclosure
from mia_helpers import hazard as hz

MIN_CELL = 20
SMALL = {"seed": 4242, "residents": 1500, "newcomers": 500}


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    from mia_helpers.panel import build_panel
    from mia_helpers.synthetic import generate

    out = tmp_path_factory.mktemp("dpo30a") / "data"
    generate(out, **SMALL)
    build_panel(out)
    return out


def _risk(data: Path, leavers: pd.Series | None = None):
    disclosure.reset_record()
    periods = {ev: hz.school_leaver_periods(data, ev, stable_quarters=4)
               for ev in ("job", "stable")}
    persons = pd.read_parquet(data / "persons.parquet")
    if leavers is None:
        leavers = hz.school_leavers_by_cell(persons, MIN_CELL)
    return hz.risk_set_table(periods, min_cell=MIN_CELL, leavers=leavers)


def test_risk_sets_list_no_narrowed_remainder_and_export_check_passes(data, tmp_path):
    risk = _risk(data)
    assert risk.reason.loc["turkish:intermediate", "n_persons_job"] != ""  # an 'x'
    disclosure.write_record(tmp_path / "rec.json")
    record = json.loads((tmp_path / "rec.json").read_text())
    (entry,) = record["results"].values()
    assert entry["narrowed"] == [] and entry["unresolved"] == []
    res = scan_files(tmp_path, {"disclosure_record.json": record,
                                "risk.csv": risk.render().to_csv()}, MIN_CELL)
    assert res.findings == [], [str(f) for f in res.findings]


def test_against_the_published_38_the_audit_lists_the_remainder(data):
    """The audit's reading was right: with chapter 1's 38 as the reader's bound the
    Turkish intermediate remainder (16) is narrowed to at most 18."""
    persons = pd.read_parquet(data / "persons.parquet")
    leavers = hz.school_leavers_by_cell(persons, MIN_CELL)
    key = persons["origin"].astype(str) + ":" + persons["generation"].astype(str)
    published = leavers.copy()
    for cell in describe.profile_person_bounds(persons, MIN_CELL).index:
        published[cell] = int((key == cell).sum())
    assert published["turkish:intermediate"] == 38
    _risk(data, published)
    rec = disclosure.checking_record().iloc[-1]
    assert "remainder of _leavers (row 8)" in rec["narrowed"]


def test_profile_withholds_the_split_persons_with_a_wide_bound(data):
    persons = pd.read_parquet(data / "persons.parquet")
    disclosure.reset_record()
    prof = describe.sample_profile(persons, min_cell=MIN_CELL)
    d = prof.data.assign(cell=prof.data["origin"] + ":" + prof.data["generation"])
    hidden = set(d.loc[prof.reason["persons"] != "", "cell"])
    assert {"turkish:intermediate", "subsaharan:intermediate"} <= hidden
    bounds = describe.profile_person_bounds(persons, MIN_CELL)
    assert (bounds >= 2 * MIN_CELL - 1).all() and len(bounds) == 2
    # by hand: the Turkish origin's total less its published second generation (75) and its
    # newcomers withheld with them ('x', at least 20): 38 + 53 - 20
    assert bounds["turkish:intermediate"] == 38 + 53 - MIN_CELL
    rec = disclosure.checking_record()
    assert rec["narrowed"].map(len).sum() == 0
    assert not np.isnan(bounds).any()
