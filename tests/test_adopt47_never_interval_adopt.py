"""``benchmarks/never_interval_adopt.py`` (forty-fourth session, issue 14): its protocol
constants are the committed ones, and its adoption rule adopts the one candidate, I4, only
when I4 meets conditions (a)-(c) of ``never_interval.reading`` at quarters 4 and 5 with at
least 50 point estimates each; another interval meeting them is reported, never adopted.
Hand-made summary frames; no generator run."""

from __future__ import annotations

import pandas as pd
from benchmark_module import load_benchmark
from test_ivl46_never_interval import _summary  # one builder of summary frames (rev47)

adopt = load_benchmark("never_interval_adopt")
nint = load_benchmark("never_interval")


GOOD = {4: (500, 0.96, 10, 8, 9.0), 5: (350, 0.96, 7, 6, 15.0)}
I0 = {4: (500, 0.97, 15, 0, 9.5), 5: (350, 0.97, 10, 0, 17.0)}


def test_protocol_constants():
    assert adopt.BASE_SEED == 2020 and adopt.N_DATA_SETS == 600
    assert adopt.STOP_AT_UTC == "14:05" and adopt.CANDIDATE == "I4"
    assert adopt.BASE_SEED != nint.BASE_SEED


def test_adopts_i4_when_it_meets_the_three_conditions():
    spec = {"I0": I0, "I1": I0, "I2": I0, "I3": I0, "I4": GOOD}
    assert adopt.adopt(nint.reading(_summary(spec)))


def test_does_not_adopt_when_one_condition_fails_at_one_quarter():
    over = {4: GOOD[4], 5: (350, 0.99, 3, 0, 15.0)}  # above 0.98 at quarter 5
    one_sided = {4: (500, 0.95, 21, 4, 9.0), 5: GOOD[5]}  # 21 > 4 % of 500 below
    wider = {4: GOOD[4], 5: (350, 0.96, 7, 6, 17.5)}  # wider than I0 at quarter 5
    for i4 in (over, one_sided, wider):
        spec = {"I0": I0, "I1": I0, "I2": I0, "I3": I0, "I4": i4}
        assert not adopt.adopt(nint.reading(_summary(spec)))


def test_needs_50_point_estimates_at_each_judged_quarter():
    few = {k: (49, *v[1:]) for k, v in GOOD.items()}
    spec = {"I0": {k: (49, *v[1:]) for k, v in I0.items()}, "I1": few, "I2": few, "I3": few,
            "I4": few}
    assert not adopt.adopt(nint.reading(_summary(spec)))


def test_another_interval_meeting_the_rule_is_not_adopted(capsys, monkeypatch):
    """I1 narrower than I4 and meeting (a)-(c): the decision still reads I4 alone, and the
    report names I1 as not adoptable by this study."""
    narrower = {k: (*v[:4], v[4] - 1.0) for k, v in GOOD.items()}
    spec = {"I0": I0, "I1": narrower, "I2": I0, "I3": I0, "I4": GOOD}
    summ = _summary(spec)
    monkeypatch.setattr(adopt.ni, "report", lambda rows, base: None)
    monkeypatch.setattr(adopt.ni, "summary", lambda rows: summ)
    rows = pd.DataFrame(dict(seed=[1], quarter_since_start=[4]))
    assert adopt.report(rows)
    out = capsys.readouterr().out
    assert "ADOPT" in out and "not adoptable by this study: I1" in out
    spec["I4"] = {4: GOOD[4], 5: (350, 0.99, 3, 0, 15.0)}
    summ = _summary(spec)
    monkeypatch.setattr(adopt.ni, "summary", lambda rows: summ)
    assert not adopt.report(rows)
    assert "do not adopt" in capsys.readouterr().out
