"""Referee ref55: the gap between issue 14's truth (``true_att_pp``, all starters) and the
matched estimator's own estimand (``true_att_matched_pp``, the matched starters) in the pooled
bias of rule S3 (mia_helpers.montecarlo_switched), on the shipped studies (base 2005), and the
rate at which S3's first Holm step (two-sided, 0.05 / 8) calls an estimator exact for the
matched starters defective because of it (normal approximation). Prints figures only."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from mia_helpers.labels import not_point_identified


def main() -> None:
    nc = pd.read_parquet("results/montecarlo_newcomers.parquet")
    ap = pd.read_parquet("results/montecarlo_appendix_a.parquet")
    res = {"inburgering": nc, **{m: ap[ap.study == m] for m in
                                  ("ibo", "basic_training", "zero_effect")}}
    crit = stats.norm.isf(0.05 / 8 / 2)
    for name, df in res.items():
        d = df[(df.estimator == "matched") & df.quarter_since_start.between(4, 8)]
        d = d[~not_point_identified(d)]
        for est, e in d.groupby("estimand"):
            w = (e.assign(err=e.att_pp - e.true_att_pp, errm=e.att_pp - e.true_att_matched_pp)
                 .pivot_table(index="seed", columns="quarter_since_start",
                              values=["err", "errm"]).dropna())
            if len(w) < 30:
                continue
            pe, pm = w["err"].mean(axis=1), w["errm"].mean(axis=1)
            se = pe.std(ddof=1) / np.sqrt(len(pe))
            gap = float((pe - pm).mean())  # truth over matched minus truth over all starters
            rate = stats.norm.cdf(-crit - gap / se) + stats.norm.sf(crit - gap / se)
            print(f"{name} {est}: pooled bias vs all starters {pe.mean():.3f} pp, vs matched "
                  f"{pm.mean():.3f} pp; an estimator exact for the matched starters shows "
                  f"{gap:.3f} pp = {gap / se:.2f} pooled MC SE; S3 first-step rate {rate:.3f}")


if __name__ == "__main__":
    main()
