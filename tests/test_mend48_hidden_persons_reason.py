"""mend48: ``claims.hidden_step_reasons`` did not know the rule of starts by few persons
(``effect_tables.few_persons``: at least ``min_cell`` starts made by fewer than ``min_cell``
distinct persons, by which the summary table and chapter 5's comparison of measures hide a
row), so a measure hidden by it had no computed reason and chapter 5's ranking sentence fell
back to all three alternatives ("rests on too few starters, or too few who entered or did not,
to be stated, or would give away a starters count the table hides"). It now names that rule.

Data: hand-made effect rows (IBO at 4, 5 and 8 quarters on 300 starts, with 12 or 300
distinct persons behind them); min_cell 20; exact wording, no tolerance.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import claims
from mia_helpers.effect_tables import few_persons

IBO = "workplace_learning_ibo"


def _tidy(persons: int, starts: int = 300) -> pd.DataFrame:
    return pd.DataFrame([dict(measure=IBO, estimand="now_vs_later", estimator="matched",
                              quarter_since_start=q, att_pp=2.0, ci_low=-7.0, ci_high=11.0,
                              se=2.0, n_treated=starts, treated_persons=persons,
                              treated_outcome=0.3, control_outcome=0.3) for q in (4, 5, 8)])


def test_the_rule_of_the_tables_holds_on_these_rows():
    t = _tidy(12)
    assert few_persons(t["n_treated"], t["treated_persons"], 20).all()


def test_starts_by_few_persons_is_a_reason():
    why = claims.hidden_step_reasons(_tidy(12), "now_vs_later", [5], [IBO], 20)
    assert why == {IBO: (("persons",), ())}, why
    # many persons: no reason (another rule of the table, as before)
    assert claims.hidden_step_reasons(_tidy(300), "now_vs_later", [5], [IBO], 20) == {
        IBO: ((), ())}
    # few starts: the starters' rule, not the persons' (few_persons needs min_cell starts)
    assert claims.hidden_step_reasons(_tidy(12, 15), "now_vs_later", [5], [IBO], 20) == {
        IBO: (("starters",), ())}


def test_rows_without_persons_keep_their_reasons():
    t = _tidy(12).drop(columns="treated_persons")
    assert claims.hidden_step_reasons(t, "now_vs_later", [5], [IBO], 20) == {IBO: ((), ())}


def test_the_ranking_sentence_names_the_rule():
    comparison = pd.DataFrame([dict(population=p, measure=IBO, quarter_since_start=5,
                                    att_pp=np.nan) for p in ("newcomer", "resident")])
    why = {"newcomer": {IBO: claims.hidden_step_reasons(
        _tidy(12), "now_vs_later", [5], [IBO], 20)[IBO][0]}, "resident": {IBO: ("starters",)}}
    text, summary = claims.measure_ranking_sentences(comparison, 5, None, why, 20)
    assert text == ("At 5 quarters the matched effect of IBO cannot be stated: for newcomers it "
                    "rests on starts by fewer than 20 persons to be stated; for residents it "
                    "rests on fewer than 20 matched starters to be stated."), text
    assert summary == ("The effect of IBO for newcomers at 5 quarters rests on starts by fewer "
                       "than 20 persons to be stated"), summary
