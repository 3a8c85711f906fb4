"""Appendix A's words on the targeted study (``claims.targeted_claims``): each reading in its
own words, the counts computed from the rows, the summary's verdict, and runs that are not the
project's read. The targeted rows here are stand-ins (the replication study's rows with the
quarter-6 part filled by hand), never the targeted study's: these tests fix the words, not the
result.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims
from mia_helpers import montecarlo_confirmation as mc
from mia_helpers import montecarlo_replication as mr
from mia_helpers import montecarlo_targeted as mt


def _stand_in(rows: pd.DataFrame) -> pd.DataFrame:
    """The replication rows with every quarter-6 "now versus never" estimate made a point."""
    out = rows.copy()
    m = (out["estimand"] == "now_vs_never") & (out["quarter_since_start"] == 6)
    out.loc[m, "point_identified"] = True
    out.loc[m, "effective_controls"] = out.loc[m, "effective_controls"].fillna(25.0)
    return out


def test_counts_are_computed_from_the_rows(shipped, monkeypatch):
    verdicts, studies = shipped
    monkeypatch.setitem(mt.TARGETED_STUDY, "base_seed", mr.REPLICATION_STUDY["base_seed"])
    stand = _stand_in(studies["replication"])
    text = claims.targeted_claims(verdicts, studies, stand, True)["a_tgt_sentence"]
    n = stand["replication"].nunique()
    book = sum(int(((s["estimand"] == "now_vs_never") & (s["estimator"] == "matched")
                    & (s["quarter_since_start"] == 6) & s["point_identified"]).sum())
               for s in studies.values())
    total = sum(s["replication"].nunique() for s in studies.values())
    assert f"in {n:,} of its {n:,} data sets, against {book:,} of the {total:,} data sets" in text
    assert "reported, not read" in text
    assert "Its other checks" in text


def _row(criterion: str, reading: str, size: float, value: float, low: float,
         high: float) -> SimpleNamespace:
    return SimpleNamespace(estimand="now_vs_never", criterion=criterion, quarter_since_start=6,
                           reading=reading, targeted_data_sets=size, targeted_value=value,
                           targeted_low=low, targeted_high=high)


@pytest.mark.parametrize("row, words", [
    (_row("coverage", "not_replicated", 150, 0.95, 0.9, 0.9856), "did not replicate"),
    (_row("coverage", "defect", 150, 0.85, 0.9, 0.9856), "a defect"),
    (_row("coverage", "undecided", 150, 0.99, 0.9, 0.9856), "other direction"),
    (_row("coverage", "undecided", 99, 0.95, 0.9, 0.99), "fewer than the 100"),
    (_row("coverage", "undecided", np.nan, np.nan, np.nan, np.nan), "rests on 0 point"),
    (_row("bias", "holds", 150, 0.1, -0.5, 0.5), "holds there too"),
    (_row("bias", "undecided", 150, 2.0, -0.5, 0.5), "its first failure"),
])
def test_each_reading_in_its_words(row, words):
    text = claims._targeted_check_sentence(row, 200, mt.MIN_POINT_ESTIMATES)
    assert words in text
    assert "nan" not in text


def test_the_summary_says_met_for_the_filled_part_only(shipped, monkeypatch):
    verdicts, studies = shipped
    monkeypatch.setitem(mt.TARGETED_STUDY, "base_seed", mr.REPLICATION_STUDY["base_seed"])
    met = verdicts.assign(reading="holds", targeted_read=False, targeted_data_sets=np.nan,
                          targeted_value=np.nan, targeted_low=np.nan, targeted_high=np.nan)
    monkeypatch.setattr(mt, "targeted_verdicts", lambda v, t, base_seed=None: met)
    out = claims.targeted_claims(verdicts, studies, _stand_in(studies["replication"]), True)
    assert out["a_tgt_summary"].startswith("by that reading, completed by the targeted study")
    assert "it meets issue 14's criteria" in out["a_tgt_summary"]
    assert mt.MET_FOR_FILLED_PART in out["a_tgt_summary"]
    # the stand-in's checks, none read here (targeted_read False): said where some fail
    crit = mc.issue14_criteria(_stand_in(studies["replication"]))
    unread = crit[crit["judged"]]
    assert ("checks the reading does not read fail" in out["a_tgt_summary"]) == bool(
        (~unread["holds"]).any())


def test_not_met_names_the_check(shipped, monkeypatch):
    verdicts, studies = shipped
    monkeypatch.setitem(mt.TARGETED_STUDY, "base_seed", mr.REPLICATION_STUDY["base_seed"])
    out = claims.targeted_claims(verdicts, studies, _stand_in(studies["replication"]), True)
    v = mt.targeted_verdicts(verdicts, _stand_in(studies["replication"]),
                             base_seed=mr.REPLICATION_STUDY["base_seed"])
    assert ("it meets" in out["a_tgt_summary"]) == mr.issue14_met(v)
    if not mr.issue14_met(v):  # rec55: before the record clause, under another code
        record = claims.kept_record_clause(*studies.values())
        assert out["a_tgt_summary"].removesuffix(record).endswith("so issue 14 stays open")


def test_a_missing_file_keeps_the_replication_verdict(shipped, monkeypatch):
    """Before the targeted study's first read (``TARGETED_READ`` None); after it, a missing
    file gives the recorded read (tests/test_user53_targeted_words.py)."""
    verdicts, studies = shipped
    monkeypatch.setattr(mt, "TARGETED_READ", None)
    out = claims.targeted_claims(verdicts, studies, None, True)
    assert "until then the replication reading's verdict stands" in out["a_tgt_sentence"]
    assert out["a_tgt_summary"] == claims.replication_summary(verdicts, True)


@pytest.mark.parametrize("read", [None, {"verdict": "meets"},
                                  {"verdict": "meets", "unread_failing": 3}])
def test_another_run_is_not_read(shipped, monkeypatch, read):
    verdicts, studies = shipped
    monkeypatch.setattr(mt, "TARGETED_READ", read)
    out = claims.targeted_claims(verdicts, studies, None, False)
    assert "reads nothing of this run's" in out["a_tgt_sentence"]
    assert ("has not been read" in out["a_tgt_sentence"]) == (read is None)
    assert out["a_tgt_summary"].startswith("on this run's own")
    if read:
        assert "it meets issue 14's criteria, for the filled part only" in out["a_tgt_sentence"]
        assert ("3 of the checks it does not read fail" in out["a_tgt_sentence"]) == (
            "unread_failing" in read)


def test_project_read_follows_the_replication_rule():
    seeds = (mc.CONFIRMED_STUDY["base_seed"], mc.CONFIRMATION_STUDY["base_seed"],
             mr.REPLICATION_STUDY["base_seed"])
    n = mr.REPLICATION_STUDY["replications"]
    design = dict(newcomers=mr.REPLICATION_STUDY["newcomers"])
    assert claims.replication_is_project_read(seeds, n, design)
    assert not claims.replication_is_project_read(seeds, n - 1, design)
    assert not claims.replication_is_project_read((4200, *seeds[1:]), n, design)
    assert not claims.replication_is_project_read(seeds, n, None)


@pytest.mark.parametrize("p, text", [(0.0115, "0.0115"), (0.00004, "below 0.0001"),
                                     (0.0, "below 0.0001")])
def test_small_probabilities(p, text):
    assert claims._probability(p) == text


def _crit(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame([dict(estimand=e, criterion=c, quarter_since_start=q, value=v,
                              mc_se=se, low=lo, high=hi, judged=True, holds=lo <= v <= hi)
                         for e, c, q, v, se, lo, hi in rows])


def test_unread_failures_are_said_as_findings():
    """The targeted study's unread failing checks: one side of zero, the quarters and range;
    over-coverage called conservative; nothing when all hold."""
    other = _crit([("now_vs_later", "bias", 4, 0.05, 0.02, -0.04, 0.04),
                   ("now_vs_later", "bias", 5, 0.08, 0.02, -0.04, 0.04),
                   ("now_vs_later", "bias", 6, 0.01, 0.02, -0.04, 0.04),
                   ("now_vs_never", "coverage", 4, 1.0, 0.0, 0.9, 0.98)])
    text = claims._unread_failures(other, None)
    assert "lies above zero beyond 2 Monte Carlo SE at quarters 4 and 5 (+0.05 to +0.08 pp)" \
        in text
    assert "cover more than the band at quarter 4 (100.0 per cent; conservative)" in text
    assert "not read by the reading fixed in advance" in text
    assert claims._unread_failures(other[other["holds"]], None) == ""
    mixed = _crit([("now_vs_later", "bias", 4, 0.05, 0.02, -0.04, 0.04),
                   ("now_vs_later", "bias", 5, -0.08, 0.02, -0.04, 0.04)])
    assert "on both sides of zero" in claims._unread_failures(mixed, None)
