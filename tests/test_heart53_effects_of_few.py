"""heart53: Appendix C's published effects under the effect tables' rules.

``heart.published_effects`` hid counts and shares, but printed every effect on ``min_cell``
or more treated, as no other effect table of the book does:

1. an effect on few events: chapters 4 and 5 hide an effect where either side (starters or
   matched twins) has fewer than ``min_cell`` persons with the event, or without
   (:func:`mia_helpers.effect_tables.one_side_small`). Appendix C printed -5.3 pp at 4 periods
   on 7 of 60 transplanted who died (dpo53's finding, seed 4250);
2. an effect narrowing a hidden count: matching with replacement puts the effect on the grid
   of ``1 / (L n)`` (``L`` the least common multiple of 1..``k``), so a printed effect beside
   a count the horizon rule hid narrows it (:func:`mia_helpers.effect_tables.effect_pins_count`,
   chapter 4's rule): -5.2778 after 69 matched fits only 60 of 60 to 69, and one decimal,
   -5.3, still rules most of them out.

Appendix C runs on public teaching data, but the same code runs on registers, so the tests
use hand-made rows of the shape ``dynamic_effects`` returns, with no public data. Each
failed on the code before heart53."""
from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import claims
from mia_helpers.effect_tables import one_side_small
from mia_helpers.heart import published_effects

MIN_CELL = 10


def _rows(spec: list[tuple[int, int, float, float]]) -> pd.DataFrame:
    """Matched rows of group "all", both estimands alike: per ``(horizon, n_treated, deaths
    of the treated, deaths of their controls in treated-equivalents)``, exact shares."""
    rows = []
    for est in ("now_vs_later", "now_vs_never"):
        for h, n, a, b in spec:
            m1, m0 = a / n, b / n
            att = 100 * (m1 - m0)
            rows.append(dict(group="all", estimand=est, estimator="matched", horizon=h,
                             n_treated=n, treated_outcome=m1, control_outcome=m0, att_pp=att,
                             att_rel=(m1 - m0) / m0, se=7.0, ci_low=att - 14,
                             ci_high=att + 14, point_identified=True))
    return pd.DataFrame(rows)


def _later(out: pd.DataFrame) -> pd.DataFrame:
    return out[out["estimand"] == "now_vs_later"].reset_index(drop=True)


def test_an_effect_on_few_deaths_either_side_is_hidden():
    # 95 matched; 80, 70, 58, 45 followed: every step of 10 or more, all counts published
    eff = _rows([(4, 80, 7, 12.5), (13, 70, 25, 3 + 1 / 3), (26, 58, 29, 30.5),
                 (52, 45, 38, 36.5)])
    out = _later(published_effects(eff, pd.Series({"all": 95}), [4, 13, 26, 52], MIN_CELL))
    assert out["n_treated"].tolist() == [80, 70, 58, 45]  # the premise: no count hidden
    # 7 treated dead; 3.3 controls dead; 29 and 30.5 either way; 7 treated alive
    hidden = (out["att_pp"].astype(str) == "x").tolist()
    assert hidden == [True, True, False, True], out  # before heart53: none
    for col in ("ci_low", "ci_high", "se", "att_rel"):
        assert (out[col].astype(str) == "x").tolist() == hidden, col
    # the rule is chapter 4's own (one_side_small), not a copy
    assert one_side_small(eff[eff["estimand"] == "now_vs_later"].reset_index(drop=True),
                          MIN_CELL).tolist() == hidden


def _pinned() -> pd.DataFrame:
    # 69 matched; 60 followed to 4 periods (hidden: 9 left), 45 to 26 (published: 24 fewer).
    # At 4: 19 of 60 treated dead, 133/6 treated-equivalent controls (k = 3: grid 1 / 6),
    # so the effect is -19/360 = -5.2778 pp, -5.3 printed; enough deaths and survivors
    return _rows([(4, 60, 19, 133 / 6), (26, 45, 20, 25)])


