"""teach32: chapter 4's caliper exercise asks how "the balance" changes with the caliper; its
solution said "compare the balance ... to see what it buys" and left the reading to the
student, who had been told (book/teaching.md) that a narrower caliper trades bias for variance.
In the teacher's runs the narrowest caliper gave the *worst* largest |SMD| after matching
(seed 3434, 5,000 residents: 0.148 at 0.01 against 0.046 at 0.20 and 0.044 at 2; seed 101,
20,000 residents: 0.036 against 0.019 and 0.021), so the solution now reads the table's
largest |SMD| per caliper and says which way it moved."""

import pytest
import test_cal27_caliper_exercise as cal27
from test_cal27_caliper_exercise import MIN_CELL, _fake_run, _table, fake  # noqa: F401

from mia_helpers import claims


def test_balance_better_at_the_narrow_caliper_is_said_so(fake):  # noqa: F811
    # the fake's largest |SMD| after matching is caliper / 10: smallest at the narrowest
    text = claims.caliper_exercise_sentences(_table(fake, own=0.2), MIN_CELL)
    assert ("largest absolute SMD after matching is 0.001 at 0.01, 0.020 at 0.20 and 0.200 "
            "at 2.00") in text, text
    assert "the narrowest caliper buys better balance" in text, text
    assert "compare the balance" not in text


def test_balance_worse_at_the_narrow_caliper_is_said_so(fake, monkeypatch):  # noqa: F811
    def run(cal):
        r = _fake_run(cal)
        smd = {0.01: 0.148, 0.2: 0.046, 2.0: 0.044}[cal]
        r.balance = lambda: cal27.pd.DataFrame({"risk_set": ["pooled"], "smd_after": [smd]})
        return r
    monkeypatch.setattr(cal27, "_fake_run", run)
    text = claims.caliper_exercise_sentences(_table(fake, own=0.2), MIN_CELL)
    assert "0.148 at 0.01, 0.046 at 0.20 and 0.044 at 2.00" in text, text
    assert "the narrowest caliper does not buy better balance" in text, text


def test_no_smd_column_no_balance_clause(fake):  # noqa: F811
    t = _table(fake, own=0.2)
    t.data = t.data.drop(columns=["max_smd_after"])
    text = claims.caliper_exercise_sentences(t, MIN_CELL)
    assert "SMD" not in text and "compare the balance and the estimate" in text


@pytest.mark.parametrize("smd", [0.05])
def test_equal_printed_balance_is_not_read_as_a_change(fake, monkeypatch, smd):  # noqa: F811
    def run(cal):
        r = _fake_run(cal)
        r.balance = lambda: cal27.pd.DataFrame({"risk_set": ["pooled"], "smd_after": [smd]})
        return r
    monkeypatch.setattr(cal27, "_fake_run", run)
    text = claims.caliper_exercise_sentences(_table(fake, own=0.2), MIN_CELL)
    assert "the same at the narrowest and the widest caliper" in text, text
