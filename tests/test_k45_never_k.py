"""The summary and reading of ``benchmarks/never_k.py`` (forty-second session, k45) on small
hand-made frames (no generator run), and the claim of its protocol that k = 3 is the
package's current value."""

from __future__ import annotations

import inspect

import numpy as np
import pandas as pd
import pytest
from benchmark_module import load_benchmark

from mia_helpers import montecarlo_newcomers as mcn

nk = load_benchmark("never_k")


def frame(ks: tuple[int, ...] = (3, 5), seeds: int = 4, flagged: dict | None = None
          ) -> pd.DataFrame:
    """``seeds`` data sets per k at quarters 4 and 5 ("now versus never", matched), plus a
    naive row and a "now versus later" row that the summary must leave out. Errors
    alternate +1/-1 pp around a bias of 0.5 pp at k = 3 and 0 at other k; the interval is
    estimate +-2 pp (every one covers); ``flagged[(k, q)]`` data sets (the first ones) are
    bounds: wide interval [-50, 50], not point estimates."""
    flagged = flagged or {}
    rows = []
    for k in ks:
        for s in range(seeds):
            for q in (4, 5):
                err = (0.5 if k == 3 else 0.0) + (1.0 if s % 2 else -1.0)
                bound = s < flagged.get((k, q), 0)
                att = 2.0 + err
                lo, hi = (-50.0, 50.0) if bound else (att - 2.0, att + 2.0)
                base = dict(k=k, seed=100 + s, quarter_since_start=q, att_pp=att,
                            true_att_pp=2.0, ci_low=lo, ci_high=hi,
                            effective_controls=10.0 * k + s, unsupported_share=0.0,
                            point_identified=not bound)
                rows.append({**base, "estimand": "now_vs_never", "estimator": "matched"})
                rows.append({**base, "estimand": "now_vs_never", "estimator": "naive",
                             "att_pp": 99.0, "effective_controls": np.nan})
                rows.append({**base, "estimand": "now_vs_later", "estimator": "matched",
                             "att_pp": 2.0, "ci_low": 1.0, "ci_high": 3.0,
                             "point_identified": True, "effective_controls": np.nan})
    return pd.DataFrame(rows)


def test_k3_is_the_package_value():
    assert nk.KS[0] == mcn.INBURGERING_STUDY["k"] == 3
    assert inspect.signature(mcn.replication).parameters["k"].default == 3


def test_summary_counts_bias_coverage_twins_and_widths():
    s = nk.k_summary(frame(flagged={(3, 5): 2}), quarters=(4, 5)).set_index(
        ["k", "quarter_since_start"])
    assert len(s) == 4 and (s["data_sets"] == 4).all()
    assert s.loc[(3, 5), "point_estimates"] == 2 and s.loc[(3, 5), "point_share"] == 0.5
    assert s.loc[(3, 4), "point_estimates"] == 4
    # errors -0.5, +1.5, -0.5, +1.5 at k = 3, q = 4: bias 0.5, SD 2/sqrt(3), SE SD / 2
    assert s.loc[(3, 4), "bias"] == pytest.approx(0.5)
    assert s.loc[(3, 4), "mc_se_bias"] == pytest.approx(np.sqrt(4 / 3) / 2)
    assert s.loc[(5, 4), "bias"] == pytest.approx(0.0)
    # the two point estimates left at (3, 5) are seeds 2 and 3: errors -0.5 and +1.5
    assert s.loc[(3, 5), "bias"] == pytest.approx(0.5)
    assert (s["coverage"] == 1.0).all() and (s["width_point"] == 4.0).all()
    # bounds enter the width of all intervals only: (2 x 100 + 2 x 4) / 4
    assert s.loc[(3, 5), "width_all"] == pytest.approx(52.0)
    assert s.loc[(5, 4), "mean_effective_twins"] == pytest.approx(51.5)
    # the band widened for 2 point estimates (coverage_tolerance), 4 for the others
    assert s.loc[(3, 5), "cov_low"] < s.loc[(3, 4), "cov_low"] < 0.90


def test_one_or_no_point_estimate():
    s = nk.k_summary(frame(flagged={(3, 5): 3, (5, 5): 4}), quarters=(4, 5)).set_index(
        ["k", "quarter_since_start"])
    assert s.loc[(3, 5), "point_estimates"] == 1 and np.isnan(s.loc[(3, 5), "mc_se_bias"])
    assert s.loc[(5, 5), "point_estimates"] == 0 and np.isnan(s.loc[(5, 5), "bias"])
    assert np.isnan(s.loc[(5, 5), "width_point"]) and s.loc[(5, 5), "width_all"] == 100.0


def test_reading_rule_needs_more_point_estimates_and_no_lost_criterion():
    rows = frame(flagged={(3, 5): 2})  # k = 5 gives two more point estimates at quarter 5
    s = nk.k_summary(rows, quarters=(4, 5))
    read = nk.reading(s, nk.criteria(rows, quarters=(4, 5)))
    assert read[3]["qualifies"] is False and read[3]["more_points"] is False
    assert read[5] == dict(never_criteria=True, more_points=True, later_kept=True,
                           qualifies=True)
    assert nk.recommendation(read, s) == 5
    # the same point estimates at both k: no recommendation
    same = frame()
    s2 = nk.k_summary(same, quarters=(4, 5))
    read2 = nk.reading(s2, nk.criteria(same, quarters=(4, 5)))
    assert read2[5]["more_points"] is False and nk.recommendation(read2, s2) is None
    # fewer at one quarter blocks it even with more in total
    mixed = frame(ks=(3, 5), flagged={(3, 5): 3, (5, 4): 1})
    s3 = nk.k_summary(mixed, quarters=(4, 5))
    assert nk.reading(s3, nk.criteria(mixed, quarters=(4, 5)))[5]["more_points"] is False


def test_a_failed_bias_blocks_the_recommendation():
    rows = frame(flagged={(3, 5): 2})
    # k = 5 errors all +1 pp at quarter 4: bias 1 with MC SE 0, outside 2 SE
    sel = (rows["k"] == 5) & (rows["estimand"] == "now_vs_never") & (
        rows["quarter_since_start"] == 4)
    rows.loc[sel, "att_pp"] = 3.0
    s = nk.k_summary(rows, quarters=(4, 5))
    read = nk.reading(s, nk.criteria(rows, quarters=(4, 5)))
    assert read[5]["never_criteria"] is False and nk.recommendation(read, s) is None


def test_paired_differences_use_data_sets_with_both_point_estimates():
    d = nk.paired_differences(frame(flagged={(3, 4): 1}), quarters=(4, 5)).set_index(
        ["k", "quarter_since_start"])
    assert d.loc[(5, 4), "data_sets"] == 3 and d.loc[(5, 5), "data_sets"] == 4
    # att(5) - att(3) = -0.5 in every data set
    assert d.loc[(5, 5), "mean_diff"] == pytest.approx(-0.5)
    assert d.loc[(5, 5), "se"] == pytest.approx(0.0)
