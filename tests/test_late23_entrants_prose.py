"""Chapter 5's sentences on a hidden inburgering effect name the few-entrants rule (late23:
seed 2005, 3,000 residents, 800 newcomers, ``min_cell`` 11: the contract's effect at quarter 8
was hidden on 66 starters (too few of them entered), while the text said "rests on too few
starters at 4, 5 and 8 quarters"; the obligated-grounds exercise said "fewer than 11 matched
starters" under the same rule)."""

from __future__ import annotations

import re

import pandas as pd

from mia_helpers import claims

MIN_CELL = 11


def _tidy(rows: list[tuple[int, int, float]], quarters=(4, 5, 8)) -> pd.DataFrame:
    """Matched and naive inburgering rows: (quarter, matched starters, share who entered);
    the twins' share 0.3 (many on both sides at 66 starters)."""
    out = []
    for q, n, m1 in rows:
        base = dict(measure="inburgering", estimand="now_vs_later", quarter_since_start=q,
                    n_treated=n, treated_outcome=m1, control_outcome=0.3, se=1.0,
                    true_att_pp=2.0)
        for est, att in (("matched", 100 * (m1 - 0.3)), ("naive", 1.0)):
            out.append(dict(base, estimator=est, att_pp=att, ci_low=att - 2, ci_high=att + 2))
    return pd.DataFrame(out)


# quarters 4 and 5 on 5 starters; quarter 8 on 66 starters of whom 3 entered
HIDDEN = [(4, 5, 0.4), (5, 5, 0.4), (8, 66, 3 / 66)]


def test_inburgering_sentence_names_the_entrants_rule():
    s = claims._inburgering_sentence(_tidy(HIDDEN), (4, 5, 8), MIN_CELL)
    assert "too few who entered or did not" in s and "too few starters" in s, s
    assert not re.search(r"\d+\.\d", s), s
    # hidden on too few starters alone: the sentence says only that
    s = claims._inburgering_sentence(_tidy([(q, 5, 0.4) for q in (4, 5, 8)]), (4, 5, 8),
                                     MIN_CELL)
    assert "too few starters at" in s and "entered" not in s, s


def test_obligated_gap_names_the_entrants_rule():
    few_entrants = _tidy([(q, 66, 3 / 66) for q in range(4, 9)], range(4, 9))
    many = _tidy([(q, 66, 0.5) for q in range(4, 9)], range(4, 9))
    s = claims.obligated_gap_claim(few_entrants, many, ["family"], range(4, 9), MIN_CELL)
    assert "disclosure control hides it" in s and "too few who entered or did not" in s, s
    s = claims.obligated_gap_claim(_tidy([(q, 5, 0.4) for q in range(4, 9)], range(4, 9)),
                                   many, ["family"], range(4, 9), MIN_CELL)
    assert "fewer than 11 matched starters at some" in s and "entered" not in s, s


def test_hidden_by_entrants():
    assert claims.hidden_by_entrants(_tidy(HIDDEN), "inburgering", (4, 5, 8), MIN_CELL)
    assert not claims.hidden_by_entrants(_tidy(HIDDEN), "inburgering", (4, 5), MIN_CELL)
    assert not claims.hidden_by_entrants(_tidy(HIDDEN).drop(columns="treated_outcome"),
                                         "inburgering", (4, 5, 8), MIN_CELL)
