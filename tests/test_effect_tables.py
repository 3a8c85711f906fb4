"""The effects summary with the matched starters as quarter 0 of the horizon rule.

A reader holding the common-support table (matched starters per measure) and the summary
(treated still followed at quarter 4, 5, 8) could subtract them; the disclosure helper found
39 - 30 = 9 censored starters of sanction transmission at min_cell 10 (issue: disclosure
control is correctness).
"""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers import effect_tables, effects


class _Result:
    """An EffectsResult's ``support()``: matched starters per measure and risk set."""

    def __init__(self, starters: int) -> None:
        self.starters = starters

    def support(self) -> pd.DataFrame:
        return pd.DataFrame({"measure": ["sanction_transmission"] * 2, "risk_set": [0, 1],
                             "n_matched": [self.starters - 20, 20]})


def _tidy(counts=((4, 30), (5, 29), (8, 15))) -> pd.DataFrame:
    return pd.DataFrame([
        dict(measure="sanction_transmission", estimand="now_vs_later", estimator=e,
             quarter_since_start=q, att_pp=1.0, att_rel=0.1, ci_low=0.0, ci_high=2.0,
             n_treated=n) for q, n in counts for e in ("matched", "naive")])


def test_a_count_close_to_the_starters_is_hidden():
    plain = effects.summary_table(_tidy(), (4, 5, 8)).render()
    assert str(plain["n_treated"].tolist()[0]) == "30"  # effects.summary_table alone shows it
    t = effect_tables.summary_table(_tidy(), _Result(39), (4, 5, 8))
    assert [str(v) for v in t.render()["n_treated"]] == ["x", "29", "15"]
    assert t.reason["n_treated"].tolist() == ["horizon", "", ""]
    assert (t.data["quarter_since_start"] > 0).all() and len(t) == 3  # no quarter-0 row


def test_far_from_the_starters_the_table_is_the_plain_one():
    t = effect_tables.summary_table(_tidy(), _Result(45), (4, 5, 8))
    plain = effects.summary_table(_tidy(), (4, 5, 8))
    pd.testing.assert_frame_equal(t.render(), plain.render())


def test_bad_calls_are_refused():
    with pytest.raises(ValueError, match="quarters must be >= 1"):
        effect_tables.summary_table(_tidy(), _Result(45), (0, 4))
    other = _tidy().assign(measure="training_basic")
    with pytest.raises(ValueError, match="no matched starters.*training_basic"):
        effect_tables.summary_table(other, _Result(45), (4, 5, 8))
