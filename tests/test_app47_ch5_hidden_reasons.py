"""app47: chapter 5's sentences on steps and horizons it does not state say which rule holds.

Found on a re-run of chapter 5 (seed 2024, 6,000 residents, 3,000 newcomers, min_cell 20,
window 2007Q1-2015Q4, ``-p estimand now_vs_never``): the naive reading said inburgering and
MO "rest at some of those quarters on fewer than 20 matched starters, or on too few who
entered or did not" beside a table with 781 to 924 contract starters (a), and did not say
that their estimates at the judged quarters are worst-case bounds (b); the inburgering
sentence said "the table hides the estimate" where it hid a row's bounds (c). Data:
hand-made effect rows (the counts of that run); exact wording, no tolerance.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from newcomer_claims_inputs import newcomer_inputs

from mia_helpers import claims

QUARTERS = [4, 5, 6, 7, 8]


def _tidy(estimand: str = "now_vs_never") -> pd.DataFrame:
    """The contract on 924 to 781 starters, few twins who entered at quarter 5, a bound at
    quarter 4; MO with 15 starters at quarter 6; NT2 stated."""
    rows = []
    for step, naive, matched in (("inburgering", -1.1, 2.0), ("mo", 0.5, 1.0),
                                 ("nt2", -3.3, 1.1)):
        for i, q in enumerate(QUARTERS):
            n = {"inburgering": 924 - 30 * i, "mo": 15 if q == 6 else 500}.get(step, 1300)
            few = step == "inburgering" and q == 5
            bound = step == "inburgering" and q == 4
            for est, v in (("naive", naive), ("matched", matched)):
                rows.append(dict(measure=step, estimand=estimand, estimator=est,
                                 quarter_since_start=q, att_pp=v, ci_low=v - 9, ci_high=v + 9,
                                 se=2.0, n_treated=n, treated_outcome=0.3,
                                 control_outcome=0.004 if few and est == "matched" else 0.3,
                                 true_att_pp=2.0,
                                 point_identified=not (bound and est == "matched")))
    return pd.DataFrame(rows)


def test_reasons_are_computed_per_step():
    why = claims.hidden_step_reasons(_tidy(), "now_vs_never", QUARTERS, ["inburgering", "mo"],
                                     20)
    assert why == {"inburgering": (("entrants",), (4,)), "mo": (("starters",), ())}


def test_naive_sentence_says_which_count_and_the_bound():
    steps, feeder, comp = newcomer_inputs()
    c = claims.newcomer_claims(_tidy(), steps, feeder, comp, "now_vs_never", min_cell=20)
    s = c["nc_naive_sentence"]
    assert ("; Inburgering contract rests at some of those quarters on too few who entered "
            "or did not, is not point-identified at 4 quarters (worst-case bounds, not point "
            "estimates), and is not described") in s, s
    assert ("; MO (social orientation) rests at some of those quarters on fewer than 20 "
            "matched starters and is not described") in s, s
    assert "or on too few who entered" not in s, s


def test_bounds_at_every_judged_quarter_are_not_listed():
    tidy = _tidy()
    tidy.loc[tidy["measure"] == "inburgering", "point_identified"] = False
    why = claims.hidden_step_reasons(tidy, "now_vs_never", QUARTERS, ["inburgering"], 20)
    s = claims.naive_position_sentence(["nt2"], [], ["inburgering"], 20, hidden_why=why,
                                       quarters=QUARTERS)
    assert "is not point-identified at any of those quarters (worst-case bounds" in s, s


def _inburgering(point: tuple[bool, ...]) -> pd.DataFrame:
    return pd.DataFrame([dict(
        measure="inburgering", estimand="now_vs_never", estimator="matched",
        quarter_since_start=q, att_pp=2.0, ci_low=-6.0, ci_high=10.0, se=2.0, n_treated=900,
        treated_outcome=0.3, control_outcome=0.3, true_att_pp=2.5, point_identified=p)
        for q, p in zip((4, 5, 8), point, strict=True)])


def _summary(hidden: dict[int, tuple[str, ...]]) -> pd.DataFrame:
    s = pd.DataFrame({"measure": "inburgering", "estimand": "now_vs_never",
                      "quarter_since_start": [4, 5, 8], "matched_pp": 2.0, "ci_low": -6.0,
                      "ci_high": 10.0, "matched_rel_pct": np.nan})
    for q, cols in hidden.items():
        s.loc[s["quarter_since_start"] == q, list(cols)] = np.nan
    return s


def test_hidden_bounds_are_called_bounds():
    summary = _summary({5: ("ci_low", "ci_high"), 8: ("matched_pp", "ci_low", "ci_high")})
    text = claims._inburgering_sentence(_inburgering((True, False, False)), [4, 5, 8], 20,
                                        summary=summary, estimand="now_vs_never")
    assert "(at 5 and 8 quarters the table hides its worst-case bounds, and so does this " \
        "sentence)" in text, text
    assert "hides the estimate" not in text, text


def test_hidden_point_and_hidden_bounds_each_named():
    summary = _summary({5: ("matched_pp", "ci_low", "ci_high"),
                        8: ("matched_pp", "ci_low", "ci_high")})
    text = claims._inburgering_sentence(_inburgering((True, True, False)), [4, 5, 8], 20,
                                        summary=summary, estimand="now_vs_never")
    assert ("(at 5 quarters the table hides the estimate; at 8 quarters the table hides its "
            "worst-case bounds, and so does this sentence)") in text, text


def test_no_stated_horizon_says_which_count():
    """(b): 456 starters at every horizon, too few twins who entered: not "too few
    starters"; 5 starters: not "too few who entered or did not"."""
    many = _inburgering((True,) * 3).assign(n_treated=456, control_outcome=0.004)
    text = claims._inburgering_sentence(many, [4, 5, 8], 20, estimand="now_vs_never")
    assert text == ("the matched effect of inburgering rests on too few who entered or did "
                    "not at 4, 5 and 8 quarters to be stated"), text
    few = _inburgering((True,) * 3).assign(n_treated=5)
    text = claims._inburgering_sentence(few, [4, 5, 8], 20, estimand="now_vs_never")
    assert text == ("the matched effect of inburgering rests on too few starters at 4, 5 "
                    "and 8 quarters to be stated"), text


def test_bounds_only_sentence_says_the_table_hides_bounds():
    """(c) on seed 2024: bounds at 4 quarters shown, at 5 and 8 hidden."""
    summary = _summary({5: ("ci_low", "ci_high"), 8: ("matched_pp", "ci_low", "ci_high")})
    text = claims._inburgering_sentence(_inburgering((False,) * 3), [4, 5, 8], 20,
                                        summary=summary, estimand="now_vs_never")
    assert text.endswith("(at 5 and 8 quarters the table hides its worst-case bounds)"), text
