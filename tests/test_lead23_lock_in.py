"""Chapter 4's lock-in reading reads only the first-quarter effects the tables publish
(late23: ``claims.lock_in`` named measures by the sign of an effect hidden on few entrants)."""

from __future__ import annotations

import pandas as pd

from mia_helpers import claims


def _tidy() -> pd.DataFrame:
    """First-quarter matched effects: IBO locked in on 200 starters of whom 3 entered (hidden
    by the few-entrants rule), basic training locked in on 200 starters, 40 entered."""
    rows = []
    for m, m1 in (("workplace_learning_ibo", 3 / 200), ("training_basic", 40 / 200)):
        rows.append(dict(measure=m, estimand="now_vs_later", estimator="matched",
                         quarter_since_start=1, att_pp=-5.0, ci_low=-8.0, ci_high=-2.0,
                         n_treated=200, treated_outcome=m1, control_outcome=m1 + 0.05,
                         att_rel=-25.0))
    return pd.DataFrame(rows)


def test_lock_in_reads_published_effects_only():
    t = _tidy()
    assert claims.lock_in(t, "now_vs_later") == ["workplace_learning_ibo", "training_basic"]
    assert claims.lock_in(t, "now_vs_later", min_cell=10) == ["training_basic"]
    assert claims.lock_in_unread(t, "now_vs_later", min_cell=10) == ["workplace_learning_ibo"]
    assert claims.lock_in_unread(t, "now_vs_later") == []


def test_lockin_sentence_names_the_hidden_effect_apart():
    measures = ["workplace_learning_ibo", "training_basic"]
    s = claims.lockin_sentence(["training_basic"], measures, ["workplace_learning_ibo"])
    assert s == ("basic training locks its participants in during the first quarter (a "
                 "matched effect whose interval lies below zero); the first-quarter effect of "
                 "IBO is not published (too few starters, or too few who entered or did not, "
                 "or an estimate that would give away a starters count the summary table "
                 "hides)"), s  # without reasons every cause is named (prose29)
    s = claims.lockin_sentence([], measures, measures)
    assert s.startswith("the first-quarter effects of ") and "are not published" in s, s
