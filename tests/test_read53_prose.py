"""read53: chapters 4-6 re-read on seeds 4245-4249 against the numbers of the same run."""

from __future__ import annotations

import pandas as pd
from newcomer_claims_inputs import newcomer_inputs

from mia_helpers import claims


def _step_rows(curves: dict[str, tuple[list[float], list[float]]]) -> pd.DataFrame:
    """Matched and naive rows at quarters 4-8, the band symmetric about the estimate."""
    rows = []
    for step, (att, low) in curves.items():
        for est in ("naive", "matched"):
            rows += [{"measure": step, "estimand": "now_vs_later", "estimator": est,
                      "quarter_since_start": k, "att_pp": a, "ci_low": lo,
                      "ci_high": a + (a - lo), "se": 1.2, "n_treated": 300,
                      "true_att_pp": 1.0}
                     for k, a, lo in zip([4, 5, 6, 7, 8], att, low, strict=True)]
    return pd.DataFrame(rows)


def test_zero_band_sentence_names_quarters_whose_band_still_includes_zero():
    # seed 4245 (min_cell 20): inburgering's bands at quarters 4-8 had lower bounds -0.59,
    # -0.03, 0.39, 0.34, 0.01 (average 0.02, "not for inburgering contract"), while the
    # summary table printed 0.8 [-0.6, 2.2], 1.5 [0.0, 3.1] and 2.0 [0.0, 4.0] at 4, 5, 8
    tidy = _step_rows({"inburgering": ([0.82, 1.55, 2.08, 2.19, 2.00],
                                       [-0.59, -0.03, 0.39, 0.34, 0.01]),
                       "mo": ([0.38, -0.12, 0.31, 0.50, -0.07],
                              [-1.72, -2.54, -2.38, -2.40, -3.27]),
                       "nt2": ([2.21, 2.50, 2.92, 3.13, 3.32], [1.18, 1.38, 1.70, 1.81, 1.91])})
    steps, feeder, comp = newcomer_inputs()
    s = claims.newcomer_claims(tidy, steps, feeder, comp, "now_vs_later",
                               min_cell=10)["nc_zero_sentence"]
    assert s.startswith("The matched band includes zero on average over those quarters for "
                        "MO (social orientation), not for Inburgering contract and NT2"), s
    assert "; the band of Inburgering contract still includes zero at quarters 4, 5 and 8" in s
    assert "NT2 (Dutch course) still" not in s  # every band of NT2 lies above zero
    assert "MO (social orientation) still" not in s  # its average band includes zero: no note


def test_ranking_summary_names_the_quarter_it_ranks_at():
    # seed 4245: newcomers' IBO 4.6, vocational 0.4, other workplace learning 5.6 points at 4
    # quarters and 5.7, -0.2, 5.3 at 5; the summary bullet read "IBO returns most for
    # newcomers among the measures compared", true at 5 quarters only
    rows = []
    for q, vals in ((4, (4.6, 0.4, 5.6)), (5, (5.7, -0.2, 5.3)), (8, (7.7, 1.6, 4.8))):
        for m, a in zip(("workplace_learning_ibo", "training_vocational",
                         "workplace_learning_other"), vals, strict=True):
            for pop, v in (("newcomer", a), ("resident", a + 3.0)):
                rows.append(dict(population=pop, measure=m, quarter_since_start=q, att_pp=v))
    text, summary = claims.measure_ranking_sentences(pd.DataFrame(rows), 5)
    assert text.startswith("At 5 quarters the measure that returns most is IBO"), text
    assert summary.startswith("IBO returns most for newcomers at 5 quarters among the "
                              "measures compared"), summary
