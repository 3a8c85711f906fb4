"""Chapter 4's caliper exercise follows the chapter's last horizon ``max_quarter`` (prose47).

Found by an analyst re-run: :func:`mia_helpers.effect_tables.caliper_exercise_rows` matched
every caliper without ``max_quarter``, so the exercise followed the starters to the default
12 quarters whatever the chapter's parameter, and read quarter 5 even where the chapter
estimated fewer horizons. It now passes ``max_quarter`` to
:func:`mia_helpers.effects.activation_effects`, reads the exercise at
:func:`~mia_helpers.effect_tables.exercise_quarter` (five quarters or the last horizon) and
refuses a quarter beyond the last horizon.

Data: fake runs (the cal27 fixture's shape); no tolerance.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from mia_helpers import effect_tables

IBO = "workplace_learning_ibo"
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "04_activation_effects.md"


@pytest.fixture
def calls(monkeypatch):
    from mia_helpers import effects
    seen = []

    def run(data, measures, k, caliper, max_quarter=12, **kw):
        seen.append(max_quarter)
        q = list(range(1, max_quarter + 1))
        tidy = pd.DataFrame({"measure": IBO, "estimand": "now_vs_later", "estimator": "matched",
                             "quarter_since_start": q, "att_pp": 5.0, "n_treated": 180,
                             "treated_persons": 180})
        return SimpleNamespace(
            tidy=tidy, support=lambda: pd.DataFrame({"measure": [IBO], "n_treated": [200],
                                                     "n_dropped": [20]}),
            balance=lambda: pd.DataFrame({"risk_set": ["pooled"], "smd_after": [0.01]}))
    monkeypatch.setattr(effects, "activation_effects", run)
    monkeypatch.setattr(effect_tables, "with_twin_persons", lambda r: r)
    monkeypatch.setattr(effect_tables, "support_persons", lambda r: pd.DataFrame(
        {"dropped_persons": r.support()["n_dropped"]}))
    return seen


@pytest.mark.parametrize("max_quarter", [3, 8])
def test_every_caliper_is_matched_to_the_chapters_last_horizon(calls, max_quarter):
    q = effect_tables.exercise_quarter(max_quarter)
    rows, _, _ = effect_tables.caliper_exercise_rows(None, IBO, 0.2, 3, quarter=q,
                                                     max_quarter=max_quarter)
    assert calls == [max_quarter] * 3  # 0.01, 0.2 and 2
    assert f"att_pp_q{q}" in rows.columns


@pytest.mark.parametrize(("max_quarter", "expected"), [(1, 1), (4, 4), (5, 5), (12, 5), (80, 5)])
def test_the_exercise_quarter_is_one_the_summary_shows(max_quarter, expected):
    assert effect_tables.exercise_quarter(max_quarter) == expected
    assert expected in effect_tables.summary_quarters(max_quarter)


def test_a_quarter_beyond_the_last_horizon_is_refused_naming_both(calls):
    with pytest.raises(ValueError, match="quarter 5.*max_quarter 4"):
        effect_tables.caliper_exercise_rows(None, IBO, 0.2, 3, quarter=5, max_quarter=4)


def test_the_chapter_passes_its_parameter():
    text = NOTEBOOK.read_text(encoding="utf-8")
    assert "max_quarter=max_quarter)" in text.split("caliper_exercise_rows(data", 1)[1][:200]
    assert "estimate at five quarters" not in text


@pytest.mark.parametrize("bad", [0, 2.5, True, "4", "a", None])
def test_an_invalid_last_horizon_is_refused_by_name(bad):
    """rev47: int("a") and int(None) raised before the check, without naming the parameter."""
    with pytest.raises(ValueError, match=r"max_quarter must be a whole number >= 1.*got"):
        effect_tables.exercise_quarter(bad)
