"""Chapter 5's inburgering sentence says where the table hides the bounds of a "now versus
never" effect that is not point-identified (read47).

Found by an analyst re-run of chapter 5 (read47: seed 2024, 6,000 residents, 3,000 newcomers,
min_cell 20, window 2007Q1-2015Q4, ``-p estimand now_vs_never``): the summary table gave the
contract's bounds at 4 quarters ("bounds [-14.3, 4.1]") and "x" at 5 and 8 quarters (bounds
hidden: at 5 by the interval rule, at 8 since one side's entrants are few), but the prose read
'the matched "now versus never" effect of inburgering is not point-identified at 4 and 5
quarters, where the table gives worst-case bounds': 5 quarters has no bounds in the table, and
8 quarters was not named. For a row without a point the table shows its interval, so a hidden
interval is a hidden row; a horizon the table hides for too few entrants is named as hidden
too.

Data: hand-made effect rows and a summary with the hidden cells missing (the shape of
:func:`mia_helpers.effect_tables.summary_table`'s ``.data``); no tolerance.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import claims

Q = (4, 5, 8)


def _tidy(point: tuple[bool, ...] = (False,) * 3) -> pd.DataFrame:
    return pd.DataFrame([dict(
        measure="inburgering", estimand="now_vs_never", estimator="matched",
        quarter_since_start=q, att_pp=-2.0 + i, ci_low=-14.3 - i, ci_high=4.1 + i, se=3.0,
        n_treated=900 - 50 * i, treated_outcome=0.3, control_outcome=0.32,
        true_att_pp=2.0 + i, point_identified=p)
        for i, (q, p) in enumerate(zip(Q, point, strict=True))])


def _summary(hidden: dict[int, tuple[str, ...]]) -> pd.DataFrame:
    s = pd.DataFrame({"measure": "inburgering", "estimand": "now_vs_never",
                      "quarter_since_start": list(Q), "matched_pp": [-2.0, -1.0, 0.0],
                      "ci_low": [-14.3, -15.3, -16.3], "ci_high": [4.1, 5.1, 6.1],
                      "matched_rel_pct": [np.nan] * 3})
    for q, cols in hidden.items():
        s.loc[s["quarter_since_start"] == q, list(cols)] = np.nan
    return s


def test_hidden_bounds_are_not_said_to_be_given():
    summary = _summary({5: ("ci_low", "ci_high"), 8: ("matched_pp", "ci_low", "ci_high")})
    text = claims._inburgering_sentence(_tidy(), list(Q), 20, summary=summary,
                                        estimand="now_vs_never")
    assert text.startswith('the matched "now versus never" effect of inburgering is not '
                           "point-identified at 4 quarters, where the table gives worst-case "
                           "bounds"), text
    assert "at 5 and 8 quarters the table hides it" in text


def test_a_horizon_hidden_for_few_entrants_is_named():
    tidy = _tidy()
    few = tidy["quarter_since_start"] == 8
    tidy.loc[few, "control_outcome"] = 0.004  # about 3 of the twins' treated-equivalents
    summary = _summary({8: ("matched_pp", "ci_low", "ci_high")})
    text = claims._inburgering_sentence(tidy, list(Q), 20, summary=summary,
                                        estimand="now_vs_never")
    assert "at 4 and 5 quarters, where the table gives worst-case bounds" in text
    assert "at 8 quarters the table hides it" in text


def test_shown_bounds_unchanged():
    text = claims._inburgering_sentence(_tidy(), list(Q), 20, summary=_summary({}),
                                        estimand="now_vs_never")
    assert "not point-identified at 4, 5 and 8 quarters, where the table gives" in text
    assert "hides" not in text
