"""dpo27: the rendement curves and the bias table hide what the effects summary hides.

The summary hides an effect (and its interval, its relative effect) where, printed beside a
starters count the horizon rule hid, it narrows that count (dpo26: ``share_pins_count``,
``effect_pins_count`` on ``effect_grid``, ``bound_pins_count``). The curves drew the same
effect and the bias table averaged it beside the published truths and the other horizons'
estimates, which gives it back. Seen on seed 5252, 3,000 residents, 1,200 newcomers,
``min_cell`` 11, chapter 4: sanction transmission's 9.2 pp at quarter 5 (121 starters, ``x``
after 122) and 6.6 pp at 8 (114) were hidden in the summary, drawn in the figure, and in the
bias table's 4.4 pp (quarters 4 to 8). The rows below are made by hand on dpo26's numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import claims, effects
from mia_helpers.effect_tables import hide_as_summary, hide_one_sided_points, summary_hides

MIN_CELL = 11
TRUTH = {4: -1.0, 5: 0.5, 8: 2.0}  # made up: the truth is published beside the estimates
#: matched rows: quarter -> (starters n, starters who entered a, twins who entered B in
#: treated-equivalents, a multiple of 1/6 for k 3); effect (a - B) / n. At 5 quarters the
#: 70 starters (``x`` after 71) and -2.62 pp: on the grid of 1/(6 n) only 63, 64, 65 and 70
#: of 61..70 fit (dpo26's newcomers' vocational training); enough entrants and
#: non-entrants on both sides, so no other rule hides it
#: mediation guidance: counts far apart, published, nothing hidden
MATCHED = {"training_vocational": {4: (71, 15, 16.0), 5: (70, 20, 131 / 6), 8: (56, 20, 19.5)},
           "mediation_guidance": {4: (300, 60, 55.5), 5: (280, 70, 64.0), 8: (250, 80, 70.5)}}


def _tidy() -> pd.DataFrame:
    rows = []
    for (measure, q), (n, a, b) in ((mq, v) for m, by_q in MATCHED.items()
                                     for mq, v in (((m, q), v) for q, v in by_q.items())):
        att = 100 * (a - b) / n
        rows.append({"measure": measure, "estimand": "now_vs_later",
                     "quarter_since_start": q, "estimator": "matched", "att_pp": att,
                     "att_rel": (a - b) / b, "ci_low": att - 10, "ci_high": att + 10,
                     "n_treated": n, "treated_outcome": a / n, "control_outcome": b / n,
                     "treated_entered_persons": a, "treated_not_entered_persons": n - a,
                     "treated_persons": n, "control_entered_persons": 60,
                     "control_not_entered_persons": 140, "true_att_pp": TRUTH[q]})
        rows.append({**rows[-1], "estimator": "naive", "att_pp": 1.0 + q / 4,
                     "att_rel": 0.05, "ci_low": -5.0, "ci_high": 8.0, "n_treated": 2 * n})
    return pd.DataFrame(rows)


def _at(frame: pd.DataFrame, measure: str, q: int, est: str = "matched") -> pd.Series:
    return frame[(frame["measure"] == measure) & (frame["quarter_since_start"] == q)
                 & (frame["estimator"] == est)].iloc[0]


def test_the_curves_do_not_draw_what_the_summary_hides():
    t = _tidy()
    summary = effects.summary_table(t, (4, 5, 8), min_cell=MIN_CELL)
    d = summary.data.set_index(["measure", "quarter_since_start"])
    assert pd.isna(d.loc[("training_vocational", 5), "matched_pp"])  # the summary hides it
    curves = hide_one_sided_points(effects.curves_for_plot(t, "now_vs_later", MIN_CELL), t,
                                   MIN_CELL)
    assert pd.notna(_at(curves, "training_vocational", 5)["att_pp"])  # drawn before dpo27
    drawn = hide_as_summary(curves, summary)
    for c in ("att_pp", "ci_low", "ci_high", "att_rel"):
        assert pd.isna(_at(drawn, "training_vocational", 5)[c])
    # every matched point and band the summary hides is gone; the rest is drawn as before
    hides = summary_hides(curves, summary)
    assert hides["effect"].sum() >= 1
    assert drawn.loc[hides["effect"], "att_pp"].isna().all()
    assert drawn.loc[hides["interval"], ["ci_low", "ci_high"]].isna().all().all()
    keep = ~(hides["effect"] | hides["interval"] | hides["relative"])
    pd.testing.assert_frame_equal(drawn[keep], curves[keep])
    # the naive curve is the summary's naive effect, never hidden by these rules
    assert pd.notna(_at(drawn, "training_vocational", 5, "naive")["att_pp"])


def test_the_bias_table_does_not_average_what_the_summary_hides():
    t = _tidy()
    summary = effects.summary_table(t, (4, 5, 8), min_cell=MIN_CELL)
    before = claims.bias_table(t, "now_vs_later", [4, 5, 8], min_cell=MIN_CELL).data.set_index(
        "measure")
    # the reader's attack on the old table: the mean bias times 3, plus the three truths,
    # less the two published estimates (one decimal each), is the hidden one within 0.1
    shown = summary.data.set_index(["measure", "quarter_since_start"])["matched_pp"]
    got = (3 * before.loc["training_vocational", "matched_bias_pp"] + sum(TRUTH.values())
           - shown[("training_vocational", 4)] - shown[("training_vocational", 8)])
    true5 = _at(t, "training_vocational", 5)["att_pp"]
    assert abs(got - true5) <= 0.1 + 1e-9 and round(got, 1) == round(true5, 1)
    after = claims.bias_table(t, "now_vs_later", [4, 5, 8], min_cell=MIN_CELL,
                              summary=summary).data.set_index("measure")
    assert after.loc["training_vocational", claims.BIAS_COLUMNS].isna().all()
    # a measure whose matched effects the summary shows at every judged quarter keeps its row
    hidden = summary_hides(t, summary)["effect"]
    kept = set(t["measure"]) - set(t.loc[hidden, "measure"])
    assert kept == {"mediation_guidance"}
    for m in kept:
        pd.testing.assert_series_equal(after.loc[m], before.loc[m])
        assert after.loc[m, claims.BIAS_COLUMNS].notna().all()


def test_summary_hides_names_missing_columns():
    t = _tidy()
    summary = effects.summary_table(t, (4, 5, 8), min_cell=MIN_CELL)
    try:
        summary_hides(t.drop(columns=["estimand"]), summary)
    except ValueError as err:
        assert "estimand" in str(err)
    else:  # pragma: no cover
        raise AssertionError("no error")
    assert not np.any(summary_hides(t[t["quarter_since_start"] == 6], summary)["effect"])


def test_the_bias_sentences_read_no_measure_the_summary_hides():
    t = _tidy()
    summary = effects.summary_table(t, (4, 5, 8), min_cell=MIN_CELL)
    assert "training_vocational" in claims.bias_table_measures(t, "now_vs_later", [4, 5, 8],
                                                               MIN_CELL)
    assert claims.bias_table_measures(t, "now_vs_later", [4, 5, 8], MIN_CELL,
                                      summary=summary) == ["mediation_guidance"]