def test_an_effect_that_narrows_a_hidden_count_is_hidden():
    eff = _pinned()
    out = _later(published_effects(eff, pd.Series({"all": 69}), [4, 26], MIN_CELL))
    assert out["n_treated"].astype(str).tolist() == ["x", "45"]  # the premise
    # -5.3 on the grid of 1 / (6 n'): of 51..69 only some n' fit (60, 63, 66, 69 of 60..69)
    fits = [n for n in range(60, 70)
            if np.floor(-0.0525 * 6 * n + 1e-9) >= np.ceil(-0.0535 * 6 * n - 1e-9)]
    assert fits == [60, 63, 66, 69]
    assert out["att_pp"].astype(str).tolist()[0] == "x", out  # before heart53: -5.2778
    # beside its count: stays, with the one decimal printed and judged (heart54)
    assert out["att_pp"].iloc[1] == round(-100 * 5 / 45, 1)
    # rounded input hides the grid from the rules, not from a reader who knows k
    rounded = _later(published_effects(eff.round(4), pd.Series({"all": 69}), [4, 26],
                                       MIN_CELL))
    assert rounded["att_pp"].astype(str).tolist()[0] == "x", rounded


def test_a_weighted_share_does_not_refine_the_readers_grid():
    # "now versus never" shares are inverse probability weighted: one near 1 / 41 or 1 / 53 of
    # a patient (Appendix C, seed 4263: 41 rows) made the reader's grid 6 x 41 x 53, on which
    # -5.3 narrows nothing, and the first heart53 code printed it beside the hidden 60
    eff = _pinned()
    never = eff["estimand"] == "now_vs_never"
    eff.loc[never, "control_outcome"] = [(22 + 1 / 41) / 60, (25 + 1 / 53) / 45]
    eff.loc[never, "att_pp"] = 100 * (eff["treated_outcome"] - eff["control_outcome"])
    out = _later(published_effects(eff, pd.Series({"all": 69}), [4, 26], MIN_CELL))
    assert out["att_pp"].astype(str).tolist()[0] == "x", out


def test_the_same_effect_beside_its_published_count_stays():
    out = _later(published_effects(_pinned(), pd.Series({"all": 80}), [4, 26], MIN_CELL,
                                   decimals=4))
    assert out["n_treated"].tolist() == [60, 45]  # 80 -> 60 -> 45: steps of 20 and 15
    # the effect with the one decimal the rule judged (heart54: -5.2778, -11.1111 before)
    assert out["att_pp"].tolist() == [-5.3, -11.1]


def test_the_prose_says_why_a_hidden_effect_is_hidden():
    eff = _rows([(4, 80, 7, 12.5), (52, 45, 20, 25)])
    out = published_effects(eff, pd.Series({"all": 95}), [4, 52], MIN_CELL)
    words = claims.heart_effect_phrases(out, 4, 52, MIN_CELL, 0.95)
    # before heart53 the estimate was printed; a count-rule reason would be false (80 patients)
    assert words["now_vs_later_short"] == ("an estimate hidden by disclosure control (fewer "
                                           "than 10 deaths, or survivors, on one side, or it "
                                           "would narrow a hidden count)")
    assert words["now_vs_later_long"].startswith("-11.1 points (")
    # the table's prose states the rule (glued: c_effect_rule), at 1 only the whole-side one
    assert words["c_effect_rule"].startswith(" An effect and its interval are hidden (x) where "
                                             "fewer than 10 patients of the transplanted")
    assert "every patient on one side" in claims.heart_effect_rule_sentence(1)
    # the precision bullet names the same reason for the hidden interval
    clause = claims.heart_precision_clause(0.54, 1.83, 4, np.nan, np.nan, MIN_CELL,
                                           later_reason=claims.heart_hidden_reason(out, 4,
                                                                                   MIN_CELL))
    assert ("interval after 4 periods is hidden by disclosure control (fewer than 10 deaths, "
            "or survivors, on one side") in clause, clause


def test_the_widths_clause_names_the_one_hidden_interval():
    # heart53's seed-4262 run: the now-versus-never interval at 52 hidden, the other shown;
    # the clause read "the intervals are hidden" before
    assert claims.heart_widths_clause(52, np.nan, 35.4) == (
        "after 52 periods the now-versus-never interval is hidden by disclosure control, so "
        "the widths are not compared")
    assert "now-versus-later interval is hidden" in claims.heart_widths_clause(52, 60.0, np.nan)
