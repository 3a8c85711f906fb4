"""Chapter 5's obligated exercise applies the "starts by few persons" rule (ans48).

Found this session: ``claims._stated_steps`` (and through it ``claims.gap_hidden``, which the
obligated-grounds exercise reads) did not apply :func:`mia_helpers.effect_tables.few_persons`,
the rule by which the summary table hides a matched effect whose ``min_cell`` or more starts
rest on fewer than ``min_cell`` distinct persons (``hidden_step_reasons`` gives "persons"). So
the exercise built a gap from an effect the tables hide. mend48 applied the rule and reverted
it because ``_obligated_gap_text`` then said "too few ... who entered" for a persons-hidden
effect; it now names the reason that holds, in ``claims._hidden_words``' words.

Data: hand-made tidy tables (naive and matched inburgering at quarters 4 to 8, 400 matched
starts, 40 per cent entered on both sides, so neither the starters' nor the entrants' rule
hides anything); only ``treated_persons`` varies.
"""
from __future__ import annotations

import pandas as pd

from mia_helpers import claims

QUARTERS = range(4, 9)
MIN_CELL = 10


def _tidy(persons_at_6: int) -> pd.DataFrame:
    rows = []
    for q in QUARTERS:
        for est, att in (("naive", 1.0), ("matched", 3.0)):
            rows.append({"measure": "inburgering", "estimand": "now_vs_later", "estimator": est,
                         "quarter_since_start": q, "att_pp": att, "n_treated": 400,
                         "treated_persons": persons_at_6 if q == 6 else 380,
                         "treated_outcome": 0.4, "control_outcome": 0.4})
    return pd.DataFrame(rows)


def test_only_the_few_persons_rule_hides_the_step():
    few, many = _tidy(7), _tidy(380)  # 400 starts by 7 persons at quarter 6
    reasons = claims.hidden_step_reasons(few, "now_vs_later", QUARTERS, ["inburgering"],
                                         MIN_CELL)
    assert reasons["inburgering"][0] == ("persons",)  # the one rule that holds
    assert claims._stated_steps(few, "now_vs_later", QUARTERS, MIN_CELL) == ([],
                                                                              ["inburgering"])
    assert claims._stated_steps(many, "now_vs_later", QUARTERS, MIN_CELL) == (
        ["inburgering"], [])
    assert claims.gap_hidden(few, "inburgering", QUARTERS, min_cell=MIN_CELL)
    assert not claims.gap_hidden(many, "inburgering", QUARTERS, min_cell=MIN_CELL)
    assert pd.isna(claims.naive_matched_gap(few, "inburgering", QUARTERS, min_cell=MIN_CELL))


def test_the_obligated_sentence_names_the_persons_rule_and_no_other():
    s = claims.obligated_gap_claim(_tidy(7), _tidy(380), ["family"], QUARTERS, MIN_CELL)
    words = claims._hidden_words(("persons",), MIN_CELL)[0]  # "starts by fewer than 10 persons"
    assert s == ("The exercise cannot state its gaps here: the matched effect of inburgering "
                 f"contract within the family ground rests on {words} at some of quarters 4 "
                 "to 8, so disclosure control hides it and no gap is computed from it."), s
    assert "matched starters" not in s and "entered" not in s, s


def test_without_person_counts_the_rule_does_not_apply():
    t = _tidy(7).drop(columns="treated_persons")
    assert not claims.gap_hidden(t, "inburgering", QUARTERS, min_cell=MIN_CELL)
