"""Trial 23 (seed 5353, window 2007Q1-2018Q4, min_cell 7): chapter 2's KHB table showed "–"
for Southern EU (second generation)'s naive stable-job share with an empty note, because only
the naive (M0) gap's interval includes zero; the note now says so. The by-sex table, which
shows no naive share, keeps an empty note there."""

import numpy as np
import pandas as pd

from mia_helpers.khb import NO_NAIVE_SHARE_NOTE, NO_SHARE_NOTE, KHBResult, share_table


def _result() -> KHBResult:
    terms = ["og[a]", "og[b]", "og[c]"]
    summary = pd.DataFrame({
        "term": terms, "naive": [-0.16, -0.5, 0.05], "reduced": [-0.2, -0.6, 0.08],
        "full": [-0.18, -0.3, 0.1], "diff": [-0.02, -0.3, -0.02], "diff_se": [0.05] * 3,
        "share": [0.1, 0.5, -0.25], "naive_share": [-0.1, 0.4, -1.0],
        "reduced_ci_low": [-0.35, -0.8, -0.1], "reduced_ci_high": [-0.05, -0.4, 0.26],
        "naive_ci_low": [-0.36, -0.7, -0.1], "naive_ci_high": [0.02, -0.3, 0.2]})
    blocks = pd.DataFrame({"term": terms, "block": "individual", "share": [0.1, 0.5, -0.25]})
    return KHBResult(summary=summary, blocks=blocks, link="logit")


def test_naive_share_left_out_is_explained_in_the_note():
    t = share_table({"stable": _result()})
    a, b, c = (t.loc[i] for i in range(3))
    # a: the KHB share is stated, the naive not, and the note says why
    assert np.isfinite(a["share_pct"]) and np.isnan(a["naive_share_pct"])
    assert a["note"] == NO_NAIVE_SHARE_NOTE
    assert b["note"] == "" and np.isfinite(b["naive_share_pct"])
    assert c["note"] == NO_SHARE_NOTE  # the gap itself: the existing note comes first
    assert (share_table({"stable": _result()}, naive_note=False)["note"] == [
        "", "", NO_SHARE_NOTE]).all()
