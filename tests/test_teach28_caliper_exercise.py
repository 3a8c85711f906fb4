"""Chapter 4's caliper exercise with ``-p caliper 0.001`` (teach28): the table and its reading
printed the chapter's caliper as "0.00", and named 0.01 and 2 both "the wider caliper"."""

import pandas as pd
import pytest
from test_cal27_caliper_exercise import DROPPED, MIN_CELL, _table, fake  # noqa: F401

from mia_helpers import claims


def test_caliper_decimals_print_every_caliper_as_it_is():
    assert claims.caliper_decimals([0.01, 0.2, 2.0]) == 2
    assert claims.caliper_decimals([0.001, 0.01, 2.0]) == 3
    assert claims.caliper_decimals(pd.Series([0.0005, 2.0])) == 4
    assert claims.caliper_decimals([1 / 3]) == 4  # at most four
    assert claims.caliper_decimals(["x", 0.2]) == 2


@pytest.fixture
def tight(monkeypatch):
    monkeypatch.setitem(DROPPED, 0.001, 180)


def test_chapters_tiny_caliper_read_with_the_widest(fake, tight):  # noqa: F811
    text = claims.caliper_exercise_sentences(_table(fake, own=0.001), MIN_CELL)
    assert text.startswith("The chapter's caliper (0.001) drops 180 starters (90.0 per cent), the "
                           "wider caliper (0.010) drops 150 starters (75.0 per cent) and the widest "
                           "caliper (2.000) drops 0 starters (0.0 per cent)."), text
    assert "(0.001 and 0.010)" in text, text
    assert "0.00)" not in text


def test_chapters_wide_caliper_read_with_the_narrowest(fake, monkeypatch):  # noqa: F811
    monkeypatch.setitem(DROPPED, 5.0, 0)
    text = claims.caliper_exercise_sentences(_table(fake, own=5.0), MIN_CELL)
    assert text.startswith("The narrowest caliper (0.01) drops 150 starters (75.0 per cent), the "
                           "narrower caliper (2.00) drops 0 starters (0.0 per cent) and the chapter's "
                           "caliper (5.00)"), text
