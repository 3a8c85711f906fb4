"""Edge cases found by this session's trials: chapter 1's positions figure when disclosure
control hides every share (newuser21: a tiny extract, or a large ``min_cell``, crashed the
chapter with seaborn's ``KeyError: 'origin'``), and chapter 6's numbers that round to zero."""

from __future__ import annotations

import pandas as pd

from mia_helpers import claims, describe


def test_an_empty_positions_table_gives_a_note_figure_and_true_sentences():
    shares = pd.DataFrame({"quarter": pd.Series([], dtype="int64"),
                           "origin": pd.Series([], dtype="str"),
                           "position_group": pd.Series([], dtype="str"),
                           "share": pd.Series([], dtype="float64")})
    fig = describe.plot_position_shares(shares)
    (ax,) = fig.axes
    assert "no share to draw" in ax.texts[0].get_text()
    assert claims.position_trend_sentence(shares)  # says so instead of failing
    assert "suppressed" in claims.employment_sentence(pd.Series([], dtype="float64"))


def test_a_finding_that_rounds_to_zero_prints_without_a_sign():
    """trial21b (seed 6262): chapter 6 printed the non-EU women's extra gap as "-0.00"."""
    from mia_helpers.conclusions import _fmt

    assert _fmt(-0.001, "pp") == "0.00"
    assert _fmt(-0.004, "%") == "0 %"
    assert _fmt(-0.006, "pp") == "-0.01" and _fmt(-0.0004, "pp", 1) == "0.000"
    assert _fmt(float("nan"), "pp") == "n/a"


def test_an_inflow_outcome_without_rows_is_refused_naming_the_chapter_parameters():
    """newuser21 (a tiny extract, chapter 3): the multinomial logit's "outcome(s) [...] have no
    rows; group or drop them" named no parameter of the chapter."""
    import pytest

    from mia_helpers.competing import fit_inflow

    data = pd.DataFrame({"outcome": [0, 1, 0, 1], "person_id": [1, 2, 3, 4]})
    data.attrs["outcomes"] = ["no_inflow", "training_basic", "workplace_learning_ibo"]
    with pytest.raises(ValueError, match=r"\['workplace_learning_ibo'\].*`measures`.*"
                                         r"`grouping`"):
        fit_inflow(data)


def test_an_exit_without_rows_is_refused_as_an_exit():
    """The exit model (leaving the register) refuses an exit without rows in its own words,
    not with the inflow model's advice about measures."""
    import pytest

    from mia_helpers.competing import fit_exits

    data = pd.DataFrame({"outcome": [0, 0, 0, 1], "person_id": [1, 2, 3, 4],
                         "censored": [False] * 4, "exit": [0, 1, 1, 0]})
    with pytest.raises(ValueError, match=r"exit model: .*\['exit_inactivity'\]"):
        fit_exits(data)
