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
    # the reason in chapter 5's one wording (claims._hidden_words, ans48): the entrants
    assert "disclosure control hides it" in s and "rests on too few who entered or did not" \
        in s, s
    assert "fewer than 11 matched starters" not in s, s
    s = claims.obligated_gap_claim(_tidy([(q, 5, 0.4) for q in range(4, 9)], range(4, 9)),
                                   many, ["family"], range(4, 9), MIN_CELL)
    assert "fewer than 11 matched starters at some" in s and "entered" not in s, s


def test_hidden_by_entrants():
    assert claims.hidden_by_entrants(_tidy(HIDDEN), "inburgering", (4, 5, 8), MIN_CELL)
    assert not claims.hidden_by_entrants(_tidy(HIDDEN), "inburgering", (4, 5), MIN_CELL)
    assert not claims.hidden_by_entrants(_tidy(HIDDEN).drop(columns="treated_outcome"),
                                         "inburgering", (4, 5, 8), MIN_CELL)


def _comparison(newcomer: list, resident: list) -> pd.DataFrame:
    measures = ["workplace_learning_ibo", "training_vocational", "workplace_learning_other"]
    return pd.DataFrame([dict(population=p, measure=m, quarter_since_start=5, att_pp=v)
                         for p, vals in (("newcomer", newcomer), ("resident", resident))
                         for m, v in zip(measures, vals, strict=True)])


def test_measure_ranking_does_not_blame_the_starters_alone():
    """Chapter 5 at ``min_cell`` 11 on 800 newcomers: Other workplace learning's newcomer
    effect at 5 quarters was hidden on 32 starters, and the text said no measure's effect
    "rests on enough starters"."""
    text, summary = claims.measure_ranking_sentences(
        _comparison(["x", "x", "x"], [6.4, 7.9, 9.5]), 5)
    assert "for newcomers no measure's effect can be stated (too few starters, or too few who " \
           "entered or did not, or an estimate that would give away" in text, text
    assert "enough starters" not in summary and "who entered or did not" in summary, summary
    text, summary = claims.measure_ranking_sentences(
        _comparison(["x", 4.0, "x"], [6.4, 7.9, 9.5]), 5)
    assert "only Vocational training's effect (4.0 points) can be stated" in text, text
    assert "enough starters" not in text + summary, (text, summary)


def test_chapter4_ranking_leaves_out_an_effect_hidden_by_the_entrants_rule():
    """Chapter 4 (``claims.ranking``): IBO's -25.0 pp at quarter 8 rests on 60 starters of
    whom 3 entered; the summary table hides it (one_side_small), the ranking stated it."""
    rows = []
    for m, n, m1 in (("workplace_learning_ibo", 60, 3 / 60), ("training_basic", 60, 0.5)):
        for q in (4, 8):
            rows.append(dict(measure=m, estimand="now_vs_later", estimator="matched",
                             quarter_since_start=q, att_pp=100 * (m1 - 0.3),
                             att_rel=(m1 - 0.3) / 0.3, ci_low=-1.0, ci_high=1.0, n_treated=n,
                             treated_outcome=m1, control_outcome=0.3, se=1.0))
    rank = claims.ranking(pd.DataFrame(rows), "now_vs_later", 8, MIN_CELL)
    assert list(rank["measure"]) == ["training_basic"], rank
    text, summary = claims.ranking_sentences(rank, 8, ["workplace_learning_ibo",
                                                       "training_basic"], True, MIN_CELL)
    assert "-25.0" not in text + summary and "25.0" not in text + summary, text
