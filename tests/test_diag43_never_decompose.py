"""The reading of ``benchmarks/never_decompose.py`` (fortieth session): the parts close to the
error, a part is located by the rule fixed in its docstring, and unidentified rows are left
out. Synthetic frames, no generator run."""

from __future__ import annotations

import numpy as np
import pandas as pd
from benchmark_module import load_benchmark

nd = load_benchmark("never_decompose")


def frame(n: int = 40, matching_pp: float = 0.5, flagged: int = 0) -> pd.DataFrame:
    """``n`` data sets at quarters 4 and 5: a matching part of ``matching_pp`` +- 0.3 pp
    (alternating), a censoring part of exactly 0 +- 0.3 pp on average, residual 0.1 pp;
    the first ``flagged`` data sets without a point estimate and a wild error."""
    rows = []
    for s in range(n):
        sign = 1 if s % 2 else -1
        for k in (4, 5):
            y0_st = 0.10
            y0_tw = y0_st - (matching_pp + 0.3 * sign) / 100
            km = y0_tw - 0.3 * sign / 100
            truth = 2.0
            m1 = y0_st + (truth + 0.1) / 100
            att = 100 * (m1 - km) + (50.0 if s < flagged else 0.0)
            rows.append(dict(seed=s, quarter_since_start=k, att_pp=att, true_att_pp=truth,
                             point_identified=s >= flagged, unsupported_share=0.0,
                             m1=m1, km=km - (0.5 if s < flagged else 0.0), y0_starters=y0_st,
                             y0_twins=y0_tw, tie_share=0.5))
    return pd.DataFrame(rows)


def test_parts_close_and_the_matching_part_is_located():
    tab = nd.table(frame(), quarters=(4, 5))
    assert (tab["data_sets"] == 40).all()
    assert tab["closure"].max() < 1e-9  # error = matching + censoring + residual
    np.testing.assert_allclose(tab["matching"], 0.5, atol=1e-9)
    np.testing.assert_allclose(tab["censoring"], 0.0, atol=1e-9)
    np.testing.assert_allclose(tab["residual"], 0.1, atol=1e-9)
    assert nd.verdict(tab) == {4: "matching", 5: "matching"}


def test_nothing_is_located_below_the_minimum_part_or_within_two_se():
    assert nd.verdict(nd.table(frame(n=nd.MIN_PART - 1), quarters=(4, 5))) == {
        4: "neither", 5: "neither"}
    # 0.05 pp against an SE of 0.3 / sqrt(40) = 0.047 pp: about 1 SE, not located
    assert nd.verdict(nd.table(frame(matching_pp=0.05), quarters=(4, 5))) == {
        4: "neither", 5: "neither"}


def test_rows_without_a_point_estimate_are_left_out():
    tab = nd.table(frame(n=45, flagged=5), quarters=(4, 5))
    assert (tab["data_sets"] == 40).all()
    np.testing.assert_allclose(tab["error"], 0.6, atol=1e-9)
