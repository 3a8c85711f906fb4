"""teach52: Appendix C's sign exercise closed with a typed sentence, "With -p period_days 14
the horizons are counted in periods twice as long, time on the list is held fixed less
tightly within a risk set, and the run's own solution gives its answer". In the run at
``-p period_days 14`` (seed 4210), which the exercise's own note calls the second run, the
solution so sent the reader from its answer to itself; "twice as long" was true beside 7-day
periods only. The sentence is now computed from the run's period length."""
from __future__ import annotations

from pathlib import Path

import pytest

from mia_helpers import claims

NB = Path(__file__).resolve().parents[1] / "notebooks" / "C_heart_transplant.md"


def test_the_run_at_fourteen_days_says_it_is_the_second_run():
    s = claims.heart_period_rerun_sentence(14)
    assert s.startswith("This run is the one at -p period_days 14"), s
    assert "run's own solution gives its answer" not in s
    assert "a run at the default, period_days 7" in s and "more tightly" in s


@pytest.mark.parametrize("days, tight", [(7, "less"), (30, "more")])
def test_another_run_names_both_period_lengths(days, tight):
    s = claims.heart_period_rerun_sentence(days)
    assert (f"periods of 14 days instead of this run's {days}, time on the list is held "
            f"fixed {tight} tightly") in s, s
    assert "twice" not in s


def test_the_solution_glues_it():
    text = NB.read_text(encoding="utf-8")
    part = text[text.index("```{solution-start} ex-c-sign"):]
    part = part[:part.index("```{solution-end}")]
    assert "{glue:text}`c_period_rerun`" in part and "twice as long" not in part
    assert 'glue("c_period_rerun", claims.heart_period_rerun_sentence(period_days)' in text


def test_a_period_below_a_day_is_refused():
    with pytest.raises(ValueError, match="period lengths must be >= 1 day"):
        claims.heart_period_rerun_sentence(0)


def test_the_hazard_ratio_is_not_set_in_nested_parentheses():
    """The solution read "the Cox model's single hazard ratio (0.99 (95 per cent interval 0.54
    to 1.83))" at every seed 4210-4214 (teach51 mended the same in chapter 3)."""
    text = NB.read_text(encoding="utf-8")
    part = text[text.index("```{solution-start} ex-c-sign"):]
    assert "({glue:text}`c_cox`)" not in part[:part.index("```{solution-end}")]
