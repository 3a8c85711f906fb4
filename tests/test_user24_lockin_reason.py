"""Chapter 4's lock-in sentence names the reason a first-quarter effect is hidden: too few
starters, or too few who entered or did not, not both for every measure (user24, seed 4242,
2,000 residents, min_cell 11: basic training's first-quarter effect on 162 starters, 7 of
whom entered, read "too few starters, or too few who entered or did not" beside a support
table of 180 matched starters)."""

from __future__ import annotations

import pandas as pd

from mia_helpers import claims


def _tidy() -> pd.DataFrame:
    """First-quarter matched effects: IBO on 162 starters of whom 7 entered (hidden on few
    entrants), basic training on 6 starters (hidden on few starters), other workplace learning
    on 200 starters of whom 40 entered (published)."""
    rows = []
    for m, n, m1 in (("workplace_learning_ibo", 162, 7 / 162), ("training_basic", 6, 3 / 6),
                     ("workplace_learning_other", 200, 40 / 200)):
        rows.append(dict(measure=m, estimand="now_vs_later", estimator="matched",
                         quarter_since_start=1, att_pp=-2.0, ci_low=-6.0, ci_high=2.0,
                         n_treated=n, treated_outcome=m1, control_outcome=m1 + 0.02,
                         att_rel=-10.0))
    return pd.DataFrame(rows)


def test_few_starters_are_told_apart_from_few_entrants():
    t = _tidy()
    unread = claims.lock_in_unread(t, "now_vs_later", min_cell=11)
    assert unread == ["workplace_learning_ibo", "training_basic"]
    few = claims.lock_in_few_starters(t, "now_vs_later", min_cell=11)
    assert few == ["training_basic"]
    s = claims.lockin_sentence([], list(t["measure"]), unread, few)
    assert s.endswith("are not published (too few starters for basic training, too few who "
                      "entered or did not for IBO)"), s
    s = claims.lockin_sentence([], ["workplace_learning_ibo"], ["workplace_learning_ibo"],
                               few)
    assert s == ("the first-quarter effect of IBO is not published (too few who entered or "
                 "did not)"), s
