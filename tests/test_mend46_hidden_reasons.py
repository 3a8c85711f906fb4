"""mend46: a hidden estimate's stated reason is the one that hid it.

At ``min_cell`` 1 no count lies below the bound (:func:`mia_helpers.disclosure.suppress`
hides ``0 < n < min_cell``), so "fewer than 1 matched starter" can never be why an estimate
is missing: at 1 a matched effect is missing where no starter is matched there (its row NaN
with ``n_treated`` 0, :func:`mia_helpers.effects.estimate_effects`), or by a rule that does
not count (a side on which everyone entered, a model's residual degrees of freedom). val46
found four chapter 4/5 phrases and the bounds of :func:`claims.never_bounds_sentence` still
stating the bound at 1; Appendix C's Cox phrases said "fewer than N patients behind it" at
any ``min_cell`` although the row can be hidden by the residual-degrees-of-freedom rule
(``dof``), which depends on no count.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims
from mia_helpers.disclosure import DEFAULT_DOF_THRESHOLD, suppress

QUARTERS = [4, 5, 6, 7, 8]
NAN = float("nan")


def _gap_rows(n_at_5: int, matched: float = 2.0) -> pd.DataFrame:
    """Naive and matched effects of inburgering; the matched one at quarter 5 on ``n_at_5``
    starters (0: no starter matched there, the row NaN as estimate_effects writes it)."""
    rows = []
    for q in QUARTERS:
        for est, v in (("naive", 1.0), ("matched", matched)):
            n = n_at_5 if (q == 5 and est == "matched") else 400
            rows.append({"measure": "inburgering", "estimand": "now_vs_later", "estimator": est,
                         "quarter_since_start": q, "att_pp": v if n else NAN, "n_treated": n})
    return pd.DataFrame(rows)


def test_obligated_gap_names_no_bound_at_one():
    one = claims.obligated_gap_claim(_gap_rows(0), _gap_rows(400), ["family"], QUARTERS, 1)
    assert "fewer than" not in one, one
    assert one.startswith("The exercise cannot state its gaps here"), one
    assert "no matched starter" in one, one
    assert "disclosure control hides it" not in one, one  # no starter: nothing to hide
    ten = claims.obligated_gap_claim(_gap_rows(5), _gap_rows(400), ["family"], QUARTERS, 10)
    assert "rests on fewer than 10 matched starters at some of quarters 4 to 8, so " \
        "disclosure control hides it" in ten, ten


def test_ranking_with_nothing_published_names_no_bound_at_one():
    empty = pd.DataFrame(columns=["measure", "estimate", "relative_pct"])
    text, bullet = claims.ranking_sentences(empty, 4, ["ibo"], False, 1)
    assert "fewer than" not in text, text
    assert text == ("At 4 quarters no measure's matched effect is published "
                    "(no matched starter, or too few who entered or did not), so no measure "
                    "is ranked."), text
    ten, _ = claims.ranking_sentences(empty, 4, ["ibo"], False, 10)
    assert "(fewer than 10 starters, or too few who entered or did not, or an estimate that " \
        "would give away a starters count the table hides)" in ten, ten


def test_bias_table_with_every_row_hidden_names_no_bound_at_one():
    table = pd.DataFrame({"measure": ["ibo", "mo"],
                          **{c: [NAN, NAN] for c in claims.BIAS_COLUMNS}})
    one = claims.bias_table_sentence(table, min_cell=1)
    assert "fewer than" not in one, one
    assert one == ("Every row of the table is hidden by disclosure control (no matched "
                   "starter, or too few who entered or did not, or a matched estimate the "
                   "summary table hides, at one of those horizons)."), one
    ten = claims.bias_table_sentence(table, min_cell=10)
    assert "(fewer than 10 matched starters, or too few" in ten, ten


def test_naive_position_names_no_bound_at_one():
    one = claims.naive_position_sentence(["ibo"], [], hidden=["mo"], min_cell=1)
    assert "fewer than" not in one, one
    assert "MO (social orientation) rests at some of those quarters on no matched starter, or on too few who " \
        "entered or did not, and is not described" in one, one
    ten = claims.naive_position_sentence(["ibo"], [], hidden=["mo"], min_cell=10)
    assert "on fewer than 10 matched starters, or on too few" in ten, ten


def _never_rows() -> pd.DataFrame:
    return pd.DataFrame([{"measure": "workplace_learning_ibo", "estimand": "now_vs_never",
                          "estimator": "matched", "quarter_since_start": q, "n_treated": 40,
                          "att_pp": 2.0, "ci_low": -20.0, "ci_high": 30.0,
                          "point_identified": False} for q in (4, 5)])


@pytest.mark.parametrize("min_cell", [1, 10])
def test_hidden_bounds_name_a_count_only_where_one_can_be_hidden(min_cell):
    tidy = _never_rows()
    published = tidy.assign(ci_low=NAN, ci_high=NAN)
    text = claims.never_bounds_sentence(tidy, "now_vs_never", min_cell, published=published)
    assert "disclosure control hides its bounds" in text, text
    if min_cell == 1:
        assert "fewer than" not in text, text
        assert "(they would reveal a count the tables hide)" in text, text
    else:
        assert "(they would reveal a count of fewer than 10 persons)" in text, text


DOF = f"(its model has fewer than {DEFAULT_DOF_THRESHOLD} residual degrees of freedom)"


@pytest.mark.parametrize("min_cell", [1, 10])
def test_estimate_phrase_states_the_rule_that_hid_it(min_cell):
    s = claims.estimate_phrase(NAN, NAN, NAN, min_cell, "", who="patients", hidden_by="dof")
    assert s == f"an estimate hidden by disclosure control {DOF}", s
    s = claims.estimate_phrase(NAN, NAN, NAN, min_cell, "", who="patients",
                               hidden_by="derived")
    assert s == ("an estimate hidden by disclosure control" if min_cell == 1 else
                 "an estimate hidden by disclosure control (fewer than 10 patients behind "
                 "it)"), s
    # a dominance rule is no count below min_cell either
    s = claims.estimate_phrase(NAN, NAN, NAN, min_cell, "", hidden_by="nk-rule")
    assert s == "an estimate hidden by disclosure control", s


def test_estimate_phrase_refuses_an_unknown_rule():
    with pytest.raises(ValueError, match="hidden_by.*'dof'"):
        claims.estimate_phrase(NAN, NAN, NAN, 10, "", hidden_by="small")


@pytest.mark.parametrize("min_cell", [1, 10])
def test_heart_precision_clause_states_the_rule_that_hid_the_cox_row(min_cell):
    s = claims.heart_precision_clause(NAN, NAN, 52, -26.2, 11.5, min_cell, cox_hidden_by="dof")
    assert f"the Cox interval is hidden by disclosure control {DOF}" in s, s
    assert "patients behind it" not in s, s
    s = claims.heart_precision_clause(NAN, NAN, 52, -26.2, 11.5, min_cell)
    assert ("(fewer than 10 patients behind it)" in s) == (min_cell == 10), s


def test_the_cox_table_s_reason_is_the_dof_rule_where_it_hid_the_row():
    """What Appendix C passes: the reason ``suppress`` gives the hazard ratio's cell."""
    cox = pd.DataFrame({"n": [103, 103], "exp_estimate": [1.1, 0.9], "exp_ci_low": [0.5, 0.4],
                        "exp_ci_high": [1.8, 1.7], "df_resid": [8, 8]},
                       index=pd.Index(["age", "transplant"], name="term"))
    p = suppress(cox, count_cols=["n"], min_cell=10,
                 value_cols=["exp_estimate", "exp_ci_low", "exp_ci_high"], dof="df_resid",
                 name="mend46 Cox", record=False)
    why = p.reason.loc["transplant", "exp_estimate"]
    assert why == "dof"
    assert np.isnan(p.data.loc["transplant", "exp_estimate"])
    s = claims.estimate_phrase(NAN, NAN, NAN, 10, "", who="patients", hidden_by=why)
    assert DOF in s and "fewer than 10 patients" not in s, s


