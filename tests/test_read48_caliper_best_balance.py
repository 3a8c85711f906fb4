"""read48 (seed 4049, chapter 4's caliper exercise): the largest |SMD| after matching was 0.032
at 0.01, 0.026 at the chapter's 0.20 and 0.033 at 2.00, and the solution read "so the
narrowest caliper buys better balance": true against the widest only, while the chapter's own
caliper balanced best. Where a caliper between the narrowest and the widest balances best, the
solution now says so."""

import test_cal27_caliper_exercise as cal27
from test_cal27_caliper_exercise import MIN_CELL, _fake_run, _table, fake  # noqa: F401

from mia_helpers import claims


def _with_smd(monkeypatch, smd):
    def run(cal):
        r = _fake_run(cal)
        r.balance = lambda: cal27.pd.DataFrame({"risk_set": ["pooled"],
                                                "smd_after": [smd[cal]]})
        return r
    monkeypatch.setattr(cal27, "_fake_run", run)


def test_the_chapters_caliper_balancing_best_is_named(fake, monkeypatch):  # noqa: F811
    _with_smd(monkeypatch, {0.01: 0.032, 0.2: 0.026, 2.0: 0.033})
    text = claims.caliper_exercise_sentences(_table(fake, own=0.2), MIN_CELL)
    assert "0.032 at 0.01, 0.026 at 0.20 and 0.033 at 2.00" in text, text
    assert "buys better balance" not in text, text
    assert ("the narrowest caliper balances better than the widest but not best: the "
            "chapter's caliper (0.20) balances best") in text, text


def test_monotone_balance_keeps_its_reading(fake, monkeypatch):  # noqa: F811
    _with_smd(monkeypatch, {0.01: 0.020, 0.2: 0.026, 2.0: 0.033})
    text = claims.caliper_exercise_sentences(_table(fake, own=0.2), MIN_CELL)
    assert "so the narrowest caliper buys better balance" in text, text
    assert "balances best" not in text, text
