"""Chapter 4's lock-in reading respects every reason a first-quarter effect is hidden, the
summary table's own rules too (prose29: ``claims.lock_in`` read only the few-starters and
few-entrants rules, so at ``max_quarter`` 1, where the summary shows the first quarter, it
read the sign of an effect the 1/(k n) grid rule hides there, and the sentence gave "too
few who entered or did not" as the reason for a hidden effect of another cause)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import claims

IBO, BASIC, OTHER = "workplace_learning_ibo", "training_basic", "workplace_learning_other"


def _tidy() -> pd.DataFrame:
    """First-quarter matched effects, each locked in (interval below zero): IBO and basic
    training on 200 starters of whom 40 entered (shown by the starters and entrants rules),
    other workplace learning on 6 starters (hidden on few starters)."""
    rows = []
    for m, n in ((IBO, 200), (BASIC, 200), (OTHER, 6)):
        rows.append(dict(measure=m, estimand="now_vs_later", estimator="matched",
                         quarter_since_start=1, att_pp=-5.0, ci_low=-8.0, ci_high=-2.0,
                         n_treated=n, treated_outcome=0.2, control_outcome=0.25,
                         att_rel=-0.2))
    return pd.DataFrame(rows)


def _summary(hidden: str = "effect") -> pd.DataFrame:
    """The published summary at its one horizon (``max_quarter`` 1): IBO's effect (or only
    its interval, ``hidden="interval"``) hidden by a rule other than the starters and
    entrants rules (the grid rule), basic training's shown."""
    s = pd.DataFrame({"measure": [IBO, BASIC], "estimand": "now_vs_later",
                      "quarter_since_start": 1, "matched_pp": [-5.0, -5.0],
                      "ci_low": [-8.0, -8.0], "ci_high": [-2.0, -2.0],
                      "matched_rel_pct": [np.nan, np.nan]})
    cols = ["matched_pp", "ci_low", "ci_high"] if hidden == "effect" else ["ci_low", "ci_high"]
    s.loc[0, cols] = np.nan
    return s


def test_lock_in_does_not_read_an_effect_the_summary_hides():
    t = _tidy()
    assert claims.lock_in(t, "now_vs_later", min_cell=10) == [IBO, BASIC]  # without summary
    for part in ("effect", "interval"):
        s = _summary(part)
        assert claims.lock_in(t, "now_vs_later", min_cell=10, summary=s) == [BASIC], part
        assert claims.lock_in_unread(t, "now_vs_later", min_cell=10, summary=s) == [IBO, OTHER]
        assert claims.lock_in_reasons(t, "now_vs_later", min_cell=10, summary=s) == {
            IBO: "summary", OTHER: "starters"}
        assert claims.lock_in_few_starters(t, "now_vs_later", min_cell=10,
                                           summary=s) == [OTHER]


def test_lock_in_sentence_names_the_true_reason():
    t, s = _tidy(), _summary()
    reasons = claims.lock_in_reasons(t, "now_vs_later", min_cell=10, summary=s)
    locked = claims.lock_in(t, "now_vs_later", min_cell=10, summary=s)
    text = claims.lockin_sentence(locked, [IBO, BASIC, OTHER], list(reasons), reasons=reasons)
    assert text == ("basic training locks its participants in during the first quarter (a "
                    "matched effect whose interval lies below zero); the first-quarter effects "
                    "of IBO and other workplace learning are not published (too few starters "
                    "for other workplace learning, an estimate that would give away a starters "
                    "count the summary table hides for IBO)"), text
    assert "entered or did not" not in text
    # without reasons every cause is named, the summary table's too
    text = claims.lockin_sentence([], [IBO], [IBO])
    assert text.endswith("(too few starters, or too few who entered or did not, or an "
                         "estimate that would give away a starters count the summary table "
                         "hides)"), text


def test_hazard_sentence_does_not_set_a_hidden_curve_against_the_hazard():
    text = claims.hazard_q1_sentence([IBO], [], locked=[], unread=[IBO])
    assert "curves above" not in text, text
    assert "but not in the curves above" in claims.hazard_q1_sentence([IBO], [], locked=[])
