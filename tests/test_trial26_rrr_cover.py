"""trial26, chapter 3 on seed 7373 (min_cell 15): "In Table 4, 10 of the 10 intervals shown
cover the true RRR"; and the count's verb: "1 of the 3 intervals shown cover"."""

from __future__ import annotations

import pandas as pd

from mia_helpers import claims
from mia_helpers import competing as cr


def _frames(lows, highs, truths):
    n = len(lows)
    cells = ["maghreb:second", "turkish:second", "eastern_eu:first", "subsaharan:second"][:n]
    rrr = pd.DataFrame({"outcome": "workplace_learning_ibo", cr.KEY: cells,
                        "exp_estimate": [0.6] * n, "exp_ci_low": lows, "exp_ci_high": highs})
    true = pd.DataFrame({"outcome": "workplace_learning_ibo", cr.KEY: cells, "exp_estimate": truths})
    return rrr, true


def test_all_covered_reads_all():
    s = claims.rrr_cover_sentence(*_frames([0.4, 0.4, 0.4], [0.9, 0.9, 0.9], [0.55] * 3))[2]
    assert s == "all 3 intervals shown cover the true RRR"
    s = claims.rrr_cover_sentence(*_frames([0.4, 0.4], [0.9, 0.9], [0.55] * 2))[2]
    assert s == "both intervals shown cover the true RRR"


def test_count_and_verb_agree():
    s = claims.rrr_cover_sentence(*_frames([0.4, 0.7, 0.7], [0.9, 0.9, 0.9], [0.55] * 3))[2]
    assert s == "1 of the 3 intervals shown covers the true RRR"
    s = claims.rrr_cover_sentence(*_frames([0.4, 0.4, 0.7], [0.9, 0.9, 0.9], [0.55] * 3))[2]
    assert s == "2 of the 3 intervals shown cover the true RRR"
    s = claims.rrr_cover_sentence(*_frames([0.7, 0.7], [0.9, 0.9], [0.55] * 2))[2]
    assert s == "none of the 2 intervals shown covers the true RRR"
