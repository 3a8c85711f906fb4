"""trial25b: chapter 5's summary bullet said "IBO returns most for newcomers among the
measures compared" while Other workplace learning, compared too, had only worst-case bounds
(seed 6868, 2,500 newcomers, min_cell 11, "now versus never"): a bound is not ranked, so the
top is the top only among the measures whose effect can be stated."""

from __future__ import annotations

import pandas as pd

from mia_helpers import claims, newcomers

IBO, VOC, OTHER = "workplace_learning_ibo", "training_vocational", "workplace_learning_other"


def _tidy(bounded: dict[str, bool], att: dict[str, float]) -> pd.DataFrame:
    """Matched and naive "now versus never" rows at quarter 5, 200 starters each, half of
    whom entered (no share rule hides anything at min_cell 10)."""
    rows = []
    for m, a in att.items():
        m1, m0 = 0.5, 0.5 - a / 100
        row = dict(measure=m, estimand="now_vs_never", quarter_since_start=5, att_pp=a,
                   att_rel=m1 / m0 - 1, ci_low=a - 30, ci_high=a + 30, n_treated=200,
                   treated_outcome=m1, control_outcome=m0)
        rows.append({**row, "estimator": "matched", "point_identified": not bounded[m]})
        rows.append({**row, "estimator": "naive", "point_identified": True})
    return pd.DataFrame(rows)


def test_summary_does_not_rank_over_a_bounded_measure():
    att = {IBO: 5.4, VOC: 3.0, OTHER: 2.9}
    nc = _tidy({IBO: False, VOC: False, OTHER: True}, att)
    res = _tidy({IBO: False, VOC: False, OTHER: False}, {IBO: 13.1, VOC: 6.8, OTHER: 4.7})
    comp = newcomers.measure_comparison(nc, res, None, (5,), "now_vs_never", 10)
    _, summary = claims.measure_ranking_sentences(comp, 5)
    assert "among the measures compared" not in summary, summary
    assert summary.startswith("IBO returns most for newcomers among the measures whose effect "
                              "can be stated"), summary
    # every measure point-identified: compared, as before
    comp = newcomers.measure_comparison(_tidy(dict.fromkeys(att, False), att), res, None, (5,),
                                        "now_vs_never", 10)
    _, summary = claims.measure_ranking_sentences(comp, 5)
    assert summary.startswith("IBO returns most for newcomers among the measures compared"), \
        summary
