"""Chapter 5's inburgering sentence follows the estimand the chapter runs (prose47).

Found by an analyst re-run of chapter 5 with ``-p estimand now_vs_never`` (defaults
otherwise): beside a summary table and curves of "now versus never", the prose stated 'the
matched "now versus later" effect of inburgering at 4, 5 and 8 quarters is 2.3, 2.8 and 3.0
points against a truth of 1.0, 1.3 and 1.8' (late24 had only named the other estimand), and
judged which horizon the table hides against the other estimand's table. The sentence now
reads the rows of ``estimand``; a horizon where that effect is not point-identified (worst-case
bounds, as "now versus never" often is) states no value and is named.

Data: hand-made effect rows (values chosen apart per estimand); no tolerance.
"""

from __future__ import annotations

import inspect

import pandas as pd

from mia_helpers import claims


def _rows(estimand: str, att: float, truth: float, point: tuple[bool, ...] = (True,) * 3):
    return [dict(measure="inburgering", estimand=estimand, estimator="matched",
                 quarter_since_start=q, att_pp=att + i, ci_low=att + i - 2, ci_high=att + i + 2,
                 se=1.0, n_treated=300, treated_outcome=0.4, control_outcome=0.42,
                 true_att_pp=truth + i, point_identified=p)
            for i, (q, p) in enumerate(zip((4, 5, 8), point, strict=True))]


def _tidy(point_never=(True,) * 3) -> pd.DataFrame:
    return pd.DataFrame(_rows("now_vs_later", 2.3, 1.0) + _rows("now_vs_never", -4.0, -3.5,
                                                                 point_never))


def test_a_never_run_states_the_never_values():
    text = claims._inburgering_sentence(_tidy(), [4, 5, 8], 10, estimand="now_vs_never")
    assert text.startswith('the matched "now versus never" effect of inburgering at 4, 5 and 8')
    assert "-4.0, -3.0 and -2.0 points against a truth of -3.5, -2.5 and -1.5" in text
    assert "now versus later" not in text and "2.3" not in text


def test_the_default_still_reads_now_versus_later():
    text = claims._inburgering_sentence(_tidy(), [4, 5, 8], 10)
    assert text.startswith('the matched "now versus later" effect of inburgering at 4, 5 and 8')
    assert "2.3, 3.3 and 4.3 points" in text


def test_bounds_state_no_value_and_are_named():
    text = claims._inburgering_sentence(_tidy((True, True, False)), [4, 5, 8], 10,
                                        estimand="now_vs_never")
    assert "at 4 and 5 quarters is -4.0 and -3.0 points" in text
    assert "-2.0" not in text
    assert "at 8 quarters it is not point-identified" in text
    none = claims._inburgering_sentence(_tidy((False,) * 3), [4, 5, 8], 10,
                                        estimand="now_vs_never")
    assert none.startswith('the matched "now versus never" effect of inburgering is not '
                           "point-identified at 4, 5 and 8 quarters")
    assert "points" not in none


def test_newcomer_claims_passes_the_chapters_estimand():
    src = inspect.getsource(claims.newcomer_claims)
    assert "summary=summary, estimand=estimand)" in src