def test_a_missing_value_no_rule_hid_is_not_called_hidden():
    s = claims.estimate_phrase(NAN, NAN, NAN, 10, "", who="patients", hidden_by="")
    assert s == "no estimate (none was computed)", s
    s = claims.heart_precision_clause(NAN, NAN, 52, -26.2, 11.5, 10, cox_hidden_by="")
    assert ": the Cox model gives no interval, and the matched" in s, s
    assert "hidden" not in s, s


def _heart_effects(long_value: object) -> pd.DataFrame:
    rows = []
    for est in ("now_vs_later", "now_vs_never"):
        for h, e in ((4, -5.2778), (52, long_value)):
            rows.append(dict(estimand=est, horizon=h, group="all", estimator="matched",
                             att_pp=e, ci_low=-16.0 if e == -5.2778 else e,
                             ci_high=8.9 if e == -5.2778 else e, point_identified=True))
    return pd.DataFrame(rows)


@pytest.mark.parametrize("min_cell", [1, 10])
def test_heart_effect_phrases_call_hidden_only_what_a_rule_hid(min_cell):
    """Appendix C's table (heart.published_effects) writes a marker where a rule hid a cell;
    a NaN there was not computed (no transplanted patient followed that long). At 1 its
    rules hide nothing, so "an estimate hidden by disclosure control" was untrue there."""
    marker = claims.heart_effect_phrases(_heart_effects("x"), 4, 52, min_cell, 0.95)
    assert marker["now_vs_later_long"].startswith("an estimate hidden by disclosure control")
    nan = claims.heart_effect_phrases(_heart_effects(NAN), 4, 52, min_cell, 0.95)
    if min_cell == 1:
        assert nan["now_vs_later_long"] == "no estimate (none was computed)", nan
    else:  # a table passed with its hidden cells as NaN (dynamic.effect_at) reads as before
        assert nan["now_vs_later_long"] == ("an estimate hidden by disclosure control (fewer "
                                            "than 10 transplanted patients behind it)"), nan
