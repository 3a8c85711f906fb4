"""The starters published in chapters 4 and 5's summary and common-support tables count *starts*
(a person's first start of a measure in each registration spell; treated24): a count of at
least ``min_cell`` starts made by fewer than ``min_cell`` persons is hidden, with what derives
from it, and recorded in the checking record (nvn24)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from mia_helpers import disclosure
from mia_helpers.effect_tables import (
    starts_by_few_persons,
    summary_table,
    support_persons,
    support_published,
)

MIN_CELL = 10
IBO, BASIC = "workplace_learning_ibo", "training_basic"
NEVER = "now_vs_never"


def _tidy() -> pd.DataFrame:
    """IBO: 50, 35 and 20 matched starts at quarters 4, 5 and 8 by 9, 8 and 6 persons (some
    started in several spells); basic training 150, 130, 100 starts by 145, 125, 95 persons."""
    counts = {IBO: ((50, 9), (35, 8), (20, 6)), BASIC: ((150, 145), (130, 125), (100, 95))}
    rows = []
    for m, by_q in counts.items():
        for q, (n, persons) in zip((4, 5, 8), by_q, strict=True):
            for est in ("matched", "naive"):
                rows.append({"measure": m, "estimand": NEVER, "estimator": est,
                             "quarter_since_start": q, "att_pp": 5.0, "att_rel": 0.1,
                             "ci_low": 1.0, "ci_high": 9.0, "true_att_pp": 4.0,
                             "n_treated": n if est == "matched" else 4 * n,
                             "treated_outcome": 0.5, "control_outcome": 0.45,
                             "treated_persons": persons if est == "matched" else 4 * persons})
    return pd.DataFrame(rows)


def _summary_result() -> SimpleNamespace:
    support = pd.DataFrame({"measure": [IBO, BASIC], "n_matched": [80, 200]})
    return SimpleNamespace(support=lambda: support)


def test_summary_hides_starts_by_few_persons():
    disclosure.reset_record()
    t = _tidy()
    table = summary_table(t, _summary_result(), (4, 5, 8), min_cell=MIN_CELL)
    d = table.data.set_index("measure")
    # old code: IBO's 50, 35 and 20 starts were published beside its estimates
    assert d.loc[IBO, "n_treated"].isna().all(), d
    for c in ("matched_pp", "ci_low", "ci_high", "matched_rel_pct", "naive_pp", "true_pp"):
        assert d.loc[IBO, c].isna().all(), (c, d)
    assert (table.reason.loc[table.data["measure"] == IBO, "n_treated"] == "derived").all()
    assert d.loc[BASIC, "n_treated"].tolist() == [150, 130, 100]
    assert d.loc[BASIC, "matched_pp"].notna().all()
    rec = disclosure.checking_record()
    assert "effects summary: starts by fewer persons than min_cell" in set(
        rec.iloc[:, 0].astype(str)), rec
    # without persons the rule reads starts only (the table as before)
    plain = summary_table(t.drop(columns="treated_persons"), _summary_result(), (4, 5, 8),
                          min_cell=MIN_CELL).data.set_index("measure")
    assert plain.loc[IBO, "n_treated"].tolist() == [50, 35, 20]


def test_starts_by_few_persons_needs_enough_starts_and_few_persons():
    rows = pd.DataFrame({"measure": [IBO, IBO, BASIC], "estimand": NEVER,
                         "quarter_since_start": [4, 8, 4], "n_treated": [50, 5, 150]})
    tidy = _tidy()
    tidy.loc[tidy["quarter_since_start"] == 8, "n_treated"] = 5  # a small count: primary
    assert starts_by_few_persons(tidy, rows, MIN_CELL).tolist() == [True, False, False]
    assert not starts_by_few_persons(tidy, rows, 0).any()


class _Match:
    """A match's rows (person_id, treated) and pairs (matched starters' row positions)."""

    def __init__(self, person, treated, matched_pos, risk_set):
        self.rows = pd.DataFrame({"person_id": person, "treated": treated,
                                  "risk_set": risk_set})
        self.pairs = pd.DataFrame({"treated": np.repeat(matched_pos, 2),
                                   "control": np.repeat(matched_pos, 2)})  # unused here
        t = np.asarray(treated, bool)
        m = np.zeros(len(person), bool)
        m[matched_pos] = True
        self.support = pd.DataFrame({"risk_set": [0], "n_treated": [int(t.sum())],
                                     "n_pool": [int((~t).sum())],
                                     "n_matched": [int((t & m).sum())],
                                     "n_dropped": [int((t & ~m).sum())]})


def _support_result() -> SimpleNamespace:
    """IBO: 40 starts by 34 persons, 28 matched (by 28 persons), 12 dropped starts made by 6
    persons who each started twice (two spells); 200 pool rows by 100 persons. Basic training:
    40 distinct starters, 28 matched, 12 dropped by 12 persons."""
    def match(dropped_person):
        starters = np.r_[np.arange(28), dropped_person]
        person = np.r_[starters, 1000 + np.repeat(np.arange(100), 2)]
        treated = np.r_[np.ones(40, bool), np.zeros(200, bool)]
        return _Match(person, treated, np.arange(28), np.zeros(240, int))
    matches = {IBO: match(100 + np.repeat(np.arange(6), 2)), BASIC: match(100 + np.arange(12))}
    return SimpleNamespace(matches=matches, support=lambda: pd.concat(
        [m.support.assign(measure=k) for k, m in matches.items()], ignore_index=True))


def test_support_persons_counts_distinct_persons():
    r = _support_result()
    p = support_persons(r).set_index("measure")
    assert p.loc[IBO].tolist() == [34, 100, 28, 6]
    assert p.loc[BASIC].tolist() == [40, 100, 28, 12]


def test_support_table_hides_dropped_starts_by_few_persons_and_a_complement():
    disclosure.reset_record()
    r = _support_result()
    table = support_published(r, MIN_CELL)
    d = table.data.set_index("measure")
    # old code (effects.support_table): IBO's 12 dropped starts, by 6 persons, published
    assert pd.isna(d.loc[IBO, "n_dropped"]) and pd.isna(d.loc[IBO, "dropped_pct"]), d
    # ... and not recoverable as starters minus matched
    assert pd.isna(d.loc[IBO, "n_matched"]), d
    assert d.loc[IBO, "n_treated"] == 40 and d.loc[IBO, "n_pool"] == 200
    reasons = table.reason.set_index(table.data["measure"].astype(str))
    assert reasons.loc[IBO, "n_dropped"] == "derived"
    assert reasons.loc[IBO, "n_matched"] == "complement"
    assert d.loc[BASIC, ["n_treated", "n_matched", "n_dropped"]].tolist() == [40, 28, 12]
    assert d.loc[BASIC, "dropped_pct"] == 30.0
    names = set(disclosure.checking_record().iloc[:, 0].astype(str))
    assert {"common support: starts by fewer persons than min_cell",
            "common support: complements of starts by few persons"} <= names, names
